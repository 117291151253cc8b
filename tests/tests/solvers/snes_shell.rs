//! Shell SNES (`Snes::set_shell_solve`): a Newton iteration written in Rust as the whole
//! solver and as a nonlinear preconditioner, chosen in code or from the options, with
//! failures that leave the solver usable; at 1, 2 and 3 ranks.
//!
//! The problem: `F(x)_i = x_i^2 - a_i` with `a_i = 1 + i` by global index, whose root is
//! `sqrt(a_i)`.

use std::cell::Cell;
use std::rc::Rc;

use petsc::{NormType, Petsc, Snes, SnesConvergedReason, SnesType, Vector};
use petsc_tests::Case;

/// `x` as a scalar (real or complex, as PETSc was built).
fn sc(x: f64) -> petsc::Scalar {
    petsc::Scalar::from(x)
}

/// Global size of the problem.
const N: petsc::Int = 10;

/// A solver on the world with the residual `x^2 - a`, and a vector at `x0`.
fn problem(petsc: &Petsc, x0: f64) -> petsc::Result<(Snes, Vector)> {
    let world = petsc.world();
    let mut x = Vector::new_mpi(&world, None, Some(N))?;
    x.set(x0)?;
    let mut snes = Snes::new(&world)?;
    snes.set_function(x.duplicate()?, |x, f| {
        let lo = x.ownership_range()?.start;
        let xv = x.view()?;
        for (k, fi) in f.view_mut()?.iter_mut().enumerate() {
            let a = 1.0 + (lo as f64) + k as f64;
            *fi = xv[k] * xv[k] - a;
        }
        Ok(())
    })?;
    Ok((snes, x))
}

/// `max_i |x_i - sqrt(a_i)|` (collective).
fn error(x: &Vector) -> petsc::Result<f64> {
    let mut e = x.duplicate()?;
    let lo = e.ownership_range()?.start;
    for (k, ei) in e.view_mut()?.iter_mut().enumerate() {
        *ei = sc((1.0 + (lo as f64) + k as f64).sqrt());
    }
    e.axpy(-1.0, x)?;
    e.norm(NormType::Infinity)
}

/// One Newton step for every component: `x_i -= (x_i^2 - a_i) / (2 x_i)`, with `f` the
/// residual at `x`.
fn newton_update(x: &mut Vector, f: &Vector) -> petsc::Result<()> {
    let fv = f.view()?;
    for (k, xi) in x.view_mut()?.iter_mut().enumerate() {
        *xi -= fv[k] / (2.0 * *xi);
    }
    Ok(())
}

/// The whole solver: Newton's iteration on the residual, reporting its iterations, the
/// residual norm and the reason as a PETSc solver does.
fn newton_shell(snes: &mut Snes, x: &mut Vector) -> petsc::Result<()> {
    let mut f = x.duplicate()?;
    for it in 0..50 {
        snes.compute_function(x, &mut f)?;
        let fnorm = f.norm(NormType::Two)?;
        snes.set_iteration_number(it)?;
        snes.set_function_norm(fnorm)?;
        if fnorm < 1e-12 {
            snes.set_converged_reason(SnesConvergedReason::ConvergedFnormAbs)?;
            return Ok(());
        }
        newton_update(x, &f)?;
    }
    snes.set_converged_reason(SnesConvergedReason::DivergedMaxIt)
}

/// The iterations the same Newton iteration takes in plain arithmetic, from `x0`.
fn newton_iterations_serial(x0: f64) -> petsc::Int {
    let mut x = vec![x0; N as usize];
    for it in 0..50 {
        let f: Vec<f64> = x
            .iter()
            .enumerate()
            .map(|(i, xi)| xi * xi - (1.0 + i as f64))
            .collect();
        if f.iter().map(|v| v * v).sum::<f64>().sqrt() < 1e-12 {
            return it;
        }
        for (xi, fi) in x.iter_mut().zip(&f) {
            *xi -= fi / (2.0 * *xi);
        }
    }
    panic!("no convergence");
}

/// The shell as the whole solver: the root to rounding, the iteration count of the same
/// iteration in plain arithmetic, the reason it set; the same at every rank count.
fn shell_newton_closed_form(petsc: &Petsc) -> petsc::Result<()> {
    let (mut snes, mut x) = problem(petsc, 3.0)?;
    snes.set_type(SnesType::Shell)?;
    let calls = Rc::new(Cell::new(0));
    let c = calls.clone();
    snes.set_shell_solve(move |snes, x| {
        c.set(c.get() + 1);
        newton_shell(snes, x)
    })?;
    let reason = snes.solve(None, &mut x)?;
    assert_eq!(calls.get(), 1);
    assert_eq!(reason, SnesConvergedReason::ConvergedFnormAbs);
    assert_eq!(snes.iteration_number()?, newton_iterations_serial(3.0));
    assert!(snes.function_norm()? < 1e-12);
    let e = error(&x)?;
    assert!(e < 1e-14, "error {e}");
    // A closure that sets no reason ran its iterations: CONVERGED_ITS.
    snes.set_shell_solve(|_, x| x.scale(0.5))?;
    x.set(2.0)?;
    let reason = snes.solve(None, &mut x)?;
    assert_eq!(reason, SnesConvergedReason::ConvergedIts);
    assert_eq!(x.max()?.value, 1.0);
    Ok(())
}

