//! Monitors of a [`Snes`] (`SNESMonitorSet`).

use std::os::raw::c_void;

use petsc_sys as sys;

use super::Snes;
use crate::callback::{CallbackKind, hand_over, release_at, run};
use crate::error::{Error, Result, check, unlock_on_error};
use crate::scalar::{Int, Real};

/// A monitor closure.
type MonitorFn = dyn FnMut(Int, Real) -> Result<()>;

/// A monitor closure lent its solver.
type MonitorWithSolverFn = dyn FnMut(&Snes, Int, Real) -> Result<()>;

/// `SNESMonitorSet` trampoline of [`Snes::monitor_with_solver`].
unsafe extern "C" fn monitor_with_solver_trampoline(
    snes: sys::SNES,
    it: Int,
    fnorm: Real,
    ctx: *mut c_void,
) -> sys::PetscErrorCode {
    let code = run::<MonitorWithSolverFn>(ctx, CallbackKind::SnesMonitor, |petsc, f| {
        // SAFETY: PETSc passes the live solver calling its monitors, lent for the call.
        let s = unsafe { Snes::from_raw_scoped(petsc, snes) }?;
        f(&s, it, fnorm)
    });
    if code != 0 {
        let mut x: sys::Vec = std::ptr::null_mut();
        // SAFETY: live solver; a raw call, so the pending callback error survives.
        if unsafe { sys::SNESGetSolution(snes, &mut x) } == 0 {
            // SAFETY: the solver's live solution, which SNESMonitor locked read-only.
            unsafe { unlock_on_error(code, &[x]) };
        }
    }
    code
}

/// `SNESMonitorSet` trampoline.
unsafe extern "C" fn monitor_trampoline(
    snes: sys::SNES,
    it: Int,
    fnorm: Real,
    ctx: *mut c_void,
) -> sys::PetscErrorCode {
    let code = run::<MonitorFn>(ctx, CallbackKind::SnesMonitor, |_, f| f(it, fnorm));
    if code != 0 {
        let mut x: sys::Vec = std::ptr::null_mut();
        // SAFETY: live solver; a raw call, so the pending callback error survives.
        if unsafe { sys::SNESGetSolution(snes, &mut x) } == 0 {
            // SAFETY: the solver's live solution, which SNESMonitor locked read-only.
            unsafe { unlock_on_error(code, &[x]) };
        }
    }
    code
}

impl Snes {
    /// Adds a monitor called as `f(iteration, ||F||)` at every nonlinear iteration,
    /// starting with iteration 0 (`SNESMonitorSet`). The closure is owned by the solver
    /// and dropped when the solver is destroyed or
    /// [`cancel_monitors`](Self::cancel_monitors) is called. An `Err` or a panic ends the
    /// solve, and [`solve`](Self::solve) returns it.
    ///
    /// ```
    /// use std::{cell::RefCell, rc::Rc};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut snes = petsc::Snes::new(&c)?;
    /// snes.set_function(petsc::Vector::new_seq(&c, 1)?, |x, f| {
    ///     let x0 = x.view()?[0];
    ///     f.view_mut()?[0] = x0 * x0 - 4.0;
    ///     Ok(())
    /// })?;
    /// let j = petsc::Mat::aij(&c).sizes(petsc::Sizes::global(1, 1)).preallocate(1, 0).build()?;
    /// snes.set_jacobian(&j, None, |x, jac| {
    ///     let x0 = x.view()?[0];
    ///     jac.pre().set_value(0, 0, 2.0 * x0, petsc::InsertMode::Insert)?;
    ///     jac.pre().assemble()
    /// })?;
    /// let norms = Rc::new(RefCell::new(Vec::new()));
    /// let log = norms.clone();
    /// snes.monitor(move |_it, fnorm| {
    ///     log.borrow_mut().push(fnorm);
    ///     Ok(())
    /// })?;
    /// let mut x = petsc::Vector::from_slice(&c, &[3.0])?;
    /// snes.solve(None, &mut x)?.check()?;
    /// assert_eq!(norms.borrow().len() as petsc::Int, snes.iteration_number()? + 1);
    /// assert_eq!(*norms.borrow().last().unwrap(), snes.function_norm()?);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "SNESMonitorSet")]
    pub fn monitor<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(Int, Real) -> Result<()> + 'static,
    {
        let f: Box<MonitorFn> = Box::new(f);
        hand_over(&self.petsc, CallbackKind::SnesMonitor, f, |ctx| {
            // SAFETY: live solver; the context is a registered monitor closure, released
            // by the destroy hook.
            unsafe {
                sys::SNESMonitorSet(self.ptr, Some(monitor_trampoline), ctx, Some(release_at))
            }
        })
    }

