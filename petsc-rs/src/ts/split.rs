//! Right-hand sides given by split (`TSRHSSplit*`): named sets of the unknowns, each with
//! a right-hand side of its own, for the multirate methods (`mprk`) and ARKIMEX's
//! fast-slow split. Each split is a sub-integrator of its own (`TSRHSSplitGetSubTS`);
//! its closures are kept with its DM as every TS closure is.

use petsc_sys as sys;

use super::Ts;
use crate::callback::{CallbackKind, keep_with};
use crate::error::{Error, Result, c_string, check};
use crate::is::IndexSet;
#[cfg(petsc_3_22)]
use crate::jacobian::JacobianMats;
#[cfg(petsc_3_22)]
use crate::mat::Mat;
use crate::scalar::Real;
use crate::vec::Vector;

impl Ts {
    /// Names the unknowns of split `name` (`TSRHSSplitSetIS`): the global indices this
    /// process owns among them (the integrator keeps a reference). The multirate
    /// methods (`mprk`) read splits `"slow"` and `"fast"` (and `"medium"` for
    /// three-rate schemes); a split's right-hand side is set with
    /// [`set_rhs_split_rhs_function`](Self::set_rhs_split_rhs_function).
    ///
    /// ```
    /// use petsc::{IndexSet, Ts};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut ts = Ts::new(&c)?;
    /// ts.set_rhs_split_is("slow", &IndexSet::new_general(&c, &[0])?)?;
    /// assert_eq!(ts.rhs_split_is("slow")?.unwrap().to_vec()?, [0]);
    /// assert!(ts.rhs_split_is("fast")?.is_none());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "TSRHSSplitSetIS")]
    pub fn set_rhs_split_is(&mut self, name: &str, is: &IndexSet) -> Result<()> {
        crate::object::refuse_lent("Ts::set_rhs_split_is", [is])?;
        let n = c_string("Ts::set_rhs_split_is", name)?;
        // SAFETY: live integrator and index set; PETSc copies the name and references
        // the set.
        check(unsafe { sys::TSRHSSplitSetIS(self.ptr, n.as_ptr(), is.ptr) })
    }

    /// The unknowns of split `name` (`TSRHSSplitGetIS`), `None` for a split never
    /// named, as a handle holding its own reference.
    #[doc(alias = "TSRHSSplitGetIS")]
    pub fn rhs_split_is(&self, name: &str) -> Result<Option<IndexSet>> {
        let n = c_string("Ts::rhs_split_is", name)?;
        let mut is: sys::IS = std::ptr::null_mut();
        // SAFETY: live integrator; PETSc lends the split's set (or null).
        check(unsafe { sys::TSRHSSplitGetIS(self.ptr, n.as_ptr(), &mut is) })?;
        if is.is_null() {
            return Ok(None);
        }
        // SAFETY: a live set lent by the integrator; the handle takes a reference.
        unsafe { IndexSet::from_raw_borrowed(&self.petsc, is) }.map(Some)
    }

    /// The sub-integrator of split `name` (`TSRHSSplitGetSubTS`), which holds the
    /// split's right-hand side, as a handle holding its own reference; an `Err` for a
    /// split never named.
    #[doc(alias = "TSRHSSplitGetSubTS")]
    pub fn rhs_split_sub_ts(&self, name: &str) -> Result<Ts> {
        let ctx = "Ts::rhs_split_sub_ts";
        let n = c_string(ctx, name)?;
        let mut sub: sys::TS = std::ptr::null_mut();
        // SAFETY: live integrator; PETSc lends the split's integrator (or null).
        check(unsafe { sys::TSRHSSplitGetSubTS(self.ptr, n.as_ptr(), &mut sub) })?;
        if sub.is_null() {
            return Err(Error::invalid(
                ctx,
                format!("no split \"{name}\" (name its unknowns with set_rhs_split_is first)"),
            ));
        }
        // SAFETY: a live integrator lent by this one; the handle takes a reference.
        unsafe { Ts::from_raw_borrowed(&self.petsc, sub) }
    }

