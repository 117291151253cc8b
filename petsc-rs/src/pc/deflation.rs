//! Deflation (`PCDEFLATION`): removes a coarse space (given or computed) from the
//! spectrum the Krylov method sees.

use petsc_sys as sys;

use super::Pc;
use crate::declare::petsc_bool;
use crate::error::{Result, check};
use crate::ksp::Ksp;
use crate::mat::Mat;
use crate::scalar::{Int, Scalar};

const DEFLATION: &[&str] = &["deflation"];

crate::c_enum! {
    /// The coarse space deflation computes (`PCDeflationSpaceType`).
    pub DeflationSpaceType: sys::PCDeflationSpaceType {
        Haar = PC_DEFLATION_SPACE_HAAR "Haar wavelets.",
        Db2 = PC_DEFLATION_SPACE_DB2 "Daubechies wavelets with 2 coefficients.",
        Db4 = PC_DEFLATION_SPACE_DB4 "Daubechies wavelets with 4 coefficients.",
        Db8 = PC_DEFLATION_SPACE_DB8 "Daubechies wavelets with 8 coefficients.",
        Db16 = PC_DEFLATION_SPACE_DB16 "Daubechies wavelets with 16 coefficients.",
        Biorth22 = PC_DEFLATION_SPACE_BIORTH22 "biorthogonal wavelets.",
        Meyer = PC_DEFLATION_SPACE_MEYER "Meyer wavelets.",
        Aggregation = PC_DEFLATION_SPACE_AGGREGATION "aggregates of the rows.",
        User = PC_DEFLATION_SPACE_USER "given with [`Pc::set_deflation_space`].",
    }
}

/// Deflation (`PCDEFLATION`, [`PcType::Other("deflation")`](crate::PcType::Other)).
/// Each method needs that type and returns an `Err` otherwise.
impl Pc {
    crate::methods![for Pc;
        /// Whether the coarse problem is built only at the first set-up
        /// (`PCDeflationSetInitOnly`).
        ///
        /// ```
        /// use petsc::{DeflationSpaceType, PcType};
        /// let petsc = petsc::Petsc::init()?;
        /// let mut pc = petsc::Pc::new(&petsc.self_comm())?;
        /// assert!(pc.set_deflation_levels(2).is_err()); // not deflation
        /// pc.set_type(PcType::Other("deflation".into()))?;
        /// pc.set_deflation_init_only(true)?;
        /// pc.set_deflation_levels(2)?;
        /// pc.set_deflation_reduction_factor(4)?;
        /// pc.set_deflation_correction_factor(0.5)?;
        /// pc.set_deflation_space_to_compute(DeflationSpaceType::Haar, 2)?;
        /// assert!(pc.deflation_coarse_ksp().is_err()); // before set-up
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_deflation_init_only(&mut self, flag: bool)
            = PCDeflationSetInitOnly as "PCDeflationSetInitOnly", needs require_type(DEFLATION);

        /// The largest number of nested deflation levels (`PCDeflationSetLevels`).
        pub fn set_deflation_levels(&mut self, levels: Int)
            = PCDeflationSetLevels as "PCDeflationSetLevels", needs require_type(DEFLATION);

        /// The factor by which the coarse problem's communicator shrinks
        /// (`PCDeflationSetReductionFactor`).
        pub fn set_deflation_reduction_factor(&mut self, factor: Int)
            = PCDeflationSetReductionFactor as "PCDeflationSetReductionFactor", needs require_type(DEFLATION);

        /// The scaling of the coarse correction (`PCDeflationSetCorrectionFactor`).
        pub fn set_deflation_correction_factor(&mut self, factor: Scalar)
            = PCDeflationSetCorrectionFactor as "PCDeflationSetCorrectionFactor", needs require_type(DEFLATION);

        /// The kind and size of coarse space to compute at set-up
        /// (`PCDeflationSetSpaceToCompute`).
        pub fn set_deflation_space_to_compute(&mut self, ty: DeflationSpaceType, size: Int)
            = PCDeflationSetSpaceToCompute as "PCDeflationSetSpaceToCompute", needs require_type(DEFLATION);
    ];

