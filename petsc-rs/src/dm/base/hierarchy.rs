//! The grid hierarchies of [`DmBase`]: refining and coarsening, the coarse DM, the
//! operators between two levels (interpolation, injection, restriction, mass matrix),
//! each pair of levels checked first, and the closures run when a DM is coarsened.

use std::os::raw::c_void;
use std::sync::atomic::{AtomicUsize, Ordering};

use petsc_sys as sys;

use crate::callback::{CallbackKind, attach_keyed, run};
use crate::dm::checks::check_two;
use crate::dm::returned::{borrowed, made};
use crate::dm::{Dm, DmBase};
use crate::error::{Error, Result, check};
use crate::mat::Mat;
use crate::vec::Vector;

/// A DM one level finer (`refine`) or coarser, of `dm`'s kind, on its communicator; an
/// `Err` for a DM type that cannot make one.
pub(super) fn level<D: DmBase>(dm: &D, refine: bool) -> Result<D> {
    type Remesh = unsafe extern "C" fn(sys::DM, sys::MPI_Comm, *mut sys::DM) -> sys::PetscErrorCode;
    let (ctx, what, make): (&str, &str, Remesh) = if refine {
        ("DmBase::refine", "refine", sys::DMRefine)
    } else {
        ("DmBase::coarsen", "coarsen", sys::DMCoarsen)
    };
    levels_fit(dm, refine, 1, false, ctx)?;
    let mut d: sys::DM = std::ptr::null_mut();
    let comm = dm.comm();
    // SAFETY: live DM and communicator; PETSc writes the new DM (or null if the type
    // cannot make one, refused below).
    let rc = unsafe { make(dm.dm_raw(), comm.as_raw(), &mut d) };
    made(dm, rc, d, ctx, what)
}

/// Refuses, on every rank, to refine or coarsen a DMDA (`levels` times, as a hierarchy
/// does when `hierarchy`) where PETSc finds no ownership ranges for a level: a stencil
/// wider than the new pieces allow (a stencil of width 0 over several ranks, say). PETSc
/// fails there too, with the same error, but after making the new DM, which it leaks;
/// the answer is the same on every rank (the ranges are global). Other DM types pass.
fn levels_fit<D: DmBase + ?Sized>(
    dm: &D,
    refine: bool,
    levels: usize,
    hierarchy: bool,
    ctx: &str,
) -> Result<()> {
    let n = crate::scalar::Int::try_from(levels).unwrap_or(crate::scalar::Int::MAX);
    let mut ok = sys::PETSC_BOOL_TRUE;
    let hier = if hierarchy {
        sys::PETSC_BOOL_TRUE
    } else {
        sys::PETSC_BOOL_FALSE
    };
    let r = if refine {
        sys::PETSC_BOOL_TRUE
    } else {
        sys::PETSC_BOOL_FALSE
    };
    // SAFETY: live DM; the shim reads a set-up DMDA's fields (other DMs pass).
    let local = check(unsafe { sys::petscrs_DMDALevelsFit(dm.dm_raw(), r, n, hier, &mut ok) })
        .and_then(|()| {
            if ok == sys::PETSC_BOOL_TRUE {
                return Ok(());
            }
            let what = if refine { "refined" } else { "coarsened" };
            Err(Error::size_mismatch(
                ctx,
                format!(
                    "Could not find a compatible {what} ownership range: the DMDA's \
                     stencil width and pieces leave no way to split the {what} grid over \
                     the same ranks (PETSc's DMDA{}OwnershipRanges refuses it)",
                    if refine { "Refine" } else { "Coarsen" }
                ),
            ))
        });
    dm.comm().agree(ctx, local)
}

/// `levels` successively refined or coarsened DMs (`DMRefineHierarchy`,
/// `DMCoarsenHierarchy`), after [`levels_fit`].
pub(super) fn levels<D: DmBase>(dm: &D, levels: usize, refine: bool) -> Result<Vec<D>> {
    let ctx = if refine {
        "DmBase::refine_hierarchy"
    } else {
        "DmBase::coarsen_hierarchy"
    };
    levels_fit(dm, refine, levels, true, ctx)?;
    crate::dm::returned::hierarchy(dm, levels, refine)
}

