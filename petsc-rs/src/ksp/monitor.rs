//! Monitors of the Krylov iteration, its residual history, and the iteration state a
//! monitor, a convergence test or a shell method records.

use std::os::raw::c_void;

use petsc_sys as sys;

use super::{Ksp, KspConvergedReason};
use crate::callback::{CallbackKind, hand_over, release_at, run};
use crate::declare::petsc_bool;
use crate::error::{Error, Result, check};
use crate::scalar::{Int, Real};

/// A monitor closure as the trampoline calls it: the runtime, the solver at hand, the
/// iteration and the residual norm.
type MonitorFn = dyn FnMut(&crate::Petsc, sys::KSP, Int, Real) -> Result<()>;

/// `KSPMonitorSet` trampoline.
unsafe extern "C" fn monitor_trampoline(
    ksp: sys::KSP,
    it: Int,
    rnorm: Real,
    ctx: *mut c_void,
) -> sys::PetscErrorCode {
    run::<MonitorFn>(ctx, CallbackKind::KspMonitor, |petsc, f| {
        f(petsc, ksp, it, rnorm)
    })
}

/// Refuses a residual norm that is negative or NaN, as petsc4py does.
fn check_norm(context: &str, rnorm: Real) -> Result<()> {
    if rnorm >= 0.0 {
        return Ok(());
    }
    Err(Error::invalid(
        context,
        format!("residual norm {rnorm}; it must be a number, not negative"),
    ))
}

impl Ksp {
    /// Adds a monitor called as `f(iteration, residual_norm)` at every iteration,
    /// starting with iteration 0 (`KSPMonitorSet`). Several monitors may be set (PETSc
    /// allows a handful per solver); the closure is owned by the solver and dropped when
    /// the solver is destroyed or [`cancel_monitors`](Self::cancel_monitors) is called.
    ///
    /// An `Err` or a panic ends the solve, and [`solve`](Self::solve) returns it as
    /// [`Error::Callback`] or [`Error::CallbackPanic`]. In parallel every process calls its
    /// monitors with the same values; a monitor should fail on all of them or on none.
    ///
    /// ```
    /// use std::{cell::RefCell, rc::Rc};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut a = petsc::Mat::aij(&c).sizes(petsc::Sizes::global(3, 3)).preallocate(1, 0).build()?;
    /// for i in 0..3 {
    ///     a.set_values(&[i], &[i], &[(i + 1) as f64], petsc::InsertMode::Insert)?;
    /// }
    /// a.assemble()?;
    /// let (mut x, mut b) = a.create_vecs()?;
    /// b.set(1.0)?;
    /// let mut ksp = petsc::Ksp::new(&c)?;
    /// ksp.set_operators(&a, &a)?;
    /// let seen = Rc::new(RefCell::new(Vec::new()));
    /// let log = seen.clone();
    /// ksp.monitor(move |it, rnorm| {
    ///     log.borrow_mut().push((it, rnorm));
    ///     Ok(())
    /// })?;
    /// ksp.solve(&b, &mut x)?.check()?;
    /// let seen = seen.borrow();
    /// assert_eq!(seen.len() as petsc::Int, ksp.iteration_number()? + 1);
    /// assert_eq!(seen.last().unwrap().1, ksp.residual_norm()?);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "KSPMonitorSet")]
    pub fn monitor<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(Int, Real) -> Result<()> + 'static,
    {
        let mut f = f;
        self.install_monitor(Box::new(move |_, _, it, rnorm| f(it, rnorm)))
    }

    /// Adds a monitor called as `f(solver, iteration, residual_norm)`, as
    /// [`monitor`](Self::monitor) does, with the solver lent for the call (petsc4py's
    /// monitors get their KSP): it can read the solver's state, its type or
    /// [`cg_objective_value`](Self::cg_objective_value), during the iteration.
    ///
    /// ```
    /// use std::{cell::RefCell, rc::Rc};
    /// use petsc::{KspType, Object};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut a = petsc::Mat::aij(&c).sizes(petsc::Sizes::global(3, 3)).preallocate(1, 0).build()?;
    /// for i in 0..3 {
    ///     a.set_values(&[i], &[i], &[(i + 1) as f64], petsc::InsertMode::Insert)?;
    /// }
    /// a.assemble()?;
    /// let (mut x, mut b) = a.create_vecs()?;
    /// b.set(1.0)?;
    /// let mut ksp = petsc::Ksp::new(&c)?;
    /// ksp.set_operators(&a, &a)?;
    /// ksp.set_type(KspType::Cg)?;
    /// let seen = Rc::new(RefCell::new(Vec::new()));
    /// let log = seen.clone();
    /// ksp.monitor_with_solver(move |ksp, it, _rnorm| {
    ///     log.borrow_mut().push((it, ksp.type_name()?));
    ///     Ok(())
    /// })?;
    /// ksp.solve(&b, &mut x)?.check()?;
    /// assert_eq!(seen.borrow()[0], (0, "cg".to_string()));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "KSPMonitorSet")]
    pub fn monitor_with_solver<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(&Ksp, Int, Real) -> Result<()> + 'static,
    {
        let mut f = f;
        self.install_monitor(Box::new(move |petsc, ksp, it, rnorm| {
            // SAFETY: PETSc calls the monitor with its live solver, alive for the call.
            let ksp = unsafe { Ksp::from_raw_scoped(petsc, ksp) }?;
            f(&ksp, it, rnorm)
        }))
    }

