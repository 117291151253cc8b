//! What every PETSc object handle shares: a name, a communicator, an options prefix,
//! `view`, and the ownership rules (one reference each, destroyed on drop).
//!
//! This module sits below `viewer` in the module order: the [`Viewer`](crate::Viewer)
//! handle is itself made by [`petsc_handle!`] and implements [`Object`], so `viewer`
//! depends on `object`, and `object` must not name `Viewer`. [`Object::view_with`]
//! therefore takes the viewer as `&dyn` [`AsViewer`], a sealed trait `viewer` implements
//! for `Viewer` (and nothing else can): calls read as before,
//! `obj.view_with(&viewer)`, with only `Object` in scope.

use std::ffi::CStr;
use std::os::raw::c_char;

use petsc_sys as sys;

use crate::Int;
use crate::comm::Comm;
use crate::error::{Error, Result, c_string, check};
use crate::init::Petsc;

/// Defines a handle type owning one reference to a PETSc (or SLEPc) object, for
/// petsc-rs's [`petsc_handle!`] and slepc-rs's handles.
///
/// After the name, raw type and destroy function, `runtime = Type, field, |r| petsc`
/// names the runtime the handle keeps a clone of (so
/// the library outlives it, and the handle is `!Send` and `!Sync` through it), the
/// field holding it, and how to reach the [`Petsc`] runtime from it. `Drop` calls the
/// class's destroy function and records (never raises) a failure. Extra private fields
/// may follow as `name: Type = init`.
#[doc(hidden)]
#[macro_export]
macro_rules! object_handle {
    ($(#[$meta:meta])* $name:ident, $raw:ty, $destroy:path,
     runtime = $rt:ty, $rtfield:ident, |$r:ident| $to_petsc:expr
     $(; copy_lent = $copy:path)?
     $(, $field:ident : $fty:ty = $init:expr)* $(,)?) => {
        $(#[$meta])*
        pub struct $name {
            pub(crate) ptr: $raw,
            // Dropped after `ptr` is destroyed and before the runtime clone.
            parent: $crate::ffi::Parent,
            pub(crate) $rtfield: $rt,
            $(pub(crate) $field: $fty,)*
        }

        impl $name {
            /// Wraps a raw pointer whose reference the new handle takes over.
            #[allow(dead_code)]
            pub(crate) fn from_raw($rtfield: &$rt, ptr: $raw) -> Self {
                $name {
                    ptr,
                    parent: $crate::ffi::Parent::none(),
                    $rtfield: $rtfield.clone(),
                    $($field: $init,)*
                }
            }

            /// Wraps an object the library lent (as `KSPGetPC` or SLEPc's `STGetKSP` do),
            /// taking a new reference that the handle owns, so the object lives at least
            /// as long as the handle.
            ///
            /// # Safety
            /// `ptr` must point to a live object of this class, created after the
            /// runtime's initialization.
            pub unsafe fn from_raw_borrowed(
                $rtfield: &$rt,
                ptr: $raw,
            ) -> $crate::Result<Self> {
                // SAFETY: the caller guarantees a live object of this class.
                $crate::ffi::check(unsafe {
                    $crate::sys::PetscObjectReference(ptr as $crate::sys::PetscObject)
                })?;
                Ok(Self::from_raw($rtfield, ptr))
            }

            /// Wraps an object lent for a scope (a vector PETSc passes to a callback, a
            /// basis column, a dense matrix's column): the handle takes a reference as
            /// [`from_raw_borrowed`](Self::from_raw_borrowed) does, and is marked *lent*,
            /// so it can never become an owner: cloning it copies the object (or panics
            /// for a class that cannot be copied), and the functions that hand an object
            /// to another one that keeps it refuse it (see `petsc::guarantees`).
            ///
            /// # Safety
            /// As for [`from_raw_borrowed`](Self::from_raw_borrowed).
            #[doc(hidden)]
            pub unsafe fn from_raw_lent($rtfield: &$rt, ptr: $raw) -> $crate::Result<Self> {
                // SAFETY: the caller's guarantees are from_raw_borrowed's.
                let mut handle = unsafe { Self::from_raw_borrowed($rtfield, ptr) }?;
                handle.parent = $crate::ffi::Parent::lent();
                Ok(handle)
            }

            /// Whether this handle is to an object lent for a scope
            /// ([`from_raw_lent`](Self::from_raw_lent)).
            #[doc(hidden)]
            pub fn is_lent(&self) -> bool {
                self.parent.is_lent()
            }

            /// Refuses, in `context`, a lent handle whose loan has ended (see
            /// `petsc::guarantees`); every access to the object's entries asks.
            #[doc(hidden)]
            pub fn check_loan(&self, context: &str) -> $crate::Result<()> {
                self.parent.check_loan(context, stringify!($name))
            }

            /// After a callback: an error if the closure replaced this handle, lent to
            /// it for its output as `raw`, with another (`*y = other`) instead of
            /// writing into it.
            #[doc(hidden)]
            pub fn written_in_place(&self, raw: $raw) -> $crate::Result<()> {
                if self.ptr != raw {
                    return Err($crate::Error::replaced_output(stringify!($name)));
                }
                Ok(())
            }

            /// The raw pointer, for a call that makes PETSc keep the object (`what`
            /// names the call): refused for a lent object, which would outlive its loan
            /// inside the keeper.
            #[doc(hidden)]
            pub fn kept_raw(&self, what: &str) -> $crate::Result<$raw> {
                if self.is_lent() {
                    return Err($crate::Error::lent(what, stringify!($name)));
                }
                Ok(self.ptr)
            }

            /// Wraps a sub-object lent from `parent` (`KSPGetPC`, `TSGetSNES`, SLEPc's
            /// `EPSGetST`, ...), taking a reference to it and one to `parent`, so that
            /// neither is destroyed while the handle lives: sub-objects keep pointers to
            /// their parent (an SNES made by a TS calls back into the TS), and dropping
            /// the parent's handle first must not leave them dangling.
            ///
            /// # Safety
            /// `ptr` must point to a live object of this class and `parent` to a live
            /// PETSc object, both created after the runtime's initialization.
            pub unsafe fn from_raw_child(
                $rtfield: &$rt,
                ptr: $raw,
                parent: $crate::sys::PetscObject,
            ) -> $crate::Result<Self> {
                // SAFETY: the caller guarantees a live parent.
                let parent = unsafe { $crate::ffi::Parent::keep(parent) }?;
                // SAFETY: the caller guarantees a live object of this class.
                let mut handle = unsafe { Self::from_raw_borrowed($rtfield, ptr) }?;
                handle.parent = parent;
                Ok(handle)
            }

            /// The raw pointer, valid while `self` lives; for calls into the sys crate.
            pub fn as_raw(&self) -> $raw {
                self.ptr
            }
        }

        impl $crate::Object for $name {
            fn as_object(&self) -> $crate::sys::PetscObject {
                self.ptr as $crate::sys::PetscObject
            }
            fn petsc(&self) -> &$crate::Petsc {
                let $r = &self.$rtfield;
                $to_petsc
            }
            fn is_lent_object(&self) -> bool {
                self.parent.is_lent()
            }
            fn check_loan_object(&self, context: &str) -> $crate::Result<()> {
                self.check_loan(context)
            }
        }

        /// A second handle to the **same** PETSc object, as `Rc::clone` is a second
        /// pointer to the same value: it takes one more PETSc reference
        /// (`PetscObjectReference`), so the object lives until the last handle is
        /// dropped, and changes made through either handle are seen by both. This is
        /// how closures share a grid, a work vector or a matrix with each other and with
        /// the caller, with no `Rc<RefCell<..>>`. Array views stay exclusive per object,
        /// whichever handle asks (see `petsc::guarantees`). What a handle has under way
        /// (a matrix's COO declaration, an assembly begun, the steps of a
        /// factorization) is not carried over: finish it through the handle that began
        /// it. For a new object with the same layout, use the class's `duplicate` (and
        /// `copy` for its values).
        ///
        /// Panics only if PETSc refuses a new reference to a live object, which means
        /// its memory was corrupted.
        impl Clone for $name {
            fn clone(&self) -> Self {
                if self.is_lent() {
                    $(
                        return $copy(self).unwrap_or_else(|e| {
                            panic!("cannot copy a lent {}: {e}", stringify!($name))
                        });
                    )?
                    #[allow(unreachable_code)]
                    {
                        panic!("a lent {} cannot be cloned", stringify!($name));
                    }
                }
                let parent = self
                    .parent
                    .share()
                    .unwrap_or_else(|e| panic!("cannot share a {}: {e}", stringify!($name)));
                // SAFETY: `self` owns a reference to a live object of this class, so one
                // more can be taken; the new handle owns it.
                $crate::ffi::check(unsafe {
                    $crate::sys::PetscObjectReference(self.ptr as $crate::sys::PetscObject)
                })
                .unwrap_or_else(|e| panic!("cannot share a {}: {e}", stringify!($name)));
                $name {
                    ptr: self.ptr,
                    parent,
                    $rtfield: self.$rtfield.clone(),
                    // Per-handle progress (a COO declaration, an assembly begun, the
                    // steps of a factorization) stays with the handle that made it.
                    $($field: $init,)*
                }
            }
        }

        impl Drop for $name {
            fn drop(&mut self) {
                if !self.ptr.is_null() {
                    // SAFETY: the handle owns one reference to a live object.
                    $crate::ffi::record_destroy(unsafe { $destroy(&mut self.ptr) });
                }
            }
        }

        impl std::fmt::Debug for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                use $crate::Object;
                f.debug_struct(stringify!($name))
                    .field("name", &self.name().unwrap_or_default())
                    .field("type", &self.type_name().unwrap_or_default())
                    .finish()
            }
        }
    };
}

