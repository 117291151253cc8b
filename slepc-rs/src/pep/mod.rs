//! Polynomial eigenvalue problem solvers (`PEP`):
//! `P(lambda) x = (A_0 + lambda A_1 + ... + lambda^d A_d) x = 0`, the quadratic
//! eigenproblem `(K + lambda C + lambda^2 M) x = 0` above all.
//!
//! Like every handle, a solver stays on the thread that made it:
//!
//! ```compile_fail,E0277
//! fn send<T: Send>(_: T) {}
//! let petsc = petsc::Petsc::init()?;
//! send(slepc::Pep::new(&petsc.self_comm())?);
//! # Ok::<(), petsc::Error>(())
//! ```

use petsc::{Error, Int, Mat, Real, Result, Scalar, Vector};
use slepc_sys as sys;

use crate::checks::{self, Layout, Wanted};
use crate::declare::declare;
use crate::error::check;
use crate::family::solver_family;
use crate::handle::slepc_handle;
use crate::st::St;

mod callbacks;
mod results;
mod settings;
mod types;

pub use callbacks::PepStopState;
pub use settings::{
    PepBasis, PepConv, PepExtract, PepRefine, PepRefineScheme, PepRefinement, PepScale, PepScaling,
    PepStop,
};
pub use types::{PepCissExtraction, PepJdProjection};

slepc_handle!(
    /// A SLEPc polynomial eigensolver (`PEP`): eigenpairs `(lambda, x)` of
    /// `(A_0 + lambda A_1 + ... + lambda^d A_d) x = 0`, `d >= 2` (the matrices are the
    /// polynomial's coefficients, [`set_operators`](Self::set_operators)).
    ///
    /// A quadratic with diagonal coefficients: each diagonal entry gives the two roots
    /// of a scalar quadratic, here `lambda^2 + 2 lambda + k = 0`,
    /// `lambda = -1 +- sqrt(1 - k)`, two real roots for `k < 1` and a complex pair for
    /// `k > 1`. The two nearest 0, by shift-and-invert: `-1 + sqrt(0.75)` (`k = 0.25`)
    /// and `-0.5` (`k = 0.75`).
    ///
    /// ```
    /// use petsc::{InsertMode, Mat, Scalar, Sizes};
    /// use slepc::{Pep, PepErrorType, PepWhich, StType};
    /// let petsc = petsc::Petsc::init()?;
    /// let world = petsc.world();
    /// let n = 20;
    /// let diag = |f: &dyn Fn(f64) -> f64| -> petsc::Result<Mat> {
    ///     let mut a = Mat::aij(&world).sizes(Sizes::global(n, n)).preallocate(1, 0).build()?;
    ///     for i in a.ownership_range()? {
    ///         a.set_values(&[i], &[i], &[Scalar::from(f(i as f64))], InsertMode::Insert)?;
    ///     }
    ///     a.assemble()?;
    ///     Ok(a)
    /// };
    /// let k = diag(&|i| 0.25 + 0.5 * i)?; // 0.25, 0.75, 1.25, ...
    /// let c = diag(&|_| 2.0)?;
    /// let m = diag(&|_| 1.0)?;
    ///
    /// let mut pep = Pep::new(&world)?;
    /// pep.set_operators(&[&k, &c, &m])?;
    /// pep.set_target(0.0)?;
    /// pep.set_which_eigenpairs(PepWhich::TargetMagnitude)?;
    /// pep.st()?.set_type(StType::Sinvert)?;
    /// pep.set_dimensions_to(slepc::Dimensions::new(2))?;
    /// pep.set_tolerances(slepc::Tolerances { tol: Some(1e-10), ..Default::default() })?;
    /// pep.set_from_options()?; // -pep_type, -pep_nev, -st_type, ... still apply
    /// pep.solve()?.check()?;
    /// assert!(pep.converged_count()? >= 2);
    /// let petsc::Complex { re, im } = pep.value(0)?;
    /// assert!((re - (-1.0 + 0.75f64.sqrt())).abs() < 1e-8 && im.abs() < 1e-8);
    /// let (mut xr, mut xi) = k.create_vecs()?;
    /// let petsc::Complex { re, .. } = pep.pair(1, &mut xr, &mut xi)?;
    /// assert!((re + 0.5).abs() < 1e-8);
    /// assert!(pep.compute_error(1, PepErrorType::Backward)? < 1e-8);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    Pep,
    sys::PEP,
    sys::slepcrs_PEPDestroy,
    /// A new polynomial eigensolver on `comm` (`PEPCreate`).
    new = sys::PEPCreate as "PEPCreate",
);

