//! The one line a program using petsc-rs needs in its build script: an rpath to PETSc's
//! libraries when they are outside the system's directories (your own PETSc build, PETSc
//! from PyPI), so the program runs without `LD_LIBRARY_PATH`; nothing for Debian's
//! packages. It reads the `links` metadata of `petsc-sys`, which is why Cargo.toml has
//! `petsc-sys` in `[dependencies]` and `petsc-sys-build` in `[build-dependencies]`.
//! With slepc-rs, add `slepc-sys` to `[dependencies]` and the same line for "slepc".

fn main() {
    petsc_sys_build::emit_rpath_from_metadata_env("petsc");
}
