//! Optimization solvers (`Tao`): minimize an objective given by Rust closures, with or
//! without bounds on the variables, with first- or second-order methods, derivative-free
//! methods, or least-squares methods.
//!
//! The closures (objective, gradient, Hessian, residual, Jacobian) are owned by the
//! [`Tao`] handle and dropped after the PETSc object is destroyed; monitors are owned by
//! the PETSc object and dropped by its destroy hook. An `Err` or a panic in any of them
//! ends the solve, and [`Tao::solve`] returns it ([`Error::Callback`] or
//! [`Error::CallbackPanic`], naming the callback); the solver can be used again.

use std::cell::RefCell;
use std::os::raw::c_void;
use std::rc::Rc;

use petsc_sys as sys;

use crate::callback::{CallbackKind, attach, hand_over, is_attached, release_at, run};
use crate::comm::Comm;
use crate::error::{Error, Result, check, check_finite, check_tolerance, unlock_on_error};
use crate::jacobian::JacobianMats;
use crate::ksp::{Ksp, SolveGuard, recover_ksp};
use crate::mat::Mat;
use crate::object::{Object, default_real, petsc_handle, type_enum};
use crate::vec::Vector;
use crate::{Int, Real};

mod constraints;
mod convergence;
mod line_search;
mod settings;
mod subsolvers;
mod unwind;

pub use convergence::TaoHistoryEntry;
pub use line_search::{TaoLineSearch, TaoLineSearchConvergedReason, TaoLineSearchType};
pub use subsolvers::TaoAlmmType;

petsc_handle!(
    /// A PETSc optimization solver (`Tao`): minimizes `f(x)`, optionally subject to
    /// bounds `lower <= x <= upper`.
    ///
    /// ```
    /// use petsc::{Tao, TaoType, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// // f(x) = (x0 - 1)^2 + 10 (x1 + 2)^2, minimum at (1, -2).
    /// let x = Vector::from_slice(&c, &[0.0, 0.0])?;
    /// let mut tao = Tao::new(&c)?;
    /// tao.set_type(TaoType::Lmvm)?;
    /// tao.set_solution(&x)?;
    /// tao.set_objective_and_gradient(|x, g| {
    ///     let (a, b) = { let v = x.view()?; (v[0] - 1.0, v[1] + 2.0) };
    ///     g.view_mut()?.copy_from_slice(&[2.0 * a, 20.0 * b]);
    ///     Ok(a * a + 10.0 * b * b)
    /// })?;
    /// tao.set_tolerances(Some(1e-10), Some(0.0), None)?;
    /// tao.set_from_options()?; // -tao_type, -tao_monitor, -tao_gatol, ... still apply
    /// tao.solve()?;
    /// assert!(tao.converged_reason()?.is_converged());
    /// let v = x.view()?;
    /// assert!((v[0] - 1.0).abs() < 1e-8 && (v[1] + 2.0).abs() < 1e-8);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    Tao,
    sys::Tao,
    sys::TaoDestroy
);

type_enum!(
/// Optimization methods (`TaoType`); [`TaoType::Other`] names any registered type.
///
/// ```
/// use petsc::TaoType;
/// assert_eq!(TaoType::Lmvm.as_str(), "lmvm");
/// assert_eq!(TaoType::from_name("brgn"), TaoType::Brgn);
/// assert_eq!("bqnktr".parse::<TaoType>().unwrap(), TaoType::Bqnktr);
/// assert_eq!(TaoType::from_name("mine"), TaoType::Other("mine".into()));
/// ```
TaoType {
        /// `TAOLMVM`: limited-memory quasi-Newton (BFGS) with line search (the default).
        Lmvm = "lmvm",
        /// `TAONLS`: Newton line search; needs a Hessian.
        Nls = "nls",
        /// `TAONTR`: Newton trust region; needs a Hessian.
        Ntr = "ntr",
        /// `TAONTL`: Newton trust region with line search; needs a Hessian.
        Ntl = "ntl",
        /// `TAOCG`: nonlinear conjugate gradients.
        Cg = "cg",
        /// `TAOTRON`: bound-constrained Newton trust region; needs a Hessian.
        Tron = "tron",
        /// `TAOOWLQN`: orthant-wise limited-memory quasi-Newton (L1-regularized problems).
        Owlqn = "owlqn",
        /// `TAOBMRM`: bundle method for regularized risk minimization.
        Bmrm = "bmrm",
        /// `TAOBLMVM`: bound-constrained limited-memory quasi-Newton.
        Blmvm = "blmvm",
        /// `TAOBQNLS`: bound-constrained quasi-Newton line search.
        Bqnls = "bqnls",
        /// `TAOBNCG`: bound-constrained nonlinear conjugate gradients.
        Bncg = "bncg",
        /// `TAOBNLS`: bound-constrained Newton line search; needs a Hessian.
        Bnls = "bnls",
        /// `TAOBNTR`: bound-constrained Newton trust region; needs a Hessian.
        Bntr = "bntr",
        /// `TAOBNTL`: bound-constrained Newton trust region with line search; needs a
        /// Hessian.
        Bntl = "bntl",
        /// `TAOBQNKLS`: bound-constrained quasi-Newton-Krylov line search.
        Bqnkls = "bqnkls",
        /// `TAOBQNKTR`: bound-constrained quasi-Newton-Krylov trust region.
        Bqnktr = "bqnktr",
        /// `TAOBQNKTL`: bound-constrained quasi-Newton-Krylov trust region with line search.
        Bqnktl = "bqnktl",
        /// `TAOBQPIP`: interior point for bound-constrained quadratic problems; needs a
        /// Hessian.
        Bqpip = "bqpip",
        /// `TAOGPCG`: gradient projection CG for bound-constrained quadratic problems;
        /// needs a Hessian.
        Gpcg = "gpcg",
        /// `TAONM`: Nelder-Mead simplex; needs only the objective.
        Nm = "nm",
        /// `TAOPOUNDERS`: derivative-free least squares; needs a residual.
        Pounders = "pounders",
        /// `TAOBRGN`: bounded regularized Gauss-Newton least squares; needs a residual
        /// and its Jacobian.
        Brgn = "brgn",
        /// `TAOLCL`: linearly constrained augmented Lagrangian.
        Lcl = "lcl",
        /// `TAOSSILS`: semismooth infeasible method for complementarity problems.
        Ssils = "ssils",
        /// `TAOSSFLS`: semismooth feasible method for complementarity problems.
        Ssfls = "ssfls",
        /// `TAOASILS`: active-set infeasible method for complementarity problems.
        Asils = "asils",
        /// `TAOASFLS`: active-set feasible method for complementarity problems.
        Asfls = "asfls",
        /// `TAOIPM`: interior point for general constraints.
        Ipm = "ipm",
        /// `TAOPDIPM`: primal-dual interior point.
        Pdipm = "pdipm",
        /// `TAOSHELL`: a user-defined solver.
        Shell = "shell",
        /// `TAOADMM`: alternating direction method of multipliers.
        Admm = "admm",
        /// `TAOALMM`: augmented Lagrangian multiplier method.
        Almm = "almm",
});

/// Why an optimization stopped (`TaoConvergedReason`): positive codes converged, negative
/// ones diverged, zero is still iterating. Codes this enum does not name are kept as
/// [`TaoConvergedReason::Unknown`].
///
/// `Display` prints PETSc's name (`CONVERGED_GATOL`, `DIVERGED_MAXITS`), as
/// `-tao_converged_reason` does.
///
/// ```
/// use petsc::TaoConvergedReason;
/// let r = TaoConvergedReason::from_raw(3);
/// assert_eq!(r, TaoConvergedReason::ConvergedGatol);
/// assert!(r.is_converged());
/// assert_eq!(r.to_string(), "CONVERGED_GATOL");
/// let d = TaoConvergedReason::DivergedMaxits;
/// assert!(d.is_diverged() && !d.is_converged());
/// assert_eq!(d.code(), -2);
/// assert_eq!(TaoConvergedReason::from_raw(-77), TaoConvergedReason::Unknown(-77));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TaoConvergedReason {
    /// `TAO_CONTINUE_ITERATING` (0): not finished (or not started).
    Iterating,
    /// `TAO_CONVERGED_GATOL` (3): `||g(x)|| < gatol`.
    ConvergedGatol,
    /// `TAO_CONVERGED_GRTOL` (4): `||g(x)|| / |f(x)| < grtol`.
    ConvergedGrtol,
    /// `TAO_CONVERGED_GTTOL` (5): `||g(x)|| / ||g(x0)|| < gttol`.
    ConvergedGttol,
    /// `TAO_CONVERGED_STEPTOL` (6): the step or trust region became too small.
    ConvergedSteptol,
    /// `TAO_CONVERGED_MINF` (7): `f(x)` fell below the function lower bound.
    ConvergedMinf,
    /// `TAO_CONVERGED_USER` (8): a user's convergence test stopped it.
    ConvergedUser,
    /// `TAO_DIVERGED_MAXITS` (-2): reached the maximum number of iterations.
    DivergedMaxits,
    /// `TAO_DIVERGED_NAN` (-4): a NaN or infinity appeared.
    DivergedNan,
    /// `TAO_DIVERGED_MAXFCN` (-5): reached the maximum number of function evaluations.
    DivergedMaxfcn,
    /// `TAO_DIVERGED_LS_FAILURE` (-6): the line search failed.
    DivergedLsFailure,
    /// `TAO_DIVERGED_TR_REDUCTION` (-7): the trust region could not be reduced further.
    DivergedTrReduction,
    /// `TAO_DIVERGED_USER` (-8): a user's convergence test stopped it.
    DivergedUser,
    /// A code this version of petsc-rs does not name, kept as PETSc's number.
    Unknown(i32),
}

