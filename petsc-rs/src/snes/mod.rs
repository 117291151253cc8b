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

use std::cell::Cell;
use std::ffi::CStr;
use std::os::raw::c_void;

use petsc_sys as sys;

use crate::callback::{
    attach_to_dm, call, hand_over, release_at, run, share_closures, CallbackKind,
};
use crate::comm::Comm;
use crate::dm::{coloring_type_of, ColoringType, Da, DaInfo, DaView, DaViewMut};
use crate::error::{
    check, check_count, check_same_layout, check_tolerance, record_destroy, run_callback,
    unlock_on_error, Error, Result,
};
use crate::init::Petsc;
use crate::jacobian::JacobianMats;
use crate::ksp::Ksp;
use crate::mat::Mat;
use crate::object::{default_int, default_real, owned, petsc_handle, registered_type, type_enum};
use crate::pc::borrowed_vec;
use crate::vec::Vector;
use crate::{Int, Real};

mod line_search;

pub use line_search::{LineSearchTolerances, SnesLineSearch, SnesLineSearchType};

petsc_handle!(
    /// A PETSc nonlinear solver (`SNES`) for `F(x) = b` (usually `b = 0`).
    ///
    /// Give it the residual with [`set_function`](Self::set_function) and, for Newton's
    /// method, the Jacobian with [`set_jacobian`](Self::set_jacobian) (or run with
    /// `-snes_mf`, `-snes_mf_operator`, `-snes_fd` or `-snes_fd_color`, which need no
    /// code), then [`solve`](Self::solve).
    ///
    /// ```
    /// use petsc::{Mat, NormType, Snes, SnesType, Vector};
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
    /// let j = Mat::new_aij(&c, None, None, Some(n), Some(n), 1, 0)?;
    /// snes.set_jacobian(j, None, |x, jac| {
    ///     let p = jac.pre();
    ///     for (i, xi) in x.view()?.iter().enumerate() {
    ///         p.set_value(i as petsc::Int, i as petsc::Int, 2.0 * xi, petsc::InsertMode::Insert)?;
    ///     }
    ///     p.assemble()
    /// })?;
    /// snes.set_tolerances(Some(1e-12), Some(1e-12), None, None, None)?;
    /// snes.set_from_options()?; // -snes_monitor, -snes_type, -snes_mf, ... still apply
    /// x.set(1.0)?;
    /// snes.solve(None, &mut x)?;
    /// assert!(snes.converged_reason()?.is_converged());
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
        /// `SNESNEWTONLS`: Newton with a line search (PETSc's default).
        Newtonls = "newtonls",
        /// `SNESNEWTONTR`: Newton with a trust region.
        Newtontr = "newtontr",
        /// `SNESNEWTONTRDC`: trust region with a dogleg-Cauchy step.
        Newtontrdc = "newtontrdc",
        /// `SNESNRICHARDSON`: nonlinear Richardson.
        Nrichardson = "nrichardson",
        /// `SNESKSPONLY`: one linear solve (for linear problems).
        Ksponly = "ksponly",
        /// `SNESKSPTRANSPOSEONLY`: one transposed linear solve.
        Ksptransposeonly = "ksptransposeonly",
        /// `SNESVINEWTONRSLS`: reduced-space active-set method for bounds.
        Vinewtonrsls = "vinewtonrsls",
        /// `SNESVINEWTONSSLS`: semismooth method for bounds.
        Vinewtonssls = "vinewtonssls",
        /// `SNESNGMRES`: nonlinear GMRES.
        Ngmres = "ngmres",
        /// `SNESQN`: quasi-Newton (L-BFGS, Broyden).
        Qn = "qn",
        /// `SNESSHELL`: user-defined.
        Shell = "shell",
        /// `SNESNGS`: nonlinear Gauss-Seidel.
        Ngs = "ngs",
        /// `SNESNCG`: nonlinear conjugate gradients.
        Ncg = "ncg",
        /// `SNESFAS`: full approximation scheme (nonlinear multigrid).
        Fas = "fas",
        /// `SNESMS`: multistage smoothers.
        Ms = "ms",
        /// `SNESNASM`: nonlinear additive Schwarz.
        Nasm = "nasm",
        /// `SNESANDERSON`: Anderson mixing.
        Anderson = "anderson",
        /// `SNESASPIN`: additive Schwarz preconditioned inexact Newton.
        Aspin = "aspin",
        /// `SNESCOMPOSITE`: a composition of several solvers.
        Composite = "composite",
        /// `SNESPATCH`: patch-based smoothers.
        Patch = "patch",
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

crate::converged_reason_impls!(SnesConvergedReason, REASONS, "SNESConvergedReason");

type FunctionFn = dyn FnMut(&Vector, &mut Vector) -> Result<()>;
type JacobianFn = dyn FnMut(&Vector, &mut JacobianMats) -> Result<()>;
type LocalFunctionFn = dyn FnMut(&DaInfo, &DaView<'_>, &mut DaViewMut<'_>) -> Result<()>;
type LocalJacobianFn = dyn FnMut(&DaInfo, &DaView<'_>, &mut JacobianMats) -> Result<()>;

/// A `SNESFunction`/`DMSNES` residual routine.
type RawFunction =
    unsafe extern "C" fn(sys::SNES, sys::Vec, sys::Vec, *mut c_void) -> sys::PetscErrorCode;
/// A `SNESJacobianFunction`/`DMSNES` Jacobian routine.
type RawJacobian = unsafe extern "C" fn(
    sys::SNES,
    sys::Vec,
    sys::Mat,
    sys::Mat,
    *mut c_void,
) -> sys::PetscErrorCode;

/// Where the colored finite-difference Jacobian of a DMDA local residual keeps its
/// `MatFDColoring`: composed on the Jacobian matrix it fills.
const DMDA_COLORING_KEY: &CStr = c"petsc-rs:dmda-snes-fdcoloring";

/// What a callback may flag with [`Snes::domain_error`].
#[derive(Clone, Copy, PartialEq, Eq)]
enum Evaluation {
    Function,
    Jacobian,
}

thread_local! {
    /// The evaluation in progress on this thread and whether it was flagged.
    static DOMAIN: Cell<Option<(Evaluation, bool)>> = const { Cell::new(None) };
}

/// Runs `body` as an evaluation of kind `kind`; returns its code and whether
/// [`Snes::domain_error`] was called. Nested evaluations (a callback solving another
/// problem) each see their own flag.
fn evaluate(
    kind: Evaluation,
    body: impl FnOnce() -> sys::PetscErrorCode,
) -> (sys::PetscErrorCode, bool) {
    let prev = DOMAIN.with(|d| d.replace(Some((kind, false))));
    let code = body();
    let flagged = DOMAIN.with(|d| d.replace(prev)).is_some_and(|(_, f)| f);
    (code, flagged)
}

/// The DM of a solver (borrowed; PETSc makes a `DMShell` if it has none).
///
/// # Safety
/// `snes` must be a live solver.
unsafe fn snes_dm(snes: sys::SNES) -> Result<sys::DM> {
    let mut dm: sys::DM = std::ptr::null_mut();
    // SAFETY: live solver; PETSc returns its DM (borrowed).
    check(unsafe { sys::SNESGetDM(snes, &mut dm) })?;
    Ok(dm)
}

/// Stores a residual routine in the `DMSNES` of `dm` (`DMSNESSetFunction`) with, as its
/// context, the closure `f` (of kind `kind`) kept with the DM (see [`attach_to_dm`]).
///
/// # Safety
/// `dm` must be a live DM, and `routine` a trampoline for closures of type `F`.
unsafe fn dm_set_function<F: ?Sized + 'static>(
    petsc: &Petsc,
    dm: sys::DM,
    kind: CallbackKind,
    routine: RawFunction,
    f: Box<F>,
) -> Result<()> {
    // SAFETY: live DM.
    let ctx = unsafe { attach_to_dm(petsc, dm, kind, f) }?;
    // SAFETY: live DM; the context is a number PETSc only hands back to the routine.
    check(unsafe { sys::DMSNESSetFunction(dm, Some(routine), ctx) })
}

/// [`dm_set_function`] for the Jacobian (`DMSNESSetJacobian`).
///
/// # Safety
/// As [`dm_set_function`].
unsafe fn dm_set_jacobian<F: ?Sized + 'static>(
    petsc: &Petsc,
    dm: sys::DM,
    kind: CallbackKind,
    routine: RawJacobian,
    f: Box<F>,
) -> Result<()> {
    // SAFETY: live DM.
    let ctx = unsafe { attach_to_dm(petsc, dm, kind, f) }?;
    // SAFETY: live DM; the context is a number PETSc only hands back to the routine.
    check(unsafe { sys::DMSNESSetJacobian(dm, Some(routine), ctx) })
}

