/* Functions for PETSc macros and inline functions that bindgen cannot bind. */
#ifndef PETSCRS_SHIM_H
#define PETSCRS_SHIM_H
#include <petscsys.h>
#include <petscmat.h>

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
/* PETSC_ERR_USER (a macro, then an enumerator, depending on the version). */
PetscErrorCode petscrs_err_user(void);

/* The functions that take a PetscScalar by value, taking it by pointer instead. With
   complex scalars a `double _Complex` argument has its own calling convention, which a
   Rust struct of two doubles is not guaranteed to share on every target; through these,
   scalars cross the boundary only in memory. */
PetscErrorCode petscrs_VecSet(Vec x, const PetscScalar *alpha);
PetscErrorCode petscrs_VecScale(Vec x, const PetscScalar *alpha);
PetscErrorCode petscrs_VecShift(Vec x, const PetscScalar *alpha);
PetscErrorCode petscrs_VecAXPY(Vec y, const PetscScalar *alpha, Vec x);
PetscErrorCode petscrs_VecAYPX(Vec y, const PetscScalar *beta, Vec x);
PetscErrorCode petscrs_VecWAXPY(Vec w, const PetscScalar *alpha, Vec x, Vec y);
PetscErrorCode petscrs_MatScale(Mat a, const PetscScalar *alpha);
PetscErrorCode petscrs_MatShift(Mat a, const PetscScalar *alpha);
PetscErrorCode petscrs_MatZeroRows(Mat a, PetscInt n, const PetscInt rows[], const PetscScalar *diag, Vec x, Vec b);
PetscErrorCode petscrs_MatZeroRowsColumns(Mat a, PetscInt n, const PetscInt rows[], const PetscScalar *diag, Vec x, Vec b);
#endif
