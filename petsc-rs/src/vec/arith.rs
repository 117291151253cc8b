//! Arithmetic operators on vectors, as petsc4py's `Vec` has them (`x + y`, `2 * x`,
//! `x - 1`, `x / y`, `-x`), with every failure a [`Result`].
//!
//! # The design
//!
//! Every operator makes a new vector (the operands are left alone) and may fail (sizes
//! or communicators that do not match, a vector whose entries are in use). An operator
//! cannot return `Result` and still chain: `(&x + &y)? * 2.0` needs a `?` per step, and
//! Rust's rules forbid `impl Add<f64> for Result<Vector>`. So operators return an
//! [`Expr`]: the value computed so far, or the first error. Expressions chain like
//! petsc4py's, and [`Expr::eval`] gives the `Result` once, at the end:
//!
//! ```
//! use petsc::{Expr, Scalar, Vector};
//! let petsc = petsc::Petsc::init()?;
//! let x = Vector::from_slice(&petsc.world(), &[1.0, 2.0])?;
//! // petsc4py: y = 2 + 2 * x + 1 - x * 3 - 1
//! let y = (2.0 + 2.0 * &x + 1.0 - &x * 3.0 - 1.0).eval()?;
//! assert_eq!(&*y.view()?, &[Scalar::from(1.0), Scalar::from(0.0)]);
//! // petsc4py: z = (4 * x) / (2 * y) with y = x; then z = z / 2
//! let z = ((4.0 * &x) / (2.0 * &x) / 2.0).eval()?;
//! assert_eq!(&*z.view()?, &[Scalar::from(1.0); 2]);
//! // petsc4py: s = (+x) @ (-y): a dot product is a method
//! let s = x.dot(&(-&x).eval()?)?;
//! assert_eq!(s, Scalar::from(-5.0 * petsc.world().size() as f64));
//! // A failure is an Err at the end of the expression, naming what was wrong.
//! let short = Vector::from_slice(&petsc.self_comm(), &[1.0])?;
//! let long = Vector::from_slice(&petsc.self_comm(), &[1.0, 2.0])?;
//! assert!((&short + &long + 1.0).eval().is_err());
//! # Ok::<(), petsc::Error>(())
//! ```
//!
//! Measured on petsc4py's `test_vec.py` (`testBinOp`): each of its vector expressions
//! is one Rust expression with the same operators in the same order, plus `&` on the
//! vectors it reads, `.0` on integer literals and one `.eval()?` per statement.
//! petsc4py's `2 + 2 * x + 1 - x * 3 - 1` (25 characters) reads
//! `(2.0 + 2.0 * &x + 1.0 - &x * 3.0 - 1.0).eval()?` (47: one `?`, one pair of
//! parentheses); with operators returning `Result`, it would read
//! `((((2.0 + (2.0 * &x)?)? + 1.0)? - (&x * 3.0)?)? - 1.0)?` (55: six `?`, six pairs).
//!
//! # What each operator does (petsc4py's meaning)
//!
//! | Rust | petsc4py | PETSc |
//! |------|----------|-------|
//! | `&x + &y`, `&x - &y` | `x + y`, `x - y` | copy, `VecAXPY` |
//! | `&x + a`, `a + &x`, `&x - a` | `x + a`, `a + x`, `x - a` | copy, `VecShift` |
//! | `a - &x` | `a - x` | copy, `VecShift`, `VecScale(-1)` |
//! | `&x * a`, `a * &x`, `&x / a` | `x * a`, `a * x`, `x / a` | copy, `VecScale` |
//! | `&x * &y`, `&x / &y` | `x * y`, `x / y` | `VecPointwiseMult`, `VecPointwiseDivide` |
//! | `a / &x` | `a / x` | copy, `VecScale(1/a)`, `VecReciprocal` |
//! | `-&x` | `-x` | copy, `VecScale(-1)` |
//! | `let mut y = (&x * 1.0).eval()?; y.abs()?` | `abs(x)` | copy, `VecAbs` |
//! | `x.dot(&y)?` | `x @ y` | `VecDot` |
//! | `&x * &a_mat` | `x @ A` | `MatMultTranspose` into a new vector |
//! | `x.try_add_assign(&y)?` | `x += y` | `VecAXPY` (or `VecShift` for a scalar) |
//!
//! Operands may be `&Vector` (read), `Vector` (consumed: its storage is reused, as in
//! `(z / 2.0)` for an owned `z`), an [`Expr`], or a scalar ([`Scalar`], and `f64` too
//! with complex scalars). petsc4py's `+x` is a copy: `x.duplicate()` then `copy_from`,
//! or `(&x * 1.0)`.
//!
//! # In-place forms
//!
//! `x += &y` would have to panic on bad sizes, so `+=` and its relatives are not
//! implemented; the methods [`Vector::try_add_assign`], [`Vector::try_sub_assign`],
//! [`Vector::try_mul_assign`] and [`Vector::try_div_assign`] do the same and return a
//! `Result` (petsc4py's `x += y`, `x += a`, `x += (a, y)`, `x *= a`, `x *= y`, ...).

