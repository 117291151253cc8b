//! Vector arithmetic beyond the basics: combinations of several vectors, pointwise and
//! entrywise functions, reductions (several dot products at once, split-phase ones),
//! comparison, random fill.

use petsc_sys as sys;

use super::{NormType, Vector};
use crate::error::{Error, Result, check};
use crate::object::Object;
use crate::random::Random;
use crate::scalar::{Int, Real, Scalar};

impl Vector {
    /// Checks that `other` has this vector's global and local sizes, on every rank at
    /// once (collective over this vector's communicator), so that a layout that differs
    /// on some ranks only is the same `Err` everywhere instead of a hang in PETSc's
    /// reduction. `what` names the argument.
    pub(crate) fn check_layout_of(&self, context: &str, what: &str, other: &Vector) -> Result<()> {
        let local = self.check_local_layout_of(context, what, other);
        self.comm().agree(context, local)
    }

    /// [`check_layout_of`](Self::check_layout_of) on this rank only.
    pub(crate) fn check_local_layout_of(
        &self,
        context: &str,
        what: &str,
        other: &Vector,
    ) -> Result<()> {
        self.check_comm_of(context, what, other)?;
        let (n, on) = (self.size()?, other.size()?);
        if n != on {
            return Err(Error::size_mismatch(
                context,
                format!("{what} has global size {on} but this vector has {n}"),
            ));
        }
        let (l, ol) = (self.local_size()?, other.local_size()?);
        if l != ol {
            return Err(Error::size_mismatch(
                context,
                format!("{what} has local size {ol} but this vector has {l} (on this rank)"),
            ));
        }
        Ok(())
    }

    /// Refuses `other` (named `what`) on a communicator other than this vector's (a
    /// vector on `PETSC_COMM_SELF` beside one on the world): PETSc checks it only in
    /// debug builds, and an operation on both would reduce over one of them only.
    pub(crate) fn check_comm_of(&self, context: &str, what: &str, other: &Vector) -> Result<()> {
        if !self.comm().congruent(&other.comm()) {
            return Err(Error::invalid(
                context,
                format!(
                    "{what} is on a communicator other than this vector's (of {} ranks, this \
                     one of {})",
                    other.comm().size(),
                    self.comm().size()
                ),
            ));
        }
        Ok(())
    }

    /// Refuses, on this rank, a vector given values with
    /// [`set_values`](Self::set_values) since its last assembly: PETSc requires the
    /// assembly before any other use (values for other ranks wait in the vector's stash
    /// until then) and refuses such a vector in most operations, on this rank only.
    pub(crate) fn check_assembled(&self, context: &str) -> Result<()> {
        let mut needed = sys::PETSC_BOOL_FALSE;
        // SAFETY: live vector; one output.
        check(unsafe { sys::petscrs_VecAssemblyNeeded(self.ptr, &mut needed) })?;
        if needed == sys::PETSC_BOOL_TRUE {
            return Err(Error::invalid(
                context,
                "the vector was given values with `set_values` and not assembled since: \
                 call `assemble()` (on every rank) first",
            ));
        }
        Ok(())
    }

    /// Before a reduction (a collective call that reads every rank's entries): checks,
    /// on every rank at once, that this vector and `others` (named) can be read through
    /// their handles and were assembled since their last `set_values`, and with
    /// `same_layout` that `others` have this vector's layout. A refusal on one rank is
    /// then the same `Err` on all, instead of a hang in the others or a result that
    /// leaves values out.
    pub(crate) fn ready_to_reduce(
        &self,
        context: &str,
        others: &[(&str, &Vector)],
        same_layout: bool,
    ) -> Result<()> {
        self.ready_with(context, others, same_layout, false)
    }