declare! { @types
/// Polynomial eigensolvers (`PEPType`); [`PepType::Other`] names any registered type.
///
/// ```
/// use slepc::PepType;
/// assert_eq!(PepType::Toar.as_str(), "toar");
/// assert_eq!(PepType::from_name("qarnoldi"), PepType::Qarnoldi);
/// assert_eq!(PepType::from_name("mine"), PepType::Other("mine".into()));
/// ```
PepType {
    Toar = PEPTOAR "toar" "two-level orthogonal Arnoldi (SLEPc's default), any degree.",
    Stoar = PEPSTOAR "stoar" "symmetric TOAR, for Hermitian (and hyperbolic) quadratic \
        problems; also spectrum slicing.",
    Qarnoldi = PEPQARNOLDI "qarnoldi" "quadratic Arnoldi (quadratic problems, monomial basis).",
    Linear = PEPLINEAR "linear" "an [`Eps`](crate::Eps) on a linearization \
        ([`Pep::linear_eps`]).",
    Jd = PEPJD "jd" "polynomial Jacobi-Davidson.",
    Ciss = PEPCISS "ciss" "contour integral (Sakurai-Sugiura); registered in complex builds \
        only.",
}
}

declare! { @enums
/// The kind of polynomial eigenproblem (`PEPProblemType`), which lets SLEPc use its
/// structure.
PepProblemType: PEPProblemType {
    General = PEP_GENERAL "no structure (the default).",
    Hermitian = PEP_HERMITIAN "every `A_i` Hermitian.",
    Hyperbolic = PEP_HYPERBOLIC "a quadratic with Hermitian `M > 0`, `C`, `K` and `(x^* C x)^2 > \
        4 (x^* M x)(x^* K x)` for every `x != 0` (real eigenvalues).",
    Gyroscopic = PEP_GYROSCOPIC "a quadratic with Hermitian `M > 0` and `K`, skew-Hermitian `C`.",
}
}

declare! { @enum which
/// Which eigenvalues to compute (`PEPWhich`); SLEPc's default is
/// [`PepWhich::LargestMagnitude`].
PepWhich: PEPWhich =
    PEP_LARGEST_MAGNITUDE, PEP_SMALLEST_MAGNITUDE, PEP_LARGEST_REAL, PEP_SMALLEST_REAL,
    PEP_LARGEST_IMAGINARY, PEP_SMALLEST_IMAGINARY, PEP_TARGET_MAGNITUDE, PEP_TARGET_REAL,
    PEP_TARGET_IMAGINARY;
    /// `PEP_ALL`: all eigenvalues in the interval of [`Pep::set_interval`] (spectrum
    /// slicing: STOAR on a hyperbolic or Hermitian quadratic).
    All = PEP_ALL,
    /// `PEP_WHICH_USER`: sorted by a user comparison; set by
    /// [`Pep::set_eigenvalue_comparison`] (refused by [`Pep::set_which_eigenpairs`]).
    User = PEP_WHICH_USER,
}

declare! { @error_type
/// How [`Pep::compute_error`] measures an eigenpair's error (`PEPErrorType`).
PepErrorType: PEPErrorType = PEP_ERROR_ABSOLUTE "`||P(lambda) x||` with `||x|| = 1`",
    PEP_ERROR_RELATIVE "`|lambda|`";
    /// `PEP_ERROR_BACKWARD`: the backward error,
    /// `||P(lambda) x|| / (sum_i |lambda|^i ||A_i||)`.
    Backward = PEP_ERROR_BACKWARD
}

declare! { @reason
    /// Why a solve stopped (`PEPConvergedReason`): positive converged, negative diverged,
    /// zero still iterating. Codes this enum does not name are kept as `Unknown`.
    ///
    /// ```
    /// use slepc::PepConvergedReason as R;
    /// assert_eq!(R::from_raw(1), R::ConvergedTol);
    /// assert!(R::ConvergedTol.is_converged());
    /// assert!(R::DivergedSymmetryLost.is_diverged());
    /// assert_eq!(R::DivergedIts.to_string(), "DIVERGED_ITS");
    /// assert_eq!(R::from_raw(-42), R::Unknown(-42));
    /// ```
    PepConvergedReason: "PEPConvergedReason" = PEPConvergedReason in PEPConvergedReasons,
        "PEP", "`nev` eigenpairs ";
    [
        /// `PEP_CONVERGED_USER` (2): a user stopping test said so.
        ConvergedUser = 2, "CONVERGED_USER";
    ] [
        /// `PEP_DIVERGED_SYMMETRY_LOST` (-3): symmetry was lost (STOAR).
        DivergedSymmetryLost = -3, "DIVERGED_SYMMETRY_LOST";
    ]
}

