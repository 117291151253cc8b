//! How a [`Tao`] decides to stop and what it records on the way: a custom convergence
//! test, an update closure called at each iteration, and the convergence history.

use std::os::raw::c_void;

use petsc_sys as sys;

use super::settings::reason_code;
use super::{Tao, TaoConvergedReason, TaoState, status_of};
use crate::callback::{CallbackKind, attach, run};
use crate::error::{Result, check, check_count};
use crate::scalar::{Int, Real};

/// A convergence test: the reason to stop, or [`TaoConvergedReason::Iterating`].
type ConvergenceFn = dyn FnMut(&TaoState) -> Result<TaoConvergedReason>;
/// An update closure, given the iteration number.
type UpdateFn = dyn FnMut(Int) -> Result<()>;

/// `TaoSetConvergenceTest` trampoline: the closure's reason goes to
/// `TaoSetConvergedReason`.
unsafe extern "C" fn convergence_trampoline(
    tao: sys::Tao,
    ctx: *mut c_void,
) -> sys::PetscErrorCode {
    run::<ConvergenceFn>(ctx, CallbackKind::TaoConvergenceTest, |_, f| {
        // SAFETY: PETSc passes the live solver whose convergence is tested.
        let state = unsafe { status_of(tao) }?;
        let reason = f(&state)?;
        let code = reason_code(CallbackKind::TaoConvergenceTest.name(), reason)?;
        // SAFETY: as above; a named code.
        check(unsafe { sys::TaoSetConvergedReason(tao, sys::TaoConvergedReason(code)) })
    })
}

/// `TaoSetUpdate` trampoline.
unsafe extern "C" fn update_trampoline(
    _tao: sys::Tao,
    iteration: Int,
    ctx: *mut c_void,
) -> sys::PetscErrorCode {
    run::<UpdateFn>(ctx, CallbackKind::TaoUpdate, |_, f| f(iteration))
}

/// One iteration of the convergence history ([`Tao::convergence_history`]).
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
#[doc(alias = "TaoGetConvergenceHistory")]
pub struct TaoHistoryEntry {
    /// The objective value.
    pub f: Real,
    /// The gradient norm (or the residual measure the method uses).
    pub gnorm: Real,
    /// The norm of the constraint violation.
    pub cnorm: Real,
    /// The number of linear solver iterations.
    pub linear_iterations: Int,
}

impl Tao {
    /// Replaces PETSc's convergence test with `f` (`TaoSetConvergenceTest`), called with
    /// the [`TaoState`] after each iteration (and at the start): it returns the reason
    /// to stop, or [`TaoConvergedReason::Iterating`] to go on. PETSc's own tests
    /// (tolerances, iteration and evaluation limits) no longer run, so the closure is
    /// responsible for stopping; `state.reason` is what the method set already (a line
    /// search failure, for example), which returning it keeps. The closure is owned by
    /// the solver. An `Err`, a panic, or a [`TaoConvergedReason::Unknown`] ends the
    /// solve, which returns it (naming `Tao convergence test`); the solver can be solved
    /// again.
    ///
    /// ```
    /// use petsc::{Tao, TaoConvergedReason, TaoType, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let x = Vector::from_slice(&c, &[5.0, -3.0])?;
    /// let mut tao = Tao::new(&c)?;
    /// tao.set_type(TaoType::Lmvm)?;
    /// tao.set_solution(&x)?;
    /// tao.set_objective_and_gradient(|x, g| {
    ///     let v = x.view()?;
    ///     g.view_mut()?.copy_from_slice(&[2.0 * v[0], 8.0 * v[1]]);
    ///     Ok(v[0] * v[0] + 4.0 * v[1] * v[1])
    /// })?;
    /// // Stop after exactly three iterations.
    /// tao.set_convergence_test(|s| {
    ///     Ok(if s.iteration >= 3 {
    ///         TaoConvergedReason::ConvergedUser
    ///     } else {
    ///         TaoConvergedReason::Iterating
    ///     })
    /// })?;
    /// let _ = tao.solve()?; // the reason is read below
    /// assert_eq!(tao.iteration_number()?, 3);
    /// assert_eq!(tao.converged_reason()?, TaoConvergedReason::ConvergedUser);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "TaoSetConvergenceTest")]
    pub fn set_convergence_test<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(&TaoState) -> Result<TaoConvergedReason> + 'static,
    {
        let f: Box<ConvergenceFn> = Box::new(f);
        // SAFETY: live solver; the closure is kept with it (replacing an earlier one).
        let ctx = unsafe {
            attach(
                &self.petsc,
                self.ptr as sys::PetscObject,
                CallbackKind::TaoConvergenceTest,
                f,
            )
        }?;
        // SAFETY: live solver.
        check(unsafe { sys::TaoSetConvergenceTest(self.ptr, Some(convergence_trampoline), ctx) })
    }

    /// Goes back to PETSc's own convergence test (`TaoDefaultConvergenceTest`) after
    /// [`set_convergence_test`](Self::set_convergence_test).
    #[doc(alias = "TaoDefaultConvergenceTest")]
    pub fn set_default_convergence_test(&mut self) -> Result<()> {
        // SAFETY: live solver; PETSc's own test takes no context.
        check(unsafe {
            sys::TaoSetConvergenceTest(
                self.ptr,
                Some(sys::TaoDefaultConvergenceTest),
                std::ptr::null_mut(),
            )
        })
    }

