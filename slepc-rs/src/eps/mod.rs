//! Eigenvalue problem solvers (`EPS`): `A x = lambda x` and `A x = lambda B x`.
//!
//! - `mod.rs`: the [`Eps`] handle, its types, problem types, which eigenpairs, and what
//!   the solver family shares;
//! - `settings.rs`: the settings every type shares beyond those (problem as set up,
//!   balancing, extraction, two-sided solves, convergence test, the solver's parts);
//! - `types.rs`: the options of each solver type;
//! - `slicing.rs`: spectrum slicing by Krylov-Schur (subintervals, inertias, the inner
//!   solver, sub-communicators);
//! - `callbacks.rs`: tests and orderings as closures (convergence, stopping, arbitrary
//!   selection, comparison);
//! - `results.rs`: left eigenvectors, the invariant subspace, and the views of results.

use petsc::{Error, Int, Mat, Real, Result, Scalar, Vector};
use slepc_sys as sys;

use crate::checks;
use crate::declare::declare;
use crate::error::check;
use crate::family::solver_family;
use crate::handle::slepc_handle;
use crate::st::St;

mod callbacks;
mod results;
mod settings;
mod slicing;
pub use slicing::EpsSubcommMatsUpdate;
mod types;

pub use callbacks::EpsStopState;
pub use settings::{EpsBalance, EpsConv, EpsExtraction};
#[cfg(slepc_3_22)]
pub use types::EpsKrylovSchurBseType;
#[cfg(slepc_3_26)]
pub use types::EpsKrylovSchurLrepType;
pub use types::{
    EpsCissExtraction, EpsCissQuadRule, EpsCissSizes, EpsLanczosReorthog, EpsPowerShiftType,
};

slepc_handle!(
    /// A SLEPc eigensolver (`EPS`) for `A x = lambda x` or `A x = lambda B x`.
    ///
    /// ```
    /// use petsc::{InsertMode, Mat, Sizes};
    /// use slepc::{Eps, EpsProblemType, EpsWhich};
    /// let petsc = petsc::Petsc::init()?;
    /// let world = petsc.world();
    /// // 1D Laplacian tridiag(-1, 2, -1): eigenvalues 2 - 2 cos(k pi / (n + 1)).
    /// let n = 20;
    /// let mut a = Mat::aij(&world).sizes(Sizes::global(n, n)).preallocate(3, 2).build()?;
    /// for i in a.ownership_range()? {
    ///     for (j, v) in [(i - 1, -1.0), (i, 2.0), (i + 1, -1.0)] {
    ///         if (0..n).contains(&j) {
    ///             a.set_values(&[i], &[j], &[v], InsertMode::Insert)?;
    ///         }
    ///     }
    /// }
    /// a.assemble()?;
    ///
    /// let mut eps = Eps::new(&world)?;
    /// eps.set_operators(&a, None)?;
    /// eps.set_problem_type(EpsProblemType::Hep)?;
    /// eps.set_which_eigenpairs(EpsWhich::LargestReal)?;
    /// eps.set_dimensions_to(slepc::Dimensions::new(2))?;
    /// eps.set_tolerances(slepc::Tolerances { tol: Some(1e-10), ..Default::default() })?;
    /// eps.set_from_options()?; // -eps_type, -eps_nev, -st_type, ... still apply
    /// eps.solve()?.check()?;
    /// assert!(eps.converged_count()? >= 2);
    /// let (mut xr, mut xi) = a.create_vecs()?;
    /// let petsc::Complex { re, im } = eps.pair(0, &mut xr, &mut xi)?;
    /// let exact = 2.0 - 2.0 * (20.0 * std::f64::consts::PI / 21.0).cos();
    /// assert!((re - exact).abs() < 1e-8 && im == 0.0);
    /// assert!(eps.compute_error(0, slepc::EpsErrorType::Relative)? < 1e-9);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    Eps,
    sys::EPS,
    sys::slepcrs_EPSDestroy,
    /// A new eigensolver on `comm` (`EPSCreate`).
    new = sys::EPSCreate as "EPSCreate",
);

