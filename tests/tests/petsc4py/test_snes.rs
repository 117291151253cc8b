//! petsc4py's `test_snes.py`, ported: the solver's settings, closures, solves and
//! monitors for Newton with a line search, with a trust region and with arc-length
//! continuation, on `x0^2 + x0 x1 = 3, x0 x1 + x1^2 = 6` (root `(1, 2)`), and the line
//! search's own API.

// Scalars become `Complex<f64>` to be compared in every build: the same type already
// in complex builds.
#![allow(clippy::useless_conversion)]

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::rc::Rc;

use petsc::{
    InsertMode, Int, LineSearchTolerances, Mat, MatType, Object, Petsc, Real, Scalar, Sizes, Snes,
    SnesConvergedReason, SnesLineSearch, SnesLineSearchType, SnesTolerances, SnesType, Vector,
};
use petsc_tests::Case;

pub(crate) type Body = fn(&Petsc, &Cfg) -> petsc::Result<()>;

/// A method of `TestSNESLineSearchAPI`.
type LsBody = fn(&Petsc) -> petsc::Result<()>;

/// A concrete class of petsc4py's `BaseTestSNES`.
#[derive(Clone, Copy)]
pub(crate) struct Cfg {
    /// The petsc4py class name.
    pub class: &'static str,
    /// Its `SNES_TYPE`.
    pub ty: &'static str,
    /// Its `setUp`: the solver the methods test.
    pub make: Make,
}

impl Cfg {
    fn is(&self, ty: &str) -> bool {
        self.ty == ty
    }
}

const NEWTONAL: &str = "newtonal";
const NEWTONTR: &str = "newtontr";

/// Every method of `BaseTestSNES`, with the PETSc version it needs beyond 3.18.
pub(crate) const METHODS: &[(&str, Body)] = &[
    ("testGetSetType", get_set_type),
    ("testTols", tols),
    ("testProperties", properties),
    ("testGetSetFunc", get_set_func),
    ("testCompFunc", comp_func),
    ("testGetSetJac", get_set_jac),
    ("testCompJac", comp_jac),
    ("testGetSetUpd", get_set_upd),
    ("testGetKSP", get_ksp),
    ("testSolve", solve_case),
    ("testResetAndSolve", reset_and_solve),
    ("testSetMonitor", set_monitor),
    ("testSetGetStepFails", step_fails),
    ("testSetGetLinFails", lin_fails),
    ("testEW", ew),
    ("testMF", mf),
    ("testFDColor", fd_color),
    ("testNPC", npc),
    ("testTRAPI", tr_api),
];

/// The cases of `BaseTestSNES` for one class, made with `new` (the class's `setUp`).
pub(crate) fn base_cases(cfg: Cfg, extra: &'static [(&'static str, Body)]) -> Vec<Case> {
    METHODS
        .iter()
        .chain(extra)
        .map(|&(method, body)| {
            let case = Case::with(format!("{}::{method}", cfg.class), move |p| body(p, &cfg));
            let case = if cfg.is(NEWTONAL) {
                case.requires(cfg!(petsc_3_21), "PETSc 3.21 (SNESNEWTONAL)")
            } else {
                case
            };
            if method == "testTRAPI" {
                case.requires(cfg!(petsc_3_22), "PETSc 3.22 (trust region parameters)")
            } else {
                case
            }
        })
        .collect()
}

pub fn cases() -> Vec<Case> {
    let mut v = Vec::new();
    for (class, ty) in [
        ("TestSNESLS", "newtonls"),
        ("TestSNESTR", NEWTONTR),
        ("TestSNESAL", NEWTONAL),
    ] {
        v.extend(base_cases(
            Cfg {
                class,
                ty,
                make: make_plain,
            },
            &[],
        ));
    }
    let ls: [(&str, LsBody); 6] = [
        ("test_create_destroy", ls_create_destroy),
        ("test_type_set_get", ls_type_set_get),
        ("test_tolerances_set_get", ls_tolerances),
        ("test_order_set_get", ls_order),
        ("test_set_from_options", ls_set_from_options),
        ("test_snes_linesearch_property", ls_property),
    ];
    for (name, body) in ls {
        v.push(Case::with(format!("TestSNESLineSearchAPI::{name}"), body).ranks(&[1, 2]));
    }
    v
}

