//! The TAO workshop examples under `mpiexec`: `t2_fit` (one voxel with lmvm, blmvm and
//! brgn; the T2 map at 1 and 3 ranks) and `deep` (the classifier: gradient check, falling
//! loss, rank independence, Newton methods through Hessian-vector products). On a PETSc
//! with complex scalars both only say that they need real scalars, and exit 0.

use petsc::Petsc;
use petsc_tests::{
    assert_needs_real_scalars, c_tutorial, example, mpiexec, petsc_examples_dir, run_example,
    value_after, Case, TAO_MONITOR_SHORT,
};

/// `(A, T2)` of the `estimated A .. T2 .. ms` line.
fn estimate(out: &str) -> (f64, f64) {
    let line = out
        .lines()
        .find(|l| l.starts_with("estimated A"))
        .unwrap_or_else(|| panic!("no estimate in:\n{out}"));
    let a = value_after(line, "estimated A").expect("A");
    let t2 = value_after(line, " T2").expect("T2");
    (a, t2)
}

/// Noise-free data: lmvm, blmvm with bounds, and brgn (least squares) recover the truth
/// A = 1, T2 = 85 to 1e-6 (relative), and say that they converged.
fn t2_noise_free(_: &Petsc) -> petsc::Result<()> {
    let runs: [(&str, &[&str]); 4] = [
        ("lmvm", &["--noise", "0"]),
        ("blmvm", &["--noise", "0", "-tao_type", "blmvm"]),
        ("brgn", &["--noise", "0", "--least-squares"]),
        ("brgn", &["--noise", "0", "-tao_type", "brgn"]),
    ];
    for (ty, args) in runs {
        let out = run_example("t2_fit", 1, args);
        assert!(out.contains(&format!("tao type {ty}")), "{out}");
        assert!(out.contains("converged reason CONVERGED"), "{out}");
        let (a, t2) = estimate(&out);
        assert!((a - 1.0).abs() < 1e-6, "{ty}: A {a}\n{out}");
        assert!((t2 - 85.0).abs() < 1e-6 * 85.0, "{ty}: T2 {t2}\n{out}");
        let f = value_after(&out, "final objective").expect("objective line");
        assert!(f < 1e-12, "{ty}: objective {f}\n{out}");
    }
    Ok(())
}

/// Noisy data (sigma 0.02): the fit stays within the noise (|T2 err| < 10 ms, objective
/// of the order of 0.5 * 10 * sigma^2 = 2e-3), agrees with the independent reference
/// fit, and the gradient matches central differences. lmvm and brgn agree.
fn t2_noisy(_: &Petsc) -> petsc::Result<()> {
    let lmvm = run_example("t2_fit", 1, &[]);
    let (a, t2) = estimate(&lmvm);
    assert!((t2 - 85.0).abs() < 10.0 && (a - 1.0).abs() < 0.05, "{lmvm}");
    let f = value_after(&lmvm, "final objective").expect("objective line");
    assert!(f > 2e-4 && f < 1e-2, "objective {f}\n{lmvm}");
    let grad = value_after(&lmvm, "max relative error").expect("gradient check");
    assert!(grad < 1e-6, "{lmvm}");
    let dt2 = value_after(&lmvm, "|dT2|").expect("reference line");
    assert!(dt2 < 1e-6, "{lmvm}");
    let brgn = run_example("t2_fit", 1, &["--least-squares"]);
    let (ab, t2b) = estimate(&brgn);
    assert!(
        (ab - a).abs() < 1e-6 && (t2b - t2).abs() < 1e-5,
        "{lmvm}\n{brgn}"
    );
    Ok(())
}

/// The map's lines a rank count must not change (region errors and the checksum).
fn map_summary(out: &str) -> Vec<String> {
    out.lines()
        .filter(|l| {
            l.starts_with("region ")
                || l.starts_with("map")
                || l.starts_with("total iterations")
                || l.starts_with("check:")
        })
        .map(|l| l.to_string())
        .collect()
}

