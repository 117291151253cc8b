//! Settings and counters of a [`Snes`]: tolerances, limits, iteration and evaluation
//! counts, the converged reason.

use petsc_sys as sys;

use super::{Snes, SnesConvergedReason};
use crate::error::{Error, Result, check, check_count, check_finite, check_tolerance};
use crate::object::{default_int, default_real};
use crate::pc::petsc_bool;
use crate::scalar::{Int, Real};

/// A nonlinear solver's convergence tolerances, by name ([`Snes::set_tolerances`],
/// [`Snes::tolerances`]; petsc4py's `setTolerances(rtol=, atol=, stol=, max_it=)` and
/// `setMaxFunctionEvaluations`). A field left `None` (the [`Default`]) keeps the solver's
/// current value.
///
/// ```
/// let t = petsc::SnesTolerances { atol: Some(1e-12), ..Default::default() };
/// assert_eq!((t.atol, t.rtol), (Some(1e-12), None));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct SnesTolerances {
    /// Absolute size of `||F||` (`abstol`, PETSc's default `1e-50`).
    pub atol: Option<Real>,
    /// Decrease of `||F||` relative to the initial one (`rtol`, default `1e-8`).
    pub rtol: Option<Real>,
    /// Size of the step relative to `||x||` (`stol`, default `1e-8`).
    pub stol: Option<Real>,
    /// Iteration limit (`maxit`, default `50`).
    pub max_it: Option<Int>,
    /// Limit on residual evaluations (`maxf`, default `10000`; `-1` for none).
    pub max_funcs: Option<Int>,
}

impl Snes {
    /// Sets the convergence tolerances (`SNESSetTolerances`), each by name; a field left
    /// `None` keeps PETSc's current value.
    ///
    /// ```
    /// use petsc::SnesTolerances;
    /// let petsc = petsc::Petsc::init()?;
    /// let mut snes = petsc::Snes::new(&petsc.self_comm())?;
    /// snes.set_tolerances(SnesTolerances { atol: Some(1e-10), max_it: Some(20), ..Default::default() })?;
    /// let t = snes.tolerances()?;
    /// assert_eq!((t.atol, t.rtol, t.max_it, t.max_funcs), (Some(1e-10), Some(1e-8), Some(20), Some(10000)));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "SNESSetTolerances")]
    pub fn set_tolerances(&mut self, t: SnesTolerances) -> Result<()> {
        check_snes_tolerances("Snes::set_tolerances", &t)?;
        // SAFETY: live solver; values checked above (PETSc checks rtol < 1).
        check(unsafe {
            sys::SNESSetTolerances(
                self.ptr,
                default_real(t.atol),
                default_real(t.rtol),
                default_real(t.stol),
                default_int(t.max_it),
                default_int(t.max_funcs),
            )
        })
    }

    /// The convergence tolerances (`SNESGetTolerances`), every field `Some`.
    #[doc(alias = "SNESGetTolerances")]
    pub fn tolerances(&self) -> Result<SnesTolerances> {
        let (mut a, mut r, mut s, mut it, mut nf): (Real, Real, Real, Int, Int) =
            (0.0, 0.0, 0.0, 0, 0);
        // SAFETY: live solver; five outputs.
        check(unsafe {
            sys::SNESGetTolerances(self.ptr, &mut a, &mut r, &mut s, &mut it, &mut nf)
        })?;
        Ok(SnesTolerances {
            atol: Some(a),
            rtol: Some(r),
            stol: Some(s),
            max_it: Some(it),
            max_funcs: Some(nf),
        })
    }

    crate::methods![for Snes;
        /// Whether a solve that does not converge is an error
        /// (`SNESSetErrorIfNotConverged`). Off by default: then non-convergence is only a
        /// [`SnesConvergedReason`].
        pub fn set_error_if_not_converged(&mut self, flag: bool)
            = SNESSetErrorIfNotConverged as "SNESSetErrorIfNotConverged";
    ];

