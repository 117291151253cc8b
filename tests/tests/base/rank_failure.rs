//! An error on some ranks only ends the whole job, with the error printed, instead of
//! hanging it, under both entry points (`petsc::main`, and a plain `main` returning
//! `petsc::Result`); an error on every rank, or none, finalizes normally.
//!
//! The test binary runs itself: with `--rank-failure-SCENARIO` (or
//! `--rank-failure-plain-SCENARIO`) it is the program under `mpiexec`.

use std::process::ExitCode;
use std::time::{Duration, Instant};

use petsc::{Error, InsertMode, Int, Ksp, KspType, Mat, Petsc, Scalar, Sizes};
use petsc_tests::{mpiexec, Case};

/// The 1D Laplacian of size `n` on `PETSC_COMM_WORLD`.
fn laplacian(petsc: &Petsc, n: Int) -> petsc::Result<Mat> {
    let mut a = Mat::aij(&petsc.world())
        .sizes(Sizes::global(n, n))
        .preallocate(3, 2)
        .build()?;
    for i in a.ownership_range()? {
        for (j, v) in [(i - 1, -1.0), (i, 2.0), (i + 1, -1.0)] {
            if (0..n).contains(&j) {
                a.set_values(&[i], &[j], &[Scalar::from(v)], InsertMode::Insert)?;
            }
        }
    }
    a.assemble()?;
    Ok(a)
}

/// CG on the Laplacian with a monitor that fails at iteration 2 on the ranks `fails`
/// picks (by rank); the others go on into the next iteration's collectives.
fn solve_with_monitor(petsc: &Petsc, fails: impl Fn(i32) -> bool + 'static) -> petsc::Result<()> {
    let a = laplacian(petsc, 200)?;
    let mut ksp = Ksp::new(&petsc.world())?;
    ksp.set_operators(&a, &a)?;
    ksp.set_type(KspType::Cg)?;
    let rank = petsc.world().rank();
    ksp.monitor(move |it, _| {
        if it == 2 && fails(rank) {
            return Err(Error::user(format!("monitor gave up on rank {rank}")));
        }
        Ok(())
    })?;
    let (mut x, mut b) = a.create_vecs()?;
    b.set(1.0)?;
    ksp.solve(&b, &mut x)?.check()
}

/// The program of one scenario.
fn body(petsc: &Petsc, scenario: &str) -> petsc::Result<()> {
    match scenario {
        "one_rank_errs" => solve_with_monitor(petsc, |r| r == 1),
        "every_rank_errs" => solve_with_monitor(petsc, |_| true),
        "nobody_errs" => solve_with_monitor(petsc, |_| false),
        "one_rank_errs_first" => {
            let a = laplacian(petsc, 200)?;
            let (x, _) = a.create_vecs()?;
            if petsc.world().rank() == 1 {
                // An index this rank does not own: an `Err` here only.
                x.values(&[0])?;
            }
            // The others wait for rank 1 in a reduction: a dot product, as PETSc 3.22
            // knows the norm of a new vector without one.
            x.dot(&x).map(|_| ())
        }
        "one_rank_panics" => {
            let rank = petsc.world().rank();
            let a = laplacian(petsc, 200)?;
            if rank == 0 {
                panic!("rank 0 cannot go on");
            }
            // The others wait for rank 0 in a reduction.
            let (x, _) = a.create_vecs()?;
            x.dot(&x).map(|_| ())
        }
        other => Err(Error::user(format!("unknown scenario {other}"))),
    }
}

/// Under `petsc::main`.
fn child(scenario: &str) -> ExitCode {
    let scenario = scenario.to_string();
    petsc::Petsc::builder()
        .args(["rank_failure"])
        .main(move |petsc| body(petsc, &scenario))
}

/// Under a plain `main`: the runtime is dropped while the error it returns is alive.
fn plain(scenario: &str) -> petsc::Result<()> {
    let petsc = Petsc::builder().args(["rank_failure"]).init()?;
    body(&petsc, scenario)
}

/// Runs the program of the scenario this binary was started as
/// (`--rank-failure-SCENARIO`), if it was.
pub fn child_mode() {
    let arg = std::env::args().nth(1).unwrap_or_default();
    if let Some(scenario) = arg.strip_prefix("--rank-failure-plain-") {
        // What `fn main() -> petsc::Result<()>` does with the error it returns.
        match plain(scenario) {
            Ok(()) => std::process::exit(0),
            Err(e) => {
                eprintln!("Error: {e:?}");
                std::process::exit(1);
            }
        }
    }
    if let Some(scenario) = arg.strip_prefix("--entry-") {
        let code = entry_child(scenario);
        // The status itself (`ExitCode` does not say it): 0, 1, or the `Error::exit` one.
        let status = match scenario {
            "usage" => 2,
            "help" => 0,
            _ if code == ExitCode::SUCCESS => 0,
            _ => 1,
        };
        std::process::exit(if code == ExitCode::from(status) {
            status as i32
        } else {
            99
        });
    }
    if let Some(scenario) = arg.strip_prefix("--rank-failure-") {
        let code = child(scenario);
        std::process::exit(if code == ExitCode::SUCCESS { 0 } else { 1 });
    }
}

