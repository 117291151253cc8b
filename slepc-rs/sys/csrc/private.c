/* The shim functions that read SLEPc's private structures, to put an eigensolver back
   in a usable state after an error ended EPSSolve() part way through. Kept apart from
   shim.c so that only this file sees the private headers (installed with every SLEPc,
   but not part of its API: compiled against the SLEPc found, so the layout always
   matches).

   SLEPc restores nothing on its error paths: an error raised inside the operator (a
   failing shell matrix, an inner linear solve) leaves open whatever the solver had
   fetched at that moment, and the next solve, or the destruction of the solver, then
   fails on it:
   - columns of the basis (BVGetColumn), a split basis (BVGetSplit), the basis seen as
     a dense matrix (BVGetMat), and a column of that matrix (MatDenseGetColumnVec(),
     which a product of a shell operator with the basis uses);
   - a sub-matrix of the dense matrices of the projected problem (DSGetMat, which is
     MatDenseGetSubMatrix): such a matrix refuses every later access, and its
     destruction, until MatDenseRestoreSubMatrix() is called with the very sub-matrix
     it handed out, which nothing keeps. Hence the tracking below: before a solve, the
     DS matrices record the sub-matrix they hand out;
   - the operator of the spectral transformation (STGetOperator);
   - the read locks on the vectors being multiplied (PETSc builds that keep them);
   - the solver type's own work data. */
#include "shim.h"
#include <slepc/private/epsimpl.h>
#include <slepc/private/bvimpl.h>
#include <slepc/private/dsimpl.h>
#include <slepc/private/stimpl.h>
#include <slepc/private/svdimpl.h>

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
static PetscErrorCode TrackSubMatrices(Mat A)
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

PetscErrorCode slepcrs_EPSTrackSubMatrices(EPS eps)
{
  PetscInt m;

  PetscFunctionBegin;
  if (!eps || !eps->ds) PetscFunctionReturn(0);
  for (m = 0; m < DS_NUM_MAT; m++) PetscCall(TrackSubMatrices(eps->ds->omat[m]));
  PetscFunctionReturn(0);
}

/* Drops every read lock on v (a PETSc build without them: nothing). */
static void ReleaseReadLocks(Vec v)
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
    ReleaseReadLocks(v);
    (void)MatDenseRestoreColumnVec(A, 0, &v);
  }
}

/* Gives back what a dense matrix handed out: a column, and the sub-matrix a tracked
   matrix recorded (and the column that sub-matrix handed out). */
