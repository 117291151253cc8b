//! Matrices made step by step ([`MatBuilder`]): a type, a layout ([`Sizes`]), a block
//! size, a preallocation (counts per row, or the rows themselves as [`Csr`] arrays), an
//! options prefix and the options database, then [`build`](MatBuilder::build).

use petsc_sys as sys;

use super::aij::check_nonneg_indices;
use super::create::{block_sizes, default_count};
use super::preallocate::Kind;
use super::{Mat, MatType, Nnz, Sizes};
use crate::comm::Comm;
use crate::error::{Error, Result, check};
use crate::scalar::{Int, Scalar};

/// This rank's rows of a sparse matrix in compressed sparse row form, for
/// [`MatBuilder::csr`]: local row `i` has the values `vals[row_ptr[i]..row_ptr[i + 1]]`
/// in the global columns `cols[row_ptr[i]..row_ptr[i + 1]]`. `row_ptr` starts at 0,
/// never decreases, has one entry more than the local rows and ends at
/// `cols.len() == vals.len()`. For a blocked type the indices are block indices and
/// `vals` holds `bs x bs` values per block (row by row inside a block). Named fields, so
/// the two integer arrays cannot be swapped unnoticed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Csr<'a> {
    /// Where each local row starts in `cols` and `vals`, and where the last one ends.
    pub row_ptr: &'a [Int],
    /// The global column of each entry.
    pub cols: &'a [Int],
    /// The value of each entry.
    pub vals: &'a [Scalar],
}

/// How a [`MatBuilder`] preallocates.
#[derive(Debug, Clone, Copy)]
enum Fill<'a> {
    /// PETSc's default (`MatSetUp`).
    Default,
    /// The same counts in every row: diagonal block, off-diagonal block.
    Each(Int, Int),
    /// Counts per local row: diagonal block, off-diagonal block.
    Rows(&'a [Int], &'a [Int]),
    /// The rows themselves: the matrix comes out assembled.
    Csr(Csr<'a>),
}

/// A matrix being described, made by [`build`](Self::build) (collective): started by
/// [`Mat::aij`], [`Mat::dense`], [`Mat::baij`], [`Mat::sbaij`] or [`Mat::builder`] for
/// any [`MatType`]. Every setting but the sizes is optional.
///
/// ```
/// use petsc::{InsertMode, Mat, Sizes};
/// let petsc = petsc::Petsc::init()?;
/// let n = 5;
/// // The 1D Laplacian: 3 non-zeros per row in the diagonal block, 2 outside it.
/// let mut a = Mat::aij(&petsc.world()).sizes(Sizes::global(n, n)).preallocate(3, 2).build()?;
/// for i in a.ownership_range()? {
///     for (j, v) in [(i - 1, -1.0), (i, 2.0), (i + 1, -1.0)] {
///         if (0..n).contains(&j) {
///             a.set_value(i, j, v, InsertMode::Insert)?;
///         }
///     }
/// }
/// a.assemble()?;
/// assert_eq!(a.sizes()?.global_rows, Some(n));
/// # Ok::<(), petsc::Error>(())
/// ```
#[derive(Debug, Clone)]
#[must_use = "a builder makes nothing until `build` is called"]
pub struct MatBuilder<'a> {
    comm: &'a Comm,
    ty: MatType,
    sizes: Sizes,
    block_size: Option<Int>,
    fill: Fill<'a>,
    prefix: Option<String>,
    from_options: bool,
}

