//! The options of the solver types: power (shift), Arnoldi (delayed), Lanczos
//! (reorthogonalization), Krylov-Schur (restart, locking, partitions, inner dimensions,
//! BSE and LREP; the rest of spectrum slicing is in `slicing.rs`), GD and JD, RQCG,
//! LOBPCG, Lyapunov inverse iteration and CISS. A setter of another type than the
//! solver's (or before it has one) is ignored, as SLEPc ignores it; a getter of another
//! type is refused with an error naming the solver's type, as SLEPc refuses it.

use crate::declare::declare;
use petsc::{Error, Int, Ksp, Real, Result};
use slepc_sys as sys;

use super::Eps;
use crate::Dimensions;
use crate::checks::RequireType;
use crate::error::check;
use crate::handle::child_ksps;
use petsc::declare::petsc_bool;

declare! { @enums
/// The shift of the power iteration (`EPSPowerShiftType`).
EpsPowerShiftType: EPSPowerShiftType {
    Constant = EPS_POWER_SHIFT_CONSTANT "a fixed shift (the default).",
    Rayleigh = EPS_POWER_SHIFT_RAYLEIGH "the Rayleigh quotient (RQI, with shift-and-invert).",
    Wilkinson = EPS_POWER_SHIFT_WILKINSON "the Wilkinson shift.",
}

/// The reorthogonalization of the Lanczos solver (`EPSLanczosReorthogType`).
EpsLanczosReorthog: EPSLanczosReorthogType {
    Local = EPS_LANCZOS_REORTHOG_LOCAL "against the two previous vectors only (the default).",
    Full = EPS_LANCZOS_REORTHOG_FULL "against all vectors.",
    Selective = EPS_LANCZOS_REORTHOG_SELECTIVE "selective.",
    Periodic = EPS_LANCZOS_REORTHOG_PERIODIC "periodic.",
    Partial = EPS_LANCZOS_REORTHOG_PARTIAL "partial.",
    Delayed = EPS_LANCZOS_REORTHOG_DELAYED "delayed.",
}

/// The quadrature rule of the CISS solver (`EPSCISSQuadRule`).
EpsCissQuadRule: EPSCISSQuadRule {
    Trapezoidal = EPS_CISS_QUADRULE_TRAPEZOIDAL "the trapezoidal rule (the default).",
    Chebyshev = EPS_CISS_QUADRULE_CHEBYSHEV "Chebyshev points (real intervals).",
}
}

declare! { @enum ciss_extraction
/// The extraction of the CISS solver (`EPSCISSExtraction`).
EpsCissExtraction: EPSCISSExtraction = EPS_CISS_EXTRACTION_RITZ, EPS_CISS_EXTRACTION_HANKEL
}

#[cfg(slepc_3_22)]
declare! { @enums
/// The method of Krylov-Schur for structured Bethe-Salpeter (BSE) problems
/// (`EPSKrylovSchurBSEType`, SLEPc 3.22 and later).
///
/// ```
/// use slepc::EpsKrylovSchurBseType as T;
/// assert_ne!(T::Shao, T::Gruning);
/// assert_eq!(T::ALL.len(), 3);
/// ```
#[doc(alias = "EPSKrylovSchurBSEType")]
EpsKrylovSchurBseType: EPSKrylovSchurBSEType {
    Shao = EPS_KRYLOVSCHUR_BSE_SHAO "the Lanczos method of Shao and coauthors (the default).",
    Gruning = EPS_KRYLOVSCHUR_BSE_GRUNING "the Lanczos method of Gruning and coauthors.",
    ProjectedBse = EPS_KRYLOVSCHUR_BSE_PROJECTEDBSE "a Lanczos method whose projected problem has BSE structure.",
}
}

#[cfg(slepc_3_26)]
declare! { @enums
/// The method of Krylov-Schur for structured linear response (LREP) problems
/// (`EPSKrylovSchurLREPType`; gated on SLEPc 3.26, the first release checked to have it).
///
/// ```
/// use slepc::EpsKrylovSchurLrepType as T;
/// assert_ne!(T::Teng, T::Zhong);
/// ```
#[doc(alias = "EPSKrylovSchurLREPType")]
EpsKrylovSchurLrepType: EPSKrylovSchurLREPType {
    Teng = EPS_KRYLOVSCHUR_LREP_TENG "the Lanczos method of Teng and Li (the default).",
    Zhong = EPS_KRYLOVSCHUR_LREP_ZHONG "the Lanczos method of Zhong and Xu.",
}
}

