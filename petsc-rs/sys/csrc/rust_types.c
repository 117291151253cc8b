/* PETSc types written in Rust: PCRegister/KSPRegister of a name whose create routine
   asks petsc-rs for an instance of the Rust type registered under the object's new type
   name, and whose routines (set-up, options, view, reset, destroy, apply or solve) call
   the instance through the class's table of hooks. Written against the private
   structures (pc->ops, ksp->ops, ->data), as petsc4py's own Python types are; compiled
   against the PETSc found, the layouts always match. */
#include "rust_types.h"
#include <string.h>
#include <petsc/private/pcimpl.h>
#include <petsc/private/kspimpl.h>

static const petscrs_RustTypeHooks *PC_hooks, *KSP_hooks;

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

static PetscErrorCode PCSetUp_Rust(PC pc)
{
  return PC_hooks->setup((PetscObject)pc, pc->data);
}

static PetscErrorCode PCApply_Rust(PC pc, Vec x, Vec y)
{
  return PC_hooks->apply((PetscObject)pc, pc->data, x, y);
}

static PetscErrorCode PCApplyTranspose_Rust(PC pc, Vec x, Vec y)
{
  return PC_hooks->applytranspose((PetscObject)pc, pc->data, x, y);
}

static PetscErrorCode PCSetFromOptions_Rust(PC pc, PETSCRS_ITEMS PetscOptionsObject)
{
  return RustOptions((PetscObject)pc, PC_hooks, pc->data, PetscOptionsObject);
}

static PetscErrorCode PCView_Rust(PC pc, PetscViewer viewer)
{
  return PC_hooks->view((PetscObject)pc, pc->data, viewer);
}

static PetscErrorCode PCReset_Rust(PC pc)
{
  return PC_hooks->reset((PetscObject)pc, pc->data);
}

static PetscErrorCode PCDestroy_Rust(PC pc)
{
  void *ctx = pc->data;

  PetscFunctionBegin;
  pc->data = NULL;
  if (ctx) PetscCall(PC_hooks->destroy(ctx));
  PetscFunctionReturn(0);
}

/* The names of the registered Rust types, by slot (static: nothing for -malloc_dump). */
static char PC_names[PETSCRS_RUST_TYPES][256], KSP_names[PETSCRS_RUST_TYPES][256];

static PetscErrorCode PCCreate_Rust(PC pc, int slot)
{
  void    *ctx   = NULL;
  PetscInt flags = 0;

  PetscFunctionBegin;
  PetscCall(PC_hooks->create((PetscObject)pc, PC_names[slot], &ctx, &flags));
  pc->data                = ctx;
  pc->ops->setup          = PCSetUp_Rust;
  pc->ops->apply          = PCApply_Rust;
  pc->ops->applytranspose = (flags & PETSCRS_RUST_TRANSPOSE) ? PCApplyTranspose_Rust : NULL;
  pc->ops->setfromoptions = PCSetFromOptions_Rust;
  pc->ops->view           = PCView_Rust;
  pc->ops->reset          = PCReset_Rust;
  pc->ops->destroy        = PCDestroy_Rust;
  PetscFunctionReturn(0);
}

static PetscErrorCode KSPSetUp_Rust(KSP ksp)
{
  return KSP_hooks->setup((PetscObject)ksp, ksp->data);
}

static PetscErrorCode KSPSolve_Rust(KSP ksp)
{
  PetscFunctionBegin;
  ksp->its    = 0;
  ksp->reason = KSP_CONVERGED_ITERATING;
  PetscCall(KSP_hooks->apply((PetscObject)ksp, ksp->data, ksp->vec_rhs, ksp->vec_sol));
  PetscCheck(ksp->reason != KSP_CONVERGED_ITERATING, PetscObjectComm((PetscObject)ksp), PETSC_ERR_PLIB, "the KSP type %s (written in Rust) returned from its solve without a converged reason (Ksp::set_converged_reason)", ((PetscObject)ksp)->type_name);
  PetscFunctionReturn(0);
}

static PetscErrorCode KSPSetFromOptions_Rust(KSP ksp, PETSCRS_ITEMS PetscOptionsObject)
{
  return RustOptions((PetscObject)ksp, KSP_hooks, ksp->data, PetscOptionsObject);
}

static PetscErrorCode KSPView_Rust(KSP ksp, PetscViewer viewer)
{
  return KSP_hooks->view((PetscObject)ksp, ksp->data, viewer);
}

static PetscErrorCode KSPReset_Rust(KSP ksp)
{
  return KSP_hooks->reset((PetscObject)ksp, ksp->data);
}

static PetscErrorCode KSPDestroy_Rust(KSP ksp)
{
  void *ctx = ksp->data;

  PetscFunctionBegin;
  ksp->data = NULL;
  if (ctx) PetscCall(KSP_hooks->destroy(ctx));
  PetscFunctionReturn(0);
}

static PetscErrorCode KSPCreate_Rust(KSP ksp, int slot)
{
  void    *ctx   = NULL;
  PetscInt flags = 0;

  PetscFunctionBegin;
  ksp->ops->setup          = KSPSetUp_Rust;
  ksp->ops->solve          = KSPSolve_Rust;
  ksp->ops->setfromoptions = KSPSetFromOptions_Rust;
  ksp->ops->view           = KSPView_Rust;
  ksp->ops->reset          = KSPReset_Rust;
  ksp->ops->destroy        = KSPDestroy_Rust;
  /* The instance declares its norms (KSPSetSupportedNorm) as it is made. */
  PetscCall(KSP_hooks->create((PetscObject)ksp, KSP_names[slot], &ctx, &flags));
  ksp->data = ctx;
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

/* Registers `name` for the class (PC, KSP) in the next free slot: refuses a name
   registered with another routine (a PETSc type, or another library's) and a class
   whose slots are all taken; a name registered here already keeps its slot. */
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

PetscErrorCode petscrs_PCRegisterRust(const char name[], const petscrs_RustTypeHooks *hooks)
{
  PetscFunctionBegin;
  PETSCRS_REGISTER_RUST(PC, PCList, name, hooks);
  PetscFunctionReturn(0);
}

PetscErrorCode petscrs_KSPRegisterRust(const char name[], const petscrs_RustTypeHooks *hooks)
{
  PetscFunctionBegin;
  PETSCRS_REGISTER_RUST(KSP, KSPList, name, hooks);
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
