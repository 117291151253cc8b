//! Matrices defined by other matrices without copying them: implicit transposes and
//! normal matrices (`MatCreateTranspose`, `MatCreateNormal`, ...), Schur complements
//! (`MatCreateSchurComplement`), scatters as matrices (`MatCreateScatter`), constant
//! diagonal matrices, low-rank corrections `A + U diag(c) V^T` (`MatCreateLRC`), and
//! copies of parts of a matrix (redundant copies, diagonal blocks).
//!
//! An implicit matrix holds a reference to the matrix it is made of, so that matrix
//! lives as long as it does; views of that matrix are refused meanwhile (see
//! [`Mat::dense_view`]).

use petsc_sys as sys;

use super::{Mat, Sizes};
use crate::comm::Comm;
use crate::error::{Error, Result, check};
use crate::object::Object;
use crate::scalar::{Int, Scalar};
use crate::scatter::Scatter;
use crate::vec::Vector;

/// `(global, local)` rows and columns of a matrix.
type Shape = ((Int, Int), (Int, Int));

fn shape(a: &Mat) -> Result<Shape> {
    let ((m, n), (lm, ln)) = (a.size()?, a.local_size()?);
    Ok(((m, lm), (n, ln)))
}

impl Mat {
    fn implicit(
        &self,
        f: unsafe extern "C" fn(sys::Mat, *mut sys::Mat) -> sys::PetscErrorCode,
    ) -> Result<Mat> {
        let mut m: sys::Mat = std::ptr::null_mut();
        // SAFETY: live matrix; PETSc writes a new matrix that takes its own reference
        // to `self`.
        check(unsafe { f(self.ptr, &mut m) })?;
        Ok(Mat::from_raw(&self.petsc, m))
    }

    /// `A^T` without forming it (`MatCreateTranspose`): products with it are
    /// transposed products with `A`.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// // A = [[1, 2, 3]]: A^T is 3 x 1.
    /// let a = petsc::Mat::from_csr(&c, Some(1), Some(3), None, None, &[0, 3], &[0, 1, 2], &[1.0, 2.0, 3.0])?;
    /// let t = a.create_transpose()?;
    /// assert_eq!(t.size()?, (3, 1));
    /// let x = petsc::Vector::from_slice(&c, &[2.0])?;
    /// let mut y = petsc::Vector::new_seq(&c, 3)?;
    /// t.mult(&x, &mut y)?;
    /// assert_eq!(&*y.view()?, &[2.0, 4.0, 6.0]);
    /// assert_eq!(t.transpose_mat()?.size()?, (1, 3));
    /// // The normal matrix A^T A.
    /// let n = a.create_normal()?;
    /// let x = petsc::Vector::from_slice(&c, &[1.0, 0.0, 0.0])?;
    /// n.mult(&x, &mut y)?;
    /// assert_eq!(&*y.view()?, &[1.0, 2.0, 3.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatCreateTranspose")]
    pub fn create_transpose(&self) -> Result<Mat> {
        self.implicit(sys::MatCreateTranspose)
    }

    /// `A^H` without forming it (`MatCreateHermitianTranspose`).
    #[doc(alias = "MatCreateHermitianTranspose")]
    pub fn create_hermitian_transpose(&self) -> Result<Mat> {
        self.implicit(sys::MatCreateHermitianTranspose)
    }

    /// `A^T A` without forming it (`MatCreateNormal`), for least-squares problems.
    #[doc(alias = "MatCreateNormal")]
    pub fn create_normal(&self) -> Result<Mat> {
        self.implicit(sys::MatCreateNormal)
    }

    /// `A^H A` without forming it (`MatCreateNormalHermitian`).
    #[doc(alias = "MatCreateNormalHermitian")]
    pub fn create_normal_hermitian(&self) -> Result<Mat> {
        self.implicit(sys::MatCreateNormalHermitian)
    }

    /// The matrix an implicit transpose from [`create_transpose`](Self::create_transpose)
    /// is made of (`MatTransposeGetMat`); an `Err` for other matrices.
    #[doc(alias = "MatTransposeGetMat")]
    pub fn transpose_mat(&self) -> Result<Mat> {
        let mut a: sys::Mat = std::ptr::null_mut();
        // SAFETY: live matrix; PETSc refuses other types, else lends the inner matrix.
        check(unsafe { sys::MatTransposeGetMat(self.ptr, &mut a) })?;
        // SAFETY: PETSc lent a live matrix; the new handle takes its own reference.
        unsafe { Mat::from_raw_borrowed(&self.petsc, a) }
    }

