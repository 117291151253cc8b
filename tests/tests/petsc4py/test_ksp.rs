//! petsc4py's `test_ksp.py`, ported: every method of `BaseTestKSP` for each Krylov
//! method of its subclasses (a fresh solver on `COMM_SELF`, with the class's type and
//! preconditioner): types, tolerances, the solver's properties, replacing its
//! preconditioner, solves of a small diagonal system with and without a residual
//! history, resets, monitors, and convergence tests and pre/post-solve steps set,
//! added and removed again (their closures dropped, as petsc4py's reference counts
//! show).

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::rc::Rc;

use petsc::{
    ConvergenceTest, InsertMode, Int, Ksp, KspConvergedReason, Mat, Nnz, Object, Pc, Petsc, Real,
    Scalar, Sizes,
};
use petsc_tests::Case;

/// A subclass of `BaseTestKSP`: its name, its `KSP_TYPE` and its `PC_TYPE`, and for a
/// type written in Rust (`test_ksp_py`) its registration, made first, and what `setUp`
/// does last (`setPythonContext`).
#[derive(Clone, Copy)]
pub(crate) struct Config {
    pub class: &'static str,
    pub ksp_type: &'static str,
    pub pc_type: Option<&'static str>,
    pub register: Option<fn(&Petsc) -> petsc::Result<()>>,
    pub finish: Option<fn(&Petsc, &mut Ksp) -> petsc::Result<()>>,
}

const CLASSES: &[Config] = &[
    Config {
        class: "TestKSPPREONLY",
        ksp_type: "preonly",
        pc_type: Some("lu"),
        register: None,
        finish: None,
    },
    Config {
        class: "TestKSPRICHARDSON",
        ksp_type: "richardson",
        pc_type: None,
        register: None,
        finish: None,
    },
    Config {
        class: "TestKSPCHEBYCHEV",
        ksp_type: "chebyshev",
        pc_type: None,
        register: None,
        finish: None,
    },
    Config {
        class: "TestKSPCG",
        ksp_type: "cg",
        pc_type: None,
        register: None,
        finish: None,
    },
    Config {
        class: "TestKSPCGNE",
        ksp_type: "cgne",
        pc_type: None,
        register: None,
        finish: None,
    },
    Config {
        class: "TestKSPSTCG",
        ksp_type: "stcg",
        pc_type: None,
        register: None,
        finish: None,
    },
    Config {
        class: "TestKSPBCGS",
        ksp_type: "bcgs",
        pc_type: None,
        register: None,
        finish: None,
    },
    Config {
        class: "TestKSPBCGSL",
        ksp_type: "bcgsl",
        pc_type: None,
        register: None,
        finish: None,
    },
    Config {
        class: "TestKSPCGS",
        ksp_type: "cgs",
        pc_type: None,
        register: None,
        finish: None,
    },
    Config {
        class: "TestKSPQCG",
        ksp_type: "qcg",
        pc_type: Some("jacobi"),
        register: None,
        finish: None,
    },
    Config {
        class: "TestKSPBICG",
        ksp_type: "bicg",
        pc_type: None,
        register: None,
        finish: None,
    },
    Config {
        class: "TestKSPGMRES",
        ksp_type: "gmres",
        pc_type: None,
        register: None,
        finish: None,
    },
    Config {
        class: "TestKSPFGMRES",
        ksp_type: "fgmres",
        pc_type: None,
        register: None,
        finish: None,
    },
    Config {
        class: "TestKSPLSQR",
        ksp_type: "lsqr",
        pc_type: None,
        register: None,
        finish: None,
    },
];

type Body = fn(&Petsc, &Config) -> petsc::Result<()>;

const METHODS: &[(&str, Body)] = &[
    ("testGetSetType", get_set_type),
    ("testTols", tols),
    ("testProperties", properties),
    ("testGetSetPC", get_set_pc),
    ("testSolve", solve),
    ("testResetAndSolve", reset_and_solve),
    ("testSetMonitor", set_monitor),
    ("testSetConvergenceTest", set_convergence_test),
    ("testAddConvergenceTest", add_convergence_test),
    ("testSetPreSolveTest", set_pre_solve_test),
    ("testSetPostSolveTest", set_post_solve_test),
];

