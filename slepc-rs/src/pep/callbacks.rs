//! Rust closures as the solver's tests and ordering: a custom convergence test, a
//! stopping test and an eigenvalue comparison. All are kept through petsc-rs's callback
//! module; an `Err` or a panic in any of them makes [`Pep::solve`] return it, and the
//! solver solves again afterwards.

use std::cell::Cell;
use std::cmp::Ordering;

use crate::callback_kind as kind;
use crate::stoppable::CompareFn;
use petsc::{Real, Result};
use slepc_sys as sys;

use super::Pep;

/// What a PEP stopping test sees at one iteration.
pub type PepStopState = crate::family::StopState;

thread_local! {
    /// Whether a comparison failed in the current solve: the closure is not called
    /// again until the next [`Pep::solve`].
    static SOFT_FAILED: Cell<bool> = const { Cell::new(false) };
}

/// Forgets a failure of a comparison of an earlier solve.
pub(super) fn clear_soft_failure() {
    SOFT_FAILED.with(|f| f.set(false));
}

impl crate::stoppable::ComparedByValue for Pep {
    const COMPARISON: petsc::CallbackKind = kind::PEP_EIGENVALUE_COMPARISON;
    fn soft_failed() -> &'static std::thread::LocalKey<Cell<bool>> {
        &SOFT_FAILED
    }
}

impl Pep {
    petsc::methods![for Pep;
        /// Marks the solver for a new set-up and solve, so that the next
        /// [`solve`](Self::solve) uses a test set after a solve (SLEPc's `PEPSolve` returns
        /// at once on a solved solver).
        pub(super) fn renew(&mut self) = slepcrs_PEPSetStateInitial as "slepcrs_PEPSetStateInitial";
    ];

    /// Orders eigenvalues by a comparison (`PEPSetEigenvalueComparison`, which also sets
    /// [`PepWhich::User`](crate::PepWhich::User)): `Ordering::Less` when the first
    /// eigenvalue `(re, im)` is wanted before the second. The closure lives as long as
    /// the solver (or until replaced). After an `Err` or a panic it is not called again
    /// in that solve (SLEPc sees equal eigenvalues and finishes the solve), and
    /// [`solve`](Self::solve) returns the error.
    ///
    /// A diagonal quadratic `lambda^2 + 2 lambda + k_i = 0`, `k_i = i / 10` below 1: real
    /// roots `-1 +- sqrt(1 - k_i)`; the two closest to `-0.3` are
    /// `-1 + sqrt(0.5) = -0.2929` (`k = 0.5`) and `-1 + sqrt(0.4) = -0.3675` (`k = 0.6`).
    ///
    /// ```
    /// use petsc::{InsertMode, Mat, Scalar, Sizes};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let diag = |f: &dyn Fn(usize) -> f64| -> petsc::Result<Mat> {
    ///     let mut a = Mat::aij(&c).sizes(Sizes::global(8, 8)).preallocate(1, 0).build()?;
    ///     for i in 0..8 {
    ///         a.set_values(&[i as petsc::Int], &[i as petsc::Int], &[Scalar::from(f(i))], InsertMode::Insert)?;
    ///     }
    ///     a.assemble()?;
    ///     Ok(a)
    /// };
    /// let (k, d, m) = (diag(&|i| (i + 1) as f64 / 10.0)?, diag(&|_| 2.0)?, diag(&|_| 1.0)?);
    /// let mut pep = slepc::Pep::new(&c)?;
    /// pep.set_operators(&[&k, &d, &m])?;
    /// pep.set_dimensions_to(slepc::Dimensions::new(2))?;
    /// pep.set_eigenvalue_comparison(|a, b| {
    ///     let dist = |z: (f64, f64)| (z.0 + 0.3).hypot(z.1);
    ///     Ok(dist(a).total_cmp(&dist(b)))
    /// })?;
    /// assert_eq!(pep.which_eigenpairs()?, Some(slepc::PepWhich::User));
    /// pep.set_tolerances(slepc::Tolerances { tol: Some(1e-12), ..Default::default() })?;
    /// pep.solve()?.check()?;
    /// assert!(pep.converged_count()? >= 2);
    /// let l0 = pep.value(0)?.re;
    /// let l1 = pep.value(1)?.re;
    /// assert!((l0 - (-1.0 + 0.5f64.sqrt())).abs() < 1e-8, "{l0}");
    /// assert!((l1 - (-1.0 + 0.4f64.sqrt())).abs() < 1e-8, "{l1}");
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PEPSetEigenvalueComparison")]
    pub fn set_eigenvalue_comparison<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut((Real, Real), (Real, Real)) -> Result<Ordering> + 'static,
    {
        let f: Box<CompareFn> = Box::new(f);
        self.renew()?;
        let kind = kind::PEP_EIGENVALUE_COMPARISON;
        // SAFETY: live solver; the closure is kept on it, and it gets the closure's context.
        unsafe {
            crate::family::attach_then(&self.slepc, self.ptr, kind, f, |ctx| {
                sys::PEPSetEigenvalueComparison(
                    self.ptr,
                    Some(crate::stoppable::compare_trampoline::<Pep>),
                    ctx,
                )
            })
        }
    }
}