    /// The Schur complement `S = A11 - A10 inv(A00) A01` of the block matrix
    /// `[[A00, A01], [A10, A11]]`, applied without being formed
    /// (`MatCreateSchurComplement`, collective): a product with `S` solves with `A00`
    /// by an inner Krylov solver preconditioned with `ap00` (often `a00` itself), whose
    /// options [`set_from_options`](Self::set_from_options) reads (`-ksp_type`,
    /// `-pc_type` under the matrix's prefix). `a11` `None` is a zero block. The new
    /// matrix keeps references to the blocks.
    ///
    /// The blocks live on one communicator, with `a00` and `ap00` square, `a01` with
    /// `a00`'s rows, `a10` with its columns, and `a11` with `a10`'s rows and `a01`'s
    /// columns (global and local sizes); anything else is an `Err` on every rank.
    ///
    /// ```
    /// use petsc::{Mat, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let a00 = Mat::from_csr(&c, Some(2), Some(2), None, None, &[0, 1, 2], &[0, 1], &[2.0, 4.0])?;
    /// let a01 = Mat::from_csr(&c, Some(2), Some(1), None, None, &[0, 1, 2], &[0, 0], &[2.0, 4.0])?;
    /// let a10 = Mat::from_csr(&c, Some(1), Some(2), None, None, &[0, 2], &[0, 1], &[1.0, 1.0])?;
    /// let a11 = Mat::from_csr(&c, Some(1), Some(1), None, None, &[0, 1], &[0], &[5.0])?;
    /// let s = Mat::create_schur_complement(&a00, &a00, &a01, &a10, Some(&a11))?;
    /// // S = 5 - (2/2 + 4/4) = 3
    /// let x = Vector::from_slice(&c, &[1.0])?;
    /// let mut y = x.duplicate()?;
    /// s.mult(&x, &mut y)?;
    /// assert!((y.view()?[0] - 3.0).abs() < 1e-12);
    /// assert!(Mat::create_schur_complement(&a00, &a00, &a10, &a01, None).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatCreateSchurComplement")]
    pub fn create_schur_complement(
        a00: &Mat,
        ap00: &Mat,
        a01: &Mat,
        a10: &Mat,
        a11: Option<&Mat>,
    ) -> Result<Mat> {
        crate::object::refuse_lent("Mat::create_schur_complement", a11)?;
        const CTX: &str = "Mat::create_schur_complement";
        let comm = a00.comm();
        let local = (|| {
            let mut all = vec![("A00", a00), ("Ap00", ap00), ("A01", a01), ("A10", a10)];
            all.extend(a11.map(|a| ("A11", a)));
            if let Some((name, a)) = all.iter().find(|(_, a)| a.comm().size() != comm.size()) {
                return Err(Error::invalid(
                    CTX,
                    format!(
                        "{name} is on {} ranks, A00 on {}",
                        a.comm().size(),
                        comm.size()
                    ),
                ));
            }
            let (r0, c0) = shape(a00)?;
            let (r01, c01) = shape(a01)?;
            let (r10, c10) = shape(a10)?;
            let mut want = vec![
                ("the rows of A00", r0, "its columns", c0),
                ("the rows of A00", r0, "the rows of Ap00", shape(ap00)?.0),
                (
                    "the rows of Ap00",
                    shape(ap00)?.0,
                    "its columns",
                    shape(ap00)?.1,
                ),
                ("the columns of A00", c0, "the rows of A01", r01),
                ("the rows of A00", r0, "the columns of A10", c10),
            ];
            if let Some(a11) = a11 {
                let (r11, c11) = shape(a11)?;
                want.push(("the rows of A10", r10, "the rows of A11", r11));
                want.push(("the columns of A01", c01, "the columns of A11", c11));
            }
            for (a, x, b, y) in want {
                if x != y {
                    return Err(Error::size_mismatch(
                        CTX,
                        format!(
                            "{a} ({} global, {} on this rank) do not match {b} ({}, {})",
                            x.0, x.1, y.0, y.1
                        ),
                    ));
                }
            }
            Ok(())
        })();
        comm.agree(CTX, local)?;
        let mut s: sys::Mat = std::ptr::null_mut();
        // SAFETY: live matrices on one communicator with matching sizes (checked above),
        // A11 optional (null); PETSc writes a new matrix holding references to them.
        check(unsafe {
            sys::MatCreateSchurComplement(
                a00.kept_raw(CTX)?,
                ap00.kept_raw(CTX)?,
                a01.kept_raw(CTX)?,
                a10.kept_raw(CTX)?,
                a11.map_or(std::ptr::null_mut(), |a| a.ptr),
                &mut s,
            )
        })?;
        Ok(Mat::from_raw(&a00.petsc, s))
    }

