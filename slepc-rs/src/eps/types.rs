//! The options of the solver types: power (shift), Arnoldi (delayed), Lanczos
//! (reorthogonalization), Krylov-Schur (restart, locking, spectrum slicing: partitions,
//! subintervals, inertias, inner dimensions), GD and JD, RQCG, LOBPCG, Lyapunov inverse
//! iteration and CISS. Each is refused, with an error naming the solver's type, unless
//! the solver has the type it belongs to (SLEPc would ignore it).

use crate::declare::declare;
use petsc::{Error, Int, Ksp, Mat, MatStructure, Real, Result, Scalar, Vector};
use slepc_sys as sys;

use super::Eps;
use crate::checks::{self, RequireType, Wanted};
use crate::error::check;
use petsc::declare::petsc_bool;

petsc::c_enum! {
/// The shift of the power iteration (`EPSPowerShiftType`).
///
/// ```
/// assert_ne!(slepc::EpsPowerShiftType::Constant, slepc::EpsPowerShiftType::Rayleigh);
/// ```
#[non_exhaustive]
pub EpsPowerShiftType: sys::EPSPowerShiftType {
    Constant = EPS_POWER_SHIFT_CONSTANT "a fixed shift (the default).",
    Rayleigh = EPS_POWER_SHIFT_RAYLEIGH "the Rayleigh quotient (RQI, with shift-and-invert).",
    Wilkinson = EPS_POWER_SHIFT_WILKINSON "the Wilkinson shift.",
}
}

petsc::c_enum! {
/// The reorthogonalization of the Lanczos solver (`EPSLanczosReorthogType`).
///
/// ```
/// assert_ne!(slepc::EpsLanczosReorthog::Full, slepc::EpsLanczosReorthog::Local);
/// ```
#[non_exhaustive]
pub EpsLanczosReorthog: sys::EPSLanczosReorthogType {
    Local = EPS_LANCZOS_REORTHOG_LOCAL "against the two previous vectors only (the default).",
    Full = EPS_LANCZOS_REORTHOG_FULL "against all vectors.",
    Selective = EPS_LANCZOS_REORTHOG_SELECTIVE "selective.",
    Periodic = EPS_LANCZOS_REORTHOG_PERIODIC "periodic.",
    Partial = EPS_LANCZOS_REORTHOG_PARTIAL "partial.",
    Delayed = EPS_LANCZOS_REORTHOG_DELAYED "delayed.",
}
}

petsc::c_enum! {
/// The quadrature rule of the CISS solver (`EPSCISSQuadRule`).
///
/// ```
/// assert_ne!(slepc::EpsCissQuadRule::Trapezoidal, slepc::EpsCissQuadRule::Chebyshev);
/// ```
#[non_exhaustive]
pub EpsCissQuadRule: sys::EPSCISSQuadRule {
    Trapezoidal = EPS_CISS_QUADRULE_TRAPEZOIDAL "the trapezoidal rule (the default).",
    Chebyshev = EPS_CISS_QUADRULE_CHEBYSHEV "Chebyshev points (real intervals).",
}
}

declare! { @enum ciss_extraction
/// The extraction of the CISS solver (`EPSCISSExtraction`).
///
/// ```
/// assert_ne!(slepc::EpsCissExtraction::Ritz, slepc::EpsCissExtraction::Hankel);
/// ```
EpsCissExtraction: EPSCISSExtraction = EPS_CISS_EXTRACTION_RITZ, EPS_CISS_EXTRACTION_HANKEL
}

#[cfg(slepc_3_22)]
petsc::c_enum! {
/// The method of Krylov-Schur for structured Bethe-Salpeter (BSE) problems
/// (`EPSKrylovSchurBSEType`, SLEPc 3.22 and later).
///
/// ```
/// use slepc::EpsKrylovSchurBseType as T;
/// assert_ne!(T::Shao, T::Gruning);
/// assert_eq!(T::ALL.len(), 3);
/// ```
#[non_exhaustive]
#[doc(alias = "EPSKrylovSchurBSEType")]
pub EpsKrylovSchurBseType: sys::EPSKrylovSchurBSEType {
    Shao = EPS_KRYLOVSCHUR_BSE_SHAO "the Lanczos method of Shao and coauthors (the default).",
    Gruning = EPS_KRYLOVSCHUR_BSE_GRUNING "the Lanczos method of Gruning and coauthors.",
    ProjectedBse = EPS_KRYLOVSCHUR_BSE_PROJECTEDBSE "a Lanczos method whose projected problem has BSE structure.",
}
}

#[cfg(slepc_3_26)]
petsc::c_enum! {
/// The method of Krylov-Schur for structured linear response (LREP) problems
/// (`EPSKrylovSchurLREPType`; gated on SLEPc 3.26, the first release checked to have it).
///
/// ```
/// use slepc::EpsKrylovSchurLrepType as T;
/// assert_ne!(T::Teng, T::Zhong);
/// ```
#[non_exhaustive]
#[doc(alias = "EPSKrylovSchurLREPType")]
pub EpsKrylovSchurLrepType: sys::EPSKrylovSchurLREPType {
    Teng = EPS_KRYLOVSCHUR_LREP_TENG "the Lanczos method of Teng and Li (the default).",
    Zhong = EPS_KRYLOVSCHUR_LREP_ZHONG "the Lanczos method of Zhong and Xu.",
}
}