/// What a PEP monitor sees at one iteration (the state every eigensolver's monitor
/// sees).
pub type PepMonitorState<'a> = crate::family::EigenMonitorState<'a>;

declare! { @eigensolver Pep [_p_PEP, PepConvergedReason, PEPConvergedReason]
    [PEP_MONITOR, PEP_CONVERGENCE_TEST, PEP_STOPPING_TEST] {
    unsafe fn back(pep: sys::PEP, er: &mut [Scalar], ei: &mut [Scalar]) -> Result<()> {
        let n = er.len() as Int;
        // SAFETY: `pep` is the live solver calling the monitor; both arrays have `n`
        // entries.
        check(unsafe { sys::slepcrs_PEPMonitorTrueEig(pep, n, er.as_mut_ptr(), ei.as_mut_ptr()) })
    }
}}

petsc::class_methods! {
    Pep: PepType, "PEP", sys::PEPList,
    example = "let mut obj = slepc::Pep::new(&petsc.self_comm())?;", a_type = "qarnoldi",
    inner = " and its parts (ST, KSP, BV, DS, RG, the inner EPS of the linear type)",
    set_type = sys::PEPSetType as "PEPSetType",
    set_options_prefix = sys::PEPSetOptionsPrefix as "PEPSetOptionsPrefix",
    append_options_prefix = sys::PEPAppendOptionsPrefix as "PEPAppendOptionsPrefix",
    options_prefix = sys::PEPGetOptionsPrefix as "PEPGetOptionsPrefix",
    set_from_options = sys::PEPSetFromOptions as "PEPSetFromOptions",
}

impl Pep {
    /// Sets the coefficient matrices `A_0, ..., A_d` of the polynomial
    /// `P(lambda) = A_0 + lambda A_1 + ... + lambda^d A_d` (`PEPSetOperators`): for the
    /// quadratic `(K + lambda C + lambda^2 M) x = 0`, `&[&k, &c, &m]`. SLEPc keeps
    /// references, so the matrices may be dropped before the solver. At least three
    /// (degree 2; a linear problem is an [`Eps`](crate::Eps)'s), all square with `A_0`'s
    /// global and local sizes, rows and columns split alike; otherwise the error names
    /// the matrix and both sizes, on every rank.
    ///
    /// ```
    /// use petsc::{Mat, Sizes};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mat = |n| -> petsc::Result<Mat> {
    ///     let mut a = Mat::aij(&c).sizes(Sizes::global(n, n)).preallocate(1, 0).build()?;
    ///     a.assemble()?;
    ///     Ok(a)
    /// };
    /// let (k, cc, m) = (mat(4)?, mat(4)?, mat(5)?);
    /// let mut pep = slepc::Pep::new(&c)?;
    /// let e = pep.set_operators(&[&k, &cc, &m]).unwrap_err();
    /// assert!(e.to_string().contains("A2 is 5 x 5 but A0 is 4 x 4"), "{e}");
    /// let e = pep.set_operators(&[&k, &cc]).unwrap_err();
    /// assert!(e.to_string().contains("at least 3"), "{e}");
    /// pep.set_operators(&[&k, &cc, &k])?;
    /// assert_eq!(pep.num_operators()?, 3);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PEPSetOperators")]
    pub fn set_operators(&mut self, operators: &[&Mat]) -> Result<()> {
        petsc::ffi::refuse_lent("Pep::set_operators", operators.iter().copied())?;
        const CTX: &str = "Pep::set_operators";
        checks::same_count(self, CTX, "matrices", operators.len())?;
        if operators.len() < 3 {
            return Err(Error::invalid(
                CTX,
                format!(
                    "{} matrices given; a polynomial eigenproblem needs at least 3 \
                     (A0 + lambda A1 + lambda^2 A2; a linear one is an Eps's)",
                    operators.len()
                ),
            ));
        }
        let nmat =
            Int::try_from(operators.len()).map_err(|_| Error::invalid(CTX, "too many matrices"))?;
        let mut first: Option<((Int, Int), (Int, Int))> = None;
        let mut local: Result<()> = Ok(());
        for (i, a) in operators.iter().enumerate() {
            let ((m, n), (lm, ln)) = (a.size()?, a.local_size()?);
            if m != n {
                return Err(Error::size_mismatch(
                    CTX,
                    format!("A{i} is {m} x {n}, not square"),
                ));
            }
            match first {
                None => first = Some(((m, n), (lm, ln))),
                Some(((m0, n0), (lm0, ln0))) => {
                    if (m, n) != (m0, n0) {
                        return Err(Error::size_mismatch(
                            CTX,
                            format!("A{i} is {m} x {n} but A0 is {m0} x {n0}"),
                        ));
                    }
                    if local.is_ok() && (lm, ln) != (lm0, ln0) {
                        local = Err(Error::size_mismatch(
                            CTX,
                            format!(
                                "A{i} has local size {lm} x {ln} but A0 has {lm0} x {ln0} on \
                                 this rank"
                            ),
                        ));
                    }
                }
            }
            if local.is_ok() && lm != ln {
                local = Err(Error::size_mismatch(
                    CTX,
                    format!(
                        "A{i} has {lm} local rows but {ln} local columns on this rank: rows and \
                         columns must be split alike"
                    ),
                ));
            }
        }
        checks::agree(self, CTX, local)?;
        let mut raw: Vec<sys::Mat> = operators.iter().map(|a| a.as_raw()).collect();
        // SAFETY: live solver and matrices; SLEPc references them.
        check(unsafe { sys::PEPSetOperators(self.ptr, nmat, raw.as_mut_ptr()) })
    }

