//! Emits the cfgs of the PETSc that `petsc-sys` found (`petsc_complex`, `petsc_int64`,
//! `petsc_3_NN`), from its `links` metadata, so code for real scalars can say so on a
//! complex build, `PETSC_EXAMPLES_PETSC_FOUND` (`<version> at <dir>`) for messages and
//! `PETSC_EXAMPLES_PETSC_DIR` for PETSc's data files.

fn main() {
    let (version, _) = petsc_sys_build::cfgs_from_metadata_env("petsc", "petsc")
        .unwrap_or_else(|e| panic!("petsc-sys metadata missing: {e}"));
    println!("cargo:rerun-if-env-changed=DEP_PETSC_DIR");
    let dir = std::env::var("DEP_PETSC_DIR").unwrap_or_else(|_| "unknown directory".into());
    println!("cargo:rustc-env=PETSC_EXAMPLES_PETSC_FOUND={version} at {dir}");
    println!("cargo:rustc-env=PETSC_EXAMPLES_PETSC_DIR={dir}");
    // This package's binaries (tests, examples) find the libraries without
    // LD_LIBRARY_PATH when they are outside the system's directories.
    petsc_sys_build::emit_rpath_from_metadata_env("petsc");
    petsc_sys_build::emit_rpath_from_metadata_env("slepc");
}
