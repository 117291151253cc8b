//! Adjoint sensitivities (`TSAdjoint*`): after a forward solve that saved its
//! trajectory, integrate backwards the gradients of cost functions with respect to the
//! initial state (`lambda`) and to parameters (`mu`), with the Jacobian of the
//! right-hand side with respect to the parameters given as a closure kept with the `TS`.

use std::borrow::Borrow;
use std::ffi::CStr;
use std::os::raw::c_void;

use petsc_sys as sys;

use super::Ts;
use crate::borrow::check_writable;
use crate::callback::{CallbackKind, attach, call, compose_value, with_composed_value};
use crate::error::{Error, Result, c_string, check, check_finite, run_callback, unlock_on_error};
use crate::mat::Mat;
use crate::object::Object;
use crate::scalar::{Int, Real};
use crate::vec::{Vector, check_same_layout, ready_alike};

/// `f(t, u, A)`: `A = dG/dp` at `(t, u)`.
type RhsJacobianPFn = dyn FnMut(Real, &Vector, &mut Mat) -> Result<()>;

/// `f(t, u, u_t, shift, A)`: `A = dF/dp` at `(t, u, u_t)`.
type IJacobianPFn = dyn FnMut(Real, &Vector, &Vector, Real, &mut Mat) -> Result<()>;

/// The key under which the cost gradients PETSc points at are kept with the `TS`.
const COST_GRADIENTS: &CStr = c"petsc-rs:TsCostGradients";

/// The key under which [`ForwardEnd`] is kept with the trajectory.
const FORWARD_END: &CStr = c"petsc-rs:TsForwardEnd";

/// What a trajectory holds, kept with the trajectory object itself (a new trajectory
/// has none): PETSc's adjoint reads the saved states without checking that they are
/// there (with none it crashes), and its first step reads the final state from the
/// solution vector rather than from the trajectory, so a change in between would give
/// wrong gradients without any error.
#[derive(Debug, Clone, Copy)]
enum ForwardEnd {
    /// Nothing an adjoint run can use (emptied by a failed adjoint run).
    Empty,
    /// The states of a forward solve that ended at `step`, in the vector at `vec`
    /// whose state counter was `state`.
    Solved {
        step: Int,
        vec: usize,
        state: sys::PetscObjectState,
    },
    /// An adjoint run has begun from a solve's end (further adjoint steps go on).
    Adjoint,
}

/// `v`'s state counter.
///
/// # Safety
/// `v` must be a live vector.
unsafe fn vec_state(v: sys::Vec) -> Result<sys::PetscObjectState> {
    let mut s: sys::PetscObjectState = 0;
    // SAFETY: live vector (caller); PETSc writes the state.
    check(unsafe { sys::PetscObjectStateGet(v as sys::PetscObject, &mut s) })?;
    Ok(s)
}

/// The cost gradients a `TS` points at (`TSSetCostGradients` keeps the caller's array
/// without copying it): the handles (one reference each) and the array itself.
struct CostGradients {
    _held: Vec<Vector>,
    _lambda: Box<[sys::Vec]>,
    _mu: Option<Box<[sys::Vec]>>,
}

/// `TSSetRHSJacobianP` trampoline of [`Ts::set_rhs_jacobian_p`].
unsafe extern "C" fn rhs_jacobian_p_trampoline(
    _ts: sys::TS,
    t: Real,
    u: sys::Vec,
    a: sys::Mat,
    ctx: *mut c_void,
) -> sys::PetscErrorCode {
    const KIND: CallbackKind = CallbackKind::TsRhsJacobianP;
    let code = run_callback(KIND.name(), || {
        call::<RhsJacobianPFn, _>(ctx, KIND, |petsc, g| {
            // SAFETY: `u` and `a` are live for the call, lent to the closure.
            let (uv, mut am) = unsafe {
                (
                    Vector::from_raw_lent(petsc, u)?,
                    Mat::from_raw_lent(petsc, a)?,
                )
            };
            g(t, &uv, &mut am)?;
            am.written_in_place(a)
        })
    });
    // SAFETY: `u` is live for the call; an outer routine may have locked it.
    unsafe { unlock_on_error(code, &[u]) }
}

