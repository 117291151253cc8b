//! Settings and queries of a [`Tao`]: iteration counters, trust-region radius,
//! constraint tolerances, the converged reason, the gradient norm matrix, and the
//! vectors and matrices the solver holds (its gradient and Hessian).

use petsc_sys as sys;

use super::{Tao, TaoConvergedReason, is_true, mat_sizes, vec_sizes};
use crate::error::{Error, Result, check};
use crate::mat::Mat;
use crate::scalar::{Int, Real};
use crate::vec::Vector;

#[cfg(petsc_3_22)]
crate::c_enum! {
    /// The update of the bound-constrained nonlinear conjugate gradient method
    /// (`TaoBNCGType`, PETSc 3.22 on, `-tao_bncg_type`).
    #[doc(alias = "TaoBNCGType")]
    #[non_exhaustive]
    pub TaoBncgType: sys::TaoBNCGType {
        Gd = TAO_BNCG_GD "gradient descent, no conjugate gradient update.",
        Pcgd = TAO_BNCG_PCGD "preconditioned (scaled) gradient descent.",
        Hs = TAO_BNCG_HS "Hestenes-Stiefel.",
        Fr = TAO_BNCG_FR "Fletcher-Reeves.",
        Prp = TAO_BNCG_PRP "Polak-Ribiere-Polyak.",
        PrpPlus = TAO_BNCG_PRP_PLUS "Polak-Ribiere-Polyak plus.",
        Dy = TAO_BNCG_DY "Dai-Yuan.",
        Hz = TAO_BNCG_HZ "Hager-Zhang (CG_DESCENT 5.3).",
        Dk = TAO_BNCG_DK "Dai-Kou (2013).",
        Kd = TAO_BNCG_KD "Kou-Dai (2015).",
        SsmlBfgs = TAO_BNCG_SSML_BFGS "self-scaling memoryless BFGS (Perry-Shanno).",
        SsmlDfp = TAO_BNCG_SSML_DFP "self-scaling memoryless DFP.",
        SsmlBrdn = TAO_BNCG_SSML_BRDN "self-scaling memoryless (symmetric) Broyden.",
    }
}

#[cfg(petsc_3_22)]
impl Tao {
    crate::methods![for Tao;
        /// Sets the conjugate gradient update of `bncg` (`TaoBNCGSetType`, PETSc 3.22 on);
        /// other types are an `Err` from PETSc.
        ///
        /// ```
        /// use petsc::TaoBncgType;
        /// let petsc = petsc::Petsc::init()?;
        /// let mut tao = petsc::Tao::new(&petsc.self_comm())?;
        /// tao.set_type_name("bncg")?;
        /// tao.set_bncg_type(TaoBncgType::Prp)?;
        /// assert_eq!(tao.bncg_type()?, TaoBncgType::Prp);
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_bncg_type(&mut self, ty: TaoBncgType) = TaoBNCGSetType as "TaoBNCGSetType";

        /// The conjugate gradient update of `bncg` (`TaoBNCGGetType`, PETSc 3.22 on).
        pub fn bncg_type(&self) -> TaoBncgType = TaoBNCGGetType as "TaoBNCGGetType";
    ];
}

impl Tao {
    crate::methods![for Tao;
        /// Sets the initial trust-region radius of the trust-region methods (`ntr`, `tron`,
        /// `bntr`, `pounders`, ...) (`TaoSetInitialTrustRegionRadius`). A negative or
        /// non-finite radius is refused.
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut tao = petsc::Tao::new(&petsc.self_comm())?;
        /// tao.set_type(petsc::TaoType::Ntr)?;
        /// tao.set_initial_trust_region_radius(0.25)?;
        /// assert_eq!(tao.initial_trust_region_radius()?, 0.25);
        /// assert!(tao.set_initial_trust_region_radius(-1.0).is_err());
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_initial_trust_region_radius(&mut self, radius: Real where radius.is_finite() && radius >= 0.0)
            = TaoSetInitialTrustRegionRadius as "TaoSetInitialTrustRegionRadius";
    ];

