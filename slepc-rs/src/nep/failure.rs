//! A closure that fails inside [`Nep::solve`](super::Nep::solve) stops the solver
//! instead of failing it.
//!
//! SLEPc's solvers keep work objects in locals of their iteration (RII's and SLP's
//! deflation context, its shell matrix and basis); an error returned from inside the
//! iteration skips their release, so every failed solve leaked them. Instead, during a
//! solve, a closure's `Err` or panic is agreed on every rank of the solver (the other
//! ranks get "another rank (rank R) failed: ..."), kept, and SLEPc sees success:
//!
//! - the matrices the closure should have filled become the identity, so the solver's
//!   next products and linear solves succeed; the closure is not called again in that
//!   solve;
//! - the stopping test the solve put in place (`slepcrs_NEPSolveStoppable`) stops the
//!   solver at its next test, which then ends its iteration as it does on its own;
//! - [`Nep::solve`](super::Nep::solve) returns the kept `Err` and marks the solver for a
//!   new set-up, so nothing of the stopped solve is reported as a result.
//!
//! Matrices that cannot be made the identity (a shell matrix) leave the failure an
//! error return, as outside a solve (where a closure runs for a direct call).

use std::cell::RefCell;
use std::os::raw::c_void;

use petsc::ffi::{agree_over, catch_callback, check, raise_in_callback, run, try_run};
use petsc::{CallbackKind, Error, Petsc, Result, Scalar};
use slepc_sys as sys;

/// A solve in progress whose closures stop it instead of failing it.
struct Stoppable {
    /// The solver.
    nep: sys::NEP,
    /// What the stopping test of the solve reads; boxed, so its address stays put.
    stop: Box<sys::PetscBool>,
    /// The first failure, returned by the solve.
    error: Option<Error>,
}

thread_local! {
    /// The solves in progress on this thread, innermost last.
    static SOLVES: RefCell<Vec<Stoppable>> = const { RefCell::new(Vec::new()) };
}

/// A solve of `nep` in progress (see the module); it ends when this is dropped.
pub(super) struct Solve {
    nep: sys::NEP,
}

impl Solve {
    /// Begins a solve of `nep`.
    pub(super) fn begin(nep: sys::NEP) -> Solve {
        SOLVES.with(|s| {
            s.borrow_mut().push(Stoppable {
                nep,
                stop: Box::new(sys::PETSC_BOOL_FALSE),
                error: None,
            })
        });
        Solve { nep }
    }

    fn with<R>(&self, f: impl FnOnce(&mut Stoppable) -> R) -> R {
        SOLVES.with(|s| {
            let mut s = s.borrow_mut();
            let entry = s
                .iter_mut()
                .rev()
                .find(|e| e.nep == self.nep)
                .expect("a solve in progress is registered");
            f(entry)
        })
    }

    /// The flag the stoppable solve reads; valid while `self` lives.
    pub(super) fn flag(&self) -> *const sys::PetscBool {
        self.with(|e| &*e.stop as *const sys::PetscBool)
    }

    /// The failure of a closure in this solve, if any (taken).
    pub(super) fn take_error(&self) -> Option<Error> {
        self.with(|e| e.error.take())
    }
}

impl Drop for Solve {
    fn drop(&mut self) {
        SOLVES.with(|s| {
            let mut s = s.borrow_mut();
            if let Some(i) = s.iter().rposition(|e| e.nep == self.nep) {
                s.remove(i);
            }
        });
    }
}

/// Whether `nep` is being solved: `Some(failed)` if so.
fn state(nep: sys::NEP) -> Option<bool> {
    SOLVES.with(|s| {
        s.borrow()
            .iter()
            .rev()
            .find(|e| e.nep == nep)
            .map(|e| e.error.is_some())
    })
}

/// Keeps `error` as the failure of the solve of `nep` and tells its stopping test.
fn keep(nep: sys::NEP, error: Error) {
    SOLVES.with(|s| {
        if let Some(e) = s.borrow_mut().iter_mut().rev().find(|e| e.nep == nep) {
            *e.stop = sys::PETSC_BOOL_TRUE;
            e.error.get_or_insert(error);
        }
    });
}

/// Makes each of `mats` (nulls skipped) the identity, flushing values a closure set
/// before it failed. Collective on each matrix.
fn identity(mats: &[sys::Mat]) -> Result<()> {
    for &m in mats.iter().filter(|m| !m.is_null()) {
        // SAFETY: live matrices SLEPc passed to the trampoline; every rank does the
        // same (the failure was agreed).
        unsafe {
            check(sys::MatAssemblyBegin(
                m,
                sys::MatAssemblyType::MAT_FINAL_ASSEMBLY,
            ))?;
            check(sys::MatAssemblyEnd(
                m,
                sys::MatAssemblyType::MAT_FINAL_ASSEMBLY,
            ))?;
            check(sys::MatZeroEntries(m))?;
            check(sys::MatShift(m, Scalar::from(1.0)))?;
        }
    }
    Ok(())
}

/// Runs the closure of `kind` at `ctx` for the solver `nep`, whose call should fill
/// `fill`. Outside a solve of `nep` this is [`run`]. Inside one, a failure on any rank
/// is agreed, kept and hidden from SLEPc (see the module); `on_failure` then writes the
/// trampoline's other outputs. After a failure the closure is not called again in the
/// solve.
///
/// # Safety
/// `nep` must be the live solver calling the trampoline and `fill` live matrices it
/// passed; every rank of the solver must call this at the same point.
pub(super) unsafe fn run_in_solve<F: ?Sized + 'static>(
    nep: sys::NEP,
    ctx: *mut c_void,
    kind: CallbackKind,
    fill: &[sys::Mat],
    on_failure: impl FnOnce(),
    body: impl FnOnce(&Petsc, &mut F) -> Result<()>,
) -> sys::PetscErrorCode {
    let failed = match state(nep) {
        None => return run::<F>(ctx, kind, body),
        Some(true) => Err(None),
        Some(false) => {
            let local = try_run::<F>(ctx, kind, body);
            // SAFETY: live solver; every rank calls its closures at the same points.
            unsafe { agree_over(nep.cast(), kind.name(), local) }.map_err(Some)
        }
    };
    let Err(error) = failed else {
        return 0;
    };
    // The identity, made in a callback scope (the loans a failure leaves end with it).
    match catch_callback(kind.name(), || identity(fill)) {
        Ok(()) => {
            on_failure();
            if let Some(e) = error {
                keep(nep, e);
            }
            0
        }
        Err(_) => raise_in_callback(error.unwrap_or_else(|| {
            Error::invalid(kind.name(), "not run again after an earlier failure")
        })),
    }
}
