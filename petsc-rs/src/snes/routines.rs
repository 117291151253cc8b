//! The other closures of a [`Snes`]: the objective (`SNESSetObjective`), nonlinear
//! Gauss-Seidel sweeps (`SNESSetNGS`), kept in the SNES context of the solver's DM as
//! the residual is; the per-iteration update (`SNESSetUpdate`) and a custom convergence
//! test (`SNESSetConvergenceTest`), kept with the solver. Also the direct evaluations
//! (`SNESComputeObjective`, `SNESComputeNGS`, `SNESComputeJacobian`).

use std::os::raw::c_void;

use petsc_sys as sys;

use super::settings::reason_code;
use super::{Snes, SnesConvergedReason, snes_dm};
use crate::callback::{
    CallbackKind, attach, attach_to_dm, attached, call, detach, hand_over, is_attached, run,
};
use crate::error::{Result, check, check_count, check_tolerance, run_callback, unlock_on_error};
use crate::mat::Mat;
use crate::scalar::{Int, Real};
use crate::vec::{Vector, check_same_layout};

/// An objective closure.
type ObjectiveFn = dyn FnMut(&Vector) -> Result<Real>;
/// A nonlinear Gauss-Seidel closure: `(snes, x, b)`.
type NgsFn = dyn FnMut(&Snes, &mut Vector, Option<&Vector>) -> Result<()>;
/// An update closure: the iteration number.
type UpdateFn = dyn FnMut(Int) -> Result<()>;
/// A convergence test: `(iteration, ||x||, ||step||, ||F||)`.
type ConvergenceFn = dyn FnMut(Int, Real, Real, Real) -> Result<SnesConvergedReason>;

/// An initial-guess closure.
type InitialGuessFn = dyn FnMut(&mut Vector) -> Result<()>;

/// `SNESSetComputeInitialGuess` trampoline.
unsafe extern "C" fn initial_guess_trampoline(
    _snes: sys::SNES,
    x: sys::Vec,
    ctx: *mut c_void,
) -> sys::PetscErrorCode {
    run::<InitialGuessFn>(ctx, CallbackKind::SnesInitialGuess, |petsc, f| {
        // SAFETY: `x` is live for the call; the handle takes a reference.
        let mut xv = unsafe { Vector::from_raw_scoped(petsc, x) }?;
        f(&mut xv)?;
        xv.written_in_place(x)
    })
}

/// `DMSNESSetObjective` trampoline.
unsafe extern "C" fn objective_trampoline(
    _snes: sys::SNES,
    x: sys::Vec,
    obj: *mut Real,
    ctx: *mut c_void,
) -> sys::PetscErrorCode {
    let code = run::<ObjectiveFn>(ctx, CallbackKind::SnesObjective, |petsc, f| {
        // SAFETY: `x` is live for the call; the handle takes a reference.
        let xv = unsafe { Vector::from_raw_scoped(petsc, x) }?;
        let v = f(&xv)?;
        // SAFETY: PETSc passes a valid output.
        unsafe { *obj = v };
        Ok(())
    });
    // SAFETY: `x` is live for the call.
    unsafe { unlock_on_error(code, &[x]) }
}

/// `DMSNESSetNGS` trampoline.
unsafe extern "C" fn ngs_trampoline(
    snes: sys::SNES,
    x: sys::Vec,
    b: sys::Vec,
    ctx: *mut c_void,
) -> sys::PetscErrorCode {
    let code = run::<NgsFn>(ctx, CallbackKind::SnesNgs, |petsc, f| {
        // SAFETY: the solver running the sweep is live for the call; the handle takes
        // its own reference, released when it drops at the end of the call.
        let s = unsafe { Snes::from_raw_borrowed(petsc, snes) }?;
        // SAFETY: `x` is live for the call; the handle takes a reference.
        let mut xv = unsafe { Vector::from_raw_scoped(petsc, x) }?;
        let bv = if b.is_null() {
            None
        } else {
            // SAFETY: as above; `b` is distinct from `x`.
            Some(unsafe { Vector::from_raw_scoped(petsc, b) }?)
        };
        f(&s, &mut xv, bv.as_ref())?;
        xv.written_in_place(x)
    });
    // SAFETY: the vectors are live (or null) for the call.
    unsafe { unlock_on_error(code, &[x, b]) }
}

