#include "shim.h"

size_t slepcrs_sizeof_scalar(void) { return sizeof(PetscScalar); }
size_t slepcrs_sizeof_int(void) { return sizeof(PetscInt); }
PetscBool slepcrs_initialized(void) { return SlepcInitializeCalled; }
PetscErrorCode slepcrs_EPSSetTarget(EPS eps, const PetscScalar *target) { return EPSSetTarget(eps, *target); }
PetscErrorCode slepcrs_STSetShift(ST st, const PetscScalar *shift) { return STSetShift(st, *shift); }
PetscErrorCode slepcrs_FNSetScale(FN fn, const PetscScalar *alpha, const PetscScalar *beta) { return FNSetScale(fn, *alpha, *beta); }
PetscErrorCode slepcrs_FNEvaluateFunction(FN fn, const PetscScalar *x, PetscScalar *y) { return FNEvaluateFunction(fn, *x, y); }
PetscErrorCode slepcrs_FNEvaluateDerivative(FN fn, const PetscScalar *x, PetscScalar *y) { return FNEvaluateDerivative(fn, *x, y); }
