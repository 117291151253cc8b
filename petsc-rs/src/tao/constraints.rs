//! Constraints of a [`Tao`] and the `TaoCompute*` evaluations: general, equality and
//! inequality constraints with their Jacobians (for `almm`, `pdipm`, `ipm`, `lcl`), a
//! routine computing the variable bounds, and evaluations of every routine at a given
//! point.

use std::os::raw::c_void;

use petsc_sys as sys;

use super::{mat_callback, mat_sizes, vec_callback, vec_sizes, Tao, VecFn};
use crate::callback::{attach, is_attached, run, CallbackKind};
use crate::error::{check, unlock_on_error, Error, Result};
use crate::jacobian::JacobianMats;
use crate::mat::Mat;
use crate::vec::Vector;
use crate::Real;

/// Fills the Jacobian matrices of constraints at `x`.
type JacFn = dyn FnMut(&Vector, &mut JacobianMats) -> Result<()>;
/// Writes the lower and upper bounds.
type BoundsFn = dyn FnMut(&mut Vector, &mut Vector) -> Result<()>;

/// The `(Tao, Vec, Vec, void*)` trampoline of a constraint routine of kind `$kind`.
macro_rules! vec_trampoline {
    ($name:ident, $kind:ident) => {
        unsafe extern "C" fn $name(
            _tao: sys::Tao,
            x: sys::Vec,
            c: sys::Vec,
            ctx: *mut c_void,
        ) -> sys::PetscErrorCode {
            // SAFETY: PETSc calls the constraint routine with live vectors.
            unsafe { vec_callback(CallbackKind::$kind, x, c, ctx) }
        }
    };
}

/// The `(Tao, Vec, Mat, Mat, void*)` trampoline of a Jacobian routine of kind `$kind`.
macro_rules! mat_trampoline {
    ($name:ident, $kind:ident) => {
        unsafe extern "C" fn $name(
            _tao: sys::Tao,
            x: sys::Vec,
            j: sys::Mat,
            p: sys::Mat,
            ctx: *mut c_void,
        ) -> sys::PetscErrorCode {
            // SAFETY: PETSc calls the Jacobian routine with live objects.
            unsafe { mat_callback(CallbackKind::$kind, x, j, p, ctx) }
        }
    };
}

vec_trampoline!(constraints_trampoline, TaoConstraints);
vec_trampoline!(equality_trampoline, TaoEqualityConstraints);
vec_trampoline!(inequality_trampoline, TaoInequalityConstraints);
mat_trampoline!(jacobian_trampoline, TaoJacobian);
mat_trampoline!(jacobian_equality_trampoline, TaoJacobianEquality);
mat_trampoline!(jacobian_inequality_trampoline, TaoJacobianInequality);

/// `TaoSetVariableBoundsRoutine` trampoline.
unsafe extern "C" fn bounds_trampoline(
    _tao: sys::Tao,
    xl: sys::Vec,
    xu: sys::Vec,
    ctx: *mut c_void,
) -> sys::PetscErrorCode {
    run::<BoundsFn>(ctx, CallbackKind::TaoVariableBounds, |petsc, func| {
        // SAFETY: PETSc passes the solver's two live, distinct bound vectors.
        let (mut l, mut u) = unsafe {
            (
                Vector::from_raw_borrowed(petsc, xl)?,
                Vector::from_raw_borrowed(petsc, xu)?,
            )
        };
        func(&mut l, &mut u)
    })
}

/// `TaoSet*ConstraintsRoutine(tao, c, routine, ctx)`.
type SetVecRoutine = unsafe extern "C" fn(
    sys::Tao,
    sys::Vec,
    Option<unsafe extern "C" fn(sys::Tao, sys::Vec, sys::Vec, *mut c_void) -> sys::PetscErrorCode>,
    *mut c_void,
) -> sys::PetscErrorCode;

