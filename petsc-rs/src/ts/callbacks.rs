//! The problem's functions and Jacobians as closures: `u' = G(t, u)` (right-hand side),
//! `F(t, u, u') = 0` (implicit form), their Jacobians, the DMDA-local forms, and the
//! methods that evaluate them. Each closure is kept with the integrator's DM (`DMTS`),
//! as C keeps the routines' contexts, through [`crate::callback`].

use std::borrow::Borrow;
use std::os::raw::c_void;

use petsc_sys as sys;

use super::Ts;
use crate::callback::{CallbackKind, attach_to_dm_then, call, detach, share_closures};
use crate::dm::{Da, DaInfo, DaView, DaViewMut, DmBase, LocalWork};
use crate::error::{
    Error, Result, check, check_finite, record_destroy, run_callback, unlock_on_error,
};
use crate::init::Petsc;
use crate::jacobian::JacobianMats;
use crate::mat::Mat;
use crate::scalar::Real;
use crate::snes::assemble_mffd;
use crate::vec::{Vector, ready_alike};

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
                let (uv, mut fv) = (
                    Vector::from_raw_scoped(petsc, u)?,
                    Vector::from_raw_scoped(petsc, f)?,
                );
                g(t, &uv, &mut fv)?;
                fv.written_in_place(f)
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
                let uv = Vector::from_raw_scoped(petsc, u)?;
                // SAFETY: as above.
                JacobianMats::lend(petsc, a, p, |mats| g(t, &uv, mats))
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
                    Vector::from_raw_scoped(petsc, u)?,
                    Vector::from_raw_scoped(petsc, u_t)?,
                    Vector::from_raw_scoped(petsc, f)?,
                );
                g(t, &uv, &utv, &mut fv)?;
                fv.written_in_place(f)
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
                let (uv, utv) = (
                    Vector::from_raw_scoped(petsc, u)?,
                    Vector::from_raw_scoped(petsc, u_t)?,
                );
                // SAFETY: `a` and `p` are live for the call.
                JacobianMats::lend(petsc, a, p, |mats| g(t, &uv, &utv, shift, mats))
            })
        }?;
        assemble_mffd(a, p)
    });
    // SAFETY: the vectors are live for the call; an outer SNESComputeJacobian locked
    // `u` read-only.
    unsafe { unlock_on_error(code, &[u, u_t]) }
}

/// The DM of an integrator (borrowed; PETSc makes a `DMShell` if it has none).
///
/// # Safety
/// `ts` must be a live integrator.
pub(super) unsafe fn ts_dm(ts: sys::TS) -> Result<sys::DM> {
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
                let ul = LocalWork::filled(da.ptr, u)?;
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
                // SAFETY: live DM; `u` is a live global vector of it.
                let ul = LocalWork::filled(da.ptr, u)?;
                // SAFETY: `ul.v` is live and only read while the view exists.
                let uv = da.view_raw(ul.v)?;
                // SAFETY: `a` and `p` are live for the call.
                JacobianMats::lend(petsc, a, p, |mats| g(&info, t, &uv, mats))
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
                let ul = LocalWork::filled(da.ptr, u)?;
                // SAFETY: as above.
                let utl = LocalWork::filled(da.ptr, u_t)?;
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
                // SAFETY: live DM; `u` and `u_t` are live global vectors of it.
                let ul = LocalWork::filled(da.ptr, u)?;
                // SAFETY: as above.
                let utl = LocalWork::filled(da.ptr, u_t)?;
                // SAFETY: the local vectors are live and only read while the views exist.
                let uv = da.view_raw(ul.v)?;
                // SAFETY: as above.
                let utv = da.view_raw(utl.v)?;
                // SAFETY: `a` and `p` are live for the call.
                JacobianMats::lend(petsc, a, p, |mats| g(&info, t, &uv, &utv, shift, mats))
            })
        }?;
        assemble_mffd(a, p)
    });
    // SAFETY: the vectors are live for the call; an outer SNESComputeJacobian locked
    // `u` read-only.
    unsafe { unlock_on_error(code, &[u, u_t]) }
}

