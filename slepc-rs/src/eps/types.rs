//! The options of the solver types: power (shift), Arnoldi (delayed), Lanczos
//! (reorthogonalization), Krylov-Schur (restart, locking, spectrum slicing: partitions,
//! subintervals, inertias, inner dimensions), GD and JD, RQCG, LOBPCG, Lyapunov inverse
//! iteration and CISS. Each is refused, with an error naming the solver's type, unless
//! the solver has the type it belongs to (SLEPc would ignore it).

use petsc::{Error, Int, Ksp, Object, Real, Result};
use slepc_sys as sys;

use super::Eps;
use crate::error::check;
use crate::handle::{petsc_bool, raw_enum};

raw_enum!(
/// The shift of the power iteration (`EPSPowerShiftType`).
///
/// ```
/// assert_ne!(slepc::PowerShiftType::Constant, slepc::PowerShiftType::Rayleigh);
/// ```
PowerShiftType: EPSPowerShiftType {
    /// `EPS_POWER_SHIFT_CONSTANT`: a fixed shift (the default).
    Constant = EPS_POWER_SHIFT_CONSTANT,
    /// `EPS_POWER_SHIFT_RAYLEIGH`: the Rayleigh quotient (RQI, with shift-and-invert).
    Rayleigh = EPS_POWER_SHIFT_RAYLEIGH,
    /// `EPS_POWER_SHIFT_WILKINSON`: the Wilkinson shift.
    Wilkinson = EPS_POWER_SHIFT_WILKINSON,
});

raw_enum!(
/// The reorthogonalization of the Lanczos solver (`EPSLanczosReorthogType`).
///
/// ```
/// assert_ne!(slepc::LanczosReorthog::Full, slepc::LanczosReorthog::Local);
/// ```
LanczosReorthog: EPSLanczosReorthogType {
    /// `EPS_LANCZOS_REORTHOG_LOCAL`: against the two previous vectors only (the default).
    Local = EPS_LANCZOS_REORTHOG_LOCAL,
    /// `EPS_LANCZOS_REORTHOG_FULL`: against all vectors.
    Full = EPS_LANCZOS_REORTHOG_FULL,
    /// `EPS_LANCZOS_REORTHOG_SELECTIVE`: selective.
    Selective = EPS_LANCZOS_REORTHOG_SELECTIVE,
    /// `EPS_LANCZOS_REORTHOG_PERIODIC`: periodic.
    Periodic = EPS_LANCZOS_REORTHOG_PERIODIC,
    /// `EPS_LANCZOS_REORTHOG_PARTIAL`: partial.
    Partial = EPS_LANCZOS_REORTHOG_PARTIAL,
    /// `EPS_LANCZOS_REORTHOG_DELAYED`: delayed.
    Delayed = EPS_LANCZOS_REORTHOG_DELAYED,
});

raw_enum!(
/// The quadrature rule of the CISS solver (`EPSCISSQuadRule`).
///
/// ```
/// assert_ne!(slepc::CissQuadRule::Trapezoidal, slepc::CissQuadRule::Chebyshev);
/// ```
CissQuadRule: EPSCISSQuadRule {
    /// `EPS_CISS_QUADRULE_TRAPEZOIDAL`: the trapezoidal rule (the default).
    Trapezoidal = EPS_CISS_QUADRULE_TRAPEZOIDAL,
    /// `EPS_CISS_QUADRULE_CHEBYSHEV`: Chebyshev points (real intervals).
    Chebyshev = EPS_CISS_QUADRULE_CHEBYSHEV,
});

raw_enum!(
/// The extraction of the CISS solver (`EPSCISSExtraction`).
///
/// ```
/// assert_ne!(slepc::CissExtraction::Ritz, slepc::CissExtraction::Hankel);
/// ```
CissExtraction: EPSCISSExtraction {
    /// `EPS_CISS_EXTRACTION_RITZ`: Rayleigh-Ritz (the default).
    Ritz = EPS_CISS_EXTRACTION_RITZ,
    /// `EPS_CISS_EXTRACTION_HANKEL`: block Hankel matrices.
    Hankel = EPS_CISS_EXTRACTION_HANKEL,
});