    /// The blocks of a Schur complement from
    /// [`create_schur_complement`](Self::create_schur_complement): `(A00, Ap00, A01,
    /// A10, A11)`, `A11` `None` when absent (`MatSchurComplementGetSubMatrices`). Each
    /// handle takes its own reference to the block (the same matrix, not a copy).
    /// Another type is an `Err`.
    #[doc(alias = "MatSchurComplementGetSubMatrices")]
    #[allow(clippy::type_complexity)]
    pub fn schur_complement_sub_matrices(&self) -> Result<(Mat, Mat, Mat, Mat, Option<Mat>)> {
        const CTX: &str = "Mat::schur_complement_sub_matrices";
        if !self.has_type(sys::MATSCHURCOMPLEMENT)? {
            return Err(Error::invalid(
                CTX,
                format!(
                    "the matrix has type '{}', not 'schurcomplement'",
                    self.type_name()?
                ),
            ));
        }
        let mut p: [sys::Mat; 5] = [std::ptr::null_mut(); 5];
        let [a, b, c, d, e] = &mut p;
        // SAFETY: live Schur complement; PETSc lends its blocks (A11 may be null).
        check(unsafe { sys::MatSchurComplementGetSubMatrices(self.ptr, a, b, c, d, e) })?;
        let take = |m: sys::Mat| -> Result<Option<Mat>> {
            if m.is_null() {
                return Ok(None);
            }
            // SAFETY: a live block the Schur complement lent; the handle takes a
            // reference.
            unsafe { Mat::from_raw_borrowed(&self.petsc, m) }.map(Some)
        };
        let need = |m: sys::Mat| -> Result<Mat> {
            take(m)?.ok_or_else(|| Error::invalid(CTX, "the Schur complement has no blocks yet"))
        };
        Ok((
            need(p[0])?,
            need(p[1])?,
            need(p[2])?,
            need(p[3])?,
            take(p[4])?,
        ))
    }

    /// A matrix whose product is the scatter `scatter` (`MatCreateScatter`,
    /// collective): `y = A x` scatters `x` into `y` (inserting, forward), and its sizes
    /// are the scatter's. The matrix keeps a reference to the scatter, which is set up
    /// now, so its type can no longer change.
    ///
    /// ```
    /// use petsc::{IndexSet, Mat, Scatter, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let x = Vector::from_slice(&c, &[1.0, 2.0, 3.0])?;
    /// let mut y = Vector::new_seq(&c, 2)?;
    /// let from = IndexSet::new_general(&c, &[2, 0])?;
    /// let sct = Scatter::new(&x, Some(&from), &y, None)?;
    /// let a = Mat::new_scatter(&sct)?;
    /// assert_eq!(a.size()?, (2, 3));
    /// a.mult(&x, &mut y)?;
    /// assert_eq!(&*y.view()?, &[3.0, 1.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatCreateScatter")]
    pub fn new_scatter(scatter: &Scatter) -> Result<Mat> {
        let comm = scatter.comm();
        // SAFETY: live scatter; its plan is built now (collective), so later type
        // changes through the handle are refused.
        check(unsafe { sys::VecScatterSetUp(scatter.ptr) })?;
        scatter.set_up.set(true);
        let mut a: sys::Mat = std::ptr::null_mut();
        // SAFETY: live, set-up scatter and its communicator; PETSc writes a new matrix
        // holding a reference to the scatter.
        check(unsafe { sys::MatCreateScatter(comm.as_raw(), scatter.ptr, &mut a) })?;
        Ok(Mat::from_raw(comm.petsc(), a))
    }

