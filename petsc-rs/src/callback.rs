//! Closures stored in C objects' contexts: [`Slot`] keeps a closure alive while it runs
//! and refuses a re-entrant call, so no safe sequence of calls can drop a running
//! closure (a monitor that cancels the monitors of its own solver through another
//! handle) or hand out two `&mut` to one (a shell PC applied again from inside its own
//! apply).

use std::cell::RefCell;
use std::rc::Rc;

use crate::error::{Error, Result};

/// A closure owned by a C object's context (for petsc-rs's and slepc-rs's trampolines).
///
/// The context holds one `Slot`; a trampoline calls it through [`Slot::call`] with the
/// raw context pointer, which first takes a second strong count, so a destroy hook that
/// runs during the call (and drops the context) leaves the closure alive until the call
/// returns.
pub struct Slot<F: ?Sized>(Rc<RefCell<Box<F>>>);

impl<F: ?Sized> std::fmt::Debug for Slot<F> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Slot")
            .field("running", &self.0.try_borrow_mut().is_err())
            .finish()
    }
}

impl<F: ?Sized> Slot<F> {
    /// A slot holding `f`.
    pub fn new(f: Box<F>) -> Slot<F> {
        Slot(Rc::new(RefCell::new(f)))
    }

    /// Runs `body` with the closure; a call made while the closure already runs is
    /// refused with an `Err` naming `name`.
    ///
    /// # Safety
    /// `this` must point to a live `Slot` (the context PETSc passed); it may be freed
    /// while `body` runs.
    pub unsafe fn call<R>(
        this: *const Slot<F>,
        name: &str,
        body: impl FnOnce(&mut F) -> Result<R>,
    ) -> Result<R> {
        // SAFETY: the caller guarantees a live slot; the reference ends with this line.
        let keep = unsafe { &*this }.share();
        keep.invoke(name, body)
    }

    /// Another owner of the same closure (kept by a trampoline for the length of a call).
    pub fn share(&self) -> Slot<F> {
        Slot(Rc::clone(&self.0))
    }

    /// Runs `body` with the closure; a call made while the closure already runs is
    /// refused with an `Err` naming `name`.
    pub fn invoke<R>(&self, name: &str, body: impl FnOnce(&mut F) -> Result<R>) -> Result<R> {
        let mut f = self.0.try_borrow_mut().map_err(|_| {
            Error::invalid(
                name,
                "called again while it runs (re-entered from inside itself, for example \
                 through another handle to the same object)",
            )
        })?;
        body(&mut f)
    }
}
