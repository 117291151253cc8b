//! Solving: the initial guess and the solution, the checks made before a solve, `solve`
//! and what it leaves, the inner KSP, and evaluations of the objective and gradient at
//! a point.

use petsc_sys as sys;

use super::{
    Tao, TaoConvergedReason, TaoState, TaoType, is_true, same_layout, status_of, vec_sizes,
};
use crate::callback::{CallbackKind, is_attached};
use crate::error::{Error, Result, check};
use crate::ksp::{Ksp, SolveGuard, recover_ksp};
use crate::object::Object;
use crate::scalar::{Int, Real};
use crate::vec::Vector;

/// What a method needs before it can run.
#[derive(Default)]
struct Needs {
    objective: bool,
    gradient: bool,
    hessian: bool,
    residual: bool,
    jacobian: bool,
}

/// The routines each named method calls; types not listed here are not checked.
fn needs(ty: &str) -> Needs {
    let first = Needs {
        objective: true,
        gradient: true,
        ..Needs::default()
    };
    match ty {
        "nm" => Needs {
            objective: true,
            ..Needs::default()
        },
        "lmvm" | "blmvm" | "cg" | "bncg" | "bqnls" | "bqnkls" | "bqnktr" | "bqnktl" | "owlqn"
        | "bmrm" | "almm" => first,
        "nls" | "ntr" | "ntl" | "tron" | "bnls" | "bntr" | "bntl" | "gpcg" | "bqpip" | "pdipm" => {
            Needs {
                hessian: true,
                ..first
            }
        }
        "pounders" => Needs {
            residual: true,
            ..Needs::default()
        },
        "brgn" => Needs {
            residual: true,
            jacobian: true,
            ..Needs::default()
        },
        _ => Needs::default(),
    }
}

impl Tao {
    /// Sets up the solver now (`TaoSetUp`); [`solve`](Self::solve) does it otherwise.
    #[doc(alias = "TaoSetUp")]
    pub fn set_up(&mut self) -> Result<()> {
        let ty = self.ensure_type()?;
        self.check_ready("Tao::set_up", &ty)?;
        // SAFETY: live solver, checked ready.
        check(unsafe { sys::TaoSetUp(self.ptr) })
    }

    /// Sets the vector holding the initial guess, where the solution is written
    /// (`TaoSetSolution`). The solver keeps a reference: the caller's `x` is the one
    /// updated by [`solve`](Self::solve). A vector whose sizes differ from bounds or a
    /// Hessian already set is refused.
    #[doc(alias = "TaoSetSolution")]
    pub fn set_solution(&mut self, x: &Vector) -> Result<()> {
        const CTX: &str = "Tao::set_solution";
        // SAFETY: live vector.
        let xs = unsafe { vec_sizes(x.kept_raw(CTX)?) }?;
        let (lo, hi) = self.raw_bounds()?;
        for (name, b) in [("the lower bound", lo), ("the upper bound", hi)] {
            if !b.is_null() {
                // SAFETY: the solver holds the bound, so it is live.
                same_layout(CTX, ("the solution", xs), (name, unsafe { vec_sizes(b) }?))?;
            }
        }
        self.check_hessian(CTX, xs)?;
        // SAFETY: live solver and vector; PETSc references the vector.
        check(unsafe { sys::TaoSetSolution(self.ptr, x.kept_raw(CTX)?) })
    }

    /// The solution vector (`TaoGetSolution`): a handle to the same vector given to
    /// [`set_solution`](Self::set_solution), holding its own reference.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut tao = petsc::Tao::new(&c)?;
    /// assert!(tao.solution().is_err()); // none yet
    /// tao.set_solution(&petsc::Vector::from_slice(&c, &[1.0, 2.0])?)?;
    /// assert_eq!(&*tao.solution()?.view()?, &[1.0, 2.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "TaoGetSolution")]
    pub fn solution(&self) -> Result<Vector> {
        let x = self.raw_solution()?;
        if x.is_null() {
            return Err(Error::invalid(
                "Tao::solution",
                "no solution vector: call set_solution first",
            ));
        }
        // SAFETY: the solver holds `x`, so it is live; the handle takes its own reference.
        unsafe { Vector::from_raw_borrowed(&self.petsc, x) }
    }

