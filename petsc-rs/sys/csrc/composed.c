/* Setters of preconditioner and Krylov types that external packages provide (SPAI,
   HPDDM), called through the functions those types compose on the object
   ("PCSPAISetEpsilon_C", ...) rather than through their public functions, which exist
   only in a PETSc built with the package: no symbol of a package PETSc may lack is linked.
   Each fails with PETSC_ERR_SUP when the object has no such function (another type, or
   a PETSc without the package); the Rust side says which before calling. */
#include "shim.h"

/* Calls `fn`'s composed function "fn_C" on `obj` with the argument list `args`; the
   function pointer has the type of `fn`, which every PETSc declares in its headers. */
#define PETSCRS_COMPOSED(obj, fn, args) \
  do { \
    __typeof__(&fn) f_ = NULL; \
    PetscCall(PetscObjectQueryFunction((PetscObject)(obj), #fn "_C", &f_)); \
    PetscCheck(f_, PetscObjectComm((PetscObject)(obj)), PETSC_ERR_SUP, "%s: no %s on this object (another type, or PETSc built without the package)", #fn, #fn "_C"); \
    PetscCall((*f_)args); \
  } while (0)

#define PETSCRS_SPAI(Name, T) \
  PetscErrorCode petscrs_PCSPAISet##Name(PC pc, T v) \
  { \
    PetscFunctionBegin; \
    PETSCRS_COMPOSED(pc, PCSPAISet##Name, (pc, v)); \
    PetscFunctionReturn(0); \
  }

PETSCRS_SPAI(Epsilon, PetscReal)
PETSCRS_SPAI(NBSteps, PetscInt)
PETSCRS_SPAI(Max, PetscInt)
PETSCRS_SPAI(MaxNew, PetscInt)
PETSCRS_SPAI(BlockSize, PetscInt)
PETSCRS_SPAI(CacheSize, PetscInt)
PETSCRS_SPAI(Verbose, PetscInt)
PETSCRS_SPAI(Sp, PetscInt)

PetscErrorCode petscrs_PCHPDDMSetAuxiliaryMat(PC pc, IS is, Mat A)
{
  PetscFunctionBegin;
  PETSCRS_COMPOSED(pc, PCHPDDMSetAuxiliaryMat, (pc, is, A, NULL, NULL));
  PetscFunctionReturn(0);
}

PetscErrorCode petscrs_PCHPDDMSetRHSMat(PC pc, Mat B)
{
  PetscFunctionBegin;
  PETSCRS_COMPOSED(pc, PCHPDDMSetRHSMat, (pc, B));
  PetscFunctionReturn(0);
}

PetscErrorCode petscrs_PCHPDDMHasNeumannMat(PC pc, PetscBool has)
{
  PetscFunctionBegin;
  PETSCRS_COMPOSED(pc, PCHPDDMHasNeumannMat, (pc, has));
  PetscFunctionReturn(0);
}

PetscErrorCode petscrs_PCHPDDMSetCoarseCorrectionType(PC pc, PCHPDDMCoarseCorrectionType type)
{
  PetscFunctionBegin;
  PETSCRS_COMPOSED(pc, PCHPDDMSetCoarseCorrectionType, (pc, type));
  PetscFunctionReturn(0);
}

PetscErrorCode petscrs_PCHPDDMGetCoarseCorrectionType(PC pc, PCHPDDMCoarseCorrectionType *type)
{
  PetscFunctionBegin;
  PETSCRS_COMPOSED(pc, PCHPDDMGetCoarseCorrectionType, (pc, type));
  PetscFunctionReturn(0);
}

PetscErrorCode petscrs_PCHPDDMGetSTShareSubKSP(PC pc, PetscBool *share)
{
  PetscFunctionBegin;
  PETSCRS_COMPOSED(pc, PCHPDDMGetSTShareSubKSP, (pc, share));
  PetscFunctionReturn(0);
}

PetscErrorCode petscrs_PCHPDDMSetDeflationMat(PC pc, IS is, Mat U)
{
  PetscFunctionBegin;
  PETSCRS_COMPOSED(pc, PCHPDDMSetDeflationMat, (pc, is, U));
  PetscFunctionReturn(0);
}

PetscErrorCode petscrs_KSPHPDDMSetType(KSP ksp, KSPHPDDMType type)
{
  PetscFunctionBegin;
  PETSCRS_COMPOSED(ksp, KSPHPDDMSetType, (ksp, type));
  PetscFunctionReturn(0);
}

PetscErrorCode petscrs_KSPHPDDMGetType(KSP ksp, KSPHPDDMType *type)
{
  PetscFunctionBegin;
  PETSCRS_COMPOSED(ksp, KSPHPDDMGetType, (ksp, type));
  PetscFunctionReturn(0);
}
