//! Krylov solvers (`KSP`): set operators, pick a method and a preconditioner (in code or
//! from the options database), solve, and inspect how the solve ended.

use std::os::raw::c_void;

use petsc_sys as sys;

use crate::callback::{
    CallbackKind, attach_to_dm, hand_over, is_attached, release_at, run, share_closures,
};
use crate::comm::Comm;
use crate::dm::Da;
use crate::error::{Error, Result, check, check_count, check_tolerance, record_destroy};
use crate::init::Petsc;
use crate::jacobian::JacobianMats;
use crate::mat::Mat;
use crate::object::{Object, petsc_handle, type_enum};
use crate::vec::{ReadLocks, Vector};

mod block;
mod hooks;
mod of_lmvm;
mod shell;
use crate::{Int, Real};
pub use hooks::ConvergenceTest;

petsc_handle!(
    /// A PETSc Krylov solver (`KSP`) for `A x = b`.
    ///
    /// ```
    /// use petsc::{InsertMode, Ksp, KspType, Mat, PcType};
    /// let petsc = petsc::Petsc::init()?;
    /// let world = petsc.world();
    /// // 1D Laplacian, exact solution all ones.
    /// let n = 10;
    /// let mut a = Mat::new_aij(&world, None, None, Some(n), Some(n), 3, 2)?;
    /// for i in a.ownership_range()? {
    ///     for (j, v) in [(i - 1, -1.0), (i, 2.0), (i + 1, -1.0)] {
    ///         if (0..n).contains(&j) {
    ///             a.set_values(&[i], &[j], &[v], InsertMode::Insert)?;
    ///         }
    ///     }
    /// }
    /// a.assemble()?;
    /// let (mut x, mut b) = a.create_vecs()?;
    /// x.set(1.0)?;
    /// a.mult(&x, &mut b)?;
    /// x.set(0.0)?;
    ///
    /// let mut ksp = Ksp::new(&world)?;
    /// ksp.set_operators(&a, &a)?;
    /// ksp.set_type(KspType::Cg)?;
    /// ksp.pc()?.set_type(PcType::Jacobi)?;
    /// ksp.set_tolerances(Some(1e-10), None, None, Some(100))?;
    /// ksp.set_from_options()?; // -ksp_type, -pc_type, -ksp_monitor, ... still apply
    /// ksp.solve(&b, &mut x)?;
    /// assert!(ksp.converged_reason()?.is_converged());
    /// x.shift(-1.0)?;
    /// assert!(x.norm(petsc::NormType::Infinity)? < 1e-8);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    Ksp,
    sys::KSP,
    sys::KSPDestroy
);

type_enum!(
/// Krylov methods (`KSPType`); [`KspType::Other`] names any registered type.
///
/// ```
/// use petsc::KspType;
/// assert_eq!(KspType::Gmres.as_str(), "gmres");
/// assert_eq!(KspType::from_name("bcgs"), KspType::Bcgs);
/// assert_eq!(KspType::from_name("mine"), KspType::Other("mine".into()));
/// assert_eq!("cg".parse::<KspType>().unwrap(), KspType::Cg);
/// assert_eq!(KspType::Preonly.to_string(), "preonly");
/// ```
KspType {
        /// `KSPRICHARDSON`: preconditioned Richardson iteration.
        Richardson = "richardson",
        /// `KSPCHEBYSHEV`: Chebyshev iteration.
        Chebyshev = "chebyshev",
        /// `KSPCG`: conjugate gradients (symmetric positive definite).
        Cg = "cg",
        /// `KSPPIPECG`: pipelined conjugate gradients.
        Pipecg = "pipecg",
        /// `KSPCGNE`: CG on the normal equations.
        Cgne = "cgne",
        /// `KSPFCG`: flexible CG.
        Fcg = "fcg",
        /// `KSPGMRES`: restarted GMRES (PETSc's default).
        Gmres = "gmres",
        /// `KSPFGMRES`: flexible GMRES (variable preconditioners).
        Fgmres = "fgmres",
        /// `KSPLGMRES`: augmented GMRES.
        Lgmres = "lgmres",
        /// `KSPDGMRES`: deflated GMRES.
        Dgmres = "dgmres",
        /// `KSPPGMRES`: pipelined GMRES.
        Pgmres = "pgmres",
        /// `KSPTCQMR`: transpose-free QMR (Chan's variant).
        Tcqmr = "tcqmr",
        /// `KSPBCGS`: BiCGStab.
        Bcgs = "bcgs",
        /// `KSPIBCGS`: improved BiCGStab.
        Ibcgs = "ibcgs",
        /// `KSPBCGSL`: BiCGStab(L).
        Bcgsl = "bcgsl",
        /// `KSPCGS`: conjugate gradient squared.
        Cgs = "cgs",
        /// `KSPTFQMR`: transpose-free QMR.
        Tfqmr = "tfqmr",
        /// `KSPCR`: conjugate residuals.
        Cr = "cr",
        /// `KSPLSQR`: least squares.
        Lsqr = "lsqr",
        /// `KSPPREONLY`: apply the preconditioner once (direct solves).
        Preonly = "preonly",
        /// `KSPBICG`: biconjugate gradients.
        Bicg = "bicg",
        /// `KSPMINRES`: minimum residual (symmetric indefinite).
        Minres = "minres",
        /// `KSPSYMMLQ`: SYMMLQ.
        Symmlq = "symmlq",
        /// `KSPGCR`: generalized conjugate residuals.
        Gcr = "gcr",
        /// `KSPCGLS`: CG for least squares.
        Cgls = "cgls",
});

/// Why a solve stopped (`KSPConvergedReason`): positive codes converged, negative ones
/// diverged, zero is still iterating. Codes this enum does not name are kept as
/// [`ConvergedReason::Unknown`].
///
/// `Display` prints PETSc's name for the reason in the PETSc version linked
/// (`CONVERGED_RTOL`, `DIVERGED_ITS`), as `-ksp_converged_reason` does. A few codes and
/// names changed between versions: PETSc 3.19 renamed `CG_NEG_CURVE` to `NEG_CURVE`,
/// made `CG_CONSTRAINED` an alias of `STEP_LENGTH` and renumbered `STEP_LENGTH` and
/// `HAPPY_BREAKDOWN`; 3.24 renamed `RTOL_NORMAL`/`ATOL_NORMAL` to
/// `RTOL_NORMAL_EQUATIONS`/`ATOL_NORMAL_EQUATIONS`; later versions added the `USER` and
/// `INNER_SOLVE_FAILED` reasons. Match on the variants, not on the numbers.
///
/// ```
/// use petsc::ConvergedReason;
/// let r = ConvergedReason::from_raw(2);
/// assert_eq!(r, ConvergedReason::ConvergedRtol);
/// assert!(r.is_converged());
/// assert_eq!(r.to_string(), "CONVERGED_RTOL");
/// let d = ConvergedReason::DivergedIts;
/// assert!(d.is_diverged() && !d.is_converged());
/// assert_eq!(d.code(), -3);
/// assert_eq!(ConvergedReason::from_raw(-77), ConvergedReason::Unknown(-77));
/// assert!(ConvergedReason::from_raw(-77).is_diverged());
/// assert_eq!(ConvergedReason::from_raw(-77).to_string(), "KSPConvergedReason(-77)");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ConvergedReason {
    /// `KSP_CONVERGED_ITERATING` (0): the solve has not finished (or not started).
    Iterating,
    /// `KSP_CONVERGED_RTOL_NORMAL` (1; `KSP_CONVERGED_RTOL_NORMAL_EQUATIONS` since PETSc
    /// 3.24): the residual of the normal equations decreased by `rtol` (`lsqr`).
    ConvergedRtolNormal,
    /// `KSP_CONVERGED_RTOL` (2): residual norm below `rtol * ||b||`.
    ConvergedRtol,
    /// `KSP_CONVERGED_ATOL` (3): residual norm below `atol`.
    ConvergedAtol,
    /// `KSP_CONVERGED_ITS` (4): ran the requested number of iterations (`preonly`, ...).
    ConvergedIts,
    /// `KSP_CONVERGED_CG_NEG_CURVE` (5; `KSP_CONVERGED_NEG_CURVE` since PETSc 3.19):
    /// negative curvature detected.
    ConvergedCgNegCurve,
    /// `KSP_CONVERGED_CG_CONSTRAINED` (6). Since PETSc 3.19 an alias of
    /// [`ConvergedStepLength`](Self::ConvergedStepLength) (same code, same name):
    /// `from_raw` returns that variant.
    ConvergedCgConstrained,
    /// `KSP_CONVERGED_STEP_LENGTH` (7; 6 since PETSc 3.19).
    ConvergedStepLength,
    /// `KSP_CONVERGED_HAPPY_BREAKDOWN` (8; 7 since PETSc 3.19).
    ConvergedHappyBreakdown,
    /// `KSP_CONVERGED_ATOL_NORMAL` (9; `KSP_CONVERGED_ATOL_NORMAL_EQUATIONS` since PETSc
    /// 3.24).
    ConvergedAtolNormal,
    /// `KSP_CONVERGED_USER` (8, PETSc 3.25 and later): a user convergence test declared
    /// convergence.
    #[cfg(petsc_3_25)]
    ConvergedUser,
    /// `KSP_DIVERGED_NULL` (-2).
    DivergedNull,
    /// `KSP_DIVERGED_ITS` (-3): reached the maximum number of iterations.
    DivergedIts,
    /// `KSP_DIVERGED_DTOL` (-4): residual norm grew past `dtol * ||b||`.
    DivergedDtol,
    /// `KSP_DIVERGED_BREAKDOWN` (-5).
    DivergedBreakdown,
    /// `KSP_DIVERGED_BREAKDOWN_BICG` (-6).
    DivergedBreakdownBicg,
    /// `KSP_DIVERGED_NONSYMMETRIC` (-7).
    DivergedNonsymmetric,
    /// `KSP_DIVERGED_INDEFINITE_PC` (-8).
    DivergedIndefinitePc,
    /// `KSP_DIVERGED_NANORINF` (-9): a NaN or infinity appeared.
    DivergedNanOrInf,
    /// `KSP_DIVERGED_INDEFINITE_MAT` (-10).
    DivergedIndefiniteMat,
    /// `KSP_DIVERGED_PC_FAILED` (-11): the preconditioner failed (zero pivot, ...).
    DivergedPcFailed,
    /// `KSP_DIVERGED_USER` (-12, PETSc 3.25 and later): a user convergence test declared
    /// divergence.
    #[cfg(petsc_3_25)]
    DivergedUser,
    /// `KSP_DIVERGED_INNER_SOLVE_FAILED` (-13, PETSc 3.26 and later): an inner linear
    /// solve failed (`eksm`, ...).
    #[cfg(petsc_3_26)]
    DivergedInnerSolveFailed,
    /// A code this version of petsc-rs does not name, kept as PETSc's number.
    Unknown(i32),
}

