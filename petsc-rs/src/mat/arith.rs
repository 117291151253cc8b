//! Arithmetic operators on matrices, as petsc4py's `Mat` has them: `A + B`, `A - B`,
//! `A + a` (a shift), `A + d` (a vector added to the diagonal), `a * A`, `A / a`,
//! `-A`, `A * B` and `A @ B` (a product), `A * x` and `A @ x` (a matrix-vector
//! product). They return an [`Expr`] as the vector operators do (see the `Expr` docs
//! for why): chain them, end with `.eval()?`.
//!
//! ```
//! use petsc::{Mat, Scalar, Vector};
//! let petsc = petsc::Petsc::init()?;
//! let c = petsc.self_comm();
//! // A = [[1, 2], [0, 1]]
//! let a = Mat::from_csr(&c, Some(2), Some(2), None, None, &[0, 2, 3], &[0, 1, 1], &[1.0, 2.0, 1.0])?;
//! let x = Vector::from_slice(&c, &[1.0, 1.0])?;
//! // petsc4py: A @ x, x @ A (that is, A^T x)
//! assert_eq!(&*(&a * &x).eval()?.view()?, &[3.0, 1.0].map(Scalar::from));
//! assert_eq!(&*(&x * &a).eval()?.view()?, &[1.0, 3.0].map(Scalar::from));
//! // petsc4py: B = 2 * A - 1 + A @ A
//! let b = (2.0 * &a - 1.0 + &a * &a).eval()?;
//! assert_eq!(b.values(&[0, 1], &[0, 1])?, [2.0, 8.0, 0.0, 2.0].map(Scalar::from));
//! // Sizes that do not fit: an Err, not a panic.
//! let wide = Mat::new_dense(&c, None, None, Some(2), Some(3))?;
//! assert!((&a + &wide).eval().is_err());
//! # Ok::<(), petsc::Error>(())
//! ```
//!
//! | Rust | petsc4py | PETSc |
//! |------|----------|-------|
//! | `&a + &b`, `&a - &b` | `A + B`, `A - B` | `MatDuplicate`, `MatAXPY` (different pattern) |
//! | `&a + s`, `s + &a`, `&a - s`, `s - &a` | the same | `MatDuplicate`, `MatShift` (`MatScale(-1)`) |
//! | `&a + &d`, `&a - &d` | `A + d`, `A - d` | `MatDuplicate`, `MatDiagonalSet(ADD_VALUES)` |
//! | `&a * s`, `s * &a`, `&a / s` | the same | `MatDuplicate`, `MatScale` |
//! | `-&a` | `-A` | `MatDuplicate`, `MatScale(-1)` |
//! | `&a * &b` | `A * B`, `A @ B` | `MatMatMult` |
//! | `&a * &x` | `A * x`, `A @ x` | `MatMult` into a new vector |
//! | `a.try_add_assign(&b)?` | `A += B` | `MatAXPY` (or `MatShift`, `MatDiagonalSet`) |

use std::ops::{Add, Div, Mul, Neg, Sub};

use crate::error::Result;
#[cfg(petsc_complex)]
use crate::scalar::Real;
use crate::scalar::Scalar;
use crate::vec::arith::{Held, OwnedOperand, ReadOperand};
use crate::vec::{Expr, InsertMode, Vector};

use super::{Mat, MatStructure};

/// The right-hand side of an in-place matrix addition or subtraction
/// ([`Mat::try_add_assign`], [`Mat::try_sub_assign`]).
#[derive(Debug, Clone, Copy)]
pub enum MatOperand<'a> {
    /// A shift of the diagonal.
    Scalar(Scalar),
    /// A matrix of the same sizes (any nonzero pattern).
    Mat(&'a Mat),
    /// `a * B` (petsc4py's `A += (a, B)`).
    Scaled(Scalar, &'a Mat),
    /// A vector added to the diagonal, laid out like the rows.
    Diagonal(&'a Vector),
}

impl From<Scalar> for MatOperand<'_> {
    fn from(a: Scalar) -> Self {
        MatOperand::Scalar(a)
    }
}

#[cfg(petsc_complex)]
impl From<Real> for MatOperand<'_> {
    fn from(a: Real) -> Self {
        MatOperand::Scalar(Scalar::from(a))
    }
}