impl Eps {
    petsc::methods![for Eps;
        /// Sets the shift of the power iteration (`EPSPowerSetShiftType`); the solver type must be `power` (an `Err` names the type it has).
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut eps = slepc::Eps::new(&petsc.self_comm())?;
        /// eps.set_type_name("power")?;
        /// eps.set_power_shift_type(slepc::EpsPowerShiftType::Rayleigh)?;
        /// assert_eq!(eps.power_shift_type()?, slepc::EpsPowerShiftType::Rayleigh);
        /// eps.set_type_name("lapack")?;
        /// assert!(eps.set_power_shift_type(slepc::EpsPowerShiftType::Rayleigh).is_err());
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_power_shift_type(&mut self, value: EpsPowerShiftType) = EPSPowerSetShiftType as "EPSPowerSetShiftType", needs require_type("power");
        /// Gets the shift of the power iteration (`EPSPowerGetShiftType`); the solver type must be `power`.
        pub fn power_shift_type(&self) -> EpsPowerShiftType = EPSPowerGetShiftType as "EPSPowerGetShiftType", needs require_type("power");
        /// Sets whether Arnoldi uses delayed reorthogonalization (`EPSArnoldiSetDelayed`); the solver type must be `arnoldi` (an `Err` names the type it has).
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut eps = slepc::Eps::new(&petsc.self_comm())?;
        /// eps.set_type_name("arnoldi")?;
        /// eps.set_arnoldi_delayed(true)?;
        /// assert_eq!(eps.arnoldi_delayed()?, true);
        /// eps.set_type_name("lapack")?;
        /// assert!(eps.set_arnoldi_delayed(true).is_err());
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_arnoldi_delayed(&mut self, value: bool) = EPSArnoldiSetDelayed as "EPSArnoldiSetDelayed", needs require_type("arnoldi");
        /// Gets whether Arnoldi uses delayed reorthogonalization (`EPSArnoldiGetDelayed`); the solver type must be `arnoldi`.
        pub fn arnoldi_delayed(&self) -> bool = EPSArnoldiGetDelayed as "EPSArnoldiGetDelayed", needs require_type("arnoldi");
        /// Sets the reorthogonalization of Lanczos (`EPSLanczosSetReorthog`); the solver type must be `lanczos` (an `Err` names the type it has).
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut eps = slepc::Eps::new(&petsc.self_comm())?;
        /// eps.set_type_name("lanczos")?;
        /// eps.set_lanczos_reorthog_type(slepc::EpsLanczosReorthog::Full)?;
        /// assert_eq!(eps.lanczos_reorthog_type()?, slepc::EpsLanczosReorthog::Full);
        /// eps.set_type_name("lapack")?;
        /// assert!(eps.set_lanczos_reorthog_type(slepc::EpsLanczosReorthog::Full).is_err());
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_lanczos_reorthog_type(&mut self, value: EpsLanczosReorthog) = EPSLanczosSetReorthog as "EPSLanczosSetReorthog", needs require_type("lanczos");
        /// Gets the reorthogonalization of Lanczos (`EPSLanczosGetReorthog`); the solver type must be `lanczos`.
        pub fn lanczos_reorthog_type(&self) -> EpsLanczosReorthog = EPSLanczosGetReorthog as "EPSLanczosGetReorthog", needs require_type("lanczos");
        /// Sets the fraction of the basis Krylov-Schur keeps at a restart, in `[0.1, 0.9]` (`EPSKrylovSchurSetRestart`); the solver type must be `krylovschur` (an `Err` names the type it has).
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut eps = slepc::Eps::new(&petsc.self_comm())?;
        /// eps.set_type_name("krylovschur")?;
        /// eps.set_krylov_schur_restart(0.6)?;
        /// assert_eq!(eps.krylov_schur_restart()?, 0.6);
        /// eps.set_type_name("lapack")?;
        /// assert!(eps.set_krylov_schur_restart(0.6).is_err());
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_krylov_schur_restart(&mut self, value: Real) = EPSKrylovSchurSetRestart as "EPSKrylovSchurSetRestart", needs require_type_finite("krylovschur", value);
        /// Gets the fraction of the basis Krylov-Schur keeps at a restart, in `[0.1, 0.9]` (`EPSKrylovSchurGetRestart`); the solver type must be `krylovschur`.
        pub fn krylov_schur_restart(&self) -> Real = EPSKrylovSchurGetRestart as "EPSKrylovSchurGetRestart", needs require_type("krylovschur");
        /// Sets whether Krylov-Schur locks converged vectors (else keeps them in the restart) (`EPSKrylovSchurSetLocking`); the solver type must be `krylovschur` (an `Err` names the type it has).
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut eps = slepc::Eps::new(&petsc.self_comm())?;
        /// eps.set_type_name("krylovschur")?;
        /// eps.set_krylov_schur_locking(false)?;
        /// assert_eq!(eps.krylov_schur_locking()?, false);
        /// eps.set_type_name("lapack")?;
        /// assert!(eps.set_krylov_schur_locking(false).is_err());
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_krylov_schur_locking(&mut self, value: bool) = EPSKrylovSchurSetLocking as "EPSKrylovSchurSetLocking", needs require_type("krylovschur");
        /// Gets whether Krylov-Schur locks converged vectors (else keeps them in the restart) (`EPSKrylovSchurGetLocking`); the solver type must be `krylovschur`.
        pub fn krylov_schur_locking(&self) -> bool = EPSKrylovSchurGetLocking as "EPSKrylovSchurGetLocking", needs require_type("krylovschur");
        /// Sets the number of process groups spectrum slicing splits the interval among (it must divide the number of ranks) (`EPSKrylovSchurSetPartitions`); the solver type must be `krylovschur` (an `Err` names the type it has).
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut eps = slepc::Eps::new(&petsc.self_comm())?;
        /// eps.set_type_name("krylovschur")?;
        /// eps.set_krylov_schur_partitions(1)?;
        /// assert_eq!(eps.krylov_schur_partitions()?, 1);
        /// eps.set_type_name("lapack")?;
        /// assert!(eps.set_krylov_schur_partitions(1).is_err());
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_krylov_schur_partitions(&mut self, value: Int) = EPSKrylovSchurSetPartitions as "EPSKrylovSchurSetPartitions", needs require_type("krylovschur");
        /// Gets the number of process groups spectrum slicing splits the interval among (it must divide the number of ranks) (`EPSKrylovSchurGetPartitions`); the solver type must be `krylovschur`.
        pub fn krylov_schur_partitions(&self) -> Int = EPSKrylovSchurGetPartitions as "EPSKrylovSchurGetPartitions", needs require_type("krylovschur");
        /// Sets whether spectrum slicing checks for zeros in the factorization (singular shifts, needs MUMPS) (`EPSKrylovSchurSetDetectZeros`); the solver type must be `krylovschur` (an `Err` names the type it has).
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut eps = slepc::Eps::new(&petsc.self_comm())?;
        /// eps.set_type_name("krylovschur")?;
        /// eps.set_krylov_schur_detect_zeros(true)?;
        /// assert_eq!(eps.krylov_schur_detect_zeros()?, true);
        /// eps.set_type_name("lapack")?;
        /// assert!(eps.set_krylov_schur_detect_zeros(true).is_err());
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_krylov_schur_detect_zeros(&mut self, value: bool) = EPSKrylovSchurSetDetectZeros as "EPSKrylovSchurSetDetectZeros", needs require_type("krylovschur");
        /// Gets whether spectrum slicing checks for zeros in the factorization (singular shifts, needs MUMPS) (`EPSKrylovSchurGetDetectZeros`); the solver type must be `krylovschur`.
        pub fn krylov_schur_detect_zeros(&self) -> bool = EPSKrylovSchurGetDetectZeros as "EPSKrylovSchurGetDetectZeros", needs require_type("krylovschur");
        /// Sets the method Krylov-Schur uses for structured Bethe-Salpeter problems (`EPSKrylovSchurSetBSEType`, SLEPc 3.22 and later); the solver type must be `krylovschur` (an `Err` names the type it has).
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
        /// assert!(eps.set_krylov_schur_bse_type(EpsKrylovSchurBseType::Shao).is_err());
        /// # Ok::<(), petsc::Error>(())
        /// ```
        #[cfg(slepc_3_22)]
        pub fn set_krylov_schur_bse_type(&mut self, value: EpsKrylovSchurBseType) = EPSKrylovSchurSetBSEType as "EPSKrylovSchurSetBSEType", needs require_type("krylovschur");
        /// Gets the method Krylov-Schur uses for structured Bethe-Salpeter problems (`EPSKrylovSchurGetBSEType`, SLEPc 3.22 and later); the solver type must be `krylovschur`.
        #[cfg(slepc_3_22)]
        pub fn krylov_schur_bse_type(&self) -> EpsKrylovSchurBseType = EPSKrylovSchurGetBSEType as "EPSKrylovSchurGetBSEType", needs require_type("krylovschur");
        /// Sets the method Krylov-Schur uses for structured linear response problems (`EPSKrylovSchurSetLREPType`, SLEPc 3.26 and later); the solver type must be `krylovschur` (an `Err` names the type it has).
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
        pub fn set_krylov_schur_lrep_type(&mut self, value: EpsKrylovSchurLrepType) = EPSKrylovSchurSetLREPType as "EPSKrylovSchurSetLREPType", needs require_type("krylovschur");
        /// Gets the method Krylov-Schur uses for structured linear response problems (`EPSKrylovSchurGetLREPType`, SLEPc 3.26 and later); the solver type must be `krylovschur`.
        #[cfg(slepc_3_26)]
        pub fn krylov_schur_lrep_type(&self) -> EpsKrylovSchurLrepType = EPSKrylovSchurGetLREPType as "EPSKrylovSchurGetLREPType", needs require_type("krylovschur");
        /// Sets whether GD starts with a Krylov subspace (`EPSGDSetKrylovStart`); the solver type must be `gd` (an `Err` names the type it has).
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut eps = slepc::Eps::new(&petsc.self_comm())?;
        /// eps.set_type_name("gd")?;
        /// eps.set_gd_krylov_start(true)?;
        /// assert_eq!(eps.gd_krylov_start()?, true);
        /// eps.set_type_name("lapack")?;
        /// assert!(eps.set_gd_krylov_start(true).is_err());
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_gd_krylov_start(&mut self, value: bool) = EPSGDSetKrylovStart as "EPSGDSetKrylovStart", needs require_type("gd");
        /// Gets whether GD starts with a Krylov subspace (`EPSGDGetKrylovStart`); the solver type must be `gd`.
        pub fn gd_krylov_start(&self) -> bool = EPSGDGetKrylovStart as "EPSGDGetKrylovStart", needs require_type("gd");
        /// Sets the number of vectors GD adds to the subspace at each iteration (`EPSGDSetBlockSize`); the solver type must be `gd` (an `Err` names the type it has).
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut eps = slepc::Eps::new(&petsc.self_comm())?;
        /// eps.set_type_name("gd")?;
        /// eps.set_gd_block_size(2)?;
        /// assert_eq!(eps.gd_block_size()?, 2);
        /// eps.set_type_name("lapack")?;
        /// assert!(eps.set_gd_block_size(2).is_err());
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_gd_block_size(&mut self, value: Int) = EPSGDSetBlockSize as "EPSGDSetBlockSize", needs require_type("gd");
        /// Gets the number of vectors GD adds to the subspace at each iteration (`EPSGDGetBlockSize`); the solver type must be `gd`.
        pub fn gd_block_size(&self) -> Int = EPSGDGetBlockSize as "EPSGDGetBlockSize", needs require_type("gd");
        /// Sets the restart of GD: the vectors kept (`minv`) and those kept from the previous iteration (`plusk`) (`EPSGDSetRestart`); the solver type must be `gd` (an `Err` names the type it has).
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
        pub fn set_gd_restart(&mut self, a: Int, b: Int) = EPSGDSetRestart as "EPSGDSetRestart", needs require_type("gd");
        /// Gets the restart of GD: the vectors kept (`minv`) and those kept from the previous iteration (`plusk`) (`EPSGDGetRestart`); the solver type must be `gd`.
        pub fn gd_restart(&self) -> (a: Int, b: Int) = EPSGDGetRestart as "EPSGDGetRestart", needs require_type("gd");
        /// Sets the size of the initial subspace of GD (`EPSGDSetInitialSize`); the solver type must be `gd` (an `Err` names the type it has).
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut eps = slepc::Eps::new(&petsc.self_comm())?;
        /// eps.set_type_name("gd")?;
        /// eps.set_gd_initial_size(3)?;
        /// assert_eq!(eps.gd_initial_size()?, 3);
        /// eps.set_type_name("lapack")?;
        /// assert!(eps.set_gd_initial_size(3).is_err());
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_gd_initial_size(&mut self, value: Int) = EPSGDSetInitialSize as "EPSGDSetInitialSize", needs require_type("gd");
        /// Gets the size of the initial subspace of GD (`EPSGDGetInitialSize`); the solver type must be `gd`.
        pub fn gd_initial_size(&self) -> Int = EPSGDGetInitialSize as "EPSGDGetInitialSize", needs require_type("gd");
        /// Sets whether GD orthogonalizes the search subspace in the `B` inner product (`EPSGDSetBOrth`); the solver type must be `gd` (an `Err` names the type it has).
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut eps = slepc::Eps::new(&petsc.self_comm())?;
        /// eps.set_type_name("gd")?;
        /// eps.set_gd_borth(true)?;
        /// assert_eq!(eps.gd_borth()?, true);
        /// eps.set_type_name("lapack")?;
        /// assert!(eps.set_gd_borth(true).is_err());
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_gd_borth(&mut self, value: bool) = EPSGDSetBOrth as "EPSGDSetBOrth", needs require_type("gd");
        /// Gets whether GD orthogonalizes the search subspace in the `B` inner product (`EPSGDGetBOrth`); the solver type must be `gd`.
        pub fn gd_borth(&self) -> bool = EPSGDGetBOrth as "EPSGDGetBOrth", needs require_type("gd");
        /// Sets whether GD uses the double expansion of the search subspace (`EPSGDSetDoubleExpansion`); the solver type must be `gd` (an `Err` names the type it has).
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut eps = slepc::Eps::new(&petsc.self_comm())?;
        /// eps.set_type_name("gd")?;
        /// eps.set_gd_double_expansion(true)?;
        /// assert_eq!(eps.gd_double_expansion()?, true);
        /// eps.set_type_name("lapack")?;
        /// assert!(eps.set_gd_double_expansion(true).is_err());
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_gd_double_expansion(&mut self, value: bool) = EPSGDSetDoubleExpansion as "EPSGDSetDoubleExpansion", needs require_type("gd");
        /// Gets whether GD uses the double expansion of the search subspace (`EPSGDGetDoubleExpansion`); the solver type must be `gd`.
        pub fn gd_double_expansion(&self) -> bool = EPSGDGetDoubleExpansion as "EPSGDGetDoubleExpansion", needs require_type("gd");
        /// Sets whether JD starts with a Krylov subspace (`EPSJDSetKrylovStart`); the solver type must be `jd` (an `Err` names the type it has).
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut eps = slepc::Eps::new(&petsc.self_comm())?;
        /// eps.set_type_name("jd")?;
        /// eps.set_jd_krylov_start(true)?;
        /// assert_eq!(eps.jd_krylov_start()?, true);
        /// eps.set_type_name("lapack")?;
        /// assert!(eps.set_jd_krylov_start(true).is_err());
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_jd_krylov_start(&mut self, value: bool) = EPSJDSetKrylovStart as "EPSJDSetKrylovStart", needs require_type("jd");
        /// Gets whether JD starts with a Krylov subspace (`EPSJDGetKrylovStart`); the solver type must be `jd`.
        pub fn jd_krylov_start(&self) -> bool = EPSJDGetKrylovStart as "EPSJDGetKrylovStart", needs require_type("jd");
        /// Sets the number of vectors JD adds to the subspace at each iteration (`EPSJDSetBlockSize`); the solver type must be `jd` (an `Err` names the type it has).
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut eps = slepc::Eps::new(&petsc.self_comm())?;
        /// eps.set_type_name("jd")?;
        /// eps.set_jd_block_size(2)?;
        /// assert_eq!(eps.jd_block_size()?, 2);
        /// eps.set_type_name("lapack")?;
        /// assert!(eps.set_jd_block_size(2).is_err());
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_jd_block_size(&mut self, value: Int) = EPSJDSetBlockSize as "EPSJDSetBlockSize", needs require_type("jd");
        /// Gets the number of vectors JD adds to the subspace at each iteration (`EPSJDGetBlockSize`); the solver type must be `jd`.
        pub fn jd_block_size(&self) -> Int = EPSJDGetBlockSize as "EPSJDGetBlockSize", needs require_type("jd");
        /// Sets the restart of JD: the vectors kept (`minv`) and those kept from the previous iteration (`plusk`) (`EPSJDSetRestart`); the solver type must be `jd` (an `Err` names the type it has).
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
        pub fn set_jd_restart(&mut self, a: Int, b: Int) = EPSJDSetRestart as "EPSJDSetRestart", needs require_type("jd");
        /// Gets the restart of JD: the vectors kept (`minv`) and those kept from the previous iteration (`plusk`) (`EPSJDGetRestart`); the solver type must be `jd`.
        pub fn jd_restart(&self) -> (a: Int, b: Int) = EPSJDGetRestart as "EPSJDGetRestart", needs require_type("jd");
        /// Sets the size of the initial subspace of JD (`EPSJDSetInitialSize`); the solver type must be `jd` (an `Err` names the type it has).
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut eps = slepc::Eps::new(&petsc.self_comm())?;
        /// eps.set_type_name("jd")?;
        /// eps.set_jd_initial_size(3)?;
        /// assert_eq!(eps.jd_initial_size()?, 3);
        /// eps.set_type_name("lapack")?;
        /// assert!(eps.set_jd_initial_size(3).is_err());
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_jd_initial_size(&mut self, value: Int) = EPSJDSetInitialSize as "EPSJDSetInitialSize", needs require_type("jd");
        /// Gets the size of the initial subspace of JD (`EPSJDGetInitialSize`); the solver type must be `jd`.
        pub fn jd_initial_size(&self) -> Int = EPSJDGetInitialSize as "EPSJDGetInitialSize", needs require_type("jd");
        /// Sets the residual norm below which JD switches from the target to the Ritz value (`EPSJDSetFix`); the solver type must be `jd` (an `Err` names the type it has).
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut eps = slepc::Eps::new(&petsc.self_comm())?;
        /// eps.set_type_name("jd")?;
        /// eps.set_jd_fix(0.02)?;
        /// assert_eq!(eps.jd_fix()?, 0.02);
        /// eps.set_type_name("lapack")?;
        /// assert!(eps.set_jd_fix(0.02).is_err());
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_jd_fix(&mut self, value: Real) = EPSJDSetFix as "EPSJDSetFix", needs require_type_finite("jd", value);
        /// Gets the residual norm below which JD switches from the target to the Ritz value (`EPSJDGetFix`); the solver type must be `jd`.
        pub fn jd_fix(&self) -> Real = EPSJDGetFix as "EPSJDGetFix", needs require_type("jd");
        /// Sets whether JD keeps the tolerance of the correction equation constant (else dynamic) (`EPSJDSetConstCorrectionTol`); the solver type must be `jd` (an `Err` names the type it has).
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut eps = slepc::Eps::new(&petsc.self_comm())?;
        /// eps.set_type_name("jd")?;
        /// eps.set_jd_const_correction_tol(false)?;
        /// assert_eq!(eps.jd_const_correction_tol()?, false);
        /// eps.set_type_name("lapack")?;
        /// assert!(eps.set_jd_const_correction_tol(false).is_err());
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_jd_const_correction_tol(&mut self, value: bool) = EPSJDSetConstCorrectionTol as "EPSJDSetConstCorrectionTol", needs require_type("jd");
        /// Gets whether JD keeps the tolerance of the correction equation constant (else dynamic) (`EPSJDGetConstCorrectionTol`); the solver type must be `jd`.
        pub fn jd_const_correction_tol(&self) -> bool = EPSJDGetConstCorrectionTol as "EPSJDGetConstCorrectionTol", needs require_type("jd");
        /// Sets whether JD orthogonalizes the search subspace in the `B` inner product (`EPSJDSetBOrth`); the solver type must be `jd` (an `Err` names the type it has).
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut eps = slepc::Eps::new(&petsc.self_comm())?;
        /// eps.set_type_name("jd")?;
        /// eps.set_jd_borth(true)?;
        /// assert_eq!(eps.jd_borth()?, true);
        /// eps.set_type_name("lapack")?;
        /// assert!(eps.set_jd_borth(true).is_err());
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_jd_borth(&mut self, value: bool) = EPSJDSetBOrth as "EPSJDSetBOrth", needs require_type("jd");
        /// Gets whether JD orthogonalizes the search subspace in the `B` inner product (`EPSJDGetBOrth`); the solver type must be `jd`.
        pub fn jd_borth(&self) -> bool = EPSJDGetBOrth as "EPSJDGetBOrth", needs require_type("jd");
        /// Sets how many iterations RQCG runs between resets of the Rayleigh quotient (`EPSRQCGSetReset`); the solver type must be `rqcg` (an `Err` names the type it has).
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut eps = slepc::Eps::new(&petsc.self_comm())?;
        /// eps.set_type_name("rqcg")?;
        /// eps.set_rqcg_reset(10)?;
        /// assert_eq!(eps.rqcg_reset()?, 10);
        /// eps.set_type_name("lapack")?;
        /// assert!(eps.set_rqcg_reset(10).is_err());
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_rqcg_reset(&mut self, value: Int) = EPSRQCGSetReset as "EPSRQCGSetReset", needs require_type("rqcg");
        /// Gets how many iterations RQCG runs between resets of the Rayleigh quotient (`EPSRQCGGetReset`); the solver type must be `rqcg`.
        pub fn rqcg_reset(&self) -> Int = EPSRQCGGetReset as "EPSRQCGGetReset", needs require_type("rqcg");
        /// Sets the block size of LOBPCG (`EPSLOBPCGSetBlockSize`); the solver type must be `lobpcg` (an `Err` names the type it has).
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut eps = slepc::Eps::new(&petsc.self_comm())?;
        /// eps.set_type_name("lobpcg")?;
        /// eps.set_lobpcg_block_size(2)?;
        /// assert_eq!(eps.lobpcg_block_size()?, 2);
        /// eps.set_type_name("lapack")?;
        /// assert!(eps.set_lobpcg_block_size(2).is_err());
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_lobpcg_block_size(&mut self, value: Int) = EPSLOBPCGSetBlockSize as "EPSLOBPCGSetBlockSize", needs require_type("lobpcg");
        /// Gets the block size of LOBPCG (`EPSLOBPCGGetBlockSize`); the solver type must be `lobpcg`.
        pub fn lobpcg_block_size(&self) -> Int = EPSLOBPCGGetBlockSize as "EPSLOBPCGGetBlockSize", needs require_type("lobpcg");
        /// Sets the fraction of converged vectors at which LOBPCG restarts, in `[0.1, 1]` (`EPSLOBPCGSetRestart`); the solver type must be `lobpcg` (an `Err` names the type it has).
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut eps = slepc::Eps::new(&petsc.self_comm())?;
        /// eps.set_type_name("lobpcg")?;
        /// eps.set_lobpcg_restart(0.8)?;
        /// assert_eq!(eps.lobpcg_restart()?, 0.8);
        /// eps.set_type_name("lapack")?;
        /// assert!(eps.set_lobpcg_restart(0.8).is_err());
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_lobpcg_restart(&mut self, value: Real) = EPSLOBPCGSetRestart as "EPSLOBPCGSetRestart", needs require_type_finite("lobpcg", value);
        /// Gets the fraction of converged vectors at which LOBPCG restarts, in `[0.1, 1]` (`EPSLOBPCGGetRestart`); the solver type must be `lobpcg`.
        pub fn lobpcg_restart(&self) -> Real = EPSLOBPCGGetRestart as "EPSLOBPCGGetRestart", needs require_type("lobpcg");
        /// Sets whether LOBPCG locks converged vectors (soft locking otherwise) (`EPSLOBPCGSetLocking`); the solver type must be `lobpcg` (an `Err` names the type it has).
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut eps = slepc::Eps::new(&petsc.self_comm())?;
        /// eps.set_type_name("lobpcg")?;
        /// eps.set_lobpcg_locking(false)?;
        /// assert_eq!(eps.lobpcg_locking()?, false);
        /// eps.set_type_name("lapack")?;
        /// assert!(eps.set_lobpcg_locking(false).is_err());
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_lobpcg_locking(&mut self, value: bool) = EPSLOBPCGSetLocking as "EPSLOBPCGSetLocking", needs require_type("lobpcg");
        /// Gets whether LOBPCG locks converged vectors (soft locking otherwise) (`EPSLOBPCGGetLocking`); the solver type must be `lobpcg`.
        pub fn lobpcg_locking(&self) -> bool = EPSLOBPCGGetLocking as "EPSLOBPCGGetLocking", needs require_type("lobpcg");
        /// Sets the ranks of Lyapunov inverse iteration: of the Lyapunov equation's solution (`rkc`) and of its approximations (`rkl`) (`EPSLyapIISetRanks`); the solver type must be `lyapii` (an `Err` names the type it has).
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
        pub fn set_lyapii_ranks(&mut self, a: Int, b: Int) = EPSLyapIISetRanks as "EPSLyapIISetRanks", needs require_type("lyapii");
        /// Gets the ranks of Lyapunov inverse iteration: of the Lyapunov equation's solution (`rkc`) and of its approximations (`rkl`) (`EPSLyapIIGetRanks`); the solver type must be `lyapii`.
        pub fn lyapii_ranks(&self) -> (a: Int, b: Int) = EPSLyapIIGetRanks as "EPSLyapIIGetRanks", needs require_type("lyapii");
        /// Sets the extraction of CISS (`EPSCISSSetExtraction`); the solver type must be `ciss` (an `Err` names the type it has).
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut eps = slepc::Eps::new(&petsc.self_comm())?;
        /// eps.set_type_name("ciss")?;
        /// eps.set_ciss_extraction(slepc::EpsCissExtraction::Hankel)?;
        /// assert_eq!(eps.ciss_extraction()?, slepc::EpsCissExtraction::Hankel);
        /// eps.set_type_name("lapack")?;
        /// assert!(eps.set_ciss_extraction(slepc::EpsCissExtraction::Hankel).is_err());
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_ciss_extraction(&mut self, value: EpsCissExtraction) = EPSCISSSetExtraction as "EPSCISSSetExtraction", needs require_type("ciss");
        /// Gets the extraction of CISS (`EPSCISSGetExtraction`); the solver type must be `ciss`.
        pub fn ciss_extraction(&self) -> EpsCissExtraction = EPSCISSGetExtraction as "EPSCISSGetExtraction", needs require_type("ciss");
        /// Sets the quadrature rule of CISS (`EPSCISSSetQuadRule`); the solver type must be `ciss` (an `Err` names the type it has).
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut eps = slepc::Eps::new(&petsc.self_comm())?;
        /// eps.set_type_name("ciss")?;
        /// eps.set_ciss_quad_rule(slepc::EpsCissQuadRule::Chebyshev)?;
        /// assert_eq!(eps.ciss_quad_rule()?, slepc::EpsCissQuadRule::Chebyshev);
        /// eps.set_type_name("lapack")?;
        /// assert!(eps.set_ciss_quad_rule(slepc::EpsCissQuadRule::Chebyshev).is_err());
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_ciss_quad_rule(&mut self, value: EpsCissQuadRule) = EPSCISSSetQuadRule as "EPSCISSSetQuadRule", needs require_type("ciss");
        /// Gets the quadrature rule of CISS (`EPSCISSGetQuadRule`); the solver type must be `ciss`.
        pub fn ciss_quad_rule(&self) -> EpsCissQuadRule = EPSCISSGetQuadRule as "EPSCISSGetQuadRule", needs require_type("ciss");
        /// Sets the thresholds of CISS: for the numerical rank (`delta`) and for spurious eigenpairs (`spur`) (`EPSCISSSetThreshold`); the solver type must be `ciss` (an `Err` names the type it has).
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
        pub fn set_ciss_threshold(&mut self, a: Real, b: Real) = EPSCISSSetThreshold as "EPSCISSSetThreshold", needs require_type_pair_finite("ciss", a, b);
        /// Gets the thresholds of CISS: for the numerical rank (`delta`) and for spurious eigenpairs (`spur`) (`EPSCISSGetThreshold`); the solver type must be `ciss`.
        pub fn ciss_threshold(&self) -> (a: Real, b: Real) = EPSCISSGetThreshold as "EPSCISSGetThreshold", needs require_type("ciss");
        /// Sets the refinement of CISS: inner iterations and iterations of the block size (`EPSCISSSetRefinement`); the solver type must be `ciss` (an `Err` names the type it has).
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
        pub fn set_ciss_refinement(&mut self, a: Int, b: Int) = EPSCISSSetRefinement as "EPSCISSSetRefinement", needs require_type("ciss");
        /// Gets the refinement of CISS: inner iterations and iterations of the block size (`EPSCISSGetRefinement`); the solver type must be `ciss`.
        pub fn ciss_refinement(&self) -> (a: Int, b: Int) = EPSCISSGetRefinement as "EPSCISSGetRefinement", needs require_type("ciss");
        /// Sets whether CISS solves its linear systems with the spectral transformation's KSP (from SLEPc 3.26 the strategy `usest`, or `split` when false) (`EPSCISSSetUseST`); the solver type must be `ciss` (an `Err` names the type it has).
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut eps = slepc::Eps::new(&petsc.self_comm())?;
        /// eps.set_type_name("ciss")?;
        /// eps.set_ciss_use_st(true)?;
        /// assert_eq!(eps.ciss_use_st()?, true);
        /// eps.set_type_name("lapack")?;
        /// assert!(eps.set_ciss_use_st(true).is_err());
        /// # Ok::<(), petsc::Error>(())
        /// ```
        #[doc(alias = "EPSCISSSetUseST")]
        pub fn set_ciss_use_st(&mut self, value: bool) = slepcrs_EPSCISSSetUseST as "slepcrs_EPSCISSSetUseST", needs require_type("ciss");
        /// Gets whether CISS solves its linear systems with the spectral transformation's KSP (`EPSCISSGetUseST`); the solver type must be `ciss`.
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
        // SAFETY: live CISS solver (caller); SLEPc validates the values.
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
    /// Sets the sizes of CISS (`EPSCISSSetSizes`); the solver type must be `ciss`.
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
        self.require_type("Eps::set_ciss_sizes", "ciss")?;
        // SAFETY: live CISS solver.
        unsafe { sizes.set_on(sys::EPSCISSSetSizes, self.ptr) }
    }