/// The T2 map fitted voxel by voxel (`--method voxel`, the reference of the joint
/// solve, which tests/tests/t2_nifti.rs checks): every voxel converges and matches the
/// reference fit, the per-region
/// error is within the noise, and the map (checksum of every voxel's bits) is the same
/// at 1 and 3 ranks, and with a new Tao per voxel.
///
/// From PETSc 3.24 on, a reused `lmvm` keeps the scaling of its initial Hessian from
/// one solve to the next (its reset clears only the update history), so each rank's fits
/// are warm-started by its previous voxel: the map is then the same bit for bit only
/// with a new Tao per voxel (at any rank count), and the reused runs agree with it to
/// the fit's tolerance.
fn t2_map_ranks(_: &Petsc) -> petsc::Result<()> {
    let args = ["--map", "24,20", "--method", "voxel"];
    let one = run_example("t2_fit", 1, &args);
    assert!(one.contains("; 0 not converged"), "{one}");
    let mean = value_after(&one, "map: mean |T2 err|").expect("map line");
    assert!(mean < 5.0, "{one}");
    assert!(one.contains("voxels/s"), "{one}");
    let summary = map_summary(&one);
    assert!(
        summary.iter().any(|l| l.starts_with("map checksum")),
        "{one}"
    );
    let three = run_example("t2_fit", 3, &args);
    let fresh = run_example(
        "t2_fit",
        2,
        &["--map", "24,20", "--method", "voxel", "--fresh-tao"],
    );
    if !cfg!(petsc_3_24) {
        assert_eq!(
            summary,
            map_summary(&three),
            "1 rank:\n{one}\n3 ranks:\n{three}"
        );
        assert_eq!(
            summary,
            map_summary(&fresh),
            "reused:\n{one}\nfresh:\n{fresh}"
        );
        return Ok(());
    }
    let fresh3 = run_example(
        "t2_fit",
        3,
        &["--map", "24,20", "--method", "voxel", "--fresh-tao"],
    );
    assert_eq!(
        map_summary(&fresh),
        map_summary(&fresh3),
        "fresh, 2 ranks:\n{fresh}\n3 ranks:\n{fresh3}"
    );
    assert!(fresh.contains("the same at any rank count)"), "{fresh}");
    assert!(one.contains("--fresh-tao gives the same at any)"), "{one}");
    for reused in [&one, &three] {
        assert_maps_agree(reused, &fresh);
    }
    Ok(())
}

/// Two maps fitted to the tolerance: every voxel converged and within 1e-5 of the
/// reference fit, the same per-region statistics (printed to 1e-4 ms) and sum of T2.
fn assert_maps_agree(a: &str, b: &str) {
    let numbers = |line: &str| -> Vec<f64> {
        line.split(|c: char| c.is_whitespace() || c == ',' || c == ':')
            .filter_map(|w| w.parse().ok())
            .collect()
    };
    let lines = |out: &str| -> Vec<String> {
        map_summary(out)
            .into_iter()
            .filter(|l| l.starts_with("region ") || l.starts_with("map:"))
            .collect()
    };
    let (la, lb) = (lines(a), lines(b));
    assert_eq!(la.len(), lb.len(), "{a}\n{b}");
    for (x, y) in la.iter().zip(&lb) {
        let (nx, ny) = (numbers(x), numbers(y));
        assert_eq!(nx.len(), ny.len(), "{x}\n{y}");
        for (u, v) in nx.iter().zip(&ny) {
            assert!((u - v).abs() <= 2e-4, "{x}\n{y}");
        }
    }
    for out in [a, b] {
        assert!(out.contains("; 0 not converged"), "{out}");
        let check = value_after(out, "reference fit over voxels").expect("check line");
        assert!(check < 1e-5, "{out}");
    }
    let (sa, sb) = (
        value_after(a, "sum T2").expect("sum T2"),
        value_after(b, "sum T2").expect("sum T2"),
    );
    assert!((sa - sb).abs() <= 1e-8 * sb, "{sa} vs {sb}\n{a}\n{b}");
}

/// `--plot` writes the fitted map (16 x 8 voxels: a plot area of 430 x 215 pixels, plus
/// labels and colour bar), with the colours of the map and bar.
fn t2_map_plot(_: &Petsc) -> petsc::Result<()> {
    let path = std::env::temp_dir().join(format!("t2_map_{}.png", std::process::id()));
    let p = path.to_string_lossy().into_owned();
    let out = run_example("t2_fit", 2, &["--map", "16,8", "--plot", &p]);
    assert!(out.contains(&format!("wrote {p}")), "{out}");
    let picture = petsc_tests::assert_picture(&path, 100);
    let _ = std::fs::remove_file(&path);
    assert_eq!((picture.width, picture.height), (626, 309));
    // One voxel: its echoes and the fitted and true decay curves.
    let path = std::env::temp_dir().join(format!("t2_decay_{}.png", std::process::id()));
    let p = path.to_string_lossy().into_owned();
    let out = run_example("t2_fit", 1, &["--plot", &p]);
    assert!(out.contains(&format!("wrote {p}")), "{out}");
    let picture = petsc_tests::assert_picture(&path, 4);
    let _ = std::fs::remove_file(&path);
    assert_eq!((picture.width, picture.height), (760, 440));
    Ok(())
}