    petsc::methods![for Pep;
        /// The number of coefficient matrices, `d + 1` (`PEPGetNumMatrices`); 0 before
        /// [`set_operators`](Self::set_operators).
        pub fn num_operators(&self) -> Int = PEPGetNumMatrices as "PEPGetNumMatrices";
    ];

    /// The coefficient matrices `A_0, ..., A_d` (`PEPGetOperators`), each handle holding
    /// its own reference. An `Err` before [`set_operators`](Self::set_operators).
    ///
    /// ```
    /// use petsc::{Mat, Sizes};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut a = Mat::aij(&c).sizes(Sizes::global(3, 3)).preallocate(1, 0).build()?;
    /// a.assemble()?;
    /// let mut pep = slepc::Pep::new(&c)?;
    /// assert!(pep.operators().is_err());
    /// pep.set_operators(&[&a, &a, &a])?;
    /// drop(a);
    /// let ops = pep.operators()?;
    /// assert_eq!(ops.len(), 3);
    /// assert_eq!(ops[2].size()?, (3, 3));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PEPGetOperators")]
    pub fn operators(&self) -> Result<Vec<Mat>> {
        let n = self.num_operators()?;
        if n == 0 {
            return Err(Error::invalid(
                "Pep::operators",
                "no operator: call set_operators first",
            ));
        }
        let petsc = self.slepc.petsc();
        (0..n)
            .map(|k| {
                let mut a: sys::Mat = std::ptr::null_mut();
                // SAFETY: live solver, `k` below the number of matrices; SLEPc returns a
                // borrowed matrix.
                check(unsafe { sys::PEPGetOperators(self.ptr, k, &mut a) })?;
                // SAFETY: live matrix held by the solver; the handle takes a reference.
                unsafe { Mat::from_raw_borrowed(petsc, a) }
            })
            .collect()
    }

    /// The layout `(global, local)` of the problem's vectors, or `None` before operators
    /// are set.
    fn layout(&self) -> Result<Option<Layout>> {
        if self.num_operators()? == 0 {
            return Ok(None);
        }
        let mut a: sys::Mat = std::ptr::null_mut();
        // SAFETY: live solver with operators; SLEPc returns a borrowed matrix.
        check(unsafe { sys::PEPGetOperators(self.ptr, 0, &mut a) })?;
        let (mut m, mut n, mut lm, mut ln): (Int, Int, Int, Int) = (0, 0, 0, 0);
        // SAFETY: live matrix held by the solver.
        check(unsafe { sys::MatGetSize(a, &mut m, &mut n) })?;
        // SAFETY: as above.
        check(unsafe { sys::MatGetLocalSize(a, &mut lm, &mut ln) })?;
        Ok(Some((m, lm)))
    }

    /// The global size `n` of the problem (of each coefficient matrix), or `None` before
    /// operators are set.
    pub fn size(&self) -> Result<Option<Int>> {
        Ok(self.layout()?.map(|(n, _)| n))
    }

    petsc::methods![for Pep;
        /// Sets the kind of problem (`PEPSetProblemType`).
        pub fn set_problem_type(&mut self, ty: PepProblemType)
            = PEPSetProblemType as "PEPSetProblemType";
    ];

