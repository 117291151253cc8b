//! The cases of `test_tao_py.py`, compiled only where PETSc's scalars are real, as TAO
//! requires.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use petsc::{
    Object, Petsc, Scalar, Tao, TaoImpl, TaoLineSearch, TaoLineSearchType, TaoType, Vector,
};
use petsc_tests::Case;

pub fn cases() -> Vec<Case> {
    let real = |c: Case| c.requires(!cfg!(petsc_complex), "real scalars");
    vec![
        real(Case::new("TestTaoPython::testGetType", get_type)),
        real(Case::new("TestTaoPython::testSolve", solve)),
        real(Case::new(
            "TestTaoPythonOptimiser::testSolve",
            optimiser_solve,
        )),
    ]
}

fn s(x: f64) -> Scalar {
    Scalar::from(x)
}

fn at(v: &Vector, i: usize) -> petsc::Result<f64> {
    Ok(petsc::Complex::<f64>::from(v.view()?[i]).re)
}

/// `Objective` and `Gradient`.
fn set_objective_gradient(tao: &mut Tao) -> petsc::Result<()> {
    tao.set_objective(|x| {
        let (x0, x1) = (at(x, 0)?, at(x, 1)?);
        Ok((x0 - 1.0).powi(2) + (x1 - 2.0).powi(2))
    })?;
    tao.set_gradient(|x, g| {
        let (x0, x1) = {
            let v = x.view()?;
            (v[0], v[1])
        };
        let mut out = g.view_mut()?;
        out[0] = s(2.0) * (x0 - s(1.0));
        out[1] = s(2.0) * (x1 - s(2.0));
        Ok(())
    })
}

/// The calls of each method of `MyTao`, shared with the test.
type Log = Rc<RefCell<HashMap<&'static str, usize>>>;

fn count(log: &Log, method: &str) -> usize {
    log.borrow().get(method).copied().unwrap_or(0)
}

/// `MyTao`: its own solve and step while `own_solve` and `own_step` say so (petsc4py's
/// `ctx.solve = None` and `ctx.step = None` turn them off).
struct MyTao {
    log: Log,
    testvec: Option<Vector>,
    own_solve: bool,
    own_step: bool,
}

impl MyTao {
    /// `MyTao()` given to the solver, which calls its `create`.
    fn new(log: Log) -> MyTao {
        let t = MyTao {
            log,
            testvec: None,
            own_solve: true,
            own_step: true,
        };
        t.note("create");
        t
    }

    fn note(&self, method: &'static str) {
        *self.log.borrow_mut().entry(method).or_default() += 1;
    }
}

impl Drop for MyTao {
    fn drop(&mut self) {
        self.note("destroy");
    }
}

impl TaoImpl for MyTao {
    fn set_from_options(
        &mut self,
        _tao: &mut Tao,
        _options: &petsc::OptionsBlock<'_>,
    ) -> petsc::Result<()> {
        self.note("setFromOptions");
        Ok(())
    }

    fn set_up(&mut self, tao: &mut Tao) -> petsc::Result<()> {
        self.note("setUp");
        self.testvec = Some(tao.solution()?.duplicate()?);
        Ok(())
    }

    fn solve(&mut self, tao: &mut Tao, _x: &mut Vector) -> petsc::Result<()> {
        if !self.own_solve {
            return tao.solve_default(self);
        }
        self.note("solve");
        Ok(())
    }

    fn step(
        &mut self,
        tao: &mut Tao,
        x: &Vector,
        g: &mut Vector,
        s: &mut Vector,
    ) -> petsc::Result<()> {
        if !self.own_step {
            return tao.step_default(x, g, s);
        }
        self.note("step");
        tao.compute_gradient(x, g)?;
        s.copy_from(g)?;
        s.scale(-1.0)
    }

    fn pre_step(&mut self, _tao: &mut Tao) -> petsc::Result<()> {
        self.note("preStep");
        Ok(())
    }

    fn post_step(&mut self, _tao: &mut Tao) -> petsc::Result<()> {
        self.note("postStep");
        Ok(())
    }
}

