//! Shell KSPs: a Krylov method, or any solve, written in Rust (petsc4py's Python KSP).

use petsc_sys as sys;

use super::Ksp;
use super::hooks::{SolveStepFn, solve_step};
use crate::callback::{CallbackKind, attach};
use crate::error::{Result, check};
use crate::vec::Vector;

/// The registered name of the shell type.
const SHELL: &std::ffi::CStr = c"rsshell";

impl Ksp {
    /// Makes this solver a shell whose solve is `solve(b, x)` (type `"rsshell"`, which
    /// petsc-rs registers; the closure is kept with the solver): it gets the right-hand
    /// side and the initial guess (zero unless
    /// [`set_initial_guess_nonzero`](Self::set_initial_guess_nonzero)) and leaves the
    /// solution in `x`. The solve
    /// then counts as converged in one iteration; an `Err` or a panic fails it with
    /// that error. The solver's preconditioner is set up but not applied: the closure
    /// does all the work (it may hold other solvers).
    ///
    /// ```
    /// use petsc::{Csr, Ksp, Mat, PcType, Sizes, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// // A diagonal matrix, solved by division.
    /// let a = Mat::aij(&c).sizes(Sizes::local(3, 3)).csr(Csr { row_ptr: &[0, 1, 2, 3], cols: &[0, 1, 2], vals: &[1.0, 2.0, 4.0] }).build()?;
    /// let mut ksp = Ksp::new(&c)?;
    /// ksp.set_operators(&a, &a)?;
    /// ksp.pc()?.set_type(PcType::None)?;
    /// ksp.set_shell_solve(|b, x| {
    ///     let d = [1.0, 2.0, 4.0];
    ///     let b = b.view()?;
    ///     for (i, xi) in x.view_mut()?.iter_mut().enumerate() {
    ///         *xi = b[i] / d[i];
    ///     }
    ///     Ok(())
    /// })?;
    /// let b = Vector::from_slice(&c, &[1.0, 1.0, 1.0])?;
    /// let mut x = b.duplicate()?;
    /// let reason = ksp.solve(&b, &mut x)?;
    /// assert_eq!(&*x.view()?, &[1.0, 0.5, 0.25]);
    /// assert!(reason.is_converged());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "KSPRegister")]
    pub fn set_shell_solve<F>(&mut self, solve: F) -> Result<()>
    where
        F: FnMut(&Vector, &mut Vector) -> Result<()> + 'static,
    {
        // SAFETY: registers the type once; PETSc copies the name.
        check(unsafe { sys::petscrs_KSPRegisterShell() })?;
        // SAFETY: live solver; a registered type name.
        check(unsafe { sys::KSPSetType(self.ptr, SHELL.as_ptr()) })?;
        let f: Box<SolveStepFn> = Box::new(solve);
        // SAFETY: live solver; the closure is kept with it (replacing an earlier one).
        unsafe {
            attach(
                &self.petsc,
                self.ptr as sys::PetscObject,
                CallbackKind::KspShellSolve,
                f,
            )
        }?;
        // SAFETY: live shell solver; the trampoline finds the closure through it, and
        // the destroy hook releases it when the shell goes.
        check(unsafe {
            sys::petscrs_KSPShellSet(
                self.ptr,
                Some(shell_solve_trampoline),
                std::ptr::null_mut(),
                Some(shell_destroy),
            )
        })
    }
}

/// The shell's solve: the closure kept with the solver, given `b` and `x`.
unsafe extern "C" fn shell_solve_trampoline(
    ksp: sys::KSP,
    b: sys::Vec,
    x: sys::Vec,
    _: *mut std::os::raw::c_void,
) -> sys::PetscErrorCode {
    // SAFETY: PETSc calls it with the live solver and its vectors.
    unsafe { solve_step(CallbackKind::KspShellSolve, ksp, b, x) }
}

/// The shell goes (the solver is destroyed or given another type): its closure is
/// released now, so a closure holding a handle to its own solver does not keep it alive.
unsafe extern "C" fn shell_destroy(ksp: sys::KSP) -> sys::PetscErrorCode {
    let key = CallbackKind::KspShellSolve.key();
    // SAFETY: PETSc passes the live solver whose shell is being destroyed; composing null
    // releases the container holding the closure.
    unsafe { sys::PetscObjectCompose(ksp as sys::PetscObject, key.as_ptr(), std::ptr::null_mut()) }
}
