//! Nonlinear solvers (`SNES`): solve `F(x) = b` with Newton's method and its relatives,
//! with the residual `F` and its Jacobian given as Rust closures.
//!
//! Where the closures live: where C puts their contexts, in the DM's SNES context
//! (`DMSNES`). [`Snes::set_function`] and [`Snes::set_jacobian`] call `SNESSetFunction`
//! and `SNESSetJacobian` (which store into the DM of the solver, a `DMShell` PETSc makes
//! if there is none), and the DMDA local forms ([`Snes::set_function_local`],
//! [`Snes::set_jacobian_local`]) store into the DMDA, as `DMDASNESSetFunctionLocal`
//! does. The context handed to PETSc is a boxed closure that PETSc keeps in a container
//! referenced by that `DMSNES` and by every copy PETSc makes of it (coarse FAS levels,
//! NASM subdomains, a DM given to another solver), and frees when the last goes (the
//! context-destroy hooks `DMSNESSetFunctionContextDestroy` and
//! `DMSNESSetJacobianContextDestroy`). So every solver that PETSc builds on those DMs
//! from options (`-snes_type fas`, `-npc_snes_type`, `-snes_type nasm`, `aspin`,
//! `composite`) finds the closures with no code, as in C, and a solver given a DM that
//! already carries closures uses them, as in C.

use petsc_sys as sys;

use crate::comm::Comm;
use crate::error::{Result, check};
use crate::ksp::Ksp;
use crate::object::{owned, petsc_handle, registered_type, type_enum};
use crate::vec::Vector;

mod dmda_local;
mod fas;
mod implement;
mod line_search;
mod monitor;
#[cfg(petsc_3_21)]
mod newton_al;
mod objects;
mod residual;
mod routines;
mod settings;
mod shell;
#[cfg(petsc_3_22)]
mod trust_region;
mod vi;

pub use implement::SnesImpl;
pub use line_search::{LineSearchState, LineSearchTolerances, SnesLineSearch, SnesLineSearchType};
#[cfg(petsc_3_21)]
pub use newton_al::NewtonAlCorrectionType;
pub(crate) use residual::assemble_mffd;
pub use settings::{EwParams, SnesNormSchedule, SnesTolerances};
#[cfg(petsc_3_22)]
pub use trust_region::{SnesTrTolerances, SnesTrUpdateParameters};

petsc_handle!(
    /// A PETSc nonlinear solver (`SNES`) for `F(x) = b` (usually `b = 0`).
    ///
    /// Give it the residual with [`set_function`](Self::set_function) and, for Newton's
    /// method, the Jacobian with [`set_jacobian`](Self::set_jacobian) (or run with
    /// `-snes_mf`, `-snes_mf_operator`, `-snes_fd` or `-snes_fd_color`, which need no
    /// code), then [`solve`](Self::solve).
    ///
    /// ```
    /// use petsc::{Mat, NormType, Sizes, Snes, SnesType, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// // x_i^2 = 2 for every component: the root is sqrt(2) everywhere.
    /// let n = 4;
    /// let mut x = Vector::new_seq(&c, n)?;
    /// let mut snes = Snes::new(&c)?;
    /// snes.set_type(SnesType::Newtonls)?;
    /// snes.set_function(x.duplicate()?, |x, f| {
    ///     let (x, mut f) = (x.view()?, f.view_mut()?);
    ///     for (fi, xi) in f.iter_mut().zip(x.iter()) {
    ///         *fi = xi * xi - 2.0;
    ///     }
    ///     Ok(())
    /// })?;
    /// let j = Mat::aij(&c).sizes(Sizes::global(n, n)).preallocate(1, 0).build()?;
    /// snes.set_jacobian(&j, None, |x, jac| {
    ///     let p = jac.pre();
    ///     for (i, xi) in x.view()?.iter().enumerate() {
    ///         p.set_value(i as petsc::Int, i as petsc::Int, 2.0 * xi, petsc::InsertMode::Insert)?;
    ///     }
    ///     p.assemble()
    /// })?;
    /// snes.set_tolerances(petsc::SnesTolerances { atol: Some(1e-12), rtol: Some(1e-12), ..Default::default() })?;
    /// snes.set_from_options()?; // -snes_monitor, -snes_type, -snes_mf, ... still apply
    /// x.set(1.0)?;
    /// snes.solve(None, &mut x)?.check()?;
    /// x.shift(-2f64.sqrt())?;
    /// assert!(x.norm(NormType::Infinity)? < 1e-10);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    Snes,
    sys::SNES,
    sys::SNESDestroy
);