/// `TSSetIJacobianP` trampoline of [`Ts::set_ijacobian_p`].
unsafe extern "C" fn ijacobian_p_trampoline(
    _ts: sys::TS,
    t: Real,
    u: sys::Vec,
    u_t: sys::Vec,
    shift: Real,
    a: sys::Mat,
    ctx: *mut c_void,
) -> sys::PetscErrorCode {
    const KIND: CallbackKind = CallbackKind::TsIJacobianP;
    let code = run_callback(KIND.name(), || {
        call::<IJacobianPFn, _>(ctx, KIND, |petsc, g| {
            // SAFETY: the vectors and `a` are live for the call; each handle takes a
            // reference.
            let (uv, utv, mut am) = unsafe {
                (
                    Vector::from_raw_lent(petsc, u)?,
                    Vector::from_raw_lent(petsc, u_t)?,
                    Mat::from_raw_lent(petsc, a)?,
                )
            };
            g(t, &uv, &utv, shift, &mut am)?;
            am.written_in_place(a)
        })
    });
    // SAFETY: the vectors are live for the call; an outer routine may have locked them.
    unsafe { unlock_on_error(code, &[u, u_t]) }
}

/// Refuses a parameter Jacobian whose row count is not `u`'s size.
fn check_rows(context: &str, u: &Vector, a: &Mat) -> Result<()> {
    let (mut rows, mut cols) = (0, 0);
    // SAFETY: live matrix; PETSc writes its sizes.
    check(unsafe { sys::MatGetSize(a.ptr, &mut rows, &mut cols) })?;
    let n = u.size()?;
    if rows != n {
        return Err(Error::size_mismatch(
            context,
            format!("the matrix has {rows} rows but u has size {n}"),
        ));
    }
    Ok(())
}

impl Ts {
    /// Sets the Jacobian of the implicit form with respect to the parameters, `dF/dp`
    /// (`TSSetIJacobianP`): the matrix `a` (rows: the state, columns: the parameters)
    /// and the closure `f(t, u, u_t, shift, a)` that fills and assembles it, for the
    /// adjoint `mu` gradients of problems in implicit form. The closure is owned by the
    /// integrator and replaces any earlier one.
    ///
    /// ```
    /// use petsc::{InsertMode, Mat, Sizes, Ts, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// // F = u' + p u: dF/dp = u.
    /// let mut ts = Ts::new(&c)?;
    /// let a = Mat::dense(&c).sizes(Sizes::global(1, 1)).build()?;
    /// ts.set_ijacobian_p(&a, |_t, u, _u_t, _shift, a| {
    ///     a.set_value(0, 0, u.view()?[0], InsertMode::Insert)?;
    ///     a.assemble()
    /// })?;
    /// let u = Vector::from_slice(&c, &[1.5])?;
    /// let mut out = Mat::dense(&c).sizes(Sizes::global(1, 1)).build()?;
    /// ts.compute_ijacobian_p(0.0, &u, &u, 1.0, &mut out, false)?;
    /// assert_eq!(out.values(&[0], &[0])?, vec![1.5]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "TSSetIJacobianP")]
    pub fn set_ijacobian_p<F>(&mut self, a: impl Borrow<Mat>, f: F) -> Result<()>
    where
        F: FnMut(Real, &Vector, &Vector, Real, &mut Mat) -> Result<()> + 'static,
    {
        let a: &Mat = a.borrow();
        let f: Box<IJacobianPFn> = Box::new(f);
        // SAFETY: live integrator; the closure is kept with it.
        let ctx = unsafe {
            attach(
                &self.petsc,
                self.ptr as sys::PetscObject,
                CallbackKind::TsIJacobianP,
                f,
            )
        }?;
        // SAFETY: live integrator and matrix (PETSc references it); `ctx` is a closure of
        // the trampoline's type.
        check(unsafe {
            sys::TSSetIJacobianP(
                self.ptr,
                a.kept_raw("Ts::set_ijacobian_p")?,
                Some(ijacobian_p_trampoline),
                ctx,
            )
        })
    }

