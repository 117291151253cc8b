//! One row of an assembled matrix, borrowed from PETSc (`MatGetRow`) and given back on
//! drop (`MatRestoreRow`).

use petsc_sys as sys;

use super::Mat;
use crate::borrow::ArrayBorrow;
use crate::error::{Error, Result, check};
use crate::scalar::{Int, Scalar};

impl Mat {
    /// The stored entries of global row `row`, which this rank owns (`MatGetRow`): its
    /// column indices (sorted) and values, valid until the returned guard is dropped
    /// (`MatRestoreRow`). The matrix must be assembled, and this handle must hold its
    /// only reference (as for dense views: see [`dense_view`](Self::dense_view)). While a guard is alive the
    /// matrix cannot be changed (an `Err`); distributed formats lend one row at a time,
    /// and refuse a second `row` with PETSc's error.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// // [[1, 0, 2], [0, 3, 0]]
    /// let a = petsc::Mat::from_csr(&c, Some(2), Some(3), None, None, &[0, 2, 3], &[0, 2, 1], &[1.0, 2.0, 3.0])?;
    /// let r = a.row(0)?;
    /// assert_eq!(r.cols(), &[0, 2]);
    /// assert_eq!(r.values(), &[1.0, 2.0]);
    /// drop(r);
    /// assert_eq!(a.row(1)?.cols(), &[1]);
    /// assert!(a.row(2).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatGetRow")]
    pub fn row(&self, row: Int) -> Result<MatRow<'_>> {
        const CTX: &str = "Mat::row";
        let owned = self.ownership_range()?;
        if !owned.contains(&row) {
            return Err(Error::out_of_range(
                CTX,
                format!(
                    "row {row} is not owned by this process (owns {}..{})",
                    owned.start, owned.end
                ),
            ));
        }
        if !self.is_assembled()? {
            return Err(Error::invalid(CTX, "the matrix is not assembled"));
        }
        if self.is_factored()? {
            return Err(Error::invalid(CTX, "not for a factored matrix"));
        }
        let borrow = self.shared_borrow(CTX)?;
        let mut n: Int = 0;
        let mut cols: *const Int = std::ptr::null();
        let mut vals: *const Scalar = std::ptr::null();
        // SAFETY: live, assembled, unfactored matrix; `row` is owned here; PETSc lends
        // the row's arrays until MatRestoreRow.
        check(unsafe { sys::MatGetRow(self.ptr, row, &mut n, &mut cols, &mut vals) })?;
        Ok(MatRow {
            mat: self,
            row,
            n,
            cols,
            vals,
            _borrow: borrow,
        })
    }
}

type IjFn = unsafe extern "C" fn(
    sys::Mat,
    Int,
    sys::PetscBool,
    sys::PetscBool,
    *mut Int,
    *mut *const Int,
    *mut *const Int,
    *mut sys::PetscBool,
) -> sys::PetscErrorCode;

impl Mat {
    /// The non-zero structure of a sequential matrix in compressed sparse row form,
    /// `(row_ptr, cols)` from 0, copied (`MatGetRowIJ`); with `symmetric`, the structure
    /// of `A + A^T`. `None` when PETSc does not give it for this type (distributed
    /// matrices).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let a = petsc::Mat::from_csr(&c, Some(2), Some(2), None, None, &[0, 2, 3], &[0, 1, 1], &[1.0, 2.0, 3.0])?;
    /// assert_eq!(a.row_ij(false)?, Some((vec![0, 2, 3], vec![0, 1, 1])));
    /// assert_eq!(a.column_ij(false)?, Some((vec![0, 1, 3], vec![0, 0, 1])));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatGetRowIJ")]
    pub fn row_ij(&self, symmetric: bool) -> Result<Option<(Vec<Int>, Vec<Int>)>> {
        self.row_ij_compressed(symmetric, false)
    }

    /// [`row_ij`](Self::row_ij) with PETSc's `inodecompressed` flag (petsc4py's
    /// `getRowIJ(symmetric, compressed)`): with `compressed`, a BAIJ or SBAIJ matrix gives
    /// the structure of its blocks (block rows and block columns), an AIJ matrix with
    /// inodes that of its inodes.
    ///
    /// ```
    /// use petsc::{InsertMode, Mat};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut a = Mat::new_baij(&petsc.self_comm(), 2, None, None, Some(4), Some(4), 2, 0)?;
    /// a.set_values_blocked(&[0], &[0, 1], &[1.0; 8], InsertMode::Insert)?;
    /// a.set_values_blocked(&[1], &[1], &[1.0; 4], InsertMode::Insert)?;
    /// a.assemble()?;
    /// assert_eq!(a.row_ij_compressed(false, true)?, Some((vec![0, 2, 3], vec![0, 1, 1])));
    /// assert_eq!(a.row_ij(false)?.map(|(p, _)| p), Some(vec![0, 4, 8, 10, 12]));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatGetRowIJ")]
    pub fn row_ij_compressed(
        &self,
        symmetric: bool,
        compressed: bool,
    ) -> Result<Option<(Vec<Int>, Vec<Int>)>> {
        self.structure_ij(
            "Mat::row_ij",
            symmetric,
            compressed,
            sys::MatGetRowIJ,
            sys::MatRestoreRowIJ,
        )
    }

