//! A vector's entries set and read by global index (with the assembly that sends
//! off-process values), and the basic arithmetic and reductions: `set`, `scale`, `axpy`
//! and their relatives, dot products, norms, sums, extrema.

use petsc_sys as sys;

use super::{Extremum, InsertMode, NormType, Vector};
use crate::error::{Error, Result, check, check_indices};
use crate::scalar::{Int, Real, Scalar};

impl Vector {
    /// Sets or adds values at global indices (any process may set any index; values
    /// for other processes are sent by [`assemble`](Self::assemble)). Entries with a
    /// negative index are skipped, on every vector type, as PETSc's manual page says
    /// (PETSc itself does so only with `VEC_IGNORE_NEGATIVE_INDICES`, and writes before
    /// the array of a sequential vector otherwise); an index at or above the global size
    /// is an `Err`.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut x = petsc::Vector::new_seq(&petsc.self_comm(), 4)?;
    /// x.set(0.0)?;
    /// x.set_values(&[0, 3], &[1.5, 2.5], petsc::InsertMode::Insert)?;
    /// x.assemble()?;
    /// assert_eq!(&*x.view()?, &[1.5, 0.0, 0.0, 2.5]);
    /// assert!(x.set_values(&[4], &[1.0], petsc::InsertMode::Insert).is_err());
    /// x.set_values(&[-1, 1], &[9.0, 7.0], petsc::InsertMode::Insert)?; // -1 skipped
    /// x.assemble()?;
    /// assert_eq!(&*x.view()?, &[1.5, 7.0, 0.0, 2.5]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "VecSetValues")]
    pub fn set_values(
        &mut self,
        indices: &[Int],
        values: &[Scalar],
        mode: InsertMode,
    ) -> Result<()> {
        const CTX: &str = "Vector::set_values";
        if indices.len() != values.len() {
            return Err(Error::size_mismatch(
                CTX,
                format!("{} indices but {} values", indices.len(), values.len()),
            ));
        }
        check_indices(CTX, "index", indices, self.size()?)?;
        if indices.iter().any(|&i| i < 0) {
            let (kept, vals): (std::vec::Vec<Int>, std::vec::Vec<Scalar>) = indices
                .iter()
                .zip(values)
                .filter(|&(&i, _)| i >= 0)
                .map(|(&i, &v)| (i, v))
                .unzip();
            return self.set_values(&kept, &vals, mode);
        }
        // SAFETY: live vector; both slices have `indices.len()` entries, every index in
        // 0..size (checked above).
        check(unsafe {
            sys::VecSetValues(
                self.raw_write("Vector::set_values")?,
                indices.len() as Int,
                indices.as_ptr(),
                values.as_ptr(),
                mode.raw(),
            )
        })
    }

    /// Sends values set for other processes and completes the vector (collective):
    /// [`assembly_begin`](Self::assembly_begin) and
    /// [`assembly_end`](Self::assembly_end) at once. Refused while an assembly begun
    /// with `assembly_begin` is under way.
    #[doc(alias = "VecAssemblyBegin")]
    #[doc(alias = "VecAssemblyEnd")]
    pub fn assemble(&mut self) -> Result<()> {
        // A view alive on some ranks only is refused on every rank: the assembly is
        // collective.
        Vector::accessible_over(&*self, "Vector::assemble", &[], &[&*self])?;
        // SAFETY: live vector.
        check(unsafe { sys::VecAssemblyBegin(self.raw_write("Vector::assemble")?) })?;
        // SAFETY: live vector, assembly begun.
        check(unsafe { sys::VecAssemblyEnd(self.raw_write("Vector::assemble")?) })
    }

    /// Values at global indices owned by this process.
    pub fn values(&self, indices: &[Int]) -> Result<std::vec::Vec<Scalar>> {
        let r = self.ownership_range()?;
        if let Some(i) = indices.iter().find(|i| !r.contains(i)) {
            return Err(Error::out_of_range(
                "Vector::values",
                format!(
                    "index {i} is not owned by this process (owns {}..{})",
                    r.start, r.end
                ),
            ));
        }
        let mut out = vec![Scalar::default(); indices.len()];
        // SAFETY: live vector; `out` has room for every index.
        check(unsafe {
            sys::VecGetValues(
                self.raw_read("Vector::values")?,
                indices.len() as Int,
                indices.as_ptr(),
                out.as_mut_ptr(),
            )
        })?;
        Ok(out)
    }

    /// Sets every entry to `alpha`.
    pub fn set(&mut self, alpha: impl Into<Scalar>) -> Result<()> {
        // SAFETY: live vector.
        check(unsafe { sys::petscrs_VecSet(self.raw_write("Vector::set")?, &alpha.into()) })
    }

