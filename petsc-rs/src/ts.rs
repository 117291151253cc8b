//! Time integrators (`TS`): solve `u' = G(t, u)` (explicit form), `F(t, u, u') = 0`
//! (implicit form) or both (`F(t, u, u') = G(t, u)`, IMEX), with the functions and
//! their Jacobians given as Rust closures.
//!
//! Where the closures live: where C puts their contexts, in the DM's TS context
//! (`DMTS`). The setters call `TSSetRHSFunction`, `TSSetIFunction` and their Jacobian
//! counterparts (which store into the integrator's DM, a `DMShell` PETSc makes if there
//! is none) with the closure kept with that DM and passed on to every DM PETSc derives
//! from it (coarse levels for `-snes_type fas` inside an implicit method, subdomains),
//! as the callback module describes. So the inner solvers PETSc builds from options find
//! the closures, as in C, and an integrator given a DM that already carries closures
//! uses them, as in C. The post-step closure, which PETSc keeps in the `TS` itself, is
//! kept with the `TS`.

use std::os::raw::c_void;

use petsc_sys as sys;

use crate::callback::{
    attach, attach_to_dm, attached, call, hand_over, release_at, run, share_closures, CallbackKind,
};
use crate::comm::Comm;
use crate::dm::{Da, DaInfo, DaView, DaViewMut};
use crate::error::{
    check, check_finite, check_same_layout, check_tolerance, record_destroy, run_callback,
    unlock_on_error, Error, Result,
};
use crate::init::Petsc;
use crate::jacobian::JacobianMats;
use crate::ksp::Ksp;
use crate::mat::Mat;
use crate::object::{default_real, petsc_handle, type_enum};
use crate::pc::borrowed_vec;
use crate::snes::{assemble_mffd, unwind_failed_snes, Snes};
use crate::vec::Vector;
use crate::{Int, Real};

petsc_handle!(
    /// A PETSc time integrator (`TS`).
    ///
    /// Give it the right-hand side `G(t, u)` of `u' = G(t, u)` with
    /// [`set_rhs_function`](Self::set_rhs_function) (and, for implicit methods, its
    /// Jacobian with [`set_rhs_jacobian`](Self::set_rhs_jacobian)), or the implicit form
    /// `F(t, u, u') = 0` with [`set_ifunction`](Self::set_ifunction) and
    /// [`set_ijacobian`](Self::set_ijacobian); on a [`Da`], the local forms
    /// ([`set_rhs_function_local`](Self::set_rhs_function_local), ...) hand the closures
    /// ghosted views. Then set the time span and [`solve`](Self::solve).
    ///
    /// ```
    /// use petsc::{ExactFinalTime, Ts, TsType, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// // u' = -u, u(0) = 1: u(1) = 1/e.
    /// let mut ts = Ts::new(&c)?;
    /// ts.set_type(TsType::Rk)?; // PETSc's default RK is the adaptive 3(2) pair
    /// ts.set_rhs_function(None, |_t, u, f| {
    ///     f.copy_from(u)?;
    ///     f.scale(-1.0)
    /// })?;
    /// ts.set_time_step(0.01)?;
    /// ts.set_max_time(1.0)?;
    /// ts.set_exact_final_time(ExactFinalTime::Matchstep)?;
    /// ts.set_tolerances(Some(1e-10), Some(1e-10))?;
    /// ts.set_from_options()?; // -ts_type, -ts_dt, -ts_monitor, ... still apply
    /// let mut u = Vector::from_slice(&c, &[1.0])?;
    /// ts.solve(&mut u)?;
    /// assert!(ts.converged_reason()?.is_converged());
    /// assert!((ts.time()? - 1.0).abs() < 1e-12);
    /// assert!((u.view()?[0] - (-1f64).exp()).abs() < 1e-8);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    Ts,
    sys::TS,
    sys::TSDestroy
);

type_enum!(
/// Time integration methods (`TSType`); [`TsType::Other`] names any registered type.
///
/// ```
/// use petsc::TsType;
/// assert_eq!(TsType::Beuler.as_str(), "beuler");
/// assert_eq!(TsType::from_name("cn"), TsType::Cn);
/// assert_eq!(TsType::from_name("mine"), TsType::Other("mine".into()));
/// assert_eq!("arkimex".parse::<TsType>().unwrap(), TsType::Arkimex);
/// ```
TsType {
        /// `TSEULER`: forward (explicit) Euler, first order.
        Euler = "euler",
        /// `TSBEULER`: backward (implicit) Euler, first order.
        Beuler = "beuler",
        /// `TSCN`: Crank-Nicolson (theta = 1/2 at the end points), second order.
        Cn = "cn",
        /// `TSTHETA`: the theta method (`-ts_theta_theta`, [`Ts::set_theta`]).
        Theta = "theta",
        /// `TSRK`: explicit Runge-Kutta (`-ts_rk_type 4`, [`Ts::set_rk_type`]).
        Rk = "rk",
        /// `TSBDF`: backward differentiation formulas (`-ts_bdf_order`).
        Bdf = "bdf",
        /// `TSARKIMEX`: additive Runge-Kutta implicit-explicit methods.
        Arkimex = "arkimex",
        /// `TSROSW`: Rosenbrock-W methods.
        Rosw = "rosw",
        /// `TSSSP`: strong-stability-preserving Runge-Kutta.
        Ssp = "ssp",
        /// `TSGLEE`: general linear methods with global error estimation.
        Glee = "glee",
        /// `TSGLLE`: general linear methods (implicit).
        Glle = "glle",
        /// `TSALPHA`: the generalized-alpha method (first-order systems).
        Alpha = "alpha",
        /// `TSALPHA2`: the generalized-alpha method for second-order systems.
        Alpha2 = "alpha2",
        /// `TSPSEUDO`: pseudo-transient continuation to a steady state.
        Pseudo = "pseudo",
        /// `TSBASICSYMPLECTIC`: basic symplectic integrators.
        Basicsymplectic = "basicsymplectic",
        /// `TSEIMEX`: extrapolated IMEX methods.
        Eimex = "eimex",
        /// `TSMIMEX`: multistep IMEX methods.
        Mimex = "mimex",
        /// `TSRADAU5`: Radau IIA of order 5 (external package).
        Radau5 = "radau5",
        /// `TSMPRK`: multirate partitioned Runge-Kutta.
        Mprk = "mprk",
        /// `TSDISCGRAD`: discrete gradients.
        Discgrad = "discgrad",
        /// `TSIRK`: fully implicit Runge-Kutta (Gauss).
        Irk = "irk",
        /// `TSSUNDIALS`: SUNDIALS' CVODE (external package).
        Sundials = "sundials",
});

/// Whether the problem is linear in `u` (`TSProblemType`): a linear problem lets
/// implicit methods solve one linear system per stage (`SNESKSPONLY`).
///
/// ```
/// assert_ne!(petsc::TsProblemType::Linear, petsc::TsProblemType::Nonlinear);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TsProblemType {
    /// `TS_LINEAR`.
    Linear,
    /// `TS_NONLINEAR` (PETSc's default).
    Nonlinear,
}

impl TsProblemType {
    fn raw(self) -> sys::TSProblemType {
        match self {
            TsProblemType::Linear => sys::TSProblemType::TS_LINEAR,
            TsProblemType::Nonlinear => sys::TSProblemType::TS_NONLINEAR,
        }
    }
}

/// The form of the equations (`TSEquationType`), which some methods use to pick how
/// they treat `u'` (PETSc's names without the `TS_EQ_` prefix).
///
/// ```
/// use petsc::TsEquationType;
/// assert_eq!(TsEquationType::OdeExplicit.code(), 1);
/// assert_eq!(TsEquationType::DaeImplicitIndex1.code(), 1100);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TsEquationType {
    /// `TS_EQ_UNSPECIFIED` (-1).
    Unspecified,
    /// `TS_EQ_EXPLICIT` (0): `M u' = G(t, u)`.
    Explicit,
    /// `TS_EQ_ODE_EXPLICIT` (1): `u' = G(t, u)`.
    OdeExplicit,
    /// `TS_EQ_DAE_SEMI_EXPLICIT_INDEX1` (100).
    DaeSemiExplicitIndex1,
    /// `TS_EQ_DAE_SEMI_EXPLICIT_INDEX2` (200).
    DaeSemiExplicitIndex2,
    /// `TS_EQ_DAE_SEMI_EXPLICIT_INDEX3` (300).
    DaeSemiExplicitIndex3,
    /// `TS_EQ_DAE_SEMI_EXPLICIT_INDEXHI` (500).
    DaeSemiExplicitIndexHi,
    /// `TS_EQ_IMPLICIT` (1000): `F(t, u, u') = 0`.
    Implicit,
    /// `TS_EQ_ODE_IMPLICIT` (1001): `F(t, u, u') = 0` with `dF/du'` nonsingular.
    OdeImplicit,
    /// `TS_EQ_DAE_IMPLICIT_INDEX1` (1100).
    DaeImplicitIndex1,
    /// `TS_EQ_DAE_IMPLICIT_INDEX2` (1200).
    DaeImplicitIndex2,
    /// `TS_EQ_DAE_IMPLICIT_INDEX3` (1300).
    DaeImplicitIndex3,
    /// `TS_EQ_DAE_IMPLICIT_INDEXHI` (1500).
    DaeImplicitIndexHi,
}

