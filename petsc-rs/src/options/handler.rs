//! Closures run while an object reads its options (`PetscObjectAddOptionsHandler`):
//! they read options of their own under the object's prefix, which `-help` lists with
//! the object's.

use std::cell::RefCell;
use std::os::raw::c_void;
use std::rc::{Rc, Weak};

use petsc_sys as sys;

use super::OptionsBlock;
use crate::callback::{CallbackKind, register, release, try_run};
use crate::error::{Error, Result, check};
use crate::object::{Object, owned};

/// An options handler: reads its options from the block PETSc lends.
type HandlerFn = dyn FnMut(&OptionsBlock<'_>) -> Result<()>;

/// The options block as PETSc passes it to a handler.
#[cfg(not(petsc_3_23))]
type Items = *mut sys::PetscOptionItems;
/// The options block as PETSc passes it to a handler (a pointer type from 3.23).
#[cfg(petsc_3_23)]
type Items = sys::PetscOptionItems;

/// The options as `obj` reads them: through its prefix.
///
/// # Safety
/// `obj` must be a live object.
pub(crate) unsafe fn object_options(
    petsc: &crate::init::Petsc,
    obj: sys::PetscObject,
) -> Result<super::Options> {
    let mut p: *const std::os::raw::c_char = std::ptr::null();
    // SAFETY: live object (caller); PETSc returns its own string or null.
    check(unsafe { sys::PetscObjectGetOptionsPrefix(obj, &mut p) })?;
    // SAFETY: PETSc's string or null.
    let prefix = unsafe { owned(p) };
    Ok(if prefix.is_empty() {
        petsc.options()
    } else {
        petsc.options_with_prefix(&prefix)
    })
}

unsafe extern "C" fn handler_trampoline(
    obj: sys::PetscObject,
    items: Items,
    ctx: *mut c_void,
) -> sys::PetscErrorCode {
    let r = try_run::<HandlerFn>(ctx, CallbackKind::ObjectOptionsHandler, |petsc, f| {
        // SAFETY: PETSc's live object.
        let options = unsafe { object_options(petsc, obj) }?;
        // SAFETY: PETSc's block, live while the object reads its options (this call).
        let block = unsafe { OptionsBlock::lent(&options, items.cast()) };
        f(&block)
    });
    // PETSc's `XSetFromOptions` returns at an error without ending its options block
    // (its items leak): the failure goes to the Rust call instead.
    if let Err(e) = r {
        crate::error::defer_options_error(e);
    }
    0
}

unsafe extern "C" fn handler_destroy(
    _obj: sys::PetscObject,
    ctx: *mut c_void,
) -> sys::PetscErrorCode {
    // SAFETY: the context is a registration made by `add`, released once, here.
    unsafe { release(ctx) }
}

/// Registers `f` and adds it to `obj`'s handlers; PETSc releases it with the object or
/// `PetscObjectDestroyOptionsHandlers`.
fn add<O: Object + ?Sized>(obj: &O, f: Box<HandlerFn>) -> Result<()> {
    let reg = register(obj.petsc(), CallbackKind::ObjectOptionsHandler, f);
    let ctx = reg.context();
    // SAFETY: live object; from here on PETSc owns the registration, released by the
    // destroy hook.
    let r = check(unsafe {
        sys::PetscObjectAddOptionsHandler(
            obj.as_object(),
            Some(handler_trampoline),
            Some(handler_destroy),
            ctx,
        )
    });
    if r.is_ok() {
        let _ = reg.into_context();
    }
    r
}

/// The key of the handler `set_options_handler` keeps with the object.
const SET_HANDLER: &str = "petsc-rs.set_options_handler";

/// The closure of `set_options_handler`, shared by the value kept with the object and
/// the handler PETSc runs.
type Slot = Rc<RefCell<Option<Box<HandlerFn>>>>;

/// What `set_options_handler` keeps with the object: the closure's slot, and whether the
/// handler PETSc runs for it is still there (`destroy_options_handlers` drops it).
struct SetHandler {
    slot: Slot,
    live: Weak<()>,
}

/// Puts `f` in the object's slot, adding the handler that runs it if there is none.
fn set_handler<O: Object>(obj: &mut O, f: Option<Box<HandlerFn>>) -> Result<()> {
    const CTX: &str = "OptionsHandlers::set_options_handler";
    let busy = || {
        Error::invalid(
            CTX,
            "the options handler is running: it cannot be replaced from inside itself",
        )
    };
    let kept = obj.with_value(SET_HANDLER, |s: &mut SetHandler| {
        (s.slot.clone(), s.live.upgrade().is_some())
    })?;
    match kept {
        Some((slot, true)) => {
            *slot.try_borrow_mut().map_err(|_| busy())? = f;
            Ok(())
        }
        _ if f.is_none() => Ok(()),
        _ => {
            let slot: Slot = Rc::new(RefCell::new(f));
            let token = Rc::new(());
            let live = Rc::downgrade(&token);
            let runs = slot.clone();
            add(
                obj,
                Box::new(move |block| {
                    let _alive = &token;
                    let mut f = runs.try_borrow_mut().map_err(|_| busy())?;
                    match f.as_mut() {
                        Some(f) => f(block),
                        None => Ok(()),
                    }
                }),
            )?;
            obj.compose_value(SET_HANDLER, SetHandler { slot, live })
        }
    }
}

/// Options handlers on any object (`PetscObjectAddOptionsHandler`): implemented for
/// every handle ([`Object`]).
pub trait OptionsHandlers: Object {
    /// Adds a closure that runs whenever the object reads its options
    /// (`PetscObjectAddOptionsHandler`): at the end of its `set_from_options`, given the
    /// options block, through which it reads options of its own under the object's
    /// prefix (`-help` lists them with the object's). Up to PETSc's limit of handlers an
    /// object (5); they are dropped with the object or by
    /// [`destroy_options_handlers`](Self::destroy_options_handlers). An `Err` or a panic
    /// is the `Err` of the `set_from_options` call that ran it (or of the next one, when
    /// PETSc read the object's options by itself, as a preconditioner's set-up does for
    /// its inner solvers); PETSc's options block is ended either way.
    ///
    /// ```
    /// use std::{cell::Cell, rc::Rc};
    /// use petsc::{Object, OptionsHandlers};
    /// let petsc = petsc::Petsc::builder().args(["prog", "-inner_my_level", "7"]).init()?;
    /// let mut ksp = petsc::Ksp::new(&petsc.self_comm())?;
    /// ksp.set_options_prefix("inner_")?;
    /// let level = Rc::new(Cell::new(0));
    /// let seen = level.clone();
    /// ksp.add_options_handler(move |block| {
    ///     seen.set(block.int("-my_level", "a level of my own", 3)?);
    ///     Ok(())
    /// })?;
    /// ksp.set_from_options()?;
    /// assert_eq!(level.get(), 7); // read as -inner_my_level
    /// ksp.destroy_options_handlers()?;
    /// level.set(0);
    /// ksp.set_from_options()?;
    /// assert_eq!(level.get(), 0);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscObjectAddOptionsHandler")]
    fn add_options_handler<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(&OptionsBlock<'_>) -> Result<()> + 'static,
        Self: Sized,
    {
        add(self, Box::new(f))
    }

    /// Sets the object's options handler, replacing the one set before (petsc4py's
    /// `setOptionsHandler`): one closure that runs at the end of each
    /// `set_from_options`, as [`add_options_handler`](Self::add_options_handler)'s do,
    /// which a second call replaces instead of adding another.
    /// [`clear_options_handler`](Self::clear_options_handler) removes it, and so does
    /// [`destroy_options_handlers`](Self::destroy_options_handlers) with the others.
    ///
    /// ```
    /// use std::{cell::Cell, rc::Rc};
    /// use petsc::OptionsHandlers;
    /// let petsc = petsc::Petsc::init()?;
    /// let mut ksp = petsc::Ksp::new(&petsc.self_comm())?;
    /// let calls = Rc::new(Cell::new(0));
    /// for _ in 0..2 {
    ///     calls.set(0);
    ///     let seen = calls.clone();
    ///     ksp.set_options_handler(move |_| Ok(seen.set(seen.get() + 1)))?;
    ///     ksp.set_from_options()?;
    ///     assert_eq!(calls.get(), 1); // the second replaced the first
    /// }
    /// ksp.clear_options_handler()?;
    /// ksp.set_from_options()?;
    /// assert_eq!(calls.get(), 1);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscObjectAddOptionsHandler")]
    fn set_options_handler<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(&OptionsBlock<'_>) -> Result<()> + 'static,
        Self: Sized,
    {
        set_handler(self, Some(Box::new(f)))
    }

    /// Removes the handler [`set_options_handler`](Self::set_options_handler) set, if
    /// any (petsc4py's `setOptionsHandler(None)`); those of
    /// [`add_options_handler`](Self::add_options_handler) stay.
    fn clear_options_handler(&mut self) -> Result<()>
    where
        Self: Sized,
    {
        set_handler(self, None)
    }

    /// Drops the closures of [`add_options_handler`](Self::add_options_handler)
    /// (`PetscObjectDestroyOptionsHandlers`).
    #[doc(alias = "PetscObjectDestroyOptionsHandlers")]
    fn destroy_options_handlers(&mut self) -> Result<()> {
        // SAFETY: live object; PETSc calls each handler's destroy hook.
        check(unsafe { sys::PetscObjectDestroyOptionsHandlers(self.as_object()) })
    }
}

impl<T: Object + ?Sized> OptionsHandlers for T {}

/// The key under which an object keeps the database of its own it was given.
const OWN_DATABASE: &str = "petsc-rs.options_database";

/// The database an object reads its options from (`PetscObjectSetOptions`,
/// `PetscObjectGetOptions`): implemented for every handle ([`Object`]).
pub trait ObjectOptions: Object {
    /// Makes the object read its options from `options`' database (petsc4py's
    /// `Object.setOptions`; `PetscObjectSetOptions`): a database of its own
    /// ([`Options::new`](super::Options::new)), which the object keeps alive, or
    /// PETSc's global one. Its prefix is the object's own, not `options`'.
    ///
    /// ```
    /// use petsc::{Object, ObjectOptions};
    /// let petsc = petsc::Petsc::init()?;
    /// let mine = petsc::Options::new(&petsc)?;
    /// mine.set_value("ksp_type", "cg")?;
    /// let mut ksp = petsc::Ksp::new(&petsc.self_comm())?;
    /// ksp.set_options(&mine)?;
    /// drop(mine); // the solver keeps the database
    /// ksp.set_from_options()?;
    /// assert_eq!(ksp.type_name()?, "cg");
    /// assert_eq!(ksp.options()?.get::<String>("ksp_type")?.as_deref(), Some("cg"));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscObjectSetOptions")]
    fn set_options(&mut self, options: &super::Options) -> Result<()>
    where
        Self: Sized,
    {
        // SAFETY: live object and database (global: null); PETSc keeps the pointer,
        // and the object keeps the database alive below.
        check(unsafe { sys::PetscObjectSetOptions(self.as_object(), options.db()) })?;
        self.compose_value(OWN_DATABASE, options.database())
    }

    /// The database the object reads its options from (`PetscObjectGetOptions`),
    /// without a prefix: the one given with [`set_options`](Self::set_options), else
    /// PETSc's global one.
    #[doc(alias = "PetscObjectGetOptions")]
    fn options(&self) -> Result<super::Options>
    where
        Self: Sized,
    {
        let own = self
            .query_value::<Option<Rc<super::Database>>>(OWN_DATABASE)?
            .flatten();
        Ok(super::Options::of_database(self.petsc(), own))
    }
}

impl<T: Object + ?Sized> ObjectOptions for T {}
