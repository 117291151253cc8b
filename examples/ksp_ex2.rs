//! PETSc's KSP tutorial `ex2.c` in Rust: solves a linear system in parallel with KSP.
//!
//! The matrix is the 2D five-point Laplacian on an `m x n` grid, assembled one entry at
//! a time (`MatSetValues` with `ADD_VALUES` per entry, as the C code does); the exact
//! solution is all ones; `b = A u`; the KSP's relative tolerance is
//! `1e-2 / ((m + 1) (n + 1))` unless the options say otherwise. The closing line has
//! ex2's format, so the two programs' outputs can be compared:
//!
//! ```text
//! mpiexec -n 2 target/release/examples/ksp_ex2 -m 300 -n 300 -ksp_type cg -pc_type jacobi
//! Norm of error 0.000421553 iterations 397
//! ```
//!
//! Options: `-m <mesh_x>`, `-n <mesh_y>`, `-view_exact_sol`, every KSP/PC option, and
//! `-timing`, which also prints the wall-clock seconds of assembly (the `MatSetValues`
//! loop plus `MatAssemblyBegin/End`) and of `KSPSolve` on rank 0, each measured from a
//! barrier (ci/bench.sh times the C original the same way).

use std::time::Instant;

use petsc::{InsertMode, Ksp, Mat, NormType, Object, Petsc, Sizes, Vector, Viewer, G};
use petsc_examples::scalar;

const HELP: &str = "Solves a linear system in parallel with KSP.
Input parameters include:
  -view_exact_sol   : write exact solution vector to stdout
  -m <mesh_x>       : number of mesh points in x-direction
  -n <mesh_y>       : number of mesh points in y-direction
  -timing           : print the assembly and solve times (seconds, rank 0)

";

fn main() {
    if let Err(e) = run() {
        eprintln!("ksp_ex2: {e}");
        std::process::exit(1);
    }
}

fn run() -> petsc::Result<()> {
    let petsc = Petsc::builder().args(std::env::args()).help(HELP).init()?;
    let opts = petsc.options();
    let m = opts.get_or::<petsc::Int>("m", 8)?;
    let n = opts.get_or::<petsc::Int>("n", 7)?;
    let timing = opts.get_or("timing", false)?;
    let world = petsc.world();

    // The matrix, its rows spread over the ranks; five non-zeros per row at most.
    let mut a = Mat::aij(&world)
        .sizes(Sizes::global(m * n, m * n))
        .preallocate(5, 5)
        .build()?;

    world.barrier()?;
    let t_assembly = Instant::now();
    // Natural ordering with x first, as in ex2.c: neighbours are Ii +- n and Ii +- 1.
    for ii in a.ownership_range()? {
        let i = ii / n;
        let j = ii - i * n;
        if i > 0 {
            a.set_values(&[ii], &[ii - n], &[scalar(-1.0)], InsertMode::Add)?;
        }
        if i < m - 1 {
            a.set_values(&[ii], &[ii + n], &[scalar(-1.0)], InsertMode::Add)?;
        }
        if j > 0 {
            a.set_values(&[ii], &[ii - 1], &[scalar(-1.0)], InsertMode::Add)?;
        }
        if j < n - 1 {
            a.set_values(&[ii], &[ii + 1], &[scalar(-1.0)], InsertMode::Add)?;
        }
        a.set_values(&[ii], &[ii], &[scalar(4.0)], InsertMode::Add)?;
    }
    a.assemble()?;
    let assembly_seconds = t_assembly.elapsed().as_secs_f64();
    // A is symmetric: lets ICC/Cholesky be used.
    a.set_option_symmetric(true)?;

    // Exact solution u = 1, right-hand side b = A u, approximate solution x.
    // VecCreate + VecSetSizes + VecSetFromOptions: `seq` on one rank, `mpi` on more.
    let mut u = Vector::new_from_options(&world, None, Some(m * n))?;
    let mut b = u.duplicate()?;
    let mut x = b.duplicate()?;
    u.set(1.0)?;
    a.mult(&u, &mut b)?;
    if opts.get_or("view_exact_sol", false)? {
        u.view_with(&Viewer::ascii_stdout(&world)?)?;
    }

    let mut ksp = Ksp::new(&world)?;
    ksp.set_operators(&a, &a)?;
    let rtol = 1.0e-2 / (((m + 1) * (n + 1)) as f64);
    ksp.set_tolerances(petsc::KspTolerances {
        rtol: Some(rtol),
        atol: Some(1.0e-50),
        ..Default::default()
    })?;
    ksp.set_from_options()?;

    world.barrier()?;
    let t_solve = Instant::now();
    // As in C, the program goes on whatever the reason (`-ksp_converged_reason` prints it).
    let _reason = ksp.solve(&b, &mut x)?;
    let solve_seconds = t_solve.elapsed().as_secs_f64();

    // The error against the exact solution.
    x.axpy(-1.0, &u)?;
    let norm = x.norm(NormType::Two)?;
    let its = ksp.iteration_number()?;
    world.print(&format!("Norm of error {} iterations {its}\n", G(norm)))?;
    if timing {
        world.print(&format!(
            "Timing assembly {assembly_seconds:.6} solve {solve_seconds:.6}\n"
        ))?;
    }
    Ok(())
}
