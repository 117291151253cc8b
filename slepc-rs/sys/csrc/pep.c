/* Shim functions for polynomial eigensolvers (PEP); see pep.h.

   Like private.c for EPS and SVD, the recovery reads SLEPc's private structures
   (installed with every SLEPc, compiled against the SLEPc found, so the layout always
   matches). What a failed PEPSolve() leaves behind, beyond what private.c lists for
   EPS (columns of the basis, DS sub-matrices, the operator of the spectral
   transformation, read locks, the type's work data):
   - the scaling of lambda (-pep_scale, and QArnoldi and the linear type always): the
     Krylov solvers divide the target and the shift of the spectral transformation by
     the scaling factor and push it on the region (RGPushScale()) at the start of a
     solve, the linear type at its set-up, and undo all of it only at the end of a
     successful solve. Left as is, the next solve scales them once more, and refuses to
     push a second scaling on the region;
   - the JD type puts a shell preconditioner of its own in the linear solver of the
     spectral transformation, and changes that solver's tolerances, for the solve;
   - the linear type's set-up allocates the coefficients of the matrix to invert, its
     matrices and its work vectors without freeing those of an earlier set-up (after a
     failed solve, and also after new operators or settings: slepcrs_PEPSaveState()
     resets the type's data before every set-up of a linear solver).
   What a basis or a dense matrix handed out is given back by the helpers shared with
   private.c and nep.c (recover.c). */
#include "pep.h"
#include "recover.h"
#include <slepc/private/pepimpl.h>
#include <slepc/private/epsimpl.h>
#include <slepc/private/bvimpl.h>
#include <slepc/private/dsimpl.h>
#include <slepc/private/stimpl.h>
#include <slepc/private/rgimpl.h>

PetscErrorCode slepcrs_PEPSetTarget(PEP pep, const PetscScalar *target) { return PEPSetTarget(pep, *target); }

PetscErrorCode slepcrs_PEPSetStateInitial(PEP pep)
{
  PetscFunctionBegin;
  PetscValidHeaderSpecific(pep, PEP_CLASSID, 1);
  pep->state = PEP_STATE_INITIAL;
  PetscFunctionReturn(0);
}

PetscErrorCode slepcrs_PEPIsSetUp(PEP pep, PetscBool *setup)
{
  PetscFunctionBegin;
  PetscValidHeaderSpecific(pep, PEP_CLASSID, 1);
  PetscCheck(setup, PETSC_COMM_SELF, PETSC_ERR_ARG_NULL, "null output");
  *setup = pep->state >= PEP_STATE_SETUP ? PETSC_TRUE : PETSC_FALSE;
  PetscFunctionReturn(0);
}

PetscErrorCode slepcrs_PEPMonitorTrueEig(PEP pep, PetscInt n, PetscScalar *er, PetscScalar *ei)
{
  PetscInt  i;
  PetscBool flg = PETSC_FALSE, sinv = PETSC_FALSE;

  PetscFunctionBegin;
  PetscValidHeaderSpecific(pep, PEP_CLASSID, 1);
  if (n <= 0) PetscFunctionReturn(0);
  PetscCheck(er && ei, PETSC_COMM_SELF, PETSC_ERR_ARG_NULL, "null arrays");
  if (pep->st) PetscCall(STGetTransform(pep->st, &flg));
  if (pep->st) PetscCall(PetscObjectTypeCompare((PetscObject)pep->st, STSINVERT, &sinv));
  for (i = 0; i < n; i++) {
    if (pep->st) PetscCall(STBackTransform(pep->st, 1, er + i, ei + i));
    if (pep->sfactor != 1.0) {
      if (flg && sinv) {
        er[i] /= pep->sfactor;
        ei[i] /= pep->sfactor;
      } else {
        er[i] *= pep->sfactor;
        ei[i] *= pep->sfactor;
      }
    }
  }
  PetscFunctionReturn(0);
}

PetscErrorCode slepcrs_PEPRefineGetKSP(PEP pep, KSP *ksp)
{
  PetscFunctionBegin;
  PetscValidHeaderSpecific(pep, PEP_CLASSID, 1);
  /* PEPRefineGetKSP() sets the options prefix of its output argument before it assigns
     it: given the solver's own field, as SLEPc's internal calls give it, the KSP it
     makes is the one it sets up. */
  if (!pep->refineksp) PetscCall(PEPRefineGetKSP(pep, &pep->refineksp));
  if (ksp) *ksp = pep->refineksp;
  PetscFunctionReturn(0);
}

/* ----------------------------------------------------------------------------------- */
/* The state saved before a set-up.                                                     */

#define SAVED_STATE "slepcrs_pep_saved_state"
#define SAVED_PC "slepcrs_pep_saved_pc"

typedef struct {
  PetscScalar target;
  PetscBool   has_sigma;
  PetscScalar sigma;
  PetscBool   has_eps;
  PetscScalar eps_target;
  PetscBool   has_ksp;
  PetscReal   rtol, abstol, dtol;
  PetscInt    maxits;
} SavedState;

