//! Removing the user routines of a [`Tao`] (petsc4py's `setObjective(None)`,
//! `setGradient(None)`, ...): the routine goes, its closure is dropped, and the solver
//! behaves as if it had never been set.

use petsc_sys as sys;

use super::Tao;
use crate::callback::{CallbackKind, detach};
use crate::error::{Result, check};
use crate::scalar::Int;

impl Tao {
    /// Removes the routine numbered `which` (see `petscrs_TaoClearRoutine`) and drops
    /// the closure of `kind`.
    fn clear_routine(&mut self, which: Int, kind: CallbackKind) -> Result<()> {
        // SAFETY: live solver; a routine number the shim knows.
        check(unsafe { sys::petscrs_TaoClearRoutine(self.ptr, which) })?;
        // SAFETY: live solver; PETSc no longer calls the closure's trampoline.
        unsafe { detach(self.ptr as sys::PetscObject, kind) }
    }

    /// Removes the objective closure of [`set_objective`](Self::set_objective),
    /// dropping it (petsc4py's `setObjective(None)`; `TaoSetObjective` alone ignores a
    /// null routine before PETSc 3.25).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut tao = petsc::Tao::new(&c)?;
    /// tao.set_objective(|x| Ok(x.norm(petsc::NormType::Two)?))?;
    /// tao.clear_objective()?;
    /// let x = petsc::Vector::from_slice(&c, &[1.0])?;
    /// assert!(tao.compute_objective(&x).is_err()); // no objective any more
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "TaoSetObjective")]
    pub fn clear_objective(&mut self) -> Result<()> {
        self.clear_routine(0, CallbackKind::TaoObjective)
    }

    /// Removes the gradient closure of [`set_gradient`](Self::set_gradient), dropping
    /// it (petsc4py's `setGradient(None)`); the gradient vector stays.
    #[doc(alias = "TaoSetGradient")]
    pub fn clear_gradient(&mut self) -> Result<()> {
        self.clear_routine(1, CallbackKind::TaoGradient)
    }

    /// Removes the closure of
    /// [`set_objective_and_gradient`](Self::set_objective_and_gradient), dropping it
    /// (petsc4py's `setObjectiveGradient(None)`).
    #[doc(alias = "TaoSetObjectiveAndGradient")]
    pub fn clear_objective_and_gradient(&mut self) -> Result<()> {
        self.clear_routine(2, CallbackKind::TaoObjectiveAndGradient)
    }

    /// Removes the Hessian closure of [`set_hessian`](Self::set_hessian), dropping it
    /// (petsc4py's `setHessian(None)`); the matrices stay with the solver.
    #[doc(alias = "TaoSetHessian")]
    pub fn clear_hessian(&mut self) -> Result<()> {
        self.clear_routine(3, CallbackKind::TaoHessian)
    }

    /// Removes the constraints' Jacobian closure of [`set_jacobian`](Self::set_jacobian),
    /// dropping it (petsc4py's `setJacobian(None)`); the matrices stay.
    #[doc(alias = "TaoSetJacobianRoutine")]
    pub fn clear_jacobian(&mut self) -> Result<()> {
        self.clear_routine(4, CallbackKind::TaoJacobian)
    }

    /// Removes the constraints closure of [`set_constraints`](Self::set_constraints)
    /// and its vector, dropping the closure (`TaoSetConstraintsRoutine` with no routine,
    /// petsc4py's `setConstraints(None)`): the problem is unconstrained again.
    #[doc(alias = "TaoSetConstraintsRoutine")]
    pub fn clear_constraints(&mut self) -> Result<()> {
        // SAFETY: live solver; PETSc takes no routine, context or vector.
        check(unsafe {
            sys::TaoSetConstraintsRoutine(
                self.ptr,
                std::ptr::null_mut(),
                None,
                std::ptr::null_mut(),
            )
        })?;
        // SAFETY: live solver; PETSc no longer calls the trampoline.
        unsafe { detach(self.ptr as sys::PetscObject, CallbackKind::TaoConstraints) }
    }

    /// Removes the variable bounds: the vectors of
    /// [`set_variable_bounds`](Self::set_variable_bounds) and the closure of
    /// [`set_variable_bounds_routine`](Self::set_variable_bounds_routine), dropped
    /// (petsc4py's `setVariableBounds(None)`): the problem is unbounded again.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut tao = petsc::Tao::new(&c)?;
    /// let lo = petsc::Vector::from_slice(&c, &[0.0])?;
    /// tao.set_variable_bounds(Some(&lo), None)?;
    /// assert!(tao.variable_bounds()?.is_some());
    /// tao.clear_variable_bounds()?;
    /// assert!(tao.variable_bounds()?.is_none());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "TaoSetVariableBounds")]
    pub fn clear_variable_bounds(&mut self) -> Result<()> {
        // SAFETY: live solver; no bounds.
        check(unsafe {
            sys::TaoSetVariableBounds(self.ptr, std::ptr::null_mut(), std::ptr::null_mut())
        })?;
        // SAFETY: live solver; no routine.
        check(unsafe { sys::TaoSetVariableBoundsRoutine(self.ptr, None, std::ptr::null_mut()) })?;
        // SAFETY: live solver; PETSc no longer calls the trampoline.
        unsafe {
            detach(
                self.ptr as sys::PetscObject,
                CallbackKind::TaoVariableBounds,
            )
        }
    }
}
