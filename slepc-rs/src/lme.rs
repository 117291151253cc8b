//! Linear matrix equations (`LME`): Lyapunov equations `A X + X A^* = -C` with a
//! low-rank right-hand side `C = C1 C1^*` and a low-rank solution `X = X1 X1^*`, both
//! given as PETSc's low-rank matrices ([`Mat::new_lrc`]).

use petsc::{Error, Int, Mat, Real, Result};
use slepc_sys as sys;

use crate::declare::declare;
use crate::error::check;
use crate::family::solver_family;
use crate::handle::slepc_handle;

/// The key under which the solver keeps the solution given by [`Lme::set_solution`]
/// until its solve.
const USER_SOLUTION: &std::ffi::CStr = c"slepcrs_lme_user_solution";

/// The coefficient matrices `(A, B, D, E)` of an equation, `None` where not set.
pub type LmeCoefficients = (Option<Mat>, Option<Mat>, Option<Mat>, Option<Mat>);

/// The coefficient matrices of a matrix equation, by name
/// ([`Lme::set_coefficients_to`]): `A` always; `B` of the Sylvester and Stein equations,
/// `D` of the generalized ones, `E` of the generalized Sylvester equation (see
/// [`LmeProblemType`]). [`LmeMatrices::new`] takes `A`, the others are added by name;
/// the [`Default`] has none (and is refused by the setter until `a` is given).
///
/// ```
/// use petsc::{Mat, Sizes};
/// use slepc::LmeMatrices;
/// let petsc = petsc::Petsc::init()?;
/// let a = Mat::dense(&petsc.self_comm()).sizes(Sizes::global(2, 2)).build()?;
/// let m = LmeMatrices::new(&a).b(&a);
/// assert!(m.a.is_some() && m.b.is_some() && m.d.is_none() && m.e.is_none());
/// # Ok::<(), petsc::Error>(())
/// ```
#[derive(Clone, Copy, Default)]
pub struct LmeMatrices<'a> {
    /// `A`, in every equation.
    pub a: Option<&'a Mat>,
    /// `B`: `A X + X B = C` (Sylvester), `A X E + D X B = C`, `A X B - X = -C` (Stein).
    pub b: Option<&'a Mat>,
    /// `D`: `A X D^* + D X A^* = -C` (generalized Lyapunov), `A X E + D X B = C`.
    pub d: Option<&'a Mat>,
    /// `E`: `A X E + D X B = C` (generalized Sylvester).
    pub e: Option<&'a Mat>,
}

/// Which matrices are given: `LmeMatrices { a: true, b: false, d: true, e: false }`.
impl std::fmt::Debug for LmeMatrices<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LmeMatrices")
            .field("a", &self.a.is_some())
            .field("b", &self.b.is_some())
            .field("d", &self.d.is_some())
            .field("e", &self.e.is_some())
            .finish()
    }
}

impl<'a> LmeMatrices<'a> {
    /// The matrix `A` alone (the Lyapunov equation's only coefficient).
    pub fn new(a: &'a Mat) -> Self {
        LmeMatrices {
            a: Some(a),
            ..Default::default()
        }
    }

    /// The same with `B`.
    #[must_use]
    pub fn b(self, b: &'a Mat) -> Self {
        LmeMatrices { b: Some(b), ..self }
    }

    /// The same with `D`.
    #[must_use]
    pub fn d(self, d: &'a Mat) -> Self {
        LmeMatrices { d: Some(d), ..self }
    }

    /// The same with `E`.
    #[must_use]
    pub fn e(self, e: &'a Mat) -> Self {
        LmeMatrices { e: Some(e), ..self }
    }
}

