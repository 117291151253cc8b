//! Wave (workshop 12): earthquake ground motion, `u_tt = c^2 Laplace(u) + s(x, t)`, by
//! explicit leapfrog on a 2D DMDA with the halo exchanged through the DMDA every step,
//! or (`--integrator ts`) by PETSc's TS on the equivalent first-order system.
//!
//! ```text
//! mpiexec -n 4 target/release/examples/wave --nx 200 --ny 120 --length-x 40000 \
//!     --length-y 24000 --c 2500 --dt 0.002 --steps 7000 --source-amp 1 --source-freq 1 \
//!     --output-interval 200 --absorb-width 15 --absorb-strength 4 \
//!     [--plot field.png] [--trace receiver.png] [--allow-unstable] [--kernel rows|index]
//!     [--integrator leapfrog|ts [-ts_type rk -ts_rk_type 4 ...]] [--compare]
//! ```
//!
//! **Grid.** `nx` x `ny` points (at least 10 each; fewer is a usage error, exit status
//! 2), `hx = length_x / (nx - 1)`, `hy = length_y / (ny - 1)`; `u = 0` is held on the
//! outer boundary (those points are never updated).
//!
//! **Scheme.** With `g(i, j) >= 0` the damping rate of the absorbing layer and
//! `gh = g dt / 2`, every interior point is updated as
//!
//! ```text
//! u+ = (2 u - (1 - gh) u- + (c dt)^2 Lap u + dt^2 s) / (1 + gh),
//! Lap u = (u[i-1,j] - 2u + u[i+1,j]) / hx^2 + (u[i,j-1] - 2u + u[i,j+1]) / hy^2,
//! ```
//!
//! the centred discretization of `u_tt + g u_t = c^2 Lap u + s`; outside the layer
//! (`g = 0`) it is the workshop's leapfrog `u+ = 2u - u- + (c dt)^2 Lap u + dt^2 s`.
//! `u = u- = 0` at the start.
//!
//! **Absorbing layer.** `absorb_width = W` cells along each edge. At depth `d` cells
//! into the layer (`d = W - i` near `i = 0`, `d = i - (nx - 1 - W)` near the other edge,
//! 0 outside) the rate is `g_x = 3 S c / (W hx) (d / W)^2` with `S = absorb_strength`,
//! and the same in y; `g = g_x + g_y`. The factor 3 makes `S` the exponent of the
//! round trip: a wave that crosses the layer and comes back at normal incidence is
//! damped by `exp(-S)` (`exp(-4)`, 2%, by default). Source and receiver must lie outside
//! the layer.
//!
//! **Source.** At grid point `(nx/5, ny/2)`, a point source (`1/(hx hy)` at one point)
//! with the Gaussian-windowed sine `amp sin(2 pi f (t - t0)) exp(-((t - t0)/tau)^2)`,
//! `t0 = 2/f`, `tau = 0.8/f` (about three cycles, so that its spectrum stays near `f`),
//! switched on for `0 <= t <= 2 t0` (it is 0 at both ends).
//!
//! **CFL.** `CFL = c dt sqrt(1/hx^2 + 1/hy^2)`. Leapfrog on this stencil is stable for
//! `CFL < 1` only, so a run with `CFL >= 1` is refused (usage error, exit status 2,
//! naming the largest stable `dt`) unless `--allow-unstable` is given; then it runs with
//! a warning (to show the blow-up in the workshop).
//!
//! **Default run.** The workshop's default (1100 steps of 2 ms = 2.2 s) stopped long
//! before the wave reached the receiver at `(4nx/5, ny/2)`, 24.1 km away (9.6 s at
//! 2.5 km/s). The default here is 7000 steps of 2 ms, 14 s (CFL 0.035), so the run shows
//! the arrival and the whole pulse (it passes the receiver by about 13.6 s).
//!
//! **Output.** Grid, spacing, CFL number; a progress line every `output_interval` steps
//! (step, time, max |u|); time per step; the largest |u| of the run; the receiver's peak
//! and its time; the receiver samples every `output_interval` steps. Rank 0 also shows
//! the steps done on standard error (a bar on a terminal, a line per tenth otherwise).
//!
//! **Self-check.** The arrival time (first time |u| at the receiver exceeds 5% of its
//! peak, interpolated between steps) is compared with the straight-line travel time
//! `distance / c` plus the source delay. The delay is the time the exact solution takes
//! to pass 5% of its peak after the wavefront: the exact solution of a point source in
//! the infinite plane, `u(r, t) = amp / (2 pi c^2) Int_0^acosh(ct/r) w(t - r/c cosh th)
//! d th`, integrated numerically at the same sample times (independent of the grid).
//! The receiver's peak is compared with the exact peak as well. What is left is the
//! grid's dispersion (waves travel slightly slower on the grid): with about 12 points
//! per wavelength at 1 Hz the default run's arrival is 1.5% late and its peak 3.7% off;
//! over half the distance (20 km x 12 km domain) the arrival error is 0.90% with
//! h = 200 m and 0.24% with h = 100 m, the peak error 6.7% and 0.14%.
//!
//! **TS (`--integrator ts`).** The same problem as the first-order system in `(u, v)`,
//! `v = u_t`, on a second DMDA of the same grid with dof 2 (`u` component 0, `v`
//! component 1; same decomposition, star stencil of width 1):
//!
//! ```text
//! u_t = v,
//! v_t = c^2 Lap u + s(x, t) - g(x) v,
//! ```
//!
//! with the same five-point `Lap`, the same point source `s = amp w(t) / (hx hy)` at the
//! source point (evaluated at TS's stage times), and the same damping rate `g(i, j)` as
//! the leapfrog's layer: the leapfrog is the centred discretization of exactly this
//! `u_tt + g u_t = ...`, with `g` entering as `gh = g dt / 2`; here `g` enters in its
//! continuous form `- g v`. The outer boundary holds `u = v = 0` (its right-hand side is
//! 0), and `u = v = 0` at the start. The right-hand side is a DMDA local RHS function
//! (`Ts::set_rhs_function_local`; TS fills the halo), the problem type is linear, and
//! the default integrator is RK4 (`-ts_type rk -ts_rk_type 4`) with fixed steps of
//! `--dt` (`-ts_adapt_type none`), `--steps` steps, the final time matched
//! (`TS_EXACTFINALTIME_MATCHSTEP`). Every `-ts_*` option is read after these defaults,
//! so `-ts_type ssp`, `-ts_rk_type 3`, or an implicit `-ts_type cn` (its Jacobian by
//! finite differences colored with the DMDA's stencil) also run; the receiver trace is
//! sampled by a TS monitor after each step and needs the fixed steps, so a run whose
//! steps do not end at `k dt`, or that stops before `--steps`, is an error. The CFL
//! rule above is kept for both integrators (so both run the same steps), although RK4
//! alone would be stable up to `CFL < sqrt(2)` (its stability interval on the imaginary
//! axis is `2 sqrt(2)`, and `dt` times the largest frequency of the grid is `2 CFL`).
//! The report lines are the same as the leapfrog's.
//!
//! **Both agree (`--compare`).** Runs the leapfrog and then TS, prints both reports
//! (after `== integrator leapfrog ==` and `== integrator ts ==`), and the largest
//! difference of the two receiver traces relative to the leapfrog's peak. Both use the
//! same spatial operator, so what differs is the time discretization: leapfrog's error
//! is second order in `dt`, RK4's fourth order, and the difference falls as `dt^2`.
//! Measured on the tests' small grid (40 x 24, h = 200 m, 8 s): 5.3% at `dt = 0.05`
//! (CFL 0.88), 0.83% at 0.02, 0.21% at 0.01 (a ratio of 4.0 for half the step), 0.052%
//! at 0.005; on the default grid (CFL 0.035, 14 s) 0.047%, and the arrival times agree
//! to 0.2 ms. TS takes about 7 times as long per step (four right-hand sides on two
//! components). `--plot` and `--trace` show the run of `--integrator`.
//!
//! **Update loop.** `--kernel rows` (default) walks row slices of the DMDA views
//! (`view.row(j, 0)`, cut to the interior columns by global index) together;
//! `--kernel index` indexes every access as `view[(i, j)]`, the literal translation of a
//! `DMDAVecGetArray` loop in C. Both do the same arithmetic in the same order and give
//! the same numbers; `ci/bench.sh wave` times both against C. The row kernel updates
//! two points at a time, each with its own running maximum of `|u+|`, which lets the
//! compiler use vector instructions (the running maximum over one point after another
//! is a reduction it may not reorder): 20 instructions a point against the index
//! kernel's 57.
//!
//! **Ranks.** Every value is computed per DMDA global index `(i, j)` with the same
//! arithmetic on any rank, so the receiver trace is identical (bit for bit) at any rank
//! count. The same holds for TS with fixed steps: its stages combine vectors point by
//! point, with no reductions.