/// `SNESSetUpdate` trampoline: PETSc passes only the solver, so the closure is found
/// through it.
unsafe extern "C" fn update_trampoline(snes: sys::SNES, it: Int) -> sys::PetscErrorCode {
    const KIND: CallbackKind = CallbackKind::SnesUpdate;
    run_callback(KIND.name(), || {
        // SAFETY: live solver.
        let ctx = unsafe { attached(snes as sys::PetscObject, KIND) }?;
        call::<UpdateFn, _>(ctx, KIND, |_, f| f(it))
    })
}

/// `SNESSetConvergenceTest` trampoline.
unsafe extern "C" fn convergence_trampoline(
    _snes: sys::SNES,
    it: Int,
    xnorm: Real,
    ynorm: Real,
    fnorm: Real,
    reason: *mut sys::SNESConvergedReason,
    ctx: *mut c_void,
) -> sys::PetscErrorCode {
    run::<ConvergenceFn>(ctx, CallbackKind::SnesConvergenceTest, |_, f| {
        let r = f(it, xnorm, ynorm, fnorm)?;
        let code = reason_code("SNES convergence test (the returned reason)", r)?;
        // SAFETY: PETSc passes a valid output.
        unsafe { *reason = sys::SNESConvergedReason(code) };
        Ok(())
    })
}

impl Snes {
    /// Sets the objective `f(x)`, a merit function whose minimum is the solution, as a
    /// closure (`SNESSetObjective`). Line searches that use it (`bt`, `l2`, `cp` when it
    /// is set) and `-snes_type ncg`, `qn`, `ngmres` minimize it along steps; with
    /// `-snes_fd_function` the residual is its gradient by finite differences. Kept in
    /// the SNES context of the solver's DM as the residual is; an `Err` or a panic ends
    /// the solve.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut snes = petsc::Snes::new(&c)?;
    /// snes.set_objective(|x| Ok(x.norm(petsc::NormType::Two)?.powi(2)))?;
    /// let x = petsc::Vector::from_slice(&c, &[3.0, 4.0])?;
    /// assert_eq!(snes.compute_objective(&x)?, 25.0);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "SNESSetObjective")]
    pub fn set_objective<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(&Vector) -> Result<Real> + 'static,
    {
        let f: Box<ObjectiveFn> = Box::new(f);
        // SAFETY: live solver, hence a live DM.
        let dm = unsafe { snes_dm(self.ptr) }?;
        // SAFETY: live DM.
        let ctx = unsafe { attach_to_dm(&self.petsc, dm, CallbackKind::SnesObjective, f) }?;
        // SAFETY: live DM; the context is a number PETSc only hands back to the routine.
        check(unsafe { sys::DMSNESSetObjective(dm, Some(objective_trampoline), ctx) })
    }

    /// Evaluates the objective set with [`set_objective`](Self::set_objective) at `x`
    /// (`SNESComputeObjective`); an `Err` when none is set.
    #[doc(alias = "SNESComputeObjective")]
    pub fn compute_objective(&mut self, x: &Vector) -> Result<Real> {
        const CTX: &str = "Snes::compute_objective";
        // A view of `x` alive on some ranks only is refused on every rank.
        Vector::accessible_over(self, CTX, &[x], &[])?;
        let mut v: Real = 0.0;
        // SAFETY: live solver and vector.
        check(unsafe { sys::SNESComputeObjective(self.ptr, x.raw_read(CTX)?, &mut v) })?;
        Ok(v)
    }

