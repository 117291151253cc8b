//! SLEPc's linear matrix equations (`LME`) through `slepc-rs`: a Lyapunov equation with
//! a nonsymmetric coefficient, whose low-rank solution equals a dense solve of the
//! Kronecker system at 1, 2 and 3 ranks; refused inputs; SLEPc's `lme/tutorials/ex32.c`
//! printed as its expected outputs.

use petsc::{InsertMode, Int, Mat, Object, Petsc, Scalar, Sizes, Vector};
use petsc_tests::{run_example, Case};
use slepc::{Lme, LmeConvergedReason, LmeProblemType, LmeType};

fn s(x: f64) -> Scalar {
    Scalar::from(x)
}

/// The real part of a scalar (the imaginary part must be negligible).
fn re(v: Scalar) -> f64 {
    #[allow(clippy::useless_conversion)]
    let z: petsc::Complex<f64> = v.into();
    assert!(z.im.abs() < 1e-10, "{v} is not real");
    z.re
}

/// The coefficient: `-2 - i/10` on the diagonal, 0.3 below and 0.7 above (stable and
/// not symmetric), as a function of `(i, j)`.
fn a_entry(i: Int, j: Int) -> f64 {
    if i == j {
        -2.0 - i as f64 / 10.0
    } else if j + 1 == i {
        0.3
    } else if j == i + 1 {
        0.7
    } else {
        0.0
    }
}

/// The right-hand side's factor `C1` (`n x 2`).
fn c1_entry(i: Int, k: Int) -> f64 {
    if k == 0 {
        1.0 + i as f64 / 4.0
    } else if i % 3 == 0 {
        -1.0
    } else {
        0.5
    }
}

/// Solves the dense linear system `m x = b` (`n x n`, row-major) by Gaussian elimination
/// with partial pivoting.
fn dense_solve(mut m: Vec<f64>, mut b: Vec<f64>, n: usize) -> Vec<f64> {
    for k in 0..n {
        let p = (k..n)
            .max_by(|&x, &y| m[x * n + k].abs().total_cmp(&m[y * n + k].abs()))
            .expect("a pivot row");
        for j in 0..n {
            m.swap(k * n + j, p * n + j);
        }
        b.swap(k, p);
        for i in k + 1..n {
            let f = m[i * n + k] / m[k * n + k];
            for j in k..n {
                m[i * n + j] -= f * m[k * n + j];
            }
            b[i] -= f * b[k];
        }
    }
    let mut x = vec![0.0; n];
    for i in (0..n).rev() {
        let tail: f64 = (i + 1..n).map(|j| m[i * n + j] * x[j]).sum();
        x[i] = (b[i] - tail) / m[i * n + i];
    }
    x
}

