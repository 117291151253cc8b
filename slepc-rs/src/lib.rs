//! Safe Rust bindings to [SLEPc](https://slepc.upv.es), the eigenvalue library built on
//! PETSc: eigensolvers ([`Eps`]), spectral transformations ([`St`]), singular value
//! solvers ([`Svd`]), polynomial ([`Pep`]) and nonlinear ([`Nep`]) eigensolvers, matrix
//! functions ([`Mfn`]), bases of vectors ([`Bv`]) and regions ([`Rg`]), over `petsc-rs`
//! matrices and vectors.
//!
//! Names follow SLEPc's (`EPSSetWhichEigenpairs` is [`Eps::set_which_eigenpairs`]), so
//! the SLEPc manual and slepc4py's documentation stay the reference, and every program
//! accepts SLEPc's options (`-eps_type lobpcg -eps_nev 4 -st_type sinvert`).
//!
//! ```
//! use petsc::{InsertMode, Mat, Sizes};
//! use slepc::{Eps, EpsProblemType, StType, EpsWhich};
//!
//! let petsc = petsc::Petsc::init()?;
//! let slepc = slepc::Slepc::init(&petsc)?; // optional: Eps::new does it too
//! let world = petsc.world();
//! let n = 30;
//! let mut a = Mat::aij(&world).sizes(Sizes::global(n, n)).preallocate(3, 2).build()?;
//! for i in a.ownership_range()? {
//!     for (j, v) in [(i - 1, -1.0), (i, 2.0), (i + 1, -1.0)] {
//!         if (0..n).contains(&j) {
//!             a.set_values(&[i], &[j], &[v], InsertMode::Insert)?;
//!         }
//!     }
//! }
//! a.assemble()?;
//! // The smallest eigenvalue by shift-and-invert around 0.
//! let mut eps = Eps::new(&world)?;
//! eps.set_operators(&a, None)?;
//! eps.set_problem_type(EpsProblemType::Hep)?;
//! eps.set_target(0.0)?;
//! eps.set_which_eigenpairs(EpsWhich::TargetMagnitude)?;
//! eps.st()?.set_type(StType::Sinvert)?;
//! eps.solve()?.check()?;
//! let petsc::Complex { re, .. } = eps.value(0)?;
//! let exact = 2.0 - 2.0 * (std::f64::consts::PI / 31.0).cos();
//! assert!((re - exact).abs() < 1e-10);
//! # drop(slepc);
//! # Ok::<(), petsc::Error>(())
//! ```
//!
//! Ownership: every handle owns one reference to a SLEPc object and destroys it on drop;
//! each keeps the [`Slepc`] runtime (and through it PETSc's) alive, so `SlepcFinalize`
//! runs after the last SLEPc object is gone and before `PetscFinalize`.

#![warn(missing_docs)]

pub use petsc;
/// The `ndarray` crate of the array views (petsc-rs's), so a program names their types
/// without depending on it.
pub use petsc::ndarray;
pub use slepc_sys as sys;

/// The Rust examples of the crate's README (its crates.io page), run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;

mod absent;
mod bv;
pub mod callback_kind;
mod checks;
mod declare;
mod ds;
mod eps;
mod error;
mod family;
mod fn_;
mod handle;
mod init;
mod lme;
mod mfn;
mod nep;
mod pep;
mod rg;
mod st;
mod stoppable;
mod svd;

