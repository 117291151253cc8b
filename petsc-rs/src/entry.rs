//! A program's entry point that never hangs on an error: [`main`] and [`Builder::main`].
//!
//! An error on one rank only (a callback that fails on rank 1, a file that rank 0 cannot
//! read) leaves the other ranks waiting in a collective operation for the failed one.
//! Returning the `Err` from Rust's `main` then finalizes PETSc on that rank, which waits
//! for the others too, and the job hangs. [`main`] runs the program's body, then lets the
//! ranks compare outcomes with a non-blocking reduction:
//!
//! - every rank succeeded: PETSc and MPI are finalized, exit status 0;
//! - every rank got there, some with an error (an error raised on all ranks, like a bad
//!   option): each failed rank prints its error, PETSc and MPI are finalized, status 1;
//! - a failed rank waits [`ABORT_AFTER`](crate::ABORT_AFTER) for the others; those that
//!   have not arrived are taken to be stuck waiting for it, and the rank prints its
//!   error and ends the whole job with `MPI_Abort` (as C's `PetscCall` in `main`
//!   effectively does).
//!
//! A panic in the body counts as an error (its message was printed by the panic hook).
//!
//! A program with a plain `fn main() -> petsc::Result<()>` gets the same end when it
//! returns an error from one rank: the ranks compare outcomes again as the runtime is
//! dropped, where a rank counts as failed while a `petsc::Error` is alive (the one
//! `main` is returning) or while it panics (`crate::verdict`). [`main`] also prints
//! every failed rank's error with its rank and sets the exit status without
//! `Termination`'s `Debug` output.
//!
//! Library code follows the usual rule instead: return `Err`, never abort, and raise an
//! error of a collective operation on every rank of its communicator (petsc-rs's own
//! argument checks agree across ranks before calling PETSc for that reason). Only the
//! program's entry point decides to end the job.

use std::process::ExitCode;

use crate::error::{Result, take_panic};
use crate::init::{Builder, Petsc};
use crate::verdict::{abort_job, agree, rank_prefix, say};

/// Initializes PETSc with the program's arguments, runs `body`, and ends the program:
/// finalized on success and on errors raised by every rank, the whole job aborted (never
/// hung, after [`ABORT_AFTER`](crate::ABORT_AFTER)) on an error of some ranks.
/// A program with errors of its own turns them into [`Error::user`](crate::Error::user).
///
/// ```no_run
/// use petsc::{NormType, Vector};
///
/// fn main() -> std::process::ExitCode {
///     petsc::main(|petsc| {
///         let mut x = Vector::new_mpi(&petsc.world(), None, Some(100))?;
///         x.set(1.0)?;
///         petsc.print(&format!("norm {}\n", x.norm(NormType::Two)?))?;
///         Ok(())
///     })
/// }
/// ```
#[doc(alias = "PetscInitialize")]
#[doc(alias = "PetscFinalize")]
pub fn main<F>(body: F) -> ExitCode
where
    F: FnOnce(&Petsc) -> Result<()>,
{
    Petsc::builder().args(std::env::args()).main(body)
}

impl Builder {
    /// [`main`](crate::main) with this builder's arguments, help text or universe.
    ///
    /// ```no_run
    /// fn main() -> std::process::ExitCode {
    ///     petsc::Petsc::builder()
    ///         .args(std::env::args())
    ///         .help("Solves nothing.\n")
    ///         .main(|petsc| petsc.print("done\n"))
    /// }
    /// ```
    pub fn main<F>(self, body: F) -> ExitCode
    where
        F: FnOnce(&Petsc) -> Result<()>,
    {
        let petsc = match self.init() {
            Ok(p) => p,
            Err(e) => {
                // One write, so that the ranks' lines do not interleave.
                say(&format!("error: {e}\n"));
                return ExitCode::FAILURE;
            }
        };
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| body(&petsc)));
        let failure = match outcome {
            Ok(Ok(())) => None,
            Ok(Err(e)) => Some(e.to_string()),
            Err(p) => Some(format!("panicked: {}", take_panic(p))),
        };
        let prefix = rank_prefix();
        // Said at once, before the ranks compare outcomes (which may end in an abort).
        if let Some(msg) = &failure {
            say(&format!("{prefix}error: {msg}\n"));
        }
        match agree(failure.is_some()) {
            Some(any) => {
                drop(petsc);
                if any {
                    ExitCode::FAILURE
                } else {
                    ExitCode::SUCCESS
                }
            }
            None => abort_job(&prefix),
        }
    }
}
