//! Shell TS: a time integrator whose step is written in Rust (petsc4py's Python TS does
//! the same for Python; PETSc 3.18 has no `TSSHELL`).
//!
//! petsc-rs registers a TS type, `"rsshell"`, with `TSRegister`; its C side (the sys
//! crate's `ts_shell.c`, the one file that reads TS's private structure for it) keeps
//! the state at the start of each step, calls the step function, and then does what
//! PETSc's own one-step methods do: the post-stage hook, the adaptor's stage check,
//! `TSFunctionDomainError`, `TSAdaptChoose`, and the time update. It also implements
//! `TSRollBack` (the state at the start of the step comes back; the event handler
//! uses it to locate events) and `TSInterpolate` (linear inside the last step, for
//! [`ExactFinalTime::Interpolate`](super::ExactFinalTime::Interpolate)). So
//! [`Ts::solve`], monitors and `-ts_monitor`, post-step hooks, maximum steps and final
//! time, [`ExactFinalTime::Matchstep`](super::ExactFinalTime::Matchstep) and event
//! handlers work around the closure as around a built-in method.
//!
//! The closure is kept with the integrator as every closure is (see the callback
//! module): composed on the TS, found by the trampoline through the TS PETSc passes, and
//! released when the shell goes (the TS is destroyed or given another type).

use petsc_sys as sys;

use super::Ts;
use crate::callback::{CallbackKind, attach, attached, call, detach};
use crate::error::{Result, check, run_callback};
use crate::scalar::Real;
use crate::vec::Vector;

/// The registered name of the shell type.
const SHELL: &std::ffi::CStr = c"rsshell";

/// A shell step: `(t, dt, x)`, advancing `x` from `t` to `t + dt`.
type ShellStepFn = dyn FnMut(Real, Real, &mut Vector) -> Result<()>;

impl Ts {
    /// Makes this integrator a shell whose step is `step(t, dt, x)` (type `"rsshell"`,
    /// which petsc-rs registers; the closure is kept with the integrator): the closure
    /// gets the time `t` at the start of the step, the step size `dt` and the state
    /// `x` at `t`, and advances `x` in place to the state at `t + dt`. The integrator
    /// does the rest: it keeps the time, counts the steps, calls the monitors and the
    /// post-step hook, stops at the maximum steps or time, rolls steps back for event
    /// handlers, and interpolates (linearly) inside the last step for
    /// [`ExactFinalTime::Interpolate`](super::ExactFinalTime::Interpolate).
    ///
    /// The default adaptor is `none`: every step is kept and `dt` is the integrator's
    /// time step, except that [`ExactFinalTime::Matchstep`](super::ExactFinalTime::Matchstep)
    /// shortens the last steps to end at the final time, and event handlers shorten a
    /// step to locate an event. The closure gives no error estimate, so the `basic`
    /// adaptor keeps the step too. An `Err` or a panic ends the solve with that
    /// error, and `x` goes back to the state at the start of the failed step (the last
    /// completed one); the integrator can solve again. Adjoint and forward sensitivities
    /// are not available for a shell.
    ///
    /// ```
    /// use petsc::{ExactFinalTime, Ts, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// // Explicit Euler on u' = -u: each step multiplies u by 1 - dt.
    /// let mut ts = Ts::new(&c)?;
    /// ts.set_shell_step(|_t, dt, x| x.scale(1.0 - dt))?;
    /// ts.set_time_step(0.1)?;
    /// ts.set_max_steps(10)?;
    /// ts.set_exact_final_time(ExactFinalTime::Stepover)?;
    /// let mut u = Vector::from_slice(&c, &[1.0])?;
    /// ts.solve(&mut u)?.check()?;
    /// assert_eq!(ts.step_number()?, 10);
    /// assert!((ts.time()? - 1.0).abs() < 1e-12);
    /// assert!((u.view()?[0] - 0.9f64.powi(10)).abs() < 1e-14);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "TSRegister")]
    #[doc(alias = "TSPYTHON")]
    pub fn set_shell_step<F>(&mut self, step: F) -> Result<()>
    where
        F: FnMut(Real, Real, &mut Vector) -> Result<()> + 'static,
    {
        // SAFETY: registers the type once; PETSc copies the name.
        check(unsafe { sys::petscrs_TSRegisterShell() })?;
        // SAFETY: live integrator; a registered type name.
        check(unsafe { sys::TSSetType(self.ptr, SHELL.as_ptr()) })?;
        let f: Box<ShellStepFn> = Box::new(step);
        // SAFETY: live integrator; the closure is kept with it (replacing an earlier one).
        unsafe {
            attach(
                &self.petsc,
                self.ptr as sys::PetscObject,
                CallbackKind::TsShellStep,
                f,
            )
        }?;
        // SAFETY: live shell integrator; the trampoline finds the closure through it,
        // and the destroy hook releases it when the shell goes.
        check(unsafe {
            sys::petscrs_TSShellSet(
                self.ptr,
                Some(shell_step_trampoline),
                std::ptr::null_mut(),
                Some(shell_destroy),
            )
        })
    }
}

/// The shell's step: the closure kept with the integrator, given `(t, dt, x)`.
unsafe extern "C" fn shell_step_trampoline(
    ts: sys::TS,
    t: Real,
    dt: Real,
    x: sys::Vec,
    _: *mut std::os::raw::c_void,
) -> sys::PetscErrorCode {
    const KIND: CallbackKind = CallbackKind::TsShellStep;
    run_callback(KIND.name(), || {
        // SAFETY: PETSc calls it with the live integrator being stepped.
        let ctx = unsafe { attached(ts as sys::PetscObject, KIND) }?;
        call::<ShellStepFn, _>(ctx, KIND, |petsc, f| {
            // SAFETY: the state is live for the call, lent to the closure.
            let mut xv = unsafe { Vector::from_raw_lent(petsc, x) }?;
            f(t, dt, &mut xv)?;
            xv.written_in_place(x)
        })
    })
}

/// The shell goes (the integrator is destroyed or given another type): its closure is
/// released now, so a closure holding a handle to its own integrator does not keep it
/// alive.
unsafe extern "C" fn shell_destroy(ts: sys::TS) -> sys::PetscErrorCode {
    const KIND: CallbackKind = CallbackKind::TsShellStep;
    // SAFETY: PETSc passes the live integrator whose shell is being destroyed.
    run_callback(KIND.name(), || unsafe {
        detach(ts as sys::PetscObject, KIND)
    })
}
