//! Pseudo-transient continuation (`TSPSEUDO`): the rule that sets each step, its
//! increment and its limit.

use petsc_sys as sys;

use super::Ts;
use crate::callback::{CallbackKind, attached, call};
use crate::error::{Error, Result, check, run_callback};
use crate::object::Object;
use crate::scalar::{Int, Real};
use crate::vec::Vector;

/// A pseudo-timestep closure: `f(step, t, dt, u)` returns the next step.
type PseudoStepFn = dyn FnMut(Int, Real, Real, &Vector) -> Result<Real>;

/// `TSPseudoSetTimeStep` trampoline: the closure is found through the integrator and
/// given the step number, the time, the current step and the solution.
unsafe extern "C" fn pseudo_step_trampoline(
    ts: sys::TS,
    newdt: *mut Real,
    _ctx: *mut std::os::raw::c_void,
) -> sys::PetscErrorCode {
    const KIND: CallbackKind = CallbackKind::TsPseudoTimeStep;
    run_callback(KIND.name(), || {
        // SAFETY: PETSc passes its live integrator.
        let ctx = unsafe { attached(ts as sys::PetscObject, KIND) }?;
        // PETSc's own rule also records the residual norms its convergence tests
        // (`-ts_pseudo_fatol`, `-ts_pseudo_frtol`) compare; without it they compare
        // with an unset initial norm and stop after the first step. Its step is
        // discarded.
        let mut unused: Real = 0.0;
        // SAFETY: live pseudo integrator; PETSc writes the step; no context is read.
        check(unsafe { sys::TSPseudoTimeStepDefault(ts, &mut unused, std::ptr::null_mut()) })?;
        let dt = call::<PseudoStepFn, _>(ctx, KIND, |petsc, f| {
            let (mut step, mut t, mut dt): (Int, Real, Real) = (0, 0.0, 0.0);
            let mut u: sys::Vec = std::ptr::null_mut();
            // SAFETY: live integrator; PETSc writes the values.
            check(unsafe { sys::TSGetStepNumber(ts, &mut step) })?;
            // SAFETY: as above.
            check(unsafe { sys::TSGetTime(ts, &mut t) })?;
            // SAFETY: as above.
            check(unsafe { sys::TSGetTimeStep(ts, &mut dt) })?;
            // SAFETY: as above; the solution is borrowed from the integrator.
            check(unsafe { sys::TSGetSolution(ts, &mut u) })?;
            // SAFETY: the integrator's live solution, lent for the call.
            let uv = unsafe { Vector::from_raw_lent(petsc, u) }?;
            f(step, t, dt, &uv)
        })?;
        if !(dt.is_finite() && dt > 0.0) {
            return Err(Error::invalid(
                KIND.name(),
                format!("the closure returned the step {dt}; it must be positive and finite"),
            ));
        }
        // SAFETY: PETSc's output, valid for the call.
        unsafe { *newdt = dt };
        Ok(())
    })
}

