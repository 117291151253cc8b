//! Solving: operators, `solve` and `solve_transpose` with the checks made before PETSc
//! is called, the recovery of a solver after a failed solve, and what a solve leaves
//! (iterations, residual norm, reason, solution and residual).

use petsc_sys as sys;

use super::{Ksp, KspConvergedReason, SolveGuard};
use crate::error::{Error, Result, check};
use crate::mat::Mat;
use crate::object::Object;
use crate::scalar::{Int, Real};
use crate::vec::{ReadLocks, Vector};

impl Ksp {
    /// Sets the operator `A` and the matrix `P` the preconditioner is built from
    /// (`KSPSetOperators`): `p` is `&p`, `Some(&p)`, or `None` for `A` itself. PETSc
    /// keeps references to both, so the matrices may be dropped before the solver. `A` and `P` of different sizes (global, or
    /// local on some rank) are refused on every rank, with the solver's operators left
    /// as they were (PETSc kept them, and every later solve failed).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let a = petsc::Mat::aij(&c).sizes(petsc::Sizes::global(4, 4)).preallocate(1, 0).build()?;
    /// let p = petsc::Mat::aij(&c).sizes(petsc::Sizes::global(5, 5)).preallocate(1, 0).build()?;
    /// let mut ksp = petsc::Ksp::new(&c)?;
    /// let e = ksp.set_operators(&a, &p).unwrap_err();
    /// assert!(e.to_string().contains("A is 4 x 4 but P is 5 x 5"), "{e}");
    /// ksp.set_operators(&a, None)?;
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "KSPSetOperators")]
    pub fn set_operators<'a>(&mut self, a: &Mat, p: impl Into<Option<&'a Mat>>) -> Result<()> {
        let p: &Mat = p.into().unwrap_or(a);
        a.check_loan("Ksp::set_operators")?;
        p.check_loan("Ksp::set_operators")?;
        const CTX: &str = "Ksp::set_operators";
        let sizes = (|| -> Result<()> {
            let (ga, gp) = (a.size()?, p.size()?);
            let (la, lp) = (a.local_size()?, p.local_size()?);
            // Sizes not set yet (-1, a matrix made from options) are PETSc's to check.
            let known = |s: (Int, Int)| s.0 >= 0 && s.1 >= 0;
            if known(ga) && known(gp) && ga != gp {
                return Err(Error::size_mismatch(
                    CTX,
                    format!("A is {} x {} but P is {} x {}", ga.0, ga.1, gp.0, gp.1),
                ));
            }
            if known(la) && known(lp) && la != lp {
                return Err(Error::size_mismatch(
                    CTX,
                    format!(
                        "this rank holds {} x {} of A but {} x {} of P",
                        la.0, la.1, lp.0, lp.1
                    ),
                ));
            }
            Ok(())
        })();
        self.comm().agree(CTX, sizes)?;
        // SAFETY: live solver and matrices of one layout; PETSc references the matrices.
        check(unsafe { sys::KSPSetOperators(self.ptr, a.kept_raw(CTX)?, p.kept_raw(CTX)?) })
    }
    /// Solves `A x = b` (`KSPSolve`) and returns why the solve stopped (as
    /// [`converged_reason`](Self::converged_reason) does afterwards).
    ///
    /// Not converging is not an error unless
    /// [`set_error_if_not_converged`](Self::set_error_if_not_converged) was set: the
    /// reason says it, and is `#[must_use]`. `ksp.solve(&b, &mut x)?.check()?` turns a
    /// diverged one into [`Error::NotConverged`](crate::Error::NotConverged).
    /// Vectors whose sizes do not match the operator are refused before PETSc is called.
    /// An `Err` or a panic in a monitor, shell matrix or shell preconditioner ends the
    /// solve and is returned here. After any error (those, or PETSc's own, such as a NaN
    /// under error-if-not-converged) the solver, `b` and `x` stay usable: the read lock
    /// PETSc puts on `b` for the solve is released, and what the aborted iteration left
    /// open on the solver and its preconditioner is closed, so the next solve runs as
    /// on a fresh solver. Options like `-ksp_view` and `-ksp_converged_reason` print at
    /// the end of the solve.
    ///
    /// A multigrid preconditioner that PETSc 3.18 to 3.23 would build by coarsening a DM
    /// it does not have is an `Err` before PETSc is called (PETSc crashes in
    /// `PCSetUp_MG`): `-pc_type mg -pc_mg_levels N` with `N > 1` on a solver without a
    /// DM, when some level above the coarsest has no interpolation. With a DM
    /// ([`set_dm`](Self::set_dm)), with every level's interpolation set, with one level
    /// or with an algebraic multigrid (`gamg`), the solve runs as in PETSc.
    #[doc(alias = "KSPSolve")]
    pub fn solve(&mut self, b: &Vector, x: &mut Vector) -> Result<KspConvergedReason> {
        self.check_sizes(b, x)?;
        self.check_pc_set_up("Ksp::solve")?;
        let locks = [ReadLocks::record(b), ReadLocks::record(x)];
        // SAFETY: live solver, which outlives the guard (dropped in this call).
        let guard = unsafe { SolveGuard::record(self.ptr) }?.solving(b.ptr, x.ptr);
        // SAFETY: live solver and vectors; Rust's borrows make `b` and `x` distinct.
        let r = check(unsafe {
            sys::KSPSolve(
                self.ptr,
                b.raw_read("Ksp::solve")?,
                x.raw_write("Ksp::solve")?,
            )
        });
        if r.is_err() {
            // KSPSolve read-locks `b` for the iteration and an error skips the unlock;
            // the solver's slots still hold `b` and `x` here, before a lent one is
            // forgotten.
            locks.into_iter().for_each(ReadLocks::restore);
            guard.recover();
        }
        // A lent vector (a callback's argument) is not kept as the last solve's.
        if b.is_lent() || x.is_lent() {
            let lent = |v: &Vector| {
                if v.is_lent() {
                    v.ptr
                } else {
                    std::ptr::null_mut()
                }
            };
            // SAFETY: live solver; the vectors of the solve just run.
            let forgot = check(unsafe { sys::petscrs_KSPForgetVecs(self.ptr, lent(b), lent(x)) });
            if r.is_ok() {
                forgot?;
            }
        }
        r?;
        self.check_iteration_limit()?;
        self.converged_reason()
    }

    /// The error `KSPSetErrorIfNotConverged` asks for when a solve reached its iteration
    /// limit, where PETSc no longer raises it.
    ///
    /// PETSc raises it only for the outermost `KSPSolve`, which it recognizes by a
    /// nesting count that a failed solve leaves raised (a static of PETSc's, out of
    /// reach): after any earlier error, a solve stopped by its iteration limit returned
    /// success. A solve started from Rust outside any callback is the outermost one, so
    /// the error is raised here, with PETSc's words. (Inside a callback the solve may be
    /// nested in another, where PETSc does not raise it: left to PETSc.)
    pub(super) fn check_iteration_limit(&self) -> Result<()> {
        if crate::error::in_callback() {
            return Ok(());
        }
        let mut flag = sys::PETSC_BOOL_FALSE;
        // SAFETY: live solver; one output.
        check(unsafe { sys::KSPGetErrorIfNotConverged(self.ptr, &mut flag) })?;
        if flag != sys::PETSC_BOOL_TRUE
            || self.converged_reason()? != KspConvergedReason::DivergedIts
        {
            return Ok(());
        }
        Err(crate::error::petsc_error(
            // SAFETY: returns a constant.
            unsafe { sys::petscrs_err_not_converged() },
            "KSPSolve has not converged, reason DIVERGED_ITS",
        ))
    }

    /// Refuses, on every rank at once (collective), vectors whose global or local sizes
    /// disagree with the operator, operators that are not assembled, a right-hand side
    /// given values since its last assembly, and vectors whose entries are borrowed
    /// elsewhere: each of these fails on the rank concerned only, where the others
    /// would wait in the solve.
    fn check_sizes(&self, b: &Vector, x: &Vector) -> Result<()> {
        const CTX: &str = "Ksp::solve";
        let local = self.check_sizes_here(b, x);
        crate::comm::agree_over(self.ptr as sys::PetscObject, CTX, local)
    }

    /// [`check_sizes`](Self::check_sizes) on this rank only.
    fn check_sizes_here(&self, b: &Vector, x: &Vector) -> Result<()> {
        const CTX: &str = "Ksp::solve";
        let (mut a_set, mut p_set) = (sys::PETSC_BOOL_FALSE, sys::PETSC_BOOL_FALSE);
        // SAFETY: live solver; two outputs.
        check(unsafe { sys::KSPGetOperatorsSet(self.ptr, &mut a_set, &mut p_set) })?;
        if a_set != sys::PETSC_BOOL_TRUE {
            return Err(Error::invalid(CTX, "no operator: call set_operators first"));
        }
        let (mut a, mut p): (sys::Mat, sys::Mat) = (std::ptr::null_mut(), std::ptr::null_mut());
        // SAFETY: live solver with operators; PETSc returns borrowed matrices.
        check(unsafe { sys::KSPGetOperators(self.ptr, &mut a, &mut p) })?;
        let (mut m, mut n, mut lm, mut ln): (Int, Int, Int, Int) = (0, 0, 0, 0);
        // SAFETY: `a` is live while the solver holds it.
        check(unsafe { sys::MatGetSize(a, &mut m, &mut n) })?;
        // SAFETY: as above.
        check(unsafe { sys::MatGetLocalSize(a, &mut lm, &mut ln) })?;
        let (bn, bl) = (b.size()?, b.local_size()?);
        let (xn, xl) = (x.size()?, x.local_size()?);
        if bn != m {
            return Err(Error::size_mismatch(
                CTX,
                format!("b has global size {bn} but the operator has {m} rows"),
            ));
        }
        if xn != n {
            return Err(Error::size_mismatch(
                CTX,
                format!("x has global size {xn} but the operator has {n} columns"),
            ));
        }
        if bl != lm {
            return Err(Error::size_mismatch(
                CTX,
                format!("b has local size {bl} but the operator has {lm} local rows"),
            ));
        }
        if xl != ln {
            return Err(Error::size_mismatch(
                CTX,
                format!("x has local size {xl} but the operator has {ln} local columns"),
            ));
        }
        for (which, m) in [("operator", a), ("preconditioning matrix", p)] {
            let mut assembled = sys::PETSC_BOOL_FALSE;
            // SAFETY: live matrix the solver holds.
            check(unsafe { sys::MatAssembled(m, &mut assembled) })?;
            if assembled != sys::PETSC_BOOL_TRUE {
                return Err(Error::invalid(
                    CTX,
                    format!(
                        "the {which} is not assembled: call `assemble()` (on every rank) \
                         after setting its values"
                    ),
                ));
            }
        }
        b.raw_read(CTX)?;
        b.check_assembled(CTX)?;
        x.raw_write(CTX)?;
        Ok(())
    }

    crate::methods![for Ksp;
        /// The number of iterations of the last solve (`KSPGetIterationNumber`).
        pub fn iteration_number(&self) -> Int = KSPGetIterationNumber as "KSPGetIterationNumber";

        /// The last residual norm the method computed (`KSPGetResidualNorm`); by default the
        /// preconditioned norm for left preconditioning (CG's and GMRES's default norms
        /// differ, see PETSc's `KSPSetNormType`).
        pub fn residual_norm(&self) -> Real = KSPGetResidualNorm as "KSPGetResidualNorm";
    ];

    crate::methods![for Ksp;
        /// Why the last solve stopped (`KSPGetConvergedReason`).
        pub fn converged_reason(&self) -> KspConvergedReason
            = KSPGetConvergedReason as "KSPGetConvergedReason";
    ];

    /// Solves `A^T x = b` (`KSPSolveTranspose`), with the same checks and recovery as
    /// [`solve`](Self::solve), and returns why the solve stopped.
    ///
    /// ```
    /// # use petsc::{InsertMode, Ksp, Mat, NormType};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut a = Mat::aij(&c).sizes(petsc::Sizes::global(2, 2)).preallocate(2, 0).build()?;
    /// a.set_values(&[0, 1], &[0, 1], &[2.0, 1.0, 0.0, 3.0], InsertMode::Insert)?;
    /// a.assemble()?;
    /// let (mut x, mut b) = a.create_vecs()?;
    /// b.set(1.0)?;
    /// let mut ksp = Ksp::new(&c)?;
    /// ksp.set_operators(&a, &a)?;
    /// ksp.set_tolerances(petsc::KspTolerances { rtol: Some(1e-12), ..Default::default() })?;
    /// ksp.solve_transpose(&b, &mut x)?.check()?;
    /// // A^T = [[2, 0], [1, 3]]: x = (1/2, 1/6).
    /// let v = x.view()?;
    /// assert!((v[0] - 0.5).abs() < 1e-10 && (v[1] - 1.0 / 6.0).abs() < 1e-10);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "KSPSolveTranspose")]
    pub fn solve_transpose(&mut self, b: &Vector, x: &mut Vector) -> Result<KspConvergedReason> {
        self.check_sizes(b, x)?;
        self.check_pc_set_up("Ksp::solve_transpose")?;
        let locks = [ReadLocks::record(b), ReadLocks::record(x)];
        // SAFETY: live solver, which outlives the guard (dropped in this call).
        let guard = unsafe { SolveGuard::record(self.ptr) }?.solving(b.ptr, x.ptr);
        // SAFETY: live solver and vectors; Rust's borrows make `b` and `x` distinct.
        let r = check(unsafe {
            sys::KSPSolveTranspose(
                self.ptr,
                b.raw_read("Ksp::solve_transpose")?,
                x.raw_write("Ksp::solve_transpose")?,
            )
        });
        if r.is_err() {
            locks.into_iter().for_each(ReadLocks::restore);
            guard.recover();
        }
        r?;
        self.check_iteration_limit()?;
        self.converged_reason()
    }

    /// The current solution as a new vector (`KSPBuildSolution`). Methods that do not
    /// form it at each iteration (GMRES) build it from their Krylov space, which is only
    /// meaningful during the iteration; after a solve with them, read
    /// [`solution`](Self::solution).
    ///
    /// ```
    /// # use petsc::{InsertMode, Ksp, Mat, NormType};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut a = Mat::aij(&c).sizes(petsc::Sizes::global(2, 2)).preallocate(2, 0).build()?;
    /// a.set_values(&[0, 1], &[0, 1], &[2.0, 0.0, 0.0, 4.0], InsertMode::Insert)?;
    /// a.assemble()?;
    /// let (mut x, mut b) = a.create_vecs()?;
    /// b.set(4.0)?;
    /// let mut ksp = Ksp::new(&c)?;
    /// ksp.set_operators(&a, &a)?;
    /// ksp.set_type(petsc::KspType::Cg)?;
    /// ksp.solve(&b, &mut x)?.check()?;
    /// let mut s = ksp.build_solution()?;
    /// s.axpy(-1.0, &x)?;
    /// assert!(s.norm(NormType::Infinity)? < 1e-12);
    /// let r = ksp.build_residual()?; // b - A x
    /// assert!(r.norm(NormType::Two)? < 1e-6);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "KSPBuildSolution")]
    pub fn build_solution(&self) -> Result<Vector> {
        let x = self.solution()?;
        let v = x.duplicate()?;
        // SAFETY: live solver and vector of the solution's layout; PETSc writes into it.
        check(unsafe { sys::KSPBuildSolution(self.ptr, v.ptr, std::ptr::null_mut()) })?;
        Ok(v)
    }

    /// The current residual `b - A x` as a new vector (`KSPBuildResidual`); see
    /// [`build_solution`](Self::build_solution).
    #[doc(alias = "KSPBuildResidual")]
    pub fn build_residual(&self) -> Result<Vector> {
        let x = self.solution()?;
        let (t, v) = (x.duplicate()?, x.duplicate()?);
        let mut out: sys::Vec = std::ptr::null_mut();
        // SAFETY: live solver; `t` is a work vector and `v` receives the residual.
        check(unsafe { sys::KSPBuildResidual(self.ptr, t.ptr, v.ptr, &mut out) })?;
        Ok(v)
    }
}
