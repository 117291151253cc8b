//! Calls petsc-rs and slepc-rs the way a crate written against their first release
//! does, one module per area of the API, each checking the answers it gets. It must
//! build (with deprecation warnings, each naming the new form) and print `ok`.

mod errors;
mod grids;
mod handles;
mod mat;
mod names;
mod petsc_settings;
mod slepc_settings;
mod solve;

fn main() -> std::process::ExitCode {
    petsc::main(|petsc| {
        errors::run(petsc)?;
        solve::run(petsc)?;
        names::run(petsc)?;
        mat::run(petsc)?;
        grids::run(petsc)?;
        handles::run(petsc)?;
        petsc_settings::run(petsc)?;
        slepc_settings::run(petsc)?;
        petsc.print("ok\n")
    })
}
