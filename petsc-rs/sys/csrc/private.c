/* The shim functions that read PETSc's private structures. Kept apart from shim.c so that
   only this file sees the private headers (installed with every PETSc, but not part of
   its API: compiled against the PETSc found, so the layout always matches). */
#include "shim.h"
#include <petsc/private/pcimpl.h>
#include <petsc/private/pcmgimpl.h>
#include <petsc/private/kspimpl.h>
#include <petsc/private/snesimpl.h>
#include <petsc/private/sectionimpl.h>
#include <petsc/private/vecimpl.h>
#include <petsc/private/dmlabelimpl.h>
#include <petsc/private/dmimpl.h>
#include <petsc/private/tshistoryimpl.h>
#include <petsc/private/tsimpl.h>
#include <petsc/private/taolinesearchimpl.h>
#include <petsc/private/dmplextransformimpl.h>
/* matimpl.h's and deviceimpl.h's inline helpers leave parameters unused. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-parameter"
#include <petsc/private/matimpl.h>
#include <petsc/private/deviceimpl.h>
#pragma GCC diagnostic pop

PetscErrorCode petscrs_DMLabelGetIndex(DMLabel label, PetscBool *has, PetscInt *start, PetscInt *end)
{
  if (!label || !has || !start || !end) return PETSC_ERR_ARG_NULL;
  *has   = label->bt ? PETSC_TRUE : PETSC_FALSE;
  *start = label->pStart;
  *end   = label->pEnd;
  return 0;
}

PetscErrorCode petscrs_DMHasFieldArray(DM dm, PetscBool *has)
{
  if (!dm || !has) return PETSC_ERR_ARG_NULL;
  *has = (dm->Nf == 0 || dm->fields) ? PETSC_TRUE : PETSC_FALSE;
  return 0;
}

PetscErrorCode petscrs_MatIsPreallocated(Mat mat, PetscBool *preallocated)
{
  if (!mat || !preallocated) return PETSC_ERR_ARG_NULL;
  *preallocated = mat->preallocated;
  return 0;
}

PetscErrorCode petscrs_MatPartitioningHasAdjacency(MatPartitioning part, PetscBool *has)
{
  if (!part || !has) return PETSC_ERR_ARG_NULL;
  *has = part->adj ? PETSC_TRUE : PETSC_FALSE;
  return 0;
}

PetscErrorCode petscrs_PetscSectionIsSetUp(PetscSection s, PetscBool *setup)
{
  if (!s || !setup) return PETSC_ERR_ARG_NULL;
  *setup = s->setup;
  return 0;
}

PetscErrorCode petscrs_VecAssemblyNeeded(Vec v, PetscBool *needed)
{
  if (!v || !needed) return PETSC_ERR_ARG_NULL;
  *needed = (v->stash.insertmode != NOT_SET_VALUES || v->bstash.insertmode != NOT_SET_VALUES) ? PETSC_TRUE : PETSC_FALSE;
  return 0;
}

PetscErrorCode petscrs_KSPForgetVecs(KSP ksp, Vec b, Vec x)
{
  PetscErrorCode ierr = 0;

  if (!ksp) return PETSC_ERR_ARG_NULL;
  if (b && ksp->vec_rhs == b) ierr = VecDestroy(&ksp->vec_rhs);
  if (!ierr && x && ksp->vec_sol == x) ierr = VecDestroy(&ksp->vec_sol);
  return ierr;
}

PetscErrorCode petscrs_SNESForgetVecs(SNES snes, Vec b, Vec x)
{
  PetscErrorCode ierr = 0;

  if (!snes) return PETSC_ERR_ARG_NULL;
  if (b && snes->vec_rhs == b) ierr = VecDestroy(&snes->vec_rhs);
  if (!ierr && x && snes->vec_sol == x) ierr = VecDestroy(&snes->vec_sol);
  return ierr;
}

PetscErrorCode petscrs_PCGetPreSolveDepth(PC pc, PetscInt *depth)
{
  if (!pc || !depth) return PETSC_ERR_ARG_NULL;
  *depth = pc->presolvedone;
  return 0;
}

PetscErrorCode petscrs_PCSetPreSolveDepth(PC pc, PetscInt depth)
{
  if (!pc) return PETSC_ERR_ARG_NULL;
  pc->presolvedone = depth;
  return 0;
}

PetscErrorCode petscrs_KSPUnscaleAfterFailure(KSP ksp)
{
  Mat mat, pmat;

  if (!ksp) return PETSC_ERR_ARG_NULL;
#if PETSC_VERSION_GE(3, 26, 0)
  /* PETSc 3.26 removed the diagonal scaling of KSP (-ksp_diagonal_scale). */
  (void)mat;
  (void)pmat;
  return 0;
#else
  if (!ksp->dscale || !ksp->dscalefix || !ksp->diagonal || !ksp->vec_rhs) return 0;
  /* The failed solve scaled the right-hand side and the operators by D (KSPSolve's
     start, or KSPSetUp on the first solve); scale them by 1/D, as KSPSolve's end does. */
  PetscCall(VecReciprocal(ksp->diagonal));
  PetscCall(VecPointwiseMult(ksp->vec_rhs, ksp->vec_rhs, ksp->diagonal));
  PetscCall(PCGetOperators(ksp->pc, &mat, &pmat));
  PetscCall(MatDiagonalScale(pmat, ksp->diagonal, ksp->diagonal));
  if (mat != pmat) PetscCall(MatDiagonalScale(mat, ksp->diagonal, ksp->diagonal));
  PetscCall(VecReciprocal(ksp->diagonal));
  ksp->dscalefix2 = PETSC_TRUE;
  return 0;
#endif
}

/* The setters petsc4py adds to KSP (its custom.h), which PETSc itself does not have (3.18
   to 3.25): the iteration count, residual norm and converged reason a solver reports, and
   one more entry of its residual history (PETSc's private KSPLogResidualHistory). */
PetscErrorCode petscrs_KSPSetIterationNumber(KSP ksp, PetscInt its)
{
  if (!ksp) return PETSC_ERR_ARG_NULL;
  ksp->its = its;
  return 0;
}

PetscErrorCode petscrs_KSPSetResidualNorm(KSP ksp, PetscReal rnorm)
{
  if (!ksp) return PETSC_ERR_ARG_NULL;
  ksp->rnorm = rnorm;
  return 0;
}

PetscErrorCode petscrs_KSPSetConvergedReason(KSP ksp, KSPConvergedReason reason)
{
  if (!ksp) return PETSC_ERR_ARG_NULL;
  ksp->reason = reason;
  return 0;
}

PetscErrorCode petscrs_KSPLogResidualHistory(KSP ksp, PetscReal rnorm)
{
  if (!ksp) return PETSC_ERR_ARG_NULL;
  return KSPLogResidualHistory(ksp, rnorm);
}

/* A KSP type whose solve is a function given at run time ("rsshell"; petsc4py's Python
   KSP does the same for Python): its data holds the function, its context and a
   destroy hook. The function sets x from b; a solve that leaves the reason unset
   converged in one iteration. */
typedef struct {
  PetscErrorCode (*solve)(KSP, Vec, Vec, void *);
  void *ctx;
  PetscErrorCode (*destroy)(KSP);
} KSP_RsShell;

static PetscErrorCode KSPSetUp_RsShell(KSP ksp)
{
  (void)ksp;
  return 0;
}