/// The end of every residual trampoline: a flagged domain error is reported to the
/// solver; on an error, the read lock its caller put on `x` is released.
///
/// # Safety
/// `snes` must be a live solver and `x` a live vector.
unsafe fn finish_function(
    snes: sys::SNES,
    x: sys::Vec,
    (code, domain): (sys::PetscErrorCode, bool),
) -> sys::PetscErrorCode {
    if code == 0 && domain {
        // SAFETY: live solver.
        return unsafe { sys::SNESSetFunctionDomainError(snes) };
    }
    // SAFETY: `x` is live for the call; SNESComputeFunction locked it read-only.
    unsafe { unlock_on_error(code, &[x]) }
}

/// [`finish_function`] for the Jacobian trampolines.
///
/// # Safety
/// As [`finish_function`].
unsafe fn finish_jacobian(
    snes: sys::SNES,
    x: sys::Vec,
    (code, domain): (sys::PetscErrorCode, bool),
) -> sys::PetscErrorCode {
    if code == 0 && domain {
        // SAFETY: live solver.
        return unsafe { sys::SNESSetJacobianDomainError(snes) };
    }
    // SAFETY: `x` is live for the call; SNESComputeJacobian locked it read-only.
    unsafe { unlock_on_error(code, &[x]) }
}

/// The [`JacobianMats`] for PETSc's `(A, P)`.
///
/// # Safety
/// `a` and `p` must be live matrices.
unsafe fn jacobian_mats(petsc: &Petsc, a: sys::Mat, p: sys::Mat) -> Result<JacobianMats> {
    // SAFETY: the caller guarantees live matrices; each handle takes a reference.
    let pre = unsafe { Mat::from_raw_borrowed(petsc, p) }?;
    let op = if a != p && !a.is_null() {
        // SAFETY: as above.
        Some(unsafe { Mat::from_raw_borrowed(petsc, a) }?)
    } else {
        None
    };
    Ok(JacobianMats { pre, op })
}

/// `DMSNESSetFunction` trampoline of [`Snes::set_function`].
unsafe extern "C" fn function_trampoline(
    snes: sys::SNES,
    x: sys::Vec,
    f: sys::Vec,
    ctx: *mut c_void,
) -> sys::PetscErrorCode {
    const KIND: CallbackKind = CallbackKind::SnesFunction;
    let result = evaluate(Evaluation::Function, || {
        run_callback(KIND.name(), || {
            // SAFETY: the closure body's unsafe calls are justified where they are made.
            unsafe {
                call::<FunctionFn, _>(ctx, KIND, |petsc, g| {
                    // SAFETY: `x` and `f` are live for the call; each handle takes a
                    // reference.
                    let (xv, mut fv) = (borrowed_vec(petsc, x)?, borrowed_vec(petsc, f)?);
                    g(&xv, &mut fv)
                })
            }
        })
    });
    // SAFETY: live solver and vector for the call.
    unsafe { finish_function(snes, x, result) }
}

/// `DMSNESSetJacobian` trampoline of [`Snes::set_jacobian`].
unsafe extern "C" fn jacobian_trampoline(
    snes: sys::SNES,
    x: sys::Vec,
    a: sys::Mat,
    p: sys::Mat,
    ctx: *mut c_void,
) -> sys::PetscErrorCode {
    const KIND: CallbackKind = CallbackKind::SnesJacobian;
    let result = evaluate(Evaluation::Jacobian, || {
        run_callback(KIND.name(), || {
            // SAFETY: the closure body's unsafe calls are justified where they are made.
            unsafe {
                call::<JacobianFn, _>(ctx, KIND, |petsc, g| {
                    // SAFETY: `x`, `a` and `p` are live for the call; each handle takes
                    // a reference.
                    let xv = borrowed_vec(petsc, x)?;
                    // SAFETY: as above.
                    let mut mats = jacobian_mats(petsc, a, p)?;
                    g(&xv, &mut mats)
                })
            }?;
            assemble_mffd(a, p)
        })
    });
    // SAFETY: live solver and vector for the call.
    unsafe { finish_jacobian(snes, x, result) }
}

/// Assembles a distinct matrix-free operator (`-snes_mf_operator`), which sets its
/// base point to the current iterate, as C Jacobian routines do by hand.
pub(crate) fn assemble_mffd(a: sys::Mat, p: sys::Mat) -> Result<()> {
    if a == p || a.is_null() {
        return Ok(());
    }
    let mut is_mffd = sys::PETSC_BOOL_FALSE;
    // SAFETY: live matrix; NUL-terminated type name.
    check(unsafe {
        sys::PetscObjectTypeCompare(
            a as sys::PetscObject,
            sys::MATMFFD.as_ptr() as *const _,
            &mut is_mffd,
        )
    })?;
    if is_mffd == sys::PETSC_BOOL_TRUE {
        // SAFETY: live matrix, assembled collectively as the Jacobian callback is.
        check(unsafe { sys::MatAssemblyBegin(a, sys::MatAssemblyType::MAT_FINAL_ASSEMBLY) })?;
        // SAFETY: as above, after Begin.
        check(unsafe { sys::MatAssemblyEnd(a, sys::MatAssemblyType::MAT_FINAL_ASSEMBLY) })?;
    }
    Ok(())
}