use std::ops::{Add, Div, Mul, Neg, Sub};

use crate::error::Result;
#[cfg(petsc_complex)]
use crate::scalar::Real;
use crate::scalar::Scalar;

use super::Vector;

/// The value of an arithmetic expression on vectors or matrices so far, or the first
/// error met: what the operators of [`Vector`] and [`Mat`](crate::Mat) return, so that they chain
/// as petsc4py's do. [`eval`](Self::eval) ends the chain with a `Result`. The
/// expression is computed as it is written (each operator runs when it is applied);
/// an error skips the rest.
///
/// ```
/// let petsc = petsc::Petsc::init()?;
/// let x = petsc::Vector::from_slice(&petsc.self_comm(), &[1.0, 2.0])?;
/// let y: petsc::Vector = (3.0 * &x - 1.0).eval()?;
/// assert_eq!(&*y.view()?, &[2.0, 5.0]);
/// # Ok::<(), petsc::Error>(())
/// ```
#[derive(Debug)]
#[must_use = "an expression holds a value or an error: end it with .eval()?"]
pub struct Expr<T>(Result<T>);

impl<T> Expr<T> {
    /// The value, or the first error the expression met.
    pub fn eval(self) -> Result<T> {
        self.0
    }
}

impl<T> From<Result<T>> for Expr<T> {
    fn from(r: Result<T>) -> Expr<T> {
        Expr(r)
    }
}

impl From<Vector> for Expr<Vector> {
    fn from(v: Vector) -> Expr<Vector> {
        Expr(Ok(v))
    }
}

impl<T> From<Expr<T>> for Result<T> {
    fn from(e: Expr<T>) -> Result<T> {
        e.0
    }
}

/// The right-hand side of an in-place vector operation ([`Vector::try_add_assign`] and
/// its relatives): a scalar, a vector, or a scaled vector (petsc4py's `x += (a, y)`).
#[derive(Debug, Clone, Copy)]
pub enum VecOperand<'a> {
    /// A number: a shift for `+`/`-`, a scale for `*`/`/`.
    Scalar(Scalar),
    /// A vector of the same layout.
    Vector(&'a Vector),
    /// `a * y` (for `+` and `-` only; `*` and `/` use the vector).
    Scaled(Scalar, &'a Vector),
}

impl From<Scalar> for VecOperand<'_> {
    fn from(a: Scalar) -> Self {
        VecOperand::Scalar(a)
    }
}

#[cfg(petsc_complex)]
impl From<Real> for VecOperand<'_> {
    fn from(a: Real) -> Self {
        VecOperand::Scalar(Scalar::from(a))
    }
}

impl<'a> From<&'a Vector> for VecOperand<'a> {
    fn from(y: &'a Vector) -> Self {
        VecOperand::Vector(y)
    }
}