/// A value of a type-specific option as it crosses to C, checked first (a real must be
/// finite: SLEPc's range checks let a NaN through).
trait OptValue: Sized {
    type Raw;
    const ZERO: Self::Raw;
    fn check(&self, ctx: &str) -> Result<()>;
    fn to_raw(self) -> Self::Raw;
    fn back(raw: Self::Raw) -> Result<Self>;
}

impl OptValue for bool {
    type Raw = sys::PetscBool;
    const ZERO: sys::PetscBool = sys::PETSC_BOOL_FALSE;
    fn check(&self, _: &str) -> Result<()> {
        Ok(())
    }
    fn to_raw(self) -> sys::PetscBool {
        petsc_bool(self)
    }
    fn back(raw: sys::PetscBool) -> Result<bool> {
        Ok(raw == sys::PETSC_BOOL_TRUE)
    }
}

impl OptValue for Int {
    type Raw = Int;
    const ZERO: Int = 0;
    fn check(&self, _: &str) -> Result<()> {
        Ok(())
    }
    fn to_raw(self) -> Int {
        self
    }
    fn back(raw: Int) -> Result<Int> {
        Ok(raw)
    }
}

impl OptValue for Real {
    type Raw = Real;
    const ZERO: Real = 0.0;
    fn check(&self, ctx: &str) -> Result<()> {
        if self.is_finite() {
            Ok(())
        } else {
            Err(Error::invalid(
                ctx,
                format!("the value is {self}; it must be finite"),
            ))
        }
    }
    fn to_raw(self) -> Real {
        self
    }
    fn back(raw: Real) -> Result<Real> {
        Ok(raw)
    }
}

/// `OptValue` for the option enums.
macro_rules! enum_value {
    ($($name:ident: $raw:ident),* $(,)?) => {$(
        impl OptValue for $name {
            type Raw = sys::$raw;
            const ZERO: sys::$raw = sys::$raw(0);
            fn check(&self, _: &str) -> Result<()> {
                Ok(())
            }
            fn to_raw(self) -> sys::$raw {
                self.raw()
            }
            fn back(raw: sys::$raw) -> Result<$name> {
                $name::from_raw(raw)
            }
        }
    )*};
}

enum_value!(
    PowerShiftType: EPSPowerShiftType,
    LanczosReorthog: EPSLanczosReorthogType,
    CissQuadRule: EPSCISSQuadRule,
    CissExtraction: EPSCISSExtraction,
);

/// The setter of an option of one solver type: `set_x(value)`, refused with a clear error
/// unless the solver has the type the option belongs to. The doc example sets `$ex` and
/// reads it back with the getter `$get`.
macro_rules! type_option_set {
    ($ty:literal, $set:ident: $t:ty = $ex:literal, $set_c:ident as $set_s:literal,
     get = $get:ident, $what:literal) => {
        impl Eps {
            #[doc = concat!(
                                "Sets ", $what, " (`", $set_s, "`); the solver type must be `", $ty,
                                "` (an `Err` names the type it has).\n\n```\n",
                                "let petsc = petsc::Petsc::init()?;\n",
                                "let mut eps = slepc::Eps::new(&petsc.self_comm())?;\n",
                                "eps.set_type_name(\"", $ty, "\")?;\n",
                                "eps.", stringify!($set), "(", $ex, ")?;\n",
                                "assert_eq!(eps.", stringify!($get), "()?, ", $ex, ");\n",
                                "eps.set_type_name(\"lapack\")?;\n",
                                "assert!(eps.", stringify!($set), "(", $ex, ").is_err());\n",
                                "# Ok::<(), petsc::Error>(())\n```"
                            )]
            #[doc(alias = $set_s)]
            pub fn $set(&mut self, value: $t) -> Result<()> {
                const CTX: &str = concat!("Eps::", stringify!($set));
                self.require_type(CTX, $ty)?;
                value.check(CTX)?;
                // SAFETY: live solver of the type the function belongs to.
                check(unsafe { sys::$set_c(self.ptr, value.to_raw()) })
            }
        }
    };
}