/// The solver's DMDA as a temporary handle, its local info, and a ghosted copy of the
/// global vector `x` (a work vector of the DM, restored by [`with_local`]).
///
/// # Safety
/// `snes` must be a live solver whose DM is a DMDA, and `x` a live global vector of it.
unsafe fn with_local<R>(
    petsc: &Petsc,
    snes: sys::SNES,
    x: sys::Vec,
    body: impl FnOnce(&Da, &DaInfo, sys::Vec) -> Result<R>,
) -> Result<R> {
    // SAFETY: live solver.
    let dm = unsafe { snes_dm(snes) }?;
    // SAFETY: `dm` is live; the handle below owns this extra reference.
    check(unsafe { sys::PetscObjectReference(dm as sys::PetscObject) })?;
    let da = Da::from_raw(petsc, dm);
    let mut li = sys::DMDALocalInfo::default();
    // SAFETY: live DMDA; PETSc fills the struct.
    check(unsafe { sys::DMDAGetLocalInfo(dm, &mut li) })?;
    let info = DaInfo::from_local_info(&li)?;
    let mut xl: sys::Vec = std::ptr::null_mut();
    // SAFETY: live DM; PETSc lends a local work vector until DMRestoreLocalVector.
    check(unsafe { sys::DMGetLocalVector(dm, &mut xl) })?;
    let ins = sys::InsertMode::INSERT_VALUES;
    let r = (|| {
        // SAFETY: live DM and vectors of it.
        check(unsafe { sys::DMGlobalToLocalBegin(dm, x, ins, xl) })?;
        // SAFETY: as above, after Begin.
        check(unsafe { sys::DMGlobalToLocalEnd(dm, x, ins, xl) })?;
        body(&da, &info, xl)
    })();
    // SAFETY: `xl` came from DMGetLocalVector on this DM and no view of it is left.
    let restored = check(unsafe { sys::DMRestoreLocalVector(dm, &mut xl) });
    let out = r?;
    restored.map(|()| out)
}

/// `DMSNESSetFunction` trampoline of [`Snes::set_function_local`] (PETSc's
/// `SNESComputeFunction_DMDA`): called with the solver at hand, whose DM (the DMDA, a
/// coarse level or a subdomain of it) gives the grid.
unsafe extern "C" fn local_function_trampoline(
    snes: sys::SNES,
    x: sys::Vec,
    f: sys::Vec,
    ctx: *mut c_void,
) -> sys::PetscErrorCode {
    const KIND: CallbackKind = CallbackKind::SnesLocalFunction;
    let result = evaluate(Evaluation::Function, || {
        run_callback(KIND.name(), || {
            // SAFETY: the closure body's unsafe calls are justified where they are made.
            unsafe {
                call::<LocalFunctionFn, _>(ctx, KIND, |petsc, lf| {
                    let body = |da: &Da, info: &DaInfo, xl: sys::Vec| {
                        // SAFETY: `xl` and `f` are live and distinct for the call;
                        // nothing else touches them while the views exist.
                        let xv = da.view_raw(xl)?;
                        // SAFETY: as above.
                        let mut fv = da.view_mut_raw(f)?;
                        lf(info, &xv, &mut fv)
                    };
                    // SAFETY: live solver whose DM is a DMDA (the closure was stored in
                    // a DMDA's context, and PETSc hands it only to DMs derived from it);
                    // `x` is a live global vector of it.
                    with_local(petsc, snes, x, body)
                })
            }
        })
    });
    // SAFETY: live solver and vector for the call.
    unsafe { finish_function(snes, x, result) }
}

/// `DMSNESSetJacobian` trampoline of [`Snes::set_jacobian_local`].
unsafe extern "C" fn local_jacobian_trampoline(
    snes: sys::SNES,
    x: sys::Vec,
    a: sys::Mat,
    p: sys::Mat,
    ctx: *mut c_void,
) -> sys::PetscErrorCode {
    const KIND: CallbackKind = CallbackKind::SnesLocalJacobian;
    let result = evaluate(Evaluation::Jacobian, || {
        run_callback(KIND.name(), || {
            // SAFETY: the closure body's unsafe calls are justified where they are made.
            unsafe {
                call::<LocalJacobianFn, _>(ctx, KIND, |petsc, jf| {
                    // SAFETY: `a` and `p` are live for the call.
                    let mut mats = jacobian_mats(petsc, a, p)?;
                    let body = |da: &Da, info: &DaInfo, xl: sys::Vec| {
                        // SAFETY: `xl` is live and only read while the view exists.
                        let xv = da.view_raw(xl)?;
                        jf(info, &xv, &mut mats)
                    };
                    // SAFETY: live solver with a DMDA; `x` is a live global vector of it.
                    with_local(petsc, snes, x, body)
                })
            }?;
            assemble_mffd(a, p)
        })
    });
    // SAFETY: live solver and vector for the call.
    unsafe { finish_jacobian(snes, x, result) }
}

/// The residual that the colored finite differences of
/// [`dmda_colored_jacobian`] evaluate: the routine stored in the solver's `DMSNES`,
/// called directly (as C's `SNESComputeJacobian_DMDA` calls `SNESComputeFunction_DMDA`),
/// so these evaluations are not counted as the solver's residual evaluations.
unsafe extern "C" fn fd_function(
    snes: sys::SNES,
    x: sys::Vec,
    f: sys::Vec,
    _ctx: *mut c_void,
) -> sys::PetscErrorCode {
    let inner = (|| {
        // SAFETY: PETSc passes the solver given to MatFDColoringApply, live for the call.
        let dm = unsafe { snes_dm(snes) }?;
        let mut func: Option<RawFunction> = None;
        let mut ctx: *mut c_void = std::ptr::null_mut();
        // SAFETY: live DM; PETSc writes its routine and context.
        check(unsafe { sys::DMSNESGetFunction(dm, &mut func, &mut ctx) })?;
        func.ok_or_else(|| {
            Error::invalid(
                "SNES colored finite-difference Jacobian (DMDA)",
                "the solver's DM has no residual",
            )
        })
        .map(|func| (func, ctx))
    })();
    match inner {
        // SAFETY: the routine and context PETSc stored together, called as PETSc would.
        Ok((func, ctx)) => unsafe { func(snes, x, f, ctx) },
        Err(e) => run_callback("SNES colored finite-difference Jacobian (DMDA)", || Err(e)),
    }
}

