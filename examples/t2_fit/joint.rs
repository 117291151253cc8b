//! The whole map as one TAO solve: every voxel's (A, T2) in one distributed vector, the
//! objective and gradient summed over the voxels, a block-diagonal Gauss-Newton Hessian.

use super::*;

/// Iterations of the joint solve before the voxels it has not converged are fitted one
/// by one (`-tao_max_it` changes it).
pub(super) const JOINT_MAX_IT: petsc::Int = 50;

/// The norm of a voxel's projected gradient: a component pushing a variable out through
/// the bound it sits on counts as zero; NaN counts as infinite.
pub(super) fn projected_norm(a: f64, t2: f64, g: [f64; 2]) -> f64 {
    let ga = if a <= LOWER[0] { g[0].min(0.0) } else { g[0] };
    let gt = if t2 <= LOWER[1] {
        g[1].min(0.0)
    } else if t2 >= UPPER[1] {
        g[1].max(0.0)
    } else {
        g[1]
    };
    let norm = ga.hypot(gt);
    if norm.is_nan() {
        f64::INFINITY
    } else {
        norm
    }
}

/// One voxel's objective, gradient and Gauss-Newton block (see
/// [`gauss_newton_block`]) from the same exponentials.
pub(super) fn voxel_terms(echo: &[f64], s: &[f64], a: f64, t2: f64) -> (f64, [f64; 2], [f64; 4]) {
    let (mut f, mut ga, mut gt) = (0.0, 0.0, 0.0);
    let (mut haa, mut hat, mut htt) = (0.0, 0.0, 0.0);
    let inv = 1.0 / t2;
    for (t, sk) in echo.iter().zip(s) {
        let e = (-t * inv).exp();
        let dt = a * e * t * inv * inv;
        let r = a * e - sk;
        f += r * r;
        ga += r * e;
        gt += r * dt;
        haa += e * e;
        hat += e * dt;
        htt += dt * dt;
    }
    haa += 1e-12;
    htt += 1e-10 * haa + 1e-12;
    (0.5 * f, [ga, gt], [haa, hat, hat, htt])
}

/// Gauss-Newton block of one voxel, `J^T J` with `J` the echoes' derivatives in (A, T2),
/// with tiny lifts of the diagonal so that a degenerate voxel (A = 0, or T2 so small that
/// every echo has decayed) keeps an invertible block.
pub(super) fn gauss_newton_block(echo: &[f64], a: f64, t2: f64) -> [f64; 4] {
    let (mut haa, mut hat, mut htt) = (0.0, 0.0, 0.0);
    let inv = 1.0 / t2;
    for t in echo {
        let e = (-t * inv).exp();
        let dt = a * e * t * inv * inv;
        haa += e * e;
        hat += e * dt;
        htt += dt * dt;
    }
    haa += 1e-12;
    htt += 1e-10 * haa + 1e-12;
    [haa, hat, hat, htt]
}

