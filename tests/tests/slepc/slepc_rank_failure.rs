//! A closure that fails on the last rank only, inside a solve of any SLEPc solver (EPS,
//! SVD, PEP, NEP, MFN, LME), ends the whole job under `petsc::main` with the error
//! printed, instead of hanging it: the failing rank comes back from the solve, and the
//! entry point ends the job while the others wait for it.
//!
//! The test binary runs itself: with `--slepc-rank-failure-SCENARIO` it is the program
//! under `mpiexec`.

use std::cell::Cell;
use std::process::ExitCode;
use std::rc::Rc;
use std::time::{Duration, Instant};

use petsc::{Error, InsertMode, Int, KspType, Mat, NormType, PcType, Petsc, Scalar, Sizes, Vector};
use petsc_tests::{launcher, run_with_timeout, Case};
use slepc::{Eps, Lme, LmeProblemType, Mfn, Nep, NepType, Pep, Svd};

/// The global size of every problem.
const N: Int = 12;

/// The argument that makes this binary the program of a scenario.
const PREFIX: &str = "--slepc-rank-failure-";

/// The diagonal of the test operators.
fn d(i: Int) -> f64 {
    1.0 + i as f64
}

/// `y = diag(scale(i)) x` on this rank's entries.
fn diag_mult(x: &Vector, y: &mut Vector, scale: impl Fn(Int) -> Scalar) -> petsc::Result<()> {
    let start = x.ownership_range()?.start;
    let xs = x.view()?;
    let mut ys = y.view_mut()?;
    for (k, (yi, xi)) in ys.iter_mut().zip(xs.iter()).enumerate() {
        *yi = scale(start + k as Int) * *xi;
    }
    Ok(())
}

/// Whether this call of a closure is the one that fails: the `at`-th call (from 1), on
/// the last rank only.
fn fails_now(petsc: &Petsc, calls: &Cell<u32>, at: u32) -> bool {
    calls.set(calls.get() + 1);
    let w = petsc.world();
    w.rank() == w.size() - 1 && calls.get() == at
}

/// The error of the failing rank.
fn failure(petsc: &Petsc) -> Error {
    Error::user(format!("closure gave up on rank {}", petsc.world().rank()))
}

/// A diagonal shell matrix `diag(d)` whose product fails at its `at`-th call on the last
/// rank (`at` 0: never), with its transpose (the same).
fn shell(petsc: &Petsc, at: u32) -> petsc::Result<Mat> {
    let calls = Rc::new(Cell::new(0));
    let (p, c) = (petsc.clone(), calls.clone());
    let mut m = Mat::shell(&petsc.world())
        .sizes(Sizes::global(N, N))
        .build(move |x, y| {
            if fails_now(&p, &c, at) {
                return Err(failure(&p));
            }
            diag_mult(x, y, |i| Scalar::from(d(i)))
        })?;
    let p = petsc.clone();
    m.set_mult_transpose(move |x, y| {
        if fails_now(&p, &calls, at) {
            return Err(failure(&p));
        }
        diag_mult(x, y, |i| Scalar::from(d(i)))
    })?;
    Ok(m)
}

/// A diagonal AIJ matrix `diag(f)`.
fn diag(petsc: &Petsc, f: impl Fn(Int) -> f64) -> petsc::Result<Mat> {
    let mut m = Mat::aij(&petsc.world())
        .sizes(Sizes::global(N, N))
        .preallocate(1, 0)
        .build()?;
    for i in m.ownership_range()? {
        m.set_values(&[i], &[i], &[Scalar::from(f(i))], InsertMode::Insert)?;
    }
    m.assemble()?;
    Ok(m)
}

/// A vector of ones of the problem's layout.
fn ones(petsc: &Petsc) -> petsc::Result<Vector> {
    let mut v = Vector::new_mpi(&petsc.world(), None, Some(N))?;
    v.set(Scalar::from(1.0))?;
    Ok(v)
}

/// Which call of a shell product fails in the scenarios: inside the iteration.
const AT: u32 = 3;

fn eps(petsc: &Petsc) -> petsc::Result<()> {
    let a = shell(petsc, AT)?;
    let mut eps = Eps::new(&petsc.world())?;
    eps.set_operators(&a, None)?;
    eps.solve()?.check()
}