static PetscErrorCode SavedStateDestroy(SLEPCRS_CTX_ARG p)
{
  void *s = SLEPCRS_CTX(p);

  PetscFunctionBegin;
  PetscCall(PetscFree(s));
  PetscFunctionReturn(0);
}

/* The saved state composed on the solver, or NULL. */
static PetscErrorCode GetSavedState(PEP pep, SavedState **s)
{
  PetscObject c = NULL;
  void       *p = NULL;

  PetscFunctionBegin;
  *s = NULL;
  PetscCall(PetscObjectQuery((PetscObject)pep, SAVED_STATE, &c));
  if (!c) PetscFunctionReturn(0);
  PetscCall(PetscContainerGetPointer((PetscContainer)c, &p));
  *s = (SavedState *)p;
  PetscFunctionReturn(0);
}

PetscErrorCode slepcrs_PEPSaveState(PEP pep)
{
  SavedState    *s = NULL;
  PetscContainer c;
  PetscBool      jd = PETSC_FALSE, linear = PETSC_FALSE;
  EPS            eps = NULL;

  PetscFunctionBegin;
  PetscValidHeaderSpecific(pep, PEP_CLASSID, 1);
  /* The set-up with refinement asks for the refinement KSP through an uninitialized
     variable (see slepcrs_PEPRefineGetKSP()): make it first. */
  if (pep->refine) PetscCall(slepcrs_PEPRefineGetKSP(pep, NULL));
  /* STOAR's spectrum slicing draws random vectors from the basis at set-up, before
     the set-up has made the basis (a crash on a solver that never had one): make it
     first, as the set-up would. */
  if (!pep->V) PetscCall(PEPGetBV(pep, &pep->V));
  if (pep->state != PEP_STATE_INITIAL) PetscFunctionReturn(0);
  /* The linear type's set-up makes its matrices and work vectors without destroying
     those of an earlier set-up (a solve after new operators or settings leaks them):
     its reset destroys them first, and the set-up makes them again. */
  PetscCall(PetscObjectTypeCompare((PetscObject)pep, PEPLINEAR, &linear));
  if (linear) {
    if (pep->ops->reset) PetscCall((*pep->ops->reset)(pep));
    PetscCall(PetscFree(pep->solvematcoeffs));
  }
  PetscCall(GetSavedState(pep, &s));
  if (!s) {
    PetscCall(PetscNew(&s));
    PetscCall(PetscContainerCreate(PETSC_COMM_SELF, &c));
    PetscCall(PetscContainerSetPointer(c, s));
    PetscCall(slepcrs_ContainerSetDestroy(c, SavedStateDestroy));
    PetscCall(PetscObjectCompose((PetscObject)pep, SAVED_STATE, (PetscObject)c));
    PetscCall(PetscContainerDestroy(&c));
  }
  s->target    = pep->target;
  s->has_sigma = pep->st ? PETSC_TRUE : PETSC_FALSE;
  s->sigma     = pep->st ? pep->st->sigma : 0.0;
  s->has_eps = PETSC_FALSE;
  if (linear) {
    /* The linear type's own EPS, made here if not yet (its set-up would). */
    PetscCall(PEPLinearGetEPS(pep, &eps));
    s->has_eps    = PETSC_TRUE;
    s->eps_target = eps->target;
  }
  PetscCall(PetscObjectTypeCompare((PetscObject)pep, PEPJD, &jd));
  s->has_ksp = PETSC_FALSE;
  PetscCall(PetscObjectCompose((PetscObject)pep, SAVED_PC, NULL));
  if (jd && pep->st && pep->st->ksp) {
    PC pc = NULL;
    PetscCall(KSPGetTolerances(pep->st->ksp, &s->rtol, &s->abstol, &s->dtol, &s->maxits));
    s->has_ksp = PETSC_TRUE;
    PetscCall(KSPGetPC(pep->st->ksp, &pc));
    PetscCall(PetscObjectCompose((PetscObject)pep, SAVED_PC, (PetscObject)pc));
  }
  PetscFunctionReturn(0);
}

PetscErrorCode slepcrs_PEPTrackSubMatrices(PEP pep)
{
  PetscInt m;
  EPS      eps = NULL;

  PetscFunctionBegin;
  if (!pep) PetscFunctionReturn(0);
  if (pep->ds) {
    for (m = 0; m < DS_NUM_MAT; m++) PetscCall(slepcrs_TrackSubMatrices(pep->ds->omat[m]));
  }
  PetscCall(slepcrs_PEPGetInnerEPS(pep, &eps));
  if (eps && eps->ds) {
    for (m = 0; m < DS_NUM_MAT; m++) PetscCall(slepcrs_TrackSubMatrices(eps->ds->omat[m]));
  }
  PetscFunctionReturn(0);
}