type_enum!(
/// Nonlinear methods (`SNESType`); [`SnesType::Other`] names any registered type.
///
/// ```
/// use petsc::SnesType;
/// assert_eq!(SnesType::Newtonls.as_str(), "newtonls");
/// assert_eq!(SnesType::from_name("newtontr"), SnesType::Newtontr);
/// assert_eq!(SnesType::from_name("mine"), SnesType::Other("mine".into()));
/// assert_eq!("qn".parse::<SnesType>().unwrap(), SnesType::Qn);
/// ```
SnesType {
        Newtonls = "newtonls" "`SNESNEWTONLS`: Newton with a line search (PETSc's default).",
        Newtontr = "newtontr" "`SNESNEWTONTR`: Newton with a trust region.",
        Newtontrdc = "newtontrdc" "`SNESNEWTONTRDC`: trust region with a dogleg-Cauchy step.",
        Nrichardson = "nrichardson" "`SNESNRICHARDSON`: nonlinear Richardson.",
        Ksponly = "ksponly" "`SNESKSPONLY`: one linear solve (for linear problems).",
        Ksptransposeonly = "ksptransposeonly" "`SNESKSPTRANSPOSEONLY`: one transposed linear \
            solve.",
        Vinewtonrsls = "vinewtonrsls" "`SNESVINEWTONRSLS`: reduced-space active-set method for \
            bounds.",
        Vinewtonssls = "vinewtonssls" "`SNESVINEWTONSSLS`: semismooth method for bounds.",
        Ngmres = "ngmres" "`SNESNGMRES`: nonlinear GMRES.",
        Qn = "qn" "`SNESQN`: quasi-Newton (L-BFGS, Broyden).",
        Shell = "shell" "`SNESSHELL`: user-defined.",
        Ngs = "ngs" "`SNESNGS`: nonlinear Gauss-Seidel.",
        Ncg = "ncg" "`SNESNCG`: nonlinear conjugate gradients.",
        Fas = "fas" "`SNESFAS`: full approximation scheme (nonlinear multigrid).",
        Ms = "ms" "`SNESMS`: multistage smoothers.",
        Nasm = "nasm" "`SNESNASM`: nonlinear additive Schwarz.",
        Anderson = "anderson" "`SNESANDERSON`: Anderson mixing.",
        Aspin = "aspin" "`SNESASPIN`: additive Schwarz preconditioned inexact Newton.",
        Composite = "composite" "`SNESCOMPOSITE`: a composition of several solvers.",
        Patch = "patch" "`SNESPATCH`: patch-based smoothers.",
});

