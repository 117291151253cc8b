//! A closure of a solver that fails inside its solve stops the solver instead of
//! failing it.
//!
//! SLEPc's solver types keep work memory in locals of their solve function (RII's and
//! SLP's deflation context, its shell matrix and basis; the work arrays of SVD's Lanczos
//! methods, of EPS's Lanczos, subspace, JD, LOBPCG and RQCG, of PEP's Q-Arnoldi and JD);
//! an error returned from inside the iteration skips their release, so every failed solve
//! leaked them. Instead, during a solve, an `Err` or a panic of one of the solver's own
//! closures (a monitor, a convergence or stopping test, NEP's function and Jacobian) is
//! agreed on every rank of the solver (the other ranks get "another rank (rank R)
//! failed: ..."), kept, and SLEPc sees success:
//!
//! - the matrices the closure should have filled become the identity, so the solver's
//!   next products and linear solves succeed; the solver's closures are not called again
//!   in that solve;
//! - the stopping test the solve put in place (`slepcrs_EPSSolveStoppable` and its
//!   siblings, `csrc/stoppable.c`) stops the solver at its next test, which then ends its
//!   iteration as it does on its own;
//! - the solve returns the kept `Err`, and the solver is put back as after any failed
//!   solve, so nothing of the stopped solve is reported as a result.
//!
//! Matrices that cannot be made the identity (a shell matrix) leave the failure an error
//! return, as outside a solve (where a closure runs for a direct call). Failures that are
//! not the solver's closures (a shell operator's closure, PETSc's own errors) return
//! through SLEPc, whose error paths still leak that memory.
//!
//! The ranks meet for that agreement only once each has arrived: a rank whose closure
//! failed may have skipped a collective call the closure makes on the others (an
//! assembly, a norm), where they wait for it. Each solve has a communicator of its own
//! (a duplicate of the solver's) on which the ranks first say they have arrived and
//! whether they failed, with a non-blocking reduction (the only collective call when
//! none failed); a rank that failed and whose peers have not arrived within
//! [`petsc::ABORT_AFTER`] takes them to be stuck waiting for it, and returns its error
//! through SLEPc instead (the solve returns it on that rank alone, and the program's
//! entry point, [`petsc::main`], ends the job). A rank that succeeded waits as long as
//! it takes. Without this the failed rank's agreement met the others' collective call,
//! and the job hung.

use std::cell::{Cell, RefCell};
use std::cmp::Ordering;
use std::os::raw::c_void;
use std::thread::LocalKey;

use petsc::ffi::{agree_over, catch_callback, check, raise_in_callback, run, try_run};
use petsc::mpi::ffi as mpi_ffi;
use petsc::{CallbackKind, Error, Int, Petsc, Real, Result, Scalar};
use slepc_sys as sys;

/// A solve in progress whose closures stop it instead of failing it.
struct Stoppable {
    /// The solver's address.
    solver: usize,
    /// What the stopping test of the solve reads; boxed, so its address stays put.
    stop: Box<sys::PetscBool>,
    /// The first failure, returned by the solve.
    error: Option<Error>,
    /// Where the ranks say they have arrived at an agreement (see the module).
    meeting: Meeting,
}

thread_local! {
    /// The solves in progress on this thread, innermost last.
    static SOLVES: RefCell<Vec<Stoppable>> = const { RefCell::new(Vec::new()) };
}

/// A solve in progress (see the module); it ends when this is dropped.
struct Solve {
    solver: usize,
}

impl Solve {
    /// Begins a solve of the solver `solver` (an `EPS`, `SVD`, `PEP` or `NEP`).
    fn begin<S>(solver: *mut S) -> Solve {
        let solver = solver.cast::<u8>();
        let solver_ptr = solver;
        let solver = solver as usize;
        SOLVES.with(|s| {
            s.borrow_mut().push(Stoppable {
                solver,
                stop: Box::new(sys::PETSC_BOOL_FALSE),
                error: None,
                meeting: Meeting::new(solver_ptr.cast()),
            })
        });
        Solve { solver }
    }

    fn with<R>(&self, f: impl FnOnce(&mut Stoppable) -> R) -> R {
        SOLVES.with(|s| {
            let mut s = s.borrow_mut();
            let entry = s
                .iter_mut()
                .rev()
                .find(|e| e.solver == self.solver)
                .expect("a solve in progress is registered");
            f(entry)
        })
    }

    /// The flag the stoppable solve reads; valid while `self` lives.
    fn flag(&self) -> *const sys::PetscBool {
        self.with(|e| &*e.stop as *const sys::PetscBool)
    }

    /// The failure of a closure in this solve, if any (taken).
    fn take_error(&self) -> Option<Error> {
        self.with(|e| e.error.take())
    }
}

