//! PETSc types written in Rust: a Rust type implementing a class's trait
//! ([`PcImpl`](crate::PcImpl), [`KspImpl`](crate::KspImpl), [`MatImpl`](crate::MatImpl),
//! ...) is registered under a name ([`Pc::register_type`](crate::Pc::register_type), ...),
//! and from then on PETSc makes an instance of it for every object given that type, by a
//! call or by options at any depth of a solver (`-pc_type NAME`,
//! `-fieldsplit_1_pc_type NAME`, `-mg_levels_pc_type NAME`, `-mat_type NAME`), as it does
//! for its own types and petsc4py's Python ones.
//!
//! Where things live:
//! - each constructor in the callback module's table of what is kept for the program's
//!   life ([`keep_for_program`](crate::callback::keep_for_program)), by class and name,
//!   as PETSc's own registration is; it holds no runtime handle, so PETSc still
//!   finalizes when the program's last handle goes, unless the constructor captures one
//!   (a `Petsc`, a `Comm`, an object): that handle lives until the program ends, PETSc is
//!   finalized only at exit, and the note printed then names the registered types;
//! - each instance in the callback module's table, as a closure is: its number is the
//!   object's data (`pc->data`), and the type's destroy routine releases it when the
//!   object is destroyed or given another type;
//! - the C side (`rust_types.c` in petsc-sys) gives every Rust type of a class the same
//!   routines, which call the hooks of this module's [`Class`] implementation for that
//!   class with the object lent and the instance.
//!
//! Hooks run as closures do: an `Err` or a panic is the PETSc call's error (and the
//! object stays usable); a hook called again while it runs is refused.

use std::any::Any;
use std::ffi::c_void;
use std::rc::Rc;

use petsc_sys as sys;

use crate::callback::{
    CallbackKind, call, keep_for_program, kept_for_program, register, release, run,
};
use crate::error::{Error, Result, check, defer_options_error, run_callback, unlock_on_error};
use crate::init::{Petsc, WeakPetsc};
use crate::object::{Object, owned};
use crate::options::OptionsBlock;
use crate::scalar::Int;
use crate::vec::Vector;
use crate::viewer::Viewer;

/// A PETSc class whose types can be written in Rust: its handle, the trait object of its
/// instances, and how each hook reaches the instance's trait method.
pub(crate) trait Class: 'static {
    /// The handle lent to the hooks (`Pc`).
    type Handle: Object;
    /// The instances (`dyn PcImpl`).
    type Instance: ?Sized + Any;
    /// PETSc's name of the class (`"PC"`).
    const CLASS: &'static str;
    /// The kind under which the instances are filed.
    const KIND: CallbackKind;
    /// Lends the object to a hook.
    ///
    /// # Safety
    /// `obj` must be a live object of this class.
    unsafe fn lend(petsc: &Petsc, obj: sys::PetscObject) -> Result<Self::Handle>;
    /// The instance, just made for `obj`, tells what it provides: the C side's flags
    /// (`PETSCRS_RUST_TRANSPOSE`); a class may also set the object up for it here.
    fn created(imp: &mut Self::Instance, obj: &mut Self::Handle) -> Result<Int>;
    /// The instance as `Any`, to reach its concrete type.
    fn as_any(imp: &mut Self::Instance) -> &mut dyn Any;
    /// `XSetUp`.
    fn set_up(imp: &mut Self::Instance, obj: &mut Self::Handle) -> Result<()>;
    /// `XSetFromOptions`: the instance's own options.
    fn set_from_options(
        imp: &mut Self::Instance,
        obj: &mut Self::Handle,
        block: &OptionsBlock<'_>,
    ) -> Result<()>;
    /// `XView`: what the instance prints under the object's type.
    fn view(imp: &mut Self::Instance, obj: &Self::Handle, viewer: &Viewer) -> Result<()>;
    /// `XReset`.
    fn reset(imp: &mut Self::Instance, obj: &mut Self::Handle) -> Result<()>;
    /// `PCApply` (`x`, `y`); `KSPSolve` and `SNESSolve` (`b`, `x`; a SNES may have no
    /// `b`); `TaoSolve` (no `x`, the solution); `TSStep` (no `x`, the state).
    fn apply(
        imp: &mut Self::Instance,
        obj: &mut Self::Handle,
        x: Option<&Vector>,
        y: &mut Vector,
    ) -> Result<()>;
    /// `PCApplyTranspose`, `MatMultTranspose` (the C side calls it for PCs and matrices
    /// only).
    fn apply_transpose(
        imp: &mut Self::Instance,
        obj: &mut Self::Handle,
        x: Option<&Vector>,
        y: &mut Vector,
    ) -> Result<()> {
        let _ = (imp, obj, x, y);
        Err(Error::invalid(C_ONLY, "no transposed application"))
    }
    /// `MatGetDiagonal` (the C side calls it for matrices only).
    fn diagonal(
        imp: &mut Self::Instance,
        obj: &mut Self::Handle,
        x: Option<&Vector>,
        d: &mut Vector,
    ) -> Result<()> {
        let _ = (imp, obj, x, d);
        Err(Error::invalid(C_ONLY, "no diagonal"))
    }
}