    /// The matrix `diag I` with the given sizes, stored as one number
    /// (`MatCreateConstantDiagonal`, collective); sizes as in
    /// [`new_aij`](Self::new_aij), square.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let d = petsc::Mat::new_constant_diagonal(&c, None, Some(3), 2.5)?;
    /// let x = petsc::Vector::from_slice(&c, &[1.0, 2.0, 4.0])?;
    /// let mut y = x.duplicate()?;
    /// d.mult(&x, &mut y)?;
    /// assert_eq!(&*y.view()?, &[2.5, 5.0, 10.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatCreateConstantDiagonal")]
    pub fn new_constant_diagonal(
        comm: &Comm,
        local: Option<Int>,
        global: Option<Int>,
        diag: impl Into<Scalar>,
    ) -> Result<Mat> {
        let s = Sizes::new(
            comm,
            "Mat::new_constant_diagonal",
            local,
            local,
            global,
            global,
        )?;
        let [m, n, big_m, big_n] = s.raw();
        let mut a: sys::Mat = std::ptr::null_mut();
        // SAFETY: live communicator; sizes checked; PETSc writes the new matrix. The
        // scalar crosses by value, as PETSc declares it.
        check(unsafe {
            sys::MatCreateConstantDiagonal(comm.as_raw(), m, n, big_m, big_n, diag.into(), &mut a)
        })?;
        Ok(Mat::from_raw(comm.petsc(), a))
    }

    /// The diagonal matrix `diag(d)` (`MatCreateDiagonal`, PETSc 3.22 on; collective),
    /// square with `d`'s layout. The matrix keeps a reference to `d`: later changes of
    /// `d` change the matrix.
    ///
    /// ```
    /// use petsc::{Mat, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let d = Vector::from_slice(&c, &[1.0, 2.0, 3.0])?;
    /// let a = Mat::new_diagonal(&d)?;
    /// let x = Vector::from_slice(&c, &[1.0, 1.0, 1.0])?;
    /// let mut y = Vector::new_seq(&c, 3)?;
    /// a.mult(&x, &mut y)?;
    /// assert_eq!(&*y.view()?, &[1.0, 2.0, 3.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[cfg(petsc_3_22)]
    #[doc(alias = "MatCreateDiagonal")]
    pub fn new_diagonal(d: &Vector) -> Result<Mat> {
        crate::object::refuse_lent("Mat::new_diagonal", [d as &dyn Object])?;
        let mut a: sys::Mat = std::ptr::null_mut();
        // SAFETY: live vector, which PETSc references; PETSc writes the new matrix.
        check(unsafe { sys::MatCreateDiagonal(d.as_raw(), &mut a) })?;
        Ok(Mat::from_raw(d.petsc(), a))
    }

    /// Replaces the parts of a low-rank matrix made by [`new_lrc`](Self::new_lrc)
    /// (`MatLRCSetMats`, PETSc 3.22 on; collective), checked as `new_lrc` checks them and
    /// against the matrix's sizes. The matrix keeps references to them.
    ///
    /// ```
    /// use petsc::{Mat, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let dense = |v: &[f64]| -> petsc::Result<Mat> {
    ///     let mut u = Mat::new_dense(&c, None, None, Some(3), Some(1))?;
    ///     u.set_values(&[0, 1, 2], &[0], v, petsc::InsertMode::Insert)?;
    ///     u.assemble()?;
    ///     Ok(u)
    /// };
    /// let mut n = Mat::new_lrc(None, &dense(&[1.0, 0.0, 0.0])?, None, None)?;
    /// n.set_lrc_mats(None, &dense(&[0.0, 1.0, 0.0])?, None, None)?;
    /// let x = Vector::from_slice(&c, &[0.0, 2.0, 0.0])?;
    /// let mut y = Vector::new_seq(&c, 3)?;
    /// n.mult(&x, &mut y)?;
    /// assert_eq!(&*y.view()?, &[0.0, 2.0, 0.0]);
    /// assert!(n.set_lrc_mats(None, &Mat::new_dense(&c, None, None, Some(4), Some(1))?, None, None).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[cfg(petsc_3_22)]
    #[doc(alias = "MatLRCSetMats")]
    pub fn set_lrc_mats(
        &mut self,
        a: Option<&Mat>,
        u: &Mat,
        c: Option<&Vector>,
        v: Option<&Mat>,
    ) -> Result<()> {
        const CTX: &str = "Mat::set_lrc_mats";
        let local = (|| {
            self.require_lrc(CTX)?;
            let ((m, lm), (n, ln)) = check_lrc_parts(CTX, a, u, c, v)?;
            let ((sm, slm), (sn, sln)) = shape(self)?;
            if ((m, lm), (n, ln)) != ((sm, slm), (sn, sln)) {
                return Err(Error::size_mismatch(
                    CTX,
                    format!(
                        "the parts make a {m} x {n} matrix ({lm} x {ln} on this rank); this one \
                         is {sm} x {sn} ({slm} x {sln})"
                    ),
                ));
            }
            Ok(())
        })();
        self.comm().agree(CTX, local)?;
        // SAFETY: live low-rank matrix, and live parts of its sizes and types (checked
        // above); PETSc references them; null parts are PETSc's defaults.
        check(unsafe {
            sys::MatLRCSetMats(
                self.ptr,
                a.map_or(std::ptr::null_mut(), |a| a.ptr),
                u.ptr,
                c.map_or(std::ptr::null_mut(), |c| c.as_raw()),
                v.map_or(std::ptr::null_mut(), |v| v.ptr),
            )
        })
    }

