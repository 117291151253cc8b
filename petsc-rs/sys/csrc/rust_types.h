/* PETSc types written in Rust (rust_types.c): a type registered under a name whose
   routines call back into petsc-rs, as petsc4py's "python" types call Python. */
#ifndef PETSCRS_RUST_TYPES_H
#define PETSCRS_RUST_TYPES_H
#include <petscksp.h>
#include <petscsnes.h>
#include <petsctao.h>
#include <petscts.h>

/* The routines of one class's Rust types, given by petsc-rs. Each gets the object and
   its instance: a number in petsc-rs's closure table, kept as the object's data. */
typedef struct {
  /* Makes the instance of the type `name` the object is being given (its type name is
     not always set yet); writes the instance and its flags (PETSCRS_RUST_*). */
  PetscErrorCode (*create)(PetscObject obj, const char name[], void **ctx, PetscInt *flags);
  /* Drops the instance (the object is destroyed or given another type). */
  PetscErrorCode (*destroy)(void *ctx);
  PetscErrorCode (*setup)(PetscObject obj, void *ctx);
  /* Reads the instance's options from PETSc's block (PetscOptionsObject, passed as is). */
  PetscErrorCode (*setfromoptions)(PetscObject obj, void *ctx, void *items);
  PetscErrorCode (*view)(PetscObject obj, void *ctx, PetscViewer viewer);
  PetscErrorCode (*reset)(PetscObject obj, void *ctx);
  /* PC: y = M^-1 x. KSP, SNES: the solve, y from x (the solver's right-hand side, NULL
     for a SNES without one, and solution). Tao: the solve (x NULL, y the solution). TS:
     one step (x NULL, y the state). */
  PetscErrorCode (*apply)(PetscObject obj, void *ctx, Vec x, Vec y);
  /* PC: y = M^-T x; Mat: y = A^T x; when the instance has PETSCRS_RUST_TRANSPOSE.
     (Mat: `apply` is y = A x.) */
  PetscErrorCode (*applytranspose)(PetscObject obj, void *ctx, Vec x, Vec y);
  /* Mat: the diagonal into d, when the instance has PETSCRS_RUST_DIAGONAL. */
  PetscErrorCode (*diagonal)(PetscObject obj, void *ctx, Vec d);
} petscrs_RustTypeHooks;

/* The instance applies its transpose (PC, Mat). */
#define PETSCRS_RUST_TRANSPOSE 1
/* The instance does not use a linear solver (SNES: SNESGetKSP is not set up for it). */
#define PETSCRS_RUST_NO_KSP 2
/* The instance gives its diagonal (Mat). */
#define PETSCRS_RUST_DIAGONAL 4
/* The instance applies its symmetric halves, left and right (PC). */
#define PETSCRS_RUST_SYMMETRIC 8
/* The instance applies itself to the columns of a dense matrix at once (PC). */
#define PETSCRS_RUST_MATAPPLY 16

/* The routines a PC's Rust types have beyond those of every class, given by petsc-rs
   once (the same table for every Rust PC type). */
typedef struct {
  /* y = the left (right) half of a symmetric M^-1 applied to x, with PETSCRS_RUST_SYMMETRIC. */
  PetscErrorCode (*applysymmetricleft)(PetscObject obj, void *ctx, Vec x, Vec y);
  PetscErrorCode (*applysymmetricright)(PetscObject obj, void *ctx, Vec x, Vec y);
  /* Y = M^-1 X for dense X and Y, with PETSCRS_RUST_MATAPPLY. */
  PetscErrorCode (*matapply)(PetscObject obj, void *ctx, Mat X, Mat Y);
  /* Before (after) a KSP's solve with the PC, with its right-hand side and solution. */
  PetscErrorCode (*presolve)(PetscObject obj, void *ctx, KSP ksp, Vec b, Vec x);
  PetscErrorCode (*postsolve)(PetscObject obj, void *ctx, KSP ksp, Vec b, Vec x);
} petscrs_PCRustHooks;

/* The Rust types a class can have (each has its own create routine, which knows the
   name it was registered under). */
#define PETSCRS_RUST_TYPES 32

/* Registers a PC (KSP, ..., Mat) type named `name` implemented by `hooks` (the same table for
   every Rust type of the class; the name is copied). A name PETSc or another library
   already registered is refused, and so is a name past the PETSCRS_RUST_TYPES of the
   class; registering a name again changes nothing. */
PetscErrorCode petscrs_PCRegisterRust(const char name[], const petscrs_RustTypeHooks *hooks);
PetscErrorCode petscrs_KSPRegisterRust(const char name[], const petscrs_RustTypeHooks *hooks);
PetscErrorCode petscrs_SNESRegisterRust(const char name[], const petscrs_RustTypeHooks *hooks);
PetscErrorCode petscrs_TaoRegisterRust(const char name[], const petscrs_RustTypeHooks *hooks);
PetscErrorCode petscrs_TSRegisterRust(const char name[], const petscrs_RustTypeHooks *hooks);
PetscErrorCode petscrs_MatRegisterRust(const char name[], const petscrs_RustTypeHooks *hooks);
/* The instance of an object whose type is written in Rust, or NULL. */
PetscErrorCode petscrs_PCRustContext(PC pc, void **ctx);
PetscErrorCode petscrs_KSPRustContext(KSP ksp, void **ctx);
PetscErrorCode petscrs_SNESRustContext(SNES snes, void **ctx);
PetscErrorCode petscrs_TaoRustContext(Tao tao, void **ctx);
PetscErrorCode petscrs_TSRustContext(TS ts, void **ctx);
PetscErrorCode petscrs_MatRustContext(Mat mat, void **ctx);
/* A Tao's convergence test, run in place (its reason set and returned), as Tao's own
   methods run it each iteration. */
PetscErrorCode petscrs_TaoCheckConverged(Tao tao, TaoConvergedReason *reason);
/* TaoLogConvergenceHistory (a private inline routine). */
PetscErrorCode petscrs_TaoLogConvergenceHistory(Tao tao, PetscReal f, PetscReal res, PetscReal cnorm, PetscInt its);
/* Gives the routines of petscrs_PCRustHooks to every Rust PC type (made from now on). */
PetscErrorCode petscrs_PCRustSetHooks(const petscrs_PCRustHooks *hooks);
/* Gives a PC (KSP) whose type is written in Rust a new instance (with its flags), as
   petsc4py's PCPythonSetContext does: the old instance is dropped, and the object is
   to be set up again. */
PetscErrorCode petscrs_PCRustSetContext(PC pc, void *ctx, PetscInt flags);
PetscErrorCode petscrs_KSPRustSetContext(KSP ksp, void *ctx);
/* Gives a SNES (Tao) whose type is written in Rust a new instance, the old one dropped. */
PetscErrorCode petscrs_SNESRustSetContext(SNES snes, void *ctx, PetscInt flags);
PetscErrorCode petscrs_TaoRustSetContext(Tao tao, void *ctx, PetscInt flags);
#endif