/// `(variant, code, PETSc name)` for every named reason, as the linked PETSc numbers and
/// names them (its `KSPConvergedReasons` table). An alias (a later entry with the code
/// of an earlier one) gives its variant a code and a name; `from_raw` returns the first.
const REASONS: &[(ConvergedReason, i32, &str)] = &[
    (ConvergedReason::Iterating, 0, "CONVERGED_ITERATING"),
    #[cfg(not(petsc_3_24))]
    (
        ConvergedReason::ConvergedRtolNormal,
        1,
        "CONVERGED_RTOL_NORMAL",
    ),
    #[cfg(petsc_3_24)]
    (
        ConvergedReason::ConvergedRtolNormal,
        1,
        "CONVERGED_RTOL_NORMAL_EQUATIONS",
    ),
    (ConvergedReason::ConvergedRtol, 2, "CONVERGED_RTOL"),
    (ConvergedReason::ConvergedAtol, 3, "CONVERGED_ATOL"),
    (ConvergedReason::ConvergedIts, 4, "CONVERGED_ITS"),
    #[cfg(not(petsc_3_19))]
    (
        ConvergedReason::ConvergedCgNegCurve,
        5,
        "CONVERGED_CG_NEG_CURVE",
    ),
    #[cfg(not(petsc_3_19))]
    (
        ConvergedReason::ConvergedCgConstrained,
        6,
        "CONVERGED_CG_CONSTRAINED",
    ),
    #[cfg(not(petsc_3_19))]
    (
        ConvergedReason::ConvergedStepLength,
        7,
        "CONVERGED_STEP_LENGTH",
    ),
    #[cfg(not(petsc_3_19))]
    (
        ConvergedReason::ConvergedHappyBreakdown,
        8,
        "CONVERGED_HAPPY_BREAKDOWN",
    ),
    #[cfg(petsc_3_19)]
    (
        ConvergedReason::ConvergedCgNegCurve,
        5,
        "CONVERGED_NEG_CURVE",
    ),
    #[cfg(petsc_3_19)]
    (
        ConvergedReason::ConvergedStepLength,
        6,
        "CONVERGED_STEP_LENGTH",
    ),
    #[cfg(petsc_3_19)]
    (
        ConvergedReason::ConvergedHappyBreakdown,
        7,
        "CONVERGED_HAPPY_BREAKDOWN",
    ),
    #[cfg(petsc_3_25)]
    (ConvergedReason::ConvergedUser, 8, "CONVERGED_USER"),
    #[cfg(not(petsc_3_24))]
    (
        ConvergedReason::ConvergedAtolNormal,
        9,
        "CONVERGED_ATOL_NORMAL",
    ),
    #[cfg(petsc_3_24)]
    (
        ConvergedReason::ConvergedAtolNormal,
        9,
        "CONVERGED_ATOL_NORMAL_EQUATIONS",
    ),
    (ConvergedReason::DivergedNull, -2, "DIVERGED_NULL"),
    (ConvergedReason::DivergedIts, -3, "DIVERGED_ITS"),
    (ConvergedReason::DivergedDtol, -4, "DIVERGED_DTOL"),
    (ConvergedReason::DivergedBreakdown, -5, "DIVERGED_BREAKDOWN"),
    (
        ConvergedReason::DivergedBreakdownBicg,
        -6,
        "DIVERGED_BREAKDOWN_BICG",
    ),
    (
        ConvergedReason::DivergedNonsymmetric,
        -7,
        "DIVERGED_NONSYMMETRIC",
    ),
    (
        ConvergedReason::DivergedIndefinitePc,
        -8,
        "DIVERGED_INDEFINITE_PC",
    ),
    (ConvergedReason::DivergedNanOrInf, -9, "DIVERGED_NANORINF"),
    (
        ConvergedReason::DivergedIndefiniteMat,
        -10,
        "DIVERGED_INDEFINITE_MAT",
    ),
    (ConvergedReason::DivergedPcFailed, -11, "DIVERGED_PC_FAILED"),
    #[cfg(petsc_3_25)]
    (ConvergedReason::DivergedUser, -12, "DIVERGED_USER"),
    #[cfg(petsc_3_26)]
    (
        ConvergedReason::DivergedInnerSolveFailed,
        -13,
        "DIVERGED_INNER_SOLVE_FAILED",
    ),
    // Aliases, after the entries `from_raw` returns.
    #[cfg(petsc_3_19)]
    (
        ConvergedReason::ConvergedCgConstrained,
        6,
        "CONVERGED_STEP_LENGTH",
    ),
];

crate::converged_reason_impls!(
    ConvergedReason,
    REASONS,
    "KSPConvergedReason",
    raw = sys::KSPConvergedReason
);

/// A monitor closure.
type MonitorFn = dyn FnMut(Int, Real) -> Result<()>;

/// `KSPMonitorSet` trampoline.
unsafe extern "C" fn monitor_trampoline(
    _ksp: sys::KSP,
    it: Int,
    rnorm: Real,
    ctx: *mut c_void,
) -> sys::PetscErrorCode {
    run::<MonitorFn>(ctx, CallbackKind::KspMonitor, |_, f| f(it, rnorm))
}

/// What a failed solve can leave behind on a KSP, recorded before the solve so that
/// [`SolveGuard::recover`] can put it back. PETSc does not restore these when an error
/// ends `KSPSolve` part way through:
///
/// - `KSPSolve` brackets the Krylov iteration with `PCPreSolve`/`PCPostSolve`, which raise
///   and lower a nesting count on the PC (`presolvedone`), and `PCPreSolve` refuses a
///   count above 2. Any error inside the bracket (a failing shell matrix, preconditioner
///   or monitor closure, a NaN met with `KSPSetErrorIfNotConverged`, a PETSc error in a
///   matrix product, ...) skips the `PCPostSolve`, so after two or three such failures
///   every later solve with the KSP failed with "Cannot embed PCPreSolve() more than
///   twice".
/// - `KSPSolve` marks the initial guess as zero for the iteration when it sees a zero
///   `x`, and restores the user's setting only after a successful iteration.
pub(crate) struct SolveGuard {
    ksp: sys::KSP,
    pc: sys::PC,
    depth: Int,
    nonzero_guess: sys::PetscBool,
}

impl SolveGuard {
    /// Records the state of `ksp` before a solve that may use it (directly, or inside a
    /// nonlinear or optimization solve).
    ///
    /// # Safety
    /// `ksp` must be a live KSP, and stay live until `recover` or the guard's drop.
    pub(crate) unsafe fn record(ksp: sys::KSP) -> Result<SolveGuard> {
        let mut pc: sys::PC = std::ptr::null_mut();
        // SAFETY: live KSP (caller); PETSc returns its PC, creating it if needed (as the
        // solve would).
        check(unsafe { sys::KSPGetPC(ksp, &mut pc) })?;
        let mut depth: Int = 0;
        // SAFETY: live PC; one output.
        check(unsafe { sys::petscrs_PCGetPreSolveDepth(pc, &mut depth) })?;
        let mut nonzero_guess = sys::PETSC_BOOL_FALSE;
        // SAFETY: live KSP; one output.
        check(unsafe { sys::KSPGetInitialGuessNonzero(ksp, &mut nonzero_guess) })?;
        Ok(SolveGuard {
            ksp,
            pc,
            depth,
            nonzero_guess,
        })
    }

    /// Puts the KSP back as it was recorded, after a solve that returned an error: lets
    /// the PC undo what its pre-solve did (`PCPostSolve`) for each bracket the error left
    /// open, and restores the initial-guess setting. Whatever failed, and wherever.
    ///
    /// Raw calls whose errors are dropped: the solve's error is what the caller sees, and
    /// this runs after it was taken.
    pub(crate) fn recover(self) {
        // SAFETY: the KSP is live (see `record`); its PC now may differ from the recorded
        // one only if the solve replaced it, and then the new one starts from depth 0.
        unsafe { recover_ksp(self.ksp, Some((self.pc, self.depth))) };
        // SAFETY: live KSP.
        unsafe { sys::KSPSetInitialGuessNonzero(self.ksp, self.nonzero_guess) };
    }
}

/// Closes the `PCPreSolve` brackets a failed solve left open on the PC of `ksp`, down to
/// `before` (the recorded PC and its depth; a PC that is not the recorded one goes to 0).
///
/// # Safety
/// `ksp` must be a live KSP.
pub(crate) unsafe fn recover_ksp(ksp: sys::KSP, before: Option<(sys::PC, Int)>) {
    let mut pc: sys::PC = std::ptr::null_mut();
    // SAFETY: live KSP; PETSc returns its PC.
    if unsafe { sys::KSPGetPC(ksp, &mut pc) } != 0 || pc.is_null() {
        return;
    }
    let target = match before {
        Some((p, d)) if p == pc => d,
        _ => 0,
    };
    let mut depth: Int = 0;
    // SAFETY: live PC; one output.
    if unsafe { sys::petscrs_PCGetPreSolveDepth(pc, &mut depth) } == 0 && depth > target {
        // The failed solve got as far as its pre-solve, so it had scaled the system if
        // the solver scales it (-ksp_diagonal_scale); with -ksp_diagonal_scale_fix the
        // caller's right-hand side and matrices are scaled back, as at a solve's end.
        // SAFETY: live KSP whose last solve set its right-hand side and operators.
        unsafe { sys::petscrs_KSPUnscaleAfterFailure(ksp) };
    }
    // Bounded: PCPreSolve allows a depth of 2.
    for _ in 0..4 {
        let mut depth: Int = 0;
        // SAFETY: live PC; one output.
        if unsafe { sys::petscrs_PCGetPreSolveDepth(pc, &mut depth) } != 0 || depth <= target {
            return;
        }
        // SAFETY: live PC and KSP, whose vectors the failed solve set. PCPostSolve lowers
        // the depth first, then lets the PC type undo its pre-solve transformation.
        unsafe { sys::PCPostSolve(pc, ksp) };
    }
    // SAFETY: live PC. Only reached if PCPostSolve could not lower the depth.
    unsafe { sys::petscrs_PCSetPreSolveDepth(pc, target) };
}

