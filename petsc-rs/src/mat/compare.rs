//! Comparisons and symmetry tests: equality, Hermitian and symmetric matrices (tested
//! or known), transposes of each other, and linearity.

use petsc_sys as sys;

use super::algebra::Side;
use super::{Mat, MatStructure};
use crate::error::{Error, Result, check};
use crate::object::Object;
use crate::scalar::{Int, Real};

impl Mat {
    /// Whether two matrices have the same entries (`MatEqual`, collective); matrices of
    /// different sizes are not equal.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let a = petsc::Mat::from_csr(&c, Some(2), Some(2), None, None, &[0, 1, 2], &[0, 1], &[1.0, 2.0])?;
    /// let b = a.duplicate(true)?;
    /// assert!(a.equal(&b)?);
    /// assert!(!a.equal(&petsc::Mat::from_csr(&c, Some(1), Some(1), None, None, &[0, 1], &[0], &[1.0])?)?);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatEqual")]
    pub fn equal(&self, b: &Mat) -> Result<bool> {
        const CTX: &str = "Mat::equal";
        let local = (|| {
            let (a, o) = (self.shape()?, b.shape()?);
            // Parallel dense matrices keep every column on each rank: PETSc compares them
            // whatever their column layouts (a dense sub-matrix's differs from its
            // parent's when the parent's has a block size).
            let columns_kept = self.has_type(sys::MATMPIDENSE)? && b.has_type(sys::MATMPIDENSE)?;
            let same = (a.rows, a.cols, a.local_rows) == (o.rows, o.cols, o.local_rows)
                && (a.local_cols == o.local_cols || columns_kept);
            if same {
                Ok(())
            } else {
                Err(Error::size_mismatch(CTX, "different sizes"))
            }
        })();
        // Matrices laid out differently on any rank are not equal, on every rank.
        if self.comm().agree(CTX, local).is_err() {
            return Ok(false);
        }
        self.check_pair(CTX, b, &[], "B")?;
        let mut flg = sys::PETSC_BOOL_FALSE;
        // SAFETY: live, assembled matrices of the same layouts.
        check(unsafe { sys::MatEqual(self.ptr, b.ptr, &mut flg) })?;
        Ok(flg == sys::PETSC_BOOL_TRUE)
    }

    /// Whether `|A - A^H| <= tol` entrywise (`MatIsHermitian`, collective).
    #[doc(alias = "MatIsHermitian")]
    pub fn is_hermitian(&self, tol: Real) -> Result<bool> {
        // With real scalars Hermitian is symmetric. With complex ones the test is made
        // here from a conjugate-transposed copy: PETSc's AIJ types have no Hermitian test
        // of their own, and `MatIsHermitian` then answers false without looking on
        // several ranks (3.22), refuses the pair it compares itself ("do not have the
        // same comparator", 3.22 on one rank), or refuses (3.18 with 64-bit indices).
        if !crate::scalar::SCALAR_IS_COMPLEX {
            return self.is_symmetric(tol);
        }
        self.difference_within(self.hermitian_transpose()?, self, tol)
    }

    /// Whether the non-zero pattern is symmetric (`MatIsStructurallySymmetric`,
    /// collective).
    #[doc(alias = "MatIsStructurallySymmetric")]
    pub fn is_structurally_symmetric(&self) -> Result<bool> {
        let mut flg = sys::PETSC_BOOL_FALSE;
        // SAFETY: live matrix.
        match check(unsafe { sys::MatIsStructurallySymmetric(self.ptr, &mut flg) }) {
            Ok(()) => Ok(flg == sys::PETSC_BOOL_TRUE),
            // Some builds have no such method for a type (Debian's 64-bit-index 3.18 for
            // MPIAIJ): compare the pattern with the transpose's, row by row.
            Err(e) if e.code() == Some(56) => self.pattern_equals_transpose(),
            Err(e) => Err(e),
        }
    }

    /// Whether every row's stored columns are the same as the transpose's, on every
    /// rank.
    fn pattern_equals_transpose(&self) -> Result<bool> {
        let (t, a) = (self.transpose()?, self.duplicate(true)?);
        let mut same = true;
        for r in a.ownership_range()? {
            let cols = a.row(r)?.cols().to_vec();
            if t.row(r)?.cols() != cols.as_slice() {
                same = false;
                break;
            }
        }
        self.comm().all(same)
    }

