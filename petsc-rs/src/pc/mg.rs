//! Multigrid (`PCMG`, and the types built on it: `PCGAMG`, `PCHMG`, `PCML`): levels,
//! smoothers, coarse solver, interpolation and restriction.

use petsc_sys as sys;

use super::Pc;
use crate::error::{Error, Result, check};
use crate::ksp::Ksp;
use crate::mat::Mat;
use crate::scalar::Int;
use crate::vec::Vector;

/// The types whose data is a multigrid hierarchy.
const MG: &[&str] = &["mg", "gamg", "hmg", "ml"];

crate::c_enum! {
    /// The form of multigrid (`PCMGType`).
    pub MgType: sys::PCMGType {
        Multiplicative = PC_MG_MULTIPLICATIVE "V- or W-cycles (the default).",
        Additive = PC_MG_ADDITIVE "all levels corrected at once.",
        Full = PC_MG_FULL "full multigrid, starting from the coarsest level.",
        Kaskade = PC_MG_KASKADE "cascadic multigrid.",
    }
}

crate::c_enum! {
    /// The cycle of multiplicative multigrid (`PCMGCycleType`).
    pub MgCycleType: sys::PCMGCycleType {
        V = PC_MG_CYCLE_V "one coarse-grid correction per level.",
        W = PC_MG_CYCLE_W "two coarse-grid corrections per level.",
    }
}

/// Multigrid (`PCMG`). Each method needs a multigrid type (`mg`, `gamg`, `hmg`, `ml`)
/// and returns an `Err` otherwise; the per-level methods also need the levels
/// ([`set_mg_levels`](Pc::set_mg_levels), or set-up for the algebraic types) and a
/// level in range (`0` is the coarsest).
impl Pc {
    /// Checks the type and that `level` is in `first..levels`.
    fn mg_level(&self, context: &str, level: Int, first: Int) -> Result<()> {
        self.require_type(context, MG)?;
        let n = self.mg_levels()?;
        if n == 0 {
            return Err(Error::invalid(
                context,
                "no levels yet: call set_mg_levels first",
            ));
        }
        if level < first || level >= n {
            return Err(Error::invalid(
                context,
                format!("level {level} is not in {first}..{n} (0 is the coarsest)"),
            ));
        }
        Ok(())
    }

    crate::methods![for Pc;
        /// The form of multigrid (`PCMGSetType`).
        ///
        /// ```
        /// use petsc::{MgCycleType, MgType, PcType};
        /// let petsc = petsc::Petsc::init()?;
        /// let mut pc = petsc::Pc::new(&petsc.self_comm())?;
        /// assert!(pc.set_mg_type(MgType::Full).is_err()); // not multigrid
        /// pc.set_type(PcType::Mg)?;
        /// pc.set_mg_type(MgType::Full)?;
        /// assert!(pc.set_mg_cycle_type(MgCycleType::W).is_err()); // no levels yet
        /// pc.set_mg_levels(2)?;
        /// pc.set_mg_cycle_type(MgCycleType::W)?;
        /// assert_eq!(pc.mg_type()?, MgType::Full);
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_mg_type(&mut self, ty: MgType)
            = PCMGSetType as "PCMGSetType", needs require_type(MG);

        /// The form of multigrid (`PCMGGetType`).
        pub fn mg_type(&self) -> MgType = PCMGGetType as "PCMGGetType", needs require_type(MG);
    ];

    /// Sets the number of levels (`PCMGSetLevels`), all on this preconditioner's
    /// communicator. Call it before the per-level methods; it makes a smoother per
    /// level (prefix `mg_levels_<l>_`, `mg_coarse_` for level 0).
    ///
    /// ```
    /// use petsc::PcType;
    /// let petsc = petsc::Petsc::init()?;
    /// let mut pc = petsc::Pc::new(&petsc.self_comm())?;
    /// pc.set_type(PcType::Mg)?;
    /// assert_eq!(pc.mg_levels()?, 0);
    /// assert!(pc.mg_smoother(0).is_err());
    /// pc.set_mg_levels(3)?;
    /// assert_eq!(pc.mg_levels()?, 3);
    /// assert!(pc.mg_smoother(3).is_err());
    /// use petsc::Object;
    /// assert_eq!(pc.mg_smoother(2)?.options_prefix()?, "mg_levels_2_");
    /// assert_eq!(pc.mg_coarse_solve()?.options_prefix()?, "mg_coarse_");
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PCMGSetLevels")]
    pub fn set_mg_levels(&mut self, levels: Int) -> Result<()> {
        self.require_type("Pc::set_mg_levels", MG)?;
        if levels < 1 {
            return Err(Error::invalid(
                "Pc::set_mg_levels",
                format!("{levels} levels: need at least one"),
            ));
        }
        // SAFETY: live multigrid PC; no per-level communicators.
        check(unsafe { sys::PCMGSetLevels(self.ptr, levels, std::ptr::null_mut()) })
    }

