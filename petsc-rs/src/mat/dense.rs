//! Views of a dense matrix's local block (`MatDenseGetArray` and friends), restored on
//! drop like vector views, and the borrow checks every matrix call makes against them.

use std::marker::PhantomData;

use ndarray::{ArrayView2, ArrayViewMut2, ShapeBuilder};
use petsc_sys as sys;

use super::Mat;
use crate::borrow::{self, ArrayBorrow};
use crate::error::{Error, Result, check};
use crate::scalar::{Int, Real, Scalar};
use crate::vec::{NormType, VecView, VecViewMut, Vector};

/// The error of a matrix call refused because of a live view of its entries.
fn busy(context: &str, how: &str) -> Error {
    Error::invalid(
        context,
        format!(
            "the matrix's entries are {how} (a dense view or a borrowed row, through this or \
             another handle to the same PETSc object); drop it first"
        ),
    )
}

impl Mat {
    /// Refuses a call that changes the matrix while a view of its entries (a dense
    /// view, a row from [`get_row`](Self::get_row)) is alive through any handle.
    #[inline(always)]
    pub(crate) fn check_no_views(&self, context: &str) -> Result<()> {
        borrow::check_writable(self.ptr as sys::PetscObject, context)
            .map_err(|_| busy(context, "borrowed"))
    }

    /// [`check_no_views`](Self::check_no_views) on every rank at once (collective), before
    /// a collective call: a view alive on some ranks only is then the same `Err` on all
    /// instead of a hang in the others.
    pub(crate) fn check_no_views_anywhere(&self, context: &str) -> Result<()> {
        let local = self.check_no_views(context);
        crate::comm::agree_over(self.ptr as sys::PetscObject, context, local)
    }

    /// Refuses a call that reads the matrix while a writable view of it is alive through
    /// another handle.
    pub(crate) fn check_no_writer(&self, context: &str) -> Result<()> {
        borrow::check_readable(self.ptr as sys::PetscObject, context)
            .map_err(|_| busy(context, "being written through a writable view"))
    }

    /// Refuses a view while another PETSc object or handle holds a reference to the
    /// matrix (a solver, an implicit transpose, a second handle): it could read or
    /// write the entries behind the view's back.
    ///
    /// A parallel dense matrix keeps its entries in a sequential matrix of this rank's
    /// rows; a handle to that one ([`dense_local_matrix`](Self::dense_local_matrix))
    /// shares them too, and refuses views of the parallel one as well.
    pub(crate) fn check_sole_owner(&self, context: &str) -> Result<()> {
        let refs = |obj: sys::Mat| -> Result<Int> {
            let mut n: Int = 0;
            // SAFETY: live matrix.
            check(unsafe { sys::PetscObjectGetReference(obj as sys::PetscObject, &mut n) })?;
            Ok(n)
        };
        let shared = |n: Int| {
            Error::invalid(
                context,
                format!(
                    "the matrix is shared ({n} references: another handle, a solver or an \
                     implicit matrix holds it); views need the only reference"
                ),
            )
        };
        let n = refs(self.ptr)?;
        if n > 1 {
            return Err(shared(n));
        }
        if self.has_type(sys::MATMPIDENSE)? {
            let local = self.dense_local_raw()?;
            let n = refs(local)?;
            if n > 1 {
                return Err(shared(n));
            }
        }
        Ok(())
    }

    /// The sequential matrix of this rank's rows of a dense matrix, borrowed
    /// (`MatDenseGetLocalMatrix`; the matrix itself when sequential).
    fn dense_local_raw(&self) -> Result<sys::Mat> {
        let mut b: sys::Mat = std::ptr::null_mut();
        // SAFETY: live matrix; PETSc refuses types other than dense ones, else lends the
        // inner matrix.
        check(unsafe { sys::MatDenseGetLocalMatrix(self.ptr, &mut b) })?;
        if b.is_null() {
            return Err(Error::invalid(
                "Mat::dense_local_matrix",
                "the dense matrix has no storage yet",
            ));
        }
        Ok(b)
    }