    /// Reads `-snes_type`, `-snes_rtol`, `-snes_monitor`, `-snes_linesearch_type`,
    /// `-snes_mf`, `-snes_fd`, `-ksp_type`, `-pc_type`, ... from the options database
    /// (with this object's prefix) (`SNESSetFromOptions`). Call it after setting
    /// defaults in code, so the command line wins.
    ///
    /// Tolerances read from the options are checked as
    /// [`set_tolerances`](Self::set_tolerances) checks them (PETSc stores
    /// `-snes_rtol -0.5` without a word): a bad one is an `Err` naming it.
    #[doc(alias = "SNESSetFromOptions")]
    pub fn set_from_options(&mut self) -> Result<()> {
        // SAFETY: live solver.
        crate::error::check_from_options(unsafe { sys::SNESSetFromOptions(self.ptr) })?;
        self.install_shell_solve()?;
        check_snes_tolerances(
            "Snes::set_from_options (-snes_atol, -snes_rtol, -snes_stol, -snes_max_it, -snes_max_funcs)",
            &self.tolerances()?,
        )
    }

    crate::methods![for Snes;
        /// The number of nonlinear iterations of the last solve (`SNESGetIterationNumber`).
        pub fn iteration_number(&self) -> Int = SNESGetIterationNumber as "SNESGetIterationNumber";

        /// The total number of linear iterations of the last solve
        /// (`SNESGetLinearSolveIterations`).
        pub fn linear_iterations(&self) -> Int
            = SNESGetLinearSolveIterations as "SNESGetLinearSolveIterations";

        /// The number of residual evaluations counted by the solver
        /// (`SNESGetNumberFunctionEvals`): those of the last solve, or of all solves when
        /// PETSc's counters are not reset (`SNESSetCountersReset`). `-snes_view` prints it
        /// as "total number of function evaluations"; `-snes_max_funcs` limits it. The
        /// differences of a finite-difference Jacobian built from a DMDA local residual are
        /// not counted, as in C.
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
        /// let j = petsc::Mat::aij(&c).sizes(petsc::Sizes::global(1, 1)).preallocate(1, 0).build()?;
        /// snes.set_jacobian(&j, None, |x, jac| {
        ///     let x0 = x.view()?[0];
        ///     jac.pre().set_value(0, 0, 2.0 * x0, petsc::InsertMode::Insert)?;
        ///     jac.pre().assemble()
        /// })?;
        /// let mut x = petsc::Vector::from_slice(&c, &[3.0])?;
        /// snes.solve(None, &mut x)?.check()?;
        /// // One residual at the start and one per Newton step (full steps, no backtracking).
        /// assert_eq!(snes.num_function_evals()?, snes.iteration_number()? + 1);
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn num_function_evals(&self) -> Int
            = SNESGetNumberFunctionEvals as "SNESGetNumberFunctionEvals";

        /// `||F(x)||` at the last iterate (`SNESGetFunctionNorm`).
        pub fn function_norm(&self) -> Real = SNESGetFunctionNorm as "SNESGetFunctionNorm";
    ];

    crate::methods![for Snes;
        /// Why the last solve stopped (`SNESGetConvergedReason`).
        pub fn converged_reason(&self) -> SnesConvergedReason
            = SNESGetConvergedReason as "SNESGetConvergedReason";
    ];
}

/// The checks of [`Snes::set_tolerances`]: tolerances finite and not negative, limits
/// not negative (`max_f` may be -1, no limit).
fn check_snes_tolerances(ctx: &str, t: &SnesTolerances) -> Result<()> {
    check_tolerance(ctx, "atol", t.atol)?;
    check_tolerance(ctx, "rtol", t.rtol)?;
    check_tolerance(ctx, "stol", t.stol)?;
    check_count(ctx, "max_it", t.max_it, 0)?;
    check_count(ctx, "max_funcs", t.max_funcs, -1)
}

impl Snes {
    /// The divergence tolerance (`SNESGetDivergenceTolerance`): the solve stops with
    /// [`SnesConvergedReason::DivergedDtol`] once `||F||` exceeds it times the initial
    /// `||F||`; -1 means no such test (whatever number the PETSc version stores for it:
    /// `PETSC_UNLIMITED` from 3.22 on).
    #[doc(alias = "SNESGetDivergenceTolerance")]
    pub fn divergence_tolerance(&self) -> Result<Real> {
        let mut d: Real = 0.0;
        // SAFETY: live solver; one output.
        check(unsafe { sys::SNESGetDivergenceTolerance(self.ptr, &mut d) })?;
        Ok(if d < 0.0 { -1.0 } else { d })
    }

