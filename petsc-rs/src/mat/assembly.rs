//! Assembly beyond entry-by-entry `set_values`: blocks, coordinate (COO) lists, zeroing,
//! options that steer assembly, and the assembly state.

use petsc_sys as sys;

use super::{Mat, MatAssemblyType, MatOption, check_block_len};
use crate::error::{Error, Result, check, check_indices};
use crate::object::Object;
use crate::scalar::{Int, Scalar};
use crate::vec::InsertMode;

/// What a handle remembers of its matrix's COO preallocation: the number of entries
/// `set_values_coo` must give, and the matrix's non-zero state after the preallocation
/// (a later change of the pattern, through any handle, changes it and voids the list).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct CooLayout {
    len: usize,
    state: sys::PetscObjectState,
}

impl Mat {
    /// Gives `dup`, a fresh duplicate of this matrix, this matrix's COO entries: from
    /// PETSc 3.20 on `MatDuplicate` shares the COO pattern with the copy (as PETSc's
    /// `mat/tutorials/ex18.c` relies on), before that the copy has none.
    pub(crate) fn share_coo(&self, dup: &Mat) -> Result<()> {
        #[cfg(petsc_3_20)]
        if let Some(l) = self.coo.get() {
            if l.state == self.nonzero_state()? {
                dup.coo.set(Some(CooLayout {
                    len: l.len,
                    state: dup.nonzero_state()?,
                }));
            }
        }
        #[cfg(not(petsc_3_20))]
        let _ = dup;
        Ok(())
    }

    crate::methods![for Mat;
        /// The matrix's non-zero state (`MatGetNonzeroState`): changes whenever its pattern
        /// does.
        pub(crate) fn nonzero_state(&self) -> sys::PetscObjectState
            = MatGetNonzeroState as "MatGetNonzeroState";

        /// Whether the matrix is assembled (`MatAssembled`).
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut a = petsc::Mat::aij(&petsc.self_comm()).sizes(petsc::Sizes::global(2, 2)).preallocate(1, 0).build()?;
        /// assert!(!a.is_assembled()?);
        /// a.assemble()?;
        /// assert!(a.is_assembled()?);
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn is_assembled(&self) -> bool = MatAssembled as "MatAssembled";
    ];

    /// Moves the entries set so far to their owners without finishing assembly
    /// (`MatAssemblyBegin`/`End` with `MAT_FLUSH_ASSEMBLY`, collective): needed between
    /// [`InsertMode::Insert`] and [`InsertMode::Add`] phases on several ranks.
    #[doc(alias = "MAT_FLUSH_ASSEMBLY")]
    pub fn assemble_flush(&mut self) -> Result<()> {
        self.check_loan("Mat::assemble_flush")?;
        self.check_no_views_anywhere("Mat::assemble_flush")?;
        let t = sys::MatAssemblyType::MAT_FLUSH_ASSEMBLY;
        // SAFETY: live matrix.
        check(unsafe { sys::MatAssemblyBegin(self.ptr, t) })?;
        // SAFETY: live matrix, assembly begun.
        check(unsafe { sys::MatAssemblyEnd(self.ptr, t) })
    }

    /// Sets every stored entry to zero, keeping the non-zero pattern (`MatZeroEntries`,
    /// collective). The matrix must be assembled (or have no values set yet).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut a = petsc::Mat::aij(&c).sizes(petsc::Sizes::local(2, 2)).csr(petsc::Csr { row_ptr: &[0, 1, 2], cols: &[0, 1], vals: &[3.0, 4.0] }).build()?;
    /// a.zero_entries()?;
    /// assert_eq!(a.info(petsc::MatInfoType::Local)?.nz_used, 2);
    /// assert_eq!(a.values(&[0, 1], &[0, 1])?, vec![0.0; 4]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatZeroEntries")]
    pub fn zero_entries(&mut self) -> Result<()> {
        self.check_loan("Mat::zero_entries")?;
        self.check_no_views("Mat::zero_entries")?;
        // SAFETY: live matrix.
        check(unsafe { sys::MatZeroEntries(self.ptr) })
    }

