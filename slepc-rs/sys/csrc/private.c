/* The shim functions that read SLEPc's private structures, to put an eigensolver back
   in a usable state after an error ended EPSSolve() part way through. Kept apart from
   shim.c so that only this file sees the private headers (installed with every SLEPc,
   but not part of its API: compiled against the SLEPc found, so the layout always
   matches).

   SLEPc restores nothing on its error paths: an error raised inside the operator (a
   failing shell matrix, an inner linear solve) leaves open whatever the solver had
   fetched at that moment, and the next solve, or the destruction of the solver, then
   fails on it:
   - columns of the basis (BVGetColumn), a split basis (BVGetSplit), the basis seen as
     a dense matrix (BVGetMat), and a column of that matrix (MatDenseGetColumnVec(),
     which a product of a shell operator with the basis uses);
   - a sub-matrix of the dense matrices of the projected problem (DSGetMat, which is
     MatDenseGetSubMatrix): such a matrix refuses every later access, and its
     destruction, until MatDenseRestoreSubMatrix() is called with the very sub-matrix
     it handed out, which nothing keeps. Hence the tracking below: before a solve, the
     DS matrices record the sub-matrix they hand out;
   - the operator of the spectral transformation (STGetOperator);
   - the read locks on the vectors being multiplied (PETSc builds that keep them);
   - the solver type's own work data. */
#include "shim.h"
#include "recover.h"
#include <slepc/private/epsimpl.h>
#include <slepc/private/bvimpl.h>
#include <slepc/private/dsimpl.h>
#include <slepc/private/stimpl.h>
#include <slepc/private/svdimpl.h>

PetscErrorCode slepcrs_EPSTrackSubMatrices(EPS eps)
{
  PetscInt m;

  PetscFunctionBegin;
  if (!eps || !eps->ds) PetscFunctionReturn(0);
  for (m = 0; m < DS_NUM_MAT; m++) PetscCall(slepcrs_TrackSubMatrices(eps->ds->omat[m]));
  PetscFunctionReturn(0);
}

PetscErrorCode slepcrs_EPSRecover(EPS eps)
{
  PetscInt m;
  ST       st;

  PetscFunctionBegin;
  if (!eps) PetscFunctionReturn(0);
  /* Nothing here is the error the caller reports: the failed calls below stay silent. */
  PetscCall(PetscPushErrorHandler(PetscReturnErrorHandler, NULL));

  if (eps->ds) {
    for (m = 0; m < DS_NUM_MAT; m++) slepcrs_RecoverDense(eps->ds->omat[m]);
  }
  slepcrs_RecoverBV(eps->V, 0);
  slepcrs_RecoverBV(eps->W, 0);
  for (m = 0; m < eps->nwork; m++) slepcrs_ReleaseReadLocks(eps->work[m]);

  st = eps->st;
  if (st) {
    if (st->opseized && st->Op) {
      Mat Op = st->Op;
      (void)STRestoreOperator(st, &Op);
    }
    for (m = 0; m < st->nwork; m++) slepcrs_ReleaseReadLocks(st->work[m]);
    slepcrs_ReleaseReadLocks(st->wb);
    slepcrs_ReleaseReadLocks(st->wht);
  }

  /* As at the end of a successful EPSSolve(): the initial and deflation spaces are used
     up (the columns that held them were overwritten). After the columns are restored:
     an unused column index depends on the number of constraints. */
  if (eps->V && eps->nds > 0) {
    (void)BVSetNumConstraints(eps->V, 0);
    eps->nds = 0;
  }
  if (eps->nini > 0) eps->nini = 0;
  if (eps->ninil > 0) eps->ninil = 0;

  /* The solver type's work data goes, and the next solve sets it up again, as after
     EPSSetOperators(); the operators, the spectral transformation, the bases and every
     setting stay. */
  {
    PetscBool ks = PETSC_FALSE;
    (void)PetscObjectTypeCompare((PetscObject)eps, EPSKRYLOVSCHUR, &ks);
    /* Spectrum slicing: SLEPc 3.18's reset of a slicing solver whose set-up failed
       part way can crash; its next set-up rebuilds the slicing data itself. */
    if (eps->ops->reset && !(ks && eps->which == EPS_ALL)) (void)(*eps->ops->reset)(eps);
  }
  eps->state = EPS_STATE_INITIAL;

  PetscCall(PetscPopErrorHandler());
  PetscFunctionReturn(0);
}

PetscErrorCode slepcrs_EPSGetInnerKSP(EPS eps, KSP *ksp)
{
  PetscFunctionBegin;
  PetscCheck(ksp, PETSC_COMM_SELF, PETSC_ERR_ARG_NULL, "null output");
  *ksp = (eps && eps->st) ? eps->st->ksp : NULL;
  PetscFunctionReturn(0);
}

PetscErrorCode slepcrs_SVDGetInnerEPS(SVD svd, EPS *eps)
{
  PetscBool cross = PETSC_FALSE, cyclic = PETSC_FALSE;

  PetscFunctionBegin;
  PetscCheck(eps, PETSC_COMM_SELF, PETSC_ERR_ARG_NULL, "null output");
  *eps = NULL;
  if (!svd) PetscFunctionReturn(0);
  PetscCall(PetscObjectTypeCompare((PetscObject)svd, SVDCROSS, &cross));
  PetscCall(PetscObjectTypeCompare((PetscObject)svd, SVDCYCLIC, &cyclic));
  /* Each type creates its EPS in SVDCreate_XXX(), so the getters only read it. */
  if (cross) PetscCall(SVDCrossGetEPS(svd, eps));
  else if (cyclic) PetscCall(SVDCyclicGetEPS(svd, eps));
  PetscFunctionReturn(0);
}