    /// As [`monitor`](Self::monitor), the closure `f(snes, iteration, ||F||)` also lent
    /// the solver it monitors (petsc4py's monitors get their solver), to read its state:
    /// the solution, the residual, the linear iterations, ...
    ///
    /// ```
    /// use std::{cell::RefCell, rc::Rc};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut snes = petsc::Snes::new(&petsc.self_comm())?;
    /// let seen = Rc::new(RefCell::new(Vec::new()));
    /// let log = seen.clone();
    /// snes.monitor_with_solver(move |snes, it, _fnorm| {
    ///     log.borrow_mut().push((it, snes.iteration_number()?));
    ///     Ok(())
    /// })?;
    /// snes.set_solution(&petsc::Vector::from_slice(&petsc.self_comm(), &[1.0])?)?;
    /// snes.run_monitors(2, 0.5)?;
    /// assert_eq!(*seen.borrow(), vec![(2, 0)]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "SNESMonitorSet")]
    pub fn monitor_with_solver<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(&Snes, Int, Real) -> Result<()> + 'static,
    {
        let f: Box<MonitorWithSolverFn> = Box::new(f);
        hand_over(&self.petsc, CallbackKind::SnesMonitor, f, |ctx| {
            // SAFETY: live solver; the context is a registered monitor closure, released
            // by the destroy hook.
            unsafe {
                sys::SNESMonitorSet(
                    self.ptr,
                    Some(monitor_with_solver_trampoline),
                    ctx,
                    Some(release_at),
                )
            }
        })
    }

    /// Runs the update closure of [`set_update`](Self::set_update), if any, with the
    /// current iteration number, as PETSc's methods do at the start of each step: for a
    /// solve of a type written in Rust ([`SnesImpl`](crate::SnesImpl)).
    pub fn compute_update(&mut self) -> Result<()> {
        // SAFETY: live solver.
        check(unsafe { sys::petscrs_SNESComputeUpdate(self.ptr) })
    }

    crate::methods![for Snes;
        /// Removes every monitor, including those set from options, dropping their closures
        /// (`SNESMonitorCancel`).
        pub fn cancel_monitors(&mut self) = SNESMonitorCancel as "SNESMonitorCancel";

        /// Calls every monitor of the solver, those of [`monitor`](Self::monitor) and those
        /// set from options (`-snes_monitor`), with `iteration` and the residual norm
        /// `fnorm`, as a nonlinear method does at each iteration (`SNESMonitor`, petsc4py's
        /// `monitor`; collective). The solver must have its solution vector (inside a
        /// solve, or after [`set_solution`](Self::set_solution)): monitors read it. A
        /// monitor's `Err` is returned.
        ///
        /// ```
        /// use std::{cell::RefCell, rc::Rc};
        /// let petsc = petsc::Petsc::init()?;
        /// let mut snes = petsc::Snes::new(&petsc.self_comm())?;
        /// let seen = Rc::new(RefCell::new(Vec::new()));
        /// let log = seen.clone();
        /// snes.monitor(move |it, fnorm| {
        ///     log.borrow_mut().push((it, fnorm));
        ///     Ok(())
        /// })?;
        /// assert!(snes.run_monitors(2, 0.5).is_err()); // no solution vector yet
        /// snes.set_solution(&petsc::Vector::from_slice(&petsc.self_comm(), &[1.0])?)?;
        /// snes.run_monitors(2, 0.5)?;
        /// assert_eq!(*seen.borrow(), vec![(2, 0.5)]);
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn run_monitors(&mut self, iteration: Int where iteration >= 0, fnorm: Real)
            = SNESMonitor as "SNESMonitor", needs require_solution();
    ];
}

