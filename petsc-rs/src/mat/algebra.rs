//! Matrix algebra: matrix-matrix products, sums, transposes, diagonals and row sums,
//! comparisons and symmetry tests, storage counts, conversion between types, and the
//! row layout of all ranks.

use petsc_sys as sys;

use super::{Mat, MatInfo, MatInfoType, MatStructure};
use crate::error::{Error, Result, c_string, check};
use crate::object::{Object, default_real};
use crate::vec::{InsertMode, Vector};
use crate::{Int, Real, Scalar};

/// Global and local sizes of a matrix.
#[derive(Debug, Clone, Copy)]
struct Shape {
    rows: Int,
    cols: Int,
    local_rows: Int,
    local_cols: Int,
}

/// Which sizes of two matrices a product or a sum needs equal.
#[derive(Debug, Clone, Copy)]
enum Side {
    Rows,
    Cols,
}

impl Shape {
    fn get(&self, side: Side) -> (Int, Int) {
        match side {
            Side::Rows => (self.rows, self.local_rows),
            Side::Cols => (self.cols, self.local_cols),
        }
    }
}

fn side_name(side: Side) -> &'static str {
    match side {
        Side::Rows => "rows",
        Side::Cols => "columns",
    }
}

impl Mat {
    fn shape(&self) -> Result<Shape> {
        let (rows, cols) = self.size()?;
        let (local_rows, local_cols) = self.local_size()?;
        Ok(Shape {
            rows,
            cols,
            local_rows,
            local_cols,
        })
    }

    /// Checks, on every rank at once, that `self`'s `mine` and `other`'s `theirs` have
    /// the same global and local sizes (local sizes can differ on some ranks only), and
    /// that both are assembled.
    fn check_pair(
        &self,
        context: &str,
        other: &Mat,
        pairs: &[(Side, Side)],
        other_name: &str,
    ) -> Result<()> {
        let local = (|| {
            let (a, b) = (self.shape()?, other.shape()?);
            for &(mine, theirs) in pairs {
                let ((ga, la), (gb, lb)) = (a.get(mine), b.get(theirs));
                if ga != gb || la != lb {
                    return Err(Error::size_mismatch(
                        context,
                        format!(
                            "the matrix has {ga} {} ({la} on this rank) but {other_name} has {gb} {} ({lb} on this rank)",
                            side_name(mine),
                            side_name(theirs)
                        ),
                    ));
                }
            }
            for (m, name) in [(self, "the matrix"), (other, other_name)] {
                m.check_no_writer(context)?;
                if !m.is_assembled()? {
                    return Err(Error::invalid(context, format!("{name} is not assembled")));
                }
            }
            Ok(())
        })();
        self.comm().agree(context, local)
    }

    /// Runs a product writing a new matrix.
    fn new_product(&self, f: impl FnOnce(*mut sys::Mat) -> sys::PetscErrorCode) -> Result<Mat> {
        let mut c: sys::Mat = std::ptr::null_mut();
        check(f(&mut c))?;
        Ok(Mat::from_raw(&self.petsc, c))
    }

    /// `C = A B`, a new matrix (`MatMatMult`, collective). `A`'s columns and `B`'s rows
    /// must have the same global and local sizes, and both must be assembled; otherwise
    /// every rank gets the same `Err`.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// // A = [[1, 2], [0, 1]], B = [[1, 0], [3, 1]]
    /// let a = petsc::Mat::from_csr(&c, Some(2), Some(2), None, None, &[0, 2, 3], &[0, 1, 1], &[1.0, 2.0, 1.0])?;
    /// let b = petsc::Mat::from_csr(&c, Some(2), Some(2), None, None, &[0, 1, 3], &[0, 0, 1], &[1.0, 3.0, 1.0])?;
    /// let ab = a.mat_mult(&b)?;
    /// assert_eq!(ab.get_values(&[0, 1], &[0, 1])?, vec![7.0, 2.0, 3.0, 1.0]);
    /// let wide = petsc::Mat::new_dense(&c, None, None, Some(3), Some(3))?;
    /// assert!(a.mat_mult(&wide).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatMatMult")]
    pub fn mat_mult(&self, b: &Mat) -> Result<Mat> {
        self.check_pair("Mat::mat_mult", b, &[(Side::Cols, Side::Rows)], "B")?;
        let r = sys::MatReuse::MAT_INITIAL_MATRIX;
        // SAFETY: live, assembled matrices of compatible layouts (checked on every rank).
        self.new_product(|c| unsafe { sys::MatMatMult(self.ptr, b.ptr, r, default_real(None), c) })
    }

    /// `D = A B C`, a new matrix (`MatMatMatMult`, collective); sizes as for two
    /// [`mat_mult`](Self::mat_mult)s.
    #[doc(alias = "MatMatMatMult")]
    pub fn mat_mat_mult(&self, b: &Mat, c: &Mat) -> Result<Mat> {
        const CTX: &str = "Mat::mat_mat_mult";
        self.check_pair(CTX, b, &[(Side::Cols, Side::Rows)], "B")?;
        b.check_pair(CTX, c, &[(Side::Cols, Side::Rows)], "C")?;
        let r = sys::MatReuse::MAT_INITIAL_MATRIX;
        // SAFETY: live, assembled matrices of compatible layouts (checked on every rank).
        self.new_product(|d| unsafe {
            sys::MatMatMatMult(self.ptr, b.ptr, c.ptr, r, default_real(None), d)
        })
    }

    /// `C = A^T B`, a new matrix (`MatTransposeMatMult`, collective): `A` and `B` have
    /// the same rows.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// // A = [[1, 2], [0, 1]]: A^T A = [[1, 2], [2, 5]]
    /// let a = petsc::Mat::from_csr(&c, Some(2), Some(2), None, None, &[0, 2, 3], &[0, 1, 1], &[1.0, 2.0, 1.0])?;
    /// assert_eq!(a.transpose_mat_mult(&a)?.get_values(&[0, 1], &[0, 1])?, vec![1.0, 2.0, 2.0, 5.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatTransposeMatMult")]
    pub fn transpose_mat_mult(&self, b: &Mat) -> Result<Mat> {
        self.check_pair(
            "Mat::transpose_mat_mult",
            b,
            &[(Side::Rows, Side::Rows)],
            "B",
        )?;
        let r = sys::MatReuse::MAT_INITIAL_MATRIX;
        // SAFETY: as in mat_mult.
        self.new_product(|c| unsafe {
            sys::MatTransposeMatMult(self.ptr, b.ptr, r, default_real(None), c)
        })
    }

