/* examples/heat.rs in C: u_t = alpha Laplace(u) on the unit square, u = 0 on the
   boundary, TS on a 2D DMDA with DMDA local RHS function and Jacobian; see the heat entry
   of ci/bench/benchmarks.toml. */
#include <petscdmda.h>
#include <petscts.h>

typedef struct {
  PetscInt  mx, my;
  PetscReal alpha;
} Heat;

static PetscErrorCode RHSFunctionLocal(DMDALocalInfo *info, PetscReal t, PetscScalar **u, PetscScalar **f, void *ctx)
{
  Heat     *p  = (Heat *)ctx;
  PetscReal hx = 1.0 / (PetscReal)(p->mx - 1), hy = 1.0 / (PetscReal)(p->my - 1);
  PetscReal ax = p->alpha / (hx * hx), ay = p->alpha / (hy * hy), diag = -2.0 * (ax + ay);
  PetscInt  i, j;

  PetscFunctionBeginUser;
  for (j = info->ys; j < info->ys + info->ym; j++) {
    for (i = info->xs; i < info->xs + info->xm; i++) {
      if (i == 0 || j == 0 || i == p->mx - 1 || j == p->my - 1) {
        f[j][i] = 0.0;
        continue;
      }
      f[j][i] = ax * (u[j][i - 1] + u[j][i + 1]) + ay * (u[j - 1][i] + u[j + 1][i]) + diag * u[j][i];
    }
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode RHSJacobianLocal(DMDALocalInfo *info, PetscReal t, PetscScalar **u, Mat A, Mat B, void *ctx)
{
  Heat      *p  = (Heat *)ctx;
  PetscReal  hx = 1.0 / (PetscReal)(p->mx - 1), hy = 1.0 / (PetscReal)(p->my - 1);
  PetscReal  ax = p->alpha / (hx * hx), ay = p->alpha / (hy * hy), diag = -2.0 * (ax + ay);
  PetscInt   i, j, k;
  MatStencil row, cols[5];
  PetscScalar v[5], zero = 0.0;

  PetscFunctionBeginUser;
  for (j = info->ys; j < info->ys + info->ym; j++) {
    for (i = info->xs; i < info->xs + info->xm; i++) {
      row.i = i; row.j = j; row.k = 0; row.c = 0;
      if (i == 0 || j == 0 || i == p->mx - 1 || j == p->my - 1) {
        PetscCall(MatSetValuesStencil(B, 1, &row, 1, &row, &zero, INSERT_VALUES));
        continue;
      }
      k = 0;
      if (j - 1 != 0) { cols[k].i = i; cols[k].j = j - 1; cols[k].k = 0; cols[k].c = 0; v[k++] = ay; }
      if (i - 1 != 0) { cols[k].i = i - 1; cols[k].j = j; cols[k].k = 0; cols[k].c = 0; v[k++] = ax; }
      cols[k] = row; v[k++] = diag;
      if (i + 1 != p->mx - 1) { cols[k].i = i + 1; cols[k].j = j; cols[k].k = 0; cols[k].c = 0; v[k++] = ax; }
      if (j + 1 != p->my - 1) { cols[k].i = i; cols[k].j = j + 1; cols[k].k = 0; cols[k].c = 0; v[k++] = ay; }
      PetscCall(MatSetValuesStencil(B, 1, &row, k, cols, v, INSERT_VALUES));
    }
  }
  PetscCall(MatAssemblyBegin(B, MAT_FINAL_ASSEMBLY));
  PetscCall(MatAssemblyEnd(B, MAT_FINAL_ASSEMBLY));
  PetscFunctionReturn(0);
}

static PetscReal Field(Heat *p, PetscReal lambda, PetscReal t, PetscInt i, PetscInt j)
{
  PetscReal hx = 1.0 / (PetscReal)(p->mx - 1), hy = 1.0 / (PetscReal)(p->my - 1);
  if (i == 0 || j == 0 || i == p->mx - 1 || j == p->my - 1) return 0.0;
  return PetscExpReal(-lambda * t) * PetscSinReal(PETSC_PI * i * hx) * PetscSinReal(PETSC_PI * j * hy);
}

int main(int argc, char **argv)
{
  Heat          p = {64, 64, 1.0};
  PetscReal     tfinal = 0.05, hx, hy, sx, sy, lambda, dtlimit, dt, t, umax, mine[2] = {0, 0}, all[2];
  PetscInt      i, j, steps;
  PetscBool     flg, explicit;
  DM            da;
  DMDALocalInfo info;
  TS            ts;
  KSP           ksp;
  TSType        type;
  TSConvergedReason reason;
  Vec           u;
  PetscScalar **a;

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-nx", &p.mx, NULL));
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-ny", &p.my, NULL));
  PetscCall(PetscOptionsGetReal(NULL, NULL, "-alpha", &p.alpha, NULL));
  PetscCall(PetscOptionsGetReal(NULL, NULL, "-t_final", &tfinal, NULL));
  hx = 1.0 / (PetscReal)(p.mx - 1);
  hy = 1.0 / (PetscReal)(p.my - 1);
  sx = PetscSinReal(PETSC_PI * hx / 2.0);
  sy = PetscSinReal(PETSC_PI * hy / 2.0);
  lambda = p.alpha * (4.0 / (hx * hx) * sx * sx + 4.0 / (hy * hy) * sy * sy);
  dtlimit = 1.0 / (2.0 * p.alpha * (1.0 / (hx * hx) + 1.0 / (hy * hy)));

  PetscCall(DMDACreate2d(PETSC_COMM_WORLD, DM_BOUNDARY_NONE, DM_BOUNDARY_NONE, DMDA_STENCIL_STAR, p.mx, p.my, PETSC_DECIDE, PETSC_DECIDE, 1, 1, NULL, NULL, &da));
  PetscCall(DMSetUp(da));
  PetscCall(DMDAGetLocalInfo(da, &info));

  PetscCall(TSCreate(PETSC_COMM_WORLD, &ts));
  PetscCall(TSSetDM(ts, da));
  PetscCall(TSSetProblemType(ts, TS_LINEAR));
  PetscCall(TSSetType(ts, TSBEULER));
  PetscCall(DMDATSSetRHSFunctionLocal(da, INSERT_VALUES, (DMDATSRHSFunctionLocal)RHSFunctionLocal, &p));
  PetscCall(DMDATSSetRHSJacobianLocal(da, (DMDATSRHSJacobianLocal)RHSJacobianLocal, &p));
  PetscCall(TSSetTime(ts, 0.0));
  PetscCall(TSSetMaxTime(ts, tfinal));
  PetscCall(TSSetExactFinalTime(ts, TS_EXACTFINALTIME_MATCHSTEP));
  PetscCall(TSGetKSP(ts, &ksp));
  PetscCall(KSPSetTolerances(ksp, 1e-12, PETSC_DEFAULT, PETSC_DEFAULT, PETSC_DEFAULT));
  PetscCall(TSSetFromOptions(ts));

  PetscCall(TSGetType(ts, &type));
  PetscCall(PetscStrcmp(type, TSEULER, &explicit));
  if (!explicit) PetscCall(PetscStrcmp(type, TSRK, &explicit));
  if (!explicit) PetscCall(PetscStrcmp(type, TSSSP, &explicit));
  PetscCall(PetscOptionsGetReal(NULL, NULL, "-ts_dt", &dt, &flg));
  if (!flg) {
    PetscReal target = explicit ? 0.9 * dtlimit : tfinal / 50.0;
    dt = tfinal / PetscCeilReal(tfinal / target);
  }
  PetscCall(TSSetTimeStep(ts, dt));
  PetscCall(PetscOptionsHasName(NULL, NULL, "-ts_max_steps", &flg));
  if (!flg) PetscCall(TSSetMaxSteps(ts, 10 * (PetscInt)PetscCeilReal(tfinal / dt) + 100));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "heat (C): %" PetscInt_FMT " x %" PetscInt_FMT " grid, TS %s, dt %.6e\n", p.mx, p.my, type, (double)dt));

  PetscCall(DMCreateGlobalVector(da, &u));
  PetscCall(DMDAVecGetArray(da, u, &a));
  for (j = info.ys; j < info.ys + info.ym; j++)
    for (i = info.xs; i < info.xs + info.xm; i++) a[j][i] = Field(&p, lambda, 0.0, i, j);
  PetscCall(DMDAVecRestoreArray(da, u, &a));

  PetscCall(TSSolve(ts, u));

  PetscCall(TSGetTime(ts, &t));
  PetscCall(TSGetStepNumber(ts, &steps));
  PetscCall(TSGetConvergedReason(ts, &reason));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "steps taken %" PetscInt_FMT ", final time %.12e, reason %s\n", steps, (double)t, TSConvergedReasons[reason]));
  PetscCall(VecNorm(u, NORM_INFINITY, &umax));
  PetscCall(DMDAVecGetArray(da, u, &a));
  for (j = info.ys; j < info.ys + info.ym; j++) {
    for (i = info.xs; i < info.xs + info.xm; i++) {
      PetscReal e = Field(&p, lambda, t, i, j);
      mine[0] = PetscMax(mine[0], PetscAbsReal(a[j][i] - e));
      mine[1] = PetscMax(mine[1], PetscAbsReal(e));
    }
  }
  PetscCall(DMDAVecRestoreArray(da, u, &a));
  PetscCallMPI(MPI_Allreduce(mine, all, 2, MPIU_REAL, MPI_MAX, PETSC_COMM_WORLD));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "final max |u| = %.15e (exact semi-discrete %.15e)\n", (double)umax, (double)all[1]));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "error vs exact semi-discrete decay: max |u - u_exact| = %.6e, relative %.6e\n", (double)all[0], (double)(all[0] / all[1])));

  PetscCall(VecDestroy(&u));
  PetscCall(TSDestroy(&ts));
  PetscCall(DMDestroy(&da));
  PetscCall(PetscFinalize());
  return 0;
}
