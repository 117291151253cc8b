/* Shim functions for nonlinear eigensolvers (NEP); see nep.h.

   The recovery part reads SLEPc's private structures, as private.c does for EPS and SVD,
   and puts a nonlinear eigensolver back in a usable state after an error ended
   NEPSolve() part way through (a failing Rust closure: the function T(lambda), its
   Jacobian, a monitor; or SLEPc's own errors). SLEPc restores nothing on its error
   paths, so what the solver had fetched at that moment stays fetched: columns of its
   bases, the bases seen as dense matrices, the sub-matrices of the dense matrices of
   its projected problem (DS), the read locks on the vectors being multiplied.

   The helpers that give those back are shared with private.c (recover.c). */
#include "nep.h"
#include "recover.h"
#include <slepcversion.h>
#include <slepc/private/nepimpl.h>
#include <slepc/private/bvimpl.h>
#include <slepc/private/dsimpl.h>

PetscErrorCode slepcrs_NEPSetTarget(NEP nep, const PetscScalar *target)
{
  PetscFunctionBegin;
  PetscCheck(target, PETSC_COMM_SELF, PETSC_ERR_ARG_NULL, "null target");
  PetscCall(NEPSetTarget(nep, *target));
  PetscFunctionReturn(0);
}

PetscErrorCode slepcrs_NEPApplyResolvent(NEP nep, RG rg, const PetscScalar *omega, Vec v, Vec r)
{
  PetscFunctionBegin;
  PetscValidHeaderSpecific(nep, NEP_CLASSID, 1);
  PetscCheck(omega, PETSC_COMM_SELF, PETSC_ERR_ARG_NULL, "null omega");
  PetscCheck(nep->state >= NEP_STATE_SOLVED, PetscObjectComm((PetscObject)nep), PETSC_ERR_ARG_WRONGSTATE, "the solver has not solved: call NEPSolve() first");
  PetscCheck(nep->twosided && nep->W, PetscObjectComm((PetscObject)nep), PETSC_ERR_ARG_WRONGSTATE, "the resolvent needs left eigenvectors: set the solver two-sided before the solve");
  PetscCall(NEPApplyResolvent(nep, rg, *omega, v, r));
  PetscFunctionReturn(0);
}

/* ---------------------------------------------------------------------------------
   User routines with scalars by pointer.
   --------------------------------------------------------------------------------- */

#define FUNCTION_FN "slepcrs_NEPFunction_C"
#define JACOBIAN_FN "slepcrs_NEPJacobian_C"
#define CONVERGENCE_FN "slepcrs_NEPConvergence_C"
#define COMPARISON_BLOCK "slepcrs_NEPComparison"

static PetscErrorCode FunctionByValue(NEP nep, PetscScalar lambda, Mat A, Mat B, void *ctx)
{
  slepcrs_NEPFunctionFn f = NULL;

  PetscFunctionBegin;
  PetscCall(PetscObjectQueryFunction((PetscObject)nep, FUNCTION_FN, &f));
  PetscCheck(f, PetscObjectComm((PetscObject)nep), PETSC_ERR_ORDER, "no Rust function routine on this solver");
  PetscCall((*f)(nep, &lambda, A, B, ctx));
  PetscFunctionReturn(0);
}

static PetscErrorCode JacobianByValue(NEP nep, PetscScalar lambda, Mat J, void *ctx)
{
  slepcrs_NEPJacobianFn f = NULL;

  PetscFunctionBegin;
  PetscCall(PetscObjectQueryFunction((PetscObject)nep, JACOBIAN_FN, &f));
  PetscCheck(f, PetscObjectComm((PetscObject)nep), PETSC_ERR_ORDER, "no Rust Jacobian routine on this solver");
  PetscCall((*f)(nep, &lambda, J, ctx));
  PetscFunctionReturn(0);
}

static PetscErrorCode ConvergenceByValue(NEP nep, PetscScalar eigr, PetscScalar eigi, PetscReal res, PetscReal *errest, void *ctx)
{
  slepcrs_NEPConvergenceFn f = NULL;

  PetscFunctionBegin;
  PetscCall(PetscObjectQueryFunction((PetscObject)nep, CONVERGENCE_FN, &f));
  PetscCheck(f, PetscObjectComm((PetscObject)nep), PETSC_ERR_ORDER, "no Rust convergence test on this solver");
  PetscCall((*f)(nep, &eigr, &eigi, res, errest, ctx));
  PetscFunctionReturn(0);
}