/// `A X + X A^T = -C1 C1^T` for `n = 9`: the solution `X = X1 X1^T` SLEPc computes,
/// applied to each unit vector and gathered, equals the dense solution of
/// `(I (x) A + A (x) I) vec(X) = -vec(C)`; the residual SLEPc reports is small; the same
/// solver solves again after a reset of its solution.
fn lyapunov_matches_dense_solve(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let n: Int = 9;
    let nu = n as usize;
    let mut a = Mat::aij(&world)
        .sizes(Sizes::global(n, n))
        .preallocate(3, 2)
        .build()?;
    for i in a.ownership_range()? {
        for j in [i - 1, i, i + 1].into_iter().filter(|j| (0..n).contains(j)) {
            a.set_value(i, j, s(a_entry(i, j)), InsertMode::Insert)?;
        }
    }
    a.assemble()?;
    let mut c1 = Mat::dense(&world).sizes(Sizes::global(n, 2)).build()?;
    for i in c1.ownership_range()? {
        for k in 0..2 {
            c1.set_value(i, k, s(c1_entry(i, k)), InsertMode::Insert)?;
        }
    }
    c1.assemble()?;
    let mut lme = Lme::new(&world)?;
    lme.set_problem_type(LmeProblemType::Lyapunov)?;
    assert_eq!(lme.problem_type()?, Some(LmeProblemType::Lyapunov));
    lme.set_coefficients_to(slepc::LmeMatrices::new(&a))?;
    lme.set_rhs(&Mat::new_lrc(None, &c1, None, None)?)?;
    lme.set_tolerances(slepc::Tolerances {
        tol: Some(1e-12),
        max_it: Some(500),
    })?;
    lme.set_dimensions(nu as Int)?;
    assert_eq!(lme.dimensions()?, n);
    lme.set_error_if_not_converged(true)?;
    assert!(lme.error_if_not_converged()?);
    let reason = lme.solve()?;
    assert_eq!(reason, LmeConvergedReason::ConvergedTol);
    assert_eq!(lme.ty()?, Some(LmeType::Krylov));
    assert!(lme.iteration_number()? >= 1);
    let x = lme.solution()?.expect("a solution after the solve");
    let (none, x1, c, _) = x.lrc_mats()?;
    assert!(none.is_none() && c.is_none());
    assert!(x1.size()?.1 >= 1);

    // X column by column: X e_j, gathered on every rank.
    let mut got = vec![0.0; nu * nu];
    let mut e = Vector::new_mpi(&world, None, Some(n))?;
    let mut y = Vector::new_mpi(&world, None, Some(n))?;
    for j in 0..n {
        e.set(s(0.0))?;
        if e.ownership_range()?.contains(&j) {
            e.set_values(&[j], &[s(1.0)], InsertMode::Insert)?;
        }
        e.assemble()?;
        x.mult(&e, &mut y)?;
        for (i, v) in y.to_all()?.view()?.iter().enumerate() {
            got[i * nu + j as usize] = re(*v);
        }
    }
    // The dense Kronecker system, with vec stacking columns: index (i, j) -> j n + i.
    let big = nu * nu;
    let mut k = vec![0.0; big * big];
    let mut rhs = vec![0.0; big];
    for j in 0..nu {
        for i in 0..nu {
            let row = j * nu + i;
            for p in 0..nu {
                // (A X)_{ij} = sum_p A_ip X_pj; (X A^T)_{ij} = sum_p X_ip A_jp.
                k[row * big + j * nu + p] += a_entry(i as Int, p as Int);
                k[row * big + p * nu + i] += a_entry(j as Int, p as Int);
            }
            rhs[row] = -(0..2)
                .map(|q| c1_entry(i as Int, q) * c1_entry(j as Int, q))
                .sum::<f64>();
        }
    }
    let want = dense_solve(k, rhs, big);
    let scale = want.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    for j in 0..nu {
        for i in 0..nu {
            let (g, w) = (got[i * nu + j], want[j * nu + i]);
            assert!(
                (g - w).abs() <= 1e-8 * scale,
                "X[{i}][{j}] = {g}, dense {w}"
            );
        }
    }
    assert!(lme.compute_error()? < 1e-8 * scale);
    assert!(lme.error_estimate()? < 1e-8);
    Ok(())
}

/// The coefficient matrices by name: each given one is read back where SLEPc keeps it
/// (the generalized Lyapunov equation's `D` as `D`), no `A` and a `D` of another size
/// are refused, naming them.
fn coefficients_by_name(petsc: &Petsc) -> petsc::Result<()> {
    use slepc::LmeMatrices;
    let c = petsc.world();
    let diag = |n: Int, v: f64| -> petsc::Result<Mat> {
        let mut m = Mat::aij(&c)
            .sizes(Sizes::global(n, n))
            .preallocate(1, 0)
            .build()?;
        for i in m.ownership_range()? {
            m.set_value(i, i, s(v), InsertMode::Insert)?;
        }
        m.assemble()?;
        Ok(m)
    };
    let (a, d) = (diag(4, -2.0)?, diag(4, 3.0)?);
    let mut lme = Lme::new(&c)?;
    lme.set_problem_type(LmeProblemType::GenLyapunov)?;
    lme.set_coefficients_to(LmeMatrices::new(&a).d(&d))?;
    let (ga, gb, gd, ge) = lme.coefficients()?;
    assert!(gb.is_none() && ge.is_none());
    let diag_of = |m: Option<Mat>| -> petsc::Result<f64> {
        let m = m.expect("set");
        let r = m.ownership_range()?.start;
        Ok(re(m.values(&[r], &[r])?[0]))
    };
    assert_eq!(diag_of(ga)?, -2.0);
    assert_eq!(diag_of(gd)?, 3.0);
    let e = lme
        .set_coefficients_to(LmeMatrices {
            d: Some(&d),
            ..Default::default()
        })
        .unwrap_err();
    assert!(e.report().contains("no A"), "{e}");
    let d5 = diag(5, 1.0)?;
    let e = lme
        .set_coefficients_to(LmeMatrices::new(&a).d(&d5))
        .unwrap_err();
    assert!(e.report().contains("D is 5 x 5"), "{e}");
    lme.set_problem_type(LmeProblemType::Lyapunov)?;
    lme.set_coefficients_to(LmeMatrices::new(&a))?;
    assert!(lme.coefficients()?.2.is_none(), "D is gone");
    Ok(())
}

