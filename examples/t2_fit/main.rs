//! MRI T2 relaxation fit with TAO (workshop 08): `S(t) = A exp(-t / T2)` fitted to
//! noisy echoes, for one voxel, a whole synthetic T2 map, or a multi-echo NIfTI image.
//!
//! ```text
//! t2_fit                                  # one voxel, lmvm
//! t2_fit -tao_type blmvm -tao_monitor     # with the bounds A > 0, T2 > 0
//! t2_fit --least-squares                  # brgn on the residual and its Jacobian
//! mpiexec -n 4 t2_fit --map 256,256 --plot t2.png          # whole map, one TAO solve
//! mpiexec -n 4 t2_fit --map 256,256 --method both          # against one solve per voxel
//! t2_fit --map 128,128 --write-phantom phantom.nii         # the phantom as a 4D NIfTI
//! mpiexec -n 4 t2_fit --input echoes.nii.gz --echo-times 10,20,30,40 \
//!     --out-t2 t2.nii --out-a a.nii
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
//! # T2 maps
//!
//! The image: `--map NX,NY` is a synthetic phantom whose tissue regions have known T2
//! (a background of 60 ms, two disks of 40 and 85 ms, a bar of 120 ms) and a smoothly
//! varying A, at the ten echo times above or those of `--echo-times`; the noise of
//! voxel `i` comes from a ChaCha8 generator seeded by `(seed, i)`, so any rank makes
//! the same numbers. `--input FILE` reads a 4D NIfTI-1 image instead (see below). The
//! voxels are split over the ranks in contiguous blocks, whole voxels per rank. Voxels
//! with no echo above zero (outside the object of a real image) are not fitted and get
//! A = 0, T2 = 0.
//!
//! `--method` chooses how the map is fitted:
//!
//! - `joint` (the default): the whole map is one minimization. Its objective is the sum
//!   of the voxels' objectives, so one TAO solve on a distributed vector of every
//!   voxel's `(A_i, T2_i)` (interleaved) fits all voxels at once: one closure sums the
//!   objective and fills the gradient of this rank's voxels, another fills a
//!   block-diagonal Hessian (one 2 x 2 Gauss-Newton block `J^T J` per voxel, positive
//!   definite, computed with the objective from the same exponentials) in an AIJ matrix
//!   whose pattern is declared once (COO). The solver is TAO's bounded Newton method
//!   `bnls` with the bounds above and `T2 <= 5000` ms (a voxel of pure noise has no
//!   finite T2), with unit steps (`-tao_ls_type unit`): each voxel's iterates then
//!   depend on its own data only, as a shared step length would let one ill-posed voxel
//!   shorten every voxel's steps. The Newton system is solved exactly by one
//!   application of block Jacobi with ILU(0), which has no fill-in on 2 x 2 blocks. Any
//!   `-tao_*`, `-tao_bnk_*`, `-tao_ls_*`, `-ksp_*`, `-pc_*` option still applies
//!   (`-tao_type nls` or `ntr` work too; quasi-Newton methods do not suit a sum of
//!   thousands of independent fits: use them per voxel). The solve stops when every
//!   voxel's projected gradient norm is below the absolute tolerance 1e-8
//!   (`-tao_gatol`), as tight as the per-voxel fits stop: a convergence test of this
//!   program, as TAO's own measures the whole map's norm, which a voxel held at a bound
//!   can keep above the tolerance. After at most 50 iterations (`-tao_max_it`), the
//!   voxels still above the tolerance are fitted one by one from the start, as the
//!   reference does (their solver takes the options prefix `voxel_`:
//!   `-voxel_tao_type blmvm`); the count is printed. The only global decision is when to
//!   stop, a maximum over the voxels, so the map is the same at any rank count, bit for
//!   bit. Each iteration takes a few global reductions (about 150 for a whole solve):
//!   on a machine shared with other jobs, OpenMPI's `OMPI_MCA_mpi_yield_when_idle=1`
//!   keeps a rank waiting in one from spinning on the core another rank needs.
//! - `voxel`: one TAO solve per voxel, the reference: each rank fits its voxels one
//!   after the other on `PETSC_COMM_SELF` with one `Tao` (`lmvm` by default), resetting
//!   the start for each voxel (`--fresh-tao` makes a new solver per voxel instead, to
//!   measure the setup cost). Every voxel's fit depends only on its own data, so the map
//!   is the same at any rank count; the map's checksum printed at the end shows it.
//!   That holds for a new Tao per voxel, and for a reused `lmvm` up to PETSc 3.23: from
//!   3.24 on, the reset of lmvm's quasi-Newton matrix at the start of a solve clears its
//!   history but keeps the scaling of its initial Hessian learned by the previous
//!   solve, so a reused Tao starts each voxel from the one before (a reused `brgn`
//!   carries state in its inner solver on any version). Those fits agree with a new
//!   Tao's to the tolerance, not bit for bit, and the checksum line says so. Where a
//!   reused Tao's fit fails from that state (seen on PETSc 3.26 for a voxel of pure
//!   noise after a well-posed one), the voxel is fitted again by a new Tao, which then
//!   serves the voxels after it; the count is printed.
//! - `both`: the per-voxel fits, then the joint solve, and their largest differences
//!   voxel by voxel in T2 and A, which must stay within 1e-4 (relative in T2, absolute
//!   in A) for the phantom, and the speed-up in voxels per second. A voxel of pure noise
//!   in a real image has several stationary points, and the two methods may stop at
//!   different ones: for files the voxels beyond the tolerances are counted, not failed.
//!
//! Each fit prints voxels per second (the slowest rank's time), the error against the
//! known map per region (phantom), the largest difference from the reference fit, and
//! the map's checksum; the phantom's run fails when a voxel does not converge or
//! differs from the reference fit by more than 1e-4. `--plot FILE.png` draws the fitted
//! map (the first slice of a 3D image). Rank 0 shows the progress of the fits on
//! standard error.
//!
//! # NIfTI files
//!
//! `--input FILE` reads a 4D NIfTI-1 image (`.nii` or `.nii.gz`) whose axes are
//! (x, y, z, echo), of any integer or real datatype (with its scaling). NIfTI-1 has no
//! field for echo times: give them in ms with `--echo-times`; without the flag they are
//! read from the description field when it holds `echo times (ms) 10,20,...`, this
//! program's own convention, which `--write-phantom` uses. Rank 0 reads and checks the
//! whole file (sizes, datatype, echo count against the echo times, every value finite,
//! the file's length against the header) and tells every rank the verdict, so a bad
//! file stops every rank with the message and exit status 2; then the voxels are
//! scattered. `--write-phantom FILE` writes the synthetic phantom as such a file
//! (float64, 1 mm voxels, the identity as scanner coordinates). `--out-t2 FILE` and
//! `--out-a FILE` write the fitted T2 (ms) and A maps as 3D float64 images with the
//! input's geometry (voxel sizes, qform and sform).
//!
//! For the C comparison of `ci/bench.sh t2`: `--dump FILE` writes the map's noisy
//! signals (voxel count as a little-endian `i64`, then each voxel's echoes as `f64`);
//! and `--callback-bench N` times N objective-and-gradient evaluations called through
//! TAO (`TaoComputeGradient`) against N direct calls of the same Rust function.

