//! Second-order systems `F(t, u, u', u'') = 0` (`TSSetI2Function`), integrated by
//! `alpha2` (the generalized-alpha method for second-order systems): the function and
//! its Jacobian as closures kept with the integrator's DM, the solution and its time
//! derivative, and the methods that evaluate them.

use std::borrow::Borrow;
use std::os::raw::c_void;

use petsc_sys as sys;

use super::Ts;
use super::compute::{held_mats, jacobian_pair};
use crate::callback::{CallbackKind, call};
use crate::error::{Error, Result, check, check_finite, run_callback, unlock_on_error};
use crate::jacobian::JacobianMats;
use crate::mat::Mat;
use crate::scalar::Real;
use crate::snes::assemble_mffd;
use crate::vec::{Vector, ready_alike};

/// `f(t, u, v, a, F)`: `F(t, u, u' = v, u'' = a)`.
type I2FunctionFn = dyn FnMut(Real, &Vector, &Vector, &Vector, &mut Vector) -> Result<()>;
/// `f(t, u, v, a, shift_v, shift_a, mats)`: `dF/du + shift_v dF/dv + shift_a dF/da`.
type I2JacobianFn =
    dyn FnMut(Real, &Vector, &Vector, &Vector, Real, Real, &mut JacobianMats) -> Result<()>;

/// `DMTSSetI2Function` trampoline of [`Ts::set_i2_function`].
unsafe extern "C" fn i2_function_trampoline(
    _ts: sys::TS,
    t: Real,
    u: sys::Vec,
    v: sys::Vec,
    a: sys::Vec,
    f: sys::Vec,
    ctx: *mut c_void,
) -> sys::PetscErrorCode {
    const KIND: CallbackKind = CallbackKind::TsI2Function;
    let code = run_callback(KIND.name(), || {
        call::<I2FunctionFn, _>(ctx, KIND, |petsc, g| {
            // SAFETY: the vectors are live for the call, `f` distinct from the others;
            // each handle takes a reference.
            let (uv, vv, av, mut fv) = unsafe {
                (
                    Vector::from_raw_scoped(petsc, u)?,
                    Vector::from_raw_scoped(petsc, v)?,
                    Vector::from_raw_scoped(petsc, a)?,
                    Vector::from_raw_scoped(petsc, f)?,
                )
            };
            g(t, &uv, &vv, &av, &mut fv)?;
            fv.written_in_place(f)
        })
    });
    // SAFETY: the vectors are live for the call; an outer solve may have locked them.
    unsafe { unlock_on_error(code, &[u, v, a]) }
}

/// `DMTSSetI2Jacobian` trampoline of [`Ts::set_i2_jacobian`].
#[allow(clippy::too_many_arguments)]
unsafe extern "C" fn i2_jacobian_trampoline(
    _ts: sys::TS,
    t: Real,
    u: sys::Vec,
    v: sys::Vec,
    a: sys::Vec,
    shift_v: Real,
    shift_a: Real,
    j: sys::Mat,
    p: sys::Mat,
    ctx: *mut c_void,
) -> sys::PetscErrorCode {
    const KIND: CallbackKind = CallbackKind::TsI2Jacobian;
    let code = run_callback(KIND.name(), || {
        call::<I2JacobianFn, _>(ctx, KIND, |petsc, g| {
            // SAFETY: the vectors and matrices are live for the call; each handle takes
            // a reference.
            let (uv, vv, av) = unsafe {
                (
                    Vector::from_raw_scoped(petsc, u)?,
                    Vector::from_raw_scoped(petsc, v)?,
                    Vector::from_raw_scoped(petsc, a)?,
                )
            };
            // SAFETY: as above.
            unsafe {
                JacobianMats::lend(petsc, j, p, |mats| {
                    g(t, &uv, &vv, &av, shift_v, shift_a, mats)
                })
            }
        })?;
        assemble_mffd(j, p)
    });
    // SAFETY: the vectors are live for the call; an outer solve may have locked them.
    unsafe { unlock_on_error(code, &[u, v, a]) }
}