fn s(x: f64) -> Scalar {
    Scalar::from(x)
}

fn re(x: Scalar) -> f64 {
    petsc::Complex::<f64>::from(x).re
}

fn modulus(x: Scalar) -> f64 {
    petsc::Complex::<f64>::from(x).norm()
}

/// A class's `setUp`.
pub(crate) type Make = fn(&Petsc, &Cfg) -> petsc::Result<Snes>;

/// `BaseTestSNES.setUp`: a solver on COMM_SELF of the class's type.
fn make_plain(petsc: &Petsc, cfg: &Cfg) -> petsc::Result<Snes> {
    let mut snes = Snes::new(&petsc.self_comm())?;
    snes.set_type(SnesType::from_name(cfg.ty))?;
    Ok(snes)
}

fn set_up(petsc: &Petsc, cfg: &Cfg) -> petsc::Result<Snes> {
    (cfg.make)(petsc, cfg)
}

/// `Function`: `F(x) = (x0^2 + x0 x1 - 3, x0 x1 + x1^2 - 6)`, scaled by `load` on
/// the constant terms (`FunctionAL` with the load parameter; `Function` with 1).
fn residual(x: &Vector, f: &mut Vector, load: f64) -> petsc::Result<()> {
    let (x0, x1) = {
        let v = x.view()?;
        (v[0], v[1])
    };
    let mut out = f.view_mut()?;
    out[0] = x0 * x0 + x0 * x1 - s(3.0 * load);
    out[1] = x0 * x1 + x1 * x1 - s(6.0 * load);
    Ok(())
}

/// `Jacobian`: writes the Jacobian at `x` into `p`.
fn jacobian(x: &Vector, p: &mut Mat) -> petsc::Result<()> {
    let (x0, x1) = {
        let v = x.view()?;
        (v[0], v[1])
    };
    p.set_values(
        &[0, 1],
        &[0, 1],
        &[s(2.0) * x0 + x1, x0, x1, x0 + s(2.0) * x1],
        InsertMode::Insert,
    )?;
    p.assemble()
}

fn seq_aij_2x2(petsc: &Petsc) -> petsc::Result<Mat> {
    let mut j = Mat::new(&petsc.self_comm())?;
    j.set_sizes_to(Sizes::global(2, 2))?;
    j.set_type(MatType::SeqAij)?;
    j.set_up()?;
    Ok(j)
}

fn set_function(snes: &mut Snes, r: Vector) -> petsc::Result<()> {
    snes.set_function(r, |x, f| residual(x, f, 1.0))
}

fn set_jacobian(snes: &mut Snes, j: Mat) -> petsc::Result<()> {
    snes.set_jacobian(&j, None, |x, jac| jacobian(x, jac.pre()))
}

fn assert_root(x: &Vector, places: i32) -> petsc::Result<()> {
    let v = x.view()?;
    let tol = 0.5 * 10f64.powi(-places);
    assert!((modulus(v[0]) - 1.0).abs() < tol, "x0 = {}", v[0]);
    assert!((modulus(v[1]) - 2.0).abs() < tol, "x1 = {}", v[1]);
    Ok(())
}

fn get_set_type(petsc: &Petsc, cfg: &Cfg) -> petsc::Result<()> {
    let mut snes = set_up(petsc, cfg)?;
    let ty = SnesType::from_name(cfg.ty);
    assert_eq!(snes.ty()?, Some(ty.clone()));
    snes.set_type(ty.clone())?;
    assert_eq!(snes.ty()?, Some(ty));
    Ok(())
}

