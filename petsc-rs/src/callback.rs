//! Closures stored in C objects' contexts: [`Slot`] keeps a closure alive while it runs
//! and refuses a re-entrant call, so no safe sequence of calls can drop a running
//! closure (a monitor that cancels the monitors of its own solver through another
//! handle) or hand out two `&mut` to one (a shell PC applied again from inside its own
//! apply).

use std::cell::RefCell;
use std::rc::Rc;

use crate::error::{Error, Result};

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

/// The context of a closure that PETSc keeps with a DM (`DMSNES`, `DMTS`), as C keeps
/// the context given to `DMSNESSetFunction` or `DMTSSetIFunction`: every solver on that
/// DM, and on the DMs PETSc derives from it (FAS levels, NASM subdomains), calls the
/// trampoline with this context. PETSc stores it in a `PetscContainer` that the DM's
/// SNES/TS context and each of its copies reference, and [`drop_context`] (set with
/// `DMSNESSetFunctionContextDestroy` and friends) frees it when the last copy goes.
///
/// `kind` comes first (`repr(C)`), so a trampoline handed a context of another closure
/// type (its function pointer replaced without its context) gets an `Err`, not a wrong
/// cast.
#[repr(C)]
pub(crate) struct DmContext<F: ?Sized + 'static> {
    kind: std::any::TypeId,
    petsc: crate::init::Petsc,
    f: Slot<F>,
}

impl<F: ?Sized + 'static> DmContext<F> {
    /// A new context for `f`, as the raw pointer to hand to PETSc (freed by
    /// [`drop_context::<F>`]).
    pub(crate) fn into_raw(petsc: &crate::init::Petsc, f: Box<F>) -> *mut std::ffi::c_void {
        Box::into_raw(Box::new(DmContext {
            kind: std::any::TypeId::of::<F>(),
            petsc: petsc.clone(),
            f: Slot::new(f),
        }))
        .cast()
    }

    /// Runs `body` with the runtime and the closure of the context `ctx`; a missing
    /// context, one of another closure type, or a re-entrant call is an `Err` naming
    /// `name`. The closure stays alive until `body` returns even if PETSc frees the
    /// context meanwhile.
    ///
    /// # Safety
    /// `ctx` must be null or a context made by [`into_raw`](Self::into_raw) (for any
    /// closure type) that is live when the call starts.
    pub(crate) unsafe fn call<R>(
        ctx: *mut std::ffi::c_void,
        name: &str,
        body: impl FnOnce(&crate::init::Petsc, &mut F) -> Result<R>,
    ) -> Result<R> {
        if ctx.is_null() {
            return Err(Error::invalid(
                name,
                "no Rust closure is attached to this DM (its context is null)",
            ));
        }
        // SAFETY: every context made by `into_raw` starts with its `TypeId` (`repr(C)`).
        let kind = unsafe { *(ctx as *const std::any::TypeId) };
        if kind != std::any::TypeId::of::<F>() {
            return Err(Error::invalid(
                name,
                "the DM's context belongs to another kind of closure",
            ));
        }
        // SAFETY: a live `DmContext<F>` (checked above); the references end with this
        // statement, and the clones keep runtime and closure alive for the call.
        let (petsc, slot) = unsafe {
            let c = &*(ctx as *const DmContext<F>);
            (c.petsc.clone(), c.f.share())
        };
        slot.invoke(name, |f| body(&petsc, f))
    }
}

/// Frees a [`DmContext`] (the context-destroy hook of `DMSNESSetFunctionContextDestroy`
/// and friends, which PETSc calls once, when the last DM context sharing it goes).
#[cfg(not(petsc_3_23))]
pub(crate) unsafe extern "C" fn drop_context<F: ?Sized + 'static>(
    ctx: *mut std::ffi::c_void,
) -> petsc_sys::PetscErrorCode {
    // SAFETY: PETSc passes the context given with this hook.
    unsafe { free_context::<F>(ctx) }
}

/// Frees a [`DmContext`] (the context-destroy hook of `DMSNESSetFunctionContextDestroy`
/// and friends, which PETSc calls once, when the last DM context sharing it goes).
#[cfg(petsc_3_23)]
pub(crate) unsafe extern "C" fn drop_context<F: ?Sized + 'static>(
    ctx: petsc_sys::CtxRt,
) -> petsc_sys::PetscErrorCode {
    let ctx = ctx as *mut *mut std::ffi::c_void;
    // SAFETY: PETSc passes the address of the context pointer it stored.
    let p = unsafe { std::mem::replace(&mut *ctx, std::ptr::null_mut()) };
    // SAFETY: `p` is the context given with this hook.
    unsafe { free_context::<F>(p) }
}

/// # Safety
/// `p` must be null or a context made by [`DmContext::<F>::into_raw`], not used again.
unsafe fn free_context<F: ?Sized + 'static>(p: *mut std::ffi::c_void) -> petsc_sys::PetscErrorCode {
    if p.is_null() {
        return 0;
    }
    // SAFETY: forwarded to the caller.
    let b = unsafe { Box::from_raw(p as *mut DmContext<F>) };
    crate::error::run_callback("closure destroy", move || {
        drop(b);
        Ok(())
    })
}
