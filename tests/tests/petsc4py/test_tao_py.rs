//! petsc4py's `test_tao_py.py`, ported: Tao types written in Rust minimizing
//! `(x0 - 1)^2 + (x1 - 2)^2`; one with hooks for each stage (its own solve, then
//! PETSc's default solve with its step, then the default step too), counting their
//! calls; one gradient descent with its own solve and line search. TAO is real only.

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
