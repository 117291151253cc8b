//! petsc4py's `test_ksp_py.py`, ported: Krylov methods written in the program's
//! language (petsc4py's Python KSP, a [`KspImpl`] here) — Richardson's iteration and
//! conjugate gradients, each keeping work vectors made at set-up and running the
//! solver's residual record, monitors and convergence test at every iteration — given
//! to a solver as a ready-made instance (`setPythonContext`, `Ksp::set_implementation`),
//! through every method of `BaseTestKSP` (see `test_ksp`) and `testGetType`.

use petsc::{Ksp, KspConvergedReason, KspImpl, NormType, Petsc, Scalar, Vector};
use petsc_tests::Case;

use crate::test_ksp::{base_cases, set_up, Config};

/// The type every solver of this file is given (petsc4py's `KSP.Type.PYTHON`).
const TYPE: &str = "test_ksp_py.python";

/// The instance of a solver given [`TYPE`] before it is given its context: it cannot
/// solve (as a Python KSP without a context cannot).
struct NoContext;

impl KspImpl for NoContext {
    fn solve(&mut self, _: &mut Ksp, _: &Vector, _: &mut Vector) -> petsc::Result<()> {
        Err(petsc::Error::user("no context: call set_implementation"))
    }
}

/// `MyKSP.loop`: records the residual norm `r.norm()` of this iteration, runs the
/// monitors and the convergence test, and either counts one more iteration or sets the
/// reason; whether the solve is over.
fn step(ksp: &mut Ksp, r: &Vector) -> petsc::Result<bool> {
    let its = ksp.iteration_number()?;
    let rnorm = r.norm(NormType::Two)?;
    ksp.set_residual_norm(rnorm)?;
    ksp.log_convergence_history(rnorm)?;
    ksp.run_monitors(its, rnorm)?;
    let reason = ksp.call_convergence_test(its, rnorm)?;
    if reason == KspConvergedReason::Iterating {
        ksp.set_iteration_number(its + 1)?;
        Ok(false)
    } else {
        ksp.set_converged_reason(reason)?;
        Ok(true)
    }
}

/// `MyKSP.setUp`: two work vectors laid out like the solution.
fn work_vecs(ksp: &Ksp) -> petsc::Result<Vec<Vector>> {
    Ok(ksp.work_vecs(2, 0)?.0)
}

/// `MyRichardson`: `x += P (b - A x)` until the convergence test stops it.
#[derive(Default)]
struct MyRichardson {
    work: Vec<Vector>,
}

impl KspImpl for MyRichardson {
    fn set_up(&mut self, ksp: &mut Ksp) -> petsc::Result<()> {
        self.work = work_vecs(ksp)?;
        Ok(())
    }

    fn reset(&mut self, _: &mut Ksp) -> petsc::Result<()> {
        self.work.clear();
        Ok(())
    }

    fn solve(&mut self, ksp: &mut Ksp, b: &Vector, x: &mut Vector) -> petsc::Result<()> {
        let (a, _) = ksp.operators()?;
        let p = ksp.pc()?;
        let [r, z] = &mut self.work[..] else {
            return Err(petsc::Error::user("not set up"));
        };
        loop {
            a.mult(x, r)?;
            r.aypx(-1.0, b)?;
            p.apply(r, z)?;
            x.axpy(1.0, z)?;
            if step(ksp, z)? {
                return Ok(());
            }
        }
    }
}

/// `MyCG`: conjugate gradients, unpreconditioned.
#[derive(Default)]
struct MyCG {
    work: Vec<Vector>,
}

impl KspImpl for MyCG {
    fn set_up(&mut self, ksp: &mut Ksp) -> petsc::Result<()> {
        self.work = work_vecs(ksp)?;
        let d = self.work[0].duplicate()?;
        let q = d.duplicate()?;
        self.work.extend([d, q]);
        Ok(())
    }

    fn reset(&mut self, _: &mut Ksp) -> petsc::Result<()> {
        self.work.clear();
        Ok(())
    }

    fn solve(&mut self, ksp: &mut Ksp, b: &Vector, x: &mut Vector) -> petsc::Result<()> {
        let (a, _) = ksp.operators()?;
        let [r, _z, d, q] = &mut self.work[..] else {
            return Err(petsc::Error::user("not set up"));
        };
        a.mult(x, r)?;
        r.aypx(-1.0, b)?;
        d.copy_from(r)?;
        let mut delta: Scalar = r.dot(r)?;
        while !step(ksp, r)? {
            a.mult(d, q)?;
            let alpha = delta / d.dot(q)?;
            x.axpy(alpha, d)?;
            r.axpy(-alpha, q)?;
            let delta_old = delta;
            delta = r.dot(r)?;
            let beta = delta / delta_old;
            d.aypx(beta, r)?;
        }
        Ok(())
    }
}

/// `BaseTestKSPPYTHON.setUp` ends by giving the solver its context.
fn with_richardson(petsc: &Petsc, ksp: &mut Ksp) -> petsc::Result<()> {
    let _ = petsc;
    ksp.set_implementation(MyRichardson::default())
}

fn with_cg(petsc: &Petsc, ksp: &mut Ksp) -> petsc::Result<()> {
    let _ = petsc;
    ksp.set_implementation(MyCG::default())
}

const CLASSES: [Config; 2] = [
    Config {
        class: "TestKSPPYTHON_RICH",
        ksp_type: TYPE,
        pc_type: Some("jacobi"),
        register: Some(register),
        finish: Some(with_richardson),
    },
    Config {
        class: "TestKSPPYTHON_CG",
        ksp_type: TYPE,
        pc_type: Some("none"),
        register: Some(register),
        finish: Some(with_cg),
    },
];

pub fn cases() -> Vec<Case> {
    let mut cases = Vec::new();
    for cfg in CLASSES {
        cases.push(Case::with(
            format!("{}::testGetType", cfg.class),
            move |p| get_type(p, &cfg),
        ));
        cases.extend(base_cases(cfg));
    }
    cases
}

/// Registers [`TYPE`] (again: the same constructor), whose constructor makes the
/// instance a solver has before `set_implementation`.
fn register(petsc: &Petsc) -> petsc::Result<()> {
    Ksp::register_type(petsc, TYPE, || NoContext)
}

/// `getPythonType()` names the class of the solver's context.
fn get_type(petsc: &Petsc, cfg: &Config) -> petsc::Result<()> {
    let ksp = set_up(petsc, cfg)?;
    use petsc::Object;
    assert_eq!(ksp.type_name()?, TYPE);
    if cfg.class == "TestKSPPYTHON_RICH" {
        ksp.with_implementation(|_: &mut MyRichardson| ())?;
        assert!(ksp.with_implementation(|_: &mut MyCG| ()).is_err());
    } else {
        ksp.with_implementation(|_: &mut MyCG| ())?;
        assert!(ksp.with_implementation(|_: &mut MyRichardson| ()).is_err());
    }
    Ok(())
}
