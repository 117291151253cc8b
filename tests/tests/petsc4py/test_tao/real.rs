//! The cases of `test_tao.py`, compiled only where PETSc's scalars are real, as TAO
//! requires.

use petsc::{
    Comm, InsertMode, Ksp, KspType, Mat, MatType, Petsc, Scalar, Sizes, Tao, TaoAlmmType,
    TaoLineSearchType, TaoTolerances, TaoType, Vector,
};
use petsc_tests::Case;

type Body = fn(&Petsc, bool) -> petsc::Result<()>;

pub fn cases() -> Vec<Case> {
    let methods: [(&str, Body); 9] = [
        ("testSetRoutinesToNone", set_routines_to_none),
        ("testGetVecsAndMats", get_vecs_and_mats),
        ("testGetKSP", get_ksp),
        ("testEqualityConstraints", equality_constraints),
        ("testInequlityConstraints", inequality_constraints),
        ("testBNCG", bncg),
        ("testBQNLS_dense", |p, w| bqnls(p, w, Lmvm::Dense)),
        ("testBQNLS_ksp", |p, w| bqnls(p, w, Lmvm::Ksp)),
        ("testBQNLS_diagonal", |p, w| bqnls(p, w, Lmvm::Diagonal)),
    ];
    let mut v = Vec::new();
    for (class, world) in [("TestTAOSelf", false), ("TestTAOWorld", true)] {
        for &(method, body) in &methods {
            let mut case = Case::with(format!("{class}::{method}"), move |p| body(p, world))
                .requires(!cfg!(petsc_complex), "real scalars");
            if method == "testInequlityConstraints" {
                // ALMM's classic form without bounds diverged before 3.23.2's fix.
                case = case.requires(cfg!(petsc_3_24), "PETSc 3.24 (ALMM classic without bounds)");
            }
            if method == "testBQNLS_diagonal" {
                case = case.requires(cfg!(petsc_3_22), "PETSc 3.22 (MatCreateDiagonal)");
            }
            v.push(if world { case.ranks(&[1, 2]) } else { case });
        }
    }
    v
}

fn comm(petsc: &Petsc, world: bool) -> Comm {
    if world {
        petsc.world()
    } else {
        petsc.self_comm()
    }
}

/// `setUp`.
fn new_tao(petsc: &Petsc, world: bool) -> petsc::Result<Tao> {
    Tao::new(&comm(petsc, world))
}

fn s(x: f64) -> Scalar {
    Scalar::from(x)
}

fn at(v: &Vector, i: usize) -> petsc::Result<f64> {
    Ok(petsc::Complex::<f64>::from(v.view()?[i]).re)
}

fn near(a: f64, b: f64, places: i32) -> bool {
    (a - b).abs() < 0.5 * 10f64.powi(-places)
}

/// A vector of size 2 (or `n`) on `c` (`Vec().create(); setType('standard');
/// setSizes(n)`).
fn vec_on(c: &Comm, n: petsc::Int) -> petsc::Result<Vector> {
    Vector::new_mpi(c, None, Some(n))
}

/// `Objective` and `Gradient`.
fn set_objective_gradient(tao: &mut Tao) -> petsc::Result<()> {
    tao.set_objective(|x| {
        let v = x.view()?;
        let (x0, x1) = (
            petsc::Complex::<f64>::from(v[0]).re,
            petsc::Complex::<f64>::from(v[1]).re,
        );
        Ok((x0 - 2.0).powi(2) + (x1 - 2.0).powi(2) - 2.0 * (x0 + x1))
    })?;
    tao.set_gradient(|x, g| {
        let (x0, x1) = {
            let v = x.view()?;
            (v[0], v[1])
        };
        let mut out = g.view_mut()?;
        out[0] = s(2.0) * (x0 - s(2.0)) - s(2.0);
        out[1] = s(2.0) * (x1 - s(2.0)) - s(2.0);
        Ok(())
    })
}

fn set_routines_to_none(petsc: &Petsc, world: bool) -> petsc::Result<()> {
    let mut tao = new_tao(petsc, world)?;
    tao.clear_objective()?;
    tao.clear_gradient()?;
    tao.clear_variable_bounds()?;
    tao.clear_objective_and_gradient()?;
    tao.clear_constraints()?;
    tao.clear_hessian()?;
    tao.clear_jacobian()?;
    assert_eq!(tao.routines_defined()?, (false, false, false));
    Ok(())
}

fn get_vecs_and_mats(petsc: &Petsc, world: bool) -> petsc::Result<()> {
    let tao = new_tao(petsc, world)?;
    assert!(tao.solution().is_err()); // none
    assert!(tao.gradient()?.is_none());
    assert!(tao.variable_bounds()?.is_none());
    assert!(tao.hessian()?.is_none());
    Ok(())
}