    /// Sets an option (`MatSetOption`); see [`MatOption`] for each. Apart from the
    /// off-process ones, an option goes to the matrix's storage: on a matrix with a
    /// type but no storage yet (made by [`new`](Self::new), not preallocated or
    /// set up) it is an `Err` (PETSc's optimized builds would read storage that does
    /// not exist).
    ///
    /// ```
    /// use petsc::MatOption;
    /// let petsc = petsc::Petsc::init()?;
    /// let mut a = petsc::Mat::aij(&petsc.self_comm()).sizes(petsc::Sizes::global(2, 2)).preallocate(1, 0).build()?;
    /// a.set_option(MatOption::NoOffProcEntries, true)?;
    /// assert!(a.option(MatOption::NoOffProcEntries)?);
    /// // Symmetry is asked with is_symmetric_known.
    /// a.set_option(MatOption::Symmetric, true)?;
    /// assert!(a.option(MatOption::Symmetric).is_err());
    /// a.set_option(MatOption::NewNonzeroAllocationErr, true)?;
    /// a.set_value(0, 0, 1.0, petsc::InsertMode::Insert)?;
    /// // A second entry in row 0 needs a new allocation.
    /// assert!(a.set_value(0, 1, 1.0, petsc::InsertMode::Insert).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatSetOption")]
    pub fn set_option(&mut self, option: MatOption, value: bool) -> Result<()> {
        self.check_loan("Mat::set_option")?;
        // PETSc records this one itself, without the type's method.
        let early = option == MatOption::NoOffProcEntries;
        if !early && !self.type_name()?.is_empty() && !self.is_preallocated()? {
            return Err(Error::invalid(
                "Mat::set_option",
                format!(
                    "{option:?} needs the matrix's storage: preallocate it (a *_set_preallocation method) or call set_up first"
                ),
            ));
        }
        // SAFETY: live matrix whose storage exists (or which has no type, when PETSc
        // only records the option); PETSc checks the option's range.
        check(unsafe {
            sys::MatSetOption(self.ptr, option.raw(), crate::declare::petsc_bool(value))
        })
    }

    /// Whether the matrix's storage exists (preallocated, set up or assembled).
    pub(crate) fn is_preallocated(&self) -> Result<bool> {
        let mut yes = sys::PETSC_BOOL_FALSE;
        // SAFETY: live matrix; PETSc's flag is read.
        check(unsafe { sys::petscrs_MatIsPreallocated(self.ptr, &mut yes) })?;
        Ok(yes == sys::PETSC_BOOL_TRUE)
    }

    crate::methods![for Mat;
        /// The value of an option (`MatGetOption`). PETSc answers for a few options and
        /// refuses the others with an `Err`, the symmetry ones included (ask
        /// [`is_symmetric_known`](Self::is_symmetric_known)).
        pub fn option(&self, option: MatOption) -> bool = MatGetOption as "MatGetOption";
    ];

