//! The one place Rust closures given to PETSc live.
//!
//! Every closure (a residual, a Jacobian, a monitor, a shell operator, a Tao objective,
//! SLEPc's monitors) is kept the same way:
//!
//! - [`register`] files it in this thread's table under a new number, with its
//!   [`CallbackKind`] and the runtime its temporary handles need, behind a [`Slot`] that
//!   refuses a re-entrant call;
//! - the number is the context PETSc holds. Exactly one C-side owner holds it: a
//!   `PetscContainer` composed on the object under the kind's key ([`attach`]), or the
//!   context slot of a routine that has a destroy hook (monitors, shell matrices). When
//!   PETSc lets go of it, the one generic destroy hook, [`release`] (or [`release_at`]
//!   for hooks given the context's address), removes the closure from the table;
//! - a trampoline finds the closure through the number ([`run`] and [`call`]) and keeps
//!   its own share for the length of the call, so a closure dropped while it runs (a
//!   monitor that cancels its solver's monitors) is freed when it returns.
//!
//! The context is a number, never a pointer, because PETSc copies contexts freely (to
//! coarse levels and subdomains, a duplicated shell matrix, a nonlinear
//! preconditioner): a copy that outlives the closure finds no closure, which is an `Err`
//! naming the callback, instead of freed memory.
//!
//! A new kind of callback is a variant of [`CallbackKind`] (in a crate built on
//! petsc-rs, such as slepc-rs, a constant made by [`CallbackKind::custom`]), a trampoline
//! calling [`run`], and a setter calling [`attach`] (or [`register`] and the routine's own
//! destroy slot).
//!
//! Closures kept for the program's life (the constructors of types written in Rust,
//! registered by name as PETSc registers its own) are in a second table here,
//! [`keep_for_program`], which holds no runtime handle.
//!
//! The kinds are declared in `kind.rs`; this file holds the storage, the runs and the
//! hooks that compose closures on objects.

use std::any::{Any, TypeId};
use std::cell::{Cell, RefCell};
use std::ffi::{CStr, c_void};
use std::hash::BuildHasherDefault;
use std::mem::ManuallyDrop;
use std::rc::Rc;

use petsc_sys as sys;

use crate::addr_map::AddrMap;
use crate::error::{
    Error, Failed, Result, catch_body, catch_body_unlent, check, record_destroy, run_callback,
};
use crate::init::Petsc;

mod kind;

pub use kind::{CallbackKind, CustomKind};

/// A closure owned by its registration: [`Slot::invoke`] runs it and refuses a call made
/// while it already runs; [`Slot::share`] is another owner, which a trampoline keeps for
/// the length of a call.
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

    /// Another owner of the same closure (kept by a trampoline for the length of a call).
    pub fn share(&self) -> Slot<F> {
        Slot(Rc::clone(&self.0))
    }

    /// Runs `body` with the closure; a call made while the closure already runs is
    /// refused with an `Err` naming `name`.
    pub fn invoke<R>(&self, name: &str, body: impl FnOnce(&mut F) -> Result<R>) -> Result<R> {
        let Ok(mut f) = self.0.try_borrow_mut() else {
            return Err(reentered(name));
        };
        body(&mut f)
    }
}

/// A registered closure: its kind, the runtime its temporary handles need, the closure.
struct Entry<F: ?Sized> {
    kind: CallbackKind,
    petsc: Petsc,
    f: Slot<F>,
}

/// A registered closure's kind and the object it was composed on, described (`FILED`).
type Filed = (CallbackKind, Option<String>);

/// A registered closure as `CLOSURES` keeps it: the type id of its `Entry<F>` beside the
/// entry, so that a call checks the type without asking the entry through its vtable.
type Stored = (TypeId, Rc<dyn Any>);

