//! The workshop examples under `mpiexec`: their self-checks pass, their answers do not
//! depend on the number of ranks, bad flags are refused cleanly, and they free every
//! PETSc object (`-malloc_debug -malloc_dump`).

use petsc::Petsc;
use petsc_tests::{assert_close, example, mpiexec, run_example, value_after, Case};

/// The last number on a line (`"  voltage Plant (3,2) 1.0"` gives 1.0).
fn last_number(line: &str) -> f64 {
    line.split_whitespace()
        .last()
        .and_then(|t| t.parse().ok())
        .unwrap_or_else(|| panic!("no number at the end of {line:?}"))
}

/// The `(label, value)` of every voltage and current line of solve number `k` (from 0).
fn grid_values(out: &str, k: usize) -> Vec<(String, f64)> {
    let block: Vec<&str> = out
        .split("\nsolve (")
        .nth(k + 1)
        .unwrap_or_else(|| panic!("no solve {k} in:\n{out}"))
        .lines()
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .collect();
    let vals: Vec<(String, f64)> = block
        .iter()
        .filter(|l| l.starts_with("  voltage ") || l.starts_with("  current "))
        .map(|l| {
            let label: Vec<&str> = l.split_whitespace().take(2).collect();
            (label.join(" "), last_number(l))
        })
        .collect();
    assert_eq!(
        vals.len(),
        9,
        "5 voltages and 4 currents expected in:\n{out}"
    );
    vals
}

const GRID: &[&str] = &["--nx", "12", "--ny", "8"];

/// Small grid: the dense check passes, the fixed buses hold exactly 1 and 0, and the
/// voltages and currents agree at 1, 2 and 3 ranks.
fn power_grid_small(_: &Petsc) -> petsc::Result<()> {
    let one = run_example("power_grid", 1, GRID);
    assert!(one.contains("CONVERGED_RTOL"), "{one}");
    let dense = value_after(&one, "max |v - v_dense| =").expect("dense check line");
    assert!(dense < 1e-8, "dense check error {dense}\n{one}");
    assert_eq!(value_after(&one, "voltage Plant"), Some(1.0), "{one}");
    assert_eq!(value_after(&one, "voltage Reference"), Some(0.0), "{one}");
    let reference = grid_values(&one, 0);
    for n in [2, 3] {
        let out = run_example("power_grid", n, GRID);
        let dense = value_after(&out, "max |v - v_dense| =").expect("dense check line");
        assert!(dense < 1e-8, "{n} ranks: dense check error {dense}\n{out}");
        for ((label, a), (_, b)) in grid_values(&out, 0).iter().zip(&reference) {
            assert!((a - b).abs() < 1e-8, "{n} ranks: {label} {a} vs {b}");
        }
    }
    Ok(())
}

/// The fixed voltages are eliminated correctly: the solver itself returns the plant at
/// 1.0 (the workshop's script left the load value in the right-hand side, so the plant's
/// neighbours saw 0.6), Kirchhoff's law holds at every free bus with the plant at 1.0,
/// and without load all the plant's current reaches the reference.
fn power_grid_dirichlet(_: &Petsc) -> petsc::Result<()> {
    for load in ["0.6", "0"] {
        let out = run_example(
            "power_grid",
            2,
            &["--nx", "12", "--ny", "8", "--load", load],
        );
        let drift = value_after(&out, "were within").expect("fixed-bus line");
        assert!(drift < 1e-8, "{out}");
        let rel = value_after(&out, "relative").expect("residual line");
        assert!(rel < 1e-6, "{out}");
        let supplied = value_after(&out, "plant supplies").expect("plant line");
        let taken = value_after(&out, "the reference takes").expect("reference");
        let drawn = value_after(&out, "the loads draw").expect("loads");
        assert_close(supplied, taken + drawn, 1e-8);
        assert!(supplied > 0.0, "{out}");
    }
    Ok(())
}

/// A failed line: both solves pass their checks, the line is reported with its flow,
/// and the change does not depend on the rank count.
fn power_grid_failed_line(_: &Petsc) -> petsc::Result<()> {
    let args = ["--nx", "12", "--ny", "8", "--fail-line", "3,2,E"];
    let one = run_example("power_grid", 1, &args);
    assert!(one.contains("solve (line (3,2)-(4,2) failed)"), "{one}");
    assert_eq!(one.matches("max |v - v_dense| =").count(), 2, "{one}");
    let carried = value_after(&one, "carried").expect("flow on the failed line");
    assert!(carried.abs() > 1e-3, "{one}");
    let three = run_example("power_grid", 3, &args);
    for k in [0, 1] {
        for ((label, a), (_, b)) in grid_values(&three, k).iter().zip(&grid_values(&one, k)) {
            assert!((a - b).abs() < 1e-8, "solve {k}: {label} {a} vs {b}");
        }
    }
    let c3 = value_after(&three, "carried").expect("flow on the failed line");
    assert!((carried - c3).abs() < 1e-8, "{carried} vs {c3}");
    Ok(())
}

