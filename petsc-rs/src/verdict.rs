//! How the ranks agree that a program ended well, and how a rank that failed alone ends
//! the job instead of hanging it.
//!
//! A rank with an error of its own leaves the others waiting for it in a collective
//! operation, and finalizing MPI there waits for them in turn. At the end of a program
//! (the body of [`main`](crate::main), or the drop of the runtime when `main` returns)
//! the ranks compare outcomes with a non-blocking reduction on a communicator of their
//! own: a rank that failed and whose peers do not arrive within [`ABORT_AFTER`] prints
//! its error and ends the whole job with `MPI_Abort`; a rank that succeeded waits as long
//! as it takes.

use std::cell::RefCell;
use std::time::{Duration, Instant};

use petsc_sys as sys;

/// How long a failed rank waits for the others before it ends the job with `MPI_Abort`.
pub const ABORT_AFTER: Duration = Duration::from_secs(5);

/// How long a rank that aborts the job waits after printing why: the launcher forwards
/// output asynchronously, and Open MPI 5 drops output it has not forwarded yet when the
/// job is aborted.
const FORWARD_GRACE: Duration = Duration::from_millis(500);

/// Writes `line` to standard error in one write, so that lines of different ranks
/// forwarded by the launcher do not interleave.
pub(crate) fn say(line: &str) {
    use std::io::Write;
    let _ = std::io::stderr().lock().write_all(line.as_bytes());
}

/// This rank and the size of `PETSC_COMM_WORLD`.
pub(crate) fn world_rank_size() -> (i32, i32) {
    let (mut rank, mut size) = (0, 1);
    // SAFETY: PETSc and MPI are initialized by the caller; two integer outputs.
    unsafe {
        mpi::ffi::MPI_Comm_rank(sys::petscrs_comm_world(), &mut rank);
        mpi::ffi::MPI_Comm_size(sys::petscrs_comm_world(), &mut size);
    }
    (rank, size)
}

/// `"[rank R] "` on more than one rank, nothing on one.
pub(crate) fn rank_prefix() -> String {
    let (rank, size) = world_rank_size();
    if size > 1 {
        format!("[rank {rank}] ")
    } else {
        String::new()
    }
}

/// A duplicate of `PETSC_COMM_WORLD` made when PETSc starts (collective), used only to
/// compare the ranks' outcomes: `PETSC_COMM_WORLD` is also the program's, where a failed
/// rank's comparison would meet a collective call the others are still in, in an order
/// MPI does not allow. `None` on one rank, or if MPI could not duplicate the
/// communicator.
struct VerdictComm(Option<mpi::ffi::MPI_Comm>);

thread_local! {
    /// The runtime's verdict communicator ([`start`] to [`finish`]); the runtime is
    /// `!Send`, so it is made and freed on one thread.
    static VERDICT: RefCell<VerdictComm> = const { RefCell::new(VerdictComm(None)) };
}

/// Makes the verdict communicator: collective, called by every rank when PETSc starts.
pub(crate) fn start() {
    let comm = VerdictComm::new();
    VERDICT.with(|v| *v.borrow_mut() = comm);
}

/// Whether any rank failed ([`VerdictComm::agree`]); every rank calls it the same number
/// of times between [`start`] and [`finish`].
pub(crate) fn agree(failed: bool) -> Option<bool> {
    count_failed(failed).map(|n| n > 0)
}

/// How many ranks failed ([`VerdictComm::agree`]), as [`agree`].
fn count_failed(failed: bool) -> Option<i32> {
    VERDICT
        .try_with(|v| v.borrow().agree(failed))
        .unwrap_or(Some(i32::from(failed)))
}

