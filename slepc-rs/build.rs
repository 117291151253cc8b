//! Emits the version and scalar cfgs of the SLEPc that `slepc-sys` found (`slepc_3_18`,
//! `slepc_complex`, ...) and those of its PETSc (`petsc_3_NN`, `petsc_have_mumps`, ...),
//! from their `links` metadata, without probing again.

fn main() {
    petsc_sys_build::cfgs_from_metadata_env("slepc", "slepc")
        .unwrap_or_else(|e| panic!("slepc-sys metadata missing: {e}"));
    petsc_sys_build::cfgs_from_metadata_env("petsc", "petsc")
        .unwrap_or_else(|e| panic!("petsc-sys metadata missing: {e}"));
    // This package's binaries (tests, examples) find the libraries without
    // LD_LIBRARY_PATH when they are outside the system's directories.
    petsc_sys_build::emit_rpath_from_metadata_env("petsc");
    petsc_sys_build::emit_rpath_from_metadata_env("slepc");
    // Dependents read slepc-sys's metadata as this crate's (`DEP_SLEPC_RS_*`).
    petsc_sys_build::reemit_metadata_env("slepc");
}
