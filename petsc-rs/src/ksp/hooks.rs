//! Closures a KSP calls around and inside its iteration: the convergence test, and the
//! pre- and post-solve steps. Kept as the callback module keeps every closure.

use std::os::raw::c_void;

use petsc_sys as sys;

use super::{ConvergedReason, Ksp};
use crate::callback::{attach, hand_over, run, CallbackKind};
use crate::error::{check, Result};
use crate::vec::Vector;
use crate::{Int, Real};

/// A convergence test: the reason to stop, or [`ConvergedReason::Iterating`].
type ConvergenceFn = dyn FnMut(Int, Real) -> Result<ConvergedReason>;
/// A pre- or post-solve step on `(b, x)`.
type SolveStepFn = dyn FnMut(&Vector, &mut Vector) -> Result<()>;

/// `KSPSetConvergenceTest` trampoline.
unsafe extern "C" fn convergence_trampoline(
    _ksp: sys::KSP,
    it: Int,
    rnorm: Real,
    reason: *mut sys::KSPConvergedReason,
    ctx: *mut c_void,
) -> sys::PetscErrorCode {
    run::<ConvergenceFn>(ctx, CallbackKind::KspConvergenceTest, |_, f| {
        let r = f(it, rnorm)?;
        // SAFETY: PETSc passes the address of the reason it reads after the call.
        unsafe { *reason = sys::KSPConvergedReason(r.code()) };
        Ok(())
    })
}

/// The trampoline of the pre- and post-solve steps, for `kind`.
///
/// # Safety
/// `ksp` must be the live solver whose object holds the closure; `b` and `x` live
/// vectors.
unsafe fn solve_step(
    kind: CallbackKind,
    ksp: sys::KSP,
    b: sys::Vec,
    x: sys::Vec,
) -> sys::PetscErrorCode {
    crate::error::run_callback(kind.name(), || {
        // SAFETY: live solver (caller).
        let ctx = unsafe { crate::callback::attached(ksp as sys::PetscObject, kind) }?;
        crate::callback::call::<SolveStepFn, _>(ctx, kind, |petsc, f| {
            // SAFETY: `b` and `x` are live and distinct for the call; each handle takes
            // its own reference.
            let (bv, mut xv) = unsafe {
                (
                    Vector::from_raw_borrowed(petsc, b)?,
                    Vector::from_raw_borrowed(petsc, x)?,
                )
            };
            f(&bv, &mut xv)
        })
    })
}

/// `KSPSetPreSolve` trampoline (the context is found through the solver).
unsafe extern "C" fn pre_solve_trampoline(
    ksp: sys::KSP,
    b: sys::Vec,
    x: sys::Vec,
    _: *mut c_void,
) -> sys::PetscErrorCode {
    // SAFETY: PETSc calls it with the live solver and its vectors.
    unsafe { solve_step(CallbackKind::KspPreSolve, ksp, b, x) }
}

/// `KSPSetPostSolve` trampoline.
unsafe extern "C" fn post_solve_trampoline(
    ksp: sys::KSP,
    b: sys::Vec,
    x: sys::Vec,
    _: *mut c_void,
) -> sys::PetscErrorCode {
    // SAFETY: PETSc calls it with the live solver and its vectors.
    unsafe { solve_step(CallbackKind::KspPostSolve, ksp, b, x) }
}