    crate::methods![for Snes;

        /// How many nonlinear steps may fail (line search or trust-region failures) before the
        /// solve gives up (`SNESSetMaxNonlinearStepFailures`); at least 0.
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut snes = petsc::Snes::new(&petsc.self_comm())?;
        /// snes.set_max_step_failures(3)?;
        /// assert_eq!(snes.max_step_failures()?, 3);
        /// assert_eq!(snes.step_failures()?, 0);
        /// assert!(snes.set_max_step_failures(-1).is_err());
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_max_step_failures(&mut self, max: Int where max >= 0)
            = SNESSetMaxNonlinearStepFailures as "SNESSetMaxNonlinearStepFailures";

        /// See [`set_max_step_failures`](Self::set_max_step_failures)
        /// (`SNESGetMaxNonlinearStepFailures`).
        pub fn max_step_failures(&self) -> Int
            = SNESGetMaxNonlinearStepFailures as "SNESGetMaxNonlinearStepFailures";

        /// How many nonlinear steps failed in the last solve (`SNESGetNonlinearStepFailures`).
        pub fn step_failures(&self) -> Int
            = SNESGetNonlinearStepFailures as "SNESGetNonlinearStepFailures";

        /// How many linear solves may fail before the solve stops with
        /// [`SnesConvergedReason::DivergedLinearSolve`] (`SNESSetMaxLinearSolveFailures`); at
        /// least 0.
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut snes = petsc::Snes::new(&petsc.self_comm())?;
        /// snes.set_max_ksp_failures(2)?;
        /// assert_eq!(snes.max_ksp_failures()?, 2);
        /// assert_eq!(snes.ksp_failures()?, 0);
        /// assert!(snes.set_max_ksp_failures(-3).is_err());
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_max_ksp_failures(&mut self, max: Int where max >= 0)
            = SNESSetMaxLinearSolveFailures as "SNESSetMaxLinearSolveFailures";

        /// See [`set_max_ksp_failures`](Self::set_max_ksp_failures)
        /// (`SNESGetMaxLinearSolveFailures`).
        pub fn max_ksp_failures(&self) -> Int
            = SNESGetMaxLinearSolveFailures as "SNESGetMaxLinearSolveFailures";

        /// How many linear solves failed in the last solve (`SNESGetLinearSolveFailures`).
        pub fn ksp_failures(&self) -> Int = SNESGetLinearSolveFailures as "SNESGetLinearSolveFailures";

        /// The number of residual evaluations (`SNESGetNumberFunctionEvals`), as
        /// [`num_function_evals`](Self::num_function_evals) (petsc4py's name).
        pub fn function_evaluations(&self) -> Int
            = SNESGetNumberFunctionEvals as "SNESGetNumberFunctionEvals";

        /// Whether the inner linear solves use Eisenstat-Walker tolerances, tightened as the
        /// nonlinear iteration converges (`SNESKSPSetUseEW`; `-snes_ksp_ew`).
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut snes = petsc::Snes::new(&petsc.self_comm())?;
        /// assert!(!snes.use_ew()?);
        /// snes.set_use_ew(true)?;
        /// assert!(snes.use_ew()?);
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_use_ew(&mut self, flag: bool) = SNESKSPSetUseEW as "SNESKSPSetUseEW";

        /// See [`set_use_ew`](Self::set_use_ew) (`SNESKSPGetUseEW`).
        pub fn use_ew(&self) -> bool = SNESKSPGetUseEW as "SNESKSPGetUseEW";

        /// Sets the iteration number (`SNESSetIterationNumber`), as a solver that restarts
        /// would; at least 0.
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut snes = petsc::Snes::new(&petsc.self_comm())?;
        /// snes.set_iteration_number(4)?;
        /// assert_eq!(snes.iteration_number()?, 4);
        /// assert!(snes.set_iteration_number(-1).is_err());
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_iteration_number(&mut self, iteration: Int where iteration >= 0)
            = SNESSetIterationNumber as "SNESSetIterationNumber";

        /// Whether the solve takes at least one step even when the initial guess already
        /// passes the convergence test (`SNESSetForceIteration`; `-snes_force_iteration`).
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut snes = petsc::Snes::new(&petsc.self_comm())?;
        /// snes.set_force_iteration(true)?;
        /// assert!(snes.force_iteration()?);
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_force_iteration(&mut self, force: bool)
            = SNESSetForceIteration as "SNESSetForceIteration";

        /// See [`set_force_iteration`](Self::set_force_iteration) (`SNESGetForceIteration`).
        pub fn force_iteration(&self) -> bool = SNESGetForceIteration as "SNESGetForceIteration";

        /// Whether a solve that does not converge is an error
        /// (`SNESGetErrorIfNotConverged`); see
        /// [`set_error_if_not_converged`](Self::set_error_if_not_converged).
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut snes = petsc::Snes::new(&petsc.self_comm())?;
        /// assert!(!snes.error_if_not_converged()?);
        /// snes.set_error_if_not_converged(true)?;
        /// assert!(snes.error_if_not_converged()?);
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn error_if_not_converged(&self) -> bool
            = SNESGetErrorIfNotConverged as "SNESGetErrorIfNotConverged";

        /// Whether each solve starts its counters (iterations, residual evaluations, linear
        /// iterations, failures) from zero (`SNESSetCountersReset`); on by default. Off, they
        /// add up over solves.
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut snes = petsc::Snes::new(&petsc.self_comm())?;
        /// snes.set_reset_counters(false)?;
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_reset_counters(&mut self, reset: bool)
            = SNESSetCountersReset as "SNESSetCountersReset";

        /// Frees what the set-up made (work vectors, the inner solver's set-up), keeping the
        /// type, options, closures and tolerances (`SNESReset`); the next solve sets up again,
        /// for example for vectors of another size.
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut snes = petsc::Snes::new(&petsc.self_comm())?;
        /// snes.set_tolerances(petsc::SnesTolerances { max_it: Some(7), ..Default::default() })?;
        /// snes.reset()?;
        /// assert_eq!(snes.tolerances()?.max_it, Some(7));
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn reset(&mut self) = SNESReset as "SNESReset";

        /// Whether the method uses the inner linear solver (the private `snes->usesksp`, as
        /// petsc4py's `setUseKSP`): methods set it themselves at creation (on for Newton,
        /// off for NGS, NCG, ...); `-snes_view` shows the KSP only when it is on.
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut snes = petsc::Snes::new(&petsc.self_comm())?;
        /// snes.set_type(petsc::SnesType::Ngs)?;
        /// assert!(!snes.use_ksp()?);
        /// snes.set_type(petsc::SnesType::Newtonls)?;
        /// assert!(snes.use_ksp()?);
        /// snes.set_use_ksp(false)?;
        /// assert!(!snes.use_ksp()?);
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_use_ksp(&mut self, flag: bool) = petscrs_SNESSetUseKSP as "SNESSetUseKSP";

        /// See [`set_use_ksp`](Self::set_use_ksp).
        pub fn use_ksp(&self) -> bool = petscrs_SNESGetUseKSP as "SNESGetUseKSP";

        /// Makes the Jacobian matrices from the solver's DM now (`SNESSetUpMatrices`), as
        /// the set-up does when no matrices were given; an `Err` when the DM cannot make
        /// matrices (a solver without a DMDA).
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let da = petsc::Da::grid(&petsc.self_comm()).sizes([5]).build()?;
        /// let mut snes = petsc::Snes::new(&petsc.self_comm())?;
        /// snes.set_dm(&da)?;
        /// snes.set_up_matrices()?;
        /// let (a, p) = snes.jacobian()?;
        /// assert_eq!(a.unwrap().size()?, (5, 5));
        /// assert!(p.is_some());
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_up_matrices(&mut self) = SNESSetUpMatrices as "SNESSetUpMatrices";
    ];
}