slepc_handle!(
    /// A SLEPc linear matrix equation solver (`LME`).
    ///
    /// ```
    /// use petsc::{InsertMode, Mat, Sizes};
    /// use slepc::{Lme, LmeProblemType};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let n = 6;
    /// // A = -2 I + the 1-D neighbours: stable (negative definite).
    /// let mut a = Mat::aij(&c).sizes(Sizes::global(n, n)).preallocate(3, 0).build()?;
    /// for i in 0..n {
    ///     a.set_value(i, i, -2.0, InsertMode::Insert)?;
    ///     if i > 0 { a.set_value(i, i - 1, 0.5, InsertMode::Insert)?; }
    ///     if i + 1 < n { a.set_value(i, i + 1, 0.5, InsertMode::Insert)?; }
    /// }
    /// a.assemble()?;
    /// let mut c1 = Mat::dense(&c).sizes(Sizes::global(n, 1)).build()?;
    /// for i in 0..n {
    ///     c1.set_value(i, 0, 1.0, InsertMode::Insert)?;
    /// }
    /// c1.assemble()?;
    /// let mut lme = Lme::new(&c)?;
    /// lme.set_problem_type(LmeProblemType::Lyapunov)?;
    /// lme.set_coefficients_to(slepc::LmeMatrices::new(&a))?;
    /// lme.set_rhs(&Mat::new_lrc(None, &c1, None, None)?)?;
    /// lme.set_tolerances(slepc::Tolerances { tol: Some(1e-10), ..Default::default() })?;
    /// lme.solve()?.check()?;
    /// assert!(lme.compute_error()? < 1e-8);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    Lme,
    sys::LME,
    sys::LMEDestroy,
    /// A new matrix equation solver on `comm` (`LMECreate`).
    new = sys::LMECreate as "LMECreate",
);

declare! { @types
/// Linear matrix equation solver types (`LMEType`); [`LmeType::Other`] names any
/// registered type.
///
/// ```
/// assert_eq!(slepc::LmeType::Krylov.as_str(), "krylov");
/// ```
LmeType {
    Krylov = LMEKRYLOV "krylov" "a restarted Krylov (Arnoldi) method, the default.",
}
}

declare! { @enums
/// Which matrix equation a solver solves (`LMEProblemType`). SLEPc 3.18 to 3.26 solve
/// the Lyapunov equation only; the others are refused by the solve with SLEPc's message.
LmeProblemType: LMEProblemType {
    Lyapunov = LME_LYAPUNOV "`A X + X A^* = -C`.",
    Sylvester = LME_SYLVESTER "`A X + X B = C`.",
    GenLyapunov = LME_GEN_LYAPUNOV "`A X D^* + D X A^* = -C`.",
    GenSylvester = LME_GEN_SYLVESTER "`A X E + D X B = C`.",
    DtLyapunov = LME_DT_LYAPUNOV "the discrete-time Lyapunov equation `A X A^* - X = -C`.",
    Stein = LME_STEIN "`A X B - X = -C`.",
}
}

declare! { @reason
    /// Why a matrix equation solve stopped (`LMEConvergedReason`).
    ///
    /// ```
    /// use slepc::LmeConvergedReason as R;
    /// assert!(R::ConvergedTol.is_converged());
    /// assert_eq!(R::from_raw(-1), R::DivergedIts);
    /// ```
    LmeConvergedReason: "LMEConvergedReason" = LMEConvergedReason in LMEConvergedReasons,
        "LME", ""; [] []
}

petsc::class_methods! {
    Lme: LmeType, "LME", sys::LMEList,
    example = "let mut obj = slepc::Lme::new(&petsc.self_comm())?;", a_type = "krylov",
    inner = "",
    set_type = sys::LMESetType as "LMESetType",
    set_options_prefix = sys::LMESetOptionsPrefix as "LMESetOptionsPrefix",
    append_options_prefix = sys::LMEAppendOptionsPrefix as "LMEAppendOptionsPrefix",
    options_prefix = sys::LMEGetOptionsPrefix as "LMEGetOptionsPrefix",
    set_from_options = sys::LMESetFromOptions as "LMESetFromOptions",
}

