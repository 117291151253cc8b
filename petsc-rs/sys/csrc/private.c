/* The shim functions that read PETSc's private structures. Kept apart from shim.c so that
   only this file sees the private headers (installed with every PETSc, but not part of
   its API: compiled against the PETSc found, so the layout always matches). */
#include "shim.h"
#include <petsc/private/pcimpl.h>
#include <petsc/private/kspimpl.h>
#include <petsc/private/sectionimpl.h>
#include <petsc/private/dmlabelimpl.h>

PetscErrorCode petscrs_DMLabelGetIndex(DMLabel label, PetscBool *has, PetscInt *start, PetscInt *end)
{
  if (!label || !has || !start || !end) return PETSC_ERR_ARG_NULL;
  *has   = label->bt ? PETSC_TRUE : PETSC_FALSE;
  *start = label->pStart;
  *end   = label->pEnd;
  return 0;
}

PetscErrorCode petscrs_PetscSectionIsSetUp(PetscSection s, PetscBool *setup)
{
  if (!s || !setup) return PETSC_ERR_ARG_NULL;
  *setup = s->setup;
  return 0;
}

PetscErrorCode petscrs_PCGetPreSolveDepth(PC pc, PetscInt *depth)
{
  if (!pc || !depth) return PETSC_ERR_ARG_NULL;
  *depth = pc->presolvedone;
  return 0;
}

PetscErrorCode petscrs_PCSetPreSolveDepth(PC pc, PetscInt depth)
{
  if (!pc) return PETSC_ERR_ARG_NULL;
  pc->presolvedone = depth;
  return 0;
}

PetscErrorCode petscrs_KSPUnscaleAfterFailure(KSP ksp)
{
  Mat mat, pmat;

  if (!ksp) return PETSC_ERR_ARG_NULL;
  if (!ksp->dscale || !ksp->dscalefix || !ksp->diagonal || !ksp->vec_rhs) return 0;
  /* The failed solve scaled the right-hand side and the operators by D (KSPSolve's
     start, or KSPSetUp on the first solve); scale them by 1/D, as KSPSolve's end does. */
  PetscCall(VecReciprocal(ksp->diagonal));
  PetscCall(VecPointwiseMult(ksp->vec_rhs, ksp->vec_rhs, ksp->diagonal));
  PetscCall(PCGetOperators(ksp->pc, &mat, &pmat));
  PetscCall(MatDiagonalScale(pmat, ksp->diagonal, ksp->diagonal));
  if (mat != pmat) PetscCall(MatDiagonalScale(mat, ksp->diagonal, ksp->diagonal));
  PetscCall(VecReciprocal(ksp->diagonal));
  ksp->dscalefix2 = PETSC_TRUE;
  return 0;
}

/* The setters petsc4py adds to KSP (its custom.h), which PETSc itself does not have (3.18
   to 3.25): the iteration count, residual norm and converged reason a solver reports, and
   one more entry of its residual history (PETSc's private KSPLogResidualHistory). */
PetscErrorCode petscrs_KSPSetIterationNumber(KSP ksp, PetscInt its)
{
  if (!ksp) return PETSC_ERR_ARG_NULL;
  ksp->its = its;
  return 0;
}

PetscErrorCode petscrs_KSPSetResidualNorm(KSP ksp, PetscReal rnorm)
{
  if (!ksp) return PETSC_ERR_ARG_NULL;
  ksp->rnorm = rnorm;
  return 0;
}

PetscErrorCode petscrs_KSPSetConvergedReason(KSP ksp, KSPConvergedReason reason)
{
  if (!ksp) return PETSC_ERR_ARG_NULL;
  ksp->reason = reason;
  return 0;
}

PetscErrorCode petscrs_KSPLogResidualHistory(KSP ksp, PetscReal rnorm)
{
  if (!ksp) return PETSC_ERR_ARG_NULL;
  return KSPLogResidualHistory(ksp, rnorm);
}