/// The name [`Ksp::set_app_ctx`] keeps its value under (petsc4py's attribute name).
const APP_CTX: &str = "__appctx__";

/// Refuses a residual norm that is negative or NaN, as petsc4py does.
fn check_norm(context: &str, rnorm: Real) -> Result<()> {
    if rnorm >= 0.0 {
        return Ok(());
    }
    Err(Error::invalid(
        context,
        format!("residual norm {rnorm}; it must be a number, not negative"),
    ))
}

/// `PETSC_DEFAULT` for a real argument.
fn default_real(v: Option<Real>) -> Real {
    v.unwrap_or(sys::PETSC_DEFAULT as Real)
}

crate::class_methods! {
    Ksp: KspType, "KSP", sys::KSPList,
    example = "let mut obj = petsc::Ksp::new(&petsc.self_comm())?;", a_type = "bcgs",
    inner = " and its preconditioner",
    set_type = sys::KSPSetType as "KSPSetType",
    set_options_prefix = sys::KSPSetOptionsPrefix as "KSPSetOptionsPrefix",
    append_options_prefix = sys::KSPAppendOptionsPrefix as "KSPAppendOptionsPrefix",
    options_prefix = sys::KSPGetOptionsPrefix as "KSPGetOptionsPrefix",
    set_from_options = sys::KSPSetFromOptions as "KSPSetFromOptions",
}

impl Ksp {
    /// A new solver on `comm` (`KSPCreate`); PETSc's default is GMRES with ILU (one
    /// process) or block Jacobi + ILU (several).
    pub fn new(comm: &Comm) -> Result<Ksp> {
        let mut ksp: sys::KSP = std::ptr::null_mut();
        // SAFETY: live communicator; PETSc writes the new object.
        check(unsafe { sys::KSPCreate(comm.as_raw(), &mut ksp) })?;
        Ok(Ksp::from_raw(comm.petsc(), ksp))
    }

    /// Sets the operator `A` and the matrix `P` the preconditioner is built from (often
    /// `A` itself) (`KSPSetOperators`). PETSc keeps references to both, so the matrices
    /// may be dropped before the solver. `A` and `P` of different sizes (global, or
    /// local on some rank) are refused on every rank, with the solver's operators left
    /// as they were (PETSc kept them, and every later solve failed).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let a = petsc::Mat::new_aij(&c, None, None, Some(4), Some(4), 1, 0)?;
    /// let p = petsc::Mat::new_aij(&c, None, None, Some(5), Some(5), 1, 0)?;
    /// let mut ksp = petsc::Ksp::new(&c)?;
    /// let e = ksp.set_operators(&a, &p).unwrap_err();
    /// assert!(e.to_string().contains("A is 4 x 4 but P is 5 x 5"), "{e}");
    /// ksp.set_operators(&a, &a)?;
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn set_operators(&mut self, a: &Mat, p: &Mat) -> Result<()> {
        const CTX: &str = "Ksp::set_operators";
        let sizes = (|| -> Result<()> {
            let (ga, gp) = (a.size()?, p.size()?);
            let (la, lp) = (a.local_size()?, p.local_size()?);
            // Sizes not set yet (-1, a matrix made from options) are PETSc's to check.
            let known = |s: (Int, Int)| s.0 >= 0 && s.1 >= 0;
            if known(ga) && known(gp) && ga != gp {
                return Err(Error::size_mismatch(
                    CTX,
                    format!("A is {} x {} but P is {} x {}", ga.0, ga.1, gp.0, gp.1),
                ));
            }
            if known(la) && known(lp) && la != lp {
                return Err(Error::size_mismatch(
                    CTX,
                    format!(
                        "this rank holds {} x {} of A but {} x {} of P",
                        la.0, la.1, lp.0, lp.1
                    ),
                ));
            }
            Ok(())
        })();
        self.comm().agree(CTX, sizes)?;
        // SAFETY: live solver and matrices of one layout; PETSc references the matrices.
        check(unsafe { sys::KSPSetOperators(self.ptr, a.kept_raw(CTX)?, p.kept_raw(CTX)?) })
    }

