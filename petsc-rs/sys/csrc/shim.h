/* Functions for PETSc macros and inline functions that bindgen cannot bind. */
#ifndef PETSCRS_SHIM_H
#define PETSCRS_SHIM_H
#include <petscsys.h>

/* PETSC_COMM_SELF (a macro for MPI_COMM_SELF). */
MPI_Comm petscrs_comm_self(void);
/* PETSC_COMM_WORLD (a global that may be set before PetscInitialize). */
MPI_Comm petscrs_comm_world(void);
/* MPI_COMM_NULL. */
MPI_Comm petscrs_comm_null(void);
/* sizeof(PetscScalar), sizeof(PetscInt), sizeof(PetscReal): checked against Rust's. */
size_t petscrs_sizeof_scalar(void);
size_t petscrs_sizeof_int(void);
size_t petscrs_sizeof_real(void);
#endif
