//! The cost of a Rust closure called by PETSc, measured on the T2 fit's objective
//! (`examples/t2_fit`: `0.5 ||A exp(-t/T2) - S||^2` over ten echoes and its gradient):
//! `-calls N` (default 1,000,000) evaluations through TAO (`TaoComputeGradient`, which
//! calls the closure through petsc-rs's trampoline) against N direct calls of the same
//! function on the same vectors, N calls of the arithmetic alone, and N evaluations
//! through TAO of the same closure given slices (`set_objective_and_gradient_slices`);
//! best of 5 rounds each, one line:
//!
//! ```text
//! callback bench (1000000 calls, best of 5): arithmetic only 41.0 ns, direct call on Vecs 60.2 ns, through TAO 75.9 ns, overhead 15.7 ns per call; through TAO with slices 70.1 ns
//! ```
//!
//! Run by `bash ci/bench.sh callback` (the table ci/bench/benchmarks.toml), serial.

use std::process::ExitCode;
#[cfg(not(petsc_complex))]
use std::time::Instant;

#[cfg(not(petsc_complex))]
use petsc::{Tao, TaoType, Vector};

/// Echo times in ms (the T2 fit's).
#[cfg(not(petsc_complex))]
const ECHO_MS: [f64; 10] = [
    10.0, 20.0, 40.0, 60.0, 80.0, 120.0, 160.0, 200.0, 240.0, 280.0,
];

/// Rounds of each measurement; the best counts.
#[cfg(not(petsc_complex))]
const ROUNDS: usize = 5;

/// `0.5 ||A e - s||^2` and its gradient `(dA, dT2)`, with `e_k = exp(-echo_k / T2)`.
#[cfg(not(petsc_complex))]
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

/// What TAO's closure does: reads (A, T2) from `x`, writes the gradient into `g`.
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

/// Seconds per call of `run` (which makes `n` calls), the best of [`ROUNDS`].
#[cfg(not(petsc_complex))]
fn best(n: usize, run: &mut dyn FnMut() -> petsc::Result<()>) -> petsc::Result<f64> {
    let mut best = f64::INFINITY;
    for _ in 0..ROUNDS {
        let t0 = Instant::now();
        run()?;
        best = best.min(t0.elapsed().as_secs_f64());
    }
    Ok(best / n as f64)
}

#[cfg(not(petsc_complex))]
fn main() -> ExitCode {
    petsc::main(|petsc| {
        let n = petsc.options().get_or::<petsc::Int>("-calls", 1_000_000)?;
        let n = usize::try_from(n)
            .ok()
            .filter(|&n| n > 0)
            .ok_or_else(|| petsc::Error::user("-calls must be a positive number"))?;
        let s: Vec<f64> = ECHO_MS.iter().map(|t| (-t / 85.0).exp()).collect();
        let c = petsc.self_comm();
        let x = Vector::from_slice(&c, &[0.8, 50.0])?;
        let mut g = x.duplicate()?;
        let mut tao = Tao::new(&c)?;
        tao.set_type(TaoType::Lmvm)?;
        tao.set_solution(&x)?;
        let data = s.clone();
        tao.set_objective_and_gradient(move |x, g| objgrad_vec(&ECHO_MS, &data, x, g))?;
        tao.set_up()?;
        // The same closure on this process's entries (no handles made for a call).
        let mut by_slices = Tao::new(&c)?;
        by_slices.set_type(TaoType::Lmvm)?;
        by_slices.set_solution(&x)?;
        let data = s.clone();
        by_slices.set_objective_and_gradient_slices(move |x, g| {
            let (f, grad) = objective_gradient(&ECHO_MS, &data, x[0], x[1]);
            g.copy_from_slice(&grad);
            Ok(f)
        })?;
        by_slices.set_up()?;
        let mut sink = 0.0;
        let direct = best(n, &mut || {
            for _ in 0..n {
                sink += objgrad_vec(&ECHO_MS, &s, &x, &mut g)?;
            }
            Ok(())
        })?;
        let through = best(n, &mut || {
            for _ in 0..n {
                tao.compute_gradient(&x, &mut g)?;
            }
            Ok(())
        })?;
        let slices = best(n, &mut || {
            for _ in 0..n {
                by_slices.compute_gradient(&x, &mut g)?;
            }
            Ok(())
        })?;
        let bare = best(n, &mut || {
            for _ in 0..n {
                sink += objective_gradient(&ECHO_MS, &s, 1.0 + sink * 1e-300, 85.0).0;
            }
            Ok(())
        })?;
        petsc::println0!(
            petsc,
            "callback bench ({n} calls, best of {ROUNDS}): arithmetic only {:.1} ns, direct call on Vecs {:.1} ns, through TAO {:.1} ns, overhead {:.1} ns per call; through TAO with slices {:.1} ns{}",
            bare * 1e9,
            direct * 1e9,
            through * 1e9,
            (through - direct) * 1e9,
            slices * 1e9,
            if sink.is_nan() { " (nan)" } else { "" }
        )
    })
}

/// TAO minimizes real functions of real variables: nothing to measure on a PETSc with
/// complex scalars.
#[cfg(petsc_complex)]
fn main() -> ExitCode {
    petsc::main(|petsc| petsc::println0!(petsc, "tao_callback: needs real scalars"))
}