    /// The sizes of CISS (`EPSCISSGetSizes`); the solver type must be `ciss`.
    #[doc(alias = "EPSCISSGetSizes")]
    pub fn ciss_sizes(&self) -> Result<EpsCissSizes> {
        self.require_type("Eps::ciss_sizes", "ciss")?;
        // SAFETY: live CISS solver.
        unsafe { EpsCissSizes::get_from(sys::EPSCISSGetSizes, self.ptr) }
    }

    /// Sets the dimensions Krylov-Schur uses in each subinterval of spectrum slicing
    /// (`EPSKrylovSchurSetDimensions`): `nev`, `ncv` and `mpd` as in
    /// [`set_dimensions`](Self::set_dimensions) (`None` lets SLEPc choose); the solver
    /// type must be `krylovschur`.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut eps = slepc::Eps::new(&petsc.self_comm())?;
    /// eps.set_type(slepc::EpsType::KrylovSchur)?;
    /// eps.set_krylov_schur_dimensions(10, Some(30), Some(30))?;
    /// assert_eq!(eps.krylov_schur_dimensions()?, (10, 30, 30));
    /// assert!(eps.set_krylov_schur_dimensions(0, None, None).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "EPSKrylovSchurSetDimensions")]
    pub fn set_krylov_schur_dimensions(
        &mut self,
        nev: Int,
        ncv: Option<Int>,
        mpd: Option<Int>,
    ) -> Result<()> {
        const CTX: &str = "Eps::set_krylov_schur_dimensions";
        self.require_type(CTX, "krylovschur")?;
        if nev < 1 {
            return Err(Error::invalid(
                CTX,
                format!("nev is {nev}; it must be at least 1"),
            ));
        }
        // PETSC_DECIDE lets SLEPc choose on every version (as in `set_dimensions`).
        let d = sys::PETSC_DECIDE as Int;
        // SAFETY: live Krylov-Schur solver; SLEPc validates the values.
        check(unsafe {
            sys::EPSKrylovSchurSetDimensions(self.ptr, nev, ncv.unwrap_or(d), mpd.unwrap_or(d))
        })
    }

