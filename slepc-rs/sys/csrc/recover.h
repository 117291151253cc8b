/* Recovery helpers shared by the shims that read SLEPc's private structures (private.c
   for EPS and SVD, nep.c, pep.c); not part of the bindings. */
#ifndef SLEPCRS_RECOVER_H
#define SLEPCRS_RECOVER_H
#include <slepcbv.h>

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