/// The entry points' bodies with errors of other types: `main_any` with an I/O error and
/// a boxed one, `main` with `?` on an I/O error, `Error::exit` for usage and help.
fn entry_child(scenario: &str) -> ExitCode {
    let builder = || petsc::PetscBuilder::default().args(["entry", "--own-flag", "3"]);
    match scenario {
        "io" => builder().main_any(|_| -> Result<(), std::io::Error> {
            std::fs::read("/nonexistent-petsc-rs/input.txt")?;
            Ok(())
        }),
        "boxed" => builder().main_any(
            |petsc| -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
                let n: i32 = "three".parse()?;
                petsc.print(&format!("{n}\n"))?;
                Ok(())
            },
        ),
        "io_in_petsc_result" => builder().main(|_| {
            let text = std::fs::read_to_string("/nonexistent-petsc-rs/input.txt")?;
            Err(Error::user(text))
        }),
        "callback" => builder().main(|petsc| {
            let c = petsc.self_comm();
            let a = Mat::shell(&c)
                .sizes(Sizes::local(2, 2))
                .build(|_, _| Err(Error::user("no data today")))?;
            let (x, mut y) = a.create_vecs()?;
            a.mult(&x, &mut y)
        }),
        "usage" => builder().main(|_| Err(Error::exit(2, "entry: --n needs a value"))),
        "help" => builder().main(|_| Err(Error::exit(0, "usage: entry [flags]\n"))),
        other => builder().main(|_| Err(Error::user(format!("unknown scenario {other}")))),
    }
}

pub fn cases() -> Vec<Case> {
    vec![
        Case::new(
            "rank_local_failures_end_the_job",
            rank_local_failures_end_the_job,
        ),
        Case::new(
            "entry_points_report_any_error",
            entry_points_report_any_error,
        ),
    ]
}

/// Each failed rank prints `error: ` and the error's whole chain once, exit status 1; an
/// `Error::exit` is printed once (rank 0) with its status, help on standard output.
fn entry_points_report_any_error(_: &Petsc) -> petsc::Result<()> {
    let me = std::env::current_exe().expect("current exe");
    for n in [1, 2] {
        for (scenario, status, needle) in [
            ("io", 1, "error: No such file or directory (os error 2)"),
            ("boxed", 1, "error: invalid digit found in string"),
            (
                "io_in_petsc_result",
                1,
                "error: No such file or directory (os error 2)",
            ),
            (
                "callback",
                1,
                "error: callback MatMult (shell) failed: no data today",
            ),
            ("usage", 2, "entry: --n needs a value"),
            ("help", 0, "usage: entry [flags]"),
        ] {
            let out = mpiexec(n, &me, &[&format!("--entry-{scenario}")]);
            let (stdout, stderr) = (
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr),
            );
            let all = format!("{stdout}\n{stderr}");
            assert_eq!(out.status.code(), Some(status), "{scenario} at {n}:\n{all}");
            let (said, other) = if scenario == "help" {
                (&stdout, &stderr)
            } else {
                (&stderr, &stdout)
            };
            let times = said.matches(needle).count();
            let expect = if matches!(scenario, "usage" | "help") {
                1
            } else {
                n
            };
            assert_eq!(times, expect, "{scenario} at {n}: {needle:?} in\n{all}");
            assert!(!other.contains(needle), "{scenario} at {n}:\n{all}");
            // The program's own `--flag` is not listed as an unused option.
            assert!(!all.contains("own-flag"), "{scenario} at {n}:\n{all}");
            assert!(
                !all.contains("aborting the job"),
                "{scenario} at {n}:\n{all}"
            );
        }
    }
    Ok(())
}

fn rank_local_failures_end_the_job(_: &Petsc) -> petsc::Result<()> {
    let me = std::env::current_exe().expect("current exe");
    for (n, entry) in [(2, ""), (3, ""), (2, "plain-"), (3, "plain-")] {
        for (scenario, ok, needles) in [
            (
                "one_rank_errs",
                false,
                &["[rank 1] error:", "monitor gave up on rank 1"][..],
            ),
            (
                "one_rank_errs_first",
                false,
                &[
                    "[rank 1] error:",
                    "is not owned by this process",
                    "aborting the job",
                ][..],
            ),
            (
                "one_rank_panics",
                false,
                &["rank 0 cannot go on", "aborting the job"][..],
            ),
            ("every_rank_errs", false, &["monitor gave up on rank 0"][..]),
            ("nobody_errs", true, &[][..]),
        ] {
            let start = Instant::now();
            let out = mpiexec(n, &me, &[&format!("--rank-failure-{entry}{scenario}")]);
            let took = start.elapsed();
            let all = format!(
                "{}\n{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            assert_eq!(
                out.status.success(),
                ok,
                "{entry}{scenario} at {n} ranks:\n{all}"
            );
            // A plain `main` prints its error itself (`Error: ...`) unless the rank ends
            // the job, which it does with "[rank R] error: ...".
            let aborts = needles.contains(&"aborting the job");
            let needles = needles
                .iter()
                .filter(|n| entry.is_empty() || aborts || !n.starts_with("[rank"));
            for needle in needles {
                assert!(
                    all.contains(needle),
                    "{entry}{scenario} at {n}: no {needle:?} in\n{all}"
                );
            }
            if scenario == "one_rank_panics" && entry.is_empty() {
                assert!(
                    all.contains("[rank 0] error: panicked: rank 0 cannot go on"),
                    "{all}"
                );
            }
            if scenario == "every_rank_errs" {
                // Every rank got there: finalized normally, no abort, each rank's error
                // printed (by `petsc::main` with its rank, by the plain `main` after).
                assert!(
                    !all.contains("aborting the job"),
                    "{entry}{scenario} at {n}:\n{all}"
                );
                for r in 0..n {
                    let said = if entry.is_empty() {
                        format!("[rank {r}] error:")
                    } else {
                        format!("monitor gave up on rank {r}")
                    };
                    assert!(all.contains(&said), "{all}");
                }
            }
            assert!(
                took < petsc::ABORT_AFTER + Duration::from_secs(30),
                "{entry}{scenario} at {n} ranks took {took:?}"
            );
            println!(
                "{entry}{scenario} at {n} ranks: {:?} in {took:.1?}",
                out.status.code()
            );
        }
    }
    Ok(())
}