    /// `(nev, ncv, mpd)` of each subinterval of spectrum slicing
    /// (`EPSKrylovSchurGetDimensions`); the solver type must be `krylovschur`.
    #[doc(alias = "EPSKrylovSchurGetDimensions")]
    pub fn krylov_schur_dimensions(&self) -> Result<(Int, Int, Int)> {
        self.require_type("Eps::krylov_schur_dimensions", "krylovschur")?;
        let (mut a, mut b, mut c): (Int, Int, Int) = (0, 0, 0);
        // SAFETY: live Krylov-Schur solver; three outputs.
        check(unsafe { sys::EPSKrylovSchurGetDimensions(self.ptr, &mut a, &mut b, &mut c) })?;
        Ok((a, b, c))
    }

    /// Sets the subinterval boundaries of spectrum slicing
    /// (`EPSKrylovSchurSetSubintervals`): `partitions + 1` increasing values from the
    /// interval's start to its end (see
    /// [`set_krylov_schur_partitions`](Self::set_krylov_schur_partitions) and
    /// [`set_interval`](Self::set_interval)); the solver type must be `krylovschur`.
    /// A slice of another length is refused here (SLEPc would read past it).
    #[doc(alias = "EPSKrylovSchurSetSubintervals")]
    pub fn set_krylov_schur_subintervals(&mut self, bounds: &[Real]) -> Result<()> {
        const CTX: &str = "Eps::set_krylov_schur_subintervals";
        self.require_type(CTX, "krylovschur")?;
        let npart = self.krylov_schur_partitions()?;
        let want = usize::try_from(npart).unwrap_or(0) + 1;
        if bounds.len() != want {
            return Err(Error::size_mismatch(
                CTX,
                format!(
                    "{} bounds given but {npart} partitions need {want}",
                    bounds.len()
                ),
            ));
        }
        if bounds.iter().any(|b| !b.is_finite()) || bounds.windows(2).any(|w| w[0] >= w[1]) {
            return Err(Error::invalid(
                CTX,
                format!("the bounds {bounds:?} must be finite and increasing"),
            ));
        }
        let mut copy = bounds.to_vec();
        // SAFETY: live Krylov-Schur solver; `copy` has `npart + 1` entries, which SLEPc
        // copies.
        check(unsafe { sys::EPSKrylovSchurSetSubintervals(self.ptr, copy.as_mut_ptr()) })
    }