/// The `MatFDColoring` of the Jacobian matrix `b` of a solver on a DMDA, made on first
/// use from the DM's coloring (`DMCreateColoring`) and kept on `b` (borrowed).
///
/// # Safety
/// `snes` must be a live solver with a DM, and `b` its live Jacobian matrix.
unsafe fn dmda_fd_coloring(snes: sys::SNES, b: sys::Mat) -> Result<sys::MatFDColoring> {
    let mut found: sys::PetscObject = std::ptr::null_mut();
    // SAFETY: live matrix; PETSc writes a borrowed pointer or null.
    check(unsafe {
        sys::PetscObjectQuery(
            b as sys::PetscObject,
            DMDA_COLORING_KEY.as_ptr(),
            &mut found,
        )
    })?;
    if !found.is_null() {
        return Ok(found as sys::MatFDColoring);
    }
    // SAFETY: live solver.
    let dm = unsafe { snes_dm(snes) }?;
    // SAFETY: live DM.
    let kind = unsafe { coloring_type_of(dm) }?;
    if kind != ColoringType::Global {
        // As C's SNESComputeJacobian_DMDA: the residual works on global vectors.
        return Err(Error::invalid(
            "SNES colored finite-difference Jacobian (DMDA)",
            format!(
                "no support for the {kind:?} coloring type (the DMDA's ISColoringType); \
                 use ColoringType::Global or give a Jacobian"
            ),
        ));
    }
    let mut iscoloring: sys::ISColoring = std::ptr::null_mut();
    // SAFETY: live DM; PETSc writes a new coloring.
    check(unsafe {
        sys::DMCreateColoring(dm, sys::ISColoringType::IS_COLORING_GLOBAL, &mut iscoloring)
    })?;
    let mut fdc: sys::MatFDColoring = std::ptr::null_mut();
    let made = (|| {
        // SAFETY: live matrix and coloring; PETSc writes the new object.
        check(unsafe { sys::MatFDColoringCreate(b, iscoloring, &mut fdc) })?;
        // SAFETY: `fd_function` has the signature PETSc calls for a SNES
        // (`(SNES, Vec, Vec, void *)`), which MatFDColoringSetFunction takes type-erased.
        let erased = unsafe {
            std::mem::transmute::<RawFunction, unsafe extern "C" fn() -> sys::PetscErrorCode>(
                fd_function,
            )
        };
        // SAFETY: live coloring; the routine needs no context.
        check(unsafe { sys::MatFDColoringSetFunction(fdc, Some(erased), std::ptr::null_mut()) })?;
        let mut prefix: *const std::os::raw::c_char = std::ptr::null();
        // SAFETY: live DM; PETSc returns its own string (or null).
        check(unsafe { sys::PetscObjectGetOptionsPrefix(dm as sys::PetscObject, &mut prefix) })?;
        // SAFETY: live coloring; PETSc copies the prefix (null clears it).
        check(unsafe { sys::PetscObjectSetOptionsPrefix(fdc as sys::PetscObject, prefix) })?;
        // SAFETY: live coloring.
        check(unsafe { sys::MatFDColoringSetFromOptions(fdc) })?;
        // SAFETY: live matrix, coloring and context.
        check(unsafe { sys::MatFDColoringSetUp(b, iscoloring, fdc) })?;
        // SAFETY: live matrix and coloring; the matrix takes its own reference.
        check(unsafe {
            sys::PetscObjectCompose(
                b as sys::PetscObject,
                DMDA_COLORING_KEY.as_ptr(),
                fdc as sys::PetscObject,
            )
        })
    })();
    // SAFETY: our references (the matrix keeps the coloring context if it was composed).
    record_destroy(unsafe { sys::ISColoringDestroy(&mut iscoloring) });
    let kept = fdc;
    if !fdc.is_null() {
        // SAFETY: as above.
        record_destroy(unsafe { sys::MatFDColoringDestroy(&mut fdc) });
    }
    made.map(|()| kept)
}

/// The Jacobian that [`Snes::set_function_local`] sets when the DM has none: finite
/// differences of the local residual colored with the DMDA's stencil, as C's
/// `SNESComputeJacobian_DMDA` (`DMDASNESSetFunctionLocal` without a Jacobian). The
/// differencing calls the residual directly, so `-snes_view` and
/// [`Snes::num_function_evals`] count what C counts.
unsafe extern "C" fn dmda_colored_jacobian(
    snes: sys::SNES,
    x: sys::Vec,
    a: sys::Mat,
    b: sys::Mat,
    _ctx: *mut c_void,
) -> sys::PetscErrorCode {
    const NAME: &str = "SNES colored finite-difference Jacobian (DMDA)";
    let code = run_callback(NAME, || {
        // SAFETY: live solver with a DM and its live Jacobian matrix.
        let fdc = unsafe { dmda_fd_coloring(snes, b) }?;
        // SAFETY: live matrix, coloring, point and solver (passed to `fd_function`).
        check(unsafe { sys::MatFDColoringApply(b, fdc, x, snes as *mut c_void) })?;
        if a != b && !a.is_null() {
            // SAFETY: live matrix, assembled collectively as the Jacobian is.
            check(unsafe { sys::MatAssemblyBegin(a, sys::MatAssemblyType::MAT_FINAL_ASSEMBLY) })?;
            // SAFETY: as above, after Begin.
            check(unsafe { sys::MatAssemblyEnd(a, sys::MatAssemblyType::MAT_FINAL_ASSEMBLY) })?;
        }
        Ok(())
    });
    // SAFETY: `x` is live for the call; SNESComputeJacobian locked it read-only.
    unsafe { unlock_on_error(code, &[x]) }
}

/// Balances what a `SNESSolve` ended by an error left open, so the same solver (and the
/// vectors it was given) can be used again; for [`Snes::solve`] and the TS solves that
/// run a SNES.
///
/// - A residual evaluated inside the Krylov iteration (`-snes_mf`, `-snes_mf_operator`)
///   or a failing shell PC aborts `KSPSolve` between its `PCPreSolve` and
///   `PCPostSolve`; PETSc refuses a third nested `PCPreSolve`. Resetting the inner
///   solver's set-up clears that count.
/// - From PETSc 3.22 on, every frame between the solve and the failed callback that
///   locked a vector read-only (`KSPSolve` its right-hand side, `MatMult` and `PCApply`
///   their input, `SNESComputeFunction` its point, ...) left the lock on (see
///   [`release_read_locks`](crate::error::release_read_locks)). The trampolines release
///   the vectors they were handed; here the solver's own vectors are released, and
///   `KSPReset` (which keeps the type and options) frees the Krylov work vectors, which
///   are out of reach, instead of only `PCReset`.
///
/// Failures here are dropped: the solve's error is what the caller sees.
///
/// # Safety
/// `snes` must be a live solver.
pub(crate) unsafe fn unwind_failed_snes(snes: sys::SNES) {
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
    // SAFETY: live KSP of the solver. An error inside a linear solve of the iteration
    // (a failing Jacobian product or shell preconditioner, PETSc's own) skipped its
    // `PCPostSolve`; no solve of this KSP is open now, so its PC goes back to depth 0.
    unsafe { crate::ksp::recover_ksp(ksp, None) };
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
        // SAFETY: live KSP; it keeps its type, options and PC type, and the SNES gives
        // it its operators again at every iteration.
        let _ = check(unsafe { sys::KSPReset(ksp) });
    }
    #[cfg(not(petsc_3_22))]
    {
        let mut pc: sys::PC = std::ptr::null_mut();
        // SAFETY: live KSP; PETSc returns its PC (borrowed).
        if check(unsafe { sys::KSPGetPC(ksp, &mut pc) }).is_ok() && !pc.is_null() {
            // SAFETY: live PC.
            let _ = check(unsafe { sys::PCReset(pc) });
        }
    }
}