impl Ts {
    /// Keeps `f` with the integrator's DM under `kind` and hands its context to `set`
    /// (given the integrator), the PETSc call installing the trampoline: the one path of
    /// every setter below.
    pub(super) fn set_dm_closure<F: ?Sized + 'static>(
        &mut self,
        kind: CallbackKind,
        f: Box<F>,
        set: impl FnOnce(sys::TS, *mut c_void) -> sys::PetscErrorCode,
    ) -> Result<()> {
        let ts = self.ptr;
        // SAFETY: live integrator, hence a live DM; the closure is kept with it.
        unsafe { attach_to_dm_then(&self.petsc, ts_dm(ts)?, kind, f, |ctx| set(ts, ctx)) }
    }
    /// Gives the integrator a DM (`TSSetDM`): work vectors and Jacobian matrices are
    /// made from it. With a DMDA, implicit methods without a Jacobian closure use
    /// finite differences colored with its stencil (the local forms call it); a
    /// [`Plex`](crate::Plex) with [`set_ts_local_fem`](crate::Plex::set_ts_local_fem)
    /// gives the integrator its finite element residual and Jacobian.
    #[doc(alias = "TSSetDM")]
    pub fn set_dm<D: DmBase>(&mut self, dm: &D) -> Result<()> {
        let new = dm.as_object() as sys::DM;
        // SAFETY: live integrator.
        let mut old = unsafe { ts_dm(self.ptr) }?;
        if old == new {
            return Ok(());
        }
        // SAFETY: live DM; held until the end of this function.
        check(unsafe { sys::PetscObjectReference(old as sys::PetscObject) })?;
        // SAFETY: live integrator and DM; PETSc takes a reference to the DM and copies
        // the old DM's TS context to it if it has none. The new DM then also keeps the
        // closures that context refers to.
        let r = check(unsafe { sys::TSSetDM(self.ptr, new) })
            // SAFETY: both DMs are live (`old` through the reference taken above).
            .and_then(|()| unsafe { share_closures(old, new) });
        // SAFETY: the reference taken above.
        record_destroy(unsafe { sys::DMDestroy(&mut old) });
        r
    }

    /// Sets the right-hand side `G` of `u' = G(t, u)` as a closure `f(t, u, G)` that
    /// writes `G(t, u)` into its last argument (`TSSetRHSFunction`). `r` is the vector
    /// PETSc stores `G` in (`None`: PETSc makes one). The closure is owned by the
    /// integrator, replaces any earlier one, and is collective: every process is called
    /// at once with its part of `u`. An `Err` or a panic ends the solve with
    /// [`Error::Callback`](crate::Error::Callback) or [`Error::CallbackPanic`](crate::Error::CallbackPanic) naming `"TS RHS function"`.
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
    #[doc(alias = "TSSetRHSFunction")]
    pub fn set_rhs_function<F>(&mut self, r: Option<Vector>, f: F) -> Result<()>
    where
        F: FnMut(Real, &Vector, &mut Vector) -> Result<()> + 'static,
    {
        let f: Box<RhsFunctionFn> = Box::new(f);
        let rp = r.as_ref().map_or(std::ptr::null_mut(), |r| r.ptr);
        self.set_dm_closure(CallbackKind::TsRhsFunction, f, |ts, ctx| {
            // SAFETY: live integrator and vector (PETSc references it); `ctx` is the
            // number of a closure of the trampoline's type.
            unsafe { sys::TSSetRHSFunction(ts, rp, Some(rhs_function_trampoline), ctx) }
        })
    }

    /// Sets the Jacobian `dG/du` of the right-hand side: the matrix `a` (the operator),
    /// `p` (the matrix the preconditioner is built from; `None` means `a`), and the
    /// closure `f(t, u, mats)` that fills them (`TSSetRHSJacobian`). Implicit methods
    /// need it (or `-snes_mf`, `-snes_fd`, or a DM for colored finite differences);
    /// explicit ones never call it. See [`JacobianMats`]; assemble `pre()`.
    ///
    /// ```
    /// use petsc::{ExactFinalTime, InsertMode, Mat, Sizes, Ts, TsType, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// // u' = -2 u with backward Euler: u_n = u_0 / (1 + 2 dt)^n.
    /// let mut ts = Ts::new(&c)?;
    /// ts.set_type(TsType::Beuler)?;
    /// ts.set_rhs_function(None, |_t, u, f| {
    ///     f.copy_from(u)?;
    ///     f.scale(-2.0)
    /// })?;
    /// let a = Mat::aij(&c).sizes(Sizes::global(1, 1)).preallocate(1, 0).build()?;
    /// ts.set_rhs_jacobian(&a, None, |_t, _u, mats| {
    ///     mats.pre().set_value(0, 0, -2.0, InsertMode::Insert)?;
    ///     mats.pre().assemble()
    /// })?;
    /// ts.set_time_step(0.1)?;
    /// ts.set_max_steps(5)?;
    /// let mut u = Vector::from_slice(&c, &[1.0])?;
    /// ts.solve(&mut u)?.check()?;
    /// assert!((u.view()?[0] - 1.2f64.powi(-5)).abs() < 1e-10);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "TSSetRHSJacobian")]
    pub fn set_rhs_jacobian<'a, F>(
        &mut self,
        a: impl Borrow<Mat>,
        p: impl Into<Option<&'a Mat>>,
        f: F,
    ) -> Result<()>
    where
        F: FnMut(Real, &Vector, &mut JacobianMats) -> Result<()> + 'static,
    {
        let a: &Mat = a.borrow();
        let p: Option<&Mat> = p.into();
        let f: Box<RhsJacobianFn> = Box::new(f);
        let (a_raw, pp) = crate::jacobian::kept_pair("Ts::set_rhs_jacobian", a, p)?;
        self.set_dm_closure(CallbackKind::TsRhsJacobian, f, |ts, ctx| {
            // SAFETY: live integrator and matrices; PETSc takes references to both.
            unsafe { sys::TSSetRHSJacobian(ts, a_raw, pp, Some(rhs_jacobian_trampoline), ctx) }
        })
    }

    /// Declares the Jacobian `dG/du` of the right-hand side constant: the matrix `a`,
    /// assembled by the caller once, and `p` (the matrix the preconditioner is built
    /// from; `None` means `a`), which PETSc never recomputes (`TSSetRHSJacobian` with
    /// `TSComputeRHSJacobianConstant`, C's choice for a linear problem `u' = A u`).
    /// Implicit methods then build `shift I - A` from it and restore `a` after each
    /// step. It replaces a [`set_rhs_jacobian`](Self::set_rhs_jacobian) closure (which
    /// is dropped); PETSc references both matrices. They must be square.
    ///
    /// ```
    /// use petsc::{InsertMode, Mat, Sizes, Ts, TsType, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// // u' = A u, A = [[-1, 0], [0, -3]], by backward Euler: u_n = u_0 / (1 - dt a)^n.
    /// let mut a = Mat::aij(&c).sizes(Sizes::global(2, 2)).preallocate(1, 0).build()?;
    /// a.set_values(&[0], &[0], &[-1.0], InsertMode::Insert)?;
    /// a.set_values(&[1], &[1], &[-3.0], InsertMode::Insert)?;
    /// a.assemble()?;
    /// let mut ts = Ts::new(&c)?;
    /// ts.set_type(TsType::Beuler)?;
    /// ts.set_rhs_function(None, |_t, u, g| {
    ///     let (u, mut g) = (u.view()?, g.view_mut()?);
    ///     g[0] = -u[0];
    ///     g[1] = -3.0 * u[1];
    ///     Ok(())
    /// })?;
    /// ts.set_rhs_jacobian_constant(&a, None)?;
    /// ts.set_time_step(0.1)?;
    /// ts.set_max_steps(4)?;
    /// let mut u = Vector::from_slice(&c, &[1.0, 1.0])?;
    /// ts.solve(&mut u)?.check()?;
    /// let u = u.view()?;
    /// assert!((u[0] - 1.1f64.powi(-4)).abs() < 1e-10);
    /// assert!((u[1] - 1.3f64.powi(-4)).abs() < 1e-10);
    /// // The matrix is the caller's A again after the steps.
    /// assert_eq!(a.values(&[0, 1], &[0, 1])?, vec![-1.0, 0.0, 0.0, -3.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "TSComputeRHSJacobianConstant")]
    pub fn set_rhs_jacobian_constant<'a>(
        &mut self,
        a: &Mat,
        p: impl Into<Option<&'a Mat>>,
    ) -> Result<()> {
        let p: Option<&Mat> = p.into();
        a.check_loan("Ts::set_rhs_jacobian_constant")?;
        if let Some(m) = p {
            m.check_loan("Ts::set_rhs_jacobian_constant")?;
        }
        const CTX: &str = "Ts::set_rhs_jacobian_constant";
        for (name, m) in [("a", Some(a)), ("p", p)] {
            if let Some(m) = m {
                let (rows, cols) = m.size()?;
                if rows != cols {
                    return Err(Error::size_mismatch(
                        CTX,
                        format!("{name} is {rows} x {cols}; it must be square"),
                    ));
                }
            }
        }
        let ap = a.kept_raw(CTX)?;
        let pp = p.map_or(Ok(ap), |p| p.kept_raw(CTX))?;
        // SAFETY: live integrator and matrices, which PETSc references; the routine
        // does nothing and reads no context.
        check(unsafe {
            sys::TSSetRHSJacobian(
                self.ptr,
                ap,
                pp,
                Some(sys::TSComputeRHSJacobianConstant),
                std::ptr::null_mut(),
            )
        })?;
        // SAFETY: live integrator, hence a live DM; the closure of an earlier
        // `set_rhs_jacobian` (or its local form) is no longer called through it.
        unsafe {
            detach(
                ts_dm(self.ptr)? as sys::PetscObject,
                CallbackKind::TsRhsJacobian,
            )
        }
    }

    /// Whether the right-hand side's Jacobian is the constant one of
    /// [`set_rhs_jacobian_constant`](Self::set_rhs_jacobian_constant).
    pub(super) fn rhs_jacobian_is_constant(&self) -> Result<bool> {
        let mut f: sys::TSRHSJacobian = None;
        // SAFETY: live integrator; only the routine is asked for.
        check(unsafe {
            sys::TSGetRHSJacobian(
                self.ptr,
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                &mut f,
                std::ptr::null_mut(),
            )
        })?;
        let constant = sys::TSComputeRHSJacobianConstant as *const ();
        Ok(f.is_some_and(|f| std::ptr::eq(f as *const (), constant)))
    }

    /// Sets the implicit form `F(t, u, u') = 0` as a closure `f(t, u, u_t, F)`
    /// (`TSSetIFunction`); with a right-hand side as well, the equation is
    /// `F(t, u, u') = G(t, u)` (IMEX methods treat `F` implicitly). `r` stores `F`
    /// (`None`: PETSc makes one). An `Err` or a panic ends the solve, naming
    /// `"TS IFunction"`.
    ///
    /// ```
    /// use petsc::{InsertMode, Mat, Sizes, Ts, TsType, Vector};
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
    /// let a = Mat::aij(&c).sizes(Sizes::global(1, 1)).preallocate(1, 0).build()?;
    /// // dF/du + shift dF/du_t
    /// ts.set_ijacobian(&a, None, |_t, _u, _u_t, shift, mats| {
    ///     mats.pre().set_value(0, 0, 1.0 + shift, InsertMode::Insert)?;
    ///     mats.pre().assemble()
    /// })?;
    /// ts.set_time_step(0.1)?;
    /// ts.set_max_steps(10)?;
    /// let mut u = Vector::from_slice(&c, &[1.0])?;
    /// ts.solve(&mut u)?.check()?;
    /// assert!((u.view()?[0] - (0.95f64 / 1.05).powi(10)).abs() < 1e-10);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "TSSetIFunction")]
    pub fn set_ifunction<F>(&mut self, r: Option<Vector>, f: F) -> Result<()>
    where
        F: FnMut(Real, &Vector, &Vector, &mut Vector) -> Result<()> + 'static,
    {
        let f: Box<IFunctionFn> = Box::new(f);
        let rp = r.as_ref().map_or(std::ptr::null_mut(), |r| r.ptr);
        self.set_dm_closure(CallbackKind::TsIFunction, f, |ts, ctx| {
            // SAFETY: live integrator and vector (PETSc references it).
            unsafe { sys::TSSetIFunction(ts, rp, Some(ifunction_trampoline), ctx) }
        })
    }

    /// Sets the Jacobian of the implicit form, `dF/du + shift dF/du'`, as a closure
    /// `f(t, u, u_t, shift, mats)` filling the matrices `a` and `p` (`None`: `a`)
    /// (`TSSetIJacobian`). `shift` comes from the method and step (`1/dt` for backward
    /// Euler). See [`set_ifunction`](Self::set_ifunction) for an example.
    #[doc(alias = "TSSetIJacobian")]
    pub fn set_ijacobian<'a, F>(
        &mut self,
        a: impl Borrow<Mat>,
        p: impl Into<Option<&'a Mat>>,
        f: F,
    ) -> Result<()>
    where
        F: FnMut(Real, &Vector, &Vector, Real, &mut JacobianMats) -> Result<()> + 'static,
    {
        let a: &Mat = a.borrow();
        let p: Option<&Mat> = p.into();
        let f: Box<IJacobianFn> = Box::new(f);
        let (a_raw, pp) = crate::jacobian::kept_pair("Ts::set_ijacobian", a, p)?;
        self.set_dm_closure(CallbackKind::TsIJacobian, f, |ts, ctx| {
            // SAFETY: live integrator and matrices; PETSc takes references to both.
            unsafe { sys::TSSetIJacobian(ts, a_raw, pp, Some(ijacobian_trampoline), ctx) }
        })
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
    /// let da = Da::grid(&petsc.world()).sizes([n]).build()?;
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
    /// ts.solve(&mut u)?.check()?;
    /// let lambda = 4.0 * (std::f64::consts::PI * h / 2.0).sin().powi(2) / (h * h);
    /// let decay = (-lambda * ts.time()?).exp();
    /// let v = da.view(&u)?;
    /// for i in info.xs..info.xs + info.xm {
    ///     let exact = decay * (std::f64::consts::PI * i as f64 * h).sin();
    ///     assert!((v[i] - exact).abs() < 1e-8);
    /// }
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMDATSSetRHSFunctionLocal")]
    pub fn set_rhs_function_local<F>(&mut self, da: &Da, f: F) -> Result<()>
    where
        F: FnMut(&DaInfo, Real, &DaView<'_>, &mut DaViewMut<'_>) -> Result<()> + 'static,
    {
        self.set_dm(da)?;
        let f: Box<LocalRhsFunctionFn> = Box::new(f);
        self.set_dm_closure(CallbackKind::TsLocalRhsFunction, f, |ts, ctx| {
            // SAFETY: live integrator with a DM (the vector for G comes from it).
            unsafe {
                sys::TSSetRHSFunction(
                    ts,
                    std::ptr::null_mut(),
                    Some(local_rhs_function_trampoline),
                    ctx,
                )
            }
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
    /// let da = Da::grid(&petsc.world()).sizes([4, 3]).build()?;
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
    /// ts.solve(&mut u)?.check()?;
    /// u.shift(-1.0 / 2.25)?;
    /// assert!(u.norm(petsc::NormType::Infinity)? < 1e-10);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMDATSSetRHSJacobianLocal")]
    pub fn set_rhs_jacobian_local<F>(&mut self, da: &Da, f: F) -> Result<()>
    where
        F: FnMut(&DaInfo, Real, &DaView<'_>, &mut JacobianMats) -> Result<()> + 'static,
    {
        self.set_dm(da)?;
        let f: Box<LocalRhsJacobianFn> = Box::new(f);
        self.set_dm_closure(CallbackKind::TsLocalRhsJacobian, f, |ts, ctx| {
            // SAFETY: live integrator with a DM; the matrices are made from it at set-up.
            unsafe {
                sys::TSSetRHSJacobian(
                    ts,
                    std::ptr::null_mut(),
                    std::ptr::null_mut(),
                    Some(local_rhs_jacobian_trampoline),
                    ctx,
                )
            }
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
    /// let da = Da::grid(&petsc.world()).sizes([8]).build()?;
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
    /// ts.solve(&mut u)?.check()?;
    /// u.shift(-1.5f64.powi(-4))?;
    /// assert!(u.norm(petsc::NormType::Infinity)? < 1e-6);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMDATSSetIFunctionLocal")]
    pub fn set_ifunction_local<F>(&mut self, da: &Da, f: F) -> Result<()>
    where
        F: FnMut(&DaInfo, Real, &DaView<'_>, &DaView<'_>, &mut DaViewMut<'_>) -> Result<()>
            + 'static,
    {
        self.set_dm(da)?;
        let f: Box<LocalIFunctionFn> = Box::new(f);
        self.set_dm_closure(CallbackKind::TsLocalIFunction, f, |ts, ctx| {
            // SAFETY: live integrator with a DM (the vector for F comes from it).
            unsafe {
                sys::TSSetIFunction(
                    ts,
                    std::ptr::null_mut(),
                    Some(local_ifunction_trampoline),
                    ctx,
                )
            }
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
    /// let da = Da::grid(&petsc.world()).sizes([8]).build()?;
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
    /// ts.solve(&mut u)?.check()?;
    /// u.shift(-1.5f64.powi(-4))?;
    /// assert!(u.norm(petsc::NormType::Infinity)? < 1e-10);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMDATSSetIJacobianLocal")]
    pub fn set_ijacobian_local<F>(&mut self, da: &Da, f: F) -> Result<()>
    where
        F: FnMut(&DaInfo, Real, &DaView<'_>, &DaView<'_>, Real, &mut JacobianMats) -> Result<()>
            + 'static,
    {
        self.set_dm(da)?;
        let f: Box<LocalIJacobianFn> = Box::new(f);
        self.set_dm_closure(CallbackKind::TsLocalIJacobian, f, |ts, ctx| {
            // SAFETY: live integrator with a DM; the matrices are made from it at set-up.
            unsafe {
                sys::TSSetIJacobian(
                    ts,
                    std::ptr::null_mut(),
                    std::ptr::null_mut(),
                    Some(local_ijacobian_trampoline),
                    ctx,
                )
            }
        })
    }

    /// Evaluates the right-hand side `g = G(t, u)` set on this integrator
    /// (`TSComputeRHSFunction`).
    /// `u` and `g` must have the same layout (PETSc does not check).
    #[doc(alias = "TSComputeRHSFunction")]
    pub fn compute_rhs_function(&mut self, t: Real, u: &Vector, g: &mut Vector) -> Result<()> {
        const CTX: &str = "Ts::compute_rhs_function";
        check_finite(CTX, "t", t)?;
        ready_alike(self, CTX, ("u", u), &[("g", g)], &[u], &[g])?;
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
}