pub fn cases() -> Vec<Case> {
    CLASSES.iter().flat_map(|cfg| base_cases(*cfg)).collect()
}

/// The cases of `BaseTestKSP`'s methods for the subclass `cfg`.
pub(crate) fn base_cases(cfg: Config) -> Vec<Case> {
    let mut cases = Vec::new();
    for &(method, body) in METHODS {
        let case = Case::with(format!("{}::{method}", cfg.class), move |p| body(p, &cfg));
        // petsc4py drops TestKSPSTCG for complex scalars.
        let case = if cfg.ksp_type == "stcg" {
            case.requires(!cfg!(petsc_complex), "real scalars")
        } else {
            case
        };
        // Plain CG reports its objective value (KSPCGGetObjFcn) from PETSc 3.22.
        cases.push(if cfg.ksp_type == "cg" && method == "testSetMonitor" {
            case.requires(cfg!(petsc_3_22), "PETSc 3.22")
        } else {
            case
        });
    }
    cases
}

/// `setUp`: a solver on `COMM_SELF` of the class's type and preconditioner.
pub(crate) fn set_up(petsc: &Petsc, cfg: &Config) -> petsc::Result<Ksp> {
    if let Some(register) = cfg.register {
        register(petsc)?;
    }
    let mut ksp = Ksp::new(&petsc.self_comm())?;
    ksp.set_type_name(cfg.ksp_type)?;
    if let Some(pc) = cfg.pc_type {
        ksp.pc()?.set_type_name(pc)?;
    }
    if let Some(finish) = cfg.finish {
        finish(petsc, &mut ksp)?;
    }
    Ok(ksp)
}

fn get_set_type(petsc: &Petsc, cfg: &Config) -> petsc::Result<()> {
    let mut ksp = set_up(petsc, cfg)?;
    assert_eq!(ksp.type_name()?, cfg.ksp_type);
    ksp.set_type_name(cfg.ksp_type)?;
    assert_eq!(ksp.type_name()?, cfg.ksp_type);
    Ok(())
}

fn tols(petsc: &Petsc, cfg: &Config) -> petsc::Result<()> {
    let mut ksp = set_up(petsc, cfg)?;
    let tols = ksp.tolerances()?;
    ksp.set_tolerances(tols)?;
    let t = ksp.tolerances()?;
    // petsc4py reads each back as the properties `rtol`, `atol`, `divtol`, `max_it`.
    assert_eq!(
        (t.rtol, t.atol, t.divtol, t.max_it),
        (tols.rtol, tols.atol, tols.divtol, tols.max_it)
    );
    assert!(t.rtol.is_some() && t.atol.is_some() && t.divtol.is_some() && t.max_it.is_some());
    Ok(())
}

fn properties(petsc: &Petsc, cfg: &Config) -> petsc::Result<()> {
    let mut ksp = set_up(petsc, cfg)?;
    ksp.set_app_ctx((1, 2, 3))?;
    assert_eq!(ksp.app_ctx::<(i32, i32, i32)>()?, Some((1, 2, 3)));
    ksp.clear_app_ctx()?;
    assert_eq!(ksp.app_ctx::<(i32, i32, i32)>()?, None);

    let side = ksp.pc_side()?;
    ksp.set_pc_side(side)?;
    assert_eq!(ksp.pc_side()?, side);

    let nt = ksp.norm_type()?;
    ksp.set_norm_type(nt)?;
    assert_eq!(ksp.norm_type()?, nt);

    ksp.set_iteration_number(1)?;
    assert_eq!(ksp.iteration_number()?, 1);
    ksp.set_iteration_number(0)?;
    assert_eq!(ksp.iteration_number()?, 0);

    ksp.set_residual_norm(1.0)?;
    assert_eq!(ksp.residual_norm()?, 1.0);
    ksp.set_residual_norm(0.0)?;
    assert_eq!(ksp.residual_norm()?, 0.0);

    assert!(ksp.convergence_history()?.is_empty());

    // (reason, is_converged, is_diverged, is_iterating)
    for (reason, conv, div, iter) in [
        (KspConvergedReason::ConvergedIts, true, false, false),
        (KspConvergedReason::DivergedIts, false, true, false),
        (KspConvergedReason::Iterating, false, false, true),
    ] {
        ksp.set_converged_reason(reason)?;
        let r = ksp.converged_reason()?;
        assert_eq!(r, reason);
        assert_eq!(r.is_converged(), conv);
        assert_eq!(r.is_diverged(), div);
        assert_eq!(r == KspConvergedReason::Iterating, iter);
    }
    Ok(())
}

