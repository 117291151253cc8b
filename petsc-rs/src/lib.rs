//! Safe, idiomatic Rust bindings to [PETSc](https://petsc.org): vectors, matrices,
//! Krylov solvers and preconditioners, with MPI through rsmpi.
//!
//! Names follow PETSc's (`KSPSetType` is [`Ksp::set_type`]), so the PETSc manual pages and
//! petsc4py's documentation stay the reference. Every program accepts PETSc's options
//! (`-ksp_type gmres -pc_type gamg -log_view`) and runs under `mpiexec`.
//!
//! ```
//! use petsc::{Petsc, Vector, NormType};
//!
//! let petsc = Petsc::init()?;             // MPI and PETSc, with the program's arguments
//! let mut x = Vector::new_mpi(&petsc.world(), None, Some(100))?;
//! x.set(1.0)?;
//! assert_eq!(x.norm(NormType::Two)?, 10.0);
//! # Ok::<(), petsc::Error>(())
//! ```
//!
//! Ownership: every handle owns one reference to a PETSc object and destroys it on drop;
//! each keeps the runtime alive, and PETSc (then MPI) is finalized when the last handle
//! and the [`Petsc`] value are gone. Handles are neither `Send` nor `Sync`.
//!
//! ```compile_fail
//! fn needs_send<T: Send>(_: T) {}
//! let petsc = petsc::Petsc::init().unwrap();
//! needs_send(petsc::Vector::new_seq(&petsc.self_comm(), 1).unwrap());
//! ```

#![warn(missing_docs)]

pub use mpi;
/// The `ndarray` crate the array views use (`Vector::view` as an `ArrayView1`, a DMDA's
/// `ArrayViewMut3`, ...), so a program names those types without depending on it.
pub use ndarray;
pub use petsc_sys as sys;

#[cfg(feature = "ad")]
pub mod ad;
mod addr_map;
mod ao;
mod binary;
mod borrow;
mod callback;
mod comm;
// Plumbing for crates that bind libraries built on PETSc (slepc-rs): not part of the
// documented API.
#[doc(hidden)]
pub mod declare;
mod device;
mod dm;
mod entry;
mod error;
pub mod fe;
pub mod guarantees;
mod handlers;
mod init;
mod is;
mod jacobian;
mod ksp;
mod lgmap;
mod loan;
mod log;
mod mat;
mod nullspace;
mod object;
mod options;
mod partitioning;
mod pc;
pub mod prelude;
mod print;
mod random;
mod reason;
#[cfg(petsc_3_24)]
mod regressor;
mod rust_type;
mod scalar;
mod scatter;
mod section;
mod sf;
mod snes;
mod system;
mod tao;
#[cfg(petsc_3_25)]
mod tao_term;
mod ts;
mod vec;
mod verdict;
mod viewer;

pub use ao::{Ao, AoType};
pub use comm::Comm;
pub use device::{Device, DeviceContext, DeviceType, JoinMode, StreamType};
#[cfg(petsc_3_24)]
pub use dm::CellDm;
pub use dm::{
    AffineGeometry, BoxMeshBuilder, CellGeometry, CellKind, CellType, Direction, Interpolation,
    NaturalExchange, Partitioner, PartitionerType, Plex, PlexFilter, PlexTransform,
    PlexTransformType, TpsType,
};
pub use dm::{
    BoundaryType, ColoringType, Corners, Da, DaBuilder, DaGridBuilder, DaInfo, DaView, DaViewMut,
    Dm, DmBase, DmExchange, DmInterpolation, DmLabel, DmVec, ElementType, FieldDecomposition,
    FieldSplit, InterpolationType, InterpolationVec, Periodicity, Stencil, StencilType, Subdomain,
};
pub use dm::{
    Composite, CompositeAccess, DmShell, IntoFieldDecomposition, Stag, StagBuilder, StagCorners,
    StagGridBuilder, StagLocation, StagStencil, StagStencilType, StagView, StagViewMut,
};
pub use dm::{
    Swarm, SwarmCollectType, SwarmData, SwarmField, SwarmFieldMut, SwarmFieldVec, SwarmMigrateType,
    SwarmPicLayout, SwarmType,
};
#[cfg(petsc_3_25)]
pub use tao_term::{TaoTerm, TaoTermType};