impl Lme {
    petsc::methods![for Lme;
        /// Forgets the coefficients, right-hand side, solution and what was built from
        /// them (`LMEReset`).
        pub fn reset(&mut self) = LMEReset as "LMEReset";

        /// Which equation to solve (`LMESetProblemType`; Lyapunov by default).
        pub fn set_problem_type(&mut self, ty: LmeProblemType)
            = LMESetProblemType as "LMESetProblemType";

        /// Which equation is solved (`LMEGetProblemType`).
        pub fn problem_type(&self) -> Option<LmeProblemType>
            = LMEGetProblemType as "LMEGetProblemType";

        /// The dimension of the Krylov subspace, `ncv` (`LMESetDimensions`).
        pub fn set_dimensions(&mut self, ncv: Int where ncv >= 1)
            = LMESetDimensions as "LMESetDimensions";

        /// The dimension of the Krylov subspace (`LMEGetDimensions`); 0 before set-up
        /// when not set.
        pub fn dimensions(&self) -> Int = LMEGetDimensions as "LMEGetDimensions";

        /// Whether a solve that does not converge returns an error
        /// (`LMESetErrorIfNotConverged`).
        pub fn set_error_if_not_converged(&mut self, flag: bool)
            = LMESetErrorIfNotConverged as "LMESetErrorIfNotConverged";

        /// Whether a solve that does not converge returns an error
        /// (`LMEGetErrorIfNotConverged`).
        pub fn error_if_not_converged(&self) -> bool
            = LMEGetErrorIfNotConverged as "LMEGetErrorIfNotConverged";

        /// The number of iterations (restarts) of the last solve
        /// (`LMEGetIterationNumber`).
        pub fn iteration_number(&self) -> Int = LMEGetIterationNumber as "LMEGetIterationNumber";

        /// Why the last solve stopped (`LMEGetConvergedReason`).
        pub fn converged_reason(&self) -> LmeConvergedReason
            = LMEGetConvergedReason as "LMEGetConvergedReason";

        /// The error estimate of the last solve (`LMEGetErrorEstimate`).
        pub fn error_estimate(&self) -> Real = LMEGetErrorEstimate as "LMEGetErrorEstimate";
    ];