impl<'a, S: Into<Scalar>> From<(S, &'a Vector)> for VecOperand<'a> {
    fn from((a, y): (S, &'a Vector)) -> Self {
        VecOperand::Scaled(a.into(), y)
    }
}

impl Vector {
    /// `self += rhs` (petsc4py's `x += y`, `x += a`, `x += (a, y)`): `VecAXPY` for a
    /// vector, `VecShift` for a scalar.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut x = petsc::Vector::from_slice(&c, &[1.0, 2.0])?;
    /// let y = petsc::Vector::from_slice(&c, &[10.0, 20.0])?;
    /// x.try_add_assign(&y)?;
    /// x.try_add_assign(1.0)?;
    /// x.try_add_assign((2.0, &y))?;
    /// assert_eq!(&*x.view()?, &[32.0, 63.0]);
    /// assert!(x.try_add_assign(&petsc::Vector::new_seq(&c, 3)?).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "VecAXPY")]
    #[doc(alias = "VecShift")]
    pub fn try_add_assign<'a>(&mut self, rhs: impl Into<VecOperand<'a>>) -> Result<()> {
        match rhs.into() {
            VecOperand::Scalar(a) => self.shift(a),
            VecOperand::Vector(y) => self.axpy(1.0, y),
            VecOperand::Scaled(a, y) => self.axpy(a, y),
        }
    }

    /// `self -= rhs` (petsc4py's `x -= y`, `x -= a`, `x -= (a, y)`).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut x = petsc::Vector::from_slice(&petsc.self_comm(), &[1.0, 2.0])?;
    /// x.try_sub_assign(1.0)?;
    /// assert_eq!(&*x.view()?, &[0.0, 1.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "VecAXPY")]
    #[doc(alias = "VecShift")]
    pub fn try_sub_assign<'a>(&mut self, rhs: impl Into<VecOperand<'a>>) -> Result<()> {
        match rhs.into() {
            VecOperand::Scalar(a) => self.shift(-a),
            VecOperand::Vector(y) => self.axpy(-1.0, y),
            VecOperand::Scaled(a, y) => self.axpy(-a, y),
        }
    }

    /// `self *= rhs` (petsc4py's `x *= a`, `x *= y`): `VecScale` for a scalar,
    /// `VecPointwiseMult` for a vector (a scaled vector multiplies by the vector only,
    /// as petsc4py reads a vector operand).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut x = petsc::Vector::from_slice(&c, &[1.0, 2.0])?;
    /// x.try_mul_assign(3.0)?;
    /// x.try_mul_assign(&petsc::Vector::from_slice(&c, &[2.0, -1.0])?)?;
    /// assert_eq!(&*x.view()?, &[6.0, -6.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "VecScale")]
    #[doc(alias = "VecPointwiseMult")]
    pub fn try_mul_assign<'a>(&mut self, rhs: impl Into<VecOperand<'a>>) -> Result<()> {
        match rhs.into() {
            VecOperand::Scalar(a) => self.scale(a),
            VecOperand::Vector(y) | VecOperand::Scaled(_, y) => {
                let x = self.deep_copy()?;
                self.pointwise_mult(&x, y)
            }
        }
    }

    /// `self /= rhs` (petsc4py's `x /= a`, `x /= y`): `VecScale(1/a)` for a scalar (a
    /// zero gives infinities, as in petsc4py), `VecPointwiseDivide` for a vector.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut x = petsc::Vector::from_slice(&c, &[2.0, 8.0])?;
    /// x.try_div_assign(2.0)?;
    /// x.try_div_assign(&petsc::Vector::from_slice(&c, &[1.0, 4.0])?)?;
    /// assert_eq!(&*x.view()?, &[1.0, 1.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "VecScale")]
    #[doc(alias = "VecPointwiseDivide")]
    pub fn try_div_assign<'a>(&mut self, rhs: impl Into<VecOperand<'a>>) -> Result<()> {
        match rhs.into() {
            VecOperand::Scalar(a) => self.scale(Scalar::from(1.0) / a),
            VecOperand::Vector(y) | VecOperand::Scaled(_, y) => {
                let x = self.deep_copy()?;
                self.pointwise_divide(&x, y)
            }
        }
    }
}