/// The name of an error no caller can see (the C side never asks for it).
const C_ONLY: &str = "rust_type";

/// A registered constructor: makes a fresh instance.
type Constructor<C> = dyn Fn() -> Box<<C as Class>::Instance>;

/// A constructor with the runtime it was registered in.
struct Registered<C: Class> {
    petsc: WeakPetsc,
    make: Rc<Constructor<C>>,
}

/// Registers `make` as the constructor of the `C` type `name` (`register` is the C side's
/// registration, given the name and the class's table of routines); a later call with
/// the same name replaces the constructor.
pub(crate) fn register_type<C: Class>(
    petsc: &Petsc,
    context: &str,
    name: &str,
    make: Box<Constructor<C>>,
    register: unsafe extern "C" fn(
        *const std::os::raw::c_char,
        *const sys::petscrs_RustTypeHooks,
    ) -> sys::PetscErrorCode,
) -> Result<()> {
    if name.is_empty() || name.chars().any(|c| c.is_whitespace()) {
        return Err(Error::invalid(
            context,
            format!("type name {name:?}: it must be one word, as options give it"),
        ));
    }
    let cname = crate::error::c_string(context, name)?;
    // SAFETY: PETSc is initialized (the caller holds the runtime); PETSc copies the name;
    // the hooks are a static table.
    check(unsafe { register(cname.as_ptr(), hooks::<C>()) })?;
    let entry: Rc<dyn Any> = Rc::new(Registered::<C> {
        petsc: petsc.downgrade(),
        make: Rc::from(make),
    });
    keep_for_program(C::CLASS, name, entry);
    Ok(())
}

/// The table of routines the C side calls for the class `C`.
fn hooks<C: Class>() -> &'static sys::petscrs_RustTypeHooks {
    struct Table<C>(std::marker::PhantomData<C>);
    impl<C: Class> Table<C> {
        const HOOKS: sys::petscrs_RustTypeHooks = sys::petscrs_RustTypeHooks {
            create: Some(create::<C>),
            destroy: Some(release),
            setup: Some(set_up::<C>),
            setfromoptions: Some(set_from_options::<C>),
            view: Some(view::<C>),
            reset: Some(reset::<C>),
            apply: Some(apply::<C>),
            applytranspose: Some(apply_transpose::<C>),
            diagonal: Some(diagonal::<C>),
        };
    }
    &Table::<C>::HOOKS
}

/// The instance of `C` an object holds (its data, found by `context`, the C side's
/// query), given to `f` as its concrete type `T`: an `Err` when the object's type is
/// not written in Rust, is another Rust type, or its instance is running a hook.
pub(crate) fn with_instance<C: Class, T: Any, R>(
    what: &str,
    context: impl FnOnce(&mut *mut c_void) -> sys::PetscErrorCode,
    f: impl FnOnce(&mut T) -> R,
) -> Result<R> {
    let mut ctx = std::ptr::null_mut();
    check(context(&mut ctx))?;
    if ctx.is_null() {
        return Err(Error::invalid(
            what,
            format!("the {}'s type is not written in Rust", C::CLASS),
        ));
    }
    call::<C::Instance, _>(ctx, C::KIND, |_, imp| {
        C::as_any(imp).downcast_mut::<T>().map(f).ok_or_else(|| {
            Error::invalid(
                what,
                format!(
                    "the {}'s type is written in Rust, but not as {}",
                    C::CLASS,
                    std::any::type_name::<T>()
                ),
            )
        })
    })
}