    /// `C = A B^T`, a new matrix (`MatMatTransposeMult`, collective): `A` and `B` have
    /// the same columns.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// // A = [[1, 2], [0, 1]]: A A^T = [[5, 2], [2, 1]]
    /// let a = petsc::Mat::from_csr(&c, Some(2), Some(2), None, None, &[0, 2, 3], &[0, 1, 1], &[1.0, 2.0, 1.0])?;
    /// assert_eq!(a.mat_transpose_mult(&a)?.get_values(&[0, 1], &[0, 1])?, vec![5.0, 2.0, 2.0, 1.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatMatTransposeMult")]
    pub fn mat_transpose_mult(&self, b: &Mat) -> Result<Mat> {
        self.check_pair(
            "Mat::mat_transpose_mult",
            b,
            &[(Side::Cols, Side::Cols)],
            "B",
        )?;
        let r = sys::MatReuse::MAT_INITIAL_MATRIX;
        // SAFETY: as in mat_mult.
        self.new_product(|c| unsafe {
            sys::MatMatTransposeMult(self.ptr, b.ptr, r, default_real(None), c)
        })
    }

    /// `C = P^T A P`, a new matrix (`MatPtAP`, collective): the Galerkin product of a
    /// square `A` with a prolongation `P` whose rows are laid out like `A`'s columns.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// // A = diag(1, 2, 3), P = [1, 1, 1]^T: P^T A P = [6]
    /// let a = petsc::Mat::from_csr(&c, Some(3), Some(3), None, None, &[0, 1, 2, 3], &[0, 1, 2], &[1.0, 2.0, 3.0])?;
    /// let p = petsc::Mat::from_csr(&c, Some(3), Some(1), None, None, &[0, 1, 2, 3], &[0, 0, 0], &[1.0; 3])?;
    /// assert_eq!(a.ptap(&p)?.get_values(&[0], &[0])?, vec![6.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatPtAP")]
    pub fn ptap(&self, p: &Mat) -> Result<Mat> {
        const CTX: &str = "Mat::ptap";
        self.check_square(CTX)?;
        self.check_pair(CTX, p, &[(Side::Cols, Side::Rows)], "P")?;
        let r = sys::MatReuse::MAT_INITIAL_MATRIX;
        // SAFETY: live, assembled matrices of compatible layouts (checked on every rank).
        self.new_product(|c| unsafe { sys::MatPtAP(self.ptr, p.ptr, r, default_real(None), c) })
    }

    /// `C = R A R^T`, a new matrix (`MatRARt`, collective): square `A`, `R`'s columns
    /// laid out like `A`'s.
    #[doc(alias = "MatRARt")]
    pub fn rart(&self, r: &Mat) -> Result<Mat> {
        const CTX: &str = "Mat::rart";
        self.check_square(CTX)?;
        self.check_pair(CTX, r, &[(Side::Cols, Side::Cols)], "R")?;
        let reuse = sys::MatReuse::MAT_INITIAL_MATRIX;
        // SAFETY: as in ptap.
        self.new_product(|c| unsafe { sys::MatRARt(self.ptr, r.ptr, reuse, default_real(None), c) })
    }

    /// Refuses, on every rank, a matrix that is not square with equal row and column
    /// layouts.
    fn check_square(&self, context: &str) -> Result<()> {
        let local = self.shape().and_then(|s| {
            if s.rows != s.cols || s.local_rows != s.local_cols {
                Err(Error::size_mismatch(
                    context,
                    format!(
                        "needs a square matrix with equal row and column layouts; this one is {} x {} ({} x {} on this rank)",
                        s.rows, s.cols, s.local_rows, s.local_cols
                    ),
                ))
            } else {
                Ok(())
            }
        });
        self.comm().agree(context, local)
    }

    /// `Y = Y + alpha X` (`MatAXPY`, collective): same sizes and layouts; `structure`
    /// tells how `X`'s pattern relates to `Y`'s ([`MatStructure::Different`] is always
    /// right).
    ///
    /// ```
    /// use petsc::MatStructure;
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut y = petsc::Mat::from_csr(&c, Some(2), Some(2), None, None, &[0, 1, 2], &[0, 1], &[1.0, 1.0])?;
    /// let x = petsc::Mat::from_csr(&c, Some(2), Some(2), None, None, &[0, 1, 2], &[1, 0], &[2.0, 3.0])?;
    /// y.axpy(2.0, &x, MatStructure::Different)?;
    /// assert_eq!(y.get_values(&[0, 1], &[0, 1])?, vec![1.0, 4.0, 6.0, 1.0]);
    /// y.aypx(-1.0, &x, MatStructure::Subset)?;
    /// assert_eq!(y.get_values(&[0, 1], &[0, 1])?, vec![-1.0, -2.0, -3.0, -1.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatAXPY")]
    pub fn axpy(
        &mut self,
        alpha: impl Into<Scalar>,
        x: &Mat,
        structure: MatStructure,
    ) -> Result<()> {
        const CTX: &str = "Mat::axpy";
        self.check_no_views(CTX)?;
        self.check_pair(
            CTX,
            x,
            &[(Side::Rows, Side::Rows), (Side::Cols, Side::Cols)],
            "X",
        )?;
        // SAFETY: live, assembled matrices of the same layouts (checked on every rank);
        // `x` is another handle than `self` by Rust's borrows, or the same object
        // through two handles, which PETSc handles. The scalar crosses by value, as
        // PETSc declares it.
        check(unsafe { sys::MatAXPY(self.ptr, alpha.into(), x.ptr, structure.raw()) })
    }