    /// The subinterval boundaries of spectrum slicing (`EPSKrylovSchurGetSubintervals`):
    /// `partitions + 1` values; the solver type must be `krylovschur`, and the solver
    /// set up for spectrum slicing ([`EpsWhich::All`](crate::EpsWhich::All) and an interval).
    /// With one partition: the interval of [`interval`](Self::interval).
    #[doc(alias = "EPSKrylovSchurGetSubintervals")]
    pub fn krylov_schur_subintervals(&self) -> Result<Vec<Real>> {
        const CTX: &str = "Eps::krylov_schur_subintervals";
        self.require_type(CTX, "krylovschur")?;
        self.require_slicing(CTX)?;
        let npart = self.krylov_schur_partitions()?;
        if npart == 1 {
            // One partition: the interval itself. SLEPc keeps no subintervals then unless
            // given (it would copy from a null array).
            let (a, b) = self.interval()?;
            return Ok(vec![a, b]);
        }
        let mut p: *mut Real = std::ptr::null_mut();
        // SAFETY: live Krylov-Schur solver set up for slicing; SLEPc allocates the
        // `npart + 1` values, freed below.
        check(unsafe { sys::EPSKrylovSchurGetSubintervals(self.ptr, &mut p) })?;
        let n = usize::try_from(npart).unwrap_or(0) + 1;
        // SAFETY: `p` holds `n` reals (SLEPc's allocation).
        let out = unsafe { std::slice::from_raw_parts(p, n) }.to_vec();
        // SAFETY: SLEPc's allocation, handed to the caller to free.
        check(unsafe { sys::petscrs_PetscFree(p.cast()) })?;
        Ok(out)
    }