/// The getter of an option of one solver type: `x()`, refused with a clear error unless
/// the solver has the type the option belongs to.
macro_rules! type_option_get {
    ($ty:literal, $get:ident: $t:ty = $get_c:ident as $get_s:literal, $what:literal) => {
        impl Eps {
            #[doc = concat!(
                        "Gets ", $what, " (`", $get_s, "`); the solver type must be `", $ty, "`."
                    )]
            #[doc(alias = $get_s)]
            pub fn $get(&self) -> Result<$t> {
                self.require_type(concat!("Eps::", stringify!($get)), $ty)?;
                let mut raw = <$t as OptValue>::ZERO;
                // SAFETY: live solver of the type the function belongs to; one output.
                check(unsafe { sys::$get_c(self.ptr, &mut raw) })?;
                <$t as OptValue>::back(raw)
            }
        }
    };
}

/// The setter of two values of one solver type set together: `set_x(a, b)`.
macro_rules! type_pair_set {
    ($ty:literal, $set:ident: ($t1:ty, $t2:ty) = ($e1:literal, $e2:literal),
     $set_c:ident as $set_s:literal, get = $get:ident, $what:literal) => {
        impl Eps {
            #[doc = concat!(
                        "Sets ", $what, " (`", $set_s, "`); the solver type must be `", $ty,
                        "` (an `Err` names the type it has).\n\n```\n",
                        "let petsc = petsc::Petsc::init()?;\n",
                        "let mut eps = slepc::Eps::new(&petsc.self_comm())?;\n",
                        "eps.set_type_name(\"", $ty, "\")?;\n",
                        "eps.", stringify!($set), "(", $e1, ", ", $e2, ")?;\n",
                        "assert_eq!(eps.", stringify!($get), "()?, (", $e1, ", ", $e2, "));\n",
                        "eps.set_type_name(\"lapack\")?;\n",
                        "assert!(eps.", stringify!($get), "().is_err());\n",
                        "# Ok::<(), petsc::Error>(())\n```"
                    )]
            #[doc(alias = $set_s)]
            pub fn $set(&mut self, a: $t1, b: $t2) -> Result<()> {
                const CTX: &str = concat!("Eps::", stringify!($set));
                self.require_type(CTX, $ty)?;
                a.check(CTX)?;
                b.check(CTX)?;
                // SAFETY: live solver of the type the function belongs to.
                check(unsafe { sys::$set_c(self.ptr, a.to_raw(), b.to_raw()) })
            }
        }
    };
}

/// The getter of two values of one solver type: `x() -> (a, b)`.
macro_rules! type_pair_get {
    ($ty:literal, $get:ident: ($t1:ty, $t2:ty) = $get_c:ident as $get_s:literal,
     $what:literal) => {
        impl Eps {
            #[doc = concat!(
                        "Gets ", $what, " (`", $get_s, "`); the solver type must be `", $ty, "`."
                    )]
            #[doc(alias = $get_s)]
            pub fn $get(&self) -> Result<($t1, $t2)> {
                self.require_type(concat!("Eps::", stringify!($get)), $ty)?;
                let (mut a, mut b) = (<$t1 as OptValue>::ZERO, <$t2 as OptValue>::ZERO);
                // SAFETY: live solver of the type the function belongs to; two outputs.
                check(unsafe { sys::$get_c(self.ptr, &mut a, &mut b) })?;
                Ok((<$t1 as OptValue>::back(a)?, <$t2 as OptValue>::back(b)?))
            }
        }
    };
}

