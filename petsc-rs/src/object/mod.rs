//! What every PETSc object handle shares: a name, a communicator, an options prefix,
//! `view`, and the ownership rules (one reference each, destroyed on drop).
//!
//! This module sits below `viewer` in the module order: the [`Viewer`](crate::Viewer)
//! handle is itself made by [`petsc_handle!`] and implements [`Object`], so `viewer`
//! depends on `object`, and `object` must not name `Viewer`. [`Object::view_with`]
//! therefore takes the viewer as `&dyn` [`AsViewer`], a sealed trait `viewer` implements
//! for `Viewer` (and nothing else can): calls read as before,
//! `obj.view_with(&viewer)`, with only `Object` in scope.

//!
//! Files:
//! - `mod.rs`: the [`Object`] trait, [`AsViewer`], and the string and default-value
//!   helpers every module uses;
//! - `handle.rs`: the handle macros and [`Parent`], a handle's tie to its parent or loan;
//! - `class.rs`: the per-class declarations (type enums, converged reasons, class
//!   methods) and the registry check of type names.
//! - `hooks.rs`: the class's own functions behind [`Object`]'s prefix and options
//!   methods, so that they do what the handle's inherent methods of the same names do.

mod class;
mod handle;
pub(crate) mod hooks;

pub(crate) use crate::type_enum;
pub use class::registered_type;
pub(crate) use handle::petsc_handle;
pub use handle::{Parent, refuse_lent};

use std::ffi::CStr;
use std::os::raw::c_char;

use petsc_sys as sys;

use crate::comm::Comm;
use crate::error::{Error, Result, c_string, check};
use crate::init::Petsc;
use crate::scalar::Int;

/// Methods every PETSc object has (`PetscObject*`).
///
/// Implemented by every handle of petsc-rs and of the crates built on it (their handle
/// macro writes the implementation); a program uses it, it does not implement it.
///
/// # Safety
///
/// The default methods hand [`as_object`](Self::as_object) to PETSc. An implementation
/// must return a pointer to a live PETSc object, which stays live as long as `self`
/// (the handle owns a reference to it, or a loan that outlives `self`), and
/// [`petsc`](Self::petsc) must return the runtime that object was created under.
///
/// ```
/// use petsc::Object;
/// let petsc = petsc::Petsc::init()?;
/// let mut v = petsc::Vector::new_seq(&petsc.self_comm(), 3)?;
/// v.set_name("temperature")?;
/// assert_eq!(v.name()?, "temperature");
/// assert_eq!(v.class_name()?, "Vec");
/// # Ok::<(), petsc::Error>(())
/// ```
pub unsafe trait Object {
    /// The raw `PetscObject`.
    fn as_object(&self) -> sys::PetscObject;

    /// The runtime the object belongs to.
    fn petsc(&self) -> &Petsc;

    /// Whether the handle is to an object lent for a scope (see `petsc::guarantees`).
    #[doc(hidden)]
    fn is_lent_object(&self) -> bool {
        false
    }

    /// Refuses, in `context`, a handle to a lent object whose loan has ended (see
    /// `petsc::guarantees`).
    #[doc(hidden)]
    fn check_loan_object(&self, _context: &str) -> Result<()> {
        Ok(())
    }

    /// The object's communicator.
    fn comm(&self) -> Comm {
        Comm::of_object(self.petsc(), self.as_object())
            .expect("PetscObjectGetComm failed on a live object")
    }

    /// Sets the object's name (shown by viewers and monitors).
    fn set_name(&mut self, name: &str) -> Result<()> {
        let n = c_string("Object::set_name", name)?;
        // SAFETY: live object; PETSc copies the string.
        check(unsafe { sys::PetscObjectSetName(self.as_object(), n.as_ptr()) })
    }

    /// The object's name (PETSc makes one up if none was set).
    fn name(&self) -> Result<String> {
        let mut p: *const c_char = std::ptr::null();
        // SAFETY: live object; PETSc returns a pointer to its own string.
        check(unsafe { sys::PetscObjectGetName(self.as_object(), &mut p) })?;
        // SAFETY: PETSc returned a pointer to its own string, or null.
        Ok(unsafe { owned(p) })
    }

