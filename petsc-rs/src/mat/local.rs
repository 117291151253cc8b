//! A local numbering of a matrix's rows and columns (`MatSetLocalToGlobalMapping`):
//! assembly by local indices, zeroing rows by local indices, coordinate (COO) lists in
//! local indices, and submatrices addressed by local indices
//! (`MatGetLocalSubMatrix`).
//!
//! A numbering given here is checked against the matrix (its global indices below the
//! global sizes, its block size the matrix's), so the global indices PETSc computes from
//! local ones are always in range; local indices are checked against the numbering
//! before PETSc is called.

use std::marker::PhantomData;

use petsc_sys as sys;

use super::assembly::Setter;
use super::{Mat, check_block_len};
use crate::error::{Error, Result, check};
use crate::is::IndexSet;
use crate::lgmap::LgMap;
use crate::object::Object;
use crate::scalar::{Int, Scalar};
use crate::vec::{InsertMode, Vector};

/// What the local setters need to know of a matrix's numbering: the number of local
/// rows and columns it maps (blocks of them for the blocked setters), and the number of
/// rows and columns each index stands for (the block sizes, or 1).
#[derive(Debug, Clone, Copy)]
struct LocalBounds {
    rows: Int,
    cols: Int,
    bs: (Int, Int),
}

impl Mat {
    /// Gives the matrix a local numbering of its rows and columns
    /// (`MatSetLocalToGlobalMapping`; collective here: the mappings are checked on
    /// every rank at once): local row `i` of this rank is global row
    /// `rows.indices()[i]`, and likewise for columns with `cols` (`None`: the same
    /// mapping as the rows, for square matrices). Then
    /// [`set_values_local`](Self::set_values_local) and the other local forms take
    /// local indices. A matrix made by a DMDA has its grid's numbering already; this
    /// replaces it.
    ///
    /// Every global index of a mapping must be below the matrix's global rows (columns),
    /// negative ones standing for entries to leave out, and a mapping's block size must
    /// be 1 or the matrix's row (column) block size; the matrix must have its sizes.
    ///
    /// ```
    /// use petsc::{InsertMode, LgMap, Mat, Sizes};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut a = Mat::aij(&c).sizes(Sizes::global(3, 3)).preallocate(3, 0).build()?;
    /// // Local i is global 2 - i.
    /// a.set_lgmap(&LgMap::new(&c, 1, &[2, 1, 0])?, None)?;
    /// a.set_values_local(&[0], &[0, 1], &[5.0, 6.0], InsertMode::Insert)?;
    /// a.assemble()?;
    /// assert_eq!(a.values(&[2], &[1, 2])?, vec![6.0, 5.0]);
    /// let (rows, cols) = a.lgmap()?;
    /// assert_eq!(&*rows.unwrap().indices()?, &[2, 1, 0]);
    /// assert!(cols.is_some());
    /// // Global index 3 is past the matrix.
    /// assert!(a.set_lgmap(&LgMap::new(&c, 1, &[3])?, None).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatSetLocalToGlobalMapping")]
    pub fn set_lgmap(&mut self, rows: &LgMap, cols: Option<&LgMap>) -> Result<()> {
        self.check_loan("Mat::set_lgmap")?;
        const CTX: &str = "Mat::set_lgmap";
        let cols = cols.unwrap_or(rows);
        let local = (|| {
            let Some((m, n)) = self.planned_size()? else {
                return Err(Error::invalid(
                    CTX,
                    "the matrix has no sizes yet (call set_sizes first)",
                ));
            };
            let (rbs, cbs) = self.block_sizes()?;
            check_mapping(CTX, "row", rows, m, rbs)?;
            check_mapping(CTX, "column", cols, n, cbs)
        })();
        self.comm().agree(CTX, local)?;
        // SAFETY: live matrix and mappings, checked against the matrix's sizes and block
        // sizes; PETSc takes its own references to the mappings.
        check(unsafe { sys::MatSetLocalToGlobalMapping(self.ptr, rows.as_raw(), cols.as_raw()) })?;
        if self.has_type(sys::MATIS)? {
            // The mappings made a new local matrix without storage, which PETSc's
            // optimized build would write through at the first value.
            self.set_up_is_local()?;
        }
        Ok(())
    }

