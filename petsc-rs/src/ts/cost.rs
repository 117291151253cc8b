//! Cost integrals `∫ r(t, u) dt` over the solve (`TSCreateQuadratureTS`): a second
//! integrator, the quadrature integrator, whose right-hand side is the integrand and
//! whose solution accumulates the integral as the main one steps; the adjoint solve
//! differentiates it.

use petsc_sys as sys;

use super::Ts;
use crate::error::{Error, Result, check};
use crate::vec::Vector;

impl Ts {
    /// Makes the quadrature integrator (`TSCreateQuadratureTS`), replacing any earlier
    /// one, and returns it as a handle holding its own reference: give it the integrand
    /// `r(t, u)` with [`set_rhs_function`](Self::set_rhs_function) (its closure gets
    /// the main integrator's state `u`, whole, and writes the integrand's values, one a
    /// cost function), and its Jacobian `dr/du` (one row a cost function), which the
    /// Runge-Kutta methods and adjoints need. Options prefix: the main one's
    /// with `quad_`. With `forward` the integral accumulates as the main integrator
    /// steps ([`cost_integral`](Self::cost_integral)); otherwise during the adjoint
    /// solve. The integral has one entry per cost function given to
    /// [`set_cost_gradients`](Self::set_cost_gradients) (call it first for more than
    /// one), else one; it is the same on every process, so an integrand that depends on
    /// distributed values reduces them itself (a norm, a dot product).
    ///
    /// ```
    /// use petsc::{InsertMode, Mat, Sizes, Ts, TsType, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// // u' = -u, u(0) = 1, and the cost ∫_0^1 u² dt = (1 - e^-2) / 2.
    /// let mut ts = Ts::new(&c)?;
    /// ts.set_type(TsType::Rk)?;
    /// ts.set_rk_type("4")?; // fixed steps
    /// ts.set_rhs_function(None, |_t, u, g| {
    ///     g.copy_from(u)?;
    ///     g.scale(-1.0)
    /// })?;
    /// let mut quad = ts.create_quadrature_ts(true)?;
    /// quad.set_rhs_function(None, |_t, u, r| {
    ///     let u0 = u.view()?[0];
    ///     r.view_mut()?[0] = u0 * u0;
    ///     Ok(())
    /// })?;
    /// // dr/du, one row a cost function (RK sets up the quadrature's Jacobian).
    /// let drdu = Mat::dense(&c).sizes(Sizes::local(1, 1)).build()?;
    /// quad.set_rhs_jacobian(&drdu, None, |_t, u, mats| {
    ///     let u0 = u.view()?[0];
    ///     mats.pre().set_value(0, 0, 2.0 * u0, InsertMode::Insert)?;
    ///     mats.pre().assemble()
    /// })?;
    /// ts.set_time_step(0.01)?;
    /// ts.set_max_time(1.0)?;
    /// let mut u = Vector::from_slice(&c, &[1.0])?;
    /// ts.solve(&mut u)?.check()?;
    /// let cost = ts.cost_integral()?.view()?[0];
    /// assert!((cost - (1.0 - (-2f64).exp()) / 2.0).abs() < 1e-7);
    /// assert!(ts.quadrature_ts()?.unwrap().0);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "TSCreateQuadratureTS")]
    pub fn create_quadrature_ts(&mut self, forward: bool) -> Result<Ts> {
        let mut q: sys::TS = std::ptr::null_mut();
        let fwd = crate::declare::petsc_bool(forward);
        // SAFETY: live integrator; PETSc makes the quadrature integrator, which it owns.
        check(unsafe { sys::TSCreateQuadratureTS(self.ptr, fwd, &mut q) })?;
        // SAFETY: a live integrator owned by this one; the handle takes a reference.
        unsafe { Ts::from_raw_borrowed(&self.petsc, q) }
    }

    /// The quadrature integrator and whether its integral accumulates forward
    /// (`TSGetQuadratureTS`), `None` if none was made.
    #[doc(alias = "TSGetQuadratureTS")]
    pub fn quadrature_ts(&self) -> Result<Option<(bool, Ts)>> {
        let mut fwd = sys::PETSC_BOOL_FALSE;
        let mut q: sys::TS = std::ptr::null_mut();
        // SAFETY: live integrator; PETSc lends its quadrature integrator (or null).
        check(unsafe { sys::TSGetQuadratureTS(self.ptr, &mut fwd, &mut q) })?;
        if q.is_null() {
            return Ok(None);
        }
        // SAFETY: as in create_quadrature_ts.
        let q = unsafe { Ts::from_raw_borrowed(&self.petsc, q) }?;
        Ok(Some((fwd == sys::PETSC_BOOL_TRUE, q)))
    }

    /// The cost integral accumulated so far (`TSGetCostIntegral`): the quadrature
    /// integrator's solution, one entry per cost function, as a handle holding its own
    /// reference (zero it to start again). An `Err` without a quadrature integrator
    /// (PETSc would read a null one).
    #[doc(alias = "TSGetCostIntegral")]
    pub fn cost_integral(&self) -> Result<Vector> {
        let ctx = "Ts::cost_integral";
        if self.quadrature_ts()?.is_none() {
            return Err(Error::invalid(
                ctx,
                "the integrator has no quadrature integrator (create_quadrature_ts first)",
            ));
        }
        let mut v: sys::Vec = std::ptr::null_mut();
        // SAFETY: live integrator with a quadrature integrator; PETSc lends its solution.
        check(unsafe { sys::TSGetCostIntegral(self.ptr, &mut v) })?;
        if v.is_null() {
            return Err(Error::invalid(
                ctx,
                "the quadrature integrator has no solution vector",
            ));
        }
        // SAFETY: a live vector owned by the quadrature integrator; the handle takes a
        // reference.
        unsafe { Vector::from_raw_borrowed(&self.petsc, v) }
    }
}
