//! Handles that are never dropped (`std::mem::forget`, a reference cycle through a
//! closure) still get PETSc and MPI finalized at the end of the program: `-log_view` and
//! `-malloc_dump` report, the leak is named on standard error, and the launcher sees a
//! normal exit at 1 and 2 ranks.
//!
//! The test binary runs itself: with `--leaked-forget` or `--leaked-cycle` it is the
//! leaking program.

use std::cell::RefCell;
use std::rc::Rc;

use petsc::{Ksp, Petsc, Vector};
use petsc_tests::{mpiexec, Case};

/// Leaks a vector with `std::mem::forget` and drops everything else.
fn forget(petsc: Petsc) {
    let mut x = Vector::new_mpi(&petsc.world(), None, Some(10)).expect("vector");
    x.set(1.0).expect("set");
    std::mem::forget(x);
}

/// Leaks a solver through a closure it owns that holds the solver itself.
fn cycle(petsc: Petsc) {
    let ksp = Rc::new(RefCell::new(Ksp::new(&petsc.world()).expect("ksp")));
    let inner = Rc::clone(&ksp);
    ksp.borrow_mut()
        .monitor(move |_, _| {
            let _ = inner.try_borrow().is_ok();
            Ok(())
        })
        .expect("monitor");
}

fn child(kind: &str) {
    let petsc = Petsc::builder()
        .args(["leaked", "-log_view", "-malloc_dump"])
        .init()
        .expect("init");
    match kind {
        "forget" => forget(petsc),
        "cycle" => cycle(petsc),
        other => panic!("unknown leak {other}"),
    }
    // main returns with PETSc still initialized: the exit hook finalizes it.
    assert!(!Petsc::is_finalized());
    println!("leaking program done");
}

/// Runs the leaking program this binary was started as (`--leaked-forget`,
/// `--leaked-cycle`), if it was.
pub fn child_mode() {
    let arg = std::env::args().nth(1).unwrap_or_default();
    if let Some(kind) = arg.strip_prefix("--leaked-") {
        child(kind);
        std::process::exit(0);
    }
}

pub fn cases() -> Vec<Case> {
    vec![Case::new(
        "leaked_handles_are_finalized",
        leaked_handles_are_finalized,
    )]
}

fn leaked_handles_are_finalized(_: &Petsc) -> petsc::Result<()> {
    let me = std::env::current_exe().expect("current exe");
    for kind in ["forget", "cycle"] {
        for n in [1, 2] {
            let out = mpiexec(n, &me, &[&format!("--leaked-{kind}")]);
            let stdout = String::from_utf8_lossy(&out.stdout);
            let stderr = String::from_utf8_lossy(&out.stderr);
            let all = format!("{stdout}\n{stderr}");
            assert!(
                out.status.success(),
                "{kind} at {n} ranks: exit {:?}\n{all}",
                out.status
            );
            assert!(all.contains("leaking program done"), "{kind}/{n}:\n{all}");
            // Named once per rank on standard error.
            assert_eq!(
                stderr.matches("were never dropped").count(),
                n,
                "{kind}/{n}:\n{all}"
            );
            // PetscFinalize ran: -log_view printed its summary ...
            assert!(
                stdout.contains("Performance Summary"),
                "{kind}/{n}: no -log_view output\n{all}"
            );
            // ... and -malloc_dump listed the leaked object's memory.
            let dumped = petsc_tests::leak_lines(&all);
            assert!(
                !dumped.is_empty(),
                "{kind}/{n}: -malloc_dump listed nothing\n{all}"
            );
            assert!(
                !all.contains("exited on signal") && !all.contains("MPI_ABORT"),
                "{kind}/{n}:\n{all}"
            );
        }
    }
    Ok(())
}