pub(super) fn coarse_dm<D: DmBase>(dm: &D) -> Result<Option<D>> {
    let mut d: sys::DM = std::ptr::null_mut();
    // SAFETY: live DM; PETSc lends the coarse DM or null.
    check(unsafe { sys::DMGetCoarseDM(dm.dm_raw(), &mut d) })?;
    borrowed(dm, d, "DmBase::coarse_dm")
}

pub(super) fn set_coarse_dm<D: DmBase>(dm: &mut D, coarse: &D) -> Result<()> {
    if coarse.dm_raw() == dm.dm_raw() {
        return Err(Error::invalid(
            "DmBase::set_coarse_dm",
            "a DM cannot be its own coarse DM",
        ));
    }
    // SAFETY: two live DMs; PETSc takes a reference to `coarse`.
    check(unsafe { sys::DMSetCoarseDM(dm.dm_raw(), coarse.dm_raw()) })
}

pub(super) fn create_interpolation<D: DmBase>(dm: &D, fine: &D) -> Result<(Mat, Option<Vector>)> {
    let (mut m, mut v): (sys::Mat, sys::Vec) = (std::ptr::null_mut(), std::ptr::null_mut());
    check_two(dm, fine, "DmBase::create_interpolation")?;
    // SAFETY: two live DMs; PETSc writes the matrix and scaling vector.
    check(unsafe { sys::DMCreateInterpolation(dm.dm_raw(), fine.dm_raw(), &mut m, &mut v) })?;
    let mat = Mat::from_raw(dm.petsc(), m);
    Ok((mat, (!v.is_null()).then(|| Vector::from_raw(dm.petsc(), v))))
}

pub(super) fn create_injection<D: DmBase>(dm: &D, fine: &D) -> Result<Mat> {
    check_two(dm, fine, "DmBase::create_injection")?;
    let mut m: sys::Mat = std::ptr::null_mut();
    // SAFETY: two live DMs; PETSc writes the matrix.
    check(unsafe { sys::DMCreateInjection(dm.dm_raw(), fine.dm_raw(), &mut m) })?;
    Ok(Mat::from_raw(dm.petsc(), m))
}

pub(super) fn create_restriction<D: DmBase>(dm: &D, fine: &D) -> Result<Mat> {
    const CTX: &str = "DmBase::create_restriction";
    check_two(dm, fine, CTX)?;
    let mut has = sys::PETSC_BOOL_FALSE;
    // SAFETY: live DM.
    check(unsafe { sys::DMHasCreateRestriction(dm.dm_raw(), &mut has) })?;
    if has != sys::PETSC_BOOL_TRUE {
        let ty = dm.type_name()?;
        return Err(Error::invalid(
            CTX,
            format!("DM type '{ty}' has no restriction (DMCreateRestriction)"),
        ));
    }
    let mut m: sys::Mat = std::ptr::null_mut();
    // SAFETY: two live DMs; PETSc writes the matrix.
    check(unsafe { sys::DMCreateRestriction(dm.dm_raw(), fine.dm_raw(), &mut m) })?;
    Ok(Mat::from_raw(dm.petsc(), m))
}

pub(super) fn create_mass_matrix<D: DmBase>(dm: &D, other: &D) -> Result<Mat> {
    let (ca, cb) = (dm.comm(), other.comm());
    if !ca.congruent(&cb) {
        return Err(Error::invalid(
            "DmBase::create_mass_matrix",
            "the two DMs live on different communicators",
        ));
    }
    let mut m: sys::Mat = std::ptr::null_mut();
    // SAFETY: two live DMs; PETSc writes the matrix.
    check(unsafe { sys::DMCreateMassMatrix(dm.dm_raw(), other.dm_raw(), &mut m) })?;
    Ok(Mat::from_raw(dm.petsc(), m))
}

