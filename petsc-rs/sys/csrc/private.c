/* The shim functions that read PETSc's private structures. Kept apart from shim.c so that
   only this file sees the private headers (installed with every PETSc, but not part of
   its API: compiled against the PETSc found, so the layout always matches). */
#include "shim.h"
#include <petsc/private/pcimpl.h>
#include <petsc/private/kspimpl.h>
#include <petsc/private/snesimpl.h>
#include <petsc/private/sectionimpl.h>
#include <petsc/private/vecimpl.h>
#include <petsc/private/dmlabelimpl.h>
#include <petsc/private/dmimpl.h>
#include <petsc/private/tshistoryimpl.h>
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
#include <petsc/private/pcmgimpl.h>
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
