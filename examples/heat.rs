//! Heat: diffusion `u_t = alpha Laplace(u)` on the unit square with `u = 0` on the
//! boundary, on a 2D DMDA (5-point star stencil, halo of width 1 exchanged by the DMDA),
//! integrated in time by TS with any `-ts_type`.
//!
//! ```text
//! mpiexec -n 4 target/release/examples/heat --nx 64 --ny 64 --alpha 1 --t-final 0.05 \
//!     [--dt 1e-3] [--mode2 0.5] [--plot heat.png] \
//!     [-ts_type beuler|cn|theta|bdf|rk|euler|ssp|...] [-ts_monitor] [-ts_max_steps N] \
//!     [-ts_dt DT] [-ts_adapt_type none|basic] [-ksp_type cg -pc_type gamg] [-log_view]
//! ```
//!
//! **Grid.** `nx` x `ny` points (at least 3 each), `x_i = i hx`, `y_j = j hy` with
//! `hx = 1/(nx - 1)`, `hy = 1/(ny - 1)`; the boundary points hold `u = 0`.
//!
//! **Semi-discrete system.** `du/dt = f(u)` with, at interior points,
//!
//! ```text
//! f(u)_ij = alpha (u_i-1,j - 2 u_ij + u_i+1,j) / hx^2 + alpha (u_i,j-1 - 2 u_ij + u_i,j+1) / hy^2
//! ```
//!
//! and `f = 0` at boundary points. `f` is given to TS as a DMDA local RHS function (TS
//! exchanges the halo before each call) and its Jacobian `J` (constant: the problem is
//! linear) as a DMDA local RHS Jacobian filled by stencil; interior rows leave out the
//! columns of boundary points (their values stay 0), so `J` is symmetric. Implicit types
//! (`beuler`, `cn`, `theta`, `bdf`, ...) solve with `shift I - J`, which TS forms;
//! explicit types (`euler`, `rk`, `ssp`, ...) only call `f`.
//!
//! **Initial condition.** `u0 = sin(pi x) sin(pi y)`, plus `A sin(3 pi x) sin(2 pi y)`
//! with `--mode2 A`. Each sine mode `sin(kx pi x) sin(ky pi y)` sampled on the grid is an
//! eigenvector of the discrete operator with eigenvalue `-lambda`,
//!
//! ```text
//! lambda = alpha (4/hx^2 sin^2(kx pi hx/2) + 4/hy^2 sin^2(ky pi hy/2)),
//! ```
//!
//! so the semi-discrete system decays exactly as `exp(-lambda t) u0` (mode by mode). The
//! difference between the computed field and that is the **time-integration error**
//! alone; it is printed, and so is the difference from the continuous solution
//! `exp(-(kx^2 + ky^2) pi^2 alpha t) sin(kx pi x) sin(ky pi y)` (time and space error).
//!
//! **Time step.** `--dt` (or PETSc's `-ts_dt`, which wins; PETSc 3.25 renamed it
//! `-ts_time_step` and still accepts the old name, with a warning). When neither is given:
//! `t_final / 50` for implicit types, and for explicit types the largest step at most
//! 0.9 times forward Euler's stability limit `dt_FE = 1 / (2 alpha (1/hx^2 + 1/hy^2))`
//! (`h^2 / (4 alpha)` when `hx = hy`) that divides `t_final` evenly. An explicit type
//! with `dt > dt_FE` runs with a warning: it is likely to blow up. The last step is cut
//! to end exactly at `t_final` (`TS_EXACTFINALTIME_MATCHSTEP`); `-ts_max_steps N` stops
//! earlier, and the errors are then measured at the time reached. Types with an error
//! estimator (`rk`, `arkimex`, `rosw`, ...) adapt the step by default; give
//! `-ts_adapt_type none` for fixed steps.
//!
//! **Linear solver.** The TS problem type is linear (one linear solve per stage, no
//! Newton iteration). The KSP relative tolerance defaults to `1e-12` so that the printed
//! error is the time integrator's, not the linear solver's; `-ksp_rtol` changes it.
//!
//! **Output.** Grid, TS type, step size and its ratio to `dt_FE`, then the number of steps,
//! the final time, TS's converged reason, the final `max |u|` and both errors (max norm,
//! absolute and relative to the exact solution's max). `--plot FILE.png` writes the
//! final field. The result does not depend on the number of ranks (up to the linear
//! solver's tolerance for implicit types, bit for bit for explicit ones).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use petsc::mpi::collective::SystemOperation;
use petsc::mpi::traits::*;
use petsc::{
    Da, DaInfo, DaView, DaViewMut, ExactFinalTime, InsertMode, Int, Mat, NormType, Object, Petsc,
    Stencil, Ts, TsProblemType, TsType, Vector,
};
use petsc_examples::{check_failed, plot, println0, real, require, scalar, Flags};