    /// `Y = alpha Y + X` (`MatAYPX`, collective); see [`axpy`](Self::axpy).
    #[doc(alias = "MatAYPX")]
    pub fn aypx(
        &mut self,
        alpha: impl Into<Scalar>,
        x: &Mat,
        structure: MatStructure,
    ) -> Result<()> {
        const CTX: &str = "Mat::aypx";
        self.check_no_views(CTX)?;
        self.check_pair(
            CTX,
            x,
            &[(Side::Rows, Side::Rows), (Side::Cols, Side::Cols)],
            "X",
        )?;
        // SAFETY: as in axpy.
        check(unsafe { sys::MatAYPX(self.ptr, alpha.into(), x.ptr, structure.raw()) })
    }

    /// Replaces a square matrix by its transpose (`MatTranspose` with
    /// `MAT_INPLACE_MATRIX`, collective). For a rectangular one use
    /// [`transpose`](Self::transpose), which makes a new matrix.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut a = petsc::Mat::from_csr(&c, Some(2), Some(2), None, None, &[0, 1, 1], &[1], &[5.0])?;
    /// a.transpose_in_place()?;
    /// assert_eq!(a.get_values(&[0, 1], &[0, 1])?, vec![0.0, 0.0, 5.0, 0.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatTranspose")]
    pub fn transpose_in_place(&mut self) -> Result<()> {
        const CTX: &str = "Mat::transpose_in_place";
        self.check_no_views(CTX)?;
        self.check_square(CTX)?;
        let mut m = self.ptr;
        // SAFETY: live square matrix; in place, PETSc replaces the matrix's contents and
        // keeps the object (it writes the same pointer back).
        check(unsafe { sys::MatTranspose(self.ptr, sys::MatReuse::MAT_INPLACE_MATRIX, &mut m) })?;
        self.coo.set(None);
        Ok(())
    }

    /// A new matrix holding the conjugate transpose `A^H` (`MatHermitianTranspose`); the
    /// transpose for real scalars.
    #[doc(alias = "MatHermitianTranspose")]
    pub fn hermitian_transpose(&self) -> Result<Mat> {
        let r = sys::MatReuse::MAT_INITIAL_MATRIX;
        // SAFETY: live matrix; PETSc writes the new one.
        self.new_product(|m| unsafe { sys::MatHermitianTranspose(self.ptr, r, m) })
    }

    /// Replaces every entry by its complex conjugate (`MatConjugate`; nothing for real
    /// scalars).
    #[doc(alias = "MatConjugate")]
    pub fn conjugate(&mut self) -> Result<()> {
        self.check_no_views("Mat::conjugate")?;
        // SAFETY: live matrix.
        check(unsafe { sys::MatConjugate(self.ptr) })
    }

    /// Keeps the real part of every entry (`MatRealPart`).
    #[doc(alias = "MatRealPart")]
    pub fn real_part(&mut self) -> Result<()> {
        self.check_no_views("Mat::real_part")?;
        // SAFETY: live matrix.
        check(unsafe { sys::MatRealPart(self.ptr) })
    }

    /// Keeps the imaginary part of every entry (`MatImaginaryPart`; zero for real
    /// scalars).
    #[doc(alias = "MatImaginaryPart")]
    pub fn imag_part(&mut self) -> Result<()> {
        self.check_no_views("Mat::imag_part")?;
        // SAFETY: live matrix.
        check(unsafe { sys::MatImaginaryPart(self.ptr) })
    }

    /// The diagonal as a new vector laid out like the rows (`MatGetDiagonal`).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut a = petsc::Mat::from_csr(&c, Some(2), Some(2), None, None, &[0, 2, 3], &[0, 1, 1], &[1.0, 2.0, 3.0])?;
    /// assert_eq!(&*a.diagonal()?.view()?, &[1.0, 3.0]);
    /// let d = petsc::Vector::from_slice(&c, &[10.0, 20.0])?;
    /// a.set_diagonal(&d, petsc::InsertMode::Add)?;
    /// assert_eq!(&*a.diagonal()?.view()?, &[11.0, 23.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatGetDiagonal")]
    pub fn diagonal(&self) -> Result<Vector> {
        let (_, mut d) = self.create_vecs()?;
        self.get_diagonal(&mut d)?;
        Ok(d)
    }

    /// Sets (or adds to) the diagonal of a square matrix from `d`, laid out like the
    /// rows (`MatDiagonalSet`, collective).
    #[doc(alias = "MatDiagonalSet")]
    pub fn set_diagonal(&mut self, d: &Vector, mode: InsertMode) -> Result<()> {
        const CTX: &str = "Mat::set_diagonal";
        self.check_no_views(CTX)?;
        self.check_square(CTX)?;
        self.check_vec(CTX, "d", d, Side::Rows)?;
        // SAFETY: live square matrix; `d` laid out like its rows (checked on every rank).
        check(unsafe { sys::MatDiagonalSet(self.ptr, d.raw_read(CTX)?, mode.raw()) })
    }

    /// Refuses, on every rank, a vector not laid out like the matrix's rows (`Rows`) or
    /// columns (`Cols`).
    fn check_vec(&self, context: &str, name: &str, v: &Vector, side: Side) -> Result<()> {
        let local = (|| {
            let (g, l) = self.shape()?.get(side);
            let (vg, vl) = (v.size()?, v.local_size()?);
            if (vg, vl) != (g, l) {
                return Err(Error::size_mismatch(
                    context,
                    format!(
                        "{name} has {vg} entries ({vl} on this rank) but the matrix has {g} {} ({l} on this rank)",
                        side_name(side)
                    ),
                ));
            }
            Ok(())
        })();
        self.comm().agree(context, local)
    }