    /// A copy of the whole matrix on each of `nsubcomm` groups of ranks
    /// (`MatCreateRedundantMatrix`, collective): with `nsubcomm` equal to the number of
    /// ranks, every rank gets a sequential copy. AIJ and dense matrices.
    ///
    /// ```
    /// use petsc::Object;
    /// let petsc = petsc::Petsc::init()?;
    /// let w = petsc.world();
    /// let a = petsc::Mat::new_dense(&w, None, None, Some(3), Some(3))?;
    /// let mut a = a;
    /// a.shift(1.0)?;
    /// let r = a.redundant_matrix(w.size() as petsc::Int)?;
    /// assert_eq!(r.comm().size(), 1);
    /// assert_eq!(r.values(&[2], &[2])?, vec![1.0]);
    /// assert!(a.redundant_matrix(0).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatCreateRedundantMatrix")]
    pub fn redundant_matrix(&self, nsubcomm: Int) -> Result<Mat> {
        const CTX: &str = "Mat::redundant_matrix";
        let comm = self.comm();
        let size = comm.size() as Int;
        if !(1..=size).contains(&nsubcomm) {
            return Err(Error::out_of_range(
                CTX,
                format!("{nsubcomm} groups of ranks: give 1 to {size}"),
            ));
        }
        comm.check_same(CTX, &[("nsubcomm", crate::comm::wide(nsubcomm))])?;
        let local = self.is_assembled().and_then(|ok| {
            ok.then_some(())
                .ok_or_else(|| Error::invalid(CTX, "the matrix is not assembled"))
        });
        comm.agree(CTX, local)?;
        let mut m: sys::Mat = std::ptr::null_mut();
        // SAFETY: live, assembled matrix; a null communicator makes PETSc split the
        // ranks itself; PETSc writes a new matrix.
        check(unsafe {
            sys::MatCreateRedundantMatrix(
                self.ptr,
                nsubcomm,
                sys::petscrs_comm_null(),
                sys::MatReuse::MAT_INITIAL_MATRIX,
                &mut m,
            )
        })?;
        Ok(Mat::from_raw(&self.petsc, m))
    }

