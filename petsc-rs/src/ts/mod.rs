//! Time integrators (`TS`): solve `u' = G(t, u)` (explicit form), `F(t, u, u') = 0`
//! (implicit form) or both (`F(t, u, u') = G(t, u)`, IMEX), with the functions and
//! their Jacobians given as Rust closures.
//!
//! Where the closures live: where C puts their contexts, in the DM's TS context
//! (`DMTS`). The setters call `TSSetRHSFunction`, `TSSetIFunction` and their Jacobian
//! counterparts (which store into the integrator's DM, a `DMShell` PETSc makes if there
//! is none) with the closure kept with that DM and passed on to every DM PETSc derives
//! from it (coarse levels for `-snes_type fas` inside an implicit method, subdomains),
//! as the callback module describes. So the inner solvers PETSc builds from options find
//! the closures, as in C, and an integrator given a DM that already carries closures
//! uses them, as in C. The post-step closure, which PETSc keeps in the `TS` itself, is
//! kept with the `TS`.
//!
//! - `mod.rs`: the [`Ts`] handle, its types, problem types and converged reasons;
//! - `callbacks.rs`: the right-hand side, implicit functions, their Jacobians and the
//!   DMDA-local forms, as closures;
//! - `compute.rs`: evaluating those closures by hand, and what the integrator keeps for
//!   them;
//! - `hooks.rs`: monitors, pre-step, pre-stage and post-step closures, the initial
//!   condition;
//! - `stepping.rs`: stepping by hand, rolling back, interpolating, the solution, the DM
//!   and the time span;
//! - `settings.rs`: the methods' settings, the step-size controller ([`TsTolerances`]),
//!   failure limits and counters;
//! - `pseudo.rs`: pseudo-transient continuation's step rule;
//! - `events.rs`: events located during the integration;
//! - `history.rs`: replaying the steps of a list of times or a saved trajectory;
//! - `second_order.rs`: second-order systems (`alpha2`);
//! - `adjoint.rs`: adjoint sensitivities;
//! - `cost.rs`: cost integrals over the solve (the quadrature integrator);
//! - `shell.rs`: a time integrator whose step is written in Rust;
//! - `split.rs`: right-hand sides given by split (multirate methods, ARKIMEX's fast-slow
//!   split).

mod adjoint;
mod callbacks;
mod compute;
mod cost;
mod events;
mod history;
mod hooks;
mod implement;
mod pseudo;
mod second_order;
mod settings;
mod shell;
mod split;
mod stepping;

pub use events::{EventAction, EventDirection};
pub use implement::TsImpl;
pub use settings::TsTolerances;

use petsc_sys as sys;

use crate::comm::Comm;
use crate::error::{Error, Result, check};
use crate::ksp::Ksp;
use crate::object::{petsc_handle, type_enum};
use crate::scalar::{Int, Real};
use crate::snes::{Snes, unwind_failed_snes};
use crate::vec::Vector;

petsc_handle!(
    /// A PETSc time integrator (`TS`).
    ///
    /// Give it the right-hand side `G(t, u)` of `u' = G(t, u)` with
    /// [`set_rhs_function`](Self::set_rhs_function) (and, for implicit methods, its
    /// Jacobian with [`set_rhs_jacobian`](Self::set_rhs_jacobian)), or the implicit form
    /// `F(t, u, u') = 0` with [`set_ifunction`](Self::set_ifunction) and
    /// [`set_ijacobian`](Self::set_ijacobian); on a [`Da`](crate::Da), the local forms
    /// ([`set_rhs_function_local`](Self::set_rhs_function_local), ...) hand the closures
    /// ghosted views. Then set the time span and [`solve`](Self::solve).
    ///
    /// ```
    /// use petsc::{ExactFinalTime, Ts, TsType, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// // u' = -u, u(0) = 1: u(1) = 1/e.
    /// let mut ts = Ts::new(&c)?;
    /// ts.set_type(TsType::Rk)?; // PETSc's default RK is the adaptive 3(2) pair
    /// ts.set_rhs_function(None, |_t, u, f| {
    ///     f.copy_from(u)?;
    ///     f.scale(-1.0)
    /// })?;
    /// ts.set_time_step(0.01)?;
    /// ts.set_max_time(1.0)?;
    /// ts.set_exact_final_time(ExactFinalTime::Matchstep)?;
    /// ts.set_tolerances(petsc::TsTolerances { atol: Some(1e-10), rtol: Some(1e-10) })?;
    /// ts.set_from_options()?; // -ts_type, -ts_dt, -ts_monitor, ... still apply
    /// let mut u = Vector::from_slice(&c, &[1.0])?;
    /// ts.solve(&mut u)?.check()?;
    /// assert!((ts.time()? - 1.0).abs() < 1e-12);
    /// assert!((u.view()?[0] - (-1f64).exp()).abs() < 1e-8);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    Ts,
    sys::TS,
    sys::TSDestroy
);