/// When the residual norm is computed (`SNESNormSchedule`).
///
/// ```
/// use petsc::SnesNormSchedule;
/// let petsc = petsc::Petsc::init()?;
/// let mut snes = petsc::Snes::new(&petsc.self_comm())?;
/// snes.set_norm_schedule(SnesNormSchedule::InitialOnly)?;
/// assert_eq!(snes.norm_schedule()?, SnesNormSchedule::InitialOnly);
/// # Ok::<(), petsc::Error>(())
/// ```
#[doc(alias = "SNESNormSchedule")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SnesNormSchedule {
    /// `SNES_NORM_DEFAULT`: the method's default.
    Default,
    /// `SNES_NORM_NONE`: never (the convergence test sees no norms; use with a fixed
    /// number of iterations).
    None,
    /// `SNES_NORM_ALWAYS`: at every iteration.
    Always,
    /// `SNES_NORM_INITIAL_ONLY`: at the initial guess only.
    InitialOnly,
    /// `SNES_NORM_FINAL_ONLY`: after the last iteration only.
    FinalOnly,
    /// `SNES_NORM_INITIAL_FINAL_ONLY`: at the start and at the end.
    InitialFinalOnly,
}

const NORM_SCHEDULES: [(SnesNormSchedule, sys::SNESNormSchedule); 6] = [
    (
        SnesNormSchedule::Default,
        sys::SNESNormSchedule::SNES_NORM_DEFAULT,
    ),
    (
        SnesNormSchedule::None,
        sys::SNESNormSchedule::SNES_NORM_NONE,
    ),
    (
        SnesNormSchedule::Always,
        sys::SNESNormSchedule::SNES_NORM_ALWAYS,
    ),
    (
        SnesNormSchedule::InitialOnly,
        sys::SNESNormSchedule::SNES_NORM_INITIAL_ONLY,
    ),
    (
        SnesNormSchedule::FinalOnly,
        sys::SNESNormSchedule::SNES_NORM_FINAL_ONLY,
    ),
    (
        SnesNormSchedule::InitialFinalOnly,
        sys::SNESNormSchedule::SNES_NORM_INITIAL_FINAL_ONLY,
    ),
];