    /// `A = diag(l) A diag(r)` (`MatDiagonalScale`, collective): `l` laid out like the
    /// rows, `r` like the columns; either may be `None`.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut a = petsc::Mat::from_csr(&c, Some(2), Some(2), None, None, &[0, 2, 4], &[0, 1, 0, 1], &[1.0; 4])?;
    /// let l = petsc::Vector::from_slice(&c, &[1.0, 2.0])?;
    /// let r = petsc::Vector::from_slice(&c, &[3.0, 5.0])?;
    /// a.diagonal_scale(Some(&l), Some(&r))?;
    /// assert_eq!(a.get_values(&[0, 1], &[0, 1])?, vec![3.0, 5.0, 6.0, 10.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatDiagonalScale")]
    pub fn diagonal_scale(&mut self, l: Option<&Vector>, r: Option<&Vector>) -> Result<()> {
        const CTX: &str = "Mat::diagonal_scale";
        self.check_no_views(CTX)?;
        if let Some(l) = l {
            self.check_vec(CTX, "l", l, Side::Rows)?;
        }
        if let Some(r) = r {
            self.check_vec(CTX, "r", r, Side::Cols)?;
        }
        let lp = l.map_or(Ok(std::ptr::null_mut()), |v| v.raw_read(CTX))?;
        let rp = r.map_or(Ok(std::ptr::null_mut()), |v| v.raw_read(CTX))?;
        // SAFETY: live matrix; vectors null or laid out as PETSc needs (checked).
        check(unsafe { sys::MatDiagonalScale(self.ptr, lp, rp) })
    }

    /// The sum of each row, as a new vector laid out like the rows (`MatGetRowSum`).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let a = petsc::Mat::from_csr(&c, Some(2), Some(2), None, None, &[0, 2, 3], &[0, 1, 1], &[1.0, 2.0, 3.0])?;
    /// assert_eq!(&*a.row_sum()?.view()?, &[3.0, 3.0]);
    /// assert_eq!(&*a.column_vector(1)?.view()?, &[2.0, 3.0]);
    /// assert!(a.column_vector(2).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatGetRowSum")]
    pub fn row_sum(&self) -> Result<Vector> {
        let (_, v) = self.create_vecs()?;
        // SAFETY: live matrix; `v` laid out like its rows.
        check(unsafe { sys::MatGetRowSum(self.ptr, v.raw_write("Mat::row_sum")?) })?;
        Ok(v)
    }

