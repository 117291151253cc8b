//! Handles shared by cloning: a clone is a second handle to the same PETSc object (one
//! more PETSc reference), changes are seen through every handle, the object lives until
//! the last handle is dropped, and array views stay exclusive per object. Closures share
//! a grid and a work vector through clones: a nonlinear solve on a DMDA whose residual and
//! Jacobian closures use the same local work vector, checked against the discrete exact
//! solution at 1, 2 and 3 ranks.

use std::f64::consts::PI;

use petsc::{
    Da, InsertMode, Int, JacobianMats, Ksp, KspType, Mat, MatAssemblyType, NormType, Object, Petsc,
    Scalar, Sizes, Snes, Stencil, Vector,
};
use petsc_tests::Case;

/// The real part of a real or complex scalar.
fn re(x: impl Into<petsc::Complex<f64>>) -> f64 {
    x.into().re
}

fn clones_share_the_object(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let x = Vector::new_mpi(&world, None, Some(6))?;
    let mut shared = x.clone();
    shared.set(2.0)?;
    assert_eq!(
        re(x.sum()?),
        12.0,
        "a value set through the clone is seen by the first"
    );
    assert_eq!(x.as_raw(), shared.as_raw());
    // A new object of the same layout is `duplicate`, not `clone`.
    let other = x.duplicate()?;
    assert_ne!(other.as_raw(), x.as_raw());
    assert_eq!(re(other.sum()?), 0.0);

    // Array views are exclusive per object, whichever handle asks.
    {
        let _read = x.view()?;
        let refused = shared.view_mut().map(|_| ()).unwrap_err();
        assert!(refused.to_string().contains("view"), "{refused}");
        // No write through the other handle either, while the entries are read.
        let refused = shared.set(9.0).unwrap_err();
        assert!(refused.to_string().contains("Vector::set"), "{refused}");
        assert_eq!(re(x.sum()?), 12.0);
    }
    // Each rank sets its first entry (of two or more) from 2 to 5.
    shared.view_mut()?[0] = Scalar::from(5.0);
    let ranks = world.size() as f64;

    // The object outlives the first handle.
    drop(x);
    assert_eq!(re(shared.sum()?), 12.0 + 3.0 * ranks);
    assert_eq!(shared.size()?, 6);

    // A solver: a type set through one handle is the other's type.
    let ksp = Ksp::new(&world)?;
    let mut k2 = ksp.clone();
    k2.set_type(KspType::Cg)?;
    assert_eq!(ksp.type_name()?, "cg");
    // A sub-object's clone keeps its parent alive too.
    let pc = ksp.pc()?;
    let pc2 = pc.clone();
    drop(ksp);
    drop(k2);
    let mut pc3 = pc.clone();
    drop(pc);
    pc3.set_type(petsc::PcType::Jacobi)?;
    assert_eq!(pc2.type_name()?, "jacobi");

    // A matrix shared with a closure: the caller's later changes reach the closure.
    let mut a = Mat::aij(&world)
        .sizes(Sizes::global(4, 4))
        .preallocate(1, 0)
        .build()?;
    for i in a.ownership_range()? {
        a.set_values(&[i], &[i], &[Scalar::from(1.0)], InsertMode::Insert)?;
    }
    a.assemble()?;
    let seen = a.clone();
    let norm_of = move || seen.norm(NormType::Frobenius);
    assert!((norm_of()? - 2.0).abs() < 1e-12);
    a.scale(3.0)?;
    assert!((norm_of()? - 6.0).abs() < 1e-12);

    // An assembly begun through one handle is ended through that handle.
    a.assembly_begin(MatAssemblyType::Final)?;
    let mut b = a.clone();
    let refused = b.assembly_end().unwrap_err();
    assert!(
        refused.to_string().contains("no assembly was begun"),
        "{refused}"
    );
    a.assembly_end()?;
    assert!(b.is_assembled()?);
    Ok(())
}

