//! The handle and type-name macros of SLEPc classes: petsc-rs's, with the SLEPc runtime.

/// Defines a handle type owning one reference to a SLEPc object: petsc-rs's
/// `object_handle!` with the [`Slepc`](crate::Slepc) runtime (so SLEPc and PETSc outlive
/// it) in the field `slepc`, and a `slepc()` accessor.
macro_rules! slepc_handle {
    ($(#[$meta:meta])* $name:ident, $raw:ty, $destroy:path $(,)?) => {
        petsc::object_handle!(
            $(#[$meta])* $name, $raw, $destroy,
            runtime = $crate::Slepc, slepc, |s| s.petsc()
        );

        impl $name {
            /// The SLEPc runtime this object belongs to.
            pub fn slepc(&self) -> &$crate::Slepc {
                &self.slepc
            }
        }
    };
}
pub(crate) use slepc_handle;

pub(crate) use petsc::type_enum;

/// A Rust enum over a C enum of SLEPc (a bindgen newtype): `raw()` and a checked
/// `from_raw()` that refuses values it does not know.
macro_rules! raw_enum {
    ($(#[$meta:meta])* $name:ident : $raw:ident { $( $(#[$vmeta:meta])* $variant:ident = $c:ident, )* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )*
        }

        impl $name {
            fn raw(self) -> sys::$raw {
                match self {
                    $( $name::$variant => sys::$raw::$c, )*
                }
            }

            #[allow(dead_code)]
            fn from_raw(r: sys::$raw) -> Result<$name> {
                $( if r == sys::$raw::$c { return Ok($name::$variant); } )*
                Err(Error::invalid(stringify!($raw), format!("unknown value {}", r.0)))
            }
        }
    };
}
pub(crate) use raw_enum;

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

/// `PetscBool` of a Rust bool.
pub(crate) fn petsc_bool(b: bool) -> slepc_sys::PetscBool {
    if b {
        slepc_sys::PETSC_BOOL_TRUE
    } else {
        slepc_sys::PETSC_BOOL_FALSE
    }
}
