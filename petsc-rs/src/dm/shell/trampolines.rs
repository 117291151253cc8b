//! The trampolines of a [`DmShell`](super::DmShell)'s closures: PETSc calls them with
//! the DM alone, and each finds its closure through the DM (the callback model of
//! [`crate::ffi`]), runs it on lent handles and hands PETSc what it made.

use std::os::raw::c_void;

use petsc_sys as sys;

use super::super::{Dm, FieldDecomposition, Subdomain};
use crate::callback::{CallbackKind, attached, call};
use crate::error::{Error, Result, check, run_callback};
use crate::init::Petsc;
use crate::is::IndexSet;
use crate::mat::Mat;
use crate::object::Object;
use crate::scalar::Int;
use crate::vec::{InsertMode, Vector};

/// A closure that makes a vector for a DM.
pub(super) type VecFn = dyn FnMut(&Dm) -> Result<Vector>;
/// A closure that makes a matrix for a DM.
pub(super) type MatFn = dyn FnMut(&Dm) -> Result<Mat>;
/// A closure that moves values between two vectors of a DM: `f(dm, from, mode, to)`.
pub(super) type TransferFn = dyn FnMut(&Dm, &Vector, InsertMode, &mut Vector) -> Result<()>;
/// A closure that coarsens or refines a DM.
pub(super) type LevelFn = dyn FnMut(&Dm) -> Result<Dm>;
/// A closure that makes the interpolation from a coarse DM to a fine one.
pub(super) type InterpolationFn = dyn FnMut(&Dm, &Dm) -> Result<(Mat, Option<Vector>)>;
/// A closure that makes an operator between a coarse DM and a fine one.
pub(super) type OperatorFn = dyn FnMut(&Dm, &Dm) -> Result<Mat>;
/// A closure that makes the DM of some fields and their index set.
pub(super) type SubDmFn = dyn FnMut(&Dm, &[Int]) -> Result<(IndexSet, Dm)>;
/// A closure that splits a DM by field.
pub(super) type FieldsFn = dyn FnMut(&Dm) -> Result<FieldDecomposition>;
/// A closure that splits a DM into overlapping subdomains.
pub(super) type SubdomainsFn = dyn FnMut(&Dm) -> Result<Vec<Subdomain>>;

/// Runs the closure of `kind` kept with `dm` on a lent handle to `dm`: the common part
/// of the trampolines (PETSc passes them only the DM).
///
/// # Safety
/// `dm` must be a live DM.
unsafe fn with_closure<F: ?Sized + 'static>(
    dm: sys::DM,
    kind: CallbackKind,
    body: impl FnOnce(&Petsc, &Dm, &mut F) -> Result<()>,
) -> sys::PetscErrorCode {
    run_callback(kind.name(), || {
        // SAFETY: live DM (caller).
        let ctx = unsafe { attached(dm as sys::PetscObject, kind) }?;
        call::<F, _>(ctx, kind, |petsc, f| {
            // SAFETY: PETSc's live DM; the lent handle takes its own reference.
            let d = unsafe { Dm::from_raw_lent(petsc, dm) }?;
            body(petsc, &d, f)
        })
    })
}

/// Gives PETSc a reference of its own to `obj` through `out` (the handle's reference
/// is dropped with it).
///
/// # Safety
/// `out` must be writable.
unsafe fn hand_out<T: Object>(obj: T, out: *mut *mut c_void) -> Result<()> {
    let raw = obj.as_object();
    // SAFETY: live object; the reference is PETSc's.
    check(unsafe { sys::PetscObjectReference(raw) })?;
    // SAFETY: writable (caller).
    unsafe { *out = raw.cast() };
    Ok(())
}

/// A vector made by a closure, handed out as `dm`'s (its DM set to `dm`, which PETSc
/// checks when a work vector is given back).
///
/// # Safety
/// `dm` must be a live DM and `out` writable.
unsafe fn vector_trampoline(
    dm: sys::DM,
    out: *mut sys::Vec,
    kind: CallbackKind,
) -> sys::PetscErrorCode {
    // SAFETY: live DM (caller).
    unsafe {
        with_closure::<VecFn>(dm, kind, |_, d, f| {
            let v = f(d)?;
            // SAFETY: live vector and DM; the vector takes a reference to the DM.
            check(sys::VecSetDM(v.ptr, dm))?;
            hand_out(v, out.cast())
        })
    }
}

