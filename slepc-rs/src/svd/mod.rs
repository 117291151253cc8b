//! Singular value solvers (`SVD`): `A = U Sigma V^*`, and the generalized (`A`, `B`) and
//! hyperbolic (`A`, signature `Omega`) singular value problems.

use std::os::raw::c_void;

use crate::callback_kind as kind;
use petsc::ffi::{hand_over, release_at};
use petsc::{Error, Int, Mat, Object, Real, Result, Vector};
use slepc_sys as sys;

use crate::checks::{self, Layout, Wanted};
use crate::declare::declare;
use crate::error::check;
use crate::family::solver_family;
use crate::handle::slepc_handle;
use crate::stoppable::run_in_solve;

mod bases;
mod types;

slepc_handle!(
    /// A SLEPc singular value solver (`SVD`): the largest or smallest singular triplets
    /// `(sigma, u, v)` of a (rectangular) matrix `A`, with `A v = sigma u` and
    /// `A^* u = sigma v`; or of a pair (`A`, `B`) (GSVD, see
    /// [`set_operators`](Self::set_operators)).
    ///
    /// ```
    /// use petsc::{InsertMode, Mat, Scalar, Sizes};
    /// use slepc::{Svd, SvdWhich};
    /// let petsc = petsc::Petsc::init()?;
    /// let world = petsc.world();
    /// // diag(1, 2, ..., 20) above 10 zero rows: singular values 20, 19, ...
    /// let (m, n) = (30, 20);
    /// let mut a = Mat::aij(&world).sizes(Sizes::global(m, n)).preallocate(1, 1).build()?;
    /// for i in a.ownership_range()? {
    ///     if i < n {
    ///         a.set_values(&[i], &[i], &[Scalar::from((i + 1) as f64)], InsertMode::Insert)?;
    ///     }
    /// }
    /// a.assemble()?;
    ///
    /// let mut svd = Svd::new(&world)?;
    /// svd.set_operators(&a, None)?;
    /// svd.set_dimensions_to(slepc::Dimensions::new(3))?;
    /// svd.set_which_singular_triplets(SvdWhich::Largest)?;
    /// svd.set_tolerances(slepc::Tolerances { tol: Some(1e-10), ..Default::default() })?;
    /// svd.set_from_options()?; // -svd_type, -svd_nsv, -svd_monitor, ... still apply
    /// svd.solve()?.check()?;
    /// assert!(svd.converged_count()? >= 3);
    /// let (mut v, mut u) = a.create_vecs()?; // v: n entries, u: m entries
    /// let sigma = svd.singular_triplet(0, &mut u, &mut v)?;
    /// assert!((sigma - 20.0).abs() < 1e-8);
    /// assert!(svd.compute_error(0, slepc::SvdErrorType::Relative)? < 1e-8);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    Svd,
    sys::SVD,
    sys::SVDDestroy,
    /// A new singular value solver on `comm` (`SVDCreate`).
    new = sys::SVDCreate as "SVDCreate",
);

declare! { @types
/// Singular value solvers (`SVDType`); [`SvdType::Other`] names any registered type.
///
/// ```
/// use slepc::SvdType;
/// assert_eq!(SvdType::TrLanczos.as_str(), "trlanczos");
/// assert_eq!(SvdType::from_name("cyclic"), SvdType::Cyclic);
/// assert_eq!(SvdType::from_name("mine"), SvdType::Other("mine".into()));
/// ```
SvdType {
    Cross = SVDCROSS "cross" "eigenvalues of the cross product `A^* A` (SLEPc's default), by \
        an inner [`Eps`](crate::Eps) ([`Svd::cross_eps`]).",
    Cyclic = SVDCYCLIC "cyclic" "eigenvalues of the cyclic matrix `[0 A; A^* 0]`, by an inner \
        [`Eps`](crate::Eps) ([`Svd::cyclic_eps`]).",
    Lapack = SVDLAPACK "lapack" "dense LAPACK solve (small problems, all triplets).",
    Lanczos = SVDLANCZOS "lanczos" "explicitly restarted Golub-Kahan-Lanczos bidiagonalization.",
    TrLanczos = SVDTRLANCZOS "trlanczos" "thick-restart Lanczos bidiagonalization (also GSVD).",
    Randomized = SVDRANDOMIZED "randomized" "randomized SVD.",
    Scalapack = SVDSCALAPACK "scalapack" "ScaLAPACK (when SLEPc was built with it).",
    Elemental = SVDELEMENTAL "elemental" "Elemental (when SLEPc was built with it).",
    Primme = SVDPRIMME "primme" "PRIMME (when SLEPc was built with it).",
}
}

