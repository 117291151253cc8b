//! Nonlinear solvers beyond the residual and Jacobian: bound constraints against a
//! closed-form clamp, an objective minimized by the line search, nonlinear Gauss-Seidel
//! closures, the update and convergence-test closures, convergence history,
//! divergence tolerance, failing and panicking closures (the solver works again
//! afterwards), and the sub-objects (DM, vectors, nonlinear preconditioner, FAS levels).

use std::cell::Cell;
use std::rc::Rc;

use petsc::{
    Complex, Da, InsertMode, Int, JacobianMats, Mat, MatDuplicateOption, NormType, PcSide, Petsc,
    Sizes, Snes, SnesConvergedReason, SnesNormSchedule, SnesType, Vector,
};
use petsc_tests::{assert_close, Case};

/// The real part of a real or complex scalar.
fn re(x: impl Into<Complex<f64>>) -> f64 {
    x.into().re
}

/// A real number as a scalar (real or complex).
fn sc<T: From<f64>>(x: f64) -> T {
    T::from(x)
}

/// `F_i(x) = x_i^3 - 1` (the gradient of `sum x_i^4/4 - x_i`, minimized at 1), Jacobian
/// `diag(3 x_i^2)`, on a distributed vector of size `n`.
fn cubic_solver(petsc: &Petsc, n: Int) -> petsc::Result<(Snes, Vector)> {
    let world = petsc.world();
    let x = Vector::new_mpi(&world, None, Some(n))?;
    let mut snes = Snes::new(&world)?;
    snes.set_function(x.duplicate()?, |x, f| {
        let (x, mut f) = (x.view()?, f.view_mut()?);
        for (fi, xi) in f.iter_mut().zip(x.iter()) {
            *fi = xi * xi * xi - 1.0;
        }
        Ok(())
    })?;
    let m = x.local_size()?;
    let j = Mat::aij(&world)
        .sizes(Sizes::local(m, m))
        .preallocate(1, 0)
        .build()?;
    snes.set_jacobian(&j, None, |x, jac: &mut JacobianMats| {
        let lo = x.ownership_range()?.start;
        let p = jac.pre();
        for (k, xi) in x.view()?.iter().enumerate() {
            let i = lo + k as Int;
            p.set_value(i, i, 3.0 * xi * xi, InsertMode::Insert)?;
        }
        p.assemble()
    })?;
    Ok((snes, x))
}

/// The max-norm distance from `x` to the constant `c`.
fn dist_to(x: &Vector, c: f64) -> petsc::Result<f64> {
    let mut d = x.duplicate()?;
    d.copy_from(x)?;
    d.shift(-c)?;
    d.norm(NormType::Infinity)
}

/// Minimizing `sum (x_i - c_i)^2` with `0 <= x <= 1` (`F = 2 (x - c)`): the solution is
/// `clamp(c, 0, 1)`, and the inactive set is where `0 < c_i < 1`.
#[cfg(not(petsc_complex))]
fn vi_clamp(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let n: Int = 11;
    let c_of = |i: Int| -1.0 + 0.3 * i as f64; // -1, -0.7, ..., 2
    for ty in [SnesType::Vinewtonrsls, SnesType::Vinewtonssls] {
        let mut x = Vector::new_mpi(&world, None, Some(n))?;
        let lo = x.ownership_range()?.start;
        let mut snes = Snes::new(&world)?;
        snes.set_type(ty.clone())?;
        snes.set_function(x.duplicate()?, move |x, f| {
            let (x, mut f) = (x.view()?, f.view_mut()?);
            for (k, (fi, xi)) in f.iter_mut().zip(x.iter()).enumerate() {
                *fi = 2.0 * (xi - c_of(lo + k as Int));
            }
            Ok(())
        })?;
        let m = x.local_size()?;
        let j = Mat::aij(&world)
            .sizes(Sizes::local(m, m))
            .preallocate(1, 0)
            .build()?;
        snes.set_jacobian(&j, None, |x, jac| {
            let r = x.ownership_range()?;
            for i in r {
                jac.pre().set_value(i, i, 2.0, InsertMode::Insert)?;
            }
            jac.pre().assemble()
        })?;
        let mut lower = x.duplicate()?;
        lower.set(0.0)?;
        let mut upper = x.duplicate()?;
        upper.set(1.0)?;
        snes.set_variable_bounds(&lower, &upper)?;
        snes.set_tolerances(petsc::SnesTolerances {
            atol: Some(1e-12),
            rtol: Some(1e-12),
            ..Default::default()
        })?;
        x.set(0.5)?;
        let reason = snes.solve(None, &mut x)?;
        assert!(reason.is_converged(), "{ty}: {reason}");
        for (k, xi) in x.view()?.iter().enumerate() {
            let want = c_of(lo + k as Int).clamp(0.0, 1.0);
            assert!(
                (re(*xi) - want).abs() < 1e-10,
                "{ty}: x = {xi}, want {want}"
            );
        }
        let (l, u) = snes.variable_bounds()?.expect("bounds were set");
        assert_eq!(l.as_raw(), lower.as_raw());
        assert_eq!(u.as_raw(), upper.as_raw());
        if ty == SnesType::Vinewtonrsls {
            // PETSc 3.18 frees the inactive set at the end of the solve.
            if let Some(inactive) = snes.vi_inactive_set()? {
                let got: Vec<Int> = inactive.indices()?.to_vec();
                let want: Vec<Int> = (lo..lo + m)
                    .filter(|&i| c_of(i) > 0.0 && c_of(i) < 1.0)
                    .collect();
                assert_eq!(got, want);
            }
        } else {
            assert!(snes.vi_inactive_set().is_err()); // not this type's
        }
        // Bounds of another layout are refused.
        let other = Vector::new_mpi(&world, None, Some(n + 1))?;
        assert!(snes.set_variable_bounds(&other, &other).is_err());
    }
    Ok(())
}

/// The backtracking line search with an objective: Newton on `x^3 = 1` from `x = 5`
/// (whose full steps overshoot nothing but must be accepted by the objective
/// `sum x^4/4 - x`) reaches the minimizer 1, evaluating the objective.
fn objective_line_search(petsc: &Petsc) -> petsc::Result<()> {
    let (mut snes, mut x) = cubic_solver(petsc, 6)?;
    let calls = Rc::new(Cell::new(0));
    let count = calls.clone();
    snes.set_objective(move |x| {
        count.set(count.get() + 1);
        let mut w = x.duplicate()?;
        {
            let (xv, mut wv) = (x.view()?, w.view_mut()?);
            for (wi, xi) in wv.iter_mut().zip(xv.iter()) {
                let v = re(*xi);
                *wi = sc(v.powi(4) / 4.0 - v);
            }
        }
        Ok(re(w.sum()?))
    })?;
    snes.set_tolerances(petsc::SnesTolerances {
        atol: Some(1e-12),
        rtol: Some(1e-12),
        ..Default::default()
    })?;
    x.set(5.0)?;
    // The objective at x = 5 (n = 6): 6 (625/4 - 5).
    assert_close(
        snes.compute_objective(&x)?,
        6.0 * (625.0 / 4.0 - 5.0),
        1e-14,
    );
    calls.set(0);
    snes.solve(None, &mut x)?.check()?;
    assert!(dist_to(&x, 1.0)? < 1e-10);
    assert!(
        calls.get() > 0,
        "the line search never evaluated the objective"
    );
    Ok(())
}