type_enum!(
/// Time integration methods (`TSType`); [`TsType::Other`] names any registered type.
///
/// ```
/// use petsc::TsType;
/// assert_eq!(TsType::Beuler.as_str(), "beuler");
/// assert_eq!(TsType::from_name("cn"), TsType::Cn);
/// assert_eq!(TsType::from_name("mine"), TsType::Other("mine".into()));
/// assert_eq!("arkimex".parse::<TsType>().unwrap(), TsType::Arkimex);
/// ```
TsType {
        Euler = "euler" "`TSEULER`: forward (explicit) Euler, first order.",
        Beuler = "beuler" "`TSBEULER`: backward (implicit) Euler, first order.",
        Cn = "cn" "`TSCN`: Crank-Nicolson (theta = 1/2 at the end points), second order.",
        Theta = "theta" "`TSTHETA`: the theta method (`-ts_theta_theta`, [`Ts::set_theta`]).",
        Rk = "rk" "`TSRK`: explicit Runge-Kutta (`-ts_rk_type 4`, [`Ts::set_rk_type`]).",
        Bdf = "bdf" "`TSBDF`: backward differentiation formulas (`-ts_bdf_order`).",
        Arkimex = "arkimex" "`TSARKIMEX`: additive Runge-Kutta implicit-explicit methods.",
        Rosw = "rosw" "`TSROSW`: Rosenbrock-W methods.",
        Ssp = "ssp" "`TSSSP`: strong-stability-preserving Runge-Kutta.",
        Glee = "glee" "`TSGLEE`: general linear methods with global error estimation.",
        Glle = "glle" "`TSGLLE`: general linear methods (implicit).",
        Alpha = "alpha" "`TSALPHA`: the generalized-alpha method (first-order systems).",
        Alpha2 = "alpha2" "`TSALPHA2`: the generalized-alpha method for second-order systems.",
        Pseudo = "pseudo" "`TSPSEUDO`: pseudo-transient continuation to a steady state.",
        Basicsymplectic = "basicsymplectic" "`TSBASICSYMPLECTIC`: basic symplectic integrators.",
        Eimex = "eimex" "`TSEIMEX`: extrapolated IMEX methods.",
        Mimex = "mimex" "`TSMIMEX`: multistep IMEX methods.",
        Radau5 = "radau5" "`TSRADAU5`: Radau IIA of order 5 (external package).",
        Mprk = "mprk" "`TSMPRK`: multirate partitioned Runge-Kutta.",
        Discgrad = "discgrad" "`TSDISCGRAD`: discrete gradients.",
        Irk = "irk" "`TSIRK`: fully implicit Runge-Kutta (Gauss).",
        Sundials = "sundials" "`TSSUNDIALS`: SUNDIALS' CVODE (external package).",
});

crate::c_enum! {
    /// Whether the problem is linear in `u` (`TSProblemType`): a linear problem lets
    /// implicit methods solve one linear system per stage (`SNESKSPONLY`).
    pub TsProblemType: sys::TSProblemType {
        /// `TS_LINEAR`.
        Linear = TS_LINEAR,
        /// `TS_NONLINEAR` (PETSc's default).
        Nonlinear = TS_NONLINEAR,
    }
}

/// The form of the equations (`TSEquationType`), which some methods use to pick how
/// they treat `u'` (PETSc's names without the `TS_EQ_` prefix).
///
/// ```
/// use petsc::TsEquationType;
/// assert_eq!(TsEquationType::OdeExplicit.code(), 1);
/// assert_eq!(TsEquationType::DaeImplicitIndex1.code(), 1100);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TsEquationType {
    /// `TS_EQ_UNSPECIFIED` (-1).
    Unspecified,
    /// `TS_EQ_EXPLICIT` (0): `M u' = G(t, u)`.
    Explicit,
    /// `TS_EQ_ODE_EXPLICIT` (1): `u' = G(t, u)`.
    OdeExplicit,
    /// `TS_EQ_DAE_SEMI_EXPLICIT_INDEX1` (100).
    DaeSemiExplicitIndex1,
    /// `TS_EQ_DAE_SEMI_EXPLICIT_INDEX2` (200).
    DaeSemiExplicitIndex2,
    /// `TS_EQ_DAE_SEMI_EXPLICIT_INDEX3` (300).
    DaeSemiExplicitIndex3,
    /// `TS_EQ_DAE_SEMI_EXPLICIT_INDEXHI` (500).
    DaeSemiExplicitIndexHi,
    /// `TS_EQ_IMPLICIT` (1000): `F(t, u, u') = 0`.
    Implicit,
    /// `TS_EQ_ODE_IMPLICIT` (1001): `F(t, u, u') = 0` with `dF/du'` nonsingular.
    OdeImplicit,
    /// `TS_EQ_DAE_IMPLICIT_INDEX1` (1100).
    DaeImplicitIndex1,
    /// `TS_EQ_DAE_IMPLICIT_INDEX2` (1200).
    DaeImplicitIndex2,
    /// `TS_EQ_DAE_IMPLICIT_INDEX3` (1300).
    DaeImplicitIndex3,
    /// `TS_EQ_DAE_IMPLICIT_INDEXHI` (1500).
    DaeImplicitIndexHi,
}

