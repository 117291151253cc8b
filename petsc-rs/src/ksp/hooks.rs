//! Closures a KSP calls around and inside its iteration: the convergence test (set, or
//! added to the test in place), and the pre- and post-solve steps. Kept as the callback
//! module keeps every closure.

use std::os::raw::c_void;

use petsc_sys as sys;

use super::{Ksp, KspConvergedReason};
use crate::callback::{CallbackKind, attach, attached, call, hand_over, is_attached, run};
use crate::error::{Error, Result, check};
use crate::scalar::{Int, Real};
use crate::vec::Vector;

/// A convergence test as the trampoline calls it: the solver at hand, the iteration and
/// the residual norm; the reason to stop, or [`KspConvergedReason::Iterating`].
type ConvergenceFn = dyn FnMut(sys::KSP, Int, Real) -> Result<KspConvergedReason>;
/// A pre- or post-solve step on `(b, x)`.
pub(super) type SolveStepFn = dyn FnMut(&Vector, &mut Vector) -> Result<()>;

/// A C convergence test routine (`KSPConvergedDefault`, the trampoline, ...).
type CTestFn = unsafe extern "C" fn(
    sys::KSP,
    Int,
    Real,
    *mut sys::KSPConvergedReason,
    *mut c_void,
) -> sys::PetscErrorCode;

/// The destroy routine of a convergence test's context: given the context before PETSc
/// 3.24, its address since (`PetscCtxDestroyFn`).
#[cfg(not(petsc_3_24))]
type CtxDestroyFn = unsafe extern "C" fn(*mut c_void) -> sys::PetscErrorCode;
/// See above.
#[cfg(petsc_3_24)]
type CtxDestroyFn = unsafe extern "C" fn(sys::CtxRt) -> sys::PetscErrorCode;

/// `KSPSetConvergenceTest` trampoline.
unsafe extern "C" fn convergence_trampoline(
    ksp: sys::KSP,
    it: Int,
    rnorm: Real,
    reason: *mut sys::KSPConvergedReason,
    ctx: *mut c_void,
) -> sys::PetscErrorCode {
    run::<ConvergenceFn>(ctx, CallbackKind::KspConvergenceTest, |_, f| {
        let r = f(ksp, it, rnorm)?;
        // SAFETY: PETSc passes the address of the reason it reads after the call.
        unsafe { *reason = sys::KSPConvergedReason(r.code()) };
        Ok(())
    })
}

/// The convergence test a solver had when [`Ksp::add_convergence_test`] was called,
/// taken from it (`KSPGetAndClearConvergenceTest`) and owned by the composed test: its
/// context is destroyed with the composed closure.
struct TakenTest {
    f: Option<CTestFn>,
    ctx: *mut c_void,
    destroy: Option<CtxDestroyFn>,
}

impl TakenTest {
    /// Runs the test for the solver `ksp`.
    fn call(&mut self, ksp: sys::KSP, it: Int, rnorm: Real) -> Result<KspConvergedReason> {
        let mut r = sys::KSPConvergedReason::KSP_CONVERGED_ITERATING;
        if let Some(f) = self.f {
            // SAFETY: the routine and context PETSc held for this solver; `ksp` is the
            // live solver PETSc called the composed test with.
            check(unsafe { f(ksp, it, rnorm, &mut r, self.ctx) })?;
        }
        Ok(KspConvergedReason::from_raw(r.0))
    }
}

impl Drop for TakenTest {
    fn drop(&mut self) {
        if let Some(d) = self.destroy.take() {
            #[cfg(not(petsc_3_24))]
            // SAFETY: the context's own destroy routine, called once.
            let ierr = unsafe { d(self.ctx) };
            #[cfg(petsc_3_24)]
            // SAFETY: as above; from 3.24 it takes the context's address.
            let ierr = unsafe { d(std::ptr::addr_of_mut!(self.ctx).cast()) };
            crate::error::record_destroy(ierr);
        }
    }
}

