//! Set-ups PETSc crashes on, refused before PETSc is called: a `PCMG` whose hierarchy
//! PETSc would build by coarsening a DM the PC does not have. Here, below `pc`, because
//! KSP's set-up and solves check the PC they are about to set up.

use petsc_sys as sys;

use crate::error::Result;
#[cfg(not(petsc_3_24))]
use crate::error::{Error, check};
#[cfg(not(petsc_3_24))]
use crate::scalar::Int;

/// Refuses the set-up of a `PCMG` that PETSc 3.18 to 3.23 would build by coarsening a
/// DM the PC does not have (a segmentation fault in `PCSetUp_MG`; PETSc 3.24 reports an
/// error itself): an `mg` PC not yet set up, with more than one level (`-pc_mg_levels`),
/// a level above the coarsest without interpolation or restriction, no DM, and a
/// hierarchy PETSc builds (not Galerkin `external`, as GAMG's, nor a GDSW coarse space).
/// `pc` may be null (a KSP without a PC yet); `context` names the call refused.
pub(crate) fn check_mg_set_up(pc: sys::PC, context: &str) -> Result<()> {
    #[cfg(not(petsc_3_24))]
    {
        let (mut levels, mut missing): (Int, Int) = (0, -1);
        // SAFETY: a live PC or null; two outputs; reads the PC's state only.
        check(unsafe { sys::petscrs_PCMGCoarsensNoDM(pc, &mut levels, &mut missing) })?;
        if missing >= 0 {
            return Err(Error::invalid(
                context,
                format!(
                    "PCMG with {levels} levels (-pc_mg_levels {levels}) and no DM: level \
                     {missing} has no interpolation, and PETSc 3.18 to 3.23 would build it \
                     by coarsening a DM it does not have (a segmentation fault in \
                     PCSetUp_MG); give the solver a DM (Ksp::set_dm), set each level's \
                     interpolation (Pc::set_mg_interpolation), or use one level or an \
                     algebraic multigrid (-pc_type gamg)"
                ),
            ));
        }
    }
    #[cfg(petsc_3_24)]
    let _ = (pc, context);
    Ok(())
}