PetscErrorCode slepcrs_NEPSetFunction(NEP nep, Mat A, Mat B, slepcrs_NEPFunctionFn f, void *ctx)
{
  PetscFunctionBegin;
  PetscValidHeaderSpecific(nep, NEP_CLASSID, 1);
  PetscCheck(f, PETSC_COMM_SELF, PETSC_ERR_ARG_NULL, "null routine");
  PetscCall(NEPSetFunction(nep, A, B, FunctionByValue, ctx));
  PetscCall(PetscObjectComposeFunction((PetscObject)nep, FUNCTION_FN, f));
  PetscFunctionReturn(0);
}

PetscErrorCode slepcrs_NEPSetJacobian(NEP nep, Mat J, slepcrs_NEPJacobianFn f, void *ctx)
{
  PetscFunctionBegin;
  PetscValidHeaderSpecific(nep, NEP_CLASSID, 1);
  PetscCheck(f, PETSC_COMM_SELF, PETSC_ERR_ARG_NULL, "null routine");
  PetscCall(NEPSetJacobian(nep, J, JacobianByValue, ctx));
  PetscCall(PetscObjectComposeFunction((PetscObject)nep, JACOBIAN_FN, f));
  PetscFunctionReturn(0);
}

PetscErrorCode slepcrs_NEPSetConvergenceTestFunction(NEP nep, slepcrs_NEPConvergenceFn f, void *ctx, PetscErrorCode (*destroy)(void *))
{
  PetscFunctionBegin;
  PetscValidHeaderSpecific(nep, NEP_CLASSID, 1);
  PetscCheck(f, PETSC_COMM_SELF, PETSC_ERR_ARG_NULL, "null routine");
  PetscCall(PetscObjectComposeFunction((PetscObject)nep, CONVERGENCE_FN, f));
  PetscCall(NEPSetConvergenceTestFunction(nep, ConvergenceByValue, ctx, destroy));
  PetscFunctionReturn(0);
}

/* The eigenvalue comparison gets no solver: its context is this block, owned by a
   container composed on the solver. */
typedef struct {
  slepcrs_NEPComparisonFn f;
  void                   *ctx;
} ComparisonBlock;

static PetscErrorCode ComparisonByValue(PetscScalar ar, PetscScalar ai, PetscScalar br, PetscScalar bi, PetscInt *res, void *ctx)
{
  ComparisonBlock *b = (ComparisonBlock *)ctx;

  PetscFunctionBegin;
  PetscCheck(b && b->f, PETSC_COMM_SELF, PETSC_ERR_ORDER, "no Rust eigenvalue comparison");
  PetscCall((*b->f)(&ar, &ai, &br, &bi, res, b->ctx));
  PetscFunctionReturn(0);
}

static PetscErrorCode ComparisonBlockDestroy(SLEPCRS_CTX_ARG p)
{
  void *b = SLEPCRS_CTX(p);

  PetscFunctionBegin;
  PetscCall(PetscFree(b));
  PetscFunctionReturn(0);
}

PetscErrorCode slepcrs_NEPSetEigenvalueComparison(NEP nep, slepcrs_NEPComparisonFn f, void *ctx)
{
  ComparisonBlock *b;
  PetscContainer   c;

  PetscFunctionBegin;
  PetscValidHeaderSpecific(nep, NEP_CLASSID, 1);
  PetscCheck(f, PETSC_COMM_SELF, PETSC_ERR_ARG_NULL, "null routine");
  PetscCall(PetscNew(&b));
  b->f   = f;
  b->ctx = ctx;
  PetscCall(PetscContainerCreate(PETSC_COMM_SELF, &c));
  PetscCall(PetscContainerSetPointer(c, b));
  PetscCall(slepcrs_ContainerSetDestroy(c, ComparisonBlockDestroy));
  PetscCall(PetscObjectCompose((PetscObject)nep, COMPARISON_BLOCK, (PetscObject)c));
  PetscCall(PetscContainerDestroy(&c));
  PetscCall(NEPSetEigenvalueComparison(nep, ComparisonByValue, b));
  PetscFunctionReturn(0);
}