    /// The class name (`"Vec"`, `"Mat"`, `"KSP"`).
    fn class_name(&self) -> Result<String> {
        let mut p: *const c_char = std::ptr::null();
        // SAFETY: live object; PETSc returns a pointer to its own string.
        check(unsafe { sys::PetscObjectGetClassName(self.as_object(), &mut p) })?;
        // SAFETY: PETSc returned a pointer to its own string, or null.
        Ok(unsafe { owned(p) })
    }

    /// The type name (`"seq"`, `"mpiaij"`, `"gmres"`), empty before a type is set.
    fn type_name(&self) -> Result<String> {
        let mut p: *const c_char = std::ptr::null();
        // SAFETY: live object; PETSc returns a pointer to its own string or null.
        check(unsafe { sys::PetscObjectGetType(self.as_object(), &mut p) })?;
        // SAFETY: PETSc returned a pointer to its own string, or null.
        Ok(unsafe { owned(p) })
    }

    /// Sets the prefix of the options this object reads (`"inner_"` makes it read
    /// `-inner_ksp_type`): the class's own setter where it has one
    /// (`KSPSetOptionsPrefix`, which reaches the KSP's PC; `MatSetOptionsPrefix`, ...),
    /// the same as the handle's inherent `set_options_prefix`; else
    /// `PetscObjectSetOptionsPrefix`.
    ///
    /// ```
    /// use petsc::Object;
    /// fn prefix_all(objs: &mut [&mut dyn Object], p: &str) -> petsc::Result<()> {
    ///     objs.iter_mut().try_for_each(|o| o.set_options_prefix(p))
    /// }
    /// let petsc = petsc::Petsc::init()?;
    /// let mut ksp = petsc::Ksp::new(&petsc.self_comm())?;
    /// prefix_all(&mut [&mut ksp], "inner_")?;
    /// assert_eq!(ksp.pc()?.options_prefix()?, "inner_");
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscObjectSetOptionsPrefix")]
    fn set_options_prefix(&mut self, prefix: &str) -> Result<()> {
        hooks::object_set_options_prefix(self, prefix)
    }

    /// The options prefix, empty if none.
    fn options_prefix(&self) -> Result<String> {
        let mut p: *const c_char = std::ptr::null();
        // SAFETY: live object; PETSc returns a pointer to its own string or null.
        check(unsafe { sys::PetscObjectGetOptionsPrefix(self.as_object(), &mut p) })?;
        // SAFETY: PETSc returned a pointer to its own string, or null.
        Ok(unsafe { owned(p) })
    }

    /// Prints the object with a viewer (`PetscObjectView`; `VecView`, `MatView`, ...).
    /// Named `view_with` because `view()` is the array view of vectors.
    ///
    /// `viewer` is a [`Viewer`](crate::Viewer) (the only [`AsViewer`]). An HDF5 viewer
    /// takes vectors, index sets and unstructured meshes ([`Plex`](crate::Plex), in the
    /// format pushed on the viewer: PETSc's, or XDMF's with
    /// [`ViewerFormat::Hdf5Xdmf`](crate::ViewerFormat::Hdf5Xdmf)): PETSc 3.18 writes nothing for the other classes
    /// (matrices and solvers included), so they are an `Err` instead of an empty file
    /// (matrices are written with [`Hdf5Viewer::save_matrix`](crate::Hdf5Viewer::save_matrix)).
    fn view_with(&self, viewer: &dyn AsViewer) -> Result<()> {
        self.check_loan_object("Object::view_with")?;
        let v = viewer.raw_viewer();
        let obj = self.as_object();
        // SAFETY: live viewer and object; PETSc lends their type and class names.
        let (vtype, class) = unsafe {
            let (mut t, mut c): (*const c_char, *const c_char) =
                (std::ptr::null(), std::ptr::null());
            check(sys::PetscObjectGetType(v as sys::PetscObject, &mut t))?;
            check(sys::PetscObjectGetClassName(obj, &mut c))?;
            (owned(t), owned(c))
        };
        // A DMPlex writes its mesh to HDF5 (the other DMs write nothing).
        let plex = class == "DM" && self.type_name()? == "plex";
        if vtype == "hdf5" && class != "Vec" && class != "IS" && !plex {
            return Err(Error::invalid(
                "Object::view_with",
                format!(
                    "PETSc writes no {class} to an HDF5 viewer (only vectors and index sets); \
                     use a binary viewer (Viewer::binary_file) for it{}",
                    if class == "Mat" {
                        ", or Hdf5Viewer::save_matrix"
                    } else {
                        ""
                    }
                ),
            ));
        }
        // SAFETY: live object and viewer (a live `Viewer` handle, the trait being sealed).
        check(unsafe { sys::PetscObjectView(obj, v) })
    }

