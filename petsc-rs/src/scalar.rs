//! The number types of the PETSc found at build time: the leaf every module builds on.

use petsc_sys as sys;

/// `PetscScalar` of the PETSc found at build time: `f64` for Debian's default (real,
/// double) build, [`Complex<f64>`](Complex) for a complex one (`--with-scalar-type=complex`).
///
/// Functions that take a single scalar accept anything `Into<Scalar>`, so `x.set(1.0)`
/// compiles with either build; slices and views are `[Scalar]`.
///
/// ```
/// use petsc::{Scalar, SCALAR_IS_COMPLEX};
/// let two = Scalar::from(2.0);
/// assert_eq!(std::mem::size_of::<Scalar>(), if SCALAR_IS_COMPLEX { 16 } else { 8 });
/// assert_eq!(two * two, Scalar::from(4.0));
/// ```
pub type Scalar = sys::PetscScalar;
/// num-complex's complex number, PETSc's `PetscComplex` and, in a complex build, [`Scalar`].
pub use num_complex::Complex;
/// Whether [`Scalar`] is complex (PETSc configured `--with-scalar-type=complex`).
pub const SCALAR_IS_COMPLEX: bool = cfg!(petsc_complex);
/// `PetscReal` of the PETSc found at build time.
pub type Real = sys::PetscReal;
/// `PetscInt` of the PETSc found at build time.
pub type Int = sys::PetscInt;
