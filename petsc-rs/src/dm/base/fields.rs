//! The fields of [`DmBase`]: their number and adjacency, copying them to another DM,
//! and the DMs and index sets of some or all of them (sub-DMs, field decompositions).
//! A DM without PETSc's field array (a DMDA of PETSc 3.23.1 and later) is refused
//! where PETSc would read that array.

use std::os::raw::c_char;

use petsc_sys as sys;

use crate::dm::checks::{check_field, check_field_array, has_field_array, pbool};
use crate::dm::{Dm, DmBase, FieldDecomposition, FieldSplit, Subdomain};
use crate::error::{Error, Result, check};
use crate::is::IndexSet;
use crate::object::owned;
use crate::scalar::Int;

pub(super) fn basic_adjacency<D: DmBase + ?Sized>(dm: &D) -> Result<(bool, bool)> {
    let (mut c, mut cl) = (sys::PETSC_BOOL_FALSE, sys::PETSC_BOOL_FALSE);
    let r = if has_field_array(dm)? {
        // SAFETY: live DM.
        unsafe { sys::DMGetBasicAdjacency(dm.dm_raw(), &mut c, &mut cl) }
    } else {
        // The DM's own default (what DMGetBasicAdjacency means without fields; it
        // would read the field array a DMDA of PETSc 3.23.1 and later does not have).
        // SAFETY: live DM; a negative field is the default.
        unsafe { sys::DMGetAdjacency(dm.dm_raw(), -1, &mut c, &mut cl) }
    };
    check(r)?;
    Ok((c == sys::PETSC_BOOL_TRUE, cl == sys::PETSC_BOOL_TRUE))
}

pub(super) fn set_basic_adjacency<D: DmBase + ?Sized>(
    dm: &mut D,
    use_cone: bool,
    use_closure: bool,
) -> Result<()> {
    let (c, cl) = (pbool(use_cone), pbool(use_closure));
    let r = if has_field_array(dm)? {
        // SAFETY: live DM.
        unsafe { sys::DMSetBasicAdjacency(dm.dm_raw(), c, cl) }
    } else {
        // As in `basic_adjacency`: the default, without the missing field array.
        // SAFETY: live DM; a negative field is the default.
        unsafe { sys::DMSetAdjacency(dm.dm_raw(), -1, c, cl) }
    };
    check(r)
}

pub(super) fn copy_fields<D: DmBase>(dm: &D, to: &mut D) -> Result<()> {
    if to.dm_raw() == dm.dm_raw() {
        return Ok(());
    }
    if dm.num_fields()? > 0 {
        check_field_array(to, "DmBase::copy_fields")?;
    }
    #[cfg(not(petsc_3_22))]
    // SAFETY: two live DMs.
    let r = unsafe { sys::DMCopyFields(dm.dm_raw(), to.dm_raw()) };
    // Every field, whatever its degree (PETSC_DETERMINE for both bounds).
    #[cfg(petsc_3_22)]
    // SAFETY: two live DMs.
    let r = unsafe { sys::DMCopyFields(dm.dm_raw(), -1, -1, to.dm_raw()) };
    check(r)
}

pub(super) fn create_sub_dm<D: DmBase + ?Sized>(dm: &D, fields: &[Int]) -> Result<(IndexSet, Dm)> {
    const CTX: &str = "DmBase::create_sub_dm";
    if fields.is_empty() {
        return Err(Error::invalid(CTX, "no fields given"));
    }
    for &f in fields {
        check_field(dm, CTX, f)?;
    }
    let n = crate::is::int_len(CTX, "fields", fields.len())?;
    let (mut is, mut d): (sys::IS, sys::DM) = (std::ptr::null_mut(), std::ptr::null_mut());
    // SAFETY: live DM, fields checked; PETSc writes a new IS and DM.
    check(unsafe { sys::DMCreateSubDM(dm.dm_raw(), n, fields.as_ptr(), &mut is, &mut d) })?;
    Ok((
        IndexSet::from_raw(dm.petsc(), is),
        Dm::from_raw(dm.petsc(), d),
    ))
}

pub(super) fn create_field_decomposition<D: DmBase + ?Sized>(dm: &D) -> Result<Vec<FieldSplit>> {
    const CTX: &str = "DmBase::create_field_decomposition";
    let lists = FieldDecomposition::of(dm)?;
    let n = lists.len();
    let Some(iss) = lists.index_sets else {
        if n == 0 {
            return Ok(Vec::new());
        }
        return Err(Error::invalid(
            CTX,
            format!(
                "the DM splits into {n} fields but gives no index sets for them; \
                 FieldDecomposition::of gives each list as the DM does"
            ),
        ));
    };
    let mut names = lists.names.map(Vec::into_iter);
    let mut dms = lists.dms.map(Vec::into_iter);
    Ok(iss
        .into_iter()
        .map(|is| FieldSplit {
            name: names.as_mut().and_then(Iterator::next).unwrap_or_default(),
            is,
            dm: dms.as_mut().and_then(Iterator::next),
        })
        .collect())
}

/// Takes over entry `i` of an array PETSc allocated (null array: none).
///
/// # Safety
/// A non-null `array` has more than `i` entries, each handed over.
unsafe fn entry<P: Copy>(array: *mut *mut P, i: usize) -> *mut P {
    if array.is_null() {
        std::ptr::null_mut()
    } else {
        // SAFETY: a non-null array has more than `i` entries (caller).
        unsafe { *array.add(i) }
    }
}

pub(super) fn create_domain_decomposition<D: DmBase + ?Sized>(dm: &D) -> Result<Vec<Subdomain>> {
    let mut n: Int = 0;
    let mut names: *mut *mut c_char = std::ptr::null_mut();
    let (mut inner, mut outer): (*mut sys::IS, *mut sys::IS) =
        (std::ptr::null_mut(), std::ptr::null_mut());
    let mut dms: *mut sys::DM = std::ptr::null_mut();
    // SAFETY: live DM; PETSc writes `n` and four arrays of `n` entries (or nulls), which
    // we take over and free below.
    check(unsafe {
        sys::DMCreateDomainDecomposition(
            dm.dm_raw(),
            &mut n,
            &mut names,
            &mut inner,
            &mut outer,
            &mut dms,
        )
    })?;
    let n = if inner.is_null() || outer.is_null() {
        0
    } else {
        usize::try_from(n).unwrap_or(0)
    };
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        // SAFETY: each array has `n` entries; every entry is ours to take over.
        unsafe {
            let name = entry(names, i);
            let text = owned(name);
            if !name.is_null() {
                crate::error::record_destroy(sys::petscrs_PetscFree(name.cast()));
            }
            let d = entry(dms, i);
            out.push(Subdomain {
                name: text,
                inner: IndexSet::from_raw(dm.petsc(), *inner.add(i)),
                outer: IndexSet::from_raw(dm.petsc(), *outer.add(i)),
                dm: (!d.is_null()).then(|| Dm::from_raw(dm.petsc(), d)),
            });
        }
    }
    // SAFETY: the arrays PETSc allocated (their entries taken above).
    unsafe {
        for p in [
            names.cast::<std::ffi::c_void>(),
            inner.cast(),
            outer.cast(),
            dms.cast(),
        ] {
            if !p.is_null() {
                check(sys::petscrs_PetscFree(p))?;
            }
        }
    }
    Ok(out)
}