    crate::methods![for Tao;
        /// The initial trust-region radius (`TaoGetInitialTrustRegionRadius`).
        pub fn initial_trust_region_radius(&self) -> Real
            = TaoGetInitialTrustRegionRadius as "TaoGetInitialTrustRegionRadius";

        /// The current trust-region radius of a trust-region method, as the last solve left
        /// it (`TaoGetCurrentTrustRegionRadius`).
        pub fn trust_region_radius(&self) -> Real
            = TaoGetCurrentTrustRegionRadius as "TaoGetCurrentTrustRegionRadius";
    ];

    crate::methods![for Tao;
        /// Sets the constraint tolerances of constrained methods (`almm`, `pdipm`, `ipm`,
        /// ...) (`TaoSetConstraintTolerances`): the solve converges only once the norm of
        /// the constraint violation is below `catol`, or below `crtol` times its initial
        /// value. `None` keeps the current value; a negative or non-finite value is refused.
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut tao = petsc::Tao::new(&petsc.self_comm())?;
        /// tao.set_constraint_tolerances(Some(1e-9), None)?;
        /// assert_eq!(tao.constraint_tolerances()?.0, 1e-9);
        /// assert!(tao.set_constraint_tolerances(Some(f64::NAN), None).is_err());
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_constraint_tolerances(
            &mut self,
            catol: Option<Real> where catol.is_none_or(|v| v >= 0.0),
            crtol: Option<Real> where crtol.is_none_or(|v| v >= 0.0),
        ) = TaoSetConstraintTolerances as "TaoSetConstraintTolerances";
    ];

    /// `(catol, crtol)` (`TaoGetConstraintTolerances`).
    #[doc(alias = "TaoGetConstraintTolerances")]
    pub fn constraint_tolerances(&self) -> Result<(Real, Real)> {
        let (mut a, mut r): (Real, Real) = (0.0, 0.0);
        // SAFETY: live solver; two outputs.
        check(unsafe { sys::TaoGetConstraintTolerances(self.ptr, &mut a, &mut r) })?;
        Ok((a, r))
    }

    crate::methods![for Tao;
        /// The bound set by [`set_function_lower_bound`](Self::set_function_lower_bound)
        /// (`TaoGetFunctionLowerBound`).
        pub fn function_lower_bound(&self) -> Real
            = TaoGetFunctionLowerBound as "TaoGetFunctionLowerBound";
    ];

    crate::methods![for Tao;
        /// Sets the current iteration number (`TaoSetIterationNumber`), as a method that
        /// restarts would; negative numbers are refused.
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut tao = petsc::Tao::new(&petsc.self_comm())?;
        /// tao.set_iteration_number(7)?;
        /// assert_eq!(tao.iteration_number()?, 7);
        /// tao.set_total_iteration_number(40)?;
        /// assert_eq!(tao.total_iteration_number()?, 40);
        /// assert!(tao.set_iteration_number(-1).is_err());
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_iteration_number(&mut self, iter: Int where iter >= 0)
            = TaoSetIterationNumber as "TaoSetIterationNumber";
    ];

    crate::methods![for Tao;
        /// The number of iterations over every solve of this solver
        /// (`TaoGetTotalIterationNumber`).
        pub fn total_iteration_number(&self) -> Int
            = TaoGetTotalIterationNumber as "TaoGetTotalIterationNumber";
    ];

    crate::methods![for Tao;
        /// Sets the count [`total_iteration_number`](Self::total_iteration_number) returns
        /// (`TaoSetTotalIterationNumber`); negative numbers are refused.
        pub fn set_total_iteration_number(&mut self, iter: Int where iter >= 0)
            = TaoSetTotalIterationNumber as "TaoSetTotalIterationNumber";
    ];