static PetscErrorCode KSPSolve_RsShell(KSP ksp)
{
  KSP_RsShell *s = (KSP_RsShell *)ksp->data;

  PetscFunctionBegin;
  PetscCheck(s->solve, PetscObjectComm((PetscObject)ksp), PETSC_ERR_ORDER, "the shell KSP has no solve closure (Ksp::set_shell_solve)");
  ksp->its    = 0;
  ksp->reason = KSP_CONVERGED_ITERATING;
  PetscCall(s->solve(ksp, ksp->vec_rhs, ksp->vec_sol, s->ctx));
  if (ksp->reason == KSP_CONVERGED_ITERATING) {
    ksp->its    = 1;
    ksp->reason = KSP_CONVERGED_ITS;
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode KSPDestroy_RsShell(KSP ksp)
{
  KSP_RsShell *s = (KSP_RsShell *)ksp->data;

  PetscFunctionBegin;
  if (s && s->destroy) PetscCall(s->destroy(ksp));
  PetscCall(PetscFree(ksp->data));
  PetscFunctionReturn(0);
}

static PetscErrorCode KSPCreate_RsShell(KSP ksp)
{
  KSP_RsShell *s;

  PetscFunctionBegin;
  PetscCall(PetscNew(&s));
  ksp->data         = (void *)s;
  ksp->ops->setup   = KSPSetUp_RsShell;
  ksp->ops->solve   = KSPSolve_RsShell;
  ksp->ops->destroy = KSPDestroy_RsShell;
  PetscCall(KSPSetSupportedNorm(ksp, KSP_NORM_NONE, PC_LEFT, 3));
  PetscCall(KSPSetSupportedNorm(ksp, KSP_NORM_NONE, PC_RIGHT, 2));
  PetscCall(KSPSetSupportedNorm(ksp, KSP_NORM_PRECONDITIONED, PC_LEFT, 1));
  PetscCall(KSPSetSupportedNorm(ksp, KSP_NORM_UNPRECONDITIONED, PC_LEFT, 1));
  PetscFunctionReturn(0);
}

PetscErrorCode petscrs_KSPRegisterShell(void)
{
  static PetscBool registered = PETSC_FALSE;

  if (registered) return 0;
  PetscCall(KSPRegister("rsshell", KSPCreate_RsShell));
  registered = PETSC_TRUE;
  return 0;
}

PetscErrorCode petscrs_KSPShellSet(KSP ksp, PetscErrorCode (*solve)(KSP, Vec, Vec, void *), void *ctx, PetscErrorCode (*destroy)(KSP))
{
  PetscBool    is;
  KSP_RsShell *s;

  PetscFunctionBegin;
  PetscCall(PetscObjectTypeCompare((PetscObject)ksp, "rsshell", &is));
  PetscCheck(is, PetscObjectComm((PetscObject)ksp), PETSC_ERR_ARG_WRONG, "the KSP is not of type rsshell");
  s          = (KSP_RsShell *)ksp->data;
  s->solve   = solve;
  s->ctx     = ctx;
  s->destroy = destroy;
  PetscFunctionReturn(0);
}

PetscErrorCode petscrs_SNESLogConvergenceHistory(SNES snes, PetscReal res, PetscInt its)
{
  if (!snes) return PETSC_ERR_ARG_NULL;
  return SNESLogConvergenceHistory(snes, res, its);
}

PetscErrorCode petscrs_SNESConvergenceTestCall(SNES snes, PetscInt its, PetscReal xnorm, PetscReal ynorm, PetscReal fnorm, SNESConvergedReason *reason)
{
  if (!snes || !reason) return PETSC_ERR_ARG_NULL;
  *reason = SNES_CONVERGED_ITERATING;
  if (!snes->ops->converged) return 0;
  return (*snes->ops->converged)(snes, its, xnorm, ynorm, fnorm, reason, snes->cnvP);
}

PetscErrorCode petscrs_SNESSetUseKSP(SNES snes, PetscBool flag)
{
  if (!snes) return PETSC_ERR_ARG_NULL;
  snes->usesksp = flag;
  return 0;
}

PetscErrorCode petscrs_SNESGetUseKSP(SNES snes, PetscBool *flag)
{
  if (!snes || !flag) return PETSC_ERR_ARG_NULL;
  *flag = snes->usesksp;
  return 0;
}

/* The data of the "history" step-size controller, as src/ts/adapt/impls/history/adapthist.c
   lays it out (unchanged from 3.18 to 3.26): the history first. */
typedef struct {
  TSHistory hist;
  PetscBool bw;
} petscrs_TSAdapt_History;

PetscErrorCode petscrs_TSAdaptHistoryCount(TSAdapt adapt, PetscInt *n)
{
  PetscBool        is_history;
  const PetscReal *times;
  const PetscInt  *ids;
  PetscBool        sorted;

  PetscFunctionBegin;
  if (!adapt || !n) return PETSC_ERR_ARG_NULL;
  *n = -1;
  PetscCall(PetscObjectTypeCompare((PetscObject)adapt, TSADAPTHISTORY, &is_history));
  if (!is_history) PetscFunctionReturn(0);
  *n = 0;
  if (!adapt->data || !((petscrs_TSAdapt_History *)adapt->data)->hist) PetscFunctionReturn(0);
  PetscCall(TSHistoryGetHistory(((petscrs_TSAdapt_History *)adapt->data)->hist, n, &times, &ids, &sorted));
  PetscFunctionReturn(0);
}

/* Gives a TAO line search new type data: setting another type and then its own type back
   destroys the type's private data (its work vectors among them) and makes it anew. The
   settings kept in the line search itself, which TaoLineSearchSetType() puts back to their
   defaults, are restored, and the type's own options (-tao_ls_armijo_*, ...) are read
   again. Does nothing for a line search without a type or without type data. */
PetscErrorCode petscrs_TaoLineSearchRenew(TaoLineSearch ls)
{
  char        type[256];
  const char *name;
  PetscBool   unit;
  PetscInt    max_funcs;
  PetscReal   rtol, ftol, gtol, stepmin, stepmax;

  if (!ls) return PETSC_ERR_ARG_NULL;
  name = ((PetscObject)ls)->type_name;
  if (!name || !ls->ops->destroy) return 0;
  PetscCall(PetscStrncpy(type, name, sizeof(type)));
  max_funcs = ls->max_funcs;
  rtol      = ls->rtol;
  ftol      = ls->ftol;
  gtol      = ls->gtol;
  stepmin   = ls->stepmin;
  stepmax   = ls->stepmax;
  PetscCall(PetscStrcmp(type, TAOLINESEARCHUNIT, &unit));
  PetscCall(TaoLineSearchSetType(ls, unit ? TAOLINESEARCHMT : TAOLINESEARCHUNIT));
  PetscCall(TaoLineSearchSetType(ls, type));
  ls->max_funcs = max_funcs;
  ls->rtol      = rtol;
  ls->ftol      = ftol;
  ls->gtol      = gtol;
  ls->stepmin   = stepmin;
  ls->stepmax   = stepmax;
  if (ls->ops->setfromoptions) {
    PetscObjectOptionsBegin((PetscObject)ls);
    PetscTryTypeMethod(ls, setfromoptions, PetscOptionsObject);
    PetscOptionsEnd();
  }
  return 0;
}

/* The name an object was given (PetscObjectSetName), or NULL: unlike PetscObjectGetName,
   it does not make one up, which would change what the object's views print. */
PetscErrorCode petscrs_PetscObjectGetNameIfSet(PetscObject obj, const char **name)
{
  *name = obj->name;
  return 0;
}

PetscErrorCode petscrs_DMPlexTransformSetUpCalled(DMPlexTransform tr, PetscBool *done)
{
  if (!tr || !done) return PETSC_ERR_ARG_NULL;
  *done = tr->setupcalled ? PETSC_TRUE : PETSC_FALSE;
  return 0;
}

PetscErrorCode petscrs_PetscDeviceReference(PetscDevice device)
{
  if (!device) return PETSC_ERR_ARG_NULL;
  ++device->refcnt;
  return 0;
}

/* The solvers a preconditioner runs inside itself, for putting a whole solver tree back
   after a failed solve: the KSPs of fieldsplit's splits (and of its Schur complement),
   of MG's levels (GAMG, ML and HMG share MG's data) and its coarse solve, of block
   Jacobi's and (G)ASM's blocks, of PCKSP, redundant, telescope, Galerkin and deflation,
   and composite's PCs. Only what exists is listed: nothing is created, and getters that
   need a set-up PC are called only on one. Writes up to `cap` children to `out` (KSPs
   and PCs, told apart by their class id) and their number, which may be more than `cap`,
   to `n`. Errors are returned, not raised: the caller is recovering from one. */
static void petscrs_PushChild(PetscObject o, PetscInt cap, PetscObject out[], PetscInt *n)
{
  PetscInt i;

  if (!o) return;
  for (i = 0; i < *n && i < cap; i++)
    if (out[i] == o) return;
  if (*n < cap) out[*n] = o;
  (*n)++;
}

PetscErrorCode petscrs_PCGetChildren(PC pc, PetscInt cap, PetscObject out[], PetscInt *n)
{
  PetscBool      is;
  PetscInt       i, nk = 0, first = 0;
  KSP           *k = NULL, ksp = NULL;
  PetscErrorCode ierr;

  if (!pc || !n) return PETSC_ERR_ARG_NULL;
  *n = 0;
  if (!pc->data || !((PetscObject)pc)->type_name) return 0;
  ierr = PetscObjectTypeCompareAny((PetscObject)pc, &is, PCMG, PCGAMG, PCML, PCHMG, "");
  if (ierr) return ierr;
  if (is) {
    PC_MG         *mg     = (PC_MG *)pc->data;
    PC_MG_Levels **levels = mg->levels;

    if (levels)
      for (i = 0; i < mg->nlevels; i++) {
        if (!levels[i]) continue;
        petscrs_PushChild((PetscObject)levels[i]->smoothd, cap, out, n);
        petscrs_PushChild((PetscObject)levels[i]->smoothu, cap, out, n);
      }
    return 0;
  }
  ierr = PetscObjectTypeCompare((PetscObject)pc, PCCOMPOSITE, &is);
  if (ierr) return ierr;
  if (is) {
    PC sub;

    ierr = PCCompositeGetNumberPC(pc, &nk);
    for (i = 0; !ierr && i < nk; i++) {
      ierr = PCCompositeGetPC(pc, i, &sub);
      if (!ierr) petscrs_PushChild((PetscObject)sub, cap, out, n);
    }
    return ierr;
  }
  /* The rest make their solvers at set-up. */
  if (!pc->setupcalled) return 0;
  ierr = PetscObjectTypeCompare((PetscObject)pc, PCFIELDSPLIT, &is);
  if (ierr) return ierr;
  if (is) {
    PCCompositeType type;

    ierr = PCFieldSplitGetType(pc, &type);
    if (ierr) return ierr;
    if (type == PC_COMPOSITE_SCHUR) {
      ierr = PCFieldSplitSchurGetSubKSP(pc, &nk, &k);
      for (i = 0; !ierr && i < nk; i++) petscrs_PushChild((PetscObject)k[i], cap, out, n);
      if (k) PetscFree(k);
      k = NULL;
      if (ierr) return ierr;
    }
    ierr = PCFieldSplitGetSubKSP(pc, &nk, &k);
    for (i = 0; !ierr && i < nk; i++) petscrs_PushChild((PetscObject)k[i], cap, out, n);
    if (k) PetscFree(k);
    return ierr;
  }
  {
    /* The block solvers of block Jacobi, ASM and GASM, whose getters share a form. */
    static const struct {
      const char *type;
      PetscErrorCode (*get)(PC, PetscInt *, PetscInt *, KSP *[]);
    } blocks[] = {
      {PCBJACOBI, PCBJacobiGetSubKSP},
      {PCASM,     PCASMGetSubKSP    },
      {PCGASM,    PCGASMGetSubKSP   },
    };

    for (size_t b = 0; b < sizeof(blocks) / sizeof(blocks[0]); b++) {
      ierr = PetscObjectTypeCompare((PetscObject)pc, blocks[b].type, &is);
      if (ierr) return ierr;
      if (!is) continue;
      ierr = blocks[b].get(pc, &nk, &first, &k);
      for (i = 0; !ierr && i < nk; i++) petscrs_PushChild((PetscObject)k[i], cap, out, n);
      return ierr;
    }
  }
  ierr = PetscObjectTypeCompare((PetscObject)pc, PCKSP, &is);
  if (!ierr && is) ierr = PCKSPGetKSP(pc, &ksp);
  if (ierr) return ierr;
  if (!is) {
    ierr = PetscObjectTypeCompare((PetscObject)pc, PCREDUNDANT, &is);
    if (!ierr && is) ierr = PCRedundantGetKSP(pc, &ksp);
    if (ierr) return ierr;
  }
  if (!is) {
    ierr = PetscObjectTypeCompare((PetscObject)pc, PCTELESCOPE, &is);
    if (!ierr && is) ierr = PCTelescopeGetKSP(pc, &ksp);
    if (ierr) return ierr;
  }
  if (!is) {
    ierr = PetscObjectTypeCompare((PetscObject)pc, PCGALERKIN, &is);
    if (!ierr && is) ierr = PCGalerkinGetKSP(pc, &ksp);
    if (ierr) return ierr;
  }
  if (!is) {
    PC inner = NULL;

    ierr = PetscObjectTypeCompare((PetscObject)pc, PCDEFLATION, &is);
    if (!ierr && is) ierr = PCDeflationGetCoarseKSP(pc, &ksp);
    if (!ierr && is) ierr = PCDeflationGetPC(pc, &inner);
    if (ierr) return ierr;
    petscrs_PushChild((PetscObject)inner, cap, out, n);
  }
  petscrs_PushChild((PetscObject)ksp, cap, out, n);
  return 0;
}

/* Gives back the array placed in `v` (VecPlaceArray) if one is: for PETSc's own vectors,
   whose data starts with VECHEADER, the array the placement stashed is kept in
   `unplacedarray`. */
static void petscrs_ResetPlaced(Vec v)
{
  struct {
    VECHEADER
  } *header;

  if (!v || !v->petscnative || !v->data) return;
  header = v->data;
  if (header->unplacedarray) VecResetArray(v);
}

/* What a KSPSolve ended by an error leaves on the KSP's vectors (ksp->vec_sol,
   ksp->vec_rhs), put back:
   - KSPChebyshev points ksp->vec_sol at its rotating work vectors during the iteration
     and back at the solution only at the end; after an error vec_sol is a work vector the
     KSP holds no reference to in that slot (the next solve's VecDestroy(&ksp->vec_sol)
     would free it under the work array). It goes back to `x`, the solution the solve
     was given (whose reference the solve took), or to NULL when that is not known.
   - With a null space, the solve swaps in a projected copy of the right-hand side; after
     an error that copy is ksp->vec_rhs, and `b` (when given: the right-hand side the
     solve was given, which holds the solve's reference) is put back.
   - With `inner` (a KSP inside a PC: block Jacobi's blocks, redundant's), the PC points
     the vectors it solves with at the arrays of the vectors it is applied to
     (VecPlaceArray) and gives them back after the solve; after an error the next
     application failed ("VecPlaceArray() was already called"), so they are given back. */
PetscErrorCode petscrs_KSPRecoverVecs(KSP ksp, Vec b, Vec x, PetscBool inner)
{
  PetscInt i;

  if (!ksp) return PETSC_ERR_ARG_NULL;
  if (inner) {
    petscrs_ResetPlaced(ksp->vec_rhs);
    petscrs_ResetPlaced(ksp->vec_sol);
  }
  if (ksp->vec_sol && ksp->work)
    for (i = 0; i < ksp->nwork; i++)
      if (ksp->vec_sol == ksp->work[i]) {
        ksp->vec_sol = x;
        break;
      }
  if (b && ksp->vec_rhs && ksp->vec_rhs != b && ksp->pc && ksp->pc->pmat) {
    MatNullSpace nullsp = NULL, tnullsp = NULL;
    Vec          copy   = ksp->vec_rhs;

    if (MatGetNullSpace(ksp->pc->pmat, &nullsp) || MatGetTransposeNullSpace(ksp->pc->pmat, &tnullsp)) return 0;
    if (!nullsp && !tnullsp) return 0;
    ksp->vec_rhs = b;
    return VecDestroy(&copy);
  }
  return 0;
}

/* PETSc's PCPreSolveChangeRHS (internal to the library) of the PC of `ksp`. */
static void petscrs_PreSolveChangesRHS(KSP ksp, PetscBool *change)
{
  PetscErrorCode (*f)(PC, PetscBool *) = NULL;
  PC pc;

  if (!ksp || KSPGetPC(ksp, &pc) || PetscObjectQueryFunction((PetscObject)pc, "PCPreSolveChangeRHS_C", &f)) return;
  if (f) f(pc, change);
}

/* What an error inside a PC's application leaves on the PC itself, put back before its
   inner solvers are: PCMG (and GAMG, ML, HMG) points its finest level's right-hand side
   at the vector it is applied to, without a reference, and clears it only when the
   cycle returns; after an error the next application would VecDestroy that borrowed
   vector. The level smoothers' vectors are put back first, with each level's own
   solution vector (see petscrs_KSPRecoverVecs). */
PetscErrorCode petscrs_PCRecoverInner(PC pc)
{
  PetscBool      is, changed = PETSC_FALSE, changeu = PETSC_FALSE;
  PetscErrorCode ierr;

  if (!pc) return PETSC_ERR_ARG_NULL;
  if (!pc->data || !((PetscObject)pc)->type_name) return 0;
  ierr = PetscObjectTypeCompareAny((PetscObject)pc, &is, PCMG, PCGAMG, PCML, PCHMG, "");
  if (ierr || !is) return ierr;
  {
    PC_MG         *mg     = (PC_MG *)pc->data;
    PC_MG_Levels **levels = mg->levels;
    PetscInt       i, n   = mg->nlevels;

    if (!levels || n < 1 || !levels[n - 1]) return 0;
    for (i = 0; i < n; i++) {
      if (!levels[i]) continue;
      if (levels[i]->smoothd) petscrs_KSPRecoverVecs(levels[i]->smoothd, NULL, levels[i]->x, PETSC_FALSE);
      if (levels[i]->smoothu && levels[i]->smoothu != levels[i]->smoothd) petscrs_KSPRecoverVecs(levels[i]->smoothu, NULL, levels[i]->x, PETSC_FALSE);
    }
    petscrs_PreSolveChangesRHS(levels[n - 1]->smoothd, &changed);
    petscrs_PreSolveChangesRHS(levels[n - 1]->smoothu, &changeu);
    /* Otherwise b is the level's own vector, made for a smoother that changes it. */
    if (!changed && !changeu) {
      levels[n - 1]->b = NULL;
      levels[n - 1]->B = NULL;
    }
  }
  return 0;
}

/* The nonlinear solvers a SNES runs inside itself, for putting a whole solver tree back
   after a failed solve: its nonlinear preconditioner, the smoothers of every FAS level
   (the coarse solve is the coarsest level's), a composite's members and NASM's
   subdomain solvers. Only what exists is listed (nothing is created). As
   petscrs_PCGetChildren: up to `cap` in `out`, their number in `n`. */
PetscErrorCode petscrs_SNESGetChildren(SNES snes, PetscInt cap, PetscObject out[], PetscInt *n)
{
  PetscBool      is;
  PetscInt       i, m = 0;
  SNES           sub;
  PetscErrorCode ierr;

  if (!snes || !n) return PETSC_ERR_ARG_NULL;
  *n = 0;
  petscrs_PushChild((PetscObject)snes->npc, cap, out, n);
  if (!snes->data || !((PetscObject)snes)->type_name) return 0;
  ierr = PetscObjectTypeCompare((PetscObject)snes, SNESFAS, &is);
  if (ierr) return ierr;
  if (is) {
    SNES level, smooth;

    if (SNESFASGetLevels(snes, &m)) return 0;
    for (i = 0; i < m; i++) {
      /* Only the finest level's SNES may ask; on another level this fails, and its
         smoothers are listed by the finest. */
      if (SNESFASGetCycleSNES(snes, i, &level) || !level) return 0;
      if (!SNESFASCycleGetSmootherDown(level, &smooth)) petscrs_PushChild((PetscObject)smooth, cap, out, n);
      if (!SNESFASCycleGetSmootherUp(level, &smooth)) petscrs_PushChild((PetscObject)smooth, cap, out, n);
    }
    return 0;
  }
  ierr = PetscObjectTypeCompare((PetscObject)snes, SNESCOMPOSITE, &is);
  if (ierr) return ierr;
  if (is) {
    if (SNESCompositeGetNumber(snes, &m)) return 0;
    for (i = 0; i < m; i++)
      if (!SNESCompositeGetSNES(snes, i, &sub)) petscrs_PushChild((PetscObject)sub, cap, out, n);
    return 0;
  }
  ierr = PetscObjectTypeCompareAny((PetscObject)snes, &is, SNESNASM, SNESASPIN, "");
  if (ierr) return ierr;
  if (is && snes->setupcalled) {
    if (SNESNASMGetNumber(snes, &m)) return 0;
    for (i = 0; i < m; i++)
      if (!SNESNASMGetSNES(snes, i, &sub)) petscrs_PushChild((PetscObject)sub, cap, out, n);
  }
  return 0;
}

/* What PETSc's -snes_fd_color does before it installs SNESComputeJacobianDefaultColor
   (its DMSNESUnsetJacobianContext_Internal): forget the Jacobian routine's context, which
   SNESSetJacobian keeps when given none, and which the coloring routine would otherwise
   read as its MatFDColoring. */
PetscErrorCode petscrs_SNESUnsetJacobianContext(SNES snes)
{
  DM     dm;
  DMSNES sdm;

  PetscFunctionBeginUser;
  PetscCall(SNESGetDM(snes, &dm));
  PetscCall(DMGetDMSNESWrite(dm, &sdm));
  PetscCall(PetscObjectCompose((PetscObject)sdm, "jacobian ctx", NULL));
  sdm->jacobianctxcontainer = NULL;
  PetscFunctionReturn(0);
}

/* A memory trajectory allocates its checkpoint stack once, sized for the steps of the run
   that first sets it up, and keeps it through TSTrajectoryReset and later set-ups: a
   later run with more steps (a longer interval after an adjoint solve) wrote past it
   (PETSc 3.18 to 3.26). Before a new forward run (from step 0) over a memory trajectory
   the trajectory is made anew, with its type and options. */
PetscErrorCode petscrs_TSRenewMemoryTrajectory(TS ts)
{
  PetscBool memory = PETSC_FALSE;

  PetscFunctionBeginUser;
  if (!ts->trajectory || ts->steps != 0) PetscFunctionReturn(0);
  PetscCall(PetscObjectTypeCompare((PetscObject)ts->trajectory, TSTRAJECTORYMEMORY, &memory));
  if (!memory) PetscFunctionReturn(0);
  PetscCall(TSResetTrajectory(ts));
  PetscCall(TSTrajectorySetType(ts->trajectory, ts, TSTRAJECTORYMEMORY));
  PetscCall(TSTrajectorySetFromOptions(ts->trajectory, ts));
  PetscFunctionReturn(0);
}

/* TSAdjointSolve takes the number of steps to go back from the forward run when none is
   set (TSAdjointSetSteps), and clears it at its end; an error skips the clearing, and
   the next adjoint solve, after a forward run of more steps, went back only as far as
   the failed one: it is cleared here, as at the end of a successful solve. */
PetscErrorCode petscrs_TSAdjointClearSteps(TS ts)
{
  if (!ts) return PETSC_ERR_ARG_NULL;
  ts->adjoint_max_steps = 0;
  return 0;
}

/* Whether the next SNESComputeJacobianDefaultColor of `snes` would color an unassembled
   matrix: with no coloring made yet (none composed on the preconditioner matrix) and
   none from the DM, it colors the preconditioner matrix's nonzero pattern, and on an
   AIJ matrix that is not assembled MatColoringApply frees what it does not own (PETSc
   3.18 aborts in free()). */
PetscErrorCode petscrs_SNESFDColoringNeedsAssembly(SNES snes, PetscBool *needs)
{
  PetscErrorCode (*J)(SNES, Vec, Mat, Mat, void *) = NULL;
  Mat         B     = NULL;
  PetscObject color = NULL;
  PetscBool   assembled, hascolor = PETSC_FALSE;
  DM          dm;

  PetscFunctionBeginUser;
  *needs = PETSC_FALSE;
  PetscCall(SNESGetJacobian(snes, NULL, &B, &J, NULL));
  if (J != SNESComputeJacobianDefaultColor || !B) PetscFunctionReturn(0);
  PetscCall(PetscObjectQuery((PetscObject)B, "SNESMatFDColoring", &color));
  if (color) PetscFunctionReturn(0);
  PetscCall(SNESGetDM(snes, &dm));
  if (dm) PetscCall(DMHasColoring(dm, &hascolor));
  if (hascolor) PetscFunctionReturn(0);
  PetscCall(MatAssembled(B, &assembled));
  *needs = assembled ? PETSC_FALSE : PETSC_TRUE;
  PetscFunctionReturn(0);
}

/* The TS's SNES, if it has one (TSGetSNES makes one for explicit methods too). */
PetscErrorCode petscrs_TSGetSNESIfAny(TS ts, SNES *snes)
{
  if (!ts || !snes) return PETSC_ERR_ARG_NULL;
  *snes = ts->snes;
  return 0;
}

/* The storage of a DMSwarm's points, as PETSc keeps it (data_bucket.h of PETSc 3.18,
   moved unchanged into petsc/private/dmswarmimpl.h later; mirrored here under other names,
   since 3.18 does not install it). */
#include <petsc/private/dmswarmimpl.h>
#include <stdlib.h>
struct petscrs_swarm_field {
  char         *registration_function;
  PetscInt      L, bs;
  PetscBool     active;
  size_t        atomic_size;
  char         *name;
  void         *data;
  PetscDataType petsc_type;
};
struct petscrs_swarm_bucket {
  PetscInt                     L, buffer, allocated;
  PetscBool                    finalised;
  PetscInt                     nfields;
  struct petscrs_swarm_field **field;
};

/* The swarm's points in use, its buffer, the points allocated and its number of fields. */
PetscErrorCode petscrs_DMSwarmStorage(DM dm, PetscInt *used, PetscInt *buffer, PetscInt *allocated, PetscInt *nfields)
{
  struct petscrs_swarm_bucket *db;

  if (!dm || !dm->data || !used || !buffer || !allocated || !nfields) return PETSC_ERR_ARG_NULL;
  db = (struct petscrs_swarm_bucket *)((DM_Swarm *)dm->data)->db;
  if (!db) return PETSC_ERR_ARG_WRONGSTATE;
  *used      = db->L;
  *buffer    = db->buffer;
  *allocated = db->allocated;
  *nfields   = db->nfields;
  return 0;
}

/* Field f's name and bytes a point. */
PetscErrorCode petscrs_DMSwarmFieldStorage(DM dm, PetscInt f, const char **name, size_t *atomic_size)
{
  struct petscrs_swarm_bucket *db;

  if (!dm || !dm->data || !name || !atomic_size) return PETSC_ERR_ARG_NULL;
  db = (struct petscrs_swarm_bucket *)((DM_Swarm *)dm->data)->db;
  if (!db || f < 0 || f >= db->nfields) return PETSC_ERR_ARG_OUTOFRANGE;
  *name        = db->field[f]->name;
  *atomic_size = db->field[f]->atomic_size;
  return 0;
}

/* Whether `count` blocks of the given sizes can be allocated together (each allocated,
   then all freed): the request PETSc's storage makes when it grows. On failure, `failed`
   is the index of the first block that could not be allocated. */
PetscBool petscrs_can_allocate(const size_t *bytes, PetscInt count, PetscInt *failed)
{
  void    **held = (void **)calloc(count > 0 ? (size_t)count : 1, sizeof(void *));
  PetscBool ok   = PETSC_TRUE;

  *failed = -1;
  if (!held) return PETSC_FALSE;
  for (PetscInt i = 0; i < count && ok; i++) {
    held[i] = bytes[i] ? malloc(bytes[i]) : NULL;
    if (bytes[i] && !held[i]) {
      ok      = PETSC_FALSE;
      *failed = i;
    }
  }
  for (PetscInt i = 0; i < count; i++) free(held[i]);
  free(held);
  return ok;
}

/* Whether PCSetUp would build PCMG's hierarchy by coarsening a DM the PC does not have:
   PCSetUp_MG of PETSc 3.18 to 3.23 then calls DMCoarsen(NULL), a segmentation fault in
   builds without debugging (3.24 reports an error instead). That is: a PC of type mg not
   yet set up, with more than one level, one of which (above the coarsest) has neither
   interpolation nor restriction, no DM, a hierarchy not managed outside (Galerkin
   "external", as GAMG's) and no GDSW coarse space. `*levels` is the number of levels and
   `*missing` the first level lacking an interpolation, or -1 when PCSetUp is safe. */

PetscErrorCode petscrs_PCMGCoarsensNoDM(PC pc, PetscInt *levels, PetscInt *missing)
{
  PetscBool     ismg;
  PC_MG        *mg;
  PC_MG_Levels **lv;
  PetscInt      n;

  if (!levels || !missing) return PETSC_ERR_ARG_NULL;
  *levels  = 0;
  *missing = -1;
  if (!pc || pc->setupcalled || pc->dm) return 0;
  PetscCall(PetscObjectTypeCompare((PetscObject)pc, PCMG, &ismg));
  if (!ismg) return 0;
  mg = (PC_MG *)pc->data;
  lv = mg ? mg->levels : NULL;
  if (!lv || !lv[0]) return 0;
  n       = lv[0]->levels;
  *levels = n;
  if (n <= 1 || mg->galerkin == PC_MG_GALERKIN_EXTERNAL || mg->coarseSpaceType == PCMG_ADAPT_GDSW) return 0;
  for (PetscInt i = n - 1; i > 0; i--) {
    if (!(lv[i]->interpolate || lv[i]->restrct)) {
      *missing = i;
      break;
    }
  }
  return 0;
}

/* The KSP's PC, or NULL if it has none yet (KSPGetPC would make one). */
PC petscrs_KSPPCIfAny(KSP ksp)
{
  return ksp ? ksp->pc : NULL;
}

/* From PETSc 3.22 on, every frame between a solve and a failed callback that locked a
   vector read-only (KSPSolve its right-hand side, PCApply its input, ...) leaves the lock
   on. Inside a solver tree these are vectors the solvers own: an inner KSP's right-hand
   side and solution (a PC's own vectors: fieldsplit's, MG's levels', block Jacobi's) and
   a KSP's work vectors, whose locks are dropped here (with `slots`: a KSP inside a PC;
   the top KSP's are the caller's, which it puts back itself); and the Krylov method's
   own vectors (GMRES's basis, the inputs of its PC applications), out of reach, which
   the method's reset frees: the KSP is set up again at its next solve, its PC kept as
   it is (KSPReset would also reset the PC, and with it a fieldsplit's splits). */
static void petscrs_Unlock(Vec v)
{
#if PETSC_VERSION_GE(3, 22, 0)
  PetscInt state = 0, i;

  if (!v) return;
  for (i = 0; i < 64 && !VecLockGet(v, &state) && state > 0; i++)
    if (VecLockReadPop(v)) return;
#else
  (void)v; /* optimized builds before 3.22 have no read locks */
#endif
}

PetscErrorCode petscrs_KSPUnlockAndRenew(KSP ksp, PetscBool slots)
{
  PetscInt i;

  PetscFunctionBeginUser;
  if (slots) {
    petscrs_Unlock(ksp->vec_rhs);
    petscrs_Unlock(ksp->vec_sol);
  }
  if (ksp->work)
    for (i = 0; i < ksp->nwork; i++) petscrs_Unlock(ksp->work[i]);
  if (ksp->ops->reset) PetscCall((*ksp->ops->reset)(ksp));
  PetscCall(VecDestroyVecs(ksp->nwork, &ksp->work));
  ksp->setupstage = KSP_SETUP_NEW;
  PetscFunctionReturn(0);
}

#include <petscts.h>
#include <petsctao.h>
#include <petscfe.h>
#include <petscds.h>
#include <petscao.h>

/* PETSc's classes by the names their objects report (PetscObjectGetClassName), with
   the package that registers each: the log registers some under other names ("Vector",
   "Matrix", "Index Set"). */
static const struct {
  const char *name;
  PetscErrorCode (*init)(void);
  PetscClassId *id;
} petscrs_classes[] = {
  {"PetscRandom", PetscRandomInitializePackage, &PETSC_RANDOM_CLASSID},
  {"PetscViewer", PetscViewerInitializePackage, &PETSC_VIEWER_CLASSID},
  {"IS", ISInitializePackage, &IS_CLASSID},
  {"ISLocalToGlobalMapping", ISInitializePackage, &IS_LTOGM_CLASSID},
  {"PetscSF", PetscSFInitializePackage, &PETSCSF_CLASSID},
  {"AO", AOInitializePackage, &AO_CLASSID},
  {"Vec", VecInitializePackage, &VEC_CLASSID},
  {"Mat", MatInitializePackage, &MAT_CLASSID},
  {"MatPartitioning", MatInitializePackage, &MAT_PARTITIONING_CLASSID},
  {"MatNullSpace", MatInitializePackage, &MAT_NULLSPACE_CLASSID},
  {"DM", DMInitializePackage, &DM_CLASSID},
  {"DMLabel", DMInitializePackage, &DMLABEL_CLASSID},
  {"PetscDS", PetscDSInitializePackage, &PETSCDS_CLASSID},
  {"PetscSpace", PetscFEInitializePackage, &PETSCSPACE_CLASSID},
  {"PetscDualSpace", PetscFEInitializePackage, &PETSCDUALSPACE_CLASSID},
  {"PetscFE", PetscFEInitializePackage, &PETSCFE_CLASSID},
  {"KSP", KSPInitializePackage, &KSP_CLASSID},
  {"PC", PCInitializePackage, &PC_CLASSID},
  {"SNES", SNESInitializePackage, &SNES_CLASSID},
  {"TS", TSInitializePackage, &TS_CLASSID},
  {"Tao", TaoInitializePackage, &TAO_CLASSID},
};

/* The id of the class named `name` (private.c): one of PETSc's classes by the name its
   objects report ("Vec", "PetscViewer"), else a class the log registered under that
   name (one registered with PetscClassIdRegister, or PETSc's own by its log name:
   "Vector"), else -1. From PETSc 3.20 the log's lookup is the logging state's, before
   it the class registry of the stage log. */
PetscErrorCode petscrs_ClassIdFind(const char name[], PetscClassId *classid)
{
  PetscBool same = PETSC_FALSE;
  size_t    k;

  PetscFunctionBeginUser;
  *classid = -1;
  for (k = 0; k < sizeof(petscrs_classes) / sizeof(petscrs_classes[0]); k++) {
    PetscCall(PetscStrcmp(petscrs_classes[k].name, name, &same));
    if (same) {
      PetscCall(petscrs_classes[k].init());
      *classid = *petscrs_classes[k].id;
      PetscFunctionReturn(0);
    }
  }
#if PETSC_VERSION_GE(3, 20, 0)
  PetscCall(PetscLogClassGetClassId(name, classid));
#elif defined(PETSC_USE_LOG)
  {
    PetscStageLog stageLog = NULL;
    int           i;

    PetscCall(PetscLogGetStageLog(&stageLog));
    for (i = 0; stageLog && i < stageLog->classLog->numClasses; i++) {
      PetscCall(PetscStrcmp(stageLog->classLog->classInfo[i].name, name, &same));
      if (same) {
        *classid = stageLog->classLog->classInfo[i].classid;
        break;
      }
    }
  }
#endif
  PetscFunctionReturn(0);
}

/* DMSetFromOptions on a DM that is set up, without its type's own options (a DMDA's
   grid options, which PETSc reads before DMSetUp only: after it, PETSc 3.22 refuses them
   and 3.18 changed the sizes of a grid already laid out): the DM's generic options and
   its options handlers (private.c). */
PetscErrorCode petscrs_DMSetFromOptionsSetUp(DM dm)
{
  __typeof__(dm->ops->setfromoptions) own;
  PetscErrorCode                      ierr;

  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(dm, DM_CLASSID, 1);
  own                     = dm->ops->setfromoptions; /* the type of the hook changed in 3.23 */
  dm->ops->setfromoptions = NULL;
  ierr                    = DMSetFromOptions(dm);
  dm->ops->setfromoptions = own;
  PetscCall(ierr);
  PetscFunctionReturn(0);
}

/* SNESSetConvergenceHistory with a record PETSc allocates, after freeing the record
   PETSc allocated at an earlier call: PETSc frees only the last one, when the solver is
   destroyed, so a second call leaked the first (private.c). */
PetscErrorCode petscrs_SNESSetConvergenceHistoryAgain(SNES snes, PetscInt na, PetscBool reset)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(snes, SNES_CLASSID, 1);
  if (snes->conv_hist_alloc) {
    PetscCall(PetscFree2(snes->conv_hist, snes->conv_hist_its));
    snes->conv_hist_alloc = PETSC_FALSE;
    snes->conv_hist_max   = 0;
    snes->conv_hist_len   = 0;
  }
  PetscCall(SNESSetConvergenceHistory(snes, NULL, NULL, na, reset));
  PetscFunctionReturn(0);
}

#include <petscdmshell.h>
#include <petsc/private/sfimpl.h>

/* A DMShell's transfer scatter (op 0 global-to-local, 1 local-to-global, 2 local-to-local)
   set with the shell's setter and also composed on the DM, where
   petscrs_DMShellTransferSizes finds it (the shell keeps it in a private struct). */
static const char *const petscrs_shell_scatter_keys[3] = {"__petscrs_shell_gtol", "__petscrs_shell_ltog", "__petscrs_shell_ltol"};

PetscErrorCode petscrs_DMShellSetTransferScatter(DM dm, int op, VecScatter sct)
{
  PetscFunctionBeginUser;
  PetscCheck(op >= 0 && op < 3, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "no transfer %d", op);
  if (op == 0) PetscCall(DMShellSetGlobalToLocalVecScatter(dm, sct));
  else if (op == 1) PetscCall(DMShellSetLocalToGlobalVecScatter(dm, sct));
  else PetscCall(DMShellSetLocalToLocalVecScatter(dm, sct));
  PetscCall(PetscObjectCompose((PetscObject)dm, petscrs_shell_scatter_keys[op], (PetscObject)sct));
  PetscFunctionReturn(0);
}

/* What DMGlobalToLocalBegin (op 0), DMLocalToGlobalBegin (op 1; `insert` whether its mode
   inserts) or DMLocalToLocalBegin (op 2) will do with the two vectors of a DMShell, so the
   caller can check them on every rank first:
   *path = 0: arrays through the DM's sections (PETSc checks no size): the source needs
              *from_n entries on this rank and the destination *to_n;
   *path = 1: the scatter given to the shell: the same, sizes the scatter recorded (PETSc
              checks them only in debug builds, and on each rank alone);
   *path = 2: the shell's own routines (closures, which see the vectors through their own
              checks), a scatter of unknown sizes, or no scatter (PETSc fails on every
              rank): nothing to check. */
PetscErrorCode petscrs_DMShellTransferSizes(DM dm, int op, PetscBool insert, int *path, PetscInt *from_n, PetscInt *to_n)
{
  PetscSF      sf = NULL;
  PetscSection s  = NULL;
  PetscBool    dflt;
  PetscObject  sct = NULL;

  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(dm, DM_CLASSID, 1);
  PetscCheck(op >= 0 && op < 3, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "no transfer %d", op);
  *path   = 2;
  *from_n = -1;
  *to_n   = -1;
  if (op != 2) {
    PetscCall(DMGetSectionSF(dm, &sf));
    PetscCall(DMGetLocalSection(dm, &s));
    if ((op == 0 && sf) || (op == 1 && ((sf && !insert) || (s && insert)))) {
      PetscSection gs;
      PetscInt     nl, ng;

      PetscCall(DMGetGlobalSection(dm, &gs));
      PetscCall(PetscSectionGetStorageSize(s, &nl));
      PetscCall(PetscSectionGetConstrainedStorageSize(gs, &ng));
      *path   = 0;
      *from_n = op == 0 ? ng : nl;
      *to_n   = op == 0 ? nl : ng;
      PetscFunctionReturn(0);
    }
  }
  if (op == 0) dflt = (PetscBool)(dm->ops->globaltolocalbegin == DMGlobalToLocalBeginDefaultShell);
  else if (op == 1) dflt = (PetscBool)(dm->ops->localtoglobalbegin == DMLocalToGlobalBeginDefaultShell);
  else dflt = (PetscBool)(dm->ops->localtolocalbegin == DMLocalToLocalBeginDefaultShell);
  if (!dflt) PetscFunctionReturn(0);
  PetscCall(PetscObjectQuery((PetscObject)dm, petscrs_shell_scatter_keys[op], &sct));
  if (!sct) PetscFunctionReturn(0);
  {
    PetscSF vs = (PetscSF)sct;
    if (vs->vscat.from_n >= 0 && vs->vscat.to_n >= 0) {
      *path   = 1;
      *from_n = vs->vscat.from_n;
      *to_n   = vs->vscat.to_n;
    }
  }
  PetscFunctionReturn(0);
}

/* Whether DMSetUp has run on a DM (dm->setupcalled; no public getter in 3.18). */
PetscErrorCode petscrs_DMGetSetUpCalled(DM dm, PetscBool *done)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(dm, DM_CLASSID, 1);
  *done = dm->setupcalled ? PETSC_TRUE : PETSC_FALSE;
  PetscFunctionReturn(0);
}

