//! Stepping by hand and what an integrator holds: one step at a time, rolling back,
//! interpolating inside the last step, the solution vector, the DM, the time span whose
//! solutions a solve records, the trajectory, and resetting.

use petsc_sys as sys;

use super::{Ts, check_step};
use crate::borrow::check_writable;
use crate::dm::Da;
use crate::dm::is_dmda;
use crate::error::{Error, Result, check, check_finite};
use crate::scalar::{Int, Real};
use crate::vec::{Vector, ready_alike};

impl Ts {
    /// Gives the integrator the vector it integrates in place (`TSSetSolution`), for
    /// [`step`](Self::step); [`solve`](Self::solve) sets it itself. The integrator keeps a
    /// reference to the same vector, so `u` sees every step.
    ///
    /// ```
    /// use petsc::{Ts, TsType, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// // u' = 1 by forward Euler (as a Runge-Kutta scheme), one step at a time.
    /// let mut ts = Ts::new(&c)?;
    /// ts.set_type(TsType::Rk)?;
    /// ts.set_rk_type("1fe")?;
    /// ts.set_adapt_type("none")?;
    /// ts.set_rhs_function(None, |_t, _u, f| f.set(1.0))?;
    /// ts.set_time_step(0.25)?;
    /// ts.set_max_time(10.0)?; // PETSc asks for a limit even when stepping by hand
    /// let u = Vector::from_slice(&c, &[0.0])?;
    /// ts.set_solution(&u)?;
    /// ts.step()?;
    /// ts.step()?;
    /// assert_eq!((ts.step_number()?, ts.time()?, ts.prev_time()?), (2, 0.5, 0.25));
    /// assert_eq!(u.view()?[0], 0.5);
    /// assert_eq!(ts.solution()?.view()?[0], 0.5);
    /// ts.roll_back()?; // undo the last step
    /// assert_eq!((ts.time()?, u.view()?[0]), (0.25, 0.25));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "TSSetSolution")]
    pub fn set_solution(&mut self, u: &Vector) -> Result<()> {
        const KEPT: &str = "Ts::set_solution";
        // SAFETY: live integrator and vector; PETSc takes a reference to it.
        check(unsafe { sys::TSSetSolution(self.ptr, u.kept_raw(KEPT)?) })
    }

    /// The solution vector the integrator holds (`TSGetSolution`), as a handle with its
    /// own reference; an `Err` before one is set or solved with.
    #[doc(alias = "TSGetSolution")]
    pub fn solution(&self) -> Result<Vector> {
        let u = self.raw_solution()?;
        if u.is_null() {
            return Err(Error::invalid(
                "Ts::solution",
                "the integrator has no solution vector yet (set_solution or solve first)",
            ));
        }
        // SAFETY: the integrator holds `u`; the handle takes its own reference.
        unsafe { Vector::from_raw_borrowed(&self.petsc, u) }
    }

    crate::methods![for Ts;
        /// The solution vector, borrowed (null if none).
        pub(super) fn raw_solution(&self) -> sys::Vec = TSGetSolution as "TSGetSolution";
    ];

    /// Takes one step from the current time with the current step size (`TSStep`),
    /// updating the solution set with [`set_solution`](Self::set_solution) (an `Err`
    /// without one, or while a view of it is alive), the time and the step number. PETSc
    /// wants a maximum time or number of steps set, but does not stop at them: that is
    /// the caller's loop. A failing or
    /// panicking closure is returned as the `Err`, and the integrator can step again.
    #[doc(alias = "TSStep")]
    pub fn step(&mut self) -> Result<()> {
        const CTX: &str = "Ts::step";
        check_step(CTX, self.time_step()?)?;
        let u = self.raw_solution()?;
        if u.is_null() {
            return Err(Error::invalid(
                CTX,
                "the integrator has no solution vector: call set_solution first",
            ));
        }
        check_writable(u as sys::PetscObject, CTX)?;
        // SAFETY: live integrator with a solution no view borrows.
        let r = check(unsafe { sys::TSStep(self.ptr) });
        if r.is_err() {
            self.unwind_failed_solve();
        }
        r
    }