    /// Column `col` as a new vector laid out like the rows (`MatGetColumnVector`,
    /// collective).
    #[doc(alias = "MatGetColumnVector")]
    pub fn column_vector(&self, col: Int) -> Result<Vector> {
        const CTX: &str = "Mat::column_vector";
        let (_, n) = self.size()?;
        if col < 0 || col >= n {
            return Err(Error::out_of_range(
                CTX,
                format!("column {col} is not below the {n} columns"),
            ));
        }
        self.comm()
            .check_same(CTX, &[("column", crate::comm::wide(col))])?;
        let (_, v) = self.create_vecs()?;
        // SAFETY: live matrix; `v` laid out like its rows; `col` in range on every rank.
        check(unsafe { sys::MatGetColumnVector(self.ptr, v.raw_write(CTX)?, col) })?;
        Ok(v)
    }

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
            let same = (a.rows, a.cols, a.local_rows, a.local_cols)
                == (o.rows, o.cols, o.local_rows, o.local_cols);
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
        if !crate::SCALAR_IS_COMPLEX {
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
            let cols = a.get_row(r)?.cols().to_vec();
            if t.get_row(r)?.cols() != cols.as_slice() {
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
        fn modulus(x: impl Into<crate::Complex<Real>>) -> Real {
            x.into().norm()
        }
        d.axpy(-1.0, b, MatStructure::Different)?;
        let mut within = true;
        for r in d.ownership_range()? {
            let row = d.get_row(r)?;
            if row.values().iter().any(|&v| modulus(v) > tol) {
                within = false;
                break;
            }
        }
        self.comm().all(within)
    }

    /// Storage counts (`MatGetInfo`): non-zeros used and allocated, mallocs during
    /// assembly, memory, ... for this rank, their maximum or their sum over the ranks
    /// (the latter two collective).
    ///
    /// ```
    /// use petsc::MatInfoType;
    /// let petsc = petsc::Petsc::init()?;
    /// let mut a = petsc::Mat::new_aij(&petsc.self_comm(), None, None, Some(3), Some(3), 2, 0)?;
    /// for i in 0..3 {
    ///     a.set_value(i, i, 1.0, petsc::InsertMode::Insert)?;
    /// }
    /// a.assemble()?;
    /// let info = a.info(MatInfoType::Local)?;
    /// assert_eq!(info.nz_used, 3);
    /// assert_eq!(info.mallocs, 0);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatGetInfo")]
    pub fn info(&self, kind: MatInfoType) -> Result<MatInfo> {
        let mut i = sys::MatInfo {
            block_size: 0.0,
            nz_allocated: 0.0,
            nz_used: 0.0,
            nz_unneeded: 0.0,
            memory: 0.0,
            assemblies: 0.0,
            mallocs: 0.0,
            fill_ratio_given: 0.0,
            fill_ratio_needed: 0.0,
            factor_mallocs: 0.0,
        };
        // SAFETY: live matrix; PETSc fills the struct.
        check(unsafe { sys::MatGetInfo(self.ptr, kind.raw(), &mut i) })?;
        Ok(i.into())
    }

    /// A copy of the matrix in another format (`MatConvert` with `MAT_INITIAL_MATRIX`,
    /// collective): `"dense"`, `"aij"`, `"baij"`, `"sbaij"` (of a symmetric matrix),
    /// `"same"`, ... A name PETSc cannot convert to is an `Err` with PETSc's message.
    ///
    /// ```
    /// use petsc::Object;
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let a = petsc::Mat::from_csr(&c, Some(2), Some(2), None, None, &[0, 1, 2], &[1, 0], &[5.0, 7.0])?;
    /// let d = a.convert("dense")?;
    /// assert_eq!(d.type_name()?, "seqdense");
    /// assert_eq!(d.convert("aij")?.get_values(&[0, 1], &[0, 1])?, vec![0.0, 5.0, 7.0, 0.0]);
    /// assert!(a.convert("nosuchtype").is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatConvert")]
    pub fn convert(&self, type_name: &str) -> Result<Mat> {
        const CTX: &str = "Mat::convert";
        let n = c_string(CTX, type_name)?;
        super::create::same_name(&self.comm(), CTX, "type name", type_name)?;
        let local = (|| {
            self.check_no_writer(CTX)?;
            if !self.is_assembled()? {
                return Err(Error::invalid(CTX, "the matrix is not assembled"));
            }
            if self.is_factored()? {
                return Err(Error::invalid(CTX, "not for a factored matrix"));
            }
            Ok(())
        })();
        self.comm().agree(CTX, local)?;
        let r = sys::MatReuse::MAT_INITIAL_MATRIX;
        // SAFETY: live, assembled matrix; PETSc copies the name and writes a new matrix.
        self.new_product(|m| unsafe { sys::MatConvert(self.ptr, n.as_ptr(), r, m) })
    }

    /// The first global row of every rank and the number of rows: `ranks + 1` entries,
    /// rank `r` owning rows `ranges[r] .. ranges[r + 1]` (`MatGetOwnershipRanges`).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let a = petsc::Mat::new_aij(&petsc.self_comm(), None, None, Some(4), Some(3), 1, 0)?;
    /// assert_eq!(a.ownership_ranges()?, vec![0, 4]);
    /// assert_eq!(a.ownership_ranges_column()?, vec![0, 3]);
    /// assert_eq!(a.ownership_range_column()?, 0..3);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatGetOwnershipRanges")]
    pub fn ownership_ranges(&self) -> Result<Vec<Int>> {
        let mut p: *const Int = std::ptr::null();
        // SAFETY: live matrix; PETSc returns its own array of size + 1 entries.
        check(unsafe { sys::MatGetOwnershipRanges(self.ptr, &mut p) })?;
        self.ranges_from(p)
    }

    /// The same as [`ownership_ranges`](Self::ownership_ranges) for the columns, that
    /// is the layout of the vectors `x` in `A x` (`MatGetOwnershipRangesColumn`).
    #[doc(alias = "MatGetOwnershipRangesColumn")]
    pub fn ownership_ranges_column(&self) -> Result<Vec<Int>> {
        let mut p: *const Int = std::ptr::null();
        // SAFETY: live matrix; PETSc returns its own array of size + 1 entries.
        check(unsafe { sys::MatGetOwnershipRangesColumn(self.ptr, &mut p) })?;
        self.ranges_from(p)
    }

    fn ranges_from(&self, p: *const Int) -> Result<Vec<Int>> {
        if p.is_null() {
            return Err(Error::invalid(
                "Mat::ownership_ranges",
                "the matrix has no layout yet (call set_sizes and set_up first)",
            ));
        }
        let n = self.comm().size() as usize + 1;
        // SAFETY: PETSc's layout holds one entry per rank plus one.
        Ok(unsafe { std::slice::from_raw_parts(p, n) }.to_vec())
    }

    /// The global columns of the vectors `x` in `A x` this rank owns
    /// (`MatGetOwnershipRangeColumn`).
    #[doc(alias = "MatGetOwnershipRangeColumn")]
    pub fn ownership_range_column(&self) -> Result<std::ops::Range<Int>> {
        let (mut lo, mut hi): (Int, Int) = (0, 0);
        // SAFETY: live matrix.
        check(unsafe { sys::MatGetOwnershipRangeColumn(self.ptr, &mut lo, &mut hi) })?;
        Ok(lo..hi)
    }

    /// `y = A^H x` (`MatMultHermitianTranspose`); `A^T x` for real scalars.
    #[doc(alias = "MatMultHermitianTranspose")]
    pub fn mult_hermitian(&self, x: &Vector, y: &mut Vector) -> Result<()> {
        const CTX: &str = "Mat::mult_hermitian";
        super::ready_for_collective(CTX, self.ptr, true, &[x], &[y])?;
        let xp = x.raw_read(CTX)?;
        let yp = y.raw_write(CTX)?;
        // SAFETY: live matrix and vectors; PETSc checks the layouts.
        super::product([x], || unsafe {
            sys::MatMultHermitianTranspose(self.ptr, xp, yp)
        })
    }

    /// `z = y + A^H x` (`MatMultHermitianTransposeAdd`).
    #[doc(alias = "MatMultHermitianTransposeAdd")]
    pub fn mult_hermitian_add(&self, x: &Vector, y: &Vector, z: &mut Vector) -> Result<()> {
        const CTX: &str = "Mat::mult_hermitian_add";
        super::ready_for_collective(CTX, self.ptr, true, &[x, y], &[z])?;
        let xp = x.raw_read(CTX)?;
        let yp = y.raw_read(CTX)?;
        let zp = z.raw_write(CTX)?;
        // SAFETY: live matrix and vectors; `z` is distinct from `x` and `y` by borrows.
        super::product([x, y], || unsafe {
            sys::MatMultHermitianTransposeAdd(self.ptr, xp, yp, zp)
        })
    }

    /// Fills the matrix's entries with random values (`MatSetRandom`, collective): all
    /// entries of a dense matrix, the preallocated or existing pattern of a sparse one,
    /// and assembles.
    #[doc(alias = "MatSetRandom")]
    pub fn set_random(&mut self) -> Result<()> {
        self.check_no_views("Mat::set_random")?;
        // SAFETY: live matrix; a null context makes PETSc use its own generator.
        check(unsafe { sys::MatSetRandom(self.ptr, std::ptr::null_mut()) })
    }

    /// The global rows of this rank that are entirely zero (`MatFindZeroRows`,
    /// collective).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let a = petsc::Mat::from_csr(&c, Some(3), Some(3), None, None, &[0, 1, 1, 2], &[0, 2], &[1.0, 2.0])?;
    /// assert_eq!(a.find_zero_rows()?, vec![1]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatFindZeroRows")]
    pub fn find_zero_rows(&self) -> Result<Vec<Int>> {
        let mut is: sys::IS = std::ptr::null_mut();
        // SAFETY: live matrix; PETSc writes a new index set (or null when none).
        check(unsafe { sys::MatFindZeroRows(self.ptr, &mut is) })?;
        // SAFETY: `is` is the index set PETSc just made, or null; it is ours to destroy.
        unsafe { take_indices(is) }
    }

    crate::methods! { for Mat;
        /// The trace, the sum of the diagonal (`MatGetTrace`).
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let c = petsc.self_comm();
        /// let a = petsc::Mat::from_csr(&c, Some(2), Some(2), None, None, &[0, 2, 3], &[0, 1, 1], &[1.0, 2.0, 3.0])?;
        /// assert_eq!(a.trace()?, 4.0);
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn trace(&self) -> Scalar = MatGetTrace as "MatGetTrace";
    }

    /// Sets to zero every stored entry whose modulus is below `tol` (at or below it on
    /// PETSc 3.20 and later), keeping the nonzero structure (`MatChop` up to PETSc 3.19,
    /// `MatFilter` without compressing the storage from 3.20, as petsc4py's `chop`).
    #[doc(alias = "MatChop")]
    #[doc(alias = "MatFilter")]
    pub fn chop(&mut self, tol: Real) -> Result<()> {
        self.check_no_views("Mat::chop")?;
        #[cfg(not(petsc_3_20))]
        // SAFETY: live matrix.
        let r = unsafe { sys::MatChop(self.ptr, tol) };
        #[cfg(petsc_3_20)]
        // SAFETY: live matrix; no compression, so the structure (and the handle's
        // object) stays as it is.
        let r =
            unsafe { sys::MatFilter(self.ptr, tol, sys::PETSC_BOOL_FALSE, sys::PETSC_BOOL_FALSE) };
        check(r)
    }
}

impl Mat {
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

