/* Functions for SLEPc macros that bindgen cannot bind. */
#ifndef SLEPCRS_SHIM_H
#define SLEPCRS_SHIM_H
#include <slepceps.h>

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
#endif
