//! Emits the cfgs of the PETSc that `petsc-sys` found (`petsc_complex`, ...) from its
//! `links` metadata, and an rpath to its libraries when they are outside the system's
//! directories.

fn main() {
    petsc_sys_build::cfgs_from_metadata_env("petsc", "petsc")
        .unwrap_or_else(|e| panic!("petsc-sys metadata missing: {e}"));
    petsc_sys_build::emit_rpath_from_metadata_env("petsc");
}
