//! The levels of a FAS solver (nonlinear multigrid) and the sub-solvers of composite
//! and NASM solvers, each as a handle holding its own reference and one to its parent.

use petsc_sys as sys;

use super::Snes;
use super::objects::{maybe_mat, maybe_vec};
use crate::error::{Error, Result, check};
use crate::mat::Mat;
use crate::scalar::Int;
use crate::vec::Vector;

/// Which lent sub-solver a FAS getter returns.
type LevelGetter = unsafe extern "C" fn(sys::SNES, Int, *mut sys::SNES) -> sys::PetscErrorCode;
/// Which lent matrix of a level a FAS getter returns.
type MatGetter = unsafe extern "C" fn(sys::SNES, Int, *mut sys::Mat) -> sys::PetscErrorCode;
/// A FAS setter of a level's matrix.
type MatSetter = unsafe extern "C" fn(sys::SNES, Int, sys::Mat) -> sys::PetscErrorCode;

impl Snes {
    crate::methods![for Snes;
        /// The number of levels of a FAS solver (`SNESFASGetLevels`); an `Err` for other
        /// types.
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut snes = petsc::Snes::new(&petsc.self_comm())?;
        /// assert!(snes.fas_levels().is_err()); // not FAS
        /// snes.set_type(petsc::SnesType::Fas)?;
        /// snes.set_fas_levels(3)?;
        /// assert_eq!(snes.fas_levels()?, 3);
        /// assert!(snes.set_fas_levels(0).is_err());
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn fas_levels(&self) -> Int
            = SNESFASGetLevels as "SNESFASGetLevels", needs require_type("fas");
    ];

    /// Sets the number of levels of a FAS solver, all on this solver's communicator
    /// (`SNESFASSetLevels`); at least 1. Without a DM that can coarsen, give each level
    /// its interpolation ([`set_fas_interpolation`](Self::set_fas_interpolation)).
    #[doc(alias = "SNESFASSetLevels")]
    pub fn set_fas_levels(&mut self, levels: Int) -> Result<()> {
        const CTX: &str = "Snes::set_fas_levels";
        self.require_type(CTX, "fas")?;
        if levels < 1 {
            return Err(Error::invalid(
                CTX,
                format!("levels is {levels}; it must be at least 1"),
            ));
        }
        // SAFETY: live FAS solver; no communicators (all levels on the solver's).
        check(unsafe { sys::SNESFASSetLevels(self.ptr, levels, std::ptr::null_mut()) })
    }

    /// Checks `level` against the levels of a FAS solver (from `first`).
    fn fas_level(&self, ctx: &str, level: Int, first: Int) -> Result<()> {
        self.require_type(ctx, "fas")?;
        let n = self.fas_levels()?;
        if level < first || level >= n {
            return Err(Error::invalid(
                ctx,
                format!(
                    "level {level} is out of range: this FAS solver has levels {first}..{}",
                    n - 1
                ),
            ));
        }
        Ok(())
    }

    /// A level's sub-solver from `get`.
    fn fas_sub(&self, ctx: &str, what: &str, level: Int, get: LevelGetter) -> Result<Snes> {
        self.fas_level(ctx, level, 0)?;
        let mut s: sys::SNES = std::ptr::null_mut();
        // SAFETY: live FAS solver; level checked above; PETSc lends the solver or null.
        check(unsafe { get(self.ptr, level, &mut s) })?;
        self.child(ctx, what, s)
    }

    /// The solver of level `level` of a FAS cycle (`SNESFASGetCycleSNES`), 0 being the
    /// coarsest, as a handle holding its own reference and one to this solver.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut snes = petsc::Snes::new(&petsc.self_comm())?;
    /// snes.set_type(petsc::SnesType::Fas)?;
    /// snes.set_fas_levels(2)?;
    /// let coarse = snes.fas_cycle_snes(0)?;
    /// assert_eq!(coarse.ty()?, Some(petsc::SnesType::Fas));
    /// assert!(snes.fas_cycle_snes(2).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "SNESFASGetCycleSNES")]
    pub fn fas_cycle_snes(&self, level: Int) -> Result<Snes> {
        self.fas_sub(
            "Snes::fas_cycle_snes",
            "cycle solver",
            level,
            sys::SNESFASGetCycleSNES,
        )
    }