    /// The inertias of spectrum slicing (`EPSKrylovSchurGetInertias`): the shifts used
    /// (the interval's ends among them) with, for each, the number of eigenvalues below
    /// it. The solver type must be `krylovschur`, and the solver set up for spectrum
    /// slicing ([`EpsWhich::All`](crate::EpsWhich::All) and an interval).
    #[doc(alias = "EPSKrylovSchurGetInertias")]
    pub fn krylov_schur_inertias(&self) -> Result<Vec<(Real, Int)>> {
        const CTX: &str = "Eps::krylov_schur_inertias";
        self.require_type(CTX, "krylovschur")?;
        self.require_slicing(CTX)?;
        let mut n: Int = 0;
        let mut shifts: *mut Real = std::ptr::null_mut();
        let mut inertias: *mut Int = std::ptr::null_mut();
        // SAFETY: live Krylov-Schur solver set up for slicing; SLEPc allocates the two
        // arrays of `n` entries, freed below.
        check(unsafe {
            sys::EPSKrylovSchurGetInertias(self.ptr, &mut n, &mut shifts, &mut inertias)
        })?;
        // SAFETY: SLEPc's two arrays of `n` entries (or null), handed to the caller.
        unsafe { crate::family::take_inertias(n, shifts, inertias) }
    }

    /// Refuses slicing queries unless the solver computes all eigenvalues in an interval
    /// (SLEPc checks that it was set up).
    fn require_slicing(&self, ctx: &str) -> Result<()> {
        // Before `set_which_eigenpairs` SLEPc holds 0, no `EpsWhich`: not slicing either.
        if !matches!(self.which_eigenpairs(), Ok(crate::EpsWhich::All)) {
            return Err(Error::invalid(
                ctx,
                "not a spectrum slicing solver: set EpsWhich::All and an interval first",
            ));
        }
        Ok(())
    }

