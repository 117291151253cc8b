//! Settings of the methods (theta, Runge-Kutta, ARKIMEX, generalized-alpha schemes), the
//! step-size controller, failure limits, and the counters a solve leaves.

use petsc_sys as sys;

use super::{Ts, TsConvergedReason, TsEquationType, TsProblemType};
use crate::error::{Error, Result, check, check_finite, check_tolerance};
use crate::object::default_real;
use crate::scalar::{Int, Real};

/// The tolerances of an integrator's step-size controller on the local error estimate,
/// by name ([`Ts::set_tolerances`], [`Ts::tolerances`]; petsc4py's
/// `setTolerances(rtol=, atol=)`). A field left `None` (the [`Default`]) keeps the
/// integrator's current value.
///
/// ```
/// let t = petsc::TsTolerances { rtol: Some(1e-6), ..Default::default() };
/// assert_eq!((t.atol, t.rtol), (None, Some(1e-6)));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct TsTolerances {
    /// Absolute tolerance (PETSc's default `1e-4`).
    pub atol: Option<Real>,
    /// Relative tolerance (default `1e-4`).
    pub rtol: Option<Real>,
}

impl Ts {
    /// Sets the tolerances of the step-size controller (`TSSetTolerances`), each by name;
    /// a field left `None` keeps PETSc's current value, and per-component tolerances
    /// set by vector stay as they are.
    ///
    /// ```
    /// use petsc::TsTolerances;
    /// let petsc = petsc::Petsc::init()?;
    /// let mut ts = petsc::Ts::new(&petsc.self_comm())?;
    /// ts.set_tolerances(TsTolerances { atol: Some(1e-6), ..Default::default() })?;
    /// assert_eq!(ts.tolerances()?, TsTolerances { atol: Some(1e-6), rtol: Some(1e-4) });
    /// let bad = TsTolerances { rtol: Some(-1.0), ..Default::default() };
    /// assert!(ts.set_tolerances(bad).unwrap_err().to_string().contains("rtol"));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    /// Tolerances that are NaN, infinite or negative are refused (PETSc stores them).
    #[doc(alias = "TSSetTolerances")]
    pub fn set_tolerances(&mut self, t: TsTolerances) -> Result<()> {
        check_tolerance("Ts::set_tolerances", "atol", t.atol)?;
        check_tolerance("Ts::set_tolerances", "rtol", t.rtol)?;
        // SAFETY: live integrator; null vectors keep the per-component tolerances.
        check(unsafe {
            sys::TSSetTolerances(
                self.ptr,
                default_real(t.atol),
                std::ptr::null_mut(),
                default_real(t.rtol),
                std::ptr::null_mut(),
            )
        })
    }

    /// The step-size controller's tolerances (`TSGetTolerances`), every field `Some`.
    #[doc(alias = "TSGetTolerances")]
    pub fn tolerances(&self) -> Result<TsTolerances> {
        let (mut a, mut r): (Real, Real) = (0.0, 0.0);
        // SAFETY: live integrator; null outputs are skipped.
        check(unsafe {
            sys::TSGetTolerances(
                self.ptr,
                &mut a,
                std::ptr::null_mut(),
                &mut r,
                std::ptr::null_mut(),
            )
        })?;
        Ok(TsTolerances {
            atol: Some(a),
            rtol: Some(r),
        })
    }

    /// Sets θ of the theta method (`TSThetaSetTheta`): 1 is backward Euler, 1/2 the
    /// implicit midpoint rule (second order). Call it after setting the type `theta`
    /// (or `cn`, whose θ is 1/2), which refuses θ outside `(0, 1]`; other types ignore
    /// it, whatever the value, as in PETSc.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut ts = petsc::Ts::new(&petsc.self_comm())?;
    /// ts.set_theta(2.0)?; // not a theta method yet: ignored
    /// ts.set_type(petsc::TsType::Theta)?;
    /// ts.set_theta(0.5)?;
    /// assert_eq!(ts.theta()?, 0.5);
    /// assert!(ts.set_theta(2.0).is_err());
    /// assert_eq!(ts.theta()?, 0.5);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "TSThetaSetTheta")]
    pub fn set_theta(&mut self, theta: Real) -> Result<()> {
        // SAFETY: live integrator; `theta` checks the value, other types ignore the call.
        check(unsafe { sys::TSThetaSetTheta(self.ptr, theta) })
    }