thread_local! {
    /// The registered closures by number (handles are `!Send`: one thread uses PETSc).
    /// Never dropped: closures still registered when the thread ends belong to objects
    /// that were leaked, and stay leaked with them (dropping them in the thread's exit
    /// would destroy PETSc objects, and maybe finalize PETSc, in the middle of the
    /// thread-local teardown).
    static CLOSURES: ManuallyDrop<RefCell<AddrMap<Stored>>> = const {
        ManuallyDrop::new(RefCell::new(AddrMap::with_hasher(BuildHasherDefault::new())))
    };
    /// The next number (never 0, never reused).
    static NEXT: Cell<usize> = const { Cell::new(1) };
    /// What each registered closure is, by number: its kind and, for one composed on an
    /// object, that object as it was described when the closure was given to it (the
    /// object may since be gone, its closure kept by the DMs derived from it), for
    /// naming the closures still alive when leaked handles are finalized at exit. Never
    /// dropped, as `CLOSURES`.
    static FILED: ManuallyDrop<RefCell<AddrMap<Filed>>> =
        ManuallyDrop::new(RefCell::new(AddrMap::default()));
}

/// What is kept for the program's life, by a class's name and a name (`keep_for_program`).
type ProgramTable = std::collections::HashMap<(&'static str, String), Rc<dyn Any>>;

thread_local! {
    /// Closures kept for the program's life, by class and name: the constructors of the
    /// types written in Rust, registered under names PETSc keeps until the program ends.
    /// They hold no runtime handle (PETSc must still finalize when the program's last
    /// handle goes). Never dropped, as `CLOSURES`: a constructor's captures may own
    /// PETSc objects, which must not be destroyed in the thread's teardown.
    static PROGRAM: ManuallyDrop<RefCell<ProgramTable>> =
        ManuallyDrop::new(RefCell::new(ProgramTable::new()));
}

/// Keeps `value` for the program's life under `class` and `name`, replacing what was
/// kept there.
pub(crate) fn keep_for_program(class: &'static str, name: &str, value: Rc<dyn Any>) {
    crate::init::set_closure_list(describe_registered);
    PROGRAM.with(|t| t.borrow_mut().insert((class, name.to_string()), value));
}

/// What [`keep_for_program`] keeps under `class` and `name`, if anything.
pub(crate) fn kept_for_program(class: &'static str, name: &str) -> Option<Rc<dyn Any>> {
    PROGRAM.with(|t| t.borrow().get(&(class, name.to_string())).cloned())
}

/// A registered closure not yet handed to its C-side owner: released on drop, so a
/// setter that fails half-way leaves nothing behind.
#[derive(Debug)]
#[must_use = "the closure is released when the registration is dropped"]
pub struct Registration(usize);

impl Registration {
    /// The context to give PETSc with the trampoline (the closure's number).
    pub fn context(&self) -> *mut c_void {
        self.0 as *mut c_void
    }

    /// Hands the closure to the C-side owner that will call [`release`] or
    /// [`release_at`] with the returned context.
    pub fn into_context(self) -> *mut c_void {
        let ctx = self.context();
        std::mem::forget(self);
        ctx
    }
}

impl Drop for Registration {
    fn drop(&mut self) {
        release_number(self.0);
    }
}

/// Files `f` as a closure of kind `kind`; see the module documentation.
pub fn register<F: ?Sized + 'static>(petsc: &Petsc, kind: CallbackKind, f: Box<F>) -> Registration {
    let id = NEXT.with(|n| {
        let id = n.get();
        n.set(id + 1);
        id
    });
    let entry: Rc<dyn Any> = Rc::new(Entry {
        kind,
        petsc: petsc.clone(),
        f: Slot::new(f),
    });
    CLOSURES.with(|t| t.borrow_mut().insert(id, (TypeId::of::<Entry<F>>(), entry)));
    FILED.with(|t| t.borrow_mut().insert(id, (kind, None)));
    crate::init::set_closure_list(describe_registered);
    Registration(id)
}

/// Registers `f` and hands its context to `set`, a PETSc call that stores it with a
/// destroy hook ([`release_at`] or [`release`]), such as `KSPMonitorSet(ksp, trampoline,
/// ctx, release_at)`; if `set` fails, PETSc did not keep the context and the closure is
/// released here.
pub fn hand_over<F: ?Sized + 'static>(
    petsc: &Petsc,
    kind: CallbackKind,
    f: Box<F>,
    set: impl FnOnce(*mut c_void) -> sys::PetscErrorCode,
) -> Result<()> {
    let reg = register(petsc, kind, f);
    check(set(reg.context()))?;
    reg.into_context();
    Ok(())
}

