//! What runs around the steps: monitors, the pre-step, pre-stage and post-step
//! closures and the initial condition (kept with the `TS`, where PETSc keeps these
//! routines).

use std::os::raw::c_void;

use petsc_sys as sys;

use super::Ts;
use crate::callback::{CallbackKind, attach, attached, call, hand_over, release_at, run};
use crate::dm::Dm;
use crate::error::{Result, check, run_callback, unlock_on_error};
use crate::scalar::{Int, Real};
use crate::vec::Vector;

/// A pre-step or post-step closure: `f(step, t, u)`.
type StepFn = dyn FnMut(Int, Real, &Vector) -> Result<()>;

/// A pre-stage closure: `f(stage_time)`.
type StageFn = dyn FnMut(Real) -> Result<()>;

/// The body of the `TSSetPreStep` and `TSSetPostStep` trampolines: PETSc passes only
/// the integrator, so the closure of `kind` is found through it and called with the
/// step number, the time and the solution.
///
/// # Safety
/// `ts` must be a live integrator.
unsafe fn step_hook(ts: sys::TS, kind: CallbackKind) -> sys::PetscErrorCode {
    run_callback(kind.name(), || {
        // SAFETY: live integrator.
        let ctx = unsafe { attached(ts as sys::PetscObject, kind) }?;
        call::<StepFn, _>(ctx, kind, |petsc, g| {
            let (mut step, mut t): (Int, Real) = (0, 0.0);
            let mut u: sys::Vec = std::ptr::null_mut();
            // SAFETY: live integrator; PETSc writes the values.
            check(unsafe { sys::TSGetStepNumber(ts, &mut step) })?;
            // SAFETY: as above.
            check(unsafe { sys::TSGetTime(ts, &mut t) })?;
            // SAFETY: as above; the solution is borrowed from the integrator.
            check(unsafe { sys::TSGetSolution(ts, &mut u) })?;
            // SAFETY: `u` is the integrator's live solution; the handle takes a reference.
            let uv = unsafe { Vector::from_raw_lent(petsc, u) }?;
            g(step, t, &uv)
        })
    })
}

/// `TSSetPostStep` trampoline.
unsafe extern "C" fn post_step_trampoline(ts: sys::TS) -> sys::PetscErrorCode {
    // SAFETY: PETSc passes its live integrator.
    unsafe { step_hook(ts, CallbackKind::TsPostStep) }
}

/// `TSSetPreStep` trampoline.
unsafe extern "C" fn pre_step_trampoline(ts: sys::TS) -> sys::PetscErrorCode {
    // SAFETY: PETSc passes its live integrator.
    unsafe { step_hook(ts, CallbackKind::TsPreStep) }
}

/// `TSSetPreStage` trampoline.
unsafe extern "C" fn pre_stage_trampoline(ts: sys::TS, t: Real) -> sys::PetscErrorCode {
    const KIND: CallbackKind = CallbackKind::TsPreStage;
    run_callback(KIND.name(), || {
        // SAFETY: live integrator.
        let ctx = unsafe { attached(ts as sys::PetscObject, KIND) }?;
        call::<StageFn, _>(ctx, KIND, |_, g| g(t))
    })
}

/// An initial condition closure: `f(dm, t, u)`.
type InitialConditionFn = dyn FnMut(&Dm, Real, &mut Vector) -> Result<()>;

/// `TSSetComputeInitialCondition` trampoline: PETSc passes the integrator and the
/// vector, and the closure is found through the integrator.
unsafe extern "C" fn initial_condition_trampoline(ts: sys::TS, u: sys::Vec) -> sys::PetscErrorCode {
    const KIND: CallbackKind = CallbackKind::TsComputeInitialCondition;
    run_callback(KIND.name(), || {
        // SAFETY: PETSc passes its live integrator.
        let ctx = unsafe { attached(ts as sys::PetscObject, KIND) }?;
        call::<InitialConditionFn, _>(ctx, KIND, |petsc, g| {
            let mut t: Real = 0.0;
            let mut dm: sys::DM = std::ptr::null_mut();
            // SAFETY: live integrator; PETSc writes the values.
            check(unsafe { sys::TSGetTime(ts, &mut t) })?;
            // SAFETY: as above; the DM is borrowed from the integrator.
            check(unsafe { sys::TSGetDM(ts, &mut dm) })?;
            // SAFETY: the integrator's live DM; the handle takes its own reference.
            let dmh = unsafe { Dm::from_raw_borrowed(petsc, dm) }?;
            // SAFETY: PETSc's live vector for the call; the handle takes a reference.
            let mut uv = unsafe { Vector::from_raw_lent(petsc, u) }?;
            g(&dmh, t, &mut uv)?;
            uv.written_in_place(u)
        })
    })
}