    /// Writes into `u` the solution at time `t` inside the last step,
    /// `[prev_time, time]`, by the method's interpolant (`TSInterpolate`); a `t` outside
    /// it, or a method without an interpolant, is an `Err`.
    ///
    /// ```
    /// use petsc::{Ts, TsType, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// // u' = 2: the solution is linear, so any interpolant is exact.
    /// let mut ts = Ts::new(&c)?;
    /// ts.set_type(TsType::Rk)?;
    /// ts.set_rhs_function(None, |_t, _u, f| f.set(2.0))?;
    /// ts.set_time_step(0.5)?;
    /// ts.set_max_time(10.0)?;
    /// let u = Vector::from_slice(&c, &[1.0])?;
    /// ts.set_solution(&u)?;
    /// ts.step()?;
    /// let mut w = u.duplicate()?;
    /// ts.interpolate(0.25, &mut w)?;
    /// assert!((w.view()?[0] - 1.5).abs() < 1e-12);
    /// assert!(ts.interpolate(2.0, &mut w).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "TSInterpolate")]
    pub fn interpolate(&mut self, t: Real, u: &mut Vector) -> Result<()> {
        const CTX: &str = "Ts::interpolate";
        check_finite(CTX, "t", t)?;
        let sol = self.solution()?;
        ready_alike(self, CTX, ("the solution", &sol), &[("u", u)], &[], &[u])?;
        let (lo, hi) = (self.prev_time()?, self.time()?);
        if !(lo.min(hi) <= t && t <= lo.max(hi)) {
            return Err(Error::invalid(
                CTX,
                format!("t = {t} is outside the last step [{lo}, {hi}]"),
            ));
        }
        // SAFETY: live integrator and vector, writable (`raw_write` checks views).
        check(unsafe { sys::TSInterpolate(self.ptr, t, u.raw_write(CTX)?) })
    }

    /// The integrator's DMDA (`TSGetDM`), as a handle holding its own reference; an
    /// `Err` when its DM is not a DMDA (PETSc gives an integrator without one a shell
    /// DM).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let da = petsc::Da::grid(&petsc.self_comm()).sizes([5]).build()?;
    /// let mut ts = petsc::Ts::new(&petsc.self_comm())?;
    /// assert!(ts.dm().is_err());
    /// ts.set_dm(&da)?;
    /// assert_eq!(ts.dm()?.info()?.mx, 5);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "TSGetDM")]
    pub fn dm(&self) -> Result<Da> {
        let mut dm: sys::DM = std::ptr::null_mut();
        // SAFETY: live integrator; PETSc returns its DM (borrowed).
        check(unsafe { sys::TSGetDM(self.ptr, &mut dm) })?;
        // SAFETY: live DM.
        if !unsafe { is_dmda(dm) }? {
            return Err(Error::invalid(
                "Ts::dm",
                "the integrator has no DMDA: give it one with Ts::set_dm first",
            ));
        }
        // SAFETY: live DM; the handle owns the reference taken.
        check(unsafe { sys::PetscObjectReference(dm as sys::PetscObject) })?;
        Ok(Da::from_raw(&self.petsc, dm))
    }

    /// Sets the times at which a solve records the solution (`TSSetTimeSpan`): at least
    /// two, finite and strictly increasing; the first becomes the current time and the
    /// last the maximum time. After [`solve`](Self::solve),
    /// [`time_span_solutions`](Self::time_span_solutions) holds them. PETSc 3.18 has no
    /// evaluation times (`TSSetEvaluationTimes`, from 3.23); this is its form.
    ///
    /// ```
    /// use petsc::{ExactFinalTime, Ts, TsType, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut ts = Ts::new(&c)?;
    /// ts.set_type(TsType::Rk)?;
    /// ts.set_rhs_function(None, |t, _u, f| f.set(2.0 * t))?; // u = t^2
    /// ts.set_time_step(0.1)?;
    /// ts.set_time_span(&[0.0, 0.5, 1.0])?;
    /// ts.set_exact_final_time(ExactFinalTime::Matchstep)?;
    /// let mut u = Vector::from_slice(&c, &[0.0])?;
    /// ts.solve(&mut u)?.check()?;
    /// let sols = ts.time_span_solutions()?;
    /// assert_eq!(sols.len(), 3);
    /// for (s, t) in sols.iter().zip([0.0, 0.5, 1.0]) {
    ///     assert!((s.view()?[0] - t * t).abs() < 1e-10);
    /// }
    /// assert!(ts.set_time_span(&[1.0, 0.5]).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "TSSetTimeSpan")]
    pub fn set_time_span(&mut self, times: &[Real]) -> Result<()> {
        const CTX: &str = "Ts::set_time_span";
        if times.len() < 2 {
            return Err(Error::invalid(
                CTX,
                format!("a time span needs at least 2 times, got {}", times.len()),
            ));
        }
        let n = check_times(CTX, times)?;
        let mut copy = times.to_vec();
        // SAFETY: live integrator; PETSc copies the `n` times.
        check(unsafe { sys::TSSetTimeSpan(self.ptr, n, copy.as_mut_ptr()) })
    }

