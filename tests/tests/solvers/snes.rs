//! Nonlinear solvers: closed-form roots, a 1D boundary-value problem checked against a
//! dense Newton iteration done here, quadratic convergence, matrix-free and
//! finite-difference Jacobians, failing and panicking closures, domain errors.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use petsc::{
    Complex, Da, Error, InsertMode, Int, JacobianMats, Mat, NormType, Object, Petsc, Scalar, Sizes,
    Snes, SnesConvergedReason, SnesType, Stencil, Vector,
};
use petsc_tests::{assert_close, Case};

/// The modulus of a real or complex scalar.
fn abs(x: impl Into<Complex<f64>>) -> f64 {
    x.into().norm()
}

/// The real part of a real or complex scalar.
fn re(x: impl Into<Complex<f64>>) -> f64 {
    x.into().re
}

/// `F_i(x) = x_i^2 - 2`, Jacobian `diag(2 x_i)`, on a distributed vector of size `n`.
fn sqrt2_solver(petsc: &Petsc, n: Int) -> petsc::Result<(Snes, Vector)> {
    let world = petsc.world();
    let x = Vector::new_mpi(&world, None, Some(n))?;
    let mut snes = Snes::new(&world)?;
    snes.set_function(x.duplicate()?, |x, f| {
        let (x, mut f) = (x.view()?, f.view_mut()?);
        for (fi, xi) in f.iter_mut().zip(x.iter()) {
            *fi = xi * xi - 2.0;
        }
        Ok(())
    })?;
    let j = Mat::aij(&world)
        .sizes(Sizes::local(x.local_size()?, x.local_size()?))
        .preallocate(1, 0)
        .build()?;
    snes.set_jacobian(&j, None, |x, jac: &mut JacobianMats| {
        let lo = x.ownership_range()?.start;
        let p = jac.pre();
        for (k, xi) in x.view()?.iter().enumerate() {
            let i = lo + k as Int;
            p.set_value(i, i, 2.0 * xi, InsertMode::Insert)?;
        }
        p.assemble()
    })?;
    Ok((snes, x))
}

fn sqrt2_vector(petsc: &Petsc) -> petsc::Result<()> {
    let (mut snes, mut x) = sqrt2_solver(petsc, 10)?;
    snes.set_tolerances(petsc::SnesTolerances {
        atol: Some(1e-12),
        rtol: Some(1e-12),
        ..Default::default()
    })?;
    snes.set_from_options()?;
    x.set(1.0)?;
    let reason = snes.solve(None, &mut x)?;
    assert!(reason.is_converged(), "{reason}");
    assert!(snes.iteration_number()? <= 8);
    assert!(snes.linear_iterations()? >= snes.iteration_number()?);
    assert!(snes.function_norm()? < 1e-10);
    x.shift(-2f64.sqrt())?;
    assert!(x.norm(NormType::Infinity)? < 1e-12);
    Ok(())
}

/// `F(x) = b` with `b` given: `x_i^2 = 2 + b_i`.
fn with_right_hand_side(petsc: &Petsc) -> petsc::Result<()> {
    let (mut snes, mut x) = sqrt2_solver(petsc, 6)?;
    let mut b = x.duplicate()?;
    b.set(2.0)?; // x^2 - 2 = 2 -> x = 2
    x.set(1.0)?;
    snes.set_tolerances(petsc::SnesTolerances {
        atol: Some(1e-12),
        rtol: Some(1e-12),
        ..Default::default()
    })?;
    snes.solve(Some(&b), &mut x)?.check()?;
    x.shift(-2.0)?;
    assert!(x.norm(NormType::Infinity)? < 1e-10);
    Ok(())
}

/// Newton's norms on `x^2 = 2` from far away: the last steps are quadratic,
/// `||F_{k+1}|| <= C ||F_k||^2`.
fn quadratic_convergence(petsc: &Petsc) -> petsc::Result<()> {
    let (mut snes, mut x) = sqrt2_solver(petsc, 4)?;
    snes.set_tolerances(petsc::SnesTolerances {
        atol: Some(1e-14),
        rtol: Some(1e-14),
        stol: Some(0.0),
        ..Default::default()
    })?;
    let norms = Rc::new(RefCell::new(Vec::new()));
    let log = norms.clone();
    snes.monitor(move |it, fnorm| {
        assert_eq!(it as usize, log.borrow().len());
        log.borrow_mut().push(fnorm);
        Ok(())
    })?;
    x.set(10.0)?;
    snes.solve(None, &mut x)?.check()?;
    let n = norms.borrow();
    assert_eq!(n.len() as Int, snes.iteration_number()? + 1);
    assert!(n.len() >= 5, "{n:?}");
    // Once close (||F|| < 1), each step squares the norm up to a modest constant.
    let close: Vec<f64> = n
        .iter()
        .copied()
        .filter(|&v| v < 1.0 && v > 1e-13)
        .collect();
    assert!(close.len() >= 2, "{n:?}");
    for w in close.windows(2) {
        let c = w[1] / (w[0] * w[0]);
        assert!(c < 1.0, "not quadratic: {n:?}");
    }
    // The ratios of successive norms go to zero (superlinear).
    let r: Vec<f64> = close.windows(2).map(|w| w[1] / w[0]).collect();
    assert!(r.windows(2).all(|w| w[1] < w[0]), "ratios {r:?} of {n:?}");
    Ok(())
}

