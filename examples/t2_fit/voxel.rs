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

use super::*;

/// The noise-free signal of (A, T2) plus `sigma` times standard normals from `rng`.
pub(super) fn signal(a: f64, t2: f64, sigma: f64, rng: &mut StreamRng) -> Signal {
    let mut s = [0.0; NE];
    for (sk, t) in s.iter_mut().zip(ECHO_MS) {
        let noise: f64 = StandardNormal.sample(rng);
        *sk = a * (-t / t2).exp() + sigma * noise;
    }
    s
}

/// Largest relative difference between the analytic gradient and central differences,
/// at a few points around the start.
pub(super) fn gradient_check(s: &Signal) -> f64 {
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

#[cfg(not(petsc_complex))]
pub(super) fn fit_voxel(
    petsc: &Petsc,
    noise: f64,
    seed: u64,
    least_squares: bool,
    plot: Option<PathBuf>,
) -> petsc::Result<()> {
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
    let reason = tao.solve()?;
    let (a, t2) = {
        let v = x.view()?;
        (v[0], v[1])
    };
    let status = tao.solution_status()?;
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
    if !reason.is_converged() {
        return Err(check_failed(format!("TAO did not converge: {reason}")));
    }
    if gerr > 1e-6 {
        return Err(check_failed(format!(
            "the gradient differs from central differences by {gerr:.3e}"
        )));
    }
    if let Some(path) = plot.as_ref() {
        petsc_examples::plot::on_rank0(petsc, || plot_decay(path, &s, a, t2))?;
        println0!(petsc, "wrote {}", path.display())?;
    }
    if let Some((ra, rt2)) = reference {
        if (t2 - rt2).abs() > 1e-4 * rt2 || (a - ra).abs() > 1e-4 {
            return Err(check_failed(format!(
                "TAO's fit ({a}, {t2}) differs from the reference ({ra}, {rt2})"
            )));
        }
    }
    Ok(())
}

/// Draws one voxel's noisy echoes `s` as points with the fitted decay `a exp(-t / t2)`
/// and the true one as lines, signal against echo time in ms, into the PNG `path`.
pub(super) fn plot_decay(path: &Path, s: &[f64], a: f64, t2: f64) -> petsc::Result<()> {
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