impl Eps {
    petsc::methods![for Eps;
        /// Sets the shift of the power iteration (`EPSPowerSetShiftType`); SLEPc ignores it
        /// on a solver of another type (or of no type yet), and so does this.
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut eps = slepc::Eps::new(&petsc.self_comm())?;
        /// eps.set_type_name("power")?;
        /// eps.set_power_shift_type(slepc::EpsPowerShiftType::Rayleigh)?;
        /// assert_eq!(eps.power_shift_type()?, slepc::EpsPowerShiftType::Rayleigh);
        /// eps.set_type_name("lapack")?;
        /// eps.set_power_shift_type(slepc::EpsPowerShiftType::Rayleigh)?; // ignored: not a 'power' solver
        /// assert!(eps.power_shift_type().is_err()); // SLEPc's getter refuses another type
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_power_shift_type(&mut self, value: EpsPowerShiftType) = EPSPowerSetShiftType as "EPSPowerSetShiftType";
        /// Gets the shift of the power iteration (`EPSPowerGetShiftType`); an `Err` unless
        /// the solver has type `power` (SLEPc's getter refuses other types).
        pub fn power_shift_type(&self) -> EpsPowerShiftType = EPSPowerGetShiftType as "EPSPowerGetShiftType", needs require_type("power");
        /// Sets whether Arnoldi uses delayed reorthogonalization (`EPSArnoldiSetDelayed`);
        /// SLEPc ignores it on a solver of another type (or of no type yet), and so does
        /// this.
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut eps = slepc::Eps::new(&petsc.self_comm())?;
        /// eps.set_type_name("arnoldi")?;
        /// eps.set_arnoldi_delayed(true)?;
        /// assert_eq!(eps.arnoldi_delayed()?, true);
        /// eps.set_type_name("lapack")?;
        /// eps.set_arnoldi_delayed(true)?; // ignored: not a 'arnoldi' solver
        /// assert!(eps.arnoldi_delayed().is_err()); // SLEPc's getter refuses another type
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_arnoldi_delayed(&mut self, value: bool) = EPSArnoldiSetDelayed as "EPSArnoldiSetDelayed";
        /// Gets whether Arnoldi uses delayed reorthogonalization (`EPSArnoldiGetDelayed`);
        /// an `Err` unless the solver has type `arnoldi` (SLEPc's getter refuses other
        /// types).
        pub fn arnoldi_delayed(&self) -> bool = EPSArnoldiGetDelayed as "EPSArnoldiGetDelayed", needs require_type("arnoldi");
        /// Sets the reorthogonalization of Lanczos (`EPSLanczosSetReorthog`); SLEPc ignores
        /// it on a solver of another type (or of no type yet), and so does this.
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut eps = slepc::Eps::new(&petsc.self_comm())?;
        /// eps.set_type_name("lanczos")?;
        /// eps.set_lanczos_reorthog_type(slepc::EpsLanczosReorthog::Full)?;
        /// assert_eq!(eps.lanczos_reorthog_type()?, slepc::EpsLanczosReorthog::Full);
        /// eps.set_type_name("lapack")?;
        /// eps.set_lanczos_reorthog_type(slepc::EpsLanczosReorthog::Full)?; // ignored: not a 'lanczos' solver
        /// assert!(eps.lanczos_reorthog_type().is_err()); // SLEPc's getter refuses another type
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_lanczos_reorthog_type(&mut self, value: EpsLanczosReorthog) = EPSLanczosSetReorthog as "EPSLanczosSetReorthog";
        /// Gets the reorthogonalization of Lanczos (`EPSLanczosGetReorthog`); an `Err`
        /// unless the solver has type `lanczos` (SLEPc's getter refuses other types).
        pub fn lanczos_reorthog_type(&self) -> EpsLanczosReorthog = EPSLanczosGetReorthog as "EPSLanczosGetReorthog", needs require_type("lanczos");
        /// Sets the fraction of the basis Krylov-Schur keeps at a restart, in `[0.1, 0.9]`
        /// (`EPSKrylovSchurSetRestart`); SLEPc ignores it on a solver of another type (or
        /// of no type yet), and so does this.
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut eps = slepc::Eps::new(&petsc.self_comm())?;
        /// eps.set_type_name("krylovschur")?;
        /// eps.set_krylov_schur_restart(0.6)?;
        /// assert_eq!(eps.krylov_schur_restart()?, 0.6);
        /// eps.set_type_name("lapack")?;
        /// eps.set_krylov_schur_restart(0.6)?; // ignored: not a 'krylovschur' solver
        /// assert!(eps.krylov_schur_restart().is_err()); // SLEPc's getter refuses another type
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_krylov_schur_restart(&mut self, value: Real) = EPSKrylovSchurSetRestart as "EPSKrylovSchurSetRestart", needs require_finite(value);
        /// Gets the fraction of the basis Krylov-Schur keeps at a restart, in `[0.1, 0.9]`
        /// (`EPSKrylovSchurGetRestart`); an `Err` unless the solver has type `krylovschur`
        /// (SLEPc's getter refuses other types).
        pub fn krylov_schur_restart(&self) -> Real = EPSKrylovSchurGetRestart as "EPSKrylovSchurGetRestart", needs require_type("krylovschur");
        /// Sets whether Krylov-Schur locks converged vectors (else keeps them in the
        /// restart) (`EPSKrylovSchurSetLocking`); SLEPc ignores it on a solver of another
        /// type (or of no type yet), and so does this.
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut eps = slepc::Eps::new(&petsc.self_comm())?;
        /// eps.set_type_name("krylovschur")?;
        /// eps.set_krylov_schur_locking(false)?;
        /// assert_eq!(eps.krylov_schur_locking()?, false);
        /// eps.set_type_name("lapack")?;
        /// eps.set_krylov_schur_locking(false)?; // ignored: not a 'krylovschur' solver
        /// assert!(eps.krylov_schur_locking().is_err()); // SLEPc's getter refuses another type
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_krylov_schur_locking(&mut self, value: bool) = EPSKrylovSchurSetLocking as "EPSKrylovSchurSetLocking";
        /// Gets whether Krylov-Schur locks converged vectors (else keeps them in the
        /// restart) (`EPSKrylovSchurGetLocking`); an `Err` unless the solver has type
        /// `krylovschur` (SLEPc's getter refuses other types).
        pub fn krylov_schur_locking(&self) -> bool = EPSKrylovSchurGetLocking as "EPSKrylovSchurGetLocking", needs require_type("krylovschur");
        /// Sets the number of process groups spectrum slicing splits the interval among (it
        /// must divide the number of ranks) (`EPSKrylovSchurSetPartitions`); SLEPc ignores
        /// it on a solver of another type (or of no type yet), and so does this.
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut eps = slepc::Eps::new(&petsc.self_comm())?;
        /// eps.set_type_name("krylovschur")?;
        /// eps.set_krylov_schur_partitions(1)?;
        /// assert_eq!(eps.krylov_schur_partitions()?, 1);
        /// eps.set_type_name("lapack")?;
        /// eps.set_krylov_schur_partitions(1)?; // ignored: not a 'krylovschur' solver
        /// assert!(eps.krylov_schur_partitions().is_err()); // SLEPc's getter refuses another type
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_krylov_schur_partitions(&mut self, value: Int) = EPSKrylovSchurSetPartitions as "EPSKrylovSchurSetPartitions";
        /// Gets the number of process groups spectrum slicing splits the interval among (it
        /// must divide the number of ranks) (`EPSKrylovSchurGetPartitions`); an `Err`
        /// unless the solver has type `krylovschur` (SLEPc's getter refuses other types).
        pub fn krylov_schur_partitions(&self) -> Int = EPSKrylovSchurGetPartitions as "EPSKrylovSchurGetPartitions", needs require_type("krylovschur");
        /// Sets whether spectrum slicing checks for zeros in the factorization (singular
        /// shifts, needs MUMPS) (`EPSKrylovSchurSetDetectZeros`); SLEPc ignores it on a
        /// solver of another type (or of no type yet), and so does this.
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut eps = slepc::Eps::new(&petsc.self_comm())?;
        /// eps.set_type_name("krylovschur")?;
        /// eps.set_krylov_schur_detect_zeros(true)?;
        /// assert_eq!(eps.krylov_schur_detect_zeros()?, true);
        /// eps.set_type_name("lapack")?;
        /// eps.set_krylov_schur_detect_zeros(true)?; // ignored: not a 'krylovschur' solver
        /// assert!(eps.krylov_schur_detect_zeros().is_err()); // SLEPc's getter refuses another type
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_krylov_schur_detect_zeros(&mut self, value: bool) = EPSKrylovSchurSetDetectZeros as "EPSKrylovSchurSetDetectZeros";
        /// Gets whether spectrum slicing checks for zeros in the factorization (singular
        /// shifts, needs MUMPS) (`EPSKrylovSchurGetDetectZeros`); an `Err` unless the
        /// solver has type `krylovschur` (SLEPc's getter refuses other types).
        pub fn krylov_schur_detect_zeros(&self) -> bool = EPSKrylovSchurGetDetectZeros as "EPSKrylovSchurGetDetectZeros", needs require_type("krylovschur");
        /// Sets the method Krylov-Schur uses for structured Bethe-Salpeter problems
        /// (`EPSKrylovSchurSetBSEType`, SLEPc 3.22 and later); SLEPc ignores it on a solver
        /// of another type (or of no type yet), and so does this.
        ///
        /// ```
        /// use slepc::EpsKrylovSchurBseType;
        /// let petsc = petsc::Petsc::init()?;
        /// let mut eps = slepc::Eps::new(&petsc.self_comm())?;
        /// eps.set_type_name("krylovschur")?;
        /// assert_eq!(eps.krylov_schur_bse_type()?, EpsKrylovSchurBseType::Shao);
        /// eps.set_krylov_schur_bse_type(EpsKrylovSchurBseType::Gruning)?;
        /// assert_eq!(eps.krylov_schur_bse_type()?, EpsKrylovSchurBseType::Gruning);
        /// eps.set_type_name("lapack")?;
        /// eps.set_krylov_schur_bse_type(EpsKrylovSchurBseType::Shao)?; // ignored: not a 'krylovschur' solver
        /// assert!(eps.krylov_schur_bse_type().is_err()); // SLEPc's getter refuses another type
        /// # Ok::<(), petsc::Error>(())
        /// ```
        #[cfg(slepc_3_22)]
        pub fn set_krylov_schur_bse_type(&mut self, value: EpsKrylovSchurBseType) = EPSKrylovSchurSetBSEType as "EPSKrylovSchurSetBSEType";
        /// Gets the method Krylov-Schur uses for structured Bethe-Salpeter problems
        /// (`EPSKrylovSchurGetBSEType`, SLEPc 3.22 and later); an `Err` unless the solver
        /// has type `krylovschur` (SLEPc's getter refuses other types).
        #[cfg(slepc_3_22)]
        pub fn krylov_schur_bse_type(&self) -> EpsKrylovSchurBseType = EPSKrylovSchurGetBSEType as "EPSKrylovSchurGetBSEType", needs require_type("krylovschur");
        /// Sets the method Krylov-Schur uses for structured linear response problems
        /// (`EPSKrylovSchurSetLREPType`, SLEPc 3.26 and later); SLEPc ignores it on a
        /// solver of another type (or of no type yet), and so does this.
        ///
        /// ```
        /// use slepc::EpsKrylovSchurLrepType;
        /// let petsc = petsc::Petsc::init()?;
        /// let mut eps = slepc::Eps::new(&petsc.self_comm())?;
        /// eps.set_type_name("krylovschur")?;
        /// assert_eq!(eps.krylov_schur_lrep_type()?, EpsKrylovSchurLrepType::Teng);
        /// eps.set_krylov_schur_lrep_type(EpsKrylovSchurLrepType::Zhong)?;
        /// assert_eq!(eps.krylov_schur_lrep_type()?, EpsKrylovSchurLrepType::Zhong);
        /// eps.set_type_name("lapack")?;
        /// assert!(eps.krylov_schur_lrep_type().is_err());
        /// # Ok::<(), petsc::Error>(())
        /// ```
        #[cfg(slepc_3_26)]
        pub fn set_krylov_schur_lrep_type(&mut self, value: EpsKrylovSchurLrepType) = EPSKrylovSchurSetLREPType as "EPSKrylovSchurSetLREPType";
        /// Gets the method Krylov-Schur uses for structured linear response problems
        /// (`EPSKrylovSchurGetLREPType`, SLEPc 3.26 and later); an `Err` unless the solver
        /// has type `krylovschur` (SLEPc's getter refuses other types).
        #[cfg(slepc_3_26)]
        pub fn krylov_schur_lrep_type(&self) -> EpsKrylovSchurLrepType = EPSKrylovSchurGetLREPType as "EPSKrylovSchurGetLREPType", needs require_type("krylovschur");
        /// Sets whether GD starts with a Krylov subspace (`EPSGDSetKrylovStart`); SLEPc
        /// ignores it on a solver of another type (or of no type yet), and so does this.
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut eps = slepc::Eps::new(&petsc.self_comm())?;
        /// eps.set_type_name("gd")?;
        /// eps.set_gd_krylov_start(true)?;
        /// assert_eq!(eps.gd_krylov_start()?, true);
        /// eps.set_type_name("lapack")?;
        /// eps.set_gd_krylov_start(true)?; // ignored: not a 'gd' solver
        /// assert!(eps.gd_krylov_start().is_err()); // SLEPc's getter refuses another type
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_gd_krylov_start(&mut self, value: bool) = EPSGDSetKrylovStart as "EPSGDSetKrylovStart";
        /// Gets whether GD starts with a Krylov subspace (`EPSGDGetKrylovStart`); an `Err`
        /// unless the solver has type `gd` (SLEPc's getter refuses other types).
        pub fn gd_krylov_start(&self) -> bool = EPSGDGetKrylovStart as "EPSGDGetKrylovStart", needs require_type("gd");
        /// Sets the number of vectors GD adds to the subspace at each iteration
        /// (`EPSGDSetBlockSize`); SLEPc ignores it on a solver of another type (or of no
        /// type yet), and so does this.
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut eps = slepc::Eps::new(&petsc.self_comm())?;
        /// eps.set_type_name("gd")?;
        /// eps.set_gd_block_size(2)?;
        /// assert_eq!(eps.gd_block_size()?, 2);
        /// eps.set_type_name("lapack")?;
        /// eps.set_gd_block_size(2)?; // ignored: not a 'gd' solver
        /// assert!(eps.gd_block_size().is_err()); // SLEPc's getter refuses another type
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_gd_block_size(&mut self, value: Int) = EPSGDSetBlockSize as "EPSGDSetBlockSize";
        /// Gets the number of vectors GD adds to the subspace at each iteration
        /// (`EPSGDGetBlockSize`); an `Err` unless the solver has type `gd` (SLEPc's getter
        /// refuses other types).
        pub fn gd_block_size(&self) -> Int = EPSGDGetBlockSize as "EPSGDGetBlockSize", needs require_type("gd");
        /// Sets the restart of GD: the vectors kept (`minv`) and those kept from the
        /// previous iteration (`plusk`) (`EPSGDSetRestart`); SLEPc ignores it on a solver
        /// of another type (or of no type yet), and so does this.
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut eps = slepc::Eps::new(&petsc.self_comm())?;
        /// eps.set_type_name("gd")?;
        /// eps.set_gd_restart(4, 1)?;
        /// assert_eq!(eps.gd_restart()?, (4, 1));
        /// eps.set_type_name("lapack")?;
        /// assert!(eps.gd_restart().is_err());
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_gd_restart(&mut self, a: Int, b: Int) = EPSGDSetRestart as "EPSGDSetRestart";
        /// Gets the restart of GD: the vectors kept (`minv`) and those kept from the
        /// previous iteration (`plusk`) (`EPSGDGetRestart`); an `Err` unless the solver has
        /// type `gd` (SLEPc's getter refuses other types).
        pub fn gd_restart(&self) -> (a: Int, b: Int) = EPSGDGetRestart as "EPSGDGetRestart", needs require_type("gd");
        /// Sets the size of the initial subspace of GD (`EPSGDSetInitialSize`); SLEPc
        /// ignores it on a solver of another type (or of no type yet), and so does this.
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut eps = slepc::Eps::new(&petsc.self_comm())?;
        /// eps.set_type_name("gd")?;
        /// eps.set_gd_initial_size(3)?;
        /// assert_eq!(eps.gd_initial_size()?, 3);
        /// eps.set_type_name("lapack")?;
        /// eps.set_gd_initial_size(3)?; // ignored: not a 'gd' solver
        /// assert!(eps.gd_initial_size().is_err()); // SLEPc's getter refuses another type
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_gd_initial_size(&mut self, value: Int) = EPSGDSetInitialSize as "EPSGDSetInitialSize";
        /// Gets the size of the initial subspace of GD (`EPSGDGetInitialSize`); an `Err`
        /// unless the solver has type `gd` (SLEPc's getter refuses other types).
        pub fn gd_initial_size(&self) -> Int = EPSGDGetInitialSize as "EPSGDGetInitialSize", needs require_type("gd");
        /// Sets whether GD orthogonalizes the search subspace in the `B` inner product
        /// (`EPSGDSetBOrth`); SLEPc ignores it on a solver of another type (or of no type
        /// yet), and so does this.
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut eps = slepc::Eps::new(&petsc.self_comm())?;
        /// eps.set_type_name("gd")?;
        /// eps.set_gd_borth(true)?;
        /// assert_eq!(eps.gd_borth()?, true);
        /// eps.set_type_name("lapack")?;
        /// eps.set_gd_borth(true)?; // ignored: not a 'gd' solver
        /// assert!(eps.gd_borth().is_err()); // SLEPc's getter refuses another type
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_gd_borth(&mut self, value: bool) = EPSGDSetBOrth as "EPSGDSetBOrth";
        /// Gets whether GD orthogonalizes the search subspace in the `B` inner product
        /// (`EPSGDGetBOrth`); an `Err` unless the solver has type `gd` (SLEPc's getter
        /// refuses other types).
        pub fn gd_borth(&self) -> bool = EPSGDGetBOrth as "EPSGDGetBOrth", needs require_type("gd");
        /// Sets whether GD uses the double expansion of the search subspace
        /// (`EPSGDSetDoubleExpansion`); SLEPc ignores it on a solver of another type (or of
        /// no type yet), and so does this.
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut eps = slepc::Eps::new(&petsc.self_comm())?;
        /// eps.set_type_name("gd")?;
        /// eps.set_gd_double_expansion(true)?;
        /// assert_eq!(eps.gd_double_expansion()?, true);
        /// eps.set_type_name("lapack")?;
        /// eps.set_gd_double_expansion(true)?; // ignored: not a 'gd' solver
        /// assert!(eps.gd_double_expansion().is_err()); // SLEPc's getter refuses another type
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_gd_double_expansion(&mut self, value: bool) = EPSGDSetDoubleExpansion as "EPSGDSetDoubleExpansion";
        /// Gets whether GD uses the double expansion of the search subspace
        /// (`EPSGDGetDoubleExpansion`); an `Err` unless the solver has type `gd` (SLEPc's
        /// getter refuses other types).
        pub fn gd_double_expansion(&self) -> bool = EPSGDGetDoubleExpansion as "EPSGDGetDoubleExpansion", needs require_type("gd");
        /// Sets whether JD starts with a Krylov subspace (`EPSJDSetKrylovStart`); SLEPc
        /// ignores it on a solver of another type (or of no type yet), and so does this.
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut eps = slepc::Eps::new(&petsc.self_comm())?;
        /// eps.set_type_name("jd")?;
        /// eps.set_jd_krylov_start(true)?;
        /// assert_eq!(eps.jd_krylov_start()?, true);
        /// eps.set_type_name("lapack")?;
        /// eps.set_jd_krylov_start(true)?; // ignored: not a 'jd' solver
        /// assert!(eps.jd_krylov_start().is_err()); // SLEPc's getter refuses another type
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_jd_krylov_start(&mut self, value: bool) = EPSJDSetKrylovStart as "EPSJDSetKrylovStart";
        /// Gets whether JD starts with a Krylov subspace (`EPSJDGetKrylovStart`); an `Err`
        /// unless the solver has type `jd` (SLEPc's getter refuses other types).
        pub fn jd_krylov_start(&self) -> bool = EPSJDGetKrylovStart as "EPSJDGetKrylovStart", needs require_type("jd");
        /// Sets the number of vectors JD adds to the subspace at each iteration
        /// (`EPSJDSetBlockSize`); SLEPc ignores it on a solver of another type (or of no
        /// type yet), and so does this.
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut eps = slepc::Eps::new(&petsc.self_comm())?;
        /// eps.set_type_name("jd")?;
        /// eps.set_jd_block_size(2)?;
        /// assert_eq!(eps.jd_block_size()?, 2);
        /// eps.set_type_name("lapack")?;
        /// eps.set_jd_block_size(2)?; // ignored: not a 'jd' solver
        /// assert!(eps.jd_block_size().is_err()); // SLEPc's getter refuses another type
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_jd_block_size(&mut self, value: Int) = EPSJDSetBlockSize as "EPSJDSetBlockSize";
        /// Gets the number of vectors JD adds to the subspace at each iteration
        /// (`EPSJDGetBlockSize`); an `Err` unless the solver has type `jd` (SLEPc's getter
        /// refuses other types).
        pub fn jd_block_size(&self) -> Int = EPSJDGetBlockSize as "EPSJDGetBlockSize", needs require_type("jd");
        /// Sets the restart of JD: the vectors kept (`minv`) and those kept from the
        /// previous iteration (`plusk`) (`EPSJDSetRestart`); SLEPc ignores it on a solver
        /// of another type (or of no type yet), and so does this.
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut eps = slepc::Eps::new(&petsc.self_comm())?;
        /// eps.set_type_name("jd")?;
        /// eps.set_jd_restart(4, 1)?;
        /// assert_eq!(eps.jd_restart()?, (4, 1));
        /// eps.set_type_name("lapack")?;
        /// assert!(eps.jd_restart().is_err());
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_jd_restart(&mut self, a: Int, b: Int) = EPSJDSetRestart as "EPSJDSetRestart";
        /// Gets the restart of JD: the vectors kept (`minv`) and those kept from the
        /// previous iteration (`plusk`) (`EPSJDGetRestart`); an `Err` unless the solver has
        /// type `jd` (SLEPc's getter refuses other types).
        pub fn jd_restart(&self) -> (a: Int, b: Int) = EPSJDGetRestart as "EPSJDGetRestart", needs require_type("jd");
        /// Sets the size of the initial subspace of JD (`EPSJDSetInitialSize`); SLEPc
        /// ignores it on a solver of another type (or of no type yet), and so does this.
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut eps = slepc::Eps::new(&petsc.self_comm())?;
        /// eps.set_type_name("jd")?;
        /// eps.set_jd_initial_size(3)?;
        /// assert_eq!(eps.jd_initial_size()?, 3);
        /// eps.set_type_name("lapack")?;
        /// eps.set_jd_initial_size(3)?; // ignored: not a 'jd' solver
        /// assert!(eps.jd_initial_size().is_err()); // SLEPc's getter refuses another type
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_jd_initial_size(&mut self, value: Int) = EPSJDSetInitialSize as "EPSJDSetInitialSize";
        /// Gets the size of the initial subspace of JD (`EPSJDGetInitialSize`); an `Err`
        /// unless the solver has type `jd` (SLEPc's getter refuses other types).
        pub fn jd_initial_size(&self) -> Int = EPSJDGetInitialSize as "EPSJDGetInitialSize", needs require_type("jd");
        /// Sets the residual norm below which JD switches from the target to the Ritz value
        /// (`EPSJDSetFix`); SLEPc ignores it on a solver of another type (or of no type
        /// yet), and so does this.
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut eps = slepc::Eps::new(&petsc.self_comm())?;
        /// eps.set_type_name("jd")?;
        /// eps.set_jd_fix(0.02)?;
        /// assert_eq!(eps.jd_fix()?, 0.02);
        /// eps.set_type_name("lapack")?;
        /// eps.set_jd_fix(0.02)?; // ignored: not a 'jd' solver
        /// assert!(eps.jd_fix().is_err()); // SLEPc's getter refuses another type
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_jd_fix(&mut self, value: Real) = EPSJDSetFix as "EPSJDSetFix", needs require_finite(value);
        /// Gets the residual norm below which JD switches from the target to the Ritz value
        /// (`EPSJDGetFix`); an `Err` unless the solver has type `jd` (SLEPc's getter
        /// refuses other types).
        pub fn jd_fix(&self) -> Real = EPSJDGetFix as "EPSJDGetFix", needs require_type("jd");
        /// Sets whether JD keeps the tolerance of the correction equation constant (else
        /// dynamic) (`EPSJDSetConstCorrectionTol`); SLEPc ignores it on a solver of another
        /// type (or of no type yet), and so does this.
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut eps = slepc::Eps::new(&petsc.self_comm())?;
        /// eps.set_type_name("jd")?;
        /// eps.set_jd_const_correction_tol(false)?;
        /// assert_eq!(eps.jd_const_correction_tol()?, false);
        /// eps.set_type_name("lapack")?;
        /// eps.set_jd_const_correction_tol(false)?; // ignored: not a 'jd' solver
        /// assert!(eps.jd_const_correction_tol().is_err()); // SLEPc's getter refuses another type
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_jd_const_correction_tol(&mut self, value: bool) = EPSJDSetConstCorrectionTol as "EPSJDSetConstCorrectionTol";
        /// Gets whether JD keeps the tolerance of the correction equation constant (else
        /// dynamic) (`EPSJDGetConstCorrectionTol`); an `Err` unless the solver has type
        /// `jd` (SLEPc's getter refuses other types).
        pub fn jd_const_correction_tol(&self) -> bool = EPSJDGetConstCorrectionTol as "EPSJDGetConstCorrectionTol", needs require_type("jd");
        /// Sets whether JD orthogonalizes the search subspace in the `B` inner product
        /// (`EPSJDSetBOrth`); SLEPc ignores it on a solver of another type (or of no type
        /// yet), and so does this.
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut eps = slepc::Eps::new(&petsc.self_comm())?;
        /// eps.set_type_name("jd")?;
        /// eps.set_jd_borth(true)?;
        /// assert_eq!(eps.jd_borth()?, true);
        /// eps.set_type_name("lapack")?;
        /// eps.set_jd_borth(true)?; // ignored: not a 'jd' solver
        /// assert!(eps.jd_borth().is_err()); // SLEPc's getter refuses another type
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_jd_borth(&mut self, value: bool) = EPSJDSetBOrth as "EPSJDSetBOrth";
        /// Gets whether JD orthogonalizes the search subspace in the `B` inner product
        /// (`EPSJDGetBOrth`); an `Err` unless the solver has type `jd` (SLEPc's getter
        /// refuses other types).
        pub fn jd_borth(&self) -> bool = EPSJDGetBOrth as "EPSJDGetBOrth", needs require_type("jd");
        /// Sets how many iterations RQCG runs between resets of the Rayleigh quotient
        /// (`EPSRQCGSetReset`); SLEPc ignores it on a solver of another type (or of no type
        /// yet), and so does this.
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut eps = slepc::Eps::new(&petsc.self_comm())?;
        /// eps.set_type_name("rqcg")?;
        /// eps.set_rqcg_reset(10)?;
        /// assert_eq!(eps.rqcg_reset()?, 10);
        /// eps.set_type_name("lapack")?;
        /// eps.set_rqcg_reset(10)?; // ignored: not a 'rqcg' solver
        /// assert!(eps.rqcg_reset().is_err()); // SLEPc's getter refuses another type
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_rqcg_reset(&mut self, value: Int) = EPSRQCGSetReset as "EPSRQCGSetReset";
        /// Gets how many iterations RQCG runs between resets of the Rayleigh quotient
        /// (`EPSRQCGGetReset`); an `Err` unless the solver has type `rqcg` (SLEPc's getter
        /// refuses other types).
        pub fn rqcg_reset(&self) -> Int = EPSRQCGGetReset as "EPSRQCGGetReset", needs require_type("rqcg");
        /// Sets the block size of LOBPCG (`EPSLOBPCGSetBlockSize`); SLEPc ignores it on a
        /// solver of another type (or of no type yet), and so does this.
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut eps = slepc::Eps::new(&petsc.self_comm())?;
        /// eps.set_type_name("lobpcg")?;
        /// eps.set_lobpcg_block_size(2)?;
        /// assert_eq!(eps.lobpcg_block_size()?, 2);
        /// eps.set_type_name("lapack")?;
        /// eps.set_lobpcg_block_size(2)?; // ignored: not a 'lobpcg' solver
        /// assert!(eps.lobpcg_block_size().is_err()); // SLEPc's getter refuses another type
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_lobpcg_block_size(&mut self, value: Int) = EPSLOBPCGSetBlockSize as "EPSLOBPCGSetBlockSize";
        /// Gets the block size of LOBPCG (`EPSLOBPCGGetBlockSize`); an `Err` unless the
        /// solver has type `lobpcg` (SLEPc's getter refuses other types).
        pub fn lobpcg_block_size(&self) -> Int = EPSLOBPCGGetBlockSize as "EPSLOBPCGGetBlockSize", needs require_type("lobpcg");
        /// Sets the fraction of converged vectors at which LOBPCG restarts, in `[0.1, 1]`
        /// (`EPSLOBPCGSetRestart`); SLEPc ignores it on a solver of another type (or of no
        /// type yet), and so does this.
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut eps = slepc::Eps::new(&petsc.self_comm())?;
        /// eps.set_type_name("lobpcg")?;
        /// eps.set_lobpcg_restart(0.8)?;
        /// assert_eq!(eps.lobpcg_restart()?, 0.8);
        /// eps.set_type_name("lapack")?;
        /// eps.set_lobpcg_restart(0.8)?; // ignored: not a 'lobpcg' solver
        /// assert!(eps.lobpcg_restart().is_err()); // SLEPc's getter refuses another type
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_lobpcg_restart(&mut self, value: Real) = EPSLOBPCGSetRestart as "EPSLOBPCGSetRestart", needs require_finite(value);
        /// Gets the fraction of converged vectors at which LOBPCG restarts, in `[0.1, 1]`
        /// (`EPSLOBPCGGetRestart`); an `Err` unless the solver has type `lobpcg` (SLEPc's
        /// getter refuses other types).
        pub fn lobpcg_restart(&self) -> Real = EPSLOBPCGGetRestart as "EPSLOBPCGGetRestart", needs require_type("lobpcg");
        /// Sets whether LOBPCG locks converged vectors (soft locking otherwise)
        /// (`EPSLOBPCGSetLocking`); SLEPc ignores it on a solver of another type (or of no
        /// type yet), and so does this.
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut eps = slepc::Eps::new(&petsc.self_comm())?;
        /// eps.set_type_name("lobpcg")?;
        /// eps.set_lobpcg_locking(false)?;
        /// assert_eq!(eps.lobpcg_locking()?, false);
        /// eps.set_type_name("lapack")?;
        /// eps.set_lobpcg_locking(false)?; // ignored: not a 'lobpcg' solver
        /// assert!(eps.lobpcg_locking().is_err()); // SLEPc's getter refuses another type
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_lobpcg_locking(&mut self, value: bool) = EPSLOBPCGSetLocking as "EPSLOBPCGSetLocking";
        /// Gets whether LOBPCG locks converged vectors (soft locking otherwise)
        /// (`EPSLOBPCGGetLocking`); an `Err` unless the solver has type `lobpcg` (SLEPc's
        /// getter refuses other types).
        pub fn lobpcg_locking(&self) -> bool = EPSLOBPCGGetLocking as "EPSLOBPCGGetLocking", needs require_type("lobpcg");
        /// Sets the ranks of Lyapunov inverse iteration: of the Lyapunov equation's
        /// solution (`rkc`) and of its approximations (`rkl`) (`EPSLyapIISetRanks`); SLEPc
        /// ignores it on a solver of another type (or of no type yet), and so does this.
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut eps = slepc::Eps::new(&petsc.self_comm())?;
        /// eps.set_type_name("lyapii")?;
        /// eps.set_lyapii_ranks(4, 8)?;
        /// assert_eq!(eps.lyapii_ranks()?, (4, 8));
        /// eps.set_type_name("lapack")?;
        /// assert!(eps.lyapii_ranks().is_err());
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_lyapii_ranks(&mut self, a: Int, b: Int) = EPSLyapIISetRanks as "EPSLyapIISetRanks";
        /// Gets the ranks of Lyapunov inverse iteration: of the Lyapunov equation's
        /// solution (`rkc`) and of its approximations (`rkl`) (`EPSLyapIIGetRanks`); an
        /// `Err` unless the solver has type `lyapii` (SLEPc's getter refuses other types).
        pub fn lyapii_ranks(&self) -> (a: Int, b: Int) = EPSLyapIIGetRanks as "EPSLyapIIGetRanks", needs require_type("lyapii");
        /// Sets the extraction of CISS (`EPSCISSSetExtraction`); SLEPc ignores it on a
        /// solver of another type (or of no type yet), and so does this.
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut eps = slepc::Eps::new(&petsc.self_comm())?;
        /// eps.set_type_name("ciss")?;
        /// eps.set_ciss_extraction(slepc::EpsCissExtraction::Hankel)?;
        /// assert_eq!(eps.ciss_extraction()?, slepc::EpsCissExtraction::Hankel);
        /// eps.set_type_name("lapack")?;
        /// eps.set_ciss_extraction(slepc::EpsCissExtraction::Hankel)?; // ignored: not a 'ciss' solver
        /// assert!(eps.ciss_extraction().is_err()); // SLEPc's getter refuses another type
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_ciss_extraction(&mut self, value: EpsCissExtraction) = EPSCISSSetExtraction as "EPSCISSSetExtraction";
        /// Gets the extraction of CISS (`EPSCISSGetExtraction`); an `Err` unless the solver
        /// has type `ciss` (SLEPc's getter refuses other types).
        pub fn ciss_extraction(&self) -> EpsCissExtraction = EPSCISSGetExtraction as "EPSCISSGetExtraction", needs require_type("ciss");
        /// Sets the quadrature rule of CISS (`EPSCISSSetQuadRule`); SLEPc ignores it on a
        /// solver of another type (or of no type yet), and so does this.
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut eps = slepc::Eps::new(&petsc.self_comm())?;
        /// eps.set_type_name("ciss")?;
        /// eps.set_ciss_quad_rule(slepc::EpsCissQuadRule::Chebyshev)?;
        /// assert_eq!(eps.ciss_quad_rule()?, slepc::EpsCissQuadRule::Chebyshev);
        /// eps.set_type_name("lapack")?;
        /// eps.set_ciss_quad_rule(slepc::EpsCissQuadRule::Chebyshev)?; // ignored: not a 'ciss' solver
        /// assert!(eps.ciss_quad_rule().is_err()); // SLEPc's getter refuses another type
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_ciss_quad_rule(&mut self, value: EpsCissQuadRule) = EPSCISSSetQuadRule as "EPSCISSSetQuadRule";
        /// Gets the quadrature rule of CISS (`EPSCISSGetQuadRule`); an `Err` unless the
        /// solver has type `ciss` (SLEPc's getter refuses other types).
        pub fn ciss_quad_rule(&self) -> EpsCissQuadRule = EPSCISSGetQuadRule as "EPSCISSGetQuadRule", needs require_type("ciss");
        /// Sets the thresholds of CISS: for the numerical rank (`delta`) and for spurious
        /// eigenpairs (`spur`) (`EPSCISSSetThreshold`); SLEPc ignores it on a solver of
        /// another type (or of no type yet), and so does this.
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut eps = slepc::Eps::new(&petsc.self_comm())?;
        /// eps.set_type_name("ciss")?;
        /// eps.set_ciss_threshold(1e-10, 1e-3)?;
        /// assert_eq!(eps.ciss_threshold()?, (1e-10, 1e-3));
        /// eps.set_type_name("lapack")?;
        /// assert!(eps.ciss_threshold().is_err());
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_ciss_threshold(&mut self, a: Real, b: Real) = EPSCISSSetThreshold as "EPSCISSSetThreshold", needs require_pair_finite(a, b);
        /// Gets the thresholds of CISS: for the numerical rank (`delta`) and for spurious
        /// eigenpairs (`spur`) (`EPSCISSGetThreshold`); an `Err` unless the solver has type
        /// `ciss` (SLEPc's getter refuses other types).
        pub fn ciss_threshold(&self) -> (a: Real, b: Real) = EPSCISSGetThreshold as "EPSCISSGetThreshold", needs require_type("ciss");
        /// Sets the refinement of CISS: inner iterations and iterations of the block size
        /// (`EPSCISSSetRefinement`); SLEPc ignores it on a solver of another type (or of no
        /// type yet), and so does this.
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut eps = slepc::Eps::new(&petsc.self_comm())?;
        /// eps.set_type_name("ciss")?;
        /// eps.set_ciss_refinement(1, 2)?;
        /// assert_eq!(eps.ciss_refinement()?, (1, 2));
        /// eps.set_type_name("lapack")?;
        /// assert!(eps.ciss_refinement().is_err());
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_ciss_refinement(&mut self, a: Int, b: Int) = EPSCISSSetRefinement as "EPSCISSSetRefinement";
        /// Gets the refinement of CISS: inner iterations and iterations of the block size
        /// (`EPSCISSGetRefinement`); an `Err` unless the solver has type `ciss` (SLEPc's
        /// getter refuses other types).
        pub fn ciss_refinement(&self) -> (a: Int, b: Int) = EPSCISSGetRefinement as "EPSCISSGetRefinement", needs require_type("ciss");
        /// Sets whether CISS solves its linear systems with the spectral transformation's
        /// KSP (from SLEPc 3.26 the strategy `usest`, or `split` when false)
        /// (`EPSCISSSetUseST`); SLEPc ignores it on a solver of another type (or of no type
        /// yet), and so does this.
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut eps = slepc::Eps::new(&petsc.self_comm())?;
        /// eps.set_type_name("ciss")?;
        /// eps.set_ciss_use_st(true)?;
        /// assert_eq!(eps.ciss_use_st()?, true);
        /// eps.set_type_name("lapack")?;
        /// eps.set_ciss_use_st(true)?; // ignored: not a 'ciss' solver
        /// assert!(eps.ciss_use_st().is_err()); // SLEPc's getter refuses another type
        /// # Ok::<(), petsc::Error>(())
        /// ```
        #[doc(alias = "EPSCISSSetUseST")]
        pub fn set_ciss_use_st(&mut self, value: bool) = slepcrs_EPSCISSSetUseST as "slepcrs_EPSCISSSetUseST";
        /// Gets whether CISS solves its linear systems with the spectral transformation's
        /// KSP (`EPSCISSGetUseST`); an `Err` unless the solver has type `ciss` (SLEPc's
        /// getter refuses other types).
        #[doc(alias = "EPSCISSGetUseST")]
        pub fn ciss_use_st(&self) -> bool = slepcrs_EPSCISSGetUseST as "slepcrs_EPSCISSGetUseST", needs require_type("ciss");
    ];
}

