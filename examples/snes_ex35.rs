//! PETSc's SNES tutorial `ex35.c` in Rust: `-Laplacian u = b` posed as a nonlinear
//! problem, so that the nonlinear solvers (nonlinear Richardson, NGMRES, nonlinear CG,
//! FAS, trust-region Newton) can be set beside their linear counterparts (Richardson,
//! GMRES, CG, multigrid), which on this problem give almost identical iterations.
//!
//! The 5-point Laplacian on a 4 x 4 DMDA of the unit square (changed by `-da_grid_x`,
//! `-da_refine`, ...), with the boundary rows and columns replaced by the diagonal, is
//! both the Jacobian and, times `x`, the residual; `b = 1`, `x = 0` to start. Both
//! routines build the matrix on the grid of the level they are called for, so FAS and
//! geometric multigrid work on the coarser grids. The program prints only what the
//! options ask for.
//!
//! PETSc's TEST block runs (each prints its `output/ex35_<suffix>.out`):
//!
//! ```text
//! 1:  snes_ex35 -snes_monitor_short -snes_type nrichardson
//! 2:  snes_ex35 -snes_monitor_short -ksp_monitor_short -ksp_type richardson -pc_type none -ksp_richardson_self_scale
//! 3:  snes_ex35 -snes_monitor_short -snes_type ngmres
//! 4:  snes_ex35 -snes_monitor_short -ksp_type gmres -ksp_monitor_short -pc_type none
//! 5:  snes_ex35 -snes_monitor_short -snes_type ncg
//! 6:  snes_ex35 -snes_monitor_short -ksp_type cg -ksp_monitor_short -pc_type none
//! 7:  snes_ex35 -da_refine 2 -snes_monitor_short -pc_type mg -mg_levels_ksp_type richardson \
//!         -mg_levels_pc_type none -mg_levels_ksp_monitor_short \
//!         -mg_levels_ksp_richardson_self_scale -ksp_type richardson -ksp_monitor_short
//! 8:  snes_ex35 -da_refine 2 -snes_monitor_short -snes_type fas -fas_levels_snes_monitor_short \
//!         -fas_coarse_snes_type newtonls -fas_coarse_pc_type lu -fas_coarse_ksp_type preonly \
//!         -snes_type fas -snes_rtol 1.e-5
//! 9:  snes_ex35 -snes_monitor_short -ksp_type gmres -ksp_monitor_short -pc_type none -snes_type newtontrdc
//! 10: snes_ex35 -snes_monitor_short -ksp_type gmres -ksp_monitor_short -pc_type none \
//!         -snes_type newtontrdc -snes_trdc_use_cauchy false
//! ```
//!
//! All of them are matched. The C program's `-use_ngs_as_npc`, in no test, makes the
//! nonlinear preconditioner a shell solver (`SNESSHELL`) whose solve is `NonlinearGS`:
//! sweeps of pointwise Gauss-Seidel, as many as the shell's iteration limit; it prints
//! what the C program prints with the same options from the zero start (which the sweep
//! leaves as it is). As in C, the sweep solves `-Laplacian u = 0` (it ignores the
//! right-hand side `b`), so the solvers it preconditions stall. Once an iterate is not
//! zero (Newton with tolerances tight enough for a second iteration) the two differ:
//! petsc-rs's shell solve leaves the residual at its new iterate, as PETSc's own methods
//! do, where C's `NonlinearGS` leaves the one from before the sweep, which the outer
//! solver then reads (`SNESGetNPCFunction`). Unlike C, the residual does
//! not keep its matrix with the grid (a matrix refers to its grid, so a grid keeping it
//! through the residual it holds would never be freed); it builds it again at every
//! call, with the same values.

use std::process::ExitCode;

use petsc::{Da, InsertMode, Mat, MatOption, Petsc, Snes, SnesType, Stencil, StencilType, Vector};
use petsc_examples::scalar;