/// Why a nonlinear solve stopped (`SNESConvergedReason`): positive codes converged,
/// negative ones diverged, zero is still iterating. Codes this enum does not name are
/// kept as [`SnesConvergedReason::Unknown`].
///
/// `Display` prints PETSc's name (`CONVERGED_FNORM_RELATIVE`, `DIVERGED_MAX_IT`), as
/// `-snes_converged_reason` does.
///
/// ```
/// use petsc::SnesConvergedReason;
/// let r = SnesConvergedReason::from_raw(3);
/// assert_eq!(r, SnesConvergedReason::ConvergedFnormRelative);
/// assert!(r.is_converged());
/// assert_eq!(r.to_string(), "CONVERGED_FNORM_RELATIVE");
/// let d = SnesConvergedReason::DivergedMaxIt;
/// assert!(d.is_diverged() && !d.is_converged());
/// assert_eq!(d.code(), -5);
/// assert_eq!(SnesConvergedReason::from_raw(-77), SnesConvergedReason::Unknown(-77));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
#[must_use = "a solve may stop without converging: `.check()?` when convergence is expected"]
pub enum SnesConvergedReason {
    /// `SNES_CONVERGED_ITERATING` (0): the solve has not finished (or not started).
    Iterating,
    /// `SNES_CONVERGED_FNORM_ABS` (2): `||F|| < atol`.
    ConvergedFnormAbs,
    /// `SNES_CONVERGED_FNORM_RELATIVE` (3): `||F|| < rtol * ||F_0||`.
    ConvergedFnormRelative,
    /// `SNES_CONVERGED_SNORM_RELATIVE` (4): the step is below `stol * ||x||`.
    ConvergedSnormRelative,
    /// `SNES_CONVERGED_ITS` (5): ran the requested number of iterations.
    ConvergedIts,
    /// `SNES_BREAKOUT_INNER_ITER` (6): a custom convergence test broke out of the inner
    /// loop. PETSc names it `CONVERGED_BREAKOUT_INNER_ITER` from 3.23 on (and so does
    /// `Display` there); earlier tables have no name for it.
    BreakoutInnerIter,
    /// `SNES_CONVERGED_USER` (7, PETSc 3.23 and later): the user declared convergence.
    #[cfg(petsc_3_23)]
    ConvergedUser,
    /// `SNES_DIVERGED_FUNCTION_DOMAIN` (-1): the residual was outside its domain.
    DivergedFunctionDomain,
    /// `SNES_DIVERGED_FUNCTION_COUNT` (-2): too many residual evaluations.
    DivergedFunctionCount,
    /// `SNES_DIVERGED_LINEAR_SOLVE` (-3): the linear solve failed.
    DivergedLinearSolve,
    /// `SNES_DIVERGED_FNORM_NAN` (-4): the residual norm is NaN or infinite. PETSc 3.25
    /// renamed it `SNES_DIVERGED_FUNCTION_NANORINF`; `Display` gives the name of the
    /// PETSc linked (`DIVERGED_FNORM_NAN` or `DIVERGED_FUNCTION_NANORINF`).
    #[doc(alias = "SNES_DIVERGED_FUNCTION_NANORINF")]
    DivergedFnormNan,
    /// `SNES_DIVERGED_MAX_IT` (-5): reached the maximum number of iterations.
    DivergedMaxIt,
    /// `SNES_DIVERGED_LINE_SEARCH` (-6): the line search failed.
    DivergedLineSearch,
    /// `SNES_DIVERGED_INNER` (-7): an inner solve failed.
    DivergedInner,
    /// `SNES_DIVERGED_LOCAL_MIN` (-8): stuck in a local minimum of `||F||`.
    DivergedLocalMin,
    /// `SNES_DIVERGED_DTOL` (-9): `||F||` grew past `divtol * ||F_0||`.
    DivergedDtol,
    /// `SNES_DIVERGED_JACOBIAN_DOMAIN` (-10): the Jacobian was outside its domain.
    DivergedJacobianDomain,
    /// `SNES_DIVERGED_TR_DELTA` (-11): the trust region became too small.
    DivergedTrDelta,
    /// `SNES_DIVERGED_USER` (-12, PETSc 3.23 and later): the user declared divergence.
    #[cfg(petsc_3_23)]
    DivergedUser,
    /// `SNES_DIVERGED_OBJECTIVE_DOMAIN` (-13, PETSc 3.25 and later): the objective
    /// (`SNESSetObjective`) was evaluated outside its domain.
    #[cfg(petsc_3_25)]
    DivergedObjectiveDomain,
    /// `SNES_DIVERGED_OBJECTIVE_NANORINF` (-14, PETSc 3.25 and later): the objective is
    /// NaN or infinite.
    #[cfg(petsc_3_25)]
    DivergedObjectiveNanorinf,
    /// A code this version of petsc-rs does not name, kept as PETSc's number.
    Unknown(i32),
}