    /// Sets why the solve stopped (`TaoSetConvergedReason`); a solve in progress stops
    /// at its next test when the reason is not [`TaoConvergedReason::Iterating`]. A code
    /// PETSc does not name ([`TaoConvergedReason::Unknown`]) is refused: PETSc's
    /// viewers index a table of names by it.
    ///
    /// ```
    /// use petsc::TaoConvergedReason;
    /// let petsc = petsc::Petsc::init()?;
    /// let mut tao = petsc::Tao::new(&petsc.self_comm())?;
    /// tao.set_converged_reason(TaoConvergedReason::ConvergedUser)?;
    /// assert_eq!(tao.converged_reason()?, TaoConvergedReason::ConvergedUser);
    /// assert!(tao.set_converged_reason(TaoConvergedReason::Unknown(42)).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "TaoSetConvergedReason")]
    pub fn set_converged_reason(&mut self, reason: TaoConvergedReason) -> Result<()> {
        let code = reason_code("Tao::set_converged_reason", reason)?;
        // SAFETY: live solver; a named code.
        check(unsafe { sys::TaoSetConvergedReason(self.ptr, sys::TaoConvergedReason(code)) })
    }

    /// The objective value at the current iterate (`TaoGetSolutionStatus`'s `f`).
    #[doc(alias = "TaoGetSolutionStatus")]
    pub fn objective_value(&self) -> Result<Real> {
        Ok(self.solution_status()?.f)
    }

    /// The gradient vector the solver holds (`TaoGetGradient`): after a solve, the
    /// gradient at the solution (for most methods). A handle holding its own reference;
    /// `None` before the solver has one (it makes it at set-up).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let x = petsc::Vector::from_slice(&c, &[4.0])?;
    /// let mut tao = petsc::Tao::new(&c)?;
    /// tao.set_type(petsc::TaoType::Lmvm)?;
    /// tao.set_solution(&x)?;
    /// tao.set_objective_and_gradient(|x, g| {
    ///     let v = x.view()?[0];
    ///     g.view_mut()?[0] = 2.0 * (v - 1.0);
    ///     Ok((v - 1.0) * (v - 1.0))
    /// })?;
    /// assert!(tao.gradient()?.is_none());
    /// tao.solve()?.check()?;
    /// let g = tao.gradient()?.unwrap();
    /// assert!(g.view()?[0].abs() < 1e-6);
    /// assert!(tao.objective_value()? < 1e-10);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "TaoGetGradient")]
    pub fn gradient(&self) -> Result<Option<Vector>> {
        let mut g: sys::Vec = std::ptr::null_mut();
        // SAFETY: live solver; PETSc returns its (borrowed) gradient or null; the routine
        // and context are not asked for.
        check(unsafe {
            sys::TaoGetGradient(self.ptr, &mut g, std::ptr::null_mut(), std::ptr::null_mut())
        })?;
        if g.is_null() {
            return Ok(None);
        }
        // SAFETY: the solver holds `g`; the handle takes its own reference.
        unsafe { Vector::from_raw_borrowed(&self.petsc, g) }.map(Some)
    }

    /// The Hessian and, when it is another matrix, the matrix its preconditioner is
    /// built from, as set with [`set_hessian`](Self::set_hessian) (`TaoGetHessian`);
    /// `None` without a Hessian. Handles holding their own references.
    #[doc(alias = "TaoGetHessian")]
    pub fn hessian(&self) -> Result<Option<(Mat, Option<Mat>)>> {
        let (mut h, mut p): (sys::Mat, sys::Mat) = (std::ptr::null_mut(), std::ptr::null_mut());
        // SAFETY: live solver; the routine and context are not asked for.
        check(unsafe {
            sys::TaoGetHessian(
                self.ptr,
                &mut h,
                &mut p,
                std::ptr::null_mut(),
                std::ptr::null_mut(),
            )
        })?;
        if h.is_null() {
            return Ok(None);
        }
        // SAFETY: the solver holds its matrices; each handle takes a reference.
        let hm = unsafe { Mat::from_raw_borrowed(&self.petsc, h) }?;
        let pm = if p.is_null() || p == h {
            None
        } else {
            // SAFETY: as above.
            Some(unsafe { Mat::from_raw_borrowed(&self.petsc, p) }?)
        };
        Ok(Some((hm, pm)))
    }

