//! Evaluating the problem's closures by hand (`TSCompute*`), and the vectors and
//! matrices the integrator keeps for them (`TSGet*Function`, `TSGet*Jacobian`).

use petsc_sys as sys;

use super::Ts;
use crate::callback::{CallbackKind, is_attached};
use crate::error::{Error, Result, check, check_finite, unlock_on_error};
use crate::mat::Mat;
use crate::scalar::Real;
use crate::vec::{Vector, ready_alike};

/// The raw `(a, p)` for a Jacobian of `u`'s size: both square with `u`'s global size
/// (`p`: `None` means `a`).
pub(super) fn jacobian_pair(
    context: &str,
    u: &Vector,
    a: &mut Mat,
    p: Option<&mut Mat>,
) -> Result<(sys::Mat, sys::Mat)> {
    let n = u.size()?;
    let pp = match p {
        Some(p) => p.ptr,
        None => a.ptr,
    };
    for (what, m) in [("the matrix", a.ptr), ("the preconditioning matrix", pp)] {
        let (mut r, mut c) = (0, 0);
        // SAFETY: live matrix; PETSc writes its sizes.
        check(unsafe { sys::MatGetSize(m, &mut r, &mut c) })?;
        if r != n || c != n {
            return Err(Error::size_mismatch(
                context,
                format!("{what} is {r} x {c}; u has size {n}, so it must be {n} x {n}"),
            ));
        }
    }
    Ok((a.ptr, pp))
}

/// Handles with their own references to what a `TSGet*Function` returned (`None` for
/// null).
fn held_vec(ts: &Ts, v: sys::Vec) -> Result<Option<Vector>> {
    if v.is_null() {
        return Ok(None);
    }
    // SAFETY: the integrator holds `v`; the handle takes its own reference.
    unsafe { Vector::from_raw_borrowed(&ts.petsc, v) }.map(Some)
}

/// Handles with their own references to what a `TSGet*Jacobian` returned: `None`
/// without a matrix, the preconditioning matrix only when it is another one.
pub(super) fn held_mats(ts: &Ts, a: sys::Mat, p: sys::Mat) -> Result<Option<(Mat, Option<Mat>)>> {
    if a.is_null() {
        return Ok(None);
    }
    // SAFETY: the integrator holds its matrices; each handle takes a reference.
    let am = unsafe { Mat::from_raw_borrowed(&ts.petsc, a) }?;
    let pm = if p.is_null() || p == a {
        None
    } else {
        // SAFETY: as above.
        Some(unsafe { Mat::from_raw_borrowed(&ts.petsc, p) }?)
    };
    Ok(Some((am, pm)))
}

impl Ts {
    /// Whether the integrator's DM holds a closure in `kind`'s slot (plain or local).
    pub(super) fn has_dm_closure(&self, kind: CallbackKind) -> Result<bool> {
        let mut dm: sys::DM = std::ptr::null_mut();
        // SAFETY: live integrator; PETSc returns its DM (borrowed).
        check(unsafe { sys::TSGetDM(self.ptr, &mut dm) })?;
        // SAFETY: live DM.
        unsafe { is_attached(dm as sys::PetscObject, kind) }
    }