declare! { @types
/// Eigensolvers (`EPSType`); [`EpsType::Other`] names any registered type.
///
/// ```
/// use slepc::EpsType;
/// assert_eq!(EpsType::KrylovSchur.as_str(), "krylovschur");
/// assert_eq!(EpsType::from_name("lobpcg"), EpsType::Lobpcg);
/// assert_eq!(EpsType::from_name("mine"), EpsType::Other("mine".into()));
/// ```
EpsType {
    KrylovSchur = EPSKRYLOVSCHUR "krylovschur" "Krylov-Schur (SLEPc's default).",
    Lanczos = EPSLANCZOS "lanczos" "explicitly restarted Lanczos (symmetric problems).",
    Arnoldi = EPSARNOLDI "arnoldi" "explicitly restarted Arnoldi.",
    Lobpcg = EPSLOBPCG "lobpcg" "locally optimal block preconditioned CG (symmetric, smallest).",
    Gd = EPSGD "gd" "generalized Davidson.",
    Jd = EPSJD "jd" "Jacobi-Davidson.",
    Rqcg = EPSRQCG "rqcg" "Rayleigh quotient CG.",
    Power = EPSPOWER "power" "power iteration (and inverse / Rayleigh quotient iteration).",
    Subspace = EPSSUBSPACE "subspace" "subspace iteration.",
    Lapack = EPSLAPACK "lapack" "dense LAPACK solve (small problems, all eigenpairs).",
    Ciss = EPSCISS "ciss" "contour integral (Sakurai-Sugiura).",
    Lyapii = EPSLYAPII "lyapii" "Lyapunov inverse iteration.",
    Arpack = EPSARPACK "arpack" "ARPACK (when SLEPc was built with it).",
    Scalapack = EPSSCALAPACK "scalapack" "ScaLAPACK (when SLEPc was built with it).",
    Primme = EPSPRIMME "primme" "PRIMME (when SLEPc was built with it).",
    Feast = EPSFEAST "feast" "FEAST (when SLEPc was built with it).",
}
}

declare! { @enums
/// The kind of eigenproblem (`EPSProblemType`), which lets SLEPc use symmetry.
EpsProblemType: EPSProblemType {
    Hep = EPS_HEP "Hermitian `A x = lambda x`.",
    Ghep = EPS_GHEP "generalized Hermitian, `B` positive definite.",
    Nhep = EPS_NHEP "non-Hermitian `A x = lambda x`.",
    Gnhep = EPS_GNHEP "generalized non-Hermitian.",
    Pgnhep = EPS_PGNHEP "generalized non-Hermitian with positive (semi-)definite `B`.",
    Ghiep = EPS_GHIEP "generalized Hermitian-indefinite.",
}
}

declare! { @enum which
/// Which part of the spectrum to compute (`EPSWhich`); SLEPc's default is
/// [`EpsWhich::LargestMagnitude`].
EpsWhich: EPSWhich =
    EPS_LARGEST_MAGNITUDE, EPS_SMALLEST_MAGNITUDE, EPS_LARGEST_REAL, EPS_SMALLEST_REAL,
    EPS_LARGEST_IMAGINARY, EPS_SMALLEST_IMAGINARY, EPS_TARGET_MAGNITUDE, EPS_TARGET_REAL,
    EPS_TARGET_IMAGINARY;
    /// `EPS_ALL`: all eigenvalues in the interval of
    /// [`Eps::set_interval`] (spectrum slicing, symmetric problems).
    All = EPS_ALL,
    /// `EPS_WHICH_USER`: sorted by a user comparison; set by
    /// [`Eps::set_eigenvalue_comparison`] (refused by
    /// [`Eps::set_which_eigenpairs`]).
    User = EPS_WHICH_USER,
}

declare! { @error_type
/// How [`Eps::compute_error`] measures an eigenpair's error (`EPSErrorType`).
EpsErrorType: EPSErrorType = EPS_ERROR_ABSOLUTE "`||A x - lambda B x||` (`x` of norm 1)",
    EPS_ERROR_RELATIVE "`|lambda|`";
    /// `EPS_ERROR_BACKWARD`: the backward error.
    Backward = EPS_ERROR_BACKWARD
}

