//! The routines a method calls: objective, gradient, Hessian, residual and Jacobian
//! closures, their trampolines, and the checks of the matrices given for them.

use std::cell::RefCell;
use std::os::raw::c_void;
use std::rc::Rc;

use petsc_sys as sys;

use super::{Tao, mat_sizes, vec_sizes};
use crate::callback::{CallbackKind, attach, run, run_unlent};
use crate::error::{Error, Result, check, check_finite, unlock_on_error};
use crate::jacobian::JacobianMats;
use crate::mat::Mat;
use crate::object::Object;
use crate::scalar::{Int, Real, Scalar};
use crate::vec::{InOutArrays, Vector};

/// `f(x)`.
type ObjectiveFn = dyn FnMut(&Vector) -> Result<Real>;
/// `g = grad f(x)`, or a residual `r = R(x)`.
pub(super) type VecFn = dyn FnMut(&Vector, &mut Vector) -> Result<()>;
/// `g = grad f(x)`, returning `f(x)`.
type ObjGradFn = dyn FnMut(&Vector, &mut Vector) -> Result<Real>;
/// [`ObjGradFn`] on this process's entries of `x` and `g`.
type ObjGradSlicesFn = dyn FnMut(&[Scalar], &mut [Scalar]) -> Result<Real>;
/// A `TaoSetObjectiveAndGradient` routine.
type ObjGradTrampoline = unsafe extern "C" fn(
    sys::Tao,
    sys::Vec,
    *mut Real,
    sys::Vec,
    *mut c_void,
) -> sys::PetscErrorCode;
/// Fills the matrices (the preconditioning matrix, and the operator when distinct) at `x`.
type MatFn = dyn FnMut(&Vector, &mut JacobianMats) -> Result<()>;

