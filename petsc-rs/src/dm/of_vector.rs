//! The grid a vector belongs to: `Vector::dm` and `Vector::set_dm`. They live with the
//! DM, not with `Vector`, because `dm` sits above `vec` in the module order (a grid makes
//! vectors), so `vec` does not name `Da`.

use petsc_sys as sys;

use super::Da;
use crate::error::{Error, Result, check};
use crate::vec::Vector;

impl Vector {
    /// The DMDA this vector was made by, if any (`VecGetDM`); a vector of another kind
    /// of grid is an `Err`.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let da = petsc::Da::grid(&petsc.world()).sizes([8]).build()?;
    /// let x = da.create_global_vector()?;
    /// assert!(x.dm()?.is_some());
    /// assert!(petsc::Vector::new_seq(&petsc.self_comm(), 2)?.dm()?.is_none());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "VecGetDM")]
    pub fn dm(&self) -> Result<Option<Da>> {
        let mut dm: sys::DM = std::ptr::null_mut();
        // SAFETY: live vector; PETSc returns its DM (borrowed) or null.
        check(unsafe { sys::VecGetDM(self.ptr, &mut dm) })?;
        if dm.is_null() {
            return Ok(None);
        }
        let mut ty: *const std::os::raw::c_char = std::ptr::null();
        // SAFETY: live DM; PETSc returns its own type name or null.
        check(unsafe { sys::PetscObjectGetType(dm as sys::PetscObject, &mut ty) })?;
        // SAFETY: PETSc's own string or null.
        let ty = unsafe { crate::object::owned(ty) };
        if ty != "da" {
            return Err(Error::invalid(
                "Vector::dm",
                format!("the vector's DM has type '{ty}'; only DMDAs have a handle here"),
            ));
        }
        // SAFETY: a live DMDA lent by PETSc; the handle takes its own reference.
        unsafe { Da::from_raw_borrowed(&self.petsc, dm) }.map(Some)
    }

    /// Makes `da` the grid of this vector (`VecSetDM`), for viewers and solvers that
    /// ask a vector for its grid. The vector's local size must be the DMDA's local
    /// number of unknowns (owned points times degrees of freedom), on every rank.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let world = petsc.world();
    /// let da = petsc::Da::grid(&world).sizes([8]).build()?;
    /// let n = da.create_global_vector()?.local_size()?;
    /// let mut x = petsc::Vector::new_mpi(&world, Some(n), None)?;
    /// x.set_dm(&da)?;
    /// assert!(x.dm()?.is_some());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "VecSetDM")]
    pub fn set_dm(&mut self, da: &Da) -> Result<()> {
        const CTX: &str = "Vector::set_dm";
        let g = da.create_global_vector()?;
        self.check_layout_of(CTX, "the DMDA's global vector", &g)?;
        // SAFETY: live vector and DM; PETSc takes a reference to the DM.
        check(unsafe { sys::VecSetDM(self.ptr, da.as_raw()) })
    }
}
