//! The options of the solver types: cross and cyclic (explicit matrix, inner EPS),
//! Lanczos and thick-restart Lanczos (one-sided variant, locking, restart, GSVD
//! bidiagonalization, inner KSP, explicit matrix). A setter of another type than the
//! solver's (or before it has one) is ignored, as SLEPc ignores it; a getter of another
//! type is refused with an error naming the solver's type, as SLEPc refuses it.

use petsc::{Error, Ksp, Object, Real, Result};
use slepc_sys as sys;

use super::{Svd, SvdProblemType, SvdTrLanczosGBidiag};
use crate::checks::RequireType;
use crate::eps::Eps;
use crate::error::check;

impl Svd {
    petsc::methods![for Svd;
        /// Sets whether the cross solver builds `A^* A` explicitly
        /// (`SVDCrossSetExplicitMatrix`); SLEPc ignores it on a solver of another type (or
        /// of no type yet), and so does this.
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut svd = slepc::Svd::new(&petsc.self_comm())?;
        /// svd.set_type_name("cross")?;
        /// svd.set_cross_explicit_matrix(true)?;
        /// assert!(svd.cross_explicit_matrix()?);
        /// svd.set_cross_explicit_matrix(false)?;
        /// assert!(!svd.cross_explicit_matrix()?);
        /// svd.set_type_name("lapack")?;
        /// svd.set_cross_explicit_matrix(true)?; // ignored: not a 'cross' solver
        /// assert!(svd.cross_explicit_matrix().is_err()); // SLEPc's getter refuses another type
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_cross_explicit_matrix(&mut self, flag: bool) = SVDCrossSetExplicitMatrix as "SVDCrossSetExplicitMatrix";
        /// Whether the cross solver builds `A^* A` explicitly
        /// (`SVDCrossGetExplicitMatrix`); an `Err` unless the solver has type `cross`
        /// (SLEPc's getter refuses other types).
        pub fn cross_explicit_matrix(&self) -> bool = SVDCrossGetExplicitMatrix as "SVDCrossGetExplicitMatrix", needs require_type("cross");
        /// Sets whether the cyclic solver builds `[0 A; A^* 0]` explicitly
        /// (`SVDCyclicSetExplicitMatrix`); SLEPc ignores it on a solver of another type (or
        /// of no type yet), and so does this.
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut svd = slepc::Svd::new(&petsc.self_comm())?;
        /// svd.set_type_name("cyclic")?;
        /// svd.set_cyclic_explicit_matrix(true)?;
        /// assert!(svd.cyclic_explicit_matrix()?);
        /// svd.set_cyclic_explicit_matrix(false)?;
        /// assert!(!svd.cyclic_explicit_matrix()?);
        /// svd.set_type_name("lapack")?;
        /// svd.set_cyclic_explicit_matrix(true)?; // ignored: not a 'cyclic' solver
        /// assert!(svd.cyclic_explicit_matrix().is_err()); // SLEPc's getter refuses another type
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_cyclic_explicit_matrix(&mut self, flag: bool) = SVDCyclicSetExplicitMatrix as "SVDCyclicSetExplicitMatrix";
        /// Whether the cyclic solver builds `[0 A; A^* 0]` explicitly
        /// (`SVDCyclicGetExplicitMatrix`); an `Err` unless the solver has type `cyclic`
        /// (SLEPc's getter refuses other types).
        pub fn cyclic_explicit_matrix(&self) -> bool = SVDCyclicGetExplicitMatrix as "SVDCyclicGetExplicitMatrix", needs require_type("cyclic");
        /// Sets whether the Lanczos solver uses the one-sided variant (left vectors
        /// computed at the end) (`SVDLanczosSetOneSide`); SLEPc ignores it on a solver of
        /// another type (or of no type yet), and so does this.
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut svd = slepc::Svd::new(&petsc.self_comm())?;
        /// svd.set_type_name("lanczos")?;
        /// svd.set_lanczos_one_side(true)?;
        /// assert!(svd.lanczos_one_side()?);
        /// svd.set_lanczos_one_side(false)?;
        /// assert!(!svd.lanczos_one_side()?);
        /// svd.set_type_name("lapack")?;
        /// svd.set_lanczos_one_side(true)?; // ignored: not a 'lanczos' solver
        /// assert!(svd.lanczos_one_side().is_err()); // SLEPc's getter refuses another type
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_lanczos_one_side(&mut self, flag: bool) = SVDLanczosSetOneSide as "SVDLanczosSetOneSide";
        /// Whether the Lanczos solver uses the one-sided variant (left vectors computed at
        /// the end) (`SVDLanczosGetOneSide`); an `Err` unless the solver has type `lanczos`
        /// (SLEPc's getter refuses other types).
        pub fn lanczos_one_side(&self) -> bool = SVDLanczosGetOneSide as "SVDLanczosGetOneSide", needs require_type("lanczos");
        /// Sets whether the thick-restart Lanczos solver uses the one-sided variant
        /// (`SVDTRLanczosSetOneSide`); SLEPc ignores it on a solver of another type (or of
        /// no type yet), and so does this.
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut svd = slepc::Svd::new(&petsc.self_comm())?;
        /// svd.set_type_name("trlanczos")?;
        /// svd.set_trlanczos_one_side(true)?;
        /// assert!(svd.trlanczos_one_side()?);
        /// svd.set_trlanczos_one_side(false)?;
        /// assert!(!svd.trlanczos_one_side()?);
        /// svd.set_type_name("lapack")?;
        /// svd.set_trlanczos_one_side(true)?; // ignored: not a 'trlanczos' solver
        /// assert!(svd.trlanczos_one_side().is_err()); // SLEPc's getter refuses another type
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_trlanczos_one_side(&mut self, flag: bool) = SVDTRLanczosSetOneSide as "SVDTRLanczosSetOneSide";
        /// Whether the thick-restart Lanczos solver uses the one-sided variant
        /// (`SVDTRLanczosGetOneSide`); an `Err` unless the solver has type `trlanczos`
        /// (SLEPc's getter refuses other types).
        pub fn trlanczos_one_side(&self) -> bool = SVDTRLanczosGetOneSide as "SVDTRLanczosGetOneSide", needs require_type("trlanczos");
        /// Sets whether the thick-restart Lanczos solver locks converged vectors (else
        /// keeps them in the restart) (`SVDTRLanczosSetLocking`); SLEPc ignores it on a
        /// solver of another type (or of no type yet), and so does this.
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut svd = slepc::Svd::new(&petsc.self_comm())?;
        /// svd.set_type_name("trlanczos")?;
        /// svd.set_trlanczos_locking(true)?;
        /// assert!(svd.trlanczos_locking()?);
        /// svd.set_trlanczos_locking(false)?;
        /// assert!(!svd.trlanczos_locking()?);
        /// svd.set_type_name("lapack")?;
        /// svd.set_trlanczos_locking(true)?; // ignored: not a 'trlanczos' solver
        /// assert!(svd.trlanczos_locking().is_err()); // SLEPc's getter refuses another type
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_trlanczos_locking(&mut self, flag: bool) = SVDTRLanczosSetLocking as "SVDTRLanczosSetLocking";
        /// Whether the thick-restart Lanczos solver locks converged vectors (else keeps
        /// them in the restart) (`SVDTRLanczosGetLocking`); an `Err` unless the solver has
        /// type `trlanczos` (SLEPc's getter refuses other types).
        pub fn trlanczos_locking(&self) -> bool = SVDTRLanczosGetLocking as "SVDTRLanczosGetLocking", needs require_type("trlanczos");
        /// Sets whether the thick-restart Lanczos GSVD solver builds `Z = [A; B]`
        /// explicitly (`SVDTRLanczosSetExplicitMatrix`); SLEPc ignores it on a solver of
        /// another type (or of no type yet), and so does this.
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut svd = slepc::Svd::new(&petsc.self_comm())?;
        /// svd.set_type_name("trlanczos")?;
        /// svd.set_trlanczos_explicit_matrix(true)?;
        /// assert!(svd.trlanczos_explicit_matrix()?);
        /// svd.set_trlanczos_explicit_matrix(false)?;
        /// assert!(!svd.trlanczos_explicit_matrix()?);
        /// svd.set_type_name("lapack")?;
        /// svd.set_trlanczos_explicit_matrix(true)?; // ignored: not a 'trlanczos' solver
        /// assert!(svd.trlanczos_explicit_matrix().is_err()); // SLEPc's getter refuses another type
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_trlanczos_explicit_matrix(&mut self, flag: bool) = SVDTRLanczosSetExplicitMatrix as "SVDTRLanczosSetExplicitMatrix";
        /// Whether the thick-restart Lanczos GSVD solver builds `Z = [A; B]` explicitly
        /// (`SVDTRLanczosGetExplicitMatrix`); an `Err` unless the solver has type
        /// `trlanczos` (SLEPc's getter refuses other types).
        pub fn trlanczos_explicit_matrix(&self) -> bool = SVDTRLanczosGetExplicitMatrix as "SVDTRLanczosGetExplicitMatrix", needs require_type("trlanczos");
    ];
}