/// The shell as the nonlinear preconditioner of NRICHARDSON and NGMRES: one Newton
/// sweep per application; the outer solvers converge to the root.
fn shell_as_npc(petsc: &Petsc) -> petsc::Result<()> {
    for outer in [SnesType::Nrichardson, SnesType::Ngmres] {
        let (mut snes, mut x) = problem(petsc, 3.0)?;
        snes.set_type(outer.clone())?;
        snes.set_tolerances(petsc::SnesTolerances {
            atol: Some(1e-12),
            rtol: Some(0.0),
            stol: Some(0.0),
            max_it: Some(50),
            ..Default::default()
        })?;
        let (mut npc, _) = problem(petsc, 0.0)?;
        npc.set_type(SnesType::Shell)?;
        let calls = Rc::new(Cell::new(0));
        let c = calls.clone();
        npc.set_shell_solve(move |snes, x| {
            c.set(c.get() + 1);
            let mut f = x.duplicate()?;
            snes.compute_function(x, &mut f)?;
            newton_update(x, &f)
        })?;
        snes.set_npc(&npc)?;
        let reason = snes.solve(None, &mut x)?;
        assert!(reason.is_converged(), "{outer:?}: {reason}");
        let e = error(&x)?;
        assert!(e < 1e-10, "{outer:?}: error {e}");
        assert!(calls.get() >= 3, "{outer:?}: {} applications", calls.get());
        assert!(snes.iteration_number()? <= 20, "{outer:?}");
    }
    Ok(())
}

/// `-snes_type shell` from the options, the closure given in code before: the closure
/// runs; the same with a prefix, the options naming the type after the closure.
fn shell_from_options(petsc: &Petsc) -> petsc::Result<()> {
    let (mut snes, mut x) = problem(petsc, 3.0)?;
    snes.set_options_prefix("sh_")?;
    snes.set_shell_solve(newton_shell)?;
    assert_eq!(snes.ty()?, None);
    petsc.options().set_value("-sh_snes_type", "shell")?;
    snes.set_from_options()?;
    petsc.options().clear_value("-sh_snes_type")?;
    assert_eq!(snes.ty()?, Some(SnesType::Shell));
    let reason = snes.solve(None, &mut x)?;
    assert_eq!(reason, SnesConvergedReason::ConvergedFnormAbs);
    assert!(error(&x)? < 1e-14);
    // Another type from the options: the closure is kept but not used ...
    snes.set_type(SnesType::Newtonls)?;
    x.set(3.0)?;
    snes.solve(None, &mut x)?.check()?;
    assert!(snes.iteration_number()? > 0);
    // ... and used again once the type is shell again.
    snes.set_type(SnesType::Shell)?;
    x.set(3.0)?;
    let reason = snes.solve(None, &mut x)?;
    assert_eq!(reason, SnesConvergedReason::ConvergedFnormAbs);
    // A shell with no closure is an error with PETSc's message.
    let (mut bare, mut y) = problem(petsc, 3.0)?;
    bare.set_type(SnesType::Shell)?;
    let e = bare.solve(None, &mut y).expect_err("no closure");
    assert!(e.report().contains("SNESShellSetSolve"), "{e}");
    Ok(())
}

/// A closure returning `Err`, then one that panics: each ends the solve with its
/// message; the same solver then solves again.
fn shell_failures_then_again(petsc: &Petsc) -> petsc::Result<()> {
    let (mut snes, mut x) = problem(petsc, 3.0)?;
    snes.set_type(SnesType::Shell)?;
    let mode = Rc::new(Cell::new(0));
    let m = mode.clone();
    snes.set_shell_solve(move |snes, x| match m.get() {
        0 => Err(petsc::Error::user("the shell refuses this guess")),
        1 => panic!("the shell panics"),
        _ => newton_shell(snes, x),
    })?;
    for (k, msg) in [(0, "the shell refuses this guess"), (1, "the shell panics")] {
        mode.set(k);
        let e = snes.solve(None, &mut x).expect_err(msg);
        let s = e.report();
        assert!(s.contains(msg) && s.contains("SNES shell solve"), "{s}");
    }
    mode.set(2);
    x.set(3.0)?;
    let reason = snes.solve(None, &mut x)?;
    assert_eq!(reason, SnesConvergedReason::ConvergedFnormAbs);
    assert!(error(&x)? < 1e-14);
    // A shell solving itself from inside is refused (re-entry), not a deadlock.
    snes.set_shell_solve(|snes, x| {
        let mut y = x.duplicate()?;
        snes.solve(None, &mut y)?.check()
    })?;
    let e = snes.solve(None, &mut x).expect_err("re-entry");
    assert!(e.report().contains("again while it runs"), "{e}");
    snes.set_shell_solve(newton_shell)?;
    x.set(3.0)?;
    snes.solve(None, &mut x)?.check()?;
    assert!(error(&x)? < 1e-14);
    Ok(())
}

/// The closure is dropped with its solver.
fn shell_closure_freed(petsc: &Petsc) -> petsc::Result<()> {
    let before = petsc::ffi::registered_count();
    {
        let (mut snes, mut x) = problem(petsc, 3.0)?;
        snes.set_type(SnesType::Shell)?;
        snes.set_shell_solve(newton_shell)?;
        snes.solve(None, &mut x)?.check()?;
        assert!(petsc::ffi::registered_count() > before);
    }
    assert_eq!(petsc::ffi::registered_count(), before);
    Ok(())
}

pub fn cases() -> Vec<Case> {
    vec![
        Case::new("shell_newton_closed_form", shell_newton_closed_form).ranks(&[1, 2, 3]),
        Case::new("shell_as_npc", shell_as_npc).ranks(&[1, 2]),
        Case::new("shell_from_options", shell_from_options).ranks(&[1, 2]),
        Case::new("shell_failures_then_again", shell_failures_then_again).ranks(&[1, 2]),
        Case::new("shell_closure_freed", shell_closure_freed),
    ]
}
