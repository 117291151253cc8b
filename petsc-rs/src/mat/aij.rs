//! AIJ matrices made from sizes: with a number of non-zeros per row or per-row counts,
//! from CSR arrays, or loaded from a viewer; and the checks of the sizes and arrays
//! given.

use petsc_sys as sys;

use super::Mat;
use crate::comm::Comm;
use crate::error::{Error, Result, check, check_indices};
use crate::scalar::{Int, Scalar};
use crate::viewer::Viewer;

/// Sizes as given by the caller, checked: `None` is `PETSC_DECIDE`.
#[derive(Debug, Clone, Copy)]
pub(super) struct Sizes {
    pub(super) local_rows: Option<Int>,
    pub(super) local_cols: Option<Int>,
    pub(super) global_rows: Option<Int>,
    pub(super) global_cols: Option<Int>,
}

impl Sizes {
    /// Checks the sizes on every rank of `comm` at once (collective; see
    /// `Comm::check_layout`), for rows and for columns.
    pub(super) fn new(
        comm: &Comm,
        context: &str,
        local_rows: Option<Int>,
        local_cols: Option<Int>,
        global_rows: Option<Int>,
        global_cols: Option<Int>,
    ) -> Result<Sizes> {
        comm.check_layout(context, "rows", local_rows, global_rows)?;
        comm.check_layout(context, "columns", local_cols, global_cols)?;
        Ok(Sizes {
            local_rows,
            local_cols,
            global_rows,
            global_cols,
        })
    }

    /// The four sizes for PETSc, `PETSC_DECIDE` for `None`: local rows, local columns,
    /// global rows, global columns.
    pub(super) fn raw(&self) -> [Int; 4] {
        let d = sys::PETSC_DECIDE as Int;
        [
            self.local_rows.unwrap_or(d),
            self.local_cols.unwrap_or(d),
            self.global_rows.unwrap_or(d),
            self.global_cols.unwrap_or(d),
        ]
    }

    /// `(local, global)` rows as PETSc will lay them out (collective).
    pub(super) fn rows(&self, comm: &Comm) -> Result<(Int, Int)> {
        split_ownership(comm, self.local_rows, self.global_rows)
    }

    /// `(local, global)` columns as PETSc will lay them out (collective).
    pub(super) fn cols(&self, comm: &Comm) -> Result<(Int, Int)> {
        split_ownership(comm, self.local_cols, self.global_cols)
    }
}

/// PETSc's split of `global` into local parts, or the sum of the local parts
/// (`PetscSplitOwnership`; collective when `global` is `None`).
pub(super) fn split_ownership(
    comm: &Comm,
    local: Option<Int>,
    global: Option<Int>,
) -> Result<(Int, Int)> {
    let d = sys::PETSC_DECIDE as Int;
    let (mut n, mut big_n) = (local.unwrap_or(d), global.unwrap_or(d));
    // SAFETY: live communicator; at least one of the two sizes is given (checked by Sizes).
    check(unsafe { sys::PetscSplitOwnership(comm.as_raw(), &mut n, &mut big_n) })?;
    Ok((n, big_n))
}

/// Rejects negative indices and indices at or above `bound`.
pub(super) fn check_nonneg_indices(
    context: &str,
    what: &str,
    idx: &[Int],
    bound: Int,
) -> Result<()> {
    if let Some((pos, &i)) = idx.iter().enumerate().find(|&(_, &i)| i < 0) {
        return Err(Error::out_of_range(
            context,
            format!("{what} {i} (position {pos}) is negative"),
        ));
    }
    check_indices(context, what, idx, bound)
}