impl Svd {
    /// Refuses the `trlanczos` KSP unless the solver is a `trlanczos` GSVD, the one case
    /// where SLEPc 3.18 destroys that KSP with the solver.
    fn require_gsvd_ksp(&self, ctx: &str) -> Result<()> {
        self.require_type(ctx, "trlanczos")?;
        let generalized = match self.problem_type()? {
            Some(t) => t == SvdProblemType::Generalized,
            None => !self.raw_operators()?.1.is_null(),
        };
        if generalized {
            return Ok(());
        }
        Err(Error::invalid(
            ctx,
            "the trlanczos KSP serves generalized problems only: set operators A and B or \
             the problem type Generalized first",
        ))
    }

    /// Uses `eps` as the inner eigensolver of the `cross` type (`SVDCrossSetEPS`); the
    /// solver keeps its own reference.
    #[doc(alias = "SVDCrossSetEPS")]
    pub fn set_cross_eps(&mut self, eps: &Eps) -> Result<()> {
        // SAFETY: live solver (of another type than cross, SLEPc ignores the call) and EPS;
        // SLEPc references the EPS.
        check(unsafe { sys::SVDCrossSetEPS(self.ptr, eps.as_raw()) })
    }

    /// The inner eigensolver of the `cross` type (`SVDCrossGetEPS`; its options prefix
    /// is `svd_cross_`), as a handle holding its own reference and one to this solver.
    ///
    /// ```
    /// use petsc::Object;
    /// use slepc::{EpsType, SvdType};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut svd = slepc::Svd::new(&petsc.self_comm())?;
    /// svd.set_type(SvdType::Cross)?;
    /// let mut eps = svd.cross_eps()?;
    /// assert_eq!(eps.options_prefix()?, "svd_cross_");
    /// eps.set_type(EpsType::Lanczos)?;
    /// drop(svd); // the handle keeps the solver alive
    /// assert_eq!(eps.ty()?, Some(EpsType::Lanczos));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "SVDCrossGetEPS")]
    pub fn cross_eps(&self) -> Result<Eps> {
        self.require_type("Svd::cross_eps", "cross")?;
        let mut eps: sys::EPS = std::ptr::null_mut();
        // SAFETY: live cross solver; SLEPc returns its EPS (borrowed), creating it.
        check(unsafe { sys::SVDCrossGetEPS(self.ptr, &mut eps) })?;
        // SAFETY: live EPS and solver; the handle takes a reference to each.
        unsafe { Eps::from_raw_child(&self.slepc, eps, self.ptr as sys::PetscObject) }
    }