/// Grid of the BVP `u'' = e^u` on (0, 1), `u(0) = u(1) = 0`: `N` interior points.
const N: Int = 30;

/// The residual of the BVP at `u` (all of it, on every process).
fn bvp_residual(u: &[Scalar], i: usize) -> Scalar {
    let h = 1.0 / (N as f64 + 1.0);
    let left = if i > 0 { u[i - 1] } else { Scalar::from(0.0) };
    let right = if i + 1 < u.len() {
        u[i + 1]
    } else {
        Scalar::from(0.0)
    };
    (left - 2.0 * u[i] + right) / (h * h) - u[i].exp()
}

/// The BVP as a distributed SNES: the residual gathers `x` (small problem), the
/// Jacobian is tridiagonal.
fn bvp_solver(petsc: &Petsc, prefix: &str) -> petsc::Result<(Snes, Vector)> {
    let world = petsc.world();
    let x = Vector::new_mpi(&world, None, Some(N))?;
    let mut snes = Snes::new(&world)?;
    snes.set_options_prefix(prefix)?;
    snes.set_function(x.duplicate()?, |x, f| {
        let all = x.to_all()?;
        let u = all.view()?;
        let lo = f.ownership_range()?.start as usize;
        for (k, fi) in f.view_mut()?.iter_mut().enumerate() {
            *fi = bvp_residual(&u, lo + k);
        }
        Ok(())
    })?;
    let mut j = Mat::aij(&world)
        .sizes(Sizes::local(x.local_size()?, x.local_size()?))
        .preallocate(3, 2)
        .build()?;
    // The nonzero structure, assembled once: -snes_fd_color without a DM colors it.
    for i in x.ownership_range()? {
        for c in [i - 1, i, i + 1] {
            if (0..N).contains(&c) {
                j.set_value(i, c, Scalar::from(0.0), InsertMode::Insert)?;
            }
        }
    }
    j.assemble()?;
    snes.set_jacobian(&j, None, |x, jac| {
        let h = 1.0 / (N as f64 + 1.0);
        let lo = x.ownership_range()?.start;
        let p = jac.pre();
        for (k, ui) in x.view()?.iter().enumerate() {
            let i = lo + k as Int;
            let mut cols = vec![i];
            let mut vals = vec![-2.0 / (h * h) - ui.exp()];
            for c in [i - 1, i + 1] {
                if (0..N).contains(&c) {
                    cols.push(c);
                    vals.push(Scalar::from(1.0 / (h * h)));
                }
            }
            p.set_values(&[i], &cols, &vals, InsertMode::Insert)?;
        }
        p.assemble()
    })?;
    snes.set_tolerances(petsc::SnesTolerances {
        atol: Some(1e-11),
        rtol: Some(1e-11),
        max_it: Some(50),
        ..Default::default()
    })?;
    Ok((snes, x))
}

/// Newton's method with a dense Jacobian and Gaussian elimination, on one process.
fn dense_newton() -> Vec<Scalar> {
    let n = N as usize;
    let h = 1.0 / (N as f64 + 1.0);
    let zero = Scalar::from(0.0);
    let mut u = vec![zero; n];
    for _ in 0..50 {
        let f: Vec<Scalar> = (0..n).map(|i| bvp_residual(&u, i)).collect();
        if f.iter().map(|&v| abs(v).powi(2)).sum::<f64>().sqrt() < 1e-12 {
            break;
        }
        let mut a = vec![vec![zero; n + 1]; n];
        for i in 0..n {
            a[i][i] = -2.0 / (h * h) - u[i].exp();
            if i > 0 {
                a[i][i - 1] = Scalar::from(1.0 / (h * h));
            }
            if i + 1 < n {
                a[i][i + 1] = Scalar::from(1.0 / (h * h));
            }
            a[i][n] = -f[i];
        }
        for k in 0..n {
            let piv = (k..n)
                .max_by(|&p, &q| abs(a[p][k]).total_cmp(&abs(a[q][k])))
                .unwrap();
            a.swap(k, piv);
            let (top, rest) = a.split_at_mut(k + 1);
            let pivot = &top[k];
            for row in rest.iter_mut() {
                let m = row[k] / pivot[k];
                for (x, p) in row[k..].iter_mut().zip(&pivot[k..]) {
                    *x -= m * p;
                }
            }
        }
        let mut du = vec![zero; n];
        for k in (0..n).rev() {
            let s: Scalar = (k + 1..n).map(|c| a[k][c] * du[c]).sum();
            du[k] = (a[k][n] - s) / a[k][k];
        }
        for i in 0..n {
            u[i] += du[i];
        }
    }
    u
}

/// Max-norm distance between a distributed solution and the dense Newton solution.
fn distance_to_dense(x: &Vector) -> petsc::Result<f64> {
    let dense = dense_newton();
    let all = x.to_all()?;
    let v = all.view()?;
    Ok(v.iter()
        .zip(&dense)
        .map(|(&a, &b)| abs(a - b))
        .fold(0.0, f64::max))
}

