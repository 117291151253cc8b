//! petsc4py's `test_ts.py`, ported: `du/dt = -u^2` integrated by four implicit
//! methods, through the right-hand side or the implicit form, with Jacobians given or
//! by colored finite differences; monitors called by hand; a clone sharing the
//! right-hand side closure.

use std::cell::Cell;
use std::rc::{Rc, Weak};

use petsc::{
    ExactFinalTime, InsertMode, Mat, MatType, Nnz, PcType, Petsc, Real, Scalar, Sizes, Ts,
    TsProblemType, TsType, Vector,
};
use petsc_tests::Case;

pub fn cases() -> Vec<Case> {
    let mut cases = Vec::new();
    for (class, ty) in [
        ("TestTSBeuler", TsType::Beuler),
        ("TestTSCN", TsType::Cn),
        ("TestTSTheta", TsType::Theta),
        ("TestTSAlpha", TsType::Alpha),
    ] {
        type Body = fn(&Petsc, &TsType) -> petsc::Result<()>;
        let methods: [(&str, Body); 6] = [
            ("testSolveRHS", |p, t| solve_rhs(&setup(p, t)?, false)),
            ("testFDColorRHS", |p, t| fd_color_rhs(&setup(p, t)?)),
            ("testResetAndSolveRHS", |p, t| {
                reset_and_solve_rhs(&setup(p, t)?)
            }),
            ("testSolveI", |p, t| solve_i(&setup(p, t)?)),
            ("testFDColorI", |p, t| fd_color_i(&setup(p, t)?)),
            ("testResetAndSolveI", |p, t| {
                reset_and_solve_i(&setup(p, t)?)
            }),
        ];
        for (method, body) in methods {
            let ty = ty.clone();
            cases.push(Case::with(format!("{class}::{method}"), move |p| {
                body(p, &ty)
            }));
        }
    }
    cases.push(Case::new(
        "TestTSContextLifetime::testCloneCallback",
        clone_callback,
    ));
    cases
}

/// The calls each closure of `MyODE` counts.
#[derive(Default)]
struct Calls {
    rhsfunction: Cell<u32>,
    rhsjacobian: Cell<u32>,
    ifunction: Cell<u32>,
    ijacobian: Cell<u32>,
    monitor: Cell<u32>,
}

type Ode = Rc<Calls>;

fn bump(c: &Cell<u32>) {
    c.set(c.get() + 1);
}

/// `F = -u^2`.
fn rhs_function(u: &Vector, f: &mut Vector) -> petsc::Result<()> {
    f.pointwise_mult(u, u)?;
    f.scale(-1.0)
}

/// `P = diag(-2 u)`, assembled.
fn rhs_jacobian(u: &Vector, p: &mut Mat) -> petsc::Result<()> {
    p.zero_entries()?;
    let mut d = u.duplicate()?;
    d.copy_from(u)?;
    d.scale(-2.0)?;
    p.set_diagonal(&d, InsertMode::Insert)?;
    p.assemble()
}

/// `F = du + u^2`.
fn ifunction(u: &Vector, du: &Vector, f: &mut Vector) -> petsc::Result<()> {
    f.pointwise_mult(u, u)?;
    f.axpy(1.0, du)
}

/// `P = diag(a + 2 u)`, assembled.
fn ijacobian(u: &Vector, a: Real, p: &mut Mat) -> petsc::Result<()> {
    p.zero_entries()?;
    let mut d = u.duplicate()?;
    d.copy_from(u)?;
    d.scale(2.0)?;
    d.shift(a)?;
    p.set_diagonal(&d, InsertMode::Insert)?;
    p.assemble()
}

/// `BaseTestTSNonlinear.setUp`.
fn setup(petsc: &Petsc, ty: &TsType) -> petsc::Result<Ts> {
    let mut ts = Ts::new(&petsc.self_comm())?;
    ts.set_exact_final_time(ExactFinalTime::Stepover)?;
    ts.set_problem_type(TsProblemType::Nonlinear)?;
    ts.set_type(ty.clone())?;
    Ok(ts)
}

/// A 3x3 matrix as `J.setSizes(3); J.setFromOptions(); J.setUp()` makes it.
fn matrix3(ts: &Ts) -> petsc::Result<Mat> {
    let mut j = Mat::new(&petsc::Object::comm(ts))?;
    j.set_sizes_to(Sizes::global(3, 3))?;
    j.set_from_options()?;
    j.set_up()?;
    Ok(j)
}