impl Ts {
    /// Sets the rule for the pseudo-timestep of a [`Pseudo`](super::TsType::Pseudo)
    /// integrator (`TSPseudoSetTimeStep`): called as `f(step, t, dt, u)` before each
    /// step with the step number, the pseudo-time, the current step and the solution,
    /// it returns the next step (positive and finite). It replaces PETSc's rule (the
    /// step grown by the ratio of residual norms, `TSPseudoTimeStepDefault`), whose
    /// bookkeeping of the residual norm still runs before each call, so that the
    /// convergence tests (`-ts_pseudo_fatol`, `-ts_pseudo_frtol`) work as with PETSc's
    /// rule. The closure is owned by the integrator. An `Err`, a panic or a bad step ends
    /// the solve. Needs the type `pseudo` (another type would never call it).
    ///
    /// ```
    /// use std::{cell::RefCell, rc::Rc};
    /// use petsc::{Mat, Sizes, TsType, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut ts = petsc::Ts::new(&c)?;
    /// assert!(ts.set_pseudo_time_step(|_, _, dt, _| Ok(dt)).is_err()); // not pseudo
    /// ts.set_type(TsType::Pseudo)?;
    /// // u' = 2 - u, whose steady state is u = 2.
    /// ts.set_rhs_function(None, |_t, u, g| g.set(2.0 - u.view()?[0]))?;
    /// let j = Mat::dense(&c).sizes(Sizes::global(1, 1)).build()?;
    /// ts.set_rhs_jacobian(&j, None, |_t, _u, mats| {
    ///     mats.pre().set_value(0, 0, -1.0, petsc::InsertMode::Insert)?;
    ///     mats.pre().assemble()
    /// })?;
    /// let steps = Rc::new(RefCell::new(Vec::new()));
    /// let seen = steps.clone();
    /// ts.set_pseudo_time_step(move |_step, _t, dt, _u| {
    ///     seen.borrow_mut().push(dt);
    ///     Ok(2.0 * dt)
    /// })?;
    /// ts.set_time_step(0.5)?;
    /// ts.set_max_steps(12)?;
    /// let mut u = Vector::from_slice(&c, &[0.0])?;
    /// ts.solve(&mut u)?.check()?;
    /// assert!((u.view()?[0] - 2.0).abs() < 1e-3);
    /// let steps = steps.borrow();
    /// assert!(steps.len() >= 2 && steps.windows(2).all(|w| w[1] == 2.0 * w[0]), "{steps:?}");
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "TSPseudoSetTimeStep")]
    pub fn set_pseudo_time_step<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(Int, Real, Real, &Vector) -> Result<Real> + 'static,
    {
        self.require_pseudo("Ts::set_pseudo_time_step")?;
        self.attach_hook(
            CallbackKind::TsPseudoTimeStep,
            Box::new(f) as Box<PseudoStepFn>,
            |ts| {
                // SAFETY: live pseudo integrator; the trampoline finds its closure
                // through it and needs no context.
                unsafe {
                    sys::TSPseudoSetTimeStep(ts, Some(pseudo_step_trampoline), std::ptr::null_mut())
                }
            },
        )
    }

    /// The factor PETSc's own rule grows the step by at most, at least 1
    /// (`TSPseudoSetTimeStepIncrement`, `-ts_pseudo_increment`; 1.1 by default). Needs the
    /// type `pseudo`.
    #[doc(alias = "TSPseudoSetTimeStepIncrement")]
    pub fn set_pseudo_time_step_increment(&mut self, inc: Real) -> Result<()> {
        const CTX: &str = "Ts::set_pseudo_time_step_increment";
        self.require_pseudo(CTX)?;
        if !(inc.is_finite() && inc >= 1.0) {
            return Err(Error::invalid(
                CTX,
                format!("the increment is {inc}; it must be finite and at least 1"),
            ));
        }
        // SAFETY: live pseudo integrator; the value is checked.
        check(unsafe { sys::TSPseudoSetTimeStepIncrement(self.ptr, inc) })
    }

    /// The largest step PETSc's own rule takes, positive or infinite
    /// (`TSPseudoSetMaxTimeStep`, `-ts_pseudo_max_dt`). Needs the type `pseudo`.
    #[doc(alias = "TSPseudoSetMaxTimeStep")]
    pub fn set_pseudo_max_time_step(&mut self, max_dt: Real) -> Result<()> {
        const CTX: &str = "Ts::set_pseudo_max_time_step";
        self.require_pseudo(CTX)?;
        if max_dt.is_nan() || max_dt <= 0.0 {
            return Err(Error::invalid(
                CTX,
                format!("the largest step is {max_dt}; it must be positive"),
            ));
        }
        // SAFETY: live pseudo integrator; the value is checked.
        check(unsafe { sys::TSPseudoSetMaxTimeStep(self.ptr, max_dt) })
    }

    /// Makes PETSc's own rule grow the step from the initial one, `dt = inc^n dt_0`,
    /// rather than from the previous one (`TSPseudoIncrementDtFromInitialDt`,
    /// `-ts_pseudo_increment_dt_from_initial_dt`). Needs the type `pseudo`.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut ts = petsc::Ts::new(&petsc.self_comm())?;
    /// assert!(ts.set_pseudo_time_step_increment(2.0).is_err()); // not pseudo yet
    /// ts.set_type(petsc::TsType::Pseudo)?;
    /// ts.set_pseudo_time_step_increment(2.0)?;
    /// ts.set_pseudo_max_time_step(100.0)?;
    /// ts.pseudo_increment_dt_from_initial_dt()?;
    /// assert!(ts.set_pseudo_time_step_increment(0.5).is_err());
    /// assert!(ts.set_pseudo_max_time_step(0.0).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "TSPseudoIncrementDtFromInitialDt")]
    pub fn pseudo_increment_dt_from_initial_dt(&mut self) -> Result<()> {
        self.require_pseudo("Ts::pseudo_increment_dt_from_initial_dt")?;
        // SAFETY: live pseudo integrator.
        check(unsafe { sys::TSPseudoIncrementDtFromInitialDt(self.ptr) })
    }

    /// An `Err` unless the integrator's type is `pseudo` (PETSc ignores these calls on
    /// other types).
    fn require_pseudo(&self, context: &str) -> Result<()> {
        let t = self.type_name()?;
        if t == "pseudo" {
            return Ok(());
        }
        Err(Error::invalid(
            context,
            format!(
                "the integrator's type is '{t}'; this needs 'pseudo' (set_type(TsType::Pseudo) first)"
            ),
        ))
    }
}
