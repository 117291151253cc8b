/* The "rsshell" TS type of petsc-rs (in ts_shell.c): a time step that is a function given
   at run time, as petsc4py's Python TS is for Python (PETSc 3.18 has no TSSHELL). */
#ifndef PETSCRS_TS_SHELL_H
#define PETSCRS_TS_SHELL_H
#include <petscts.h>

/* The step function: advances x, the state at time t, by one step of size dt. */
typedef PetscErrorCode (*petscrs_TSShellStepFn)(TS ts, PetscReal t, PetscReal dt, Vec x, void *ctx);

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
#endif
