//! Settings of the Krylov iteration: tolerances, the preconditioner's side and the
//! norm of the convergence test, initial guesses, eigenvalue and singular value
//! estimates, and the application context.

use petsc_sys as sys;

use super::Ksp;
use crate::error::{Error, Result, check, check_count, check_tolerance};
use crate::object::Object;
use crate::scalar::{Int, Real};

/// The name [`Ksp::set_app_ctx`] keeps its value under (petsc4py's attribute name).
const APP_CTX: &str = "__appctx__";

/// `PETSC_DEFAULT` for a real argument.
fn default_real(v: Option<Real>) -> Real {
    v.unwrap_or(sys::PETSC_DEFAULT as Real)
}

/// A Krylov solver's convergence tolerances, by name ([`Ksp::set_tolerances`],
/// [`Ksp::tolerances`]; petsc4py's `setTolerances(rtol=, atol=, divtol=, max_it=)`).
/// A field left `None` (the [`Default`]) keeps the solver's current value.
///
/// ```
/// let t = petsc::KspTolerances { rtol: Some(1e-10), ..Default::default() };
/// assert_eq!((t.rtol, t.max_it), (Some(1e-10), None));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct KspTolerances {
    /// Relative decrease of the residual norm (`rtol`, PETSc's default `1e-5`).
    pub rtol: Option<Real>,
    /// Absolute size of the residual norm (`abstol`, default `1e-50`).
    pub atol: Option<Real>,
    /// Growth of the residual norm counted as divergence (`dtol`, above 1; default
    /// `1e4`).
    pub divtol: Option<Real>,
    /// Iteration limit (`maxits`, default `10000`).
    pub max_it: Option<Int>,
}

crate::c_enum! {
    /// Which side the preconditioner is applied on (`PCSide`).
    #[doc(alias = "PCSide")]
    pub PcSide: sys::PCSide {
        Left = PC_LEFT "solve `P^-1 A x = P^-1 b` (the default of most methods).",
        Right = PC_RIGHT "solve `A P^-1 y = b`, `x = P^-1 y`.",
        Symmetric = PC_SYMMETRIC "split the preconditioner between both sides.",
    }
}

crate::c_enum! {
    /// The norm a Krylov method's convergence test uses (`KSPNormType`).
    #[doc(alias = "KSPNormType")]
    pub KspNormType: sys::KSPNormType {
        Default = KSP_NORM_DEFAULT "the method's own choice.",
        None = KSP_NORM_NONE "no norm (no convergence test: run `max_it` iterations).",
        Preconditioned = KSP_NORM_PRECONDITIONED "norm of the preconditioned residual.",
        Unpreconditioned = KSP_NORM_UNPRECONDITIONED "norm of the true residual `b - A x`.",
        Natural = KSP_NORM_NATURAL "`sqrt(r' P^-1 r)` (CG's natural norm).",
    }
}

impl Ksp {
    /// Sets the convergence tolerances (`KSPSetTolerances`), each by name; a field left
    /// `None` keeps PETSc's current value.
    ///
    /// ```
    /// use petsc::KspTolerances;
    /// let petsc = petsc::Petsc::init()?;
    /// let mut ksp = petsc::Ksp::new(&petsc.self_comm())?;
    /// ksp.set_tolerances(KspTolerances { rtol: Some(1e-8), max_it: Some(50), ..Default::default() })?;
    /// let t = ksp.tolerances()?;
    /// assert_eq!((t.rtol, t.atol, t.divtol, t.max_it), (Some(1e-8), Some(1e-50), Some(1e4), Some(50)));
    /// let bad = KspTolerances { divtol: Some(-0.5), ..Default::default() };
    /// assert!(ksp.set_tolerances(bad).unwrap_err().to_string().contains("divtol"));
    /// // As in PETSc, a divtol below 1 (divergence as soon as the residual grows) and
    /// // an infinite atol are accepted.
    /// ksp.set_tolerances(KspTolerances { divtol: Some(0.5), atol: Some(f64::INFINITY), ..Default::default() })?;
    /// assert_eq!(ksp.tolerances()?.divtol, Some(0.5));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "KSPSetTolerances")]
    pub fn set_tolerances(&mut self, t: KspTolerances) -> Result<()> {
        const CTX: &str = "Ksp::set_tolerances";
        check_tolerance(CTX, "rtol", t.rtol)?;
        check_count(CTX, "max_it", t.max_it, 0)?;
        // As PETSc: any atol and divtol that is not negative, infinity included (never
        // converge on the absolute norm, never diverge); NaN is refused (PETSc refuses it
        // too, without naming it).
        for (name, v) in [
            ("atol", t.atol),
            ("divtol (the divergence tolerance)", t.divtol),
        ] {
            if let Some(v) = v {
                if v.is_nan() || v < 0.0 {
                    return Err(Error::invalid(
                        CTX,
                        format!("{name} is {v}; it must not be negative"),
                    ));
                }
            }
        }
        // SAFETY: live solver; values checked above (PETSc checks rtol < 1).
        check(unsafe {
            sys::KSPSetTolerances(
                self.ptr,
                default_real(t.rtol),
                default_real(t.atol),
                default_real(t.divtol),
                t.max_it.unwrap_or(sys::PETSC_DEFAULT as Int),
            )
        })
    }