fn bvp_against_dense_newton(petsc: &Petsc) -> petsc::Result<()> {
    let (mut snes, mut x) = bvp_solver(petsc, "bvp_")?;
    snes.set_from_options()?;
    x.set(0.0)?;
    snes.solve(None, &mut x)?.check()?;
    assert!(
        snes.iteration_number()? <= 6,
        "{}",
        snes.iteration_number()?
    );
    let d = distance_to_dense(&x)?;
    assert!(d < 1e-9, "distance to the dense Newton solution {d}");
    // The solution is negative inside (u'' = e^u > 0, zero at both ends).
    assert!(x.max()?.value < 0.0);
    Ok(())
}

/// `-snes_mf`, `-snes_mf_operator`, `-snes_fd` and `-snes_fd_color` give the same
/// solution as the assembled Jacobian, with no code change.
fn mf_and_fd_agree(petsc: &Petsc) -> petsc::Result<()> {
    let opts = petsc.options_with_prefix("mffd_");
    let reference = {
        let (mut snes, mut x) = bvp_solver(petsc, "mffd_")?;
        snes.set_from_options()?;
        x.set(0.0)?;
        snes.solve(None, &mut x)?.check()?;
        x
    };
    for (flag, extra) in [
        ("snes_mf", Some(("pc_type", "none"))),
        ("snes_mf_operator", None),
        ("snes_fd", None),
        ("snes_fd_color", None),
    ] {
        opts.set_value(flag, "")?;
        if let Some((k, v)) = extra {
            opts.set_value(k, v)?;
        }
        let (mut snes, mut x) = bvp_solver(petsc, "mffd_")?;
        snes.set_from_options()?;
        x.set(0.0)?;
        let r = snes.solve(None, &mut x);
        opts.clear_value(flag)?;
        if let Some((k, _)) = extra {
            opts.clear_value(k)?;
        }
        let reason = r?;
        assert!(reason.is_converged(), "-{flag}: {reason}");
        x.axpy(-1.0, &reference)?;
        let e = x.norm(NormType::Infinity)?;
        assert!(
            e < 1e-6,
            "-{flag}: differs from the assembled Jacobian by {e}"
        );
    }
    Ok(())
}

fn max_it_diverges(petsc: &Petsc) -> petsc::Result<()> {
    let (mut snes, mut x) = sqrt2_solver(petsc, 5)?;
    snes.set_tolerances(petsc::SnesTolerances {
        max_it: Some(2),
        ..Default::default()
    })?;
    x.set(100.0)?;
    // Not converging is not an error: the solve returns the reason, and `check` makes
    // it one.
    let r = snes.solve(None, &mut x)?;
    assert_eq!(r, SnesConvergedReason::DivergedMaxIt);
    assert_eq!(snes.converged_reason()?, r);
    assert!(r.is_diverged());
    assert_eq!(r.to_string(), "DIVERGED_MAX_IT");
    match &r.check() {
        Err(Error::NotConverged { solver, reason }) => {
            assert_eq!(
                (solver.as_str(), reason.as_str()),
                ("SNES", "DIVERGED_MAX_IT")
            );
        }
        other => panic!("expected NotConverged, got {other:?}"),
    }
    assert_eq!(snes.iteration_number()?, 2);

    // Too few residual evaluations.
    snes.set_tolerances(petsc::SnesTolerances {
        max_it: Some(50),
        max_funcs: Some(2),
        ..Default::default()
    })?;
    x.set(100.0)?;
    let reason = snes.solve(None, &mut x)?;
    assert_eq!(reason, SnesConvergedReason::DivergedFunctionCount);

    // ... unless asked to make it an error.
    snes.set_tolerances(petsc::SnesTolerances {
        max_it: Some(2),
        max_funcs: Some(10000),
        ..Default::default()
    })?;
    snes.set_error_if_not_converged(true)?;
    x.set(100.0)?;
    let e = snes.solve(None, &mut x).unwrap_err();
    assert!(e.code().is_some(), "{e}");
    Ok(())
}

/// Which failure a test residual produces.
#[derive(Clone, Copy, PartialEq)]
enum Failure {
    Err,
    Panic,
}

/// The `x^2 = 2` solver whose residual fails (all processes at once) on its
/// `fail_at`-th call (counted in `calls`, which the caller resets) while `armed` is set.
fn failing_solver(
    petsc: &Petsc,
    failure: Failure,
    fail_at: usize,
    armed: Rc<Cell<bool>>,
    calls: Rc<Cell<usize>>,
    prefix: &str,
) -> petsc::Result<(Snes, Vector)> {
    let (mut snes, x) = sqrt2_solver(petsc, 6)?;
    snes.set_options_prefix(prefix)?;
    snes.set_function(x.duplicate()?, move |x, f| {
        calls.set(calls.get() + 1);
        if armed.get() && calls.get() == fail_at {
            match failure {
                Failure::Err => return Err(Error::user("residual exploded")),
                Failure::Panic => panic!("residual panicked on purpose"),
            }
        }
        let (x, mut f) = (x.view()?, f.view_mut()?);
        for (fi, xi) in f.iter_mut().zip(x.iter()) {
            *fi = xi * xi - 2.0;
        }
        Ok(())
    })?;
    snes.set_tolerances(petsc::SnesTolerances {
        atol: Some(1e-12),
        rtol: Some(1e-12),
        ..Default::default()
    })?;
    snes.set_from_options()?;
    Ok((snes, x))
}