#include <petsc/private/dmdaimpl.h>

/* One direction of DMDARefineOwnershipRanges (refine) or DMDACoarsenOwnershipRanges
   (da.c, the same in 3.18 to 3.25), without raising its error: whether ranges exist,
   written to out (m entries). */
static PetscBool petscrs_da_level_ranges(PetscBool refine, PetscBool periodic, PetscInt s, PetscInt ratio, PetscInt m, const PetscInt in[], PetscInt out[])
{
  PetscInt i, total = 0, remaining, startc = 0, startf = 0;

  if (ratio < 1) return PETSC_FALSE;
  if (ratio == 1) {
    for (i = 0; i < m; i++) out[i] = in[i];
    return PETSC_TRUE;
  }
  for (i = 0; i < m; i++) total += in[i];
  remaining = refine ? (!periodic) + ratio * (total - (!periodic)) : (!periodic) + (total - (!periodic)) / ratio;
  for (i = 0; i < m; i++) {
    PetscInt want = remaining / (m - i) + !!(remaining % (m - i));
    if (i < m - 1) {
      if (refine) {
        const PetscInt nextc = startc + in[i];
        while ((startf + want) / ratio < nextc - s) want++;
        while ((startf + want - 1 + ratio - 1) / ratio > nextc - 1 + s) want--;
        if (want < 0 || want > remaining || ((startf + want) / ratio < nextc - s) || ((startf + want - 1 + ratio - 1) / ratio > nextc - 1 + s)) return PETSC_FALSE;
      } else {
        const PetscInt nextf = startf + in[i];
        while (nextf / ratio < startc + want - s) want--;
        while ((nextf - 1 + ratio - 1) / ratio > startc + want - 1 + s) want++;
        if (want < 0 || want > remaining || (nextf / ratio < startc + want - s) || ((nextf - 1 + ratio - 1) / ratio > startc + want - 1 + s)) return PETSC_FALSE;
      }
    }
    out[i] = want;
    if (refine) {
      startc += in[i];
      startf += out[i];
    } else {
      startf += in[i];
      startc += out[i];
    }
    remaining -= out[i];
  }
  return PETSC_TRUE;
}

