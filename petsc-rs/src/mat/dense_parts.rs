//! Parts of a dense matrix lent on its own memory: a column as a vector
//! (`MatDenseGetColumnVec` and its read-only and write-only forms) and a block as a
//! matrix (`MatDenseGetSubMatrix`), each given back when its guard is dropped.

use std::marker::PhantomData;

use petsc_sys as sys;

use super::{DenseView, DenseViewMut, Mat};
use crate::borrow::ArrayBorrow;
use crate::error::{Error, Result, check};
use crate::scalar::{Int, Real, Scalar};
use crate::vec::{NormType, VecView, VecViewMut, Vector};

/// Refuses a column outside the matrix.
fn check_column(context: &str, a: &Mat, col: Int) -> Result<()> {
    let (_, n) = a.size()?;
    if !(0..n).contains(&col) {
        return Err(Error::out_of_range(
            context,
            format!("column {col} is not in 0..{n}, the matrix's columns"),
        ));
    }
    Ok(())
}

impl Mat {
    /// Column `col` of a dense matrix as a vector on the same memory
    /// (`MatDenseGetColumnVec`, collective): this rank's rows of the column, laid out
    /// like the matrix's rows. The guard borrows the matrix mutably and gives the
    /// column back when dropped (or given to
    /// [`restore_dense_column_vec`](Self::restore_dense_column_vec)). Like the views,
    /// it needs the only reference to the matrix. A column outside the matrix (or
    /// different on different ranks), or a shared matrix, is an `Err` on every rank.
    ///
    /// ```
    /// use petsc::{Mat, NormType};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut a = Mat::new_dense(&petsc.self_comm(), None, None, Some(2), Some(3))?;
    /// a.assemble()?;
    /// {
    ///     let mut col = a.dense_column_vec(1)?;
    ///     col.set(2.0)?;
    ///     col.view_mut()?[0] = 5.0;
    ///     assert_eq!(col.norm(NormType::One)?, 7.0);
    /// }
    /// assert_eq!(a.values(&[0, 1], &[1])?, vec![5.0, 2.0]);
    /// assert!(a.dense_column_vec(3).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatDenseGetColumnVec")]
    pub fn dense_column_vec(&mut self, col: Int) -> Result<DenseColumnVec<'_>> {
        self.column_vec(col, false)
    }

    fn column_vec(&mut self, col: Int, write_only: bool) -> Result<DenseColumnVec<'_>> {
        const CTX: &str = "Mat::dense_column_vec";
        let comm = crate::object::Object::comm(self);
        let local = (|| {
            check_column(CTX, self, col)?;
            self.exclusive_borrow(CTX)
        })();
        let borrow = comm.agree(CTX, local)?;
        comm.check_same(CTX, &[("column", crate::comm::wide(col))])?;
        let mut v: sys::Vec = std::ptr::null_mut();
        // SAFETY: live dense matrix (PETSc refuses other types), column in range; PETSc
        // lends a vector on the column's memory until MatDenseRestoreColumnVec.
        check(unsafe {
            if write_only {
                sys::MatDenseGetColumnVecWrite(self.ptr, col, &mut v)
            } else {
                sys::MatDenseGetColumnVec(self.ptr, col, &mut v)
            }
        })?;
        Ok(DenseColumnVec {
            mat: self.ptr,
            col,
            write_only,
            vec: Vector::from_raw(&self.petsc, v),
            _borrow: borrow,
            _mat: PhantomData,
        })
    }

    /// Column `col` of a dense matrix as a vector on the same memory, to be written
    /// only (`MatDenseGetColumnVecWrite`, collective; petsc4py's
    /// `getDenseColumnVec(i, 'w')`): its entries on arrival are unspecified (a GPU
    /// matrix does not copy them over), so set them all. Otherwise as
    /// [`dense_column_vec`](Self::dense_column_vec).
    ///
    /// ```
    /// use petsc::Mat;
    /// let petsc = petsc::Petsc::init()?;
    /// let mut a = Mat::new_dense(&petsc.self_comm(), None, None, Some(2), Some(2))?;
    /// a.assemble()?;
    /// a.dense_column_vec_write(0)?.set(3.0)?;
    /// assert_eq!(a.values(&[0, 1], &[0])?, vec![3.0, 3.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatDenseGetColumnVecWrite")]
    pub fn dense_column_vec_write(&mut self, col: Int) -> Result<DenseColumnVec<'_>> {
        self.column_vec(col, true)
    }

    /// Column `col` of a dense matrix as a read-only vector on the same memory
    /// (`MatDenseGetColumnVecRead`, collective; petsc4py's `getDenseColumnVec(i, 'r')`).
    /// The guard borrows the matrix shared and gives the column back when dropped (or
    /// given to [`restore_dense_column_vec_read`](Self::restore_dense_column_vec_read)).
    /// Read views of the matrix may be alive at once, no writable one; PETSc lends one
    /// column (or block) of a matrix at a time, and refuses another meanwhile. Like
    /// the views, it needs the only reference to the matrix. A column outside the matrix
    /// (or different on different ranks) is an `Err` on every rank.
    ///
    /// ```
    /// use petsc::{Mat, NormType, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut a = Mat::new_dense(&c, None, None, Some(2), Some(2))?;
    /// a.assemble()?;
    /// let x = Vector::from_slice(&c, &[1.0, 2.0])?;
    /// a.dense_column_vec(1)?.copy_from(&x)?;
    /// let col = a.dense_column_vec_read(1)?;
    /// assert!(col.equal(&x)?);
    /// assert_eq!(col.norm(NormType::One)?, 3.0);
    /// assert!(a.dense_column_vec_read(0).is_err()); // one column at a time
    /// drop(col);
    /// assert_eq!(a.dense_column_vec_read(0)?.norm(NormType::One)?, 0.0);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatDenseGetColumnVecRead")]
    pub fn dense_column_vec_read(&self, col: Int) -> Result<DenseColumnVecRead<'_>> {
        const CTX: &str = "Mat::dense_column_vec_read";
        let comm = crate::object::Object::comm(self);
        let local = (|| {
            check_column(CTX, self, col)?;
            self.shared_borrow(CTX)
        })();
        let borrow = comm.agree(CTX, local)?;
        comm.check_same(CTX, &[("column", crate::comm::wide(col))])?;
        let mut v: sys::Vec = std::ptr::null_mut();
        // SAFETY: live dense matrix (PETSc refuses other types), column in range; PETSc
        // lends a read-locked vector on the column's memory until
        // MatDenseRestoreColumnVecRead.
        check(unsafe { sys::MatDenseGetColumnVecRead(self.ptr, col, &mut v) })?;
        Ok(DenseColumnVecRead {
            mat: self.ptr,
            col,
            vec: Vector::from_raw(&self.petsc, v),
            _borrow: borrow,
            _mat: PhantomData,
        })
    }

    /// Gives a column from [`dense_column_vec_read`](Self::dense_column_vec_read) back
    /// now, returning PETSc's error if any (`MatDenseRestoreColumnVecRead`); dropping it
    /// does the same, recording an error instead.
    #[doc(alias = "MatDenseRestoreColumnVecRead")]
    pub fn restore_dense_column_vec_read(mut col: DenseColumnVecRead<'_>) -> Result<()> {
        check(col.give_back())
    }

    /// Gives a column from [`dense_column_vec`](Self::dense_column_vec) back now,
    /// returning PETSc's error if any (`MatDenseRestoreColumnVec`); dropping it does
    /// the same, recording an error instead.
    #[doc(alias = "MatDenseRestoreColumnVec")]
    pub fn restore_dense_column_vec(mut col: DenseColumnVec<'_>) -> Result<()> {
        check(col.give_back())
    }

    /// Rows `rows` and columns `cols` (global ranges) of a dense matrix as a dense
    /// matrix on the same memory (`MatDenseGetSubMatrix`, collective). The guard
    /// borrows the matrix mutably and gives the submatrix back when dropped (or given
    /// to [`restore_dense_sub_matrix`](Self::restore_dense_sub_matrix)). Like the
    /// views, it needs the only reference to the matrix. Ranges outside the matrix (or
    /// different on different ranks) are an `Err` on every rank.
    ///
    /// ```
    /// use petsc::{Mat, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut a = Mat::new_dense(&c, None, None, Some(3), Some(3))?;
    /// a.assemble()?;
    /// {
    ///     let mut s = a.dense_sub_matrix(1..3, 0..2)?;
    ///     assert_eq!(s.size()?, (2, 2));
    ///     s.dense_view_mut()?.set(1, 0, 4.0); // row 2, column 0 of `a`
    ///     let x = Vector::from_slice(&c, &[1.0, 1.0])?;
    ///     let mut y = x.duplicate()?;
    ///     s.mult(&x, &mut y)?;
    ///     assert_eq!(&*y.view()?, &[0.0, 4.0]);
    /// }
    /// assert_eq!(a.values(&[2], &[0])?, vec![4.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatDenseGetSubMatrix")]
    pub fn dense_sub_matrix(
        &mut self,
        rows: std::ops::Range<Int>,
        cols: std::ops::Range<Int>,
    ) -> Result<DenseSubMatrix<'_>> {
        const CTX: &str = "Mat::dense_sub_matrix";
        let comm = crate::object::Object::comm(self);
        let local = (|| {
            let (m, n) = self.size()?;
            for (what, r, len) in [("rows", &rows, m), ("columns", &cols, n)] {
                if r.start < 0 || r.start > r.end || r.end > len {
                    return Err(Error::out_of_range(
                        CTX,
                        format!("{what} {r:?} are not a range within 0..{len}"),
                    ));
                }
            }
            self.exclusive_borrow(CTX)
        })();
        let borrow = comm.agree(CTX, local)?;
        comm.check_same(
            CTX,
            &[
                ("first row", crate::comm::wide(rows.start)),
                ("end of rows", crate::comm::wide(rows.end)),
                ("first column", crate::comm::wide(cols.start)),
                ("end of columns", crate::comm::wide(cols.end)),
            ],
        )?;
        let mut v: sys::Mat = std::ptr::null_mut();
        // SAFETY: live dense matrix (PETSc refuses other types); ranges within it, the
        // same on every rank; PETSc lends a matrix on that memory until
        // MatDenseRestoreSubMatrix.
        check(unsafe {
            sys::MatDenseGetSubMatrix(self.ptr, rows.start, rows.end, cols.start, cols.end, &mut v)
        })?;
        Ok(DenseSubMatrix {
            mat: self.ptr,
            sub: Mat::from_raw(&self.petsc, v),
            _borrow: borrow,
            _mat: PhantomData,
        })
    }

    /// Gives a submatrix from [`dense_sub_matrix`](Self::dense_sub_matrix) back now,
    /// returning PETSc's error if any (`MatDenseRestoreSubMatrix`); dropping it does the
    /// same, recording an error instead.
    #[doc(alias = "MatDenseRestoreSubMatrix")]
    pub fn restore_dense_sub_matrix(mut sub: DenseSubMatrix<'_>) -> Result<()> {
        check(sub.give_back())
    }
}

