/* PETSc types written in Rust: XRegister (PC, KSP, SNES, Tao, TS, Mat) of a name whose create routine
   asks petsc-rs for an instance of the Rust type registered under the object's new type
   name, and whose routines (set-up, options, view, reset, destroy, apply or solve) call
   the instance through the class's table of hooks. Written against the private
   structures (pc->ops, ksp->ops, ->data), as petsc4py's own Python types are; compiled
   against the PETSc found, the layouts always match. */
#include "rust_types.h"
#include <string.h>
#include "ts_shell.h"
#include <petsc/private/pcimpl.h>
#include <petsc/private/kspimpl.h>
#include <petsc/private/snesimpl.h>
#include <petsc/private/taoimpl.h>
#include <petsc/private/tsimpl.h>
/* matimpl.h's inline helpers leave parameters unused. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-parameter"
#include <petsc/private/matimpl.h>
#pragma GCC diagnostic pop

static const petscrs_RustTypeHooks *PC_hooks, *KSP_hooks, *SNES_hooks, *Tao_hooks, *TS_hooks, *Mat_hooks;

/* The options block as PETSc passes it to a type (a pointer to a struct up to 3.22, a
   pointer type from 3.23): handed to petsc-rs as a pointer either way. */
#if PETSC_VERSION_GE(3, 23, 0)
  #define PETSCRS_ITEMS PetscOptionItems
#else
  #define PETSCRS_ITEMS PetscOptionItems *
#endif

/* "PC rs_jacobi options": the heading -help prints above the instance's options. */
static PetscErrorCode RustOptions(PetscObject obj, const petscrs_RustTypeHooks *hooks, void *ctx, PETSCRS_ITEMS PetscOptionsObject)
{
  char title[256];

  PetscFunctionBegin;
  PetscCall(PetscSNPrintf(title, sizeof(title), "%s %s options", obj->class_name, obj->type_name));
  PetscOptionsHeadBegin(PetscOptionsObject, title);
  PetscCall(hooks->setfromoptions(obj, ctx, (void *)PetscOptionsObject));
  PetscOptionsHeadEnd();
  PetscFunctionReturn(0);
}

/* The instance's view, in text viewers (as PETSc's own types print their lines there). */
static PetscErrorCode RustView(PetscObject obj, const petscrs_RustTypeHooks *hooks, void *ctx, PetscViewer viewer)
{
  PetscBool isascii;

  PetscFunctionBegin;
  PetscCall(PetscObjectTypeCompare((PetscObject)viewer, PETSCVIEWERASCII, &isascii));
  if (isascii) PetscCall(hooks->view(obj, ctx, viewer));
  PetscFunctionReturn(0);
}

/* The names of the registered Rust types, by slot (static: nothing for -malloc_dump). */
static char PC_names[PETSCRS_RUST_TYPES][256], KSP_names[PETSCRS_RUST_TYPES][256], SNES_names[PETSCRS_RUST_TYPES][256], Tao_names[PETSCRS_RUST_TYPES][256], TS_names[PETSCRS_RUST_TYPES][256], Mat_names[PETSCRS_RUST_TYPES][256];

/* The routines every class's Rust types share: set-up, options, view, reset, destroy
   (the instance is the object's data; Tao and Mat have no reset, Mat sets up its own). */
