//! Power grid (workshop 11): bus voltages of a grid network from Kirchhoff's law
//! `L v = p`, solved with KSP (CG + GAMG by default, anything else from the options).
//!
//! ```text
//! mpiexec -n 4 target/debug/examples/power_grid --nx 80 --ny 40 --load 0.8 --g 1.0 \
//!     [--fail-line 20,10,E] [--plot voltages.png] [--monitor] [-ksp_monitor] \
//!     [-ksp_type gmres -pc_type bjacobi]
//! ```
//!
//! `nx` x `ny` buses, bus id `iy*nx + ix`, a line of conductance `g` to each of the four
//! neighbours. The plant at (nx/4, ny/4) is held at 1.0 per unit, the reference bus
//! (nx-1, ny-1) at 0.0; Downtown (3nx/4, ny/4), Midtown (nx/3, 2ny/3) and Uptown
//! (3nx/4, 3ny/4) each draw `load/3`. The fixed voltages are eliminated from the system
//! with `MatZeroRowsColumns`, which moves their contribution to the right-hand side of
//! the neighbouring rows (the workshop script left the load value there, so neighbours
//! saw the plant at 0.6 instead of 1.0).
//!
//! With `--case FILE.m` it runs MATPOWER's DC power flow on a real network instead, with
//! `--n-1` screens every single-branch outage, and with `--contingencies contab.m` the
//! outages of a MATPOWER change table (see `power_grid_case.rs` and
//! `power_grid_screen.rs`):
//!
//! ```text
//! mpiexec -n 3 target/debug/examples/power_grid --case case118.m --n-1 [--top 10] [--all] \
//!     [--contingencies contab.m] [--n-1-method lodf|resolve] \
//!     [-ksp_type cg -pc_type gamg] [-n1_ksp_type cg -n1_pc_type icc]
//! ```
//!
//! With `--case FILE.m --ac` it runs MATPOWER's AC power flow instead (Newton-Raphson in
//! polar form as PYPOWER's `runpf`, the Jacobian exact by automatic differentiation; see
//! `power_grid_ac.rs`):
//!
//! ```text
//! mpiexec -n 2 target/debug/examples/power_grid --case case2383wp.m --ac \
//!     [--out-buses voltages.csv] [-ksp_type gmres -pc_type ilu]
//! ```
//!
//! Self-checks: the residual of the full Kirchhoff system on the free buses, computed
//! on rank 0 from the gathered voltages with a stencil of its own, and for small grids
//! a dense Gaussian elimination (`nalgebra`'s LU with partial pivoting) of the same
//! reduced system.

use std::path::PathBuf;
use std::process::ExitCode;

use petsc::mpi::traits::Communicator;
use petsc::{InsertMode, Int, KspConvergedReason, KspType, Mat, Object, PcType, Petsc, Sizes};
use petsc_examples::{
    all_agree, check_failed, dense_solve, plot, println0, real_parts, require, scalar, usage_error,
    Flags,
};

#[path = "power_grid_case.rs"]
mod power_grid_case;

#[path = "power_grid_ac.rs"]
mod power_grid_ac;

fn main() -> ExitCode {
    petsc::main(body)
}

/// A line between two buses (`a < b`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Line {
    a: usize,
    b: usize,
}

/// The network: a grid of buses, possibly with one failed line.
#[derive(Debug, Clone)]
struct Grid {
    nx: usize,
    ny: usize,
    g: f64,
    load: f64,
    failed: Option<Line>,
}

/// The buses the workshop names, in the order it prints them.
const NAMES: [&str; 5] = ["Plant", "Downtown", "Midtown", "Uptown", "Reference"];

/// The flows the workshop prints, as pairs of named buses.
const FLOWS: [(usize, usize); 4] = [(0, 1), (0, 2), (2, 3), (1, 4)];

impl Grid {
    fn n(&self) -> usize {
        self.nx * self.ny
    }

    fn id(&self, ix: usize, iy: usize) -> usize {
        iy * self.nx + ix
    }

