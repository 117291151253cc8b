//! The options of the solver types: residual inverse iteration (RII), successive linear
//! problems (SLP), nonlinear Arnoldi, polynomial interpolation, NLEIGS and (complex
//! builds) CISS. A setter of another type than the solver's (or before it has one) is
//! ignored, as SLEPc ignores it; a getter of another type is refused with an error
//! naming the solver's type, as SLEPc refuses it (or leaves its outputs unset); inner
//! solvers come back as handles holding their own reference and one to this solver.

use petsc::{Error, Int, Ksp, Object, Real, Result, Scalar};
use slepc_sys as sys;

use super::Nep;
use crate::absent::{keep_int, keep_real};
use crate::checks::RequireType;
use crate::eps::Eps;
use crate::error::check;
use crate::pep::Pep;

fn positive_finite(name: &str, v: Real) -> Option<String> {
    (!(v.is_finite() && v > 0.0)).then(|| format!("{name} is {v}; it must be positive and finite"))
}

fn at_least(name: &str, v: Int, min: Int) -> Option<String> {
    (v < min).then(|| format!("{name} is {v}; it must be at least {min}"))
}

impl Nep {
    petsc::methods![for Nep;
        /// Sets how often RII rebuilds the preconditioner (0: never, 1: every iteration,
        /// ...) (`NEPRIISetLagPreconditioner`); SLEPc ignores it on a solver of another
        /// type (or of no type yet), and so does this.
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut nep = slepc::Nep::new(&petsc.self_comm())?;
        /// nep.set_rii_lag_preconditioner(2)?; // ignored (no type yet): not a 'rii' solver
        /// assert!(nep.rii_lag_preconditioner().is_err()); // SLEPc's getter refuses another type
        /// nep.set_type_name("rii")?;
        /// nep.set_rii_lag_preconditioner(2)?;
        /// assert_eq!(nep.rii_lag_preconditioner()?, 2);
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_rii_lag_preconditioner(&mut self, lag: Int where lag >= 0) = NEPRIISetLagPreconditioner as "NEPRIISetLagPreconditioner";
        /// Gets how often RII rebuilds the preconditioner (0: never, 1: every iteration,
        /// ...) (`NEPRIIGetLagPreconditioner`); an `Err` unless the solver has type `rii`
        /// (SLEPc's getter refuses other types).
        pub fn rii_lag_preconditioner(&self) -> Int = NEPRIIGetLagPreconditioner as "NEPRIIGetLagPreconditioner", needs require_type("rii");
        /// Sets whether RII keeps the tolerance of its linear solves constant
        /// (`NEPRIISetConstCorrectionTol`); SLEPc ignores it on a solver of another type
        /// (or of no type yet), and so does this.
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut nep = slepc::Nep::new(&petsc.self_comm())?;
        /// nep.set_rii_const_correction_tol(true)?; // ignored (no type yet): not a 'rii' solver
        /// assert!(nep.rii_const_correction_tol().is_err()); // SLEPc's getter refuses another type
        /// nep.set_type_name("rii")?;
        /// nep.set_rii_const_correction_tol(true)?;
        /// assert_eq!(nep.rii_const_correction_tol()?, true);
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_rii_const_correction_tol(&mut self, value: bool) = NEPRIISetConstCorrectionTol as "NEPRIISetConstCorrectionTol";
        /// Gets whether RII keeps the tolerance of its linear solves constant
        /// (`NEPRIIGetConstCorrectionTol`); an `Err` unless the solver has type `rii`
        /// (SLEPc's getter refuses other types).
        pub fn rii_const_correction_tol(&self) -> bool = NEPRIIGetConstCorrectionTol as "NEPRIIGetConstCorrectionTol", needs require_type("rii");
        /// Sets the largest number of RII's inner Newton iterations (for the Rayleigh
        /// functional) (`NEPRIISetMaximumIterations`); SLEPc ignores it on a solver of
        /// another type (or of no type yet), and so does this.
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut nep = slepc::Nep::new(&petsc.self_comm())?;
        /// nep.set_rii_maximum_iterations(7)?; // ignored (no type yet): not a 'rii' solver
        /// assert!(nep.rii_maximum_iterations().is_err()); // SLEPc's getter refuses another type
        /// nep.set_type_name("rii")?;
        /// nep.set_rii_maximum_iterations(7)?;
        /// assert_eq!(nep.rii_maximum_iterations()?, 7);
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_rii_maximum_iterations(&mut self, its: Int where its >= 1) = NEPRIISetMaximumIterations as "NEPRIISetMaximumIterations";
        /// Gets the largest number of RII's inner Newton iterations (for the Rayleigh
        /// functional) (`NEPRIIGetMaximumIterations`); an `Err` unless the solver has type
        /// `rii` (SLEPc's getter refuses other types).
        pub fn rii_maximum_iterations(&self) -> Int = NEPRIIGetMaximumIterations as "NEPRIIGetMaximumIterations", needs require_type("rii");
        /// Sets whether RII uses the Hermitian version of the scalar nonlinear equation
        /// (`NEPRIISetHermitian`); SLEPc ignores it on a solver of another type (or of no
        /// type yet), and so does this.
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut nep = slepc::Nep::new(&petsc.self_comm())?;
        /// nep.set_rii_hermitian(true)?; // ignored (no type yet): not a 'rii' solver
        /// assert!(nep.rii_hermitian().is_err()); // SLEPc's getter refuses another type
        /// nep.set_type_name("rii")?;
        /// nep.set_rii_hermitian(true)?;
        /// assert_eq!(nep.rii_hermitian()?, true);
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_rii_hermitian(&mut self, value: bool) = NEPRIISetHermitian as "NEPRIISetHermitian";
        /// Gets whether RII uses the Hermitian version of the scalar nonlinear equation
        /// (`NEPRIIGetHermitian`); an `Err` unless the solver has type `rii` (SLEPc's
        /// getter refuses other types).
        pub fn rii_hermitian(&self) -> bool = NEPRIIGetHermitian as "NEPRIIGetHermitian", needs require_type("rii");
        /// Sets the threshold below which RII includes a pair in its deflation
        /// (`NEPRIISetDeflationThreshold`); SLEPc ignores it on a solver of another type
        /// (or of no type yet), and so does this.
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut nep = slepc::Nep::new(&petsc.self_comm())?;
        /// nep.set_rii_deflation_threshold(1e-8)?; // ignored (no type yet): not a 'rii' solver
        /// assert!(nep.rii_deflation_threshold().is_err()); // SLEPc's getter refuses another type
        /// nep.set_type_name("rii")?;
        /// nep.set_rii_deflation_threshold(1e-8)?;
        /// assert_eq!(nep.rii_deflation_threshold()?, 1e-8);
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_rii_deflation_threshold(&mut self, threshold: Real where threshold.is_finite() && threshold > 0.0) = NEPRIISetDeflationThreshold as "NEPRIISetDeflationThreshold";
        /// Gets the threshold below which RII includes a pair in its deflation
        /// (`NEPRIIGetDeflationThreshold`); an `Err` unless the solver has type `rii`
        /// (SLEPc's getter refuses other types).
        pub fn rii_deflation_threshold(&self) -> Real = NEPRIIGetDeflationThreshold as "NEPRIIGetDeflationThreshold", needs require_type("rii");
        /// Sets the threshold below which SLP includes a pair in its deflation
        /// (`NEPSLPSetDeflationThreshold`); SLEPc ignores it on a solver of another type
        /// (or of no type yet), and so does this.
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut nep = slepc::Nep::new(&petsc.self_comm())?;
        /// nep.set_slp_deflation_threshold(1e-8)?; // ignored (no type yet): not a 'slp' solver
        /// assert!(nep.slp_deflation_threshold().is_err()); // SLEPc's getter refuses another type
        /// nep.set_type_name("slp")?;
        /// nep.set_slp_deflation_threshold(1e-8)?;
        /// assert_eq!(nep.slp_deflation_threshold()?, 1e-8);
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_slp_deflation_threshold(&mut self, threshold: Real where threshold.is_finite() && threshold > 0.0) = NEPSLPSetDeflationThreshold as "NEPSLPSetDeflationThreshold";
        /// Gets the threshold below which SLP includes a pair in its deflation
        /// (`NEPSLPGetDeflationThreshold`); an `Err` unless the solver has type `slp`
        /// (SLEPc's getter refuses other types).
        pub fn slp_deflation_threshold(&self) -> Real = NEPSLPGetDeflationThreshold as "NEPSLPGetDeflationThreshold", needs require_type("slp");
        /// Sets how often nonlinear Arnoldi rebuilds the preconditioner (0: never, 1: every
        /// iteration) (`NEPNArnoldiSetLagPreconditioner`); SLEPc ignores it on a solver of
        /// another type (or of no type yet), and so does this.
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut nep = slepc::Nep::new(&petsc.self_comm())?;
        /// nep.set_narnoldi_lag_preconditioner(3)?; // ignored (no type yet): not a 'narnoldi' solver
        /// assert!(nep.narnoldi_lag_preconditioner().is_err()); // SLEPc's getter refuses another type
        /// nep.set_type_name("narnoldi")?;
        /// nep.set_narnoldi_lag_preconditioner(3)?;
        /// assert_eq!(nep.narnoldi_lag_preconditioner()?, 3);
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_narnoldi_lag_preconditioner(&mut self, lag: Int where lag >= 0) = NEPNArnoldiSetLagPreconditioner as "NEPNArnoldiSetLagPreconditioner";
        /// Gets how often nonlinear Arnoldi rebuilds the preconditioner (0: never, 1: every
        /// iteration) (`NEPNArnoldiGetLagPreconditioner`); an `Err` unless the solver has
        /// type `narnoldi` (SLEPc's getter refuses other types).
        pub fn narnoldi_lag_preconditioner(&self) -> Int = NEPNArnoldiGetLagPreconditioner as "NEPNArnoldiGetLagPreconditioner", needs require_type("narnoldi");
        /// Sets the proportion of basis vectors NLEIGS keeps at a restart (0.1 to 0.9)
        /// (`NEPNLEIGSSetRestart`); SLEPc ignores it on a solver of another type (or of no
        /// type yet), and so does this.
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut nep = slepc::Nep::new(&petsc.self_comm())?;
        /// nep.set_nleigs_restart(0.7)?; // ignored (no type yet): not a 'nleigs' solver
        /// assert!(nep.nleigs_restart().is_err()); // SLEPc's getter refuses another type
        /// nep.set_type_name("nleigs")?;
        /// nep.set_nleigs_restart(0.7)?;
        /// assert_eq!(nep.nleigs_restart()?, 0.7);
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_nleigs_restart(&mut self, keep: Real where (0.1..=0.9).contains(&keep)) = NEPNLEIGSSetRestart as "NEPNLEIGSSetRestart";
        /// Gets the proportion of basis vectors NLEIGS keeps at a restart (0.1 to 0.9)
        /// (`NEPNLEIGSGetRestart`); an `Err` unless the solver has type `nleigs` (SLEPc's
        /// getter refuses other types).
        pub fn nleigs_restart(&self) -> Real = NEPNLEIGSGetRestart as "NEPNLEIGSGetRestart", needs require_type("nleigs");
        /// Sets whether NLEIGS locks converged vectors (else keeps them in the restart)
        /// (`NEPNLEIGSSetLocking`); SLEPc ignores it on a solver of another type (or of no
        /// type yet), and so does this.
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut nep = slepc::Nep::new(&petsc.self_comm())?;
        /// nep.set_nleigs_locking(false)?; // ignored (no type yet): not a 'nleigs' solver
        /// assert!(nep.nleigs_locking().is_err()); // SLEPc's getter refuses another type
        /// nep.set_type_name("nleigs")?;
        /// nep.set_nleigs_locking(false)?;
        /// assert_eq!(nep.nleigs_locking()?, false);
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_nleigs_locking(&mut self, value: bool) = NEPNLEIGSSetLocking as "NEPNLEIGSSetLocking";
        /// Gets whether NLEIGS locks converged vectors (else keeps them in the restart)
        /// (`NEPNLEIGSGetLocking`); an `Err` unless the solver has type `nleigs` (SLEPc's
        /// getter refuses other types).
        pub fn nleigs_locking(&self) -> bool = NEPNLEIGSGetLocking as "NEPNLEIGSGetLocking", needs require_type("nleigs");
        /// Sets whether NLEIGS works with the full basis of the linearization (needed for
        /// two-sided solves) instead of the compact one (`NEPNLEIGSSetFullBasis`); SLEPc
        /// ignores it on a solver of another type (or of no type yet), and so does this.
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut nep = slepc::Nep::new(&petsc.self_comm())?;
        /// nep.set_nleigs_full_basis(true)?; // ignored (no type yet): not a 'nleigs' solver
        /// assert!(nep.nleigs_full_basis().is_err()); // SLEPc's getter refuses another type
        /// nep.set_type_name("nleigs")?;
        /// nep.set_nleigs_full_basis(true)?;
        /// assert_eq!(nep.nleigs_full_basis()?, true);
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_nleigs_full_basis(&mut self, value: bool) = NEPNLEIGSSetFullBasis as "NEPNLEIGSSetFullBasis";
        /// Gets whether NLEIGS works with the full basis of the linearization (needed for
        /// two-sided solves) instead of the compact one (`NEPNLEIGSGetFullBasis`); an `Err`
        /// unless the solver has type `nleigs` (SLEPc's getter refuses other types).
        pub fn nleigs_full_basis(&self) -> bool = NEPNLEIGSGetFullBasis as "NEPNLEIGSGetFullBasis", needs require_type("nleigs");
    ];
}