/// The C side's `create`: makes the instance of the type `name` that `obj` is being
/// given.
unsafe extern "C" fn create<C: Class>(
    obj: sys::PetscObject,
    name: *const std::os::raw::c_char,
    ctx: *mut *mut c_void,
    flags: *mut sys::PetscInt,
) -> sys::PetscErrorCode {
    run_callback(C::KIND.name(), || {
        // SAFETY: the C side's copy of the registered name.
        let name = unsafe { owned(name) };
        let found = kept_for_program(C::CLASS, &name);
        let registered = found
            .as_deref()
            .and_then(|r| r.downcast_ref::<Registered<C>>())
            .ok_or_else(|| {
                Error::invalid(
                    C::KIND.name(),
                    format!("no Rust {} type is registered as {name:?}", C::CLASS),
                )
            })?;
        let petsc = registered
            .petsc
            .upgrade()
            .ok_or_else(|| Error::invalid(C::KIND.name(), "PETSc's runtime is gone (finalized)"))?;
        let make = Rc::clone(&registered.make);
        let mut imp = make();
        // SAFETY: the live object (above).
        let mut handle = unsafe { C::lend(&petsc, obj) }?;
        let f = C::created(&mut imp, &mut handle)?;
        drop(handle);
        let reg = register(&petsc, C::KIND, imp);
        // SAFETY: PETSc's out-arguments.
        unsafe {
            *flags = f;
            *ctx = reg.into_context();
        }
        Ok(())
    })
}

/// Runs `body` with the instance `ctx` of `C` and its object `obj`, lent.
///
/// # Safety
/// `obj` must be a live object of `C`'s class, holding the instance `ctx`.
pub(crate) unsafe fn with_lent<C: Class>(
    obj: sys::PetscObject,
    ctx: *mut c_void,
    body: impl FnOnce(&mut C::Instance, &mut C::Handle) -> Result<()>,
) -> sys::PetscErrorCode {
    run::<C::Instance>(ctx, C::KIND, |petsc, imp| {
        // SAFETY: live object (caller).
        if unsafe { being_destroyed(obj) }? {
            return Err(Error::invalid(
                C::KIND.name(),
                "called on an object being destroyed",
            ));
        }
        // SAFETY: live object (caller), not being destroyed.
        let mut handle = unsafe { C::lend(petsc, obj) }?;
        body(imp, &mut handle)
    })
}

/// Whether `obj` is being destroyed (its last reference is gone: `XDestroy` resets it
/// before freeing it). A handle lent then would destroy it a second time when dropped.
///
/// # Safety
/// `obj` must be a live object (its header intact).
unsafe fn being_destroyed(obj: sys::PetscObject) -> Result<bool> {
    let mut count: Int = 0;
    // SAFETY: live object (caller).
    check(unsafe { sys::PetscObjectGetReference(obj, &mut count) })?;
    Ok(count <= 0)
}

/// The C side's `setup`.
unsafe extern "C" fn set_up<C: Class>(
    obj: sys::PetscObject,
    ctx: *mut c_void,
) -> sys::PetscErrorCode {
    // SAFETY: PETSc sets up the live object holding the instance.
    unsafe { with_lent::<C>(obj, ctx, C::set_up) }
}

/// The C side's `reset`. Not passed on while the object is destroyed (`XDestroy`
/// resets first): the instance is dropped right after, which releases what it holds.
unsafe extern "C" fn reset<C: Class>(
    obj: sys::PetscObject,
    ctx: *mut c_void,
) -> sys::PetscErrorCode {
    // SAFETY: PETSc resets the live object holding the instance.
    match unsafe { being_destroyed(obj) } {
        Ok(true) => 0,
        // SAFETY: as above.
        _ => unsafe { with_lent::<C>(obj, ctx, C::reset) },
    }
}