    /// Sets up the solver and its preconditioner now (`KSPSetUp`); `solve` does it
    /// otherwise. A multigrid PETSc would build by coarsening a DM it does not have is an
    /// `Err` (see [`solve`](Self::solve)).
    #[doc(alias = "KSPSetUp")]
    pub fn set_up(&mut self) -> Result<()> {
        self.check_pc_set_up("Ksp::set_up")?;
        // SAFETY: live solver; the multigrid case PETSc crashes on is refused above.
        check(unsafe { sys::KSPSetUp(self.ptr) })
    }

    /// Refuses what the set-up of the solver's preconditioner would crash on (see
    /// [`check_mg_set_up`](super::check_mg_set_up)).
    pub(crate) fn check_pc_set_up(&self, context: &str) -> Result<()> {
        // SAFETY: live solver; reads its PC pointer (null if it has none yet).
        let pc = unsafe { sys::petscrs_KSPPCIfAny(self.ptr) };
        super::check_mg_set_up(pc, context)
    }

    /// The convergence tolerances (`KSPGetTolerances`), every field `Some`.
    #[doc(alias = "KSPGetTolerances")]
    pub fn tolerances(&self) -> Result<KspTolerances> {
        let (mut rtol, mut atol, mut divtol, mut max_it): (Real, Real, Real, Int) =
            (0.0, 0.0, 0.0, 0);
        // SAFETY: live solver; four outputs.
        check(unsafe {
            sys::KSPGetTolerances(self.ptr, &mut rtol, &mut atol, &mut divtol, &mut max_it)
        })?;
        Ok(KspTolerances {
            rtol: Some(rtol),
            atol: Some(atol),
            divtol: Some(divtol),
            max_it: Some(max_it),
        })
    }