    /// Before an operation that writes this vector from `inputs` (named) of its layout
    /// (`VecAXPY`, `VecCopy`, `VecPointwiseMult`, ...): checks, on every rank at once,
    /// that this vector can be written through its handle and that the inputs have its
    /// global and local sizes and can be read. PETSc's own checks of these fail on the
    /// rank concerned only, and
    /// the other ranks went on: a refusal on one rank is the same `Err` on all instead
    /// of a result written on some ranks only.
    pub(crate) fn ready_to_combine(&self, context: &str, inputs: &[(&str, &Vector)]) -> Result<()> {
        self.ready_with(context, inputs, true, true)
    }

    /// [`ready_to_reduce`](Self::ready_to_reduce) (`write` false) and
    /// [`ready_to_combine`](Self::ready_to_combine) (`write` true).
    fn ready_with(
        &self,
        context: &str,
        others: &[(&str, &Vector)],
        same_layout: bool,
        write: bool,
    ) -> Result<()> {
        let local = (|| {
            if write {
                self.raw_write(context)?;
            } else {
                self.raw_read(context)?;
                self.check_assembled(context)?;
            }
            for &(what, other) in others {
                if same_layout {
                    self.check_local_layout_of(context, what, other)?;
                } else {
                    self.check_comm_of(context, what, other)?;
                }
                other.raw_read(context)?;
                if !write {
                    other.check_assembled(context)?;
                }
            }
            Ok(())
        })();
        crate::comm::agree_over(self.ptr as sys::PetscObject, context, local)
    }

    /// Checks that every rank gives as many vectors (PETSc's reductions over them
    /// would not match otherwise), then every vector of `xs` with
    /// [`check_layout_of`](Self::check_layout_of) (in one agreement); refuses an empty
    /// list unless `empty_ok` (then the same on every rank), and this vector among them
    /// when `distinct`.
    fn check_list(
        &self,
        context: &str,
        xs: &[&Vector],
        distinct: bool,
        empty_ok: bool,
    ) -> Result<()> {
        let count = i64::try_from(xs.len()).unwrap_or(i64::MAX);
        self.comm()
            .check_same(context, &[("numbers of vectors", count)])?;
        if xs.is_empty() {
            return if empty_ok {
                Ok(())
            } else {
                Err(Error::invalid(context, "the list of vectors is empty"))
            };
        }
        let local = (|| {
            self.raw_read(context)?;
            self.check_assembled(context)?;
            for (k, x) in xs.iter().enumerate() {
                if distinct && x.ptr == self.ptr {
                    return Err(Error::invalid(
                        context,
                        format!("vector {k} of the list is this vector"),
                    ));
                }
                self.check_comm_of(context, &format!("vector {k} of the list"), x)?;
                x.raw_read(context)?;
                x.check_assembled(context)?;
                let (n, xn) = (self.size()?, x.size()?);
                let (l, xl) = (self.local_size()?, x.local_size()?);
                if (n, l) != (xn, xl) {
                    return Err(Error::size_mismatch(
                        context,
                        format!(
                            "vector {k} of the list has global size {xn} and local size {xl} (on this rank) but this vector has {n} and {l}"
                        ),
                    ));
                }
            }
            Ok(())
        })();
        self.comm().agree(context, local)
    }

    /// `self = alpha * x + beta * self` (`VecAXPBY`).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let x = petsc::Vector::from_slice(&c, &[1.0, 2.0])?;
    /// let mut y = petsc::Vector::from_slice(&c, &[10.0, 20.0])?;
    /// y.axpby(2.0, 0.5, &x)?;
    /// assert_eq!(&*y.view()?, &[7.0, 14.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "VecAXPBY")]
    pub fn axpby(
        &mut self,
        alpha: impl Into<Scalar>,
        beta: impl Into<Scalar>,
        x: &Vector,
    ) -> Result<()> {
        const CTX: &str = "Vector::axpby";
        self.ready_to_combine(CTX, &[("x", x)])?;
        // SAFETY: live vectors of the same layout; the scalars are passed by value as
        // the C prototype takes them.
        check(unsafe {
            sys::VecAXPBY(
                self.raw_write(CTX)?,
                alpha.into(),
                beta.into(),
                x.raw_read(CTX)?,
            )
        })
    }

