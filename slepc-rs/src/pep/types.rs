//! The options of the solver types: TOAR and quadratic Arnoldi (restart, locking), STOAR
//! (linearization, locking, spectrum slicing: zeros, inner dimensions, inertias, the
//! eigenvalue type check), JD (restart, fix, preconditioner reuse, minimality index,
//! projection), the linear type (linearization, explicit matrix, inner EPS) and CISS.
//! A setter of another type than the solver's (or before it has one) is ignored, as
//! SLEPc ignores it; a getter of another type is refused with an error naming the
//! solver's type, as SLEPc refuses it.

use crate::declare::declare;
use petsc::{Error, Int, Ksp, Real, Result};
use slepc_sys as sys;

use super::{Pep, PepWhich};
use crate::Dimensions;
use crate::EpsCissSizes;
use crate::checks::RequireType;
use crate::eps::Eps;
use crate::error::check;

declare! { @enums
/// The projection of the JD solver (`PEPJDProjection`).
PepJdProjection: PEPJDProjection {
    Harmonic = PEP_JD_PROJECTION_HARMONIC "harmonic (the default).",
    Orthogonal = PEP_JD_PROJECTION_ORTHOGONAL "orthogonal.",
}
}

declare! { @enum ciss_extraction
/// The extraction of the CISS solver (`PEPCISSExtraction`).
PepCissExtraction: PEPCISSExtraction = PEP_CISS_EXTRACTION_RITZ, PEP_CISS_EXTRACTION_HANKEL;
    /// `PEP_CISS_EXTRACTION_CAA`: communication-avoiding Arnoldi.
    Caa = PEP_CISS_EXTRACTION_CAA,
}

