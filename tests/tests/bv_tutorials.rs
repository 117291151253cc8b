//! SLEPc's tutorials that use regions and bases of vectors, in Rust, against SLEPc's
//! expected outputs at the rank counts of their tests: `eps/tutorials/ex2.c` with
//! Krylov-Schur (`output/ex2_1.out`, 1 rank) and with the contour-integral solver in
//! an elliptic region (`output/ex2_ciss.out`, 2 ranks, the solution method's line
//! filtered out as SLEPc's test does).

use petsc::Petsc;
use petsc_tests::{run, run_example, Case};

/// SLEPc's expected output `name` (under `eps/tutorials/output`) from the examples of
/// the SLEPc the build uses, or `None`, with a line saying so, without them; a file
/// missing from the examples found is a failure.
fn expected(name: &str) -> Option<String> {
    let Some(dir) = petsc_tests::slepc_examples_dir() else {
        println!("    skipping the comparison: no SLEPc examples for {name}");
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

fn main() {
    let cases = vec![
        Case::new("ex2_krylovschur", ex2_krylovschur),
        Case::new("ex2_ciss_ellipse", ex2_ciss_ellipse),
    ];
    run(&cases);
}