/// `(variant, code, PETSc name)` for every named reason, with the names of the PETSc
/// linked (`SNESConvergedReasons`): PETSc 3.23 added the user reasons and named code 6,
/// 3.25 renamed code -4 and added the objective's reasons.
const REASONS: &[(SnesConvergedReason, i32, &str)] = &[
    (SnesConvergedReason::Iterating, 0, "CONVERGED_ITERATING"),
    (
        SnesConvergedReason::ConvergedFnormAbs,
        2,
        "CONVERGED_FNORM_ABS",
    ),
    (
        SnesConvergedReason::ConvergedFnormRelative,
        3,
        "CONVERGED_FNORM_RELATIVE",
    ),
    (
        SnesConvergedReason::ConvergedSnormRelative,
        4,
        "CONVERGED_SNORM_RELATIVE",
    ),
    (SnesConvergedReason::ConvergedIts, 5, "CONVERGED_ITS"),
    #[cfg(not(petsc_3_23))]
    (
        SnesConvergedReason::BreakoutInnerIter,
        6,
        "BREAKOUT_INNER_ITER",
    ),
    #[cfg(petsc_3_23)]
    (
        SnesConvergedReason::BreakoutInnerIter,
        6,
        "CONVERGED_BREAKOUT_INNER_ITER",
    ),
    #[cfg(petsc_3_23)]
    (SnesConvergedReason::ConvergedUser, 7, "CONVERGED_USER"),
    (
        SnesConvergedReason::DivergedFunctionDomain,
        -1,
        "DIVERGED_FUNCTION_DOMAIN",
    ),
    (
        SnesConvergedReason::DivergedFunctionCount,
        -2,
        "DIVERGED_FUNCTION_COUNT",
    ),
    (
        SnesConvergedReason::DivergedLinearSolve,
        -3,
        "DIVERGED_LINEAR_SOLVE",
    ),
    #[cfg(not(petsc_3_25))]
    (
        SnesConvergedReason::DivergedFnormNan,
        -4,
        "DIVERGED_FNORM_NAN",
    ),
    #[cfg(petsc_3_25)]
    (
        SnesConvergedReason::DivergedFnormNan,
        -4,
        "DIVERGED_FUNCTION_NANORINF",
    ),
    (SnesConvergedReason::DivergedMaxIt, -5, "DIVERGED_MAX_IT"),
    (
        SnesConvergedReason::DivergedLineSearch,
        -6,
        "DIVERGED_LINE_SEARCH",
    ),
    (SnesConvergedReason::DivergedInner, -7, "DIVERGED_INNER"),
    (
        SnesConvergedReason::DivergedLocalMin,
        -8,
        "DIVERGED_LOCAL_MIN",
    ),
    (SnesConvergedReason::DivergedDtol, -9, "DIVERGED_DTOL"),
    (
        SnesConvergedReason::DivergedJacobianDomain,
        -10,
        "DIVERGED_JACOBIAN_DOMAIN",
    ),
    (
        SnesConvergedReason::DivergedTrDelta,
        -11,
        "DIVERGED_TR_DELTA",
    ),
    #[cfg(petsc_3_23)]
    (SnesConvergedReason::DivergedUser, -12, "DIVERGED_USER"),
    #[cfg(petsc_3_25)]
    (
        SnesConvergedReason::DivergedObjectiveDomain,
        -13,
        "DIVERGED_OBJECTIVE_DOMAIN",
    ),
    #[cfg(petsc_3_25)]
    (
        SnesConvergedReason::DivergedObjectiveNanorinf,
        -14,
        "DIVERGED_OBJECTIVE_NANORINF",
    ),
];

crate::converged_reason_impls!(
    SnesConvergedReason,
    REASONS,
    "SNESConvergedReason",
    raw = sys::SNESConvergedReason
);