/// `-snes_type ngs` with a Gauss-Seidel closure on the tridiagonal system
/// `F_i = 3 x_i - x_{i-1} - x_{i+1} + x_i^3 - b_i` whose solution is 1 everywhere
/// (`b_i = 4 - (number of neighbours)`): each sweep solves equation `i` for `x_i` by
/// scalar Newton, the neighbours fixed.
fn ngs_solves(petsc: &Petsc) -> petsc::Result<()> {
    let c = petsc.self_comm();
    let n = 8usize;
    let b: Vec<f64> = (0..n)
        .map(|i| 4.0 - f64::from(u8::from(i > 0) + u8::from(i + 1 < n)))
        .collect();
    let bb = b.clone();
    let mut snes = Snes::new(&c)?;
    snes.set_type(SnesType::Ngs)?;
    snes.set_function(Vector::new_seq(&c, n as Int)?, move |x, f| {
        let (x, mut f) = (x.view()?, f.view_mut()?);
        for i in 0..n {
            let l = if i > 0 { x[i - 1] } else { sc(0.0) };
            let r = if i + 1 < n { x[i + 1] } else { sc(0.0) };
            f[i] = 3.0 * x[i] - l - r + x[i] * x[i] * x[i] - bb[i];
        }
        Ok(())
    })?;
    let sweeps = Rc::new(Cell::new(0));
    let count = sweeps.clone();
    snes.set_ngs(move |_, x, rhs| {
        assert!(rhs.is_none());
        count.set(count.get() + 1);
        let mut x = x.view_mut()?;
        for i in 0..n {
            let l = if i > 0 { re(x[i - 1]) } else { 0.0 };
            let r = if i + 1 < n { re(x[i + 1]) } else { 0.0 };
            let mut xi = re(x[i]);
            for _ in 0..20 {
                let g = 3.0 * xi - l - r + xi.powi(3) - b[i];
                xi -= g / (3.0 + 3.0 * xi * xi);
            }
            x[i] = sc(xi);
        }
        Ok(())
    })?;
    snes.set_tolerances(petsc::SnesTolerances {
        atol: Some(1e-12),
        rtol: Some(1e-12),
        max_it: Some(200),
        ..Default::default()
    })?;
    let mut x = Vector::new_seq(&c, n as Int)?;
    x.set(0.0)?;
    let reason = snes.solve(None, &mut x)?;
    assert!(reason.is_converged(), "{reason}");
    assert!(dist_to(&x, 1.0)? < 1e-10);
    assert!(sweeps.get() >= 2);
    // One sweep from 0 by hand through compute_ngs: x_0 solves 3 x + x^3 = 3.
    let mut y = Vector::new_seq(&c, n as Int)?;
    y.set(0.0)?;
    snes.compute_ngs(None, &mut y)?;
    let y0 = re(y.view()?[0]);
    assert!((3.0 * y0 + y0.powi(3) - 3.0).abs() < 1e-12);
    Ok(())
}

/// Newton on `x^3 = 1` from 3: the recorded norms start at `||F(x0)||`, decrease at
/// every step, end at the final norm; each step took linear iterations.
fn history_monotone(petsc: &Petsc) -> petsc::Result<()> {
    let n = 6;
    let (mut snes, mut x) = cubic_solver(petsc, n)?;
    snes.set_convergence_history(Some(3), true)?;
    // Set again, as petsc4py does before each solve: a new record (the first one's
    // storage freed, which -malloc_dump checks).
    snes.set_convergence_history(None, true)?;
    snes.set_tolerances(petsc::SnesTolerances {
        atol: Some(1e-12),
        rtol: Some(1e-12),
        ..Default::default()
    })?;
    x.set(3.0)?;
    snes.solve(None, &mut x)?.check()?;
    let (norms, lits) = snes.convergence_history()?;
    let its = snes.iteration_number()?;
    assert_eq!(norms.len() as Int, its + 1);
    assert_eq!(lits.len(), norms.len());
    assert_close(norms[0], 26.0 * 6f64.sqrt(), 1e-14); // n = 6 components of 3^3 - 1
    assert!(norms.windows(2).all(|w| w[1] < w[0]), "{norms:?}");
    assert_eq!(*norms.last().unwrap(), snes.function_norm()?);
    assert!(lits[1..].iter().all(|&l| l >= 1), "{lits:?}");
    // A second solve starts a new record (reset).
    x.set(3.0)?;
    snes.solve(None, &mut x)?.check()?;
    assert_eq!(snes.convergence_history()?.0.len() as Int, its + 1);
    // No record at all (petsc4py's setConvergenceHistory(0)); negative lengths refused.
    snes.set_convergence_history(Some(0), true)?;
    x.set(3.0)?;
    snes.solve(None, &mut x)?.check()?;
    assert!(snes.convergence_history()?.0.is_empty());
    assert!(snes.set_convergence_history(Some(-1), true).is_err());
    Ok(())
}

/// `F(x) = x^2 + 1` has no real root: from 0.1 a full Newton step lands at -4.95, where
/// `||F||` is 25 times the initial one; with a divergence tolerance of 10 the solve
/// stops there.
#[cfg(not(petsc_complex))]
fn divergence_tolerance(petsc: &Petsc) -> petsc::Result<()> {
    let c = petsc.self_comm();
    let mut snes = Snes::new(&c)?;
    snes.set_function(Vector::new_seq(&c, 1)?, |x, f| {
        let x0 = x.view()?[0];
        f.view_mut()?[0] = x0 * x0 + 1.0;
        Ok(())
    })?;
    snes.set_use_mf(true)?;
    snes.set_line_search_type("basic")?;
    snes.set_divergence_tolerance(10.0)?;
    let mut x = Vector::from_slice(&c, &[0.1])?;
    let reason = snes.solve(None, &mut x)?;
    assert_eq!(reason, SnesConvergedReason::DivergedDtol);
    assert_eq!(snes.iteration_number()?, 1);
    // Off (-1): the same solve runs to the iteration limit instead.
    snes.set_divergence_tolerance(-1.0)?;
    snes.set_tolerances(petsc::SnesTolerances {
        max_it: Some(5),
        ..Default::default()
    })?;
    x.set(0.1)?;
    let reason = snes.solve(None, &mut x)?;
    assert_eq!(reason, SnesConvergedReason::DivergedMaxIt);
    Ok(())
}

