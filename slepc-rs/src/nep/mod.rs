//! Nonlinear eigenvalue problem solvers (`NEP`): `T(lambda) x = 0`, with `T` given in
//! split form (`T(lambda) = sum_i A_i f_i(lambda)`, matrices and [`MathFn`](crate::MathFn)
//! functions) or by Rust closures that fill `T(lambda)` and `T'(lambda)`.
//!
//! Like every handle, a solver stays on the thread that made it:
//!
//! ```compile_fail,E0277
//! fn send<T: Send>(_: T) {}
//! let petsc = petsc::Petsc::init()?;
//! send(slepc::Nep::new(&petsc.self_comm())?);
//! # Ok::<(), petsc::Error>(())
//! ```

use petsc::{Error, Int, Mat, Object, Real, Result, Scalar, Vector};
use slepc_sys as sys;

use crate::checks;
use crate::declare::declare;
use crate::error::check;
use crate::family::solver_family;
use crate::handle::slepc_handle;

mod callbacks;
mod results;
mod settings;
mod types;

pub use callbacks::{NepMonitorState, NepStopState};
pub use settings::{NepConv, NepRefine, NepRefineScheme, NepRefinement, NepStop};
#[cfg(slepc_complex)]
pub use types::{NepCissExtraction, NepCissSizes};

slepc_handle!(
    /// A SLEPc nonlinear eigensolver (`NEP`) for `T(lambda) x = 0`.
    ///
    /// The problem is given either in split form, `T(lambda) = sum_i A_i f_i(lambda)`
    /// ([`set_split_operator`](Self::set_split_operator)), or by closures that fill the
    /// matrices `T(lambda)` and `T'(lambda)` ([`set_function`](Self::set_function) and
    /// [`set_jacobian`](Self::set_jacobian)).
    ///
    /// ```
    /// use petsc::{InsertMode, Mat, MatStructure, Scalar, Sizes};
    /// use slepc::{MathFn, FnType, Nep, NepType};
    /// let petsc = petsc::Petsc::init()?;
    /// let world = petsc.world();
    /// // T(lambda) = A - lambda I with A = diag(1, 2, ..., 10): eigenvalues 1, ..., 10.
    /// let n = 10;
    /// let mut a = Mat::aij(&world).sizes(Sizes::global(n, n)).preallocate(1, 0).build()?;
    /// let mut id = Mat::aij(&world).sizes(Sizes::global(n, n)).preallocate(1, 0).build()?;
    /// for i in a.ownership_range()? {
    ///     a.set_values(&[i], &[i], &[Scalar::from((i + 1) as f64)], InsertMode::Insert)?;
    ///     id.set_values(&[i], &[i], &[Scalar::from(1.0)], InsertMode::Insert)?;
    /// }
    /// a.assemble()?;
    /// id.assemble()?;
    /// let mut one = MathFn::new(&world)?; // f(lambda) = 1
    /// one.set_type(FnType::Rational)?;
    /// one.set_rational_numerator(&[Scalar::from(1.0)])?;
    /// let mut minus = MathFn::new(&world)?; // f(lambda) = -lambda
    /// minus.set_type(FnType::Rational)?;
    /// minus.set_rational_numerator(&[Scalar::from(-1.0), Scalar::from(0.0)])?;
    ///
    /// let mut nep = Nep::new(&world)?;
    /// nep.set_split_operator(&[&a, &id], &[&one, &minus], MatStructure::Subset)?;
    /// nep.set_type(NepType::Rii)?;
    /// nep.set_target(3.2)?;
    /// nep.set_tolerances(slepc::Tolerances { tol: Some(1e-10), ..Default::default() })?;
    /// nep.set_from_options()?; // -nep_type, -nep_nev, -nep_target, ... still apply
    /// nep.solve()?.check()?;
    /// assert!(nep.converged_count()? >= 1);
    /// let petsc::Complex { re, im } = nep.value(0)?;
    /// assert!((re - 3.0).abs() < 1e-8 && im.abs() < 1e-12);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    Nep,
    sys::NEP,
    sys::slepcrs_NEPDestroy,
    /// A new nonlinear eigensolver on `comm` (`NEPCreate`).
    new = sys::NEPCreate as "NEPCreate",
);