    /// The local numbering of the rows and of the columns
    /// (`MatGetLocalToGlobalMapping`), `None` for each the matrix has none of. Each
    /// handle holds its own reference.
    #[doc(alias = "MatGetLocalToGlobalMapping")]
    pub fn lgmap(&self) -> Result<(Option<LgMap>, Option<LgMap>)> {
        self.check_loan("Mat::lgmap")?;
        let (r, c) = self.raw_lgmaps()?;
        let wrap = |m: sys::ISLocalToGlobalMapping| -> Result<Option<LgMap>> {
            if m.is_null() {
                return Ok(None);
            }
            // SAFETY: a live mapping lent by the matrix; the handle takes a reference.
            unsafe { LgMap::from_raw_borrowed(&self.petsc, m) }.map(Some)
        };
        Ok((wrap(r)?, wrap(c)?))
    }

    crate::methods![for Mat;
        /// The matrix's row and column mappings, borrowed (null when absent).
        fn raw_lgmaps(&self) -> (r: sys::ISLocalToGlobalMapping, c: sys::ISLocalToGlobalMapping)
            = MatGetLocalToGlobalMapping as "MatGetLocalToGlobalMapping";
    ];

    /// The number of local rows and columns (blocks of them when `blocked`) the
    /// matrix's numbering maps; an `Err` when it has none, or, for the blocked setters,
    /// when a mapping's block size is not the matrix's.
    fn local_bounds(&self, context: &str, blocked: bool) -> Result<LocalBounds> {
        let (r, c) = self.raw_lgmaps()?;
        if r.is_null() || c.is_null() {
            return Err(Error::invalid(
                context,
                "the matrix has no local numbering (give it one with set_lgmap, or make it \
                 with a DMDA)",
            ));
        }
        let (rbs, cbs) = if blocked { self.block_sizes()? } else { (1, 1) };
        let count = |map: sys::ISLocalToGlobalMapping, bs: Int, what: &str| -> Result<Int> {
            let (mut n, mut mbs): (Int, Int) = (0, 1);
            // SAFETY: live mapping held by the matrix.
            check(unsafe { sys::ISLocalToGlobalMappingGetSize(map, &mut n) })?;
            if !blocked {
                return Ok(n);
            }
            // SAFETY: as above.
            check(unsafe { sys::ISLocalToGlobalMappingGetBlockSize(map, &mut mbs) })?;
            if mbs != bs {
                return Err(Error::invalid(
                    context,
                    format!(
                        "the {what} mapping has block size {mbs} but the matrix's {what} block \
                         size is {bs}; block indices need the two to agree"
                    ),
                ));
            }
            Ok(n / bs)
        };
        Ok(LocalBounds {
            rows: count(r, rbs, "row")?,
            cols: count(c, cbs, "column")?,
            bs: (rbs, cbs),
        })
    }

    /// The number of local rows and columns the matrix's numbering maps; an `Err` when
    /// it has none.
    pub(super) fn local_counts(&self, context: &str) -> Result<(Int, Int)> {
        let b = self.local_bounds(context, false)?;
        Ok((b.rows, b.cols))
    }

    /// The checks of the local setters (no views, a numbering, local indices the
    /// numbering maps; negative ones are left out, as in PETSc), and the C setter:
    /// `MatSetValuesLocal`, or `MatSetValuesBlockedLocal` when `blocked`.
    #[allow(clippy::type_complexity)]
    fn local_setter(
        &self,
        context: &str,
        blocked: bool,
        rows: &[Int],
        cols: &[Int],
    ) -> Result<(
        LocalBounds,
        unsafe extern "C" fn(
            sys::Mat,
            Int,
            *const Int,
            Int,
            *const Int,
            *const Scalar,
            sys::InsertMode,
        ) -> sys::PetscErrorCode,
    )> {
        self.check_no_views(context)?;
        let b = self.local_bounds(context, blocked)?;
        let what = if blocked { "block row" } else { "row" };
        LgMap::check_local(context, what, rows, b.rows)?;
        let what = if blocked { "block column" } else { "column" };
        LgMap::check_local(context, what, cols, b.cols)?;
        let f = if blocked {
            sys::MatSetValuesBlockedLocal
        } else {
            sys::MatSetValuesLocal
        };
        Ok((b, f))
    }