    crate::methods![for Ksp;
        /// Whether `solve` starts from the `x` it is given (`true`) or from zero (`false`,
        /// PETSc's default) (`KSPSetInitialGuessNonzero`).
        pub fn set_initial_guess_nonzero(&mut self, nonzero: bool)
            = KSPSetInitialGuessNonzero as "KSPSetInitialGuessNonzero";

        /// Whether a solve that does not converge is an error (`KSPSetErrorIfNotConverged`).
        /// Off by default: then non-convergence is only a
        /// [`KspConvergedReason`](super::KspConvergedReason).
        pub fn set_error_if_not_converged(&mut self, flag: bool)
            = KSPSetErrorIfNotConverged as "KSPSetErrorIfNotConverged";


        /// The dimension of IDR(s)'s shadow space (`KSPIDRSetS`, PETSc 3.26 on,
        /// `-ksp_idr_s`), at least 1 (PETSc's default is 4); type `idr`.
        ///
        /// ```
        /// use petsc::{InsertMode, Ksp, Mat, Sizes, Vector};
        /// let petsc = petsc::Petsc::init()?;
        /// let c = petsc.self_comm();
        /// // A nonsymmetric bidiagonal system.
        /// let mut a = Mat::aij(&c).sizes(Sizes::global(20, 20)).preallocate(2, 0).build()?;
        /// for i in 0..20 {
        ///     a.set_value(i, i, 3.0, InsertMode::Insert)?;
        ///     if i > 0 {
        ///         a.set_value(i, i - 1, 1.0, InsertMode::Insert)?;
        ///     }
        /// }
        /// a.assemble()?;
        /// let mut ksp = Ksp::new(&c)?;
        /// ksp.set_operators(&a, &a)?;
        /// ksp.set_type_name("idr")?;
        /// ksp.set_idr_s(2)?;
        /// ksp.set_idr_cosine(0.5)?;
        /// assert_eq!((ksp.idr_s()?, ksp.idr_cosine()?), (2, 0.5));
        /// let (mut x, mut b) = a.create_vecs()?;
        /// b.set(1.0)?;
        /// ksp.solve(&b, &mut x)?.check()?;
        /// assert!(ksp.set_idr_s(0).is_err());
        /// # Ok::<(), petsc::Error>(())
        /// ```
        #[cfg(petsc_3_26)]
        pub fn set_idr_s(&mut self, s: Int where s >= 1) = KSPIDRSetS as "KSPIDRSetS";

        /// The dimension of IDR(s)'s shadow space (`KSPIDRGetS`, PETSc 3.26 on).
        #[cfg(petsc_3_26)]
        pub fn idr_s(&self) -> Int = KSPIDRGetS as "KSPIDRGetS";

        /// IDR(s)'s stabilization: the cosine threshold below which a step's angle is
        /// corrected (`KSPIDRSetCosine`, PETSc 3.26 on), in `[0, 1]`.
        #[cfg(petsc_3_26)]
        pub fn set_idr_cosine(&mut self, cosine: Real where (0.0..=1.0).contains(&cosine))
            = KSPIDRSetCosine as "KSPIDRSetCosine";

        /// IDR(s)'s stabilization threshold (`KSPIDRGetCosine`, PETSc 3.26 on).
        #[cfg(petsc_3_26)]
        pub fn idr_cosine(&self) -> Real = KSPIDRGetCosine as "KSPIDRGetCosine";
    ];

    crate::methods![for Ksp;
        /// Sets the side the preconditioner is applied on (`KSPSetPCSide`); not every
        /// method supports every side (checked when the solver is set up).
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut ksp = petsc::Ksp::new(&petsc.self_comm())?;
        /// ksp.set_type(petsc::KspType::Gmres)?;
        /// ksp.set_pc_side(petsc::PcSide::Right)?;
        /// assert_eq!(ksp.pc_side()?, petsc::PcSide::Right);
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_pc_side(&mut self, side: PcSide) = KSPSetPCSide as "KSPSetPCSide";
    ];

    crate::methods![for Ksp;
        /// The side the preconditioner is applied on (`KSPGetPCSide`).
        pub fn pc_side(&self) -> PcSide = KSPGetPCSide as "KSPGetPCSide";
    ];

    crate::methods![for Ksp;
        /// Sets the norm of the convergence test (`KSPSetNormType`); not every method
        /// supports every norm (checked when the solver is set up).
        ///
        /// ```
        /// use petsc::KspNormType;
        /// let petsc = petsc::Petsc::init()?;
        /// let mut ksp = petsc::Ksp::new(&petsc.self_comm())?;
        /// ksp.set_type(petsc::KspType::Cg)?;
        /// ksp.set_norm_type(KspNormType::Unpreconditioned)?;
        /// assert_eq!(ksp.norm_type()?, KspNormType::Unpreconditioned);
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_norm_type(&mut self, ty: KspNormType) = KSPSetNormType as "KSPSetNormType";

        /// The norm of the convergence test (`KSPGetNormType`).
        pub fn norm_type(&self) -> KspNormType = KSPGetNormType as "KSPGetNormType";

        /// Whether the solves keep what [`compute_eigenvalues`](Self::compute_eigenvalues)
        /// needs (`KSPSetComputeEigenvalues`); set it before the solver is set up.
        pub fn set_compute_eigenvalues(&mut self, flag: bool)
            = KSPSetComputeEigenvalues as "KSPSetComputeEigenvalues";

        /// Whether [`set_compute_eigenvalues`](Self::set_compute_eigenvalues) is on
        /// (`KSPGetComputeEigenvalues`). PETSc (3.18 to 3.25 at least) answers with the
        /// flag of [`set_compute_singular_values`](Self::set_compute_singular_values) here.
        pub fn computes_eigenvalues(&self) -> bool
            = KSPGetComputeEigenvalues as "KSPGetComputeEigenvalues";

        /// Whether the solves keep what
        /// [`compute_extreme_singular_values`](Self::compute_extreme_singular_values) needs
        /// (`KSPSetComputeSingularValues`); set it before the solver is set up.
        pub fn set_compute_singular_values(&mut self, flag: bool)
            = KSPSetComputeSingularValues as "KSPSetComputeSingularValues";

        /// Whether [`set_compute_singular_values`](Self::set_compute_singular_values) is on
        /// (`KSPGetComputeSingularValues`).
        pub fn computes_singular_values(&self) -> bool
            = KSPGetComputeSingularValues as "KSPGetComputeSingularValues";
    ];