impl TsEquationType {
    /// All the named types, for [`from_code`](Self::from_code).
    const ALL: [TsEquationType; 13] = [
        TsEquationType::Unspecified,
        TsEquationType::Explicit,
        TsEquationType::OdeExplicit,
        TsEquationType::DaeSemiExplicitIndex1,
        TsEquationType::DaeSemiExplicitIndex2,
        TsEquationType::DaeSemiExplicitIndex3,
        TsEquationType::DaeSemiExplicitIndexHi,
        TsEquationType::Implicit,
        TsEquationType::OdeImplicit,
        TsEquationType::DaeImplicitIndex1,
        TsEquationType::DaeImplicitIndex2,
        TsEquationType::DaeImplicitIndex3,
        TsEquationType::DaeImplicitIndexHi,
    ];

    /// The type of PETSc's code, `None` for a code PETSc does not name.
    fn from_code(code: i32) -> Option<TsEquationType> {
        Self::ALL.into_iter().find(|t| t.code() == code)
    }

    /// PETSc's code (`TS_EQ_ODE_EXPLICIT` is 1).
    pub fn code(self) -> i32 {
        match self {
            TsEquationType::Unspecified => -1,
            TsEquationType::Explicit => 0,
            TsEquationType::OdeExplicit => 1,
            TsEquationType::DaeSemiExplicitIndex1 => 100,
            TsEquationType::DaeSemiExplicitIndex2 => 200,
            TsEquationType::DaeSemiExplicitIndex3 => 300,
            TsEquationType::DaeSemiExplicitIndexHi => 500,
            TsEquationType::Implicit => 1000,
            TsEquationType::OdeImplicit => 1001,
            TsEquationType::DaeImplicitIndex1 => 1100,
            TsEquationType::DaeImplicitIndex2 => 1200,
            TsEquationType::DaeImplicitIndex3 => 1300,
            TsEquationType::DaeImplicitIndexHi => 1500,
        }
    }
}

crate::c_enum! {
/// What the integrator does when the last step would pass the maximum time
/// (`TSExactFinalTimeOption`).
///
/// ```
/// let petsc = petsc::Petsc::init()?;
/// let mut ts = petsc::Ts::new(&petsc.self_comm())?;
/// ts.set_exact_final_time(petsc::ExactFinalTime::Interpolate)?;
/// # Ok::<(), petsc::Error>(())
/// ```
pub ExactFinalTime: sys::TSExactFinalTimeOption {
    Stepover = TS_EXACTFINALTIME_STEPOVER "take the full step, ending past the maximum time.",
    Interpolate = TS_EXACTFINALTIME_INTERPOLATE "step over, then interpolate the solution back to \
        the maximum time.",
    Matchstep = TS_EXACTFINALTIME_MATCHSTEP "shorten the last step to end exactly there.",
}
}

