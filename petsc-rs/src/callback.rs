//! Closures stored in C objects' contexts: [`Slot`] keeps a closure alive while it runs
//! and refuses a re-entrant call, so no safe sequence of calls can drop a running
//! closure (a monitor that cancels the monitors of its own solver through another
//! handle) or hand out two `&mut` to one (a shell PC applied again from inside its own
//! apply).

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::ffi::{c_void, CStr};
use std::rc::{Rc, Weak};

use petsc_sys as sys;

use crate::error::{check, record_destroy, run_callback, Error, Result};
use crate::init::Petsc;

/// A closure owned by a C object's context (for petsc-rs's and slepc-rs's trampolines).
///
/// The context holds one `Slot`; a trampoline calls it through [`Slot::call`] with the
/// raw context pointer, which first takes a second strong count, so a destroy hook that
/// runs during the call (and drops the context) leaves the closure alive until the call
/// returns.
pub struct Slot<F: ?Sized>(Rc<RefCell<Box<F>>>);

impl<F: ?Sized> std::fmt::Debug for Slot<F> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Slot")
            .field("running", &self.0.try_borrow_mut().is_err())
            .finish()
    }
}

impl<F: ?Sized> Slot<F> {
    /// A slot holding `f`.
    pub fn new(f: Box<F>) -> Slot<F> {
        Slot(Rc::new(RefCell::new(f)))
    }

    /// Runs `body` with the closure; a call made while the closure already runs is
    /// refused with an `Err` naming `name`.
    ///
    /// # Safety
    /// `this` must point to a live `Slot` (the context PETSc passed); it may be freed
    /// while `body` runs.
    pub unsafe fn call<R>(
        this: *const Slot<F>,
        name: &str,
        body: impl FnOnce(&mut F) -> Result<R>,
    ) -> Result<R> {
        // SAFETY: the caller guarantees a live slot; the reference ends with this line.
        let keep = unsafe { &*this }.share();
        keep.invoke(name, body)
    }

    /// Another owner of the same closure (kept by a trampoline for the length of a call).
    pub fn share(&self) -> Slot<F> {
        Slot(Rc::clone(&self.0))
    }

    /// Runs `body` with the closure; a call made while the closure already runs is
    /// refused with an `Err` naming `name`.
    pub fn invoke<R>(&self, name: &str, body: impl FnOnce(&mut F) -> Result<R>) -> Result<R> {
        let mut f = self.0.try_borrow_mut().map_err(|_| {
            Error::invalid(
                name,
                "called again while it runs (re-entered from inside itself, for example \
                 through another handle to the same object)",
            )
        })?;
        body(&mut f)
    }
}

/// Container destroy hook: frees the `Box<T>` made by [`compose`].
unsafe extern "C" fn drop_boxed<T>(p: *mut c_void) -> sys::PetscErrorCode {
    if p.is_null() {
        return 0;
    }
    // SAFETY: `p` came from `Box::into_raw(Box<T>)` in `compose`; PETSc calls the hook
    // once, when the container's last reference goes.
    let b = unsafe { Box::from_raw(p as *mut T) };
    run_callback("closure destroy", move || {
        drop(b);
        Ok(())
    })
}

/// Composes `value` on `obj` under `key` in a `PetscContainer` that drops it when the
/// object (or a later compose under the same key) releases the container.
///
/// # Safety
/// `obj` must be a live PETSc object.
pub(crate) unsafe fn compose<T: 'static>(
    obj: sys::PetscObject,
    key: &CStr,
    value: T,
) -> Result<()> {
    let mut c: sys::PetscContainer = std::ptr::null_mut();
    // SAFETY: PETSC_COMM_SELF is valid after initialization; PETSc writes the container.
    check(unsafe { sys::PetscContainerCreate(sys::petscrs_comm_self(), &mut c) })?;
    let p = Box::into_raw(Box::new(value));
    // SAFETY: live container; from here on it stores `p`.
    let mut r = check(unsafe { sys::PetscContainerSetPointer(c, p as *mut c_void) });
    if r.is_ok() {
        // SAFETY: live container; the hook matches the pointer's type.
        r = check(unsafe { sys::PetscContainerSetUserDestroy(c, Some(drop_boxed::<T>)) });
    }
    if let Err(e) = r {
        // SAFETY: the hook is not set, so the container does not own `p`.
        drop(unsafe { Box::from_raw(p) });
        // SAFETY: our reference to the container.
        record_destroy(unsafe { sys::PetscContainerDestroy(&mut c) });
        return Err(e);
    }
    // SAFETY: live object and container; the object takes its own reference (and
    // releases the container it held under `key`, dropping that closure).
    let r = check(unsafe { sys::PetscObjectCompose(obj, key.as_ptr(), c as sys::PetscObject) });
    // SAFETY: our reference; if compose failed this frees the container and `p`.
    record_destroy(unsafe { sys::PetscContainerDestroy(&mut c) });
    r
}