/// The last agreement, as PETSc is finalized: a rank with an error alive (returned from
/// `main`) or panicking counts as failed, and one that failed alone prints its error and
/// ends the job instead of waiting in `MPI_Finalize` for ranks that wait for it. Frees
/// the verdict communicator.
pub(crate) fn finish() {
    let live = crate::error::newest_live_error();
    let failed = live.is_some() || std::thread::panicking();
    match count_failed(failed) {
        None => {
            let prefix = rank_prefix();
            if let Some(message) = live {
                say(&format!("{prefix}error: {message}\n"));
            }
            abort_job(&prefix);
        }
        // Other ranks failed too: the first of them to exit with a failure status may
        // make the launcher kill this rank before Rust prints the error `main` returns,
        // so it is said now, while every rank is still here (they all finalize first).
        Some(n) if failed && n > 1 => {
            if let Some(message) = live {
                say(&format!("{}error: {message}\n", rank_prefix()));
            }
        }
        Some(_) => {}
    }
    let _ = VERDICT.try_with(|v| v.borrow_mut().free());
}

impl VerdictComm {
    /// Collective over `PETSC_COMM_WORLD`: every rank calls it at the same point.
    fn new() -> VerdictComm {
        if world_rank_size().1 == 1 {
            return VerdictComm(None);
        }
        // SAFETY: a plain-old-data handle, written by MPI_Comm_dup.
        let mut c: mpi::ffi::MPI_Comm = unsafe { std::mem::zeroed() };
        // SAFETY: MPI is initialized (PETSc lives); every rank calls this at the same
        // point.
        let rc = unsafe { mpi::ffi::MPI_Comm_dup(sys::petscrs_comm_world(), &mut c) };
        VerdictComm((rc == 0).then_some(c))
    }

    /// How many ranks failed, from a non-blocking reduction; `None` when this rank
    /// failed and the others did not arrive within [`ABORT_AFTER`]. A rank that succeeded
    /// waits as long as it takes. Every rank calls it the same number of times.
    fn agree(&self, failed: bool) -> Option<i32> {
        let Some(comm) = self.0 else {
            return Some(i32::from(failed));
        };
        let mine = i32::from(failed);
        let mut any = 0i32;
        // SAFETY: plain-old-data request handle, written by MPI_Iallreduce.
        let mut request: mpi::ffi::MPI_Request = unsafe { std::mem::zeroed() };
        // SAFETY: live communicator; one i32 in and out, both alive until the request
        // completes (below, or never when the job is aborted); rsmpi's datatype and
        // operation handles are initialized with MPI.
        let rc = unsafe {
            mpi::ffi::MPI_Iallreduce(
                &mine as *const i32 as *const std::ffi::c_void,
                &mut any as *mut i32 as *mut std::ffi::c_void,
                1,
                mpi::ffi::RSMPI_INT32_T,
                mpi::ffi::RSMPI_SUM,
                comm,
                &mut request,
            )
        };
        if rc != 0 {
            return if failed { None } else { Some(0) };
        }
        let start = Instant::now();
        loop {
            let mut done = 0;
            // SAFETY: `request` is the live request started above; the status is ignored.
            unsafe { mpi::ffi::MPI_Test(&mut request, &mut done, mpi::ffi::RSMPI_STATUS_IGNORE) };
            if done != 0 {
                return Some(any);
            }
            if failed && start.elapsed() >= ABORT_AFTER {
                return None;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
    }

    /// Frees the communicator; collective, every rank calls it after agreeing.
    fn free(&mut self) {
        if let Some(mut c) = self.0.take() {
            // SAFETY: the communicator made in `new`, no operation on it pending (the
            // ranks agreed); every rank frees it at the same point.
            unsafe { mpi::ffi::MPI_Comm_free(&mut c) };
        }
    }
}

/// Ends the whole job from a rank that failed alone: says why, with `prefix`, gives the
/// launcher a moment to forward it, and calls `MPI_Abort`.
pub(crate) fn abort_job(prefix: &str) -> ! {
    say(&format!(
        "{prefix}the other ranks did not finish within {} s (they are probably waiting for \
         this one in a collective operation); aborting the job\n",
        ABORT_AFTER.as_secs()
    ));
    // The launcher forwards this rank's output on its own time, and Open MPI 5 drops what
    // it has not forwarded when the job is aborted: a moment for the messages above to
    // get out first.
    std::thread::sleep(FORWARD_GRACE);
    // SAFETY: MPI is initialized (the caller's runtime lives); MPI_Abort does not return.
    unsafe { mpi::ffi::MPI_Abort(sys::petscrs_comm_world(), 1) };
    std::process::exit(1)
}