/// Why an integration stopped (`TSConvergedReason`): positive codes reached their end,
/// negative ones failed, zero is still stepping. Codes this enum does not name are kept
/// as [`TsConvergedReason::Unknown`].
///
/// `Display` prints PETSc's name (`CONVERGED_TIME`, `DIVERGED_NONLINEAR_SOLVE`), as
/// `-ts_converged_reason` does.
///
/// ```
/// use petsc::TsConvergedReason;
/// let r = TsConvergedReason::from_raw(2);
/// assert_eq!(r, TsConvergedReason::ConvergedIts);
/// assert!(r.is_converged());
/// assert_eq!(r.to_string(), "CONVERGED_ITS");
/// let d = TsConvergedReason::DivergedNonlinearSolve;
/// assert!(d.is_diverged() && !d.is_converged());
/// assert_eq!(d.code(), -1);
/// assert_eq!(TsConvergedReason::from_raw(-77), TsConvergedReason::Unknown(-77));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
#[must_use = "a solve may stop without converging: `.check()?` when convergence is expected"]
pub enum TsConvergedReason {
    /// `TS_CONVERGED_ITERATING` (0): not finished (or not started).
    Iterating,
    /// `TS_CONVERGED_TIME` (1): reached the maximum time.
    ConvergedTime,
    /// `TS_CONVERGED_ITS` (2): took the maximum number of steps.
    ConvergedIts,
    /// `TS_CONVERGED_USER` (3): stopped by the user.
    ConvergedUser,
    /// `TS_CONVERGED_EVENT` (4): stopped by an event.
    ConvergedEvent,
    /// `TS_CONVERGED_PSEUDO_FATOL` (5): pseudo-transient reached `||F|| < atol`.
    ConvergedPseudoFatol,
    /// `TS_CONVERGED_PSEUDO_FRTOL` (6): pseudo-transient reached `||F|| < rtol ||F0||`.
    ConvergedPseudoFrtol,
    /// `TS_DIVERGED_NONLINEAR_SOLVE` (-1): too many nonlinear solve failures.
    DivergedNonlinearSolve,
    /// `TS_DIVERGED_STEP_REJECTED` (-2): too many rejected steps.
    DivergedStepRejected,
    /// `TSFORWARD_DIVERGED_LINEAR_SOLVE` (-3): a forward-sensitivity linear solve failed.
    ForwardDivergedLinearSolve,
    /// `TSADJOINT_DIVERGED_LINEAR_SOLVE` (-4): an adjoint linear solve failed.
    AdjointDivergedLinearSolve,
    /// A code this version of petsc-rs does not name, kept as PETSc's number.
    Unknown(i32),
}

/// `(variant, code, PETSc name)` for every named reason.
const REASONS: &[(TsConvergedReason, i32, &str)] = &[
    (TsConvergedReason::Iterating, 0, "CONVERGED_ITERATING"),
    (TsConvergedReason::ConvergedTime, 1, "CONVERGED_TIME"),
    (TsConvergedReason::ConvergedIts, 2, "CONVERGED_ITS"),
    (TsConvergedReason::ConvergedUser, 3, "CONVERGED_USER"),
    (TsConvergedReason::ConvergedEvent, 4, "CONVERGED_EVENT"),
    (
        TsConvergedReason::ConvergedPseudoFatol,
        5,
        "CONVERGED_PSEUDO_FATOL",
    ),
    (
        TsConvergedReason::ConvergedPseudoFrtol,
        6,
        "CONVERGED_PSEUDO_FRTOL",
    ),
    (
        TsConvergedReason::DivergedNonlinearSolve,
        -1,
        "DIVERGED_NONLINEAR_SOLVE",
    ),
    (
        TsConvergedReason::DivergedStepRejected,
        -2,
        "DIVERGED_STEP_REJECTED",
    ),
    (
        TsConvergedReason::ForwardDivergedLinearSolve,
        -3,
        "FORWARD_DIVERGED_LINEAR_SOLVE",
    ),
    (
        TsConvergedReason::AdjointDivergedLinearSolve,
        -4,
        "ADJOINT_DIVERGED_LINEAR_SOLVE",
    ),
];

crate::converged_reason_impls!(
    TsConvergedReason,
    REASONS,
    "TSConvergedReason",
    raw = sys::TSConvergedReason
);

/// The name the application context is composed under (petsc4py's).
const APP_CTX: &str = "__appctx__";

/// Refuses a step that is not a positive finite number.
fn check_step(context: &str, dt: Real) -> Result<()> {
    if dt.is_finite() && dt > 0.0 {
        Ok(())
    } else {
        Err(Error::invalid(
            context,
            format!("the time step must be positive and finite, got {dt}"),
        ))
    }
}

crate::class_methods! {
    Ts: TsType, "TS", sys::TSList,
    example = "let mut obj = petsc::Ts::new(&petsc.self_comm())?;", a_type = "bdf",
    inner = " and its inner solvers (SNES, KSP, PC)",
    set_type = sys::TSSetType as "TSSetType",
    set_options_prefix = sys::TSSetOptionsPrefix as "TSSetOptionsPrefix",
    append_options_prefix = sys::TSAppendOptionsPrefix as "TSAppendOptionsPrefix",
    options_prefix = sys::TSGetOptionsPrefix as "TSGetOptionsPrefix",
    set_from_options = sys::TSSetFromOptions as "TSSetFromOptions",
}