    /// Sets the convergence tolerances (`KSPSetTolerances`): relative decrease `rtol`,
    /// absolute `atol`, divergence `dtol`, iteration limit `max_it`. `None` keeps
    /// PETSc's current value (`PETSC_DEFAULT`).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut ksp = petsc::Ksp::new(&petsc.self_comm())?;
    /// ksp.set_tolerances(Some(1e-8), None, None, Some(50))?;
    /// assert_eq!(ksp.tolerances()?, (1e-8, 1e-50, 1e4, 50));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn set_tolerances(
        &mut self,
        rtol: Option<Real>,
        atol: Option<Real>,
        dtol: Option<Real>,
        max_it: Option<Int>,
    ) -> Result<()> {
        const CTX: &str = "Ksp::set_tolerances";
        check_tolerance(CTX, "rtol", rtol)?;
        check_tolerance(CTX, "atol", atol)?;
        check_count(CTX, "max_it", max_it, 0)?;
        if let Some(d) = dtol {
            // An infinite dtol (never diverge) is fine; at or below 1 the first
            // iteration already counts as divergence.
            if d.is_nan() || d <= 1.0 {
                return Err(Error::invalid(
                    CTX,
                    format!("dtol is {d}; it must be above 1"),
                ));
            }
        }
        // SAFETY: live solver; values checked above (PETSc checks rtol < 1).
        check(unsafe {
            sys::KSPSetTolerances(
                self.ptr,
                default_real(rtol),
                default_real(atol),
                default_real(dtol),
                max_it.unwrap_or(sys::PETSC_DEFAULT as Int),
            )
        })
    }

    /// `(rtol, atol, dtol, max_it)` (`KSPGetTolerances`).
    pub fn tolerances(&self) -> Result<(Real, Real, Real, Int)> {
        let (mut rtol, mut atol, mut dtol, mut max_it): (Real, Real, Real, Int) =
            (0.0, 0.0, 0.0, 0);
        // SAFETY: live solver; four outputs.
        check(unsafe {
            sys::KSPGetTolerances(self.ptr, &mut rtol, &mut atol, &mut dtol, &mut max_it)
        })?;
        Ok((rtol, atol, dtol, max_it))
    }

    crate::methods! { for Ksp;
        /// Whether `solve` starts from the `x` it is given (`true`) or from zero (`false`,
        /// PETSc's default) (`KSPSetInitialGuessNonzero`).
        pub fn set_initial_guess_nonzero(&mut self, nonzero: bool)
            = KSPSetInitialGuessNonzero as "KSPSetInitialGuessNonzero";

        /// Whether a solve that does not converge is an error (`KSPSetErrorIfNotConverged`).
        /// Off by default: then non-convergence is only a [`ConvergedReason`].
        pub fn set_error_if_not_converged(&mut self, flag: bool)
            = KSPSetErrorIfNotConverged as "KSPSetErrorIfNotConverged";

        /// Sets up the solver and its preconditioner now (`KSPSetUp`); `solve` does it
        /// otherwise.
        pub fn set_up(&mut self) = KSPSetUp as "KSPSetUp";
    }

    /// Solves `A x = b` (`KSPSolve`).
    ///
    /// Not converging is not an error (see [`converged_reason`](Self::converged_reason))
    /// unless [`set_error_if_not_converged`](Self::set_error_if_not_converged) was set.
    /// Vectors whose sizes do not match the operator are refused before PETSc is called.
    /// An `Err` or a panic in a monitor, shell matrix or shell preconditioner ends the
    /// solve and is returned here. After any error (those, or PETSc's own, such as a NaN
    /// under error-if-not-converged) the solver, `b` and `x` stay usable: the read lock
    /// PETSc puts on `b` for the solve is released, and what the aborted iteration left
    /// open on the solver and its preconditioner is closed, so the next solve runs as
    /// on a fresh solver. Options like `-ksp_view` and `-ksp_converged_reason` print at
    /// the end of the solve.
    pub fn solve(&mut self, b: &Vector, x: &mut Vector) -> Result<()> {
        self.check_sizes(b, x)?;
        let locks = [ReadLocks::record(b), ReadLocks::record(x)];
        // SAFETY: live solver, which outlives the guard (dropped in this call).
        let guard = unsafe { SolveGuard::record(self.ptr) }?;
        // SAFETY: live solver and vectors; Rust's borrows make `b` and `x` distinct.
        let r = check(unsafe {
            sys::KSPSolve(
                self.ptr,
                b.raw_read("Ksp::solve")?,
                x.raw_write("Ksp::solve")?,
            )
        });
        // A lent vector (a callback's argument) is not kept as the last solve's.
        if b.is_lent() || x.is_lent() {
            let lent = |v: &Vector| {
                if v.is_lent() {
                    v.ptr
                } else {
                    std::ptr::null_mut()
                }
            };
            // SAFETY: live solver; the vectors of the solve just run.
            let forgot = check(unsafe { sys::petscrs_KSPForgetVecs(self.ptr, lent(b), lent(x)) });
            if r.is_ok() {
                forgot?;
            }
        }
        if r.is_err() {
            // KSPSolve read-locks `b` for the iteration and an error skips the unlock.
            locks.into_iter().for_each(ReadLocks::restore);
            guard.recover();
            return r;
        }
        self.check_iteration_limit()
    }

    /// The error `KSPSetErrorIfNotConverged` asks for when a solve reached its iteration
    /// limit, where PETSc no longer raises it.
    ///
    /// PETSc raises it only for the outermost `KSPSolve`, which it recognizes by a
    /// nesting count that a failed solve leaves raised (a static of PETSc's, out of
    /// reach): after any earlier error, a solve stopped by its iteration limit returned
    /// success. A solve started from Rust outside any callback is the outermost one, so
    /// the error is raised here, with PETSc's words. (Inside a callback the solve may be
    /// nested in another, where PETSc does not raise it: left to PETSc.)
    fn check_iteration_limit(&self) -> Result<()> {
        if crate::error::in_callback() {
            return Ok(());
        }
        let mut flag = sys::PETSC_BOOL_FALSE;
        // SAFETY: live solver; one output.
        check(unsafe { sys::KSPGetErrorIfNotConverged(self.ptr, &mut flag) })?;
        if flag != sys::PETSC_BOOL_TRUE || self.converged_reason()? != ConvergedReason::DivergedIts
        {
            return Ok(());
        }
        Err(crate::error::petsc_error(
            // SAFETY: returns a constant.
            unsafe { sys::petscrs_err_not_converged() },
            "KSPSolve has not converged, reason DIVERGED_ITS",
        ))
    }

    /// Refuses, on every rank at once (collective), vectors whose global or local sizes
    /// disagree with the operator, operators that are not assembled, a right-hand side
    /// given values since its last assembly, and vectors whose entries are borrowed
    /// elsewhere: each of these fails on the rank concerned only, where the others
    /// would wait in the solve.
    fn check_sizes(&self, b: &Vector, x: &Vector) -> Result<()> {
        const CTX: &str = "Ksp::solve";
        let local = self.check_sizes_here(b, x);
        crate::comm::agree_over(self.ptr as sys::PetscObject, CTX, local)
    }

    /// [`check_sizes`](Self::check_sizes) on this rank only.
    fn check_sizes_here(&self, b: &Vector, x: &Vector) -> Result<()> {
        const CTX: &str = "Ksp::solve";
        let (mut a_set, mut p_set) = (sys::PETSC_BOOL_FALSE, sys::PETSC_BOOL_FALSE);
        // SAFETY: live solver; two outputs.
        check(unsafe { sys::KSPGetOperatorsSet(self.ptr, &mut a_set, &mut p_set) })?;
        if a_set != sys::PETSC_BOOL_TRUE {
            return Err(Error::invalid(CTX, "no operator: call set_operators first"));
        }
        let (mut a, mut p): (sys::Mat, sys::Mat) = (std::ptr::null_mut(), std::ptr::null_mut());
        // SAFETY: live solver with operators; PETSc returns borrowed matrices.
        check(unsafe { sys::KSPGetOperators(self.ptr, &mut a, &mut p) })?;
        let (mut m, mut n, mut lm, mut ln): (Int, Int, Int, Int) = (0, 0, 0, 0);
        // SAFETY: `a` is live while the solver holds it.
        check(unsafe { sys::MatGetSize(a, &mut m, &mut n) })?;
        // SAFETY: as above.
        check(unsafe { sys::MatGetLocalSize(a, &mut lm, &mut ln) })?;
        let (bn, bl) = (b.size()?, b.local_size()?);
        let (xn, xl) = (x.size()?, x.local_size()?);
        if bn != m {
            return Err(Error::size_mismatch(
                CTX,
                format!("b has global size {bn} but the operator has {m} rows"),
            ));
        }
        if xn != n {
            return Err(Error::size_mismatch(
                CTX,
                format!("x has global size {xn} but the operator has {n} columns"),
            ));
        }
        if bl != lm {
            return Err(Error::size_mismatch(
                CTX,
                format!("b has local size {bl} but the operator has {lm} local rows"),
            ));
        }
        if xl != ln {
            return Err(Error::size_mismatch(
                CTX,
                format!("x has local size {xl} but the operator has {ln} local columns"),
            ));
        }
        for (which, m) in [("operator", a), ("preconditioning matrix", p)] {
            let mut assembled = sys::PETSC_BOOL_FALSE;
            // SAFETY: live matrix the solver holds.
            check(unsafe { sys::MatAssembled(m, &mut assembled) })?;
            if assembled != sys::PETSC_BOOL_TRUE {
                return Err(Error::invalid(
                    CTX,
                    format!(
                        "the {which} is not assembled: call `assemble()` (on every rank) \
                         after setting its values"
                    ),
                ));
            }
        }
        b.raw_read(CTX)?;
        b.check_assembled(CTX)?;
        x.raw_write(CTX)?;
        Ok(())
    }

    crate::methods! { for Ksp;
        /// The number of iterations of the last solve (`KSPGetIterationNumber`).
        pub fn iteration_number(&self) -> Int = KSPGetIterationNumber as "KSPGetIterationNumber";

        /// The last residual norm the method computed (`KSPGetResidualNorm`); by default the
        /// preconditioned norm for left preconditioning (CG's and GMRES's default norms
        /// differ, see PETSc's `KSPSetNormType`).
        pub fn residual_norm(&self) -> Real = KSPGetResidualNorm as "KSPGetResidualNorm";
    }

    crate::methods! { for Ksp;
        /// Why the last solve stopped (`KSPGetConvergedReason`).
        pub fn converged_reason(&self) -> ConvergedReason
            = KSPGetConvergedReason as "KSPGetConvergedReason";
    }

    /// Adds a monitor called as `f(iteration, residual_norm)` at every iteration,
    /// starting with iteration 0 (`KSPMonitorSet`). Several monitors may be set (PETSc
    /// allows a handful per solver); the closure is owned by the solver and dropped when
    /// the solver is destroyed or [`cancel_monitors`](Self::cancel_monitors) is called.
    ///
    /// An `Err` or a panic ends the solve, and [`solve`](Self::solve) returns it as
    /// [`Error::Callback`] or [`Error::CallbackPanic`]. In parallel every process calls its
    /// monitors with the same values; a monitor should fail on all of them or on none.
    ///
    /// ```
    /// use std::{cell::RefCell, rc::Rc};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut a = petsc::Mat::new_aij(&c, None, None, Some(3), Some(3), 1, 0)?;
    /// for i in 0..3 {
    ///     a.set_values(&[i], &[i], &[(i + 1) as f64], petsc::InsertMode::Insert)?;
    /// }
    /// a.assemble()?;
    /// let (mut x, mut b) = a.create_vecs()?;
    /// b.set(1.0)?;
    /// let mut ksp = petsc::Ksp::new(&c)?;
    /// ksp.set_operators(&a, &a)?;
    /// let seen = Rc::new(RefCell::new(Vec::new()));
    /// let log = seen.clone();
    /// ksp.monitor(move |it, rnorm| {
    ///     log.borrow_mut().push((it, rnorm));
    ///     Ok(())
    /// })?;
    /// ksp.solve(&b, &mut x)?;
    /// let seen = seen.borrow();
    /// assert_eq!(seen.len() as petsc::Int, ksp.iteration_number()? + 1);
    /// assert_eq!(seen.last().unwrap().1, ksp.residual_norm()?);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn monitor<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(Int, Real) -> Result<()> + 'static,
    {
        let f: Box<MonitorFn> = Box::new(f);
        hand_over(&self.petsc, CallbackKind::KspMonitor, f, |ctx| {
            // SAFETY: live solver; the context is a registered monitor closure, released
            // by the destroy hook.
            unsafe { sys::KSPMonitorSet(self.ptr, Some(monitor_trampoline), ctx, Some(release_at)) }
        })
    }

    crate::methods! { for Ksp;
        /// Calls every monitor of the solver, those of [`monitor`](Self::monitor) and those
        /// set from options (`-ksp_monitor`), with `iteration` and `residual_norm`, as the
        /// Krylov method does at each iteration (`KSPMonitor`, petsc4py's `monitor`;
        /// collective). A monitor's `Err` is returned.
        ///
        /// ```
        /// use std::{cell::RefCell, rc::Rc};
        /// let petsc = petsc::Petsc::init()?;
        /// let mut ksp = petsc::Ksp::new(&petsc.self_comm())?;
        /// let seen = Rc::new(RefCell::new(Vec::new()));
        /// let log = seen.clone();
        /// ksp.monitor(move |it, rnorm| {
        ///     log.borrow_mut().push((it, rnorm));
        ///     Ok(())
        /// })?;
        /// ksp.run_monitors(3, 0.25)?;
        /// assert_eq!(*seen.borrow(), vec![(3, 0.25)]);
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn run_monitors(&mut self, iteration: Int, residual_norm: Real)
            = KSPMonitor as "KSPMonitor";

        /// Removes every monitor, including those set from options, dropping their closures
        /// (`KSPMonitorCancel`).
        pub fn cancel_monitors(&mut self) = KSPMonitorCancel as "KSPMonitorCancel";
    }
}

/// A `KSPSetComputeOperators` closure: the grid of the KSP at hand and its `(A, P)`.
type ComputeOperatorsFn = dyn FnMut(&Da, &mut JacobianMats) -> Result<()>;
/// A `KSPSetComputeRHS` or `KSPSetComputeInitialGuess` closure: the grid and the vector.
type ComputeVecFn = dyn FnMut(&Da, &mut Vector) -> Result<()>;

/// The DM of a solver, borrowed (PETSc makes a `DMShell` if it has none).
///
/// # Safety
/// `ksp` must be a live solver.
unsafe fn ksp_dm(ksp: sys::KSP) -> Result<sys::DM> {
    let mut dm: sys::DM = std::ptr::null_mut();
    // SAFETY: live solver; PETSc returns its DM (borrowed).
    check(unsafe { sys::KSPGetDM(ksp, &mut dm) })?;
    Ok(dm)
}

/// Whether `dm` is a DMDA.
///
/// # Safety
/// `dm` must be a live DM.
pub(crate) unsafe fn is_dmda(dm: sys::DM) -> Result<bool> {
    let mut flag = sys::PETSC_BOOL_FALSE;
    // SAFETY: live DM; NUL-terminated type name.
    check(unsafe {
        sys::PetscObjectTypeCompare(
            dm as sys::PetscObject,
            sys::DMDA.as_ptr() as *const _,
            &mut flag,
        )
    })?;
    Ok(flag == sys::PETSC_BOOL_TRUE)
}

/// The DMDA of a solver as a handle with its own reference, or an `Err` naming `ctx`
/// when the solver has no DMDA.
///
/// # Safety
/// `ksp` must be a live solver.
unsafe fn ksp_da(petsc: &Petsc, ksp: sys::KSP, ctx: &str) -> Result<Da> {
    // SAFETY: live solver.
    let dm = unsafe { ksp_dm(ksp) }?;
    // SAFETY: live DM.
    if !unsafe { is_dmda(dm) }? {
        return Err(Error::invalid(
            ctx,
            "the solver has no DMDA: give it one with Ksp::set_dm first",
        ));
    }
    // SAFETY: live DM; the handle owns the reference taken.
    check(unsafe { sys::PetscObjectReference(dm as sys::PetscObject) })?;
    Ok(Da::from_raw(petsc, dm))
}

