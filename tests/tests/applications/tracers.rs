//! The `tracers` example (DMSwarm): the same paths at 1, 2 and 3 ranks with particles
//! handed between ranks, the distance from the exact paths at the orders of its two
//! errors (RK4's fourth, bilinear interpolation's second), the picture of the paths,
//! and refused input.

use petsc::Petsc;
use petsc_tests::{run_example, value_after, Case};

/// A small run: a 33 x 33 grid, 100 steps.
const SMALL: &[&str] = &["--n", "33", "--steps", "100", "--every", "5"];

/// The largest distance from the exact paths that a run printed, and its handovers.
fn outcome(text: &str) -> (f64, f64) {
    let err = value_after(text, "largest distance from the exact paths:")
        .unwrap_or_else(|| panic!("no error line in:\n{text}"));
    let handovers = value_after(text, "handovers between ranks:")
        .unwrap_or_else(|| panic!("no handover line in:\n{text}"));
    assert!(text.contains("check: passed"), "{text}");
    (err, handovers)
}

/// The paths do not depend on the rank count (the error line is the same to the
/// digit), particles change rank at 2 and 3 ranks and none is lost (the program checks
/// the count), and each rank starts with its own share.
fn tracers_rank_independent(_: &Petsc) -> petsc::Result<()> {
    let one = run_example("tracers", 1, SMALL);
    let (err1, h1) = outcome(&one);
    assert_eq!(h1, 0.0, "{one}");
    let line = |t: &str| {
        t.lines()
            .find(|l| l.starts_with("largest distance"))
            .map(str::to_string)
    };
    for n in [2, 3] {
        let text = run_example("tracers", n, SMALL);
        let (err, handovers) = outcome(&text);
        assert_eq!(line(&text), line(&one), "{n} ranks:\n{text}");
        assert_eq!(err, err1);
        assert!(
            handovers > 0.0,
            "{n} ranks: no particle changed rank\n{text}"
        );
        let starts: usize = text
            .lines()
            .filter(|l| l.starts_with("rank "))
            .map(|l| value_after(l, ":").expect("a count") as usize)
            .sum();
        assert_eq!(starts, 72, "{text}");
    }
    Ok(())
}

/// With the rigid rotation, interpolation is exact and what is left is RK4's error:
/// half the step, a sixteenth of the error.
fn tracers_rk4_fourth_order(_: &Petsc) -> petsc::Result<()> {
    let run = |steps: &str| {
        let text = run_example(
            "tracers",
            2,
            &["--flow", "rigid", "--n", "17", "--steps", steps],
        );
        outcome(&text).0
    };
    let (coarse, fine) = (run("100"), run("200"));
    let ratio = coarse / fine;
    assert!(
        (12.0..20.0).contains(&ratio),
        "RK4's error ratio {ratio} ({coarse:e} / {fine:e})"
    );
    assert!(fine < 1e-7, "{fine:e}");
    Ok(())
}

/// The vortex's error is bilinear interpolation's: half the spacing, a quarter of the
/// error (the step small enough that RK4's part is negligible).
fn tracers_interpolation_second_order(_: &Petsc) -> petsc::Result<()> {
    let run = |n: &str| {
        let text = run_example("tracers", 2, &["--n", n, "--steps", "200"]);
        outcome(&text).0
    };
    let (coarse, fine) = (run("33"), run("65"));
    let ratio = coarse / fine;
    assert!(
        (3.0..5.0).contains(&ratio),
        "interpolation's error ratio {ratio}"
    );
    // Against the closed form of the error's size: about 6-7 h^2.
    let h = 1.0 / 64.0;
    assert!(fine / (h * h) > 4.0 && fine / (h * h) < 10.0, "{fine:e}");
    Ok(())
}

/// `--plot` writes the paths.
fn tracers_plot(_: &Petsc) -> petsc::Result<()> {
    let path = std::env::temp_dir().join(format!("tracers-{}.png", std::process::id()));
    let p = path.to_str().expect("a UTF-8 path");
    let mut args = SMALL.to_vec();
    args.extend(["--plot", p]);
    run_example("tracers", 3, &args);
    petsc_tests::assert_picture(&path, 8);
    let _ = std::fs::remove_file(&path);
    Ok(())
}

/// Bad input is a usage error (exit status 2) with a message.
fn tracers_refuses_bad_input(_: &Petsc) -> petsc::Result<()> {
    for (a, msg) in [
        (&["--steps", "5", "--every", "5"][..], "take steps below"),
        (
            &["--steps", "100", "--every", "7"][..],
            "a divisor of --steps 100",
        ),
        (&["--flow", "swirl"][..], "not a flow"),
        (&["--n", "3"][..], "at least 5 points"),
        (&["--plot", "paths.jpg"][..], "--plot"),
    ] {
        petsc_tests::assert_usage_error("tracers", 2, a, msg);
    }
    Ok(())
}

pub fn cases() -> Vec<Case> {
    vec![
        Case::new("tracers_rank_independent", tracers_rank_independent),
        Case::new("tracers_rk4_fourth_order", tracers_rk4_fourth_order),
        Case::new(
            "tracers_interpolation_second_order",
            tracers_interpolation_second_order,
        ),
        Case::new("tracers_plot", tracers_plot),
        Case::new("tracers_refuses_bad_input", tracers_refuses_bad_input),
    ]
}