PetscErrorCode slepcrs_NEPHasJacobian(NEP nep, PetscBool *has)
{
  PetscFunctionBegin;
  PetscValidHeaderSpecific(nep, NEP_CLASSID, 1);
  PetscCheck(has, PETSC_COMM_SELF, PETSC_ERR_ARG_NULL, "null output");
  *has = (nep->computejacobian && nep->jacobian) ? PETSC_TRUE : PETSC_FALSE;
  PetscFunctionReturn(0);
}

PetscErrorCode slepcrs_NEPGetUserInterface(NEP nep, PetscInt *fui)
{
  PetscFunctionBegin;
  PetscValidHeaderSpecific(nep, NEP_CLASSID, 1);
  PetscCheck(fui, PETSC_COMM_SELF, PETSC_ERR_ARG_NULL, "null output");
  *fui = 0;
  /* NEPReset() drops the problem's matrices but not the form. */
  if (nep->fui == NEP_USER_INTERFACE_CALLBACK && nep->function) *fui = 1;
  if (nep->fui == NEP_USER_INTERFACE_SPLIT && nep->nt > 0) *fui = 2;
  PetscFunctionReturn(0);
}

/* What NEPSetType() leaves undone when the type changes, done first:
   - it destroys the old type's data without resetting it: the set-up data of a solved
     NLEIGS solver (its divided differences, shifts, matrices) leaked. Reset first, as
     NEPReset() would.
   - NLEIGS's destroy frees its inner EPS only in the full-basis variant: an EPS created
     (NEPNLEIGSGetEPS()) while the variant was off leaked. The variant is switched on
     first, so that the destroy frees it. */
static PetscErrorCode NEPBeforeTypeChange(NEP nep, const char *type)
{
  PetscBool nleigs = PETSC_FALSE, match = PETSC_TRUE;
  PetscErrorCode (*create)(NEP) = NULL;

  PetscFunctionBegin;
  /* Nothing changes for the same type, and an unknown one leaves the solver as it is
     (NEPSetType() refuses it). */
  if (!((PetscObject)nep)->type_name) PetscFunctionReturn(0);
  PetscCall(PetscObjectTypeCompare((PetscObject)nep, type, &match));
  PetscCall(PetscFunctionListFind(NEPList, type, &create));
  if (match || !create) PetscFunctionReturn(0);
  if (nep->state >= NEP_STATE_SETUP && nep->ops->reset) {
    PetscCall((*nep->ops->reset)(nep));
    nep->state = NEP_STATE_INITIAL;
  }
  PetscCall(PetscObjectTypeCompare((PetscObject)nep, NEPNLEIGS, &nleigs));
  if (nleigs) PetscCall(NEPNLEIGSSetFullBasis(nep, PETSC_TRUE));
  PetscFunctionReturn(0);
}

PetscErrorCode slepcrs_NEPSetType(NEP nep, NEPType type)
{
  PetscFunctionBegin;
  PetscValidHeaderSpecific(nep, NEP_CLASSID, 1);
  PetscCall(NEPBeforeTypeChange(nep, type));
  PetscCall(NEPSetType(nep, type));
  PetscFunctionReturn(0);
}

/* NEPSetFromOptions(), with the type change that -nep_type asks for prepared as in
   slepcrs_NEPSetType(). */
PetscErrorCode slepcrs_NEPSetFromOptions(NEP nep)
{
  char      type[256];
  PetscBool set = PETSC_FALSE;

  PetscFunctionBegin;
  PetscValidHeaderSpecific(nep, NEP_CLASSID, 1);
  PetscCall(PetscOptionsGetString(((PetscObject)nep)->options, ((PetscObject)nep)->prefix,
                                  "-nep_type", type, sizeof(type), &set));
  if (set) PetscCall(NEPBeforeTypeChange(nep, type));
  PetscCall(NEPSetFromOptions(nep));
  PetscFunctionReturn(0);
}

/* NEPDestroy(), freeing NLEIGS's inner EPS (see NEPBeforeTypeChange()) when this is
   the last reference. A CISS solver never set up has no contour data, which NEPReset()
   (run by NEPDestroy()) reads through a null pointer: its type goes first (the type's
   own destroy frees what it made). */
