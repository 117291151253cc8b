//! Real and complex PETSc scalars: [`scalar`] makes one from a real number, [`real`],
//! [`modulus`] and [`real_parts`] take real numbers back, on either kind of PETSc.

use petsc::Scalar;

/// `x` as a PETSc scalar: itself on a real build, `x + 0i` on a complex one.
///
/// ```
/// use petsc_examples::{modulus, real, scalar};
/// assert_eq!(real(scalar(-2.5)), -2.5);
/// assert_eq!(modulus(scalar(-2.5)), 2.5);
/// ```
#[inline(always)]
pub fn scalar(x: f64) -> Scalar {
    #[cfg(not(petsc_complex))]
    {
        x
    }
    #[cfg(petsc_complex)]
    {
        Scalar::new(x, 0.0)
    }
}

/// The real part of a PETSc scalar (the scalar itself on a real build).
#[inline(always)]
pub fn real(s: Scalar) -> f64 {
    #[cfg(not(petsc_complex))]
    {
        s
    }
    #[cfg(petsc_complex)]
    {
        s.re
    }
}

/// `|s|`: the absolute value of a real scalar, the modulus of a complex one.
#[inline(always)]
pub fn modulus(s: Scalar) -> f64 {
    #[cfg(not(petsc_complex))]
    {
        s.abs()
    }
    #[cfg(petsc_complex)]
    {
        s.norm()
    }
}

/// The real parts of PETSc scalars (a copy of them on a real build).
pub fn real_parts(v: &[Scalar]) -> Vec<f64> {
    v.iter().map(|&s| real(s)).collect()
}