    crate::methods![for Ts;
        /// Sets the Runge-Kutta scheme (`TSRKSetType`): `"1fe"`, `"2a"`, `"3"`, `"3bs"`,
        /// `"4"` (classical RK4), `"5f"`, `"5dp"`, `"5bs"`, ... as `-ts_rk_type` takes them.
        /// Call it after setting the type `rk`; other types ignore it.
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut ts = petsc::Ts::new(&petsc.self_comm())?;
        /// ts.set_type(petsc::TsType::Rk)?;
        /// ts.set_rk_type("4")?;
        /// assert!(ts.set_rk_type("nosuch").is_err());
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_rk_type(&mut self, scheme: &str) = TSRKSetType as "TSRKSetType";

        /// Sets the multirate Runge-Kutta scheme (`TSMPRKSetType`): `"2a22"` (the
        /// default; two rates), `"2a23"`, `"2a32"`, `"2a33"` (three rates, with a
        /// `"medium"` split), `"p2"`, `"p3"` (partitioned) as `-ts_mprk_type` takes them.
        /// Call it after setting the type `mprk`; the splits are named with
        /// [`set_rhs_split_is`](Self::set_rhs_split_is).
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut ts = petsc::Ts::new(&petsc.self_comm())?;
        /// ts.set_type(petsc::TsType::Mprk)?;
        /// ts.set_mprk_type("p3")?;
        /// assert_eq!(ts.mprk_type()?, "p3");
        /// assert!(ts.set_mprk_type("nosuch").is_err());
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_mprk_type(&mut self, scheme: &str) = TSMPRKSetType as "TSMPRKSetType";

        /// The multirate scheme (`TSMPRKGetType`); an `Err` unless the type is `mprk`.
        pub fn mprk_type(&self) -> String = TSMPRKGetType as "TSMPRKGetType";
    ];

    /// Sets the step-size controller by PETSc name (`TSAdaptSetType`): `"none"` for
    /// fixed steps, `"basic"`, `"dsp"`, `"cfl"`, ... as `-ts_adapt_type` takes them.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut ts = petsc::Ts::new(&petsc.self_comm())?;
    /// ts.set_adapt_type("none")?;
    /// assert!(ts.set_adapt_type("nosuch").is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "TSAdaptSetType")]
    pub fn set_adapt_type(&mut self, name: &str) -> Result<()> {
        let n = crate::error::c_string("Ts::set_adapt_type", name)?;
        let mut adapt: sys::TSAdapt = std::ptr::null_mut();
        // SAFETY: live integrator; PETSc returns its controller (borrowed).
        check(unsafe { sys::TSGetAdapt(self.ptr, &mut adapt) })?;
        // SAFETY: live controller; PETSc copies the name and refuses unknown types.
        check(unsafe { sys::TSAdaptSetType(adapt, n.as_ptr()) })
    }

