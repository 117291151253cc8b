//! Integration tests of the solvers: KSP and PC, SNES, TS and TAO.
//!
//! Each module is one former test file; its cases are named `module::case`, and the
//! filter `module::` runs them alone (as `ci/test-files.sh` does).

mod ad;
mod ad_tao;
// Real scalars only (a complex build's AD entry points are an `Err`: see `ad`).
#[cfg(not(petsc_complex))]
mod ad_vector;
mod crashing_setups;
mod ksp;
mod ksp_dm;
mod pc;
mod recovery;
#[cfg(petsc_3_24)]
mod regressor;
mod rust_types;
mod rust_types_mat;
mod rust_types_nonlinear;
mod shell_ops;
mod shells;
mod snes;
mod snes_inner;
mod snes_routines;
mod snes_shell;
mod tao;
mod tao_term;
mod ts;
mod ts_shell;
mod ts_split;

fn main() {
    petsc_tests::run_modules(&[
        ("ad", ad::cases),
        ("ad_tao", ad_tao::cases),
        #[cfg(not(petsc_complex))]
        ("ad_vector", ad_vector::cases),
        ("crashing_setups", crashing_setups::cases),
        ("ksp", ksp::cases),
        ("ksp_dm", ksp_dm::cases),
        ("pc", pc::cases),
        ("recovery", recovery::cases),
        #[cfg(petsc_3_24)]
        ("regressor", regressor::cases),
        ("rust_types", rust_types::cases),
        ("rust_types_mat", rust_types_mat::cases),
        ("rust_types_nonlinear", rust_types_nonlinear::cases),
        ("shell_ops", shell_ops::cases),
        ("shells", shells::cases),
        ("snes", snes::cases),
        ("snes_inner", snes_inner::cases),
        ("snes_routines", snes_routines::cases),
        ("snes_shell", snes_shell::cases),
        ("tao", tao::cases),
        ("tao_term", tao_term::cases),
        ("ts", ts::cases),
        ("ts_shell", ts_shell::cases),
        ("ts_split", ts_split::cases),
    ]);
}
