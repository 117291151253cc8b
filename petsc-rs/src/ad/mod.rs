//! Exact derivatives by automatic differentiation (the `ad` feature): a residual or an
//! objective written once over a generic scalar [`AdScalar`] gives PETSc both its
//! values (evaluated with PETSc's numbers) and its exact Jacobian, gradient or Hessian
//! (evaluated with [`num_dual`]'s dual numbers).
//!
//! - DMDA residuals: implement [`DaResidual`] and call
//!   [`Snes::set_function_local_ad`](crate::Snes::set_function_local_ad); the Jacobian
//!   is assembled from the DMDA's coloring, one dual evaluation per group of up to
//!   eight colors, into the matrix the DMDA makes. Multigrid and FAS levels, nonlinear
//!   preconditioners and grid sequencing find both closures as they find
//!   [`set_function_local`](crate::Snes::set_function_local)'s.
//! - TS on a DMDA: [`DaIFunction`] gives the implicit form's Jacobian
//!   `dF/du + shift dF/du'` ([`Ts::set_ifunction_local_ad`](crate::Ts::set_ifunction_local_ad)),
//!   [`DaRhsFunction`] the right-hand side's ([`Ts::set_rhs_function_local_ad`](crate::Ts::set_rhs_function_local_ad)).
//! - TAO: an [`Objective`] gives the exact gradient
//!   ([`Tao::set_objective_ad`](crate::Tao::set_objective_ad)), Hessian
//!   ([`Tao::set_hessian_ad`](crate::Tao::set_hessian_ad), on the matrix's nonzero
//!   pattern) or Hessian-vector products
//!   ([`Tao::set_hessian_mult_ad`](crate::Tao::set_hessian_mult_ad)).
//! - Residuals on a distributed vector: implement [`VecResidual`]; the Jacobian's
//!   sparsity is a matrix's nonzero pattern, colored by `MatColoring` as
//!   `-snes_fd_color` colors it ([`ColoredJacobian`], or
//!   [`Snes::set_function_ad`](crate::Snes::set_function_ad)). Each rank evaluates its
//!   own rows and reads the entries of `x` their columns name, on any rank.
//!
//! A residual written for AD reads only the points of the DMDA's stencil (as any DMDA
//! residual must), and does its arithmetic on `T`: `x[i].exp()`, `x[i] * 2.0`,
//! `T::from(c)` for a constant. Branches on values (`if x[i] > 0.0`) are fine; they
//! differentiate the branch taken. See docs/derivatives.md for costs and checks
//! (`-snes_test_jacobian`).
//!
//! PETSc builds with complex scalars have no dual numbers over their scalar: there the
//! functions of this module return an `Err` naming the build.

#[cfg(not(petsc_complex))]
mod colored;
#[cfg(not(petsc_complex))]
mod csr;
#[cfg(not(petsc_complex))]
mod dmda;
mod grid;
#[cfg(not(petsc_complex))]
mod hessian;
mod snes;
mod tao;
mod ts;
mod vector;

pub use grid::{DaArray, DaArrayMut, GridIndex};
pub use num_dual;
pub use snes::DaResidual;
pub use tao::Objective;
pub use ts::{DaIFunction, DaRhsFunction};
pub use vector::{ColoredJacobian, VecArray, VecArrayMut, VecResidual};

use crate::scalar::Real;

/// The scalars a residual written for automatic differentiation is generic over: the
/// real numbers PETSc evaluates it with (`f64`) and the dual numbers that carry
/// derivatives ([`num_dual::DualSVec64`], [`num_dual::Dual64`], ...). Its methods are
/// [`num_dual::DualNum`]'s: `exp`, `ln`, `powi`, `sqrt`, `sin`, ..., and arithmetic
/// with `T` and with [`Real`] on the right (`x * 2.0`, `x - 1.0`).
///
/// ```
/// use petsc::ad::AdScalar;
/// fn bratu_term<T: AdScalar>(u: T, lambda: f64) -> T {
///     u.exp() * lambda
/// }
/// assert_eq!(bratu_term(0.0, 6.0), 6.0);
/// let d = petsc::ad::num_dual::Dual64::from_re(0.0).derivative();
/// assert_eq!(bratu_term(d, 6.0).eps, 6.0); // d/du (lambda e^u) at 0
/// ```
pub trait AdScalar: num_dual::DualNum<Primitive = Real> + Copy {}

impl<T: num_dual::DualNum<Primitive = Real> + Copy> AdScalar for T {}

/// The error of an AD entry point in a build whose scalars are complex.
#[cfg(petsc_complex)]
pub(crate) fn unavailable(context: &str) -> crate::Error {
    crate::Error::invalid(
        context,
        "automatic differentiation needs a PETSc with real scalars; this PETSc is built \
         with complex scalars (PetscScalar = complex double)",
    )
}