    /// Sets or adds dense blocks by block indices (`MatSetValuesBlocked`): with block
    /// size `bs` (see [`block_sizes`](Self::block_sizes)), block row `I` is rows
    /// `I*bs .. (I+1)*bs`. `values` holds `rows.len()*bs x cols.len()*bs` entries, row by
    /// row. Negative indices are ignored, as in PETSc.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut a = petsc::Mat::baij(&petsc.self_comm()).block_size(2).sizes(petsc::Sizes::global(4, 4)).preallocate(1, 0).build()?;
    /// let e = a.set_values_blocked(&[2], &[0], &[1.0; 4], petsc::InsertMode::Insert).unwrap_err();
    /// assert!(e.to_string().contains("block row 2"), "{e}");
    /// assert!(a.set_values_blocked(&[0], &[0], &[1.0; 3], petsc::InsertMode::Insert).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatSetValuesBlocked")]
    pub fn set_values_blocked(
        &mut self,
        rows: &[Int],
        cols: &[Int],
        values: &[Scalar],
        mode: InsertMode,
    ) -> Result<()> {
        self.check_loan("Mat::set_values_blocked")?;
        const CTX: &str = "Mat::set_values_blocked";
        self.check_no_views(CTX)?;
        let (m, n) = self.cached_size()?;
        let (rbs, cbs) = self.block_sizes()?;
        check_block_len(CTX, rows.len(), cols.len(), (rbs, cbs), values.len())?;
        check_indices(CTX, "block row", rows, m / rbs)?;
        check_indices(CTX, "block column", cols, n / cbs)?;
        // SAFETY: live matrix; lengths and block indices checked above.
        check(unsafe {
            sys::MatSetValuesBlocked(
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

    /// Declares the entries this rank will give by coordinates, `(rows[k], cols[k])` in
    /// global indices (`MatSetPreallocationCOO`, collective): the pattern is fixed and
    /// [`set_values_coo`](Self::set_values_coo) then sets values in the same order.
    /// Repeated coordinates are summed; negative ones are ignored; any rank may list any
    /// entry. Out-of-range indices are an `Err` on every rank.
    ///
    /// ```
    /// use petsc::{InsertMode, Sizes};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut a = petsc::Mat::new(&petsc.self_comm())?;
    /// a.set_sizes_to(Sizes::global(2, 2))?;
    /// a.set_type_name("aij")?;
    /// // (0,0) twice: the two values are added.
    /// a.set_preallocation_coo(&[0, 0, 1, 1], &[0, 0, 0, 1])?;
    /// a.set_values_coo(&[1.0, 2.0, -1.0, 5.0], InsertMode::Insert)?;
    /// assert_eq!(a.values(&[0, 1], &[0, 1])?, vec![3.0, 0.0, -1.0, 5.0]);
    /// assert!(a.set_values_coo(&[1.0], InsertMode::Insert).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatSetPreallocationCOO")]
    pub fn set_preallocation_coo(&mut self, rows: &[Int], cols: &[Int]) -> Result<()> {
        self.check_loan("Mat::set_preallocation_coo")?;
        self.preallocate_coo("Mat::set_preallocation_coo", rows, cols, false)
    }

    /// [`set_preallocation_coo`](Self::set_preallocation_coo), and with `local` its
    /// local-index form.
    pub(super) fn preallocate_coo(
        &mut self,
        context: &str,
        rows: &[Int],
        cols: &[Int],
        local: bool,
    ) -> Result<()> {
        self.check_no_views_anywhere(context)?;
        let planned = self.planned_size()?;
        let checked = (|| {
            if rows.len() != cols.len() {
                return Err(Error::size_mismatch(
                    context,
                    format!(
                        "{} row indices but {} column indices; give one of each per entry",
                        rows.len(),
                        cols.len()
                    ),
                ));
            }
            let Some((m, n)) = planned else {
                return Err(Error::invalid(
                    context,
                    "the matrix has no sizes yet (call set_sizes first)",
                ));
            };
            if local {
                let (m, n) = self.local_counts(context)?;
                crate::lgmap::LgMap::check_local(context, "row", rows, m)?;
                crate::lgmap::LgMap::check_local(context, "column", cols, n)?;
                return Ok(());
            }
            check_indices(context, "row", rows, m)?;
            check_indices(context, "column", cols, n)
        })();
        self.comm().agree(context, checked)?;
        if self.type_name()?.is_empty() {
            self.set_type(super::MatType::Aij)?;
        }
        // PETSc may reorder (or translate) the arrays it is given.
        let (mut r, mut c) = (rows.to_vec(), cols.to_vec());
        self.coo.set(None);
        let f = if local {
            sys::MatSetPreallocationCOOLocal
        } else {
            sys::MatSetPreallocationCOO
        };
        // SAFETY: live matrix with sizes and a type; both arrays hold `r.len()` indices
        // checked against the sizes (global ones) or against the numbering whose global
        // indices are in range (local ones), and are ours to modify.
        check(unsafe {
            f(
                self.ptr,
                r.len() as sys::PetscCount,
                r.as_mut_ptr(),
                c.as_mut_ptr(),
            )
        })?;
        self.coo.set(Some(CooLayout {
            len: r.len(),
            state: self.nonzero_state()?,
        }));
        Ok(())
    }

    /// Sets (or adds) the values of the entries declared by
    /// [`set_preallocation_coo`](Self::set_preallocation_coo) through this handle, in
    /// the same order, and assembles (`MatSetValuesCOO`, collective). `values` has one
    /// entry per declared coordinate; a matrix whose pattern changed since the
    /// declaration must declare again.
    #[doc(alias = "MatSetValuesCOO")]
    pub fn set_values_coo(&mut self, values: &[Scalar], mode: InsertMode) -> Result<()> {
        self.check_loan("Mat::set_values_coo")?;
        const CTX: &str = "Mat::set_values_coo";
        self.check_no_views_anywhere(CTX)?;
        let layout = self.coo.get();
        let state = self.nonzero_state()?;
        let local = match layout {
            None => Err(Error::invalid(
                CTX,
                "no COO entries were declared through this handle (call set_preallocation_coo first)",
            )),
            Some(l) if l.state != state => Err(Error::invalid(
                CTX,
                "the matrix's non-zero pattern changed since set_preallocation_coo; declare the entries again",
            )),
            Some(l) if l.len != values.len() => Err(Error::size_mismatch(
                CTX,
                format!(
                    "{} COO entries were declared on this rank, got {} values",
                    l.len,
                    values.len()
                ),
            )),
            Some(_) => Ok(()),
        };
        self.comm().agree(CTX, local)?;
        // SAFETY: live matrix whose COO preallocation (unchanged, per the non-zero state)
        // has exactly `values.len()` entries on this rank.
        check(unsafe { sys::MatSetValuesCOO(self.ptr, values.as_ptr(), mode.raw()) })?;
        self.coo.set(Some(CooLayout {
            len: values.len(),
            state: self.nonzero_state()?,
        }));
        Ok(())
    }

    crate::methods![for Mat;
        /// Saves a copy of the values for [`retrieve_values`](Self::retrieve_values)
        /// (`MatStoreValues`); needs [`MatOption::NewNonzeroLocations`] set to `false`.
        pub fn store_values(&mut self) = MatStoreValues as "MatStoreValues";
    ];

    /// Puts back the values saved by [`store_values`](Self::store_values)
    /// (`MatRetrieveValues`).
    ///
    /// ```
    /// use petsc::{InsertMode, MatOption};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut a = petsc::Mat::aij(&c).sizes(petsc::Sizes::local(1, 1)).csr(petsc::Csr { row_ptr: &[0, 1], cols: &[0], vals: &[7.0] }).build()?;
    /// a.set_option(MatOption::NewNonzeroLocations, false)?;
    /// a.store_values()?;
    /// a.zero_entries()?;
    /// a.retrieve_values()?;
    /// assert_eq!(a.values(&[0], &[0])?, vec![7.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatRetrieveValues")]
    pub fn retrieve_values(&mut self) -> Result<()> {
        self.check_loan("Mat::retrieve_values")?;
        self.check_no_views("Mat::retrieve_values")?;
        // SAFETY: live matrix; PETSc refuses when no values were stored.
        check(unsafe { sys::MatRetrieveValues(self.ptr) })
    }

    /// Starts assembly (`MatAssemblyBegin`, collective): a
    /// [`MatAssemblyType::Final`] one, or a [`Flush`](MatAssemblyType::Flush) between
    /// inserting and adding values (`true`/`false` convert). Work may overlap the
    /// communication until [`assembly_end`](Self::assembly_end), which must follow
    /// (through this handle) before the matrix is used; [`assemble`](Self::assemble)
    /// does both.
    ///
    /// ```
    /// use petsc::MatAssemblyType;
    /// let petsc = petsc::Petsc::init()?;
    /// let mut a = petsc::Mat::aij(&petsc.self_comm()).sizes(petsc::Sizes::global(2, 2)).preallocate(1, 0).build()?;
    /// a.set_value(0, 0, 1.0, petsc::InsertMode::Insert)?;
    /// a.assembly_begin(MatAssemblyType::Flush)?;
    /// a.assembly_end()?;
    /// a.set_value(0, 0, 1.0, petsc::InsertMode::Add)?;
    /// assert!(a.assembly_end().is_err());
    /// a.assembly_begin(MatAssemblyType::Final)?;
    /// assert!(a.assembly_begin(MatAssemblyType::Final).is_err());
    /// a.assembly_end()?;
    /// assert!(a.is_assembled()?);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatAssemblyBegin")]
    pub fn assembly_begin(&mut self, ty: impl Into<MatAssemblyType>) -> Result<()> {
        self.check_loan("Mat::assembly_begin")?;
        const CTX: &str = "Mat::assembly_begin";
        self.check_no_views_anywhere(CTX)?;
        if self.assembling.get().is_some() {
            return Err(Error::invalid(
                CTX,
                "assembly was already begun (call assembly_end)",
            ));
        }
        let t = ty.into().raw();
        // SAFETY: live matrix, no assembly under way through this handle.
        check(unsafe { sys::MatAssemblyBegin(self.ptr, t) })?;
        self.assembling.set(Some(t));
        Ok(())
    }

    /// Ends the assembly [`assembly_begin`](Self::assembly_begin) started
    /// (`MatAssemblyEnd`, collective); an `Err` when none was begun.
    #[doc(alias = "MatAssemblyEnd")]
    pub fn assembly_end(&mut self) -> Result<()> {
        self.check_loan("Mat::assembly_end")?;
        let Some(t) = self.assembling.take() else {
            return Err(Error::invalid(
                "Mat::assembly_end",
                "no assembly was begun through this handle (call assembly_begin)",
            ));
        };
        // SAFETY: live matrix whose assembly of type `t` was begun.
        check(unsafe { sys::MatAssemblyEnd(self.ptr, t) })
    }

    /// Sets (or adds) this rank's rows from compressed sparse rows (`setValuesCSR`):
    /// local row `i` (global row `first + i`, `first` the start of
    /// [`ownership_range`](Self::ownership_range)) gets `values[row_ptr[i]..row_ptr[i+1]]`
    /// in the global columns `cols[row_ptr[i]..row_ptr[i+1]]`. Assemble afterwards.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut a = petsc::Mat::aij(&petsc.self_comm()).sizes(petsc::Sizes::global(2, 3)).preallocate(2, 0).build()?;
    /// a.set_values_csr(&[0, 2, 3], &[0, 2, 1], &[1.0, 2.0, 3.0], petsc::InsertMode::Insert)?;
    /// a.assemble()?;
    /// assert_eq!(a.values(&[0, 1], &[0, 1, 2])?, vec![1.0, 0.0, 2.0, 0.0, 3.0, 0.0]);
    /// let e = a.set_values_csr(&[0, 1], &[0], &[1.0], petsc::InsertMode::Insert).unwrap_err();
    /// assert!(e.to_string().contains("row_ptr has 2 entries"), "{e}");
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn set_values_csr(
        &mut self,
        row_ptr: &[Int],
        cols: &[Int],
        values: &[Scalar],
        mode: InsertMode,
    ) -> Result<()> {
        self.check_loan("Mat::set_values_csr")?;
        self.set_values_ijv(row_ptr, cols, values, mode, None)
    }

    /// [`set_values_csr`](Self::set_values_csr) with the global row of each local row
    /// given by `rows` (`setValuesIJV` with a row map; `None`: the rows this rank owns,
    /// in order).
    pub fn set_values_ijv(
        &mut self,
        row_ptr: &[Int],
        cols: &[Int],
        values: &[Scalar],
        mode: InsertMode,
        rows: Option<&[Int]>,
    ) -> Result<()> {
        self.check_loan("Mat::set_values_ijv")?;
        self.csr_loop(
            "Mat::set_values_csr",
            Setter::Global,
            row_ptr,
            cols,
            values,
            mode,
            rows,
        )
    }

    /// [`set_values_csr`](Self::set_values_csr) by blocks (`setValuesBlockedCSR`):
    /// block row `i` of this rank, block column indices, and `bs x bs` values per block:
    /// the `bs` rows of a block row one after the other, each across all the row's
    /// blocks, as [`set_values_blocked`](Self::set_values_blocked) takes a block row.
    pub fn set_values_blocked_csr(
        &mut self,
        row_ptr: &[Int],
        cols: &[Int],
        values: &[Scalar],
        mode: InsertMode,
    ) -> Result<()> {
        self.check_loan("Mat::set_values_blocked_csr")?;
        self.set_values_blocked_ijv(row_ptr, cols, values, mode, None)
    }

    /// [`set_values_blocked_csr`](Self::set_values_blocked_csr) with the global block row
    /// of each local block row given by `rows` (`setValuesBlockedIJV`).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut a = petsc::Mat::baij(&petsc.self_comm()).block_size(2).sizes(petsc::Sizes::global(4, 4)).preallocate(1, 0).build()?;
    /// // Block row 1 only: block column 0 holds [[1, 2], [3, 4]].
    /// a.set_values_blocked_ijv(&[0, 1], &[0], &[1.0, 2.0, 3.0, 4.0], petsc::InsertMode::Insert, Some(&[1]))?;
    /// a.assemble()?;
    /// assert_eq!(a.values(&[3], &[0, 1])?, vec![3.0, 4.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn set_values_blocked_ijv(
        &mut self,
        row_ptr: &[Int],
        cols: &[Int],
        values: &[Scalar],
        mode: InsertMode,
        rows: Option<&[Int]>,
    ) -> Result<()> {
        self.check_loan("Mat::set_values_blocked_ijv")?;
        self.csr_loop(
            "Mat::set_values_blocked_csr",
            Setter::Blocked,
            row_ptr,
            cols,
            values,
            mode,
            rows,
        )
    }

    /// Sets compressed sparse rows one row at a time with `setter`: row `i` is
    /// `rows[i]`, or without `rows` this rank's `i`-th row (block row when blocked) for
    /// the global setters and local row `i` for the local ones.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn csr_loop(
        &mut self,
        context: &str,
        setter: Setter,
        row_ptr: &[Int],
        cols: &[Int],
        values: &[Scalar],
        mode: InsertMode,
        rows: Option<&[Int]>,
    ) -> Result<()> {
        let (rbs, cbs) = if setter.blocked() {
            self.block_sizes()?
        } else {
            (1, 1)
        };
        let per_entry = (rbs * cbs) as usize;
        let (first, nrows) = match (rows, setter.local()) {
            (Some(r), _) => (0, r.len()),
            (None, true) => (0, row_ptr.len().max(1) - 1),
            (None, false) => {
                let owned = self.ownership_range()?;
                (
                    owned.start / rbs,
                    ((owned.end - owned.start) / rbs) as usize,
                )
            }
        };
        if row_ptr.len() != nrows + 1 {
            return Err(Error::size_mismatch(
                context,
                format!(
                    "row_ptr has {} entries but there are {nrows} rows, so it needs {}",
                    row_ptr.len(),
                    nrows + 1
                ),
            ));
        }
        if row_ptr[0] != 0 || row_ptr.windows(2).any(|w| w[1] < w[0]) {
            return Err(Error::invalid(
                context,
                "row_ptr must start at 0 and never decrease",
            ));
        }
        let nnz = row_ptr[nrows] as usize;
        if cols.len() != nnz || values.len() != nnz * per_entry {
            return Err(Error::size_mismatch(
                context,
                format!(
                    "row_ptr ends at {nnz}: cols needs {nnz} entries (has {}) and values {} (has {})",
                    cols.len(),
                    nnz * per_entry,
                    values.len()
                ),
            ));
        }
        if setter.local() {
            // One check of the whole batch, then one call a row.
            let numbered: Vec<Int>;
            let rows = match rows {
                Some(r) => r,
                None => {
                    numbered = (0..nrows as Int).collect();
                    &numbered
                }
            };
            return self.set_local_batch(
                context,
                setter.blocked(),
                rows,
                row_ptr,
                cols,
                values,
                per_entry,
                mode,
            );
        }
        if matches!(setter, Setter::Global) {
            // One check of the whole batch, then one call a row.
            self.check_no_views(context)?;
            let (m, n) = self.cached_size()?;
            let row_of = |i: usize| rows.map_or(first + i as Int, |r| r[i]);
            if let Some(r) = rows {
                check_indices(context, "row", r, m)?;
            }
            check_indices(context, "column", cols, n)?;
            for i in 0..nrows {
                let (a, b) = (row_ptr[i] as usize, row_ptr[i + 1] as usize);
                let row = row_of(i);
                // SAFETY: live matrix; indices checked against its sizes above (negative
                // ones are left out by PETSc), `b - a` columns and as many values.
                check(unsafe {
                    sys::MatSetValues(
                        self.ptr,
                        1,
                        &row,
                        (b - a) as Int,
                        cols[a..b].as_ptr(),
                        values[a..b].as_ptr(),
                        mode.raw(),
                    )
                })?;
            }
            return Ok(());
        }
        for i in 0..nrows {
            let row = rows.map_or(first + i as Int, |r| r[i]);
            let (a, b) = (row_ptr[i] as usize, row_ptr[i + 1] as usize);
            let (c, v) = (&cols[a..b], &values[a * per_entry..b * per_entry]);
            setter.set(self, &[row], c, v, mode)?;
        }
        Ok(())
    }

    /// Sets (or adds) several dense blocks at once (`setValuesRCV`): block `k` has the
    /// global rows `rows[k]`, the columns `cols[k]` and the values `values[k]`, row by
    /// row, as in [`set_values`](Self::set_values).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut a = petsc::Mat::aij(&petsc.self_comm()).sizes(petsc::Sizes::global(2, 2)).preallocate(2, 0).build()?;
    /// a.set_values_rcv(&[&[0], &[1]], &[&[0, 1], &[1]], &[&[1.0, 2.0], &[3.0]], petsc::InsertMode::Insert)?;
    /// a.assemble()?;
    /// assert_eq!(a.values(&[0, 1], &[0, 1])?, vec![1.0, 2.0, 0.0, 3.0]);
    /// assert!(a.set_values_rcv(&[&[0]], &[], &[], petsc::InsertMode::Insert).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn set_values_rcv(
        &mut self,
        rows: &[&[Int]],
        cols: &[&[Int]],
        values: &[&[Scalar]],
        mode: InsertMode,
    ) -> Result<()> {
        self.check_loan("Mat::set_values_rcv")?;
        self.rcv_loop(
            "Mat::set_values_rcv",
            Setter::Global,
            rows,
            cols,
            values,
            mode,
        )
    }

    /// [`set_values_rcv`](Self::set_values_rcv) with block indices, as in
    /// [`set_values_blocked`](Self::set_values_blocked) (`setValuesBlockedRCV`).
    pub fn set_values_blocked_rcv(
        &mut self,
        rows: &[&[Int]],
        cols: &[&[Int]],
        values: &[&[Scalar]],
        mode: InsertMode,
    ) -> Result<()> {
        self.check_loan("Mat::set_values_blocked_rcv")?;
        self.rcv_loop(
            "Mat::set_values_blocked_rcv",
            Setter::Blocked,
            rows,
            cols,
            values,
            mode,
        )
    }

    /// Sets the blocks of an RCV call one at a time with `setter`.
    pub(super) fn rcv_loop(
        &mut self,
        context: &str,
        setter: Setter,
        rows: &[&[Int]],
        cols: &[&[Int]],
        values: &[&[Scalar]],
        mode: InsertMode,
    ) -> Result<()> {
        rcv_lengths(context, rows, cols, values)?;
        for k in 0..rows.len() {
            setter.set(self, rows[k], cols[k], values[k], mode)?;
        }
        Ok(())
    }

    /// Allocates a dense matrix's storage, filled with zeros, for a matrix made by
    /// [`new`](Self::new) with type `"dense"` (`MatSeqDenseSetPreallocation` /
    /// `MatMPIDenseSetPreallocation`; nothing for other types).
    #[doc(alias = "MatSeqDenseSetPreallocation")]
    #[doc(alias = "MatMPIDenseSetPreallocation")]
    pub fn set_preallocation_dense(&mut self) -> Result<()> {
        self.check_loan("Mat::set_preallocation_dense")?;
        // SAFETY: live matrix; a null array makes PETSc allocate; a no-op for other types.
        check(unsafe { sys::MatSeqDenseSetPreallocation(self.ptr, std::ptr::null_mut()) })?;
        // SAFETY: as above.
        check(unsafe { sys::MatMPIDenseSetPreallocation(self.ptr, std::ptr::null_mut()) })
    }

    /// Declares blocks of varying sizes along the diagonal of this rank's rows, for the
    /// preconditioners that use them (`MatSetVariableBlockSizes`): positive sizes adding
    /// up to the local rows.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut a = petsc::Mat::aij(&petsc.self_comm()).sizes(petsc::Sizes::global(5, 5)).preallocate(1, 0).build()?;
    /// a.set_variable_block_sizes(&[2, 3])?;
    /// assert!(a.set_variable_block_sizes(&[2, 2]).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatSetVariableBlockSizes")]
    pub fn set_variable_block_sizes(&mut self, sizes: &[Int]) -> Result<()> {
        self.check_loan("Mat::set_variable_block_sizes")?;
        const CTX: &str = "Mat::set_variable_block_sizes";
        let (m, _) = self.local_size()?;
        if sizes.iter().any(|&b| b < 1) || sizes.iter().sum::<Int>() != m {
            return Err(Error::size_mismatch(
                CTX,
                format!(
                    "block sizes must be positive and add up to the {m} local rows, got {sizes:?}"
                ),
            ));
        }
        let mut s = sizes.to_vec();
        // SAFETY: live matrix; PETSc copies the array.
        check(unsafe { sys::MatSetVariableBlockSizes(self.ptr, s.len() as Int, s.as_mut_ptr()) })
    }

    /// Preallocates `a` with the pattern recorded by this `"preallocator"` matrix
    /// (`MatPreallocatorPreallocate`, collective); with `fill`, the pattern is also
    /// inserted as zeros. Both matrices have the same sizes and layouts.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut p = petsc::Mat::new(&c)?;
    /// p.set_sizes_to(petsc::Sizes::global(3, 3))?;
    /// p.set_type_name("preallocator")?;
    /// p.set_up()?;
    /// p.set_values(&[0, 2], &[1], &[0.0, 0.0], petsc::InsertMode::Insert)?;
    /// p.assemble()?;
    /// let mut a = petsc::Mat::new(&c)?;
    /// a.set_sizes_to(petsc::Sizes::global(3, 3))?;
    /// a.set_type_name("aij")?;
    /// p.preallocator_preallocate(true, &mut a)?;
    /// assert_eq!(a.info(petsc::MatInfoType::Local)?.nz_allocated, 2);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatPreallocatorPreallocate")]
    pub fn preallocator_preallocate(&self, fill: bool, a: &mut Mat) -> Result<()> {
        self.check_loan("Mat::preallocator_preallocate")?;
        a.check_loan("Mat::preallocator_preallocate")?;
        const CTX: &str = "Mat::preallocator_preallocate";
        a.check_no_views_anywhere(CTX)?;
        let local = (|| {
            // The matrix's local sizes may be undecided (-1) until it is preallocated.
            let ((lm, ln), (alm, aln)) = (self.local_size()?, a.local_size()?);
            let local_ok = (alm < 0 || alm == lm) && (aln < 0 || aln == ln);
            if self.size()? != a.size()? || !local_ok {
                return Err(Error::size_mismatch(
                    CTX,
                    "the preallocator and the matrix have different sizes or layouts",
                ));
            }
            if !self.is_assembled()? {
                return Err(Error::invalid(CTX, "the preallocator is not assembled"));
            }
            Ok(())
        })();
        self.comm().agree(CTX, local)?;
        let flg = if fill {
            sys::PETSC_BOOL_TRUE
        } else {
            sys::PETSC_BOOL_FALSE
        };
        // SAFETY: live matrices of the same layout; PETSc refuses a `self` of another
        // type than preallocator.
        check(unsafe { sys::MatPreallocatorPreallocate(self.ptr, flg, a.ptr) })
    }
}

/// Which `set_values` flavour the CSR and RCV loops call: global or local indices,
/// entries or blocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Setter {
    /// [`Mat::set_values`].
    Global,
    /// [`Mat::set_values_blocked`].
    Blocked,
    /// [`Mat::set_values_local`].
    Local,
    /// [`Mat::set_values_blocked_local`].
    BlockedLocal,
}