fn check_csr(
    context: &str,
    local_rows: Int,
    global_cols: Int,
    row_ptr: &[Int],
    col_idx: &[Int],
    values: &[Scalar],
) -> Result<()> {
    if row_ptr.len() != local_rows as usize + 1 {
        return Err(Error::size_mismatch(
            context,
            format!(
                "row_ptr has {} entries but this rank has {} local rows, so it needs {}",
                row_ptr.len(),
                local_rows,
                local_rows + 1
            ),
        ));
    }
    if row_ptr[0] != 0 {
        return Err(Error::invalid(
            context,
            format!("row_ptr must start at 0, starts at {}", row_ptr[0]),
        ));
    }
    if let Some(k) = (1..row_ptr.len()).find(|&k| row_ptr[k] < row_ptr[k - 1]) {
        return Err(Error::invalid(
            context,
            format!(
                "row_ptr must not decrease, but row_ptr[{}] = {} < row_ptr[{}] = {}",
                k,
                row_ptr[k],
                k - 1,
                row_ptr[k - 1]
            ),
        ));
    }
    let nnz = row_ptr[row_ptr.len() - 1];
    if nnz as usize != col_idx.len() || col_idx.len() != values.len() {
        return Err(Error::size_mismatch(
            context,
            format!(
                "row_ptr ends at {nnz}, but col_idx has {} entries and values has {}; all three must agree",
                col_idx.len(),
                values.len()
            ),
        ));
    }
    check_nonneg_indices(context, "column", col_idx, global_cols)
}

impl Mat {
    /// `MatCreate` + `MatSetSizes` + `MatSetType(MATAIJ)`, without preallocation.
    pub(super) fn create_aij(comm: &Comm, s: &Sizes) -> Result<Mat> {
        let d = sys::PETSC_DECIDE as Int;
        let mut m: sys::Mat = std::ptr::null_mut();
        // SAFETY: live communicator; PETSc writes the new matrix.
        check(unsafe { sys::MatCreate(comm.as_raw(), &mut m) })?;
        let mat = Mat::from_raw(comm.petsc(), m);
        // SAFETY: live matrix.
        check(unsafe {
            sys::MatSetSizes(
                m,
                s.local_rows.unwrap_or(d),
                s.local_cols.unwrap_or(d),
                s.global_rows.unwrap_or(d),
                s.global_cols.unwrap_or(d),
            )
        })?;
        // SAFETY: live matrix; MATAIJ is a NUL-terminated type name.
        check(unsafe { sys::MatSetType(m, sys::MATAIJ.as_ptr() as *const _) })?;
        Ok(mat)
    }

    /// An AIJ matrix preallocated row by row (collective): `d_nnz[i]` non-zeros of local
    /// row `i` fall in the diagonal block (columns this rank owns), `o_nnz[i]` outside
    /// it. Both slices have one entry per local row (PETSc's split of the rows when
    /// `local_rows` is `None`). Sizes as in [`new_aij`](Self::new_aij).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// // A 3x3 lower bidiagonal matrix: one entry in row 0, two in the others.
    /// let mut a = petsc::Mat::new_aij_with_nnz(&c, Some(3), Some(3), None, None, &[1, 2, 2], &[0, 0, 0])?;
    /// for i in 0..3 {
    ///     a.set_value(i, i, 2.0, petsc::InsertMode::Insert)?;
    ///     if i > 0 {
    ///         a.set_value(i, i - 1, -1.0, petsc::InsertMode::Insert)?;
    ///     }
    /// }
    /// a.assemble()?;
    /// assert_eq!(a.values(&[2], &[1, 2])?, vec![-1.0, 2.0]);
    /// assert!(petsc::Mat::new_aij_with_nnz(&c, Some(3), Some(3), None, None, &[1, 2], &[0, 0]).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[allow(clippy::too_many_arguments)]
    pub fn new_aij_with_nnz(
        comm: &Comm,
        local_rows: Option<Int>,
        local_cols: Option<Int>,
        global_rows: Option<Int>,
        global_cols: Option<Int>,
        d_nnz: &[Int],
        o_nnz: &[Int],
    ) -> Result<Mat> {
        const CTX: &str = "Mat::new_aij_with_nnz";
        let sizes = Sizes::new(comm, CTX, local_rows, local_cols, global_rows, global_cols)?;
        let (m, _) = sizes.rows(comm)?;
        let (n, _) = sizes.cols(comm)?;
        let local = (|| {
            for (name, nnz) in [("d_nnz", d_nnz), ("o_nnz", o_nnz)] {
                if nnz.len() != m as usize {
                    return Err(Error::size_mismatch(
                        CTX,
                        format!(
                            "{name} has {} entries but this rank has {m} local rows",
                            nnz.len()
                        ),
                    ));
                }
                if let Some((i, &k)) = nnz.iter().enumerate().find(|&(_, &k)| k < 0) {
                    return Err(Error::invalid(
                        CTX,
                        format!("{name}[{i}] = {k} is negative"),
                    ));
                }
            }
            Ok(())
        })();
        comm.agree(CTX, local)?;
        let mat = Mat::create_aij(comm, &sizes)?;
        // On one process the whole row is the diagonal block.
        let seq: std::vec::Vec<Int> = d_nnz
            .iter()
            .zip(o_nnz)
            .map(|(&d, &o)| (d + o).min(n))
            .collect();
        // SAFETY: live matrix; `seq` has one entry per local row.
        check(unsafe { sys::MatSeqAIJSetPreallocation(mat.ptr, 0, seq.as_ptr()) })?;
        // SAFETY: live matrix; both arrays have one entry per local row.
        check(unsafe {
            sys::MatMPIAIJSetPreallocation(mat.ptr, 0, d_nnz.as_ptr(), 0, o_nnz.as_ptr())
        })?;
        Ok(mat)
    }