impl Ts {
    /// Sets the second-order implicit form `F(t, u, u', u'') = 0` as a closure
    /// `f(t, u, v, a, F)` with `v = u'` and `a = u''` (`TSSetI2Function`), for the
    /// `alpha2` method. `r` stores `F` (`None`: PETSc makes one). Give the initial `u`
    /// and `u'` with [`set_solution2`](Self::set_solution2). An `Err` or a panic ends
    /// the solve, naming `"TS I2Function"`.
    ///
    /// ```
    /// use petsc::{InsertMode, Mat, Sizes, Ts, TsType, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// // u'' + u = 0, u(0) = 1, u'(0) = 0: u = cos t, u' = -sin t.
    /// let mut ts = Ts::new(&c)?;
    /// ts.set_type(TsType::Alpha2)?;
    /// ts.set_i2_function(None, |_t, u, _v, a, f| {
    ///     f.copy_from(a)?;
    ///     f.axpy(1.0, u)
    /// })?;
    /// let j = Mat::aij(&c).sizes(Sizes::global(1, 1)).preallocate(1, 0).build()?;
    /// ts.set_i2_jacobian(&j, None, |_t, _u, _v, _a, _shift_v, shift_a, mats| {
    ///     mats.pre().set_value(0, 0, 1.0 + shift_a, InsertMode::Insert)?;
    ///     mats.pre().assemble()
    /// })?;
    /// let mut u = Vector::from_slice(&c, &[1.0])?;
    /// let v = Vector::from_slice(&c, &[0.0])?;
    /// ts.set_solution2(&u, &v)?;
    /// ts.set_time_step(0.001)?;
    /// ts.set_max_time(1.0)?;
    /// ts.set_exact_final_time(petsc::ExactFinalTime::Matchstep)?;
    /// ts.solve(&mut u)?.check()?;
    /// assert!((u.view()?[0] - 1f64.cos()).abs() < 1e-5);
    /// assert!((v.view()?[0] + 1f64.sin()).abs() < 1e-5);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "TSSetI2Function")]
    pub fn set_i2_function<F>(&mut self, r: Option<Vector>, f: F) -> Result<()>
    where
        F: FnMut(Real, &Vector, &Vector, &Vector, &mut Vector) -> Result<()> + 'static,
    {
        let f: Box<I2FunctionFn> = Box::new(f);
        let rp = r.as_ref().map_or(std::ptr::null_mut(), |r| r.ptr);
        self.set_dm_closure(CallbackKind::TsI2Function, f, |ts, ctx| {
            // SAFETY: live integrator and vector (PETSc references it); `ctx` is a
            // closure of the trampoline's type.
            unsafe { sys::TSSetI2Function(ts, rp, Some(i2_function_trampoline), ctx) }
        })
    }