/// A monitor closure.
type MonitorFn = dyn FnMut(Int, Real, &Vector) -> Result<()>;

/// `TSMonitorSet` trampoline.
unsafe extern "C" fn monitor_trampoline(
    _ts: sys::TS,
    step: Int,
    t: Real,
    u: sys::Vec,
    ctx: *mut c_void,
) -> sys::PetscErrorCode {
    let code = run::<MonitorFn>(ctx, CallbackKind::TsMonitor, |petsc, f| {
        // SAFETY: `u` is live for the call; the handle takes a reference.
        let uv = unsafe { Vector::from_raw_lent(petsc, u) }?;
        f(step, t, &uv)
    });
    // SAFETY: the vectors are live for the call; TSMonitor locked `u` read-only.
    unsafe { unlock_on_error(code, &[u]) }
}

/// A monitor closure that gets the integrator.
type MonitorWithSolverFn = dyn FnMut(&Ts, Int, Real, &Vector) -> Result<()>;

/// `TSMonitorSet` trampoline of [`Ts::monitor_with_solver`].
unsafe extern "C" fn monitor_with_solver_trampoline(
    ts: sys::TS,
    step: Int,
    t: Real,
    u: sys::Vec,
    ctx: *mut c_void,
) -> sys::PetscErrorCode {
    let code = run::<MonitorWithSolverFn>(ctx, CallbackKind::TsMonitor, |petsc, f| {
        // SAFETY: PETSc passes its live integrator for the call, lent to the closure.
        let tsh = unsafe { Ts::from_raw_scoped(petsc, ts) }?;
        // SAFETY: `u` is live for the call, lent.
        let uv = unsafe { Vector::from_raw_scoped(petsc, u) }?;
        f(&tsh, step, t, &uv)
    });
    // SAFETY: the vectors are live for the call; TSMonitor locked `u` read-only.
    unsafe { unlock_on_error(code, &[u]) }
}

impl Ts {
    /// Adds a monitor called as `f(step, t, u)` before the first step (step 0) and after
    /// every step (`TSMonitorSet`). The closure is owned by the integrator and dropped
    /// when it is destroyed or [`cancel_monitors`](Self::cancel_monitors) is called. An
    /// `Err` or a panic ends the solve, and [`solve`](Self::solve) returns it.
    ///
    /// ```
    /// use std::{cell::RefCell, rc::Rc};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut ts = petsc::Ts::new(&c)?;
    /// ts.set_rhs_function(None, |_t, _u, f| f.set(1.0))?; // u' = 1
    /// let seen = Rc::new(RefCell::new(Vec::new()));
    /// let log = seen.clone();
    /// ts.monitor(move |step, t, u| {
    ///     log.borrow_mut().push((step, t, u.view()?[0]));
    ///     Ok(())
    /// })?;
    /// ts.set_time_step(0.5)?;
    /// ts.set_max_steps(2)?;
    /// let mut u = petsc::Vector::from_slice(&c, &[0.0])?;
    /// ts.solve(&mut u)?.check()?;
    /// assert_eq!(*seen.borrow(), vec![(0, 0.0, 0.0), (1, 0.5, 0.5), (2, 1.0, 1.0)]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "TSMonitorSet")]
    pub fn monitor<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(Int, Real, &Vector) -> Result<()> + 'static,
    {
        let f: Box<MonitorFn> = Box::new(f);
        hand_over(&self.petsc, CallbackKind::TsMonitor, f, |ctx| {
            // SAFETY: live integrator; the context is a registered monitor closure,
            // released by the destroy hook.
            unsafe { sys::TSMonitorSet(self.ptr, Some(monitor_trampoline), ctx, Some(release_at)) }
        })
    }