    /// `dF/dp` at `(t, u, u_t)` through the closure of
    /// [`set_ijacobian_p`](Self::set_ijacobian_p), into `a` (`TSComputeIJacobianP`);
    /// with `imex` false and a right-hand side Jacobian in `p` set, `- dG/dp` is added.
    /// `a` must have `u`'s size as its row count.
    #[doc(alias = "TSComputeIJacobianP")]
    pub fn compute_ijacobian_p(
        &mut self,
        t: Real,
        u: &Vector,
        u_t: &Vector,
        shift: Real,
        a: &mut Mat,
        imex: bool,
    ) -> Result<()> {
        a.check_loan("Ts::compute_ijacobian_p")?;
        const CTX: &str = "Ts::compute_ijacobian_p";
        check_finite(CTX, "t", t)?;
        check_finite(CTX, "shift", shift)?;
        ready_alike(self, CTX, ("u", u), &[("u_t", u_t)], &[u, u_t], &[])?;
        check_rows(CTX, u, a)?;
        let (ur, utr) = (u.raw_read(CTX)?, u_t.raw_read(CTX)?);
        let b = if imex {
            sys::PETSC_BOOL_TRUE
        } else {
            sys::PETSC_BOOL_FALSE
        };
        // SAFETY: live integrator, vectors and matrix.
        let code = unsafe { sys::TSComputeIJacobianP(self.ptr, t, ur, utr, shift, a.ptr, b) };
        // SAFETY: live vectors; a failed closure may have left them locked read-only.
        check(unsafe { unlock_on_error(code, &[ur, utr]) })
    }

    /// Sets the cost gradients the adjoint solve integrates backwards
    /// (`TSSetCostGradients`): one `lambda` per cost function, set by the caller to
    /// `dJ/du(T)` before [`adjoint_solve`](Self::adjoint_solve), which leaves
    /// `dJ/du(t0)` in it; with parameters, one `mu` per cost function (`dJ/dp`, as long
    /// as the columns of [`set_rhs_jacobian_p`](Self::set_rhs_jacobian_p)'s matrix),
    /// which ends holding `dJ/dp`. The integrator keeps the vectors; read them through
    /// [`cost_gradients`](Self::cost_gradients). At least one `lambda`, the same number
    /// of `mu`, the `lambda`s with one layout and the `mu`s with one layout, or an `Err`.
    /// See [`adjoint_solve`](Self::adjoint_solve) for an example.
    #[doc(alias = "TSSetCostGradients")]
    pub fn set_cost_gradients(
        &mut self,
        lambda: Vec<Vector>,
        mu: Option<Vec<Vector>>,
    ) -> Result<()> {
        const CTX: &str = "Ts::set_cost_gradients";
        if lambda.is_empty() {
            return Err(Error::invalid(CTX, "there must be at least one lambda"));
        }
        // Local sizes can differ on some ranks only: the integrator would keep the
        // gradients on the others.
        let lambdas: std::vec::Vec<_> = lambda[1..].iter().map(|l| ("a lambda", l)).collect();
        ready_alike(
            self,
            CTX,
            ("the first lambda", &lambda[0]),
            &lambdas,
            &[],
            &[],
        )?;
        if let Some(mu) = &mu {
            if mu.len() != lambda.len() {
                return Err(Error::invalid(
                    CTX,
                    format!(
                        "{} mu for {} lambda; there must be one per cost function",
                        mu.len(),
                        lambda.len()
                    ),
                ));
            }
            let mus: std::vec::Vec<_> = mu[1..].iter().map(|m| ("a mu", m)).collect();
            ready_alike(self, CTX, ("the first mu", &mu[0]), &mus, &[], &[])?;
        }
        let n = Int::try_from(lambda.len())
            .map_err(|_| Error::invalid(CTX, "too many cost functions for PetscInt"))?;
        let mut lp: Box<[sys::Vec]> = lambda.iter().map(|v| v.ptr).collect();
        let mut mp: Option<Box<[sys::Vec]>> =
            mu.as_ref().map(|m| m.iter().map(|v| v.ptr).collect());
        let mptr = mp.as_mut().map_or(std::ptr::null_mut(), |m| m.as_mut_ptr());
        // SAFETY: live integrator and vectors; PETSc keeps the array pointers, which the
        // value composed below keeps alive (boxed slices do not move) with the vectors.
        check(unsafe { sys::TSSetCostGradients(self.ptr, n, lp.as_mut_ptr(), mptr) })?;
        let mut held = lambda;
        held.extend(mu.into_iter().flatten());
        let keep = CostGradients {
            _held: held,
            _lambda: lp,
            _mu: mp,
        };
        // SAFETY: live integrator; the key is used only for this value.
        unsafe {
            compose_value(
                &self.petsc,
                self.ptr as sys::PetscObject,
                COST_GRADIENTS,
                keep,
            )
        }
    }

