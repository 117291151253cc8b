//! Raw bindings to PETSc, generated at build time by bindgen from the installed headers,
//! so `PetscScalar`, `PetscReal` and `PetscInt` match the PETSc that was found (real or
//! complex, 32- or 64-bit indices). MPI types come from rsmpi's `mpi-sys`, so one
//! `MPI_Comm` crosses both libraries.
//!
//! Everything here is `unsafe` to call; the safe API is the `petsc-rs` crate.
//!
//! ```
//! let (mut major, mut minor, mut sub, mut rel) = (0, 0, 0, 0);
//! // SAFETY: PetscGetVersionNumber only writes the four integers; it needs no initialization.
//! let ierr = unsafe { petsc_sys::PetscGetVersionNumber(&mut major, &mut minor, &mut sub, &mut rel) };
//! assert_eq!(ierr, 0);
//! assert_eq!(major as u32, petsc_sys::PETSC_VERSION_MAJOR);
//! ```

#![allow(
    non_upper_case_globals,
    non_camel_case_types,
    non_snake_case,
    missing_docs,
    // bindgen's bitfield accessors (structs of newer PETSc headers) transmute
    // between same-size integers.
    unnecessary_transmutes,
    clippy::all,
    rustdoc::all
)]

pub use mpi_sys;
/// MPI types shared with rsmpi, so one `MPI_Comm` crosses both libraries.
pub use mpi_sys::{MPI_Comm, MPI_Datatype, MPI_Group, MPI_Op, MPI_Request, MPI_Status};

include!(concat!(env!("OUT_DIR"), "/bindings.rs"));

/// `PETSC_TRUE` as a [`PetscBool`] on every version: an enum before PETSc 3.24, C's
/// `bool` since.
#[cfg(not(petsc_3_24))]
pub const PETSC_BOOL_TRUE: PetscBool = PetscBool::PETSC_TRUE;
/// `PETSC_FALSE` as a [`PetscBool`] on every version.
#[cfg(not(petsc_3_24))]
pub const PETSC_BOOL_FALSE: PetscBool = PetscBool::PETSC_FALSE;
/// `PETSC_TRUE` as a [`PetscBool`] on every version: an enum before PETSc 3.24, C's
/// `bool` since.
#[cfg(petsc_3_24)]
pub const PETSC_BOOL_TRUE: PetscBool = true;
/// `PETSC_FALSE` as a [`PetscBool`] on every version.
#[cfg(petsc_3_24)]
pub const PETSC_BOOL_FALSE: PetscBool = false;

/// The argument of a context-destroy callback (`PetscCtxDestroyFn`): the address of the
/// context pointer, typed `void **` before PETSc 3.25 and `PetscCtxRt` (`void *`) since.
#[cfg(not(petsc_3_25))]
pub type CtxRt = *mut *mut ::std::os::raw::c_void;
/// The argument of a context-destroy callback (`PetscCtxDestroyFn`): the address of the
/// context pointer, typed `void **` before PETSc 3.25 and `PetscCtxRt` (`void *`) since.
#[cfg(petsc_3_25)]
pub type CtxRt = *mut ::std::os::raw::c_void;

/// The PETSc version the bindings were generated from, as `"major.minor.subminor"`.
pub const HEADER_VERSION: &str = env!("PETSC_HEADER_VERSION");

// Functions of PETSc's HDF5 viewer (`petscviewerhdf5.h`, which the generated bindings do
// not cover: it includes HDF5's own headers), with the signatures of PETSc 3.18's header
// (unchanged through 3.26). Present when PETSc was built with HDF5.
extern "C" {
    pub fn PetscViewerHDF5Open(
        comm: MPI_Comm,
        name: *const ::std::os::raw::c_char,
        mode: PetscFileMode,
        viewer: *mut PetscViewer,
    ) -> PetscErrorCode;
    pub fn PetscViewerHDF5PushGroup(
        viewer: PetscViewer,
        name: *const ::std::os::raw::c_char,
    ) -> PetscErrorCode;
    pub fn PetscViewerHDF5PopGroup(viewer: PetscViewer) -> PetscErrorCode;
    pub fn PetscViewerHDF5GetGroup(
        viewer: PetscViewer,
        path: *const ::std::os::raw::c_char,
        abspath: *mut *mut ::std::os::raw::c_char,
    ) -> PetscErrorCode;
    pub fn PetscViewerHDF5HasGroup(
        viewer: PetscViewer,
        path: *const ::std::os::raw::c_char,
        has: *mut PetscBool,
    ) -> PetscErrorCode;
    pub fn PetscViewerHDF5HasDataset(
        viewer: PetscViewer,
        path: *const ::std::os::raw::c_char,
        has: *mut PetscBool,
    ) -> PetscErrorCode;
    pub fn PetscViewerHDF5PushTimestepping(viewer: PetscViewer) -> PetscErrorCode;
    pub fn PetscViewerHDF5PopTimestepping(viewer: PetscViewer) -> PetscErrorCode;
    pub fn PetscViewerHDF5IsTimestepping(
        viewer: PetscViewer,
        flag: *mut PetscBool,
    ) -> PetscErrorCode;
    pub fn PetscViewerHDF5IncrementTimestep(viewer: PetscViewer) -> PetscErrorCode;
    pub fn PetscViewerHDF5SetTimestep(viewer: PetscViewer, step: PetscInt) -> PetscErrorCode;
    pub fn PetscViewerHDF5GetTimestep(viewer: PetscViewer, step: *mut PetscInt) -> PetscErrorCode;
    pub fn PetscViewerHDF5HasAttribute(
        viewer: PetscViewer,
        parent: *const ::std::os::raw::c_char,
        name: *const ::std::os::raw::c_char,
        has: *mut PetscBool,
    ) -> PetscErrorCode;
    pub fn PetscViewerHDF5ReadAttribute(
        viewer: PetscViewer,
        parent: *const ::std::os::raw::c_char,
        name: *const ::std::os::raw::c_char,
        datatype: PetscDataType,
        default_value: *const ::std::os::raw::c_void,
        value: *mut ::std::os::raw::c_void,
    ) -> PetscErrorCode;
    pub fn PetscViewerHDF5WriteAttribute(
        viewer: PetscViewer,
        parent: *const ::std::os::raw::c_char,
        name: *const ::std::os::raw::c_char,
        datatype: PetscDataType,
        value: *const ::std::os::raw::c_void,
    ) -> PetscErrorCode;
}

// `PetscObjectStateGet` and `PetscObjectStateSet`, declared in PETSc's private header
// `petsc/private/petscimpl.h` (left out of the generated bindings, which see it through
// the public headers of some versions only).
extern "C" {
    pub fn PetscObjectStateGet(obj: PetscObject, state: *mut PetscObjectState) -> PetscErrorCode;
    pub fn PetscObjectStateSet(obj: PetscObject, state: PetscObjectState) -> PetscErrorCode;
}