/// Defines a handle type owning one reference to a PETSc object ([`object_handle!`]
/// with the [`Petsc`] runtime in the field `petsc`).
macro_rules! petsc_handle {
    ($(#[$meta:meta])* $name:ident, $raw:ty, $destroy:path
     $(; copy_lent = $copy:path)?
     $(, $field:ident : $fty:ty = $init:expr)* $(,)?) => {
        $crate::object_handle!(
            $(#[$meta])* $name, $raw, $destroy,
            runtime = $crate::init::Petsc, petsc, |r| r
            $(; copy_lent = $copy)?
            $(, $field: $fty = $init)*
        );
    };
}
pub(crate) use petsc_handle;

/// What a handle is tied to besides its own object: the parent a sub-object's handle
/// keeps alive (one PETSc reference, released when the handle is dropped, after the
/// handle's own reference), none for top-level objects, or the loan of an object lent
/// for a scope. For the handle macros of petsc-rs and slepc-rs.
#[doc(hidden)]
#[derive(Debug)]
pub struct Parent {
    obj: sys::PetscObject,
    // The loan's number (see `crate::loan`) for a lent object.
    loan: Option<u64>,
}

impl Parent {
    /// No parent.
    pub fn none() -> Parent {
        Parent {
            obj: std::ptr::null_mut(),
            loan: None,
        }
    }

    /// No parent; the object is lent for a scope: a loan begins, which ends when this
    /// is dropped or the callback running returns.
    pub fn lent() -> Parent {
        Parent {
            obj: std::ptr::null_mut(),
            loan: Some(crate::loan::begin()),
        }
    }

    /// Whether the object is lent for a scope.
    pub fn is_lent(&self) -> bool {
        self.loan.is_some()
    }

    /// Refuses, in `context`, a lent object whose loan has ended (`class` names it).
    pub fn check_loan(&self, context: &str, class: &str) -> Result<()> {
        match self.loan {
            Some(id) if !crate::loan::is_live(id) => Err(Error::invalid(
                context,
                format!(
                    "this {class} was lent for a scope (a callback's argument, a column, \
                     ...) that has ended, and its entries are no longer the loan's: keep a \
                     copy instead (`clone()` copies a lent object)"
                ),
            )),
            _ => Ok(()),
        }
    }

    /// Takes a reference to `obj`.
    ///
    /// # Safety
    /// `obj` must be a live PETSc object.
    pub unsafe fn keep(obj: sys::PetscObject) -> Result<Parent> {
        // SAFETY: the caller guarantees a live object.
        check(unsafe { sys::PetscObjectReference(obj) })?;
        Ok(Parent { obj, loan: None })
    }
}

impl Parent {
    /// One more reference to the same parent (none for none), for a cloned handle.
    pub fn share(&self) -> Result<Parent> {
        if self.obj.is_null() {
            return Ok(Parent::none());
        }
        // SAFETY: `self` holds a reference to a live object, so it is still live.
        unsafe { Parent::keep(self.obj) }
    }
}

impl Drop for Parent {
    fn drop(&mut self) {
        if let Some(id) = self.loan {
            crate::loan::end(id);
        }
        if !self.obj.is_null() {
            // SAFETY: `keep` took this reference on a live object; releasing it may
            // destroy the parent, which the child no longer needs.
            crate::error::record_destroy(unsafe { sys::PetscObjectDereference(self.obj) });
        }
    }
}

/// Refuses, for a call that makes PETSc keep the objects (`what` names it), any of
/// `objects` that is lent for a scope (see `petsc::guarantees`).
#[doc(hidden)]
pub fn refuse_lent<'a, T: Object + ?Sized + 'a>(
    what: &str,
    objects: impl IntoIterator<Item = &'a T>,
) -> Result<()> {
    for o in objects {
        if o.is_lent_object() {
            let class = o.class_name().unwrap_or_else(|_| "object".to_string());
            return Err(Error::lent(what, &class));
        }
    }
    Ok(())
}

/// Defines the enum of a class's type names (`KSPType`, `PCType`, SLEPc's `EPSType`,
/// ...): one variant per named type plus `Other(String)` for any other registered name,
/// with `as_str`, `from_name`, `Display` and `FromStr`, and `NAMES` listing the named
/// ones. Exported for slepc-rs.
#[doc(hidden)]
#[macro_export]
macro_rules! type_enum {
    ($(#[$meta:meta])* $name:ident { $( $(#[$vmeta:meta])* $variant:ident = $s:literal, )* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )*
            /// Any other registered type, by its registered name.
            Other(String),
        }

        impl $name {
            /// The registered names of the named variants.
            pub const NAMES: &'static [&'static str] = &[$($s),*];

            /// The type's registered name, as the `-<class>_type` option takes it.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $s, )*
                    $name::Other(s) => s,
                }
            }

            /// The variant for a registered name; names without a variant become `Other`.
            pub fn from_name(name: &str) -> $name {
                match name {
                    $( $s => $name::$variant, )*
                    other => $name::Other(other.to_string()),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::convert::Infallible;
            fn from_str(s: &str) -> std::result::Result<$name, Self::Err> {
                Ok($name::from_name(s))
            }
        }
    };
}
pub(crate) use crate::type_enum;

/// The methods of a solver's converged-reason enum, from its table
/// `&[(variant, PETSc code, PETSc name)]`: `from_raw` (unnamed codes become
/// `Unknown(code)`), `code`, `is_converged` (positive code), `is_diverged` (negative),
/// `name`, and `Display` printing PETSc's name (or `CName(code)` for an unnamed one).
#[doc(hidden)]
#[macro_export]
macro_rules! converged_reason_impls {
    ($name:ident, $table:ident, $cname:literal, raw = $raw:path) => {
        /// What a declared getter reads: every code has a reason (`Unknown` for those
        /// not named).
        impl $crate::declare::COut for $name {
            type C = $raw;
            fn c_init() -> $raw {
                $raw(0)
            }
            unsafe fn from_c(c: $raw, _: &str) -> $crate::Result<$name> {
                Ok($name::from_raw(c.0))
            }
        }

        impl $name {
            /// The reason for a raw PETSc code; unnamed codes become `Unknown`.
            pub fn from_raw(code: i32) -> $name {
                $table
                    .iter()
                    .find(|(_, c, _)| *c == code)
                    .map(|(r, _, _)| *r)
                    .unwrap_or($name::Unknown(code))
            }

            /// PETSc's code for the reason.
            pub fn code(self) -> i32 {
                match self {
                    $name::Unknown(c) => c,
                    r => $table
                        .iter()
                        .find(|(v, _, _)| *v == r)
                        .map(|(_, c, _)| *c)
                        .expect("every named reason has a code"),
                }
            }

            /// Whether the solver converged (positive code).
            pub fn is_converged(self) -> bool {
                self.code() > 0
            }

            /// Whether the solver diverged or failed (negative code).
            pub fn is_diverged(self) -> bool {
                self.code() < 0
            }

            /// PETSc's name of the reason (`"CONVERGED_RTOL"`), or `None` for an unknown
            /// code.
            pub fn name(self) -> Option<&'static str> {
                $table
                    .iter()
                    .find(|(v, _, _)| *v == self)
                    .map(|(_, _, n)| *n)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self.name() {
                    Some(n) => f.write_str(n),
                    None => write!(f, concat!($cname, "({})"), self.code()),
                }
            }
        }
    };
}