/// The DM of a solver (borrowed; PETSc makes a `DMShell` if it has none).
///
/// # Safety
/// `snes` must be a live solver.
pub(super) unsafe fn snes_dm(snes: sys::SNES) -> Result<sys::DM> {
    let mut dm: sys::DM = std::ptr::null_mut();
    // SAFETY: live solver; PETSc returns its DM (borrowed).
    check(unsafe { sys::SNESGetDM(snes, &mut dm) })?;
    Ok(dm)
}

/// Balances what a `SNESSolve` ended by an error left open, so the same solver (and the
/// vectors it was given) can be used again; for [`Snes::solve`] and the TS solves that
/// run a SNES.
///
/// - A residual evaluated inside the Krylov iteration (`-snes_mf`, `-snes_mf_operator`)
///   or a failing shell PC aborts `KSPSolve` between its `PCPreSolve` and
///   `PCPostSolve`; PETSc refuses a third nested `PCPreSolve`. The KSP's tree is put
///   back by [`recover_ksp`](crate::ksp::recover_ksp).
/// - From PETSc 3.22 on, every frame between the solve and the failed callback that
///   locked a vector read-only (`KSPSolve` its right-hand side, `MatMult` and `PCApply`
///   their input, `SNESComputeFunction` its point, ...) left the lock on (see
///   [`release_read_locks`](crate::error::release_read_locks)). The trampolines release
///   the vectors they were handed; here the solver's own vectors are released, and
///   `KSPReset` (which keeps the type and options) frees the Krylov work vectors, which
///   are out of reach.
///
/// The same for every nonlinear solver inside it (its nonlinear preconditioner, the
/// smoothers of FAS's levels and its coarse solve, a composite's members, NASM's
/// subdomain solvers; at any depth), whose solves the error ended as well, and for the
/// solvers inside each of their KSPs (see [`recover_ksp`](crate::ksp::recover_ksp)).
///
/// Failures here are dropped: the solve's error is what the caller sees.
///
/// # Safety
/// `snes` must be a live solver.
pub(crate) unsafe fn unwind_failed_snes(snes: sys::SNES) {
    // SAFETY: live solver (caller).
    unsafe { unwind_snes_tree(snes, 0) }
}

/// How deep [`unwind_failed_snes`] follows solvers inside solvers (a bound against a
/// cycle).
const TREE_DEPTH: usize = 16;

/// [`unwind_failed_snes`] at `depth` of the tree.
///
/// # Safety
/// `snes` must be a live solver.
unsafe fn unwind_snes_tree(snes: sys::SNES, depth: usize) {
    if depth < TREE_DEPTH {
        let mut n: crate::scalar::Int = 0;
        // SAFETY: live solver; with no room, only the number is written.
        let counted =
            unsafe { sys::petscrs_SNESGetChildren(snes, 0, std::ptr::null_mut(), &mut n) } == 0;
        if counted && n > 0 {
            let mut children: Vec<sys::PetscObject> = vec![std::ptr::null_mut(); n as usize];
            // SAFETY: live solver; room for `n` children.
            if unsafe { sys::petscrs_SNESGetChildren(snes, n, children.as_mut_ptr(), &mut n) } == 0
            {
                children.truncate(n.max(0) as usize);
                for child in children {
                    // SAFETY: a live solver the SNES holds, whose solve ended with its own.
                    unsafe { unwind_snes_tree(child as sys::SNES, depth + 1) };
                }
            }
        }
    }
    // SAFETY: live solver (caller).
    unsafe { unwind_one_snes(snes) }
}