/// The Eisenstat-Walker parameters of the inner linear tolerances
/// (`SNESKSPSetParametersEW`), as [`Snes::params_ew`] returns them: `version` (1, 2 or
/// 3) picks the formula; `rtol_0` is the first relative tolerance, `rtol_max` the
/// largest, and `gamma`, `alpha`, `alpha2`, `threshold` the constants of the formula.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EwParams {
    /// The formula: 1, 2 or 3.
    pub version: Int,
    /// The relative tolerance of the first linear solve.
    pub rtol_0: Real,
    /// The largest relative tolerance.
    pub rtol_max: Real,
    /// `gamma` (versions 2 and 3).
    pub gamma: Real,
    /// `alpha` (versions 2 and 3).
    pub alpha: Real,
    /// `alpha2` (version 3 and the safeguard).
    pub alpha2: Real,
    /// The safeguard's threshold.
    pub threshold: Real,
}

impl Snes {
    /// Sets the divergence tolerance (`SNESSetDivergenceTolerance`): the solve stops
    /// with [`SnesConvergedReason::DivergedDtol`] once `||F||` exceeds `divtol` times the
    /// initial `||F||`. -1 turns the test off (petsc4py's `UNLIMITED`); `None` keeps the
    /// current value (petsc4py's `CURRENT`); other values must be finite and not
    /// negative (PETSc 3.22 on also refuses those below 1).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut snes = petsc::Snes::new(&petsc.self_comm())?;
    /// snes.set_divergence_tolerance(1e3)?;
    /// assert_eq!(snes.divergence_tolerance()?, 1e3);
    /// snes.set_divergence_tolerance(-1.0)?;
    /// snes.set_divergence_tolerance(None)?;
    /// assert_eq!(snes.divergence_tolerance()?, -1.0);
    /// assert!(snes.set_divergence_tolerance(f64::NAN).is_err());
    /// assert!(snes.set_divergence_tolerance(-2.0).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "SNESSetDivergenceTolerance")]
    pub fn set_divergence_tolerance(&mut self, divtol: impl Into<Option<Real>>) -> Result<()> {
        let divtol = match divtol.into() {
            // Other negative numbers are PETSc's markers, which mean different things
            // across versions (PETSC_DEFAULT, PETSC_CURRENT, ...): refused.
            Some(d) if d != -1.0 && !(d.is_finite() && d >= 0.0) => {
                return Err(Error::invalid(
                    "Snes::set_divergence_tolerance",
                    format!("divtol is {d}; it must be -1 (no test) or finite and not negative"),
                ));
            }
            Some(d) => d,
            // Read back and set again: PETSc 3.18 has no PETSC_CURRENT, and from 3.22
            // on the value read (PETSC_UNLIMITED included) is one the setter takes.
            None => {
                let mut d: Real = 0.0;
                // SAFETY: live solver; one output.
                check(unsafe { sys::SNESGetDivergenceTolerance(self.ptr, &mut d) })?;
                d
            }
        };
        // From PETSc 3.22, -1 is PETSC_DETERMINE (the default tolerance again): no test is
        // PETSC_UNLIMITED.
        #[cfg(petsc_3_22)]
        let divtol = if divtol == -1.0 {
            sys::PETSC_UNLIMITED as Real
        } else {
            divtol
        };
        // SAFETY: live solver; a finite value, which PETSc checks.
        check(unsafe { sys::SNESSetDivergenceTolerance(self.ptr, divtol) })
    }