    /// Whether the matrix is known to be symmetric, without computing anything
    /// (`MatIsSymmetricKnown`): `None` when not known, else `Some(symmetric)`.
    ///
    /// ```
    /// use petsc::MatOption;
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut a = petsc::Mat::from_csr(&c, Some(2), Some(2), None, None, &[0, 1, 2], &[0, 1], &[1.0, 2.0])?;
    /// assert_eq!(a.is_symmetric_known()?, None);
    /// a.set_option(MatOption::Symmetric, true)?;
    /// assert_eq!(a.is_symmetric_known()?, Some(true));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatIsSymmetricKnown")]
    pub fn is_symmetric_known(&self) -> Result<Option<bool>> {
        let (mut set, mut flg) = (sys::PETSC_BOOL_FALSE, sys::PETSC_BOOL_FALSE);
        // SAFETY: live matrix.
        check(unsafe { sys::MatIsSymmetricKnown(self.ptr, &mut set, &mut flg) })?;
        Ok((set == sys::PETSC_BOOL_TRUE).then_some(flg == sys::PETSC_BOOL_TRUE))
    }

    /// Whether `B = A^T` up to `tol` (`MatIsTranspose`, collective).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let a = petsc::Mat::from_csr(&c, Some(2), Some(2), None, None, &[0, 1, 1], &[1], &[5.0])?;
    /// assert!(a.is_transpose(&a.transpose()?, 0.0)?);
    /// assert!(!a.is_transpose(&a, 0.0)?);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatIsTranspose")]
    pub fn is_transpose(&self, b: &Mat, tol: Real) -> Result<bool> {
        self.check_pair(
            "Mat::is_transpose",
            b,
            &[(Side::Rows, Side::Cols), (Side::Cols, Side::Rows)],
            "B",
        )?;
        // PETSc's parallel AIJ test (`MatIsTranspose_MPIAIJ`, 3.18 to 3.26) sizes its
        // list of the other ranks' rows by the columns, and overruns it when there are
        // more rows than columns (a crash in `free`, or "Corrupted memory" under
        // `-malloc_dump`); it also takes the row layout for the column layout. On more
        // than one rank the test is made here instead.
        if self.comm().size() > 1 {
            return self.transpose_difference_within(b, tol);
        }
        let mut flg = sys::PETSC_BOOL_FALSE;
        // SAFETY: live, assembled matrices of transposed layouts.
        check(unsafe { sys::MatIsTranspose(self.ptr, b.ptr, tol, &mut flg) })?;
        Ok(flg == sys::PETSC_BOOL_TRUE)
    }

    /// Whether every entry of `A^T - B` is at most `tol` in modulus, on every rank: the
    /// transpose test computed from a transposed copy.
    pub(crate) fn transpose_difference_within(&self, b: &Mat, tol: Real) -> Result<bool> {
        self.difference_within(self.transpose()?, b, tol)
    }

    /// Whether every entry of `d - B` is at most `tol` in modulus, on every rank (`d` a
    /// transposed copy of `self`).
    fn difference_within(&self, mut d: Mat, b: &Mat, tol: Real) -> Result<bool> {
        fn modulus(x: impl Into<crate::scalar::Complex<Real>>) -> Real {
            x.into().norm()
        }
        d.axpy(-1.0, b, MatStructure::Different)?;
        let mut within = true;
        for r in d.ownership_range()? {
            let row = d.row(r)?;
            if row.values().iter().any(|&v| modulus(v) > tol) {
                within = false;
                break;
            }
        }
        self.comm().all(within)
    }
    /// Whether the matrix is known to be Hermitian, without computing anything
    /// (`MatIsHermitianKnown`): `None` when not known.
    #[doc(alias = "MatIsHermitianKnown")]
    pub fn is_hermitian_known(&self) -> Result<Option<bool>> {
        let (mut set, mut flg) = (sys::PETSC_BOOL_FALSE, sys::PETSC_BOOL_FALSE);
        // SAFETY: live matrix.
        check(unsafe { sys::MatIsHermitianKnown(self.ptr, &mut set, &mut flg) })?;
        Ok((set == sys::PETSC_BOOL_TRUE).then_some(flg == sys::PETSC_BOOL_TRUE))
    }

    /// Whether the operator is linear, tested with `n` pairs of random vectors
    /// (`MatIsLinear`, collective); useful for shell matrices.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let lin = petsc::Mat::new_shell(&c, Some(2), Some(2), None, None, |x, y| { y.copy_from(x)?; y.scale(3.0) })?;
    /// assert!(lin.is_linear(2)?);
    /// let sq = petsc::Mat::new_shell(&c, Some(2), Some(2), None, None, |x, y| {
    ///     y.pointwise_mult(x, x)
    /// })?;
    /// assert!(!sq.is_linear(2)?);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatIsLinear")]
    pub fn is_linear(&self, n: Int) -> Result<bool> {
        let mut flg = sys::PETSC_BOOL_FALSE;
        // SAFETY: live matrix.
        check(unsafe { sys::MatIsLinear(self.ptr, n.max(1), &mut flg) })?;
        Ok(flg == sys::PETSC_BOOL_TRUE)
    }
}
