//! Matrices (`Mat`): sparse AIJ, dense and blocked formats, sequential and distributed,
//! implicit and shell matrices, and factorizations.
//!
//! - `mod.rs`: the [`Mat`] handle, its sizes, entry-by-entry assembly and the product
//!   with a vector, and the checks made before collective calls;
//! - [`types`]: type names, options, structure flags, `MatInfo`;
//! - `aij.rs`: AIJ matrices with preallocation, from CSR arrays, or loaded from a viewer;
//! - `create.rs`: generic creation with a run-time type, dense and blocked formats;
//! - `preallocate.rs`: preallocation of a matrix whose type was chosen at run time;
//! - `assembly.rs`: blocked, CSR and COO assembly, options, assembly state;
//! - `entries.rs`: options from the database, single values, values read back, zeroed
//!   rows and columns;
//! - `ops.rs`: products with vectors, norms, copies, transposes, scaling and shifts;
//! - `algebra.rs`: matrix-matrix products, sums, conjugates, diagonals and row sums;
//! - `compare.rs`: equality, symmetry and Hermitian tests, transposes of each other;
//! - `convert.rs`: storage counts, conversion between types, the layout of all ranks,
//!   random values, zero rows and chopping;
//! - `values.rs`: values copied out (dense, CSR, inverted diagonal blocks), SOR sweeps
//!   ([`SorType`]), permutations and Kronecker products;
//! - `dense.rs`: column-major views of dense matrices;
//! - `row.rs`: borrowed rows ([`MatRow`]) and the CSR structure;
//! - `factor.rs`: LU, Cholesky, ILU and ICC factors and their solves;
//!   `factor_options.rs`: their options (`MatFactorInfo`, orderings, permutations);
//! - `mumps.rs`: MUMPS controls;
//! - `fft.rs`: distributed FFTs through FFTW's matrices ([`Fft`]);
//! - `hdf5.rs`: matrices read from and written to HDF5 files;
//! - `shell/`: matrices whose operations are closures (products, scalings, copies,
//!   rows);
//! - `implement.rs`: matrix types written in Rust ([`MatImpl`]), registered by name;
//!   `implement_ops.rs`: their scalings, shifts, diagonals, duplicates and matrix
//!   products;
//! - `implicit.rs`: implicit transposes and normal matrices, constant diagonals,
//!   redundant copies, Schur complements, scatters;
//! - `lmvm.rs`: quasi-Newton matrices;
//! - `local.rs`: a local numbering: assembly by local indices, local submatrices;
//! - `matis.rs`: matrices assembled from subdomain pieces (`MATIS`);
//! - `sub.rs`: submatrices picked by index sets;
//! - `nest.rs`: matrices of blocks.

mod aij;
mod algebra;
mod arith;
mod assembly;
mod builder;
mod compare;
mod convert;
mod create;
mod dense;
mod dense_parts;
mod entries;
mod factor;
mod factor_options;
mod fft;
mod hdf5;
mod implement;
mod implement_ops;
mod implicit;
mod lmvm;
mod local;
mod matis;

#[cfg(petsc_have_mumps)]
mod mumps;
mod nest;
mod ops;
mod preallocate;
mod row;
mod shell;
mod sizes;
mod sub;
pub(crate) mod types;
mod values;

pub(crate) use algebra::{Side, check_vec_here};
pub use arith::MatOperand;
pub use builder::{Csr, MatBuilder};
pub use dense::{DenseView, DenseViewMut};
pub use dense_parts::{DenseColumnVec, DenseColumnVecRead, DenseSubMatrix};
pub use factor::FactorType;
pub use factor_options::{FactorOptions, FactorShiftType};
pub use fft::{Fft, SpectrumView, SpectrumViewMut};
pub use implement::MatImpl;
pub use implement_ops::ProductType;
pub use local::LocalSubMatrix;
pub use matis::IsLocalMat;
pub use row::MatRow;
pub use shell::ShellBuilder;
pub use sizes::Sizes;
use sizes::split_ownership;
pub use types::{
    MatAssemblyType, MatDuplicateOption, MatInfo, MatInfoType, MatOption, MatStructure, MatType,
    Nnz, Ordering,
};
pub use values::SorType;

use std::ops::Range;

use petsc_sys as sys;

use crate::comm::Comm;
use crate::error::{Error, Result, check, check_indices};
use crate::object::petsc_handle;
use crate::scalar::{Int, Scalar};
use crate::vec::{InsertMode, ReadLocks, Vector};

petsc_handle!(
    /// A PETSc matrix (`Mat`).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// // 1D Laplacian on 5 points, rows spread over the ranks.
    /// let n = 5;
    /// let mut a = petsc::Mat::aij(&petsc.world()).sizes(petsc::Sizes::global(n, n)).preallocate(3, 2).build()?;
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
    sys::MatDestroy,
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
    /// An AIJ matrix from positional sizes (`None` for `PETSC_DECIDE`) and counts of
    /// non-zeros per row in the diagonal block and outside it.
    #[deprecated(
        since = "0.2.0",
        note = "use `Mat::aij(comm).sizes(Sizes::global(m, n)).preallocate(diag_nz, off_diag_nz).build()` (named sizes cannot be swapped unnoticed)"
    )]
    pub fn new_aij(
        comm: &Comm,
        local_rows: Option<Int>,
        local_cols: Option<Int>,
        global_rows: Option<Int>,
        global_cols: Option<Int>,
        diag_nz: Int,
        off_diag_nz: Int,
    ) -> Result<Mat> {
        let sizes = Sizes {
            local_rows,
            local_cols,
            global_rows,
            global_cols,
        };
        Mat::aij(comm)
            .sizes(sizes)
            .preallocate(diag_nz, off_diag_nz)
            .build()
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
        self.check_loan("Mat::set_values")?;
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
    #[doc(alias = "MatAssemblyBegin")]
    pub fn assemble(&mut self) -> Result<()> {
        self.check_loan("Mat::assemble")?;
        self.check_no_views_anywhere("Mat::assemble")?;
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
        self.check_loan("Mat::mult")?;
        let layouts = [("x", x, Side::Cols), ("y", &*y, Side::Rows)];
        ready_for_collective("Mat::mult", self.ptr, true, &[x], &[y], &layouts)?;
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

/// Before a collective call on a matrix (a product, a norm): checks, on every rank at
/// once, that the matrix is assembled (unless `assembled` is false, for a factor), that
/// `inputs` can be read and were assembled since their last `set_values`, that
/// `outputs` can be written, and that the vectors of `layouts` (named) have the global
/// and local sizes of the matrix's rows or columns. PETSc's own checks of these fail on
/// the rank concerned only, where the others would wait in the call's communication.
pub(super) fn ready_for_collective(
    context: &str,
    mat: sys::Mat,
    assembled: bool,
    inputs: &[&Vector],
    outputs: &[&Vector],
    layouts: &[(&str, &Vector, algebra::Side)],
) -> Result<()> {
    let local = (|| {
        for &(name, v, side) in layouts {
            algebra::check_vec_here(mat, context, name, v, side)?;
        }
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
            x.check_assembled(context)?;
        }
        Vector::accessible(context, inputs, outputs)
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
