//! petsc4py's `test_pc_py.py`, ported: a preconditioner whose type is written in the
//! program's language (petsc4py's `PC_PYTHON_CLASS`, a [`PcImpl`] here) that logs
//! every call PETSc makes to it and delegates its work to an identity (`MyPCNone`) or
//! a point Jacobi (`MyPCJacobi`), chosen by the option `-test-impl`. The type is chosen
//! from the options (`TestPCPYTHON`, `TestPCPYTHON2`) or given a ready-made instance
//! (`TestPCPYTHON3`, `TestPCPYTHON4`); each class applies it in every way (plain,
//! symmetric halves, transposed, to a dense matrix), after resets, and inside a KSP's
//! solves.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use petsc::{Ksp, KspType, Mat, Object, OptionsBlock, Pc, PcImpl, Petsc, Sizes, Vector};
use petsc_tests::Case;

const TYPE: &str = "test_pc_py.PC_PYTHON_CLASS";
const PREFIX: &str = "test-";

/// How many times each method ran.
type Log = Rc<RefCell<BTreeMap<&'static str, usize>>>;

/// The work the class delegates to (`impl`).
#[derive(Clone)]
enum Impl {
    /// `MyPCNone`: the identity.
    None,
    /// `MyPCJacobi`: the reciprocal of the preconditioning matrix's diagonal.
    Jacobi { diag: Option<Vector> },
}

impl Impl {
    fn diag(&self) -> petsc::Result<&Vector> {
        match self {
            Impl::Jacobi { diag: Some(d) } => Ok(d),
            _ => Err(petsc::Error::user("MyPCJacobi is not set up")),
        }
    }

    fn setup(&mut self, pc: &Pc) -> petsc::Result<()> {
        if let Impl::Jacobi { diag } = self {
            let (_a, p) = pc.operators()?;
            let mut d = p.create_vecs()?.0;
            p.diagonal_into(&mut d)?;
            d.reciprocal()?;
            *diag = Some(d);
        }
        Ok(())
    }

    fn apply(&self, x: &Vector, y: &mut Vector) -> petsc::Result<()> {
        match self {
            Impl::None => y.copy_from(x),
            Impl::Jacobi { .. } => y.pointwise_mult(self.diag()?, x),
        }
    }

    /// `applyS` (both symmetric halves): for Jacobi `sqrt(|diag|) .* x`.
    fn apply_s(&self, x: &Vector, y: &mut Vector) -> petsc::Result<()> {
        match self {
            Impl::None => self.apply(x, y),
            Impl::Jacobi { .. } => {
                let mut s = self.diag()?.duplicate()?;
                s.copy_from(self.diag()?)?;
                s.sqrt_abs()?;
                y.pointwise_mult(&s, x)
            }
        }
    }

    fn apply_m(&self, x: &Mat, y: &mut Mat) -> petsc::Result<()> {
        y.copy_from(x)?;
        match self {
            Impl::None => Ok(()),
            Impl::Jacobi { .. } => y.diagonal_scale(Some(self.diag()?), None),
        }
    }
}

/// `PC_PYTHON_CLASS`.
struct PcPythonClass {
    imp: Option<Impl>,
    log: Log,
}

impl PcPythonClass {
    /// A new instance (its `create` logged).
    fn new() -> PcPythonClass {
        let c = PcPythonClass {
            imp: None,
            log: Log::default(),
        };
        c.log("create");
        c
    }

    fn log(&self, method: &'static str) {
        *self.log.borrow_mut().entry(method).or_insert(0) += 1;
    }

    fn imp(&mut self) -> petsc::Result<&mut Impl> {
        self.imp
            .as_mut()
            .ok_or_else(|| petsc::Error::user("no impl before setFromOptions"))
    }
}

impl Drop for PcPythonClass {
    fn drop(&mut self) {
        self.log("destroy");
    }
}

impl PcImpl for PcPythonClass {
    fn has_apply_transpose(&self) -> bool {
        true
    }
    fn has_apply_symmetric(&self) -> bool {
        true
    }
    fn has_mat_apply(&self) -> bool {
        true
    }

    fn reset(&mut self, _pc: &Pc) -> petsc::Result<()> {
        self.log("reset");
        Ok(())
    }

    fn set_from_options(&mut self, _pc: &Pc, options: &OptionsBlock<'_>) -> petsc::Result<()> {
        self.log("setFromOptions");
        let name = options.string("impl", "the class doing the work", "MyPCNone")?;
        self.imp = Some(match name.as_str() {
            "MyPCNone" => Impl::None,
            "MyPCJacobi" => Impl::Jacobi { diag: None },
            other => return Err(petsc::Error::user(format!("no class {other}"))),
        });
        Ok(())
    }

    fn set_up(&mut self, pc: &Pc) -> petsc::Result<()> {
        self.log("setUp");
        self.imp()?.setup(pc)
    }

    fn pre_solve(&mut self, _: &Pc, _: &Ksp, _: &Vector, _: &mut Vector) -> petsc::Result<()> {
        self.log("preSolve");
        Ok(())
    }