impl TsEquationType {
    /// PETSc's code (`TS_EQ_ODE_EXPLICIT` is 1).
    pub fn code(self) -> i32 {
        match self {
            TsEquationType::Unspecified => -1,
            TsEquationType::Explicit => 0,
            TsEquationType::OdeExplicit => 1,
            TsEquationType::DaeSemiExplicitIndex1 => 100,
            TsEquationType::DaeSemiExplicitIndex2 => 200,
            TsEquationType::DaeSemiExplicitIndex3 => 300,
            TsEquationType::DaeSemiExplicitIndexHi => 500,
            TsEquationType::Implicit => 1000,
            TsEquationType::OdeImplicit => 1001,
            TsEquationType::DaeImplicitIndex1 => 1100,
            TsEquationType::DaeImplicitIndex2 => 1200,
            TsEquationType::DaeImplicitIndex3 => 1300,
            TsEquationType::DaeImplicitIndexHi => 1500,
        }
    }
}

/// What the integrator does when the last step would pass the maximum time
/// (`TSExactFinalTimeOption`).
///
/// ```
/// let petsc = petsc::Petsc::init()?;
/// let mut ts = petsc::Ts::new(&petsc.self_comm())?;
/// ts.set_exact_final_time(petsc::ExactFinalTime::Interpolate)?;
/// # Ok::<(), petsc::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExactFinalTime {
    /// `TS_EXACTFINALTIME_STEPOVER`: take the full step, ending past the maximum time.
    Stepover,
    /// `TS_EXACTFINALTIME_INTERPOLATE`: step over, then interpolate the solution back
    /// to the maximum time.
    Interpolate,
    /// `TS_EXACTFINALTIME_MATCHSTEP`: shorten the last step to end exactly there.
    Matchstep,
}

impl ExactFinalTime {
    fn raw(self) -> sys::TSExactFinalTimeOption {
        match self {
            ExactFinalTime::Stepover => sys::TSExactFinalTimeOption::TS_EXACTFINALTIME_STEPOVER,
            ExactFinalTime::Interpolate => {
                sys::TSExactFinalTimeOption::TS_EXACTFINALTIME_INTERPOLATE
            }
            ExactFinalTime::Matchstep => sys::TSExactFinalTimeOption::TS_EXACTFINALTIME_MATCHSTEP,
        }
    }
}

/// Why an integration stopped (`TSConvergedReason`): positive codes reached their end,
/// negative ones failed, zero is still stepping. Codes this enum does not name are kept
/// as [`TsConvergedReason::Unknown`].
///
/// `Display` prints PETSc's name (`CONVERGED_TIME`, `DIVERGED_NONLINEAR_SOLVE`), as
/// `-ts_converged_reason` does.
///
/// ```
/// use petsc::TsConvergedReason;
/// let r = TsConvergedReason::from_raw(2);
/// assert_eq!(r, TsConvergedReason::ConvergedIts);
/// assert!(r.is_converged());
/// assert_eq!(r.to_string(), "CONVERGED_ITS");
/// let d = TsConvergedReason::DivergedNonlinearSolve;
/// assert!(d.is_diverged() && !d.is_converged());
/// assert_eq!(d.code(), -1);
/// assert_eq!(TsConvergedReason::from_raw(-77), TsConvergedReason::Unknown(-77));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TsConvergedReason {
    /// `TS_CONVERGED_ITERATING` (0): not finished (or not started).
    Iterating,
    /// `TS_CONVERGED_TIME` (1): reached the maximum time.
    ConvergedTime,
    /// `TS_CONVERGED_ITS` (2): took the maximum number of steps.
    ConvergedIts,
    /// `TS_CONVERGED_USER` (3): stopped by the user.
    ConvergedUser,
    /// `TS_CONVERGED_EVENT` (4): stopped by an event.
    ConvergedEvent,
    /// `TS_CONVERGED_PSEUDO_FATOL` (5): pseudo-transient reached `||F|| < atol`.
    ConvergedPseudoFatol,
    /// `TS_CONVERGED_PSEUDO_FRTOL` (6): pseudo-transient reached `||F|| < rtol ||F0||`.
    ConvergedPseudoFrtol,
    /// `TS_DIVERGED_NONLINEAR_SOLVE` (-1): too many nonlinear solve failures.
    DivergedNonlinearSolve,
    /// `TS_DIVERGED_STEP_REJECTED` (-2): too many rejected steps.
    DivergedStepRejected,
    /// `TSFORWARD_DIVERGED_LINEAR_SOLVE` (-3): a forward-sensitivity linear solve failed.
    ForwardDivergedLinearSolve,
    /// `TSADJOINT_DIVERGED_LINEAR_SOLVE` (-4): an adjoint linear solve failed.
    AdjointDivergedLinearSolve,
    /// A code this version of petsc-rs does not name, kept as PETSc's number.
    Unknown(i32),
}

/// `(variant, code, PETSc name)` for every named reason.
const REASONS: &[(TsConvergedReason, i32, &str)] = &[
    (TsConvergedReason::Iterating, 0, "CONVERGED_ITERATING"),
    (TsConvergedReason::ConvergedTime, 1, "CONVERGED_TIME"),
    (TsConvergedReason::ConvergedIts, 2, "CONVERGED_ITS"),
    (TsConvergedReason::ConvergedUser, 3, "CONVERGED_USER"),
    (TsConvergedReason::ConvergedEvent, 4, "CONVERGED_EVENT"),
    (
        TsConvergedReason::ConvergedPseudoFatol,
        5,
        "CONVERGED_PSEUDO_FATOL",
    ),
    (
        TsConvergedReason::ConvergedPseudoFrtol,
        6,
        "CONVERGED_PSEUDO_FRTOL",
    ),
    (
        TsConvergedReason::DivergedNonlinearSolve,
        -1,
        "DIVERGED_NONLINEAR_SOLVE",
    ),
    (
        TsConvergedReason::DivergedStepRejected,
        -2,
        "DIVERGED_STEP_REJECTED",
    ),
    (
        TsConvergedReason::ForwardDivergedLinearSolve,
        -3,
        "FORWARD_DIVERGED_LINEAR_SOLVE",
    ),
    (
        TsConvergedReason::AdjointDivergedLinearSolve,
        -4,
        "ADJOINT_DIVERGED_LINEAR_SOLVE",
    ),
];

crate::converged_reason_impls!(TsConvergedReason, REASONS, "TSConvergedReason");