/// A column of a dense matrix as a vector on the same memory
/// ([`Mat::dense_column_vec`]); given back when dropped (`MatDenseRestoreColumnVec`).
///
/// It is no [`Vector`] handle: the vector belongs to the matrix, which lends it to one
/// column at a time, so no other handle may keep it; it offers views and a few
/// operations.
pub struct DenseColumnVec<'a> {
    mat: sys::Mat,
    col: Int,
    // Lent by MatDenseGetColumnVecWrite (else MatDenseGetColumnVec).
    write_only: bool,
    // Its pointer is nulled by the restore, so dropping the field destroys nothing.
    vec: Vector,
    // Released after the column is given back.
    _borrow: ArrayBorrow,
    _mat: PhantomData<&'a mut Mat>,
}

impl DenseColumnVec<'_> {
    /// The column index.
    pub fn column(&self) -> Int {
        self.col
    }

    /// The matrix's global number of rows.
    pub fn size(&self) -> Result<Int> {
        self.vec.size()
    }

    /// This rank's rows.
    pub fn local_size(&self) -> Result<Int> {
        self.vec.local_size()
    }

    /// A read-only view of this rank's entries of the column.
    pub fn view(&self) -> Result<VecView<'_>> {
        self.vec.view()
    }

    /// A writable view of this rank's entries of the column.
    pub fn view_mut(&mut self) -> Result<VecViewMut<'_>> {
        self.vec.view_mut()
    }

    /// Sets every entry of the column (collective).
    pub fn set(&mut self, alpha: impl Into<Scalar>) -> Result<()> {
        self.vec.set(alpha)
    }

    /// Scales the column (collective).
    pub fn scale(&mut self, alpha: impl Into<Scalar>) -> Result<()> {
        self.vec.scale(alpha)
    }

    /// A norm of the whole column (collective).
    pub fn norm(&self, ty: NormType) -> Result<Real> {
        self.vec.norm(ty)
    }

    /// Copies `x`, laid out like the matrix's rows, into the column (`VecCopy`,
    /// collective).
    #[doc(alias = "VecCopy")]
    pub fn copy_from(&mut self, x: &Vector) -> Result<()> {
        self.vec.copy_from(x)
    }

    /// Copies the column into `y`, laid out like the matrix's rows (`VecCopy`,
    /// collective).
    pub fn copy_to(&self, y: &mut Vector) -> Result<()> {
        y.copy_from(&self.vec)
    }

    /// Whether the column and `x` have the same layout and entries (`VecEqual`,
    /// collective).
    #[doc(alias = "VecEqual")]
    pub fn equal(&self, x: &Vector) -> Result<bool> {
        self.vec.equal(x)
    }

    /// Gives the column back once (later calls do nothing): PETSc's code.
    fn give_back(&mut self) -> sys::PetscErrorCode {
        if self.vec.ptr.is_null() {
            return 0;
        }
        // SAFETY: the matrix (borrowed mutably for the guard's life) and the vector it
        // lent for this column; PETSc takes the memory back and nulls the pointer.
        let code = unsafe {
            if self.write_only {
                sys::MatDenseRestoreColumnVecWrite(self.mat, self.col, &mut self.vec.ptr)
            } else {
                sys::MatDenseRestoreColumnVec(self.mat, self.col, &mut self.vec.ptr)
            }
        };
        // The vector is the matrix's: the handle never destroys it.
        self.vec.ptr = std::ptr::null_mut();
        code
    }
}