pub(super) unsafe extern "C" fn create_global_vector(
    dm: sys::DM,
    out: *mut sys::Vec,
) -> sys::PetscErrorCode {
    // SAFETY: PETSc passes its live DM and an output.
    unsafe { vector_trampoline(dm, out, CallbackKind::DmShellCreateGlobalVector) }
}

pub(super) unsafe extern "C" fn create_local_vector(
    dm: sys::DM,
    out: *mut sys::Vec,
) -> sys::PetscErrorCode {
    // SAFETY: PETSc passes its live DM and an output.
    unsafe { vector_trampoline(dm, out, CallbackKind::DmShellCreateLocalVector) }
}

/// A transfer between two vectors of `dm` by a closure.
///
/// # Safety
/// `dm`, `from` and `to` must be live.
unsafe fn transfer(
    dm: sys::DM,
    from: sys::Vec,
    mode: sys::InsertMode,
    to: sys::Vec,
    kind: CallbackKind,
) -> sys::PetscErrorCode {
    // SAFETY: live DM (caller).
    unsafe {
        with_closure::<TransferFn>(dm, kind, |petsc, d, f| {
            let mode = InsertMode::from_raw(mode, kind.name())?;
            // The exchange that called PETSc (`DmBase::global_to_local`, suspended until
            // this returns) borrowed the destination for PETSc; the closure is PETSc here.
            let _lifted = crate::borrow::lift_exclusive(
                to as sys::PetscObject,
                crate::borrow::EXCHANGE_DESTINATION,
            );
            // SAFETY: PETSc's live vectors; the lent handles take their own references.
            let from_v = Vector::from_raw_lent(petsc, from)?;
            // SAFETY: as above.
            let mut to_v = Vector::from_raw_lent(petsc, to)?;
            f(d, &from_v, mode, &mut to_v)?;
            to_v.written_in_place(to)
        })
    }
}

pub(super) unsafe extern "C" fn g2l_begin(
    dm: sys::DM,
    g: sys::Vec,
    m: sys::InsertMode,
    l: sys::Vec,
) -> sys::PetscErrorCode {
    // SAFETY: PETSc passes its live DM and vectors.
    unsafe { transfer(dm, g, m, l, CallbackKind::DmShellGlobalToLocalBegin) }
}

pub(super) unsafe extern "C" fn g2l_end(
    dm: sys::DM,
    g: sys::Vec,
    m: sys::InsertMode,
    l: sys::Vec,
) -> sys::PetscErrorCode {
    // SAFETY: PETSc passes its live DM and vectors.
    unsafe { transfer(dm, g, m, l, CallbackKind::DmShellGlobalToLocalEnd) }
}

pub(super) unsafe extern "C" fn l2g_begin(
    dm: sys::DM,
    l: sys::Vec,
    m: sys::InsertMode,
    g: sys::Vec,
) -> sys::PetscErrorCode {
    // SAFETY: PETSc passes its live DM and vectors.
    unsafe { transfer(dm, l, m, g, CallbackKind::DmShellLocalToGlobalBegin) }
}

pub(super) unsafe extern "C" fn l2g_end(
    dm: sys::DM,
    l: sys::Vec,
    m: sys::InsertMode,
    g: sys::Vec,
) -> sys::PetscErrorCode {
    // SAFETY: PETSc passes its live DM and vectors.
    unsafe { transfer(dm, l, m, g, CallbackKind::DmShellLocalToGlobalEnd) }
}

pub(super) unsafe extern "C" fn l2l_begin(
    dm: sys::DM,
    a: sys::Vec,
    m: sys::InsertMode,
    b: sys::Vec,
) -> sys::PetscErrorCode {
    // SAFETY: PETSc passes its live DM and vectors.
    unsafe { transfer(dm, a, m, b, CallbackKind::DmShellLocalToLocalBegin) }
}

