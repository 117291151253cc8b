//! Settings of the methods (theta, Runge-Kutta, ARKIMEX, generalized-alpha schemes), the
//! step-size controller, failure limits, and the counters a solve leaves.

use petsc_sys as sys;

use super::Ts;
use crate::error::{check, Error, Result};
use crate::Real;

impl Ts {
    /// Sets θ of the theta method (`TSThetaSetTheta`): 1 is backward Euler, 1/2 the
    /// implicit midpoint rule (second order). Call it after setting the type `theta`
    /// (or `cn`, whose θ is 1/2); other types ignore it.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut ts = petsc::Ts::new(&petsc.self_comm())?;
    /// ts.set_type(petsc::TsType::Theta)?;
    /// ts.set_theta(0.5)?;
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn set_theta(&mut self, theta: Real) -> Result<()> {
        if !(theta > 0.0 && theta <= 1.0) {
            return Err(Error::invalid(
                "Ts::set_theta",
                format!("theta is {theta}; it must be in (0, 1]"),
            ));
        }
        // SAFETY: live integrator; PETSc ignores the call for other types.
        check(unsafe { sys::TSThetaSetTheta(self.ptr, theta) })
    }

    /// Sets the Runge-Kutta scheme (`TSRKSetType`): `"1fe"`, `"2a"`, `"3"`, `"3bs"`,
    /// `"4"` (classical RK4), `"5f"`, `"5dp"`, `"5bs"`, ... as `-ts_rk_type` takes them.
    /// Call it after setting the type `rk`; other types ignore it.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut ts = petsc::Ts::new(&petsc.self_comm())?;
    /// ts.set_type(petsc::TsType::Rk)?;
    /// ts.set_rk_type("4")?;
    /// assert!(ts.set_rk_type("nosuch").is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn set_rk_type(&mut self, scheme: &str) -> Result<()> {
        let n = crate::error::c_string("Ts::set_rk_type", scheme)?;
        // SAFETY: live integrator; PETSc copies the name and refuses unknown schemes.
        check(unsafe { sys::TSRKSetType(self.ptr, n.as_ptr()) })
    }

    /// Sets the step-size controller by PETSc name (`TSAdaptSetType`): `"none"` for
    /// fixed steps, `"basic"`, `"dsp"`, `"cfl"`, ... as `-ts_adapt_type` takes them.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut ts = petsc::Ts::new(&petsc.self_comm())?;
    /// ts.set_adapt_type("none")?;
    /// assert!(ts.set_adapt_type("nosuch").is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn set_adapt_type(&mut self, name: &str) -> Result<()> {
        let n = crate::error::c_string("Ts::set_adapt_type", name)?;
        let mut adapt: sys::TSAdapt = std::ptr::null_mut();
        // SAFETY: live integrator; PETSc returns its controller (borrowed).
        check(unsafe { sys::TSGetAdapt(self.ptr, &mut adapt) })?;
        // SAFETY: live controller; PETSc copies the name and refuses unknown types.
        check(unsafe { sys::TSAdaptSetType(adapt, n.as_ptr()) })
    }
}