    /// Sets the nonlinear Gauss-Seidel routine as a closure `f(snes, x, b)` that improves
    /// `x` in place towards `F(x) = b` (`b` is `None` for `F(x) = 0`) (`SNESSetNGS`).
    /// `snes` is the solver running it (a handle to it: an inner solver such as a FAS
    /// smoother or `-npc_snes_type ngs`, or this one): as in C, the closure reads the
    /// number of sweeps and the inner tolerances from it
    /// ([`ngs_sweeps`](Self::ngs_sweeps), [`ngs_tolerances`](Self::ngs_tolerances),
    /// from `-snes_ngs_sweeps`, `-snes_ngs_atol`, ...) and the grid through its DM.
    /// `-snes_type ngs` calls it once per iteration. Kept in the SNES context of the
    /// solver's DM, so solvers PETSc builds on it find it; an `Err` or a panic ends the
    /// solve.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut snes = petsc::Snes::new(&c)?;
    /// snes.set_type(petsc::SnesType::Ngs)?;
    /// snes.set_ngs_sweeps(2)?;
    /// // x_i^2 = 4 one component at a time: each sweep halves the distance to 2.
    /// snes.set_ngs(|snes, x, _b| {
    ///     for _ in 0..snes.ngs_sweeps()? {
    ///         for xi in x.view_mut()?.iter_mut() {
    ///             *xi = 2.0 + (*xi - 2.0) / 2.0;
    ///         }
    ///     }
    ///     Ok(())
    /// })?;
    /// let mut x = petsc::Vector::from_slice(&c, &[1.0, 6.0])?;
    /// snes.compute_ngs(None, &mut x)?;
    /// assert_eq!(x.view()?.to_vec(), vec![1.75, 3.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "SNESSetNGS")]
    pub fn set_ngs<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(&Snes, &mut Vector, Option<&Vector>) -> Result<()> + 'static,
    {
        let f: Box<NgsFn> = Box::new(f);
        // SAFETY: live solver, hence a live DM.
        let dm = unsafe { snes_dm(self.ptr) }?;
        // SAFETY: live DM.
        let ctx = unsafe { attach_to_dm(&self.petsc, dm, CallbackKind::SnesNgs, f) }?;
        // SAFETY: live DM; the context is a number PETSc only hands back to the routine.
        check(unsafe { sys::DMSNESSetNGS(dm, Some(ngs_trampoline), ctx) })
    }

    crate::methods![for Snes;
        /// The number of sweeps a nonlinear Gauss-Seidel routine should make per call
        /// (`SNESNGSGetSweeps`; `-snes_ngs_sweeps`, 1 by default). Only for a solver of type
        /// [`SnesType::Ngs`](super::SnesType::Ngs) (an `Err` otherwise: PETSc reads the
        /// type's data unchecked).
        pub fn ngs_sweeps(&self) -> Int
            = SNESNGSGetSweeps as "SNESNGSGetSweeps", needs require_type("ngs");
    ];

    crate::methods![for Snes;
        /// Sets the number of sweeps per call (`SNESNGSSetSweeps`), not negative (0, as
        /// PETSc takes it, makes none); only for a solver of type
        /// [`SnesType::Ngs`](super::SnesType::Ngs).
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut snes = petsc::Snes::new(&petsc.self_comm())?;
        /// assert!(snes.set_ngs_sweeps(3).is_err()); // no type yet
        /// snes.set_type(petsc::SnesType::Ngs)?;
        /// snes.set_ngs_sweeps(3)?;
        /// assert_eq!(snes.ngs_sweeps()?, 3);
        /// snes.set_ngs_sweeps(0)?;
        /// assert_eq!(snes.ngs_sweeps()?, 0);
        /// assert!(snes.set_ngs_sweeps(-1).is_err());
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_ngs_sweeps(&mut self, sweeps: Int where sweeps >= 0)
            = SNESNGSSetSweeps as "SNESNGSSetSweeps", needs require_type("ngs");
    ];

    /// The inner tolerances a nonlinear Gauss-Seidel routine should use, `(atol, rtol,
    /// stol, max_it)` (`SNESNGSGetTolerances`; `-snes_ngs_atol`, `-snes_ngs_rtol`,
    /// `-snes_ngs_stol`, `-snes_ngs_max_it`); only for a solver of type
    /// [`SnesType::Ngs`](super::SnesType::Ngs).
    #[doc(alias = "SNESNGSGetTolerances")]
    pub fn ngs_tolerances(&self) -> Result<(Real, Real, Real, Int)> {
        self.require_type("Snes::ngs_tolerances", "ngs")?;
        let (mut a, mut r, mut s, mut m): (Real, Real, Real, Int) = (0.0, 0.0, 0.0, 0);
        // SAFETY: live solver of type NGS; PETSc writes the four values.
        check(unsafe { sys::SNESNGSGetTolerances(self.ptr, &mut a, &mut r, &mut s, &mut m) })?;
        Ok((a, r, s, m))
    }