static void RecoverDense(Mat A)
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
static void RecoverBV(BV bv, PetscInt depth)
{
  PetscInt l;
  Vec      v;
  BV       L, R;

  if (!bv || depth > 4) return;
  /* Split by columns (BVGetSplit(); later SLEPc versions also split by rows, marked by
     a negative value, which no eigensolver does here). */
  if (bv->lsplit > 0) {
    RecoverBV(bv->L, depth + 1);
    RecoverBV(bv->R, depth + 1);
    L = bv->L;
    R = bv->R;
    (void)BVRestoreSplit(bv, L ? &L : NULL, R ? &R : NULL);
  }
  for (l = 0; l < 2; l++) {
    ReleaseReadLocks(bv->cv[l]);
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
  RecoverBV(bv->cached, depth + 1);
}

PetscErrorCode slepcrs_EPSRecover(EPS eps)
{
  PetscInt m;
  ST       st;

  PetscFunctionBegin;
  if (!eps) PetscFunctionReturn(0);
  /* Nothing here is the error the caller reports: the failed calls below stay silent. */
  PetscCall(PetscPushErrorHandler(PetscIgnoreErrorHandler, NULL));

  if (eps->ds) {
    for (m = 0; m < DS_NUM_MAT; m++) RecoverDense(eps->ds->omat[m]);
  }
  RecoverBV(eps->V, 0);
  RecoverBV(eps->W, 0);
  for (m = 0; m < eps->nwork; m++) ReleaseReadLocks(eps->work[m]);

  st = eps->st;
  if (st) {
    if (st->opseized && st->Op) {
      Mat Op = st->Op;
      (void)STRestoreOperator(st, &Op);
    }
    for (m = 0; m < st->nwork; m++) ReleaseReadLocks(st->work[m]);
    ReleaseReadLocks(st->wb);
    ReleaseReadLocks(st->wht);
  }

  /* As at the end of a successful EPSSolve(): the initial and deflation spaces are used
     up (the columns that held them were overwritten). After the columns are restored:
     an unused column index depends on the number of constraints. */
  if (eps->V && eps->nds > 0) {
    (void)BVSetNumConstraints(eps->V, 0);
    eps->nds = 0;
  }
  if (eps->nini > 0) eps->nini = 0;
  if (eps->ninil > 0) eps->ninil = 0;

  /* The solver type's work data goes, and the next solve sets it up again, as after
     EPSSetOperators(); the operators, the spectral transformation, the bases and every
     setting stay. */
  {
    PetscBool ks = PETSC_FALSE;
    (void)PetscObjectTypeCompare((PetscObject)eps, EPSKRYLOVSCHUR, &ks);
    /* Spectrum slicing: SLEPc 3.18's reset of a slicing solver whose set-up failed
       part way can crash; its next set-up rebuilds the slicing data itself. */
    if (eps->ops->reset && !(ks && eps->which == EPS_ALL)) (void)(*eps->ops->reset)(eps);
  }
  eps->state = EPS_STATE_INITIAL;

  PetscCall(PetscPopErrorHandler());
  PetscFunctionReturn(0);
}

PetscErrorCode slepcrs_EPSGetInnerKSP(EPS eps, KSP *ksp)
{
  PetscFunctionBegin;
  PetscCheck(ksp, PETSC_COMM_SELF, PETSC_ERR_ARG_NULL, "null output");
  *ksp = (eps && eps->st) ? eps->st->ksp : NULL;
  PetscFunctionReturn(0);
}

PetscErrorCode slepcrs_SVDGetInnerEPS(SVD svd, EPS *eps)
{
  PetscBool cross = PETSC_FALSE, cyclic = PETSC_FALSE;

  PetscFunctionBegin;
  PetscCheck(eps, PETSC_COMM_SELF, PETSC_ERR_ARG_NULL, "null output");
  *eps = NULL;
  if (!svd) PetscFunctionReturn(0);
  PetscCall(PetscObjectTypeCompare((PetscObject)svd, SVDCROSS, &cross));
  PetscCall(PetscObjectTypeCompare((PetscObject)svd, SVDCYCLIC, &cyclic));
  /* Each type creates its EPS in SVDCreate_XXX(), so the getters only read it. */
  if (cross) PetscCall(SVDCrossGetEPS(svd, eps));
  else if (cyclic) PetscCall(SVDCyclicGetEPS(svd, eps));
  PetscFunctionReturn(0);
}

PetscErrorCode slepcrs_SVDTrackSubMatrices(SVD svd)
{
  PetscInt m;
  EPS      eps = NULL;

  PetscFunctionBegin;
  if (!svd) PetscFunctionReturn(0);
  if (svd->ds) {
    for (m = 0; m < DS_NUM_MAT; m++) PetscCall(TrackSubMatrices(svd->ds->omat[m]));
  }
  PetscCall(slepcrs_SVDGetInnerEPS(svd, &eps));
  if (eps) PetscCall(slepcrs_EPSTrackSubMatrices(eps));
  PetscFunctionReturn(0);
}

PetscErrorCode slepcrs_SVDRecover(SVD svd)
{
  PetscInt m;

  PetscFunctionBegin;
  if (!svd) PetscFunctionReturn(0);
  /* Nothing here is the error the caller reports: the failed calls below stay silent. */
  PetscCall(PetscPushErrorHandler(PetscIgnoreErrorHandler, NULL));

  if (svd->ds) {
    for (m = 0; m < DS_NUM_MAT; m++) RecoverDense(svd->ds->omat[m]);
  }
  RecoverBV(svd->V, 0);
  RecoverBV(svd->U, 0);
  for (m = 0; m < svd->nworkl; m++) ReleaseReadLocks(svd->workl[m]);
  for (m = 0; m < svd->nworkr; m++) ReleaseReadLocks(svd->workr[m]);

  /* As at the end of a successful SVDSolve(): the initial spaces are used up (copied
     into the bases at set-up, when their counts became positive). */
  if (svd->nini > 0) svd->nini = 0;
  if (svd->ninil > 0) svd->ninil = 0;

  /* The solver type's work data goes (for cross and cyclic, the inner EPS is reset and
     its matrices destroyed), and the next solve sets it up again; the operators, the
     bases and every setting stay. */
  if (svd->ops->reset) (void)(*svd->ops->reset)(svd);
  svd->state = SVD_STATE_INITIAL;

  PetscCall(PetscPopErrorHandler());
  PetscFunctionReturn(0);
}

/* Marks a solver for a new set-up and solve, as SLEPc's own setters of settings that
   change the solution do (EPSSolve() returns at once on a solved solver). */
PetscErrorCode slepcrs_EPSSetStateInitial(EPS eps)
{
  PetscFunctionBegin;
  PetscValidHeaderSpecific(eps, EPS_CLASSID, 1);
  eps->state = EPS_STATE_INITIAL;
  PetscFunctionReturn(0);
}
