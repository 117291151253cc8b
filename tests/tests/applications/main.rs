//! Integration tests of the workshop applications (the `examples` package), run as
//! programs at one and more ranks.
//!
//! Each module is one former test file; its cases are named `module::case`, and the
//! filter `module::` runs them alone (as `ci/test-files.sh` does).

mod bratu;
mod calibrate;
mod examples;
mod gwas_plink;
mod heat;
mod mri_recon;
mod poisson_mesh;
mod power_ac;
mod power_cases;
mod rust_types_example;
mod t2_nifti;
mod tao_examples;
mod tracers;
mod two_hosts;
mod wave;

fn main() {
    petsc_tests::run_modules(&[
        ("examples", examples::cases),
        ("bratu", bratu::cases),
        ("calibrate", calibrate::cases),
        ("gwas_plink", gwas_plink::cases),
        ("heat", heat::cases),
        ("mri_recon", mri_recon::cases),
        ("poisson_mesh", poisson_mesh::cases),
        ("power_cases", power_cases::cases),
        ("power_ac", power_ac::cases),
        ("rust_types_example", rust_types_example::cases),
        ("t2_nifti", t2_nifti::cases),
        ("tao_examples", tao_examples::cases),
        ("tracers", tracers::cases),
        ("wave", wave::cases),
        ("two_hosts", two_hosts::cases),
    ]);
}