    /// Sets the right-hand side of split `name` as a closure `f(t, u, g)` that writes the
    /// split's part of `G(t, u)` into `g` (`TSRHSSplitSetRHSFunction`): `u` is the whole
    /// state, `g` has the split's unknowns only. `r` stores `g` (`None`: PETSc makes one
    /// from the solution vector when the integrator has one). Name the split's unknowns
    /// first ([`set_rhs_split_is`](Self::set_rhs_split_is)); an `Err` or a panic in `f`
    /// ends the solve, naming `"TS RHS function"`. The multirate methods call it only
    /// with [`set_use_split_rhs_function`](Self::set_use_split_rhs_function); otherwise
    /// they take each split's part of the whole right-hand side.
    ///
    /// ```
    /// use petsc::{ExactFinalTime, IndexSet, Ts, TsType, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// // u0' = -u0 (slow), u1' = -4 u1 (fast), by the multirate method.
    /// let mut ts = Ts::new(&c)?;
    /// ts.set_type(TsType::Mprk)?;
    /// ts.set_exact_final_time(ExactFinalTime::Matchstep)?; // mprk cannot interpolate
    /// ts.set_use_split_rhs_function(true)?; // the closures below, not the whole one
    /// assert!(ts.use_split_rhs_function()?);
    /// ts.set_rhs_function(None, |_t, _u, g| g.set(0.0))?; // not used: see below
    /// ts.set_rhs_split_is("slow", &IndexSet::new_general(&c, &[0])?)?;
    /// ts.set_rhs_split_is("fast", &IndexSet::new_general(&c, &[1])?)?;
    /// ts.set_rhs_split_rhs_function("slow", None, |_t, u, g| {
    ///     g.view_mut()?[0] = -u.view()?[0];
    ///     Ok(())
    /// })?;
    /// ts.set_rhs_split_rhs_function("fast", None, |_t, u, g| {
    ///     g.view_mut()?[0] = -4.0 * u.view()?[1];
    ///     Ok(())
    /// })?;
    /// ts.set_time_step(0.001)?;
    /// ts.set_max_time(1.0)?;
    /// let mut u = Vector::from_slice(&c, &[1.0, 1.0])?;
    /// ts.solve(&mut u)?.check()?;
    /// let u = u.view()?;
    /// assert!((u[0] - (-1f64).exp()).abs() < 1e-5);
    /// assert!((u[1] - (-4f64).exp()).abs() < 1e-5);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "TSRHSSplitSetRHSFunction")]
    pub fn set_rhs_split_rhs_function<F>(
        &mut self,
        name: &str,
        r: Option<Vector>,
        f: F,
    ) -> Result<()>
    where
        F: FnMut(Real, &Vector, &mut Vector) -> Result<()> + 'static,
    {
        let ctx = "Ts::set_rhs_split_rhs_function";
        let n = self.split_name(ctx, name)?;
        let rp = r.as_ref().map_or(std::ptr::null_mut(), |r| r.ptr);
        // PETSc's own set-up of the split (its work vector, a copy of the DM) without a
        // routine; the closure then goes to the sub-integrator as any right-hand side.
        // SAFETY: live integrator and vector (or null); a null routine is allowed.
        check(unsafe {
            sys::TSRHSSplitSetRHSFunction(self.ptr, n.as_ptr(), rp, None, std::ptr::null_mut())
        })?;
        let mut sub = self.rhs_split_sub_ts(name)?;
        sub.set_rhs_function(r, f)?;
        self.keep_split_closure(&sub, name, CallbackKind::TsRhsFunction)
    }

    /// Sets the implicit form of split `name` as a closure `f(t, u, u_t, F)`
    /// (`TSRHSSplitSetIFunction`, PETSc 3.22 on), for ARKIMEX's fast-slow split: the
    /// `"fast"` split's implicit part. As
    /// [`set_rhs_split_rhs_function`](Self::set_rhs_split_rhs_function) otherwise.
    #[cfg(petsc_3_22)]
    #[doc(alias = "TSRHSSplitSetIFunction")]
    pub fn set_rhs_split_ifunction<F>(&mut self, name: &str, r: Option<Vector>, f: F) -> Result<()>
    where
        F: FnMut(Real, &Vector, &Vector, &mut Vector) -> Result<()> + 'static,
    {
        let n = self.split_name("Ts::set_rhs_split_ifunction", name)?;
        let rp = r.as_ref().map_or(std::ptr::null_mut(), |r| r.ptr);
        // SAFETY: live integrator and vector (or null); a null routine is allowed.
        check(unsafe {
            sys::TSRHSSplitSetIFunction(self.ptr, n.as_ptr(), rp, None, std::ptr::null_mut())
        })?;
        let mut sub = self.rhs_split_sub_ts(name)?;
        sub.set_ifunction(r, f)?;
        self.keep_split_closure(&sub, name, CallbackKind::TsIFunction)
    }