/// [`unwind_failed_snes`] of `snes` alone.
///
/// # Safety
/// `snes` must be a live solver.
unsafe fn unwind_one_snes(snes: sys::SNES) {
    #[cfg(petsc_3_22)]
    {
        use crate::error::release_read_locks;
        let mut vecs: [sys::Vec; 3] = [std::ptr::null_mut(); 3];
        // SAFETY: live solver; PETSc returns borrowed vectors (or null).
        unsafe {
            let _ = check(sys::SNESGetSolution(snes, &mut vecs[0]));
            let _ = check(sys::SNESGetSolutionUpdate(snes, &mut vecs[1]));
            let _ = check(sys::SNESGetFunction(
                snes,
                &mut vecs[2],
                std::ptr::null_mut(),
                std::ptr::null_mut(),
            ));
        }
        let mut ls: sys::SNESLineSearch = std::ptr::null_mut();
        let mut lv: [sys::Vec; 5] = [std::ptr::null_mut(); 5];
        // SAFETY: live solver; PETSc returns its line search and its borrowed vectors.
        if check(unsafe { sys::SNESGetLineSearch(snes, &mut ls) }).is_ok() && !ls.is_null() {
            let [x, f, y, w, g] = &mut lv;
            // SAFETY: live line search; five outputs.
            let _ = check(unsafe { sys::SNESLineSearchGetVecs(ls, x, f, y, w, g) });
        }
        for v in vecs.into_iter().chain(lv) {
            // SAFETY: each is null or a live vector of the solver.
            unsafe { release_read_locks(v) };
        }
    }
    let mut ksp: sys::KSP = std::ptr::null_mut();
    // SAFETY: live solver; PETSc returns its KSP (borrowed).
    if check(unsafe { sys::SNESGetKSP(snes, &mut ksp) }).is_err() || ksp.is_null() {
        return;
    }
    #[cfg(petsc_3_22)]
    {
        let (mut b, mut x): (sys::Vec, sys::Vec) = (std::ptr::null_mut(), std::ptr::null_mut());
        // SAFETY: live KSP; PETSc returns the borrowed vectors of its last solve (or null).
        unsafe {
            let _ = check(sys::KSPGetRhs(ksp, &mut b));
            let _ = check(sys::KSPGetSolution(ksp, &mut x));
            crate::error::release_read_locks(b);
            crate::error::release_read_locks(x);
        }
    }
    // SAFETY: live KSP of the solver, none of whose solves is open now. An error inside
    // a linear solve of the iteration (a failing Jacobian product or shell
    // preconditioner, PETSc's own) left its tree half-done: the recovery puts back every
    // solver in it, keeping the PCs as they are (a reset PC lost what the caller gave
    // it: a fieldsplit's splits given by index sets).
    unsafe { crate::ksp::recover_ksp(ksp, None) };
    // From PETSc 3.22 the KSP is also reset (its type, options and PC type kept; the
    // SNES gives it its operators again at every iteration): reusing its set-up after
    // the recovery corrupted the heap at the next failure of a nested solve. The reset
    // PC loses a fieldsplit's index sets, which must then be given again.
    #[cfg(petsc_3_22)]
    // SAFETY: live KSP with no solve open.
    let _ = check(unsafe { sys::KSPReset(ksp) });
}

crate::class_methods! {
    Snes: SnesType, "SNES", sys::SNESList,
    example = "let mut obj = petsc::Snes::new(&petsc.self_comm())?;", a_type = "newtontr",
    inner = " and its inner solvers (KSP, PC, line search)",
    set_type = sys::SNESSetType as "SNESSetType",
    set_options_prefix = sys::SNESSetOptionsPrefix as "SNESSetOptionsPrefix",
    append_options_prefix = sys::SNESAppendOptionsPrefix as "SNESAppendOptionsPrefix",
    options_prefix = sys::SNESGetOptionsPrefix as "SNESGetOptionsPrefix",
    own_set_from_options = set_from_options,
}

impl Snes {
    /// A new solver on `comm` (`SNESCreate`); PETSc's default is Newton with a
    /// backtracking line search (`newtonls`, `bt`).
    #[doc(alias = "SNESCreate")]
    pub fn new(comm: &Comm) -> Result<Snes> {
        let mut snes: sys::SNES = std::ptr::null_mut();
        // SAFETY: live communicator; PETSc writes the new object.
        check(unsafe { sys::SNESCreate(comm.as_raw(), &mut snes) })?;
        Ok(Snes::from_raw(comm.petsc(), snes))
    }

    /// Sets up the solver now (`SNESSetUp`); `solve` does it otherwise.
    #[doc(alias = "SNESSetUp")]
    pub fn set_up(&mut self) -> Result<()> {
        self.install_shell_solve()?;
        // SAFETY: live solver.
        check(unsafe { sys::SNESSetUp(self.ptr) })
    }

