/* The recovery helpers that private.c (EPS, SVD) and the NEP and PEP shims share: they
   give back what an eigensolver had fetched when an error ended its solve part way
   through (see private.c for what SLEPc leaves open). Only files that read SLEPc's
   private structures include recover.h. */
#include "recover.h"
#include <slepc/private/bvimpl.h>

/* The names under which a tracked dense matrix keeps the sub-matrix it handed out, and
   its type's own functions. */
#define SUBMAT_OUT "slepcrs_submatrix_out"
#define GET_SUBMAT_ORIG "slepcrs_MatDenseGetSubMatrix_orig_C"
#define RESTORE_SUBMAT_ORIG "slepcrs_MatDenseRestoreSubMatrix_orig_C"

typedef PetscErrorCode (*GetSubMatrixFn)(Mat, PetscInt, PetscInt, PetscInt, PetscInt, Mat *);
typedef PetscErrorCode (*RestoreSubMatrixFn)(Mat, Mat *);

/* MatDenseGetSubMatrix() of a tracked matrix: the type's own, then records the result. */
static PetscErrorCode TrackedGetSubMatrix(Mat A, PetscInt rbegin, PetscInt rend, PetscInt cbegin, PetscInt cend, Mat *v)
{
  GetSubMatrixFn f = NULL;

  PetscFunctionBegin;
  PetscCall(PetscObjectQueryFunction((PetscObject)A, GET_SUBMAT_ORIG, &f));
  PetscCheck(f, PETSC_COMM_SELF, PETSC_ERR_PLIB, "tracked dense matrix without its MatDenseGetSubMatrix()");
  PetscCall((*f)(A, rbegin, rend, cbegin, cend, v));
  PetscCall(PetscObjectCompose((PetscObject)A, SUBMAT_OUT, (PetscObject)*v));
  PetscFunctionReturn(0);
}

/* MatDenseRestoreSubMatrix() of a tracked matrix: the type's own, then forgets it. */
static PetscErrorCode TrackedRestoreSubMatrix(Mat A, Mat *v)
{
  RestoreSubMatrixFn f = NULL;

  PetscFunctionBegin;
  PetscCall(PetscObjectQueryFunction((PetscObject)A, RESTORE_SUBMAT_ORIG, &f));
  PetscCheck(f, PETSC_COMM_SELF, PETSC_ERR_PLIB, "tracked dense matrix without its MatDenseRestoreSubMatrix()");
  PetscCall((*f)(A, v));
  PetscCall(PetscObjectCompose((PetscObject)A, SUBMAT_OUT, NULL));
  PetscFunctionReturn(0);
}

/* Makes a dense matrix record the sub-matrix it hands out (once; other types: nothing). */
PetscErrorCode slepcrs_TrackSubMatrices(Mat A)
{
  void (*get)(void) = NULL, (*restore)(void) = NULL, (*orig)(void) = NULL;

  PetscFunctionBegin;
  if (!A) PetscFunctionReturn(0);
  PetscCall(PetscObjectQueryFunction((PetscObject)A, GET_SUBMAT_ORIG, &orig));
  if (orig) PetscFunctionReturn(0);
  PetscCall(PetscObjectQueryFunction((PetscObject)A, "MatDenseGetSubMatrix_C", &get));
  PetscCall(PetscObjectQueryFunction((PetscObject)A, "MatDenseRestoreSubMatrix_C", &restore));
  if (!get || !restore) PetscFunctionReturn(0);
  PetscCall(PetscObjectComposeFunction((PetscObject)A, GET_SUBMAT_ORIG, get));
  PetscCall(PetscObjectComposeFunction((PetscObject)A, RESTORE_SUBMAT_ORIG, restore));
  PetscCall(PetscObjectComposeFunction((PetscObject)A, "MatDenseGetSubMatrix_C", TrackedGetSubMatrix));
  PetscCall(PetscObjectComposeFunction((PetscObject)A, "MatDenseRestoreSubMatrix_C", TrackedRestoreSubMatrix));
  PetscFunctionReturn(0);
}

/* Drops every read lock on v (a PETSc build without them: nothing). */
void slepcrs_ReleaseReadLocks(Vec v)
{
  PetscInt       i, state;
  PetscErrorCode ierr;

  if (!v) return;
  /* Bounded: a lock count is a nesting depth, never large. */
  for (i = 0; i < 64; i++) {
    state = 0;
    ierr  = (PetscErrorCode)(VecLockGet(v, &state));
    if (ierr || state <= 0) return;
    ierr = (PetscErrorCode)(VecLockReadPop(v));
    if (ierr) return;
  }
}

/* Gives back the column a dense matrix handed out as a vector (MatDenseGetColumnVec()
   and its Read and Write forms), if one is out, with the read lock on it. */
static void RestoreColumnVec(Mat A)
{
  Vec v = NULL;

  if (!A) return;
  /* Refused unless a column is out (whichever was fetched: the column is not checked). */
  if (MatDenseRestoreColumnVec(A, 0, &v)) return;
  /* The matrix's column vector again, now free, to drop the lock of a Read form. */
  if (!MatDenseGetColumnVec(A, 0, &v)) {
    slepcrs_ReleaseReadLocks(v);
    (void)MatDenseRestoreColumnVec(A, 0, &v);
  }
}

/* Gives back what a dense matrix handed out: a column, and the sub-matrix a tracked
   matrix recorded (and the column that sub-matrix handed out). */
void slepcrs_RecoverDense(Mat A)
{
  PetscObject sub = NULL;
  Mat         S;

  if (!A) return;
  RestoreColumnVec(A);
  if (PetscObjectQuery((PetscObject)A, SUBMAT_OUT, &sub) || !sub) return;
  S = (Mat)sub;
  RestoreColumnVec(S);
  if (MatDenseRestoreSubMatrix(A, &S)) {
    /* Whatever refused it, the record must not outlive the matrix it names. */
    (void)PetscObjectCompose((PetscObject)A, SUBMAT_OUT, NULL);
  }
}

/* Gives back what was fetched from a basis: its columns, the halves of a split, the
   basis as a matrix; and the same on the bases it holds. */
void slepcrs_RecoverBV(BV bv, PetscInt depth)
{
  PetscInt l;
  Vec      v;
  BV       L, R;

  if (!bv || depth > 4) return;
  /* Split by columns (BVGetSplit(); later SLEPc versions also split by rows, marked by
     a negative value, which no eigensolver does here). */
  if (bv->lsplit > 0) {
    slepcrs_RecoverBV(bv->L, depth + 1);
    slepcrs_RecoverBV(bv->R, depth + 1);
    L = bv->L;
    R = bv->R;
    (void)BVRestoreSplit(bv, L ? &L : NULL, R ? &R : NULL);
  }
  for (l = 0; l < 2; l++) {
    slepcrs_ReleaseReadLocks(bv->cv[l]);
    if (bv->ci[l] != -bv->nc - 1 && bv->cv[l]) {
      v = bv->cv[l];
      (void)BVRestoreColumn(bv, bv->ci[l], &v);
    }
  }
  if (bv->Aget) {
    PetscScalar *a = NULL, *b;
    /* A product with the matrix may have left one of its columns out. */
    RestoreColumnVec(bv->Aget);
    /* BVRestoreMat() leaves the matrix in place with no array: an array means in use. */
    if (!MatDenseGetArray(bv->Aget, &a)) {
      b = a;
      (void)MatDenseRestoreArray(bv->Aget, &b);
      if (a) {
        Mat A = bv->Aget;
        (void)BVRestoreMat(bv, &A);
      }
    }
  }
  slepcrs_RecoverBV(bv->cached, depth + 1);
}
