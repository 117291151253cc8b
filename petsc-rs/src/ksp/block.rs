//! Many right-hand sides at once (`KSPMatSolve`), and vectors laid out for the solver
//! (`KSPCreateVecs`).

use petsc_sys as sys;

use super::{Ksp, SolveGuard};
use crate::error::{Error, Result, check, record_destroy};
use crate::mat::Mat;
use crate::object::Object;
use crate::scalar::Int;
use crate::vec::Vector;

impl Ksp {
    /// Solves `A X = B` for the columns of `B` at once (`KSPMatSolve`, collective): `B`
    /// and `X` are dense matrices (`Mat::new_dense`) with the same number of columns,
    /// `B` laid out like the operator's rows and `X` like its columns; `X` holds the
    /// initial guesses if [`set_initial_guess_nonzero`](Self::set_initial_guess_nonzero)
    /// is on. Methods with a block form (`preonly`, whose direct solvers factor once and
    /// solve all columns together) use it; the others solve column by column, and then
    /// [`iteration_number`](Self::iteration_number) and
    /// [`converged_reason`](Self::converged_reason) tell of the last column.
    ///
    /// Matrices that are not dense, of the wrong sizes, the same matrix for `B` and `X`,
    /// or an unassembled `B` are refused before PETSc is called, on every rank. After
    /// an error (a failing closure, or PETSc's) the solver, `B` and `X` stay usable, as
    /// after [`solve`](Self::solve).
    ///
    /// ```
    /// use petsc::{InsertMode, Ksp, Mat};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut a = Mat::new_aij(&c, Some(2), Some(2), None, None, 2, 0)?;
    /// a.set_values(&[0, 1], &[0, 1], &[2.0, 1.0, 1.0, 2.0], InsertMode::Insert)?;
    /// a.assemble()?;
    /// let mut b = Mat::new_dense(&c, None, None, Some(2), Some(2))?;
    /// b.set_values(&[0, 1], &[0, 1], &[3.0, 1.0, 3.0, -1.0], InsertMode::Insert)?;
    /// b.assemble()?;
    /// let mut x = Mat::new_dense(&c, None, None, Some(2), Some(2))?;
    /// let mut ksp = Ksp::new(&c)?;
    /// ksp.set_operators(&a, &a)?;
    /// ksp.set_tolerances(petsc::KspTolerances { rtol: Some(1e-12), ..Default::default() })?;
    /// ksp.mat_solve(&b, &mut x)?;
    /// // Columns (1, 1) and (1, -1).
    /// let got = x.values(&[0, 1], &[0, 1])?;
    /// for (g, want) in got.iter().zip([1.0, 1.0, 1.0, -1.0]) {
    ///     assert!((g - want).abs() < 1e-10);
    /// }
    /// assert!(ksp.mat_solve(&a, &mut x).is_err()); // B is not dense
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "KSPMatSolve")]
    pub fn mat_solve(&mut self, b: &Mat, x: &mut Mat) -> Result<()> {
        self.block_solve("Ksp::mat_solve", b, x, false)
    }

    /// Solves `A^T X = B` for the columns of `B` at once (`KSPMatSolveTranspose` from
    /// PETSc 3.19; before, column by column with `KSPSolveTranspose`, as that function
    /// does for methods without a block form), with the same checks and recovery as
    /// [`mat_solve`](Self::mat_solve); here `B` is laid out like the operator's columns
    /// and `X` like its rows.
    ///
    /// ```
    /// use petsc::{InsertMode, Ksp, Mat};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut a = Mat::new_aij(&c, Some(2), Some(2), None, None, 2, 0)?;
    /// a.set_values(&[0, 1], &[0, 1], &[2.0, 1.0, 0.0, 3.0], InsertMode::Insert)?;
    /// a.assemble()?;
    /// let mut b = Mat::new_dense(&c, None, None, Some(2), Some(1))?;
    /// b.set_values(&[0, 1], &[0], &[2.0, 4.0], InsertMode::Insert)?;
    /// b.assemble()?;
    /// let mut x = Mat::new_dense(&c, None, None, Some(2), Some(1))?;
    /// let mut ksp = Ksp::new(&c)?;
    /// ksp.set_operators(&a, &a)?;
    /// ksp.set_tolerances(petsc::KspTolerances { rtol: Some(1e-12), ..Default::default() })?;
    /// ksp.mat_solve_transpose(&b, &mut x)?;
    /// // A^T = [[2, 0], [1, 3]]: x = (1, 1).
    /// let got = x.values(&[0, 1], &[0])?;
    /// assert!((got[0] - 1.0).abs() < 1e-10 && (got[1] - 1.0).abs() < 1e-10);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "KSPMatSolveTranspose")]
    pub fn mat_solve_transpose(&mut self, b: &Mat, x: &mut Mat) -> Result<()> {
        self.block_solve("Ksp::mat_solve_transpose", b, x, true)
    }

    /// [`mat_solve`](Self::mat_solve) and its transpose.
    fn block_solve(&mut self, ctx: &str, b: &Mat, x: &mut Mat, transpose: bool) -> Result<()> {
        let local = self.check_block(ctx, b, x, transpose);
        self.comm().agree(ctx, local)?;
        self.check_pc_set_up(ctx)?;
        #[cfg(not(petsc_3_19))]
        if transpose && !x.is_assembled()? {
            // As KSPMatSolve does for its X.
            x.assemble()?;
        }
        // SAFETY: live dense matrix.
        let b_column = unsafe { column_vector(b.ptr) };
        // SAFETY: live solver, which outlives the guard (dropped in this call).
        let guard = unsafe { SolveGuard::record(self.ptr) }?;
        let r = if transpose {
            #[cfg(petsc_3_19)]
            // SAFETY: live solver with operators; B and X dense, of its layout, distinct.
            let r = check(unsafe { sys::KSPMatSolveTranspose(self.ptr, b.ptr, x.ptr) });
            // From 3.22 a method without a block form applies the preconditioner's
            // transpose to all columns at once, which most preconditioners do not have
            // (an Err before any solve): column by column then, as up to 3.21.
            #[cfg(petsc_3_19)]
            // SAFETY: returns a constant.
            let unsupported = Some(unsafe { sys::petscrs_err_sup() });
            #[cfg(petsc_3_19)]
            let r = match r {
                Err(e) if e.code() == unsupported => {
                    // SAFETY: as above.
                    unsafe { solve_transpose_by_columns(self.ptr, b.ptr, x.ptr) }
                }
                r => r,
            };
            #[cfg(not(petsc_3_19))]
            // SAFETY: as above.
            let r = unsafe { solve_transpose_by_columns(self.ptr, b.ptr, x.ptr) };
            r
        } else {
            // SAFETY: live solver with operators; B and X dense, of its layout, distinct.
            check(unsafe { sys::KSPMatSolve(self.ptr, b.ptr, x.ptr) })
        };
        if r.is_err() {
            // SAFETY: live matrices that the failed call used; B's column vector.
            unsafe { give_back_columns(b.ptr, x.ptr, b_column) };
            guard.recover();
            return r;
        }
        self.check_iteration_limit()
    }

    /// This rank's reasons to refuse `B` and `X` (to be agreed on by every rank).
    fn check_block(&self, ctx: &str, b: &Mat, x: &Mat, transpose: bool) -> Result<()> {
        x.check_no_views(ctx)?;
        b.check_no_writer(ctx)?;
        if b.ptr == x.ptr {
            return Err(Error::invalid(
                ctx,
                "B and X are the same matrix; X needs its own",
            ));
        }
        let (a, _) = self
            .operators()
            .map_err(|_| Error::invalid(ctx, "no operator: call set_operators first"))?;
        let ((m, n), (lm, ln)) = (a.size()?, a.local_size()?);
        // Rows of B and X: the operator's rows and columns (swapped for the transpose).
        let (rows, cols) = if transpose {
            (("columns", n, ln), ("rows", m, lm))
        } else {
            (("rows", m, lm), ("columns", n, ln))
        };
        for (name, mat, (what, want, lwant)) in [("B", b, rows), ("X", x, cols)] {
            let ty = mat.type_name()?;
            if !(ty.starts_with("seqdense") || ty.starts_with("mpidense")) {
                return Err(Error::invalid(
                    ctx,
                    format!("{name} is a {ty} matrix; it must be dense (Mat::new_dense)"),
                ));
            }
            let ((r, _), (lr, _)) = (mat.size()?, mat.local_size()?);
            if (r, lr) != (want, lwant) {
                return Err(Error::size_mismatch(
                    ctx,
                    format!(
                        "{name} has {r} rows ({lr} on this rank) but the operator has {want} \
                         {what} ({lwant} on this rank)"
                    ),
                ));
            }
        }
        let ((_, bn), (_, lbn)) = (b.size()?, b.local_size()?);
        let ((_, xn), (_, lxn)) = (x.size()?, x.local_size()?);
        if (bn, lbn) != (xn, lxn) {
            return Err(Error::size_mismatch(
                ctx,
                format!(
                    "B has {bn} columns ({lbn} local) but X has {xn} ({lxn} local); \
                     they must match"
                ),
            ));
        }
        if !b.is_assembled()? {
            return Err(Error::invalid(
                ctx,
                "B is not assembled; call assemble first",
            ));
        }
        Ok(())
    }

    /// `right` vectors laid out like the solution and `left` like the right-hand side
    /// (`KSPCreateVecs`, petsc4py's `getWorkVecs`; collective), from the operator (or
    /// the DM), each a new vector of its own.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let a = petsc::Mat::new_aij(&c, None, None, Some(3), Some(2), 1, 0)?;
    /// let mut ksp = petsc::Ksp::new(&c)?;
    /// ksp.set_operators(&a, &a)?;
    /// let (right, left) = ksp.work_vecs(2, 1)?;
    /// assert_eq!((right.len(), left.len()), (2, 1));
    /// assert_eq!((right[0].size()?, left[0].size()?), (2, 3));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "KSPCreateVecs")]
    pub fn work_vecs(&self, right: usize, left: usize) -> Result<(Vec<Vector>, Vec<Vector>)> {
        const CTX: &str = "Ksp::work_vecs";
        let count = |n: usize| {
            Int::try_from(n).map_err(|_| Error::invalid(CTX, format!("{n} vectors do not fit Int")))
        };
        let (nr, nl) = (count(right)?, count(left)?);
        let (mut vr, mut vl): (*mut sys::Vec, *mut sys::Vec) =
            (std::ptr::null_mut(), std::ptr::null_mut());
        // SAFETY: live solver; PETSc writes two arrays of new vectors (or null).
        check(unsafe { sys::KSPCreateVecs(self.ptr, nr, &mut vr, nl, &mut vl) })?;
        let take = |mut p: *mut sys::Vec, n: Int| -> Result<Vec<Vector>> {
            if p.is_null() {
                return Ok(Vec::new());
            }
            let out = (0..n as usize)
                // SAFETY: PETSc's array holds `n` live vectors; each handle takes its own
                // reference.
                .map(|i| unsafe { Vector::from_raw_borrowed(&self.petsc, *p.add(i)) })
                .collect();
            // SAFETY: the array and references KSPCreateVecs made, released once.
            record_destroy(unsafe { sys::VecDestroyVecs(n, &mut p) });
            out
        };
        let (r, l) = (take(vr, nr), take(vl, nl));
        Ok((r?, l?))
    }
}