fn main() -> ExitCode {
    petsc::main(body)
}

/// PETSc's option for the time step: `-ts_dt`, renamed `-ts_time_step` in PETSc 3.25
/// (where `TSSetFromOptions` moves a `-ts_dt` it finds to the new name).
#[cfg(not(petsc_3_25))]
const TS_DT_OPTION: &str = "ts_dt";
#[cfg(petsc_3_25)]
const TS_DT_OPTION: &str = "ts_time_step";

/// TS types that only evaluate the right-hand side (no linear solves): they need a step
/// within their stability limit.
const EXPLICIT_TYPES: &[&str] = &["euler", "rk", "ssp", "mprk"];

/// One sine mode of the initial condition: `amp sin(kx pi x) sin(ky pi y)`.
#[derive(Debug, Clone, Copy)]
struct Mode {
    kx: f64,
    ky: f64,
    amp: f64,
}

/// The grid and the diffusion coefficient.
#[derive(Debug, Clone, Copy)]
struct Heat {
    mx: Int,
    my: Int,
    alpha: f64,
}

impl Heat {
    fn hx(&self) -> f64 {
        1.0 / (self.mx - 1) as f64
    }

    fn hy(&self) -> f64 {
        1.0 / (self.my - 1) as f64
    }

    /// Forward Euler's stability limit `1 / (2 alpha (1/hx^2 + 1/hy^2))`.
    fn dt_explicit_limit(&self) -> f64 {
        let (hx, hy) = (self.hx(), self.hy());
        1.0 / (2.0 * self.alpha * (1.0 / (hx * hx) + 1.0 / (hy * hy)))
    }

    /// The decay rate of a mode in the semi-discrete system (minus its eigenvalue).
    fn lambda_discrete(&self, m: &Mode) -> f64 {
        use std::f64::consts::PI;
        let (hx, hy) = (self.hx(), self.hy());
        let sx = (m.kx * PI * hx / 2.0).sin();
        let sy = (m.ky * PI * hy / 2.0).sin();
        self.alpha * (4.0 / (hx * hx) * sx * sx + 4.0 / (hy * hy) * sy * sy)
    }

    /// The decay rate of a mode in the continuous problem.
    fn lambda_continuous(&self, m: &Mode) -> f64 {
        use std::f64::consts::PI;
        self.alpha * (m.kx * m.kx + m.ky * m.ky) * PI * PI
    }

    /// `sum_m amp_m exp(-rate_m t) sin(kx pi x_i) sin(ky pi y_j)` at grid point (i, j),
    /// exactly 0 on the boundary.
    fn field(&self, modes: &[(Mode, f64)], t: f64, i: Int, j: Int) -> f64 {
        use std::f64::consts::PI;
        if i == 0 || j == 0 || i == self.mx - 1 || j == self.my - 1 {
            return 0.0;
        }
        let (x, y) = (i as f64 * self.hx(), j as f64 * self.hy());
        modes
            .iter()
            .map(|(m, rate)| {
                m.amp * (-rate * t).exp() * (m.kx * PI * x).sin() * (m.ky * PI * y).sin()
            })
            .sum()
    }
}