impl Mat {
    /// A builder of a matrix of type `ty` on `comm`; see [`MatBuilder`].
    ///
    /// ```
    /// use petsc::{Mat, MatType, Object, Sizes};
    /// let petsc = petsc::Petsc::init()?;
    /// let a = Mat::builder(&petsc.self_comm(), MatType::AijCrl)
    ///     .sizes(Sizes::global(2, 2))
    ///     .preallocate(1, 0)
    ///     .build()?;
    /// assert_eq!(a.type_name()?, "seqaijcrl");
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatCreate")]
    pub fn builder(comm: &Comm, ty: MatType) -> MatBuilder<'_> {
        MatBuilder {
            comm,
            ty,
            sizes: Sizes::default(),
            block_size: None,
            fill: Fill::Default,
            prefix: None,
            from_options: false,
        }
    }

    /// A builder of an AIJ (compressed sparse row) matrix: `seqaij` on one process,
    /// `mpiaij` on more (`MatCreateAIJ`).
    ///
    /// ```
    /// use petsc::{Mat, Sizes};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// // [[1, 2], [0, 3]] from its rows.
    /// let csr = petsc::Csr { row_ptr: &[0, 2, 3], cols: &[0, 1, 1], vals: &[1.0, 2.0, 3.0] };
    /// let a = Mat::aij(&c).sizes(Sizes::local(2, 2)).csr(csr).build()?;
    /// assert_eq!(a.values(&[0, 1], &[0, 1])?, vec![1.0, 2.0, 0.0, 3.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatCreateAIJ")]
    #[doc(alias = "MatCreateMPIAIJWithArrays")]
    pub fn aij(comm: &Comm) -> MatBuilder<'_> {
        Mat::builder(comm, MatType::Aij)
    }

    /// A builder of a dense matrix, filled with zeros: `seqdense` on one process,
    /// `mpidense` (rows split over the ranks, all columns on each) on more
    /// (`MatCreateDense`). Its local block can be read and written in place with
    /// [`dense_view`](Self::dense_view) and [`dense_view_mut`](Self::dense_view_mut).
    ///
    /// ```
    /// use petsc::{InsertMode, Mat, Sizes};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut a = Mat::dense(&petsc.self_comm()).sizes(Sizes::global(2, 3)).build()?;
    /// a.set_values(&[0, 1], &[0, 2], &[1.0, 2.0, 3.0, 4.0], InsertMode::Insert)?;
    /// a.assemble()?;
    /// assert_eq!(a.values(&[1], &[0, 1, 2])?, vec![3.0, 0.0, 4.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatCreateDense")]
    pub fn dense(comm: &Comm) -> MatBuilder<'_> {
        Mat::builder(comm, MatType::Dense)
    }

    /// A builder of a block compressed-row matrix (`MatCreateBAIJ`): give the block size
    /// with [`block_size`](MatBuilder::block_size) (every size a multiple of it);
    /// preallocation counts are blocks per block row. Entries go in one by one with
    /// [`set_values`](Self::set_values) or block by block with
    /// [`set_values_blocked`](Self::set_values_blocked).
    ///
    /// ```
    /// use petsc::{InsertMode, Mat, Sizes};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut a = Mat::baij(&c).block_size(2).sizes(Sizes::global(4, 4)).preallocate(2, 0).build()?;
    /// assert_eq!(a.block_size()?, 2);
    /// // Block row 1, block column 0: the 2x2 block [[1, 2], [3, 4]].
    /// a.set_values_blocked(&[1], &[0], &[1.0, 2.0, 3.0, 4.0], InsertMode::Insert)?;
    /// a.assemble()?;
    /// assert_eq!(a.values(&[2, 3], &[0, 1])?, vec![1.0, 2.0, 3.0, 4.0]);
    /// let e = Mat::baij(&c).block_size(2).sizes(Sizes::global(3, 3)).build().unwrap_err();
    /// assert!(e.to_string().contains("not a multiple of the block size 2"), "{e}");
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatCreateBAIJ")]
    pub fn baij(comm: &Comm) -> MatBuilder<'_> {
        Mat::builder(comm, MatType::Baij)
    }

    /// A builder of a symmetric block matrix storing the upper triangle
    /// (`MatCreateSBAIJ`): square; block size and preallocation as for
    /// [`baij`](Self::baij), counting only blocks on or above the diagonal. Entries
    /// below the diagonal are refused by PETSc unless
    /// [`MatOption::IgnoreLowerTriangular`](crate::MatOption::IgnoreLowerTriangular) is
    /// set.
    ///
    /// ```
    /// use petsc::{InsertMode, Mat, MatOption, Sizes};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut a = Mat::sbaij(&petsc.self_comm()).sizes(Sizes::global(2, 2)).preallocate(2, 0).build()?;
    /// a.set_option(MatOption::IgnoreLowerTriangular, true)?;
    /// a.set_values(&[0, 1], &[0, 1], &[2.0, -1.0, -1.0, 2.0], InsertMode::Insert)?;
    /// a.assemble()?;
    /// assert_eq!(a.values(&[0], &[0, 1])?, vec![2.0, -1.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatCreateSBAIJ")]
    pub fn sbaij(comm: &Comm) -> MatBuilder<'_> {
        Mat::builder(comm, MatType::Sbaij)
    }
}

impl<'a> MatBuilder<'a> {
    /// The layout (required): [`Sizes::global`], [`Sizes::local`] or both.
    pub fn sizes(mut self, sizes: Sizes) -> Self {
        self.sizes = sizes;
        self
    }

    /// The block size of rows and columns (`MatSetBlockSize`; 1 by default): every size
    /// given must be a multiple of it (checked on every rank).
    #[doc(alias = "MatSetBlockSize")]
    pub fn block_size(mut self, bs: Int) -> Self {
        self.block_size = Some(bs);
        self
    }