use std::cell::{Cell, RefCell};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::rc::Rc;
use std::time::Instant;

use petsc::mpi::collective::SystemOperation;
use petsc::mpi::traits::*;
use petsc::{
    BoundaryType, Da, DaView, DaViewMut, ExactFinalTime, InsertMode, Int, NormType, Object, Petsc,
    Scalar, StencilType, Ts, TsProblemType, TsType, Vector,
};
use petsc_examples::progress::Progress;
use petsc_examples::{
    check_failed, modulus, plot, println0, real, require, scalar, usage_error, Flags,
};

/// PETSc's option for the time step: `-ts_dt`, renamed `-ts_time_step` in PETSc 3.25.
#[cfg(not(petsc_3_25))]
const TS_DT_OPTION: &str = "ts_dt";
#[cfg(petsc_3_25)]
const TS_DT_OPTION: &str = "ts_time_step";

fn main() -> ExitCode {
    petsc::main(body)
}

/// The problem, as given on the command line.
#[derive(Debug, Clone)]
struct Wave {
    nx: Int,
    ny: Int,
    length_x: f64,
    length_y: f64,
    c: f64,
    dt: f64,
    amp: f64,
    freq: f64,
    absorb_width: Int,
    absorb_strength: f64,
}

/// Fraction of the peak that marks the arrival.
const ARRIVAL_FRACTION: f64 = 0.05;

impl Wave {
    fn hx(&self) -> f64 {
        self.length_x / (self.nx - 1) as f64
    }

    fn hy(&self) -> f64 {
        self.length_y / (self.ny - 1) as f64
    }

    fn cfl(&self) -> f64 {
        let (hx, hy) = (self.hx(), self.hy());
        self.c * self.dt * (1.0 / (hx * hx) + 1.0 / (hy * hy)).sqrt()
    }

    fn source(&self) -> (Int, Int) {
        (self.nx / 5, self.ny / 2)
    }

    fn receiver(&self) -> (Int, Int) {
        (4 * self.nx / 5, self.ny / 2)
    }

    fn distance(&self) -> f64 {
        let (s, r) = (self.source(), self.receiver());
        let dx = (r.0 - s.0) as f64 * self.hx();
        let dy = (r.1 - s.1) as f64 * self.hy();
        (dx * dx + dy * dy).sqrt()
    }

    /// Centre of the source wavelet, `t0 = 2/f`; the source is on for `0 <= t <= 2 t0`.
    fn t0(&self) -> f64 {
        2.0 / self.freq
    }

    /// The source wavelet `w(t)` (without the amplitude).
    fn wavelet(&self, t: f64) -> f64 {
        let t0 = self.t0();
        if !(0.0..=2.0 * t0).contains(&t) {
            return 0.0;
        }
        let tau = 0.8 / self.freq;
        let x = (t - t0) / tau;
        (2.0 * std::f64::consts::PI * self.freq * (t - t0)).sin() * (-x * x).exp()
    }

    /// Depth (in cells) of index `i` in the layer of an axis with `n` points.
    fn depth(&self, i: Int, n: Int) -> Int {
        let w = self.absorb_width;
        (w - i).max(i - (n - 1 - w)).max(0)
    }

    /// Damping rate at the top of the layer on an axis with spacing `h` (1/s).
    fn g_max(&self, h: f64) -> f64 {
        if self.absorb_width == 0 {
            return 0.0;
        }
        3.0 * self.absorb_strength * self.c / (self.absorb_width as f64 * h)
    }

