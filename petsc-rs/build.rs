//! Emits the version and configuration cfgs of the PETSc that `petsc-sys` found, from its
//! `links` metadata, without probing again.

fn main() {
    petsc_sys_build::cfgs_from_metadata_env("petsc", "petsc")
        .unwrap_or_else(|e| panic!("petsc-sys metadata missing: {e}"));
    // This package's binaries (tests, examples) find the libraries without
    // LD_LIBRARY_PATH when they are outside the system's directories.
    petsc_sys_build::emit_rpath_from_metadata_env("petsc");
    // Dependents read petsc-sys's metadata as this crate's (`DEP_PETSC_RS_*`).
    petsc_sys_build::reemit_metadata_env("petsc");
    // Inside the repository, the repository's README is doc-tested with the crate's own
    // (lib.rs); a packaged crate has only its own.
    println!("cargo::rustc-check-cfg=cfg(petsc_rs_workspace_readme)");
    let manifest =
        std::path::PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let root = manifest.join("..");
    if root.join("README.md").is_file() && root.join("petsc-sys-build/Cargo.toml").is_file() {
        println!("cargo:rustc-cfg=petsc_rs_workspace_readme");
        println!(
            "cargo:rustc-env=PETSC_RS_WORKSPACE_README={}",
            root.join("README.md").display()
        );
    }
}