/// `(variant, code, PETSc name)` for every named reason.
const REASONS: &[(TaoConvergedReason, i32, &str)] = &[
    (TaoConvergedReason::Iterating, 0, "CONTINUE_ITERATING"),
    (TaoConvergedReason::ConvergedGatol, 3, "CONVERGED_GATOL"),
    (TaoConvergedReason::ConvergedGrtol, 4, "CONVERGED_GRTOL"),
    (TaoConvergedReason::ConvergedGttol, 5, "CONVERGED_GTTOL"),
    (TaoConvergedReason::ConvergedSteptol, 6, "CONVERGED_STEPTOL"),
    (TaoConvergedReason::ConvergedMinf, 7, "CONVERGED_MINF"),
    (TaoConvergedReason::ConvergedUser, 8, "CONVERGED_USER"),
    (TaoConvergedReason::DivergedMaxits, -2, "DIVERGED_MAXITS"),
    (TaoConvergedReason::DivergedNan, -4, "DIVERGED_NAN"),
    (TaoConvergedReason::DivergedMaxfcn, -5, "DIVERGED_MAXFCN"),
    (
        TaoConvergedReason::DivergedLsFailure,
        -6,
        "DIVERGED_LS_FAILURE",
    ),
    (
        TaoConvergedReason::DivergedTrReduction,
        -7,
        "DIVERGED_TR_REDUCTION",
    ),
    (TaoConvergedReason::DivergedUser, -8, "DIVERGED_USER"),
];

crate::converged_reason_impls!(
    TaoConvergedReason,
    REASONS,
    "TaoConvergedReason",
    raw = sys::TaoConvergedReason
);

/// Where a solve stands (`TaoGetSolutionStatus`): what monitors receive and
/// [`Tao::solution_status`] returns.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct TaoState {
    /// The iteration number (0 before the first step).
    pub iteration: Int,
    /// The objective value `f(x)` at the current iterate.
    pub f: Real,
    /// The norm of the gradient (or the residual measure the method uses).
    pub gnorm: Real,
    /// The norm of the constraint violation (0 without constraints).
    pub cnorm: Real,
    /// The length of the last step (PETSc's `xdiff`).
    pub step: Real,
    /// Why the solve stopped, or [`TaoConvergedReason::Iterating`] while it runs
    /// (monitors always see `Iterating`: PETSc tests convergence after calling them).
    pub reason: TaoConvergedReason,
}

/// `f(x)`.
type ObjectiveFn = dyn FnMut(&Vector) -> Result<Real>;
/// `g = grad f(x)`, or a residual `r = R(x)`.
type VecFn = dyn FnMut(&Vector, &mut Vector) -> Result<()>;
/// `g = grad f(x)`, returning `f(x)`.
type ObjGradFn = dyn FnMut(&Vector, &mut Vector) -> Result<Real>;
/// Fills the matrices (the preconditioning matrix, and the operator when distinct) at `x`.
type MatFn = dyn FnMut(&Vector, &mut JacobianMats) -> Result<()>;
/// A monitor closure.
type MonitorFn = dyn FnMut(&TaoState) -> Result<()>;

/// `TaoSetObjective` trampoline.
unsafe extern "C" fn objective_trampoline(
    _tao: sys::Tao,
    x: sys::Vec,
    f: *mut Real,
    ctx: *mut c_void,
) -> sys::PetscErrorCode {
    let code = run::<ObjectiveFn>(ctx, CallbackKind::TaoObjective, |petsc, func| {
        // SAFETY: PETSc passes a live vector.
        let xv = unsafe { Vector::from_raw_lent(petsc, x) }?;
        let v = func(&xv)?;
        // SAFETY: PETSc passes the address of its output.
        unsafe { *f = v };
        Ok(())
    });
    // SAFETY: `x` is live for the call; the evaluation locked it read-only.
    unsafe { unlock_on_error(code, &[x]) }
}

/// `TaoSetGradient` and `TaoSetResidualRoutine` trampoline body.
///
/// # Safety
/// `x` and `g` are live vectors.
unsafe fn vec_callback(
    kind: CallbackKind,
    x: sys::Vec,
    g: sys::Vec,
    ctx: *mut c_void,
) -> sys::PetscErrorCode {
    let code = run::<VecFn>(ctx, kind, |petsc, func| {
        // SAFETY: PETSc passes live, distinct vectors.
        let (xv, mut gv) = unsafe {
            (
                Vector::from_raw_lent(petsc, x)?,
                Vector::from_raw_lent(petsc, g)?,
            )
        };
        func(&xv, &mut gv)?;
        gv.written_in_place(g)
    });
    // SAFETY: `x` is live for the call; the evaluation locked it read-only.
    unsafe { unlock_on_error(code, &[x]) }
}

unsafe extern "C" fn gradient_trampoline(
    _tao: sys::Tao,
    x: sys::Vec,
    g: sys::Vec,
    ctx: *mut c_void,
) -> sys::PetscErrorCode {
    // SAFETY: PETSc calls TaoSetGradient's routine with live vectors.
    unsafe { vec_callback(CallbackKind::TaoGradient, x, g, ctx) }
}

unsafe extern "C" fn residual_trampoline(
    _tao: sys::Tao,
    x: sys::Vec,
    r: sys::Vec,
    ctx: *mut c_void,
) -> sys::PetscErrorCode {
    // SAFETY: PETSc calls TaoSetResidualRoutine's routine with live vectors.
    unsafe { vec_callback(CallbackKind::TaoResidual, x, r, ctx) }
}

/// `TaoSetObjectiveAndGradient` trampoline.
unsafe extern "C" fn objgrad_trampoline(
    _tao: sys::Tao,
    x: sys::Vec,
    f: *mut Real,
    g: sys::Vec,
    ctx: *mut c_void,
) -> sys::PetscErrorCode {
    let code = run::<ObjGradFn>(ctx, CallbackKind::TaoObjectiveAndGradient, |petsc, func| {
        // SAFETY: PETSc passes live, distinct vectors.
        let (xv, mut gv) = unsafe {
            (
                Vector::from_raw_lent(petsc, x)?,
                Vector::from_raw_lent(petsc, g)?,
            )
        };
        let v = func(&xv, &mut gv)?;
        gv.written_in_place(g)?;
        // SAFETY: PETSc passes the address of its output.
        unsafe { *f = v };
        Ok(())
    });
    // SAFETY: `x` is live for the call; the evaluation locked it read-only.
    unsafe { unlock_on_error(code, &[x]) }
}

/// `TaoSetHessian` / `TaoSetJacobianResidualRoutine` trampoline body. The closure gets
/// the matrices as SNES and TS Jacobian closures do ([`JacobianMats`]): the
/// preconditioning matrix, and the operator only when it is another matrix, so it never
/// holds two `&mut` handles to one object.
///
/// # Safety
/// `x`, `a` (and `p` unless null) are live objects.
unsafe fn mat_callback(
    kind: CallbackKind,
    x: sys::Vec,
    a: sys::Mat,
    p: sys::Mat,
    ctx: *mut c_void,
) -> sys::PetscErrorCode {
    let code = run::<MatFn>(ctx, kind, |petsc, func| {
        // SAFETY: PETSc passes live objects; each handle takes its own reference.
        let xv = unsafe { Vector::from_raw_lent(petsc, x) }?;
        // TAO passes `P` null when it is `A`.
        let p = if p.is_null() { a } else { p };
        // SAFETY: as above.
        unsafe { JacobianMats::lend(petsc, a, p, |mats| func(&xv, mats)) }
    });
    // SAFETY: `x` is live for the call; the evaluation locked it read-only.
    unsafe { unlock_on_error(code, &[x]) }
}

unsafe extern "C" fn hessian_trampoline(
    _tao: sys::Tao,
    x: sys::Vec,
    h: sys::Mat,
    p: sys::Mat,
    ctx: *mut c_void,
) -> sys::PetscErrorCode {
    // SAFETY: PETSc calls the Hessian routine with live objects.
    unsafe { mat_callback(CallbackKind::TaoHessian, x, h, p, ctx) }
}

unsafe extern "C" fn jacobian_trampoline(
    _tao: sys::Tao,
    x: sys::Vec,
    j: sys::Mat,
    p: sys::Mat,
    ctx: *mut c_void,
) -> sys::PetscErrorCode {
    // SAFETY: PETSc calls the residual Jacobian routine with live objects.
    unsafe { mat_callback(CallbackKind::TaoJacobianResidual, x, j, p, ctx) }
}

