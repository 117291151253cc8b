//! Matrices (`Mat`): sparse AIJ, sequential and distributed.

use std::ops::Range;

use petsc_sys as sys;

use crate::comm::Comm;
use crate::error::{check, check_indices, Error, Result};
use crate::object::petsc_handle;
use crate::vec::{InsertMode, Vector};
use crate::{Int, Scalar};

petsc_handle!(
    /// A PETSc matrix (`Mat`).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// // 1D Laplacian on 5 points, rows spread over the ranks.
    /// let n = 5;
    /// let mut a = petsc::Mat::new_aij(&petsc.world(), None, None, Some(n), Some(n), 3, 2)?;
    /// for i in a.ownership_range()? {
    ///     let cols: Vec<i32> = [i - 1, i, i + 1].into_iter().filter(|&j| j >= 0 && j < n).collect();
    ///     let vals: Vec<f64> = cols.iter().map(|&j| if j == i { 2.0 } else { -1.0 }).collect();
    ///     a.set_values(&[i], &cols, &vals, petsc::InsertMode::Insert)?;
    /// }
    /// a.assemble()?;
    /// let (mut x, mut y) = a.create_vecs()?;
    /// x.set(1.0)?;
    /// a.mult(&x, &mut y)?;
    /// assert_eq!(y.sum()?, 2.0); // only the two boundary rows are non-zero
    /// # Ok::<(), petsc::Error>(())
    /// ```
    Mat,
    sys::Mat,
    sys::MatDestroy
);

impl Mat {
    /// An AIJ (compressed sparse row) matrix: `seqaij` on one process, `mpiaij` on more.
    ///
    /// Sizes: local rows/columns and global rows/columns, each `None` for
    /// `PETSC_DECIDE`. Preallocation: `diag_nz` non-zeros per row in the diagonal block
    /// and `off_diag_nz` outside it (ignored on one process).
    pub fn new_aij(
        comm: &Comm,
        local_rows: Option<Int>,
        local_cols: Option<Int>,
        global_rows: Option<Int>,
        global_cols: Option<Int>,
        diag_nz: Int,
        off_diag_nz: Int,
    ) -> Result<Mat> {
        const CTX: &str = "Mat::new_aij";
        if local_rows.is_none() && global_rows.is_none() {
            return Err(Error::invalid(
                CTX,
                "give the local or the global number of rows",
            ));
        }
        if local_cols.is_none() && global_cols.is_none() {
            return Err(Error::invalid(
                CTX,
                "give the local or the global number of columns",
            ));
        }
        if let Some(n) = [local_rows, local_cols, global_rows, global_cols]
            .into_iter()
            .flatten()
            .find(|n| *n < 0)
        {
            return Err(Error::invalid(CTX, format!("size {n} is negative")));
        }
        let d = sys::PETSC_DECIDE as Int;
        let mut m: sys::Mat = std::ptr::null_mut();
        // SAFETY: live communicator; PETSc writes the new matrix.
        check(unsafe { sys::MatCreate(comm.as_raw(), &mut m) })?;
        let mat = Mat::from_raw(comm.petsc(), m);
        // SAFETY: live matrix.
        check(unsafe {
            sys::MatSetSizes(
                m,
                local_rows.unwrap_or(d),
                local_cols.unwrap_or(d),
                global_rows.unwrap_or(d),
                global_cols.unwrap_or(d),
            )
        })?;
        // SAFETY: live matrix; MATAIJ is a NUL-terminated type name.
        check(unsafe { sys::MatSetType(m, sys::MATAIJ.as_ptr() as *const _) })?;
        // SAFETY: live matrix; null per-row arrays mean "use the scalar count".
        check(unsafe { sys::MatSeqAIJSetPreallocation(m, diag_nz, std::ptr::null()) })?;
        // SAFETY: as above.
        check(unsafe {
            sys::MatMPIAIJSetPreallocation(
                m,
                diag_nz,
                std::ptr::null(),
                off_diag_nz,
                std::ptr::null(),
            )
        })?;
        Ok(mat)
    }