    /// Estimates of the eigenvalues of the preconditioned operator from the last solve's
    /// Krylov space (`KSPComputeEigenvalues`; CG and GMRES), at most one per iteration.
    /// Needs [`set_compute_eigenvalues`](Self::set_compute_eigenvalues) before the solve.
    ///
    /// ```
    /// # use petsc::{InsertMode, Ksp, Mat, KspType, PcType};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut a = Mat::aij(&c).sizes(petsc::Sizes::global(3, 3)).preallocate(1, 0).build()?;
    /// for i in 0..3 {
    ///     a.set_values(&[i], &[i], &[(i + 1) as f64], InsertMode::Insert)?;
    /// }
    /// a.assemble()?;
    /// let (mut x, mut b) = a.create_vecs()?;
    /// b.set(1.0)?;
    /// let mut ksp = Ksp::new(&c)?;
    /// ksp.set_operators(&a, &a)?;
    /// ksp.set_type(KspType::Cg)?;
    /// ksp.pc()?.set_type(PcType::None)?;
    /// ksp.set_compute_eigenvalues(true)?;
    /// ksp.set_compute_singular_values(true)?;
    /// ksp.solve(&b, &mut x)?.check()?;
    /// let mut ev: Vec<f64> = ksp.compute_eigenvalues()?.iter().map(|z| z.re).collect();
    /// ev.sort_by(f64::total_cmp);
    /// assert_eq!(ev.len(), 3);
    /// for (e, want) in ev.iter().zip([1.0, 2.0, 3.0]) {
    ///     assert!((e - want).abs() < 1e-8);
    /// }
    /// let (max, min) = ksp.compute_extreme_singular_values()?;
    /// assert!((max - 3.0).abs() < 1e-8 && (min - 1.0).abs() < 1e-8);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "KSPComputeEigenvalues")]
    pub fn compute_eigenvalues(&self) -> Result<Vec<crate::scalar::Complex<Real>>> {
        let n = self.iteration_number()?.max(0) + 1;
        let mut re = vec![0.0; n as usize];
        let mut im = vec![0.0; n as usize];
        let mut neig: Int = 0;
        // SAFETY: live solver; both arrays hold `n` values.
        check(unsafe {
            sys::KSPComputeEigenvalues(self.ptr, n, re.as_mut_ptr(), im.as_mut_ptr(), &mut neig)
        })?;
        let neig = (neig.max(0) as usize).min(n as usize);
        Ok((0..neig)
            .map(|i| crate::scalar::Complex::new(re[i], im[i]))
            .collect())
    }

    /// Estimates of the largest and smallest singular values of the preconditioned
    /// operator from the last solve, `(max, min)` (`KSPComputeExtremeSingularValues`);
    /// needs [`set_compute_singular_values`](Self::set_compute_singular_values) before
    /// the solve. See [`compute_eigenvalues`](Self::compute_eigenvalues) for an example.
    #[doc(alias = "KSPComputeExtremeSingularValues")]
    pub fn compute_extreme_singular_values(&self) -> Result<(Real, Real)> {
        let (mut max, mut min): (Real, Real) = (0.0, 0.0);
        // SAFETY: live solver; two outputs.
        check(unsafe { sys::KSPComputeExtremeSingularValues(self.ptr, &mut max, &mut min) })?;
        Ok((max, min))
    }