/// `TaoSetMonitor` trampoline.
unsafe extern "C" fn monitor_trampoline(tao: sys::Tao, ctx: *mut c_void) -> sys::PetscErrorCode {
    let code = run::<MonitorFn>(ctx, CallbackKind::TaoMonitor, |_, f| {
        // SAFETY: PETSc passes the live solver that is calling its monitors.
        let state = unsafe { status_of(tao) }?;
        f(&state)
    });
    if code != 0 {
        let mut x: sys::Vec = std::ptr::null_mut();
        // SAFETY: live solver; a raw call, so the pending callback error survives.
        if unsafe { sys::TaoGetSolution(tao, &mut x) } == 0 {
            // SAFETY: the solver's live solution, which TaoMonitor locked read-only.
            unsafe { unlock_on_error(code, &[x]) };
        }
    }
    code
}

/// `TaoGetSolutionStatus` of a raw solver.
///
/// # Safety
/// `tao` must be live.
unsafe fn status_of(tao: sys::Tao) -> Result<TaoState> {
    let (mut it, mut f, mut gnorm, mut cnorm, mut step): (Int, Real, Real, Real, Real) =
        (0, 0.0, 0.0, 0.0, 0.0);
    let mut reason = sys::TaoConvergedReason::TAO_CONTINUE_ITERATING;
    // SAFETY: live solver (guaranteed by the caller); six outputs.
    check(unsafe {
        sys::TaoGetSolutionStatus(
            tao,
            &mut it,
            &mut f,
            &mut gnorm,
            &mut cnorm,
            &mut step,
            &mut reason,
        )
    })?;
    Ok(TaoState {
        iteration: it,
        f,
        gnorm,
        cnorm,
        step,
        reason: TaoConvergedReason::from_raw(reason.0),
    })
}

/// The routine `TaoGetHessian` returns.
type HessianRoutine = Option<
    unsafe extern "C" fn(
        sys::Tao,
        sys::Vec,
        sys::Mat,
        sys::Mat,
        *mut c_void,
    ) -> sys::PetscErrorCode,
>;

/// `PETSC_INFINITY`: what PETSc takes as an absent bound.
const INFINITY: Real = Real::MAX / 4.0;

/// What a method needs before it can run.
#[derive(Default)]
struct Needs {
    objective: bool,
    gradient: bool,
    hessian: bool,
    residual: bool,
    jacobian: bool,
}

/// The routines each named method calls; types not listed here are not checked.
fn needs(ty: &str) -> Needs {
    let first = Needs {
        objective: true,
        gradient: true,
        ..Needs::default()
    };
    match ty {
        "nm" => Needs {
            objective: true,
            ..Needs::default()
        },
        "lmvm" | "blmvm" | "cg" | "bncg" | "bqnls" | "bqnkls" | "bqnktr" | "bqnktl" | "owlqn"
        | "bmrm" | "almm" => first,
        "nls" | "ntr" | "ntl" | "tron" | "bnls" | "bntr" | "bntl" | "gpcg" | "bqpip" | "pdipm" => {
            Needs {
                hessian: true,
                ..first
            }
        }
        "pounders" => Needs {
            residual: true,
            ..Needs::default()
        },
        "brgn" => Needs {
            residual: true,
            jacobian: true,
            ..Needs::default()
        },
        _ => Needs::default(),
    }
}

/// Global and local sizes of a raw vector.
///
/// # Safety
/// `v` must be live.
unsafe fn vec_sizes(v: sys::Vec) -> Result<(Int, Int)> {
    let (mut n, mut l): (Int, Int) = (0, 0);
    // SAFETY: live vector (guaranteed by the caller).
    check(unsafe { sys::VecGetSize(v, &mut n) })?;
    // SAFETY: as above.
    check(unsafe { sys::VecGetLocalSize(v, &mut l) })?;
    Ok((n, l))
}

/// Global `(rows, cols)` and local `(rows, cols)` of a raw matrix.
///
/// # Safety
/// `m` must be live.
unsafe fn mat_sizes(m: sys::Mat) -> Result<((Int, Int), (Int, Int))> {
    let (mut gm, mut gn, mut lm, mut ln): (Int, Int, Int, Int) = (0, 0, 0, 0);
    // SAFETY: live matrix (guaranteed by the caller).
    check(unsafe { sys::MatGetSize(m, &mut gm, &mut gn) })?;
    // SAFETY: as above.
    check(unsafe { sys::MatGetLocalSize(m, &mut lm, &mut ln) })?;
    Ok(((gm, gn), (lm, ln)))
}

/// Refuses two vectors whose global or local sizes differ.
fn same_layout(context: &str, a: (&str, (Int, Int)), b: (&str, (Int, Int))) -> Result<()> {
    let ((an, (ag, al)), (bn, (bg, bl))) = (a, b);
    if ag != bg {
        return Err(Error::size_mismatch(
            context,
            format!("{an} has global size {ag} but {bn} has {bg}"),
        ));
    }
    if al != bl {
        return Err(Error::size_mismatch(
            context,
            format!("{an} has local size {al} but {bn} has {bl}"),
        ));
    }
    Ok(())
}

// PETSc 3.21 renamed TaoSetMonitor and TaoCancelMonitors (the old names became inline
// functions, which have no symbol to link).
#[cfg(not(petsc_3_21))]
use sys::{TaoCancelMonitors as tao_monitor_cancel, TaoSetMonitor as tao_monitor_set};
#[cfg(petsc_3_21)]
use sys::{TaoMonitorCancel as tao_monitor_cancel, TaoMonitorSet as tao_monitor_set};

fn is_true(b: sys::PetscBool) -> bool {
    b == sys::PETSC_BOOL_TRUE
}

crate::class_methods! {
    Tao: TaoType, "Tao", sys::TaoList,
    example = "let mut obj = petsc::Tao::new(&petsc.self_comm())?;", a_type = "blmvm",
    inner = " and its inner solvers (KSP, PC, line search)",
    set_type = sys::TaoSetType as "TaoSetType",
    set_options_prefix = sys::TaoSetOptionsPrefix as "TaoSetOptionsPrefix",
    append_options_prefix = sys::TaoAppendOptionsPrefix as "TaoAppendOptionsPrefix",
    options_prefix = sys::TaoGetOptionsPrefix as "TaoGetOptionsPrefix",
    set_from_options = sys::TaoSetFromOptions as "TaoSetFromOptions",
}

impl Tao {
    /// A new solver on `comm` (`TaoCreate`). No method is chosen yet: [`solve`]
    /// uses PETSc's default (`lmvm`) unless [`set_type`] or [`set_from_options`] chose
    /// one.
    ///
    /// [`solve`]: Self::solve
    /// [`set_type`]: Self::set_type
    /// [`set_from_options`]: Self::set_from_options
    pub fn new(comm: &Comm) -> Result<Tao> {
        let mut tao: sys::Tao = std::ptr::null_mut();
        // SAFETY: live communicator; PETSc writes the new object.
        check(unsafe { sys::TaoCreate(comm.as_raw(), &mut tao) })?;
        Ok(Tao::from_raw(comm.petsc(), tao))
    }

    /// Sets up the solver now (`TaoSetUp`); [`solve`](Self::solve) does it otherwise.
    pub fn set_up(&mut self) -> Result<()> {
        self.ensure_type()?;
        self.check_ready("Tao::set_up")?;
        // SAFETY: live solver, checked ready.
        check(unsafe { sys::TaoSetUp(self.ptr) })
    }

    /// Sets the vector holding the initial guess, where the solution is written
    /// (`TaoSetSolution`). The solver keeps a reference: the caller's `x` is the one
    /// updated by [`solve`](Self::solve). A vector whose sizes differ from bounds or a
    /// Hessian already set is refused.
    pub fn set_solution(&mut self, x: &Vector) -> Result<()> {
        const CTX: &str = "Tao::set_solution";
        // SAFETY: live vector.
        let xs = unsafe { vec_sizes(x.kept_raw(CTX)?) }?;
        let (lo, hi) = self.raw_bounds()?;
        for (name, b) in [("the lower bound", lo), ("the upper bound", hi)] {
            if !b.is_null() {
                // SAFETY: the solver holds the bound, so it is live.
                same_layout(CTX, ("the solution", xs), (name, unsafe { vec_sizes(b) }?))?;
            }
        }
        self.check_hessian(CTX, xs)?;
        // SAFETY: live solver and vector; PETSc references the vector.
        check(unsafe { sys::TaoSetSolution(self.ptr, x.kept_raw(CTX)?) })
    }

