//! Preconditioners made of other solvers: a combination of preconditioners
//! (`PCCOMPOSITE`) and an inner Krylov solve (`PCKSP`).

use petsc_sys as sys;

use super::{CompositeType, Pc, PcType};
use crate::error::{Error, Result, c_string, check};
use crate::ksp::Ksp;
use crate::scalar::Int;

const COMPOSITE: &[&str] = &["composite"];

/// Composite preconditioners (`PCCOMPOSITE`). Each method needs the type set to
/// [`PcType::Composite`] and returns an `Err` otherwise.
impl Pc {
    /// How the parts combine (`PCCompositeSetType`): additive, multiplicative,
    /// symmetric multiplicative or special.
    ///
    /// ```
    /// use petsc::{CompositeType, Object, PcType};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut pc = petsc::Pc::new(&petsc.self_comm())?;
    /// pc.set_type(PcType::Composite)?;
    /// pc.set_composite_type(CompositeType::Multiplicative)?;
    /// assert_eq!(pc.composite_type()?, CompositeType::Multiplicative);
    /// pc.add_composite_pc_type(PcType::Jacobi)?;
    /// pc.add_composite_pc_type(PcType::Sor)?;
    /// assert_eq!(pc.composite_number_pc()?, 2);
    /// assert_eq!(pc.composite_pc(1)?.type_name()?, "sor");
    /// assert!(pc.composite_pc(2).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PCCompositeSetType")]
    pub fn set_composite_type(&mut self, ty: CompositeType) -> Result<()> {
        self.require_type("Pc::set_composite_type", COMPOSITE)?;
        if matches!(ty, CompositeType::Schur | CompositeType::Gkb) {
            return Err(Error::invalid(
                "Pc::set_composite_type",
                "Schur and GKB combine field splits, not composite parts",
            ));
        }
        // SAFETY: live composite PC.
        check(unsafe { sys::PCCompositeSetType(self.ptr, ty.raw()) })
    }

    crate::methods![for Pc;
        /// How the parts combine (`PCCompositeGetType`).
        pub fn composite_type(&self) -> CompositeType
            = PCCompositeGetType as "PCCompositeGetType", needs require_type(COMPOSITE);
    ];

    /// Appends a part of type `ty` (`PCCompositeAddPCType`); its options prefix is
    /// `sub_<n>_`.
    #[doc(alias = "PCCompositeAddPCType")]
    pub fn add_composite_pc_type(&mut self, ty: PcType) -> Result<()> {
        self.require_type("Pc::add_composite_pc_type", COMPOSITE)?;
        let s = c_string("Pc::add_composite_pc_type", ty.as_str())?;
        // SAFETY: live composite PC; PETSc copies the name.
        check(unsafe { sys::PCCompositeAddPCType(self.ptr, s.as_ptr()) })
    }

    /// Appends the preconditioner `part` (`PCCompositeAddPC`); PETSc takes a
    /// reference to it.
    #[doc(alias = "PCCompositeAddPC")]
    pub fn add_composite_pc(&mut self, part: &Pc) -> Result<()> {
        self.require_type("Pc::add_composite_pc", COMPOSITE)?;
        if part.ptr == self.ptr {
            return Err(Error::invalid(
                "Pc::add_composite_pc",
                "a composite cannot contain itself",
            ));
        }
        // SAFETY: live composite PC and PC; PETSc references the part.
        check(unsafe { sys::PCCompositeAddPC(self.ptr, part.ptr) })
    }

    crate::methods![for Pc;
        /// The number of parts (`PCCompositeGetNumberPC`).
        pub fn composite_number_pc(&self) -> Int
            = PCCompositeGetNumberPC as "PCCompositeGetNumberPC", needs require_type(COMPOSITE);
    ];

    /// Part `n` (from 0) (`PCCompositeGetPC`), as a handle holding its own reference
    /// and one to this preconditioner.
    #[doc(alias = "PCCompositeGetPC")]
    pub fn composite_pc(&self, n: Int) -> Result<Pc> {
        let count = self.composite_number_pc()?;
        if n < 0 || n >= count {
            return Err(Error::invalid(
                "Pc::composite_pc",
                format!("part {n} is not in 0..{count}"),
            ));
        }
        let mut p: sys::PC = std::ptr::null_mut();
        // SAFETY: live composite PC; `n` is in range; PETSc lends the part.
        check(unsafe { sys::PCCompositeGetPC(self.ptr, n, &mut p) })?;
        // SAFETY: null or a live PC.
        unsafe { self.child_pc(p, "Pc::composite_pc", "part") }
    }

    /// The inner solver of a `PCKSP` preconditioner (`PCKSPGetKSP`), as a handle
    /// holding its own reference and one to this preconditioner; its options prefix
    /// is `ksp_`. Needs the type [`PcType::Ksp`].
    ///
    /// ```
    /// use petsc::{KspType, Object, PcType};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut pc = petsc::Pc::new(&petsc.self_comm())?;
    /// assert!(pc.ksp().is_err());
    /// pc.set_type(PcType::Ksp)?;
    /// let mut inner = pc.ksp()?;
    /// inner.set_type(KspType::Cg)?;
    /// assert_eq!(pc.ksp()?.type_name()?, "cg");
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PCKSPGetKSP")]
    pub fn ksp(&self) -> Result<Ksp> {
        self.require_type("Pc::ksp", &["ksp"])?;
        let mut k: sys::KSP = std::ptr::null_mut();
        // SAFETY: live PCKSP; PETSc lends (creating if needed) the inner solver.
        check(unsafe { sys::PCKSPGetKSP(self.ptr, &mut k) })?;
        // SAFETY: null or a live solver.
        unsafe { self.child_ksp(k, "Pc::ksp", "inner solver") }
    }
}