impl Drop for DenseColumnVec<'_> {
    fn drop(&mut self) {
        crate::error::record_destroy(self.give_back());
    }
}

impl std::fmt::Debug for DenseColumnVec<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DenseColumnVec")
            .field("column", &self.col)
            .finish()
    }
}

/// A column of a dense matrix as a read-only vector on the same memory
/// ([`Mat::dense_column_vec_read`]); given back when dropped
/// (`MatDenseRestoreColumnVecRead`). As [`DenseColumnVec`], no [`Vector`] handle.
pub struct DenseColumnVecRead<'a> {
    mat: sys::Mat,
    col: Int,
    // Its pointer is nulled by the restore, so dropping the field destroys nothing.
    vec: Vector,
    // Released after the column is given back.
    _borrow: ArrayBorrow,
    _mat: PhantomData<&'a Mat>,
}

impl DenseColumnVecRead<'_> {
    /// The column index.
    pub fn column(&self) -> Int {
        self.col
    }

    /// The matrix's global number of rows.
    pub fn size(&self) -> Result<Int> {
        self.vec.size()
    }

    /// This rank's rows.
    pub fn local_size(&self) -> Result<Int> {
        self.vec.local_size()
    }

    /// A read-only view of this rank's entries of the column.
    pub fn view(&self) -> Result<VecView<'_>> {
        self.vec.view()
    }

    /// A norm of the whole column (collective).
    pub fn norm(&self, ty: NormType) -> Result<Real> {
        self.vec.norm(ty)
    }

    /// Copies the column into `y`, laid out like the matrix's rows (`VecCopy`,
    /// collective).
    pub fn copy_to(&self, y: &mut Vector) -> Result<()> {
        y.copy_from(&self.vec)
    }

    /// Whether the column and `x` have the same layout and entries (`VecEqual`,
    /// collective).
    #[doc(alias = "VecEqual")]
    pub fn equal(&self, x: &Vector) -> Result<bool> {
        self.vec.equal(x)
    }

    /// Gives the column back once (later calls do nothing): PETSc's code.
    fn give_back(&mut self) -> sys::PetscErrorCode {
        if self.vec.ptr.is_null() {
            return 0;
        }
        // SAFETY: the matrix (borrowed for the guard's life) and the vector it lent for
        // this column; PETSc takes it back and nulls the pointer.
        let code =
            unsafe { sys::MatDenseRestoreColumnVecRead(self.mat, self.col, &mut self.vec.ptr) };
        // The vector is the matrix's: the handle never destroys it.
        self.vec.ptr = std::ptr::null_mut();
        code
    }
}