impl Pep {
    petsc::methods![for Pep;
        /// Sets the fraction of the basis TOAR keeps at a restart, in `[0.1, 0.9]`
        /// (`PEPTOARSetRestart`); SLEPc ignores it on a solver of another type (or of no
        /// type yet), and so does this.
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut pep = slepc::Pep::new(&petsc.self_comm())?;
        /// pep.set_type_name("toar")?;
        /// pep.set_toar_restart(0.6)?;
        /// assert_eq!(pep.toar_restart()?, 0.6);
        /// pep.set_type_name("linear")?;
        /// pep.set_toar_restart(0.6)?; // ignored: not a 'toar' solver
        /// assert!(pep.toar_restart().is_err());
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_toar_restart(&mut self, value: Real) = PEPTOARSetRestart as "PEPTOARSetRestart", needs require_finite(value);
        /// Gets the fraction of the basis TOAR keeps at a restart, in `[0.1, 0.9]`
        /// (`PEPTOARGetRestart`); an `Err` unless the solver has type `toar` (SLEPc's
        /// getter refuses other types).
        pub fn toar_restart(&self) -> Real = PEPTOARGetRestart as "PEPTOARGetRestart", needs require_type("toar");
        /// Sets whether TOAR locks converged vectors (else keeps them in the restart)
        /// (`PEPTOARSetLocking`); SLEPc ignores it on a solver of another type (or of no
        /// type yet), and so does this.
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut pep = slepc::Pep::new(&petsc.self_comm())?;
        /// pep.set_type_name("toar")?;
        /// pep.set_toar_locking(false)?;
        /// assert_eq!(pep.toar_locking()?, false);
        /// pep.set_type_name("linear")?;
        /// pep.set_toar_locking(false)?; // ignored: not a 'toar' solver
        /// assert!(pep.toar_locking().is_err());
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_toar_locking(&mut self, value: bool) = PEPTOARSetLocking as "PEPTOARSetLocking";
        /// Gets whether TOAR locks converged vectors (else keeps them in the restart)
        /// (`PEPTOARGetLocking`); an `Err` unless the solver has type `toar` (SLEPc's
        /// getter refuses other types).
        pub fn toar_locking(&self) -> bool = PEPTOARGetLocking as "PEPTOARGetLocking", needs require_type("toar");
        /// Sets the fraction of the basis quadratic Arnoldi keeps at a restart, in `[0.1,
        /// 0.9]` (`PEPQArnoldiSetRestart`); SLEPc ignores it on a solver of another type
        /// (or of no type yet), and so does this.
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut pep = slepc::Pep::new(&petsc.self_comm())?;
        /// pep.set_type_name("qarnoldi")?;
        /// pep.set_qarnoldi_restart(0.6)?;
        /// assert_eq!(pep.qarnoldi_restart()?, 0.6);
        /// pep.set_type_name("toar")?;
        /// pep.set_qarnoldi_restart(0.6)?; // ignored: not a 'qarnoldi' solver
        /// assert!(pep.qarnoldi_restart().is_err());
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_qarnoldi_restart(&mut self, value: Real) = PEPQArnoldiSetRestart as "PEPQArnoldiSetRestart", needs require_finite(value);
        /// Gets the fraction of the basis quadratic Arnoldi keeps at a restart, in `[0.1,
        /// 0.9]` (`PEPQArnoldiGetRestart`); an `Err` unless the solver has type `qarnoldi`
        /// (SLEPc's getter refuses other types).
        pub fn qarnoldi_restart(&self) -> Real = PEPQArnoldiGetRestart as "PEPQArnoldiGetRestart", needs require_type("qarnoldi");
        /// Sets whether quadratic Arnoldi locks converged vectors (else keeps them in the
        /// restart) (`PEPQArnoldiSetLocking`); SLEPc ignores it on a solver of another type
        /// (or of no type yet), and so does this.
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut pep = slepc::Pep::new(&petsc.self_comm())?;
        /// pep.set_type_name("qarnoldi")?;
        /// pep.set_qarnoldi_locking(false)?;
        /// assert_eq!(pep.qarnoldi_locking()?, false);
        /// pep.set_type_name("toar")?;
        /// pep.set_qarnoldi_locking(false)?; // ignored: not a 'qarnoldi' solver
        /// assert!(pep.qarnoldi_locking().is_err());
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_qarnoldi_locking(&mut self, value: bool) = PEPQArnoldiSetLocking as "PEPQArnoldiSetLocking";
        /// Gets whether quadratic Arnoldi locks converged vectors (else keeps them in the
        /// restart) (`PEPQArnoldiGetLocking`); an `Err` unless the solver has type
        /// `qarnoldi` (SLEPc's getter refuses other types).
        pub fn qarnoldi_locking(&self) -> bool = PEPQArnoldiGetLocking as "PEPQArnoldiGetLocking", needs require_type("qarnoldi");
        /// Sets whether STOAR locks converged vectors (else keeps them in the restart)
        /// (`PEPSTOARSetLocking`); SLEPc ignores it on a solver of another type (or of no
        /// type yet), and so does this.
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut pep = slepc::Pep::new(&petsc.self_comm())?;
        /// pep.set_type_name("stoar")?;
        /// pep.set_stoar_locking(false)?;
        /// assert_eq!(pep.stoar_locking()?, false);
        /// pep.set_type_name("toar")?;
        /// pep.set_stoar_locking(false)?; // ignored: not a 'stoar' solver
        /// assert!(pep.stoar_locking().is_err());
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_stoar_locking(&mut self, value: bool) = PEPSTOARSetLocking as "PEPSTOARSetLocking";
        /// Gets whether STOAR locks converged vectors (else keeps them in the restart)
        /// (`PEPSTOARGetLocking`); an `Err` unless the solver has type `stoar` (SLEPc's
        /// getter refuses other types).
        pub fn stoar_locking(&self) -> bool = PEPSTOARGetLocking as "PEPSTOARGetLocking", needs require_type("stoar");
        /// Sets whether spectrum slicing checks for zeros in the factorization (singular
        /// shifts, needs MUMPS) (`PEPSTOARSetDetectZeros`); SLEPc ignores it on a solver of
        /// another type (or of no type yet), and so does this.
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut pep = slepc::Pep::new(&petsc.self_comm())?;
        /// pep.set_type_name("stoar")?;
        /// pep.set_stoar_detect_zeros(true)?;
        /// assert_eq!(pep.stoar_detect_zeros()?, true);
        /// pep.set_type_name("toar")?;
        /// pep.set_stoar_detect_zeros(true)?; // ignored: not a 'stoar' solver
        /// assert!(pep.stoar_detect_zeros().is_err());
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_stoar_detect_zeros(&mut self, value: bool) = PEPSTOARSetDetectZeros as "PEPSTOARSetDetectZeros";
        /// Gets whether spectrum slicing checks for zeros in the factorization (singular
        /// shifts, needs MUMPS) (`PEPSTOARGetDetectZeros`); an `Err` unless the solver has
        /// type `stoar` (SLEPc's getter refuses other types).
        pub fn stoar_detect_zeros(&self) -> bool = PEPSTOARGetDetectZeros as "PEPSTOARGetDetectZeros", needs require_type("stoar");
        /// Sets whether spectrum slicing checks that all eigenvalues in the interval are of
        /// the same definite type (`PEPSTOARSetCheckEigenvalueType`); SLEPc ignores it on a
        /// solver of another type (or of no type yet), and so does this.
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut pep = slepc::Pep::new(&petsc.self_comm())?;
        /// pep.set_type_name("stoar")?;
        /// pep.set_stoar_check_eigenvalue_type(true)?;
        /// assert_eq!(pep.stoar_check_eigenvalue_type()?, true);
        /// pep.set_type_name("toar")?;
        /// pep.set_stoar_check_eigenvalue_type(true)?; // ignored: not a 'stoar' solver
        /// assert!(pep.stoar_check_eigenvalue_type().is_err());
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_stoar_check_eigenvalue_type(&mut self, value: bool) = PEPSTOARSetCheckEigenvalueType as "PEPSTOARSetCheckEigenvalueType";
        /// Gets whether spectrum slicing checks that all eigenvalues in the interval are of
        /// the same definite type (`PEPSTOARGetCheckEigenvalueType`); an `Err` unless the
        /// solver has type `stoar` (SLEPc's getter refuses other types).
        pub fn stoar_check_eigenvalue_type(&self) -> bool = PEPSTOARGetCheckEigenvalueType as "PEPSTOARGetCheckEigenvalueType", needs require_type("stoar");
        /// Sets the coefficients `(alpha, beta)` of STOAR's symmetric linearization (not
        /// both zero) (`PEPSTOARSetLinearization`); SLEPc ignores it on a solver of another
        /// type (or of no type yet), and so does this.
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut pep = slepc::Pep::new(&petsc.self_comm())?;
        /// pep.set_type_name("stoar")?;
        /// pep.set_stoar_linearization(2.0, 1.0)?;
        /// assert_eq!(pep.stoar_linearization()?, (2.0, 1.0));
        /// pep.set_type_name("toar")?;
        /// pep.set_stoar_linearization(2.0, 1.0)?; // ignored: not a 'stoar' solver
        /// assert!(pep.stoar_linearization().is_err());
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_stoar_linearization(&mut self, a: Real, b: Real) = PEPSTOARSetLinearization as "PEPSTOARSetLinearization", needs require_pair_finite(a, b);
        /// Gets the coefficients `(alpha, beta)` of STOAR's symmetric linearization (not
        /// both zero) (`PEPSTOARGetLinearization`); an `Err` unless the solver has type
        /// `stoar` (SLEPc's getter refuses other types).
        pub fn stoar_linearization(&self) -> (a: Real, b: Real) = PEPSTOARGetLinearization as "PEPSTOARGetLinearization", needs require_type("stoar");
        /// Sets the coefficients `(alpha, beta)` of the linearization of the linear type
        /// (not both zero; the implicit matrix needs `(1, 0)`)
        /// (`PEPLinearSetLinearization`); SLEPc ignores it on a solver of another type (or
        /// of no type yet), and so does this.
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut pep = slepc::Pep::new(&petsc.self_comm())?;
        /// pep.set_type_name("linear")?;
        /// pep.set_linear_linearization(2.0, 1.0)?;
        /// assert_eq!(pep.linear_linearization()?, (2.0, 1.0));
        /// pep.set_type_name("toar")?;
        /// pep.set_linear_linearization(2.0, 1.0)?; // ignored: not a 'linear' solver
        /// assert!(pep.linear_linearization().is_err());
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_linear_linearization(&mut self, a: Real, b: Real) = PEPLinearSetLinearization as "PEPLinearSetLinearization", needs require_pair_finite(a, b);
        /// Gets the coefficients `(alpha, beta)` of the linearization of the linear type
        /// (not both zero; the implicit matrix needs `(1, 0)`)
        /// (`PEPLinearGetLinearization`); an `Err` unless the solver has type `linear`
        /// (SLEPc's getter refuses other types).
        pub fn linear_linearization(&self) -> (a: Real, b: Real) = PEPLinearGetLinearization as "PEPLinearGetLinearization", needs require_type("linear");
        /// Sets whether the linear type builds the linearization's matrices explicitly
        /// (needed for a problem type other than general) (`PEPLinearSetExplicitMatrix`);
        /// SLEPc ignores it on a solver of another type (or of no type yet), and so does
        /// this.
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut pep = slepc::Pep::new(&petsc.self_comm())?;
        /// pep.set_type_name("linear")?;
        /// pep.set_linear_explicit_matrix(true)?;
        /// assert_eq!(pep.linear_explicit_matrix()?, true);
        /// pep.set_type_name("toar")?;
        /// pep.set_linear_explicit_matrix(true)?; // ignored: not a 'linear' solver
        /// assert!(pep.linear_explicit_matrix().is_err());
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_linear_explicit_matrix(&mut self, value: bool) = PEPLinearSetExplicitMatrix as "PEPLinearSetExplicitMatrix";
        /// Gets whether the linear type builds the linearization's matrices explicitly
        /// (needed for a problem type other than general) (`PEPLinearGetExplicitMatrix`);
        /// an `Err` unless the solver has type `linear` (SLEPc's getter refuses other
        /// types).
        pub fn linear_explicit_matrix(&self) -> bool = PEPLinearGetExplicitMatrix as "PEPLinearGetExplicitMatrix", needs require_type("linear");
        /// Sets the fraction of the search space JD keeps at a restart, in `[0.1, 0.9]`
        /// (`PEPJDSetRestart`); SLEPc ignores it on a solver of another type (or of no type
        /// yet), and so does this.
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut pep = slepc::Pep::new(&petsc.self_comm())?;
        /// pep.set_type_name("jd")?;
        /// pep.set_jd_restart(0.6)?;
        /// assert_eq!(pep.jd_restart()?, 0.6);
        /// pep.set_type_name("toar")?;
        /// pep.set_jd_restart(0.6)?; // ignored: not a 'jd' solver
        /// assert!(pep.jd_restart().is_err());
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_jd_restart(&mut self, value: Real) = PEPJDSetRestart as "PEPJDSetRestart", needs require_finite(value);
        /// Gets the fraction of the search space JD keeps at a restart, in `[0.1, 0.9]`
        /// (`PEPJDGetRestart`); an `Err` unless the solver has type `jd` (SLEPc's getter
        /// refuses other types).
        pub fn jd_restart(&self) -> Real = PEPJDGetRestart as "PEPJDGetRestart", needs require_type("jd");
        /// Sets the residual norm below which JD switches from the target to the Ritz value
        /// (`PEPJDSetFix`); SLEPc ignores it on a solver of another type (or of no type
        /// yet), and so does this.
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut pep = slepc::Pep::new(&petsc.self_comm())?;
        /// pep.set_type_name("jd")?;
        /// pep.set_jd_fix(0.02)?;
        /// assert_eq!(pep.jd_fix()?, 0.02);
        /// pep.set_type_name("toar")?;
        /// pep.set_jd_fix(0.02)?; // ignored: not a 'jd' solver
        /// assert!(pep.jd_fix().is_err());
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_jd_fix(&mut self, value: Real) = PEPJDSetFix as "PEPJDSetFix", needs require_finite(value);
        /// Gets the residual norm below which JD switches from the target to the Ritz value
        /// (`PEPJDGetFix`); an `Err` unless the solver has type `jd` (SLEPc's getter
        /// refuses other types).
        pub fn jd_fix(&self) -> Real = PEPJDGetFix as "PEPJDGetFix", needs require_type("jd");
        /// Sets whether JD builds its preconditioner once (else at every correction
        /// equation) (`PEPJDSetReusePreconditioner`); SLEPc ignores it on a solver of
        /// another type (or of no type yet), and so does this.
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut pep = slepc::Pep::new(&petsc.self_comm())?;
        /// pep.set_type_name("jd")?;
        /// pep.set_jd_reuse_preconditioner(true)?;
        /// assert_eq!(pep.jd_reuse_preconditioner()?, true);
        /// pep.set_type_name("toar")?;
        /// pep.set_jd_reuse_preconditioner(true)?; // ignored: not a 'jd' solver
        /// assert!(pep.jd_reuse_preconditioner().is_err());
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_jd_reuse_preconditioner(&mut self, value: bool) = PEPJDSetReusePreconditioner as "PEPJDSetReusePreconditioner";
        /// Gets whether JD builds its preconditioner once (else at every correction
        /// equation) (`PEPJDGetReusePreconditioner`); an `Err` unless the solver has type
        /// `jd` (SLEPc's getter refuses other types).
        pub fn jd_reuse_preconditioner(&self) -> bool = PEPJDGetReusePreconditioner as "PEPJDGetReusePreconditioner", needs require_type("jd");
        /// Sets the maximum minimality index of JD's invariant pair (at least 1)
        /// (`PEPJDSetMinimalityIndex`); SLEPc ignores it on a solver of another type (or of
        /// no type yet), and so does this.
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut pep = slepc::Pep::new(&petsc.self_comm())?;
        /// pep.set_type_name("jd")?;
        /// pep.set_jd_minimality_index(2)?;
        /// assert_eq!(pep.jd_minimality_index()?, 2);
        /// pep.set_type_name("toar")?;
        /// pep.set_jd_minimality_index(2)?; // ignored: not a 'jd' solver
        /// assert!(pep.jd_minimality_index().is_err());
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_jd_minimality_index(&mut self, value: Int) = PEPJDSetMinimalityIndex as "PEPJDSetMinimalityIndex";
        /// Gets the maximum minimality index of JD's invariant pair (at least 1)
        /// (`PEPJDGetMinimalityIndex`); an `Err` unless the solver has type `jd` (SLEPc's
        /// getter refuses other types).
        pub fn jd_minimality_index(&self) -> Int = PEPJDGetMinimalityIndex as "PEPJDGetMinimalityIndex", needs require_type("jd");
        /// Sets the projection of JD (`PEPJDSetProjection`); SLEPc ignores it on a solver
        /// of another type (or of no type yet), and so does this.
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut pep = slepc::Pep::new(&petsc.self_comm())?;
        /// pep.set_type_name("jd")?;
        /// pep.set_jd_projection(slepc::PepJdProjection::Orthogonal)?;
        /// assert_eq!(pep.jd_projection()?, slepc::PepJdProjection::Orthogonal);
        /// pep.set_type_name("toar")?;
        /// pep.set_jd_projection(slepc::PepJdProjection::Orthogonal)?; // ignored: not a 'jd' solver
        /// assert!(pep.jd_projection().is_err());
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_jd_projection(&mut self, value: PepJdProjection) = PEPJDSetProjection as "PEPJDSetProjection";
        /// Gets the projection of JD (`PEPJDGetProjection`); an `Err` unless the solver has
        /// type `jd` (SLEPc's getter refuses other types).
        pub fn jd_projection(&self) -> PepJdProjection = PEPJDGetProjection as "PEPJDGetProjection", needs require_type("jd");
    ];
}