    fn coords(&self, i: usize) -> (usize, usize) {
        (i % self.nx, i / self.nx)
    }

    /// Bus ids of Plant, Downtown, Midtown, Uptown, Reference.
    fn named(&self) -> [usize; 5] {
        let (nx, ny) = (self.nx, self.ny);
        [
            self.id(nx / 4, ny / 4),
            self.id(3 * nx / 4, ny / 4),
            self.id(nx / 3, 2 * ny / 3),
            self.id(3 * nx / 4, 3 * ny / 4),
            self.id(nx - 1, ny - 1),
        ]
    }

    fn plant(&self) -> usize {
        self.named()[0]
    }

    fn reference(&self) -> usize {
        self.named()[4]
    }

    /// Fixed voltage of a bus, if it has one.
    fn fixed(&self, i: usize) -> Option<f64> {
        if i == self.plant() {
            Some(1.0)
        } else if i == self.reference() {
            Some(0.0)
        } else {
            None
        }
    }

    /// Power injected at a bus (the plant's `+load` is replaced by its fixed voltage).
    fn injection(&self, i: usize) -> f64 {
        let named = self.named();
        if i == named[0] {
            self.load
        } else if named[1..4].contains(&i) {
            -self.load / 3.0
        } else {
            0.0
        }
    }

    /// The neighbours of bus `i` that it still has a line to.
    fn neighbours(&self, i: usize) -> Vec<usize> {
        let (ix, iy) = self.coords(i);
        let mut out = Vec::with_capacity(4);
        if ix > 0 {
            out.push(i - 1);
        }
        if ix + 1 < self.nx {
            out.push(i + 1);
        }
        if iy > 0 {
            out.push(i - self.nx);
        }
        if iy + 1 < self.ny {
            out.push(i + self.nx);
        }
        out.retain(|&j| !matches!(self.failed, Some(l) if (l.a, l.b) == (i.min(j), i.max(j))));
        out
    }

    /// Every line of the network, each once.
    fn lines(&self) -> Vec<Line> {
        (0..self.n())
            .flat_map(|i| {
                self.neighbours(i)
                    .into_iter()
                    .filter(move |&j| j > i)
                    .map(move |j| Line { a: i, b: j })
            })
            .collect()
    }

    fn describe(&self, l: Line) -> String {
        let (ax, ay) = self.coords(l.a);
        let (bx, by) = self.coords(l.b);
        format!("({ax},{ay})-({bx},{by})")
    }
}

/// Parses `IX,IY,DIR` (DIR one of E, W, N, S: the neighbour at ix+1, ix-1, iy+1, iy-1).
fn parse_line(grid: &Grid, text: &str) -> petsc::Result<Line> {
    let bad = |why: &str| {
        usage_error(format!(
            "--fail-line expects IX,IY,DIR with DIR one of E W N S (e.g. 10,5,E), got '{text}': {why}"
        ))
    };
    let parts: Vec<&str> = text.split(',').map(str::trim).collect();
    if parts.len() != 3 {
        return Err(bad("three comma-separated parts needed"));
    }
    let ix: usize = parts[0]
        .parse()
        .map_err(|_| bad("IX is not a bus column"))?;
    let iy: usize = parts[1].parse().map_err(|_| bad("IY is not a bus row"))?;
    let (dx, dy): (i64, i64) = match parts[2].to_ascii_uppercase().as_str() {
        "E" | "+X" => (1, 0),
        "W" | "-X" => (-1, 0),
        "N" | "+Y" => (0, 1),
        "S" | "-Y" => (0, -1),
        _ => return Err(bad("DIR must be E, W, N or S")),
    };
    let (jx, jy) = (ix as i64 + dx, iy as i64 + dy);
    let inside = |x: i64, y: i64| x >= 0 && y >= 0 && x < grid.nx as i64 && y < grid.ny as i64;
    if !inside(ix as i64, iy as i64) || !inside(jx, jy) {
        return Err(bad(&format!(
            "the line leaves the {} x {} grid",
            grid.nx, grid.ny
        )));
    }
    let (i, j) = (grid.id(ix, iy), grid.id(jx as usize, jy as usize));
    Ok(Line {
        a: i.min(j),
        b: i.max(j),
    })
}

