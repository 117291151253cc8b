#!/usr/bin/env bash
# Benchmark: examples/wave.rs beside a small C program doing the same leapfrog on the
# same DMDA, at 1 and 2 ranks.
#
#   bash ci/bench-wave.sh                      # 1000 x 600 grid, 200 steps, 3 runs each
#   NX=400 NY=240 STEPS=500 REPEAT=5 NPS="1 2 4" bash ci/bench-wave.sh
#
# Both programs make a 2D DMDA (DMDACreate2d, star stencil of width 1, no boundary
# ghosts, PETSc's processor grid) and step
#     u+ = (2u - (1 - gh) u- + (c dt)^2 Lap u + dt^2 s) / (1 + gh)
# with the same damping layer, source and receiver, in the same floating-point order:
# DMGlobalToLocal of u each step, then one loop over the owned interior points reading
# the ghosted local u, u- and gh (DMDAVecGetArrayRead) and writing u+ (DMDAVecGetArray),
# then the source, the receiver sample and a running max |u|; a progress line with
# VecNorm(NORM_INFINITY) every OUTPUT steps. The grid is the workshop's 40 km x 24 km
# with c = 2500 m/s and dt = 0.002 s.
#
# What is timed: wall-clock seconds of the whole stepping loop, between MPI barriers, on
# rank 0 (both programs print "time stepping: S s, U us per step"). Runs of C and Rust
# alternate; each figure is the minimum over REPEAT runs; ratio = Rust / C. The Rust
# program runs with both of its update loops: `--kernel rows` (its default: row slices
# of the DMDA views) and `--kernel index` (`view[(i, j)]` for every access, the literal
# translation of the C loop), so the table also shows the cost of checked indexing. Both must
# print the same max amplitude of the run and max |u| of the last step (6 digits): the
# same arithmetic gives the same numbers.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
NX=${NX:-1000}
NY=${NY:-600}
STEPS=${STEPS:-200}
OUTPUT=${OUTPUT:-100}
NPS=${NPS:-"1 2"}
REPEAT=${REPEAT:-3}

if [[ $(id -u) -eq 0 ]]; then
    export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
fi
export OMPI_MCA_rmaps_base_oversubscribe=1
unset PETSC_OPTIONS

WORK=$(mktemp -d "${TMPDIR:-/tmp}/petsc-rs-bench-wave.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

cat >"$WORK/wave.c" <<'C'
/* The leapfrog of examples/wave.rs in C, on the same DMDA; see ci/bench-wave.sh. */
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
C
echo "bench: compiling the C program with mpicc -O2 and pkg-config PETSc"
# shellcheck disable=SC2046 # pkg-config prints several words on purpose
mpicc -O2 -o "$WORK/wave_c" "$WORK/wave.c" $(pkg-config --cflags --libs PETSc) -lm

echo "bench: cargo build --release -p petsc-examples --example wave"
cargo build --release -p petsc-examples --example wave
RUST="${CARGO_TARGET_DIR:-$ROOT/target}/release/examples/wave"

# c_run NP / rust_run NP KERNEL: prints "us_per_step|max amplitude|last max |u|".
c_run() {
    local out
    out=$(mpiexec -n "$1" "$WORK/wave_c" -nx "$NX" -ny "$NY" -steps "$STEPS" -every "$OUTPUT" 2>&1) ||
        { echo "$out" >&2; return 1; }
    echo "$(awk '/^time stepping:/ {print $5}' <<<"$out")|$(awk '/^max amplitude/ {print $NF}' <<<"$out")|$(awk '/^step / {v = $NF} END {print v}' <<<"$out")"
}
rust_run() {
    local out
    out=$(mpiexec -n "$1" "$RUST" --nx "$NX" --ny "$NY" --steps "$STEPS" --output-interval "$OUTPUT" \
        --kernel "$2" 2>&1) ||
        { echo "$out" >&2; return 1; }
    echo "$(awk '/^time stepping:/ {print $5}' <<<"$out")|$(awk '/^max amplitude/ {print $NF}' <<<"$out")|$(awk '/^step / {v = $NF} END {print v}' <<<"$out")"
}
min() { awk -v a="$1" -v b="$2" 'BEGIN { print (a == "" || b + 0 < a + 0) ? b : a }'; }
same() { awk -v a="$1" -v b="$2" 'BEGIN { d = a - b; if (d < 0) d = -d; m = (a < 0 ? -a : a); exit !(d <= 1e-12 * m || d == 0) }'; }

ROWS=()
STATUS=0
for np in $NPS; do
    c_t="" r_t="" i_t=""
    for ((k = 0; k < REPEAT; k++)); do
        res=$(c_run "$np")
        c_t=$(min "$c_t" "${res%%|*}")
        c_v=${res#*|}
        res=$(rust_run "$np" rows)
        r_t=$(min "$r_t" "${res%%|*}")
        r_v=${res#*|}
        res=$(rust_run "$np" index)
        i_t=$(min "$i_t" "${res%%|*}")
        i_v=${res#*|}
    done
    agree=yes
    for v in "$r_v" "$i_v"; do
        if ! same "${c_v%%|*}" "${v%%|*}" || ! same "${c_v#*|}" "${v#*|}"; then
            agree=NO
            STATUS=1
            echo "bench: results differ at $np ranks: C [$c_v] Rust [$v]"
        fi
    done
    ROWS+=("$(awk -v np="$np" -v c="$c_t" -v r="$r_t" -v i="$i_t" -v s="$agree" -v v="${c_v%%|*}" \
        'BEGIN { printf "%2s  %10.1f %10.1f %7.3f %10.1f %7.3f  %-5s %s", np, c, r, r / c, i, i / c, s, v }')")
    echo "bench: done $np ranks"
done
echo
echo "wave ${NX}x${NY}, ${STEPS} steps: microseconds per step (minimum of $REPEAT runs), ratio = Rust / C"
echo "(rows: --kernel rows, the example's default; index: --kernel index, v[(i, j)] everywhere)"
printf '%2s  %10s %10s %7s %10s %7s  %-5s %s\n' np "C" "rows" ratio "index" ratio same "max amplitude (C)"
printf '%s\n' "${ROWS[@]}"
exit $STATUS