    crate::methods![for Ksp;
        /// Whether `solve` starts from the `x` it is given (`KSPGetInitialGuessNonzero`).
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut ksp = petsc::Ksp::new(&petsc.self_comm())?;
        /// assert!(!ksp.initial_guess_nonzero()?);
        /// ksp.set_initial_guess_nonzero(true)?;
        /// assert!(ksp.initial_guess_nonzero()?);
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn initial_guess_nonzero(&self) -> bool
            = KSPGetInitialGuessNonzero as "KSPGetInitialGuessNonzero";

        /// Whether the initial guess is the preconditioner applied to the right-hand side
        /// (`KSPSetInitialGuessKnoll`).
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut ksp = petsc::Ksp::new(&petsc.self_comm())?;
        /// ksp.set_initial_guess_knoll(true)?;
        /// assert!(ksp.initial_guess_knoll()?);
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_initial_guess_knoll(&mut self, flag: bool)
            = KSPSetInitialGuessKnoll as "KSPSetInitialGuessKnoll";

        /// Whether [`set_initial_guess_knoll`](Self::set_initial_guess_knoll) is on
        /// (`KSPGetInitialGuessKnoll`).
        pub fn initial_guess_knoll(&self) -> bool
            = KSPGetInitialGuessKnoll as "KSPGetInitialGuessKnoll";
    ];

    /// Uses Fischer's initial guesses, built from the previous solves' solutions
    /// (`KSPSetUseFischerGuess`): `model` 1 or 2, keeping `size` of them.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut ksp = petsc::Ksp::new(&petsc.self_comm())?;
    /// ksp.set_use_fischer_guess(1, 5)?;
    /// assert!(ksp.set_use_fischer_guess(3, 5).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "KSPSetUseFischerGuess")]
    pub fn set_use_fischer_guess(&mut self, model: Int, size: Int) -> Result<()> {
        const CTX: &str = "Ksp::set_use_fischer_guess";
        if !(1..=2).contains(&model) {
            return Err(Error::invalid(
                CTX,
                format!("model {model}; it must be 1 or 2"),
            ));
        }
        if size < 1 {
            return Err(Error::invalid(
                CTX,
                format!("size {size}; it must be positive"),
            ));
        }
        // SAFETY: live solver; arguments checked above.
        check(unsafe { sys::KSPSetUseFischerGuess(self.ptr, model, size) })
    }

    crate::methods![for Ksp;
        /// Whether a solve that does not converge is an error (`KSPGetErrorIfNotConverged`).
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut ksp = petsc::Ksp::new(&petsc.self_comm())?;
        /// ksp.set_error_if_not_converged(true)?;
        /// assert!(ksp.error_if_not_converged()?);
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn error_if_not_converged(&self) -> bool
            = KSPGetErrorIfNotConverged as "KSPGetErrorIfNotConverged";

        /// Frees what the solver built for its operators (Krylov work vectors, the
        /// preconditioner's factors, the operators themselves), keeping its settings
        /// (`KSPReset`); give it operators again before the next solve.
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let c = petsc.self_comm();
        /// let a = petsc::Mat::aij(&c).sizes(petsc::Sizes::global(2, 2)).preallocate(1, 0).build()?;
        /// let mut ksp = petsc::Ksp::new(&c)?;
        /// ksp.set_operators(&a, &a)?;
        /// ksp.reset()?;
        /// assert!(ksp.operators().is_err());
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn reset(&mut self) = KSPReset as "KSPReset";

        /// Sets up the preconditioners of the blocks of a block-Jacobi or additive Schwarz
        /// preconditioner now (`KSPSetUpOnBlocks`), after [`set_up`](Self::set_up); a solve
        /// does it otherwise.
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let c = petsc.self_comm();
        /// let mut a = petsc::Mat::aij(&c).sizes(petsc::Sizes::global(2, 2)).preallocate(2, 0).build()?;
        /// a.set_values(&[0, 1], &[0, 1], &[1.0, 0.0, 0.0, 1.0], petsc::InsertMode::Insert)?;
        /// a.assemble()?;
        /// let mut ksp = petsc::Ksp::new(&c)?;
        /// ksp.set_operators(&a, &a)?;
        /// ksp.set_up()?;
        /// ksp.set_up_on_blocks()?;
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_up_on_blocks(&mut self) = KSPSetUpOnBlocks as "KSPSetUpOnBlocks";
    ];