    /// The cost gradients `(lambda, mu)` (`TSGetCostGradients`), as handles with their
    /// own references; empty before [`set_cost_gradients`](Self::set_cost_gradients).
    #[doc(alias = "TSGetCostGradients")]
    pub fn cost_gradients(&self) -> Result<(Vec<Vector>, Option<Vec<Vector>>)> {
        let mut n: Int = 0;
        let (mut l, mut m): (*mut sys::Vec, *mut sys::Vec) =
            (std::ptr::null_mut(), std::ptr::null_mut());
        // SAFETY: live integrator; PETSc returns its arrays (borrowed) or null.
        check(unsafe { sys::TSGetCostGradients(self.ptr, &mut n, &mut l, &mut m) })?;
        let n = usize::try_from(n).unwrap_or(0);
        let wrap = |p: *mut sys::Vec| -> Result<Vec<Vector>> {
            if p.is_null() {
                return Ok(Vec::new());
            }
            // SAFETY: PETSc's array of `n` live vectors (kept by the composed value).
            let raw = unsafe { std::slice::from_raw_parts(p, n) };
            raw.iter()
                // SAFETY: each vector is live; the handle takes its own reference.
                .map(|&v| unsafe { Vector::from_raw_borrowed(&self.petsc, v) })
                .collect()
        };
        let mu = if m.is_null() { None } else { Some(wrap(m)?) };
        Ok((wrap(l)?, mu))
    }

    /// Sets the Jacobian of the right-hand side with respect to the parameters, `dG/dp`
    /// (`TSSetRHSJacobianP`): the matrix `a` (rows: the state, columns: the
    /// parameters) and the closure `f(t, u, a)` that fills and assembles it. The
    /// adjoint solve uses it for the `mu` gradients. The closure is owned by the
    /// integrator and replaces any earlier one; an `Err` or a panic ends the adjoint
    /// solve.
    #[doc(alias = "TSSetRHSJacobianP")]
    pub fn set_rhs_jacobian_p<F>(&mut self, a: impl Borrow<Mat>, f: F) -> Result<()>
    where
        F: FnMut(Real, &Vector, &mut Mat) -> Result<()> + 'static,
    {
        let a: &Mat = a.borrow();
        let f: Box<RhsJacobianPFn> = Box::new(f);
        // SAFETY: live integrator; the closure is kept with it.
        let ctx = unsafe {
            attach(
                &self.petsc,
                self.ptr as sys::PetscObject,
                CallbackKind::TsRhsJacobianP,
                f,
            )
        }?;
        // SAFETY: live integrator and matrix (PETSc references it); `ctx` is a closure of
        // the trampoline's type.
        check(unsafe {
            sys::TSSetRHSJacobianP(
                self.ptr,
                a.kept_raw("Ts::set_rhs_jacobian_p")?,
                Some(rhs_jacobian_p_trampoline),
                ctx,
            )
        })
    }

    /// `dG/dp` at `(t, u)` through the closure of
    /// [`set_rhs_jacobian_p`](Self::set_rhs_jacobian_p), into `a`
    /// (`TSComputeRHSJacobianP`); `a` must have `u`'s size as its row count.
    ///
    /// ```
    /// use petsc::{InsertMode, Mat, Sizes, Ts, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// // G = -p u: dG/dp = -u.
    /// let mut ts = Ts::new(&c)?;
    /// let a = Mat::dense(&c).sizes(Sizes::global(1, 1)).build()?;
    /// ts.set_rhs_jacobian_p(&a, |_t, u, a| {
    ///     a.set_value(0, 0, -u.view()?[0], InsertMode::Insert)?;
    ///     a.assemble()
    /// })?;
    /// let u = Vector::from_slice(&c, &[2.5])?;
    /// let mut out = Mat::dense(&c).sizes(Sizes::global(1, 1)).build()?;
    /// ts.compute_rhs_jacobian_p(0.0, &u, &mut out)?;
    /// assert_eq!(out.values(&[0], &[0])?, vec![-2.5]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "TSComputeRHSJacobianP")]
    pub fn compute_rhs_jacobian_p(&mut self, t: Real, u: &Vector, a: &mut Mat) -> Result<()> {
        a.check_loan("Ts::compute_rhs_jacobian_p")?;
        const CTX: &str = "Ts::compute_rhs_jacobian_p";
        check_finite(CTX, "t", t)?;
        ready_alike(self, CTX, ("u", u), &[], &[u], &[])?;
        check_rows(CTX, u, a)?;
        let ur = u.raw_read(CTX)?;
        // SAFETY: live integrator, vector and matrix.
        let code = unsafe { sys::TSComputeRHSJacobianP(self.ptr, t, ur, a.ptr) };
        // SAFETY: `u` is live; a failed closure may have left it locked read-only.
        check(unsafe { unlock_on_error(code, &[ur]) })
    }