/// `KSPSetComputeOperators` trampoline: called with the KSP at hand (the outer solver,
/// or a multigrid level's smoother or coarse solver), whose DM gives the grid.
unsafe extern "C" fn compute_operators_trampoline(
    ksp: sys::KSP,
    a: sys::Mat,
    p: sys::Mat,
    ctx: *mut c_void,
) -> sys::PetscErrorCode {
    const KIND: CallbackKind = CallbackKind::KspComputeOperators;
    run::<ComputeOperatorsFn>(ctx, KIND, |petsc, f| {
        // SAFETY: live solver for the call.
        let da = unsafe { ksp_da(petsc, ksp, KIND.name()) }?;
        // SAFETY: `a` and `p` are live for the call.
        unsafe { JacobianMats::lend(petsc, a, p, |mats| f(&da, mats)) }
    })
}

/// `KSPSetComputeRHS` and `KSPSetComputeInitialGuess` trampoline body.
///
/// # Safety
/// `ksp` must be a live solver and `v` a live vector.
unsafe fn compute_vec(
    kind: CallbackKind,
    ksp: sys::KSP,
    v: sys::Vec,
    ctx: *mut c_void,
) -> sys::PetscErrorCode {
    run::<ComputeVecFn>(ctx, kind, |petsc, f| {
        // SAFETY: live solver for the call.
        let da = unsafe { ksp_da(petsc, ksp, kind.name()) }?;
        // SAFETY: `v` is live for the call, lent to the closure.
        let mut vec = unsafe { Vector::from_raw_lent(petsc, v) }?;
        f(&da, &mut vec)?;
        vec.written_in_place(v)
    })
}

/// `KSPSetComputeRHS` trampoline.
unsafe extern "C" fn compute_rhs_trampoline(
    ksp: sys::KSP,
    b: sys::Vec,
    ctx: *mut c_void,
) -> sys::PetscErrorCode {
    // SAFETY: PETSc passes a live solver and vector.
    unsafe { compute_vec(CallbackKind::KspComputeRhs, ksp, b, ctx) }
}

/// `KSPSetComputeInitialGuess` trampoline.
unsafe extern "C" fn compute_initial_guess_trampoline(
    ksp: sys::KSP,
    x: sys::Vec,
    ctx: *mut c_void,
) -> sys::PetscErrorCode {
    // SAFETY: PETSc passes a live solver and vector.
    unsafe { compute_vec(CallbackKind::KspComputeInitialGuess, ksp, x, ctx) }
}

crate::c_enum! {
    /// Which side the preconditioner is applied on (`PCSide`).
    ///
    /// ```
    /// assert_ne!(petsc::PcSide::Left, petsc::PcSide::Right);
    /// ```
    #[doc(alias = "PCSide")]
    pub PcSide: sys::PCSide {
        /// `PC_LEFT`: solve `P^-1 A x = P^-1 b` (the default of most methods).
        Left = PC_LEFT,
        /// `PC_RIGHT`: solve `A P^-1 y = b`, `x = P^-1 y`.
        Right = PC_RIGHT,
        /// `PC_SYMMETRIC`: split the preconditioner between both sides.
        Symmetric = PC_SYMMETRIC,
    }
}

crate::c_enum! {
    /// The norm a Krylov method's convergence test uses (`KSPNormType`).
    ///
    /// ```
    /// assert_ne!(petsc::KspNormType::Natural, petsc::KspNormType::None);
    /// ```
    #[doc(alias = "KSPNormType")]
    pub KspNormType: sys::KSPNormType {
        /// `KSP_NORM_DEFAULT`: the method's own choice.
        Default = KSP_NORM_DEFAULT,
        /// `KSP_NORM_NONE`: no norm (no convergence test: run `max_it` iterations).
        None = KSP_NORM_NONE,
        /// `KSP_NORM_PRECONDITIONED`: norm of the preconditioned residual.
        Preconditioned = KSP_NORM_PRECONDITIONED,
        /// `KSP_NORM_UNPRECONDITIONED`: norm of the true residual `b - A x`.
        Unpreconditioned = KSP_NORM_UNPRECONDITIONED,
        /// `KSP_NORM_NATURAL`: `sqrt(r' P^-1 r)` (CG's natural norm).
        Natural = KSP_NORM_NATURAL,
    }
}

/// Solving on a grid: the operators and right-hand side computed by closures kept with
/// the DMDA, as C's `KSPSetDM` with `KSPSetComputeOperators` and `KSPSetComputeRHS`.
impl Ksp {
    /// Gives the solver a DMDA (`KSPSetDM`). From then on (while the DM is active, see
    /// [`set_dm_active`](Self::set_dm_active)) the solver makes its vectors and matrix
    /// from the grid and calls the closures of
    /// [`set_compute_operators`](Self::set_compute_operators) and
    /// [`set_compute_rhs`](Self::set_compute_rhs) to fill them; multigrid
    /// (`-pc_type mg` with `-da_refine`/`-pc_mg_levels`) builds its levels by coarsening
    /// the grid. Closures already set on the solver's previous DM are kept.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let da = petsc::Da::builder(&petsc.world(), 1).sizes(8, 1, 1).build()?;
    /// let mut ksp = petsc::Ksp::new(&petsc.world())?;
    /// ksp.set_dm(&da)?;
    /// assert_eq!(ksp.dm()?.info()?.mx, 8);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "KSPSetDM")]
    pub fn set_dm(&mut self, da: &Da) -> Result<()> {
        // SAFETY: live solver.
        let mut old = unsafe { ksp_dm(self.ptr) }?;
        if old == da.ptr {
            return Ok(());
        }
        // SAFETY: live DM; held until the end of this function.
        check(unsafe { sys::PetscObjectReference(old as sys::PetscObject) })?;
        // SAFETY: live solver and DM; PETSc takes a reference to the DM and copies the
        // old DM's KSP context to it if it has none. The new DM then also keeps the
        // closures that context refers to.
        let r = check(unsafe { sys::KSPSetDM(self.ptr, da.ptr) })
            // SAFETY: both DMs are live (`old` through the reference taken above).
            .and_then(|()| unsafe { share_closures(old, da.ptr) });
        // SAFETY: the reference taken above.
        record_destroy(unsafe { sys::DMDestroy(&mut old) });
        r
    }