    crate::methods![for Ts;
        /// The Runge-Kutta scheme (`TSRKGetType`), as [`set_rk_type`](Self::set_rk_type)
        /// takes it; an `Err` unless the type is `rk`.
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut ts = petsc::Ts::new(&petsc.self_comm())?;
        /// ts.set_type(petsc::TsType::Rk)?;
        /// ts.set_rk_type("5dp")?;
        /// assert_eq!(ts.rk_type()?, "5dp");
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn rk_type(&self) -> String = TSRKGetType as "TSRKGetType";

        /// Sets the ARKIMEX scheme (`TSARKIMEXSetType`): `"1bee"`, `"a2"`, `"l2"`, `"2c"`,
        /// `"2d"`, `"2e"`, `"3"`, `"4"`, `"5"`, ... as `-ts_arkimex_type` takes them. Call it
        /// after setting the type `arkimex`; other types ignore it.
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut ts = petsc::Ts::new(&petsc.self_comm())?;
        /// ts.set_type(petsc::TsType::Arkimex)?;
        /// ts.set_arkimex_type("4")?;
        /// assert_eq!(ts.arkimex_type()?, "4");
        /// assert!(ts.set_arkimex_type("nosuch").is_err());
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_arkimex_type(&mut self, scheme: &str) = TSARKIMEXSetType as "TSARKIMEXSetType";

        /// The ARKIMEX scheme (`TSARKIMEXGetType`); an `Err` unless the type is `arkimex`.
        pub fn arkimex_type(&self) -> String = TSARKIMEXGetType as "TSARKIMEXGetType";

        /// Splits an ARKIMEX solve into fast and slow parts (`TSARKIMEXSetFastSlowSplit`,
        /// PETSc 3.22 on, `-ts_arkimex_fastslowsplit`), for right-hand sides given by
        /// split: the slow part explicit, the fast one implicit. Type `arkimex` only.
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut ts = petsc::Ts::new(&petsc.self_comm())?;
        /// ts.set_type(petsc::TsType::Arkimex)?;
        /// assert!(!ts.arkimex_fast_slow_split()?);
        /// ts.set_arkimex_fast_slow_split(true)?;
        /// assert!(ts.arkimex_fast_slow_split()?);
        /// # Ok::<(), petsc::Error>(())
        /// ```
        #[cfg(petsc_3_22)]
        pub fn set_arkimex_fast_slow_split(&mut self, split: bool)
            = TSARKIMEXSetFastSlowSplit as "TSARKIMEXSetFastSlowSplit";

        /// Whether an ARKIMEX solve is split into fast and slow parts
        /// (`TSARKIMEXGetFastSlowSplit`, PETSc 3.22 on).
        #[cfg(petsc_3_22)]
        pub fn arkimex_fast_slow_split(&self) -> bool
            = TSARKIMEXGetFastSlowSplit as "TSARKIMEXGetFastSlowSplit";

        /// Sets the diagonally implicit Runge-Kutta scheme (`TSDIRKSetType`, PETSc 3.22 on):
        /// `"s212"`, `"es122sal"`, `"es213sal"`, `"es324sal"`, ... as `-ts_dirk_type`
        /// takes them. Call it after setting the type `dirk`.
        ///
        /// ```
        /// use petsc::{Ts, Vector};
        /// let petsc = petsc::Petsc::init()?;
        /// let c = petsc.self_comm();
        /// let mut ts = Ts::new(&c)?;
        /// ts.set_type_name("dirk")?;
        /// ts.set_dirk_type("s212")?;
        /// assert_eq!(ts.dirk_type()?, "s212");
        /// ts.set_rhs_function(None, |t, _u, f| f.set(2.0 * t))?; // u = t^2
        /// ts.set_time_step(0.1)?;
        /// ts.set_max_time(1.0)?;
        /// ts.set_exact_final_time(petsc::ExactFinalTime::Matchstep)?;
        /// let mut u = Vector::from_slice(&c, &[0.0])?;
        /// ts.solve(&mut u)?.check()?;
        /// let err = (u.view()?[0] - 1.0).abs();
        /// // Second order, so exact for t^2 but for the stage solves' tolerance.
        /// assert!(err < 1e-8, "{err}");
        /// assert!(ts.set_dirk_type("nosuch").is_err());
        /// # Ok::<(), petsc::Error>(())
        /// ```
        #[cfg(petsc_3_22)]
        pub fn set_dirk_type(&mut self, scheme: &str) = TSDIRKSetType as "TSDIRKSetType";

        /// The diagonally implicit Runge-Kutta scheme (`TSDIRKGetType`, PETSc 3.22 on);
        /// an `Err` unless the type is `dirk`.
        #[cfg(petsc_3_22)]
        pub fn dirk_type(&self) -> String = TSDIRKGetType as "TSDIRKGetType";
    ];