/// The update closure sees iterations 0, 1, ...; a custom convergence test stops the
/// solve when it says; the default test comes back.
fn update_and_convergence_test(petsc: &Petsc) -> petsc::Result<()> {
    let (mut snes, mut x) = cubic_solver(petsc, 4)?;
    let seen = Rc::new(std::cell::RefCell::new(Vec::new()));
    let log = seen.clone();
    snes.set_update(move |it| {
        log.borrow_mut().push(it);
        Ok(())
    })?;
    snes.set_convergence_test(|it, _xn, _yn, _fn| {
        Ok(if it >= 3 {
            SnesConvergedReason::ConvergedIts
        } else {
            SnesConvergedReason::Iterating
        })
    })?;
    x.set(3.0)?;
    let reason = snes.solve(None, &mut x)?;
    assert_eq!(reason, SnesConvergedReason::ConvergedIts);
    assert_eq!(snes.iteration_number()?, 3);
    assert_eq!(*seen.borrow(), vec![0, 1, 2]);
    snes.set_convergence_test_default()?;
    snes.set_tolerances(petsc::SnesTolerances {
        atol: Some(1e-12),
        rtol: Some(1e-12),
        ..Default::default()
    })?;
    x.set(3.0)?;
    snes.solve(None, &mut x)?.check()?;
    assert!(dist_to(&x, 1.0)? < 1e-10);
    Ok(())
}

/// Every new closure, failing with an `Err` or a panic, fails the solve with an `Err`
/// naming it; the solver then solves again once the closure behaves.
fn failing_closures(petsc: &Petsc) -> petsc::Result<()> {
    let (mut snes, mut x) = cubic_solver(petsc, 4)?;
    snes.set_tolerances(petsc::SnesTolerances {
        atol: Some(1e-12),
        rtol: Some(1e-12),
        ..Default::default()
    })?;
    let check_ok = |snes: &mut Snes, x: &mut Vector| -> petsc::Result<()> {
        x.set(3.0)?;
        snes.solve(None, x)?.check()?;
        assert!(dist_to(x, 1.0)? < 1e-10);
        Ok(())
    };
    let expect_err = |r: petsc::Result<()>, name: &str| {
        let e = r.expect_err(name);
        assert!(e.report().contains(name), "{name}: {e}");
    };
    for panic in [false, true] {
        // The objective, evaluated directly.
        snes.set_objective(move |_| {
            if panic {
                panic!("objective failed");
            }
            Err(petsc::Error::invalid("test", "objective failed"))
        })?;
        x.set(3.0)?;
        let e = snes.compute_objective(&x).expect_err("objective");
        assert!(e.report().contains("SNES objective"), "{e}");
        // ... and by the backtracking line search.
        snes.set_line_search_type("bt")?;
        expect_err(snes.solve(None, &mut x).map(drop), "SNES objective");
        snes.set_objective(|x| Ok(x.norm(NormType::Two)?.powi(2)))?;
        assert_close(snes.compute_objective(&x)?, 36.0, 1e-14);
        check_ok(&mut snes, &mut x)?;

        // The update.
        snes.set_update(move |it| {
            if it == 1 {
                if panic {
                    panic!("update failed");
                }
                return Err(petsc::Error::invalid("test", "update failed"));
            }
            Ok(())
        })?;
        x.set(3.0)?;
        expect_err(snes.solve(None, &mut x).map(drop), "SNES update");
        snes.set_update(|_| Ok(()))?;
        check_ok(&mut snes, &mut x)?;

        // The convergence test, and a reason PETSc does not name.
        snes.set_convergence_test(move |it, _, _, _| {
            if it == 1 {
                if panic {
                    panic!("test failed");
                }
                return Ok(SnesConvergedReason::Unknown(99));
            }
            Ok(SnesConvergedReason::Iterating)
        })?;
        x.set(3.0)?;
        expect_err(snes.solve(None, &mut x).map(drop), "SNES convergence test");
        snes.set_convergence_test_default()?;
        check_ok(&mut snes, &mut x)?;
    }
    // NGS, with its own solver type.
    let c = petsc.self_comm();
    let mut ngs = Snes::new(&c)?;
    ngs.set_type(SnesType::Ngs)?;
    ngs.set_function(Vector::new_seq(&c, 1)?, |x, f| {
        let x0 = x.view()?[0];
        f.view_mut()?[0] = x0 - 2.0;
        Ok(())
    })?;
    for panic in [false, true] {
        ngs.set_ngs(move |_, _, _| {
            if panic {
                panic!("sweep failed");
            }
            Err(petsc::Error::invalid("test", "sweep failed"))
        })?;
        let mut y = Vector::from_slice(&c, &[sc(0.0)])?;
        expect_err(ngs.solve(None, &mut y).map(drop), "SNES NGS");
        ngs.set_ngs(|_, x, _| x.set(2.0))?;
        ngs.solve(None, &mut y)?.check()?;
        assert_eq!(re(y.view()?[0]), 2.0);
    }
    Ok(())
}

/// The settings round-trip, and each one's effect where it is observable.
fn settings(petsc: &Petsc) -> petsc::Result<()> {
    let (mut snes, mut x) = cubic_solver(petsc, 4)?;
    snes.set_norm_schedule(SnesNormSchedule::Always)?;
    assert_eq!(snes.norm_schedule()?, SnesNormSchedule::Always);
    snes.set_use_ew(true)?;
    let mut ew = snes.params_ew()?;
    ew.version = 2;
    snes.set_params_ew(&ew)?;
    assert_eq!(snes.params_ew()?.version, 2);
    ew.rtol_0 = f64::NAN;
    assert!(snes.set_params_ew(&ew).is_err());
    snes.set_tolerances(petsc::SnesTolerances {
        atol: Some(1e-12),
        rtol: Some(1e-12),
        ..Default::default()
    })?;
    x.set(3.0)?;
    let reason = snes.solve(None, &mut x)?; // Eisenstat-Walker: still converges
    assert!(reason.is_converged());
    assert!(dist_to(&x, 1.0)? < 1e-10);
    assert_eq!(snes.function_evaluations()?, snes.num_function_evals()?);

    // A converged initial guess takes no step.
    x.set(1.0)?;
    snes.solve(None, &mut x)?.check()?;
    assert_eq!(snes.iteration_number()?, 0);

    // Counters that add up over solves.
    snes.set_reset_counters(false)?;
    let n0 = snes.function_evaluations()?;
    x.set(3.0)?;
    snes.solve(None, &mut x)?.check()?;
    let n1 = snes.function_evaluations()?;
    x.set(3.0)?;
    snes.solve(None, &mut x)?.check()?;
    assert!(n1 > n0);
    assert_eq!(snes.function_evaluations()? - n1, n1 - n0);
    snes.set_reset_counters(true)?;

    // Matrix-free Jacobian: the closure's matrix is not needed.
    snes.set_use_mf(true)?;
    assert!(snes.use_mf()?);
    x.set(3.0)?;
    snes.solve(None, &mut x)?.check()?;
    assert!(dist_to(&x, 1.0)? < 1e-8);
    snes.set_use_mf(false)?;

    // Reset keeps the closures and settings; the next solve sets up again.
    snes.reset()?;
    x.set(3.0)?;
    snes.solve(None, &mut x)?.check()?;
    assert!(dist_to(&x, 1.0)? < 1e-10);
    assert!(snes.step_failures()? == 0 && snes.ksp_failures()? == 0);
    Ok(())
}

