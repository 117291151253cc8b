//! Matrices (`Mat`): sparse AIJ, dense and blocked formats, sequential and distributed,
//! implicit and shell matrices, and factorizations.
//!
//! The handle, its sizes, entry-by-entry assembly, zeroing rows and products with
//! vectors are here; the rest lives in modules named after what they hold: [`types`]
//! (type names, options, structure flags, `MatInfo`), `create` (generic creation with a
//! run-time type, dense and blocked formats), `assembly` (blocked, CSR and COO assembly,
//! options, assembly state), `algebra` (matrix-matrix products, sums, transposes,
//! diagonals, comparisons, conversion, SOR), `dense` (column-major views of dense
//! matrices), `row` (borrowed rows, CSR structure), `factor` (LU, Cholesky, ILU and ICC
//! factors and their solves), `mumps` (MUMPS controls), `fft` (distributed FFTs through
//! FFTW's matrices, [`Fft`]), `shell` (matrices whose products are closures),
//! `implicit` (implicit transposes and normal matrices, constant diagonals, redundant
//! copies, Schur complements, scatters), `lmvm` (quasi-Newton matrices), `local` (a
//! local numbering: assembly by local indices, local submatrices), `sub` (submatrices
//! picked by index sets), `nest` (matrices of blocks) and `hdf5` (matrices read from and
//! written to HDF5 files).

mod algebra;
mod assembly;
mod create;
mod dense;
mod factor;
mod fft;
mod hdf5;
mod implicit;
mod lmvm;
mod local;
#[cfg(petsc_have_mumps)]
mod mumps;
mod nest;
mod row;
mod shell;
mod sub;
pub(crate) mod types;

pub use algebra::SorType;
pub use dense::{DenseColumnVec, DenseSubMatrix, DenseView, DenseViewMut};
pub use factor::{FactorOptions, FactorType};
pub use fft::{Fft, SpectrumView, SpectrumViewMut};
pub use local::LocalSubMatrix;
pub use row::MatRow;
pub use types::{MatInfo, MatInfoType, MatOption, MatStructure, MatType, Ordering};

use std::ops::Range;

use petsc_sys as sys;

use crate::comm::Comm;
use crate::error::{Error, Result, check, check_indices};
use crate::object::petsc_handle;
use crate::vec::{InsertMode, NormType, ReadLocks, Vector};
use crate::viewer::Viewer;
use crate::{Int, Real, Scalar};

petsc_handle!(
    /// A PETSc matrix (`Mat`).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// // 1D Laplacian on 5 points, rows spread over the ranks.
    /// let n = 5;
    /// let mut a = petsc::Mat::new_aij(&petsc.world(), None, None, Some(n), Some(n), 3, 2)?;
    /// for i in a.ownership_range()? {
    ///     let cols: Vec<petsc::Int> = [i - 1, i, i + 1].into_iter().filter(|&j| j >= 0 && j < n).collect();
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
    sys::MatDestroy;
    copy_lent = Mat::copy_of,
    global_size: std::cell::Cell<Option<(Int, Int)>> = std::cell::Cell::new(None),
    stencil_box: std::cell::OnceCell<StencilBox> = std::cell::OnceCell::new(),
    coo: std::cell::Cell<Option<assembly::CooLayout>> = std::cell::Cell::new(None),
    assembling: std::cell::Cell<Option<sys::MatAssemblyType>> = std::cell::Cell::new(None),
    factor_source: std::cell::RefCell<Option<Box<factor::FactorSource>>> =
        std::cell::RefCell::new(None)
);

