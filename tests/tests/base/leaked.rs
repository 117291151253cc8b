//! Handles that are never dropped (`std::mem::forget`, a reference cycle through a
//! closure) still get PETSc and MPI finalized at the end of the program: `-log_view` and
//! `-malloc_dump` report, the leak is named on standard error, and the launcher sees a
//! normal exit at 1 and 2 ranks.
//!
//! The test binary runs itself: with `--leaked-forget`, `--leaked-cycle` or
//! `--leaked-dm-cycle` or `--leaked-registered-type` it is the leaking program. The closures still alive at exit are
//! named with the objects that keep them.

use std::cell::RefCell;
use std::rc::Rc;

use petsc::{Da, Ksp, Object, Petsc, Ts, Vector};
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

/// Leaks an integrator's DM through the capture idiom: a right-hand side, kept with the
/// DM, that holds a clone of the DM and a vector made from it.
fn dm_cycle(petsc: Petsc) {
    let mut da = Da::grid(&petsc.world()).sizes([16]).build().expect("da");
    da.set_name("grid").expect("name");
    let mut ts = Ts::new(&petsc.world()).expect("ts");
    ts.set_dm(&da).expect("set_dm");
    let work = da.create_global_vector().expect("work vector");
    let grid = da.clone();
    ts.set_rhs_function(None, move |_, u, f| {
        let _ = (&grid, &work);
        f.copy_from(u)
    })
    .expect("rhs");
}

/// Keeps PETSc from finalizing through a registered type's constructor that captures a
/// communicator: the registration is kept for the program, and the handle with it.
fn registered_type(petsc: Petsc) {
    struct Copy;
    impl petsc::PcImpl for Copy {
        fn apply(&mut self, _: &petsc::Pc, x: &Vector, y: &mut Vector) -> petsc::Result<()> {
            y.copy_from(x)
        }
    }
    let comm = petsc.world();
    petsc::Pc::register_type(&petsc, "leakypc", move || {
        let _ = &comm;
        Copy
    })
    .expect("register");
}

fn child(kind: &str) {
    let petsc = Petsc::builder()
        .args(["leaked", "-log_view", "-malloc_dump"])
        .init()
        .expect("init");
    match kind {
        "forget" => forget(petsc),
        "cycle" => cycle(petsc),
        "dm-cycle" => dm_cycle(petsc),
        "registered-type" => registered_type(petsc),
        other => panic!("unknown leak {other}"),
    }
    // main returns with PETSc still initialized: the exit hook finalizes it.
    assert!(!Petsc::is_finalized());
    println!("leaking program done");
}

/// Runs the leaking program this binary was started as (`--leaked-forget`,
/// `--leaked-cycle`, `--leaked-dm-cycle`), if it was.
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
    for (kind, closures) in [
        ("forget", &[][..]),
        ("cycle", &["petsc-rs:   KSP monitor\n"][..]),
        (
            "dm-cycle",
            &["petsc-rs:   TS RHS function, kept by DM \"grid\" (da)\n"][..],
        ),
        (
            "registered-type",
            &["petsc-rs:   the constructor of the PC type \"leakypc\" written in Rust"][..],
        ),
    ] {
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
            // The closures still alive, each named with the object keeping it, once per
            // rank.
            for c in closures {
                assert_eq!(stderr.matches(c).count(), n, "{kind}/{n}: {c:?}\n{all}");
            }
            if closures.is_empty() {
                assert!(!stderr.contains("closures still alive"), "{all}");
            }
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