/// `-u'' + u^3 = f` on (0, 1) with `u(0) = u(1) = 0`, by second differences on `n`
/// interior points, `f` made so that `u*(x) = sin(pi x)` solves the discrete problem.
fn closures_share_a_grid_and_a_work_vector(petsc: &Petsc) -> petsc::Result<()> {
    let n: Int = 40;
    let h = 1.0 / (n as f64 + 1.0);
    let exact = move |i: Int| -> f64 {
        if (0..n).contains(&i) {
            (PI * (i + 1) as f64 * h).sin()
        } else {
            0.0
        }
    };
    let rhs = move |i: Int| -> f64 {
        let u = exact(i);
        (2.0 * u - exact(i - 1) - exact(i + 1)) / (h * h) + u * u * u
    };

    let da = Da::grid(&petsc.world())
        .sizes([n])
        .stencil_width(1)
        .build()?;
    // One local work vector (owned points and ghosts), used by both closures.
    let work = da.create_local_vector()?;
    let mut snes = Snes::new(&petsc.world())?;

    let (g, mut w) = (da.clone(), work.clone());
    snes.set_function(da.create_global_vector()?, move |x, f| {
        g.global_to_local(x, InsertMode::Insert, &mut w)?;
        let u = g.view(&w)?;
        let mut f = g.view_mut(f)?;
        for [i, _, _] in g.corners()?.iter() {
            let left = if i > 0 { u[i - 1] } else { Scalar::from(0.0) };
            let right = if i < n - 1 {
                u[i + 1]
            } else {
                Scalar::from(0.0)
            };
            f[i] =
                (Scalar::from(2.0) * u[i] - left - right) / (h * h) + u[i] * u[i] * u[i] - rhs(i);
        }
        Ok(())
    })?;

    let (g, mut w) = (da.clone(), work.clone());
    snes.set_jacobian(
        &da.create_matrix()?,
        None,
        move |x, mats: &mut JacobianMats| {
            g.global_to_local(x, InsertMode::Insert, &mut w)?;
            let u = g.view(&w)?;
            let p = mats.pre();
            for [i, _, _] in g.corners()?.iter() {
                let row = Stencil::new(i, 0, 0, 0);
                let diag = Scalar::from(2.0 / (h * h)) + Scalar::from(3.0) * u[i] * u[i];
                let off = Scalar::from(-1.0 / (h * h));
                let mut cols = vec![row];
                let mut vals = vec![diag];
                for c in [i - 1, i + 1] {
                    if (0..n).contains(&c) {
                        cols.push(Stencil::new(c, 0, 0, 0));
                        vals.push(off);
                    }
                }
                p.set_values_stencil(&[row], &cols, &vals, InsertMode::Insert)?;
            }
            p.assemble()
        },
    )?;
    snes.set_tolerances(petsc::SnesTolerances {
        atol: Some(1e-12),
        rtol: Some(1e-12),
        max_it: Some(30),
        ..Default::default()
    })?;
    snes.set_from_options()?;

    let mut x = da.create_global_vector()?;
    snes.solve(None, &mut x)?.check()?;

    let mut err: f64 = 0.0;
    {
        let v = da.view(&x)?;
        for [i, _, _] in da.corners()?.iter() {
            err = err.max((re(v[i]) - exact(i)).abs());
        }
    }
    assert!(
        err < 1e-9,
        "error {err:.2e} against the discrete exact solution"
    );

    // The closures wrote into the caller's work vector: it holds the last iterate the
    // Jacobian saw (owned points), within Newton's last step of the solution.
    let v = da.view(&work)?;
    let x_view = da.view(&x)?;
    for [i, _, _] in da.corners()?.iter() {
        assert!(
            (re(v[i]) - re(x_view[i])).abs() < 1e-6,
            "work vector at {i}"
        );
    }
    Ok(())
}

pub fn cases() -> Vec<Case> {
    vec![
        Case::new("clones_share_the_object", clones_share_the_object).ranks(&[1, 2]),
        Case::new(
            "closures_share_a_grid_and_a_work_vector",
            closures_share_a_grid_and_a_work_vector,
        )
        .ranks(&[1, 2, 3]),
    ]
}