    /// The non-zero structure by columns, `(col_ptr, rows)`, as
    /// [`row_ij`](Self::row_ij) gives it by rows (`MatGetColumnIJ`).
    #[doc(alias = "MatGetColumnIJ")]
    pub fn column_ij(&self, symmetric: bool) -> Result<Option<(Vec<Int>, Vec<Int>)>> {
        self.column_ij_compressed(symmetric, false)
    }

    /// [`column_ij`](Self::column_ij) with PETSc's `inodecompressed` flag, as
    /// [`row_ij_compressed`](Self::row_ij_compressed) (petsc4py's
    /// `getColumnIJ(symmetric, compressed)`).
    #[doc(alias = "MatGetColumnIJ")]
    pub fn column_ij_compressed(
        &self,
        symmetric: bool,
        compressed: bool,
    ) -> Result<Option<(Vec<Int>, Vec<Int>)>> {
        self.structure_ij(
            "Mat::column_ij",
            symmetric,
            compressed,
            sys::MatGetColumnIJ,
            sys::MatRestoreColumnIJ,
        )
    }

    fn structure_ij(
        &self,
        context: &str,
        symmetric: bool,
        compressed: bool,
        get: IjFn,
        restore: IjFn,
    ) -> Result<Option<(Vec<Int>, Vec<Int>)>> {
        self.check_no_writer(context)?;
        if !self.is_assembled()? || self.is_factored()? {
            return Err(Error::invalid(
                context,
                "the matrix is not assembled, or is factored",
            ));
        }
        let sym = if symmetric {
            sys::PETSC_BOOL_TRUE
        } else {
            sys::PETSC_BOOL_FALSE
        };
        let no = if compressed {
            sys::PETSC_BOOL_TRUE
        } else {
            sys::PETSC_BOOL_FALSE
        };
        let mut n: Int = 0;
        let (mut ia, mut ja): (*const Int, *const Int) = (std::ptr::null(), std::ptr::null());
        let mut done = sys::PETSC_BOOL_FALSE;
        // SAFETY: live, assembled matrix; PETSc lends the arrays until the restore below
        // (or sets `done` to false and lends nothing).
        check(unsafe { get(self.ptr, 0, sym, no, &mut n, &mut ia, &mut ja, &mut done) })?;
        if done != sys::PETSC_BOOL_TRUE {
            return Ok(None);
        }
        let copied = if ia.is_null() || n < 0 {
            (Vec::new(), Vec::new())
        } else {
            // SAFETY: PETSc lent `n + 1` offsets from 0 and `ia[n]` indices.
            unsafe {
                let ptr = std::slice::from_raw_parts(ia, n as usize + 1).to_vec();
                let nnz = ptr[n as usize].max(0) as usize;
                let idx = if nnz == 0 || ja.is_null() {
                    Vec::new()
                } else {
                    std::slice::from_raw_parts(ja, nnz).to_vec()
                };
                (ptr, idx)
            }
        };
        // SAFETY: gives back exactly what the call above lent.
        check(unsafe { restore(self.ptr, 0, sym, no, &mut n, &mut ia, &mut ja, &mut done) })?;
        Ok(Some(copied))
    }
}

/// A borrowed row of a matrix ([`Mat::row`]); gives it back on drop.
pub struct MatRow<'a> {
    mat: &'a Mat,
    row: Int,
    n: Int,
    cols: *const Int,
    vals: *const Scalar,
    // Released after the row is restored.
    _borrow: ArrayBorrow,
}

impl MatRow<'_> {
    /// The global row index.
    pub fn row(&self) -> Int {
        self.row
    }

    /// The global column indices of the stored entries.
    pub fn cols(&self) -> &[Int] {
        if self.n == 0 || self.cols.is_null() {
            return &[];
        }
        // SAFETY: PETSc lent `n` column indices until the row is restored.
        unsafe { std::slice::from_raw_parts(self.cols, self.n as usize) }
    }

    /// The stored values, one per column index.
    pub fn values(&self) -> &[Scalar] {
        if self.n == 0 || self.vals.is_null() {
            return &[];
        }
        // SAFETY: PETSc lent `n` values until the row is restored.
        unsafe { std::slice::from_raw_parts(self.vals, self.n as usize) }
    }
}

impl Drop for MatRow<'_> {
    fn drop(&mut self) {
        // SAFETY: gives back exactly what MatGetRow lent for this row.
        crate::error::record_destroy(unsafe {
            sys::MatRestoreRow(
                self.mat.ptr,
                self.row,
                &mut self.n,
                &mut self.cols,
                &mut self.vals,
            )
        });
    }
}

impl std::fmt::Debug for MatRow<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MatRow")
            .field("row", &self.row)
            .field("cols", &self.cols())
            .field("values", &self.values())
            .finish()
    }
}

// The names before the naming scheme of 0.2 (`new`, no `get_`); they still compile,
// with a deprecation warning naming the new one.
impl Mat {
    /// The former name of [`row`](Self::row).
    #[deprecated(
        since = "0.2.0",
        note = "use `Mat::row` (getters have no `get_` prefix)"
    )]
    pub fn get_row(&self, row: Int) -> Result<MatRow<'_>> {
        self.row(row)
    }
}
