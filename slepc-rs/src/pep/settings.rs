//! The settings every polynomial eigensolver type shares beyond the basic ones: the
//! polynomial basis, scaling, Newton refinement, extraction, the convergence and
//! stopping tests, and residual tracking.

use crate::declare::declare;
use petsc::{Error, Int, Ksp, Object, Real, Result, Vector};
use slepc_sys as sys;

use super::Pep;
use crate::absent::{default_int, default_real, unless_undetermined_int, unless_undetermined_real};
use crate::checks::{self, Wanted};
use crate::error::check;

declare! { @enums
/// The polynomial basis the coefficient matrices are given in (`PEPBasis`):
/// `P(lambda) = sum_i A_i phi_i(lambda)`.
PepBasis: PEPBasis {
    Monomial = PEP_BASIS_MONOMIAL "`phi_i = lambda^i` (the default).",
    Chebyshev1 = PEP_BASIS_CHEBYSHEV1 "Chebyshev polynomials of the first kind.",
    Chebyshev2 = PEP_BASIS_CHEBYSHEV2 "Chebyshev polynomials of the second kind.",
    Legendre = PEP_BASIS_LEGENDRE "Legendre polynomials.",
    Laguerre = PEP_BASIS_LAGUERRE "Laguerre polynomials.",
    Hermite = PEP_BASIS_HERMITE "Hermite polynomials.",
}

/// The scaling strategy (`PEPScale`).
PepScale: PEPScale {
    None = PEP_SCALE_NONE "no scaling (the default).",
    Scalar = PEP_SCALE_SCALAR "lambda scaled by a factor `alpha`.",
    Diagonal = PEP_SCALE_DIAGONAL "the matrices balanced by diagonal matrices `Dl`, `Dr`.",
    Both = PEP_SCALE_BOTH "both.",
}

/// How eigenvectors are extracted from the linearization's (`PEPExtract`).
PepExtract: PEPExtract {
    None = PEP_EXTRACT_NONE "the first block.",
    Norm = PEP_EXTRACT_NORM "the block of largest norm (the default for the monomial basis).",
    Residual = PEP_EXTRACT_RESIDUAL "the block of smallest residual.",
    Structured = PEP_EXTRACT_STRUCTURED "a combination of the blocks.",
}
}

declare! { @enum refine
/// Newton refinement of the computed eigenpairs (`PEPRefine`); [`PepRefine::Multiple`],
/// the invariant pair as a whole, is for TOAR.
PepRefine: PEPRefine = PEP_REFINE_NONE, PEP_REFINE_SIMPLE, PEP_REFINE_MULTIPLE
}

declare! { @enum refine_scheme
/// How refinement solves its linear systems (`PEPRefineScheme`).
PepRefineScheme: PEPRefineScheme =
    PEP_REFINE_SCHEME_SCHUR, PEP_REFINE_SCHEME_MBE, PEP_REFINE_SCHEME_EXPLICIT
}

declare! { @enum conv
/// The convergence test (`PEPConv`).
PepConv: PEPConv = PEP_CONV_ABS, PEP_CONV_REL, PEP_CONV_NORM;
    /// `PEP_CONV_USER`: a user function
    /// ([`Pep::set_convergence_test_function`]).
    User = PEP_CONV_USER,
}

declare! { @enum stop
/// The kind of stopping test (`PEPStop`).
PepStop: PEPStop = PEP_STOP_BASIC;
    /// `PEP_STOP_USER`: a user function ([`Pep::set_stopping_test_function`]).
    User = PEP_STOP_USER,
}

/// The scaling settings of a solver ([`Pep::scale`]).
#[derive(Debug)]
pub struct PepScaling {
    /// The strategy.
    pub kind: PepScale,
    /// The scaling factor of lambda (0 until computed at set-up when not given).
    pub factor: Real,
    /// The left diagonal scaling vector, if one was given or computed.
    pub left: Option<Vector>,
    /// The right diagonal scaling vector, if one was given or computed.
    pub right: Option<Vector>,
    /// The iterations of the diagonal scaling.
    pub iterations: Int,
    /// The approximate modulus of the wanted eigenvalues, for diagonal scaling.
    pub lambda: Real,
}

