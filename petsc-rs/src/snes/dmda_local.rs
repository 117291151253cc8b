//! The DMDA local forms of a [`Snes`]'s residual, Jacobian and nonlinear Gauss-Seidel
//! (`DMDASNESSetFunctionLocal`, `DMDASNESSetJacobianLocal`, and the sweep over owned
//! points that C writes by hand around `SNESSetNGS`), and the Jacobian by finite
//! differences colored with the DMDA's stencil when none is given.

use std::ffi::CStr;
use std::os::raw::c_void;

use petsc_sys as sys;

use super::residual::{
    Evaluation, RawFunction, RawJacobian, assemble_mffd, dm_set_function, dm_set_jacobian,
    evaluate, finish_function, finish_jacobian,
};
use super::{Snes, snes_dm};
use crate::callback::{CallbackKind, attach_to_dm, call, run, share_closures};
use crate::dm::{ColoringType, Da, DaInfo, DaView, DaViewMut, DmBase, LocalWork, coloring_type_of};
use crate::error::{Error, Result, check, record_destroy, run_callback, unlock_on_error};
use crate::init::Petsc;
use crate::jacobian::JacobianMats;
use crate::object::Object;

type LocalFunctionFn = dyn FnMut(&DaInfo, &DaView<'_>, &mut DaViewMut<'_>) -> Result<()>;
type LocalJacobianFn = dyn FnMut(&DaInfo, &DaView<'_>, &mut JacobianMats) -> Result<()>;
type LocalNgsFn = dyn FnMut(&Snes, &DaInfo, &mut DaViewMut<'_>, Option<&DaView<'_>>) -> Result<()>;

/// Where the colored finite-difference Jacobian of a DMDA local residual keeps its
/// `MatFDColoring`: composed on the Jacobian matrix it fills.
const DMDA_COLORING_KEY: &CStr = c"petsc-rs:dmda-snes-fdcoloring";

/// The solver's DMDA as a temporary handle, its local info, and a ghosted copy of the
/// global vector `x` (a work vector of the DM, given back when `body` returns or
/// panics).
///
/// # Safety
/// `snes` must be a live solver whose DM is a DMDA, and `x` a live global vector of it.
unsafe fn with_local<R>(
    petsc: &Petsc,
    snes: sys::SNES,
    x: sys::Vec,
    body: impl FnOnce(&Da, &DaInfo, &LocalWork) -> Result<R>,
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
    // SAFETY: live DM (kept by `da` longer than the guard) and a global vector of it.
    let xl = unsafe { LocalWork::filled(dm, x) }?;
    body(&da, &info, &xl)
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
                    let body = |da: &Da, info: &DaInfo, xl: &LocalWork| {
                        // SAFETY: `xl` and `f` are live and distinct for the call;
                        // nothing else touches them while the views exist.
                        let xv = da.view_raw(xl.v)?;
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

/// `DMSNESSetNGS` trampoline of [`Snes::set_ngs_local`]: as C's hand-written NGS
/// routines do, each sweep fills a ghosted copy of `x` from the neighbours, lets the
/// closure update the owned points, and writes them back (`b`'s ghosted copy is filled
/// once).
unsafe extern "C" fn local_ngs_trampoline(
    snes: sys::SNES,
    x: sys::Vec,
    b: sys::Vec,
    ctx: *mut c_void,
) -> sys::PetscErrorCode {
    let code = run::<LocalNgsFn>(ctx, CallbackKind::SnesLocalNgs, |petsc, f| {
        // SAFETY: the solver running the sweep is live for the call; the handle takes
        // its own reference.
        let s = unsafe { Snes::from_raw_borrowed(petsc, snes) }?;
        // PETSc keeps the sweep count only in solvers of type NGS (a FAS smoother,
        // `-npc_snes_type ngs`); another caller gets one sweep.
        let sweeps = if s.type_name()? == "ngs" {
            s.ngs_sweeps()?
        } else {
            1
        };
        let body = |da: &Da, info: &DaInfo, xl: &LocalWork| -> Result<()> {
            let bl = if b.is_null() {
                None
            } else {
                // SAFETY: live DM (kept by `da`) and `b` a live global vector of it.
                Some(unsafe { LocalWork::filled(da.ptr, b) }?)
            };
            for sweep in 0..sweeps {
                if sweep > 0 {
                    // SAFETY: `x` is a live global vector of the DM; no view of `xl` is
                    // alive (with_local filled it for the first sweep).
                    unsafe { xl.fill(x) }?;
                }
                {
                    // SAFETY: `xl` and `bl` are distinct live work vectors of the DM
                    // that nothing else touches while the views exist.
                    let mut xv = unsafe { da.view_mut_raw(xl.v) }?;
                    let bv = match &bl {
                        // SAFETY: as above; `bl` is only read.
                        Some(bl) => Some(unsafe { da.view_raw(bl.v) }?),
                        None => None,
                    };
                    f(&s, info, &mut xv, bv.as_ref())?;
                }
                // SAFETY: as above; the views are gone.
                unsafe { xl.store(x) }?;
            }
            Ok(())
        };
        // SAFETY: live solver whose DM is a DMDA (the closure was stored in a DMDA's
        // context, which PETSc hands only to DMs derived from it); `x` is a live global
        // vector of it.
        unsafe { with_local(petsc, snes, x, body) }
    });
    // SAFETY: the vectors are live (or null) for the call.
    unsafe { unlock_on_error(code, &[x, b]) }
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
                    let body = |da: &Da, info: &DaInfo, xl: &LocalWork| {
                        // SAFETY: `xl` is live and only read while the view exists.
                        let xv = da.view_raw(xl.v)?;
                        // SAFETY: `a` and `p` are live for the call.
                        JacobianMats::lend(petsc, a, p, |mats| jf(info, &xv, mats))
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
/// [`fd_function`] with the solver as `void *`, as PETSc 3.24 and later type it.
#[cfg(petsc_3_24)]
unsafe extern "C" fn fd_function_untyped(
    snes: *mut c_void,
    x: sys::Vec,
    f: sys::Vec,
    ctx: *mut c_void,
) -> sys::PetscErrorCode {
    // SAFETY: PETSc passes the solver given to MatFDColoringApply, as `void *`.
    unsafe { fd_function(snes.cast(), x, f, ctx) }
}

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
        // (`void **`, typed `PetscCtxRt` from PETSc 3.25.)
        check(unsafe {
            sys::DMSNESGetFunction(dm, &mut func, std::ptr::addr_of_mut!(ctx).cast())
        })?;
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
        // (`(SNES, Vec, Vec, void *)`), which MatFDColoringSetFunction takes type-erased
        // (up to 3.23; typed with the solver as `void *` from 3.24).
        #[cfg(not(petsc_3_24))]
        let erased = unsafe {
            std::mem::transmute::<RawFunction, unsafe extern "C" fn() -> sys::PetscErrorCode>(
                fd_function,
            )
        };
        #[cfg(petsc_3_24)]
        let erased = fd_function_untyped;
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

impl Snes {
    /// Gives the solver a DM (`SNESSetDM`): vectors and the Jacobian matrix are made
    /// from it (`DMCreateMatrix`, preallocated for its stencil), and `-snes_fd_color`
    /// colors with the grid's stencil. [`set_function_local`](Self::set_function_local)
    /// calls it with its DMDA; a [`Plex`](crate::Plex) with
    /// [`set_snes_local_fem`](crate::Plex::set_snes_local_fem) gives the solver its
    /// finite element residual and Jacobian.
    #[doc(alias = "SNESSetDM")]
    pub fn set_dm<D: DmBase>(&mut self, dm: &D) -> Result<()> {
        let new = dm.as_object() as sys::DM;
        // SAFETY: live solver.
        let mut old = unsafe { snes_dm(self.ptr) }?;
        if old == new {
            return Ok(());
        }
        // SAFETY: live DM; held until the end of this function.
        check(unsafe { sys::PetscObjectReference(old as sys::PetscObject) })?;
        // SAFETY: live solver and DM; PETSc takes a reference to the DM and copies the
        // old DM's SNES context to it if it has none. The new DM then also keeps the
        // closures that context refers to.
        let r = check(unsafe { sys::SNESSetDM(self.ptr, new) })
            // SAFETY: both DMs are live (`old` through the reference taken above).
            .and_then(|()| unsafe { share_closures(old, new) });
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
    /// let da = Da::grid(&petsc.world()).sizes([n]).build()?;
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
    /// let reason = snes.solve(None, &mut u)?; // Jacobian by colored finite differences
    /// assert!(reason.is_converged());
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
    #[doc(alias = "DMDASNESSetFunctionLocal")]
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
    /// let da = Da::grid(&petsc.world()).sizes([4, 3]).build()?;
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
    /// snes.solve(None, &mut u)?.check()?;
    /// u.shift(-2.0)?;
    /// assert!(u.norm(petsc::NormType::Infinity)? < 1e-8);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMDASNESSetJacobianLocal")]
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

    /// Sets nonlinear Gauss-Seidel on a DMDA in local form: the closure
    /// `f(snes, info, x, b)` updates the owned points of `x` in place towards `F(x) = b`
    /// (`b` is `None` for `F(x) = 0`), reading neighbours from the ghost points of the
    /// same view, as C's hand-written NGS routines do (PETSc's `ex5.c`, `ex35.c`). Each
    /// call is one sweep: petsc-rs fills `x`'s ghost points from the neighbouring ranks
    /// before it and writes the owned points back after it, as many times as the running
    /// solver's [`ngs_sweeps`](Self::ngs_sweeps) (`-snes_ngs_sweeps`; one when the solver
    /// running it is not of type NGS). `snes` is the solver running the sweep (read its
    /// [`ngs_tolerances`](Self::ngs_tolerances) for a pointwise Newton loop), and the
    /// views are indexed by global grid coordinates. Also sets `da` as the solver's DM.
    /// Kept, as [`set_ngs`](Self::set_ngs) is, in the SNES context of the DMDA, so FAS
    /// levels and `-npc_snes_type ngs` on DMs derived from it use it too; it replaces
    /// a closure set with `set_ngs`. An `Err` or a panic ends the solve.
    ///
    /// ```
    /// use petsc::{Da, NormType, Snes, SnesType};
    /// let petsc = petsc::Petsc::init()?;
    /// // -u'' = 1 on 11 points, u = 0 at both ends, by Gauss-Seidel alone.
    /// let n = 11;
    /// let h = 1.0 / (n - 1) as f64;
    /// let da = Da::grid(&petsc.world()).sizes([n]).build()?;
    /// let mut snes = Snes::new(&petsc.world())?;
    /// snes.set_function_local(&da, move |info, x, f| {
    ///     for i in info.xs..info.xs + info.xm {
    ///         f[i] = if i == 0 || i == info.mx - 1 {
    ///             x[i]
    ///         } else {
    ///             (2.0 * x[i] - x[i - 1] - x[i + 1]) / (h * h) - 1.0
    ///         };
    ///     }
    ///     Ok(())
    /// })?;
    /// snes.set_ngs_local(&da, move |_snes, info, x, _b| {
    ///     for i in info.xs..info.xs + info.xm {
    ///         x[i] = if i == 0 || i == info.mx - 1 {
    ///             0.0
    ///         } else {
    ///             (x[i - 1] + x[i + 1] + h * h) / 2.0
    ///         };
    ///     }
    ///     Ok(())
    /// })?;
    /// snes.set_type(SnesType::Ngs)?;
    /// snes.set_tolerances(petsc::SnesTolerances { atol: Some(1e-12), rtol: Some(1e-10), max_it: Some(2000), ..Default::default() })?;
    /// let mut u = da.create_global_vector()?;
    /// u.set(0.0)?;
    /// snes.solve(None, &mut u)?.check()?;
    /// let v = da.view(&u)?;
    /// let info = da.info()?;
    /// for i in info.xs..info.xs + info.xm {
    ///     let x = i as f64 * h;
    ///     assert!((v[i] - x * (1.0 - x) / 2.0).abs() < 1e-9);
    /// }
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "SNESSetNGS")]
    #[doc(alias = "DMSNESSetNGS")]
    pub fn set_ngs_local<F>(&mut self, da: &Da, f: F) -> Result<()>
    where
        F: FnMut(&Snes, &DaInfo, &mut DaViewMut<'_>, Option<&DaView<'_>>) -> Result<()> + 'static,
    {
        self.set_dm(da)?;
        let f: Box<LocalNgsFn> = Box::new(f);
        // SAFETY: live DMDA.
        let ctx = unsafe { attach_to_dm(&self.petsc, da.ptr, CallbackKind::SnesLocalNgs, f) }?;
        // SAFETY: live DM; the context is a number PETSc only hands back to the routine.
        check(unsafe { sys::DMSNESSetNGS(da.ptr, Some(local_ngs_trampoline), ctx) })
    }
}