impl Setter {
    fn blocked(self) -> bool {
        matches!(self, Setter::Blocked | Setter::BlockedLocal)
    }

    fn local(self) -> bool {
        matches!(self, Setter::Local | Setter::BlockedLocal)
    }

    fn set(
        self,
        mat: &mut Mat,
        rows: &[Int],
        cols: &[Int],
        values: &[Scalar],
        mode: InsertMode,
    ) -> Result<()> {
        match self {
            Setter::Global => mat.set_values(rows, cols, values, mode),
            Setter::Blocked => mat.set_values_blocked(rows, cols, values, mode),
            Setter::Local => mat.set_values_local(rows, cols, values, mode),
            Setter::BlockedLocal => mat.set_values_blocked_local(rows, cols, values, mode),
        }
    }
}

/// Checks that the three lists of an RCV call have one entry per block.
fn rcv_lengths(
    context: &str,
    rows: &[&[Int]],
    cols: &[&[Int]],
    values: &[&[Scalar]],
) -> Result<()> {
    if rows.len() != cols.len() || rows.len() != values.len() {
        return Err(Error::size_mismatch(
            context,
            format!(
                "{} row lists, {} column lists and {} value lists: give one of each per block",
                rows.len(),
                cols.len(),
                values.len()
            ),
        ));
    }
    Ok(())
}

// The names before the naming scheme of 0.2 (no `get_`); they still compile, with a
// deprecation warning naming the new one.
impl Mat {
    /// The former name of [`option`](Self::option).
    #[deprecated(
        since = "0.2.0",
        note = "use `Mat::option` (getters have no `get_` prefix)"
    )]
    pub fn get_option(&self, option: MatOption) -> Result<bool> {
        self.option(option)
    }
}