    /// Whether the solver uses its DM to make its operators, right-hand side and initial
    /// guess (`KSPSetDMActive`, on by [`set_dm`](Self::set_dm)). Off, the DM only serves
    /// the preconditioner (multigrid hierarchies, field splits) and the operators come
    /// from [`set_operators`](Self::set_operators).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let da = petsc::Da::builder(&petsc.self_comm(), 1).sizes(4, 1, 1).build()?;
    /// let mut ksp = petsc::Ksp::new(&petsc.self_comm())?;
    /// ksp.set_dm(&da)?;
    /// ksp.set_dm_active(false)?;
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "KSPSetDMActive")]
    pub fn set_dm_active(&mut self, active: bool) -> Result<()> {
        #[cfg(not(petsc_3_25))]
        // SAFETY: live solver.
        let r = unsafe { sys::KSPSetDMActive(self.ptr, petsc_bool(active)) };
        // From 3.25 each use of the DM is chosen apart; this sets all of them.
        #[cfg(petsc_3_25)]
        // SAFETY: live solver.
        let r = unsafe {
            let all = sys::KSPDMActive::KSP_DMACTIVE_ALL;
            sys::KSPSetDMActive(self.ptr, all, petsc_bool(active))
        };
        check(r)
    }

    /// The solver's DMDA (`KSPGetDM`); an `Err` when it has none (or its DM is not a
    /// DMDA). Inside the closures of [`set_compute_operators`](Self::set_compute_operators)
    /// and [`set_compute_rhs`](Self::set_compute_rhs), the grid of the level at hand is
    /// the closure's first argument.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let ksp = petsc::Ksp::new(&petsc.self_comm())?;
    /// assert!(ksp.dm().is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "KSPGetDM")]
    pub fn dm(&self) -> Result<Da> {
        // SAFETY: live solver.
        unsafe { ksp_da(&self.petsc, self.ptr, "Ksp::dm") }
    }

    /// Sets the closure that fills the operators on the solver's DMDA, like
    /// `KSPSetComputeOperators`: called as `f(da, mats)` when the solver is set up,
    /// with the grid of the solver at hand and the matrices made from it (see
    /// [`JacobianMats`]: fill [`mats.pre()`](JacobianMats::pre) and assemble it). The
    /// solver must have a DMDA ([`set_dm`](Self::set_dm)).
    ///
    /// As in C, the closure is kept in the DMDA's KSP context (`DMKSP`), not in the
    /// solver, so the solvers PETSc builds on grids derived from it call it too: with
    /// `-pc_type mg -pc_mg_levels 3` (or `-da_refine`), each level's solver calls it with
    /// that level's coarser grid. It replaces the DMDA's earlier closure and is dropped
    /// with the last DM context holding it. An `Err` or a panic ends the solve, which
    /// returns it.
    ///
    /// ```
    /// use petsc::{Da, InsertMode, Ksp, NormType, Stencil};
    /// let petsc = petsc::Petsc::init()?;
    /// let world = petsc.world();
    /// // -u'' = 1 on 17 points, u = 0 at both ends.
    /// let da = Da::builder(&world, 1).sizes(17, 1, 1).build()?;
    /// let mut ksp = Ksp::new(&world)?;
    /// ksp.set_dm(&da)?;
    /// ksp.set_compute_operators(|da, mats| {
    ///     let info = da.info()?;
    ///     let a = mats.pre();
    ///     for i in info.xs..info.xs + info.xm {
    ///         let row = Stencil::new(i, 0, 0, 0);
    ///         if i == 0 || i == info.mx - 1 {
    ///             a.set_values_stencil(&[row], &[row], &[1.0], InsertMode::Insert)?;
    ///         } else {
    ///             let cols = [i - 1, i, i + 1].map(|j| Stencil::new(j, 0, 0, 0));
    ///             a.set_values_stencil(&[row], &cols, &[-1.0, 2.0, -1.0], InsertMode::Insert)?;
    ///         }
    ///     }
    ///     a.assemble()
    /// })?;
    /// ksp.set_compute_rhs(|da, b| {
    ///     let info = da.info()?;
    ///     let h = 1.0 / (info.mx - 1) as f64;
    ///     let mut v = da.view_mut(b)?;
    ///     for i in info.xs..info.xs + info.xm {
    ///         v[i] = if i == 0 || i == info.mx - 1 { 0.0 } else { h * h };
    ///     }
    ///     Ok(())
    /// })?;
    /// ksp.set_tolerances(Some(1e-12), None, None, None)?;
    /// ksp.solve_dm()?;
    /// let x = ksp.solution()?;
    /// // u = x (1 - x) / 2 is exact for the 3-point stencil.
    /// let v = da.view(&x)?;
    /// let info = da.info()?;
    /// for i in info.xs..info.xs + info.xm {
    ///     let t = i as f64 / 16.0;
    ///     assert!((v[i] - t * (1.0 - t) / 2.0).abs() < 1e-8);
    /// }
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "KSPSetComputeOperators")]
    #[doc(alias = "DMKSPSetComputeOperators")]
    pub fn set_compute_operators<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(&Da, &mut JacobianMats) -> Result<()> + 'static,
    {
        const KIND: CallbackKind = CallbackKind::KspComputeOperators;
        let dm = self.dmda(KIND)?;
        let f: Box<ComputeOperatorsFn> = Box::new(f);
        // SAFETY: live DM.
        let ctx = unsafe { attach_to_dm(&self.petsc, dm, KIND, f) }?;
        // SAFETY: live solver; the context is a number PETSc hands back to the routine.
        check(unsafe {
            sys::KSPSetComputeOperators(self.ptr, Some(compute_operators_trampoline), ctx)
        })
    }

    /// Sets the closure that fills the right-hand side on the solver's DMDA, like
    /// `KSPSetComputeRHS`: called as `f(da, b)` when a solve starts, with the grid and
    /// the solver's right-hand side (made from the grid). Kept with the DMDA like the
    /// closure of [`set_compute_operators`](Self::set_compute_operators), where the
    /// example is.
    #[doc(alias = "KSPSetComputeRHS")]
    #[doc(alias = "DMKSPSetComputeRHS")]
    pub fn set_compute_rhs<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(&Da, &mut Vector) -> Result<()> + 'static,
    {
        const KIND: CallbackKind = CallbackKind::KspComputeRhs;
        let dm = self.dmda(KIND)?;
        let f: Box<ComputeVecFn> = Box::new(f);
        // SAFETY: live DM.
        let ctx = unsafe { attach_to_dm(&self.petsc, dm, KIND, f) }?;
        // SAFETY: live solver; the context is a number PETSc hands back to the routine.
        check(unsafe { sys::KSPSetComputeRHS(self.ptr, Some(compute_rhs_trampoline), ctx) })
    }

    /// Sets the closure that writes the initial guess on the solver's DMDA, like
    /// `KSPSetComputeInitialGuess`: called as `f(da, x)` the first time the solver is set
    /// up, after which the solve starts from `x` (nonzero initial guess). Kept with the
    /// DMDA like the closure of [`set_compute_operators`](Self::set_compute_operators).
    ///
    /// ```
    /// # use petsc::{Da, InsertMode, Ksp, Stencil};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let da = Da::builder(&c, 1).sizes(5, 1, 1).build()?;
    /// let mut ksp = Ksp::new(&c)?;
    /// ksp.set_dm(&da)?;
    /// ksp.set_compute_operators(|da, mats| {
    ///     for i in da.corners()?.iter() {
    ///         let s = Stencil::new(i[0], 0, 0, 0);
    ///         mats.pre().set_values_stencil(&[s], &[s], &[2.0], InsertMode::Insert)?;
    ///     }
    ///     mats.pre().assemble()
    /// })?;
    /// ksp.set_compute_rhs(|_, b| b.set(4.0))?;
    /// ksp.set_compute_initial_guess(|_, x| x.set(2.0))?;
    /// ksp.solve_dm()?;
    /// assert_eq!(ksp.iteration_number()?, 0); // the guess is the solution
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "KSPSetComputeInitialGuess")]
    #[doc(alias = "DMKSPSetComputeInitialGuess")]
    pub fn set_compute_initial_guess<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(&Da, &mut Vector) -> Result<()> + 'static,
    {
        const KIND: CallbackKind = CallbackKind::KspComputeInitialGuess;
        let dm = self.dmda(KIND)?;
        let f: Box<ComputeVecFn> = Box::new(f);
        // SAFETY: live DM.
        let ctx = unsafe { attach_to_dm(&self.petsc, dm, KIND, f) }?;
        // SAFETY: live solver; the context is a number PETSc hands back to the routine.
        check(unsafe {
            sys::KSPSetComputeInitialGuess(self.ptr, Some(compute_initial_guess_trampoline), ctx)
        })
    }

    /// The solver's DM, which must be a DMDA for closures of kind `kind`.
    fn dmda(&self, kind: CallbackKind) -> Result<sys::DM> {
        // SAFETY: live solver.
        let dm = unsafe { ksp_dm(self.ptr) }?;
        // SAFETY: live DM.
        if !unsafe { is_dmda(dm) }? {
            return Err(Error::invalid(
                kind.name(),
                "the solver has no DMDA: give it one with Ksp::set_dm first",
            ));
        }
        Ok(dm)
    }

    /// Solves with the right-hand side and operators the solver makes itself
    /// (`KSPSolve(ksp, NULL, NULL)`): those of its DMDA's closures
    /// ([`set_compute_rhs`](Self::set_compute_rhs),
    /// [`set_compute_operators`](Self::set_compute_operators)). The answer is
    /// [`solution`](Self::solution) and the right-hand side [`rhs`](Self::rhs). As with
    /// [`solve`](Self::solve), an `Err` or panic of a closure, or any PETSc error, is
    /// returned and the solver can solve again. An `Err` without a DMDA and operators.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut ksp = petsc::Ksp::new(&petsc.self_comm())?;
    /// assert!(ksp.solve_dm().is_err()); // no DMDA
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "KSPSolve")]
    pub fn solve_dm(&mut self) -> Result<()> {
        const CTX: &str = "Ksp::solve_dm";
        // SAFETY: live solver.
        let dm = unsafe { ksp_dm(self.ptr) }?;
        // SAFETY: live DM.
        if !unsafe { is_dmda(dm) }? {
            return Err(Error::invalid(
                CTX,
                "the solver has no DMDA: give it one with Ksp::set_dm",
            ));
        }
        let (mut a_set, mut p_set) = (sys::PETSC_BOOL_FALSE, sys::PETSC_BOOL_FALSE);
        // SAFETY: live solver; two outputs.
        check(unsafe { sys::KSPGetOperatorsSet(self.ptr, &mut a_set, &mut p_set) })?;
        // SAFETY: live DM.
        let computed =
            unsafe { is_attached(dm as sys::PetscObject, CallbackKind::KspComputeOperators) }?;
        if a_set != sys::PETSC_BOOL_TRUE && !computed {
            return Err(Error::invalid(
                CTX,
                "no operators: set them with set_compute_operators (or set_operators)",
            ));
        }
        // The vectors of an earlier solve give back exactly their locks after an error;
        // those the solve makes are new, so any lock on them is the solve's.
        let before = [self.rhs().ok(), self.solution().ok()];
        let locks: Vec<ReadLocks> = before.iter().flatten().map(ReadLocks::record).collect();
        // SAFETY: live solver, which outlives the guard (dropped in this call).
        let guard = unsafe { SolveGuard::record(self.ptr) }?;
        let null = std::ptr::null_mut();
        // SAFETY: live solver; PETSc uses its own vectors.
        let r = check(unsafe { sys::KSPSolve(self.ptr, null, null) });
        if r.is_err() {
            guard.recover();
            locks.into_iter().for_each(ReadLocks::restore);
            let (mut b, mut x): (sys::Vec, sys::Vec) = (null, null);
            // SAFETY: live solver; PETSc returns its vectors (or null).
            unsafe {
                sys::KSPGetRhs(self.ptr, &mut b);
                sys::KSPGetSolution(self.ptr, &mut x);
            }
            for (v, old) in [b, x].into_iter().zip(&before) {
                if old.as_ref().map(|o| o.ptr) != Some(v) {
                    // SAFETY: a live vector (or null) the failed solve made.
                    unsafe { crate::error::release_read_locks(v) };
                }
            }
            return r;
        }
        self.check_iteration_limit()
    }

    /// The solver's solution vector (`KSPGetSolution`): after [`solve_dm`](Self::solve_dm)
    /// the answer; after [`solve`](Self::solve) the caller's `x`. A handle with its own
    /// reference; an `Err` before any solve. See [`set_compute_operators`](Self::set_compute_operators)
    /// for an example.
    #[doc(alias = "KSPGetSolution")]
    pub fn solution(&self) -> Result<Vector> {
        let mut x: sys::Vec = std::ptr::null_mut();
        // SAFETY: live solver; PETSc returns a borrowed vector or null.
        check(unsafe { sys::KSPGetSolution(self.ptr, &mut x) })?;
        if x.is_null() {
            return Err(Error::invalid(
                "Ksp::solution",
                "the solver has no solution vector yet",
            ));
        }
        // SAFETY: live vector; the handle takes a reference.
        unsafe { Vector::from_raw_borrowed(&self.petsc, x) }
    }

    /// The solver's right-hand side (`KSPGetRhs`): after [`solve_dm`](Self::solve_dm)
    /// the one its closure computed. A handle with its own reference; an `Err` before any
    /// solve.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let ksp = petsc::Ksp::new(&petsc.self_comm())?;
    /// assert!(ksp.rhs().is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "KSPGetRhs")]
    pub fn rhs(&self) -> Result<Vector> {
        let mut b: sys::Vec = std::ptr::null_mut();
        // SAFETY: live solver; PETSc returns a borrowed vector or null.
        check(unsafe { sys::KSPGetRhs(self.ptr, &mut b) })?;
        if b.is_null() {
            return Err(Error::invalid(
                "Ksp::rhs",
                "the solver has no right-hand side yet",
            ));
        }
        // SAFETY: live vector; the handle takes a reference.
        unsafe { Vector::from_raw_borrowed(&self.petsc, b) }
    }

    /// The operator `A` and the preconditioning matrix `P` (`KSPGetOperators`), as
    /// handles with their own references (the same matrix twice when `A` is `P`); an
    /// `Err` when none were set or computed yet.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let a = petsc::Mat::new_aij(&c, None, None, Some(2), Some(2), 1, 0)?;
    /// let mut ksp = petsc::Ksp::new(&c)?;
    /// assert!(ksp.operators().is_err());
    /// ksp.set_operators(&a, &a)?;
    /// let (op, pre) = ksp.operators()?;
    /// assert_eq!((op.size()?, pre.size()?), ((2, 2), (2, 2)));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "KSPGetOperators")]
    pub fn operators(&self) -> Result<(Mat, Mat)> {
        let (mut a_set, mut p_set) = (sys::PETSC_BOOL_FALSE, sys::PETSC_BOOL_FALSE);
        // SAFETY: live solver; two outputs.
        check(unsafe { sys::KSPGetOperatorsSet(self.ptr, &mut a_set, &mut p_set) })?;
        if a_set != sys::PETSC_BOOL_TRUE {
            return Err(Error::invalid(
                "Ksp::operators",
                "the solver has no operators yet",
            ));
        }
        let (mut a, mut p): (sys::Mat, sys::Mat) = (std::ptr::null_mut(), std::ptr::null_mut());
        // SAFETY: live solver with operators; PETSc returns borrowed matrices.
        check(unsafe { sys::KSPGetOperators(self.ptr, &mut a, &mut p) })?;
        // SAFETY: live matrices; each handle takes a reference.
        let a = unsafe { Mat::from_raw_borrowed(&self.petsc, a) }?;
        // SAFETY: as above.
        let p = unsafe { Mat::from_raw_borrowed(&self.petsc, p) }?;
        Ok((a, p))
    }
}