fn tols(petsc: &Petsc, cfg: &Cfg) -> petsc::Result<()> {
    let mut snes = set_up(petsc, cfg)?;
    let t = snes.tolerances()?;
    snes.set_tolerances(SnesTolerances {
        max_funcs: None,
        ..t
    })?;
    assert_eq!(snes.tolerances()?, t);
    assert!(snes.divergence_tolerance()? > 0.0);
    // PETSc.UNLIMITED: no divergence test, read back as -1.
    snes.set_divergence_tolerance(-1.0)?;
    assert_eq!(snes.divergence_tolerance()?, -1.0);
    // PETSc.CURRENT: kept.
    snes.set_divergence_tolerance(None)?;
    assert_eq!(snes.divergence_tolerance()?, -1.0);
    Ok(())
}

fn properties(petsc: &Petsc, cfg: &Cfg) -> petsc::Result<()> {
    let mut snes = set_up(petsc, cfg)?;
    snes.set_app_ctx((1, 2, 3))?;
    assert_eq!(snes.app_ctx::<(i32, i32, i32)>()?, Some((1, 2, 3)));
    snes.clear_app_ctx()?;
    assert_eq!(snes.app_ctx::<(i32, i32, i32)>()?, None);
    snes.set_iteration_number(1)?;
    assert_eq!(snes.iteration_number()?, 1);
    snes.set_iteration_number(0)?;
    assert_eq!(snes.iteration_number()?, 0);
    snes.set_function_norm(1.0)?;
    assert_eq!(snes.function_norm()?, 1.0);
    snes.set_function_norm(0.0)?;
    assert_eq!(snes.function_norm()?, 0.0);
    let (rh, ih) = snes.convergence_history()?;
    assert!(rh.is_empty() && ih.is_empty());
    for (reason, conv, div, iter) in [
        (SnesConvergedReason::ConvergedIts, true, false, false),
        (SnesConvergedReason::DivergedMaxIt, false, true, false),
        (SnesConvergedReason::Iterating, false, false, true),
    ] {
        snes.set_converged_reason(reason)?;
        let r = snes.converged_reason()?;
        assert_eq!(r, reason);
        assert_eq!(
            (
                r.is_converged(),
                r.is_diverged(),
                r == SnesConvergedReason::Iterating
            ),
            (conv, div, iter)
        );
    }
    assert!(!snes.use_ew()?);
    assert!(!snes.use_mf()?);
    assert!(!snes.use_fd()?);
    let ouse = snes.use_ksp()?;
    snes.set_use_ksp(!ouse)?;
    assert_eq!(snes.use_ksp()?, !ouse);
    snes.set_use_ksp(ouse)?;
    assert_eq!(snes.use_ksp()?, ouse);
    Ok(())
}

fn get_set_func(petsc: &Petsc, cfg: &Cfg) -> petsc::Result<()> {
    let mut snes = set_up(petsc, cfg)?;
    let (r0, has) = snes.function()?;
    assert!(r0.is_none() && !has);
    let r = Vector::new_seq(&petsc.self_comm(), 2)?;
    set_function(&mut snes, r.clone())?;
    set_function(&mut snes, r.clone())?;
    for _ in 0..2 {
        let (r2, has) = snes.function()?;
        assert_eq!(r2.map(|v| v.as_raw()), Some(r.as_raw()));
        assert!(has);
    }
    Ok(())
}

fn comp_func(petsc: &Petsc, cfg: &Cfg) -> petsc::Result<()> {
    let mut snes = set_up(petsc, cfg)?;
    let r = Vector::new_seq(&petsc.self_comm(), 2)?;
    set_function(&mut snes, r.clone())?;
    let (x, mut y) = (
        Vector::from_slice(&petsc.self_comm(), &[s(1.0), s(2.0)])?,
        r.duplicate()?,
    );
    snes.compute_function(&x, &mut y)?;
    let v = y.view()?;
    assert!(modulus(v[0]) < 5e-6 && modulus(v[1]) < 5e-6);
    Ok(())
}