/// The vectors a solve leaves, and the Jacobian matrices.
fn solver_objects(petsc: &Petsc) -> petsc::Result<()> {
    let (mut snes, mut x) = cubic_solver(petsc, 5)?;
    let mut b = x.duplicate()?;
    b.set(7.0)?; // x^3 - 1 = 7: x = 2
    snes.set_tolerances(petsc::SnesTolerances {
        atol: Some(1e-12),
        rtol: Some(1e-12),
        ..Default::default()
    })?;
    x.set(3.0)?;
    snes.solve(Some(&b), &mut x)?.check()?;
    assert!(dist_to(&x, 2.0)? < 1e-10);
    let sol = snes.solution()?.expect("set by the solve");
    assert_eq!(sol.as_raw(), x.as_raw());
    assert_eq!(snes.rhs()?.expect("given").as_raw(), b.as_raw());
    let update = snes.solution_update()?.expect("made by the solve");
    assert!(update.norm(NormType::Infinity)? < 1e-3);
    let (r, set) = snes.function()?;
    assert!(set);
    // The residual vector holds F(x) - b... or F(x) at the solution: both tiny here.
    assert!(r.expect("given").norm(NormType::Infinity)? <= 8.0);
    let (a, p) = snes.jacobian()?;
    let (a, p) = (a.expect("given"), p.expect("given"));
    assert_eq!(a.as_raw(), p.as_raw());
    // At the solution the Jacobian is diag(3 * 2^2).
    let lo = x.ownership_range()?.start;
    // (evaluated at the last iterate but one, within 1e-5 of the solution).
    assert_close(re(a.values(&[lo], &[lo])?[0]), 12.0, 1e-4);
    // compute_jacobian elsewhere: at x = 1 it is diag(3).
    let mut m = a.duplicate(MatDuplicateOption::DoNotCopyValues)?;
    let mut ones = x.duplicate()?;
    ones.set(1.0)?;
    snes.compute_jacobian(&ones, &mut m, None)?;
    assert_close(re(m.values(&[lo], &[lo])?[0]), 3.0, 1e-14);
    let wrong = Mat::aij(&petsc.world())
        .sizes(Sizes::global(3, 3))
        .preallocate(1, 0)
        .build()?;
    let mut wrong = wrong;
    assert!(snes.compute_jacobian(&ones, &mut wrong, None).is_err());
    drop(snes);
    // Handles outlive the solver.
    assert_eq!(sol.size()?, 5);
    assert_eq!(a.size()?, (5, 5));
    Ok(())
}

/// A nonlinear preconditioner made through `npc()`: nonlinear Richardson
/// preconditioned by Newton (on the left) solves the problem, and the inner solver
/// finds the closures through the shared DM.
fn npc_newton(petsc: &Petsc) -> petsc::Result<()> {
    let (mut snes, mut x) = cubic_solver(petsc, 4)?;
    snes.set_type(SnesType::Nrichardson)?;
    assert!(!snes.has_npc()?);
    let mut npc = snes.npc()?;
    npc.set_type(SnesType::Newtonls)?;
    npc.set_tolerances(petsc::SnesTolerances {
        max_it: Some(1),
        ..Default::default()
    })?;
    snes.set_npc_side(PcSide::Left)?;
    assert_eq!(snes.npc_side()?, PcSide::Left);
    assert!(snes.has_npc()?);
    snes.set_tolerances(petsc::SnesTolerances {
        atol: Some(1e-10),
        rtol: Some(1e-10),
        max_it: Some(50),
        ..Default::default()
    })?;
    x.set(3.0)?;
    let reason = snes.solve(None, &mut x)?;
    assert!(reason.is_converged(), "{reason}");
    assert!(dist_to(&x, 1.0)? < 1e-8);
    assert!(npc.iteration_number()? >= 1);
    assert!(snes.set_npc(&snes.npc()?).is_ok());
    let me = Snes::new(&petsc.world())?;
    let mut other = Snes::new(&petsc.world())?;
    other.set_npc(&me)?;
    drop(me);
    assert!(other.has_npc()?);
    Ok(())
}

/// FAS on a DMDA: two levels made by coarsening the grid (17 points, then 9); the
/// level solvers, smoothers and interpolation are handles of their own with the sizes
/// of their grids, and outlive the solver and the grid.
fn fas_levels(petsc: &Petsc) -> petsc::Result<()> {
    let n: Int = 17;
    let da = Da::grid(&petsc.world()).sizes([n]).build()?;
    let mut snes = Snes::new(&petsc.world())?;
    snes.set_function_local(&da, move |info, x, f| {
        for i in info.xs..info.xs + info.xm {
            f[i] = x[i] * x[i] * x[i] - 1.0;
        }
        Ok(())
    })?;
    snes.set_type(SnesType::Fas)?;
    snes.set_fas_levels(2)?;
    assert_eq!(snes.fas_levels()?, 2);
    assert!(snes.fas_cycle_snes(2).is_err());
    assert!(snes.fas_smoother(-1).is_err());
    snes.set_tolerances(petsc::SnesTolerances {
        atol: Some(1e-10),
        rtol: Some(1e-10),
        max_it: Some(30),
        ..Default::default()
    })?;
    let mut u = da.create_global_vector()?;
    u.set(2.0)?;
    let reason = snes.solve(None, &mut u)?;
    assert!(reason.is_converged(), "{reason}");
    assert!(dist_to(&u, 1.0)? < 1e-8);
    // The smoothers and the coarse solve are Newton solvers (FAS's defaults).
    let coarse = snes.fas_coarse_solve()?;
    assert_eq!(coarse.ty()?, Some(SnesType::Newtonls));
    let smoother = snes.fas_smoother(1)?;
    assert!(smoother.ty()?.is_some());
    assert!(snes.fas_smoother_down(1)?.ty()?.is_some());
    assert!(snes.fas_smoother_up(1)?.ty()?.is_some());
    assert_eq!(snes.fas_cycle_snes(1)?.as_raw(), snes.as_raw());
    let interp = snes.fas_interpolation(1)?.expect("made from the DMDA");
    assert_eq!(interp.size()?, (17, 9));
    assert!(snes.fas_interpolation(0).is_err());
    drop(snes);
    drop(da);
    // The level handles keep what they need.
    assert_eq!(coarse.ty()?, Some(SnesType::Newtonls));
    assert_eq!(interp.size()?, (17, 9));
    Ok(())
}

