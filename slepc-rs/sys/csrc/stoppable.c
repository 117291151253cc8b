/* Solves that a failed Rust closure stops instead of failing (see stoppable.h). They
   read the solvers' private structures, as private.c and nep.c do. */
#include "stoppable.h"
#include <slepc/private/epsimpl.h>
#include <slepc/private/svdimpl.h>
#include <slepc/private/pepimpl.h>
#include <slepc/private/nepimpl.h>

/* Whether the solver's stopping context is SLEPc's own during the solve: with the
   threshold stopping test (EPSSetThreshold, SVDSetThreshold, and the polynomial filter
   that sets one), EPS and SVD write the data of their test into `stoppingctx` as an
   EPSStoppingCtx (SVDStoppingCtx) while they iterate (EPSSetCtxThreshold), so no other
   context may stand in for it. Those solves keep SLEPc's test as it is; a closure that
   failed is reported when the solve returns. */
#if defined(EPSSetCtxThreshold)
  #define SLEPCRS_EPS_OWNS_CTX(eps) ((eps)->stop == EPS_STOP_THRESHOLD)
#else
  #define SLEPCRS_EPS_OWNS_CTX(eps) PETSC_FALSE
#endif
#if defined(SVDSetCtxThreshold)
  #define SLEPCRS_SVD_OWNS_CTX(svd) ((svd)->stop == SVD_STOP_THRESHOLD)
#else
  #define SLEPCRS_SVD_OWNS_CTX(svd) PETSC_FALSE
#endif
#define SLEPCRS_PEP_OWNS_CTX(pep) PETSC_FALSE
#define SLEPCRS_NEP_OWNS_CTX(nep) PETSC_FALSE

/* One class's stoppable solve: its stopping test (whose signature is the same in every
   class but for the solver and the reason) wrapped for the length of the solve. CLS is
   the class's prefix (EPS), obj its lower-case name (eps); STOPPED applies what a
   stopped solver needs besides its reason. */
#define SLEPCRS_STOPPABLE(CLS, obj, STOPPED) \
  typedef struct { \
    PetscErrorCode (*stopping)(CLS, PetscInt, PetscInt, PetscInt, PetscInt, CLS##ConvergedReason *, void *); \
    void            *stoppingctx; \
    const PetscBool *stop; \
    PetscBool        whole; \
  } slepcrs_##CLS##Stop; \
\
  static PetscErrorCode slepcrs_##CLS##Stopping(CLS obj, PetscInt its, PetscInt max_it, PetscInt nconv, PetscInt nev, CLS##ConvergedReason *reason, void *ctx) \
  { \
    slepcrs_##CLS##Stop *s = (slepcrs_##CLS##Stop *)ctx; \
\
    PetscFunctionBegin; \
    if (!*s->stop) PetscCall(s->stopping(obj, its, max_it, nconv, nev, reason, s->stoppingctx)); \
    if (*s->stop) { \
      *reason = CLS##_DIVERGED_BREAKDOWN; \
      STOPPED; \
    } \
    PetscFunctionReturn(0); \
  } \
\
  static PetscErrorCode slepcrs_##CLS##Solve_Stoppable(CLS obj, const PetscBool *stop, PetscBool whole) \
  { \
    slepcrs_##CLS##Stop s; \
    PetscErrorCode      ierr; \
\
    PetscFunctionBegin; \
    PetscValidHeaderSpecific(obj, CLS##_CLASSID, 1); \
    if (!obj->stopping || SLEPCRS_##CLS##_OWNS_CTX(obj)) { \
      PetscCall(CLS##Solve(obj)); \
      PetscFunctionReturn(0); \
    } \
    s.stopping       = obj->stopping; \
    s.stoppingctx    = obj->stoppingctx; \
    s.stop           = stop; \
    s.whole          = whole; \
    obj->stopping    = slepcrs_##CLS##Stopping; \
    obj->stoppingctx = &s; \
    ierr             = CLS##Solve(obj); \
    /* A setter called during the solve (from a closure) keeps what it set. */ \
    if (obj->stopping == slepcrs_##CLS##Stopping) { \
      obj->stopping    = s.stopping; \
      obj->stoppingctx = s.stoppingctx; \
    } \
    PetscCall(ierr); \
    PetscFunctionReturn(0); \
  }

SLEPCRS_STOPPABLE(EPS, eps, (void)0)
SLEPCRS_STOPPABLE(SVD, svd, (void)0)
SLEPCRS_STOPPABLE(PEP, pep, (void)0)
SLEPCRS_STOPPABLE(NEP, nep, if (s->whole && nep->nconv < nep->nev) nep->nconv = nep->nev)

PetscErrorCode slepcrs_EPSSolveStoppable(EPS eps, const PetscBool *stop)
{
  PetscFunctionBegin;
  PetscCall(slepcrs_EPSSolve_Stoppable(eps, stop, PETSC_FALSE));
  PetscFunctionReturn(0);
}

PetscErrorCode slepcrs_SVDSolveStoppable(SVD svd, const PetscBool *stop)
{
  PetscFunctionBegin;
  PetscCall(slepcrs_SVDSolve_Stoppable(svd, stop, PETSC_FALSE));
  PetscFunctionReturn(0);
}

PetscErrorCode slepcrs_PEPSolveStoppable(PEP pep, const PetscBool *stop)
{
  PetscFunctionBegin;
  PetscCall(slepcrs_PEPSolve_Stoppable(pep, stop, PETSC_FALSE));
  PetscFunctionReturn(0);
}

PetscErrorCode slepcrs_NEPSolveStoppable(NEP nep, const PetscBool *stop)
{
  PetscBool      rii, slp;
  PetscErrorCode ierr;

  PetscFunctionBegin;
  PetscCall(PetscObjectTypeCompare((PetscObject)nep, NEPRII, &rii));
  PetscCall(PetscObjectTypeCompare((PetscObject)nep, NEPSLP, &slp));
  ierr = slepcrs_NEPSolve_Stoppable(nep, stop, (rii || (slp && !nep->twosided)) ? PETSC_TRUE : PETSC_FALSE);
  if (*stop) nep->nconv = 0;
  PetscCall(ierr);
  PetscFunctionReturn(0);
}