/// A left operand: made into a vector of its own (copied when borrowed).
pub(crate) trait OwnedOperand<T> {
    fn owned(self) -> Result<T>;
}

impl OwnedOperand<Vector> for &Vector {
    fn owned(self) -> Result<Vector> {
        self.deep_copy()
    }
}

impl OwnedOperand<Vector> for Vector {
    fn owned(self) -> Result<Vector> {
        Ok(self)
    }
}

impl<T> OwnedOperand<T> for Expr<T> {
    fn owned(self) -> Result<T> {
        self.0
    }
}

/// A right operand that is read: borrowed, or held for the length of the operation.
pub(crate) enum Held<'a, T> {
    Borrowed(&'a T),
    Owned(T),
}

impl<T> std::ops::Deref for Held<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        match self {
            Held::Borrowed(t) => t,
            Held::Owned(t) => t,
        }
    }
}

pub(crate) trait ReadOperand<'a, T> {
    fn held(self) -> Result<Held<'a, T>>;
}

impl<'a, T> ReadOperand<'a, T> for &'a T {
    fn held(self) -> Result<Held<'a, T>> {
        Ok(Held::Borrowed(self))
    }
}

impl<'a> ReadOperand<'a, Vector> for Vector {
    fn held(self) -> Result<Held<'a, Vector>> {
        Ok(Held::Owned(self))
    }
}

impl<'a, T> ReadOperand<'a, T> for Expr<T> {
    fn held(self) -> Result<Held<'a, T>> {
        self.0.map(Held::Owned)
    }
}

fn with_vec(
    x: Result<Vector>,
    y: Result<Held<'_, Vector>>,
    f: impl FnOnce(&mut Vector, &Vector) -> Result<()>,
) -> Expr<Vector> {
    Expr((|| {
        let mut x = x?;
        let y = y?;
        f(&mut x, &y)?;
        Ok(x)
    })())
}

fn with_scalar(x: Result<Vector>, f: impl FnOnce(&mut Vector) -> Result<()>) -> Expr<Vector> {
    Expr(x.and_then(|mut x| f(&mut x).map(|()| x)))
}

/// `&x * &y`, `&x / &y`: a new vector of `x`'s layout (no copy of `x` when borrowed).
fn pointwise(
    x: Result<Vector>,
    y: Result<Held<'_, Vector>>,
    f: fn(&mut Vector, &Vector, &Vector) -> Result<()>,
) -> Expr<Vector> {
    Expr((|| {
        let x = x?;
        let y = y?;
        let mut w = x.duplicate()?;
        f(&mut w, &x, &y)?;
        Ok(w)
    })())
}

