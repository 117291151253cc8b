//! Matrix function solvers (`MFN`): `x = f(A) b` for a large sparse `A` without forming
//! `f(A)`, with `f` an [`MathFn`](crate::MathFn) (the exponential by default).
//!
//! Like every handle, solvers and functions stay on the thread that made them:
//!
//! ```compile_fail,E0277
//! fn send<T: Send>(_: T) {}
//! let petsc = petsc::Petsc::init()?;
//! send(slepc::Mfn::new(&petsc.self_comm())?);
//! # Ok::<(), petsc::Error>(())
//! ```
//!
//! ```compile_fail,E0277
//! fn send<T: Send>(_: T) {}
//! let petsc = petsc::Petsc::init()?;
//! send(slepc::MathFn::new(&petsc.self_comm())?);
//! # Ok::<(), petsc::Error>(())
//! ```

use petsc::{Error, Int, Mat, Result, Vector};
use slepc_sys as sys;

use crate::MathFn;
use crate::checks;
use crate::declare::declare;
use crate::error::check;
use crate::family::solver_family;
use crate::handle::slepc_handle;

slepc_handle!(
    /// A SLEPc matrix function solver (`MFN`): computes `x = f(A) b`.
    ///
    /// ```
    /// use petsc::{InsertMode, Mat, Sizes, Vector};
    /// use slepc::{FnType, Mfn};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut a = Mat::aij(&c).sizes(Sizes::global(3, 3)).preallocate(1, 0).build()?;
    /// for i in 0..3 {
    ///     a.set_values(&[i], &[i], &[-(i as f64)], InsertMode::Insert)?;
    /// }
    /// a.assemble()?;
    /// let mut mfn = Mfn::new(&c)?;
    /// mfn.set_operator(&a)?;
    /// mfn.fn_()?.set_type(FnType::Exp)?;
    /// let b = Vector::from_slice(&c, &[1.0, 1.0, 1.0])?;
    /// let mut x = b.duplicate()?;
    /// mfn.solve(&b, &mut x)?.check()?;
    /// let x = x.values(&[0, 1, 2])?;
    /// for i in 0..3 {
    ///     assert!((x[i] - (-(i as f64)).exp()).abs() < 1e-10);
    /// }
    /// # Ok::<(), petsc::Error>(())
    /// ```
    Mfn,
    sys::MFN,
    sys::MFNDestroy,
    /// A new matrix function solver on `comm` (`MFNCreate`).
    new = sys::MFNCreate as "MFNCreate",
);

declare! { @types
/// Matrix function solver types (`MFNType`); [`MfnType::Other`] names any registered
/// type.
///
/// ```
/// use slepc::MfnType;
/// assert_eq!(MfnType::Krylov.as_str(), "krylov");
/// assert_eq!("expokit".parse::<MfnType>().unwrap(), MfnType::Expokit);
/// ```
MfnType {
    Krylov = MFNKRYLOV "krylov" "restarted Krylov method (the default), for any function.",
    Expokit = MFNEXPOKIT "expokit" "Expokit's algorithm, for the exponential only.",
}
}

declare! { @reason
    /// Why a matrix function solve stopped (`MFNConvergedReason`).
    MfnConvergedReason: "MFNConvergedReason" = MFNConvergedReason in MFNConvergedReasons,
        "MFN", "";
    [
        /// `MFN_CONVERGED_ITS` (2): the requested number of iterations were done.
        ConvergedIts = 2, "CONVERGED_ITS";
    ] []
}

petsc::class_methods! {
    Mfn: MfnType, "MFN", sys::MFNList,
    example = "let mut obj = slepc::Mfn::new(&petsc.self_comm())?;", a_type = "expokit",
    inner = " and its FN",
    set_type = sys::MFNSetType as "MFNSetType",
    set_options_prefix = sys::MFNSetOptionsPrefix as "MFNSetOptionsPrefix",
    append_options_prefix = sys::MFNAppendOptionsPrefix as "MFNAppendOptionsPrefix",
    options_prefix = sys::MFNGetOptionsPrefix as "MFNGetOptionsPrefix",
    set_from_options = sys::MFNSetFromOptions as "MFNSetFromOptions",
}

impl Mfn {
    petsc::methods![for Mfn;
        /// Forgets the operator and what was built from it (`MFNReset`).
        pub fn reset(&mut self) = MFNReset as "MFNReset";
    ];