// TAO minimizes real functions of real variables: on a PETSc with complex scalars only
// `main` (which says so) is built, and the model code below is left unused.
#![cfg_attr(petsc_complex, allow(dead_code, unused_imports))]

use std::cell::{Cell, RefCell};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::rc::Rc;
use std::time::Instant;

use nifti::writer::WriterOptions;
use nifti::{IntoNdArray, NiftiHeader, NiftiObject, ReaderOptions};
use petsc::mpi::collective::SystemOperation;
use petsc::mpi::datatype::{Partition, PartitionMut};
use petsc::mpi::traits::*;
use petsc::mpi::Count;
use petsc::{
    InsertMode, KspType, Mat, Object, PcType, Petsc, Tao, TaoConvergedReason, TaoLineSearchType,
    TaoType, Vector, G,
};
use petsc_examples::progress::Progress;
use petsc_examples::{
    block_range, hash, println0, require, run_main, stream, AppError, AppResult, Flags, StreamRng,
};
use rand_distr::{Distribution, StandardNormal};

mod joint;
mod nifti_files;

#[cfg(not(petsc_complex))]
use joint::fit_joint;
use nifti_files::{
    agree_or_usage, dump_signals, nifti_error, parse_echo_times, phantom_header, read_input,
    write_maps,
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
/// Upper bounds of the joint solve: none on A, T2 <= 5000 ms (the reference fit's
/// bracket). A voxel whose echoes do not decay (pure noise) has no finite T2; without a
/// bound it would drift to infinity and hold back the whole map's solve.
const UPPER: [f64; 2] = [1e20, 5000.0];
/// Gradient tolerance (absolute) of the single fit; the relative ones are off, as the
/// noise-free problem has a zero minimum. `-tao_gatol` and friends override it.
const GATOL: f64 = 1e-10;
/// Gradient tolerance of the map's fits: PETSc's default, as tight as noisy fits can go
/// without line searches failing on rounding.
const GATOL_MAP: f64 = 1e-8;

const STREAM_VOXEL: u64 = 1;
const STREAM_MAP: u64 = 2;

/// Ten echo amplitudes (the single voxel).
type Signal = [f64; NE];

#[cfg(not(petsc_complex))]
fn main() -> ExitCode {
    run_main("t2_fit", body)
}

#[cfg(petsc_complex)]
fn main() -> ExitCode {
    petsc_examples::real_only("t2_fit", "TAO minimizes real functions of real variables")
}

/// `0.5 ||A e - s||^2` and its gradient `(dA, dT2)`, with `e_k = exp(-echo_k / T2)`.
fn objective_gradient(echo: &[f64], s: &[f64], a: f64, t2: f64) -> (f64, [f64; 2]) {
    let (mut f, mut ga, mut gt) = (0.0, 0.0, 0.0);
    let inv = 1.0 / t2;
    for (t, sk) in echo.iter().zip(s) {
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
fn objgrad_vec(echo: &[f64], s: &[f64], x: &Vector, g: &mut Vector) -> petsc::Result<f64> {
    let (a, t2) = {
        let v = x.view()?;
        (v[0], v[1])
    };
    let (f, grad) = objective_gradient(echo, s, a, t2);
    g.view_mut()?.copy_from_slice(&grad);
    Ok(f)
}

/// The noise-free signal of (A, T2) plus `sigma` times standard normals from `rng`.
fn signal(a: f64, t2: f64, sigma: f64, rng: &mut StreamRng) -> Signal {
    let mut s = [0.0; NE];
    for (sk, t) in s.iter_mut().zip(ECHO_MS) {
        let noise: f64 = StandardNormal.sample(rng);
        *sk = a * (-t / t2).exp() + sigma * noise;
    }
    s
}

/// Independent reference: variable projection. For fixed T2 the best A is
/// `sum(s e) / sum(e^2)`; the derivative of the reduced objective in T2 is then the
/// T2-component of the gradient, whose sign change is bisected in [lo, hi] to machine
/// precision. Returns (A, T2), or `None` when there is no sign change in the bracket.
fn reference_fit(echo: &[f64], s: &[f64]) -> Option<(f64, f64)> {
    let best_a = |t2: f64| {
        let (mut se, mut ee) = (0.0, 0.0);
        for (t, sk) in echo.iter().zip(s) {
            let e = (-t / t2).exp();
            se += sk * e;
            ee += e * e;
        }
        se / ee
    };
    let slope = |t2: f64| objective_gradient(echo, s, best_a(t2), t2).1[1];
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
        let (_, g) = objective_gradient(&ECHO_MS, s, a, t2);
        for (k, gk) in g.iter().enumerate() {
            let h = 1e-6 * if k == 0 { a } else { t2 };
            let f = |d: f64| {
                if k == 0 {
                    objective_gradient(&ECHO_MS, s, a + d, t2).0
                } else {
                    objective_gradient(&ECHO_MS, s, a, t2 + d).0
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

/// A solver on `PETSC_COMM_SELF` fitting whatever signal is in `data` at the echo
/// times `echo`: method from `least_squares` and the options, tolerances, bounds.
/// Returns it with its solution vector and whether it is the least-squares form.
#[cfg(not(petsc_complex))]
fn make_solver(
    petsc: &Petsc,
    least_squares: bool,
    echo: &Rc<Vec<f64>>,
    data: &Rc<RefCell<Vec<f64>>>,
    counters: &Rc<Counters>,
    gatol: f64,
    prefix: Option<&str>,
) -> AppResult<(Tao, Vector, bool)> {
    let c = petsc.self_comm();
    let x = Vector::from_slice(&c, &START)?;
    let mut tao = Tao::new(&c)?;
    if let Some(p) = prefix {
        tao.set_options_prefix(p)?;
    }
    tao.set_type(if least_squares {
        TaoType::Brgn
    } else {
        TaoType::Lmvm
    })?;
    tao.set_solution(&x)?;
    let (d, n, e) = (data.clone(), counters.clone(), echo.clone());
    tao.set_objective_and_gradient(move |x, g| {
        n.evaluations.set(n.evaluations.get() + 1);
        objgrad_vec(&e, &d.borrow(), x, g)
    })?;
    let lower = Vector::from_slice(&c, &LOWER)?;
    tao.set_variable_bounds(Some(&lower), None)?;
    tao.set_tolerances(Some(gatol), Some(0.0), Some(0.0))?;
    tao.set_max_iterations(500)?;
    tao.set_from_options()?;
    let brgn = tao.type_name()? == "brgn";
    if brgn {
        let ne = echo.len();
        let r = Vector::new_seq(&c, ne as petsc::Int)?;
        let j = Mat::new_aij(&c, None, None, Some(ne as petsc::Int), Some(2), 2, 0)?;
        let (d, n, e) = (data.clone(), counters.clone(), echo.clone());
        tao.set_residual(&r, move |x, r| {
            n.evaluations.set(n.evaluations.get() + 1);
            let s = d.borrow();
            let (a, t2) = {
                let v = x.view()?;
                (v[0], v[1])
            };
            for ((rk, t), sk) in r.view_mut()?.iter_mut().zip(e.iter()).zip(s.iter()) {
                *rk = a * (-t / t2).exp() - sk;
            }
            Ok(())
        })?;
        let rows: Vec<petsc::Int> = (0..ne as petsc::Int).collect();
        let e = echo.clone();
        tao.set_jacobian_residual(&j, None, move |x, mats| {
            let (a, t2) = {
                let v = x.view()?;
                (v[0], v[1])
            };
            let mut vals = vec![0.0; 2 * e.len()];
            for (k, t) in e.iter().enumerate() {
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
    let input: Option<PathBuf> = flags.optional(
        "input",
        "fit the T2 map of a 4D multi-echo NIfTI file (x, y, z, echo)",
    )?;
    let echo_times: Option<String> = flags.optional(
        "echo-times",
        "map: echo times in ms (the phantom's default: 10,20,40,60,80,120,160,200,240,280)",
    )?;
    let method: Method = flags.value(
        "method",
        Method::Joint,
        "map: joint (one TAO solve of the whole map), voxel (one solve per voxel, the reference) or both (compared)",
    )?;
    let plot: Option<PathBuf> = flags.optional(
        "plot",
        "write a PNG: one voxel's echoes with the fitted and true decay, or the fitted T2 map",
    )?;
    let fresh = flags.switch("fresh-tao", "map, per voxel: a new Tao for every voxel")?;
    let dump: Option<PathBuf> = flags.optional(
        "dump",
        "map: write the noisy signals (i64 count, the echoes as f64 per voxel) for ci/bench.sh t2",
    )?;
    let phantom: Option<PathBuf> = flags.optional(
        "write-phantom",
        "map: write the synthetic multi-echo phantom as a 4D NIfTI file (FILE.nii or .nii.gz)",
    )?;
    let out_t2: Option<PathBuf> =
        flags.optional("out-t2", "map: write the fitted T2 (ms) as a 3D NIfTI file")?;
    let out_a: Option<PathBuf> = flags.optional(
        "out-a",
        "map: write the fitted amplitude A as a 3D NIfTI file",
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
    let echo = echo_times
        .map(|t| parse_echo_times(&t, "--echo-times"))
        .transpose()
        .map_err(AppError::Usage)?;
    let outputs = Outputs {
        plot,
        dump,
        phantom,
        t2: out_t2,
        a: out_a,
    };
    let source = match (map, input) {
        (Some(_), Some(_)) => {
            return Err(AppError::Usage(
                "--map and --input are two different maps: give one".into(),
            ))
        }
        (Some(spec), None) => {
            let (nx, ny) = parse_size(&spec)?;
            Source::Phantom { nx, ny }
        }
        (None, Some(path)) => Source::File(path),
        (None, None) => {
            let map_only = [
                outputs.dump.is_some(),
                outputs.phantom.is_some(),
                outputs.t2.is_some(),
                outputs.a.is_some(),
                fresh,
                echo.is_some(),
            ];
            require(!map_only.contains(&true), || {
                "--dump, --fresh-tao, --echo-times, --write-phantom, --out-t2 and --out-a need --map NX,NY or --input FILE".into()
            })?;
            if let Some(path) = outputs.plot.as_ref() {
                petsc_examples::plot::check_png("plot", path)?;
            }
            return fit_voxel(petsc, noise, seed, least_squares, bench, outputs.plot);
        }
    };
    require(!fresh || method != Method::Joint, || {
        "--fresh-tao is for the per-voxel fits: add --method voxel or both".into()
    })?;
    require(
        matches!(source, Source::Phantom { .. }) || outputs.phantom.is_none(),
        || "--write-phantom writes the synthetic map: use it with --map NX,NY".into(),
    )?;
    fit_map(
        petsc,
        source,
        echo,
        method,
        noise,
        seed,
        least_squares,
        fresh,
        outputs,
    )
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
fn fit_voxel(
    petsc: &Petsc,
    noise: f64,
    seed: u64,
    least_squares: bool,
    bench: usize,
    plot: Option<PathBuf>,
) -> AppResult {
    let mut rng = stream(seed, &[STREAM_VOXEL]);
    let s = signal(TRUE_A, TRUE_T2, noise, &mut rng);
    let echo = Rc::new(ECHO_MS.to_vec());
    let data = Rc::new(RefCell::new(s.to_vec()));
    let counters = Rc::new(Counters::default());
    let (mut tao, x, brgn) =
        make_solver(petsc, least_squares, &echo, &data, &counters, GATOL, None)?;
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
    let f = objective_gradient(&ECHO_MS, &s, a, t2).0;
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
    let reference = reference_fit(&ECHO_MS, &s);
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
    if let Some(path) = plot.as_ref() {
        petsc_examples::plot::on_rank0(petsc, || plot_decay(path, &s, a, t2))?;
        println0!(petsc, "wrote {}", path.display())?;
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

/// Draws one voxel's noisy echoes `s` as points with the fitted decay `a exp(-t / t2)`
/// and the true one as lines, signal against echo time in ms, into the PNG `path`.
fn plot_decay(path: &Path, s: &[f64], a: f64, t2: f64) -> AppResult {
    use petsc_examples::plot::{Lines, Series};
    let t_end = ECHO_MS[NE - 1] + 20.0;
    let curve = |a: f64, t2: f64| {
        (0..=150).map(move |k| {
            let t = t_end * f64::from(k) / 150.0;
            (t, a * (-t / t2).exp())
        })
    };
    Lines::new(
        &format!("T2 decay of one voxel: fitted T2 = {t2:.2} ms (true {TRUE_T2} ms)"),
        "echo time (ms)",
        "signal (a.u.)",
    )
    .with(Series::points(
        "echoes (noisy data)",
        ECHO_MS.iter().copied().zip(s.iter().copied()),
    ))
    .with(Series::line(
        &format!("fit: A = {a:.4}, T2 = {t2:.2} ms"),
        curve(a, t2),
    ))
    .with(Series::line(
        &format!("truth: A = {TRUE_A}, T2 = {TRUE_T2} ms"),
        curve(TRUE_A, TRUE_T2),
    ))
    .save(path)
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
            sink += objgrad_vec(&ECHO_MS, s, x, &mut g)?;
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
            sink += objective_gradient(&ECHO_MS, s, 1.0 + sink * 1e-300, 85.0).0;
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

/// Known (region, A, T2) of voxel `i` (row-major, `iy * nx + ix`).
fn truth(i: usize, nx: usize, ny: usize) -> (usize, f64, f64) {
    let (ix, iy) = (i % nx, i / nx);
    let r = region(ix, iy, nx, ny);
    let u = (ix as f64 + 0.5) / nx as f64;
    let v = (iy as f64 + 0.5) / ny as f64;
    let a = 0.8 + 0.3 * u + 0.1 * (std::f64::consts::PI * v).sin();
    (r, a, REGION_T2[r])
}

/// The noisy echoes of the phantom's voxel `i` at the echo times `echo`: the noise comes
/// from a generator seeded by `(seed, i)` only, so any rank makes the same numbers.
fn map_signal(echo: &[f64], i: usize, nx: usize, ny: usize, noise: f64, seed: u64) -> Vec<f64> {
    let (_, a, t2) = truth(i, nx, ny);
    let mut rng = stream(seed, &[STREAM_MAP, i as u64]);
    echo.iter()
        .map(|t| {
            a * (-t / t2).exp() + noise * Distribution::<f64>::sample(&StandardNormal, &mut rng)
        })
        .collect()
}

/// How the map is fitted (`--method`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Method {
    /// One TAO solve per voxel, one voxel after the other on each rank: the reference.
    Voxel,
    /// One TAO solve of the whole map: a distributed vector of every voxel's (A, T2).
    Joint,
    /// Both, compared voxel by voxel.
    Both,
}

impl std::str::FromStr for Method {
    type Err = String;
    fn from_str(s: &str) -> Result<Method, String> {
        match s {
            "voxel" | "per-voxel" => Ok(Method::Voxel),
            "joint" | "whole-map" => Ok(Method::Joint),
            "both" => Ok(Method::Both),
            _ => Err(format!("unknown method '{s}'")),
        }
    }
}

impl std::fmt::Display for Method {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Method::Voxel => "voxel",
            Method::Joint => "joint",
            Method::Both => "both",
        })
    }
}

/// Where the map's echoes come from.
enum Source {
    /// The synthetic phantom of `NX x NY` voxels (known truth).
    Phantom { nx: usize, ny: usize },
    /// A 4D NIfTI file (x, y, z, echo).
    File(PathBuf),
}

/// A multi-echo image spread over the ranks: sizes, echo times and this rank's voxels.
struct MapInput {
    /// Image sizes (x, y, z); voxel `i` is `ix + nx (iy + ny iz)`, NIfTI's order.
    dims: [usize; 3],
    /// Echo times (ms).
    echo: Vec<f64>,
    /// This rank's voxels (a contiguous block of the global indices).
    mine: Range<usize>,
    /// This rank's echoes, `echo.len()` per voxel.
    signals: Vec<f64>,
    /// Whether the truth is known (the phantom).
    phantom: bool,
    /// The header whose geometry the output maps copy (rank 0 only).
    header: Option<NiftiHeader>,
}

impl MapInput {
    fn nvox(&self) -> usize {
        self.dims.iter().product()
    }
    fn ne(&self) -> usize {
        self.echo.len()
    }
    /// The echoes of local voxel `k`.
    fn signal(&self, k: usize) -> &[f64] {
        &self.signals[k * self.ne()..(k + 1) * self.ne()]
    }
}

/// Whether a voxel is fitted: some echo above zero (voxels outside the object of a real
/// image are often exactly zero; they get A = 0 and T2 = 0).
fn has_signal(s: &[f64]) -> bool {
    s.iter().any(|&v| v > 0.0)
}

/// A fitted map on this rank, with the run's global figures.
struct MapFit {
    /// What was run (`per-voxel` or `joint`).
    label: &'static str,
    tao_type: String,
    /// This rank's fitted (A, T2); zero for voxels without signal.
    a: Vec<f64>,
    t2: Vec<f64>,
    /// This rank's iterations per voxel (per-voxel method) or the solve's iterations.
    iterations: Vec<u64>,
    /// Seconds of the fit on the slowest rank.
    seconds: f64,
    /// Total iterations and objective evaluations (summed over ranks for per-voxel fits).
    total_iterations: u64,
    evaluations: u64,
    /// Voxels not converged (global).
    not_converged: u64,
    /// Voxels without signal, not fitted (global).
    skipped: u64,
    /// Voxels a reused Tao failed to fit, fitted again by a new one (global).
    refitted: u64,
}

#[allow(clippy::too_many_arguments)]
#[cfg(not(petsc_complex))]
fn fit_map(
    petsc: &Petsc,
    source: Source,
    echo_flag: Option<Vec<f64>>,
    method: Method,
    noise: f64,
    seed: u64,
    least_squares: bool,
    fresh: bool,
    outputs: Outputs,
) -> AppResult {
    let world = petsc.mpi_world();
    let size = world.size() as usize;
    let input = match &source {
        Source::Phantom { nx, ny } => {
            let echo = echo_flag.unwrap_or_else(|| ECHO_MS.to_vec());
            phantom_input(petsc, *nx, *ny, echo, noise, seed, &outputs)?
        }
        Source::File(path) => read_input(petsc, path, echo_flag)?,
    };
    let nvox = input.nvox();
    let [nx, ny, nz] = input.dims;
    if let Some(path) = outputs.dump.as_ref() {
        dump_signals(petsc, &input, path)?;
    }
    println0!(
        petsc,
        "T2 map {nx} x {ny}{} = {nvox} voxels, {} echoes {}..{} ms, {size} ranks ({} .. {} voxels each), method {method}",
        if nz > 1 { format!(" x {nz}") } else { String::new() },
        input.ne(),
        G(input.echo[0]),
        G(input.echo[input.ne() - 1]),
        nvox / size,
        nvox.div_ceil(size),
    )?;
    let mut fits = Vec::new();
    if matches!(method, Method::Voxel | Method::Both) {
        let fit = fit_per_voxel(petsc, &input, least_squares, fresh)?;
        report(petsc, &input, &fit, fresh)?;
        fits.push(fit);
    }
    if matches!(method, Method::Joint | Method::Both) {
        let fit = fit_joint(petsc, &input)?;
        report(petsc, &input, &fit, false)?;
        fits.push(fit);
    }
    let mut failures = Vec::new();
    if let [voxel, joint] = &fits[..] {
        failures.extend(compare(petsc, &input, voxel, joint)?);
    }
    let last = fits.last().expect("a method ran");
    write_maps(petsc, &input, last, &outputs)?;
    if let Some(path) = outputs.plot.as_ref() {
        // Every rank contributes its block; the sum assembles the map everywhere. A 3D
        // image shows its first slice.
        let mut part = vec![0.0f64; nx * ny];
        for (i, t2) in input.mine.clone().zip(&last.t2) {
            if i < nx * ny {
                part[i] = *t2;
            }
        }
        let mut full = vec![0.0f64; nx * ny];
        world.all_reduce_into(&part[..], &mut full[..], SystemOperation::sum());
        petsc_examples::plot::on_rank0(petsc, || plot_map(path, nx, ny, &full))?;
        println0!(
            petsc,
            "wrote {} (T2 from 20 ms, dark, to 140 ms, yellow)",
            path.display()
        )?;
    }
    for fit in &fits {
        if input.phantom && fit.not_converged > 0 {
            failures.push(format!(
                "{}: {} voxels did not converge",
                fit.label, fit.not_converged
            ));
        }
    }
    if input.phantom {
        for fit in &fits {
            let worst = reference_difference(petsc, &input, fit)?;
            if worst > 1e-4 {
                failures.push(format!(
                    "{}: largest relative difference from the reference fit {worst:.3e}",
                    fit.label
                ));
            }
        }
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(AppError::Failed(failures.join("; ")))
    }
}

/// Draws the fitted T2 map `full` (`nx * ny` values, row-major) into the PNG `path`:
/// voxels on the axes, a colour bar in ms from 20 to 140.
fn plot_map(path: &Path, nx: usize, ny: usize, full: &[f64]) -> AppResult {
    petsc_examples::plot::Field::grid(&format!("fitted T2 map, {nx} x {ny} voxels"), full, nx, ny)
        .axes("voxel column", "voxel row")
        .bar_label("T2 (ms)")
        .range(20.0, 140.0)
        .save(path)
}

/// The files a map run writes.
#[derive(Default)]
struct Outputs {
    plot: Option<PathBuf>,
    dump: Option<PathBuf>,
    phantom: Option<PathBuf>,
    t2: Option<PathBuf>,
    a: Option<PathBuf>,
}

/// The synthetic phantom: every rank makes its own voxels' echoes; rank 0 writes the
/// whole phantom as a NIfTI file when asked.
fn phantom_input(
    petsc: &Petsc,
    nx: usize,
    ny: usize,
    echo: Vec<f64>,
    noise: f64,
    seed: u64,
    outputs: &Outputs,
) -> AppResult<MapInput> {
    let world = petsc.mpi_world();
    let (rank, size) = (world.rank() as usize, world.size() as usize);
    let nvox = nx * ny;
    let mine = block_range(nvox, size, rank);
    let signals: Vec<f64> = mine
        .clone()
        .flat_map(|i| map_signal(&echo, i, nx, ny, noise, seed))
        .collect();
    let header = phantom_header(&echo);
    if let Some(path) = outputs.phantom.as_ref() {
        let ok = if rank == 0 {
            let ne = echo.len();
            let mut data = ndarray::Array4::<f64>::zeros((nx, ny, 1, ne));
            for i in 0..nvox {
                for (k, v) in map_signal(&echo, i, nx, ny, noise, seed)
                    .into_iter()
                    .enumerate()
                {
                    data[[i % nx, i / nx, 0, k]] = v;
                }
            }
            WriterOptions::new(path)
                .reference_header(&header)
                .write_nifti(&data)
                .map_err(|e| format!("cannot write {}: {}", path.display(), nifti_error(e)))
        } else {
            Ok(())
        };
        agree_or_usage(petsc, ok)?;
        println0!(
            petsc,
            "wrote the phantom {} ({nx} x {ny} x 1 x {} echoes, float64, 1 mm voxels)",
            path.display(),
            echo.len()
        )?;
    }
    Ok(MapInput {
        dims: [nx, ny, 1],
        echo,
        mine,
        signals,
        phantom: true,
        header: (rank == 0).then_some(header),
    })
}

/// One TAO solve per voxel (see the module docs): the reference method.
#[cfg(not(petsc_complex))]
fn fit_per_voxel(
    petsc: &Petsc,
    input: &MapInput,
    least_squares: bool,
    fresh: bool,
) -> AppResult<MapFit> {
    let world = petsc.mpi_world();
    let echo = Rc::new(input.echo.clone());
    let data = Rc::new(RefCell::new(vec![0.0; input.ne()]));
    let counters = Rc::new(Counters::default());
    let new_solver = || {
        make_solver(
            petsc,
            least_squares,
            &echo,
            &data,
            &counters,
            GATOL_MAP,
            None,
        )
    };
    let (mut tao, mut x, _) = new_solver()?;
    let ty = tao.type_name()?;
    println0!(
        petsc,
        "per-voxel fit: tao {ty}, {}",
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
    let n = input.mine.len();
    let (mut a, mut t2, mut its) = (vec![0.0; n], vec![0.0; n], vec![0u64; n]);
    let (mut failed, mut skipped, mut refitted) = (0u64, 0u64, 0u64);
    let progress = Progress::new(petsc, "voxels fitted on rank 0", n as u64);
    world.barrier();
    let t0 = Instant::now();
    for k in 0..n {
        let s = input.signal(k);
        progress.inc(1);
        if !has_signal(s) {
            skipped += 1;
            continue;
        }
        data.borrow_mut().copy_from_slice(s);
        if fresh {
            let (t, xv, _) = new_solver()?;
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
        if !fresh && !tao.converged_reason()?.is_converged() {
            // A reused Tao starts from the state the previous voxel left (see the
            // module docs); a fit that fails from there is done again by a new one,
            // which then serves the voxels after it.
            let (t, xv, _) = new_solver()?;
            tao = t;
            x = xv;
            tao.solve()?;
            refitted += 1;
        }
        let v = x.view()?;
        (a[k], t2[k]) = (v[0], v[1]);
        its[k] = tao.iteration_number()? as u64;
        failed += u64::from(!tao.converged_reason()?.is_converged());
    }
    let elapsed = t0.elapsed().as_secs_f64();
    progress.finish();
    let mut seconds = 0.0;
    world.all_reduce_into(&elapsed, &mut seconds, SystemOperation::max());
    let local = [
        its.iter().sum::<u64>(),
        counters.evaluations.get(),
        failed,
        skipped,
        refitted,
    ];
    let mut total = [0u64; 5];
    world.all_reduce_into(&local[..], &mut total[..], SystemOperation::sum());
    Ok(MapFit {
        label: "per-voxel",
        tao_type: ty,
        a,
        t2,
        iterations: its,
        seconds,
        total_iterations: total[0],
        evaluations: total[1],
        not_converged: total[2],
        skipped: total[3],
        refitted: total[4],
    })
}

/// Largest relative difference in T2 between the fit and the reference fit over the
/// fitted voxels (collective; infinite where the reference finds no minimum).
fn reference_difference(petsc: &Petsc, input: &MapInput, fit: &MapFit) -> AppResult<f64> {
    let mut worst: f64 = 0.0;
    for k in 0..input.mine.len() {
        let s = input.signal(k);
        if !has_signal(s) {
            continue;
        }
        let d = match reference_fit(&input.echo, s) {
            Some((_, rt2)) => (fit.t2[k] - rt2).abs() / rt2,
            None => f64::INFINITY,
        };
        worst = worst.max(if d.is_nan() { f64::INFINITY } else { d });
    }
    let mut total = 0.0;
    petsc
        .mpi_world()
        .all_reduce_into(&worst, &mut total, SystemOperation::max());
    Ok(total)
}

/// Prints a fitted map's figures: speed, error per region (phantom), the reference
/// check, the totals and the checksum.
fn report(petsc: &Petsc, input: &MapInput, fit: &MapFit, fresh: bool) -> AppResult {
    let world = petsc.mpi_world();
    let nvox = input.nvox();
    let [nx, ny, _] = input.dims;
    let per_voxel = fit.label == "per-voxel";
    println0!(
        petsc,
        "fit time {:.4} s (slowest rank): {:.0} voxels/s; {}; {} not converged{}{}",
        fit.seconds,
        nvox as f64 / fit.seconds,
        if per_voxel {
            format!(
                "per voxel {:.2} iterations, {:.2} evaluations",
                fit.total_iterations as f64 / nvox as f64,
                fit.evaluations as f64 / nvox as f64
            )
        } else {
            format!(
                "{} iterations, {} evaluations of the whole map",
                fit.total_iterations, fit.evaluations
            )
        },
        fit.not_converged,
        if fit.skipped > 0 {
            format!("; {} voxels without signal not fitted", fit.skipped)
        } else {
            String::new()
        },
        if fit.refitted > 0 {
            format!(
                "; {} voxels fitted again by a new Tao after the reused one failed",
                fit.refitted
            )
        } else {
            String::new()
        }
    )?;
    // Per region: count, sum |err|, sum T2, then max |err| separately; reference check.
    let mut sums = [0.0f64; 12];
    let mut maxes = [0.0f64; 4];
    let mut checksum = 0u64;
    for (k, i) in input.mine.clone().enumerate() {
        if input.phantom {
            let (r, _, t2) = truth(i, nx, ny);
            let err = (fit.t2[k] - t2).abs();
            sums[3 * r] += 1.0;
            sums[3 * r + 1] += err;
            sums[3 * r + 2] += fit.t2[k];
            maxes[r] = maxes[r].max(if err.is_nan() { f64::INFINITY } else { err });
        }
        checksum ^= hash(
            i as u64,
            &[fit.a[k].to_bits(), fit.t2[k].to_bits(), fit.iterations[k]],
        );
    }
    let local_t2: f64 = fit.t2.iter().sum();
    let mut sum_t2 = 0.0;
    world.all_reduce_into(&local_t2, &mut sum_t2, SystemOperation::sum());
    let mut tsums = [0.0f64; 12];
    let mut tmaxes = [0.0f64; 4];
    let mut tchecksum = 0u64;
    world.all_reduce_into(&sums[..], &mut tsums[..], SystemOperation::sum());
    world.all_reduce_into(&maxes[..], &mut tmaxes[..], SystemOperation::max());
    world.all_reduce_into(&checksum, &mut tchecksum, SystemOperation::bitwise_xor());
    if input.phantom {
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
            tmaxes.iter().fold(0.0f64, |m, v| m.max(*v))
        )?;
    }
    let dref = reference_difference(petsc, input, fit)?;
    println0!(
        petsc,
        "check: max relative difference from the reference fit over voxels {dref:.3e}"
    )?;
    println0!(
        petsc,
        "total iterations {} over {nvox} voxels; sum T2 {sum_t2:.12e}",
        fit.total_iterations
    )?;
    // Whether each fit depends on its voxel only (see the module docs).
    let same = if !per_voxel {
        "each voxel's steps depend on its own data only and the stop on the largest \
         voxel gradient: the same at any rank count"
    } else if fresh || (fit.tao_type == "lmvm" && !cfg!(petsc_3_24)) {
        "the same at any rank count"
    } else {
        "a reused Tao carries state from voxel to voxel, so it depends on the rank \
         count; --fresh-tao gives the same at any"
    };
    println0!(
        petsc,
        "map checksum {tchecksum:016x} (every voxel's fitted A, T2 and iterations; {same})"
    )?;
    Ok(())
}

/// Iterations of the joint solve before the voxels it has not converged are fitted one
/// by one (`-tao_max_it` changes it).
const JOINT_MAX_IT: petsc::Int = 50;

/// Largest differences allowed between the joint and the per-voxel maps: relative in T2,
/// absolute in A (the per-voxel fits stop at a gradient norm of 1e-8, which leaves about
/// 1e-5 of relative error in T2; the joint solve goes further).
const AGREE_T2: f64 = 1e-4;
const AGREE_A: f64 = 1e-4;

/// Compares the joint map with the per-voxel one voxel by voxel and prints the
/// differences and the speed-up; the failures, if any.
fn compare(
    petsc: &Petsc,
    input: &MapInput,
    voxel: &MapFit,
    joint: &MapFit,
) -> AppResult<Vec<String>> {
    let world = petsc.mpi_world();
    let nvox = input.nvox();
    let mut local = [0.0f64; 4];
    for k in 0..voxel.t2.len() {
        let dt = (voxel.t2[k] - joint.t2[k]).abs();
        let rel = if voxel.t2[k] > 0.0 {
            dt / voxel.t2[k]
        } else {
            dt
        };
        let da = (voxel.a[k] - joint.a[k]).abs();
        for (m, v) in local.iter_mut().zip([dt, rel, da]) {
            *m = m.max(if v.is_nan() { f64::INFINITY } else { v });
        }
        let within = rel <= AGREE_T2 && da <= AGREE_A;
        local[3] += f64::from(u8::from(!within));
    }
    let mut worst = [0.0f64; 3];
    world.all_reduce_into(&local[..3], &mut worst[..], SystemOperation::max());
    let mut apart = 0.0;
    world.all_reduce_into(&local[3], &mut apart, SystemOperation::sum());
    println0!(
        petsc,
        "compare: joint vs per-voxel: max |dT2| {:.3e} ms (relative {:.3e}), max |dA| {:.3e} (tolerances {AGREE_T2:.0e} relative in T2, {AGREE_A:.0e} in A); {apart} voxels beyond them",
        worst[0],
        worst[1],
        worst[2]
    )?;
    println0!(
        petsc,
        "compare: speed-up of the joint solve {:.1}x ({:.0} vs {:.0} voxels/s)",
        voxel.seconds / joint.seconds,
        nvox as f64 / joint.seconds,
        nvox as f64 / voxel.seconds
    )?;
    let mut failures = Vec::new();
    // A voxel of pure noise has several stationary points; the two methods may stop at
    // different ones, so only the phantom's maps must agree.
    if input.phantom && apart > 0.0 {
        failures.push(format!(
            "the joint and per-voxel maps differ by {:.3e} (relative) in T2 and {:.3e} in A",
            worst[1], worst[2]
        ));
    }
    Ok(failures)
}