const MY_TAO: &str = "petsc4py_mytao";

/// `TestTaoPython.setUp`: `createPython(MyTao())` on COMM_SELF.
fn set_up(petsc: &Petsc) -> petsc::Result<(Tao, Log)> {
    Tao::register_type(petsc, MY_TAO, || MyTao::new(Log::default()))?;
    let log = Log::default();
    let mut tao = Tao::new(&petsc.self_comm())?;
    tao.set_type(TaoType::from_name(MY_TAO))?;
    tao.set_implementation(MyTao::new(log.clone()))?;
    assert_eq!(Rc::strong_count(&log), 2);
    assert_eq!(count(&log, "create"), 1);
    Ok((tao, log))
}

/// `TestTaoPython.tearDown`: the instance is dropped with the solver, once.
fn tear_down(tao: Tao, log: Log) {
    assert_eq!(Rc::strong_count(&log), 2);
    assert_eq!(count(&log, "destroy"), 0);
    drop(tao);
    assert_eq!(count(&log, "destroy"), 1);
    assert_eq!(Rc::strong_count(&log), 1);
}

fn get_type(petsc: &Petsc) -> petsc::Result<()> {
    let (tao, log) = set_up(petsc)?;
    assert_eq!(tao.type_name()?, MY_TAO);
    assert!(tao.with_implementation(|_: &mut MyTao| ()).is_ok());
    tear_down(tao, log);
    Ok(())
}

fn solve(petsc: &Petsc) -> petsc::Result<()> {
    let (mut tao, log) = set_up(petsc)?;
    let mut x = Vector::new_mpi(&tao.comm(), None, Some(2))?;
    let y1 = x.duplicate()?;
    let y2 = x.duplicate()?;
    set_objective_gradient(&mut tao)?;
    let mlog = log.clone();
    tao.monitor(move |_| {
        *mlog.borrow_mut().entry("monitor").or_default() += 1;
        Ok(())
    })?;
    tao.set_from_options()?;
    tao.set_max_iterations(3)?;
    let cnt_up = Rc::new(RefCell::new(0usize));
    let cnt = cnt_up.clone();
    tao.set_update(move |_it| {
        *cnt.borrow_mut() += 1;
        Ok(())
    })?;
    tao.set_solution(&x)?;

    // MyTao's own solve.
    x.set(0.5)?;
    let _ = tao.solve()?; // unchecked, as upstream
    assert_eq!(tao.iteration_number()?, 0);

    // The default solve with MyTao's step.
    tao.with_implementation(|t: &mut MyTao| t.own_solve = false)?;
    x.set(0.5)?;
    let reason = tao.solve()?;
    let n = tao.iteration_number()?;
    assert!(reason.code() > 0);
    assert!(n == 2 || n == 3, "{n} iterations");
    assert!((at(&x, 0)? - 1.0).abs() < 5e-8 && (at(&x, 1)? - 2.0).abs() < 5e-8);

    // The default solve with the default step.
    tao.with_implementation(|t: &mut MyTao| t.own_step = false)?;
    x.set(0.5)?;
    let reason = tao.solve()?;
    let n = tao.iteration_number()?;
    assert!(reason.code() > 0);
    assert!(n == 2 || n == 3, "{n} iterations");
    assert!((at(&x, 0)? - 1.0).abs() < 5e-8 && (at(&x, 1)? - 2.0).abs() < 5e-8);

    let n = usize::try_from(n).unwrap();
    assert!(y1.equal(&y2)?);
    assert_eq!(count(&log, "monitor"), 2 * (n + 1));
    assert_eq!(count(&log, "preStep"), 2 * n);
    assert_eq!(count(&log, "postStep"), 2 * n);
    assert_eq!(count(&log, "solve"), 1);
    assert_eq!(count(&log, "setUp"), 1);
    assert_eq!(count(&log, "setFromOptions"), 1);
    assert_eq!(count(&log, "step"), n);
    assert_eq!(*cnt_up.borrow(), 2 * n);
    tao.cancel_monitors()?;
    // The monitor closure (which holds the log) is gone with the cancel.
    tear_down(tao, log);
    Ok(())
}