/// A monitor closure.
type MonitorFn = dyn FnMut(Int, Real) -> Result<()>;

/// `SNESMonitorSet` trampoline.
unsafe extern "C" fn monitor_trampoline(
    snes: sys::SNES,
    it: Int,
    fnorm: Real,
    ctx: *mut c_void,
) -> sys::PetscErrorCode {
    let code = run::<MonitorFn>(ctx, CallbackKind::SnesMonitor, |_, f| f(it, fnorm));
    if code != 0 {
        let mut x: sys::Vec = std::ptr::null_mut();
        // SAFETY: live solver; a raw call, so the pending callback error survives.
        if unsafe { sys::SNESGetSolution(snes, &mut x) } == 0 {
            // SAFETY: the solver's live solution, which SNESMonitor locked read-only.
            unsafe { unlock_on_error(code, &[x]) };
        }
    }
    code
}

crate::class_methods! {
    Snes: SnesType, "SNES", sys::SNESList,
    example = "let mut obj = petsc::Snes::new(&petsc.self_comm())?;", a_type = "newtontr",
    inner = " and its inner solvers (KSP, PC, line search)",
    set_type = sys::SNESSetType as "SNESSetType",
    set_options_prefix = sys::SNESSetOptionsPrefix as "SNESSetOptionsPrefix",
    append_options_prefix = sys::SNESAppendOptionsPrefix as "SNESAppendOptionsPrefix",
    options_prefix = sys::SNESGetOptionsPrefix as "SNESGetOptionsPrefix",
}

impl Snes {
    /// A new solver on `comm` (`SNESCreate`); PETSc's default is Newton with a
    /// backtracking line search (`newtonls`, `bt`).
    pub fn new(comm: &Comm) -> Result<Snes> {
        let mut snes: sys::SNES = std::ptr::null_mut();
        // SAFETY: live communicator; PETSc writes the new object.
        check(unsafe { sys::SNESCreate(comm.as_raw(), &mut snes) })?;
        Ok(Snes::from_raw(comm.petsc(), snes))
    }

    /// Sets the residual `F` as a closure `f(x, F)` that writes `F(x)` into its second
    /// argument (`SNESSetFunction`). `r` is the vector PETSc stores the residual in (it
    /// gives the layout; the solver takes it over). As in C, the closure is kept in the
    /// SNES context of the solver's DM (`DMSNES`; PETSc makes a `DMShell` if the solver
    /// has no DM), so inner solvers on that DM (`-npc_snes_type`, `-snes_type
    /// composite`) call it too; it replaces any earlier residual of that DM and is
    /// dropped with the last DM context that holds it.
    ///
    /// The closure is collective: every process is called at once with its part of `x`.
    /// An `Err` or a panic ends the solve, which returns [`Error::Callback`] or
    /// [`Error::CallbackPanic`] naming `"SNES function"`; for a point outside the
    /// residual's domain call [`Snes::domain_error`] and return `Ok` instead.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut snes = petsc::Snes::new(&c)?;
    /// snes.set_function(petsc::Vector::new_seq(&c, 1)?, |x, f| {
    ///     let x0 = x.view()?[0];
    ///     f.view_mut()?[0] = x0.exp() - 2.0;
    ///     Ok(())
    /// })?;
    /// let x = petsc::Vector::from_slice(&c, &[0.0])?;
    /// let mut f = x.duplicate()?;
    /// snes.compute_function(&x, &mut f)?;
    /// assert_eq!(f.view()?[0], -1.0);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn set_function<F>(&mut self, r: Vector, f: F) -> Result<()>
    where
        F: FnMut(&Vector, &mut Vector) -> Result<()> + 'static,
    {
        // SAFETY: live solver and vector (PETSc references it); no routine or context
        // given, so only the residual vector is stored.
        check(unsafe { sys::SNESSetFunction(self.ptr, r.ptr, None, std::ptr::null_mut()) })?;
        let f: Box<FunctionFn> = Box::new(f);
        // SAFETY: live solver, hence a live DM; the trampoline is for `FunctionFn`.
        unsafe {
            dm_set_function(
                &self.petsc,
                snes_dm(self.ptr)?,
                CallbackKind::SnesFunction,
                function_trampoline,
                f,
            )
        }
    }

    /// Sets the Jacobian: the matrix `a` (the operator) and `p` (the matrix the
    /// preconditioner is built from; `None` means `a` itself), and the closure that fills
    /// them at a point `x` (`SNESSetJacobian`). The solver keeps references to the
    /// matrices; the closure is kept in the SNES context of the solver's DM, as the
    /// residual of [`set_function`](Self::set_function) is. See [`JacobianMats`] for
    /// what the closure gets.
    ///
    /// Not needed with `-snes_mf` (matrix-free operator and no preconditioner matrix),
    /// `-snes_fd` (dense finite differences of the residual) or `-snes_fd_color`
    /// (colored finite differences, using the DM's coloring when one is set); with
    /// `-snes_mf_operator` the closure still fills `p`.
    ///
    /// Call [`Snes::domain_error`] from the closure for a point where the Jacobian is
    /// not defined; an `Err` or a panic ends the solve.
    pub fn set_jacobian<F>(&mut self, a: Mat, p: Option<Mat>, f: F) -> Result<()>
    where
        F: FnMut(&Vector, &mut JacobianMats) -> Result<()> + 'static,
    {
        let pp = p.as_ref().map_or(a.ptr, |p| p.ptr);
        // SAFETY: live solver and matrices; PETSc takes references to both. No routine or
        // context given, so only the matrices are stored.
        check(unsafe { sys::SNESSetJacobian(self.ptr, a.ptr, pp, None, std::ptr::null_mut()) })?;
        let f: Box<JacobianFn> = Box::new(f);
        // SAFETY: live solver, hence a live DM; the trampoline is for `JacobianFn`.
        unsafe {
            dm_set_jacobian(
                &self.petsc,
                snes_dm(self.ptr)?,
                CallbackKind::SnesJacobian,
                jacobian_trampoline,
                f,
            )
        }
    }

    /// Gives the solver a DMDA (`SNESSetDM`): vectors and the Jacobian matrix are made
    /// from it (`DMCreateMatrix`, preallocated for its stencil), and `-snes_fd_color`
    /// colors with the grid's stencil. [`set_function_local`](Self::set_function_local)
    /// calls it.
    pub fn set_dm(&mut self, da: &Da) -> Result<()> {
        // SAFETY: live solver.
        let mut old = unsafe { snes_dm(self.ptr) }?;
        if old == da.ptr {
            return Ok(());
        }
        // SAFETY: live DM; held until the end of this function.
        check(unsafe { sys::PetscObjectReference(old as sys::PetscObject) })?;
        // SAFETY: live solver and DM; PETSc takes a reference to the DM and copies the
        // old DM's SNES context to it if it has none. The new DM then also keeps the
        // closures that context refers to.
        let r = check(unsafe { sys::SNESSetDM(self.ptr, da.ptr) })
            // SAFETY: both DMs are live (`old` through the reference taken above).
            .and_then(|()| unsafe { share_closures(old, da.ptr) });
        // SAFETY: the reference taken above.
        record_destroy(unsafe { sys::DMDestroy(&mut old) });
        r
    }