    /// The matrix `A` of `f(A) b` (`MFNSetOperator`), square; the solver keeps its own
    /// reference.
    #[doc(alias = "MFNSetOperator")]
    pub fn set_operator(&mut self, a: &Mat) -> Result<()> {
        a.check_loan("Mfn::set_operator")?;
        const KEPT: &str = "Mfn::set_operator";
        let ((m, n), (lm, ln)) = (a.size()?, a.local_size()?);
        // The local split may be wrong on some ranks only: the ranks agree.
        let local = if m != n || lm != ln {
            Err(Error::size_mismatch(
                KEPT,
                format!("the matrix is {m} x {n} ({lm} x {ln} on this rank), not square"),
            ))
        } else {
            Ok(())
        };
        checks::agree(self, KEPT, local)?;
        // SAFETY: live objects; SLEPc references the matrix.
        check(unsafe { sys::MFNSetOperator(self.ptr, a.kept_raw(KEPT)?) })
    }

    /// The operator, if set (`MFNGetOperator`), as a handle holding its own reference.
    #[doc(alias = "MFNGetOperator")]
    pub fn operator(&self) -> Result<Option<Mat>> {
        let mut a: sys::Mat = std::ptr::null_mut();
        // SAFETY: live object; SLEPc lends its matrix, or null.
        check(unsafe { sys::MFNGetOperator(self.ptr, &mut a) })?;
        if a.is_null() {
            return Ok(None);
        }
        // SAFETY: a live matrix the solver holds; the handle takes a reference.
        unsafe { Mat::from_raw_borrowed(self.slepc.petsc(), a) }.map(Some)
    }

    /// The function `f` of the solver (`MFNGetFN`), as a handle sharing it (and holding
    /// references to it and to the solver): what is set through it applies to the
    /// solves. Its options prefix is the solver's (`mfn_`, so `-mfn_fn_type` applies).
    /// Named `fn_` because `fn` is a Rust keyword.
    #[doc(alias = "MFNGetFN")]
    pub fn fn_(&self) -> Result<MathFn> {
        let mut f: sys::FN = std::ptr::null_mut();
        // SAFETY: live object; SLEPc returns its FN (creating it if needed).
        check(unsafe { sys::MFNGetFN(self.ptr, &mut f) })?;
        // SAFETY: the solver's live FN; the handle takes a reference to it and one to
        // the solver.
        unsafe { MathFn::from_raw_child(&self.slepc, f, self.ptr as sys::PetscObject) }
    }

    /// Uses `f` as the solver's function (`MFNSetFN`); the solver keeps its own
    /// reference, so `f` may be dropped, or kept and configured further.
    #[doc(alias = "MFNSetFN")]
    pub fn set_fn(&mut self, f: &MathFn) -> Result<()> {
        // SAFETY: live objects; SLEPc references the FN and releases its previous one.
        check(unsafe { sys::MFNSetFN(self.ptr, f.as_raw()) })
    }

    /// The dimension of the Krylov subspace, `ncv` (`MFNSetDimensions`), at least 1.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut mfn = slepc::Mfn::new(&petsc.self_comm())?;
    /// mfn.set_dimensions(12)?;
    /// assert_eq!(mfn.dimensions()?, 12);
    /// assert!(mfn.set_dimensions(0).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MFNSetDimensions")]
    pub fn set_dimensions(&mut self, ncv: Int) -> Result<()> {
        if ncv < 1 {
            return Err(Error::invalid(
                "Mfn::set_dimensions",
                format!("ncv is {ncv}; it must be >= 1"),
            ));
        }
        // SAFETY: live object.
        check(unsafe { sys::MFNSetDimensions(self.ptr, ncv) })
    }

    petsc::methods![for Mfn;
        /// The dimension of the Krylov subspace (`MFNGetDimensions`); 0 before set-up when
        /// not set.
        pub fn dimensions(&self) -> Int = MFNGetDimensions as "MFNGetDimensions";

        /// Whether a solve that does not converge returns an error
        /// (`MFNSetErrorIfNotConverged`).
        pub fn set_error_if_not_converged(&mut self, flag: bool)
            = MFNSetErrorIfNotConverged as "MFNSetErrorIfNotConverged";

        /// Whether a solve that does not converge returns an error
        /// (`MFNGetErrorIfNotConverged`).
        pub fn error_if_not_converged(&self) -> bool
            = MFNGetErrorIfNotConverged as "MFNGetErrorIfNotConverged";
    ];

    /// Sets up the solver now (`MFNSetUp`); `solve` does it otherwise. The operator must
    /// be set.
    #[doc(alias = "MFNSetUp")]
    pub fn set_up(&mut self) -> Result<()> {
        self.operator_size("Mfn::set_up")?;
        // SAFETY: live solver with an operator.
        check(unsafe { sys::MFNSetUp(self.ptr) })
    }

