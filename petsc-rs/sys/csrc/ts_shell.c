/* The "rsshell" TS type: a time integrator whose step is a function given at run time.

   Its own file because a TS type is written against TS's private structure (`ts->ops`,
   `ts->data`, `ts->ptime`, `ts->time_step`, `ts->vec_sol`, `ts->reason`, ...), which only
   <petsc/private/tsimpl.h> declares, as private.c does for the other solvers. The private
   headers are installed with every PETSc but are not its API; compiled against the PETSc
   found, the layout always matches.

   The step: the state at the start is kept (for TSRollBack(), which the event handler uses,
   TSInterpolate(), and to undo a failed step); the function advances ts->vec_sol from
   ts->ptime by ts->time_step; the step then goes through TSPostStage(), the adaptor's
   stage check and TSFunctionDomainError(), and TSAdaptChoose() (the default adaptor is
   "none", which keeps the step but for the final time; this type gives no error
   estimate, so "basic" keeps it too). A rejected step puts the state back and sets
   TS_DIVERGED_STEP_REJECTED; a failed function puts the state back and returns its
   error. Interpolation inside the last step is linear. */
#include "ts_shell.h"
#include <petsc/private/tsimpl.h>

typedef struct {
  petscrs_TSShellStepFn step;
  void                 *ctx;
  PetscErrorCode (*destroy)(TS);
  petscrs_TSShellAdaptFn adapt; /* the step's own acceptance, if any */
  Vec                    start; /* the state at the start of the last step */
  Vec                    dot;   /* the implicit step's time derivative */
} TS_RsShell;

/* One step. When the step function's owner decides the step's acceptance itself (`adapt`,
   a TS type written in Rust), a step it rejects is taken again from the same state with
   the step size it proposes, as PETSc's own methods do, up to ts->max_reject rejections;
   otherwise the adaptor decides, and a rejected step ends the solve. */
static PetscErrorCode TSStep_RsShell(TS ts)
{
  TS_RsShell    *s = (TS_RsShell *)ts->data;
  PetscReal      t = ts->ptime, dt, next;
  PetscBool      ok, accept, decided;
  PetscInt       rejections = 0;
  PetscErrorCode ierr;

  PetscFunctionBegin;
  PetscCheck(s->step, PetscObjectComm((PetscObject)ts), PETSC_ERR_ORDER, "the shell TS has no step function (Ts::set_shell_step)");
  PetscCall(VecCopy(ts->vec_sol, s->start));
  for (;;) {
    dt      = ts->time_step;
    next    = dt;
    ok      = PETSC_TRUE;
    accept  = PETSC_TRUE;
    decided = PETSC_FALSE;
    PetscCall(TSPreStage(ts, t));
    ierr = s->step(ts, t, dt, ts->vec_sol, s->ctx);
    if (ierr) PetscCall(VecCopy(s->start, ts->vec_sol));
    PetscCall(ierr);
    PetscCall(TSPostStage(ts, t, 0, &ts->vec_sol));
    PetscCall(TSAdaptCheckStage(ts->adapt, ts, t + dt, ts->vec_sol, &ok));
    if (ok) PetscCall(TSFunctionDomainError(ts, t + dt, ts->vec_sol, &ok));
    if (ok && s->adapt) {
      ierr = s->adapt(ts, t + dt, ts->vec_sol, &next, &accept, &decided, s->ctx);
      if (ierr) PetscCall(VecCopy(s->start, ts->vec_sol));
      PetscCall(ierr);
    }
    if (ok && !decided) PetscCall(TSAdaptChoose(ts->adapt, ts, dt, NULL, &next, &accept));
    if (ok && accept) break;
    PetscCall(VecCopy(s->start, ts->vec_sol));
    if (!decided) {
      ts->reason = TS_DIVERGED_STEP_REJECTED;
      PetscFunctionReturn(0);
    }
    ts->reject++;
    PetscCheck(next > 0, PetscObjectComm((PetscObject)ts), PETSC_ERR_USER, "the TS type %s rejected a step and proposed the step size %g; it must be positive", ((PetscObject)ts)->type_name, (double)next);
    ts->time_step = next;
    if (ts->max_reject >= 0 && ++rejections > ts->max_reject) {
      ts->reason = TS_DIVERGED_STEP_REJECTED;
      PetscFunctionReturn(0);
    }
  }
  ts->ptime += dt;
  ts->time_step = next;
  PetscFunctionReturn(0);
}