    /// The solution vector (`TaoGetSolution`): a handle to the same vector given to
    /// [`set_solution`](Self::set_solution), holding its own reference.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut tao = petsc::Tao::new(&c)?;
    /// assert!(tao.solution().is_err()); // none yet
    /// tao.set_solution(&petsc::Vector::from_slice(&c, &[1.0, 2.0])?)?;
    /// assert_eq!(&*tao.solution()?.view()?, &[1.0, 2.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn solution(&self) -> Result<Vector> {
        let x = self.raw_solution()?;
        if x.is_null() {
            return Err(Error::invalid(
                "Tao::solution",
                "no solution vector: call set_solution first",
            ));
        }
        // SAFETY: the solver holds `x`, so it is live; the handle takes its own reference.
        unsafe { Vector::from_raw_borrowed(&self.petsc, x) }
    }

    crate::methods! { for Tao;
        fn raw_solution(&self) -> sys::Vec = TaoGetSolution as "TaoGetSolution";
    }

    fn raw_bounds(&self) -> Result<(sys::Vec, sys::Vec)> {
        let (mut lo, mut hi): (sys::Vec, sys::Vec) = (std::ptr::null_mut(), std::ptr::null_mut());
        // SAFETY: live solver; PETSc returns its (borrowed) bounds or nulls.
        check(unsafe { sys::TaoGetVariableBounds(self.ptr, &mut lo, &mut hi) })?;
        Ok((lo, hi))
    }

    /// Refuses a Hessian that is not `n x n` with the solution's layout `xs`, except one
    /// PETSc made for `-tao_fd_hessian` or `-tao_mf_hessian`: that one has no size until
    /// PETSc's own Hessian routine gives it the solution's at its first use.
    fn check_hessian(&self, context: &str, xs: (Int, Int)) -> Result<()> {
        let (h, routine) = self.raw_hessian()?;
        if h.is_null() {
            return Ok(());
        }
        // SAFETY: the solver holds the Hessian, so it is live.
        let sizes = unsafe { mat_sizes(h) }?;
        let ours = routine.is_some_and(|f| f as *const () == hessian_trampoline as *const ());
        let unsized_ = sizes.0.0 < 0 || sizes.0.1 < 0;
        if unsized_ && routine.is_some() && !ours {
            return Ok(());
        }
        Self::check_square(context, "the Hessian", xs, sizes)
    }

    /// The Hessian matrix and the routine that fills it (PETSc's own for
    /// `-tao_fd_hessian` and `-tao_mf_hessian`, the trampoline of `set_hessian`).
    fn raw_hessian(&self) -> Result<(sys::Mat, HessianRoutine)> {
        let (mut h, mut p): (sys::Mat, sys::Mat) = (std::ptr::null_mut(), std::ptr::null_mut());
        let mut f = None;
        let mut ctx: *mut c_void = std::ptr::null_mut();
        // SAFETY: live solver; four outputs.
        check(unsafe {
            sys::TaoGetHessian(
                self.ptr,
                &mut h,
                &mut p,
                &mut f,
                (&mut ctx as *mut *mut c_void).cast(),
            )
        })?;
        Ok((h, f))
    }

    /// Refuses a matrix that is not `n x n` with the solution's layout.
    fn check_square(
        context: &str,
        what: &str,
        (n, l): (Int, Int),
        ((gm, gn), (lm, ln)): ((Int, Int), (Int, Int)),
    ) -> Result<()> {
        if gm != n || gn != n {
            return Err(Error::size_mismatch(
                context,
                format!("{what} is {gm} x {gn} but the solution has global size {n}"),
            ));
        }
        if lm != l || ln != l {
            return Err(Error::size_mismatch(
                context,
                format!("{what} has local size {lm} x {ln} but the solution has local size {l}"),
            ));
        }
        Ok(())
    }

    /// Sets the objective `f(x)` (`TaoSetObjective`), replacing any earlier one.
    ///
    /// An `Err` or a panic ends the solve, which returns it as [`Error::Callback`] or
    /// [`Error::CallbackPanic`] naming `Tao objective`. In parallel the closure runs on
    /// every process with its part of `x` and must return the global value (reduce it,
    /// for example with [`Vector::dot`] or an MPI allreduce).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let x = petsc::Vector::from_slice(&c, &[3.0, -1.0])?;
    /// let mut tao = petsc::Tao::new(&c)?;
    /// tao.set_type(petsc::TaoType::Nm)?; // Nelder-Mead: no derivatives
    /// tao.set_solution(&x)?;
    /// tao.set_objective(|x| {
    ///     let v = x.view()?;
    ///     Ok((v[0] - 0.5).powi(2) + (v[1] - 0.25).powi(2))
    /// })?;
    /// tao.set_tolerances(Some(1e-12), Some(0.0), None)?;
    /// tao.solve()?;
    /// let v = x.view()?;
    /// assert!((v[0] - 0.5).abs() < 1e-3 && (v[1] - 0.25).abs() < 1e-3, "{:?}", &*v);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn set_objective<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(&Vector) -> Result<Real> + 'static,
    {
        let f: Box<ObjectiveFn> = Box::new(f);
        // SAFETY: live solver; the closure is kept with it (replacing an earlier one).
        let ctx = unsafe {
            attach(
                &self.petsc,
                self.ptr as sys::PetscObject,
                CallbackKind::TaoObjective,
                f,
            )
        }?;
        // SAFETY: live solver.
        check(unsafe { sys::TaoSetObjective(self.ptr, Some(objective_trampoline), ctx) })
    }

    /// Sets the gradient `g = grad f(x)` (`TaoSetGradient`), replacing any earlier one.
    /// The closure writes into `g`, a vector PETSc provides with the solution's layout.
    /// Errors and panics as for [`set_objective`](Self::set_objective) (`Tao gradient`).
    pub fn set_gradient<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(&Vector, &mut Vector) -> Result<()> + 'static,
    {
        let f: Box<VecFn> = Box::new(f);
        // SAFETY: live solver; the closure is kept with it (replacing an earlier one).
        let ctx = unsafe {
            attach(
                &self.petsc,
                self.ptr as sys::PetscObject,
                CallbackKind::TaoGradient,
                f,
            )
        }?;
        // SAFETY: live solver; PETSc makes the gradient vector itself (null here).
        check(unsafe {
            sys::TaoSetGradient(
                self.ptr,
                std::ptr::null_mut(),
                Some(gradient_trampoline),
                ctx,
            )
        })
    }

    /// Sets one closure computing the gradient into `g` and returning `f(x)`
    /// (`TaoSetObjectiveAndGradient`), usually cheaper than two closures. Errors and
    /// panics as for [`set_objective`](Self::set_objective)
    /// (`Tao objective and gradient`). See the example on [`Tao`].
    pub fn set_objective_and_gradient<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(&Vector, &mut Vector) -> Result<Real> + 'static,
    {
        let f: Box<ObjGradFn> = Box::new(f);
        // SAFETY: live solver; the closure is kept with it (replacing an earlier one).
        let ctx = unsafe {
            attach(
                &self.petsc,
                self.ptr as sys::PetscObject,
                CallbackKind::TaoObjectiveAndGradient,
                f,
            )
        }?;
        // SAFETY: live solver; null gradient vector (PETSc makes one).
        check(unsafe {
            sys::TaoSetObjectiveAndGradient(
                self.ptr,
                std::ptr::null_mut(),
                Some(objgrad_trampoline),
                ctx,
            )
        })
    }

    /// Sets the Hessian matrix `h`, the matrix `p` its preconditioner is built from
    /// (`None`: `h` itself), and the closure that fills them at `x` (`TaoSetHessian`).
    /// The solver keeps references to the matrices.
    ///
    /// The closure is called as `f(x, mats)` with the [`JacobianMats`] SNES and TS
    /// Jacobian closures get: fill [`mats.pre()`](JacobianMats::pre), the
    /// preconditioning matrix (`h` itself when `p` is `None`), and
    /// [`mats.op()`](JacobianMats::op), the Hessian `h`, when it is a distinct matrix
    /// (`None` otherwise): the closure never gets two mutable handles to one matrix.
    /// Assemble what you fill. Errors and panics as for
    /// [`set_objective`](Self::set_objective) (`Tao Hessian`). For a Hessian known only
    /// through products, see [`set_hessian_mult`](Self::set_hessian_mult).
    ///
    /// ```
    /// use petsc::{InsertMode, Mat, Tao, TaoType, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// // f(x) = x0^2 + x0 x1 + 2 x1^2 - x0: Hessian [[2, 1], [1, 4]], minimum (4/7, -1/7).
    /// let x = Vector::from_slice(&c, &[0.0, 0.0])?;
    /// let h = Mat::new_aij(&c, None, None, Some(2), Some(2), 2, 0)?;
    /// let mut tao = Tao::new(&c)?;
    /// tao.set_type(TaoType::Nls)?;
    /// tao.set_solution(&x)?;
    /// tao.set_objective_and_gradient(|x, g| {
    ///     let (a, b) = { let v = x.view()?; (v[0], v[1]) };
    ///     g.view_mut()?.copy_from_slice(&[2.0 * a + b - 1.0, a + 4.0 * b]);
    ///     Ok(a * a + a * b + 2.0 * b * b - a)
    /// })?;
    /// tao.set_hessian(&h, None, |_x, mats| {
    ///     assert!(mats.is_same()); // no distinct preconditioning matrix
    ///     let h = mats.pre();
    ///     h.set_values(&[0, 1], &[0, 1], &[2.0, 1.0, 1.0, 4.0], InsertMode::Insert)?;
    ///     h.assemble()
    /// })?;
    /// tao.solve()?;
    /// let v = x.view()?;
    /// assert!((v[0] - 4.0 / 7.0).abs() < 1e-8 && (v[1] + 1.0 / 7.0).abs() < 1e-8);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn set_hessian<F>(&mut self, h: &Mat, p: Option<&Mat>, f: F) -> Result<()>
    where
        F: FnMut(&Vector, &mut JacobianMats) -> Result<()> + 'static,
    {
        crate::object::refuse_lent("Tao::set_hessian", p)?;
        const CTX: &str = "Tao::set_hessian";
        let x = self.raw_solution()?;
        if !x.is_null() {
            // SAFETY: the solver holds `x`; the matrices are live.
            let xs = unsafe { vec_sizes(x) }?;
            // SAFETY: live matrix.
            Self::check_square(CTX, "the Hessian", xs, unsafe {
                mat_sizes(h.kept_raw(CTX)?)
            }?)?;
            if let Some(p) = p {
                // SAFETY: live matrix.
                Self::check_square(CTX, "the preconditioning matrix", xs, unsafe {
                    mat_sizes(p.ptr)
                }?)?;
            }
        }
        let f: Box<MatFn> = Box::new(f);
        // SAFETY: live solver; the closure is kept with it (replacing an earlier one).
        let ctx = unsafe {
            attach(
                &self.petsc,
                self.ptr as sys::PetscObject,
                CallbackKind::TaoHessian,
                f,
            )
        }?;
        let pp = p.map_or(h.kept_raw(CTX)?, |p| p.ptr);
        // SAFETY: live solver and matrices (PETSc references them).
        check(unsafe {
            sys::TaoSetHessian(
                self.ptr,
                h.kept_raw(CTX)?,
                pp,
                Some(hessian_trampoline),
                ctx,
            )
        })
    }

    /// Gives the Hessian as Hessian-vector products: `hess_mult(x, v, hv)` writes
    /// `hv = H(x) v`. Builds a shell matrix ([`Mat::new_shell`]) with the solution's
    /// layout, set as the Hessian; at each new iterate the solver's Hessian routine copies
    /// `x` into a vector the products read. Needs [`set_solution`](Self::set_solution)
    /// first. Returns the shell matrix (the solver keeps its own reference).
    ///
    /// The inner Krylov solver can only use preconditioners that need no matrix entries
    /// (`-tao_nls_pc_type none`, the default `lmvm` of some methods): set them through
    /// [`ksp`](Self::ksp) or the options. Errors and panics in the closure end the solve
    /// and name `MatMult (shell)`.
    ///
    /// ```
    /// use petsc::{Tao, TaoType, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// // f(x) = sum_i (i + 1) x_i^2 / 2 - x_i: minimum x_i = 1 / (i + 1).
    /// let x = Vector::from_slice(&c, &[0.0; 4])?;
    /// let mut tao = Tao::new(&c)?;
    /// tao.set_type(TaoType::Ntr)?;
    /// tao.set_solution(&x)?;
    /// tao.set_objective_and_gradient(|x, g| {
    ///     let v = x.view()?;
    ///     let mut gv = g.view_mut()?;
    ///     let mut f = 0.0;
    ///     for i in 0..v.len() {
    ///         let d = (i + 1) as f64;
    ///         f += 0.5 * d * v[i] * v[i] - v[i];
    ///         gv[i] = d * v[i] - 1.0;
    ///     }
    ///     Ok(f)
    /// })?;
    /// tao.set_hessian_mult(|_x, v, hv| {
    ///     let v = v.view()?;
    ///     for (i, y) in hv.view_mut()?.iter_mut().enumerate() {
    ///         *y = (i + 1) as f64 * v[i];
    ///     }
    ///     Ok(())
    /// })?;
    /// tao.solve()?;
    /// for (i, xi) in x.view()?.iter().enumerate() {
    ///     assert!((xi - 1.0 / (i + 1) as f64).abs() < 1e-6);
    /// }
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn set_hessian_mult<F>(&mut self, mut hess_mult: F) -> Result<Mat>
    where
        F: FnMut(&Vector, &Vector, &mut Vector) -> Result<()> + 'static,
    {
        const CTX: &str = "Tao::set_hessian_mult";
        let x = self.raw_solution()?;
        if x.is_null() {
            return Err(Error::invalid(
                CTX,
                "no solution vector: call set_solution first (it gives the Hessian's layout)",
            ));
        }
        // SAFETY: the solver holds `x`, so it is live; the handle takes its own reference.
        let xv = unsafe { Vector::from_raw_borrowed(&self.petsc, x) }?;
        let (n, l) = (xv.size()?, xv.local_size()?);
        let mut current = xv.duplicate()?;
        current.copy_from(&xv)?;
        let current = Rc::new(RefCell::new(current));
        let reader = current.clone();
        let shell = Mat::new_shell(
            &xv.comm(),
            Some(l),
            Some(l),
            Some(n),
            Some(n),
            move |v, hv| {
                let x = reader.try_borrow().map_err(|_| {
                    Error::invalid(CTX, "re-entrant call: the product applied the Hessian")
                })?;
                hess_mult(&x, v, hv)
            },
        )?;
        self.set_hessian(&shell, None, move |x, _mats| {
            current
                .try_borrow_mut()
                .map_err(|_| Error::invalid(CTX, "the Hessian is being applied"))?
                .copy_from(x)
        })?;
        Ok(shell)
    }

    /// Sets the residual `r = R(x)` of a least-squares problem `min ||R(x)||^2 / 2` and
    /// the vector `r` it is written to (`TaoSetResidualRoutine`), for `brgn` and
    /// `pounders`. `r` may have any length (the number of observations). Errors and
    /// panics as for [`set_objective`](Self::set_objective) (`Tao residual`).
    pub fn set_residual<F>(&mut self, r: &Vector, f: F) -> Result<()>
    where
        F: FnMut(&Vector, &mut Vector) -> Result<()> + 'static,
    {
        const KEPT: &str = "Tao::set_residual";
        let f: Box<VecFn> = Box::new(f);
        // SAFETY: live solver; the closure is kept with it (replacing an earlier one).
        let ctx = unsafe {
            attach(
                &self.petsc,
                self.ptr as sys::PetscObject,
                CallbackKind::TaoResidual,
                f,
            )
        }?;
        // SAFETY: live solver and vector (PETSc references it).
        check(unsafe {
            sys::TaoSetResidualRoutine(self.ptr, r.kept_raw(KEPT)?, Some(residual_trampoline), ctx)
        })
    }

    /// Sets the Jacobian `J = dR/dx` of the residual (rows: residuals, columns:
    /// variables), the matrix `p` to precondition with (`None`: `j` itself), and the
    /// closure filling them (`TaoSetJacobianResidualRoutine`), for `brgn`. As in
    /// [`set_hessian`](Self::set_hessian), the closure gets the [`JacobianMats`]: `pre()`
    /// (`j` itself when `p` is `None`), and `op()`, `j`, only when `p` is another
    /// matrix. Errors and panics name `Tao residual Jacobian`.
    ///
    /// ```
    /// use petsc::{InsertMode, Mat, Tao, TaoType, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// // Fit y = a t + b to three exact points of y = 2 t + 1.
    /// let (t, y) = ([0.0, 1.0, 2.0], [1.0, 3.0, 5.0]);
    /// let x = Vector::from_slice(&c, &[0.0, 0.0])?;
    /// let r = Vector::from_slice(&c, &[0.0; 3])?;
    /// let mut j = Mat::new_aij(&c, None, None, Some(3), Some(2), 2, 0)?;
    /// for i in 0..3 {
    ///     j.set_values(&[i], &[0, 1], &[t[i as usize], 1.0], InsertMode::Insert)?;
    /// }
    /// j.assemble()?;
    /// let mut tao = Tao::new(&c)?;
    /// tao.set_type(TaoType::Brgn)?;
    /// tao.set_solution(&x)?;
    /// tao.set_residual(&r, move |x, r| {
    ///     let (a, b) = { let v = x.view()?; (v[0], v[1]) };
    ///     for (i, ri) in r.view_mut()?.iter_mut().enumerate() {
    ///         *ri = a * t[i] + b - y[i];
    ///     }
    ///     Ok(())
    /// })?;
    /// tao.set_jacobian_residual(&j, None, |_x, _mats| Ok(()))?; // constant Jacobian
    /// tao.brgn_set_regularizer_weight(0.0)?; // plain least squares
    /// tao.solve()?;
    /// let v = x.view()?;
    /// assert!((v[0] - 2.0).abs() < 1e-6 && (v[1] - 1.0).abs() < 1e-6, "{:?}", &*v);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn set_jacobian_residual<F>(&mut self, j: &Mat, p: Option<&Mat>, f: F) -> Result<()>
    where
        F: FnMut(&Vector, &mut JacobianMats) -> Result<()> + 'static,
    {
        crate::object::refuse_lent("Tao::set_jacobian_residual", p)?;
        const CTX: &str = "Tao::set_jacobian_residual";
        // SAFETY: live matrix.
        let (js, _) = unsafe { mat_sizes(j.kept_raw(CTX)?) }?;
        if let Some(p) = p {
            // SAFETY: live matrix.
            let (ps, _) = unsafe { mat_sizes(p.ptr) }?;
            if ps != js {
                return Err(Error::size_mismatch(
                    CTX,
                    format!(
                        "the Jacobian is {} x {} but the preconditioning matrix is {} x {}",
                        js.0, js.1, ps.0, ps.1
                    ),
                ));
            }
        }
        let x = self.raw_solution()?;
        if !x.is_null() {
            // SAFETY: the solver holds `x`.
            let (n, _) = unsafe { vec_sizes(x) }?;
            if js.1 != n {
                return Err(Error::size_mismatch(
                    CTX,
                    format!(
                        "the Jacobian has {} columns but the solution has global size {n}",
                        js.1
                    ),
                ));
            }
        }
        let f: Box<MatFn> = Box::new(f);
        // SAFETY: live solver; the closure is kept with it (replacing an earlier one).
        let ctx = unsafe {
            attach(
                &self.petsc,
                self.ptr as sys::PetscObject,
                CallbackKind::TaoJacobianResidual,
                f,
            )
        }?;
        let pp = p.map_or(j.kept_raw(CTX)?, |p| p.ptr);
        // SAFETY: live solver and matrices (PETSc references them).
        check(unsafe {
            sys::TaoSetJacobianResidualRoutine(
                self.ptr,
                j.kept_raw(CTX)?,
                pp,
                Some(jacobian_trampoline),
                ctx,
            )
        })
    }

    /// Sets the weight of `brgn`'s regularizer (`TaoBRGNSetRegularizerWeight`; PETSc's
    /// default is `1e-4`, with the proximal term `||x - x_k||^2` of
    /// `-tao_brgn_regularization_type l2prox`). `0.0` gives plain Gauss-Newton least
    /// squares. Refused unless the type is `brgn`.
    pub fn brgn_set_regularizer_weight(&mut self, weight: Real) -> Result<()> {
        check_finite("Tao::brgn_set_regularizer_weight", "the weight", weight)?;
        if weight < 0.0 {
            return Err(Error::invalid(
                "Tao::brgn_set_regularizer_weight",
                format!("the weight is {weight}; it must not be negative"),
            ));
        }
        if self.type_name()? != "brgn" {
            return Err(Error::invalid(
                "Tao::brgn_set_regularizer_weight",
                "the Tao type is not brgn: call set_type(TaoType::Brgn) first",
            ));
        }
        // SAFETY: live brgn solver.
        check(unsafe { sys::TaoBRGNSetRegularizerWeight(self.ptr, weight) })
    }

    /// Sets bounds `lower <= x <= upper` (`TaoSetVariableBounds`). A side given as
    /// `None` is unbounded (filled with `PETSC_INFINITY` or `PETSC_NINFINITY`); both
    /// `None` removes the bounds. The solver keeps references to the vectors given.
    ///
    /// Refused (with an error naming the mismatch) when the two bounds, or a bound and
    /// the solution, differ in global or local size, or when a lower bound exceeds the
    /// upper one. Only bound-constrained methods (`blmvm`, `tron`, `bncg`, `bqnls`,
    /// `gpcg`, `bnls`, ...) honor bounds.
    ///
    /// ```
    /// use petsc::{Tao, TaoType, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// // min (x - 3)^2 with x <= 1: the minimizer is on the bound.
    /// let x = Vector::from_slice(&c, &[0.0])?;
    /// let upper = Vector::from_slice(&c, &[1.0])?;
    /// let mut tao = Tao::new(&c)?;
    /// tao.set_type(TaoType::Blmvm)?;
    /// tao.set_solution(&x)?;
    /// tao.set_variable_bounds(None, Some(&upper))?;
    /// tao.set_objective_and_gradient(|x, g| {
    ///     let d = x.view()?[0] - 3.0;
    ///     g.view_mut()?[0] = 2.0 * d;
    ///     Ok(d * d)
    /// })?;
    /// tao.solve()?;
    /// assert_eq!(x.view()?[0], 1.0);
    ///
    /// let wrong = Vector::from_slice(&c, &[0.0, 0.0])?;
    /// let e = tao.set_variable_bounds(Some(&wrong), None).unwrap_err();
    /// assert!(e.to_string().contains("the lower bound has global size 2"), "{e}");
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn set_variable_bounds(
        &mut self,
        lower: Option<&Vector>,
        upper: Option<&Vector>,
    ) -> Result<()> {
        crate::object::refuse_lent("Tao::set_variable_bounds", lower.into_iter().chain(upper))?;
        const CTX: &str = "Tao::set_variable_bounds";
        let x = self.raw_solution()?;
        let xs = if x.is_null() {
            None
        } else {
            // SAFETY: the solver holds `x`, so it is live.
            Some(unsafe { vec_sizes(x) }?)
        };
        for (name, b) in [("the lower bound", lower), ("the upper bound", upper)] {
            if let (Some(b), Some(xs)) = (b, xs) {
                same_layout(
                    CTX,
                    (name, (b.size()?, b.local_size()?)),
                    ("the solution", xs),
                )?;
            }
        }
        for (name, b) in [("the lower bound", lower), ("the upper bound", upper)] {
            // The 1-norm is NaN exactly when an entry is (infinities stay infinite).
            if let Some(b) = b {
                if b.norm(crate::NormType::One)?.is_nan() {
                    return Err(Error::invalid(CTX, format!("{name} has a NaN entry")));
                }
            }
        }
        let (lo, hi) = match (lower, upper) {
            (None, None) => {
                // SAFETY: live solver; null bounds remove them.
                return check(unsafe {
                    sys::TaoSetVariableBounds(self.ptr, std::ptr::null_mut(), std::ptr::null_mut())
                });
            }
            (Some(l), Some(u)) => {
                same_layout(
                    CTX,
                    ("the lower bound", (l.size()?, l.local_size()?)),
                    ("the upper bound", (u.size()?, u.local_size()?)),
                )?;
                let mut gap = u.duplicate()?;
                gap.waxpy(-1.0, l, u)?;
                let m = gap.min()?;
                if m.value < 0.0 {
                    return Err(Error::invalid(
                        CTX,
                        format!(
                            "the lower bound exceeds the upper bound at index {} (by {})",
                            m.index, -m.value
                        ),
                    ));
                }
                (None, None)
            }
            (Some(l), None) => {
                let mut u = l.duplicate()?;
                u.set(INFINITY)?;
                (None, Some(u))
            }
            (None, Some(u)) => {
                let mut l = u.duplicate()?;
                l.set(-INFINITY)?;
                (Some(l), None)
            }
        };
        let lp = lo.as_ref().or(lower).map(|v| v.ptr).expect("a lower bound");
        let up = hi
            .as_ref()
            .or(upper)
            .map(|v| v.ptr)
            .expect("an upper bound");
        // SAFETY: live solver and vectors; PETSc references both (the filled-in side
        // survives our handle's drop through that reference).
        check(unsafe { sys::TaoSetVariableBounds(self.ptr, lp, up) })
    }

    /// The bounds set with [`set_variable_bounds`](Self::set_variable_bounds)
    /// (`TaoGetVariableBounds`), as handles holding their own references; `None` when
    /// there are none.
    pub fn variable_bounds(&self) -> Result<Option<(Vector, Vector)>> {
        let (lo, hi) = self.raw_bounds()?;
        if lo.is_null() || hi.is_null() {
            return Ok(None);
        }
        // SAFETY: the solver holds both, so they are live; each handle takes a reference.
        unsafe {
            Ok(Some((
                Vector::from_raw_borrowed(&self.petsc, lo)?,
                Vector::from_raw_borrowed(&self.petsc, hi)?,
            )))
        }
    }

    /// Sets the gradient tolerances (`TaoSetTolerances`): stop when `||g|| < gatol`,
    /// `||g|| / |f| < grtol`, or `||g|| / ||g0|| < gttol`. `None` keeps the current value
    /// (`PETSC_DEFAULT`).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut tao = petsc::Tao::new(&petsc.self_comm())?;
    /// let (_, grtol, _) = tao.tolerances()?;
    /// tao.set_tolerances(Some(1e-10), None, Some(0.0))?;
    /// assert_eq!(tao.tolerances()?, (1e-10, grtol, 0.0));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn set_tolerances(
        &mut self,
        gatol: Option<Real>,
        grtol: Option<Real>,
        gttol: Option<Real>,
    ) -> Result<()> {
        // PETSc ignores a negative tolerance (with a note in -info) and stores a NaN.
        const CTX: &str = "Tao::set_tolerances";
        check_tolerance(CTX, "gatol", gatol)?;
        check_tolerance(CTX, "grtol", grtol)?;
        check_tolerance(CTX, "gttol", gttol)?;
        // SAFETY: live solver; values checked above.
        check(unsafe {
            sys::TaoSetTolerances(
                self.ptr,
                default_real(gatol),
                default_real(grtol),
                default_real(gttol),
            )
        })
    }

    /// `(gatol, grtol, gttol)` (`TaoGetTolerances`).
    pub fn tolerances(&self) -> Result<(Real, Real, Real)> {
        let (mut a, mut r, mut t): (Real, Real, Real) = (0.0, 0.0, 0.0);
        // SAFETY: live solver; three outputs.
        check(unsafe { sys::TaoGetTolerances(self.ptr, &mut a, &mut r, &mut t) })?;
        Ok((a, r, t))
    }

    crate::methods! { for Tao;
        /// Sets the iteration limit (`TaoSetMaximumIterations`); reaching it ends the solve
        /// with [`TaoConvergedReason::DivergedMaxits`].
        /// A negative limit is refused (PETSc turned it into 0).
        pub fn set_max_iterations(&mut self, max_it: Int where max_it >= 0)
            = TaoSetMaximumIterations as "TaoSetMaximumIterations";

        /// The iteration limit (`TaoGetMaximumIterations`).
        pub fn max_iterations(&self) -> Int = TaoGetMaximumIterations as "TaoGetMaximumIterations";
    }

    crate::methods! { for Tao;
        /// Sets the limit on objective evaluations (`TaoSetMaximumFunctionEvaluations`);
        /// reaching it ends the solve with [`TaoConvergedReason::DivergedMaxfcn`].
        ///
        /// Up to PETSc 3.24 the count it limits starts again at every solve; from 3.25 on it
        /// runs over the solver's whole life (see
        /// [`current_function_evaluations`](Self::current_function_evaluations)), so a
        /// solver reused for many solves needs the limit raised before each (`lmvm` sets
        /// 4000).
        pub fn set_max_function_evaluations(&mut self, max_funcs: Int where max_funcs >= -1)
            = TaoSetMaximumFunctionEvaluations as "TaoSetMaximumFunctionEvaluations";
    }

    crate::methods! { for Tao;
        /// The limit on objective evaluations, `-1` for none
        /// (`TaoGetMaximumFunctionEvaluations`).
        pub fn max_function_evaluations(&self) -> Int
            = TaoGetMaximumFunctionEvaluations as "TaoGetMaximumFunctionEvaluations";

        /// The number of objective (or objective-and-gradient) evaluations the limit of
        /// [`set_max_function_evaluations`](Self::set_max_function_evaluations) is checked
        /// against (`TaoGetCurrentFunctionEvaluations`): those of the last solve up to PETSc
        /// 3.24, those since the solver was created from 3.25 on (`TaoSolve` no longer resets
        /// them).
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let c = petsc.self_comm();
        /// let mut tao = petsc::Tao::new(&c)?;
        /// let x = petsc::Vector::from_slice(&c, &[3.0])?;
        /// tao.set_solution(&x)?;
        /// tao.set_objective_and_gradient(|x, g| {
        ///     let x0 = x.view()?[0];
        ///     g.view_mut()?[0] = 2.0 * (x0 - 1.0);
        ///     Ok((x0 - 1.0) * (x0 - 1.0))
        /// })?;
        /// tao.solve()?;
        /// assert!(tao.current_function_evaluations()? > 0);
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn current_function_evaluations(&self) -> Int
            = TaoGetCurrentFunctionEvaluations as "TaoGetCurrentFunctionEvaluations";
    }

    /// Stops the solve when `f(x)` falls below `fmin` (`TaoSetFunctionLowerBound`), with
    /// [`TaoConvergedReason::ConvergedMinf`].
    /// A NaN bound is refused (no objective value compares below it); `-inf` means none.
    pub fn set_function_lower_bound(&mut self, fmin: Real) -> Result<()> {
        if fmin.is_nan() {
            return Err(Error::invalid(
                "Tao::set_function_lower_bound",
                "fmin is NaN; it must be a number (or -inf for no bound)",
            ));
        }
        // SAFETY: live solver.
        check(unsafe { sys::TaoSetFunctionLowerBound(self.ptr, fmin) })
    }

    /// Adds a monitor called with the [`TaoState`] at every iteration, starting with
    /// iteration 0 (`TaoSetMonitor`). The closure is owned by the solver and dropped when
    /// it is destroyed or [`cancel_monitors`](Self::cancel_monitors) is called.
    ///
    /// An `Err` or a panic ends the solve, which returns it (naming `Tao monitor`). In
    /// parallel every process calls its monitors with the same values; a monitor should
    /// fail on all of them or on none.
    ///
    /// ```
    /// use std::{cell::RefCell, rc::Rc};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let x = petsc::Vector::from_slice(&c, &[5.0])?;
    /// let mut tao = petsc::Tao::new(&c)?;
    /// tao.set_type(petsc::TaoType::Lmvm)?;
    /// tao.set_solution(&x)?;
    /// tao.set_objective_and_gradient(|x, g| {
    ///     let v = x.view()?[0];
    ///     g.view_mut()?[0] = 4.0 * v.powi(3);
    ///     Ok(v.powi(4))
    /// })?;
    /// let seen = Rc::new(RefCell::new(Vec::new()));
    /// let log = seen.clone();
    /// tao.monitor(move |s| {
    ///     log.borrow_mut().push((s.iteration, s.f));
    ///     Ok(())
    /// })?;
    /// tao.solve()?;
    /// let seen = seen.borrow();
    /// assert_eq!(seen[0], (0, 625.0));
    /// assert_eq!(seen.last().unwrap().0, tao.solution_status()?.iteration);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn monitor<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(&TaoState) -> Result<()> + 'static,
    {
        let f: Box<MonitorFn> = Box::new(f);
        hand_over(&self.petsc, CallbackKind::TaoMonitor, f, |ctx| {
            // SAFETY: live solver; the context is a registered monitor closure, released
            // by the destroy hook.
            unsafe { tao_monitor_set(self.ptr, Some(monitor_trampoline), ctx, Some(release_at)) }
        })
    }

    /// Removes every monitor, including those set from options, dropping their closures
    /// (`TaoCancelMonitors`).
    pub fn cancel_monitors(&mut self) -> Result<()> {
        // SAFETY: live solver; PETSc calls each monitor's destroy hook.
        check(unsafe { tao_monitor_cancel(self.ptr) })
    }

    /// Sets PETSc's default method (`lmvm`) if none was chosen, as `TaoSetFromOptions`
    /// does; `TaoSolve` would otherwise do nothing.
    fn ensure_type(&mut self) -> Result<()> {
        if self.type_name()?.is_empty() {
            self.set_type(TaoType::Lmvm)?;
        }
        Ok(())
    }

    /// Refuses to start a method that lacks what it calls, or whose objects disagree in
    /// size (PETSc 3.18 would crash or fail obscurely).
    fn check_ready(&self, context: &str) -> Result<()> {
        let x = self.raw_solution()?;
        if x.is_null() {
            return Err(Error::invalid(
                context,
                "no solution vector: call set_solution first",
            ));
        }
        // SAFETY: the solver holds `x`.
        let xs = unsafe { vec_sizes(x) }?;
        let ty = self.type_name()?;
        let need = needs(&ty);
        let (mut obj, mut grad, mut both) = (
            sys::PETSC_BOOL_FALSE,
            sys::PETSC_BOOL_FALSE,
            sys::PETSC_BOOL_FALSE,
        );
        // SAFETY: live solver; one output each.
        check(unsafe { sys::TaoIsObjectiveDefined(self.ptr, &mut obj) })?;
        // SAFETY: as above.
        check(unsafe { sys::TaoIsGradientDefined(self.ptr, &mut grad) })?;
        // SAFETY: as above.
        check(unsafe { sys::TaoIsObjectiveAndGradientDefined(self.ptr, &mut both) })?;
        let lacks = |what: &str, how: &str| {
            Err(Error::invalid(
                context,
                format!("Tao type '{ty}' needs {what}: {how}"),
            ))
        };
        if need.objective && !is_true(obj) && !is_true(both) {
            return lacks(
                "an objective",
                "call set_objective or set_objective_and_gradient",
            );
        }
        if need.gradient && !is_true(grad) && !is_true(both) {
            return lacks(
                "a gradient",
                "call set_gradient or set_objective_and_gradient (or use -tao_fd_gradient)",
            );
        }
        let (h, h_routine) = self.raw_hessian()?;
        if need.hessian && (h.is_null() || h_routine.is_none()) {
            return lacks(
                "a Hessian",
                "call set_hessian or set_hessian_mult, or give -tao_fd_hessian or \
                 -tao_mf_hessian and call set_from_options",
            );
        }
        self.check_hessian(context, xs)?;
        let obj = self.ptr as sys::PetscObject;
        // SAFETY: live solver.
        let res = unsafe { is_attached(obj, CallbackKind::TaoResidual) }?;
        // SAFETY: live solver.
        let jac = unsafe { is_attached(obj, CallbackKind::TaoJacobianResidual) }?;
        if need.residual && !res {
            return lacks("a least-squares residual", "call set_residual");
        }
        if need.jacobian && !jac {
            return lacks("the Jacobian of the residual", "call set_jacobian_residual");
        }
        for (cons, jacobian, how) in [
            (
                CallbackKind::TaoEqualityConstraints,
                CallbackKind::TaoJacobianEquality,
                "call set_jacobian_equality",
            ),
            (
                CallbackKind::TaoInequalityConstraints,
                CallbackKind::TaoJacobianInequality,
                "call set_jacobian_inequality",
            ),
        ] {
            // SAFETY: live solver.
            let (c, j) = unsafe { (is_attached(obj, cons)?, is_attached(obj, jacobian)?) };
            if c && !j && matches!(ty.as_str(), "almm" | "pdipm") {
                return lacks(&format!("the Jacobian of its {}", cons.name()), how);
            }
        }
        if ty == "brgn" {
            self.check_brgn_user(context)?;
        }
        // PETSc 3.18's lcl calls the state and design routines without checking them.
        if ty == "lcl" {
            for (kind, how) in [
                (CallbackKind::TaoConstraints, "call set_constraints"),
                (CallbackKind::TaoJacobianState, "call set_jacobian_state"),
                (CallbackKind::TaoJacobianDesign, "call set_jacobian_design"),
            ] {
                // SAFETY: live solver.
                if !unsafe { is_attached(obj, kind) }? {
                    return lacks(kind.name(), how);
                }
            }
            if self.kept(constraints::STATE_KEY)?.is_null() {
                return lacks("state and design variables", "call set_state_design_is");
            }
        }
        // PETSc 3.18's pdipm reads the bounds vectors without checking they exist.
        if ty == "pdipm" {
            let (lo, _) = self.raw_bounds()?;
            // SAFETY: live solver.
            let routine = unsafe { is_attached(obj, CallbackKind::TaoVariableBounds) }?;
            if lo.is_null() && !routine {
                return lacks(
                    "variable bounds",
                    "call set_variable_bounds (infinite ones are fine) or \
                     set_variable_bounds_routine",
                );
            }
        }
        let (lo, hi) = self.raw_bounds()?;
        for (name, b) in [("the lower bound", lo), ("the upper bound", hi)] {
            if !b.is_null() {
                // SAFETY: the solver holds the bound, so it is live.
                let bs = unsafe { vec_sizes(b) }?;
                same_layout(context, (name, bs), ("the solution", xs))?;
            }
        }
        Ok(())
    }

    /// Minimizes (`TaoSolve`), starting from and writing into the solution vector.
    ///
    /// Uses `lmvm` when no method was chosen. Refused before PETSc runs, with an error
    /// saying what is missing, when the method needs something not provided (an
    /// objective, a gradient, a Hessian for `nls`/`ntr`/`tron`/..., a residual and its
    /// Jacobian for `brgn`, a residual for `pounders`) or sizes disagree. Not converging
    /// is not an error: see [`converged_reason`](Self::converged_reason). An `Err` or
    /// a panic in a closure ends the solve and is returned here; the solver can be
    /// solved again afterwards.
    pub fn solve(&mut self) -> Result<()> {
        self.ensure_type()?;
        self.check_ready("Tao::solve")?;
        // The solve writes the solution in place: not while a view of it is alive.
        let x = self.raw_solution()?;
        if !x.is_null() {
            crate::borrow::check_writable(x as sys::PetscObject, "Tao::solve")?;
        }
        let ksp = self.raw_ksp()?;
        let guard = if ksp.is_null() {
            None
        } else {
            // SAFETY: the solver holds its KSP, which outlives the guard (dropped here).
            Some(unsafe { SolveGuard::record(ksp) }?)
        };
        // SAFETY: live solver, checked ready; the closures it calls live in `self`.
        let r = check(unsafe { sys::TaoSolve(self.ptr) });
        if r.is_err() {
            // SAFETY: live solver, whose solve has ended.
            unsafe { unwind::unwind_failed_tao(self.ptr, true) };
            // An error inside the inner Krylov solve left it half open: see `SolveGuard`.
            match guard {
                Some(g) => g.recover(),
                None => {
                    if let Ok(k) = self.raw_ksp() {
                        if !k.is_null() {
                            // SAFETY: the solver's live KSP, made during the failed solve.
                            unsafe { recover_ksp(k, None) };
                        }
                    }
                }
            }
        }
        r
    }

    crate::methods! { for Tao;
        /// The inner KSP (borrowed), or null for methods without one.
        fn raw_ksp(&self) -> sys::KSP = TaoGetKSP as "TaoGetKSP";
    }

    /// Where the last (or current) solve stands (`TaoGetSolutionStatus`).
    pub fn solution_status(&self) -> Result<TaoState> {
        // SAFETY: live solver.
        unsafe { status_of(self.ptr) }
    }

    crate::methods! { for Tao;
        /// Why the last solve stopped (`TaoGetConvergedReason`).
        pub fn converged_reason(&self) -> TaoConvergedReason
            = TaoGetConvergedReason as "TaoGetConvergedReason";
    }

    crate::methods! { for Tao;
        /// The number of iterations of the last solve (`TaoGetIterationNumber`).
        pub fn iteration_number(&self) -> Int = TaoGetIterationNumber as "TaoGetIterationNumber";
    }

    /// The inner Krylov solver of Newton-type methods (`nls`, `ntr`, `tron`, `bnls`,
    /// `brgn`'s subsolver is separate, ...) (`TaoGetKSP`), as a handle holding its own
    /// reference; `None` for methods without one (`lmvm`, `cg`, `nm`, ...). Set the type
    /// first.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut tao = petsc::Tao::new(&petsc.self_comm())?;
    /// tao.set_type(petsc::TaoType::Lmvm)?;
    /// assert!(tao.ksp()?.is_none());
    /// tao.set_type(petsc::TaoType::Nls)?;
    /// assert!(tao.ksp()?.is_some());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn ksp(&self) -> Result<Option<Ksp>> {
        let ksp = self.raw_ksp()?;
        if ksp.is_null() {
            return Ok(None);
        }
        // SAFETY: `ksp` and the solver are live; the handle takes a reference to each.
        unsafe { Ksp::from_raw_child(&self.petsc, ksp, self.ptr as sys::PetscObject) }.map(Some)
    }

    /// `f(x)` through the objective set on this solver (`TaoComputeObjective`), for
    /// checks such as finite-difference gradient tests. `x` must have the solution's
    /// layout.
    pub fn compute_objective(&mut self, x: &Vector) -> Result<Real> {
        self.check_point("Tao::compute_objective", x)?;
        let mut f: Real = 0.0;
        // SAFETY: live solver and vector; the closures live in `self`.
        check(unsafe {
            sys::TaoComputeObjective(self.ptr, x.raw_read("Tao::compute_objective")?, &mut f)
        })?;
        Ok(f)
    }

    /// `g = grad f(x)` through the gradient set on this solver (`TaoComputeGradient`).
    /// `x` and `g` must have the solution's layout.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut tao = petsc::Tao::new(&c)?;
    /// let x = petsc::Vector::from_slice(&c, &[3.0])?;
    /// tao.set_solution(&x)?;
    /// tao.set_objective_and_gradient(|x, g| {
    ///     let v = x.view()?[0];
    ///     g.view_mut()?[0] = 2.0 * v;
    ///     Ok(v * v)
    /// })?;
    /// let mut g = x.duplicate()?;
    /// tao.compute_gradient(&x, &mut g)?;
    /// assert_eq!(g.view()?[0], 6.0);
    /// assert_eq!(tao.compute_objective(&x)?, 9.0);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn compute_gradient(&mut self, x: &Vector, g: &mut Vector) -> Result<()> {
        self.check_point("Tao::compute_gradient", x)?;
        self.check_point("Tao::compute_gradient", g)?;
        // SAFETY: live solver and vectors, distinct by Rust's borrows.
        check(unsafe {
            sys::TaoComputeGradient(
                self.ptr,
                x.raw_read("Tao::compute_gradient")?,
                g.raw_write("Tao::compute_gradient")?,
            )
        })
    }

    fn check_point(&self, context: &str, v: &Vector) -> Result<()> {
        let x = self.raw_solution()?;
        if x.is_null() {
            return Err(Error::invalid(
                context,
                "no solution vector: call set_solution first",
            ));
        }
        // SAFETY: the solver holds `x`.
        let xs = unsafe { vec_sizes(x) }?;
        same_layout(
            context,
            ("the vector", (v.size()?, v.local_size()?)),
            ("the solution", xs),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::CStr;

    /// The names match PETSc's own `TaoConvergedReasons` table (indexed by the code).
    #[test]
    fn reason_names_match_petsc() {
        for &(r, code, name) in REASONS {
            // SAFETY: TaoConvergedReasons is statically initialized to point into a
            // table of C strings, shifted so that it is indexed by the code; named codes are inside it.
            let p = unsafe { CStr::from_ptr(*sys::TaoConvergedReasons.offset(code as isize)) };
            assert_eq!(p.to_str().unwrap(), name, "{r:?}");
            assert_eq!(TaoConvergedReason::from_raw(code), r);
            assert_eq!(r.code(), code);
        }
    }

    #[test]
    fn type_names_round_trip() {
        for n in TaoType::NAMES {
            let t = TaoType::from_name(n);
            assert!(!matches!(t, TaoType::Other(_)), "{n}");
            assert_eq!(t.as_str(), *n);
        }
        let c = |b: &[u8]| {
            CStr::from_bytes_with_nul(b)
                .unwrap()
                .to_str()
                .unwrap()
                .to_owned()
        };
        assert_eq!(TaoType::Lmvm.as_str(), c(sys::TAOLMVM));
        assert_eq!(TaoType::Brgn.as_str(), c(sys::TAOBRGN));
        assert_eq!(TaoType::Bqnktr.as_str(), c(sys::TAOBQNKTR));
        assert_eq!(TaoType::Almm.as_str(), c(sys::TAOALMM));
    }
}
