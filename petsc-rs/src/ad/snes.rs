//! [`Snes::set_function_local_ad`]: a DMDA residual written once, with its exact
//! Jacobian.

use super::AdScalar;
use super::grid::{DaArray, DaArrayMut};
use crate::dm::{Da, DaInfo};
use crate::error::Result;
use crate::snes::Snes;

/// A DMDA local residual written once over a generic scalar, as
/// `DMDASNESSetFunctionLocal`'s function: `f` on the owned points from `x` with its
/// ghost points, both indexed by global grid point. petsc-rs calls it with `T = f64`
/// for the residual and with dual numbers for the exact Jacobian
/// ([`Snes::set_function_local_ad`]).
///
/// ```
/// use petsc::ad::{AdScalar, DaArray, DaArrayMut, DaResidual};
/// use petsc::{Da, DaInfo, Snes};
/// // -u'' = e^u on 0 < x < 1 (a 1-D Bratu problem), u = 0 at both ends.
/// struct Bratu1d { lambda: f64 }
/// impl DaResidual for Bratu1d {
///     fn residual<T: AdScalar>(&self, info: &DaInfo, x: &DaArray<'_, T>, f: &mut DaArrayMut<'_, T>) -> petsc::Result<()> {
///         let h = 1.0 / (info.mx - 1) as f64;
///         for i in info.xs..info.xs + info.xm {
///             f[i] = if i == 0 || i == info.mx - 1 {
///                 x[i]
///             } else {
///                 (x[i] * 2.0 - x[i - 1] - x[i + 1]) / (h * h) - x[i].exp() * self.lambda
///             };
///         }
///         Ok(())
///     }
/// }
/// let petsc = petsc::Petsc::init()?;
/// let da = Da::grid(&petsc.world()).sizes([33]).build()?;
/// let mut snes = Snes::new(&petsc.world())?;
/// snes.set_function_local_ad(&da, Bratu1d { lambda: 1.0 })?;
/// let mut u = da.create_global_vector()?;
/// u.set(0.0)?;
/// snes.solve(None, &mut u)?.check()?;
/// assert!(snes.iteration_number()? <= 4); // Newton with the exact Jacobian
/// # Ok::<(), petsc::Error>(())
/// ```
pub trait DaResidual: 'static {
    /// `f = F(x)` on the owned points; `info` is the grid of the level being solved
    /// (a coarse level of multigrid or FAS has its own).
    fn residual<T: AdScalar>(
        &self,
        info: &DaInfo,
        x: &DaArray<'_, T>,
        f: &mut DaArrayMut<'_, T>,
    ) -> Result<()>;
}

#[cfg(not(petsc_complex))]
struct Eval<'a, R> {
    r: &'a R,
    info: &'a DaInfo,
}

#[cfg(not(petsc_complex))]
impl<R: DaResidual> super::dmda::DualEval for Eval<'_, R> {
    fn eval<D: AdScalar>(
        &self,
        x: &DaArray<'_, D>,
        _xdot: Option<&DaArray<'_, D>>,
        f: &mut DaArrayMut<'_, D>,
    ) -> Result<()> {
        self.r.residual(self.info, x, f)
    }
}

impl Snes {
    /// Sets a DMDA residual written once ([`DaResidual`]) and its exact Jacobian by
    /// automatic differentiation (`ad` feature): the residual as
    /// [`set_function_local`](Self::set_function_local) sets it, the Jacobian as
    /// [`set_jacobian_local`](Self::set_jacobian_local) would, assembled into the
    /// DMDA's matrix from the DMDA's coloring (`DMCreateColoring`), one evaluation with
    /// dual numbers per group of up to eight colors (a 5-point star: one evaluation).
    /// Both are kept in the DMDA's SNES context, so `-snes_type fas`, `-pc_type mg`
    /// with `-da_refine`, `-npc_snes_type` and grid sequencing use them on every level.
    /// The Jacobian is exact: `-snes_test_jacobian` compares it with finite differences.
    ///
    /// Mirror and twist boundaries, and a Jacobian matrix not made by the DMDA, are an
    /// `Err` at the first Jacobian; a complex build returns an `Err` here. See
    /// [`DaResidual`] for an example.
    #[doc(alias = "DMDASNESSetFunctionLocal")]
    #[doc(alias = "DMDASNESSetJacobianLocal")]
    pub fn set_function_local_ad<R: DaResidual>(&mut self, da: &Da, residual: R) -> Result<()> {
        #[cfg(petsc_complex)]
        {
            let _ = (da, residual);
            Err(super::unavailable("Snes::set_function_local_ad"))
        }
        #[cfg(not(petsc_complex))]
        {
            let r = std::rc::Rc::new(residual);
            let rf = r.clone();
            self.set_function_local(da, move |info, x, f| {
                let (xl, fl) = (x.layout(), f.layout());
                rf.residual(
                    info,
                    &DaArray::new(x.as_slice(), xl),
                    &mut DaArrayMut::new(f.as_mut_slice(), fl),
                )
            })?;
            let mut colorings = super::dmda::Colorings::default();
            self.set_jacobian_local(da, move |info, x, mats| {
                let e = Eval { r: &*r, info };
                super::dmda::colored_jacobian(
                    &e,
                    info,
                    (x.as_slice(), x.layout()),
                    None,
                    &mut colorings,
                    mats,
                )
            })
        }
    }
}