    crate::methods! { for Mat;
        /// Keeps the matrix's operations on the CPU, or lets them move to a GPU
        /// (`MatBindToCPU`; nothing without GPU support).
        pub fn bind_to_cpu(&mut self, bind: bool) = MatBindToCPU as "MatBindToCPU";
    }

    crate::methods! { for Mat;
        /// Whether the matrix is bound to the CPU (`MatBoundToCPU`; `true` without GPU
        /// support).
        pub fn bound_to_cpu(&self) -> bool = MatBoundToCPU as "MatBoundToCPU";
    }

    /// A copy of this rank's block of a dense matrix, column-major with `local rows`
    /// entries per column (`MatDenseGetArrayRead`, copied).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut a = petsc::Mat::new_dense(&petsc.self_comm(), None, None, Some(2), Some(2))?;
    /// a.set_values(&[0, 1], &[0, 1], &[1.0, 2.0, 3.0, 4.0], petsc::InsertMode::Insert)?;
    /// a.assemble()?;
    /// assert_eq!(a.dense_array()?, vec![1.0, 3.0, 2.0, 4.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatDenseGetArray")]
    pub fn dense_array(&self) -> Result<Vec<Scalar>> {
        let v = self.dense_view()?;
        Ok((0..v.cols()).flat_map(|j| v.column(j).to_vec()).collect())
    }

    /// This rank's rows in compressed sparse row form: `(row_ptr, cols, values)`, row
    /// `first + i` (`first` the start of [`ownership_range`](Self::ownership_range))
    /// holding `values[row_ptr[i]..row_ptr[i+1]]` in the global columns
    /// `cols[row_ptr[i]..row_ptr[i+1]]` (`getValuesCSR`, copied row by row with
    /// `MatGetRow`). Unlike [`get_row`](Self::get_row), this works on a matrix other
    /// objects hold too: nothing runs between lending a row and giving it back.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let a = petsc::Mat::from_csr(&c, Some(2), Some(3), None, None, &[0, 2, 3], &[0, 2, 1], &[1.0, 2.0, 3.0])?;
    /// let (rp, ci, v) = a.values_csr()?;
    /// assert_eq!((rp, ci, v), (vec![0, 2, 3], vec![0, 2, 1], vec![1.0, 2.0, 3.0]));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn values_csr(&self) -> Result<(Vec<Int>, Vec<Int>, Vec<Scalar>)> {
        const CTX: &str = "Mat::values_csr";
        self.check_no_writer(CTX)?;
        if !self.is_assembled()? || self.is_factored()? {
            return Err(Error::invalid(
                CTX,
                "the matrix is not assembled, or is factored",
            ));
        }
        let (mut rp, mut ci, mut vals) = (vec![0 as Int], Vec::new(), Vec::new());
        for i in self.ownership_range()? {
            let mut n: Int = 0;
            let mut c: *const Int = std::ptr::null();
            let mut v: *const Scalar = std::ptr::null();
            // SAFETY: live, assembled, unfactored matrix; `i` is owned here; PETSc lends
            // the row until MatRestoreRow below, and only this copy runs meanwhile.
            check(unsafe { sys::MatGetRow(self.ptr, i, &mut n, &mut c, &mut v) })?;
            if n > 0 && !c.is_null() && !v.is_null() {
                // SAFETY: PETSc lent `n` indices and `n` values.
                unsafe {
                    ci.extend_from_slice(std::slice::from_raw_parts(c, n as usize));
                    vals.extend_from_slice(std::slice::from_raw_parts(v, n as usize));
                }
            }
            // SAFETY: gives back what MatGetRow lent for row `i`.
            check(unsafe { sys::MatRestoreRow(self.ptr, i, &mut n, &mut c, &mut v) })?;
            rp.push(ci.len() as Int);
        }
        Ok((rp, ci, vals))
    }