    /// The Jacobian `dG/du` of the right-hand side at `(t, u)` through the closure of
    /// [`set_rhs_jacobian`](Self::set_rhs_jacobian), into `a` and `p` (`None`: `a`)
    /// (`TSComputeRHSJacobian`). The matrices must be square with `u`'s size.
    ///
    /// ```
    /// use petsc::{InsertMode, Mat, Sizes, Ts, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut ts = Ts::new(&c)?;
    /// ts.set_rhs_function(None, |t, u, f| {
    ///     f.copy_from(u)?;
    ///     f.scale(t) // G = t u
    /// })?;
    /// let a = Mat::aij(&c).sizes(Sizes::global(1, 1)).preallocate(1, 0).build()?;
    /// ts.set_rhs_jacobian(&a, None, |t, _u, mats| {
    ///     mats.pre().set_value(0, 0, t, InsertMode::Insert)?;
    ///     mats.pre().assemble()
    /// })?;
    /// let u = Vector::from_slice(&c, &[2.0])?;
    /// let mut j = Mat::aij(&c).sizes(Sizes::global(1, 1)).preallocate(1, 0).build()?;
    /// ts.compute_rhs_jacobian(3.0, &u, &mut j, None)?;
    /// assert_eq!(j.values(&[0], &[0])?, vec![3.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "TSComputeRHSJacobian")]
    pub fn compute_rhs_jacobian(
        &mut self,
        t: Real,
        u: &Vector,
        a: &mut Mat,
        p: Option<&mut Mat>,
    ) -> Result<()> {
        a.check_loan("Ts::compute_rhs_jacobian")?;
        const CTX: &str = "Ts::compute_rhs_jacobian";
        check_finite(CTX, "t", t)?;
        ready_alike(self, CTX, ("u", u), &[], &[u], &[])?;
        let (am, pm) = jacobian_pair(CTX, u, a, p)?;
        let ur = u.raw_read(CTX)?;
        // SAFETY: live integrator, vector and matrices.
        let code = unsafe { sys::TSComputeRHSJacobian(self.ptr, t, ur, am, pm) };
        // SAFETY: `u` is live; a failed closure may have left it locked read-only.
        check(unsafe { unlock_on_error(code, &[ur]) })
    }

    /// The implicit form `f = F(t, u, u_t)` (`TSComputeIFunction`); with `imex` false,
    /// the right-hand side is moved over (`F - G`), as implicit methods see the problem.
    /// Without an I-function `F` is `u_t`. The vectors must share a layout.
    ///
    /// ```
    /// use petsc::{Ts, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut ts = Ts::new(&c)?;
    /// ts.set_ifunction(None, |_t, u, u_t, f| {
    ///     f.copy_from(u_t)?;
    ///     f.axpy(2.0, u) // F = u' + 2 u
    /// })?;
    /// ts.set_rhs_function(None, |_t, _u, g| g.set(1.0))?; // G = 1
    /// let u = Vector::from_slice(&c, &[3.0])?;
    /// ts.set_solution(&u)?; // the layout of PETSc's work vectors
    /// let u_t = Vector::from_slice(&c, &[1.0])?;
    /// let mut f = u.duplicate()?;
    /// ts.compute_ifunction(0.0, &u, &u_t, &mut f, true)?;
    /// assert_eq!(f.view()?[0], 7.0);
    /// ts.compute_ifunction(0.0, &u, &u_t, &mut f, false)?;
    /// assert_eq!(f.view()?[0], 6.0);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "TSComputeIFunction")]
    pub fn compute_ifunction(
        &mut self,
        t: Real,
        u: &Vector,
        u_t: &Vector,
        f: &mut Vector,
        imex: bool,
    ) -> Result<()> {
        const CTX: &str = "Ts::compute_ifunction";
        check_finite(CTX, "t", t)?;
        ready_alike(
            self,
            CTX,
            ("u", u),
            &[("u_t", u_t), ("f", f)],
            &[u, u_t],
            &[f],
        )?;
        let (ur, utr) = (u.raw_read(CTX)?, u_t.raw_read(CTX)?);
        let fr = f.raw_write(CTX)?;
        // SAFETY: live integrator and vectors; Rust's borrows make `f` distinct.
        let code = unsafe { sys::TSComputeIFunction(self.ptr, t, ur, utr, fr, bool_of(imex)) };
        // SAFETY: live vectors; a failed closure may have left them locked read-only.
        check(unsafe { unlock_on_error(code, &[ur, utr]) })
    }