fn get_ksp(petsc: &Petsc, world: bool) -> petsc::Result<()> {
    let tao = new_tao(petsc, world)?;
    assert!(tao.ksp()?.is_none());
    Ok(())
}

/// The 1x2 dense constraint Jacobian.
fn jacobian_1x2(c: &Comm) -> petsc::Result<Mat> {
    let mut j = Mat::new(c)?;
    j.set_sizes_to(Sizes::global(1, 2))?;
    j.set_type(MatType::Dense)?;
    j.set_up()?;
    Ok(j)
}

/// Writes `[d0, 1]` into the constraint Jacobian.
fn write_jacobian(j: &mut Mat, d0: Scalar) -> petsc::Result<()> {
    j.set_values(&[0], &[0, 1], &[d0, s(1.0)], InsertMode::Insert)?;
    j.assemble()
}

fn equality_constraints(petsc: &Petsc, world: bool) -> petsc::Result<()> {
    constrained(petsc, world, true)
}

fn inequality_constraints(petsc: &Petsc, world: bool) -> petsc::Result<()> {
    constrained(petsc, world, false)
}

fn constrained(petsc: &Petsc, world: bool, equality: bool) -> petsc::Result<()> {
    let mut tao = new_tao(petsc, world)?;
    let c = comm(petsc, world);
    if c.size() > 1 {
        return Ok(());
    }
    let x = vec_on(&c, 2)?;
    let cv = vec_on(&c, 1)?;
    let j = jacobian_1x2(&c)?;
    set_objective_gradient(&mut tao)?;
    if equality {
        tao.set_equality_constraints(&cv, |x, c| {
            let (x0, x1) = {
                let v = x.view()?;
                (v[0], v[1])
            };
            c.view_mut()?[0] = x0 * x0 + x1 - s(2.0);
            Ok(())
        })?;
        tao.set_jacobian_equality(&j, None, |x, mats| {
            let x0 = x.view()?[0];
            write_jacobian(mats.pre(), s(2.0) * x0)
        })?;
    } else {
        tao.set_inequality_constraints(&cv, |x, c| {
            let (x0, x1) = {
                let v = x.view()?;
                (v[0], v[1])
            };
            c.view_mut()?[0] = x1 - x0 * x0;
            Ok(())
        })?;
        tao.set_jacobian_inequality(&j, None, |x, mats| {
            let x0 = x.view()?[0];
            write_jacobian(mats.pre(), s(-2.0) * x0)
        })?;
    }
    tao.set_solution(&x)?;
    tao.set_type(TaoType::Almm)?;
    let ty = if equality {
        TaoAlmmType::Phr
    } else {
        TaoAlmmType::Classic
    };
    tao.set_almm_type(ty)?;
    tao.set_tolerances(TaoTolerances {
        gatol: Some(1e-4),
        ..Default::default()
    })?;
    tao.set_from_options()?;
    let _ = tao.solve()?; // unchecked, as upstream
    assert_eq!(tao.almm_type()?, ty);
    let (x0, x1) = (at(&x, 0)?, at(&x, 1)?);
    if equality {
        assert!(near((x0 * x0 + x1 - 2.0).abs(), 0.0, 4));
        assert!(near(x0, 0.735_139_259_049_901_5, 4), "x0 = {x0}");
        assert!(near(x1, 1.459_570_269_803_561_8, 4), "x1 = {x1}");
        assert!(tao.routines_defined()?.0);
    } else {
        assert!(x1 - x0 * x0 >= -1.0e-4);
        assert!(near(x0, 0.5 + 7f64.sqrt() / 2.0, 4), "x0 = {x0}");
        assert!(near(x1, 2.0 + 7f64.sqrt() / 2.0, 4), "x1 = {x1}");
    }
    // The constraints and their Jacobian as the solver holds them, evaluated again.
    let held = if equality {
        tao.equality_constraints()?
    } else {
        tao.inequality_constraints()?
    };
    let held = held.expect("the constraint vector");
    let mut again = held.duplicate()?;
    if equality {
        tao.compute_equality_constraints(&x, &mut again)?;
    } else {
        tao.compute_inequality_constraints(&x, &mut again)?;
    }
    assert!(held.equal(&again)?);
    let jac = if equality {
        tao.jacobian_equality()?
    } else {
        tao.jacobian_inequality()?
    };
    let (mut jm, pre) = jac.expect("the constraint Jacobian");
    let pre = pre.unwrap_or_else(|| jm.clone());
    assert_eq!(pre.as_raw(), jm.as_raw());
    if equality {
        tao.compute_jacobian_equality(&x, &mut jm, None)?;
    } else {
        tao.compute_jacobian_inequality(&x, &mut jm, None)?;
    }
    assert!(jm.equal(&pre)?);
    let d0 = petsc::Complex::<f64>::from(jm.values(&[0], &[0])?[0]).re;
    assert!(near(d0, if equality { 2.0 * x0 } else { -2.0 * x0 }, 10));
    Ok(())
}