/// The DM-level closures: where each is kept on the DM (one key per slot of PETSc's
/// `DMSNES`/`DMTS`, so a new closure for a slot replaces the old one, as the slot is
/// replaced in C).
pub(crate) mod keys {
    use std::ffi::CStr;
    /// `DMSNESSetFunction` ([`Snes::set_function`](crate::Snes::set_function), the
    /// local residual).
    pub(crate) const SNES_FUNCTION: &CStr = c"petsc-rs:dm-snes-function";
    /// `DMSNESSetJacobian`.
    pub(crate) const SNES_JACOBIAN: &CStr = c"petsc-rs:dm-snes-jacobian";
    /// `DMTSSetRHSFunction`.
    pub(crate) const TS_RHS_FUNCTION: &CStr = c"petsc-rs:dm-ts-rhs-function";
    /// `DMTSSetRHSJacobian`.
    pub(crate) const TS_RHS_JACOBIAN: &CStr = c"petsc-rs:dm-ts-rhs-jacobian";
    /// `DMTSSetIFunction`.
    pub(crate) const TS_IFUNCTION: &CStr = c"petsc-rs:dm-ts-ifunction";
    /// `DMTSSetIJacobian`.
    pub(crate) const TS_IJACOBIAN: &CStr = c"petsc-rs:dm-ts-ijacobian";
    /// Every key, for the hooks that pass the closures on to derived DMs.
    pub(crate) const ALL: [&CStr; 6] = [
        SNES_FUNCTION,
        SNES_JACOBIAN,
        TS_RHS_FUNCTION,
        TS_RHS_JACOBIAN,
        TS_IFUNCTION,
        TS_IJACOBIAN,
    ];
}

/// A closure kept with a DM (for `DMSNES` and `DMTS` routines), with the runtime its
/// temporary handles need. Owned (`Rc`) by containers composed on the DM it was set on
/// and on every DM PETSc derives from that one; found by the trampolines through its
/// number, which is the context PETSc passes them.
struct DmClosure<F: ?Sized + 'static> {
    id: usize,
    petsc: Petsc,
    f: Slot<F>,
}

impl<F: ?Sized + 'static> Drop for DmClosure<F> {
    fn drop(&mut self) {
        // At thread exit the table may be gone already; then there is nothing to remove.
        let _ = LIVE.try_with(|t| {
            if let Ok(mut t) = t.try_borrow_mut() {
                t.remove(&self.id);
            }
        });
    }
}

thread_local! {
    /// The live DM closures by number (weak: the DMs own them).
    static LIVE: RefCell<HashMap<usize, Weak<dyn Any>>> = RefCell::new(HashMap::new());
    /// The next closure number (never 0, never reused).
    static NEXT: Cell<usize> = const { Cell::new(1) };
}

/// Stores `f` with `dm` under `key` (replacing the closure there) and returns the
/// context to hand to PETSc with the trampoline for `F`.
///
/// The context is a number, never a pointer: PETSc copies contexts freely (to coarse
/// levels, subdomains, a nonlinear preconditioner's `SNESSetFunction`), and a copy
/// that outlives every DM owning the closure then finds no closure (an `Err` naming the
/// callback) instead of freed memory. The closure is owned by `dm`, and, through the
/// coarsen, refine and subdomain hooks added here, by every DM PETSc derives from it.
///
/// # Safety
/// `dm` must be a live DM.
pub(crate) unsafe fn store_on_dm<F: ?Sized + 'static>(
    petsc: &Petsc,
    dm: sys::DM,
    key: &CStr,
    f: Box<F>,
) -> Result<*mut c_void> {
    let id = NEXT.with(|n| {
        let id = n.get();
        n.set(id + 1);
        id
    });
    let closure: Rc<dyn Any> = Rc::new(DmClosure {
        id,
        petsc: petsc.clone(),
        f: Slot::new(f),
    });
    LIVE.with(|t| t.borrow_mut().insert(id, Rc::downgrade(&closure)));
    // SAFETY: live DM; the container owns the closure from here on.
    unsafe { compose(dm as sys::PetscObject, key, closure) }?;
    // SAFETY: live DM.
    unsafe { add_hooks(dm) }?;
    Ok(id as *mut c_void)
}