fn check_recovery(petsc: &Petsc, failure: Failure, prefix: &str) -> petsc::Result<()> {
    // Fail on the first call (initial residual) and on a later one (inside the
    // iteration; under -snes_mf inside the Krylov solve).
    for fail_at in [1, 3] {
        let armed = Rc::new(Cell::new(true));
        let calls = Rc::new(Cell::new(0));
        let (mut snes, mut x) = failing_solver(
            petsc,
            failure,
            fail_at,
            armed.clone(),
            calls.clone(),
            prefix,
        )?;
        // Three failures in a row, then a solve that must succeed.
        for _ in 0..3 {
            calls.set(0);
            x.set(1.0)?;
            let e = snes.solve(None, &mut x).unwrap_err();
            match (failure, &e) {
                (Failure::Err, Error::Callback { callback, source }) => {
                    assert_eq!(callback, "SNES function");
                    assert!(source.to_string().contains("residual exploded"), "{e}");
                }
                (Failure::Panic, Error::CallbackPanic { callback, message }) => {
                    assert_eq!(callback, "SNES function");
                    assert!(message.contains("panicked on purpose"), "{e}");
                }
                _ => panic!("unexpected error (fail at {fail_at}): {e}"),
            }
            assert!(e.report().contains("SNES function"), "{e}");
        }

        // The same solver solves again once the residual behaves.
        armed.set(false);
        x.set(1.0)?;
        snes.solve(None, &mut x)
            .unwrap_or_else(|e| panic!("solve after three failures on the same solver: {e}"))
            .check()
            .unwrap();
        assert!(snes.converged_reason()?.is_converged());
        x.shift(-2f64.sqrt())?;
        assert!(x.norm(NormType::Infinity)? < 1e-6);

        // A new solver works too.
        let (mut fresh, mut y) = sqrt2_solver(petsc, 6)?;
        y.set(1.0)?;
        fresh.solve(None, &mut y)?.check()?;
        y.shift(-2f64.sqrt())?;
        assert!(y.norm(NormType::Infinity)? < 1e-6);
    }
    Ok(())
}

fn residual_err(petsc: &Petsc) -> petsc::Result<()> {
    check_recovery(petsc, Failure::Err, "rerr_")
}

fn residual_panic(petsc: &Petsc) -> petsc::Result<()> {
    check_recovery(petsc, Failure::Panic, "rpanic_")
}

fn residual_err_matrix_free(petsc: &Petsc) -> petsc::Result<()> {
    let opts = petsc.options_with_prefix("rmf_");
    opts.set_value("snes_mf", "")?;
    opts.set_value("pc_type", "none")?;
    let r = check_recovery(petsc, Failure::Err, "rmf_")
        .and_then(|()| check_recovery(petsc, Failure::Panic, "rmf_"));
    opts.clear_value("snes_mf")?;
    opts.clear_value("pc_type")?;
    r
}

fn jacobian_and_monitor_errors(petsc: &Petsc) -> petsc::Result<()> {
    let (mut snes, mut x) = sqrt2_solver(petsc, 4)?;
    let j = Mat::aij(&petsc.world())
        .sizes(Sizes::local(x.local_size()?, x.local_size()?))
        .preallocate(1, 0)
        .build()?;
    snes.set_jacobian(&j, None, |_, _| Err(Error::user("no Jacobian today")))?;
    x.set(1.0)?;
    let e = snes.solve(None, &mut x).unwrap_err();
    assert!(
        matches!(&e, Error::Callback { callback, .. } if callback == "SNES Jacobian"),
        "{e}"
    );
    assert!(e.report().contains("no Jacobian today"), "{e}");

    let (mut snes, mut x) = sqrt2_solver(petsc, 4)?;
    snes.monitor(|it, _| {
        if it == 1 {
            panic!("monitor gave up");
        }
        Ok(())
    })?;
    x.set(1.0)?;
    let e = snes.solve(None, &mut x).unwrap_err();
    assert!(
        matches!(&e, Error::CallbackPanic { callback, message } if callback == "SNES monitor" && message.contains("gave up")),
        "{e}"
    );
    // Without the monitor the same solver converges.
    snes.cancel_monitors()?;
    x.set(1.0)?;
    snes.solve(None, &mut x)?.check()?;
    Ok(())
}