/// The right-hand side `f(u)` on this rank's points: the 5-point Laplacian times alpha
/// inside, 0 on the boundary. Walks row slices of the views (see docs/dmda.md, "Hot
/// loops"): `u` is the ghosted local vector, `f` the owned part of the global one.
fn rhs_function(p: &Heat, info: &DaInfo, u: &DaView<'_>, f: &mut DaViewMut<'_>) {
    let (mx, my) = (p.mx, p.my);
    let (hx, hy) = (p.hx(), p.hy());
    let ax = p.alpha / (hx * hx);
    let ay = p.alpha / (hy * hy);
    let diag = -2.0 * (ax + ay);
    let (xs, xe) = (info.xs, info.xs + info.xm);
    let gxs = u.corners().start[0];
    // Interior columns of this rank, as offsets into the ghosted and the owned rows.
    let (i0, i1) = (xs.max(1), xe.min(mx - 1));
    let n = (i1 - i0).max(0) as usize;
    let l = (i0 - gxs) as usize;
    let o = (i0 - xs) as usize;
    for j in info.ys..info.ys + info.ym {
        let out = f.row_mut(j, 0);
        if j == 0 || j == my - 1 {
            out.fill(scalar(0.0));
            continue;
        }
        if xs == 0 {
            out[0] = scalar(0.0);
        }
        if xe == mx {
            out[(xe - 1 - xs) as usize] = scalar(0.0);
        }
        if n == 0 {
            continue;
        }
        let centre = &u.row(j, 0)[l - 1..l + n + 1];
        let south = &u.row(j - 1, 0)[l..l + n];
        let north = &u.row(j + 1, 0)[l..l + n];
        let out = &mut out[o..o + n];
        for (k, v) in out.iter_mut().enumerate() {
            *v = ax * (centre[k] + centre[k + 2])
                + ay * (south[k] + north[k])
                + diag * centre[k + 1];
        }
    }
}

/// `f` written once over a generic scalar, for `--jacobian ad` (its Jacobian by
/// automatic differentiation): [`rhs_function`]'s arithmetic in its order, with the
/// boundary neighbours of interior points read as their fixed value 0 (so the
/// Jacobian leaves out their columns, as [`rhs_jacobian`] does).
impl petsc::ad::DaRhsFunction for Heat {
    fn rhs_function<T: petsc::ad::AdScalar>(
        &self,
        info: &DaInfo,
        _t: f64,
        u: &petsc::ad::DaArray<'_, T>,
        f: &mut petsc::ad::DaArrayMut<'_, T>,
    ) -> petsc::Result<()> {
        let (mx, my) = (self.mx, self.my);
        let (hx, hy) = (self.hx(), self.hy());
        let ax = self.alpha / (hx * hx);
        let ay = self.alpha / (hy * hy);
        let diag = -2.0 * (ax + ay);
        let boundary = |i: Int, j: Int| i == 0 || j == 0 || i == mx - 1 || j == my - 1;
        let at = |i: Int, j: Int| {
            if boundary(i, j) {
                T::from(0.0)
            } else {
                u[(i, j)]
            }
        };
        for j in info.ys..info.ys + info.ym {
            for i in info.xs..info.xs + info.xm {
                f[(i, j)] = if boundary(i, j) {
                    T::from(0.0)
                } else {
                    (at(i - 1, j) + at(i + 1, j)) * ax
                        + (at(i, j - 1) + at(i, j + 1)) * ay
                        + u[(i, j)] * diag
                };
            }
        }
        Ok(())
    }
}

/// The Jacobian of `f` on this rank's rows: boundary rows are zero (an explicit 0 on the
/// diagonal), interior rows the 5-point stencil without the columns of boundary points.
fn rhs_jacobian(p: &Heat, info: &DaInfo, jac: &mut Mat) -> petsc::Result<()> {
    let (mx, my) = (p.mx, p.my);
    let (hx, hy) = (p.hx(), p.hy());
    let ax = p.alpha / (hx * hx);
    let ay = p.alpha / (hy * hy);
    let diag = -2.0 * (ax + ay);
    let mut cols = [Stencil::default(); 5];
    let mut vals = [scalar(0.0); 5];
    for j in info.ys..info.ys + info.ym {
        for i in info.xs..info.xs + info.xm {
            let row = Stencil::new(i, j, 0, 0);
            if i == 0 || j == 0 || i == mx - 1 || j == my - 1 {
                jac.set_values_stencil(&[row], &[row], &[scalar(0.0)], InsertMode::Insert)?;
                continue;
            }
            let mut k = 0;
            let mut push = |s: Stencil, v: f64| {
                cols[k] = s;
                vals[k] = scalar(v);
                k += 1;
            };
            if j - 1 != 0 {
                push(Stencil::new(i, j - 1, 0, 0), ay);
            }
            if i - 1 != 0 {
                push(Stencil::new(i - 1, j, 0, 0), ax);
            }
            push(row, diag);
            if i + 1 != mx - 1 {
                push(Stencil::new(i + 1, j, 0, 0), ax);
            }
            if j + 1 != my - 1 {
                push(Stencil::new(i, j + 1, 0, 0), ay);
            }
            jac.set_values_stencil(&[row], &cols[..k], &vals[..k], InsertMode::Insert)?;
        }
    }
    jac.assemble()
}