/// Runs `body` with the runtime and the closure whose context PETSc passed; a context
/// that names no live closure of type `F`, or a re-entrant call, is an `Err` naming
/// `name`. The closure stays alive until `body` returns even if its DMs are destroyed
/// meanwhile.
pub(crate) fn call_on_dm<F: ?Sized + 'static, R>(
    ctx: *mut c_void,
    name: &str,
    body: impl FnOnce(&Petsc, &mut F) -> Result<R>,
) -> Result<R> {
    let found = LIVE.with(|t| t.borrow().get(&(ctx as usize)).and_then(Weak::upgrade));
    let Some(any) = found else {
        return Err(Error::invalid(
            name,
            "no Rust closure is attached to this solver's DM (it was dropped with the \
             DMs that held it); set it again",
        ));
    };
    let Some(c) = any.downcast_ref::<DmClosure<F>>() else {
        return Err(Error::invalid(
            name,
            "the DM's context belongs to another kind of closure",
        ));
    };
    let (petsc, slot) = (c.petsc.clone(), c.f.share());
    slot.invoke(name, |f| body(&petsc, f))
}

/// Composes on `to` the closures `from` holds under each key `to` has none for, and adds
/// the hooks to `to`, so that DMs derived from it keep them too.
///
/// # Safety
/// `from` and `to` must be live DMs.
pub(crate) unsafe fn share_closures(from: sys::DM, to: sys::DM) -> Result<()> {
    for key in keys::ALL {
        let mut c: sys::PetscObject = std::ptr::null_mut();
        // SAFETY: live DM; PETSc writes a borrowed pointer or null.
        check(unsafe { sys::PetscObjectQuery(from as sys::PetscObject, key.as_ptr(), &mut c) })?;
        if c.is_null() {
            continue;
        }
        let mut mine: sys::PetscObject = std::ptr::null_mut();
        // SAFETY: as above.
        check(unsafe { sys::PetscObjectQuery(to as sys::PetscObject, key.as_ptr(), &mut mine) })?;
        if mine.is_null() {
            // SAFETY: live DM and container; `to` takes its own reference to the same
            // container, so the closure lives while either DM does.
            check(unsafe { sys::PetscObjectCompose(to as sys::PetscObject, key.as_ptr(), c) })?;
        }
    }
    // SAFETY: live DM.
    unsafe { add_hooks(to) }
}

/// `DMCoarsenHookAdd` hook: the coarse DM shares the fine DM's closures (PETSc copies
/// the fine DM's SNES/TS context to it).
unsafe extern "C" fn coarsen_hook(
    fine: sys::DM,
    coarse: sys::DM,
    _: *mut c_void,
) -> sys::PetscErrorCode {
    // SAFETY: PETSc passes two live DMs.
    run_callback("DM coarsen hook (Rust closures)", || unsafe {
        share_closures(fine, coarse)
    })
}

/// `DMRefineHookAdd` hook: the fine DM shares the coarse DM's closures.
unsafe extern "C" fn refine_hook(
    coarse: sys::DM,
    fine: sys::DM,
    _: *mut c_void,
) -> sys::PetscErrorCode {
    // SAFETY: PETSc passes two live DMs.
    run_callback("DM refine hook (Rust closures)", || unsafe {
        share_closures(coarse, fine)
    })
}

/// `DMSubDomainHookAdd` hook: each subdomain DM shares the global DM's closures.
unsafe extern "C" fn subdomain_hook(
    global: sys::DM,
    sub: sys::DM,
    _: *mut c_void,
) -> sys::PetscErrorCode {
    // SAFETY: PETSc passes two live DMs.
    run_callback("DM subdomain hook (Rust closures)", || unsafe {
        share_closures(global, sub)
    })
}

/// Restriction hooks that do nothing (the closures need no data moved between grids).
unsafe extern "C" fn no_restrict(
    _: sys::DM,
    _: sys::Mat,
    _: sys::Vec,
    _: sys::Mat,
    _: sys::DM,
    _: *mut c_void,
) -> sys::PetscErrorCode {
    0
}

/// See [`no_restrict`].
unsafe extern "C" fn no_interpolate(
    _: sys::DM,
    _: sys::Mat,
    _: sys::DM,
    _: *mut c_void,
) -> sys::PetscErrorCode {
    0
}

/// See [`no_restrict`].
unsafe extern "C" fn no_subdomain_restrict(
    _: sys::DM,
    _: sys::VecScatter,
    _: sys::VecScatter,
    _: sys::DM,
    _: *mut c_void,
) -> sys::PetscErrorCode {
    0
}

/// Adds the hooks that pass the closures on to coarsened, refined and subdomain DMs
/// (PETSc adds each hook once per DM).
///
/// # Safety
/// `dm` must be a live DM.
unsafe fn add_hooks(dm: sys::DM) -> Result<()> {
    let null = std::ptr::null_mut();
    // SAFETY: live DM; the hooks take no context.
    check(unsafe { sys::DMCoarsenHookAdd(dm, Some(coarsen_hook), Some(no_restrict), null) })?;
    // SAFETY: as above.
    check(unsafe { sys::DMRefineHookAdd(dm, Some(refine_hook), Some(no_interpolate), null) })?;
    // SAFETY: as above.
    check(unsafe {
        sys::DMSubDomainHookAdd(dm, Some(subdomain_hook), Some(no_subdomain_restrict), null)
    })
}
