//! Error checking for SLEPc calls, and the callback trampolines' panic and error capture.
//!
//! SLEPc reports errors through PETSc's error system, so the error handler that
//! `petsc-rs` pushes at initialization records them (nothing is printed). This module
//! turns a non-zero code into a [`petsc::Error::Petsc`] with PETSc's own message
//! (`PetscErrorMessage`), and keeps errors and panics of Rust callbacks (EPS monitors)
//! until the C call returns, as `petsc-rs` does for its own callbacks.

use std::cell::{Cell, RefCell};
use std::ffi::{CStr, CString};
use std::os::raw::{c_char, c_int};

use petsc::{Error, Result};
use slepc_sys as sys;

thread_local! {
    static PENDING: RefCell<Option<Error>> = const { RefCell::new(None) };
    static HAS_PENDING: Cell<bool> = const { Cell::new(false) };
}

fn cstr(p: *const c_char) -> String {
    if p.is_null() {
        String::new()
    } else {
        // SAFETY: PETSc returns NUL-terminated strings that live at least for this call.
        unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned()
    }
}

/// Turns a PETSc/SLEPc error code into a `Result`; an error stashed by a callback
/// trampoline during the call takes precedence.
#[inline]
pub(crate) fn check(ierr: sys::PetscErrorCode) -> Result<()> {
    if ierr == 0 && !HAS_PENDING.with(Cell::get) {
        return Ok(());
    }
    failure(ierr)
}

#[cold]
#[inline(never)]
fn failure(ierr: sys::PetscErrorCode) -> Result<()> {
    HAS_PENDING.with(|h| h.set(false));
    if let Some(e) = PENDING.with(|p| p.borrow_mut().take()) {
        return Err(e);
    }
    if ierr == 0 {
        return Ok(());
    }
    let mut text: *const c_char = std::ptr::null();
    let mut specific: *mut c_char = std::ptr::null_mut();
    // SAFETY: PetscErrorMessage writes pointers to PETSc's static strings (the generic
    // text of the code, and the message of the last error raised).
    let ok = unsafe { sys::PetscErrorMessage(ierr, &mut text, &mut specific) } == 0;
    let kind = if ok && !text.is_null() {
        cstr(text)
    } else {
        format!("unknown error code {ierr}")
    };
    let message = if ok && !specific.is_null() && !cstr(specific).is_empty() {
        cstr(specific)
    } else {
        kind.clone()
    };
    Err(Error::Petsc {
        code: ierr,
        kind,
        message: message.trim_end().to_string(),
        traceback: Vec::new(),
    })
}

/// Raises a PETSc error from inside a callback, keeping `error` for [`check`].
fn raise_in_callback(error: Error) -> sys::PetscErrorCode {
    let text = CString::new(error.to_string().replace('\0', " "))
        .unwrap_or_else(|_| CString::new("callback failed").expect("static"));
    PENDING.with(|p| {
        let mut p = p.borrow_mut();
        if p.is_none() {
            *p = Some(error);
        }
    });
    HAS_PENDING.with(|h| h.set(true));
    // SAFETY: PetscError is variadic; "%s" with one NUL-terminated string is valid.
    unsafe {
        sys::PetscError(
            sys::petscrs_comm_self(),
            line!() as c_int,
            c"rust callback".as_ptr(),
            c"slepc-rs".as_ptr(),
            sys::PETSC_ERR_USER as sys::PetscErrorCode,
            sys::PetscErrorType::PETSC_ERROR_INITIAL,
            c"%s".as_ptr(),
            text.as_ptr(),
        )
    }
}

/// Runs a Rust callback body for C: catches panics and turns both `Err` and panics into
/// a PETSc error code, so nothing unwinds across C frames.
pub(crate) fn run_callback<F>(name: &str, f: F) -> sys::PetscErrorCode
where
    F: FnOnce() -> Result<()>,
{
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        Ok(Ok(())) => 0,
        Ok(Err(e)) => raise_in_callback(Error::Callback {
            callback: name.to_string(),
            source: Box::new(e),
        }),
        Err(payload) => {
            let message = if let Some(s) = payload.downcast_ref::<&str>() {
                (*s).to_string()
            } else if let Some(s) = payload.downcast_ref::<String>() {
                s.clone()
            } else {
                "non-string panic payload".to_string()
            };
            raise_in_callback(Error::CallbackPanic {
                callback: name.to_string(),
                message,
            })
        }
    }
}

/// A C string from a Rust one; `context` names the caller in the error.
pub(crate) fn c_string(context: &str, s: &str) -> Result<CString> {
    CString::new(s).map_err(|_| Error::invalid(context, format!("{s:?} contains a NUL byte")))
}

/// Copies a C string owned by PETSc (null becomes empty).
pub(crate) fn owned(p: *const c_char) -> String {
    cstr(p)
}

// Errors of destroys run by `Drop`, which cannot return them; see `take_destroy_failures`.
thread_local! {
    static DESTROY_FAILURES: RefCell<Vec<Error>> = const { RefCell::new(Vec::new()) };
}

/// Records a failed destroy (called from `Drop`, which must not panic).
pub(crate) fn record_destroy(ierr: sys::PetscErrorCode) {
    if let Err(e) = check(ierr) {
        DESTROY_FAILURES.with(|d| d.borrow_mut().push(e));
    }
}

/// Errors raised by SLEPc while destroying objects in `Drop` on this thread since the
/// last call. Empty in a correct program.
///
/// ```
/// assert!(slepc::take_destroy_failures().is_empty());
/// ```
pub fn take_destroy_failures() -> Vec<Error> {
    DESTROY_FAILURES.with(|d| std::mem::take(&mut *d.borrow_mut()))
}

/// The C name for a type a class is asked to take, refused with an error naming it when
/// it is not in the class's registry (`EPSList`, `STList`).
///
/// # Safety
/// `list` must be the class's function list, read after its types were registered.
pub(crate) unsafe fn registered_type(
    context: &str,
    class: &str,
    list: sys::PetscFunctionList,
    name: &str,
) -> Result<CString> {
    let n = c_string(context, name)?;
    let mut f: Option<unsafe extern "C" fn()> = None;
    // SAFETY: the caller guarantees a valid list; `n` is NUL-terminated.
    check(unsafe { sys::PetscFunctionListFind_Private(list, n.as_ptr(), &mut f) })?;
    if f.is_none() {
        return Err(Error::invalid(
            context,
            format!("unknown {class} type '{name}'"),
        ));
    }
    Ok(n)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Run by `crate::tests::with_petsc` (PETSc starts once per process).
    pub(crate) fn callback_errors_are_kept() {
        let code = run_callback("test", || panic!("boom"));
        assert_ne!(code, 0);
        let e = check(code).unwrap_err();
        assert!(
            matches!(&e, Error::CallbackPanic { callback, message } if callback == "test" && message == "boom"),
            "{e}"
        );
        assert!(check(0).is_ok());
    }
}