declare! { @types
/// Nonlinear eigensolvers (`NEPType`); [`NepType::Other`] names any registered type.
///
/// ```
/// use slepc::NepType;
/// assert_eq!(NepType::Rii.as_str(), "rii");
/// assert_eq!(NepType::from_name("nleigs"), NepType::Nleigs);
/// assert_eq!(NepType::from_name("mine"), NepType::Other("mine".into()));
/// ```
NepType {
    Rii = NEPRII "rii" "residual inverse iteration (SLEPc's default).",
    Slp = NEPSLP "slp" "successive linear problems, each solved by an inner \
        [`Eps`](crate::Eps).",
    Narnoldi = NEPNARNOLDI "narnoldi" "nonlinear Arnoldi (split form only).",
    Ciss = NEPCISS "ciss" "contour integral (Sakurai-Sugiura), complex builds.",
    Interpol = NEPINTERPOL "interpol" "polynomial interpolation in an interval, solved by an \
        inner PEP (split form only).",
    Nleigs = NEPNLEIGS "nleigs" "rational Krylov with (N)LEIGS interpolation in a region.",
}
}

declare! { @enums
/// The kind of nonlinear eigenproblem (`NEPProblemType`).
NepProblemType: NEPProblemType {
    General = NEP_GENERAL "no structure known.",
    Rational = NEP_RATIONAL "split form with every `f_i` rational (NLEIGS interpolates it \
        exactly).",
}
}

declare! { @enum which
/// Which eigenvalues to compute (`NEPWhich`). Most solvers look only near the target
/// ([`NepWhich::TargetMagnitude`], their default).
NepWhich: NEPWhich =
    NEP_LARGEST_MAGNITUDE, NEP_SMALLEST_MAGNITUDE, NEP_LARGEST_REAL, NEP_SMALLEST_REAL,
    NEP_LARGEST_IMAGINARY, NEP_SMALLEST_IMAGINARY, NEP_TARGET_MAGNITUDE, NEP_TARGET_REAL,
    NEP_TARGET_IMAGINARY;
    /// `NEP_ALL`: all eigenvalues in the region (CISS).
    All = NEP_ALL,
    /// `NEP_WHICH_USER`: sorted by a comparison set with
    /// [`Nep::set_eigenvalue_comparison`] (refused by
    /// [`Nep::set_which_eigenpairs`]).
    User = NEP_WHICH_USER,
}

declare! { @error_type
/// How [`Nep::compute_error`] measures an eigenpair's error (`NEPErrorType`).
NepErrorType: NEPErrorType = NEP_ERROR_ABSOLUTE "`||T(lambda) x||` (`x` of norm 1)",
    NEP_ERROR_RELATIVE "`|lambda|`";
    /// `NEP_ERROR_BACKWARD`: the backward error (split form only).
    Backward = NEP_ERROR_BACKWARD
}

declare! { @reason
    /// Why a solve stopped (`NEPConvergedReason`): positive converged, negative diverged,
    /// zero still iterating. Codes this enum does not name are kept as `Unknown`.
    ///
    /// ```
    /// use slepc::NepConvergedReason as R;
    /// assert_eq!(R::from_raw(1), R::ConvergedTol);
    /// assert!(R::ConvergedTol.is_converged());
    /// assert!(R::DivergedLinearSolve.is_diverged());
    /// assert_eq!(R::DivergedIts.to_string(), "DIVERGED_ITS");
    /// assert_eq!(R::from_raw(-42), R::Unknown(-42));
    /// ```
    NepConvergedReason: "NEPConvergedReason" = NEPConvergedReason in NEPConvergedReasons,
        "NEP", "`nev` eigenpairs ";
    [
        /// `NEP_CONVERGED_USER` (2): a user stopping test said so.
        ConvergedUser = 2, "CONVERGED_USER";
    ] [
        /// `NEP_DIVERGED_LINEAR_SOLVE` (-4): an inner linear solve failed.
        DivergedLinearSolve = -4, "DIVERGED_LINEAR_SOLVE";
        /// `NEP_DIVERGED_SUBSPACE_EXHAUSTED` (-5): the search subspace is exhausted.
        DivergedSubspaceExhausted = -5, "DIVERGED_SUBSPACE_EXHAUSTED";
    ]
}

