//! Operations on a matrix: products with vectors (added, transposed), norms, copies and
//! duplicates, transposes, scaling and shifts, the diagonal, and the symmetry test.

use petsc_sys as sys;

use super::algebra::Side;
use super::{Mat, MatStructure, product, ready_for_collective};
use crate::error::{Error, Result, check};
use crate::scalar::{Real, Scalar};
use crate::vec::{NormType, Vector};

impl Mat {
    /// `z = y + A x` (`z` may not be `x`; use [`mult`](Self::mult) and `axpy` for that).
    pub fn mult_add(&self, x: &Vector, y: &Vector, z: &mut Vector) -> Result<()> {
        let layouts = [
            ("x", x, Side::Cols),
            ("y", y, Side::Rows),
            ("z", &*z, Side::Rows),
        ];
        ready_for_collective("Mat::mult_add", self.ptr, true, &[x, y], &[z], &layouts)?;
        let xp = x.raw_read("Mat::mult_add")?;
        let yp = y.raw_read("Mat::mult_add")?;
        let zp = z.raw_write("Mat::mult_add")?;
        // SAFETY: live matrix and vectors; `z` is distinct from `x` and `y` by borrows.
        product([x, y], || unsafe { sys::MatMultAdd(self.ptr, xp, yp, zp) })
    }