/// Refused inputs, each an `Err` that names it; the solver solves afterwards.
fn lme_bad_inputs(petsc: &Petsc) -> petsc::Result<()> {
    let c = petsc.self_comm();
    let mut lme = Lme::new(&c)?;
    let e = lme.solve().unwrap_err();
    assert!(e.report().contains("coefficients"), "{e}");
    let rect = Mat::dense(&c).sizes(Sizes::global(4, 3)).build()?;
    assert!(lme
        .set_coefficients_to(slepc::LmeMatrices::new(&rect))
        .is_err());
    let mut a = Mat::aij(&c)
        .sizes(Sizes::global(4, 4))
        .preallocate(1, 0)
        .build()?;
    for i in 0..4 {
        a.set_value(i, i, s(-1.0), InsertMode::Insert)?;
    }
    a.assemble()?;
    lme.set_coefficients_to(slepc::LmeMatrices::new(&a))?;
    assert_eq!(lme.coefficients()?.0.expect("A").size()?, (4, 4));
    let e = lme.solve().unwrap_err();
    assert!(e.report().contains("right-hand side"), "{e}");
    let e = lme.set_rhs(&a).unwrap_err();
    assert!(e.report().contains("low-rank"), "{e}");
    let mut u5 = Mat::dense(&c).sizes(Sizes::global(5, 1)).build()?;
    u5.assemble()?;
    let e = lme
        .set_rhs(&Mat::new_lrc(None, &u5, None, None)?)
        .unwrap_err();
    assert!(e.report().contains("C is"), "{e}");
    assert!(lme.compute_error().is_err());
    assert!(lme.set_dimensions(0).is_err());
    let mut u = Mat::dense(&c).sizes(Sizes::global(4, 1)).build()?;
    for i in 0..4 {
        u.set_value(i, 0, s(1.0), InsertMode::Insert)?;
    }
    u.assemble()?;
    lme.set_rhs(&Mat::new_lrc(None, &u, None, None)?)?;
    lme.solve()?.check()?;
    // -I X - X I = -u u^T: X = u u^T / 2.
    let x = lme.solution()?.expect("solution");
    let ones = Vector::from_slice(&c, &[s(1.0); 4])?;
    let mut y = ones.duplicate()?;
    x.mult(&ones, &mut y)?;
    for v in y.view()?.iter() {
        assert!((re(*v) - 2.0).abs() < 1e-8, "{v}");
    }
    assert!(lme.rhs()?.is_some());
    assert_eq!(lme.type_name()?, "krylov");
    Ok(())
}

