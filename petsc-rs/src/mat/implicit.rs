//! Matrices defined by other matrices without copying them: implicit transposes and
//! normal matrices (`MatCreateTranspose`, `MatCreateNormal`, ...), constant diagonal
//! matrices, and copies of parts of a matrix (redundant copies, diagonal blocks).
//!
//! An implicit matrix holds a reference to the matrix it is made of, so that matrix
//! lives as long as it does; views of that matrix are refused meanwhile (see
//! [`Mat::dense_view`]).

use petsc_sys as sys;

use super::{Mat, Sizes};
use crate::comm::Comm;
use crate::error::{check, Error, Result};
use crate::object::Object;
use crate::{Int, Scalar};

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
    /// assert_eq!(r.get_values(&[2], &[2])?, vec![1.0]);
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

    /// A copy of this rank's diagonal block: the rows it owns and the same columns, as
    /// a sequential matrix (a copy of `MatGetDiagonalBlock`'s block).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let a = petsc::Mat::from_csr(&c, Some(2), Some(2), None, None, &[0, 1, 2], &[1, 1], &[5.0, 7.0])?;
    /// let d = a.diagonal_block()?;
    /// assert_eq!(d.get_values(&[1], &[1])?, vec![7.0]);
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
        let mut m: sys::Mat = std::ptr::null_mut();
        // SAFETY: `b` is live while `self` is; the copy is a new matrix of our own.
        check(unsafe { sys::MatDuplicate(b, sys::MatDuplicateOption::MAT_COPY_VALUES, &mut m) })?;
        Ok(Mat::from_raw(&self.petsc, m))
    }
}