impl<'a> From<&'a Mat> for MatOperand<'a> {
    fn from(b: &'a Mat) -> Self {
        MatOperand::Mat(b)
    }
}

impl<'a, S: Into<Scalar>> From<(S, &'a Mat)> for MatOperand<'a> {
    fn from((a, b): (S, &'a Mat)) -> Self {
        MatOperand::Scaled(a.into(), b)
    }
}

impl<'a> From<&'a Vector> for MatOperand<'a> {
    fn from(d: &'a Vector) -> Self {
        MatOperand::Diagonal(d)
    }
}

impl Mat {
    /// `self += rhs` (petsc4py's `A += B`, `A += (a, B)`, `A += a`, `A += d`):
    /// `MatAXPY` with a different nonzero pattern, `MatShift`, or `MatDiagonalSet`
    /// adding `d`.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut a = petsc::Mat::from_csr(&c, Some(2), Some(2), None, None, &[0, 1, 2], &[0, 1], &[1.0, 1.0])?;
    /// let b = petsc::Mat::from_csr(&c, Some(2), Some(2), None, None, &[0, 1, 2], &[1, 0], &[2.0, 3.0])?;
    /// a.try_add_assign(&b)?;
    /// a.try_add_assign(1.0)?;
    /// a.try_add_assign(&petsc::Vector::from_slice(&c, &[10.0, 20.0])?)?;
    /// assert_eq!(a.values(&[0, 1], &[0, 1])?, vec![12.0, 2.0, 3.0, 22.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatAXPY")]
    #[doc(alias = "MatShift")]
    #[doc(alias = "MatDiagonalSet")]
    pub fn try_add_assign<'a>(&mut self, rhs: impl Into<MatOperand<'a>>) -> Result<()> {
        match rhs.into() {
            MatOperand::Scalar(a) => self.shift(a),
            MatOperand::Mat(b) => self.axpy(1.0, b, MatStructure::Different),
            MatOperand::Scaled(a, b) => self.axpy(a, b, MatStructure::Different),
            MatOperand::Diagonal(d) => self.set_diagonal(d, InsertMode::Add),
        }
    }

    /// `self -= rhs` (petsc4py's `A -= B`, `A -= (a, B)`, `A -= a`, `A -= d`).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut a = petsc::Mat::from_csr(&c, Some(2), Some(2), None, None, &[0, 1, 2], &[0, 1], &[1.0, 1.0])?;
    /// a.try_sub_assign(&petsc::Vector::from_slice(&c, &[1.0, 2.0])?)?;
    /// assert_eq!(a.values(&[0, 1], &[0, 1])?, vec![0.0, 0.0, 0.0, -1.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatAXPY")]
    #[doc(alias = "MatShift")]
    #[doc(alias = "MatDiagonalSet")]
    pub fn try_sub_assign<'a>(&mut self, rhs: impl Into<MatOperand<'a>>) -> Result<()> {
        match rhs.into() {
            MatOperand::Scalar(a) => self.shift(-a),
            MatOperand::Mat(b) => self.axpy(-1.0, b, MatStructure::Different),
            MatOperand::Scaled(a, b) => self.axpy(-a, b, MatStructure::Different),
            MatOperand::Diagonal(d) => {
                let mut minus = d.copy_of()?;
                minus.scale(-1.0)?;
                self.set_diagonal(&minus, InsertMode::Add)
            }
        }
    }

    /// `self *= a` (petsc4py's `A *= a`; its `A *= (l, r)` is
    /// [`diagonal_scale`](Self::diagonal_scale)).
    #[doc(alias = "MatScale")]
    pub fn try_mul_assign(&mut self, a: impl Into<Scalar>) -> Result<()> {
        self.scale(a)
    }

    /// `self /= a` (petsc4py's `A /= a`): `MatScale(1/a)`.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut a = petsc::Mat::from_csr(&c, Some(1), Some(1), None, None, &[0, 1], &[0], &[3.0])?;
    /// a.try_mul_assign(4.0)?;
    /// a.try_div_assign(2.0)?;
    /// assert_eq!(a.values(&[0], &[0])?, vec![6.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatScale")]
    pub fn try_div_assign(&mut self, a: impl Into<Scalar>) -> Result<()> {
        self.scale(Scalar::from(1.0) / a.into())
    }
}