impl Pep {
    /// Uses `eps` as the eigensolver of the linearization of the `linear` type
    /// (`PEPLinearSetEPS`); the solver keeps its own reference.
    #[doc(alias = "PEPLinearSetEPS")]
    pub fn set_linear_eps(&mut self, eps: &Eps) -> Result<()> {
        // SAFETY: live solver (of another type than linear, SLEPc ignores the call) and
        // EPS; SLEPc references the EPS.
        check(unsafe { sys::PEPLinearSetEPS(self.ptr, eps.as_raw()) })
    }

    /// The eigensolver of the linearization of the `linear` type (`PEPLinearGetEPS`; its
    /// options prefix is `pep_linear_`), as a handle holding its own reference and one
    /// to this solver.
    ///
    /// ```
    /// use petsc::Object;
    /// use slepc::{EpsType, PepType};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut pep = slepc::Pep::new(&petsc.self_comm())?;
    /// assert!(pep.linear_eps().is_err()); // the default type is toar
    /// pep.set_type(PepType::Linear)?;
    /// let mut eps = pep.linear_eps()?;
    /// assert_eq!(eps.options_prefix()?, "pep_linear_");
    /// eps.set_type(EpsType::Arnoldi)?;
    /// drop(pep); // the handle keeps the solver alive
    /// assert_eq!(eps.ty()?, Some(EpsType::Arnoldi));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PEPLinearGetEPS")]
    pub fn linear_eps(&self) -> Result<Eps> {
        self.require_type("Pep::linear_eps", "linear")?;
        let mut eps: sys::EPS = std::ptr::null_mut();
        // SAFETY: live linear solver; SLEPc returns its EPS (borrowed), creating it.
        check(unsafe { sys::PEPLinearGetEPS(self.ptr, &mut eps) })?;
        // SAFETY: live EPS and solver; the handle takes a reference to each.
        unsafe { Eps::from_raw_child(&self.slepc, eps, self.ptr as sys::PetscObject) }
    }

