//! Monitors: closures called with the [`TaoState`] at every iteration.

use std::os::raw::c_void;

use petsc_sys as sys;

use super::{Tao, TaoState, status_of};
use crate::callback::{CallbackKind, hand_over, release_at, run};
use crate::error::{Result, check, unlock_on_error};

/// A monitor closure.
type MonitorFn = dyn FnMut(&TaoState) -> Result<()>;

/// `TaoSetMonitor` trampoline.
unsafe extern "C" fn monitor_trampoline(tao: sys::Tao, ctx: *mut c_void) -> sys::PetscErrorCode {
    let code = run::<MonitorFn>(ctx, CallbackKind::TaoMonitor, |_, f| {
        // SAFETY: PETSc passes the live solver that is calling its monitors.
        let state = unsafe { status_of(tao) }?;
        f(&state)
    });
    if code != 0 {
        let mut x: sys::Vec = std::ptr::null_mut();
        // SAFETY: live solver; a raw call, so the pending callback error survives.
        if unsafe { sys::TaoGetSolution(tao, &mut x) } == 0 {
            // SAFETY: the solver's live solution, which TaoMonitor locked read-only.
            unsafe { unlock_on_error(code, &[x]) };
        }
    }
    code
}

// PETSc 3.21 renamed TaoSetMonitor and TaoCancelMonitors (the old names became inline
// functions, which have no symbol to link).
#[cfg(not(petsc_3_21))]
use sys::{TaoCancelMonitors as tao_monitor_cancel, TaoSetMonitor as tao_monitor_set};

#[cfg(petsc_3_21)]
use sys::{TaoMonitorCancel as tao_monitor_cancel, TaoMonitorSet as tao_monitor_set};

impl Tao {
    /// Adds a monitor called with the [`TaoState`] at every iteration, starting with
    /// iteration 0 (`TaoSetMonitor`). The closure is owned by the solver and dropped when
    /// it is destroyed or [`cancel_monitors`](Self::cancel_monitors) is called.
    ///
    /// An `Err` or a panic ends the solve, which returns it (naming `Tao monitor`). In
    /// parallel every process calls its monitors with the same values; a monitor should
    /// fail on all of them or on none.
    ///
    /// ```
    /// use std::{cell::RefCell, rc::Rc};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let x = petsc::Vector::from_slice(&c, &[5.0])?;
    /// let mut tao = petsc::Tao::new(&c)?;
    /// tao.set_type(petsc::TaoType::Lmvm)?;
    /// tao.set_solution(&x)?;
    /// tao.set_objective_and_gradient(|x, g| {
    ///     let v = x.view()?[0];
    ///     g.view_mut()?[0] = 4.0 * v.powi(3);
    ///     Ok(v.powi(4))
    /// })?;
    /// let seen = Rc::new(RefCell::new(Vec::new()));
    /// let log = seen.clone();
    /// tao.monitor(move |s| {
    ///     log.borrow_mut().push((s.iteration, s.f));
    ///     Ok(())
    /// })?;
    /// tao.solve()?;
    /// let seen = seen.borrow();
    /// assert_eq!(seen[0], (0, 625.0));
    /// assert_eq!(seen.last().unwrap().0, tao.solution_status()?.iteration);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn monitor<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(&TaoState) -> Result<()> + 'static,
    {
        let f: Box<MonitorFn> = Box::new(f);
        hand_over(&self.petsc, CallbackKind::TaoMonitor, f, |ctx| {
            // SAFETY: live solver; the context is a registered monitor closure, released
            // by the destroy hook.
            unsafe { tao_monitor_set(self.ptr, Some(monitor_trampoline), ctx, Some(release_at)) }
        })
    }

    /// Removes every monitor, including those set from options, dropping their closures
    /// (`TaoCancelMonitors`).
    pub fn cancel_monitors(&mut self) -> Result<()> {
        // SAFETY: live solver; PETSc calls each monitor's destroy hook.
        check(unsafe { tao_monitor_cancel(self.ptr) })
    }
}
