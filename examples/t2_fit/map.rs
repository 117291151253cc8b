//! A T2 map: fitted one voxel at a time, as one TAO solve, or both, then reported and
//! checked.
//!
//! The image: `--map NX,NY` is a synthetic phantom whose tissue regions have known T2
//! (a background of 60 ms, two disks of 40 and 85 ms, a bar of 120 ms) and a smoothly
//! varying A, at the ten echo times of the single voxel or those of `--echo-times`; the noise of
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
//!   `bnls` with the bounds `A >= 0`, `1e-3 <= T2 <= 5000` ms (a voxel of pure noise has no
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

use super::*;

/// A multi-echo image spread over the ranks: sizes, echo times and this rank's voxels.
pub(super) struct MapInput {
    /// Image sizes (x, y, z); voxel `i` is `ix + nx (iy + ny iz)`, NIfTI's order.
    pub(super) dims: [usize; 3],
    /// Echo times (ms).
    pub(super) echo: Vec<f64>,
    /// This rank's voxels (a contiguous block of the global indices).
    pub(super) mine: Range<usize>,
    /// This rank's echoes, `echo.len()` per voxel.
    pub(super) signals: Vec<f64>,
    /// Whether the truth is known (the phantom).
    pub(super) phantom: bool,
    /// The header whose geometry the output maps copy (rank 0 only).
    pub(super) header: Option<NiftiHeader>,
}

impl MapInput {
    pub(super) fn nvox(&self) -> usize {
        self.dims.iter().product()
    }
    pub(super) fn ne(&self) -> usize {
        self.echo.len()
    }
    /// The echoes of local voxel `k`.
    pub(super) fn signal(&self, k: usize) -> &[f64] {
        &self.signals[k * self.ne()..(k + 1) * self.ne()]
    }
}

/// Whether a voxel is fitted: some echo above zero (voxels outside the object of a real
/// image are often exactly zero; they get A = 0 and T2 = 0).
pub(super) fn has_signal(s: &[f64]) -> bool {
    s.iter().any(|&v| v > 0.0)
}

/// A fitted map on this rank, with the run's global figures.
pub(super) struct MapFit {
    /// What was run (`per-voxel` or `joint`).
    pub(super) label: &'static str,
    pub(super) tao_type: String,
    /// This rank's fitted (A, T2); zero for voxels without signal.
    pub(super) a: Vec<f64>,
    pub(super) t2: Vec<f64>,
    /// This rank's iterations per voxel (per-voxel method) or the solve's iterations.
    pub(super) iterations: Vec<u64>,
    /// Seconds of the fit on the slowest rank.
    pub(super) seconds: f64,
    /// Total iterations and objective evaluations (summed over ranks for per-voxel fits).
    pub(super) total_iterations: u64,
    pub(super) evaluations: u64,
    /// Voxels not converged (global).
    pub(super) not_converged: u64,
    /// Voxels without signal, not fitted (global).
    pub(super) skipped: u64,
    /// Voxels a reused Tao failed to fit, fitted again by a new one (global).
    pub(super) refitted: u64,
}

#[allow(clippy::too_many_arguments)]
#[cfg(not(petsc_complex))]
pub(super) fn fit_map(
    petsc: &Petsc,
    source: Source,
    echo_flag: Option<Vec<f64>>,
    method: Method,
    noise: f64,
    seed: u64,
    least_squares: bool,
    fresh: bool,
    outputs: Outputs,
) -> petsc::Result<()> {
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
        Err(check_failed(failures.join("; ")))
    }
}

/// Draws the fitted T2 map `full` (`nx * ny` values, row-major) into the PNG `path`:
/// voxels on the axes, a colour bar in ms from 20 to 140.
pub(super) fn plot_map(path: &Path, nx: usize, ny: usize, full: &[f64]) -> petsc::Result<()> {
    petsc_examples::plot::Field::grid(&format!("fitted T2 map, {nx} x {ny} voxels"), full, nx, ny)
        .axes("voxel column", "voxel row")
        .bar_label("T2 (ms)")
        .range(20.0, 140.0)
        .save(path)
}

/// One TAO solve per voxel (see the module docs): the reference method.
#[cfg(not(petsc_complex))]
pub(super) fn fit_per_voxel(
    petsc: &Petsc,
    input: &MapInput,
    least_squares: bool,
    fresh: bool,
) -> petsc::Result<MapFit> {
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
        let reason = tao.solve()?;
        if !fresh && !reason.is_converged() {
            // A reused Tao starts from the state the previous voxel left (see the
            // module docs); a fit that fails from there is done again by a new one,
            // which then serves the voxels after it.
            let (t, xv, _) = new_solver()?;
            tao = t;
            x = xv;
            tao.solve()?.check()?;
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
pub(super) fn reference_difference(
    petsc: &Petsc,
    input: &MapInput,
    fit: &MapFit,
) -> petsc::Result<f64> {
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
pub(super) fn report(
    petsc: &Petsc,
    input: &MapInput,
    fit: &MapFit,
    fresh: bool,
) -> petsc::Result<()> {
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

/// Largest differences allowed between the joint and the per-voxel maps: relative in T2,
/// absolute in A (the per-voxel fits stop at a gradient norm of 1e-8, which leaves about
/// 1e-5 of relative error in T2; the joint solve goes further).
pub(super) const AGREE_T2: f64 = 1e-4;
pub(super) const AGREE_A: f64 = 1e-4;

/// Compares the joint map with the per-voxel one voxel by voxel and prints the
/// differences and the speed-up; the failures, if any.
pub(super) fn compare(
    petsc: &Petsc,
    input: &MapInput,
    voxel: &MapFit,
    joint: &MapFit,
) -> petsc::Result<Vec<String>> {
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