    /// Sets how many steps the adjoint solve goes back (`TSAdjointSetSteps`): at most
    /// the steps the forward solve took; negative is refused.
    #[doc(alias = "TSAdjointSetSteps")]
    pub fn adjoint_set_steps(&mut self, steps: Int) -> Result<()> {
        if steps < 0 {
            return Err(Error::invalid(
                "Ts::adjoint_set_steps",
                format!("the number of steps is {steps}; it must not be negative"),
            ));
        }
        // SAFETY: live integrator; PETSc refuses more steps than were taken.
        check(unsafe { sys::TSAdjointSetSteps(self.ptr, steps) })
    }

    /// Integrates the cost gradients backwards from the end of the last forward solve
    /// to its start (`TSAdjointSolve`): `lambda` ends holding `dJ/du(t0)` and `mu`
    /// `dJ/dp`. The forward solve must have saved its trajectory
    /// ([`set_save_trajectory`](Self::set_save_trajectory)) and the cost gradients must
    /// be set, or an `Err`. A failing or panicking closure is returned as the `Err`.
    /// The adjoint integration leaves the time step negative: set it again before
    /// another forward solve. After a failure the saved trajectory is emptied, so solve
    /// forward again before another adjoint solve. A cost gradient that is the
    /// integrator's solution vector (the vector given to the last
    /// [`solve`](Self::solve)) is refused: the adjoint solve loads the saved states into
    /// it. So is a solution vector changed after the forward solve ended in it: the
    /// adjoint's first step reads the final state from that vector, not from the
    /// trajectory, so compute with a copy of it. And so is a trajectory without the
    /// states up to the current step: only `solve` saves them, not
    /// [`step`](Self::step).
    ///
    /// ```
    /// use petsc::{ExactFinalTime, InsertMode, Mat, Sizes, Ts, TsType, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// // y' = -p y, J = y(T): dJ/dy0 = exp(-p T), dJ/dp = -T y0 exp(-p T).
    /// let (p, y0, t_end) = (0.5, 2.0, 1.0);
    /// let mut ts = Ts::new(&c)?;
    /// ts.set_type(TsType::Rk)?;
    /// ts.set_rk_type("4")?;
    /// ts.set_adapt_type("none")?;
    /// ts.set_rhs_function(None, move |_t, y, f| {
    ///     f.copy_from(y)?;
    ///     f.scale(-p)
    /// })?;
    /// let a = Mat::aij(&c).sizes(Sizes::global(1, 1)).preallocate(1, 0).build()?;
    /// ts.set_rhs_jacobian(&a, None, move |_t, _y, mats| {
    ///     mats.pre().set_value(0, 0, -p, InsertMode::Insert)?;
    ///     mats.pre().assemble()
    /// })?;
    /// let jp = Mat::dense(&c).sizes(Sizes::global(1, 1)).build()?;
    /// ts.set_rhs_jacobian_p(&jp, |_t, y, a| {
    ///     a.set_value(0, 0, -y.view()?[0], InsertMode::Insert)?;
    ///     a.assemble()
    /// })?;
    /// ts.set_save_trajectory()?;
    /// ts.set_time_step(0.01)?;
    /// ts.set_max_time(t_end)?;
    /// ts.set_exact_final_time(ExactFinalTime::Matchstep)?;
    /// let mut y = Vector::from_slice(&c, &[y0])?;
    /// ts.solve(&mut y)?.check()?;
    /// let lambda = Vector::from_slice(&c, &[1.0])?; // dJ/dy(T)
    /// let mu = Vector::from_slice(&c, &[0.0])?;
    /// ts.set_cost_gradients(vec![lambda], Some(vec![mu]))?;
    /// ts.adjoint_solve()?;
    /// let (lambda, mu) = ts.cost_gradients()?;
    /// let e = (-p * t_end).exp();
    /// assert!((lambda[0].view()?[0] - e).abs() < 1e-8);
    /// assert!((mu.unwrap()[0].view()?[0] + t_end * y0 * e).abs() < 1e-8);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "TSAdjointSolve")]
    pub fn adjoint_solve(&mut self) -> Result<()> {
        self.adjoint_run("Ts::adjoint_solve", sys::TSAdjointSolve)
    }