    /// The coefficient matrices of the equation, by name (`LMESetCoefficients`): `A`
    /// always, `B`, `D` and `E` for the equations that have them (see
    /// [`LmeProblemType`]); square, of one layout; the solver keeps references.
    ///
    /// ```
    /// use petsc::{Mat, Sizes};
    /// use slepc::{Lme, LmeMatrices, LmeProblemType};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let eye = |s: f64| -> petsc::Result<Mat> {
    ///     let mut m = Mat::aij(&c).sizes(Sizes::global(3, 3)).preallocate(1, 0).build()?;
    ///     m.assemble()?;
    ///     m.shift(s)?;
    ///     Ok(m)
    /// };
    /// let (a, d) = (eye(-2.0)?, eye(1.0)?);
    /// let mut lme = Lme::new(&c)?;
    /// lme.set_problem_type(LmeProblemType::GenLyapunov)?;
    /// lme.set_coefficients_to(LmeMatrices::new(&a).d(&d))?;
    /// let (a1, b1, d1, e1) = lme.coefficients()?;
    /// assert!(a1.is_some() && b1.is_none() && d1.is_some() && e1.is_none());
    /// assert!(lme.set_coefficients_to(LmeMatrices::default()).is_err()); // no A
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "LMESetCoefficients")]
    pub fn set_coefficients_to(&mut self, matrices: LmeMatrices<'_>) -> Result<()> {
        const CTX: &str = "Lme::set_coefficients_to";
        let LmeMatrices { a, b, d, e } = matrices;
        let a = a.ok_or_else(|| {
            Error::invalid(CTX, "no A: every equation has the coefficient matrix A")
        })?;
        self.apply_coefficients(CTX, a, b, d, e)
    }

    /// The coefficient matrices (`LMESetCoefficients`) with three positional options.
    #[deprecated(
        since = "0.2.0",
        note = "use `set_coefficients_to(LmeMatrices::new(&a).d(&d))` (the matrices by name)"
    )]
    #[doc(alias = "LMESetCoefficients")]
    pub fn set_coefficients(
        &mut self,
        a: &Mat,
        b: Option<&Mat>,
        d: Option<&Mat>,
        e: Option<&Mat>,
    ) -> Result<()> {
        self.apply_coefficients("Lme::set_coefficients", a, b, d, e)
    }

    /// `LMESetCoefficients` with the matrices checked.
    fn apply_coefficients(
        &mut self,
        ctx: &str,
        a: &Mat,
        b: Option<&Mat>,
        d: Option<&Mat>,
        e: Option<&Mat>,
    ) -> Result<()> {
        a.check_loan(ctx)?;
        for m in [b, d, e].into_iter().flatten() {
            m.check_loan(ctx)?;
        }
        // Local sizes may be wrong on some ranks only: the ranks agree.
        let local = (|| -> Result<()> {
            let shape = (a.size()?, a.local_size()?);
            let ((m, n), (lm, ln)) = shape;
            if m != n || lm != ln {
                return Err(Error::size_mismatch(
                    ctx,
                    format!("A is {m} x {n} ({lm} x {ln} on this rank), not square"),
                ));
            }
            for (name, x) in [("B", b), ("D", d), ("E", e)] {
                if let Some(x) = x {
                    let (g, l) = (x.size()?, x.local_size()?);
                    if (g, l) != shape {
                        return Err(Error::size_mismatch(
                            ctx,
                            format!(
                                "{name} is {} x {} ({} x {} on this rank), A {m} x {n} ({lm} x \
                                 {ln})",
                                g.0, g.1, l.0, l.1
                            ),
                        ));
                    }
                }
            }
            Ok(())
        })();
        crate::checks::agree(self, ctx, local)?;
        let raw = |x: Option<&Mat>| x.map_or(std::ptr::null_mut(), |x| x.as_raw());
        // SAFETY: live solver and matrices of A's layout (or null); SLEPc references them.
        check(unsafe { sys::LMESetCoefficients(self.ptr, a.as_raw(), raw(b), raw(d), raw(e)) })
    }

    /// The coefficient matrices `(A, B, D, E)` (`LMEGetCoefficients`), each a handle
    /// holding its own reference, `None` where not set.
    #[doc(alias = "LMEGetCoefficients")]
    pub fn coefficients(&self) -> Result<LmeCoefficients> {
        let mut m: [sys::Mat; 4] = [std::ptr::null_mut(); 4];
        let [a, b, d, e] = &mut m;
        // SAFETY: live solver; SLEPc lends its matrices (or null).
        check(unsafe { sys::LMEGetCoefficients(self.ptr, a, b, d, e) })?;
        let [a, b, d, e] = m.map(|x| self.lent(x));
        Ok((a?, b?, d?, e?))
    }

    /// The right-hand side `C`, a low-rank matrix `C1 C1^*` ([`Mat::new_lrc`] with one
    /// dense factor) of `A`'s size (`LMESetRHS`); the solver keeps a reference.
    #[doc(alias = "LMESetRHS")]
    pub fn set_rhs(&mut self, c: &Mat) -> Result<()> {
        c.check_loan("Lme::set_rhs")?;
        self.check_low_rank("Lme::set_rhs", "C", c)?;
        // SAFETY: live solver and low-rank matrix; SLEPc references it.
        check(unsafe { sys::LMESetRHS(self.ptr, c.as_raw()) })
    }

    /// The right-hand side, if set (`LMEGetRHS`).
    #[doc(alias = "LMEGetRHS")]
    pub fn rhs(&self) -> Result<Option<Mat>> {
        let mut c: sys::Mat = std::ptr::null_mut();
        // SAFETY: live solver; SLEPc lends its matrix (or null).
        check(unsafe { sys::LMEGetRHS(self.ptr, &mut c) })?;
        self.lent(c)
    }

    /// Where the next solve's solution goes: a low-rank matrix `X1 X1^*` whose
    /// factor's number of columns is the rank wanted (`LMESetSolution`); without one,
    /// the solve makes it and chooses the rank. It serves one solve: a later solve
    /// starts from a new solution again (SLEPc's solve given the solution of an earlier
    /// one computes a wrong answer), unless it is set again. The solver keeps a
    /// reference.
    #[doc(alias = "LMESetSolution")]
    pub fn set_solution(&mut self, x: &Mat) -> Result<()> {
        x.check_loan("Lme::set_solution")?;
        self.check_low_rank("Lme::set_solution", "X", x)?;
        // SAFETY: live solver and low-rank matrix; SLEPc references it.
        check(unsafe { sys::LMESetSolution(self.ptr, x.as_raw()) })?;
        // SAFETY: live objects; the solver keeps a reference to `x` under the key.
        check(unsafe {
            sys::PetscObjectCompose(
                self.ptr as sys::PetscObject,
                USER_SOLUTION.as_ptr(),
                x.as_raw() as sys::PetscObject,
            )
        })
    }

    /// The solution (`LMEGetSolution`), a low-rank matrix whose factor
    /// ([`Mat::lrc_mats`]) has the computed rank's columns; `None` before a solve made
    /// it or one was set.
    #[doc(alias = "LMEGetSolution")]
    pub fn solution(&self) -> Result<Option<Mat>> {
        let mut x: sys::Mat = std::ptr::null_mut();
        // SAFETY: live solver; SLEPc lends its matrix (or null).
        check(unsafe { sys::LMEGetSolution(self.ptr, &mut x) })?;
        self.lent(x)
    }

    /// Sets up the solver now (`LMESetUp`); `solve` does it otherwise.
    #[doc(alias = "LMESetUp")]
    pub fn set_up(&mut self) -> Result<()> {
        self.check_ready("Lme::set_up")?;
        // SAFETY: live solver with coefficients and a right-hand side.
        check(unsafe { sys::LMESetUp(self.ptr) })
    }

    /// Solves the equation (`LMESolve`) into a new solution, or into the one given by
    /// [`set_solution`](Self::set_solution) since the last solve. A monitor's `Err` or
    /// panic is returned once the solve has finished (SLEPc's solver keeps its work
    /// space when it stops on an error). Returns why the solve stopped (as
    /// [`converged_reason`](Self::converged_reason) does afterwards). Not converging is
    /// an error only with [`set_error_if_not_converged`](Self::set_error_if_not_converged):
    /// otherwise the reason says it, and is `#[must_use]`; `lme.solve()?.check()?` turns
    /// a diverged one into [`petsc::Error::NotConverged`].
    #[doc(alias = "LMESolve")]
    pub fn solve(&mut self) -> Result<LmeConvergedReason> {
        self.check_ready("Lme::solve")?;
        let ptr = self.ptr;
        let (mut x, mut given): (sys::Mat, sys::PetscObject) =
            (std::ptr::null_mut(), std::ptr::null_mut());
        // SAFETY: live solver; SLEPc lends its solution (or null).
        check(unsafe { sys::LMEGetSolution(ptr, &mut x) })?;
        // SAFETY: live solver; PETSc lends the composed object (or null).
        check(unsafe {
            sys::PetscObjectQuery(ptr as sys::PetscObject, USER_SOLUTION.as_ptr(), &mut given)
        })?;
        if !x.is_null() && given != x as sys::PetscObject {
            // An earlier solve's solution: the solve makes a new one.
            // SAFETY: live solver; SLEPc releases its solution.
            check(unsafe { sys::LMESetSolution(ptr, std::ptr::null_mut()) })?;
        }
        // The given placeholder serves this solve only.
        // SAFETY: live solver; the key's reference is released.
        check(unsafe {
            sys::PetscObjectCompose(
                ptr as sys::PetscObject,
                USER_SOLUTION.as_ptr(),
                std::ptr::null_mut(),
            )
        })?;
        // SAFETY: live solver with coefficients and a right-hand side, for the call.
        unsafe { crate::family::guarded_solve::<Lme>(ptr, || sys::LMESolve(ptr)) }?;
        self.converged_reason()
    }

    /// The residual norm of the computed solution, `||A X + X A^* + C||_F`
    /// (`LMEComputeError`, collective; it forms dense matrices of the problem's size).
    #[doc(alias = "LMEComputeError")]
    pub fn compute_error(&self) -> Result<Real> {
        if self.solution()?.is_none() {
            return Err(Error::invalid(
                "Lme::compute_error",
                "no solution yet: call solve first",
            ));
        }
        let mut e: Real = 0.0;
        // SAFETY: live solver with a solution; SLEPc writes the norm.
        check(unsafe { sys::LMEComputeError(self.ptr, &mut e) })?;
        Ok(e)
    }

    /// A handle (its own reference) on a matrix the solver lends, `None` for null.
    fn lent(&self, m: sys::Mat) -> Result<Option<Mat>> {
        if m.is_null() {
            return Ok(None);
        }
        // SAFETY: a live matrix the solver holds; the handle takes a reference.
        unsafe { Mat::from_raw_borrowed(self.slepc.petsc(), m) }.map(Some)
    }

    /// `m` is a low-rank matrix of `A`'s size (when `A` is set).
    fn check_low_rank(&self, ctx: &str, name: &str, m: &Mat) -> Result<()> {
        use petsc::Object;
        if m.type_name()? != "lrc" {
            return Err(Error::invalid(
                ctx,
                format!(
                    "{name} is '{}'; it must be a low-rank matrix (Mat::new_lrc)",
                    m.type_name()?
                ),
            ));
        }
        if let (Some(a), _, _, _) = self.coefficients()? {
            // Local sizes may differ on some ranks only: the ranks agree.
            let fits = (|| -> Result<()> {
                let ((g, l), (ga, la)) =
                    ((m.size()?, m.local_size()?), (a.size()?, a.local_size()?));
                if (g, l) != (ga, la) {
                    return Err(Error::size_mismatch(
                        ctx,
                        format!(
                            "{name} is {} x {} ({} x {} on this rank), A {} x {} ({} x {})",
                            g.0, g.1, l.0, l.1, ga.0, ga.1, la.0, la.1
                        ),
                    ));
                }
                Ok(())
            })();
            crate::checks::agree(self, ctx, fits)?;
        }
        Ok(())
    }

    /// Coefficients and a right-hand side are set.
    fn check_ready(&self, ctx: &str) -> Result<()> {
        if self.coefficients()?.0.is_none() {
            return Err(Error::invalid(
                ctx,
                "no coefficients: call set_coefficients_to first",
            ));
        }
        if self.rhs()?.is_none() {
            return Err(Error::invalid(
                ctx,
                "no right-hand side: call set_rhs first",
            ));
        }
        Ok(())
    }
}

solver_family! { Lme;
    bv = LMEGetBV as "LMEGetBV", LMESetBV as "LMESetBV";
    estimate_monitor = LMEMonitorSet as "LMEMonitorSet", LMEMonitorCancel as "LMEMonitorCancel";
    estimate_solver(LME, LME_MONITOR, lower_limit = false) = LMEGetTolerances as "LMEGetTolerances", LMESetTolerances as "LMESetTolerances";
    tolerances = LMESetTolerances as "LMESetTolerances", LMEGetTolerances as "LMEGetTolerances";
}