    /// The damping rate `g` (1/s) at grid point `(i, j)`.
    fn damping(&self, i: Int, j: Int) -> f64 {
        let w = self.absorb_width.max(1) as f64;
        let dx = self.depth(i, self.nx) as f64 / w;
        let dy = self.depth(j, self.ny) as f64 / w;
        self.g_max(self.hx()) * dx * dx + self.g_max(self.hy()) * dy * dy
    }

    /// `g dt / 2` at grid point `(i, j)`.
    fn half_damping(&self, i: Int, j: Int) -> f64 {
        self.damping(i, j) * self.dt / 2.0
    }

    /// The exact solution at distance `r` of a point source in the infinite plane, at
    /// time `t`: `amp / (2 pi c^2) Int w(t - (r/c) cosh th) d th` over the `th` where the
    /// wavelet is on (composite Simpson, 400 panels).
    fn exact(&self, r: f64, t: f64) -> f64 {
        let a = r / self.c;
        let acosh1 = |x: f64| if x <= 1.0 { 0.0 } else { x.acosh() };
        let hi = acosh1(t / a);
        let lo = acosh1((t - 2.0 * self.t0()) / a);
        if hi <= lo {
            return 0.0;
        }
        let n = 400;
        let h = (hi - lo) / n as f64;
        let f = |k: usize| self.wavelet(t - a * (lo + k as f64 * h).cosh());
        let mut s = f(0) + f(n);
        for k in 1..n {
            s += if k % 2 == 1 { 4.0 } else { 2.0 } * f(k);
        }
        self.amp / (2.0 * std::f64::consts::PI * self.c * self.c) * s * h / 3.0
    }
}

/// How the update loop reads the DMDA views; both give the same numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kernel {
    /// Row slices `view.row(j, 0)` of each view, walked together with iterators.
    Rows,
    /// `view[(i, j)]` for every access, as `DMDAVecGetArray` code reads in C.
    Index,
}

impl Kernel {
    fn parse(s: &str) -> petsc::Result<Kernel> {
        match s {
            "rows" => Ok(Kernel::Rows),
            "index" => Ok(Kernel::Index),
            _ => Err(usage_error(format!(
                "--kernel must be rows or index, got '{s}'"
            ))),
        }
    }
}

/// Which time integrator runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Integrator {
    /// The explicit leapfrog scheme on `u` alone.
    Leapfrog,
    /// PETSc's TS on the first-order system `(u, v = u_t)`.
    Ts,
}

impl Integrator {
    fn parse(s: &str) -> petsc::Result<Integrator> {
        match s {
            "leapfrog" => Ok(Integrator::Leapfrog),
            "ts" => Ok(Integrator::Ts),
            _ => Err(usage_error(format!(
                "--integrator must be leapfrog or ts, got '{s}'"
            ))),
        }
    }
}

/// The interior points `x` x `y` of this rank's box and the squared Courant numbers
/// `rx = (c dt / hx)^2`, `ry = (c dt / hy)^2`.
struct Interior {
    x: std::ops::Range<Int>,
    y: std::ops::Range<Int>,
    rx: f64,
    ry: f64,
}

/// One leapfrog step over the interior points: reads `u` with its halo (`ul`, local
/// vector), `u-` (`up`) and `g dt / 2` (`gh`), writes `u+` into `next`; returns
/// `max(local_max, max |u+|)`. Every access is `view[(i, j)]`.
///
/// Each view is its own reference argument, so the compiler knows that writing `next`
/// leaves the others' layouts alone and keeps them in registers (behind one struct of
/// references it reloaded them at every access: about 140 instead of 80 instructions a
/// point).
fn step_index(
    box_: &Interior,
    ul: &DaView,
    up: &DaView,
    gh: &DaView,
    next: &mut DaViewMut,
    local_max: f64,
) -> f64 {
    let (rx, ry) = (box_.rx, box_.ry);
    let mut m = local_max;
    for j in box_.y.clone() {
        for i in box_.x.clone() {
            let uc = ul[(i, j)];
            let lap = rx * (ul[(i - 1, j)] - 2.0 * uc + ul[(i + 1, j)])
                + ry * (ul[(i, j - 1)] - 2.0 * uc + ul[(i, j + 1)]);
            let g = gh[(i, j)];
            let v = (2.0 * uc - (1.0 - g) * up[(i, j)] + lap) / (1.0 + g);
            next[(i, j)] = v;
            m = m.max(modulus(v));
        }
    }
    m
}

/// The same step as [`step_index`], with the same arithmetic, walking the row slices
/// of the views (rows `j - 1`, `j`, `j + 1` of the ghosted `u`; row `j` of the others),
/// each cut to the interior columns by the DMDA's global indices; see [`update_row`].
fn step_rows(
    box_: &Interior,
    ul: &DaView,
    up: &DaView,
    gh: &DaView,
    next: &mut DaViewMut,
    local_max: f64,
) -> f64 {
    let (rx, ry) = (box_.rx, box_.ry);
    let mut m = local_max;
    let (xs, xe) = (box_.x.start, box_.x.end);
    if xe <= xs {
        return m;
    }
    let n = (xe - xs) as usize;
    // Column of i = xs in the ghosted rows and in the owned rows.
    let l = (xs - ul.corners().start[0]) as usize;
    let o = (xs - next.corners().start[0]) as usize;
    for j in box_.y.clone() {
        let rows = Rows {
            centre: &ul.row(j, 0)[l - 1..l + n + 1],
            south: &ul.row(j - 1, 0)[l..l + n],
            north: &ul.row(j + 1, 0)[l..l + n],
            prev: &up.row(j, 0)[o..o + n],
            damp: &gh.row(j, 0)[o..o + n],
        };
        m = update_row(&rows, &mut next.row_mut(j, 0)[o..o + n], rx, ry, m);
    }
    m
}

/// The inputs of one row of [`step_rows`]: `centre` has one more point on each side.
struct Rows<'a> {
    centre: &'a [Scalar],
    south: &'a [Scalar],
    north: &'a [Scalar],
    prev: &'a [Scalar],
    damp: &'a [Scalar],
}

