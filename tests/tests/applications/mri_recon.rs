//! The `mri_recon` example: its k-space agrees with rustfft and its reconstruction with
//! the phantom (errors printed by `--timing` below 1e-12), its output is the same at 1,
//! 2 and 3 ranks, and bad sizes are usage errors.

use petsc::Petsc;
use petsc_tests::{example, mpiexec, run_example, value_after, Case};

/// The output without the `timing:` lines (which name the ranks and the seconds).
fn without_timing(out: &str) -> String {
    out.lines()
        .filter(|l| !l.starts_with("timing:"))
        .map(|l| format!("{l}\n"))
        .collect()
}

/// The measured errors are below 1e-12 at every rank count, on even and odd grids, and
/// everything else printed is the same at 1, 2 and 3 ranks.
fn mri_recon_checks_and_rank_independence(_: &Petsc) -> petsc::Result<()> {
    for n in ["32", "45", "64"] {
        let args = ["--n", n, "--timing"];
        let one = run_example("mri_recon", 1, &args);
        assert!(one.contains(&format!("{n} x {n} grid")), "{one}");
        for ranks in [1, 2, 3] {
            let out = if ranks == 1 {
                one.clone()
            } else {
                run_example("mri_recon", ranks, &args)
            };
            assert!(
                out.contains(&format!("timing: ranks {ranks},")),
                "{ranks} ranks:\n{out}"
            );
            let k = value_after(&out, "timing: k-space relative error").expect("k-space error");
            let r = value_after(&out, "timing: reconstruction largest error").expect("error");
            assert!(
                k < 1e-12 && k > 0.0,
                "--n {n}, {ranks} ranks: k-space error {k:e}"
            );
            assert!(
                r < 1e-12,
                "--n {n}, {ranks} ranks: reconstruction error {r:e}"
            );
            assert_eq!(
                out.lines().filter(|l| l.ends_with(": ok")).count(),
                2,
                "{out}"
            );
            assert_eq!(
                without_timing(&out),
                without_timing(&one),
                "--n {n}, {ranks} ranks"
            );
        }
        // Without --timing: no timing lines, the rest unchanged.
        let plain = run_example("mri_recon", 2, &["--n", n]);
        assert!(!plain.contains("timing"), "{plain}");
        assert_eq!(plain, without_timing(&one));
    }
    Ok(())
}

/// The phantom's total intensity is the k-space's zero frequency, and it is what the
/// ellipses' areas give: sum_e intensity_e * pi a_e b_e / h^2 over the grid's cells of
/// side h = 2 / (n - 1), to a few percent on a 256 grid.
fn mri_recon_phantom_sum(_: &Petsc) -> petsc::Result<()> {
    let out = run_example("mri_recon", 2, &[]);
    assert!(out.contains("256 x 256 grid"), "{out}");
    let sum = value_after(&out, "sum of intensities").expect("sum");
    let k0 = value_after(&out, "K(0,0) =").expect("K(0,0)");
    assert!((sum - k0).abs() <= 1e-9 * sum, "{out}");
    // (intensity, a, b) of the ten ellipses.
    let ellipses = [
        (1.0, 0.69, 0.92),
        (-0.8, 0.6624, 0.874),
        (-0.2, 0.11, 0.31),
        (-0.2, 0.16, 0.41),
        (0.1, 0.21, 0.25),
        (0.1, 0.046, 0.046),
        (0.1, 0.046, 0.046),
        (0.1, 0.046, 0.023),
        (0.1, 0.023, 0.023),
        (0.1, 0.023, 0.046),
    ];
    let h = 2.0 / 255.0;
    let area: f64 = ellipses
        .iter()
        .map(|(v, a, b)| v * std::f64::consts::PI * a * b)
        .sum();
    let expected = area / (h * h);
    assert!(
        (sum - expected).abs() < 0.02 * expected,
        "phantom sum {sum}, expected about {expected}"
    );
    Ok(())
}

/// Runs `mri_recon` expecting a usage error: exit status 2 and `message` on stderr.
/// `--plot`: the three panels (phantom, k-space, reconstruction) in one picture, of the
/// same size from 1 and 2 ranks (the transforms' last bits, and so a few pixels, may
/// differ with the rank count).
fn mri_recon_plot(_: &Petsc) -> petsc::Result<()> {
    let mut pictures = Vec::new();
    for ranks in [1, 2] {
        let path = std::env::temp_dir().join(format!("mri_{ranks}_{}.png", std::process::id()));
        let p = path.to_string_lossy().into_owned();
        let out = run_example("mri_recon", ranks, &["--n", "48", "--plot", &p]);
        assert!(out.contains(&format!("wrote {p}")), "{out}");
        let picture = petsc_tests::assert_picture(&path, 50);
        assert!(picture.width > 2 * picture.height, "{picture:?}");
        pictures.push(picture);
        let _ = std::fs::remove_file(&path);
    }
    assert_eq!(
        (pictures[0].width, pictures[0].height),
        (pictures[1].width, pictures[1].height)
    );
    Ok(())
}

fn refused(n: usize, args: &[&str], message: &str) {
    let out = mpiexec(n, &example("mri_recon"), args);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
    assert!(
        err.contains(message),
        "{args:?}: expected '{message}' in:\n{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
}

/// Grids below 2 or above 4096 points a side, non-numbers and unknown flags exit with
/// status 2 and one message, at 1 and 2 ranks.
fn mri_recon_bad_input(_: &Petsc) -> petsc::Result<()> {
    refused(1, &["--n", "1"], "--n must be between 2 and 4096, got 1");
    refused(2, &["--n", "0"], "--n must be between 2 and 4096, got 0");
    refused(
        2,
        &["--n", "5000"],
        "--n must be between 2 and 4096, got 5000",
    );
    refused(1, &["--n", "-4"], "--n expects a non-negative integer");
    refused(
        1,
        &["--n", "big"],
        "--n expects a non-negative integer, got 'big'",
    );
    refused(2, &["--bogus"], "unknown flag --bogus");
    refused(
        2,
        &["--plot", "/nonexistent-directory/mri.png"],
        "there is no directory /nonexistent-directory",
    );
    let help = run_example("mri_recon", 1, &["--help"]);
    assert!(help.contains("--n") && help.contains("--timing"), "{help}");
    Ok(())
}

/// The reconstruction's transforms are PETSc's FFTW matrices.
const FFTW: bool = cfg!(petsc_have_fftw);

pub fn cases() -> Vec<Case> {
    vec![
        Case::new(
            "mri_recon_checks_and_rank_independence",
            mri_recon_checks_and_rank_independence,
        )
        .requires(FFTW, "PETSc with FFTW"),
        Case::new("mri_recon_phantom_sum", mri_recon_phantom_sum).requires(FFTW, "PETSc with FFTW"),
        Case::new("mri_recon_plot", mri_recon_plot).requires(FFTW, "PETSc with FFTW"),
        Case::new("mri_recon_bad_input", mri_recon_bad_input),
    ]
}