/// The per-class methods every PETSc (and SLEPc) solver class shares, from one
/// declaration: `set_type`, `set_type_name` (refusing names not in the class's
/// registry), `get_type`, `set_options_prefix`/`append_options_prefix`/`options_prefix`
/// through the class's own functions (which pass the prefix on to every inner object),
/// and optionally `set_from_options`. Each wrapper carries `#[doc(alias)]` with its C
/// name and a doc example built from `example` (code making a mutable `obj` from a
/// `petsc` runtime) and `a_type` (a registered type name).
///
/// ```ignore
/// petsc::class_methods! {
///     Ksp: KspType, "KSP", sys::KSPList,
///     example = "let mut obj = petsc::Ksp::new(&petsc.self_comm())?;", a_type = "bcgs",
///     inner = " and its preconditioner",
///     set_type = sys::KSPSetType as "KSPSetType",
///     set_options_prefix = sys::KSPSetOptionsPrefix as "KSPSetOptionsPrefix",
///     append_options_prefix = sys::KSPAppendOptionsPrefix as "KSPAppendOptionsPrefix",
///     options_prefix = sys::KSPGetOptionsPrefix as "KSPGetOptionsPrefix",
///     set_from_options = sys::KSPSetFromOptions as "KSPSetFromOptions",
/// }
/// ```
#[doc(hidden)]
#[macro_export]
macro_rules! class_methods {
    (
        $handle:ident : $types:ident, $class:literal, $registry:expr,
        example = $example:literal, a_type = $a_type:literal,
        inner = $inner:literal,
        set_type = $set_type:path as $set_type_c:literal,
        set_options_prefix = $set_prefix:path as $set_prefix_c:literal,
        append_options_prefix = $append_prefix:path as $append_prefix_c:literal,
        options_prefix = $get_prefix:path as $get_prefix_c:literal
        $(, set_from_options = $from_options:path as $from_options_c:literal)? $(,)?
    ) => {
        impl $handle {
            #[doc = concat!("Sets the type (`", $set_type_c, "`).")]
            #[doc(alias = $set_type_c)]
            pub fn set_type(&mut self, ty: $types) -> $crate::Result<()> {
                self.set_type_name(ty.as_str())
            }

            #[doc = concat!(
                "Sets the type by its registered name (`\"", $a_type, "\"`); a name not ",
                "registered for ", $class, " is an `Err` naming it, and the type is ",
                "unchanged (`", $set_type_c, "`).\n\n```\nuse petsc::Object;\n",
                "let petsc = petsc::Petsc::init()?;\n", $example, "\n",
                "obj.set_type_name(\"", $a_type, "\")?;\n",
                "assert_eq!(obj.get_type()?.map(|t| t.to_string()).as_deref(), Some(\"",
                $a_type, "\"));\n",
                "let e = obj.set_type_name(\"nosuchtype\").unwrap_err();\n",
                "assert!(e.to_string().contains(\"unknown ", $class,
                " type 'nosuchtype'\"), \"{e}\");\n",
                "assert_eq!(obj.type_name()?, \"", $a_type, "\");\n",
                "# Ok::<(), petsc::Error>(())\n```"
            )]
            #[doc(alias = $set_type_c)]
            pub fn set_type_name(&mut self, name: &str) -> $crate::Result<()> {
                // SAFETY: the class's types were registered when this object was
                // created; the registry is only read.
                let n = unsafe {
                    $crate::ffi::registered_type(
                        concat!(stringify!($handle), "::set_type"),
                        $class,
                        $registry,
                        name,
                    )
                }?;
                // SAFETY: live object; the library copies the name.
                $crate::ffi::check(unsafe { $set_type(self.ptr, n.as_ptr()) })
            }

            /// The type, or `None` before one is set (it is chosen at set-up).
            pub fn get_type(&self) -> $crate::Result<Option<$types>> {
                let name = $crate::Object::type_name(self)?;
                Ok((!name.is_empty()).then(|| $types::from_name(&name)))
            }

            #[doc = concat!(
                "Sets the prefix of the options this object", $inner, " read (`",
                $set_prefix_c, "`): with `\"inner_\"` it reads `-inner_...`. This shadows ",
                "`Object::set_options_prefix`, which ",
                "would set the prefix of this object alone.\n\n```\n",
                "let petsc = petsc::Petsc::init()?;\n", $example, "\n",
                "obj.set_options_prefix(\"doc_\")?;\n",
                "assert_eq!(obj.options_prefix()?, \"doc_\");\n",
                "# Ok::<(), petsc::Error>(())\n```"
            )]
            #[doc(alias = $set_prefix_c)]
            pub fn set_options_prefix(&mut self, prefix: &str) -> $crate::Result<()> {
                let p = $crate::ffi::c_string(
                    concat!(stringify!($handle), "::set_options_prefix"),
                    prefix,
                )?;
                // SAFETY: live object; the library copies the string and passes it on.
                $crate::ffi::check(unsafe { $set_prefix(self.ptr, p.as_ptr()) })
            }

            #[doc = concat!(
                "Appends to the prefix of the options this object", $inner, " read (`",
                $append_prefix_c, "`).\n\n```\n",
                "let petsc = petsc::Petsc::init()?;\n", $example, "\n",
                "obj.set_options_prefix(\"outer_\")?;\n",
                "obj.append_options_prefix(\"sub_\")?;\n",
                "assert_eq!(obj.options_prefix()?, \"outer_sub_\");\n",
                "# Ok::<(), petsc::Error>(())\n```"
            )]
            #[doc(alias = $append_prefix_c)]
            pub fn append_options_prefix(&mut self, prefix: &str) -> $crate::Result<()> {
                let p = $crate::ffi::c_string(
                    concat!(stringify!($handle), "::append_options_prefix"),
                    prefix,
                )?;
                // SAFETY: live object; the library copies the string and passes it on.
                $crate::ffi::check(unsafe { $append_prefix(self.ptr, p.as_ptr()) })
            }

            #[doc = concat!(
                "The prefix of the options this object reads, empty if none (`",
                $get_prefix_c, "`)."
            )]
            #[doc(alias = $get_prefix_c)]
            pub fn options_prefix(&self) -> $crate::Result<String> {
                let mut p: *const std::os::raw::c_char = std::ptr::null();
                // SAFETY: live object; the library returns its own string or null.
                $crate::ffi::check(unsafe { $get_prefix(self.ptr, &mut p) })?;
                // SAFETY: the library returned its own string, or null.
                Ok(unsafe { $crate::ffi::owned(p) })
            }

            $(
                #[doc = concat!(
                    "Reads the options of this object", $inner, " from the options ",
                    "database, with its prefix (`", $from_options_c, "`). Call it after ",
                    "setting defaults in code, so the command line wins."
                )]
                #[doc(alias = $from_options_c)]
                pub fn set_from_options(&mut self) -> $crate::Result<()> {
                    // SAFETY: live object.
                    $crate::ffi::check(unsafe { $from_options(self.ptr) })
                }
            )?
        }
    };
}

