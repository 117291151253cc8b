#include "shim.h"

size_t slepcrs_sizeof_scalar(void) { return sizeof(PetscScalar); }
size_t slepcrs_sizeof_int(void) { return sizeof(PetscInt); }
PetscBool slepcrs_initialized(void) { return SlepcInitializeCalled; }
PetscErrorCode slepcrs_EPSSetTarget(EPS eps, const PetscScalar *target) { return EPSSetTarget(eps, *target); }
PetscErrorCode slepcrs_STSetShift(ST st, const PetscScalar *shift) { return STSetShift(st, *shift); }
PetscErrorCode slepcrs_FNSetScale(FN fn, const PetscScalar *alpha, const PetscScalar *beta) { return FNSetScale(fn, *alpha, *beta); }
PetscErrorCode slepcrs_FNEvaluateFunction(FN fn, const PetscScalar *x, PetscScalar *y) { return FNEvaluateFunction(fn, *x, y); }
PetscErrorCode slepcrs_FNEvaluateDerivative(FN fn, const PetscScalar *x, PetscScalar *y) { return FNEvaluateDerivative(fn, *x, y); }

PetscErrorCode slepcrs_EPSCISSSetUseST(EPS eps, PetscBool usest)
{
#if SLEPC_VERSION_GE(3, 26, 0)
  return EPSCISSSetStrategy(eps, usest ? EPS_CISS_STRATEGY_USEST : EPS_CISS_STRATEGY_SPLIT);
#else
  return EPSCISSSetUseST(eps, usest);
#endif
}

PetscErrorCode slepcrs_EPSCISSGetUseST(EPS eps, PetscBool *usest)
{
#if SLEPC_VERSION_GE(3, 26, 0)
  EPSCISSStrategy strategy;

  if (!usest) return PETSC_ERR_ARG_NULL;
  PetscCall(EPSCISSGetStrategy(eps, &strategy));
  *usest = strategy == EPS_CISS_STRATEGY_USEST ? PETSC_TRUE : PETSC_FALSE;
  return 0;
#else
  return EPSCISSGetUseST(eps, usest);
#endif
}