    /// Global `(rows, columns)`.
    pub fn size(&self) -> Result<(Int, Int)> {
        let (mut m, mut n): (Int, Int) = (0, 0);
        // SAFETY: live matrix.
        check(unsafe { sys::MatGetSize(self.ptr, &mut m, &mut n) })?;
        Ok((m, n))
    }

    /// This process's `(rows, columns)`.
    pub fn local_size(&self) -> Result<(Int, Int)> {
        let (mut m, mut n): (Int, Int) = (0, 0);
        // SAFETY: live matrix.
        check(unsafe { sys::MatGetLocalSize(self.ptr, &mut m, &mut n) })?;
        Ok((m, n))
    }

    /// The global rows this process owns.
    pub fn ownership_range(&self) -> Result<Range<Int>> {
        let (mut lo, mut hi): (Int, Int) = (0, 0);
        // SAFETY: live matrix.
        check(unsafe { sys::MatGetOwnershipRange(self.ptr, &mut lo, &mut hi) })?;
        Ok(lo..hi)
    }

    /// Sets or adds a dense block: `values` holds `rows.len() x cols.len()` entries, row
    /// by row. Any process may set any entry; [`assemble`](Self::assemble) moves them.
    /// Negative indices are ignored, as in PETSc.
    pub fn set_values(
        &mut self,
        rows: &[Int],
        cols: &[Int],
        values: &[Scalar],
        mode: InsertMode,
    ) -> Result<()> {
        const CTX: &str = "Mat::set_values";
        if rows.len() * cols.len() != values.len() {
            return Err(Error::size_mismatch(
                CTX,
                format!(
                    "{} rows x {} columns needs {} values, got {}",
                    rows.len(),
                    cols.len(),
                    rows.len() * cols.len(),
                    values.len()
                ),
            ));
        }
        let (m, n) = self.size()?;
        check_indices(CTX, "row", rows, m)?;
        check_indices(CTX, "column", cols, n)?;
        // SAFETY: live matrix; slice lengths checked above.
        check(unsafe {
            sys::MatSetValues(
                self.ptr,
                rows.len() as Int,
                rows.as_ptr(),
                cols.len() as Int,
                cols.as_ptr(),
                values.as_ptr(),
                mode.raw(),
            )
        })
    }

    /// Completes assembly (collective): `MatAssemblyBegin`/`End` with `MAT_FINAL_ASSEMBLY`.
    pub fn assemble(&mut self) -> Result<()> {
        let t = sys::MatAssemblyType::MAT_FINAL_ASSEMBLY;
        // SAFETY: live matrix.
        check(unsafe { sys::MatAssemblyBegin(self.ptr, t) })?;
        // SAFETY: live matrix, assembly begun.
        check(unsafe { sys::MatAssemblyEnd(self.ptr, t) })
    }

    /// `y = A x`.
    pub fn mult(&self, x: &Vector, y: &mut Vector) -> Result<()> {
        // SAFETY: live matrix and vectors; PETSc checks the layouts.
        check(unsafe { sys::MatMult(self.ptr, x.ptr, y.ptr) })
    }

    /// Vectors laid out like the matrix: `(right, left)`, that is `x` with the column
    /// layout and `y = A x` with the row layout.
    pub fn create_vecs(&self) -> Result<(Vector, Vector)> {
        let (mut r, mut l): (sys::Vec, sys::Vec) = (std::ptr::null_mut(), std::ptr::null_mut());
        // SAFETY: live matrix; PETSc writes two new vectors.
        check(unsafe { sys::MatCreateVecs(self.ptr, &mut r, &mut l) })?;
        Ok((
            Vector::from_raw(&self.petsc, r),
            Vector::from_raw(&self.petsc, l),
        ))
    }
}