PetscErrorCode slepcrs_SVDGetSignature(SVD svd, Vec *omega)
{
  PetscFunctionBegin;
  PetscCheck(omega, PETSC_COMM_SELF, PETSC_ERR_ARG_NULL, "null output");
  *omega = svd ? svd->omega : NULL;
  PetscFunctionReturn(0);
}

PetscErrorCode slepcrs_SVDTrackSubMatrices(SVD svd)
{
  PetscInt m;
  EPS      eps = NULL;

  PetscFunctionBegin;
  if (!svd) PetscFunctionReturn(0);
  if (svd->ds) {
    for (m = 0; m < DS_NUM_MAT; m++) PetscCall(slepcrs_TrackSubMatrices(svd->ds->omat[m]));
  }
  PetscCall(slepcrs_SVDGetInnerEPS(svd, &eps));
  if (eps) PetscCall(slepcrs_EPSTrackSubMatrices(eps));
  PetscFunctionReturn(0);
}

PetscErrorCode slepcrs_SVDRecover(SVD svd)
{
  PetscInt m;

  PetscFunctionBegin;
  if (!svd) PetscFunctionReturn(0);
  /* Nothing here is the error the caller reports: the failed calls below stay silent. */
  PetscCall(PetscPushErrorHandler(PetscReturnErrorHandler, NULL));

  if (svd->ds) {
    for (m = 0; m < DS_NUM_MAT; m++) slepcrs_RecoverDense(svd->ds->omat[m]);
  }
  slepcrs_RecoverBV(svd->V, 0);
  slepcrs_RecoverBV(svd->U, 0);
  for (m = 0; m < svd->nworkl; m++) slepcrs_ReleaseReadLocks(svd->workl[m]);
  for (m = 0; m < svd->nworkr; m++) slepcrs_ReleaseReadLocks(svd->workr[m]);

  /* As at the end of a successful SVDSolve(): the initial spaces are used up (copied
     into the bases at set-up, when their counts became positive). */
  if (svd->nini > 0) svd->nini = 0;
  if (svd->ninil > 0) svd->ninil = 0;

  /* The solver type's work data goes (for cross and cyclic, the inner EPS is reset and
     its matrices destroyed), and the next solve sets it up again; the operators, the
     bases and every setting stay. */
  if (svd->ops->reset) (void)(*svd->ops->reset)(svd);
  svd->state = SVD_STATE_INITIAL;

  PetscCall(PetscPopErrorHandler());
  PetscFunctionReturn(0);
}

/* Marks a solver for a new set-up and solve, as SLEPc's own setters of settings that
   change the solution do (EPSSolve() returns at once on a solved solver). */
PetscErrorCode slepcrs_EPSSetStateInitial(EPS eps)
{
  PetscFunctionBegin;
  PetscValidHeaderSpecific(eps, EPS_CLASSID, 1);
  eps->state = EPS_STATE_INITIAL;
  PetscFunctionReturn(0);
}

/* SLEPc 3.26 resets the contour data of a CISS solver whose strategy is not usest even
   when it has not made them yet (before the first set-up, or after a reset): EPSDestroy()
   and EPSReset() of such a solver read through a null pointer. The strategy is usest for
   the call (which resets nothing of the contour) and put back after a reset. */
#if SLEPC_VERSION_GE(3, 26, 0)
static PetscErrorCode CISSUnsetUp(EPS eps, PetscBool *guarded, EPSCISSStrategy *saved)
{
  PetscBool ciss;

  PetscFunctionBegin;
  *guarded = PETSC_FALSE;
  if (!eps || eps->state != EPS_STATE_INITIAL) PetscFunctionReturn(0);
  PetscCall(PetscObjectTypeCompare((PetscObject)eps, EPSCISS, &ciss));
  if (!ciss) PetscFunctionReturn(0);
  PetscCall(EPSCISSGetStrategy(eps, saved));
  PetscCall(EPSCISSSetStrategy(eps, EPS_CISS_STRATEGY_USEST));
  *guarded = PETSC_TRUE;
  PetscFunctionReturn(0);
}
#endif

PetscErrorCode slepcrs_EPSDestroy(EPS *eps)
{
  PetscFunctionBegin;
#if SLEPC_VERSION_GE(3, 26, 0)
  /* Only the last reference destroys (and resets) the solver. */
  if (eps && *eps && ((PetscObject)*eps)->refct == 1) {
    PetscBool       guarded;
    EPSCISSStrategy saved;

    PetscCall(CISSUnsetUp(*eps, &guarded, &saved));
  }
#endif
  PetscCall(EPSDestroy(eps));
  PetscFunctionReturn(0);
}

PetscErrorCode slepcrs_EPSReset(EPS eps)
{
#if SLEPC_VERSION_GE(3, 26, 0)
  PetscBool       guarded;
  EPSCISSStrategy saved;

  PetscFunctionBegin;
  PetscCall(CISSUnsetUp(eps, &guarded, &saved));
  PetscCall(EPSReset(eps));
  if (guarded && saved) PetscCall(EPSCISSSetStrategy(eps, saved));
  PetscFunctionReturn(0);
#else
  return EPSReset(eps);
#endif
}

PetscErrorCode slepcrs_DSGetStorage(DS ds, PetscInt *ld, PetscInt *mats)
{
  PetscInt i;

  if (!ds || !ld || !mats) return PETSC_ERR_ARG_NULL;
  *ld   = ds->ld;
  *mats = 0;
  for (i = 0; i < DS_NUM_MAT && i < 31; i++) {
    if (ds->omat[i]) *mats |= (PetscInt)1 << i;
  }
  return 0;
}