/// The closures registered on this thread, oldest first, each named by its kind and
/// the object it was composed on (`TS RHS function, kept by DM "grid" (da)`): at exit,
/// those of leaked objects.
pub(crate) fn describe_registered() -> Vec<String> {
    let mut filed: Vec<(usize, String)> = FILED
        .try_with(|t| {
            t.try_borrow()
                .map(|t| {
                    t.iter()
                        .map(|(id, (kind, owner))| match owner {
                            Some(o) => (*id, format!("{kind}, kept by {o}")),
                            None => (*id, format!("{kind}")),
                        })
                        .collect()
                })
                .unwrap_or_default()
        })
        .unwrap_or_default();
    filed.sort_unstable_by_key(|f| f.0);
    let mut out: Vec<String> = filed.into_iter().map(|(_, d)| d).collect();
    // The constructors of the types written in Rust are kept for the program: a handle
    // one captures (a `Petsc`, a `Comm`, an object) is never dropped before exit.
    let mut kept: Vec<String> = PROGRAM
        .try_with(|t| {
            t.try_borrow()
                .map(|t| {
                    t.keys()
                        .map(|(class, name)| {
                            format!(
                                "the constructor of the {class} type {name:?} written in Rust, kept \
                                 for the program (a handle it captures is never dropped: \
                                 capture none, make what it needs inside it)"
                            )
                        })
                        .collect()
                })
                .unwrap_or_default()
        })
        .unwrap_or_default();
    kept.sort_unstable();
    out.extend(kept);
    out
}

/// An object as the exit note names it: class, the name it was given (if any) and
/// type, `DM "grid" (da)`; `?` for what PETSc cannot tell.
///
/// # Safety
/// `obj` must be a live PETSc object.
unsafe fn describe_object(obj: sys::PetscObject) -> String {
    type Getter = unsafe extern "C" fn(
        sys::PetscObject,
        *mut *const std::os::raw::c_char,
    ) -> sys::PetscErrorCode;
    let get = |f: Getter| {
        let mut p = std::ptr::null();
        // SAFETY: live object (caller); PETSc writes a string it owns, or null.
        match check(unsafe { f(obj, &mut p) }) {
            Ok(()) if p.is_null() => None,
            // SAFETY: a NUL-terminated string PETSc owns, alive during this call.
            Ok(()) => Some(unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned()),
            Err(_) => Some("?".to_string()),
        }
    };
    let class = get(sys::PetscObjectGetClassName).unwrap_or_default();
    let ty = get(sys::PetscObjectGetType).unwrap_or_default();
    match get(sys::petscrs_PetscObjectGetNameIfSet) {
        Some(name) => format!("{class} \"{name}\" ({ty})"),
        None => format!("{class} ({ty})"),
    }
}

/// How many closures are registered on this thread (each owned by a live PETSc object
/// or routine); for tests that check closures are freed with their objects.
pub fn registered_count() -> usize {
    CLOSURES.with(|t| t.borrow().len())
}

/// Removes closure `id` from the table; the closure is dropped after the table is
/// released (its captures may own objects whose destruction releases other closures).
fn release_number(id: usize) {
    let _ = FILED.try_with(|t| t.try_borrow_mut().map(|mut t| t.remove(&id)));
    let gone = CLOSURES
        .try_with(|t| t.try_borrow_mut().ok().and_then(|mut t| t.remove(&id)))
        .ok()
        .flatten();
    if let Some(entry) = gone {
        run_callback("closure destroy", move || {
            drop(entry);
            Ok(())
        });
    }
}

/// The one destroy hook: releases the closure whose number is `ctx` (containers of
/// [`attach`], `MatShellSetContextDestroy` before PETSc 3.23).
///
/// # Safety
/// Called by PETSc with a context made by [`Registration::into_context`], once.
pub unsafe extern "C" fn release(ctx: *mut c_void) -> sys::PetscErrorCode {
    release_number(ctx as usize);
    0
}

