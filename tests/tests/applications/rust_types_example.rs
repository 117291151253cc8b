//! The `rust_types` example: its Krylov methods and preconditioner written in Rust,
//! chosen by options, print the residual histories of PETSc's own `cg`, `pipecg` and
//! `jacobi` (also as multigrid smoothers), at 1 and 3 ranks; `-ksp_view` and `-help`
//! name them.

use petsc::Petsc;
use petsc_tests::{crawls_at, run_example, skip, Case};

/// The rank count of the parallel runs: 3, or 2 where 3 would crawl (said once a case).
fn more_ranks() -> usize {
    match crawls_at(3) {
        Some(why) => {
            skip(format!("rust_types at 3 ranks (run at 2): {why}"));
            2
        }
        None => 3,
    }
}

/// The output with options `ours` equals the output with `theirs`, at 1 and `more`
/// ranks.
fn same_output(more: usize, ours: &str, theirs: &str) {
    // The iterations and reason at each rank count (the last line, before the error).
    let mut summaries = Vec::new();
    for n in [1, more] {
        let (o, t): (Vec<&str>, Vec<&str>) = (
            ours.split_whitespace().collect(),
            theirs.split_whitespace().collect(),
        );
        let (a, b) = (
            run_example("rust_types", n, &o),
            run_example("rust_types", n, &t),
        );
        assert_eq!(a, b, "{n} ranks: {ours} | {theirs}");
        let lines = a
            .lines()
            .filter(|l| l.contains("KSP Residual norm"))
            .count();
        assert!(
            lines >= 3,
            "{n} ranks, {ours}: a monitor line an iteration expected:\n{a}"
        );
        assert!(a.contains("(ConvergedRtol)"), "{n} ranks, {ours}:\n{a}");
        let last = a.lines().last().unwrap_or_default();
        summaries.push(
            last.split(", max error")
                .next()
                .unwrap_or_default()
                .to_string(),
        );
    }
    assert_eq!(summaries[0], summaries[1], "1 and {more} ranks: {ours}");
}

/// `rs_cg` with `rs_jacobi`, with each of CG's norms, and `rs_pipecg`: PETSc's residual
/// histories, digit for digit.
fn histories(_: &Petsc) -> petsc::Result<()> {
    let more = more_ranks();
    for norm in [
        "",
        " -ksp_norm_type unpreconditioned",
        " -ksp_norm_type natural",
    ] {
        same_output(
            more,
            &format!("-ksp_type rs_cg -pc_type rs_jacobi -ksp_monitor{norm}"),
            &format!("-ksp_type cg -pc_type jacobi -ksp_monitor{norm}"),
        );
    }
    same_output(
        more,
        "-ksp_type rs_pipecg -pc_type rs_jacobi -ksp_monitor",
        "-ksp_type pipecg -pc_type jacobi -ksp_monitor",
    );
    same_output(
        more,
        "-ksp_type rs_cg -pc_type gamg -ksp_monitor -da_grid_x 41 -da_grid_y 37",
        "-ksp_type cg -pc_type gamg -ksp_monitor -da_grid_x 41 -da_grid_y 37",
    );
    Ok(())
}

/// The Rust types deep in a solver: the smoothers' preconditioner; the smoothers' and
/// the coarse solver's Krylov method and preconditioner (under flexible CG).
fn multigrid(_: &Petsc) -> petsc::Result<()> {
    let more = more_ranks();
    same_output(
        more,
        "-ksp_type cg -pc_type mg -pc_mg_levels 3 -mg_levels_pc_type rs_jacobi -ksp_monitor",
        "-ksp_type cg -pc_type mg -pc_mg_levels 3 -mg_levels_pc_type jacobi -ksp_monitor",
    );
    same_output(
        more,
        "-ksp_type fcg -pc_type mg -pc_mg_levels 3 -pc_mg_type full -mg_levels_ksp_type rs_cg \
         -mg_levels_ksp_max_it 2 -mg_levels_pc_type rs_jacobi -mg_coarse_ksp_type rs_cg \
         -mg_coarse_pc_type rs_jacobi -ksp_monitor",
        "-ksp_type fcg -pc_type mg -pc_mg_levels 3 -pc_mg_type full -mg_levels_ksp_type cg \
         -mg_levels_ksp_max_it 2 -mg_levels_pc_type jacobi -mg_coarse_ksp_type cg \
         -mg_coarse_pc_type jacobi -ksp_monitor",
    );
    Ok(())
}

/// `-ksp_view` names the types and shows the preconditioner's own line; `-help` lists
/// its option under its heading.
fn view_and_help(_: &Petsc) -> petsc::Result<()> {
    let args = [
        "-ksp_type",
        "rs_cg",
        "-pc_type",
        "rs_jacobi",
        "-pc_rs_jacobi_scale",
        "0.5",
        "-ksp_view",
    ];
    let out = run_example("rust_types", 1, &args);
    for line in [
        "  type: rs_cg",
        "  type: rs_jacobi",
        "  scale 0.5",
        "using PRECONDITIONED norm",
    ] {
        assert!(out.contains(line), "{line:?} not in:\n{out}");
    }
    let out = run_example(
        "rust_types",
        1,
        &["-ksp_type", "rs_cg", "-pc_type", "rs_jacobi", "-help"],
    );
    // The heading and the option (the value's format is PETSc's own, by version).
    assert!(
        out.contains("  PC rs_jacobi options\n  -pc_rs_jacobi_scale"),
        "{out}"
    );
    assert!(out.contains("multiply the inverse diagonal by"), "{out}");
    let types = out
        .lines()
        .find(|l| l.contains("-ksp_type <now rs_cg"))
        .unwrap_or_default();
    assert!(
        types.contains(" rs_cg ") && types.contains(" rs_pipecg "),
        "{out}"
    );
    Ok(())
}

/// The cases of this module.
pub fn cases() -> Vec<Case> {
    vec![
        Case::new("histories", histories),
        Case::new("multigrid", multigrid),
        Case::new("view_and_help", view_and_help),
    ]
}