    /// Sets the dimensions STOAR uses in each subinterval of spectrum slicing
    /// (`PEPSTOARSetDimensions`), by name as [`set_dimensions_to`](Self::set_dimensions_to) takes
    /// them (`None` lets SLEPc choose); [`stoar_subspace`](Self::stoar_subspace) returns the same
    /// struct. SLEPc ignores it on a solver of another type (or of no type yet), and so
    /// does this (checking only that the sizes are positive).
    ///
    /// ```
    /// use slepc::Dimensions;
    /// let petsc = petsc::Petsc::init()?;
    /// let mut pep = slepc::Pep::new(&petsc.self_comm())?;
    /// pep.set_type(slepc::PepType::Stoar)?;
    /// pep.set_stoar_dimensions_to(Dimensions::new(10).ncv(30).mpd(30))?;
    /// assert_eq!(pep.stoar_subspace()?, Dimensions::new(10).ncv(30).mpd(30));
    /// assert_eq!(pep.stoar_dimensions()?, (10, 30, 30));
    /// assert!(pep.set_stoar_dimensions_to(Dimensions::new(0)).is_err());
    /// pep.set_type(slepc::PepType::Toar)?;
    /// assert!(pep.stoar_subspace().is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PEPSTOARSetDimensions")]
    pub fn set_stoar_dimensions_to(&mut self, dimensions: Dimensions) -> Result<()> {
        dimensions.check("Pep::set_stoar_dimensions_to", "nev")?;
        let (nev, ncv, mpd) = dimensions.raw();
        // SAFETY: live solver (of another type, SLEPc ignores the call); SLEPc validates
        // the values.
        check(unsafe { sys::PEPSTOARSetDimensions(self.ptr, nev, ncv, mpd) })
    }