    /// Sets the Jacobian of split `name`'s implicit form, `dF/du + shift dF/du_t`, as a
    /// closure filling `a` and `p` (`None`: `a`) (`TSRHSSplitSetIJacobian`, PETSc 3.22
    /// on). As [`set_ijacobian`](Self::set_ijacobian) otherwise.
    #[cfg(petsc_3_22)]
    #[doc(alias = "TSRHSSplitSetIJacobian")]
    pub fn set_rhs_split_ijacobian<'a, F>(
        &mut self,
        name: &str,
        a: impl std::borrow::Borrow<Mat>,
        p: impl Into<Option<&'a Mat>>,
        f: F,
    ) -> Result<()>
    where
        F: FnMut(Real, &Vector, &Vector, Real, &mut JacobianMats) -> Result<()> + 'static,
    {
        let a: &Mat = std::borrow::Borrow::borrow(&a);
        let p: Option<&Mat> = p.into();
        let n = self.split_name("Ts::set_rhs_split_ijacobian", name)?;
        let (a_raw, pp) = crate::jacobian::kept_pair("Ts::set_rhs_split_ijacobian", a, p)?;
        // SAFETY: live integrator and matrices; a null routine is allowed.
        check(unsafe {
            sys::TSRHSSplitSetIJacobian(self.ptr, n.as_ptr(), a_raw, pp, None, std::ptr::null_mut())
        })?;
        let mut sub = self.rhs_split_sub_ts(name)?;
        sub.set_ijacobian(a, p, f)?;
        self.keep_split_closure(&sub, name, CallbackKind::TsIJacobian)
    }

    crate::methods![for Ts;
        /// Whether the method evaluates the splits' own right-hand sides
        /// (`TSSetUseSplitRHSFunction`, `-ts_use_splitrhsfunction`): off by default, when
        /// the multirate methods evaluate the whole right-hand side and take each
        /// split's part of it.
        pub fn set_use_split_rhs_function(&mut self, use_split: bool)
            = TSSetUseSplitRHSFunction as "TSSetUseSplitRHSFunction";

        /// Whether the splits' own right-hand sides are used (`TSGetUseSplitRHSFunction`).
        pub fn use_split_rhs_function(&self) -> bool
            = TSGetUseSplitRHSFunction as "TSGetUseSplitRHSFunction";
    ];

    /// Keeps the closure of `kind` that split `name`'s integrator `sub` holds with this
    /// integrator too: the multirate methods give each split's integrator a copy of the
    /// DM at set-up, with the same routine and context, and the closure must outlive
    /// the DM it was kept with.
    fn keep_split_closure(&self, sub: &Ts, name: &str, kind: CallbackKind) -> Result<()> {
        let key = c_string(
            "Ts::rhs_split",
            &format!("petsc-rs:rhs-split:{name}:{}", kind.name()),
        )?;
        // SAFETY: live integrators; the sub-integrator's DM is live while it is.
        unsafe {
            keep_with(
                super::callbacks::ts_dm(sub.ptr)?,
                kind,
                self.ptr as sys::PetscObject,
                &key,
            )
        }
    }

    /// `name` as a C string, if the split's unknowns were named (PETSc's own check
    /// comes after it has made the split's work vector).
    fn split_name(&self, ctx: &str, name: &str) -> Result<std::ffi::CString> {
        if self.rhs_split_is(name)?.is_none() {
            return Err(Error::invalid(
                ctx,
                format!("no split \"{name}\" (name its unknowns with set_rhs_split_is first)"),
            ));
        }
        c_string(ctx, name)
    }
}