    /// The linear solver of spectrum slicing (`EPSKrylovSchurGetKSP`): the KSP of the
    /// spectral transformation of the inner solver that Krylov-Schur runs on each
    /// subinterval, as a handle holding its own reference and one to this solver. The
    /// solver type must be `krylovschur`, with operators and
    /// [`EpsWhich::All`](crate::EpsWhich::All). Spectrum slicing needs a factorization that
    /// gives inertias: Cholesky by MUMPS (real scalars only; with
    /// `-<prefix>mat_mumps_icntl_13 1` on several ranks, `<prefix>` this KSP's).
    ///
    #[cfg_attr(petsc_have_mumps, doc = "```")]
    #[cfg_attr(not(petsc_have_mumps), doc = "```no_run")]
    /// use petsc::{InsertMode, KspType, Mat, PcType, Scalar};
    /// use slepc::{EpsType, EpsProblemType, StType, EpsWhich};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut a = Mat::new_aij(&c, None, None, Some(10), Some(10), 1, 0)?;
    /// for i in 0..10 {
    ///     a.set_values(&[i], &[i], &[Scalar::from((i + 1) as f64)], InsertMode::Insert)?;
    /// }
    /// a.assemble()?;
    /// let mut eps = slepc::Eps::new(&c)?;
    /// eps.set_operators(&a, None)?;
    /// eps.set_problem_type(EpsProblemType::Hep)?;
    /// eps.set_type(EpsType::KrylovSchur)?;
    /// assert!(eps.krylov_schur_ksp().is_err()); // not spectrum slicing
    /// eps.set_which_eigenpairs(EpsWhich::All)?;
    /// eps.set_interval(2.5, 6.5)?;
    /// eps.st()?.set_type(StType::Sinvert)?;
    /// // Cholesky by MUMPS gives the inertias (PETSc's own Cholesky of AIJ does not).
    /// let mut ksp = eps.krylov_schur_ksp()?;
    /// ksp.set_type(KspType::Preonly)?;
    /// let mut pc = ksp.pc()?;
    /// pc.set_type(PcType::Cholesky)?;
    /// pc.set_factor_solver_type("mumps")?;
    /// eps.solve()?;
    /// assert_eq!(eps.converged_count()?, 4); // 3, 4, 5, 6
    /// let shifts: Vec<_> = eps.krylov_schur_inertias()?.into_iter().map(|(_, i)| i).collect();
    /// assert_eq!((shifts[0], shifts[shifts.len() - 1]), (2, 6)); // below 2.5 and 6.5
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "EPSKrylovSchurGetKSP")]
    pub fn krylov_schur_ksp(&self) -> Result<Ksp> {
        const CTX: &str = "Eps::krylov_schur_ksp";
        self.require_type(CTX, "krylovschur")?;
        self.require_slicing(CTX)?;
        if self.size()?.is_none() {
            return Err(Error::invalid(CTX, "no operator: call set_operators first"));
        }
        let mut ksp: sys::KSP = std::ptr::null_mut();
        // SAFETY: live Krylov-Schur solver; SLEPc returns its KSP (borrowed), creating it.
        check(unsafe { sys::EPSKrylovSchurGetKSP(self.ptr, &mut ksp) })?;
        // SAFETY: live KSP and solver; the handle takes a reference to each.
        unsafe { Ksp::from_raw_child(self.slepc.petsc(), ksp, self.ptr as sys::PetscObject) }
    }

    /// Refuses the subcommunicator queries of spectrum slicing unless the solver is a
    /// Krylov-Schur slicing solver that has been set up: SLEPc's functions read the inner
    /// solver before checking anything (a crash on a solver never set up, or set up for
    /// another computation). `EPSKrylovSchurGetInertias` asked for the count only checks
    /// the state and the slicing context safely, and allocates nothing.
    fn require_subcomm(&self, ctx: &str) -> Result<()> {
        self.require_type(ctx, "krylovschur")?;
        self.require_slicing(ctx)?;
        let mut n: Int = 0;
        // SAFETY: live Krylov-Schur solver; with null arrays SLEPc checks the state and
        // the slicing context, then writes the count only.
        check(unsafe {
            sys::EPSKrylovSchurGetInertias(
                self.ptr,
                &mut n,
                std::ptr::null_mut(),
                std::ptr::null_mut(),
            )
        })
        .map_err(|e| {
            Error::invalid(
                ctx,
                format!(
                    "the spectrum slicing solver is not set up: call set_up or solve first ({e})"
                ),
            )
        })
    }

    /// Refuses, for `why`, a slicing solver that `require_subcomm` accepted but that has
    /// not been solved since its set-up: set-up resets the converged reason to
    /// "iterating", and only a solve ends it (SLEPc 3.18 reads the subintervals' pairs
    /// unchecked).
    fn require_solved(&self, ctx: &str, why: &str) -> Result<()> {
        if self.converged_reason()? == super::EpsConvergedReason::Iterating {
            return Err(Error::invalid(ctx, format!("{why}: call solve first")));
        }
        Ok(())
    }

    /// `(k, n, v)` of this rank's subcommunicator in spectrum slicing with partitions
    /// (`EPSKrylovSchurGetSubcommInfo`): the index `k` of its subinterval (from 0; always
    /// 0 with one partition), the number `n` of eigenvalues found in it, and a new
    /// vector of the subcommunicator's layout (the matrices of
    /// [`krylov_schur_subcomm_mats`](Self::krylov_schur_subcomm_mats)), to pass to
    /// [`krylov_schur_subcomm_pairs`](Self::krylov_schur_subcomm_pairs). The solver type
    /// must be `krylovschur`, set up ([`set_up`](Self::set_up) or a solve) for spectrum
    /// slicing ([`EpsWhich::All`](crate::EpsWhich::All), an interval, shift-and-invert),
    /// and solved when there is one partition; an `Err` says what is missing. Collective on the subcommunicator. The counts of
    /// all subcommunicators add up to [`converged_count`](Self::converged_count) after
    /// the solve.
    ///
    /// ```
    /// use petsc::{InsertMode, KspType, Mat, PcType, Scalar};
    /// use slepc::{EpsProblemType, EpsType, EpsWhich, StType};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut a = Mat::new_aij(&c, None, None, Some(10), Some(10), 1, 0)?;
    /// for i in 0..10 {
    ///     a.set_values(&[i], &[i], &[Scalar::from((i + 1) as f64)], InsertMode::Insert)?;
    /// }
    /// a.assemble()?;
    /// let mut eps = slepc::Eps::new(&c)?;
    /// eps.set_operators(&a, None)?;
    /// eps.set_problem_type(EpsProblemType::Hep)?;
    /// eps.set_type(EpsType::KrylovSchur)?;
    /// eps.set_which_eigenpairs(EpsWhich::All)?;
    /// eps.set_interval(2.5, 6.5)?;
    /// eps.st()?.set_type(StType::Sinvert)?;
    /// let mut ksp = eps.krylov_schur_ksp()?;
    /// ksp.set_type(KspType::Preonly)?;
    /// ksp.pc()?.set_type(PcType::Cholesky)?; // PETSc's own: inertias of a sequential matrix
    /// assert!(eps.krylov_schur_subcomm_info().is_err()); // not set up yet
    /// eps.set_up()?;
    /// assert!(eps.krylov_schur_subcomm_info().is_err()); // one partition: not solved yet
    /// eps.solve()?;
    /// let (k, n, mut v) = eps.krylov_schur_subcomm_info()?;
    /// assert_eq!((k, n, v.size()?), (0, 4, 10)); // one partition: 3, 4, 5, 6
    /// let lambda = eps.krylov_schur_subcomm_pairs(0, &mut v)?;
    /// let lambda = petsc::Complex::<petsc::Real>::from(lambda);
    /// assert!([3.0, 4.0, 5.0, 6.0].iter().any(|l| (l - lambda.re).abs() < 1e-8 && lambda.im == 0.0));
    /// assert!(eps.krylov_schur_subcomm_pairs(4, &mut v).is_err()); // only 4 in this one
    /// let (sa, sb) = eps.krylov_schur_subcomm_mats()?;
    /// assert_eq!((sa.size()?, sb.is_none()), ((10, 10), true));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "EPSKrylovSchurGetSubcommInfo")]
    pub fn krylov_schur_subcomm_info(&self) -> Result<(Int, Int, Vector)> {
        const CTX: &str = "Eps::krylov_schur_subcomm_info";
        self.require_subcomm(CTX)?;
        // With one partition the inner solver's basis exists only once solved (SLEPc
        // would read a null one). Set-up (`require_subcomm` saw it) resets the reason to
        // "iterating", and only a solve ends it.
        if self.krylov_schur_partitions()? == 1 {
            self.require_solved(
                CTX,
                "with one partition the subinterval is known only after the solve",
            )?;
        }
        // SAFETY: live Krylov-Schur solver set up for slicing (checked).
        unsafe { self.subcomm_info_raw() }
    }

    /// `EPSKrylovSchurGetSubcommInfo` on a solver [`require_subcomm`](Self::require_subcomm)
    /// accepted.
    ///
    /// # Safety
    /// `require_subcomm` passed on this solver.
    unsafe fn subcomm_info_raw(&self) -> Result<(Int, Int, Vector)> {
        let (mut k, mut n): (Int, Int) = (0, 0);
        let mut v: sys::Vec = std::ptr::null_mut();
        // SAFETY: live Krylov-Schur solver set up for slicing (caller); SLEPc creates
        // the vector, which the caller owns (SLEPc's manual: destroyed by the user).
        check(unsafe { sys::EPSKrylovSchurGetSubcommInfo(self.ptr, &mut k, &mut n, &mut v) })?;
        let v = crate::bv::adopt_vec(&self.slepc, v)?;
        Ok((k, n, v))
    }

    /// Eigenpair `i` (from 0, below the count `n` of
    /// [`krylov_schur_subcomm_info`](Self::krylov_schur_subcomm_info)) of this rank's
    /// subinterval in spectrum slicing (`EPSKrylovSchurGetSubcommPairs`): writes the
    /// eigenvector into `v`, a vector of the subcommunicator's layout (as the one
    /// `krylov_schur_subcomm_info` returns), and returns the eigenvalue. The solver must
    /// be solved for spectrum slicing (an `Err` otherwise); an index out of range or a vector of another
    /// layout is an `Err` on every rank of the subcommunicator. Collective on the
    /// subcommunicator.
    #[doc(alias = "EPSKrylovSchurGetSubcommPairs")]
    pub fn krylov_schur_subcomm_pairs(&self, i: Int, v: &mut Vector) -> Result<Scalar> {
        const CTX: &str = "Eps::krylov_schur_subcomm_pairs";
        self.require_subcomm(CTX)?;
        self.require_solved(CTX, "the subintervals' eigenpairs exist after the solve")?;
        // SAFETY: `require_subcomm` passed.
        let (_, n, reference) = unsafe { self.subcomm_info_raw() }?;
        let layout = (reference.size()?, reference.local_size()?);
        let local = checks::index(CTX, "subcommunicator eigenpair", i, n)
            .and_then(|()| checks::sizes(CTX, "v", &[&*v], layout, Wanted::Own));
        // Every rank of the subcommunicator (the reference vector's) agrees.
        checks::agree(&reference, CTX, local)?;
        let mut eig = Scalar::default();
        // SAFETY: live solver set up for slicing (SLEPc checks it is solved); index in
        // range and `v` of the subcommunicator's layout, checked on every rank of it.
        check(unsafe { sys::EPSKrylovSchurGetSubcommPairs(self.ptr, i, &mut eig, v.as_raw()) })?;
        Ok(eig)
    }

    /// The operators `(A, B)` as distributed on this rank's subcommunicator in spectrum
    /// slicing (`EPSKrylovSchurGetSubcommMats`), handles holding their own references;
    /// `B` is `None` for a standard problem. With one partition they are the operators
    /// themselves. SLEPc's manual asks not to modify them (see
    /// [`update_krylov_schur_subcomm_mats`](Self::update_krylov_schur_subcomm_mats)).
    /// The solver type must be `krylovschur`, set up for spectrum slicing.
    #[doc(alias = "EPSKrylovSchurGetSubcommMats")]
    pub fn krylov_schur_subcomm_mats(&self) -> Result<(Mat, Option<Mat>)> {
        self.require_subcomm("Eps::krylov_schur_subcomm_mats")?;
        let (mut a, mut b): (sys::Mat, sys::Mat) = (std::ptr::null_mut(), std::ptr::null_mut());
        // SAFETY: live Krylov-Schur solver set up for slicing (so its inner solver has
        // operators); SLEPc returns borrowed matrices.
        check(unsafe { sys::EPSKrylovSchurGetSubcommMats(self.ptr, &mut a, &mut b) })?;
        if a.is_null() {
            return Err(Error::invalid(
                "Eps::krylov_schur_subcomm_mats",
                "SLEPc returned no matrix",
            ));
        }
        // SAFETY: live matrices of the inner solver (`b` may be null); each handle takes
        // a reference.
        unsafe { crate::family::operator_pair(self.slepc.petsc(), a, b) }
    }

    /// Updates the operators on the subcommunicators of spectrum slicing
    /// (`EPSKrylovSchurUpdateSubcommMats`): `A <- s A + a Au` and `B <- t B + b Bu`
    /// (`Au`, `Bu` optional, of the subcommunicator's layout as the matrices of
    /// [`krylov_schur_subcomm_mats`](Self::krylov_schur_subcomm_mats), equal on every
    /// subcommunicator; `structure` their pattern relative to `A`, `B`), and with
    /// `global_update` the operators on the solver's communicator too (otherwise they go
    /// out of sync, and [`compute_error`](Self::compute_error) is wrong until an update
    /// with `global_update`). With one partition the subcommunicator matrices are the
    /// operators: they are changed in place. The next solve uses the new matrices. The
    /// solver type must be `krylovschur`, set up for spectrum slicing; `Bu` needs a
    /// generalized problem, and matrices of another layout are refused (on every rank).
    /// Collective.
    ///
    /// ```
    /// use petsc::{InsertMode, KspType, Mat, MatStructure, PcType, Scalar};
    /// use slepc::{EpsProblemType, EpsType, EpsWhich, StType};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut a = Mat::new_aij(&c, None, None, Some(10), Some(10), 1, 0)?;
    /// for i in 0..10 {
    ///     a.set_values(&[i], &[i], &[Scalar::from((i + 1) as f64)], InsertMode::Insert)?;
    /// }
    /// a.assemble()?;
    /// let mut eps = slepc::Eps::new(&c)?;
    /// eps.set_operators(&a, None)?;
    /// eps.set_problem_type(EpsProblemType::Hep)?;
    /// eps.set_type(EpsType::KrylovSchur)?;
    /// eps.set_which_eigenpairs(EpsWhich::All)?;
    /// eps.set_interval(2.5, 6.5)?;
    /// eps.st()?.set_type(StType::Sinvert)?;
    /// let mut ksp = eps.krylov_schur_ksp()?;
    /// ksp.set_type(KspType::Preonly)?;
    /// ksp.pc()?.set_type(PcType::Cholesky)?;
    /// eps.solve()?;
    /// // A <- 2 A: eigenvalues 2, 4, ..., 20, of which 4 and 6 in the interval.
    /// let (sa, _) = eps.krylov_schur_subcomm_mats()?;
    /// eps.update_krylov_schur_subcomm_mats(2.0, 0.0, None, 1.0, 0.0, None, MatStructure::Same, true)?;
    /// assert_eq!(a.get_values(&[9], &[9])?, vec![Scalar::from(20.0)]); // one partition: in place
    /// eps.solve()?;
    /// assert_eq!(eps.converged_count()?, 2);
    /// assert!(eps.update_krylov_schur_subcomm_mats(1.0, 1.0, None, 1.0, 1.0, Some(&sa), MatStructure::Same, false).is_err()); // no B
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "EPSKrylovSchurUpdateSubcommMats")]
    #[allow(clippy::too_many_arguments)]
    pub fn update_krylov_schur_subcomm_mats(
        &mut self,
        s: impl Into<Scalar>,
        a: impl Into<Scalar>,
        au: Option<&Mat>,
        t: impl Into<Scalar>,
        b: impl Into<Scalar>,
        bu: Option<&Mat>,
        structure: MatStructure,
        global_update: bool,
    ) -> Result<()> {
        const CTX: &str = "Eps::update_krylov_schur_subcomm_mats";
        self.require_subcomm(CTX)?;
        let (sa, sb) = self.krylov_schur_subcomm_mats()?;
        let fits = |name: &str, m: Option<&Mat>, to: Option<&Mat>| -> Result<()> {
            let Some(m) = m else { return Ok(()) };
            let Some(to) = to else {
                return Err(Error::invalid(
                    CTX,
                    format!("{name} given but the problem has no B (a standard problem)"),
                ));
            };
            let (g, l) = (m.size()?, m.local_size()?);
            let (g0, l0) = (to.size()?, to.local_size()?);
            if (g, l) != (g0, l0) {
                return Err(Error::size_mismatch(
                    CTX,
                    format!(
                        "{name} is {} x {} ({} x {} on this rank) but the subcommunicator \
                         matrices are {} x {} ({} x {})",
                        g.0, g.1, l.0, l.1, g0.0, g0.1, l0.0, l0.1
                    ),
                ));
            }
            Ok(())
        };
        let local = fits("Au", au, Some(&sa)).and_then(|()| fits("Bu", bu, sb.as_ref()));
        checks::agree(&*self, CTX, local)?;
        drop((sa, sb));
        let raw = |m: Option<&Mat>| m.map_or(std::ptr::null_mut(), Mat::as_raw);
        // SAFETY: live Krylov-Schur solver set up for slicing; `Au` and `Bu` live (or
        // null) and of the subcommunicator matrices' layout, `Bu` only with a `B`
        // (checked on every rank). Scalars cross by value.
        check(unsafe {
            sys::EPSKrylovSchurUpdateSubcommMats(
                self.ptr,
                s.into(),
                a.into(),
                raw(au),
                t.into(),
                b.into(),
                raw(bu),
                structure.raw(),
                petsc_bool(global_update),
            )
        })
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
        if self.rg()?.get_type()?.is_none() {
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
        let len = usize::try_from(n).unwrap_or(0);
        if len == 0 || ksps.is_null() {
            return Ok(Vec::new());
        }
        // SAFETY: SLEPc's array of `n` live KSPs.
        let raw = unsafe { std::slice::from_raw_parts(ksps, len) }.to_vec();
        raw.into_iter()
            .map(|k| {
                // SAFETY: live KSP and solver; the handle takes a reference to each.
                unsafe { Ksp::from_raw_child(self.slepc.petsc(), k, self.ptr as sys::PetscObject) }
            })
            .collect()
    }
}
