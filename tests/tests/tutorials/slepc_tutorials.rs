//! SLEPc's C tutorials ported to Rust, run with the options of the tests in the C
//! sources' `TEST` blocks and compared with SLEPc's expected output files (from the
//! examples package, `libslepc3.18-dev-examples`) exactly. One function per tutorial,
//! each a case of its own.

use petsc::Petsc;
use petsc_tests::{example, mpiexec, run_example, Case};

/// The expected outputs `rel` (under `src/`) that exist, each with its name, or none
/// (saying so) without the examples package; with the package, at least one of them
/// must exist.
fn expected_any(rel: &[&str]) -> Vec<(String, String)> {
    let Some(dir) = petsc_tests::slepc_examples_dir() else {
        petsc_tests::skip(format!("the comparison: no SLEPc examples for {rel:?}"));
        return Vec::new();
    };
    let found: Vec<(String, String)> = rel
        .iter()
        .filter_map(|r| {
            let p = dir.join(r);
            std::fs::read_to_string(&p).ok().map(|t| (r.to_string(), t))
        })
        .collect();
    assert!(
        !found.is_empty(),
        "none of the expected outputs {rel:?} is in {}",
        dir.display()
    );
    found
}

// ---------------------------------------------------------------------------------------
// PEP: pep/tutorials/ex16.c

/// `pep/tutorials/ex16.c`, the quadratic eigenproblem on a grid, as `pep_ex16`. Its
/// `TEST` block runs `-pep_nev 4 -pep_ncv 21 -n 12 -terse` with six solver settings
/// (TOAR, QArnoldi, the linearization with explicit matrices, with an indefinite
/// generalized inner problem and scaling, STOAR with scaling, with and without
/// `-st_transform`) on one rank, and accepts `output/ex16_1.out` or its `_alt` files
/// (the order of the two eigenvalues of a complex pair varies).
fn pep_ex16_matches_slepc(_: &Petsc) -> petsc::Result<()> {
    pep_ex16_at(&[1])
}

/// [`pep_ex16_matches_slepc`] at 2 and 3 ranks, with the same output (the spectral
/// transformation factors there).
fn pep_ex16_parallel(_: &Petsc) -> petsc::Result<()> {
    pep_ex16_at(&[2, 3])
}

fn pep_ex16_at(ranks: &[usize]) -> petsc::Result<()> {
    let expected = expected_any(&[
        "pep/tutorials/output/ex16_1.out",
        "pep/tutorials/output/ex16_1_alt.out",
        "pep/tutorials/output/ex16_1_alt_2.out",
        "pep/tutorials/output/ex16_1_alt_3.out",
    ]);
    let common = ["-pep_nev", "4", "-pep_ncv", "21", "-n", "12", "-terse"];
    let settings: [&[&str]; 7] = [
        &["-pep_type", "toar"],
        &["-pep_type", "qarnoldi"],
        &["-pep_type", "linear", "-pep_linear_explicitmatrix"],
        &[
            "-pep_type",
            "linear",
            "-pep_linear_explicitmatrix",
            "-pep_linear_eps_gen_indefinite",
            "-pep_scale",
            "scalar",
            "-pep_linear_bv_definite_tol",
            "1e-12",
        ],
        &["-pep_type", "stoar", "-pep_scale", "scalar"],
        &[
            "-pep_type",
            "stoar",
            "-pep_scale",
            "scalar",
            "-st_transform",
        ],
        &[],
    ];
    for setting in settings {
        let mut args = common.to_vec();
        args.extend(setting);
        for &n in ranks {
            let out = run_example("pep_ex16", n, &args);
            if expected.is_empty() {
                assert!(out.contains("N=144 (12x12 grid)"), "{out}");
                assert!(out.contains("-1.16510+1.65330i"), "{out}");
                continue;
            }
            assert!(
                expected.iter().any(|(_, text)| *text == out),
                "pep_ex16 {args:?} on {n} ranks printed\n{out}\nwhich is none of {:?}",
                expected.iter().map(|(name, _)| name).collect::<Vec<_>>()
            );
        }
    }
    // Without -terse: the table of eigenvalues and backward errors (a complex pair, the
    // default nev = 1).
    let out = run_example("pep_ex16", ranks[ranks.len() - 1], &["-n", "8"]);
    assert!(
        out.contains("Quadratic Eigenproblem, N=64 (8x8 grid)"),
        "{out}"
    );
    assert!(out.contains(" Number of requested eigenvalues: 1"), "{out}");
    assert!(out.contains(" -1.162447+1.654117i"), "{out}");
    assert!(out.contains(" -1.162447-1.654117i"), "{out}");
    // A bad grid is refused.
    let bad = mpiexec(1, &example("pep_ex16"), &["-n", "0"]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("-n 0"));
    Ok(())
}

/// Cases that factor on several ranks need a parallel direct solver.
const PARALLEL_LU: bool = cfg!(petsc_have_mumps) || cfg!(petsc_have_superlu_dist);

pub fn cases() -> Vec<Case> {
    vec![
        Case::new("pep_ex16_matches_slepc", pep_ex16_matches_slepc),
        Case::new("pep_ex16_parallel", pep_ex16_parallel)
            .requires(PARALLEL_LU, "a parallel LU (MUMPS or SuperLU_dist)"),
    ]
}