declare! { @eigensolver Nep [_p_NEP, NepConvergedReason, NEPConvergedReason]
    [NEP_MONITOR, NEP_CONVERGENCE_TEST, NEP_STOPPING_TEST] {}
}

petsc::class_methods! {
    Nep: NepType, "NEP", sys::NEPList,
    example = "let mut obj = slepc::Nep::new(&petsc.self_comm())?;", a_type = "slp",
    inner = " and its parts (inner KSP, EPS or PEP, BV, DS, RG)",
    set_type = sys::slepcrs_NEPSetType as "NEPSetType",
    set_options_prefix = sys::NEPSetOptionsPrefix as "NEPSetOptionsPrefix",
    append_options_prefix = sys::NEPAppendOptionsPrefix as "NEPAppendOptionsPrefix",
    options_prefix = sys::NEPGetOptionsPrefix as "NEPGetOptionsPrefix",
    set_from_options = sys::slepcrs_NEPSetFromOptions as "NEPSetFromOptions",
}

/// How the problem was given: `None` before it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Form {
    /// `NEPSetSplitOperator`.
    Split,
    /// `NEPSetFunction` (and `NEPSetJacobian`).
    Callback,
}

impl Nep {
    /// How the problem was given (split form or closures), or `None` before it is.
    pub(crate) fn form(&self) -> Result<Option<Form>> {
        let mut fui: Int = 0;
        // SAFETY: live solver; one output.
        check(unsafe { sys::slepcrs_NEPGetUserInterface(self.ptr, &mut fui) })?;
        Ok(match fui {
            1 => Some(Form::Callback),
            2 => Some(Form::Split),
            _ => None,
        })
    }

    /// The global size `n` of the problem (`T(lambda)` is `n x n`), or `None` before the
    /// problem is given.
    pub fn size(&self) -> Result<Option<Int>> {
        Ok(self
            .problem_mat()?
            .map(|m| m.size())
            .transpose()?
            .map(|s| s.0))
    }

    /// A matrix of the problem's layout: the first split matrix, or `T`'s matrix.
    pub(crate) fn problem_mat(&self) -> Result<Option<Mat>> {
        match self.form()? {
            None => Ok(None),
            Some(Form::Split) => Ok(Some(self.split_operator_term(0)?.0)),
            Some(Form::Callback) => Ok(self.function().map(|(f, _)| Some(f))?),
        }
    }

    petsc::methods![for Nep;
        /// Sets the kind of problem (`NEPSetProblemType`).
        ///
        /// ```
        /// use slepc::NepProblemType;
        /// let petsc = petsc::Petsc::init()?;
        /// let mut nep = slepc::Nep::new(&petsc.self_comm())?;
        /// assert_eq!(nep.problem_type()?, None);
        /// nep.set_problem_type(NepProblemType::Rational)?;
        /// assert_eq!(nep.problem_type()?, Some(NepProblemType::Rational));
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_problem_type(&mut self, ty: NepProblemType)
            = NEPSetProblemType as "NEPSetProblemType";
    ];

    fn check_nev(&self, ctx: &str, nev: Int) -> Result<()> {
        checks::count_fits(ctx, "eigenpairs", nev, self.size()?)
    }

