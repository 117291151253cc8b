/* The "rsshell" TS type of petsc-rs (in ts_shell.c): a time step that is a function given
   at run time, as petsc4py's Python TS is for Python (PETSc 3.18 has no TSSHELL). */
#ifndef PETSCRS_TS_SHELL_H
#define PETSCRS_TS_SHELL_H
#include <petscts.h>

/* The step function: advances x, the state at time t, by one step of size dt. */
typedef PetscErrorCode (*petscrs_TSShellStepFn)(TS ts, PetscReal t, PetscReal dt, Vec x, void *ctx);

/* The step's own acceptance (a TS type written in Rust): sets *decided when it decides,
   then *accept and *next (the next step size, or the size to take the step again with). */
typedef PetscErrorCode (*petscrs_TSShellAdaptFn)(TS ts, PetscReal t, Vec x, PetscReal *next, PetscBool *accept, PetscBool *decided, void *ctx);

/* Registers the type (once). */
PetscErrorCode petscrs_TSRegisterShell(void);
/* The shell's create, set-up and reset routines, for the TS types written in Rust
   (rust_types.c), which are shells whose step is the instance's. */
PetscErrorCode petscrs_TSShellCreate(TS ts);
PetscErrorCode petscrs_TSShellSetUp(TS ts);
PetscErrorCode petscrs_TSShellReset(TS ts);
/* The step function's context (NULL before it is set). */
void *petscrs_TSShellContext(TS ts);
/* Sets the step function, its context and a destroy hook (called when the shell goes: the
   TS is destroyed or given another type) on a shell TS ("rsshell", or a type written in
   Rust). */
PetscErrorCode petscrs_TSShellSet(TS ts, petscrs_TSShellStepFn step, void *ctx, PetscErrorCode (*destroy)(TS));
/* Sets the step's own acceptance on a shell TS (see TSStep_RsShell). */
PetscErrorCode petscrs_TSShellSetAdapt(TS ts, petscrs_TSShellAdaptFn adapt);
/* The residual and Jacobian of a shell's implicit step for its SNES (TS's snesfunction and
   snesjacobian): F(t + dt, x, (x - x0) / dt), x0 the state at the start of the step, and
   dF/dx + dF/dx' / dt. */
PetscErrorCode petscrs_TSShellSNESFunction(SNES snes, Vec x, Vec f, TS ts);
PetscErrorCode petscrs_TSShellSNESJacobian(SNES snes, Vec x, Mat A, Mat B, TS ts);
/* Adds a step's nonlinear and linear iterations to the TS's counts (TSGetSNESIterations). */
PetscErrorCode petscrs_TSAddSolveIterations(TS ts, PetscInt nonlinear, PetscInt linear);
/* The hooks of the TS types written in Rust beyond the common ones (rust_types.c): the
   step's acceptance (`*decided` set when the instance decides). */
typedef struct {
  PetscErrorCode (*adapt)(PetscObject ts, void *ctx, PetscReal t, Vec x, PetscReal *next, PetscBool *accept, PetscBool *decided);
} petscrs_TSRustHooks;
/* Sets those hooks (the same table for every TS type written in Rust), before the first
   such type is registered. */
PetscErrorCode petscrs_TSRustSetHooks(const petscrs_TSRustHooks *hooks);
/* Gives a TS whose type is written in Rust a new instance (the old one destroyed); the TS
   is to be set up again. */
PetscErrorCode petscrs_TSRustSetContext(TS ts, void *ctx);
#endif