    /// This rank's diagonal block: the rows it owns and the same columns, as a
    /// sequential matrix (`MatGetDiagonalBlock`; petsc4py's `getDiagonalBlock`). It is
    /// PETSc's own block, not a copy: the part of a distributed matrix this rank stores
    /// (the matrix itself on one rank), so changes to either show in the other. The
    /// handle holds a reference to the block and one to this matrix, so it stays valid
    /// whichever goes first.
    ///
    /// ```
    /// use petsc::Object;
    /// let petsc = petsc::Petsc::init()?;
    /// let w = petsc.world();
    /// let mut a = petsc::Mat::new_aij(&w, Some(2), Some(2), None, None, 1, 1)?;
    /// for i in a.ownership_range()? {
    ///     a.set_value(i, i, 7.0, petsc::InsertMode::Insert)?;
    /// }
    /// a.assemble()?;
    /// let d = a.diagonal_block()?;
    /// assert_eq!(d.comm().size(), 1);
    /// assert_eq!(d.size()?, (2, 2));
    /// assert_eq!(d.values(&[1], &[1])?, vec![7.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatGetDiagonalBlock")]
    pub fn diagonal_block(&self) -> Result<Mat> {
        const CTX: &str = "Mat::diagonal_block";
        self.check_no_writer(CTX)?;
        if !self.is_assembled()? {
            return Err(Error::invalid(CTX, "the matrix is not assembled"));
        }
        let mut b: sys::Mat = std::ptr::null_mut();
        // SAFETY: live, assembled matrix; PETSc lends its block (or the matrix itself).
        check(unsafe { sys::MatGetDiagonalBlock(self.ptr, &mut b) })?;
        // SAFETY: `b` is live while `self` is; the handle takes a reference to it and to
        // this matrix.
        unsafe { Mat::from_raw_child(&self.petsc, b, self.ptr as sys::PetscObject) }
    }
    /// Refuses a matrix that is not a low-rank one (`lrc`).
    fn require_lrc(&self, ctx: &str) -> Result<()> {
        let t = self.type_name()?;
        if t != "lrc" {
            return Err(Error::invalid(
                ctx,
                format!("the matrix is '{t}', not a low-rank one (lrc)"),
            ));
        }
        Ok(())
    }

    /// The low-rank matrix `A + U diag(c) V^T` without forming it (`MatCreateLRC`,
    /// collective on `U`'s communicator): `U` (`m x k`) and `V` (`n x k`, `U` itself when
    /// `None`) dense, `c` a sequential vector of `k` entries on every rank (the identity
    /// when `None`), `A` (`m x n`) sparse or absent (zero). SLEPc's matrix equations
    /// (`LME`) take their right-hand side and solution in this form (`C = C1 C1^T`). The
    /// matrix keeps references to its parts.
    ///
    /// ```
    /// use petsc::{Mat, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// // U = [1 2 3]^T (3 x 1), so N = U U^T.
    /// let mut u = Mat::new_dense(&c, None, None, Some(3), Some(1))?;
    /// u.set_values(&[0, 1, 2], &[0], &[1.0, 2.0, 3.0], petsc::InsertMode::Insert)?;
    /// u.assemble()?;
    /// let n = Mat::new_lrc(None, &u, None, None)?;
    /// let x = Vector::from_slice(&c, &[1.0, 0.0, 0.0])?;
    /// let mut y = Vector::new_seq(&c, 3)?;
    /// n.mult(&x, &mut y)?;
    /// assert_eq!(&*y.view()?, &[1.0, 2.0, 3.0]);
    /// let (a, u2, cv, v) = n.lrc_mats()?;
    /// assert!(a.is_none() && cv.is_none());
    /// assert_eq!((u2.size()?, v.size()?), ((3, 1), (3, 1)));
    /// let sparse = Mat::new_aij(&c, None, None, Some(3), Some(1), 1, 0)?;
    /// assert!(Mat::new_lrc(None, &sparse, None, None).is_err()); // U not dense
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatCreateLRC")]
    pub fn new_lrc(a: Option<&Mat>, u: &Mat, c: Option<&Vector>, v: Option<&Mat>) -> Result<Mat> {
        const CTX: &str = "Mat::new_lrc";
        let comm = u.comm();
        let local = check_lrc_parts(CTX, a, u, c, v);
        comm.agree(CTX, local)?;
        let mut out: sys::Mat = std::ptr::null_mut();
        // SAFETY: live matrices and vector of matching sizes and types (checked above);
        // PETSc references them; null parts are PETSc's defaults.
        check(unsafe {
            sys::MatCreateLRC(
                a.map_or(std::ptr::null_mut(), |a| a.ptr),
                u.ptr,
                c.map_or(std::ptr::null_mut(), |c| c.as_raw()),
                v.map_or(std::ptr::null_mut(), |v| v.ptr),
                &mut out,
            )
        })?;
        Ok(Mat::from_raw(&u.petsc, out))
    }