    /// The solutions the last solve recorded at the times of
    /// [`set_time_span`](Self::set_time_span) (`TSGetTimeSpanSolutions`;
    /// `TSGetEvaluationSolutions` from PETSc 3.23), as handles with their own
    /// references; empty without a time span.
    #[doc(alias = "TSGetTimeSpanSolutions")]
    #[doc(alias = "TSGetEvaluationSolutions")]
    pub fn time_span_solutions(&self) -> Result<Vec<Vector>> {
        let mut n: Int = 0;
        let mut v: *mut sys::Vec = std::ptr::null_mut();
        #[cfg(not(petsc_3_23))]
        // SAFETY: live integrator; PETSc returns its own array (or null) and its length.
        let r = unsafe { sys::TSGetTimeSpanSolutions(self.ptr, &mut n, &mut v) };
        #[cfg(petsc_3_23)]
        // SAFETY: as above; the times are PETSc's too, not needed here.
        let r = unsafe {
            let mut times: *const Real = std::ptr::null();
            sys::TSGetEvaluationSolutions(self.ptr, &mut n, &mut times, &mut v)
        };
        check(r)?;
        // SAFETY: PETSc's array of `n` live vectors, or null.
        unsafe { borrowed_vectors(&self.petsc, v, n) }
    }
}

/// Evaluation times (PETSc 3.23 on), the successor of the time span.
#[cfg(petsc_3_23)]
impl Ts {
    /// Sets the times at which a solve computes and keeps the solution
    /// (`TSSetEvaluationTimes`, PETSc 3.23 on): finite and strictly increasing, not
    /// before the start; the integrator steps exactly onto each. After
    /// [`solve`](Self::solve), [`evaluation_solutions`](Self::evaluation_solutions)
    /// holds them.
    ///
    /// ```
    /// use petsc::{Ts, TsType, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut ts = Ts::new(&c)?;
    /// ts.set_type(TsType::Rk)?;
    /// ts.set_rhs_function(None, |t, _u, f| f.set(2.0 * t))?; // u = t^2
    /// ts.set_time_step(0.1)?;
    /// ts.set_max_time(1.0)?;
    /// ts.set_evaluation_times(&[0.25, 0.5, 1.0])?;
    /// assert_eq!(ts.evaluation_times()?, vec![0.25, 0.5, 1.0]);
    /// let mut u = Vector::from_slice(&c, &[0.0])?;
    /// ts.solve(&mut u)?.check()?;
    /// let sols = ts.evaluation_solutions()?;
    /// assert_eq!(sols.len(), 3);
    /// for (t, s) in &sols {
    ///     assert!((s.view()?[0] - t * t).abs() < 1e-10);
    /// }
    /// assert!(ts.set_evaluation_times(&[0.5, 0.25]).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "TSSetEvaluationTimes")]
    pub fn set_evaluation_times(&mut self, times: &[Real]) -> Result<()> {
        const CTX: &str = "Ts::set_evaluation_times";
        let n = check_times(CTX, times)?;
        let mut copy = times.to_vec();
        // SAFETY: live integrator; PETSc copies the `n` times.
        check(unsafe { sys::TSSetEvaluationTimes(self.ptr, n, copy.as_mut_ptr()) })
    }

    /// The times set by [`set_evaluation_times`](Self::set_evaluation_times)
    /// (`TSGetEvaluationTimes`); empty when none are.
    #[doc(alias = "TSGetEvaluationTimes")]
    pub fn evaluation_times(&self) -> Result<Vec<Real>> {
        let mut n: Int = 0;
        let mut t: *const Real = std::ptr::null();
        // SAFETY: live integrator; PETSc returns its own array (or null) and its length.
        check(unsafe { sys::TSGetEvaluationTimes(self.ptr, &mut n, &mut t) })?;
        if t.is_null() {
            return Ok(Vec::new());
        }
        // SAFETY: PETSc's array of `n` times, copied at once.
        Ok(unsafe { std::slice::from_raw_parts(t, usize::try_from(n).unwrap_or(0)) }.to_vec())
    }

