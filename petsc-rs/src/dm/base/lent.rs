//! The objects a DM lends through its `DMGet...` getters (sections, star forests,
//! vectors, DMs, maps), each wrapped as a handle with a reference of its own, for
//! [`DmBase`]'s getters.

use petsc_sys as sys;

use crate::dm::DmBase;
use crate::dm::returned::opt;
use crate::error::{Result, check};
use crate::init::Petsc;

/// One of PETSc's `DMGet...` getters of an object the DM lends: it writes the object's
/// pointer, or null when the DM has none.
pub(super) type Getter<P> = unsafe extern "C" fn(sys::DM, *mut *mut P) -> sys::PetscErrorCode;

/// A handle class's `from_raw_borrowed`: wraps a live object, taking a new reference.
pub(super) type Borrow<P, H> = unsafe fn(&Petsc, *mut P) -> Result<H>;

/// The lent objects of every DM, as methods.
pub(super) trait Lends {
    /// The object `get` lends, wrapped by `wrap` (the `from_raw_borrowed` of the class
    /// `get` returns), or `None` when PETSc gives none.
    fn lent<P, H>(&self, get: Getter<P>, wrap: Borrow<P, H>) -> Result<Option<H>>;

    /// The object `get` always lends (making it if needed), wrapped by `wrap` as for
    /// [`lent`](Self::lent).
    fn made_lent<P, H>(&self, get: Getter<P>, wrap: Borrow<P, H>) -> Result<H>;
}

impl<D: DmBase + ?Sized> Lends for D {
    fn lent<P, H>(&self, get: Getter<P>, wrap: Borrow<P, H>) -> Result<Option<H>> {
        let p = raw(self, get)?;
        // SAFETY: a live object of the class `get` lends (null is `None`), which `wrap`
        // (its class's `from_raw_borrowed`, by the pointer type) takes a reference to.
        opt(p, |p| unsafe { wrap(self.petsc(), p) })
    }

    fn made_lent<P, H>(&self, get: Getter<P>, wrap: Borrow<P, H>) -> Result<H> {
        let p = raw(self, get)?;
        // SAFETY: the live object of the class `get` lends, which `wrap` (its class's
        // `from_raw_borrowed`, by the pointer type) takes a reference to.
        unsafe { wrap(self.petsc(), p) }
    }
}

fn raw<D: DmBase + ?Sized, P>(dm: &D, get: Getter<P>) -> Result<*mut P> {
    let mut p: *mut P = std::ptr::null_mut();
    // SAFETY: live DM; `get` is a PETSc getter, which writes an object it lends, or null.
    check(unsafe { get(dm.dm_raw(), &mut p) })?;
    Ok(p)
}
