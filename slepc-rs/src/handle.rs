//! The handle and type-name macros of SLEPc classes: petsc-rs's, with the SLEPc runtime.

/// Defines a handle type owning one reference to a SLEPc object: petsc-rs's
/// `object_handle!` with the [`Slepc`](crate::Slepc) runtime (so SLEPc and PETSc outlive
/// it) in the field `slepc`, and a `slepc()` accessor; with `new = XCreate as "XCreate"`
/// (after the constructor's doc lines) also `new(comm)`, which creates the object on
/// `comm` through the class's create function.
macro_rules! slepc_handle {
    ($(#[$meta:meta])* $name:ident, $raw:ty, $destroy:path
     $(, $(#[$new_meta:meta])* new = $create:path as $alias:literal)? $(,)?) => {
        petsc::object_handle!(
            $(#[$meta])* $name, $raw, $destroy,
            runtime = $crate::Slepc, slepc, |s| s.petsc()
        );

        impl $name {
            /// The SLEPc runtime this object belongs to.
            pub fn slepc(&self) -> &$crate::Slepc {
                &self.slepc
            }
            $(
                $(#[$new_meta])*
                ///
                /// SLEPc is initialized on the communicator's PETSc runtime first if it is
                /// not yet ([`Slepc::init`](crate::Slepc::init)).
                #[doc(alias = $alias)]
                pub fn new(comm: &petsc::Comm) -> petsc::Result<$name> {
                    $crate::handle::create(comm, $create, $name::from_raw)
                }
            )?
        }
    };
}
pub(crate) use slepc_handle;

pub(crate) use petsc::type_enum;

/// A new object of a SLEPc class on `comm` through the class's `create` (`XCreate`),
/// initializing SLEPc on the communicator's PETSc runtime if needed; `wrap` makes the
/// handle owning it.
pub(crate) fn create<R, H>(
    comm: &petsc::Comm,
    create: unsafe extern "C" fn(slepc_sys::MPI_Comm, *mut *mut R) -> slepc_sys::PetscErrorCode,
    wrap: impl FnOnce(&crate::Slepc, *mut R) -> H,
) -> petsc::Result<H> {
    let slepc = crate::Slepc::init(comm.petsc())?;
    let mut raw = std::ptr::null_mut();
    // SAFETY: live communicator; SLEPc writes the new object.
    crate::error::check(unsafe { create(comm.as_raw(), &mut raw) })?;
    Ok(wrap(&slepc, raw))
}

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

/// The `n` linear solvers of the array `ksps` a solver lends (`EPSCISSGetKSPs`,
/// `PEPCISSGetKSPs`), each a handle holding a reference to it and one to the solver
/// `parent`; none for an empty or null array.
///
/// # Safety
/// `ksps` must be null or point to `n` live KSPs of the live object `parent`.
pub(crate) unsafe fn child_ksps(
    petsc: &petsc::Petsc,
    parent: slepc_sys::PetscObject,
    n: petsc::Int,
    ksps: *mut slepc_sys::KSP,
) -> petsc::Result<Vec<petsc::Ksp>> {
    let len = usize::try_from(n).unwrap_or(0);
    if len == 0 || ksps.is_null() {
        return Ok(Vec::new());
    }
    // SAFETY: the caller's array of `n` live KSPs, copied before any call.
    let raw = unsafe { std::slice::from_raw_parts(ksps, len) }.to_vec();
    raw.into_iter()
        // SAFETY: live KSP and solver (caller); the handle takes a reference to each.
        .map(|k| unsafe { petsc::Ksp::from_raw_child(petsc, k, parent) })
        .collect()
}