fn get_set_jac(petsc: &Petsc, cfg: &Cfg) -> petsc::Result<()> {
    let mut snes = set_up(petsc, cfg)?;
    let (a, p) = snes.jacobian()?;
    assert!(a.is_none() && p.is_none());
    let j = seq_aij_2x2(petsc)?;
    set_jacobian(&mut snes, j.clone())?;
    set_jacobian(&mut snes, j.clone())?;
    for _ in 0..2 {
        let (j2, p2) = snes.jacobian()?;
        assert_eq!(j2.map(|m| m.as_raw()), Some(j.as_raw()));
        assert_eq!(p2.map(|m| m.as_raw()), Some(j.as_raw()));
    }
    Ok(())
}

fn comp_jac(petsc: &Petsc, cfg: &Cfg) -> petsc::Result<()> {
    let mut snes = set_up(petsc, cfg)?;
    let mut j = seq_aij_2x2(petsc)?;
    set_jacobian(&mut snes, j.clone())?;
    let x = Vector::from_slice(&petsc.self_comm(), &[s(1.0), s(2.0)])?;
    snes.ksp()?.pc()?;
    snes.compute_jacobian(&x, &mut j, None)?;
    let got = j.values(&[0, 1], &[0, 1])?;
    assert_eq!(
        got.iter().map(|&v| re(v)).collect::<Vec<_>>(),
        [4.0, 1.0, 2.0, 5.0]
    );
    Ok(())
}

fn get_set_upd(petsc: &Petsc, cfg: &Cfg) -> petsc::Result<()> {
    let mut snes = set_up(petsc, cfg)?;
    assert!(!snes.has_update()?);
    let upd = |_it: Int| Ok(());
    snes.set_update(upd)?;
    assert!(snes.has_update()?);
    snes.set_update(upd)?;
    snes.clear_update()?;
    assert!(!snes.has_update()?);
    snes.set_update(upd)?;
    // The second closure replaces the first: the solver keeps only it.
    let mark = Rc::new(());
    let held = mark.clone();
    snes.set_update(move |_it| {
        let _ = &held;
        Ok(())
    })?;
    assert!(snes.has_update()?);
    assert_eq!(Rc::strong_count(&mark), 2);
    snes.clear_update()?;
    assert!(!snes.has_update()?);
    assert_eq!(Rc::strong_count(&mark), 1);
    Ok(())
}

fn get_ksp(petsc: &Petsc, cfg: &Cfg) -> petsc::Result<()> {
    let snes = set_up(petsc, cfg)?;
    let ksp = snes.ksp()?;
    assert_eq!(ksp.ref_count()?, 2);
    Ok(())
}

/// `testSolve`, on the given solver.
fn solve_with(petsc: &Petsc, cfg: &Cfg, snes: &mut Snes) -> petsc::Result<()> {
    let c = petsc.self_comm();
    let j = seq_aij_2x2(petsc)?;
    let r = Vector::new_seq(&c, 2)?;
    let mut x = Vector::new_seq(&c, 2)?;
    let mut b = Vector::new_seq(&c, 2)?;
    let al = cfg.is(NEWTONAL) || snes.type_name()? == NEWTONAL;
    if al {
        set_function_al(snes, r)?;
    } else {
        set_function(snes, r)?;
    }
    set_jacobian(snes, j)?;
    let cnt_up = Rc::new(Cell::new(0 as Int));
    let cnt = cnt_up.clone();
    snes.set_update(move |_it| {
        cnt.set(cnt.get() + 1);
        Ok(())
    })?;
    x.view_mut()?.copy_from_slice(&[s(2.0), s(3.0)]);
    b.set(0.0)?;
    snes.set_convergence_history(None, false)?;
    snes.set_from_options()?;
    // Before PETSc 3.24 the arc-length solver counts its iterations on from the solves
    // before (its solve does not start the count at 0).
    let before = if al && !cfg!(petsc_3_24) {
        snes.iteration_number()?
    } else {
        0
    };
    let _ = snes.solve(Some(&b), &mut x)?; // unchecked, as upstream
    snes.clear_update()?;
    let _ = snes.convergence_history()?;
    snes.set_convergence_history(Some(0), true)?;
    let (rh, ih) = snes.convergence_history()?;
    assert_eq!((rh.len(), ih.len()), (0, 0));
    if !al {
        assert_root(&x, 5)?;
    }
    assert_eq!(snes.iteration_number()? - before, cnt_up.get());
    let reason = snes.call_convergence_test(1, 0.0, 0.0, 0.0)?;
    assert!(reason.code() > 0, "{reason}");
    // The solver's own solution vector, solved in place.
    let mut x = snes.solution()?.expect("the solution of the solve");
    x.view_mut()?.copy_from_slice(&[s(2.0), s(3.0)]);
    let _ = snes.solve(None, &mut x)?; // unchecked, as upstream
    if !al {
        assert_root(&x, 5)?;
    }
    Ok(())
}