    /// This rank's rows of a dense matrix as a sequential dense matrix
    /// (`MatDenseGetLocalMatrix`): for a parallel matrix the one that holds its entries,
    /// for a sequential one the matrix itself. The handle takes its own reference, and
    /// the two share the entries (values set through one show in the other); while it
    /// lives, views of either are refused (they need the only reference). Refused while
    /// a view of this matrix is alive.
    ///
    /// ```
    /// use petsc::{InsertMode, Mat};
    /// let petsc = petsc::Petsc::init()?;
    /// let world = petsc.world();
    /// let mut a = Mat::new_dense(&world, Some(2), None, None, Some(3))?;
    /// a.assemble()?;
    /// let mut l = a.dense_local_matrix()?;
    /// assert_eq!(l.size()?, (2, 3));
    /// assert!(a.dense_view().is_err()); // shared with `l`
    /// l.set_values(&[1], &[2], &[7.0], InsertMode::Insert)?;
    /// l.assemble()?;
    /// drop(l);
    /// let first = a.ownership_range()?.start;
    /// assert_eq!(a.get_values(&[first + 1], &[2])?, vec![7.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatDenseGetLocalMatrix")]
    pub fn dense_local_matrix(&self) -> Result<Mat> {
        const CTX: &str = "Mat::dense_local_matrix";
        self.check_no_views(CTX)?;
        let b = self.dense_local_raw()?;
        // SAFETY: a live matrix the dense matrix lent; the handle takes a reference.
        unsafe { Mat::from_raw_borrowed(&self.petsc, b) }
    }

    /// Sets the leading dimension of a dense matrix's storage, the distance between the
    /// starts of two columns (`MatDenseSetLDA`): before its storage is allocated (by
    /// [`set_up`](Self::set_up) or [`set_preallocation_dense`](Self::set_preallocation_dense)),
    /// at least its number of local rows. Another type is an `Err`.
    ///
    /// ```
    /// use petsc::Mat;
    /// let petsc = petsc::Petsc::init()?;
    /// let mut a = Mat::create(&petsc.self_comm())?;
    /// a.set_sizes(None, None, Some(2), Some(2))?;
    /// a.set_type_name("dense")?;
    /// a.set_dense_lda(5)?;
    /// a.set_preallocation_dense()?;
    /// assert_eq!(a.dense_lda()?, 5);
    /// assert!(a.set_dense_lda(1).is_err()); // below the rows, and allocated
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatDenseSetLDA")]
    pub fn set_dense_lda(&mut self, lda: Int) -> Result<()> {
        const CTX: &str = "Mat::set_dense_lda";
        self.check_no_views(CTX)?;
        if !(self.has_type(sys::MATSEQDENSE)? || self.has_type(sys::MATMPIDENSE)?) {
            return Err(Error::invalid(
                CTX,
                format!(
                    "the matrix has type '{}', not a dense one",
                    crate::object::Object::type_name(self)?
                ),
            ));
        }
        let (m, _) = self.local_size()?;
        if lda < m.max(1) {
            return Err(Error::out_of_range(
                CTX,
                format!("the leading dimension {lda} is below the {m} local rows (or 1)"),
            ));
        }
        // SAFETY: live dense matrix; PETSc refuses a change once the storage exists.
        check(unsafe { sys::MatDenseSetLDA(self.ptr, lda) })
    }

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
    /// assert_eq!(a.get_values(&[0, 1], &[1])?, vec![5.0, 2.0]);
    /// assert!(a.dense_column_vec(3).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatDenseGetColumnVec")]
    pub fn dense_column_vec(&mut self, col: Int) -> Result<DenseColumnVec<'_>> {
        const CTX: &str = "Mat::dense_column_vec";
        let comm = crate::object::Object::comm(self);
        let local = (|| {
            let (_, n) = self.size()?;
            if !(0..n).contains(&col) {
                return Err(Error::out_of_range(
                    CTX,
                    format!("column {col} is not in 0..{n}, the matrix's columns"),
                ));
            }
            self.exclusive_borrow(CTX)
        })();
        let borrow = comm.agree(CTX, local)?;
        comm.check_same(CTX, &[("column", crate::comm::wide(col))])?;
        let mut v: sys::Vec = std::ptr::null_mut();
        // SAFETY: live dense matrix (PETSc refuses other types), column in range; PETSc
        // lends a vector on the column's memory until MatDenseRestoreColumnVec.
        check(unsafe { sys::MatDenseGetColumnVec(self.ptr, col, &mut v) })?;
        Ok(DenseColumnVec {
            mat: self.ptr,
            col,
            vec: Vector::from_raw(&self.petsc, v),
            _borrow: borrow,
            _mat: PhantomData,
        })
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
    /// assert_eq!(a.get_values(&[2], &[0])?, vec![4.0]);
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