    /// Refuses a solve that cannot start: no problem, too many eigenpairs, or closures
    /// without the Jacobian a solver type needs (checked here so that the solve does not
    /// fail half-way, leaving the solver type's work memory allocated).
    fn check_ready(&self, ctx: &str) -> Result<()> {
        let Some(form) = self.form()? else {
            return Err(Error::invalid(
                ctx,
                "no problem: call set_split_operator, or set_function (and set_jacobian), first",
            ));
        };
        let (nev, _, _) = self.dimensions()?;
        self.check_nev(ctx, nev)?;
        if form == Form::Callback {
            let ty = self.type_name()?;
            let ty = if ty.is_empty() { "rii".to_string() } else { ty };
            if matches!(ty.as_str(), "rii" | "slp" | "ciss") && !self.has_jacobian()? {
                return Err(Error::invalid(
                    ctx,
                    format!(
                        "the solver type '{ty}' needs the Jacobian T'(lambda): call \
                         set_jacobian (or give the problem in split form)"
                    ),
                ));
            }
            if matches!(ty.as_str(), "narnoldi" | "interpol") {
                return Err(Error::invalid(
                    ctx,
                    format!(
                        "the solver type '{ty}' needs the problem in split form \
                         (set_split_operator), not closures"
                    ),
                ));
            }
        }
        Ok(())
    }

    /// Sets up the solver now (`NEPSetUp`); `solve` does it otherwise. After an error the
    /// solver is put back as [`solve`](Self::solve) describes.
    #[doc(alias = "NEPSetUp")]
    pub fn set_up(&mut self) -> Result<()> {
        self.check_ready("Nep::set_up")?;
        // SAFETY: live solver with a problem.
        let r = check(unsafe { sys::slepcrs_NEPSetUp(self.ptr) });
        if r.is_err() {
            self.recover();
        }
        r
    }

    /// Puts the solver back after a set-up or solve that returned an error (see
    /// [`solve`](Self::solve)): first the inner linear solvers and eigensolvers, whose
    /// aborted solves left their pre-solve open, then what the solver itself left open.
    /// Raw calls whose errors are dropped: the solve's error is what the caller sees.
    pub(super) fn recover(&mut self) {
        for ksp in self.inner_ksps_raw() {
            // SAFETY: live KSP of this solver; the failed solve has returned.
            unsafe { petsc::ffi::recover_ksp(ksp) };
        }
        for eps in self.inner_eps_raw() {
            // SAFETY: live inner EPS of this solver; the failed solve has returned.
            unsafe { crate::eps::recover_raw(eps) };
        }
        // SAFETY: live solver, no solve running.
        unsafe { sys::slepcrs_NEPRecover(self.ptr) };
    }

    /// The same as [`converged_count`](Self::converged_count), under slepc4py's name
    /// (`NEP.getConverged`).
    #[doc(alias = "NEPGetConverged")]
    pub fn converged(&self) -> Result<Int> {
        self.converged_count()
    }

    /// Refuses a vector whose global size, or split over the ranks, is not the
    /// problem's, on every rank if on one (the callers are collective).
    fn check_vec(&self, ctx: &str, name: &str, v: &Vector) -> Result<()> {
        if let Some(m) = self.problem_mat()? {
            let layout = (m.size()?.0, m.local_size()?.0);
            let sizes = checks::sizes(ctx, name, &[v], layout, checks::Wanted::Problem);
            checks::agree(self, ctx, sizes)?;
        }
        Ok(())
    }

    /// Eigenvalue `i` (from 0, `i < converged_count()`) as a complex number
    /// (`NEPGetEigenpair` without vectors), sorted as [`NepWhich`] asks.
    ///
    /// On a real build a complex eigenvalue comes as a complex number from SLEPc's pair of
    /// real numbers (a real solver such as NLEIGS finds them in conjugate pairs); on a
    /// complex build it is one complex number. Both builds return a `Complex<Real>` (`petsc::Complex`).
    #[doc(alias = "NEPGetEigenpair")]
    pub fn value(&self, i: Int) -> Result<petsc::Complex<Real>> {
        self.check_index("Nep::value", i)?;
        let (mut kr, mut ki) = (Scalar::default(), Scalar::default());
        let null = std::ptr::null_mut();
        // SAFETY: live solver, index checked; null vectors are skipped.
        check(unsafe { sys::NEPGetEigenpair(self.ptr, i, &mut kr, &mut ki, null, null) })?;
        Ok(crate::family::complex(kr, ki))
    }