pub use bv::{
    Bv, BvArray, BvColumn, BvMat, BvMatMultType, BvOrthogBlockType, BvOrthogRefineType,
    BvOrthogType, BvOrthogonalization, BvType,
};
pub use ds::{
    DenseSolver, DenseSolverType, DsArray, DsArrayMut, DsDimensions, DsMat, DsMatType,
    DsParallelType, DsStateType,
};
#[cfg(slepc_3_22)]
pub use eps::EpsKrylovSchurBseType;
#[cfg(slepc_3_26)]
pub use eps::EpsKrylovSchurLrepType;
pub use eps::{
    Eps, EpsBalance, EpsCissExtraction, EpsCissQuadRule, EpsCissSizes, EpsConv, EpsConvergedReason,
    EpsErrorType, EpsExtraction, EpsLanczosReorthog, EpsMonitorState, EpsPowerShiftType,
    EpsProblemType, EpsStopState, EpsSubcommMatsUpdate, EpsType, EpsWhich,
};
pub use error::take_destroy_failures;
pub use family::{Dimensions, EigenMonitorState, StopState, Tolerances};
pub use fn_::{FnCombineType, FnParallel, FnType, MathFn};
pub use init::{Slepc, has_external_package, is_finalized, version, version_info};
pub use lme::{Lme, LmeCoefficients, LmeConvergedReason, LmeMatrices, LmeProblemType, LmeType};
pub use mfn::{Mfn, MfnConvergedReason, MfnType};
pub use nep::{
    Nep, NepConv, NepConvergedReason, NepErrorType, NepMonitorState, NepProblemType, NepRefine,
    NepRefineScheme, NepRefinement, NepStop, NepStopState, NepType, NepWhich,
};
#[cfg(slepc_complex)]
pub use nep::{NepCissExtraction, NepCissSizes};
pub use pep::{
    Pep, PepBasis, PepCissExtraction, PepConv, PepConvergedReason, PepErrorType, PepExtract,
    PepJdProjection, PepMonitorState, PepProblemType, PepRefine, PepRefineScheme, PepRefinement,
    PepScale, PepScaling, PepStop, PepStopState, PepType, PepWhich,
};
pub use rg::{Rg, RgInterval, RgPosition, RgQuadRule, RgQuadrature, RgRing, RgType};
pub use st::{St, StMatMode, StType};
pub use svd::{
    Svd, SvdConv, SvdConvergedReason, SvdErrorType, SvdMonitorState, SvdProblemType, SvdStop,
    SvdTrLanczosGBidiag, SvdType, SvdWhich,
};

// The names before the enums took their family's prefix (`NepWhich`, `PepWhich`,
// `SvdWhich`, ...); they still compile, with a deprecation warning.

declare::declare! { @renamed
    Which = EpsWhich "renamed EpsWhich",
    ProblemType = EpsProblemType "renamed EpsProblemType",
    ErrorType = EpsErrorType "renamed EpsErrorType",
    CissExtraction = EpsCissExtraction "renamed EpsCissExtraction",
    CissQuadRule = EpsCissQuadRule "renamed EpsCissQuadRule",
    CissSizes = EpsCissSizes "renamed EpsCissSizes",
    LanczosReorthog = EpsLanczosReorthog "renamed EpsLanczosReorthog",
    PowerShiftType = EpsPowerShiftType "renamed EpsPowerShiftType",
    TrLanczosGBidiag = SvdTrLanczosGBidiag "renamed SvdTrLanczosGBidiag",
}

/// The former name of [`DenseSolver`].
#[deprecated(
    since = "0.2.0",
    note = "use `DenseSolver` (renamed so that `use petsc::*; use slepc::*;` collides on nothing)"
)]
pub type Ds = DenseSolver;

/// The former name of [`DenseSolverType`].
#[deprecated(
    since = "0.2.0",
    note = "use `DenseSolverType` (renamed so that `use petsc::*; use slepc::*;` collides on nothing)"
)]
pub type DsType = DenseSolverType;

// SLEPc's `FN` is `MathFn`. The former name `Fn` is not kept at the root: there, `use
// slepc::*` would shadow the prelude's closure trait `Fn`.

// The guides whose programs use SLEPc: their Rust blocks run as this crate's doc tests.
#[cfg(doctest)]
mod guides {
    #[doc = include_str!("../../docs/first-crate.md")]
    mod first_crate {}
    #[doc = include_str!("../../docs/slepc.md")]
    mod slepc {}
}

#[cfg(test)]
mod tests {
    /// Every unit test that needs PETSc, in one test: PETSc starts once per process.
    #[test]
    fn with_petsc() {
        let petsc = petsc::Petsc::builder().init().expect("PETSc init");
        crate::error::tests::callback_errors_are_kept();
        crate::eps::tests::diagonal_problem(&petsc);
        crate::nep::tests::linear_split_problem(&petsc);
        assert!(crate::take_destroy_failures().is_empty());
    }
}