/// Which convergence test a solver uses (`KSPGetConvergenceTest`), from
/// [`Ksp::convergence_test`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConvergenceTest {
    /// `KSPConvergedDefault`: the relative, absolute and divergence tolerances.
    Default,
    /// `KSPLSQRConvergedDefault`, LSQR's own default.
    LsqrDefault,
    /// `KSPConvergedSkip`: never stops before the iteration limit
    /// (`-ksp_convergence_test skip`).
    Skip,
    /// A Rust closure, from [`Ksp::set_convergence_test`] or
    /// [`Ksp::add_convergence_test`].
    Closure,
    /// Another routine, set from C.
    Other,
}

/// The trampoline of the pre- and post-solve steps, for `kind`.
///
/// # Safety
/// `ksp` must be the live solver whose object holds the closure; `b` and `x` live
/// vectors.
pub(super) unsafe fn solve_step(
    kind: CallbackKind,
    ksp: sys::KSP,
    b: sys::Vec,
    x: sys::Vec,
) -> sys::PetscErrorCode {
    crate::error::run_callback(kind.name(), || {
        // SAFETY: live solver (caller).
        let ctx = unsafe { attached(ksp as sys::PetscObject, kind) }?;
        call::<SolveStepFn, _>(ctx, kind, |petsc, f| {
            // SAFETY: `b` and `x` are live and distinct for the call, lent to the
            // closure.
            let (bv, mut xv) = unsafe {
                (
                    Vector::from_raw_scoped(petsc, b)?,
                    Vector::from_raw_scoped(petsc, x)?,
                )
            };
            f(&bv, &mut xv)?;
            xv.written_in_place(x)
        })
    })
}

/// `KSPSetPreSolve` trampoline (the context is found through the solver).
unsafe extern "C" fn pre_solve_trampoline(
    ksp: sys::KSP,
    b: sys::Vec,
    x: sys::Vec,
    _: *mut c_void,
) -> sys::PetscErrorCode {
    // SAFETY: PETSc calls it with the live solver and its vectors.
    unsafe { solve_step(CallbackKind::KspPreSolve, ksp, b, x) }
}

/// `KSPSetPostSolve` trampoline.
unsafe extern "C" fn post_solve_trampoline(
    ksp: sys::KSP,
    b: sys::Vec,
    x: sys::Vec,
    _: *mut c_void,
) -> sys::PetscErrorCode {
    // SAFETY: PETSc calls it with the live solver and its vectors.
    unsafe { solve_step(CallbackKind::KspPostSolve, ksp, b, x) }
}

impl Ksp {
    /// Replaces the convergence test (`KSPSetConvergenceTest`): `test(iteration,
    /// residual_norm)` returns the reason to stop, or [`KspConvergedReason::Iterating`] to
    /// go on. An `Err` or a panic ends the solve with that error.
    ///
    /// ```
    /// use petsc::{KspConvergedReason, Ksp, KspType, Mat, PcType, Sizes, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// // tridiag(1, 4, 1), 3 x 3.
    /// let mut a = Mat::aij(&c).sizes(Sizes::local(3, 3)).preallocate(3, 0).build()?;
    /// for i in 0..3 {
    ///     a.set_values(&[i], &[i], &[4.0], petsc::InsertMode::Insert)?;
    ///     if i > 0 {
    ///         a.set_values(&[i], &[i - 1], &[1.0], petsc::InsertMode::Insert)?;
    ///         a.set_values(&[i - 1], &[i], &[1.0], petsc::InsertMode::Insert)?;
    ///     }
    /// }
    /// a.assemble()?;
    /// let b = Vector::from_slice(&c, &[1.0, 2.0, 3.0])?;
    /// let mut x = b.duplicate()?;
    /// let mut ksp = Ksp::new(&c)?;
    /// ksp.set_operators(&a, &a)?;
    /// ksp.set_type(KspType::Gmres)?;
    /// ksp.pc()?.set_type(PcType::None)?;
    /// // Stop after two iterations, whatever the residual.
    /// ksp.set_convergence_test(|it, _rnorm| {
    ///     Ok(if it >= 2 { KspConvergedReason::ConvergedIts } else { KspConvergedReason::Iterating })
    /// })?;
    /// let reason = ksp.solve(&b, &mut x)?;
    /// assert_eq!(ksp.iteration_number()?, 2);
    /// assert_eq!(reason, KspConvergedReason::ConvergedIts);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "KSPSetConvergenceTest")]
    pub fn set_convergence_test<F>(&mut self, test: F) -> Result<()>
    where
        F: FnMut(Int, Real) -> Result<KspConvergedReason> + 'static,
    {
        let mut test = test;
        let f: Box<ConvergenceFn> = Box::new(move |_, it, rnorm| test(it, rnorm));
        self.install_convergence_test(f)
    }

