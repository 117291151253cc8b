/* Solves that a failed Rust closure stops instead of failing: EPSSolve(), SVDSolve(),
   PEPSolve() and NEPSolve() on a set-up solver, whose stopping test, whatever it is,
   also stops the solver (with the class's DIVERGED_BREAKDOWN) once *stop is true.
   slepc-rs sets it, on every rank alike, when a closure of the solver failed (a monitor,
   a convergence or stopping test, NEP's function and Jacobian), so that the solver ends
   its iteration as it does on its own, freeing the work memory that several solver types
   keep in locals of their solve function and leak on an error return. The solver's own
   stopping test is put back after. */
#ifndef SLEPCRS_STOPPABLE_H
#define SLEPCRS_STOPPABLE_H
#include <slepceps.h>
#include <slepcsvd.h>
#include <slepcpep.h>
#include <slepcnep.h>

PetscErrorCode slepcrs_EPSSolveStoppable(EPS eps, const PetscBool *stop);
PetscErrorCode slepcrs_SVDSolveStoppable(SVD svd, const PetscBool *stop);
PetscErrorCode slepcrs_PEPSolveStoppable(PEP pep, const PetscBool *stop);
/* RII and SLP end their solve with the invariant pair of their deflation, sized for all
   the pairs asked for, and fail (leaking their work objects) when fewer converged: a
   stopped one reports them all, to end as when it converges, and its count is reset
   after the solve (its results are never reported). */
PetscErrorCode slepcrs_NEPSolveStoppable(NEP nep, const PetscBool *stop);
#endif