    /// An assembled AIJ matrix from this rank's rows in compressed sparse row form
    /// (collective): local row `i` has the entries `values[row_ptr[i]..row_ptr[i+1]]`
    /// in the global columns `col_idx[row_ptr[i]..row_ptr[i+1]]`. The arrays are copied,
    /// so they need not outlive the matrix (`MatXAIJSetPreallocationCSR`-like, as
    /// `MatCreateMPIAIJWithArrays`). `row_ptr` starts at 0, never decreases, has one
    /// entry more than the local rows and ends at `col_idx.len() == values.len()`.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// // [[1, 2], [0, 3]]
    /// let a = petsc::Mat::from_csr(&c, Some(2), Some(2), None, None, &[0, 2, 3], &[0, 1, 1], &[1.0, 2.0, 3.0])?;
    /// let x = petsc::Vector::from_slice(&c, &[1.0, 1.0])?;
    /// let mut y = x.duplicate()?;
    /// a.mult(&x, &mut y)?;
    /// assert_eq!(&*y.view()?, &[3.0, 3.0]);
    /// let e = petsc::Mat::from_csr(&c, Some(2), Some(2), None, None, &[0, 2, 3], &[0, 2, 1], &[1.0, 2.0, 3.0]).unwrap_err();
    /// assert!(e.to_string().contains("column 2"), "{e}");
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[allow(clippy::too_many_arguments)]
    pub fn from_csr(
        comm: &Comm,
        local_rows: Option<Int>,
        local_cols: Option<Int>,
        global_rows: Option<Int>,
        global_cols: Option<Int>,
        row_ptr: &[Int],
        col_idx: &[Int],
        values: &[Scalar],
    ) -> Result<Mat> {
        const CTX: &str = "Mat::from_csr";
        let sizes = Sizes::new(comm, CTX, local_rows, local_cols, global_rows, global_cols)?;
        let (m, _) = sizes.rows(comm)?;
        let (_, big_n) = sizes.cols(comm)?;
        let local = check_csr(CTX, m, big_n, row_ptr, col_idx, values);
        comm.agree(CTX, local)?;
        let mat = Mat::create_aij(comm, &sizes)?;
        // SAFETY: live matrix; the CSR arrays were checked to be consistent with the
        // local rows and the global columns; PETSc copies them and assembles (a no-op
        // unless the type is seqaij).
        check(unsafe {
            sys::MatSeqAIJSetPreallocationCSR(
                mat.ptr,
                row_ptr.as_ptr(),
                col_idx.as_ptr(),
                values.as_ptr(),
            )
        })?;
        // SAFETY: as above (a no-op unless the type is mpiaij).
        check(unsafe {
            sys::MatMPIAIJSetPreallocationCSR(
                mat.ptr,
                row_ptr.as_ptr(),
                col_idx.as_ptr(),
                values.as_ptr(),
            )
        })?;
        Ok(mat)
    }