type RhsFunctionFn = dyn FnMut(Real, &Vector, &mut Vector) -> Result<()>;
type RhsJacobianFn = dyn FnMut(Real, &Vector, &mut JacobianMats) -> Result<()>;
type IFunctionFn = dyn FnMut(Real, &Vector, &Vector, &mut Vector) -> Result<()>;
type IJacobianFn = dyn FnMut(Real, &Vector, &Vector, Real, &mut JacobianMats) -> Result<()>;
type LocalRhsFunctionFn = dyn FnMut(&DaInfo, Real, &DaView<'_>, &mut DaViewMut<'_>) -> Result<()>;
type LocalRhsJacobianFn = dyn FnMut(&DaInfo, Real, &DaView<'_>, &mut JacobianMats) -> Result<()>;
type LocalIFunctionFn =
    dyn FnMut(&DaInfo, Real, &DaView<'_>, &DaView<'_>, &mut DaViewMut<'_>) -> Result<()>;
type LocalIJacobianFn =
    dyn FnMut(&DaInfo, Real, &DaView<'_>, &DaView<'_>, Real, &mut JacobianMats) -> Result<()>;
type PostStepFn = dyn FnMut(Int, Real, &Vector) -> Result<()>;

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
    Ok(JacobianMats::new(pre, op))
}

/// `DMTSSetRHSFunction` trampoline of [`Ts::set_rhs_function`].
unsafe extern "C" fn rhs_function_trampoline(
    _ts: sys::TS,
    t: Real,
    u: sys::Vec,
    f: sys::Vec,
    ctx: *mut c_void,
) -> sys::PetscErrorCode {
    const KIND: CallbackKind = CallbackKind::TsRhsFunction;
    let code = run_callback(KIND.name(), || {
        // SAFETY: the closure body's unsafe calls are justified where they are made.
        unsafe {
            call::<RhsFunctionFn, _>(ctx, KIND, |petsc, g| {
                // SAFETY: `u` and `f` are live and distinct for the call; each handle
                // takes a reference.
                let (uv, mut fv) = (borrowed_vec(petsc, u)?, borrowed_vec(petsc, f)?);
                g(t, &uv, &mut fv)
            })
        }
    });
    // SAFETY: the vectors are live for the call; TSComputeRHSFunction (or an outer
    // SNESComputeFunction) locked `u` read-only.
    unsafe { unlock_on_error(code, &[u]) }
}

/// `DMTSSetRHSJacobian` trampoline of [`Ts::set_rhs_jacobian`].
unsafe extern "C" fn rhs_jacobian_trampoline(
    _ts: sys::TS,
    t: Real,
    u: sys::Vec,
    a: sys::Mat,
    p: sys::Mat,
    ctx: *mut c_void,
) -> sys::PetscErrorCode {
    const KIND: CallbackKind = CallbackKind::TsRhsJacobian;
    let code = run_callback(KIND.name(), || {
        // SAFETY: the closure body's unsafe calls are justified where they are made.
        unsafe {
            call::<RhsJacobianFn, _>(ctx, KIND, |petsc, g| {
                // SAFETY: `u`, `a` and `p` are live for the call.
                let uv = borrowed_vec(petsc, u)?;
                // SAFETY: as above.
                let mut mats = jacobian_mats(petsc, a, p)?;
                g(t, &uv, &mut mats)
            })
        }?;
        assemble_mffd(a, p)
    });
    // SAFETY: the vectors are live for the call; an outer SNESComputeJacobian locked
    // `u` read-only.
    unsafe { unlock_on_error(code, &[u]) }
}

/// `DMTSSetIFunction` trampoline of [`Ts::set_ifunction`].
unsafe extern "C" fn ifunction_trampoline(
    _ts: sys::TS,
    t: Real,
    u: sys::Vec,
    u_t: sys::Vec,
    f: sys::Vec,
    ctx: *mut c_void,
) -> sys::PetscErrorCode {
    const KIND: CallbackKind = CallbackKind::TsIFunction;
    let code = run_callback(KIND.name(), || {
        // SAFETY: the closure body's unsafe calls are justified where they are made.
        unsafe {
            call::<IFunctionFn, _>(ctx, KIND, |petsc, g| {
                // SAFETY: `u`, `u_t` and `f` are live for the call, `f` distinct from the
                // others.
                let (uv, utv, mut fv) = (
                    borrowed_vec(petsc, u)?,
                    borrowed_vec(petsc, u_t)?,
                    borrowed_vec(petsc, f)?,
                );
                g(t, &uv, &utv, &mut fv)
            })
        }
    });
    // SAFETY: the vectors are live for the call; an outer SNESComputeFunction locked
    // `u` read-only.
    unsafe { unlock_on_error(code, &[u, u_t]) }
}

/// `DMTSSetIJacobian` trampoline of [`Ts::set_ijacobian`].
#[allow(clippy::too_many_arguments)]
unsafe extern "C" fn ijacobian_trampoline(
    _ts: sys::TS,
    t: Real,
    u: sys::Vec,
    u_t: sys::Vec,
    shift: Real,
    a: sys::Mat,
    p: sys::Mat,
    ctx: *mut c_void,
) -> sys::PetscErrorCode {
    const KIND: CallbackKind = CallbackKind::TsIJacobian;
    let code = run_callback(KIND.name(), || {
        // SAFETY: the closure body's unsafe calls are justified where they are made.
        unsafe {
            call::<IJacobianFn, _>(ctx, KIND, |petsc, g| {
                // SAFETY: `u` and `u_t` are live for the call.
                let (uv, utv) = (borrowed_vec(petsc, u)?, borrowed_vec(petsc, u_t)?);
                // SAFETY: `a` and `p` are live for the call.
                let mut mats = jacobian_mats(petsc, a, p)?;
                g(t, &uv, &utv, shift, &mut mats)
            })
        }?;
        assemble_mffd(a, p)
    });
    // SAFETY: the vectors are live for the call; an outer SNESComputeJacobian locked
    // `u` read-only.
    unsafe { unlock_on_error(code, &[u, u_t]) }
}

/// A local (ghosted) work vector of a DM, filled from a global vector and restored on
/// drop.
struct LocalVec {
    dm: sys::DM,
    v: sys::Vec,
}

impl LocalVec {
    /// # Safety
    /// `dm` must be a live DM and `global` a live global vector of it.
    unsafe fn filled(dm: sys::DM, global: sys::Vec) -> Result<LocalVec> {
        let mut v: sys::Vec = std::ptr::null_mut();
        // SAFETY: live DM; PETSc lends a local work vector until DMRestoreLocalVector.
        check(unsafe { sys::DMGetLocalVector(dm, &mut v) })?;
        let lv = LocalVec { dm, v };
        let ins = sys::InsertMode::INSERT_VALUES;
        // SAFETY: live DM and vectors of it.
        check(unsafe { sys::DMGlobalToLocalBegin(dm, global, ins, lv.v) })?;
        // SAFETY: as above, after Begin.
        check(unsafe { sys::DMGlobalToLocalEnd(dm, global, ins, lv.v) })?;
        Ok(lv)
    }
}

impl Drop for LocalVec {
    fn drop(&mut self) {
        // SAFETY: `v` came from DMGetLocalVector on this DM, and the views of it (which
        // borrow it inside the callback) are gone.
        record_destroy(unsafe { sys::DMRestoreLocalVector(self.dm, &mut self.v) });
    }
}

/// The DM of an integrator (borrowed; PETSc makes a `DMShell` if it has none).
///
/// # Safety
/// `ts` must be a live integrator.
unsafe fn ts_dm(ts: sys::TS) -> Result<sys::DM> {
    let mut dm: sys::DM = std::ptr::null_mut();
    // SAFETY: live integrator; PETSc returns its DM (borrowed).
    check(unsafe { sys::TSGetDM(ts, &mut dm) })?;
    Ok(dm)
}

/// The integrator's DMDA as a temporary handle and its local info.
///
/// # Safety
/// `ts` must be a live integrator whose DM is a DMDA.
unsafe fn local_da(petsc: &Petsc, ts: sys::TS) -> Result<(Da, DaInfo)> {
    let mut dm: sys::DM = std::ptr::null_mut();
    // SAFETY: live integrator; PETSc returns its DM (borrowed).
    check(unsafe { sys::TSGetDM(ts, &mut dm) })?;
    // SAFETY: `dm` is live; the handle below owns this extra reference.
    check(unsafe { sys::PetscObjectReference(dm as sys::PetscObject) })?;
    let da = Da::from_raw(petsc, dm);
    let mut li = sys::DMDALocalInfo::default();
    // SAFETY: live DMDA; PETSc fills the struct.
    check(unsafe { sys::DMDAGetLocalInfo(dm, &mut li) })?;
    let info = DaInfo::from_local_info(&li)?;
    Ok((da, info))
}

/// `DMTSSetRHSFunction` trampoline of [`Ts::set_rhs_function_local`] (PETSc's
/// `TSComputeRHSFunction_DMDA`): the grid is the integrator's current DM.
unsafe extern "C" fn local_rhs_function_trampoline(
    ts: sys::TS,
    t: Real,
    u: sys::Vec,
    f: sys::Vec,
    ctx: *mut c_void,
) -> sys::PetscErrorCode {
    const KIND: CallbackKind = CallbackKind::TsLocalRhsFunction;
    let code = run_callback(KIND.name(), || {
        // SAFETY: the closure body's unsafe calls are justified where they are made.
        unsafe {
            call::<LocalRhsFunctionFn, _>(ctx, KIND, |petsc, g| {
                // SAFETY: live integrator whose DM is the DMDA the closure was stored in
                // (or one PETSc derived from it).
                let (da, info) = local_da(petsc, ts)?;
                // SAFETY: live DM; `u` is a live global vector of it.
                let ul = LocalVec::filled(da.ptr, u)?;
                // SAFETY: `ul.v` and `f` are live and distinct; only these views touch
                // them until the closure returns.
                let uv = da.view_raw(ul.v)?;
                // SAFETY: as above.
                let mut fv = da.view_mut_raw(f)?;
                g(&info, t, &uv, &mut fv)
            })
        }
    });
    // SAFETY: the vectors are live for the call; TSComputeRHSFunction (or an outer
    // SNESComputeFunction) locked `u` read-only.
    unsafe { unlock_on_error(code, &[u]) }
}

/// `DMTSSetRHSJacobian` trampoline of [`Ts::set_rhs_jacobian_local`].
unsafe extern "C" fn local_rhs_jacobian_trampoline(
    ts: sys::TS,
    t: Real,
    u: sys::Vec,
    a: sys::Mat,
    p: sys::Mat,
    ctx: *mut c_void,
) -> sys::PetscErrorCode {
    const KIND: CallbackKind = CallbackKind::TsLocalRhsJacobian;
    let code = run_callback(KIND.name(), || {
        // SAFETY: the closure body's unsafe calls are justified where they are made.
        unsafe {
            call::<LocalRhsJacobianFn, _>(ctx, KIND, |petsc, g| {
                // SAFETY: live integrator whose DM is a DMDA (see above).
                let (da, info) = local_da(petsc, ts)?;
                // SAFETY: `a` and `p` are live for the call.
                let mut mats = jacobian_mats(petsc, a, p)?;
                // SAFETY: live DM; `u` is a live global vector of it.
                let ul = LocalVec::filled(da.ptr, u)?;
                // SAFETY: `ul.v` is live and only read while the view exists.
                let uv = da.view_raw(ul.v)?;
                g(&info, t, &uv, &mut mats)
            })
        }?;
        assemble_mffd(a, p)
    });
    // SAFETY: the vectors are live for the call; an outer SNESComputeJacobian locked
    // `u` read-only.
    unsafe { unlock_on_error(code, &[u]) }
}

/// `DMTSSetIFunction` trampoline of [`Ts::set_ifunction_local`].
unsafe extern "C" fn local_ifunction_trampoline(
    ts: sys::TS,
    t: Real,
    u: sys::Vec,
    u_t: sys::Vec,
    f: sys::Vec,
    ctx: *mut c_void,
) -> sys::PetscErrorCode {
    const KIND: CallbackKind = CallbackKind::TsLocalIFunction;
    let code = run_callback(KIND.name(), || {
        // SAFETY: the closure body's unsafe calls are justified where they are made.
        unsafe {
            call::<LocalIFunctionFn, _>(ctx, KIND, |petsc, g| {
                // SAFETY: live integrator whose DM is a DMDA (see above).
                let (da, info) = local_da(petsc, ts)?;
                // SAFETY: live DM; `u` and `u_t` are live global vectors of it.
                let ul = LocalVec::filled(da.ptr, u)?;
                // SAFETY: as above.
                let utl = LocalVec::filled(da.ptr, u_t)?;
                // SAFETY: the local vectors and `f` are live and distinct; only these
                // views touch them until the closure returns.
                let uv = da.view_raw(ul.v)?;
                // SAFETY: as above.
                let utv = da.view_raw(utl.v)?;
                // SAFETY: as above.
                let mut fv = da.view_mut_raw(f)?;
                g(&info, t, &uv, &utv, &mut fv)
            })
        }
    });
    // SAFETY: the vectors are live for the call; an outer SNESComputeFunction locked
    // `u` read-only.
    unsafe { unlock_on_error(code, &[u, u_t]) }
}

/// `DMTSSetIJacobian` trampoline of [`Ts::set_ijacobian_local`].
#[allow(clippy::too_many_arguments)]
unsafe extern "C" fn local_ijacobian_trampoline(
    ts: sys::TS,
    t: Real,
    u: sys::Vec,
    u_t: sys::Vec,
    shift: Real,
    a: sys::Mat,
    p: sys::Mat,
    ctx: *mut c_void,
) -> sys::PetscErrorCode {
    const KIND: CallbackKind = CallbackKind::TsLocalIJacobian;
    let code = run_callback(KIND.name(), || {
        // SAFETY: the closure body's unsafe calls are justified where they are made.
        unsafe {
            call::<LocalIJacobianFn, _>(ctx, KIND, |petsc, g| {
                // SAFETY: live integrator whose DM is a DMDA (see above).
                let (da, info) = local_da(petsc, ts)?;
                // SAFETY: `a` and `p` are live for the call.
                let mut mats = jacobian_mats(petsc, a, p)?;
                // SAFETY: live DM; `u` and `u_t` are live global vectors of it.
                let ul = LocalVec::filled(da.ptr, u)?;
                // SAFETY: as above.
                let utl = LocalVec::filled(da.ptr, u_t)?;
                // SAFETY: the local vectors are live and only read while the views exist.
                let uv = da.view_raw(ul.v)?;
                // SAFETY: as above.
                let utv = da.view_raw(utl.v)?;
                g(&info, t, &uv, &utv, shift, &mut mats)
            })
        }?;
        assemble_mffd(a, p)
    });
    // SAFETY: the vectors are live for the call; an outer SNESComputeJacobian locked
    // `u` read-only.
    unsafe { unlock_on_error(code, &[u, u_t]) }
}

/// `TSSetPostStep` trampoline: PETSc passes only the integrator, so the closure is
/// found through it.
unsafe extern "C" fn post_step_trampoline(ts: sys::TS) -> sys::PetscErrorCode {
    const KIND: CallbackKind = CallbackKind::TsPostStep;
    run_callback(KIND.name(), || {
        // SAFETY: live integrator.
        let ctx = unsafe { attached(ts as sys::PetscObject, KIND) }?;
        call::<PostStepFn, _>(ctx, KIND, |petsc, g| {
            let (mut step, mut t): (Int, Real) = (0, 0.0);
            let mut u: sys::Vec = std::ptr::null_mut();
            // SAFETY: live integrator; PETSc writes the values.
            check(unsafe { sys::TSGetStepNumber(ts, &mut step) })?;
            // SAFETY: as above.
            check(unsafe { sys::TSGetTime(ts, &mut t) })?;
            // SAFETY: as above; the solution is borrowed from the integrator.
            check(unsafe { sys::TSGetSolution(ts, &mut u) })?;
            // SAFETY: `u` is the integrator's live solution; the handle takes a reference.
            let uv = unsafe { borrowed_vec(petsc, u) }?;
            g(step, t, &uv)
        })
    })
}

/// A monitor closure.
type MonitorFn = dyn FnMut(Int, Real, &Vector) -> Result<()>;

/// `TSMonitorSet` trampoline.
unsafe extern "C" fn monitor_trampoline(
    _ts: sys::TS,
    step: Int,
    t: Real,
    u: sys::Vec,
    ctx: *mut c_void,
) -> sys::PetscErrorCode {
    let code = run::<MonitorFn>(ctx, CallbackKind::TsMonitor, |petsc, f| {
        // SAFETY: `u` is live for the call; the handle takes a reference.
        let uv = unsafe { borrowed_vec(petsc, u) }?;
        f(step, t, &uv)
    });
    // SAFETY: the vectors are live for the call; TSMonitor locked `u` read-only.
    unsafe { unlock_on_error(code, &[u]) }
}

/// Refuses a step that is not a positive finite number.
fn check_step(context: &str, dt: Real) -> Result<()> {
    if dt.is_finite() && dt > 0.0 {
        Ok(())
    } else {
        Err(Error::invalid(
            context,
            format!("the time step must be positive and finite, got {dt}"),
        ))
    }
}

crate::class_methods! {
    Ts: TsType, "TS", sys::TSList,
    example = "let mut obj = petsc::Ts::new(&petsc.self_comm())?;", a_type = "bdf",
    inner = " and its inner solvers (SNES, KSP, PC)",
    set_type = sys::TSSetType as "TSSetType",
    set_options_prefix = sys::TSSetOptionsPrefix as "TSSetOptionsPrefix",
    append_options_prefix = sys::TSAppendOptionsPrefix as "TSAppendOptionsPrefix",
    options_prefix = sys::TSGetOptionsPrefix as "TSGetOptionsPrefix",
    set_from_options = sys::TSSetFromOptions as "TSSetFromOptions",
}

impl Ts {
    /// A new integrator on `comm` (`TSCreate`). Without [`set_type`](Self::set_type) or
    /// `-ts_type`, [`set_from_options`](Self::set_from_options) picks `euler`, or
    /// `beuler` when an I-function is set.
    pub fn new(comm: &Comm) -> Result<Ts> {
        let mut ts: sys::TS = std::ptr::null_mut();
        // SAFETY: live communicator; PETSc writes the new object.
        check(unsafe { sys::TSCreate(comm.as_raw(), &mut ts) })?;
        Ok(Ts::from_raw(comm.petsc(), ts))
    }

    /// Sets θ of the theta method (`TSThetaSetTheta`): 1 is backward Euler, 1/2 the
    /// implicit midpoint rule (second order). Call it after setting the type `theta`
    /// (or `cn`, whose θ is 1/2); other types ignore it.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut ts = petsc::Ts::new(&petsc.self_comm())?;
    /// ts.set_type(petsc::TsType::Theta)?;
    /// ts.set_theta(0.5)?;
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn set_theta(&mut self, theta: Real) -> Result<()> {
        if !(theta > 0.0 && theta <= 1.0) {
            return Err(Error::invalid(
                "Ts::set_theta",
                format!("theta is {theta}; it must be in (0, 1]"),
            ));
        }
        // SAFETY: live integrator; PETSc ignores the call for other types.
        check(unsafe { sys::TSThetaSetTheta(self.ptr, theta) })
    }

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
    pub fn set_rk_type(&mut self, scheme: &str) -> Result<()> {
        let n = crate::error::c_string("Ts::set_rk_type", scheme)?;
        // SAFETY: live integrator; PETSc copies the name and refuses unknown schemes.
        check(unsafe { sys::TSRKSetType(self.ptr, n.as_ptr()) })
    }

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
    pub fn set_adapt_type(&mut self, name: &str) -> Result<()> {
        let n = crate::error::c_string("Ts::set_adapt_type", name)?;
        let mut adapt: sys::TSAdapt = std::ptr::null_mut();
        // SAFETY: live integrator; PETSc returns its controller (borrowed).
        check(unsafe { sys::TSGetAdapt(self.ptr, &mut adapt) })?;
        // SAFETY: live controller; PETSc copies the name and refuses unknown types.
        check(unsafe { sys::TSAdaptSetType(adapt, n.as_ptr()) })
    }

    /// Declares the problem linear or nonlinear in `u` (`TSSetProblemType`).
    pub fn set_problem_type(&mut self, ty: TsProblemType) -> Result<()> {
        // SAFETY: live integrator.
        check(unsafe { sys::TSSetProblemType(self.ptr, ty.raw()) })
    }

    /// Declares the form of the equations (`TSSetEquationType`).
    pub fn set_equation_type(&mut self, ty: TsEquationType) -> Result<()> {
        // SAFETY: live integrator; the code is one of PETSc's.
        check(unsafe { sys::TSSetEquationType(self.ptr, sys::TSEquationType(ty.code())) })
    }

    /// Gives the integrator a DMDA (`TSSetDM`): work vectors and Jacobian matrices are
    /// made from it, and implicit methods without a Jacobian closure use finite
    /// differences colored with its stencil. The local forms call it.
    pub fn set_dm(&mut self, da: &Da) -> Result<()> {
        // SAFETY: live integrator.
        let mut old = unsafe { ts_dm(self.ptr) }?;
        if old == da.ptr {
            return Ok(());
        }
        // SAFETY: live DM; held until the end of this function.
        check(unsafe { sys::PetscObjectReference(old as sys::PetscObject) })?;
        // SAFETY: live integrator and DM; PETSc takes a reference to the DM and copies
        // the old DM's TS context to it if it has none. The new DM then also keeps the
        // closures that context refers to.
        let r = check(unsafe { sys::TSSetDM(self.ptr, da.ptr) })
            // SAFETY: both DMs are live (`old` through the reference taken above).
            .and_then(|()| unsafe { share_closures(old, da.ptr) });
        // SAFETY: the reference taken above.
        record_destroy(unsafe { sys::DMDestroy(&mut old) });
        r
    }

    /// Sets the right-hand side `G` of `u' = G(t, u)` as a closure `f(t, u, G)` that
    /// writes `G(t, u)` into its last argument (`TSSetRHSFunction`). `r` is the vector
    /// PETSc stores `G` in (`None`: PETSc makes one). The closure is owned by the
    /// integrator, replaces any earlier one, and is collective: every process is called
    /// at once with its part of `u`. An `Err` or a panic ends the solve with
    /// [`Error::Callback`] or [`Error::CallbackPanic`] naming `"TS RHS function"`.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut ts = petsc::Ts::new(&c)?;
    /// ts.set_rhs_function(None, |t, u, f| {
    ///     let (u, mut f) = (u.view()?, f.view_mut()?);
    ///     f[0] = t * u[0]; // u' = t u
    ///     Ok(())
    /// })?;
    /// let u = petsc::Vector::from_slice(&c, &[2.0])?;
    /// let mut g = u.duplicate()?;
    /// ts.compute_rhs_function(3.0, &u, &mut g)?;
    /// assert_eq!(g.view()?[0], 6.0);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn set_rhs_function<F>(&mut self, r: Option<Vector>, f: F) -> Result<()>
    where
        F: FnMut(Real, &Vector, &mut Vector) -> Result<()> + 'static,
    {
        let f: Box<RhsFunctionFn> = Box::new(f);
        // SAFETY: live integrator, hence a live DM; the closure is kept with it.
        let ctx = unsafe {
            attach_to_dm(
                &self.petsc,
                ts_dm(self.ptr)?,
                CallbackKind::TsRhsFunction,
                f,
            )
        }?;
        let rp = r.as_ref().map_or(std::ptr::null_mut(), |r| r.ptr);
        // SAFETY: live integrator and vector (PETSc references it); `ctx` is the number of
        // a closure of the trampoline's type.
        check(unsafe { sys::TSSetRHSFunction(self.ptr, rp, Some(rhs_function_trampoline), ctx) })
    }

    /// Sets the Jacobian `dG/du` of the right-hand side: the matrix `a` (the operator),
    /// `p` (the matrix the preconditioner is built from; `None` means `a`), and the
    /// closure `f(t, u, mats)` that fills them (`TSSetRHSJacobian`). Implicit methods
    /// need it (or `-snes_mf`, `-snes_fd`, or a DM for colored finite differences);
    /// explicit ones never call it. See [`JacobianMats`]; assemble `pre()`.
    ///
    /// ```
    /// use petsc::{ExactFinalTime, InsertMode, Mat, Ts, TsType, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// // u' = -2 u with backward Euler: u_n = u_0 / (1 + 2 dt)^n.
    /// let mut ts = Ts::new(&c)?;
    /// ts.set_type(TsType::Beuler)?;
    /// ts.set_rhs_function(None, |_t, u, f| {
    ///     f.copy_from(u)?;
    ///     f.scale(-2.0)
    /// })?;
    /// let a = Mat::new_aij(&c, None, None, Some(1), Some(1), 1, 0)?;
    /// ts.set_rhs_jacobian(a, None, |_t, _u, mats| {
    ///     mats.pre().set_value(0, 0, -2.0, InsertMode::Insert)?;
    ///     mats.pre().assemble()
    /// })?;
    /// ts.set_time_step(0.1)?;
    /// ts.set_max_steps(5)?;
    /// let mut u = Vector::from_slice(&c, &[1.0])?;
    /// ts.solve(&mut u)?;
    /// assert!((u.view()?[0] - 1.2f64.powi(-5)).abs() < 1e-10);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn set_rhs_jacobian<F>(&mut self, a: Mat, p: Option<Mat>, f: F) -> Result<()>
    where
        F: FnMut(Real, &Vector, &mut JacobianMats) -> Result<()> + 'static,
    {
        let f: Box<RhsJacobianFn> = Box::new(f);
        // SAFETY: live integrator, hence a live DM; the closure is kept with it.
        let ctx = unsafe {
            attach_to_dm(
                &self.petsc,
                ts_dm(self.ptr)?,
                CallbackKind::TsRhsJacobian,
                f,
            )
        }?;
        let pp = p.as_ref().map_or(a.ptr, |p| p.ptr);
        // SAFETY: live integrator and matrices; PETSc takes references to both.
        check(unsafe {
            sys::TSSetRHSJacobian(self.ptr, a.ptr, pp, Some(rhs_jacobian_trampoline), ctx)
        })
    }

    /// Sets the implicit form `F(t, u, u') = 0` as a closure `f(t, u, u_t, F)`
    /// (`TSSetIFunction`); with a right-hand side as well, the equation is
    /// `F(t, u, u') = G(t, u)` (IMEX methods treat `F` implicitly). `r` stores `F`
    /// (`None`: PETSc makes one). An `Err` or a panic ends the solve, naming
    /// `"TS IFunction"`.
    ///
    /// ```
    /// use petsc::{InsertMode, Mat, Ts, TsType, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// // u' + u = 0 in implicit form, by Crank-Nicolson: u_n = ((1 - dt/2)/(1 + dt/2))^n.
    /// let mut ts = Ts::new(&c)?;
    /// ts.set_type(TsType::Cn)?;
    /// ts.set_ifunction(None, |_t, u, u_t, f| {
    ///     let (u, u_t, mut f) = (u.view()?, u_t.view()?, f.view_mut()?);
    ///     f[0] = u_t[0] + u[0];
    ///     Ok(())
    /// })?;
    /// let a = Mat::new_aij(&c, None, None, Some(1), Some(1), 1, 0)?;
    /// // dF/du + shift dF/du_t
    /// ts.set_ijacobian(a, None, |_t, _u, _u_t, shift, mats| {
    ///     mats.pre().set_value(0, 0, 1.0 + shift, InsertMode::Insert)?;
    ///     mats.pre().assemble()
    /// })?;
    /// ts.set_time_step(0.1)?;
    /// ts.set_max_steps(10)?;
    /// let mut u = Vector::from_slice(&c, &[1.0])?;
    /// ts.solve(&mut u)?;
    /// assert!((u.view()?[0] - (0.95f64 / 1.05).powi(10)).abs() < 1e-10);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn set_ifunction<F>(&mut self, r: Option<Vector>, f: F) -> Result<()>
    where
        F: FnMut(Real, &Vector, &Vector, &mut Vector) -> Result<()> + 'static,
    {
        let f: Box<IFunctionFn> = Box::new(f);
        // SAFETY: live integrator, hence a live DM; the closure is kept with it.
        let ctx =
            unsafe { attach_to_dm(&self.petsc, ts_dm(self.ptr)?, CallbackKind::TsIFunction, f) }?;
        let rp = r.as_ref().map_or(std::ptr::null_mut(), |r| r.ptr);
        // SAFETY: live integrator and vector (PETSc references it).
        check(unsafe { sys::TSSetIFunction(self.ptr, rp, Some(ifunction_trampoline), ctx) })
    }

    /// Sets the Jacobian of the implicit form, `dF/du + shift dF/du'`, as a closure
    /// `f(t, u, u_t, shift, mats)` filling the matrices `a` and `p` (`None`: `a`)
    /// (`TSSetIJacobian`). `shift` comes from the method and step (`1/dt` for backward
    /// Euler). See [`set_ifunction`](Self::set_ifunction) for an example.
    pub fn set_ijacobian<F>(&mut self, a: Mat, p: Option<Mat>, f: F) -> Result<()>
    where
        F: FnMut(Real, &Vector, &Vector, Real, &mut JacobianMats) -> Result<()> + 'static,
    {
        let f: Box<IJacobianFn> = Box::new(f);
        // SAFETY: live integrator, hence a live DM; the closure is kept with it.
        let ctx =
            unsafe { attach_to_dm(&self.petsc, ts_dm(self.ptr)?, CallbackKind::TsIJacobian, f) }?;
        let pp = p.as_ref().map_or(a.ptr, |p| p.ptr);
        // SAFETY: live integrator and matrices; PETSc takes references to both.
        check(unsafe { sys::TSSetIJacobian(self.ptr, a.ptr, pp, Some(ijacobian_trampoline), ctx) })
    }

    /// Sets the right-hand side on a DMDA in local form, like
    /// `DMDATSSetRHSFunctionLocal`: the closure gets the grid information, the time, a
    /// read view of `u` *with ghost points* (filled from the neighbours before the call)
    /// and a write view of `G` on the owned points, both indexed by global grid
    /// coordinates. Also sets `da` as the integrator's DM.
    ///
    /// ```
    /// use petsc::{Da, ExactFinalTime, Ts, TsType};
    /// let petsc = petsc::Petsc::init()?;
    /// // u_t = u_xx on [0, 1], u = 0 at both ends, u(0) = sin(pi x): the discrete
    /// // sine mode decays as exp(-lambda t), lambda = 4 sin^2(pi h / 2) / h^2.
    /// let n = 21;
    /// let h = 1.0 / (n - 1) as f64;
    /// let da = Da::builder(&petsc.world(), 1).sizes(n, 1, 1).build()?;
    /// let mut ts = Ts::new(&petsc.world())?;
    /// ts.set_rhs_function_local(&da, move |info, _t, u, f| {
    ///     for i in info.xs..info.xs + info.xm {
    ///         f[i] = if i == 0 || i == info.mx - 1 {
    ///             0.0
    ///         } else {
    ///             (u[i - 1] - 2.0 * u[i] + u[i + 1]) / (h * h)
    ///         };
    ///     }
    ///     Ok(())
    /// })?;
    /// ts.set_type(TsType::Rk)?;
    /// ts.set_rk_type("4")?;
    /// ts.set_adapt_type("none")?;
    /// ts.set_time_step(1e-4)?;
    /// ts.set_max_time(0.05)?;
    /// ts.set_exact_final_time(ExactFinalTime::Matchstep)?;
    /// let mut u = da.create_global_vector()?;
    /// let info = da.info()?;
    /// {
    ///     let mut v = da.view_mut(&mut u)?;
    ///     for i in info.xs..info.xs + info.xm {
    ///         v[i] = (std::f64::consts::PI * i as f64 * h).sin();
    ///     }
    /// }
    /// ts.solve(&mut u)?;
    /// let lambda = 4.0 * (std::f64::consts::PI * h / 2.0).sin().powi(2) / (h * h);
    /// let decay = (-lambda * ts.time()?).exp();
    /// let v = da.view(&u)?;
    /// for i in info.xs..info.xs + info.xm {
    ///     let exact = decay * (std::f64::consts::PI * i as f64 * h).sin();
    ///     assert!((v[i] - exact).abs() < 1e-8);
    /// }
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn set_rhs_function_local<F>(&mut self, da: &Da, f: F) -> Result<()>
    where
        F: FnMut(&DaInfo, Real, &DaView<'_>, &mut DaViewMut<'_>) -> Result<()> + 'static,
    {
        self.set_dm(da)?;
        let f: Box<LocalRhsFunctionFn> = Box::new(f);
        // SAFETY: live integrator, hence a live DM; the closure is kept with it.
        let ctx = unsafe {
            attach_to_dm(
                &self.petsc,
                ts_dm(self.ptr)?,
                CallbackKind::TsLocalRhsFunction,
                f,
            )
        }?;
        // SAFETY: live integrator with a DM (the vector for G comes from it).
        check(unsafe {
            sys::TSSetRHSFunction(
                self.ptr,
                std::ptr::null_mut(),
                Some(local_rhs_function_trampoline),
                ctx,
            )
        })
    }

    /// Sets the right-hand side's Jacobian on a DMDA in local form, like
    /// `DMDATSSetRHSJacobianLocal`: the closure gets the grid information, the time, a
    /// read view of `u` with ghost points, and the matrices to fill (made by the DMDA,
    /// so [`Mat::set_values_stencil`](crate::Mat::set_values_stencil) addresses them by
    /// grid point). Also sets `da` as the integrator's DM. Assemble `pre()`.
    ///
    /// ```
    /// use petsc::{Da, InsertMode, Stencil, Ts, TsType};
    /// let petsc = petsc::Petsc::init()?;
    /// // u' = -u at every point of a 2D grid, backward Euler: u_n = (1 + dt)^-n.
    /// let da = Da::builder(&petsc.world(), 2).sizes(4, 3, 1).build()?;
    /// let mut ts = Ts::new(&petsc.world())?;
    /// ts.set_type(TsType::Beuler)?;
    /// ts.set_rhs_function_local(&da, |info, _t, u, f| {
    ///     for p in info.corners().iter() {
    ///         f[p] = -u[p];
    ///     }
    ///     Ok(())
    /// })?;
    /// ts.set_rhs_jacobian_local(&da, |info, _t, _u, mats| {
    ///     for p in info.corners().iter() {
    ///         let s = Stencil::new(p[0], p[1], 0, 0);
    ///         mats.pre().set_values_stencil(&[s], &[s], &[-1.0], InsertMode::Insert)?;
    ///     }
    ///     mats.pre().assemble()
    /// })?;
    /// ts.set_time_step(0.5)?;
    /// ts.set_max_steps(2)?;
    /// let mut u = da.create_global_vector()?;
    /// u.set(1.0)?;
    /// ts.solve(&mut u)?;
    /// u.shift(-1.0 / 2.25)?;
    /// assert!(u.norm(petsc::NormType::Infinity)? < 1e-10);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn set_rhs_jacobian_local<F>(&mut self, da: &Da, f: F) -> Result<()>
    where
        F: FnMut(&DaInfo, Real, &DaView<'_>, &mut JacobianMats) -> Result<()> + 'static,
    {
        self.set_dm(da)?;
        let f: Box<LocalRhsJacobianFn> = Box::new(f);
        // SAFETY: live integrator, hence a live DM; the closure is kept with it.
        let ctx = unsafe {
            attach_to_dm(
                &self.petsc,
                ts_dm(self.ptr)?,
                CallbackKind::TsLocalRhsJacobian,
                f,
            )
        }?;
        // SAFETY: live integrator with a DM; the matrices are made from it at set-up.
        check(unsafe {
            sys::TSSetRHSJacobian(
                self.ptr,
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                Some(local_rhs_jacobian_trampoline),
                ctx,
            )
        })
    }

    /// Sets the implicit form on a DMDA in local form, like `DMDATSSetIFunctionLocal`:
    /// the closure gets the grid information, the time, read views of `u` and `u'` with
    /// ghost points, and a write view of `F` on the owned points. Also sets `da` as the
    /// integrator's DM. Without [`set_ijacobian_local`](Self::set_ijacobian_local) the
    /// Jacobian is computed by finite differences colored with the DMDA's stencil.
    ///
    /// ```
    /// use petsc::{Da, Ts, TsType};
    /// let petsc = petsc::Petsc::init()?;
    /// // u' + 2 u = 0 pointwise, backward Euler (colored finite-difference Jacobian).
    /// let da = Da::builder(&petsc.world(), 1).sizes(8, 1, 1).build()?;
    /// let mut ts = Ts::new(&petsc.world())?;
    /// ts.set_type(TsType::Beuler)?;
    /// ts.set_ifunction_local(&da, |info, _t, u, u_t, f| {
    ///     for i in info.xs..info.xs + info.xm {
    ///         f[i] = u_t[i] + 2.0 * u[i];
    ///     }
    ///     Ok(())
    /// })?;
    /// ts.set_time_step(0.25)?;
    /// ts.set_max_steps(4)?;
    /// let mut u = da.create_global_vector()?;
    /// u.set(1.0)?;
    /// ts.solve(&mut u)?;
    /// u.shift(-1.5f64.powi(-4))?;
    /// assert!(u.norm(petsc::NormType::Infinity)? < 1e-6);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn set_ifunction_local<F>(&mut self, da: &Da, f: F) -> Result<()>
    where
        F: FnMut(&DaInfo, Real, &DaView<'_>, &DaView<'_>, &mut DaViewMut<'_>) -> Result<()>
            + 'static,
    {
        self.set_dm(da)?;
        let f: Box<LocalIFunctionFn> = Box::new(f);
        // SAFETY: live integrator, hence a live DM; the closure is kept with it.
        let ctx = unsafe {
            attach_to_dm(
                &self.petsc,
                ts_dm(self.ptr)?,
                CallbackKind::TsLocalIFunction,
                f,
            )
        }?;
        // SAFETY: live integrator with a DM (the vector for F comes from it).
        check(unsafe {
            sys::TSSetIFunction(
                self.ptr,
                std::ptr::null_mut(),
                Some(local_ifunction_trampoline),
                ctx,
            )
        })
    }

    /// Sets the implicit form's Jacobian `dF/du + shift dF/du'` on a DMDA in local
    /// form, like `DMDATSSetIJacobianLocal`: the closure gets the grid information, the
    /// time, ghosted read views of `u` and `u'`, the shift, and the matrices to fill
    /// (made by the DMDA). Also sets `da` as the integrator's DM. Assemble `pre()`.
    ///
    /// ```
    /// use petsc::{Da, InsertMode, Stencil, Ts, TsType};
    /// let petsc = petsc::Petsc::init()?;
    /// let da = Da::builder(&petsc.world(), 1).sizes(8, 1, 1).build()?;
    /// let mut ts = Ts::new(&petsc.world())?;
    /// ts.set_type(TsType::Beuler)?;
    /// ts.set_ifunction_local(&da, |info, _t, u, u_t, f| {
    ///     for i in info.xs..info.xs + info.xm {
    ///         f[i] = u_t[i] + 2.0 * u[i];
    ///     }
    ///     Ok(())
    /// })?;
    /// ts.set_ijacobian_local(&da, |info, _t, _u, _u_t, shift, mats| {
    ///     for i in info.xs..info.xs + info.xm {
    ///         let s = Stencil::new(i, 0, 0, 0);
    ///         mats.pre().set_values_stencil(&[s], &[s], &[2.0 + shift], InsertMode::Insert)?;
    ///     }
    ///     mats.pre().assemble()
    /// })?;
    /// ts.set_time_step(0.25)?;
    /// ts.set_max_steps(4)?;
    /// let mut u = da.create_global_vector()?;
    /// u.set(1.0)?;
    /// ts.solve(&mut u)?;
    /// u.shift(-1.5f64.powi(-4))?;
    /// assert!(u.norm(petsc::NormType::Infinity)? < 1e-10);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn set_ijacobian_local<F>(&mut self, da: &Da, f: F) -> Result<()>
    where
        F: FnMut(&DaInfo, Real, &DaView<'_>, &DaView<'_>, Real, &mut JacobianMats) -> Result<()>
            + 'static,
    {
        self.set_dm(da)?;
        let f: Box<LocalIJacobianFn> = Box::new(f);
        // SAFETY: live integrator, hence a live DM; the closure is kept with it.
        let ctx = unsafe {
            attach_to_dm(
                &self.petsc,
                ts_dm(self.ptr)?,
                CallbackKind::TsLocalIJacobian,
                f,
            )
        }?;
        // SAFETY: live integrator with a DM; the matrices are made from it at set-up.
        check(unsafe {
            sys::TSSetIJacobian(
                self.ptr,
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                Some(local_ijacobian_trampoline),
                ctx,
            )
        })
    }

    /// Evaluates the right-hand side `g = G(t, u)` set on this integrator
    /// (`TSComputeRHSFunction`).
    /// `u` and `g` must have the same layout (PETSc does not check).
    pub fn compute_rhs_function(&mut self, t: Real, u: &Vector, g: &mut Vector) -> Result<()> {
        const CTX: &str = "Ts::compute_rhs_function";
        check_finite(CTX, "t", t)?;
        check_same_layout(CTX, ("g", g), ("u", u))?;
        // SAFETY: live integrator and vectors; Rust's borrows make `u` and `g` distinct.
        check(unsafe {
            sys::TSComputeRHSFunction(
                self.ptr,
                t,
                u.raw_read("Ts::compute_rhs_function")?,
                g.raw_write("Ts::compute_rhs_function")?,
            )
        })
    }

    /// Sets the current (initial) time (`TSSetTime`).
    /// A time that is NaN or infinite is refused.
    pub fn set_time(&mut self, t: Real) -> Result<()> {
        check_finite("Ts::set_time", "the time", t)?;
        // SAFETY: live integrator.
        check(unsafe { sys::TSSetTime(self.ptr, t) })
    }

    /// The current time (`TSGetTime`); after [`solve`](Self::solve), the time reached.
    pub fn time(&self) -> Result<Real> {
        let mut t: Real = 0.0;
        // SAFETY: live integrator.
        check(unsafe { sys::TSGetTime(self.ptr, &mut t) })?;
        Ok(t)
    }

    /// Sets the (initial) time step (`TSSetTimeStep`). A step that is not positive and
    /// finite is refused before PETSc is called.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut ts = petsc::Ts::new(&petsc.self_comm())?;
    /// ts.set_time_step(0.25)?;
    /// assert_eq!(ts.time_step()?, 0.25);
    /// assert!(ts.set_time_step(0.0).is_err());
    /// assert!(ts.set_time_step(-1.0).is_err());
    /// assert_eq!(ts.time_step()?, 0.25);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn set_time_step(&mut self, dt: Real) -> Result<()> {
        check_step("Ts::set_time_step", dt)?;
        // SAFETY: live integrator.
        check(unsafe { sys::TSSetTimeStep(self.ptr, dt) })
    }

    /// The current time step (`TSGetTimeStep`): after a solve with adaptivity, the step
    /// the controller proposes next.
    pub fn time_step(&self) -> Result<Real> {
        let mut dt: Real = 0.0;
        // SAFETY: live integrator.
        check(unsafe { sys::TSGetTimeStep(self.ptr, &mut dt) })?;
        Ok(dt)
    }

    /// Sets the time to integrate to (`TSSetMaxTime`); see
    /// [`set_exact_final_time`](Self::set_exact_final_time) for how the last step ends.
    /// `+inf` means no limit (the step count ends the solve); NaN and `-inf` are refused.
    pub fn set_max_time(&mut self, t: Real) -> Result<()> {
        if t.is_nan() || t == Real::NEG_INFINITY {
            return Err(Error::invalid(
                "Ts::set_max_time",
                format!("the maximum time is {t}; it must be a number above -inf"),
            ));
        }
        // SAFETY: live integrator.
        check(unsafe { sys::TSSetMaxTime(self.ptr, t) })
    }

    /// The time to integrate to (`TSGetMaxTime`).
    pub fn max_time(&self) -> Result<Real> {
        let mut t: Real = 0.0;
        // SAFETY: live integrator.
        check(unsafe { sys::TSGetMaxTime(self.ptr, &mut t) })?;
        Ok(t)
    }

    /// Sets the maximum number of steps (`TSSetMaxSteps`); reaching it ends the solve
    /// with [`TsConvergedReason::ConvergedIts`].
    pub fn set_max_steps(&mut self, n: Int) -> Result<()> {
        if n < 0 {
            return Err(Error::invalid(
                "Ts::set_max_steps",
                format!("the number of steps must not be negative, got {n}"),
            ));
        }
        // SAFETY: live integrator.
        check(unsafe { sys::TSSetMaxSteps(self.ptr, n) })
    }

    /// The maximum number of steps (`TSGetMaxSteps`).
    pub fn max_steps(&self) -> Result<Int> {
        let mut n: Int = 0;
        // SAFETY: live integrator.
        check(unsafe { sys::TSGetMaxSteps(self.ptr, &mut n) })?;
        Ok(n)
    }

    /// How the last step meets the maximum time (`TSSetExactFinalTime`).
    pub fn set_exact_final_time(&mut self, how: ExactFinalTime) -> Result<()> {
        // SAFETY: live integrator.
        check(unsafe { sys::TSSetExactFinalTime(self.ptr, how.raw()) })
    }

    /// The number of steps taken (`TSGetStepNumber`); solves continue counting from it.
    pub fn step_number(&self) -> Result<Int> {
        let mut n: Int = 0;
        // SAFETY: live integrator.
        check(unsafe { sys::TSGetStepNumber(self.ptr, &mut n) })?;
        Ok(n)
    }

    /// Sets the step count (`TSSetStepNumber`), for example back to 0 together with
    /// [`set_time`](Self::set_time) to integrate again from the start.
    pub fn set_step_number(&mut self, n: Int) -> Result<()> {
        if n < 0 {
            return Err(Error::invalid(
                "Ts::set_step_number",
                format!("the step number is {n}; it must not be negative"),
            ));
        }
        // SAFETY: live integrator; PETSc checks the value.
        check(unsafe { sys::TSSetStepNumber(self.ptr, n) })
    }

    /// Sets the tolerances of the step-size controller on the local error estimate
    /// (`TSSetTolerances`): absolute `atol` and relative `rtol`; `None` keeps PETSc's
    /// current value.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut ts = petsc::Ts::new(&petsc.self_comm())?;
    /// ts.set_tolerances(Some(1e-6), None)?;
    /// assert_eq!(ts.tolerances()?, (1e-6, 1e-4));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    /// Tolerances that are NaN, infinite or negative are refused (PETSc stores them).
    pub fn set_tolerances(&mut self, atol: Option<Real>, rtol: Option<Real>) -> Result<()> {
        check_tolerance("Ts::set_tolerances", "atol", atol)?;
        check_tolerance("Ts::set_tolerances", "rtol", rtol)?;
        // SAFETY: live integrator; null vectors keep the per-component tolerances.
        check(unsafe {
            sys::TSSetTolerances(
                self.ptr,
                default_real(atol),
                std::ptr::null_mut(),
                default_real(rtol),
                std::ptr::null_mut(),
            )
        })
    }

    /// `(atol, rtol)` of the step-size controller (`TSGetTolerances`).
    pub fn tolerances(&self) -> Result<(Real, Real)> {
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
        Ok((a, r))
    }

    /// Sets up the integrator now (`TSSetUp`); `solve` does it otherwise.
    pub fn set_up(&mut self) -> Result<()> {
        // SAFETY: live integrator.
        check(unsafe { sys::TSSetUp(self.ptr) })
    }

    /// Integrates from the current time and `u` until the maximum time or number of
    /// steps; `u` holds the solution on return (`TSSolve`).
    ///
    /// A time step that is not positive and finite (`-ts_dt 0`) is refused before
    /// PETSc is called. Stopping early (too many rejected steps, failed nonlinear
    /// solves, maximum steps) is not an error: see
    /// [`converged_reason`](Self::converged_reason). An `Err` or a panic in any closure
    /// (functions, Jacobians, monitors, post-step) ends the solve and is returned here;
    /// the process, and this integrator, stay usable: reset the time and step number
    /// and solve again.
    pub fn solve(&mut self, u: &mut Vector) -> Result<()> {
        check_step("Ts::solve", self.time_step()?)?;
        // SAFETY: live integrator and vector; PETSc keeps a reference to `u` as its
        // solution.
        let r = check(unsafe { sys::TSSolve(self.ptr, u.raw_write("Ts::solve")?) });
        if r.is_err() {
            self.unwind_failed_solve();
        }
        r
    }

    /// Balances what an aborted solve left open, so the integrator can solve again: the
    /// read locks left on its solution (PETSc 3.22 on; see
    /// [`release_read_locks`](crate::error::release_read_locks)), and what its inner
    /// nonlinear solver left open (see [`unwind_failed_snes`]).
    fn unwind_failed_solve(&mut self) {
        let mut u: sys::Vec = std::ptr::null_mut();
        // SAFETY: live integrator; PETSc returns its solution (borrowed, or null).
        if check(unsafe { sys::TSGetSolution(self.ptr, &mut u) }).is_ok() {
            // SAFETY: null or the integrator's live solution.
            unsafe { crate::error::release_read_locks(u) };
        }
        let mut snes: sys::SNES = std::ptr::null_mut();
        // SAFETY: live integrator; PETSc returns its SNES (borrowed).
        if check(unsafe { sys::TSGetSNES(self.ptr, &mut snes) }).is_err() || snes.is_null() {
            return;
        }
        // SAFETY: the integrator's live SNES.
        unsafe { unwind_failed_snes(snes) };
    }

    /// Why the last solve stopped (`TSGetConvergedReason`).
    pub fn converged_reason(&self) -> Result<TsConvergedReason> {
        let mut r = sys::TSConvergedReason::TS_CONVERGED_ITERATING;
        // SAFETY: live integrator.
        check(unsafe { sys::TSGetConvergedReason(self.ptr, &mut r) })?;
        Ok(TsConvergedReason::from_raw(r.0))
    }

    /// The inner nonlinear solver of implicit methods (`TSGetSNES`), as a handle holding
    /// its own reference and one to this integrator (the SNES calls back into it, so it
    /// lives while the handle does); changes made through it apply to this integrator.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let ts = petsc::Ts::new(&petsc.self_comm())?;
    /// let mut snes = ts.snes()?;
    /// snes.set_type(petsc::SnesType::Newtontr)?;
    /// assert_eq!(ts.snes()?.get_type()?, Some(petsc::SnesType::Newtontr));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn snes(&self) -> Result<Snes> {
        let mut snes: sys::SNES = std::ptr::null_mut();
        // SAFETY: live integrator; PETSc returns its SNES (creating it if needed).
        check(unsafe { sys::TSGetSNES(self.ptr, &mut snes) })?;
        // SAFETY: `snes` and the integrator are live; the handle takes a reference to
        // each (the SNES calls back into the TS, which must outlive it).
        unsafe { Snes::from_raw_child(&self.petsc, snes, self.ptr as sys::PetscObject) }
    }

    /// The inner linear solver of implicit methods (the [`snes`](Self::snes)'s KSP), as
    /// a handle holding its own reference. Unlike C's `TSGetKSP` this also works for
    /// nonlinear problems.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let ts = petsc::Ts::new(&petsc.self_comm())?;
    /// ts.ksp()?.set_type(petsc::KspType::Cg)?;
    /// assert_eq!(ts.snes()?.ksp()?.get_type()?, Some(petsc::KspType::Cg));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn ksp(&self) -> Result<Ksp> {
        self.snes()?.ksp()
    }

    /// Adds a monitor called as `f(step, t, u)` before the first step (step 0) and after
    /// every step (`TSMonitorSet`). The closure is owned by the integrator and dropped
    /// when it is destroyed or [`cancel_monitors`](Self::cancel_monitors) is called. An
    /// `Err` or a panic ends the solve, and [`solve`](Self::solve) returns it.
    ///
    /// ```
    /// use std::{cell::RefCell, rc::Rc};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut ts = petsc::Ts::new(&c)?;
    /// ts.set_rhs_function(None, |_t, _u, f| f.set(1.0))?; // u' = 1
    /// let seen = Rc::new(RefCell::new(Vec::new()));
    /// let log = seen.clone();
    /// ts.monitor(move |step, t, u| {
    ///     log.borrow_mut().push((step, t, u.view()?[0]));
    ///     Ok(())
    /// })?;
    /// ts.set_time_step(0.5)?;
    /// ts.set_max_steps(2)?;
    /// let mut u = petsc::Vector::from_slice(&c, &[0.0])?;
    /// ts.solve(&mut u)?;
    /// assert_eq!(*seen.borrow(), vec![(0, 0.0, 0.0), (1, 0.5, 0.5), (2, 1.0, 1.0)]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn monitor<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(Int, Real, &Vector) -> Result<()> + 'static,
    {
        let f: Box<MonitorFn> = Box::new(f);
        hand_over(&self.petsc, CallbackKind::TsMonitor, f, |ctx| {
            // SAFETY: live integrator; the context is a registered monitor closure,
            // released by the destroy hook.
            unsafe { sys::TSMonitorSet(self.ptr, Some(monitor_trampoline), ctx, Some(release_at)) }
        })
    }

    /// Removes every monitor, including those set from options, dropping their closures
    /// (`TSMonitorCancel`).
    pub fn cancel_monitors(&mut self) -> Result<()> {
        // SAFETY: live integrator; PETSc calls each monitor's destroy hook.
        check(unsafe { sys::TSMonitorCancel(self.ptr) })
    }

    /// Sets a closure called as `f(step, t, u)` after every completed step
    /// (`TSSetPostStep`), for example to clip or renormalize the solution (`u` may be
    /// changed through [`Vector`]'s methods, as in C). It replaces any earlier one and is
    /// owned by the integrator. An `Err` or a panic ends the solve.
    ///
    /// ```
    /// use std::{cell::Cell, rc::Rc};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut ts = petsc::Ts::new(&c)?;
    /// ts.set_rhs_function(None, |_t, _u, f| f.set(1.0))?;
    /// let steps = Rc::new(Cell::new(0));
    /// let count = steps.clone();
    /// ts.set_post_step(move |step, _t, _u| {
    ///     count.set(step);
    ///     Ok(())
    /// })?;
    /// ts.set_time_step(0.1)?;
    /// ts.set_max_steps(3)?;
    /// let mut u = petsc::Vector::from_slice(&c, &[0.0])?;
    /// ts.solve(&mut u)?;
    /// assert_eq!(steps.get(), 3);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn set_post_step<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(Int, Real, &Vector) -> Result<()> + 'static,
    {
        let f: Box<PostStepFn> = Box::new(f);
        // SAFETY: live integrator; the closure is kept with it.
        unsafe {
            attach(
                &self.petsc,
                self.ptr as sys::PetscObject,
                CallbackKind::TsPostStep,
                f,
            )
        }?;
        // SAFETY: live integrator; the trampoline finds its closure through it.
        check(unsafe { sys::TSSetPostStep(self.ptr, Some(post_step_trampoline)) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The names match PETSc's own `TSConvergedReasons` table (indexed by the code).
    #[test]
    fn reason_names_match_petsc() {
        for &(r, code, name) in REASONS {
            // SAFETY: TSConvergedReasons points into a static table of C strings,
            // shifted so that it is indexed by the code; codes -4..=6 are inside it.
            let petsc =
                unsafe { std::ffi::CStr::from_ptr(*sys::TSConvergedReasons.offset(code as isize)) };
            if code == 6 && !cfg!(petsc_3_26) {
                // PETSc's table repeated CONVERGED_PSEUDO_FATOL for code 6 until 3.25.4
                // fixed it (the cfgs do not see patch releases).
                let fixed = cfg!(petsc_3_25) && petsc.to_str().unwrap() == name;
                assert!(fixed || petsc.to_str().unwrap() == "CONVERGED_PSEUDO_FATOL");
                continue;
            }
            assert_eq!(petsc.to_str().unwrap(), name, "{r:?}");
            assert_eq!(TsConvergedReason::from_raw(code), r);
            assert_eq!(r.code(), code);
        }
    }

    #[test]
    fn type_names_round_trip() {
        for n in TsType::NAMES {
            let t = TsType::from_name(n);
            assert!(!matches!(t, TsType::Other(_)), "{n}");
            assert_eq!(t.as_str(), *n);
        }
        let c = |b: &[u8]| {
            std::ffi::CStr::from_bytes_with_nul(b)
                .unwrap()
                .to_str()
                .unwrap()
                .to_owned()
        };
        assert_eq!(TsType::Euler.as_str(), c(sys::TSEULER));
        assert_eq!(TsType::Beuler.as_str(), c(sys::TSBEULER));
        assert_eq!(TsType::Cn.as_str(), c(sys::TSCN));
        assert_eq!(TsType::Rk.as_str(), c(sys::TSRK));
        assert_eq!(TsType::Bdf.as_str(), c(sys::TSBDF));
        assert_eq!(TsType::Arkimex.as_str(), c(sys::TSARKIMEX));
        assert_eq!(TsType::Basicsymplectic.as_str(), c(sys::TSBASICSYMPLECTIC));
        assert_eq!(TsType::Irk.as_str(), c(sys::TSIRK));
    }

    #[test]
    fn equation_type_codes_match_petsc() {
        use sys::TSEquationType as E;
        for (t, raw) in [
            (TsEquationType::Unspecified, E::TS_EQ_UNSPECIFIED),
            (TsEquationType::Explicit, E::TS_EQ_EXPLICIT),
            (TsEquationType::OdeExplicit, E::TS_EQ_ODE_EXPLICIT),
            (
                TsEquationType::DaeSemiExplicitIndexHi,
                E::TS_EQ_DAE_SEMI_EXPLICIT_INDEXHI,
            ),
            (TsEquationType::Implicit, E::TS_EQ_IMPLICIT),
            (TsEquationType::OdeImplicit, E::TS_EQ_ODE_IMPLICIT),
            (
                TsEquationType::DaeImplicitIndexHi,
                E::TS_EQ_DAE_IMPLICIT_INDEXHI,
            ),
        ] {
            assert_eq!(t.code(), raw.0);
        }
    }
}