    crate::methods![for Tao;
        pub(super) fn raw_solution(&self) -> sys::Vec = TaoGetSolution as "TaoGetSolution";
    ];
    /// Sets PETSc's default method (`lmvm`) if none was chosen, as `TaoSetFromOptions`
    /// does; `TaoSolve` would otherwise do nothing.
    fn ensure_type(&mut self) -> Result<String> {
        let ty = self.type_name()?;
        if !ty.is_empty() {
            return Ok(ty);
        }
        self.set_type(TaoType::Lmvm)?;
        self.type_name()
    }

    /// The sizes of the solution vector; an `Err` naming `context` when none is set.
    fn solution_sizes(&self, context: &str) -> Result<(Int, Int)> {
        let x = self.raw_solution()?;
        if x.is_null() {
            return Err(Error::invalid(
                context,
                "no solution vector: call set_solution first",
            ));
        }
        // SAFETY: the solver holds `x`.
        unsafe { vec_sizes(x) }
    }

    /// Refuses to start a method that lacks what it calls, or whose objects disagree in
    /// size (PETSc 3.18 would crash or fail obscurely).
    ///
    /// `ty` is the solver's type name. The composed closures are looked up only for the
    /// types that call them (a reused solver repeats this check at every solve).
    fn check_ready(&self, context: &str, ty: &str) -> Result<()> {
        let xs = self.solution_sizes(context)?;
        let need = needs(ty);
        let (mut obj, mut grad, mut both) = (
            sys::PETSC_BOOL_FALSE,
            sys::PETSC_BOOL_FALSE,
            sys::PETSC_BOOL_FALSE,
        );
        // SAFETY: live solver; one output each.
        check(unsafe { sys::TaoIsObjectiveDefined(self.ptr, &mut obj) })?;
        // SAFETY: as above.
        check(unsafe { sys::TaoIsGradientDefined(self.ptr, &mut grad) })?;
        // SAFETY: as above.
        check(unsafe { sys::TaoIsObjectiveAndGradientDefined(self.ptr, &mut both) })?;
        let lacks = |what: &str, how: &str| {
            Err(Error::invalid(
                context,
                format!("Tao type '{ty}' needs {what}: {how}"),
            ))
        };
        if need.objective && !is_true(obj) && !is_true(both) {
            return lacks(
                "an objective",
                "call set_objective or set_objective_and_gradient",
            );
        }
        if need.gradient && !is_true(grad) && !is_true(both) {
            return lacks(
                "a gradient",
                "call set_gradient or set_objective_and_gradient (or use -tao_fd_gradient)",
            );
        }
        let (h, h_routine) = self.raw_hessian()?;
        if need.hessian && (h.is_null() || h_routine.is_none()) {
            return lacks(
                "a Hessian",
                "call set_hessian or set_hessian_mult, or give -tao_fd_hessian or \
                 -tao_mf_hessian and call set_from_options",
            );
        }
        self.check_hessian(context, xs)?;
        let obj = self.ptr as sys::PetscObject;
        // SAFETY: live solver.
        if need.residual && !unsafe { is_attached(obj, CallbackKind::TaoResidual) }? {
            return lacks("a least-squares residual", "call set_residual");
        }
        // SAFETY: live solver.
        if need.jacobian && !unsafe { is_attached(obj, CallbackKind::TaoJacobianResidual) }? {
            return lacks("the Jacobian of the residual", "call set_jacobian_residual");
        }
        let constraints = [
            (
                CallbackKind::TaoEqualityConstraints,
                CallbackKind::TaoJacobianEquality,
                "call set_jacobian_equality",
            ),
            (
                CallbackKind::TaoInequalityConstraints,
                CallbackKind::TaoJacobianInequality,
                "call set_jacobian_inequality",
            ),
        ];
        // Only the constrained methods call the constraints' Jacobians.
        let constrained = if matches!(ty, "almm" | "pdipm") {
            &constraints[..]
        } else {
            &[]
        };
        for &(cons, jacobian, how) in constrained {
            // SAFETY: live solver.
            let (c, j) = unsafe { (is_attached(obj, cons)?, is_attached(obj, jacobian)?) };
            if c && !j {
                return lacks(&format!("the Jacobian of its {}", cons.name()), how);
            }
        }
        if ty == "brgn" {
            self.check_brgn_user(context)?;
        }
        // PETSc 3.18's lcl calls the state and design routines without checking them.
        if ty == "lcl" {
            for (kind, how) in [
                (CallbackKind::TaoConstraints, "call set_constraints"),
                (CallbackKind::TaoJacobianState, "call set_jacobian_state"),
                (CallbackKind::TaoJacobianDesign, "call set_jacobian_design"),
            ] {
                // SAFETY: live solver.
                if !unsafe { is_attached(obj, kind) }? {
                    return lacks(kind.name(), how);
                }
            }
            if self.kept(super::constraints::STATE_KEY)?.is_null() {
                return lacks("state and design variables", "call set_state_design_is");
            }
        }
        // PETSc 3.18's pdipm reads the bounds vectors without checking they exist.
        if ty == "pdipm" {
            let (lo, _) = self.raw_bounds()?;
            // SAFETY: live solver.
            let routine = unsafe { is_attached(obj, CallbackKind::TaoVariableBounds) }?;
            if lo.is_null() && !routine {
                return lacks(
                    "variable bounds",
                    "call set_variable_bounds (infinite ones are fine) or \
                     set_variable_bounds_routine",
                );
            }
        }
        let (lo, hi) = self.raw_bounds()?;
        for (name, b) in [("the lower bound", lo), ("the upper bound", hi)] {
            if !b.is_null() {
                // SAFETY: the solver holds the bound, so it is live.
                let bs = unsafe { vec_sizes(b) }?;
                same_layout(context, (name, bs), ("the solution", xs))?;
            }
        }
        Ok(())
    }