    /// The number of levels, 0 before they are set (`PCMGGetLevels`).
    #[doc(alias = "PCMGGetLevels")]
    pub fn mg_levels(&self) -> Result<Int> {
        self.require_type("Pc::mg_levels", MG)?;
        let mut n: Int = 0;
        // SAFETY: live multigrid PC; one output.
        check(unsafe { sys::PCMGGetLevels(self.ptr, &mut n) })?;
        // PCMG reports -1 before its levels are set.
        Ok(n.max(0))
    }

    /// The solver of the coarsest level (`PCMGGetCoarseSolve`), as a handle holding
    /// its own reference and one to this preconditioner.
    #[doc(alias = "PCMGGetCoarseSolve")]
    pub fn mg_coarse_solve(&self) -> Result<Ksp> {
        self.mg_level("Pc::mg_coarse_solve", 0, 0)?;
        let mut k: sys::KSP = std::ptr::null_mut();
        // SAFETY: live multigrid PC with levels.
        check(unsafe { sys::PCMGGetCoarseSolve(self.ptr, &mut k) })?;
        // SAFETY: null or a live solver.
        unsafe { self.child_ksp(k, "Pc::mg_coarse_solve", "coarse solver") }
    }

    /// The smoother of `level` (`PCMGGetSmoother`), used both before and after the
    /// coarse correction unless they were made distinct; on level 0 it is the coarse
    /// solver.
    #[doc(alias = "PCMGGetSmoother")]
    pub fn mg_smoother(&self, level: Int) -> Result<Ksp> {
        self.mg_level("Pc::mg_smoother", level, 0)?;
        let mut k: sys::KSP = std::ptr::null_mut();
        // SAFETY: live multigrid PC; `level` is in range.
        check(unsafe { sys::PCMGGetSmoother(self.ptr, level, &mut k) })?;
        // SAFETY: null or a live solver.
        unsafe { self.child_ksp(k, "Pc::mg_smoother", "smoother") }
    }

    /// The pre-smoother of `level` (`PCMGGetSmootherDown`).
    #[doc(alias = "PCMGGetSmootherDown")]
    pub fn mg_smoother_down(&self, level: Int) -> Result<Ksp> {
        self.mg_level("Pc::mg_smoother_down", level, 0)?;
        let mut k: sys::KSP = std::ptr::null_mut();
        // SAFETY: live multigrid PC; `level` is in range.
        check(unsafe { sys::PCMGGetSmootherDown(self.ptr, level, &mut k) })?;
        // SAFETY: null or a live solver.
        unsafe { self.child_ksp(k, "Pc::mg_smoother_down", "smoother") }
    }

    /// The post-smoother of `level` (`PCMGGetSmootherUp`), made distinct from the
    /// pre-smoother by this call (levels above 0).
    #[doc(alias = "PCMGGetSmootherUp")]
    pub fn mg_smoother_up(&self, level: Int) -> Result<Ksp> {
        self.mg_level("Pc::mg_smoother_up", level, 1)?;
        let mut k: sys::KSP = std::ptr::null_mut();
        // SAFETY: live multigrid PC; `level` is in range.
        check(unsafe { sys::PCMGGetSmootherUp(self.ptr, level, &mut k) })?;
        // SAFETY: null or a live solver.
        unsafe { self.child_ksp(k, "Pc::mg_smoother_up", "smoother") }
    }