/* Whether PETSc finds the ownership ranges of every level that DMRefine or DMCoarsen
   of a DMDA (nlevels = 1, hierarchy false), or DMRefineHierarchy or DMCoarsenHierarchy
   (nlevels levels, hierarchy true), makes: with the refinement factors DMRefine_DA and
   DMRefineHierarchy_DA use (the options -da_refine_hierarchy_x/y/z included) and the
   coarsening factors DMCoarsen_DA passes from level to level. PETSc fails there after
   making the new DM, which then leaks; the same answer on every rank (the ranges are
   global). */
PetscErrorCode petscrs_DMDALevelsFit(DM da, PetscBool refine, PetscInt nlevels, PetscBool hierarchy, PetscBool *ok)
{
  DM_DA         *dd = (DM_DA *)da->data;
  PetscInt       dim, d, k, n, *ratios = NULL, *cur = NULL, *next = NULL;
  const char    *names[3] = {"-da_refine_hierarchy_x", "-da_refine_hierarchy_y", "-da_refine_hierarchy_z"};
  PetscInt       counts[3], factor[3], coarsen[3], hier_n[3];
  PetscInt      *hier[3], *lin[3];
  DMBoundaryType b[3];
  PetscBool      match;

  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(da, DM_CLASSID, 1);
  *ok = PETSC_TRUE;
  PetscCall(PetscObjectTypeCompare((PetscObject)da, DMDA, &match));
  if (!match || !da->setupcalled || nlevels < 1) PetscFunctionReturn(0);
  PetscCall(DMGetDimension(da, &dim));
  counts[0] = dd->m, counts[1] = dd->n, counts[2] = dd->p;
  factor[0] = dd->refine_x, factor[1] = dd->refine_y, factor[2] = dd->refine_z;
  coarsen[0] = dd->coarsen_x, coarsen[1] = dd->coarsen_y, coarsen[2] = dd->coarsen_z;
  hier_n[0] = dd->refine_x_hier_n, hier_n[1] = dd->refine_y_hier_n, hier_n[2] = dd->refine_z_hier_n;
  hier[0] = dd->refine_x_hier, hier[1] = dd->refine_y_hier, hier[2] = dd->refine_z_hier;
  lin[0] = dd->lx, lin[1] = dd->ly, lin[2] = dd->lz;
  b[0] = dd->bx, b[1] = dd->by, b[2] = dd->bz;
  PetscCall(PetscMalloc1(nlevels, &ratios));
  for (d = 0; d < dim && *ok; d++) {
    const PetscBool periodic = (PetscBool)(b[d] == DM_BOUNDARY_PERIODIC || dd->interptype == DMDA_Q0);
    const PetscInt  m        = counts[d];

    if (!lin[d] || m < 1) continue;
    if (refine) {
      for (k = 0; k < nlevels; k++) ratios[k] = factor[d];
      if (hierarchy) {
        n = nlevels;
        PetscCall(PetscOptionsGetIntArray(((PetscObject)da)->options, ((PetscObject)da)->prefix, names[d], ratios, &n, NULL));
      }
    } else {
      /* DMCoarsen_DA: the coarse level's factor is the fine one's, or the hierarchy's
         entry for its level. */
      ratios[0] = coarsen[d];
      for (k = 1; k < nlevels; k++) {
        const PetscInt idx = da->levelup - (da->leveldown + k - 1) - 2;
        ratios[k]          = (hier[d] && idx > -1 && idx < hier_n[d]) ? hier[d][idx] : ratios[k - 1];
      }
    }
    PetscCall(PetscMalloc2(m, &cur, m, &next));
    for (k = 0; k < m; k++) cur[k] = lin[d][k];
    for (k = 0; k < nlevels && *ok; k++) {
      PetscInt j;
      *ok = petscrs_da_level_ranges(refine, periodic, dd->s, ratios[k], m, cur, next);
      for (j = 0; j < m; j++) cur[j] = next[j];
    }
    PetscCall(PetscFree2(cur, next));
  }
  PetscCall(PetscFree(ratios));
  PetscFunctionReturn(0);
}