    /// Appends to the prefix of the options this object reads: the class's own function
    /// where it has one (`KSPAppendOptionsPrefix`, ...), as the inherent method of the
    /// same name; else `PetscObjectAppendOptionsPrefix`.
    ///
    /// ```
    /// use petsc::Object;
    /// let petsc = petsc::Petsc::init()?;
    /// let mut v = petsc::Vector::new_seq(&petsc.self_comm(), 1)?;
    /// v.set_options_prefix("outer_")?;
    /// Object::append_options_prefix(&mut v, "inner_")?;
    /// assert_eq!(v.options_prefix()?, "outer_inner_");
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscObjectAppendOptionsPrefix")]
    fn append_options_prefix(&mut self, prefix: &str) -> Result<()> {
        hooks::object_append_options_prefix(self, prefix)
    }

    /// Reads the object's options: the class's own `XSetFromOptions` where the handle
    /// declares it (`KSPSetFromOptions`, ...), the same as its inherent
    /// `set_from_options`; else the options every object has
    /// (`PetscObjectSetFromOptions`).
    #[doc(alias = "PetscObjectSetFromOptions")]
    fn set_from_options(&mut self) -> Result<()> {
        hooks::object_set_from_options(self)
    }

    /// Views the object if the option `-<prefix><option>` (as `-vec_view`, with an
    /// optional `:file:format`) is set, with the prefix of `prefix_of` (or this
    /// object's) (`PetscObjectViewFromOptions`).
    ///
    /// ```
    /// use petsc::Object;
    /// let petsc = petsc::Petsc::init()?;
    /// let v = petsc::Vector::new_seq(&petsc.self_comm(), 1)?;
    /// v.view_from_options(None, "-doc_never_set_view")?; // not set: prints nothing
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscObjectViewFromOptions")]
    fn view_from_options(&self, prefix_of: Option<&dyn Object>, option: &str) -> Result<()> {
        self.check_loan_object("Object::view_from_options")?;
        let o = c_string("Object::view_from_options", option)?;
        let b = prefix_of.map_or(std::ptr::null_mut(), |b| b.as_object());
        // SAFETY: live objects (or null for none); PETSc reads the option.
        check(unsafe { sys::PetscObjectViewFromOptions(self.as_object(), b, o.as_ptr()) })
    }

    /// The class's id (`PetscObjectGetClassId`): the same for every object of a class.
    ///
    /// ```
    /// use petsc::Object;
    /// let petsc = petsc::Petsc::init()?;
    /// let a = petsc::Vector::new_seq(&petsc.self_comm(), 1)?;
    /// let b = petsc::Vector::new_seq(&petsc.self_comm(), 2)?;
    /// assert_eq!(a.class_id()?, b.class_id()?);
    /// assert_ne!(a.id()?, b.id()?);
    /// assert_eq!(a.ref_count()?, 1);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscObjectGetClassId")]
    fn class_id(&self) -> Result<i32> {
        let mut id: sys::PetscClassId = 0;
        // SAFETY: live object; PETSc writes the id.
        check(unsafe { sys::PetscObjectGetClassId(self.as_object(), &mut id) })?;
        Ok(id)
    }