/// One solve: the voltages (all of them on rank 0, none elsewhere) and how KSP did.
struct Solution {
    v: Vec<f64>,
    iterations: Int,
    reason: KspConvergedReason,
    method: String,
    /// How far the solver's values at the fixed buses were from the fixed voltages.
    fixed_drift: f64,
}

/// Assembles and solves the grid's system (collective).
fn solve(petsc: &Petsc, grid: &Grid, rtol: f64, monitor: bool) -> petsc::Result<Solution> {
    let world = petsc.world();
    let n = grid.n() as Int;
    let mut a = Mat::aij(&world)
        .sizes(Sizes::global(n, n))
        .preallocate(5, 4)
        .build()?;
    let rows = a.ownership_range()?;
    for i in rows.clone() {
        let i = i as usize;
        let nb = grid.neighbours(i);
        let mut cols = vec![i as Int];
        let mut vals = vec![scalar(grid.g * nb.len() as f64)];
        for j in nb {
            cols.push(j as Int);
            vals.push(scalar(-grid.g));
        }
        a.set_values(&[i as Int], &cols, &vals, InsertMode::Insert)?;
    }
    a.assemble()?;

    let (mut x, mut b) = a.create_vecs()?;
    let (mut fixed_rows, mut fixed_vals) = (Vec::new(), Vec::new());
    {
        let mut bv = b.view_mut()?;
        for (k, i) in rows.clone().enumerate() {
            bv[k] = scalar(grid.injection(i as usize));
        }
    }
    for i in rows.clone() {
        if let Some(v) = grid.fixed(i as usize) {
            fixed_rows.push(i);
            fixed_vals.push(scalar(v));
        }
    }
    x.set(0.0)?;
    x.set_values(&fixed_rows, &fixed_vals, InsertMode::Insert)?;
    x.assemble()?;
    // Eliminate the fixed voltages: their rows become identity rows with b_i = v_i, and
    // their columns move to the right-hand side (b_j += g v_i at each neighbour j).
    a.zero_rows_columns(&fixed_rows, scalar(1.0), Some(&x), Some(&mut b))?;

    let mut ksp = petsc::Ksp::new(&world)?;
    ksp.set_operators(&a, &a)?;
    ksp.set_type(KspType::Cg)?;
    ksp.pc()?.set_type(PcType::Gamg)?;
    ksp.set_tolerances(petsc::KspTolerances {
        rtol: Some(rtol),
        ..Default::default()
    })?;
    // Start from x, which holds the fixed voltages (their residual is zero at the start).
    ksp.set_initial_guess_nonzero(true)?;
    ksp.set_from_options()?;
    if monitor {
        let out = petsc.world();
        ksp.monitor(move |it, rnorm| println0!(out, "    {it:3} residual norm {rnorm:.6e}"))?;
    }
    let reason = ksp.solve(&b, &mut x)?;
    let method = format!("{} + {}", ksp.type_name()?, ksp.pc()?.type_name()?);
    let all = x.to_zero()?;
    let mut v = real_parts(&all.view()?);
    // The fixed buses' rows say v_i = fixed value, but a preconditioner that couples
    // rows (GAMG does) leaves them exact only to the solver's tolerance: put the exact
    // values back and report how far off they were.
    let mut fixed_drift = 0.0f64;
    if !v.is_empty() {
        for i in [grid.plant(), grid.reference()] {
            let exact = grid.fixed(i).unwrap_or_default();
            fixed_drift = fixed_drift.max((v[i] - exact).abs());
            v[i] = exact;
        }
    }
    Ok(Solution {
        v,
        fixed_drift,
        iterations: ksp.iteration_number()?,
        reason,
        method,
    })
}

