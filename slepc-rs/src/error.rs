//! Error checking for SLEPc calls, and the callback trampolines' panic and error capture.
//!
//! SLEPc reports errors through PETSc's error system, so the error handler that
//! `petsc-rs` pushes at initialization records them (message and traceback, nothing
//! printed), and the same check and callback capture serve both libraries: a `petsc-rs`
//! callback that fails inside `EPSSolve` (a monitor of the ST's KSP, say) is reported by
//! that solve.

pub(crate) use petsc::ffi::check;
pub use petsc::take_destroy_failures;

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use petsc::Error;
    use petsc::ffi::run_callback;

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
