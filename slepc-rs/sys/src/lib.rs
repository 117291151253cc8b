//! Raw bindings to SLEPc (EPS, ST, BV, DS, RG, SVD, FN, MFN, PEP, NEP, LME), generated at
//! build time by bindgen from the installed headers. Every PETSc and MPI type (`Mat`, `Vec`, `KSP`,
//! `PetscScalar`, `MPI_Comm`, ...) is `petsc-sys`'s own, re-exported here, so values
//! cross both crates without casts.
//!
//! The build script checks that the SLEPc it finds was built on the PETSc that
//! `petsc-sys` found (same version line, same scalar and index types) and fails naming
//! both otherwise.
//!
//! Everything here is `unsafe` to call; the safe API is the `slepc-rs` crate.
//!
//! ```
//! let (mut major, mut minor, mut sub) = (0, 0, 0);
//! // SAFETY: SlepcGetVersionNumber only writes the integers; it needs no initialization.
//! let ierr = unsafe {
//!     slepc_sys::SlepcGetVersionNumber(&mut major, &mut minor, &mut sub, std::ptr::null_mut())
//! };
//! assert_eq!(ierr, 0);
//! assert_eq!(major as u32, slepc_sys::SLEPC_VERSION_MAJOR);
//! assert_eq!(minor as u32, slepc_sys::PETSC_VERSION_MINOR); // same version line
//! ```

#![allow(
    non_upper_case_globals,
    non_camel_case_types,
    non_snake_case,
    missing_docs,
    clippy::all,
    rustdoc::all
)]

pub use petsc_sys;
pub use petsc_sys::*;

mod generated {
    #![allow(
        non_upper_case_globals,
        non_camel_case_types,
        non_snake_case,
        missing_docs,
        missing_debug_implementations,
        // bindgen's bitfield accessors (structs of newer PETSc headers) transmute
    // between same-size integers.
    unnecessary_transmutes,
    clippy::all,
        rustdoc::all
    )]
    include!(concat!(env!("OUT_DIR"), "/bindings.rs"));
}
pub use generated::*;

/// The SLEPc version the bindings were generated from, as `"major.minor.subminor"`.
pub const HEADER_VERSION: &str = env!("SLEPC_HEADER_VERSION");