/* Puts back what slepcrs_PEPSaveState() recorded, and pops the region's scaling. */
static void RestoreSavedState(PEP pep)
{
  SavedState *s = NULL;

  if (pep->rg && pep->rg->osfactor != 0.0) {
    /* RGPopScale(): only the solver pushes a scaling on its region. */
    pep->rg->sfactor  = pep->rg->osfactor;
    pep->rg->osfactor = 0.0;
  }
  if (GetSavedState(pep, &s) || !s) return;
  pep->target = s->target;
  /* Directly, as STScaleShift() changed it (the next set-up of the ST uses it). */
  if (s->has_sigma && pep->st) pep->st->sigma = s->sigma;
  if (s->has_eps) {
    EPS eps = NULL;
    if (!slepcrs_PEPGetInnerEPS(pep, &eps) && eps) (void)EPSSetTarget(eps, s->eps_target);
  }
  if (s->has_ksp && pep->st && pep->st->ksp) {
    PetscObject saved = NULL;
    PC          pc    = NULL;
    (void)KSPSetTolerances(pep->st->ksp, s->rtol, s->abstol, s->dtol, s->maxits);
    if (!PetscObjectQuery((PetscObject)pep, SAVED_PC, &saved) && saved && !KSPGetPC(pep->st->ksp, &pc) && pc != (PC)saved) {
      /* JD's shell preconditioner (and what it holds) is lost: a failed JD solve leaks it. */
      (void)KSPSetPC(pep->st->ksp, (PC)saved);
    }
  }
}

PetscErrorCode slepcrs_PEPRecover(PEP pep)
{
  PetscInt m;
  ST       st;

  PetscFunctionBegin;
  if (!pep) PetscFunctionReturn(0);
  PetscCall(PetscPushErrorHandler(PetscReturnErrorHandler, NULL));

  if (pep->ds) {
    for (m = 0; m < DS_NUM_MAT; m++) slepcrs_RecoverDense(pep->ds->omat[m]);
  }
  slepcrs_RecoverBV(pep->V, 0);
  for (m = 0; m < pep->nwork; m++) slepcrs_ReleaseReadLocks(pep->work[m]);

  st = pep->st;
  if (st) {
    if (st->opseized && st->Op) {
      Mat Op = st->Op;
      (void)STRestoreOperator(st, &Op);
    }
    for (m = 0; m < st->nwork; m++) slepcrs_ReleaseReadLocks(st->work[m]);
    slepcrs_ReleaseReadLocks(st->wb);
    slepcrs_ReleaseReadLocks(st->wht);
  }

  RestoreSavedState(pep);

  /* As at the end of a successful PEPSolve(): the initial space is used up (copied into
     the basis at set-up, when its count became positive). */
  if (pep->nini > 0) pep->nini = 0;

  /* Every type that uses them allocates them again at set-up (the linear type without
     freeing them first). */
  (void)PetscFree(pep->solvematcoeffs);

  /* The solver type's work data goes, and the next solve sets it up again; operators,
     the spectral transformation, the basis and every setting stay. */
  if (pep->ops->reset) (void)(*pep->ops->reset)(pep);
  pep->state = PEP_STATE_INITIAL;

  PetscCall(PetscPopErrorHandler());
  PetscFunctionReturn(0);
}

PetscErrorCode slepcrs_PEPGetInnerKSP(PEP pep, KSP *ksp)
{
  PetscFunctionBegin;
  PetscCheck(ksp, PETSC_COMM_SELF, PETSC_ERR_ARG_NULL, "null output");
  *ksp = (pep && pep->st) ? pep->st->ksp : NULL;
  PetscFunctionReturn(0);
}

PetscErrorCode slepcrs_PEPGetInnerEPS(PEP pep, EPS *eps)
{
  PetscBool linear = PETSC_FALSE;

  PetscFunctionBegin;
  PetscCheck(eps, PETSC_COMM_SELF, PETSC_ERR_ARG_NULL, "null output");
  *eps = NULL;
  if (!pep) PetscFunctionReturn(0);
  PetscCall(PetscObjectTypeCompare((PetscObject)pep, PEPLINEAR, &linear));
  /* Made here if not yet, as the linear type's set-up would. */
  if (linear) PetscCall(PEPLinearGetEPS(pep, eps));
  PetscFunctionReturn(0);
}

/* PEPDestroy(). A CISS solver never set up has no contour data, which PEPReset() (run
   by PEPDestroy()) reads through a null pointer: when this is the last reference its
   type goes first (the type's own destroy frees what it made). */
PetscErrorCode slepcrs_PEPDestroy(PEP *pep)
{
  PetscBool ciss = PETSC_FALSE;

  PetscFunctionBegin;
  if (pep && *pep && ((PetscObject)*pep)->refct == 1) {
    PetscCall(PetscObjectTypeCompare((PetscObject)*pep, PEPCISS, &ciss));
    if (ciss && (*pep)->state == PEP_STATE_INITIAL) PetscCall(PEPSetType(*pep, PEPTOAR));
  }
  PetscCall(PEPDestroy(pep));
  PetscFunctionReturn(0);
}