declare! { @enums
/// The kind of singular value problem (`SVDProblemType`).
SvdProblemType: SVDProblemType {
    Standard = SVD_STANDARD "the SVD of `A`.",
    Generalized = SVD_GENERALIZED "the GSVD of the pair (`A`, `B`).",
    Hyperbolic = SVD_HYPERBOLIC "the hyperbolic SVD of `A` with a signature \
        ([`Svd::set_signature`]).",
}

/// Which singular triplets to compute (`SVDWhich`).
SvdWhich: SVDWhich {
    Largest = SVD_LARGEST "the largest singular values (SLEPc's default).",
    Smallest = SVD_SMALLEST "the smallest singular values.",
}

/// The bidiagonalization of the thick-restart Lanczos GSVD solver
/// (`SVDTRLanczosGBidiag`).
SvdTrLanczosGBidiag: SVDTRLanczosGBidiag {
    Single = SVD_TRLANCZOS_GBIDIAG_SINGLE "single bidiagonalization (of `Q_A`).",
    Upper = SVD_TRLANCZOS_GBIDIAG_UPPER "joint bidiagonalization, both upper.",
    Lower = SVD_TRLANCZOS_GBIDIAG_LOWER "joint bidiagonalization, `Q_A` lower, `Q_B` upper (the \
        default).",
}
}

declare! { @error_type
/// How [`Svd::compute_error`] measures a triplet's error (`SVDErrorType`).
SvdErrorType: SVDErrorType =
    SVD_ERROR_ABSOLUTE "`sqrt(||A v - sigma u||^2 + ||A^* u - sigma v||^2)`",
    SVD_ERROR_RELATIVE "`sigma`";
    /// `SVD_ERROR_NORM`: the residual norm divided by `||A||`.
    Norm = SVD_ERROR_NORM
}

declare! { @enum conv
/// The convergence test of the solver (`SVDConv`).
SvdConv: SVDConv = SVD_CONV_ABS, SVD_CONV_REL, SVD_CONV_NORM;
    /// `SVD_CONV_MAXIT`: converged only at the iteration limit (randomized SVD).
    MaxIt = SVD_CONV_MAXIT,
    /// `SVD_CONV_USER`: a user function (set in C with
    /// `SVDSetConvergenceTestFunction`).
    User = SVD_CONV_USER,
}

declare! { @enum stop
/// The stopping test of the solver (`SVDStop`).
SvdStop: SVDStop = SVD_STOP_BASIC;
    /// `SVD_STOP_USER`: a user function (set in C with `SVDSetStoppingTestFunction`;
    /// SLEPc refuses this kind without one).
    User = SVD_STOP_USER,
}

declare! { @reason
    /// Why a solve stopped (`SVDConvergedReason`): positive converged, negative diverged,
    /// zero still iterating. Codes this enum does not name are kept as `Unknown`.
    ///
    /// ```
    /// use slepc::SvdConvergedReason as R;
    /// assert_eq!(R::from_raw(1), R::ConvergedTol);
    /// assert!(R::ConvergedMaxIt.is_converged());
    /// assert!(R::DivergedBreakdown.is_diverged());
    /// assert_eq!(R::DivergedIts.to_string(), "DIVERGED_ITS");
    /// assert_eq!(R::from_raw(-42), R::Unknown(-42));
    /// ```
    SvdConvergedReason: "SVDConvergedReason" = SVDConvergedReason in SVDConvergedReasons,
        "SVD", "`nsv` triplets ";
    [
        /// `SVD_CONVERGED_USER` (2): a user stopping test said so.
        ConvergedUser = 2, "CONVERGED_USER";
        /// `SVD_CONVERGED_MAXIT` (3): the iteration limit, with [`SvdConv::MaxIt`].
        ConvergedMaxIt = 3, "CONVERGED_MAXIT";
    ] [
        /// `SVD_DIVERGED_SYMMETRY_LOST` (-3, SLEPc 3.20 and later): the indefinite
        /// eigensolver under a hyperbolic SVD could not keep the symmetry.
        DivergedSymmetryLost = -3, "DIVERGED_SYMMETRY_LOST";
    ]
}

/// What an SVD monitor sees at one iteration: the current approximate singular values
/// and their error estimates.
#[derive(Debug, Clone, Copy)]
pub struct SvdMonitorState<'a> {
    /// The iteration (outer restart) number, from 1.
    pub iteration: Int,
    /// How many triplets have converged so far.
    pub converged: Int,
    /// The approximate singular values.
    pub sigma: &'a [Real],
    /// Error estimates, one per approximate singular value.
    pub error_estimates: &'a [Real],
}

