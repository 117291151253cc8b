//! Rows of a shell matrix given by a closure (`MATOP_GET_ROW`): PETSc lends a row's
//! arrays until `MatRestoreRow`, so the row the closure returns is kept with the matrix
//! (one at a time, as PETSc allows) until it is restored.

use std::ffi::CStr;

use petsc_sys as sys;

use super::{ShellOp, set_shell_op};
use crate::callback::{CallbackKind, attached, call, compose_value, with_composed_value};
use crate::error::{Error, Result, check, run_callback};
use crate::mat::Mat;
use crate::scalar::{Int, Scalar};

type RowFnMut = dyn FnMut(Int) -> Result<(Vec<Int>, Vec<Scalar>)>;

/// The row a shell matrix lent (`MatGetRow`), kept with it until restored.
struct LentRow {
    cols: Vec<Int>,
    vals: Vec<Scalar>,
}

/// The key the lent row is kept under.
const ROW_KEY: &CStr = c"petsc-rs:MatShellLentRow";

unsafe extern "C" fn shell_get_row(
    a: sys::Mat,
    row: Int,
    ncols: *mut Int,
    cols: *mut *mut Int,
    vals: *mut *mut Scalar,
) -> sys::PetscErrorCode {
    const KIND: CallbackKind = CallbackKind::MatShellGetRow;
    let name = KIND.name();
    run_callback(name, || {
        let obj = a as sys::PetscObject;
        // SAFETY: PETSc passes the live shell matrix; the key holds only LentRow values.
        let lent = unsafe { with_composed_value(obj, ROW_KEY, name, |_: &mut LentRow| ()) }?;
        if lent.is_some() {
            return Err(Error::invalid(
                name,
                "a row of this matrix is lent already (MatGetRow); restore it first",
            ));
        }
        let (mut n_global_cols, mut unused): (Int, Int) = (0, 0);
        // SAFETY: live matrix.
        check(unsafe { sys::MatGetSize(a, &mut unused, &mut n_global_cols) })?;
        // SAFETY: live matrix.
        let ctx = unsafe { attached(obj, KIND) }?;
        call::<RowFnMut, _>(ctx, KIND, |petsc, f| {
            let (c, v) = f(row)?;
            if c.len() != v.len() {
                return Err(Error::size_mismatch(
                    name,
                    format!("{} column indices but {} values", c.len(), v.len()),
                ));
            }
            if let Some(j) = c.iter().find(|&&j| !(0..n_global_cols).contains(&j)) {
                return Err(Error::out_of_range(
                    name,
                    format!("column {j} is outside 0..{n_global_cols}"),
                ));
            }
            let n = Int::try_from(c.len())
                .map_err(|_| Error::invalid(name, "more columns than PetscInt holds"))?;
            let mut kept = LentRow { cols: c, vals: v };
            // The vectors' buffers stay where they are when the row moves into the
            // matrix's keeping, until the restore drops it.
            let (cp, vp) = (kept.cols.as_mut_ptr(), kept.vals.as_mut_ptr());
            // SAFETY: live matrix; the key holds only LentRow values.
            unsafe { compose_value(petsc, obj, ROW_KEY, kept) }?;
            // SAFETY: PETSc's outputs, each null or writable; the arrays live until
            // MATOP_RESTORE_ROW drops them.
            unsafe {
                if !ncols.is_null() {
                    *ncols = n;
                }
                if !cols.is_null() {
                    *cols = cp;
                }
                if !vals.is_null() {
                    *vals = vp;
                }
            }
            Ok(())
        })
    })
}

unsafe extern "C" fn shell_restore_row(
    a: sys::Mat,
    _row: Int,
    ncols: *mut Int,
    cols: *mut *mut Int,
    vals: *mut *mut Scalar,
) -> sys::PetscErrorCode {
    run_callback("MatRestoreRow (shell)", || {
        // SAFETY: PETSc's outputs, each null or writable: nothing points at the row
        // once it is dropped.
        unsafe {
            if !ncols.is_null() {
                *ncols = 0;
            }
            if !cols.is_null() {
                *cols = std::ptr::null_mut();
            }
            if !vals.is_null() {
                *vals = std::ptr::null_mut();
            }
        }
        // SAFETY: live matrix; composing null drops the row kept under the key.
        check(unsafe {
            sys::PetscObjectCompose(
                a as sys::PetscObject,
                ROW_KEY.as_ptr(),
                std::ptr::null_mut(),
            )
        })
    })
}

impl Mat {
    /// Sets the closure giving the stored entries of a global row of a shell matrix
    /// (`MATOP_GET_ROW`, with `MATOP_RESTORE_ROW`): column indices (in `0..` the number
    /// of columns, an `Err` otherwise) and one value each, for
    /// [`row`](Self::row) and PETSc's routines that read rows. The row is kept
    /// with the matrix until it is restored (the [`MatRow`](crate::mat::MatRow) is
    /// dropped); asking for a second one before is an `Err`, as PETSc allows one row
    /// out at a time.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// // A = tridiag(-1, 2, -1) on 3 rows, matrix-free.
    /// let mut a = petsc::Mat::new_shell(&c, Some(3), Some(3), None, None, |x, y| {
    ///     let x = x.view()?.to_vec();
    ///     let mut y = y.view_mut()?;
    ///     for i in 0..3 {
    ///         let l = if i > 0 { x[i - 1] } else { 0.0 };
    ///         let r = if i < 2 { x[i + 1] } else { 0.0 };
    ///         y[i] = 2.0 * x[i] - l - r;
    ///     }
    ///     Ok(())
    /// })?;
    /// a.set_shell_get_row(|i| {
    ///     let cols: Vec<petsc::Int> = (i - 1..=i + 1).filter(|j| (0..3).contains(j)).collect();
    ///     let vals = cols.iter().map(|&j| if j == i { 2.0 } else { -1.0 }).collect();
    ///     Ok((cols, vals))
    /// })?;
    /// let r = a.row(1)?;
    /// assert_eq!((r.cols(), r.values()), (&[0, 1, 2][..], &[-1.0, 2.0, -1.0][..]));
    /// assert!(a.row(0).is_err()); // one row at a time
    /// drop(r);
    /// assert_eq!(a.row(0)?.cols(), &[0, 1]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatShellSetOperation")]
    pub fn set_shell_get_row<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(Int) -> Result<(Vec<Int>, Vec<Scalar>)> + 'static,
    {
        let f: Box<RowFnMut> = Box::new(f);
        let how = (
            CallbackKind::MatShellGetRow,
            sys::MatOperation::MATOP_GET_ROW,
            ShellOp::Row(shell_get_row),
        );
        self.set_shell_closure("Mat::set_shell_get_row", how, f)?;
        set_shell_op(
            self.ptr,
            sys::MatOperation::MATOP_RESTORE_ROW,
            ShellOp::Row(shell_restore_row),
        )
    }
}
