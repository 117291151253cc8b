//! Preallocation of a matrix made by [`Mat::new`] with a type chosen at run time: the
//! number of non-zeros per row for AIJ (`MatSeqAIJSetPreallocation`,
//! `MatMPIAIJSetPreallocation`) and per block row for any of AIJ, BAIJ and SBAIJ
//! (`MatXAIJSetPreallocation`), each count list checked against this rank's rows.

use petsc_sys as sys;

use super::sizes::split_ownership;
use super::{Mat, Nnz};
use crate::error::{Error, Result, check};
use crate::object::Object;
use crate::scalar::Int;

impl Mat {
    /// This rank's rows and columns as the layout will be (collective when a global size
    /// was given alone), after checking that sizes and a type are set.
    pub(super) fn preallocation_layout(&self, context: &str) -> Result<(Int, Int)> {
        let comm = self.comm();
        let local = (|| {
            if self.type_name()?.is_empty() {
                return Err(Error::invalid(
                    context,
                    "the matrix has no type yet: call set_type (or set_from_options) first",
                ));
            }
            Ok(())
        })();
        comm.agree(context, local)?;
        let (mut m, mut n, mut big_m, mut big_n): (Int, Int, Int, Int) = (0, 0, 0, 0);
        // SAFETY: live matrix; two outputs each.
        check(unsafe { sys::MatGetLocalSize(self.ptr, &mut m, &mut n) })?;
        // SAFETY: as above.
        check(unsafe { sys::MatGetSize(self.ptr, &mut big_m, &mut big_n) })?;
        let (mut rbs, mut cbs): (Int, Int) = (1, 1);
        // SAFETY: as above.
        check(unsafe { sys::MatGetBlockSizes(self.ptr, &mut rbs, &mut cbs) })?;
        let decide = |v: Int| (v >= 0).then_some(v);
        // PETSc splits a global size by blocks (`PetscLayoutSetUp`).
        let split = |l: Int, g: Int, bs: Int| -> Result<Int> {
            if l < 0 && g >= 0 && bs > 1 && g % bs == 0 {
                return Ok(split_ownership(&comm, None, Some(g / bs))?.0 * bs);
            }
            Ok(split_ownership(&comm, decide(l), decide(g))?.0)
        };
        Ok((split(m, big_m, rbs)?, split(n, big_n, cbs)?))
    }

    /// Preallocates a sequential AIJ matrix (`MatSeqAIJSetPreallocation`): `nz` non-zeros
    /// in every row (at most the number of columns are kept, as PETSc does), or `nnz[i]`
    /// in row `i` (one count per row of this rank, none negative). Like PETSc, a matrix of another type ignores it, so a
    /// program may call both this and
    /// [`mpi_aij_set_preallocation`](Self::mpi_aij_set_preallocation); the type must be
    /// set first.
    ///
    /// ```
    /// use petsc::{InsertMode, Mat, MatInfoType, MatType, Sizes};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut a = Mat::new(&petsc.self_comm())?;
    /// a.set_sizes_to(Sizes::global(3, 3))?;
    /// a.set_type(MatType::Aij)?;
    /// a.seq_aij_set_preallocation(5, None)?; // more than the 3 columns: 3 are kept
    /// a.seq_aij_set_preallocation(0, Some(&[1, 2, 2]))?;
    /// for i in 0..3 {
    ///     a.set_value(i, i, 2.0, InsertMode::Insert)?;
    ///     if i > 0 {
    ///         a.set_value(i, i - 1, -1.0, InsertMode::Insert)?;
    ///     }
    /// }
    /// a.assemble()?;
    /// let info = a.info(MatInfoType::Local)?;
    /// assert_eq!((info.nz_allocated, info.mallocs), (5, 0));
    /// assert!(a.seq_aij_set_preallocation(0, Some(&[1, 2])).is_err()); // 2 counts, 3 rows
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatSeqAIJSetPreallocation")]
    pub fn seq_aij_set_preallocation(&mut self, nz: Int, nnz: Option<&[Int]>) -> Result<()> {
        self.check_loan("Mat::seq_aij_set_preallocation")?;
        const CTX: &str = "Mat::seq_aij_set_preallocation";
        let (m, _) = self.preallocation_layout(CTX)?;
        let local = check_counts(CTX, "nnz", nnz, m).and(check_nz(CTX, "nz", nz));
        self.comm().agree(CTX, local)?;
        // SAFETY: live matrix with a type; `nnz` is null or has one count per local row.
        check(unsafe { sys::MatSeqAIJSetPreallocation(self.ptr, nz, ptr(nnz)) })
    }