    crate::methods![for Ksp;
        /// The number of iterations of all solves so far (`KSPGetTotalIterations`).
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let ksp = petsc::Ksp::new(&petsc.self_comm())?;
        /// assert_eq!(ksp.total_iterations()?, 0);
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn total_iterations(&self) -> Int = KSPGetTotalIterations as "KSPGetTotalIterations";

        /// The value of the quadratic objective `x^T A x / 2 - b^T x` at the last iterate of
        /// the trust-region CG methods (`stcg`, `nash`, `gltr`, and plain `cg` from PETSc
        /// 3.22) (`KSPCGGetObjFcn`); an `Err` for other methods.
        ///
        /// ```
        /// use petsc::{InsertMode, Ksp, KspType, Mat, PcType, Sizes, Vector};
        /// let petsc = petsc::Petsc::init()?;
        /// let c = petsc.self_comm();
        /// let mut a = Mat::aij(&c).sizes(Sizes::local(2, 2)).preallocate(1, 0).build()?;
        /// a.set_values(&[0], &[0], &[2.0], InsertMode::Insert)?;
        /// a.set_values(&[1], &[1], &[4.0], InsertMode::Insert)?;
        /// a.assemble()?;
        /// let b = Vector::from_slice(&c, &[2.0, 4.0])?;
        /// let mut x = b.duplicate()?;
        /// let mut ksp = Ksp::new(&c)?;
        /// ksp.set_operators(&a, &a)?;
        /// ksp.set_type(KspType::from_name("stcg"))?;
        /// ksp.pc()?.set_type(PcType::None)?;
        /// ksp.solve(&b, &mut x)?.check()?; // x = (1, 1)
        /// // At the minimizer the objective is -b^T x / 2 = -3.
        /// assert!((ksp.cg_objective_value()? + 3.0).abs() < 1e-10);
        /// ksp.set_type(KspType::Gmres)?;
        /// assert!(ksp.cg_objective_value().is_err());
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn cg_objective_value(&self) -> Real = KSPCGGetObjFcn as "KSPCGGetObjFcn";
    ];

    /// Keeps `ctx` with the solver as its application context (petsc4py's
    /// `setAppCtx`), replacing the one kept before: a Rust value, dropped with the PETSc
    /// solver (whichever handle goes last) or when replaced, and seen through every
    /// handle to the solver (the KSP of a `Snes` too). It is
    /// [`compose_value`](Object::compose_value) under the name `"__appctx__"`; read it
    /// with [`app_ctx`](Self::app_ctx), or in place with
    /// [`with_value`](Object::with_value). (C's `KSPSetApplicationContext` holds a raw
    /// pointer, which safe Rust cannot give.)
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut ksp = petsc::Ksp::new(&petsc.self_comm())?;
    /// assert_eq!(ksp.app_ctx::<String>()?, None);
    /// ksp.set_app_ctx(String::from("pressure block"))?;
    /// assert_eq!(ksp.app_ctx::<String>()?.as_deref(), Some("pressure block"));
    /// assert!(ksp.app_ctx::<u32>().is_err()); // not a u32
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "KSPSetApplicationContext")]
    pub fn set_app_ctx<T: 'static>(&mut self, ctx: T) -> Result<()> {
        self.compose_value(APP_CTX, ctx)
    }

    /// A copy of the application context of [`set_app_ctx`](Self::set_app_ctx) (petsc4py's
    /// `getAppCtx`): `None` if none is kept, an `Err` if it is not a `T`.
    #[doc(alias = "KSPGetApplicationContext")]
    pub fn app_ctx<T: Clone + 'static>(&self) -> Result<Option<T>> {
        self.query_value(APP_CTX)
    }

    /// Drops the application context of [`set_app_ctx`](Self::set_app_ctx), if any
    /// (petsc4py's `appctx = None`): [`app_ctx`](Self::app_ctx) is `None` again.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut ksp = petsc::Ksp::new(&petsc.self_comm())?;
    /// ksp.set_app_ctx((1, 2, 3))?;
    /// ksp.clear_app_ctx()?;
    /// assert_eq!(ksp.app_ctx::<(i32, i32, i32)>()?, None);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "KSPSetApplicationContext")]
    pub fn clear_app_ctx(&mut self) -> Result<()> {
        let key = crate::object::user_key("Ksp::clear_app_ctx", "value", APP_CTX)?;
        // SAFETY: live solver; composing null drops the value kept under the key.
        check(unsafe {
            sys::PetscObjectCompose(
                self.ptr as sys::PetscObject,
                key.as_ptr(),
                std::ptr::null_mut(),
            )
        })
    }

    /// The number of iterations after which GMRES restarts (`KSPGMRESSetRestart`, PETSc's
    /// default 30); ignored by other methods.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut ksp = petsc::Ksp::new(&petsc.self_comm())?;
    /// ksp.set_type(petsc::KspType::Gmres)?;
    /// ksp.set_gmres_restart(50)?;
    /// assert!(ksp.set_gmres_restart(0).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "KSPGMRESSetRestart")]
    pub fn set_gmres_restart(&mut self, restart: Int) -> Result<()> {
        if restart < 1 {
            return Err(Error::invalid(
                "Ksp::set_gmres_restart",
                format!("restart {restart}; it must be positive"),
            ));
        }
        // SAFETY: live solver; checked value.
        check(unsafe { sys::KSPGMRESSetRestart(self.ptr, restart) })
    }
}