    /// Sets the order of the BDF method (`TSBDFSetOrder`, `-ts_bdf_order`), from 1 to
    /// 6 (PETSc's default is 2); the first steps of a solve use lower orders until
    /// enough past values exist. Call it after setting the type `bdf`, which refuses
    /// other orders; other types ignore it, whatever the value, as in PETSc.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut ts = petsc::Ts::new(&petsc.self_comm())?;
    /// ts.set_type(petsc::TsType::Bdf)?;
    /// assert_eq!(ts.bdf_order()?, 2);
    /// ts.set_bdf_order(4)?;
    /// assert_eq!(ts.bdf_order()?, 4);
    /// assert!(ts.set_bdf_order(7).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "TSBDFSetOrder")]
    pub fn set_bdf_order(&mut self, order: Int) -> Result<()> {
        // SAFETY: live integrator; `bdf` checks the order, other types ignore the call.
        check(unsafe { sys::TSBDFSetOrder(self.ptr, order) })
    }

    crate::methods![for Ts;
        /// The order of the BDF method (`TSBDFGetOrder`); an `Err` unless the type is
        /// `bdf`.
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut ts = petsc::Ts::new(&petsc.self_comm())?;
        /// ts.set_type(petsc::TsType::Bdf)?;
        /// ts.set_bdf_order(3)?;
        /// assert_eq!(ts.bdf_order()?, 3);
        /// ts.set_type(petsc::TsType::Beuler)?;
        /// assert!(ts.bdf_order().is_err());
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn bdf_order(&self) -> Int = TSBDFGetOrder as "TSBDFGetOrder";
    ];

    crate::methods![for Ts;
        /// Sets the scheme of the general linear method with error estimation
        /// (`TSGLEESetType`, `-ts_glee_type`): `"BE1"`, `"23"`, `"24"`, `"25i"`, `"35"`
        /// (PETSc's default), `"exrk2a"`, `"rk32g1"`, `"rk285ex"`. Call it after setting the
        /// type `glee`; other types ignore it.
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut ts = petsc::Ts::new(&petsc.self_comm())?;
        /// ts.set_type(petsc::TsType::Glee)?;
        /// ts.set_glee_type("rk285ex")?;
        /// assert_eq!(ts.glee_type()?, "rk285ex");
        /// assert!(ts.set_glee_type("nosuch").is_err());
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_glee_type(&mut self, scheme: &str) = TSGLEESetType as "TSGLEESetType";

        /// The GLEE scheme (`TSGLEEGetType`), as [`set_glee_type`](Self::set_glee_type)
        /// takes it; an `Err` unless the type is `glee`.
        pub fn glee_type(&self) -> String = TSGLEEGetType as "TSGLEEGetType";
    ];

    /// Sets the radius of the generalized-alpha method (`TSAlphaSetRadius`): the
    /// spectral radius at infinity, in `[0, 1]` (0 damps high frequencies most); it sets
    /// the three parameters of [`alpha_params`](Self::alpha_params). `alpha` refuses a
    /// radius outside `[0, 1]`; other types ignore it, whatever the value, as in PETSc.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut ts = petsc::Ts::new(&petsc.self_comm())?;
    /// ts.set_type(petsc::TsType::Alpha)?;
    /// ts.set_alpha_radius(1.0)?;
    /// // rho = 1: alpha_m = alpha_f = gamma = 1/2 (the trapezoidal rule).
    /// assert_eq!(ts.alpha_params()?, (0.5, 0.5, 0.5));
    /// assert!(ts.set_alpha_radius(1.5).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "TSAlphaSetRadius")]
    pub fn set_alpha_radius(&mut self, radius: Real) -> Result<()> {
        // SAFETY: live integrator; `alpha` checks the radius, other types ignore the call.
        check(unsafe { sys::TSAlphaSetRadius(self.ptr, radius) })
    }

