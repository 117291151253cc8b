/* The shim functions that read PETSc's private structures. Kept apart from shim.c so that
   only this file sees the private headers (installed with every PETSc, but not part of
   its API: compiled against the PETSc found, so the layout always matches). */
#include "shim.h"
#include <petsc/private/pcimpl.h>

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