    /// Sets the residual on a DMDA in local form, like `DMDASNESSetFunctionLocal`: the
    /// closure gets the grid information, a read view of `x` *with ghost points* (filled
    /// from the neighbours before the call) and a write view of `F` on the owned points,
    /// both indexed by global grid coordinates. Also sets `da` as the solver's DM. When
    /// no Jacobian is set, the Jacobian is computed by finite differences colored with
    /// the DMDA's stencil, as in C: the coloring comes from the DMDA
    /// (`DMCreateColoring`) and the differences evaluate this closure directly, so they
    /// are not counted as residual evaluations ([`num_function_evals`](Self::num_function_evals),
    /// `-snes_view`, `-snes_max_funcs` count what C counts).
    ///
    /// As `DMDASNESSetFunctionLocal` does, this stores the closure in the DMDA's SNES
    /// context (`DMSNES`), not in the solver: every solver on `da` calls it, and so do
    /// the solvers PETSc builds from options on DMs derived from it (`-snes_type fas`
    /// levels from `-da_refine` or `-snes_fas_levels`, `-snes_type nasm` and `aspin`
    /// subdomains, `-npc_snes_type`, `-snes_type composite`). It replaces any earlier
    /// local residual of `da` and is dropped with the last DM context that holds it.
    /// [`Snes::domain_error`] works as for
    /// [`set_function`](Self::set_function); an `Err` or panic ends the solve.
    ///
    /// ```
    /// use petsc::{Da, NormType, Snes};
    /// let petsc = petsc::Petsc::init()?;
    /// // u'' = 1 on 11 points, u = 0 at both ends: u = x (x - 1) / 2 at x = i h.
    /// let n = 11;
    /// let da = Da::builder(&petsc.world(), 1).sizes(n, 1, 1).build()?;
    /// let h = 1.0 / (n - 1) as f64;
    /// let mut snes = Snes::new(&petsc.world())?;
    /// snes.set_function_local(&da, move |info, x, f| {
    ///     for i in info.xs..info.xs + info.xm {
    ///         f[i] = if i == 0 || i == info.mx - 1 {
    ///             x[i]
    ///         } else {
    ///             (x[i - 1] - 2.0 * x[i] + x[i + 1]) / (h * h) - 1.0
    ///         };
    ///     }
    ///     Ok(())
    /// })?;
    /// let mut u = da.create_global_vector()?;
    /// u.set(0.0)?;
    /// snes.solve(None, &mut u)?; // Jacobian by colored finite differences
    /// assert!(snes.converged_reason()?.is_converged());
    /// let v = da.view(&u)?;
    /// for i in info_range(&da)? {
    ///     let x = i as f64 * h;
    ///     assert!((v[i] - x * (x - 1.0) / 2.0).abs() < 1e-6);
    /// }
    /// # fn info_range(da: &Da) -> petsc::Result<std::ops::Range<petsc::Int>> {
    /// #     let i = da.info()?; Ok(i.xs..i.xs + i.xm)
    /// # }
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn set_function_local<F>(&mut self, da: &Da, f: F) -> Result<()>
    where
        F: FnMut(&DaInfo, &DaView<'_>, &mut DaViewMut<'_>) -> Result<()> + 'static,
    {
        self.set_dm(da)?;
        let f: Box<LocalFunctionFn> = Box::new(f);
        // SAFETY: live DMDA; the trampoline is for `LocalFunctionFn`.
        unsafe {
            dm_set_function(
                &self.petsc,
                da.ptr,
                CallbackKind::SnesLocalFunction,
                local_function_trampoline,
                f,
            )
        }?;
        let mut jac: Option<RawJacobian> = None;
        // SAFETY: live DM; null outputs are skipped.
        check(unsafe { sys::DMSNESGetJacobian(da.ptr, &mut jac, std::ptr::null_mut()) })?;
        if jac.is_none() {
            // SAFETY: live DM; the colored Jacobian needs no context (it finds the
            // residual in the solver's DM and keeps its coloring on the matrix).
            check(unsafe {
                sys::DMSNESSetJacobian(da.ptr, Some(dmda_colored_jacobian), std::ptr::null_mut())
            })?;
        }
        Ok(())
    }