    /// Sets `(alpha_m, alpha_f, gamma)` of the generalized-alpha method
    /// (`TSAlphaSetParams`); types other than `alpha` ignore it. Values that are not
    /// finite are refused.
    #[doc(alias = "TSAlphaSetParams")]
    pub fn set_alpha_params(&mut self, alpha_m: Real, alpha_f: Real, gamma: Real) -> Result<()> {
        const CTX: &str = "Ts::set_alpha_params";
        check_finite(CTX, "alpha_m", alpha_m)?;
        check_finite(CTX, "alpha_f", alpha_f)?;
        check_finite(CTX, "gamma", gamma)?;
        // SAFETY: live integrator; values checked above.
        check(unsafe { sys::TSAlphaSetParams(self.ptr, alpha_m, alpha_f, gamma) })
    }

    /// `(alpha_m, alpha_f, gamma)` of the generalized-alpha method (`TSAlphaGetParams`);
    /// an `Err` unless the type is `alpha`.
    #[doc(alias = "TSAlphaGetParams")]
    pub fn alpha_params(&self) -> Result<(Real, Real, Real)> {
        let (mut m, mut f, mut g): (Real, Real, Real) = (0.0, 0.0, 0.0);
        // SAFETY: live integrator; PETSc writes the values or refuses other types.
        check(unsafe { sys::TSAlphaGetParams(self.ptr, &mut m, &mut f, &mut g) })?;
        Ok((m, f, g))
    }

    crate::methods![for Ts;
        /// The step-size controller (borrowed from the integrator).
        pub(super) fn adapt(&self) -> sys::TSAdapt = TSGetAdapt as "TSGetAdapt";
    ];

    /// Sets the smallest and largest step the step-size controller may take
    /// (`TSAdaptSetStepLimits`, as petsc4py's `setStepLimits`; `-ts_adapt_dt_min`,
    /// `-ts_adapt_dt_max`). As PETSc checks them: `0 <= hmin < hmax` (`hmax` may be
    /// infinite), or an `Err`; PETSc's `PETSC_DEFAULT` (-2) keeps the current value.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut ts = petsc::Ts::new(&petsc.self_comm())?;
    /// ts.set_step_limits(1e-6, 0.5)?;
    /// assert_eq!(ts.step_limits()?, (1e-6, 0.5));
    /// assert!(ts.set_step_limits(1.0, 0.5).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "TSAdaptSetStepLimits")]
    pub fn set_step_limits(&mut self, hmin: Real, hmax: Real) -> Result<()> {
        let adapt = self.adapt()?;
        let (lo, hi) = self.step_limits()?;
        // SAFETY: live controller; PETSc checks the values (PETSC_DEFAULT keeps one).
        let r = check(unsafe { sys::TSAdaptSetStepLimits(adapt, hmin, hmax) });
        if r.is_err() {
            // PETSc stores the limits before it compares them: the old ones come back.
            // SAFETY: live controller; the limits it had.
            check(unsafe { sys::TSAdaptSetStepLimits(adapt, lo, hi) })?;
        }
        r
    }

    /// `(hmin, hmax)` of the step-size controller (`TSAdaptGetStepLimits`).
    #[doc(alias = "TSAdaptGetStepLimits")]
    pub fn step_limits(&self) -> Result<(Real, Real)> {
        let (mut lo, mut hi): (Real, Real) = (0.0, 0.0);
        // SAFETY: live controller; PETSc writes the values.
        check(unsafe { sys::TSAdaptGetStepLimits(self.adapt()?, &mut lo, &mut hi) })?;
        Ok((lo, hi))
    }