    /// The interpolation from level `level - 1` to `level` (`PCMGSetInterpolation`,
    /// levels `1..levels`): a matrix with the fine level's rows and the coarse level's
    /// columns. Without a restriction, its transpose restricts.
    ///
    /// ```
    /// use petsc::{InsertMode, Mat, PcType, Sizes};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut p = Mat::aij(&c).sizes(Sizes::global(3, 1)).preallocate(1, 0).build()?;
    /// p.set_values(&[0, 1, 2], &[0], &[0.5, 1.0, 0.5], InsertMode::Insert)?;
    /// p.assemble()?;
    /// let mut pc = petsc::Pc::new(&c)?;
    /// pc.set_type(PcType::Mg)?;
    /// pc.set_mg_levels(2)?;
    /// assert!(pc.set_mg_interpolation(0, &p).is_err()); // level 0 has none
    /// pc.set_mg_interpolation(1, &p)?;
    /// assert_eq!(pc.mg_interpolation(1)?.size()?, (3, 1));
    /// assert_eq!(pc.mg_restriction(1)?.size()?, (3, 1)); // the interpolation
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PCMGSetInterpolation")]
    pub fn set_mg_interpolation(&mut self, level: Int, p: &Mat) -> Result<()> {
        p.check_loan("Pc::set_mg_interpolation")?;
        const KEPT: &str = "Pc::set_mg_interpolation";
        self.mg_level("Pc::set_mg_interpolation", level, 1)?;
        // SAFETY: live multigrid PC and matrix; PETSc references the matrix.
        check(unsafe { sys::PCMGSetInterpolation(self.ptr, level, p.kept_raw(KEPT)?) })
    }

    /// The interpolation into `level` (`PCMGGetInterpolation`), as a handle holding
    /// its own reference; an `Err` if neither it nor a restriction is set.
    #[doc(alias = "PCMGGetInterpolation")]
    pub fn mg_interpolation(&self, level: Int) -> Result<Mat> {
        self.mg_level("Pc::mg_interpolation", level, 1)?;
        let mut m: sys::Mat = std::ptr::null_mut();
        // SAFETY: live multigrid PC; `level` is in range.
        check(unsafe { sys::PCMGGetInterpolation(self.ptr, level, &mut m) })?;
        // SAFETY: null or a live matrix.
        unsafe { self.borrowed_mat(m, "Pc::mg_interpolation", "interpolation") }
    }

    /// The restriction from `level` to `level - 1` (`PCMGSetRestriction`): a matrix
    /// with the coarse level's rows, or (as PETSc accepts) the fine level's rows, then
    /// applied transposed.
    #[doc(alias = "PCMGSetRestriction")]
    pub fn set_mg_restriction(&mut self, level: Int, r: &Mat) -> Result<()> {
        r.check_loan("Pc::set_mg_restriction")?;
        const KEPT: &str = "Pc::set_mg_restriction";
        self.mg_level("Pc::set_mg_restriction", level, 1)?;
        // SAFETY: live multigrid PC and matrix; PETSc references the matrix.
        check(unsafe { sys::PCMGSetRestriction(self.ptr, level, r.kept_raw(KEPT)?) })
    }

    /// The restriction from `level` (`PCMGGetRestriction`); the interpolation if no
    /// restriction was set.
    #[doc(alias = "PCMGGetRestriction")]
    pub fn mg_restriction(&self, level: Int) -> Result<Mat> {
        self.mg_level("Pc::mg_restriction", level, 1)?;
        let mut m: sys::Mat = std::ptr::null_mut();
        // SAFETY: live multigrid PC; `level` is in range.
        check(unsafe { sys::PCMGGetRestriction(self.ptr, level, &mut m) })?;
        // SAFETY: null or a live matrix.
        unsafe { self.borrowed_mat(m, "Pc::mg_restriction", "restriction") }
    }

    /// The pointwise scaling applied after restricting to `level - 1`
    /// (`PCMGSetRScale`).
    #[doc(alias = "PCMGSetRScale")]
    pub fn set_mg_rscale(&mut self, level: Int, rscale: &Vector) -> Result<()> {
        const KEPT: &str = "Pc::set_mg_rscale";
        self.mg_level("Pc::set_mg_rscale", level, 1)?;
        // SAFETY: live multigrid PC and vector; PETSc references the vector.
        check(unsafe { sys::PCMGSetRScale(self.ptr, level, rscale.kept_raw(KEPT)?) })
    }

    /// The pointwise scaling after restriction from `level` (`PCMGGetRScale`),
    /// computed from the interpolation if it was not set.
    ///
    /// ```
    /// use petsc::{InsertMode, Mat, PcType, Sizes};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut p = Mat::aij(&c).sizes(Sizes::global(3, 1)).preallocate(1, 0).build()?;
    /// p.set_values(&[0, 1, 2], &[0], &[0.5, 1.0, 0.5], InsertMode::Insert)?;
    /// p.assemble()?;
    /// let mut pc = petsc::Pc::new(&c)?;
    /// pc.set_type(PcType::Mg)?;
    /// pc.set_mg_levels(2)?;
    /// pc.set_mg_interpolation(1, &p)?;
    /// let s = pc.mg_rscale(1)?; // 1 / row sums of the restriction
    /// assert_eq!(&*s.view()?, &[0.5]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PCMGGetRScale")]
    pub fn mg_rscale(&self, level: Int) -> Result<Vector> {
        self.mg_level("Pc::mg_rscale", level, 1)?;
        let mut v: sys::Vec = std::ptr::null_mut();
        // SAFETY: live multigrid PC; `level` is in range.
        check(unsafe { sys::PCMGGetRScale(self.ptr, level, &mut v) })?;
        if v.is_null() {
            return Err(Error::invalid("Pc::mg_rscale", "no scaling on this level"));
        }
        // SAFETY: a live vector; the handle takes a reference.
        unsafe { Vector::from_raw_borrowed(&self.petsc, v) }
    }