    /// `self = alpha * self`.
    pub fn scale(&mut self, alpha: impl Into<Scalar>) -> Result<()> {
        // SAFETY: live vector.
        check(unsafe { sys::petscrs_VecScale(self.raw_write("Vector::scale")?, &alpha.into()) })
    }

    /// `self += alpha` entrywise.
    pub fn shift(&mut self, alpha: impl Into<Scalar>) -> Result<()> {
        // SAFETY: live vector.
        check(unsafe { sys::petscrs_VecShift(self.raw_write("Vector::shift")?, &alpha.into()) })
    }

    /// `self = alpha * x + self`.
    pub fn axpy(&mut self, alpha: impl Into<Scalar>, x: &Vector) -> Result<()> {
        self.ready_to_combine("Vector::axpy", &[("x", x)])?;
        // SAFETY: live vectors; Rust's borrows make them distinct.
        check(unsafe {
            sys::petscrs_VecAXPY(
                self.raw_write("Vector::axpy")?,
                &alpha.into(),
                x.raw_read("Vector::axpy")?,
            )
        })
    }

    /// `self = x + beta * self`.
    pub fn aypx(&mut self, beta: impl Into<Scalar>, x: &Vector) -> Result<()> {
        self.ready_to_combine("Vector::aypx", &[("x", x)])?;
        // SAFETY: live, distinct vectors.
        check(unsafe {
            sys::petscrs_VecAYPX(
                self.raw_write("Vector::aypx")?,
                &beta.into(),
                x.raw_read("Vector::aypx")?,
            )
        })
    }