declare! { @reason
    /// Why a solve stopped (`EPSConvergedReason`): positive converged, negative diverged,
    /// zero still iterating. Codes this enum does not name are kept as `Unknown`.
    ///
    /// ```
    /// use slepc::EpsConvergedReason as R;
    /// assert_eq!(R::from_raw(1), R::ConvergedTol);
    /// assert!(R::ConvergedTol.is_converged());
    /// assert!(R::DivergedIts.is_diverged());
    /// assert_eq!(R::DivergedIts.to_string(), "DIVERGED_ITS");
    /// assert_eq!(R::from_raw(-42), R::Unknown(-42));
    /// ```
    EpsConvergedReason: "EPSConvergedReason" = EPSConvergedReason in EPSConvergedReasons,
        "EPS", "`nev` eigenpairs ";
    [
        /// `EPS_CONVERGED_USER` (2): a user stopping test said so.
        ConvergedUser = 2, "CONVERGED_USER";
    ] [
        /// `EPS_DIVERGED_SYMMETRY_LOST` (-3): symmetry was lost (indefinite problems).
        DivergedSymmetryLost = -3, "DIVERGED_SYMMETRY_LOST";
    ]
}

/// What a EPS monitor sees at one iteration (the state every eigensolver's monitor
/// sees).
pub type EpsMonitorState<'a> = crate::family::EigenMonitorState<'a>;

declare! { @eigensolver Eps [_p_EPS, EpsConvergedReason, EPSConvergedReason]
    [EPS_MONITOR, EPS_CONVERGENCE_TEST, EPS_STOPPING_TEST] {
    unsafe fn back(eps: sys::EPS, er: &mut [Scalar], ei: &mut [Scalar]) -> Result<()> {
        let mut st: sys::ST = std::ptr::null_mut();
        // SAFETY: `eps` is the live solver calling the monitor; its ST is borrowed.
        check(unsafe { sys::EPSGetST(eps, &mut st) })?;
        let n = er.len() as Int;
        // SAFETY: live ST; both arrays have `n` entries.
        check(unsafe { sys::STBackTransform(st, n, er.as_mut_ptr(), ei.as_mut_ptr()) })
    }
}}

fn mat_sizes(m: sys::Mat) -> Result<((Int, Int), (Int, Int))> {
    let (mut gm, mut gn, mut lm, mut ln): (Int, Int, Int, Int) = (0, 0, 0, 0);
    // SAFETY: the caller passes a live matrix.
    check(unsafe { sys::MatGetSize(m, &mut gm, &mut gn) })?;
    // SAFETY: as above.
    check(unsafe { sys::MatGetLocalSize(m, &mut lm, &mut ln) })?;
    Ok(((gm, gn), (lm, ln)))
}

petsc::class_methods! {
    Eps: EpsType, "EPS", sys::EPSList,
    example = "let mut obj = slepc::Eps::new(&petsc.self_comm())?;", a_type = "lanczos",
    inner = " and its parts (ST, KSP, BV, DS, RG)",
    set_type = sys::EPSSetType as "EPSSetType",
    set_options_prefix = sys::EPSSetOptionsPrefix as "EPSSetOptionsPrefix",
    append_options_prefix = sys::EPSAppendOptionsPrefix as "EPSAppendOptionsPrefix",
    options_prefix = sys::EPSGetOptionsPrefix as "EPSGetOptionsPrefix",
    set_from_options = sys::EPSSetFromOptions as "EPSSetFromOptions",
}