/// A monitor closure as the solver stores it.
type MonitorFn = dyn FnMut(&SvdMonitorState<'_>) -> Result<()>;

/// `SVDMonitorSet` trampoline.
unsafe extern "C" fn monitor_trampoline(
    svd: sys::SVD,
    its: Int,
    nconv: Int,
    sigma: *mut Real,
    errest: *mut Real,
    nest: Int,
    ctx: *mut c_void,
) -> sys::PetscErrorCode {
    let body = |_: &petsc::Petsc, f: &mut MonitorFn| -> Result<()> {
        let n = usize::try_from(nest).unwrap_or(0);
        let slice = |p: *mut Real| -> &[Real] {
            if p.is_null() || n == 0 {
                &[]
            } else {
                // SAFETY: SLEPc passes arrays of `nest` entries, live for this call.
                unsafe { std::slice::from_raw_parts(p, n) }
            }
        };
        let (s, e) = (slice(sigma), slice(errest));
        let zeros = vec![0.0; n];
        let state = SvdMonitorState {
            iteration: its,
            converged: nconv,
            sigma: if s.len() == n { s } else { &zeros },
            error_estimates: if e.len() == n { e } else { &zeros },
        };
        f(&state)
    };
    // SAFETY: SLEPc calls with the live solver, on every rank.
    unsafe { run_in_solve::<MonitorFn, _>(svd, ctx, kind::SVD_MONITOR, &[], || {}, body) }
}

/// Global `(rows, columns)` and local `(rows, columns)` of a matrix.
fn mat_sizes(m: &Mat) -> Result<((Int, Int), (Int, Int))> {
    Ok((m.size()?, m.local_size()?))
}

petsc::class_methods! {
    Svd: SvdType, "SVD", sys::SVDList,
    example = "let mut obj = slepc::Svd::new(&petsc.self_comm())?;", a_type = "trlanczos",
    inner = " and its parts (inner EPS or KSP, BV, DS)",
    set_type = sys::SVDSetType as "SVDSetType",
    set_options_prefix = sys::SVDSetOptionsPrefix as "SVDSetOptionsPrefix",
    append_options_prefix = sys::SVDAppendOptionsPrefix as "SVDAppendOptionsPrefix",
    options_prefix = sys::SVDGetOptionsPrefix as "SVDGetOptionsPrefix",
    set_from_options = sys::SVDSetFromOptions as "SVDSetFromOptions",
}

impl Svd {
    petsc::methods![for Svd;
        /// Sets whether the transpose of the operators is applied implicitly
        /// (`MatMultTranspose`) instead of built explicitly (`SVDSetImplicitTranspose`).
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut svd = slepc::Svd::new(&petsc.self_comm())?;
        /// svd.set_implicit_transpose(true)?;
        /// assert!(svd.implicit_transpose()?);
        /// svd.set_track_all(true)?;
        /// assert!(svd.track_all()?);
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_implicit_transpose(&mut self, implicit: bool)
            = SVDSetImplicitTranspose as "SVDSetImplicitTranspose";

        /// Whether the transpose is applied implicitly (`SVDGetImplicitTranspose`).
        pub fn implicit_transpose(&self) -> bool
            = SVDGetImplicitTranspose as "SVDGetImplicitTranspose";

        /// Sets whether the residual of every approximation is computed at every iteration,
        /// not only the first unconverged one's (`SVDSetTrackAll`).
        pub fn set_track_all(&mut self, track: bool) = SVDSetTrackAll as "SVDSetTrackAll";

        /// Whether every residual is computed (`SVDGetTrackAll`).
        pub fn track_all(&self) -> bool = SVDGetTrackAll as "SVDGetTrackAll";

        /// Resets the solver (`SVDReset`): drops the operators, the signature, the bases and
        /// the type's work data; settings, type and monitors stay. Set operators again
        /// before the next solve.
        ///
        /// ```
        /// use petsc::{Mat, Sizes};
        /// let petsc = petsc::Petsc::init()?;
        /// let c = petsc.self_comm();
        /// let mut a = Mat::aij(&c).sizes(Sizes::global(4, 3)).preallocate(1, 0).build()?;
        /// a.assemble()?;
        /// let mut svd = slepc::Svd::new(&c)?;
        /// svd.set_operators(&a, None)?;
        /// assert_eq!(svd.size()?, Some((4, 3)));
        /// svd.reset()?;
        /// assert_eq!(svd.size()?, None);
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn reset(&mut self) = SVDReset as "SVDReset";
    ];

    /// Sets the operator `A` (`m x n`, any shape), or the pair `A` (`m x n`) and `B`
    /// (`p x n`) of a generalized problem (GSVD) (`SVDSetOperators`). SLEPc keeps
    /// references, so the matrices may be dropped before the solver. `B` must have as
    /// many columns as `A`, globally and on this rank; otherwise the error names both.
    ///
    /// ```
    /// use petsc::{Mat, Sizes};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut a = Mat::aij(&c).sizes(Sizes::global(6, 4)).preallocate(1, 0).build()?;
    /// a.assemble()?;
    /// let mut b = Mat::aij(&c).sizes(Sizes::global(3, 5)).preallocate(1, 0).build()?;
    /// b.assemble()?;
    /// let mut svd = slepc::Svd::new(&c)?;
    /// let e = svd.set_operators(&a, Some(&b)).unwrap_err();
    /// assert!(e.to_string().contains("B has 5 columns but A has 4"), "{e}");
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "SVDSetOperators")]
    pub fn set_operators<'a>(&mut self, a: &Mat, b: impl Into<Option<&'a Mat>>) -> Result<()> {
        let b: Option<&Mat> = b.into();
        a.check_loan("Svd::set_operators")?;
        if let Some(m) = b {
            m.check_loan("Svd::set_operators")?;
        }
        petsc::ffi::refuse_lent("Svd::set_operators", b)?;
        const CTX: &str = "Svd::set_operators";
        if let Some(b) = b {
            let ((_, an), (_, aln)) = mat_sizes(a)?;
            let ((_, bn), (_, bln)) = mat_sizes(b)?;
            if bn != an {
                return Err(Error::size_mismatch(
                    CTX,
                    format!("B has {bn} columns but A has {an}"),
                ));
            }
            let local = if bln != aln {
                Err(Error::size_mismatch(
                    CTX,
                    format!("B has {bln} local columns but A has {aln} on this rank"),
                ))
            } else {
                Ok(())
            };
            checks::agree(self, CTX, local)?;
        }
        let braw = b.map_or(std::ptr::null_mut(), Mat::as_raw);
        // SAFETY: live solver and matrices (B may be null); SLEPc references them.
        check(unsafe { sys::SVDSetOperators(self.ptr, a.kept_raw(CTX)?, braw) })
    }

    /// The raw operators (borrowed from the solver), `A` null before they are set.
    fn raw_operators(&self) -> Result<(sys::Mat, sys::Mat)> {
        let (mut a, mut b): (sys::Mat, sys::Mat) = (std::ptr::null_mut(), std::ptr::null_mut());
        // SAFETY: live solver; SLEPc returns borrowed matrices (or null).
        check(unsafe { sys::SVDGetOperators(self.ptr, &mut a, &mut b) })?;
        Ok((a, b))
    }

    /// The operators `(A, B)` (`SVDGetOperators`), each handle holding its own reference;
    /// `B` is `None` for a standard problem. An `Err` before
    /// [`set_operators`](Self::set_operators).
    #[doc(alias = "SVDGetOperators")]
    pub fn operators(&self) -> Result<(Mat, Option<Mat>)> {
        let (a, b) = self.raw_operators()?;
        if a.is_null() {
            return Err(Error::invalid(
                "Svd::operators",
                "no operator: call set_operators first",
            ));
        }
        // SAFETY: live matrices held by the solver (`b` may be null).
        unsafe { crate::family::operator_pair(self.slepc.petsc(), a, b) }
    }

    /// The global sizes `(m, n)` of `A`, or `None` before operators are set.
    pub fn size(&self) -> Result<Option<(Int, Int)>> {
        let (a, _) = self.raw_operators()?;
        if a.is_null() {
            return Ok(None);
        }
        let (mut m, mut n): (Int, Int) = (0, 0);
        // SAFETY: live matrix held by the solver.
        check(unsafe { sys::MatGetSize(a, &mut m, &mut n) })?;
        Ok(Some((m, n)))
    }

    /// The layouts `(left, right)` of the singular vectors as `(global, local)` sizes:
    /// right vectors have `A`'s columns; left vectors `A`'s rows, or for a generalized
    /// problem the rows of `A` and `B` (where `u` holds `[u; w]` stacked). `None` before
    /// operators are set.
    fn layouts(&self) -> Result<Option<(Layout, Layout)>> {
        let (a, b) = self.raw_operators()?;
        if a.is_null() {
            return Ok(None);
        }
        let (mut m, mut n, mut lm, mut ln): (Int, Int, Int, Int) = (0, 0, 0, 0);
        // SAFETY: live matrix held by the solver.
        check(unsafe { sys::MatGetSize(a, &mut m, &mut n) })?;
        // SAFETY: as above.
        check(unsafe { sys::MatGetLocalSize(a, &mut lm, &mut ln) })?;
        if !b.is_null() {
            let (mut p, mut lp, mut c): (Int, Int, Int) = (0, 0, 0);
            // SAFETY: live matrix held by the solver.
            check(unsafe { sys::MatGetSize(b, &mut p, &mut c) })?;
            // SAFETY: as above.
            check(unsafe { sys::MatGetLocalSize(b, &mut lp, &mut c) })?;
            m += p;
            lm += lp;
        }
        Ok(Some(((m, lm), (n, ln))))
    }

    petsc::methods![for Svd;
        /// Sets the kind of problem (`SVDSetProblemType`); [`SvdProblemType::Generalized`]
        /// needs `B`, [`SvdProblemType::Hyperbolic`] a signature.
        pub fn set_problem_type(&mut self, ty: SvdProblemType)
            = SVDSetProblemType as "SVDSetProblemType";
    ];

    petsc::methods![for Svd;
        /// Sets the threshold stopping test (`SVDSetThreshold`, SLEPc 3.23 and later): the
        /// solve stops once a computed singular value is no longer beyond `thresh` (above
        /// it for the largest, below for the smallest; relative to the largest singular
        /// value when `rel`), or when `nsv` of [`set_dimensions_to`](Self::set_dimensions_to)
        /// have converged. It replaces the stopping test. `thresh` must be finite and
        /// positive.
        ///
        /// ```
        /// use petsc::{InsertMode, Mat, Scalar, Sizes};
        /// let petsc = petsc::Petsc::init()?;
        /// let c = petsc.self_comm();
        /// // diag(1, ..., 100): the singular values above 95.5 are 100, ..., 96.
        /// let mut a = Mat::aij(&c).sizes(Sizes::global(100, 100)).preallocate(1, 0).build()?;
        /// for i in 0..100 {
        ///     a.set_values(&[i], &[i], &[Scalar::from((i + 1) as f64)], InsertMode::Insert)?;
        /// }
        /// a.assemble()?;
        /// let mut svd = slepc::Svd::new(&c)?;
        /// svd.set_operators(&a, None)?;
        /// svd.set_dimensions_to(slepc::Dimensions::new(15).ncv(16))?;
        /// svd.set_threshold(95.5, false)?;
        /// assert_eq!(svd.threshold()?, (95.5, false));
        /// svd.solve()?.check()?;
        /// let n = svd.converged_count()?;
        /// assert!((5..15).contains(&n), "{n}"); // not the 15 asked for
        /// let (mut v, mut u) = a.create_vecs()?;
        /// for i in 0..5 {
        ///     let sigma = svd.singular_triplet(i, &mut u, &mut v)?;
        ///     assert!((sigma - (100 - i) as f64).abs() < 1e-6);
        /// }
        /// assert!(svd.set_threshold(-1.0, false).is_err());
        /// # Ok::<(), petsc::Error>(())
        /// ```
        #[cfg(slepc_3_23)]
        pub fn set_threshold(&mut self, thresh: Real where thresh.is_finite() && thresh > 0.0, rel: bool)
            = SVDSetThreshold as "SVDSetThreshold";
        /// The threshold of the threshold stopping test and whether it is relative
        /// (`SVDGetThreshold`, SLEPc 3.23 and later); see
        /// [`set_threshold`](Self::set_threshold).
        #[cfg(slepc_3_23)]
        pub fn threshold(&self) -> (thresh: Real, rel: bool) = SVDGetThreshold as "SVDGetThreshold";
    ];

    petsc::methods![for Svd;
        /// Whether the problem is a GSVD (`SVDIsGeneralized`); known after set-up.
        pub fn is_generalized(&self) -> bool = SVDIsGeneralized as "SVDIsGeneralized";

        /// Whether the problem is a hyperbolic SVD (`SVDIsHyperbolic`); known after set-up.
        pub fn is_hyperbolic(&self) -> bool = SVDIsHyperbolic as "SVDIsHyperbolic";
    ];

    /// Sets the signature `Omega = diag(omega)` (entries `+-1`, one per row of `A`) of a
    /// hyperbolic problem (`SVDSetSignature`); SLEPc keeps a reference. With operators
    /// set, the vector's global and local sizes must be `A`'s rows.
    #[doc(alias = "SVDSetSignature")]
    pub fn set_signature(&mut self, omega: &Vector) -> Result<()> {
        const CTX: &str = "Svd::set_signature";
        let (a, _) = self.raw_operators()?;
        if !a.is_null() {
            let (mut m, mut lm, mut n): (Int, Int, Int) = (0, 0, 0);
            // SAFETY: live matrix held by the solver.
            check(unsafe { sys::MatGetSize(a, &mut m, &mut n) })?;
            // SAFETY: as above.
            check(unsafe { sys::MatGetLocalSize(a, &mut lm, &mut n) })?;
            let sizes = checks::sizes(CTX, "the signature", &[omega], (m, lm), Wanted::Own);
            checks::agree(self, CTX, sizes)?;
        }
        // SAFETY: live solver and vector; SLEPc references it.
        check(unsafe { sys::SVDSetSignature(self.ptr, omega.kept_raw(CTX)?) })
    }

    /// The signature of a hyperbolic problem (`SVDGetSignature`), as a handle with its
    /// own reference, or `None` if none was set.
    #[doc(alias = "SVDGetSignature")]
    pub fn signature(&self) -> Result<Option<Vector>> {
        let mut v: sys::Vec = std::ptr::null_mut();
        // SAFETY: live solver; the shim returns the solver's vector (borrowed) or null,
        // on every SLEPc (SVDGetSignature copies it from 3.21).
        check(unsafe { sys::slepcrs_SVDGetSignature(self.ptr, &mut v) })?;
        if v.is_null() {
            return Ok(None);
        }
        // SAFETY: live vector held by the solver; the handle takes a reference.
        Ok(Some(unsafe {
            Vector::from_raw_borrowed(self.slepc.petsc(), v)
        }?))
    }

    petsc::methods![for Svd;
        /// Which singular triplets to compute (`SVDSetWhichSingularTriplets`).
        pub fn set_which_singular_triplets(&mut self, which: SvdWhich)
            = SVDSetWhichSingularTriplets as "SVDSetWhichSingularTriplets";

        /// Which singular triplets are computed (`SVDGetWhichSingularTriplets`).
        pub fn which_singular_triplets(&self) -> SvdWhich
            = SVDGetWhichSingularTriplets as "SVDGetWhichSingularTriplets";
    ];

    fn check_nsv(&self, ctx: &str, nsv: Int) -> Result<()> {
        let (_, b) = self.raw_operators()?;
        if let (Some((m, n)), true) = (self.size()?, b.is_null()) {
            if nsv > m.min(n) {
                return Err(Error::out_of_range(
                    ctx,
                    format!("{nsv} singular triplets requested but A is {m} x {n}"),
                ));
            }
        }
        Ok(())
    }

    petsc::methods![for Svd;
        /// Sets the convergence test (`SVDSetConvergenceTest`). [`SvdConv::User`] needs a
        /// function set in C first (SLEPc refuses it otherwise).
        pub fn set_convergence_test(&mut self, conv: SvdConv)
            = SVDSetConvergenceTest as "SVDSetConvergenceTest";
    ];

    petsc::methods![for Svd;
        /// The convergence test (`SVDGetConvergenceTest`), or `None` before it is set or
        /// chosen at set-up ([`SvdConv::Rel`] by default).
        ///
        /// ```
        /// use slepc::SvdConv;
        /// let petsc = petsc::Petsc::init()?;
        /// let mut svd = slepc::Svd::new(&petsc.self_comm())?;
        /// assert_eq!(svd.convergence_test()?, None);
        /// svd.set_convergence_test(SvdConv::Norm)?;
        /// assert_eq!(svd.convergence_test()?, Some(SvdConv::Norm));
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn convergence_test(&self) -> Option<SvdConv>
            = SVDGetConvergenceTest as "SVDGetConvergenceTest";
    ];

    petsc::methods![for Svd;
        /// Sets the kind of stopping test (`SVDSetStoppingTest`). [`SvdStop::User`] needs a
        /// function set in C first (SLEPc refuses it otherwise).
        ///
        /// ```
        /// use slepc::SvdStop;
        /// let petsc = petsc::Petsc::init()?;
        /// let mut svd = slepc::Svd::new(&petsc.self_comm())?;
        /// svd.set_stopping_test(SvdStop::Basic)?;
        /// assert_eq!(svd.stopping_test()?, SvdStop::Basic);
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_stopping_test(&mut self, stop: SvdStop)
            = SVDSetStoppingTest as "SVDSetStoppingTest";

        /// The kind of stopping test (`SVDGetStoppingTest`).
        pub fn stopping_test(&self) -> SvdStop = SVDGetStoppingTest as "SVDGetStoppingTest";
    ];

    /// Starting vectors (`SVDSetInitialSpaces`): `right` of size `n` (columns of `A`)
    /// and `left` of size `m` (rows; `m + p` for a GSVD); SLEPc copies them. With
    /// operators set, every size is checked here.
    #[doc(alias = "SVDSetInitialSpaces")]
    pub fn set_initial_space(&mut self, right: &[&Vector], left: &[&Vector]) -> Result<()> {
        petsc::ffi::refuse_lent("Svd::set_initial_space", right.iter().chain(left).copied())?;
        const CTX: &str = "Svd::set_initial_space";
        checks::same_count(self, CTX, "right vectors", right.len())?;
        checks::same_count(self, CTX, "left vectors", left.len())?;
        if let Some((lsize, rsize)) = self.layouts()? {
            let sizes = checks::sizes(CTX, "right vector", right, rsize, Wanted::Own)
                .and_then(|()| checks::sizes(CTX, "left vector", left, lsize, Wanted::Own));
            checks::agree(self, CTX, sizes)?;
        }
        let mut r: Vec<sys::Vec> = right.iter().map(|v| v.as_raw()).collect();
        let mut l: Vec<sys::Vec> = left.iter().map(|v| v.as_raw()).collect();
        let (nr, nl) = (Int::try_from(r.len()), Int::try_from(l.len()));
        let (nr, nl) = match (nr, nl) {
            (Ok(a), Ok(b)) => (a, b),
            _ => return Err(Error::invalid(CTX, "too many vectors")),
        };
        // SAFETY: live solver and vectors; SLEPc copies them.
        check(unsafe { sys::SVDSetInitialSpaces(self.ptr, nr, r.as_mut_ptr(), nl, l.as_mut_ptr()) })
    }

    /// Adds a monitor, called at every iteration with the current approximations
    /// (`SVDMonitorSet`). The closure is owned by the solver and dropped when the solver
    /// is destroyed or [`cancel_monitors`](Self::cancel_monitors) is called. An `Err` or a
    /// panic ends the solve, and [`solve`](Self::solve) returns it.
    ///
    /// ```
    /// use std::{cell::Cell, rc::Rc};
    /// use petsc::{InsertMode, Mat, Scalar, Sizes};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut a = Mat::aij(&c).sizes(Sizes::global(50, 40)).preallocate(1, 0).build()?;
    /// for i in 0..40 {
    ///     a.set_values(&[i], &[i], &[Scalar::from((i + 1) as f64)], InsertMode::Insert)?;
    /// }
    /// a.assemble()?;
    /// let mut svd = slepc::Svd::new(&c)?;
    /// svd.set_operators(&a, None)?;
    /// svd.set_type(slepc::SvdType::TrLanczos)?;
    /// let calls = Rc::new(Cell::new(0));
    /// let seen = calls.clone();
    /// svd.monitor(move |state| {
    ///     seen.set(seen.get() + 1);
    ///     assert_eq!(state.sigma.len(), state.error_estimates.len());
    ///     Ok(())
    /// })?;
    /// svd.solve()?.check()?;
    /// assert_eq!(calls.get(), svd.iteration_number()?);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "SVDMonitorSet")]
    pub fn monitor<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(&SvdMonitorState<'_>) -> Result<()> + 'static,
    {
        let f: Box<MonitorFn> = Box::new(f);
        hand_over(self.slepc.petsc(), kind::SVD_MONITOR, f, |ctx| {
            // SAFETY: live solver; the context is a registered monitor closure, released
            // by the destroy hook.
            unsafe { sys::SVDMonitorSet(self.ptr, Some(monitor_trampoline), ctx, Some(release_at)) }
        })
    }

    petsc::methods![for Svd;
        /// Removes every monitor, dropping their closures (`SVDMonitorCancel`).
        pub fn cancel_monitors(&mut self) = SVDMonitorCancel as "SVDMonitorCancel";
    ];

    fn check_ready(&self, ctx: &str) -> Result<()> {
        if self.size()?.is_none() {
            return Err(Error::invalid(ctx, "no operator: call set_operators first"));
        }
        let (nsv, _, _) = self.dimensions()?;
        self.check_nsv(ctx, nsv)
    }

    /// Sets up the solver now (`SVDSetUp`); `solve` does it otherwise.
    #[doc(alias = "SVDSetUp")]
    pub fn set_up(&mut self) -> Result<()> {
        self.check_ready("Svd::set_up")?;
        // SAFETY: live solver with operators.
        let r = check(unsafe { sys::SVDSetUp(self.ptr) });
        if r.is_err() {
            self.recover();
        }
        r
    }

    /// Puts the solver back after a set-up or solve that returned an error (see
    /// [`solve`](Self::solve)): first the inner eigensolver of `cross` and `cyclic`, or
    /// the inner linear solver of a `trlanczos` GSVD, then what the solver itself left
    /// open. Raw calls whose errors are dropped: the solve's error is what the caller
    /// sees.
    fn recover(&mut self) {
        let mut eps: sys::EPS = std::ptr::null_mut();
        // SAFETY: live solver; one output (its inner EPS, borrowed, or null).
        if unsafe { sys::slepcrs_SVDGetInnerEPS(self.ptr, &mut eps) } == 0 && !eps.is_null() {
            // SAFETY: live inner EPS; the failed solve has returned.
            unsafe { crate::eps::recover_raw(eps) };
        }
        if self.type_name().ok().as_deref() == Some("trlanczos")
            && self.is_generalized().unwrap_or(false)
        {
            let mut ksp: sys::KSP = std::ptr::null_mut();
            // SAFETY: live trlanczos solver; one output (its KSP, borrowed).
            if unsafe { sys::SVDTRLanczosGetKSP(self.ptr, &mut ksp) } == 0 && !ksp.is_null() {
                // SAFETY: live KSP of the solver; no solve of it is running.
                unsafe { petsc::ffi::recover_ksp(ksp) };
            }
        }
        // SAFETY: live solver, no solve running.
        unsafe { sys::slepcrs_SVDRecover(self.ptr) };
    }

    fn check_vectors(&self, ctx: &str, u: &Vector, v: &Vector) -> Result<()> {
        if let Some((lsize, rsize)) = self.layouts()? {
            let sizes = checks::sizes(ctx, "u", &[u], lsize, Wanted::Own)
                .and_then(|()| checks::sizes(ctx, "v", &[v], rsize, Wanted::Own));
            checks::agree(self, ctx, sizes)?;
        }
        Ok(())
    }

    /// Singular value `i` (from 0, `i < converged_count()`), sorted as [`SvdWhich`] asks
    /// (`SVDGetSingularTriplet` without vectors).
    #[doc(alias = "SVDGetSingularTriplet")]
    pub fn value(&self, i: Int) -> Result<Real> {
        self.check_index("Svd::value", i)?;
        let mut s: Real = 0.0;
        // SAFETY: live solver, index checked; null vectors are allowed.
        check(unsafe {
            sys::SVDGetSingularTriplet(
                self.ptr,
                i,
                &mut s,
                std::ptr::null_mut(),
                std::ptr::null_mut(),
            )
        })?;
        Ok(s)
    }

    /// Singular triplet `i`: writes the left singular vector into `u` (`m` entries, the
    /// rows of `A`; for a GSVD `m + p`, `[u; v]` stacked) and the right one into `v` (`n`
    /// entries; for a GSVD the vector `x`), and returns `sigma`
    /// (`SVDGetSingularTriplet`). Create the vectors with [`Mat::create_vecs`] of `A`
    /// (`(v, u)`, right first). Sizes are checked here.
    #[doc(alias = "SVDGetSingularTriplet")]
    pub fn singular_triplet(&self, i: Int, u: &mut Vector, v: &mut Vector) -> Result<Real> {
        const CTX: &str = "Svd::singular_triplet";
        self.check_index(CTX, i)?;
        self.check_vectors(CTX, u, v)?;
        let _writes = checks::agree(self, CTX, checks::access(CTX, &[], &[&*u, &*v]))?;
        let mut s: Real = 0.0;
        // SAFETY: live solver and vectors (distinct, registered as written), index and
        // sizes checked.
        check(unsafe { sys::SVDGetSingularTriplet(self.ptr, i, &mut s, u.as_raw(), v.as_raw()) })?;
        Ok(s)
    }

    /// The singular vectors of triplet `i` only, as in
    /// [`singular_triplet`](Self::singular_triplet).
    #[doc(alias = "SVDGetSingularTriplet")]
    pub fn vectors(&self, i: Int, u: &mut Vector, v: &mut Vector) -> Result<()> {
        self.singular_triplet(i, u, v).map(|_| ())
    }
}