/// The whole map as one TAO solve: `x = (A_0, T2_0, A_1, T2_1, ...)` distributed with
/// whole voxels per rank, the objective the sum of the voxels' objectives, the Hessian
/// block diagonal (one Gauss-Newton 2 x 2 block per voxel).
#[cfg(not(petsc_complex))]
pub(super) fn fit_joint(petsc: &Petsc, input: &MapInput) -> petsc::Result<MapFit> {
    let world = petsc.mpi_world();
    let comm = petsc.world();
    let n = input.mine.len();
    let first = input.mine.start;
    let local = (2 * n) as petsc::Int;
    let mut x = Vector::new_mpi(&comm, Some(local), None)?;
    let mut lower = x.duplicate()?;
    let mut upper = x.duplicate()?;
    {
        let mut xv = x.view_mut()?;
        let mut lv = lower.view_mut()?;
        let mut uv = upper.view_mut()?;
        for k in 0..n {
            xv[2 * k..2 * k + 2].copy_from_slice(&START);
            lv[2 * k..2 * k + 2].copy_from_slice(&LOWER);
            uv[2 * k..2 * k + 2].copy_from_slice(&UPPER);
        }
    }
    // Voxels without signal stay out of the sums: their block is the identity.
    let active: Rc<Vec<bool>> = Rc::new((0..n).map(|k| has_signal(input.signal(k))).collect());
    let signals = Rc::new(input.signals.clone());
    let echo = Rc::new(input.echo.clone());
    let ne = input.ne();
    let evaluations = Rc::new(Cell::new(0u64));
    // The largest projected gradient norm of a voxel at the last point evaluated (over
    // all ranks): the joint solve's stopping test.
    let worst = Rc::new(Cell::new(f64::INFINITY));

    // The Hessian's pattern, declared once: the 2 x 2 block of each of this rank's
    // voxels. Its values are then given in that order (COO) by one call per Hessian.
    let mut h = Mat::new(&comm)?;
    h.set_sizes_to(petsc::Sizes::local(local, local))?;
    h.set_type_name("aij")?;
    h.set_block_size(2)?;
    let (mut rows, mut cols) = (Vec::with_capacity(4 * n), Vec::with_capacity(4 * n));
    for k in 0..n {
        let c = 2 * (first + k) as petsc::Int;
        rows.extend_from_slice(&[c, c, c + 1, c + 1]);
        cols.extend_from_slice(&[c, c + 1, c, c + 1]);
    }
    h.set_preallocation_coo(&rows, &cols)?;
    let h = Rc::new(RefCell::new(h));
    // The Gauss-Newton blocks of the last point the objective saw (they share its
    // exponentials); the Hessian reuses them at that point.
    let cache = Rc::new(RefCell::new((Vec::<f64>::new(), vec![0.0; 4 * n])));

    let mut tao = Tao::new(&comm)?;
    tao.set_type(TaoType::Bnls)?;
    tao.set_solution(&x)?;
    {
        let (echo, signals, active, count, cache) = (
            echo.clone(),
            signals.clone(),
            active.clone(),
            evaluations.clone(),
            cache.clone(),
        );
        let worst = worst.clone();
        let world = petsc.mpi_world();
        tao.set_objective_and_gradient(move |x, g| {
            count.set(count.get() + 1);
            let xv = x.view()?;
            let mut gv = g.view_mut()?;
            let mut cache = cache.borrow_mut();
            let (at, blocks) = &mut *cache;
            let mut f = 0.0;
            let mut local_worst: f64 = 0.0;
            for k in 0..active.len() {
                if !active[k] {
                    gv[2 * k] = 0.0;
                    gv[2 * k + 1] = 0.0;
                    blocks[4 * k..4 * k + 4].copy_from_slice(&[1.0, 0.0, 0.0, 1.0]);
                    continue;
                }
                let s = &signals[k * ne..(k + 1) * ne];
                let (fk, gk, hk) = voxel_terms(&echo, s, xv[2 * k], xv[2 * k + 1]);
                f += fk;
                gv[2 * k] = gk[0];
                gv[2 * k + 1] = gk[1];
                blocks[4 * k..4 * k + 4].copy_from_slice(&hk);
                local_worst = local_worst.max(projected_norm(xv[2 * k], xv[2 * k + 1], gk));
            }
            at.clear();
            at.extend_from_slice(&xv);
            let mut total = 0.0;
            world.all_reduce_into(&f, &mut total, SystemOperation::sum());
            let mut w = 0.0;
            world.all_reduce_into(&local_worst, &mut w, SystemOperation::max());
            worst.set(w);
            Ok(total)
        })?;
    }
    {
        let (echo, active, hm) = (echo.clone(), active.clone(), h.clone());
        tao.set_hessian(&h.borrow(), None, move |x, _mats| {
            let mut cache = cache.borrow_mut();
            let (at, blocks) = &mut *cache;
            let xv = x.view()?;
            if at[..] != xv[..] {
                for k in 0..active.len() {
                    let block = if active[k] {
                        gauss_newton_block(&echo, xv[2 * k], xv[2 * k + 1])
                    } else {
                        [1.0, 0.0, 0.0, 1.0]
                    };
                    blocks[4 * k..4 * k + 4].copy_from_slice(&block);
                }
            }
            hm.borrow_mut().set_values_coo(blocks, InsertMode::Insert)
        })?;
    }
    tao.set_variable_bounds(Some(&lower), Some(&upper))?;
    // The whole map's gradient norm is the root of the sum of the voxels' squared
    // norms: below GATOL_MAP, every voxel's gradient is too, as tight as the per-voxel
    // fits stop. The relative tolerances are off.
    tao.set_tolerances(petsc::TaoTolerances {
        gatol: Some(GATOL_MAP),
        grtol: Some(0.0),
        gttol: Some(0.0),
    })?;
    tao.set_max_iterations(JOINT_MAX_IT)?;
    if let Some(mut ls) = tao.line_search()? {
        // Unit steps: the steps of the voxels are then independent, as their Newton
        // directions are; a shared step length would let one ill-posed voxel (pure
        // noise) shorten every voxel's steps.
        ls.set_type(TaoLineSearchType::Unit)?;
    }
    if let Some(ksp) = tao.ksp()? {
        // The blocks are exact under ILU(0) (no fill-in), so one preconditioner
        // application solves the Newton system.
        let mut ksp = ksp;
        ksp.set_type(KspType::Preonly)?;
        ksp.pc()?.set_type(PcType::Bjacobi)?;
    }
    tao.set_from_options()?;
    // Converged when every voxel's projected gradient is below the absolute tolerance
    // (-tao_gatol; TAO's own test measures the whole map's norm, which a voxel stuck at
    // a bound can hold up), or stopped after -tao_max_it iterations.
    let gatol = tao.tolerances()?.gatol.unwrap_or_default();
    let max_it = tao.max_iterations()?;
    {
        let worst = worst.clone();
        tao.set_convergence_test(move |state| {
            Ok(if worst.get() <= gatol {
                TaoConvergedReason::ConvergedGatol
            } else if state.iteration >= max_it {
                TaoConvergedReason::DivergedMaxits
            } else {
                state.reason
            })
        })?;
    }
    let ty = tao.type_name()?;
    println0!(
        petsc,
        "joint fit: tao {ty}, one solve of {} unknowns, block-diagonal Gauss-Newton Hessian",
        2 * input.nvox()
    )?;
    let max_it = tao.max_iterations()?.max(0) as u64;
    let progress = Rc::new(Progress::new(petsc, "Newton iterations (at most)", max_it));
    {
        let p = progress.clone();
        tao.monitor(move |s| {
            p.set(s.iteration as u64);
            Ok(())
        })?;
    }
    world.barrier();
    let t0 = Instant::now();
    let reason = tao.solve()?;
    let iterations = tao.iteration_number()? as u64;
    tao.cancel_monitors()?;
    drop(tao);
    if let Ok(p) = Rc::try_unwrap(progress) {
        p.finish();
    }
    let (mut a, mut t2) = (vec![0.0; n], vec![0.0; n]);
    let mut stragglers = Vec::new();
    {
        let xv = x.view()?;
        for k in 0..n {
            if !active[k] {
                continue;
            }
            (a[k], t2[k]) = (xv[2 * k], xv[2 * k + 1]);
            let (_, g) = objective_gradient(&echo, input.signal(k), a[k], t2[k]);
            if projected_norm(a[k], t2[k], g) > gatol {
                stragglers.push(k);
            }
        }
    }
    // Voxels the joint solve left above the tolerance (ill-posed ones, or all of them
    // when it stopped early) are fitted one by one from the start, as the reference
    // does, by a solver whose options take the prefix `voxel_`.
    let mut failed = 0u64;
    if !stragglers.is_empty() {
        let data = Rc::new(RefCell::new(vec![0.0; ne]));
        let counters = Rc::new(Counters::default());
        let (mut solo, mut xs, _) = make_solver(
            petsc,
            false,
            &echo,
            &data,
            &counters,
            GATOL_MAP,
            Some("voxel_"),
        )?;
        for &k in &stragglers {
            data.borrow_mut().copy_from_slice(input.signal(k));
            reset(&mut xs)?;
            let _ = solo.solve()?; // the reason is read below
            let v = xs.view()?;
            (a[k], t2[k]) = (v[0], v[1]);
            failed += u64::from(!solo.converged_reason()?.is_converged());
        }
        evaluations.set(evaluations.get() + counters.evaluations.get());
    }
    let elapsed = t0.elapsed().as_secs_f64();
    let mut seconds = 0.0;
    world.all_reduce_into(&elapsed, &mut seconds, SystemOperation::max());
    let skipped = active.iter().filter(|a| !**a).count() as u64;
    let local_counts = [failed, skipped, stragglers.len() as u64];
    let mut counts = [0u64; 3];
    world.all_reduce_into(&local_counts[..], &mut counts[..], SystemOperation::sum());
    println0!(
        petsc,
        "joint solve: {iterations} iterations, converged reason {reason}; {} voxels above the tolerance refitted one by one",
        counts[2]
    )?;
    Ok(MapFit {
        label: "joint",
        tao_type: ty,
        a,
        t2,
        iterations: vec![iterations; n],
        seconds,
        total_iterations: iterations,
        evaluations: evaluations.get(),
        not_converged: counts[0],
        skipped: counts[1],
        refitted: 0,
    })
}