/// [`release`] for hooks given the address of the context (`PetscCtxDestroyFn`:
/// monitors' destroy hooks, and containers and shell matrices from PETSc 3.23).
///
/// # Safety
/// Called by PETSc with the address of a context made by
/// [`Registration::into_context`], once.
pub unsafe extern "C" fn release_at(ctx: sys::CtxRt) -> sys::PetscErrorCode {
    let p: *mut *mut c_void = ctx.cast();
    if p.is_null() {
        return 0;
    }
    // SAFETY: PETSc passes the address of the context it stored; clearing it leaves
    // nothing pointing at the released number.
    let id = unsafe { std::mem::replace(&mut *p, std::ptr::null_mut()) };
    release_number(id as usize);
    0
}

/// Runs the closure whose number is `ctx` with `body` (a trampoline's work), given the
/// runtime and the closure. A number naming no live closure of type `F` and a
/// re-entrant call are `Err`s naming `kind`. The closure stays alive until `body`
/// returns, even if its owner releases it meanwhile.
pub fn call<F: ?Sized + 'static, R>(
    ctx: *mut c_void,
    kind: CallbackKind,
    body: impl FnOnce(&Petsc, &mut F) -> Result<R>,
) -> Result<R> {
    let found = CLOSURES.with(|t| t.borrow().get(&(ctx as usize)).cloned());
    let Some((ty, any)) = found else {
        return Err(refused(kind, None));
    };
    if ty != TypeId::of::<Entry<F>>() {
        return Err(refused(kind, Some(None)));
    }
    // SAFETY: `ty` is the type id of the value `any` was made from (`register` files the
    // two together), an `Entry<F>`: this is `downcast_ref` with its check made above.
    let e = unsafe { &*Rc::as_ptr(&any).cast::<Entry<F>>() };
    if e.kind != kind {
        return Err(refused(kind, Some(Some(e.kind))));
    }
    // `any` owns the entry until the body returns, even if its owner releases it
    // meanwhile.
    let Ok(mut f) = e.f.0.try_borrow_mut() else {
        return Err(reentered(kind.name()));
    };
    body(&e.petsc, &mut f)
}

/// The refusal of a call of the closure of `kind` numbered by a context that names no
/// live closure (`found` is `None`), another kind's closure (`Some(Some(kind))`) or a
/// closure of another type (`Some(None)`).
#[cold]
#[inline(never)]
fn refused(kind: CallbackKind, found: Option<Option<CallbackKind>>) -> Error {
    let name = kind.name();
    match found {
        None => Error::invalid(
            name,
            "no Rust closure is attached here (it was dropped with the objects that held \
             it); set it again",
        ),
        Some(None) => Error::invalid(name, "the context belongs to another kind of closure"),
        Some(Some(other)) => Error::invalid(
            name,
            format!("the context belongs to a {} closure", other.name()),
        ),
    }
}

/// The refusal of a closure called while it runs.
#[cold]
#[inline(never)]
fn reentered(name: &str) -> Error {
    Error::invalid(
        name,
        "called again while it runs (re-entered from inside itself, for example \
         through another handle to the same object)",
    )
}

/// [`call`] inside [`run_callback`]: the error code a trampoline returns to PETSc (an
/// `Err` or a panic becomes [`Error::Callback`] or [`Error::CallbackPanic`] naming
/// `kind`).
#[inline]
pub fn run<F: ?Sized + 'static>(
    ctx: *mut c_void,
    kind: CallbackKind,
    body: impl FnOnce(&Petsc, &mut F) -> Result<()>,
) -> sys::PetscErrorCode {
    error_code(catch_body(|| call(ctx, kind, body)), kind)
}

/// What a trampoline returns to PETSc for a callback's outcome.
#[inline]
fn error_code(
    outcome: std::result::Result<(), Box<Failed>>,
    kind: CallbackKind,
) -> sys::PetscErrorCode {
    match outcome {
        Ok(()) => 0,
        Err(failed) => (*failed).raise(kind.name()),
    }
}