    /// Puts back PETSc's default convergence test, dropping the closure of
    /// [`set_convergence_test`](Self::set_convergence_test) or
    /// [`add_convergence_test`](Self::add_convergence_test) (petsc4py's
    /// `setConvergenceTest(None)`): the tolerance test `KSPConvergedDefault` with a fresh
    /// context (LSQR's own `KSPLSQRConvergedDefault` for `lsqr`), or `KSPConvergedSkip`
    /// when the solver computes no norm ([`KspNormType::None`](super::KspNormType::None)).
    /// Before the solver has a type, the default test it was created with.
    ///
    /// ```
    /// use petsc::{ConvergenceTest, Ksp, KspConvergedReason};
    /// use std::rc::Rc;
    /// let petsc = petsc::Petsc::init()?;
    /// let mut ksp = Ksp::new(&petsc.self_comm())?;
    /// let kept = Rc::new(());
    /// let held = kept.clone();
    /// ksp.set_convergence_test(move |_, _| {
    ///     let _ = &held;
    ///     Ok(KspConvergedReason::Iterating)
    /// })?;
    /// assert_eq!(Rc::strong_count(&kept), 2);
    /// ksp.clear_convergence_test()?;
    /// assert_eq!(Rc::strong_count(&kept), 1); // the closure is gone
    /// assert_eq!(ksp.convergence_test()?, ConvergenceTest::Default);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "KSPConvergedDefault")]
    #[doc(alias = "KSPConvergedDefaultCreate")]
    pub fn clear_convergence_test(&mut self) -> Result<()> {
        let ty = crate::object::Object::type_name(self)?;
        // Before a type is set the norm is not known (PETSc refuses to say): the default
        // test KSPCreate installs.
        if !ty.is_empty() && self.norm_type()? == super::KspNormType::None {
            // SAFETY: live solver; PETSc's own routine, without a context (the old
            // test's context is destroyed by PETSc, releasing a closure).
            return check(unsafe {
                sys::KSPSetConvergenceTest(
                    self.ptr,
                    Some(sys::KSPConvergedSkip),
                    std::ptr::null_mut(),
                    None,
                )
            });
        }
        let lsqr = ty == "lsqr";
        let mut ctx: *mut c_void = std::ptr::null_mut();
        // SAFETY: PETSc allocates a default context into `ctx`.
        check(unsafe { sys::KSPConvergedDefaultCreate(&mut ctx) })?;
        let test: CTestFn = if lsqr {
            sys::KSPLSQRConvergedDefault
        } else {
            sys::KSPConvergedDefault
        };
        // SAFETY: live solver; the context is the one made above, destroyed by PETSc's
        // own routine with the test (the old test's context is destroyed now).
        let r = check(unsafe {
            sys::KSPSetConvergenceTest(
                self.ptr,
                Some(test),
                ctx,
                Some(sys::KSPConvergedDefaultDestroy),
            )
        });
        if r.is_err() {
            #[cfg(not(petsc_3_24))]
            // SAFETY: the context made above, not taken by the solver.
            let ierr = unsafe { sys::KSPConvergedDefaultDestroy(ctx) };
            #[cfg(petsc_3_24)]
            // SAFETY: as above; from 3.24 it takes the context's address.
            let ierr =
                unsafe { sys::KSPConvergedDefaultDestroy(std::ptr::addr_of_mut!(ctx).cast()) };
            crate::error::record_destroy(ierr);
        }
        r
    }

