//! PETSc's TS test `ex21.c` in Rust: the time-dependent Bratu problem
//!
//! ```text
//! u_t = u_xx + u_yy + lambda e^u   on [0, 1]^2,  u = 0 on the boundary,  u(0) = 0
//! ```
//!
//! with 5-point finite differences on a DMDA (17 x 17 unless `-da_grid_x`, `-da_grid_y`,
//! `-da_refine` say otherwise) and `lambda` from `-lambda` (6). The implicit form and its
//! Jacobian are given in DMDA-local form, as the C program's `DMDATSSetIFunctionLocal`
//! and `DMDATSSetIJacobianLocal`, so every solver PETSc builds from the options inside
//! the implicit steps (nonlinear preconditioners, FAS levels on coarsened grids) finds
//! them. BDF with `dt = 1e-4` up to `t = 1`, then the options, as in C; PETSc's own test
//! runs it as
//!
//! ```text
//! ts_ex21 -da_grid_x 5 -da_grid_y 5 -da_refine 2 -dm_view -ts_type bdf -ts_adapt_type none \
//!     -ts_dt 1e-3 -ts_monitor -ts_max_steps 5 -ts_view -snes_rtol 1e-6 -snes_type ngmres \
//!     -npc_snes_type fas -prefix_push npc_fas_levels_ -snes_type ms -snes_max_it 5 \
//!     -ksp_type preonly -prefix_pop
//! ```
//!
//! and its output (monitor and views) is PETSc's expected output of that test.
//!
//! `-jacobian ad` (this program's own option; `hand`, the C program's Jacobian, is the
//! default) writes the implicit form once over a generic scalar ([`petsc::ad::DaIFunction`])
//! and takes its Jacobian `dF/du + shift dF/du_t` from automatic differentiation: the
//! same steps, iterations and solution as the hand-written Jacobian, on every FAS level
//! too. It needs real scalars (a complex PETSc refuses it, naming the build).

use std::process::ExitCode;

use petsc::{Da, ExactFinalTime, InsertMode, Petsc, Scalar, Stencil, Ts, TsProblemType, TsType};

/// The implicit form `F = u_t - u_xx - u_yy - lambda e^u` (`u` on the boundary),
/// written once for `-jacobian ad` with the C program's arithmetic in its order.
struct Ex21 {
    lambda: f64,
}

impl petsc::ad::DaIFunction for Ex21 {
    fn ifunction<T: petsc::ad::AdScalar>(
        &self,
        info: &petsc::DaInfo,
        _t: f64,
        x: &petsc::ad::DaArray<'_, T>,
        xdot: &petsc::ad::DaArray<'_, T>,
        f: &mut petsc::ad::DaArrayMut<'_, T>,
    ) -> petsc::Result<()> {
        let hx = 1.0 / (info.mx - 1) as f64;
        let hy = 1.0 / (info.my - 1) as f64;
        for j in info.ys..info.ys + info.ym {
            for i in info.xs..info.xs + info.xm {
                let u = x[(i, j)];
                if i == 0 || j == 0 || i == info.mx - 1 || j == info.my - 1 {
                    f[(i, j)] = u;
                    continue;
                }
                let uxx = (x[(i - 1, j)] - u * 2.0 + x[(i + 1, j)]) / (hx * hx);
                let uyy = (x[(i, j + 1)] - u * 2.0 + x[(i, j - 1)]) / (hy * hy);
                f[(i, j)] = xdot[(i, j)] - uxx - uyy - u.exp() * self.lambda;
            }
        }
        Ok(())
    }
}

fn body(petsc: &Petsc) -> petsc::Result<()> {
    let lambda = petsc.options().get::<petsc::Real>("lambda")?.unwrap_or(6.0);
    let jacobian = petsc.options().get::<String>("jacobian")?;
    let ad = match jacobian.as_deref() {
        None | Some("hand") => false,
        Some("ad") => true,
        Some(other) => {
            return Err(petsc::Error::exit(
                2,
                format!("-jacobian: expected hand or ad, got {other:?}"),
            ));
        }
    };
    let world = petsc.world();
    let da = Da::grid(&world)
        .sizes([17, 17])
        .from_options(true)
        .build()?;
    da.set_uniform_coordinates_to([(0.0, 1.0), (0.0, 1.0)])?;

    let mut ts = Ts::new(&world)?;
    ts.set_problem_type(TsProblemType::Nonlinear)?;
    if ad {
        ts.set_ifunction_local_ad(&da, Ex21 { lambda })?;
    } else {
        set_by_hand(&mut ts, &da, lambda)?;
    }
    ts.set_type(TsType::Bdf)?;
    ts.set_time_step(1e-4)?;
    ts.set_max_time(1.0)?;
    ts.set_exact_final_time(ExactFinalTime::Stepover)?;
    ts.set_from_options()?;

    let mut u = da.create_global_vector()?;
    u.set(0.0)?;
    // As in C, the program goes on whatever the reason the solve stopped for.
    let _reason = ts.solve(&mut u)?;
    Ok(())
}

/// The C program's implicit form and Jacobian.
fn set_by_hand(ts: &mut Ts, da: &Da, lambda: f64) -> petsc::Result<()> {
    ts.set_ifunction_local(da, move |info, _t, x, xdot, f| {
        let hx = 1.0 / (info.mx - 1) as f64;
        let hy = 1.0 / (info.my - 1) as f64;
        for j in info.ys..info.ys + info.ym {
            for i in info.xs..info.xs + info.xm {
                let u = x[(i, j)];
                if i == 0 || j == 0 || i == info.mx - 1 || j == info.my - 1 {
                    f[(i, j)] = u;
                    continue;
                }
                let uxx = (x[(i - 1, j)] - 2.0 * u + x[(i + 1, j)]) / (hx * hx);
                let uyy = (x[(i, j + 1)] - 2.0 * u + x[(i, j - 1)]) / (hy * hy);
                f[(i, j)] = xdot[(i, j)] - uxx - uyy - lambda * u.exp();
            }
        }
        Ok(())
    })?;
    ts.set_ijacobian_local(da, move |info, _t, x, _xdot, shift, mats| {
        let hx = 1.0 / (info.mx - 1) as f64;
        let hy = 1.0 / (info.my - 1) as f64;
        let p = mats.pre();
        for j in info.ys..info.ys + info.ym {
            for i in info.xs..info.xs + info.xm {
                let row = Stencil::new(i, j, 0, 0);
                if i == 0 || j == 0 || i == info.mx - 1 || j == info.my - 1 {
                    p.set_values_stencil(&[row], &[row], &[Scalar::from(1.0)], InsertMode::Insert)?;
                    continue;
                }
                // The C program's order: south, west, centre, east, north.
                let cols = [
                    Stencil::new(i, j - 1, 0, 0),
                    Stencil::new(i - 1, j, 0, 0),
                    row,
                    Stencil::new(i + 1, j, 0, 0),
                    Stencil::new(i, j + 1, 0, 0),
                ];
                let (ax, ay) = (1.0 / (hx * hx), 1.0 / (hy * hy));
                let vals = [
                    Scalar::from(-ay),
                    Scalar::from(-ax),
                    shift + 2.0 * ax + 2.0 * ay - lambda * x[(i, j)].exp(),
                    Scalar::from(-ax),
                    Scalar::from(-ay),
                ];
                p.set_values_stencil(&[row], &cols, &vals, InsertMode::Insert)?;
            }
        }
        p.assemble()
    })
}

fn main() -> ExitCode {
    petsc::main(body)
}
