//! Solving on a grid: the operators and right-hand side computed by closures kept with
//! the DMDA, as C's `KSPSetDM` with `KSPSetComputeOperators` and `KSPSetComputeRHS`.

use std::os::raw::c_void;

use petsc_sys as sys;

use super::{Ksp, SolveGuard};
use crate::callback::{CallbackKind, attach_to_dm, is_attached, run, share_closures};
use crate::declare::petsc_bool;
use crate::dm::{Da, DmBase, is_dmda};
use crate::error::{Error, Result, check, record_destroy};
use crate::init::Petsc;
use crate::jacobian::JacobianMats;
use crate::mat::Mat;
use crate::vec::{ReadLocks, Vector};

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

/// Solving on a grid: the operators and right-hand side computed by closures kept with
/// the DMDA, as C's `KSPSetDM` with `KSPSetComputeOperators` and `KSPSetComputeRHS`.
impl Ksp {
    /// Gives the solver a DM (`KSPSetDM`): a DMDA, or any DM whose hierarchy its
    /// preconditioner uses (a [`DmShell`](crate::DmShell) for multigrid, with
    /// [`set_dm_active`](Self::set_dm_active)`(false)`). From then on (while the DM is active, see
    /// [`set_dm_active`](Self::set_dm_active)) the solver makes its vectors and matrix
    /// from the grid and calls the closures of
    /// [`set_compute_operators`](Self::set_compute_operators) and
    /// [`set_compute_rhs`](Self::set_compute_rhs) to fill them; multigrid
    /// (`-pc_type mg` with `-da_refine`/`-pc_mg_levels`) builds its levels by coarsening
    /// the grid. Closures already set on the solver's previous DM are kept.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let da = petsc::Da::grid(&petsc.world()).sizes([8]).build()?;
    /// let mut ksp = petsc::Ksp::new(&petsc.world())?;
    /// ksp.set_dm(&da)?;
    /// assert_eq!(ksp.dm()?.info()?.mx, 8);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "KSPSetDM")]
    pub fn set_dm<D: DmBase>(&mut self, dm: &D) -> Result<()> {
        let new = dm.dm_raw();
        // SAFETY: live solver.
        let mut old = unsafe { ksp_dm(self.ptr) }?;
        if old == new {
            return Ok(());
        }
        // SAFETY: live DM; held until the end of this function.
        check(unsafe { sys::PetscObjectReference(old as sys::PetscObject) })?;
        // SAFETY: live solver and DM; PETSc takes a reference to the DM and copies the
        // old DM's KSP context to it if it has none. The new DM then also keeps the
        // closures that context refers to.
        let r = check(unsafe { sys::KSPSetDM(self.ptr, new) })
            // SAFETY: both DMs are live (`old` through the reference taken above).
            .and_then(|()| unsafe { share_closures(old, new) });
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
    /// let da = petsc::Da::grid(&petsc.self_comm()).sizes([4]).build()?;
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
    /// let da = Da::grid(&world).sizes([17]).build()?;
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
    /// ksp.set_tolerances(petsc::KspTolerances { rtol: Some(1e-12), ..Default::default() })?;
    /// ksp.solve_dm()?.check()?;
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
    /// let da = Da::grid(&c).sizes([5]).build()?;
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
    /// ksp.solve_dm()?.check()?;
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
    /// Returns why the solve stopped, as [`solve`](Self::solve) does.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut ksp = petsc::Ksp::new(&petsc.self_comm())?;
    /// assert!(ksp.solve_dm().is_err()); // no DMDA
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "KSPSolve")]
    pub fn solve_dm(&mut self) -> Result<super::KspConvergedReason> {
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
        self.check_pc_set_up("Ksp::solve_dm")?;
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
        }
        r?;
        self.check_iteration_limit()?;
        self.converged_reason()
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
    /// let a = petsc::Mat::aij(&c).sizes(petsc::Sizes::global(2, 2)).preallocate(1, 0).build()?;
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

/// The operators kept in the grid's KSP context, for every solver given the grid: C's
/// `DMKSPSetComputeOperators`.
impl Da {
    /// Sets the closure that fills the operators of every solver given this grid
    /// (`DMKSPSetComputeOperators`): the closure of [`Ksp::set_compute_operators`],
    /// called as `f(da, mats)` with the grid of the level at hand, kept in the grid's
    /// KSP context instead of being set through a solver.
    ///
    /// ```
    /// use petsc::{Da, InsertMode, Ksp, Stencil};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut da = Da::grid(&c).sizes([5]).build()?;
    /// da.set_ksp_compute_operators(|da, mats| {
    ///     for i in da.corners()?.iter() {
    ///         let s = Stencil::new(i[0], 0, 0, 0);
    ///         mats.pre().set_values_stencil(&[s], &[s], &[petsc::Scalar::from(4.0)], InsertMode::Insert)?;
    ///     }
    ///     mats.pre().assemble()
    /// })?;
    /// let mut ksp = Ksp::new(&c)?;
    /// ksp.set_dm(&da)?;
    /// ksp.set_compute_rhs(|_, b| b.set(2.0))?;
    /// ksp.solve_dm()?.check()?;
    /// let x = ksp.solution()?;
    /// let off = |v: &petsc::Scalar| petsc::Complex::<f64>::from(*v - petsc::Scalar::from(0.5)).norm();
    /// assert!(x.view()?.iter().all(|v| off(v) < 1e-12));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMKSPSetComputeOperators")]
    pub fn set_ksp_compute_operators<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(&Da, &mut JacobianMats) -> Result<()> + 'static,
    {
        const KIND: CallbackKind = CallbackKind::KspComputeOperators;
        let f: Box<ComputeOperatorsFn> = Box::new(f);
        // SAFETY: live DM; the trampoline is for `ComputeOperatorsFn`, and the context
        // is a number PETSc hands back to it.
        unsafe {
            crate::callback::attach_to_dm_then(&self.petsc, self.ptr, KIND, f, |ctx| {
                sys::DMKSPSetComputeOperators(self.ptr, Some(compute_operators_trampoline), ctx)
            })
        }
    }
}