/// `u+` at point `k` of a row.
#[inline(always)]
fn update_point(r: &Rows, k: usize, rx: f64, ry: f64) -> Scalar {
    let uc = r.centre[k + 1];
    let lap =
        rx * (r.centre[k] - 2.0 * uc + r.centre[k + 2]) + ry * (r.south[k] - 2.0 * uc + r.north[k]);
    let g = r.damp[k];
    (2.0 * uc - (1.0 - g) * r.prev[k] + lap) / (1.0 + g)
}

/// `max(m, |v|)`, ignoring a NaN `v` as `f64::max` does, written as a comparison so
/// that two of them side by side become one vector instruction (`f64::max` keeps
/// IEEE's rules for signed zeros and NaNs, which vector maxima do not).
#[inline(always)]
fn larger(m: f64, v: Scalar) -> f64 {
    let a = modulus(v);
    if a > m {
        a
    } else {
        m
    }
}

/// One row of [`step_rows`] into `out`; returns `max(m, max |u+|)`. Points go two at a
/// time, each pair with its own running maximum, so the compiler computes a pair in
/// vector registers (about 18 instructions a point instead of 36 on x86-64: the
/// maximum over a row, a reduction, is what kept the one-point loop scalar).
fn update_row(r: &Rows, out: &mut [Scalar], rx: f64, ry: f64, m: f64) -> f64 {
    let n = out.len();
    // Cut every slice to the row's length, so the indexing below needs no checks.
    let r = Rows {
        centre: &r.centre[..n + 2],
        south: &r.south[..n],
        north: &r.north[..n],
        prev: &r.prev[..n],
        damp: &r.damp[..n],
    };
    let mut pair = [m, m];
    for q in 0..n / 2 {
        let k = 2 * q;
        let v = [update_point(&r, k, rx, ry), update_point(&r, k + 1, rx, ry)];
        out[k] = v[0];
        out[k + 1] = v[1];
        pair = [larger(pair[0], v[0]), larger(pair[1], v[1])];
    }
    let mut m = if pair[1] > pair[0] { pair[1] } else { pair[0] };
    if n % 2 == 1 {
        let v = update_point(&r, n - 1, rx, ry);
        out[n - 1] = v;
        m = larger(m, v);
    }
    m
}

/// The largest |value| of a trace and its index.
fn peak(trace: &[f64]) -> Option<(usize, f64)> {
    let (k, v) = trace
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.abs().total_cmp(&b.1.abs()))?;
    (v.abs() > 0.0).then_some((k, *v))
}

/// Time at which `|trace|` (sample `k` at time `(k + 1) dt`) first reaches `fraction`
/// of its peak, interpolated linearly between samples.
fn arrival(trace: &[f64], dt: f64, fraction: f64) -> Option<f64> {
    let (_, p) = peak(trace)?;
    let level = fraction * p.abs();
    let k = trace.iter().position(|v| v.abs() >= level)?;
    let before = if k == 0 { 0.0 } else { trace[k - 1].abs() };
    let after = trace[k].abs();
    let frac = if after > before {
        (level - before) / (after - before)
    } else {
        1.0
    };
    Some((k as f64 + frac) * dt)
}