    /// The borrow of a guard that lends a part of the entries on the same memory: the
    /// only reference, and no view alive.
    fn exclusive_borrow(&self, context: &str) -> Result<ArrayBorrow> {
        self.check_sole_owner(context)?;
        ArrayBorrow::exclusive(self.ptr as sys::PetscObject, context)
            .map_err(|_| busy(context, "borrowed"))
    }

    pub(crate) fn shared_borrow(&self, context: &str) -> Result<ArrayBorrow> {
        self.check_sole_owner(context)?;
        ArrayBorrow::shared(self.ptr as sys::PetscObject, context)
            .map_err(|_| busy(context, "being written through a writable view"))
    }

    crate::methods![for Mat;
        /// The leading dimension of a dense matrix's local array (`MatDenseGetLDA`): column
        /// `j` starts at `j * lda`.
        pub fn dense_lda(&self) -> Int = MatDenseGetLDA as "MatDenseGetLDA";
    ];

    /// This rank's rows of a dense matrix, all columns, column-major
    /// (`MatDenseGetArrayRead`), restored on drop. Any number of read views may be alive
    /// at once, but none beside a [`dense_view_mut`](Self::dense_view_mut) (an `Err`).
    /// Views need the only reference to the matrix: one held by a solver, an implicit
    /// matrix or a second handle makes them an `Err`. Other types than dense are
    /// refused with PETSc's error.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut a = petsc::Mat::new_dense(&petsc.self_comm(), None, None, Some(2), Some(2))?;
    /// a.set_values(&[0, 1], &[0, 1], &[1.0, 2.0, 3.0, 4.0], petsc::InsertMode::Insert)?;
    /// a.assemble()?;
    /// let v = a.dense_view()?;
    /// assert_eq!(v.get(0, 1), Some(2.0));
    /// assert_eq!(v.column(0), &[1.0, 3.0]);
    /// assert_eq!(v.as_ndarray()[[1, 0]], 3.0);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatDenseGetArrayRead")]
    pub fn dense_view(&self) -> Result<DenseView<'_>> {
        const CTX: &str = "Mat::dense_view";
        let (rows, cols, lda) = self.dense_shape()?;
        let borrow = self.shared_borrow(CTX)?;
        let mut p: *const Scalar = std::ptr::null();
        // SAFETY: live dense matrix; PETSc lends its array until the restore.
        check(unsafe { sys::MatDenseGetArrayRead(self.ptr, &mut p) })?;
        Ok(DenseView {
            mat: self,
            ptr: p,
            rows,
            cols,
            lda,
            _borrow: borrow,
        })
    }

    /// A writable view of this rank's block of a dense matrix (`MatDenseGetArray`),
    /// restored on drop; refused while any other view of the matrix is alive. Writing
    /// through it needs no assembly.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut a = petsc::Mat::new_dense(&c, None, None, Some(2), Some(2))?;
    /// a.assemble()?;
    /// {
    ///     let mut v = a.dense_view_mut()?;
    ///     v.column_mut(1).copy_from_slice(&[5.0, 6.0]);
    ///     v.as_ndarray_mut()[[0, 0]] = 1.0;
    /// }
    /// assert_eq!(a.get_values(&[0, 1], &[0, 1])?, vec![1.0, 5.0, 0.0, 6.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatDenseGetArray")]
    pub fn dense_view_mut(&mut self) -> Result<DenseViewMut<'_>> {
        const CTX: &str = "Mat::dense_view_mut";
        let (rows, cols, lda) = self.dense_shape()?;
        self.check_sole_owner(CTX)?;
        let borrow = ArrayBorrow::exclusive(self.ptr as sys::PetscObject, CTX)
            .map_err(|_| busy(CTX, "borrowed"))?;
        let mut p: *mut Scalar = std::ptr::null_mut();
        // SAFETY: live dense matrix; PETSc lends its array until the restore.
        check(unsafe { sys::MatDenseGetArray(self.ptr, &mut p) })?;
        Ok(DenseViewMut {
            ptr: p,
            mat_ptr: self.ptr,
            rows,
            cols,
            lda,
            _borrow: borrow,
            _mat: PhantomData,
        })
    }

    /// `(local rows, global columns, lda)` of a dense matrix; an `Err` for other types.
    fn dense_shape(&self) -> Result<(usize, usize, usize)> {
        let lda = self.dense_lda()?;
        let (m, _) = self.local_size()?;
        let (_, n) = self.size()?;
        if lda < m.max(1) && m > 0 {
            return Err(Error::invalid(
                "Mat::dense_view",
                format!("leading dimension {lda} below the {m} local rows"),
            ));
        }
        Ok((m as usize, n as usize, lda.max(1) as usize))
    }
}