/// `||L v - p||_2` on the free buses, from the grid itself (not from PETSc's matrix),
/// and the norm of the reduced system's right-hand side (`p` plus the fixed buses'
/// pull on their neighbours) to make it relative.
fn kirchhoff_residual(grid: &Grid, v: &[f64]) -> (f64, f64) {
    let (mut r2, mut b2) = (0.0, 0.0);
    for i in (0..grid.n()).filter(|&i| grid.fixed(i).is_none()) {
        let mut flow_out = 0.0;
        let mut b = grid.injection(i);
        for j in grid.neighbours(i) {
            flow_out += grid.g * (v[i] - v[j]);
            b += grid.fixed(j).map_or(0.0, |vj| grid.g * vj);
        }
        r2 += (flow_out - grid.injection(i)).powi(2);
        b2 += b * b;
    }
    (r2.sqrt(), b2.sqrt())
}

/// The reduced system on the free buses, built densely and solved by a dense LU
/// factorization (`nalgebra`); returns the largest difference from `v` over all buses.
fn dense_check(grid: &Grid, v: &[f64]) -> Option<f64> {
    let free: Vec<usize> = (0..grid.n()).filter(|&i| grid.fixed(i).is_none()).collect();
    let mut pos = vec![usize::MAX; grid.n()];
    for (k, &i) in free.iter().enumerate() {
        pos[i] = k;
    }
    let m = free.len();
    let mut a = vec![0.0; m * m];
    let mut rhs = vec![0.0; m];
    for (k, &i) in free.iter().enumerate() {
        rhs[k] = grid.injection(i);
        for j in grid.neighbours(i) {
            a[k * m + k] += grid.g;
            match grid.fixed(j) {
                Some(vj) => rhs[k] += grid.g * vj,
                None => a[k * m + pos[j]] -= grid.g,
            }
        }
    }
    let vd = dense_solve(a, m, rhs)?;
    let mut diff = 0.0f64;
    for i in 0..grid.n() {
        let exact = match grid.fixed(i) {
            Some(vi) => vi,
            None => vd[pos[i]],
        };
        diff = diff.max((v[i] - exact).abs());
    }
    Some(diff)
}

/// Prints one solve's report on rank 0; returns whether its checks passed.
fn report(
    petsc: &Petsc,
    grid: &Grid,
    title: &str,
    s: &Solution,
    dense_max: usize,
) -> petsc::Result<bool> {
    println0!(
        petsc,
        "solve ({title}): {}, {} iterations, {}",
        s.method,
        s.iterations,
        s.reason
    )?;
    if petsc.world().rank() != 0 {
        return Ok(true);
    }
    let v = &s.v;
    let named = grid.named();
    for (name, &i) in NAMES.iter().zip(&named) {
        let (ix, iy) = grid.coords(i);
        println0!(
            petsc,
            "  voltage {name:<10} {:<9} {:.12}",
            format!("({ix},{iy})"),
            v[i]
        )?;
    }
    for &(p, q) in &FLOWS {
        let label = format!("{}->{}", NAMES[p].to_lowercase(), NAMES[q].to_lowercase());
        println0!(
            petsc,
            "  current {label:<22} g*(v1-v2) = {:.12}",
            grid.g * (v[named[p]] - v[named[q]])
        )?;
    }
    let out_of = |i: usize| -> f64 {
        grid.neighbours(i)
            .into_iter()
            .map(|j| grid.g * (v[i] - v[j]))
            .sum()
    };
    println0!(
        petsc,
        "  plant supplies {:.9}, the loads draw {:.9}, the reference takes {:.9}",
        out_of(grid.plant()),
        grid.load,
        -out_of(grid.reference())
    )?;
    println0!(
        petsc,
        "  fixed buses: the solver's values were within {:.1e} of 1 and 0 (set to exactly 1 and 0)",
        s.fixed_drift
    )?;
    let (res, pnorm) = kirchhoff_residual(grid, v);
    println0!(
        petsc,
        "  check: Kirchhoff residual on free buses ||L v - p||_2 = {res:.3e}, relative {:.3e}",
        res / pnorm.max(f64::MIN_POSITIVE)
    )?;
    let mut ok = s.reason.is_converged();
    let free = grid.n() - 2;
    if free <= dense_max {
        match dense_check(grid, v) {
            Some(d) => {
                println0!(
                    petsc,
                    "  check: dense Gaussian elimination on rank 0 ({free} unknowns): \
                     max |v - v_dense| = {d:.3e}"
                )?;
                ok &= d < 1e-6;
            }
            None => {
                println0!(petsc, "  check: the dense reduced system is singular")?;
                ok = false;
            }
        }
    } else {
        println0!(
            petsc,
            "  check: dense solve skipped ({free} unknowns > --dense-max {dense_max})"
        )?;
    }
    Ok(ok)
}