fn body(petsc: &Petsc) -> petsc::Result<()> {
    let mut flags = Flags::from_env(
        "wave",
        "earthquake ground motion: 2D wave equation by leapfrog on a DMDA",
    );
    let nx: usize = flags.value("nx", 200, "grid points in x (at least 10)")?;
    let ny: usize = flags.value("ny", 120, "grid points in y (at least 10)")?;
    let length_x: f64 = flags.value("length-x", 40000.0, "domain length in x (m)")?;
    let length_y: f64 = flags.value("length-y", 24000.0, "domain length in y (m)")?;
    let c: f64 = flags.value("c", 2500.0, "wave speed (m/s)")?;
    let dt: f64 = flags.value("dt", 0.002, "time step (s)")?;
    let steps: usize = flags.value("steps", 7000, "number of time steps")?;
    let amp: f64 = flags.value("source-amp", 1.0, "source amplitude")?;
    let freq: f64 = flags.value("source-freq", 1.0, "source frequency (Hz)")?;
    let every: usize = flags.value(
        "output-interval",
        200,
        "steps between progress lines and receiver samples",
    )?;
    let absorb_width: usize = flags.value(
        "absorb-width",
        15,
        "cells of the damping layer at each edge",
    )?;
    let absorb_strength: f64 = flags.value(
        "absorb-strength",
        4.0,
        "damping of a normal round trip through the layer: exp(-strength)",
    )?;
    let allow_unstable = flags.switch(
        "allow-unstable",
        "run even with CFL >= 1 (unstable; with a warning)",
    )?;
    let kernel: String = flags.value(
        "kernel",
        "rows".to_string(),
        "update loop: rows (row slices of the DMDA views) or index (v[(i, j)] everywhere)",
    )?;
    let plot_path: Option<PathBuf> =
        flags.optional("plot", "write the final field as a PNG picture")?;
    let trace_path: Option<PathBuf> =
        flags.optional("trace", "write the receiver trace as a PNG picture")?;
    let integrator: String = flags.value(
        "integrator",
        "leapfrog".to_string(),
        "time integrator: leapfrog, or ts (PETSc TS on the first-order system (u, v), \
         RK4 by default, any -ts_type)",
    )?;
    let compare = flags.switch(
        "compare",
        "run both integrators and print the largest difference of the receiver traces",
    )?;
    flags.finish()?;
    for (flag, path) in [("plot", &plot_path), ("trace", &trace_path)] {
        if let Some(path) = path {
            plot::check_png(flag, path)?;
        }
    }
    let kernel = Kernel::parse(&kernel)?;
    let integrator = Integrator::parse(&integrator)?;

    require(nx >= 10 && ny >= 10, || {
        format!("the grid must be at least 10 x 10 points, got --nx {nx} --ny {ny}")
    })?;
    require(nx <= 1 << 20 && ny <= 1 << 20 && nx * ny <= 1 << 30, || {
        format!("the grid {nx} x {ny} is too large")
    })?;
    let positive = |name: &str, v: f64| {
        require(v.is_finite() && v > 0.0, || {
            format!("--{name} must be a positive number, got {v}")
        })
    };
    positive("length-x", length_x)?;
    positive("length-y", length_y)?;
    positive("c", c)?;
    positive("dt", dt)?;
    positive("source-freq", freq)?;
    require(amp.is_finite(), || "--source-amp must be finite".into())?;
    require(
        absorb_strength.is_finite() && absorb_strength >= 0.0,
        || format!("--absorb-strength must be 0 or more, got {absorb_strength}"),
    )?;
    require(every >= 1, || "--output-interval must be at least 1".into())?;
    require(steps >= 1, || "--steps must be at least 1".into())?;

    let wave = Wave {
        nx: nx as Int,
        ny: ny as Int,
        length_x,
        length_y,
        c,
        dt,
        amp,
        freq,
        absorb_width: absorb_width.min(nx) as Int,
        absorb_strength,
    };
    let (src, rcv) = (wave.source(), wave.receiver());
    for (what, (i, j)) in [("source", src), ("receiver", rcv)] {
        require(
            wave.depth(i, wave.nx) == 0 && wave.depth(j, wave.ny) == 0,
            || {
                format!(
                    "the {what} at ({i}, {j}) lies in the {absorb_width}-cell damping layer of \
                     the {nx} x {ny} grid; use a smaller --absorb-width (or a larger grid)"
                )
            },
        )?;
    }
    let cfl = wave.cfl();
    let dt_limit = dt / cfl;
    require(cfl < 1.0 || allow_unstable, || {
        format!(
            "CFL number c*dt*sqrt(1/hx^2 + 1/hy^2) = {cfl:.4} is at or above the stability \
             limit 1 of the leapfrog scheme, so the run would blow up; use --dt below \
             {dt_limit:.6} s (or --allow-unstable to watch it blow up)"
        )
    })?;

    let world = petsc.world();
    let da = grid(petsc, &wave, 1)?;
    let info = da.info()?;
    let size = world.size();
    let (hx, hy) = (wave.hx(), wave.hy());
    println0!(
        petsc,
        "wave: grid {nx} x {ny}, {length_x} m x {length_y} m, hx = {hx:.4} m, hy = {hy:.4} m, \
         {size} rank{} ({} x {})",
        if size == 1 { "" } else { "s" },
        info.procs[0],
        info.procs[1]
    )?;
    println0!(
        petsc,
        "c = {c} m/s, dt = {dt} s, {steps} steps (t_end = {:.4} s), CFL number \
         c*dt*sqrt(1/hx^2+1/hy^2) = {cfl:.4} (stable below 1: dt < {dt_limit:.6} s)",
        steps as f64 * dt
    )?;
    if cfl >= 1.0 {
        println0!(
            petsc,
            "WARNING: CFL number {cfl:.4} >= 1: the leapfrog scheme is unstable (RK4's limit \
             is sqrt(2)); the solution will grow without bound (--allow-unstable)"
        )?;
    }
    println0!(
        petsc,
        "source at ({}, {}) = ({:.1} m, {:.1} m): amplitude {amp}, {freq} Hz sine in a \
         Gaussian window centred at t0 = {:.4} s, on for 0 <= t <= {:.4} s",
        src.0,
        src.1,
        src.0 as f64 * hx,
        src.1 as f64 * hy,
        wave.t0(),
        2.0 * wave.t0()
    )?;
    let distance = wave.distance();
    let travel = distance / c;
    println0!(
        petsc,
        "receiver at ({}, {}), distance {distance:.1} m, straight-line travel time {travel:.4} s",
        rcv.0,
        rcv.1
    )?;
    println0!(
        petsc,
        "damping layer: {} cells, strength {absorb_strength} (round trip exp(-{absorb_strength})), \
         g_max = {:.4} 1/s in x, {:.4} 1/s in y",
        wave.absorb_width,
        wave.g_max(hx),
        wave.g_max(hy)
    )?;

    let report = Report {
        wave: &wave,
        steps,
        every,
        distance,
        travel,
    };
    let (run, exact, measured, expected) = if compare {
        println0!(petsc, "== integrator leapfrog ==")?;
        let lf = leapfrog(petsc, &wave, da, steps, every, kernel)?;
        let lf_out = report.print(petsc, &lf)?;
        println0!(petsc, "== integrator ts ==")?;
        let ts = ts_run(petsc, &wave, steps, every)?;
        let ts_out = report.print(petsc, &ts)?;
        let diff = lf
            .trace
            .iter()
            .zip(&ts.trace)
            .fold(0.0f64, |m, (a, b)| m.max((a - b).abs()));
        let top = peak(&lf.trace).map_or(0.0, |(_, p)| p.abs());
        println0!(
            petsc,
            "compare: max |u_leapfrog - u_ts| over the receiver trace = {diff:.6e}, relative to \
             the leapfrog peak {:.6e}",
            if top > 0.0 { diff / top } else { 0.0 }
        )?;
        match integrator {
            Integrator::Leapfrog => (lf, lf_out.0, lf_out.1, lf_out.2),
            Integrator::Ts => (ts, ts_out.0, ts_out.1, ts_out.2),
        }
    } else {
        let run = match integrator {
            Integrator::Leapfrog => leapfrog(petsc, &wave, da, steps, every, kernel)?,
            Integrator::Ts => ts_run(petsc, &wave, steps, every)?,
        };
        let (exact, measured, expected) = report.print(petsc, &run)?;
        (run, exact, measured, expected)
    };

    if let Some(path) = &plot_path {
        let field = plot::natural_field(&run.da, &run.state)?;
        let t = run.trace.len() as f64 * dt;
        plot::on_rank0(petsc, || plot_field(&wave, &field, t, path))?;
        println0!(petsc, "final field written to {}", path.display())?;
    }
    if let Some(path) = &trace_path {
        plot::on_rank0(petsc, || {
            plot_trace(&wave, &run.trace, &exact, measured, expected, path)
        })?;
        println0!(petsc, "receiver trace written to {}", path.display())?;
    }
    Ok(())
}