    /// `self += sum_k alphas[k] * xs[k]` (`VecMAXPY`). The lists must have the same
    /// length (the same on every rank; empty lists change nothing, as in PETSc), and
    /// every vector this vector's layout.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let a = petsc::Vector::from_slice(&c, &[1.0, 0.0])?;
    /// let b = petsc::Vector::from_slice(&c, &[0.0, 1.0])?;
    /// let mut y = petsc::Vector::from_slice(&c, &[1.0, 1.0])?;
    /// y.maxpy(&[2.0, 3.0], &[&a, &b])?;
    /// assert_eq!(&*y.view()?, &[3.0, 4.0]);
    /// assert!(y.maxpy(&[1.0], &[&a, &b]).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "VecMAXPY")]
    pub fn maxpy(&mut self, alphas: &[Scalar], xs: &[&Vector]) -> Result<()> {
        const CTX: &str = "Vector::maxpy";
        if alphas.len() != xs.len() {
            return Err(Error::size_mismatch(
                CTX,
                format!("{} coefficients but {} vectors", alphas.len(), xs.len()),
            ));
        }
        self.check_list(CTX, xs, true, true)?;
        if xs.is_empty() {
            return Ok(()); // PETSc's VecMAXPY does nothing
        }
        let raw = xs
            .iter()
            .map(|x| x.raw_read(CTX))
            .collect::<Result<std::vec::Vec<_>>>()?;
        // SAFETY: live vectors of one layout, none of them `self`; both arrays have
        // `xs.len()` entries.
        check(unsafe {
            sys::VecMAXPY(
                self.raw_write(CTX)?,
                xs.len() as Int,
                alphas.as_ptr(),
                raw.as_ptr() as *mut sys::Vec,
            )
        })
    }

    /// `self = max(|x|, |y|)` entrywise (`VecPointwiseMaxAbs`).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let x = petsc::Vector::from_slice(&c, &[-3.0, 1.0])?;
    /// let y = petsc::Vector::from_slice(&c, &[2.0, -5.0])?;
    /// let mut w = x.duplicate()?;
    /// w.pointwise_max_abs(&x, &y)?;
    /// assert_eq!(&*w.view()?, &[3.0, 5.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "VecPointwiseMaxAbs")]
    pub fn pointwise_max_abs(&mut self, x: &Vector, y: &Vector) -> Result<()> {
        const CTX: &str = "Vector::pointwise_max_abs";
        self.ready_to_combine(CTX, &[("x", x), ("y", y)])?;
        // SAFETY: live vectors of one layout.
        check(unsafe {
            sys::VecPointwiseMaxAbs(self.raw_write(CTX)?, x.raw_read(CTX)?, y.raw_read(CTX)?)
        })
    }

    /// `max_i |self_i / y_i|` (`VecMaxPointwiseDivide`; entries where `y` is zero count
    /// `|self_i|`).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let x = petsc::Vector::from_slice(&c, &[4.0, -9.0])?;
    /// let y = petsc::Vector::from_slice(&c, &[2.0, 3.0])?;
    /// assert_eq!(x.max_pointwise_divide(&y)?, 3.0);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "VecMaxPointwiseDivide")]
    pub fn max_pointwise_divide(&self, y: &Vector) -> Result<Real> {
        const CTX: &str = "Vector::max_pointwise_divide";
        self.ready_to_reduce(CTX, &[("y", y)], true)?;
        let mut m: Real = 0.0;
        // SAFETY: live vectors of one layout.
        check(unsafe {
            sys::VecMaxPointwiseDivide(self.raw_read(CTX)?, y.raw_read(CTX)?, &mut m)
        })?;
        // PETSc 3.22 returns each rank's own maximum for a distributed vector.
        crate::object::Object::comm(self).max_nonnegative(m)
    }