PetscErrorCode slepcrs_NEPDestroy(NEP *nep)
{
  PetscBool nleigs = PETSC_FALSE, ciss = PETSC_FALSE;

  PetscFunctionBegin;
  if (nep && *nep && ((PetscObject)*nep)->refct == 1) {
    PetscCall(PetscObjectTypeCompare((PetscObject)*nep, NEPNLEIGS, &nleigs));
    if (nleigs) PetscCall(NEPNLEIGSSetFullBasis(*nep, PETSC_TRUE));
    PetscCall(PetscObjectTypeCompare((PetscObject)*nep, NEPCISS, &ciss));
    if (ciss && (*nep)->state == NEP_STATE_INITIAL) PetscCall(NEPSetType(*nep, NEPRII));
  }
  PetscCall(NEPDestroy(nep));
  PetscFunctionReturn(0);
}

/* NEPSetUp(). On a problem in split form NEPSetUp() duplicates A[0] into the solver's
   function, preconditioner and Jacobian matrices without destroying those of an
   earlier set-up, so every new set-up after a solve (a changed setting, a recovered
   failure) leaked them. They go first here, as NEPReset() drops them. */
PetscErrorCode slepcrs_NEPSetUp(NEP nep)
{
  PetscFunctionBegin;
  PetscValidHeaderSpecific(nep, NEP_CLASSID, 1);
  if (nep->state == NEP_STATE_INITIAL && nep->fui == NEP_USER_INTERFACE_SPLIT) {
    PetscCall(MatDestroy(&nep->function));
    PetscCall(MatDestroy(&nep->function_pre));
    PetscCall(MatDestroy(&nep->jacobian));
  }
  PetscCall(NEPSetUp(nep));
  PetscFunctionReturn(0);
}

/* NEPRefineGetKSP() sets the options prefix of the KSP it creates through its output
   argument before it assigns it (SLEPc 3.18 to 3.26 at least: a null or stale pointer,
   a crash): given the solver's own field as the output, the pointer it reads is the one
   it has just made. */
PetscErrorCode slepcrs_NEPRefineGetKSP(NEP nep, KSP *ksp)
{
  PetscFunctionBegin;
  PetscValidHeaderSpecific(nep, NEP_CLASSID, 1);
  PetscCheck(ksp, PETSC_COMM_SELF, PETSC_ERR_ARG_NULL, "null output");
  if (!nep->refineksp) PetscCall(NEPRefineGetKSP(nep, &nep->refineksp));
  *ksp = nep->refineksp;
  PetscFunctionReturn(0);
}

/* ---------------------------------------------------------------------------------
   Recovery (with the helpers of recover.c).
   --------------------------------------------------------------------------------- */

PetscErrorCode slepcrs_NEPTrackSubMatrices(NEP nep)
{
  PetscInt m;

  PetscFunctionBegin;
  if (!nep || !nep->ds) PetscFunctionReturn(0);
  for (m = 0; m < DS_NUM_MAT; m++) PetscCall(slepcrs_TrackSubMatrices(nep->ds->omat[m]));
  PetscFunctionReturn(0);
}

PetscErrorCode slepcrs_NEPRecover(NEP nep)
{
  PetscInt m;

  PetscFunctionBegin;
  if (!nep) PetscFunctionReturn(0);
  /* Nothing here is the error the caller reports: the failed calls below stay silent. */
  PetscCall(PetscPushErrorHandler(PetscReturnErrorHandler, NULL));

  if (nep->ds) {
    for (m = 0; m < DS_NUM_MAT; m++) slepcrs_RecoverDense(nep->ds->omat[m]);
  }
  slepcrs_RecoverBV(nep->V, 0);
  slepcrs_RecoverBV(nep->W, 0);
  for (m = 0; m < nep->nwork; m++) slepcrs_ReleaseReadLocks(nep->work[m]);
  /* As at the end of a successful NEPSolve(): the initial space is used up (copied into
     the basis at set-up, when its count became positive), and the resolvent goes. */
  if (nep->nini > 0) nep->nini = 0;
  (void)MatDestroy(&nep->resolvent);

  /* The solver type's work data goes, and the next solve sets it up again; the problem,
     the settings and the inner solvers stay. */
  if (nep->state >= NEP_STATE_SETUP && nep->ops->reset) (void)(*nep->ops->reset)(nep);
  nep->state = NEP_STATE_INITIAL;

  PetscCall(PetscPopErrorHandler());
  PetscFunctionReturn(0);
}

PetscErrorCode slepcrs_NEPSetStateInitial(NEP nep)
{
  PetscFunctionBegin;
  PetscValidHeaderSpecific(nep, NEP_CLASSID, 1);
  nep->state = NEP_STATE_INITIAL;
  PetscFunctionReturn(0);
}
