//! [`Ts::set_ifunction_local_ad`] and [`Ts::set_rhs_function_local_ad`]: a DMDA's
//! implicit form or right-hand side written once, with its exact Jacobian.

use super::AdScalar;
use super::grid::{DaArray, DaArrayMut};
use crate::dm::{Da, DaInfo};
use crate::error::Result;
use crate::scalar::Real;
use crate::ts::Ts;

/// The implicit form `F(t, u, u') = 0` of a DMDA problem written once over a generic
/// scalar, as `DMDATSSetIFunctionLocal`'s function: `f` on the owned points from `u`
/// and `u'` with their ghost points. petsc-rs evaluates it with `T = f64`, and with
/// dual numbers for the Jacobian `dF/du + shift dF/du'`
/// ([`Ts::set_ifunction_local_ad`]).
///
/// ```
/// use petsc::ad::{AdScalar, DaArray, DaArrayMut, DaIFunction};
/// use petsc::{Da, DaInfo, Ts, TsType};
/// // u' + 2 u^2 = 0 pointwise, backward Euler with the exact Jacobian.
/// struct Decay;
/// impl DaIFunction for Decay {
///     fn ifunction<T: AdScalar>(&self, info: &DaInfo, _t: f64, u: &DaArray<'_, T>,
///         u_t: &DaArray<'_, T>, f: &mut DaArrayMut<'_, T>) -> petsc::Result<()> {
///         for i in info.xs..info.xs + info.xm {
///             f[i] = u_t[i] + u[i] * u[i] * 2.0;
///         }
///         Ok(())
///     }
/// }
/// let petsc = petsc::Petsc::init()?;
/// let da = Da::grid(&petsc.world()).sizes([8]).build()?;
/// let mut ts = Ts::new(&petsc.world())?;
/// ts.set_type(TsType::Beuler)?;
/// ts.set_ifunction_local_ad(&da, Decay)?;
/// ts.set_time_step(0.25)?;
/// ts.set_max_steps(1)?;
/// let mut u = da.create_global_vector()?;
/// u.set(1.0)?;
/// ts.solve(&mut u)?.check()?;
/// // One step: u + 0.5 u^2 = 1.
/// let exact = -1.0 + 3.0f64.sqrt();
/// u.shift(-exact)?;
/// assert!(u.norm(petsc::NormType::Infinity)? < 1e-8);
/// # Ok::<(), petsc::Error>(())
/// ```
pub trait DaIFunction: 'static {
    /// `f = F(t, u, u')` on the owned points.
    fn ifunction<T: AdScalar>(
        &self,
        info: &DaInfo,
        t: Real,
        u: &DaArray<'_, T>,
        u_t: &DaArray<'_, T>,
        f: &mut DaArrayMut<'_, T>,
    ) -> Result<()>;
}

/// The right-hand side `G(t, u)` of `u' = G(t, u)` on a DMDA written once over a generic
/// scalar, as `DMDATSSetRHSFunctionLocal`'s function; petsc-rs evaluates it with
/// `T = f64` and with dual numbers for `dG/du` ([`Ts::set_rhs_function_local_ad`]).
///
/// ```
/// use petsc::ad::{AdScalar, DaArray, DaArrayMut, DaRhsFunction};
/// use petsc::{Da, DaInfo, Ts, TsType};
/// // u' = -u at every point, backward Euler: u_n = (1 + dt)^-n.
/// struct Minus;
/// impl DaRhsFunction for Minus {
///     fn rhs_function<T: AdScalar>(&self, info: &DaInfo, _t: f64, u: &DaArray<'_, T>,
///         g: &mut DaArrayMut<'_, T>) -> petsc::Result<()> {
///         for p in info.corners().iter() {
///             g[p] = -u[p];
///         }
///         Ok(())
///     }
/// }
/// let petsc = petsc::Petsc::init()?;
/// let da = Da::grid(&petsc.world()).sizes([4, 3]).build()?;
/// let mut ts = Ts::new(&petsc.world())?;
/// ts.set_type(TsType::Beuler)?;
/// ts.set_rhs_function_local_ad(&da, Minus)?;
/// ts.set_time_step(0.5)?;
/// ts.set_max_steps(2)?;
/// let mut u = da.create_global_vector()?;
/// u.set(1.0)?;
/// ts.solve(&mut u)?.check()?;
/// u.shift(-1.0 / 2.25)?;
/// assert!(u.norm(petsc::NormType::Infinity)? < 1e-10);
/// # Ok::<(), petsc::Error>(())
/// ```
pub trait DaRhsFunction: 'static {
    /// `g = G(t, u)` on the owned points.
    fn rhs_function<T: AdScalar>(
        &self,
        info: &DaInfo,
        t: Real,
        u: &DaArray<'_, T>,
        g: &mut DaArrayMut<'_, T>,
    ) -> Result<()>;
}

