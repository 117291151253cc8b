//! PETSc's error and signal handler stacks, as far as they can change without taking
//! errors away from the crate: error handlers that still record each error for the
//! `Err` it becomes, pushed for a scope; PETSc's signal handler removed.

use std::os::raw::{c_char, c_int, c_void};

use petsc_sys as sys;

use crate::error::{Result, check};
use crate::init::Petsc;

/// An error handler [`Petsc::push_error_handler`] can push (`PetscErrorHandler`). Each
/// records the error as the crate's own handler does, so PETSc's failures still come
/// back as [`Error::Petsc`](crate::Error::Petsc) with PETSc's message and traceback.
///
/// petsc4py's other names are left out: `"debugger"` and `"emacs"` start a debugger or
/// an editor, `"abort"` and `"mpiabort"` end the process instead of returning the
/// error, and `"python"` needs petsc4py.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorHandler {
    /// `PetscTraceBackErrorHandler`: PETSc also prints each error's message and
    /// traceback on standard error, as C programs show them.
    Traceback,
    /// `PetscReturnErrorHandler`: nothing printed (the crate's own handler, the one
    /// active after [`Petsc::init`]).
    Return,
}

/// An error handler pushed by [`Petsc::push_error_handler`]; dropping it (or
/// [`Petsc::pop_error_handler`]) pops it.
#[must_use = "the handler is popped when the guard is dropped"]
#[derive(Debug)]
pub struct ErrorHandlerGuard<'a> {
    _petsc: &'a Petsc,
    /// Not `Send`: the guard pops on the thread that pushed.
    _not_send: std::marker::PhantomData<*const ()>,
}

impl Drop for ErrorHandlerGuard<'_> {
    fn drop(&mut self) {
        // SAFETY: PETSc is initialized (the borrowed `Petsc`); this guard's push
        // succeeded, so the stack holds one more handler than the crate's own.
        crate::error::record_destroy(unsafe { sys::PetscPopErrorHandler() });
    }
}

/// [`ErrorHandler::Traceback`]: records the error, then lets PETSc print it.
unsafe extern "C" fn traceback_handler(
    comm: sys::MPI_Comm,
    line: c_int,
    fun: *const c_char,
    file: *const c_char,
    n: sys::PetscErrorCode,
    p: sys::PetscErrorType,
    mess: *const c_char,
    ctx: *mut c_void,
) -> sys::PetscErrorCode {
    // SAFETY: the arguments as PETSc passed them, live for the call.
    unsafe { crate::error::error_handler(comm, line, fun, file, n, p, mess, ctx) };
    // SAFETY: as above; PETSc's handler prints and returns the code.
    unsafe { sys::PetscTraceBackErrorHandler(comm, line, fun, file, n, p, mess, ctx) }
}

impl Petsc {
    /// Pushes an error handler for as long as the returned guard lives
    /// (`PetscPushErrorHandler`; petsc4py's `pushErrorHandler("traceback")` or
    /// `("return")`): with [`ErrorHandler::Traceback`], PETSc prints each error it
    /// raises on standard error, and the call still returns it as an `Err`. Dropping the
    /// guard, or [`pop_error_handler`](Self::pop_error_handler), pops it
    /// (`PetscPopErrorHandler`). The handler stack is PETSc's, one per process.
    ///
    /// ```
    /// use petsc::ErrorHandler;
    /// let petsc = petsc::Petsc::init()?;
    /// let printing = petsc.push_error_handler(ErrorHandler::Traceback)?;
    /// // PETSc prints this error on standard error ...
    /// let e = petsc.options().insert_string("-options_file /no/such/file").unwrap_err();
    /// // ... and its message still comes back.
    /// assert!(e.to_string().contains("/no/such/file"), "{e}");
    /// petsc.pop_error_handler(printing)?;
    /// let e = petsc.options().insert_string("-options_file /no/such/file").unwrap_err();
    /// assert!(e.to_string().contains("/no/such/file"), "{e}");
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscPushErrorHandler")]
    pub fn push_error_handler(&self, handler: ErrorHandler) -> Result<ErrorHandlerGuard<'_>> {
        let f = match handler {
            ErrorHandler::Traceback => traceback_handler,
            ErrorHandler::Return => crate::error::error_handler,
        };
        // SAFETY: PETSc is initialized (`self`); a plain function with no context.
        check(unsafe { sys::PetscPushErrorHandler(Some(f), std::ptr::null_mut()) })?;
        Ok(ErrorHandlerGuard {
            _petsc: self,
            _not_send: std::marker::PhantomData,
        })
    }

    /// Pops the error handler `guard` pushed (`PetscPopErrorHandler`), as dropping it
    /// does. The crate's own handler, pushed by [`init`](Petsc::init), cannot be popped.
    #[doc(alias = "PetscPopErrorHandler")]
    pub fn pop_error_handler(&self, guard: ErrorHandlerGuard<'_>) -> Result<()> {
        std::mem::forget(guard);
        // SAFETY: PETSc is initialized; the guard's push succeeded and it will not pop
        // again (forgotten).
        check(unsafe { sys::PetscPopErrorHandler() })
    }

    /// Removes the signal handler on top of PETSc's stack (`PetscPopSignalHandler`):
    /// the one `PetscInitialize` installs, which reports a segmentation fault,
    /// floating-point exception, bus error, ... with PETSc's message and ends the job.
    /// Once the stack is empty, these signals take the system's default action (a
    /// core dump a debugger can read, say), and further calls do nothing. Errors, which
    /// are not signals, are unaffected.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// petsc.pop_signal_handler()?;
    /// petsc.pop_signal_handler()?; // an empty stack: nothing to do
    /// assert!(petsc.options().insert_string("-options_file /no/such/file").is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscPopSignalHandler")]
    pub fn pop_signal_handler(&self) -> Result<()> {
        // SAFETY: PETSc is initialized (`self`); PETSc returns at once on an empty stack.
        check(unsafe { sys::PetscPopSignalHandler() })
    }
}
