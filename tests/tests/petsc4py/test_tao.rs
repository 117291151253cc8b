//! petsc4py's `test_tao.py`, ported: routines set and removed, the solver's empty
//! vectors and matrices, and solves of `f(x) = (x0 - 2)^2 + (x1 - 2)^2 - 2 (x0 + x1)`
//! with equality and inequality constraints (ALMM), with bounds (BNCG) and by
//! quasi-Newton with three kinds of initial Hessian (BQNLS); on COMM_SELF and
//! COMM_WORLD (the solves run on one process only, as in petsc4py). TAO is real only.

#[cfg(petsc_complex)]
pub fn cases() -> Vec<petsc_tests::Case> {
    petsc_tests::skip_module(
        "real scalars: TAO minimizes real functions of real variables (petsc4py deletes \
         these classes for complex scalars); this PETSc has complex scalars",
    )
}

#[cfg(not(petsc_complex))]
pub use real::cases;

#[cfg(not(petsc_complex))]
mod real;