/* The implicit step's residual, for the TS's SNES (TS's snesfunction, as petsc4py's Python
   TS has by default): F(t + dt, x, (x - x0) / dt), x0 the state at the start of the step. */
PetscErrorCode petscrs_TSShellSNESFunction(SNES snes, Vec x, Vec f, TS ts)
{
  TS_RsShell *s = (TS_RsShell *)ts->data;

  PetscFunctionBegin;
  (void)snes;
  PetscCheck(ts->ops->step == TSStep_RsShell, PetscObjectComm((PetscObject)ts), PETSC_ERR_ARG_WRONG, "the TS is not a shell (rsshell, or a type written in Rust)");
  PetscCheck(s->start && s->dot, PetscObjectComm((PetscObject)ts), PETSC_ERR_ORDER, "the TS is not set up: its nonlinear solver solves inside a step");
  PetscCall(VecWAXPY(s->dot, -1.0, s->start, x));
  PetscCall(VecScale(s->dot, 1.0 / ts->time_step));
  PetscCall(TSComputeIFunction(ts, ts->ptime + ts->time_step, x, s->dot, f, PETSC_FALSE));
  PetscFunctionReturn(0);
}

/* Its Jacobian: dF/dx + dF/dx' / dt. */
PetscErrorCode petscrs_TSShellSNESJacobian(SNES snes, Vec x, Mat A, Mat B, TS ts)
{
  TS_RsShell *s = (TS_RsShell *)ts->data;

  PetscFunctionBegin;
  (void)snes;
  PetscCheck(ts->ops->step == TSStep_RsShell, PetscObjectComm((PetscObject)ts), PETSC_ERR_ARG_WRONG, "the TS is not a shell (rsshell, or a type written in Rust)");
  PetscCheck(s->start && s->dot, PetscObjectComm((PetscObject)ts), PETSC_ERR_ORDER, "the TS is not set up: its nonlinear solver solves inside a step");
  PetscCall(VecWAXPY(s->dot, -1.0, s->start, x));
  PetscCall(VecScale(s->dot, 1.0 / ts->time_step));
  PetscCall(TSComputeIJacobian(ts, ts->ptime + ts->time_step, x, s->dot, 1.0 / ts->time_step, A, B, PETSC_FALSE));
  PetscFunctionReturn(0);
}

static PetscErrorCode SNESTSFormFunction_RsShell(SNES snes, Vec x, Vec f, TS ts)
{
  return petscrs_TSShellSNESFunction(snes, x, f, ts);
}

static PetscErrorCode SNESTSFormJacobian_RsShell(SNES snes, Vec x, Mat A, Mat B, TS ts)
{
  return petscrs_TSShellSNESJacobian(snes, x, A, B, ts);
}

static PetscErrorCode TSRollBack_RsShell(TS ts)
{
  TS_RsShell *s = (TS_RsShell *)ts->data;

  PetscFunctionBegin;
  PetscCall(VecCopy(s->start, ts->vec_sol));
  PetscFunctionReturn(0);
}

static PetscErrorCode TSInterpolate_RsShell(TS ts, PetscReal t, Vec X)
{
  TS_RsShell *s = (TS_RsShell *)ts->data;
  PetscReal   h = ts->ptime - ts->ptime_prev;
  PetscReal   a = h > 0 ? (t - ts->ptime_prev) / h : 1;

  PetscFunctionBegin;
  /* X = (1 - a) start + a x */
  PetscCall(VecAXPBYPCZ(X, 1 - a, a, 0, s->start, ts->vec_sol));
  PetscFunctionReturn(0);
}

static PetscErrorCode TSSetUp_RsShell(TS ts)
{
  TS_RsShell *s = (TS_RsShell *)ts->data;

  PetscFunctionBegin;
  PetscCall(VecDestroy(&s->start));
  PetscCall(VecDuplicate(ts->vec_sol, &s->start));
  PetscCall(VecDestroy(&s->dot));
  PetscCall(VecDuplicate(ts->vec_sol, &s->dot));
  PetscCall(TSGetAdapt(ts, &ts->adapt));
  PetscCall(TSAdaptCandidatesClear(ts->adapt));
  PetscFunctionReturn(0);
}

