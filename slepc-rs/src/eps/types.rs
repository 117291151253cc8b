//! The options of the solver types: power (shift), Arnoldi (delayed), Lanczos
//! (reorthogonalization), Krylov-Schur (restart, locking, spectrum slicing: partitions,
//! subintervals, inertias, inner dimensions), GD and JD, RQCG, LOBPCG, Lyapunov inverse
//! iteration and CISS. Each is refused, with an error naming the solver's type, unless
//! the solver has the type it belongs to (SLEPc would ignore it).

use crate::declare::declare;
use petsc::{Error, Int, Ksp, Real, Result};
use slepc_sys as sys;

use super::Eps;
use crate::checks::RequireType;
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
    #[doc(alias = "EPSKrylovSchurGetSubintervals")]
    pub fn krylov_schur_subintervals(&self) -> Result<Vec<Real>> {
        const CTX: &str = "Eps::krylov_schur_subintervals";
        self.require_type(CTX, "krylovschur")?;
        self.require_slicing(CTX)?;
        let npart = self.krylov_schur_partitions()?;
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
        if self.which_eigenpairs()? != crate::EpsWhich::All {
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
}
