//! Matrix algebra: matrix-matrix products, sums, transposes, conjugates, diagonals,
//! diagonal scaling and row sums; and the checks of permutations shared with the
//! factorizations.

use petsc_sys as sys;

use super::{Mat, MatStructure};
use crate::error::{Error, Result, check};
use crate::object::{Object, default_real};
use crate::scalar::{Int, Scalar};
use crate::vec::{InsertMode, Vector};

/// Global and local sizes of a matrix.
#[derive(Debug, Clone, Copy)]
pub(super) struct Shape {
    pub(super) rows: Int,
    pub(super) cols: Int,
    pub(super) local_rows: Int,
    pub(super) local_cols: Int,
}

/// Which sizes of two matrices a product or a sum needs equal.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Side {
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

/// [`Mat::check_vec`] on this rank only, for a live matrix `mat`: whether `v` (named
/// `name`) has the global and local sizes of the matrix's `side`.
pub(crate) fn check_vec_here(
    mat: sys::Mat,
    context: &str,
    name: &str,
    v: &Vector,
    side: Side,
) -> Result<()> {
    let (mut g, mut l): ((Int, Int), (Int, Int)) = ((0, 0), (0, 0));
    // SAFETY: live matrix (caller); two outputs each.
    check(unsafe { sys::MatGetSize(mat, &mut g.0, &mut g.1) })?;
    // SAFETY: as above.
    check(unsafe { sys::MatGetLocalSize(mat, &mut l.0, &mut l.1) })?;
    let (g, l) = match side {
        Side::Rows => (g.0, l.0),
        Side::Cols => (g.1, l.1),
    };
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
}

fn side_name(side: Side) -> &'static str {
    match side {
        Side::Rows => "rows",
        Side::Cols => "columns",
    }
}

impl Mat {
    pub(super) fn shape(&self) -> Result<Shape> {
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
    pub(super) fn check_pair(
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
    pub(super) fn new_product(
        &self,
        f: impl FnOnce(*mut sys::Mat) -> sys::PetscErrorCode,
    ) -> Result<Mat> {
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
    /// assert_eq!(ab.values(&[0, 1], &[0, 1])?, vec![7.0, 2.0, 3.0, 1.0]);
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
    /// assert_eq!(a.transpose_mat_mult(&a)?.values(&[0, 1], &[0, 1])?, vec![1.0, 2.0, 2.0, 5.0]);
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
    /// assert_eq!(a.mat_transpose_mult(&a)?.values(&[0, 1], &[0, 1])?, vec![5.0, 2.0, 2.0, 1.0]);
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
    /// assert_eq!(a.ptap(&p)?.values(&[0], &[0])?, vec![6.0]);
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
    pub(super) fn check_square(&self, context: &str) -> Result<()> {
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
    /// assert_eq!(y.values(&[0, 1], &[0, 1])?, vec![1.0, 4.0, 6.0, 1.0]);
    /// y.aypx(-1.0, &x, MatStructure::Subset)?;
    /// assert_eq!(y.values(&[0, 1], &[0, 1])?, vec![-1.0, -2.0, -3.0, -1.0]);
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
        self.check_no_views_anywhere(CTX)?;
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
        self.check_no_views_anywhere(CTX)?;
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
    /// assert_eq!(a.values(&[0, 1], &[0, 1])?, vec![0.0, 0.0, 5.0, 0.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatTranspose")]
    pub fn transpose_in_place(&mut self) -> Result<()> {
        const CTX: &str = "Mat::transpose_in_place";
        self.check_no_views_anywhere(CTX)?;
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
        self.diagonal_into(&mut d)?;
        Ok(d)
    }

    /// Sets (or adds to) the diagonal of a square matrix from `d`, laid out like the
    /// rows (`MatDiagonalSet`, collective).
    #[doc(alias = "MatDiagonalSet")]
    pub fn set_diagonal(&mut self, d: &Vector, mode: InsertMode) -> Result<()> {
        const CTX: &str = "Mat::set_diagonal";
        self.check_no_views_anywhere(CTX)?;
        self.check_square(CTX)?;
        self.check_vec(CTX, "d", d, Side::Rows)?;
        // SAFETY: live square matrix; `d` laid out like its rows (checked on every rank).
        check(unsafe { sys::MatDiagonalSet(self.ptr, d.raw_read(CTX)?, mode.raw()) })
    }

    /// Refuses, on every rank, a vector not laid out like the matrix's rows (`Rows`) or
    /// columns (`Cols`).
    pub(super) fn check_vec(
        &self,
        context: &str,
        name: &str,
        v: &Vector,
        side: Side,
    ) -> Result<()> {
        let local = check_vec_here(self.ptr, context, name, v, side);
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
    /// assert_eq!(a.values(&[0, 1], &[0, 1])?, vec![3.0, 5.0, 6.0, 10.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatDiagonalScale")]
    pub fn diagonal_scale(&mut self, l: Option<&Vector>, r: Option<&Vector>) -> Result<()> {
        const CTX: &str = "Mat::diagonal_scale";
        self.check_no_views_anywhere(CTX)?;
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