/// Bad flags are refused with a usage message (exit status 2).
fn t2_bad_flags(_: &Petsc) -> petsc::Result<()> {
    for args in [
        &["--map", "12"][..],
        &["--noise", "-1"],
        &["--plot", "/nonexistent-directory/x.png"],
        &["--map", "8,8", "--fresh-tao"],
        &["--map", "8,8", "--method", "newton"],
        &["--map", "8,8", "--input", "x.nii"],
        &["--map", "8,8", "--echo-times", "10,5,20"],
        &["--map", "8,8", "--echo-times", "10"],
        &["--out-t2", "t2.nii"],
    ] {
        let out = mpiexec(1, &example("t2_fit"), args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {out:?}");
    }
    Ok(())
}

const DEEP: &[&str] = &[
    "--samples",
    "1500",
    "--epochs",
    "12",
    "--batch",
    "128",
    "--hidden1",
    "12",
    "--hidden2",
    "8",
];

fn deep_args(extra: &[&'static str]) -> Vec<&'static str> {
    DEEP.iter().chain(extra).copied().collect()
}

/// The training loss starts near ln 2 and falls; the gradient matches central
/// differences; the monitor prints every iteration; held-out accuracy is reported.
fn deep_trains(_: &Petsc) -> petsc::Result<()> {
    let out = run_example("deep", 1, DEEP);
    let fd = value_after(&out, "gradient vs central differences: max relative error")
        .expect("gradient check line");
    assert!(fd < 1e-6, "{out}");
    let first = value_after(&out, "iteration    0  loss").expect("monitor at iteration 0");
    assert!((first - std::f64::consts::LN_2).abs() < 0.02, "{out}");
    assert!(out.contains("iteration   12  loss"), "{out}");
    let last = value_after(&out, "final loss").expect("final loss");
    assert!(last < 0.5 * first, "{out}");
    let acc = value_after(&out, "held-out").expect("accuracy line");
    assert!(acc > 0.75, "{out}");
    Ok(())
}

/// The same training at 1 and 2 ranks: sums are exact, so the loss is the same bits.
fn deep_rank_independent(_: &Petsc) -> petsc::Result<()> {
    let one = run_example("deep", 1, DEEP);
    let l1 = value_after(&one, "final loss").expect("final loss");
    for n in [2, 3] {
        let out = run_example("deep", n, DEEP);
        let ln = value_after(&out, "final loss").expect("final loss");
        assert!(
            (ln - l1).abs() <= 1e-12 * l1,
            "{n} ranks: {ln} vs {l1}\n{out}"
        );
    }
    Ok(())
}

/// Newton methods work through finite-difference Hessian-vector products (nls, and tron
/// with its submatrices taken matrix-free); methods that cannot fit this model are
/// refused with a message.
fn deep_newton(_: &Petsc) -> petsc::Result<()> {
    for ty in ["nls", "tron"] {
        let out = run_example("deep", 2, &deep_args(&["--tao_type", ty, "--epochs", "6"]));
        assert!(
            out.contains(&format!("tao type {ty} (Hessian-vector products")),
            "{out}"
        );
        let first = value_after(&out, "iteration    0  loss").expect("iteration 0");
        let last = value_after(&out, "final loss").expect("final loss");
        assert!(last < 0.8 * first, "{ty}: {first} -> {last}\n{out}");
    }
    let out = mpiexec(1, &example("deep"), &deep_args(&["-tao_type", "brgn"]));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("cannot train this network"), "{err}");
    let out = mpiexec(1, &example("deep"), &deep_args(&["--tao_type", "nosuch"]));
    assert_eq!(out.status.code(), Some(2));
    Ok(())
}

const ROSENBROCK1: &str = "tao/unconstrained/tutorials/rosenbrock1.c";

/// The lines of `-tao_smonitor` (`iter =   3, Function value 0.213476, Residual: ...`).
fn smonitor(out: &str) -> Vec<&str> {
    out.lines().filter(|l| l.starts_with("iter =")).collect()
}

/// `rosenbrock1` (PETSc's TAO tutorial in Rust) with its Hessian from the user's
/// routine, from finite differences (`-tao_fd_hessian`) and matrix-free
/// (`-tao_mf_hessian`), under nls and ntr: it converges to the minimizer (1, 1) in
/// exactly the iterations of the C tutorial, printing the same monitor lines as PETSc's
/// expected outputs of its tests 1 and 4 and as the C program built here with mpicc.
/// `-tao_fd_hessian` and `-tao_mf_hessian` used to be refused (the Hessian PETSc makes
/// for them has no size before its first use).
fn rosenbrock1_hessian_options(_: &Petsc) -> petsc::Result<()> {
    let runs: [(&[&str], Option<&str>); 6] = [
        (&["-tao_type", "nls"], Some("rosenbrock1_1.out")),
        (&["-tao_type", "nls", "-tao_fd_hessian"], None),
        (
            &[
                "-tao_type",
                "nls",
                "-tao_mf_hessian",
                "-tao_nls_pc_type",
                "none",
            ],
            None,
        ),
        (
            &[
                "-tao_type",
                "ntr",
                "-tao_mf_hessian",
                "-tao_ntr_pc_type",
                "none",
            ],
            Some("rosenbrock1_4.out"),
        ),
        (&["-tao_type", "ntr", "-tao_fd_hessian"], None),
        (&["-tao_type", "bnls", "-tao_fd_hessian"], None),
    ];
    let c = c_tutorial(ROSENBROCK1);
    for (opts, expected) in runs {
        let mut args = vec![TAO_MONITOR_SHORT, "-tao_gatol", "1.e-4"];
        args.extend_from_slice(opts);
        let out = run_example("rosenbrock1", 1, &args);
        let summary = out
            .lines()
            .find(|l| l.starts_with("rosenbrock1:"))
            .unwrap_or_else(|| panic!("{opts:?}: no summary in\n{out}"));
        assert!(summary.contains("CONVERGED_GATOL"), "{opts:?}: {summary}");
        let err = value_after(summary, "max |x_i - 1|").expect("error");
        assert!(err < 1e-4, "{opts:?}: {summary}");
        if let (Some(name), Some(dir)) = (expected, petsc_examples_dir()) {
            let path = dir.join("tao/unconstrained/tutorials/output").join(name);
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            assert_eq!(smonitor(&out), smonitor(&text), "{opts:?} vs {name}");
        }
        if let Some(exe) = &c {
            let cout = mpiexec(1, exe, &args);
            let ctext = String::from_utf8_lossy(&cout.stdout);
            assert!(cout.status.success(), "C {opts:?}:\n{ctext}");
            assert_eq!(smonitor(&out), smonitor(&ctext), "{opts:?}: Rust vs C");
            assert!(!smonitor(&out).is_empty());
        }
    }
    // The chained function of 6 variables (its Hessian assembled by rows).
    for fd in [&[][..], &["-tao_fd_hessian"]] {
        let mut args = vec![
            "-chained",
            "-n",
            "6",
            "-tao_type",
            "nls",
            "-tao_gatol",
            "1e-8",
        ];
        args.extend_from_slice(fd);
        let out = run_example("rosenbrock1", 1, &args);
        let err = value_after(&out, "max |x_i - 1|").expect("error");
        assert!(out.contains("CONVERGED") && err < 1e-6, "{fd:?}: {out}");
    }
    Ok(())
}

/// `rosenbrock1 --hessian ad`: the objective written once, its gradient and Hessian by
/// automatic differentiation. The whole output (every `-tao_smonitor` line, the
/// iterations, the reason, the error) equals the hand-written gradient and Hessian's,
/// for the default method (lmvm), nls, ntr, lmvm, tron, the chained function and 100
/// variables; an unknown `--hessian` is a usage error.
fn rosenbrock1_hessian_ad(_: &Petsc) -> petsc::Result<()> {
    let runs: [&[&str]; 8] = [
        &[],
        &["-tao_type", "nls"],
        &["-tao_type", "ntr"],
        &["-tao_type", "lmvm"],
        &["-tao_type", "tron"],
        &["-tao_type", "nls", "-tao_gatol", "1.e-4"],
        &[
            "-tao_type",
            "nls",
            "-chained",
            "-n",
            "6",
            "-tao_gatol",
            "1e-8",
        ],
        &["-tao_type", "ntr", "-n", "100"],
    ];
    for opts in runs {
        let mut args = vec![TAO_MONITOR_SHORT];
        args.extend_from_slice(opts);
        let hand = run_example("rosenbrock1", 1, &args);
        args.extend_from_slice(&["--hessian", "ad"]);
        let ad = run_example("rosenbrock1", 1, &args);
        assert!(smonitor(&hand).len() > 3, "{opts:?}:\n{hand}");
        assert!(hand.contains("CONVERGED"), "{opts:?}:\n{hand}");
        for (k, (h, a)) in hand.lines().zip(ad.lines()).enumerate() {
            assert_eq!(h, a, "{opts:?}: line {k}");
        }
        assert_eq!(hand, ad, "{opts:?}");
    }
    petsc_tests::assert_usage_error(
        "rosenbrock1",
        1,
        &["--hessian", "fd"],
        "expected hand or ad",
    );
    Ok(())
}

/// What `rosenbrock1 -test_lmvm` prints, in the wording of the PETSc it runs on (3.22's
/// tutorial changed it).
#[cfg(not(petsc_3_22))]
const LMVM_LINE: &str = "error between LMVM MatMult and MatSolve: < 1.e-11\n";
#[cfg(petsc_3_22)]
const LMVM_LINE: &str = "Inverse error of LMVM MatMult and MatSolve: < 1.e-11\n";

/// `rosenbrock1 -test_lmvm` (PETSc's tests 11 to 16): `bqnktr` for 10 iterations with
/// each quasi-Newton matrix type, then the matrix taken from the solver's
/// preconditioner (`PCLMVMGetMatLMVM`) inverts its own product. The whole output equals
/// PETSc's expected output of each test, and the C program's.
fn rosenbrock1_test_lmvm(_: &Petsc) -> petsc::Result<()> {
    let c = c_tutorial(ROSENBROCK1);
    let tests = [
        ("lmvmbroyden", "11"),
        ("lmvmbadbroyden", "12"),
        ("lmvmsymbroyden", "13"),
        ("lmvmbfgs", "14"),
        ("lmvmdfp", "15"),
        ("lmvmsr1", "16"),
    ];
    for (ty, suffix) in tests {
        let args = ["-test_lmvm", "-tao_max_it", "10", "-tao_bqnk_mat_type", ty];
        let out = run_example("rosenbrock1", 1, &args);
        assert_eq!(out, LMVM_LINE, "{ty}");
        if let Some(dir) = petsc_examples_dir() {
            let path = dir.join(format!(
                "tao/unconstrained/tutorials/output/rosenbrock1_{suffix}.out"
            ));
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            assert_eq!(out, text, "{ty} vs {}", path.display());
        }
        if let Some(exe) = &c {
            let cout = mpiexec(1, exe, &args);
            assert!(cout.status.success(), "C {ty}");
            assert_eq!(
                out,
                String::from_utf8_lossy(&cout.stdout),
                "{ty}: Rust vs C"
            );
        }
    }
    Ok(())
}

pub fn cases() -> Vec<Case> {
    if petsc::SCALAR_IS_COMPLEX {
        return vec![
            Case::new("t2_fit_needs_real_scalars", |_| {
                assert_needs_real_scalars("t2_fit", &["--map", "24,20"]);
                Ok(())
            }),
            Case::new("deep_needs_real_scalars", |_| {
                assert_needs_real_scalars("deep", DEEP);
                Ok(())
            }),
            Case::new("rosenbrock1_needs_real_scalars", |_| {
                assert_needs_real_scalars("rosenbrock1", &[]);
                Ok(())
            }),
        ];
    }
    vec![
        Case::new("t2_noise_free", t2_noise_free),
        Case::new("t2_noisy", t2_noisy),
        Case::new("t2_map_ranks", t2_map_ranks),
        Case::new("t2_map_plot", t2_map_plot),
        Case::new("t2_bad_flags", t2_bad_flags),
        Case::new("deep_trains", deep_trains),
        Case::new("deep_rank_independent", deep_rank_independent),
        Case::new("deep_newton", deep_newton),
        Case::new("rosenbrock1_hessian_options", rosenbrock1_hessian_options),
        Case::new("rosenbrock1_test_lmvm", rosenbrock1_test_lmvm),
        Case::new("rosenbrock1_hessian_ad", rosenbrock1_hessian_ad),
    ]
}
