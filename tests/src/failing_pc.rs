//! A preconditioner written in Rust that fails when told to: point Jacobi whose `apply`
//! returns an `Err` or panics at a planned call, registered as `tfail`, for the tests
//! of recovery after a failure anywhere in a solver tree.

use std::cell::Cell;

use petsc::{Error, Pc, PcImpl, Petsc, Vector};

/// A planned failure: the number of the `apply` call (counted from 1 after
/// [`arm`]) that fails, and whether it panics instead of returning an `Err`.
#[derive(Clone, Copy, Debug)]
pub struct Plan {
    /// The failing call.
    pub at: usize,
    /// A panic instead of an `Err`.
    pub panics: bool,
}

thread_local! {
    static PLAN: Cell<Option<Plan>> = const { Cell::new(None) };
    static CALLS: Cell<usize> = const { Cell::new(0) };
}

/// Arms (or, with `None`, disarms) every `tfail` PC and restarts the count of calls.
pub fn arm(plan: Option<Plan>) {
    PLAN.with(|p| p.set(plan));
    CALLS.with(|c| c.set(0));
}

/// The `apply` calls of `tfail` PCs since the last [`arm`].
pub fn calls() -> usize {
    CALLS.with(Cell::get)
}

/// The message of the planned failure at call `at` (an `Err`'s, or a panic's).
pub fn message(plan: Plan) -> String {
    let said = if plan.panics { "panics" } else { "fails" };
    format!("tfail {said} at call {}", plan.at)
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
        if let Some(plan) = PLAN.with(Cell::get).filter(|p| p.at == call) {
            if plan.panics {
                panic!("{}", message(plan));
            }
            return Err(Error::user(message(plan)));
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

/// Registers the `tfail` PC type (again: fine).
pub fn register(petsc: &Petsc) -> petsc::Result<()> {
    Pc::register_type(petsc, "tfail", Failing::default)
}

/// The recovery protocol of a solver tree with `tfail` PCs inside, `name` naming it in
/// failures: a good `solve`, then for a failure (an `Err`, a panic) at the first, the
/// second and a later application of the PCs, a solve that fails with the failure's
/// message followed by a good one that `same` compares with the first (the solver must
/// solve as it did before the failure), then a failure left in place for the drop.
/// Returns the first solve's result.
pub fn check_recovery<T>(
    name: &str,
    mut solve: impl FnMut() -> petsc::Result<T>,
    same: impl Fn(&T, &T, &str) -> petsc::Result<()>,
) -> petsc::Result<T> {
    arm(None);
    let first = solve()?;
    let n = calls();
    assert!(n >= 2, "{name}: the failing PC ran {n} times");
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
            at: n / 2 + 1,
            panics: false,
        },
    ] {
        arm(Some(plan));
        let e = solve().err().map(|e| e.report());
        arm(None);
        let e = e.unwrap_or_else(|| panic!("{name}: no failure at call {}", plan.at));
        assert!(e.contains(&message(plan)), "{name}, call {}: {e}", plan.at);
        let again = solve()?;
        same(
            &again,
            &first,
            &format!("{name}, after a failure at call {}", plan.at),
        )?;
    }
    arm(Some(Plan {
        at: 3,
        panics: false,
    }));
    let failed = solve().is_err();
    arm(None);
    assert!(failed, "{name}: no failure at call 3");
    Ok(first)
}