impl Drop for Solve {
    fn drop(&mut self) {
        SOLVES.with(|s| {
            let mut s = s.borrow_mut();
            if let Some(i) = s.iter().rposition(|e| e.solver == self.solver) {
                s.remove(i).meeting.end();
            }
        });
    }
}

/// [`solve`] from the class's C calls: `set_up`, in order, is the set-up the class's
/// solve would do first (done here so that the matrices it allocates are tracked before
/// the solve uses them), `solve` the stoppable solve.
///
/// # Safety
/// `solver` is a live solver, ready to solve, and each call takes it as its first
/// argument.
pub(crate) unsafe fn solve_with<S>(
    solver: *mut S,
    set_up: &[unsafe extern "C" fn(*mut S) -> sys::PetscErrorCode],
    solve_stoppable: unsafe extern "C" fn(*mut S, *const sys::PetscBool) -> sys::PetscErrorCode,
    recover: impl FnOnce(),
) -> Result<()> {
    solve(
        solver,
        || {
            set_up.iter().try_for_each(|step| {
                // SAFETY: live solver (caller); each step takes it as the one before left it.
                check(unsafe { step(solver) })
            })
        },
        |stop| {
            // SAFETY: live solver, set up; the flag lives through the solve.
            check(unsafe { solve_stoppable(solver, stop) })
        },
        recover,
    )
}

/// A solve of `solver` in which its closures stop it instead of failing it (see the
/// module): `set_up` (the set-up the solve would do first, so that a closure failing
/// there is caught too), then, unless a closure failed there, `solve`, given the flag of
/// the class's stoppable solve; after any failure `recover` puts the solver back. A
/// closure's failure is returned before SLEPc's own error.
pub(crate) fn solve<S>(
    solver: *mut S,
    set_up: impl FnOnce() -> Result<()>,
    solve: impl FnOnce(*const sys::PetscBool) -> Result<()>,
    recover: impl FnOnce(),
) -> Result<()> {
    let s = Solve::begin(solver);
    let mut r = set_up();
    let mut failed = s.take_error();
    if r.is_ok() && failed.is_none() {
        r = solve(s.flag());
        failed = s.take_error();
    }
    drop(s);
    if r.is_err() || failed.is_some() {
        recover();
    }
    match failed {
        Some(e) => Err(e),
        None => r,
    }
}

/// Whether the solver at `solver` is being solved: `Some(failed)` if so.
fn state(solver: usize) -> Option<bool> {
    SOLVES.with(|s| {
        s.borrow()
            .iter()
            .rev()
            .find(|e| e.solver == solver)
            .map(|e| e.error.is_some())
    })
}

/// Keeps `error` as the failure of the solve of `solver` and tells its stopping test.
fn keep(solver: usize, error: Error) {
    SOLVES.with(|s| {
        if let Some(e) = s.borrow_mut().iter_mut().rev().find(|e| e.solver == solver) {
            *e.stop = sys::PETSC_BOOL_TRUE;
            e.error.get_or_insert(error);
        }
    });
}

/// What a rank learnt when it arrived at an agreement of the solve (see the module).
enum Arrival {
    /// Every rank arrived and none failed.
    AllWell,
    /// Every rank arrived and some failed: they agree on the error.
    SomeFailed,
    /// This rank failed and the others did not arrive: they are stuck.
    Stuck,
    /// No meeting communicator (one rank): the ranks agree directly.
    Direct,
}

/// Says on the meeting communicator of the solve of `solver` that this rank has arrived
/// at an agreement, and whether it `failed`; waits for the others as long as it takes
/// when this rank did not fail, at most [`petsc::ABORT_AFTER`] when it did. When they do
/// not arrive, the solve's meeting is abandoned.
fn arrive(solver: usize, failed: bool) -> Arrival {
    let meeting = SOLVES.with(|s| {
        s.borrow()
            .iter()
            .rev()
            .find(|e| e.solver == solver)
            .and_then(|e| e.meeting.comm)
    });
    let Some(comm) = meeting else {
        return Arrival::Direct;
    };
    let arrival = Meeting::any_failed(comm, failed);
    if let Arrival::Stuck = arrival {
        SOLVES.with(|s| {
            if let Some(e) = s.borrow_mut().iter_mut().rev().find(|e| e.solver == solver) {
                e.meeting.abandoned = true;
            }
        });
    }
    arrival
}

/// The communicator of one solve on which the ranks say they have arrived at an
/// agreement: a duplicate of the solver's, so that a rank's arrival never meets a
/// collective call of PETSc's on the solver's own.
struct Meeting {
    /// `None` on one rank, or when MPI could not duplicate the communicator (the ranks
    /// then agree directly, as before a closure can skip a collective call).
    comm: Option<petsc::sys::MPI_Comm>,
    /// Whether this rank gave up waiting: a reduction may still be pending on `comm`,
    /// which is then left to the end of the job.
    abandoned: bool,
}