    /// Sets the inner tolerances `(atol, rtol, stol, max_it)` (`SNESNGSSetTolerances`):
    /// each at least 0 and finite, `max_it` too (as PETSc takes it); only for a solver of type
    /// [`SnesType::Ngs`](super::SnesType::Ngs).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut snes = petsc::Snes::new(&petsc.self_comm())?;
    /// snes.set_type(petsc::SnesType::Ngs)?;
    /// snes.set_ngs_tolerances(1e-12, 1e-8, 0.0, 20)?;
    /// assert_eq!(snes.ngs_tolerances()?, (1e-12, 1e-8, 0.0, 20));
    /// assert!(snes.set_ngs_tolerances(f64::NAN, 1e-8, 0.0, 20).is_err());
    /// snes.set_ngs_tolerances(1e-12, 1e-8, 0.0, 0)?;
    /// assert_eq!(snes.ngs_tolerances()?.3, 0);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "SNESNGSSetTolerances")]
    pub fn set_ngs_tolerances(
        &mut self,
        atol: Real,
        rtol: Real,
        stol: Real,
        max_it: Int,
    ) -> Result<()> {
        const CTX: &str = "Snes::set_ngs_tolerances";
        self.require_type(CTX, "ngs")?;
        for (name, v) in [("atol", atol), ("rtol", rtol), ("stol", stol)] {
            check_tolerance(CTX, name, Some(v))?;
        }
        check_count(CTX, "max_it", Some(max_it), 0)?;
        // SAFETY: live solver of type NGS; values checked above.
        check(unsafe { sys::SNESNGSSetTolerances(self.ptr, atol, rtol, stol, max_it) })
    }

    /// Applies the sweep set with [`set_ngs`](Self::set_ngs) to `x` for `F(x) = b`
    /// (`SNESComputeNGS`); `b` must be laid out like `x`.
    #[doc(alias = "SNESComputeNGS")]
    pub fn compute_ngs(&mut self, b: Option<&Vector>, x: &mut Vector) -> Result<()> {
        const CTX: &str = "Snes::compute_ngs";
        // The local sizes, and the views alive, can differ on some ranks only.
        let local = b
            .map_or(Ok(()), |b| check_same_layout(CTX, ("b", b), ("x", x)))
            .and_then(|()| Vector::accessible(CTX, b.as_slice(), &[&*x]));
        crate::object::Object::comm(self).agree(CTX, local)?;
        let bp = match b {
            Some(b) => b.raw_read(CTX)?,
            None => std::ptr::null_mut(),
        };
        // SAFETY: live solver and vectors; Rust's borrows make `b` and `x` distinct.
        check(unsafe { sys::SNESComputeNGS(self.ptr, bp, x.raw_write(CTX)?) })
    }

    /// Sets a closure called as `f(iteration)` at the start of every nonlinear
    /// iteration, before the step is computed (`SNESSetUpdate`), to update parameters
    /// of the problem. Kept with the solver, replacing the previous one; an `Err` or a
    /// panic ends the solve.
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
    /// snes.set_use_mf(true)?;
    /// let seen = Rc::new(RefCell::new(Vec::new()));
    /// let log = seen.clone();
    /// snes.set_update(move |it| {
    ///     log.borrow_mut().push(it);
    ///     Ok(())
    /// })?;
    /// let mut x = petsc::Vector::from_slice(&c, &[3.0])?;
    /// snes.solve(None, &mut x)?.check()?;
    /// let n = snes.iteration_number()?;
    /// assert_eq!(*seen.borrow(), (0..n).collect::<Vec<_>>());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "SNESSetUpdate")]
    pub fn set_update<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(Int) -> Result<()> + 'static,
    {
        let f: Box<UpdateFn> = Box::new(f);
        // SAFETY: live solver; the closure is kept with it (replacing the previous one).
        unsafe {
            attach(
                &self.petsc,
                self.ptr as sys::PetscObject,
                CallbackKind::SnesUpdate,
                f,
            )
        }?;
        // SAFETY: live solver; the trampoline finds the closure through the solver.
        check(unsafe { sys::SNESSetUpdate(self.ptr, Some(update_trampoline)) })
    }

