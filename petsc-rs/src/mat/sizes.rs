//! A matrix's layout ([`Sizes`]): local and global rows and columns, each left to PETSc
//! when not given; the checks made on every rank before PETSc lays it out.

use petsc_sys as sys;

use super::Mat;
use crate::comm::Comm;
use crate::error::{Result, check};
use crate::scalar::Int;

/// The layout of a matrix: this rank's rows and columns and the global ones, each
/// `None` when PETSc is to decide it (`PETSC_DECIDE`, `PETSC_DETERMINE`). Made by name,
/// so local and global sizes cannot be swapped unnoticed:
/// [`Sizes::global`] (PETSc splits the rows and columns over the ranks),
/// [`Sizes::local`] (the global sizes are the sums), or both with
/// [`with_global`](Sizes::with_global) (checked to add up). The fields are public, so
/// `Sizes { global_rows: Some(n), ..Default::default() }` works too.
/// [`Mat::sizes`] gives the layout of an existing matrix, every size known, which makes
/// a matrix of the same layout.
///
/// ```
/// use petsc::{Mat, Sizes};
/// let petsc = petsc::Petsc::init()?;
/// let world = petsc.world();
/// let a = Mat::aij(&world).sizes(Sizes::global(6, 4)).build()?;
/// let s = a.sizes()?;
/// assert_eq!((s.global_rows, s.global_cols), (Some(6), Some(4)));
/// let b = Mat::dense(&world).sizes(s).build()?;
/// assert_eq!(b.sizes()?, s);
/// # Ok::<(), petsc::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Sizes {
    /// This rank's rows (`None`: PETSc's split of the global rows).
    pub local_rows: Option<Int>,
    /// This rank's columns: the length of the part of `x` in `y = A x` it owns
    /// (`None`: PETSc's split of the global columns).
    pub local_cols: Option<Int>,
    /// Rows of the whole matrix (`None`: the sum of the local rows).
    pub global_rows: Option<Int>,
    /// Columns of the whole matrix (`None`: the sum of the local columns).
    pub global_cols: Option<Int>,
}

impl Sizes {
    /// `rows x cols` in all, split over the ranks by PETSc.
    ///
    /// ```
    /// let s = petsc::Sizes::global(4, 3);
    /// assert_eq!((s.global_rows, s.local_rows), (Some(4), None));
    /// ```
    pub const fn global(rows: Int, cols: Int) -> Sizes {
        Sizes {
            local_rows: None,
            local_cols: None,
            global_rows: Some(rows),
            global_cols: Some(cols),
        }
    }

    /// `rows x cols` on this rank; the global sizes are the sums over the ranks.
    ///
    /// ```
    /// let s = petsc::Sizes::local(2, 2);
    /// assert_eq!((s.local_rows, s.global_rows), (Some(2), None));
    /// ```
    pub const fn local(rows: Int, cols: Int) -> Sizes {
        Sizes {
            local_rows: Some(rows),
            local_cols: Some(cols),
            global_rows: None,
            global_cols: None,
        }
    }

    /// These sizes with the global ones given too: the local ones must add up to them
    /// over the ranks (checked when the matrix is made).
    ///
    /// ```
    /// let s = petsc::Sizes::local(2, 2).with_global(2, 2);
    /// assert_eq!(s, petsc::Sizes::global(2, 2).with_local(2, 2));
    /// ```
    pub const fn with_global(self, rows: Int, cols: Int) -> Sizes {
        Sizes {
            global_rows: Some(rows),
            global_cols: Some(cols),
            ..self
        }
    }

    /// These sizes with the local ones given too (see [`with_global`](Self::with_global)).
    pub const fn with_local(self, rows: Int, cols: Int) -> Sizes {
        Sizes {
            local_rows: Some(rows),
            local_cols: Some(cols),
            ..self
        }
    }

    /// Checks the sizes on every rank of `comm` at once (collective; see
    /// `Comm::check_layout`), for rows and for columns.
    pub(crate) fn check(self, comm: &Comm, context: &str) -> Result<Sizes> {
        comm.check_layout(context, "rows", self.local_rows, self.global_rows)?;
        comm.check_layout(context, "columns", self.local_cols, self.global_cols)?;
        Ok(self)
    }

    /// The sizes from the four positional arguments of the first constructors, checked
    /// as by [`check`](Self::check).
    pub(super) fn checked_from(
        comm: &Comm,
        context: &str,
        local_rows: Option<Int>,
        local_cols: Option<Int>,
        global_rows: Option<Int>,
        global_cols: Option<Int>,
    ) -> Result<Sizes> {
        Sizes {
            local_rows,
            local_cols,
            global_rows,
            global_cols,
        }
        .check(comm, context)
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

impl Mat {
    /// The layout, every size known (`MatGetLocalSize`, `MatGetSize`): what makes a
    /// matrix of the same layout with [`MatBuilder::sizes`](crate::MatBuilder::sizes).
    ///
    /// ```
    /// use petsc::{Mat, Sizes};
    /// let petsc = petsc::Petsc::init()?;
    /// let a = Mat::aij(&petsc.self_comm()).sizes(Sizes::local(3, 2)).build()?;
    /// assert_eq!(a.sizes()?, Sizes::local(3, 2).with_global(3, 2));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatGetSize")]
    #[doc(alias = "MatGetLocalSize")]
    pub fn sizes(&self) -> Result<Sizes> {
        let (m, n) = self.local_size()?;
        let (big_m, big_n) = self.size()?;
        let known = |k: Int| (k >= 0).then_some(k);
        Ok(Sizes {
            local_rows: known(m),
            local_cols: known(n),
            global_rows: known(big_m),
            global_cols: known(big_n),
        })
    }
}