impl Eps {
    /// Sets the operators: `A` for `A x = lambda x`, or `A` and `B` for
    /// `A x = lambda B x` (`EPSSetOperators`). SLEPc keeps references, so the matrices may
    /// be dropped before the solver. `A` must be square and `B` of `A`'s global and local
    /// sizes; otherwise the error names both sizes.
    ///
    /// ```
    /// use petsc::{Mat, Sizes};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut a = Mat::aij(&c).sizes(Sizes::global(4, 4)).preallocate(1, 0).build()?;
    /// a.assemble()?;
    /// let mut b = Mat::aij(&c).sizes(Sizes::global(5, 5)).preallocate(1, 0).build()?;
    /// b.assemble()?;
    /// let mut eps = slepc::Eps::new(&c)?;
    /// let e = eps.set_operators(&a, Some(&b)).unwrap_err();
    /// assert!(e.to_string().contains("B is 5 x 5 but A is 4 x 4"), "{e}");
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "EPSSetOperators")]
    pub fn set_operators<'a>(&mut self, a: &Mat, b: impl Into<Option<&'a Mat>>) -> Result<()> {
        let b: Option<&Mat> = b.into();
        a.check_loan("Eps::set_operators")?;
        if let Some(m) = b {
            m.check_loan("Eps::set_operators")?;
        }
        petsc::ffi::refuse_lent("Eps::set_operators", b)?;
        const CTX: &str = "Eps::set_operators";
        let ((am, an), (alm, aln)) = mat_sizes(a.kept_raw(CTX)?)?;
        if am != an {
            return Err(Error::size_mismatch(
                CTX,
                format!("A is {am} x {an}, not square"),
            ));
        }
        if let Some(b) = b {
            let ((bm, bn), (blm, bln)) = mat_sizes(b.as_raw())?;
            if (bm, bn) != (am, an) {
                return Err(Error::size_mismatch(
                    CTX,
                    format!("B is {bm} x {bn} but A is {am} x {an}"),
                ));
            }
            // The split over the ranks may match on some ranks only.
            let local = if (blm, bln) != (alm, aln) {
                Err(Error::size_mismatch(
                    CTX,
                    format!("B has local size {blm} x {bln} but A has {alm} x {aln} on this rank"),
                ))
            } else {
                Ok(())
            };
            checks::agree(self, CTX, local)?;
        }
        let braw = b.map_or(std::ptr::null_mut(), Mat::as_raw);
        // SAFETY: live solver and matrices (B may be null); SLEPc references them.
        check(unsafe { sys::EPSSetOperators(self.ptr, a.kept_raw(CTX)?, braw) })
    }

    /// The global size `n` of the problem, or `None` before operators are set.
    pub fn size(&self) -> Result<Option<Int>> {
        Ok(self.layout()?.map(|(n, _)| n))
    }

    /// The problem's vectors' global and local sizes (`A`'s rows), or `None` before
    /// operators are set.
    fn layout(&self) -> Result<Option<checks::Layout>> {
        let (mut a, mut b): (sys::Mat, sys::Mat) = (std::ptr::null_mut(), std::ptr::null_mut());
        let mut nmat: Int = 0;
        let mut sst: sys::ST = std::ptr::null_mut();
        // SAFETY: live solver.
        check(unsafe { sys::EPSGetST(self.ptr, &mut sst) })?;
        // SAFETY: live ST.
        check(unsafe { sys::STGetNumMatrices(sst, &mut nmat) })?;
        if nmat == 0 {
            return Ok(None);
        }
        // SAFETY: operators are set; SLEPc returns borrowed matrices.
        check(unsafe { sys::EPSGetOperators(self.ptr, &mut a, &mut b) })?;
        let ((n, _), (ln, _)) = mat_sizes(a)?;
        Ok(Some((n, ln)))
    }

    petsc::methods![for Eps;
        /// Sets the kind of problem (`EPSSetProblemType`).
        pub fn set_problem_type(&mut self, ty: EpsProblemType)
            = EPSSetProblemType as "EPSSetProblemType";
    ];

    petsc::methods![for Eps;
        /// Which eigenpairs are computed (`EPSGetWhichEigenpairs`).
        pub fn which_eigenpairs(&self) -> EpsWhich = EPSGetWhichEigenpairs as "EPSGetWhichEigenpairs";
    ];

    /// Sets the interval `[a, b]` for [`EpsWhich::All`] (`EPSSetInterval`); `a < b` is
    /// checked here.
    #[doc(alias = "EPSSetInterval")]
    pub fn set_interval(&mut self, a: Real, b: Real) -> Result<()> {
        if a.partial_cmp(&b) != Some(std::cmp::Ordering::Less) {
            return Err(Error::invalid(
                "Eps::set_interval",
                format!("the interval [{a}, {b}] is empty: a must be below b"),
            ));
        }
        // SAFETY: live solver.
        check(unsafe { sys::EPSSetInterval(self.ptr, a, b) })
    }

    /// The interval (`EPSGetInterval`).
    #[doc(alias = "EPSGetInterval")]
    pub fn interval(&self) -> Result<(Real, Real)> {
        let (mut a, mut b) = (0.0, 0.0);
        // SAFETY: live solver; two outputs.
        check(unsafe { sys::EPSGetInterval(self.ptr, &mut a, &mut b) })?;
        Ok((a, b))
    }

    fn check_nev(&self, ctx: &str, nev: Int) -> Result<()> {
        checks::count_fits(ctx, "eigenpairs", nev, self.size()?)
    }

    /// Sets up the solver now (`EPSSetUp`); `solve` does it otherwise.
    #[doc(alias = "EPSSetUp")]
    pub fn set_up(&mut self) -> Result<()> {
        self.check_ready("Eps::set_up")?;
        // SAFETY: live solver.
        check(unsafe { sys::EPSSetUp(self.ptr) })
    }

    /// Starting vectors (`EPSSetInitialSpace`); SLEPc copies them. Their sizes must be
    /// the problem's.
    #[doc(alias = "EPSSetInitialSpace")]
    pub fn set_initial_space(&mut self, vectors: &[&Vector]) -> Result<()> {
        petsc::ffi::refuse_lent("Eps::set_initial_space", vectors.iter().copied())?;
        let mut raw = self.vector_list("Eps::set_initial_space", vectors)?;
        // SAFETY: live solver and vectors; SLEPc copies them.
        check(unsafe { sys::EPSSetInitialSpace(self.ptr, raw.len() as Int, raw.as_mut_ptr()) })
    }

    /// Vectors to deflate: the solver looks for eigenvectors orthogonal to them
    /// (`EPSSetDeflationSpace`), for example a known null space.
    #[doc(alias = "EPSSetDeflationSpace")]
    pub fn set_deflation_space(&mut self, vectors: &[&Vector]) -> Result<()> {
        petsc::ffi::refuse_lent("Eps::set_deflation_space", vectors.iter().copied())?;
        let mut raw = self.vector_list("Eps::set_deflation_space", vectors)?;
        // SAFETY: live solver and vectors; SLEPc copies them.
        check(unsafe { sys::EPSSetDeflationSpace(self.ptr, raw.len() as Int, raw.as_mut_ptr()) })
    }

    /// The raw vectors, once their number is the same on every rank and their global and
    /// local sizes are the problem's on every rank: a vector of another layout on any rank is the same `Err` on all of them
    /// (SLEPc would fail on some ranks only, or keep a space no later solve can use).
    fn vector_list(&self, ctx: &str, vectors: &[&Vector]) -> Result<Vec<sys::Vec>> {
        checks::same_count(self, ctx, "vectors", vectors.len())?;
        if let Some(layout) = self.layout()? {
            let sizes = checks::sizes(ctx, "vector", vectors, layout, checks::Wanted::Problem);
            checks::agree(self, ctx, sizes)?;
        }
        Ok(vectors.iter().map(|v| v.as_raw()).collect())
    }

    fn check_ready(&self, ctx: &str) -> Result<()> {
        if self.size()?.is_none() {
            return Err(Error::invalid(ctx, "no operator: call set_operators first"));
        }
        let (nev, _, _) = self.dimensions()?;
        self.check_nev(ctx, nev)
    }

    /// Puts the solver back after a set-up or solve that returned an error (see
    /// [`solve`](Self::solve)): first the inner linear solver of the spectral
    /// transformation, whose aborted solve left its preconditioner's pre-solve open,
    /// then what the eigensolver left open. Raw calls whose errors are dropped: the
    /// solve's error is what the caller sees.
    fn recover(&mut self) {
        // SAFETY: live solver; the failed solve has returned.
        unsafe { recover_raw(self.ptr) };
    }

    /// Refuses a vector whose global size, or split over the ranks, is not the
    /// problem's, on every rank if on one (the callers are collective).
    fn check_vec(&self, ctx: &str, name: &str, v: &Vector) -> Result<()> {
        if let Some(layout) = self.layout()? {
            let sizes = checks::sizes(ctx, name, &[v], layout, checks::Wanted::Problem);
            checks::agree(self, ctx, sizes)?;
        }
        Ok(())
    }

    /// Eigenvalue `i` (from 0, `i < converged_count()`) as a complex number (`EPSGetEigenvalue`),
    /// sorted as [`EpsWhich`] asks.
    ///
    /// In a real PETSc build, a complex eigenvalue of a real non-symmetric problem comes
    /// with its conjugate as a pair at `i` and `i + 1` (`im > 0` first); in a complex build
    /// each eigenvalue is one complex number. Both builds return a `Complex<Real>` (`petsc::Complex`).
    #[doc(alias = "EPSGetEigenvalue")]
    pub fn value(&self, i: Int) -> Result<petsc::Complex<Real>> {
        self.check_index("Eps::value", i)?;
        let (mut kr, mut ki) = (Scalar::default(), Scalar::default());
        // SAFETY: live solver, index checked; two outputs.
        check(unsafe { sys::EPSGetEigenvalue(self.ptr, i, &mut kr, &mut ki) })?;
        Ok(crate::family::complex(kr, ki))
    }

    /// Eigenvalue `i` as `(re, im)` (`EPSGetEigenvalue`).
    #[deprecated(
        since = "0.2.0",
        note = "use `value` (the eigenvalue as `Complex<Real>`, as `petsc::Complex` is)"
    )]
    pub fn eigenvalue(&self, i: Int) -> Result<(Real, Real)> {
        self.value(i).map(|v| (v.re, v.im))
    }

    /// Eigenvector `i` only (`EPSGetEigenvector`): real and imaginary parts as in
    /// [`eigenpair`](Self::eigenpair).
    #[doc(alias = "EPSGetEigenvector")]
    pub fn eigenvector(&self, i: Int, xr: &mut Vector, xi: &mut Vector) -> Result<()> {
        const CTX: &str = "Eps::eigenvector";
        self.check_index(CTX, i)?;
        self.check_vec(CTX, "xr", xr)?;
        self.check_vec(CTX, "xi", xi)?;
        let _writes = checks::agree(self, CTX, checks::access(CTX, &[], &[&*xr, &*xi]))?;
        // SAFETY: as in `eigenpair`.
        check(unsafe { sys::EPSGetEigenvector(self.ptr, i, xr.as_raw(), xi.as_raw()) })
    }

    /// The spectral transformation (`EPSGetST`), as a handle holding its own reference
    /// and one to this solver (so either handle may be dropped first); changes made
    /// through it apply to this solver.
    #[doc(alias = "EPSGetST")]
    pub fn st(&self) -> Result<St> {
        let mut st: sys::ST = std::ptr::null_mut();
        // SAFETY: live solver; SLEPc returns its ST (borrowed).
        check(unsafe { sys::EPSGetST(self.ptr, &mut st) })?;
        // SAFETY: `st` and the solver are live; the handle takes a reference to each.
        unsafe { St::from_raw_child(&self.slepc, st, self.ptr as sys::PetscObject) }
    }
}

