//! The residual and Jacobian closures of a [`Snes`] (`SNESSetFunction`,
//! `SNESSetJacobian`), kept in the SNES context of the solver's DM, and the domain
//! errors they may flag.

use std::borrow::Borrow;
use std::cell::Cell;
use std::os::raw::c_void;

use petsc_sys as sys;

use super::{Snes, snes_dm};
use crate::callback::{CallbackKind, attach_to_dm, call};
use crate::dm::Da;
use crate::error::{Error, Result, check, run_callback, unlock_on_error};
use crate::init::Petsc;
use crate::jacobian::JacobianMats;
use crate::mat::Mat;
use crate::vec::{Vector, check_same_layout};

type FunctionFn = dyn FnMut(&Vector, &mut Vector) -> Result<()>;
type JacobianFn = dyn FnMut(&Vector, &mut JacobianMats) -> Result<()>;
type FunctionWithSolverFn = dyn FnMut(&Snes, &Vector, &mut Vector) -> Result<()>;

/// A `SNESFunction`/`DMSNES` residual routine.
pub(super) type RawFunction =
    unsafe extern "C" fn(sys::SNES, sys::Vec, sys::Vec, *mut c_void) -> sys::PetscErrorCode;
/// A `SNESJacobianFunction`/`DMSNES` Jacobian routine.
pub(super) type RawJacobian = unsafe extern "C" fn(
    sys::SNES,
    sys::Vec,
    sys::Mat,
    sys::Mat,
    *mut c_void,
) -> sys::PetscErrorCode;

/// What a callback may flag with [`Snes::domain_error`].
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Evaluation {
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
pub(super) fn evaluate(
    kind: Evaluation,
    body: impl FnOnce() -> sys::PetscErrorCode,
) -> (sys::PetscErrorCode, bool) {
    let prev = DOMAIN.with(|d| d.replace(Some((kind, false))));
    let code = body();
    let flagged = DOMAIN.with(|d| d.replace(prev)).is_some_and(|(_, f)| f);
    (code, flagged)
}

/// Stores a residual routine in the `DMSNES` of `dm` (`DMSNESSetFunction`) with, as its
/// context, the closure `f` (of kind `kind`) kept with the DM (see [`attach_to_dm`]).
///
/// # Safety
/// `dm` must be a live DM, and `routine` a trampoline for closures of type `F`.
pub(super) unsafe fn dm_set_function<F: ?Sized + 'static>(
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
pub(super) unsafe fn dm_set_jacobian<F: ?Sized + 'static>(
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
pub(super) unsafe fn finish_function(
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
pub(super) unsafe fn finish_jacobian(
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
                    let (xv, mut fv) = (
                        Vector::from_raw_scoped(petsc, x)?,
                        Vector::from_raw_scoped(petsc, f)?,
                    );
                    g(&xv, &mut fv)?;
                    fv.written_in_place(f)
                })
            }
        })
    });
    // SAFETY: live solver and vector for the call.
    unsafe { finish_function(snes, x, result) }
}

/// `DMSNESSetFunction` trampoline of [`Snes::set_function_with_solver`].
unsafe extern "C" fn function_with_solver_trampoline(
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
                call::<FunctionWithSolverFn, _>(ctx, KIND, |petsc, g| {
                    // SAFETY: the solver, `x` and `f` are live for the call; the handles
                    // are lent for it.
                    let (s, xv, mut fv) = (
                        Snes::from_raw_scoped(petsc, snes)?,
                        Vector::from_raw_scoped(petsc, x)?,
                        Vector::from_raw_scoped(petsc, f)?,
                    );
                    g(&s, &xv, &mut fv)?;
                    fv.written_in_place(f)
                })
            }
        })
    });
    // SAFETY: live solver and vector for the call.
    unsafe { finish_function(snes, x, result) }
}

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
                    let xv = Vector::from_raw_scoped(petsc, x)?;
                    // SAFETY: as above.
                    JacobianMats::lend(petsc, a, p, |mats| g(&xv, mats))
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

impl Snes {
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
    #[doc(alias = "SNESSetFunction")]
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

