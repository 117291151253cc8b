//! PETSc's algebraic multigrid (`PCGAMG`); hypre's is in `hypre`.

use petsc_sys as sys;

use super::Pc;
use crate::error::{Error, Result, check};
use crate::scalar::{Int, Real};

const GAMG: &[&str] = &["gamg"];

/// PETSc's algebraic multigrid (`PCGAMG`). Each method needs the type set to
/// [`PcType::Gamg`](crate::PcType::Gamg) and returns an `Err` otherwise; the
/// multigrid methods ([`mg_levels`](Pc::mg_levels), [`mg_smoother`](Pc::mg_smoother),
/// ...) reach the hierarchy after set-up.
impl Pc {
    crate::methods![for Pc;
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
        pub fn set_gamg_type(&mut self, ty: &str)
            = PCGAMGSetType as "PCGAMGSetType", needs require_type(GAMG);
    ];

    crate::methods![for Pc;
        /// The largest number of levels (`PCGAMGSetNlevels`).
        pub fn set_gamg_levels(&mut self, levels: Int)
            = PCGAMGSetNlevels as "PCGAMGSetNlevels", needs require_type(GAMG);

        /// The number of smoothing steps of the prolongator (`PCGAMGSetNSmooths`; 0 gives
        /// plain aggregation).
        pub fn set_gamg_smooths(&mut self, smooths: Int)
            = PCGAMGSetNSmooths as "PCGAMGSetNSmooths", needs require_type(GAMG);
    ];

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