/// Settings and diagnostics of the Krylov iteration.
impl Ksp {
    /// Records the residual norm of every iteration of the following solves
    /// (`KSPSetResidualHistory`), at most `length` of them (`None`: PETSc's default,
    /// 10000); `reset` starts the record afresh at each solve, otherwise solves append.
    /// Read it with [`convergence_history`](Self::convergence_history).
    ///
    /// ```
    /// # use petsc::{InsertMode, Ksp, Mat};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut a = Mat::new_aij(&c, None, None, Some(4), Some(4), 1, 0)?;
    /// for i in 0..4 {
    ///     a.set_values(&[i], &[i], &[(i + 1) as f64], InsertMode::Insert)?;
    /// }
    /// a.assemble()?;
    /// let (mut x, mut b) = a.create_vecs()?;
    /// b.set(1.0)?;
    /// let mut ksp = Ksp::new(&c)?;
    /// ksp.set_operators(&a, &a)?;
    /// ksp.pc()?.set_type(petsc::PcType::None)?;
    /// ksp.set_convergence_history(None, true)?;
    /// ksp.solve(&b, &mut x)?;
    /// let h = ksp.convergence_history()?;
    /// assert_eq!(h.len() as petsc::Int, ksp.iteration_number()? + 1);
    /// assert_eq!(*h.last().unwrap(), ksp.residual_norm()?);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "KSPSetResidualHistory")]
    pub fn set_convergence_history(&mut self, length: Option<usize>, reset: bool) -> Result<()> {
        const CTX: &str = "Ksp::set_convergence_history";
        let n = match length {
            None => sys::PETSC_DECIDE as Int,
            Some(n) => Int::try_from(n).ok().filter(|&n| n > 0).ok_or_else(|| {
                Error::invalid(CTX, format!("length {n} must be positive and fit Int"))
            })?,
        };
        // PetscCount from 3.22.
        #[cfg(petsc_3_22)]
        let n = n as sys::PetscCount;
        // SAFETY: live solver; with a null array PETSc allocates and owns the record.
        check(unsafe {
            sys::KSPSetResidualHistory(self.ptr, std::ptr::null_mut(), n, petsc_bool(reset))
        })
    }

    /// The residual norms recorded since
    /// [`set_convergence_history`](Self::set_convergence_history) (`KSPGetResidualHistory`);
    /// empty when no record was asked for.
    #[doc(alias = "KSPGetResidualHistory")]
    pub fn convergence_history(&self) -> Result<Vec<Real>> {
        let mut p: *const Real = std::ptr::null();
        let mut n: Int = 0;
        // SAFETY: live solver; PETSc returns its record (or null) and its length.
        check(unsafe { sys::KSPGetResidualHistory(self.ptr, &mut p, &mut n) })?;
        if p.is_null() || n <= 0 {
            return Ok(Vec::new());
        }
        // SAFETY: PETSc's record holds `n` values, alive while the solver is.
        Ok(unsafe { std::slice::from_raw_parts(p, n as usize) }.to_vec())
    }