/* The residual and Jacobian of a TS's nonlinear solver when the TS's type has none (an
   explicit method): an error, as PETSc 3.22 and later give, where PETSc 3.18 calls the
   missing routine. */
/* The two stand-ins below fail the call; the read lock SNESComputeFunction (Jacobian)
   put on x is released first, as the error ends the solve without popping it. */
static PetscErrorCode SNESTSFunctionMissing_petscrs(SNES snes, Vec x, Vec f, TS ts)
{
  (void)snes;
  (void)f;
  petscrs_Unlock(x);
  SETERRQ(PetscObjectComm((PetscObject)ts), PETSC_ERR_SUP, "No method snesfunction for TS of type %s", ((PetscObject)ts)->type_name ? ((PetscObject)ts)->type_name : "(unset)");
}

static PetscErrorCode SNESTSJacobianMissing_petscrs(SNES snes, Vec x, Mat A, Mat B, TS ts)
{
  (void)snes;
  petscrs_Unlock(x);
  (void)A;
  (void)B;
  SETERRQ(PetscObjectComm((PetscObject)ts), PETSC_ERR_SUP, "No method snesjacobian for TS of type %s", ((PetscObject)ts)->type_name ? ((PetscObject)ts)->type_name : "(unset)");
}

PetscErrorCode petscrs_SNESGuardTS(SNES snes)
{
  PetscErrorCode (*f)(SNES, Vec, Vec, void *) = NULL;
  void *ctx                                  = NULL;
  TS    ts;

  PetscFunctionBegin;
  PetscCall(SNESGetFunction(snes, NULL, &f, &ctx));
  if (f != SNESTSFormFunction || !ctx || ((PetscObject)ctx)->classid != TS_CLASSID) PetscFunctionReturn(0);
  ts = (TS)ctx;
  if (!ts->ops->snesfunction) ts->ops->snesfunction = SNESTSFunctionMissing_petscrs;
  if (!ts->ops->snesjacobian) ts->ops->snesjacobian = SNESTSJacobianMissing_petscrs;
  PetscFunctionReturn(0);
}