impl Snes {
    /// Starts recording the residual norm and the number of linear iterations of each
    /// nonlinear iteration (`SNESSetConvergenceHistory`), in storage PETSc allocates for
    /// `length` entries (`None`: 1000; `Some(0)`: none, as in PETSc) and frees with the
    /// solver; with `reset` each solve starts a new record, otherwise solves append.
    /// Called again (petsc4py sets it before each solve), it starts a new record, the
    /// storage of the earlier one freed (which PETSc alone would leak). Read it with
    /// [`convergence_history`](Self::convergence_history).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut snes = petsc::Snes::new(&c)?;
    /// snes.set_function(petsc::Vector::new_seq(&c, 1)?, |x, f| {
    ///     let x0 = x.view()?[0];
    ///     f.view_mut()?[0] = x0 * x0 - 4.0;
    ///     Ok(())
    /// })?;
    /// snes.set_use_mf(true)?;
    /// snes.set_convergence_history(None, true)?;
    /// let mut x = petsc::Vector::from_slice(&c, &[3.0])?;
    /// snes.solve(None, &mut x)?.check()?;
    /// let (norms, lits) = snes.convergence_history()?;
    /// assert_eq!(norms.len() as petsc::Int, snes.iteration_number()? + 1);
    /// assert_eq!(norms[0], 5.0); // |3^2 - 4|
    /// assert_eq!(lits.len(), norms.len());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "SNESSetConvergenceHistory")]
    pub fn set_convergence_history(&mut self, length: Option<Int>, reset: bool) -> Result<()> {
        const CTX: &str = "Snes::set_convergence_history";
        if let Some(n) = length {
            if n < 0 {
                return Err(Error::invalid(
                    CTX,
                    format!("length is {n}; it must be 0 or more"),
                ));
            }
        }
        let b = if reset {
            sys::PETSC_BOOL_TRUE
        } else {
            sys::PETSC_BOOL_FALSE
        };
        // SAFETY: live solver; PETSc allocates (and frees) the record, the shim frees
        // the one PETSc allocated at an earlier call first.
        check(unsafe {
            sys::petscrs_SNESSetConvergenceHistoryAgain(
                self.ptr,
                length.unwrap_or(sys::PETSC_DECIDE as Int),
                b,
            )
        })
    }

    /// The recorded residual norms and linear iterations, one entry per nonlinear
    /// iteration from the initial guess on (`SNESGetConvergenceHistory`); empty when
    /// [`set_convergence_history`](Self::set_convergence_history) was not called.
    #[doc(alias = "SNESGetConvergenceHistory")]
    pub fn convergence_history(&self) -> Result<(Vec<Real>, Vec<Int>)> {
        let (a, its, n) = self.history_raw()?;
        let (Some(a), Some(its)) = (a, its) else {
            return Ok((Vec::new(), Vec::new()));
        };
        let n = usize::try_from(n).unwrap_or(0);
        // SAFETY: PETSc's arrays hold at least `n` recorded entries, alive while the
        // solver is; copied at once.
        unsafe {
            Ok((
                std::slice::from_raw_parts(a, n).to_vec(),
                std::slice::from_raw_parts(its, n).to_vec(),
            ))
        }
    }

    /// Adds an entry to the history, as a method does after each iteration (the
    /// private `SNESLogConvergenceHistory`): ignored when no history is recorded or it is
    /// full. `norm` must be finite and not negative, `linear_its` not negative.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut snes = petsc::Snes::new(&petsc.self_comm())?;
    /// snes.set_convergence_history(Some(4), false)?;
    /// snes.log_convergence_history(0.5, 3)?;
    /// assert_eq!(snes.convergence_history()?, (vec![0.5], vec![3]));
    /// assert!(snes.log_convergence_history(-1.0, 0).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "SNESLogConvergenceHistory")]
    pub fn log_convergence_history(&mut self, norm: Real, linear_its: Int) -> Result<()> {
        const CTX: &str = "Snes::log_convergence_history";
        crate::error::check_tolerance(CTX, "norm", Some(norm))?;
        crate::error::check_count(CTX, "linear_its", Some(linear_its), 0)?;
        // SAFETY: live solver.
        check(unsafe { sys::petscrs_SNESLogConvergenceHistory(self.ptr, norm, linear_its) })
    }

    /// PETSc's history arrays (null: `None`) and the number of entries recorded.
    fn history_raw(&self) -> Result<(Option<*const Real>, Option<*const Int>, Int)> {
        let mut a: *mut Real = std::ptr::null_mut();
        let mut its: *mut Int = std::ptr::null_mut();
        let mut n: Int = 0;
        // SAFETY: live solver; PETSc lends its arrays (or null) and the count.
        check(unsafe { sys::SNESGetConvergenceHistory(self.ptr, &mut a, &mut its, &mut n) })?;
        Ok((
            (!a.is_null()).then_some(a as *const Real),
            (!its.is_null()).then_some(its as *const Int),
            n,
        ))
    }
}

impl Snes {
    /// `Ok` when the solver has its solution vector, else an `Err` naming `context`.
    fn require_solution(&self, context: &str) -> Result<()> {
        if self.solution()?.is_some() {
            return Ok(());
        }
        Err(Error::invalid(
            context,
            "the solver has no solution vector yet (give one with set_solution, or call \
             this inside a solve)",
        ))
    }
}
