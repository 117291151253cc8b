//! Finds the SLEPc built on the PETSc that `petsc-sys` found (`SLEPC_DIR` when set, and
//! then checked), generates the bindings with bindgen (sharing every PETSc and MPI type
//! with `petsc-sys`) and compiles the C shim.
//!
//! On docs.rs (`DOCS_RS` set), where no SLEPc is installed, it takes the bindings in
//! `pregenerated/` instead (Debian's SLEPc 3.18 on the PETSc of `petsc-sys`'s
//! `pregenerated/`; made by `ci/pregenerate-bindings.sh`) with that configuration's
//! metadata and cfgs, and compiles and links nothing: enough for `cargo doc`.

use std::path::{Path, PathBuf};

use petsc_sys_build::{Library, PetscBuild, Pregenerated};

fn main() {
    if petsc_sys_build::docs_rs() {
        let out = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));
        let pregenerated =
            Pregenerated::read(Path::new("pregenerated")).unwrap_or_else(|e| panic!("\n{e}\n"));
        pregenerated
            .emit("slepc", &out.join("bindings.rs"))
            .unwrap_or_else(|e| panic!("\n{e}\n"));
        println!(
            "cargo:rustc-env=SLEPC_HEADER_VERSION={}",
            pregenerated.version
        );
        return;
    }
    let petsc = PetscBuild::from_metadata_env()
        .unwrap_or_else(|e| panic!("petsc-sys metadata missing: {e}"));
    // SLEPC_DIR when set (checked), else the SLEPc in sight that was built on this PETSc.
    let slepc = Library::SLEPC
        .probe_built_on(&petsc)
        .unwrap_or_else(|e| panic!("\n{e}\n"));
    let petsc_include = std::env::var("DEP_PETSC_INCLUDE")
        .unwrap_or_else(|_| panic!("petsc-sys metadata missing: DEP_PETSC_INCLUDE"));
    let petsc_include: Vec<PathBuf> = std::env::split_paths(&petsc_include).collect();
    let scalar = std::env::var("DEP_PETSC_SCALAR").unwrap_or_default();
    slepc.emit_link();
    slepc.emit_metadata();
    // The scalar configuration SLEPc shares with PETSc, for the safe crate's cfgs.
    println!("cargo:scalar={scalar}");
    println!(
        "cargo:precision={}",
        std::env::var("DEP_PETSC_PRECISION").unwrap_or_default()
    );
    println!("cargo:index_bits={}", petsc.index_bits);
    petsc_sys_build::emit_cfgs("slepc", &slepc.version, None);
    println!("cargo:rustc-env=SLEPC_HEADER_VERSION={}", slepc.version);
    println!("cargo:rerun-if-changed=csrc");

    // SLEPc's own include directories first, then PETSc's (and MPI's) as petsc-sys saw them.
    let mut include_dirs: Vec<PathBuf> = Vec::new();
    for d in slepc.include_dirs.iter().chain(&petsc_include) {
        if !include_dirs.contains(d) && Path::new(d).is_dir() {
            include_dirs.push(d.clone());
        }
    }

    cc::Build::new()
        .file("csrc/shim.c")
        .file("csrc/private.c")
        .file("csrc/recover.c")
        .file("csrc/pep.c")
        .file("csrc/nep.c")
        .file("csrc/stoppable.c")
        .includes(&include_dirs)
        .warnings(true)
        .compile("slepcrs_shim");

    let mut builder = bindgen::Builder::default()
        .header("csrc/wrapper.h")
        .clang_args(include_dirs.iter().map(|d| format!("-I{}", d.display())))
        .allowlist_item("(EPS|ST|BV|DS|RG|SVD|FN|MFN|PEP|NEP|LME|Slepc|SLEPC|slepc|slepcrs|_p_(EPS|ST|BV|DS|RG|SVD|FN|MFN|PEP|NEP|LME)).*")
        // PETSc's and MPI's items come from petsc-sys (`use petsc_sys::*`), so `Mat`,
        // `Vec`, `KSP`, `PetscScalar`, `MPI_Comm` are one type across both crates.
        .blocklist_item("(Petsc|PETSC|petsc|_p_Petsc|Vec|VEC|_p_Vec|Mat|MAT|_p_Mat|KSP|_p_KSP|PC|_p_PC|IS|_p_IS|NORM|INSERT|ADD|SCATTER|InsertMode|NormType|ScatterMode|DM|_p_DM|PetscViewer|PetscDraw|PetscRandom)([A-Z_].*)?")
        .blocklist_item("(Petsc|PETSC|petsc|_p_Petsc|_n_Petsc).*")
        .blocklist_item("(SNES|_p_SNES|TS|_p_TS|Tao|_p_Tao|TAO|DMDA|_p_DM)([A-Z_].*)?")
        .blocklist_item("(MPI|MPIX|PMPI|ompi|OMPI|opal|mpich|MPICH)_.*")
        .blocklist_type("(MPI|MPIX|ompi|opal)_.*")
        .blocklist_type("(FILE|_IO_FILE|_IO_.*|__.*)")
        .raw_line("#[allow(unused_imports)]")
        .raw_line("use petsc_sys::*;")
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
    if scalar == "complex" {
        builder = builder.clang_arg("-DPETSC_SKIP_CXX_COMPLEX_FIX");
    }
    let bindings = builder
        .generate()
        .unwrap_or_else(|e| panic!("bindgen failed on SLEPc's headers: {e}"));
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));
    // C's `double _Complex` is num-complex's `Complex<f64>` (same layout: re, im).
    let text = petsc_sys_build::replace_bindgen_complex(
        &bindings.to_string(),
        "pub use petsc_sys::__BindgenComplex;",
    );
    std::fs::write(out.join("bindings.rs"), text).expect("cannot write bindings.rs");
}