    /// Measures the gradient in the norm `sqrt(g^T M g)` for the convergence tests
    /// (`TaoSetGradientNorm`); the solver keeps a reference to `m`. `m` must be square
    /// with the solution's layout when a solution is set.
    ///
    /// ```
    /// use petsc::{InsertMode, Mat, Sizes};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut m = Mat::aij(&c).sizes(Sizes::global(2, 2)).preallocate(1, 0).build()?;
    /// m.set_values(&[0], &[0], &[4.0], InsertMode::Insert)?;
    /// m.set_values(&[1], &[1], &[4.0], InsertMode::Insert)?;
    /// m.assemble()?;
    /// let mut tao = petsc::Tao::new(&c)?;
    /// tao.set_solution(&petsc::Vector::from_slice(&c, &[0.0, 0.0])?)?;
    /// assert!(tao.gradient_norm()?.is_none());
    /// tao.set_gradient_norm(&m)?;
    /// assert_eq!(tao.gradient_norm()?.unwrap().size()?, (2, 2));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "TaoSetGradientNorm")]
    pub fn set_gradient_norm(&mut self, m: &Mat) -> Result<()> {
        m.check_loan("Tao::set_gradient_norm")?;
        const KEPT: &str = "Tao::set_gradient_norm";
        let x = self.raw_solution()?;
        if !x.is_null() {
            // SAFETY: the solver holds `x`; `m` is live.
            let (xs, ms) = unsafe { (vec_sizes(x)?, mat_sizes(m.kept_raw(KEPT)?)?) };
            Self::check_square("Tao::set_gradient_norm", "the norm matrix", xs, ms)?;
        }
        // SAFETY: live solver and matrix; PETSc references the matrix.
        check(unsafe { sys::TaoSetGradientNorm(self.ptr, m.kept_raw(KEPT)?) })
    }

    /// The matrix set with [`set_gradient_norm`](Self::set_gradient_norm)
    /// (`TaoGetGradientNorm`), or `None`.
    #[doc(alias = "TaoGetGradientNorm")]
    pub fn gradient_norm(&self) -> Result<Option<Mat>> {
        let mut m: sys::Mat = std::ptr::null_mut();
        // SAFETY: live solver; PETSc returns its (borrowed) matrix or null.
        check(unsafe { sys::TaoGetGradientNorm(self.ptr, &mut m) })?;
        if m.is_null() {
            return Ok(None);
        }
        // SAFETY: the solver holds `m`; the handle takes its own reference.
        unsafe { Mat::from_raw_borrowed(&self.petsc, m) }.map(Some)
    }

    /// Whether the objective, gradient, and objective-and-gradient routines are set
    /// (`TaoIsObjectiveDefined`, `TaoIsGradientDefined`,
    /// `TaoIsObjectiveAndGradientDefined`).
    #[doc(alias = "TaoIsObjectiveDefined")]
    pub fn routines_defined(&self) -> Result<(bool, bool, bool)> {
        let (mut o, mut g, mut b) = (
            sys::PETSC_BOOL_FALSE,
            sys::PETSC_BOOL_FALSE,
            sys::PETSC_BOOL_FALSE,
        );
        // SAFETY: live solver; one output each.
        check(unsafe { sys::TaoIsObjectiveDefined(self.ptr, &mut o) })?;
        // SAFETY: as above.
        check(unsafe { sys::TaoIsGradientDefined(self.ptr, &mut g) })?;
        // SAFETY: as above.
        check(unsafe { sys::TaoIsObjectiveAndGradientDefined(self.ptr, &mut b) })?;
        Ok((is_true(o), is_true(g), is_true(b)))
    }
}

/// PETSc's code for a reason it names; [`TaoConvergedReason::Unknown`] is refused.
pub(super) fn reason_code(context: &str, reason: TaoConvergedReason) -> Result<i32> {
    match reason {
        TaoConvergedReason::Unknown(c) => Err(Error::invalid(
            context,
            format!("{c} is not a TaoConvergedReason PETSc names"),
        )),
        r => Ok(r.code()),
    }
}