impl Ts {
    /// A new integrator on `comm` (`TSCreate`). Without [`set_type`](Self::set_type) or
    /// `-ts_type`, [`set_from_options`](Self::set_from_options) picks `euler`, or
    /// `beuler` when an I-function is set.
    #[doc(alias = "TSCreate")]
    pub fn new(comm: &Comm) -> Result<Ts> {
        let mut ts: sys::TS = std::ptr::null_mut();
        // SAFETY: live communicator; PETSc writes the new object.
        check(unsafe { sys::TSCreate(comm.as_raw(), &mut ts) })?;
        Ok(Ts::from_raw(comm.petsc(), ts))
    }

    crate::methods![for Ts;
        /// Declares the problem linear or nonlinear in `u` (`TSSetProblemType`).
        pub fn set_problem_type(&mut self, ty: TsProblemType)
            = TSSetProblemType as "TSSetProblemType";

        /// Whether the integrator's method is implicit, solving with its SNES
        /// (`TSIsImplicit`, PETSc 3.26 on).
        ///
        /// ```
        /// use petsc::{Ts, TsType};
        /// let petsc = petsc::Petsc::init()?;
        /// let mut ts = Ts::new(&petsc.self_comm())?;
        /// ts.set_type(TsType::Beuler)?;
        /// assert!(ts.is_implicit()?);
        /// ts.set_type(TsType::Rk)?;
        /// assert!(!ts.is_implicit()?);
        /// # Ok::<(), petsc::Error>(())
        /// ```
        #[cfg(petsc_3_26)]
        pub fn is_implicit(&self) -> bool = TSIsImplicit as "TSIsImplicit";
    ];

    /// Declares the form of the equations (`TSSetEquationType`).
    #[doc(alias = "TSSetEquationType")]
    pub fn set_equation_type(&mut self, ty: TsEquationType) -> Result<()> {
        // SAFETY: live integrator; the code is one of PETSc's.
        check(unsafe { sys::TSSetEquationType(self.ptr, sys::TSEquationType(ty.code())) })
    }

    crate::methods![for Ts;
        /// Sets the current (initial) time (`TSSetTime`).
        /// A time that is NaN or infinite is refused.
        pub fn set_time(&mut self, t: Real where t.is_finite()) = TSSetTime as "TSSetTime";
    ];

    crate::methods![for Ts;
        /// The current time (`TSGetTime`); after [`solve`](Self::solve), the time reached.
        pub fn time(&self) -> Real = TSGetTime as "TSGetTime";
    ];

    /// Sets the (initial) time step (`TSSetTimeStep`). A step that is not positive and
    /// finite is refused before PETSc is called.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut ts = petsc::Ts::new(&petsc.self_comm())?;
    /// ts.set_time_step(0.25)?;
    /// assert_eq!(ts.time_step()?, 0.25);
    /// assert!(ts.set_time_step(0.0).is_err());
    /// assert!(ts.set_time_step(-1.0).is_err());
    /// assert_eq!(ts.time_step()?, 0.25);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "TSSetTimeStep")]
    pub fn set_time_step(&mut self, dt: Real) -> Result<()> {
        check_step("Ts::set_time_step", dt)?;
        // SAFETY: live integrator.
        check(unsafe { sys::TSSetTimeStep(self.ptr, dt) })
    }

    crate::methods![for Ts;
        /// The current time step (`TSGetTimeStep`): after a solve with adaptivity, the step
        /// the controller proposes next.
        pub fn time_step(&self) -> Real = TSGetTimeStep as "TSGetTimeStep";
    ];

    /// Sets the time to integrate to (`TSSetMaxTime`); see
    /// [`set_exact_final_time`](Self::set_exact_final_time) for how the last step ends.
    /// `+inf` means no limit (the step count ends the solve); NaN and `-inf` are refused.
    #[doc(alias = "TSSetMaxTime")]
    pub fn set_max_time(&mut self, t: Real) -> Result<()> {
        if t.is_nan() || t == Real::NEG_INFINITY {
            return Err(Error::invalid(
                "Ts::set_max_time",
                format!("the maximum time is {t}; it must be a number above -inf"),
            ));
        }
        // SAFETY: live integrator.
        check(unsafe { sys::TSSetMaxTime(self.ptr, t) })
    }

    crate::methods![for Ts;
        /// The time to integrate to (`TSGetMaxTime`).
        pub fn max_time(&self) -> Real = TSGetMaxTime as "TSGetMaxTime";
    ];

    /// Sets the maximum number of steps (`TSSetMaxSteps`); reaching it ends the solve
    /// with [`TsConvergedReason::ConvergedIts`].
    ///
    /// PETSc refuses a negative number, except (from PETSc 3.22) `-1`
    /// (`PETSC_DETERMINE`), which restores the default.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut ts = petsc::Ts::new(&petsc.self_comm())?;
    /// ts.set_max_steps(7)?;
    /// assert_eq!(ts.max_steps()?, 7);
    /// assert!(ts.set_max_steps(-2).is_err());
    /// assert_eq!(ts.max_steps()?, 7);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "TSSetMaxSteps")]
    pub fn set_max_steps(&mut self, n: Int) -> Result<()> {
        // SAFETY: live integrator; PETSc checks the number.
        check(unsafe { sys::TSSetMaxSteps(self.ptr, n) })
    }

