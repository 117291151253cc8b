#include "shim.h"

size_t slepcrs_sizeof_scalar(void) { return sizeof(PetscScalar); }
size_t slepcrs_sizeof_int(void) { return sizeof(PetscInt); }
PetscBool slepcrs_initialized(void) { return SlepcInitializeCalled; }
PetscErrorCode slepcrs_EPSSetTarget(EPS eps, const PetscScalar *target) { return EPSSetTarget(eps, *target); }
PetscErrorCode slepcrs_STSetShift(ST st, const PetscScalar *shift) { return STSetShift(st, *shift); }
