//! Constraints of a [`Tao`]: general, equality and inequality constraints with their
//! Jacobians (for `almm`, `pdipm`, `ipm`, `lcl`), the state and design Jacobians of
//! PDE-constrained methods, and a routine computing the variable bounds.

use std::ffi::CStr;
use std::os::raw::c_void;

use petsc_sys as sys;

use super::{Tao, VecFn, mat_callback, mat_sizes, vec_callback};
use crate::callback::{CallbackKind, attach, run};
use crate::error::{Result, check, unlock_on_error};
use crate::is::IndexSet;
use crate::jacobian::JacobianMats;
use crate::mat::Mat;
use crate::vec::Vector;

/// Fills the Jacobian matrices of constraints at `x`.
type JacFn = dyn FnMut(&Vector, &mut JacobianMats) -> Result<()>;
/// Writes the lower and upper bounds.
type BoundsFn = dyn FnMut(&mut Vector, &mut Vector) -> Result<()>;
/// Fills the design Jacobian at `x`.
type DesignFn = dyn FnMut(&Vector, &mut Mat) -> Result<()>;

/// The trampolines of TAO's constraint routines: `vec NAME, KIND` makes the
/// `(Tao, Vec, Vec, void*)` one of a constraint routine of callback kind `KIND`, `mat
/// NAME, KIND` the `(Tao, Vec, Mat, Mat, void*)` one of a Jacobian routine.
macro_rules! trampoline {
    (vec $name:ident, $kind:ident) => {
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
    (mat $name:ident, $kind:ident) => {
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

trampoline!(vec constraints_trampoline, TaoConstraints);
trampoline!(vec equality_trampoline, TaoEqualityConstraints);
trampoline!(vec inequality_trampoline, TaoInequalityConstraints);
trampoline!(mat jacobian_trampoline, TaoJacobian);
trampoline!(mat jacobian_equality_trampoline, TaoJacobianEquality);
trampoline!(mat jacobian_inequality_trampoline, TaoJacobianInequality);

/// `TaoSetJacobianStateRoutine` trampoline (the inverse, never set here, is ignored).
unsafe extern "C" fn jacobian_state_trampoline(
    _tao: sys::Tao,
    x: sys::Vec,
    j: sys::Mat,
    p: sys::Mat,
    _jinv: sys::Mat,
    ctx: *mut c_void,
) -> sys::PetscErrorCode {
    // SAFETY: PETSc calls the state Jacobian routine with live objects.
    unsafe { mat_callback(CallbackKind::TaoJacobianState, x, j, p, ctx) }
}

/// `TaoSetJacobianDesignRoutine` trampoline.
unsafe extern "C" fn jacobian_design_trampoline(
    _tao: sys::Tao,
    x: sys::Vec,
    j: sys::Mat,
    ctx: *mut c_void,
) -> sys::PetscErrorCode {
    let code = run::<DesignFn>(ctx, CallbackKind::TaoJacobianDesign, |petsc, func| {
        // SAFETY: PETSc passes live objects, lent for the call.
        let (xv, mut jm) = unsafe {
            (
                Vector::from_raw_scoped(petsc, x)?,
                Mat::from_raw_lent(petsc, j)?,
            )
        };
        func(&xv, &mut jm)?;
        jm.written_in_place(j)
    });
    // SAFETY: `x` is live for the call; the evaluation locked it read-only.
    unsafe { unlock_on_error(code, &[x]) }
}

/// Where the vectors and matrices given to the constraint setters are kept (PETSc 3.18
/// has no getters for them): `(vector or Jacobian, preconditioning matrix)`.
fn keys(kind: CallbackKind) -> (&'static CStr, &'static CStr) {
    match kind {
        CallbackKind::TaoEqualityConstraints => (c"petsc-rs:tao-ce", c"petsc-rs:tao-ce-unused"),
        CallbackKind::TaoInequalityConstraints => (c"petsc-rs:tao-ci", c"petsc-rs:tao-ci-unused"),
        CallbackKind::TaoJacobianEquality => (c"petsc-rs:tao-je", c"petsc-rs:tao-je-pre"),
        CallbackKind::TaoJacobianInequality => (c"petsc-rs:tao-ji", c"petsc-rs:tao-ji-pre"),
        _ => (c"petsc-rs:tao-other", c"petsc-rs:tao-other-pre"),
    }
}

/// Where the state index set is kept, to tell that one was set.
pub(super) const STATE_KEY: &CStr = c"petsc-rs:tao-state-is";

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
                Vector::from_raw_scoped(petsc, xl)?,
                Vector::from_raw_scoped(petsc, xu)?,
            )
        };
        func(&mut l, &mut u)?;
        l.written_in_place(xl)?;
        u.written_in_place(xu)
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
        check(unsafe { set(self.ptr, c.ptr, Some(trampoline), ctx) })?;
        self.keep(keys(kind).0, c.ptr as sys::PetscObject)
    }

    /// Keeps `obj` with the solver under `key` (replacing what was there).
    fn keep(&self, key: &CStr, obj: sys::PetscObject) -> Result<()> {
        // SAFETY: live objects; the solver takes a reference to `obj` (null removes it).
        check(unsafe { sys::PetscObjectCompose(self.ptr as sys::PetscObject, key.as_ptr(), obj) })
    }

    /// The object kept under `key`, if any (borrowed).
    pub(super) fn kept(&self, key: &CStr) -> Result<sys::PetscObject> {
        let mut o: sys::PetscObject = std::ptr::null_mut();
        // SAFETY: live solver; PETSc writes a borrowed pointer or null.
        check(unsafe {
            sys::PetscObjectQuery(self.ptr as sys::PetscObject, key.as_ptr(), &mut o)
        })?;
        Ok(o)
    }

    /// The constraint vector kept for `kind`.
    fn kept_vector(&self, kind: CallbackKind) -> Result<Option<Vector>> {
        let o = self.kept(keys(kind).0)?;
        if o.is_null() {
            return Ok(None);
        }
        // SAFETY: a live vector the solver keeps; the handle takes its own reference.
        unsafe { Vector::from_raw_borrowed(&self.petsc, o as sys::Vec) }.map(Some)
    }

    /// The Jacobian (and distinct preconditioning matrix) kept for `kind`.
    fn kept_mats(&self, kind: CallbackKind) -> Result<Option<(Mat, Option<Mat>)>> {
        let (kj, kp) = keys(kind);
        let (j, p) = (self.kept(kj)?, self.kept(kp)?);
        if j.is_null() {
            return Ok(None);
        }
        // SAFETY: live matrices the solver keeps; each handle takes its own reference.
        let jm = unsafe { Mat::from_raw_borrowed(&self.petsc, j as sys::Mat) }?;
        let pm = if p.is_null() {
            None
        } else {
            // SAFETY: as above.
            Some(unsafe { Mat::from_raw_borrowed(&self.petsc, p as sys::Mat) }?)
        };
        Ok(Some((jm, pm)))
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
        self.check_jacobian_sizes(context, js, p)?;
        // SAFETY: live solver; the closure is kept with it (replacing an earlier one).
        let ctx = unsafe { attach(&self.petsc, self.ptr as sys::PetscObject, kind, f) }?;
        let pp = p.map_or(j.ptr, |p| p.ptr);
        // SAFETY: live solver and matrices (PETSc references them).
        check(unsafe { set(self.ptr, j.ptr, pp, Some(trampoline), ctx) })?;
        let (kj, kp) = keys(kind);
        self.keep(kj, j.ptr as sys::PetscObject)?;
        let distinct = p.filter(|p| p.ptr != j.ptr);
        self.keep(
            kp,
            distinct.map_or(std::ptr::null_mut(), |p| p.ptr as sys::PetscObject),
        )
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
    /// use petsc::{InsertMode, Mat, Sizes, Tao, TaoType, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// // min |x|^2 subject to x0 + x1 + x2 = 1: x_i = 1/3.
    /// let x = Vector::from_slice(&c, &[0.0; 3])?;
    /// let ce = Vector::from_slice(&c, &[0.0])?;
    /// let mut a = Mat::aij(&c).sizes(Sizes::global(1, 3)).preallocate(3, 0).build()?;
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
    /// tao.set_tolerances(petsc::TaoTolerances { gatol: Some(1e-7), ..Default::default() })?;
    /// tao.set_constraint_tolerances(Some(1e-7), None)?;
    /// tao.solve()?.check()?;
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
    pub fn set_jacobian<'a, F>(
        &mut self,
        j: &Mat,
        p: impl Into<Option<&'a Mat>>,
        f: F,
    ) -> Result<()>
    where
        F: FnMut(&Vector, &mut JacobianMats) -> Result<()> + 'static,
    {
        let p: Option<&Mat> = p.into();
        j.check_loan("Tao::set_jacobian")?;
        if let Some(m) = p {
            m.check_loan("Tao::set_jacobian")?;
        }
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
    pub fn set_jacobian_equality<'a, F>(
        &mut self,
        j: &Mat,
        p: impl Into<Option<&'a Mat>>,
        f: F,
    ) -> Result<()>
    where
        F: FnMut(&Vector, &mut JacobianMats) -> Result<()> + 'static,
    {
        let p: Option<&Mat> = p.into();
        j.check_loan("Tao::set_jacobian_equality")?;
        if let Some(m) = p {
            m.check_loan("Tao::set_jacobian_equality")?;
        }
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
    pub fn set_jacobian_inequality<'a, F>(
        &mut self,
        j: &Mat,
        p: impl Into<Option<&'a Mat>>,
        f: F,
    ) -> Result<()>
    where
        F: FnMut(&Vector, &mut JacobianMats) -> Result<()> + 'static,
    {
        let p: Option<&Mat> = p.into();
        j.check_loan("Tao::set_jacobian_inequality")?;
        if let Some(m) = p {
            m.check_loan("Tao::set_jacobian_inequality")?;
        }
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
    /// The vector the equality constraints are written into, as given to
    /// [`set_equality_constraints`](Self::set_equality_constraints), or `None`; a handle
    /// holding its own reference (the closure cannot be handed back).
    #[doc(alias = "TaoGetEqualityConstraintsRoutine")]
    pub fn equality_constraints(&self) -> Result<Option<Vector>> {
        self.kept_vector(CallbackKind::TaoEqualityConstraints)
    }

    /// The vector the inequality constraints are written into, as given to
    /// [`set_inequality_constraints`](Self::set_inequality_constraints), or `None`.
    #[doc(alias = "TaoGetInequalityConstraintsRoutine")]
    pub fn inequality_constraints(&self) -> Result<Option<Vector>> {
        self.kept_vector(CallbackKind::TaoInequalityConstraints)
    }

    /// The Jacobian of the equality constraints and, when distinct, its preconditioning
    /// matrix, as given to [`set_jacobian_equality`](Self::set_jacobian_equality), or
    /// `None`.
    #[doc(alias = "TaoGetJacobianEqualityRoutine")]
    pub fn jacobian_equality(&self) -> Result<Option<(Mat, Option<Mat>)>> {
        self.kept_mats(CallbackKind::TaoJacobianEquality)
    }

    /// The Jacobian of the inequality constraints and, when distinct, its
    /// preconditioning matrix, as given to
    /// [`set_jacobian_inequality`](Self::set_jacobian_inequality), or `None`.
    #[doc(alias = "TaoGetJacobianInequalityRoutine")]
    pub fn jacobian_inequality(&self) -> Result<Option<(Mat, Option<Mat>)>> {
        self.kept_mats(CallbackKind::TaoJacobianInequality)
    }

    /// The multipliers of the equality and of the inequality constraints at the current
    /// iterate (`TaoGetDualVariables`), as handles holding their own references to the
    /// solver's vectors, `None` where the method keeps none. `pdipm` makes them at
    /// set-up and updates them in place as it iterates, so handles taken after
    /// [`set_up`](Self::set_up) follow the solve: a Hessian closure that needs the
    /// multipliers (the Hessian of the Lagrangian) can capture them.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let tao = petsc::Tao::new(&petsc.self_comm())?;
    /// let (de, di) = tao.dual_variables()?;
    /// assert!(de.is_none() && di.is_none()); // nothing before set-up
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "TaoGetDualVariables")]
    pub fn dual_variables(&self) -> Result<(Option<Vector>, Option<Vector>)> {
        let (mut de, mut di): (sys::Vec, sys::Vec) = (std::ptr::null_mut(), std::ptr::null_mut());
        // SAFETY: live solver; PETSc lends its vectors (or null).
        check(unsafe { sys::TaoGetDualVariables(self.ptr, &mut de, &mut di) })?;
        let borrow = |v: sys::Vec| -> Result<Option<Vector>> {
            if v.is_null() {
                return Ok(None);
            }
            // SAFETY: a live vector of the solver; the handle takes its own reference.
            unsafe { Vector::from_raw_borrowed(&self.petsc, v) }.map(Some)
        };
        Ok((borrow(de)?, borrow(di)?))
    }

    /// Splits the variables into state and design variables for `lcl`
    /// (`TaoSetStateDesignIS`); the solver keeps references to both index sets.
    #[doc(alias = "TaoSetStateDesignIS")]
    pub fn set_state_design_is(&mut self, state: &IndexSet, design: &IndexSet) -> Result<()> {
        // SAFETY: live solver and index sets; PETSc references both.
        check(unsafe { sys::TaoSetStateDesignIS(self.ptr, state.ptr, design.ptr) })?;
        self.keep(STATE_KEY, state.ptr as sys::PetscObject)
    }

    /// Sets the Jacobian of the constraints with respect to the state variables, the
    /// matrix `p` to precondition with (`None`: `j`), and the closure filling them, for
    /// `lcl` (`TaoSetJacobianStateRoutine`, without an inverse). The closure gets the
    /// [`JacobianMats`] as in [`set_hessian`](Self::set_hessian). Errors and panics
    /// name `Tao state Jacobian`.
    #[doc(alias = "TaoSetJacobianStateRoutine")]
    pub fn set_jacobian_state<'a, F>(
        &mut self,
        j: &Mat,
        p: impl Into<Option<&'a Mat>>,
        f: F,
    ) -> Result<()>
    where
        F: FnMut(&Vector, &mut JacobianMats) -> Result<()> + 'static,
    {
        let p: Option<&Mat> = p.into();
        j.check_loan("Tao::set_jacobian_state")?;
        if let Some(m) = p {
            m.check_loan("Tao::set_jacobian_state")?;
        }
        crate::object::refuse_lent("Tao::set_jacobian_state", p)?;
        const KEPT: &str = "Tao::set_jacobian_state";
        let f: Box<JacFn> = Box::new(f);
        // SAFETY: live solver; the closure is kept with it (replacing an earlier one).
        let ctx = unsafe {
            attach(
                &self.petsc,
                self.ptr as sys::PetscObject,
                CallbackKind::TaoJacobianState,
                f,
            )
        }?;
        let pp = p.map_or(j.kept_raw(KEPT)?, |p| p.ptr);
        // SAFETY: live solver and matrices (PETSc references them); no inverse.
        check(unsafe {
            sys::TaoSetJacobianStateRoutine(
                self.ptr,
                j.kept_raw(KEPT)?,
                pp,
                std::ptr::null_mut(),
                Some(jacobian_state_trampoline),
                ctx,
            )
        })
    }

    /// Sets the Jacobian of the constraints with respect to the design variables and
    /// the closure filling it, for `lcl` (`TaoSetJacobianDesignRoutine`). Errors and
    /// panics name `Tao design Jacobian`.
    ///
    /// ```
    /// use petsc::{IndexSet, InsertMode, Mat, Sizes, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// // c(u, d) = u - d^2: state Jacobian [1], design Jacobian [-2 d].
    /// let x = Vector::from_slice(&c, &[1.0, 3.0])?;
    /// let mut tao = petsc::Tao::new(&c)?;
    /// tao.set_solution(&x)?;
    /// tao.set_state_design_is(&IndexSet::new_general(&c, &[0])?, &IndexSet::new_general(&c, &[1])?)?;
    /// tao.set_jacobian_state(&Mat::aij(&c).sizes(Sizes::global(1, 1)).preallocate(1, 0).build()?, None, |_, m| {
    ///     m.pre().set_values(&[0], &[0], &[1.0], InsertMode::Insert)?;
    ///     m.pre().assemble()
    /// })?;
    /// tao.set_jacobian_design(&Mat::aij(&c).sizes(Sizes::global(1, 1)).preallocate(1, 0).build()?, |x, m| {
    ///     let d = x.view()?[1];
    ///     m.set_values(&[0], &[0], &[-2.0 * d], InsertMode::Insert)?;
    ///     m.assemble()
    /// })?;
    /// let mut jd = Mat::aij(&c).sizes(Sizes::global(1, 1)).preallocate(1, 0).build()?;
    /// tao.compute_jacobian_design(&x, &mut jd)?;
    /// assert_eq!(jd.values(&[0], &[0])?, vec![-6.0]);
    /// let mut js = Mat::aij(&c).sizes(Sizes::global(1, 1)).preallocate(1, 0).build()?;
    /// tao.compute_jacobian_state(&x, &mut js, None)?;
    /// assert_eq!(js.values(&[0], &[0])?, vec![1.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "TaoSetJacobianDesignRoutine")]
    pub fn set_jacobian_design<F>(&mut self, j: &Mat, f: F) -> Result<()>
    where
        F: FnMut(&Vector, &mut Mat) -> Result<()> + 'static,
    {
        j.check_loan("Tao::set_jacobian_design")?;
        const KEPT: &str = "Tao::set_jacobian_design";
        let f: Box<DesignFn> = Box::new(f);
        // SAFETY: live solver; the closure is kept with it (replacing an earlier one).
        let ctx = unsafe {
            attach(
                &self.petsc,
                self.ptr as sys::PetscObject,
                CallbackKind::TaoJacobianDesign,
                f,
            )
        }?;
        // SAFETY: live solver and matrix (PETSc references it).
        check(unsafe {
            sys::TaoSetJacobianDesignRoutine(
                self.ptr,
                j.kept_raw(KEPT)?,
                Some(jacobian_design_trampoline),
                ctx,
            )
        })
    }
}
