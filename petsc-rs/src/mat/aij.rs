//! AIJ matrices made from sizes: with a number of non-zeros per row or per-row counts,
//! from CSR arrays, or loaded from a viewer; and the checks of the sizes and arrays
//! given.

use petsc_sys as sys;

use super::{Csr, Mat, Sizes};
use crate::comm::Comm;
use crate::error::{Error, Result, check, check_indices};
use crate::scalar::{Int, Scalar};
use crate::viewer::Viewer;

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

impl Mat {
    /// An AIJ matrix from positional sizes, preallocated row by row.
    #[deprecated(
        since = "0.2.0",
        note = "use `Mat::aij(comm).sizes(..).preallocate_rows(d_nnz, o_nnz).build()` (named sizes cannot be swapped unnoticed)"
    )]
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
        let sizes = Sizes {
            local_rows,
            local_cols,
            global_rows,
            global_cols,
        };
        Mat::aij(comm)
            .sizes(sizes)
            .preallocate_rows(d_nnz, o_nnz)
            .build()
    }

    /// An assembled AIJ matrix from positional sizes and this rank's rows in compressed
    /// sparse row form.
    #[deprecated(
        since = "0.2.0",
        note = "use `Mat::aij(comm).sizes(..).csr(Csr { row_ptr, cols, vals }).build()` (named sizes and arrays cannot be swapped unnoticed)"
    )]
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
        let sizes = Sizes {
            local_rows,
            local_cols,
            global_rows,
            global_cols,
        };
        let rows = Csr {
            row_ptr,
            cols: col_idx,
            vals: values,
        };
        Mat::aij(comm).sizes(sizes).csr(rows).build()
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
    /// let a = petsc::Mat::aij(&c).sizes(petsc::Sizes::local(2, 2)).csr(petsc::Csr { row_ptr: &[0, 1, 2], cols: &[1, 0], vals: &[5.0, 7.0] }).build()?;
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