    /// Sets the Jacobian on a DMDA in local form, like `DMDASNESSetJacobianLocal`: the
    /// closure gets the grid information, a read view of `x` with ghost points, and the
    /// matrices to fill (made by the DMDA, so
    /// [`Mat::set_values_stencil`](crate::Mat::set_values_stencil) addresses them by grid
    /// point). Also sets `da` as the solver's DM. See [`JacobianMats`]; remember to
    /// assemble `pre()`.
    ///
    /// ```
    /// use petsc::{Da, InsertMode, Snes, Stencil};
    /// let petsc = petsc::Petsc::init()?;
    /// // x_i^3 = 8 at every grid point of a 2D grid.
    /// let da = Da::builder(&petsc.world(), 2).sizes(4, 3, 1).build()?;
    /// let mut snes = Snes::new(&petsc.world())?;
    /// snes.set_function_local(&da, |info, x, f| {
    ///     for p in info.corners().iter() {
    ///         f[p] = x[p].powi(3) - 8.0;
    ///     }
    ///     Ok(())
    /// })?;
    /// snes.set_jacobian_local(&da, |info, x, jac| {
    ///     for p in info.corners().iter() {
    ///         let s = Stencil::new(p[0], p[1], 0, 0);
    ///         jac.pre().set_values_stencil(&[s], &[s], &[3.0 * x[p].powi(2)], InsertMode::Insert)?;
    ///     }
    ///     jac.pre().assemble()
    /// })?;
    /// let mut u = da.create_global_vector()?;
    /// u.set(1.0)?;
    /// snes.solve(None, &mut u)?;
    /// u.shift(-2.0)?;
    /// assert!(u.norm(petsc::NormType::Infinity)? < 1e-8);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn set_jacobian_local<F>(&mut self, da: &Da, f: F) -> Result<()>
    where
        F: FnMut(&DaInfo, &DaView<'_>, &mut JacobianMats) -> Result<()> + 'static,
    {
        self.set_dm(da)?;
        let f: Box<LocalJacobianFn> = Box::new(f);
        // SAFETY: live DMDA; the trampoline is for `LocalJacobianFn`. The matrices are
        // made from the DM at set-up.
        unsafe {
            dm_set_jacobian(
                &self.petsc,
                da.ptr,
                CallbackKind::SnesLocalJacobian,
                local_jacobian_trampoline,
                f,
            )
        }
    }

    /// Evaluates the residual `f = F(x)` with the function set on this solver
    /// (`SNESComputeFunction`), as the solver does (including `-snes_mf` bookkeeping).
    /// `x` and `f` must be laid out like the residual vector the function was set with
    /// (PETSc does not check, and the closure got vectors of any size).
    pub fn compute_function(&mut self, x: &Vector, f: &mut Vector) -> Result<()> {
        const CTX: &str = "Snes::compute_function";
        let mut r: sys::Vec = std::ptr::null_mut();
        // SAFETY: live solver; null outputs are skipped; PETSc returns its residual
        // vector (borrowed) or null.
        check(unsafe {
            sys::SNESGetFunction(self.ptr, &mut r, std::ptr::null_mut(), std::ptr::null_mut())
        })?;
        if !r.is_null() {
            // SAFETY: the solver holds `r`, so it is live; the handle takes its own
            // reference.
            let r = unsafe { Vector::from_raw_borrowed(&self.petsc, r) }?;
            check_same_layout(CTX, ("x", x), ("the residual vector", &r))?;
            check_same_layout(CTX, ("f", f), ("the residual vector", &r))?;
        }
        // SAFETY: live solver and vectors; Rust's borrows make `x` and `f` distinct.
        check(unsafe {
            sys::SNESComputeFunction(
                self.ptr,
                x.raw_read("Snes::compute_function")?,
                f.raw_write("Snes::compute_function")?,
            )
        })
    }

    /// Flags the residual (or Jacobian) evaluation running on this thread as outside
    /// the function's domain, as `SNESSetFunctionDomainError` (or
    /// `SNESSetJacobianDomainError`) does in C. Call it from the closure given to
    /// [`set_function`](Self::set_function) (or [`set_jacobian`](Self::set_jacobian))
    /// and return `Ok(())`: the line search then shortens the step; a domain error at
    /// the initial guess ends the solve with
    /// [`SnesConvergedReason::DivergedFunctionDomain`]. Outside an evaluation it is an
    /// error.
    ///
    /// ```
    /// use petsc::{Snes, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// assert!(Snes::domain_error().is_err()); // no evaluation running
    /// let mut snes = Snes::new(&c)?;
    /// // ln(x) = 0, defined for x > 0 only.
    /// snes.set_function(Vector::new_seq(&c, 1)?, |x, f| {
    ///     let x0 = x.view()?[0];
    ///     if x0 <= 0.0 {
    ///         return Snes::domain_error();
    ///     }
    ///     f.view_mut()?[0] = x0.ln();
    ///     Ok(())
    /// })?;
    /// let mut x = Vector::from_slice(&c, &[-1.0])?;
    /// snes.solve(None, &mut x)?;
    /// assert_eq!(snes.converged_reason()?, petsc::SnesConvergedReason::DivergedFunctionDomain);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn domain_error() -> Result<()> {
        DOMAIN.with(|d| match d.get() {
            Some((kind, _)) => {
                d.set(Some((kind, true)));
                Ok(())
            }
            None => Err(Error::invalid(
                "Snes::domain_error",
                "called outside a SNES residual or Jacobian evaluation",
            )),
        })
    }