/// The sizes of the CISS solver (see [`Eps::set_ciss_sizes`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EpsCissSizes {
    /// The number of integration points.
    pub integration_points: Int,
    /// The block size.
    pub block_size: Int,
    /// The number of moments.
    pub moments: Int,
    /// The number of partitions of the integration points (for parallel runs).
    pub partitions: Int,
    /// The largest block size.
    pub max_block_size: Int,
    /// Whether the problem is real (`A` and `B` real; for a NEP, `T(z)` real for real
    /// `z`): halves the integration points.
    pub real_matrices: bool,
}

/// `XCISSSetSizes` of EPS, PEP or NEP.
type SetSizes<S> =
    unsafe extern "C" fn(*mut S, Int, Int, Int, Int, Int, sys::PetscBool) -> sys::PetscErrorCode;
/// `XCISSGetSizes` of EPS, PEP or NEP.
type GetSizes<S> = unsafe extern "C" fn(
    *mut S,
    *mut Int,
    *mut Int,
    *mut Int,
    *mut Int,
    *mut Int,
    *mut sys::PetscBool,
) -> sys::PetscErrorCode;

impl EpsCissSizes {
    /// Gives the sizes to `solver` through its class's `set` (`XCISSSetSizes`).
    ///
    /// # Safety
    /// `solver` is a live solver of `set`'s class, of type `ciss`.
    pub(crate) unsafe fn set_on<S>(self, set: SetSizes<S>, solver: *mut S) -> Result<()> {
        // SAFETY: live solver (caller; another type than CISS ignores the call); SLEPc
        // validates the values.
        check(unsafe {
            set(
                solver,
                self.integration_points,
                self.block_size,
                self.moments,
                self.partitions,
                self.max_block_size,
                petsc_bool(self.real_matrices),
            )
        })
    }

