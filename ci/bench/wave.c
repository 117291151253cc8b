/* The leapfrog of examples/wave.rs in C, on the same DMDA; see the wave entry of ci/bench/benchmarks.toml. */
#include <petscdmda.h>
#include <petsctime.h>

static PetscInt  NX = 200, NY = 120, W = 15, STEPS = 200, EVERY = 100;
static PetscReal LX = 40000, LY = 24000, C = 2500, DT = 0.002, AMP = 1, FREQ = 1, S = 4;

static PetscReal wavelet(PetscReal t)
{
  PetscReal t0 = 2.0 / FREQ, tau = 0.8 / FREQ, x;
  if (!(t >= 0.0 && t <= 2.0 * t0)) return 0.0;
  x = (t - t0) / tau;
  return sin(2.0 * PETSC_PI * FREQ * (t - t0)) * exp(-x * x);
}

static PetscInt depth(PetscInt i, PetscInt n)
{
  PetscInt d = PetscMax(W - i, i - (n - 1 - W));
  return PetscMax(d, 0);
}

static PetscReal gmax(PetscReal h) { return W == 0 ? 0.0 : 3.0 * S * C / ((PetscReal)W * h); }

static PetscReal half_damping(PetscInt i, PetscInt j, PetscReal hx, PetscReal hy)
{
  PetscReal w = (PetscReal)PetscMax(W, 1);
  PetscReal dx = (PetscReal)depth(i, NX) / w, dy = (PetscReal)depth(j, NY) / w;
  PetscReal g = gmax(hx) * dx * dx + gmax(hy) * dy * dy;
  return g * DT / 2.0;
}