/// The sizes of the CISS solver (see [`Nep::set_ciss_sizes`]): the same as EPS's.
#[cfg(slepc_complex)]
pub type NepCissSizes = crate::EpsCissSizes;

#[cfg(slepc_complex)]
crate::declare::declare! { @enum ciss_extraction
/// The extraction of the CISS solver (`NEPCISSExtraction`, complex builds).
NepCissExtraction: NEPCISSExtraction = NEP_CISS_EXTRACTION_RITZ, NEP_CISS_EXTRACTION_HANKEL;
    /// `NEP_CISS_EXTRACTION_CAA`: communication-avoiding Arnoldi.
    Caa = NEP_CISS_EXTRACTION_CAA,
}

impl Nep {
    /// A KSP lent by a getter of this solver, as a handle with its own reference and one
    /// to this solver.
    fn ksp_handle(&self, ksp: sys::KSP) -> Result<Ksp> {
        // SAFETY: live KSP held by this live solver; the handle takes a reference to
        // each.
        unsafe { Ksp::from_raw_child(self.slepc.petsc(), ksp, self.ptr as sys::PetscObject) }
    }

    /// An EPS lent by a getter of this solver, as a handle as in [`ksp_handle`](Self::ksp_handle).
    fn eps_handle(&self, eps: sys::EPS) -> Result<Eps> {
        // SAFETY: live EPS held by this live solver; the handle takes a reference to
        // each.
        unsafe { Eps::from_raw_child(&self.slepc, eps, self.ptr as sys::PetscObject) }
    }