    crate::methods![for Ts;
        /// The maximum number of steps (`TSGetMaxSteps`).
        pub fn max_steps(&self) -> Int = TSGetMaxSteps as "TSGetMaxSteps";

        /// How the last step meets the maximum time (`TSSetExactFinalTime`).
        pub fn set_exact_final_time(&mut self, how: ExactFinalTime)
            = TSSetExactFinalTime as "TSSetExactFinalTime";

        /// The number of steps taken (`TSGetStepNumber`); solves continue counting from it.
        pub fn step_number(&self) -> Int = TSGetStepNumber as "TSGetStepNumber";
    ];

    /// Sets the step count (`TSSetStepNumber`), for example back to 0 together with
    /// [`set_time`](Self::set_time) to integrate again from the start.
    #[doc(alias = "TSSetStepNumber")]
    pub fn set_step_number(&mut self, n: Int) -> Result<()> {
        // SAFETY: live integrator; PETSc checks the value (a negative one is an `Err`).
        check(unsafe { sys::TSSetStepNumber(self.ptr, n) })
    }

    crate::methods![for Ts;
        /// Sets up the integrator now (`TSSetUp`); `solve` does it otherwise.
        pub fn set_up(&mut self) = TSSetUp as "TSSetUp";
    ];

    /// Integrates from the current time and `u` until the maximum time or number of
    /// steps; `u` holds the solution on return (`TSSolve`). Returns why the
    /// integration stopped (as [`converged_reason`](Self::converged_reason) does
    /// afterwards): reaching the final time or the maximum number of steps converged.
    ///
    /// A time step that is not positive and finite (`-ts_dt 0`) is refused before
    /// PETSc is called. Stopping early (too many rejected steps, failed nonlinear
    /// solves) is not an error: the reason says it, and is `#[must_use]`.
    /// `ts.solve(&mut u)?.check()?` turns a diverged one into
    /// [`Error::NotConverged`](crate::Error::NotConverged). An `Err` or a panic in any closure
    /// (functions, Jacobians, monitors, post-step) ends the solve and is returned here;
    /// the process, and this integrator, stay usable: reset the time and step number
    /// and solve again.
    #[doc(alias = "TSSolve")]
    pub fn solve(&mut self, u: &mut Vector) -> Result<TsConvergedReason> {
        let local = (|| {
            if u.is_lent() {
                let mut kept: sys::Vec = std::ptr::null_mut();
                // SAFETY: live integrator; PETSc returns its solution (borrowed, or null).
                check(unsafe { sys::TSGetSolution(self.ptr, &mut kept) })?;
                if kept.is_null() || kept == u.ptr {
                    // With no solution of its own, the integrator adopts `u` and keeps it.
                    return Err(Error::lent(
                        "Ts::solve (as the solution it keeps)",
                        "Vector",
                    ));
                }
            }
            check_step("Ts::solve", self.time_step()?)?;
            Vector::accessible("Ts::solve", &[], &[&*u])
        })();
        // A view of `u` alive on some ranks only fails there only.
        crate::object::Object::comm(self).agree("Ts::solve", local)?;
        let mut snes: sys::SNES = std::ptr::null_mut();
        // SAFETY: live integrator; one output (its SNES, borrowed, or null).
        check(unsafe { sys::petscrs_TSGetSNESIfAny(self.ptr, &mut snes) })?;
        if !snes.is_null() {
            // SAFETY: the integrator's live SNES; the handle takes its own reference.
            unsafe { Snes::from_raw_child(&self.petsc, snes, self.ptr as sys::PetscObject) }?
                .check_fd_coloring("Ts::solve")?;
        }
        // A memory trajectory's checkpoint stack is sized by the first run that set it
        // up, and a longer run wrote past it: a new run (from step 0) gets a new one.
        // SAFETY: live integrator.
        check(unsafe { sys::petscrs_TSRenewMemoryTrajectory(self.ptr) })?;
        // SAFETY: live integrator and vector; PETSc keeps a reference to `u` as its
        // solution.
        let r = check(unsafe { sys::TSSolve(self.ptr, u.raw_write("Ts::solve")?) });
        if r.is_err() {
            self.unwind_failed_solve();
        }
        r?;
        self.record_forward_end()?;
        self.converged_reason()
    }