    /// The `(time, solution)` pairs the last solve computed at the evaluation times
    /// (`TSGetEvaluationSolutions`): the times actually reached, each solution a handle
    /// with its own reference; empty without evaluation times.
    #[doc(alias = "TSGetEvaluationSolutions")]
    pub fn evaluation_solutions(&self) -> Result<Vec<(Real, Vector)>> {
        let mut n: Int = 0;
        let mut t: *const Real = std::ptr::null();
        let mut v: *mut sys::Vec = std::ptr::null_mut();
        // SAFETY: live integrator; PETSc returns its own arrays (or nulls) and their length.
        check(unsafe { sys::TSGetEvaluationSolutions(self.ptr, &mut n, &mut t, &mut v) })?;
        if t.is_null() {
            return Ok(Vec::new());
        }
        // SAFETY: PETSc's array of `n` live vectors, or null.
        let vecs = unsafe { borrowed_vectors(&self.petsc, v, n) }?;
        // SAFETY: PETSc's array of as many times, copied at once.
        let times = unsafe { std::slice::from_raw_parts(t, vecs.len()) };
        Ok(times.iter().copied().zip(vecs).collect())
    }
}

impl Ts {
    crate::methods![for Ts;
        /// Undoes the last step (`TSRollBack`): the time, the step number and the solution
        /// go back to where the step started. Only once per step; a second call is an `Err`.
        pub fn roll_back(&mut self) = TSRollBack as "TSRollBack";

        /// Tells the method that the next step starts afresh (`TSRestartStep`), after
        /// changing the solution by hand between [`step`](Ts::step)s: multistep methods
        /// forget their history.
        pub fn restart_step(&mut self) = TSRestartStep as "TSRestartStep";

        /// Frees what a set-up made (`TSReset`): work vectors, the inner solvers' state, the
        /// solution vector. The closures stay; set a solution (or solve) again.
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let c = petsc.self_comm();
        /// let mut ts = petsc::Ts::new(&c)?;
        /// ts.set_rhs_function(None, |_t, _u, f| f.set(1.0))?;
        /// ts.set_max_steps(1)?;
        /// let mut u = petsc::Vector::from_slice(&c, &[0.0])?;
        /// ts.solve(&mut u)?.check()?;
        /// ts.reset()?;
        /// assert!(ts.solution().is_err());
        /// ts.set_step_number(0)?;
        /// ts.solve(&mut u)?.check()?;
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn reset(&mut self) = TSReset as "TSReset";

        /// Keeps the trajectory (the solution at every step) during solves
        /// (`TSSetSaveTrajectory`), as the adjoint solve needs; `-ts_trajectory_type`
        /// chooses how it is stored.
        pub fn set_save_trajectory(&mut self) = TSSetSaveTrajectory as "TSSetSaveTrajectory";

        /// Drops the saved trajectory (`TSRemoveTrajectory`).
        pub fn remove_trajectory(&mut self) = TSRemoveTrajectory as "TSRemoveTrajectory";
    ];
}

/// Handles, each with its own reference, to the `n` vectors of an array PETSc owns
/// (none for a null array).
///
/// # Safety
/// A non-null `v` holds `n` live vectors.
unsafe fn borrowed_vectors(
    petsc: &crate::init::Petsc,
    v: *mut sys::Vec,
    n: Int,
) -> Result<Vec<Vector>> {
    if v.is_null() {
        return Ok(Vec::new());
    }
    // SAFETY: `n` live vectors (caller).
    let raw = unsafe { std::slice::from_raw_parts(v, usize::try_from(n).unwrap_or(0)) };
    raw.iter()
        // SAFETY: each is live; the handle takes its own reference.
        .map(|&x| unsafe { Vector::from_raw_borrowed(petsc, x) })
        .collect()
}

/// Refuses times that are not finite or do not increase strictly; their count as
/// `PetscInt`.
fn check_times(ctx: &str, times: &[Real]) -> Result<Int> {
    for &t in times {
        check_finite(ctx, "a time", t)?;
    }
    if let Some(w) = times.windows(2).find(|w| w[0] >= w[1]) {
        return Err(Error::invalid(
            ctx,
            format!("the times must increase strictly; {} then {}", w[0], w[1]),
        ));
    }
    Int::try_from(times.len()).map_err(|_| Error::invalid(ctx, "too many times for PetscInt"))
}