    /// Adds a monitor that also gets the integrator, called as `f(ts, step, t, u)` where
    /// [`monitor`](Self::monitor) calls `f(step, t, u)` (`TSMonitorSet`; petsc4py's
    /// monitors get the TS too). The integrator is lent for the call: the closure reads it
    /// (its time step, its SNES, ...) but cannot keep it. Owned and dropped as
    /// [`monitor`](Self::monitor)'s closures are.
    ///
    /// ```
    /// use std::{cell::RefCell, rc::Rc};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut ts = petsc::Ts::new(&c)?;
    /// ts.set_rhs_function(None, |_t, _u, f| f.set(1.0))?;
    /// let seen = Rc::new(RefCell::new(Vec::new()));
    /// let log = seen.clone();
    /// ts.monitor_with_solver(move |ts, step, _t, _u| {
    ///     log.borrow_mut().push((step, ts.time_step()?));
    ///     Ok(())
    /// })?;
    /// ts.set_time_step(0.5)?;
    /// ts.set_max_steps(1)?;
    /// let mut u = petsc::Vector::from_slice(&c, &[0.0])?;
    /// ts.solve(&mut u)?.check()?;
    /// assert_eq!(*seen.borrow(), vec![(0, 0.5), (1, 0.5)]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "TSMonitorSet")]
    pub fn monitor_with_solver<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(&Ts, Int, Real, &Vector) -> Result<()> + 'static,
    {
        let f: Box<MonitorWithSolverFn> = Box::new(f);
        hand_over(&self.petsc, CallbackKind::TsMonitor, f, |ctx| {
            // SAFETY: live integrator; the context is a registered monitor closure,
            // released by the destroy hook.
            unsafe {
                sys::TSMonitorSet(
                    self.ptr,
                    Some(monitor_with_solver_trampoline),
                    ctx,
                    Some(release_at),
                )
            }
        })
    }

    /// Calls every monitor of the integrator, those of [`monitor`](Self::monitor) and
    /// those set from options (`-ts_monitor`), with `step`, `t` and `u`, as the
    /// integrator does after each step (`TSMonitor`, petsc4py's `monitor`; collective).
    /// Without `u`, the integrator's solution is given (an `Err` when it has none yet).
    /// A monitor's `Err` is returned.
    ///
    /// ```
    /// use std::{cell::Cell, rc::Rc};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut ts = petsc::Ts::new(&c)?;
    /// let calls = Rc::new(Cell::new(0));
    /// let count = calls.clone();
    /// ts.monitor(move |step, t, u| {
    ///     assert_eq!((step, t, u.view()?[0]), (4, 0.5, 2.0));
    ///     count.set(count.get() + 1);
    ///     Ok(())
    /// })?;
    /// let u = petsc::Vector::from_slice(&c, &[2.0])?;
    /// ts.run_monitors(4, 0.5, Some(&u))?;
    /// assert!(ts.run_monitors(4, 0.5, None).is_err()); // no solution yet
    /// ts.set_solution(&u)?;
    /// ts.run_monitors(4, 0.5, None)?;
    /// assert_eq!(calls.get(), 2);
    /// ts.cancel_monitors()?;
    /// ts.run_monitors(4, 0.5, None)?;
    /// assert_eq!(calls.get(), 2);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "TSMonitor")]
    pub fn run_monitors(&mut self, step: Int, t: Real, u: Option<&Vector>) -> Result<()> {
        const CTX: &str = "Ts::run_monitors";
        let kept;
        let u = match u {
            Some(u) => u,
            None => {
                kept = self.solution().map_err(|_| {
                    crate::error::Error::invalid(
                        CTX,
                        "no vector given and the integrator has no solution yet",
                    )
                })?;
                &kept
            }
        };
        // A view of `u` alive on some ranks only fails there only.
        let raw = crate::comm::agree_over(self.ptr as sys::PetscObject, CTX, u.raw_read(CTX))?;
        // SAFETY: live integrator and vector; PETSc read-locks the vector for the call.
        check(unsafe { sys::TSMonitor(self.ptr, step, t, raw) })
    }