#define PETSCRS_COMMON(Class) \
  PETSC_UNUSED static PetscErrorCode Class##SetUp_Rust(Class obj) \
  { \
    return Class##_hooks->setup((PetscObject)obj, obj->data); \
  } \
  static PetscErrorCode Class##SetFromOptions_Rust(Class obj, PETSCRS_ITEMS PetscOptionsObject) \
  { \
    return RustOptions((PetscObject)obj, Class##_hooks, obj->data, PetscOptionsObject); \
  } \
  static PetscErrorCode Class##View_Rust(Class obj, PetscViewer viewer) \
  { \
    return RustView((PetscObject)obj, Class##_hooks, obj->data, viewer); \
  } \
  PETSC_UNUSED static PetscErrorCode Class##Reset_Rust(Class obj) \
  { \
    return Class##_hooks->reset((PetscObject)obj, obj->data); \
  } \
  static PetscErrorCode Class##Destroy_Rust(Class obj) \
  { \
    void *ctx = obj->data; \
\
    PetscFunctionBegin; \
    obj->data = NULL; \
    if (ctx) PetscCall(Class##_hooks->destroy(ctx)); \
    PetscFunctionReturn(0); \
  }

PETSCRS_COMMON(PC)
PETSCRS_COMMON(KSP)
PETSCRS_COMMON(SNES)
PETSCRS_COMMON(Tao)
PETSCRS_COMMON(Mat)

static PetscErrorCode PCApply_Rust(PC pc, Vec x, Vec y)
{
  return PC_hooks->apply((PetscObject)pc, pc->data, x, y);
}

static PetscErrorCode PCApplyTranspose_Rust(PC pc, Vec x, Vec y)
{
  return PC_hooks->applytranspose((PetscObject)pc, pc->data, x, y);
}

/* The PC routines beyond the common table (petscrs_PCRustHooks). */
static const petscrs_PCRustHooks *PC_more;

PetscErrorCode petscrs_PCRustSetHooks(const petscrs_PCRustHooks *hooks)
{
  PC_more = hooks;
  return 0;
}

static PetscErrorCode PCApplySymmetricLeft_Rust(PC pc, Vec x, Vec y)
{
  return PC_more->applysymmetricleft((PetscObject)pc, pc->data, x, y);
}

static PetscErrorCode PCApplySymmetricRight_Rust(PC pc, Vec x, Vec y)
{
  return PC_more->applysymmetricright((PetscObject)pc, pc->data, x, y);
}

static PetscErrorCode PCMatApply_Rust(PC pc, Mat X, Mat Y)
{
  return PC_more->matapply((PetscObject)pc, pc->data, X, Y);
}

static PetscErrorCode PCPreSolve_Rust(PC pc, KSP ksp, Vec b, Vec x)
{
  return PC_more->presolve((PetscObject)pc, pc->data, ksp, b, x);
}

static PetscErrorCode PCPostSolve_Rust(PC pc, KSP ksp, Vec b, Vec x)
{
  return PC_more->postsolve((PetscObject)pc, pc->data, ksp, b, x);
}

/* The operations an instance's flags name (the others PETSc does without, as for its
   own types that lack them). */
static void PCSetFlaggedOps_Rust(PC pc, PetscInt flags)
{
  pc->ops->applytranspose      = (flags & PETSCRS_RUST_TRANSPOSE) ? PCApplyTranspose_Rust : NULL;
  pc->ops->applysymmetricleft  = (PC_more && (flags & PETSCRS_RUST_SYMMETRIC)) ? PCApplySymmetricLeft_Rust : NULL;
  pc->ops->applysymmetricright = (PC_more && (flags & PETSCRS_RUST_SYMMETRIC)) ? PCApplySymmetricRight_Rust : NULL;
  pc->ops->matapply            = (PC_more && (flags & PETSCRS_RUST_MATAPPLY)) ? PCMatApply_Rust : NULL;
  pc->ops->presolve            = PC_more ? PCPreSolve_Rust : NULL;
  pc->ops->postsolve           = PC_more ? PCPostSolve_Rust : NULL;
}

static PetscErrorCode PCCreate_Rust(PC pc, int slot)
{
  void    *ctx   = NULL;
  PetscInt flags = 0;

  PetscFunctionBegin;
  PetscCall(PC_hooks->create((PetscObject)pc, PC_names[slot], &ctx, &flags));
  pc->data                = ctx;
  pc->ops->setup          = PCSetUp_Rust;
  pc->ops->apply          = PCApply_Rust;
  PCSetFlaggedOps_Rust(pc, flags);
  pc->ops->setfromoptions = PCSetFromOptions_Rust;
  pc->ops->view           = PCView_Rust;
  pc->ops->reset          = PCReset_Rust;
  pc->ops->destroy        = PCDestroy_Rust;
  PetscFunctionReturn(0);
}

/* The solvers' solve: the iteration count and reason reset, the instance's solve, and
   an error if it left no reason (not for a Tao, which may stop without one, as petsc4py's
   Python type does). */
#define PETSCRS_SOLVE(Class, setter, its, reason, iterating, rhs, sol, strict) \
  static PetscErrorCode Class##Solve_Rust(Class obj) \
  { \
    PetscFunctionBegin; \
    obj->its    = 0; \
    obj->reason = iterating; \
    PetscCall(Class##_hooks->apply((PetscObject)obj, obj->data, rhs, sol)); \
    PetscCheck(!(strict) || obj->reason != iterating, PetscObjectComm((PetscObject)obj), PETSC_ERR_PLIB, "the " #Class " type %s (written in Rust) returned from its solve without a converged reason (" setter "::set_converged_reason)", ((PetscObject)obj)->type_name); \
    PetscFunctionReturn(0); \
  }

PETSCRS_SOLVE(KSP, "Ksp", its, reason, KSP_CONVERGED_ITERATING, obj->vec_rhs, obj->vec_sol, 1)
PETSCRS_SOLVE(SNES, "Snes", iter, reason, SNES_CONVERGED_ITERATING, obj->vec_rhs, obj->vec_sol, 1)
PETSCRS_SOLVE(Tao, "Tao", niter, reason, TAO_CONTINUE_ITERATING, NULL, obj->solution, 0)

/* The solvers' create: the class's routines, then the instance (a KSP's declares its
   norms with KSPSetSupportedNorm as it is made; a SNES's says whether it uses a KSP). */
#define PETSCRS_CREATE_SOLVER(Class) \
  static PetscErrorCode Class##Create_Rust(Class obj, int slot) \
  { \
    void    *ctx   = NULL; \
    PetscInt flags = 0; \
\
    PetscFunctionBegin; \
    obj->ops->setup          = Class##SetUp_Rust; \
    obj->ops->solve          = Class##Solve_Rust; \
    obj->ops->setfromoptions = Class##SetFromOptions_Rust; \
    obj->ops->view           = Class##View_Rust; \
    obj->ops->destroy        = Class##Destroy_Rust; \
    PetscCall(Class##_hooks->create((PetscObject)obj, Class##_names[slot], &ctx, &flags)); \
    PetscCall(Class##Created_Rust(obj, flags)); \
    obj->data = ctx; \
    PetscFunctionReturn(0); \
  }

/* What each solver class sets once the instance is made. */
static PetscErrorCode KSPCreated_Rust(KSP ksp, PetscInt flags)
{
  (void)flags;
  ksp->ops->reset = KSPReset_Rust;
  return 0;
}

static PetscErrorCode SNESCreated_Rust(SNES snes, PetscInt flags)
{
  snes->ops->reset = SNESReset_Rust;
  snes->usesksp    = (flags & PETSCRS_RUST_NO_KSP) ? PETSC_FALSE : PETSC_TRUE;
  return 0;
}

static PetscErrorCode TaoCreated_Rust(Tao tao, PetscInt flags)
{
  (void)flags;
#if defined(PetscObjectParameterSetDefault)
  /* From PETSc 3.22 each type gives the tolerances and limits their defaults (TaoCreate
     leaves max_it at 0): those of PETSc 3.18's TaoCreate, for every Rust type. */
  PetscObjectParameterSetDefault(tao, max_it, 10000);
  PetscObjectParameterSetDefault(tao, max_funcs, PETSC_UNLIMITED);
  PetscObjectParameterSetDefault(tao, gatol, 1e-8);
  PetscObjectParameterSetDefault(tao, grtol, 1e-8);
  PetscObjectParameterSetDefault(tao, gttol, 0.0);
  PetscObjectParameterSetDefault(tao, catol, 1e-8);
  PetscObjectParameterSetDefault(tao, crtol, 1e-8);
  PetscObjectParameterSetDefault(tao, steptol, 0.0);
  PetscObjectParameterSetDefault(tao, fmin, PETSC_NINFINITY);
#else
  (void)tao;
#endif
  return 0;
}

PETSCRS_CREATE_SOLVER(KSP)
PETSCRS_CREATE_SOLVER(SNES)
PETSCRS_CREATE_SOLVER(Tao)

/* A TS type written in Rust is a shell (ts_shell.c: its step, roll-back, interpolation and
   adaptivity) whose step is the instance's (the state advanced from ts->ptime by
   ts->time_step), with the instance's set-up, options, view and reset. The shell keeps
   the instance as its context; the object's data is the shell's. */
static PetscErrorCode TSStep_Rust(TS ts, PetscReal t, PetscReal dt, Vec x, void *ctx)
{
  (void)t;
  (void)dt;
  return TS_hooks->apply((PetscObject)ts, ctx, NULL, x);
}

/* The shell's context: the instance. */
static void *TSInstance(TS ts)
{
  return petscrs_TSShellContext(ts);
}

static PetscErrorCode TSSetUp_Rust(TS ts)
{
  PetscFunctionBegin;
  PetscCall(petscrs_TSShellSetUp(ts));
  PetscCall(TS_hooks->setup((PetscObject)ts, TSInstance(ts)));
  PetscFunctionReturn(0);
}

static PetscErrorCode TSSetFromOptions_Rust(TS ts, PETSCRS_ITEMS PetscOptionsObject)
{
  return RustOptions((PetscObject)ts, TS_hooks, TSInstance(ts), PetscOptionsObject);
}

static PetscErrorCode TSView_Rust(TS ts, PetscViewer viewer)
{
  return RustView((PetscObject)ts, TS_hooks, TSInstance(ts), viewer);
}

static PetscErrorCode TSReset_Rust(TS ts)
{
  PetscFunctionBegin;
  PetscCall(TS_hooks->reset((PetscObject)ts, TSInstance(ts)));
  PetscCall(petscrs_TSShellReset(ts));
  PetscFunctionReturn(0);
}

/* The shell's destroy hook: the instance goes. */
static PetscErrorCode TSDestroyInstance_Rust(TS ts)
{
  return TS_hooks->destroy(TSInstance(ts));
}

/* The TS hooks beyond the common ones (petscrs_TSRustSetHooks). */
static const petscrs_TSRustHooks *TS_more;

/* The step's acceptance, as the instance decides it (or leaves to the adaptor). */
static PetscErrorCode TSAdapt_Rust(TS ts, PetscReal t, Vec x, PetscReal *next, PetscBool *accept, PetscBool *decided, void *ctx)
{
  PetscFunctionBegin;
  if (TS_more && TS_more->adapt) PetscCall(TS_more->adapt((PetscObject)ts, ctx, t, x, next, accept, decided));
  PetscFunctionReturn(0);
}

static PetscErrorCode TSCreate_Rust(TS ts, int slot)
{
  void    *ctx   = NULL;
  PetscInt flags = 0;

  PetscFunctionBegin;
  PetscCall(petscrs_TSShellCreate(ts));
  ts->ops->setup          = TSSetUp_Rust;
  ts->ops->setfromoptions = TSSetFromOptions_Rust;
  ts->ops->view           = TSView_Rust;
  ts->ops->reset          = TSReset_Rust;
  ts->usessnes            = PETSC_TRUE;
  PetscCall(petscrs_TSShellSetAdapt(ts, TSAdapt_Rust));
  PetscCall(TS_hooks->create((PetscObject)ts, TS_names[slot], &ctx, &flags));
  PetscCall(petscrs_TSShellSet(ts, TSStep_Rust, ctx, TSDestroyInstance_Rust));
  PetscFunctionReturn(0);
}

/* A Mat type written in Rust is matrix-free, as MATSHELL is: assembled from its creation,
   its layouts and the instance set up by MatSetUp; its product is the instance's, and so
   are its transposed product and diagonal when the instance has them (the flags
   PETSCRS_RUST_TRANSPOSE, PETSCRS_RUST_DIAGONAL); the added products are made here from
   them. PETSc refuses the other operations (entries, copies, duplicates, scaling) as it
   refuses any operation a type has not. */
static PetscErrorCode MatSetUp_RustLayouts(Mat A)
{
  PetscErrorCode ierr;

  PetscFunctionBegin;
  PetscCall(PetscLayoutSetUp(A->rmap));
  PetscCall(PetscLayoutSetUp(A->cmap));
  /* Set up while the instance sets up: in PETSc 3.22 and later a call made then
     (MatGetOwnershipRange, MatCreateVecs) would otherwise run MatSetUp, and this
     routine, again. */
  A->preallocated = PETSC_TRUE;
  ierr            = Mat_hooks->setup((PetscObject)A, A->data);
  if (ierr) A->preallocated = PETSC_FALSE;
  PetscCall(ierr);
  PetscFunctionReturn(0);
}

/* The products refuse a matrix MatSetUp has not set up (PETSc 3.18 checks it in debug
   builds only; 3.22 and later set the matrix up first). */
static PetscErrorCode MatCheckSetUp_Rust(Mat A)
{
  PetscFunctionBegin;
  PetscCheck(A->preallocated, PetscObjectComm((PetscObject)A), PETSC_ERR_ORDER, "the Mat type %s (written in Rust) is not set up: call MatSetUp (Mat::set_up) once its sizes and type are set", ((PetscObject)A)->type_name);
  PetscFunctionReturn(0);
}

static PetscErrorCode MatMult_Rust(Mat A, Vec x, Vec y)
{
  PetscFunctionBegin;
  PetscCall(MatCheckSetUp_Rust(A));
  PetscCall(Mat_hooks->apply((PetscObject)A, A->data, x, y));
  PetscFunctionReturn(0);
}

static PetscErrorCode MatMultTranspose_Rust(Mat A, Vec x, Vec y)
{
  PetscFunctionBegin;
  PetscCall(MatCheckSetUp_Rust(A));
  PetscCall(Mat_hooks->applytranspose((PetscObject)A, A->data, x, y));
  PetscFunctionReturn(0);
}

static PetscErrorCode MatGetDiagonal_Rust(Mat A, Vec d)
{
  PetscFunctionBegin;
  PetscCall(MatCheckSetUp_Rust(A));
  PetscCall(Mat_hooks->diagonal((PetscObject)A, A->data, d));
  PetscFunctionReturn(0);
}

/* z = y + op(A) x: the product into a work vector, then added. */
static PetscErrorCode MatMultAddWith_Rust(Mat A, Vec x, Vec y, Vec z, PetscErrorCode (*product)(Mat, Vec, Vec))
{
  Vec            w;
  PetscErrorCode ierr;

  PetscFunctionBegin;
  PetscCall(VecDuplicate(z, &w));
  ierr = product(A, x, w);
  if (!ierr && y != z) ierr = VecCopy(y, z);
  if (!ierr) ierr = VecAXPY(z, 1.0, w);
  PetscCall(VecDestroy(&w));
  PetscCall(ierr);
  PetscFunctionReturn(0);
}

static PetscErrorCode MatMultAdd_Rust(Mat A, Vec x, Vec y, Vec z)
{
  return MatMultAddWith_Rust(A, x, y, z, MatMult_Rust);
}

static PetscErrorCode MatMultTransposeAdd_Rust(Mat A, Vec x, Vec y, Vec z)
{
  return MatMultAddWith_Rust(A, x, y, z, MatMultTranspose_Rust);
}

static PetscErrorCode MatCreate_Rust(Mat A, int slot)
{
  void    *ctx   = NULL;
  PetscInt flags = 0;

  PetscFunctionBegin;
  PetscCall(Mat_hooks->create((PetscObject)A, Mat_names[slot], &ctx, &flags));
  A->data                   = ctx;
  A->ops->setup             = MatSetUp_RustLayouts;
  A->ops->mult              = MatMult_Rust;
  A->ops->multadd           = MatMultAdd_Rust;
  A->ops->multtranspose     = (flags & PETSCRS_RUST_TRANSPOSE) ? MatMultTranspose_Rust : NULL;
  A->ops->multtransposeadd  = (flags & PETSCRS_RUST_TRANSPOSE) ? MatMultTransposeAdd_Rust : NULL;
  A->ops->getdiagonal       = (flags & PETSCRS_RUST_DIAGONAL) ? MatGetDiagonal_Rust : NULL;
  A->ops->setfromoptions    = MatSetFromOptions_Rust;
  A->ops->view              = MatView_Rust;
  A->ops->destroy           = MatDestroy_Rust;
  A->assembled              = PETSC_TRUE;
  A->preallocated           = PETSC_FALSE;
  PetscCall(PetscObjectChangeTypeName((PetscObject)A, Mat_names[slot]));
  PetscFunctionReturn(0);
}

/* One create routine a slot: XCreate_Rust<slot>. */
#define PETSCRS_SLOT(Class, i) \
  static PetscErrorCode Class##Create_Rust##i(Class obj) \
  { \
    return Class##Create_Rust(obj, i); \
  }
#define PETSCRS_SLOTS8(Class, a, b, c, d, e, f, g, h) \
  PETSCRS_SLOT(Class, a) PETSCRS_SLOT(Class, b) PETSCRS_SLOT(Class, c) PETSCRS_SLOT(Class, d) PETSCRS_SLOT(Class, e) PETSCRS_SLOT(Class, f) PETSCRS_SLOT(Class, g) PETSCRS_SLOT(Class, h)
#define PETSCRS_SLOTS(Class) \
  PETSCRS_SLOTS8(Class, 0, 1, 2, 3, 4, 5, 6, 7) \
  PETSCRS_SLOTS8(Class, 8, 9, 10, 11, 12, 13, 14, 15) \
  PETSCRS_SLOTS8(Class, 16, 17, 18, 19, 20, 21, 22, 23) \
  PETSCRS_SLOTS8(Class, 24, 25, 26, 27, 28, 29, 30, 31) \
  static PetscErrorCode (*const Class##_slots[PETSCRS_RUST_TYPES])(Class) = { \
    Class##Create_Rust0,  Class##Create_Rust1,  Class##Create_Rust2,  Class##Create_Rust3,  Class##Create_Rust4,  Class##Create_Rust5,  Class##Create_Rust6,  Class##Create_Rust7, \
    Class##Create_Rust8,  Class##Create_Rust9,  Class##Create_Rust10, Class##Create_Rust11, Class##Create_Rust12, Class##Create_Rust13, Class##Create_Rust14, Class##Create_Rust15, \
    Class##Create_Rust16, Class##Create_Rust17, Class##Create_Rust18, Class##Create_Rust19, Class##Create_Rust20, Class##Create_Rust21, Class##Create_Rust22, Class##Create_Rust23, \
    Class##Create_Rust24, Class##Create_Rust25, Class##Create_Rust26, Class##Create_Rust27, Class##Create_Rust28, Class##Create_Rust29, Class##Create_Rust30, Class##Create_Rust31, \
  };

PETSCRS_SLOTS(PC)
PETSCRS_SLOTS(KSP)
PETSCRS_SLOTS(SNES)
PETSCRS_SLOTS(Tao)
PETSCRS_SLOTS(TS)
PETSCRS_SLOTS(Mat)

/* Registers `name` for the class in the next free slot: refuses a name registered with
   another routine (a PETSc type, or another library's) and a class whose slots are all
   taken; a name registered here already keeps its slot. */
#define PETSCRS_REGISTER_RUST(Class, list, name, hooks) \
  do { \
    PetscErrorCode (*found)(Class) = NULL; \
    int slot; \
\
    PetscCall(Class##InitializePackage()); \
    PetscCall(PetscFunctionListFind(list, name, &found)); \
    for (slot = 0; slot < PETSCRS_RUST_TYPES && Class##_names[slot][0]; slot++) \
      if (found == Class##_slots[slot]) break; \
    PetscCheck(!found || (slot < PETSCRS_RUST_TYPES && found == Class##_slots[slot]), PETSC_COMM_SELF, PETSC_ERR_ARG_WRONGSTATE, "a " #Class " type named %s exists already (not written in Rust)", name); \
    Class##_hooks = hooks; \
    if (found) break; \
    PetscCheck(slot < PETSCRS_RUST_TYPES, PETSC_COMM_SELF, PETSC_ERR_SUP, "%s: petsc-rs registers at most %d " #Class " types written in Rust", name, PETSCRS_RUST_TYPES); \
    PetscCheck(strlen(name) < sizeof(Class##_names[slot]), PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "type name %s: longer than %d characters", name, (int)sizeof(Class##_names[slot]) - 1); \
    PetscCall(Class##Register(name, Class##_slots[slot])); \
    PetscCall(PetscStrncpy(Class##_names[slot], name, sizeof(Class##_names[slot]))); \
  } while (0)

#define PETSCRS_REGISTER_FN(Class, list) \
  PetscErrorCode petscrs_##Class##RegisterRust(const char name[], const petscrs_RustTypeHooks *hooks) \
  { \
    PetscFunctionBegin; \
    PETSCRS_REGISTER_RUST(Class, list, name, hooks); \
    PetscFunctionReturn(0); \
  }

PETSCRS_REGISTER_FN(PC, PCList)
PETSCRS_REGISTER_FN(KSP, KSPList)
PETSCRS_REGISTER_FN(SNES, SNESList)
PETSCRS_REGISTER_FN(Tao, TaoList)
PETSCRS_REGISTER_FN(TS, TSList)

/* Mat also refuses the root names (MATAIJ, "aij"), which MatSetType turns into the
   sequential or parallel type's name. */
PetscErrorCode petscrs_MatRegisterRust(const char name[], const petscrs_RustTypeHooks *hooks)
{
  MatRootName root;
  PetscBool   same;

  PetscFunctionBegin;
  PetscCall(MatInitializePackage());
  for (root = MatRootNameList; root; root = root->next) {
    PetscCall(PetscStrcmp(name, root->rname, &same));
    PetscCheck(!same, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONGSTATE, "a Mat type named %s exists already (not written in Rust)", name);
  }
  PETSCRS_REGISTER_RUST(Mat, MatList, name, hooks);
  PetscFunctionReturn(0);
}

PetscErrorCode petscrs_PCRustContext(PC pc, void **ctx)
{
  PetscFunctionBegin;
  *ctx = pc->ops->apply == PCApply_Rust ? pc->data : NULL;
  PetscFunctionReturn(0);
}

PetscErrorCode petscrs_KSPRustContext(KSP ksp, void **ctx)
{
  PetscFunctionBegin;
  *ctx = ksp->ops->solve == KSPSolve_Rust ? ksp->data : NULL;
  PetscFunctionReturn(0);
}

PetscErrorCode petscrs_SNESRustContext(SNES snes, void **ctx)
{
  PetscFunctionBegin;
  *ctx = snes->ops->solve == SNESSolve_Rust ? snes->data : NULL;
  PetscFunctionReturn(0);
}

PetscErrorCode petscrs_TaoRustContext(Tao tao, void **ctx)
{
  PetscFunctionBegin;
  *ctx = tao->ops->solve == TaoSolve_Rust ? tao->data : NULL;
  PetscFunctionReturn(0);
}

PetscErrorCode petscrs_TSRustContext(TS ts, void **ctx)
{
  PetscFunctionBegin;
  *ctx = ts->ops->setup == TSSetUp_Rust ? TSInstance(ts) : NULL;
  PetscFunctionReturn(0);
}

PetscErrorCode petscrs_MatRustContext(Mat mat, void **ctx)
{
  PetscFunctionBegin;
  *ctx = mat->ops->mult == MatMult_Rust ? mat->data : NULL;
  PetscFunctionReturn(0);
}

PetscErrorCode petscrs_TaoCheckConverged(Tao tao, TaoConvergedReason *reason)
{
  PetscFunctionBegin;
  if (tao->ops->convergencetest) PetscCall((*tao->ops->convergencetest)(tao, tao->cnvP));
  *reason = tao->reason;
  PetscFunctionReturn(0);
}

PetscErrorCode petscrs_TaoLogConvergenceHistory(Tao tao, PetscReal f, PetscReal res, PetscReal cnorm, PetscInt its)
{
  return TaoLogConvergenceHistory(tao, f, res, cnorm, its);
}

/* Gives a matrix whose type is written in Rust a new instance `ctx` (with its flags), as
   petsc4py's MatPythonSetContext does: the old instance is dropped, the operations its
   flags name are set anew, and the matrix is to be set up again (MatSetUp then sets the
   new instance up). */
PetscErrorCode petscrs_MatRustSetContext(Mat A, void *ctx, PetscInt flags)
{
  void *old;

  PetscFunctionBegin;
  PetscCheck(A->ops->mult == MatMult_Rust, PetscObjectComm((PetscObject)A), PETSC_ERR_ARG_WRONG, "the Mat type %s is not written in Rust", ((PetscObject)A)->type_name);
  old                      = A->data;
  A->data                  = ctx;
  A->ops->multtranspose    = (flags & PETSCRS_RUST_TRANSPOSE) ? MatMultTranspose_Rust : NULL;
  A->ops->multtransposeadd = (flags & PETSCRS_RUST_TRANSPOSE) ? MatMultTransposeAdd_Rust : NULL;
  A->ops->getdiagonal      = (flags & PETSCRS_RUST_DIAGONAL) ? MatGetDiagonal_Rust : NULL;
  A->preallocated          = PETSC_FALSE;
  PetscCall(Mat_hooks->destroy(old));
  PetscFunctionReturn(0);
}

PetscErrorCode petscrs_PCRustSetContext(PC pc, void *ctx, PetscInt flags)
{
  void *old;

  PetscFunctionBegin;
  PetscCheck(pc->ops->apply == PCApply_Rust, PetscObjectComm((PetscObject)pc), PETSC_ERR_ARG_WRONG, "the PC type %s is not written in Rust", ((PetscObject)pc)->type_name);
  old      = pc->data;
  pc->data = ctx;
  PCSetFlaggedOps_Rust(pc, flags);
  pc->setupcalled = 0;
  PetscCall(PC_hooks->destroy(old));
  PetscFunctionReturn(0);
}

PetscErrorCode petscrs_KSPRustSetContext(KSP ksp, void *ctx)
{
  void *old;

  PetscFunctionBegin;
  PetscCheck(ksp->ops->solve == KSPSolve_Rust, PetscObjectComm((PetscObject)ksp), PETSC_ERR_ARG_WRONG, "the KSP type %s is not written in Rust", ((PetscObject)ksp)->type_name);
  old             = ksp->data;
  ksp->data       = ctx;
  ksp->setupstage = KSP_SETUP_NEW;
  PetscCall(KSP_hooks->destroy(old));
  PetscFunctionReturn(0);
}

PetscErrorCode petscrs_TSRustSetHooks(const petscrs_TSRustHooks *hooks)
{
  TS_more = hooks;
  return 0;
}

/* Gives a TS whose type is written in Rust a new instance, as petsc4py's
   TSPythonSetContext does: the old instance is dropped, and the TS is to be set up again
   (TSSetUp then sets the new instance up). */
PetscErrorCode petscrs_TSRustSetContext(TS ts, void *ctx)
{
  void *old;

  PetscFunctionBegin;
  PetscCheck(ts->ops->setup == TSSetUp_Rust, PetscObjectComm((PetscObject)ts), PETSC_ERR_ARG_WRONG, "the TS type %s is not written in Rust", ((PetscObject)ts)->type_name);
  old = TSInstance(ts);
  PetscCall(petscrs_TSShellSet(ts, TSStep_Rust, ctx, TSDestroyInstance_Rust));
  ts->setupcalled = PETSC_FALSE;
  PetscCall(TS_hooks->destroy(old));
  PetscFunctionReturn(0);
}

/* Gives a SNES (Tao) whose type is written in Rust a new instance `ctx` (with its flags),
   as petsc4py's SNESPythonSetContext does: the old instance is dropped and the solver is
   to be set up again. */
PetscErrorCode petscrs_SNESRustSetContext(SNES snes, void *ctx, PetscInt flags)
{
  void *old;

  PetscFunctionBegin;
  PetscCheck(snes->ops->solve == SNESSolve_Rust, PetscObjectComm((PetscObject)snes), PETSC_ERR_ARG_WRONG, "the SNES type %s is not written in Rust", ((PetscObject)snes)->type_name);
  old           = snes->data;
  snes->data    = ctx;
  snes->usesksp = (flags & PETSCRS_RUST_NO_KSP) ? PETSC_FALSE : PETSC_TRUE;
  snes->setupcalled = PETSC_FALSE;
  if (old) PetscCall(SNES_hooks->destroy(old));
  PetscFunctionReturn(0);
}

PetscErrorCode petscrs_TaoRustSetContext(Tao tao, void *ctx, PetscInt flags)
{
  void *old;

  PetscFunctionBegin;
  (void)flags;
  PetscCheck(tao->ops->solve == TaoSolve_Rust, PetscObjectComm((PetscObject)tao), PETSC_ERR_ARG_WRONG, "the Tao type %s is not written in Rust", ((PetscObject)tao)->type_name);
  old            = tao->data;
  tao->data      = ctx;
  tao->setupcalled = PETSC_FALSE;
  if (old) PetscCall(Tao_hooks->destroy(old));
  PetscFunctionReturn(0);
}
