//! PETSc's SNES tutorial `ex9.c` in Rust: the obstacle problem in 2D as a variational
//! inequality (a nonlinear complementarity problem), contributed to PETSc by Ed Bueler.
//!
//! On the square `-2 < x, y < 2` the Laplace equation `u_xx + u_yy = 0` holds where the
//! membrane `u` lies above the obstacle `psi` (the upper hemisphere of the unit ball, made
//! C^1 by a skirt at `r = 0.9`), and `u >= psi` everywhere; the boundary values are
//! those of the exact solution of the radial free-boundary problem. Centered finite
//! differences on a 5 x 5 DMDA (changed by `-da_grid_x`, `-da_refine`, ...), the residual
//! and Jacobian in local form, the lower bound `psi` made by a bounds closure
//! (`SNESVISetComputeVariableBounds`, so `-snes_grid_sequence` makes it again on every
//! grid), `vinewtonrsls` by default, then the options. The program prints the average
//! and largest errors against the exact solution on the final grid.
//!
//! PETSc's TEST block runs (each prints its `output/ex9_<suffix>.out`):
//!
//! ```text
//! 1:  snes_ex9 -da_refine 1 -snes_monitor_short -snes_type vinewtonrsls
//! 2:  mpiexec -n 2 snes_ex9 -da_refine 1 -snes_monitor_short -snes_type vinewtonssls
//! 3:  mpiexec -n 2 snes_ex9 -snes_grid_sequence 2 -snes_vi_monitor -snes_type vinewtonrsls
//! mg: mpiexec -n 4 snes_ex9 -snes_grid_sequence 3 -snes_converged_reason -pc_type mg
//! 4:  snes_ex9 -mat_is_symmetric
//! 5:  snes_ex9 -ksp_converged_reason -snes_fd_color
//! 6:  mpiexec -n 2 snes_ex9 -snes_grid_sequence 2 -pc_type mg -snes_monitor_short -ksp_converged_reason
//! ```
//!
//! All of them are matched. The tests 7, 8 and 9 of the block (`-snes_type composite`)
//! are marked `TODO` there (a memory leak of `SNESCOMPOSITE`) and PETSc does not run
//! them; they are not part of this port's tests.

// Variational inequalities are for real scalars: on a PETSc with complex scalars only
// `main` (which says so) is built.
#![cfg_attr(petsc_complex, allow(dead_code, unused_imports))]

use std::process::ExitCode;

use petsc::{Da, DaInfo, InsertMode, NormType, Petsc, Snes, SnesType, Stencil, StencilType};
use petsc_examples::{println0, scalar};

/// PETSc's `PETSC_INFINITY`: bounds at or beyond it are no bounds.
const PETSC_INFINITY: f64 = f64::MAX / 4.0;

/// `z = psi(x, y)`, the hemispherical obstacle made C^1 with a skirt at `r = r0`.
fn psi(x: f64, y: f64) -> f64 {
    let r = x * x + y * y;
    let r0: f64 = 0.9;
    let psi0 = (1.0 - r0 * r0).sqrt();
    let dpsi0 = -r0 / psi0;
    if r <= r0 {
        (1.0 - r).sqrt()
    } else {
        psi0 + dpsi0 * (r - r0)
    }
}

/// The exact solution: the obstacle on the active set `r <= a`, `-A log r + B` outside,
/// where `a^2 (log 2 - log a) = 1 - a^2`, `A = a^2 (1 - a^2)^(-1/2)`, `B = A log 2`.
fn u_exact(x: f64, y: f64) -> f64 {
    let (afree, a, b): (f64, f64, f64) = (0.697965148223374, 0.680259411891719, 0.471519893402112);
    let r = (x * x + y * y).sqrt();
    if r <= afree {
        psi(x, y)
    } else {
        -a * r.ln() + b
    }
}

/// The grid spacings of a grid of `info.mx x info.my` points on `[-2, 2]^2`.
fn spacing(info: &DaInfo) -> (f64, f64) {
    (4.0 / (info.mx - 1) as f64, 4.0 / (info.my - 1) as f64)
}

/// Writes `f(x, y)` at this rank's points of the global vector `v` of `da`.
fn fill(da: &Da, v: &mut petsc::Vector, f: impl Fn(f64, f64) -> f64) -> petsc::Result<()> {
    let info = da.info()?;
    let (dx, dy) = spacing(&info);
    let mut a = da.view_mut(v)?;
    for j in info.ys..info.ys + info.ym {
        let y = -2.0 + j as f64 * dy;
        for i in info.xs..info.xs + info.xm {
            let x = -2.0 + i as f64 * dx;
            a[(i, j)] = scalar(f(x, y));
        }
    }
    Ok(())
}