/// `ln(x_i) = 0` (root 1) from `x = 3`: the full Newton step lands at
/// `3 - 3 ln 3 < 0`, outside the domain; the line search must back off.
fn domain_error_backtracks(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let mut x = Vector::new_mpi(&world, None, Some(5))?;
    let hits = Rc::new(Cell::new(0));
    let h = hits.clone();
    let mut snes = Snes::new(&world)?;
    snes.set_function(x.duplicate()?, move |x, f| {
        // Collective decision: out of domain if any component anywhere is <= 0.
        let local_bad = x.view()?.iter().any(|&v| re(v) <= 0.0);
        let mut flag = Vector::new_mpi(&x.comm(), Some(1), None)?;
        flag.set(if local_bad { 1.0 } else { 0.0 })?;
        if flag.max()?.value > 0.0 {
            h.set(h.get() + 1);
            return Snes::domain_error();
        }
        let (x, mut f) = (x.view()?, f.view_mut()?);
        for (fi, xi) in f.iter_mut().zip(x.iter()) {
            *fi = xi.ln();
        }
        Ok(())
    })?;
    let j = Mat::aij(&world)
        .sizes(Sizes::local(x.local_size()?, x.local_size()?))
        .preallocate(1, 0)
        .build()?;
    snes.set_jacobian(&j, None, |x, jac| {
        let lo = x.ownership_range()?.start;
        let p = jac.pre();
        for (k, xi) in x.view()?.iter().enumerate() {
            let i = lo + k as Int;
            p.set_value(i, i, 1.0 / xi, InsertMode::Insert)?;
        }
        p.assemble()
    })?;
    snes.set_tolerances(petsc::SnesTolerances {
        atol: Some(1e-12),
        rtol: Some(1e-12),
        max_it: Some(50),
        ..Default::default()
    })?;
    x.set(3.0)?;
    let reason = snes.solve(None, &mut x)?;
    assert_eq!(snes.line_search_type()?, "bt");
    assert!(reason.is_converged(), "{reason}");
    assert!(hits.get() > 0, "the line search never tried the bad point");
    x.shift(-1.0)?;
    assert!(x.norm(NormType::Infinity)? < 1e-10);

    // Out of domain at the initial guess: the solve stops with a reason, not an Err.
    x.set(-1.0)?;
    let _ = snes.solve(None, &mut x)?; // the reason is read below
    assert_eq!(
        snes.converged_reason()?,
        SnesConvergedReason::DivergedFunctionDomain
    );
    // And solves again from a good point.
    x.set(2.0)?;
    snes.solve(None, &mut x)?.check()?;
    assert!(Snes::domain_error().is_err());
    Ok(())
}

/// `F(x) = D x - 1` with `D = diag(1, 2, ...)`: Newton's step solves it exactly, so a
/// basic line search damped by `lambda` leaves `(1 - lambda)` of the residual at each
/// iteration: 27 iterations to reduce it by 1e-8 with `lambda = 1/2`, one without
/// damping.
fn line_search_damping(petsc: &Petsc) -> petsc::Result<()> {
    use petsc::{Sizes, SnesLineSearch, SnesLineSearchType};
    let world = petsc.world();
    let n = 12;
    let linear = || -> petsc::Result<(Snes, Vector)> {
        let x = Vector::new_mpi(&world, None, Some(n))?;
        let mut snes = Snes::new(&world)?;
        snes.set_function(x.duplicate()?, |x, f| {
            let lo = x.ownership_range()?.start;
            let x = x.view()?;
            for (k, fi) in f.view_mut()?.iter_mut().enumerate() {
                *fi = Scalar::from((lo + k as Int + 1) as f64) * x[k] - 1.0;
            }
            Ok(())
        })?;
        let j = Mat::aij(&world)
            .sizes(Sizes::local(x.local_size()?, x.local_size()?))
            .preallocate(1, 0)
            .build()?;
        snes.set_jacobian(&j, None, |x, jac: &mut JacobianMats| {
            let p = jac.pre();
            for i in x.ownership_range()? {
                p.set_value(i, i, Scalar::from((i + 1) as f64), InsertMode::Insert)?;
            }
            p.assemble()
        })?;
        snes.set_tolerances(petsc::SnesTolerances {
            atol: Some(1e-50),
            rtol: Some(1e-8),
            stol: Some(0.0),
            max_it: Some(100),
            ..Default::default()
        })?;
        let mut ksp = snes.ksp()?;
        ksp.set_tolerances(petsc::KspTolerances {
            rtol: Some(1e-14),
            atol: Some(1e-50),
            ..Default::default()
        })?;
        Ok((snes, x))
    };
    for (damping, iterations) in [(1.0, 1), (0.5, 27), (0.25, 65)] {
        let (mut snes, mut x) = linear()?;
        let mut ls = snes.line_search()?;
        ls.set_type(SnesLineSearchType::Basic)?;
        ls.set_damping(damping)?;
        assert_eq!(ls.damping()?, damping);
        let reason = snes.solve(None, &mut x)?;
        assert_eq!(snes.iteration_number()?, iterations, "damping {damping}");
        assert!(reason.is_converged());
        let lo = x.ownership_range()?.start;
        for (k, xi) in x.view()?.iter().enumerate() {
            assert_close(re(*xi), 1.0 / (lo + k as Int + 1) as f64, 1e-7);
        }
    }
    // A line search made apart and given to the solver; its settings read back.
    let (mut snes, mut x) = linear()?;
    let mut ls = SnesLineSearch::new(&world)?;
    ls.set_type(SnesLineSearchType::L2)?;
    ls.set_order(2)?;
    ls.set_tolerances(petsc::LineSearchTolerances {
        min_step: Some(1e-12),
        max_step: Some(10.0),
        max_it: Some(3),
        ..Default::default()
    })?;
    snes.set_line_search(ls)?;
    let got = snes.line_search()?;
    assert_eq!(got.ty()?, Some(SnesLineSearchType::L2));
    assert_eq!((got.order()?, got.tolerances()?.max_it), (2, Some(3)));
    snes.solve(None, &mut x)?.check()?;
    // Options reach it through the solver's prefix.
    let (mut snes, _) = linear()?;
    snes.set_options_prefix("lsd_")?;
    petsc
        .options()
        .set_value("-lsd_snes_linesearch_type", "cp")?;
    snes.set_from_options()?;
    assert_eq!(snes.line_search()?.type_name()?, "cp");
    petsc.options().clear_value("-lsd_snes_linesearch_type")?;
    // Bad values.
    let mut ls = snes.line_search()?;
    assert!(ls.set_order(4).is_err());
    assert!(ls.set_damping(0.0).is_err() && ls.set_damping(f64::NAN).is_err());
    assert!(ls
        .set_tolerances(petsc::LineSearchTolerances {
            min_step: Some(-1.0),
            ..Default::default()
        })
        .is_err());
    assert!(ls
        .set_tolerances(petsc::LineSearchTolerances {
            max_it: Some(-2),
            ..Default::default()
        })
        .is_err());
    let e = ls.set_type_name("nosuch").unwrap_err().report();
    assert!(e.contains("unknown SNESLineSearch type 'nosuch'"), "{e}");
    Ok(())
}