    /// Sets the Jacobian of the second-order form, `dF/du + shift_v dF/du' + shift_a
    /// dF/du''`, as a closure `f(t, u, v, a, shift_v, shift_a, mats)` filling the
    /// matrices `j` and `p` (`None`: `j`) (`TSSetI2Jacobian`). See
    /// [`set_i2_function`](Self::set_i2_function).
    #[doc(alias = "TSSetI2Jacobian")]
    pub fn set_i2_jacobian<'a, F>(
        &mut self,
        j: impl Borrow<Mat>,
        p: impl Into<Option<&'a Mat>>,
        f: F,
    ) -> Result<()>
    where
        F: FnMut(Real, &Vector, &Vector, &Vector, Real, Real, &mut JacobianMats) -> Result<()>
            + 'static,
    {
        let j: &Mat = j.borrow();
        let p: Option<&Mat> = p.into();
        let f: Box<I2JacobianFn> = Box::new(f);
        let (j_raw, pp) = crate::jacobian::kept_pair("Ts::set_i2_jacobian", j, p)?;
        self.set_dm_closure(CallbackKind::TsI2Jacobian, f, |ts, ctx| {
            // SAFETY: live integrator and matrices; PETSc takes references to both.
            unsafe { sys::TSSetI2Jacobian(ts, j_raw, pp, Some(i2_jacobian_trampoline), ctx) }
        })
    }

    /// Gives a second-order integrator the solution `u` and its time derivative `v`
    /// (`TS2SetSolution`); it keeps references to both and updates them in place (pass
    /// the same `u` to [`solve`](Self::solve)). They must share a layout.
    #[doc(alias = "TS2SetSolution")]
    pub fn set_solution2(&mut self, u: &Vector, v: &Vector) -> Result<()> {
        const KEPT: &str = "Ts::set_solution2";
        // Local sizes can differ on some ranks only: the integrator would keep the pair
        // on the others.
        ready_alike(self, KEPT, ("u", u), &[("v", v)], &[], &[])?;
        // SAFETY: live integrator and vectors; PETSc takes references to them.
        check(unsafe { sys::TS2SetSolution(self.ptr, u.kept_raw(KEPT)?, v.kept_raw(KEPT)?) })
    }

    /// The solution and its time derivative of a second-order integrator
    /// (`TS2GetSolution`), as handles with their own references; an `Err` before
    /// [`set_solution2`](Self::set_solution2).
    #[doc(alias = "TS2GetSolution")]
    pub fn solution2(&self) -> Result<(Vector, Vector)> {
        let (mut u, mut v): (sys::Vec, sys::Vec) = (std::ptr::null_mut(), std::ptr::null_mut());
        // SAFETY: live integrator; PETSc returns its vectors (borrowed) or null.
        check(unsafe { sys::TS2GetSolution(self.ptr, &mut u, &mut v) })?;
        if u.is_null() || v.is_null() {
            return Err(Error::invalid(
                "Ts::solution2",
                "the integrator has no solution and derivative: call set_solution2 first",
            ));
        }
        // SAFETY: the integrator holds them; each handle takes its own reference.
        unsafe {
            Ok((
                Vector::from_raw_borrowed(&self.petsc, u)?,
                Vector::from_raw_borrowed(&self.petsc, v)?,
            ))
        }
    }

    /// The second-order form `f = F(t, u, v, a)` through the closure of
    /// [`set_i2_function`](Self::set_i2_function) (`TSComputeI2Function`). The vectors
    /// must share a layout.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut ts = petsc::Ts::new(&c)?;
    /// ts.set_i2_function(None, |t, u, v, a, f| {
    ///     let (u, v, a, mut f) = (u.view()?, v.view()?, a.view()?, f.view_mut()?);
    ///     f[0] = a[0] + 2.0 * v[0] + 3.0 * u[0] - t;
    ///     Ok(())
    /// })?;
    /// let u = petsc::Vector::from_slice(&c, &[1.0])?;
    /// let mut f = u.duplicate()?;
    /// ts.compute_i2_function(4.0, &u, &u, &u, &mut f)?;
    /// assert_eq!(f.view()?[0], 2.0);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "TSComputeI2Function")]
    pub fn compute_i2_function(
        &mut self,
        t: Real,
        u: &Vector,
        v: &Vector,
        a: &Vector,
        f: &mut Vector,
    ) -> Result<()> {
        const CTX: &str = "Ts::compute_i2_function";
        check_finite(CTX, "t", t)?;
        let others = [("v", v), ("a", a), ("f", &*f)];
        ready_alike(self, CTX, ("u", u), &others, &[u, v, a], &[f])?;
        let (ur, vr, ar) = (u.raw_read(CTX)?, v.raw_read(CTX)?, a.raw_read(CTX)?);
        let fr = f.raw_write(CTX)?;
        // SAFETY: live integrator and vectors; Rust's borrows make `f` distinct.
        let code = unsafe { sys::TSComputeI2Function(self.ptr, t, ur, vr, ar, fr) };
        // SAFETY: live vectors; a failed closure may have left them locked read-only.
        check(unsafe { unlock_on_error(code, &[ur, vr, ar]) })
    }

    /// The second-order form's Jacobian `dF/du + shift_v dF/dv + shift_a dF/da`
    /// (`TSComputeI2Jacobian`) into `j` and `p` (`None`: `j`), square with `u`'s size.
    #[doc(alias = "TSComputeI2Jacobian")]
    #[allow(clippy::too_many_arguments)]
    pub fn compute_i2_jacobian(
        &mut self,
        t: Real,
        (u, v, a): (&Vector, &Vector, &Vector),
        shift_v: Real,
        shift_a: Real,
        j: &mut Mat,
        p: Option<&mut Mat>,
    ) -> Result<()> {
        j.check_loan("Ts::compute_i2_jacobian")?;
        const CTX: &str = "Ts::compute_i2_jacobian";
        check_finite(CTX, "t", t)?;
        check_finite(CTX, "shift_v", shift_v)?;
        check_finite(CTX, "shift_a", shift_a)?;
        ready_alike(self, CTX, ("u", u), &[("v", v), ("a", a)], &[u, v, a], &[])?;
        let (jm, pm) = jacobian_pair(CTX, u, j, p)?;
        let (ur, vr, ar) = (u.raw_read(CTX)?, v.raw_read(CTX)?, a.raw_read(CTX)?);
        // SAFETY: live integrator, vectors and matrices.
        let code =
            unsafe { sys::TSComputeI2Jacobian(self.ptr, t, ur, vr, ar, shift_v, shift_a, jm, pm) };
        // SAFETY: live vectors; a failed closure may have left them locked read-only.
        check(unsafe { unlock_on_error(code, &[ur, vr, ar]) })
    }

    /// The vector the integrator stores the second-order form in (`TSGetI2Function`);
    /// `None` before there is one.
    #[doc(alias = "TSGetI2Function")]
    pub fn i2_function(&self) -> Result<Option<Vector>> {
        let mut r: sys::Vec = std::ptr::null_mut();
        // SAFETY: live integrator; the routine and context are not asked for.
        check(unsafe {
            sys::TSGetI2Function(self.ptr, &mut r, std::ptr::null_mut(), std::ptr::null_mut())
        })?;
        if r.is_null() {
            return Ok(None);
        }
        // SAFETY: the integrator holds `r`; the handle takes its own reference.
        unsafe { Vector::from_raw_borrowed(&self.petsc, r) }.map(Some)
    }

    /// The second-order form's Jacobian and, when it is another matrix, the matrix its
    /// preconditioner is built from (`TSGetI2Jacobian`); `None` before
    /// [`set_i2_jacobian`](Self::set_i2_jacobian).
    #[doc(alias = "TSGetI2Jacobian")]
    pub fn i2_jacobian(&self) -> Result<Option<(Mat, Option<Mat>)>> {
        if !self.has_dm_closure(CallbackKind::TsI2Jacobian)? {
            return Ok(None);
        }
        let (mut j, mut p): (sys::Mat, sys::Mat) = (std::ptr::null_mut(), std::ptr::null_mut());
        // SAFETY: live integrator; the routine and context are not asked for.
        check(unsafe {
            sys::TSGetI2Jacobian(
                self.ptr,
                &mut j,
                &mut p,
                std::ptr::null_mut(),
                std::ptr::null_mut(),
            )
        })?;
        held_mats(self, j, p)
    }
}