    /// Scales the vector to unit 2-norm and returns the norm it had (`VecNormalize`); a
    /// zero vector stays zero.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut x = petsc::Vector::from_slice(&petsc.self_comm(), &[3.0, 4.0])?;
    /// assert_eq!(x.normalize()?, 5.0);
    /// let v = x.view()?;
    /// assert!((v[0] - 0.6).abs() < 1e-15 && (v[1] - 0.8).abs() < 1e-15);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "VecNormalize")]
    pub fn normalize(&mut self) -> Result<Real> {
        self.ready_to_reduce("Vector::normalize", &[], false)?;
        let mut n: Real = 0.0;
        // SAFETY: live vector.
        check(unsafe { sys::VecNormalize(self.raw_write("Vector::normalize")?, &mut n) })?;
        Ok(n)
    }

    /// `self = exp(self)` entrywise (`VecExp`).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut x = petsc::Vector::from_slice(&petsc.self_comm(), &[0.0, 1.0])?;
    /// x.exp()?;
    /// assert_eq!(&*x.view()?, &[1.0, 1f64.exp()]);
    /// x.log()?;
    /// assert_eq!(&*x.view()?, &[0.0, 1.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "VecExp")]
    pub fn exp(&mut self) -> Result<()> {
        // SAFETY: live vector.
        check(unsafe { sys::VecExp(self.raw_write("Vector::exp")?) })
    }

    /// `self = ln(self)` entrywise (`VecLog`; the logarithm of zero or a negative real
    /// entry gives `-inf` or NaN, as in C).
    #[doc(alias = "VecLog")]
    pub fn log(&mut self) -> Result<()> {
        // SAFETY: live vector.
        check(unsafe { sys::VecLog(self.raw_write("Vector::log")?) })
    }

    /// `self = sqrt(|self|)` entrywise (`VecSqrtAbs`).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut x = petsc::Vector::from_slice(&petsc.self_comm(), &[-4.0, 9.0])?;
    /// x.sqrt_abs()?;
    /// assert_eq!(&*x.view()?, &[2.0, 3.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "VecSqrtAbs")]
    pub fn sqrt_abs(&mut self) -> Result<()> {
        // SAFETY: live vector.
        check(unsafe { sys::VecSqrtAbs(self.raw_write("Vector::sqrt_abs")?) })
    }

    /// Replaces every entry by its complex conjugate (`VecConjugate`; nothing changes
    /// with real scalars).
    #[doc(alias = "VecConjugate")]
    pub fn conjugate(&mut self) -> Result<()> {
        // SAFETY: live vector.
        check(unsafe { sys::VecConjugate(self.raw_write("Vector::conjugate")?) })
    }

    /// Sets every entry to zero (`VecZeroEntries`).
    #[doc(alias = "VecZeroEntries")]
    pub fn zero_entries(&mut self) -> Result<()> {
        // SAFETY: live vector.
        check(unsafe { sys::VecZeroEntries(self.raw_write("Vector::zero_entries")?) })
    }

    /// Sets to zero the entries whose absolute value is below `tol` (`VecChop`; from
    /// PETSc 3.20 `VecFilter`). A negative or NaN `tol` chops nothing, as in PETSc.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut x = petsc::Vector::from_slice(&petsc.self_comm(), &[1e-12, -0.5, 2.0])?;
    /// x.chop(1e-8)?;
    /// assert_eq!(&*x.view()?, &[0.0, -0.5, 2.0]);
    /// x.chop(f64::NAN)?; // nothing is below NaN
    /// assert_eq!(&*x.view()?, &[0.0, -0.5, 2.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "VecChop")]
    pub fn chop(&mut self, tol: Real) -> Result<()> {
        let x = self.raw_write("Vector::chop")?;
        #[cfg(not(petsc_3_20))]
        // SAFETY: live vector.
        let r = unsafe { sys::VecChop(x, tol) };
        #[cfg(petsc_3_20)]
        // SAFETY: live vector.
        let r = unsafe { sys::VecFilter(x, tol) };
        check(r)
    }