/// The C name for a type a class is asked to take, refused with an error naming it when
/// it is not in the class's registry `list` (`KSPList`, `PCList`, ...), so the caller
/// sees `unknown KSP type 'foo'` and the object keeps its type.
///
/// # Safety
/// `list` must be the class's function list, read after its types were registered (any
/// object of the class has been created).
pub unsafe fn registered_type(
    context: &str,
    class: &str,
    list: sys::PetscFunctionList,
    name: &str,
) -> Result<std::ffi::CString> {
    let n = c_string(context, name)?;
    let mut f: Option<unsafe extern "C" fn()> = None;
    // SAFETY: the caller guarantees a valid list; `n` is NUL-terminated; PETSc writes the
    // function pointer or leaves it null.
    check(unsafe { sys::PetscFunctionListFind_Private(list, n.as_ptr(), &mut f) })?;
    if f.is_none() {
        return Err(crate::Error::invalid(
            context,
            format!("unknown {class} type '{name}'"),
        ));
    }
    Ok(n)
}

/// Methods every PETSc object has (`PetscObject*`).
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
pub trait Object {
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
    /// `-inner_ksp_type`).
    fn set_options_prefix(&mut self, prefix: &str) -> Result<()> {
        let p = c_string("Object::set_options_prefix", prefix)?;
        // SAFETY: live object; PETSc copies the string.
        check(unsafe { sys::PetscObjectSetOptionsPrefix(self.as_object(), p.as_ptr()) })
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

    /// Appends to the prefix of the options this object reads
    /// (`PetscObjectAppendOptionsPrefix`).
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
        let p = c_string("Object::append_options_prefix", prefix)?;
        // SAFETY: live object; PETSc copies the string.
        check(unsafe { sys::PetscObjectAppendOptionsPrefix(self.as_object(), p.as_ptr()) })
    }