/* After TSClone: the nonlinear solver TSClone shares calls back into the clone (its
   residual's context, kept with the DM the two share), which may be destroyed first. It
   calls back into the original again, and the clone gets a solver of its own (with the
   same options prefix). */
PetscErrorCode petscrs_TSCloneOwnSNES(TS orig, TS clone)
{
  SNES        snes, own;
  const char *prefix = NULL;
  PetscErrorCode (*jac)(SNES, Vec, Mat, Mat, void *) = NULL;

  PetscFunctionBegin;
  PetscCall(TSGetSNES(orig, &snes));
  PetscCall(SNESSetFunction(snes, NULL, SNESTSFormFunction, orig));
  PetscCall(SNESGetJacobian(snes, NULL, NULL, &jac, NULL));
  if (jac == SNESTSFormJacobian) PetscCall(SNESSetJacobian(snes, NULL, NULL, SNESTSFormJacobian, orig));
  PetscCall(SNESCreate(PetscObjectComm((PetscObject)clone), &own));
  PetscCall(SNESGetOptionsPrefix(snes, &prefix));
  PetscCall(SNESSetOptionsPrefix(own, prefix));
  PetscCall(TSSetSNES(clone, own));
  PetscCall(SNESDestroy(&own));
  PetscFunctionReturn(0);
}