static PetscErrorCode TSReset_RsShell(TS ts)
{
  TS_RsShell *s = (TS_RsShell *)ts->data;

  PetscFunctionBegin;
  PetscCall(VecDestroy(&s->start));
  PetscCall(VecDestroy(&s->dot));
  PetscFunctionReturn(0);
}

static PetscErrorCode TSDestroy_RsShell(TS ts)
{
  TS_RsShell *s = (TS_RsShell *)ts->data;

  PetscFunctionBegin;
  if (s && s->destroy) PetscCall(s->destroy(ts));
  PetscCall(TSReset_RsShell(ts));
  PetscCall(PetscFree(ts->data));
  PetscFunctionReturn(0);
}

static PetscErrorCode TSView_RsShell(TS ts, PetscViewer viewer)
{
  PetscBool isascii;

  PetscFunctionBegin;
  (void)ts;
  PetscCall(PetscObjectTypeCompare((PetscObject)viewer, PETSCVIEWERASCII, &isascii));
  if (isascii) PetscCall(PetscViewerASCIIPrintf(viewer, "  step: a Rust closure\n"));
  PetscFunctionReturn(0);
}

static PetscErrorCode TSCreate_RsShell(TS ts)
{
  TS_RsShell *s;

  PetscFunctionBegin;
  PetscCall(PetscNew(&s));
  ts->data                = (void *)s;
  ts->ops->setup          = TSSetUp_RsShell;
  ts->ops->step           = TSStep_RsShell;
  ts->ops->reset          = TSReset_RsShell;
  ts->ops->destroy        = TSDestroy_RsShell;
  ts->ops->view           = TSView_RsShell;
  ts->ops->rollback       = TSRollBack_RsShell;
  ts->ops->interpolate    = TSInterpolate_RsShell;
  ts->ops->snesfunction   = SNESTSFormFunction_RsShell;
  ts->ops->snesjacobian   = SNESTSFormJacobian_RsShell;
  ts->default_adapt_type  = TSADAPTNONE;
  ts->usessnes            = PETSC_FALSE;
  PetscFunctionReturn(0);
}

PetscErrorCode petscrs_TSRegisterShell(void)
{
  static PetscBool registered = PETSC_FALSE;

  if (registered) return 0;
  PetscCall(TSRegister("rsshell", TSCreate_RsShell));
  registered = PETSC_TRUE;
  return 0;
}

PetscErrorCode petscrs_TSShellCreate(TS ts)
{
  return TSCreate_RsShell(ts);
}

PetscErrorCode petscrs_TSShellSetUp(TS ts)
{
  return TSSetUp_RsShell(ts);
}

PetscErrorCode petscrs_TSShellReset(TS ts)
{
  return TSReset_RsShell(ts);
}

void *petscrs_TSShellContext(TS ts)
{
  return ts->data ? ((TS_RsShell *)ts->data)->ctx : NULL;
}

PetscErrorCode petscrs_TSShellSet(TS ts, petscrs_TSShellStepFn step, void *ctx, PetscErrorCode (*destroy)(TS))
{
  TS_RsShell *s;

  PetscFunctionBegin;
  PetscCheck(ts->ops->step == TSStep_RsShell, PetscObjectComm((PetscObject)ts), PETSC_ERR_ARG_WRONG, "the TS is not a shell (rsshell, or a type written in Rust)");
  s          = (TS_RsShell *)ts->data;
  s->step    = step;
  s->ctx     = ctx;
  s->destroy = destroy;
  PetscFunctionReturn(0);
}

PetscErrorCode petscrs_TSShellSetAdapt(TS ts, petscrs_TSShellAdaptFn adapt)
{
  PetscFunctionBegin;
  PetscCheck(ts->ops->step == TSStep_RsShell, PetscObjectComm((PetscObject)ts), PETSC_ERR_ARG_WRONG, "the TS is not a shell (rsshell, or a type written in Rust)");
  ((TS_RsShell *)ts->data)->adapt = adapt;
  PetscFunctionReturn(0);
}

PetscErrorCode petscrs_TSAddSolveIterations(TS ts, PetscInt nonlinear, PetscInt linear)
{
  PetscFunctionBegin;
  ts->snes_its += nonlinear;
  ts->ksp_its += linear;
  PetscFunctionReturn(0);
}
