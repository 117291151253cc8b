//! Optional: `cargo run` and `cargo test` find PETSc's libraries without it, wherever
//! PETSc is (petsc-sys puts links to a PETSc outside the system's directories on the
//! loader's path of what cargo starts). This one line gives the program an rpath to
//! them, for running it otherwise (`mpiexec target/release/petsc-downstream`) without
//! `LD_LIBRARY_PATH`; it prints nothing for Debian's packages. It reads the `links`
//! metadata petsc-rs passes on, so `petsc-sys-build` in `[build-dependencies]` is all
//! it needs. With slepc-rs, add the same line for "slepc-rs".

fn main() {
    petsc_sys_build::emit_rpath_from_metadata_env("petsc-rs");
}