    /// Sets when the residual norm is computed (`SNESSetNormSchedule`).
    #[doc(alias = "SNESSetNormSchedule")]
    pub fn set_norm_schedule(&mut self, schedule: SnesNormSchedule) -> Result<()> {
        let raw = NORM_SCHEDULES
            .iter()
            .find(|(s, _)| *s == schedule)
            .map(|(_, r)| *r)
            .expect("every schedule has a code");
        // SAFETY: live solver; a valid code.
        check(unsafe { sys::SNESSetNormSchedule(self.ptr, raw) })
    }

    /// When the residual norm is computed (`SNESGetNormSchedule`).
    #[doc(alias = "SNESGetNormSchedule")]
    pub fn norm_schedule(&self) -> Result<SnesNormSchedule> {
        let mut raw = sys::SNESNormSchedule::SNES_NORM_DEFAULT;
        // SAFETY: live solver.
        check(unsafe { sys::SNESGetNormSchedule(self.ptr, &mut raw) })?;
        NORM_SCHEDULES
            .iter()
            .find(|(_, r)| *r == raw)
            .map(|(s, _)| *s)
            .ok_or_else(|| {
                Error::invalid(
                    "Snes::norm_schedule",
                    format!("PETSc returned an unknown SNESNormSchedule ({})", raw.0),
                )
            })
    }

    /// Sets the Eisenstat-Walker parameters (`SNESKSPSetParametersEW`); they apply
    /// when [`set_use_ew`](Self::set_use_ew) is on. Non-finite values are refused here
    /// and values out of their ranges by PETSc, with its message.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut snes = petsc::Snes::new(&petsc.self_comm())?;
    /// let mut ew = snes.params_ew()?;
    /// ew.version = 3;
    /// ew.rtol_0 = 0.5;
    /// snes.set_params_ew(&ew)?;
    /// assert_eq!(snes.params_ew()?, ew);
    /// ew.version = 7;
    /// assert!(snes.set_params_ew(&ew).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "SNESKSPSetParametersEW")]
    pub fn set_params_ew(&mut self, p: &EwParams) -> Result<()> {
        const CTX: &str = "Snes::set_params_ew";
        for (name, v) in [
            ("rtol_0", p.rtol_0),
            ("rtol_max", p.rtol_max),
            ("gamma", p.gamma),
            ("alpha", p.alpha),
            ("alpha2", p.alpha2),
            ("threshold", p.threshold),
        ] {
            check_finite(CTX, name, v)?;
        }
        if !(1..=3).contains(&p.version) {
            return Err(Error::invalid(
                CTX,
                format!("version is {}; it must be 1, 2 or 3", p.version),
            ));
        }
        // SAFETY: live solver; PETSc checks the ranges.
        check(unsafe {
            sys::SNESKSPSetParametersEW(
                self.ptr,
                p.version,
                p.rtol_0,
                p.rtol_max,
                p.gamma,
                p.alpha,
                p.alpha2,
                p.threshold,
            )
        })
    }

    /// The Eisenstat-Walker parameters (`SNESKSPGetParametersEW`).
    #[doc(alias = "SNESKSPGetParametersEW")]
    pub fn params_ew(&self) -> Result<EwParams> {
        let mut p = EwParams {
            version: 0,
            rtol_0: 0.0,
            rtol_max: 0.0,
            gamma: 0.0,
            alpha: 0.0,
            alpha2: 0.0,
            threshold: 0.0,
        };
        // SAFETY: live solver; seven outputs.
        check(unsafe {
            sys::SNESKSPGetParametersEW(
                self.ptr,
                &mut p.version,
                &mut p.rtol_0,
                &mut p.rtol_max,
                &mut p.gamma,
                &mut p.alpha,
                &mut p.alpha2,
                &mut p.threshold,
            )
        })?;
        Ok(p)
    }