    /// Takes one adjoint step backwards (`TSAdjointStep`), after
    /// [`adjoint_set_up`](Self::adjoint_set_up); see
    /// [`adjoint_solve`](Self::adjoint_solve).
    #[doc(alias = "TSAdjointStep")]
    pub fn adjoint_step(&mut self) -> Result<()> {
        self.adjoint_run("Ts::adjoint_step", sys::TSAdjointStep)
    }

    crate::methods![for Ts;
        /// The integrator's trajectory (borrowed), or null.
        pub(super) fn raw_trajectory(&self) -> sys::TSTrajectory
            = TSGetTrajectory as "TSGetTrajectory";
    ];

    /// Keeps `end` with the trajectory `tj`, replacing what it held.
    ///
    /// # Safety
    /// `tj` must be a live trajectory.
    unsafe fn set_forward_end(&self, tj: sys::TSTrajectory, end: ForwardEnd) -> Result<()> {
        let obj = tj as sys::PetscObject;
        // SAFETY: live trajectory (caller); the key is used only for this value, updated
        // in place when there is one.
        let updated =
            unsafe { with_composed_value(obj, FORWARD_END, "Ts::set_forward_end", |e| *e = end) }?;
        if updated.is_none() {
            // SAFETY: as above.
            unsafe { compose_value(&self.petsc, obj, FORWARD_END, end) }?;
        }
        Ok(())
    }

    /// Notes, with the trajectory (if any), that it holds a forward solve ending at the
    /// current step in the current solution vector; after each successful solve.
    pub(super) fn record_forward_end(&self) -> Result<()> {
        let tj = self.raw_trajectory()?;
        let u = self.raw_solution()?;
        if tj.is_null() || u.is_null() {
            return Ok(());
        }
        let end = ForwardEnd::Solved {
            step: self.step_number()?,
            vec: u as usize,
            // SAFETY: the integrator's live solution.
            state: unsafe { vec_state(u) }?,
        };
        // SAFETY: the integrator's live trajectory.
        unsafe { self.set_forward_end(tj, end) }
    }

    /// An `Err` unless the trajectory holds a forward solve that ended at the current
    /// step, in a solution vector unchanged since (or an adjoint run from one has
    /// begun); marks the adjoint run as begun.
    fn check_forward_end(&self, context: &str) -> Result<()> {
        let tj = self.raw_trajectory()?;
        if tj.is_null() {
            return Err(Error::invalid(
                context,
                "no saved trajectory: call set_save_trajectory (or set_trajectory_type) \
                 before the forward solve",
            ));
        }
        // SAFETY: live trajectory; the key is used only for this value.
        let end =
            unsafe { with_composed_value(tj as sys::PetscObject, FORWARD_END, context, |e| *e) }?;
        match end {
            Some(ForwardEnd::Adjoint) => return Ok(()),
            Some(ForwardEnd::Solved { step, vec, state }) => {
                let now = self.step_number()?;
                if now != step {
                    return Err(Error::invalid(
                        context,
                        format!(
                            "the forward solve saved the states up to step {step}, but \
                             the integrator is at step {now} (Ts::step saves none): solve \
                             forward again"
                        ),
                    ));
                }
                let u = self.raw_solution()?;
                // SAFETY: the integrator's live solution, when it is the recorded one.
                if u as usize == vec && unsafe { vec_state(u) }? != state {
                    return Err(Error::invalid(
                        context,
                        "the solution vector changed after the forward solve ended in it; \
                         the adjoint's first step reads the final state from that \
                         vector: work on a copy of the solution (solve forward again to \
                         start over)",
                    ));
                }
            }
            Some(ForwardEnd::Empty) | None => {
                return Err(Error::invalid(
                    context,
                    "the trajectory holds no forward solve: only Ts::solve saves the \
                     states (Ts::step does not), and a new trajectory or a failed adjoint \
                     run starts empty; solve forward again",
                ));
            }
        }
        // SAFETY: live trajectory.
        unsafe { self.set_forward_end(tj, ForwardEnd::Adjoint) }
    }