    /// Hands `f` to the solver as one more monitor, through the trampoline.
    fn install_monitor(&mut self, f: Box<MonitorFn>) -> Result<()> {
        hand_over(&self.petsc, CallbackKind::KspMonitor, f, |ctx| {
            // SAFETY: live solver; the context is a registered monitor closure, released
            // by the destroy hook.
            unsafe { sys::KSPMonitorSet(self.ptr, Some(monitor_trampoline), ctx, Some(release_at)) }
        })
    }

    crate::methods![for Ksp;
        /// Calls every monitor of the solver, those of [`monitor`](Self::monitor) and those
        /// set from options (`-ksp_monitor`), with `iteration` and `residual_norm`, as the
        /// Krylov method does at each iteration (`KSPMonitor`, petsc4py's `monitor`;
        /// collective). A monitor's `Err` is returned.
        ///
        /// ```
        /// use std::{cell::RefCell, rc::Rc};
        /// let petsc = petsc::Petsc::init()?;
        /// let mut ksp = petsc::Ksp::new(&petsc.self_comm())?;
        /// let seen = Rc::new(RefCell::new(Vec::new()));
        /// let log = seen.clone();
        /// ksp.monitor(move |it, rnorm| {
        ///     log.borrow_mut().push((it, rnorm));
        ///     Ok(())
        /// })?;
        /// ksp.run_monitors(3, 0.25)?;
        /// assert_eq!(*seen.borrow(), vec![(3, 0.25)]);
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn run_monitors(&mut self, iteration: Int, residual_norm: Real)
            = KSPMonitor as "KSPMonitor";

        /// Removes every monitor, including those set from options, dropping their closures
        /// (`KSPMonitorCancel`).
        pub fn cancel_monitors(&mut self) = KSPMonitorCancel as "KSPMonitorCancel";
    ];

    /// Records the residual norm of every iteration of the following solves
    /// (`KSPSetResidualHistory`), at most `length` of them (`None`: PETSc's default,
    /// 10000; `Some(0)`: none, as in PETSc); `reset` starts the record afresh at each
    /// solve, otherwise solves append. Called again, it starts a new record. Read it
    /// with [`convergence_history`](Self::convergence_history).
    ///
    /// ```
    /// # use petsc::{InsertMode, Ksp, Mat};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut a = Mat::aij(&c).sizes(petsc::Sizes::global(4, 4)).preallocate(1, 0).build()?;
    /// for i in 0..4 {
    ///     a.set_values(&[i], &[i], &[(i + 1) as f64], InsertMode::Insert)?;
    /// }
    /// a.assemble()?;
    /// let (mut x, mut b) = a.create_vecs()?;
    /// b.set(1.0)?;
    /// let mut ksp = Ksp::new(&c)?;
    /// ksp.set_operators(&a, &a)?;
    /// ksp.pc()?.set_type(petsc::PcType::None)?;
    /// ksp.set_convergence_history(None, true)?;
    /// ksp.solve(&b, &mut x)?.check()?;
    /// let h = ksp.convergence_history()?;
    /// assert_eq!(h.len() as petsc::Int, ksp.iteration_number()? + 1);
    /// assert_eq!(*h.last().unwrap(), ksp.residual_norm()?);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "KSPSetResidualHistory")]
    pub fn set_convergence_history(&mut self, length: Option<usize>, reset: bool) -> Result<()> {
        const CTX: &str = "Ksp::set_convergence_history";
        let n = match length {
            None => sys::PETSC_DECIDE as Int,
            Some(n) => Int::try_from(n)
                .map_err(|_| Error::invalid(CTX, format!("length {n} does not fit Int")))?,
        };
        // PetscCount from 3.22.
        #[cfg(petsc_3_22)]
        let n = n as sys::PetscCount;
        // SAFETY: live solver; with a null array PETSc allocates and owns the record.
        check(unsafe {
            sys::KSPSetResidualHistory(self.ptr, std::ptr::null_mut(), n, petsc_bool(reset))
        })
    }