    /// The sizes of `solver`, through its class's `get` (`XCISSGetSizes`).
    ///
    /// # Safety
    /// `solver` is a live solver of `get`'s class, of type `ciss`.
    pub(crate) unsafe fn get_from<S>(get: GetSizes<S>, solver: *mut S) -> Result<Self> {
        let (mut ip, mut bs, mut ms, mut npart, mut bsmax): (Int, Int, Int, Int, Int) =
            (0, 0, 0, 0, 0);
        let mut real = sys::PETSC_BOOL_FALSE;
        // SAFETY: live CISS solver (caller); six outputs.
        check(unsafe {
            get(
                solver, &mut ip, &mut bs, &mut ms, &mut npart, &mut bsmax, &mut real,
            )
        })?;
        Ok(EpsCissSizes {
            integration_points: ip,
            block_size: bs,
            moments: ms,
            partitions: npart,
            max_block_size: bsmax,
            real_matrices: real == sys::PETSC_BOOL_TRUE,
        })
    }
}

impl Eps {
    /// Sets the sizes of CISS (`EPSCISSSetSizes`); SLEPc ignores it on a solver of another
    /// type (or of no type yet), and so does this.
    ///
    /// ```
    /// use slepc::EpsCissSizes;
    /// let petsc = petsc::Petsc::init()?;
    /// let mut eps = slepc::Eps::new(&petsc.self_comm())?;
    /// eps.set_type(slepc::EpsType::Ciss)?;
    /// let sizes = EpsCissSizes {
    ///     integration_points: 24,
    ///     block_size: 8,
    ///     moments: 12,
    ///     partitions: 1,
    ///     max_block_size: 32,
    ///     real_matrices: true,
    /// };
    /// eps.set_ciss_sizes(sizes)?;
    /// assert_eq!(eps.ciss_sizes()?, sizes);
    /// eps.reset()?; // never set up: nothing of the contour to reset
    /// assert_eq!(eps.ciss_sizes()?, sizes);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "EPSCISSSetSizes")]
    pub fn set_ciss_sizes(&mut self, sizes: EpsCissSizes) -> Result<()> {
        // SAFETY: live solver (of another type than CISS, SLEPc ignores the call).
        unsafe { sizes.set_on(sys::EPSCISSSetSizes, self.ptr) }
    }