type_option_set!("power", set_power_shift_type: PowerShiftType = "slepc::PowerShiftType::Rayleigh",
    EPSPowerSetShiftType as "EPSPowerSetShiftType", get = power_shift_type,
    "the shift of the power iteration");
type_option_get!("power", power_shift_type: PowerShiftType = EPSPowerGetShiftType as "EPSPowerGetShiftType",
    "the shift of the power iteration");
type_option_set!("arnoldi", set_arnoldi_delayed: bool = "true",
    EPSArnoldiSetDelayed as "EPSArnoldiSetDelayed", get = arnoldi_delayed,
    "whether Arnoldi uses delayed reorthogonalization");
type_option_get!("arnoldi", arnoldi_delayed: bool = EPSArnoldiGetDelayed as "EPSArnoldiGetDelayed",
    "whether Arnoldi uses delayed reorthogonalization");
type_option_set!("lanczos", set_lanczos_reorthog_type: LanczosReorthog = "slepc::LanczosReorthog::Full",
    EPSLanczosSetReorthog as "EPSLanczosSetReorthog", get = lanczos_reorthog_type,
    "the reorthogonalization of Lanczos");
type_option_get!("lanczos", lanczos_reorthog_type: LanczosReorthog = EPSLanczosGetReorthog as "EPSLanczosGetReorthog",
    "the reorthogonalization of Lanczos");

type_option_set!("krylovschur", set_krylov_schur_restart: Real = "0.6",
    EPSKrylovSchurSetRestart as "EPSKrylovSchurSetRestart", get = krylov_schur_restart,
    "the fraction of the basis Krylov-Schur keeps at a restart, in `[0.1, 0.9]`");
type_option_get!("krylovschur", krylov_schur_restart: Real = EPSKrylovSchurGetRestart as "EPSKrylovSchurGetRestart",
    "the fraction of the basis Krylov-Schur keeps at a restart, in `[0.1, 0.9]`");
type_option_set!("krylovschur", set_krylov_schur_locking: bool = "false",
    EPSKrylovSchurSetLocking as "EPSKrylovSchurSetLocking", get = krylov_schur_locking,
    "whether Krylov-Schur locks converged vectors (else keeps them in the restart)");
type_option_get!("krylovschur", krylov_schur_locking: bool = EPSKrylovSchurGetLocking as "EPSKrylovSchurGetLocking",
    "whether Krylov-Schur locks converged vectors (else keeps them in the restart)");
type_option_set!("krylovschur", set_krylov_schur_partitions: Int = "1",
    EPSKrylovSchurSetPartitions as "EPSKrylovSchurSetPartitions", get = krylov_schur_partitions,
    "the number of process groups spectrum slicing splits the interval among (it must \
     divide the number of ranks)");
type_option_get!("krylovschur", krylov_schur_partitions: Int = EPSKrylovSchurGetPartitions as "EPSKrylovSchurGetPartitions",
    "the number of process groups spectrum slicing splits the interval among (it must \
     divide the number of ranks)");
type_option_set!("krylovschur", set_krylov_schur_detect_zeros: bool = "true",
    EPSKrylovSchurSetDetectZeros as "EPSKrylovSchurSetDetectZeros", get = krylov_schur_detect_zeros,
    "whether spectrum slicing checks for zeros in the factorization (singular shifts, \
     needs MUMPS)");
type_option_get!("krylovschur", krylov_schur_detect_zeros: bool = EPSKrylovSchurGetDetectZeros as "EPSKrylovSchurGetDetectZeros",
    "whether spectrum slicing checks for zeros in the factorization (singular shifts, \
     needs MUMPS)");

type_option_set!("gd", set_gd_krylov_start: bool = "true",
    EPSGDSetKrylovStart as "EPSGDSetKrylovStart", get = gd_krylov_start,
    "whether GD starts with a Krylov subspace");
type_option_get!("gd", gd_krylov_start: bool = EPSGDGetKrylovStart as "EPSGDGetKrylovStart",
    "whether GD starts with a Krylov subspace");