/// The bounds `[0, 2]^2`, the objective and gradient, and the solution vector.
fn bounded(tao: &mut Tao, c: &Comm) -> petsc::Result<Vector> {
    let x = vec_on(c, 2)?;
    let mut xl = vec_on(c, 2)?;
    xl.set(0.0)?;
    let mut xu = vec_on(c, 2)?;
    xu.set(2.0)?;
    tao.set_variable_bounds(Some(&xl), Some(&xu))?;
    set_objective_gradient(tao)?;
    tao.set_solution(&x)?;
    Ok(x)
}

fn bncg(petsc: &Petsc, world: bool) -> petsc::Result<()> {
    let mut tao = new_tao(petsc, world)?;
    let c = comm(petsc, world);
    if c.size() > 1 {
        return Ok(());
    }
    let x = bounded(&mut tao, &c)?;
    tao.set_type(TaoType::Bncg)?;
    tao.set_tolerances(TaoTolerances {
        gatol: Some(1e-4),
        ..Default::default()
    })?;
    let mut ls = tao.line_search()?.expect("BNCG's line search");
    ls.set_type(TaoLineSearchType::Unit)?;
    tao.set_from_options()?;
    let _ = tao.solve()?; // unchecked, as upstream
    assert!(near(at(&x, 0)?, 2.0, 4) && near(at(&x, 1)?, 2.0, 4));
    Ok(())
}

#[derive(Clone, Copy, PartialEq)]
enum Lmvm {
    Dense,
    Ksp,
    Diagonal,
}

/// `templateBQNLS`.
fn bqnls(petsc: &Petsc, world: bool, setup: Lmvm) -> petsc::Result<()> {
    let mut tao = new_tao(petsc, world)?;
    let c = comm(petsc, world);
    if c.size() > 1 {
        return Ok(());
    }
    let x = bounded(&mut tao, &c)?;
    tao.set_type(TaoType::Bqnls)?;
    tao.set_tolerances(TaoTolerances {
        gatol: Some(1e-4),
        ..Default::default()
    })?;
    let h = match setup {
        Lmvm::Dense | Lmvm::Ksp => {
            let mut h = Mat::dense(&c).sizes(Sizes::global(2, 2)).build()?;
            h.set_values(
                &[0, 1],
                &[0, 1],
                &[s(2.0), s(0.0), s(0.0), s(2.0)],
                InsertMode::Insert,
            )?;
            h.assemble()?;
            h
        }
        Lmvm::Diagonal => diagonal(petsc)?,
    };
    let mut lmvm = tao.lmvm_mat()?;
    if setup == Lmvm::Ksp {
        let mut ksp = Ksp::new(&c)?;
        ksp.set_type(KspType::Cg)?;
        ksp.set_operators(&h, &h)?;
        lmvm.set_lmvm_j0_ksp(&ksp)?;
    } else {
        lmvm.set_lmvm_j0(&h)?;
    }
    tao.set_from_options()?;
    let _ = tao.solve()?; // unchecked, as upstream
    if setup == Lmvm::Dense {
        assert_eq!(tao.iteration_number()?, 1);
    }
    assert!(near(at(&x, 0)?, 2.0, 4) && near(at(&x, 1)?, 2.0, 4));
    let lmvm = tao.lmvm_mat()?;
    if setup == Lmvm::Ksp {
        assert_eq!(lmvm.lmvm_j0_ksp()?.ty()?, Some(KspType::Cg));
    } else {
        assert!(lmvm.lmvm_j0()?.expect("J0").equal(&h)?);
    }
    Ok(())
}

#[cfg(petsc_3_22)]
fn diagonal(petsc: &Petsc) -> petsc::Result<Mat> {
    let d = Vector::from_slice(&petsc.self_comm(), &[s(2.0), s(2.0)])?;
    let mut h = Mat::new_diagonal(&d)?;
    h.assemble()?;
    Ok(h)
}

#[cfg(not(petsc_3_22))]
fn diagonal(_: &Petsc) -> petsc::Result<Mat> {
    unreachable!("MatCreateDiagonal needs PETSc 3.22")
}