    /// `self = alpha * x + y`.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let x = petsc::Vector::from_slice(&c, &[1.0, 2.0])?;
    /// let y = petsc::Vector::from_slice(&c, &[10.0, 20.0])?;
    /// let mut w = x.duplicate()?;
    /// w.waxpy(3.0, &x, &y)?;
    /// assert_eq!(&*w.view()?, &[13.0, 26.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn waxpy(&mut self, alpha: impl Into<Scalar>, x: &Vector, y: &Vector) -> Result<()> {
        self.ready_to_combine("Vector::waxpy", &[("x", x), ("y", y)])?;
        // SAFETY: live vectors; `self` is distinct from `x` and `y`.
        check(unsafe {
            sys::petscrs_VecWAXPY(
                self.raw_write("Vector::waxpy")?,
                &alpha.into(),
                x.raw_read("Vector::waxpy")?,
                y.raw_read("Vector::waxpy")?,
            )
        })
    }

    /// `self = x .* y` entrywise.
    pub fn pointwise_mult(&mut self, x: &Vector, y: &Vector) -> Result<()> {
        self.ready_to_combine("Vector::pointwise_mult", &[("x", x), ("y", y)])?;
        // SAFETY: live vectors.
        check(unsafe {
            sys::VecPointwiseMult(
                self.raw_write("Vector::pointwise_mult")?,
                x.raw_read("Vector::pointwise_mult")?,
                y.raw_read("Vector::pointwise_mult")?,
            )
        })
    }

    /// `self = x ./ y` entrywise (a zero in `y` gives zero).
    pub fn pointwise_divide(&mut self, x: &Vector, y: &Vector) -> Result<()> {
        self.ready_to_combine("Vector::pointwise_divide", &[("x", x), ("y", y)])?;
        // SAFETY: live vectors.
        check(unsafe {
            sys::VecPointwiseDivide(
                self.raw_write("Vector::pointwise_divide")?,
                x.raw_read("Vector::pointwise_divide")?,
                y.raw_read("Vector::pointwise_divide")?,
            )
        })
    }

    /// `self = max(x, y)` entrywise (real parts).
    pub fn pointwise_max(&mut self, x: &Vector, y: &Vector) -> Result<()> {
        self.ready_to_combine("Vector::pointwise_max", &[("x", x), ("y", y)])?;
        // SAFETY: live vectors.
        check(unsafe {
            sys::VecPointwiseMax(
                self.raw_write("Vector::pointwise_max")?,
                x.raw_read("Vector::pointwise_max")?,
                y.raw_read("Vector::pointwise_max")?,
            )
        })
    }

    /// `self = min(x, y)` entrywise (real parts).
    pub fn pointwise_min(&mut self, x: &Vector, y: &Vector) -> Result<()> {
        self.ready_to_combine("Vector::pointwise_min", &[("x", x), ("y", y)])?;
        // SAFETY: live vectors.
        check(unsafe {
            sys::VecPointwiseMin(
                self.raw_write("Vector::pointwise_min")?,
                x.raw_read("Vector::pointwise_min")?,
                y.raw_read("Vector::pointwise_min")?,
            )
        })
    }

    /// `self = |self|` entrywise.
    pub fn abs(&mut self) -> Result<()> {
        // SAFETY: live vector.
        check(unsafe { sys::VecAbs(self.raw_write("Vector::abs")?) })
    }

    /// `self = 1 / self` entrywise (zeros stay zero).
    pub fn reciprocal(&mut self) -> Result<()> {
        // SAFETY: live vector.
        check(unsafe { sys::VecReciprocal(self.raw_write("Vector::reciprocal")?) })
    }

    /// `y^H self` (`VecDot`; conjugates `y` for complex scalars).
    #[doc(alias = "VecDot")]
    pub fn dot(&self, y: &Vector) -> Result<Scalar> {
        self.ready_to_reduce("Vector::dot", &[("y", y)], true)?;
        let mut d = Scalar::default();
        // SAFETY: live vectors.
        check(unsafe {
            sys::VecDot(
                self.raw_read("Vector::dot")?,
                y.raw_read("Vector::dot")?,
                &mut d,
            )
        })?;
        Ok(d)
    }

    /// `y^T self` without conjugation (`VecTDot`).
    #[doc(alias = "VecTDot")]
    pub fn tdot(&self, y: &Vector) -> Result<Scalar> {
        self.ready_to_reduce("Vector::tdot", &[("y", y)], true)?;
        let mut d = Scalar::default();
        // SAFETY: live vectors.
        check(unsafe {
            sys::VecTDot(
                self.raw_read("Vector::tdot")?,
                y.raw_read("Vector::tdot")?,
                &mut d,
            )
        })?;
        Ok(d)
    }

    /// A norm of the vector (`VecNorm`). [`NormType::Frobenius`] is the 2-norm, as
    /// PETSc's vectors compute it.
    ///
    /// ```
    /// use petsc::NormType;
    /// let petsc = petsc::Petsc::init()?;
    /// let x = petsc::Vector::from_slice(&petsc.self_comm(), &[3.0, -4.0])?;
    /// assert_eq!(x.norm(NormType::One)?, 7.0);
    /// assert_eq!(x.norm(NormType::Frobenius)?, x.norm(NormType::Two)?);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "VecNorm")]
    pub fn norm(&self, ty: NormType) -> Result<Real> {
        // PETSc's sequential and MPI vectors take NORM_FROBENIUS as NORM_2; asked as
        // NORM_2, every vector type gives it.
        let ty = if ty == NormType::Frobenius {
            NormType::Two
        } else {
            ty
        };
        self.ready_to_reduce("Vector::norm", &[], false)?;
        let mut n: Real = 0.0;
        // SAFETY: live vector; one output for the norm types allowed here.
        check(unsafe { sys::VecNorm(self.raw_read("Vector::norm")?, ty.raw(), &mut n) })?;
        Ok(n)
    }

    /// The sum of the entries.
    pub fn sum(&self) -> Result<Scalar> {
        self.ready_to_reduce("Vector::sum", &[], false)?;
        let mut s = Scalar::default();
        // SAFETY: live vector.
        check(unsafe { sys::VecSum(self.raw_read("Vector::sum")?, &mut s) })?;
        Ok(s)
    }

    /// The largest entry and its global index (collective).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let x = petsc::Vector::from_slice(&petsc.self_comm(), &[3.0, 9.0, -1.0])?;
    /// let m = x.max()?;
    /// assert_eq!((m.index, m.value), (1, 9.0));
    /// assert_eq!(x.min()?.index, 2);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn max(&self) -> Result<Extremum> {
        self.ready_to_reduce("Vector::max", &[], false)?;
        let (mut index, mut value): (Int, Real) = (0, 0.0);
        // SAFETY: live vector.
        check(unsafe { sys::VecMax(self.raw_read("Vector::max")?, &mut index, &mut value) })?;
        Ok(Extremum { index, value })
    }

    /// The smallest entry and its global index (collective).
    pub fn min(&self) -> Result<Extremum> {
        self.ready_to_reduce("Vector::min", &[], false)?;
        let (mut index, mut value): (Int, Real) = (0, 0.0);
        // SAFETY: live vector.
        check(unsafe { sys::VecMin(self.raw_read("Vector::min")?, &mut index, &mut value) })?;
        Ok(Extremum { index, value })
    }
}

// The names before the naming scheme of 0.2 (`new`, no `get_`); they still compile,
// with a deprecation warning naming the new one.
impl Vector {
    /// The former name of [`values`](Self::values).
    #[deprecated(
        since = "0.2.0",
        note = "use `Vector::values` (getters have no `get_` prefix)"
    )]
    pub fn get_values(&self, indices: &[Int]) -> Result<std::vec::Vec<Scalar>> {
        self.values(indices)
    }
}