    /// Sets the interval `[a, b]` for [`PepWhich::All`] (`PEPSetInterval`); `a < b` is
    /// checked here (an end may be infinite).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut pep = slepc::Pep::new(&petsc.self_comm())?;
    /// pep.set_interval(-3.0, -1.0)?;
    /// assert_eq!(pep.interval()?, (-3.0, -1.0));
    /// assert!(pep.set_interval(1.0, 0.0).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PEPSetInterval")]
    pub fn set_interval(&mut self, a: Real, b: Real) -> Result<()> {
        if a.is_nan() || b.is_nan() || a >= b {
            return Err(Error::invalid(
                "Pep::set_interval",
                format!("the interval [{a}, {b}] is empty: a must be below b"),
            ));
        }
        // SAFETY: live solver.
        check(unsafe { sys::PEPSetInterval(self.ptr, a, b) })
    }

    /// The interval (`PEPGetInterval`).
    #[doc(alias = "PEPGetInterval")]
    pub fn interval(&self) -> Result<(Real, Real)> {
        let (mut a, mut b) = (0.0, 0.0);
        // SAFETY: live solver; two outputs.
        check(unsafe { sys::PEPGetInterval(self.ptr, &mut a, &mut b) })?;
        Ok((a, b))
    }

    fn check_nev(&self, ctx: &str, nev: Int) -> Result<()> {
        if let Some(n) = self.size()? {
            let total = (self.num_operators()? - 1) * n;
            if nev > total {
                return Err(Error::out_of_range(
                    ctx,
                    format!("{nev} eigenpairs requested but the problem has {total}"),
                ));
            }
        }
        Ok(())
    }

    /// Starting vectors (`PEPSetInitialSpace`); SLEPc keeps references to them until the
    /// next solve, which uses them up. Their layouts must be the problem's.
    #[doc(alias = "PEPSetInitialSpace")]
    pub fn set_initial_space(&mut self, vectors: &[&Vector]) -> Result<()> {
        petsc::ffi::refuse_lent("Pep::set_initial_space", vectors.iter().copied())?;
        const CTX: &str = "Pep::set_initial_space";
        checks::same_count(self, CTX, "vectors", vectors.len())?;
        if let Some(layout) = self.layout()? {
            let sizes = checks::sizes(CTX, "vector", vectors, layout, Wanted::Problem);
            checks::agree(self, CTX, sizes)?;
        }
        let mut raw: Vec<sys::Vec> = vectors.iter().map(|v| v.as_raw()).collect();
        let n = Int::try_from(raw.len()).map_err(|_| Error::invalid(CTX, "too many vectors"))?;
        // SAFETY: live solver and vectors; SLEPc references them.
        check(unsafe { sys::PEPSetInitialSpace(self.ptr, n, raw.as_mut_ptr()) })
    }

    fn check_ready(&self, ctx: &str) -> Result<()> {
        if self.size()?.is_none() {
            return Err(Error::invalid(ctx, "no operator: call set_operators first"));
        }
        let (nev, _, _) = self.dimensions()?;
        self.check_nev(ctx, nev)
    }

    /// Sets up the solver now (`PEPSetUp`); `solve` does it otherwise. After an error the
    /// solver is put back as after a failed [`solve`](Self::solve).
    #[doc(alias = "PEPSetUp")]
    pub fn set_up(&mut self) -> Result<()> {
        self.check_ready("Pep::set_up")?;
        // SAFETY: live solver with operators.
        let r = check(unsafe { sys::slepcrs_PEPSaveState(self.ptr) })
            // SAFETY: live solver with operators.
            .and_then(|()| check(unsafe { sys::PEPSetUp(self.ptr) }));
        if r.is_err() {
            self.recover();
        }
        r
    }

    /// Puts the solver back after a set-up or solve that returned an error (see
    /// [`solve`](Self::solve)): first the inner linear solver of the spectral
    /// transformation and the inner eigensolver of the linear type, then what the
    /// solver itself left open. Raw calls whose errors are dropped: the solve's error is
    /// what the caller sees.
    fn recover(&mut self) {
        let mut ksp: sys::KSP = std::ptr::null_mut();
        // SAFETY: live solver; one output (its ST's KSP, borrowed, or null).
        if unsafe { sys::slepcrs_PEPGetInnerKSP(self.ptr, &mut ksp) } == 0 && !ksp.is_null() {
            // SAFETY: live KSP of the solver's ST; the failed solve has returned.
            unsafe { petsc::ffi::recover_ksp(ksp) };
        }
        let mut eps: sys::EPS = std::ptr::null_mut();
        // SAFETY: live solver; one output (the linear type's EPS, borrowed, or null).
        if unsafe { sys::slepcrs_PEPGetInnerEPS(self.ptr, &mut eps) } == 0 && !eps.is_null() {
            // SAFETY: live inner EPS; the failed solve has returned.
            unsafe { crate::eps::recover_raw(eps) };
        }
        // SAFETY: live solver, no solve running.
        unsafe { sys::slepcrs_PEPRecover(self.ptr) };
    }

