//! The grid a matrix belongs to: `Mat::dm`. It lives with the DM, not with `Mat`,
//! because `dm` sits above `mat` in the module order (a grid makes matrices), so `mat`
//! does not name `Da`.
//!
//! There is no `Mat::set_dm`: assembly by grid point ([`Mat::set_values_stencil`])
//! relies on a matrix's DMDA, grid information and local numbering agreeing, which
//! [`Da::create_matrix`] guarantees and `MatSetDM` alone would not.

use petsc_sys as sys;

use super::Da;
use crate::error::{Error, Result, check};
use crate::mat::Mat;

impl Mat {
    /// The DMDA this matrix was made by, if any (`MatGetDM`); a matrix of another kind
    /// of grid is an `Err`. The handle takes its own reference.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let da = petsc::Da::builder(&petsc.world(), 1).sizes(8, 1, 1).build()?;
    /// let a = da.create_matrix()?;
    /// assert_eq!(a.dm()?.unwrap().info()?.mx, 8);
    /// assert!(petsc::Mat::new_dense(&petsc.self_comm(), None, None, Some(1), Some(1))?.dm()?.is_none());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatGetDM")]
    pub fn dm(&self) -> Result<Option<Da>> {
        let mut dm: sys::DM = std::ptr::null_mut();
        // SAFETY: live matrix; PETSc returns its DM (borrowed) or null.
        check(unsafe { sys::MatGetDM(self.ptr, &mut dm) })?;
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
                "Mat::dm",
                format!("the matrix's DM has type '{ty}'; only DMDAs have a handle here"),
            ));
        }
        // SAFETY: a live DMDA lent by PETSc; the handle takes its own reference.
        unsafe { Da::from_raw_borrowed(&self.petsc, dm) }.map(Some)
    }
}