    /// The object's unique id in this process (`PetscObjectGetId`).
    #[doc(alias = "PetscObjectGetId")]
    fn id(&self) -> Result<i64> {
        let mut id: sys::PetscObjectId = 0;
        // SAFETY: live object; PETSc writes the id.
        check(unsafe { sys::PetscObjectGetId(self.as_object(), &mut id) })?;
        Ok(id)
    }

    /// How many references the object has (`PetscObjectGetReference`): one for each
    /// handle, plus those PETSc objects hold (a solver holds its operators). There is
    /// no `inc_ref`/`dec_ref`: each handle owns exactly one reference, taken when it
    /// is made and released when it is dropped.
    #[doc(alias = "PetscObjectGetReference")]
    fn ref_count(&self) -> Result<Int> {
        let mut n: Int = 0;
        // SAFETY: live object; PETSc writes the count.
        check(unsafe { sys::PetscObjectGetReference(self.as_object(), &mut n) })?;
        Ok(n)
    }

    /// The object's state (`PetscObjectStateGet`): a counter PETSc raises at each
    /// change of the object's values, so that cached results (norms, factorizations)
    /// know they are out of date.
    ///
    /// ```
    /// use petsc::Object;
    /// let petsc = petsc::Petsc::init()?;
    /// let mut v = petsc::Vector::new_seq(&petsc.self_comm(), 2)?;
    /// let s0 = v.state_get()?;
    /// v.set(1.0)?;
    /// assert!(v.state_get()? > s0);
    /// v.state_increase()?;
    /// let s1 = v.state_get()?;
    /// v.state_set(s1 + 5)?;
    /// assert_eq!(v.state_get()?, s1 + 5);
    /// v.state_set(s1)?; // back to a state the values had
    /// assert_eq!(v.state_get()?, s1);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscObjectStateGet")]
    fn state_get(&self) -> Result<i64> {
        let mut s: sys::PetscObjectState = 0;
        // SAFETY: live object; PETSc writes the state.
        check(unsafe { sys::PetscObjectStateGet(self.as_object(), &mut s) })?;
        Ok(s)
    }

    /// Raises the state by one, marking the object as changed so that cached results
    /// are recomputed (`PetscObjectStateIncrease`). See [`state_get`](Self::state_get).
    #[doc(alias = "PetscObjectStateIncrease")]
    fn state_increase(&mut self) -> Result<()> {
        let s = self.state_get()?;
        // SAFETY: live object.
        check(unsafe { sys::PetscObjectStateSet(self.as_object(), s + 1) })
    }

    /// Sets the state (`PetscObjectStateSet`), to any value, as PETSc does: setting it
    /// back to a value it had tells PETSc that the values are those of that state again
    /// (a state that was never the values' makes PETSc trust cached results of other
    /// values). See [`state_get`](Self::state_get).
    #[doc(alias = "PetscObjectStateSet")]
    fn state_set(&mut self, state: i64) -> Result<()> {
        // SAFETY: live object.
        check(unsafe { sys::PetscObjectStateSet(self.as_object(), state) })
    }

    /// The object's indentation in ASCII output (`PetscObjectGetTabLevel`): monitors
    /// and views of inner solvers are indented by it.
    ///
    /// ```
    /// use petsc::Object;
    /// let petsc = petsc::Petsc::init()?;
    /// let outer = petsc::Vector::new_seq(&petsc.self_comm(), 1)?;
    /// let mut inner = petsc::Vector::new_seq(&petsc.self_comm(), 1)?;
    /// inner.set_tab_level(2)?;
    /// assert_eq!(inner.tab_level()?, 2);
    /// inner.increment_tab_level(Some(&outer), 1)?;
    /// assert_eq!(inner.tab_level()?, outer.tab_level()? + 1);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscObjectGetTabLevel")]
    fn tab_level(&self) -> Result<Int> {
        let mut t: Int = 0;
        // SAFETY: live object; PETSc writes the level.
        check(unsafe { sys::PetscObjectGetTabLevel(self.as_object(), &mut t) })?;
        Ok(t)
    }

