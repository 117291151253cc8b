//! What a DM makes ([`DmBase`]): copies of itself (clones, conversions to another DM
//! type), and its vectors and matrices, with the types they are made of (each type name
//! checked against PETSc's registry first).

use petsc_sys as sys;

use crate::dm::checks::dm_type_name;
use crate::dm::{Dm, DmBase};
use crate::error::{Result, c_string, check};
use crate::mat::Mat;
use crate::vec::Vector;

pub(super) fn clone_dm<D: DmBase>(dm: &D) -> Result<D> {
    let mut d: sys::DM = std::ptr::null_mut();
    // SAFETY: live DM; PETSc writes a new DM whose reference we take.
    check(unsafe { sys::DMClone(dm.dm_raw(), &mut d) })?;
    D::wrap_dm(dm.petsc(), d, "DmBase::clone_dm")
}

pub(super) fn convert<D: DmBase + ?Sized>(dm: &D, name: &str) -> Result<Dm> {
    const CTX: &str = "DmBase::convert";
    let n = dm_type_name(CTX, name)?;
    let mut d: sys::DM = std::ptr::null_mut();
    // SAFETY: live DM, registered type name; PETSc writes a new DM.
    check(unsafe { sys::DMConvert(dm.dm_raw(), n.as_ptr(), &mut d) })?;
    Ok(Dm::from_raw(dm.petsc(), d))
}

pub(super) fn set_vec_type<D: DmBase + ?Sized>(dm: &mut D, name: &str) -> Result<()> {
    const CTX: &str = "DmBase::set_vec_type";
    // SAFETY: idempotent package registration; then the registry is only read.
    let n = unsafe {
        check(sys::VecInitializePackage())?;
        crate::object::registered_type(CTX, "Vec", sys::VecList, name)?
    };
    // SAFETY: live DM; PETSc copies the name.
    check(unsafe { sys::DMSetVecType(dm.dm_raw(), n.as_ptr()) })
}

pub(super) fn set_mat_type<D: DmBase + ?Sized>(dm: &mut D, name: &str) -> Result<()> {
    const CTX: &str = "DmBase::set_mat_type";
    // SAFETY: idempotent package registrations (the LMVM types live with KSP); then
    // the registry is only read. A root name (`aij`, `baij`) stands for its
    // sequential and parallel types (`seqaij`, `mpiaij`).
    let n = unsafe {
        check(sys::KSPInitializePackage())?;
        let seq = format!("seq{name}");
        crate::object::registered_type(CTX, "Mat", sys::MatList, name).or_else(|e| {
            match crate::object::registered_type(CTX, "Mat", sys::MatList, &seq) {
                Ok(_) => c_string(CTX, name),
                Err(_) => Err(e),
            }
        })?
    };
    // SAFETY: live DM; PETSc copies the name.
    check(unsafe { sys::DMSetMatType(dm.dm_raw(), n.as_ptr()) })
}

/// A new global or `local` vector of the DM, zero.
pub(super) fn vector<D: DmBase + ?Sized>(dm: &D, local: bool) -> Result<Vector> {
    let mut v: sys::Vec = std::ptr::null_mut();
    // SAFETY: live DM; PETSc writes a new vector whose reference we take.
    check(unsafe {
        if local {
            sys::DMCreateLocalVector(dm.dm_raw(), &mut v)
        } else {
            sys::DMCreateGlobalVector(dm.dm_raw(), &mut v)
        }
    })?;
    Ok(Vector::from_raw(dm.petsc(), v))
}

pub(super) fn matrix<D: DmBase + ?Sized>(dm: &D) -> Result<Mat> {
    let mut m: sys::Mat = std::ptr::null_mut();
    // SAFETY: live DM; PETSc writes a new matrix whose reference we take.
    check(unsafe { sys::DMCreateMatrix(dm.dm_raw(), &mut m) })?;
    Ok(Mat::from_raw(dm.petsc(), m))
}