    /// Preallocates a distributed AIJ matrix (`MatMPIAIJSetPreallocation`, collective):
    /// per row of this rank, `d_nz` (or `d_nnz[i]`) non-zeros in the diagonal block (the
    /// columns this rank owns) and `o_nz` (or `o_nnz[i]`) in the rest. A matrix of
    /// another type ignores it (see
    /// [`seq_aij_set_preallocation`](Self::seq_aij_set_preallocation)).
    ///
    /// ```
    /// use petsc::{InsertMode, Mat, MatInfoType, MatType, Sizes};
    /// let petsc = petsc::Petsc::init()?;
    /// let world = petsc.world();
    /// let mut a = Mat::new(&world)?;
    /// a.set_sizes_to(Sizes::global(8, 8))?;
    /// a.set_type(MatType::Aij)?;
    /// a.seq_aij_set_preallocation(3, None)?;
    /// a.mpi_aij_set_preallocation(3, None, 1, None)?;
    /// for i in a.ownership_range()? {
    ///     for j in [i - 1, i, i + 1].into_iter().filter(|j| (0..8).contains(j)) {
    ///         a.set_value(i, j, if i == j { 2.0 } else { -1.0 }, InsertMode::Insert)?;
    ///     }
    /// }
    /// a.assemble()?;
    /// assert_eq!(a.info(MatInfoType::Local)?.mallocs, 0);
    /// assert!(a.mpi_aij_set_preallocation(-7, None, 0, None).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatMPIAIJSetPreallocation")]
    pub fn mpi_aij_set_preallocation(
        &mut self,
        d_nz: Int,
        d_nnz: Option<&[Int]>,
        o_nz: Int,
        o_nnz: Option<&[Int]>,
    ) -> Result<()> {
        self.check_loan("Mat::mpi_aij_set_preallocation")?;
        const CTX: &str = "Mat::mpi_aij_set_preallocation";
        let (m, _) = self.preallocation_layout(CTX)?;
        let local = check_counts(CTX, "d_nnz", d_nnz, m)
            .and(check_counts(CTX, "o_nnz", o_nnz, m))
            .and(check_nz(CTX, "d_nz", d_nz))
            .and(check_nz(CTX, "o_nz", o_nz));
        self.comm().agree(CTX, local)?;
        // SAFETY: live matrix with a type; each list is null or has one count per local
        // row.
        check(unsafe {
            sys::MatMPIAIJSetPreallocation(self.ptr, d_nz, ptr(d_nnz), o_nz, ptr(o_nnz))
        })
    }

