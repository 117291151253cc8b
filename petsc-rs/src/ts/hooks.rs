//! What runs around the steps: monitors and the post-step closure.

use std::os::raw::c_void;

use petsc_sys as sys;

use super::Ts;
use crate::callback::{attach, attached, call, hand_over, release_at, run, CallbackKind};
use crate::error::{check, run_callback, unlock_on_error, Result};
use crate::pc::borrowed_vec;
use crate::vec::Vector;
use crate::{Int, Real};

type PostStepFn = dyn FnMut(Int, Real, &Vector) -> Result<()>;

/// `TSSetPostStep` trampoline: PETSc passes only the integrator, so the closure is
/// found through it.
unsafe extern "C" fn post_step_trampoline(ts: sys::TS) -> sys::PetscErrorCode {
    const KIND: CallbackKind = CallbackKind::TsPostStep;
    run_callback(KIND.name(), || {
        // SAFETY: live integrator.
        let ctx = unsafe { attached(ts as sys::PetscObject, KIND) }?;
        call::<PostStepFn, _>(ctx, KIND, |petsc, g| {
            let (mut step, mut t): (Int, Real) = (0, 0.0);
            let mut u: sys::Vec = std::ptr::null_mut();
            // SAFETY: live integrator; PETSc writes the values.
            check(unsafe { sys::TSGetStepNumber(ts, &mut step) })?;
            // SAFETY: as above.
            check(unsafe { sys::TSGetTime(ts, &mut t) })?;
            // SAFETY: as above; the solution is borrowed from the integrator.
            check(unsafe { sys::TSGetSolution(ts, &mut u) })?;
            // SAFETY: `u` is the integrator's live solution; the handle takes a reference.
            let uv = unsafe { borrowed_vec(petsc, u) }?;
            g(step, t, &uv)
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
        let uv = unsafe { borrowed_vec(petsc, u) }?;
        f(step, t, &uv)
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
    /// ts.solve(&mut u)?;
    /// assert_eq!(*seen.borrow(), vec![(0, 0.0, 0.0), (1, 0.5, 0.5), (2, 1.0, 1.0)]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
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

    /// Removes every monitor, including those set from options, dropping their closures
    /// (`TSMonitorCancel`).
    pub fn cancel_monitors(&mut self) -> Result<()> {
        // SAFETY: live integrator; PETSc calls each monitor's destroy hook.
        check(unsafe { sys::TSMonitorCancel(self.ptr) })
    }

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
    /// ts.solve(&mut u)?;
    /// assert_eq!(steps.get(), 3);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn set_post_step<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(Int, Real, &Vector) -> Result<()> + 'static,
    {
        let f: Box<PostStepFn> = Box::new(f);
        // SAFETY: live integrator; the closure is kept with it.
        unsafe {
            attach(
                &self.petsc,
                self.ptr as sys::PetscObject,
                CallbackKind::TsPostStep,
                f,
            )
        }?;
        // SAFETY: live integrator; the trampoline finds its closure through it.
        check(unsafe { sys::TSSetPostStep(self.ptr, Some(post_step_trampoline)) })
    }
}