    /// The implicit form's Jacobian `dF/du + shift dF/du_t` (`TSComputeIJacobian`)
    /// into `a` and `p` (`None`: `a`); with `imex` false, `- dG/du` is added, as
    /// implicit methods see it. The matrices must be square with `u`'s size.
    ///
    /// ```
    /// use petsc::{InsertMode, Mat, Sizes, Ts, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut ts = Ts::new(&c)?;
    /// ts.set_ifunction(None, |_t, u, u_t, f| {
    ///     f.copy_from(u_t)?;
    ///     f.axpy(2.0, u)
    /// })?;
    /// let a = Mat::aij(&c).sizes(Sizes::global(1, 1)).preallocate(1, 0).build()?;
    /// ts.set_ijacobian(&a, None, |_t, _u, _u_t, shift, mats| {
    ///     mats.pre().set_value(0, 0, 2.0 + shift, InsertMode::Insert)?;
    ///     mats.pre().assemble()
    /// })?;
    /// let u = Vector::from_slice(&c, &[3.0])?;
    /// let mut j = Mat::aij(&c).sizes(Sizes::global(1, 1)).preallocate(1, 0).build()?;
    /// ts.compute_ijacobian(0.0, &u, &u, 10.0, &mut j, None, true)?;
    /// assert_eq!(j.values(&[0], &[0])?, vec![12.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "TSComputeIJacobian")]
    #[allow(clippy::too_many_arguments)]
    pub fn compute_ijacobian(
        &mut self,
        t: Real,
        u: &Vector,
        u_t: &Vector,
        shift: Real,
        a: &mut Mat,
        p: Option<&mut Mat>,
        imex: bool,
    ) -> Result<()> {
        a.check_loan("Ts::compute_ijacobian")?;
        const CTX: &str = "Ts::compute_ijacobian";
        check_finite(CTX, "t", t)?;
        check_finite(CTX, "shift", shift)?;
        ready_alike(self, CTX, ("u", u), &[("u_t", u_t)], &[u, u_t], &[])?;
        let (am, pm) = jacobian_pair(CTX, u, a, p)?;
        let (ur, utr) = (u.raw_read(CTX)?, u_t.raw_read(CTX)?);
        // SAFETY: live integrator, vectors and matrices.
        let code =
            unsafe { sys::TSComputeIJacobian(self.ptr, t, ur, utr, shift, am, pm, bool_of(imex)) };
        // SAFETY: live vectors; a failed closure may have left them locked read-only.
        check(unsafe { unlock_on_error(code, &[ur, utr]) })
    }

    /// The right-hand side of a linear problem, `g = A(t) u` with `A` from the closure
    /// of [`set_rhs_jacobian`](Self::set_rhs_jacobian) (`TSComputeRHSFunctionLinear`,
    /// which C programs install as the right-hand side of `u' = A(t) u`). The vectors
    /// must share a layout.
    ///
    /// ```
    /// use petsc::{InsertMode, Mat, Sizes, Ts, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut ts = Ts::new(&c)?;
    /// ts.set_rhs_function(None, |_t, _u, _f| Ok(()))?;
    /// let a = Mat::aij(&c).sizes(Sizes::global(2, 2)).preallocate(2, 0).build()?;
    /// ts.set_rhs_jacobian(&a, None, |_t, _u, mats| {
    ///     let m = mats.pre();
    ///     m.set_values(&[0, 1], &[0, 1], &[0.0, 1.0, -4.0, 0.0], InsertMode::Insert)?;
    ///     m.assemble()
    /// })?;
    /// let u = Vector::from_slice(&c, &[1.0, 2.0])?;
    /// let mut g = u.duplicate()?;
    /// ts.compute_rhs_function_linear(0.0, &u, &mut g)?;
    /// assert_eq!(&g.view()?[..], &[2.0, -4.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "TSComputeRHSFunctionLinear")]
    pub fn compute_rhs_function_linear(
        &mut self,
        t: Real,
        u: &Vector,
        g: &mut Vector,
    ) -> Result<()> {
        const CTX: &str = "Ts::compute_rhs_function_linear";
        check_finite(CTX, "t", t)?;
        ready_alike(self, CTX, ("u", u), &[("g", g)], &[u], &[g])?;
        if !self.has_dm_closure(CallbackKind::TsRhsJacobian)? && !self.rhs_jacobian_is_constant()? {
            return Err(Error::invalid(
                CTX,
                "the integrator has no right-hand side Jacobian: call set_rhs_jacobian \
                 (or set_rhs_jacobian_constant) first",
            ));
        }
        let ur = u.raw_read(CTX)?;
        let gr = g.raw_write(CTX)?;
        // SAFETY: live integrator and vectors; Rust's borrows make `g` distinct; the
        // context argument is unused.
        let code =
            unsafe { sys::TSComputeRHSFunctionLinear(self.ptr, t, ur, gr, std::ptr::null_mut()) };
        // SAFETY: `u` is live; a failed closure may have left it locked read-only.
        check(unsafe { unlock_on_error(code, &[ur]) })
    }

