//! MRI T2 relaxation fit with TAO (workshop 08): `S(t) = A exp(-t / T2)` fitted to ten
//! noisy echoes, for one voxel or for a whole synthetic T2 map.
//!
//! ```text
//! t2_fit                                  # one voxel, lmvm
//! t2_fit -tao_type blmvm -tao_monitor     # with the bounds A > 0, T2 > 0
//! t2_fit --least-squares                  # brgn on the residual and its Jacobian
//! mpiexec -n 4 t2_fit --map 256,256 --plot t2.png
//! ```
//!
//! One voxel: echo times 10, 20, 40, 60, 80, 120, 160, 200, 240, 280 ms, truth A = 1,
//! T2 = 85 ms, Gaussian noise of `--noise` (0.02) from `--seed`, start (0.8, 50).
//! The objective `0.5 ||A exp(-t/T2) - S||^2` and its analytic gradient come from one
//! closure; TAO's `lmvm` is the default and `-tao_type` picks any other method (the
//! bounds `A >= 0`, `T2 >= 1e-3` are set on every solver and used by the bounded ones,
//! `blmvm`, `bqnls`, ...). `--least-squares` (or `-tao_type brgn`) gives TAO the ten
//! residuals and their 10 x 2 Jacobian instead, solved by Gauss-Newton with no
//! regularization.
//!
//! Self-check: an independent reference fit by variable projection (for a fixed T2
//! the best A is a closed form; the remaining one-dimensional gradient is bisected to
//! machine precision), and the analytic gradient against central differences.
//!
//! T2 map (`--map NX,NY`): a synthetic image whose tissue regions have known T2 (a
//! background of 60 ms, two disks of 40 and 85 ms, a bar of 120 ms) and a smoothly
//! varying A; the noise of voxel `i` comes from `(seed, i)`. The voxels are split over
//! the ranks in contiguous blocks; each rank fits its voxels one after the other on
//! `PETSC_COMM_SELF` with one `Tao`, resetting the start for each voxel (`--fresh-tao`
//! makes a new solver per voxel instead, to measure the setup cost). Every voxel's fit
//! depends only on its own data, so the map is the same at any rank count; the map's
//! checksum printed at the end shows it. That holds for a new Tao per voxel, and for a
//! reused `lmvm` up to PETSc 3.23: from 3.24 on, the reset of lmvm's quasi-Newton
//! matrix at the start of a solve clears its history but keeps the scaling of its
//! initial Hessian learned by the previous solve, so a reused Tao starts each voxel from
//! the one before (a reused `brgn` carries state in its inner solver on any version).
//! Those fits agree with a new Tao's to the tolerance, not bit for bit, and the final
//! line says so. Prints voxels per second (the slowest rank's
//! time), the error against the known map per region, and the largest difference from
//! the reference fit; `--plot FILE.png` draws the fitted map.
//!
//! For the C comparison of `ci/bench-t2.sh`: `--dump FILE` writes the map's noisy
//! signals (voxel count as a little-endian `i64`, then ten `f64` per voxel); and
//! `--callback-bench N` times N objective-and-gradient evaluations called through TAO
//! (`TaoComputeGradient`) against N direct calls of the same Rust function.

// TAO minimizes real functions of real variables: on a PETSc with complex scalars only
// `main` (which says so) is built, and the model code below is left unused.
#![cfg_attr(petsc_complex, allow(dead_code, unused_imports))]

use std::cell::Cell;
use std::path::PathBuf;
use std::process::ExitCode;
use std::rc::Rc;
use std::time::Instant;

use petsc::mpi::collective::SystemOperation;
use petsc::mpi::traits::*;
use petsc::{InsertMode, Mat, Object, Petsc, Tao, TaoType, Vector};
use petsc_examples::{
    block_range, hash, plot as picture, println0, require, run_main, AppError, AppResult, Flags,
    Rng,
};

