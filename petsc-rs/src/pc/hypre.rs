//! hypre's preconditioners (`PCHYPRE`: BoomerAMG, AMS, ADS, ParaSails, PILUT, Euclid),
//! when PETSc was built with hypre (`petsc_have_hypre`; Debian's complex PETSc is not).

use std::os::raw::c_char;

use petsc_sys as sys;

use super::{Pc, opt_string};
use crate::error::{Result, check};
use crate::mat::Mat;

const HYPRE: &[&str] = &["hypre"];

/// hypre (`PCHYPRE`), when PETSc was built with it (`petsc_have_hypre`). Each method
/// needs the type set to [`PcType::Hypre`](crate::PcType::Hypre) and returns an `Err`
/// otherwise.
impl Pc {
    crate::methods![for Pc;
        /// hypre's preconditioner (`PCHYPRESetType`): `"boomeramg"` (the default),
        /// `"ams"`, `"ads"`, `"parasails"`, `"pilut"`, `"euclid"` (which ones exist depends on
        /// how hypre was built: ParaSails is missing from 64-bit-integer hypre builds, and
        /// asking for it is an `Err` from hypre).
        ///
        /// ```
        /// use petsc::PcType;
        /// let petsc = petsc::Petsc::init()?;
        /// let mut pc = petsc::Pc::new(&petsc.self_comm())?;
        /// assert!(pc.hypre_type().is_err()); // not hypre
        /// pc.set_type(PcType::Hypre)?;
        /// pc.set_hypre_type("ams")?;
        /// assert_eq!(pc.hypre_type()?, "ams");
        /// assert!(pc.set_hypre_type("nonsense").is_err());
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_hypre_type(&mut self, ty: &str)
            = PCHYPRESetType as "PCHYPRESetType", needs require_type(HYPRE);
    ];

    /// hypre's preconditioner (`PCHYPREGetType`).
    #[doc(alias = "PCHYPREGetType")]
    pub fn hypre_type(&self) -> Result<String> {
        self.require_type("Pc::hypre_type", HYPRE)?;
        let mut p: *const c_char = std::ptr::null();
        // SAFETY: live hypre PC; PETSc returns its own string.
        check(unsafe { sys::PCHYPREGetType(self.ptr, &mut p) })?;
        // SAFETY: null or PETSc's live string.
        Ok(unsafe { opt_string(p) }.unwrap_or_default())
    }

    /// The discrete gradient from nodes to edges (AMS) or edges to faces (ADS)
    /// (`PCHYPRESetDiscreteGradient`).
    #[doc(alias = "PCHYPRESetDiscreteGradient")]
    pub fn set_hypre_discrete_gradient(&mut self, g: &Mat) -> Result<()> {
        const KEPT: &str = "Pc::set_hypre_discrete_gradient";
        self.require_type("Pc::set_hypre_discrete_gradient", HYPRE)?;
        // SAFETY: live hypre PC and matrix; PETSc references the matrix.
        check(unsafe { sys::PCHYPRESetDiscreteGradient(self.ptr, g.kept_raw(KEPT)?) })
    }

    /// The discrete curl from edges to faces (ADS) (`PCHYPRESetDiscreteCurl`).
    #[doc(alias = "PCHYPRESetDiscreteCurl")]
    pub fn set_hypre_discrete_curl(&mut self, c: &Mat) -> Result<()> {
        const KEPT: &str = "Pc::set_hypre_discrete_curl";
        self.require_type("Pc::set_hypre_discrete_curl", HYPRE)?;
        // SAFETY: live hypre PC and matrix; PETSc references the matrix.
        check(unsafe { sys::PCHYPRESetDiscreteCurl(self.ptr, c.kept_raw(KEPT)?) })
    }
}