/// Entries `0 .. (cols-1)*lda + rows` of a column-major block.
fn span(rows: usize, cols: usize, lda: usize) -> usize {
    if rows == 0 || cols == 0 {
        0
    } else {
        (cols - 1) * lda + rows
    }
}

/// A read-only view of a dense matrix's local block: `rows()` local rows by `cols()`
/// global columns, column-major with leading dimension `lda()`.
pub struct DenseView<'a> {
    mat: &'a Mat,
    ptr: *const Scalar,
    rows: usize,
    cols: usize,
    lda: usize,
    // Released after the array is restored.
    _borrow: ArrayBorrow,
}

impl DenseView<'_> {
    /// Local rows.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Columns (all of them, on every rank).
    pub fn cols(&self) -> usize {
        self.cols
    }

    /// Distance between the starts of two columns.
    pub fn lda(&self) -> usize {
        self.lda
    }

    fn data(&self) -> &[Scalar] {
        let n = span(self.rows, self.cols, self.lda);
        if n == 0 {
            return &[];
        }
        // SAFETY: PETSc lent a column-major array of `cols` columns `lda` apart, each
        // with `rows` initialized entries, until the view is dropped.
        unsafe { std::slice::from_raw_parts(self.ptr, n) }
    }

    /// Entry `(i, j)` (local row, global column), `None` outside the block.
    pub fn get(&self, i: usize, j: usize) -> Option<Scalar> {
        (i < self.rows && j < self.cols).then(|| self.data()[j * self.lda + i])
    }

    /// Local column `j` (panics if `j >= cols()`).
    pub fn column(&self, j: usize) -> &[Scalar] {
        assert!(j < self.cols, "column {j} of {}", self.cols);
        &self.data()[j * self.lda..j * self.lda + self.rows]
    }

    /// The block as an `ndarray` view, indexed `[[local row, column]]`.
    pub fn as_ndarray(&self) -> ArrayView2<'_, Scalar> {
        ArrayView2::from_shape((self.rows, self.cols).strides((1, self.lda)), self.data())
            .expect("the dense block fits its array")
    }
}

impl Drop for DenseView<'_> {
    fn drop(&mut self) {
        // SAFETY: restores exactly the pointer MatDenseGetArrayRead gave.
        crate::error::record_destroy(unsafe {
            sys::MatDenseRestoreArrayRead(self.mat.ptr, &mut self.ptr)
        });
    }
}

impl std::fmt::Debug for DenseView<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", self.as_ndarray())
    }
}