/// PETSc options on the same command line reach the solver.
fn power_grid_petsc_options(_: &Petsc) -> petsc::Result<()> {
    let out = run_example(
        "power_grid",
        2,
        &[
            "--nx",
            "12",
            "--ny",
            "8",
            "-ksp_type",
            "gmres",
            "-pc_type",
            "jacobi",
            "-ksp_monitor",
        ],
    );
    assert!(out.contains("gmres + jacobi"), "{out}");
    assert!(out.contains("KSP Residual norm"), "{out}");
    let dense = value_after(&out, "max |v - v_dense| =").expect("dense check line");
    assert!(dense < 1e-8, "{out}");
    Ok(())
}

/// Options from `PETSC_OPTIONS` reach the program; `-log_view`, `-mat_view` and `-help`
/// print PETSc's reports.
fn petsc_options_environment_and_reports(_: &Petsc) -> petsc::Result<()> {
    let mut cmd = std::process::Command::new(petsc_tests::launcher());
    cmd.args(["-n", "2"])
        .arg(example("power_grid"))
        .args(["--nx", "6", "--ny", "4"])
        .env(
            "PETSC_OPTIONS",
            "-ksp_type bcgs -log_view -mat_view ::ascii_info",
        );
    let out = petsc_tests::run_with_timeout(cmd, petsc_tests::MPIEXEC_TIMEOUT);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("bcgs + gamg"), "{text}");
    assert!(text.contains("PETSc Performance Summary"), "{text}");
    assert!(text.contains("KSPSolve"), "{text}");
    assert!(text.contains("Mat Object"), "{text}");
    let help = run_example("power_grid", 1, &["--nx", "6", "--ny", "4", "-help"]);
    assert!(help.contains("-ksp_type <"), "{help}");
    assert!(help.contains("-pc_type <"), "{help}");
    Ok(())
}

/// The numbers of the `weights[0..4] [a, b, c, d]` line of a logistic run.
fn logistic_weights(out: &str) -> Vec<f64> {
    let line = out
        .lines()
        .find(|l| l.starts_with("weights[0..4]"))
        .unwrap_or_else(|| panic!("no weights line in:\n{out}"));
    line[line.find('[').unwrap() + 6..]
        .trim_matches(|c| c == '[' || c == ']' || c == ' ')
        .split(',')
        .map(|v| v.trim().parse().expect("weight"))
        .collect()
}

/// Mini-batch gradient descent gives the same weights at 1, 2 and 3 ranks, the loss
/// falls from ln 2, the weights point along the true ones, and the distributed gradient
/// equals the serial one.
fn logistic_rank_independent(_: &Petsc) -> petsc::Result<()> {
    let args = [
        "--samples",
        "3000",
        "--features",
        "8",
        "--epochs",
        "4",
        "--batch",
        "256",
    ];
    let one = run_example("logistic", 1, &args);
    let first_loss = value_after(&one, "epoch   1  loss").expect("epoch 1");
    let last_loss = value_after(&one, "epoch   4  loss").expect("epoch 4");
    assert!(
        first_loss < std::f64::consts::LN_2 && last_loss < first_loss,
        "{one}"
    );
    let cosine = value_after(&one, "cosine similarity to the true weights").expect("cosine");
    assert!(cosine > 0.95, "{one}");
    let w1 = logistic_weights(&one);
    for n in [2, 3] {
        let out = run_example("logistic", n, &args);
        let check = value_after(&out, "max difference").expect("check line");
        assert!(check < 1e-9, "{out}");
        for (a, b) in w1.iter().zip(logistic_weights(&out)) {
            assert_close(*a, b, 1e-10);
        }
    }
    Ok(())
}

/// The top lines of a gwas run (rank, variant, chi-square, p, maf).
fn top_list(out: &str) -> Vec<String> {
    let top: Vec<String> = out
        .lines()
        .filter(|l| {
            l.trim_start()
                .split('.')
                .next()
                .is_some_and(|n| n.parse::<u32>().is_ok())
        })
        .filter(|l| l.contains(" variant ") && l.contains("chi2"))
        .map(str::to_string)
        .collect();
    assert!(!top.is_empty(), "no top list in:\n{out}");
    top
}