    /// `MatSetValuesLocal` (`MatSetValuesBlockedLocal` when `blocked`) after the checks
    /// of the local setters: no views, a numbering, the length of `values`, and local
    /// indices the numbering maps (negative ones are left out, as in PETSc).
    fn set_local(
        &mut self,
        context: &str,
        blocked: bool,
        rows: &[Int],
        cols: &[Int],
        values: &[Scalar],
        mode: InsertMode,
    ) -> Result<()> {
        let (b, f) = self.local_setter(context, blocked, rows, cols)?;
        check_block_len(context, rows.len(), cols.len(), b.bs, values.len())?;
        // SAFETY: live matrix with a numbering of its rows and columns whose global
        // indices are in range (and, for blocks, whose block sizes are the matrix's);
        // lengths and local indices checked above.
        check(unsafe {
            f(
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

    /// The rows of a compressed-row batch by local indices: one `MatSetValuesLocal`
    /// (`MatSetValuesBlockedLocal` when `blocked`) per row `rows[i]` with the columns
    /// `cols[row_ptr[i]..row_ptr[i + 1]]`, after the checks of [`set_local`] made once for
    /// the whole batch (so nothing is inserted when an index is wrong). The caller has
    /// checked `row_ptr` against `cols` and `values` (`per_entry` values an entry).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn set_local_batch(
        &mut self,
        context: &str,
        blocked: bool,
        rows: &[Int],
        row_ptr: &[Int],
        cols: &[Int],
        values: &[Scalar],
        per_entry: usize,
        mode: InsertMode,
    ) -> Result<()> {
        let (_, f) = self.local_setter(context, blocked, rows, cols)?;
        for (i, row) in rows.iter().enumerate() {
            let (a, e) = (row_ptr[i] as usize, row_ptr[i + 1] as usize);
            let (c, v) = (&cols[a..e], &values[a * per_entry..e * per_entry]);
            // SAFETY: live matrix with a numbering whose global indices are in range;
            // the local indices are checked above and `v` holds `per_entry` values for
            // each of the `c.len()` entries of this row (checked by the caller).
            check(unsafe {
                f(
                    self.ptr,
                    1,
                    row,
                    c.len() as Int,
                    c.as_ptr(),
                    v.as_ptr(),
                    mode.raw(),
                )
            })?;
        }
        Ok(())
    }

    /// [`set_values`](Self::set_values) by local indices (`MatSetValuesLocal`): `rows`
    /// and `cols` are this rank's local numbers of the rows and columns, in the
    /// numbering of [`set_lgmap`](Self::set_lgmap) (or of the DMDA the matrix was made
    /// by). A matrix without a numbering, a local index the numbering does not map and
    /// `values` of the wrong length are an `Err` before PETSc is called; negative
    /// indices are left out, as in PETSc.
    ///
    /// ```
    /// use petsc::{InsertMode, LgMap, Mat, Sizes};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut a = Mat::aij(&c).sizes(Sizes::global(4, 4)).preallocate(2, 0).build()?;
    /// assert!(a.set_values_local(&[0], &[0], &[1.0], InsertMode::Insert).is_err()); // no numbering
    /// a.set_lgmap(&LgMap::new(&c, 1, &[3, 0])?, None)?;
    /// a.set_values_local(&[0, 1], &[0, 1], &[1.0, 2.0, 3.0, 4.0], InsertMode::Insert)?;
    /// let e = a.set_values_local(&[2], &[0], &[1.0], InsertMode::Insert).unwrap_err();
    /// assert!(e.to_string().contains("local row 2"), "{e}");
    /// a.assemble()?;
    /// assert_eq!(a.values(&[0, 3], &[0, 3])?, vec![4.0, 3.0, 2.0, 1.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatSetValuesLocal")]
    pub fn set_values_local(
        &mut self,
        rows: &[Int],
        cols: &[Int],
        values: &[Scalar],
        mode: InsertMode,
    ) -> Result<()> {
        self.check_loan("Mat::set_values_local")?;
        self.set_local("Mat::set_values_local", false, rows, cols, values, mode)
    }

    /// Sets or adds one entry by local indices; see
    /// [`set_values_local`](Self::set_values_local).
    #[doc(alias = "MatSetValueLocal")]
    pub fn set_value_local(
        &mut self,
        row: Int,
        col: Int,
        value: impl Into<Scalar>,
        mode: InsertMode,
    ) -> Result<()> {
        self.check_loan("Mat::set_value_local")?;
        self.set_values_local(&[row], &[col], &[value.into()], mode)
    }

    /// [`set_values_blocked`](Self::set_values_blocked) by local block indices
    /// (`MatSetValuesBlockedLocal`): local block `I` of the numbering is local rows
    /// `I*bs .. (I+1)*bs`. The numbering's block sizes must be the matrix's.
    ///
    /// ```
    /// use petsc::{InsertMode, LgMap, Mat, Sizes};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut a = Mat::baij(&c).block_size(2).sizes(Sizes::global(4, 4)).preallocate(2, 0).build()?;
    /// // Local block 0 is global block 1.
    /// a.set_lgmap(&LgMap::new(&c, 2, &[1, 0])?, None)?;
    /// a.set_values_blocked_local(&[0], &[1], &[1.0, 2.0, 3.0, 4.0], InsertMode::Insert)?;
    /// a.assemble()?;
    /// assert_eq!(a.values(&[2, 3], &[0, 1])?, vec![1.0, 2.0, 3.0, 4.0]);
    /// assert!(a.set_values_blocked_local(&[2], &[0], &[0.0; 4], InsertMode::Insert).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatSetValuesBlockedLocal")]
    pub fn set_values_blocked_local(
        &mut self,
        rows: &[Int],
        cols: &[Int],
        values: &[Scalar],
        mode: InsertMode,
    ) -> Result<()> {
        self.check_loan("Mat::set_values_blocked_local")?;
        self.set_local(
            "Mat::set_values_blocked_local",
            true,
            rows,
            cols,
            values,
            mode,
        )
    }

    /// [`set_values_rcv`](Self::set_values_rcv) by local indices
    /// (`setValuesLocalRCV`).
    pub fn set_values_local_rcv(
        &mut self,
        rows: &[&[Int]],
        cols: &[&[Int]],
        values: &[&[Scalar]],
        mode: InsertMode,
    ) -> Result<()> {
        self.check_loan("Mat::set_values_local_rcv")?;
        self.rcv_loop(
            "Mat::set_values_local_rcv",
            Setter::Local,
            rows,
            cols,
            values,
            mode,
        )
    }

    /// [`set_values_blocked_rcv`](Self::set_values_blocked_rcv) by local block indices
    /// (`setValuesBlockedLocalRCV`).
    pub fn set_values_blocked_local_rcv(
        &mut self,
        rows: &[&[Int]],
        cols: &[&[Int]],
        values: &[&[Scalar]],
        mode: InsertMode,
    ) -> Result<()> {
        self.check_loan("Mat::set_values_blocked_local_rcv")?;
        self.rcv_loop(
            "Mat::set_values_blocked_local_rcv",
            Setter::BlockedLocal,
            rows,
            cols,
            values,
            mode,
        )
    }

    /// [`set_values_local`](Self::set_values_local) from compressed sparse rows
    /// (`setValuesLocalCSR`): local row `i` gets `values[row_ptr[i]..row_ptr[i+1]]` in
    /// the local columns `cols[row_ptr[i]..row_ptr[i+1]]`, for `i` in
    /// `0..row_ptr.len() - 1`.
    ///
    /// ```
    /// use petsc::{InsertMode, LgMap, Mat, Sizes};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut a = Mat::aij(&c).sizes(Sizes::global(2, 2)).preallocate(2, 0).build()?;
    /// a.set_lgmap(&LgMap::new(&c, 1, &[1, 0])?, None)?;
    /// // Local row 0 (global 1): local columns 0 and 1 (global 1 and 0).
    /// a.set_values_local_csr(&[0, 2], &[0, 1], &[5.0, 6.0], InsertMode::Insert)?;
    /// a.assemble()?;
    /// assert_eq!(a.values(&[1], &[0, 1])?, vec![6.0, 5.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn set_values_local_csr(
        &mut self,
        row_ptr: &[Int],
        cols: &[Int],
        values: &[Scalar],
        mode: InsertMode,
    ) -> Result<()> {
        self.check_loan("Mat::set_values_local_csr")?;
        self.set_values_local_ijv(row_ptr, cols, values, mode, None)
    }

    /// [`set_values_local_csr`](Self::set_values_local_csr) with the local row of each
    /// compressed row given by `rows` (`setValuesLocalIJV`; `None`: local rows 0, 1,
    /// ...).
    pub fn set_values_local_ijv(
        &mut self,
        row_ptr: &[Int],
        cols: &[Int],
        values: &[Scalar],
        mode: InsertMode,
        rows: Option<&[Int]>,
    ) -> Result<()> {
        self.check_loan("Mat::set_values_local_ijv")?;
        self.csr_loop(
            "Mat::set_values_local_csr",
            Setter::Local,
            row_ptr,
            cols,
            values,
            mode,
            rows,
        )
    }

    /// [`set_values_blocked_csr`](Self::set_values_blocked_csr) by local block indices
    /// (`setValuesBlockedLocalCSR`): local block row `i` for `i` in
    /// `0..row_ptr.len() - 1`.
    pub fn set_values_blocked_local_csr(
        &mut self,
        row_ptr: &[Int],
        cols: &[Int],
        values: &[Scalar],
        mode: InsertMode,
    ) -> Result<()> {
        self.check_loan("Mat::set_values_blocked_local_csr")?;
        self.set_values_blocked_local_ijv(row_ptr, cols, values, mode, None)
    }

    /// [`set_values_blocked_local_csr`](Self::set_values_blocked_local_csr) with the
    /// local block row of each compressed row given by `rows`
    /// (`setValuesBlockedLocalIJV`).
    pub fn set_values_blocked_local_ijv(
        &mut self,
        row_ptr: &[Int],
        cols: &[Int],
        values: &[Scalar],
        mode: InsertMode,
        rows: Option<&[Int]>,
    ) -> Result<()> {
        self.check_loan("Mat::set_values_blocked_local_ijv")?;
        self.csr_loop(
            "Mat::set_values_blocked_local_csr",
            Setter::BlockedLocal,
            row_ptr,
            cols,
            values,
            mode,
            rows,
        )
    }

    /// The global rows of local rows `rows` in the row (`columns == false`) or column
    /// numbering, checked on every rank at once (collective): a missing numbering, a
    /// negative local index or one the numbering does not map is an `Err` everywhere.
    fn global_of_local(&self, context: &str, rows: &[Int], columns: bool) -> Result<Vec<Int>> {
        let local = (|| {
            if let Some((p, &i)) = rows.iter().enumerate().find(|&(_, &i)| i < 0) {
                return Err(Error::out_of_range(
                    context,
                    format!("local row {i} (position {p}) is negative"),
                ));
            }
            let b = self.local_bounds(context, false)?;
            let bound = if columns { b.cols } else { b.rows };
            LgMap::check_local(context, "row", rows, bound)?;
            let (r, c) = self.lgmap()?;
            let map = if columns { c } else { r };
            map.expect("local_bounds found both mappings").apply(rows)
        })();
        self.comm().agree(context, local)
    }

    /// [`zero_rows`](Self::zero_rows) by local row indices (`MatZeroRowsLocal`,
    /// collective): the rows zeroed are the global rows the row numbering maps them
    /// to.
    ///
    /// ```
    /// use petsc::{Csr, LgMap, Mat, Sizes};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut a = Mat::aij(&c).sizes(Sizes::local(2, 2)).csr(Csr { row_ptr: &[0, 2, 4], cols: &[0, 1, 0, 1], vals: &[1.0, 2.0, 3.0, 4.0] }).build()?;
    /// a.set_lgmap(&LgMap::new(&c, 1, &[1, 0])?, None)?;
    /// a.zero_rows_local(&[0], 7.0, None, None)?; // global row 1
    /// assert_eq!(a.values(&[0, 1], &[0, 1])?, vec![1.0, 2.0, 0.0, 7.0]);
    /// assert!(a.zero_rows_local(&[2], 1.0, None, None).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatZeroRowsLocal")]
    pub fn zero_rows_local(
        &mut self,
        rows: &[Int],
        diag: impl Into<Scalar>,
        x: Option<&Vector>,
        b: Option<&mut Vector>,
    ) -> Result<()> {
        self.check_loan("Mat::zero_rows_local")?;
        const CTX: &str = "Mat::zero_rows_local";
        let global = self.global_of_local(CTX, rows, false)?;
        self.zero_rows_impl(CTX, &global, diag.into(), x, b, false)
    }

    /// [`zero_rows_columns`](Self::zero_rows_columns) by local indices
    /// (`MatZeroRowsColumnsLocal`, collective): the rows and columns zeroed are the
    /// global ones the column numbering maps them to, as in PETSc.
    #[doc(alias = "MatZeroRowsColumnsLocal")]
    pub fn zero_rows_columns_local(
        &mut self,
        rows: &[Int],
        diag: impl Into<Scalar>,
        x: Option<&Vector>,
        b: Option<&mut Vector>,
    ) -> Result<()> {
        self.check_loan("Mat::zero_rows_columns_local")?;
        const CTX: &str = "Mat::zero_rows_columns_local";
        let global = self.global_of_local(CTX, rows, true)?;
        self.zero_rows_impl(CTX, &global, diag.into(), x, b, true)
    }

    /// [`set_preallocation_coo`](Self::set_preallocation_coo) with local indices in the
    /// matrix's numbering (`MatSetPreallocationCOOLocal`, collective); then
    /// [`set_values_coo`](Self::set_values_coo) gives the values. Negative indices are
    /// left out; a local index the numbering does not map is an `Err` on every rank.
    ///
    /// ```
    /// use petsc::{InsertMode, LgMap, Mat, Sizes};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut a = Mat::new(&c)?;
    /// a.set_sizes_to(Sizes::global(2, 2))?;
    /// a.set_type_name("aij")?;
    /// a.set_lgmap(&LgMap::new(&c, 1, &[1, 0])?, None)?;
    /// a.set_preallocation_coo_local(&[0, 1], &[1, 1])?;
    /// a.set_values_coo(&[3.0, 4.0], InsertMode::Insert)?;
    /// assert_eq!(a.values(&[0, 1], &[0, 1])?, vec![4.0, 0.0, 3.0, 0.0]);
    /// assert!(a.set_preallocation_coo_local(&[2], &[0]).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatSetPreallocationCOOLocal")]
    pub fn set_preallocation_coo_local(&mut self, rows: &[Int], cols: &[Int]) -> Result<()> {
        self.check_loan("Mat::set_preallocation_coo_local")?;
        self.preallocate_coo("Mat::set_preallocation_coo_local", rows, cols, true)
    }

    /// The rows `rows` and columns `cols` of this matrix, in the local numbering, as a
    /// matrix that takes local indices (`MatGetLocalSubMatrix`): values set into it
    /// with [`LocalSubMatrix::set_values_local`] land in this matrix. Local row `k` of
    /// the submatrix is local row `rows.indices()[k]` of this one. The guard borrows
    /// the matrix mutably and gives the submatrix back when dropped (or given to
    /// [`restore_local_sub_matrix`](Self::restore_local_sub_matrix)); assemble this
    /// matrix afterwards. Not collective.
    ///
    /// The index sets are sequential and list local indices the numbering maps; a
    /// matrix without a numbering is an `Err`.
    ///
    /// ```
    /// use petsc::{IndexSet, InsertMode, LgMap, Mat, Sizes};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut a = Mat::aij(&c).sizes(Sizes::global(4, 4)).preallocate(4, 0).build()?;
    /// a.set_lgmap(&LgMap::new(&c, 1, &[0, 1, 2, 3])?, None)?;
    /// let (rows, cols) = (IndexSet::new_general(&c, &[2, 3])?, IndexSet::new_general(&c, &[0])?);
    /// {
    ///     let mut sub = a.local_sub_matrix(&rows, &cols)?;
    ///     assert_eq!(sub.size()?, (2, 1));
    ///     // Submatrix row 1, column 0: row 3, column 0 of `a`.
    ///     sub.set_values_local(&[1], &[0], &[9.0], InsertMode::Insert)?;
    /// }
    /// a.assemble()?;
    /// assert_eq!(a.values(&[3], &[0])?, vec![9.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatGetLocalSubMatrix")]
    pub fn local_sub_matrix<'a>(
        &'a mut self,
        rows: &'a IndexSet,
        cols: &'a IndexSet,
    ) -> Result<LocalSubMatrix<'a>> {
        const CTX: &str = "Mat::local_sub_matrix";
        self.check_no_views(CTX)?;
        let b = self.local_bounds(CTX, false)?;
        for (what, is, bound) in [("row", rows, b.rows), ("column", cols, b.cols)] {
            if is.comm().size() != 1 {
                return Err(Error::invalid(
                    CTX,
                    format!("the {what} index set must be sequential (on one rank)"),
                ));
            }
            let idx = is.indices()?;
            if let Some((p, &i)) = idx.iter().enumerate().find(|&(_, &i)| i < 0) {
                return Err(Error::out_of_range(
                    CTX,
                    format!("local {what} {i} (position {p}) is negative"),
                ));
            }
            LgMap::check_local(CTX, what, &idx, bound)?;
        }
        let mut sub: sys::Mat = std::ptr::null_mut();
        // SAFETY: live matrix with row and column numberings; sequential index sets of
        // local indices they map; PETSc writes a submatrix it takes back in
        // MatRestoreLocalSubMatrix.
        check(unsafe { sys::MatGetLocalSubMatrix(self.ptr, rows.ptr, cols.ptr, &mut sub) })?;
        let guard = LocalSubMatrix {
            parent: self.ptr,
            rows: rows.ptr,
            cols: cols.ptr,
            sub: Mat::from_raw(&self.petsc, sub),
            _parent: PhantomData,
            _sets: PhantomData,
        };
        if sub.is_null() {
            // A nest has no block there (PETSc gives none rather than an empty one).
            return Err(Error::invalid(
                CTX,
                "the matrix has no block for these rows and columns",
            ));
        }
        Ok(guard)
    }

