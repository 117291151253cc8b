//! Replaying steps: the `history` step-size controller (`TSADAPTHISTORY`), which takes
//! the steps of a list of times or of a saved trajectory instead of choosing them.

use petsc_sys as sys;

use super::Ts;
use super::compute::bool_of;
use crate::error::{Error, Result, check, check_finite};
use crate::scalar::{Int, Real};

impl Ts {
    /// Makes the step-size controller take the steps between `times` (increasing, at
    /// least two), forwards or, with `backward`, from the last time to the first
    /// (`TSAdaptSetType` to `"history"`, then `TSAdaptHistorySetHistory`).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut ts = petsc::Ts::new(&c)?;
    /// ts.set_rhs_function(None, |_t, _u, f| f.set(1.0))?;
    /// ts.set_adapt_history(&[0.0, 0.25, 0.75, 1.75], false)?;
    /// assert_eq!(ts.adapt_history_step(1)?, (0.25, 0.5));
    /// ts.set_time_step(0.25)?;
    /// ts.set_max_time(1.75)?;
    /// let mut u = petsc::Vector::from_slice(&c, &[0.0])?;
    /// ts.solve(&mut u)?.check()?;
    /// assert_eq!(ts.step_number()?, 3);
    /// assert_eq!(ts.time()?, 1.75);
    /// assert!((u.view()?[0] - 1.75).abs() < 1e-12);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "TSAdaptHistorySetHistory")]
    pub fn set_adapt_history(&mut self, times: &[Real], backward: bool) -> Result<()> {
        const CTX: &str = "Ts::set_adapt_history";
        if times.len() < 2 {
            return Err(Error::invalid(
                CTX,
                format!("a history needs at least two times, got {}", times.len()),
            ));
        }
        for &t in times {
            check_finite(CTX, "a time of the history", t)?;
        }
        if let Some(i) = times.windows(2).position(|w| w[1] <= w[0]) {
            return Err(Error::invalid(
                CTX,
                format!(
                    "the times must increase, but time {} ({}) is not after time {} ({})",
                    i + 1,
                    times[i + 1],
                    i,
                    times[i]
                ),
            ));
        }
        let n = Int::try_from(times.len())
            .map_err(|_| Error::invalid(CTX, "more times than PetscInt can count"))?;
        self.set_adapt_type("history")?;
        let mut copy = times.to_vec();
        // SAFETY: live controller of type history; PETSc copies the `n` times.
        check(unsafe {
            sys::TSAdaptHistorySetHistory(self.adapt()?, n, copy.as_mut_ptr(), bool_of(backward))
        })
    }

    /// Makes the step-size controller take the steps of the trajectory this integrator
    /// saved ([`set_save_trajectory`](Self::set_save_trajectory) before a solve), so a
    /// second solve replays the first one's steps, forwards or, with `backward`, in
    /// reverse (`TSAdaptSetType` to `"history"`, then `TSGetTrajectory` and
    /// `TSAdaptHistorySetTrajectory`). Returns the first step, `(t0, dt)`
    /// ([`adapt_history_step`](Self::adapt_history_step)`(0)`), to start the replay
    /// from. An `Err` when no trajectory was saved, or when it holds fewer than two
    /// times.
    ///
    /// PETSc's tutorial `ts/tutorials/ex40.c` (the bouncing ball) replays its run this
    /// way; so does `examples/ts_ex40.rs`.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut ts = petsc::Ts::new(&c)?;
    /// assert!(ts.set_adapt_history_from_trajectory(false).is_err()); // nothing saved
    /// ts.set_rhs_function(None, |_t, u, f| {
    ///     f.view_mut()?[0] = -u.view()?[0]; // u' = -u
    ///     Ok(())
    /// })?;
    /// ts.set_type(petsc::TsType::Rk)?;
    /// ts.set_adapt_type("basic")?;
    /// ts.set_save_trajectory()?;
    /// ts.set_time_step(0.1)?;
    /// ts.set_max_time(1.0)?;
    /// ts.set_exact_final_time(petsc::ExactFinalTime::Matchstep)?;
    /// let mut u = petsc::Vector::from_slice(&c, &[1.0])?;
    /// ts.solve(&mut u)?.check()?;
    /// let (steps, first) = (ts.step_number()?, u.view()?[0]);
    ///
    /// let (t0, dt) = ts.set_adapt_history_from_trajectory(false)?;
    /// assert_eq!((t0, dt), (0.0, 0.1));
    /// ts.set_time(t0)?;
    /// ts.set_time_step(dt)?;
    /// ts.set_step_number(0)?;
    /// ts.reset_trajectory()?;
    /// u.set(1.0)?;
    /// ts.solve(&mut u)?.check()?;
    /// assert_eq!(ts.step_number()?, steps);
    /// assert!((u.view()?[0] - first).abs() < 1e-14);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "TSAdaptHistorySetTrajectory")]
    pub fn set_adapt_history_from_trajectory(&mut self, backward: bool) -> Result<(Real, Real)> {
        const CTX: &str = "Ts::set_adapt_history_from_trajectory";
        let tj = self.raw_trajectory()?;
        if tj.is_null() {
            return Err(Error::invalid(
                CTX,
                "this integrator saved no trajectory (call set_save_trajectory before the solve)",
            ));
        }
        self.set_adapt_type("history")?;
        // SAFETY: live controller of type history and live trajectory of this integrator.
        check(unsafe { sys::TSAdaptHistorySetTrajectory(self.adapt()?, tj, bool_of(backward)) })?;
        if self.adapt_history_len()? < 2 {
            return Err(Error::invalid(
                CTX,
                "the saved trajectory holds fewer than two times (solve before replaying)",
            ));
        }
        self.adapt_history_step(0)
    }