#[cfg(petsc_3_21)]
fn set_function_al(snes: &mut Snes, r: Vector) -> petsc::Result<()> {
    snes.set_function_with_solver(r, |snes, x, f| {
        let load = snes.newtonal_load_parameter()?;
        residual(x, f, load)
    })?;
    snes.set_newtonal_correction_type(petsc::NewtonAlCorrectionType::Exact)?;
    snes.set_newtonal_function(|_x, q| {
        q.view_mut()?.copy_from_slice(&[s(3.0), s(6.0)]);
        Ok(())
    })
}

#[cfg(not(petsc_3_21))]
fn set_function_al(_snes: &mut Snes, _r: Vector) -> petsc::Result<()> {
    unreachable!("SNESNEWTONAL needs PETSc 3.21")
}

fn solve_case(petsc: &Petsc, cfg: &Cfg) -> petsc::Result<()> {
    let mut snes = set_up(petsc, cfg)?;
    solve_with(petsc, cfg, &mut snes)
}

fn reset_and_solve(petsc: &Petsc, cfg: &Cfg) -> petsc::Result<()> {
    let mut snes = set_up(petsc, cfg)?;
    snes.reset()?;
    solve_with(petsc, cfg, &mut snes)?;
    snes.reset()?;
    solve_with(petsc, cfg, &mut snes)?;
    snes.reset()
}

fn set_monitor(petsc: &Petsc, cfg: &Cfg) -> petsc::Result<()> {
    let mut snes = set_up(petsc, cfg)?;
    let reshist = Rc::new(RefCell::new(BTreeMap::<Int, Real>::new()));
    let mark = Rc::new(());
    let monitor = {
        let (h, m) = (reshist.clone(), mark.clone());
        move |its: Int, fgnorm: Real| {
            let _ = &m;
            h.borrow_mut().insert(its, fgnorm);
            Ok(())
        }
    };
    snes.monitor(monitor.clone())?;
    solve_with(petsc, cfg, &mut snes)?;
    assert!(!reshist.borrow().is_empty());
    reshist.borrow_mut().clear();
    snes.cancel_monitors()?;
    assert_eq!(Rc::strong_count(&mark), 2); // `monitor` and its clone kept here
    solve_with(petsc, cfg, &mut snes)?;
    assert!(reshist.borrow().is_empty());
    snes.monitor(monitor)?;
    snes.run_monitors(1, 7.0)?;
    assert_eq!(reshist.borrow().get(&1), Some(&7.0));
    Ok(())
}