    /// Uses `ksp` for RII's linear solves (`NEPRIISetKSP`); the solver keeps its own
    /// reference. SLEPc ignores it on a solver of another type (or of no type yet), and so
    /// does this.
    #[doc(alias = "NEPRIISetKSP")]
    pub fn set_rii_ksp(&mut self, ksp: &Ksp) -> Result<()> {
        // SAFETY: live solver (of another type than RII, SLEPc ignores the call) and KSP;
        // SLEPc references the KSP.
        check(unsafe { sys::NEPRIISetKSP(self.ptr, ksp.as_raw()) })
    }

    /// RII's linear solver (`NEPRIIGetKSP`; options prefix `nep_rii_`). The solver type
    /// must be `rii`.
    ///
    /// ```
    /// use petsc::Object;
    /// let petsc = petsc::Petsc::init()?;
    /// let mut nep = slepc::Nep::new(&petsc.self_comm())?;
    /// assert!(nep.rii_ksp().is_err());
    /// nep.set_type(slepc::NepType::Rii)?;
    /// assert_eq!(nep.rii_ksp()?.options_prefix()?, "nep_rii_");
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "NEPRIIGetKSP")]
    pub fn rii_ksp(&self) -> Result<Ksp> {
        self.require_type("Nep::rii_ksp", "rii")?;
        let mut ksp: sys::KSP = std::ptr::null_mut();
        // SAFETY: live RII solver; SLEPc lends its KSP, creating it.
        check(unsafe { sys::NEPRIIGetKSP(self.ptr, &mut ksp) })?;
        self.ksp_handle(ksp)
    }

    /// Uses `eps` for SLP's linear eigenproblems (`NEPSLPSetEPS`); the solver keeps its own
    /// reference. SLEPc ignores it on a solver of another type (or of no type yet), and so
    /// does this.
    #[doc(alias = "NEPSLPSetEPS")]
    pub fn set_slp_eps(&mut self, eps: &Eps) -> Result<()> {
        // SAFETY: live solver (of another type than SLP, SLEPc ignores the call) and EPS;
        // SLEPc references the EPS.
        check(unsafe { sys::NEPSLPSetEPS(self.ptr, eps.as_raw()) })
    }

    /// SLP's eigensolver (`NEPSLPGetEPS`; options prefix `nep_slp_`). The solver type
    /// must be `slp`.
    ///
    /// ```
    /// use petsc::Object;
    /// let petsc = petsc::Petsc::init()?;
    /// let mut nep = slepc::Nep::new(&petsc.self_comm())?;
    /// nep.set_type(slepc::NepType::Slp)?;
    /// assert_eq!(nep.slp_eps()?.options_prefix()?, "nep_slp_");
    /// assert_eq!(nep.slp_eps_left()?.options_prefix()?, "nep_slp_left_");
    /// assert_eq!(nep.slp_ksp()?.options_prefix()?, "nep_slp_");
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "NEPSLPGetEPS")]
    pub fn slp_eps(&self) -> Result<Eps> {
        self.require_type("Nep::slp_eps", "slp")?;
        let mut eps: sys::EPS = std::ptr::null_mut();
        // SAFETY: live SLP solver; SLEPc lends its EPS, creating it.
        check(unsafe { sys::NEPSLPGetEPS(self.ptr, &mut eps) })?;
        self.eps_handle(eps)
    }

    /// Uses `eps` for SLP's left eigenproblems of a two-sided solve (`NEPSLPSetEPSLeft`).
    /// SLEPc ignores it on a solver of another type (or of no type yet), and so does this.
    #[doc(alias = "NEPSLPSetEPSLeft")]
    pub fn set_slp_eps_left(&mut self, eps: &Eps) -> Result<()> {
        // SAFETY: live solver (of another type than SLP, SLEPc ignores the call) and EPS;
        // SLEPc references the EPS.
        check(unsafe { sys::NEPSLPSetEPSLeft(self.ptr, eps.as_raw()) })
    }

    /// SLP's eigensolver for the left eigenproblems of a two-sided solve
    /// (`NEPSLPGetEPSLeft`; options prefix `nep_slp_left_`). The solver type must be
    /// `slp`.
    #[doc(alias = "NEPSLPGetEPSLeft")]
    pub fn slp_eps_left(&self) -> Result<Eps> {
        self.require_type("Nep::slp_eps_left", "slp")?;
        let mut eps: sys::EPS = std::ptr::null_mut();
        // SAFETY: live SLP solver; SLEPc lends its EPS, creating it.
        check(unsafe { sys::NEPSLPGetEPSLeft(self.ptr, &mut eps) })?;
        self.eps_handle(eps)
    }

    /// Uses `ksp` for SLP's deflated linear solves (`NEPSLPSetKSP`). The solver type
    /// must be `slp`.
    #[doc(alias = "NEPSLPSetKSP")]
    pub fn set_slp_ksp(&mut self, ksp: &Ksp) -> Result<()> {
        // SAFETY: live solver (of another type than SLP, SLEPc ignores the call) and KSP;
        // SLEPc references the KSP.
        check(unsafe { sys::NEPSLPSetKSP(self.ptr, ksp.as_raw()) })
    }

    /// SLP's linear solver (`NEPSLPGetKSP`). The solver type must be `slp`.
    #[doc(alias = "NEPSLPGetKSP")]
    pub fn slp_ksp(&self) -> Result<Ksp> {
        self.require_type("Nep::slp_ksp", "slp")?;
        let mut ksp: sys::KSP = std::ptr::null_mut();
        // SAFETY: live SLP solver; SLEPc lends its KSP, creating it.
        check(unsafe { sys::NEPSLPGetKSP(self.ptr, &mut ksp) })?;
        self.ksp_handle(ksp)
    }

    /// Uses `ksp` for nonlinear Arnoldi's linear solves (`NEPNArnoldiSetKSP`). SLEPc
    /// ignores it on a solver of another type (or of no type yet), and so does this.
    #[doc(alias = "NEPNArnoldiSetKSP")]
    pub fn set_narnoldi_ksp(&mut self, ksp: &Ksp) -> Result<()> {
        // SAFETY: live nonlinear Arnoldi solver and KSP; SLEPc references the KSP.
        check(unsafe { sys::NEPNArnoldiSetKSP(self.ptr, ksp.as_raw()) })
    }

    /// Nonlinear Arnoldi's linear solver (`NEPNArnoldiGetKSP`; options prefix
    /// `nep_narnoldi_`). The solver type must be `narnoldi`.
    #[doc(alias = "NEPNArnoldiGetKSP")]
    pub fn narnoldi_ksp(&self) -> Result<Ksp> {
        self.require_type("Nep::narnoldi_ksp", "narnoldi")?;
        let mut ksp: sys::KSP = std::ptr::null_mut();
        // SAFETY: live nonlinear Arnoldi solver; SLEPc lends its KSP, creating it.
        check(unsafe { sys::NEPNArnoldiGetKSP(self.ptr, &mut ksp) })?;
        self.ksp_handle(ksp)
    }

    /// Sets the tolerance and the largest degree of the interpolation polynomial
    /// (`NEPInterpolSetInterpolation`); `None` keeps the current value. SLEPc ignores it on
    /// a solver of another type (or of no type yet), and so does this.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut nep = slepc::Nep::new(&petsc.self_comm())?;
    /// nep.set_type(slepc::NepType::Interpol)?;
    /// nep.set_interpol_interpolation(Some(1e-10), Some(12))?;
    /// assert_eq!(nep.interpol_interpolation()?, (1e-10, 12));
    /// nep.set_interpol_interpolation(None, Some(8))?;
    /// assert_eq!(nep.interpol_interpolation()?, (1e-10, 8));
    /// assert!(nep.set_interpol_interpolation(None, Some(0)).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "NEPInterpolSetInterpolation")]
    pub fn set_interpol_interpolation(
        &mut self,
        tol: Option<Real>,
        degree: Option<Int>,
    ) -> Result<()> {
        const CTX: &str = "Nep::set_interpol_interpolation";
        check_interpolation(CTX, tol, degree)?;
        // On another type SLEPc ignores the call (and its getter would refuse): nothing
        // to keep.
        let typed = self.type_name()? == "interpol";
        let tol = keep_real(tol, || {
            if typed {
                Ok(self.interpol_interpolation()?.0)
            } else {
                Ok(0.0)
            }
        })?;
        let degree = keep_int(degree, || {
            if typed {
                Ok(self.interpol_interpolation()?.1)
            } else {
                Ok(0)
            }
        })?;
        // SAFETY: live solver (of another type than interpolation, SLEPc ignores the call).
        check(unsafe { sys::NEPInterpolSetInterpolation(self.ptr, tol, degree) })
    }

    /// The tolerance and largest degree of the interpolation polynomial
    /// (`NEPInterpolGetInterpolation`). The solver type must be `interpol`.
    #[doc(alias = "NEPInterpolGetInterpolation")]
    pub fn interpol_interpolation(&self) -> Result<(Real, Int)> {
        self.require_type("Nep::interpol_interpolation", "interpol")?;
        let (mut t, mut d): (Real, Int) = (0.0, 0);
        // SAFETY: live interpolation solver; two outputs.
        check(unsafe { sys::NEPInterpolGetInterpolation(self.ptr, &mut t, &mut d) })?;
        Ok((t, d))
    }

    /// Uses `pep` for the polynomial eigenproblem the interpolation makes
    /// (`NEPInterpolSetPEP`); the solver keeps its own reference. SLEPc ignores it on a
    /// solver of another type (or of no type yet), and so does this.
    #[doc(alias = "NEPInterpolSetPEP")]
    pub fn set_interpol_pep(&mut self, pep: &Pep) -> Result<()> {
        // SAFETY: live solver (of another type than interpolation, SLEPc ignores the call)
        // and PEP; SLEPc references the PEP.
        check(unsafe { sys::NEPInterpolSetPEP(self.ptr, pep.as_raw()) })
    }

    /// The polynomial eigensolver of the interpolation (`NEPInterpolGetPEP`; options
    /// prefix `nep_interpol_`). The solver type must be `interpol`.
    ///
    /// ```
    /// use petsc::Object;
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut nep = slepc::Nep::new(&c)?;
    /// assert!(nep.interpol_pep().is_err()); // not interpol
    /// nep.set_type(slepc::NepType::Interpol)?;
    /// assert_eq!(nep.interpol_pep()?.options_prefix()?, "nep_interpol_");
    /// let mut pep = slepc::Pep::new(&c)?;
    /// pep.set_type(slepc::PepType::Linear)?;
    /// nep.set_interpol_pep(&pep)?;
    /// assert_eq!(nep.interpol_pep()?.type_name()?, "linear");
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "NEPInterpolGetPEP")]
    pub fn interpol_pep(&self) -> Result<Pep> {
        self.require_type("Nep::interpol_pep", "interpol")?;
        let mut pep: sys::PEP = std::ptr::null_mut();
        // SAFETY: live interpolation solver; SLEPc lends its PEP, creating it.
        check(unsafe { sys::NEPInterpolGetPEP(self.ptr, &mut pep) })?;
        // SAFETY: live PEP held by this live solver; the handle takes a reference to
        // each.
        unsafe { Pep::from_raw_child(&self.slepc, pep, self.ptr as sys::PetscObject) }
    }

    /// Sets the tolerance and the largest degree of NLEIGS's rational interpolation
    /// (`NEPNLEIGSSetInterpolation`); `None` keeps the current value. SLEPc ignores it on a
    /// solver of another type (or of no type yet), and so does this.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut nep = slepc::Nep::new(&petsc.self_comm())?;
    /// nep.set_type(slepc::NepType::Nleigs)?;
    /// nep.set_nleigs_interpolation(Some(1e-9), Some(20))?;
    /// assert_eq!(nep.nleigs_interpolation()?, (1e-9, 20));
    /// nep.set_nleigs_interpolation(Some(1e-8), None)?;
    /// assert_eq!(nep.nleigs_interpolation()?, (1e-8, 20));
    /// assert!(nep.set_nleigs_interpolation(Some(-1.0), None).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "NEPNLEIGSSetInterpolation")]
    pub fn set_nleigs_interpolation(
        &mut self,
        tol: Option<Real>,
        degree: Option<Int>,
    ) -> Result<()> {
        const CTX: &str = "Nep::set_nleigs_interpolation";
        check_interpolation(CTX, tol, degree)?;
        // On another type SLEPc ignores the call (and its getter would refuse): nothing
        // to keep.
        let typed = self.type_name()? == "nleigs";
        let tol = keep_real(tol, || {
            if typed {
                Ok(self.nleigs_interpolation()?.0)
            } else {
                Ok(0.0)
            }
        })?;
        let degree = keep_int(degree, || {
            if typed {
                Ok(self.nleigs_interpolation()?.1)
            } else {
                Ok(0)
            }
        })?;
        // SAFETY: live solver (of another type than NLEIGS, SLEPc ignores the call).
        check(unsafe { sys::NEPNLEIGSSetInterpolation(self.ptr, tol, degree) })
    }

    /// The tolerance and largest degree of NLEIGS's interpolation
    /// (`NEPNLEIGSGetInterpolation`). An `Err` unless the solver has type `nleigs`: on another
    /// type SLEPc's getter (which calls `PetscTryMethod`) would leave the outputs unset.
    #[doc(alias = "NEPNLEIGSGetInterpolation")]
    pub fn nleigs_interpolation(&self) -> Result<(Real, Int)> {
        self.require_type("Nep::nleigs_interpolation", "nleigs")?;
        let (mut t, mut d): (Real, Int) = (0.0, 0);
        // SAFETY: live NLEIGS solver; two outputs.
        check(unsafe { sys::NEPNLEIGSGetInterpolation(self.ptr, &mut t, &mut d) })?;
        Ok((t, d))
    }

    /// Uses `eps` for NLEIGS's linear eigenproblem (`NEPNLEIGSSetEPS`, full-basis variant).
    /// SLEPc ignores it on a solver of another type (or of no type yet), and so does this.
    #[doc(alias = "NEPNLEIGSSetEPS")]
    pub fn set_nleigs_eps(&mut self, eps: &Eps) -> Result<()> {
        // SAFETY: live solver (of another type than NLEIGS, SLEPc ignores the call) and
        // EPS; SLEPc references the EPS.
        check(unsafe { sys::NEPNLEIGSSetEPS(self.ptr, eps.as_raw()) })
    }

    /// NLEIGS's eigensolver of the full-basis variant (`NEPNLEIGSGetEPS`; options prefix
    /// `nep_nleigs_`). The solver type must be `nleigs`.
    #[doc(alias = "NEPNLEIGSGetEPS")]
    pub fn nleigs_eps(&self) -> Result<Eps> {
        self.require_type("Nep::nleigs_eps", "nleigs")?;
        let mut eps: sys::EPS = std::ptr::null_mut();
        // SAFETY: live NLEIGS solver; SLEPc lends its EPS, creating it.
        check(unsafe { sys::NEPNLEIGSGetEPS(self.ptr, &mut eps) })?;
        self.eps_handle(eps)
    }

    /// Sets the shifts of NLEIGS's rational Krylov iteration (`NEPNLEIGSSetRKShifts`); an
    /// empty list goes back to one shift, the target. Each must be finite. SLEPc ignores it
    /// on a solver of another type (or of no type yet), and so does this.
    ///
    /// ```
    /// use petsc::Scalar;
    /// let petsc = petsc::Petsc::init()?;
    /// let mut nep = slepc::Nep::new(&petsc.self_comm())?;
    /// nep.set_type(slepc::NepType::Nleigs)?;
    /// nep.set_nleigs_rk_shifts(&[Scalar::from(1.0), Scalar::from(3.0)])?;
    /// assert_eq!(nep.nleigs_rk_shifts()?, vec![Scalar::from(1.0), Scalar::from(3.0)]);
    /// assert!(nep.set_nleigs_rk_shifts(&[Scalar::from(f64::NAN)]).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "NEPNLEIGSSetRKShifts")]
    pub fn set_nleigs_rk_shifts(&mut self, shifts: &[Scalar]) -> Result<()> {
        const CTX: &str = "Nep::set_nleigs_rk_shifts";
        // `shifts` is this rank's: the ranks agree on its check.
        let local = shifts
            .iter()
            .enumerate()
            .try_for_each(|(k, &s)| crate::st::check_finite_scalar(CTX, &format!("shift {k}"), s));
        crate::checks::agree(&*self, CTX, local)?;
        let n =
            Int::try_from(shifts.len()).map_err(|_| Error::out_of_range(CTX, "too many shifts"))?;
        let mut v = shifts.to_vec();
        let p = if v.is_empty() {
            std::ptr::null_mut()
        } else {
            v.as_mut_ptr()
        };
        // SAFETY: live solver (of another type than NLEIGS, SLEPc ignores the call); SLEPc
        // copies `n` shifts.
        check(unsafe { sys::NEPNLEIGSSetRKShifts(self.ptr, n, p) })
    }

    /// The shifts of NLEIGS's rational Krylov iteration (`NEPNLEIGSGetRKShifts`); empty
    /// when none were set. An `Err` unless the solver has type `nleigs`: on another type
    /// SLEPc's getter (which calls `PetscTryMethod`) would leave the array unset.
    #[doc(alias = "NEPNLEIGSGetRKShifts")]
    pub fn nleigs_rk_shifts(&self) -> Result<Vec<Scalar>> {
        self.require_type("Nep::nleigs_rk_shifts", "nleigs")?;
        let mut n: Int = 0;
        let mut p: *mut Scalar = std::ptr::null_mut();
        // SAFETY: live NLEIGS solver; SLEPc allocates a copy (or nothing) for the caller.
        check(unsafe { sys::NEPNLEIGSGetRKShifts(self.ptr, &mut n, &mut p) })?;
        if p.is_null() || n <= 0 {
            return Ok(Vec::new());
        }
        let len = usize::try_from(n).unwrap_or(0);
        // SAFETY: SLEPc allocated `n` scalars at `p`.
        let out = unsafe { std::slice::from_raw_parts(p, len) }.to_vec();
        // SAFETY: SLEPc's allocation, handed to the caller to free once.
        check(unsafe { sys::petscrs_PetscFree(p.cast()) })?;
        Ok(out)
    }

    /// NLEIGS's linear solvers, one per shift (`NEPNLEIGSGetKSPs`; options prefix
    /// `nep_nleigs_`), as handles with their own references. The solver type must be
    /// `nleigs`.
    #[doc(alias = "NEPNLEIGSGetKSPs")]
    pub fn nleigs_ksps(&self) -> Result<Vec<Ksp>> {
        self.require_type("Nep::nleigs_ksps", "nleigs")?;
        let mut n: Int = 0;
        let mut p: *mut sys::KSP = std::ptr::null_mut();
        // SAFETY: live NLEIGS solver; SLEPc lends its array of KSPs, creating them.
        check(unsafe { sys::NEPNLEIGSGetKSPs(self.ptr, &mut n, &mut p) })?;
        self.ksp_list(n, p)
    }

    /// Handles to a lent array of `n` KSPs.
    fn ksp_list(&self, n: Int, p: *mut sys::KSP) -> Result<Vec<Ksp>> {
        if p.is_null() || n <= 0 {
            return Ok(Vec::new());
        }
        let len = usize::try_from(n).unwrap_or(0);
        // SAFETY: SLEPc lends an array of `n` live KSPs.
        let raw = unsafe { std::slice::from_raw_parts(p, len) }.to_vec();
        raw.into_iter().map(|k| self.ksp_handle(k)).collect()
    }

    /// The raw KSPs of this solver's type, for recovery after a failed solve: only those
    /// that exist (none is created).
    pub(super) fn inner_ksps_raw(&self) -> Vec<sys::KSP> {
        let ty = self.type_name().unwrap_or_default();
        let mut out = Vec::new();
        let mut one = |f: unsafe extern "C" fn(sys::NEP, *mut sys::KSP) -> sys::PetscErrorCode| {
            let mut k: sys::KSP = std::ptr::null_mut();
            // SAFETY: live solver of the type the getter belongs to; one output.
            if unsafe { f(self.ptr, &mut k) } == 0 && !k.is_null() {
                out.push(k);
            }
        };
        match ty.as_str() {
            "rii" => one(sys::NEPRIIGetKSP),
            "slp" => one(sys::NEPSLPGetKSP),
            "narnoldi" => one(sys::NEPNArnoldiGetKSP),
            _ => {}
        }
        out
    }

    /// The raw inner eigensolvers of this solver's type (SLP's), for recovery.
    pub(super) fn inner_eps_raw(&self) -> Vec<sys::EPS> {
        let mut out = Vec::new();
        if self.type_name().unwrap_or_default() == "slp" {
            for f in [sys::NEPSLPGetEPS, sys::NEPSLPGetEPSLeft] {
                let mut e: sys::EPS = std::ptr::null_mut();
                // SAFETY: live SLP solver; one output.
                if unsafe { f(self.ptr, &mut e) } == 0 && !e.is_null() {
                    out.push(e);
                }
            }
        }
        out
    }
}

