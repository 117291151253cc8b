//! After an `Err` or a panic anywhere in a solve, every solver of the tree can solve
//! again and be destroyed: a PC written in Rust that fails (or panics) at its first or a
//! later application, placed in each composite kind of preconditioner (fieldsplit
//! splits, MG/GAMG levels and coarse solver, block Jacobi and ASM blocks, composite
//! PCs, KSP-in-PC, redundant), then a good solve that matches the one before the
//! failure, then the drop; at 1, 2 and 3 ranks.

use std::cell::Cell;

use petsc::{
    Error, IndexSet, Int, Ksp, KspTolerances, Mat, NormType, Object, Pc, PcImpl, PcType, Petsc,
    Real, Scalar, Vector,
};
use petsc_tests::{with_prefixed_options, Case};

const N: Int = 200;

/// When armed: the number of the `apply` call (counted from 1 after arming) that fails,
/// and whether it panics instead of returning an `Err`.
#[derive(Clone, Copy)]
struct Plan {
    at: usize,
    panics: bool,
}

thread_local! {
    static PLAN: Cell<Option<Plan>> = const { Cell::new(None) };
    static CALLS: Cell<usize> = const { Cell::new(0) };
}

/// Arms (or, with `None`, disarms) the failing PC and restarts its count.
fn arm(plan: Option<Plan>) {
    PLAN.with(|p| p.set(plan));
    CALLS.with(|c| c.set(0));
}

/// Point Jacobi that fails at the planned call.
#[derive(Default)]
struct Failing {
    inverse: Option<Vector>,
}

impl PcImpl for Failing {
    fn set_up(&mut self, pc: &Pc) -> petsc::Result<()> {
        let mut d = pc.operators()?.1.diagonal()?;
        d.reciprocal()?;
        self.inverse = Some(d);
        Ok(())
    }

    fn apply(&mut self, _: &Pc, x: &Vector, y: &mut Vector) -> petsc::Result<()> {
        let call = CALLS.with(|c| {
            c.set(c.get() + 1);
            c.get()
        });
        if let Some(plan) = PLAN.with(Cell::get) {
            if plan.at == call {
                if plan.panics {
                    panic!("tfail panics at call {call}");
                }
                return Err(Error::user(format!("tfail fails at call {call}")));
            }
        }
        let d = self
            .inverse
            .as_ref()
            .ok_or_else(|| Error::invalid("tfail", "not set up"))?;
        y.pointwise_mult(x, d)
    }

    fn reset(&mut self, _: &Pc) -> petsc::Result<()> {
        self.inverse = None;
        Ok(())
    }
}

fn register(petsc: &Petsc) -> petsc::Result<()> {
    Pc::register_type(petsc, "tfail", Failing::default)
}

/// The largest difference of two vectors.
fn distance(x: &Vector, y: &Vector) -> petsc::Result<Real> {
    let mut d = x.duplicate()?;
    d.copy_from(x)?;
    d.axpy(Scalar::from(-1.0), y)?;
    d.norm(NormType::Infinity)
}

/// The composite preconditioners, each with the failing PC somewhere inside, chosen by
/// options.
const TREES: [(&str, &str); 9] = [
    (
        "fieldsplit",
        "-ksp_type gmres -pc_type fieldsplit -pc_fieldsplit_type multiplicative \
         -fieldsplit_0_pc_type jacobi -fieldsplit_1_pc_type tfail",
    ),
    (
        "gamg levels",
        "-ksp_type gmres -pc_type gamg -pc_gamg_coarse_eq_limit 10 -mg_levels_pc_type tfail",
    ),
    (
        "gamg coarse",
        "-ksp_type gmres -pc_type gamg -pc_gamg_coarse_eq_limit 10 -mg_coarse_ksp_type gmres \
         -mg_coarse_ksp_max_it 5 -mg_coarse_pc_type tfail",
    ),
    (
        "bjacobi",
        "-ksp_type gmres -pc_type bjacobi -sub_pc_type tfail",
    ),
    ("asm", "-ksp_type gmres -pc_type asm -sub_pc_type tfail"),
    (
        "composite",
        "-ksp_type gmres -pc_type composite -pc_composite_pcs jacobi,tfail",
    ),
    (
        "ksp in pc",
        "-ksp_type fgmres -pc_type ksp -ksp_ksp_type gmres -ksp_ksp_max_it 4 -ksp_pc_type tfail",
    ),
    (
        "redundant",
        "-ksp_type gmres -pc_type redundant -redundant_pc_type tfail",
    ),
    (
        "composite inside ksp in pc",
        "-ksp_type fgmres -pc_type ksp -ksp_ksp_type fgmres -ksp_ksp_max_it 3 -ksp_pc_type \
         composite -ksp_pc_composite_pcs jacobi,tfail",
    ),
];