fn types_and_options(petsc: &Petsc) -> petsc::Result<()> {
    let mut snes = Snes::new(&petsc.world())?;
    snes.set_type(SnesType::Newtontr)?;
    assert_eq!(snes.ty()?, Some(SnesType::Newtontr));
    let e = snes.set_type_name("no_such_snes").unwrap_err();
    assert!(matches!(e, Error::InvalidArgument { .. }), "{e}");
    assert!(
        e.report().contains("unknown SNES type 'no_such_snes'"),
        "{e}"
    );
    assert_eq!(snes.type_name()?, "newtontr");

    let opts = petsc.options_with_prefix("opt_");
    opts.insert_string(
        "-opt_snes_type newtonls -opt_snes_linesearch_type basic -opt_ksp_type cg -opt_pc_type jacobi -opt_snes_max_it 7",
    )?;
    let (mut snes, mut x) = sqrt2_solver(petsc, 5)?;
    snes.set_options_prefix("opt_")?;
    snes.set_from_options()?;
    for o in [
        "snes_type",
        "snes_linesearch_type",
        "ksp_type",
        "pc_type",
        "snes_max_it",
    ] {
        opts.clear_value(o)?;
    }
    assert_eq!(snes.ty()?, Some(SnesType::Newtonls));
    assert_eq!(snes.line_search_type()?, "basic");
    assert_eq!(snes.ksp()?.type_name()?, "cg");
    assert_eq!(snes.ksp()?.pc()?.type_name()?, "jacobi");
    assert_eq!(snes.tolerances()?.max_it, Some(7));
    x.set(1.0)?;
    snes.solve(None, &mut x)?.check()?;
    assert!(snes.set_line_search_type("no_such_ls").is_err());

    // Trust region from code converges too.
    let (mut tr, mut y) = sqrt2_solver(petsc, 5)?;
    tr.set_type_name("newtontr")?;
    y.set(3.0)?;
    tr.solve(None, &mut y)?.check()?;
    y.shift(-2f64.sqrt())?;
    assert_close(y.norm(NormType::Infinity)?, 0.0, 1e-6);
    Ok(())
}

/// A distinct preconditioning matrix: the closure sees `op()` and fills both.
fn distinct_operator(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let (mut snes, mut x) = sqrt2_solver(petsc, 4)?;
    let l = x.local_size()?;
    let a = Mat::aij(&world)
        .sizes(Sizes::local(l, l))
        .preallocate(1, 0)
        .build()?;
    let p = Mat::aij(&world)
        .sizes(Sizes::local(l, l))
        .preallocate(1, 0)
        .build()?;
    let saw_distinct = Rc::new(Cell::new(false));
    let s = saw_distinct.clone();
    snes.set_jacobian(&a, &p, move |x, jac| {
        s.set(!jac.is_same());
        let lo = x.ownership_range()?.start;
        let (p, a) = jac.split();
        let a = a.expect("distinct operator");
        for (k, xi) in x.view()?.iter().enumerate() {
            let i = lo + k as Int;
            a.set_value(i, i, 2.0 * xi, InsertMode::Insert)?;
            p.set_value(i, i, 2.0 * xi, InsertMode::Insert)?;
        }
        a.assemble()?;
        p.assemble()
    })?;
    x.set(1.0)?;
    let reason = snes.solve(None, &mut x)?;
    assert!(saw_distinct.get());
    assert!(reason.is_converged());
    // Borrowed, not given away: the caller's handles are the matrices the closure filled
    // (2 x near the solution: about 2 sqrt 2 on the diagonal).
    let n = x.size()? as f64;
    let (na, np) = (a.norm(NormType::Frobenius)?, p.norm(NormType::Frobenius)?);
    assert_close(na, np, 1e-12);
    assert!((na / n.sqrt() - 8f64.sqrt()).abs() < 0.1, "{na}");
    // `Some(&p)` and `None` are the same call forms; `None` makes `a` its own P.
    snes.set_jacobian(&a, Some(&p), |_, _| Ok(()))?;
    snes.set_jacobian(&a, None, |_, jac| {
        assert!(jac.is_same());
        Ok(())
    })?;
    // A lent matrix (a basis as a dense matrix) would be kept past its loan: refused.
    let mut bv = slepc::Bv::with_sizes(&world, Some(l), None, 2)?;
    let e = {
        let m = bv.mat()?;
        snes.set_jacobian(&*m, None, |_, _| Ok(())).unwrap_err()
    };
    assert!(e.report().contains("is lent for a scope"), "{e}");
    Ok(())
}