    /// The parts `(A, U, c, V)` of a low-rank matrix made by
    /// [`new_lrc`](Self::new_lrc) (`MatLRCGetMats`), each a handle holding its own
    /// reference: `A` and `c` are `None` when absent, and `V` is `U` when it was not
    /// given. Other types are an `Err`.
    #[doc(alias = "MatLRCGetMats")]
    pub fn lrc_mats(&self) -> Result<(Option<Mat>, Mat, Option<Vector>, Mat)> {
        const CTX: &str = "Mat::lrc_mats";
        self.require_lrc(CTX)?;
        let (mut a, mut u, mut v): (sys::Mat, sys::Mat, sys::Mat) = (
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
        );
        let mut c: sys::Vec = std::ptr::null_mut();
        // SAFETY: live LRC matrix; PETSc lends its parts (or null).
        check(unsafe { sys::MatLRCGetMats(self.ptr, &mut a, &mut u, &mut c, &mut v) })?;
        let opt = |m: sys::Mat| -> Result<Option<Mat>> {
            if m.is_null() {
                return Ok(None);
            }
            // SAFETY: a live part of this matrix; the handle takes a reference.
            unsafe { Mat::from_raw_borrowed(&self.petsc, m) }.map(Some)
        };
        let part = |m: sys::Mat, name: &str| -> Result<Mat> {
            opt(m)?.ok_or_else(|| Error::invalid(CTX, format!("the matrix has no {name}")))
        };
        let cv = if c.is_null() {
            None
        } else {
            // SAFETY: the live vector of this matrix; the handle takes a reference.
            Some(unsafe { Vector::from_raw_borrowed(&self.petsc, c) }?)
        };
        Ok((opt(a)?, part(u, "U")?, cv, part(v, "V")?))
    }
}

/// The checks of a low-rank matrix's parts ([`Mat::new_lrc`], [`Mat::set_lrc_mats`]) on
/// this rank: `U` and `V` dense with as many columns, `c` whole on every rank, `A` of
/// `U V^T`'s shape, nothing lent. Returns the shape `((m, local m), (n, local n))`.
fn check_lrc_parts(
    ctx: &str,
    a: Option<&Mat>,
    u: &Mat,
    c: Option<&Vector>,
    v: Option<&Mat>,
) -> Result<((Int, Int), (Int, Int))> {
    let mut parts: Vec<&dyn Object> = vec![u];
    parts.extend(a.map(|a| a as &dyn Object));
    parts.extend(c.map(|c| c as &dyn Object));
    parts.extend(v.map(|v| v as &dyn Object));
    crate::object::refuse_lent(ctx, parts)?;
    let dense = |m: &Mat, name: &str| -> Result<()> {
        if m.type_name()?.ends_with("dense") {
            Ok(())
        } else {
            Err(Error::invalid(
                ctx,
                format!("{name} is '{}'; it must be dense", m.type_name()?),
            ))
        }
    };
    dense(u, "U")?;
    let ((m, k), (lm, _)) = (u.size()?, u.local_size()?);
    let (n, ln) = match v {
        Some(v) => {
            dense(v, "V")?;
            let ((n, kv), (ln, _)) = (v.size()?, v.local_size()?);
            if kv != k {
                return Err(Error::size_mismatch(
                    ctx,
                    format!("U has {k} columns but V has {kv}"),
                ));
            }
            (n, ln)
        }
        None => (m, lm),
    };
    if let Some(c) = c {
        if c.size()? != k || c.local_size()? != k {
            return Err(Error::size_mismatch(
                ctx,
                format!(
                    "c has {} entries ({} on this rank); it must hold all {k} on every rank",
                    c.size()?,
                    c.local_size()?
                ),
            ));
        }
    }
    if let Some(a) = a {
        if shape(a)? != ((m, lm), (n, ln)) {
            return Err(Error::size_mismatch(
                ctx,
                format!(
                    "A is {:?} but U V^T is {m} x {n} ({lm} x {ln} on this rank)",
                    a.size()?
                ),
            ));
        }
    }
    Ok(((m, lm), (n, ln)))
}

// The names before the naming scheme of 0.2 (`new`, no `get_`); they still compile,
// with a deprecation warning naming the new one.
impl Mat {
    /// The former name of [`new_scatter`](Self::new_scatter).
    #[deprecated(
        since = "0.2.0",
        note = "use `Mat::new_scatter` (constructors are `new`/`new_*`)"
    )]
    pub fn create_scatter(scatter: &Scatter) -> Result<Mat> {
        Self::new_scatter(scatter)
    }
}
