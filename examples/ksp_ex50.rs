//! PETSc's KSP tutorial `ex50.c` in Rust: the 2D Poisson equation with pure Neumann
//! boundary conditions,
//!
//! ```text
//! div(grad p) = f = -cos(pi x) cos(pi y) on (0, 1)^2,  dp/dn = 0 on the boundary,
//! ```
//!
//! cell-centred on a DMDA (11 x 11 unless `-da_grid_x`, `-da_grid_y`, `-da_refine` say
//! otherwise). The operator is singular: its null space, the constants, is attached to
//! it (`Mat::set_null_space`) and removed from the right-hand side (`NullSpace::remove`),
//! so the Krylov solver finds the solution of zero mean. As in C, the operator and the
//! right-hand side come from closures kept with the grid (`KSPSetComputeOperators`,
//! `KSPSetComputeRHS`), which multigrid from the options calls on each coarsened grid.
//! PETSc's own test runs it as
//!
//! ```text
//! ksp_ex50 -pc_type mg -pc_mg_type full -ksp_type cg -ksp_monitor_short -da_refine 3 \
//!     -mg_coarse_pc_type svd -ksp_view
//! ```
//!
//! and its output (the monitor and the whole `-ksp_view`) is PETSc's expected output of
//! that test.

use std::process::ExitCode;

use petsc::{Da, InsertMode, Ksp, NullSpace, Object, Petsc, Scalar, Stencil, Vector};
use petsc_examples::scalar;

fn body(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let mut ksp = Ksp::new(&world)?;
    let da = Da::grid(&world)
        .sizes([11, 11])
        .from_options(true)
        .build()?;
    ksp.set_dm(&da)?;
    // The C program's user context: the wave numbers of the source.
    let (uu, tt) = (1.0, 1.0);
    ksp.set_compute_rhs(move |da, b| compute_rhs(da, b, uu, tt))?;
    ksp.set_compute_operators(|da, mats| {
        let info = da.info()?;
        let hx = 1.0 / info.mx as f64;
        let hy = 1.0 / info.my as f64;
        let (hxdhy, hydhx) = (hx / hy, hy / hx);
        let (pre, op) = mats.split();
        for [i, j, _] in info.corners().iter() {
            let row = Stencil::new(i, j, 0, 0);
            if i == 0 || j == 0 || i == info.mx - 1 || j == info.my - 1 {
                // The neighbours that exist, in the C program's order, then the centre.
                let (mut cols, mut v) = (Vec::new(), Vec::new());
                let (mut numi, mut numj) = (0.0, 0.0);
                if j != 0 {
                    cols.push(Stencil::new(i, j - 1, 0, 0));
                    v.push(-hxdhy);
                    numj += 1.0;
                }
                if i != 0 {
                    cols.push(Stencil::new(i - 1, j, 0, 0));
                    v.push(-hydhx);
                    numi += 1.0;
                }
                if i != info.mx - 1 {
                    cols.push(Stencil::new(i + 1, j, 0, 0));
                    v.push(-hydhx);
                    numi += 1.0;
                }
                if j != info.my - 1 {
                    cols.push(Stencil::new(i, j + 1, 0, 0));
                    v.push(-hxdhy);
                    numj += 1.0;
                }
                cols.push(row);
                v.push(numj * hxdhy + numi * hydhx);
                let v: Vec<Scalar> = v.into_iter().map(scalar).collect();
                pre.set_values_stencil(&[row], &cols, &v, InsertMode::Insert)?;
            } else {
                let cols = [
                    Stencil::new(i, j - 1, 0, 0),
                    Stencil::new(i - 1, j, 0, 0),
                    row,
                    Stencil::new(i + 1, j, 0, 0),
                    Stencil::new(i, j + 1, 0, 0),
                ];
                let v = [-hxdhy, -hydhx, 2.0 * (hxdhy + hydhx), -hydhx, -hxdhy].map(scalar);
                pre.set_values_stencil(&[row], &cols, &v, InsertMode::Insert)?;
            }
        }
        pre.assemble()?;
        // The constants are the null space of the operator (C's MatSetNullSpace(J, ...)).
        let nullspace = NullSpace::new(&da.comm(), true, &[])?;
        match op {
            Some(a) => a.set_null_space(&nullspace),
            None => pre.set_null_space(&nullspace),
        }
    })?;
    ksp.set_from_options()?;
    // As in C, the program goes on whatever the reason (`-ksp_converged_reason` prints it).
    let _reason = ksp.solve_dm()?;
    Ok(())
}

/// `ComputeRHS` of the C program: the source, made consistent with the singular
/// operator by removing its constant part.
fn compute_rhs(da: &Da, b: &mut Vector, uu: f64, tt: f64) -> petsc::Result<()> {
    let info = da.info()?;
    let pi = 4.0 * 1.0f64.atan();
    let hx = 1.0 / info.mx as f64;
    let hy = 1.0 / info.my as f64;
    {
        let mut v = da.view_mut(b)?;
        for [i, j, _] in info.corners().iter() {
            v[(i, j)] = Scalar::from(
                -(uu * pi * (i as f64 + 0.5) * hx).cos()
                    * (tt * pi * (j as f64 + 0.5) * hy).cos()
                    * hx
                    * hy,
            );
        }
    }
    // Force the right-hand side to be consistent for the singular matrix.
    let nullspace = NullSpace::new(&da.comm(), true, &[])?;
    nullspace.remove(b)
}

fn main() -> ExitCode {
    petsc::main(body)
}
