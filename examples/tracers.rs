//! Tracers: particles carried by a vortex whose velocity lives on a DMDA, held in a
//! `DMSwarm` that migrates them between ranks as they cross subdomains, and checked
//! against their exact paths.
//!
//! ```text
//! mpiexec -n 3 target/release/examples/tracers [--n 65] [--flow vortex|rigid]
//!     [--turns 1] [--steps 400] [--every 10] [--rings 6] [--per-ring 12]
//!     [--plot paths.png]
//! ```
//!
//! **Flow.** On the unit square, the steady swirl about the centre `c = (1/2, 1/2)`
//!
//! ```text
//! u(x) = w(r) (-(y - 1/2), x - 1/2),   r = |x - c|,
//! w(r) = 2 pi exp(-r^2 / (2 s^2)), s = 0.15    (--flow vortex, the default)
//! w(r) = 2 pi                                (--flow rigid)
//! ```
//!
//! is tangential, so a particle stays on its circle and turns at the angular speed
//! `w(r0)`: its exact position at time `t` is its start turned by `w(r0) t` about `c`.
//! The vortex shears (the inner rings turn faster than the outer ones); the rigid
//! rotation does not.
//!
//! **Grid and particles.** The velocity is stored at the `n x n` points of a DMDA on
//! the unit square (dof 2, a box stencil two points wide), which is also the swarm's
//! cell DM: the rank whose part of the grid holds a particle holds the particle.
//! `--rings` rings of `--per-ring` particles start at radii `0.4 k / rings`
//! (`k = 1 .. rings`), every rank proposing the same list and keeping its own
//! (`DMSwarmSetPointCoordinates`).
//!
//! **Steps.** `--steps` steps of classical Runge-Kutta (RK4) over `--turns` periods of
//! the centre (`T = turns`), the velocity at each stage interpolated bilinearly from
//! the grid cell around the stage's position (the ghosted local vector of the rank that
//! holds the particle); after each step `DMSwarmMigrate` hands the particles that left
//! a rank's part to the rank that now holds them. A stage moves a particle at most
//! `dt max|u|`, which must stay below one grid spacing so that its cell is in the halo:
//! a larger step is refused (usage error, naming the largest step).
//!
//! **Paths.** Each particle carries its path in a swarm field (two reals a snapshot,
//! one snapshot every `--every` steps), so the path migrates with it. At the end the
//! paths are gathered on rank 0 (a vector sharing the field, scattered to rank 0).
//!
//! **Self-check.** Every snapshot of every particle is compared with its exact
//! position. With the rigid rotation, bilinear interpolation is exact (the velocity is
//! linear) and what is left is RK4's error, `O(dt^4)`: below `1e-6` a turn by default.
//! The vortex adds the interpolation's error, `O(h^2)` with `h = 1/(n-1)`, which turns
//! each ring at a slightly wrong speed, so that the distance grows with time: the check
//! is `max error < 10 h^2` a turn (at least one turn; measured over one turn: 6.3 h^2 at `n = 33`, 7.2 h^2 at 65,
//! 6.3 h^2 at 129, 6.5 h^2 at 257 with 800 steps; RK4 alone, with `--flow rigid`, is
//! 3.3e-7 at 100 steps and 1.3e-9 at 400, the ratio 4^4). The number of particles must not change, and the run prints the
//! same numbers at any rank count (each particle's arithmetic does not depend on which
//! rank does it); only the count of handovers between ranks differs.
//!
//! **Output.** The flow, grid and particles; the number of particles each rank starts
//! with (synchronized); the handovers; the largest error and where it stands against
//! its bound; with `--plot`, the paths (PNG).

use std::f64::consts::PI;
use std::path::PathBuf;
use std::process::ExitCode;

use petsc::mpi::collective::{CommunicatorCollectives, SystemOperation};
use petsc::{
    println0, Da, DaView, InsertMode, Int, Petsc, Scatter, ScatterMode, StencilType, Swarm,
    SwarmType,
};
use petsc_examples::{all_agree, check_failed, plot, real, require, scalar, usage_error, Flags};

fn main() -> ExitCode {
    petsc::main(body)
}

/// The centre of the swirl.
const C: (f64, f64) = (0.5, 0.5);
/// The vortex's width.
const SIGMA: f64 = 0.15;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Flow {
    Vortex,
    Rigid,
}

impl std::str::FromStr for Flow {
    type Err = String;
    fn from_str(s: &str) -> Result<Flow, String> {
        match s {
            "vortex" => Ok(Flow::Vortex),
            "rigid" => Ok(Flow::Rigid),
            _ => Err(format!("--flow {s}: not a flow (vortex, rigid)")),
        }
    }
}

