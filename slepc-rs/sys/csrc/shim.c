#include "shim.h"

size_t slepcrs_sizeof_scalar(void) { return sizeof(PetscScalar); }
size_t slepcrs_sizeof_int(void) { return sizeof(PetscInt); }
PetscBool slepcrs_initialized(void) { return SlepcInitializeCalled; }