    /// The vector the integrator stores the right-hand side in (`TSGetRHSFunction`), as
    /// a handle with its own reference; `None` before there is one.
    #[doc(alias = "TSGetRHSFunction")]
    pub fn rhs_function(&self) -> Result<Option<Vector>> {
        let mut v: sys::Vec = std::ptr::null_mut();
        // SAFETY: live integrator; the routine and context are not asked for.
        check(unsafe {
            sys::TSGetRHSFunction(self.ptr, &mut v, std::ptr::null_mut(), std::ptr::null_mut())
        })?;
        held_vec(self, v)
    }

    /// The vector the integrator stores the implicit form in (`TSGetIFunction`); `None`
    /// before there is one.
    #[doc(alias = "TSGetIFunction")]
    pub fn ifunction(&self) -> Result<Option<Vector>> {
        let mut v: sys::Vec = std::ptr::null_mut();
        // SAFETY: live integrator; the routine and context are not asked for.
        check(unsafe {
            sys::TSGetIFunction(self.ptr, &mut v, std::ptr::null_mut(), std::ptr::null_mut())
        })?;
        held_vec(self, v)
    }

    /// The right-hand side's Jacobian and, when it is another matrix, the matrix its
    /// preconditioner is built from (`TSGetRHSJacobian`); `None` before
    /// [`set_rhs_jacobian`](Self::set_rhs_jacobian) (PETSc would try to make them).
    ///
    /// ```
    /// use petsc::{Mat, Object, Sizes, Ts};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut ts = Ts::new(&c)?;
    /// assert!(ts.rhs_jacobian()?.is_none());
    /// let mut a = Mat::aij(&c).sizes(Sizes::global(2, 2)).preallocate(1, 0).build()?;
    /// a.set_name("dG/du")?;
    /// ts.set_rhs_jacobian(&a, None, |_t, _u, _mats| Ok(()))?;
    /// let (a, p) = ts.rhs_jacobian()?.unwrap();
    /// assert_eq!((a.name()?, p.is_none()), ("dG/du".to_string(), true));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "TSGetRHSJacobian")]
    pub fn rhs_jacobian(&self) -> Result<Option<(Mat, Option<Mat>)>> {
        if !self.has_dm_closure(CallbackKind::TsRhsJacobian)? {
            return Ok(None);
        }
        let (mut a, mut p): (sys::Mat, sys::Mat) = (std::ptr::null_mut(), std::ptr::null_mut());
        // SAFETY: live integrator; the routine and context are not asked for.
        check(unsafe {
            sys::TSGetRHSJacobian(
                self.ptr,
                &mut a,
                &mut p,
                std::ptr::null_mut(),
                std::ptr::null_mut(),
            )
        })?;
        held_mats(self, a, p)
    }

    /// The implicit form's Jacobian and, when it is another matrix, the matrix its
    /// preconditioner is built from (`TSGetIJacobian`); `None` before a Jacobian is
    /// set (PETSc would try to make them).
    #[doc(alias = "TSGetIJacobian")]
    pub fn ijacobian(&self) -> Result<Option<(Mat, Option<Mat>)>> {
        if !self.has_dm_closure(CallbackKind::TsRhsJacobian)?
            && !self.has_dm_closure(CallbackKind::TsIJacobian)?
        {
            return Ok(None);
        }
        let (mut a, mut p): (sys::Mat, sys::Mat) = (std::ptr::null_mut(), std::ptr::null_mut());
        // SAFETY: live integrator; the routine and context are not asked for.
        check(unsafe {
            sys::TSGetIJacobian(
                self.ptr,
                &mut a,
                &mut p,
                std::ptr::null_mut(),
                std::ptr::null_mut(),
            )
        })?;
        held_mats(self, a, p)
    }
}