/// Checks an interpolation tolerance and degree.
fn check_interpolation(ctx: &str, tol: Option<Real>, degree: Option<Int>) -> Result<()> {
    if let Some(why) = tol.and_then(|t| positive_finite("tol", t)) {
        return Err(Error::invalid(ctx, why));
    }
    if let Some(why) = degree.and_then(|d| at_least("degree", d, 1)) {
        return Err(Error::invalid(ctx, why));
    }
    Ok(())
}

#[cfg(slepc_complex)]
impl Nep {
    petsc::methods![for Nep;
        /// Sets the extraction of CISS (`NEPCISSSetExtraction`); SLEPc ignores it on a
        /// solver of another type (or of no type yet), and so does this.
        pub fn set_ciss_extraction(&mut self, extraction: NepCissExtraction)
            = NEPCISSSetExtraction as "NEPCISSSetExtraction";

        /// The extraction of CISS (`NEPCISSGetExtraction`); an `Err` unless the solver has
        /// type `ciss` (SLEPc's getter refuses other types).
        pub fn ciss_extraction(&self) -> NepCissExtraction
            = NEPCISSGetExtraction as "NEPCISSGetExtraction", needs require_type("ciss");
    ];

    /// Sets the sizes of CISS (`NEPCISSSetSizes`); SLEPc ignores it on a solver of another
    /// type (or of no type yet), and so does this.
    #[doc(alias = "NEPCISSSetSizes")]
    pub fn set_ciss_sizes(&mut self, sizes: NepCissSizes) -> Result<()> {
        // SAFETY: live solver (of another type than CISS, SLEPc ignores the call).
        unsafe { sizes.set_on(sys::NEPCISSSetSizes, self.ptr) }
    }