    /// Removes the step of [`set_pre_solve`](Self::set_pre_solve), dropping its closure
    /// (`KSPSetPreSolve` with no routine; petsc4py's `setPreSolve(None)`).
    #[doc(alias = "KSPSetPreSolve")]
    pub fn clear_pre_solve(&mut self) -> Result<()> {
        // SAFETY: live solver; PETSc calls no step from now on.
        check(unsafe { sys::KSPSetPreSolve(self.ptr, None, std::ptr::null_mut()) })?;
        // SAFETY: live solver; its closure, if any, goes.
        unsafe { crate::callback::detach(self.ptr as sys::PetscObject, CallbackKind::KspPreSolve) }
    }

    /// Removes the step of [`set_post_solve`](Self::set_post_solve), dropping its closure
    /// (`KSPSetPostSolve` with no routine; petsc4py's `setPostSolve(None)`).
    ///
    /// ```
    /// use std::rc::Rc;
    /// let petsc = petsc::Petsc::init()?;
    /// let mut ksp = petsc::Ksp::new(&petsc.self_comm())?;
    /// let kept = Rc::new(());
    /// let (pre, post) = (kept.clone(), kept.clone());
    /// ksp.set_pre_solve(move |_, _| { let _ = &pre; Ok(()) })?;
    /// ksp.set_post_solve(move |_, _| { let _ = &post; Ok(()) })?;
    /// assert_eq!(Rc::strong_count(&kept), 3);
    /// ksp.clear_pre_solve()?;
    /// ksp.clear_post_solve()?;
    /// assert_eq!(Rc::strong_count(&kept), 1);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "KSPSetPostSolve")]
    pub fn clear_post_solve(&mut self) -> Result<()> {
        // SAFETY: live solver; PETSc calls no step from now on.
        check(unsafe { sys::KSPSetPostSolve(self.ptr, None, std::ptr::null_mut()) })?;
        // SAFETY: live solver; its closure, if any, goes.
        unsafe { crate::callback::detach(self.ptr as sys::PetscObject, CallbackKind::KspPostSolve) }
    }

    /// Hands `f` to the solver as its convergence test, through the trampoline.
    fn install_convergence_test(&mut self, f: Box<ConvergenceFn>) -> Result<()> {
        hand_over(&self.petsc, CallbackKind::KspConvergenceTest, f, |ctx| {
            // `KSPSetConvergenceTest` takes a `PetscCtxDestroyFn` (given the context's
            // address) from PETSc 3.24.
            #[cfg(not(petsc_3_24))]
            let destroy = crate::callback::release;
            #[cfg(petsc_3_24)]
            let destroy = crate::callback::release_at;
            // SAFETY: live solver; the context is a registered closure, released by the
            // destroy hook (which also runs for the test this one replaces).
            unsafe {
                sys::KSPSetConvergenceTest(
                    self.ptr,
                    Some(convergence_trampoline),
                    ctx,
                    Some(destroy),
                )
            }
        })
    }