#[cfg(not(petsc_complex))]
struct IEval<'a, R> {
    r: &'a R,
    info: &'a DaInfo,
    t: Real,
}

#[cfg(not(petsc_complex))]
impl<R: DaIFunction> super::dmda::DualEval for IEval<'_, R> {
    fn eval<D: AdScalar>(
        &self,
        x: &DaArray<'_, D>,
        xdot: Option<&DaArray<'_, D>>,
        f: &mut DaArrayMut<'_, D>,
    ) -> Result<()> {
        let xdot = xdot.expect("the implicit form's Jacobian seeds u'");
        self.r.ifunction(self.info, self.t, x, xdot, f)
    }
}

#[cfg(not(petsc_complex))]
struct RhsEval<'a, R> {
    r: &'a R,
    info: &'a DaInfo,
    t: Real,
}

#[cfg(not(petsc_complex))]
impl<R: DaRhsFunction> super::dmda::DualEval for RhsEval<'_, R> {
    fn eval<D: AdScalar>(
        &self,
        x: &DaArray<'_, D>,
        _xdot: Option<&DaArray<'_, D>>,
        f: &mut DaArrayMut<'_, D>,
    ) -> Result<()> {
        self.r.rhs_function(self.info, self.t, x, f)
    }
}

impl Ts {
    /// Sets a DMDA implicit form written once ([`DaIFunction`]) and its exact Jacobian
    /// `dF/du + shift dF/du'` by automatic differentiation (`ad` feature): the
    /// function as [`set_ifunction_local`](Self::set_ifunction_local) sets it, the
    /// Jacobian as [`set_ijacobian_local`](Self::set_ijacobian_local) would, assembled
    /// from the DMDA's coloring with `u` seeded by each color and `u'` by `shift` times
    /// it (one evaluation per group of up to eight colors). A complex build returns an
    /// `Err`. See [`DaIFunction`] for an example.
    #[doc(alias = "DMDATSSetIFunctionLocal")]
    #[doc(alias = "DMDATSSetIJacobianLocal")]
    pub fn set_ifunction_local_ad<R: DaIFunction>(&mut self, da: &Da, f: R) -> Result<()> {
        #[cfg(petsc_complex)]
        {
            let _ = (da, f);
            Err(super::unavailable("Ts::set_ifunction_local_ad"))
        }
        #[cfg(not(petsc_complex))]
        {
            let r = std::rc::Rc::new(f);
            let rf = r.clone();
            self.set_ifunction_local(da, move |info, t, u, u_t, f| {
                let (ul, fl) = (u.layout(), f.layout());
                rf.ifunction(
                    info,
                    t,
                    &DaArray::new(u.as_slice(), ul),
                    &DaArray::new(u_t.as_slice(), u_t.layout()),
                    &mut DaArrayMut::new(f.as_mut_slice(), fl),
                )
            })?;
            let mut colorings = super::dmda::Colorings::default();
            self.set_ijacobian_local(da, move |info, t, u, u_t, shift, mats| {
                let e = IEval { r: &*r, info, t };
                super::dmda::colored_jacobian(
                    &e,
                    info,
                    (u.as_slice(), u.layout()),
                    Some((u_t.as_slice(), shift)),
                    &mut colorings,
                    mats,
                )
            })
        }
    }

    /// Sets a DMDA right-hand side written once ([`DaRhsFunction`]) and its exact
    /// Jacobian `dG/du` by automatic differentiation (`ad` feature), as
    /// [`set_rhs_function_local`](Self::set_rhs_function_local) and
    /// [`set_rhs_jacobian_local`](Self::set_rhs_jacobian_local) would set them. A
    /// complex build returns an `Err`. See [`DaRhsFunction`] for an example.
    #[doc(alias = "DMDATSSetRHSFunctionLocal")]
    #[doc(alias = "DMDATSSetRHSJacobianLocal")]
    pub fn set_rhs_function_local_ad<R: DaRhsFunction>(&mut self, da: &Da, g: R) -> Result<()> {
        #[cfg(petsc_complex)]
        {
            let _ = (da, g);
            Err(super::unavailable("Ts::set_rhs_function_local_ad"))
        }
        #[cfg(not(petsc_complex))]
        {
            let r = std::rc::Rc::new(g);
            let rf = r.clone();
            self.set_rhs_function_local(da, move |info, t, u, g| {
                let (ul, gl) = (u.layout(), g.layout());
                rf.rhs_function(
                    info,
                    t,
                    &DaArray::new(u.as_slice(), ul),
                    &mut DaArrayMut::new(g.as_mut_slice(), gl),
                )
            })?;
            let mut colorings = super::dmda::Colorings::default();
            self.set_rhs_jacobian_local(da, move |info, t, u, mats| {
                let e = RhsEval { r: &*r, info, t };
                super::dmda::colored_jacobian(
                    &e,
                    info,
                    (u.as_slice(), u.layout()),
                    None,
                    &mut colorings,
                    mats,
                )
            })
        }
    }
}
