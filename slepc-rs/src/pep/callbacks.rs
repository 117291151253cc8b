//! Rust closures as the solver's tests: a custom convergence test and a stopping test.
//! Both are kept through petsc-rs's callback module; an `Err` or a panic in either makes
//! [`Pep::solve`] return it, and the solver solves again afterwards.

use crate::callback_kind as kind;
use crate::family::{ConvFn, StopFn, conv_trampoline, stop_trampoline};
use petsc::ffi::hand_over;
use petsc::{Real, Result};
use slepc_sys as sys;

use super::{Pep, PepConvergedReason};

/// What a PEP stopping test sees at one iteration.
pub type PepStopState = crate::family::StopState;

impl Pep {
    petsc::methods![for Pep;
        /// Marks the solver for a new set-up and solve, so that the next
        /// [`solve`](Self::solve) uses a test set after a solve (SLEPc's `PEPSolve` returns
        /// at once on a solved solver).
        pub(super) fn renew(&mut self) = slepcrs_PEPSetStateInitial as "slepcrs_PEPSetStateInitial";
    ];

    /// Sets a custom convergence test (`PEPSetConvergenceTestFunction`): called with an
    /// approximate eigenvalue `(re, im)` and its residual norm, it returns the error
    /// estimate that the solver compares with the tolerance. The closure is owned by the
    /// solver (dropped with it, or replaced by the next one);
    /// [`set_convergence_test`](Self::set_convergence_test) goes back to a built-in
    /// test. An `Err` or a panic ends the solve, and [`solve`](Self::solve) returns it.
    /// The `linear` type ignores it (its inner [`Eps`](crate::Eps) tests convergence).
    ///
    /// ```
    /// use petsc::{InsertMode, Mat, Scalar};
    /// use slepc::PepConv;
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let diag = |f: fn(f64) -> f64| -> petsc::Result<Mat> {
    ///     let mut a = Mat::new_aij(&c, None, None, Some(20), Some(20), 1, 0)?;
    ///     for i in 0..20 {
    ///         a.set_values(&[i], &[i], &[Scalar::from(f((i + 1) as f64))], InsertMode::Insert)?;
    ///     }
    ///     a.assemble()?;
    ///     Ok(a)
    /// };
    /// // -(i+1) + lambda^2: lambda = +-sqrt(i+1)
    /// let (k, cm, m) = (diag(|x| -x)?, diag(|_| 0.0)?, diag(|_| 1.0)?);
    /// let mut pep = slepc::Pep::new(&c)?;
    /// pep.set_operators(&[&k, &cm, &m])?;
    /// // Absolute residuals, as PepConv::Abs.
    /// pep.set_convergence_test_function(|_re, _im, res| Ok(res))?;
    /// assert_eq!(pep.convergence_test()?, PepConv::User);
    /// pep.solve()?;
    /// assert!((pep.eigenvalue(0)?.0.abs() - 20f64.sqrt()).abs() < 1e-8);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PEPSetConvergenceTestFunction")]
    pub fn set_convergence_test_function<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(Real, Real, Real) -> Result<Real> + 'static,
    {
        let f: Box<ConvFn> = Box::new(f);
        self.renew()?;
        hand_over(self.slepc.petsc(), kind::PEP_CONVERGENCE_TEST, f, |ctx| {
            // `PEPSetConvergenceTestFunction` takes a `PetscCtxDestroyFn` (given the context's
            // address) from SLEPc 3.23.
            #[cfg(not(slepc_3_23))]
            let destroy = petsc::ffi::release;
            #[cfg(slepc_3_23)]
            let destroy = petsc::ffi::release_at;
            // SAFETY: live solver; the context is a registered closure, released by the
            // destroy hook when SLEPc lets go of it (replaced, or the solver destroyed).
            unsafe {
                sys::PEPSetConvergenceTestFunction(
                    self.ptr,
                    Some(conv_trampoline::<Pep>),
                    ctx,
                    Some(destroy),
                )
            }
        })
    }

    /// Sets a stopping test (`PEPSetStoppingTestFunction`), called at every iteration
    /// in place of SLEPc's (which stops when `nev` pairs converged or at the iteration
    /// limit): it returns [`PepConvergedReason::Iterating`] to go on, or the reason to
    /// stop with (a converged reason such as
    /// [`ConvergedUser`](PepConvergedReason::ConvergedUser), or a diverged one). It
    /// must stop by itself at the iteration limit. The closure is owned by the solver;
    /// an `Err` or a panic ends the solve, and [`solve`](Self::solve) returns it.
    /// [`set_stopping_test`](Self::set_stopping_test)`(PepStop::Basic)` goes back to
    /// SLEPc's test. The `linear` type refuses user stopping tests at set-up.
    ///
    /// ```
    /// use petsc::{InsertMode, Mat, Scalar};
    /// use slepc::{PepConvergedReason as R, PepStop};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let diag = |f: fn(f64) -> f64| -> petsc::Result<Mat> {
    ///     let mut a = Mat::new_aij(&c, None, None, Some(100), Some(100), 1, 0)?;
    ///     for i in 0..100 {
    ///         a.set_values(&[i], &[i], &[Scalar::from(f((i + 1) as f64))], InsertMode::Insert)?;
    ///     }
    ///     a.assemble()?;
    ///     Ok(a)
    /// };
    /// let (k, cm, m) = (diag(|x| x)?, diag(|x| 0.5 * x.sqrt())?, diag(|_| 1.0)?);
    /// let mut pep = slepc::Pep::new(&c)?;
    /// pep.set_operators(&[&k, &cm, &m])?;
    /// pep.set_stopping_test_function(|s| {
    ///     Ok(if s.iteration >= 2 { R::ConvergedUser } else { R::Iterating })
    /// })?;
    /// assert_eq!(pep.stopping_test()?, PepStop::User);
    /// pep.solve()?;
    /// assert_eq!(pep.iteration_number()?, 2);
    /// assert_eq!(pep.converged_reason()?, R::ConvergedUser);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PEPSetStoppingTestFunction")]
    pub fn set_stopping_test_function<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(&PepStopState) -> Result<PepConvergedReason> + 'static,
    {
        let f: Box<StopFn<PepConvergedReason>> = Box::new(f);
        self.renew()?;
        // Kept on the solver, not through SLEPc's destroy hook: SLEPc 3.18's PEPDestroy
        // does not call the stopping test's.
        // SAFETY: live solver; the closure is kept on it, and it gets the closure's context.
        unsafe {
            crate::family::attach_then(&self.slepc, self.ptr, kind::PEP_STOPPING_TEST, f, |ctx| {
                sys::PEPSetStoppingTestFunction(self.ptr, Some(stop_trampoline::<Pep>), ctx, None)
            })
        }
    }
}