    /// Whether the Jacobian is applied matrix-free, by finite differences of the
    /// residual, with no preconditioner matrix (`SNESSetUseMatrixFree` with
    /// `mf_operator` unchanged; `-snes_mf`). Takes effect at the next set-up; no Jacobian
    /// closure is needed then.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut snes = petsc::Snes::new(&petsc.self_comm())?;
    /// assert!(!snes.use_mf()?);
    /// snes.set_use_mf(true)?;
    /// assert!(snes.use_mf()?);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "SNESSetUseMatrixFree")]
    pub fn set_use_mf(&mut self, flag: bool) -> Result<()> {
        let (op, _) = self.use_matrix_free()?;
        // SAFETY: live solver.
        check(unsafe { sys::SNESSetUseMatrixFree(self.ptr, petsc_bool(op), petsc_bool(flag)) })
    }

    /// See [`set_use_mf`](Self::set_use_mf) (`SNESGetUseMatrixFree`).
    #[doc(alias = "SNESGetUseMatrixFree")]
    pub fn use_mf(&self) -> Result<bool> {
        Ok(self.use_matrix_free()?.1)
    }

    /// `(mf_operator, mf)` of `SNESGetUseMatrixFree`.
    fn use_matrix_free(&self) -> Result<(bool, bool)> {
        let (mut op, mut mf) = (sys::PETSC_BOOL_FALSE, sys::PETSC_BOOL_FALSE);
        // SAFETY: live solver; two outputs.
        check(unsafe { sys::SNESGetUseMatrixFree(self.ptr, &mut op, &mut mf) })?;
        Ok((op == sys::PETSC_BOOL_TRUE, mf == sys::PETSC_BOOL_TRUE))
    }

    /// Sets why the solve stopped (`SNESSetConvergedReason`), as a convergence test or
    /// a monitor would; a solve in progress stops at its next test when the reason is not
    /// [`SnesConvergedReason::Iterating`]. A code PETSc does not name
    /// ([`SnesConvergedReason::Unknown`]) is refused: PETSc's viewers index a table of
    /// names by it.
    ///
    /// ```
    /// use petsc::SnesConvergedReason;
    /// let petsc = petsc::Petsc::init()?;
    /// let mut snes = petsc::Snes::new(&petsc.self_comm())?;
    /// snes.set_converged_reason(SnesConvergedReason::DivergedMaxIt)?;
    /// assert_eq!(snes.converged_reason()?, SnesConvergedReason::DivergedMaxIt);
    /// assert!(snes.set_converged_reason(SnesConvergedReason::Unknown(42)).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "SNESSetConvergedReason")]
    pub fn set_converged_reason(&mut self, reason: SnesConvergedReason) -> Result<()> {
        let code = reason_code("Snes::set_converged_reason", reason)?;
        // SAFETY: live solver; a named code.
        check(unsafe { sys::SNESSetConvergedReason(self.ptr, sys::SNESConvergedReason(code)) })
    }

    crate::methods![for Snes;
        /// Sets the residual norm the solver reports (`SNESSetFunctionNorm`), as a method
        /// that computes it by other means would; finite and not negative.
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut snes = petsc::Snes::new(&petsc.self_comm())?;
        /// snes.set_function_norm(0.125)?;
        /// assert_eq!(snes.function_norm()?, 0.125);
        /// assert!(snes.set_function_norm(-1.0).is_err());
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_function_norm(&mut self, norm: Real where norm.is_finite() && norm >= 0.0)
            = SNESSetFunctionNorm as "SNESSetFunctionNorm";
    ];
}

/// The code of a named reason; [`SnesConvergedReason::Unknown`] is refused.
pub(super) fn reason_code(context: &str, reason: SnesConvergedReason) -> Result<i32> {
    match reason {
        SnesConvergedReason::Unknown(c) => Err(Error::invalid(
            context,
            format!("{c} is not a SNESConvergedReason PETSc names"),
        )),
        r => Ok(r.code()),
    }
}
