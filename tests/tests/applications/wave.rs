//! The `wave` example: rank-independent receiver trace, arrival time against the exact
//! point-source solution, the CFL policy, and refused input.

use petsc::Petsc;
use petsc_tests::{assert_close, example, mpiexec, run_example, value_after, Case};

/// A small grid (h = 200 m, source and receiver 24 cells apart) run long enough for the
/// wave to pass the receiver.
const SMALL: &[&str] = &[
    "--nx",
    "40",
    "--ny",
    "24",
    "--length-x",
    "7800",
    "--length-y",
    "4600",
    "--dt",
    "0.05",
    "--steps",
    "80",
    "--output-interval",
    "5",
    "--absorb-width",
    "6",
];

/// The values of the `sample step ... u = X` lines.
fn samples(out: &str) -> Vec<f64> {
    out.lines()
        .filter(|l| l.starts_with("sample step"))
        .map(|l| {
            l.split_whitespace()
                .last()
                .and_then(|v| v.parse().ok())
                .unwrap_or_else(|| panic!("bad sample line {l:?}"))
        })
        .collect()
}

fn with(base: &[&'static str], extra: &[&'static str]) -> Vec<&'static str> {
    base.iter().chain(extra).copied().collect()
}

/// The receiver samples, the peak and the max amplitude are the same (to 1e-12
/// relative; in fact bit for bit) at 1, 2 and 3 ranks and with both update loops.
fn wave_rank_independent(_: &Petsc) -> petsc::Result<()> {
    let one = run_example("wave", 1, SMALL);
    let reference = samples(&one);
    assert_eq!(reference.len(), 16, "{one}");
    let peak = value_after(&one, "receiver peak u =").expect("peak line");
    assert!(
        peak.abs() > 0.0,
        "the wave never reached the receiver:\n{one}"
    );
    assert!(
        reference.iter().any(|v| v.abs() > 0.1 * peak.abs()),
        "{one}"
    );
    let amp = value_after(&one, "max amplitude |u| over the run =").expect("amplitude");
    for (n, kernel) in [
        (2, "rows"),
        (3, "rows"),
        (1, "index"),
        (2, "index"),
        (3, "index"),
    ] {
        let out = run_example("wave", n, &with(SMALL, &["--kernel", kernel]));
        let s = samples(&out);
        assert_eq!(s.len(), reference.len(), "{n} ranks, {kernel}:\n{out}");
        for (k, (a, b)) in s.iter().zip(&reference).enumerate() {
            assert!(
                (a - b).abs() <= 1e-12 * b.abs(),
                "{n} ranks, {kernel}: sample {k}: {a:e} vs {b:e}\n{out}"
            );
        }
        let p = value_after(&out, "receiver peak u =").expect("peak line");
        assert_close(p, peak, 1e-12);
        let a = value_after(&out, "max amplitude |u| over the run =").expect("amplitude");
        assert_close(a, amp, 1e-12);
    }
    Ok(())
}

/// On a moderate grid (h = 100 m, 120 cells from source to receiver) the arrival time is
/// within 3% of travel time + source delay, and the peak within 5% of the exact one.
fn wave_arrival_time(_: &Petsc) -> petsc::Result<()> {
    let args = [
        "--nx",
        "200",
        "--ny",
        "120",
        "--length-x",
        "19900",
        "--length-y",
        "11900",
        "--dt",
        "0.02",
        "--steps",
        "450",
        "--output-interval",
        "50",
    ];
    let out = run_example("wave", 2, &args);
    let travel = value_after(&out, "straight-line travel time").expect("travel time");
    assert_close(travel, 12000.0 / 2500.0, 1e-9);
    let measured = value_after(&out, "measured").expect("arrival line");
    let expected = value_after(&out, "expected").expect("arrival line");
    let delay = value_after(&out, "source delay").expect("arrival line");
    assert_close(expected, travel + delay, 1e-3);
    assert!(delay > 0.0 && delay < 1.0, "{out}");
    let rel = value_after(&out, "relative").expect("error line");
    assert!(rel < 0.03, "arrival error {rel}\n{out}");
    assert!(((measured - expected) / expected).abs() < 0.03, "{out}");
    let peak_err = value_after(&out, "|peak| relative error").expect("peak line");
    assert!(peak_err < 0.05, "{out}");
    Ok(())
}

/// The default run covers the arrival: steps * dt is beyond the travel time of the
/// workshop's grid (24.1 km at 2.5 km/s) plus the source's 4 s.
fn wave_default_covers_arrival(_: &Petsc) -> petsc::Result<()> {
    let help = run_example("wave", 1, &["--help"]);
    let default = |flag: &str| -> f64 {
        let line = help
            .lines()
            .find(|l| l.trim_start().starts_with(flag))
            .unwrap_or_else(|| panic!("no {flag} in:\n{help}"));
        let v = &line[line.find("(default ").expect("default") + 9..];
        v.trim_end_matches(')').parse().expect("a number")
    };
    let (steps, dt) = (default("--steps "), default("--dt "));
    // 120 cells of 40000/199 m from (nx/5, ny/2) to (4nx/5, ny/2) at 2500 m/s.
    let travel = 120.0 * 40000.0 / 199.0 / 2500.0;
    assert!(steps * dt >= travel + 4.0, "{steps} x {dt} s\n{help}");
    Ok(())
}

