//! The class's own functions behind [`Object`]'s generic methods: with them,
//! `Object::set_options_prefix` on a KSP is `KSPSetOptionsPrefix` (which reaches its PC),
//! as the inherent `Ksp::set_options_prefix` is, so the trait method and the inherent one
//! that shadows it do the same thing.
//!
//! A handle's `Object` implementation (written by `object_handle!`) asks
//! `(&ClassOf::<Handle>::new()).set_options_prefix(..)`: a class that declares its own
//! functions implements [`ClassHooks`] for `ClassOf<Handle>` (`class_methods!` writes it;
//! a hand-written class writes it next to its methods), and method resolution picks that
//! implementation before [`ObjectHooks`], implemented for every `&ClassOf<T>`, which
//! falls back on the `PetscObject*` functions.

use std::marker::PhantomData;

use petsc_sys as sys;

use super::Object;
use crate::error::{Result, c_string, check};

/// The marker the class hooks of `T` are looked up on.
#[doc(hidden)]
pub struct ClassOf<T>(PhantomData<T>);

impl<T> std::fmt::Debug for ClassOf<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ClassOf")
    }
}

impl<T> ClassOf<T> {
    /// The marker.
    #[allow(clippy::new_without_default)]
    pub const fn new() -> Self {
        ClassOf(PhantomData)
    }
}

/// `PetscObjectSetOptionsPrefix`.
#[doc(hidden)]
pub fn object_set_options_prefix<T: Object + ?Sized>(obj: &mut T, prefix: &str) -> Result<()> {
    let p = c_string("Object::set_options_prefix", prefix)?;
    // SAFETY: live object; PETSc copies the string.
    check(unsafe { sys::PetscObjectSetOptionsPrefix(obj.as_object(), p.as_ptr()) })
}

/// `PetscObjectAppendOptionsPrefix`.
#[doc(hidden)]
pub fn object_append_options_prefix<T: Object + ?Sized>(obj: &mut T, prefix: &str) -> Result<()> {
    let p = c_string("Object::append_options_prefix", prefix)?;
    // SAFETY: live object; PETSc copies the string.
    check(unsafe { sys::PetscObjectAppendOptionsPrefix(obj.as_object(), p.as_ptr()) })
}

/// `PetscObjectSetFromOptions`.
#[doc(hidden)]
pub fn object_set_from_options<T: Object + ?Sized>(obj: &mut T) -> Result<()> {
    // SAFETY: live object.
    crate::error::check_from_options(unsafe { sys::PetscObjectSetFromOptions(obj.as_object()) })
}

/// A class's own prefix and options functions (`KSPSetOptionsPrefix`, ...), for the
/// [`Object`] methods of its handle `T`; each defaults to the `PetscObject*` one.
#[doc(hidden)]
pub trait ClassHooks<T: Object> {
    /// The class's `XSetOptionsPrefix`.
    fn set_options_prefix(&self, obj: &mut T, prefix: &str) -> Result<()> {
        object_set_options_prefix(obj, prefix)
    }
    /// The class's `XAppendOptionsPrefix`.
    fn append_options_prefix(&self, obj: &mut T, prefix: &str) -> Result<()> {
        object_append_options_prefix(obj, prefix)
    }
    /// The class's `XSetFromOptions`.
    fn set_from_options(&self, obj: &mut T) -> Result<()> {
        object_set_from_options(obj)
    }
}

/// The `PetscObject*` functions, for a class without [`ClassHooks`].
#[doc(hidden)]
pub trait ObjectHooks<T: Object> {
    /// `PetscObjectSetOptionsPrefix`.
    fn set_options_prefix(&self, obj: &mut T, prefix: &str) -> Result<()> {
        object_set_options_prefix(obj, prefix)
    }
    /// `PetscObjectAppendOptionsPrefix`.
    fn append_options_prefix(&self, obj: &mut T, prefix: &str) -> Result<()> {
        object_append_options_prefix(obj, prefix)
    }
    /// `PetscObjectSetFromOptions`.
    fn set_from_options(&self, obj: &mut T) -> Result<()> {
        object_set_from_options(obj)
    }
}

impl<T: Object> ObjectHooks<T> for &ClassOf<T> {}