    /// Preallocates an AIJ, BAIJ or SBAIJ matrix, sequential or distributed, from
    /// counts per block row (`MatXAIJSetPreallocation`, collective): `bs` the block
    /// size, `dnnz[i]` and `onnz[i]` the blocks of block row `i` in the diagonal part
    /// and outside it (for SBAIJ, which stores the upper triangle, they bound the counts
    /// of the upper triangle). `None` leaves PETSc's default. A `bs` equal to the row
    /// block size already set leaves the column block size as it is; another one sets
    /// both (as `MatXAIJSetPreallocation` does). See also
    /// [`set_preallocation_nnz`](Self::set_preallocation_nnz), petsc4py's
    /// `setPreallocationNNZ`.
    ///
    /// ```
    /// use petsc::{InsertMode, Mat, MatInfoType, Sizes};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut a = Mat::new(&petsc.self_comm())?;
    /// a.set_sizes_to(Sizes::global(4, 4))?;
    /// a.set_type_name("baij")?;
    /// a.set_block_size(2)?;
    /// a.xaij_set_preallocation(2, Some(&[1, 2]), Some(&[0, 0]))?;
    /// a.set_value(0, 0, 1.0, InsertMode::Insert)?;
    /// a.set_value(3, 1, 1.0, InsertMode::Insert)?;
    /// a.set_value(3, 3, 1.0, InsertMode::Insert)?;
    /// a.assemble()?;
    /// assert_eq!(a.info(MatInfoType::Local)?.mallocs, 0);
    /// assert!(a.xaij_set_preallocation(3, None, None).is_err()); // 3 does not divide 4
    ///
    /// // SBAIJ: the counts of the whole block rows bound those of the upper triangle.
    /// let mut s = Mat::new(&petsc.self_comm())?;
    /// s.set_sizes_to(Sizes::global(4, 4))?;
    /// s.set_type_name("sbaij")?;
    /// s.xaij_set_preallocation(2, Some(&[2, 1]), None)?;
    /// s.set_option(petsc::MatOption::NewNonzeroAllocationErr, true)?;
    /// s.set_value(0, 3, 1.0, InsertMode::Insert)?;
    /// s.set_value(3, 3, 1.0, InsertMode::Insert)?;
    /// s.assemble()?;
    /// assert_eq!(s.info(MatInfoType::Local)?.mallocs, 0);
    ///
    /// // The row block size already set keeps the column block size.
    /// let mut r = Mat::new(&petsc.self_comm())?;
    /// r.set_sizes_to(Sizes::global(8, 4))?;
    /// r.set_type_name("aij")?;
    /// r.set_block_sizes(4, 2)?;
    /// r.xaij_set_preallocation(4, Some(&[2, 2]), None)?;
    /// assert_eq!(r.block_sizes()?, (4, 2));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatXAIJSetPreallocation")]
    pub fn xaij_set_preallocation(
        &mut self,
        bs: Int,
        dnnz: Option<&[Int]>,
        onnz: Option<&[Int]>,
    ) -> Result<()> {
        self.check_loan("Mat::xaij_set_preallocation")?;
        const CTX: &str = "Mat::xaij_set_preallocation";
        let (m, n) = self.preallocation_layout(CTX)?;
        // PETSc sets both block sizes to `bs` unless given PETSC_DECIDE: a block size
        // equal to the row block size already set keeps the column block size.
        let (rbs, cbs) = self.block_sizes()?;
        let (pass, cbs) = if bs == rbs {
            (sys::PETSC_DECIDE as Int, cbs)
        } else {
            (bs, bs)
        };
        let local = (|| {
            if bs < 1 || m % bs != 0 || n % cbs != 0 {
                return Err(Error::invalid(
                    CTX,
                    format!(
                        "block size {bs}: it must be at least 1 and divide this rank's {m} rows (and its {n} columns by the column block size {cbs})"
                    ),
                ));
            }
            check_counts(CTX, "dnnz", dnnz, m / bs)?;
            check_counts(CTX, "onnz", onnz, m / bs)
        })();
        self.comm().agree(CTX, local)?;
        // SAFETY: live matrix with a type; each list is null or has one count per local
        // block row. SBAIJ reads only the upper-triangle lists: the counts of the whole
        // block rows bound them.
        check(unsafe {
            sys::MatXAIJSetPreallocation(self.ptr, pass, ptr(dnnz), ptr(onnz), ptr(dnnz), ptr(onnz))
        })
    }

    /// The preallocation family of the matrix's type: the function PETSc composes for
    /// it (petsc4py's `MatHasPreallocationAIJ`).
    pub(super) fn preallocation_kind(&self) -> Result<Kind> {
        let has = |name: &std::ffi::CStr| -> Result<bool> {
            let mut f: Option<unsafe extern "C" fn()> = None;
            // SAFETY: live matrix; PETSc writes the composed function or None.
            check(unsafe {
                sys::PetscObjectQueryFunction_Private(self.as_object(), name.as_ptr(), &mut f)
            })?;
            Ok(f.is_some())
        };
        let kinds = [
            (
                c"MatSeqAIJSetPreallocation_C",
                c"MatMPIAIJSetPreallocation_C",
                Kind::Aij,
            ),
            (
                c"MatSeqBAIJSetPreallocation_C",
                c"MatMPIBAIJSetPreallocation_C",
                Kind::Baij,
            ),
            (
                c"MatSeqSBAIJSetPreallocation_C",
                c"MatMPISBAIJSetPreallocation_C",
                Kind::Sbaij,
            ),
            (
                c"MatISSetPreallocation_C",
                c"MatISSetPreallocation_C",
                Kind::Is,
            ),
        ];
        for (seq, mpi, kind) in kinds {
            if has(seq)? || has(mpi)? {
                return Ok(kind);
            }
        }
        Ok(Kind::Other)
    }