    /// Eigenvalue `i` as `(re, im)` (`NEPGetEigenpair`).
    #[deprecated(
        since = "0.2.0",
        note = "use `value` (the eigenvalue as `Complex<Real>`, as `petsc::Complex` is)"
    )]
    pub fn eigenvalue(&self, i: Int) -> Result<(Real, Real)> {
        self.value(i).map(|v| (v.re, v.im))
    }

    /// Eigenpair `i`: writes the eigenvector into `xr` (and, for a complex eigenvalue of a
    /// real build, its imaginary part into `xi` when given) and returns the eigenvalue
    /// (`NEPGetEigenpair`), a complex number in every build. The vectors must have the problem's layout (make
    /// them with [`Mat::create_vecs`] of a problem matrix).
    #[doc(alias = "NEPGetEigenpair")]
    pub fn pair(
        &self,
        i: Int,
        xr: &mut Vector,
        xi: Option<&mut Vector>,
    ) -> Result<petsc::Complex<Real>> {
        const CTX: &str = "Nep::pair";
        self.check_index(CTX, i)?;
        self.check_vec(CTX, "xr", xr)?;
        if let Some(xi) = xi.as_deref() {
            self.check_vec(CTX, "xi", xi)?;
        }
        let written: Vec<&Vector> = std::iter::once(&*xr).chain(xi.as_deref()).collect();
        let _writes = checks::agree(self, CTX, checks::access(CTX, &[], &written))?;
        let xi = xi.map_or(std::ptr::null_mut(), |v| v.as_raw());
        let (mut kr, mut ki) = (Scalar::default(), Scalar::default());
        // SAFETY: live solver and vectors (distinct, registered as written; `xi` may be
        // null), index and layouts checked.
        check(unsafe { sys::NEPGetEigenpair(self.ptr, i, &mut kr, &mut ki, xr.as_raw(), xi) })?;
        Ok(crate::family::complex(kr, ki))
    }

    /// Eigenpair `i` with the eigenvalue as `(re, im)` (`NEPGetEigenpair`).
    #[deprecated(
        since = "0.2.0",
        note = "use `pair` (the eigenvalue as `Complex<Real>`, as `petsc::Complex` is)"
    )]
    pub fn eigenpair(
        &self,
        i: Int,
        xr: &mut Vector,
        xi: Option<&mut Vector>,
    ) -> Result<(Real, Real)> {
        self.pair(i, xr, xi).map(|v| (v.re, v.im))
    }

    /// Computes the error of eigenpair `i` from its residual (`NEPComputeError`):
    /// [`NepErrorType::Absolute`] is `||T(lambda) x||` with `||x|| = 1`.
    /// [`NepErrorType::Backward`] needs the split form (an `Err` otherwise).
    #[doc(alias = "NEPComputeError")]
    pub fn compute_error(&self, i: Int, ty: NepErrorType) -> Result<Real> {
        const CTX: &str = "Nep::compute_error";
        self.check_index(CTX, i)?;
        if ty == NepErrorType::Backward && self.form()? != Some(Form::Split) {
            return Err(Error::invalid(
                CTX,
                "the backward error needs the problem in split form",
            ));
        }
        let mut e: Real = 0.0;
        // SAFETY: live solver, index checked.
        check(unsafe { sys::NEPComputeError(self.ptr, i, ty.raw(), &mut e) })?;
        Ok(e)
    }
}

pub(crate) use crate::family::combine;

