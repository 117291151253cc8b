//! The `TaoCompute*` evaluations: every routine of a [`Tao`] (objective and gradient,
//! residual, constraints, Hessian and Jacobians, variable bounds, dual variables) run at
//! a given point.

use petsc_sys as sys;

use super::{Tao, mat_sizes};
use crate::callback::{CallbackKind, is_attached};
use crate::error::{Error, Result, check, unlock_on_error};
use crate::mat::Mat;
use crate::object::Object;
use crate::scalar::Real;
use crate::vec::Vector;

/// `TaoCompute*(tao, x, c)`.
type ComputeVec = unsafe extern "C" fn(sys::Tao, sys::Vec, sys::Vec) -> sys::PetscErrorCode;
/// `TaoComputeJacobian*(tao, x, j, p)`.
type ComputeMat =
    unsafe extern "C" fn(sys::Tao, sys::Vec, sys::Mat, sys::Mat) -> sys::PetscErrorCode;

impl Tao {
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
        self.check_points(CTX, &[], &[&*lower, &*upper])?;
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
        self.check_points(CTX, &[x], &[&*g])?;
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
    /// (`TaoComputeDualVariables`), written into `lower` and `upper` (zeros for methods
    /// that do not compute them; `blmvm` and `tron` compute them, and refuse before a
    /// solve). Both must have the solution's layout. Refused for `gpcg` and `bqpip`.
    #[doc(alias = "TaoComputeDualVariables")]
    pub fn compute_dual_variables(&mut self, lower: &mut Vector, upper: &mut Vector) -> Result<()> {
        const CTX: &str = "Tao::compute_dual_variables";
        let ty = self.type_name()?;
        if ty == "gpcg" || ty == "bqpip" {
            return Err(Error::invalid(
                CTX,
                format!(
                    "not available for '{ty}': PETSc 3.18 reads its work vectors without \
                     checking they exist"
                ),
            ));
        }
        self.check_points(CTX, &[], &[&*lower, &*upper])?;
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
        self.check_points(context, &[x], &[])?;
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
        self.check_points(context, &[x], &[])?;
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
    /// assert_eq!(out.values(&[0], &[0])?, vec![108.0]);
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
    /// The state Jacobian at `x` through the closure of
    /// [`set_jacobian_state`](Self::set_jacobian_state), into `j` and `p` (`None`: `j`)
    /// (`TaoComputeJacobianState`).
    #[doc(alias = "TaoComputeJacobianState")]
    pub fn compute_jacobian_state(
        &mut self,
        x: &Vector,
        j: &mut Mat,
        p: Option<&mut Mat>,
    ) -> Result<()> {
        const CTX: &str = "Tao::compute_jacobian_state";
        self.require_routine(
            CTX,
            Some(CallbackKind::TaoJacobianState),
            "set_jacobian_state",
        )?;
        self.check_points(CTX, &[x], &[])?;
        let pp = p.map_or(j.ptr, |p| p.ptr);
        let xr = x.raw_read(CTX)?;
        // SAFETY: live solver, vector and matrices; no inverse; the closure lives with
        // the solver.
        let code =
            unsafe { sys::TaoComputeJacobianState(self.ptr, xr, j.ptr, pp, std::ptr::null_mut()) };
        // SAFETY: `x` is live; a failed closure may have left it locked read-only.
        check(unsafe { unlock_on_error(code, &[xr]) })
    }

    /// The design Jacobian at `x` through the closure of
    /// [`set_jacobian_design`](Self::set_jacobian_design), into `j`
    /// (`TaoComputeJacobianDesign`).
    #[doc(alias = "TaoComputeJacobianDesign")]
    pub fn compute_jacobian_design(&mut self, x: &Vector, j: &mut Mat) -> Result<()> {
        const CTX: &str = "Tao::compute_jacobian_design";
        self.require_routine(
            CTX,
            Some(CallbackKind::TaoJacobianDesign),
            "set_jacobian_design",
        )?;
        self.check_points(CTX, &[x], &[])?;
        let xr = x.raw_read(CTX)?;
        // SAFETY: live solver, vector and matrix; the closure lives with the solver.
        let code = unsafe { sys::TaoComputeJacobianDesign(self.ptr, xr, j.ptr) };
        // SAFETY: `x` is live; a failed closure may have left it locked read-only.
        check(unsafe { unlock_on_error(code, &[xr]) })
    }
}