/// FAS with a line search along each coarse correction (PETSc 3.26 and later): the
/// same answer as `fas_levels`, a line search on the fine level, none before set-up,
/// and a level the solver does not have is an `Err`.
#[cfg(petsc_3_26)]
fn fas_coarse_correction_line_search(petsc: &Petsc) -> petsc::Result<()> {
    let da = Da::grid(&petsc.world()).sizes([17]).build()?;
    let mut snes = Snes::new(&petsc.world())?;
    snes.set_function_local(&da, move |info, x, f| {
        for i in info.xs..info.xs + info.xm {
            f[i] = x[i] * x[i] * x[i] - 1.0;
        }
        Ok(())
    })?;
    snes.set_options_prefix("ccls_")?;
    petsc.options().set_value("-ccls_snes_fas_levels", "2")?;
    snes.set_type(SnesType::Fas)?;
    snes.set_fas_use_coarse_correction_line_search(true)?;
    // Made by `set_from_options`: before, PETSc's `Err` says so.
    let e = snes
        .fas_coarse_correction_line_search(0)
        .unwrap_err()
        .to_string();
    assert!(e.contains("SNESSetFromOptions"), "{e}");
    snes.set_from_options()?;
    petsc.options().clear_value("-ccls_snes_fas_levels")?;
    // The fine level searches along the correction from the coarse one; the coarsest
    // has none.
    assert_eq!(snes.fas_levels()?, 2);
    let ls = snes
        .fas_coarse_correction_line_search(1)?
        .expect("made by set_from_options");
    assert!(ls.ty()?.is_some());
    assert!(snes.fas_coarse_correction_line_search(0)?.is_none());
    snes.set_tolerances(petsc::SnesTolerances {
        atol: Some(1e-10),
        rtol: Some(1e-10),
        max_it: Some(30),
        ..Default::default()
    })?;
    let mut u = da.create_global_vector()?;
    u.set(2.0)?;
    let reason = snes.solve(None, &mut u)?;
    assert!(reason.is_converged(), "{reason}");
    assert!(dist_to(&u, 1.0)? < 1e-8);
    // The same line search, kept by the level.
    let after = snes.fas_coarse_correction_line_search(1)?.expect("kept");
    assert_eq!(after.as_raw(), ls.as_raw());
    let e = snes
        .fas_coarse_correction_line_search(2)
        .unwrap_err()
        .to_string();
    assert!(e.contains("level 2"), "{e}");
    // Without the flag, no level has one.
    let mut plain = Snes::new(&petsc.world())?;
    plain.set_type(SnesType::Fas)?;
    plain.set_from_options()?;
    assert!(plain.fas_coarse_correction_line_search(0)?.is_none());
    // The handle keeps the line search when the solver is gone.
    drop(snes);
    assert!(ls.ty()?.is_some());
    Ok(())
}

/// `F(x) = x - 2` on a distributed vector, matrix-free, with the basic line search.
fn linear_solver(petsc: &Petsc, n: Int) -> petsc::Result<(Snes, Vector)> {
    let world = petsc.world();
    let x = Vector::new_mpi(&world, None, Some(n))?;
    let mut snes = Snes::new(&world)?;
    snes.set_function(x.duplicate()?, |x, f| {
        f.copy_from(x)?;
        f.shift(-2.0)
    })?;
    snes.set_use_mf(true)?;
    snes.set_line_search_type("basic")?;
    Ok((snes, x))
}

/// The line-search pre-check halving each step leaves `2 - 2 / 2^k` after `k`
/// iterations from 0; the initial-guess closure overrides the caller's start; both
/// fail the solve with an `Err` when they fail or panic, and the solver recovers.
fn pre_check_and_initial_guess(petsc: &Petsc) -> petsc::Result<()> {
    let (mut snes, mut x) = linear_solver(petsc, 4)?;
    let calls = Rc::new(Cell::new(0));
    let count = calls.clone();
    snes.set_line_search_pre_check(move |_x, y| {
        count.set(count.get() + 1);
        y.scale(0.5)?;
        Ok(true)
    })?;
    snes.set_tolerances(petsc::SnesTolerances {
        max_it: Some(5),
        ..Default::default()
    })?;
    x.set(0.0)?;
    let reason = snes.solve(None, &mut x)?;
    assert_eq!(reason, SnesConvergedReason::DivergedMaxIt);
    assert_eq!(calls.get(), 5);
    assert!(dist_to(&x, 2.0 - 2.0 / 32.0)? < 1e-6);

    // The initial guess replaces the caller's: from 1.5 three halved steps leave
    // 2 - 0.5 / 8.
    snes.set_initial_guess(|x| x.set(1.5))?;
    snes.set_tolerances(petsc::SnesTolerances {
        max_it: Some(3),
        ..Default::default()
    })?;
    x.set(100.0)?;
    assert_eq!(
        snes.solve(None, &mut x)?,
        SnesConvergedReason::DivergedMaxIt
    ); // three steps, on purpose
    assert!(dist_to(&x, 2.0 - 0.5 / 8.0)? < 1e-6);

    for panic in [false, true] {
        snes.set_line_search_pre_check(move |_, _| {
            if panic {
                panic!("pre-check failed");
            }
            Err(petsc::Error::invalid("test", "pre-check failed"))
        })?;
        let e = snes.solve(None, &mut x).expect_err("pre-check");
        assert!(e.report().contains("SNESLineSearch pre-check"), "{e}");
        snes.set_line_search_pre_check(|_, _| Ok(false))?;
        snes.solve(None, &mut x)?.check()?;
        assert!(dist_to(&x, 2.0)? < 1e-6); // full steps: exact after one

        snes.set_initial_guess(move |_| {
            if panic {
                panic!("guess failed");
            }
            Err(petsc::Error::invalid("test", "guess failed"))
        })?;
        let e = snes.solve(None, &mut x).expect_err("initial guess");
        assert!(e.report().contains("SNES initial guess"), "{e}");
        snes.set_initial_guess(|x| x.set(0.0))?;
        snes.solve(None, &mut x)?.check()?;
        assert!(dist_to(&x, 2.0)? < 1e-6);
    }

    // The convergence test called by hand, including a failing closure.
    snes.set_convergence_test(|it, _, _, _| {
        if it == 7 {
            return Err(petsc::Error::invalid("test", "test failed"));
        }
        Ok(SnesConvergedReason::Iterating)
    })?;
    assert_eq!(
        snes.call_convergence_test(1, 1.0, 1.0, 1.0)?,
        SnesConvergedReason::Iterating
    );
    assert!(snes.call_convergence_test(7, 1.0, 1.0, 1.0).is_err());
    assert!(snes.call_convergence_test(1, f64::NAN, 1.0, 1.0).is_err());
    snes.set_convergence_test_default()?;
    snes.set_tolerances(petsc::SnesTolerances {
        atol: Some(1e-3),
        max_it: Some(10),
        ..Default::default()
    })?;
    assert_eq!(
        snes.converged(2, 1.0, 1.0, 1e-4)?,
        SnesConvergedReason::ConvergedFnormAbs
    );
    assert_eq!(
        snes.converged_reason()?,
        SnesConvergedReason::ConvergedFnormAbs
    );
    Ok(())
}

