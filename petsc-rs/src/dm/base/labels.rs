//! The labels of [`DmBase`] (named integer values on points): the label handles, adding
//! and removing labels, and the index sets of a label's values and strata, each label
//! named checked to exist before PETSc sees it.

use petsc_sys as sys;

use crate::dm::checks::existing_label;
use crate::dm::returned::opt;
use crate::dm::{DmBase, DmLabel};
use crate::error::{Error, Result, c_string, check};
use crate::is::IndexSet;
use crate::object::Object;
use crate::scalar::Int;

pub(super) fn label<D: DmBase + ?Sized>(dm: &D, name: &str) -> Result<Option<DmLabel>> {
    let n = c_string("DmBase::label", name)?;
    let mut l: sys::DMLabel = std::ptr::null_mut();
    // SAFETY: live DM; PETSc lends the label or null.
    check(unsafe { sys::DMGetLabel(dm.dm_raw(), n.as_ptr(), &mut l) })?;
    // SAFETY: live label or null; the handle takes its own reference.
    opt(l, |l| unsafe { DmLabel::from_raw_borrowed(dm.petsc(), l) })
}

pub(super) fn add_label<D: DmBase + ?Sized>(dm: &mut D, label: &DmLabel) -> Result<()> {
    let name = label.name()?;
    if dm.has_label(&name)? {
        return Err(Error::invalid(
            "DmBase::add_label",
            format!("the DM has a label named '{name}' already"),
        ));
    }
    // SAFETY: live DM and label.
    check(unsafe { sys::DMAddLabel(dm.dm_raw(), label.as_raw()) })
}

pub(super) fn remove_label<D: DmBase + ?Sized>(dm: &mut D, name: &str) -> Result<()> {
    let n = existing_label(dm, "DmBase::remove_label", name)?;
    let mut l: sys::DMLabel = std::ptr::null_mut();
    // SAFETY: live DM; PETSc hands over its reference to the label, released here.
    check(unsafe { sys::DMRemoveLabel(dm.dm_raw(), n.as_ptr(), &mut l) })?;
    if !l.is_null() {
        // SAFETY: the reference PETSc handed over.
        check(unsafe { sys::DMLabelDestroy(&mut l) })?;
    }
    Ok(())
}

pub(super) fn label_id_is<D: DmBase + ?Sized>(dm: &D, name: &str) -> Result<IndexSet> {
    let n = existing_label(dm, "DmBase::label_id_is", name)?;
    let mut is: sys::IS = std::ptr::null_mut();
    // SAFETY: live DM, existing label; PETSc writes a new IS.
    check(unsafe { sys::DMGetLabelIdIS(dm.dm_raw(), n.as_ptr(), &mut is) })?;
    Ok(IndexSet::from_raw(dm.petsc(), is))
}

pub(super) fn stratum_is<D>(dm: &D, name: &str, value: Int) -> Result<Option<IndexSet>>
where
    D: DmBase + ?Sized,
{
    let n = existing_label(dm, "DmBase::stratum_is", name)?;
    let mut is: sys::IS = std::ptr::null_mut();
    // SAFETY: live DM, existing label; PETSc writes a new IS or null.
    check(unsafe { sys::DMGetStratumIS(dm.dm_raw(), n.as_ptr(), value, &mut is) })?;
    Ok((!is.is_null()).then(|| IndexSet::from_raw(dm.petsc(), is)))
}