    /// As [`set_function`](Self::set_function), the closure `f(snes, x, F)` also lent
    /// the solver that calls it (petsc4py's residual gets its solver), to read its state
    /// during the solve: the load parameter of `newtonal`, the iteration number, ...
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut snes = petsc::Snes::new(&c)?;
    /// snes.set_function_with_solver(petsc::Vector::new_seq(&c, 1)?, |snes, x, f| {
    ///     let it = snes.iteration_number()? as f64;
    ///     let x0 = x.view()?[0];
    ///     f.view_mut()?[0] = x0 - 2.0 - it;
    ///     Ok(())
    /// })?;
    /// let x = petsc::Vector::from_slice(&c, &[0.0])?;
    /// let mut f = x.duplicate()?;
    /// snes.compute_function(&x, &mut f)?;
    /// assert_eq!(f.view()?[0], -2.0);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "SNESSetFunction")]
    pub fn set_function_with_solver<F>(&mut self, r: Vector, f: F) -> Result<()>
    where
        F: FnMut(&Snes, &Vector, &mut Vector) -> Result<()> + 'static,
    {
        // SAFETY: live solver and vector (PETSc references it); no routine or context
        // given, so only the residual vector is stored.
        check(unsafe { sys::SNESSetFunction(self.ptr, r.ptr, None, std::ptr::null_mut()) })?;
        let f: Box<FunctionWithSolverFn> = Box::new(f);
        // SAFETY: live solver, hence a live DM; the trampoline is for
        // `FunctionWithSolverFn`.
        unsafe {
            dm_set_function(
                &self.petsc,
                snes_dm(self.ptr)?,
                CallbackKind::SnesFunction,
                function_with_solver_trampoline,
                f,
            )
        }
    }