/// A monitor closure's body: the last rank fails at the first call, the others take a
/// norm of a vector of the world there (a collective call the failed rank skips).
fn monitor_body(petsc: &Petsc) -> petsc::Result<impl FnMut() -> petsc::Result<()>> {
    let (p, calls, v) = (petsc.clone(), Cell::new(0), ones(petsc)?);
    Ok(move || {
        if fails_now(&p, &calls, 1) {
            return Err(failure(&p));
        }
        v.norm(NormType::Two).map(|_| ())
    })
}

fn eps_monitor(petsc: &Petsc) -> petsc::Result<()> {
    let a = diag(petsc, d)?;
    let mut eps = Eps::new(&petsc.world())?;
    eps.set_operators(&a, None)?;
    let mut body = monitor_body(petsc)?;
    eps.monitor(move |_| body())?;
    eps.solve()?.check()
}

fn svd(petsc: &Petsc) -> petsc::Result<()> {
    let a = shell(petsc, AT)?;
    let mut svd = Svd::new(&petsc.world())?;
    svd.set_operators(&a, None)?;
    svd.solve()?.check()
}

fn pep(petsc: &Petsc) -> petsc::Result<()> {
    let a0 = shell(petsc, AT)?;
    let (a1, a2) = (diag(petsc, |_| 0.5)?, diag(petsc, |_| 1.0)?);
    let mut pep = Pep::new(&petsc.world())?;
    pep.set_operators(&[&a0, &a1, &a2])?;
    let mut ksp = pep.st()?.ksp()?;
    ksp.set_type(KspType::Cg)?;
    ksp.pc()?.set_type(PcType::Jacobi)?;
    pep.solve()?.check()
}

/// `T(lambda) = diag(d) - lambda I` and `T'(lambda) = -I`, filled by the solver's
/// closures; the function closure fails at its `function_at`-th call, the Jacobian
/// closure at its `jacobian_at`-th (0: never), on the last rank.
fn nep(petsc: &Petsc, function_at: u32, jacobian_at: u32) -> petsc::Result<()> {
    let t = diag(petsc, |_| 0.0)?;
    let j = diag(petsc, |_| 0.0)?;
    let mut nep = Nep::new(&petsc.world())?;
    nep.set_type(NepType::Rii)?;
    let mut ksp = nep.rii_ksp()?;
    ksp.set_type(KspType::Gmres)?;
    ksp.pc()?.set_type(PcType::Jacobi)?;
    let (p, calls) = (petsc.clone(), Cell::new(0));
    nep.set_function(&t, None, move |lambda, t, _| {
        if fails_now(&p, &calls, function_at) {
            return Err(failure(&p));
        }
        for i in t.ownership_range()? {
            t.set_values(
                &[i],
                &[i],
                &[Scalar::from(d(i)) - lambda],
                InsertMode::Insert,
            )?;
        }
        t.assemble()
    })?;
    let (p, calls) = (petsc.clone(), Cell::new(0));
    nep.set_jacobian(&j, move |_, j| {
        if fails_now(&p, &calls, jacobian_at) {
            return Err(failure(&p));
        }
        for i in j.ownership_range()? {
            j.set_values(&[i], &[i], &[Scalar::from(-1.0)], InsertMode::Insert)?;
        }
        j.assemble()
    })?;
    nep.solve()?.check()
}

fn mfn(petsc: &Petsc) -> petsc::Result<()> {
    let a = shell(petsc, AT)?;
    let mut mfn = Mfn::new(&petsc.world())?;
    mfn.set_operator(&a)?;
    let mut f = mfn.fn_()?;
    f.set_type(slepc::FnType::Exp)?;
    f.set_scale(Scalar::from(-0.1), Scalar::from(1.0))?;
    let b = ones(petsc)?;
    let mut x = b.duplicate()?;
    mfn.solve(&b, &mut x)?.check()
}