    /// The smoother of level `level` of a FAS solver (`SNESFASGetSmoother`; on level 0,
    /// the coarse solver). Smoothers are made at set-up.
    #[doc(alias = "SNESFASGetSmoother")]
    pub fn fas_smoother(&self, level: Int) -> Result<Snes> {
        self.fas_sub(
            "Snes::fas_smoother",
            "smoother",
            level,
            sys::SNESFASGetSmoother,
        )
    }

    /// The pre-smoother of level `level` (`SNESFASGetSmootherDown`), made at set-up.
    #[doc(alias = "SNESFASGetSmootherDown")]
    pub fn fas_smoother_down(&self, level: Int) -> Result<Snes> {
        self.fas_sub(
            "Snes::fas_smoother_down",
            "down smoother",
            level,
            sys::SNESFASGetSmootherDown,
        )
    }

    /// The post-smoother of level `level` (`SNESFASGetSmootherUp`), made at set-up.
    #[doc(alias = "SNESFASGetSmootherUp")]
    pub fn fas_smoother_up(&self, level: Int) -> Result<Snes> {
        self.fas_sub(
            "Snes::fas_smoother_up",
            "up smoother",
            level,
            sys::SNESFASGetSmootherUp,
        )
    }

    /// The solver of the coarsest level of a FAS solver (`SNESFASGetCoarseSolve`),
    /// made at set-up.
    #[doc(alias = "SNESFASGetCoarseSolve")]
    pub fn fas_coarse_solve(&self) -> Result<Snes> {
        const CTX: &str = "Snes::fas_coarse_solve";
        self.require_type(CTX, "fas")?;
        let mut s: sys::SNES = std::ptr::null_mut();
        // SAFETY: live FAS solver; PETSc lends the coarse solver or null.
        check(unsafe { sys::SNESFASGetCoarseSolve(self.ptr, &mut s) })?;
        self.child(CTX, "coarse solver", s)
    }

    /// A level's matrix from `get` (`None` before it is set or made at set-up).
    fn fas_mat(&self, ctx: &str, level: Int, get: MatGetter) -> Result<Option<Mat>> {
        self.fas_level(ctx, level, 1)?;
        let mut m: sys::Mat = std::ptr::null_mut();
        // SAFETY: live FAS solver; level checked above; PETSc lends the matrix or null.
        check(unsafe { get(self.ptr, level, &mut m) })?;
        // SAFETY: null or a live matrix of the level.
        unsafe { maybe_mat(&self.petsc, m) }
    }

    /// Sets a level's matrix with `set`.
    fn set_fas_mat(&mut self, ctx: &str, level: Int, m: &Mat, set: MatSetter) -> Result<()> {
        self.fas_level(ctx, level, 1)?;
        // SAFETY: live FAS solver and matrix; level checked above; PETSc takes a
        // reference.
        check(unsafe { set(self.ptr, level, m.as_raw()) })
    }

