//! The grid a matrix belongs to: `Mat::dm` and `Mat::set_dm`. They live with the DM,
//! not with `Mat`, because `dm` sits above `mat` in the module order (a grid makes
//! matrices), so `mat` does not name `Da`.
//!
//! Assembly by grid point ([`Mat::set_values_stencil`]) relies on a matrix's DMDA, grid
//! information (`MatSetStencil`) and local numbering agreeing, which
//! [`Da::create_matrix`] guarantees and `MatSetDM` alone would not: `Mat::set_dm` sets
//! all three from the DMDA, as `Da::create_matrix` does.

use petsc_sys as sys;

use super::{Da, DmBase};
use crate::error::{Error, Result, check};
use crate::mat::Mat;
use crate::object::Object;
use crate::scalar::Int;

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

    /// Makes `da` the grid of this matrix as [`Da::create_matrix`] does: its local
    /// numbering (`MatSetLocalToGlobalMapping`), its ghosted box (`MatSetStencil`) and
    /// the DMDA itself (`MatSetDM`), so that a matrix made otherwise (with a
    /// preallocation of one's own, say) is assembled by grid point
    /// ([`set_values_stencil`](Self::set_values_stencil)) and reports its grid
    /// ([`dm`](Self::dm)). The matrix must have the DMDA's unknowns (owned points times
    /// degrees of freedom) as its local rows and columns on every rank, and block size 1
    /// or the degrees of freedom; a local numbering it had is replaced. It holds its own
    /// reference to `da`. Collective.
    ///
    /// ```
    /// use petsc::{InsertMode, Mat, Stencil};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let da = petsc::Da::builder(&c, 1).sizes(4, 1, 1).build()?;
    /// let mut a = Mat::new_aij(&c, None, None, Some(4), Some(4), 3, 0)?;
    /// assert!(a.dm()?.is_none());
    /// a.set_dm(&da)?;
    /// assert_eq!(a.dm()?.unwrap().info()?.mx, 4);
    /// for i in 0..4 {
    ///     a.set_values_stencil(&[Stencil::new(i, 0, 0, 0)], &[Stencil::new(i, 0, 0, 0)], &[2.0], InsertMode::Insert)?;
    /// }
    /// a.assemble()?;
    /// assert_eq!(a.values(&[3], &[3])?, vec![2.0]);
    /// // Five rows for a grid of four points: refused.
    /// let mut b = Mat::new_aij(&c, None, None, Some(5), Some(5), 3, 0)?;
    /// assert!(b.set_dm(&da).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatSetDM")]
    #[doc(alias = "MatSetStencil")]
    pub fn set_dm(&mut self, da: &Da) -> Result<()> {
        const CTX: &str = "Mat::set_dm";
        if !self.comm().congruent(&da.comm()) {
            return Err(Error::invalid(
                CTX,
                "the matrix and the DMDA live on different communicators",
            ));
        }
        let n = da.create_global_vector()?.local_size()?;
        let local = (|| {
            let (lm, ln) = self.local_size()?;
            if (lm, ln) != (n, n) {
                return Err(Error::size_mismatch(
                    CTX,
                    format!(
                        "the matrix has {lm} x {ln} entries on this rank, but the DMDA has \
                         {n} unknowns there"
                    ),
                ));
            }
            Ok(())
        })();
        self.comm().agree(CTX, local)?;
        let info = da.info()?;
        let g = da.ghost_corners()?;
        // Checked against the matrix's sizes and block sizes.
        self.set_lgmap(&DmBase::lgmap(da)?, None)?;
        // SAFETY: live matrix; three-entry arrays, of which PETSc reads `dim`.
        check(unsafe {
            sys::MatSetStencil(
                self.ptr,
                info.dim as Int,
                g.len.as_ptr(),
                g.start.as_ptr(),
                info.dof,
            )
        })?;
        // SAFETY: live matrix and DMDA; PETSc takes a reference to the DMDA.
        check(unsafe { sys::MatSetDM(self.ptr, da.as_raw()) })?;
        // Assembly by grid point reads the new grid's box.
        self.stencil_box = std::cell::OnceCell::new();
        Ok(())
    }
}