fn lme(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    // A stable coefficient: -diag(d), whose product fails.
    let calls = Rc::new(Cell::new(0));
    let p = petsc.clone();
    let mut a = Mat::shell(&world)
        .sizes(Sizes::global(N, N))
        .build(move |x, y| {
            if fails_now(&p, &calls, AT) {
                return Err(failure(&p));
            }
            diag_mult(x, y, |i| Scalar::from(-d(i)))
        })?;
    a.set_mult_transpose(|x, y| diag_mult(x, y, |i| Scalar::from(-d(i))))?;
    let mut c1 = Mat::dense(&world).sizes(Sizes::global(N, 1)).build()?;
    for i in c1.ownership_range()? {
        c1.set_value(i, 0, Scalar::from(1.0), InsertMode::Insert)?;
    }
    c1.assemble()?;
    let mut lme = Lme::new(&world)?;
    lme.set_problem_type(LmeProblemType::Lyapunov)?;
    lme.set_coefficients_to(slepc::LmeMatrices::new(&a))?;
    lme.set_rhs(&Mat::new_lrc(None, &c1, None, None)?)?;
    lme.solve()?.check()
}

/// The program of one scenario.
fn body(petsc: &Petsc, scenario: &str) -> petsc::Result<()> {
    match scenario {
        "eps" => eps(petsc),
        "svd" => svd(petsc),
        "eps_monitor" => eps_monitor(petsc),
        "pep" => pep(petsc),
        "nep_function" => nep(petsc, AT, 0),
        "nep_jacobian" => nep(petsc, 0, AT),
        "mfn" => mfn(petsc),
        "lme" => lme(petsc),
        other => Err(Error::user(format!("unknown scenario {other}"))),
    }
}

/// Runs the program of the scenario this binary was started as, if it was.
pub fn child_mode() {
    let arg = std::env::args().nth(1).unwrap_or_default();
    if let Some(scenario) = arg.strip_prefix(PREFIX) {
        let scenario = scenario.to_string();
        let code = petsc::Petsc::builder()
            .args(["slepc_rank_failure"])
            .main(move |petsc| body(petsc, &scenario));
        std::process::exit(if code == ExitCode::SUCCESS { 0 } else { 1 });
    }
}

pub fn cases() -> Vec<Case> {
    vec![Case::new(
        "one_rank_fails_in_every_solver",
        one_rank_fails_in_every_solver,
    )]
}

/// How long a scenario may take: the failed rank's wait, and a margin for the start of
/// the job on shared cores.
const LIMIT: Duration = Duration::from_secs(petsc::ABORT_AFTER.as_secs() + 30);

/// Each solver family, at 3 ranks (NEP's function also at 2): the job fails, with the failing rank's error
/// and "aborting the job" printed, well before the harness's time limit.
fn one_rank_fails_in_every_solver(_: &Petsc) -> petsc::Result<()> {
    let me = std::env::current_exe().expect("current exe");
    let scenarios = [
        "eps",
        "eps_monitor",
        "svd",
        "pep",
        "nep_function",
        "nep_jacobian",
        "mfn",
        "lme",
    ];
    // Every family at 3 ranks; at 2, the NEP closure that hung the job at 3.
    let runs = scenarios
        .iter()
        .map(|s| (3usize, *s))
        .chain([(2, "nep_function")]);
    for (n, scenario) in runs {
        let mut cmd = std::process::Command::new(launcher());
        cmd.args(["-n", &n.to_string()]);
        if petsc_tests::is_openmpi() {
            cmd.arg("--oversubscribe");
        }
        cmd.arg(&me).arg(format!("{PREFIX}{scenario}"));
        let start = Instant::now();
        // A little longer than the limit, so that a hang shows as one.
        let out = run_with_timeout(cmd, LIMIT + Duration::from_secs(10));
        let took = start.elapsed();
        let all = format!(
            "{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(!out.status.success(), "{scenario} at {n} ranks:\n{all}");
        let last = n - 1;
        for needle in [
            format!("[rank {last}] error:"),
            format!("closure gave up on rank {last}"),
        ] {
            assert!(
                all.contains(&needle),
                "{scenario} at {n}: no {needle:?} in\n{all}"
            );
        }
        assert!(
            took < LIMIT,
            "{scenario} at {n} ranks took {took:?}:\n{all}"
        );
        println!(
            "{scenario} at {n} ranks: {:?} in {took:.1?}",
            out.status.code()
        );
    }
    Ok(())
}