    fn post_solve(&mut self, _: &Pc, _: &Ksp, _: &Vector, _: &mut Vector) -> petsc::Result<()> {
        self.log("postSolve");
        Ok(())
    }

    fn apply(&mut self, _pc: &Pc, x: &Vector, y: &mut Vector) -> petsc::Result<()> {
        self.log("apply");
        self.imp()?.apply(x, y)
    }

    fn apply_symmetric_left(&mut self, _pc: &Pc, x: &Vector, y: &mut Vector) -> petsc::Result<()> {
        self.log("applySymmetricLeft");
        self.imp()?.apply_s(x, y)
    }

    fn apply_symmetric_right(&mut self, _pc: &Pc, x: &Vector, y: &mut Vector) -> petsc::Result<()> {
        self.log("applySymmetricRight");
        self.imp()?.apply_s(x, y)
    }

    fn apply_transpose(&mut self, _pc: &Pc, x: &Vector, y: &mut Vector) -> petsc::Result<()> {
        self.log("applyTranspose");
        self.imp()?.apply(x, y)
    }

    fn mat_apply(&mut self, _pc: &Pc, x: &Mat, y: &mut Mat) -> petsc::Result<()> {
        self.log("matApply");
        self.imp()?.apply_m(x, y)
    }
}

/// The subclasses: name, whether the instance is given ready-made (`createPython`), and
/// whether `-test-impl MyPCJacobi` is set.
const CLASSES: &[(&str, bool, bool)] = &[
    ("TestPCPYTHON", false, false),
    ("TestPCPYTHON2", false, true),
    ("TestPCPYTHON3", true, false),
    ("TestPCPYTHON4", true, true),
];

type Body = fn(&Petsc, &mut Pc) -> petsc::Result<()>;

const METHODS: &[(&str, Body)] = &[
    ("testGetType", get_type),
    ("testApply", |p, pc| apply_meth(p, pc, "apply")),
    ("testApplySymmetricLeft", |p, pc| {
        apply_meth(p, pc, "applySymmetricLeft")
    }),
    ("testApplySymmetricRight", |p, pc| {
        apply_meth(p, pc, "applySymmetricRight")
    }),
    ("testApplyTranspose", |p, pc| {
        apply_meth(p, pc, "applyTranspose")
    }),
    ("testApplyMat", |p, pc| apply_meth(p, pc, "matApply")),
    ("testResetAndApply", reset_and_apply),
    ("testKSPSolve", ksp_solve),
    ("testGetSetContext", get_set_context),
];

pub fn cases() -> Vec<Case> {
    let mut cases = Vec::new();
    for &(class, ready_made, jacobi) in CLASSES {
        for &(method, body) in METHODS {
            cases.push(Case::with(format!("{class}::{method}"), move |p| {
                let mut pc = set_up(p, ready_made, jacobi)?;
                body(p, &mut pc)?;
                tear_down(pc)
            }));
        }
    }
    cases
}

/// The log of the PC's instance.
fn log_of(pc: &Pc) -> petsc::Result<Log> {
    pc.with_implementation(|c: &mut PcPythonClass| c.log.clone())
}

fn count(pc: &Pc, method: &str) -> petsc::Result<usize> {
    Ok(log_of(pc)?.borrow().get(method).copied().unwrap_or(0))
}

/// `setUp` of each class.
fn set_up(petsc: &Petsc, ready_made: bool, jacobi: bool) -> petsc::Result<Pc> {
    Pc::register_type(petsc, TYPE, PcPythonClass::new)?;
    let opts = petsc.options_with_prefix(PREFIX);
    if jacobi {
        opts.set_value("impl", "MyPCJacobi")?;
    }
    let mut pc = Pc::new(&petsc.self_comm())?;
    if ready_made {
        // `createPython(ctx)`.
        pc.set_type_name(TYPE)?;
        pc.set_implementation(PcPythonClass::new())?;
        pc.set_options_prefix(PREFIX)?;
        pc.set_from_options()?;
    } else {
        pc.set_options_prefix(PREFIX)?;
        assert_eq!(pc.options_prefix()?, PREFIX);
        opts.set_value("pc_type", TYPE)?;
        let r = pc.set_from_options();
        opts.clear_value("pc_type")?;
        r?;
    }
    if jacobi {
        opts.clear_value("impl")?;
    }
    assert_eq!(count(&pc, "create")?, 1);
    assert_eq!(count(&pc, "setFromOptions")?, 1);
    // The PC holds the one instance (petsc4py: a reference count of 2 with the test's).
    assert_eq!(Rc::strong_count(&log_of(&pc)?), 2);
    let is_jacobi =
        pc.with_implementation(|c: &mut PcPythonClass| matches!(c.imp, Some(Impl::Jacobi { .. })))?;
    assert_eq!(is_jacobi, jacobi);
    Ok(pc)
}

/// `tearDown`: the instance is dropped once with the PC.
fn tear_down(pc: Pc) -> petsc::Result<()> {
    let log = log_of(&pc)?;
    drop(pc);
    assert_eq!(log.borrow().get("destroy").copied(), Some(1));
    Ok(())
}