    /// Appends `residual_norm` to the record of
    /// [`set_convergence_history`](Self::set_convergence_history) (petsc4py's
    /// `logConvergenceHistory`, PETSc's private `KSPLogResidualHistory`); nothing when no
    /// record was asked for or it is full. For methods and tests written outside PETSc
    /// that keep the record as PETSc's own do.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut ksp = petsc::Ksp::new(&petsc.self_comm())?;
    /// ksp.log_convergence_history(1.0)?; // no record yet: nothing
    /// ksp.set_convergence_history(Some(2), false)?;
    /// for r in [1.0, 0.5, 0.25] {
    ///     ksp.log_convergence_history(r)?;
    /// }
    /// assert_eq!(ksp.convergence_history()?, vec![1.0, 0.5]); // full after two
    /// assert!(ksp.log_convergence_history(-1.0).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn log_convergence_history(&mut self, residual_norm: Real) -> Result<()> {
        check_norm("Ksp::log_convergence_history", residual_norm)?;
        // SAFETY: live solver; PETSc's own inline routine on its record.
        check(unsafe { sys::petscrs_KSPLogResidualHistory(self.ptr, residual_norm) })
    }

    /// Sets the iteration count the solver reports
    /// ([`iteration_number`](Self::iteration_number)) until its next solve (petsc4py's
    /// `setIterationNumber`). PETSc has no such function: like petsc4py, this writes the
    /// solver's field, for methods and tests written outside PETSc.
    ///
    /// ```
    /// use petsc::ConvergedReason;
    /// let petsc = petsc::Petsc::init()?;
    /// let mut ksp = petsc::Ksp::new(&petsc.self_comm())?;
    /// ksp.set_iteration_number(7)?;
    /// ksp.set_residual_norm(1e-9)?;
    /// ksp.set_converged_reason(ConvergedReason::ConvergedAtol)?;
    /// assert_eq!(ksp.iteration_number()?, 7);
    /// assert_eq!(ksp.residual_norm()?, 1e-9);
    /// assert_eq!(ksp.converged_reason()?, ConvergedReason::ConvergedAtol);
    /// assert!(ksp.set_iteration_number(-1).is_err());
    /// assert!(ksp.set_residual_norm(f64::NAN).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn set_iteration_number(&mut self, iteration: Int) -> Result<()> {
        if iteration < 0 {
            return Err(Error::invalid(
                "Ksp::set_iteration_number",
                format!("iteration {iteration}; it must not be negative"),
            ));
        }
        // SAFETY: live solver; writes its iteration count.
        check(unsafe { sys::petscrs_KSPSetIterationNumber(self.ptr, iteration) })
    }

    /// Sets the residual norm the solver reports ([`residual_norm`](Self::residual_norm))
    /// until its next solve (petsc4py's `setResidualNorm`); see
    /// [`set_iteration_number`](Self::set_iteration_number).
    pub fn set_residual_norm(&mut self, residual_norm: Real) -> Result<()> {
        check_norm("Ksp::set_residual_norm", residual_norm)?;
        // SAFETY: live solver; writes its residual norm.
        check(unsafe { sys::petscrs_KSPSetResidualNorm(self.ptr, residual_norm) })
    }

    /// Sets the reason the solver reports ([`converged_reason`](Self::converged_reason))
    /// until its next solve (petsc4py's `setConvergedReason`); see
    /// [`set_iteration_number`](Self::set_iteration_number).
    pub fn set_converged_reason(&mut self, reason: ConvergedReason) -> Result<()> {
        // SAFETY: live solver; writes its reason (any code: PETSc's are open-ended).
        check(unsafe {
            sys::petscrs_KSPSetConvergedReason(self.ptr, sys::KSPConvergedReason(reason.code()))
        })
    }

    crate::methods! { for Ksp;
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
    }

    crate::methods! { for Ksp;
        /// The side the preconditioner is applied on (`KSPGetPCSide`).
        pub fn pc_side(&self) -> PcSide = KSPGetPCSide as "KSPGetPCSide";
    }

    crate::methods! { for Ksp;
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
        pub fn get_compute_eigenvalues(&self) -> bool
            = KSPGetComputeEigenvalues as "KSPGetComputeEigenvalues";

        /// Whether the solves keep what
        /// [`compute_extreme_singular_values`](Self::compute_extreme_singular_values) needs
        /// (`KSPSetComputeSingularValues`); set it before the solver is set up.
        pub fn set_compute_singular_values(&mut self, flag: bool)
            = KSPSetComputeSingularValues as "KSPSetComputeSingularValues";

        /// Whether [`set_compute_singular_values`](Self::set_compute_singular_values) is on
        /// (`KSPGetComputeSingularValues`).
        pub fn get_compute_singular_values(&self) -> bool
            = KSPGetComputeSingularValues as "KSPGetComputeSingularValues";
    }

    /// Estimates of the eigenvalues of the preconditioned operator from the last solve's
    /// Krylov space (`KSPComputeEigenvalues`; CG and GMRES), at most one per iteration.
    /// Needs [`set_compute_eigenvalues`](Self::set_compute_eigenvalues) before the solve.
    ///
    /// ```
    /// # use petsc::{InsertMode, Ksp, Mat, KspType, PcType};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut a = Mat::new_aij(&c, None, None, Some(3), Some(3), 1, 0)?;
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
    /// ksp.solve(&b, &mut x)?;
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
    pub fn compute_eigenvalues(&self) -> Result<Vec<crate::Complex<Real>>> {
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
            .map(|i| crate::Complex::new(re[i], im[i]))
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

    crate::methods! { for Ksp;
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
    }

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

    crate::methods! { for Ksp;
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
        /// let a = petsc::Mat::new_aij(&c, None, None, Some(2), Some(2), 1, 0)?;
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
        /// let mut a = petsc::Mat::new_aij(&c, None, None, Some(2), Some(2), 2, 0)?;
        /// a.set_values(&[0, 1], &[0, 1], &[1.0, 0.0, 0.0, 1.0], petsc::InsertMode::Insert)?;
        /// a.assemble()?;
        /// let mut ksp = petsc::Ksp::new(&c)?;
        /// ksp.set_operators(&a, &a)?;
        /// ksp.set_up()?;
        /// ksp.set_up_on_blocks()?;
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_up_on_blocks(&mut self) = KSPSetUpOnBlocks as "KSPSetUpOnBlocks";
    }

    /// Solves `A^T x = b` (`KSPSolveTranspose`), with the same checks and recovery as
    /// [`solve`](Self::solve).
    ///
    /// ```
    /// # use petsc::{InsertMode, Ksp, Mat, NormType};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut a = Mat::new_aij(&c, None, None, Some(2), Some(2), 2, 0)?;
    /// a.set_values(&[0, 1], &[0, 1], &[2.0, 1.0, 0.0, 3.0], InsertMode::Insert)?;
    /// a.assemble()?;
    /// let (mut x, mut b) = a.create_vecs()?;
    /// b.set(1.0)?;
    /// let mut ksp = Ksp::new(&c)?;
    /// ksp.set_operators(&a, &a)?;
    /// ksp.set_tolerances(Some(1e-12), None, None, None)?;
    /// ksp.solve_transpose(&b, &mut x)?;
    /// // A^T = [[2, 0], [1, 3]]: x = (1/2, 1/6).
    /// let v = x.view()?;
    /// assert!((v[0] - 0.5).abs() < 1e-10 && (v[1] - 1.0 / 6.0).abs() < 1e-10);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "KSPSolveTranspose")]
    pub fn solve_transpose(&mut self, b: &Vector, x: &mut Vector) -> Result<()> {
        self.check_sizes(b, x)?;
        let locks = [ReadLocks::record(b), ReadLocks::record(x)];
        // SAFETY: live solver, which outlives the guard (dropped in this call).
        let guard = unsafe { SolveGuard::record(self.ptr) }?;
        // SAFETY: live solver and vectors; Rust's borrows make `b` and `x` distinct.
        let r = check(unsafe {
            sys::KSPSolveTranspose(
                self.ptr,
                b.raw_read("Ksp::solve_transpose")?,
                x.raw_write("Ksp::solve_transpose")?,
            )
        });
        if r.is_err() {
            locks.into_iter().for_each(ReadLocks::restore);
            guard.recover();
            return r;
        }
        self.check_iteration_limit()
    }

    /// The current solution as a new vector (`KSPBuildSolution`). Methods that do not
    /// form it at each iteration (GMRES) build it from their Krylov space, which is only
    /// meaningful during the iteration; after a solve with them, read
    /// [`solution`](Self::solution).
    ///
    /// ```
    /// # use petsc::{InsertMode, Ksp, Mat, NormType};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut a = Mat::new_aij(&c, None, None, Some(2), Some(2), 2, 0)?;
    /// a.set_values(&[0, 1], &[0, 1], &[2.0, 0.0, 0.0, 4.0], InsertMode::Insert)?;
    /// a.assemble()?;
    /// let (mut x, mut b) = a.create_vecs()?;
    /// b.set(4.0)?;
    /// let mut ksp = Ksp::new(&c)?;
    /// ksp.set_operators(&a, &a)?;
    /// ksp.set_type(petsc::KspType::Cg)?;
    /// ksp.solve(&b, &mut x)?;
    /// let mut s = ksp.build_solution()?;
    /// s.axpy(-1.0, &x)?;
    /// assert!(s.norm(NormType::Infinity)? < 1e-12);
    /// let r = ksp.build_residual()?; // b - A x
    /// assert!(r.norm(NormType::Two)? < 1e-6);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "KSPBuildSolution")]
    pub fn build_solution(&self) -> Result<Vector> {
        let x = self.solution()?;
        let v = x.duplicate()?;
        // SAFETY: live solver and vector of the solution's layout; PETSc writes into it.
        check(unsafe { sys::KSPBuildSolution(self.ptr, v.ptr, std::ptr::null_mut()) })?;
        Ok(v)
    }

    /// The current residual `b - A x` as a new vector (`KSPBuildResidual`); see
    /// [`build_solution`](Self::build_solution).
    #[doc(alias = "KSPBuildResidual")]
    pub fn build_residual(&self) -> Result<Vector> {
        let x = self.solution()?;
        let (t, v) = (x.duplicate()?, x.duplicate()?);
        let mut out: sys::Vec = std::ptr::null_mut();
        // SAFETY: live solver; `t` is a work vector and `v` receives the residual.
        check(unsafe { sys::KSPBuildResidual(self.ptr, t.ptr, v.ptr, &mut out) })?;
        Ok(v)
    }

    crate::methods! { for Ksp;
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
        /// use petsc::{InsertMode, Ksp, KspType, Mat, PcType, Vector};
        /// let petsc = petsc::Petsc::init()?;
        /// let c = petsc.self_comm();
        /// let mut a = Mat::new_aij(&c, Some(2), Some(2), None, None, 1, 0)?;
        /// a.set_values(&[0], &[0], &[2.0], InsertMode::Insert)?;
        /// a.set_values(&[1], &[1], &[4.0], InsertMode::Insert)?;
        /// a.assemble()?;
        /// let b = Vector::from_slice(&c, &[2.0, 4.0])?;
        /// let mut x = b.duplicate()?;
        /// let mut ksp = Ksp::new(&c)?;
        /// ksp.set_operators(&a, &a)?;
        /// ksp.set_type(KspType::from_name("stcg"))?;
        /// ksp.pc()?.set_type(PcType::None)?;
        /// ksp.solve(&b, &mut x)?; // x = (1, 1)
        /// // At the minimizer the objective is -b^T x / 2 = -3.
        /// assert!((ksp.cg_objective_value()? + 3.0).abs() < 1e-10);
        /// ksp.set_type(KspType::Gmres)?;
        /// assert!(ksp.cg_objective_value().is_err());
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn cg_objective_value(&self) -> Real = KSPCGGetObjFcn as "KSPCGGetObjFcn";
    }

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

use crate::declare::petsc_bool;

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::CStr;

    /// The names match PETSc's own `KSPConvergedReasons` table (indexed by the code, from
    /// the lowest code, -11 in PETSc 3.18 and -13 in 3.26), and no code above the highest
    /// named one is missing: the table ends with its type name right after it.
    ///
    /// PETSc 3.19 to 3.23 dropped `CONVERGED_CG_CONSTRAINED` (6) from the table but kept
    /// `KSP_CONVERGED_ATOL_NORMAL` at 9, so there the table names code 8
    /// `CONVERGED_ATOL_NORMAL` and code 9 `KSPConvergedReason` (its type name); the
    /// enum's name is the right one, and the table is read one entry lower for it.
    #[test]
    fn reason_names_match_petsc() {
        let table_gap = |code: i32| i32::from(cfg!(all(petsc_3_19, not(petsc_3_24))) && code == 9);
        let table_entry = |i: i32| {
            // SAFETY: KSPConvergedReasons points into a static table of C strings, shifted
            // so that it is indexed by the code; every code named in REASONS, and the
            // entry after the highest, are inside the table.
            unsafe { CStr::from_ptr(*sys::KSPConvergedReasons.offset(i as isize)) }
                .to_str()
                .unwrap()
        };
        let name_of = |code: i32| table_entry(code - table_gap(code));
        for (i, &(r, code, name)) in REASONS.iter().enumerate() {
            assert_eq!(name_of(code), name, "{r:?}");
            assert_eq!(r.code(), code, "{r:?}");
            assert_eq!(r.name(), Some(name), "{r:?}");
            assert_eq!(r.to_string(), name, "{r:?}");
            let alias = REASONS[..i].iter().any(|&(_, c, _)| c == code);
            if !alias {
                assert_eq!(ConvergedReason::from_raw(code), r);
            }
        }
        let max = REASONS.iter().map(|&(_, c, _)| c).max().unwrap();
        assert_eq!(table_entry(max + 1 - table_gap(max)), "KSPConvergedReason");
        let min = REASONS.iter().map(|&(_, c, _)| c).min().unwrap();
        assert_eq!(
            ConvergedReason::from_raw(min - 1),
            ConvergedReason::Unknown(min - 1)
        );
        assert_eq!(
            ConvergedReason::from_raw(min - 1).to_string(),
            format!("KSPConvergedReason({})", min - 1)
        );
        assert!(ConvergedReason::from_raw(min - 1).is_diverged());
    }

    /// The codes of the reasons PETSc renumbered or renamed, per version.
    #[test]
    fn renumbered_reasons() {
        use ConvergedReason as R;
        let expected: &[(ConvergedReason, i32)] = if cfg!(petsc_3_19) {
            &[
                (R::ConvergedCgNegCurve, 5),
                (R::ConvergedStepLength, 6),
                (R::ConvergedCgConstrained, 6),
                (R::ConvergedHappyBreakdown, 7),
            ]
        } else {
            &[
                (R::ConvergedCgNegCurve, 5),
                (R::ConvergedCgConstrained, 6),
                (R::ConvergedStepLength, 7),
                (R::ConvergedHappyBreakdown, 8),
            ]
        };
        for &(r, code) in expected {
            assert_eq!(r.code(), code, "{r:?}");
            assert!(r.is_converged(), "{r:?}");
        }
        assert_eq!(
            R::ConvergedRtolNormal.to_string(),
            if cfg!(petsc_3_24) {
                "CONVERGED_RTOL_NORMAL_EQUATIONS"
            } else {
                "CONVERGED_RTOL_NORMAL"
            }
        );
        #[cfg(petsc_3_26)]
        {
            assert_eq!(R::from_raw(8), R::ConvergedUser);
            assert_eq!(R::from_raw(-12), R::DivergedUser);
            assert_eq!(R::from_raw(-13), R::DivergedInnerSolveFailed);
            assert_eq!(
                R::DivergedInnerSolveFailed.to_string(),
                "DIVERGED_INNER_SOLVE_FAILED"
            );
        }
        #[cfg(not(petsc_3_19))]
        assert_eq!(R::from_raw(-12), R::Unknown(-12));
    }

    #[test]
    fn type_names_round_trip() {
        for n in KspType::NAMES {
            let t = KspType::from_name(n);
            assert!(!matches!(t, KspType::Other(_)), "{n}");
            assert_eq!(t.as_str(), *n);
        }
        let c = |b: &[u8]| {
            CStr::from_bytes_with_nul(b)
                .unwrap()
                .to_str()
                .unwrap()
                .to_owned()
        };
        assert_eq!(KspType::Gmres.as_str(), c(sys::KSPGMRES));
        assert_eq!(KspType::Cg.as_str(), c(sys::KSPCG));
        assert_eq!(KspType::Bcgs.as_str(), c(sys::KSPBCGS));
        assert_eq!(KspType::Preonly.as_str(), c(sys::KSPPREONLY));
        assert_eq!(KspType::Minres.as_str(), c(sys::KSPMINRES));
    }
}
