//! The handle macros (`object_handle!`, `petsc_handle!`) and what a handle is tied to
//! besides its own object ([`Parent`]: a kept parent, or the loan of a lent object).

use petsc_sys as sys;

use super::Object;
use crate::error::{Error, Result, check};

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
     $(; scoped_end = $scoped_end:path)?
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
            /// so it can never become an owner: a clone of it is lent under the same loan,
            /// and the functions that hand an object to another one that keeps it refuse
            /// it (see `petsc::guarantees`).
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

            /// Wraps an object lent for the callback running (its argument): a lent
            /// handle, as [`from_raw_lent`](Self::from_raw_lent) makes, that takes no
            /// PETSc reference while the callback runs (PETSc holds the object for the
            /// call); a reference is taken when the callback returns only if the handle
            /// is still held then (moved out of the argument and kept). Outside a
            /// callback, the same as `from_raw_lent`.
            ///
            /// # Safety
            /// `ptr` must point to a live object of this class, created after the
            /// runtime's initialization, that stays alive until the callback running
            /// returns.
            #[doc(hidden)]
            #[inline]
            pub unsafe fn from_raw_scoped($rtfield: &$rt, ptr: $raw) -> $crate::Result<Self> {
                let obj = ptr as $crate::sys::PetscObject;
                // SAFETY: a live object, alive until the callback returns (caller).
                let parent = match unsafe { $crate::ffi::Parent::scoped(obj) } {
                    Some(parent) => parent,
                    // SAFETY: as above.
                    None => unsafe { $crate::ffi::Parent::referenced(obj) }?,
                };
                Ok($name {
                    ptr,
                    parent,
                    $rtfield: $rtfield.clone(),
                    $($field: $init,)*
                })
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
            #[inline]
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

        // SAFETY: `ptr` is the live object this handle holds a reference to (or a loan
        // of, which outlives the handle), and `petsc` the runtime it belongs to.
        unsafe impl $crate::Object for $name {
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
            // The class's own functions where it declares them (see `object/hooks.rs`).
            fn set_options_prefix(&mut self, prefix: &str) -> $crate::Result<()> {
                #[allow(unused_imports)]
                use $crate::ffi::{ClassHooks as _, ObjectHooks as _};
                (&$crate::ffi::ClassOf::<$name>::new()).set_options_prefix(self, prefix)
            }
            fn append_options_prefix(&mut self, prefix: &str) -> $crate::Result<()> {
                #[allow(unused_imports)]
                use $crate::ffi::{ClassHooks as _, ObjectHooks as _};
                (&$crate::ffi::ClassOf::<$name>::new()).append_options_prefix(self, prefix)
            }
            fn set_from_options(&mut self) -> $crate::Result<()> {
                #[allow(unused_imports)]
                use $crate::ffi::{ClassHooks as _, ObjectHooks as _};
                (&$crate::ffi::ClassOf::<$name>::new()).set_from_options(self)
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
        /// it.
        ///
        /// The clone of a handle *lent* for a scope (a callback's argument, a basis
        /// column) is lent too, under the same loan: its entries can be read and
        /// written while the loan lasts and are refused (`Err`) once it ends, exactly
        /// as the original's; its own reference keeps the object alive for everything
        /// else (sizes, names), and a call that would make PETSc keep it refuses it.
        /// To keep a lent object's values past its loan, take a copy with the class's
        /// `deep_copy` (a new object with the same layout and values).
        ///
        /// Never fails in practice: it panics only if PETSc refuses a new reference to
        /// a live object, which means its memory was corrupted.
        impl Clone for $name {
            fn clone(&self) -> Self {
                let parent = self
                    .parent
                    .share()
                    .unwrap_or_else(|e| panic!("cannot share a {}: {e}", stringify!($name)));
                // SAFETY: the object is live (`self` holds a reference to it, or a loan
                // its lender keeps it alive for), so one more reference can be taken;
                // the new handle owns it.
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
                if self.ptr.is_null() {
                    return;
                }
                match self.parent.held() {
                    $crate::ffi::Held::Reference => {
                        // SAFETY: the handle owns one reference to a live object.
                        $crate::ffi::record_destroy(unsafe { $destroy(&mut self.ptr) });
                    }
                    $crate::ffi::Held::Loan => {
                        $(
                            // SAFETY: the object is alive while its loan lasts.
                            $crate::ffi::record_destroy(unsafe { $scoped_end(self.ptr) });
                        )?
                    }
                    $crate::ffi::Held::Nothing => {}
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
     $(; scoped_end = $scoped_end:path)?
     $(, $field:ident : $fty:ty = $init:expr)* $(,)?) => {
        $crate::object_handle!(
            $(#[$meta])* $name, $raw, $destroy,
            runtime = $crate::init::Petsc, petsc, |r| r
            $(; scoped_end = $scoped_end)?
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
    // The loan of a lent object (see `crate::loan`); a scoped one holds no reference of
    // its own while it lasts.
    loan: Option<crate::loan::Loan>,
    // Whether the loan is another handle's, shared by a clone: the clone holds a
    // reference of its own, and its drop releases it without ending the loan.
    sharer: bool,
}

impl Parent {
    /// No parent.
    pub fn none() -> Parent {
        Parent {
            obj: std::ptr::null_mut(),
            loan: None,
            sharer: false,
        }
    }

    /// No parent; the object is lent for a scope: a loan begins, which ends when this
    /// is dropped or the callback running returns.
    pub fn lent() -> Parent {
        Parent {
            obj: std::ptr::null_mut(),
            loan: Some(crate::loan::Loan::Own(crate::loan::begin())),
            sharer: false,
        }
    }

    /// No parent; `obj` is lent for the callback running, and the handle takes no
    /// reference to it: the loan ends when the callback returns, and a reference is
    /// taken then only if the handle is still held (see `crate::loan`). `None` outside
    /// a callback, where [`referenced`](Self::referenced) is the handle's parent.
    ///
    /// # Safety
    /// `obj` must be a live PETSc object that stays alive until the callback running
    /// returns.
    #[inline(always)]
    pub unsafe fn scoped(obj: sys::PetscObject) -> Option<Parent> {
        crate::loan::begin_scoped(obj).map(|loan| Parent {
            obj: std::ptr::null_mut(),
            loan: Some(loan),
            sharer: false,
        })
    }

    /// [`scoped`](Self::scoped) outside any callback: takes a reference to `obj`, and
    /// the loan is [`lent`](Self::lent)'s.
    ///
    /// # Safety
    /// `obj` must be a live PETSc object.
    #[cold]
    #[inline(never)]
    pub unsafe fn referenced(obj: sys::PetscObject) -> Result<Parent> {
        // SAFETY: live object (caller).
        check(unsafe { sys::PetscObjectReference(obj) })?;
        Ok(Parent::lent())
    }

    /// Called once, when the handle is dropped: whether it holds a reference to its
    /// object to release, and for one that holds none, whether its loan is live (the
    /// object alive). A clone sharing another handle's loan holds a reference.
    #[inline]
    pub fn held(&self) -> crate::loan::Held {
        match self.loan {
            Some(crate::loan::Loan::Scoped { frame, slot }) if !self.sharer => {
                crate::loan::drop_scoped(frame, slot)
            }
            _ => crate::loan::Held::Reference,
        }
    }

    /// Whether the object is lent for a scope.
    pub fn is_lent(&self) -> bool {
        self.loan.is_some()
    }

    /// Refuses, in `context`, a lent object whose loan has ended (`class` names it).
    #[inline]
    pub fn check_loan(&self, context: &str, class: &str) -> Result<()> {
        match self.loan {
            Some(loan) if !crate::loan::is_live(loan) => Err(ended_loan(context, class)),
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
        Ok(Parent {
            obj,
            loan: None,
            sharer: false,
        })
    }
}

/// The refusal of an access through a lent handle whose loan has ended (out of line: the
/// check runs on every access to a lent object's entries).
#[cold]
#[inline(never)]
fn ended_loan(context: &str, class: &str) -> Error {
    Error::invalid(
        context,
        format!(
            "this {class} was lent for a scope (a callback's argument, a column, \
             ...) that has ended, and its entries are no longer the loan's: keep a \
             copy instead, made while the loan lasts (`deep_copy()`)"
        ),
    )
}

impl Parent {
    /// For a cloned handle: one more reference to the same parent (none for none), and
    /// the same loan, shared (the clone's validity is the original's: its loan ends
    /// when the original's does, and never because the clone is dropped).
    pub fn share(&self) -> Result<Parent> {
        let mut shared = if self.obj.is_null() {
            Parent::none()
        } else {
            // SAFETY: `self` holds a reference to a live object, so it is still live.
            unsafe { Parent::keep(self.obj) }?
        };
        shared.loan = self.loan;
        shared.sharer = self.loan.is_some();
        Ok(shared)
    }
}

impl Drop for Parent {
    #[inline]
    fn drop(&mut self) {
        // A scoped loan ends with its callback, not with the handle; with no parent and
        // no loan of its own (a callback's argument, most top-level handles), nothing
        // to end.
        if !self.obj.is_null()
            || (!self.sharer && matches!(self.loan, Some(crate::loan::Loan::Own(_))))
        {
            self.release();
        }
    }
}

impl Parent {
    /// [`Drop`] with a loan of its own (not a shared one) or a parent to release.
    #[inline(never)]
    fn release(&mut self) {
        if let (Some(crate::loan::Loan::Own(id)), false) = (self.loan, self.sharer) {
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