/// `TaoSetJacobian*Routine(tao, j, p, routine, ctx)`.
type SetMatRoutine = unsafe extern "C" fn(
    sys::Tao,
    sys::Mat,
    sys::Mat,
    Option<
        unsafe extern "C" fn(
            sys::Tao,
            sys::Vec,
            sys::Mat,
            sys::Mat,
            *mut c_void,
        ) -> sys::PetscErrorCode,
    >,
    *mut c_void,
) -> sys::PetscErrorCode;

/// `TaoCompute*(tao, x, c)`.
type ComputeVec = unsafe extern "C" fn(sys::Tao, sys::Vec, sys::Vec) -> sys::PetscErrorCode;
/// `TaoComputeJacobian*(tao, x, j, p)`.
type ComputeMat =
    unsafe extern "C" fn(sys::Tao, sys::Vec, sys::Mat, sys::Mat) -> sys::PetscErrorCode;

impl Tao {
    /// Attaches `f` as a closure of `kind` and sets it with `set` and the vector `c`.
    fn set_vec_routine(
        &mut self,
        kind: CallbackKind,
        set: SetVecRoutine,
        trampoline: unsafe extern "C" fn(
            sys::Tao,
            sys::Vec,
            sys::Vec,
            *mut c_void,
        ) -> sys::PetscErrorCode,
        c: &Vector,
        f: Box<VecFn>,
    ) -> Result<()> {
        // SAFETY: live solver; the closure is kept with it (replacing an earlier one).
        let ctx = unsafe { attach(&self.petsc, self.ptr as sys::PetscObject, kind, f) }?;
        // SAFETY: live solver and vector (PETSc references it).
        check(unsafe { set(self.ptr, c.ptr, Some(trampoline), ctx) })
    }

    /// Checks the Jacobian `j` (and `p`) of constraints with `rows` entries (when known),
    /// attaches `f` as a closure of `kind` and sets it with `set`.
    #[allow(clippy::too_many_arguments)]
    fn set_mat_routine(
        &mut self,
        context: &str,
        kind: CallbackKind,
        set: SetMatRoutine,
        trampoline: unsafe extern "C" fn(
            sys::Tao,
            sys::Vec,
            sys::Mat,
            sys::Mat,
            *mut c_void,
        ) -> sys::PetscErrorCode,
        j: &Mat,
        p: Option<&Mat>,
        f: Box<JacFn>,
    ) -> Result<()> {
        // SAFETY: live matrix.
        let (js, _) = unsafe { mat_sizes(j.ptr) }?;
        if let Some(p) = p {
            // SAFETY: live matrix.
            let (ps, _) = unsafe { mat_sizes(p.ptr) }?;
            if ps != js {
                return Err(Error::size_mismatch(
                    context,
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
                    context,
                    format!(
                        "the Jacobian has {} columns but the solution has global size {n}",
                        js.1
                    ),
                ));
            }
        }
        // SAFETY: live solver; the closure is kept with it (replacing an earlier one).
        let ctx = unsafe { attach(&self.petsc, self.ptr as sys::PetscObject, kind, f) }?;
        let pp = p.map_or(j.ptr, |p| p.ptr);
        // SAFETY: live solver and matrices (PETSc references them).
        check(unsafe { set(self.ptr, j.ptr, pp, Some(trampoline), ctx) })
    }

    /// Sets the general constraints `c(x)`, written into `c`, for `ipm` and `lcl`
    /// (`TaoSetConstraintsRoutine`). Errors and panics end the solve and name
    /// `Tao constraints`.
    #[doc(alias = "TaoSetConstraintsRoutine")]
    pub fn set_constraints<F>(&mut self, c: &Vector, f: F) -> Result<()>
    where
        F: FnMut(&Vector, &mut Vector) -> Result<()> + 'static,
    {
        self.set_vec_routine(
            CallbackKind::TaoConstraints,
            sys::TaoSetConstraintsRoutine,
            constraints_trampoline,
            c,
            Box::new(f),
        )
    }

