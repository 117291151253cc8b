//! Algebraic multigrid: PETSc's own (`PCGAMG`) and hypre's (`PCHYPRE`: BoomerAMG,
//! AMS, ADS, ParaSails, PILUT, Euclid).

use std::os::raw::c_char;

use petsc_sys as sys;

use super::{opt_string, Pc};
use crate::error::{c_string, check, Error, Result};
use crate::mat::Mat;
use crate::{Int, Real};

const GAMG: &[&str] = &["gamg"];
const HYPRE: &[&str] = &["hypre"];

/// PETSc's algebraic multigrid (`PCGAMG`). Each method needs the type set to
/// [`PcType::Gamg`](crate::PcType::Gamg) and returns an `Err` otherwise; the
/// multigrid methods ([`mg_levels`](Pc::mg_levels), [`mg_smoother`](Pc::mg_smoother),
/// ...) reach the hierarchy after set-up.
impl Pc {
    /// The kind of algebraic multigrid (`PCGAMGSetType`): `"agg"` (smoothed
    /// aggregation, the default), `"geo"`, `"classical"`.
    ///
    /// ```
    /// use petsc::PcType;
    /// let petsc = petsc::Petsc::init()?;
    /// let mut pc = petsc::Pc::new(&petsc.self_comm())?;
    /// assert!(pc.set_gamg_type("agg").is_err()); // not GAMG
    /// pc.set_type(PcType::Gamg)?;
    /// pc.set_gamg_type("classical")?;
    /// pc.set_gamg_levels(4)?;
    /// pc.set_gamg_smooths(0)?;
    /// pc.set_gamg_threshold(&[0.01, 0.005])?;
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PCGAMGSetType")]
    pub fn set_gamg_type(&mut self, ty: &str) -> Result<()> {
        self.require_type("Pc::set_gamg_type", GAMG)?;
        let s = c_string("Pc::set_gamg_type", ty)?;
        // SAFETY: live GAMG PC; PETSc looks the name up (an `Err` if unknown).
        check(unsafe { sys::PCGAMGSetType(self.ptr, s.as_ptr()) })
    }

    /// The largest number of levels (`PCGAMGSetNlevels`).
    #[doc(alias = "PCGAMGSetNlevels")]
    pub fn set_gamg_levels(&mut self, levels: Int) -> Result<()> {
        self.require_type("Pc::set_gamg_levels", GAMG)?;
        // SAFETY: live GAMG PC.
        check(unsafe { sys::PCGAMGSetNlevels(self.ptr, levels) })
    }

    /// The number of smoothing steps of the prolongator (`PCGAMGSetNSmooths`; 0 gives
    /// plain aggregation).
    #[doc(alias = "PCGAMGSetNSmooths")]
    pub fn set_gamg_smooths(&mut self, smooths: Int) -> Result<()> {
        self.require_type("Pc::set_gamg_smooths", GAMG)?;
        // SAFETY: live GAMG PC.
        check(unsafe { sys::PCGAMGSetNSmooths(self.ptr, smooths) })
    }

    /// The thresholds for dropping small graph edges, one per level from the finest
    /// (`PCGAMGSetThreshold`; later levels are scaled from the last one given).
    #[doc(alias = "PCGAMGSetThreshold")]
    pub fn set_gamg_threshold(&mut self, thresholds: &[Real]) -> Result<()> {
        self.require_type("Pc::set_gamg_threshold", GAMG)?;
        if thresholds.is_empty() {
            return Err(Error::invalid(
                "Pc::set_gamg_threshold",
                "no thresholds given",
            ));
        }
        let mut v = thresholds.to_vec();
        // SAFETY: live GAMG PC; PETSc copies `v.len()` values.
        check(unsafe { sys::PCGAMGSetThreshold(self.ptr, v.as_mut_ptr(), v.len() as Int) })
    }
}

/// hypre (`PCHYPRE`), when PETSc was built with it (`petsc_have_hypre`). Each method
/// needs the type set to [`PcType::Hypre`](crate::PcType::Hypre) and returns an `Err`
/// otherwise.
#[cfg(petsc_have_hypre)]
impl Pc {
    /// hypre's preconditioner (`PCHYPRESetType`): `"boomeramg"` (the default),
    /// `"ams"`, `"ads"`, `"parasails"`, `"pilut"`, `"euclid"`.
    ///
    /// ```
    /// use petsc::PcType;
    /// let petsc = petsc::Petsc::init()?;
    /// let mut pc = petsc::Pc::new(&petsc.self_comm())?;
    /// assert!(pc.hypre_type().is_err()); // not hypre
    /// pc.set_type(PcType::Hypre)?;
    /// pc.set_hypre_type("parasails")?;
    /// assert_eq!(pc.hypre_type()?, "parasails");
    /// assert!(pc.set_hypre_type("nonsense").is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PCHYPRESetType")]
    pub fn set_hypre_type(&mut self, ty: &str) -> Result<()> {
        self.require_type("Pc::set_hypre_type", HYPRE)?;
        let s = c_string("Pc::set_hypre_type", ty)?;
        // SAFETY: live hypre PC; PETSc copies the name (an `Err` if unknown).
        check(unsafe { sys::PCHYPRESetType(self.ptr, s.as_ptr()) })
    }

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
        self.require_type("Pc::set_hypre_discrete_gradient", HYPRE)?;
        // SAFETY: live hypre PC and matrix; PETSc references the matrix.
        check(unsafe { sys::PCHYPRESetDiscreteGradient(self.ptr, g.ptr) })
    }

    /// The discrete curl from edges to faces (ADS) (`PCHYPRESetDiscreteCurl`).
    #[doc(alias = "PCHYPRESetDiscreteCurl")]
    pub fn set_hypre_discrete_curl(&mut self, c: &Mat) -> Result<()> {
        self.require_type("Pc::set_hypre_discrete_curl", HYPRE)?;
        // SAFETY: live hypre PC and matrix; PETSc references the matrix.
        check(unsafe { sys::PCHYPRESetDiscreteCurl(self.ptr, c.ptr) })
    }
}