/// Runs `wave` expecting a usage error: exit status 2 and `message` on stderr.
fn refused(n: usize, args: &[&str], message: &str) {
    let out = mpiexec(n, &example("wave"), args);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
    assert!(
        err.contains(message),
        "{args:?}: expected '{message}' in:\n{err}"
    );
}

/// CFL >= 1 is refused with the largest stable dt named; `--allow-unstable` runs with a
/// warning, and the solution does blow up.
fn wave_cfl_policy(_: &Petsc) -> petsc::Result<()> {
    let unstable = with(SMALL, &["--dt", "0.08"]);
    refused(1, &unstable, "stability limit 1");
    refused(2, &unstable, "use --dt below 0.05");
    let out = run_example("wave", 2, &with(&unstable, &["--allow-unstable"]));
    assert!(out.contains("WARNING: CFL number"), "{out}");
    let cfl = value_after(&out, "c*dt*sqrt(1/hx^2+1/hy^2) =").expect("CFL line");
    assert!(cfl >= 1.0, "{out}");
    let amp = value_after(&out, "max amplitude |u| over the run =").expect("amplitude");
    assert!(amp > 1.0, "no blow-up at CFL {cfl}:\n{out}");
    // Just below the limit: runs, no warning.
    let out = run_example("wave", 1, SMALL);
    assert!(!out.contains("WARNING"), "{out}");
    Ok(())
}

/// Grids below 10 points, layers over the source or receiver, and bad values are usage
/// errors (exit status 2) with a clear message, on any rank count.
fn wave_bad_input(_: &Petsc) -> petsc::Result<()> {
    refused(
        1,
        &["--nx", "9"],
        "at least 10 x 10 points, got --nx 9 --ny 120",
    );
    refused(2, &["--ny", "5"], "at least 10 x 10 points");
    refused(1, &["--nx", "40", "--ny", "24"], "damping layer");
    refused(1, &["--c", "0"], "--c must be a positive number");
    refused(1, &["--kernel", "fast"], "--kernel must be rows or index");
    refused(1, &["--bogus", "1"], "unknown flag");
    Ok(())
}

/// `--integrator ts` (RK4 on the first-order system, dof 2) gives the same receiver
/// samples, peak and max amplitude at 1, 2 and 3 ranks (1e-10 relative; in fact bit for
/// bit), and they are close to the leapfrog's.
fn wave_ts_rank_independent(_: &Petsc) -> petsc::Result<()> {
    let args = with(SMALL, &["--integrator", "ts"]);
    let one = run_example("wave", 1, &args);
    assert!(one.contains("TS rk 4 (RK4)"), "{one}");
    let reference = samples(&one);
    assert_eq!(reference.len(), 16, "{one}");
    let peak = value_after(&one, "receiver peak u =").expect("peak line");
    assert!(peak.abs() > 0.0, "{one}");
    let amp = value_after(&one, "max amplitude |u| over the run =").expect("amplitude");
    for n in [2, 3] {
        let out = run_example("wave", n, &args);
        let s = samples(&out);
        assert_eq!(s.len(), reference.len(), "{n} ranks:\n{out}");
        for (k, (a, b)) in s.iter().zip(&reference).enumerate() {
            assert!(
                (a - b).abs() <= 1e-10 * b.abs(),
                "{n} ranks: sample {k}: {a:e} vs {b:e}\n{out}"
            );
        }
        let p = value_after(&out, "receiver peak u =").expect("peak line");
        assert!((p - peak).abs() <= 1e-10 * peak.abs(), "{out}");
        let a = value_after(&out, "max amplitude |u| over the run =").expect("amplitude");
        assert!((a - amp).abs() <= 1e-10 * amp.abs(), "{out}");
    }
    // Against the leapfrog at this CFL (0.88) they differ by about 5% of the peak.
    let lf = samples(&run_example("wave", 1, SMALL));
    let diff = lf
        .iter()
        .zip(&reference)
        .fold(0.0f64, |m, (a, b)| m.max((a - b).abs()));
    assert!(diff < 0.1 * peak.abs(), "{diff:e} vs peak {peak:e}");
    Ok(())
}