/// `KSPMatSolveTranspose` (PETSc 3.19 and later) for methods without a block form: each
/// column of `b` solved with `KSPSolveTranspose` into the same column of `x`.
///
/// # Safety
/// Live solver with operators; `b` and `x` dense, of its layout, distinct.
unsafe fn solve_transpose_by_columns(ksp: sys::KSP, b: sys::Mat, x: sys::Mat) -> Result<()> {
    let mut n: Int = 0;
    // SAFETY: live matrix; one output.
    check(unsafe { sys::MatGetSize(b, std::ptr::null_mut(), &mut n) })?;
    // SAFETY: live solver.
    check(unsafe { sys::KSPSetUp(ksp) })?;
    for j in 0..n {
        let (mut cb, mut cx): (sys::Vec, sys::Vec) = (std::ptr::null_mut(), std::ptr::null_mut());
        // SAFETY: live dense matrix, column in range; checked out until restored below
        // (or by `give_back_columns` after an error).
        check(unsafe { sys::MatDenseGetColumnVecRead(b, j, &mut cb) })?;
        // SAFETY: as above.
        check(unsafe { sys::MatDenseGetColumnVecWrite(x, j, &mut cx) })?;
        // SAFETY: live solver and two distinct column vectors of its layout.
        check(unsafe { sys::KSPSolveTranspose(ksp, cb, cx) })?;
        // SAFETY: the columns checked out above.
        check(unsafe { sys::MatDenseRestoreColumnVecWrite(x, j, &mut cx) })?;
        // SAFETY: as above.
        check(unsafe { sys::MatDenseRestoreColumnVecRead(b, j, &mut cb) })?;
    }
    Ok(())
}

