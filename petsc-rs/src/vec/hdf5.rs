//! Vectors read from HDF5 files by name (`VecLoad` on an HDF5 viewer); saving one is
//! `x.view_with(&h5)`.

use petsc_sys as sys;

use super::Vector;
use crate::error::{Result, c_string, check};
use crate::object::Object;
use crate::viewer::Hdf5Viewer;

impl Hdf5Viewer {
    /// Reads the vector stored under `name` in the current group (and timestep, while
    /// timestepping) into a new vector on the viewer's communicator, laid out by PETSc
    /// (`VecLoad`). A missing dataset is an `Err` naming it and the current group,
    /// checked before PETSc reads (PETSc 3.18 leaks a group name when its load fails).
    /// The new vector is named `name`.
    #[doc(alias = "VecLoad")]
    pub fn load_vector(&self, name: &str) -> Result<Vector> {
        const CTX: &str = "Hdf5Viewer::load_vector";
        let n = c_string(CTX, name)?;
        self.require_dataset(CTX, name)?;
        let comm = self.comm();
        let mut v: sys::Vec = std::ptr::null_mut();
        // SAFETY: live communicator; PETSc writes the new vector.
        check(unsafe { sys::VecCreate(comm.as_raw(), &mut v) })?;
        let vec = Vector::from_raw(comm.petsc(), v);
        // SAFETY: live vector; PETSc copies the name.
        check(unsafe { sys::PetscObjectSetName(v as sys::PetscObject, n.as_ptr()) })?;
        // SAFETY: live vector and HDF5 viewer.
        check(unsafe { sys::VecLoad(v, self.ptr()) })?;
        Ok(vec)
    }
}