    /// Gives a submatrix from [`local_sub_matrix`](Self::local_sub_matrix) back
    /// now, returning PETSc's error if any (`MatRestoreLocalSubMatrix`); dropping it
    /// does the same, recording an error instead.
    #[doc(alias = "MatRestoreLocalSubMatrix")]
    pub fn restore_local_sub_matrix(mut sub: LocalSubMatrix<'_>) -> Result<()> {
        check(sub.give_back())
    }
}

/// Checks a mapping for [`Mat::set_lgmap`]: global indices below `global`, block size 1
/// or `bs`.
fn check_mapping(context: &str, what: &str, map: &LgMap, global: Int, bs: Int) -> Result<()> {
    let mbs = map.block_size()?;
    if mbs != 1 && mbs != bs {
        return Err(Error::invalid(
            context,
            format!(
                "the {what} mapping has block size {mbs}, the matrix's {what} block size is \
                 {bs}: give a mapping of block size 1 or {bs} (or set the matrix's block size \
                 first)"
            ),
        ));
    }
    let idx = map.indices()?;
    if let Some((k, &g)) = idx.iter().enumerate().find(|&(_, &g)| g >= global) {
        return Err(Error::out_of_range(
            context,
            format!(
                "the {what} mapping sends local index {k} to global index {g}, but the matrix \
                 has {global} {what}s"
            ),
        ));
    }
    Ok(())
}

