/* Functions for SLEPc macros that bindgen cannot bind. */
#ifndef SLEPCRS_SHIM_H
#define SLEPCRS_SHIM_H
#include <slepceps.h>
#include <slepcsvd.h>
#include <slepcfn.h>
#include <slepcmfn.h>

/* sizeof(PetscScalar), sizeof(PetscInt) as SLEPc's headers see them (checked against
   petsc-sys's at run time by the safe crate's tests). */
size_t slepcrs_sizeof_scalar(void);
size_t slepcrs_sizeof_int(void);
/* Whether SLEPc is initialized (SlepcInitializeCalled). */
PetscBool slepcrs_initialized(void);
/* The functions that take a PetscScalar by value, taking it by pointer (see petsc-sys's
   shim: complex scalars cross the boundary only in memory). */
PetscErrorCode slepcrs_EPSSetTarget(EPS eps, const PetscScalar *target);
PetscErrorCode slepcrs_STSetShift(ST st, const PetscScalar *shift);
PetscErrorCode slepcrs_FNSetScale(FN fn, const PetscScalar *alpha, const PetscScalar *beta);
PetscErrorCode slepcrs_FNEvaluateFunction(FN fn, const PetscScalar *x, PetscScalar *y);
PetscErrorCode slepcrs_FNEvaluateDerivative(FN fn, const PetscScalar *x, PetscScalar *y);
/* Recovery after an error inside EPSSolve() (private.c, which reads SLEPc's private
   structures). slepcrs_EPSTrackSubMatrices(), on a set-up solver before EPSSolve(),
   makes the dense matrices of its projected problem (DS) record the sub-matrix they
   hand out, the one thing SLEPc leaves open that cannot be found afterwards.
   slepcrs_EPSRecover(), after the failed solve, gives back what the solve had fetched
   (columns of the bases, the bases seen as matrices, columns and the recorded
   sub-matrices of the DS matrices, the operator of the spectral transformation),
   releases the read locks left on their vectors, uses up the initial and deflation
   spaces as a solve does, drops the solver type's work data and marks the solver for
   a new set-up; operators, settings and objects stay. Its own failures are silent.
   slepcrs_EPSGetInnerKSP() returns the KSP of the solver's spectral transformation, or
   NULL if it has none (STGetKSP() would create one). */
PetscErrorCode slepcrs_EPSTrackSubMatrices(EPS eps);
PetscErrorCode slepcrs_EPSRecover(EPS eps);
PetscErrorCode slepcrs_EPSGetInnerKSP(EPS eps, KSP *ksp);
/* slepcrs_EPSSetStateInitial() marks a solver for a new set-up and solve (EPSSolve()
   returns at once on a solved solver), as SLEPc's setters of settings do. */
PetscErrorCode slepcrs_EPSSetStateInitial(EPS eps);
/* A dense solver's storage (private.c): its leading dimension (0 before DSAllocate())
   and a bit for each of its matrices that exists (bit m for DSMatType m). SLEPc's
   optimized builds check neither before they use them. */
PetscErrorCode slepcrs_DSGetStorage(DS ds, PetscInt *ld, PetscInt *mats);
/* The same for singular value solvers. slepcrs_SVDTrackSubMatrices(), on a set-up
   solver before SVDSolve(), tracks the sub-matrices of its DS matrices (and of the DS of
   the inner EPS of the cross and cyclic types). slepcrs_SVDRecover(), after the failed
   solve (and after the inner EPS, if any, was recovered with slepcrs_EPSRecover()),
   gives back the columns of the bases U and V, the bases seen as matrices and the DS
   sub-matrices, releases the read locks on its work vectors, uses up the initial
   spaces, drops the solver type's work data and marks the solver for a new set-up.
   slepcrs_SVDGetInnerEPS() returns the EPS of a cross or cyclic solver, NULL for the
   other types. slepcrs_SVDGetSignature() returns the signature the solver keeps, NULL
   when none was set (SVDGetSignature() returns it up to SLEPc 3.20, and from 3.21
   copies it into a vector of the caller's, all ones when none was set). */
PetscErrorCode slepcrs_SVDTrackSubMatrices(SVD svd);
PetscErrorCode slepcrs_SVDRecover(SVD svd);
PetscErrorCode slepcrs_SVDGetInnerEPS(SVD svd, EPS *eps);
PetscErrorCode slepcrs_SVDGetSignature(SVD svd, Vec *omega);
/* Whether CISS solves its linear systems with the ST's KSP: EPSCISSSetUseST() and
   EPSCISSGetUseST() up to SLEPc 3.25; from 3.26 the strategy EPS_CISS_STRATEGY_USEST
   (true) or EPS_CISS_STRATEGY_SPLIT (false) of EPSCISSSetStrategy(). */
PetscErrorCode slepcrs_EPSCISSSetUseST(EPS eps, PetscBool usest);
PetscErrorCode slepcrs_EPSCISSGetUseST(EPS eps, PetscBool *usest);
/* EPSDestroy() and EPSReset(), safe on SLEPc 3.26 for a CISS solver never set up (see
   private.c). */
PetscErrorCode slepcrs_EPSDestroy(EPS *eps);
PetscErrorCode slepcrs_EPSReset(EPS eps);
#endif