    fn check_vec(&self, ctx: &str, name: &str, v: &Vector) -> Result<()> {
        if let Some(layout) = self.layout()? {
            let sizes = checks::sizes(ctx, name, &[v], layout, Wanted::Problem);
            checks::agree(self, ctx, sizes)?;
        }
        Ok(())
    }

    /// Eigenvalue `i` (from 0, `i < converged_count()`) as a complex number, sorted as
    /// [`PepWhich`] asks (`PEPGetEigenpair` without vectors).
    ///
    /// In a real build, a complex eigenvalue comes with its conjugate as a pair at `i`
    /// and `i + 1` (`im > 0` first); in a complex build each eigenvalue is one complex
    /// number. Both builds return a `Complex<Real>` (`petsc::Complex`).
    #[doc(alias = "PEPGetEigenpair")]
    pub fn value(&self, i: Int) -> Result<petsc::Complex<Real>> {
        self.check_index("Pep::value", i)?;
        let (mut kr, mut ki) = (Scalar::default(), Scalar::default());
        // SAFETY: live solver, index checked; null vectors are allowed.
        check(unsafe {
            sys::PEPGetEigenpair(
                self.ptr,
                i,
                &mut kr,
                &mut ki,
                std::ptr::null_mut(),
                std::ptr::null_mut(),
            )
        })?;
        Ok(crate::family::complex(kr, ki))
    }

    /// Eigenvalue `i` as `(re, im)` (`PEPGetEigenpair`).
    #[deprecated(
        since = "0.2.0",
        note = "use `value` (the eigenvalue as `Complex<Real>`, as `petsc::Complex` is)"
    )]
    pub fn eigenvalue(&self, i: Int) -> Result<(Real, Real)> {
        self.value(i).map(|v| (v.re, v.im))
    }

    /// The spectral transformation (`PEPGetST`), as a handle holding its own reference
    /// and one to this solver (so either handle may be dropped first); changes made
    /// through it apply to this solver.
    ///
    /// ```
    /// use slepc::StType;
    /// let petsc = petsc::Petsc::init()?;
    /// let pep = slepc::Pep::new(&petsc.self_comm())?;
    /// let mut st = pep.st()?;
    /// st.set_type(StType::Sinvert)?;
    /// drop(pep); // the handle keeps the solver alive
    /// assert_eq!(st.ty()?, Some(StType::Sinvert));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PEPGetST")]
    pub fn st(&self) -> Result<St> {
        let mut st: sys::ST = std::ptr::null_mut();
        // SAFETY: live solver; SLEPc returns its ST (borrowed), creating it.
        check(unsafe { sys::PEPGetST(self.ptr, &mut st) })?;
        // SAFETY: `st` and the solver are live; the handle takes a reference to each.
        unsafe { St::from_raw_child(&self.slepc, st, self.ptr as sys::PetscObject) }
    }

    /// Uses `st` as the spectral transformation (`PEPSetST`); the solver keeps its own
    /// reference. The transformation must be on the solver's communicator.
    #[doc(alias = "PEPSetST")]
    pub fn set_st(&mut self, st: &St) -> Result<()> {
        // SAFETY: live solver and ST; SLEPc references the ST (and checks the
        // communicators).
        check(unsafe { sys::PEPSetST(self.ptr, st.as_raw()) })
    }

    petsc::methods![for Pep;
        /// Resets the solver (`PEPReset`): drops the operators, the basis and the type's
        /// work data; settings, type and monitors stay. Set operators again before the
        /// next solve.
        ///
        /// ```
        /// use petsc::{Mat, Sizes};
        /// let petsc = petsc::Petsc::init()?;
        /// let c = petsc.self_comm();
        /// let mut a = Mat::aij(&c).sizes(Sizes::global(4, 4)).preallocate(1, 0).build()?;
        /// a.assemble()?;
        /// let mut pep = slepc::Pep::new(&c)?;
        /// pep.set_operators(&[&a, &a, &a])?;
        /// assert_eq!(pep.size()?, Some(4));
        /// pep.reset()?;
        /// assert_eq!(pep.size()?, None);
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn reset(&mut self) = PEPReset as "PEPReset";
    ];
}