/// Fills `u` with the given modes at time `t` (owned points).
fn fill(da: &Da, p: &Heat, modes: &[(Mode, f64)], t: f64, u: &mut Vector) -> petsc::Result<()> {
    let info = da.info()?;
    let mut v = da.view_mut(u)?;
    for j in info.ys..info.ys + info.ym {
        for i in info.xs..info.xs + info.xm {
            v[(i, j)] = scalar(p.field(modes, t, i, j));
        }
    }
    Ok(())
}

/// `(max |u - exact|, max |exact|)` over the whole grid (collective), with `exact` the
/// modes at time `t`.
fn max_error(
    petsc: &Petsc,
    da: &Da,
    p: &Heat,
    modes: &[(Mode, f64)],
    t: f64,
    u: &Vector,
) -> petsc::Result<(f64, f64)> {
    let info = da.info()?;
    let v = da.view(u)?;
    let mut mine = [0.0f64; 2];
    for j in info.ys..info.ys + info.ym {
        for i in info.xs..info.xs + info.xm {
            let e = p.field(modes, t, i, j);
            mine[0] = mine[0].max((real(v[(i, j)]) - e).abs());
            mine[1] = mine[1].max(e.abs());
        }
    }
    let mut all = [0.0f64; 2];
    petsc
        .mpi_world()
        .all_reduce_into(&mine[..], &mut all[..], SystemOperation::max());
    Ok((all[0], all[1]))
}

/// The final field on the unit square (one cell per grid point, centred on it) beside
/// its difference from the exact semi-discrete solution, each with its colour bar.
fn plot(heat: &Heat, u: &[f64], exact: &[f64], title: &str, path: &Path) -> petsc::Result<()> {
    let (mx, my) = (heat.mx as usize, heat.my as usize);
    let (hx, hy) = (heat.hx(), heat.hy());
    let x = (-0.5 * hx, 1.0 + 0.5 * hx);
    let y = (-0.5 * hy, 1.0 + 0.5 * hy);
    let error: Vec<f64> = u.iter().zip(exact).map(|(a, b)| a - b).collect();
    plot::Figure::new()
        .title(title)
        .with(
            plot::Field::grid("temperature u", u, mx, my)
                .extent(x, y)
                .axes("x (unit square)", "y (unit square)")
                .bar_label("temperature u"),
        )
        .with(
            plot::Field::grid("u - exact semi-discrete solution", &error, mx, my)
                .extent(x, y)
                .axes("x (unit square)", "y (unit square)")
                .bar_label("error u - exact")
                .colours(plot::Colours::Diverging),
        )
        .save(path)
}