pub(super) unsafe extern "C" fn l2l_end(
    dm: sys::DM,
    a: sys::Vec,
    m: sys::InsertMode,
    b: sys::Vec,
) -> sys::PetscErrorCode {
    // SAFETY: PETSc passes its live DM and vectors.
    unsafe { transfer(dm, a, m, b, CallbackKind::DmShellLocalToLocalEnd) }
}

pub(super) unsafe extern "C" fn create_matrix(
    dm: sys::DM,
    out: *mut sys::Mat,
) -> sys::PetscErrorCode {
    // SAFETY: PETSc passes its live DM and an output.
    unsafe {
        with_closure::<MatFn>(dm, CallbackKind::DmShellCreateMatrix, |_, d, f| {
            hand_out(f(d)?, out.cast())
        })
    }
}

/// A coarser or finer DM made by a closure. PETSc then gives it this DM's matrix
/// routine, so the matrix closure goes with it (where it has none of its own).
///
/// # Safety
/// `dm` must be a live DM and `out` writable.
unsafe fn level(dm: sys::DM, out: *mut sys::DM, kind: CallbackKind) -> sys::PetscErrorCode {
    // SAFETY: live DM (caller).
    unsafe {
        with_closure::<LevelFn>(dm, kind, |_, d, f| {
            let new = f(d)?;
            crate::callback::share_closure(dm, new.ptr, CallbackKind::DmShellCreateMatrix)?;
            hand_out(new, out.cast())
        })
    }
}

pub(super) unsafe extern "C" fn coarsen(
    dm: sys::DM,
    _comm: sys::MPI_Comm,
    out: *mut sys::DM,
) -> sys::PetscErrorCode {
    // SAFETY: PETSc passes its live DM and an output.
    unsafe { level(dm, out, CallbackKind::DmShellCoarsen) }
}

pub(super) unsafe extern "C" fn refine(
    dm: sys::DM,
    _comm: sys::MPI_Comm,
    out: *mut sys::DM,
) -> sys::PetscErrorCode {
    // SAFETY: PETSc passes its live DM and an output.
    unsafe { level(dm, out, CallbackKind::DmShellRefine) }
}

pub(super) unsafe extern "C" fn create_interpolation(
    coarse: sys::DM,
    fine: sys::DM,
    out: *mut sys::Mat,
    scale: *mut sys::Vec,
) -> sys::PetscErrorCode {
    const KIND: CallbackKind = CallbackKind::DmShellCreateInterpolation;
    // SAFETY: PETSc passes its live DMs and outputs (the scaling's may be null).
    unsafe {
        with_closure::<InterpolationFn>(coarse, KIND, |petsc, c, f| {
            let fine = Dm::from_raw_lent(petsc, fine)?;
            let (m, s) = f(c, &fine)?;
            if !scale.is_null() {
                match s {
                    Some(s) => hand_out(s, scale.cast())?,
                    None => *scale = std::ptr::null_mut(),
                }
            }
            hand_out(m, out.cast())
        })
    }
}

/// An operator between two levels made by a closure (restriction, injection).
///
/// # Safety
/// `coarse` and `fine` must be live DMs and `out` writable.
unsafe fn operator(
    coarse: sys::DM,
    fine: sys::DM,
    out: *mut sys::Mat,
    kind: CallbackKind,
) -> sys::PetscErrorCode {
    // SAFETY: live DMs (caller).
    unsafe {
        with_closure::<OperatorFn>(coarse, kind, |petsc, c, f| {
            let fine = Dm::from_raw_lent(petsc, fine)?;
            hand_out(f(c, &fine)?, out.cast())
        })
    }
}

pub(super) unsafe extern "C" fn create_restriction(
    c: sys::DM,
    f: sys::DM,
    out: *mut sys::Mat,
) -> sys::PetscErrorCode {
    // SAFETY: PETSc passes its live DMs and an output.
    unsafe { operator(c, f, out, CallbackKind::DmShellCreateRestriction) }
}

pub(super) unsafe extern "C" fn create_injection(
    c: sys::DM,
    f: sys::DM,
    out: *mut sys::Mat,
) -> sys::PetscErrorCode {
    // SAFETY: PETSc passes its live DMs and an output.
    unsafe { operator(c, f, out, CallbackKind::DmShellCreateInjection) }
}

