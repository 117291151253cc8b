//! A program's entry point that never hangs on an error: [`main`] and [`PetscBuilder::main`].
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
//! An error is printed with its causes (`error: outer: cause: cause`, see
//! [`Error::report`](crate::Error::report)); [`Error::Exit`](crate::Error::Exit), a
//! decision every rank shares, is printed once, by rank 0, and sets the exit status.
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

use crate::error::{Error, Result, report, take_panic};
use crate::init::{Petsc, PetscBuilder};
use crate::verdict::{abort_job, agree, rank_prefix, say};

/// A boxed error of any kind, as [`main_any`]'s body may return.
type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Initializes PETSc with the program's arguments, runs `body`, and ends the program:
/// finalized on success and on errors raised by every rank, the whole job aborted (never
/// hung, after [`ABORT_AFTER`](crate::ABORT_AFTER)) on an error of some ranks.
///
/// A failed rank prints its error with its causes, one line per rank
/// (`[rank 1] error: callback SNES function failed: negative density`), and the
/// program's exit status is 1; an [`Error::exit`](crate::Error::exit) that every rank
/// returns is printed once and gives its own status. `?` works on the errors of other
/// libraries too: an `std::io::Error` converts, others take
/// [`context`](crate::Context::context) or [`Error::external`](crate::Error::external);
/// a body with an error type of its own (`Box<dyn Error>`, a crate's enum) runs under
/// [`main_any`].
///
/// Arguments that start with `--` are taken as the program's own flags (PETSc's options
/// start with one dash) and are not listed by PETSc's `-options_left` as unused; after
/// an error, which may have stopped the program before it read its options, nothing is.
///
/// ```no_run
/// use petsc::{NormType, Vector};
///
/// fn main() -> std::process::ExitCode {
///     petsc::main(|petsc| {
///         let text = std::fs::read_to_string("n.txt")?; // an io::Error converts
///         let mut x = Vector::new_mpi(&petsc.world(), None, Some(text.len() as petsc::Int))?;
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

/// [`main`] for a body whose error is of any type that converts into a boxed error
/// (`Box<dyn Error + Send + Sync>`, `String`, a crate's own error type, a
/// `petsc::Error`): reported the same way, with its causes.
///
/// The body's error type must be named (a closure's `-> Result<(), MyError>`): a body
/// returning [`petsc::Result`](crate::Result) with a bare `Ok(())` is [`main`]'s.
///
/// ```no_run
/// use std::error::Error;
///
/// fn main() -> std::process::ExitCode {
///     petsc::main_any(|petsc| -> Result<(), Box<dyn Error + Send + Sync>> {
///         let n: petsc::Int = std::env::var("N")?.parse()?;
///         let x = petsc::Vector::new_mpi(&petsc.world(), None, Some(n))?;
///         petsc.print(&format!("{} entries\n", x.size()?))?;
///         Ok(())
///     })
/// }
/// ```
#[doc(alias = "PetscInitialize")]
#[doc(alias = "PetscFinalize")]
pub fn main_any<F, E>(body: F) -> ExitCode
where
    F: FnOnce(&Petsc) -> std::result::Result<(), E>,
    E: Into<BoxError>,
{
    Petsc::builder().args(std::env::args()).main_any(body)
}

/// How the body of a program ended on this rank when it did not succeed.
enum Stop {
    /// An error or a panic: this rank prints it.
    Failed(String),
    /// An [`Error::Exit`]: rank 0 prints the message, every rank exits with the status.
    Exit(u8, String),
}

impl Stop {
    /// The stop of a body that returned `e` (consumed: a petsc-rs error no longer
    /// counts as alive once the ranks compare outcomes).
    fn of(e: BoxError) -> Stop {
        match e.downcast::<Error>() {
            Ok(e) => match *e {
                Error::Exit {
                    status,
                    ref message,
                } => Stop::Exit(status, message.clone()),
                ref other => Stop::Failed(report(other)),
            },
            Err(e) => Stop::Failed(report(&*e)),
        }
    }
}

/// Marks the program's own `--flags` used, and after an error turns PETSc's list of
/// unused options off (see [`main`]).
fn tidy_options(petsc: &Petsc, stop: Option<&Stop>) {
    let options = petsc.options();
    for a in petsc.args().iter().skip(1) {
        if a.starts_with("--") && a.len() > 2 {
            let _ = options.has(a);
        }
    }
    if !matches!(stop, None | Some(Stop::Exit(0, _))) {
        let _ = options.set_value("options_left", "0");
    }
}

/// Writes `text` (with a newline if it has none) to standard output in one write.
fn say_out(text: &str) {
    use std::io::Write;
    let nl = if text.ends_with('\n') { "" } else { "\n" };
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(format!("{text}{nl}").as_bytes());
    let _ = out.flush();
}

impl PetscBuilder {
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
        self.main_any(body)
    }

    /// [`main_any`](crate::main_any) with this builder's arguments, help text or
    /// universe.
    ///
    /// ```no_run
    /// fn main() -> std::process::ExitCode {
    ///     petsc::Petsc::builder()
    ///         .args(std::env::args())
    ///         .main_any(|petsc| -> Result<(), String> {
    ///             petsc.print("done\n").map_err(|e| e.report())
    ///         })
    /// }
    /// ```
    pub fn main_any<F, E>(self, body: F) -> ExitCode
    where
        F: FnOnce(&Petsc) -> std::result::Result<(), E>,
        E: Into<BoxError>,
    {
        let petsc = match self.init() {
            Ok(p) => p,
            Err(e) => {
                // One write, so that the ranks' lines do not interleave.
                say(&format!("error: {}\n", e.report()));
                return ExitCode::FAILURE;
            }
        };
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| body(&petsc)));
        let stop = match outcome {
            Ok(Ok(())) => None,
            Ok(Err(e)) => Some(Stop::of(e.into())),
            Err(p) => Some(Stop::Failed(format!("panicked: {}", take_panic(p)))),
        };
        tidy_options(&petsc, stop.as_ref());
        let prefix = rank_prefix();
        let rank0 = crate::verdict::world_rank_size().0 == 0;
        // Said at once, before the ranks compare outcomes (which may end in an abort).
        match &stop {
            Some(Stop::Failed(msg)) => say(&format!("{prefix}error: {msg}\n")),
            Some(Stop::Exit(0, msg)) if rank0 => say_out(msg),
            Some(Stop::Exit(_, msg)) if rank0 => {
                let nl = if msg.ends_with('\n') { "" } else { "\n" };
                say(&format!("{msg}{nl}"));
            }
            _ => {}
        }
        match agree(stop.is_some()) {
            Some(any) => {
                drop(petsc);
                match stop {
                    Some(Stop::Exit(status, _)) => ExitCode::from(status),
                    Some(Stop::Failed(_)) => ExitCode::FAILURE,
                    None if any => ExitCode::FAILURE,
                    None => ExitCode::SUCCESS,
                }
            }
            None => {
                // A decision said to be every rank's, taken by some only: said here too.
                if let Some(Stop::Exit(_, msg)) = &stop {
                    if !rank0 {
                        say(&format!("{prefix}error: {msg}\n"));
                    }
                }
                abort_job(&prefix)
            }
        }
    }
}