type_option_set!("gd", set_gd_block_size: Int = "2",
    EPSGDSetBlockSize as "EPSGDSetBlockSize", get = gd_block_size,
    "the number of vectors GD adds to the subspace at each iteration");
type_option_get!("gd", gd_block_size: Int = EPSGDGetBlockSize as "EPSGDGetBlockSize",
    "the number of vectors GD adds to the subspace at each iteration");
type_pair_set!("gd", set_gd_restart: (Int, Int) = ("4", "1"),
    EPSGDSetRestart as "EPSGDSetRestart", get = gd_restart,
    "the restart of GD: the vectors kept (`minv`) and those kept from the previous \
     iteration (`plusk`)");
type_pair_get!("gd", gd_restart: (Int, Int) = EPSGDGetRestart as "EPSGDGetRestart",
    "the restart of GD: the vectors kept (`minv`) and those kept from the previous \
     iteration (`plusk`)");
type_option_set!("gd", set_gd_initial_size: Int = "3",
    EPSGDSetInitialSize as "EPSGDSetInitialSize", get = gd_initial_size,
    "the size of the initial subspace of GD");
type_option_get!("gd", gd_initial_size: Int = EPSGDGetInitialSize as "EPSGDGetInitialSize",
    "the size of the initial subspace of GD");
type_option_set!("gd", set_gd_borth: bool = "true",
    EPSGDSetBOrth as "EPSGDSetBOrth", get = gd_borth,
    "whether GD orthogonalizes the search subspace in the `B` inner product");
type_option_get!("gd", gd_borth: bool = EPSGDGetBOrth as "EPSGDGetBOrth",
    "whether GD orthogonalizes the search subspace in the `B` inner product");
type_option_set!("gd", set_gd_double_expansion: bool = "true",
    EPSGDSetDoubleExpansion as "EPSGDSetDoubleExpansion", get = gd_double_expansion,
    "whether GD uses the double expansion of the search subspace");
type_option_get!("gd", gd_double_expansion: bool = EPSGDGetDoubleExpansion as "EPSGDGetDoubleExpansion",
    "whether GD uses the double expansion of the search subspace");

type_option_set!("jd", set_jd_krylov_start: bool = "true",
    EPSJDSetKrylovStart as "EPSJDSetKrylovStart", get = jd_krylov_start,
    "whether JD starts with a Krylov subspace");
type_option_get!("jd", jd_krylov_start: bool = EPSJDGetKrylovStart as "EPSJDGetKrylovStart",
    "whether JD starts with a Krylov subspace");
type_option_set!("jd", set_jd_block_size: Int = "2",
    EPSJDSetBlockSize as "EPSJDSetBlockSize", get = jd_block_size,
    "the number of vectors JD adds to the subspace at each iteration");
type_option_get!("jd", jd_block_size: Int = EPSJDGetBlockSize as "EPSJDGetBlockSize",
    "the number of vectors JD adds to the subspace at each iteration");
type_pair_set!("jd", set_jd_restart: (Int, Int) = ("4", "1"),
    EPSJDSetRestart as "EPSJDSetRestart", get = jd_restart,
    "the restart of JD: the vectors kept (`minv`) and those kept from the previous \
     iteration (`plusk`)");
type_pair_get!("jd", jd_restart: (Int, Int) = EPSJDGetRestart as "EPSJDGetRestart",
    "the restart of JD: the vectors kept (`minv`) and those kept from the previous \
     iteration (`plusk`)");
type_option_set!("jd", set_jd_initial_size: Int = "3",
    EPSJDSetInitialSize as "EPSJDSetInitialSize", get = jd_initial_size,
    "the size of the initial subspace of JD");
type_option_get!("jd", jd_initial_size: Int = EPSJDGetInitialSize as "EPSJDGetInitialSize",
    "the size of the initial subspace of JD");
type_option_set!("jd", set_jd_fix: Real = "0.02",
    EPSJDSetFix as "EPSJDSetFix", get = jd_fix,
    "the residual norm below which JD switches from the target to the Ritz value");
