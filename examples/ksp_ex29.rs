//! PETSc's KSP tutorial `ex29.c` in Rust: the inhomogeneous 2D Laplacian
//!
//! ```text
//! -div(rho grad u) = f = e^(-x^2/nu) e^(-y^2/nu) on (0, 1)^2
//! ```
//!
//! with `rho` (`-rho`, 1) in the middle third of the square and 1 elsewhere, `nu` from
//! `-nu` (0.1), and Dirichlet or pure Neumann boundary conditions (`-bc_type dirichlet`
//! or `neumann`). With Neumann conditions the constants are the operator's null space:
//! attached to the matrix and removed from the right-hand side. The operator and the
//! right-hand side come from closures kept with the grid (3 x 3, refined by
//! `-da_refine`), which multigrid from the options calls on each level. `-testsolver`
//! solves again with the grid inactive and the vectors given explicitly. PETSc's own
//! tests run it as
//!
//! ```text
//! ksp_ex29 -pc_type mg -pc_mg_type full -ksp_type fgmres -ksp_monitor_short \
//!     -da_refine 8 -ksp_rtol 1.e-3
//! ksp_ex29 -ksp_view -da_refine 2 -pc_type mg -pc_mg_distinct_smoothup \
//!     -mg_levels_up_pc_type jacobi
//! ```
//!
//! and its output is PETSc's expected output of those tests.

use std::process::ExitCode;

use petsc::{Da, InsertMode, Ksp, NullSpace, Object, Petsc, Stencil, Vector};
use petsc_examples::{scalar, usage_error};

#[derive(Clone, Copy, PartialEq)]
enum Bc {
    Dirichlet,
    Neumann,
}

fn body(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let opts = petsc.options();
    let mut ksp = Ksp::new(&world)?;
    let da = Da::grid(&world).sizes([3, 3]).from_options(true).build()?;
    da.set_uniform_coordinates_to([(0.0, 1.0), (0.0, 1.0)])?;
    da.set_field_name(0, "Pressure")?;

    let rho = opts.get_or::<petsc::Real>("rho", 1.0)?;
    let nu = opts.get_or::<petsc::Real>("nu", 0.1)?;
    let bc = match opts.get::<String>("bc_type")?.as_deref() {
        None | Some("dirichlet") => Bc::Dirichlet,
        Some("neumann") => Bc::Neumann,
        Some(other) => {
            return Err(usage_error(format!(
                "-bc_type {other}: expected dirichlet or neumann"
            )))
        }
    };
    let testsolver = opts.get_or("testsolver", false)?;

    // The C program sets the closures before the grid (on the solver's placeholder DM,
    // whose context KSPSetDM passes on); here the grid comes first.
    ksp.set_dm(&da)?;
    ksp.set_compute_rhs(move |da, b| compute_rhs(da, b, nu, bc))?;
    ksp.set_compute_operators(move |da, mats| {
        let info = da.info()?;
        let hx = 1.0 / (info.mx - 1) as f64;
        let hy = 1.0 / (info.my - 1) as f64;
        let (hxdhy, hydhx) = (hx / hy, hy / hx);
        let (pre, op) = mats.split();
        for [i, j, _] in info.corners().iter() {
            let row = Stencil::new(i, j, 0, 0);
            let r = compute_rho(i, j, info.mx, info.my, rho);
            if i == 0 || j == 0 || i == info.mx - 1 || j == info.my - 1 {
                if bc == Bc::Dirichlet {
                    let v = [scalar(2.0 * r * (hxdhy + hydhx))];
                    pre.set_values_stencil(&[row], &[row], &v, InsertMode::Insert)?;
                } else {
                    let (mut cols, mut v) = (Vec::new(), Vec::new());
                    let (mut numx, mut numy) = (0.0, 0.0);
                    if j != 0 {
                        cols.push(Stencil::new(i, j - 1, 0, 0));
                        v.push(-r * hxdhy);
                        numy += 1.0;
                    }
                    if i != 0 {
                        cols.push(Stencil::new(i - 1, j, 0, 0));
                        v.push(-r * hydhx);
                        numx += 1.0;
                    }
                    if i != info.mx - 1 {
                        cols.push(Stencil::new(i + 1, j, 0, 0));
                        v.push(-r * hydhx);
                        numx += 1.0;
                    }
                    if j != info.my - 1 {
                        cols.push(Stencil::new(i, j + 1, 0, 0));
                        v.push(-r * hxdhy);
                        numy += 1.0;
                    }
                    cols.push(row);
                    v.push(numx * r * hydhx + numy * r * hxdhy);
                    let v: Vec<_> = v.into_iter().map(scalar).collect();
                    pre.set_values_stencil(&[row], &cols, &v, InsertMode::Insert)?;
                }
            } else {
                let cols = [
                    Stencil::new(i, j - 1, 0, 0),
                    Stencil::new(i - 1, j, 0, 0),
                    row,
                    Stencil::new(i + 1, j, 0, 0),
                    Stencil::new(i, j + 1, 0, 0),
                ];
                let v = [
                    -r * hxdhy,
                    -r * hydhx,
                    2.0 * r * (hxdhy + hydhx),
                    -r * hydhx,
                    -r * hxdhy,
                ]
                .map(scalar);
                pre.set_values_stencil(&[row], &cols, &v, InsertMode::Insert)?;
            }
        }
        pre.assemble()?;
        if bc == Bc::Neumann {
            let nullspace = NullSpace::new(&da.comm(), true, &[])?;
            match op {
                Some(a) => a.set_null_space(&nullspace)?,
                None => pre.set_null_space(&nullspace)?,
            }
        }
        Ok(())
    })?;
    ksp.set_from_options()?;
    ksp.set_up()?;
    // As in C, the program goes on whatever the reason (`-ksp_converged_reason` prints it).
    let _reason = ksp.solve_dm()?;

    if testsolver {
        let mut x = ksp.solution()?;
        let b = ksp.rhs()?;
        ksp.set_dm_active(false)?;
        for _ in 0..21 {
            // As in C, the program goes on whatever the reason (`-ksp_converged_reason` prints it).
            let _reason = ksp.solve(&b, &mut x)?;
        }
    }
    Ok(())
}

/// `ComputeRHS` of the C program.
fn compute_rhs(da: &Da, b: &mut Vector, nu: f64, bc: Bc) -> petsc::Result<()> {
    let info = da.info()?;
    let hx = 1.0 / (info.mx - 1) as f64;
    let hy = 1.0 / (info.my - 1) as f64;
    {
        let mut v = da.view_mut(b)?;
        for [i, j, _] in info.corners().iter() {
            let (x, y) = (i as f64 * hx, j as f64 * hy);
            v[(i, j)] = scalar((-x * x / nu).exp() * (-y * y / nu).exp() * hx * hy);
        }
    }
    if bc == Bc::Neumann {
        // Force the right-hand side to be consistent for the singular matrix.
        NullSpace::new(&da.comm(), true, &[])?.remove(b)?;
    }
    Ok(())
}

/// `ComputeRho` of the C program: `center` in the middle third of the grid, 1 elsewhere.
fn compute_rho(i: petsc::Int, j: petsc::Int, mx: petsc::Int, my: petsc::Int, center: f64) -> f64 {
    let (i, j, mx, my) = (i as f64, j as f64, mx as f64, my as f64);
    if i > mx / 3.0 && i < 2.0 * mx / 3.0 && j > my / 3.0 && j < 2.0 * my / 3.0 {
        center
    } else {
        1.0
    }
}

fn main() -> ExitCode {
    petsc::main(body)
}