    /// Sets the Jacobian: the matrix `a` (the operator) and `p` (the matrix the
    /// preconditioner is built from; `None` means `a` itself), and the closure that fills
    /// them at a point `x` (`SNESSetJacobian`). `a` is borrowed (`&a`) and `p` is `&p`,
    /// `Some(&p)` or `None`: the solver keeps references of its own to the matrices, so
    /// the caller's handles stay usable; the closure is kept in the SNES context of the solver's DM, as the
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
    #[doc(alias = "SNESSetJacobian")]
    pub fn set_jacobian<'a, F>(
        &mut self,
        a: impl Borrow<Mat>,
        p: impl Into<Option<&'a Mat>>,
        f: F,
    ) -> Result<()>
    where
        F: FnMut(&Vector, &mut JacobianMats) -> Result<()> + 'static,
    {
        let a: &Mat = a.borrow();
        let p: Option<&Mat> = p.into();
        let (a_raw, pp) = crate::jacobian::kept_pair("Snes::set_jacobian", a, p)?;
        // SAFETY: live solver and matrices; PETSc takes references to both. No routine or
        // context given, so only the matrices are stored.
        check(unsafe { sys::SNESSetJacobian(self.ptr, a_raw, pp, None, std::ptr::null_mut()) })?;
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

    /// Checks that each named vector has the layout of the residual vector the function
    /// was set with (nothing to check before one is set). Not collective.
    pub(crate) fn check_like_residual(&self, ctx: &str, vectors: &[(&str, &Vector)]) -> Result<()> {
        let mut r: sys::Vec = std::ptr::null_mut();
        // SAFETY: live solver; null outputs are skipped; PETSc lends its residual vector
        // or null.
        check(unsafe {
            sys::SNESGetFunction(self.ptr, &mut r, std::ptr::null_mut(), std::ptr::null_mut())
        })?;
        if r.is_null() {
            return Ok(());
        }
        // SAFETY: the solver holds `r`, so it is live; the handle takes its own reference.
        let r = unsafe { Vector::from_raw_borrowed(&self.petsc, r) }?;
        for &named in vectors {
            check_same_layout(ctx, named, ("the residual vector", &r))?;
        }
        Ok(())
    }

    /// Checks, on every rank at once (collective), that `reads` and `writes` (named)
    /// have the residual vector's layout (see
    /// [`check_like_residual`](Self::check_like_residual); local sizes can differ on
    /// some ranks only), that `reads` can be read and `writes` written: what a call
    /// into the solver's routines (collective) asks of its vectors.
    pub(crate) fn ready_like_residual(
        &self,
        ctx: &str,
        reads: &[(&str, &Vector)],
        writes: &[(&str, &Vector)],
    ) -> Result<()> {
        let local = (|| {
            let all: std::vec::Vec<_> = reads.iter().chain(writes).copied().collect();
            self.check_like_residual(ctx, &all)?;
            let (r, w): (std::vec::Vec<_>, std::vec::Vec<_>) = (
                reads.iter().map(|&(_, v)| v).collect(),
                writes.iter().map(|&(_, v)| v).collect(),
            );
            Vector::accessible(ctx, &r, &w)
        })();
        crate::object::Object::comm(self).agree(ctx, local)
    }

    /// Evaluates the residual `f = F(x)` with the function set on this solver
    /// (`SNESComputeFunction`), as the solver does (including `-snes_mf` bookkeeping).
    /// `x` and `f` must be laid out like the residual vector the function was set with
    /// (PETSc does not check, and the closure got vectors of any size).
    #[doc(alias = "SNESComputeFunction")]
    pub fn compute_function(&mut self, x: &Vector, f: &mut Vector) -> Result<()> {
        const CTX: &str = "Snes::compute_function";
        self.ready_like_residual(CTX, &[("x", x)], &[("f", &*f)])?;
        // SAFETY: live solver (a TS's of an explicit type fails cleanly, not in PETSc 3.18's
        // null routine).
        check(unsafe { sys::petscrs_SNESGuardTS(self.ptr) })?;
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
    /// [`SnesConvergedReason::DivergedFunctionDomain`](crate::SnesConvergedReason::DivergedFunctionDomain).
    /// Outside an evaluation it is an
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
    /// let reason = snes.solve(None, &mut x)?;
    /// assert_eq!(reason, petsc::SnesConvergedReason::DivergedFunctionDomain);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "SNESSetFunctionDomainError")]
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
}

/// The residual and Jacobian kept in the grid's SNES context, for every solver given
/// the grid: C's `DMSNESSetFunction` and `DMSNESSetJacobian`.
impl Da {
    /// Sets the residual of every solver given this grid (`DMSNESSetFunction`): the
    /// closure `f(x, F)` of [`Snes::set_function`], kept in the grid's SNES context
    /// (replacing any earlier residual of the grid) instead of the solver's. The
    /// solver makes its residual vector from the grid.
    ///
    /// ```
    /// use petsc::{Da, Snes, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut da = Da::grid(&c).sizes([4]).build()?;
    /// // x_i^3 = (i + 1)^3, with its Jacobian diag(3 x_i^2).
    /// da.set_snes_function(|x, f| {
    ///     let (x, mut f) = (x.view()?, f.view_mut()?);
    ///     for i in 0..x.len() {
    ///         f[i] = x[i] * x[i] * x[i] - petsc::Scalar::from(((i + 1) * (i + 1) * (i + 1)) as f64);
    ///     }
    ///     Ok(())
    /// })?;
    /// da.set_snes_jacobian(|x, mats| {
    ///     let x = x.view()?;
    ///     for i in 0..x.len() {
    ///         let d = petsc::Scalar::from(3.0) * x[i] * x[i];
    ///         mats.pre().set_values(&[i as petsc::Int], &[i as petsc::Int], &[d], petsc::InsertMode::Insert)?;
    ///     }
    ///     mats.pre().assemble()
    /// })?;
    /// let mut snes = Snes::new(&c)?;
    /// snes.set_dm(&da)?;
    /// let mut x = da.create_global_vector()?;
    /// x.set(1.0)?;
    /// snes.solve(None, &mut x)?.check()?;
    /// for (i, v) in x.view()?.iter().enumerate() {
    ///     assert!(petsc::Complex::<f64>::from(*v - petsc::Scalar::from((i + 1) as f64)).norm() < 1e-8);
    /// }
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMSNESSetFunction")]
    pub fn set_snes_function<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(&Vector, &mut Vector) -> Result<()> + 'static,
    {
        let f: Box<FunctionFn> = Box::new(f);
        // SAFETY: live DM; the trampoline is for `FunctionFn`.
        unsafe {
            dm_set_function(
                &self.petsc,
                self.ptr,
                CallbackKind::SnesFunction,
                function_trampoline,
                f,
            )
        }
    }

    /// Sets the Jacobian of every solver given this grid (`DMSNESSetJacobian`): the
    /// closure `f(x, mats)` of [`Snes::set_jacobian`], kept in the grid's SNES context
    /// as the residual of [`set_snes_function`](Self::set_snes_function) is (where the
    /// example is). The solver makes its matrix from the grid.
    #[doc(alias = "DMSNESSetJacobian")]
    pub fn set_snes_jacobian<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(&Vector, &mut JacobianMats) -> Result<()> + 'static,
    {
        let f: Box<JacobianFn> = Box::new(f);
        // SAFETY: live DM; the trampoline is for `JacobianFn`.
        unsafe {
            dm_set_jacobian(
                &self.petsc,
                self.ptr,
                CallbackKind::SnesJacobian,
                jacobian_trampoline,
                f,
            )
        }
    }
}
