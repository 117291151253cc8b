//! The `heat` example: the same answer at 1, 2 and 3 ranks, each time integrator's error
//! against the exact decay of the discrete sine mode (it matches the integrator's
//! amplification factor, and falls at the method's order as the step halves), the step
//! options, and refused input.

use std::f64::consts::PI;

use petsc::Petsc;
use petsc_tests::{assert_close, run_example, value_after, Case};

/// A small grid: 33 x 33 points, h = 1/32, forward Euler's limit h^2/4 = 2.44e-4.
const GRID: &[&str] = &["--nx", "33", "--ny", "33"];

fn args<'a>(extra: &[&'a str]) -> Vec<&'a str> {
    GRID.iter().copied().chain(extra.iter().copied()).collect()
}

/// The decay rate of sin(pi x) sin(pi y) on the 33 x 33 grid with alpha = 1.
fn lambda() -> f64 {
    let h = 1.0 / 32.0;
    let s = (PI * h / 2.0).sin();
    2.0 * 4.0 / (h * h) * s * s
}

/// What a run printed.
#[derive(Debug)]
struct Outcome {
    steps: f64,
    time: f64,
    max_u: f64,
    /// Max-norm error against exp(-lambda t) u0, and the same relative to max |exact|.
    err: f64,
    rel: f64,
    /// Max-norm error against the continuous solution.
    err_cont: f64,
    text: String,
}

fn outcome(text: String) -> Outcome {
    let get = |key: &str| {
        value_after(&text, key).unwrap_or_else(|| panic!("no '{key}' in the output:\n{text}"))
    };
    let err_line = text
        .lines()
        .find(|l| l.contains("max |u - u_exact| ="))
        .unwrap_or_else(|| panic!("no error line in:\n{text}"))
        .to_string();
    Outcome {
        steps: get("steps taken"),
        time: get("final time"),
        max_u: get("final max |u| ="),
        err: get("max |u - u_exact| ="),
        rel: value_after(&err_line, "relative").expect("relative error"),
        err_cont: get("max |u - u_cont| ="),
        text,
    }
}

fn heat(n: usize, extra: &[&str]) -> Outcome {
    outcome(run_example("heat", n, &args(extra)))
}

/// The relative error of `steps` steps of a one-step method with amplification factor
/// `r(z)`, `z = lambda dt`, against exp(-lambda t): |r^N exp(lambda t) - 1|.
fn predicted(r: impl Fn(f64) -> f64, dt: f64, steps: f64) -> f64 {
    let l = lambda();
    (r(l * dt).powf(steps) * (l * dt * steps).exp() - 1.0).abs()
}

/// beuler's final max |u| (and error) agree to 1e-10 at 1, 2 and 3 ranks; explicit rk's
/// (no linear solves) to 1e-13.
fn heat_rank_independent(_: &Petsc) -> petsc::Result<()> {
    let beuler = ["--ny", "29", "--t-final", "0.02", "-ts_type", "beuler"];
    let one = heat(1, &beuler);
    assert_eq!(one.steps, 50.0, "{}", one.text);
    assert!(one.max_u > 0.1 && one.max_u < 1.0, "{}", one.text);
    for n in [2, 3] {
        let o = heat(n, &beuler);
        assert_eq!(o.steps, one.steps, "{n} ranks:\n{}", o.text);
        assert_close(o.max_u, one.max_u, 1e-10);
        assert_close(o.err, one.err, 1e-8);
    }
    let rk = [
        "--t-final",
        "0.01",
        "-ts_type",
        "rk",
        "-ts_adapt_type",
        "none",
        "--mode2",
        "0.5",
    ];
    let one = heat(1, &rk);
    for n in [2, 3] {
        let o = heat(n, &rk);
        assert_eq!(o.steps, one.steps, "{n} ranks:\n{}", o.text);
        assert_close(o.max_u, one.max_u, 1e-13);
    }
    Ok(())
}

/// Backward Euler: the error is the amplification factor's, 1/(1 + z), and halves with
/// the step (first order).
fn heat_beuler_first_order(_: &Petsc) -> petsc::Result<()> {
    let mut errs = Vec::new();
    for dt in ["2e-3", "1e-3", "5e-4"] {
        let o = heat(1, &["-ts_type", "beuler", "--dt", dt]);
        let dt: f64 = dt.parse().unwrap();
        assert_eq!(o.steps, (0.05 / dt).round(), "{}", o.text);
        assert_close(o.time, 0.05, 1e-12);
        let p = predicted(|z| 1.0 / (1.0 + z), dt, o.steps);
        assert!(
            (o.rel - p).abs() <= 1e-5 * p,
            "relative error {} but 1/(1+z) predicts {p}\n{}",
            o.rel,
            o.text
        );
        errs.push(o.err);
    }
    for w in errs.windows(2) {
        let ratio = w[0] / w[1];
        assert!(
            (1.9..2.1).contains(&ratio),
            "beuler ratio {ratio}: {errs:?}"
        );
    }
    Ok(())
}