impl std::fmt::Display for Flow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Flow::Vortex => "vortex",
            Flow::Rigid => "rigid",
        })
    }
}

impl Flow {
    /// The angular speed at distance `r` from the centre.
    fn omega(self, r: f64) -> f64 {
        match self {
            Flow::Vortex => 2.0 * PI * (-r * r / (2.0 * SIGMA * SIGMA)).exp(),
            Flow::Rigid => 2.0 * PI,
        }
    }

    /// The velocity at `(x, y)`.
    fn velocity(self, x: f64, y: f64) -> (f64, f64) {
        let (dx, dy) = (x - C.0, y - C.1);
        let w = self.omega(dx.hypot(dy));
        (-w * dy, w * dx)
    }

    /// The largest speed on the unit square.
    fn max_speed(self) -> f64 {
        match self {
            // w(r) r is largest at r = s.
            Flow::Vortex => 2.0 * PI * SIGMA * (-0.5f64).exp(),
            Flow::Rigid => 2.0 * PI * 0.5f64.hypot(0.5),
        }
    }

    /// The exact position at time `t` of the particle that started at `(x0, y0)`.
    fn exact(self, x0: f64, y0: f64, t: f64) -> (f64, f64) {
        let (dx, dy) = (x0 - C.0, y0 - C.1);
        let a = self.omega(dx.hypot(dy)) * t;
        let (s, c) = a.sin_cos();
        (C.0 + c * dx - s * dy, C.1 + s * dx + c * dy)
    }
}

/// The velocity at `(x, y)` interpolated bilinearly from the grid cell around it, read
/// from the ghosted local vector `vel` of the rank that holds the particle; an `Err`
/// when the cell is not in this rank's halo.
fn interpolate(vel: &DaView<'_>, h: f64, n: Int, x: f64, y: f64) -> petsc::Result<(f64, f64)> {
    let cell = |z: f64| ((z / h).floor() as Int).clamp(0, n - 2);
    let (i, j) = (cell(x), cell(y));
    let g = vel.corners();
    let inside = |p: Int, d: usize| p >= g.start[d] && p + 1 < g.start[d] + g.len[d];
    if !(inside(i, 0) && inside(j, 1)) {
        return Err(check_failed(format!(
            "a stage at ({x:.6}, {y:.6}) left this rank's halo (cell ({i}, {j})); take smaller steps"
        )));
    }
    let (a, b) = (x / h - i as f64, y / h - j as f64);
    let mut out = [0.0; 2];
    for (c, o) in out.iter_mut().enumerate() {
        let v = |p: Int, q: Int| real(vel.at([p, q, 0])[c]);
        *o = (1.0 - a) * (1.0 - b) * v(i, j)
            + a * (1.0 - b) * v(i + 1, j)
            + (1.0 - a) * b * v(i, j + 1)
            + a * b * v(i + 1, j + 1);
    }
    Ok((out[0], out[1]))
}

/// One RK4 step of length `dt` from `(x, y)`.
fn rk4(vel: &DaView<'_>, h: f64, n: Int, (x, y): (f64, f64), dt: f64) -> petsc::Result<(f64, f64)> {
    let f = |x: f64, y: f64| interpolate(vel, h, n, x, y);
    let k1 = f(x, y)?;
    let k2 = f(x + 0.5 * dt * k1.0, y + 0.5 * dt * k1.1)?;
    let k3 = f(x + 0.5 * dt * k2.0, y + 0.5 * dt * k2.1)?;
    let k4 = f(x + dt * k3.0, y + dt * k3.1)?;
    Ok((
        x + dt / 6.0 * (k1.0 + 2.0 * k2.0 + 2.0 * k3.0 + k4.0),
        y + dt / 6.0 * (k1.1 + 2.0 * k2.1 + 2.0 * k3.1 + k4.1),
    ))
}

/// The field holding each particle's path, and the one holding the rank that last
/// held it.
const PATH: &str = "path";
const OWNER: &str = "owner";

