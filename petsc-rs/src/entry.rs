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
//! - a failed rank waits [`ABORT_AFTER`] for the others; those that have not arrived are
//!   taken to be stuck waiting for it, and the rank prints its error and ends the whole
//!   job with `MPI_Abort` (as C's `PetscCall` in `main` effectively does).
//!
//! A panic in the body counts as an error (its message was printed by the panic hook).
//!
//! Library code follows the usual rule instead: return `Err`, never abort, and raise an
//! error of a collective operation on every rank of its communicator (petsc-rs's own
//! argument checks agree across ranks before calling PETSc for that reason). Only the
//! program's entry point decides to end the job.

use std::process::ExitCode;
use std::time::{Duration, Instant};

use petsc_sys as sys;

use crate::error::{Result, take_panic};
use crate::init::{Builder, Petsc};

/// How long a failed rank waits for the others before it ends the job with `MPI_Abort`.
pub const ABORT_AFTER: Duration = Duration::from_secs(5);

/// How long a rank that aborts the job waits after printing why: the launcher forwards
/// output asynchronously, and Open MPI 5 drops output it has not forwarded yet when the
/// job is aborted.
const FORWARD_GRACE: Duration = Duration::from_millis(500);

/// Initializes PETSc with the program's arguments, runs `body`, and ends the program:
/// finalized on success and on errors raised by every rank, the whole job aborted (never
/// hung, after [`ABORT_AFTER`]) on an error of some ranks.
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
                eprintln!("error: {e}");
                return ExitCode::FAILURE;
            }
        };
        // The ranks compare outcomes on a communicator of their own: `PETSC_COMM_WORLD`
        // is also the program's (rsmpi's world, `petsc.mpi_world()`, by default), where a
        // failed rank's comparison would meet a collective call the others are still
        // in, in an order MPI does not allow.
        let verdict = VerdictComm::new();
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| body(&petsc)));
        let failure = match outcome {
            Ok(Ok(())) => None,
            Ok(Err(e)) => Some(e.to_string()),
            Err(p) => Some(format!("panicked: {}", take_panic(p))),
        };
        let (rank, size) = world_rank_size();
        let prefix = if size > 1 {
            format!("[rank {rank}] ")
        } else {
            String::new()
        };
        // Said at once, before the ranks compare outcomes (which may end in an abort).
        if let Some(msg) = &failure {
            say(&format!("{prefix}error: {msg}\n"));
        }
        match agree_on_failure(&verdict, failure.is_some()) {
            Some(any) => {
                drop(verdict);
                drop(petsc);
                if any {
                    ExitCode::FAILURE
                } else {
                    ExitCode::SUCCESS
                }
            }
            None => {
                say(&format!(
                    "{prefix}the other ranks did not finish within {} s (they are probably \
                     waiting for this one in a collective operation); aborting the job\n",
                    ABORT_AFTER.as_secs()
                ));
                // The launcher forwards this rank's output on its own time, and Open MPI 5
                // drops what it has not forwarded when the job is aborted: a moment for
                // the messages above to get out first.
                std::thread::sleep(FORWARD_GRACE);
                // SAFETY: MPI is initialized (`petsc` lives); MPI_Abort does not return.
                unsafe { mpi::ffi::MPI_Abort(sys::petscrs_comm_world(), 1) };
                ExitCode::FAILURE
            }
        }
    }
}

/// Writes `line` to standard error in one write, so that lines of different ranks
/// forwarded by the launcher do not interleave.
fn say(line: &str) {
    use std::io::Write;
    let _ = std::io::stderr().lock().write_all(line.as_bytes());
}

/// This rank and the size of `PETSC_COMM_WORLD`.
fn world_rank_size() -> (i32, i32) {
    let (mut rank, mut size) = (0, 1);
    // SAFETY: PETSc and MPI are initialized by the caller; two integer outputs.
    unsafe {
        mpi::ffi::MPI_Comm_rank(sys::petscrs_comm_world(), &mut rank);
        mpi::ffi::MPI_Comm_size(sys::petscrs_comm_world(), &mut size);
    }
    (rank, size)
}

/// Whether any rank failed, from a non-blocking reduction over `verdict`; `None`
/// when this rank failed and the others did not arrive within [`ABORT_AFTER`]. A rank
/// that succeeded waits as long as it takes.
fn agree_on_failure(verdict: &VerdictComm, failed: bool) -> Option<bool> {
    let (_, size) = world_rank_size();
    if size == 1 || verdict.0.is_none() {
        return Some(failed);
    }
    let mine = i32::from(failed);
    let mut any = 0i32;
    // SAFETY: plain-old-data request handle, written by MPI_Iallreduce.
    let mut request: mpi::ffi::MPI_Request = unsafe { std::mem::zeroed() };
    // SAFETY: live communicator; one i32 in and out, both alive until the request
    // completes (below, or never when the job is aborted); rsmpi's datatype and operation
    // handles are initialized with MPI.
    let rc = unsafe {
        mpi::ffi::MPI_Iallreduce(
            &mine as *const i32 as *const std::ffi::c_void,
            &mut any as *mut i32 as *mut std::ffi::c_void,
            1,
            mpi::ffi::RSMPI_INT32_T,
            mpi::ffi::RSMPI_MAX,
            verdict.raw(),
            &mut request,
        )
    };
    if rc != 0 {
        return if failed { None } else { Some(false) };
    }
    let start = Instant::now();
    loop {
        let mut done = 0;
        // SAFETY: `request` is the live request started above; the status is ignored.
        unsafe { mpi::ffi::MPI_Test(&mut request, &mut done, mpi::ffi::RSMPI_STATUS_IGNORE) };
        if done != 0 {
            return Some(any != 0);
        }
        if failed && start.elapsed() >= ABORT_AFTER {
            return None;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
}

/// A duplicate of `PETSC_COMM_WORLD` made before the program's body runs (collective),
/// used only to compare the ranks' outcomes, and freed when they agreed. `None` on one
/// rank, or if MPI could not duplicate the communicator.
struct VerdictComm(Option<mpi::ffi::MPI_Comm>);

impl VerdictComm {
    fn new() -> VerdictComm {
        if world_rank_size().1 == 1 {
            return VerdictComm(None);
        }
        // SAFETY: a plain-old-data handle, written by MPI_Comm_dup.
        let mut c: mpi::ffi::MPI_Comm = unsafe { std::mem::zeroed() };
        // SAFETY: MPI is initialized (PETSc lives); every rank calls this at the same
        // point, before the program's body.
        let rc = unsafe { mpi::ffi::MPI_Comm_dup(sys::petscrs_comm_world(), &mut c) };
        VerdictComm((rc == 0).then_some(c))
    }

    fn raw(&self) -> mpi::ffi::MPI_Comm {
        self.0.unwrap_or_else(|| {
            // SAFETY: PETSc is initialized; the world communicator is live.
            unsafe { sys::petscrs_comm_world() }
        })
    }
}

impl Drop for VerdictComm {
    fn drop(&mut self) {
        if let Some(mut c) = self.0.take() {
            // SAFETY: the communicator made in `new`, no operation on it pending (the
            // ranks agreed); collective, every rank drops it after agreeing.
            unsafe { mpi::ffi::MPI_Comm_free(&mut c) };
        }
    }
}