/// Echo times in ms.
const ECHO_MS: [f64; 10] = [
    10.0, 20.0, 40.0, 60.0, 80.0, 120.0, 160.0, 200.0, 240.0, 280.0,
];
/// Number of echoes.
const NE: usize = ECHO_MS.len();
/// The single voxel's truth.
const TRUE_A: f64 = 1.0;
const TRUE_T2: f64 = 85.0;
/// The initial guess (A, T2).
const START: [f64; 2] = [0.8, 50.0];
/// Lower bounds used by the bounded methods: A >= 0, T2 >= 1e-3 ms (T2 > 0).
const LOWER: [f64; 2] = [0.0, 1e-3];
/// Gradient tolerance (absolute) of the single fit; the relative ones are off, as the
/// noise-free problem has a zero minimum. `-tao_gatol` and friends override it.
const GATOL: f64 = 1e-10;
/// Gradient tolerance of the map's fits: PETSc's default, as tight as noisy fits can go
/// without line searches failing on rounding.
const GATOL_MAP: f64 = 1e-8;

const STREAM_VOXEL: u64 = 1;
const STREAM_MAP: u64 = 2;

/// Ten echo amplitudes.
type Signal = [f64; NE];

#[cfg(not(petsc_complex))]
fn main() -> ExitCode {
    run_main("t2_fit", body)
}

#[cfg(petsc_complex)]
fn main() -> ExitCode {
    petsc_examples::real_only("t2_fit", "TAO minimizes real functions of real variables")
}

/// `0.5 ||A e - s||^2` and its gradient `(dA, dT2)`.
fn objective_gradient(s: &Signal, a: f64, t2: f64) -> (f64, [f64; 2]) {
    let (mut f, mut ga, mut gt) = (0.0, 0.0, 0.0);
    let inv = 1.0 / t2;
    for (t, sk) in ECHO_MS.iter().zip(s) {
        let e = (-t * inv).exp();
        let r = a * e - sk;
        f += r * r;
        ga += r * e;
        gt += r * a * e * t * inv * inv;
    }
    (0.5 * f, [ga, gt])
}

/// The closure body TAO calls: reads (A, T2) from `x`, writes the gradient into `g`.
#[cfg(not(petsc_complex))]
fn objgrad_vec(s: &Signal, x: &Vector, g: &mut Vector) -> petsc::Result<f64> {
    let (a, t2) = {
        let v = x.view()?;
        (v[0], v[1])
    };
    let (f, grad) = objective_gradient(s, a, t2);
    g.view_mut()?.copy_from_slice(&grad);
    Ok(f)
}

/// The noise-free signal of (A, T2) plus `sigma` times standard normals from `rng`.
fn signal(a: f64, t2: f64, sigma: f64, rng: &mut Rng) -> Signal {
    let mut s = [0.0; NE];
    for (sk, t) in s.iter_mut().zip(ECHO_MS) {
        let noise = rng.normal();
        *sk = a * (-t / t2).exp() + sigma * noise;
    }
    s
}