type_option_get!("jd", jd_fix: Real = EPSJDGetFix as "EPSJDGetFix",
    "the residual norm below which JD switches from the target to the Ritz value");
type_option_set!("jd", set_jd_const_correction_tol: bool = "false",
    EPSJDSetConstCorrectionTol as "EPSJDSetConstCorrectionTol", get = jd_const_correction_tol,
    "whether JD keeps the tolerance of the correction equation constant (else dynamic)");
type_option_get!("jd", jd_const_correction_tol: bool = EPSJDGetConstCorrectionTol as "EPSJDGetConstCorrectionTol",
    "whether JD keeps the tolerance of the correction equation constant (else dynamic)");
type_option_set!("jd", set_jd_borth: bool = "true",
    EPSJDSetBOrth as "EPSJDSetBOrth", get = jd_borth,
    "whether JD orthogonalizes the search subspace in the `B` inner product");
type_option_get!("jd", jd_borth: bool = EPSJDGetBOrth as "EPSJDGetBOrth",
    "whether JD orthogonalizes the search subspace in the `B` inner product");

type_option_set!("rqcg", set_rqcg_reset: Int = "10",
    EPSRQCGSetReset as "EPSRQCGSetReset", get = rqcg_reset,
    "how many iterations RQCG runs between resets of the Rayleigh quotient");
type_option_get!("rqcg", rqcg_reset: Int = EPSRQCGGetReset as "EPSRQCGGetReset",
    "how many iterations RQCG runs between resets of the Rayleigh quotient");
type_option_set!("lobpcg", set_lobpcg_block_size: Int = "2",
    EPSLOBPCGSetBlockSize as "EPSLOBPCGSetBlockSize", get = lobpcg_block_size,
    "the block size of LOBPCG");
type_option_get!("lobpcg", lobpcg_block_size: Int = EPSLOBPCGGetBlockSize as "EPSLOBPCGGetBlockSize",
    "the block size of LOBPCG");
type_option_set!("lobpcg", set_lobpcg_restart: Real = "0.8",
    EPSLOBPCGSetRestart as "EPSLOBPCGSetRestart", get = lobpcg_restart,
    "the fraction of converged vectors at which LOBPCG restarts, in `[0.1, 1]`");
type_option_get!("lobpcg", lobpcg_restart: Real = EPSLOBPCGGetRestart as "EPSLOBPCGGetRestart",
    "the fraction of converged vectors at which LOBPCG restarts, in `[0.1, 1]`");
type_option_set!("lobpcg", set_lobpcg_locking: bool = "false",
    EPSLOBPCGSetLocking as "EPSLOBPCGSetLocking", get = lobpcg_locking,
    "whether LOBPCG locks converged vectors (soft locking otherwise)");
type_option_get!("lobpcg", lobpcg_locking: bool = EPSLOBPCGGetLocking as "EPSLOBPCGGetLocking",
    "whether LOBPCG locks converged vectors (soft locking otherwise)");
type_pair_set!("lyapii", set_lyapii_ranks: (Int, Int) = ("4", "8"),
    EPSLyapIISetRanks as "EPSLyapIISetRanks", get = lyapii_ranks,
    "the ranks of Lyapunov inverse iteration: of the Lyapunov equation's solution \
     (`rkc`) and of its approximations (`rkl`)");
type_pair_get!("lyapii", lyapii_ranks: (Int, Int) = EPSLyapIIGetRanks as "EPSLyapIIGetRanks",
    "the ranks of Lyapunov inverse iteration: of the Lyapunov equation's solution \
     (`rkc`) and of its approximations (`rkl`)");

type_option_set!("ciss", set_ciss_extraction: CissExtraction = "slepc::CissExtraction::Hankel",
    EPSCISSSetExtraction as "EPSCISSSetExtraction", get = ciss_extraction,
    "the extraction of CISS");