/// The small grid run for 8 s with step `dt`, both integrators (`--compare`); returns
/// the printed difference of the receiver traces relative to the peak.
fn compare(n: usize, dt: &'static str, steps: &'static str) -> f64 {
    let args = with(
        SMALL,
        &[
            "--dt",
            dt,
            "--steps",
            steps,
            "--output-interval",
            "50",
            "--compare",
        ],
    );
    let out = run_example("wave", n, &args);
    assert!(out.contains("== integrator leapfrog =="), "{out}");
    assert!(out.contains("== integrator ts =="), "{out}");
    assert_eq!(
        samples(&out).len(),
        2 * steps.parse::<usize>().unwrap() / 50,
        "{out}"
    );
    let rel = value_after(&out, "relative to the leapfrog peak").expect("compare line");
    assert!(rel.is_finite() && rel > 0.0, "{out}");
    rel
}

/// Leapfrog and TS agree: the receiver traces differ by 0.83% of the peak at dt = 0.02
/// (CFL 0.35) and 0.21% at dt = 0.01 (measured); the bounds leave a margin. The
/// difference is leapfrog's second-order time error (RK4's is fourth order), so it
/// falls by 4 when the step halves.
fn wave_ts_agrees_with_leapfrog(_: &Petsc) -> petsc::Result<()> {
    let coarse = compare(1, "0.02", "400");
    let fine = compare(2, "0.01", "800");
    assert!(coarse < 0.015, "relative difference {coarse:e} at dt 0.02");
    assert!(fine < 0.004, "relative difference {fine:e} at dt 0.01");
    let ratio = coarse / fine;
    assert!(
        (3.5..4.5).contains(&ratio),
        "the difference fell by {ratio} when the step halved (expected 4)"
    );
    Ok(())
}

/// TS runs are refused like the leapfrog's: CFL >= 1, an unknown integrator; a TS that
/// does not take `--steps` fixed steps of `--dt` fails with a message.
fn wave_ts_bad_input(_: &Petsc) -> petsc::Result<()> {
    let unstable = with(SMALL, &["--dt", "0.08", "--integrator", "ts"]);
    refused(1, &unstable, "stability limit 1");
    refused(2, &unstable, "use --dt below 0.05");
    refused(
        1,
        &with(SMALL, &["--integrator", "euler"]),
        "--integrator must be leapfrog or ts, got 'euler'",
    );
    let short = mpiexec(
        2,
        &example("wave"),
        &with(SMALL, &["--integrator", "ts", "-ts_max_steps", "10"]),
    );
    assert!(!short.status.success());
    let err = String::from_utf8_lossy(&short.stderr);
    assert!(err.contains("stopped after 10 of 80 steps"), "{err}");
    let adaptive = mpiexec(
        1,
        &example("wave"),
        &with(
            SMALL,
            &[
                "--integrator",
                "ts",
                "-ts_rk_type",
                "5dp",
                "-ts_adapt_type",
                "basic",
            ],
        ),
    );
    assert!(!adaptive.status.success());
    let err = String::from_utf8_lossy(&adaptive.stderr);
    assert!(err.contains("needs fixed steps of --dt"), "{err}");
    Ok(())
}

/// `--plot` and `--trace` write PNG files (on rank 0, at 2 ranks).
fn wave_pictures(_: &Petsc) -> petsc::Result<()> {
    let dir = std::env::temp_dir().join(format!("petsc-rs-wave-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let (field, trace) = (dir.join("field.png"), dir.join("trace.png"));
    let (f, t) = (
        field.to_string_lossy().into_owned(),
        trace.to_string_lossy().into_owned(),
    );
    let mut args: Vec<&str> = SMALL.to_vec();
    args.extend(["--plot", &f, "--trace", &t]);
    let out = run_example("wave", 2, &args);
    assert!(
        out.contains(&format!("final field written to {f}")),
        "{out}"
    );
    assert!(
        out.contains(&format!("receiver trace written to {t}")),
        "{out}"
    );
    // The field: a diverging colour map and its bar; the trace: a line plot.
    // A domain wider than tall: the plot area as wide as the panel allows (430 pixels).
    let p = petsc_tests::assert_picture(&field, 100);
    assert_eq!(p.width, 626, "{p:?}");
    assert!(p.height < 434, "{p:?}");
    let p = petsc_tests::assert_picture(&trace, 20);
    assert_eq!((p.width, p.height), (760, 440));
    std::fs::remove_dir_all(&dir).ok();
    Ok(())
}

pub fn cases() -> Vec<Case> {
    vec![
        Case::new("wave_rank_independent", wave_rank_independent),
        Case::new("wave_arrival_time", wave_arrival_time),
        Case::new("wave_default_covers_arrival", wave_default_covers_arrival),
        Case::new("wave_cfl_policy", wave_cfl_policy),
        Case::new("wave_bad_input", wave_bad_input),
        Case::new("wave_pictures", wave_pictures),
        Case::new("wave_ts_rank_independent", wave_ts_rank_independent),
        Case::new("wave_ts_agrees_with_leapfrog", wave_ts_agrees_with_leapfrog),
        Case::new("wave_ts_bad_input", wave_ts_bad_input),
    ]
}