    /// The sizes of CISS (`EPSCISSGetSizes`); an `Err` unless the solver has type `ciss`
    /// (SLEPc's getter refuses other types).
    #[doc(alias = "EPSCISSGetSizes")]
    pub fn ciss_sizes(&self) -> Result<EpsCissSizes> {
        self.require_type("Eps::ciss_sizes", "ciss")?;
        // SAFETY: live CISS solver.
        unsafe { EpsCissSizes::get_from(sys::EPSCISSGetSizes, self.ptr) }
    }

    /// Sets the dimensions Krylov-Schur uses in each subinterval of spectrum slicing
    /// (`EPSKrylovSchurSetDimensions`), by name as [`set_dimensions_to`](Self::set_dimensions_to) takes
    /// them (`None` lets SLEPc choose); [`krylov_schur_subspace`](Self::krylov_schur_subspace) returns the same
    /// struct. SLEPc ignores it on a solver of another type (or of no type yet), and so
    /// does this (checking only that the sizes are positive).
    ///
    /// ```
    /// use slepc::Dimensions;
    /// let petsc = petsc::Petsc::init()?;
    /// let mut eps = slepc::Eps::new(&petsc.self_comm())?;
    /// eps.set_type(slepc::EpsType::KrylovSchur)?;
    /// eps.set_krylov_schur_dimensions_to(Dimensions::new(10).ncv(30).mpd(30))?;
    /// assert_eq!(eps.krylov_schur_subspace()?, Dimensions::new(10).ncv(30).mpd(30));
    /// assert_eq!(eps.krylov_schur_dimensions()?, (10, 30, 30));
    /// assert!(eps.set_krylov_schur_dimensions_to(Dimensions::new(0)).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "EPSKrylovSchurSetDimensions")]
    pub fn set_krylov_schur_dimensions_to(&mut self, dimensions: Dimensions) -> Result<()> {
        dimensions.check("Eps::set_krylov_schur_dimensions_to", "nev")?;
        let (nev, ncv, mpd) = dimensions.raw();
        // SAFETY: live solver (of another type, SLEPc ignores the call); SLEPc validates
        // the values.
        check(unsafe { sys::EPSKrylovSchurSetDimensions(self.ptr, nev, ncv, mpd) })
    }