fn get_type(_: &Petsc, pc: &mut Pc) -> petsc::Result<()> {
    // `getPythonType()` names the instance's class.
    pc.with_implementation(|_: &mut PcPythonClass| ())?;
    assert_eq!(pc.type_name()?, TYPE);
    Ok(())
}

/// `_prepare`: `A = 10 I` (3 x 3 AIJ) as both operators, `x` random, and two 3 x 5
/// dense matrices of zeros.
fn prepare(petsc: &Petsc, pc: &mut Pc) -> petsc::Result<(Mat, Vector, Vector, Mat, Mat)> {
    let c = petsc.self_comm();
    let mut a = Mat::aij(&c)
        .sizes(Sizes::global(3, 3))
        .preallocate(1, 0)
        .build()?;
    a.assemble()?;
    a.shift(10.0)?;
    let (mut x, y) = a.create_vecs()?;
    x.set_random(None)?;
    pc.set_operators(&a, &a)?;
    let mut xm = Mat::dense(&c).sizes(Sizes::global(3, 5)).build()?;
    xm.assemble()?;
    let mut ym = Mat::dense(&c).sizes(Sizes::global(3, 5)).build()?;
    ym.assemble()?;
    let (oa, op) = pc.operators()?;
    assert_eq!((oa.as_raw(), op.as_raw()), (a.as_raw(), a.as_raw()));
    Ok((a, x, y, xm, ym))
}

/// `_applyMeth`.
fn apply_meth(petsc: &Petsc, pc: &mut Pc, meth: &'static str) -> petsc::Result<()> {
    let (_a, x, mut y, xm, mut ym) = prepare(petsc, pc)?;
    if meth == "matApply" {
        pc.mat_apply(&xm, &mut ym)?;
        y.copy_from(&x)?;
    } else {
        match meth {
            "apply" => pc.apply(&x, &mut y)?,
            "applySymmetricLeft" => pc.apply_symmetric_left(&x, &mut y)?,
            "applySymmetricRight" => pc.apply_symmetric_right(&x, &mut y)?,
            "applyTranspose" => pc.apply_transpose(&x, &mut y)?,
            _ => unreachable!(),
        }
        ym.copy_from(&xm)?;
    }
    if count(pc, "reset")? == 0 {
        assert_eq!(count(pc, "setUp")?, 1);
        assert_eq!(count(pc, meth)?, 1);
    } else {
        let nreset = count(pc, "reset")?;
        assert_eq!(nreset, count(pc, "setUp")?);
        assert_eq!(nreset, count(pc, meth)?);
    }
    if pc.with_implementation(|c: &mut PcPythonClass| matches!(c.imp, Some(Impl::None)))? {
        assert!(y.equal(&x)?);
        assert!(ym.equal(&xm)?);
    }
    Ok(())
}

fn reset_and_apply(petsc: &Petsc, pc: &mut Pc) -> petsc::Result<()> {
    pc.reset()?;
    apply_meth(petsc, pc, "apply")?;
    pc.reset()?;
    apply_meth(petsc, pc, "apply")?;
    pc.reset()
}

fn ksp_solve(petsc: &Petsc, pc: &mut Pc) -> petsc::Result<()> {
    let (_a, x, mut y, _, _) = prepare(petsc, pc)?;
    let mut ksp = Ksp::new(&pc.comm())?;
    ksp.set_type(KspType::Preonly)?;
    assert_eq!(pc.ref_count()?, 1);
    ksp.set_pc(pc)?;
    assert_eq!(pc.ref_count()?, 2);
    // A solve, twice.
    for n in 1..=2 {
        let _ = ksp.solve(&x, &mut y)?; // unchecked, as upstream
        assert_eq!(count(pc, "setUp")?, 1);
        assert_eq!(count(pc, "apply")?, n);
        assert_eq!(count(pc, "preSolve")?, n);
        assert_eq!(count(pc, "postSolve")?, n);
    }
    // A transposed solve, twice.
    for n in 1..=2 {
        let _ = ksp.solve_transpose(&x, &mut y)?; // unchecked, as upstream
        assert_eq!(count(pc, "setUp")?, 1);
        assert_eq!(count(pc, "applyTranspose")?, n);
    }
    drop(ksp);
    assert_eq!(pc.ref_count()?, 1);
    Ok(())
}

/// `setPythonContext(getPythonContext())`: Rust owns the instance, so the PC is given
/// one with the same state (its log carried over); the one it replaces is dropped, and
/// the PC holds the new one only.
fn get_set_context(_: &Petsc, pc: &mut Pc) -> petsc::Result<()> {
    let old = log_of(pc)?;
    let (imp, log) =
        pc.with_implementation(|c: &mut PcPythonClass| (c.imp.clone(), c.log.borrow().clone()))?;
    pc.set_implementation(PcPythonClass {
        imp,
        log: Rc::new(RefCell::new(log)),
    })?;
    assert_eq!(old.borrow().get("destroy").copied(), Some(1));
    assert_eq!(Rc::strong_count(&old), 1);
    assert_eq!(Rc::strong_count(&log_of(pc)?), 2);
    Ok(())
}