/// After a block solve that failed: gives back the column of `b` and of `x` that PETSc
/// had checked out (`MatDenseGetColumnVecRead`/`Write`) when the error struck, which it
/// does not restore; until then every later use of their columns (another solve, the
/// matrices' destruction) failed. Errors are dropped: a matrix with nothing checked out
/// refuses the restore and is left as it was, and the solve's error is what the caller
/// sees.
///
/// A failed callback releases the read locks on the vectors it was handed
/// ([`release_read_locks`](crate::error::release_read_locks)), B's column among them
/// when PETSc applied the preconditioner column by column: the lock of the checkout
/// itself is then gone, and the restore, which pops it, would fail half-way (leaving
/// the column placed for good). `b_column` is B's column vector (one per matrix,
/// reused for every column): it gets that lock back first.
///
/// # Safety
/// Live dense matrices; `b_column` null or B's column vector.
unsafe fn give_back_columns(b: sys::Mat, x: sys::Mat, b_column: sys::Vec) {
    let mut v: sys::Vec = std::ptr::null_mut();
    #[cfg(petsc_3_22)]
    let pushed = {
        let mut locks: Int = 0;
        // SAFETY: B's live column vector (or null, skipped).
        !b_column.is_null()
            && unsafe { sys::VecLockGet(b_column, &mut locks) } == 0
            && locks == 0
            && unsafe { sys::VecLockReadPush(b_column) } == 0
    };
    #[cfg(not(petsc_3_22))]
    let _ = b_column;
    // SAFETY: live matrices; the restore ignores the column number.
    let read = unsafe { sys::MatDenseRestoreColumnVecRead(b, 0, &mut v) };
    #[cfg(petsc_3_22)]
    if pushed && read != 0 {
        // Nothing was checked out: take back the lock pushed above.
        // SAFETY: as above.
        unsafe { sys::VecLockReadPop(b_column) };
    }
    #[cfg(not(petsc_3_22))]
    let _ = read;
    // SAFETY: live matrix.
    unsafe { sys::MatDenseRestoreColumnVecWrite(x, 0, &mut v) };
    // The read lock a failed KSPSolve left on its right-hand side, B's column vector
    // (read locks exist in every build from PETSc 3.22).
    #[cfg(petsc_3_22)]
    // SAFETY: live matrix; its column vector is checked out and given back here.
    unsafe {
        if sys::MatDenseGetColumnVecRead(b, 0, &mut v) == 0 {
            // The checkout itself holds one lock; pop the others (bounded).
            for _ in 0..64 {
                let mut locks: Int = 0;
                if sys::VecLockGet(v, &mut locks) != 0 || locks <= 1 {
                    break;
                }
                sys::VecLockReadPop(v);
            }
            sys::MatDenseRestoreColumnVecRead(b, 0, &mut v);
        }
    }
}

/// The column vector of a dense matrix (the one vector it lends for every column, kept
/// by the matrix), or null when it has no column or lends none now.
///
/// # Safety
/// Live dense matrix.
unsafe fn column_vector(a: sys::Mat) -> sys::Vec {
    let mut n: Int = 0;
    // SAFETY: live matrix; one output.
    if unsafe { sys::MatGetSize(a, std::ptr::null_mut(), &mut n) } != 0 || n < 1 {
        return std::ptr::null_mut();
    }
    let mut v: sys::Vec = std::ptr::null_mut();
    // SAFETY: live dense matrix, column 0 in range; given back at once.
    if unsafe { sys::MatDenseGetColumnVecRead(a, 0, &mut v) } != 0 {
        return std::ptr::null_mut();
    }
    let kept = v;
    // SAFETY: the column just checked out.
    unsafe { sys::MatDenseRestoreColumnVecRead(a, 0, &mut v) };
    kept
}
