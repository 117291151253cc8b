//! Rust closures as the solver's tests and orderings: a custom convergence test, a
//! stopping test, an arbitrary selection of eigenpairs and an eigenvalue comparison.
//! All are kept through petsc-rs's callback module; an `Err` or a panic in any of them
//! makes [`Eps::solve`] return it, and the solver solves again afterwards.

use std::cell::Cell;
use std::cmp::Ordering;
use std::os::raw::c_void;

use crate::callback_kind as kind;
use crate::stoppable::{CompareFn, soft_run};
use petsc::{Real, Result, Scalar, Vector};
use slepc_sys as sys;

use super::{Eps, combine};

/// An arbitrary selection as the solver stores it.
type ArbitraryFn = dyn FnMut(Real, Real, &Vector, Option<&Vector>) -> Result<Real>;

/// What a EPS stopping test sees at one iteration.
pub type EpsStopState = crate::family::StopState;

thread_local! {
    /// Whether a comparison or arbitrary selection failed in the current solve: the
    /// closure is not called again until the next [`Eps::solve`].
    static SOFT_FAILED: Cell<bool> = const { Cell::new(false) };
}

/// Forgets a failure of a comparison or arbitrary selection of an earlier solve.
pub(super) fn clear_soft_failure() {
    SOFT_FAILED.with(|f| f.set(false));
}

/// A real as a scalar.
#[cfg(not(slepc_complex))]
fn scalar(v: Real) -> Scalar {
    v
}

/// A real as a scalar.
#[cfg(slepc_complex)]
fn scalar(v: Real) -> Scalar {
    Scalar::new(v, 0.0)
}

/// `EPSSetArbitrarySelection` trampoline.
unsafe extern "C" fn arbitrary_trampoline(
    er: Scalar,
    ei: Scalar,
    xr: sys::Vec,
    xi: sys::Vec,
    rr: *mut Scalar,
    ri: *mut Scalar,
    ctx: *mut c_void,
) -> sys::PetscErrorCode {
    let fallback = || {
        // SAFETY: SLEPc passes the addresses of its outputs (`ri` may be null).
        unsafe {
            *rr = Scalar::default();
            if !ri.is_null() {
                *ri = Scalar::default();
            }
        }
    };
    let kind = kind::EPS_ARBITRARY_SELECTION;
    soft_run::<ArbitraryFn>(&SOFT_FAILED, ctx, kind, fallback, |petsc, f| {
        let (re, im) = combine(er, ei);
        // SAFETY: SLEPc passes live work vectors (the second may be null), lent to
        // the closure for the call.
        let xr = unsafe { Vector::from_raw_lent(petsc, xr) }?;
        let xi = if xi.is_null() {
            None
        } else {
            // SAFETY: as above.
            Some(unsafe { Vector::from_raw_lent(petsc, xi) }?)
        };
        let v = f(re, im, &xr, xi.as_ref())?;
        // SAFETY: SLEPc passes the addresses of its outputs (`ri` may be null).
        unsafe {
            *rr = scalar(v);
            if !ri.is_null() {
                *ri = Scalar::default();
            }
        }
        Ok(())
    })
}

impl crate::stoppable::ComparedByValue for Eps {
    const COMPARISON: petsc::CallbackKind = kind::EPS_EIGENVALUE_COMPARISON;
    fn soft_failed() -> &'static std::thread::LocalKey<Cell<bool>> {
        &SOFT_FAILED
    }
}

impl Eps {
    petsc::methods![for Eps;
        /// Marks the solver for a new set-up and solve, so that the next
        /// [`solve`](Self::solve) uses a closure set after a solve (SLEPc's `EPSSolve`
        /// returns at once on a solved solver).
        pub(super) fn renew(&mut self) = slepcrs_EPSSetStateInitial as "slepcrs_EPSSetStateInitial";
    ];

    /// Selects eigenpairs by a value computed from each approximation
    /// (`EPSSetArbitrarySelection`, Krylov-Schur only): called with an approximate
    /// eigenvalue `(re, im)` and its eigenvector (real part, and the imaginary part for a
    /// complex pair of a real build), it returns the value that ranks the approximation
    /// in the place of the eigenvalue, in the order of
    /// [`set_which_eigenpairs`](Self::set_which_eigenpairs) (for example
    /// [`EpsWhich::LargestReal`](crate::EpsWhich::LargestReal): the largest values are kept).
    /// The closure lives as long as the solver (or until replaced). After an `Err` or a
    /// panic it is not called again in that solve (SLEPc gets zeros and finishes the
    /// solve), and [`solve`](Self::solve) returns the error.
    #[doc(alias = "EPSSetArbitrarySelection")]
    pub fn set_arbitrary_selection<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(Real, Real, &Vector, Option<&Vector>) -> Result<Real> + 'static,
    {
        let f: Box<ArbitraryFn> = Box::new(f);
        self.renew()?;
        // SAFETY: live solver; the closure is kept on it, and it gets the closure's context.
        unsafe {
            crate::family::attach_then(
                &self.slepc,
                self.ptr,
                kind::EPS_ARBITRARY_SELECTION,
                f,
                |ctx| sys::EPSSetArbitrarySelection(self.ptr, Some(arbitrary_trampoline), ctx),
            )
        }
    }

    /// Orders eigenvalues by a comparison (`EPSSetEigenvalueComparison`, which also sets
    /// [`EpsWhich::User`](crate::EpsWhich::User)): `Ordering::Less` when the first eigenvalue
    /// `(re, im)` is wanted before the second. The closure lives as long as the solver
    /// (or until replaced). After an `Err` or a panic it is not called again in that
    /// solve (SLEPc sees equal eigenvalues and finishes the solve), and
    /// [`solve`](Self::solve) returns the error.
    ///
    /// ```
    /// use petsc::{InsertMode, Mat, Scalar, Sizes};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut a = Mat::aij(&c).sizes(Sizes::global(10, 10)).preallocate(1, 0).build()?;
    /// for i in 0..10 {
    ///     a.set_values(&[i], &[i], &[Scalar::from((i + 1) as f64)], InsertMode::Insert)?;
    /// }
    /// a.assemble()?;
    /// let mut eps = slepc::Eps::new(&c)?;
    /// eps.set_operators(&a, None)?;
    /// eps.set_type(slepc::EpsType::Lapack)?;
    /// // Closest to 4.2 first.
    /// eps.set_eigenvalue_comparison(|a, b| {
    ///     Ok((a.0 - 4.2).abs().total_cmp(&(b.0 - 4.2).abs()))
    /// })?;
    /// assert_eq!(eps.which_eigenpairs()?, slepc::EpsWhich::User);
    /// eps.solve()?.check()?;
    /// assert!((eps.value(0)?.re - 4.0).abs() < 1e-12);
    /// assert!((eps.value(1)?.re - 5.0).abs() < 1e-12);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "EPSSetEigenvalueComparison")]
    pub fn set_eigenvalue_comparison<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut((Real, Real), (Real, Real)) -> Result<Ordering> + 'static,
    {
        let f: Box<CompareFn> = Box::new(f);
        self.renew()?;
        let kind = kind::EPS_EIGENVALUE_COMPARISON;
        // SAFETY: live solver; the closure is kept on it, and it gets the closure's context.
        unsafe {
            crate::family::attach_then(&self.slepc, self.ptr, kind, f, |ctx| {
                sys::EPSSetEigenvalueComparison(
                    self.ptr,
                    Some(crate::stoppable::compare_trampoline::<Eps>),
                    ctx,
                )
            })
        }
    }
}