pub(super) unsafe extern "C" fn create_sub_dm(
    dm: sys::DM,
    n: Int,
    fields: *const Int,
    is: *mut sys::IS,
    sub: *mut sys::DM,
) -> sys::PetscErrorCode {
    // SAFETY: PETSc passes its live DM, `n` fields and outputs (either may be null).
    unsafe {
        with_closure::<SubDmFn>(dm, CallbackKind::DmShellCreateSubDm, |_, d, f| {
            let fields = if n > 0 && !fields.is_null() {
                std::slice::from_raw_parts(fields, n as usize)
            } else {
                &[]
            };
            let (i, s) = f(d, fields)?;
            if !is.is_null() {
                hand_out(i, is.cast())?;
            }
            if !sub.is_null() {
                hand_out(s, sub.cast())?;
            }
            Ok(())
        })
    }
}

/// An array of `n` entries allocated with `PetscMalloc` (PETSc frees it), or null for
/// none.
fn petsc_array<T>(n: usize) -> Result<*mut T> {
    if n == 0 {
        return Ok(std::ptr::null_mut());
    }
    let bytes = n
        .checked_mul(std::mem::size_of::<T>())
        .ok_or_else(|| Error::invalid("DmShell", "too many fields"))?;
    let mut p: *mut c_void = std::ptr::null_mut();
    // SAFETY: PETSc allocates `bytes` bytes (aligned for any type) and writes the pointer.
    check(unsafe { sys::petscrs_PetscMalloc(bytes, &mut p) })?;
    Ok(p.cast())
}

pub(super) unsafe extern "C" fn create_field_decomposition(
    dm: sys::DM,
    len: *mut Int,
    names: *mut *mut *mut std::os::raw::c_char,
    iss: *mut *mut sys::IS,
    dms: *mut *mut sys::DM,
) -> sys::PetscErrorCode {
    const KIND: CallbackKind = CallbackKind::DmShellCreateFieldDecomposition;
    // SAFETY: PETSc passes its live DM and outputs, each possibly null (not asked for).
    unsafe {
        with_closure::<FieldsFn>(dm, KIND, |_, d, f| {
            let fields = f(d)?;
            let lengths = fields.lengths();
            let n = fields.len();
            if lengths.iter().flatten().any(|&m| m != n) {
                return Err(Error::invalid(
                    KIND.name(),
                    format!(
                        "decomposition lists must have the same length (names, index sets, \
                         DMs: {lengths:?})"
                    ),
                ));
            }
            let count =
                Int::try_from(n).map_err(|_| Error::invalid(KIND.name(), "too many fields"))?;
            let texts = match &fields.names {
                Some(v) => Some(c_names(KIND, v.iter().map(String::as_str))?),
                None => None,
            };
            // Each list PETSc asked for and the closure gave, as PETSc's arrays.
            let want = |out: bool, given: bool| out && given;
            let name_arr: *mut *mut std::os::raw::c_char =
                if want(!names.is_null(), texts.is_some()) {
                    petsc_array(n)?
                } else {
                    std::ptr::null_mut()
                };
            let is_arr: *mut sys::IS = if want(!iss.is_null(), fields.index_sets.is_some()) {
                petsc_array(n).inspect_err(|_| free_arrays(&[name_arr.cast()]))?
            } else {
                std::ptr::null_mut()
            };
            let dm_arr: *mut sys::DM = if want(!dms.is_null(), fields.dms.is_some()) {
                petsc_array(n).inspect_err(|_| free_arrays(&[name_arr.cast(), is_arr.cast()]))?
            } else {
                std::ptr::null_mut()
            };
            if !name_arr.is_null() {
                for (k, text) in texts.iter().flatten().enumerate() {
                    let slot = name_arr.add(k);
                    *slot = std::ptr::null_mut();
                    crate::error::record_destroy(sys::petscrs_PetscStrallocpy(text.as_ptr(), slot));
                }
            }
            if !is_arr.is_null() {
                for (k, is) in fields.index_sets.into_iter().flatten().enumerate() {
                    hand_out(is, is_arr.add(k).cast())?;
                }
            }
            if !dm_arr.is_null() {
                for (k, sub) in fields.dms.into_iter().flatten().enumerate() {
                    hand_out(sub, dm_arr.add(k).cast())?;
                }
            }
            if !len.is_null() {
                *len = count;
            }
            if !names.is_null() {
                *names = name_arr;
            }
            if !iss.is_null() {
                *iss = is_arr;
            }
            if !dms.is_null() {
                *dms = dm_arr;
            }
            Ok(())
        })
    }
}