/// `TaoSetObjective` trampoline.
unsafe extern "C" fn objective_trampoline(
    _tao: sys::Tao,
    x: sys::Vec,
    f: *mut Real,
    ctx: *mut c_void,
) -> sys::PetscErrorCode {
    let code = run::<ObjectiveFn>(ctx, CallbackKind::TaoObjective, |petsc, func| {
        // SAFETY: PETSc passes a live vector.
        let xv = unsafe { Vector::from_raw_scoped(petsc, x) }?;
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
pub(super) unsafe fn vec_callback(
    kind: CallbackKind,
    x: sys::Vec,
    g: sys::Vec,
    ctx: *mut c_void,
) -> sys::PetscErrorCode {
    let code = run::<VecFn>(ctx, kind, |petsc, func| {
        // SAFETY: PETSc passes live, distinct vectors.
        let (xv, mut gv) = unsafe {
            (
                Vector::from_raw_scoped(petsc, x)?,
                Vector::from_raw_scoped(petsc, g)?,
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
                Vector::from_raw_scoped(petsc, x)?,
                Vector::from_raw_scoped(petsc, g)?,
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

/// `TaoSetObjectiveAndGradient` trampoline of
/// [`set_objective_and_gradient_slices`](Tao::set_objective_and_gradient_slices): the
/// closure gets the arrays, no handles.
unsafe extern "C" fn objgrad_slices_trampoline(
    _tao: sys::Tao,
    x: sys::Vec,
    f: *mut Real,
    g: sys::Vec,
    ctx: *mut c_void,
) -> sys::PetscErrorCode {
    const KIND: CallbackKind = CallbackKind::TaoObjectiveAndGradient;
    const NAME: &str = KIND.name();
    let code = run_unlent::<ObjGradSlicesFn>(ctx, KIND, |_, func| {
        // SAFETY: PETSc passes live vectors, alive for the call.
        let mut arrays = unsafe { InOutArrays::lend(x, g, NAME) }?;
        let (xs, gs) = arrays.slices();
        let v = func(xs, gs)?;
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
pub(super) unsafe fn mat_callback(
    kind: CallbackKind,
    x: sys::Vec,
    a: sys::Mat,
    p: sys::Mat,
    ctx: *mut c_void,
) -> sys::PetscErrorCode {
    let code = run::<MatFn>(ctx, kind, |petsc, func| {
        // SAFETY: PETSc passes live objects; each handle takes its own reference.
        let xv = unsafe { Vector::from_raw_scoped(petsc, x) }?;
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

impl Tao {
    /// Refuses a Hessian that is not `n x n` with the solution's layout `xs`, except one
    /// PETSc made for `-tao_fd_hessian` or `-tao_mf_hessian`: that one has no size until
    /// PETSc's own Hessian routine gives it the solution's at its first use.
    pub(super) fn check_hessian(&self, context: &str, xs: (Int, Int)) -> Result<()> {
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
    pub(super) fn raw_hessian(&self) -> Result<(sys::Mat, HessianRoutine)> {
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
    pub(super) fn check_square(
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
    /// tao.set_tolerances(petsc::TaoTolerances { gatol: Some(1e-12), grtol: Some(0.0), ..Default::default() })?;
    /// tao.solve()?.check()?;
    /// let v = x.view()?;
    /// assert!((v[0] - 0.5).abs() < 1e-3 && (v[1] - 0.25).abs() < 1e-3, "{:?}", &*v);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "TaoSetObjective")]
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
    #[doc(alias = "TaoSetGradient")]
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
    #[doc(alias = "TaoSetObjectiveAndGradient")]
    pub fn set_objective_and_gradient<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(&Vector, &mut Vector) -> Result<Real> + 'static,
    {
        let f: Box<ObjGradFn> = Box::new(f);
        self.install_objective_and_gradient(f, objgrad_trampoline)
    }

    /// Keeps `f` with the solver under `TaoObjectiveAndGradient` and gives PETSc
    /// `trampoline`, the one that calls a closure of `f`'s type.
    fn install_objective_and_gradient<F: ?Sized + 'static>(
        &mut self,
        f: Box<F>,
        trampoline: ObjGradTrampoline,
    ) -> Result<()> {
        // SAFETY: live solver; the closure is kept with it (replacing an earlier one).
        let ctx = unsafe {
            attach(
                &self.petsc,
                self.ptr as sys::PetscObject,
                CallbackKind::TaoObjectiveAndGradient,
                f,
            )
        }?;
        // SAFETY: live solver; null gradient vector (PETSc makes one); `trampoline`
        // calls closures of the type kept.
        check(unsafe {
            sys::TaoSetObjectiveAndGradient(self.ptr, std::ptr::null_mut(), Some(trampoline), ctx)
        })
    }

    /// [`set_objective_and_gradient`](Self::set_objective_and_gradient) with this
    /// process's entries of `x` and `g` as slices (`TaoSetObjectiveAndGradient`, the
    /// arrays of `VecGetArrayRead` and `VecGetArray`), for a closure that needs no more
    /// of the vectors than their entries: no handle is made for an evaluation, which
    /// makes a cheap objective cheaper to call. On several ranks each rank's closure
    /// gets its own entries and returns the whole objective (it reduces the sum
    /// itself). The vectors are borrowed as views of them are: a handle to `x` held
    /// elsewhere can read it meanwhile but not write it, one to `g` can do neither (an
    /// `Err`, as for a second view). Replaces the closure set by
    /// `set_objective_and_gradient`, and the other way round. Errors and panics as for
    /// [`set_objective`](Self::set_objective) (`Tao objective and gradient`).
    ///
    /// ```
    /// # #[cfg(not(petsc_complex))] {
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// // f(x) = (x0 - 1)^2 + 10 (x1 - 2)^2.
    /// let x = petsc::Vector::from_slice(&c, &[0.0, 0.0])?;
    /// let mut tao = petsc::Tao::new(&c)?;
    /// tao.set_type(petsc::TaoType::Lmvm)?;
    /// tao.set_solution(&x)?;
    /// tao.set_objective_and_gradient_slices(|x, g| {
    ///     let (a, b) = (x[0] - 1.0, x[1] - 2.0);
    ///     g.copy_from_slice(&[2.0 * a, 20.0 * b]);
    ///     Ok(a * a + 10.0 * b * b)
    /// })?;
    /// tao.solve()?.check()?;
    /// let v = x.view()?;
    /// assert!((v[0] - 1.0).abs() < 1e-5 && (v[1] - 2.0).abs() < 1e-5);
    /// # }
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "TaoSetObjectiveAndGradient")]
    pub fn set_objective_and_gradient_slices<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(&[Scalar], &mut [Scalar]) -> Result<Real> + 'static,
    {
        let f: Box<ObjGradSlicesFn> = Box::new(f);
        self.install_objective_and_gradient(f, objgrad_slices_trampoline)
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
    /// use petsc::{InsertMode, Mat, Sizes, Tao, TaoType, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// // f(x) = x0^2 + x0 x1 + 2 x1^2 - x0: Hessian [[2, 1], [1, 4]], minimum (4/7, -1/7).
    /// let x = Vector::from_slice(&c, &[0.0, 0.0])?;
    /// let h = Mat::aij(&c).sizes(Sizes::global(2, 2)).preallocate(2, 0).build()?;
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
    /// tao.solve()?.check()?;
    /// let v = x.view()?;
    /// assert!((v[0] - 4.0 / 7.0).abs() < 1e-8 && (v[1] + 1.0 / 7.0).abs() < 1e-8);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "TaoSetHessian")]
    pub fn set_hessian<'a, F>(&mut self, h: &Mat, p: impl Into<Option<&'a Mat>>, f: F) -> Result<()>
    where
        F: FnMut(&Vector, &mut JacobianMats) -> Result<()> + 'static,
    {
        let p: Option<&Mat> = p.into();
        h.check_loan("Tao::set_hessian")?;
        if let Some(m) = p {
            m.check_loan("Tao::set_hessian")?;
        }
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
    /// `hv = H(x) v`. Builds a shell matrix ([`Mat::shell`]) with the solution's
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
    /// tao.solve()?.check()?;
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
        let sizes = crate::Sizes::local(l, l).with_global(n, n);
        let shell = Mat::shell(&xv.comm()).sizes(sizes).build(move |v, hv| {
            let x = reader.try_borrow().map_err(|_| {
                Error::invalid(CTX, "re-entrant call: the product applied the Hessian")
            })?;
            hess_mult(&x, v, hv)
        })?;
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
    #[doc(alias = "TaoSetResidualRoutine")]
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
    /// use petsc::{InsertMode, Mat, Sizes, Tao, TaoType, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// // Fit y = a t + b to three exact points of y = 2 t + 1.
    /// let (t, y) = ([0.0, 1.0, 2.0], [1.0, 3.0, 5.0]);
    /// let x = Vector::from_slice(&c, &[0.0, 0.0])?;
    /// let r = Vector::from_slice(&c, &[0.0; 3])?;
    /// let mut j = Mat::aij(&c).sizes(Sizes::global(3, 2)).preallocate(2, 0).build()?;
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
    /// tao.solve()?.check()?;
    /// let v = x.view()?;
    /// assert!((v[0] - 2.0).abs() < 1e-6 && (v[1] - 1.0).abs() < 1e-6, "{:?}", &*v);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "TaoSetJacobianResidualRoutine")]
    pub fn set_jacobian_residual<'a, F>(
        &mut self,
        j: &Mat,
        p: impl Into<Option<&'a Mat>>,
        f: F,
    ) -> Result<()>
    where
        F: FnMut(&Vector, &mut JacobianMats) -> Result<()> + 'static,
    {
        let p: Option<&Mat> = p.into();
        j.check_loan("Tao::set_jacobian_residual")?;
        if let Some(m) = p {
            m.check_loan("Tao::set_jacobian_residual")?;
        }
        crate::object::refuse_lent("Tao::set_jacobian_residual", p)?;
        const CTX: &str = "Tao::set_jacobian_residual";
        // SAFETY: live matrix.
        let (js, _) = unsafe { mat_sizes(j.kept_raw(CTX)?) }?;
        self.check_jacobian_sizes(CTX, js, p)?;
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
    #[doc(alias = "TaoBRGNSetRegularizerWeight")]
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
}