impl Drop for DenseColumnVecRead<'_> {
    fn drop(&mut self) {
        crate::error::record_destroy(self.give_back());
    }
}

impl std::fmt::Debug for DenseColumnVecRead<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DenseColumnVecRead")
            .field("column", &self.col)
            .finish()
    }
}

/// A block of a dense matrix as a dense matrix on the same memory
/// ([`Mat::dense_sub_matrix`]); given back when dropped (`MatDenseRestoreSubMatrix`).
///
/// It is no [`Mat`] handle: the matrix lends it to one block at a time, so no other
/// handle may keep it; it offers views and products.
pub struct DenseSubMatrix<'a> {
    mat: sys::Mat,
    // Its pointer is nulled by the restore, so dropping the field destroys nothing.
    sub: Mat,
    // Released after the block is given back.
    _borrow: ArrayBorrow,
    _mat: PhantomData<&'a mut Mat>,
}

impl DenseSubMatrix<'_> {
    /// Global `(rows, columns)` of the block.
    pub fn size(&self) -> Result<(Int, Int)> {
        self.sub.size()
    }

    /// This rank's `(rows, columns)` of the block.
    pub fn local_size(&self) -> Result<(Int, Int)> {
        self.sub.local_size()
    }

    /// A read-only view of this rank's rows of the block; see [`Mat::dense_view`].
    pub fn dense_view(&self) -> Result<DenseView<'_>> {
        self.sub.dense_view()
    }

    /// A writable view of this rank's rows of the block; see [`Mat::dense_view_mut`].
    pub fn dense_view_mut(&mut self) -> Result<DenseViewMut<'_>> {
        self.sub.dense_view_mut()
    }

    /// `y = B x` with the block `B`.
    pub fn mult(&self, x: &Vector, y: &mut Vector) -> Result<()> {
        self.sub.mult(x, y)
    }

    /// `y = B^T x` with the block `B`.
    pub fn mult_transpose(&self, x: &Vector, y: &mut Vector) -> Result<()> {
        self.sub.mult_transpose(x, y)
    }

    /// A new dense matrix of the block's sizes and layout, with its entries when
    /// `copy_values` (else zero), on memory of its own (`MatDuplicate`; petsc4py's
    /// `getDenseSubMatrix().copy()`): it outlives the guard.
    ///
    /// ```
    /// use petsc::{InsertMode, Mat};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut a = Mat::new_dense(&petsc.self_comm(), None, None, Some(3), Some(3))?;
    /// a.set_values(&[2], &[1], &[5.0], InsertMode::Insert)?;
    /// a.assemble()?;
    /// let s = a.dense_sub_matrix(1..3, 0..2)?;
    /// let b = s.duplicate(true)?;
    /// assert!(s.equal(&b)?);
    /// drop(s);
    /// assert_eq!(b.values(&[1], &[1])?, vec![5.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatDuplicate")]
    pub fn duplicate(&self, copy_values: bool) -> Result<Mat> {
        self.sub.duplicate(copy_values)
    }

    /// Whether the block and `b` have the same sizes and entries (`MatEqual`,
    /// collective).
    #[doc(alias = "MatEqual")]
    pub fn equal(&self, b: &Mat) -> Result<bool> {
        self.sub.equal(b)
    }

    /// Gives the block back once (later calls do nothing): PETSc's code.
    fn give_back(&mut self) -> sys::PetscErrorCode {
        if self.sub.ptr.is_null() {
            return 0;
        }
        // SAFETY: the matrix (borrowed mutably for the guard's life) and the block it
        // lent; PETSc takes the memory back and nulls the pointer.
        let code = unsafe { sys::MatDenseRestoreSubMatrix(self.mat, &mut self.sub.ptr) };
        // The block matrix is the parent's: the handle never destroys it.
        self.sub.ptr = std::ptr::null_mut();
        code
    }
}

impl Drop for DenseSubMatrix<'_> {
    fn drop(&mut self) {
        crate::error::record_destroy(self.give_back());
    }
}

impl std::fmt::Debug for DenseSubMatrix<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DenseSubMatrix")
            .field("size", &self.sub.size().ok())
            .finish()
    }
}