    /// The inverses of the `bs x bs` diagonal blocks of this rank's rows, block after
    /// block, column-major within a block, as PETSc stores them
    /// (`MatInvertBlockDiagonal`, copied); `bs` is the [`block_size`](Self::block_size).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let a = petsc::Mat::from_csr(&c, Some(2), Some(2), None, None, &[0, 1, 2], &[0, 1], &[2.0, 4.0])?;
    /// assert_eq!(a.invert_block_diagonal()?, vec![0.5, 0.25]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatInvertBlockDiagonal")]
    pub fn invert_block_diagonal(&self) -> Result<Vec<Scalar>> {
        const CTX: &str = "Mat::invert_block_diagonal";
        self.check_no_writer(CTX)?;
        let bs = self.block_size()?;
        let (m, _) = self.local_size()?;
        let mut p: *const Scalar = std::ptr::null();
        // SAFETY: live matrix; PETSc keeps the inverses with the matrix and lends them.
        check(unsafe { sys::MatInvertBlockDiagonal(self.ptr, &mut p) })?;
        let n = (m * bs) as usize;
        if n == 0 || p.is_null() {
            return Ok(Vec::new());
        }
        // SAFETY: PETSc lent `m / bs` blocks of `bs * bs` values, valid until the matrix
        // changes; copied at once.
        Ok(unsafe { std::slice::from_raw_parts(p, n) }.to_vec())
    }

    /// Successive over-relaxation sweeps on `A x = b` (`MatSOR`, collective): `its`
    /// sweeps of `kind` with relaxation `omega` and diagonal `shift`, `lits` local
    /// sweeps per sweep on several ranks. The matrix must be square and assembled; `x`
    /// holds the initial guess unless `kind` includes a zero initial guess.
    ///
    /// ```
    /// use petsc::SorType;
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// // Diagonal: one sweep solves it.
    /// let a = petsc::Mat::from_csr(&c, Some(2), Some(2), None, None, &[0, 1, 2], &[0, 1], &[2.0, 4.0])?;
    /// let b = petsc::Vector::from_slice(&c, &[2.0, 8.0])?;
    /// let mut x = b.duplicate()?;
    /// a.sor(&b, 1.0, SorType::LocalSymmetricZeroGuess, 0.0, 1, 1, &mut x)?;
    /// assert_eq!(&*x.view()?, &[1.0, 2.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatSOR")]
    #[allow(clippy::too_many_arguments)]
    pub fn sor(
        &self,
        b: &Vector,
        omega: Real,
        kind: SorType,
        shift: Real,
        its: Int,
        lits: Int,
        x: &mut Vector,
    ) -> Result<()> {
        const CTX: &str = "Mat::sor";
        self.check_square(CTX)?;
        self.check_vec(CTX, "b", b, Side::Rows)?;
        self.check_vec(CTX, "x", x, Side::Cols)?;
        if its < 1 || lits < 1 || !(omega > 0.0 && omega < 2.0) {
            return Err(Error::invalid(
                CTX,
                format!("needs its >= 1, lits >= 1 and 0 < omega < 2; got {its}, {lits}, {omega}"),
            ));
        }
        super::ready_for_collective(CTX, self.ptr, true, &[b], &[x])?;
        let (bp, xp) = (b.raw_read(CTX)?, x.raw_write(CTX)?);
        // SAFETY: live square matrix; vectors of its layout (checked on every rank),
        // distinct by Rust's borrows.
        super::product([b], || unsafe {
            sys::MatSOR(self.ptr, bp, omega, kind.raw(), shift, its, lits, xp)
        })
    }
    /// The matrix with rows and columns reordered, `B[i][j] = A[rows[i]][cols[j]]`
    /// (`MatPermute` with `B = P A Q^T`), a new matrix. Sequential matrices; `rows` and
    /// `cols` must be permutations of `0..m` and `0..n` (checked).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// // [[1, 2], [3, 4]] with the rows swapped.
    /// let a = petsc::Mat::from_csr(&c, Some(2), Some(2), None, None, &[0, 2, 4], &[0, 1, 0, 1], &[1.0, 2.0, 3.0, 4.0])?;
    /// let b = a.permute(&[1, 0], &[0, 1])?;
    /// assert_eq!(b.get_values(&[0, 1], &[0, 1])?, vec![3.0, 4.0, 1.0, 2.0]);
    /// assert!(a.permute(&[0, 0], &[0, 1]).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatPermute")]
    pub fn permute(&self, rows: &[Int], cols: &[Int]) -> Result<Mat> {
        const CTX: &str = "Mat::permute";
        if self.comm().size() != 1 {
            return Err(Error::invalid(CTX, "sequential matrices only"));
        }
        self.check_no_writer(CTX)?;
        if !self.is_assembled()? {
            return Err(Error::invalid(CTX, "the matrix is not assembled"));
        }
        let (m, n) = self.size()?;
        check_permutation(CTX, "rows", rows, m)?;
        check_permutation(CTX, "cols", cols, n)?;
        let mut r = seq_is(rows)?;
        let made = seq_is(cols).and_then(|mut c| {
            let mut b: sys::Mat = std::ptr::null_mut();
            // SAFETY: live index sets holding permutations (checked above).
            let out = check(unsafe { sys::ISSetPermutation(r) })
                // SAFETY: as above.
                .and_then(|()| check(unsafe { sys::ISSetPermutation(c) }))
                // SAFETY: live, assembled sequential matrix; permutations of its rows and
                // columns; PETSc writes a new matrix.
                .and_then(|()| check(unsafe { sys::MatPermute(self.ptr, r, c, &mut b) }));
            // SAFETY: our index set.
            crate::error::record_destroy(unsafe { sys::ISDestroy(&mut c) });
            out.map(|()| b)
        });
        // SAFETY: our index set.
        crate::error::record_destroy(unsafe { sys::ISDestroy(&mut r) });
        Ok(Mat::from_raw(&self.petsc, made?))
    }