/// IDR(s)'s random generator (PETSc 3.26 on), which draws its shadow space.
#[cfg(petsc_3_26)]
impl Ksp {
    /// An `Err` naming `ctx` unless the solver's type is `idr`.
    fn require_idr(&self, ctx: &str) -> Result<()> {
        let ty = self.type_name()?;
        if ty != "idr" {
            return Err(Error::invalid(
                ctx,
                format!("the solver's type is '{ty}'; this needs 'idr'"),
            ));
        }
        Ok(())
    }

    /// Draws IDR(s)'s shadow space with `random` (`KSPIDRSetRandom`); the solver keeps
    /// its own reference. Type `idr`.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut ksp = petsc::Ksp::new(&c)?;
    /// let mut r = petsc::Random::new(&c)?;
    /// assert!(ksp.set_idr_random(&r).is_err()); // not idr
    /// ksp.set_type_name("idr")?;
    /// r.set_seed(7)?;
    /// ksp.set_idr_random(&r)?;
    /// assert_eq!(ksp.idr_random()?.seed()?, 7);
    /// assert_eq!(ksp.idr_random()?.as_raw(), r.as_raw());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "KSPIDRSetRandom")]
    pub fn set_idr_random(&mut self, random: &crate::random::Random) -> Result<()> {
        const CTX: &str = "Ksp::set_idr_random";
        self.require_idr(CTX)?;
        // SAFETY: live IDR solver and generator; PETSc references the generator.
        check(unsafe { sys::KSPIDRSetRandom(self.ptr, random.kept_raw(CTX)?) })
    }

    /// IDR(s)'s random generator (`KSPIDRGetRandom`; made on first use, options prefix
    /// `ksp_idr_`). Type `idr`.
    #[doc(alias = "KSPIDRGetRandom")]
    pub fn idr_random(&self) -> Result<crate::random::Random> {
        self.require_idr("Ksp::idr_random")?;
        let mut r: sys::PetscRandom = std::ptr::null_mut();
        // SAFETY: live IDR solver; PETSc lends its generator, making it if needed.
        check(unsafe { sys::KSPIDRGetRandom(self.ptr, &mut r) })?;
        // SAFETY: a live generator the solver holds; the handle takes its own reference.
        unsafe { crate::random::Random::from_raw_borrowed(&self.petsc, r) }
    }
}

// The names before the naming scheme of 0.2 (no `get_`); they still compile, with a
// deprecation warning naming the new one.
impl Ksp {
    /// The former name of [`computes_eigenvalues`](Self::computes_eigenvalues).
    #[deprecated(
        since = "0.2.0",
        note = "use `Ksp::computes_eigenvalues` (getters have no `get_` prefix; \
                `compute_eigenvalues` computes them)"
    )]
    pub fn get_compute_eigenvalues(&self) -> Result<bool> {
        self.computes_eigenvalues()
    }

    /// The former name of [`computes_singular_values`](Self::computes_singular_values).
    #[deprecated(
        since = "0.2.0",
        note = "use `Ksp::computes_singular_values` (getters have no `get_` prefix)"
    )]
    pub fn get_compute_singular_values(&self) -> Result<bool> {
        self.computes_singular_values()
    }
}