    /// Exchanges the values of two vectors of the same layout (`VecSwap`).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut x = petsc::Vector::from_slice(&c, &[1.0, 2.0])?;
    /// let mut y = petsc::Vector::from_slice(&c, &[3.0, 4.0])?;
    /// x.swap(&mut y)?;
    /// assert_eq!((&*x.view()?, &*y.view()?), (&[3.0, 4.0][..], &[1.0, 2.0][..]));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "VecSwap")]
    pub fn swap(&mut self, other: &mut Vector) -> Result<()> {
        const CTX: &str = "Vector::swap";
        self.check_layout_of(CTX, "the other vector", other)?;
        // SAFETY: live vectors of one layout.
        check(unsafe { sys::VecSwap(self.raw_write(CTX)?, other.raw_write(CTX)?) })
    }

    /// Whether the two vectors have the same layout and the same entries (`VecEqual`,
    /// collective).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let x = petsc::Vector::from_slice(&c, &[1.0, 2.0])?;
    /// let mut y = x.duplicate()?;
    /// y.copy_from(&x)?;
    /// assert!(x.equal(&y)?);
    /// y.shift(1e-3)?;
    /// assert!(!x.equal(&y)?);
    /// assert!(!x.equal(&petsc::Vector::new_seq(&c, 3)?)?);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "VecEqual")]
    pub fn equal(&self, other: &Vector) -> Result<bool> {
        self.ready_to_reduce("Vector::equal", &[("the other vector", other)], false)?;
        let mut flg = sys::PETSC_BOOL_FALSE;
        // SAFETY: live vectors; PETSc compares the layouts before the entries.
        check(unsafe {
            sys::VecEqual(
                self.raw_read("Vector::equal")?,
                other.raw_read("Vector::equal")?,
                &mut flg,
            )
        })?;
        Ok(flg == sys::PETSC_BOOL_TRUE)
    }

    /// The mean of the entries (`VecMean`).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let x = petsc::Vector::from_slice(&petsc.self_comm(), &[1.0, 2.0, 6.0])?;
    /// assert_eq!(x.mean()?, 3.0);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "VecMean")]
    pub fn mean(&self) -> Result<Scalar> {
        self.ready_to_reduce("Vector::mean", &[], false)?;
        let mut m = Scalar::default();
        // SAFETY: live vector.
        check(unsafe { sys::VecMean(self.raw_read("Vector::mean")?, &mut m) })?;
        Ok(m)
    }

    /// `(y^H self, ||y||_2^2)` in one reduction (`VecDotNorm2`).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let x = petsc::Vector::from_slice(&c, &[1.0, 2.0])?;
    /// let y = petsc::Vector::from_slice(&c, &[3.0, 4.0])?;
    /// assert_eq!(x.dot_norm2(&y)?, (11.0, 25.0));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "VecDotNorm2")]
    pub fn dot_norm2(&self, y: &Vector) -> Result<(Scalar, Real)> {
        const CTX: &str = "Vector::dot_norm2";
        self.ready_to_reduce(CTX, &[("y", y)], true)?;
        let (mut d, mut n) = (Scalar::default(), 0.0);
        // SAFETY: live vectors of one layout.
        check(unsafe { sys::VecDotNorm2(self.raw_read(CTX)?, y.raw_read(CTX)?, &mut d, &mut n) })?;
        Ok((d, n))
    }