/// The DMDA of the grid with `dof` values per point (1: `u`; 2: `u` and `v = u_t`),
/// a star stencil of width 1, no periodic directions. The same sizes give the same
/// decomposition whatever `dof` is.
fn grid(petsc: &Petsc, wave: &Wave, dof: Int) -> petsc::Result<Da> {
    Da::grid(&petsc.world())
        .sizes([wave.nx, wave.ny])
        .dof(dof)
        .stencil(StencilType::Star)
        .stencil_width(1)
        .boundary([BoundaryType::None, BoundaryType::None])
        .build()
}

/// What one integrator's run leaves: the receiver trace (sample `k` at time
/// `(k + 1) dt`, on every rank), the largest |u| of the run, and the final state (on
/// `da`; `u` is component 0).
struct Run {
    trace: Vec<f64>,
    max_amp: f64,
    da: Da,
    state: Vector,
}

/// Sums the receiver's owner's trace with zeros from the other ranks (exact), and
/// takes the largest of the ranks' maxima.
fn combine(
    petsc: &Petsc,
    mine: Vec<f64>,
    owns: bool,
    steps: usize,
    local_max: f64,
) -> (Vec<f64>, f64) {
    let mpi = petsc.mpi_world();
    let mut max_amp = 0.0f64;
    mpi.all_reduce_into(&local_max, &mut max_amp, SystemOperation::max());
    let mine = if owns { mine } else { vec![0.0; steps] };
    let mut trace = vec![0.0f64; steps];
    mpi.all_reduce_into(&mine[..], &mut trace[..], SystemOperation::sum());
    (trace, max_amp)
}

/// The leapfrog integrator on `da` (dof 1).
fn leapfrog(
    petsc: &Petsc,
    wave: &Wave,
    da: Da,
    steps: usize,
    every: usize,
    kernel: Kernel,
) -> petsc::Result<Run> {
    let (src, rcv, dt) = (wave.source(), wave.receiver(), wave.dt);
    // gh = g dt / 2 per owned point, as a global vector of the DMDA.
    let owned = da.corners()?;
    let mut damp = da.create_global_vector()?;
    {
        let mut v = da.view_mut(&mut damp)?;
        for [i, j, _] in owned.iter() {
            v[(i, j)] = scalar(wave.half_damping(i, j));
        }
    }
    let mut u_prev = da.create_global_vector()?;
    let mut u = da.create_global_vector()?;
    let mut u_next = da.create_global_vector()?;
    let mut u_local = da.create_local_vector()?;
    for x in [&mut u_prev, &mut u, &mut u_next, &mut u_local] {
        x.set(0.0)?;
    }

    let (hx, hy) = (wave.hx(), wave.hy());
    let (rx, ry) = ((wave.c * dt / hx).powi(2), (wave.c * dt / hy).powi(2));
    let source_scale = dt * dt * wave.amp / (hx * hy);
    // Interior points of this rank's box: the outer boundary stays 0.
    let interior = Interior {
        x: owned.start[0].max(1)..owned.end()[0].min(wave.nx - 1),
        y: owned.start[1].max(1)..owned.end()[1].min(wave.ny - 1),
        rx,
        ry,
    };
    let owns = |p: (Int, Int)| owned.contains([p.0, p.1, 0]);
    let mut trace: Vec<f64> = Vec::with_capacity(if owns(rcv) { steps } else { 0 });
    let mut local_max = 0.0f64;

    let mpi = petsc.mpi_world();
    mpi.barrier();
    let started = Instant::now();
    let progress = Progress::new(petsc, "wave steps", steps as u64);
    for step in 1..=steps {
        let t = (step - 1) as f64 * dt;
        da.global_to_local(&u, InsertMode::Insert, &mut u_local)?;
        {
            let ul = da.view(&u_local)?;
            let up = da.view(&u_prev)?;
            let gh = da.view(&damp)?;
            let mut un = da.view_mut(&mut u_next)?;
            local_max = match kernel {
                Kernel::Rows => step_rows(&interior, &ul, &up, &gh, &mut un, local_max),
                Kernel::Index => step_index(&interior, &ul, &up, &gh, &mut un, local_max),
            };
            if owns(src) {
                let s = source_scale * wave.wavelet(t);
                let v = un[src] + s / (1.0 + gh[src]);
                un[src] = v;
                local_max = local_max.max(modulus(v));
            }
            if owns(rcv) {
                trace.push(real(un[rcv]));
            }
        }
        // u- <- u, u <- u+ (the old u- is overwritten next step).
        std::mem::swap(&mut u_prev, &mut u);
        std::mem::swap(&mut u, &mut u_next);
        if step % every == 0 || step == steps {
            let m = u.norm(NormType::Infinity)?;
            progress.suspend(|| {
                println0!(
                    petsc,
                    "step {step:>7}  t = {:>9.4} s  max |u| = {m:.6e}",
                    step as f64 * dt
                )
            })?;
        }
        progress.set(step as u64);
    }
    mpi.barrier();
    print_timing(petsc, started, steps)?;
    let (trace, max_amp) = combine(petsc, trace, owns(rcv), steps, local_max);
    Ok(Run {
        trace,
        max_amp,
        da,
        state: u,
    })
}

fn print_timing(petsc: &Petsc, started: Instant, steps: usize) -> petsc::Result<()> {
    let seconds = started.elapsed().as_secs_f64();
    println0!(
        petsc,
        "time stepping: {seconds:.4} s, {:.3} us per step",
        1e6 * seconds / steps as f64
    )
}