/// A 5x5 AIJ matrix with one nonzero a row.
fn matrix5(ts: &Ts, from_options: bool) -> petsc::Result<Mat> {
    let mut j = Mat::new(&petsc::Object::comm(ts))?;
    j.set_sizes_to(Sizes::global(5, 5))?;
    j.set_type(MatType::Aij)?;
    j.set_preallocation_nnz(Nnz::Each(1), Nnz::Default)?;
    if from_options {
        j.set_from_options()?;
    }
    Ok(j)
}

fn set_first3(u: &mut Vector) -> petsc::Result<()> {
    let mut v = u.view_mut()?;
    v[0] = Scalar::from(1.0);
    v[1] = Scalar::from(2.0);
    v[2] = Scalar::from(3.0);
    Ok(())
}

/// The time span of every test: 10 steps of 0.1 from 0.
fn span(ts: &mut Ts) -> petsc::Result<()> {
    let (t0, dt, nt) = (0.0, 0.1, 10);
    ts.set_time(t0)?;
    ts.set_time_step(dt)?;
    ts.set_max_time(t0 + nt as Real * dt)?;
    ts.set_max_steps(nt)?;
    ts.set_from_options()
}

fn counting_monitor(ts: &mut Ts, ode: &Ode) -> petsc::Result<()> {
    let o = ode.clone();
    ts.monitor_with_solver(move |_ts, _s, _t, _u| {
        bump(&o.monitor);
        Ok(())
    })
}

/// The closing part of `testSolveRHS` and `testSolveI`: a monitor call by hand counts,
/// and none after the monitors are cancelled.
fn monitor_by_hand(ts: &mut Ts, ode: &Ode) -> petsc::Result<()> {
    let n = ode.monitor.get();
    let (step, time) = (ts.step_number()?, ts.time()?);
    ts.run_monitors(step, time, None)?;
    assert_eq!(ode.monitor.get(), n + 1);
    let n = ode.monitor.get();
    ts.cancel_monitors()?;
    let (step, time) = (ts.step_number()?, ts.time()?);
    ts.run_monitors(step, time, None)?;
    assert_eq!(ode.monitor.get(), n);
    Ok(())
}

fn set_rhs(ts: &mut Ts, ode: &Ode, f: Vector, j: &Mat) -> petsc::Result<()> {
    ts.set_app_ctx(ode.clone())?;
    let o = ode.clone();
    ts.set_rhs_function(Some(f), move |_t, u, f| {
        bump(&o.rhsfunction);
        rhs_function(u, f)
    })?;
    let o = ode.clone();
    ts.set_rhs_jacobian(j, j, move |_t, u, mats| {
        bump(&o.rhsjacobian);
        rhs_jacobian(u, mats.pre())?;
        if let Some(a) = mats.op() {
            a.assemble()?;
        }
        Ok(())
    })?;
    counting_monitor(ts, ode)
}

fn set_i(ts: &mut Ts, ode: &Ode, f: Vector, j: &Mat) -> petsc::Result<()> {
    ts.set_app_ctx(ode.clone())?;
    let o = ode.clone();
    ts.set_ifunction(Some(f), move |_t, u, du, f| {
        bump(&o.ifunction);
        ifunction(u, du, f)
    })?;
    let o = ode.clone();
    ts.set_ijacobian(j, j, move |_t, u, _du, a, mats| {
        bump(&o.ijacobian);
        ijacobian(u, a, mats.pre())?;
        if let Some(m) = mats.op() {
            m.assemble()?;
        }
        Ok(())
    })?;
    counting_monitor(ts, ode)
}

/// `getDict()` holds the application context and the closures set.
fn assert_kept(ts: &Ts, rhs: bool) -> petsc::Result<()> {
    assert!(ts.app_ctx::<Ode>()?.is_some());
    if rhs {
        assert!(ts.rhs_function()?.is_some());
        assert!(ts.rhs_jacobian()?.is_some());
    } else {
        assert!(ts.ifunction()?.is_some());
        assert!(ts.ijacobian()?.is_some());
    }
    Ok(())
}