fn get_set_pc(petsc: &Petsc, cfg: &Config) -> petsc::Result<()> {
    let mut ksp = set_up(petsc, cfg)?;
    let oldpc = ksp.pc()?;
    assert_eq!(oldpc.ref_count()?, 2);
    let newpc = Pc::new(&ksp.comm())?;
    assert_eq!(newpc.ref_count()?, 1);
    ksp.set_pc(&newpc)?;
    assert_eq!(newpc.ref_count()?, 2);
    assert_eq!(oldpc.ref_count()?, 1);
    drop(oldpc); // `oldpc.destroy()`
    let pc = ksp.pc()?;
    assert_eq!(pc.as_raw(), newpc.as_raw());
    assert_eq!(pc.ref_count()?, 3);
    drop(newpc);
    assert_eq!(pc.ref_count()?, 2);
    Ok(())
}

/// `testSolve`: `diag(1 + 0.9 / (i + 1)) x = 10` from a random `x`; unless
/// `solve_only`, with a residual history, which is then asked to be empty.
fn do_solve(petsc: &Petsc, ksp: &mut Ksp, solve_only: bool) -> petsc::Result<()> {
    let c = petsc.self_comm();
    let mut a = Mat::new(&c)?;
    a.set_sizes_to(Sizes::global(3, 3))?;
    a.set_type_name("seqaij")?;
    a.set_preallocation_nnz(Nnz::Each(1), Nnz::Each(0))?;
    for i in 0..3 {
        a.set_value(
            i as Int,
            i as Int,
            Scalar::from(0.9 / (i + 1) as Real),
            InsertMode::Insert,
        )?;
    }
    a.assemble()?;
    a.shift(1.0)?;
    let (mut x, mut b) = a.create_vecs()?;
    b.set(10.0)?;
    x.set_random(None)?;
    ksp.set_operators(&a, &a)?;
    if !solve_only {
        ksp.set_convergence_history(None, false)?;
    }
    let _ = ksp.solve(&b, &mut x)?; // unchecked, as upstream
    if !solve_only {
        let _u = ksp.build_solution()?;
        let _r = ksp.build_residual()?;
        let _rh = ksp.convergence_history()?;
        ksp.set_convergence_history(Some(0), false)?;
        assert_eq!(ksp.convergence_history()?.len(), 0);
    }
    Ok(())
}

fn solve(petsc: &Petsc, cfg: &Config) -> petsc::Result<()> {
    let mut ksp = set_up(petsc, cfg)?;
    do_solve(petsc, &mut ksp, false)
}

fn reset_and_solve(petsc: &Petsc, cfg: &Config) -> petsc::Result<()> {
    let mut ksp = set_up(petsc, cfg)?;
    ksp.reset()?;
    do_solve(petsc, &mut ksp, false)?;
    ksp.reset()?;
    do_solve(petsc, &mut ksp, false)?;
    ksp.reset()
}

/// Per iteration, the residual norm, and for `cg` and `stcg` the objective value.
type History = BTreeMap<Int, (Real, Option<Real>)>;