/// Small scan with planted variants: identical top list at 1, 2, 3 ranks, planted
/// variants on top, the serial recomputation agrees.
fn gwas_small(_: &Petsc) -> petsc::Result<()> {
    let args = ["--samples", "400", "--variants", "3000", "--plant", "3"];
    let one = run_example("gwas", 1, &args);
    assert!(one.contains("planted variants on top: yes"), "{one}");
    let diff = value_after(&one, "|difference|").expect("check line");
    assert!(diff < 1e-9, "{one}");
    let top = top_list(&one);
    assert_eq!(top.len(), 5, "{one}");
    assert!(top[..3].iter().all(|l| l.contains("planted")), "{one}");
    let best = value_after(&one, "max chi-square (Vec max):").expect("max line");
    assert_close(best, value_after(&top[0], "chi2").expect("chi2"), 1e-12);
    for n in [2, 3] {
        let out = run_example("gwas", n, &args);
        assert_eq!(top_list(&out), top, "{n} ranks:\n{out}");
        assert!(out.contains("planted variants on top: yes"), "{out}");
        assert_eq!(
            value_after(&out, "max chi-square (Vec max):"),
            Some(best),
            "{out}"
        );
    }
    // The workshop's command line, shrunk: uneven blocks (1001 variants on 3 ranks).
    let a = run_example(
        "gwas",
        1,
        &[
            "--samples",
            "300",
            "--variants",
            "1001",
            "--maf-min",
            "0.1",
            "--seed",
            "7",
            "--report",
            "4",
        ],
    );
    let b = run_example(
        "gwas",
        3,
        &[
            "--samples",
            "300",
            "--variants",
            "1001",
            "--maf-min",
            "0.1",
            "--seed",
            "7",
            "--report",
            "4",
        ],
    );
    assert_eq!(top_list(&a), top_list(&b));
    assert!(b.contains("334 to 334") || b.contains("333 to 334"), "{b}");
    Ok(())
}

/// Hello, ring, broadcast and scatter/gather at 1 and 3 ranks.
fn mpi_basics(_: &Petsc) -> petsc::Result<()> {
    for n in [1usize, 3] {
        let out = run_example("mpi_basics", n, &[]);
        assert!(
            out.contains(&format!("all checks passed on {n} ranks")),
            "{out}"
        );
        assert!(!out.contains("MISMATCH"), "{out}");
        for r in 0..n {
            assert!(
                out.contains(&format!("[rank {r}] hello from rank {r} of {n}")),
                "{out}"
            );
            assert!(
                out.contains(&format!("[rank {r}] parameters after broadcast")),
                "{out}"
            );
        }
        assert!(out.contains("token back at rank 0"), "{out}");
    }
    Ok(())
}