    /// Uses `eps` as the inner eigensolver of the `cyclic` type (`SVDCyclicSetEPS`); the
    /// solver keeps its own reference.
    #[doc(alias = "SVDCyclicSetEPS")]
    pub fn set_cyclic_eps(&mut self, eps: &Eps) -> Result<()> {
        // SAFETY: live solver (of another type than cyclic, SLEPc ignores the call) and
        // EPS; SLEPc references the EPS.
        check(unsafe { sys::SVDCyclicSetEPS(self.ptr, eps.as_raw()) })
    }

    /// The inner eigensolver of the `cyclic` type (`SVDCyclicGetEPS`; its options prefix
    /// is `svd_cyclic_`), as a handle holding its own reference and one to this solver.
    #[doc(alias = "SVDCyclicGetEPS")]
    pub fn cyclic_eps(&self) -> Result<Eps> {
        self.require_type("Svd::cyclic_eps", "cyclic")?;
        let mut eps: sys::EPS = std::ptr::null_mut();
        // SAFETY: live cyclic solver; SLEPc returns its EPS (borrowed), creating it.
        check(unsafe { sys::SVDCyclicGetEPS(self.ptr, &mut eps) })?;
        // SAFETY: live EPS and solver; the handle takes a reference to each.
        unsafe { Eps::from_raw_child(&self.slepc, eps, self.ptr as sys::PetscObject) }
    }

    petsc::methods![for Svd;
        /// Sets the bidiagonalization of the `trlanczos` GSVD solver
        /// (`SVDTRLanczosSetGBidiag`).
        ///
        /// ```
        /// use slepc::{SvdType, SvdTrLanczosGBidiag};
        /// let petsc = petsc::Petsc::init()?;
        /// let mut svd = slepc::Svd::new(&petsc.self_comm())?;
        /// svd.set_type(SvdType::TrLanczos)?;
        /// svd.set_trlanczos_gbidiag(SvdTrLanczosGBidiag::Upper)?;
        /// assert_eq!(svd.trlanczos_gbidiag()?, SvdTrLanczosGBidiag::Upper);
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_trlanczos_gbidiag(&mut self, bidiag: SvdTrLanczosGBidiag)
            = SVDTRLanczosSetGBidiag as "SVDTRLanczosSetGBidiag";

        /// The bidiagonalization of the `trlanczos` GSVD solver (`SVDTRLanczosGetGBidiag`).
        pub fn trlanczos_gbidiag(&self) -> SvdTrLanczosGBidiag
            = SVDTRLanczosGetGBidiag as "SVDTRLanczosGetGBidiag", needs require_type("trlanczos");
    ];