    /// Sets how many rejected steps end a solve with
    /// [`TsConvergedReason::DivergedStepRejected`] (`TSSetMaxStepRejections`); `-1`
    /// means no limit. Below -1 is refused.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut ts = petsc::Ts::new(&petsc.self_comm())?;
    /// ts.set_max_step_rejections(3)?;
    /// ts.set_max_snes_failures(-1)?;
    /// assert!(ts.set_max_step_rejections(-5).is_err());
    /// assert_eq!(ts.step_rejections()?, 0);
    /// assert_eq!(ts.snes_failures()?, 0);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "TSSetMaxStepRejections")]
    pub fn set_max_step_rejections(&mut self, n: Int) -> Result<()> {
        check_limit("Ts::set_max_step_rejections", n)?;
        // SAFETY: live integrator; value checked above.
        check(unsafe { sys::TSSetMaxStepRejections(self.ptr, n) })
    }

    /// Sets how many failed nonlinear solves end a solve with
    /// [`TsConvergedReason::DivergedNonlinearSolve`] (`TSSetMaxSNESFailures`); `-1`
    /// means no limit. Below -1 is refused.
    #[doc(alias = "TSSetMaxSNESFailures")]
    pub fn set_max_snes_failures(&mut self, n: Int) -> Result<()> {
        check_limit("Ts::set_max_snes_failures", n)?;
        // SAFETY: live integrator; value checked above.
        check(unsafe { sys::TSSetMaxSNESFailures(self.ptr, n) })
    }

    /// Sets why the integration stopped (`TSSetConvergedReason`), for example
    /// [`TsConvergedReason::ConvergedUser`] when a loop of [`step`](Self::step)s ends.
    /// A reason PETSc does not name ([`TsConvergedReason::Unknown`]) is refused.
    ///
    /// ```
    /// use petsc::TsConvergedReason;
    /// let petsc = petsc::Petsc::init()?;
    /// let mut ts = petsc::Ts::new(&petsc.self_comm())?;
    /// ts.set_converged_reason(TsConvergedReason::ConvergedUser)?;
    /// assert_eq!(ts.converged_reason()?, TsConvergedReason::ConvergedUser);
    /// assert!(ts.set_converged_reason(TsConvergedReason::Unknown(9)).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "TSSetConvergedReason")]
    pub fn set_converged_reason(&mut self, reason: TsConvergedReason) -> Result<()> {
        if let TsConvergedReason::Unknown(c) = reason {
            return Err(Error::invalid(
                "Ts::set_converged_reason",
                format!("{c} is not a reason PETSc names"),
            ));
        }
        // SAFETY: live integrator; the code is one of PETSc's.
        check(unsafe { sys::TSSetConvergedReason(self.ptr, sys::TSConvergedReason(reason.code())) })
    }

    crate::methods![for Ts;
        /// Whether the problem is declared linear or nonlinear (`TSGetProblemType`).
        ///
        /// ```
        /// use petsc::TsProblemType;
        /// let petsc = petsc::Petsc::init()?;
        /// let mut ts = petsc::Ts::new(&petsc.self_comm())?;
        /// assert_eq!(ts.problem_type()?, TsProblemType::Nonlinear);
        /// ts.set_problem_type(TsProblemType::Linear)?;
        /// assert_eq!(ts.problem_type()?, TsProblemType::Linear);
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn problem_type(&self) -> TsProblemType = TSGetProblemType as "TSGetProblemType";
    ];

    /// The declared form of the equations (`TSGetEquationType`).
    ///
    /// ```
    /// use petsc::TsEquationType;
    /// let petsc = petsc::Petsc::init()?;
    /// let mut ts = petsc::Ts::new(&petsc.self_comm())?;
    /// assert_eq!(ts.equation_type()?, TsEquationType::Unspecified);
    /// ts.set_equation_type(TsEquationType::OdeExplicit)?;
    /// assert_eq!(ts.equation_type()?, TsEquationType::OdeExplicit);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "TSGetEquationType")]
    pub fn equation_type(&self) -> Result<TsEquationType> {
        let mut t = sys::TSEquationType(-1);
        // SAFETY: live integrator; PETSc writes the value.
        check(unsafe { sys::TSGetEquationType(self.ptr, &mut t) })?;
        TsEquationType::from_code(t.0).ok_or_else(|| {
            Error::invalid(
                "Ts::equation_type",
                format!("PETSc returned the unknown equation type {}", t.0),
            )
        })
    }
}