/// The C side's `view`.
unsafe extern "C" fn view<C: Class>(
    obj: sys::PetscObject,
    ctx: *mut c_void,
    viewer: sys::PetscViewer,
) -> sys::PetscErrorCode {
    // SAFETY: PETSc views the live object holding the instance in a live viewer.
    unsafe {
        with_lent::<C>(obj, ctx, |imp, h| {
            let v = Viewer::from_raw_lent(h.petsc(), viewer)?;
            C::view(imp, h, &v)
        })
    }
}

/// The C side's `setfromoptions`: the instance reads its options from PETSc's block,
/// under the object's prefix. A failure is kept for the Rust call that read the options
/// (PETSc's `XSetFromOptions` would return without ending its block).
unsafe extern "C" fn set_from_options<C: Class>(
    obj: sys::PetscObject,
    ctx: *mut c_void,
    items: *mut c_void,
) -> sys::PetscErrorCode {
    let r = crate::callback::try_run::<C::Instance>(ctx, C::KIND, |petsc, imp| {
        // SAFETY: the live object reading its options.
        let options = unsafe { crate::options::object_options(petsc, obj) }?;
        // SAFETY: PETSc's block, live while the object reads its options (this call).
        let block = unsafe { OptionsBlock::lent(&options, items) };
        // SAFETY: live object.
        let mut handle = unsafe { C::lend(petsc, obj) }?;
        C::set_from_options(imp, &mut handle, &block)
    });
    if let Err(e) = r {
        defer_options_error(e);
    }
    0
}

/// A class's hook given two vectors (`Class::apply`, `Class::apply_transpose`; the
/// first is `None` for `Class::diagonal`).
type VectorsHook<C> = fn(
    &mut <C as Class>::Instance,
    &mut <C as Class>::Handle,
    Option<&Vector>,
    &mut Vector,
) -> Result<()>;

/// Lends `x` (if not null) and `y` and runs `f` with them: the application of a PC, the
/// solve of a KSP, SNES or Tao, the step of a TS.
///
/// # Safety
/// `obj` must be a live object of `C`'s class holding the instance `ctx`; `x` null or a
/// live vector, `y` a live vector distinct from it.
unsafe fn with_vectors<C: Class>(
    obj: sys::PetscObject,
    ctx: *mut c_void,
    x: sys::Vec,
    y: sys::Vec,
    f: VectorsHook<C>,
) -> sys::PetscErrorCode {
    // SAFETY: forwarded to the caller.
    let ierr = unsafe {
        with_lent::<C>(obj, ctx, |imp, h| {
            let petsc = h.petsc().clone();
            // SAFETY: `x` (if not null) and `y` are live vectors for the duration of the
            // call, lent.
            let xv = if x.is_null() {
                None
            } else {
                Some(Vector::from_raw_lent(&petsc, x)?)
            };
            // SAFETY: as above.
            let mut yv = Vector::from_raw_lent(&petsc, y)?;
            f(imp, h, xv.as_ref(), &mut yv)?;
            yv.written_in_place(y)
        })
    };
    // PCApply read-locks `x` and does not unlock it when the application fails.
    // SAFETY: `x` is the live vector PETSc passed.
    unsafe { unlock_on_error(ierr, &[x]) }
}

/// The C side's `apply`.
unsafe extern "C" fn apply<C: Class>(
    obj: sys::PetscObject,
    ctx: *mut c_void,
    x: sys::Vec,
    y: sys::Vec,
) -> sys::PetscErrorCode {
    // SAFETY: PETSc applies (solves with) the live object to two live vectors.
    unsafe { with_vectors::<C>(obj, ctx, x, y, C::apply) }
}

/// The C side's `applytranspose`.
unsafe extern "C" fn apply_transpose<C: Class>(
    obj: sys::PetscObject,
    ctx: *mut c_void,
    x: sys::Vec,
    y: sys::Vec,
) -> sys::PetscErrorCode {
    // SAFETY: as `apply`.
    unsafe { with_vectors::<C>(obj, ctx, x, y, C::apply_transpose) }
}

/// The C side's `diagonal`.
unsafe extern "C" fn diagonal<C: Class>(
    obj: sys::PetscObject,
    ctx: *mut c_void,
    d: sys::Vec,
) -> sys::PetscErrorCode {
    // SAFETY: PETSc asks the live object for its diagonal in a live vector.
    unsafe { with_vectors::<C>(obj, ctx, std::ptr::null_mut(), d, C::diagonal) }
}
