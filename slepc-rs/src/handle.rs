//! The small equivalents of `petsc-rs`'s handle and type-name macros, for SLEPc classes.

/// Defines a handle type owning one reference to a SLEPc object: it holds a clone of the
/// [`Slepc`](crate::Slepc) runtime (so SLEPc and PETSc outlive it), is `!Send + !Sync`
/// through it, and `Drop` destroys it, recording (never raising) a failure.
macro_rules! slepc_handle {
    ($(#[$meta:meta])* $name:ident, $raw:ty, $destroy:path $(, $field:ident : $fty:ty = $init:expr)* $(,)?) => {
        $(#[$meta])*
        pub struct $name {
            pub(crate) ptr: $raw,
            // Dropped after `ptr` is destroyed and before the runtime clone.
            parent: petsc::ffi::Parent,
            pub(crate) slepc: $crate::Slepc,
            $($field: $fty,)*
        }

        impl $name {
            /// Wraps a raw pointer whose reference the new handle takes over.
            #[allow(dead_code)]
            pub(crate) fn from_raw(slepc: &$crate::Slepc, ptr: $raw) -> Self {
                $name {
                    ptr,
                    parent: petsc::ffi::Parent::none(),
                    slepc: slepc.clone(),
                    $($field: $init,)*
                }
            }

            /// Wraps a sub-object SLEPc lent from `parent` (`EPSGetST`), taking a
            /// reference to it and one to `parent`, so neither is destroyed while the
            /// handle lives.
            ///
            /// # Safety
            /// `ptr` must point to a live object of this class and `parent` to a live
            /// PETSc object.
            #[allow(dead_code)]
            pub(crate) unsafe fn from_raw_child(
                slepc: &$crate::Slepc,
                ptr: $raw,
                parent: slepc_sys::PetscObject,
            ) -> petsc::Result<Self> {
                // SAFETY: the caller guarantees a live parent.
                let parent = unsafe { petsc::ffi::Parent::keep(parent as _) }?;
                // SAFETY: the caller guarantees a live object of this class.
                petsc::ffi::check(unsafe {
                    slepc_sys::PetscObjectReference(ptr as slepc_sys::PetscObject)
                })?;
                let mut handle = Self::from_raw(slepc, ptr);
                handle.parent = parent;
                Ok(handle)
            }

            /// The raw SLEPc pointer, valid while `self` lives; for calls into `slepc-sys`.
            pub fn as_raw(&self) -> $raw {
                self.ptr
            }

            /// The SLEPc runtime this object belongs to.
            pub fn slepc(&self) -> &$crate::Slepc {
                &self.slepc
            }
        }

        impl petsc::Object for $name {
            fn as_object(&self) -> slepc_sys::PetscObject {
                self.ptr as slepc_sys::PetscObject
            }
            fn petsc(&self) -> &petsc::Petsc {
                self.slepc.petsc()
            }
        }

        impl Drop for $name {
            fn drop(&mut self) {
                if !self.ptr.is_null() {
                    // SAFETY: the handle owns one reference to a live object.
                    $crate::error::record_destroy(unsafe { $destroy(&mut self.ptr) });
                }
            }
        }

        impl std::fmt::Debug for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                use petsc::Object;
                f.debug_struct(stringify!($name))
                    .field("name", &self.name().unwrap_or_default())
                    .field("type", &self.type_name().unwrap_or_default())
                    .finish()
            }
        }
    };
}
pub(crate) use slepc_handle;

/// Defines the enum of a class's type names (`EPSType`, `STType`): one variant per named
/// type plus `Other(String)`, with `as_str`, `from_name`, `NAMES`, `Display`, `FromStr`.
macro_rules! type_enum {
    ($(#[$meta:meta])* $name:ident { $( $(#[$vmeta:meta])* $variant:ident = $s:literal, )* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )*
            /// Any other registered type, by its SLEPc name.
            Other(String),
        }

        impl $name {
            /// The SLEPc names of the named variants.
            pub const NAMES: &'static [&'static str] = &[$($s),*];

            /// SLEPc's name of the type, as the `-<class>_type` option takes it.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $s, )*
                    $name::Other(s) => s,
                }
            }

            /// The variant for a SLEPc name; names without a variant become `Other`.
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
pub(crate) use type_enum;

/// `(real, imaginary)` parts of a scalar.
#[cfg(not(slepc_complex))]
#[inline]
pub(crate) fn parts(s: petsc::Scalar) -> (petsc::Real, petsc::Real) {
    (s, 0.0)
}

/// `(real, imaginary)` parts of a scalar.
#[cfg(slepc_complex)]
#[inline]
pub(crate) fn parts(s: petsc::Scalar) -> (petsc::Real, petsc::Real) {
    (s.re, s.im)
}