/// A rank's ghosted box of grid points (`start .. end` in x, y, z) and the number of
/// components of the DMDA a matrix was made by, cached by the matrix for checking
/// [`Mat::set_values_stencil`] indices. Filled and read by the DMDA module (`dm`), which
/// depends on this one and not the other way round.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct StencilBox {
    pub(crate) start: [Int; 3],
    pub(crate) end: [Int; 3],
    pub(crate) dof: Int,
}

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
        let sizes = Sizes::new(comm, CTX, local_rows, local_cols, global_rows, global_cols)?;
        let mat = Mat::create_aij(comm, &sizes)?;
        let m = mat.ptr;
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
    #[inline]
    pub fn size(&self) -> Result<(Int, Int)> {
        let (mut m, mut n): (Int, Int) = (0, 0);
        // SAFETY: live matrix.
        check(unsafe { sys::MatGetSize(self.ptr, &mut m, &mut n) })?;
        Ok((m, n))
    }

    /// The global size, asked of PETSc once: a matrix's layout is fixed once it exists,
    /// and assembly entry by entry would otherwise pay a C call per entry for it.
    #[inline(always)]
    fn cached_size(&self) -> Result<(Int, Int)> {
        if let Some(s) = self.global_size.get() {
            return Ok(s);
        }
        let s = self.size()?;
        self.global_size.set(Some(s));
        Ok(s)
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
    #[inline(always)]
    pub fn set_values(
        &mut self,
        rows: &[Int],
        cols: &[Int],
        values: &[Scalar],
        mode: InsertMode,
    ) -> Result<()> {
        self.check_no_views("Mat::set_values")?;
        let (m, n) = self.cached_size()?;
        if rows.len() * cols.len() != values.len()
            || !rows.iter().all(|&r| r < m)
            || !cols.iter().all(|&c| c < n)
        {
            return set_values_error(rows, cols, values.len(), m, n);
        }
        // SAFETY: live matrix; slice lengths and index ranges checked above.
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
        self.check_no_views("Mat::assemble")?;
        if self.assembling.get().is_some() {
            return Err(Error::invalid(
                "Mat::assemble",
                "an assembly was begun with assembly_begin; finish it with assembly_end",
            ));
        }
        let t = sys::MatAssemblyType::MAT_FINAL_ASSEMBLY;
        // SAFETY: live matrix.
        check(unsafe { sys::MatAssemblyBegin(self.ptr, t) })?;
        // SAFETY: live matrix, assembly begun.
        check(unsafe { sys::MatAssemblyEnd(self.ptr, t) })
    }

    /// `y = A x`.
    pub fn mult(&self, x: &Vector, y: &mut Vector) -> Result<()> {
        ready_for_collective("Mat::mult", self.ptr, true, &[x], &[y])?;
        let xp = x.raw_read("Mat::mult")?;
        let yp = y.raw_write("Mat::mult")?;
        // SAFETY: live matrix and vectors; PETSc checks the layouts.
        product([x], || unsafe { sys::MatMult(self.ptr, xp, yp) })
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

/// Sizes as given by the caller, checked: `None` is `PETSC_DECIDE`.
#[derive(Debug, Clone, Copy)]
struct Sizes {
    local_rows: Option<Int>,
    local_cols: Option<Int>,
    global_rows: Option<Int>,
    global_cols: Option<Int>,
}

impl Sizes {
    /// Checks the sizes on every rank of `comm` at once (collective; see
    /// `Comm::check_layout`), for rows and for columns.
    fn new(
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
    fn raw(&self) -> [Int; 4] {
        let d = sys::PETSC_DECIDE as Int;
        [
            self.local_rows.unwrap_or(d),
            self.local_cols.unwrap_or(d),
            self.global_rows.unwrap_or(d),
            self.global_cols.unwrap_or(d),
        ]
    }

    /// `(local, global)` rows as PETSc will lay them out (collective).
    fn rows(&self, comm: &Comm) -> Result<(Int, Int)> {
        split_ownership(comm, self.local_rows, self.global_rows)
    }

    /// `(local, global)` columns as PETSc will lay them out (collective).
    fn cols(&self, comm: &Comm) -> Result<(Int, Int)> {
        split_ownership(comm, self.local_cols, self.global_cols)
    }
}

/// PETSc's split of `global` into local parts, or the sum of the local parts
/// (`PetscSplitOwnership`; collective when `global` is `None`).
fn split_ownership(comm: &Comm, local: Option<Int>, global: Option<Int>) -> Result<(Int, Int)> {
    let d = sys::PETSC_DECIDE as Int;
    let (mut n, mut big_n) = (local.unwrap_or(d), global.unwrap_or(d));
    // SAFETY: live communicator; at least one of the two sizes is given (checked by Sizes).
    check(unsafe { sys::PetscSplitOwnership(comm.as_raw(), &mut n, &mut big_n) })?;
    Ok((n, big_n))
}

/// Rejects negative indices and indices at or above `bound`.
fn check_nonneg_indices(context: &str, what: &str, idx: &[Int], bound: Int) -> Result<()> {
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
    fn create_aij(comm: &Comm, s: &Sizes) -> Result<Mat> {
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
    /// assert_eq!(a.get_values(&[2], &[1, 2])?, vec![-1.0, 2.0]);
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
    /// assert_eq!(b.get_values(&[0, 1], &[0, 1])?, vec![0.0, 5.0, 7.0, 0.0]);
    /// std::fs::remove_file(path).ok();
    /// std::fs::remove_file(format!("{path}.info")).ok();
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn load(comm: &Comm, viewer: &Viewer) -> Result<Mat> {
        crate::binary::check_matrix(comm, viewer)?;
        let mut m: sys::Mat = std::ptr::null_mut();
        // SAFETY: live communicator; PETSc writes the new matrix.
        check(unsafe { sys::MatCreate(comm.as_raw(), &mut m) })?;
        let mat = Mat::from_raw(comm.petsc(), m);
        // SAFETY: live matrix and viewer.
        check(unsafe { sys::MatSetFromOptions(m) })?;
        // SAFETY: live matrix and viewer; the matrix at the viewer's position was
        // checked to be well formed.
        check(unsafe { sys::MatLoad(m, viewer.as_raw()) })?;
        Ok(mat)
    }

    /// Reads `-mat_type` and other options (`MatSetFromOptions`). A matrix without a
    /// type takes `-mat_type` (AIJ by default); for a matrix that has a type already,
    /// `-mat_type` is an `Err` on every rank: PETSc would change the type in place,
    /// which some formats do not survive before assembly (use
    /// [`convert`](Self::convert)).
    ///
    /// ```
    /// use petsc::Object;
    /// let petsc = petsc::Petsc::init()?;
    /// let mut a = petsc::Mat::create(&petsc.self_comm())?;
    /// a.set_sizes(None, None, Some(2), Some(2))?;
    /// a.set_from_options()?;
    /// assert_eq!(a.type_name()?, "seqaij");
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatSetFromOptions")]
    pub fn set_from_options(&mut self) -> Result<()> {
        const CTX: &str = "Mat::set_from_options";
        let current = crate::object::Object::type_name(self)?;
        if !current.is_empty() {
            let prefix = crate::error::c_string(CTX, &self.options_prefix()?)?;
            let mut given = sys::PETSC_BOOL_FALSE;
            // SAFETY: the global options database (null); NUL-terminated strings.
            check(unsafe {
                sys::PetscOptionsHasName(
                    std::ptr::null_mut(),
                    prefix.as_ptr(),
                    c"-mat_type".as_ptr(),
                    &mut given,
                )
            })?;
            let local = if given == sys::PETSC_BOOL_TRUE {
                Err(Error::invalid(
                    CTX,
                    format!(
                        "-mat_type is given but the matrix already has the type '{current}'; \
                         read the options before the type is set (or use Mat::convert)"
                    ),
                ))
            } else {
                Ok(())
            };
            crate::object::Object::comm(self).agree(CTX, local)?;
        }
        // SAFETY: live matrix; a type change can only happen on a matrix without one.
        check(unsafe { sys::MatSetFromOptions(self.ptr) })
    }

    /// Declares the matrix symmetric or not (`MatSetOption(MAT_SYMMETRIC)`), which some
    /// solvers and preconditioners use.
    pub fn set_option_symmetric(&mut self, symmetric: bool) -> Result<()> {
        self.set_option(MatOption::Symmetric, symmetric)
    }

    /// Sets or adds one entry; see [`set_values`](Self::set_values).
    pub fn set_value(
        &mut self,
        row: Int,
        col: Int,
        value: impl Into<Scalar>,
        mode: InsertMode,
    ) -> Result<()> {
        self.set_values(&[row], &[col], &[value.into()], mode)
    }

    /// The dense block `rows x cols`, row by row, for rows this process owns (assembled
    /// matrices; entries not stored are zero).
    pub fn get_values(&self, rows: &[Int], cols: &[Int]) -> Result<std::vec::Vec<Scalar>> {
        const CTX: &str = "Mat::get_values";
        let r = self.ownership_range()?;
        if let Some(i) = rows.iter().find(|i| !r.contains(i)) {
            return Err(Error::out_of_range(
                CTX,
                format!(
                    "row {i} is not owned by this process (owns {}..{})",
                    r.start, r.end
                ),
            ));
        }
        let (_, n) = self.size()?;
        check_nonneg_indices(CTX, "column", cols, n)?;
        let mut out = vec![Scalar::default(); rows.len() * cols.len()];
        // SAFETY: live matrix; `out` has room for the whole block.
        check(unsafe {
            sys::MatGetValues(
                self.ptr,
                rows.len() as Int,
                rows.as_ptr(),
                cols.len() as Int,
                cols.as_ptr(),
                out.as_mut_ptr(),
            )
        })?;
        Ok(out)
    }

    /// `z = y + A x` (`z` may not be `x`; use [`mult`](Self::mult) and `axpy` for that).
    pub fn mult_add(&self, x: &Vector, y: &Vector, z: &mut Vector) -> Result<()> {
        ready_for_collective("Mat::mult_add", self.ptr, true, &[x, y], &[z])?;
        let xp = x.raw_read("Mat::mult_add")?;
        let yp = y.raw_read("Mat::mult_add")?;
        let zp = z.raw_write("Mat::mult_add")?;
        // SAFETY: live matrix and vectors; `z` is distinct from `x` and `y` by borrows.
        product([x, y], || unsafe { sys::MatMultAdd(self.ptr, xp, yp, zp) })
    }

    /// `y = A^T x`.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let a = petsc::Mat::from_csr(&c, Some(2), Some(2), None, None, &[0, 2, 3], &[0, 1, 1], &[1.0, 2.0, 3.0])?;
    /// let x = petsc::Vector::from_slice(&c, &[1.0, 1.0])?;
    /// let mut y = x.duplicate()?;
    /// a.mult_transpose(&x, &mut y)?;
    /// assert_eq!(&*y.view()?, &[1.0, 5.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn mult_transpose(&self, x: &Vector, y: &mut Vector) -> Result<()> {
        ready_for_collective("Mat::mult_transpose", self.ptr, true, &[x], &[y])?;
        let xp = x.raw_read("Mat::mult_transpose")?;
        let yp = y.raw_write("Mat::mult_transpose")?;
        // SAFETY: live matrix and vectors; PETSc checks the layouts.
        product([x], || unsafe { sys::MatMultTranspose(self.ptr, xp, yp) })
    }

    /// `z = y + A^T x`.
    pub fn mult_transpose_add(&self, x: &Vector, y: &Vector, z: &mut Vector) -> Result<()> {
        ready_for_collective("Mat::mult_transpose_add", self.ptr, true, &[x, y], &[z])?;
        let xp = x.raw_read("Mat::mult_transpose_add")?;
        let yp = y.raw_read("Mat::mult_transpose_add")?;
        let zp = z.raw_write("Mat::mult_transpose_add")?;
        // SAFETY: live matrix and vectors; `z` is distinct from `x` and `y` by borrows.
        product([x, y], || unsafe {
            sys::MatMultTransposeAdd(self.ptr, xp, yp, zp)
        })
    }

    fn zero_rows_impl(
        &mut self,
        context: &str,
        rows: &[Int],
        diag: Scalar,
        x: Option<&Vector>,
        b: Option<&mut Vector>,
        columns: bool,
    ) -> Result<()> {
        self.check_no_views(context)?;
        let (m, _) = self.size()?;
        check_nonneg_indices(context, "row", rows, m)?;
        if b.is_some() && x.is_none() {
            return Err(Error::invalid(
                context,
                "b is adjusted with the values of x on the zeroed rows; give x too",
            ));
        }
        // PETSc indexes `x` and `b` by the zeroed rows without checking their sizes
        // (a short `x` was read past its end), and zeroing the columns too needs a
        // square matrix. Checked on every rank at once: the call is collective.
        let local = self.check_zero_rows_args(context, rows, diag, x, b.as_deref(), columns);
        crate::object::Object::comm(self).agree(context, local)?;
        let xp = x.map_or(std::ptr::null_mut(), |v| v.ptr);
        let bp = b.map_or(std::ptr::null_mut(), |v| v.ptr);
        let f = if columns {
            sys::petscrs_MatZeroRowsColumns
        } else {
            sys::petscrs_MatZeroRows
        };
        // SAFETY: live matrix; `rows` holds `rows.len()` checked indices; `x` and `b` are
        // live vectors or null (optional in PETSc), distinct by Rust's borrows.
        check(unsafe { f(self.ptr, rows.len() as Int, rows.as_ptr(), &diag, xp, bp) })
    }

    /// The sizes [`zero_rows_impl`](Self::zero_rows_impl) needs: `x` and `b` laid out
    /// like the rows (and the columns, which must then be the same, for
    /// `zero_rows_columns`).
    fn check_zero_rows_args(
        &self,
        context: &str,
        rows: &[Int],
        diag: Scalar,
        x: Option<&Vector>,
        b: Option<&Vector>,
        columns: bool,
    ) -> Result<()> {
        let (m, n) = self.size()?;
        let (lm, ln) = self.local_size()?;
        if diag != Scalar::default() {
            // PETSc inserts `diag` at (i, i) without checking that column i exists.
            if let Some(&i) = rows.iter().find(|&&i| i >= n) {
                return Err(Error::out_of_range(
                    context,
                    format!(
                        "row {i} has no diagonal entry for diag: the matrix has {n} columns \
                         (zero it with diag 0)"
                    ),
                ));
            }
        }
        if columns && (m != n || lm != ln) {
            return Err(Error::size_mismatch(
                context,
                format!(
                    "zeroing rows and columns needs a square matrix with equal row and column \
                     layouts; this one is {m} x {n} ({lm} x {ln} on this rank)"
                ),
            ));
        }
        for (name, v) in [("x", x), ("b", b)] {
            let Some(v) = v else { continue };
            let (vn, vl) = (v.size()?, v.local_size()?);
            if vn != m {
                return Err(Error::size_mismatch(
                    context,
                    format!("{name} has global size {vn} but the matrix has {m} rows"),
                ));
            }
            if vl != lm {
                return Err(Error::size_mismatch(
                    context,
                    format!("{name} has local size {vl} but the matrix has {lm} local rows"),
                ));
            }
        }
        Ok(())
    }

    /// Zeroes the given global rows and the matching columns and puts `diag` on their
    /// diagonal (`MatZeroRowsColumns`, collective; any rank may list any row). With `x`
    /// and `b`, `b` is adjusted so that the solution of the modified system keeps `x`'s
    /// values on those rows: `b_i = diag x_i` on them and `b_j -= A_ji x_i` elsewhere,
    /// which is the usual elimination of Dirichlet boundary conditions that keeps a
    /// symmetric matrix symmetric.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// // [[2, -1], [-1, 2]]; fix u_0 = 5.
    /// let mut a = petsc::Mat::from_csr(&c, Some(2), Some(2), None, None, &[0, 2, 4], &[0, 1, 0, 1], &[2.0, -1.0, -1.0, 2.0])?;
    /// let x = petsc::Vector::from_slice(&c, &[5.0, 0.0])?;
    /// let mut b = petsc::Vector::from_slice(&c, &[0.0, 1.0])?;
    /// a.zero_rows_columns(&[0], 1.0, Some(&x), Some(&mut b))?;
    /// assert_eq!(a.get_values(&[0, 1], &[0, 1])?, vec![1.0, 0.0, 0.0, 2.0]);
    /// assert_eq!(&*b.view()?, &[5.0, 6.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn zero_rows_columns(
        &mut self,
        rows: &[Int],
        diag: impl Into<Scalar>,
        x: Option<&Vector>,
        b: Option<&mut Vector>,
    ) -> Result<()> {
        self.zero_rows_impl("Mat::zero_rows_columns", rows, diag.into(), x, b, true)
    }

    /// Zeroes the given global rows and puts `diag` on their diagonal (`MatZeroRows`,
    /// collective; any rank may list any row). With `x` and `b`, `b_i = diag x_i` on
    /// those rows.
    pub fn zero_rows(
        &mut self,
        rows: &[Int],
        diag: impl Into<Scalar>,
        x: Option<&Vector>,
        b: Option<&mut Vector>,
    ) -> Result<()> {
        self.zero_rows_impl("Mat::zero_rows", rows, diag.into(), x, b, false)
    }

    /// A matrix norm: [`NormType::One`] (largest column sum), [`NormType::Frobenius`] or
    /// [`NormType::Infinity`] (largest row sum). PETSc has no matrix 2-norm, so
    /// [`NormType::Two`] is an error.
    ///
    /// ```
    /// use petsc::NormType;
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// // [[1, -2], [0, 3]]
    /// let a = petsc::Mat::from_csr(&c, Some(2), Some(2), None, None, &[0, 2, 3], &[0, 1, 1], &[1.0, -2.0, 3.0])?;
    /// assert_eq!(a.norm(NormType::One)?, 5.0);
    /// assert_eq!(a.norm(NormType::Infinity)?, 3.0);
    /// assert!((a.norm(NormType::Frobenius)? - 14f64.sqrt()).abs() < 1e-14);
    /// assert!(a.norm(NormType::Two).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn norm(&self, ty: NormType) -> Result<Real> {
        if ty == NormType::Two {
            return Err(Error::invalid(
                "Mat::norm",
                "PETSc does not compute the matrix 2-norm (MatNorm); use NormType::One, \
                 NormType::Frobenius or NormType::Infinity, or estimate it with an eigensolver",
            ));
        }
        ready_for_collective("Mat::norm", self.ptr, true, &[], &[])?;
        let mut n: Real = 0.0;
        // SAFETY: live matrix; one output for the norm types allowed here.
        check(unsafe { sys::MatNorm(self.ptr, ty.raw(), &mut n) })?;
        Ok(n)
    }

    /// A new matrix with the same layout and non-zero pattern, with a copy of the values
    /// if `copy_values`, zeros otherwise (`MatDuplicate`). From PETSc 3.20 on the copy
    /// also takes the COO entries declared with
    /// [`set_preallocation_coo`](Self::set_preallocation_coo), so
    /// [`set_values_coo`](Self::set_values_coo) works on it. Shell matrices cannot be
    /// duplicated (PETSc 3.18 does not carry their operations over to the copy).
    pub fn duplicate(&self, copy_values: bool) -> Result<Mat> {
        if self.is_shell()? {
            return Err(Error::invalid(
                "Mat::duplicate",
                "a shell matrix cannot be duplicated (its closures belong to it alone)",
            ));
        }
        let op = if copy_values {
            sys::MatDuplicateOption::MAT_COPY_VALUES
        } else {
            sys::MatDuplicateOption::MAT_DO_NOT_COPY_VALUES
        };
        let mut m: sys::Mat = std::ptr::null_mut();
        // SAFETY: live matrix; PETSc writes the new one.
        check(unsafe { sys::MatDuplicate(self.ptr, op, &mut m) })?;
        let dup = Mat::from_raw(&self.petsc, m);
        self.share_coo(&dup)?;
        Ok(dup)
    }

    /// A new matrix with this one's layout, pattern and values (`MatDuplicate` with
    /// `MAT_COPY_VALUES`): what cloning a lent matrix gives.
    fn copy_of(&self) -> Result<Mat> {
        self.duplicate(true)
    }

    /// Copies the values of `a` into `self` (same sizes; the non-zero patterns may differ:
    /// `MatCopy` with `DIFFERENT_NONZERO_PATTERN`).
    pub fn copy_from(&mut self, a: &Mat) -> Result<()> {
        self.copy_from_with(a, MatStructure::Different)
    }

    /// Copies the values of `a` into `self` (`MatCopy`, collective): same sizes and
    /// layouts; `structure` tells how `a`'s pattern relates to `self`'s
    /// ([`MatStructure::Same`] keeps `self`'s storage and is fastest).
    ///
    /// ```
    /// use petsc::MatStructure;
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let a = petsc::Mat::from_csr(&c, Some(2), Some(2), None, None, &[0, 1, 2], &[0, 1], &[1.0, 2.0])?;
    /// let mut b = a.duplicate(false)?;
    /// b.copy_from_with(&a, MatStructure::Same)?;
    /// assert!(b.equal(&a)?);
    /// let wrong = petsc::Mat::new_dense(&c, None, None, Some(3), Some(3))?;
    /// assert!(b.copy_from_with(&wrong, MatStructure::Different).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatCopy")]
    pub fn copy_from_with(&mut self, a: &Mat, structure: MatStructure) -> Result<()> {
        const CTX: &str = "Mat::copy_from";
        self.check_no_views(CTX)?;
        let local = (|| {
            a.check_no_writer(CTX)?;
            if (self.size()?, self.local_size()?) != (a.size()?, a.local_size()?) {
                return Err(Error::size_mismatch(
                    CTX,
                    format!(
                        "the source is {:?} ({:?} on this rank), the destination {:?} ({:?})",
                        a.size()?,
                        a.local_size()?,
                        self.size()?,
                        self.local_size()?
                    ),
                ));
            }
            Ok(())
        })();
        crate::object::Object::comm(self).agree(CTX, local)?;
        // SAFETY: live, distinct matrices (Rust's borrows); PETSc checks the sizes.
        check(unsafe { sys::MatCopy(a.ptr, self.ptr, structure.raw()) })
    }

    /// A new matrix holding `A^T` (`MatTranspose` with `MAT_INITIAL_MATRIX`).
    pub fn transpose(&self) -> Result<Mat> {
        let mut m: sys::Mat = std::ptr::null_mut();
        // SAFETY: live matrix; PETSc writes the new one.
        check(unsafe { sys::MatTranspose(self.ptr, sys::MatReuse::MAT_INITIAL_MATRIX, &mut m) })?;
        Ok(Mat::from_raw(&self.petsc, m))
    }

    /// `A = alpha A`.
    pub fn scale(&mut self, alpha: impl Into<Scalar>) -> Result<()> {
        self.check_no_views("Mat::scale")?;
        // SAFETY: live matrix.
        check(unsafe { sys::petscrs_MatScale(self.ptr, &alpha.into()) })
    }

    /// `A = A + alpha I`.
    pub fn shift(&mut self, alpha: impl Into<Scalar>) -> Result<()> {
        self.check_no_views("Mat::shift")?;
        // SAFETY: live matrix.
        check(unsafe { sys::petscrs_MatShift(self.ptr, &alpha.into()) })
    }

    /// Writes the diagonal into `d` (laid out like the rows).
    pub fn get_diagonal(&self, d: &mut Vector) -> Result<()> {
        // SAFETY: live matrix and vector; PETSc checks the layout.
        check(unsafe { sys::MatGetDiagonal(self.ptr, d.raw_write("Mat::get_diagonal")?) })
    }

    /// Whether `|A - A^T| <= tol` entrywise (`MatIsSymmetric`, collective).
    pub fn is_symmetric(&self, tol: Real) -> Result<bool> {
        // See `is_transpose`: PETSc's parallel AIJ test assumes equal row and column
        // layouts.
        if crate::Object::comm(self).size() > 1 {
            return self.transpose_difference_within(self, tol);
        }
        let mut flg = sys::PETSC_BOOL_FALSE;
        // SAFETY: live matrix.
        check(unsafe { sys::MatIsSymmetric(self.ptr, tol, &mut flg) })?;
        Ok(flg == sys::PETSC_BOOL_TRUE)
    }
}

/// Before a collective call on a matrix (a product, a norm): checks, on every rank at
/// once, that the matrix is assembled (unless `assembled` is false, for a factor), that
/// `inputs` can be read and were assembled since their last `set_values`, and that
/// `outputs` can be written. PETSc's own checks of these fail on the rank concerned
/// only, where the others would wait in the call's communication.
pub(super) fn ready_for_collective(
    context: &str,
    mat: sys::Mat,
    assembled: bool,
    inputs: &[&Vector],
    outputs: &[&Vector],
) -> Result<()> {
    let local = (|| {
        if assembled {
            let mut flg = sys::PETSC_BOOL_FALSE;
            // SAFETY: live matrix (caller).
            check(unsafe { sys::MatAssembled(mat, &mut flg) })?;
            if flg != sys::PETSC_BOOL_TRUE {
                return Err(Error::invalid(
                    context,
                    "the matrix is not assembled: call `assemble()` (on every rank) after \
                     setting its values",
                ));
            }
        }
        for x in inputs {
            x.raw_read(context)?;
            x.check_assembled(context)?;
        }
        for y in outputs {
            y.raw_write(context)?;
        }
        Ok(())
    })();
    crate::comm::agree_over(mat as sys::PetscObject, context, local)
}

/// Runs a product reading `inputs` and checks its code; when it failed, gives the inputs
/// back the read locks they had before (see [`ReadLocks`]): the product locks them and
/// a failure, in a shell matrix's closure say, skips the unlock.
fn product<const N: usize>(
    inputs: [&Vector; N],
    call: impl FnOnce() -> sys::PetscErrorCode,
) -> Result<()> {
    let locks = inputs.map(ReadLocks::record);
    let r = check(call());
    if r.is_err() {
        locks.into_iter().for_each(ReadLocks::restore);
    }
    r
}

/// The error of a refused [`Mat::set_values`] (kept out of the hot path).
#[cold]
#[inline(never)]
fn set_values_error(rows: &[Int], cols: &[Int], values: usize, m: Int, n: Int) -> Result<()> {
    const CTX: &str = "Mat::set_values";
    check_block_len(CTX, rows.len(), cols.len(), (1, 1), values)?;
    check_indices(CTX, "row", rows, m)?;
    check_indices(CTX, "column", cols, n)
}

/// Refuses `values` of another length than a dense block of `rows x cols` indices
/// needs, each index standing for `bs.0` rows and `bs.1` columns (`(1, 1)` unless the
/// indices are block indices).
pub(super) fn check_block_len(
    context: &str,
    rows: usize,
    cols: usize,
    bs: (Int, Int),
    values: usize,
) -> Result<()> {
    let (rbs, cbs) = bs;
    let need = rows * cols * (rbs.max(1) as usize) * (cbs.max(1) as usize);
    if values == need {
        return Ok(());
    }
    let shape = if bs == (1, 1) {
        format!("{rows} rows x {cols} columns needs")
    } else {
        format!("{rows} block rows x {cols} block columns of {rbs}x{cbs} blocks need")
    };
    Err(Error::size_mismatch(
        context,
        format!("{shape} {need} values, got {values}"),
    ))
}