impl Meeting {
    /// Duplicates the communicator of `solver`: collective, every rank begins the solve.
    fn new(solver: petsc::sys::PetscObject) -> Meeting {
        let none = Meeting {
            comm: None,
            abandoned: false,
        };
        // SAFETY: an MPI_Comm is a plain handle, overwritten by PetscObjectGetComm.
        let mut raw: petsc::sys::MPI_Comm = unsafe { std::mem::zeroed() };
        // SAFETY: `solver` is the live solver beginning its solve.
        if unsafe { petsc::sys::PetscObjectGetComm(solver, &mut raw) } != 0 {
            return none;
        }
        let mut size = 1;
        // SAFETY: live communicator; one integer output.
        unsafe { mpi_ffi::MPI_Comm_size(raw, &mut size) };
        if size == 1 {
            return none;
        }
        // SAFETY: a plain handle, written by MPI_Comm_dup.
        let mut dup: petsc::sys::MPI_Comm = unsafe { std::mem::zeroed() };
        // SAFETY: live communicator; every rank of it begins the solve here.
        let rc = unsafe { mpi_ffi::MPI_Comm_dup(raw, &mut dup) };
        Meeting {
            comm: (rc == 0).then_some(dup),
            abandoned: false,
        }
    }

    /// Whether any rank failed, from a non-blocking reduction on `comm`, waited for as
    /// long as it takes unless this rank `failed`, then for [`petsc::ABORT_AFTER`] at
    /// most. An MPI failure leaves the decision to a direct agreement.
    fn any_failed(comm: petsc::sys::MPI_Comm, failed: bool) -> Arrival {
        // Boxed: MPI may still write them after a rank gives up waiting (then leaked).
        let mut bufs = Box::new([i32::from(failed), 0i32]);
        // SAFETY: a plain handle, written by MPI_Iallreduce.
        let mut request: petsc::sys::MPI_Request = unsafe { std::mem::zeroed() };
        let (send, recv) = bufs.split_at_mut(1);
        // SAFETY: the live meeting communicator of the solve; one i32 in and out, alive
        // until the request completes (or leaked, below); rsmpi's datatype and operation
        // handles are initialized with MPI.
        let rc = unsafe {
            mpi_ffi::MPI_Iallreduce(
                send.as_ptr().cast(),
                recv.as_mut_ptr().cast(),
                1,
                mpi_ffi::RSMPI_INT32_T,
                mpi_ffi::RSMPI_MAX,
                comm,
                &mut request,
            )
        };
        if rc != 0 {
            return Arrival::Direct;
        }
        let start = std::time::Instant::now();
        loop {
            let mut done = 0;
            if failed {
                // SAFETY: the live request started above; the status is ignored.
                unsafe { mpi_ffi::MPI_Test(&mut request, &mut done, mpi_ffi::RSMPI_STATUS_IGNORE) };
            } else {
                // SAFETY: as above.
                let rc = unsafe { mpi_ffi::MPI_Wait(&mut request, mpi_ffi::RSMPI_STATUS_IGNORE) };
                if rc != 0 {
                    return Arrival::Direct;
                }
                done = 1;
            }
            if done != 0 {
                return if bufs[1] != 0 {
                    Arrival::SomeFailed
                } else {
                    Arrival::AllWell
                };
            }
            if start.elapsed() >= petsc::ABORT_AFTER {
                // The request stays pending (MPI allows neither freeing nor cancelling
                // it), and so do its buffers: the ranks it waits for are stuck.
                Box::leak(bufs);
                return Arrival::Stuck;
            }
            std::thread::sleep(std::time::Duration::from_micros(200));
        }
    }