    /// The sizes of CISS (`NEPCISSGetSizes`); an `Err` unless the solver has type `ciss`
    /// (SLEPc's getter refuses other types).
    #[doc(alias = "NEPCISSGetSizes")]
    pub fn ciss_sizes(&self) -> Result<NepCissSizes> {
        self.require_type("Nep::ciss_sizes", "ciss")?;
        // SAFETY: live CISS solver.
        unsafe { NepCissSizes::get_from(sys::NEPCISSGetSizes, self.ptr) }
    }

    /// Sets the thresholds of CISS: for the numerical rank and for spurious eigenpairs
    /// (`NEPCISSSetThreshold`); `None` keeps the current value. SLEPc ignores it on a
    /// solver of another type (or of no type yet), and so does this.
    #[doc(alias = "NEPCISSSetThreshold")]
    pub fn set_ciss_threshold(&mut self, delta: Option<Real>, spur: Option<Real>) -> Result<()> {
        const CTX: &str = "Nep::set_ciss_threshold";
        for (name, v) in [("delta", delta), ("spur", spur)] {
            if let Some(why) = v.and_then(|v| positive_finite(name, v)) {
                return Err(Error::invalid(CTX, why));
            }
        }
        // On another type SLEPc ignores the call (and its getter would refuse): nothing
        // to keep.
        let typed = self.type_name()? == "ciss";
        let delta = keep_real(delta, || {
            if typed {
                Ok(self.ciss_threshold()?.0)
            } else {
                Ok(0.0)
            }
        })?;
        let spur = keep_real(spur, || {
            if typed {
                Ok(self.ciss_threshold()?.1)
            } else {
                Ok(0.0)
            }
        })?;
        // SAFETY: live solver (of another type than CISS, SLEPc ignores the call).
        check(unsafe { sys::NEPCISSSetThreshold(self.ptr, delta, spur) })
    }