    /// The coarse space as the columns of `w` (or its rows if `transpose`)
    /// (`PCDeflationSetSpace`); PETSc keeps a reference.
    #[doc(alias = "PCDeflationSetSpace")]
    pub fn set_deflation_space(&mut self, w: &Mat, transpose: bool) -> Result<()> {
        w.check_loan("Pc::set_deflation_space")?;
        const KEPT: &str = "Pc::set_deflation_space";
        self.require_type("Pc::set_deflation_space", DEFLATION)?;
        // SAFETY: live deflation PC and matrix; PETSc references the matrix.
        check(unsafe {
            sys::PCDeflationSetSpace(self.ptr, w.kept_raw(KEPT)?, petsc_bool(transpose))
        })
    }

    /// The matrix whose range is added to the coarse space as a projection of the
    /// null space (`PCDeflationSetProjectionNullSpaceMat`).
    #[doc(alias = "PCDeflationSetProjectionNullSpaceMat")]
    pub fn set_deflation_projection_null_space_mat(&mut self, m: &Mat) -> Result<()> {
        m.check_loan("Pc::set_deflation_projection_null_space_mat")?;
        const KEPT: &str = "Pc::set_deflation_projection_null_space_mat";
        self.require_type("Pc::set_deflation_projection_null_space_mat", DEFLATION)?;
        // SAFETY: live deflation PC and matrix; PETSc references the matrix.
        check(unsafe { sys::PCDeflationSetProjectionNullSpaceMat(self.ptr, m.kept_raw(KEPT)?) })
    }

    /// The coarse operator `W^T A W`, when it is known (`PCDeflationSetCoarseMat`).
    #[doc(alias = "PCDeflationSetCoarseMat")]
    pub fn set_deflation_coarse_mat(&mut self, m: &Mat) -> Result<()> {
        m.check_loan("Pc::set_deflation_coarse_mat")?;
        const KEPT: &str = "Pc::set_deflation_coarse_mat";
        self.require_type("Pc::set_deflation_coarse_mat", DEFLATION)?;
        // SAFETY: live deflation PC and matrix; PETSc references the matrix.
        check(unsafe { sys::PCDeflationSetCoarseMat(self.ptr, m.kept_raw(KEPT)?) })
    }

    /// The solver of the coarse problem, after set-up (`PCDeflationGetCoarseKSP`), as
    /// a handle holding its own reference and one to this preconditioner.
    #[doc(alias = "PCDeflationGetCoarseKSP")]
    pub fn deflation_coarse_ksp(&self) -> Result<Ksp> {
        self.require_type("Pc::deflation_coarse_ksp", DEFLATION)?;
        let mut k: sys::KSP = std::ptr::null_mut();
        // SAFETY: live deflation PC; PETSc lends its coarse solver or null.
        check(unsafe { sys::PCDeflationGetCoarseKSP(self.ptr, &mut k) })?;
        // SAFETY: null or a live solver.
        unsafe { self.child_ksp(k, "Pc::deflation_coarse_ksp", "coarse solver before set-up") }
    }

    /// The preconditioner applied besides the deflation, after set-up
    /// (`PCDeflationGetPC`), as a handle holding its own reference and one to this
    /// preconditioner.
    #[doc(alias = "PCDeflationGetPC")]
    pub fn deflation_pc(&self) -> Result<Pc> {
        self.require_type("Pc::deflation_pc", DEFLATION)?;
        let mut p: sys::PC = std::ptr::null_mut();
        // SAFETY: live deflation PC; PETSc lends its inner PC or null.
        check(unsafe { sys::PCDeflationGetPC(self.ptr, &mut p) })?;
        // SAFETY: null or a live PC.
        unsafe { self.child_pc(p, "Pc::deflation_pc", "inner preconditioner before set-up") }
    }
}