impl Svd {
    petsc::methods![for Svd;
        /// The value, or `None` before it is set or chosen at set-up (`SVDGetProblemType`).
        pub fn problem_type(&self) -> Option<SvdProblemType> = SVDGetProblemType as "SVDGetProblemType";
    ];
}

solver_family! { Svd;
    solve(SvdConvergedReason;
        /// Solves the singular value problem (`SVDSolve`). Not converging all `nsv` triplets
        /// is not an error: see [`converged_count`](Self::converged_count) and
        /// [`converged_reason`](Self::converged_reason). An `Err` or a panic in a monitor
        /// ends the solve and is returned here as [`Error::Callback`] or
        /// [`Error::CallbackPanic`].
        ///
        /// After any error the solver stays usable: what the aborted solve left open in it
        /// (and in the inner eigensolver of the `cross` and `cyclic` types) is closed, its
        /// type's work data is dropped, and the next `solve` sets it up again with the same
        /// operators, settings and monitors; the initial spaces are used up, as after a
        /// successful solve. The `lanczos`, `trlanczos` and `randomized` types of SLEPc 3.18
        /// allocate work arrays in the solve itself that SLEPc frees only when the iteration
        /// ends on its own, so a failing monitor stops the solver instead (agreed on every
        /// rank; its error is returned here); other errors of theirs leak them. `cross` and
        /// `cyclic` (with the inner Krylov-Schur eigensolver) leak nothing.
    ) = slepcrs_SVDSolveStoppable as "SVDSolve", SVDSetUp as "SVDSetUp", slepcrs_SVDTrackSubMatrices as "SVDTrackSubMatrices";
    converged(SvdConvergedReason, "singular triplet", "nsv") = SVDGetConverged as "SVDGetConverged", SVDGetIterationNumber as "SVDGetIterationNumber", SVDGetConvergedReason as "SVDGetConvergedReason";
    compute_error(SvdErrorType, "singular triplet") = SVDComputeError as "SVDComputeError";
    tolerances = SVDSetTolerances as "SVDSetTolerances", SVDGetTolerances as "SVDGetTolerances";
    dimensions(nsv, check_nsv) = SVDSetDimensions as "SVDSetDimensions", SVDGetDimensions as "SVDGetDimensions";
    views(crate::SvdErrorType) = SVDErrorView as "SVDErrorView", SVDValuesView as "SVDValuesView", SVDVectorsView as "SVDVectorsView", SVDConvergedReasonView as "SVDConvergedReasonView";
}