    /// A step run before each solve's iteration (`KSPSetPreSolve`), given the
    /// right-hand side and the initial guess; an `Err` ends the solve.
    ///
    /// ```
    /// use petsc::{Ksp, Mat, Sizes, Vector};
    /// use std::{cell::Cell, rc::Rc};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut a = Mat::aij(&c).sizes(Sizes::local(2, 2)).preallocate(1, 0).build()?;
    /// a.set_values(&[0], &[0], &[2.0], petsc::InsertMode::Insert)?;
    /// a.set_values(&[1], &[1], &[2.0], petsc::InsertMode::Insert)?;
    /// a.assemble()?;
    /// let b = Vector::from_slice(&c, &[2.0, 4.0])?;
    /// let mut x = b.duplicate()?;
    /// let mut ksp = Ksp::new(&c)?;
    /// ksp.set_operators(&a, &a)?;
    /// let seen = Rc::new(Cell::new(0.0));
    /// let s = seen.clone();
    /// ksp.set_pre_solve(move |b, _x| {
    ///     s.set(b.sum()?);
    ///     Ok(())
    /// })?;
    /// ksp.set_post_solve(|_b, x| x.scale(10.0))?;
    /// ksp.solve(&b, &mut x)?.check()?;
    /// assert_eq!(seen.get(), 6.0);
    /// assert!((x.view()?[1] - 20.0).abs() < 1e-10);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "KSPSetPreSolve")]
    pub fn set_pre_solve<F>(&mut self, step: F) -> Result<()>
    where
        F: FnMut(&Vector, &mut Vector) -> Result<()> + 'static,
    {
        let f: Box<SolveStepFn> = Box::new(step);
        // SAFETY: live solver; the closure is kept with it (replacing an earlier one).
        unsafe {
            attach(
                &self.petsc,
                self.ptr as sys::PetscObject,
                CallbackKind::KspPreSolve,
                f,
            )
        }?;
        // SAFETY: live solver; the trampoline finds the closure through it.
        check(unsafe {
            sys::KSPSetPreSolve(self.ptr, Some(pre_solve_trampoline), std::ptr::null_mut())
        })
    }

    /// A step run after each solve's iteration (`KSPSetPostSolve`), given the
    /// right-hand side and the solution; see [`set_pre_solve`](Self::set_pre_solve).
    #[doc(alias = "KSPSetPostSolve")]
    pub fn set_post_solve<F>(&mut self, step: F) -> Result<()>
    where
        F: FnMut(&Vector, &mut Vector) -> Result<()> + 'static,
    {
        let f: Box<SolveStepFn> = Box::new(step);
        // SAFETY: live solver; the closure is kept with it (replacing an earlier one).
        unsafe {
            attach(
                &self.petsc,
                self.ptr as sys::PetscObject,
                CallbackKind::KspPostSolve,
                f,
            )
        }?;
        // SAFETY: live solver; the trampoline finds the closure through it.
        check(unsafe {
            sys::KSPSetPostSolve(self.ptr, Some(post_solve_trampoline), std::ptr::null_mut())
        })
    }
}

/// Composing, reading and calling the convergence test; running the solve steps.
impl Ksp {
    /// Adds `test` to the convergence test in place, as petsc4py's
    /// `addConvergenceTest`: with `prepend`, `test` runs first and the test in place
    /// runs only while `test` says [`KspConvergedReason::Iterating`]; otherwise the test in
    /// place runs first and `test` only while that one says to go on. The first reason
    /// to stop ends the solve. The test in place is the default tolerance test unless
    /// another was set; it keeps its settings ([`set_tolerances`](Self::set_tolerances)
    /// still applies). Each call adds one more test around the ones before; an `Err` or
    /// a panic in `test` ends the solve with that error.
    ///
    /// ```
    /// use petsc::{KspConvergedReason, Ksp, Mat, PcType, Sizes, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut a = Mat::aij(&c).sizes(Sizes::local(4, 4)).preallocate(1, 0).build()?;
    /// for i in 0..4 {
    ///     a.set_values(&[i], &[i], &[(i + 1) as f64], petsc::InsertMode::Insert)?;
    /// }
    /// a.assemble()?;
    /// let b = Vector::from_slice(&c, &[1.0; 4])?;
    /// let mut x = b.duplicate()?;
    /// let mut ksp = Ksp::new(&c)?;
    /// ksp.set_operators(&a, &a)?;
    /// ksp.pc()?.set_type(PcType::None)?;
    /// ksp.set_tolerances(petsc::KspTolerances { rtol: Some(1e-12), ..Default::default() })?;
    /// // Stop at iteration 2 at the latest; the tolerances still apply before that.
    /// ksp.add_convergence_test(
    ///     |it, _| Ok(if it >= 2 { KspConvergedReason::ConvergedIts } else { KspConvergedReason::Iterating }),
    ///     false,
    /// )?;
    /// let reason = ksp.solve(&b, &mut x)?;
    /// assert_eq!(ksp.iteration_number()?, 2);
    /// assert_eq!(reason, KspConvergedReason::ConvergedIts);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "KSPGetAndClearConvergenceTest")]
    pub fn add_convergence_test<F>(&mut self, test: F, prepend: bool) -> Result<()>
    where
        F: FnMut(Int, Real) -> Result<KspConvergedReason> + 'static,
    {
        let mut test = test;
        let mut taken = TakenTest {
            f: None,
            ctx: std::ptr::null_mut(),
            destroy: None,
        };
        // SAFETY: live solver; from here on `taken` owns the routine's context (PETSc
        // forgets it) and destroys it when dropped.
        check(unsafe {
            sys::KSPGetAndClearConvergenceTest(
                self.ptr,
                &mut taken.f,
                // `void **`, typed `PetscCtxRt` from PETSc 3.25.
                std::ptr::addr_of_mut!(taken.ctx).cast(),
                &mut taken.destroy,
            )
        })?;
        let f: Box<ConvergenceFn> = Box::new(move |ksp, it, rnorm| {
            use KspConvergedReason::Iterating;
            if prepend {
                let r = test(it, rnorm)?;
                if r != Iterating {
                    return Ok(r);
                }
            }
            let r = taken.call(ksp, it, rnorm)?;
            if r != Iterating || prepend {
                return Ok(r);
            }
            test(it, rnorm)
        });
        self.install_convergence_test(f)
    }

