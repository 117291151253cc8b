//! Integration tests that compare ports of PETSc's and SLEPc's tutorials with their
//! expected outputs and with the C programs.
//!
//! Each module is one former test file; its cases are named `module::case`, and the
//! filter `module::` runs them alone (as `ci/test-files.sh` does).

mod bv_tutorials;
mod fem_tutorials;
mod nep_tutorials;
mod plex_tutorials;
mod slepc_tutorials;
mod stag_tutorials;
mod tutorials;
mod tutorials_solvers;

fn main() {
    petsc_tests::run_modules(&[
        ("tutorials", tutorials::cases),
        ("tutorials_solvers", tutorials_solvers::cases),
        ("bv_tutorials", bv_tutorials::cases),
        ("fem_tutorials", fem_tutorials::cases),
        ("nep_tutorials", nep_tutorials::cases),
        ("plex_tutorials", plex_tutorials::cases),
        ("slepc_tutorials", slepc_tutorials::cases),
        ("stag_tutorials", stag_tutorials::cases),
    ]);
}