    /// The thresholds of CISS `(delta, spur)` (`NEPCISSGetThreshold`).
    #[doc(alias = "NEPCISSGetThreshold")]
    pub fn ciss_threshold(&self) -> Result<(Real, Real)> {
        self.require_type("Nep::ciss_threshold", "ciss")?;
        let (mut a, mut b): (Real, Real) = (0.0, 0.0);
        // SAFETY: live CISS solver; two outputs.
        check(unsafe { sys::NEPCISSGetThreshold(self.ptr, &mut a, &mut b) })?;
        Ok((a, b))
    }

    /// Sets the refinement of CISS: inner iterations and iterations of the block size
    /// (`NEPCISSSetRefinement`); `None` keeps the current value. SLEPc ignores it on a
    /// solver of another type (or of no type yet), and so does this.
    #[doc(alias = "NEPCISSSetRefinement")]
    pub fn set_ciss_refinement(&mut self, inner: Option<Int>, blsize: Option<Int>) -> Result<()> {
        const CTX: &str = "Nep::set_ciss_refinement";
        for (name, v) in [("inner", inner), ("blsize", blsize)] {
            if let Some(why) = v.and_then(|v| at_least(name, v, 0)) {
                return Err(Error::invalid(CTX, why));
            }
        }
        // On another type SLEPc ignores the call (and its getter would refuse): nothing
        // to keep.
        let typed = self.type_name()? == "ciss";
        let inner = keep_int(inner, || {
            if typed {
                Ok(self.ciss_refinement()?.0)
            } else {
                Ok(0)
            }
        })?;
        let blsize = keep_int(blsize, || {
            if typed {
                Ok(self.ciss_refinement()?.1)
            } else {
                Ok(0)
            }
        })?;
        // SAFETY: live solver (of another type than CISS, SLEPc ignores the call).
        check(unsafe { sys::NEPCISSSetRefinement(self.ptr, inner, blsize) })
    }

