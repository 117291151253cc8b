//! petsc4py's `test_ts_py.py`, ported: a time integrator type written in Rust (petsc4py's
//! Python TS) that logs its calls, solves each step with the TS's nonlinear solver and
//! keeps every step, on `du/dt + u^2 = 0`.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use petsc::{
    ExactFinalTime, InsertMode, Mat, MatType, Nnz, PcType, Petsc, Real, Scalar, Sizes, Ts, TsImpl,
    TsProblemType, Vector,
};
use petsc_tests::Case;

pub fn cases() -> Vec<Case> {
    vec![
        Case::new("TestTSPython::testGetType", get_type),
        Case::new("TestTSPython::testSolve", |p| with_ts(p, solve)),
        Case::new("TestTSPython::testFDColor", |p| with_ts(p, fd_color)),
        Case::new("TestTSPython::testResetAndSolve", reset_and_solve),
        Case::new("TestTSPython::testSetAdaptLimits", set_adapt_limits),
    ]
}

/// The calls of each method, by petsc4py's name.
type Log = Rc<RefCell<HashMap<&'static str, u32>>>;

fn count(log: &Log, method: &'static str) -> u32 {
    log.borrow().get(method).copied().unwrap_or(0)
}

/// petsc4py's `MyTS`: logs its calls; solves each step with the TS's SNES and keeps it.
struct MyTs {
    log: Log,
    vec_update: Option<Vector>,
}

impl MyTs {
    fn note(&self, method: &'static str) {
        *self.log.borrow_mut().entry(method).or_insert(0) += 1;
    }
}

impl Drop for MyTs {
    fn drop(&mut self) {
        self.note("destroy");
    }
}

impl TsImpl for MyTs {
    fn create(&mut self, _ts: &mut Ts) -> petsc::Result<()> {
        self.note("create");
        self.vec_update = None;
        Ok(())
    }

    fn set_from_options(
        &mut self,
        _ts: &mut Ts,
        _options: &petsc::OptionsBlock<'_>,
    ) -> petsc::Result<()> {
        self.note("setFromOptions");
        Ok(())
    }

    fn set_up(&mut self, ts: &mut Ts) -> petsc::Result<()> {
        self.note("setUp");
        self.vec_update = Some(ts.solution()?.duplicate()?);
        Ok(())
    }

    fn reset(&mut self, _ts: &mut Ts) -> petsc::Result<()> {
        self.note("reset");
        Ok(())
    }

    fn solve_step(&mut self, ts: &mut Ts, _t: Real, u: &mut Vector) -> petsc::Result<()> {
        self.note("solveStep");
        ts.snes()?.solve(None, u).map(drop)
    }

    fn adapt_step(
        &mut self,
        ts: &mut Ts,
        _t: Real,
        _u: &Vector,
    ) -> petsc::Result<Option<(Real, bool)>> {
        self.note("adaptStep");
        Ok(Some((ts.time_step()?, true)))
    }
}

/// The name the type is registered under.
const MYTS: &str = "petsc4py_myts";

/// `setUp`: a TS of the type with a logging instance; `tearDown`: the instance is
/// destroyed with the TS, once. `body` gets the TS and the count of solves.
fn with_ts(
    petsc: &Petsc,
    body: impl FnOnce(&mut Ts, &Cell<u32>) -> petsc::Result<()>,
) -> petsc::Result<()> {
    let log = setup_log(petsc)?;
    let (mut ts, log) = log;
    let nsolve = Cell::new(0);
    body(&mut ts, &nsolve)?;
    assert_eq!(count(&log, "destroy"), 0);
    drop(ts);
    assert_eq!(count(&log, "destroy"), 1);
    Ok(())
}

fn setup_log(petsc: &Petsc) -> petsc::Result<(Ts, Log)> {
    Ts::register_type(petsc, MYTS, || MyTs {
        log: Log::default(),
        vec_update: None,
    })?;
    let log = Log::default();
    let mut ts = Ts::new(&petsc.self_comm())?;
    ts.set_type_name(MYTS)?;
    ts.set_implementation(MyTs {
        log: log.clone(),
        vec_update: None,
    })?;
    ts.set_exact_final_time(ExactFinalTime::Stepover)?;
    assert_eq!(count(&log, "create"), 1);
    Ok((ts, log))
}

fn get_type(petsc: &Petsc) -> petsc::Result<()> {
    with_ts(petsc, |ts, _| {
        assert_eq!(petsc::Object::type_name(ts)?, MYTS);
        assert!(ts.with_implementation(|_: &mut MyTs| ()).is_ok());
        Ok(())
    })
}

/// The calls of `MyODE`.
#[derive(Default)]
struct Ode {
    function_calls: Cell<u32>,
    jacobian_calls: Cell<u32>,
}

