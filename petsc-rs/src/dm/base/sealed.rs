//! The raw side of a DM handle, on which [`DmBase`](super::DmBase) is built: implemented
//! by this crate's DM handles only, which seals the trait.

use petsc_sys as sys;

use crate::error::Result;
use crate::init::Petsc;

/// The raw side of a DM handle; implemented by this crate's DM handles only.
pub trait DmRaw {
    /// The raw `DM`, valid while the handle lives.
    fn dm_raw(&self) -> sys::DM;

    /// Wraps `dm` (a live DM whose reference the new handle takes over) as a handle
    /// of this kind; a DM of another kind is destroyed and refused with an `Err`
    /// naming `ctx`.
    fn wrap_dm(petsc: &Petsc, dm: sys::DM, ctx: &str) -> Result<Self>
    where
        Self: Sized;
}
