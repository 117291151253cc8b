//! PETSc's Vec tutorial `ex13.c` in Rust: sums of the fields of a two-field vector
//! (`VecStrideSum`) after one field is scaled (`VecStrideScale`). The vector's type
//! comes from the options (`-vec_type`). Its output is PETSc's expected output
//! `ex13_1.out` at any number of ranks; the program checks the sums against their
//! closed forms. `-n` sets the length (20).

use std::process::ExitCode;

use petsc::{Petsc, Vector};
use petsc_examples::{real, run_main, AppError, AppResult};

/// PETSc's `%g` for the integers this program prints: `-10.` (a point after an integer).
fn petsc_g(x: f64) -> String {
    if x == x.trunc() && x.abs() < 1e15 {
        format!("{x:.0}.")
    } else {
        format!("{x}")
    }
}

fn body(petsc: &Petsc) -> AppResult {
    let world = petsc.world();
    let n = petsc.options().get_or::<petsc::Int>("n", 20)?;
    let mut x = Vector::new(&world)?;
    x.set_sizes(None, Some(n))?;
    x.set_block_size(2)?;
    x.set_from_options()?;
    x.set(1.0)?;
    x.stride_scale(1, -2.0)?;
    let sum = real(x.sum()?);
    petsc.print(&format!("Sum of entire vector: {}\n", petsc_g(sum)))?;
    let s0 = real(x.stride_sum(0)?);
    petsc.print(&format!("Sum of sub-vector 0: {}\n", petsc_g(s0)))?;
    let s1 = real(x.stride_sum(1)?);
    petsc.print(&format!("Sum of sub-vector 1: {}\n", petsc_g(s1)))?;
    let half = (n / 2) as f64;
    if !(sum == -half && s0 == half && s1 == -2.0 * half) {
        return Err(AppError::Failed(format!(
            "sums {sum}, {s0}, {s1}; expected {}, {half}, {}",
            -half,
            -2.0 * half
        )));
    }
    Ok(())
}

fn main() -> ExitCode {
    run_main("vec_ex13", body)
}