    /// The residual norms recorded since
    /// [`set_convergence_history`](Self::set_convergence_history) (`KSPGetResidualHistory`);
    /// empty when no record was asked for.
    #[doc(alias = "KSPGetResidualHistory")]
    pub fn convergence_history(&self) -> Result<Vec<Real>> {
        let mut p: *const Real = std::ptr::null();
        let mut n: Int = 0;
        // SAFETY: live solver; PETSc returns its record (or null) and its length.
        check(unsafe { sys::KSPGetResidualHistory(self.ptr, &mut p, &mut n) })?;
        if p.is_null() || n <= 0 {
            return Ok(Vec::new());
        }
        // SAFETY: PETSc's record holds `n` values, alive while the solver is.
        Ok(unsafe { std::slice::from_raw_parts(p, n as usize) }.to_vec())
    }

    /// Appends `residual_norm` to the record of
    /// [`set_convergence_history`](Self::set_convergence_history) (petsc4py's
    /// `logConvergenceHistory`, PETSc's private `KSPLogResidualHistory`); nothing when no
    /// record was asked for or it is full. For methods and tests written outside PETSc
    /// that keep the record as PETSc's own do.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut ksp = petsc::Ksp::new(&petsc.self_comm())?;
    /// ksp.log_convergence_history(1.0)?; // no record yet: nothing
    /// ksp.set_convergence_history(Some(2), false)?;
    /// for r in [1.0, 0.5, 0.25] {
    ///     ksp.log_convergence_history(r)?;
    /// }
    /// assert_eq!(ksp.convergence_history()?, vec![1.0, 0.5]); // full after two
    /// assert!(ksp.log_convergence_history(-1.0).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "KSPLogResidualHistory")]
    pub fn log_convergence_history(&mut self, residual_norm: Real) -> Result<()> {
        check_norm("Ksp::log_convergence_history", residual_norm)?;
        // SAFETY: live solver; PETSc's own inline routine on its record.
        check(unsafe { sys::petscrs_KSPLogResidualHistory(self.ptr, residual_norm) })
    }

    /// Sets the iteration count the solver reports
    /// ([`iteration_number`](Self::iteration_number)) until its next solve (petsc4py's
    /// `setIterationNumber`). PETSc has no such function: like petsc4py, this writes the
    /// solver's field, for methods and tests written outside PETSc.
    ///
    /// ```
    /// use petsc::KspConvergedReason;
    /// let petsc = petsc::Petsc::init()?;
    /// let mut ksp = petsc::Ksp::new(&petsc.self_comm())?;
    /// ksp.set_iteration_number(7)?;
    /// ksp.set_residual_norm(1e-9)?;
    /// ksp.set_converged_reason(KspConvergedReason::ConvergedAtol)?;
    /// assert_eq!(ksp.iteration_number()?, 7);
    /// assert_eq!(ksp.residual_norm()?, 1e-9);
    /// assert_eq!(ksp.converged_reason()?, KspConvergedReason::ConvergedAtol);
    /// assert!(ksp.set_iteration_number(-1).is_err());
    /// assert!(ksp.set_residual_norm(f64::NAN).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn set_iteration_number(&mut self, iteration: Int) -> Result<()> {
        if iteration < 0 {
            return Err(Error::invalid(
                "Ksp::set_iteration_number",
                format!("iteration {iteration}; it must not be negative"),
            ));
        }
        // SAFETY: live solver; writes its iteration count.
        check(unsafe { sys::petscrs_KSPSetIterationNumber(self.ptr, iteration) })
    }

    /// Sets the residual norm the solver reports ([`residual_norm`](Self::residual_norm))
    /// until its next solve (petsc4py's `setResidualNorm`); see
    /// [`set_iteration_number`](Self::set_iteration_number).
    pub fn set_residual_norm(&mut self, residual_norm: Real) -> Result<()> {
        check_norm("Ksp::set_residual_norm", residual_norm)?;
        // SAFETY: live solver; writes its residual norm.
        check(unsafe { sys::petscrs_KSPSetResidualNorm(self.ptr, residual_norm) })
    }

    /// Sets the reason the solver reports ([`converged_reason`](Self::converged_reason))
    /// until its next solve (petsc4py's `setConvergedReason`); see
    /// [`set_iteration_number`](Self::set_iteration_number).
    pub fn set_converged_reason(&mut self, reason: KspConvergedReason) -> Result<()> {
        // SAFETY: live solver; writes its reason (any code: PETSc's are open-ended).
        check(unsafe {
            sys::petscrs_KSPSetConvergedReason(self.ptr, sys::KSPConvergedReason(reason.code()))
        })
    }
}