impl Pep {
    petsc::methods![for Pep;
        /// The value, or `None` before it is set or chosen at set-up (`PEPGetWhichEigenpairs`).
        pub fn which_eigenpairs(&self) -> Option<PepWhich> = PEPGetWhichEigenpairs as "PEPGetWhichEigenpairs";

        /// The value, or `None` before it is set or chosen at set-up (`PEPGetProblemType`).
        pub fn problem_type(&self) -> Option<PepProblemType> = PEPGetProblemType as "PEPGetProblemType";
    ];
}

solver_family! { Pep;
    solve(PepConvergedReason; before = callbacks::clear_soft_failure;
        /// Solves the polynomial eigenproblem (`PEPSolve`). Not converging all `nev` pairs is
        /// not an error: see [`converged_count`](Self::converged_count) and
        /// [`converged_reason`](Self::converged_reason). An `Err` or a panic in a monitor or
        /// a convergence or stopping test ends the solve and is returned here as
        /// [`Error::Callback`] or [`Error::CallbackPanic`].
        ///
        /// After any error the solver stays usable: what the aborted solve left open in it
        /// (and in the inner eigensolver of the `linear` type) is closed, what it changed
        /// for the solve is put back (the target and the shift divided by the scaling
        /// factor, the scaling of the region, JD's preconditioner), its type's work data is
        /// dropped, and the next `solve` sets it up again with the same operators, settings
        /// and monitors. The initial space is used up, as after a successful solve. The
        /// `qarnoldi` and `jd` types of SLEPc 3.18 allocate work memory in the solve itself
        /// that SLEPc frees only when the iteration ends on its own, so a failing monitor or
        /// convergence or stopping test stops the solver instead (agreed on every rank; the
        /// closure's error is returned here); other errors of theirs leak it. `toar`,
        /// `stoar` and `linear` (with its default Krylov-Schur) leak nothing. SLEPc 3.18's
        /// `jd` also allocates its set-up again, without freeing the first, when a setting
        /// changes between solves.
    ) = slepcrs_PEPSolveStoppable as "PEPSolve", slepcrs_PEPSaveState as "PEPSaveState", PEPSetUp as "PEPSetUp", slepcrs_PEPTrackSubMatrices as "PEPTrackSubMatrices";
    eigen_monitor(PepMonitorState
        ///
        /// ```
        /// use std::{cell::Cell, rc::Rc};
        /// use petsc::{InsertMode, Mat, Scalar, Sizes};
        /// let petsc = petsc::Petsc::init()?;
        /// let c = petsc.self_comm();
        /// let diag = |f: fn(f64) -> f64| -> petsc::Result<Mat> {
        ///     let mut a = Mat::aij(&c).sizes(Sizes::global(30, 30)).preallocate(1, 0).build()?;
        ///     for i in 0..30 {
        ///         a.set_values(&[i], &[i], &[Scalar::from(f((i + 1) as f64))], InsertMode::Insert)?;
        ///     }
        ///     a.assemble()?;
        ///     Ok(a)
        /// };
        /// let (k, cm, m) = (diag(|x| x * x)?, diag(|x| 0.1 * x)?, diag(|_| 1.0)?);
        /// let mut pep = slepc::Pep::new(&c)?;
        /// pep.set_operators(&[&k, &cm, &m])?;
        /// let calls = Rc::new(Cell::new(0));
        /// let seen = calls.clone();
        /// pep.monitor(move |state| {
        ///     seen.set(seen.get() + 1);
        ///     assert_eq!(state.re.len(), state.error_estimates.len());
        ///     Ok(())
        /// })?;
        /// pep.solve()?.check()?;
        /// assert_eq!(calls.get(), pep.iteration_number()?);
        /// # Ok::<(), petsc::Error>(())
        /// ```
    ) = PEPMonitorSet as "PEPMonitorSet", PEPMonitorCancel as "PEPMonitorCancel";
    conv_fn(
        /// The `linear` type ignores it (its inner [`Eps`](crate::Eps) tests convergence).
        ///
        /// ```
        /// use petsc::{InsertMode, Mat, Scalar, Sizes};
        /// use slepc::PepConv;
        /// let petsc = petsc::Petsc::init()?;
        /// let c = petsc.self_comm();
        /// let diag = |f: fn(f64) -> f64| -> petsc::Result<Mat> {
        ///     let mut a = Mat::aij(&c).sizes(Sizes::global(20, 20)).preallocate(1, 0).build()?;
        ///     for i in 0..20 {
        ///         a.set_values(&[i], &[i], &[Scalar::from(f((i + 1) as f64))], InsertMode::Insert)?;
        ///     }
        ///     a.assemble()?;
        ///     Ok(a)
        /// };
        /// // -(i+1) + lambda^2: lambda = +-sqrt(i+1)
        /// let (k, cm, m) = (diag(|x| -x)?, diag(|_| 0.0)?, diag(|_| 1.0)?);
        /// let mut pep = slepc::Pep::new(&c)?;
        /// pep.set_operators(&[&k, &cm, &m])?;
        /// // Absolute residuals, as PepConv::Abs.
        /// pep.set_convergence_test_function(|_re, _im, res| Ok(res))?;
        /// assert_eq!(pep.convergence_test()?, PepConv::User);
        /// pep.solve()?.check()?;
        /// assert!((pep.value(0)?.re.abs() - 20f64.sqrt()).abs() < 1e-8);
        /// # Ok::<(), petsc::Error>(())
        /// ```
    ) = PEPSetConvergenceTestFunction as "PEPSetConvergenceTestFunction";
    stop_fn(PepStopState, PepConvergedReason
        /// [`set_stopping_test`](Self::set_stopping_test)`(PepStop::Basic)` goes back to
        /// SLEPc's test. The `linear` type refuses user stopping tests at set-up.
        ///
        /// ```
        /// use petsc::{InsertMode, Mat, Scalar, Sizes};
        /// use slepc::{PepConvergedReason as R, PepStop};
        /// let petsc = petsc::Petsc::init()?;
        /// let c = petsc.self_comm();
        /// let diag = |f: fn(f64) -> f64| -> petsc::Result<Mat> {
        ///     let mut a = Mat::aij(&c).sizes(Sizes::global(100, 100)).preallocate(1, 0).build()?;
        ///     for i in 0..100 {
        ///         a.set_values(&[i], &[i], &[Scalar::from(f((i + 1) as f64))], InsertMode::Insert)?;
        ///     }
        ///     a.assemble()?;
        ///     Ok(a)
        /// };
        /// let (k, cm, m) = (diag(|x| x)?, diag(|x| 0.5 * x.sqrt())?, diag(|_| 1.0)?);
        /// let mut pep = slepc::Pep::new(&c)?;
        /// pep.set_operators(&[&k, &cm, &m])?;
        /// pep.set_stopping_test_function(|s| {
        ///     Ok(if s.iteration >= 2 { R::ConvergedUser } else { R::Iterating })
        /// })?;
        /// assert_eq!(pep.stopping_test()?, PepStop::User);
        /// let reason = pep.solve()?;
        /// assert_eq!(pep.iteration_number()?, 2);
        /// assert_eq!(reason, R::ConvergedUser);
        /// # Ok::<(), petsc::Error>(())
        /// ```
    ) = PEPSetStoppingTestFunction as "PEPSetStoppingTestFunction";
    converged(PepConvergedReason, "eigenpair", "nev") = PEPGetConverged as "PEPGetConverged", PEPGetIterationNumber as "PEPGetIterationNumber", PEPGetConvergedReason as "PEPGetConvergedReason";
    eigenpair("a coefficient matrix") = PEPGetEigenpair as "PEPGetEigenpair";
    error_estimate = PEPGetErrorEstimate as "PEPGetErrorEstimate";
    compute_error(PepErrorType, "eigenpair") = PEPComputeError as "PEPComputeError";
    target = slepcrs_PEPSetTarget as "PEPSetTarget", PEPGetTarget as "PEPGetTarget";
    conv_test(PepConv) = PEPSetConvergenceTest as "PEPSetConvergenceTest";
    stop_test(PepStop) = PEPSetStoppingTest as "PEPSetStoppingTest";
    bv = PEPGetBV as "PEPGetBV", PEPSetBV as "PEPSetBV";
    rg = PEPGetRG as "PEPGetRG", PEPSetRG as "PEPSetRG";
    tolerances = PEPSetTolerances as "PEPSetTolerances", PEPGetTolerances as "PEPGetTolerances";
    dimensions(nev, check_nev) = PEPSetDimensions as "PEPSetDimensions", PEPGetDimensions as "PEPGetDimensions";
    which(PepWhich, "call set_eigenvalue_comparison instead") = PEPSetWhichEigenpairs as "PEPSetWhichEigenpairs";
    views(crate::PepErrorType) = PEPErrorView as "PEPErrorView", PEPValuesView as "PEPValuesView", PEPVectorsView as "PEPVectorsView", PEPConvergedReasonView as "PEPConvergedReasonView";
}
