//! PETSc's Vec tutorial `ex12.c` in Rust: one field of a two-field vector gathered into
//! a vector of its own (`VecStrideGather`) and scattered back, added to the other field
//! (`VecStrideScatter`). Both vectors are printed with PETSc's viewer, so the output at
//! two ranks is PETSc's expected output `ex12_1.out`; the program also checks the
//! fields' sums. `-n` sets the length (20).

use std::process::ExitCode;

use petsc::{InsertMode, Object, Petsc, Vector, Viewer};
use petsc_examples::{real, run_main, AppError, AppResult};

fn body(petsc: &Petsc) -> AppResult {
    let world = petsc.world();
    let n = petsc.options().get_or::<petsc::Int>("n", 20)?;
    // A vector of two interleaved components.
    let mut v = Vector::new(&world)?;
    v.set_sizes(None, Some(n))?;
    v.set_block_size(2)?;
    v.set_from_options()?;
    // A vector of one component.
    let mut s = Vector::new(&world)?;
    s.set_sizes(None, Some(n / 2))?;
    s.set_from_options()?;
    v.set(1.0)?;
    // The first component into the one-component vector.
    v.stride_gather(0, &mut s, InsertMode::Insert)?;
    let stdout = Viewer::ascii_stdout(&world)?;
    s.view_with(&stdout)?;
    // Added back into the second component.
    s.stride_scatter(1, &mut v, InsertMode::Add)?;
    v.view_with(&stdout)?;
    let half = (n / 2) as f64;
    let (f0, f1) = (real(v.stride_sum(0)?), real(v.stride_sum(1)?));
    if !(f0 == half && f1 == 2.0 * half) {
        return Err(AppError::Failed(format!(
            "field sums {f0} and {f1}, expected {half} and {}",
            2.0 * half
        )));
    }
    Ok(())
}

fn main() -> ExitCode {
    run_main("vec_ex12", body)
}