/// Crank-Nicolson: the error is (1 - z/2)/(1 + z/2)'s and falls 4x as the step halves
/// (second order); run at 2 ranks.
fn heat_cn_second_order(_: &Petsc) -> petsc::Result<()> {
    let mut errs = Vec::new();
    for dt in ["2e-3", "1e-3", "5e-4"] {
        let o = outcome(run_example(
            "heat",
            2,
            &args(&["-ts_type", "cn", "--dt", dt]),
        ));
        let dt: f64 = dt.parse().unwrap();
        let p = predicted(|z| (1.0 - z / 2.0) / (1.0 + z / 2.0), dt, o.steps);
        assert!(
            (o.rel - p).abs() <= 1e-4 * p,
            "relative error {} but (1-z/2)/(1+z/2) predicts {p}\n{}",
            o.rel,
            o.text
        );
        errs.push(o.err);
    }
    for w in errs.windows(2) {
        let ratio = w[0] / w[1];
        assert!((3.9..4.1).contains(&ratio), "cn ratio {ratio}: {errs:?}");
    }
    Ok(())
}

/// Explicit types: forward Euler's error is 1 - z's (first order); classical RK4 with
/// a small step is exact to ~1e-10; both beside the continuous solution, whose error is
/// the space discretization's (lambda against 2 pi^2).
fn heat_explicit(_: &Petsc) -> petsc::Result<()> {
    let mut errs = Vec::new();
    for dt in ["2e-4", "1e-4"] {
        let o = heat(1, &["-ts_type", "euler", "--dt", dt]);
        let dt: f64 = dt.parse().unwrap();
        let p = predicted(|z| 1.0 - z, dt, o.steps);
        assert!(
            (o.rel - p).abs() <= 1e-5 * p,
            "relative error {} but 1 - z predicts {p}\n{}",
            o.rel,
            o.text
        );
        errs.push(o.err);
    }
    let ratio = errs[0] / errs[1];
    assert!((1.9..2.1).contains(&ratio), "euler ratio {ratio}: {errs:?}");

    let rk = heat(
        2,
        &[
            "-ts_type",
            "rk",
            "-ts_rk_type",
            "4",
            "-ts_adapt_type",
            "none",
            "--dt",
            "2e-4",
        ],
    );
    assert_eq!(rk.steps, 250.0, "{}", rk.text);
    assert!(rk.rel < 1e-10, "rk4 error {}\n{}", rk.rel, rk.text);
    // Time-exact, so what is left against the continuous solution is the spatial error:
    // max |u0| (exp(-lambda t) - exp(-2 pi^2 t)).
    let space = (-lambda() * 0.05).exp() - (-2.0 * PI * PI * 0.05).exp();
    assert_close(rk.err_cont, space.abs(), 1e-6);
    Ok(())
}

/// Without a step, explicit types get one below forward Euler's limit that divides
/// t-final; a step above the limit is warned about.
fn heat_explicit_default_step(_: &Petsc) -> petsc::Result<()> {
    let o = heat(1, &["-ts_type", "euler", "--t-final", "0.01"]);
    let limit = (1.0f64 / 32.0).powi(2) / 4.0;
    let dt = o.time / o.steps;
    assert!(dt <= 0.9 * limit * (1.0 + 1e-12), "dt {dt}\n{}", o.text);
    assert!(dt > 0.8 * limit, "dt {dt}\n{}", o.text);
    assert_close(o.time, 0.01, 1e-12);
    assert!(!o.text.contains("warning"), "{}", o.text);
    assert!(o.rel < 1e-2, "{}", o.text);

    let o = heat(
        1,
        &["-ts_type", "euler", "--dt", "5e-4", "-ts_max_steps", "3"],
    );
    assert!(
        o.text.contains("warning: dt") && o.text.contains("stability limit"),
        "{}",
        o.text
    );
    Ok(())
}

/// -ts_max_steps stops early (errors measured at the time reached); -ts_dt wins over
/// --dt; -ts_monitor prints a line per step.
fn heat_step_options(_: &Petsc) -> petsc::Result<()> {
    let o = heat(2, &["--dt", "1e-3", "-ts_max_steps", "7"]);
    assert_eq!(o.steps, 7.0, "{}", o.text);
    assert_close(o.time, 7e-3, 1e-12);
    let p = predicted(|z| 1.0 / (1.0 + z), 1e-3, 7.0);
    assert!(
        (o.rel - p).abs() <= 1e-5 * p,
        "{} vs {p}\n{}",
        o.rel,
        o.text
    );

    let o = heat(1, &["--dt", "1e-3", "-ts_dt", "2.5e-3", "-ts_monitor"]);
    assert_eq!(o.steps, 20.0, "{}", o.text);
    let monitor_lines = o.text.lines().filter(|l| l.contains("TS dt")).count();
    assert_eq!(monitor_lines, 21, "{}", o.text);

    // PETSc 3.25 renamed -ts_dt -ts_time_step (the old name above still works there).
    #[cfg(petsc_3_25)]
    {
        let o = heat(1, &["--dt", "1e-3", "-ts_time_step", "2.5e-3"]);
        assert_eq!(o.steps, 20.0, "{}", o.text);
    }
    Ok(())
}