impl Nep {
    petsc::methods![for Nep;
        /// The value, or `None` before it is set or chosen at set-up (`NEPGetWhichEigenpairs`).
        pub fn which_eigenpairs(&self) -> Option<NepWhich> = NEPGetWhichEigenpairs as "NEPGetWhichEigenpairs";

        /// The value, or `None` before it is set or chosen at set-up (`NEPGetProblemType`).
        pub fn problem_type(&self) -> Option<NepProblemType> = NEPGetProblemType as "NEPGetProblemType";
    ];
}

solver_family! { Nep;
    solve(NepConvergedReason; before = callbacks::clear_soft_failure;
        /// Solves the nonlinear eigenproblem (`NEPSolve`). Not converging all `nev`
        /// eigenpairs is not an error: see [`converged_count`](Self::converged_count) and
        /// [`converged_reason`](Self::converged_reason); except with RII and SLP, which
        /// end with an `Err` from SLEPc ("Must call DSSetDimensions() first", or sizes that
        /// do not conform) when they stop with fewer (SLEPc 3.18 to 3.26 size the invariant
        /// pair of their deflation for all `nev`), and leak their work objects. An `Err` or
        /// a panic in a closure (the function, the Jacobian, a monitor, a test) ends the
        /// solve and is returned here as [`Error::Callback`] or [`Error::CallbackPanic`]
        /// naming it.
        ///
        /// After any error the solver stays usable: what the aborted solve had left open in
        /// it (columns of its bases, the dense matrices of its projected problem, the
        /// pre-solve of its inner linear solvers) is closed, its type's work data is
        /// dropped, and the next `solve` sets it up again with the same problem, settings,
        /// closures and monitors; the initial space is used up, as after a successful
        /// solve.
        ///
        /// A closure's failure does not return through SLEPc (whose solver types keep work
        /// objects in locals of their iteration and leak them on an error return): it is
        /// agreed on every rank (the other ranks' `Err` is "another rank (rank R) failed:
        /// ..."), the matrices the closure should have filled are made the identity, the
        /// solver stops at its next stopping test, and nothing of the stopped solve is a
        /// result ([`converged_count`](Self::converged_count) is 0). A closure must still
        /// reach the collective calls it shares with the other ranks (the assembly of its
        /// matrix) before it fails on one rank only. Errors of SLEPc's own inside the
        /// solve still leak that work memory.
    ) = slepcrs_NEPSolveStoppable as "NEPSolve", slepcrs_NEPSetUp as "NEPSetUp", slepcrs_NEPTrackSubMatrices as "NEPTrackSubMatrices";
    eigen_monitor(NepMonitorState) = NEPMonitorSet as "NEPMonitorSet", NEPMonitorCancel as "NEPMonitorCancel";
    stop_fn(NepStopState, NepConvergedReason
        ///
        /// ```
        /// use petsc::{InsertMode, Mat, MatStructure, Scalar, Sizes};
        /// use slepc::{MathFn, FnType, Nep, NepConvergedReason as R};
        /// let petsc = petsc::Petsc::init()?;
        /// let c = petsc.self_comm();
        /// let mut a = Mat::aij(&c).sizes(Sizes::global(4, 4)).preallocate(1, 0).build()?;
        /// for i in 0..4 {
        ///     a.set_values(&[i], &[i], &[Scalar::from((i + 1) as f64)], InsertMode::Insert)?;
        /// }
        /// a.assemble()?;
        /// let mut f = MathFn::new(&c)?; // exp(-lambda)
        /// f.set_type(FnType::Exp)?;
        /// f.set_scale(-1.0, 1.0)?;
        /// let mut nep = Nep::new(&c)?;
        /// nep.set_split_operator(&[&a], &[&f], MatStructure::Same)?;
        /// nep.set_stopping_test_function(|s| {
        ///     Ok(if s.iteration >= 2 { R::ConvergedUser } else { R::Iterating })
        /// })?;
        /// let reason = nep.solve()?;
        /// assert_eq!(reason, R::ConvergedUser);
        /// # Ok::<(), petsc::Error>(())
        /// ```
    ) = NEPSetStoppingTestFunction as "NEPSetStoppingTestFunction";
    converged(NepConvergedReason, "eigenpair", "nev") = NEPGetConverged as "NEPGetConverged", NEPGetIterationNumber as "NEPGetIterationNumber", NEPGetConvergedReason as "NEPGetConvergedReason";
    error_estimate = NEPGetErrorEstimate as "NEPGetErrorEstimate";
    target = slepcrs_NEPSetTarget as "NEPSetTarget", NEPGetTarget as "NEPGetTarget";
    conv_test(NepConv) = NEPSetConvergenceTest as "NEPSetConvergenceTest";
    stop_test(NepStop) = NEPSetStoppingTest as "NEPSetStoppingTest";
    bv = NEPGetBV as "NEPGetBV", NEPSetBV as "NEPSetBV";
    rg = NEPGetRG as "NEPGetRG", NEPSetRG as "NEPSetRG";
    tolerances = NEPSetTolerances as "NEPSetTolerances", NEPGetTolerances as "NEPGetTolerances";
    dimensions(nev, check_nev) = NEPSetDimensions as "NEPSetDimensions", NEPGetDimensions as "NEPGetDimensions";
    which(NepWhich, "call set_eigenvalue_comparison instead") = NEPSetWhichEigenpairs as "NEPSetWhichEigenpairs";
    views(crate::NepErrorType) = NEPErrorView as "NEPErrorView", NEPValuesView as "NEPValuesView", NEPVectorsView as "NEPVectorsView", NEPConvergedReasonView as "NEPConvergedReasonView";
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Run by `crate::tests::with_petsc` (PETSc starts once per process): `A - lambda I`
    /// with `A = diag(1..=6)` in split form; RII near 4.2 finds 4.
    pub(crate) fn linear_split_problem(petsc: &petsc::Petsc) {
        use crate::{FnType, MathFn};
        use petsc::{InsertMode, MatStructure};
        let c = petsc.self_comm();
        let mut a = Mat::aij(&c)
            .sizes(petsc::Sizes::global(6, 6))
            .preallocate(1, 0)
            .build()
            .unwrap();
        let mut id = Mat::aij(&c)
            .sizes(petsc::Sizes::global(6, 6))
            .preallocate(1, 0)
            .build()
            .unwrap();
        for i in 0..6 {
            let v = Scalar::from((i + 1) as f64);
            a.set_values(&[i], &[i], &[v], InsertMode::Insert).unwrap();
            id.set_values(&[i], &[i], &[Scalar::from(1.0)], InsertMode::Insert)
                .unwrap();
        }
        a.assemble().unwrap();
        id.assemble().unwrap();
        let mut one = MathFn::new(&c).unwrap();
        one.set_type(FnType::Rational).unwrap();
        one.set_rational_numerator(&[Scalar::from(1.0)]).unwrap();
        let mut minus = MathFn::new(&c).unwrap();
        minus.set_type(FnType::Rational).unwrap();
        minus
            .set_rational_numerator(&[Scalar::from(-1.0), Scalar::from(0.0)])
            .unwrap();
        let mut nep = Nep::new(&c).unwrap();
        assert_eq!(nep.form().unwrap(), None);
        nep.set_split_operator(&[&a, &id], &[&one, &minus], MatStructure::Subset)
            .unwrap();
        assert_eq!(nep.form().unwrap(), Some(Form::Split));
        assert_eq!(nep.size().unwrap(), Some(6));
        nep.set_target(4.2).unwrap();
        nep.solve().unwrap().check().unwrap();
        let petsc::Complex { re, im } = nep.value(0).unwrap();
        assert!((re - 4.0).abs() < 1e-8 && im.abs() < 1e-12, "{re} {im}");
        assert!(nep.value(5).is_err());
    }
}