fn set_monitor(petsc: &Petsc, cfg: &Config) -> petsc::Result<()> {
    let mut ksp = set_up(petsc, cfg)?;
    let reshist: Rc<RefCell<History>> = Rc::default();
    let hist = reshist.clone();
    ksp.monitor_with_solver(move |ksp, its, rnorm| {
        let ty = ksp.type_name()?;
        let o = if ty == "cg" || ty == "stcg" {
            Some(ksp.cg_objective_value()?)
        } else {
            None
        };
        hist.borrow_mut().insert(its, (rnorm, o));
        Ok(())
    })?;
    // The solver holds the monitor (petsc4py: one more reference to it).
    assert_eq!(Rc::strong_count(&reshist), 2);
    do_solve(petsc, &mut ksp, true)?;
    reshist.borrow_mut().clear();
    ksp.cancel_monitors()?;
    assert_eq!(Rc::strong_count(&reshist), 1);
    do_solve(petsc, &mut ksp, true)?;
    assert_eq!(reshist.borrow().len(), 0);
    Ok(())
}

/// A closure holding `token` that says converged (`True` in petsc4py, which reads it as
/// `CONVERGED_ITS`) when `stop(its)`, iterating otherwise.
fn converged(
    token: &Rc<()>,
    stop: fn(Int) -> bool,
) -> impl FnMut(Int, Real) -> petsc::Result<KspConvergedReason> + 'static {
    let token = token.clone();
    move |its, _rnorm| {
        let _ = &token;
        Ok(if stop(its) {
            KspConvergedReason::ConvergedIts
        } else {
            KspConvergedReason::Iterating
        })
    }
}

fn set_convergence_test(petsc: &Petsc, cfg: &Config) -> petsc::Result<()> {
    let mut ksp = set_up(petsc, cfg)?;
    let token = Rc::new(());
    ksp.set_convergence_test(converged(&token, |its| its > 10))?;
    assert_eq!(Rc::strong_count(&token), 2);
    assert_eq!(ksp.convergence_test()?, ConvergenceTest::Closure);
    ksp.clear_convergence_test()?;
    assert_eq!(Rc::strong_count(&token), 1);
    let default = match ksp.norm_type()? {
        petsc::KspNormType::None => ConvergenceTest::Skip,
        _ if cfg.ksp_type == "lsqr" => ConvergenceTest::LsqrDefault,
        _ => ConvergenceTest::Default,
    };
    assert_eq!(ksp.convergence_test()?, default);
    Ok(())
}

fn add_convergence_test(petsc: &Petsc, cfg: &Config) -> petsc::Result<()> {
    let mut ksp = set_up(petsc, cfg)?;
    let token = Rc::new(());
    ksp.add_convergence_test(converged(&token, |_| true), true)?;
    assert_eq!(Rc::strong_count(&token), 2);
    do_solve(petsc, &mut ksp, false)?;
    ksp.clear_convergence_test()?;
    assert_eq!(Rc::strong_count(&token), 1);
    do_solve(petsc, &mut ksp, false)?;
    ksp.add_convergence_test(converged(&token, |_| true), false)?;
    assert_eq!(Rc::strong_count(&token), 2);
    do_solve(petsc, &mut ksp, false)?;
    ksp.clear_convergence_test()?;
    assert_eq!(Rc::strong_count(&token), 1);
    Ok(())
}

fn set_pre_solve_test(petsc: &Petsc, cfg: &Config) -> petsc::Result<()> {
    let mut ksp = set_up(petsc, cfg)?;
    let check = Rc::new(Cell::new(0));
    let c = check.clone();
    ksp.set_pre_solve(move |_rhs, _x| {
        c.set(1);
        Ok(())
    })?;
    assert_eq!(Rc::strong_count(&check), 2);
    do_solve(petsc, &mut ksp, false)?;
    assert_eq!(check.get(), 1);
    ksp.clear_pre_solve()?;
    assert_eq!(Rc::strong_count(&check), 1);
    Ok(())
}

fn set_post_solve_test(petsc: &Petsc, cfg: &Config) -> petsc::Result<()> {
    let mut ksp = set_up(petsc, cfg)?;
    let check = Rc::new(Cell::new(0));
    let c = check.clone();
    ksp.set_post_solve(move |_rhs, _x| {
        c.set(1);
        Ok(())
    })?;
    assert_eq!(Rc::strong_count(&check), 2);
    do_solve(petsc, &mut ksp, false)?;
    assert_eq!(check.get(), 1);
    ksp.clear_post_solve()?;
    assert_eq!(Rc::strong_count(&check), 1);
    Ok(())
}