    /// The block size the counts of `kind` go by, and this rank's rows and columns
    /// (collective when a global size was given alone).
    fn preallocation_rows(&self, context: &str, kind: Kind) -> Result<(Int, Int, Int)> {
        let (m, n) = self.preallocation_layout(context)?;
        let bs = match kind {
            Kind::Baij | Kind::Sbaij => self.block_size()?.max(1),
            _ => 1,
        };
        let local = if m % bs != 0 || n % bs != 0 {
            Err(Error::invalid(
                context,
                format!("the block size {bs} does not divide this rank's {m} rows and {n} columns"),
            ))
        } else {
            Ok(())
        };
        self.comm().agree(context, local)?;
        Ok((bs, m, n))
    }

    /// Preallocates an AIJ, BAIJ, SBAIJ or IS matrix, sequential or distributed
    /// (collective; petsc4py's `setPreallocationNNZ`): `d` non-zeros per row in the
    /// diagonal block (the columns this rank owns; the whole row on one rank), `o` in the
    /// rest. For BAIJ and SBAIJ the counts are blocks per block row (SBAIJ: of the upper
    /// triangle), with the matrix's block size. [`Nnz::Each`] is one count for every row
    /// (more than the columns is fine: PETSc keeps what fits), [`Nnz::Rows`] one per
    /// (block) row of this rank. A matrix of another type (dense, ...) is left as it is,
    /// as in petsc4py. The type must be set first.
    ///
    /// ```
    /// use petsc::{InsertMode, Mat, MatInfoType, Nnz, Sizes};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut a = Mat::new(&petsc.self_comm())?;
    /// a.set_type_name("sbaij")?;
    /// a.set_sizes_to(Sizes::global(4, 4))?;
    /// a.set_block_size(2)?;
    /// a.set_preallocation_nnz(Nnz::Rows(&[2, 1]), Nnz::Default)?;
    /// a.set_values_blocked(&[0], &[0, 1], &[1.0; 8], InsertMode::Insert)?;
    /// a.set_values_blocked(&[1], &[1], &[1.0; 4], InsertMode::Insert)?;
    /// a.assemble()?;
    /// assert_eq!(a.info(MatInfoType::Local)?.mallocs, 0);
    /// assert!(a.set_preallocation_nnz(Nnz::Rows(&[1, 1, 1]), Nnz::Default).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatSeqAIJSetPreallocation")]
    #[doc(alias = "MatMPIAIJSetPreallocation")]
    #[doc(alias = "MatSeqBAIJSetPreallocation")]
    #[doc(alias = "MatMPIBAIJSetPreallocation")]
    #[doc(alias = "MatSeqSBAIJSetPreallocation")]
    #[doc(alias = "MatMPISBAIJSetPreallocation")]
    #[doc(alias = "MatISSetPreallocation")]
    pub fn set_preallocation_nnz(&mut self, d: Nnz<'_>, o: Nnz<'_>) -> Result<()> {
        self.check_loan("Mat::set_preallocation_nnz")?;
        const CTX: &str = "Mat::set_preallocation_nnz";
        let kind = self.preallocation_kind()?;
        let (bs, m, _) = self.preallocation_rows(CTX, kind)?;
        fn split<'a>(name: &str, counts: Nnz<'a>, rows: Int) -> Result<(Int, Option<&'a [Int]>)> {
            match counts {
                Nnz::Default => Ok((sys::PETSC_DEFAULT as Int, None)),
                Nnz::Each(nz) => check_nz(CTX, name, nz).map(|()| (nz, None)),
                Nnz::Rows(list) => {
                    check_counts(CTX, name, Some(list), rows).map(|()| (0, Some(list)))
                }
            }
        }
        let both = split("d", d, m / bs).and_then(|d| Ok((d, split("o", o, m / bs)?)));
        let ((d_nz, d_nnz), (o_nz, o_nnz)) = self.comm().agree(CTX, both)?;
        let (dp, op) = (ptr(d_nnz), ptr(o_nnz));
        let a = self.ptr;
        // SAFETY: live matrix of the family `kind` names; each list is null or has one
        // count per local (block) row. Of each pair (sequential, distributed), the call
        // for the other type is a no-op.
        let codes = unsafe {
            match kind {
                Kind::Aij => [
                    sys::MatSeqAIJSetPreallocation(a, d_nz, dp),
                    sys::MatMPIAIJSetPreallocation(a, d_nz, dp, o_nz, op),
                ],
                Kind::Baij => [
                    sys::MatSeqBAIJSetPreallocation(a, bs, d_nz, dp),
                    sys::MatMPIBAIJSetPreallocation(a, bs, d_nz, dp, o_nz, op),
                ],
                Kind::Sbaij => [
                    sys::MatSeqSBAIJSetPreallocation(a, bs, d_nz, dp),
                    sys::MatMPISBAIJSetPreallocation(a, bs, d_nz, dp, o_nz, op),
                ],
                Kind::Is => [sys::MatISSetPreallocation(a, d_nz, dp, o_nz, op), 0],
                Kind::Other => [0, 0],
            }
        };
        codes.into_iter().try_for_each(check)
    }

    /// Preallocates an AIJ, BAIJ or SBAIJ matrix from this rank's rows in compressed
    /// sparse row form and sets them (collective; petsc4py's `setPreallocationCSR`): local
    /// (block) row `i` has the (block) columns `cols[row_ptr[i]..row_ptr[i+1]]` (global
    /// indices), and the values `values[row_ptr[i]..row_ptr[i+1]]` (BAIJ, SBAIJ: `bs x bs`
    /// values per block, row by row within a block, block after block), or zeros without
    /// `values`. The matrix is assembled afterwards. `row_ptr` starts at 0, never
    /// decreases and has one entry more than the local (block) rows; no column index is
    /// at or above the number of (block) columns (a negative one is skipped, as by
    /// `MatSetValues`). A matrix of another type is left as it is, as in petsc4py.
    ///
    /// ```
    /// use petsc::{Mat, Sizes};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut a = Mat::new(&petsc.self_comm())?;
    /// a.set_type_name("aij")?;
    /// a.set_sizes_to(Sizes::global(2, 2))?;
    /// a.set_preallocation_csr(&[0, 2, 3], &[0, 1, 1], Some(&[1.0, 2.0, 3.0]))?;
    /// assert_eq!(a.values(&[0, 1], &[0, 1])?, vec![1.0, 2.0, 0.0, 3.0]);
    /// assert!(a.set_preallocation_csr(&[0, 2, 3], &[0, 2, 1], None).is_err()); // column 2
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatSeqAIJSetPreallocationCSR")]
    #[doc(alias = "MatMPIAIJSetPreallocationCSR")]
    #[doc(alias = "MatSeqBAIJSetPreallocationCSR")]
    #[doc(alias = "MatMPIBAIJSetPreallocationCSR")]
    #[doc(alias = "MatSeqSBAIJSetPreallocationCSR")]
    #[doc(alias = "MatMPISBAIJSetPreallocationCSR")]
    pub fn set_preallocation_csr(
        &mut self,
        row_ptr: &[Int],
        cols: &[Int],
        values: Option<&[crate::scalar::Scalar]>,
    ) -> Result<()> {
        self.check_loan("Mat::set_preallocation_csr")?;
        const CTX: &str = "Mat::set_preallocation_csr";
        self.check_no_views_anywhere(CTX)?;
        let kind = self.preallocation_kind()?;
        let (bs, m, n) = self.preallocation_rows(CTX, kind)?;
        // The global columns as the layout will have them (collective).
        let (_, big_n) = split_ownership(&self.comm(), Some(n), None)?;
        let local = (|| {
            let rows = (m / bs) as usize;
            if row_ptr.len() != rows + 1 {
                return Err(Error::size_mismatch(
                    CTX,
                    format!(
                        "row_ptr has {} entries but this rank has {rows} (block) rows, so it needs {}",
                        row_ptr.len(),
                        rows + 1
                    ),
                ));
            }
            if row_ptr[0] != 0 || row_ptr.windows(2).any(|w| w[1] < w[0]) {
                return Err(Error::invalid(
                    CTX,
                    "row_ptr must start at 0 and never decrease",
                ));
            }
            let nnz = row_ptr[rows] as usize;
            let per = (bs * bs) as usize;
            if cols.len() != nnz || values.is_some_and(|v| v.len() != nnz * per) {
                return Err(Error::size_mismatch(
                    CTX,
                    format!(
                        "row_ptr ends at {nnz}: cols needs {nnz} entries (has {}) and values {} (has {})",
                        cols.len(),
                        nnz * per,
                        values.map_or(0, <[_]>::len)
                    ),
                ));
            }
            let bound = big_n / bs;
            if let Some((p, &j)) = cols.iter().enumerate().find(|&(_, &j)| j >= bound) {
                return Err(Error::out_of_range(
                    CTX,
                    format!("column {j} (position {p}) is not below the {bound} (block) columns"),
                ));
            }
            Ok(())
        })();
        self.comm().agree(CTX, local)?;
        let (a, i, j) = (self.ptr, row_ptr.as_ptr(), cols.as_ptr());
        let v = values.map_or(std::ptr::null(), <[_]>::as_ptr);
        // SAFETY: live matrix of the family `kind` names; `row_ptr` has one entry per
        // local (block) row and one more, `cols` and `values` (or null) as many entries
        // as it says, every column in range. Of each pair (sequential, distributed), the
        // call for the other type is a no-op.
        let codes = unsafe {
            match kind {
                Kind::Aij => [
                    sys::MatSeqAIJSetPreallocationCSR(a, i, j, v),
                    sys::MatMPIAIJSetPreallocationCSR(a, i, j, v),
                ],
                Kind::Baij => [
                    sys::MatSeqBAIJSetPreallocationCSR(a, bs, i, j, v),
                    sys::MatMPIBAIJSetPreallocationCSR(a, bs, i, j, v),
                ],
                Kind::Sbaij => [
                    sys::MatSeqSBAIJSetPreallocationCSR(a, bs, i, j, v),
                    sys::MatMPISBAIJSetPreallocationCSR(a, bs, i, j, v),
                ],
                Kind::Is | Kind::Other => [0, 0],
            }
        };
        codes.into_iter().try_for_each(check)
    }
}

