/* Recovery helpers shared by the shims that read SLEPc's private structures (private.c
   for EPS and SVD, nep.c, pep.c); not part of the bindings. */
#ifndef SLEPCRS_RECOVER_H
#define SLEPCRS_RECOVER_H
#include <slepcbv.h>

/* A container's context destroyer, as each PETSc types it: PetscContainerSetUserDestroy()
   hands it the context up to 3.22; PetscContainerSetCtxDestroy() the address of the
   context from 3.23 (typed void ** in 3.23 and 3.24, PetscCtxRt, a void *, from 3.25).
   SLEPCRS_CTX(p) is the context; slepcrs_ContainerSetDestroy() sets the destroyer. */
#if PETSC_VERSION_GE(3, 25, 0)
  #define SLEPCRS_CTX_ARG PetscCtxRt
  #define SLEPCRS_CTX(p)  (*(void **)(p))
#elif PETSC_VERSION_GE(3, 23, 0)
  #define SLEPCRS_CTX_ARG void **
  #define SLEPCRS_CTX(p)  (*(p))
#else
  #define SLEPCRS_CTX_ARG void *
  #define SLEPCRS_CTX(p)  (p)
#endif
#if PETSC_VERSION_GE(3, 23, 0)
  #define slepcrs_ContainerSetDestroy PetscContainerSetCtxDestroy
#else
  #define slepcrs_ContainerSetDestroy PetscContainerSetUserDestroy
#endif

/* Makes a dense matrix record the sub-matrix it hands out (MatDenseGetSubMatrix), so that
   slepcrs_RecoverDense() can give it back; once per matrix; other types: nothing. */
PetscErrorCode slepcrs_TrackSubMatrices(Mat A);
/* Drops every read lock on v (a PETSc build without them: nothing). Silent. */
void slepcrs_ReleaseReadLocks(Vec v);
/* Gives back what a dense matrix handed out: a column, and the sub-matrix a tracked
   matrix recorded (and the column that sub-matrix handed out). Silent. */
void slepcrs_RecoverDense(Mat A);
/* Gives back what was fetched from a basis (columns, split halves, the basis as a
   matrix), and the same on the bases it holds (depth: the nesting, bounded). Silent. */
void slepcrs_RecoverBV(BV bv, PetscInt depth);

#endif