    /// Solves `F(x) = b` (`b = None`: `F(x) = 0`) starting from `x`, which holds the
    /// solution on return (`SNESSolve`), and returns why the solve stopped (as
    /// [`converged_reason`](Self::converged_reason) does afterwards).
    ///
    /// Not converging is not an error unless
    /// [`set_error_if_not_converged`](Self::set_error_if_not_converged) was set: the
    /// reason says it, and is `#[must_use]`. `snes.solve(None, &mut x)?.check()?` turns
    /// a diverged one into [`Error::NotConverged`](crate::Error::NotConverged).
    /// An `Err` or a panic in any closure (residual, Jacobian, monitor, shell matrix or
    /// preconditioner) ends the solve and is returned here; the process, and this
    /// solver, stay usable.
    #[doc(alias = "SNESSolve")]
    pub fn solve(&mut self, b: Option<&Vector>, x: &mut Vector) -> Result<SnesConvergedReason> {
        const CTX: &str = "Snes::solve";
        // A solution (or right-hand side) of another layout than the residual vector
        // is refused on every rank before PETSc sees it: PETSc would keep work vectors
        // of its layout, and every later solve failed.
        let given = b.map(|b| ("b", b));
        self.ready_like_residual(CTX, given.as_slice(), &[("x", &*x)])?;
        let bp = match b {
            Some(b) => b.raw_read("Snes::solve")?,
            None => std::ptr::null_mut(),
        };
        self.install_shell_solve()?;
        self.check_fd_coloring(CTX)?;
        // SAFETY: live solver (a TS's of an explicit type fails cleanly, not in PETSc
        // 3.18's null routine).
        check(unsafe { sys::petscrs_SNESGuardTS(self.ptr) })?;
        // SAFETY: live solver and vectors; Rust's borrows make `b` and `x` distinct.
        let r = check(unsafe { sys::SNESSolve(self.ptr, bp, x.raw_write("Snes::solve")?) });
        if r.is_err() {
            self.unwind_failed_solve();
        }
        // A lent vector (a callback's argument) is not kept as the last solve's.
        let lent_b = b
            .filter(|b| b.is_lent())
            .map_or(std::ptr::null_mut(), |b| b.ptr);
        let lent_x = if x.is_lent() {
            x.ptr
        } else {
            std::ptr::null_mut()
        };
        if !lent_b.is_null() || !lent_x.is_null() {
            // SAFETY: live solver; the vectors of the solve just run.
            let forgot = check(unsafe { sys::petscrs_SNESForgetVecs(self.ptr, lent_b, lent_x) });
            if r.is_ok() {
                forgot?;
            }
        }
        r?;
        self.converged_reason()
    }

    /// Balances what an aborted solve left open, so the same solver can solve again
    /// (see [`unwind_failed_snes`]).
    fn unwind_failed_solve(&mut self) {
        // SAFETY: live solver.
        unsafe { unwind_failed_snes(self.ptr) };
    }

    /// The inner linear solver (`SNESGetKSP`), as a handle holding its own reference and
    /// one to this solver (so either handle may be dropped first); changes made through it (type, tolerances, its [`Pc`](crate::Pc)) apply to this
    /// solver.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let snes = petsc::Snes::new(&petsc.self_comm())?;
    /// let mut ksp = snes.ksp()?;
    /// ksp.set_type(petsc::KspType::Cg)?;
    /// ksp.pc()?.set_type(petsc::PcType::Jacobi)?;
    /// assert_eq!(snes.ksp()?.ty()?, Some(petsc::KspType::Cg));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "SNESGetKSP")]
    pub fn ksp(&self) -> Result<Ksp> {
        let mut ksp: sys::KSP = std::ptr::null_mut();
        // SAFETY: live solver; PETSc returns its KSP (creating it if needed).
        check(unsafe { sys::SNESGetKSP(self.ptr, &mut ksp) })?;
        // SAFETY: `ksp` and the solver are live; the handle takes a reference to each.
        unsafe { Ksp::from_raw_child(&self.petsc, ksp, self.ptr as sys::PetscObject) }
    }