#include <petsc/private/taoimpl.h>

/* TaoSetConvergenceHistory with PETSc's own record, the one an earlier call made freed
   first (PETSc alone would lose it). */
PetscErrorCode petscrs_TaoSetConvergenceHistoryAgain(Tao tao, PetscInt na, PetscBool reset)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(tao, TAO_CLASSID, 1);
  if (tao->hist_malloc) {
    PetscCall(PetscFree4(tao->hist_obj, tao->hist_resid, tao->hist_cnorm, tao->hist_lits));
    tao->hist_malloc = PETSC_FALSE;
    tao->hist_max    = 0;
    tao->hist_len    = 0;
  }
  PetscCall(TaoSetConvergenceHistory(tao, NULL, NULL, NULL, NULL, na, reset));
  PetscFunctionReturn(0);
}

/* Removes a user routine of a Tao: 0 objective, 1 gradient, 2 objective and gradient,
   3 Hessian, 4 constraints Jacobian (the setters ignore a null routine before 3.25). */
PetscErrorCode petscrs_TaoClearRoutine(Tao tao, PetscInt which)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(tao, TAO_CLASSID, 1);
  switch (which) {
#if PETSC_VERSION_GE(3, 25, 0)
  case 0:
    PetscCall(TaoSetObjective(tao, NULL, NULL));
    break;
  case 1:
    PetscCall(TaoSetGradient(tao, NULL, NULL, NULL));
    break;
  case 2:
    PetscCall(TaoSetObjectiveAndGradient(tao, NULL, NULL, NULL));
    break;
  case 3:
    PetscCall(TaoSetHessian(tao, NULL, NULL, NULL, NULL));
    break;
#else
  case 0:
    tao->ops->computeobjective = NULL;
    tao->user_objP             = NULL;
    break;
  case 1:
    tao->ops->computegradient = NULL;
    tao->user_gradP           = NULL;
    break;
  case 2:
    tao->ops->computeobjectiveandgradient = NULL;
    tao->user_objgradP                    = NULL;
    break;
  case 3:
    tao->ops->computehessian = NULL;
    tao->user_hessP          = NULL;
    break;
#endif
  case 4:
    tao->ops->computejacobian = NULL;
    tao->user_jacP            = NULL;
    break;
  default:
    SETERRQ(PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "no Tao routine %" PetscInt_FMT, which);
  }
  PetscFunctionReturn(0);
}

/* The solve a SNES type written in Rust gets when it has none of its own, as petsc4py's
   Python type's default: Newton steps (the instance's `step`, or a linear solve with the
   Jacobian) through the solver's line search, with PETSc's update hook, history,
   convergence test and monitors. `hook(ctx, which, X, F, Y)` runs the instance's
   pre-step (0), step (1) and post-step (2); for the step it sets *stepped to false
   when the instance has none (petscrs_SNESStepDefault then runs). */
