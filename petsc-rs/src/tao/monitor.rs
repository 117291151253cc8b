//! Monitors: closures called with the [`TaoState`] at every iteration.

use std::os::raw::c_void;

use petsc_sys as sys;

use super::{Tao, TaoConvergedReason, TaoState, status_of};
use crate::callback::{CallbackKind, hand_over, release_at, run};
use crate::error::{Result, check, unlock_on_error};
use crate::scalar::{Int, Real};

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

/// A monitor closure lent its solver.
type MonitorWithSolverFn = dyn FnMut(&Tao, &TaoState) -> Result<()>;

unsafe extern "C" fn monitor_with_solver_trampoline(
    tao: sys::Tao,
    ctx: *mut c_void,
) -> sys::PetscErrorCode {
    let code = run::<MonitorWithSolverFn>(ctx, CallbackKind::TaoMonitor, |petsc, f| {
        // SAFETY: PETSc passes the live solver that is calling its monitors.
        let state = unsafe { status_of(tao) }?;
        // SAFETY: as above; the solver is lent for the call.
        let t = unsafe { Tao::from_raw_scoped(petsc, tao) }?;
        f(&t, &state)
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
    /// tao.solve()?.check()?;
    /// let seen = seen.borrow();
    /// assert_eq!(seen[0], (0, 625.0));
    /// assert_eq!(seen.last().unwrap().0, tao.solution_status()?.iteration);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "TaoSetMonitor")]
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

    /// As [`monitor`](Self::monitor), the closure `f(tao, state)` also lent the solver
    /// it monitors (petsc4py's monitors get their solver), to read its solution, its
    /// gradient, ...
    ///
    /// ```
    /// use std::{cell::RefCell, rc::Rc};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut tao = petsc::Tao::new(&petsc.self_comm())?;
    /// let seen = Rc::new(RefCell::new(Vec::new()));
    /// let log = seen.clone();
    /// tao.monitor_with_solver(move |tao, state| {
    ///     log.borrow_mut().push((state.iteration, tao.solution()?.view()?[0]));
    ///     Ok(())
    /// })?;
    /// tao.set_solution(&petsc::Vector::from_slice(&petsc.self_comm(), &[4.0])?)?;
    /// tao.run_monitors(0, 1.0, 1.0, 0.0, 0.0)?;
    /// assert_eq!(*seen.borrow(), vec![(0, 4.0)]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "TaoMonitorSet")]
    pub fn monitor_with_solver<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(&Tao, &TaoState) -> Result<()> + 'static,
    {
        let f: Box<MonitorWithSolverFn> = Box::new(f);
        hand_over(&self.petsc, CallbackKind::TaoMonitor, f, |ctx| {
            // SAFETY: live solver; the context is a registered monitor closure, released
            // by the destroy hook.
            unsafe {
                tao_monitor_set(
                    self.ptr,
                    Some(monitor_with_solver_trampoline),
                    ctx,
                    Some(release_at),
                )
            }
        })
    }

    /// Runs the update closure of [`set_update`](Self::set_update), if any, with the
    /// current iteration number, and then the objective at the solution, which it
    /// returns (`None` without a closure), as petsc4py's default solve does at the start
    /// of each step: for a solve of a type written in Rust ([`TaoImpl`](crate::TaoImpl)).
    pub fn compute_update(&mut self) -> Result<Option<Real>> {
        let mut f: Real = 0.0;
        let mut ran = sys::PETSC_BOOL_FALSE;
        // SAFETY: live solver; two outputs.
        check(unsafe { sys::petscrs_TaoComputeUpdate(self.ptr, &mut f, &mut ran) })?;
        Ok((ran == sys::PETSC_BOOL_TRUE).then_some(f))
    }

    /// Removes every monitor, including those set from options, dropping their closures
    /// (`TaoCancelMonitors`).
    #[doc(alias = "TaoCancelMonitors")]
    pub fn cancel_monitors(&mut self) -> Result<()> {
        // SAFETY: live solver; PETSc calls each monitor's destroy hook.
        check(unsafe { tao_monitor_cancel(self.ptr) })
    }

    crate::methods![for Tao;
        /// Records the state of `iteration` (objective `f`, `residual` (the gradient
        /// norm), constraint norm `cnorm`, step length `step`) as the solver's and calls
        /// every monitor with it (those of [`monitor`](Self::monitor) and from options,
        /// `-tao_monitor`), as an optimization method does at each iteration
        /// (`TaoMonitor`, petsc4py's `monitor`; collective). Then
        /// [`check_converged`](Self::check_converged) tests it. The solver must have its
        /// solution vector ([`set_solution`](Self::set_solution)). A monitor's `Err` is
        /// returned.
        ///
        /// ```
        /// use std::{cell::RefCell, rc::Rc};
        /// let petsc = petsc::Petsc::init()?;
        /// let mut tao = petsc::Tao::new(&petsc.self_comm())?;
        /// let seen = Rc::new(RefCell::new(Vec::new()));
        /// let log = seen.clone();
        /// tao.monitor(move |s| {
        ///     log.borrow_mut().push((s.iteration, s.f, s.gnorm));
        ///     Ok(())
        /// })?;
        /// assert!(tao.run_monitors(0, 3.0, 0.5, 0.0, 1.0).is_err()); // no solution yet
        /// tao.set_solution(&petsc::Vector::from_slice(&petsc.self_comm(), &[1.0])?)?;
        /// tao.run_monitors(0, 3.0, 0.5, 0.0, 1.0)?;
        /// assert_eq!(*seen.borrow(), vec![(0, 3.0, 0.5)]);
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn run_monitors(
            &mut self,
            iteration: Int where iteration >= 0,
            f: Real,
            residual: Real,
            cnorm: Real,
            step: Real,
        ) = TaoMonitor as "TaoMonitor", needs require_solution();

        /// Appends an iteration's objective, residual, constraint norm and total linear
        /// iterations to the record of
        /// [`set_convergence_history`](Self::set_convergence_history) (PETSc's private
        /// `TaoLogConvergenceHistory`); nothing when no record was asked for or it is
        /// full. For methods written outside PETSc.
        pub fn log_convergence_history(&mut self, f: Real, residual: Real, cnorm: Real, linear_its: Int)
            = petscrs_TaoLogConvergenceHistory as "TaoLogConvergenceHistory";
    ];

    /// Runs the solver's convergence test on the state [`run_monitors`](Self::run_monitors)
    /// recorded, sets the converged reason it finds and returns it, as an optimization
    /// method does at each iteration (petsc4py's `checkConverged`; collective). The
    /// default test compares the residual and the objective with the tolerances
    /// ([`set_tolerances`](Self::set_tolerances)) and the iteration and evaluation counts
    /// with their limits. The solver must have its solution vector
    /// ([`set_solution`](Self::set_solution)).
    ///
    /// ```
    /// use petsc::TaoConvergedReason;
    /// let petsc = petsc::Petsc::init()?;
    /// let mut tao = petsc::Tao::new(&petsc.self_comm())?;
    /// tao.set_type(petsc::TaoType::Lmvm)?; // its tolerances and limits
    /// assert!(tao.check_converged().is_err()); // no solution yet
    /// tao.set_solution(&petsc::Vector::from_slice(&petsc.self_comm(), &[1.0])?)?;
    /// tao.run_monitors(0, 1.0, 1.0, 0.0, 0.0)?;
    /// assert_eq!(tao.check_converged()?, TaoConvergedReason::Iterating);
    /// tao.run_monitors(1, 1.0, 1e-12, 0.0, 1.0)?;
    /// assert_eq!(tao.check_converged()?, TaoConvergedReason::ConvergedGatol);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "TaoConverged")]
    pub fn check_converged(&mut self) -> Result<TaoConvergedReason> {
        self.require_solution("Tao::check_converged")?;
        let mut r = sys::TaoConvergedReason::TAO_CONTINUE_ITERATING;
        // SAFETY: live solver; its test (PETSc's or a closure's trampoline) sets its reason.
        check(unsafe { sys::petscrs_TaoCheckConverged(self.ptr, &mut r) })?;
        Ok(TaoConvergedReason::from_raw(r.0))
    }
}

impl Tao {
    /// `Ok` when the solver has its solution vector, else an `Err` naming `context`.
    fn require_solution(&self, context: &str) -> Result<()> {
        if !self.raw_solution()?.is_null() {
            return Ok(());
        }
        Err(crate::error::Error::invalid(
            context,
            "no solution vector: call set_solution first",
        ))
    }
}