/// The right-hand side of the first-order system on this rank's points (see the
/// module documentation, "TS"): `x` is the ghosted state `(u, v)`, `f` the owned part
/// of `(u_t, v_t)`; `g` the damping rates of the owned points (row by row). Walks the
/// rows of the views, two entries per point.
fn rhs_system(wave: &Wave, g: &[f64], t: f64, x: &DaView, f: &mut DaViewMut) {
    let owned = f.corners();
    let (xs, ys) = (owned.start[0], owned.start[1]);
    let (xe, ye) = (owned.end()[0], owned.end()[1]);
    let xm = (xe - xs) as usize;
    let gxs = x.corners().start[0];
    let (hx, hy) = (wave.hx(), wave.hy());
    let (ax, ay) = ((wave.c / hx).powi(2), (wave.c / hy).powi(2));
    for j in ys..ye {
        let out = f.row_mut(j, 0);
        if j == 0 || j == wave.ny - 1 {
            out.fill(scalar(0.0));
            continue;
        }
        let (south, centre, north) = (x.row(j - 1, 0), x.row(j, 0), x.row(j + 1, 0));
        let damp = &g[(j - ys) as usize * xm..][..xm];
        for i in xs..xe {
            let o = 2 * (i - xs) as usize;
            if i == 0 || i == wave.nx - 1 {
                out[o] = scalar(0.0);
                out[o + 1] = scalar(0.0);
                continue;
            }
            let l = 2 * (i - gxs) as usize;
            let (uc, v) = (centre[l], centre[l + 1]);
            let lap = ax * (centre[l - 2] - 2.0 * uc + centre[l + 2])
                + ay * (south[l] - 2.0 * uc + north[l]);
            out[o] = v;
            out[o + 1] = lap - damp[(i - xs) as usize] * v;
        }
    }
    let src = wave.source();
    if owned.contains([src.0, src.1, 0]) {
        let p = [src.0, src.1, 0];
        let s = wave.amp / (hx * hy) * wave.wavelet(t);
        f.set(p, 1, f.get(p, 1) + s);
    }
}

/// The first-order system `u_t = v`, `v_t = c^2 Lap u + s - g v` on a DMDA with dof 2,
/// integrated by TS (RK4 with fixed steps of `dt` unless `-ts_*` options say otherwise).
fn ts_run(petsc: &Petsc, wave: &Wave, steps: usize, every: usize) -> petsc::Result<Run> {
    let da = Rc::new(grid(petsc, wave, 2)?);
    let (rcv, dt) = (wave.receiver(), wave.dt);
    let owned = da.corners()?;
    // The damping rate g of each owned point, row by row (i fastest).
    let mut g = Vec::with_capacity(owned.count());
    for j in owned.start[1]..owned.end()[1] {
        for i in owned.start[0]..owned.end()[0] {
            g.push(wave.damping(i, j));
        }
    }

    let mut ts = Ts::new(&petsc.world())?;
    ts.set_dm(&*da)?;
    ts.set_problem_type(TsProblemType::Linear)?;
    ts.set_type(TsType::Rk)?;
    ts.set_rk_type("4")?;
    ts.set_adapt_type("none")?;
    let w = wave.clone();
    ts.set_rhs_function_local(&da, move |_info, t, x, f| {
        rhs_system(&w, &g, t, x, f);
        Ok(())
    })?;

    let owns = owned.contains([rcv.0, rcv.1, 0]);
    let trace = Rc::new(RefCell::new(Vec::with_capacity(if owns {
        steps
    } else {
        0
    })));
    let local_max = Rc::new(Cell::new(0.0f64));
    {
        let (da, trace, local_max) = (da.clone(), trace.clone(), local_max.clone());
        let p = petsc.clone();
        let mpi = petsc.mpi_world();
        // Ends by itself at the last step; a run stopped early leaves it where it was.
        let progress = Progress::new(petsc, "wave steps", steps as u64);
        ts.monitor(move |step, t, x| {
            if step == 0 {
                return Ok(());
            }
            if (t - step as f64 * dt).abs() > 1e-6 * dt {
                return Err(petsc::Error::user(format!(
                    "step {step} ends at t = {t}, not at {step} x --dt = {}: the receiver \
                     trace needs fixed steps of --dt (keep -ts_adapt_type none and \
                     -{TS_DT_OPTION} unset)",
                    step as f64 * dt
                )));
            }
            let v = da.view(x)?;
            let m = v
                .as_slice()
                .iter()
                .step_by(2)
                .fold(0.0f64, |m, &u| m.max(modulus(u)));
            local_max.set(local_max.get().max(m));
            if owns {
                trace.borrow_mut().push(real(v.get([rcv.0, rcv.1, 0], 0)));
            }
            let step = step as usize;
            if step % every == 0 || step == steps {
                let mut all = 0.0f64;
                mpi.all_reduce_into(&m, &mut all, SystemOperation::max());
                progress.suspend(|| {
                    println0!(
                        p,
                        "step {step:>7}  t = {:>9.4} s  max |u| = {all:.6e}",
                        step as f64 * dt
                    )
                })?;
            }
            progress.set(step as u64);
            Ok(())
        })?;
    }
    ts.set_time(0.0)?;
    ts.set_time_step(dt)?;
    ts.set_max_time(steps as f64 * dt)?;
    ts.set_max_steps(steps as Int)?;
    ts.set_exact_final_time(ExactFinalTime::Matchstep)?;
    ts.set_from_options()?;
    let ts_type = ts.type_name()?;
    let scheme = if ts_type == "rk" {
        let rk = petsc.options().get::<String>("ts_rk_type")?;
        format!(" {}", rk.unwrap_or_else(|| "4 (RK4)".into()))
    } else {
        String::new()
    };
    println0!(
        petsc,
        "TS {ts_type}{scheme} on the first-order system (u, v = u_t), dof 2, time step {:e} s",
        ts.time_step()?
    )?;

    let mut state = da.create_global_vector()?;
    state.set(0.0)?;
    let mpi = petsc.mpi_world();
    mpi.barrier();
    let started = Instant::now();
    let reason = ts.solve(&mut state)?;
    mpi.barrier();
    print_timing(petsc, started, steps)?;
    let taken = ts.step_number()?;
    if taken as usize != steps {
        return Err(check_failed(format!(
            "TS {ts_type} stopped after {taken} of {steps} steps (reason {}); the receiver \
             trace needs {steps} fixed steps of --dt",
            reason
        )));
    }
    drop(ts);
    let trace = std::mem::take(&mut *trace.borrow_mut());
    let (trace, max_amp) = combine(petsc, trace, owns, steps, local_max.get());
    let da = Rc::try_unwrap(da).map_err(|_| check_failed("the TS still holds the DMDA"))?;
    Ok(Run {
        trace,
        max_amp,
        da,
        state,
    })
}

/// The report lines of a run that do not depend on the integrator.
struct Report<'w> {
    wave: &'w Wave,
    steps: usize,
    every: usize,
    distance: f64,
    travel: f64,
}