    /// Which convergence test the solver uses (`KSPGetConvergenceTest`): the default
    /// tolerance test, a Rust closure, `-ksp_convergence_test skip`, ...
    ///
    /// ```
    /// use petsc::{KspConvergedReason, ConvergenceTest, Ksp};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut ksp = Ksp::new(&petsc.self_comm())?;
    /// assert_eq!(ksp.convergence_test()?, ConvergenceTest::Default);
    /// ksp.set_convergence_test(|_, _| Ok(KspConvergedReason::Iterating))?;
    /// assert_eq!(ksp.convergence_test()?, ConvergenceTest::Closure);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "KSPGetConvergenceTest")]
    pub fn convergence_test(&self) -> Result<ConvergenceTest> {
        let (f, _) = self.raw_convergence_test()?;
        let is = |g: CTestFn| f.is_some_and(|f| f as usize == g as usize);
        Ok(if is(convergence_trampoline) {
            ConvergenceTest::Closure
        } else if is(sys::KSPConvergedDefault) {
            ConvergenceTest::Default
        } else if is(sys::KSPLSQRConvergedDefault) {
            ConvergenceTest::LsqrDefault
        } else if is(sys::KSPConvergedSkip) {
            ConvergenceTest::Skip
        } else {
            ConvergenceTest::Other
        })
    }

    /// The routine and context of the convergence test.
    fn raw_convergence_test(&self) -> Result<(Option<CTestFn>, *mut c_void)> {
        let mut f: Option<CTestFn> = None;
        let mut ctx: *mut c_void = std::ptr::null_mut();
        let mut destroy: Option<CtxDestroyFn> = None;
        // SAFETY: live solver; PETSc returns its routine and context (still its own).
        check(unsafe {
            sys::KSPGetConvergenceTest(
                self.ptr,
                &mut f,
                std::ptr::addr_of_mut!(ctx).cast(),
                &mut destroy,
            )
        })?;
        Ok((f, ctx))
    }

