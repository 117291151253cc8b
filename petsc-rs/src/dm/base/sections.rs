//! The sections and star forests of [`DmBase`] that it is given: the local and global
//! layouts by point, and the star forests of shared points and of unknowns.

use petsc_sys as sys;

use crate::dm::DmBase;
use crate::error::{Result, check};
use crate::section::Section;
use crate::sf::StarForest;

/// Sets the layout of `global` or local vectors (PETSc keeps a reference).
pub(super) fn set_section<D>(dm: &mut D, section: &Section, global: bool) -> Result<()>
where
    D: DmBase + ?Sized,
{
    // SAFETY: live DM and section.
    check(unsafe {
        if global {
            sys::DMSetGlobalSection(dm.dm_raw(), section.as_raw())
        } else {
            sys::DMSetLocalSection(dm.dm_raw(), section.as_raw())
        }
    })
}

pub(super) fn create_section_sf<D>(dm: &mut D, local: &Section, global: &Section) -> Result<()>
where
    D: DmBase + ?Sized,
{
    local.check_set_up("DmBase::create_section_sf")?;
    global.check_set_up("DmBase::create_section_sf")?;
    // SAFETY: live DM and set-up sections.
    check(unsafe { sys::DMCreateSectionSF(dm.dm_raw(), local.as_raw(), global.as_raw()) })
}

/// Sets the star forest of shared `point`s or of unknowns (PETSc takes a reference).
pub(super) fn set_sf<D: DmBase + ?Sized>(dm: &mut D, sf: &StarForest, point: bool) -> Result<()> {
    // SAFETY: live DM and SF; PETSc takes a reference.
    check(unsafe {
        if point {
            sys::DMSetPointSF(dm.dm_raw(), sf.as_raw())
        } else {
            sys::DMSetSectionSF(dm.dm_raw(), sf.as_raw())
        }
    })
}