    /// Minimizes (`TaoSolve`), starting from and writing into the solution vector.
    ///
    /// Uses `lmvm` when no method was chosen. Refused before PETSc runs, with an error
    /// saying what is missing, when the method needs something not provided (an
    /// objective, a gradient, a Hessian for `nls`/`ntr`/`tron`/..., a residual and its
    /// Jacobian for `brgn`, a residual for `pounders`) or sizes disagree. Returns why the
    /// solve stopped (as [`converged_reason`](Self::converged_reason) does afterwards).
    /// Not converging is not an error: the reason says it, and is `#[must_use]`;
    /// `tao.solve()?.check()?` turns a diverged one into
    /// [`Error::NotConverged`](crate::Error::NotConverged). An `Err` or
    /// a panic in a closure ends the solve and is returned here; the solver can be
    /// solved again afterwards.
    #[doc(alias = "TaoSolve")]
    pub fn solve(&mut self) -> Result<TaoConvergedReason> {
        let ty = self.ensure_type()?;
        // The layouts of the Hessian and the bounds, and the views of the solution alive
        // (the solve writes it in place), can differ between ranks: agreed.
        let local = self.check_ready("Tao::solve", &ty).and_then(|()| {
            let x = self.raw_solution()?;
            crate::borrow::check_writable(x as sys::PetscObject, "Tao::solve")
        });
        crate::object::Object::comm(self).agree("Tao::solve", local)?;
        let ksp = self.raw_ksp()?;
        let guard = if ksp.is_null() {
            None
        } else {
            // SAFETY: the solver holds its KSP, which outlives the guard (dropped here).
            Some(unsafe { SolveGuard::record(ksp) }?)
        };
        // SAFETY: live solver, checked ready; the closures it calls live in `self`.
        let r = check(unsafe { sys::TaoSolve(self.ptr) });
        if r.is_err() {
            // SAFETY: live solver, whose solve has ended.
            unsafe { super::unwind::unwind_failed_tao(self.ptr, true) };
            // An error inside the inner Krylov solve left it half open: see `SolveGuard`.
            match guard {
                Some(g) => g.recover(),
                None => {
                    if let Ok(k) = self.raw_ksp() {
                        if !k.is_null() {
                            // SAFETY: the solver's live KSP, made during the failed solve.
                            unsafe { recover_ksp(k, None) };
                        }
                    }
                }
            }
        }
        r?;
        self.converged_reason()
    }

    crate::methods![for Tao;
        /// The inner KSP (borrowed), or null for methods without one.
        fn raw_ksp(&self) -> sys::KSP = TaoGetKSP as "TaoGetKSP";
    ];

    /// Where the last (or current) solve stands (`TaoGetSolutionStatus`).
    #[doc(alias = "TaoGetSolutionStatus")]
    pub fn solution_status(&self) -> Result<TaoState> {
        // SAFETY: live solver.
        unsafe { status_of(self.ptr) }
    }