    /// `y = A^T x`.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let a = petsc::Mat::from_csr(&c, Some(2), Some(2), None, None, &[0, 2, 3], &[0, 1, 1], &[1.0, 2.0, 3.0])?;
    /// let x = petsc::Vector::from_slice(&c, &[1.0, 1.0])?;
    /// let mut y = x.duplicate()?;
    /// a.mult_transpose(&x, &mut y)?;
    /// assert_eq!(&*y.view()?, &[1.0, 5.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn mult_transpose(&self, x: &Vector, y: &mut Vector) -> Result<()> {
        let layouts = [("x", x, Side::Rows), ("y", &*y, Side::Cols)];
        ready_for_collective("Mat::mult_transpose", self.ptr, true, &[x], &[y], &layouts)?;
        let xp = x.raw_read("Mat::mult_transpose")?;
        let yp = y.raw_write("Mat::mult_transpose")?;
        // SAFETY: live matrix and vectors; PETSc checks the layouts.
        product([x], || unsafe { sys::MatMultTranspose(self.ptr, xp, yp) })
    }

    /// `z = y + A^T x`.
    pub fn mult_transpose_add(&self, x: &Vector, y: &Vector, z: &mut Vector) -> Result<()> {
        let layouts = [
            ("x", x, Side::Rows),
            ("y", y, Side::Cols),
            ("z", &*z, Side::Cols),
        ];
        let ctx = "Mat::mult_transpose_add";
        ready_for_collective(ctx, self.ptr, true, &[x, y], &[z], &layouts)?;
        let xp = x.raw_read("Mat::mult_transpose_add")?;
        let yp = y.raw_read("Mat::mult_transpose_add")?;
        let zp = z.raw_write("Mat::mult_transpose_add")?;
        // SAFETY: live matrix and vectors; `z` is distinct from `x` and `y` by borrows.
        product([x, y], || unsafe {
            sys::MatMultTransposeAdd(self.ptr, xp, yp, zp)
        })
    }
    /// A matrix norm (`MatNorm`, collective): [`NormType::One`] (largest column sum),
    /// [`NormType::Frobenius`] or [`NormType::Infinity`] (largest row sum). PETSc's own
    /// types have no 2-norm ([`NormType::Two`] is PETSc's `Err` for them); a shell
    /// matrix whose norm is a closure ([`set_shell_norm`](Self::set_shell_norm)) is asked
    /// for any.
    ///
    /// ```
    /// use petsc::NormType;
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// // [[1, -2], [0, 3]]
    /// let a = petsc::Mat::from_csr(&c, Some(2), Some(2), None, None, &[0, 2, 3], &[0, 1, 1], &[1.0, -2.0, 3.0])?;
    /// assert_eq!(a.norm(NormType::One)?, 5.0);
    /// assert_eq!(a.norm(NormType::Infinity)?, 3.0);
    /// assert!((a.norm(NormType::Frobenius)? - 14f64.sqrt()).abs() < 1e-14);
    /// assert!(a.norm(NormType::Two).is_err());
    /// // A shell knows its own: 2 I.
    /// let mut s = petsc::Mat::new_shell(&c, Some(2), Some(2), None, None, |x, y| {
    ///     y.copy_from(x)?;
    ///     y.scale(2.0)
    /// })?;
    /// s.set_shell_norm(|_| Ok(2.0))?;
    /// assert_eq!(s.norm(NormType::Two)?, 2.0);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatNorm")]
    pub fn norm(&self, ty: NormType) -> Result<Real> {
        ready_for_collective("Mat::norm", self.ptr, true, &[], &[], &[])?;
        let mut n: Real = 0.0;
        // SAFETY: live matrix; one output (NormType has no NORM_1_AND_2, which writes two).
        check(unsafe { sys::MatNorm(self.ptr, ty.raw(), &mut n) })?;
        Ok(n)
    }

    /// An estimate of the 1-, 2- or infinity-norm from `max_it` products with random
    /// vectors (`MatNormApproximate`, PETSc 3.26 on; collective): for matrices that can
    /// only be applied (shell, implicit), where [`norm`](Self::norm) has no answer.
    /// `max_it` `None` lets PETSc choose; the Frobenius norm is an `Err`.
    ///
    /// ```
    /// use petsc::{Mat, NormType, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// // diag(1, 2, 3, 4): every norm is 4.
    /// let d = Mat::new_constant_diagonal(&c, None, Some(4), 1.0)?;
    /// let mut a = Mat::new_aij(&c, None, None, Some(4), Some(4), 1, 0)?;
    /// for i in 0..4 {
    ///     a.set_value(i, i, (i + 1) as f64, petsc::InsertMode::Insert)?;
    /// }
    /// a.assemble()?;
    /// let two = a.norm_approximate(NormType::Two, Some(20))?;
    /// assert!((two - 4.0).abs() < 1e-8, "{two}");
    /// assert!(d.norm_approximate(NormType::Frobenius, None).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[cfg(petsc_3_26)]
    #[doc(alias = "MatNormApproximate")]
    pub fn norm_approximate(
        &self,
        ty: NormType,
        max_it: Option<crate::scalar::Int>,
    ) -> Result<Real> {
        const CTX: &str = "Mat::norm_approximate";
        if !matches!(ty, NormType::One | NormType::Two | NormType::Infinity) {
            return Err(Error::invalid(
                CTX,
                format!("{ty:?} is not estimated; use NormType::One, Two or Infinity"),
            ));
        }
        if let Some(k) = max_it.filter(|&k| k < 1) {
            return Err(Error::invalid(CTX, format!("max_it is {k}, below 1")));
        }
        ready_for_collective(CTX, self.ptr, true, &[], &[], &[])?;
        let mut n: Real = 0.0;
        let it = max_it.unwrap_or(sys::PETSC_DECIDE as crate::scalar::Int);
        // SAFETY: live, assembled matrix; one output.
        check(unsafe { sys::MatNormApproximate(self.ptr, ty.raw(), it, &mut n) })?;
        Ok(n)
    }

    /// The star forest that brings the off-rank entries of `x` a product `A x` needs
    /// (`MatGetMultPetscSF`, PETSc 3.26 on): its leaves are the columns outside this
    /// rank's diagonal block, its roots the entries each rank owns. `None` for a dense
    /// matrix before its first product; PETSc's `Err` for a type without one (the
    /// sequential ones). The handle is lent: the matrix owns the forest and remakes it
    /// when reassembled.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let world = petsc.world();
    /// let mut a = petsc::Mat::new_aij(&world, Some(2), Some(2), None, None, 2, 1)?;
    /// let r = a.ownership_range()?;
    /// // Each row couples to the first column of the next rank's block too.
    /// let next = r.end % (2 * world.size() as petsc::Int);
    /// for i in r {
    ///     a.set_values(&[i], &[i, next], &[2.0, -1.0], petsc::InsertMode::Insert)?;
    /// }
    /// a.assemble()?;
    /// if world.size() > 1 {
    ///     let sf = a.mult_petsc_sf()?.expect("an MPI AIJ matrix has one");
    ///     assert_eq!(sf.graph()?.remotes.len(), 1); // the one column of the next rank
    /// } else {
    ///     assert!(a.mult_petsc_sf().is_err()); // sequential AIJ has none
    /// }
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[cfg(petsc_3_26)]
    #[doc(alias = "MatGetMultPetscSF")]
    pub fn mult_petsc_sf(&self) -> Result<Option<crate::sf::StarForest>> {
        ready_for_collective("Mat::mult_petsc_sf", self.ptr, true, &[], &[], &[])?;
        let mut sf: sys::PetscSF = std::ptr::null_mut();
        // SAFETY: live, assembled matrix; PETSc writes its own forest or null.
        check(unsafe { sys::MatGetMultPetscSF(self.ptr, &mut sf) })?;
        if sf.is_null() {
            return Ok(None);
        }
        // SAFETY: the matrix's live forest; the lent handle takes its own reference.
        unsafe { crate::sf::StarForest::from_raw_lent(&self.petsc, sf) }.map(Some)
    }

    /// A new matrix with the same layout and non-zero pattern, with a copy of the values
    /// if `copy_values`, zeros otherwise (`MatDuplicate`). From PETSc 3.20 on the copy
    /// also takes the COO entries declared with
    /// [`set_preallocation_coo`](Self::set_preallocation_coo), so
    /// [`set_values_coo`](Self::set_values_coo) works on it.
    ///
    /// A shell matrix's values are its operations: with `copy_values` the copy has them
    /// and shares the closures (state they capture is common to both, as C's duplicate
    /// shares the context; [`set_shell_copy`](Self::set_shell_copy) and
    /// [`set_shell_duplicate`](Self::set_shell_duplicate) give it its own), and PETSc's
    /// shift and scalings; without, PETSc gives a shell with no operations. A matrix
    /// whose product was replaced ([`set_operation_mult`](Self::set_operation_mult))
    /// shares the closure with its copy, for the types whose duplicate keeps the
    /// operation (an AIJ matrix's duplicate has AIJ's product).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut a = petsc::Mat::new_shell(&c, Some(2), Some(2), None, None, |x, y| {
    ///     y.copy_from(x)?;
    ///     y.scale(2.0)
    /// })?;
    /// a.shift(1.0)?;
    /// let b = a.duplicate(true)?;
    /// drop(a);
    /// let x = petsc::Vector::from_slice(&c, &[1.0, 2.0])?;
    /// let mut y = x.duplicate()?;
    /// b.mult(&x, &mut y)?;
    /// assert_eq!(&*y.view()?, &[3.0, 6.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatDuplicate")]
    pub fn duplicate(&self, copy_values: bool) -> Result<Mat> {
        let op = if copy_values {
            sys::MatDuplicateOption::MAT_COPY_VALUES
        } else {
            sys::MatDuplicateOption::MAT_DO_NOT_COPY_VALUES
        };
        let mut m: sys::Mat = std::ptr::null_mut();
        // SAFETY: live matrix; PETSc writes the new one.
        check(unsafe { sys::MatDuplicate(self.ptr, op, &mut m) })?;
        let dup = Mat::from_raw(&self.petsc, m);
        self.share_coo(&dup)?;
        self.share_operation_closures(&dup)?;
        Ok(dup)
    }

    /// A new matrix with this one's layout, pattern and values (`MatDuplicate` with
    /// `MAT_COPY_VALUES`): what cloning a lent matrix gives.
    pub(super) fn copy_of(&self) -> Result<Mat> {
        self.duplicate(true)
    }

    /// Copies the values of `a` into `self` (same sizes; the non-zero patterns may differ:
    /// `MatCopy` with `DIFFERENT_NONZERO_PATTERN`).
    #[doc(alias = "MatCopy")]
    pub fn copy_from(&mut self, a: &Mat) -> Result<()> {
        self.copy_from_with(a, MatStructure::Different)
    }

    /// Copies the values of `a` into `self` (`MatCopy`, collective): same sizes and
    /// layouts; `structure` tells how `a`'s pattern relates to `self`'s
    /// ([`MatStructure::Same`] keeps `self`'s storage and is fastest).
    ///
    /// ```
    /// use petsc::MatStructure;
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let a = petsc::Mat::from_csr(&c, Some(2), Some(2), None, None, &[0, 1, 2], &[0, 1], &[1.0, 2.0])?;
    /// let mut b = a.duplicate(false)?;
    /// b.copy_from_with(&a, MatStructure::Same)?;
    /// assert!(b.equal(&a)?);
    /// let wrong = petsc::Mat::new_dense(&c, None, None, Some(3), Some(3))?;
    /// assert!(b.copy_from_with(&wrong, MatStructure::Different).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatCopy")]
    pub fn copy_from_with(&mut self, a: &Mat, structure: MatStructure) -> Result<()> {
        const CTX: &str = "Mat::copy_from";
        self.check_no_views_anywhere(CTX)?;
        let local = (|| {
            a.check_no_writer(CTX)?;
            if (self.size()?, self.local_size()?) != (a.size()?, a.local_size()?) {
                return Err(Error::size_mismatch(
                    CTX,
                    format!(
                        "the source is {:?} ({:?} on this rank), the destination {:?} ({:?})",
                        a.size()?,
                        a.local_size()?,
                        self.size()?,
                        self.local_size()?
                    ),
                ));
            }
            Ok(())
        })();
        crate::object::Object::comm(self).agree(CTX, local)?;
        // SAFETY: live, distinct matrices (Rust's borrows); PETSc checks the sizes.
        check(unsafe { sys::MatCopy(a.ptr, self.ptr, structure.raw()) })
    }

    /// A new matrix holding `A^T` (`MatTranspose` with `MAT_INITIAL_MATRIX`).
    #[doc(alias = "MatTranspose")]
    pub fn transpose(&self) -> Result<Mat> {
        let mut m: sys::Mat = std::ptr::null_mut();
        // SAFETY: live matrix; PETSc writes the new one.
        check(unsafe { sys::MatTranspose(self.ptr, sys::MatReuse::MAT_INITIAL_MATRIX, &mut m) })?;
        Ok(Mat::from_raw(&self.petsc, m))
    }

    /// `A = alpha A`.
    pub fn scale(&mut self, alpha: impl Into<Scalar>) -> Result<()> {
        self.check_no_views("Mat::scale")?;
        // SAFETY: live matrix.
        check(unsafe { sys::petscrs_MatScale(self.ptr, &alpha.into()) })
    }

    /// `A = A + alpha I`.
    pub fn shift(&mut self, alpha: impl Into<Scalar>) -> Result<()> {
        self.check_no_views_anywhere("Mat::shift")?;
        // SAFETY: live matrix.
        check(unsafe { sys::petscrs_MatShift(self.ptr, &alpha.into()) })
    }

    /// Writes the diagonal into `d` (laid out like the rows).
    pub fn diagonal_into(&self, d: &mut Vector) -> Result<()> {
        // SAFETY: live matrix and vector; PETSc checks the layout.
        check(unsafe { sys::MatGetDiagonal(self.ptr, d.raw_write("Mat::diagonal_into")?) })
    }

    /// Whether `|A - A^T| <= tol` entrywise (`MatIsSymmetric`, collective).
    #[doc(alias = "MatIsSymmetric")]
    pub fn is_symmetric(&self, tol: Real) -> Result<bool> {
        // See `is_transpose`: PETSc's parallel AIJ test assumes equal row and column
        // layouts.
        if crate::object::Object::comm(self).size() > 1 {
            return self.transpose_difference_within(self, tol);
        }
        let mut flg = sys::PETSC_BOOL_FALSE;
        // SAFETY: live matrix.
        check(unsafe { sys::MatIsSymmetric(self.ptr, tol, &mut flg) })?;
        Ok(flg == sys::PETSC_BOOL_TRUE)
    }
}

// The names before the naming scheme of 0.2 (`new`, no `get_`); they still compile,
// with a deprecation warning naming the new one.
impl Mat {
    /// The former name of [`diagonal_into`](Self::diagonal_into).
    #[deprecated(
        since = "0.2.0",
        note = "use `Mat::diagonal_into` (a getter that fills `d`; `diagonal()` makes a new vector)"
    )]
    pub fn get_diagonal(&self, d: &mut Vector) -> Result<()> {
        self.diagonal_into(d)
    }
}