    /// Balances what an aborted solve left open, so the integrator can solve again: the
    /// read locks left on its solution (PETSc 3.22 on; see
    /// [`release_read_locks`](crate::error::release_read_locks)), and what its inner
    /// nonlinear solver left open (see [`unwind_failed_snes`]).
    pub(super) fn unwind_failed_solve(&mut self) {
        let mut u: sys::Vec = std::ptr::null_mut();
        // SAFETY: live integrator; PETSc returns its solution (borrowed, or null).
        if check(unsafe { sys::TSGetSolution(self.ptr, &mut u) }).is_ok() {
            // SAFETY: null or the integrator's live solution.
            unsafe { crate::error::release_read_locks(u) };
        }
        let mut snes: sys::SNES = std::ptr::null_mut();
        // SAFETY: live integrator; PETSc returns its SNES (borrowed).
        if check(unsafe { sys::TSGetSNES(self.ptr, &mut snes) }).is_err() || snes.is_null() {
            return;
        }
        // SAFETY: the integrator's live SNES.
        unsafe { unwind_failed_snes(snes) };
    }

    crate::methods![for Ts;
        /// Why the last solve stopped (`TSGetConvergedReason`).
        pub fn converged_reason(&self) -> TsConvergedReason
            = TSGetConvergedReason as "TSGetConvergedReason";
    ];

    /// The inner nonlinear solver of implicit methods (`TSGetSNES`), as a handle holding
    /// its own reference and one to this integrator (the SNES calls back into it, so it
    /// lives while the handle does); changes made through it apply to this integrator.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let ts = petsc::Ts::new(&petsc.self_comm())?;
    /// let mut snes = ts.snes()?;
    /// snes.set_type(petsc::SnesType::Newtontr)?;
    /// assert_eq!(ts.snes()?.ty()?, Some(petsc::SnesType::Newtontr));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "TSGetSNES")]
    pub fn snes(&self) -> Result<Snes> {
        let mut snes: sys::SNES = std::ptr::null_mut();
        // SAFETY: live integrator; PETSc returns its SNES (creating it if needed).
        check(unsafe { sys::TSGetSNES(self.ptr, &mut snes) })?;
        // SAFETY: `snes` and the integrator are live; the handle takes a reference to
        // each (the SNES calls back into the TS, which must outlive it).
        unsafe { Snes::from_raw_child(&self.petsc, snes, self.ptr as sys::PetscObject) }
    }

    /// The inner linear solver of implicit methods (the [`snes`](Self::snes)'s KSP), as
    /// a handle holding its own reference. Unlike C's `TSGetKSP` this also works for
    /// nonlinear problems.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let ts = petsc::Ts::new(&petsc.self_comm())?;
    /// ts.ksp()?.set_type(petsc::KspType::Cg)?;
    /// assert_eq!(ts.snes()?.ksp()?.ty()?, Some(petsc::KspType::Cg));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "TSGetKSP")]
    pub fn ksp(&self) -> Result<Ksp> {
        self.snes()?.ksp()
    }

    /// A new integrator made as this one (`TSClone`): its type, time, step, limits and
    /// tolerances, sharing its DM (so the closures of
    /// [`set_rhs_function`](Self::set_rhs_function) and the others, kept with the DM's
    /// TS context, serve both and live while either does), its adaptor and trajectory.
    /// Monitors and the solution are not carried over. Unlike C's `TSClone`, the clone
    /// gets a nonlinear solver of its own (with the same options prefix): PETSc's shared
    /// one calls back into the integrator made last, which could be gone. (`clone()`,
    /// from [`Clone`], is a second handle to this same integrator instead.)
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut ts = petsc::Ts::new(&c)?;
    /// ts.set_type(petsc::TsType::Euler)?;
    /// ts.set_rhs_function(None, |_t, _u, f| f.set(3.0))?;
    /// let mut other = ts.clone_ts()?;
    /// drop(ts);
    /// let u = petsc::Vector::from_slice(&c, &[0.0])?;
    /// let mut f = u.duplicate()?;
    /// other.compute_rhs_function(0.0, &u, &mut f)?;
    /// assert_eq!(f.view()?[0], 3.0);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "TSClone")]
    pub fn clone_ts(&self) -> Result<Ts> {
        let mut t: sys::TS = std::ptr::null_mut();
        // SAFETY: live integrator; PETSc writes the new one.
        check(unsafe { sys::TSClone(self.ptr, &mut t) })?;
        let clone = Ts::from_raw(&self.petsc, t);
        // TSClone's shared nonlinear solver would call back into whichever of the two
        // was made last, after it is gone too.
        // SAFETY: both live.
        check(unsafe { sys::petscrs_TSCloneOwnSNES(self.ptr, t) })?;
        Ok(clone)
    }