    /// The time and the step size of step `step` of the `history` controller's steps
    /// (`TSAdaptHistoryGetStep`): `(t_step, |t_{step+1} - t_step|)`, in the order the
    /// steps are taken (reversed for a backward history). An `Err` when the controller is not of type `history`, has no
    /// history, or `step` is out of its range.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut ts = petsc::Ts::new(&petsc.self_comm())?;
    /// ts.set_adapt_type("basic")?;
    /// assert!(ts.adapt_history_step(0).is_err()); // another type of controller
    /// ts.set_adapt_type("history")?;
    /// assert!(ts.adapt_history_step(0).is_err()); // no history yet
    /// ts.set_adapt_history(&[1.0, 1.5, 2.5], true)?; // backwards: 2.5, 1.5, 1.0
    /// assert_eq!(ts.adapt_history_step(0)?, (2.5, 1.0)); // step sizes are lengths
    /// assert_eq!(ts.adapt_history_step(1)?, (1.5, 0.5));
    /// assert!(ts.adapt_history_step(3).is_err());
    /// assert!(ts.adapt_history_step(-1).is_err());
    /// assert!(ts.set_adapt_history(&[0.0, 0.0], false).is_err()); // not increasing
    /// assert!(ts.set_adapt_history(&[0.0, f64::NAN], false).is_err());
    /// assert!(ts.set_adapt_history(&[0.0], false).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "TSAdaptHistoryGetStep")]
    pub fn adapt_history_step(&self, step: Int) -> Result<(Real, Real)> {
        const CTX: &str = "Ts::adapt_history_step";
        let n = self.adapt_history_len()?;
        if n < 0 {
            return Err(Error::invalid(
                CTX,
                "the step-size controller is not of type history (see set_adapt_history)",
            ));
        }
        if !(0..n).contains(&step) {
            return Err(Error::invalid(
                CTX,
                format!("step {step} is outside the history's {n} times"),
            ));
        }
        let (mut t, mut dt): (Real, Real) = (0.0, 0.0);
        // SAFETY: live controller of type history whose history holds `n` > `step` times.
        check(unsafe { sys::TSAdaptHistoryGetStep(self.adapt()?, step, &mut t, &mut dt) })?;
        Ok((t, dt))
    }

    /// How many times the controller's history holds: -1 for another type of
    /// controller, 0 when no history was given.
    fn adapt_history_len(&self) -> Result<Int> {
        let mut n: Int = -1;
        // SAFETY: live controller; the shim only reads it.
        check(unsafe { sys::petscrs_TSAdaptHistoryCount(self.adapt()?, &mut n) })?;
        Ok(n)
    }
}

impl Ts {
    crate::methods![for Ts;
        /// Empties the saved trajectory (`TSResetTrajectory`) and keeps saving, so the next
        /// solve records afresh; after a replay set up by
        /// [`set_adapt_history_from_trajectory`](Ts::set_adapt_history_from_trajectory).
        pub fn reset_trajectory(&mut self) = TSResetTrajectory as "TSResetTrajectory";
    ];
}