/// Local (DMDA) closures that panic or fail, the residual and the NGS sweep: the solve
/// is an `Err` naming the closure, the DM's work vectors are given back (a later solve
/// and the DM's destruction succeed), and the same solver then solves with a closure
/// that works.
fn dmda_local_closures_fail(petsc: &Petsc) -> petsc::Result<()> {
    let da = Da::grid(&petsc.world()).sizes([11]).build()?;
    let good = |info: &petsc::DaInfo, x: &petsc::DaView<'_>, f: &mut petsc::DaViewMut<'_>| {
        for i in info.xs..info.xs + info.xm {
            f[i] = x[i] - Scalar::from(1.0);
        }
    };
    for how in ["panic", "err"] {
        // The residual.
        let mut snes = Snes::new(&petsc.world())?;
        snes.set_function_local(&da, move |info, x, f| {
            good(info, x, f);
            match how {
                "panic" => panic!("local residual panicked on purpose"),
                _ => Err(petsc::Error::user("local residual gave up")),
            }
        })?;
        let mut u = da.create_global_vector()?;
        u.set(0.0)?;
        let e = snes.solve(None, &mut u).expect_err("the residual fails");
        let text = e.report();
        assert!(text.contains("SNES local function"), "{text}");
        assert!(
            text.contains("on purpose") || text.contains("gave up"),
            "{text}"
        );
        snes.set_function_local(&da, move |info, x, f| {
            good(info, x, f);
            Ok(())
        })?;
        snes.solve(None, &mut u)?.check()?;
        // The NGS sweep.
        snes.set_type(SnesType::Ngs)?;
        snes.set_ngs_local(&da, move |_, _, _, _| match how {
            "panic" => panic!("NGS sweep panicked on purpose"),
            _ => Err(petsc::Error::user("NGS sweep gave up")),
        })?;
        u.set(0.0)?;
        let e = snes.solve(None, &mut u).expect_err("the sweep fails");
        assert!(e.report().contains("SNES local NGS"), "{e}");
        snes.set_ngs_local(&da, |_, info, x, _| {
            for i in info.xs..info.xs + info.xm {
                x[i] = Scalar::from(1.0);
            }
            Ok(())
        })?;
        snes.solve(None, &mut u)?.check()?;
        let v = da.view(&u)?;
        let info = da.info()?;
        for i in info.xs..info.xs + info.xm {
            assert_close(re(v[i]), 1.0, 1e-12);
        }
    }
    Ok(())
}

/// The BVP on a DMDA with the local forms (ghosted views, stencil Jacobian), against
/// the dense Newton solution; then colored finite differences from the DMDA and
/// matrix-free, with no code change.
fn bvp_dmda_local(petsc: &Petsc) -> petsc::Result<()> {
    let opts = petsc.options_with_prefix("da_");
    let mut reference: Option<Vector> = None;
    for flags in [&[][..], &["snes_fd_color"], &["snes_mf", "pc_type"]] {
        for f in flags {
            opts.set_value(f, if *f == "pc_type" { "none" } else { "" })?;
        }
        let da = Da::grid(&petsc.world()).sizes([N]).build()?;
        let mut snes = Snes::new(&petsc.world())?;
        snes.set_options_prefix("da_")?;
        snes.set_function_local(&da, |info, x, f| {
            let h = 1.0 / (N as f64 + 1.0);
            for i in info.xs..info.xs + info.xm {
                let l = if i > 0 { x[i - 1] } else { Scalar::from(0.0) };
                let r = if i < info.mx - 1 {
                    x[i + 1]
                } else {
                    Scalar::from(0.0)
                };
                f[i] = (l - 2.0 * x[i] + r) / (h * h) - x[i].exp();
            }
            Ok(())
        })?;
        snes.set_jacobian_local(&da, |info, x, jac| {
            let h = 1.0 / (N as f64 + 1.0);
            let p = jac.pre();
            for i in info.xs..info.xs + info.xm {
                let row = Stencil::new(i, 0, 0, 0);
                let mut cols = vec![row];
                let mut vals = vec![-2.0 / (h * h) - x[i].exp()];
                for c in [i - 1, i + 1] {
                    if (0..info.mx).contains(&c) {
                        cols.push(Stencil::new(c, 0, 0, 0));
                        vals.push(Scalar::from(1.0 / (h * h)));
                    }
                }
                p.set_values_stencil(&[row], &cols, &vals, InsertMode::Insert)?;
            }
            p.assemble()
        })?;
        snes.set_tolerances(petsc::SnesTolerances {
            atol: Some(1e-11),
            rtol: Some(1e-11),
            max_it: Some(50),
            ..Default::default()
        })?;
        snes.set_from_options()?;
        let mut x = da.create_global_vector()?;
        x.set(0.0)?;
        let r = snes.solve(None, &mut x);
        for f in flags {
            opts.clear_value(f)?;
        }
        assert!(r?.is_converged(), "{flags:?}");
        let d = distance_to_dense(&x)?;
        assert!(
            d < 1e-6,
            "{flags:?}: distance to the dense Newton solution {d}"
        );
        match &reference {
            None => reference = Some(x),
            Some(r0) => {
                x.axpy(-1.0, r0)?;
                assert!(x.norm(NormType::Infinity)? < 1e-6, "{flags:?}");
            }
        }
    }
    Ok(())
}