impl Report<'_> {
    /// Prints the max amplitude, the receiver's peak and samples, and the arrival check;
    /// returns the exact trace and the measured and expected arrival times.
    fn print(
        &self,
        petsc: &Petsc,
        run: &Run,
    ) -> petsc::Result<(Vec<f64>, Option<f64>, Option<f64>)> {
        let (wave, steps, every) = (self.wave, self.steps, self.every);
        let (dt, travel, trace) = (wave.dt, self.travel, &run.trace);
        println0!(
            petsc,
            "max amplitude |u| over the run = {:.6e}",
            run.max_amp
        )?;
        match peak(trace) {
            Some((k, v)) => println0!(
                petsc,
                "receiver peak u = {v:.6e} at t = {:.4} s",
                (k + 1) as f64 * dt
            )?,
            None => println0!(petsc, "receiver peak u = 0 (nothing arrived)")?,
        }
        println0!(petsc, "receiver samples (every {every} steps):")?;
        for k in (every..=steps).step_by(every) {
            println0!(
                petsc,
                "sample step {k:>7}  t = {:>9.4} s  u = {:.15e}",
                k as f64 * dt,
                trace[k - 1]
            )?;
        }

        // Self-check against the exact point-source solution at the receiver's distance.
        let exact: Vec<f64> = (1..=steps)
            .map(|k| wave.exact(self.distance, k as f64 * dt))
            .collect();
        let t_end = steps as f64 * dt;
        let expected = arrival(&exact, dt, ARRIVAL_FRACTION);
        let measured = arrival(trace, dt, ARRIVAL_FRACTION);
        // The exact solution's peak comes at most about 2 t0 after the wavefront; before
        // that, the 5% level of the exact trace is not yet settled.
        let settled = t_end >= travel + 2.0 * wave.t0();
        match (expected, measured) {
            (Some(te), Some(tm)) if settled => {
                let delay = te - travel;
                let err = tm - te;
                println0!(
                    petsc,
                    "arrival (|u| first above {:.0}% of its peak): measured {tm:.4} s, expected \
                     {te:.4} s = travel time {travel:.4} s + source delay {delay:.4} s",
                    100.0 * ARRIVAL_FRACTION
                )?;
                println0!(
                    petsc,
                    "arrival time error {err:+.4} s, relative {:.3e}",
                    (err / te).abs()
                )?;
                let (ke, pe) = peak(&exact).unwrap_or((0, 0.0));
                let (_, pm) = peak(trace).unwrap_or((0, 0.0));
                println0!(
                    petsc,
                    "exact point-source peak u = {pe:.6e} at t = {:.4} s; |peak| relative error \
                     {:.3e} (grid dispersion; it falls under refinement)",
                    (ke + 1) as f64 * dt,
                    ((pm.abs() - pe.abs()) / pe).abs()
                )?;
            }
            _ => println0!(
                petsc,
                "arrival: the run ends at {t_end:.4} s, before the first pulse has passed the \
                 receiver (travel time {travel:.4} s + about {:.4} s); raise --steps to see it",
                2.0 * wave.t0()
            )?,
        }
        Ok((exact, measured, expected))
    }
}

/// The field `v` (natural order) at time `t` in a symmetric colour scale, in km, with
/// the source and receiver marked and the inner edge of the damping layer drawn grey.
fn plot_field(wave: &Wave, v: &[f64], t: f64, path: &Path) -> petsc::Result<()> {
    let (nx, ny) = (wave.nx as usize, wave.ny as usize);
    let km = |i: Int, h: f64| i as f64 * h / 1000.0;
    let (hx, hy) = (wave.hx(), wave.hy());
    let mut field = plot::Field::grid(&format!("ground motion at t = {t:.2} s"), v, nx, ny)
        .extent(
            (-0.5 * hx / 1000.0, (wave.length_x + 0.5 * hx) / 1000.0),
            (-0.5 * hy / 1000.0, (wave.length_y + 0.5 * hy) / 1000.0),
        )
        .axes("x (km)", "y (km)")
        .bar_label("displacement u (a.u.)")
        .colours(plot::Colours::Diverging);
    let wd = wave.absorb_width;
    if wd > 0 && 2 * wd < wave.nx.min(wave.ny) {
        let (x0, x1) = (km(wd, hx), km(wave.nx - 1 - wd, hx));
        let (y0, y1) = (km(wd, hy), km(wave.ny - 1 - wd, hy));
        let edges = [
            [(x0, y0), (x1, y0)],
            [(x1, y0), (x1, y1)],
            [(x1, y1), (x0, y1)],
            [(x0, y1), (x0, y0)],
        ];
        field = field.segments(edges, [110, 110, 110], 1);
    }
    for ((i, j), name) in [(wave.source(), "source"), (wave.receiver(), "receiver")] {
        field = field.marker((km(i, hx), km(j, hy)), name, [30, 30, 30]);
    }
    field.save(path)
}

/// The receiver trace over the exact point-source solution, with the expected and
/// measured arrival times as dashed vertical lines.
fn plot_trace(
    wave: &Wave,
    trace: &[f64],
    exact: &[f64],
    measured: Option<f64>,
    expected: Option<f64>,
    path: &Path,
) -> petsc::Result<()> {
    let dt = wave.dt;
    let at = |s: &[f64]| -> Vec<(f64, f64)> {
        s.iter()
            .enumerate()
            .map(|(k, &v)| ((k + 1) as f64 * dt, v))
            .collect()
    };
    let (i, j) = wave.receiver();
    let mut lines = plot::Lines::new(
        &format!(
            "receiver at ({:.1} km, {:.1} km), {:.1} km from the source",
            i as f64 * wave.hx() / 1000.0,
            j as f64 * wave.hy() / 1000.0,
            wave.distance() / 1000.0
        ),
        "time (s)",
        "displacement u (a.u.)",
    )
    .legend_left()
    .with(plot::Series::line("exact point source", at(exact)).colour([255, 150, 40]))
    .with(plot::Series::line("simulated", at(trace)).colour([30, 60, 200]));
    if let Some(t) = expected {
        lines = lines.with(plot::Series::vertical("expected arrival", t).colour([220, 30, 30]));
    }
    if let Some(t) = measured {
        lines = lines.with(plot::Series::vertical("measured arrival", t).colour([30, 160, 30]));
    }
    lines.save(path)
}