/// Refuses a failure limit below -1 (-1: no limit).
fn check_limit(context: &str, n: Int) -> Result<()> {
    if n < -1 {
        return Err(Error::invalid(
            context,
            format!("the limit is {n}; it must be -1 (no limit) or more"),
        ));
    }
    Ok(())
}

impl Ts {
    crate::methods![for Ts;
        /// θ of the theta method (`TSThetaGetTheta`); an `Err` unless the type is `theta`
        /// or `cn`.
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut ts = petsc::Ts::new(&petsc.self_comm())?;
        /// ts.set_type(petsc::TsType::Theta)?;
        /// ts.set_theta(0.75)?;
        /// assert_eq!(ts.theta()?, 0.75);
        /// assert!(!ts.theta_endpoint()?);
        /// ts.set_theta_endpoint(true)?;
        /// assert!(ts.theta_endpoint()?);
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn theta(&self) -> Real = TSThetaGetTheta as "TSThetaGetTheta";

        /// Whether the theta method uses the end-point form (`TSThetaGetEndpoint`), as `cn`
        /// does; an `Err` unless the type is `theta` or `cn`.
        pub fn theta_endpoint(&self) -> bool = TSThetaGetEndpoint as "TSThetaGetEndpoint";

        /// Chooses the end-point form of the theta method (`TSThetaSetEndpoint`):
        /// `u_{n+1} = u_n + dt (θ G(t_{n+1}, u_{n+1}) + (1 - θ) G(t_n, u_n))` instead of the
        /// midpoint form. Other types ignore it.
        pub fn set_theta_endpoint(&mut self, flag: bool) = TSThetaSetEndpoint as "TSThetaSetEndpoint";

        /// Makes an ARKIMEX method treat the whole problem implicitly, the right-hand side
        /// included (`TSARKIMEXSetFullyImplicit`); other types ignore it.
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut ts = petsc::Ts::new(&petsc.self_comm())?;
        /// ts.set_type(petsc::TsType::Arkimex)?;
        /// ts.set_arkimex_fully_implicit(true)?;
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_arkimex_fully_implicit(&mut self, flag: bool)
            = TSARKIMEXSetFullyImplicit as "TSARKIMEXSetFullyImplicit";

        /// Whether a failed step (too many rejections or nonlinear solve failures) is an
        /// error (`TSSetErrorIfStepFails`): with `true` the solve returns `Err` instead of
        /// stopping with a diverged [`converged_reason`](Ts::converged_reason).
        pub fn set_error_if_step_fails(&mut self, flag: bool)
            = TSSetErrorIfStepFails as "TSSetErrorIfStepFails";

        /// How many steps were rejected in the last solve (`TSGetStepRejections`).
        pub fn step_rejections(&self) -> Int = TSGetStepRejections as "TSGetStepRejections";

        /// How many nonlinear solves failed in the last solve (`TSGetSNESFailures`).
        pub fn snes_failures(&self) -> Int = TSGetSNESFailures as "TSGetSNESFailures";

        /// The total number of nonlinear iterations of the last solve
        /// (`TSGetSNESIterations`).
        pub fn snes_iterations(&self) -> Int = TSGetSNESIterations as "TSGetSNESIterations";

        /// The total number of linear iterations of the last solve (`TSGetKSPIterations`).
        pub fn ksp_iterations(&self) -> Int = TSGetKSPIterations as "TSGetKSPIterations";

        /// The time at the start of the last step (`TSGetPrevTime`).
        pub fn prev_time(&self) -> Real = TSGetPrevTime as "TSGetPrevTime";

        /// The time the last solve reached (`TSGetSolveTime`): with
        /// [`ExactFinalTime::Interpolate`](crate::ExactFinalTime::Interpolate), the maximum
        /// time the solution was interpolated to.
        pub fn solve_time(&self) -> Real = TSGetSolveTime as "TSGetSolveTime";
    ];
}
