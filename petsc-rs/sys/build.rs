//! Finds PETSc, generates the bindings with bindgen and compiles the C shim.
//!
//! On docs.rs (`DOCS_RS` set), where no PETSc is installed, it takes the bindings in
//! `pregenerated/` instead (Debian's PETSc 3.18: real scalars, 32-bit indices; made by
//! `ci/pregenerate-bindings.sh`) with that configuration's metadata and cfgs, and
//! compiles and links nothing: enough for `cargo doc`, not for a program.

use std::path::{Path, PathBuf};

fn main() {
    if petsc_sys_build::docs_rs() {
        let out = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));
        let pregenerated = petsc_sys_build::Pregenerated::read(Path::new("pregenerated"))
            .unwrap_or_else(|e| panic!("\n{e}\n"));
        pregenerated
            .emit("petsc", &out.join("bindings.rs"))
            .unwrap_or_else(|e| panic!("\n{e}\n"));
        println!(
            "cargo:rustc-env=PETSC_HEADER_VERSION={}",
            pregenerated.version
        );
        return;
    }
    let petsc = petsc_sys_build::Library::PETSC
        .probe()
        .unwrap_or_else(|e| panic!("\n{e}\n"));
    let found = format!("PETSc {} at {}", petsc.version, petsc.dir.display());
    // 3.19.0 alone made PETSC_DECIDE and PETSC_DEFAULT enumerators (3.19.1 made them
    // macros again, as in every other release).
    let v = &petsc.version;
    if (v.major, v.minor, v.subminor) == (3, 19, 0) {
        panic!("\n{found}: PETSc 3.19.0 is not supported (its PETSC_DECIDE is not a macro); use 3.19.1 or later\n");
    }
    if let Some(config) = &petsc.config {
        if let Err(e) = petsc_sys_build::check_requirements_env(config, &found) {
            panic!("\n{e}\n");
        }
    }
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));
    match petsc_sys_build::check_same_mpi(&found, &petsc.include_dirs, &out) {
        Ok(None) => {}
        Ok(Some(why)) => println!("cargo:warning={why}; assuming one MPI"),
        Err(e) => panic!("\n{e}\n"),
    }
    for var in ["CC", "MPI_PKG_CONFIG", "CRAY_MPICH_DIR"] {
        println!("cargo:rerun-if-env-changed={var}");
    }
    petsc.emit_link();
    petsc.emit_metadata();
    petsc_sys_build::emit_cfgs("petsc", &petsc.version, petsc.config.as_ref());
    println!("cargo:rustc-env=PETSC_HEADER_VERSION={}", petsc.version);
    println!("cargo:rerun-if-changed=csrc");

    cc::Build::new()
        .file("csrc/shim.c")
        .file("csrc/private.c")
        .file("csrc/ts_shell.c")
        .file("csrc/rust_types.c")
        .file("csrc/hdf5.c")
        .file("csrc/scotch.c")
        .file("csrc/options.c")
        .file("csrc/composed.c")
        .file("csrc/options_hooks.c")
        .includes(&petsc.include_dirs)
        .warnings(true)
        .compile("petscrs_shim");

    let prefixes = "(Petsc|PETSC|petsc|AO|Vec|VEC|Mat|MAT|MATOP|KSP|PC|SNES|TS|Tao|TAO|DM|DMDA|IS|ISLocalToGlobalMapping|NORM|INSERT|ADD|SCATTER|InsertMode|NormType|ScatterMode|petscrs)";
    let mut builder = bindgen::Builder::default()
        .header("csrc/wrapper.h")
        .clang_args(
            petsc
                .include_dirs
                .iter()
                .map(|d| format!("-I{}", d.display())),
        )
        .allowlist_item(format!("{prefixes}.*"))
        .blocklist_item("(MPI|MPIX|PMPI|ompi|OMPI|opal|mpich|MPICH)_.*")
        .blocklist_type("(MPI|MPIX|ompi|opal)_.*")
        // Declared by hand in lib.rs: private API, which some PETSc versions' public
        // headers pull in (3.26's do) and others do not.
        .blocklist_function("PetscObjectState(Get|Set)")
        .raw_line("#[allow(unused_imports)]")
        .raw_line("use mpi_sys::*;")
        .default_enum_style(bindgen::EnumVariation::NewType {
            is_bitfield: false,
            is_global: false,
        })
        .prepend_enum_name(false)
        .derive_default(true)
        .derive_debug(true)
        .layout_tests(false)
        .generate_comments(false)
        .merge_extern_blocks(true)
        .parse_callbacks(Box::new(bindgen::CargoCallbacks::new()));
    if petsc
        .config
        .as_ref()
        .is_some_and(|c| c.scalar == petsc_sys_build::Scalar::Complex)
    {
        builder = builder.clang_arg("-DPETSC_SKIP_CXX_COMPLEX_FIX");
    }
    let bindings = builder
        .generate()
        .unwrap_or_else(|e| panic!("bindgen failed on PETSc's headers: {e}"));
    // C's `double _Complex` is num-complex's `Complex<f64>` (same layout: re, im).
    let text = petsc_sys_build::replace_bindgen_complex(
        &bindings.to_string(),
        "pub type __BindgenComplex<T> = num_complex::Complex<T>;",
    );
    std::fs::write(out.join("bindings.rs"), text).expect("cannot write bindings.rs");
}