    crate::methods![for Ts;
        /// Removes every monitor, including those set from options, dropping their closures
        /// (`TSMonitorCancel`).
        pub fn cancel_monitors(&mut self) = TSMonitorCancel as "TSMonitorCancel";
    ];

    /// Sets a closure called as `f(step, t, u)` after every completed step
    /// (`TSSetPostStep`), for example to clip or renormalize the solution (`u` may be
    /// changed through [`Vector`]'s methods, as in C). It replaces any earlier one and is
    /// owned by the integrator. An `Err` or a panic ends the solve.
    ///
    /// ```
    /// use std::{cell::Cell, rc::Rc};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut ts = petsc::Ts::new(&c)?;
    /// ts.set_rhs_function(None, |_t, _u, f| f.set(1.0))?;
    /// let steps = Rc::new(Cell::new(0));
    /// let count = steps.clone();
    /// ts.set_post_step(move |step, _t, _u| {
    ///     count.set(step);
    ///     Ok(())
    /// })?;
    /// ts.set_time_step(0.1)?;
    /// ts.set_max_steps(3)?;
    /// let mut u = petsc::Vector::from_slice(&c, &[0.0])?;
    /// ts.solve(&mut u)?.check()?;
    /// assert_eq!(steps.get(), 3);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "TSSetPostStep")]
    pub fn set_post_step<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(Int, Real, &Vector) -> Result<()> + 'static,
    {
        self.attach_hook(CallbackKind::TsPostStep, Box::new(f) as Box<StepFn>, |ts| {
            // SAFETY: live integrator; the trampoline finds its closure through it.
            unsafe { sys::TSSetPostStep(ts, Some(post_step_trampoline)) }
        })
    }

    /// Sets a closure called as `f(step, t, u)` before every step (`TSSetPreStep`),
    /// with the step number and time the step starts from; it may change `u` through
    /// [`Vector`]'s methods, as in C. It replaces any earlier one and is owned by
    /// the integrator. An `Err` or a panic ends the solve.
    ///
    /// ```
    /// use std::{cell::RefCell, rc::Rc};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut ts = petsc::Ts::new(&c)?;
    /// ts.set_rhs_function(None, |_t, _u, f| f.set(1.0))?;
    /// let seen = Rc::new(RefCell::new(Vec::new()));
    /// let log = seen.clone();
    /// ts.set_pre_step(move |step, t, _u| {
    ///     log.borrow_mut().push((step, t));
    ///     Ok(())
    /// })?;
    /// ts.set_time_step(0.5)?;
    /// ts.set_max_steps(2)?;
    /// let mut u = petsc::Vector::from_slice(&c, &[0.0])?;
    /// ts.solve(&mut u)?.check()?;
    /// assert_eq!(*seen.borrow(), vec![(0, 0.0), (1, 0.5)]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "TSSetPreStep")]
    pub fn set_pre_step<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(Int, Real, &Vector) -> Result<()> + 'static,
    {
        self.attach_hook(CallbackKind::TsPreStep, Box::new(f) as Box<StepFn>, |ts| {
            // SAFETY: live integrator; the trampoline finds its closure through it.
            unsafe { sys::TSSetPreStep(ts, Some(pre_step_trampoline)) }
        })
    }