    /// The line search's type name (`"bt"`, `"basic"`, `"l2"`, `"cp"`, ...)
    /// (`SNESLineSearchGetType`); set it with `-snes_linesearch_type` or
    /// [`set_line_search_type`](Self::set_line_search_type).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut snes = petsc::Snes::new(&petsc.self_comm())?;
    /// snes.set_line_search_type("basic")?;
    /// assert_eq!(snes.line_search_type()?, "basic");
    /// assert!(snes.set_line_search_type("nosuch").is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "SNESLineSearchGetType")]
    pub fn line_search_type(&self) -> Result<String> {
        let ls = self.raw_line_search()?;
        let mut t: sys::SNESLineSearchType = std::ptr::null();
        // SAFETY: live line search; PETSc returns its own string (or null).
        check(unsafe { sys::SNESLineSearchGetType(ls, &mut t) })?;
        // SAFETY: PETSc returned its own string, or null.
        Ok(unsafe { owned(t) })
    }

    /// Sets the line search by PETSc name (`SNESLineSearchSetType`); an unregistered
    /// name is an error naming it.
    #[doc(alias = "SNESLineSearchSetType")]
    pub fn set_line_search_type(&mut self, name: &str) -> Result<()> {
        let ls = self.raw_line_search()?;
        // SAFETY: SNESLineSearchRegisterAll ran when the line search was created;
        // SNESLineSearchList is only read.
        let n = unsafe {
            registered_type(
                "Snes::set_line_search_type",
                "SNESLineSearch",
                sys::SNESLineSearchList,
                name,
            )
        }?;
        // SAFETY: live line search; PETSc copies the name.
        check(unsafe { sys::SNESLineSearchSetType(ls, n.as_ptr()) })
    }

    crate::methods![for Snes;
        /// The solver's line search (borrowed, created if needed).
        fn raw_line_search(&self) -> sys::SNESLineSearch = SNESGetLineSearch as "SNESGetLineSearch";
    ];
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::CStr;

    /// The names match PETSc's own `SNESConvergedReasons` table (indexed by the code).
    #[test]
    fn reason_names_match_petsc() {
        for &(r, code, name) in REASONS {
            // SAFETY: SNESConvergedReasons points into a static table of C strings,
            // shifted so that it is indexed by the code; every code of REASONS on this
            // version (-11..=6 before 3.23, -12..=7 to 3.24, -14..=7 from 3.25) is in it.
            let petsc = unsafe { CStr::from_ptr(*sys::SNESConvergedReasons.offset(code as isize)) };
            if code == 6 && !cfg!(petsc_3_23) {
                continue; // PETSc's table has no name for SNES_BREAKOUT_INNER_ITER
            }
            assert_eq!(petsc.to_str().unwrap(), name, "{r:?}");
            assert_eq!(SnesConvergedReason::from_raw(code), r);
            assert_eq!(r.code(), code);
        }
    }

    #[test]
    fn type_names_round_trip() {
        for n in SnesType::NAMES {
            let t = SnesType::from_name(n);
            assert!(!matches!(t, SnesType::Other(_)), "{n}");
            assert_eq!(t.as_str(), *n);
        }
        let c = |b: &[u8]| {
            CStr::from_bytes_with_nul(b)
                .unwrap()
                .to_str()
                .unwrap()
                .to_owned()
        };
        assert_eq!(SnesType::Newtonls.as_str(), c(sys::SNESNEWTONLS));
        assert_eq!(SnesType::Newtontr.as_str(), c(sys::SNESNEWTONTR));
        assert_eq!(SnesType::Qn.as_str(), c(sys::SNESQN));
        assert_eq!(SnesType::Fas.as_str(), c(sys::SNESFAS));
        assert_eq!(SnesType::Patch.as_str(), c(sys::SNESPATCH));
    }
}