    /// `[ys[k]^H self]` for every `k`, in one reduction (`VecMDot`). An empty list gives
    /// no products, as in PETSc (it must be empty on every rank); a vector of another
    /// layout is an `Err` (the same on every rank).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let x = petsc::Vector::from_slice(&c, &[1.0, 2.0])?;
    /// let a = petsc::Vector::from_slice(&c, &[1.0, 0.0])?;
    /// let b = petsc::Vector::from_slice(&c, &[1.0, 1.0])?;
    /// assert_eq!(x.mdot(&[&a, &b])?, vec![1.0, 3.0]);
    /// assert!(x.mdot(&[])?.is_empty()); // no vectors, no products, as in PETSc
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "VecMDot")]
    pub fn mdot(&self, ys: &[&Vector]) -> Result<std::vec::Vec<Scalar>> {
        self.multi_dot("Vector::mdot", ys, sys::VecMDot)
    }

    /// `[ys[k]^T self]` for every `k`, without conjugation (`VecMTDot`).
    #[doc(alias = "VecMTDot")]
    pub fn mtdot(&self, ys: &[&Vector]) -> Result<std::vec::Vec<Scalar>> {
        self.multi_dot("Vector::mtdot", ys, sys::VecMTDot)
    }

    fn multi_dot(
        &self,
        context: &str,
        ys: &[&Vector],
        f: unsafe extern "C" fn(sys::Vec, Int, *const sys::Vec, *mut Scalar) -> sys::PetscErrorCode,
    ) -> Result<std::vec::Vec<Scalar>> {
        self.check_list(context, ys, false, true)?;
        if ys.is_empty() {
            return Ok(std::vec::Vec::new()); // as PETSc's VecMDot, VecMTDot
        }
        let raw = ys
            .iter()
            .map(|y| y.raw_read(context))
            .collect::<Result<std::vec::Vec<_>>>()?;
        let mut out = vec![Scalar::default(); ys.len()];
        // SAFETY: live vectors of one layout; both arrays have `ys.len()` entries.
        check(unsafe {
            f(
                self.raw_read(context)?,
                ys.len() as Int,
                raw.as_ptr(),
                out.as_mut_ptr(),
            )
        })?;
        Ok(out)
    }

    /// Starts a split-phase `y^H self` (`VecDotBegin`): local work now, the reduction in
    /// [`dot_end`](Self::dot_end), so that several reductions begun in a row
    /// (`dot_begin`, [`norm_begin`](Self::norm_begin), ...) travel in one message. Ends
    /// must come in the order of the begins, with the same vectors; otherwise the end
    /// is an `Err`.
    ///
    /// ```
    /// use petsc::NormType;
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let x = petsc::Vector::from_slice(&c, &[1.0, 2.0])?;
    /// let y = petsc::Vector::from_slice(&c, &[3.0, 4.0])?;
    /// x.dot_begin(&y)?;
    /// y.norm_begin(NormType::Two)?;
    /// assert_eq!(x.dot_end(&y)?, 11.0);
    /// assert_eq!(y.norm_end(NormType::Two)?, 5.0);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "VecDotBegin")]
    pub fn dot_begin(&self, y: &Vector) -> Result<()> {
        const CTX: &str = "Vector::dot_begin";
        self.ready_to_reduce(CTX, &[("y", y)], true)?;
        // SAFETY: live vectors of one layout; PETSc keeps only their addresses, to
        // compare at the end.
        check(unsafe {
            sys::VecDotBegin(self.raw_read(CTX)?, y.raw_read(CTX)?, std::ptr::null_mut())
        })
    }

    /// Finishes a [`dot_begin`](Self::dot_begin) (`VecDotEnd`).
    #[doc(alias = "VecDotEnd")]
    pub fn dot_end(&self, y: &Vector) -> Result<Scalar> {
        let mut d = Scalar::default();
        // SAFETY: live vectors; PETSc checks the pending operation matches.
        check(unsafe { sys::VecDotEnd(self.ptr, y.ptr, &mut d) })?;
        Ok(d)
    }

    /// Starts a split-phase `y^T self` (`VecTDotBegin`); see [`dot_begin`](Self::dot_begin).
    #[doc(alias = "VecTDotBegin")]
    pub fn tdot_begin(&self, y: &Vector) -> Result<()> {
        const CTX: &str = "Vector::tdot_begin";
        self.ready_to_reduce(CTX, &[("y", y)], true)?;
        // SAFETY: as in `dot_begin`.
        check(unsafe {
            sys::VecTDotBegin(self.raw_read(CTX)?, y.raw_read(CTX)?, std::ptr::null_mut())
        })
    }

    /// Finishes a [`tdot_begin`](Self::tdot_begin) (`VecTDotEnd`).
    #[doc(alias = "VecTDotEnd")]
    pub fn tdot_end(&self, y: &Vector) -> Result<Scalar> {
        let mut d = Scalar::default();
        // SAFETY: live vectors; PETSc checks the pending operation matches.
        check(unsafe { sys::VecTDotEnd(self.ptr, y.ptr, &mut d) })?;
        Ok(d)
    }

    /// Starts a split-phase norm (`VecNormBegin`); see [`dot_begin`](Self::dot_begin).
    #[doc(alias = "VecNormBegin")]
    pub fn norm_begin(&self, ty: NormType) -> Result<()> {
        if ty == NormType::Frobenius {
            return Err(Error::invalid(
                "Vector::norm_begin",
                "the Frobenius norm is for matrices; use NormType::Two",
            ));
        }
        self.ready_to_reduce("Vector::norm_begin", &[], false)?;
        // SAFETY: live vector; a norm type with one result.
        check(unsafe {
            sys::VecNormBegin(
                self.raw_read("Vector::norm_begin")?,
                ty.raw(),
                std::ptr::null_mut(),
            )
        })
    }

    /// Finishes a [`norm_begin`](Self::norm_begin) (`VecNormEnd`).
    #[doc(alias = "VecNormEnd")]
    pub fn norm_end(&self, ty: NormType) -> Result<Real> {
        if ty == NormType::Frobenius {
            return Err(Error::invalid(
                "Vector::norm_end",
                "the Frobenius norm is for matrices; use NormType::Two",
            ));
        }
        let mut n: Real = 0.0;
        // SAFETY: live vector; one result for the norm types allowed here.
        check(unsafe { sys::VecNormEnd(self.ptr, ty.raw(), &mut n) })?;
        Ok(n)
    }

    /// Starts a split-phase [`mdot`](Self::mdot) (`VecMDotBegin`); finish it with
    /// [`mdot_end`](Self::mdot_end) and the same list.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let x = petsc::Vector::from_slice(&c, &[1.0, 2.0])?;
    /// let a = petsc::Vector::from_slice(&c, &[1.0, 1.0])?;
    /// x.mdot_begin(&[&a, &x])?;
    /// assert_eq!(x.mdot_end(&[&a, &x])?, vec![3.0, 5.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "VecMDotBegin")]
    pub fn mdot_begin(&self, ys: &[&Vector]) -> Result<()> {
        self.multi_dot_begin("Vector::mdot_begin", ys, sys::VecMDotBegin)
    }

    /// Finishes a [`mdot_begin`](Self::mdot_begin) (`VecMDotEnd`).
    #[doc(alias = "VecMDotEnd")]
    pub fn mdot_end(&self, ys: &[&Vector]) -> Result<std::vec::Vec<Scalar>> {
        self.multi_dot_end("Vector::mdot_end", ys, sys::VecMDotEnd)
    }

    /// Starts a split-phase [`mtdot`](Self::mtdot) (`VecMTDotBegin`).
    #[doc(alias = "VecMTDotBegin")]
    pub fn mtdot_begin(&self, ys: &[&Vector]) -> Result<()> {
        self.multi_dot_begin("Vector::mtdot_begin", ys, sys::VecMTDotBegin)
    }

    /// Finishes a [`mtdot_begin`](Self::mtdot_begin) (`VecMTDotEnd`).
    #[doc(alias = "VecMTDotEnd")]
    pub fn mtdot_end(&self, ys: &[&Vector]) -> Result<std::vec::Vec<Scalar>> {
        self.multi_dot_end("Vector::mtdot_end", ys, sys::VecMTDotEnd)
    }

    fn multi_dot_begin(
        &self,
        context: &str,
        ys: &[&Vector],
        f: unsafe extern "C" fn(sys::Vec, Int, *const sys::Vec, *mut Scalar) -> sys::PetscErrorCode,
    ) -> Result<()> {
        self.check_list(context, ys, false, false)?;
        let raw = ys
            .iter()
            .map(|y| y.raw_read(context))
            .collect::<Result<std::vec::Vec<_>>>()?;
        // PETSc may write the results here already when it has nothing to reduce.
        let mut scratch = vec![Scalar::default(); ys.len()];
        // SAFETY: live vectors of one layout; both arrays have `ys.len()` entries.
        check(unsafe {
            f(
                self.raw_read(context)?,
                ys.len() as Int,
                raw.as_ptr(),
                scratch.as_mut_ptr(),
            )
        })
    }

    fn multi_dot_end(
        &self,
        context: &str,
        ys: &[&Vector],
        f: unsafe extern "C" fn(sys::Vec, Int, *const sys::Vec, *mut Scalar) -> sys::PetscErrorCode,
    ) -> Result<std::vec::Vec<Scalar>> {
        if ys.is_empty() {
            return Err(Error::invalid(context, "the list of vectors is empty"));
        }
        let raw: std::vec::Vec<sys::Vec> = ys.iter().map(|y| y.ptr).collect();
        let mut out = vec![Scalar::default(); ys.len()];
        // SAFETY: live vectors; both arrays have `ys.len()` entries; PETSc checks the
        // pending operation matches.
        check(unsafe { f(self.ptr, ys.len() as Int, raw.as_ptr(), out.as_mut_ptr()) })?;
        Ok(out)
    }

    /// Fills the vector with random values (`VecSetRandom`) from `random`, or from a
    /// generator with PETSc's default seed when `None`. Values lie in the generator's
    /// interval (`[0, 1)` by default). The same seed and the same number of ranks give
    /// the same vector; see [`Random`] for how values depend on the rank count.
    ///
    /// ```
    /// use petsc::{Random, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut r = Random::new(&c)?;
    /// r.set_interval(-1.0, 1.0)?;
    /// r.set_seed(42)?;
    /// let mut x = Vector::new_seq(&c, 100)?;
    /// x.set_random(Some(&mut r))?;
    /// assert!(x.view()?.iter().all(|v| (-1.0..1.0).contains(v)));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "VecSetRandom")]
    pub fn set_random(&mut self, random: Option<&mut Random>) -> Result<()> {
        let r = random.map_or(std::ptr::null_mut(), |r| r.ptr);
        // SAFETY: live vector; a live generator or null (PETSc makes its own).
        check(unsafe { sys::VecSetRandom(self.raw_write("Vector::set_random")?, r) })
    }

    /// Makes the vector the `i`-th standard basis vector: 1 at global index `i`, 0
    /// elsewhere (collective; `i` must be in range and the same on every rank).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut x = petsc::Vector::new_seq(&petsc.self_comm(), 3)?;
    /// x.set_std_basis(1)?;
    /// assert_eq!(&*x.view()?, &[0.0, 1.0, 0.0]);
    /// assert!(x.set_std_basis(3).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn set_std_basis(&mut self, i: Int) -> Result<()> {
        const CTX: &str = "Vector::set_std_basis";
        self.comm()
            .check_same(CTX, &[("indices", crate::comm::wide(i))])?;
        let n = self.size()?;
        if !(0..n).contains(&i) {
            return Err(Error::out_of_range(
                CTX,
                format!("index {i} is not in 0..{n}, the vector's size"),
            ));
        }
        self.zero_entries()?;
        if self.ownership_range()?.contains(&i) {
            self.set_values(&[i], &[Scalar::from(1.0)], super::InsertMode::Insert)?;
        }
        self.assemble()
    }

    /// `n` new vectors of this vector's layout and type (`VecDuplicateVecs`); their
    /// values are not copied.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let x = petsc::Vector::new_seq(&petsc.self_comm(), 4)?;
    /// let ws = x.duplicate_vecs(3)?;
    /// assert_eq!(ws.len(), 3);
    /// assert!(ws.iter().all(|w| w.size().unwrap() == 4));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "VecDuplicateVecs")]
    pub fn duplicate_vecs(&self, n: usize) -> Result<std::vec::Vec<Vector>> {
        (0..n).map(|_| self.duplicate()).collect()
    }
}