    /// The Kronecker product `A ⊗ B` of two sequential AIJ matrices (`MatSeqAIJKron`):
    /// block `(i, j)` of the result is `A[i][j] B`. Both must be assembled; a matrix on
    /// more than one rank or of another type is an `Err`.
    ///
    /// ```
    /// use petsc::Mat;
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let a = Mat::from_csr(&c, Some(1), Some(2), None, None, &[0, 2], &[0, 1], &[1.0, 2.0])?;
    /// let b = Mat::from_csr(&c, Some(2), Some(1), None, None, &[0, 1, 2], &[0, 0], &[3.0, 4.0])?;
    /// let k = a.kron(&b)?;
    /// assert_eq!(k.size()?, (2, 2));
    /// assert_eq!(k.get_values(&[0, 1], &[0, 1])?, vec![3.0, 6.0, 4.0, 8.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatSeqAIJKron")]
    pub fn kron(&self, b: &Mat) -> Result<Mat> {
        const CTX: &str = "Mat::kron";
        for (name, m) in [("A", self), ("B", b)] {
            if m.comm().size() != 1 {
                return Err(Error::invalid(
                    CTX,
                    format!(
                        "{name} is on {} ranks; the product is for sequential matrices",
                        m.comm().size()
                    ),
                ));
            }
            if !m.has_type(sys::MATSEQAIJ)? {
                return Err(Error::invalid(
                    CTX,
                    format!(
                        "{name} has type '{}'; the product needs 'seqaij'",
                        m.type_name()?
                    ),
                ));
            }
            m.check_no_writer(CTX)?;
            if !m.is_assembled()? {
                return Err(Error::invalid(CTX, format!("{name} is not assembled")));
            }
        }
        let mut k: sys::Mat = std::ptr::null_mut();
        // SAFETY: live, assembled sequential AIJ matrices; PETSc writes a new matrix.
        check(unsafe {
            sys::MatSeqAIJKron(self.ptr, b.ptr, sys::MatReuse::MAT_INITIAL_MATRIX, &mut k)
        })?;
        if k.is_null() {
            return Err(Error::invalid(CTX, "PETSc made no product"));
        }
        Ok(Mat::from_raw(&self.petsc, k))
    }
}

/// Refuses `p` unless it is a permutation of `0..len` (`name`: "rows", "cols").
pub(super) fn check_permutation(context: &str, name: &str, p: &[Int], len: Int) -> Result<()> {
    let mut seen = vec![false; len.max(0) as usize];
    let ok = p.len() == seen.len()
        && p.iter()
            .all(|&k| (0..len).contains(&k) && !std::mem::replace(&mut seen[k as usize], true));
    if !ok {
        return Err(Error::invalid(
            context,
            format!("{name} is not a permutation of 0..{len}"),
        ));
    }
    Ok(())
}

/// A new general index set on `PETSC_COMM_SELF` holding a copy of `idx`; the caller
/// owns it.
pub(super) fn seq_is(idx: &[Int]) -> Result<sys::IS> {
    let mut is: sys::IS = std::ptr::null_mut();
    // SAFETY: the one-rank communicator; PETSc copies the indices.
    check(unsafe {
        sys::ISCreateGeneral(
            sys::petscrs_comm_self(),
            idx.len() as Int,
            idx.as_ptr(),
            sys::PetscCopyMode::PETSC_COPY_VALUES,
            &mut is,
        )
    })?;
    Ok(is)
}

/// The kind of sweep of [`Mat::sor`] (`MatSORType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SorType {
    /// Forward sweeps over all rows (`SOR_FORWARD_SWEEP`; one rank).
    Forward,
    /// Backward sweeps (`SOR_BACKWARD_SWEEP`; one rank).
    Backward,
    /// Forward then backward (`SOR_SYMMETRIC_SWEEP`; one rank).
    Symmetric,
    /// Symmetric sweeps on each rank's block (`SOR_LOCAL_SYMMETRIC_SWEEP`).
    LocalSymmetric,
    /// Local symmetric sweeps from a zero initial guess
    /// (`SOR_LOCAL_SYMMETRIC_SWEEP | SOR_ZERO_INITIAL_GUESS`).
    LocalSymmetricZeroGuess,
    /// Forward sweeps on each rank's block (`SOR_LOCAL_FORWARD_SWEEP`).
    LocalForward,
    /// Backward sweeps on each rank's block (`SOR_LOCAL_BACKWARD_SWEEP`).
    LocalBackward,
}

impl SorType {
    fn raw(self) -> sys::MatSORType {
        use sys::MatSORType as S;
        match self {
            SorType::Forward => S::SOR_FORWARD_SWEEP,
            SorType::Backward => S::SOR_BACKWARD_SWEEP,
            SorType::Symmetric => S::SOR_SYMMETRIC_SWEEP,
            SorType::LocalSymmetric => S::SOR_LOCAL_SYMMETRIC_SWEEP,
            SorType::LocalSymmetricZeroGuess => {
                sys::MatSORType(S::SOR_LOCAL_SYMMETRIC_SWEEP.0 | S::SOR_ZERO_INITIAL_GUESS.0)
            }
            SorType::LocalForward => S::SOR_LOCAL_FORWARD_SWEEP,
            SorType::LocalBackward => S::SOR_LOCAL_BACKWARD_SWEEP,
        }
    }
}

/// The indices of a raw index set, which is then destroyed; an empty list for null.
///
/// # Safety
/// `is` is null or a live index set the caller owns.
pub(super) unsafe fn take_indices(mut is: sys::IS) -> Result<Vec<Int>> {
    if is.is_null() {
        return Ok(Vec::new());
    }
    let read = || -> Result<Vec<Int>> {
        let mut n: Int = 0;
        // SAFETY: live index set.
        check(unsafe { sys::ISGetLocalSize(is, &mut n) })?;
        let mut p: *const Int = std::ptr::null();
        // SAFETY: live index set; PETSc lends its indices until ISRestoreIndices.
        check(unsafe { sys::ISGetIndices(is, &mut p) })?;
        let out = if n == 0 || p.is_null() {
            Vec::new()
        } else {
            // SAFETY: PETSc lent `n` indices.
            unsafe { std::slice::from_raw_parts(p, n as usize) }.to_vec()
        };
        // SAFETY: gives back what ISGetIndices lent.
        check(unsafe { sys::ISRestoreIndices(is, &mut p) })?;
        Ok(out)
    };
    let r = read();
    // SAFETY: the caller owns the index set.
    crate::error::record_destroy(unsafe { sys::ISDestroy(&mut is) });
    r
}