    /// The cycle of every level (`PCMGSetCycleType`), after
    /// [`set_mg_levels`](Self::set_mg_levels).
    #[doc(alias = "PCMGSetCycleType")]
    pub fn set_mg_cycle_type(&mut self, ty: MgCycleType) -> Result<()> {
        self.mg_level("Pc::set_mg_cycle_type", 0, 0)?;
        // SAFETY: live multigrid PC.
        check(unsafe { sys::PCMGSetCycleType(self.ptr, ty.raw()) })
    }

    /// The cycle of one level (`PCMGSetCycleTypeOnLevel`).
    #[doc(alias = "PCMGSetCycleTypeOnLevel")]
    pub fn set_mg_cycle_type_on_level(&mut self, level: Int, ty: MgCycleType) -> Result<()> {
        self.mg_level("Pc::set_mg_cycle_type_on_level", level, 0)?;
        // SAFETY: live multigrid PC; `level` is in range.
        check(unsafe { sys::PCMGSetCycleTypeOnLevel(self.ptr, level, ty.raw()) })
    }

    /// The work vector for the right-hand side of `level` (`PCMGSetRhs`; not the
    /// finest level, whose right-hand side is the solver's). PETSc creates one if
    /// none is given.
    ///
    /// ```
    /// use petsc::PcType;
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let v = petsc::Vector::from_slice(&c, &[0.0; 2])?;
    /// let mut pc = petsc::Pc::new(&c)?;
    /// pc.set_type(PcType::Mg)?;
    /// pc.set_mg_levels(2)?;
    /// pc.set_mg_rhs(0, &v)?;
    /// pc.set_mg_x(0, &v.duplicate()?)?;
    /// pc.set_mg_r(1, &v.duplicate()?)?;
    /// assert!(pc.set_mg_rhs(1, &v).is_err()); // the finest level
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PCMGSetRhs")]
    pub fn set_mg_rhs(&mut self, level: Int, b: &Vector) -> Result<()> {
        const KEPT: &str = "Pc::set_mg_rhs";
        self.mg_level("Pc::set_mg_rhs", level, 0)?;
        // SAFETY: live multigrid PC and vector; PETSc references the vector.
        check(unsafe { sys::PCMGSetRhs(self.ptr, level, b.kept_raw(KEPT)?) })
    }

    /// The work vector for the solution of `level` (`PCMGSetX`; not the finest).
    #[doc(alias = "PCMGSetX")]
    pub fn set_mg_x(&mut self, level: Int, x: &Vector) -> Result<()> {
        const KEPT: &str = "Pc::set_mg_x";
        self.mg_level("Pc::set_mg_x", level, 0)?;
        // SAFETY: live multigrid PC and vector; PETSc references the vector.
        check(unsafe { sys::PCMGSetX(self.ptr, level, x.kept_raw(KEPT)?) })
    }

    /// The work vector for the residual of `level` (`PCMGSetR`; not the coarsest).
    #[doc(alias = "PCMGSetR")]
    pub fn set_mg_r(&mut self, level: Int, r: &Vector) -> Result<()> {
        const KEPT: &str = "Pc::set_mg_r";
        self.mg_level("Pc::set_mg_r", level, 1)?;
        // SAFETY: live multigrid PC and vector; PETSc references the vector.
        check(unsafe { sys::PCMGSetR(self.ptr, level, r.kept_raw(KEPT)?) })
    }

    /// A handle (own reference) to a matrix PETSc lent, or an `Err` naming `what`.
    ///
    /// # Safety
    /// `m` must be null or a live matrix.
    pub(crate) unsafe fn borrowed_mat(
        &self,
        m: sys::Mat,
        context: &str,
        what: &str,
    ) -> Result<Mat> {
        if m.is_null() {
            return Err(Error::invalid(context, format!("there is no {what}")));
        }
        // SAFETY: PETSc lent a live matrix; the handle takes a reference.
        unsafe { Mat::from_raw_borrowed(&self.petsc, m) }
    }
}