/// [`run`] for a trampoline that gives its closure no handle, only this process's
/// entries as slices or numbers: the callback adds no loan frame (nothing is lent to
/// it). A trampoline that makes a lent handle (`from_raw_scoped`) must use [`run`].
#[inline]
pub(crate) fn run_unlent<F: ?Sized + 'static>(
    ctx: *mut c_void,
    kind: CallbackKind,
    body: impl FnOnce(&Petsc, &mut F) -> Result<()>,
) -> sys::PetscErrorCode {
    error_code(catch_body_unlent(|| call(ctx, kind, body)), kind)
}

/// [`call`] inside [`catch_callback`](crate::error::catch_callback): [`run`]'s error as
/// a `Result`, not yet raised in PETSc, for a trampoline that decides what PETSc sees.
pub fn try_run<F: ?Sized + 'static>(
    ctx: *mut c_void,
    kind: CallbackKind,
    body: impl FnOnce(&Petsc, &mut F) -> Result<()>,
) -> Result<()> {
    catch_body(|| call(ctx, kind, body)).map_err(|failed| (*failed).named(kind.name()))
}

/// Composes `value`'s number on `obj` in a container whose destroy hook is [`release`].
///
/// # Safety
/// `obj` must be a live PETSc object.
unsafe fn compose_number(obj: sys::PetscObject, key: &CStr, value: Registration) -> Result<()> {
    let mut c: sys::PetscContainer = std::ptr::null_mut();
    // SAFETY: PETSC_COMM_SELF is valid after initialization; PETSc writes the container.
    check(unsafe { sys::PetscContainerCreate(sys::petscrs_comm_self(), &mut c) })?;
    // SAFETY: live container; it stores the number.
    let mut r = check(unsafe { sys::PetscContainerSetPointer(c, value.context()) });
    if r.is_ok() {
        // SAFETY: live container; from here on it owns the registration.
        #[cfg(not(petsc_3_23))]
        let set = unsafe { sys::PetscContainerSetUserDestroy(c, Some(release)) };
        // SAFETY: as above.
        #[cfg(petsc_3_23)]
        let set = unsafe { sys::PetscContainerSetCtxDestroy(c, Some(release_at)) };
        r = check(set);
    }
    if let Err(e) = r {
        // SAFETY: our reference; the hook is not set, so `value` (dropped on return)
        // still owns the closure.
        record_destroy(unsafe { sys::PetscContainerDestroy(&mut c) });
        return Err(e);
    }
    // The container owns the closure from here on.
    let id = value.into_context() as usize;
    // SAFETY: live object (caller).
    let owner = unsafe { describe_object(obj) };
    FILED.with(|t| {
        if let Some(filed) = t.borrow_mut().get_mut(&id) {
            filed.1 = Some(owner);
        }
    });
    // SAFETY: live object and container; the object takes its own reference (and
    // releases the container it held under `key`, releasing that closure).
    let r = check(unsafe { sys::PetscObjectCompose(obj, key.as_ptr(), c as sys::PetscObject) });
    // SAFETY: our reference; if compose failed this frees the container and the closure.
    record_destroy(unsafe { sys::PetscContainerDestroy(&mut c) });
    r
}

/// Registers `f` and composes it on `obj` under `kind`'s key, replacing the closure of
/// that kind there (as C replaces the routine); returns the context to give PETSc with
/// the trampoline. The closure lives as long as `obj` (or a later closure of the same
/// kind replaces it).
///
/// # Safety
/// `obj` must be a live PETSc object.
pub unsafe fn attach<F: ?Sized + 'static>(
    petsc: &Petsc,
    obj: sys::PetscObject,
    kind: CallbackKind,
    f: Box<F>,
) -> Result<*mut c_void> {
    let reg = register(petsc, kind, f);
    let ctx = reg.context();
    // SAFETY: live object.
    unsafe { compose_number(obj, kind.key(), reg) }?;
    Ok(ctx)
}