fn solve_rhs(ts: &Ts, nullsol: bool) -> petsc::Result<()> {
    let mut ts = ts.clone();
    let ode = Ode::default();
    let j = matrix3(&ts)?;
    let (mut u, f) = j.create_vecs()?;
    set_rhs(&mut ts, &ode, f, &j)?;
    ts.snes()?.ksp()?.pc()?.set_type(PcType::None)?;
    span(&mut ts)?;
    set_first3(&mut u)?;
    if nullsol {
        ts.set_solution(&u)?;
        let mut sol = ts.solution()?;
        let _ = ts.solve(&mut sol)?; // unchecked, as upstream
    } else {
        let _ = ts.solve(&mut u)?; // unchecked, as upstream
    }
    assert!(ode.rhsfunction.get() > 0);
    assert!(ode.rhsjacobian.get() > 0);
    assert_kept(&ts, true)?;
    monitor_by_hand(&mut ts, &ode)
}

fn fd_color_rhs(ts: &Ts) -> petsc::Result<()> {
    let mut ts = ts.clone();
    let ode = Ode::default();
    let mut j = matrix5(&ts, false)?;
    let (mut u, f) = j.create_vecs()?;
    set_rhs(&mut ts, &ode, f, &j)?;
    span(&mut ts)?;
    set_first3(&mut u)?;
    ts.set_solution(&u)?;
    rhs_jacobian(&u, &mut j)?;
    ts.set_up()?;
    ts.snes()?.set_use_fd(true)?;
    ts.solve(&mut u).map(drop)
}

fn restart(ts: &mut Ts) -> petsc::Result<()> {
    ts.reset()?;
    ts.set_step_number(0)
}

fn reset_and_solve_rhs(ts: &Ts) -> petsc::Result<()> {
    let mut ts = ts.clone();
    restart(&mut ts)?;
    solve_rhs(&ts, false)?;
    restart(&mut ts)?;
    solve_rhs(&ts, false)?;
    restart(&mut ts)?;
    solve_rhs(&ts, true)?;
    ts.reset()
}

fn solve_i(ts: &Ts) -> petsc::Result<()> {
    let mut ts = ts.clone();
    let ode = Ode::default();
    let j = matrix3(&ts)?;
    let (mut u, f) = j.create_vecs()?;
    set_i(&mut ts, &ode, f, &j)?;
    ts.snes()?.ksp()?.pc()?.set_type(PcType::None)?;
    span(&mut ts)?;
    set_first3(&mut u)?;
    let _ = ts.solve(&mut u)?; // unchecked, as upstream
    assert!(ode.ifunction.get() > 0);
    assert!(ode.ijacobian.get() > 0);
    assert_kept(&ts, false)?;
    monitor_by_hand(&mut ts, &ode)
}

fn fd_color_i(ts: &Ts) -> petsc::Result<()> {
    let mut ts = ts.clone();
    let ode = Ode::default();
    let mut j = matrix5(&ts, true)?;
    let (mut u, f) = j.create_vecs()?;
    set_i(&mut ts, &ode, f, &j)?;
    span(&mut ts)?;
    set_first3(&mut u)?;
    ts.set_solution(&u)?;
    ijacobian(&u, 1.0, &mut j)?;
    ts.set_up()?;
    ts.snes()?.set_use_fd(true)?;
    ts.solve(&mut u).map(drop)
}

fn reset_and_solve_i(ts: &Ts) -> petsc::Result<()> {
    let mut ts = ts.clone();
    restart(&mut ts)?;
    solve_i(&ts)?;
    restart(&mut ts)?;
    solve_i(&ts)?;
    ts.reset()
}

/// A clone shares the right-hand side closure, which lives until the clone goes.
fn clone_callback(petsc: &Petsc) -> petsc::Result<()> {
    let c = petsc.self_comm();
    let mut ts = Ts::new(&c)?;
    ts.set_type(TsType::Euler)?;
    let rhs = Rc::new(());
    let weak: Weak<()> = Rc::downgrade(&rhs);
    let held = rhs.clone();
    ts.set_rhs_function(None, move |_t, _u, f| {
        let _ = &held;
        f.set(3.0)
    })?;
    let mut clone = ts.clone_ts()?;
    drop(ts);
    drop(rhs);
    assert!(weak.upgrade().is_some());
    let u = Vector::from_slice(&c, &[Scalar::from(0.0)])?;
    let mut f = u.duplicate()?;
    clone.compute_rhs_function(0.0, &u, &mut f)?;
    assert_eq!(f.view()?.to_vec(), vec![Scalar::from(3.0)]);
    drop(clone);
    assert!(weak.upgrade().is_none());
    Ok(())
}