    /// Sets the indentation (`PetscObjectSetTabLevel`). See
    /// [`tab_level`](Self::tab_level).
    #[doc(alias = "PetscObjectSetTabLevel")]
    fn set_tab_level(&mut self, tab: Int) -> Result<()> {
        // SAFETY: live object.
        check(unsafe { sys::PetscObjectSetTabLevel(self.as_object(), tab) })
    }

    /// Sets the indentation to `parent`'s plus `by` (or this object's own plus `by`
    /// without a parent) (`PetscObjectIncrementTabLevel`). See
    /// [`tab_level`](Self::tab_level).
    #[doc(alias = "PetscObjectIncrementTabLevel")]
    fn increment_tab_level(&mut self, parent: Option<&dyn Object>, by: Int) -> Result<()> {
        let me = self.as_object();
        let p = parent.map_or(std::ptr::null_mut(), |p| p.as_object());
        // SAFETY: live objects (or null); PETSc reads the parent's level.
        check(unsafe { sys::PetscObjectIncrementTabLevel(me, p, by) })
    }

    /// Keeps a reference to `obj` with this object under `name` (or drops the one kept
    /// there, with `None`) (`PetscObjectCompose`); [`query`](Self::query) finds it.
    /// Names live in their own space, apart from the names PETSc composes objects
    /// under (whose types PETSc assumes without checking).
    ///
    /// ```
    /// use petsc::Object;
    /// let petsc = petsc::Petsc::init()?;
    /// let mut v = petsc::Vector::new_seq(&petsc.self_comm(), 1)?;
    /// let mut w = petsc::Vector::new_seq(&petsc.self_comm(), 1)?;
    /// w.set_name("helper")?;
    /// v.compose("aux", Some(&w))?;
    /// drop(w); // `v` keeps it
    /// let found = v.query("aux")?.expect("composed");
    /// assert_eq!(found.name()?, "helper");
    /// assert_eq!(found.class_name()?, "Vec");
    /// v.compose("aux", None)?;
    /// assert!(v.query("aux")?.is_none());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscObjectCompose")]
    fn compose(&mut self, name: &str, obj: Option<&dyn Object>) -> Result<()> {
        let key = user_key("Object::compose", "object", name)?;
        let o = obj.map_or(std::ptr::null_mut(), |o| o.as_object());
        if o == self.as_object() {
            return Err(crate::error::Error::invalid(
                "Object::compose",
                "an object cannot keep a reference to itself (it would never be destroyed)",
            ));
        }
        // SAFETY: live objects (or null to remove); PETSc takes its own reference.
        check(unsafe { sys::PetscObjectCompose(self.as_object(), key.as_ptr(), o) })
    }

    /// The object [`compose`](Self::compose) kept under `name`, as a new handle of its
    /// own reference (`PetscObjectQuery`), or `None`.
    #[doc(alias = "PetscObjectQuery")]
    fn query(&self, name: &str) -> Result<Option<AnyObject>> {
        let key = user_key("Object::query", "object", name)?;
        let mut o: sys::PetscObject = std::ptr::null_mut();
        // SAFETY: live object; PETSc writes a borrowed pointer or null.
        check(unsafe { sys::PetscObjectQuery(self.as_object(), key.as_ptr(), &mut o) })?;
        if o.is_null() {
            return Ok(None);
        }
        // SAFETY: a live object composed on this one; the handle takes a reference.
        unsafe { AnyObject::from_raw_borrowed(self.petsc(), o) }.map(Some)
    }

    /// Keeps a Rust value with the object under `name`, replacing the value kept
    /// there: it is dropped when the PETSc object is destroyed (whichever handle goes
    /// last) or replaced. [`query_value`](Self::query_value) and
    /// [`with_value`](Self::with_value) read it.
    ///
    /// ```
    /// use petsc::Object;
    /// let petsc = petsc::Petsc::init()?;
    /// let mut v = petsc::Vector::new_seq(&petsc.self_comm(), 1)?;
    /// v.compose_value("units", String::from("kelvin"))?;
    /// assert_eq!(v.query_value::<String>("units")?.as_deref(), Some("kelvin"));
    /// v.with_value("units", |u: &mut String| u.push('s'))?;
    /// assert_eq!(v.query_value::<String>("units")?.as_deref(), Some("kelvins"));
    /// assert!(v.query_value::<u32>("units").is_err()); // not a u32
    /// assert_eq!(v.query_value::<u32>("other")?, None);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscObjectContainerCompose")]
    fn compose_value<T: 'static>(&mut self, name: &str, value: T) -> Result<()>
    where
        Self: Sized,
    {
        let key = user_key("Object::compose_value", "value", name)?;
        // SAFETY: live object; the key is in the values' space.
        unsafe { crate::callback::compose_value(self.petsc(), self.as_object(), &key, value) }
    }