pub use entry::{main, main_any};
pub use error::{Context, Error, ErrorCode, ErrorSource, Result, take_destroy_failures};
pub use fe::{
    DiscreteSystem, DiscreteSystemType, DmDiscretization, DualSpace, DualSpaceType, Fe, FeBuilder,
    FeTileSizes, FeType, PointValueFn, QuadPoint, Quadrature, QuadratureData, Space, SpaceType,
    no_term,
};
#[allow(deprecated)]
pub use fe::{Ds, DsType};
pub use handlers::{ErrorHandler, ErrorHandlerGuard};
#[allow(deprecated)]
pub use init::Builder;
pub use init::{MpiWorld, Petsc, PetscBuilder};
#[allow(deprecated)]
pub use ksp::ConvergedReason;
pub use ksp::{
    ConvergenceTest, Ksp, KspConvergedReason, KspImpl, KspNormType, KspTolerances, KspType, PcSide,
};
pub use verdict::ABORT_AFTER;

pub use callback::{CallbackKind, CustomKind};
pub use jacobian::JacobianMats;
pub use log::{EventGuard, EventPerfInfo, Log, LogClass, LogEvent, LogStage, StageGuard};
pub use mat::{
    Csr, DenseColumnVec, DenseColumnVecRead, DenseSubMatrix, DenseView, DenseViewMut,
    FactorOptions, FactorType, Fft, IsLocalMat, LocalSubMatrix, Mat, MatAssemblyType, MatBuilder,
    MatDuplicateOption, MatImpl, MatInfo, MatInfoType, MatOperand, MatOption, MatRow, MatStructure,
    MatType, Nnz, Ordering, ProductType, ShellBuilder, Sizes, SorType, SpectrumView,
    SpectrumViewMut,
};
pub use nullspace::NullSpace;
pub use object::{AnyObject, AsViewer, Object};
pub use print::G;
pub use reason::Reason;
#[cfg(petsc_3_24)]
pub use regressor::{Regressor, RegressorLinearType, RegressorType};
#[cfg(petsc_3_21)]
pub use snes::NewtonAlCorrectionType;
pub use snes::{
    EwParams, LineSearchState, LineSearchTolerances, Snes, SnesConvergedReason, SnesImpl,
    SnesLineSearch, SnesLineSearchType, SnesNormSchedule, SnesTolerances, SnesType,
};
#[cfg(petsc_3_22)]
pub use snes::{SnesTrTolerances, SnesTrUpdateParameters};
pub use system::VersionInfo;
#[cfg(petsc_3_22)]
pub use tao::TaoBncgType;
#[cfg(petsc_3_25)]
pub use tao::TaoObjectiveTerm;
pub use tao::{
    Tao, TaoAlmmType, TaoConvergedReason, TaoHistoryEntry, TaoImpl, TaoLineSearch,
    TaoLineSearchConvergedReason, TaoLineSearchType, TaoState, TaoTolerances, TaoType,
};
pub use ts::{
    EventAction, EventDirection, ExactFinalTime, Ts, TsConvergedReason, TsEquationType, TsImpl,
    TsProblemType, TsTolerances, TsType,
};

pub use is::{IndexSet, Indices, IsType, Stride, int_view};
pub use lgmap::{GlobalToLocalMode, LgMap, LgMapType, MapIndices};
pub use options::{
    ObjectOptions, OptionArrayValue, OptionValue, Options, OptionsBlock, OptionsHandlers,
    PrefixGuard,
};
pub use partitioning::{MatPartitioning, MatPartitioningType};
pub use pc::{
    AsmType, CompositeType, DeflationSpaceType, FactorShiftType, HpddmCoarseCorrectionType,
    KspHpddmType, MgCycleType, MgType, PatchConstructType, Pc, PcFailedReason, PcImpl, PcType,
    SchurFactType, SchurPreType,
};
pub use scatter::{Scatter, ScatterInFlight, ScatterType};
pub use section::Section;
pub use sf::{SfData, SfGraph, SfInFlight, SfNode, SfOp, StarForest};

pub use random::{Random, RandomType};
pub use vec::{
    Expr, Extremum, GhostLocalForm, GhostUpdate, InsertMode, LocalVector, LocalVectorRead,
    NormType, OffloadMask, PlacedArray, ScatterMode, SubVector, VecOperand, VecOption, VecType,
    VecView, VecViewMut, Vector,
};
pub use viewer::{
    FileMode, FormatGuard, GroupGuard, Hdf5Viewer, SubViewer, SynchronizedGuard, TabGuard,
    TimesteppingGuard, Viewer, ViewerFormat, ViewerType,
};