    /// Sets a closure called with the iteration number at the start of each iteration
    /// of the methods that support it (`blmvm`, `bncg`, `bnls`, `bntr`, `bntl`, `brgn`,
    /// ...) (`TaoSetUpdate`), to update problem data between iterations. The closure is
    /// owned by the solver. An `Err` or a panic ends the solve, which returns it (naming
    /// `Tao update`).
    ///
    /// ```
    /// use std::{cell::RefCell, rc::Rc};
    /// use petsc::{Tao, TaoType, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let x = Vector::from_slice(&c, &[3.0])?;
    /// let mut tao = Tao::new(&c)?;
    /// tao.set_type(TaoType::Blmvm)?;
    /// tao.set_solution(&x)?;
    /// tao.set_objective_and_gradient(|x, g| {
    ///     let v = x.view()?[0];
    ///     g.view_mut()?[0] = 4.0 * v.powi(3);
    ///     Ok(v.powi(4))
    /// })?;
    /// let seen = Rc::new(RefCell::new(Vec::new()));
    /// let log = seen.clone();
    /// tao.set_update(move |it| {
    ///     log.borrow_mut().push(it);
    ///     Ok(())
    /// })?;
    /// tao.solve()?.check()?;
    /// let n = tao.iteration_number()?;
    /// assert!(n > 0);
    /// assert_eq!(*seen.borrow(), (0..n).collect::<Vec<_>>());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "TaoSetUpdate")]
    pub fn set_update<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(Int) -> Result<()> + 'static,
    {
        let f: Box<UpdateFn> = Box::new(f);
        // SAFETY: live solver; the closure is kept with it (replacing an earlier one).
        let ctx = unsafe {
            attach(
                &self.petsc,
                self.ptr as sys::PetscObject,
                CallbackKind::TaoUpdate,
                f,
            )
        }?;
        // SAFETY: live solver.
        check(unsafe { sys::TaoSetUpdate(self.ptr, Some(update_trampoline), ctx) })
    }

    /// Records the objective, gradient norm, constraint norm and linear iterations of up
    /// to `capacity` iterations (`TaoSetConvergenceHistory`, with arrays PETSc
    /// allocates and frees with the solver); `reset` starts the record again at each
    /// solve. Read it with [`convergence_history`](Self::convergence_history). Called
    /// again, it starts a new record, the storage of the earlier one freed (which PETSc
    /// alone would leak); `capacity` 0 records nothing, as in PETSc.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let x = petsc::Vector::from_slice(&c, &[2.0])?;
    /// let mut tao = petsc::Tao::new(&c)?;
    /// tao.set_type(petsc::TaoType::Lmvm)?;
    /// tao.set_solution(&x)?;
    /// tao.set_objective_and_gradient(|x, g| {
    ///     let v = x.view()?[0];
    ///     g.view_mut()?[0] = 2.0 * v;
    ///     Ok(v * v)
    /// })?;
    /// tao.set_convergence_history(0, true)?;
    /// tao.set_convergence_history(100, true)?;
    /// tao.solve()?.check()?;
    /// let h = tao.convergence_history()?;
    /// assert_eq!(h.len() as i64 - 1, tao.iteration_number()? as i64);
    /// assert_eq!(h[0].f, 4.0);
    /// assert_eq!(h[0].gnorm, 4.0);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "TaoSetConvergenceHistory")]
    pub fn set_convergence_history(&mut self, capacity: Int, reset: bool) -> Result<()> {
        const CTX: &str = "Tao::set_convergence_history";
        check_count(CTX, "capacity", Some(capacity), 0)?;
        let reset = if reset {
            sys::PETSC_BOOL_TRUE
        } else {
            sys::PETSC_BOOL_FALSE
        };
        // SAFETY: live solver; PETSc allocates the arrays (freed by TaoDestroy or by the
        // next call).
        check(unsafe { sys::petscrs_TaoSetConvergenceHistoryAgain(self.ptr, capacity, reset) })
    }

    /// The raw history arrays and their length.
    fn raw_history(&self) -> Result<(*mut Real, *mut Real, *mut Real, *mut Int, Int)> {
        let (mut f, mut g, mut c, mut l, mut n) = (
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            0,
        );
        // SAFETY: live solver; five outputs.
        check(unsafe {
            sys::TaoGetConvergenceHistory(self.ptr, &mut f, &mut g, &mut c, &mut l, &mut n)
        })?;
        Ok((f, g, c, l, n))
    }

    /// The iterations recorded since
    /// [`set_convergence_history`](Self::set_convergence_history) (or since the start of
    /// the last solve, with `reset`), iteration 0 first (`TaoGetConvergenceHistory`);
    /// empty when no history is recorded.
    #[doc(alias = "TaoGetConvergenceHistory")]
    pub fn convergence_history(&self) -> Result<Vec<TaoHistoryEntry>> {
        let (f, g, c, l, n) = self.raw_history()?;
        if f.is_null() || n <= 0 {
            return Ok(Vec::new());
        }
        let n = usize::try_from(n).unwrap_or(0);
        // SAFETY: PETSc's arrays hold at least `n` recorded entries each; they are only
        // read, while the solver (which owns them) lives.
        let (f, g, c, l) = unsafe {
            (
                std::slice::from_raw_parts(f, n),
                std::slice::from_raw_parts(g, n),
                std::slice::from_raw_parts(c, n),
                std::slice::from_raw_parts(l, n),
            )
        };
        Ok((0..n)
            .map(|i| TaoHistoryEntry {
                f: f[i],
                gnorm: g[i],
                cnorm: c[i],
                linear_iterations: l[i],
            })
            .collect())
    }
}