/// A part of a matrix addressed by local indices ([`Mat::local_sub_matrix`]);
/// values set into it land in the parent matrix. Given back when dropped
/// (`MatRestoreLocalSubMatrix`).
///
/// It is no [`Mat`] handle: PETSc's submatrix refers to its parent without keeping it
/// alive, so no other handle may hold it; it offers the local setters.
pub struct LocalSubMatrix<'a> {
    parent: sys::Mat,
    rows: sys::IS,
    cols: sys::IS,
    // Its pointer is nulled by the restore, so dropping the field destroys nothing.
    sub: Mat,
    _parent: PhantomData<&'a mut Mat>,
    _sets: PhantomData<&'a IndexSet>,
}

impl LocalSubMatrix<'_> {
    /// Global `(rows, columns)` of the submatrix: the lengths of the index sets.
    pub fn size(&self) -> Result<(Int, Int)> {
        self.sub.size()
    }

    /// Sets or adds values by the submatrix's local indices; see
    /// [`Mat::set_values_local`].
    pub fn set_values_local(
        &mut self,
        rows: &[Int],
        cols: &[Int],
        values: &[Scalar],
        mode: InsertMode,
    ) -> Result<()> {
        self.sub.set_values_local(rows, cols, values, mode)
    }

    /// Sets or adds one value by the submatrix's local indices.
    pub fn set_value_local(
        &mut self,
        row: Int,
        col: Int,
        value: impl Into<Scalar>,
        mode: InsertMode,
    ) -> Result<()> {
        self.sub.set_value_local(row, col, value, mode)
    }

    /// Sets or adds blocks by the submatrix's local block indices; see
    /// [`Mat::set_values_blocked_local`].
    pub fn set_values_blocked_local(
        &mut self,
        rows: &[Int],
        cols: &[Int],
        values: &[Scalar],
        mode: InsertMode,
    ) -> Result<()> {
        self.sub.set_values_blocked_local(rows, cols, values, mode)
    }

    /// Restores the submatrix once (later calls do nothing): PETSc's code.
    fn give_back(&mut self) -> sys::PetscErrorCode {
        if self.sub.ptr.is_null() {
            return 0;
        }
        // SAFETY: the parent (borrowed mutably for the guard's life), the index sets
        // (borrowed) and the submatrix MatGetLocalSubMatrix gave for them; PETSc takes
        // the submatrix back and nulls the pointer.
        let code = unsafe {
            sys::MatRestoreLocalSubMatrix(self.parent, self.rows, self.cols, &mut self.sub.ptr)
        };
        // Whatever happened, the handle no longer owns a reference.
        self.sub.ptr = std::ptr::null_mut();
        code
    }
}

impl Drop for LocalSubMatrix<'_> {
    fn drop(&mut self) {
        crate::error::record_destroy(self.give_back());
    }
}

impl std::fmt::Debug for LocalSubMatrix<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LocalSubMatrix")
            .field("size", &self.sub.size().ok())
            .finish()
    }
}

// The names before the naming scheme of 0.2 (`new`, no `get_`); they still compile,
// with a deprecation warning naming the new one.
impl Mat {
    /// The former name of [`local_sub_matrix`](Self::local_sub_matrix).
    #[deprecated(
        since = "0.2.0",
        note = "use `Mat::local_sub_matrix` (getters have no `get_` prefix)"
    )]
    pub fn get_local_sub_matrix<'a>(
        &'a mut self,
        rows: &'a IndexSet,
        cols: &'a IndexSet,
    ) -> Result<LocalSubMatrix<'a>> {
        self.local_sub_matrix(rows, cols)
    }
}