PetscErrorCode petscrs_SNESSolveDefault(SNES snes, PetscErrorCode (*hook)(void *, PetscInt, Vec, Vec, Vec, PetscBool *), void *ctx)
{
  Vec            X = NULL, F = NULL, Y = NULL;
  SNESLineSearch ls = NULL;
  PetscInt       lits = 0, its;
  PetscBool      stepped;

  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(snes, SNES_CLASSID, 1);
  PetscCall(SNESGetSolution(snes, &X));
  PetscCall(SNESGetFunction(snes, &F, NULL, NULL));
  PetscCall(SNESGetSolutionUpdate(snes, &Y));
  PetscCall(SNESGetLineSearch(snes, &ls));
  PetscCall(VecSet(Y, 0.0));
  snes->ynorm = 0.0;
  PetscCall(SNESComputeFunction(snes, X, F));
  PetscCall(VecNorm(X, NORM_2, &snes->xnorm));
  PetscCall(VecNorm(F, NORM_2, &snes->norm));
  PetscCall(SNESLogConvergenceHistory(snes, snes->norm, lits));
  if (snes->ops->converged) PetscCall((*snes->ops->converged)(snes, snes->iter, snes->xnorm, snes->ynorm, snes->norm, &snes->reason, snes->cnvP));
  PetscCall(SNESMonitor(snes, snes->iter, snes->norm));
  if (snes->reason) PetscFunctionReturn(0);
  for (its = 0; its < snes->max_its; its++) {
    if (snes->ops->update) PetscCall((*snes->ops->update)(snes, snes->iter));
    PetscCall(hook(ctx, 0, X, F, Y, &stepped));
    lits    = -snes->linear_its;
    stepped = PETSC_TRUE;
    PetscCall(hook(ctx, 1, X, F, Y, &stepped));
    if (!stepped) PetscCall(petscrs_SNESStepDefault(snes, X, F, Y));
    lits += snes->linear_its;
    PetscCall(SNESLineSearchApply(ls, X, F, NULL, Y));
    PetscCall(SNESLineSearchGetNorms(ls, &snes->xnorm, &snes->norm, &snes->ynorm));
    snes->iter += 1;
    PetscCall(hook(ctx, 2, X, F, Y, &stepped));
    PetscCall(SNESLogConvergenceHistory(snes, snes->norm, lits));
    if (snes->ops->converged) PetscCall((*snes->ops->converged)(snes, snes->iter, snes->xnorm, snes->ynorm, snes->norm, &snes->reason, snes->cnvP));
    PetscCall(SNESMonitor(snes, snes->iter, snes->norm));
    if (snes->reason) break;
  }
  if (!snes->reason) snes->reason = SNES_DIVERGED_MAX_IT;
  PetscFunctionReturn(0);
}

/* The default Newton step of petscrs_SNESSolveDefault: Y solves J(X) Y = F. */
PetscErrorCode petscrs_SNESStepDefault(SNES snes, Vec X, Vec F, Vec Y)
{
  Mat      J = NULL, P = NULL;
  KSP      ksp = NULL;
  PetscInt lits = 0;

  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(snes, SNES_CLASSID, 1);
  PetscCall(SNESGetJacobian(snes, &J, &P, NULL, NULL));
  PetscCall(SNESComputeJacobian(snes, X, J, P));
  PetscCall(SNESGetKSP(snes, &ksp));
  PetscCall(KSPSetOperators(ksp, J, P));
  PetscCall(KSPSolve(ksp, F, Y));
  PetscCall(KSPGetIterationNumber(ksp, &lits));
  snes->linear_its += lits;
  PetscFunctionReturn(0);
}

/* The solve a Tao type written in Rust gets when it has none of its own, as petsc4py's
   Python type's default: steps (the instance's `step`, or steepest descent) through the
   solver's line search (a More-Thuente one, made if the solver has none), with PETSc's
   update hook, history, monitors and convergence test. `hook` as for
   petscrs_SNESSolveDefault (X, G, S: solution, gradient, step direction). */
PetscErrorCode petscrs_TaoSolveDefault(Tao tao, PetscErrorCode (*hook)(void *, PetscInt, Vec, Vec, Vec, PetscBool *), void *ctx)
{
  Vec                          X = tao->solution, G = NULL, S = NULL;
  PetscReal                    f = 0.0, gnorm = 0.0, step = 1.0;
  PetscBool                    has_g = PETSC_FALSE, has_fg = PETSC_FALSE, stepped;
  TaoLineSearchConvergedReason lsr = TAOLINESEARCH_SUCCESS;
  PetscInt                     its;

  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(tao, TAO_CLASSID, 1);
  PetscCall(TaoIsGradientDefined(tao, &has_g));
  PetscCall(TaoIsObjectiveAndGradientDefined(tao, &has_fg));
  if (has_g || has_fg) {
    if (!tao->gradient) PetscCall(VecDuplicate(X, &tao->gradient));
    if (!tao->stepdirection) PetscCall(VecDuplicate(X, &tao->stepdirection));
    G = tao->gradient;
    S = tao->stepdirection;
    if (!tao->linesearch) {
      PetscCall(TaoLineSearchCreate(PetscObjectComm((PetscObject)tao), &tao->linesearch));
      PetscCall(PetscObjectIncrementTabLevel((PetscObject)tao->linesearch, (PetscObject)tao, 1));
      PetscCall(TaoLineSearchSetType(tao->linesearch, TAOLINESEARCHMT));
      PetscCall(TaoLineSearchUseTaoRoutines(tao->linesearch, tao));
      PetscCall(TaoLineSearchSetInitialStepLength(tao->linesearch, 1.0));
    }
  }
  tao->ksp_its = 0;
  if (G) {
    PetscCall(TaoComputeObjectiveAndGradient(tao, X, &f, G));
    PetscCall(VecNorm(G, NORM_2, &gnorm));
  } else PetscCall(TaoComputeObjective(tao, X, &f));
  PetscCheck(!PetscIsInfOrNanReal(f) && !PetscIsInfOrNanReal(gnorm), PetscObjectComm((PetscObject)tao), PETSC_ERR_USER, "User provided compute function generated infinity or NaN");
  PetscCall(TaoLogConvergenceHistory(tao, f, gnorm, 0.0, tao->ksp_its));
  PetscCall(TaoMonitor(tao, tao->niter, f, gnorm, 0.0, step));
  if (tao->ops->convergencetest) PetscCall((*tao->ops->convergencetest)(tao, tao->cnvP));
  for (its = 0; its < tao->max_it; its++) {
    if (tao->reason) break;
    if (tao->ops->update) {
      PetscCall((*tao->ops->update)(tao, tao->niter, tao->user_update));
      PetscCall(TaoComputeObjective(tao, X, &f));
    }
    PetscCall(hook(ctx, 0, X, G, S, &stepped));
    tao->ksp_its = 0;
    stepped      = PETSC_TRUE;
    PetscCall(hook(ctx, 1, X, G, S, &stepped));
    if (!stepped) PetscCall(petscrs_TaoStepDefault(tao, X, G, S));
    if (tao->ksp) {
      PetscCall(KSPGetIterationNumber(tao->ksp, &tao->ksp_its));
      tao->ksp_tot_its += tao->ksp_its;
    }
    if (G) {
      PetscCall(TaoLineSearchApply(tao->linesearch, X, &f, G, S, &step, &lsr));
      PetscCall(TaoAddLineSearchCounts(tao));
      PetscCall(VecNorm(G, NORM_2, &gnorm));
      if (lsr < TAOLINESEARCH_CONTINUE_ITERATING) tao->reason = TAO_DIVERGED_LS_FAILURE;
    } else PetscCall(TaoComputeObjective(tao, X, &f));
    PetscCheck(!PetscIsInfOrNanReal(f) && !PetscIsInfOrNanReal(gnorm), PetscObjectComm((PetscObject)tao), PETSC_ERR_USER, "User provided compute function generated infinity or NaN");
    tao->niter += 1;
    PetscCall(hook(ctx, 2, X, G, S, &stepped));
    PetscCall(TaoLogConvergenceHistory(tao, f, gnorm, 0.0, tao->ksp_its));
    PetscCall(TaoMonitor(tao, tao->niter, f, gnorm, 0.0, step));
    if (tao->ops->convergencetest) PetscCall((*tao->ops->convergencetest)(tao, tao->cnvP));
  }
  if (tao->niter == tao->max_it && tao->reason <= 0) tao->reason = TAO_DIVERGED_MAXITS;
  PetscFunctionReturn(0);
}

/* The default step of petscrs_TaoSolveDefault: steepest descent, S = -G(X). */
PetscErrorCode petscrs_TaoStepDefault(Tao tao, Vec X, Vec G, Vec S)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(tao, TAO_CLASSID, 1);
  PetscCall(TaoComputeGradient(tao, X, G));
  PetscCall(VecAXPBY(S, -1.0, 0.0, G));
  PetscFunctionReturn(0);
}

/* The update routine of SNESSetUpdate, if any, at the current iteration. */
PetscErrorCode petscrs_SNESComputeUpdate(SNES snes)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(snes, SNES_CLASSID, 1);
  if (snes->ops->update) PetscCall((*snes->ops->update)(snes, snes->iter));
  PetscFunctionReturn(0);
}

/* The update routine of TaoSetUpdate, if any, at the current iteration, then the
   objective at the solution (*ran says whether there was one). */
PetscErrorCode petscrs_TaoComputeUpdate(Tao tao, PetscReal *f, PetscBool *ran)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(tao, TAO_CLASSID, 1);
  *ran = PETSC_FALSE;
  if (tao->ops->update) {
    PetscCall((*tao->ops->update)(tao, tao->niter, tao->user_update));
    PetscCall(TaoComputeObjective(tao, tao->solution, f));
    *ran = PETSC_TRUE;
  }
  PetscFunctionReturn(0);
}