    /// Reads a matrix from a binary viewer (`MatLoad`, collective); AIJ unless
    /// `-mat_type` says otherwise.
    ///
    /// The file is not trusted: before `MatLoad` reads it, the first rank of the
    /// viewer's communicator checks the matrix stored at the viewer's position and every
    /// rank returns the same `Err`, naming the problem, when it is not a well-formed
    /// PETSc matrix: another class id in the header, negative sizes, a file too short
    /// for the sizes its header gives (so no huge allocation follows from a lying
    /// header), a row length below 0 or above the number of columns, row lengths that
    /// do not add up to the header's number of nonzeros, a column index that is negative
    /// or not below the number of columns, or column indices of a row that are not
    /// strictly increasing (PETSc writes them so, and its sequential kernels rely on
    /// it). PETSc itself checks little of this, and a matrix loaded from such a file
    /// crashed in the first product. The check reads the row lengths and the column
    /// indices once more on that rank. Also `Err`: a viewer that is not a binary one
    /// (`Viewer::binary_file`), one opened for writing, or one on another communicator
    /// than `comm`.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// // A 1 x 2 matrix whose only entry has column index 5.
    /// let int = |v: i64| match std::mem::size_of::<petsc::Int>() {
    ///     4 => (v as i32).to_be_bytes().to_vec(),
    ///     _ => v.to_be_bytes().to_vec(),
    /// };
    /// let mut bytes: Vec<u8> = [1211216, 1, 2, 1, 1, 5].into_iter().flat_map(int).collect();
    /// bytes.extend(vec![0u8; std::mem::size_of::<petsc::Scalar>()]);
    /// let path = std::env::temp_dir().join(format!("petsc-rs-bad-mat-doc-{}.bin", std::process::id()));
    /// std::fs::write(&path, &bytes).unwrap();
    /// let viewer = petsc::Viewer::binary_file(&c, path.to_str().unwrap(), petsc::FileMode::Read)?;
    /// let e = petsc::Mat::load(&c, &viewer).unwrap_err();
    /// assert!(e.to_string().contains("column index 5 of row 0 is not below the 2 columns"), "{e}");
    /// # drop(viewer);
    /// # std::fs::remove_file(path).ok();
    /// # Ok::<(), petsc::Error>(())
    /// ```
    ///
    /// ```
    /// use petsc::Object;
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let a = petsc::Mat::from_csr(&c, Some(2), Some(2), None, None, &[0, 1, 2], &[1, 0], &[5.0, 7.0])?;
    /// let path = std::env::temp_dir().join(format!("petsc-rs-mat-doc-{}.bin", std::process::id()));
    /// let path = path.to_str().unwrap();
    /// a.view_with(&petsc::Viewer::binary_file(&c, path, petsc::FileMode::Write)?)?;
    /// let b = petsc::Mat::load(&c, &petsc::Viewer::binary_file(&c, path, petsc::FileMode::Read)?)?;
    /// assert_eq!(b.values(&[0, 1], &[0, 1])?, vec![0.0, 5.0, 7.0, 0.0]);
    /// std::fs::remove_file(path).ok();
    /// std::fs::remove_file(format!("{path}.info")).ok();
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatLoad")]
    pub fn load(comm: &Comm, viewer: &Viewer) -> Result<Mat> {
        crate::binary::check_matrix(comm, viewer)?;
        let mut m: sys::Mat = std::ptr::null_mut();
        // SAFETY: live communicator; PETSc writes the new matrix.
        check(unsafe { sys::MatCreate(comm.as_raw(), &mut m) })?;
        let mat = Mat::from_raw(comm.petsc(), m);
        // SAFETY: live matrix and viewer.
        crate::error::check_from_options(unsafe { sys::MatSetFromOptions(m) })?;
        // SAFETY: live matrix and viewer; the matrix at the viewer's position was
        // checked to be well formed.
        check(unsafe { sys::MatLoad(m, viewer.as_raw()) })?;
        Ok(mat)
    }
}
