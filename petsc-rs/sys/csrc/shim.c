#include "shim.h"

MPI_Comm petscrs_comm_self(void) { return PETSC_COMM_SELF; }
MPI_Comm petscrs_comm_world(void) { return PETSC_COMM_WORLD; }
MPI_Comm petscrs_comm_null(void) { return MPI_COMM_NULL; }
PetscErrorCode petscrs_PetscCitationsRegister(const char cit[], PetscBool *set) { return PetscCitationsRegister(cit, set); }
MPI_Datatype petscrs_mpiu_int(void) { return MPIU_INT; }
MPI_Datatype petscrs_mpiu_real(void) { return MPIU_REAL; }
MPI_Datatype petscrs_mpiu_scalar(void) { return MPIU_SCALAR; }
MPI_Op petscrs_mpi_op(int which)
{
  switch (which) {
  case 0: return MPI_REPLACE;
  case 1: return MPI_SUM;
  case 2: return MPI_PROD;
  case 3: return MPI_MAX;
  case 4: return MPI_MIN;
  default: return MPI_OP_NULL;
  }
}
size_t petscrs_sizeof_scalar(void) { return sizeof(PetscScalar); }
size_t petscrs_sizeof_int(void) { return sizeof(PetscInt); }
size_t petscrs_sizeof_real(void) { return sizeof(PetscReal); }
PetscErrorCode petscrs_err_user(void) { return PETSC_ERR_USER; }
PetscErrorCode petscrs_err_not_converged(void) { return PETSC_ERR_NOT_CONVERGED; }
PetscErrorCode petscrs_err_sup(void) { return PETSC_ERR_SUP; }

int petscrs_sf_neighbor_persistent(void)
{
#if defined(PETSC_HAVE_MPI_PERSISTENT_NEIGHBORHOOD_COLLECTIVES)
  return 1;
#else
  return 0;
#endif
}

PetscErrorCode petscrs_VecSet(Vec x, const PetscScalar *alpha) { return VecSet(x, *alpha); }
PetscErrorCode petscrs_VecScale(Vec x, const PetscScalar *alpha) { return VecScale(x, *alpha); }
PetscErrorCode petscrs_VecShift(Vec x, const PetscScalar *alpha) { return VecShift(x, *alpha); }
PetscErrorCode petscrs_VecAXPY(Vec y, const PetscScalar *alpha, Vec x) { return VecAXPY(y, *alpha, x); }
PetscErrorCode petscrs_VecAYPX(Vec y, const PetscScalar *beta, Vec x) { return VecAYPX(y, *beta, x); }
PetscErrorCode petscrs_VecWAXPY(Vec w, const PetscScalar *alpha, Vec x, Vec y) { return VecWAXPY(w, *alpha, x, y); }
PetscErrorCode petscrs_MatScale(Mat a, const PetscScalar *alpha) { return MatScale(a, *alpha); }
PetscErrorCode petscrs_MatShift(Mat a, const PetscScalar *alpha) { return MatShift(a, *alpha); }
PetscErrorCode petscrs_MatZeroRows(Mat a, PetscInt n, const PetscInt rows[], const PetscScalar *diag, Vec x, Vec b) { return MatZeroRows(a, n, rows, *diag, x, b); }
PetscErrorCode petscrs_MatZeroRowsColumns(Mat a, PetscInt n, const PetscInt rows[], const PetscScalar *diag, Vec x, Vec b) { return MatZeroRowsColumns(a, n, rows, *diag, x, b); }

PetscErrorCode petscrs_PetscLogEventBegin(PetscLogEvent e) { return PetscLogEventBegin(e, 0, 0, 0, 0); }
PetscErrorCode petscrs_PetscLogEventEnd(PetscLogEvent e) { return PetscLogEventEnd(e, 0, 0, 0, 0); }
PetscErrorCode petscrs_PetscLogFlops(PetscLogDouble n) { return PetscLogFlops(n); }
PetscErrorCode petscrs_PetscTime(PetscLogDouble *t) { return PetscTime(t); }
PetscErrorCode petscrs_PetscFree(void *p) { return PetscFree(p); }
PetscErrorCode petscrs_PetscMalloc(size_t bytes, void **p) { return PetscMalloc(bytes, p); }
PetscErrorCode petscrs_PetscStrallocpy(const char s[], char **t) { return PetscStrallocpy(s, t); }
PetscErrorCode petscrs_PCPatchSetConstructType(PC pc, PCPatchConstructType type) { return PCPatchSetConstructType(pc, type, NULL, NULL); }