/// `P = diag(a + 2 u)`, assembled.
fn jacobian(u: &Vector, a: Real, p: &mut Mat) -> petsc::Result<()> {
    p.zero_entries()?;
    let mut d = u.duplicate()?;
    d.copy_from(u)?;
    d.scale(2.0)?;
    d.shift(a)?;
    p.set_diagonal(&d, InsertMode::Insert)?;
    p.assemble()
}

/// `F = du + u^2` and its Jacobian, counted.
fn set_ode(ts: &mut Ts, ode: &Rc<Ode>, f: Vector, j: &Mat) -> petsc::Result<()> {
    ts.set_app_ctx(ode.clone())?;
    let o = ode.clone();
    ts.set_ifunction(Some(f), move |_t, u, du, f| {
        o.function_calls.set(o.function_calls.get() + 1);
        f.pointwise_mult(u, u)?;
        f.axpy(1.0, du)
    })?;
    let o = ode.clone();
    ts.set_ijacobian(j, j, move |_t, u, _du, a, mats| {
        o.jacobian_calls.set(o.jacobian_calls.get() + 1);
        jacobian(u, a, mats.pre())?;
        if let Some(m) = mats.op() {
            m.assemble()?;
        }
        Ok(())
    })
}

/// 10 steps of 0.1 from 0.
fn span(ts: &mut Ts) -> petsc::Result<()> {
    let (t0, dt, nt) = (0.0, 0.1, 10);
    ts.set_time(t0)?;
    ts.set_time_step(dt)?;
    ts.set_max_time(t0 + nt as Real * dt)?;
    ts.set_max_steps(nt)?;
    ts.set_from_options()
}

fn solve(ts: &mut Ts, nsolve: &Cell<u32>) -> petsc::Result<()> {
    ts.set_problem_type(TsProblemType::Nonlinear)?;
    let ode = Rc::new(Ode::default());
    let mut j = Mat::new(&petsc::Object::comm(ts))?;
    j.set_sizes_to(Sizes::global(3, 3))?;
    j.set_from_options()?;
    j.set_up()?;
    let (mut u, f) = j.create_vecs()?;
    set_ode(ts, &ode, f, &j)?;
    ts.snes()?.ksp()?.pc()?.set_type(PcType::None)?;
    span(ts)?;
    u.view_mut()?
        .copy_from_slice(&[1.0, 2.0, 3.0].map(Scalar::from));
    let _ = ts.solve(&mut u)?; // unchecked, as upstream
    nsolve.set(nsolve.get() + 1);
    assert!(ode.function_calls.get() > 0);
    assert!(ode.jacobian_calls.get() > 0);
    let ncalls = nsolve.get() * ts.step_number()? as u32;
    let (solves, adapts) = ts.with_implementation(|m: &mut MyTs| {
        (count(&m.log, "solveStep"), count(&m.log, "adaptStep"))
    })?;
    assert_eq!(solves, ncalls);
    assert_eq!(adapts, ncalls);
    assert!(ts.app_ctx::<Rc<Ode>>()?.is_some());
    assert!(ts.ifunction()?.is_some());
    assert!(ts.ijacobian()?.is_some());
    Ok(())
}

fn fd_color(ts: &mut Ts, nsolve: &Cell<u32>) -> petsc::Result<()> {
    ts.set_problem_type(TsProblemType::Nonlinear)?;
    let ode = Rc::new(Ode::default());
    let mut j = Mat::new(&petsc::Object::comm(ts))?;
    j.set_sizes_to(Sizes::global(5, 5))?;
    j.set_type(MatType::Aij)?;
    j.set_preallocation_nnz(Nnz::Each(1), Nnz::Default)?;
    j.set_from_options()?;
    let (mut u, f) = j.create_vecs()?;
    set_ode(ts, &ode, f, &j)?;
    span(ts)?;
    u.view_mut()?
        .copy_from_slice(&[1.0, 2.0, 3.0, 4.0, 5.0].map(Scalar::from));
    ts.set_solution(&u)?;
    jacobian(&u, 1.0, &mut j)?;
    ts.snes()?.set_use_fd(true)?;
    let _ = ts.solve(&mut u)?; // unchecked, as upstream
    nsolve.set(nsolve.get() + 1);
    Ok(())
}

fn restart(ts: &mut Ts) -> petsc::Result<()> {
    ts.reset()?;
    ts.set_step_number(0)
}

fn reset_and_solve(petsc: &Petsc) -> petsc::Result<()> {
    with_ts(petsc, |ts, nsolve| {
        restart(ts)?;
        solve(ts, nsolve)?;
        restart(ts)?;
        fd_color(ts, nsolve)?;
        restart(ts)?;
        solve(ts, nsolve)?;
        ts.reset()
    })
}

fn set_adapt_limits(petsc: &Petsc) -> petsc::Result<()> {
    with_ts(petsc, |ts, _| {
        ts.set_step_limits(1.0, 2.0)?;
        let (hmin, hmax) = ts.step_limits()?;
        assert_eq!(hmin, 1.0);
        assert_eq!(hmax, 2.0);
        Ok(())
    })
}