pub(super) use crate::declare::petsc_bool as bool_of;

impl Ts {
    /// With `-dmts_check` in the options (under the integrator's prefix), checks the
    /// discretization, residual and Jacobian of a finite element problem on the
    /// integrator's [`Plex`](crate::Plex) against its exact solution at the current time
    /// and prints what it finds (`DMTSCheckFromOptions`): the L2 error of the
    /// interpolated exact solution, the L2 norm of the residual there, and whether the
    /// residual looks linear (a Taylor test of the Jacobian). `-dmts_check <tol>`
    /// instead makes a value above `tol` an `Err`. Without the option it does nothing.
    ///
    /// The mesh's discrete system needs exact solutions and their time derivatives
    /// ([`DiscreteSystem::set_exact_solution`](crate::DiscreteSystem::set_exact_solution),
    /// [`DiscreteSystem::set_exact_solution_time_derivative`](crate::DiscreteSystem::set_exact_solution_time_derivative));
    /// `u` (a global vector of the mesh) becomes the integrator's solution vector.
    /// A `u` of another size is an `Err`.
    ///
    /// ```
    /// use petsc::{no_term, DmBase, Fe, Plex, QuadPoint, Scalar, Ts};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut mesh = Plex::box_mesh(&c).sizes([2, 2]).build()?;
    /// mesh.add_field(None, &Fe::builder(&c, 2, 1).degree(1).build()?)?;
    /// mesh.create_ds()?;
    /// // u_t = 1: u = t.
    /// let mut ds = mesh.ds()?;
    /// ds.set_residual::<0>(|q: &QuadPoint, f0: &mut [Scalar]| f0[0] = q.u_t(0).unwrap()[0] - 1.0, no_term)?;
    /// ds.set_jacobian::<0, 0>(|q: &QuadPoint, g0: &mut [Scalar]| g0[0] = Scalar::from(q.u_t_shift()), no_term, no_term, no_term)?;
    /// ds.set_exact_solution(0, |_, t, _, u| { u[0] = Scalar::from(t); Ok(()) })?;
    /// ds.set_exact_solution_time_derivative(0, |_, _, _, u| { u[0] = Scalar::from(1.0); Ok(()) })?;
    /// mesh.set_ts_local_fem()?;
    /// let mut ts = Ts::new(&c)?;
    /// ts.set_dm(&mesh)?;
    /// ts.set_time_step(0.1)?;
    /// let u = mesh.create_global_vector()?;
    /// ts.check_from_options(&u)?; // no -dmts_check: nothing happens
    /// petsc.options().set_value("-dmts_check", "1e-12")?; // every check within 1e-12
    /// ts.check_from_options(&u)?;
    /// assert!(ts.check_from_options(&petsc::Vector::from_slice(&c, &[0.0])?).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMTSCheckFromOptions")]
    pub fn check_from_options(&mut self, u: &Vector) -> Result<()> {
        const CTX: &str = "Ts::check_from_options";
        let mut dm: sys::DM = std::ptr::null_mut();
        // SAFETY: live integrator; PETSc lends its DM.
        check(unsafe { sys::TSGetDM(self.ptr, &mut dm) })?;
        let mut g: sys::Vec = std::ptr::null_mut();
        // SAFETY: live DM; PETSc lends one of its global vectors, given back below.
        check(unsafe { sys::DMGetGlobalVector(dm, &mut g) })?;
        let mut n: crate::scalar::Int = 0;
        // SAFETY: the lent vector.
        let r = check(unsafe { sys::VecGetLocalSize(g, &mut n) });
        // SAFETY: given back as lent.
        check(unsafe { sys::DMRestoreGlobalVector(dm, &mut g) })?;
        r?;
        let have = u.local_size()?;
        if have != n {
            return Err(Error::size_mismatch(
                CTX,
                format!("`u` has {have} local entries, the integrator's DM's global vectors {n}"),
            ));
        }
        // SAFETY: live integrator and vector; PETSc takes a reference to `u` as its
        // solution and checks with copies of it.
        check(unsafe { sys::DMTSCheckFromOptions(self.ptr, u.raw_read(CTX)?) })
    }
}
