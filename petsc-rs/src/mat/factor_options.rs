//! The options of a factorization: PETSc's `MatFactorInfo` (fill, pivots, shifts, drop
//! tolerances) and the ordering or the permutations to factor with.

use petsc_sys as sys;

use super::Ordering;
use super::factor::FactorType;
use crate::error::{Error, Result, check};
use crate::scalar::{Int, Real};

crate::c_enum! {
    /// How a factorization shifts the diagonal to avoid zero or negative pivots
    /// (`MatFactorShiftType`).
    pub FactorShiftType: sys::MatFactorShiftType {
        None = MAT_SHIFT_NONE "no shift.",
        Nonzero = MAT_SHIFT_NONZERO "shift zero pivots.",
        PositiveDefinite = MAT_SHIFT_POSITIVE_DEFINITE "shift to keep the factor positive \
            definite.",
        InBlocks = MAT_SHIFT_INBLOCKS "shift zero pivots within diagonal blocks.",
    }
}

/// Options of a factorization (`MatFactorInfo` and the ordering). `Default` is PETSc's
/// defaults: nested dissection for LU, the natural ordering otherwise, no fill level.
///
/// ```
/// use petsc::{Csr, FactorOptions, FactorShiftType, Mat, Sizes};
/// let petsc = petsc::Petsc::init()?;
/// let c = petsc.self_comm();
/// // [[0, 1], [1, 4]] (the zero stored): a zero first pivot without pivoting.
/// let a = || Mat::aij(&c).sizes(Sizes::local(2, 2)).csr(Csr { row_ptr: &[0, 2, 4], cols: &[0, 1, 0, 1], vals: &[0.0, 1.0, 1.0, 4.0] }).build();
/// let natural = || Some((vec![0, 1], vec![0, 1]));
/// let plain = FactorOptions { permutation: natural(), ..Default::default() };
/// assert!(a()?.factor_lu(&plain).is_err()); // zero pivot in row 0
/// let shifted = FactorOptions {
///     permutation: natural(),
///     shift_type: Some(FactorShiftType::Nonzero),
///     ..Default::default()
/// };
/// a()?.factor_lu(&shifted)?;
/// let never = FactorOptions { shift_amount: Some(0.0), ..shifted.clone() };
/// assert!(a()?.factor_lu(&never).is_err()); // a zero shift doubled never grows
/// // The columns swapped to take the zero off the diagonal (and a zero pivot
/// // tolerance given).
/// let mut b = a()?;
/// let (mut rows, mut cols) = b.ordering(petsc::Ordering::Natural)?;
/// b.reorder_for_nonzero_diagonal(0.0, &mut rows, &mut cols)?;
/// assert_eq!(cols, vec![1, 0]);
/// b.factor_lu(&FactorOptions {
///     permutation: Some((rows, cols)),
///     zero_pivot: Some(1e-12),
///     ..Default::default()
/// })?;
/// # Ok::<(), petsc::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FactorOptions {
    /// The fill-reducing ordering (`None`: nested dissection for LU, natural for the
    /// others). Ignored by packages that order by themselves (MUMPS, SuperLU_dist).
    pub ordering: Option<Ordering>,
    /// Expected fill ratio, `nnz(factor) / nnz(A)` (`None`: PETSc's default).
    pub fill: Option<Real>,
    /// Levels of fill of ILU/ICC (0 unless given).
    pub levels: Int,
    /// The pivot below which (in modulus) a pivot counts as zero
    /// (`MatFactorInfo.zeropivot`; `None`: PETSc's default, 100 machine epsilons).
    pub zero_pivot: Option<Real>,
    /// The row and column permutations to factor with, as this rank's part of each
    /// (from [`Mat::ordering`](crate::Mat::ordering) and
    /// [`Mat::reorder_for_nonzero_diagonal`](crate::Mat::reorder_for_nonzero_diagonal), say; petsc4py's `factorLU(isrow, iscol)`),
    /// instead of [`ordering`](Self::ordering)'s. Cholesky and ICC use the rows' only.
    /// Each must be a permutation of the rows (columns); another list is an `Err`.
    pub permutation: Option<(Vec<Int>, Vec<Int>)>,
    /// How a zero (or, for Cholesky, negative) pivot is shifted away
    /// (`MatFactorInfo.shifttype`; `None`: no shift).
    pub shift_type: Option<FactorShiftType>,
    /// The size of that shift (`MatFactorInfo.shiftamount`; `None`: 100 machine
    /// epsilons, as PETSc's factor preconditioners). PETSc doubles it until the pivot is
    /// large enough, so with a shift type it must be positive (else an `Err`: PETSc
    /// would loop for ever).
    pub shift_amount: Option<Real>,
    /// ILU/ICC: fill the diagonal where it has no entry (`MatFactorInfo.diagonal_fill`).
    pub diagonal_fill: bool,
    /// ILU with drop tolerances (`MatFactorInfo.dt`, `dtcol`, `dtcount`, setting
    /// `usedt`): the drop tolerance, the column tolerance of pivoting, and the largest
    /// number of entries kept a row; each `None` leaves PETSc's.
    pub drop_tolerance: (Option<Real>, Option<Real>, Option<Int>),
}

impl FactorOptions {
    /// PETSc's `MatFactorInfo` with the defaults of its factor preconditioners
    /// (`PCLU`, `PCILU`, ...) for `kind`, and these options.
    pub(super) fn info(&self, kind: FactorType) -> Result<sys::MatFactorInfo> {
        let mut info = std::mem::MaybeUninit::<sys::MatFactorInfo>::zeroed();
        // SAFETY: PETSc fills every field of the struct.
        check(unsafe { sys::MatFactorInfoInitialize(info.as_mut_ptr()) })?;
        // SAFETY: initialized above (and all-zero is a valid MatFactorInfo anyway).
        let mut info = unsafe { info.assume_init() };
        info.fill = self.fill.unwrap_or(match kind {
            FactorType::Lu | FactorType::Cholesky => 5.0,
            FactorType::Ilu | FactorType::Icc => 1.0,
        });
        info.dtcol = 1e-6;
        info.pivotinblocks = 1.0;
        info.zeropivot = self.zero_pivot.unwrap_or(100.0 * Real::EPSILON);
        info.levels = self.levels as Real;
        if let Some(t) = self.shift_type {
            info.shifttype = t.raw().0 as Real;
        }
        info.shiftamount = self.shift_amount.unwrap_or(100.0 * Real::EPSILON);
        let shifts = matches!(
            self.shift_type,
            Some(FactorShiftType::Nonzero | FactorShiftType::PositiveDefinite)
        );
        // A shift of zero (or NaN) doubled never grows: PETSc's numeric step would
        // loop for ever on a zero pivot.
        if shifts && (info.shiftamount.is_nan() || info.shiftamount <= 0.0) {
            return Err(Error::invalid(
                "Mat::factor",
                format!(
                    "shift_amount is {}; with shift type {:?} it must be positive",
                    info.shiftamount, self.shift_type
                ),
            ));
        }
        info.diagonal_fill = if self.diagonal_fill { 1.0 } else { 0.0 };
        let (dt, dtcol, dtcount) = self.drop_tolerance;
        if dt.is_some() || dtcol.is_some() || dtcount.is_some() {
            info.usedt = 1.0;
        }
        if let Some(dt) = dt {
            info.dt = dt;
        }
        if let Some(c) = dtcol {
            info.dtcol = c;
        }
        if let Some(n) = dtcount {
            info.dtcount = n as Real;
        }
        Ok(info)
    }
}
