//! Factorization preconditioners (`PCLU`, `PCCHOLESKY`, `PCILU`, `PCICC`): the package
//! that factors (PETSc's own, MUMPS, SuperLU, ...), ordering, pivoting, shifts, fill
//! levels, and the factored matrix.

use std::os::raw::c_char;

use petsc_sys as sys;

use super::{Pc, opt_string, petsc_bool};
use crate::error::{Error, Result, check};
use crate::mat::Mat;
use crate::scalar::{Int, Real};

const FACTOR: &[&str] = &["lu", "cholesky", "ilu", "icc"];
const INCOMPLETE: &[&str] = &["ilu", "icc"];

pub use crate::mat::FactorShiftType;

/// Factorizations (`PCLU`, `PCCHOLESKY`, `PCILU`, `PCICC`). Each method needs one of
/// these types ([`set_type`](Pc::set_type) first) and returns an `Err` otherwise.
impl Pc {
    crate::methods![for Pc;
        /// The package that factors (`PCFactorSetMatSolverType`): `"petsc"`, `"mumps"`,
        /// `"superlu"`, `"superlu_dist"`, `"umfpack"`, ... as PETSc was built with.
        /// An unknown or unavailable package fails at set-up with PETSc's message.
        ///
        /// ```
        /// use petsc::PcType;
        /// let petsc = petsc::Petsc::init()?;
        /// let mut pc = petsc::Pc::new(&petsc.self_comm())?;
        /// assert!(pc.set_factor_solver_type("petsc").is_err()); // not a factorization
        /// pc.set_type(PcType::Lu)?;
        /// assert_eq!(pc.factor_solver_type()?, None);
        /// pc.set_factor_solver_type("petsc")?;
        /// assert_eq!(pc.factor_solver_type()?.as_deref(), Some("petsc"));
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_factor_solver_type(&mut self, solver: &str)
            = PCFactorSetMatSolverType as "PCFactorSetMatSolverType", needs require_type(FACTOR);
    ];

    /// The package that factors, `None` when it is PETSc's default and not chosen yet
    /// (`PCFactorGetMatSolverType`).
    #[doc(alias = "PCFactorGetMatSolverType")]
    pub fn factor_solver_type(&self) -> Result<Option<String>> {
        self.require_type("Pc::factor_solver_type", FACTOR)?;
        let mut p: *const c_char = std::ptr::null();
        // SAFETY: live factor PC; PETSc returns its own string or null.
        check(unsafe { sys::PCFactorGetMatSolverType(self.ptr, &mut p) })?;
        // SAFETY: null or PETSc's live string.
        Ok(unsafe { opt_string(p) })
    }

    /// Creates the factor matrix of the chosen package now
    /// (`PCFactorSetUpMatSolverType`), so that package-specific options can be set on
    /// [`factor_matrix`](Self::factor_matrix) before the factorization. Needs the
    /// operators.
    ///
    /// ```
    /// use petsc::{InsertMode, Mat, PcType, Sizes};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut a = Mat::aij(&c).sizes(Sizes::global(2, 2)).preallocate(1, 0).build()?;
    /// a.set_values(&[0], &[0], &[2.0], InsertMode::Insert)?;
    /// a.set_values(&[1], &[1], &[4.0], InsertMode::Insert)?;
    /// a.assemble()?;
    /// let mut pc = petsc::Pc::new(&c)?;
    /// pc.set_operators(&a, &a)?;
    /// pc.set_type(PcType::Lu)?;
    /// pc.set_factor_set_up_solver_type()?;
    /// assert_eq!(pc.factor_matrix()?.size()?, (2, 2));
    /// let mut bare = petsc::Pc::new(&c)?;
    /// bare.set_type(PcType::Lu)?;
    /// assert!(bare.set_factor_set_up_solver_type().is_err()); // no operators
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PCFactorSetUpMatSolverType")]
    pub fn set_factor_set_up_solver_type(&mut self) -> Result<()> {
        self.require_type("Pc::set_factor_set_up_solver_type", FACTOR)?;
        if self.operators().is_err() {
            return Err(Error::invalid(
                "Pc::set_factor_set_up_solver_type",
                "no operator: call set_operators first",
            ));
        }
        // SAFETY: live factor PC with operators.
        check(unsafe { sys::PCFactorSetUpMatSolverType(self.ptr) })
    }