fn body(petsc: &Petsc) -> petsc::Result<()> {
    let mut flags = Flags::from_env(
        "heat",
        "diffusion u_t = alpha Laplace(u) on the unit square, u = 0 on the boundary, \
         by TS on a 2D DMDA (any -ts_type), checked against the exact decay of sine modes",
    );
    let nx: Int = flags.value("nx", 64, "grid points in x, boundary included (>= 3)")?;
    let ny: Int = flags.value("ny", 64, "grid points in y, boundary included (>= 3)")?;
    let alpha: f64 = flags.value("alpha", 1.0, "diffusion coefficient")?;
    let t_final: f64 = flags.value("t-final", 0.05, "final time")?;
    let dt_flag: Option<f64> = flags.optional(
        "dt",
        "time step (default: t-final/50 for implicit types, below the stability limit \
         for explicit ones; -ts_dt wins)",
    )?;
    let jacobian: String = flags.value(
        "jacobian",
        "hand".to_string(),
        "hand (written out) or ad (the right-hand side written once over a generic scalar, \
         its Jacobian by automatic differentiation)",
    )?;
    let mode2: f64 = flags.value(
        "mode2",
        0.0,
        "amplitude of a second mode sin(3 pi x) sin(2 pi y) in the initial condition",
    )?;
    let plot_path: Option<PathBuf> =
        flags.optional("plot", "write the final field as a PNG picture")?;
    flags.finish()?;
    if let Some(path) = &plot_path {
        plot::check_png("plot", path)?;
    }

    require(nx >= 3 && ny >= 3, || {
        format!("the grid needs at least 3 x 3 points, got --nx {nx} --ny {ny}")
    })?;
    require(nx.checked_mul(ny).is_some(), || {
        format!("{nx} x {ny} points do not fit PETSc's integers")
    })?;
    require(alpha.is_finite() && alpha > 0.0, || {
        format!("--alpha must be a positive number, got {alpha}")
    })?;
    require(t_final.is_finite() && t_final > 0.0, || {
        format!("--t-final must be a positive number, got {t_final}")
    })?;
    if let Some(dt) = dt_flag {
        require(dt.is_finite() && dt > 0.0, || {
            format!("--dt must be a positive number, got {dt}")
        })?;
    }
    require(mode2.is_finite(), || "--mode2 must be finite".into())?;
    require(jacobian == "hand" || jacobian == "ad", || {
        format!("--jacobian must be hand or ad, got {jacobian:?}")
    })?;
    let ad = jacobian == "ad";

    let world = petsc.world();
    let da = Da::grid(&world).sizes([nx, ny]).stencil_width(1).build()?;
    let info = da.info()?;
    let heat = Heat {
        mx: nx,
        my: ny,
        alpha,
    };
    let mut modes = vec![Mode {
        kx: 1.0,
        ky: 1.0,
        amp: 1.0,
    }];
    if mode2 != 0.0 {
        modes.push(Mode {
            kx: 3.0,
            ky: 2.0,
            amp: mode2,
        });
    }
    let discrete: Vec<(Mode, f64)> = modes
        .iter()
        .map(|m| (*m, heat.lambda_discrete(m)))
        .collect();
    let continuous: Vec<(Mode, f64)> = modes
        .iter()
        .map(|m| (*m, heat.lambda_continuous(m)))
        .collect();

    let size = world.size();
    println0!(
        petsc,
        "heat: {nx} x {ny} grid (hx {:.6e}, hy {:.6e}), alpha {alpha}, {size} rank{} \
         ({} x {} processes)",
        heat.hx(),
        heat.hy(),
        if size == 1 { "" } else { "s" },
        info.procs[0],
        info.procs[1]
    )?;
    println0!(
        petsc,
        "initial condition: sin(pi x) sin(pi y){}; discrete decay rate lambda {:.10e} \
         (continuous 2 pi^2 alpha = {:.10e})",
        if mode2 != 0.0 {
            format!(" + {mode2} sin(3 pi x) sin(2 pi y)")
        } else {
            String::new()
        },
        discrete[0].1,
        continuous[0].1
    )?;

    let mut ts = Ts::new(&world)?;
    ts.set_dm(&da)?;
    ts.set_problem_type(TsProblemType::Linear)?;
    ts.set_type(TsType::Beuler)?;
    if ad {
        // The right-hand side written once; its Jacobian by automatic differentiation.
        ts.set_rhs_function_local_ad(&da, heat)?;
    } else {
        ts.set_rhs_function_local(&da, move |info, _t, u, f| {
            rhs_function(&heat, info, u, f);
            Ok(())
        })?;
        ts.set_rhs_jacobian_local(&da, move |info, _t, _u, mats| {
            rhs_jacobian(&heat, info, mats.pre())
        })?;
    }
    ts.set_time(0.0)?;
    ts.set_max_time(t_final)?;
    ts.set_exact_final_time(ExactFinalTime::Matchstep)?;
    if let Some(dt) = dt_flag {
        ts.set_time_step(dt)?;
    }
    // Tight enough that the printed error is the time integrator's (-ksp_rtol wins).
    ts.ksp()?.set_tolerances(petsc::KspTolerances {
        rtol: Some(1e-12),
        ..Default::default()
    })?;
    ts.set_from_options()?;

    let ts_type = ts.type_name()?;
    let explicit = EXPLICIT_TYPES.contains(&ts_type.as_str());
    let options = petsc.options();
    let dt_limit = heat.dt_explicit_limit();
    // TSSetFromOptions has moved a deprecated `-ts_dt` (3.25 on) to `-ts_time_step`.
    let dt = match options.get::<petsc::Real>(TS_DT_OPTION)?.or(dt_flag) {
        Some(dt) => dt,
        None => {
            let target = if explicit {
                0.9 * dt_limit
            } else {
                t_final / 50.0
            };
            t_final / (t_final / target).ceil()
        }
    };
    require(dt.is_finite() && dt > 0.0, || {
        format!("the time step must be a positive number, got {dt}")
    })?;
    ts.set_time_step(dt)?;
    if !options.has("ts_max_steps")? {
        // Enough for the fixed steps with room for adaptivity; a runaway stops.
        let steps = (t_final / dt).ceil().min(1e8) as Int;
        ts.set_max_steps(10 * steps + 100)?;
    }
    println0!(
        petsc,
        "TS {ts_type} ({}), dt {dt:.6e} ({:.4} x forward Euler's stability limit \
         dt_FE = 1/(2 alpha (1/hx^2 + 1/hy^2)) = {dt_limit:.6e}), t-final {t_final}",
        if explicit { "explicit" } else { "implicit" },
        dt / dt_limit
    )?;
    if explicit && dt > dt_limit {
        println0!(
            petsc,
            "warning: dt {dt:.6e} is above forward Euler's stability limit {dt_limit:.6e} \
             = 1/(2 alpha (1/hx^2 + 1/hy^2)); explicit {ts_type} is likely to blow up \
             (use --dt {:.3e} or an implicit -ts_type)",
            0.9 * dt_limit
        )?;
    }

    let mut u = da.create_global_vector()?;
    u.set_name("temperature")?;
    fill(&da, &heat, &discrete, 0.0, &mut u)?;
    let reason = ts.solve(&mut u)?;

    let t = ts.time()?;
    let steps = ts.step_number()?;
    println0!(
        petsc,
        "steps taken {steps}, final time {t:.12e}, reason {reason}"
    )?;
    let umax = u.norm(NormType::Infinity)?;
    let (e_disc, m_disc) = max_error(petsc, &da, &heat, &discrete, t, &u)?;
    let (e_cont, m_cont) = max_error(petsc, &da, &heat, &continuous, t, &u)?;
    println0!(
        petsc,
        "final max |u| = {umax:.15e} (exact semi-discrete {m_disc:.15e}, continuous \
         {m_cont:.15e})"
    )?;
    println0!(
        petsc,
        "error vs exact semi-discrete decay exp(-lambda t) u0 (time integration): \
         max |u - u_exact| = {e_disc:.6e}, relative {:.6e}",
        e_disc / m_disc.max(f64::MIN_POSITIVE)
    )?;
    println0!(
        petsc,
        "error vs continuous decay exp(-(kx^2 + ky^2) pi^2 alpha t) of each mode (time \
         and space): max |u - u_cont| = {e_cont:.6e}, relative {:.6e}",
        e_cont / m_cont.max(f64::MIN_POSITIVE)
    )?;

    if let Some(path) = &plot_path {
        let all = plot::natural_field(&da, &u)?;
        plot::on_rank0(petsc, || {
            let exact: Vec<f64> = (0..heat.my)
                .flat_map(|j| (0..heat.mx).map(move |i| (i, j)))
                .map(|(i, j)| heat.field(&discrete, t, i, j))
                .collect();
            let title = format!("heat: TS {ts_type}, alpha {alpha}, t = {t:.4}");
            plot(&heat, &all, &exact, &title, path)
        })?;
        println0!(petsc, "wrote {}", path.display())?;
    }

    if !umax.is_finite() || umax > 10.0 * m_disc.max(1.0) {
        return Err(check_failed(format!(
            "the solution blew up (max |u| = {umax:e}){}",
            if explicit && dt > dt_limit {
                format!(": dt {dt:e} is above the stability limit {dt_limit:e}")
            } else {
                String::new()
            }
        )));
    }
    Ok(())
}
