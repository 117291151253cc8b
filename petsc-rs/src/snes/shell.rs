//! Shell SNES: the nonlinear method itself written in Rust (`SNESSHELL` with
//! `SNESShellSetSolve`; petsc4py's Python SNES does the same for Python).
//!
//! The closure is kept with the solver as every closure is (see the callback module):
//! composed on the solver under [`CallbackKind::SnesShellSolve`], found by the
//! trampoline through the solver PETSc passes (`SNESShellSetSolve` takes no context),
//! released when the solver is destroyed. It is the solver's method whenever the
//! solver's type is `shell`, set in code or read from the options before the closure was
//! given or after: `SNESShellSetSolve` only reaches a solver that already is a shell, so
//! [`Snes::set_shell_solve`], [`Snes::set_from_options`], [`Snes::set_up`],
//! [`Snes::solve`] and [`Snes::set_npc`] (for the preconditioner given) install the
//! trampoline on a shell that has a closure. A solver whose type becomes `shell` only
//! inside C (an outer solver's `SNESSetFromOptions` reading `-npc_snes_type shell`
//! after the closure was set on its preconditioner) stops with PETSc's message asking
//! for `SNESShellSetSolve`; calling `set_from_options` or `set_up` on it fixes that.

use petsc_sys as sys;

use super::{Snes, SnesType};
use crate::callback::{CallbackKind, attach, attached, call, is_attached};
use crate::error::{Result, check, run_callback};
use crate::vec::Vector;

/// A shell solve: the solver (a temporary handle to the solver being solved) and the
/// solution, which holds the initial guess on entry.
type ShellSolveFn = dyn FnMut(&mut Snes, &mut Vector) -> Result<()>;

/// `SNESShellSetSolve` trampoline: PETSc passes the solver and its solution vector, and
/// no context, so the closure is found through the solver.
unsafe extern "C" fn shell_solve_trampoline(snes: sys::SNES, x: sys::Vec) -> sys::PetscErrorCode {
    const KIND: CallbackKind = CallbackKind::SnesShellSolve;
    run_callback(KIND.name(), || {
        // SAFETY: PETSc calls it with the live solver being solved.
        let ctx = unsafe { attached(snes as sys::PetscObject, KIND) }?;
        call::<ShellSolveFn, _>(ctx, KIND, |petsc, f| {
            // SAFETY: the solver and its solution are live for the call; each handle
            // takes its own reference, released when it drops at the end of the call;
            // the solution is lent to the closure.
            let (mut s, mut xv) = unsafe {
                (
                    Snes::from_raw_borrowed(petsc, snes)?,
                    Vector::from_raw_lent(petsc, x)?,
                )
            };
            f(&mut s, &mut xv)?;
            xv.written_in_place(x)?;
            // Outer solvers read the residual of their nonlinear preconditioner at its
            // solution (`SNESGetNPCFunction`), as PETSc's own methods leave it when the
            // norm schedule asks for final norms.
            use super::SnesNormSchedule as S;
            if matches!(
                s.norm_schedule()?,
                S::Default | S::Always | S::FinalOnly | S::InitialFinalOnly
            ) {
                if let (Some(mut r), true) = s.function()? {
                    s.compute_function(&xv, &mut r)?;
                    let norm = r.norm(crate::vec::NormType::Two)?;
                    s.set_function_norm(norm)?;
                }
            }
            // `SNESSolve` refuses a solver that returns still iterating (an internal
            // error); a closure that set no reason ran its iterations.
            if s.converged_reason()? == super::SnesConvergedReason::Iterating {
                s.set_converged_reason(super::SnesConvergedReason::ConvergedIts)?;
            }
            Ok(())
        })
    })
}

impl Snes {
    /// Sets the nonlinear method itself as a closure `solve(snes, x)` (`SNESShellSetSolve`):
    /// when the solver's type is [`SnesType::Shell`] (set in code before or after, or
    /// chosen with `-snes_type shell`), [`solve`](Self::solve) calls it with a handle
    /// to this solver and the solution `x`, which holds the initial guess; the closure
    /// leaves the solution in `x`. It may use the solver's residual
    /// ([`compute_function`](Self::compute_function)), its inner solvers, and report
    /// what it did ([`set_iteration_number`](Self::set_iteration_number),
    /// [`set_function_norm`](Self::set_function_norm),
    /// [`set_converged_reason`](Self::set_converged_reason)); a solve whose closure sets
    /// no reason counts as [`ConvergedIts`](super::SnesConvergedReason::ConvergedIts).
    /// When the solver has a residual and its norm schedule asks for final norms (the
    /// default does, and so does the one outer solvers give their preconditioner), the
    /// residual at the closure's `x` and its norm are computed after it returns, as
    /// PETSc's own methods leave them: outer solvers read them.
    ///
    /// An `Err` or a panic ends the solve with that error; the solver can solve again.
    /// As a nonlinear preconditioner ([`set_npc`](Self::set_npc)) the closure is one
    /// application of the preconditioner. The closure is kept with the solver (a later
    /// call replaces it) and dropped with it: it gets the solver as an argument, so it
    /// needs no handle to it (a captured handle to its own solver would keep the solver
    /// alive forever).
    ///
    /// ```
    /// use petsc::{NormType, Snes, SnesType, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// // x^2 = 2 componentwise, by Newton's iteration written out.
    /// let mut snes = Snes::new(&c)?;
    /// snes.set_type(SnesType::Shell)?;
    /// snes.set_shell_solve(|snes, x| {
    ///     for it in 1..=50 {
    ///         let mut done = true;
    ///         for xi in x.view_mut()?.iter_mut() {
    ///             let step = (*xi * *xi - 2.0) / (2.0 * *xi);
    ///             *xi -= step;
    ///             done &= step.abs() < 1e-14;
    ///         }
    ///         snes.set_iteration_number(it)?;
    ///         if done {
    ///             snes.set_converged_reason(petsc::SnesConvergedReason::ConvergedSnormRelative)?;
    ///             break;
    ///         }
    ///     }
    ///     Ok(())
    /// })?;
    /// let mut x = Vector::from_slice(&c, &[1.0, 3.0])?;
    /// snes.solve(None, &mut x)?.check()?;
    /// assert!(snes.iteration_number()? < 10);
    /// x.shift(-2f64.sqrt())?;
    /// assert!(x.norm(NormType::Infinity)? < 1e-14);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "SNESShellSetSolve")]
    #[doc(alias = "SNESSHELL")]
    pub fn set_shell_solve<F>(&mut self, solve: F) -> Result<()>
    where
        F: FnMut(&mut Snes, &mut Vector) -> Result<()> + 'static,
    {
        let f: Box<ShellSolveFn> = Box::new(solve);
        // SAFETY: live solver; the closure is kept with it (replacing an earlier one).
        unsafe {
            attach(
                &self.petsc,
                self.ptr as sys::PetscObject,
                CallbackKind::SnesShellSolve,
                f,
            )
        }?;
        self.install_shell_solve()
    }

    /// Gives a shell solver the trampoline of its closure, when it is a shell and has one
    /// (its type may have become `shell` from the options since the closure was set).
    pub(super) fn install_shell_solve(&self) -> Result<()> {
        // SAFETY: live solver.
        if !unsafe { is_attached(self.ptr as sys::PetscObject, CallbackKind::SnesShellSolve) }? {
            return Ok(());
        }
        if self.ty()? != Some(SnesType::Shell) {
            return Ok(());
        }
        // SAFETY: live shell solver; the trampoline finds the closure through it.
        check(unsafe { sys::SNESShellSetSolve(self.ptr, Some(shell_solve_trampoline)) })
    }
}