fn step_fails(petsc: &Petsc, cfg: &Cfg) -> petsc::Result<()> {
    let mut snes = set_up(petsc, cfg)?;
    assert_eq!(snes.iteration_number()?, 0);
    assert_eq!(snes.step_failures()?, 0);
    assert_eq!(snes.max_step_failures()?, 1);
    snes.set_max_step_failures(5)?;
    assert_eq!(snes.max_step_failures()?, 5);
    snes.set_max_step_failures(1)?;
    assert_eq!(snes.max_step_failures()?, 1);
    Ok(())
}

fn lin_fails(petsc: &Petsc, cfg: &Cfg) -> petsc::Result<()> {
    let mut snes = set_up(petsc, cfg)?;
    assert_eq!(snes.linear_iterations()?, 0);
    assert_eq!(snes.ksp_failures()?, 0);
    assert_eq!(snes.max_ksp_failures()?, 1);
    snes.set_max_ksp_failures(5)?;
    assert_eq!(snes.max_ksp_failures()?, 5);
    snes.set_max_ksp_failures(1)?;
    assert_eq!(snes.max_ksp_failures()?, 1);
    Ok(())
}

fn ew(petsc: &Petsc, cfg: &Cfg) -> petsc::Result<()> {
    let mut snes = set_up(petsc, cfg)?;
    snes.set_use_ew(false)?;
    assert!(!snes.use_ew()?);
    snes.set_use_ew(true)?;
    assert!(snes.use_ew()?);
    let mut params = snes.params_ew()?;
    params.version = 1;
    snes.set_params_ew(&params)?;
    assert_eq!(snes.params_ew()?.version, 1);
    // PETSc.CURRENT for the version: the parameters as read, set again.
    let params = snes.params_ew()?;
    snes.set_params_ew(&params)?;
    assert_eq!(snes.params_ew()?.version, 1);
    Ok(())
}

fn mf(petsc: &Petsc, cfg: &Cfg) -> petsc::Result<()> {
    let mut snes = set_up(petsc, cfg)?;
    let c = petsc.self_comm();
    set_function(&mut snes, Vector::new_seq(&c, 2)?)?;
    set_jacobian(&mut snes, seq_aij_2x2(petsc)?)?;
    assert!(!snes.use_mf()?);
    snes.set_use_mf(false)?;
    assert!(!snes.use_mf()?);
    snes.set_use_mf(true)?;
    assert!(snes.use_mf()?);
    snes.set_from_options()?;
    if snes.type_name()? == "newtonls" {
        let mut x = Vector::from_slice(&c, &[s(2.0), s(3.0)])?;
        let mut b = Vector::new_seq(&c, 2)?;
        b.set(0.0)?;
        let _ = snes.solve(Some(&b), &mut x)?; // unchecked, as upstream
        assert_root(&x, 5)?;
    }
    Ok(())
}

fn fd_color(petsc: &Petsc, cfg: &Cfg) -> petsc::Result<()> {
    let mut snes = set_up(petsc, cfg)?;
    let c = petsc.self_comm();
    let mut j = seq_aij_2x2(petsc)?;
    set_function(&mut snes, Vector::new_seq(&c, 2)?)?;
    set_jacobian(&mut snes, j.clone())?;
    assert!(!snes.use_fd()?);
    // `jac(snes, x, J, J)` at x = 0: the structure the coloring reads.
    jacobian(&Vector::new_seq(&c, 2)?, &mut j)?;
    snes.set_use_fd(false)?;
    assert!(!snes.use_fd()?);
    snes.set_use_fd(true)?;
    assert!(snes.use_fd()?);
    snes.set_from_options()?;
    let mut x = Vector::from_slice(&c, &[s(2.0), s(3.0)])?;
    let mut b = Vector::new_seq(&c, 2)?;
    b.set(0.0)?;
    let _ = snes.solve(Some(&b), &mut x)?; // unchecked, as upstream
    if !cfg.is(NEWTONAL) {
        assert_root(&x, 4)?;
    }
    Ok(())
}