/// C's `%.3e`: three decimals and an exponent of at least two digits.
fn format_e3(x: f64) -> String {
    let s = format!("{x:.3e}");
    let (mantissa, exp) = s.split_once('e').unwrap_or((&s, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let sign = if exp < 0 { '-' } else { '+' };
    format!("{mantissa}e{sign}{:02}", exp.abs())
}

#[cfg(not(petsc_complex))]
fn body(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    // A 5 x 5 coarse grid, one degree of freedom, a star stencil of width 1.
    let da = Da::grid(&world)
        .sizes([5, 5])
        .stencil(StencilType::Star)
        .dof(1)
        .stencil_width(1)
        .from_options(true)
        .build()?;
    da.set_uniform_coordinates_to([(-2.0, 2.0), (-2.0, 2.0)])?;

    let mut u = da.create_global_vector()?;
    u.set(0.0)?;

    let mut snes = Snes::new(&world)?;
    snes.set_dm(&da)?;
    snes.set_type(SnesType::Vinewtonrsls)?;
    // FormBounds: the obstacle below, nothing above, on the grid of the vectors.
    snes.set_compute_variable_bounds(|lower, upper| {
        let da = lower
            .dm()?
            .ok_or_else(|| petsc::Error::invalid("ex9 bounds", "the bound vectors have no DMDA"))?;
        fill(&da, lower, psi)?;
        upper.set(PETSC_INFINITY)
    })?;
    snes.set_function_local(&da, |info, au, af| {
        let (dx, dy) = spacing(info);
        let (mx, my) = (info.mx, info.my);
        for j in info.ys..info.ys + info.ym {
            let y = -2.0 + j as f64 * dy;
            for i in info.xs..info.xs + info.xm {
                let x = -2.0 + i as f64 * dx;
                if i == 0 || j == 0 || i == mx - 1 || j == my - 1 {
                    af[(i, j)] = 4.0 * (au[(i, j)] - u_exact(x, y));
                } else {
                    let uw = if i - 1 == 0 {
                        u_exact(x - dx, y)
                    } else {
                        au[(i - 1, j)]
                    };
                    let ue = if i + 1 == mx - 1 {
                        u_exact(x + dx, y)
                    } else {
                        au[(i + 1, j)]
                    };
                    let us = if j - 1 == 0 {
                        u_exact(x, y - dy)
                    } else {
                        au[(i, j - 1)]
                    };
                    let un = if j + 1 == my - 1 {
                        u_exact(x, y + dy)
                    } else {
                        au[(i, j + 1)]
                    };
                    let c = au[(i, j)];
                    af[(i, j)] = -(dy / dx) * (uw - 2.0 * c + ue) - (dx / dy) * (us - 2.0 * c + un);
                }
            }
        }
        Ok(())
    })?;
    snes.set_jacobian_local(&da, |info, _au, mats| {
        let (dx, dy) = spacing(info);
        let (oxx, oyy) = (dy / dx, dx / dy);
        let (mx, my) = (info.mx, info.my);
        let (jac, a) = mats.split();
        for j in info.ys..info.ys + info.ym {
            for i in info.xs..info.xs + info.xm {
                let row = Stencil::new(i, j, 0, 0);
                if i == 0 || j == 0 || i == mx - 1 || j == my - 1 {
                    jac.set_values_stencil(&[row], &[row], &[scalar(4.0)], InsertMode::Insert)?;
                    continue;
                }
                let mut col = vec![row];
                let mut v = vec![scalar(2.0 * (oxx + oyy))];
                if i - 1 > 0 {
                    col.push(Stencil::new(i - 1, j, 0, 0));
                    v.push(scalar(-oxx));
                }
                if i + 1 < mx - 1 {
                    col.push(Stencil::new(i + 1, j, 0, 0));
                    v.push(scalar(-oxx));
                }
                if j - 1 > 0 {
                    col.push(Stencil::new(i, j - 1, 0, 0));
                    v.push(scalar(-oyy));
                }
                if j + 1 < my - 1 {
                    col.push(Stencil::new(i, j + 1, 0, 0));
                    v.push(scalar(-oyy));
                }
                jac.set_values_stencil(&[row], &col, &v, InsertMode::Insert)?;
            }
        }
        jac.assemble()?;
        if let Some(a) = a {
            a.assemble()?;
        }
        Ok(())
    })?;
    snes.set_from_options()?;

    // As in C, the program goes on whatever the reason (`-snes_converged_reason` prints it).
    let _reason = snes.solve(None, &mut u)?;
    drop(u);
    drop(da);
    // The grid after the solve may be another one (-snes_grid_sequence).
    let da_after = snes.dm()?;
    let mut u = snes
        .solution()?
        .ok_or_else(|| petsc::Error::invalid("ex9", "the solver has no solution"))?;
    let info = da_after.info()?;
    let mut exact = u.duplicate()?;
    fill(&da_after, &mut exact, u_exact)?;
    u.axpy(-1.0, &exact)?;
    let error1 = u.norm(NormType::One)? / (info.mx as f64 * info.my as f64);
    let errorinf = u.norm(NormType::Infinity)?;
    println0!(
        petsc,
        "errors on {} x {} grid:  av |u-uexact|  = {},  |u-uexact|_inf = {}",
        info.mx,
        info.my,
        format_e3(error1),
        format_e3(errorinf)
    )?;
    Ok(())
}

#[cfg(not(petsc_complex))]
fn main() -> ExitCode {
    petsc::main(body)
}

#[cfg(petsc_complex)]
fn main() -> ExitCode {
    petsc_examples::real_only("snes_ex9", "variational inequalities need real scalars")
}