impl Ksp {
    /// Replaces the convergence test (`KSPSetConvergenceTest`): `test(iteration,
    /// residual_norm)` returns the reason to stop, or [`ConvergedReason::Iterating`] to
    /// go on. An `Err` or a panic ends the solve with that error.
    ///
    /// ```
    /// use petsc::{ConvergedReason, Ksp, KspType, Mat, PcType, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// // tridiag(1, 4, 1), 3 x 3.
    /// let mut a = Mat::new_aij(&c, Some(3), Some(3), None, None, 3, 0)?;
    /// for i in 0..3 {
    ///     a.set_values(&[i], &[i], &[4.0], petsc::InsertMode::Insert)?;
    ///     if i > 0 {
    ///         a.set_values(&[i], &[i - 1], &[1.0], petsc::InsertMode::Insert)?;
    ///         a.set_values(&[i - 1], &[i], &[1.0], petsc::InsertMode::Insert)?;
    ///     }
    /// }
    /// a.assemble()?;
    /// let b = Vector::from_slice(&c, &[1.0, 2.0, 3.0])?;
    /// let mut x = b.duplicate()?;
    /// let mut ksp = Ksp::new(&c)?;
    /// ksp.set_operators(&a, &a)?;
    /// ksp.set_type(KspType::Gmres)?;
    /// ksp.pc()?.set_type(PcType::None)?;
    /// // Stop after two iterations, whatever the residual.
    /// ksp.set_convergence_test(|it, _rnorm| {
    ///     Ok(if it >= 2 { ConvergedReason::ConvergedIts } else { ConvergedReason::Iterating })
    /// })?;
    /// ksp.solve(&b, &mut x)?;
    /// assert_eq!(ksp.iteration_number()?, 2);
    /// assert_eq!(ksp.converged_reason()?, ConvergedReason::ConvergedIts);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "KSPSetConvergenceTest")]
    pub fn set_convergence_test<F>(&mut self, test: F) -> Result<()>
    where
        F: FnMut(Int, Real) -> Result<ConvergedReason> + 'static,
    {
        let f: Box<ConvergenceFn> = Box::new(test);
        hand_over(&self.petsc, CallbackKind::KspConvergenceTest, f, |ctx| {
            #[cfg(not(petsc_3_23))]
            let destroy = crate::callback::release;
            #[cfg(petsc_3_23)]
            let destroy = crate::callback::release_at;
            // SAFETY: live solver; the context is a registered closure, released by the
            // destroy hook (which also runs for the test this one replaces).
            unsafe {
                sys::KSPSetConvergenceTest(
                    self.ptr,
                    Some(convergence_trampoline),
                    ctx,
                    Some(destroy),
                )
            }
        })
    }

    /// A step run before each solve's iteration (`KSPSetPreSolve`), given the
    /// right-hand side and the initial guess; an `Err` ends the solve.
    ///
    /// ```
    /// use petsc::{Ksp, Mat, Vector};
    /// use std::{cell::Cell, rc::Rc};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut a = Mat::new_aij(&c, Some(2), Some(2), None, None, 1, 0)?;
    /// a.set_values(&[0], &[0], &[2.0], petsc::InsertMode::Insert)?;
    /// a.set_values(&[1], &[1], &[2.0], petsc::InsertMode::Insert)?;
    /// a.assemble()?;
    /// let b = Vector::from_slice(&c, &[2.0, 4.0])?;
    /// let mut x = b.duplicate()?;
    /// let mut ksp = Ksp::new(&c)?;
    /// ksp.set_operators(&a, &a)?;
    /// let seen = Rc::new(Cell::new(0.0));
    /// let s = seen.clone();
    /// ksp.set_pre_solve(move |b, _x| {
    ///     s.set(b.sum()?);
    ///     Ok(())
    /// })?;
    /// ksp.set_post_solve(|_b, x| x.scale(10.0))?;
    /// ksp.solve(&b, &mut x)?;
    /// assert_eq!(seen.get(), 6.0);
    /// assert!((x.view()?[1] - 20.0).abs() < 1e-10);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "KSPSetPreSolve")]
    pub fn set_pre_solve<F>(&mut self, step: F) -> Result<()>
    where
        F: FnMut(&Vector, &mut Vector) -> Result<()> + 'static,
    {
        let f: Box<SolveStepFn> = Box::new(step);
        // SAFETY: live solver; the closure is kept with it (replacing an earlier one).
        unsafe {
            attach(
                &self.petsc,
                self.ptr as sys::PetscObject,
                CallbackKind::KspPreSolve,
                f,
            )
        }?;
        // SAFETY: live solver; the trampoline finds the closure through it.
        check(unsafe {
            sys::KSPSetPreSolve(self.ptr, Some(pre_solve_trampoline), std::ptr::null_mut())
        })
    }

    /// A step run after each solve's iteration (`KSPSetPostSolve`), given the
    /// right-hand side and the solution; see [`set_pre_solve`](Self::set_pre_solve).
    #[doc(alias = "KSPSetPostSolve")]
    pub fn set_post_solve<F>(&mut self, step: F) -> Result<()>
    where
        F: FnMut(&Vector, &mut Vector) -> Result<()> + 'static,
    {
        let f: Box<SolveStepFn> = Box::new(step);
        // SAFETY: live solver; the closure is kept with it (replacing an earlier one).
        unsafe {
            attach(
                &self.petsc,
                self.ptr as sys::PetscObject,
                CallbackKind::KspPostSolve,
                f,
            )
        }?;
        // SAFETY: live solver; the trampoline finds the closure through it.
        check(unsafe {
            sys::KSPSetPostSolve(self.ptr, Some(post_solve_trampoline), std::ptr::null_mut())
        })
    }
}