fn body(petsc: &Petsc) -> petsc::Result<()> {
    let mut flags = Flags::from_env(
        "tracers",
        "particles carried by a vortex on a DMDA, held in a DMSwarm that migrates them \
         between ranks, checked against their exact paths",
    );
    let n: usize = flags.value("n", 65, "grid points a direction")?;
    let flow: String = flags.value(
        "flow",
        Flow::Vortex.to_string(),
        "the velocity field: vortex or rigid",
    )?;
    let flow: Flow = flow.parse().map_err(usage_error)?;
    let turns: f64 = flags.value("turns", 1.0, "time, in periods of the centre")?;
    let steps: usize = flags.value("steps", 400, "RK4 steps")?;
    let every: usize = flags.value("every", 10, "steps between snapshots of the paths")?;
    let rings: usize = flags.value("rings", 6, "rings of particles")?;
    let per_ring: usize = flags.value("per-ring", 12, "particles a ring")?;
    let plot_path: Option<PathBuf> = flags.optional("plot", "write the paths (PNG)")?;
    flags.finish()?;
    require(n >= 5, || format!("--n {n}: at least 5 points a direction"))?;
    require(turns > 0.0 && turns.is_finite(), || {
        format!("--turns {turns}: a positive time")
    })?;
    require(steps >= 1, || "--steps 0: at least one step".to_string())?;
    require(every >= 1 && steps % every == 0, || {
        format!("--every {every}: a divisor of --steps {steps}")
    })?;
    require(rings >= 1 && per_ring >= 1, || {
        "at least one ring of one particle".to_string()
    })?;
    if let Some(path) = &plot_path {
        plot::check_png("plot", path)?;
    }
    let h = 1.0 / (n - 1) as f64;
    let dt = turns / steps as f64;
    let largest = h / flow.max_speed();
    require(dt < largest, || {
        format!(
            "a step of {dt:.3e} moves a particle up to {:.3e}, more than the grid spacing \
             {h:.3e}; take steps below {largest:.3e} (--steps > {})",
            dt * flow.max_speed(),
            (turns / largest).ceil()
        )
    })?;
    let snaps = steps / every + 1;
    let total = rings * per_ring;

    let world = petsc.world();
    println0!(
        world,
        "flow {flow}, grid {n} x {n} (h = {h:.4}), {steps} RK4 steps of {dt:.4e} over {turns} turns"
    )?;
    println0!(
        world,
        "particles: {rings} rings of {per_ring}, {total} in all"
    )?;

    // The grid, its velocity (global, then ghosted), and its coordinates.
    let ni = n as Int;
    let da = Da::grid(&world)
        .sizes([ni, ni])
        .dof(2)
        .stencil(StencilType::Box)
        .stencil_width(2)
        .build()?;
    da.set_uniform_coordinates_to([(0.0, 1.0), (0.0, 1.0)])?;
    let mut vg = da.create_global_vector()?;
    {
        let mut v = da.view_mut(&mut vg)?;
        for [i, j, _] in da.corners()?.iter() {
            let (u, w) = flow.velocity(i as f64 * h, j as f64 * h);
            v.set([i, j, 0], 0, scalar(u));
            v.set([i, j, 0], 1, scalar(w));
        }
    }
    let mut vl = da.create_local_vector()?;
    da.global_to_local(&vg, InsertMode::Insert, &mut vl)?;

    // The swarm: coordinates (particle-in-cell), the path and the last owner.
    let mut sw = Swarm::new(&world, 2)?;
    sw.set_type(SwarmType::Pic)?;
    sw.set_cell_dm(&da)?;
    sw.register_field::<f64>(PATH, 2 * snaps)?;
    sw.register_field::<Int>(OWNER, 1)?;
    sw.finalize_field_register()?;
    let mut start = Vec::with_capacity(2 * total);
    for k in 1..=rings {
        let r = 0.4 * k as f64 / rings as f64;
        for m in 0..per_ring {
            // An offset of a third of a spacing keeps the starts off the grid lines.
            let a = 2.0 * PI * (m as f64 + 1.0 / 3.0) / per_ring as f64;
            start.extend([C.0 + r * a.cos(), C.1 + r * a.sin()]);
        }
    }
    sw.set_point_coordinates(&start, true, InsertMode::Insert)?;
    let held = sw.size()?;
    require_all(petsc, held == total, || {
        format!("{held} particles after the set-up, not {total}")
    })?;
    let rank = world.rank() as Int;
    {
        let coords = sw.field::<f64>(Swarm::COORDINATES)?;
        let mut path = sw.field_mut::<f64>(PATH)?;
        let mut owner = sw.field_mut::<Int>(OWNER)?;
        for (p, xy) in coords.chunks(2).enumerate() {
            let snap = &mut path[p * 2 * snaps..(p + 1) * 2 * snaps];
            snap.fill(f64::NAN);
            snap[..2].copy_from_slice(xy);
            owner[p] = rank;
        }
    }
    world.print_synchronized(&format!(
        "rank {rank}: {} particles at the start\n",
        sw.local_size()?
    ))?;

    // The steps, a migration after each.
    let mut handovers: i64 = 0;
    for step in 1..=steps {
        {
            let vel = da.view(&vl)?;
            let mut coords = sw.field_mut::<f64>(Swarm::COORDINATES)?;
            let mut path = sw.field_mut::<f64>(PATH)?;
            let snap = (step % every == 0).then_some(step / every);
            for (p, xy) in coords.chunks_mut(2).enumerate() {
                let (x, y) = rk4(&vel, h, ni, (xy[0], xy[1]), dt)?;
                xy[0] = x;
                xy[1] = y;
                if let Some(s) = snap {
                    path[p * 2 * snaps + 2 * s..][..2].copy_from_slice(&[x, y]);
                }
            }
        }
        sw.migrate(true)?;
        let mut owner = sw.field_mut::<Int>(OWNER)?;
        for o in owner.iter_mut().filter(|o| **o != rank) {
            *o = rank;
            handovers += 1;
        }
    }
    let now = sw.size()?;
    require_all(petsc, now == total, || {
        format!("{now} particles after the steps, not {total}")
    })?;
    let mut all_handovers = 0i64;
    petsc
        .mpi_world()
        .all_reduce_into(&handovers, &mut all_handovers, SystemOperation::sum());
    println0!(world, "handovers between ranks: {all_handovers}")?;

    // Every snapshot against the exact path.
    let mut worst = 0.0f64;
    {
        let path = sw.field::<f64>(PATH)?;
        for one in path.chunks(2 * snaps) {
            let (x0, y0) = (one[0], one[1]);
            for s in 1..snaps {
                let (ex, ey) = flow.exact(x0, y0, (s * every) as f64 * dt);
                worst = worst.max((one[2 * s] - ex).hypot(one[2 * s + 1] - ey));
            }
        }
    }
    let mut max_error = 0.0f64;
    petsc
        .mpi_world()
        .all_reduce_into(&worst, &mut max_error, SystemOperation::max());
    let bound = match flow {
        Flow::Rigid => 1e-6 * turns.max(1.0),
        Flow::Vortex => 10.0 * h * h * turns.max(1.0),
    };
    println0!(
        world,
        "largest distance from the exact paths: {max_error:.3e} (bound {bound:.3e})"
    )?;

    // The paths, gathered on rank 0.
    let gathered = {
        let v = sw.create_global_vector_from_field(PATH)?;
        let (sct, mut all) = Scatter::to_zero(&v)?;
        sct.scatter(&v, &mut all, InsertMode::Insert, ScatterMode::Forward)?;
        let paths: Vec<f64> = all.view()?.iter().map(|&z| real(z)).collect();
        paths
    };
    if let Some(path) = &plot_path {
        plot::on_rank0(petsc, || plot_paths(&gathered, snaps, flow, path))?;
    }
    if world.rank() == 0 && gathered.len() != 2 * snaps * total {
        return Err(check_failed(format!(
            "rank 0 gathered {} path entries, not {}",
            gathered.len(),
            2 * snaps * total
        )));
    }
    require_all(petsc, max_error < bound, || {
        format!("the paths are {max_error:.3e} from the exact ones, more than {bound:.3e}")
    })?;
    println0!(world, "check: passed")?;
    Ok(())
}

/// A check that every rank makes the same way; a failure is a failed self-check.
fn require_all(petsc: &Petsc, ok: bool, message: impl FnOnce() -> String) -> petsc::Result<()> {
    if all_agree(petsc, ok) {
        Ok(())
    } else {
        Err(check_failed(message()))
    }
}

/// The paths (`snaps` snapshots a particle), each a line, with their starts and ends.
fn plot_paths(paths: &[f64], snaps: usize, flow: Flow, out: &std::path::Path) -> petsc::Result<()> {
    let mut lines = plot::Lines::new(
        &format!("Tracer paths in the {flow} flow"),
        "x (unit square)",
        "y (unit square)",
    );
    let each = || paths.chunks(2 * snaps);
    for one in each() {
        lines = lines.with(plot::Series::line("", one.chunks(2).map(|p| (p[0], p[1]))));
    }
    let at = |s: usize| each().map(move |one| (one[2 * s], one[2 * s + 1]));
    let lines = lines
        .with(plot::Series::points("start", at(0)))
        .with(plot::Series::points("end", at(snaps - 1)));
    // Square, so that the circles look round.
    plot::Figure::new()
        .panel_size(640, 640)
        .with(lines)
        .save(out)
}
