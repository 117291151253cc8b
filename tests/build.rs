//! Emits the cfgs of the PETSc that `petsc-sys` found (`petsc_complex`, `petsc_int64`,
//! `petsc_3_NN`), from its `links` metadata, so code for real scalars can say so on a
//! complex build.

fn main() {
    petsc_sys_build::cfgs_from_metadata_env("petsc", "petsc")
        .unwrap_or_else(|e| panic!("petsc-sys metadata missing: {e}"));
    // This package's binaries (tests, examples) find the libraries without
    // LD_LIBRARY_PATH when they are outside the system's directories.
    petsc_sys_build::emit_rpath_from_metadata_env("petsc");
    petsc_sys_build::emit_rpath_from_metadata_env("slepc");
    // The SLEPc that slepc-sys took, for the build checks that compare with it.
    println!("cargo:rerun-if-env-changed=DEP_SLEPC_DIR");
    let slepc = std::env::var("DEP_SLEPC_DIR").unwrap_or_default();
    println!("cargo:rustc-env=PETSC_RS_TESTS_SLEPC_DIR={slepc}");
}