/// Names as C strings, checked before anything is allocated.
fn c_names<'a>(
    kind: CallbackKind,
    names: impl Iterator<Item = &'a str>,
) -> Result<Vec<std::ffi::CString>> {
    names
        .map(|n| crate::error::c_string(kind.name(), n))
        .collect()
}

/// Frees arrays made by [`petsc_array`] (nulls skipped).
///
/// # Safety
/// Each pointer is null or an array from `petsc_array` whose entries were not handed out.
unsafe fn free_arrays(arrays: &[*mut c_void]) {
    for &a in arrays {
        if !a.is_null() {
            // SAFETY: PETSc's allocation (caller).
            crate::error::record_destroy(unsafe { sys::petscrs_PetscFree(a) });
        }
    }
}

pub(super) unsafe extern "C" fn create_domain_decomposition(
    dm: sys::DM,
    len: *mut Int,
    names: *mut *mut *mut std::os::raw::c_char,
    inner: *mut *mut sys::IS,
    outer: *mut *mut sys::IS,
    dms: *mut *mut sys::DM,
) -> sys::PetscErrorCode {
    const KIND: CallbackKind = CallbackKind::DmShellCreateDomainDecomposition;
    // SAFETY: PETSc passes its live DM and outputs, each possibly null (not asked for).
    unsafe {
        with_closure::<SubdomainsFn>(dm, KIND, |_, d, f| {
            let parts = f(d)?;
            let n = parts.len();
            let count =
                Int::try_from(n).map_err(|_| Error::invalid(KIND.name(), "too many subdomains"))?;
            let with_dms = parts.iter().filter(|s| s.dm.is_some()).count();
            if with_dms != 0 && with_dms != n {
                return Err(Error::invalid(
                    KIND.name(),
                    format!(
                        "{with_dms} of {n} subdomains have a DM: give one to every subdomain or to none"
                    ),
                ));
            }
            let texts = c_names(KIND, parts.iter().map(|s| s.name.as_str()))?;
            let mut made: Vec<*mut c_void> = Vec::new();
            let mut alloc = |asked: bool| -> Result<*mut c_void> {
                if !asked {
                    return Ok(std::ptr::null_mut());
                }
                match petsc_array::<*mut c_void>(n) {
                    Ok(p) => {
                        made.push(p.cast());
                        Ok(p.cast())
                    }
                    Err(e) => {
                        free_arrays(&made);
                        Err(e)
                    }
                }
            };
            let name_arr: *mut *mut std::os::raw::c_char = alloc(!names.is_null())?.cast();
            let in_arr: *mut sys::IS = alloc(!inner.is_null())?.cast();
            let out_arr: *mut sys::IS = alloc(!outer.is_null())?.cast();
            let dm_arr: *mut sys::DM = alloc(!dms.is_null() && with_dms > 0)?.cast();
            for (k, (part, text)) in parts.into_iter().zip(&texts).enumerate() {
                if !name_arr.is_null() {
                    let slot = name_arr.add(k);
                    *slot = std::ptr::null_mut();
                    crate::error::record_destroy(sys::petscrs_PetscStrallocpy(text.as_ptr(), slot));
                }
                if !in_arr.is_null() {
                    hand_out(part.inner, in_arr.add(k).cast())?;
                }
                if !out_arr.is_null() {
                    hand_out(part.outer, out_arr.add(k).cast())?;
                }
                if let (false, Some(sub)) = (dm_arr.is_null(), part.dm) {
                    hand_out(sub, dm_arr.add(k).cast())?;
                }
            }
            if !len.is_null() {
                *len = count;
            }
            if !names.is_null() {
                *names = name_arr;
            }
            if !inner.is_null() {
                *inner = in_arr;
            }
            if !outer.is_null() {
                *outer = out_arr;
            }
            if !dms.is_null() {
                *dms = dm_arr; // null when no subdomain has a DM
            }
            Ok(())
        })
    }
}