/// Sets the fieldsplit's two splits (first and second half of the rows) when the tree
/// has one at the top.
fn splits(ksp: &mut Ksp, a: &Mat, opts: &str) -> petsc::Result<()> {
    if !opts.contains("-pc_type fieldsplit") {
        return Ok(());
    }
    let r = a.ownership_range()?;
    let world = a.comm();
    let first: Vec<Int> = r.clone().filter(|&i| i < N / 2).collect();
    let second: Vec<Int> = r.filter(|&i| i >= N / 2).collect();
    let mut pc = ksp.pc()?;
    pc.set_type(PcType::Fieldsplit)?;
    pc.set_fieldsplit_is("0", &IndexSet::new_general(&world, &first)?)?;
    pc.set_fieldsplit_is("1", &IndexSet::new_general(&world, &second)?)
}

/// A KSP on `a` with the options under `prefix` (set by the caller) and the tree's
/// splits.
fn make(a: &Mat, prefix: &str, opts: &str) -> petsc::Result<Ksp> {
    let mut ksp = Ksp::new(&a.comm())?;
    ksp.set_options_prefix(prefix)?;
    ksp.set_operators(a, a)?;
    ksp.set_tolerances(KspTolerances {
        rtol: Some(1e-10),
        max_it: Some(400),
        ..Default::default()
    })?;
    splits(&mut ksp, a, opts)?;
    ksp.set_from_options()?;
    Ok(ksp)
}

/// A solve that must fail as `plan` says.
fn fails(ksp: &mut Ksp, b: &Vector, plan: Plan, name: &str) -> petsc::Result<()> {
    arm(Some(plan));
    let mut x = b.duplicate()?;
    let e = ksp.solve(b, &mut x).unwrap_err().to_string();
    arm(None);
    let said = if plan.panics { "panics" } else { "fails" };
    assert!(
        e.contains(&format!("tfail {said} at call {}", plan.at)),
        "{name}, call {}: {e}",
        plan.at
    );
    Ok(())
}

/// A good solve that must give `its0` iterations and the solution `x0`.
fn same_solve(ksp: &mut Ksp, b: &Vector, x0: &Vector, its0: Int, name: &str) -> petsc::Result<()> {
    let mut x = b.duplicate()?;
    ksp.solve(b, &mut x)?;
    assert!(ksp.converged_reason()?.is_converged(), "{name}");
    assert_eq!(ksp.iteration_number()?, its0, "{name}");
    let d = distance(&x, x0)?;
    assert!(d < 1e-8, "{name}: {d}");
    Ok(())
}

/// Each tree: a good solve; for a failure (an `Err`, a panic) at the first and at a
/// later application of the failing PC, a solve that fails with its message, then a good
/// solve that gives the first one's iterations and solution; the same with the failure
/// in the first solve of a new solver (whose inner solvers that solve makes); then
/// another failure and the drop of the whole tree (`-malloc_dump` then finds nothing
/// left).
fn ksp_trees(petsc: &Petsc) -> petsc::Result<()> {
    register(petsc)?;
    let a = petsc_tests::varying_tridiagonal(petsc, N)?;
    for (k, (name, opts)) in TREES.iter().enumerate() {
        let prefix = format!("r{k}_");
        with_prefixed_options(petsc, &prefix, opts, || {
            let mut ksp = make(&a, &prefix, opts)?;
            let (mut x0, mut b) = a.create_vecs()?;
            b.set(Scalar::from(1.0))?;
            arm(None);
            ksp.solve(&b, &mut x0)?;
            assert!(ksp.converged_reason()?.is_converged(), "{name}");
            let its0 = ksp.iteration_number()?;
            let calls = CALLS.with(Cell::get);
            assert!(calls >= 2, "{name}: the failing PC ran {calls} times");
            for plan in [
                Plan {
                    at: 1,
                    panics: false,
                },
                Plan {
                    at: 2,
                    panics: true,
                },
                Plan {
                    at: calls / 2 + 1,
                    panics: false,
                },
            ] {
                fails(&mut ksp, &b, plan, name)?;
                same_solve(
                    &mut ksp,
                    &b,
                    &x0,
                    its0,
                    &format!("{name}, after call {}", plan.at),
                )?;
            }
            let mut first = make(&a, &prefix, opts)?;
            if name.starts_with("gamg") {
                // GAMG's set-up applies the smoothers' PC (Chebyshev estimates its
                // eigenvalues) and, failing there, leaks the level matrices it made
                // (PETSc's PCSetUp_GAMG frees them only on success): set up first.
                first.set_up()?;
            }
            fails(
                &mut first,
                &b,
                Plan {
                    at: 2,
                    panics: false,
                },
                name,
            )?;
            same_solve(&mut first, &b, &x0, its0, &format!("{name}, failed first"))?;
            same_solve(&mut first, &b, &x0, its0, &format!("{name}, failed first"))?;
            drop(first);
            // A failure left in place when the tree is dropped.
            fails(
                &mut ksp,
                &b,
                Plan {
                    at: 3,
                    panics: false,
                },
                name,
            )?;
            drop(ksp);
            println!("  {name}: {its0} iterations, recovered");
            Ok(())
        })?;
    }
    Ok(())
}

pub fn cases() -> Vec<Case> {
    vec![Case::new("ksp_trees", ksp_trees).ranks(&[1, 2, 3])]
}