/// --plot writes a PNG of the final field beside its error: two square panels under a
/// title, with many colours.
fn heat_plot(_: &Petsc) -> petsc::Result<()> {
    let path = std::env::temp_dir().join(format!("petsc-rs-heat-{}.png", std::process::id()));
    let p = path.to_str().expect("utf-8 temp path");
    let o = heat(2, &["--t-final", "0.01", "--plot", p]);
    assert!(o.text.contains(&format!("wrote {p}")), "{}", o.text);
    let picture = petsc_tests::assert_picture(&path, 100);
    let _ = std::fs::remove_file(&path);
    assert_eq!((picture.width, picture.height), (2 * 536, 434 + 40));
    Ok(())
}

/// Bad input is a usage error (exit status 2) with a message.
fn heat_refuses_bad_input(_: &Petsc) -> petsc::Result<()> {
    for (a, msg) in [
        (&["--nx", "2"][..], "at least 3 x 3"),
        (&["--dt", "0"][..], "--dt must be a positive number"),
        (&["--dt", "-1e-3"][..], "--dt must be a positive number"),
        (&["--alpha", "-1"][..], "--alpha must be a positive number"),
        (
            &["--t-final", "nan"][..],
            "--t-final must be a positive number",
        ),
        (&["--bogus", "1"][..], "unknown flag"),
    ] {
        petsc_tests::assert_usage_error("heat", 1, a, msg);
    }
    Ok(())
}

/// `--jacobian ad` (the right-hand side written once, its Jacobian by automatic
/// differentiation) against the written-out Jacobian: the same steps, Krylov iterations
/// and final field (every printed number to 1e-10 relative) for implicit integrators at
/// 1, 2 and 3 ranks, adaptive BDF included.
fn heat_ad_jacobian(_: &Petsc) -> petsc::Result<()> {
    for n in [1, 2, 3] {
        for ty in [
            &["-ts_type", "beuler"][..],
            &["-ts_type", "cn"],
            &["-ts_type", "bdf", "-ts_adapt_type", "basic"],
        ] {
            let mut extra = vec![
                "--ny",
                "29",
                "--t-final",
                "0.01",
                "-ts_monitor",
                "-ksp_converged_reason",
            ];
            extra.extend_from_slice(ty);
            let hand = heat(n, &extra);
            extra.extend_from_slice(&["--jacobian", "ad"]);
            let ad = heat(n, &extra);
            let words = |t: &str| t.split_whitespace().map(String::from).collect::<Vec<_>>();
            let (wh, wa) = (words(&hand.text), words(&ad.text));
            assert_eq!(
                wh.len(),
                wa.len(),
                "{n} ranks {ty:?}:\n{}\n{}",
                hand.text,
                ad.text
            );
            for (h, a) in wh.iter().zip(&wa) {
                match (
                    h.trim_end_matches(',').parse::<f64>(),
                    a.trim_end_matches(',').parse::<f64>(),
                ) {
                    (Ok(x), Ok(y)) => assert!(
                        (x - y).abs() <= 1e-10 * x.abs().max(y.abs()),
                        "{n} ranks {ty:?}: {h} vs {a}"
                    ),
                    _ => assert_eq!(h, a, "{n} ranks {ty:?}"),
                }
            }
            assert!(
                hand.text.contains("Linear solve converged"),
                "{}",
                hand.text
            );
            assert_eq!(ad.steps, hand.steps);
        }
    }
    petsc_tests::assert_usage_error(
        "heat",
        1,
        &["--jacobian", "fd"],
        "--jacobian must be hand or ad",
    );
    Ok(())
}

pub fn cases() -> Vec<Case> {
    vec![
        Case::new("heat_rank_independent", heat_rank_independent),
        Case::new("heat_beuler_first_order", heat_beuler_first_order),
        Case::new("heat_cn_second_order", heat_cn_second_order),
        Case::new("heat_explicit", heat_explicit),
        Case::new("heat_explicit_default_step", heat_explicit_default_step),
        Case::new("heat_step_options", heat_step_options),
        Case::new("heat_plot", heat_plot),
        Case::new("heat_refuses_bad_input", heat_refuses_bad_input),
        Case::new("heat_ad_jacobian", heat_ad_jacobian),
    ]
}
