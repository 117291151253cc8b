/* Shim functions for nonlinear eigensolvers (NEP): what bindgen cannot bind, and NEP's
   recovery after a failed solve. */
#ifndef SLEPCRS_NEP_H
#define SLEPCRS_NEP_H
#include <slepcnep.h>

/* NEPSetTarget, taking the scalar by pointer (see shim.h: complex scalars cross the
   boundary only in memory). */
PetscErrorCode slepcrs_NEPSetTarget(NEP nep, const PetscScalar *target);
/* NEPApplyResolvent, taking omega by pointer, with the checks SLEPc 3.18 makes only in
   debugging builds (a solved solver) and the one it does not make (a two-sided solve:
   without it the left basis it reads is null). */
PetscErrorCode slepcrs_NEPApplyResolvent(NEP nep, RG rg, const PetscScalar *omega, Vec v, Vec r);

/* The user routines of NEP whose scalar arguments SLEPc passes by value, taking them
   by pointer. Each setter installs a C routine of SLEPc's signature that calls `f` with
   the addresses of its scalars and the same context; `f` is kept on the solver (composed
   as a function, for the routines that get the solver) or in a small block the solver
   owns (the eigenvalue comparison, which does not get it). */
typedef PetscErrorCode (*slepcrs_NEPFunctionFn)(NEP, const PetscScalar *, Mat, Mat, void *);
typedef PetscErrorCode (*slepcrs_NEPJacobianFn)(NEP, const PetscScalar *, Mat, void *);
typedef PetscErrorCode (*slepcrs_NEPConvergenceFn)(NEP, const PetscScalar *, const PetscScalar *, PetscReal, PetscReal *, void *);
typedef PetscErrorCode (*slepcrs_NEPComparisonFn)(const PetscScalar *, const PetscScalar *, const PetscScalar *, const PetscScalar *, PetscInt *, void *);
PetscErrorCode slepcrs_NEPSetFunction(NEP nep, Mat A, Mat B, slepcrs_NEPFunctionFn f, void *ctx);
PetscErrorCode slepcrs_NEPSetJacobian(NEP nep, Mat J, slepcrs_NEPJacobianFn f, void *ctx);
PetscErrorCode slepcrs_NEPSetConvergenceTestFunction(NEP nep, slepcrs_NEPConvergenceFn f, void *ctx, PetscErrorCode (*destroy)(void *));
PetscErrorCode slepcrs_NEPSetEigenvalueComparison(NEP nep, slepcrs_NEPComparisonFn f, void *ctx);
/* Whether the solver has a Jacobian routine (callback form), without NEPGetJacobian's
   check of the form. */
PetscErrorCode slepcrs_NEPHasJacobian(NEP nep, PetscBool *has);
/* NEPSetType(), NEPSetFromOptions() and NEPDestroy() that free what SLEPc leaks when a
   type's data goes: a set-up solver is reset first (NLEIGS's set-up data), and NLEIGS's
   inner EPS is freed also outside the full-basis variant. */
PetscErrorCode slepcrs_NEPSetType(NEP nep, NEPType type);
PetscErrorCode slepcrs_NEPSetFromOptions(NEP nep);
PetscErrorCode slepcrs_NEPDestroy(NEP *nep);
/* NEPSetUp() that first drops the matrices an earlier set-up of a split-form problem
   made (SLEPc duplicates them again without freeing the old ones). */
PetscErrorCode slepcrs_NEPSetUp(NEP nep);
/* NEPRefineGetKSP() without SLEPc 3.18's use of the output before it is written. */
PetscErrorCode slepcrs_NEPRefineGetKSP(NEP nep, KSP *ksp);
/* How the problem was given: 0 not yet, 1 callbacks, 2 split form. */
PetscErrorCode slepcrs_NEPGetUserInterface(NEP nep, PetscInt *fui);

/* Recovery after an error inside NEPSolve() or NEPSetUp() (it reads SLEPc's private
   structures, as private.c does for EPS). slepcrs_NEPTrackSubMatrices(), on a set-up
   solver before NEPSolve(), makes the dense matrices of its projected problem (DS)
   record the sub-matrix they hand out. slepcrs_NEPRecover(), after the failed solve,
   gives back what the solve had fetched (columns of the bases V and W, the bases seen as
   matrices, columns and the recorded sub-matrices of the DS matrices), releases the read
   locks left on its work vectors, uses up the initial space as a solve does, drops the
   resolvent, the solver type's work data and marks the solver for a new set-up; the
   problem, settings and inner objects stay. Its own failures are silent.
   slepcrs_NEPSetStateInitial() marks a solver for a new set-up and solve (NEPSolve()
   returns at once on a solved solver), as SLEPc's setters of settings do. */
PetscErrorCode slepcrs_NEPTrackSubMatrices(NEP nep);
PetscErrorCode slepcrs_NEPRecover(NEP nep);
PetscErrorCode slepcrs_NEPSetStateInitial(NEP nep);
#endif