    /// Preallocates `diag` non-zeros in every row of the diagonal block (the columns
    /// this rank owns; the whole row on one process) and `off_diag` outside it (blocks
    /// per block row for a blocked type). More than fits is fine, as in PETSc; a type
    /// without preallocation (dense) ignores it.
    #[doc(alias = "MatSeqAIJSetPreallocation")]
    #[doc(alias = "MatMPIAIJSetPreallocation")]
    pub fn preallocate(mut self, diag: Int, off_diag: Int) -> Self {
        self.fill = Fill::Each(diag, off_diag);
        self
    }

    /// Preallocates row by row: `diag[i]` non-zeros of local row `i` in the diagonal
    /// block, `off_diag[i]` outside it, one count per local (block) row each. On one
    /// process, where the whole row is the diagonal block, the two are added.
    ///
    /// ```
    /// use petsc::{InsertMode, Mat, MatInfoType, Sizes};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// // A 3x3 lower bidiagonal matrix: one entry in row 0, two in the others.
    /// let mut a = Mat::aij(&c).sizes(Sizes::local(3, 3)).preallocate_rows(&[1, 2, 2], &[0, 0, 0]).build()?;
    /// for i in 0..3 {
    ///     a.set_value(i, i, 2.0, InsertMode::Insert)?;
    ///     if i > 0 {
    ///         a.set_value(i, i - 1, -1.0, InsertMode::Insert)?;
    ///     }
    /// }
    /// a.assemble()?;
    /// assert_eq!(a.info(MatInfoType::Local)?.mallocs, 0);
    /// let short = Mat::aij(&c).sizes(Sizes::local(3, 3)).preallocate_rows(&[1, 2], &[0, 0]);
    /// assert!(short.build().is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn preallocate_rows(mut self, diag: &'a [Int], off_diag: &'a [Int]) -> Self {
        self.fill = Fill::Rows(diag, off_diag);
        self
    }

    /// Makes the matrix from this rank's rows ([`Csr`]; the arrays are copied) and
    /// assembles it, for AIJ, BAIJ and SBAIJ types (`MatMPIAIJSetPreallocationCSR` and
    /// its siblings). Arrays that do not fit the local rows and the global columns are
    /// an `Err` on every rank.
    ///
    /// ```
    /// use petsc::{Csr, Mat, Sizes};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let bad = Csr { row_ptr: &[0, 2, 3], cols: &[0, 2, 1], vals: &[1.0, 2.0, 3.0] };
    /// let e = Mat::aij(&c).sizes(Sizes::local(2, 2)).csr(bad).build().unwrap_err();
    /// assert!(e.to_string().contains("column 2"), "{e}");
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatSeqAIJSetPreallocationCSR")]
    #[doc(alias = "MatMPIAIJSetPreallocationCSR")]
    pub fn csr(mut self, rows: Csr<'a>) -> Self {
        self.fill = Fill::Csr(rows);
        self
    }

    /// The prefix of the options the matrix reads (`MatSetOptionsPrefix`), for
    /// [`from_options`](Self::from_options) and later calls.
    #[doc(alias = "MatSetOptionsPrefix")]
    pub fn options_prefix(mut self, prefix: &str) -> Self {
        self.prefix = Some(prefix.to_owned());
        self
    }

    /// Reads the options database as well (`MatSetFromOptions`): `-mat_type` (under the
    /// prefix) replaces the builder's type, and the type's own options are read.
    ///
    /// ```
    /// use petsc::{Mat, Object, Sizes};
    /// let petsc = petsc::Petsc::init()?;
    /// petsc.options().set_value("k_mat_type", "dense")?;
    /// let a = Mat::aij(&petsc.self_comm()).sizes(Sizes::global(2, 2)).options_prefix("k_").from_options().build()?;
    /// assert_eq!((a.type_name()?, a.options_prefix()?), ("seqdense".to_string(), "k_".to_string()));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatSetFromOptions")]
    pub fn from_options(mut self) -> Self {
        self.from_options = true;
        self
    }

    /// Makes the matrix (collective): `MatCreate`, `MatSetSizes`, `MatSetBlockSize`,
    /// `MatSetType`, `MatSetOptionsPrefix`, `MatSetFromOptions`, then the preallocation
    /// (or `MatSetUp`). Sizes missing or that do not add up over the ranks, a block size
    /// below 1 or not dividing the sizes, negative counts, counts or CSR arrays of
    /// another length than the local rows need: an `Err` on every rank, naming what is
    /// wrong.
    ///
    /// ```
    /// use petsc::{Mat, Sizes};
    /// let petsc = petsc::Petsc::init()?;
    /// let world = petsc.world();
    /// // Two local rows on every rank cannot make 2 * size + 1 rows in all.
    /// let n = 2 * world.size() as petsc::Int + 1;
    /// let e = Mat::aij(&world).sizes(Sizes::local(2, 2).with_global(n, n)).build().unwrap_err();
    /// assert!(e.to_string().contains("add up to"), "{e}");
    /// assert!(Mat::aij(&world).build().is_err()); // no sizes
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn build(self) -> Result<Mat> {
        const CTX: &str = "MatBuilder::build";
        let comm = self.comm;
        let blocked = matches!(
            self.ty,
            MatType::Baij
                | MatType::SeqBaij
                | MatType::MpiBaij
                | MatType::Sbaij
                | MatType::SeqSbaij
                | MatType::MpiSbaij
        );
        let symmetric = matches!(
            self.ty,
            MatType::Sbaij | MatType::SeqSbaij | MatType::MpiSbaij
        );
        let counts = match self.fill {
            Fill::Each(d, o) => [d, o],
            _ => [0, 0],
        };
        let s = self.sizes;
        let sizes = if blocked || self.block_size.is_some() {
            let given = [s.local_rows, s.local_cols, s.global_rows, s.global_cols];
            let bs = self.block_size.unwrap_or(1);
            block_sizes(comm, CTX, bs, given, symmetric, counts)?
        } else {
            let s = s.check(comm, CTX)?;
            let local = match counts.iter().find(|&&k| k < 0 && !default_count(k)) {
                Some(k) => Err(Error::invalid(
                    CTX,
                    format!("a preallocation count is negative ({k})"),
                )),
                None => Ok(()),
            };
            comm.agree(CTX, local)?;
            s
        };
        let mut a = Mat::new(comm)?;
        let [m, n, big_m, big_n] = sizes.raw();
        // SAFETY: live matrix without sizes; the sizes were checked on every rank.
        check(unsafe { sys::MatSetSizes(a.ptr, m, n, big_m, big_n) })?;
        if let Some(bs) = self.block_size {
            a.set_block_size(bs)?;
        }
        if let Some(prefix) = &self.prefix {
            a.set_options_prefix(prefix)?;
        }
        if !(self.from_options && a.mat_type_given(CTX)?) {
            a.set_type(self.ty)?;
        }
        if self.from_options {
            a.set_from_options()?;
        }
        match self.fill {
            Fill::Default => a.set_up()?,
            Fill::Each(d, o) => {
                a.set_preallocation_nnz(Nnz::Each(d), Nnz::Each(o))?;
                a.set_up()?;
            }
            Fill::Rows(d, o) => {
                let (m, _) = a.preallocation_layout(CTX)?;
                let bs = self.block_size.unwrap_or(1).max(1);
                let local = check_row_counts(m / bs, [("d_nnz", d), ("o_nnz", o)]);
                comm.agree(CTX, local)?;
                // On one process the whole row is the diagonal block.
                let joined: Option<Vec<Int>> =
                    (comm.size() == 1 && d.len() == o.len()).then(|| {
                        let cols = sizes.cols(comm).map_or(Int::MAX, |(n, _)| n);
                        let cap = cols / self.block_size.unwrap_or(1).max(1);
                        d.iter().zip(o).map(|(&d, &o)| (d + o).min(cap)).collect()
                    });
                let d = joined.as_deref().unwrap_or(d);
                a.set_preallocation_nnz(Nnz::Rows(d), Nnz::Rows(o))?;
                a.set_up()?;
            }
            Fill::Csr(rows) => {
                let kind = a.preallocation_kind()?;
                let local = if matches!(kind, Kind::Other | Kind::Is) {
                    Err(Error::invalid(
                        CTX,
                        format!(
                            "a matrix of type '{}' is not made from CSR arrays (AIJ, BAIJ and \
                             SBAIJ types are)",
                            crate::object::Object::type_name(&a)?
                        ),
                    ))
                } else {
                    Ok(())
                };
                comm.agree(CTX, local)?;
                if kind == Kind::Aij {
                    // Scalar rows: checked here, with the messages of the first
                    // `from_csr` (a negative column is refused, not skipped).
                    let (m, n) = a.preallocation_layout(CTX)?;
                    let (_, big_n) = super::split_ownership(comm, Some(n), None)?;
                    let local = check_csr(CTX, m, big_n, rows.row_ptr, rows.cols, rows.vals);
                    comm.agree(CTX, local)?;
                }
                a.set_preallocation_csr(rows.row_ptr, rows.cols, Some(rows.vals))?;
            }
        }
        Ok(a)
    }
}

/// Checks this rank's CSR rows against its `local_rows` and the `global_cols`.
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

/// Checks per-row counts: one per local (block) row, none negative.
fn check_row_counts(rows: Int, lists: [(&str, &[Int]); 2]) -> Result<()> {
    const CTX: &str = "MatBuilder::build";
    for (name, nnz) in lists {
        if nnz.len() != rows as usize {
            return Err(Error::size_mismatch(
                CTX,
                format!(
                    "{name} has {} entries but this rank has {rows} local (block) rows",
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
}