    /// Computes `x = f(A) b` (`MFNSolve`); `b` and `x` have the operator's layout.
    /// Returns why the solve stopped (as [`converged_reason`](Self::converged_reason)
    /// does afterwards). Not converging is an error only with
    /// [`set_error_if_not_converged`](Self::set_error_if_not_converged): otherwise the
    /// reason says it, and is `#[must_use]`; `mfn.solve(&b, &mut x)?.check()?` turns a
    /// diverged one into [`petsc::Error::NotConverged`].
    #[doc(alias = "MFNSolve")]
    pub fn solve(&mut self, b: &Vector, x: &mut Vector) -> Result<MfnConvergedReason> {
        let _access = self.access("Mfn::solve", b, x)?;
        self.guarded(|m| {
            // SAFETY: live solver with an operator, vectors of its layout and distinct.
            unsafe { sys::MFNSolve(m, b.as_raw(), x.as_raw()) }
        })
    }

    /// Runs a solve, then puts back the iteration limit a failed monitor lowered;
    /// returns why the solve stopped.
    fn guarded(
        &mut self,
        solve: impl FnOnce(sys::MFN) -> sys::PetscErrorCode,
    ) -> Result<MfnConvergedReason> {
        let ptr = self.ptr;
        // SAFETY: live solver for the call.
        unsafe { crate::family::guarded_solve::<Mfn>(ptr, || solve(ptr)) }?;
        self.converged_reason()
    }

    /// Computes `x = f(A)^T b` (`MFNSolveTranspose`) and returns why the solve stopped,
    /// as [`solve`](Self::solve) does.
    #[doc(alias = "MFNSolveTranspose")]
    pub fn solve_transpose(&mut self, b: &Vector, x: &mut Vector) -> Result<MfnConvergedReason> {
        let _access = self.access("Mfn::solve_transpose", b, x)?;
        self.guarded(|m| {
            // SAFETY: live solver with an operator, vectors of its layout and distinct.
            unsafe { sys::MFNSolveTranspose(m, b.as_raw(), x.as_raw()) }
        })
    }

    petsc::methods![for Mfn;
        /// The number of iterations of the last solve (`MFNGetIterationNumber`).
        pub fn iteration_number(&self) -> Int = MFNGetIterationNumber as "MFNGetIterationNumber";

        /// Why the last solve stopped (`MFNGetConvergedReason`).
        pub fn converged_reason(&self) -> MfnConvergedReason
            = MFNGetConvergedReason as "MFNGetConvergedReason";
    ];

    /// The operator's global and local sizes, or an error naming `ctx` without one.
    fn operator_size(&self, ctx: &str) -> Result<(Int, Int)> {
        match self.operator()? {
            Some(a) => Ok((a.size()?.0, a.local_size()?.0)),
            None => Err(Error::invalid(ctx, "no operator: call set_operator first")),
        }
    }

    /// A solve's vectors checked and its reading of `b` and writing of `x` registered
    /// for the call, agreed on every rank (a split over the ranks that differs on some
    /// ranks only is an `Err` on all of them).
    fn access(&self, ctx: &str, b: &Vector, x: &Vector) -> Result<checks::Access> {
        let local = self
            .check_vectors(ctx, b, x)
            .and_then(|()| checks::access(ctx, &[b], &[x]));
        checks::agree(self, ctx, local)
    }

    fn check_vectors(&self, ctx: &str, b: &Vector, x: &Vector) -> Result<()> {
        let (n, ln) = self.operator_size(ctx)?;
        if b.as_raw() == x.as_raw() {
            return Err(Error::invalid(ctx, "b and x must be different vectors"));
        }
        for (name, v) in [("b", b), ("x", x)] {
            let (g, l) = (v.size()?, v.local_size()?);
            if (g, l) != (n, ln) {
                return Err(Error::size_mismatch(
                    ctx,
                    format!("{name} has {g} entries ({l} on this rank), the operator {n} ({ln})"),
                ));
            }
        }
        Ok(())
    }
}

solver_family! { Mfn;
    bv = MFNGetBV as "MFNGetBV", MFNSetBV as "MFNSetBV";
    estimate_monitor = MFNMonitorSet as "MFNMonitorSet", MFNMonitorCancel as "MFNMonitorCancel";
    estimate_solver(MFN, MFN_MONITOR, lower_limit = true) = MFNGetTolerances as "MFNGetTolerances", MFNSetTolerances as "MFNSetTolerances";
    tolerances = MFNSetTolerances as "MFNSetTolerances", MFNGetTolerances as "MFNGetTolerances";
}