    /// Frees the communicator at the end of the solve, unless a reduction may be pending
    /// on it.
    fn end(mut self) {
        if let Some(mut c) = self.comm.take() {
            if !self.abandoned {
                // SAFETY: the communicator made in `new`, with no operation pending;
                // every rank ends the solve here.
                unsafe { mpi_ffi::MPI_Comm_free(&mut c) };
            }
        }
    }
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

/// Runs the closure of `kind` at `ctx` for the solver `solver`, whose call should fill
/// `fill`. Outside a solve of `solver` this is [`run`]. Inside one, a failure on any
/// rank is agreed, kept and hidden from SLEPc (see the module); `on_failure` then writes
/// the trampoline's other outputs. After a failure the solver's closures are not called
/// again in the solve.
///
/// # Safety
/// `solver` must be the live solver (a PETSc object) calling the trampoline and `fill`
/// live matrices it passed; every rank of the solver must call this at the same point.
pub(crate) unsafe fn run_in_solve<F: ?Sized + 'static, S>(
    solver: *mut S,
    ctx: *mut c_void,
    kind: CallbackKind,
    fill: &[sys::Mat],
    on_failure: impl FnOnce(),
    body: impl FnOnce(&Petsc, &mut F) -> Result<()>,
) -> sys::PetscErrorCode {
    let key = solver as usize;
    let failed = match state(key) {
        None => return run::<F>(ctx, kind, body),
        Some(true) => Err(None),
        Some(false) => {
            let local = try_run::<F>(ctx, kind, body);
            match arrive(key, local.is_err()) {
                Arrival::AllWell => local.map_err(Some),
                Arrival::Stuck => {
                    // The others are stuck in a collective call this rank's closure
                    // skipped: the error returns through SLEPc on this rank alone.
                    return raise_in_callback(local.err().unwrap_or_else(|| {
                        Error::invalid(kind.name(), "the other ranks did not arrive")
                    }));
                }
                Arrival::SomeFailed | Arrival::Direct => {
                    // SAFETY: live solver; every rank has arrived here (`arrive`), or there
                    // is one, or MPI failed (then as before the meeting existed).
                    unsafe { agree_over(solver.cast(), kind.name(), local) }.map_err(Some)
                }
            }
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
                keep(key, e);
            }
            0
        }
        Err(_) => raise_in_callback(error.unwrap_or_else(|| {
            Error::invalid(kind.name(), "not run again after an earlier failure")
        })),
    }
}

/// An eigenvalue comparison closure as the solver stores it (EPS, NEP).
pub(crate) type CompareFn = dyn FnMut((Real, Real), (Real, Real)) -> Result<Ordering>;

/// Runs a closure that SLEPc calls inside regions an error return leaves open (and
/// leaks, in SLEPc 3.18), where the solve cannot be stopped: an eigenvalue comparison, an
/// arbitrary selection. A failure is kept by petsc-rs (and returned by the solve, which
/// checks for it even when SLEPc's solve returns 0) while SLEPc is told all went well and
/// gets `fallback`; `failed`, the family's flag (cleared before each solve), makes later
/// calls in the same solve give `fallback` without running the closure.
pub(crate) fn soft_run<F: ?Sized + 'static>(
    failed: &'static LocalKey<Cell<bool>>,
    ctx: *mut c_void,
    kind: CallbackKind,
    fallback: impl FnOnce(),
    body: impl FnOnce(&Petsc, &mut F) -> Result<()>,
) -> sys::PetscErrorCode {
    if failed.with(Cell::get) || run::<F>(ctx, kind, body) != 0 {
        failed.with(|f| f.set(true));
        fallback();
    }
    0
}

/// A class whose eigenvalue comparison gets its scalars by value (EPS, PEP): the kind
/// its comparison closures are registered under, and the flag of a closure's failure in
/// the solve running.
pub(crate) trait ComparedByValue {
    /// The kind of its comparison closures.
    const COMPARISON: CallbackKind;
    /// The flag [`compare`] keeps a failure in.
    fn soft_failed() -> &'static LocalKey<Cell<bool>>;
}

/// The `EPSSetEigenvalueComparison` / `PEPSetEigenvalueComparison` trampoline of class
/// `T`.
pub(crate) unsafe extern "C" fn compare_trampoline<T: ComparedByValue>(
    ar: Scalar,
    ai: Scalar,
    br: Scalar,
    bi: Scalar,
    res: *mut Int,
    ctx: *mut c_void,
) -> sys::PetscErrorCode {
    let (a, b) = (
        crate::family::combine(ar, ai),
        crate::family::combine(br, bi),
    );
    // SAFETY: SLEPc passes the address of its output.
    unsafe { compare(T::soft_failed(), T::COMPARISON, (a, b), res, ctx) }
}

/// The body of the eigenvalue comparison trampolines (EPS, NEP): the closure's order of
/// the eigenvalues `a` and `b` (`-1`, `0`, `1`) into `res`, through [`soft_run`] (equal
/// after a failure).
///
/// # Safety
/// `res` is the address of SLEPc's output.
pub(crate) unsafe fn compare(
    failed: &'static LocalKey<Cell<bool>>,
    kind: CallbackKind,
    (a, b): ((Real, Real), (Real, Real)),
    res: *mut Int,
    ctx: *mut c_void,
) -> sys::PetscErrorCode {
    // SAFETY: the address of SLEPc's output (caller).
    let fallback = || unsafe { *res = 0 };
    soft_run::<CompareFn>(failed, ctx, kind, fallback, |_, f| {
        let o = f(a, b)?;
        // SAFETY: as above.
        unsafe { *res = crate::family::ordering(o) };
        Ok(())
    })
}