    /// Reads the options every object has (`PetscObjectSetFromOptions`); the class's
    /// own options are read by its `set_from_options` method (`Ksp::set_from_options`),
    /// which method-call syntax picks first.
    #[doc(alias = "PetscObjectSetFromOptions")]
    fn set_from_options(&mut self) -> Result<()> {
        // SAFETY: live object.
        check(unsafe { sys::PetscObjectSetFromOptions(self.as_object()) })
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
    /// assert!(v.state_set(s0).is_err()); // never backwards
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

    /// Sets the state (`PetscObjectStateSet`). Only forward: a state below the
    /// current one would make PETSc take cached results of older values for current
    /// ones, and is an `Err`. See [`state_get`](Self::state_get).
    #[doc(alias = "PetscObjectStateSet")]
    fn state_set(&mut self, state: i64) -> Result<()> {
        let s = self.state_get()?;
        if state < s {
            return Err(crate::Error::invalid(
                "Object::state_set",
                format!("state {state} is below the current state {s}"),
            ));
        }
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
            return Err(crate::Error::invalid(
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

/// The key under which a user's `name` is composed (`space` is "object" or "value"),
/// apart from PETSc's own keys and petsc-rs's closures.
fn user_key(context: &str, space: &str, name: &str) -> Result<std::ffi::CString> {
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
pub(crate) fn default_real(v: Option<crate::Real>) -> crate::Real {
    v.unwrap_or(sys::PETSC_DEFAULT as crate::Real)
}

/// `PETSC_DEFAULT` for an absent integer argument (iteration limits).
pub(crate) fn default_int(v: Option<crate::Int>) -> crate::Int {
    v.unwrap_or(sys::PETSC_DEFAULT as crate::Int)
}