/// The line-search post-check: limiting each new iterate to half a unit from the old one
/// takes the Newton solve of `x - 2 = 0` from 0 through 0.5, 1, 1.5 to 2, and the closure
/// sees the old iterate `x`, the Newton direction `y = x - 2` and the full step `w = 2`;
/// halving the direction instead (returning `changed_y`) makes the basic line search
/// take the halved step, `2 - 2 / 2^k` after `k` iterations. An `Err` and a panic fail
/// the solve with the closure's message, and the solver solves again afterwards.
fn line_search_post_check(petsc: &Petsc) -> petsc::Result<()> {
    let (mut snes, mut x) = linear_solver(petsc, 4)?;
    snes.set_tolerances(petsc::SnesTolerances {
        atol: Some(1e-6),
        max_it: Some(20),
        ..Default::default()
    })?;
    // (old x, y, w before the change) as seen by the closure, first entries only.
    let seen = Rc::new(std::cell::RefCell::new(Vec::new()));
    let log = seen.clone();
    snes.set_line_search_post_check(move |x, y, w| {
        let (xs, ys) = (x.view()?, y.view()?);
        let mut ws = w.view_mut()?;
        for i in 0..xs.len() {
            let (xi, yi, wi) = (re(xs[i]), re(ys[i]), re(ws[i]));
            // Every entry moves the same way.
            assert!((xi - re(xs[0])).abs() < 1e-12);
            assert!((yi - (xi - 2.0)).abs() < 1e-5, "y = {yi} at x = {xi}");
            assert!((wi - 2.0).abs() < 1e-5, "w = {wi}");
            ws[i] = sc(wi.min(xi + 0.5));
        }
        if !xs.is_empty() {
            log.borrow_mut().push((re(xs[0]), re(ys[0]), re(ws[0])));
        }
        Ok((false, true))
    })?;
    x.set(0.0)?;
    snes.solve(None, &mut x)?.check()?;
    assert_eq!(snes.iteration_number()?, 4);
    assert!(dist_to(&x, 2.0)? < 1e-6);
    if x.local_size()? > 0 {
        let seen = seen.borrow();
        assert_eq!(seen.len(), 4, "{seen:?}");
        for (k, &(xo, _, wn)) in seen.iter().enumerate() {
            assert_close(xo, 0.5 * k as f64, 1e-6);
            assert_close(wn, 0.5 * (k + 1) as f64, 1e-6);
        }
    }

    // A changed direction: the basic search steps again from x along the halved y.
    let calls = Rc::new(Cell::new(0));
    let count = calls.clone();
    snes.set_line_search_post_check(move |_x, y, _w| {
        count.set(count.get() + 1);
        y.scale(0.5)?;
        Ok((true, false))
    })?;
    snes.set_tolerances(petsc::SnesTolerances {
        max_it: Some(5),
        ..Default::default()
    })?;
    x.set(0.0)?;
    let reason = snes.solve(None, &mut x)?;
    assert_eq!(reason, SnesConvergedReason::DivergedMaxIt);
    assert_eq!(calls.get(), 5);
    assert!(dist_to(&x, 2.0 - 2.0 / 32.0)? < 1e-6);

    snes.set_tolerances(petsc::SnesTolerances {
        max_it: Some(20),
        ..Default::default()
    })?;
    for panic in [false, true] {
        snes.set_line_search_post_check(move |_, _, _| {
            if panic {
                panic!("post-check panicked");
            }
            Err(petsc::Error::invalid("test", "post-check refused the step"))
        })?;
        x.set(0.0)?;
        let e = snes.solve(None, &mut x).expect_err("post-check");
        let text = e.report();
        assert!(text.contains("SNESLineSearch post-check"), "{text}");
        let msg = if panic {
            "post-check panicked"
        } else {
            "post-check refused the step"
        };
        assert!(text.contains(msg), "{text}");
        snes.set_line_search_post_check(|_, _, _| Ok((false, false)))?;
        x.set(0.0)?;
        snes.solve(None, &mut x)?.check()?;
        assert!(dist_to(&x, 2.0)? < 1e-6);
    }
    Ok(())
}

/// The line-search monitor of the backtracking search, on `x^3 = 1` from 3: called once
/// per Newton iteration at the full step, with `lambda = 1`, `||F(x)||` of the iterate
/// the search started from, and `w = x - y`, `g = F(w)`; the first call sees
/// `x = 3`, `||F|| = 26 sqrt(n)` and `w = 3 - 26/27`. A failing or panicking monitor
/// fails the solve with its message; cancelled, the solver solves again.
fn line_search_monitor(petsc: &Petsc) -> petsc::Result<()> {
    let n = 4;
    let (mut snes, mut x) = cubic_solver(petsc, n)?;
    snes.set_line_search_type("bt")?;
    snes.set_tolerances(petsc::SnesTolerances {
        atol: Some(1e-12),
        rtol: Some(1e-12),
        ..Default::default()
    })?;
    let seen = Rc::new(std::cell::RefCell::new(Vec::new()));
    let log = seen.clone();
    let mut ls = snes.line_search()?;
    ls.monitor(move |s| {
        // w = x - lambda y, g = F(w), fnorm = ||F(x)||.
        let mut w = s.x.duplicate()?;
        w.waxpy(-s.lambda, &s.y, &s.x)?;
        w.axpy(-1.0, &s.w)?;
        assert!(w.norm(NormType::Infinity)? < 1e-12);
        let (xs, ws, gs, fs) = (s.x.view()?, s.w.view()?, s.g.view()?, s.f.view()?);
        for i in 0..xs.len() {
            let (xi, wi) = (re(xs[i]), re(ws[i]));
            assert_close(re(fs[i]), xi.powi(3) - 1.0, 1e-12);
            assert_close(re(gs[i]), wi.powi(3) - 1.0, 1e-12);
        }
        assert_close(s.fnorm, s.f.norm(NormType::Two)?, 1e-12);
        let first = (xs.first().map(|&v| re(v)), ws.first().map(|&v| re(v)));
        log.borrow_mut().push((s.lambda, s.fnorm, first));
        Ok(())
    })?;
    x.set(3.0)?;
    snes.solve(None, &mut x)?.check()?;
    assert!(dist_to(&x, 1.0)? < 1e-10);
    {
        let seen = seen.borrow();
        let its = snes.iteration_number()?;
        assert!(its >= 5, "{its} iterations");
        assert_eq!(seen.len() as Int, its, "{seen:?}");
        let (lambda, fnorm, (x0, w0)) = seen[0];
        assert_eq!(lambda, 1.0);
        assert_close(fnorm, 26.0 * (n as f64).sqrt(), 1e-12);
        if let (Some(x0), Some(w0)) = (x0, w0) {
            assert_eq!(x0, 3.0);
            assert_close(w0, 3.0 - 26.0 / 27.0, 1e-12);
        }
        // The norms shrink along the solve.
        assert!(seen.windows(2).all(|p| p[1].1 < p[0].1), "{seen:?}");
    }

    for panic in [false, true] {
        ls.monitor(move |_| {
            if panic {
                panic!("line-search monitor panicked");
            }
            Err(petsc::Error::invalid("test", "line-search monitor failed"))
        })?;
        x.set(3.0)?;
        let e = snes.solve(None, &mut x).expect_err("monitor");
        let text = e.report();
        assert!(text.contains("SNESLineSearch monitor"), "{text}");
        let msg = if panic {
            "line-search monitor panicked"
        } else {
            "line-search monitor failed"
        };
        assert!(text.contains(msg), "{text}");
        ls.cancel_monitors()?;
        let before = seen.borrow().len();
        x.set(3.0)?;
        snes.solve(None, &mut x)?.check()?;
        assert!(dist_to(&x, 1.0)? < 1e-10);
        assert_eq!(seen.borrow().len(), before);
    }
    Ok(())
}