    /// Runs an adjoint routine: the cost gradients must be set and not viewed (PETSc
    /// writes them), and the trajectory must hold a forward solve up to the current step
    /// whose final state is unchanged ([`check_forward_end`](Self::check_forward_end));
    /// a failure leaves the integrator usable.
    fn adjoint_run(
        &mut self,
        context: &str,
        routine: unsafe extern "C" fn(sys::TS) -> sys::PetscErrorCode,
    ) -> Result<()> {
        let (lambda, mu) = self.cost_gradients()?;
        if lambda.is_empty() {
            return Err(Error::invalid(
                context,
                "no cost gradients: call set_cost_gradients first",
            ));
        }
        let mut sol: sys::Vec = std::ptr::null_mut();
        // SAFETY: live integrator; PETSc returns its solution (borrowed) or null.
        check(unsafe { sys::TSGetSolution(self.ptr, &mut sol) })?;
        for v in lambda.iter().chain(mu.iter().flatten()) {
            check_writable(v.ptr as sys::PetscObject, context)?;
            // The adjoint solve loads the saved states into the solution vector: a
            // gradient there would be overwritten, silently.
            if !sol.is_null() && v.ptr == sol {
                return Err(Error::invalid(
                    context,
                    "a cost gradient is the integrator's solution vector (the vector the \
                     last solve was given), which the adjoint solve overwrites; copy it \
                     into a vector of its own",
                ));
            }
        }
        if !sol.is_null() {
            // SAFETY: the integrator's live solution; the handle takes its own reference.
            let u = unsafe { Vector::from_raw_borrowed(&self.petsc, sol) }?;
            let fits = lambda.iter().try_for_each(|l| {
                check_same_layout(context, ("a lambda", l), ("the solution", &u))
            });
            self.comm().agree(context, fits)?;
        }
        drop((lambda, mu));
        self.check_forward_end(context)?;
        // SAFETY: live integrator whose gradient vectors no view borrows.
        let r = check(unsafe { routine(self.ptr) });
        if r.is_err() {
            self.unwind_failed_solve();
            // The number of steps to go back, taken from the forward run, is cleared at
            // a successful solve's end only: the next adjoint solve, after a longer
            // forward run, would stop where this one was to stop.
            // SAFETY: live integrator, none of whose solves is running.
            unsafe { sys::petscrs_TSAdjointClearSteps(self.ptr) };
            // The failure stopped half-way through the saved trajectory: empty it, so a
            // new forward solve saves a new one.
            if let Some(tj) = self.raw_trajectory().ok().filter(|tj| !tj.is_null()) {
                // SAFETY: live trajectory; a failure here leaves the first error to report.
                let _ = unsafe { sys::TSTrajectoryReset(tj) };
                // SAFETY: as above.
                let _ = unsafe { self.set_forward_end(tj, ForwardEnd::Empty) };
            }
        }
        r
    }

    /// Chooses how the trajectory is saved (`TSTrajectorySetType`): `"memory"` keeps it
    /// in memory, `"basic"` writes a file per step (PETSc's default, in a folder
    /// `SA-data`), `"singlefile"`, `"visualization"`, ... as `-ts_trajectory_type`
    /// takes them. Turns trajectory saving on.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut ts = petsc::Ts::new(&petsc.self_comm())?;
    /// ts.set_trajectory_type("memory")?;
    /// assert!(ts.set_trajectory_type("nosuch").is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "TSTrajectorySetType")]
    pub fn set_trajectory_type(&mut self, name: &str) -> Result<()> {
        let n = c_string("Ts::set_trajectory_type", name)?;
        self.set_save_trajectory()?;
        let tj = self.raw_trajectory()?;
        // SAFETY: live trajectory and integrator; PETSc copies the name and refuses
        // unknown types.
        check(unsafe { sys::TSTrajectorySetType(tj, self.ptr, n.as_ptr()) })
    }
}

impl Ts {
    crate::methods![for Ts;
        /// Sets up the adjoint solve now (`TSAdjointSetUp`); [`adjoint_solve`](Ts::adjoint_solve)
        /// does it otherwise. Needs the cost gradients.
        pub fn adjoint_set_up(&mut self) = TSAdjointSetUp as "TSAdjointSetUp";

        /// Frees what the adjoint set-up made (`TSAdjointReset`); the cost gradients must
        /// be set again.
        pub fn adjoint_reset(&mut self) = TSAdjointReset as "TSAdjointReset";
    ];
}
