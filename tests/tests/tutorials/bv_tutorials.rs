//! SLEPc's tutorials that use regions and bases of vectors, in Rust, against SLEPc's
//! expected outputs at the rank counts of their tests: `eps/tutorials/ex2.c` with
//! Krylov-Schur (`output/ex2_1.out`, 1 rank) and with the contour-integral solver in
//! an elliptic region (`output/ex2_ciss.out`, 2 ranks, the solution method's line
//! filtered out as SLEPc's test does), and all eigenvalues in an interval by spectrum
//! slicing (`output/ex2_3.out`, `output/ex2_4.out`: Krylov-Schur with shift-and-invert
//! and Cholesky inertias, and the polynomial filter with Krylov-Schur and subspace
//! iteration; the "Solution" line filtered out as there). Left out: `3_evsl`,
//! `4_evsl` (EVSL), `4_filter_cuda` (CUDA), `ciss_1_hpddm`/`ciss_2_hpddm` (HPDDM) and
//! `feast` (FEAST), none of which Debian's SLEPc is built with.

use petsc::Petsc;
use petsc_tests::{run_example, Case};

/// SLEPc's expected output `name` (under `eps/tutorials/output`) from the examples of
/// the SLEPc the build uses, or `None`, with a line saying so, without them; a file
/// missing from the examples found is a failure.
fn expected(name: &str) -> Option<String> {
    let Some(dir) = petsc_tests::slepc_examples_dir() else {
        petsc_tests::skip(format!("the comparison: no SLEPc examples for {name}"));
        return None;
    };
    let path = dir.join("eps/tutorials/output").join(name);
    Some(std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
}

fn ex2_krylovschur(_: &Petsc) -> petsc::Result<()> {
    let args = ["-n", "72", "-eps_nev", "4", "-eps_ncv", "20", "-terse"];
    let rust = run_example("eps_ex2", 1, &args);
    match expected("ex2_1.out") {
        Some(text) => assert_eq!(rust, text, "eps_ex2 on 1 rank"),
        None => assert!(
            rust.contains("7.99630, 7.99074, 7.98519, 7.98150"),
            "{rust}"
        ),
    }
    Ok(())
}

fn ex2_ciss_ellipse(_: &Petsc) -> petsc::Result<()> {
    let args = [
        "-n",
        "30",
        "-eps_type",
        "ciss",
        "-eps_ciss_realmats",
        "-terse",
        "-rg_type",
        "ellipse",
        "-rg_ellipse_center",
        "1.175",
        "-rg_ellipse_radius",
        "0.075",
        "-eps_ciss_partitions",
        "2",
    ];
    let rust = run_example("eps_ex2", 2, &args);
    let filtered: String = rust
        .lines()
        .filter(|l| !l.contains("method"))
        .map(|l| format!("{l}\n"))
        .collect();
    match expected("ex2_ciss.out") {
        Some(text) => assert_eq!(filtered, text, "eps_ex2 (ciss) on 2 ranks"),
        None => assert!(rust.contains(" Found 15 eigenvalues"), "{rust}"),
    }
    Ok(())
}

/// The output without the lines containing `word` (SLEPc's `filter: grep -v word`).
fn without(text: &str, word: &str) -> String {
    text.lines()
        .filter(|l| !l.contains(word))
        .map(|l| format!("{l}\n"))
        .collect()
}

/// The arguments of ex2's testset 4.
const FOUR: [&str; 9] = [
    "-n",
    "45",
    "-m",
    "46",
    "-eps_interval",
    "4.54,4.57",
    "-eps_ncv",
    "24",
    "-terse",
];

/// Spectrum slicing, ex2's tests 3 (`-n 30 -m 30`, [3.9, 4.15], 58 eigenvalues with
/// many multiple ones) and 4 (`-n 45 -m 46`, [4.54, 4.57]), by Krylov-Schur with
/// shift-and-invert and Cholesky inertias: at 1 rank as SLEPc's tests run them, and the
/// same output at 2 ranks (MUMPS's parallel Cholesky with its inertias,
/// `-st_mat_mumps_icntl_13 1`, real builds only: PETSc 3.18 has no MUMPS inertia for
/// complex matrices; and test 3 with the interval split into one partition a rank,
/// `-eps_krylovschur_partitions 2`) and at 3 ranks for test 4.
fn ex2_spectrum_slicing(_: &Petsc) -> petsc::Result<()> {
    let three = [
        "-n",
        "30",
        "-m",
        "30",
        "-eps_interval",
        "3.9,4.15",
        "-terse",
    ];
    let four = FOUR;
    let sinvert = ["-st_type", "sinvert", "-st_pc_type", "cholesky"];
    let mumps = [
        "-st_pc_factor_mat_solver_type",
        "mumps",
        "-st_mat_mumps_icntl_13",
        "1",
    ];
    // (base arguments, ranks, added arguments, expected output)
    type Run<'a> = (&'a [&'a str], usize, &'a [&'a [&'a str]], &'a str);
    let runs: [Run; 5] = [
        (&three, 1, &[&sinvert], "ex2_3.out"),
        (&three, 2, &[&sinvert, &mumps], "ex2_3.out"),
        (
            &three,
            2,
            &[&sinvert, &["-eps_krylovschur_partitions", "2"]],
            "ex2_3.out",
        ),
        (&four, 1, &[&sinvert], "ex2_4.out"),
        (&four, 3, &[&sinvert, &mumps], "ex2_4.out"),
    ];
    for (base, n, extra, file) in runs {
        // PETSc 3.18 computes inertias with MUMPS for real matrices only.
        if petsc::SCALAR_IS_COMPLEX && extra.contains(&&mumps[..]) {
            continue;
        }
        let mut args = base.to_vec();
        for e in extra {
            args.extend(e.iter());
        }
        let rust = without(&run_example("eps_ex2", n, &args), "Solution");
        match expected(file) {
            Some(text) => assert_eq!(rust, text, "eps_ex2 {args:?} on {n} ranks"),
            None => assert!(rust.contains(" all of them computed"), "{rust}"),
        }
        let want = if file == "ex2_3.out" { 58 } else { 10 };
        assert!(
            rust.contains(&format!(" Found {want} eigenvalues")),
            "{args:?}: {rust}"
        );
    }
    Ok(())
}

/// Ex2's test `4_filter`: the same interval by a polynomial filter of degree 200
/// (`-st_type filter`) with Krylov-Schur and with subspace iteration, at 1 rank as
/// SLEPc's test runs it and at 2 ranks.
fn ex2_filter(_: &Petsc) -> petsc::Result<()> {
    for eps_type in ["krylovschur", "subspace"] {
        for n in [1, 2] {
            let mut args = FOUR.to_vec();
            args.extend([
                "-eps_type",
                eps_type,
                "-st_type",
                "filter",
                "-st_filter_degree",
                "200",
            ]);
            let rust = without(&run_example("eps_ex2", n, &args), "Solution");
            match expected("ex2_4.out") {
                Some(text) => assert_eq!(rust, text, "eps_ex2 {args:?} on {n} ranks"),
                None => assert!(rust.contains(" Found 10 eigenvalues"), "{rust}"),
            }
        }
    }
    Ok(())
}

pub fn cases() -> Vec<Case> {
    let cases = vec![
        Case::new("ex2_krylovschur", ex2_krylovschur),
        Case::new("ex2_ciss_ellipse", ex2_ciss_ellipse),
        Case::new("ex2_spectrum_slicing", ex2_spectrum_slicing)
            .requires(cfg!(petsc_have_mumps), "PETSc with MUMPS"),
        Case::new("ex2_filter", ex2_filter),
    ];
    cases
}