/// Bad flag values end with a message and exit status 2, not a panic.
fn bad_flags(_: &Petsc) -> petsc::Result<()> {
    for (name, args, says) in [
        ("power_grid", &["--nx", "abc"][..], "--nx expects"),
        (
            "power_grid",
            &["--fail-line", "1,1,Q"][..],
            "--fail-line expects",
        ),
        ("power_grid", &["--nx", "2"][..], "at least 4 x 4"),
        ("gwas", &["--maf-min", "0.7"][..], "--maf-min must be"),
        ("gwas", &["--samples"][..], "--samples needs a value"),
        ("gwas", &["--sample", "10"][..], "unknown flag --sample"),
        ("mpi_basics", &["--chunk", "-1"][..], "--chunk expects"),
        (
            "power_grid",
            &["--plot", "voltages.jpg"][..],
            "pictures are PNG files",
        ),
        (
            "gwas",
            &["--plot", "/no/such/dir/m.png"][..],
            "there is no directory /no/such/dir",
        ),
        (
            "logistic",
            &["--plot", "loss"][..],
            "pictures are PNG files",
        ),
        // Found only when the picture is written, after the solve, on rank 0: every
        // rank still ends with the message, nobody waits.
        (
            "power_grid",
            &["--nx", "6", "--ny", "4", "--plot", "/proc/voltages.png"][..],
            "cannot write /proc/voltages.png",
        ),
    ] {
        let out = mpiexec(2, &example(name), args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{name} {args:?}: {err}");
        assert!(err.contains(says), "{name} {args:?}: {err}");
        assert_eq!(err.matches(says).count(), 1, "printed once: {err}");
        assert!(!err.contains("panicked"), "{err}");
    }
    let out = mpiexec(1, &example("gwas"), &["--help"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("--variants"));
    Ok(())
}

/// An options file PETSc rejects on rank 0 only (two options on one line: "extra
/// token") fails PetscInitialize there while rank 1 waits in a collective: the job ends
/// with an error instead of hanging (the failing rank does not finalize MPI).
fn bad_options_file_does_not_hang(_: &Petsc) -> petsc::Result<()> {
    let dir = std::env::temp_dir().join(format!("petsc-rs-opts-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temporary directory");
    let file = dir.join("bad.opts");
    std::fs::write(&file, "-snes_monitor -ksp_type cg\n").expect("options file");
    let start = std::time::Instant::now();
    let out = mpiexec(
        2,
        &example("bratu"),
        &[
            "-nx",
            "8",
            "-ny",
            "8",
            "-options_file",
            file.to_str().unwrap(),
        ],
    );
    let _ = std::fs::remove_dir_all(&dir);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!out.status.success(), "{text}");
    assert!(text.contains("PetscInitialize failed"), "{text}");
    assert!(!text.contains("killed after"), "the job hung: {text}");
    assert!(start.elapsed() < petsc_tests::MPIEXEC_TIMEOUT, "{text}");
    Ok(())
}

/// `-malloc_debug -malloc_dump` reports nothing left at PetscFinalize.
fn no_leaks(_: &Petsc) -> petsc::Result<()> {
    for (name, args) in [
        (
            "power_grid",
            &[
                "--nx",
                "12",
                "--ny",
                "8",
                "--fail-line",
                "3,2,N",
                "--monitor",
            ][..],
        ),
        (
            "gwas",
            &["--samples", "200", "--variants", "500", "--plant", "2"][..],
        ),
        ("mpi_basics", &[][..]),
    ] {
        for n in [1, 2] {
            let mut all = args.to_vec();
            all.extend(["-malloc_debug", "-malloc_dump"]);
            let out = mpiexec(n, &example(name), &all);
            let text = format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            assert!(out.status.success(), "{name} on {n}: {text}");
            let leaks = petsc_tests::leak_lines(&text);
            assert!(
                leaks.is_empty(),
                "{name} on {n} ranks leaks:\n{}",
                leaks.join("\n")
            );
            assert!(!text.contains("exiting improperly"), "{name}: {text}");
        }
    }
    Ok(())
}

/// Every `--plot` of these examples writes a PNG picture on rank 0 with the size of its
/// kind of plot and many colours (axes, text, a colour bar or lines), at 1 and 2 ranks.
fn pictures(_: &Petsc) -> petsc::Result<()> {
    let dir = std::env::temp_dir().join(format!("petsc-rs-pictures-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // (example, its flags, the picture's size, fewer colours than it must have)
    type Run<'a> = (&'a str, &'a [&'a str], (u32, u32), usize);
    let cases: [Run; 6] = [
        // A 12 x 8 bus grid: a plot area of 430 x 287 pixels, plus labels and bar.
        (
            "power_grid",
            &["--nx", "12", "--ny", "8", "--fail-line", "5,4,E"],
            (626, 380),
            100,
        ),
        // One Manhattan plot.
        (
            "gwas",
            &["--samples", "300", "--variants", "2000", "--plant", "2"],
            (1000, 400),
            8,
        ),
        // The cross-sections and three mode shapes, one below the other, under a title.
        (
            "bridge",
            &["--nx", "20", "--ny", "6", "--no-damped"],
            (820, 4 * 250 + 40),
            100,
        ),
        // Loss curves.
        (
            "logistic",
            &["--samples", "4000", "--features", "8", "--epochs", "4"],
            (760, 440),
            10,
        ),
        (
            "deep",
            &["--samples", "800", "--epochs", "8", "--fd-directions", "1"],
            (760, 440),
            10,
        ),
        // A longer grid (a flatter plot area), without the dense check.
        (
            "power_grid",
            &["--nx", "30", "--ny", "10", "--dense-max", "0"],
            (626, 237),
            100,
        ),
    ];
    for (name, args, size, colours) in cases {
        // deep trains by TAO, which needs real scalars (see tao_examples.rs).
        if petsc::SCALAR_IS_COMPLEX && name == "deep" {
            continue;
        }
        for n in [1, 2] {
            let path = dir.join(format!("{name}-{n}.png"));
            let p = path.to_str().unwrap();
            let mut all = args.to_vec();
            all.extend(["--plot", p]);
            let out = run_example(name, n, &all);
            assert!(out.contains(&format!("wrote {p}")), "{name}: {out}");
            let picture = petsc_tests::assert_picture(&path, colours);
            assert_eq!((picture.width, picture.height), size, "{name} at {n} ranks");
        }
    }
    std::fs::remove_dir_all(&dir).ok();
    Ok(())
}

pub fn cases() -> Vec<Case> {
    vec![
        Case::new("power_grid_small", power_grid_small),
        Case::new("power_grid_dirichlet", power_grid_dirichlet),
        Case::new("power_grid_failed_line", power_grid_failed_line),
        Case::new("power_grid_petsc_options", power_grid_petsc_options),
        Case::new(
            "petsc_options_environment_and_reports",
            petsc_options_environment_and_reports,
        ),
        Case::new("gwas_small", gwas_small),
        Case::new("logistic_rank_independent", logistic_rank_independent),
        Case::new("mpi_basics", mpi_basics),
        Case::new("bad_flags", bad_flags),
        Case::new("pictures", pictures),
        Case::new(
            "bad_options_file_does_not_hang",
            bad_options_file_does_not_hang,
        ),
        Case::new("no_leaks", no_leaks),
    ]
}