type_option_get!("ciss", ciss_extraction: CissExtraction = EPSCISSGetExtraction as "EPSCISSGetExtraction",
    "the extraction of CISS");
type_option_set!("ciss", set_ciss_quad_rule: CissQuadRule = "slepc::CissQuadRule::Chebyshev",
    EPSCISSSetQuadRule as "EPSCISSSetQuadRule", get = ciss_quad_rule,
    "the quadrature rule of CISS");
type_option_get!("ciss", ciss_quad_rule: CissQuadRule = EPSCISSGetQuadRule as "EPSCISSGetQuadRule",
    "the quadrature rule of CISS");
type_pair_set!("ciss", set_ciss_threshold: (Real, Real) = ("1e-10", "1e-3"),
    EPSCISSSetThreshold as "EPSCISSSetThreshold", get = ciss_threshold,
    "the thresholds of CISS: for the numerical rank (`delta`) and for spurious \
     eigenpairs (`spur`)");
type_pair_get!("ciss", ciss_threshold: (Real, Real) = EPSCISSGetThreshold as "EPSCISSGetThreshold",
    "the thresholds of CISS: for the numerical rank (`delta`) and for spurious \
     eigenpairs (`spur`)");
type_pair_set!("ciss", set_ciss_refinement: (Int, Int) = ("1", "2"),
    EPSCISSSetRefinement as "EPSCISSSetRefinement", get = ciss_refinement,
    "the refinement of CISS: inner iterations and iterations of the block size");
type_pair_get!("ciss", ciss_refinement: (Int, Int) = EPSCISSGetRefinement as "EPSCISSGetRefinement",
    "the refinement of CISS: inner iterations and iterations of the block size");
type_option_set!("ciss", set_ciss_use_st: bool = "true",
    slepcrs_EPSCISSSetUseST as "EPSCISSSetUseST", get = ciss_use_st,
    "whether CISS solves its linear systems with the spectral transformation's KSP \
     (from SLEPc 3.26 the strategy `usest`, or `split` when false)");
type_option_get!("ciss", ciss_use_st: bool = slepcrs_EPSCISSGetUseST as "EPSCISSGetUseST",
    "whether CISS solves its linear systems with the spectral transformation's KSP");

/// The sizes of the CISS solver (see [`Eps::set_ciss_sizes`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CissSizes {
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
    /// Whether `A` and `B` are real (halves the integration points).
    pub real_matrices: bool,
}

impl Eps {
    /// Refuses a type-specific call unless the solver has type `want`.
    pub(super) fn require_type(&self, ctx: &str, want: &str) -> Result<()> {
        let have = self.type_name()?;
        if have == want {
            return Ok(());
        }
        let have = if have.is_empty() {
            "not set yet".to_string()
        } else {
            format!("'{have}'")
        };
        Err(Error::invalid(
            ctx,
            format!("the solver type is {have}, not '{want}': call set_type first"),
        ))
    }

    /// Sets the sizes of CISS (`EPSCISSSetSizes`); the solver type must be `ciss`.
    ///
    /// ```
    /// use slepc::CissSizes;
    /// let petsc = petsc::Petsc::init()?;
    /// let mut eps = slepc::Eps::new(&petsc.self_comm())?;
    /// eps.set_type(slepc::EpsType::Ciss)?;
    /// let sizes = CissSizes {
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
    pub fn set_ciss_sizes(&mut self, sizes: CissSizes) -> Result<()> {
        self.require_type("Eps::set_ciss_sizes", "ciss")?;
        // SAFETY: live CISS solver; SLEPc validates the values.
        check(unsafe {
            sys::EPSCISSSetSizes(
                self.ptr,
                sizes.integration_points,
                sizes.block_size,
                sizes.moments,
                sizes.partitions,
                sizes.max_block_size,
                petsc_bool(sizes.real_matrices),
            )
        })
    }