impl Default for PepScaling {
    /// No scaling, the factor computed (0), no vectors, SLEPc's 5 iterations and
    /// `lambda` 1.
    fn default() -> Self {
        PepScaling {
            kind: PepScale::None,
            factor: 0.0,
            left: None,
            right: None,
            iterations: 5,
            lambda: 1.0,
        }
    }
}

/// The refinement settings of a solver ([`Pep::set_refinement`] and
/// [`Pep::refinement`], which round-trip).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PepRefinement {
    /// The kind of refinement.
    pub kind: PepRefine,
    /// The number of partitions of the communicator for the refinement's solves.
    pub npart: Int,
    /// The tolerance of the refinement (`None` until set or chosen at set-up).
    pub tol: Option<Real>,
    /// The number of refinement iterations (`None` until set or chosen at set-up).
    pub its: Option<Int>,
    /// The scheme of the linear solves (`None` until set or chosen at set-up).
    pub scheme: Option<PepRefineScheme>,
}

impl Default for PepRefinement {
    /// No refinement, one partition, the rest chosen at set-up.
    fn default() -> Self {
        PepRefinement {
            kind: PepRefine::None,
            npart: 1,
            tol: None,
            its: None,
            scheme: None,
        }
    }
}

impl Pep {
    petsc::methods![for Pep;
        /// Sets whether the residual of every approximation is computed at every iteration, not only the first unconverged one's (`PEPSetTrackAll`).
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut pep = slepc::Pep::new(&petsc.self_comm())?;
        /// pep.set_track_all(true)?;
        /// assert!(pep.track_all()?);
        /// pep.set_track_all(false)?;
        /// assert!(!pep.track_all()?);
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_track_all(&mut self, flag: bool) = PEPSetTrackAll as "PEPSetTrackAll";
        /// Whether the residual of every approximation is computed at every iteration, not only the first unconverged one's (`PEPGetTrackAll`).
        pub fn track_all(&self) -> bool = PEPGetTrackAll as "PEPGetTrackAll";
    ];
}

impl Pep {
    petsc::methods![for Pep;
        /// Sets the polynomial basis of the coefficient matrices (`PEPSetBasis`).
        ///
        /// ```
        /// use slepc::PepBasis;
        /// let petsc = petsc::Petsc::init()?;
        /// let mut pep = slepc::Pep::new(&petsc.self_comm())?;
        /// assert_eq!(pep.basis()?, PepBasis::Monomial);
        /// pep.set_basis(PepBasis::Chebyshev1)?;
        /// assert_eq!(pep.basis()?, PepBasis::Chebyshev1);
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_basis(&mut self, basis: PepBasis) = PEPSetBasis as "PEPSetBasis";

        /// The polynomial basis (`PEPGetBasis`).
        pub fn basis(&self) -> PepBasis = PEPGetBasis as "PEPGetBasis";
    ];

    /// Sets the scaling (`PEPSetScale`) from the settings [`scale`](Self::scale)
    /// returns, so that `pep.set_scaling(&pep.scale()?)` changes nothing: the strategy
    /// ([`PepScaling::kind`]); for [`PepScale::Scalar`] and [`PepScale::Both`] the factor
    /// of lambda (0: computed at set-up from the norms of the matrices); for
    /// [`PepScale::Diagonal`] and [`PepScale::Both`] the diagonal scaling vectors
    /// (`None`: computed), the iterations that compute them and the approximate modulus
    /// `lambda` of the wanted eigenvalues. The factor must be 0 or positive and finite,
    /// `lambda` positive and finite, the iterations at least 1, the vectors of the
    /// problem's layout. [`PepScaling::default`] holds SLEPc's defaults.
    ///
    /// ```
    /// use slepc::{PepScale, PepScaling};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut pep = slepc::Pep::new(&petsc.self_comm())?;
    /// pep.set_scaling(&PepScaling { kind: PepScale::Both, factor: 2.0, iterations: 7, lambda: 3.0, ..Default::default() })?;
    /// let s = pep.scale()?;
    /// assert_eq!((s.kind, s.factor, s.iterations, s.lambda), (PepScale::Both, 2.0, 7, 3.0));
    /// assert!(s.left.is_none());
    /// pep.set_scaling(&s)?; // the round trip changes nothing
    /// assert_eq!(pep.scale()?.iterations, 7);
    /// pep.set_scaling(&PepScaling { kind: PepScale::Both, ..Default::default() })?;
    /// let s = pep.scale()?;
    /// assert_eq!((s.factor, s.iterations, s.lambda), (0.0, 5, 1.0));
    /// let bad = PepScaling { kind: PepScale::Scalar, factor: -1.0, ..Default::default() };
    /// assert!(pep.set_scaling(&bad).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PEPSetScale")]
    pub fn set_scaling(&mut self, scaling: &PepScaling) -> Result<()> {
        const CTX: &str = "Pep::set_scaling";
        let factor = (scaling.factor != 0.0).then_some(scaling.factor);
        self.apply_scale(
            CTX,
            scaling.kind,
            factor,
            scaling.left.as_ref(),
            scaling.right.as_ref(),
            Some(scaling.iterations),
            Some(scaling.lambda),
        )
    }

