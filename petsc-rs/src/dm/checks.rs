//! Argument checks of the generic DM methods ([`DmBase`]), done before PETSc is called
//! so bad input is an `Err` that names the fault.

use petsc_sys as sys;

use super::DmBase;
use crate::comm::Comm;
use crate::error::{Error, Result, c_string, check};
use crate::scalar::Int;

pub(super) use crate::declare::petsc_bool as pbool;

/// The C name of a registered DM type, or an `Err` naming an unknown one.
pub(crate) fn dm_type_name(ctx: &str, name: &str) -> Result<std::ffi::CString> {
    // SAFETY: idempotent package registration; then the registry is only read.
    unsafe {
        check(sys::DMInitializePackage())?;
        crate::object::registered_type(ctx, "DM", sys::DMList, name)
    }
}

pub(super) fn check_point(ctx: &str, point: Int) -> Result<()> {
    if point < 0 {
        return Err(Error::out_of_range(
            ctx,
            format!("point {point} is negative"),
        ));
    }
    Ok(())
}

/// `name` as a C string, if the DM has a label of that name; else an `Err` naming it.
pub(super) fn existing_label<D: DmBase + ?Sized>(
    dm: &D,
    ctx: &str,
    name: &str,
) -> Result<std::ffi::CString> {
    let n = c_string(ctx, name)?;
    let mut b = sys::PETSC_BOOL_FALSE;
    // SAFETY: live DM.
    check(unsafe { sys::DMHasLabel(dm.dm_raw(), n.as_ptr(), &mut b) })?;
    if b != sys::PETSC_BOOL_TRUE {
        return Err(Error::invalid(
            ctx,
            format!("the DM has no label named '{name}'"),
        ));
    }
    Ok(n)
}

/// Whether the DM keeps its fields in PETSc's field array: a DMDA on PETSc 3.23.1 and
/// later reports its components as fields but has none, and PETSc's field calls then
/// index the missing array.
pub(super) fn has_field_array<D: DmBase + ?Sized>(dm: &D) -> Result<bool> {
    let mut has = sys::PETSC_BOOL_TRUE;
    // SAFETY: live DM; one output.
    check(unsafe { sys::petscrs_DMHasFieldArray(dm.dm_raw(), &mut has) })?;
    Ok(has == sys::PETSC_BOOL_TRUE)
}

/// Refuses a field call on a DM without a field array (see [`has_field_array`]).
pub(crate) fn check_field_array<D: DmBase + ?Sized>(dm: &D, ctx: &str) -> Result<()> {
    if has_field_array(dm)? {
        return Ok(());
    }
    Err(Error::invalid(
        ctx,
        format!(
            "the DM reports {} fields (its components: a DMDA on PETSc 3.23.1 and later) but \
             keeps no discretized fields; field calls apply to DMs with discretizations \
             (DMPlex)",
            dm.num_fields()?
        ),
    ))
}

pub(crate) fn check_field<D: DmBase + ?Sized>(dm: &D, ctx: &str, field: Int) -> Result<()> {
    let n = dm.num_fields()?;
    if field < 0 || field >= n {
        return Err(Error::out_of_range(
            ctx,
            format!("field {field} is not in 0..{n} (the DM's number of fields)"),
        ));
    }
    Ok(())
}

/// Refuses two DMs on communicators of different ranks (checked by PETSc's debug
/// builds only). The same DM as both levels is PETSc's to answer (a DMShell's closure
/// may; the two are lent to it as shared borrows).
pub(super) fn check_two<D: DmBase>(a: &D, b: &D, ctx: &str) -> Result<()> {
    let (ca, cb): (Comm, Comm) = (a.comm(), b.comm());
    if !ca.congruent(&cb) {
        return Err(Error::invalid(
            ctx,
            "the two DMs live on different communicators",
        ));
    }
    Ok(())
}