/// `FormMatrix`: the 5-point Laplacian scaled by `hx hy` on the grid of `da`, its
/// boundary rows and columns zeroed with `2 (hy/hx + hx/hy)` on the diagonal.
fn form_matrix(da: &Da, jac: &mut Mat) -> petsc::Result<()> {
    let info = da.info()?;
    let hx = 1.0 / (info.mx - 1) as f64;
    let hy = 1.0 / (info.my - 1) as f64;
    let (hxdhy, hydhx) = (hx / hy, hy / hx);
    let diag = 2.0 * (hydhx + hxdhy);
    let mut rows = Vec::new();
    for j in info.ys..info.ys + info.ym {
        for i in info.xs..info.xs + info.xm {
            let row = Stencil::new(i, j, 0, 0);
            if i == 0 || j == 0 || i == info.mx - 1 || j == info.my - 1 {
                jac.set_values_stencil(&[row], &[row], &[scalar(diag)], InsertMode::Insert)?;
                rows.push(row);
            } else {
                let col = [
                    Stencil::new(i, j - 1, 0, 0),
                    Stencil::new(i - 1, j, 0, 0),
                    row,
                    Stencil::new(i + 1, j, 0, 0),
                    Stencil::new(i, j + 1, 0, 0),
                ];
                let v = [-hxdhy, -hydhx, diag, -hydhx, -hxdhy].map(scalar);
                jac.set_values_stencil(&[row], &col, &v, InsertMode::Insert)?;
            }
        }
    }
    jac.assemble()?;
    jac.zero_rows_columns_stencil(&rows, scalar(diag), None, None)?;
    jac.set_option(MatOption::NewNonzeroLocationErr, true)
}

/// The DMDA of a vector the solver hands to a routine (the grid of its level).
fn grid_of(v: &Vector) -> petsc::Result<Da> {
    v.dm()?
        .ok_or_else(|| petsc::Error::invalid("ex35", "the vector has no DMDA"))
}

/// `NonlinearGS`: sweeps of pointwise nonlinear Gauss-Seidel on `-Laplacian u = 0` over
/// each rank's points, as many as the solver's iteration limit, the ghost points
/// exchanged before each sweep and the boundary set to 0.
fn nonlinear_gs(snes: &mut Snes, da: &Da, x: &mut Vector) -> petsc::Result<()> {
    let its = snes.tolerances()?.max_it.unwrap_or_default();
    let info = da.info()?;
    let hx = 1.0 / (info.mx - 1) as f64;
    let hy = 1.0 / (info.my - 1) as f64;
    let (hxdhy, hydhx) = (hx / hy, hy / hx);
    let mut local = da.create_local_vector()?;
    for _ in 0..its {
        da.global_to_local(x, InsertMode::Insert, &mut local)?;
        {
            let mut v = da.view_mut(&mut local)?;
            for j in info.ys..info.ys + info.ym {
                for i in info.xs..info.xs + info.xm {
                    if i == 0 || j == 0 || i == info.mx - 1 || j == info.my - 1 {
                        // boundary conditions are all zero Dirichlet
                        v[(i, j)] = scalar(0.0);
                    } else {
                        let u = v[(i, j)];
                        let uxx = (u * 2.0 - v[(i - 1, j)] - v[(i + 1, j)]) * hydhx;
                        let uyy = (u * 2.0 - v[(i, j - 1)] - v[(i, j + 1)]) * hxdhy;
                        let f = uxx + uyy;
                        let jac = 2.0 * (hydhx + hxdhy);
                        v[(i, j)] = u - f / jac;
                    }
                }
            }
        }
        da.local_to_global(&local, InsertMode::Insert, x)?;
    }
    Ok(())
}

fn body(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let mut snes = Snes::new(&world)?;
    let use_ngs_as_npc = petsc.options().get_or("-use_ngs_as_npc", false)?;
    let mut psnes = None;
    if use_ngs_as_npc {
        let mut npc = snes.npc()?;
        npc.set_type(SnesType::Shell)?;
        psnes = Some(npc);
    }
    let da = Da::grid(&world)
        .sizes([4, 4])
        .stencil(StencilType::Star)
        .dof(1)
        .stencil_width(1)
        .from_options(true)
        .build()?;
    da.set_uniform_coordinates_to([(0.0, 1.0), (0.0, 1.0)])?;
    snes.set_dm(&da)?;
    if let Some(npc) = &mut psnes {
        // SNESShellSetSolve + SNESShellSetContext(psnes, da): the closure keeps the grid.
        let grid = da.clone();
        npc.set_shell_solve(move |npc, x| nonlinear_gs(npc, &grid, x))?;
    }
    let mut x = da.create_global_vector()?;
    let mut b = da.create_global_vector()?;
    b.set(1.0)?;

    // MyComputeFunction: F = J x, J made on the grid of the level.
    snes.set_function(da.create_global_vector()?, |x, f| {
        let dm = grid_of(x)?;
        let mut j = dm.create_matrix()?;
        form_matrix(&dm, &mut j)?;
        j.mult(x, f)
    })?;
    // MyComputeJacobian
    snes.set_jacobian(&da.create_matrix()?, None, |x, mats| {
        let dm = grid_of(x)?;
        form_matrix(&dm, mats.pre())
    })?;
    snes.set_from_options()?;
    let _ = snes.solve(Some(&b), &mut x)?; // as PETSc's tutorial: a diverged solve does not stop it
    Ok(())
}

fn main() -> ExitCode {
    petsc::main(body)
}