/// The closure run when a DM is coarsened: the fine DM and the new coarse one.
pub(crate) type CoarsenHookFn = dyn FnMut(&Dm, &mut Dm) -> Result<()>;

/// The closure run when a problem is restricted from a DM to a coarser one
/// (`DMRestrict`): the fine DM, the restriction, its scaling and the injection (each as
/// the caller gives it, `None` for what it has not), the coarse DM.
pub(crate) type RestrictHookFn =
    dyn FnMut(&Dm, Option<&Mat>, Option<&Vector>, Option<&Mat>, &Dm) -> Result<()>;

/// The two closures of one coarsen hook, kept on the DM under a key of its own.
struct CoarsenHook {
    coarsen: Box<CoarsenHookFn>,
    restrict: Box<RestrictHookFn>,
}

/// `DMCoarsenHookAdd` coarsen trampoline.
unsafe extern "C" fn coarsen_hook(
    fine: sys::DM,
    coarse: sys::DM,
    ctx: *mut c_void,
) -> sys::PetscErrorCode {
    run::<CoarsenHook>(ctx, CallbackKind::DmCoarsenHook, |petsc, h| {
        // SAFETY: PETSc passes two live DMs for the call.
        let (f, mut c) = unsafe {
            (
                Dm::from_raw_scoped(petsc, fine)?,
                Dm::from_raw_scoped(petsc, coarse)?,
            )
        };
        (h.coarsen)(&f, &mut c)
    })
}

/// `DMCoarsenHookAdd` restrict trampoline.
unsafe extern "C" fn restrict_hook(
    fine: sys::DM,
    restriction: sys::Mat,
    scaling: sys::Vec,
    injection: sys::Mat,
    coarse: sys::DM,
    ctx: *mut c_void,
) -> sys::PetscErrorCode {
    run::<CoarsenHook>(ctx, CallbackKind::DmCoarsenHook, |petsc, h| {
        // SAFETY: PETSc passes two live DMs, and live operators or nulls, for the call.
        let (f, c) = unsafe {
            (
                Dm::from_raw_scoped(petsc, fine)?,
                Dm::from_raw_scoped(petsc, coarse)?,
            )
        };
        let mat = |m: sys::Mat| -> Result<Option<Mat>> {
            // SAFETY: as above.
            (!m.is_null())
                .then(|| unsafe { Mat::from_raw_scoped(petsc, m) })
                .transpose()
        };
        let (r, i) = (mat(restriction)?, mat(injection)?);
        // SAFETY: as above.
        let s = (!scaling.is_null())
            .then(|| unsafe { Vector::from_raw_scoped(petsc, scaling) })
            .transpose()?;
        (h.restrict)(&f, r.as_ref(), s.as_ref(), i.as_ref(), &c)
    })
}

pub(super) fn add_coarsen_hook<D: DmBase>(
    dm: &mut D,
    coarsen: Box<CoarsenHookFn>,
    restrict: Box<RestrictHookFn>,
) -> Result<()> {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let key = format!(
        "petsc-rs:DmCoarsenHook:{}",
        NEXT.fetch_add(1, Ordering::Relaxed)
    );
    let key = std::ffi::CString::new(key).expect("no NUL in the key");
    let hook = Box::new(CoarsenHook { coarsen, restrict });
    let obj = dm.dm_raw() as sys::PetscObject;
    // SAFETY: live DM; the closures live as long as it does (or until PETSc's hook list,
    // freed with the DM, no longer calls them).
    let ctx = unsafe { attach_keyed(dm.petsc(), obj, CallbackKind::DmCoarsenHook, &key, hook) }?;
    // SAFETY: live DM; each trampoline gets the context of the closures the DM keeps.
    check(unsafe {
        sys::DMCoarsenHookAdd(dm.dm_raw(), Some(coarsen_hook), Some(restrict_hook), ctx)
    })
}
