//! Handles and arguments: a clone of a callback's lent vector used inside the callback,
//! matrices handed to `Snes::set_jacobian` and `Ts::set_rhs_jacobian` by value, the
//! preconditioning matrix of `Ksp::set_operators` given as `&p`, and eigenvalues read as
//! `(re, im)` tuples.

use petsc::{InsertMode, Int, Ksp, Mat, NormType, Petsc, Snes, Ts, Vector};
use slepc::Eps;

/// `diag(first, first + 1, ...)`, `n` rows on each rank.
fn diagonal(petsc: &Petsc, n: Int, first: f64) -> petsc::Result<Mat> {
    let mut a = Mat::new_aij(&petsc.world(), Some(n), Some(n), None, None, 1, 0)?;
    for i in a.ownership_range()? {
        a.set_value(i, i, first + i as f64, InsertMode::Insert)?;
    }
    a.assemble()?;
    Ok(a)
}

fn check(what: &str, got: f64, want: f64) -> petsc::Result<()> {
    if (got - want).abs() > 1e-8 * want.abs().max(1.0) {
        return Err(petsc::Error::invalid(
            "old-forms handles",
            format!("{what}: {got} instead of {want}"),
        ));
    }
    Ok(())
}

pub fn run(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let ranks = world.size() as f64;

    // A shell product that clones its lent input and reads the clone inside the call.
    let a = Mat::new_shell(&world, Some(2), Some(2), None, None, |x, y| {
        let c = x.clone();
        y.copy_from(&c)?;
        y.scale(3.0)
    })?;
    let mut x = Vector::new_mpi(&world, Some(2), None)?;
    x.set(1.0)?;
    let mut y = x.duplicate()?;
    a.mult(&x, &mut y)?;
    check("shell product", y.norm(NormType::One)?, 6.0 * ranks)?;

    // Newton on x_i^2 = 4, the Jacobian matrix handed over by value, `None` for P.
    let jac = diagonal(petsc, 2, 1.0)?;
    let mut snes = Snes::new(&world)?;
    snes.set_function(x.duplicate()?, |u, f| {
        f.pointwise_mult(u, u)?;
        f.shift(-4.0)
    })?;
    snes.set_jacobian(jac.duplicate(false)?, None, |u, mats| {
        let p = mats.pre();
        let lo = u.ownership_range()?.start;
        let v = u.view()?;
        for (k, ui) in v.iter().enumerate() {
            let i = lo + k as Int;
            p.set_value(i, i, *ui * 2.0, InsertMode::Insert)?;
        }
        drop(v);
        p.assemble()
    })?;
    let mut u = x.duplicate()?;
    u.set(1.0)?;
    snes.solve(None, &mut u)?;
    check("Newton", u.norm(NormType::Infinity)?, 2.0)?;

    // du/dt = -u with its Jacobian given by value: backward Euler, 10 steps of 0.1.
    let mut ts = Ts::new(&world)?;
    ts.set_rhs_function(None, |_t, u, f| {
        f.copy_from(u)?;
        f.scale(-1.0)
    })?;
    ts.set_rhs_jacobian(jac.duplicate(false)?, None, |_t, u, mats| {
        let p = mats.pre();
        for i in u.ownership_range()? {
            p.set_value(i, i, -1.0, InsertMode::Insert)?;
        }
        p.assemble()
    })?;
    ts.set_type(petsc::TsType::Beuler)?;
    ts.set_time_step(0.1)?;
    ts.set_max_steps(10)?;
    let mut v = x.duplicate()?;
    v.set(1.0)?;
    ts.solve(&mut v)?;
    check(
        "backward Euler",
        v.norm(NormType::Infinity)?,
        1.1f64.powi(-10),
    )?;

    // A linear solve with `&p` for the preconditioning matrix.
    let d = diagonal(petsc, 2, 1.0)?;
    let mut ksp = Ksp::new(&world)?;
    ksp.set_operators(&d, &d)?;
    let mut b = x.duplicate()?;
    d.mult(&x, &mut b)?;
    let mut z = x.duplicate()?;
    ksp.solve(&b, &mut z)?;
    z.axpy(-1.0, &x)?;
    check("linear solve", z.norm(NormType::Infinity)?, 0.0)?;

    // Eigenvalues as (re, im) tuples: diag(1, ..., n), largest first.
    let n = 2.0 * ranks;
    let mut eps = Eps::new(&world)?;
    eps.set_operators(&d, None)?;
    eps.set_dimensions(2, None, None)?;
    eps.solve()?;
    let (re, im) = eps.eigenvalue(0)?;
    check("largest eigenvalue", re, n)?;
    check("its imaginary part", im, 0.0)?;
    let (mut xr, mut xi) = d.create_vecs()?;
    let (re, _) = eps.eigenpair(1, &mut xr, &mut xi)?;
    check("second eigenvalue", re, n - 1.0)?;
    Ok(())
}
