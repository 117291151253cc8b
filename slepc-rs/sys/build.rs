//! Finds SLEPc, checks that it was built on the PETSc that `petsc-sys` found, generates
//! the bindings with bindgen (sharing every PETSc and MPI type with `petsc-sys`) and
//! compiles the C shim.

use std::path::{Path, PathBuf};

use petsc_sys_build::{parse_conf_header, Config, Install, Scalar, Version};

/// What `petsc-sys` found, read from its `links` metadata (`DEP_PETSC_*`).
struct PetscFacts {
    version: Version,
    dir: PathBuf,
    include_dirs: Vec<PathBuf>,
    scalar: String,
    precision: String,
    index_bits: u32,
}

fn dep(key: &str) -> Result<String, String> {
    let name = format!("DEP_PETSC_{key}");
    println!("cargo:rerun-if-env-changed={name}");
    std::env::var(&name).map_err(|_| format!("{name} is not set (petsc-sys printed no {key})"))
}

fn petsc_facts() -> Result<PetscFacts, String> {
    Ok(PetscFacts {
        version: dep("VERSION")?.parse()?,
        dir: PathBuf::from(dep("DIR")?),
        include_dirs: std::env::split_paths(&dep("INCLUDE")?).collect(),
        scalar: dep("SCALAR")?,
        precision: dep("PRECISION")?,
        index_bits: dep("INDEX_BITS")?
            .parse()
            .map_err(|_| "DEP_PETSC_INDEX_BITS is not a number".to_string())?,
    })
}

/// A `#define NAME "value"` of a header's text.
fn string_define(text: &str, name: &str) -> Option<String> {
    text.lines().find_map(|l| {
        let rest = l.trim_start().strip_prefix('#')?.trim_start();
        let rest = rest.strip_prefix("define")?.trim_start();
        let value = rest.strip_prefix(name)?;
        if !value.starts_with([' ', '\t']) {
            return None;
        }
        Some(value.trim().trim_matches('"').to_string())
    })
}

fn describe(scalar: &str, bits: u32) -> String {
    format!("{scalar} scalars, {bits}-bit indices")
}

/// The configuration of the PETSc that SLEPc was built on: `slepcconf.h` names its
/// `SLEPC_PETSC_DIR` (and `SLEPC_PETSC_ARCH`), whose `petscconf.h` says scalar and index
/// type. `None` when that PETSc is no longer there to read.
fn slepc_petsc(slepc: &Install) -> Option<(PathBuf, Config)> {
    let conf = slepc
        .include_dirs
        .iter()
        .map(|d| d.join("slepcconf.h"))
        .find(|p| p.is_file())?;
    println!("cargo:rerun-if-changed={}", conf.display());
    let text = std::fs::read_to_string(&conf).ok()?;
    let dir = PathBuf::from(string_define(&text, "SLEPC_PETSC_DIR")?);
    let arch = string_define(&text, "SLEPC_PETSC_ARCH").unwrap_or_default();
    let candidates = [
        dir.join(&arch).join("include/petscconf.h"),
        dir.join("include/petscconf.h"),
    ];
    let path = candidates.iter().find(|p| p.is_file())?;
    let config = parse_conf_header(&std::fs::read_to_string(path).ok()?).ok()?;
    Some((dir, config))
}

/// Fails unless SLEPc and PETSc share a version line (major.minor) and SLEPc was built
/// with PETSc's scalar and index types; the message names both installations.
fn check_agreement(slepc: &Install, petsc: &PetscFacts) -> Result<(), String> {
    let both = format!(
        "SLEPc {} at {} (found by {}) and PETSc {} at {} (found by petsc-sys)",
        slepc.version,
        slepc.dir.display(),
        slepc.found_by,
        petsc.version,
        petsc.dir.display()
    );
    if (slepc.version.major, slepc.version.minor) != (petsc.version.major, petsc.version.minor) {
        return Err(format!(
            "SLEPc and PETSc are of different version lines: {both}. \
             Set SLEPC_DIR to a SLEPc {}.{}.x (or PETSC_DIR to the PETSc that SLEPc was built on).",
            petsc.version.major, petsc.version.minor
        ));
    }
    let theirs = |scalar: &str, bits: u32| describe(scalar, bits);
    let ours = theirs(&petsc.scalar, petsc.index_bits);
    if let Some((dir, c)) = slepc_petsc(slepc) {
        let scalar = match c.scalar {
            Scalar::Real => "real",
            Scalar::Complex => "complex",
        };
        if scalar != petsc.scalar || c.index_bits != petsc.index_bits {
            return Err(format!(
                "SLEPc was built on the PETSc at {} ({}), but petsc-sys uses one with {}: {both}. \
                 Point SLEPC_DIR and PETSC_DIR (+ PETSC_ARCH) at a matching pair.",
                dir.display(),
                theirs(scalar, c.index_bits),
                ours
            ));
        }
        return Ok(());
    }
    // Debian names the libraries after the scalar type (libslepc_real, libslepc_complex).
    for lib in &slepc.libs {
        for other in ["real", "complex"] {
            if lib.ends_with(&format!("_{other}")) && other != petsc.scalar {
                return Err(format!(
                    "SLEPc's library lib{lib} is for {other} scalars, but petsc-sys uses {ours}: {both}."
                ));
            }
        }
    }
    println!(
        "cargo:warning=cannot read the configuration of the PETSc SLEPc was built on; assuming it matches ({ours})"
    );
    Ok(())
}

fn main() {
    let slepc = petsc_sys_build::Library::SLEPC
        .probe()
        .unwrap_or_else(|e| panic!("\n{e}\n"));
    let petsc = petsc_facts().unwrap_or_else(|e| panic!("petsc-sys metadata missing: {e}"));
    if let Err(e) = check_agreement(&slepc, &petsc) {
        panic!("\n{e}\n");
    }
    slepc.emit_link();
    slepc.emit_metadata();
    // The scalar configuration SLEPc shares with PETSc, for the safe crate's cfgs.
    println!("cargo:scalar={}", petsc.scalar);
    println!("cargo:precision={}", petsc.precision);
    println!("cargo:index_bits={}", petsc.index_bits);
    petsc_sys_build::emit_cfgs("slepc", &slepc.version, None);
    println!("cargo:rustc-env=SLEPC_HEADER_VERSION={}", slepc.version);
    println!("cargo:rerun-if-changed=csrc");

    // SLEPc's own include directories first, then PETSc's (and MPI's) as petsc-sys saw them.
    let mut include_dirs: Vec<PathBuf> = Vec::new();
    for d in slepc.include_dirs.iter().chain(&petsc.include_dirs) {
        if !include_dirs.contains(d) && Path::new(d).is_dir() {
            include_dirs.push(d.clone());
        }
    }

    cc::Build::new()
        .file("csrc/shim.c")
        .includes(&include_dirs)
        .warnings(true)
        .compile("slepcrs_shim");

    let mut builder = bindgen::Builder::default()
        .header("csrc/wrapper.h")
        .clang_args(include_dirs.iter().map(|d| format!("-I{}", d.display())))
        .allowlist_item("(EPS|ST|BV|DS|RG|SVD|FN|Slepc|SLEPC|slepc|slepcrs|_p_(EPS|ST|BV|DS|RG|SVD|FN)).*")
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
    if petsc.scalar == "complex" {
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