    /// A copy of the value kept under `name`, `None` if there is none, an `Err` if it
    /// is not a `T`. See [`compose_value`](Self::compose_value).
    #[doc(alias = "PetscObjectContainerQuery")]
    fn query_value<T: Clone + 'static>(&self, name: &str) -> Result<Option<T>>
    where
        Self: Sized,
    {
        self.with_value(name, |v: &mut T| v.clone())
    }

    /// Runs `f` with the value kept under `name` and returns its result, `None` if
    /// there is none; an `Err` if it is not a `T`, or if `f` runs with it already (a
    /// call from inside `f`). See [`compose_value`](Self::compose_value).
    fn with_value<T: 'static, R>(
        &self,
        name: &str,
        f: impl FnOnce(&mut T) -> R,
    ) -> Result<Option<R>>
    where
        Self: Sized,
    {
        let key = user_key("Object::with_value", "value", name)?;
        // SAFETY: live object; the key is in the values' space.
        unsafe {
            crate::callback::with_composed_value(self.as_object(), &key, "Object::with_value", f)
        }
    }
}

/// The key under which [`Object::compose_value`] keeps a value named `name` (for the
/// crate's own shared values: an application context that a child object inherits).
pub(crate) fn value_key(context: &str, name: &str) -> Result<std::ffi::CString> {
    user_key(context, "value", name)
}

/// The key under which a user's `name` is composed (`space` is "object" or "value"),
/// apart from PETSc's own keys and petsc-rs's closures.
pub(crate) fn user_key(context: &str, space: &str, name: &str) -> Result<std::ffi::CString> {
    c_string(context, &format!("petsc-rs:{space}:{name}"))
}

petsc_handle!(
    /// A handle to a PETSc object of any class, from [`Object::query`]: the methods of
    /// [`Object`] (name, class, view, ...).
    AnyObject,
    sys::PetscObject,
    sys::PetscObjectDestroy
);

/// What [`Object::view_with`] prints with: a [`Viewer`](crate::Viewer). Sealed (only
/// `Viewer` implements it); it lets `object` take a viewer without depending on the
/// `viewer` module, which is above it.
pub trait AsViewer: sealed::Sealed {}

impl<T: sealed::Sealed + ?Sized> AsViewer for T {}

pub(crate) mod sealed {
    /// Implemented by [`Viewer`](crate::Viewer) only, in `viewer`.
    pub trait Sealed {
        /// The raw `PetscViewer` of a live viewer handle, valid while it lives.
        fn raw_viewer(&self) -> petsc_sys::PetscViewer;
    }
}

/// Copies a C string owned by PETSc (null becomes empty).
///
/// # Safety
/// `p` is null or points to a NUL-terminated string that lives for this call.
pub unsafe fn owned(p: *const c_char) -> String {
    if p.is_null() {
        String::new()
    } else {
        // SAFETY: the caller guarantees a live NUL-terminated string.
        unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned()
    }
}

/// `PETSC_DEFAULT` for an absent real argument (tolerances).
pub(crate) fn default_real(v: Option<crate::scalar::Real>) -> crate::scalar::Real {
    v.unwrap_or(sys::PETSC_DEFAULT as crate::scalar::Real)
}

/// `PETSC_DEFAULT` for an absent integer argument (iteration limits).
pub(crate) fn default_int(v: Option<crate::scalar::Int>) -> crate::scalar::Int {
    v.unwrap_or(sys::PETSC_DEFAULT as crate::scalar::Int)
}