    /// The factor matrix (`PCFactorGetMatrix`), as a handle holding its own reference:
    /// made on first request from the operators, before the factorization, as
    /// [`set_factor_set_up_solver_type`](Self::set_factor_set_up_solver_type) makes it
    /// (PETSc does this itself from 3.22; petsc-rs does it on every version); an `Err`
    /// without operators.
    ///
    /// ```
    /// use petsc::{InsertMode, Mat, PcType, Sizes};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut pc = petsc::Pc::new(&c)?;
    /// pc.set_type(PcType::Cholesky)?;
    /// assert!(pc.factor_matrix().is_err()); // no operators yet
    /// let mut a = Mat::aij(&c).sizes(Sizes::global(3, 3)).preallocate(1, 0).build()?;
    /// for i in 0..3 {
    ///     a.set_values(&[i], &[i], &[2.0], InsertMode::Insert)?;
    /// }
    /// a.assemble()?;
    /// pc.set_operators(&a, &a)?;
    /// assert_eq!(pc.factor_matrix()?.size()?, (3, 3));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PCFactorGetMatrix")]
    pub fn factor_matrix(&self) -> Result<Mat> {
        self.require_type("Pc::factor_matrix", FACTOR)?;
        if self.operators().is_err() {
            return Err(Error::invalid(
                "Pc::factor_matrix",
                "no operator: call set_operators first",
            ));
        }
        // Up to 3.21 PCFactorGetMatrix refuses a PC not yet factored; make the factor
        // matrix first, as later PETSc does (a no-op once it exists or after set-up).
        #[cfg(not(petsc_3_22))]
        // SAFETY: live factor PC with operators.
        check(unsafe { sys::PCFactorSetUpMatSolverType(self.ptr) })?;
        let mut m: sys::Mat = std::ptr::null_mut();
        // SAFETY: live factor PC; PETSc lends its factor matrix or null.
        check(unsafe { sys::PCFactorGetMatrix(self.ptr, &mut m) })?;
        if m.is_null() {
            return Err(Error::invalid(
                "Pc::factor_matrix",
                "not factored yet: call after Ksp::set_up or Pc::set_up",
            ));
        }
        // SAFETY: a live matrix.
        unsafe { self.borrowed_mat(m, "Pc::factor_matrix", "factor matrix") }
    }

    crate::methods![for Pc;
        /// The fill-reducing ordering (`PCFactorSetMatOrderingType`): `"natural"`,
        /// `"nd"`, `"1wd"`, `"rcm"`, `"qmd"`, `"rowlength"`, `"external"`.
        pub fn set_factor_ordering_type(&mut self, ordering: &str)
            = PCFactorSetMatOrderingType as "PCFactorSetMatOrderingType", needs require_type(FACTOR);
    ];

    /// Ordering options together, as petsc4py's `setFactorOrdering`: the ordering
    /// ([`set_factor_ordering_type`](Self::set_factor_ordering_type)), a tolerance
    /// below which diagonal entries are reordered away
    /// (`PCFactorReorderForNonzeroDiagonal`), and whether the ordering is kept when
    /// the matrix changes (`PCFactorSetReuseOrdering`); `None` leaves a setting as it
    /// is.
    ///
    /// ```
    /// use petsc::{FactorShiftType, PcType};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut pc = petsc::Pc::new(&petsc.self_comm())?;
    /// pc.set_type(PcType::Ilu)?;
    /// pc.set_factor_ordering(Some("rcm"), Some(1e-10), Some(true))?;
    /// pc.set_factor_levels(2)?;
    /// assert_eq!(pc.factor_levels()?, 2);
    /// pc.set_factor_shift(FactorShiftType::Nonzero, Some(1e-12))?;
    /// pc.set_factor_pivot(Some(1e-14), Some(true))?;
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PCFactorReorderForNonzeroDiagonal")]
    #[doc(alias = "PCFactorSetReuseOrdering")]
    pub fn set_factor_ordering(
        &mut self,
        ordering: Option<&str>,
        nzdiag: Option<Real>,
        reuse: Option<bool>,
    ) -> Result<()> {
        self.require_type("Pc::set_factor_ordering", FACTOR)?;
        if let Some(o) = ordering {
            self.set_factor_ordering_type(o)?;
        }
        if let Some(tol) = nzdiag {
            // SAFETY: live factor PC.
            check(unsafe { sys::PCFactorReorderForNonzeroDiagonal(self.ptr, tol) })?;
        }
        if let Some(r) = reuse {
            // SAFETY: live factor PC.
            check(unsafe { sys::PCFactorSetReuseOrdering(self.ptr, petsc_bool(r)) })?;
        }
        Ok(())
    }