    /// Sets the scaling (`PEPSetScale`) with six positional arguments.
    #[deprecated(
        since = "0.2.0",
        note = "use `set_scaling(&PepScaling { kind, factor, ..Default::default() })` (the struct `scale()` returns, so the two round-trip)"
    )]
    #[doc(alias = "PEPSetScale")]
    pub fn set_scale(
        &mut self,
        kind: PepScale,
        alpha: Option<Real>,
        left: Option<&Vector>,
        right: Option<&Vector>,
        its: Option<Int>,
        lambda: Option<Real>,
    ) -> Result<()> {
        self.apply_scale("Pep::set_scale", kind, alpha, left, right, its, lambda)
    }

    /// `PEPSetScale` with its arguments checked (`None`: SLEPc's choice).
    #[allow(clippy::too_many_arguments)]
    fn apply_scale(
        &mut self,
        ctx: &'static str,
        kind: PepScale,
        alpha: Option<Real>,
        left: Option<&Vector>,
        right: Option<&Vector>,
        its: Option<Int>,
        lambda: Option<Real>,
    ) -> Result<()> {
        petsc::ffi::refuse_lent(ctx, left.into_iter().chain(right))?;
        for (name, v) in [("alpha", alpha), ("lambda", lambda)] {
            if let Some(v) = v {
                if !(v.is_finite() && v > 0.0) {
                    return Err(Error::invalid(
                        ctx,
                        format!("{name} is {v}; it must be positive and finite"),
                    ));
                }
            }
        }
        if let Some(n) = its {
            if n < 1 {
                return Err(Error::invalid(
                    ctx,
                    format!("its is {n}; it must be at least 1"),
                ));
            }
        }
        if let Some(layout) = self.layout()? {
            let sizes = left
                .map_or(Ok(()), |v| {
                    checks::sizes(ctx, "left", &[v], layout, Wanted::Problem)
                })
                .and_then(|()| {
                    right.map_or(Ok(()), |v| {
                        checks::sizes(ctx, "right", &[v], layout, Wanted::Problem)
                    })
                });
            checks::agree(self, ctx, sizes)?;
        }
        let raw = |v: Option<&Vector>| v.map_or(std::ptr::null_mut(), Vector::as_raw);
        // SAFETY: live solver and vectors (or null); SLEPc references the vectors.
        check(unsafe {
            sys::PEPSetScale(
                self.ptr,
                kind.raw(),
                default_real(alpha),
                raw(left),
                raw(right),
                default_int(its),
                default_real(lambda),
            )
        })
    }

    /// The scaling settings (`PEPGetScale`); the vectors are handles with their own
    /// references.
    #[doc(alias = "PEPGetScale")]
    pub fn scale(&self) -> Result<PepScaling> {
        let mut kind = sys::PEPScale(0);
        let (mut alpha, mut lambda): (Real, Real) = (0.0, 0.0);
        let mut its: Int = 0;
        let (mut dl, mut dr): (sys::Vec, sys::Vec) = (std::ptr::null_mut(), std::ptr::null_mut());
        // SAFETY: live solver; six outputs (the vectors borrowed, or null).
        check(unsafe {
            sys::PEPGetScale(
                self.ptr,
                &mut kind,
                &mut alpha,
                &mut dl,
                &mut dr,
                &mut its,
                &mut lambda,
            )
        })?;
        let petsc = self.slepc.petsc();
        let own = |v: sys::Vec| -> Result<Option<Vector>> {
            if v.is_null() {
                Ok(None)
            } else {
                // SAFETY: live vector held by the solver; the handle takes a reference.
                Ok(Some(unsafe { Vector::from_raw_borrowed(petsc, v) }?))
            }
        };
        Ok(PepScaling {
            kind: PepScale::from_raw(kind, "Pep::scale")?,
            factor: alpha,
            left: own(dl)?,
            right: own(dr)?,
            iterations: its,
            lambda,
        })
    }

    /// Sets Newton refinement (`PEPSetRefine`) from the settings
    /// [`refinement`](Self::refinement) returns, so that `pep.set_refinement(pep.refinement()?)`
    /// changes nothing: the kind, the number of partitions of the communicator (at
    /// most the number of ranks), the tolerance and the iterations (`None`: chosen at
    /// set-up) and the scheme of the linear solves (`None`: chosen at set-up).
    /// [`PepRefinement::default`] is no refinement, one partition, the rest unset.
    ///
    /// ```
    /// use slepc::{PepRefine, PepRefineScheme, PepRefinement};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut pep = slepc::Pep::new(&petsc.self_comm())?;
    /// pep.set_refinement(PepRefinement {
    ///     kind: PepRefine::Simple,
    ///     tol: Some(1e-12),
    ///     its: Some(2),
    ///     scheme: Some(PepRefineScheme::Explicit),
    ///     ..Default::default()
    /// })?;
    /// let r = pep.refinement()?;
    /// assert_eq!((r.kind, r.npart, r.tol, r.its), (PepRefine::Simple, 1, Some(1e-12), Some(2)));
    /// assert_eq!(r.scheme, Some(PepRefineScheme::Explicit));
    /// pep.set_refinement(r)?; // the round trip changes nothing
    /// assert_eq!(pep.refinement()?, r);
    /// let two = PepRefinement { kind: PepRefine::Simple, npart: 2, ..Default::default() };
    /// assert!(pep.set_refinement(two).is_err()); // 1 rank
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PEPSetRefine")]
    pub fn set_refinement(&mut self, refinement: PepRefinement) -> Result<()> {
        let r = refinement;
        self.apply_refine(
            "Pep::set_refinement",
            r.kind,
            Some(r.npart),
            r.tol,
            r.its,
            r.scheme,
        )
    }

    /// Sets Newton refinement (`PEPSetRefine`) with five positional arguments.
    #[deprecated(
        since = "0.2.0",
        note = "use `set_refinement(PepRefinement { kind, tol, ..Default::default() })` (the struct `refinement()` returns, so the two round-trip)"
    )]
    #[doc(alias = "PEPSetRefine")]
    pub fn set_refine(
        &mut self,
        kind: PepRefine,
        npart: Option<Int>,
        tol: Option<Real>,
        its: Option<Int>,
        scheme: Option<PepRefineScheme>,
    ) -> Result<()> {
        self.apply_refine("Pep::set_refine", kind, npart, tol, its, scheme)
    }

    /// `PEPSetRefine` with its arguments checked (`None`: SLEPc's choice).
    fn apply_refine(
        &mut self,
        ctx: &str,
        kind: PepRefine,
        npart: Option<Int>,
        tol: Option<Real>,
        its: Option<Int>,
        scheme: Option<PepRefineScheme>,
    ) -> Result<()> {
        if let Some(p) = npart {
            checks::npart(ctx, p, self.comm().size())?;
        }
        checks::tolerance(ctx, tol)?;
        if let Some(n) = its {
            if n < 0 {
                return Err(Error::invalid(
                    ctx,
                    format!("its is {n}; it must not be negative"),
                ));
            }
        }
        let scheme = scheme.map_or(sys::PEPRefineScheme(0), PepRefineScheme::raw);
        let (npart, tol, its) = (default_int(npart), default_real(tol), default_int(its));
        // SAFETY: live solver.
        check(unsafe { sys::PEPSetRefine(self.ptr, kind.raw(), npart, tol, its, scheme) })
    }

    /// The refinement settings (`PEPGetRefine`).
    #[deprecated(
        since = "0.2.0",
        note = "use `refinement()` (named after the struct `set_refinement` takes, as NEP's)"
    )]
    #[doc(alias = "PEPGetRefine")]
    pub fn refine(&self) -> Result<PepRefinement> {
        self.refinement()
    }

    /// The refinement settings (`PEPGetRefine`), as the struct
    /// [`set_refinement`](Self::set_refinement) takes.
    #[doc(alias = "PEPGetRefine")]
    pub fn refinement(&self) -> Result<PepRefinement> {
        let mut kind = sys::PEPRefine(0);
        let mut scheme = sys::PEPRefineScheme(0);
        let (mut npart, mut its): (Int, Int) = (0, 0);
        let mut tol: Real = 0.0;
        // SAFETY: live solver; five outputs.
        check(unsafe {
            sys::PEPGetRefine(
                self.ptr,
                &mut kind,
                &mut npart,
                &mut tol,
                &mut its,
                &mut scheme,
            )
        })?;
        Ok(PepRefinement {
            kind: PepRefine::from_raw(kind, "Pep::refinement")?,
            npart,
            tol: unless_undetermined_real(tol),
            its: unless_undetermined_int(its),
            scheme: PepRefineScheme::from_raw(scheme, "Pep::refinement").ok(),
        })
    }

    /// The linear solver of the refinement (`PEPRefineGetKSP`), as a handle holding its
    /// own reference and one to this solver; its options prefix is `pep_refine_`.
    ///
    /// ```
    /// use petsc::Object;
    /// let petsc = petsc::Petsc::init()?;
    /// let pep = slepc::Pep::new(&petsc.self_comm())?;
    /// let ksp = pep.refine_ksp()?;
    /// assert_eq!(ksp.options_prefix()?, "pep_refine_");
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PEPRefineGetKSP")]
    pub fn refine_ksp(&self) -> Result<Ksp> {
        let mut ksp: sys::KSP = std::ptr::null_mut();
        // SAFETY: live solver; SLEPc returns its KSP (borrowed), creating it.
        check(unsafe { sys::slepcrs_PEPRefineGetKSP(self.ptr, &mut ksp) })?;
        // SAFETY: live KSP and solver; the handle takes a reference to each.
        unsafe { Ksp::from_raw_child(self.slepc.petsc(), ksp, self.ptr as sys::PetscObject) }
    }

    petsc::methods![for Pep;
        /// Sets how eigenvectors are extracted (`PEPSetExtract`).
        ///
        /// ```
        /// use slepc::PepExtract;
        /// let petsc = petsc::Petsc::init()?;
        /// let mut pep = slepc::Pep::new(&petsc.self_comm())?;
        /// assert_eq!(pep.extract()?, None); // chosen at set-up
        /// pep.set_extract(PepExtract::Residual)?;
        /// assert_eq!(pep.extract()?, Some(PepExtract::Residual));
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_extract(&mut self, extract: PepExtract) = PEPSetExtract as "PEPSetExtract";
    ];

    /// How eigenvectors are extracted (`PEPGetExtract`), or `None` before it is set or
    /// chosen at set-up.
    #[doc(alias = "PEPGetExtract")]
    pub fn extract(&self) -> Result<Option<PepExtract>> {
        let mut e = sys::PEPExtract(0);
        // SAFETY: live solver; one output.
        check(unsafe { sys::PEPGetExtract(self.ptr, &mut e) })?;
        Ok(PepExtract::from_raw(e, "Pep::extract").ok())
    }

    petsc::methods![for Pep;
        /// The convergence test (`PEPGetConvergenceTest`).
        pub fn convergence_test(&self) -> PepConv
            = PEPGetConvergenceTest as "PEPGetConvergenceTest";
    ];

    petsc::methods![for Pep;
        /// The kind of stopping test (`PEPGetStoppingTest`).
        pub fn stopping_test(&self) -> PepStop = PEPGetStoppingTest as "PEPGetStoppingTest";
    ];
}