/// `-snes_linesearch_monitor` (here with a prefix, to a file) prints PETSc's report of
/// the backtracking search: one "Using full step" line per Newton iteration of
/// `x^3 = 1`, with the norms of the solve.
fn line_search_monitor_option(petsc: &Petsc) -> petsc::Result<()> {
    let path = std::env::temp_dir().join(format!("petsc-rs-lsmon-{}.txt", std::process::id()));
    let (mut snes, mut x) = cubic_solver(petsc, 4)?;
    snes.set_options_prefix("lsmon_")?;
    let o = petsc.options();
    o.set_value(
        "-lsmon_snes_linesearch_monitor",
        &format!("ascii:{}", path.display()),
    )?;
    o.set_value("-lsmon_snes_linesearch_type", "bt")?;
    snes.set_from_options()?;
    o.clear_value("-lsmon_snes_linesearch_monitor")?;
    o.clear_value("-lsmon_snes_linesearch_type")?;
    x.set(3.0)?;
    snes.solve(None, &mut x)?.check()?;
    let its = snes.iteration_number()?;
    let fnorm = snes.function_norm()?;
    drop(snes); // closes the file
    petsc.world().barrier()?;
    if petsc.world().rank() == 0 {
        let text = std::fs::read_to_string(&path)
            .map_err(|e| petsc::Error::invalid("test", format!("{}: {e}", path.display())))?;
        let _ = std::fs::remove_file(&path);
        let full: Vec<&str> = text
            .lines()
            .filter(|l| l.contains("Line search: Using full step: fnorm"))
            .collect();
        assert_eq!(full.len() as Int, its, "{text}");
        // The first line reports ||F(3)|| = 52 and the last the final norm.
        assert!(full[0].contains("fnorm 5.200000000000e+01"), "{text}");
        let last = full[full.len() - 1];
        let gnorm: f64 = last
            .rsplit("gnorm ")
            .next()
            .and_then(|v| v.trim().parse().ok())
            .expect("gnorm");
        assert!(
            (gnorm - fnorm).abs() <= 1e-6 * fnorm.max(1e-300),
            "{gnorm} vs {fnorm}"
        );
    }
    Ok(())
}

/// Nonlinear Gauss-Seidel inside FAS built from options: the smoothers and the coarse
/// solver (type `ngs`, on the coarsened DMDA) find the closure set on the fine solver
/// through the DM, and get right-hand sides on the coarse level (FAS's tau
/// correction). The problem is pointwise, `x_i^3 + x_i - 2 = 0` (root 1), so the sweep
/// takes one scalar Newton step on `x_i^3 + x_i - 2 = b_i` for each point.
fn ngs_in_fas_from_options(petsc: &Petsc) -> petsc::Result<()> {
    let prefix = "ngsfas_";
    let opts = petsc.options_with_prefix(prefix);
    let settings = [
        ("snes_type", "fas"),
        ("snes_fas_levels", "2"),
        ("fas_levels_snes_type", "ngs"),
        ("fas_coarse_snes_type", "ngs"),
        ("fas_levels_snes_ngs_sweeps", "2"),
        ("fas_coarse_snes_ngs_sweeps", "3"),
        ("snes_rtol", "1e-12"),
        ("snes_atol", "1e-12"),
        ("snes_max_it", "30"),
    ];
    for (k, v) in settings {
        opts.set_value(k, v)?;
    }
    let result = (|| {
        let world = petsc.world();
        let da = Da::grid(&world).sizes([17]).build()?;
        let mut snes = Snes::new(&world)?;
        snes.set_options_prefix(prefix)?;
        snes.set_function_local(&da, |info, x, f| {
            for i in info.xs..info.xs + info.xm {
                f[i] = x[i] * x[i] * x[i] + x[i] - 2.0;
            }
            Ok(())
        })?;
        let sweeps = Rc::new(Cell::new(0));
        let with_rhs = Rc::new(Cell::new(0));
        let (count, rhs_count) = (sweeps.clone(), with_rhs.clone());
        let sizes = Rc::new(std::cell::RefCell::new(Vec::new()));
        let seen = sizes.clone();
        snes.set_ngs(move |level, x, b| {
            count.set(count.get() + 1);
            // The closure is handed the solver running it (the level's smoother), and
            // reads its sweep count from it, as C's NGS routines do.
            let n_sweeps = level.ngs_sweeps()?;
            seen.borrow_mut().push((x.size()?, n_sweeps));
            let bv: Option<Vec<f64>> = match b {
                Some(b) => {
                    rhs_count.set(rhs_count.get() + 1);
                    Some(b.view()?.iter().map(|v| re(*v)).collect())
                }
                None => None,
            };
            let mut xv = x.view_mut()?;
            for _ in 0..n_sweeps {
                for (k, xi) in xv.iter_mut().enumerate() {
                    let rhs = bv.as_ref().map_or(0.0, |b| b[k]);
                    // One Newton step per sweep: a smoother, not an exact solve.
                    let t = re(*xi);
                    *xi = sc(t - (t * t * t + t - 2.0 - rhs) / (3.0 * t * t + 1.0));
                }
            }
            Ok(())
        })?;
        snes.set_from_options()?;
        assert_eq!(snes.ty()?, Some(SnesType::Fas));
        let mut u = da.create_global_vector()?;
        u.set(3.0)?;
        let reason = snes.solve(None, &mut u)?;
        assert!(reason.is_converged(), "{reason}");
        assert!(dist_to(&u, 1.0)? < 1e-10);
        assert!(sweeps.get() > 0, "no level called the NGS closure");
        // Both grids swept (17 fine points, 9 coarse), the coarse one with FAS's
        // right-hand side, each with its own solver's sweep count.
        let sizes = sizes.borrow();
        assert!(
            sizes.contains(&(17, 2)) && sizes.contains(&(9, 3)),
            "{sizes:?}"
        );
        assert!(
            sizes.iter().all(|&p| p == (17, 2) || p == (9, 3)),
            "{sizes:?}"
        );
        assert!(
            with_rhs.get() > 0,
            "the coarse level got no right-hand side"
        );
        assert_eq!(snes.fas_smoother(1)?.ty()?, Some(SnesType::Ngs));
        Ok(())
    })();
    for (k, _) in settings {
        opts.clear_value(k)?;
    }
    result
}

/// The sub-solvers of composite and NASM solvers, as handles of their own: a composite
/// of Newton and nonlinear Richardson from options, and NASM's one subdomain solver per
/// process on a DMDA; both solve `x_i^3 + x_i = 2` (root 1).
fn composite_and_nasm(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    for (prefix, ty) in [("cmp_", "composite"), ("nasm_", "nasm")] {
        let opts = petsc.options_with_prefix(prefix);
        let settings = [
            ("snes_type", ty),
            ("snes_composite_sneses", "newtonls,nrichardson"),
            ("snes_rtol", "1e-12"),
            ("snes_atol", "1e-12"),
            ("snes_max_it", "50"),
        ];
        for (k, v) in settings {
            opts.set_value(k, v)?;
        }
        let result = (|| -> petsc::Result<()> {
            let da = Da::grid(&world).sizes([12]).build()?;
            let mut snes = Snes::new(&world)?;
            snes.set_options_prefix(prefix)?;
            snes.set_function_local(&da, |info, x, f| {
                for i in info.xs..info.xs + info.xm {
                    f[i] = x[i] * x[i] * x[i] + x[i] - 2.0;
                }
                Ok(())
            })?;
            snes.set_from_options()?;
            let mut u = da.create_global_vector()?;
            u.set(2.0)?;
            let reason = snes.solve(None, &mut u)?;
            assert!(reason.is_converged(), "{ty}: {reason}");
            assert!(dist_to(&u, 1.0)? < 1e-9, "{ty}");
            if ty == "composite" {
                assert_eq!(snes.composite_number()?, 2);
                assert_eq!(snes.composite_snes(0)?.ty()?, Some(SnesType::Newtonls));
                let second = snes.composite_snes(1)?;
                assert!(snes.composite_snes(2).is_err());
                assert!(snes.nasm_number().is_err()); // not NASM
                drop(snes);
                assert_eq!(second.ty()?, Some(SnesType::Nrichardson));
            } else {
                assert_eq!(snes.nasm_number()?, 1);
                let sub = snes.nasm_snes(0)?;
                assert!(snes.nasm_snes(1).is_err());
                assert!(snes.composite_number().is_err()); // not composite
                drop(snes);
                assert_eq!(sub.ty()?, Some(SnesType::Newtonls));
            }
            Ok(())
        })();
        for (k, _) in settings {
            opts.clear_value(k)?;
        }
        result?;
    }
    Ok(())
}