    /// The refinement of CISS `(inner, blsize)` (`NEPCISSGetRefinement`).
    #[doc(alias = "NEPCISSGetRefinement")]
    pub fn ciss_refinement(&self) -> Result<(Int, Int)> {
        self.require_type("Nep::ciss_refinement", "ciss")?;
        let (mut a, mut b): (Int, Int) = (0, 0);
        // SAFETY: live CISS solver; two outputs.
        check(unsafe { sys::NEPCISSGetRefinement(self.ptr, &mut a, &mut b) })?;
        Ok((a, b))
    }

    /// CISS's linear solvers, one per integration point of this rank's partition
    /// (`NEPCISSGetKSPs`; options prefix `nep_ciss_`), as handles with their own
    /// references. The solver type must be `ciss`.
    #[doc(alias = "NEPCISSGetKSPs")]
    pub fn ciss_ksps(&self) -> Result<Vec<Ksp>> {
        self.require_type("Nep::ciss_ksps", "ciss")?;
        let mut n: Int = 0;
        let mut p: *mut sys::KSP = std::ptr::null_mut();
        // SAFETY: live CISS solver; SLEPc lends its array of KSPs, creating them.
        check(unsafe { sys::NEPCISSGetKSPs(self.ptr, &mut n, &mut p) })?;
        self.ksp_list(n, p)
    }
}