/// The Rust examples of the crate's README (its crates.io page), run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;

/// The Rust examples of the repository's README, run as doc tests when the crate is
/// built inside the repository (build.rs sets the cfg and the path).
#[cfg(all(doctest, petsc_rs_workspace_readme))]
#[doc = include_str!(env!("PETSC_RS_WORKSPACE_README"))]
pub struct WorkspaceReadmeDoctests;

/// The FFI plumbing of this crate, for crates that bind libraries built on PETSc (such
/// as `slepc-rs`): PETSc's error handler and the callback trampolines' error capture are
/// per process, so those crates check their calls with the same functions.
#[doc(hidden)]
pub mod ffi {
    pub use crate::borrow::ArrayBorrow;
    pub use crate::callback::{
        Registration, Slot, attach, attached, call, hand_over, register, registered_count, release,
        release_at, run, try_run,
    };
    pub use crate::error::{
        c_string, catch_callback, check, check_from_options, raise_in_callback, record_destroy,
        run_callback,
    };
    pub use crate::loan::Held;
    pub use crate::object::hooks::{ClassHooks, ClassOf, ObjectHooks};
    pub use crate::object::{Parent, owned, refuse_lent, registered_type};

    /// [`Comm::agree`](crate::Comm::agree) over the communicator of the live PETSc
    /// object `obj`: `local` on every rank if it is `Ok` on every rank, else an `Err` on
    /// every rank (the failed rank's own, or "another rank (rank R) failed: ...").
    ///
    /// # Safety
    /// `obj` must be a live PETSc object; every rank of its communicator must call this
    /// at the same point.
    #[doc(hidden)]
    pub unsafe fn agree_over<T>(
        obj: petsc_sys::PetscObject,
        context: &str,
        local: crate::Result<T>,
    ) -> crate::Result<T> {
        crate::comm::agree_over(obj, context, local)
    }

    /// Puts back a KSP that an error left inside a solve (a KSP solving inside another
    /// library's solver, such as a SLEPc spectral transformation's): closes the
    /// pre-solve brackets left open on its PC and releases the read locks left on its
    /// right-hand side and solution, as [`Ksp::solve`](crate::Ksp::solve) does after
    /// an error.
    ///
    /// # Safety
    /// `ksp` must be a live KSP, none of whose solves is running.
    #[doc(hidden)]
    pub unsafe fn recover_ksp(ksp: petsc_sys::KSP) {
        // SAFETY: live KSP with no solve running (caller).
        unsafe { crate::ksp::recover_ksp(ksp, None) };
        let (mut b, mut x): (petsc_sys::Vec, petsc_sys::Vec) =
            (std::ptr::null_mut(), std::ptr::null_mut());
        // SAFETY: live KSP; PETSc returns the borrowed vectors of its last solve (or
        // null), each live or null.
        unsafe {
            petsc_sys::KSPGetRhs(ksp, &mut b);
            petsc_sys::KSPGetSolution(ksp, &mut x);
            crate::error::release_read_locks(b);
            crate::error::release_read_locks(x);
        }
    }
}

pub use scalar::{Complex, Int, Real, SCALAR_IS_COMPLEX, Scalar};

// The README and the guides of docs/ (those with Rust blocks, SLEPc's in slepc-rs): their
// Rust blocks run as this crate's doc tests.
#[cfg(doctest)]
mod guides {
    #[doc = include_str!("../../README.md")]
    mod readme {}
    #[doc = include_str!("../../docs/api.md")]
    mod api {}
    #[doc = include_str!("../../docs/cluster.md")]
    mod cluster {}
    #[doc = include_str!("../../docs/concepts.md")]
    mod concepts {}
    #[doc = include_str!("../../docs/dmda.md")]
    mod dmda {}
    #[cfg(feature = "ad")]
    #[doc = include_str!("../../docs/derivatives.md")]
    mod derivatives {}
    #[doc = include_str!("../../docs/install.md")]
    mod install {}
    #[doc = include_str!("../../docs/plex.md")]
    mod plex {}
    #[doc = include_str!("../../docs/rust_types.md")]
    mod rust_types {}
    #[doc = include_str!("../../docs/snes.md")]
    mod snes {}
    #[doc = include_str!("../../docs/stag.md")]
    mod stag {}
    #[doc = include_str!("../../docs/tao.md")]
    mod tao {}
    #[doc = include_str!("../../docs/ts.md")]
    mod ts {}
}