/// A map of the voltages, one cell per bus, the named buses marked and labelled, a
/// failed line drawn in red.
fn plot(grid: &Grid, v: &[f64], path: &std::path::Path) -> petsc::Result<()> {
    let (nx, ny) = (grid.nx as f64, grid.ny as f64);
    let title = match grid.failed {
        Some(l) => format!("bus voltages, line {} out", grid.describe(l)),
        None => "bus voltages".to_string(),
    };
    let mut field = plot::Field::grid(&title, v, grid.nx, grid.ny)
        .extent((-0.5, nx - 0.5), (-0.5, ny - 0.5))
        .axes("bus column ix", "bus row iy")
        .bar_label("voltage (per unit)");
    if let Some(l) = grid.failed {
        let (ax, ay) = grid.coords(l.a);
        let (bx, by) = grid.coords(l.b);
        let segment = [(ax as f64, ay as f64), (bx as f64, by as f64)];
        field = field.segments([segment], [220, 20, 20], 4);
    }
    for (&i, name) in grid.named().iter().zip(NAMES) {
        let (ix, iy) = grid.coords(i);
        field = field.marker((ix as f64, iy as f64), name, [255, 255, 255]);
    }
    field.save(path)
}

fn body(petsc: &Petsc) -> petsc::Result<()> {
    let mut flags = Flags::from_env(
        "power_grid",
        "bus voltages of a grid network (Kirchhoff's law, KSP: CG + GAMG by default)",
    );
    let nx: usize = flags.value("nx", 40, "buses in x")?;
    let ny: usize = flags.value("ny", 20, "buses in y")?;
    let load: f64 = flags.value("load", 0.6, "total load, split over three districts")?;
    let g: f64 = flags.value("g", 1.0, "conductance of every line")?;
    let fail: Option<String> = flags.optional(
        "fail-line",
        "remove the line IX,IY,DIR (DIR = E, W, N, S) and report the change",
    )?;
    let rtol: f64 = flags.value("rtol", 1e-10, "relative tolerance (or -ksp_rtol)")?;
    let dense_max: usize = flags.value(
        "dense-max",
        1000,
        "largest number of unknowns for the dense check",
    )?;
    let monitor = flags.switch("monitor", "print the residual norm at each iteration")?;
    let plot_path: Option<PathBuf> = flags.optional("plot", "write a voltage map (PNG)")?;
    let case: Option<PathBuf> = flags.optional(
        "case",
        "a MATPOWER case file (.m): its DC power flow instead of the city grid",
    )?;
    let n1 = flags.switch(
        "n-1",
        "with --case: every in-service branch out in turn (N-1 screening)",
    )?;
    let n1_method: String = flags.value(
        "n-1-method",
        "lodf".to_string(),
        "with --n-1: lodf (the base factored once, line-outage distribution factors) or \
         resolve (each outage's system solved anew)",
    )?;
    let contingencies: Option<PathBuf> = flags.optional(
        "contingencies",
        "with --case: screen the branch and generator outages of a MATPOWER change table \
         (contab_*.m)",
    )?;
    let top: usize = flags.value(
        "top",
        5,
        "with --case: how many of the largest values to list",
    )?;
    let all = flags.switch(
        "all",
        "with --case: print every bus angle, branch flow and generator (and every outage)",
    )?;
    let partition: String = flags.value(
        "partition",
        "auto".to_string(),
        "with --case on several ranks: the buses' partitioner (MatPartitioning: auto, \
         none, ptscotch, parmetis, average, ...; auto is PT-Scotch or ParMETIS, whichever \
         PETSc has, or none)",
    )?;
    let ac = flags.switch(
        "ac",
        "with --case: the AC power flow (Newton-Raphson, polar form, as PYPOWER's runpf) \
         instead of the DC one",
    )?;
    let out_buses: Option<PathBuf> = flags.optional(
        "out-buses",
        "with --ac: write the solved voltages as CSV (bus,vm,va_deg), in the case's bus order",
    )?;
    let pf_tol: f64 = flags.value(
        "pf-tol",
        1e-8,
        "with --ac: the largest power mismatch (p.u.) that ends Newton (PF_TOL)",
    )?;
    let pf_max_it: usize = flags.value(
        "pf-max-it",
        10,
        "with --ac: the most Newton iterations (PF_MAX_IT)",
    )?;
    flags.finish()?;
    if let Some(path) = &plot_path {
        plot::check_png("plot", path)?;
    }
    if let Some(path) = case {
        let given: Vec<String> = std::env::args().collect();
        for f in ["nx", "ny", "load", "g", "fail-line", "plot", "monitor"] {
            let flag = format!("--{f}");
            require(
                !given
                    .iter()
                    .any(|a| *a == flag || a.starts_with(&format!("{flag}="))),
                || format!("{flag} belongs to the city grid; it does not apply with --case"),
            )?;
        }
        require(rtol > 0.0 && rtol < 1.0, || {
            format!("--rtol must be in (0, 1), got {rtol}")
        })?;
        require(matches!(n1_method.as_str(), "lodf" | "resolve"), || {
            format!("--n-1-method must be lodf or resolve, got {n1_method}")
        })?;
        if ac {
            for f in [
                "n-1",
                "n-1-method",
                "contingencies",
                "all",
                "partition",
                "top",
            ] {
                let flag = format!("--{f}");
                require(
                    !given
                        .iter()
                        .any(|a| *a == flag || a.starts_with(&format!("{flag}="))),
                    || format!("{flag} belongs to the DC power flow; it does not apply with --ac"),
                )?;
            }
            require(pf_tol.is_finite() && pf_tol > 0.0, || {
                format!("--pf-tol must be positive, got {pf_tol}")
            })?;
            let run = power_grid_ac::AcRun {
                path: &path,
                out_buses: out_buses.as_deref(),
                tol: pf_tol,
                max_it: pf_max_it,
            };
            return if power_grid_ac::run(petsc, &run)? {
                Ok(())
            } else {
                Err(check_failed(
                    "the AC power flow did not converge or its mismatch check failed",
                ))
            };
        }
        for f in ["out-buses", "pf-tol", "pf-max-it"] {
            let flag = format!("--{f}");
            require(
                !given
                    .iter()
                    .any(|a| *a == flag || a.starts_with(&format!("{flag}="))),
                || format!("{flag} needs --ac"),
            )?;
        }
        let run = power_grid_case::CaseRun {
            path: &path,
            n1,
            top,
            all,
            rtol,
            dense_max,
            partition: &partition,
            n1_method: &n1_method,
            contingencies: contingencies.as_deref(),
        };
        return if power_grid_case::run(petsc, &run)? {
            Ok(())
        } else {
            Err(check_failed(
                "a solve did not converge or disagrees with the dense solve",
            ))
        };
    }
    for f in [
        "n-1",
        "n-1-method",
        "contingencies",
        "all",
        "partition",
        "ac",
        "out-buses",
        "pf-tol",
        "pf-max-it",
    ] {
        let flag = format!("--{f}");
        require(
            !std::env::args().any(|a| a == flag || a.starts_with(&format!("{flag}="))),
            || format!("{flag} needs --case FILE.m (a MATPOWER case)"),
        )?;
    }
    require(nx >= 4 && ny >= 4, || {
        format!("the grid must be at least 4 x 4 buses, got {nx} x {ny}")
    })?;
    require(
        nx.checked_mul(ny).is_some_and(|n| n <= Int::MAX as usize),
        || format!("{nx} x {ny} buses do not fit PETSc's integers"),
    )?;
    require(g.is_finite() && g > 0.0, || {
        format!("--g must be a positive conductance, got {g}")
    })?;
    require(load.is_finite(), || {
        format!("--load must be finite, got {load}")
    })?;
    require(rtol > 0.0 && rtol < 1.0, || {
        format!("--rtol must be in (0, 1), got {rtol}")
    })?;
    let mut grid = Grid {
        nx,
        ny,
        g,
        load,
        failed: None,
    };
    let named = grid.named();
    for a in 0..5 {
        for b in a + 1..5 {
            require(named[a] != named[b], || {
                format!(
                    "on a {nx} x {ny} grid {} and {} are the same bus; use a larger grid",
                    NAMES[a], NAMES[b]
                )
            })?;
        }
    }
    let failed = fail.map(|t| parse_line(&grid, &t)).transpose()?;

    let size = petsc.mpi_world().size();
    println0!(
        petsc,
        "power_grid: {nx} x {ny} buses, {} lines, g {g}, load {load}, {size} rank{}",
        grid.lines().len(),
        if size == 1 { "" } else { "s" }
    )?;
    let base = solve(petsc, &grid, rtol, monitor)?;
    let mut ok = report(petsc, &grid, "intact grid", &base, dense_max)?;
    let mut last = base.v.clone();

    if let Some(line) = failed {
        let flow_before = if base.v.is_empty() {
            0.0
        } else {
            g * (base.v[line.a] - base.v[line.b])
        };
        grid.failed = Some(line);
        let after = solve(petsc, &grid, rtol, monitor)?;
        let title = format!("line {} failed", grid.describe(line));
        ok &= report(petsc, &grid, &title, &after, dense_max)?;
        if petsc.world().rank() == 0 {
            println0!(
                petsc,
                "failed line {} carried {flow_before:.9} before it failed",
                grid.describe(line)
            )?;
            println0!(petsc, "change after the failure:")?;
            for (name, &i) in NAMES.iter().zip(&named) {
                println0!(
                    petsc,
                    "  voltage {name:<10} {:.9} -> {:.9}  ({:+.3e})",
                    base.v[i],
                    after.v[i],
                    after.v[i] - base.v[i]
                )?;
            }
            for &(p, q) in &FLOWS {
                let f0 = g * (base.v[named[p]] - base.v[named[q]]);
                let f1 = g * (after.v[named[p]] - after.v[named[q]]);
                println0!(
                    petsc,
                    "  current {:<22} {f0:.9} -> {f1:.9}  ({:+.3e})",
                    format!("{}->{}", NAMES[p].to_lowercase(), NAMES[q].to_lowercase()),
                    f1 - f0
                )?;
            }
            // Where the power went instead: the lines whose flow grew the most.
            let mut changes: Vec<(f64, Line, f64, f64)> = grid
                .lines()
                .into_iter()
                .map(|l| {
                    let f0 = g * (base.v[l.a] - base.v[l.b]);
                    let f1 = g * (after.v[l.a] - after.v[l.b]);
                    (f1.abs() - f0.abs(), l, f0, f1)
                })
                .collect();
            changes.sort_by(|x, y| y.0.total_cmp(&x.0));
            println0!(
                petsc,
                "lines taking over the flow (largest increase of |flow|):"
            )?;
            for (d, l, f0, f1) in changes.iter().take(3) {
                println0!(
                    petsc,
                    "  line {:<16} |flow| {:.9} -> {:.9}  ({d:+.3e})",
                    grid.describe(*l),
                    f0.abs(),
                    f1.abs()
                )?;
            }
        }
        last = after.v;
    }

    if let Some(path) = plot_path {
        plot::on_rank0(petsc, || plot(&grid, &last, &path))?;
        println0!(petsc, "wrote {}", path.display())?;
    }
    if all_agree(petsc, ok) {
        Ok(())
    } else {
        Err(check_failed(
            "the solver did not converge or disagrees with the dense solve",
        ))
    }
}