/// [`attach`] under `key` instead of the kind's own key, for objects holding several
/// closures of one kind (the boundary conditions of a `PetscDS`, one per boundary):
/// registers `f`, composes it on `obj` under `key` (replacing what was there) and
/// returns the context to give PETSc.
///
/// # Safety
/// `obj` must be a live PETSc object; `key` must be used only for closures of `kind`.
pub(crate) unsafe fn attach_keyed<F: ?Sized + 'static>(
    petsc: &Petsc,
    obj: sys::PetscObject,
    kind: CallbackKind,
    key: &CStr,
    f: Box<F>,
) -> Result<*mut c_void> {
    let reg = register(petsc, kind, f);
    let ctx = reg.context();
    // SAFETY: live object (caller).
    unsafe { compose_number(obj, key, reg) }?;
    Ok(ctx)
}

/// Releases the closure of `kind` composed on `obj` by [`attach`], if any (its container
/// goes, and with it the closure, unless a trampoline is running it): for a PETSc hook
/// that ends the closure's use before `obj` itself goes (a type's destroy routine).
///
/// # Safety
/// `obj` must be a live PETSc object.
pub(crate) unsafe fn detach(obj: sys::PetscObject, kind: CallbackKind) -> Result<()> {
    // SAFETY: live object; composing null drops the container held under the key.
    check(unsafe { sys::PetscObjectCompose(obj, kind.key().as_ptr(), std::ptr::null_mut()) })
}

/// Keeps `value` with `obj` under `key`, as a closure is kept ([`attach`]): in the
/// table, owned by a container composed on `obj`, dropped when `obj` is destroyed or
/// another value replaces it under `key`.
///
/// # Safety
/// `obj` must be a live PETSc object; `key` must be used only for values.
pub(crate) unsafe fn compose_value<T: 'static>(
    petsc: &Petsc,
    obj: sys::PetscObject,
    key: &CStr,
    value: T,
) -> Result<()> {
    let reg = register(petsc, CallbackKind::ObjectValue, Box::new(value));
    // SAFETY: live object (caller).
    unsafe { compose_number(obj, key, reg) }
}

/// Runs `f` with the value [`compose_value`] kept with `obj` under `key`: `None` when
/// there is none, an `Err` (naming `name`) when it is not a `T` or `f` already runs
/// with it.
///
/// # Safety
/// `obj` must be a live PETSc object; `key` must be used only for values.
pub(crate) unsafe fn with_composed_value<T: 'static, R>(
    obj: sys::PetscObject,
    key: &CStr,
    name: &str,
    f: impl FnOnce(&mut T) -> R,
) -> Result<Option<R>> {
    // SAFETY: live object (caller).
    let c = unsafe { container_of(obj, key) }?;
    if c.is_null() {
        return Ok(None);
    }
    let mut p: *mut c_void = std::ptr::null_mut();
    // SAFETY: objects under value keys are containers made by `compose_number`.
    check(unsafe {
        sys::PetscContainerGetPointer(
            c as sys::PetscContainer,
            (&mut p as *mut *mut c_void).cast(),
        )
    })?;
    let found = CLOSURES.with(|t| t.borrow().get(&(p as usize)).cloned());
    let Some((_, any)) = found else {
        return Ok(None);
    };
    let Some(e) = any.downcast_ref::<Entry<T>>() else {
        return Err(Error::invalid(
            name,
            format!(
                "the value kept here is not a {}",
                std::any::type_name::<T>()
            ),
        ));
    };
    let slot = e.f.share();
    drop(any);
    slot.invoke(name, |v| Ok(Some(f(v))))
}

/// Whether a closure of kind `kind` is composed on `obj`.
///
/// # Safety
/// `obj` must be a live PETSc object.
pub(crate) unsafe fn is_attached(obj: sys::PetscObject, kind: CallbackKind) -> Result<bool> {
    // SAFETY: live object (caller).
    Ok(!unsafe { container_of(obj, kind.key()) }?.is_null())
}