int main(int argc, char **argv)
{
  DM              da;
  Vec             damp, up, u, un, ul, tmp;
  PetscInt        xs, ys, xm, ym, i, j, step, is, js, ir, jr, x0, x1, y0, y1, k;
  PetscReal       hx, hy, rx, ry, scale, lmax = 0, gmaxall, *trace, *all, m;
  PetscBool       src, rcv;
  PetscLogDouble  t0, t1;
  const PetscScalar **a, **p, **g;
  PetscScalar     **n;

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-nx", &NX, NULL));
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-ny", &NY, NULL));
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-steps", &STEPS, NULL));
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-every", &EVERY, NULL));
  hx = LX / (PetscReal)(NX - 1);
  hy = LY / (PetscReal)(NY - 1);
  rx = (C * DT / hx) * (C * DT / hx);
  ry = (C * DT / hy) * (C * DT / hy);
  scale = DT * DT * AMP / (hx * hy);
  is = NX / 5; js = NY / 2; ir = 4 * NX / 5; jr = NY / 2;

  PetscCall(DMDACreate2d(PETSC_COMM_WORLD, DM_BOUNDARY_NONE, DM_BOUNDARY_NONE, DMDA_STENCIL_STAR,
                         NX, NY, PETSC_DECIDE, PETSC_DECIDE, 1, 1, NULL, NULL, &da));
  PetscCall(DMSetUp(da));
  PetscCall(DMDAGetCorners(da, &xs, &ys, NULL, &xm, &ym, NULL));
  PetscCall(DMCreateGlobalVector(da, &damp));
  PetscCall(VecDuplicate(damp, &up));
  PetscCall(VecDuplicate(damp, &u));
  PetscCall(VecDuplicate(damp, &un));
  PetscCall(DMCreateLocalVector(da, &ul));
  PetscCall(VecSet(up, 0.0));
  PetscCall(VecSet(u, 0.0));
  PetscCall(VecSet(un, 0.0));
  PetscCall(VecSet(ul, 0.0));
  {
    PetscScalar **d;
    PetscCall(DMDAVecGetArray(da, damp, &d));
    for (j = ys; j < ys + ym; j++)
      for (i = xs; i < xs + xm; i++) d[j][i] = half_damping(i, j, hx, hy);
    PetscCall(DMDAVecRestoreArray(da, damp, &d));
  }
  x0 = PetscMax(xs, 1); y0 = PetscMax(ys, 1);
  x1 = PetscMin(xs + xm, NX - 1); y1 = PetscMin(ys + ym, NY - 1);
  src = (PetscBool)(is >= xs && is < xs + xm && js >= ys && js < ys + ym);
  rcv = (PetscBool)(ir >= xs && ir < xs + xm && jr >= ys && jr < ys + ym);
  PetscCall(PetscCalloc1(STEPS, &trace));
  PetscCall(PetscCalloc1(STEPS, &all));

  PetscCallMPI(MPI_Barrier(PETSC_COMM_WORLD));
  PetscCall(PetscTime(&t0));
  for (step = 1; step <= STEPS; step++) {
    PetscReal t = (PetscReal)(step - 1) * DT;
    PetscCall(DMGlobalToLocalBegin(da, u, INSERT_VALUES, ul));
    PetscCall(DMGlobalToLocalEnd(da, u, INSERT_VALUES, ul));
    PetscCall(DMDAVecGetArrayRead(da, ul, &a));
    PetscCall(DMDAVecGetArrayRead(da, up, &p));
    PetscCall(DMDAVecGetArrayRead(da, damp, &g));
    PetscCall(DMDAVecGetArray(da, un, &n));
    for (j = y0; j < y1; j++) {
      for (i = x0; i < x1; i++) {
        PetscReal uc = a[j][i], gh, v;
        PetscReal lap = rx * (a[j][i - 1] - 2.0 * uc + a[j][i + 1]) + ry * (a[j - 1][i] - 2.0 * uc + a[j + 1][i]);
        gh = g[j][i];
        v  = (2.0 * uc - (1.0 - gh) * p[j][i] + lap) / (1.0 + gh);
        n[j][i] = v;
        lmax = PetscMax(lmax, PetscAbsReal(v));
      }
    }
    if (src) {
      PetscReal s = scale * wavelet(t);
      PetscReal v = n[js][is] + s / (1.0 + g[js][is]);
      n[js][is] = v;
      lmax = PetscMax(lmax, PetscAbsReal(v));
    }
    if (rcv) trace[step - 1] = n[jr][ir];
    PetscCall(DMDAVecRestoreArray(da, un, &n));
    PetscCall(DMDAVecRestoreArrayRead(da, damp, &g));
    PetscCall(DMDAVecRestoreArrayRead(da, up, &p));
    PetscCall(DMDAVecRestoreArrayRead(da, ul, &a));
    tmp = up; up = u; u = un; un = tmp;
    if (step % EVERY == 0 || step == STEPS) {
      PetscCall(VecNorm(u, NORM_INFINITY, &m));
      PetscCall(PetscPrintf(PETSC_COMM_WORLD, "step %7" PetscInt_FMT "  t = %9.4f s  max |u| = %.6e\n", step, (double)(step * DT), (double)m));
    }
  }
  PetscCallMPI(MPI_Barrier(PETSC_COMM_WORLD));
  PetscCall(PetscTime(&t1));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "time stepping: %.4f s, %.3f us per step\n", t1 - t0, 1e6 * (t1 - t0) / STEPS));
  PetscCallMPI(MPI_Allreduce(&lmax, &gmaxall, 1, MPIU_REAL, MPI_MAX, PETSC_COMM_WORLD));
  PetscCallMPI(MPI_Allreduce(trace, all, (PetscMPIInt)STEPS, MPIU_REAL, MPI_SUM, PETSC_COMM_WORLD));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "max amplitude |u| over the run = %.6e\n", (double)gmaxall));
  {
    PetscInt best = 0;
    for (k = 1; k < STEPS; k++) if (PetscAbsReal(all[k]) > PetscAbsReal(all[best])) best = k;
    PetscCall(PetscPrintf(PETSC_COMM_WORLD, "receiver peak u = %.6e at t = %.4f s\n", (double)all[best], (double)((best + 1) * DT)));
  }
  for (k = EVERY; k <= STEPS; k += EVERY)
    PetscCall(PetscPrintf(PETSC_COMM_WORLD, "sample step %7" PetscInt_FMT "  t = %9.4f s  u = %.15e\n", k, (double)(k * DT), (double)all[k - 1]));
  PetscCall(PetscFree(trace));
  PetscCall(PetscFree(all));
  PetscCall(VecDestroy(&damp));
  PetscCall(VecDestroy(&up));
  PetscCall(VecDestroy(&u));
  PetscCall(VecDestroy(&un));
  PetscCall(VecDestroy(&ul));
  PetscCall(DMDestroy(&da));
  PetscCall(PetscFinalize());
  return 0;
}
