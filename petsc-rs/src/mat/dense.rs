//! Views of a dense matrix's local block (`MatDenseGetArray` and friends), restored on
//! drop like vector views, and the borrow checks every matrix call makes against them.

use std::marker::PhantomData;

use ndarray::{ArrayView2, ArrayViewMut2, ShapeBuilder};
use petsc_sys as sys;

use super::Mat;
use crate::borrow::{self, ArrayBorrow};
use crate::error::{Error, Result, check};
use crate::scalar::{Int, Scalar};

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
    /// view, a row from [`row`](Self::row)) is alive through any handle.
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
    /// use petsc::{InsertMode, Mat, Sizes};
    /// let petsc = petsc::Petsc::init()?;
    /// let world = petsc.world();
    /// let mut a = Mat::dense(&world).sizes(Sizes { local_rows: Some(2), global_cols: Some(3), ..Default::default() }).build()?;
    /// a.assemble()?;
    /// let mut l = a.dense_local_matrix()?;
    /// assert_eq!(l.size()?, (2, 3));
    /// assert!(a.dense_view().is_err()); // shared with `l`
    /// l.set_values(&[1], &[2], &[7.0], InsertMode::Insert)?;
    /// l.assemble()?;
    /// drop(l);
    /// let first = a.ownership_range()?.start;
    /// assert_eq!(a.values(&[first + 1], &[2])?, vec![7.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatDenseGetLocalMatrix")]
    pub fn dense_local_matrix(&self) -> Result<Mat> {
        self.check_loan("Mat::dense_local_matrix")?;
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
    /// use petsc::{Mat, Sizes};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut a = Mat::new(&petsc.self_comm())?;
    /// a.set_sizes_to(Sizes::global(2, 2))?;
    /// a.set_type_name("dense")?;
    /// a.set_dense_lda(5)?;
    /// a.set_preallocation_dense()?;
    /// assert_eq!(a.dense_lda()?, 5);
    /// assert!(a.set_dense_lda(1).is_err()); // below the rows, and allocated
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatDenseSetLDA")]
    pub fn set_dense_lda(&mut self, lda: Int) -> Result<()> {
        self.check_loan("Mat::set_dense_lda")?;
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

    /// The borrow of a guard that lends a part of the entries on the same memory: the
    /// only reference, and no view alive.
    pub(super) fn exclusive_borrow(&self, context: &str) -> Result<ArrayBorrow> {
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
    /// let mut a = petsc::Mat::dense(&petsc.self_comm()).sizes(petsc::Sizes::global(2, 2)).build()?;
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
        self.check_loan("Mat::dense_view")?;
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
    /// let mut a = petsc::Mat::dense(&c).sizes(petsc::Sizes::global(2, 2)).build()?;
    /// a.assemble()?;
    /// {
    ///     let mut v = a.dense_view_mut()?;
    ///     v.column_mut(1).copy_from_slice(&[5.0, 6.0]);
    ///     v.as_ndarray_mut()[[0, 0]] = 1.0;
    /// }
    /// assert_eq!(a.values(&[0, 1], &[0, 1])?, vec![1.0, 5.0, 0.0, 6.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatDenseGetArray")]
    pub fn dense_view_mut(&mut self) -> Result<DenseViewMut<'_>> {
        self.check_loan("Mat::dense_view_mut")?;
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
