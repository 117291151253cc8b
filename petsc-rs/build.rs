//! Emits the version and configuration cfgs of the PETSc that `petsc-sys` found, from its
//! `links` metadata, without probing again.

fn main() {
    petsc_sys_build::cfgs_from_metadata_env("petsc", "petsc")
        .unwrap_or_else(|e| panic!("petsc-sys metadata missing: {e}"));
    // This package's binaries (tests, examples) find the libraries without
    // LD_LIBRARY_PATH when they are outside the system's directories.
    petsc_sys_build::emit_rpath_from_metadata_env("petsc");
}
