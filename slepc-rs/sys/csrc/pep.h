/* Shim functions for polynomial eigensolvers (PEP): what bindgen cannot bind, and
   PEP's recovery after a failed solve. */
#ifndef SLEPCRS_PEP_H
#define SLEPCRS_PEP_H
#include <slepcpep.h>

/* PEPSetTarget() taking the scalar by pointer (complex scalars cross the boundary only
   in memory). */
PetscErrorCode slepcrs_PEPSetTarget(PEP pep, const PetscScalar *target);
/* Marks a solver for a new set-up and solve (PEPSolve() returns at once on a solved
   solver), as SLEPc's own setters of settings do. */
PetscErrorCode slepcrs_PEPSetStateInitial(PEP pep);
/* Whether the solver is set up (state SETUP or later). */
PetscErrorCode slepcrs_PEPIsSetUp(PEP pep, PetscBool *setup);
/* The approximations a monitor is given, in place, as SLEPc's own monitors print them:
   transformed back from the spectral transformation and from the scaling of lambda
   (PEPMonitorGetTrueEig() in SLEPc, which is static there). */
PetscErrorCode slepcrs_PEPMonitorTrueEig(PEP pep, PetscInt n, PetscScalar *er, PetscScalar *ei);
/* PEPRefineGetKSP() without its bug (SLEPc 3.18 to 3.22 at least set the options prefix
   through the output argument before assigning it, so a NULL or uninitialized output
   crashes): the refinement KSP, made if not yet; ksp may be NULL. */
PetscErrorCode slepcrs_PEPRefineGetKSP(PEP pep, KSP *ksp);
/* Recovery after an error inside PEPSetUp() or PEPSolve().

   slepcrs_PEPSaveState(), before PEPSetUp(), makes the refinement KSP if refinement is
   on (PEPSetUp() would ask for it through an uninitialized variable) and the basis
   (STOAR's spectrum slicing reads it before the set-up makes it) and, on a solver
   not yet set up, drops the linear type's work data (its set-up would leak that of an
   earlier set-up) and records what
   the set-up and the solve change temporarily and restore only when they succeed: the
   target and the shift of the spectral transformation (divided by the scaling factor
   of lambda), the target of the inner eigensolver of the linear type, and for the JD
   type the preconditioner and the tolerances of the linear solver of the spectral
   transformation (JD puts its own preconditioner in place during a solve). On a solver
   already set up it does nothing: what it recorded before that set-up stays.

   slepcrs_PEPTrackSubMatrices(), on a set-up solver before PEPSolve(), makes the dense
   matrices of its projected problem (DS) record the sub-matrix they hand out.

   slepcrs_PEPRecover(), after the failed call (and after the inner eigensolver of the
   linear type, if any, was recovered with slepcrs_EPSRecover()), gives back what was
   fetched from the basis and the DS matrices and the operator of the spectral
   transformation, releases the read locks left on their vectors, puts back what
   slepcrs_PEPSaveState() recorded and pops the scaling of the region, uses up the
   initial space as a solve does, drops the solver type's work data and marks the solver
   for a new set-up; operators, settings and objects stay. Its own failures are silent.

   slepcrs_PEPGetInnerKSP() returns the KSP of the solver's spectral transformation, or
   NULL if it has none (STGetKSP() would create one); slepcrs_PEPGetInnerEPS() the EPS
   of a linear solver (made if not yet, as its set-up would), NULL for the other types. */
PetscErrorCode slepcrs_PEPSaveState(PEP pep);
PetscErrorCode slepcrs_PEPTrackSubMatrices(PEP pep);
PetscErrorCode slepcrs_PEPRecover(PEP pep);
PetscErrorCode slepcrs_PEPGetInnerKSP(PEP pep, KSP *ksp);
PetscErrorCode slepcrs_PEPGetInnerEPS(PEP pep, EPS *eps);
/* PEPDestroy(), a CISS solver never set up changed to TOAR first (pep.c). */
PetscErrorCode slepcrs_PEPDestroy(PEP *pep);
#endif
