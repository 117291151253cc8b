//! A basis's storage: this rank's entries lent as one array ([`Bv::array`],
//! [`BvArray`]), the leading dimension and the type of the vectors (SLEPc 3.19 on), and
//! the loans given back by name.

use std::marker::PhantomData;

#[cfg(slepc_3_19)]
use petsc::{Error, Int};
use petsc::{Result, Scalar};
use slepc_sys as sys;

use super::{Bv, BvColumn, BvMat};
use crate::error::check;

impl Bv {
    /// The leading dimension of this rank's storage (`BVGetLeadingDimension`, SLEPc 3.19
    /// on).
    #[cfg(slepc_3_19)]
    #[doc(alias = "BVGetLeadingDimension")]
    pub fn leading_dimension(&self) -> Result<Int> {
        let mut ld: Int = 0;
        // SAFETY: live basis.
        check(unsafe { sys::BVGetLeadingDimension(self.ptr, &mut ld) })?;
        Ok(ld)
    }

    /// Sets the leading dimension of this rank's storage, before the sizes
    /// (`BVSetLeadingDimension`, SLEPc 3.19 on).
    #[cfg(slepc_3_19)]
    #[doc(alias = "BVSetLeadingDimension")]
    pub fn set_leading_dimension(&mut self, ld: Int) -> Result<()> {
        if ld < 0 {
            return Err(Error::invalid(
                "Bv::set_leading_dimension",
                format!("ld is {ld}; it cannot be negative"),
            ));
        }
        // SAFETY: live basis.
        check(unsafe { sys::BVSetLeadingDimension(self.ptr, ld) })
    }

    /// The type of the vectors the basis makes (`BVGetVecType`, SLEPc 3.19 on).
    #[cfg(slepc_3_19)]
    #[doc(alias = "BVGetVecType")]
    pub fn vec_type(&self) -> Result<String> {
        let mut t: *const std::os::raw::c_char = std::ptr::null();
        // SAFETY: live basis; SLEPc lends its type name.
        check(unsafe { sys::BVGetVecType(self.ptr, &mut t) })?;
        if t.is_null() {
            return Ok(String::new());
        }
        // SAFETY: SLEPc's NUL-terminated name, copied at once.
        Ok(unsafe { std::ffi::CStr::from_ptr(t) }
            .to_string_lossy()
            .into_owned())
    }

    /// Sets the type of the vectors the basis makes (`BVSetVecType`, SLEPc 3.19 on); an
    /// unregistered name is an `Err`.
    #[cfg(slepc_3_19)]
    #[doc(alias = "BVSetVecType")]
    pub fn set_vec_type(&mut self, name: &str) -> Result<()> {
        const CTX: &str = "Bv::set_vec_type";
        // SAFETY: the vector types are registered with PETSc; the list is only read.
        let n = unsafe { petsc::ffi::registered_type(CTX, "Vec", petsc::sys::VecList, name) }?;
        // SAFETY: live basis; a registered name SLEPc copies.
        check(unsafe { sys::BVSetVecType(self.ptr, n.as_ptr()) })
    }