    /// Sets the dimensions of each subinterval of spectrum slicing (`EPSKrylovSchurSetDimensions`)
    /// with three positional arguments.
    #[deprecated(
        since = "0.2.0",
        note = "use `set_krylov_schur_dimensions_to(Dimensions::new(nev).ncv(n).mpd(m))` (sizes by name; `krylov_schur_subspace()` returns the same struct)"
    )]
    #[doc(alias = "EPSKrylovSchurSetDimensions")]
    pub fn set_krylov_schur_dimensions(
        &mut self,
        nev: Int,
        ncv: Option<Int>,
        mpd: Option<Int>,
    ) -> Result<()> {
        self.set_krylov_schur_dimensions_to(Dimensions {
            wanted: nev,
            ncv,
            mpd,
        })
    }

    /// The dimensions of each subinterval of spectrum slicing (`EPSKrylovSchurGetDimensions`), as the
    /// struct [`set_krylov_schur_dimensions_to`](Self::set_krylov_schur_dimensions_to) takes; an
    /// `Err` unless the solver has type `krylovschur` (SLEPc's getter refuses other types).
    #[doc(alias = "EPSKrylovSchurGetDimensions")]
    pub fn krylov_schur_subspace(&self) -> Result<Dimensions> {
        self.krylov_schur_dimensions().map(Dimensions::from_raw)
    }

    /// `(nev, ncv, mpd)` of each subinterval of spectrum slicing
    /// (`EPSKrylovSchurGetDimensions`); an `Err` unless the solver has type `krylovschur`
    /// (SLEPc's getter refuses other types).
    #[doc(alias = "EPSKrylovSchurGetDimensions")]
    pub fn krylov_schur_dimensions(&self) -> Result<(Int, Int, Int)> {
        self.require_type("Eps::krylov_schur_dimensions", "krylovschur")?;
        let (mut a, mut b, mut c): (Int, Int, Int) = (0, 0, 0);
        // SAFETY: live Krylov-Schur solver; three outputs.
        check(unsafe { sys::EPSKrylovSchurGetDimensions(self.ptr, &mut a, &mut b, &mut c) })?;
        Ok((a, b, c))
    }

    /// The linear solvers of CISS, one per integration point of this rank's partition
    /// (`EPSCISSGetKSPs`), each a handle holding its own reference and one to this
    /// solver. SLEPc's manual: their number is the number of integration points divided
    /// by the number of partitions (see [`set_ciss_sizes`](Self::set_ciss_sizes)),
    /// halved for real matrices with a region symmetric about the real axis (in complex
    /// builds: real builds never halve). CISS uses them when it does not solve with the
    /// spectral transformation's KSP (`set_ciss_use_st(false)`, see
    /// [`set_ciss_use_st`](Self::set_ciss_use_st)); from SLEPc 3.26 there are none (an
    /// empty list) otherwise.
    /// The solver type must be `ciss` and its region ([`rg`](Self::rg)) must have a type
    /// (set it, or call [`set_from_options`](Self::set_from_options)): SLEPc reads the
    /// region to count the points.
    ///
    /// ```
    /// use slepc::{EpsCissSizes, RgType};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut eps = slepc::Eps::new(&petsc.self_comm())?;
    /// eps.set_type(slepc::EpsType::Ciss)?;
    /// eps.set_ciss_sizes(EpsCissSizes {
    ///     integration_points: 16,
    ///     block_size: 4,
    ///     moments: 4,
    ///     partitions: 1,
    ///     max_block_size: 16,
    ///     real_matrices: false,
    /// })?;
    /// eps.set_ciss_use_st(false)?;
    /// eps.rg()?.set_type(RgType::Ellipse)?;
    /// let ksps = eps.ciss_ksps()?;
    /// assert_eq!(ksps.len(), 16);
    /// assert_eq!(ksps[0].options_prefix()?, "eps_ciss_");
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "EPSCISSGetKSPs")]
    pub fn ciss_ksps(&self) -> Result<Vec<Ksp>> {
        const CTX: &str = "Eps::ciss_ksps";
        self.require_type(CTX, "ciss")?;
        if self.rg()?.ty()?.is_none() {
            return Err(Error::invalid(
                CTX,
                "the region has no type: set it (Eps::rg) or call set_from_options first",
            ));
        }
        let mut n: Int = 0;
        let mut ksps: *mut sys::KSP = std::ptr::null_mut();
        // SAFETY: live CISS solver whose region has a type; SLEPc returns its array of
        // KSPs (borrowed, creating them).
        check(unsafe { sys::EPSCISSGetKSPs(self.ptr, &mut n, &mut ksps) })?;
        // SAFETY: SLEPc's array of `n` live KSPs of this solver.
        unsafe { child_ksps(self.slepc.petsc(), self.ptr as sys::PetscObject, n, ksps) }
    }
}
