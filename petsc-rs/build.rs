//! Emits the version and configuration cfgs of the PETSc that `petsc-sys` found, from its
//! `links` metadata, without probing again.

fn main() {
    petsc_sys_build::cfgs_from_metadata_env("petsc", "petsc")
        .unwrap_or_else(|e| panic!("petsc-sys metadata missing: {e}"));
}