fn npc(petsc: &Petsc, cfg: &Cfg) -> petsc::Result<()> {
    let mut snes = set_up(petsc, cfg)?;
    snes.set_app_ctx((1, 2, 3))?;
    let npc = snes.npc()?;
    assert_eq!(npc.app_ctx::<(i32, i32, i32)>()?, Some((1, 2, 3)));
    Ok(())
}

#[cfg(petsc_3_22)]
fn tr_api(petsc: &Petsc, cfg: &Cfg) -> petsc::Result<()> {
    use petsc::{SnesTrTolerances, SnesTrUpdateParameters};
    let mut snes = set_up(petsc, cfg)?;
    let tr = cfg.is(NEWTONTR);
    let newreg = SnesTrTolerances {
        delta_min: Some(1.0),
        delta_max: Some(2.0),
        delta_0: Some(3.0),
    };
    let newup = SnesTrUpdateParameters {
        eta1: Some(1.0),
        eta2: Some(2.0),
        eta3: Some(3.0),
        t1: Some(4.0),
        t2: Some(5.0),
    };
    let defaults = if tr {
        Some((snes.tr_tolerances()?, snes.tr_update_parameters()?))
    } else {
        None
    };
    snes.set_tr_tolerances(newreg)?;
    snes.set_tr_update_parameters(newup)?;
    if tr {
        assert_eq!(snes.tr_tolerances()?, newreg);
        assert_eq!(snes.tr_update_parameters()?, newup);
    }
    snes.set_tr_tolerances(SnesTrTolerances::default())?;
    snes.set_tr_update_parameters(SnesTrUpdateParameters::default())?;
    if tr {
        assert_eq!(snes.tr_tolerances()?, newreg);
        assert_eq!(snes.tr_update_parameters()?, newup);
    }
    snes.reset_tr_parameters()?;
    if let Some((reg, up)) = defaults {
        assert_eq!(snes.tr_tolerances()?, reg);
        assert_eq!(snes.tr_update_parameters()?, up);
    }
    Ok(())
}

#[cfg(not(petsc_3_22))]
fn tr_api(_petsc: &Petsc, _cfg: &Cfg) -> petsc::Result<()> {
    unreachable!("the trust region parameters need PETSc 3.22")
}

fn ls_create_destroy(petsc: &Petsc) -> petsc::Result<()> {
    let ls = SnesLineSearch::new(&petsc.world())?;
    drop(ls);
    Ok(())
}

fn ls_type_set_get(petsc: &Petsc) -> petsc::Result<()> {
    let mut ls = SnesLineSearch::new(&petsc.world())?;
    ls.set_type(SnesLineSearchType::Basic)?;
    assert_eq!(ls.type_name()?, "basic");
    Ok(())
}

fn ls_tolerances(petsc: &Petsc) -> petsc::Result<()> {
    let mut ls = SnesLineSearch::new(&petsc.world())?;
    let t = LineSearchTolerances {
        rtol: Some(0.125),
        atol: Some(3.0),
        min_step: Some(4.0),
        ltol: Some(5.0),
        max_step: Some(6.0),
        max_it: Some(7),
    };
    ls.set_tolerances(t)?;
    assert_eq!(ls.tolerances()?, t);
    Ok(())
}

fn ls_order(petsc: &Petsc) -> petsc::Result<()> {
    let mut ls = SnesLineSearch::new(&petsc.world())?;
    ls.set_order(2)?;
    assert_eq!(ls.order()?, 2);
    Ok(())
}

fn ls_set_from_options(petsc: &Petsc) -> petsc::Result<()> {
    let mut ls = SnesLineSearch::new(&petsc.world())?;
    ls.set_from_options()
}

fn ls_property(petsc: &Petsc) -> petsc::Result<()> {
    let mut snes = Snes::new(&petsc.world())?;
    let ls = snes.line_search()?;
    assert_eq!(snes.line_search()?.as_raw(), ls.as_raw());
    snes.set_line_search(ls.clone())?;
    assert_eq!(snes.line_search()?.as_raw(), ls.as_raw());
    Ok(())
}