/// Which preallocation functions a matrix type has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Aij,
    Baij,
    Sbaij,
    Is,
    Other,
}

/// The list's pointer, or null for `None`.
fn ptr(counts: Option<&[Int]>) -> *const Int {
    counts.map_or(std::ptr::null(), <[Int]>::as_ptr)
}

/// A count for every row: not negative, or one of PETSc's markers (`PETSC_DEFAULT`,
/// `PETSC_DECIDE`, `MAT_SKIP_ALLOCATION`). PETSc keeps at most the row's length of a
/// larger count.
fn check_nz(context: &str, name: &str, nz: Int) -> Result<()> {
    let markers = [
        sys::PETSC_DEFAULT as Int,
        sys::PETSC_DECIDE as Int,
        sys::MAT_SKIP_ALLOCATION as Int,
    ];
    if nz < 0 && !markers.contains(&nz) {
        return Err(Error::invalid(
            context,
            format!("{name} is {nz}; it must not be negative"),
        ));
    }
    Ok(())
}

/// A list of counts: one per (block) row of this rank (PETSc reads that many), none
/// negative.
pub(super) fn check_counts(
    context: &str,
    name: &str,
    counts: Option<&[Int]>,
    rows: Int,
) -> Result<()> {
    let Some(counts) = counts else {
        return Ok(());
    };
    if counts.len() != rows as usize {
        return Err(Error::size_mismatch(
            context,
            format!(
                "{name} has {} counts but this rank has {rows} (block) rows",
                counts.len()
            ),
        ));
    }
    if let Some((i, &k)) = counts.iter().enumerate().find(|&(_, &k)| k < 0) {
        return Err(Error::invalid(
            context,
            format!("{name}[{i}] is {k}; it must not be negative"),
        ));
    }
    Ok(())
}
