//! Values copied out of a matrix (dense array, CSR, inverted diagonal blocks), CPU
//! binding, SOR sweeps ([`SorType`]), permutations and Kronecker products.

use petsc_sys as sys;

use super::Mat;
use super::algebra::{Side, check_permutation, seq_is};
use crate::error::{Error, Result, check};
use crate::object::Object;
use crate::scalar::{Int, Real, Scalar};
use crate::vec::Vector;

impl Mat {
    crate::methods![for Mat;
        /// Keeps the matrix's operations on the CPU, or lets them move to a GPU
        /// (`MatBindToCPU`; nothing without GPU support).
        pub fn bind_to_cpu(&mut self, bind: bool) = MatBindToCPU as "MatBindToCPU";
    ];

    crate::methods![for Mat;
        /// Whether the matrix is bound to the CPU (`MatBoundToCPU`; `true` without GPU
        /// support).
        pub fn bound_to_cpu(&self) -> bool = MatBoundToCPU as "MatBoundToCPU";
    ];

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
    /// `MatGetRow`). Unlike [`row`](Self::row), this works on a matrix other
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
    #[doc(alias = "MatGetRow")]
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
        super::ready_for_collective(CTX, self.ptr, true, &[b], &[x], &[])?;
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
    /// assert_eq!(b.values(&[0, 1], &[0, 1])?, vec![3.0, 4.0, 1.0, 2.0]);
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
    /// assert_eq!(k.values(&[0, 1], &[0, 1])?, vec![3.0, 6.0, 4.0, 8.0]);
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