    /// Keeps `ctx` with the integrator as its application context (petsc4py's
    /// `setAppCtx`), replacing the one kept before: a Rust value, dropped with the
    /// integrator or when replaced, seen through every handle to it. It is
    /// [`compose_value`](crate::Object::compose_value) under the name `"__appctx__"`;
    /// read it with [`app_ctx`](Self::app_ctx). (C's `TSSetApplicationContext` holds a
    /// raw pointer, which safe Rust cannot give.)
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut ts = petsc::Ts::new(&petsc.self_comm())?;
    /// assert_eq!(ts.app_ctx::<u32>()?, None);
    /// ts.set_app_ctx(7u32)?;
    /// assert_eq!(ts.app_ctx::<u32>()?, Some(7));
    /// assert!(ts.app_ctx::<String>().is_err()); // not a String
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "TSSetApplicationContext")]
    pub fn set_app_ctx<T: 'static>(&mut self, ctx: T) -> Result<()> {
        crate::object::Object::compose_value(self, APP_CTX, ctx)
    }

    /// A copy of the application context of [`set_app_ctx`](Self::set_app_ctx)
    /// (petsc4py's `getAppCtx`): `None` if none is kept, an `Err` if it is not a `T`.
    #[doc(alias = "TSGetApplicationContext")]
    pub fn app_ctx<T: Clone + 'static>(&self) -> Result<Option<T>> {
        crate::object::Object::query_value(self, APP_CTX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The names match PETSc's own `TSConvergedReasons` table (indexed by the code).
    #[test]
    fn reason_names_match_petsc() {
        for &(r, code, name) in REASONS {
            // SAFETY: TSConvergedReasons points into a static table of C strings,
            // shifted so that it is indexed by the code; codes -4..=6 are inside it.
            let petsc =
                unsafe { std::ffi::CStr::from_ptr(*sys::TSConvergedReasons.offset(code as isize)) };
            if code == 6 && !cfg!(petsc_3_26) {
                // PETSc's table repeated CONVERGED_PSEUDO_FATOL for code 6 until 3.25.4
                // fixed it (the cfgs do not see patch releases).
                let fixed = cfg!(petsc_3_25) && petsc.to_str().unwrap() == name;
                assert!(fixed || petsc.to_str().unwrap() == "CONVERGED_PSEUDO_FATOL");
                continue;
            }
            assert_eq!(petsc.to_str().unwrap(), name, "{r:?}");
            assert_eq!(TsConvergedReason::from_raw(code), r);
            assert_eq!(r.code(), code);
        }
    }

    #[test]
    fn type_names_round_trip() {
        for n in TsType::NAMES {
            let t = TsType::from_name(n);
            assert!(!matches!(t, TsType::Other(_)), "{n}");
            assert_eq!(t.as_str(), *n);
        }
        let c = |b: &[u8]| {
            std::ffi::CStr::from_bytes_with_nul(b)
                .unwrap()
                .to_str()
                .unwrap()
                .to_owned()
        };
        assert_eq!(TsType::Euler.as_str(), c(sys::TSEULER));
        assert_eq!(TsType::Beuler.as_str(), c(sys::TSBEULER));
        assert_eq!(TsType::Cn.as_str(), c(sys::TSCN));
        assert_eq!(TsType::Rk.as_str(), c(sys::TSRK));
        assert_eq!(TsType::Bdf.as_str(), c(sys::TSBDF));
        assert_eq!(TsType::Arkimex.as_str(), c(sys::TSARKIMEX));
        assert_eq!(TsType::Basicsymplectic.as_str(), c(sys::TSBASICSYMPLECTIC));
        assert_eq!(TsType::Irk.as_str(), c(sys::TSIRK));
    }

    #[test]
    fn equation_type_codes_match_petsc() {
        use sys::TSEquationType as E;
        for (t, raw) in [
            (TsEquationType::Unspecified, E::TS_EQ_UNSPECIFIED),
            (TsEquationType::Explicit, E::TS_EQ_EXPLICIT),
            (TsEquationType::OdeExplicit, E::TS_EQ_ODE_EXPLICIT),
            (
                TsEquationType::DaeSemiExplicitIndexHi,
                E::TS_EQ_DAE_SEMI_EXPLICIT_INDEXHI,
            ),
            (TsEquationType::Implicit, E::TS_EQ_IMPLICIT),
            (TsEquationType::OdeImplicit, E::TS_EQ_ODE_IMPLICIT),
            (
                TsEquationType::DaeImplicitIndexHi,
                E::TS_EQ_DAE_IMPLICIT_INDEXHI,
            ),
        ] {
            assert_eq!(t.code(), raw.0);
        }
    }
}
