//! The bratu example against PETSc's own C tutorial `src/snes/tutorials/ex5.c` (built
//! from Debian's examples package during the test, against the same PETSc): same Newton
//! and linear iterations, same function norm at every iteration, same solution;
//! matrix-free and colored finite-difference Jacobians reach the same solution; 1, 2 and
//! 3 ranks agree; the discretization converges at second order on a manufactured
//! solution; bad input ends with a clear message and a non-zero exit status, never a
//! panic.

use std::path::{Path, PathBuf};

use petsc::Petsc;
use petsc_tests::{assert_close, example, mpiexec, run_example, value_after, Case};

/// PETSc's C ex5, built once per test process with `mpicc` (see
/// [`petsc_tests::c_tutorial`]); `None`, with a line saying why, when it cannot be.
fn ex5() -> Option<PathBuf> {
    petsc_tests::c_tutorial("snes/tutorials/ex5.c")
}

/// Runs C ex5 on `n` ranks, panicking with its output if it fails.
fn run_ex5(exe: &Path, n: usize, args: &[&str]) -> String {
    let out = mpiexec(n, exe, args);
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "ex5 {args:?} failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

/// The norms printed by `-snes_monitor` ("  3 SNES Function norm 1.4e-09"), in order.
fn monitor_norms(out: &str) -> Vec<f64> {
    out.lines()
        .filter(|l| l.contains("SNES Function norm"))
        .map(|l| {
            l.split_whitespace()
                .last()
                .and_then(|t| t.parse().ok())
                .unwrap_or_else(|| panic!("no norm in {l:?}"))
        })
        .collect()
}

/// The iteration counts printed by `-ksp_converged_reason`, in order.
fn linear_iterations(out: &str) -> Vec<f64> {
    out.lines()
        .filter(|l| l.contains("Linear solve converged"))
        .map(|l| value_after(l, "iterations").expect("iterations"))
        .collect()
}

/// `(Newton iterations, max temperature, 2-norm)` as bratu prints them.
fn summary(out: &str) -> (f64, f64, f64) {
    (
        value_after(out, "Newton iterations").unwrap_or_else(|| panic!("no iterations:\n{out}")),
        value_after(out, "max temperature rise").unwrap_or_else(|| panic!("no max:\n{out}")),
        value_after(out, "solution 2-norm").unwrap_or_else(|| panic!("no norm:\n{out}")),
    )
}

/// The independent residual check passed.
fn check_agrees(out: &str) {
    let line = out
        .lines()
        .find(|l| l.starts_with("check: independent residual"))
        .unwrap_or_else(|| panic!("no check line:\n{out}"));
    assert!(line.ends_with(": agree"), "{line}");
}

/// Same options to both programs (ex5's names); same Newton and linear iterations, same
/// function norm at each iteration (1e-8 relative), same max and 2-norm (ex5 prints them
/// with -mms 0 as "error inf" and "error L2" = 2-norm / sqrt(N), to 6 digits).
fn matches_c_ex5(_: &Petsc) -> petsc::Result<()> {
    let Some(exe) = ex5() else { return Ok(()) };
    let exe = exe.as_path();
    for (grid_x, grid_y, par) in [("32", "32", "6.0"), ("48", "32", "5.0")] {
        let args = [
            "-mms",
            "0",
            "-da_grid_x",
            grid_x,
            "-da_grid_y",
            grid_y,
            "-par",
            par,
            "-snes_monitor",
            "-ksp_converged_reason",
            "-snes_converged_reason",
        ];
        let c = run_ex5(exe, 1, &args);
        let rust = run_example("bratu", 1, &args);
        let what = format!("{grid_x} x {grid_y}, lambda {par}");
        let (cn, rn) = (monitor_norms(&c), monitor_norms(&rust));
        assert!(cn.len() >= 3, "{what}: C printed no monitor lines:\n{c}");
        assert_eq!(
            cn.len(),
            rn.len(),
            "{what}: Newton iterations\nC:\n{c}\nRust:\n{rust}"
        );
        for (k, (a, b)) in rn.iter().zip(&cn).enumerate() {
            assert!(
                (a - b).abs() <= 1e-8 * b.abs(),
                "{what}: iteration {k}: Rust ||F|| {a:e}, C {b:e}"
            );
        }
        assert_eq!(
            linear_iterations(&rust),
            linear_iterations(&c),
            "{what}: linear iterations per Newton step"
        );
        let (its, max, norm) = summary(&rust);
        assert_eq!(its as usize + 1, cn.len(), "{what}");
        let n: f64 = grid_x.parse::<f64>().unwrap() * grid_y.parse::<f64>().unwrap();
        let c_inf = value_after(&c, " inf").expect("ex5's error line");
        let c_l2 = value_after(&c, "error L2").expect("ex5's error line");
        assert!(
            (max - c_inf).abs() <= 1e-5 * c_inf,
            "{what}: max {max} vs C {c_inf}"
        );
        let l2 = norm / n.sqrt();
        assert!(
            (l2 - c_l2).abs() <= 1e-5 * c_l2,
            "{what}: L2 {l2} vs C {c_l2}"
        );
        check_agrees(&rust);
    }
    // A manufactured solution: the same discretization error as ex5's.
    let args = ["-mms", "2", "-da_grid_x", "33", "-da_grid_y", "33"];
    let c = run_ex5(exe, 1, &args);
    let rust = run_example("bratu", 1, &args);
    let c_inf = value_after(&c, " inf").expect("ex5's error line");
    let c_l2 = value_after(&c, "error L2").expect("ex5's error line");
    let r_inf = value_after(&rust, ", max").expect("bratu's error line");
    let r_l2 = value_after(&rust, "(2-norm / sqrt(N))").expect("bratu's error line");
    assert!(
        (r_inf - c_inf).abs() <= 1e-5 * c_inf,
        "mms 2: max {r_inf} vs C {c_inf}"
    );
    assert!(
        (r_l2 - c_l2).abs() <= 1e-5 * c_l2,
        "mms 2: L2 {r_l2} vs C {c_l2}"
    );
    Ok(())
}

/// A 4 x 4 grid refined 3 times (its first [`FAS_NGS_GRID`] words), then FAS on those 4
/// levels with 2 NGS sweeps as every level's smoother.
const FAS_NGS: [&str; 12] = [
    "-da_grid_x",
    "4",
    "-da_grid_y",
    "4",
    "-da_refine",
    "3",
    "-snes_type",
    "fas",
    "-fas_levels_snes_type",
    "ngs",
    "-fas_levels_snes_ngs_sweeps",
    "2",
];

/// How many words of [`FAS_NGS`] give the grid.
const FAS_NGS_GRID: usize = 6;

/// Nonlinear Gauss-Seidel in DMDA local form (`Snes::set_ngs_local`, ex5's
/// `NonlinearGS`) wherever PETSc runs it: alone with several sweeps, as NGMRES's
/// nonlinear preconditioner (ex5's test `5_ngmres_ngs`, on the Bratu problem), and as
/// the smoother of every FAS level (coarse levels get `b`); the same function norms as C
/// ex5 at each iteration, at the rank counts given (NGS sweeps within each rank, so the
/// numbers depend on them, in C as here). ex5's own `5_ngmres_ngs` file is for its
/// default `-mms 1`, whose forcing ex5's NGS leaves out; ours includes it, hence
/// `-mms 0` here and the check below.
fn ngs_matches_c_ex5(_: &Petsc) -> petsc::Result<()> {
    let Some(exe) = ex5() else { return Ok(()) };
    let exe = exe.as_path();
    let cases: [(&[usize], &[&str]); 3] = [
        (
            &[3],
            &[
                "-da_grid_x",
                "33",
                "-da_grid_y",
                "33",
                "-snes_rtol",
                "0.05",
                "-snes_type",
                "ngs",
                "-snes_ngs_sweeps",
                "3",
            ],
        ),
        (
            &[1, 2],
            &[
                "-da_grid_x",
                "81",
                "-da_grid_y",
                "81",
                "-snes_rtol",
                "1e-2",
                "-par",
                "6.0",
                "-snes_type",
                "ngmres",
                "-npc_snes_type",
                "ngs",
                "-npc_snes_max_it",
                "1",
            ],
        ),
        (&[2], &FAS_NGS),
    ];
    for (ranks, extra) in cases {
        for &n in ranks {
            let mut args = vec!["-mms", "0", "-snes_monitor"];
            args.extend(extra);
            let c = run_ex5(exe, n, &args);
            let rust = run_example("bratu", n, &args);
            let (cn, rn) = (monitor_norms(&c), monitor_norms(&rust));
            assert!(
                cn.len() >= 8,
                "{args:?}: C printed too few monitor lines:\n{c}"
            );
            assert_eq!(cn.len(), rn.len(), "{args:?}\nC:\n{c}\nRust:\n{rust}");
            for (k, (a, b)) in rn.iter().zip(&cn).enumerate() {
                assert!(
                    (a - b).abs() <= 1e-10 * b.abs() + 1e-15,
                    "{args:?} at {n} ranks: iteration {k}: Rust ||F|| {a:e}, C {b:e}"
                );
            }
            check_agrees(&rust);
        }
    }
    Ok(())
}

/// NGS smoothing a manufactured problem: FAS with NGS on every level converges to the
/// discretization error Newton's method gives (the sweep includes the forcing).
fn ngs_smooths_manufactured(_: &Petsc) -> petsc::Result<()> {
    let mut grid = vec!["-mms", "2"];
    grid.extend(&FAS_NGS[..FAS_NGS_GRID]);
    let newton = run_example("bratu", 2, &grid);
    let mut args = vec!["-mms", "2"];
    args.extend(FAS_NGS);
    args.extend(["-snes_rtol", "1e-10", "-snes_max_it", "50"]);
    let fas = run_example("bratu", 2, &args);
    assert!(fas.contains("CONVERGED_FNORM_RELATIVE"), "{fas}");
    check_agrees(&fas);
    for key in ["error: L2 (2-norm / sqrt(N))", ", max"] {
        let (a, b) = (value_after(&fas, key), value_after(&newton, key));
        let (a, b) = (a.expect(key), b.expect(key));
        assert!((a - b).abs() <= 1e-6 * b, "{key}: FAS+NGS {a}, Newton {b}");
    }
    Ok(())
}

/// Without the C program: the values ex5 prints for the default problem at 32 x 32,
/// lambda 6 (recorded from Debian's PETSc 3.18.5), so the match is checked everywhere.
fn matches_recorded_ex5(_: &Petsc) -> petsc::Result<()> {
    let out = run_example(
        "bratu",
        1,
        &[
            "-da_grid_x",
            "32",
            "-da_grid_y",
            "32",
            "-par",
            "6.0",
            "-snes_monitor",
        ],
    );
    let norms = monitor_norms(&out);
    let recorded = [
        1.165810453479e+00,
        2.665070266194e-03,
        2.044202171770e-05,
        1.414712785290e-09,
    ];
    assert_eq!(norms.len(), recorded.len(), "{out}");
    for (a, b) in norms.iter().zip(recorded) {
        // ex5 prints 13 digits; the last Newton step's norm is at the rounding level.
        assert!((a - b).abs() <= 1e-6 * b, "||F|| {a:e}, ex5 {b:e}");
    }
    let (_, max, norm) = summary(&out);
    assert_close(max, 0.795209, 1e-6);
    assert_close(norm / 32.0, 0.409456, 1e-6);
    Ok(())
}

/// `-snes_mf` (no preconditioner, so a grid where unpreconditioned GMRES converges) and
/// `-snes_fd_color` converge to the solution of the analytic Jacobian.
fn mf_and_fd_color(_: &Petsc) -> petsc::Result<()> {
    let grid = ["-nx", "32", "-ny", "32"];
    let base = run_example("bratu", 1, &grid);
    let (_, max, norm) = summary(&base);
    for opt in ["-snes_mf", "-snes_fd_color", "-snes_mf_operator"] {
        let mut args = grid.to_vec();
        args.push(opt);
        let out = run_example("bratu", 1, &args);
        assert!(out.contains("CONVERGED_FNORM"), "{opt}:\n{out}");
        let (_, m, n) = summary(&out);
        assert!((m - max).abs() <= 1e-6 * max, "{opt}: max {m} vs {max}");
        assert!(
            (n - norm).abs() <= 1e-6 * norm,
            "{opt}: 2-norm {n} vs {norm}"
        );
        check_agrees(&out);
    }
    Ok(())
}

/// 1, 2 and 3 ranks: the same solution (to the solver's tolerance; the default
/// preconditioner changes with the rank count), the same Newton iterations; the plot is
/// gathered from every rank.
fn ranks_agree(_: &Petsc) -> petsc::Result<()> {
    let args = ["-nx", "40", "-ny", "30", "-lambda", "6.5"];
    let one = run_example("bratu", 1, &args);
    let (its, max, norm) = summary(&one);
    check_agrees(&one);
    for n in [2, 3] {
        let out = run_example("bratu", n, &args);
        let (i, m, no) = summary(&out);
        assert_eq!(i, its, "{n} ranks: Newton iterations\n{out}");
        assert!((m - max).abs() <= 1e-8 * max, "{n} ranks: max {m} vs {max}");
        assert!(
            (no - norm).abs() <= 1e-8 * norm,
            "{n} ranks: 2-norm {no} vs {norm}"
        );
        check_agrees(&out);
    }
    // With a rank-independent solver the iterates, not just the solution, agree.
    let jacobi = [
        "-nx",
        "40",
        "-ny",
        "30",
        "-pc_type",
        "jacobi",
        "-snes_monitor",
    ];
    let a = monitor_norms(&run_example("bratu", 1, &jacobi));
    let b = monitor_norms(&run_example("bratu", 3, &jacobi));
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(&b) {
        // Reductions sum in another order: rounding-level differences relative to ||F_0||.
        assert!(
            (x - y).abs() <= 1e-6 * y + 1e-12 * b[0],
            "||F|| at 1 rank {x:e}, at 3 {y:e}"
        );
    }
    let dir = std::env::temp_dir().join(format!("petsc-rs-bratu-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (field, history) = (dir.join("u.png"), dir.join("residuals.png"));
    let (f, h) = (field.to_str().unwrap(), history.to_str().unwrap());
    let out = run_example(
        "bratu",
        3,
        &["-nx", "20", "-ny", "10", "--plot", f, "--plot-residuals", h],
    );
    assert!(out.contains(&format!("wrote {f}")), "{out}");
    assert!(out.contains(&format!("wrote {h}")), "{out}");
    // The field: the square's plot area (as tall as the panel allows: 340 pixels) and
    // the room for labels and the colour bar, many colours.
    let p = petsc_tests::assert_picture(&field, 100);
    assert_eq!(p.height, 434, "{p:?}");
    assert!((500..560).contains(&p.width), "{p:?}");
    // The residual history: a line plot of the default size.
    let p = petsc_tests::assert_picture(&history, 20);
    assert_eq!((p.width, p.height), (760, 440));
    std::fs::remove_dir_all(&dir).ok();
    Ok(())
}

/// ex5's manufactured solution sin(pi x) sin(pi y): the max error falls by about 4
/// each time h is halved (17, 33, 65 points per side).
fn mms_second_order(_: &Petsc) -> petsc::Result<()> {
    let errors: Vec<f64> = ["17", "33", "65"]
        .iter()
        .map(|n| {
            let out = run_example(
                "bratu",
                2,
                &["-mms", "2", "-nx", n, "-ny", n, "-snes_rtol", "1e-12"],
            );
            value_after(&out, ", max").unwrap_or_else(|| panic!("no error line:\n{out}"))
        })
        .collect();
    for w in errors.windows(2) {
        let ratio = w[0] / w[1];
        assert!(
            (3.6..4.4).contains(&ratio),
            "error ratio {ratio} between h and h/2 (errors {errors:?})"
        );
    }
    Ok(())
}

/// `--jacobian ad` (the residual written once, its Jacobian by automatic
/// differentiation) against ex5's hand-written Jacobian (`--jacobian hand`, the
/// default): the same Newton and Krylov iteration counts and function norms (1e-8
/// relative) at 1, 2 and 3 ranks, with plain Newton, with grid sequencing, with FAS and
/// with multigrid on a refined grid (the coarse levels use the AD Jacobian of their own
/// grid), and with a nonlinear preconditioner; `-snes_test_jacobian` finds it equal to finite
/// differences to their accuracy.
fn ad_matches_hand(_: &Petsc) -> petsc::Result<()> {
    let grid = [
        "-nx",
        "33",
        "-ny",
        "33",
        "-snes_monitor",
        "-ksp_converged_reason",
    ];
    let setups: [&[&str]; 5] = [
        &[],
        &["-snes_grid_sequence", "1"],
        &[
            "-snes_type",
            "fas",
            "-snes_fas_levels",
            "3",
            "-da_refine",
            "2",
        ],
        &["-pc_type", "mg", "-da_refine", "2"],
        &["-npc_snes_type", "newtonls", "-npc_snes_max_it", "1"],
    ];
    for n in [1, 2, 3] {
        for setup in setups {
            let run = |jac: &str| {
                let mut args = grid.to_vec();
                args.extend_from_slice(setup);
                args.extend_from_slice(&["--jacobian", jac]);
                run_example("bratu", n, &args)
            };
            let (hand, ad) = (run("hand"), run("ad"));
            let what = format!("{n} ranks, {setup:?}");
            assert!(
                hand.contains("CONVERGED_FNORM"),
                "{what}:
{hand}"
            );
            assert_eq!(
                linear_iterations(&ad),
                linear_iterations(&hand),
                "{what}: Krylov iterations\n{ad}\n{hand}"
            );
            let (nh, na) = (monitor_norms(&hand), monitor_norms(&ad));
            assert_eq!(
                na.len(),
                nh.len(),
                "{what}: Newton iterations\n{ad}\n{hand}"
            );
            for (a, h) in na.iter().zip(&nh) {
                assert!(
                    (a - h).abs() <= 1e-8 * h.abs().max(1e-300),
                    "{what}: {a} vs {h}"
                );
            }
            assert_eq!(summary(&ad).0, summary(&hand).0, "{what}");
            check_agrees(&ad);
        }
    }
    let out = run_example("bratu", 2, &["--jacobian", "ad", "-snes_test_jacobian"]);
    let ratios = values_after(&out, "||J - Jfd||_F/||J||_F =");
    assert!(!ratios.is_empty(), "{out}");
    for r in ratios {
        assert!(
            r < 1e-7,
            "AD Jacobian differs from finite differences: {r}\n{out}"
        );
    }
    Ok(())
}

/// `--jacobian fd` is ex5's `-fd` (the same run); both together must agree.
fn jacobian_fd_synonym(_: &Petsc) -> petsc::Result<()> {
    let grid = ["-nx", "24", "-ny", "24", "-snes_monitor"];
    let with = |extra: &[&str]| {
        let mut args = grid.to_vec();
        args.extend_from_slice(extra);
        run_example("bratu", 2, &args)
    };
    let fd = with(&["-fd"]);
    assert_eq!(with(&["--jacobian", "fd"]), fd);
    assert_eq!(with(&["--jacobian", "fd", "-fd"]), fd);
    assert_ne!(
        with(&[]),
        fd,
        "the colored finite differences change the last digits"
    );
    let (code, _, err) = run_failing(1, &["--jacobian", "ad", "-fd"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("disagree"), "{err}");
    let (code, _, err) = run_failing(1, &["--jacobian", "exact"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("expected hand, ad or fd"), "{err}");
    Ok(())
}

/// Runs bratu expecting failure; returns (exit code, stdout, stderr).
fn run_failing(n: usize, args: &[&str]) -> (Option<i32>, String, String) {
    let out = mpiexec(n, &example("bratu"), args);
    let (o, e) = (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    );
    assert!(!out.status.success(), "bratu {args:?} succeeded:\n{o}");
    assert!(
        !e.contains("panicked") && !o.contains("panicked"),
        "{o}\n{e}"
    );
    (out.status.code(), o, e)
}

/// Fewer grid points than ranks, too small a grid, a bad -mms: usage errors (status 2);
/// lambda beyond the critical value: not converged, said plainly, status 1.
fn bad_input(_: &Petsc) -> petsc::Result<()> {
    let (code, _, err) = run_failing(3, &["-nx", "2", "-ny", "2"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("fewer points than ranks"), "{err}");
    let (code, _, err) = run_failing(1, &["-nx", "2", "-ny", "8"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("at least 3 x 3 points"), "{err}");
    let (code, _, err) = run_failing(1, &["-mms", "7"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("-mms must be"), "{err}");
    let (code, _, err) = run_failing(1, &["-lambda", "6", "-par", "5"]);
    assert_eq!(code, Some(2), "{err}");
    let (code, out, err) = run_failing(2, &["-nx", "16", "-ny", "16", "-lambda", "7.5"]);
    assert_eq!(code, Some(1), "{out}\n{err}");
    assert!(
        out.contains("NOT CONVERGED: Newton did not converge: DIVERGED_"),
        "{out}"
    );
    assert!(err.contains("above the critical value"), "{err}");
    Ok(())
}

/// The numbers after every `key` in `out` (`-snes_view` prints one per solver level).
fn values_after(out: &str, key: &str) -> Vec<f64> {
    out.match_indices(key)
        .filter_map(|(at, _)| value_after(&out[at..], key))
        .collect()
}

/// `-fd` (ex5's: no Jacobian routine, so the DMDA's colored finite differences): the
/// same Newton iterations and the same number of residual evaluations as C, as
/// `-snes_view` reports them (the differences are not counted, in C or in Rust), at 1
/// and 2 ranks; and `-snes_max_funcs` just above that count still converges in both.
fn fd_counts_match_c_ex5(_: &Petsc) -> petsc::Result<()> {
    let Some(exe) = ex5() else { return Ok(()) };
    let exe = exe.as_path();
    for n in [1, 2] {
        let args = [
            "-mms",
            "0",
            "-da_grid_x",
            "32",
            "-da_grid_y",
            "32",
            "-fd",
            "-snes_view",
            "-snes_converged_reason",
        ];
        let c = run_ex5(exe, n, &args);
        let rust = run_example("bratu", n, &args);
        let key = "total number of function evaluations=";
        let (cf, rf) = (values_after(&c, key), values_after(&rust, key));
        assert_eq!(cf.len(), 1, "C -snes_view:\n{c}");
        assert_eq!(
            rf, cf,
            "{n} ranks: function evaluations\nC:\n{c}\nRust:\n{rust}"
        );
        println!(
            "    {n} rank(s), -fd: {} function evaluations in C and in Rust",
            cf[0]
        );
        let its = "Nonlinear solve converged due to ";
        assert_eq!(
            values_after(&rust, its),
            values_after(&c, its),
            "{n} ranks: iterations"
        );
        let limit = format!("{}", cf[0] + 1.0);
        let mut capped = args.to_vec();
        capped.extend(["-snes_max_funcs", &limit]);
        let c = run_ex5(exe, n, &capped);
        let rust = run_example("bratu", n, &capped);
        for (who, out) in [("C", &c), ("Rust", &rust)] {
            assert!(
                out.contains("Nonlinear solve converged"),
                "{n} ranks, -snes_max_funcs {limit}: {who} did not converge:\n{out}"
            );
        }
        assert_eq!(values_after(&rust, key), values_after(&c, key));
    }
    Ok(())
}

pub fn cases() -> Vec<Case> {
    vec![
        Case::new("bratu_matches_c_ex5", matches_c_ex5),
        Case::new("bratu_ngs_matches_c_ex5", ngs_matches_c_ex5),
        Case::new("bratu_fd_counts_match_c_ex5", fd_counts_match_c_ex5),
        Case::new("bratu_matches_recorded_ex5", matches_recorded_ex5),
        Case::new("bratu_ngs_smooths_manufactured", ngs_smooths_manufactured),
        Case::new("bratu_mf_and_fd_color", mf_and_fd_color),
        Case::new("bratu_ranks_agree", ranks_agree),
        Case::new("bratu_mms_second_order", mms_second_order),
        Case::new("bratu_bad_input", bad_input),
        Case::new("bratu_ad_matches_hand", ad_matches_hand),
        Case::new("bratu_jacobian_fd_synonym", jacobian_fd_synonym),
    ]
}