/// Independent reference: variable projection. For fixed T2 the best A is
/// `sum(s e) / sum(e^2)`; the derivative of the reduced objective in T2 is then the
/// T2-component of the gradient, whose sign change is bisected in [lo, hi] to machine
/// precision. Returns (A, T2), or `None` when there is no sign change in the bracket.
fn reference_fit(s: &Signal) -> Option<(f64, f64)> {
    let best_a = |t2: f64| {
        let (mut se, mut ee) = (0.0, 0.0);
        for (t, sk) in ECHO_MS.iter().zip(s) {
            let e = (-t / t2).exp();
            se += sk * e;
            ee += e * e;
        }
        se / ee
    };
    let slope = |t2: f64| objective_gradient(s, best_a(t2), t2).1[1];
    let (mut lo, mut hi) = (1.0, 5000.0);
    if !(slope(lo) < 0.0 && slope(hi) > 0.0) {
        return None;
    }
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if mid <= lo || mid >= hi {
            break;
        }
        if slope(mid) < 0.0 {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let t2 = 0.5 * (lo + hi);
    Some((best_a(t2), t2))
}

/// Largest relative difference between the analytic gradient and central differences,
/// at a few points around the start.
fn gradient_check(s: &Signal) -> f64 {
    let mut worst: f64 = 0.0;
    for &(a, t2) in &[(0.8, 50.0), (1.1, 90.0), (0.5, 150.0)] {
        let (_, g) = objective_gradient(s, a, t2);
        for (k, gk) in g.iter().enumerate() {
            let h = 1e-6 * if k == 0 { a } else { t2 };
            let f = |d: f64| {
                if k == 0 {
                    objective_gradient(s, a + d, t2).0
                } else {
                    objective_gradient(s, a, t2 + d).0
                }
            };
            let fd = (f(h) - f(-h)) / (2.0 * h);
            worst = worst.max((fd - gk).abs() / gk.abs().max(1e-8));
        }
    }
    worst
}

/// Counters shared with the closures.
#[derive(Default)]
struct Counters {
    evaluations: Cell<u64>,
}

/// A solver on `PETSC_COMM_SELF` fitting whatever signal is in `data`: method from
/// `least_squares` and the options, tolerances, bounds. Returns it with its solution
/// vector and whether it is the least-squares form.
#[cfg(not(petsc_complex))]
fn make_solver(
    petsc: &Petsc,
    least_squares: bool,
    data: &Rc<Cell<Signal>>,
    counters: &Rc<Counters>,
    gatol: f64,
) -> AppResult<(Tao, Vector, bool)> {
    let c = petsc.self_comm();
    let x = Vector::from_slice(&c, &START)?;
    let mut tao = Tao::new(&c)?;
    tao.set_type(if least_squares {
        TaoType::Brgn
    } else {
        TaoType::Lmvm
    })?;
    tao.set_solution(&x)?;
    let (d, n) = (data.clone(), counters.clone());
    tao.set_objective_and_gradient(move |x, g| {
        n.evaluations.set(n.evaluations.get() + 1);
        objgrad_vec(&d.get(), x, g)
    })?;
    let lower = Vector::from_slice(&c, &LOWER)?;
    tao.set_variable_bounds(Some(&lower), None)?;
    tao.set_tolerances(Some(gatol), Some(0.0), Some(0.0))?;
    tao.set_max_iterations(500)?;
    tao.set_from_options()?;
    let brgn = tao.type_name()? == "brgn";
    if brgn {
        let r = Vector::new_seq(&c, NE as petsc::Int)?;
        let j = Mat::new_aij(&c, None, None, Some(NE as petsc::Int), Some(2), 2, 0)?;
        let (d, n) = (data.clone(), counters.clone());
        tao.set_residual(&r, move |x, r| {
            n.evaluations.set(n.evaluations.get() + 1);
            let s = d.get();
            let (a, t2) = {
                let v = x.view()?;
                (v[0], v[1])
            };
            for ((rk, t), sk) in r.view_mut()?.iter_mut().zip(ECHO_MS).zip(s) {
                *rk = a * (-t / t2).exp() - sk;
            }
            Ok(())
        })?;
        let rows: Vec<petsc::Int> = (0..NE as petsc::Int).collect();
        tao.set_jacobian_residual(&j, None, move |x, mats| {
            let (a, t2) = {
                let v = x.view()?;
                (v[0], v[1])
            };
            let mut vals = [0.0; 2 * NE];
            for (k, t) in ECHO_MS.iter().enumerate() {
                let e = (-t / t2).exp();
                vals[2 * k] = e;
                vals[2 * k + 1] = a * e * t / (t2 * t2);
            }
            let j = mats.pre();
            j.set_values(&rows, &[0, 1], &vals, InsertMode::Insert)?;
            j.assemble()
        })?;
        if !petsc.options().has("-tao_brgn_regularizer_weight")? {
            tao.brgn_set_regularizer_weight(0.0)?;
        }
    }
    Ok((tao, x, brgn))
}

/// Puts the start back into `x`.
#[cfg(not(petsc_complex))]
fn reset(x: &mut Vector) -> petsc::Result<()> {
    x.view_mut()?.copy_from_slice(&START);
    Ok(())
}

#[cfg(not(petsc_complex))]
fn body(petsc: &Petsc) -> AppResult {
    let mut flags = Flags::from_env("t2_fit", "MRI T2 relaxation fit with TAO");
    let noise: f64 = flags.value("noise", 0.02, "standard deviation of the noise")?;
    let seed: u64 = flags.value("seed", 8, "random seed of the noise")?;
    let least_squares = flags.switch(
        "least-squares",
        "fit the residuals with brgn (same as -tao_type brgn)",
    )?;
    let map: Option<String> = flags.optional(
        "map",
        "fit a synthetic NX,NY T2 map instead of one voxel (64,64 is a good size)",
    )?;
    let plot: Option<PathBuf> = flags.optional("plot", "write the fitted T2 map as PNG")?;
    let fresh = flags.switch("fresh-tao", "map: a new Tao for every voxel")?;
    let dump: Option<PathBuf> = flags.optional(
        "dump",
        "map: write the noisy signals (i64 count, 10 f64 per voxel) for ci/bench-t2.sh",
    )?;
    let bench: usize = flags.value(
        "callback-bench",
        0,
        "time N evaluations through TAO against N direct calls",
    )?;
    flags.finish()?;
    require(noise >= 0.0 && noise.is_finite(), || {
        "--noise must be a non-negative number".into()
    })?;
    match map {
        Some(spec) => {
            let (nx, ny) = parse_size(&spec)?;
            fit_map(petsc, nx, ny, noise, seed, least_squares, fresh, plot, dump)
        }
        None => {
            require(plot.is_none() && dump.is_none() && !fresh, || {
                "--plot, --dump and --fresh-tao need --map NX,NY".into()
            })?;
            fit_voxel(petsc, noise, seed, least_squares, bench)
        }
    }
}

fn parse_size(spec: &str) -> AppResult<(usize, usize)> {
    let parts: Vec<&str> = spec.split([',', 'x']).collect();
    let bad = || AppError::Usage(format!("--map expects NX,NY (as 64,64), got '{spec}'"));
    if parts.len() != 2 {
        return Err(bad());
    }
    let nx: usize = parts[0].trim().parse().map_err(|_| bad())?;
    let ny: usize = parts[1].trim().parse().map_err(|_| bad())?;
    require(nx > 0 && ny > 0, || "--map sizes must be positive".into())?;
    Ok((nx, ny))
}

#[cfg(not(petsc_complex))]
fn fit_voxel(petsc: &Petsc, noise: f64, seed: u64, least_squares: bool, bench: usize) -> AppResult {
    let s = signal(TRUE_A, TRUE_T2, noise, &mut Rng::new(seed, &[STREAM_VOXEL]));
    let data = Rc::new(Cell::new(s));
    let counters = Rc::new(Counters::default());
    let (mut tao, x, brgn) = make_solver(petsc, least_squares, &data, &counters, GATOL)?;
    let ty = tao.type_name()?;
    println0!(
        petsc,
        "t2_fit: S(t) = A exp(-t/T2), {NE} echoes {}..{} ms, noise sigma {noise} (seed {seed}), start A {} T2 {} ms",
        ECHO_MS[0],
        ECHO_MS[NE - 1],
        START[0],
        START[1]
    )?;
    println0!(
        petsc,
        "tao type {ty}{}",
        if brgn {
            " (least squares: residual and Jacobian)"
        } else {
            " (objective and gradient; bounds A >= 0, T2 >= 1e-3 ms used by bounded methods)"
        }
    )?;
    tao.solve()?;
    let (a, t2) = {
        let v = x.view()?;
        (v[0], v[1])
    };
    let status = tao.solution_status()?;
    let reason = tao.converged_reason()?;
    let f = objective_gradient(&s, a, t2).0;
    println0!(petsc, "true      A {TRUE_A:.8}  T2 {TRUE_T2:.8} ms")?;
    println0!(petsc, "estimated A {a:.8}  T2 {t2:.8} ms")?;
    println0!(
        petsc,
        "error |A - A_true| {:.3e}  |T2 - T2_true| {:.3e} ms",
        (a - TRUE_A).abs(),
        (t2 - TRUE_T2).abs()
    )?;
    println0!(
        petsc,
        "final objective {f:.10e}  (noise level 0.5 * {NE} * sigma^2 = {:.3e})",
        0.5 * NE as f64 * noise * noise
    )?;
    println0!(
        petsc,
        "iterations {}  evaluations {}  gradient norm {:.3e}  converged reason {reason}",
        status.iteration,
        counters.evaluations.get(),
        status.gnorm
    )?;
    let gerr = gradient_check(&s);
    println0!(
        petsc,
        "check: analytic gradient vs central differences: max relative error {gerr:.3e}"
    )?;
    let reference = reference_fit(&s);
    match reference {
        Some((ra, rt2)) => println0!(
            petsc,
            "check: reference fit (variable projection) A {ra:.8} T2 {rt2:.8}: |dA| {:.3e} |dT2| {:.3e} ms",
            (a - ra).abs(),
            (t2 - rt2).abs()
        )?,
        None => println0!(petsc, "check: reference fit found no minimum in T2 in [1, 5000] ms")?,
    }
    if bench > 0 {
        callback_bench(petsc, &mut tao, &x, &s, bench)?;
    }
    if !reason.is_converged() {
        return Err(AppError::Failed(format!("TAO did not converge: {reason}")));
    }
    if gerr > 1e-6 {
        return Err(AppError::Failed(format!(
            "the gradient differs from central differences by {gerr:.3e}"
        )));
    }
    if let Some((ra, rt2)) = reference {
        if (t2 - rt2).abs() > 1e-4 * rt2 || (a - ra).abs() > 1e-4 {
            return Err(AppError::Failed(format!(
                "TAO's fit ({a}, {t2}) differs from the reference ({ra}, {rt2})"
            )));
        }
    }
    Ok(())
}

/// Times `n` evaluations through TAO (`TaoComputeGradient` calling the closure through
/// its trampoline) against `n` direct calls of the same function on the same vectors.
#[cfg(not(petsc_complex))]
fn callback_bench(petsc: &Petsc, tao: &mut Tao, x: &Vector, s: &Signal, n: usize) -> AppResult {
    let mut g = x.duplicate()?;
    let mut sink = 0.0;
    let best = |run: &mut dyn FnMut() -> petsc::Result<()>| -> petsc::Result<f64> {
        let mut best = f64::INFINITY;
        for _ in 0..5 {
            let t0 = Instant::now();
            run()?;
            best = best.min(t0.elapsed().as_secs_f64());
        }
        Ok(best / n as f64)
    };
    let direct = best(&mut || {
        for _ in 0..n {
            sink += objgrad_vec(s, x, &mut g)?;
        }
        Ok(())
    })?;
    let through = best(&mut || {
        for _ in 0..n {
            tao.compute_gradient(x, &mut g)?;
        }
        Ok(())
    })?;
    let bare = best(&mut || {
        for _ in 0..n {
            sink += objective_gradient(s, 1.0 + sink * 1e-300, 85.0).0;
        }
        Ok(())
    })?;
    println0!(
        petsc,
        "callback bench ({n} calls, best of 5): arithmetic only {:.1} ns, direct call on Vecs {:.1} ns, through TAO {:.1} ns, overhead {:.1} ns per call{}",
        bare * 1e9,
        direct * 1e9,
        through * 1e9,
        (through - direct) * 1e9,
        if sink.is_nan() { " (nan)" } else { "" }
    )?;
    Ok(())
}

/// Region of the synthetic phantom at voxel (ix, iy): 0 background, 1 and 2 disks, 3 bar.
fn region(ix: usize, iy: usize, nx: usize, ny: usize) -> usize {
    let u = (ix as f64 + 0.5) / nx as f64;
    let v = (iy as f64 + 0.5) / ny as f64;
    let in_disk = |cu: f64, cv: f64, r: f64| (u - cu).powi(2) + (v - cv).powi(2) < r * r;
    if in_disk(0.3, 0.35, 0.18) {
        1
    } else if in_disk(0.68, 0.38, 0.2) {
        2
    } else if (0.15..0.85).contains(&u) && (0.7..0.86).contains(&v) {
        3
    } else {
        0
    }
}

/// T2 (ms) of each region.
const REGION_T2: [f64; 4] = [60.0, 40.0, 85.0, 120.0];
const REGION_NAME: [&str; 4] = ["background", "disk 1", "disk 2", "bar"];

/// Known (A, T2) of voxel `i` (row-major, `iy * nx + ix`).
fn truth(i: usize, nx: usize, ny: usize) -> (usize, f64, f64) {
    let (ix, iy) = (i % nx, i / nx);
    let r = region(ix, iy, nx, ny);
    let u = (ix as f64 + 0.5) / nx as f64;
    let v = (iy as f64 + 0.5) / ny as f64;
    let a = 0.8 + 0.3 * u + 0.1 * (std::f64::consts::PI * v).sin();
    (r, a, REGION_T2[r])
}

fn map_signal(i: usize, nx: usize, ny: usize, noise: f64, seed: u64) -> Signal {
    let (_, a, t2) = truth(i, nx, ny);
    signal(a, t2, noise, &mut Rng::new(seed, &[STREAM_MAP, i as u64]))
}

#[allow(clippy::too_many_arguments)]
#[cfg(not(petsc_complex))]
fn fit_map(
    petsc: &Petsc,
    nx: usize,
    ny: usize,
    noise: f64,
    seed: u64,
    least_squares: bool,
    fresh: bool,
    plot: Option<PathBuf>,
    dump: Option<PathBuf>,
) -> AppResult {
    let world = petsc.mpi_world();
    let (rank, size) = (world.rank() as usize, world.size() as usize);
    let nvox = nx * ny;
    let mine = block_range(nvox, size, rank);
    if let Some(path) = dump.as_ref().filter(|_| rank == 0) {
        let mut bytes = Vec::with_capacity(8 + nvox * NE * 8);
        bytes.extend_from_slice(&(nvox as i64).to_le_bytes());
        for i in 0..nvox {
            for v in map_signal(i, nx, ny, noise, seed) {
                bytes.extend_from_slice(&v.to_le_bytes());
            }
        }
        std::fs::write(path, bytes)
            .map_err(|e| AppError::Usage(format!("cannot write {}: {e}", path.display())))?;
    }
    let signals: Vec<Signal> = mine
        .clone()
        .map(|i| map_signal(i, nx, ny, noise, seed))
        .collect();

    let data = Rc::new(Cell::new([0.0; NE]));
    let counters = Rc::new(Counters::default());
    let (mut tao, mut x, _) = make_solver(petsc, least_squares, &data, &counters, GATOL_MAP)?;
    let ty = tao.type_name()?;
    println0!(
        petsc,
        "T2 map {nx} x {ny} = {nvox} voxels, {size} ranks ({} .. {} voxels each), tao {ty}, {}",
        nvox / size,
        nvox.div_ceil(size),
        if fresh {
            "a new Tao per voxel"
        } else {
            "one Tao per rank, reused"
        }
    )?;

    // Each solve's budget of objective evaluations (lmvm's 4000, or -tao_max_funcs).
    // PETSc 3.25 stopped resetting the count at every solve, so a reused Tao gets the
    // budget again on top of what it has used before each fit, as a fresh one would.
    let budget = tao.max_function_evaluations()?;
    // The fits (timed): (A, T2, iterations, converged).
    let mut fits: Vec<(f64, f64, usize, bool)> = Vec::with_capacity(mine.len());
    world.barrier();
    let t0 = Instant::now();
    for s in &signals {
        data.set(*s);
        if fresh {
            let (t, xv, _) = make_solver(petsc, least_squares, &data, &counters, GATOL_MAP)?;
            tao = t;
            x = xv;
        } else {
            reset(&mut x)?;
            if cfg!(petsc_3_25) && budget >= 0 {
                let used = tao.current_function_evaluations()?;
                tao.set_max_function_evaluations(used.saturating_add(budget))?;
            }
        }
        tao.solve()?;
        let v = x.view()?;
        fits.push((
            v[0],
            v[1],
            tao.iteration_number()? as usize,
            tao.converged_reason()?.is_converged(),
        ));
    }
    let elapsed = t0.elapsed().as_secs_f64();
    drop(tao);
    drop(x);

    // Statistics, reduced over the ranks.
    let mut slowest = 0.0;
    world.all_reduce_into(&elapsed, &mut slowest, SystemOperation::max());
    let local_counts = [
        fits.iter().map(|f| f.2).sum::<usize>() as i64,
        counters.evaluations.get() as i64,
        fits.iter().filter(|f| !f.3).count() as i64,
    ];
    let mut counts = [0i64; 3];
    world.all_reduce_into(&local_counts[..], &mut counts[..], SystemOperation::sum());
    // Per region: count, sum |err|, sum T2, then max |err| separately; reference check.
    let mut sums = [0.0f64; 12];
    let mut maxes = [0.0f64; 5];
    let mut checksum = 0u64;
    for (k, (i, fit)) in mine.clone().zip(&fits).enumerate() {
        let (r, _, t2) = truth(i, nx, ny);
        let err = (fit.1 - t2).abs();
        sums[3 * r] += 1.0;
        sums[3 * r + 1] += err;
        sums[3 * r + 2] += fit.1;
        maxes[r] = maxes[r].max(if err.is_nan() { f64::INFINITY } else { err });
        let dref = match reference_fit(&signals[k]) {
            Some((_, rt2)) => (fit.1 - rt2).abs() / rt2,
            None => f64::INFINITY,
        };
        maxes[4] = maxes[4].max(if dref.is_nan() { f64::INFINITY } else { dref });
        checksum ^= hash(i as u64, &[fit.0.to_bits(), fit.1.to_bits(), fit.2 as u64]);
    }
    // In voxel order, as ci/bench-t2.sh's C program adds them.
    let local_t2: f64 = fits.iter().map(|f| f.1).sum();
    let mut sum_t2 = 0.0;
    world.all_reduce_into(&local_t2, &mut sum_t2, SystemOperation::sum());
    let mut tsums = [0.0f64; 12];
    let mut tmaxes = [0.0f64; 5];
    let mut tchecksum = 0u64;
    world.all_reduce_into(&sums[..], &mut tsums[..], SystemOperation::sum());
    world.all_reduce_into(&maxes[..], &mut tmaxes[..], SystemOperation::max());
    world.all_reduce_into(&checksum, &mut tchecksum, SystemOperation::bitwise_xor());

    println0!(
        petsc,
        "fit time {slowest:.4} s (slowest rank): {:.0} voxels/s; per voxel {:.2} iterations, {:.2} evaluations; {} not converged",
        nvox as f64 / slowest,
        counts[0] as f64 / nvox as f64,
        counts[1] as f64 / nvox as f64,
        counts[2]
    )?;
    for r in 0..4 {
        let n = tsums[3 * r];
        if n == 0.0 {
            continue;
        }
        println0!(
            petsc,
            "region {:<10} T2 {:>5.1} ms: {:>7} voxels, mean fitted T2 {:.4} ms, mean |err| {:.4} ms, max |err| {:.4} ms",
            REGION_NAME[r],
            REGION_T2[r],
            n,
            tsums[3 * r + 2] / n,
            tsums[3 * r + 1] / n,
            tmaxes[r]
        )?;
    }
    let total_err: f64 = (0..4).map(|r| tsums[3 * r + 1]).sum();
    println0!(
        petsc,
        "map: mean |T2 err| {:.4} ms, max |T2 err| {:.4} ms",
        total_err / nvox as f64,
        tmaxes[..4].iter().fold(0.0f64, |m, v| m.max(*v))
    )?;
    println0!(
        petsc,
        "check: max relative difference from the reference fit over voxels {:.3e}",
        tmaxes[4]
    )?;
    println0!(
        petsc,
        "total iterations {} over {nvox} voxels; sum T2 {sum_t2:.12e}",
        counts[0]
    )?;
    // Whether each fit depends on its voxel only (see the introduction).
    let independent = fresh || (ty == "lmvm" && !cfg!(petsc_3_24));
    println0!(
        petsc,
        "map checksum {tchecksum:016x} (every voxel's fitted A, T2 and iterations; {})",
        if independent {
            "the same at any rank count"
        } else {
            "a reused Tao carries state from voxel to voxel, so it depends on the rank \
             count; --fresh-tao gives the same at any"
        }
    )?;

    if let Some(path) = plot {
        // Every rank contributes its block; the sum assembles the map everywhere.
        let mut part = vec![0.0f64; nvox];
        for (i, fit) in mine.clone().zip(&fits) {
            part[i] = fit.1;
        }
        let mut full = vec![0.0f64; nvox];
        world.all_reduce_into(&part[..], &mut full[..], SystemOperation::sum());
        // One voxel per region (the one nearest its middle), its fitted (A, T2) summed
        // into place from the rank that owns it, for the decay curves.
        let middles = [(0.05, 0.05), (0.3, 0.35), (0.68, 0.38), (0.5, 0.78)];
        let shown: Vec<(usize, usize)> = (0..4)
            .filter_map(|r| {
                let (u, v) = middles[r];
                let (ix, iy) = ((u * nx as f64) as usize, (v * ny as f64) as usize);
                let at = iy.min(ny - 1) * nx + ix.min(nx - 1);
                let i = Some(at)
                    .filter(|&i| truth(i, nx, ny).0 == r)
                    .or_else(|| (0..nvox).find(|&i| truth(i, nx, ny).0 == r))?;
                Some((r, i))
            })
            .collect();
        let mut part = vec![0.0f64; 2 * shown.len()];
        for (k, &(_, i)) in shown.iter().enumerate() {
            if mine.contains(&i) {
                let fit = fits[i - mine.start];
                part[2 * k] = fit.0;
                part[2 * k + 1] = fit.1;
            }
        }
        let mut picked = vec![0.0f64; 2 * shown.len()];
        world.all_reduce_into(&part[..], &mut picked[..], SystemOperation::sum());
        picture::on_rank0(petsc, || {
            let known: Vec<f64> = (0..nvox).map(|i| truth(i, nx, ny).2).collect();
            fn map<'a>(title: &str, values: &'a [f64], nx: usize, ny: usize) -> picture::Field<'a> {
                picture::Field::grid(title, values, nx, ny)
                    .axes("voxel column", "voxel row")
                    .bar_label("T2 (ms)")
                    .range(20.0, 140.0)
            }
            let mut decay = picture::Lines::new(
                "echo amplitudes (points) and fits",
                "echo time (ms)",
                "signal (a.u.)",
            );
            for (k, &(r, i)) in shown.iter().enumerate() {
                let colour = picture::PALETTE[r];
                let (a, t2) = (picked[2 * k], picked[2 * k + 1]);
                let s = map_signal(i, nx, ny, noise, seed);
                decay = decay
                    .with(
                        picture::Series::points("", ECHO_MS.iter().copied().zip(s)).colour(colour),
                    )
                    .with(
                        picture::Series::line(
                            &format!("{}: T2 {t2:.1} ms (true {})", REGION_NAME[r], REGION_T2[r]),
                            (0..=60).map(|q| {
                                let t = 5.0 * q as f64;
                                (t, a * (-t / t2).exp())
                            }),
                        )
                        .colour(colour),
                    );
            }
            picture::Figure::new()
                .title(&format!("T2 map {nx} x {ny}, noise sigma {noise}"))
                .panel_size(600, 440)
                .with(map("true T2", &known, nx, ny))
                .with(map("fitted T2", &full, nx, ny))
                .with(decay)
                .save(&path)
        })?;
        println0!(
            petsc,
            "wrote {} (true and fitted T2 maps, decay fits of one voxel per region)",
            path.display()
        )?;
    }
    if counts[2] > 0 || tmaxes[4] > 1e-4 {
        return Err(AppError::Failed(format!(
            "{} voxels did not converge; largest relative difference from the reference fit {:.3e}",
            counts[2], tmaxes[4]
        )));
    }
    Ok(())
}