impl OwnedOperand<Mat> for &Mat {
    fn owned(self) -> Result<Mat> {
        self.duplicate(true)
    }
}

impl OwnedOperand<Mat> for Mat {
    fn owned(self) -> Result<Mat> {
        Ok(self)
    }
}

impl<'a> ReadOperand<'a, Mat> for Mat {
    fn held(self) -> Result<Held<'a, Mat>> {
        Ok(Held::Owned(self))
    }
}

fn with_held<T>(
    a: Result<Mat>,
    b: Result<Held<'_, T>>,
    f: impl FnOnce(&mut Mat, &T) -> Result<()>,
) -> Expr<Mat> {
    Expr::from((|| {
        let (mut a, b) = (a?, b?);
        f(&mut a, &b)?;
        Ok(a)
    })())
}

fn with_scalar(a: Result<Mat>, f: impl FnOnce(&mut Mat) -> Result<()>) -> Expr<Mat> {
    Expr::from(a.and_then(|mut a| f(&mut a).map(|()| a)))
}

fn times_vec(a: Result<Held<'_, Mat>>, x: Result<Held<'_, Vector>>) -> Expr<Vector> {
    Expr::from((|| {
        let (a, x) = (a?, x?);
        let (_, mut y) = a.create_vecs()?;
        a.mult(&x, &mut y)?;
        Ok(y)
    })())
}

fn times_mat(a: Result<Held<'_, Mat>>, b: Result<Held<'_, Mat>>) -> Expr<Mat> {
    Expr::from(a.and_then(|a| b.and_then(|b| a.mat_mult(&b))))
}