/// `MyGradientDescent`: its own solve, steps of 0.2 along `-g` by a unit line search.
/// The line search is made at each solve (petsc4py makes it in `create` and destroys it
/// in `destroy`): held by the instance, which the solver owns, its hold on the solver
/// would keep both alive.
struct MyGradientDescent;

impl TaoImpl for MyGradientDescent {
    fn solve(&mut self, tao: &mut Tao, x: &mut Vector) -> petsc::Result<()> {
        let mut ls = TaoLineSearch::new(&tao.comm())?;
        ls.use_tao_routine(tao)?;
        ls.set_type(TaoLineSearchType::Unit)?;
        ls.set_initial_step_length(0.2)?;
        let mut gradient = match tao.gradient()? {
            Some(g) => g,
            None => x.duplicate()?,
        };
        let mut direction = gradient.duplicate()?;
        for it in 0..tao.max_iterations()? {
            tao.set_iteration_number(it)?;
            tao.compute_gradient(x, &mut gradient)?;
            direction.copy_from(&gradient)?;
            direction.scale(-1.0)?;
            let f0 = tao.compute_objective(x)?;
            let (f, _step, reason) = ls.apply(x, f0, &mut gradient, &direction)?;
            let gnorm = gradient.norm(petsc::NormType::Two)?;
            tao.run_monitors(it, f, gnorm, 0.0, 0.0)?;
            if !reason.is_success() {
                return Err(petsc::Error::invalid("MyGradientDescent", "LS failed."));
            }
            if tao.check_converged()?.code() > 0 {
                break;
            }
        }
        Ok(())
    }

    fn step(
        &mut self,
        _: &mut Tao,
        _: &Vector,
        _: &mut Vector,
        _: &mut Vector,
    ) -> petsc::Result<()> {
        Err(petsc::Error::invalid(
            "MyGradientDescent",
            "Should only be called by builtin solve.",
        ))
    }

    fn pre_step(&mut self, _: &mut Tao) -> petsc::Result<()> {
        Err(petsc::Error::invalid(
            "MyGradientDescent",
            "Should only be called by builtin solve.",
        ))
    }

    fn post_step(&mut self, _: &mut Tao) -> petsc::Result<()> {
        Err(petsc::Error::invalid(
            "MyGradientDescent",
            "Should only be called by builtin solve.",
        ))
    }
}

const MY_GD: &str = "petsc4py_mygradientdescent";

fn optimiser_solve(petsc: &Petsc) -> petsc::Result<()> {
    Tao::register_type(petsc, MY_GD, || MyGradientDescent)?;
    let mut tao = Tao::new(&petsc.self_comm())?;
    tao.set_type(TaoType::from_name(MY_GD))?;
    tao.set_implementation(MyGradientDescent)?;
    let prefix = "test_tao_python_optimiser_";
    petsc_tests::with_prefixed_options(petsc, prefix, "-tao_max_it 100 -tao_gatol 1e-6", || {
        tao.set_options_prefix(prefix)?;
        tao.set_from_options()
    })?;
    let mut x = Vector::new_seq(&tao.comm(), 2)?;
    x.set(0.5)?;
    tao.set_solution(&x)?;
    set_objective_gradient(&mut tao)?;
    let reason = tao.solve()?;
    assert_eq!(tao.max_iterations()?, 100);
    assert!((tao.tolerances()?.gatol.unwrap() - 1e-6).abs() < 5e-8);
    assert!(tao.iteration_number()? > 0);
    assert!(reason.code() > 0);
    assert!((at(&x, 0)? - 1.0).abs() < 5e-6 && (at(&x, 1)? - 2.0).abs() < 5e-6);
    let f = tao.objective_value()?;
    assert!(f > 0.0 && f < 5e-6, "f = {f}");
    Ok(())
}