    crate::methods![for Tao;
        /// Why the last solve stopped (`TaoGetConvergedReason`).
        pub fn converged_reason(&self) -> TaoConvergedReason
            = TaoGetConvergedReason as "TaoGetConvergedReason";
    ];

    crate::methods![for Tao;
        /// The number of iterations of the last solve (`TaoGetIterationNumber`).
        pub fn iteration_number(&self) -> Int = TaoGetIterationNumber as "TaoGetIterationNumber";
    ];

    /// The inner Krylov solver of Newton-type methods (`nls`, `ntr`, `tron`, `bnls`,
    /// `brgn`'s subsolver is separate, ...) (`TaoGetKSP`), as a handle holding its own
    /// reference; `None` for methods without one (`lmvm`, `cg`, `nm`, ...). Set the type
    /// first.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut tao = petsc::Tao::new(&petsc.self_comm())?;
    /// tao.set_type(petsc::TaoType::Lmvm)?;
    /// assert!(tao.ksp()?.is_none());
    /// tao.set_type(petsc::TaoType::Nls)?;
    /// assert!(tao.ksp()?.is_some());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "TaoGetKSP")]
    pub fn ksp(&self) -> Result<Option<Ksp>> {
        let ksp = self.raw_ksp()?;
        if ksp.is_null() {
            return Ok(None);
        }
        // SAFETY: `ksp` and the solver are live; the handle takes a reference to each.
        unsafe { Ksp::from_raw_child(&self.petsc, ksp, self.ptr as sys::PetscObject) }.map(Some)
    }

    /// `f(x)` through the objective set on this solver (`TaoComputeObjective`), for
    /// checks such as finite-difference gradient tests. `x` must have the solution's
    /// layout.
    #[doc(alias = "TaoComputeObjective")]
    pub fn compute_objective(&mut self, x: &Vector) -> Result<Real> {
        self.check_points("Tao::compute_objective", &[x], &[])?;
        let mut f: Real = 0.0;
        // SAFETY: live solver and vector; the closures live in `self`.
        check(unsafe {
            sys::TaoComputeObjective(self.ptr, x.raw_read("Tao::compute_objective")?, &mut f)
        })?;
        Ok(f)
    }

    /// `g = grad f(x)` through the gradient set on this solver (`TaoComputeGradient`).
    /// `x` and `g` must have the solution's layout.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut tao = petsc::Tao::new(&c)?;
    /// let x = petsc::Vector::from_slice(&c, &[3.0])?;
    /// tao.set_solution(&x)?;
    /// tao.set_objective_and_gradient(|x, g| {
    ///     let v = x.view()?[0];
    ///     g.view_mut()?[0] = 2.0 * v;
    ///     Ok(v * v)
    /// })?;
    /// let mut g = x.duplicate()?;
    /// tao.compute_gradient(&x, &mut g)?;
    /// assert_eq!(g.view()?[0], 6.0);
    /// assert_eq!(tao.compute_objective(&x)?, 9.0);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "TaoComputeGradient")]
    pub fn compute_gradient(&mut self, x: &Vector, g: &mut Vector) -> Result<()> {
        self.check_points("Tao::compute_gradient", &[x], &[&*g])?;
        // SAFETY: live solver and vectors, distinct by Rust's borrows.
        check(unsafe {
            sys::TaoComputeGradient(
                self.ptr,
                x.raw_read("Tao::compute_gradient")?,
                g.raw_write("Tao::compute_gradient")?,
            )
        })
    }

    /// Checks, on every rank at once (collective), that `reads` and `writes` have the
    /// solution's global and local sizes (which can differ on some ranks only), that
    /// `reads` can be read and `writes` written: what an evaluation through the
    /// solver's routines (collective) asks of its vectors.
    pub(super) fn check_points(
        &self,
        context: &str,
        reads: &[&Vector],
        writes: &[&Vector],
    ) -> Result<()> {
        let local = (|| {
            let xs = self.solution_sizes(context)?;
            for v in reads.iter().chain(writes) {
                same_layout(
                    context,
                    ("the vector", (v.size()?, v.local_size()?)),
                    ("the solution", xs),
                )?;
            }
            Vector::accessible(context, reads, writes)
        })();
        crate::object::Object::comm(self).agree(context, local)
    }
}