/// The context of the closure of kind `kind` composed on `obj`, if any (for routines
/// PETSc calls without a context, such as `TSSetPostStep`).
///
/// # Safety
/// `obj` must be a live PETSc object.
pub unsafe fn attached(obj: sys::PetscObject, kind: CallbackKind) -> Result<*mut c_void> {
    // SAFETY: live object (caller).
    let c = unsafe { container_of(obj, kind.key()) }?;
    if c.is_null() {
        return Err(Error::invalid(
            kind.name(),
            "no Rust closure is attached to this object; set it on this object",
        ));
    }
    let mut p: *mut c_void = std::ptr::null_mut();
    // SAFETY: objects under our keys are containers made by `compose_number`.
    check(unsafe {
        sys::PetscContainerGetPointer(
            c as sys::PetscContainer,
            (&mut p as *mut *mut c_void).cast(),
        )
    })?;
    Ok(p)
}

/// The slots of PETSc's `DMSNES`/`DMTS`/`DMKSP` that hold Rust closures, by the kind of
/// their plain form; the hooks below pass them on to derived DMs.
const DM_SLOTS: [CallbackKind; 13] = [
    CallbackKind::SnesFunction,
    CallbackKind::SnesJacobian,
    CallbackKind::SnesObjective,
    CallbackKind::SnesNgs,
    CallbackKind::TsRhsFunction,
    CallbackKind::TsRhsJacobian,
    CallbackKind::TsIFunction,
    CallbackKind::TsIJacobian,
    CallbackKind::TsI2Function,
    CallbackKind::TsI2Jacobian,
    CallbackKind::KspComputeOperators,
    CallbackKind::KspComputeRhs,
    CallbackKind::KspComputeInitialGuess,
];

/// [`attach`] for a closure kept with a DM (for `DMSNES`, `DMTS` and `DMKSP` routines): also adds
/// the coarsen, refine and subdomain hooks that give every DM PETSc derives from `dm`
/// the same closures (PETSc copies the DM's SNES/TS context to them).
///
/// Closures of the plain and DMDA-local forms of one slot replace each other, as C's
/// `DMSNESSetFunction` and `DMDASNESSetFunctionLocal` replace each other's routine.
///
/// # Safety
/// `dm` must be a live DM.
pub(crate) unsafe fn attach_to_dm<F: ?Sized + 'static>(
    petsc: &Petsc,
    dm: sys::DM,
    kind: CallbackKind,
    f: Box<F>,
) -> Result<*mut c_void> {
    let slot = dm_slot(kind);
    let reg = register(petsc, kind, f);
    let ctx = reg.context();
    // SAFETY: live DM.
    unsafe { compose_number(dm as sys::PetscObject, slot.key(), reg) }?;
    // SAFETY: live DM.
    unsafe { add_hooks(dm) }?;
    Ok(ctx)
}

/// [`attach_to_dm`], then `set`: the PETSc call that installs the trampoline with the
/// returned context (`TSSetRHSFunction(ts, r, trampoline, ctx)`). The one path of the
/// setters whose closure lives in a DM's solver context; if `set` fails, the closure
/// stays with the DM until it is replaced or the DM is destroyed.
///
/// # Safety
/// `dm` must be a live DM.
pub(crate) unsafe fn attach_to_dm_then<F: ?Sized + 'static>(
    petsc: &Petsc,
    dm: sys::DM,
    kind: CallbackKind,
    f: Box<F>,
    set: impl FnOnce(*mut c_void) -> sys::PetscErrorCode,
) -> Result<()> {
    // SAFETY: live DM (caller).
    let ctx = unsafe { attach_to_dm(petsc, dm, kind, f) }?;
    check(set(ctx))
}

/// The slot (the plain form's kind) a DM closure occupies.
fn dm_slot(kind: CallbackKind) -> CallbackKind {
    use CallbackKind as K;
    match kind {
        K::SnesLocalFunction => K::SnesFunction,
        K::SnesLocalJacobian => K::SnesJacobian,
        K::SnesLocalNgs => K::SnesNgs,
        K::TsLocalRhsFunction => K::TsRhsFunction,
        K::TsLocalRhsJacobian => K::TsRhsJacobian,
        K::TsLocalIFunction => K::TsIFunction,
        K::TsLocalIJacobian => K::TsIJacobian,
        k => k,
    }
}