    /// Sets the fraction of the basis kept at a restart of `trlanczos`, in `[0.1, 0.9]`
    /// (`SVDTRLanczosSetRestart`); other values (NaN included) are refused here.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut svd = slepc::Svd::new(&petsc.self_comm())?;
    /// svd.set_type(slepc::SvdType::TrLanczos)?;
    /// svd.set_trlanczos_restart(0.7)?;
    /// assert_eq!(svd.trlanczos_restart()?, 0.7);
    /// assert!(svd.set_trlanczos_restart(0.95).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "SVDTRLanczosSetRestart")]
    pub fn set_trlanczos_restart(&mut self, keep: Real) -> Result<()> {
        const CTX: &str = "Svd::set_trlanczos_restart";
        if !(0.1..=0.9).contains(&keep) {
            return Err(Error::out_of_range(
                CTX,
                format!("keep is {keep}; it must be in [0.1, 0.9]"),
            ));
        }
        // SAFETY: live solver (of another type than trlanczos, SLEPc ignores the call).
        check(unsafe { sys::SVDTRLanczosSetRestart(self.ptr, keep) })
    }

    petsc::methods![for Svd;
        /// The fraction of the basis kept at a restart of `trlanczos`
        /// (`SVDTRLanczosGetRestart`).
        pub fn trlanczos_restart(&self) -> Real
            = SVDTRLanczosGetRestart as "SVDTRLanczosGetRestart", needs require_type("trlanczos");
    ];

    /// Uses `ksp` for the least-squares solves of the `trlanczos` GSVD solver
    /// (`SVDTRLanczosSetKSP`); the solver keeps its own reference.
    ///
    /// Only for a generalized problem (see [`trlanczos_ksp`](Self::trlanczos_ksp)): a
    /// `trlanczos` solver of a standard problem refuses it, since SLEPc 3.18 would leak
    /// the KSP. On a solver of another type (or of no type yet) SLEPc ignores it, and so
    /// does this.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut svd = slepc::Svd::new(&c)?;
    /// let ksp = petsc::Ksp::new(&c)?;
    /// svd.set_type(slepc::SvdType::Cross)?;
    /// svd.set_trlanczos_ksp(&ksp)?; // ignored: not a 'trlanczos' solver
    /// svd.set_type(slepc::SvdType::TrLanczos)?;
    /// assert!(svd.set_trlanczos_ksp(&ksp).is_err()); // not a GSVD
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "SVDTRLanczosSetKSP")]
    pub fn set_trlanczos_ksp(&mut self, ksp: &Ksp) -> Result<()> {
        if self.type_name()? == "trlanczos" {
            self.require_gsvd_ksp("Svd::set_trlanczos_ksp")?;
        }
        // SAFETY: live solver and KSP; a trlanczos GSVD solver references the KSP,
        // another type ignores the call.
        check(unsafe { sys::SVDTRLanczosSetKSP(self.ptr, ksp.as_raw()) })
    }

    /// The linear solver of the `trlanczos` GSVD solver (`SVDTRLanczosGetKSP`; its
    /// options prefix is `svd_trlanczos_`), as a handle holding its own reference and one
    /// to this solver.
    ///
    /// Only for a generalized problem: the problem type set to
    /// [`SvdProblemType::Generalized`], or operators `A` and `B` with no problem type
    /// (an `Err` otherwise). SLEPc 3.18 uses this solver for GSVD only and destroys it
    /// only then: on any other problem it would leak. Do not change such a solver back
    /// to a standard problem once its KSP exists, for the same reason.
    ///
    /// ```
    /// use petsc::{Mat, Object};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut svd = slepc::Svd::new(&c)?;
    /// svd.set_type(slepc::SvdType::TrLanczos)?;
    /// assert!(svd.trlanczos_ksp().is_err()); // not a GSVD (yet)
    /// svd.set_problem_type(slepc::SvdProblemType::Generalized)?;
    /// let ksp = svd.trlanczos_ksp()?;
    /// assert_eq!(ksp.options_prefix()?, "svd_trlanczos_");
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "SVDTRLanczosGetKSP")]
    pub fn trlanczos_ksp(&self) -> Result<Ksp> {
        self.require_gsvd_ksp("Svd::trlanczos_ksp")?;
        let mut ksp: sys::KSP = std::ptr::null_mut();
        // SAFETY: live trlanczos solver; SLEPc returns its KSP (borrowed), creating it.
        check(unsafe { sys::SVDTRLanczosGetKSP(self.ptr, &mut ksp) })?;
        // SAFETY: live KSP and solver; the handle takes a reference to each.
        unsafe { Ksp::from_raw_child(self.slepc.petsc(), ksp, self.ptr as sys::PetscObject) }
    }
}
