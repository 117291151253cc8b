//! Entries and rows: options from the database, one value set or read, values read
//! back, and rows (and columns) zeroed with a diagonal value.

use petsc_sys as sys;

use super::aij::check_nonneg_indices;
use super::{Mat, MatOption};
use crate::error::{Error, Result, check};
use crate::scalar::{Int, Scalar};
use crate::vec::{InsertMode, Vector};

impl Mat {
    /// Reads `-mat_type` and other options (`MatSetFromOptions`). A matrix without a
    /// type takes `-mat_type` (AIJ by default); for a matrix that has a type already,
    /// `-mat_type` is an `Err` on every rank: PETSc would change the type in place,
    /// which some formats do not survive before assembly (use
    /// [`convert`](Self::convert)).
    ///
    /// ```
    /// use petsc::{Object, Sizes};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut a = petsc::Mat::new(&petsc.self_comm())?;
    /// a.set_sizes_to(Sizes::global(2, 2))?;
    /// a.set_from_options()?;
    /// assert_eq!(a.type_name()?, "seqaij");
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatSetFromOptions")]
    pub fn set_from_options(&mut self) -> Result<()> {
        self.check_loan("Mat::set_from_options")?;
        const CTX: &str = "Mat::set_from_options";
        let current = crate::object::Object::type_name(self)?;
        if !current.is_empty() {
            let local = if self.mat_type_given(CTX)? {
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
        crate::error::check_from_options(unsafe { sys::MatSetFromOptions(self.ptr) })
    }

    /// Whether the options database has `-mat_type` under this matrix's prefix.
    pub(super) fn mat_type_given(&self, context: &str) -> Result<bool> {
        let prefix = crate::error::c_string(context, &self.options_prefix()?)?;
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
        Ok(given == sys::PETSC_BOOL_TRUE)
    }

    /// Declares the matrix symmetric or not (`MatSetOption(MAT_SYMMETRIC)`), which some
    /// solvers and preconditioners use.
    pub fn set_option_symmetric(&mut self, symmetric: bool) -> Result<()> {
        self.check_loan("Mat::set_option_symmetric")?;
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
        self.check_loan("Mat::set_value")?;
        self.set_values(&[row], &[col], &[value.into()], mode)
    }

    /// The dense block `rows x cols`, row by row, for rows this process owns (assembled
    /// matrices; entries not stored are zero).
    pub fn values(&self, rows: &[Int], cols: &[Int]) -> Result<std::vec::Vec<Scalar>> {
        self.check_loan("Mat::values")?;
        const CTX: &str = "Mat::values";
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
    pub(super) fn zero_rows_impl(
        &mut self,
        context: &str,
        rows: &[Int],
        diag: Scalar,
        x: Option<&Vector>,
        b: Option<&mut Vector>,
        columns: bool,
    ) -> Result<()> {
        self.check_no_views_anywhere(context)?;
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
    /// let mut a = petsc::Mat::aij(&c).sizes(petsc::Sizes::local(2, 2)).csr(petsc::Csr { row_ptr: &[0, 2, 4], cols: &[0, 1, 0, 1], vals: &[2.0, -1.0, -1.0, 2.0] }).build()?;
    /// let x = petsc::Vector::from_slice(&c, &[5.0, 0.0])?;
    /// let mut b = petsc::Vector::from_slice(&c, &[0.0, 1.0])?;
    /// a.zero_rows_columns(&[0], 1.0, Some(&x), Some(&mut b))?;
    /// assert_eq!(a.values(&[0, 1], &[0, 1])?, vec![1.0, 0.0, 0.0, 2.0]);
    /// assert_eq!(&*b.view()?, &[5.0, 6.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatZeroRowsColumns")]
    pub fn zero_rows_columns(
        &mut self,
        rows: &[Int],
        diag: impl Into<Scalar>,
        x: Option<&Vector>,
        b: Option<&mut Vector>,
    ) -> Result<()> {
        self.check_loan("Mat::zero_rows_columns")?;
        self.zero_rows_impl("Mat::zero_rows_columns", rows, diag.into(), x, b, true)
    }

    /// Zeroes the given global rows and puts `diag` on their diagonal (`MatZeroRows`,
    /// collective; any rank may list any row). With `x` and `b`, `b_i = diag x_i` on
    /// those rows.
    #[doc(alias = "MatZeroRows")]
    pub fn zero_rows(
        &mut self,
        rows: &[Int],
        diag: impl Into<Scalar>,
        x: Option<&Vector>,
        b: Option<&mut Vector>,
    ) -> Result<()> {
        self.check_loan("Mat::zero_rows")?;
        self.zero_rows_impl("Mat::zero_rows", rows, diag.into(), x, b, false)
    }
}

// The names before the naming scheme of 0.2 (`new`, no `get_`); they still compile,
// with a deprecation warning naming the new one.
impl Mat {
    /// The former name of [`values`](Self::values).
    #[deprecated(
        since = "0.2.0",
        note = "use `Mat::values` (getters have no `get_` prefix)"
    )]
    pub fn get_values(&self, rows: &[Int], cols: &[Int]) -> Result<std::vec::Vec<Scalar>> {
        self.values(rows, cols)
    }
}

// `Object`'s prefix and options methods on this handle are the class's own (see `object/hooks.rs`).
impl crate::ffi::ClassHooks<Mat> for crate::ffi::ClassOf<Mat> {
    fn set_options_prefix(&self, obj: &mut Mat, prefix: &str) -> crate::Result<()> {
        obj.set_options_prefix(prefix)
    }
    fn append_options_prefix(&self, obj: &mut Mat, prefix: &str) -> crate::Result<()> {
        obj.append_options_prefix(prefix)
    }
    fn set_from_options(&self, obj: &mut Mat) -> crate::Result<()> {
        obj.set_from_options()
    }
}