    /// Sets the convergence tolerances (`SNESSetTolerances`): absolute `atol` and
    /// relative `rtol` on `||F||`, `stol` on the step relative to `||x||`, the iteration
    /// limit `max_it` and the limit `max_f` on residual evaluations. `None` keeps
    /// PETSc's current value.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut snes = petsc::Snes::new(&petsc.self_comm())?;
    /// snes.set_tolerances(Some(1e-10), None, None, Some(20), None)?;
    /// assert_eq!(snes.tolerances()?, (1e-10, 1e-8, 1e-8, 20, 10000));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn set_tolerances(
        &mut self,
        atol: Option<Real>,
        rtol: Option<Real>,
        stol: Option<Real>,
        max_it: Option<Int>,
        max_f: Option<Int>,
    ) -> Result<()> {
        check_snes_tolerances("Snes::set_tolerances", atol, rtol, stol, max_it, max_f)?;
        // SAFETY: live solver; values checked above (PETSc checks rtol < 1).
        check(unsafe {
            sys::SNESSetTolerances(
                self.ptr,
                default_real(atol),
                default_real(rtol),
                default_real(stol),
                default_int(max_it),
                default_int(max_f),
            )
        })
    }

    /// `(atol, rtol, stol, max_it, max_f)` (`SNESGetTolerances`).
    pub fn tolerances(&self) -> Result<(Real, Real, Real, Int, Int)> {
        let (mut a, mut r, mut s, mut it, mut nf): (Real, Real, Real, Int, Int) =
            (0.0, 0.0, 0.0, 0, 0);
        // SAFETY: live solver; five outputs.
        check(unsafe {
            sys::SNESGetTolerances(self.ptr, &mut a, &mut r, &mut s, &mut it, &mut nf)
        })?;
        Ok((a, r, s, it, nf))
    }

    /// Whether a solve that does not converge is an error
    /// (`SNESSetErrorIfNotConverged`). Off by default: then non-convergence is only a
    /// [`SnesConvergedReason`].
    pub fn set_error_if_not_converged(&mut self, flag: bool) -> Result<()> {
        let b = if flag {
            sys::PETSC_BOOL_TRUE
        } else {
            sys::PETSC_BOOL_FALSE
        };
        // SAFETY: live solver.
        check(unsafe { sys::SNESSetErrorIfNotConverged(self.ptr, b) })
    }

    /// Reads `-snes_type`, `-snes_rtol`, `-snes_monitor`, `-snes_linesearch_type`,
    /// `-snes_mf`, `-snes_fd`, `-ksp_type`, `-pc_type`, ... from the options database
    /// (with this object's prefix) (`SNESSetFromOptions`). Call it after setting
    /// defaults in code, so the command line wins.
    ///
    /// Tolerances read from the options are checked as
    /// [`set_tolerances`](Self::set_tolerances) checks them (PETSc stores
    /// `-snes_rtol -0.5` without a word): a bad one is an `Err` naming it.
    pub fn set_from_options(&mut self) -> Result<()> {
        // SAFETY: live solver.
        check(unsafe { sys::SNESSetFromOptions(self.ptr) })?;
        let (atol, rtol, stol, max_it, max_f) = self.tolerances()?;
        check_snes_tolerances(
            "Snes::set_from_options (-snes_atol, -snes_rtol, -snes_stol, -snes_max_it, -snes_max_funcs)",
            Some(atol),
            Some(rtol),
            Some(stol),
            Some(max_it),
            Some(max_f),
        )
    }

    /// Sets up the solver now (`SNESSetUp`); `solve` does it otherwise.
    pub fn set_up(&mut self) -> Result<()> {
        // SAFETY: live solver.
        check(unsafe { sys::SNESSetUp(self.ptr) })
    }

    /// Solves `F(x) = b` (`b = None`: `F(x) = 0`) starting from `x`, which holds the
    /// solution on return (`SNESSolve`).
    ///
    /// Not converging is not an error (see [`converged_reason`](Self::converged_reason))
    /// unless [`set_error_if_not_converged`](Self::set_error_if_not_converged) was set.
    /// An `Err` or a panic in any closure (residual, Jacobian, monitor, shell matrix or
    /// preconditioner) ends the solve and is returned here; the process, and this
    /// solver, stay usable.
    pub fn solve(&mut self, b: Option<&Vector>, x: &mut Vector) -> Result<()> {
        let bp = match b {
            Some(b) => b.raw_read("Snes::solve")?,
            None => std::ptr::null_mut(),
        };
        // SAFETY: live solver and vectors; Rust's borrows make `b` and `x` distinct.
        let r = check(unsafe { sys::SNESSolve(self.ptr, bp, x.raw_write("Snes::solve")?) });
        if r.is_err() {
            self.unwind_failed_solve();
        }
        r
    }

    /// Balances what an aborted solve left open, so the same solver can solve again
    /// (see [`unwind_failed_snes`]).
    fn unwind_failed_solve(&mut self) {
        // SAFETY: live solver.
        unsafe { unwind_failed_snes(self.ptr) };
    }

    /// The number of nonlinear iterations of the last solve (`SNESGetIterationNumber`).
    pub fn iteration_number(&self) -> Result<Int> {
        let mut its: Int = 0;
        // SAFETY: live solver.
        check(unsafe { sys::SNESGetIterationNumber(self.ptr, &mut its) })?;
        Ok(its)
    }

    /// The total number of linear iterations of the last solve
    /// (`SNESGetLinearSolveIterations`).
    pub fn linear_iterations(&self) -> Result<Int> {
        let mut its: Int = 0;
        // SAFETY: live solver.
        check(unsafe { sys::SNESGetLinearSolveIterations(self.ptr, &mut its) })?;
        Ok(its)
    }

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
    /// let j = petsc::Mat::new_aij(&c, None, None, Some(1), Some(1), 1, 0)?;
    /// snes.set_jacobian(j, None, |x, jac| {
    ///     let x0 = x.view()?[0];
    ///     jac.pre().set_value(0, 0, 2.0 * x0, petsc::InsertMode::Insert)?;
    ///     jac.pre().assemble()
    /// })?;
    /// let mut x = petsc::Vector::from_slice(&c, &[3.0])?;
    /// snes.solve(None, &mut x)?;
    /// // One residual at the start and one per Newton step (full steps, no backtracking).
    /// assert_eq!(snes.num_function_evals()?, snes.iteration_number()? + 1);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "SNESGetNumberFunctionEvals")]
    pub fn num_function_evals(&self) -> Result<Int> {
        let mut n: Int = 0;
        // SAFETY: live solver.
        check(unsafe { sys::SNESGetNumberFunctionEvals(self.ptr, &mut n) })?;
        Ok(n)
    }

    /// `||F(x)||` at the last iterate (`SNESGetFunctionNorm`).
    pub fn function_norm(&self) -> Result<Real> {
        let mut n: Real = 0.0;
        // SAFETY: live solver.
        check(unsafe { sys::SNESGetFunctionNorm(self.ptr, &mut n) })?;
        Ok(n)
    }

    /// Why the last solve stopped (`SNESGetConvergedReason`).
    pub fn converged_reason(&self) -> Result<SnesConvergedReason> {
        let mut r = sys::SNESConvergedReason::SNES_CONVERGED_ITERATING;
        // SAFETY: live solver.
        check(unsafe { sys::SNESGetConvergedReason(self.ptr, &mut r) })?;
        Ok(SnesConvergedReason::from_raw(r.0))
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
    /// assert_eq!(snes.ksp()?.get_type()?, Some(petsc::KspType::Cg));
    /// # Ok::<(), petsc::Error>(())
    /// ```
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

    /// The solver's line search (borrowed, created if needed).
    fn raw_line_search(&self) -> Result<sys::SNESLineSearch> {
        let mut ls: sys::SNESLineSearch = std::ptr::null_mut();
        // SAFETY: live solver; PETSc returns its line search (borrowed).
        check(unsafe { sys::SNESGetLineSearch(self.ptr, &mut ls) })?;
        Ok(ls)
    }

    /// Adds a monitor called as `f(iteration, ||F||)` at every nonlinear iteration,
    /// starting with iteration 0 (`SNESMonitorSet`). The closure is owned by the solver
    /// and dropped when the solver is destroyed or
    /// [`cancel_monitors`](Self::cancel_monitors) is called. An `Err` or a panic ends the
    /// solve, and [`solve`](Self::solve) returns it.
    ///
    /// ```
    /// use std::{cell::RefCell, rc::Rc};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut snes = petsc::Snes::new(&c)?;
    /// snes.set_function(petsc::Vector::new_seq(&c, 1)?, |x, f| {
    ///     let x0 = x.view()?[0];
    ///     f.view_mut()?[0] = x0 * x0 - 4.0;
    ///     Ok(())
    /// })?;
    /// let j = petsc::Mat::new_aij(&c, None, None, Some(1), Some(1), 1, 0)?;
    /// snes.set_jacobian(j, None, |x, jac| {
    ///     let x0 = x.view()?[0];
    ///     jac.pre().set_value(0, 0, 2.0 * x0, petsc::InsertMode::Insert)?;
    ///     jac.pre().assemble()
    /// })?;
    /// let norms = Rc::new(RefCell::new(Vec::new()));
    /// let log = norms.clone();
    /// snes.monitor(move |_it, fnorm| {
    ///     log.borrow_mut().push(fnorm);
    ///     Ok(())
    /// })?;
    /// let mut x = petsc::Vector::from_slice(&c, &[3.0])?;
    /// snes.solve(None, &mut x)?;
    /// assert_eq!(norms.borrow().len() as petsc::Int, snes.iteration_number()? + 1);
    /// assert_eq!(*norms.borrow().last().unwrap(), snes.function_norm()?);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn monitor<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(Int, Real) -> Result<()> + 'static,
    {
        let f: Box<MonitorFn> = Box::new(f);
        hand_over(&self.petsc, CallbackKind::SnesMonitor, f, |ctx| {
            // SAFETY: live solver; the context is a registered monitor closure, released
            // by the destroy hook.
            unsafe {
                sys::SNESMonitorSet(self.ptr, Some(monitor_trampoline), ctx, Some(release_at))
            }
        })
    }

    /// Removes every monitor, including those set from options, dropping their closures
    /// (`SNESMonitorCancel`).
    pub fn cancel_monitors(&mut self) -> Result<()> {
        // SAFETY: live solver; PETSc calls each monitor's destroy hook.
        check(unsafe { sys::SNESMonitorCancel(self.ptr) })
    }
}

/// The checks of [`Snes::set_tolerances`]: tolerances finite and not negative, limits
/// not negative (`max_f` may be -1, no limit).
fn check_snes_tolerances(
    ctx: &str,
    atol: Option<Real>,
    rtol: Option<Real>,
    stol: Option<Real>,
    max_it: Option<Int>,
    max_f: Option<Int>,
) -> Result<()> {
    check_tolerance(ctx, "atol", atol)?;
    check_tolerance(ctx, "rtol", rtol)?;
    check_tolerance(ctx, "stol", stol)?;
    check_count(ctx, "max_it", max_it, 0)?;
    check_count(ctx, "max_f", max_f, -1)
}

#[cfg(test)]
mod tests {
    use super::*;

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