    /// Sets the dimensions of each subinterval of spectrum slicing (`PEPSTOARSetDimensions`)
    /// with three positional arguments.
    #[deprecated(
        since = "0.2.0",
        note = "use `set_stoar_dimensions_to(Dimensions::new(nev).ncv(n).mpd(m))` (sizes by name; `stoar_subspace()` returns the same struct)"
    )]
    #[doc(alias = "PEPSTOARSetDimensions")]
    pub fn set_stoar_dimensions(
        &mut self,
        nev: Int,
        ncv: Option<Int>,
        mpd: Option<Int>,
    ) -> Result<()> {
        self.set_stoar_dimensions_to(Dimensions {
            wanted: nev,
            ncv,
            mpd,
        })
    }

    /// The dimensions of each subinterval of spectrum slicing (`PEPSTOARGetDimensions`), as the
    /// struct [`set_stoar_dimensions_to`](Self::set_stoar_dimensions_to) takes; an
    /// `Err` unless the solver has type `stoar` (SLEPc's getter refuses other types).
    #[doc(alias = "PEPSTOARGetDimensions")]
    pub fn stoar_subspace(&self) -> Result<Dimensions> {
        self.stoar_dimensions().map(Dimensions::from_raw)
    }

    /// `(nev, ncv, mpd)` of each subinterval of spectrum slicing (`PEPSTOARGetDimensions`);
    /// an `Err` unless the solver has type `stoar` (SLEPc's getter refuses other types).
    #[doc(alias = "PEPSTOARGetDimensions")]
    pub fn stoar_dimensions(&self) -> Result<(Int, Int, Int)> {
        self.require_type("Pep::stoar_dimensions", "stoar")?;
        let (mut a, mut b, mut c): (Int, Int, Int) = (0, 0, 0);
        // SAFETY: live STOAR solver; three outputs.
        check(unsafe { sys::PEPSTOARGetDimensions(self.ptr, &mut a, &mut b, &mut c) })?;
        Ok((a, b, c))
    }

    /// The inertias of spectrum slicing (`PEPSTOARGetInertias`): the shifts used (the
    /// interval's ends among them) with, for each, the number of eigenvalues below it.
    /// The solver type must be `stoar`, set up (or solved) for spectrum slicing
    /// ([`PepWhich::All`] and an interval).
    #[doc(alias = "PEPSTOARGetInertias")]
    pub fn stoar_inertias(&self) -> Result<Vec<(Real, Int)>> {
        const CTX: &str = "Pep::stoar_inertias";
        self.require_type(CTX, "stoar")?;
        if self.which_eigenpairs()? != Some(PepWhich::All) {
            return Err(Error::invalid(
                CTX,
                "not a spectrum slicing solver: set PepWhich::All and an interval first",
            ));
        }
        let mut setup = sys::PETSC_BOOL_FALSE;
        // SAFETY: live solver; one output.
        check(unsafe { sys::slepcrs_PEPIsSetUp(self.ptr, &mut setup) })?;
        if setup != sys::PETSC_BOOL_TRUE {
            return Err(Error::invalid(CTX, "call set_up or solve first"));
        }
        let mut n: Int = 0;
        let mut shifts: *mut Real = std::ptr::null_mut();
        let mut inertias: *mut Int = std::ptr::null_mut();
        // SAFETY: live STOAR solver set up for slicing; SLEPc allocates the two arrays of
        // `n` entries, freed below.
        check(unsafe { sys::PEPSTOARGetInertias(self.ptr, &mut n, &mut shifts, &mut inertias) })?;
        // SAFETY: SLEPc's two arrays of `n` entries (or null), handed to the caller.
        unsafe { crate::family::take_inertias(n, shifts, inertias) }
    }

    /// Sets the extraction of CISS (`PEPCISSSetExtraction`; CISS is registered in complex
    /// builds only, an `Err` otherwise). SLEPc ignores it on a solver of another type (or
    /// of no type yet), and so does this.
    ///
    /// ```
    /// use slepc::PepCissExtraction;
    /// let petsc = petsc::Petsc::init()?;
    /// let mut pep = slepc::Pep::new(&petsc.self_comm())?;
    /// // toar: SLEPc ignores it; without complex scalars there is no CISS (an `Err`)
    /// let complex = std::any::type_name::<petsc::Scalar>().contains("Complex");
    /// assert_eq!(pep.set_ciss_extraction(PepCissExtraction::Hankel).is_ok(), complex);
    /// if pep.set_type_name("ciss").is_ok() {
    ///     pep.set_ciss_extraction(PepCissExtraction::Hankel)?;
    ///     assert_eq!(pep.ciss_extraction()?, PepCissExtraction::Hankel);
    ///     pep.set_ciss_threshold(1e-9, 1e-4)?;
    ///     assert_eq!(pep.ciss_threshold()?, (1e-9, 1e-4));
    ///     pep.set_ciss_refinement(2, 3)?;
    ///     assert_eq!(pep.ciss_refinement()?, (2, 3));
    /// }
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PEPCISSSetExtraction")]
    pub fn set_ciss_extraction(&mut self, extraction: PepCissExtraction) -> Result<()> {
        #[cfg(not(slepc_complex))]
        return ciss_unavailable("Pep::set_ciss_extraction", extraction);
        // SAFETY: live solver (of another type than CISS, SLEPc ignores the call).
        #[cfg(slepc_complex)]
        check(unsafe { sys::PEPCISSSetExtraction(self.ptr, extraction.raw()) })
    }

    /// The extraction of CISS (`PEPCISSGetExtraction`); an `Err` unless the solver has type
    /// `ciss` (SLEPc's getter refuses other types).
    #[doc(alias = "PEPCISSGetExtraction")]
    pub fn ciss_extraction(&self) -> Result<PepCissExtraction> {
        const CTX: &str = "Pep::ciss_extraction";
        self.require_type(CTX, "ciss")?;
        #[cfg(not(slepc_complex))]
        return ciss_unavailable(CTX, ());
        #[cfg(slepc_complex)]
        {
            let mut e = sys::PEPCISSExtraction(0);
            // SAFETY: live CISS solver; one output.
            check(unsafe { sys::PEPCISSGetExtraction(self.ptr, &mut e) })?;
            PepCissExtraction::from_raw(e, "Pep::ciss_extraction")
        }
    }

    /// Sets the thresholds of CISS (`PEPCISSSetThreshold`): for the numerical rank
    /// (`delta`) and for spurious eigenpairs (`spur`), both positive and finite. SLEPc
    /// ignores it on a solver of another type (or of no type yet), and so does this.
    #[doc(alias = "PEPCISSSetThreshold")]
    pub fn set_ciss_threshold(&mut self, delta: Real, spur: Real) -> Result<()> {
        const CTX: &str = "Pep::set_ciss_threshold";
        for (name, v) in [("delta", delta), ("spur", spur)] {
            if !(v.is_finite() && v > 0.0) {
                return Err(Error::invalid(
                    CTX,
                    format!("{name} is {v}; it must be positive and finite"),
                ));
            }
        }
        #[cfg(not(slepc_complex))]
        return ciss_unavailable(CTX, ());
        // SAFETY: live solver (of another type than CISS, SLEPc ignores the call).
        #[cfg(slepc_complex)]
        check(unsafe { sys::PEPCISSSetThreshold(self.ptr, delta, spur) })
    }

    /// The thresholds `(delta, spur)` of CISS (`PEPCISSGetThreshold`); the solver type
    /// must be `ciss`.
    #[doc(alias = "PEPCISSGetThreshold")]
    pub fn ciss_threshold(&self) -> Result<(Real, Real)> {
        const CTX: &str = "Pep::ciss_threshold";
        self.require_type(CTX, "ciss")?;
        #[cfg(not(slepc_complex))]
        return ciss_unavailable(CTX, ());
        #[cfg(slepc_complex)]
        {
            let (mut a, mut b): (Real, Real) = (0.0, 0.0);
            // SAFETY: live CISS solver; two outputs.
            check(unsafe { sys::PEPCISSGetThreshold(self.ptr, &mut a, &mut b) })?;
            Ok((a, b))
        }
    }

    /// Sets the refinement of CISS (`PEPCISSSetRefinement`): inner iterations and
    /// iterations of the block size, both at least 0. SLEPc ignores it on a solver of
    /// another type (or of no type yet), and so does this.
    #[doc(alias = "PEPCISSSetRefinement")]
    pub fn set_ciss_refinement(&mut self, inner: Int, block_size: Int) -> Result<()> {
        const CTX: &str = "Pep::set_ciss_refinement";
        if inner < 0 || block_size < 0 {
            return Err(Error::invalid(
                CTX,
                format!("inner is {inner} and block_size {block_size}; neither may be negative"),
            ));
        }
        #[cfg(not(slepc_complex))]
        return ciss_unavailable(CTX, ());
        // SAFETY: live solver (of another type than CISS, SLEPc ignores the call).
        #[cfg(slepc_complex)]
        check(unsafe { sys::PEPCISSSetRefinement(self.ptr, inner, block_size) })
    }

    /// The refinement `(inner, block_size)` of CISS (`PEPCISSGetRefinement`); an
    /// `Err` unless the solver has type `ciss` (SLEPc's getter refuses other types).
    #[doc(alias = "PEPCISSGetRefinement")]
    pub fn ciss_refinement(&self) -> Result<(Int, Int)> {
        const CTX: &str = "Pep::ciss_refinement";
        self.require_type(CTX, "ciss")?;
        #[cfg(not(slepc_complex))]
        return ciss_unavailable(CTX, ());
        #[cfg(slepc_complex)]
        {
            let (mut a, mut b): (Int, Int) = (0, 0);
            // SAFETY: live CISS solver; two outputs.
            check(unsafe { sys::PEPCISSGetRefinement(self.ptr, &mut a, &mut b) })?;
            Ok((a, b))
        }
    }

    /// Sets the sizes of CISS (`PEPCISSSetSizes`); SLEPc ignores it on a solver of another
    /// type (or of no type yet), and so does this.
    #[doc(alias = "PEPCISSSetSizes")]
    pub fn set_ciss_sizes(&mut self, sizes: EpsCissSizes) -> Result<()> {
        #[cfg(not(slepc_complex))]
        return ciss_unavailable("Pep::set_ciss_sizes", sizes);
        // SAFETY: live solver (of another type than CISS, SLEPc ignores the call).
        #[cfg(slepc_complex)]
        unsafe {
            sizes.set_on(sys::PEPCISSSetSizes, self.ptr)
        }
    }

    /// The sizes of CISS (`PEPCISSGetSizes`); an `Err` unless the solver has type `ciss`
    /// (SLEPc's getter refuses other types).
    #[doc(alias = "PEPCISSGetSizes")]
    pub fn ciss_sizes(&self) -> Result<EpsCissSizes> {
        const CTX: &str = "Pep::ciss_sizes";
        self.require_type(CTX, "ciss")?;
        #[cfg(not(slepc_complex))]
        return ciss_unavailable(CTX, ());
        // SAFETY: live CISS solver.
        #[cfg(slepc_complex)]
        unsafe {
            EpsCissSizes::get_from(sys::PEPCISSGetSizes, self.ptr)
        }
    }

    /// The linear solvers of CISS, one per integration point of this rank's partition
    /// (`PEPCISSGetKSPs`), each a handle holding its own reference and one to this
    /// solver. The solver type must be `ciss`, with operators.
    #[doc(alias = "PEPCISSGetKSPs")]
    pub fn ciss_ksps(&self) -> Result<Vec<Ksp>> {
        const CTX: &str = "Pep::ciss_ksps";
        self.require_type(CTX, "ciss")?;
        if self.size()?.is_none() {
            return Err(Error::invalid(CTX, "no operator: call set_operators first"));
        }
        #[cfg(not(slepc_complex))]
        return ciss_unavailable(CTX, ());
        #[cfg(slepc_complex)]
        {
            let mut n: Int = 0;
            let mut ksps: *mut sys::KSP = std::ptr::null_mut();
            // SAFETY: live CISS solver with operators; SLEPc returns its array of KSPs
            // (borrowed, creating them).
            check(unsafe { sys::PEPCISSGetKSPs(self.ptr, &mut n, &mut ksps) })?;
            // SAFETY: SLEPc's array of `n` live KSPs of this solver.
            unsafe {
                crate::handle::child_ksps(self.slepc.petsc(), self.ptr as sys::PetscObject, n, ksps)
            }
        }
    }
}

/// CISS's functions exist in complex builds only (SLEPc registers the type, and declares
/// them, only there), so the solver's type is never `ciss` in a real build and this is
/// not reached; `_args` are the unused arguments.
#[cfg(not(slepc_complex))]
fn ciss_unavailable<T, A>(ctx: &str, _args: A) -> Result<T> {
    Err(Error::invalid(
        ctx,
        "CISS needs PETSc and SLEPc built with complex scalars",
    ))
}