macro_rules! mat_ops_for {
    // A vector on the left of a matrix: petsc4py's `x @ A`.
    (@vec_times_mat $($L:ty),*) => {$(
        impl<'m> Mul<&'m Mat> for $L {
            type Output = Expr<Vector>;
            fn mul(self, a: &'m Mat) -> Expr<Vector> {
                vec_times_mat(ReadOperand::<Vector>::held(self), Ok(Held::Borrowed(a)))
            }
        }
        impl Mul<Mat> for $L {
            type Output = Expr<Vector>;
            fn mul(self, a: Mat) -> Expr<Vector> {
                vec_times_mat(ReadOperand::<Vector>::held(self), Ok(Held::Owned(a)))
            }
        }
        impl Mul<Expr<Mat>> for $L {
            type Output = Expr<Vector>;
            fn mul(self, a: Expr<Mat>) -> Expr<Vector> {
                vec_times_mat(ReadOperand::<Vector>::held(self), a.eval().map(Held::Owned))
            }
        }
    )*};
    (@mat_scalar $L:ty; $S:ty) => {
        impl Add<$S> for $L {
            type Output = Expr<Mat>;
            fn add(self, s: $S) -> Expr<Mat> {
                with_scalar(self.owned(), |a| a.shift(s))
            }
        }
        impl Sub<$S> for $L {
            type Output = Expr<Mat>;
            fn sub(self, s: $S) -> Expr<Mat> {
                with_scalar(self.owned(), |a| a.shift(-s))
            }
        }
        impl Mul<$S> for $L {
            type Output = Expr<Mat>;
            fn mul(self, s: $S) -> Expr<Mat> {
                with_scalar(self.owned(), |a| a.scale(s))
            }
        }
        impl Div<$S> for $L {
            type Output = Expr<Mat>;
            fn div(self, s: $S) -> Expr<Mat> {
                with_scalar(self.owned(), |a| a.try_div_assign(s))
            }
        }
        impl Add<$L> for $S {
            type Output = Expr<Mat>;
            fn add(self, a: $L) -> Expr<Mat> {
                a + self
            }
        }
        impl Sub<$L> for $S {
            type Output = Expr<Mat>;
            fn sub(self, a: $L) -> Expr<Mat> {
                let s = self;
                with_scalar(a.owned(), |a| {
                    a.shift(-s)?;
                    a.scale(-1.0)
                })
            }
        }
        impl Mul<$L> for $S {
            type Output = Expr<Mat>;
            fn mul(self, a: $L) -> Expr<Mat> {
                a * self
            }
        }
    };
    ($($L:ty),*) => {$(
        impl<'r, R: ReadOperand<'r, Mat>> Add<R> for $L {
            type Output = Expr<Mat>;
            fn add(self, rhs: R) -> Expr<Mat> {
                with_held(self.owned(), rhs.held(), |a, b| a.axpy(1.0, b, MatStructure::Different))
            }
        }
        impl<'r, R: ReadOperand<'r, Mat>> Sub<R> for $L {
            type Output = Expr<Mat>;
            fn sub(self, rhs: R) -> Expr<Mat> {
                with_held(self.owned(), rhs.held(), |a, b| a.axpy(-1.0, b, MatStructure::Different))
            }
        }
        impl<'r, R: ReadOperand<'r, Mat>> Mul<R> for $L {
            type Output = Expr<Mat>;
            fn mul(self, rhs: R) -> Expr<Mat> {
                times_mat(ReadOperand::<Mat>::held(self), rhs.held())
            }
        }
        impl<'v> Add<&'v Vector> for $L {
            type Output = Expr<Mat>;
            fn add(self, d: &'v Vector) -> Expr<Mat> {
                with_held(self.owned(), Ok(Held::Borrowed(d)), |a, d| a.try_add_assign(d))
            }
        }
        impl<'v> Sub<&'v Vector> for $L {
            type Output = Expr<Mat>;
            fn sub(self, d: &'v Vector) -> Expr<Mat> {
                with_held(self.owned(), Ok(Held::Borrowed(d)), |a, d| a.try_sub_assign(d))
            }
        }
        impl<'v> Mul<&'v Vector> for $L {
            type Output = Expr<Vector>;
            fn mul(self, x: &'v Vector) -> Expr<Vector> {
                times_vec(ReadOperand::<Mat>::held(self), Ok(Held::Borrowed(x)))
            }
        }
        impl Mul<Vector> for $L {
            type Output = Expr<Vector>;
            fn mul(self, x: Vector) -> Expr<Vector> {
                times_vec(ReadOperand::<Mat>::held(self), Ok(Held::Owned(x)))
            }
        }
        impl Mul<Expr<Vector>> for $L {
            type Output = Expr<Vector>;
            fn mul(self, x: Expr<Vector>) -> Expr<Vector> {
                times_vec(ReadOperand::<Mat>::held(self), x.eval().map(Held::Owned))
            }
        }
        impl Neg for $L {
            type Output = Expr<Mat>;
            fn neg(self) -> Expr<Mat> {
                with_scalar(self.owned(), |a| a.scale(-1.0))
            }
        }
        mat_ops_for!(@mat_scalar $L; Scalar);
        #[cfg(petsc_complex)]
        mat_ops_for!(@mat_scalar $L; Real);
    )*};
}

mat_ops_for!(&Mat, Mat, Expr<Mat>);

/// `x * A` (petsc4py's `x @ A`): `A^T x`, laid out like `A`'s columns.
fn vec_times_mat(x: Result<Held<'_, Vector>>, a: Result<Held<'_, Mat>>) -> Expr<Vector> {
    Expr::from((|| {
        let (x, a) = (x?, a?);
        let (mut y, _) = a.create_vecs()?;
        a.mult_transpose(&x, &mut y)?;
        Ok(y)
    })())
}

mat_ops_for!(@vec_times_mat &Vector, Vector, Expr<Vector>);