    /// The sizes of CISS (`EPSCISSGetSizes`); the solver type must be `ciss`.
    #[doc(alias = "EPSCISSGetSizes")]
    pub fn ciss_sizes(&self) -> Result<CissSizes> {
        self.require_type("Eps::ciss_sizes", "ciss")?;
        let (mut ip, mut bs, mut ms, mut npart, mut bsmax): (Int, Int, Int, Int, Int) =
            (0, 0, 0, 0, 0);
        let mut real = sys::PETSC_BOOL_FALSE;
        // SAFETY: live CISS solver; six outputs.
        check(unsafe {
            sys::EPSCISSGetSizes(
                self.ptr, &mut ip, &mut bs, &mut ms, &mut npart, &mut bsmax, &mut real,
            )
        })?;
        Ok(CissSizes {
            integration_points: ip,
            block_size: bs,
            moments: ms,
            partitions: npart,
            max_block_size: bsmax,
            real_matrices: real == sys::PETSC_BOOL_TRUE,
        })
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
    /// set up for spectrum slicing ([`Which::All`](crate::Which::All) and an interval).
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
    /// slicing ([`Which::All`](crate::Which::All) and an interval).
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
        let len = usize::try_from(n).unwrap_or(0);
        let out = if len == 0 || shifts.is_null() || inertias.is_null() {
            Vec::new()
        } else {
            // SAFETY: both arrays hold `n` entries (SLEPc's allocations).
            let s = unsafe { std::slice::from_raw_parts(shifts, len) };
            // SAFETY: as above.
            let i = unsafe { std::slice::from_raw_parts(inertias, len) };
            s.iter().copied().zip(i.iter().copied()).collect()
        };
        // SAFETY: SLEPc's allocations (or null), handed to the caller to free.
        let r1 = check(unsafe { sys::petscrs_PetscFree(shifts.cast()) });
        // SAFETY: as above.
        let r2 = check(unsafe { sys::petscrs_PetscFree(inertias.cast()) });
        r1.and(r2)?;
        Ok(out)
    }

    /// Refuses slicing queries unless the solver computes all eigenvalues in an interval
    /// (SLEPc checks that it was set up).
    fn require_slicing(&self, ctx: &str) -> Result<()> {
        if self.which_eigenpairs()? != crate::Which::All {
            return Err(Error::invalid(
                ctx,
                "not a spectrum slicing solver: set Which::All and an interval first",
            ));
        }
        Ok(())
    }

    /// The linear solver of spectrum slicing (`EPSKrylovSchurGetKSP`): the KSP of the
    /// spectral transformation of the inner solver that Krylov-Schur runs on each
    /// subinterval, as a handle holding its own reference and one to this solver. The
    /// solver type must be `krylovschur`, with operators and
    /// [`Which::All`](crate::Which::All). Spectrum slicing needs a factorization that
    /// gives inertias: Cholesky by MUMPS (real scalars only; with
    /// `-<prefix>mat_mumps_icntl_13 1` on several ranks, `<prefix>` this KSP's).
    ///
    #[cfg_attr(petsc_have_mumps, doc = "```")]
    #[cfg_attr(not(petsc_have_mumps), doc = "```no_run")]
    /// use petsc::{InsertMode, KspType, Mat, PcType, Scalar};
    /// use slepc::{EpsType, ProblemType, StType, Which};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut a = Mat::new_aij(&c, None, None, Some(10), Some(10), 1, 0)?;
    /// for i in 0..10 {
    ///     a.set_values(&[i], &[i], &[Scalar::from((i + 1) as f64)], InsertMode::Insert)?;
    /// }
    /// a.assemble()?;
    /// let mut eps = slepc::Eps::new(&c)?;
    /// eps.set_operators(&a, None)?;
    /// eps.set_problem_type(ProblemType::Hep)?;
    /// eps.set_type(EpsType::KrylovSchur)?;
    /// assert!(eps.krylov_schur_ksp().is_err()); // not spectrum slicing
    /// eps.set_which_eigenpairs(Which::All)?;
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