/// Colored finite differences turned on after a Jacobian closure was set: the closure is
/// dropped and no longer called, and the solve converges (the coloring routine used to
/// read the closure's context as its coloring and crash); the same on the SNES of an
/// implicit TS, whose context was the integrator. A matrix whose pattern is to be
/// colored must be assembled (PETSc aborted in `free()` coloring one that was not).
fn fd_after_jacobian_closure(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let (mut snes, mut x) = cubic_solver(petsc, 6)?;
    let calls = Rc::new(Cell::new(0));
    let counted = calls.clone();
    let m = x.local_size()?;
    let mut j = Mat::aij(&world)
        .sizes(Sizes::local(m, m))
        .preallocate(1, 0)
        .build()?;
    for i in j.ownership_range()? {
        j.set_value(i, i, sc::<petsc::Scalar>(1.0), InsertMode::Insert)?;
    }
    j.assemble()?; // the pattern the coloring reads
    snes.set_jacobian(&j, None, move |_x, jac: &mut JacobianMats| {
        counted.set(counted.get() + 1);
        jac.pre().assemble()
    })?;
    snes.set_use_fd(true)?;
    x.set(2.0)?;
    snes.solve(None, &mut x)?.check()?;
    assert!(dist_to(&x, 1.0)? < 1e-6);
    assert_eq!(calls.get(), 0, "the replaced closure ran");
    // An implicit TS: y' = -y by backward Euler, with its Jacobian closure replaced.
    let decay = |jacobian: Mat| -> petsc::Result<petsc::Ts> {
        let mut ts = petsc::Ts::new(&world)?;
        ts.set_type(petsc::TsType::Beuler)?;
        ts.set_ifunction(None, |_t, y, ydot, f| {
            f.copy_from(ydot)?;
            f.axpy(1.0, y)
        })?;
        ts.set_ijacobian(&jacobian, None, |_t, _y, _ydot, shift, jac| {
            for i in jac.pre().ownership_range()? {
                jac.pre()
                    .set_value(i, i, sc::<petsc::Scalar>(shift + 1.0), InsertMode::Insert)?;
            }
            jac.pre().assemble()
        })?;
        ts.set_time_step(0.1)?;
        Ok(ts)
    };
    let diagonal = |value: f64| -> petsc::Result<Mat> {
        let mut a = Mat::aij(&world)
            .sizes(Sizes::global(4, 4))
            .preallocate(1, 0)
            .build()?;
        for i in a.ownership_range()? {
            a.set_value(i, i, sc::<petsc::Scalar>(value), InsertMode::Insert)?;
        }
        a.assemble()?; // the pattern the coloring reads
        Ok(a)
    };
    let solve_ts = |fd: bool| -> petsc::Result<f64> {
        let mut ts = decay(diagonal(1.0)?)?;
        if fd {
            ts.snes()?.set_use_fd(true)?;
        }
        ts.set_max_steps(5)?;
        let mut y = Vector::new_mpi(&world, None, Some(4))?;
        y.set(1.0)?;
        ts.solve(&mut y)?.check()?;
        Ok(re(y.max()?.value))
    };
    // The coloring reads the matrix's pattern: refused before it is assembled.
    let mut blank = Mat::aij(&world)
        .sizes(Sizes::global(4, 4))
        .preallocate(1, 0)
        .build()?;
    let mut other = decay(blank.clone())?;
    other.snes()?.set_use_fd(true)?;
    other.set_max_steps(1)?;
    let mut y = Vector::new_mpi(&world, None, Some(4))?;
    let e = other.solve(&mut y).unwrap_err().report();
    assert!(e.contains("not assembled"), "{e}");
    for i in blank.ownership_range()? {
        blank.set_value(i, i, sc::<petsc::Scalar>(0.0), InsertMode::Insert)?;
    }
    blank.assemble()?;
    other.solve(&mut y)?.check()?;
    let exact = solve_ts(false)?;
    assert_close(solve_ts(true)?, exact, 1e-6);
    assert_close(exact, (1.0f64 / 1.1).powi(5), 1e-10);
    Ok(())
}

pub fn cases() -> Vec<Case> {
    let cases = vec![
        Case::new("fd_after_jacobian_closure", fd_after_jacobian_closure).ranks(&[1, 2]),
        Case::new("objective_line_search", objective_line_search).ranks(&[1, 2]),
        Case::new("ngs_solves", ngs_solves),
        Case::new("history_monotone", history_monotone).ranks(&[1, 2]),
        Case::new("update_and_convergence_test", update_and_convergence_test).ranks(&[1, 2]),
        Case::new("failing_closures", failing_closures).ranks(&[1, 2]),
        Case::new("settings", settings).ranks(&[1, 2]),
        Case::new("solver_objects", solver_objects).ranks(&[1, 2]),
        Case::new("npc_newton", npc_newton).ranks(&[1, 2]),
        Case::new("fas_levels", fas_levels).ranks(&[1, 2]),
        Case::new("pre_check_and_initial_guess", pre_check_and_initial_guess).ranks(&[1, 2]),
        Case::new("ngs_in_fas_from_options", ngs_in_fas_from_options).ranks(&[1, 2]),
        Case::new("line_search_post_check", line_search_post_check).ranks(&[1, 2]),
        Case::new("line_search_monitor", line_search_monitor).ranks(&[1, 2]),
        Case::new("line_search_monitor_option", line_search_monitor_option).ranks(&[1, 2]),
        Case::new("composite_and_nasm", composite_and_nasm).ranks(&[1, 2]),
    ];
    #[cfg(not(petsc_complex))]
    let cases = [
        cases,
        vec![
            Case::new("vi_clamp", vi_clamp).ranks(&[1, 2]),
            Case::new("divergence_tolerance", divergence_tolerance),
        ],
    ]
    .concat();
    #[cfg(petsc_3_26)]
    let cases = [
        cases,
        vec![Case::new(
            "fas_coarse_correction_line_search",
            fas_coarse_correction_line_search,
        )
        .ranks(&[1, 2])],
    ]
    .concat();
    cases
}