macro_rules! vec_ops_for {
    // The operators between a vector operand `$L` and a scalar type `$S`, both ways.
    (@vec_scalar $L:ty; $S:ty) => {
        impl Add<$S> for $L {
            type Output = Expr<Vector>;
            fn add(self, a: $S) -> Expr<Vector> {
                with_scalar(self.owned(), |x| x.shift(a))
            }
        }
        impl Sub<$S> for $L {
            type Output = Expr<Vector>;
            fn sub(self, a: $S) -> Expr<Vector> {
                with_scalar(self.owned(), |x| x.shift(-a))
            }
        }
        impl Mul<$S> for $L {
            type Output = Expr<Vector>;
            fn mul(self, a: $S) -> Expr<Vector> {
                with_scalar(self.owned(), |x| x.scale(a))
            }
        }
        impl Div<$S> for $L {
            type Output = Expr<Vector>;
            fn div(self, a: $S) -> Expr<Vector> {
                with_scalar(self.owned(), |x| {
                    x.scale(Scalar::from(1.0) / Scalar::from(a))
                })
            }
        }
        impl Add<$L> for $S {
            type Output = Expr<Vector>;
            fn add(self, x: $L) -> Expr<Vector> {
                x + self
            }
        }
        impl Sub<$L> for $S {
            type Output = Expr<Vector>;
            fn sub(self, x: $L) -> Expr<Vector> {
                let a = self;
                with_scalar(x.owned(), |x| {
                    x.shift(-a)?;
                    x.scale(-1.0)
                })
            }
        }
        impl Mul<$L> for $S {
            type Output = Expr<Vector>;
            fn mul(self, x: $L) -> Expr<Vector> {
                x * self
            }
        }
        impl Div<$L> for $S {
            type Output = Expr<Vector>;
            fn div(self, x: $L) -> Expr<Vector> {
                let a = self;
                with_scalar(x.owned(), |x| {
                    x.scale(Scalar::from(1.0) / Scalar::from(a))?;
                    x.reciprocal()
                })
            }
        }
    };
    ($($L:ty),*) => {$(
        impl<'r, R: ReadOperand<'r, Vector>> Add<R> for $L {
            type Output = Expr<Vector>;
            fn add(self, rhs: R) -> Expr<Vector> {
                with_vec(self.owned(), rhs.held(), |x, y| x.axpy(1.0, y))
            }
        }
        impl<'r, R: ReadOperand<'r, Vector>> Sub<R> for $L {
            type Output = Expr<Vector>;
            fn sub(self, rhs: R) -> Expr<Vector> {
                with_vec(self.owned(), rhs.held(), |x, y| x.axpy(-1.0, y))
            }
        }
        impl<'r, R: ReadOperand<'r, Vector>> Mul<R> for $L {
            type Output = Expr<Vector>;
            fn mul(self, rhs: R) -> Expr<Vector> {
                pointwise(OwnedOperand::<Vector>::owned(self), rhs.held(), Vector::pointwise_mult)
            }
        }
        impl<'r, R: ReadOperand<'r, Vector>> Div<R> for $L {
            type Output = Expr<Vector>;
            fn div(self, rhs: R) -> Expr<Vector> {
                pointwise(OwnedOperand::<Vector>::owned(self), rhs.held(), Vector::pointwise_divide)
            }
        }
        impl Neg for $L {
            type Output = Expr<Vector>;
            fn neg(self) -> Expr<Vector> {
                with_scalar(self.owned(), |x| x.scale(-1.0))
            }
        }
        vec_ops_for!(@vec_scalar $L; Scalar);
        #[cfg(petsc_complex)]
        vec_ops_for!(@vec_scalar $L; Real);
    )*};
}

vec_ops_for!(&Vector, Vector, Expr<Vector>);

#[cfg(test)]
mod tests {
    use crate::{Petsc, Scalar, Vector};

    #[test]
    fn chains_and_errors() -> crate::Result<()> {
        let petsc = Petsc::init()?;
        let c = petsc.self_comm();
        let x = Vector::from_slice(&c, &[1.0, 2.0, 4.0].map(Scalar::from))?;
        let y = (1.0 / &x).eval()?;
        assert_eq!(&*y.view()?, &[1.0, 0.5, 0.25].map(Scalar::from));
        let z = (&x * &y - 1.0).eval()?;
        assert_eq!(z.norm(crate::NormType::Infinity)?, 0.0);
        let w = (1.0 - &x + (&x - &y) / &x).eval()?;
        assert_eq!(&*w.view()?, &[0.0, -0.25, -2.0625].map(Scalar::from));
        let other = Vector::from_slice(&c, &[Scalar::from(1.0)])?;
        assert!((&x * &other).eval().is_err());
        assert!((-(&x + &other) * 2.0).eval().is_err());
        // The operands are untouched by a failure, and usable.
        assert_eq!(x.sum()?, Scalar::from(7.0));
        Ok(())
    }
}