/// A writable view of a dense matrix's local block; see [`DenseView`].
pub struct DenseViewMut<'a> {
    ptr: *mut Scalar,
    mat_ptr: sys::Mat,
    rows: usize,
    cols: usize,
    lda: usize,
    // Released after the array is restored.
    _borrow: ArrayBorrow,
    _mat: PhantomData<&'a mut Mat>,
}

impl DenseViewMut<'_> {
    /// Local rows.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Columns (all of them, on every rank).
    pub fn cols(&self) -> usize {
        self.cols
    }

    /// Distance between the starts of two columns.
    pub fn lda(&self) -> usize {
        self.lda
    }

    fn data(&self) -> &[Scalar] {
        let n = span(self.rows, self.cols, self.lda);
        if n == 0 {
            return &[];
        }
        // SAFETY: as in DenseView::data.
        unsafe { std::slice::from_raw_parts(self.ptr, n) }
    }

    fn data_mut(&mut self) -> &mut [Scalar] {
        let n = span(self.rows, self.cols, self.lda);
        if n == 0 {
            return &mut [];
        }
        // SAFETY: PETSc lent the array for writing; `&mut self` makes this unique.
        unsafe { std::slice::from_raw_parts_mut(self.ptr, n) }
    }

    /// Entry `(i, j)` (local row, global column), `None` outside the block.
    pub fn get(&self, i: usize, j: usize) -> Option<Scalar> {
        (i < self.rows && j < self.cols).then(|| self.data()[j * self.lda + i])
    }

    /// Sets entry `(i, j)`; panics outside the block.
    pub fn set(&mut self, i: usize, j: usize, value: Scalar) {
        assert!(
            i < self.rows && j < self.cols,
            "({i}, {j}) outside the {} x {} block",
            self.rows,
            self.cols
        );
        let lda = self.lda;
        self.data_mut()[j * lda + i] = value;
    }

    /// Local column `j` (panics if `j >= cols()`).
    pub fn column(&self, j: usize) -> &[Scalar] {
        assert!(j < self.cols, "column {j} of {}", self.cols);
        &self.data()[j * self.lda..j * self.lda + self.rows]
    }

    /// Local column `j`, writable (panics if `j >= cols()`).
    pub fn column_mut(&mut self, j: usize) -> &mut [Scalar] {
        assert!(j < self.cols, "column {j} of {}", self.cols);
        let (lda, rows) = (self.lda, self.rows);
        &mut self.data_mut()[j * lda..j * lda + rows]
    }

    /// The block as an `ndarray` view, indexed `[[local row, column]]`.
    pub fn as_ndarray(&self) -> ArrayView2<'_, Scalar> {
        ArrayView2::from_shape((self.rows, self.cols).strides((1, self.lda)), self.data())
            .expect("the dense block fits its array")
    }

    /// The block as a mutable `ndarray` view.
    pub fn as_ndarray_mut(&mut self) -> ArrayViewMut2<'_, Scalar> {
        let (r, c, l) = (self.rows, self.cols, self.lda);
        ArrayViewMut2::from_shape((r, c).strides((1, l)), self.data_mut())
            .expect("the dense block fits its array")
    }
}

impl Drop for DenseViewMut<'_> {
    fn drop(&mut self) {
        // SAFETY: restores exactly the pointer MatDenseGetArray gave, on the matrix the
        // view borrows mutably.
        crate::error::record_destroy(unsafe {
            sys::MatDenseRestoreArray(self.mat_ptr, &mut self.ptr)
        });
    }
}

impl std::fmt::Debug for DenseViewMut<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", self.as_ndarray())
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

    /// Gives the column back once (later calls do nothing): PETSc's code.
    fn give_back(&mut self) -> sys::PetscErrorCode {
        if self.vec.ptr.is_null() {
            return 0;
        }
        // SAFETY: the matrix (borrowed mutably for the guard's life) and the vector it
        // lent for this column; PETSc takes the memory back and nulls the pointer.
        let code = unsafe { sys::MatDenseRestoreColumnVec(self.mat, self.col, &mut self.vec.ptr) };
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
