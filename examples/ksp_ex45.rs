//! PETSc's KSP tutorial `ex45.c` in Rust: the 3D Laplacian
//!
//! ```text
//! -Laplacian u = 1 on (0, 1)^3,  u = 1 on the boundary
//! ```
//!
//! with 7-point finite differences on a DMDA (7 x 7 x 7 unless `-da_grid_x`, ... or
//! `-da_refine` say otherwise). The solver is given the grid (`Ksp::set_dm`) and closures
//! that compute the operator, the right-hand side and the initial guess on it, as C's
//! `KSPSetComputeOperators`, `KSPSetComputeRHS` and `KSPSetComputeInitialGuess`; they
//! are kept with the grid, so multigrid from the options (`-pc_type mg -pc_mg_levels 3`)
//! calls them on each coarsened grid. Then `KSPSolve(ksp, NULL, NULL)` and the residual
//! norm, as in C. PETSc's own test runs it as
//!
//! ```text
//! mpiexec -n 4 ksp_ex45 -ksp_monitor_short -da_grid_x 21 -da_grid_y 21 -da_grid_z 21 \
//!     -pc_type mg -pc_mg_levels 3 -mg_levels_ksp_type richardson -mg_levels_ksp_max_it 1 \
//!     -mg_levels_pc_type bjacobi
//! ```
//!
//! and its output is PETSc's expected output of that test.

use std::process::ExitCode;

use petsc::{Da, InsertMode, Ksp, NormType, Petsc, Scalar, Stencil, G};
use petsc_examples::scalar;

fn body(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let mut ksp = Ksp::new(&world)?;
    let da = Da::grid(&world)
        .sizes([7, 7, 7])
        .from_options(true)
        .build()?;
    ksp.set_dm(&da)?;
    ksp.set_compute_initial_guess(|_, x| x.set(0.0))?;
    ksp.set_compute_rhs(compute_rhs)?;
    ksp.set_compute_operators(|da, mats| {
        let info = da.info()?;
        let (hx, hy, hz) = spacing(da)?;
        let (hxhydhz, hxhzdhy, hyhzdhx) = (hx * hy / hz, hx * hz / hy, hy * hz / hx);
        let diag = 2.0 * (hxhydhz + hxhzdhy + hyhzdhx);
        let b = mats.pre();
        for [i, j, k] in info.corners().iter() {
            let row = Stencil::new(i, j, k, 0);
            if i == 0
                || j == 0
                || k == 0
                || i == info.mx - 1
                || j == info.my - 1
                || k == info.mz - 1
            {
                b.set_values_stencil(&[row], &[row], &[Scalar::from(diag)], InsertMode::Insert)?;
            } else {
                let cols = [
                    Stencil::new(i, j, k - 1, 0),
                    Stencil::new(i, j - 1, k, 0),
                    Stencil::new(i - 1, j, k, 0),
                    row,
                    Stencil::new(i + 1, j, k, 0),
                    Stencil::new(i, j + 1, k, 0),
                    Stencil::new(i, j, k + 1, 0),
                ];
                let v = [
                    -hxhydhz, -hxhzdhy, -hyhzdhx, diag, -hyhzdhx, -hxhzdhy, -hxhydhz,
                ]
                .map(scalar);
                b.set_values_stencil(&[row], &cols, &v, InsertMode::Insert)?;
            }
        }
        b.assemble()
    })?;
    drop(da); // the solver keeps the grid, as in C (DMDestroy after KSPSetDM)

    ksp.set_from_options()?;
    // As in C, the program goes on whatever the reason (`-ksp_converged_reason` prints it).
    let _reason = ksp.solve_dm()?;
    let x = ksp.solution()?;
    let b = ksp.rhs()?;
    let mut r = b.duplicate()?;
    let (a, _) = ksp.operators()?;
    a.mult(&x, &mut r)?;
    r.axpy(-1.0, &b)?;
    let norm = r.norm(NormType::Two)?;
    world.print(&format!("Residual norm {}\n", G(norm)))?;
    Ok(())
}

/// The grid spacings of the level at hand.
fn spacing(da: &Da) -> petsc::Result<(f64, f64, f64)> {
    let info = da.info()?;
    Ok((
        1.0 / (info.mx - 1) as f64,
        1.0 / (info.my - 1) as f64,
        1.0 / (info.mz - 1) as f64,
    ))
}

/// `ComputeRHS` of the C program.
fn compute_rhs(da: &Da, b: &mut petsc::Vector) -> petsc::Result<()> {
    let info = da.info()?;
    let (hx, hy, hz) = spacing(da)?;
    let (hxhydhz, hxhzdhy, hyhzdhx) = (hx * hy / hz, hx * hz / hy, hy * hz / hx);
    let mut v = da.view_mut(b)?;
    for [i, j, k] in info.corners().iter() {
        v[(i, j, k)] = Scalar::from(
            if i == 0
                || j == 0
                || k == 0
                || i == info.mx - 1
                || j == info.my - 1
                || k == info.mz - 1
            {
                2.0 * (hxhydhz + hxhzdhy + hyhzdhx)
            } else {
                hx * hy * hz
            },
        );
    }
    Ok(())
}

fn main() -> ExitCode {
    petsc::main(body)
}