    /// Sets a closure called as `f(stage_time)` before every stage of a multistage
    /// method (`TSSetPreStage`): 4 calls per step of classical RK4. It replaces any
    /// earlier one and is owned by the integrator. An `Err` or a panic ends the solve.
    ///
    /// ```
    /// use std::{cell::RefCell, rc::Rc};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut ts = petsc::Ts::new(&c)?;
    /// ts.set_type(petsc::TsType::Rk)?;
    /// ts.set_rk_type("4")?;
    /// ts.set_rhs_function(None, |_t, _u, f| f.set(1.0))?;
    /// let seen = Rc::new(RefCell::new(Vec::new()));
    /// let log = seen.clone();
    /// ts.set_pre_stage(move |t| {
    ///     log.borrow_mut().push(t);
    ///     Ok(())
    /// })?;
    /// ts.set_adapt_type("none")?;
    /// ts.set_time_step(1.0)?;
    /// ts.set_max_steps(1)?;
    /// let mut u = petsc::Vector::from_slice(&c, &[0.0])?;
    /// ts.solve(&mut u)?.check()?;
    /// assert_eq!(*seen.borrow(), vec![0.0, 0.5, 0.5, 1.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "TSSetPreStage")]
    pub fn set_pre_stage<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(Real) -> Result<()> + 'static,
    {
        self.attach_hook(
            CallbackKind::TsPreStage,
            Box::new(f) as Box<StageFn>,
            |ts| {
                // SAFETY: live integrator; the trampoline finds its closure through it.
                unsafe { sys::TSSetPreStage(ts, Some(pre_stage_trampoline)) }
            },
        )
    }

    /// Sets the closure that computes the initial condition, called as `f(dm, t, u)`
    /// with the integrator's DM and time (`TSSetComputeInitialCondition`): it writes
    /// the state at time `t` into `u`, a global vector of `dm`. PETSc calls it when it
    /// restarts a solve by itself: `-ts_convergence_estimate` solves again on refined
    /// meshes (`dm` is then the refined mesh) or with smaller steps, each from the
    /// initial condition. [`compute_initial_condition`](Self::compute_initial_condition)
    /// calls it too. It replaces any earlier one and is owned by the integrator; an
    /// `Err` or a panic fails the call that ran it.
    ///
    /// ```
    /// use petsc::{DmBase, Object, Scalar};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let da = petsc::Da::grid(&c).sizes([4]).build()?;
    /// let mut ts = petsc::Ts::new(&c)?;
    /// ts.set_dm(&da)?;
    /// ts.set_time(2.0)?;
    /// ts.set_compute_initial_condition(|dm, t, u| {
    ///     assert_eq!(dm.type_name()?, "da");
    ///     u.set(Scalar::from(t))
    /// })?;
    /// let mut u = da.create_global_vector()?;
    /// ts.compute_initial_condition(&mut u)?;
    /// assert_eq!(u.sum()?, Scalar::from(8.0));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "TSSetComputeInitialCondition")]
    pub fn set_compute_initial_condition<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(&Dm, Real, &mut Vector) -> Result<()> + 'static,
    {
        self.attach_hook(
            CallbackKind::TsComputeInitialCondition,
            Box::new(f) as Box<InitialConditionFn>,
            |ts| {
                // SAFETY: live integrator; the trampoline finds its closure through it.
                unsafe { sys::TSSetComputeInitialCondition(ts, Some(initial_condition_trampoline)) }
            },
        )
    }

    /// Writes the initial condition into `u` with the closure of
    /// [`set_compute_initial_condition`](Self::set_compute_initial_condition)
    /// (`TSComputeInitialCondition`); without one, `u` is left as it is.
    #[doc(alias = "TSComputeInitialCondition")]
    pub fn compute_initial_condition(&mut self, u: &mut Vector) -> Result<()> {
        const CTX: &str = "Ts::compute_initial_condition";
        Vector::accessible_over(self, CTX, &[], &[&*u])?;
        // SAFETY: live integrator and vector, writable (`raw_write` checks views).
        check(unsafe { sys::TSComputeInitialCondition(self.ptr, u.raw_write(CTX)?) })
    }

    /// Keeps `f` with the integrator under `kind` and installs its trampoline with
    /// `set` (routines PETSc calls with the integrator only): the one path of the hooks.
    pub(super) fn attach_hook<F: ?Sized + 'static>(
        &mut self,
        kind: CallbackKind,
        f: Box<F>,
        set: impl FnOnce(sys::TS) -> sys::PetscErrorCode,
    ) -> Result<()> {
        // SAFETY: live integrator; the closure is kept with it.
        unsafe { attach(&self.petsc, self.ptr as sys::PetscObject, kind, f) }?;
        check(set(self.ptr))
    }
}