    /// Runs the convergence test in place for `iteration` and `residual_norm`, as the
    /// solver does at each iteration, and returns its verdict (petsc4py's
    /// `callConvergenceTest`; collective). A call at iteration 0 starts the test afresh
    /// as a solve does: the default test takes `residual_norm` as the initial residual
    /// for its relative tolerance.
    ///
    /// ```
    /// use petsc::{KspConvergedReason, Ksp};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut ksp = Ksp::new(&petsc.self_comm())?;
    /// ksp.set_type(petsc::KspType::Gmres)?; // the default test asks the method's norm
    /// ksp.set_tolerances(petsc::KspTolerances { rtol: Some(1e-3), atol: Some(1e-50), divtol: Some(1e4), ..Default::default() })?;
    /// assert_eq!(ksp.call_convergence_test(0, 1.0)?, KspConvergedReason::Iterating);
    /// assert_eq!(ksp.call_convergence_test(1, 0.5)?, KspConvergedReason::Iterating);
    /// assert_eq!(ksp.call_convergence_test(2, 1e-4)?, KspConvergedReason::ConvergedRtol);
    /// assert_eq!(ksp.call_convergence_test(3, 1e5)?, KspConvergedReason::DivergedDtol);
    /// assert!(ksp.call_convergence_test(-1, 1.0).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn call_convergence_test(
        &mut self,
        iteration: Int,
        residual_norm: Real,
    ) -> Result<KspConvergedReason> {
        const CTX: &str = "Ksp::call_convergence_test";
        if iteration < 0 {
            return Err(Error::invalid(
                CTX,
                format!("iteration {iteration}; it must not be negative"),
            ));
        }
        if residual_norm.is_sign_negative() {
            return Err(Error::invalid(
                CTX,
                format!("residual norm {residual_norm}; it must not be negative"),
            ));
        }
        let (f, ctx) = self.raw_convergence_test()?;
        let f = f.ok_or_else(|| Error::invalid(CTX, "the solver has no convergence test"))?;
        let mut r = sys::KSPConvergedReason::KSP_CONVERGED_ITERATING;
        // SAFETY: live solver with its own routine and context; a Rust closure runs
        // through its trampoline (which refuses a call from inside itself).
        check(unsafe { f(self.ptr, iteration, residual_norm, &mut r, ctx) })?;
        Ok(KspConvergedReason::from_raw(r.0))
    }

    /// Runs the pre-solve step of [`set_pre_solve`](Self::set_pre_solve) on `b` and
    /// `x`, as a solve does before its iteration (petsc4py's `preSolve`); nothing when
    /// none is set. Its `Err` is returned.
    ///
    /// ```
    /// use petsc::{Ksp, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut ksp = Ksp::new(&c)?;
    /// let b = Vector::from_slice(&c, &[1.0, 2.0])?;
    /// let mut x = b.duplicate()?;
    /// ksp.pre_solve(&b, &mut x)?; // no step: nothing happens
    /// ksp.set_pre_solve(|b, x| x.copy_from(b))?;
    /// ksp.set_post_solve(|_, x| x.scale(2.0))?;
    /// ksp.pre_solve(&b, &mut x)?;
    /// ksp.post_solve(&b, &mut x)?;
    /// assert_eq!(&x.view()?[..], &[2.0, 4.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "KSPPreSolve")]
    pub fn pre_solve(&mut self, b: &Vector, x: &mut Vector) -> Result<()> {
        self.run_solve_step(CallbackKind::KspPreSolve, b, x)
    }

    /// Runs the post-solve step of [`set_post_solve`](Self::set_post_solve) on `b` and
    /// `x` (petsc4py's `postSolve`); see [`pre_solve`](Self::pre_solve).
    #[doc(alias = "KSPPostSolve")]
    pub fn post_solve(&mut self, b: &Vector, x: &mut Vector) -> Result<()> {
        self.run_solve_step(CallbackKind::KspPostSolve, b, x)
    }

    /// Runs the solve step of `kind` kept with the solver, if any.
    fn run_solve_step(&mut self, kind: CallbackKind, b: &Vector, x: &mut Vector) -> Result<()> {
        let obj = self.ptr as sys::PetscObject;
        // SAFETY: live solver.
        if !unsafe { is_attached(obj, kind) }? {
            return Ok(());
        }
        // SAFETY: live solver holding a closure of this kind.
        let ctx = unsafe { attached(obj, kind) }?;
        call::<SolveStepFn, _>(ctx, kind, |_, f| f(b, x))
    }
}