/// [`Eps::recover`] on a raw solver, also for the inner eigensolver of an SVD (cross and
/// cyclic types), which a failed singular value solve leaves in the same state.
///
/// # Safety
/// `eps` must be a live EPS, none of whose solves is running.
pub(crate) unsafe fn recover_raw(eps: sys::EPS) {
    let mut ksp: sys::KSP = std::ptr::null_mut();
    // SAFETY: live solver (caller); one output (its ST's KSP, borrowed, or null).
    if unsafe { sys::slepcrs_EPSGetInnerKSP(eps, &mut ksp) } == 0 && !ksp.is_null() {
        // SAFETY: live KSP of the solver's ST; the failed solve has returned, so no
        // solve of it is running.
        unsafe { petsc::ffi::recover_ksp(ksp) };
    }
    // SAFETY: live solver, no solve running (caller).
    unsafe { sys::slepcrs_EPSRecover(eps) };
}

pub(crate) use crate::family::combine;

impl Eps {
    petsc::methods![for Eps;
        /// The value, or `None` before it is set or chosen at set-up (`EPSGetProblemType`).
        pub fn problem_type(&self) -> Option<EpsProblemType> = EPSGetProblemType as "EPSGetProblemType";
    ];
}

solver_family! { Eps;
    solve(EpsConvergedReason; before = callbacks::clear_soft_failure;
        /// Solves the eigenproblem (`EPSSolve`). Not converging all `nev` pairs is not an
        /// error: see [`converged_count`](Self::converged_count) and
        /// [`converged_reason`](Self::converged_reason). An `Err` or a panic in a monitor ends
        /// the solve and is returned here as [`Error::Callback`] or [`Error::CallbackPanic`].
        ///
        /// After any error (those, an `Err` or a panic in a shell matrix of the operators, a
        /// failed inner linear solve of the spectral transformation, SLEPc's or PETSc's own)
        /// the solver stays usable: what the aborted solve had left open in it is closed,
        /// its type's work data is dropped, and the next `solve` sets it up again as after
        /// [`set_operators`](Self::set_operators), with the same operators, settings and
        /// monitors. As after a successful solve, the initial and deflation spaces are used
        /// up. Some solver types (`lanczos`, `subspace`, `jd`, `lobpcg`, `rqcg` in SLEPc
        /// 3.18) allocate work memory in the solve itself that SLEPc frees only when the
        /// iteration ends on its own. A monitor or a convergence or stopping test that fails
        /// therefore does not return through SLEPc: the failure is agreed on every rank (the
        /// other ranks' `Err` is "another rank (rank R) failed: ..."), the solver stops at
        /// its next stopping test, and the closure's error is returned here. Other errors
        /// (a shell operator's, PETSc's own) return through SLEPc, and a failed solve of
        /// those types leaks that memory. Krylov-Schur, Arnoldi, GD and the power iteration
        /// leak nothing.
    ) = slepcrs_EPSSolveStoppable as "EPSSolve", EPSSetUp as "EPSSetUp", slepcrs_EPSTrackSubMatrices as "EPSTrackSubMatrices";
    eigen_monitor(EpsMonitorState
        ///
        /// ```
        /// use std::{cell::Cell, rc::Rc};
        /// use petsc::{InsertMode, Mat, Sizes};
        /// let petsc = petsc::Petsc::init()?;
        /// let c = petsc.self_comm();
        /// let mut a = Mat::aij(&c).sizes(Sizes::global(50, 50)).preallocate(1, 0).build()?;
        /// for i in 0..50 {
        ///     a.set_values(&[i], &[i], &[(i + 1) as f64], InsertMode::Insert)?;
        /// }
        /// a.assemble()?;
        /// let mut eps = slepc::Eps::new(&c)?;
        /// eps.set_operators(&a, None)?;
        /// let calls = Rc::new(Cell::new(0));
        /// let seen = calls.clone();
        /// eps.monitor(move |state| {
        ///     seen.set(seen.get() + 1);
        ///     assert_eq!(state.re.len(), state.error_estimates.len());
        ///     Ok(())
        /// })?;
        /// eps.solve()?.check()?;
        /// assert_eq!(calls.get(), eps.iteration_number()?);
        /// # Ok::<(), petsc::Error>(())
        /// ```
    ) = EPSMonitorSet as "EPSMonitorSet", EPSMonitorCancel as "EPSMonitorCancel";
    conv_fn(
        ///
        /// ```
        /// use petsc::{InsertMode, Mat, Scalar, Sizes};
        /// let petsc = petsc::Petsc::init()?;
        /// let c = petsc.self_comm();
        /// let mut a = Mat::aij(&c).sizes(Sizes::global(20, 20)).preallocate(1, 0).build()?;
        /// for i in 0..20 {
        ///     a.set_values(&[i], &[i], &[Scalar::from((i + 1) as f64)], InsertMode::Insert)?;
        /// }
        /// a.assemble()?;
        /// let mut eps = slepc::Eps::new(&c)?;
        /// eps.set_operators(&a, None)?;
        /// // Absolute residuals, as EpsConv::Abs.
        /// eps.set_convergence_test_function(|_re, _im, res| Ok(res))?;
        /// eps.solve()?.check()?;
        /// assert!((eps.value(0)?.re - 20.0).abs() < 1e-8);
        /// assert_eq!(eps.convergence_test()?, None); // a user test
        /// # Ok::<(), petsc::Error>(())
        /// ```
    ) = EPSSetConvergenceTestFunction as "EPSSetConvergenceTestFunction";
    stop_fn(EpsStopState, EpsConvergedReason
        ///
        /// ```
        /// use petsc::{InsertMode, Mat, Scalar, Sizes};
        /// use slepc::EpsConvergedReason as R;
        /// let petsc = petsc::Petsc::init()?;
        /// let c = petsc.self_comm();
        /// let mut a = Mat::aij(&c).sizes(Sizes::global(100, 100)).preallocate(1, 0).build()?;
        /// for i in 0..100 {
        ///     a.set_values(&[i], &[i], &[Scalar::from((i + 1) as f64)], InsertMode::Insert)?;
        /// }
        /// a.assemble()?;
        /// let mut eps = slepc::Eps::new(&c)?;
        /// eps.set_operators(&a, None)?;
        /// eps.set_stopping_test_function(|s| {
        ///     Ok(if s.iteration >= 2 { R::ConvergedUser } else { R::Iterating })
        /// })?;
        /// let reason = eps.solve()?;
        /// assert_eq!(eps.iteration_number()?, 2);
        /// assert_eq!(reason, R::ConvergedUser);
        /// # Ok::<(), petsc::Error>(())
        /// ```
    ) = EPSSetStoppingTestFunction as "EPSSetStoppingTestFunction";
    converged(EpsConvergedReason, "eigenpair", "nev") = EPSGetConverged as "EPSGetConverged", EPSGetIterationNumber as "EPSGetIterationNumber", EPSGetConvergedReason as "EPSGetConvergedReason";
    eigenpair("the operator") = EPSGetEigenpair as "EPSGetEigenpair";
    error_estimate = EPSGetErrorEstimate as "EPSGetErrorEstimate";
    compute_error(EpsErrorType, "eigenpair") = EPSComputeError as "EPSComputeError";
    target = slepcrs_EPSSetTarget as "EPSSetTarget", EPSGetTarget as "EPSGetTarget";
    bv = EPSGetBV as "EPSGetBV", EPSSetBV as "EPSSetBV";
    rg = EPSGetRG as "EPSGetRG", EPSSetRG as "EPSSetRG";
    tolerances = EPSSetTolerances as "EPSSetTolerances", EPSGetTolerances as "EPSGetTolerances";
    dimensions(nev, check_nev) = EPSSetDimensions as "EPSSetDimensions", EPSGetDimensions as "EPSGetDimensions";
    which(EpsWhich, "call set_eigenvalue_comparison instead") = EPSSetWhichEigenpairs as "EPSSetWhichEigenpairs";
    views(crate::EpsErrorType) = EPSErrorView as "EPSErrorView", EPSValuesView as "EPSValuesView", EPSVectorsView as "EPSVectorsView", EPSConvergedReasonView as "EPSConvergedReasonView";
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Run by `crate::tests::with_petsc` (PETSc starts once per process).
    pub(crate) fn diagonal_problem(petsc: &petsc::Petsc) {
        let c = petsc.self_comm();
        let mut a = Mat::aij(&c)
            .sizes(petsc::Sizes::global(10, 10))
            .preallocate(1, 0)
            .build()
            .unwrap();
        for i in 0..10 {
            a.set_values(
                &[i],
                &[i],
                &[Scalar::from((i + 1) as f64)],
                petsc::InsertMode::Insert,
            )
            .unwrap();
        }
        a.assemble().unwrap();
        let mut eps = Eps::new(&c).unwrap();
        eps.set_operators(&a, None).unwrap();
        eps.set_problem_type(EpsProblemType::Hep).unwrap();
        eps.set_dimensions_to(crate::Dimensions::new(3)).unwrap();
        eps.solve().unwrap().check().unwrap();
        assert!(eps.converged_count().unwrap() >= 3);
        for k in 0..3 {
            let petsc::Complex { re, im } = eps.value(k).unwrap();
            assert!((re - (10 - k) as f64).abs() < 1e-8 && im == 0.0);
        }
        assert!(eps.value(99).is_err());
    }
}
