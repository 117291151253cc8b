//! The program shell of the examples: [`run_main`] (a layer over [`petsc::main`] that
//! gives each way an example stops its message and exit status), [`AppError`] and
//! [`AppResult`], [`all_agree`] for decisions every rank must share, [`real_only`] for
//! the examples that need real scalars, and the PETSc the examples were built against
//! ([`PETSC_FOUND`], [`PETSC_DIR`]).

use std::fmt;
use std::process::ExitCode;

use petsc::Petsc;

/// Prints a formatted line on rank 0: petsc-rs's own [`petsc::println0!`].
pub use petsc::println0;

/// Why an example stopped.
#[derive(Debug)]
pub enum AppError {
    /// A bad command line (the same on every rank): printed once, exit status 2.
    Usage(String),
    /// `--help` was given: the text is printed once, exit status 0.
    Help(String),
    /// A PETSc call failed.
    Petsc(petsc::Error),
    /// A self-check failed; every rank must return it (agree first, see [`all_agree`]).
    Failed(String),
}

impl fmt::Display for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AppError::Usage(m) | AppError::Failed(m) => f.write_str(m),
            AppError::Help(h) => f.write_str(h),
            AppError::Petsc(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for AppError {}

impl From<petsc::Error> for AppError {
    fn from(e: petsc::Error) -> AppError {
        AppError::Petsc(e)
    }
}

/// `Result` of an example's body.
pub type AppResult<T = ()> = Result<T, AppError>;

/// Runs `body` under [`petsc::main`] (PETSc initialized with the program's arguments,
/// finalized at the end, the whole job ended rather than hung when only some ranks
/// fail) and turns the example's own outcomes into exit statuses: usage errors and
/// `--help` are printed by rank 0 only (status 2 and 0), failed self-checks by rank 0
/// (status 1); PETSc errors go to [`petsc::main`], which prints them on the ranks that
/// saw them.
pub fn run_main(name: &str, body: impl FnOnce(&Petsc) -> AppResult) -> ExitCode {
    // Usage errors and failed checks are the same on every rank (they are agreed on
    // before they are returned): PETSc sees a success, and the status is set here.
    let status = std::cell::Cell::new(None);
    let code = petsc::main(|petsc| {
        let outcome = body(petsc);
        // The program's own `--flags` are in PETSc's options database too (PETSc reads
        // every argument that starts with `-`). The program read them, so mark them
        // used, lest PETSc list them as unused at exit (`-options_left`, which debug
        // builds of PETSc turn on by default).
        let options = petsc.options();
        for a in std::env::args().skip(1) {
            if a.starts_with("--") && a.len() > 2 {
                let _ = options.has(&a);
            }
        }
        // A program that stopped on an error did not get to read the rest of its
        // options: listing them as unused at exit would only add noise to the error,
        // and C's programs, which return before PetscFinalize, print nothing there.
        if !matches!(outcome, Ok(()) | Err(AppError::Help(_))) {
            let _ = options.set_value("options_left", "0");
        }
        drop(options);
        let rank0 = petsc.world().rank() == 0;
        match outcome {
            Ok(()) => {}
            Err(AppError::Help(text)) => {
                if rank0 {
                    print!("{text}");
                }
            }
            Err(AppError::Usage(msg)) => {
                if rank0 {
                    eprintln!("{name}: {msg}\n(run `{name} --help` for the list of flags)");
                }
                status.set(Some(2));
            }
            Err(AppError::Failed(msg)) => {
                if rank0 {
                    eprintln!("{name}: check failed: {msg}");
                }
                status.set(Some(1));
            }
            Err(AppError::Petsc(e)) => return Err(e),
        }
        Ok(())
    });
    match status.get() {
        Some(s) if code == ExitCode::SUCCESS => ExitCode::from(s),
        _ => code,
    }
}

/// Whether `ok` holds on every rank of the world (a logical-and reduction; collective);
/// `false` if the reduction itself fails.
pub fn all_agree(petsc: &Petsc, ok: bool) -> bool {
    petsc.world().all(ok).unwrap_or(false)
}

/// The PETSc these examples were built against, as `3.18.5 at /usr/lib/petscdir/...`.
pub const PETSC_FOUND: &str = env!("PETSC_EXAMPLES_PETSC_FOUND");

/// The directory of the PETSc these examples were built against (its `share/petsc`
/// holds PETSc's data files, such as the meshes in `datafiles/meshes`).
pub const PETSC_DIR: &str = env!("PETSC_EXAMPLES_PETSC_DIR");

/// The `main` of an example whose mathematics is real (optimization, ...) on a PETSc
/// with complex scalars: rank 0 prints one line saying so, naming the PETSc found, and
/// the program exits 0.
pub fn real_only(name: &str, why: &str) -> ExitCode {
    run_main(name, |petsc| {
        println0!(
            petsc,
            "{name}: needs real scalars ({why}); this PETSc ({PETSC_FOUND}) has complex scalars"
        )?;
        Ok(())
    })
}
