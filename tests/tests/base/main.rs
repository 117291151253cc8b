//! Integration tests of the core objects: initialization and options, vectors, matrices,
//! graph partitioning, index sets, star forests, sections and labels, viewers, callbacks and ownership,
//! bad input (with the torture test), and the build checks.
//!
//! Each module is one former test file; its cases are named `module::case`, and the
//! filter `module::` runs them alone (as `ci/test-files.sh` does).

mod agreement;
mod ao;
mod bad_input;
mod build_checks;
mod callbacks;
mod device;
mod fft;
mod is;
mod label;
mod leaked;
mod lifetime;
mod loans;
mod mat;
mod mat_is;
mod mat_local;
mod mat_operators;
mod options_blocks;
mod parsed_integers;
mod partitioning;
#[path = "core.rs"]
mod petsc_core;
mod rank_failure;
mod scalar;
mod section;
mod sf;
mod sharing;
mod soundness;
mod torture;
mod universe;
mod vec;
mod viewer;

fn main() {
    // The child programs that tests of these modules start by running this binary again.
    leaked::child_mode();
    options_blocks::child_mode();
    parsed_integers::child_mode();
    petsc_core::child_mode();
    rank_failure::child_mode();
    torture::child_mode();
    vec::child_mode();
    petsc_tests::run_modules(&[
        ("agreement", agreement::cases),
        ("ao", ao::cases),
        ("bad_input", bad_input::cases),
        ("build_checks", build_checks::cases),
        ("callbacks", callbacks::cases),
        ("core", petsc_core::cases),
        ("device", device::cases),
        ("fft", fft::cases),
        ("is", is::cases),
        ("label", label::cases),
        ("leaked", leaked::cases),
        ("lifetime", lifetime::cases),
        ("loans", loans::cases),
        ("mat", mat::cases),
        ("mat_is", mat_is::cases),
        ("mat_operators", mat_operators::cases),
        ("mat_local", mat_local::cases),
        ("options_blocks", options_blocks::cases),
        ("parsed_integers", parsed_integers::cases),
        ("partitioning", partitioning::cases),
        ("rank_failure", rank_failure::cases),
        ("scalar", scalar::cases),
        ("section", section::cases),
        ("sf", sf::cases),
        ("sharing", sharing::cases),
        ("soundness", soundness::cases),
        ("torture", torture::cases),
        ("universe", universe::cases),
        ("vec", vec::cases),
        ("viewer", viewer::cases),
    ]);
}
