#include "shim.h"

MPI_Comm petscrs_comm_self(void) { return PETSC_COMM_SELF; }
MPI_Comm petscrs_comm_world(void) { return PETSC_COMM_WORLD; }
MPI_Comm petscrs_comm_null(void) { return MPI_COMM_NULL; }
size_t petscrs_sizeof_scalar(void) { return sizeof(PetscScalar); }
size_t petscrs_sizeof_int(void) { return sizeof(PetscInt); }
size_t petscrs_sizeof_real(void) { return sizeof(PetscReal); }
