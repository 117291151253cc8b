//! A basis's column, or its active columns as a dense matrix, lent for a while
//! (`BVGetColumn`/`BVRestoreColumn`, `BVGetMat`/`BVRestoreMat`).
//!
//! The guards borrow the basis mutably, so no other operation of the basis (and no
//! second column) can run while one is out. They give the column as a shared
//! `&Vector` (or `&Mat`) and write through their own methods only: a `&mut Vector` could
//! be swapped (`std::mem::swap`) for another handle, and the column's handle, kept past
//! the restore, would point into storage the basis takes back. The handle is *lent*
//! (see `petsc::guarantees`): cloning it copies the column, and a function that would
//! keep it (`Ksp::set_operators`, `Eps::set_initial_space`, ...) refuses it.

use std::marker::PhantomData;

use petsc::{InsertMode, Int, Mat, Result, Scalar, VecViewMut, Vector};
use slepc_sys as sys;

use super::Bv;
use crate::error::check;

/// Column `j` of a basis, lent by [`Bv::column`] and given back
/// (`BVRestoreColumn`) when dropped. It dereferences to a shared [`Vector`] for
/// reading (norms, dot products, products with a matrix, ...); writes go through its
/// own methods ([`view_mut`](Self::view_mut), [`set`](Self::set), ...).
#[doc(alias = "BVGetColumn")]
pub struct BvColumn<'a> {
    bv: sys::BV,
    j: Int,
    raw: sys::Vec,
    restored: bool,
    // Holds its own reference to `raw`, released after the restore.
    vec: Vector,
    _bv: PhantomData<&'a mut Bv>,
}

impl Bv {
    /// Lends column `j` (`BVGetColumn`), as a guard that gives it back when dropped:
    /// changes made through it are the column's.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut bv = slepc::Bv::with_sizes(&petsc.self_comm(), None, Some(3), 2)?;
    /// {
    ///     let mut col = bv.column(1)?;
    ///     col.view_mut()?.copy_from_slice(&[1.0, 2.0, 2.0]);
    ///     assert_eq!(col.norm(petsc::NormType::Two)?, 3.0);
    /// }
    /// assert_eq!(bv.norm_column(1, petsc::NormType::Two)?, 3.0);
    /// assert!(bv.column(2).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    ///
    /// A column borrows the basis mutably: a second column, or any other use of the
    /// basis, waits until the first is given back.
    ///
    /// ```compile_fail,E0499
    /// let petsc = petsc::Petsc::init()?;
    /// let mut bv = slepc::Bv::with_sizes(&petsc.self_comm(), None, Some(3), 2)?;
    /// let a = bv.column(0)?;
    /// let b = bv.column(1)?;
    /// drop((a, b));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut bv = slepc::Bv::with_sizes(&petsc.self_comm(), None, Some(3), 2)?;
    /// let a = bv.column(0)?;
    /// drop(a);
    /// let b = bv.column(1)?;
    /// drop(b);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "BVGetColumn")]
    pub fn column(&mut self, j: Int) -> Result<BvColumn<'_>> {
        self.column_index("Bv::column", j)?;
        let mut v: sys::Vec = std::ptr::null_mut();
        // SAFETY: live basis, `j` in range; no other column is out (the guard borrows
        // the basis mutably).
        check(unsafe { sys::BVGetColumn(self.ptr, j, &mut v) })?;
        // SAFETY: the live vector SLEPc lent; the handle takes a reference to it and
        // is marked lent (a clone copies it).
        let vec = match unsafe { Vector::from_raw_lent(self.slepc.petsc(), v) } {
            Ok(vec) => vec,
            Err(e) => {
                // SAFETY: gives back the column just lent.
                unsafe { sys::BVRestoreColumn(self.ptr, j, &mut v) };
                return Err(e);
            }
        };
        Ok(BvColumn {
            bv: self.ptr,
            j,
            raw: v,
            restored: false,
            vec,
            _bv: PhantomData,
        })
    }
}