    /// The interpolation from level `level - 1` to level `level` (`SNESFASGetInterpolation`),
    /// for levels 1 and up; `None` before it is set or made from the DM at set-up.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut snes = petsc::Snes::new(&c)?;
    /// snes.set_type(petsc::SnesType::Fas)?;
    /// snes.set_fas_levels(2)?;
    /// assert!(snes.fas_interpolation(1)?.is_none());
    /// let p = petsc::Mat::new_aij(&c, None, None, Some(4), Some(2), 2, 0)?;
    /// snes.set_fas_interpolation(1, &p)?;
    /// assert_eq!(snes.fas_interpolation(1)?.unwrap().size()?, (4, 2));
    /// assert!(snes.set_fas_interpolation(0, &p).is_err()); // none into the coarsest
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "SNESFASGetInterpolation")]
    pub fn fas_interpolation(&self, level: Int) -> Result<Option<Mat>> {
        self.fas_mat(
            "Snes::fas_interpolation",
            level,
            sys::SNESFASGetInterpolation,
        )
    }

    /// Sets the interpolation into level `level` (`SNESFASSetInterpolation`), 1 and up.
    #[doc(alias = "SNESFASSetInterpolation")]
    pub fn set_fas_interpolation(&mut self, level: Int, m: &Mat) -> Result<()> {
        self.set_fas_mat(
            "Snes::set_fas_interpolation",
            level,
            m,
            sys::SNESFASSetInterpolation,
        )
    }

    /// The restriction from level `level` to level `level - 1`
    /// (`SNESFASGetRestriction`), 1 and up.
    #[doc(alias = "SNESFASGetRestriction")]
    pub fn fas_restriction(&self, level: Int) -> Result<Option<Mat>> {
        self.fas_mat("Snes::fas_restriction", level, sys::SNESFASGetRestriction)
    }

    /// Sets the restriction from level `level` (`SNESFASSetRestriction`), 1 and up.
    #[doc(alias = "SNESFASSetRestriction")]
    pub fn set_fas_restriction(&mut self, level: Int, m: &Mat) -> Result<()> {
        self.set_fas_mat(
            "Snes::set_fas_restriction",
            level,
            m,
            sys::SNESFASSetRestriction,
        )
    }

    /// The injection of solutions from level `level` to level `level - 1`
    /// (`SNESFASGetInjection`), 1 and up.
    #[doc(alias = "SNESFASGetInjection")]
    pub fn fas_injection(&self, level: Int) -> Result<Option<Mat>> {
        self.fas_mat("Snes::fas_injection", level, sys::SNESFASGetInjection)
    }

    /// Sets the injection from level `level` (`SNESFASSetInjection`), 1 and up.
    #[doc(alias = "SNESFASSetInjection")]
    pub fn set_fas_injection(&mut self, level: Int, m: &Mat) -> Result<()> {
        self.set_fas_mat(
            "Snes::set_fas_injection",
            level,
            m,
            sys::SNESFASSetInjection,
        )
    }

    /// The scaling of restricted solutions on level `level` (`SNESFASGetRScale`), 1 and
    /// up; `None` before it is set or made at set-up.
    #[doc(alias = "SNESFASGetRScale")]
    pub fn fas_rscale(&self, level: Int) -> Result<Option<Vector>> {
        const CTX: &str = "Snes::fas_rscale";
        self.fas_level(CTX, level, 1)?;
        let mut v: sys::Vec = std::ptr::null_mut();
        // SAFETY: live FAS solver; level checked above; PETSc lends the vector or null.
        check(unsafe { sys::SNESFASGetRScale(self.ptr, level, &mut v) })?;
        // SAFETY: null or a live vector of the level.
        unsafe { maybe_vec(&self.petsc, v) }
    }

    /// Sets the scaling of restricted solutions on level `level` (`SNESFASSetRScale`),
    /// 1 and up.
    #[doc(alias = "SNESFASSetRScale")]
    pub fn set_fas_rscale(&mut self, level: Int, v: &Vector) -> Result<()> {
        const CTX: &str = "Snes::set_fas_rscale";
        self.fas_level(CTX, level, 1)?;
        // SAFETY: live FAS solver and vector; level checked above; PETSc takes a
        // reference.
        check(unsafe { sys::SNESFASSetRScale(self.ptr, level, v.kept_raw(CTX)?) })
    }

    crate::methods![for Snes;
        /// The number of solvers of a composite solver (`SNESCompositeGetNumber`); an `Err`
        /// for other types.
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut snes = petsc::Snes::new(&petsc.self_comm())?;
        /// snes.set_type(petsc::SnesType::Composite)?;
        /// assert_eq!(snes.composite_number()?, 0);
        /// assert!(snes.composite_snes(0).is_err());
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn composite_number(&self) -> Int
            = SNESCompositeGetNumber as "SNESCompositeGetNumber", needs require_type("composite");
    ];

    /// Solver `n` of a composite solver (`SNESCompositeGetSNES`), as a handle holding
    /// its own reference and one to this solver.
    #[doc(alias = "SNESCompositeGetSNES")]
    pub fn composite_snes(&self, n: Int) -> Result<Snes> {
        const CTX: &str = "Snes::composite_snes";
        let count = self.composite_number()?;
        check_index(CTX, n, count)?;
        let mut s: sys::SNES = std::ptr::null_mut();
        // SAFETY: live composite solver; index checked above.
        check(unsafe { sys::SNESCompositeGetSNES(self.ptr, n, &mut s) })?;
        self.child(CTX, "sub-solver", s)
    }

    crate::methods![for Snes;
        /// The number of subdomain solvers of a NASM solver on this process
        /// (`SNESNASMGetNumber`); 0 before set-up. An `Err` for other types.
        pub fn nasm_number(&self) -> Int
            = SNESNASMGetNumber as "SNESNASMGetNumber", needs require_type("nasm");
    ];

    /// Subdomain solver `n` of a NASM solver on this process (`SNESNASMGetSNES`), as a
    /// handle holding its own reference and one to this solver.
    #[doc(alias = "SNESNASMGetSNES")]
    pub fn nasm_snes(&self, n: Int) -> Result<Snes> {
        const CTX: &str = "Snes::nasm_snes";
        let count = self.nasm_number()?;
        check_index(CTX, n, count)?;
        let mut s: sys::SNES = std::ptr::null_mut();
        // SAFETY: live NASM solver; index checked above.
        check(unsafe { sys::SNESNASMGetSNES(self.ptr, n, &mut s) })?;
        self.child(CTX, "subdomain solver", s)
    }

    crate::methods![for Snes;
        /// Makes a FAS solver search along each coarse correction with a line search of
        /// its own (`SNESFASSetUseCoarseCorrectionLineSearch`,
        /// `-snes_fas_use_coarse_correction_linesearch`; PETSc 3.26 and later), before
        /// [`set_from_options`](Self::set_from_options), which makes the line searches.
        /// An `Err` for other types.
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut snes = petsc::Snes::new(&petsc.self_comm())?;
        /// assert!(snes.set_fas_use_coarse_correction_line_search(true).is_err()); // not FAS
        /// snes.set_type(petsc::SnesType::Fas)?;
        /// snes.set_fas_levels(2)?;
        /// snes.set_fas_use_coarse_correction_line_search(true)?;
        /// # Ok::<(), petsc::Error>(())
        /// ```
        #[cfg(petsc_3_26)]
        pub fn set_fas_use_coarse_correction_line_search(&mut self, yes: bool)
            = SNESFASSetUseCoarseCorrectionLineSearch
                as "SNESFASSetUseCoarseCorrectionLineSearch",
            needs require_type("fas");
    ];

    /// The line search along the coarse correction of level `level` of a FAS solver
    /// (`SNESFASGetCoarseCorrectionLineSearch`; PETSc 3.26 and later), as a handle
    /// holding its own reference and one to this solver; `None` where the level has
    /// none (the coarsest, or every level without
    /// [`set_fas_use_coarse_correction_line_search`](Self::set_fas_use_coarse_correction_line_search)).
    /// PETSc makes them in [`set_from_options`](Self::set_from_options): before, and for
    /// a level the solver does not have, it is an `Err`.
    #[cfg(petsc_3_26)]
    #[doc(alias = "SNESFASGetCoarseCorrectionLineSearch")]
    pub fn fas_coarse_correction_line_search(
        &self,
        level: Int,
    ) -> Result<Option<super::SnesLineSearch>> {
        const CTX: &str = "Snes::fas_coarse_correction_line_search";
        self.fas_level(CTX, level, 0)?;
        let mut ls: sys::SNESLineSearch = std::ptr::null_mut();
        // SAFETY: live FAS solver; level checked above; PETSc lends the line search or
        // null.
        check(unsafe { sys::SNESFASGetCoarseCorrectionLineSearch(self.ptr, level, &mut ls) })?;
        if ls.is_null() {
            return Ok(None);
        }
        // SAFETY: a live line search of one of this solver's levels, which this solver
        // keeps; the handle takes a reference to each.
        unsafe {
            super::SnesLineSearch::from_raw_child(&self.petsc, ls, self.ptr as sys::PetscObject)
        }
        .map(Some)
    }
}

/// An `Err` unless `0 <= n < count`.
fn check_index(ctx: &str, n: Int, count: Int) -> Result<()> {
    if n < 0 || n >= count {
        return Err(Error::invalid(
            ctx,
            format!("index {n} is out of range: there are {count} sub-solvers"),
        ));
    }
    Ok(())
}