/// SLEPc's `lme/tutorials/ex32.c` tests at 1, 2 and 3 ranks, printed exactly as
/// `output/ex32_1.out` (or its `_alt` version: the rank the solver chooses depends on the
/// build) and, with `-rank 40`, `output/ex32_2.out`.
fn ex32_matches_slepc(_: &Petsc) -> petsc::Result<()> {
    let dir = petsc_tests::slepc_examples_dir();
    if dir.is_none() {
        petsc_tests::skip("the comparison: no SLEPc examples for ex32_1.out");
    }
    let read = |name: &str| {
        dir.as_ref().map(|d| {
            let path = d.join("lme/tutorials/output").join(name);
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        })
    };
    let (one, alt, two) = (
        read("ex32_1.out"),
        read("ex32_1_alt.out"),
        read("ex32_2.out"),
    );
    for n in [1, 2, 3] {
        let out = run_example("lme_ex32", n, &[]);
        if let (Some(one), Some(alt)) = (&one, &alt) {
            assert!(&out == one || &out == alt, "lme_ex32 on {n} ranks:\n{out}");
        }
        assert!(
            out.contains(" Computed residual norm: 4.245e-09\n"),
            "{out}"
        );
        let out = run_example("lme_ex32", n, &["-rank", "40"]);
        match &two {
            Some(two) => assert_eq!(&out, two, "lme_ex32 -rank 40 on {n} ranks"),
            None => assert!(out.contains("prescribed rank=40"), "{out}"),
        }
    }
    Ok(())
}

/// Monitors: called once per restart with the error estimate, the last one the
/// solver's; one that fails or panics ends the solve with its message, and the solver
/// solves again to the same answer once the monitors are cancelled.
fn lme_monitors(petsc: &Petsc) -> petsc::Result<()> {
    use std::{cell::RefCell, rc::Rc};
    let world = petsc.world();
    let n: Int = 40;
    let mut a = Mat::aij(&world)
        .sizes(Sizes::global(n, n))
        .preallocate(3, 2)
        .build()?;
    for i in a.ownership_range()? {
        for j in [i - 1, i, i + 1].into_iter().filter(|j| (0..n).contains(j)) {
            a.set_value(i, j, s(a_entry(i, j)), InsertMode::Insert)?;
        }
    }
    a.assemble()?;
    let mut c1 = Mat::dense(&world).sizes(Sizes::global(n, 1)).build()?;
    for i in c1.ownership_range()? {
        c1.set_value(i, 0, s(c1_entry(i, 0)), InsertMode::Insert)?;
    }
    c1.assemble()?;
    let c = Mat::new_lrc(None, &c1, None, None)?;
    let mut lme = Lme::new(&world)?;
    lme.set_coefficients_to(slepc::LmeMatrices::new(&a))?;
    lme.set_rhs(&c)?;
    lme.set_dimensions(5)?;
    lme.set_tolerances(slepc::Tolerances {
        tol: Some(1e-10),
        max_it: Some(200),
    })?;
    let seen = Rc::new(RefCell::new(Vec::new()));
    let log = seen.clone();
    lme.monitor(move |its, errest| {
        log.borrow_mut().push((its, errest));
        Ok(())
    })?;
    lme.solve()?.check()?;
    let good = lme.compute_error()?;
    assert!(good < 1e-8, "residual {good}");
    {
        let seen = seen.borrow();
        assert_eq!(seen.len() as Int, lme.iteration_number()?, "{seen:?}");
        assert!(seen.len() >= 2, "a restarted solve: {seen:?}");
        assert!((seen.last().expect("a call").1 - lme.error_estimate()?).abs() < 1e-15);
    }
    for how in ["fails", "panics"] {
        lme.cancel_monitors()?;
        lme.monitor(move |its, _| {
            if its >= 1 {
                if how == "panics" {
                    panic!("the monitor panics");
                }
                return Err(petsc::Error::msg("the monitor fails"));
            }
            Ok(())
        })?;
        let e = lme.solve().unwrap_err();
        assert!(e.report().contains(&format!("the monitor {how}")), "{e}");
        assert_eq!(lme.tolerances()?.max_it, Some(200), "the limit is restored");
    }
    lme.cancel_monitors()?;
    lme.solve()?.check()?;
    assert!((lme.compute_error()? - good).abs() < 1e-9);
    Ok(())
}

pub fn cases() -> Vec<Case> {
    vec![
        Case::new("lyapunov_matches_dense_solve", lyapunov_matches_dense_solve).ranks(&[1, 2, 3]),
        Case::new("lme_bad_inputs", lme_bad_inputs),
        Case::new("coefficients_by_name", coefficients_by_name).ranks(&[1, 2]),
        Case::new("lme_monitors", lme_monitors).ranks(&[1, 2]),
        Case::new("ex32_matches_slepc", ex32_matches_slepc),
    ]
}