    /// This rank's entries of every column, column by column (`BVGetArray`), to read
    /// and write; given back when the guard drops (`BVRestoreArray`). Column `j` starts
    /// at `j * ld`, [`BvArray::leading_dimension`] (this rank's rows, padded from SLEPc
    /// 3.19 on).
    ///
    /// ```
    /// use petsc::Vector;
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut bv = slepc::Bv::with_sizes(&c, None, Some(2), 2)?;
    /// {
    ///     let mut a = bv.array()?;
    ///     let ld = a.leading_dimension();
    ///     a[ld] = 3.0; // column 1, row 0
    ///     a[ld + 1] = 4.0;
    /// }
    /// assert_eq!(bv.column_vec(1)?.view()?.to_vec(), vec![3.0, 4.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "BVGetArray")]
    pub fn array(&mut self) -> Result<BvArray<'_>> {
        const CTX: &str = "Bv::array";
        let (n, _, m) = self.ready(CTX)?;
        #[cfg(slepc_3_19)]
        let ld = self.leading_dimension()?.max(n);
        #[cfg(not(slepc_3_19))]
        let ld = n;
        // Recorded with the basis, so that another handle to it cannot lend the entries
        // again meanwhile.
        let borrow = petsc::ffi::ArrayBorrow::exclusive(self.ptr as petsc::sys::PetscObject, CTX)?;
        let mut a: *mut Scalar = std::ptr::null_mut();
        // SAFETY: live basis with its sizes; SLEPc lends `ld * m` entries until
        // BVRestoreArray.
        check(unsafe { sys::BVGetArray(self.ptr, &mut a) })?;
        Ok(BvArray {
            bv: self.ptr,
            data: a,
            ld: ld.max(0) as usize,
            len: (ld.max(0) * m.max(0)) as usize,
            restored: false,
            _borrow: borrow,
            _bv: PhantomData,
        })
    }

    /// Gives back a column of [`column`](Self::column) (`BVRestoreColumn`), with the
    /// `Err` of a failure; dropping the guard does the same.
    #[doc(alias = "BVRestoreColumn")]
    pub fn restore_column(column: BvColumn<'_>) -> Result<()> {
        column.restore()
    }

    /// Gives back the matrix of [`mat`](Self::mat) (`BVRestoreMat`), with the `Err` of a
    /// failure; dropping the guard does the same.
    #[doc(alias = "BVRestoreMat")]
    pub fn restore_mat(mat: BvMat<'_>) -> Result<()> {
        mat.restore()
    }
}

/// This rank's entries of a basis, lent by [`Bv::array`] and given back when dropped
/// (`BVRestoreArray`).
pub struct BvArray<'a> {
    bv: sys::BV,
    data: *mut Scalar,
    ld: usize,
    len: usize,
    restored: bool,
    _borrow: petsc::ffi::ArrayBorrow,
    _bv: PhantomData<&'a mut Bv>,
}

impl BvArray<'_> {
    /// The distance between the starts of two columns (`BVGetLeadingDimension`; this
    /// rank's number of rows before SLEPc 3.19).
    #[doc(alias = "BVGetLeadingDimension")]
    pub fn leading_dimension(&self) -> usize {
        self.ld
    }

    fn finish(&mut self) -> sys::PetscErrorCode {
        if self.restored {
            return 0;
        }
        self.restored = true;
        let mut a = self.data;
        // SAFETY: the basis (borrowed mutably for the guard's life) lent these entries.
        unsafe { sys::BVRestoreArray(self.bv, &mut a) }
    }

    /// Gives the entries back, as dropping the guard does, with the `Err` of a failure.
    #[doc(alias = "BVRestoreArray")]
    pub fn restore(mut self) -> Result<()> {
        check(self.finish())
    }
}

impl std::ops::Deref for BvArray<'_> {
    type Target = [Scalar];
    fn deref(&self) -> &[Scalar] {
        if self.len == 0 {
            return &[];
        }
        // SAFETY: SLEPc lent `len` entries until the restore, which needs the guard.
        unsafe { std::slice::from_raw_parts(self.data, self.len) }
    }
}

impl std::ops::DerefMut for BvArray<'_> {
    fn deref_mut(&mut self) -> &mut [Scalar] {
        if self.len == 0 {
            return &mut [];
        }
        // SAFETY: as for `Deref`; the guard borrows the basis mutably.
        unsafe { std::slice::from_raw_parts_mut(self.data, self.len) }
    }
}

impl Drop for BvArray<'_> {
    fn drop(&mut self) {
        petsc::ffi::record_destroy(self.finish());
    }
}

impl std::fmt::Debug for BvArray<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BvArray").field("len", &self.len).finish()
    }
}
