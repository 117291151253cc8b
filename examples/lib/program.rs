//! The program shell of the examples: the errors that end an example the same way on
//! every rank ([`usage_error`], [`check_failed`], [`help_text`], each an
//! [`Error::exit`](petsc::Error::exit) that [`petsc::main`] prints once and turns into
//! the exit status), [`all_agree`] for decisions every rank must share, [`real_only`] for
//! the examples that need real scalars, and the PETSc the examples were built against
//! ([`PETSC_FOUND`], [`PETSC_DIR`]).

use std::process::ExitCode;

use petsc::Petsc;

/// Prints a formatted line on rank 0: petsc-rs's own [`petsc::println0!`].
pub use petsc::println0;

/// The program's name: its file's, without the directory (`bratu`).
fn program() -> String {
    std::env::args()
        .next()
        .and_then(|a| {
            std::path::Path::new(&a)
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
        })
        .unwrap_or_else(|| "example".into())
}

/// A bad command line, the same on every rank: printed once, exit status 2.
pub fn usage_error(message: impl std::fmt::Display) -> petsc::Error {
    let name = program();
    petsc::Error::exit(
        2,
        format!("{name}: {message}\n(run `{name} --help` for the list of flags)"),
    )
}

/// A failed self-check, which every rank must return (agree first, see [`all_agree`]):
/// printed once, exit status 1.
pub fn check_failed(message: impl std::fmt::Display) -> petsc::Error {
    petsc::Error::exit(1, format!("{}: check failed: {message}", program()))
}

/// `--help` was given: the text is printed once, on standard output, exit status 0.
pub fn help_text(text: impl Into<String>) -> petsc::Error {
    petsc::Error::exit(0, text)
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
    petsc::main(|petsc| {
        println0!(
            petsc,
            "{name}: needs real scalars ({why}); this PETSc ({PETSC_FOUND}) has complex scalars"
        )?;
        Ok(())
    })
}