    /// Pivoting, as petsc4py's `setFactorPivot`: the size below which a pivot counts
    /// as zero (`PCFactorSetZeroPivot`) and whether to pivot within diagonal blocks
    /// of block matrices (`PCFactorSetPivotInBlocks`); `None` leaves a setting.
    #[doc(alias = "PCFactorSetZeroPivot")]
    #[doc(alias = "PCFactorSetPivotInBlocks")]
    pub fn set_factor_pivot(
        &mut self,
        zero_pivot: Option<Real>,
        in_blocks: Option<bool>,
    ) -> Result<()> {
        self.require_type("Pc::set_factor_pivot", FACTOR)?;
        if let Some(z) = zero_pivot {
            // SAFETY: live factor PC.
            check(unsafe { sys::PCFactorSetZeroPivot(self.ptr, z) })?;
        }
        if let Some(b) = in_blocks {
            // SAFETY: live factor PC.
            check(unsafe { sys::PCFactorSetPivotInBlocks(self.ptr, petsc_bool(b)) })?;
        }
        Ok(())
    }

    crate::methods![for Pc;
        /// How zero or negative pivots are shifted (`PCFactorSetShiftType`).
        pub fn set_factor_shift_type(&mut self, ty: FactorShiftType)
            = PCFactorSetShiftType as "PCFactorSetShiftType", needs require_type(FACTOR);

        /// The size of the shift (`PCFactorSetShiftAmount`).
        pub fn set_factor_shift_amount(&mut self, amount: Real)
            = PCFactorSetShiftAmount as "PCFactorSetShiftAmount", needs require_type(FACTOR);
    ];

    /// The shift type and (if given) amount together, as petsc4py's `setFactorShift`.
    pub fn set_factor_shift(&mut self, ty: FactorShiftType, amount: Option<Real>) -> Result<()> {
        self.set_factor_shift_type(ty)?;
        match amount {
            Some(a) => self.set_factor_shift_amount(a),
            None => Ok(()),
        }
    }

    crate::methods![for Pc;
        /// The shift type (`PCFactorGetShiftType`).
        pub fn factor_shift_type(&self) -> FactorShiftType
            = PCFactorGetShiftType as "PCFactorGetShiftType", needs require_type(FACTOR);
    ];

    /// The number of fill levels of an incomplete factorization (`PCFactorSetLevels`;
    /// ILU and ICC only).
    #[doc(alias = "PCFactorSetLevels")]
    pub fn set_factor_levels(&mut self, levels: Int) -> Result<()> {
        self.require_type("Pc::set_factor_levels", INCOMPLETE)?;
        if levels < 0 {
            return Err(Error::invalid(
                "Pc::set_factor_levels",
                format!("{levels} levels"),
            ));
        }
        // SAFETY: live ILU/ICC PC.
        check(unsafe { sys::PCFactorSetLevels(self.ptr, levels) })
    }

    crate::methods![for Pc;
        /// The number of fill levels (`PCFactorGetLevels`; ILU and ICC only).
        pub fn factor_levels(&self) -> Int
            = PCFactorGetLevels as "PCFactorGetLevels", needs require_type(INCOMPLETE);
    ];
}