/// `x^2 - 2 = b` with `b = -4`, from `1 + i`: Newton in complex arithmetic converges to
/// the root `i sqrt(2)` in the upper half plane (a real iteration could not leave the
/// real line).
#[cfg(petsc_complex)]
fn complex_root(petsc: &Petsc) -> petsc::Result<()> {
    let (mut snes, mut x) = sqrt2_solver(petsc, 5)?;
    let mut b = x.duplicate()?;
    b.set(-4.0)?;
    x.set(Complex::new(1.0, 1.0))?;
    snes.set_tolerances(petsc::SnesTolerances {
        atol: Some(1e-12),
        rtol: Some(1e-12),
        ..Default::default()
    })?;
    let reason = snes.solve(Some(&b), &mut x)?;
    assert!(reason.is_converged(), "{reason}");
    x.shift(Complex::new(0.0, -2f64.sqrt()))?;
    assert!(x.norm(NormType::Infinity)? < 1e-10);
    Ok(())
}

pub fn cases() -> Vec<Case> {
    let cases = vec![
        Case::new("sqrt2_vector", sqrt2_vector).ranks(&[1, 2, 3]),
        Case::new("line_search_damping", line_search_damping).ranks(&[1, 2, 3]),
        Case::new("with_right_hand_side", with_right_hand_side).ranks(&[1, 2]),
        Case::new("quadratic_convergence", quadratic_convergence).ranks(&[1, 2]),
        Case::new("bvp_against_dense_newton", bvp_against_dense_newton).ranks(&[1, 2, 3]),
        Case::new("mf_and_fd_agree", mf_and_fd_agree).ranks(&[1, 2, 3]),
        Case::new("max_it_diverges", max_it_diverges).ranks(&[1, 2]),
        Case::new("residual_err", residual_err).ranks(&[1, 2]),
        Case::new("residual_panic", residual_panic).ranks(&[1, 2]),
        Case::new("dmda_local_closures_fail", dmda_local_closures_fail).ranks(&[1, 2]),
        Case::new("residual_err_matrix_free", residual_err_matrix_free).ranks(&[1, 2]),
        Case::new("jacobian_and_monitor_errors", jacobian_and_monitor_errors).ranks(&[1, 2]),
        Case::new("domain_error_backtracks", domain_error_backtracks).ranks(&[1, 2, 3]),
        Case::new("types_and_options", types_and_options).ranks(&[1, 2]),
        Case::new("distinct_operator", distinct_operator).ranks(&[1, 2]),
        Case::new("bvp_dmda_local", bvp_dmda_local).ranks(&[1, 2, 3]),
    ];
    #[cfg(petsc_complex)]
    let cases = [
        cases,
        vec![Case::new("complex_root", complex_root).ranks(&[1, 2])],
    ]
    .concat();
    #[cfg(petsc_3_22)]
    let cases = [
        cases,
        vec![Case::new("trust_region_limits", trust_region_limits).ranks(&[1, 2, 3])],
    ]
    .concat();
    cases
}

/// `newtontr` from `x = 12` towards `sqrt(2)`: its radius bounds every step, so with
/// `delta_max = 0.5` (and the radius never grown, `t2` barely above 1) the solve takes
/// at least `(12 - sqrt 2) / 0.5 / sqrt(n)` steps in the 2-norm of `n` entries, many
/// more than with PETSc's sizes; both end at `sqrt(2)`.
#[cfg(petsc_3_22)]
fn trust_region_limits(petsc: &Petsc) -> petsc::Result<()> {
    use petsc::{SnesTrTolerances, SnesTrUpdateParameters};
    let n: Int = 4;
    let solve = |limit: bool| -> petsc::Result<Int> {
        let (mut snes, mut x) = sqrt2_solver(petsc, n)?;
        snes.set_type_name("newtontr")?;
        snes.set_tolerances(petsc::SnesTolerances {
            atol: Some(1e-12),
            rtol: Some(1e-12),
            max_it: Some(200),
            ..Default::default()
        })?;
        if limit {
            snes.set_tr_tolerances(SnesTrTolerances {
                delta_max: Some(0.5),
                delta_0: Some(0.5),
                ..Default::default()
            })?;
            snes.set_tr_update_parameters(SnesTrUpdateParameters {
                t2: Some(1.0001),
                ..Default::default()
            })?;
            let t = snes.tr_tolerances()?;
            assert_eq!((t.delta_max, t.delta_0), (Some(0.5), Some(0.5)));
            assert_eq!(snes.tr_update_parameters()?.t2, Some(1.0001));
        }
        x.set(12.0)?;
        snes.solve(None, &mut x)?.check()?;
        x.shift(-2f64.sqrt())?;
        assert!(x.norm(NormType::Infinity)? < 1e-10);
        snes.iteration_number()
    };
    let free = solve(false)?;
    let limited = solve(true)?;
    let least = ((12.0 - 2f64.sqrt()) / 0.5 / (n as f64).sqrt()).floor() as Int;
    assert!(
        limited >= least,
        "{limited} steps with delta_max 0.5, at least {least}"
    );
    assert!(limited > free, "{limited} limited, {free} free");
    Ok(())
}