    /// Sets the equality constraints `c_e(x) = 0`, written into `c` (one entry per
    /// constraint) (`TaoSetEqualityConstraintsRoutine`), for `almm` and `pdipm`. Give
    /// their Jacobian with [`set_jacobian_equality`](Self::set_jacobian_equality).
    /// Errors and panics end the solve and name `Tao equality constraints`.
    ///
    /// ```
    /// use petsc::{InsertMode, Mat, Tao, TaoType, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// // min |x|^2 subject to x0 + x1 + x2 = 1: x_i = 1/3.
    /// let x = Vector::from_slice(&c, &[0.0; 3])?;
    /// let ce = Vector::from_slice(&c, &[0.0])?;
    /// let mut a = Mat::new_aij(&c, None, None, Some(1), Some(3), 3, 0)?;
    /// a.set_values(&[0], &[0, 1, 2], &[1.0; 3], InsertMode::Insert)?;
    /// a.assemble()?;
    /// let mut tao = Tao::new(&c)?;
    /// tao.set_type(TaoType::Almm)?;
    /// tao.set_solution(&x)?;
    /// tao.set_objective_and_gradient(|x, g| {
    ///     let v = x.view()?;
    ///     let mut gv = g.view_mut()?;
    ///     for i in 0..3 { gv[i] = 2.0 * v[i]; }
    ///     Ok(v.iter().map(|a| a * a).sum())
    /// })?;
    /// tao.set_equality_constraints(&ce, |x, c| {
    ///     c.view_mut()?[0] = x.view()?.iter().sum::<f64>() - 1.0;
    ///     Ok(())
    /// })?;
    /// tao.set_jacobian_equality(&a, None, |_x, _mats| Ok(()))?; // constant
    /// tao.set_tolerances(Some(1e-7), None, None)?;
    /// tao.set_constraint_tolerances(Some(1e-7), None)?;
    /// tao.solve()?;
    /// for v in x.view()?.iter() {
    ///     assert!((v - 1.0 / 3.0).abs() < 1e-4, "{v}");
    /// }
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "TaoSetEqualityConstraintsRoutine")]
    pub fn set_equality_constraints<F>(&mut self, c: &Vector, f: F) -> Result<()>
    where
        F: FnMut(&Vector, &mut Vector) -> Result<()> + 'static,
    {
        self.set_vec_routine(
            CallbackKind::TaoEqualityConstraints,
            sys::TaoSetEqualityConstraintsRoutine,
            equality_trampoline,
            c,
            Box::new(f),
        )
    }

    /// Sets the inequality constraints `c_i(x) >= 0`, written into `c`
    /// (`TaoSetInequalityConstraintsRoutine`), for `almm` and `pdipm`. Give their
    /// Jacobian with [`set_jacobian_inequality`](Self::set_jacobian_inequality). Errors
    /// and panics end the solve and name `Tao inequality constraints`.
    #[doc(alias = "TaoSetInequalityConstraintsRoutine")]
    pub fn set_inequality_constraints<F>(&mut self, c: &Vector, f: F) -> Result<()>
    where
        F: FnMut(&Vector, &mut Vector) -> Result<()> + 'static,
    {
        self.set_vec_routine(
            CallbackKind::TaoInequalityConstraints,
            sys::TaoSetInequalityConstraintsRoutine,
            inequality_trampoline,
            c,
            Box::new(f),
        )
    }

    /// Sets the Jacobian of the general constraints of
    /// [`set_constraints`](Self::set_constraints) (rows: constraints, columns:
    /// variables), the matrix `p` to precondition with (`None`: `j`), and the closure
    /// filling them (`TaoSetJacobianRoutine`), as in
    /// [`set_jacobian_residual`](Self::set_jacobian_residual). Errors and panics name
    /// `Tao constraints Jacobian`.
    #[doc(alias = "TaoSetJacobianRoutine")]
    pub fn set_jacobian<F>(&mut self, j: &Mat, p: Option<&Mat>, f: F) -> Result<()>
    where
        F: FnMut(&Vector, &mut JacobianMats) -> Result<()> + 'static,
    {
        self.set_mat_routine(
            "Tao::set_jacobian",
            CallbackKind::TaoJacobian,
            sys::TaoSetJacobianRoutine,
            jacobian_trampoline,
            j,
            p,
            Box::new(f),
        )
    }

    /// Sets the Jacobian of the equality constraints (rows: constraints, columns:
    /// variables), the matrix `p` to precondition with (`None`: `j`), and the closure
    /// filling them (`TaoSetJacobianEqualityRoutine`). See the example of
    /// [`set_equality_constraints`](Self::set_equality_constraints). Errors and panics
    /// name `Tao equality constraints Jacobian`.
    #[doc(alias = "TaoSetJacobianEqualityRoutine")]
    pub fn set_jacobian_equality<F>(&mut self, j: &Mat, p: Option<&Mat>, f: F) -> Result<()>
    where
        F: FnMut(&Vector, &mut JacobianMats) -> Result<()> + 'static,
    {
        self.set_mat_routine(
            "Tao::set_jacobian_equality",
            CallbackKind::TaoJacobianEquality,
            sys::TaoSetJacobianEqualityRoutine,
            jacobian_equality_trampoline,
            j,
            p,
            Box::new(f),
        )
    }

    /// Sets the Jacobian of the inequality constraints, as
    /// [`set_jacobian_equality`](Self::set_jacobian_equality) does for the equality ones
    /// (`TaoSetJacobianInequalityRoutine`). Errors and panics name
    /// `Tao inequality constraints Jacobian`.
    #[doc(alias = "TaoSetJacobianInequalityRoutine")]
    pub fn set_jacobian_inequality<F>(&mut self, j: &Mat, p: Option<&Mat>, f: F) -> Result<()>
    where
        F: FnMut(&Vector, &mut JacobianMats) -> Result<()> + 'static,
    {
        self.set_mat_routine(
            "Tao::set_jacobian_inequality",
            CallbackKind::TaoJacobianInequality,
            sys::TaoSetJacobianInequalityRoutine,
            jacobian_inequality_trampoline,
            j,
            p,
            Box::new(f),
        )
    }

    /// Sets a closure computing the bounds `lower <= x <= upper` into the two vectors it
    /// gets (`TaoSetVariableBoundsRoutine`), called at set-up (and by
    /// [`compute_variable_bounds`](Self::compute_variable_bounds)) with vectors filled
    /// with `-inf` and `+inf` unless bounds were set. Errors and panics name
    /// `Tao variable bounds`.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let x = petsc::Vector::from_slice(&c, &[0.0, 0.0])?;
    /// let mut tao = petsc::Tao::new(&c)?;
    /// tao.set_solution(&x)?;
    /// tao.set_variable_bounds_routine(|lo, hi| {
    ///     lo.set(-1.0)?;
    ///     hi.view_mut()?.copy_from_slice(&[2.0, 3.0]);
    ///     Ok(())
    /// })?;
    /// let (mut lo, mut hi) = (x.duplicate()?, x.duplicate()?);
    /// tao.compute_variable_bounds(&mut lo, &mut hi)?;
    /// assert_eq!((&*lo.view()?, &*hi.view()?), (&[-1.0, -1.0][..], &[2.0, 3.0][..]));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "TaoSetVariableBoundsRoutine")]
    pub fn set_variable_bounds_routine<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(&mut Vector, &mut Vector) -> Result<()> + 'static,
    {
        let f: Box<BoundsFn> = Box::new(f);
        // SAFETY: live solver; the closure is kept with it (replacing an earlier one).
        let ctx = unsafe {
            attach(
                &self.petsc,
                self.ptr as sys::PetscObject,
                CallbackKind::TaoVariableBounds,
                f,
            )
        }?;
        // SAFETY: live solver.
        check(unsafe { sys::TaoSetVariableBoundsRoutine(self.ptr, Some(bounds_trampoline), ctx) })
    }

    /// Runs the bounds routine of
    /// [`set_variable_bounds_routine`](Self::set_variable_bounds_routine), if any
    /// (`TaoComputeVariableBounds`), and copies the solver's bounds into `lower` and
    /// `upper`, which must have the solution's layout. An `Err` when the solver has no
    /// bounds.
    #[doc(alias = "TaoComputeVariableBounds")]
    pub fn compute_variable_bounds(
        &mut self,
        lower: &mut Vector,
        upper: &mut Vector,
    ) -> Result<()> {
        const CTX: &str = "Tao::compute_variable_bounds";
        self.check_point(CTX, lower)?;
        self.check_point(CTX, upper)?;
        // SAFETY: live solver with a solution (checked above); the closure lives with it.
        check(unsafe { sys::TaoComputeVariableBounds(self.ptr) })?;
        let Some((lo, hi)) = self.variable_bounds()? else {
            return Err(Error::invalid(
                CTX,
                "the solver has no bounds: call set_variable_bounds or \
                 set_variable_bounds_routine first",
            ));
        };
        lower.copy_from(&lo)?;
        upper.copy_from(&hi)
    }

    /// `g = grad f(x)` and `f(x)` through the routines set on this solver
    /// (`TaoComputeObjectiveAndGradient`). `x` and `g` must have the solution's layout.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut tao = petsc::Tao::new(&c)?;
    /// let x = petsc::Vector::from_slice(&c, &[1.0, 2.0])?;
    /// tao.set_solution(&x)?;
    /// tao.set_objective_and_gradient(|x, g| {
    ///     let v = x.view()?;
    ///     g.view_mut()?.copy_from_slice(&[2.0 * v[0], 6.0 * v[1]]);
    ///     Ok(v[0] * v[0] + 3.0 * v[1] * v[1])
    /// })?;
    /// let mut g = x.duplicate()?;
    /// assert_eq!(tao.compute_objective_gradient(&x, &mut g)?, 13.0);
    /// assert_eq!(&*g.view()?, &[2.0, 12.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "TaoComputeObjectiveAndGradient")]
    pub fn compute_objective_gradient(&mut self, x: &Vector, g: &mut Vector) -> Result<Real> {
        const CTX: &str = "Tao::compute_objective_gradient";
        self.check_point(CTX, x)?;
        self.check_point(CTX, g)?;
        let mut f: Real = 0.0;
        // SAFETY: live solver and vectors, distinct by Rust's borrows.
        check(unsafe {
            sys::TaoComputeObjectiveAndGradient(
                self.ptr,
                x.raw_read(CTX)?,
                &mut f,
                g.raw_write(CTX)?,
            )
        })?;
        Ok(f)
    }

    /// The residual `r = R(x)` of a least-squares problem through the closure of
    /// [`set_residual`](Self::set_residual) (`TaoComputeResidual`). `x` must have the
    /// solution's layout and `r` the residual vector's.
    #[doc(alias = "TaoComputeResidual")]
    pub fn compute_residual(&mut self, x: &Vector, r: &mut Vector) -> Result<()> {
        self.compute_vec(
            "Tao::compute_residual",
            (sys::TaoComputeResidual, None, ""),
            x,
            r,
        )
    }

    /// The general constraints `c(x)` through the closure of
    /// [`set_constraints`](Self::set_constraints) (`TaoComputeConstraints`).
    #[doc(alias = "TaoComputeConstraints")]
    pub fn compute_constraints(&mut self, x: &Vector, c: &mut Vector) -> Result<()> {
        self.compute_vec(
            "Tao::compute_constraints",
            (
                sys::TaoComputeConstraints,
                Some(CallbackKind::TaoConstraints),
                "set_constraints",
            ),
            x,
            c,
        )
    }

    /// The multipliers of the bounds at the solution of a bound-constrained solve
    /// (`TaoComputeDualVariables`): for the lower and upper bounds, written into `lower`
    /// and `upper` (zeros for methods that do not compute them). Both must have the
    /// solution's layout.
    #[doc(alias = "TaoComputeDualVariables")]
    pub fn compute_dual_variables(&mut self, lower: &mut Vector, upper: &mut Vector) -> Result<()> {
        const CTX: &str = "Tao::compute_dual_variables";
        self.check_point(CTX, lower)?;
        self.check_point(CTX, upper)?;
        if lower.ptr == upper.ptr {
            return Err(Error::invalid(CTX, "lower and upper are the same vector"));
        }
        // SAFETY: live solver and two distinct vectors.
        check(unsafe {
            sys::TaoComputeDualVariables(self.ptr, lower.raw_write(CTX)?, upper.raw_write(CTX)?)
        })
    }

    /// Refuses to evaluate a routine whose closure (of `kind`) is not set: PETSc would
    /// call a null function.
    fn require_routine(&self, context: &str, kind: Option<CallbackKind>, how: &str) -> Result<()> {
        let Some(kind) = kind else { return Ok(()) };
        // SAFETY: live solver.
        if unsafe { is_attached(self.ptr as sys::PetscObject, kind) }? {
            Ok(())
        } else {
            Err(Error::invalid(
                context,
                format!("no {} is set: call {how} first", kind.name()),
            ))
        }
    }

    /// Evaluates a `(x, out)` routine with `compute`, once the closure of `kind` is set
    /// (`how` says how).
    fn compute_vec(
        &mut self,
        context: &str,
        (compute, kind, how): (ComputeVec, Option<CallbackKind>, &str),
        x: &Vector,
        out: &mut Vector,
    ) -> Result<()> {
        self.require_routine(context, kind, how)?;
        self.check_point(context, x)?;
        let (xr, or) = (x.raw_read(context)?, out.raw_write(context)?);
        // SAFETY: live solver and vectors; the closures live with the solver.
        let code = unsafe { compute(self.ptr, xr, or) };
        // SAFETY: `x` is live; a failed closure may have left it locked read-only.
        check(unsafe { unlock_on_error(code, &[xr]) })
    }

    /// Evaluates a `(x, j, p)` routine with `compute`, once the closure of `kind` is set
    /// (`how` says how); `j` (and `p`) must have `x`'s size as their column count.
    fn compute_mat(
        &mut self,
        context: &str,
        (compute, kind, how): (ComputeMat, Option<CallbackKind>, &str),
        x: &Vector,
        j: &mut Mat,
        p: Option<&mut Mat>,
    ) -> Result<()> {
        self.require_routine(context, kind, how)?;
        self.check_point(context, x)?;
        let (n, _) = (x.size()?, x.local_size()?);
        // SAFETY: live matrix.
        let (js, _) = unsafe { mat_sizes(j.ptr) }?;
        if js.1 != n {
            return Err(Error::size_mismatch(
                context,
                format!("the matrix has {} columns but x has size {n}", js.1),
            ));
        }
        let pp = match p {
            Some(p) => {
                // SAFETY: live matrix.
                let (ps, _) = unsafe { mat_sizes(p.ptr) }?;
                if ps != js {
                    return Err(Error::size_mismatch(
                        context,
                        format!(
                            "the matrix is {} x {} but the preconditioning matrix is {} x {}",
                            js.0, js.1, ps.0, ps.1
                        ),
                    ));
                }
                p.ptr
            }
            None => j.ptr,
        };
        let xr = x.raw_read(context)?;
        // SAFETY: live solver, vector and matrices; the closures live with the solver.
        let code = unsafe { compute(self.ptr, xr, j.ptr, pp) };
        // SAFETY: `x` is live; a failed closure may have left it locked read-only.
        check(unsafe { unlock_on_error(code, &[xr]) })
    }

    /// The Hessian at `x` through the closure of [`set_hessian`](Self::set_hessian),
    /// into `h` and the preconditioning matrix `p` (`None`: `h` itself)
    /// (`TaoComputeHessian`). The matrices must be square with `x`'s size.
    ///
    /// ```
    /// use petsc::{InsertMode, Mat};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let x = petsc::Vector::from_slice(&c, &[3.0])?;
    /// let h = Mat::new_aij(&c, None, None, Some(1), Some(1), 1, 0)?;
    /// let mut tao = petsc::Tao::new(&c)?;
    /// tao.set_solution(&x)?;
    /// tao.set_hessian(&h, None, |x, mats| {
    ///     let v = x.view()?[0]; // f = x^4: f'' = 12 x^2
    ///     mats.pre().set_values(&[0], &[0], &[12.0 * v * v], InsertMode::Insert)?;
    ///     mats.pre().assemble()
    /// })?;
    /// let mut out = Mat::new_aij(&c, None, None, Some(1), Some(1), 1, 0)?;
    /// tao.compute_hessian(&x, &mut out, None)?;
    /// assert_eq!(out.get_values(&[0], &[0])?, vec![108.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "TaoComputeHessian")]
    pub fn compute_hessian(&mut self, x: &Vector, h: &mut Mat, p: Option<&mut Mat>) -> Result<()> {
        const CTX: &str = "Tao::compute_hessian";
        // SAFETY: live matrix.
        let (hs, _) = unsafe { mat_sizes(h.ptr) }?;
        if hs.0 != hs.1 {
            return Err(Error::size_mismatch(
                CTX,
                format!("the Hessian is {} x {}; it must be square", hs.0, hs.1),
            ));
        }
        self.compute_mat(CTX, (sys::TaoComputeHessian, None, ""), x, h, p)
    }

    /// The Jacobian of the general constraints at `x` through the closure of
    /// [`set_jacobian`](Self::set_jacobian), into `j` and `p` (`None`: `j` itself)
    /// (`TaoComputeJacobian`). The matrices must have `x`'s size as their column count.
    #[doc(alias = "TaoComputeJacobian")]
    pub fn compute_jacobian(&mut self, x: &Vector, j: &mut Mat, p: Option<&mut Mat>) -> Result<()> {
        self.compute_mat(
            "Tao::compute_jacobian",
            (
                sys::TaoComputeJacobian,
                Some(CallbackKind::TaoJacobian),
                "set_jacobian",
            ),
            x,
            j,
            p,
        )
    }

    /// The equality constraints at `x` (`TaoComputeEqualityConstraints`), into `c`.
    #[doc(alias = "TaoComputeEqualityConstraints")]
    pub fn compute_equality_constraints(&mut self, x: &Vector, c: &mut Vector) -> Result<()> {
        self.compute_vec(
            "Tao::compute_equality_constraints",
            (
                sys::TaoComputeEqualityConstraints,
                Some(CallbackKind::TaoEqualityConstraints),
                "set_equality_constraints",
            ),
            x,
            c,
        )
    }

    /// The inequality constraints at `x` (`TaoComputeInequalityConstraints`), into `c`.
    #[doc(alias = "TaoComputeInequalityConstraints")]
    pub fn compute_inequality_constraints(&mut self, x: &Vector, c: &mut Vector) -> Result<()> {
        self.compute_vec(
            "Tao::compute_inequality_constraints",
            (
                sys::TaoComputeInequalityConstraints,
                Some(CallbackKind::TaoInequalityConstraints),
                "set_inequality_constraints",
            ),
            x,
            c,
        )
    }

    /// The Jacobian of the equality constraints at `x`
    /// (`TaoComputeJacobianEquality`), into `j` and `p` (`None`: `j` itself).
    #[doc(alias = "TaoComputeJacobianEquality")]
    pub fn compute_jacobian_equality(
        &mut self,
        x: &Vector,
        j: &mut Mat,
        p: Option<&mut Mat>,
    ) -> Result<()> {
        self.compute_mat(
            "Tao::compute_jacobian_equality",
            (
                sys::TaoComputeJacobianEquality,
                Some(CallbackKind::TaoJacobianEquality),
                "set_jacobian_equality",
            ),
            x,
            j,
            p,
        )
    }

    /// The Jacobian of the inequality constraints at `x`
    /// (`TaoComputeJacobianInequality`), into `j` and `p` (`None`: `j` itself).
    #[doc(alias = "TaoComputeJacobianInequality")]
    pub fn compute_jacobian_inequality(
        &mut self,
        x: &Vector,
        j: &mut Mat,
        p: Option<&mut Mat>,
    ) -> Result<()> {
        self.compute_mat(
            "Tao::compute_jacobian_inequality",
            (
                sys::TaoComputeJacobianInequality,
                Some(CallbackKind::TaoJacobianInequality),
                "set_jacobian_inequality",
            ),
            x,
            j,
            p,
        )
    }
}
