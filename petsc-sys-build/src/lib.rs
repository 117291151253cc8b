//! Finds a PETSc (or SLEPc) installation for a build script and reads its configuration.
//!
//! The probe tries, in order:
//!
//! 1. `PETSC_DIR` (with `PETSC_ARCH` when set): the headers under `$PETSC_DIR/include` and
//!    `$PETSC_DIR/$PETSC_ARCH/include`, the libraries under `$PETSC_DIR/$PETSC_ARCH/lib`
//!    (their link line read from `lib/pkgconfig/PETSc.pc` when present). When `PETSC_DIR`
//!    is set and wrong, the probe stops there: the user asked for that build.
//! 2. `pkg-config` for `PETSc`, then `petsc` (honouring `PKG_CONFIG_PATH`).
//! 3. Debian's default `/usr/lib/petsc` (under [`DEBIAN_ROOT_VAR`] when that is set).
//!
//! For each candidate it reads `petscversion.h` and `petscconf.h` (scalar type, precision,
//! index width, `PETSC_HAVE_*`) and finds MPI's headers (PETSc's `petscvariables`, then
//! `mpicc -show`). When nothing is found, [`ProbeError`] lists every place tried and why.
//!
//! Documentation builds on docs.rs (`DOCS_RS` set, see [`docs_rs`]) probe nothing: the
//! -sys crates take [`Pregenerated`] bindings of one reference configuration.
//!
//! ```no_run
//! // build.rs of a -sys crate
//! let petsc = petsc_sys_build::Library::PETSC.probe().unwrap_or_else(|e| panic!("{e}"));
//! petsc.emit_link();
//! petsc.emit_metadata();
//! petsc_sys_build::emit_cfgs("petsc", &petsc.version, petsc.config.as_ref());
//! ```

#![warn(missing_docs)]

mod complex;
mod emit;
#[cfg(test)]
mod fixture;
mod headers;
mod mpi;
mod pair;
mod pregenerated;
mod probe;
mod require;

/// The Rust examples of the crate's README, compiled as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;

pub use complex::replace_bindgen_complex;
pub use emit::{
    cfg_names, cfgs_from_metadata_env, emit_cfgs, emit_check_cfgs, emit_rpath_from_metadata_env,
    reemit_metadata_env, KNOWN_MINORS,
};
pub use headers::{parse_conf_header, parse_version_header, Config, Precision, Scalar, Version};
pub use mpi::{check_same_mpi, mpi_implementation};
pub use pair::{pairing, Pairing, PetscBuild};
pub use pregenerated::{docs_rs, Pregenerated, DOCS_RS_VAR};
pub use probe::{Attempt, Install, Library, ProbeError, DEBIAN_ROOT_VAR};
pub use require::{check_requirements, check_requirements_env};