/// Composes on `to` the closure of `kind` that `from` holds, when `to` has none of that
/// kind: for a routine PETSc copies from one DM to another (`DMCoarsen` gives the
/// coarse DM the fine one's matrix routine), so that its trampoline finds the closure
/// through either.
///
/// # Safety
/// `from` and `to` must be live DMs.
pub(crate) unsafe fn share_closure(from: sys::DM, to: sys::DM, kind: CallbackKind) -> Result<()> {
    // SAFETY: live DM (caller).
    let c = unsafe { container_of(from as sys::PetscObject, kind.key()) }?;
    // SAFETY: live DM.
    if c.is_null() || unsafe { is_attached(to as sys::PetscObject, kind) }? {
        return Ok(());
    }
    // SAFETY: live DM and container; `to` takes its own reference to the container, so
    // the closure lives while either DM does.
    check(unsafe { sys::PetscObjectCompose(to as sys::PetscObject, kind.key().as_ptr(), c) })
}

/// Composes on `to` the closure of `kind` that `from` holds, replacing the one `to`
/// held, or releases `to`'s when `from` holds none: for an object PETSc made a copy of
/// another, operations included (`MatCopy` of shell matrices), so that the copy's
/// trampolines find the closures of the original (shared: each object holds the
/// container).
///
/// # Safety
/// `from` and `to` must be live PETSc objects.
pub(crate) unsafe fn copy_closure(
    from: sys::PetscObject,
    to: sys::PetscObject,
    kind: CallbackKind,
) -> Result<()> {
    // SAFETY: live object (caller).
    let c = unsafe { container_of(from, kind.key()) }?;
    // SAFETY: live object and container (or null, which drops what `to` holds under
    // the key); `to` takes its own reference.
    check(unsafe { sys::PetscObjectCompose(to, kind.key().as_ptr(), c) })
}

/// The container composed on `obj` under `key` (borrowed), or null.
///
/// # Safety
/// `obj` must be a live PETSc object.
unsafe fn container_of(obj: sys::PetscObject, key: &CStr) -> Result<sys::PetscObject> {
    let mut c: sys::PetscObject = std::ptr::null_mut();
    // SAFETY: live object (caller); PETSc writes a borrowed pointer or null.
    check(unsafe { sys::PetscObjectQuery(obj, key.as_ptr(), &mut c) })?;
    Ok(c)
}

/// Composes on `owner` also, under `key`, the closure of `kind` that the DM `dm` holds,
/// so that it lives while either does: for a DM that PETSc may replace by a copy
/// carrying the same routine and context (a multirate integrator clones each split's
/// DM with its `DMTS` at set-up), the owner being the object whose life the closure's
/// use cannot outlast (the integrator owning the splits). A later call with the same
/// key replaces the closure kept there.
///
/// # Safety
/// `dm` and `owner` must be live objects; `key` must be used only for closures of `kind`.
pub(crate) unsafe fn keep_with(
    dm: sys::DM,
    kind: CallbackKind,
    owner: sys::PetscObject,
    key: &CStr,
) -> Result<()> {
    // SAFETY: live DM (caller).
    let c = unsafe { container_of(dm as sys::PetscObject, dm_slot(kind).key()) }?;
    if c.is_null() {
        return Err(Error::invalid(
            kind.name(),
            "no closure of this kind is kept with the DM",
        ));
    }
    // SAFETY: live owner and container; the owner takes its own reference (replacing
    // what it held under `key`).
    check(unsafe { sys::PetscObjectCompose(owner, key.as_ptr(), c) })
}

/// Composes on `to` the closures `from` holds under each key `to` has none for, and adds
/// the hooks to `to`, so that DMs derived from it keep them too.
///
/// # Safety
/// `from` and `to` must be live DMs.
pub(crate) unsafe fn share_closures(from: sys::DM, to: sys::DM) -> Result<()> {
    for kind in DM_SLOTS {
        // SAFETY: live DMs (caller).
        unsafe { share_closure(from, to, kind) }?;
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