impl BvColumn<'_> {
    fn finish(&mut self) -> sys::PetscErrorCode {
        if self.restored {
            return 0;
        }
        self.restored = true;
        let mut v = self.raw;
        // SAFETY: the basis (borrowed for the guard's life) lent `raw` as column `j`; no
        // view of it is alive (views borrow the guard).
        unsafe { sys::BVRestoreColumn(self.bv, self.j, &mut v) }
    }

    /// The column's index.
    pub fn index(&self) -> Int {
        self.j
    }

    /// Gives the column back, as dropping the guard does, with the `Err` of a failure
    /// (`BVRestoreColumn`).
    #[doc(alias = "BVRestoreColumn")]
    pub fn restore(mut self) -> Result<()> {
        check(self.finish())
    }

    /// A writable view of this rank's entries of the column.
    pub fn view_mut(&mut self) -> Result<VecViewMut<'_>> {
        self.vec.view_mut()
    }

    /// Sets every entry to `alpha` (`VecSet`).
    pub fn set(&mut self, alpha: impl Into<Scalar>) -> Result<()> {
        self.vec.set(alpha)
    }

    /// `col = alpha col` (`VecScale`).
    pub fn scale(&mut self, alpha: impl Into<Scalar>) -> Result<()> {
        self.vec.scale(alpha)
    }

    /// `col = alpha x + col` (`VecAXPY`).
    pub fn axpy(&mut self, alpha: impl Into<Scalar>, x: &Vector) -> Result<()> {
        self.vec.axpy(alpha, x)
    }

    /// Copies `x` into the column (`VecCopy`).
    pub fn copy_from(&mut self, x: &Vector) -> Result<()> {
        self.vec.copy_from(x)
    }

    /// Sets entries by global index (`VecSetValues`); call
    /// [`assemble`](Self::assemble) afterwards.
    pub fn set_values(
        &mut self,
        indices: &[Int],
        values: &[Scalar],
        mode: InsertMode,
    ) -> Result<()> {
        self.vec.set_values(indices, values, mode)
    }

    /// Assembles the column after [`set_values`](Self::set_values).
    pub fn assemble(&mut self) -> Result<()> {
        self.vec.assemble()
    }

    /// `col = A x` (`MatMult`).
    pub fn mult_from(&mut self, a: &Mat, x: &Vector) -> Result<()> {
        a.mult(x, &mut self.vec)
    }
}

impl std::ops::Deref for BvColumn<'_> {
    type Target = Vector;
    fn deref(&self) -> &Vector {
        &self.vec
    }
}

impl Drop for BvColumn<'_> {
    fn drop(&mut self) {
        petsc::ffi::record_destroy(self.finish());
    }
}

impl std::fmt::Debug for BvColumn<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BvColumn").field("j", &self.j).finish()
    }
}

/// The active columns of a basis as a dense matrix sharing their storage, lent by
/// [`Bv::mat`] and given back (`BVRestoreMat`) when dropped. Read-only: it
/// dereferences to a shared [`Mat`].
#[doc(alias = "BVGetMat")]
pub struct BvMat<'a> {
    bv: sys::BV,
    raw: sys::Mat,
    restored: bool,
    mat: Mat,
    _bv: PhantomData<&'a mut Bv>,
}

impl Bv {
    /// The active columns as a dense matrix sharing their storage (`BVGetMat`), given
    /// back when the guard drops; leading columns must be 0.
    ///
    /// ```
    /// use petsc::{NormType, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut bv = slepc::Bv::with_sizes(&c, None, Some(2), 2)?;
    /// bv.insert_vec(1, &Vector::from_slice(&c, &[3.0, 4.0])?)?;
    /// let m = bv.mat()?;
    /// assert_eq!(m.size()?, (2, 2));
    /// assert_eq!(m.values(&[0, 1], &[1])?, vec![3.0, 4.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "BVGetMat")]
    pub fn mat(&mut self) -> Result<BvMat<'_>> {
        const CTX: &str = "Bv::mat";
        let (l, _) = self.active_columns()?;
        if l != 0 {
            return Err(petsc::Error::invalid(
                CTX,
                format!("the basis has {l} leading columns; it needs none"),
            ));
        }
        let mut a: sys::Mat = std::ptr::null_mut();
        // SAFETY: live basis; SLEPc lends a matrix until BVRestoreMat.
        check(unsafe { sys::BVGetMat(self.ptr, &mut a) })?;
        // SAFETY: the live matrix SLEPc lent; the handle takes a reference and is
        // marked lent (a clone copies it).
        let mat = match unsafe { Mat::from_raw_lent(self.slepc.petsc(), a) } {
            Ok(m) => m,
            Err(e) => {
                // SAFETY: gives back the matrix just lent.
                unsafe { sys::BVRestoreMat(self.ptr, &mut a) };
                return Err(e);
            }
        };
        Ok(BvMat {
            bv: self.ptr,
            raw: a,
            restored: false,
            mat,
            _bv: PhantomData,
        })
    }
}

impl BvMat<'_> {
    fn finish(&mut self) -> sys::PetscErrorCode {
        if self.restored {
            return 0;
        }
        self.restored = true;
        let mut a = self.raw;
        // SAFETY: the basis (borrowed for the guard's life) lent `raw`; our handle's
        // reference is released after.
        unsafe { sys::BVRestoreMat(self.bv, &mut a) }
    }

    /// Gives the matrix back, as dropping the guard does, with the `Err` of a failure
    /// (`BVRestoreMat`).
    #[doc(alias = "BVRestoreMat")]
    pub fn restore(mut self) -> Result<()> {
        check(self.finish())
    }
}

impl std::ops::Deref for BvMat<'_> {
    type Target = Mat;
    fn deref(&self) -> &Mat {
        &self.mat
    }
}

impl Drop for BvMat<'_> {
    fn drop(&mut self) {
        petsc::ffi::record_destroy(self.finish());
    }
}

impl std::fmt::Debug for BvMat<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BvMat").finish()
    }
}