    /// Whether an update closure of [`set_update`](Self::set_update) is set (petsc4py's
    /// `getUpdate() is not None`).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut snes = petsc::Snes::new(&petsc.self_comm())?;
    /// assert!(!snes.has_update()?);
    /// snes.set_update(|_it| Ok(()))?;
    /// assert!(snes.has_update()?);
    /// snes.clear_update()?;
    /// assert!(!snes.has_update()?);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn has_update(&self) -> Result<bool> {
        // SAFETY: live solver.
        unsafe { is_attached(self.ptr as sys::PetscObject, CallbackKind::SnesUpdate) }
    }

    /// Removes the update closure of [`set_update`](Self::set_update), dropping it
    /// (`SNESSetUpdate` with no routine; petsc4py's `setUpdate(None)`); nothing is
    /// called at the start of each step from then on.
    #[doc(alias = "SNESSetUpdate")]
    pub fn clear_update(&mut self) -> Result<()> {
        // SAFETY: live solver; no routine.
        check(unsafe { sys::SNESSetUpdate(self.ptr, None) })?;
        // SAFETY: live solver; PETSc no longer calls the trampoline.
        unsafe { detach(self.ptr as sys::PetscObject, CallbackKind::SnesUpdate) }
    }

    /// Replaces the convergence test with a closure `f(iteration, ||x||, ||step||,
    /// ||F||)` returning [`SnesConvergedReason::Iterating`] to go on, or the reason to
    /// stop (`SNESSetConvergenceTest`). It replaces PETSc's test (tolerances are no
    /// longer checked, except the limits on iterations and evaluations, which the
    /// methods check themselves); [`set_convergence_test_default`](Self::set_convergence_test_default)
    /// restores it. An `Err`, a panic or a reason PETSc does not name ends the solve
    /// with an `Err`.
    ///
    /// ```
    /// use petsc::SnesConvergedReason;
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut snes = petsc::Snes::new(&c)?;
    /// snes.set_function(petsc::Vector::new_seq(&c, 1)?, |x, f| {
    ///     let x0 = x.view()?[0];
    ///     f.view_mut()?[0] = x0 * x0 - 4.0;
    ///     Ok(())
    /// })?;
    /// snes.set_use_mf(true)?;
    /// // Stop as soon as ||F|| < 0.1, whatever the tolerances say.
    /// snes.set_convergence_test(|_it, _xn, _yn, fnorm| {
    ///     Ok(if fnorm < 0.1 { SnesConvergedReason::ConvergedFnormAbs } else { SnesConvergedReason::Iterating })
    /// })?;
    /// let mut x = petsc::Vector::from_slice(&c, &[3.0])?;
    /// let reason = snes.solve(None, &mut x)?;
    /// assert_eq!(reason, SnesConvergedReason::ConvergedFnormAbs);
    /// assert!(snes.function_norm()? < 0.1 && snes.function_norm()? > 1e-8);
    /// snes.set_convergence_test_default()?;
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "SNESSetConvergenceTest")]
    pub fn set_convergence_test<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(Int, Real, Real, Real) -> Result<SnesConvergedReason> + 'static,
    {
        let f: Box<ConvergenceFn> = Box::new(f);
        hand_over(&self.petsc, CallbackKind::SnesConvergenceTest, f, |ctx| {
            // `SNESSetConvergenceTest` takes a `PetscCtxDestroyFn` (given the context's
            // address) from PETSc 3.25.
            #[cfg(not(petsc_3_25))]
            let destroy = crate::callback::release;
            #[cfg(petsc_3_25)]
            let destroy = crate::callback::release_at;
            // SAFETY: live solver; PETSc keeps the context and calls the destroy hook on it
            // when the test is replaced or the solver destroyed.
            unsafe {
                sys::SNESSetConvergenceTest(
                    self.ptr,
                    Some(convergence_trampoline),
                    ctx,
                    Some(destroy),
                )
            }
        })
    }

    /// Runs the solver's convergence test as set (PETSc's, or a closure of
    /// [`set_convergence_test`](Self::set_convergence_test)) on the given values and
    /// returns its verdict, changing nothing (the test's `SNESConvergenceTestCall`, as
    /// petsc4py calls it).
    ///
    /// ```
    /// use petsc::SnesConvergedReason;
    /// let petsc = petsc::Petsc::init()?;
    /// let mut snes = petsc::Snes::new(&petsc.self_comm())?;
    /// snes.set_tolerances(petsc::SnesTolerances { atol: Some(1e-6), ..Default::default() })?;
    /// // PETSc's test: ||F|| below atol at iteration 1.
    /// assert_eq!(snes.call_convergence_test(1, 1.0, 0.5, 1e-9)?, SnesConvergedReason::ConvergedFnormAbs);
    /// snes.set_convergence_test(|it, _, _, _| {
    ///     Ok(if it > 2 { SnesConvergedReason::ConvergedIts } else { SnesConvergedReason::Iterating })
    /// })?;
    /// assert_eq!(snes.call_convergence_test(1, 1.0, 0.5, 1e-9)?, SnesConvergedReason::Iterating);
    /// assert_eq!(snes.call_convergence_test(3, 1.0, 0.5, 1.0)?, SnesConvergedReason::ConvergedIts);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "SNESConvergenceTestCall")]
    pub fn call_convergence_test(
        &mut self,
        iteration: Int,
        xnorm: Real,
        ynorm: Real,
        fnorm: Real,
    ) -> Result<SnesConvergedReason> {
        const CTX: &str = "Snes::call_convergence_test";
        crate::error::check_count(CTX, "iteration", Some(iteration), 0)?;
        for (name, v) in [("xnorm", xnorm), ("ynorm", ynorm), ("fnorm", fnorm)] {
            crate::error::check_finite(CTX, name, v)?;
        }
        let mut r = sys::SNESConvergedReason::SNES_CONVERGED_ITERATING;
        // SAFETY: live solver; PETSc's test or our trampoline writes the reason.
        check(unsafe {
            sys::petscrs_SNESConvergenceTestCall(self.ptr, iteration, xnorm, ynorm, fnorm, &mut r)
        })?;
        Ok(SnesConvergedReason::from_raw(r.0))
    }

    /// Runs the convergence test ([`call_convergence_test`](Self::call_convergence_test))
    /// and records its verdict as the solver's converged reason, as a method does after
    /// each iteration (`SNESConverged` in later PETSc); returns it.
    ///
    /// ```
    /// use petsc::SnesConvergedReason;
    /// let petsc = petsc::Petsc::init()?;
    /// let mut snes = petsc::Snes::new(&petsc.self_comm())?;
    /// snes.set_tolerances(petsc::SnesTolerances { atol: Some(1e-6), ..Default::default() })?;
    /// assert_eq!(snes.converged(3, 1.0, 0.5, 1e-9)?, SnesConvergedReason::ConvergedFnormAbs);
    /// assert_eq!(snes.converged_reason()?, SnesConvergedReason::ConvergedFnormAbs);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "SNESConverged")]
    pub fn converged(
        &mut self,
        iteration: Int,
        xnorm: Real,
        ynorm: Real,
        fnorm: Real,
    ) -> Result<SnesConvergedReason> {
        let r = self.call_convergence_test(iteration, xnorm, ynorm, fnorm)?;
        self.set_converged_reason(r)?;
        Ok(r)
    }

    /// Sets a closure that writes the initial guess into `x` at the start of each solve,
    /// replacing what the caller put there (`SNESSetComputeInitialGuess`). Kept with
    /// the solver, replacing the previous one; an `Err` or a panic ends the solve.
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
    /// // Start from -1: Newton finds the negative root.
    /// snes.set_initial_guess(|x| x.set(-1.0))?;
    /// let mut x = petsc::Vector::from_slice(&c, &[5.0])?;
    /// snes.solve(None, &mut x)?.check()?;
    /// assert!((x.view()?[0] + 2.0).abs() < 1e-6);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "SNESSetComputeInitialGuess")]
    pub fn set_initial_guess<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(&mut Vector) -> Result<()> + 'static,
    {
        let f: Box<InitialGuessFn> = Box::new(f);
        // SAFETY: live solver; the closure is kept with it (replacing the previous one).
        let ctx = unsafe {
            attach(
                &self.petsc,
                self.ptr as sys::PetscObject,
                CallbackKind::SnesInitialGuess,
                f,
            )
        }?;
        // SAFETY: live solver; the context is a number PETSc only hands back to the
        // routine.
        check(unsafe {
            sys::SNESSetComputeInitialGuess(self.ptr, Some(initial_guess_trampoline), ctx)
        })
    }

    /// Computes the Jacobian by finite differences of the residual colored with the
    /// matrix's nonzero structure or the DM's coloring (`SNESComputeJacobianDefaultColor`,
    /// as `-snes_fd_color`), instead of the Jacobian closure; the matrices are those
    /// given or made from the DM at set-up (a DMDA). Once on it stays on: `false` then
    /// is an `Err` (set a Jacobian again with [`set_jacobian`](Self::set_jacobian)).
    /// A Jacobian closure set before is dropped (with a TS, the integrator's own Jacobian
    /// routine is replaced: the colored differences are of the implicit step's residual).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let da = petsc::Da::grid(&c).sizes([5]).build()?;
    /// let mut snes = petsc::Snes::new(&c)?;
    /// snes.set_function_local(&da, |info, x, f| {
    ///     for i in info.xs..info.xs + info.xm {
    ///         f[i] = x[i] * x[i] - 9.0;
    ///     }
    ///     Ok(())
    /// })?;
    /// assert!(!snes.use_fd()?);
    /// snes.set_use_fd(true)?;
    /// assert!(snes.use_fd()?);
    /// let mut u = da.create_global_vector()?;
    /// u.set(1.0)?;
    /// snes.solve(None, &mut u)?.check()?;
    /// u.shift(-3.0)?;
    /// assert!(u.norm(petsc::NormType::Infinity)? < 1e-6);
    /// assert!(snes.set_use_fd(false).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "SNESComputeJacobianDefaultColor")]
    pub fn set_use_fd(&mut self, flag: bool) -> Result<()> {
        let on = self.use_fd()?;
        if on == flag {
            return Ok(());
        }
        if on {
            return Err(crate::error::Error::invalid(
                "Snes::set_use_fd",
                "colored finite differences cannot be turned off; set a Jacobian instead",
            ));
        }
        let (mut a, mut p): (sys::Mat, sys::Mat) = (std::ptr::null_mut(), std::ptr::null_mut());
        // SAFETY: live solver; PETSc lends its matrices (or null).
        check(unsafe {
            sys::SNESGetJacobian(
                self.ptr,
                &mut a,
                &mut p,
                std::ptr::null_mut(),
                std::ptr::null_mut(),
            )
        })?;
        // The routine reads the context as its coloring (making its own when there is
        // none), and SNESSetJacobian keeps the previous routine's when given none: a
        // closure's number, or the integrator under a TS. Forgotten first, as
        // -snes_fd_color does, and the closure it numbered (of this solver's DM) dropped.
        // SAFETY: live solver.
        check(unsafe { sys::petscrs_SNESUnsetJacobianContext(self.ptr) })?;
        // SAFETY: live solver, hence a live DM, whose Jacobian routine no longer uses
        // the closure.
        unsafe { crate::callback::detach(snes_dm(self.ptr)? as _, CallbackKind::SnesJacobian) }?;
        // SAFETY: live solver and matrices (or null, made at set-up); PETSc's routine
        // makes its coloring when it needs none given.
        check(unsafe {
            sys::SNESSetJacobian(
                self.ptr,
                a,
                p,
                Some(sys::SNESComputeJacobianDefaultColor),
                std::ptr::null_mut(),
            )
        })
    }

    /// Refuses a solve whose Jacobian is colored finite differences of the nonzero pattern
    /// of a preconditioner matrix that is not assembled (no coloring made yet, none from
    /// the DM): PETSc's coloring of such an AIJ matrix frees memory it does not own and
    /// aborts the process (PETSc 3.18). The state is the same on every rank (assembly is
    /// collective), so no agreement is needed.
    pub(crate) fn check_fd_coloring(&self, context: &str) -> Result<()> {
        let mut needs = sys::PETSC_BOOL_FALSE;
        // SAFETY: live solver; one output.
        check(unsafe { sys::petscrs_SNESFDColoringNeedsAssembly(self.ptr, &mut needs) })?;
        if needs == sys::PETSC_BOOL_TRUE {
            return Err(crate::error::Error::invalid(
                context,
                "the Jacobian is colored finite differences of the preconditioner matrix's \
                 nonzero pattern (set_use_fd, -snes_fd_color), but that matrix is not \
                 assembled: assemble it (its nonzero pattern) before the solve",
            ));
        }
        Ok(())
    }

    /// Whether the Jacobian is computed by colored finite differences (the solver's
    /// Jacobian routine is `SNESComputeJacobianDefaultColor`; see
    /// [`set_use_fd`](Self::set_use_fd)).
    pub fn use_fd(&self) -> Result<bool> {
        type Routine = unsafe extern "C" fn(
            sys::SNES,
            sys::Vec,
            sys::Mat,
            sys::Mat,
            *mut c_void,
        ) -> sys::PetscErrorCode;
        let mut f: Option<Routine> = None;
        // SAFETY: live solver; PETSc writes its routine; null outputs are skipped.
        check(unsafe {
            sys::SNESGetJacobian(
                self.ptr,
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                &mut f,
                std::ptr::null_mut(),
            )
        })?;
        let color: Routine = sys::SNESComputeJacobianDefaultColor;
        Ok(f.is_some_and(|f| f as usize == color as usize))
    }

    /// Restores PETSc's convergence test (`SNESSetConvergenceTest` with
    /// `SNESConvergedDefault`), dropping a closure set with
    /// [`set_convergence_test`](Self::set_convergence_test).
    #[doc(alias = "SNESConvergedDefault")]
    pub fn set_convergence_test_default(&mut self) -> Result<()> {
        // SAFETY: live solver; PETSc's own test needs no context.
        check(unsafe {
            sys::SNESSetConvergenceTest(
                self.ptr,
                Some(sys::SNESConvergedDefault),
                std::ptr::null_mut(),
                None,
            )
        })
    }

    /// Evaluates the Jacobian at `x` into `jac` (and `pre`, the matrix the
    /// preconditioner is built from, when distinct) with the closure set on this solver
    /// (`SNESComputeJacobian`). The matrices must be square of `x`'s size.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut snes = petsc::Snes::new(&c)?;
    /// let j = petsc::Mat::aij(&c).sizes(petsc::Sizes::global(1, 1)).preallocate(1, 0).build()?;
    /// snes.set_jacobian(&j, None, |x, jac| {
    ///     let x0 = x.view()?[0];
    ///     jac.pre().set_value(0, 0, 3.0 * x0 * x0, petsc::InsertMode::Insert)?;
    ///     jac.pre().assemble()
    /// })?;
    /// let x = petsc::Vector::from_slice(&c, &[2.0])?;
    /// let mut m = petsc::Mat::aij(&c).sizes(petsc::Sizes::global(1, 1)).preallocate(1, 0).build()?;
    /// snes.compute_jacobian(&x, &mut m, None)?;
    /// assert_eq!(m.values(&[0], &[0])?[0], 12.0);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "SNESComputeJacobian")]
    pub fn compute_jacobian(
        &mut self,
        x: &Vector,
        jac: &mut Mat,
        pre: Option<&mut Mat>,
    ) -> Result<()> {
        jac.check_loan("Snes::compute_jacobian")?;
        const CTX: &str = "Snes::compute_jacobian";
        let n = x.size()?;
        let mats = std::iter::once(&*jac).chain(pre.as_deref());
        for m in mats {
            let (r, c) = m.size()?;
            if (r, c) != (n, n) {
                return Err(crate::error::Error::invalid(
                    CTX,
                    format!("a {r}x{c} matrix for a vector of size {n}; it must be {n}x{n}"),
                ));
            }
        }
        // A view of `x` alive on some ranks only is refused on every rank.
        Vector::accessible_over(self, CTX, &[x], &[])?;
        let a = jac.as_raw();
        let p = pre.map_or(a, |p| p.as_raw());
        // SAFETY: live solver (a TS's of an explicit type fails cleanly).
        check(unsafe { sys::petscrs_SNESGuardTS(self.ptr) })?;
        // SAFETY: live solver, vector and matrices (checked square of x's size).
        check(unsafe { sys::SNESComputeJacobian(self.ptr, x.raw_read(CTX)?, a, p) })
    }
}
