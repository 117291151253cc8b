#!/usr/bin/env bash
# Benchmark: examples/heat.rs beside an equivalent C program (written below into a
# temporary directory, built with mpicc and pkg-config PETSc), at 1 and 2 ranks.
#
#   bash ci/bench-heat.sh                          # 512 x 512, 50 beuler steps, 3 runs each
#   SIZE=1024 REPEAT=1 bash ci/bench-heat.sh       # the issue's size (~1 min per run here)
#   SIZE=256 STEPS=20 NPS="1 2 4" bash ci/bench-heat.sh
#   OPTS="-pc_type jacobi" bash ci/bench-heat.sh   # extra PETSc options, given to both
#   CALLGRIND=1 bash ci/bench-heat.sh              # instruction counts instead of times
#
# Both programs make the same 2D DMDA (DMDACreate2d, SIZE x SIZE points, star stencil of
# width 1, no boundary ghosts, PETSc's processor grid) and the same TS: problem type
# linear, a DMDA local RHS function (the 5-point Laplacian times alpha on interior
# points, 0 on the boundary, same floating-point order) and a DMDA local RHS Jacobian
# filling the same stencil row by row with MatSetValuesStencil (boundary columns left
# out, boundary rows an explicit 0); time 0, MATCHSTEP, the KSP's rtol 1e-12 (the
# example's default), initial condition sin(pi x) sin(pi y); then TSSetFromOptions and
# the same step and step-count logic. The C program uses DMDATSSetRHSFunctionLocal and
# DMDATSSetRHSJacobianLocal; the Rust one Ts::set_rhs_function_local and
# Ts::set_rhs_jacobian_local. Both get the same PETSc options:
#
#   -ts_type beuler -ts_dt $DT -ts_max_steps $STEPS $OPTS -log_view
#
# DT defaults to 1e-5 (dt/h^2 ~ 10 at 1024^2, ~2.6 at 512^2): the linear solve (GMRES +
# ILU(0), block Jacobi + ILU(0) at 2 ranks) then takes ~14-24 iterations per step, not
# hundreds, so the callbacks (Jacobian assembly is ~15% of a step) weigh in the total.
# The default size is 512 x 512 rather than the issue's 1024 x 1024 because one run of
# the latter takes about a minute on the 2 shared cores this was written on.
#
# What is timed (PETSc 3.18 logs no TSSolve event): the TSStep event of -log_view (all
# the steps of TSSolve; max over ranks, seconds), the callbacks (TSFunctionEval +
# TSJacobianEval, which include the halo exchange and the matrix assembly), and the
# wall time of the whole mpiexec run (startup, setup, solve, error checks, finalize).
# Runs of C and Rust alternate; each figure is the minimum over REPEAT runs; ratio =
# Rust / C. Both print max |u| after the solve; the script checks they agree to 1e-9.
# Times on a loaded machine vary by tens of percent between identical runs (compare the
# KSPSolve events, which are the same C code doing the same iterations); CALLGRIND=1 runs
# both once at 1 rank under valgrind --tool=callgrind (SIZE 256 and STEPS 10 unless set)
# and prints instruction counts, which do not depend on the load.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
if [[ -n "${CALLGRIND:-}" ]]; then
    SIZE=${SIZE:-256}
    STEPS=${STEPS:-10}
fi
SIZE=${SIZE:-512}
STEPS=${STEPS:-50}
DT=${DT:-1e-5}
NPS=${NPS:-"1 2"}
REPEAT=${REPEAT:-3}
OPTS=${OPTS:-}

if [[ $(id -u) -eq 0 ]]; then
    export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
fi
export OMPI_MCA_rmaps_base_oversubscribe=1
export OMPI_MCA_btl_vader_single_copy_mechanism="${OMPI_MCA_btl_vader_single_copy_mechanism:-none}"
unset PETSC_OPTIONS

WORK=$(mktemp -d "${TMPDIR:-/tmp}/petsc-rs-bench-heat.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

cat >"$WORK/heat.c" <<'C'
/* examples/heat.rs in C: u_t = alpha Laplace(u) on the unit square, u = 0 on the
   boundary, TS on a 2D DMDA with DMDA local RHS function and Jacobian; see
   ci/bench-heat.sh. */
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
C
echo "bench: compiling the C program with mpicc -O2 and pkg-config PETSc"
# shellcheck disable=SC2046 # pkg-config prints several words on purpose
mpicc -O2 -o "$WORK/heat_c" "$WORK/heat.c" $(pkg-config --cflags --libs PETSc) -lm

echo "bench: cargo build --release -p petsc-examples --example heat"
cargo build --release -p petsc-examples --example heat
RUST="${CARGO_TARGET_DIR:-$ROOT/target}/release/examples/heat"

read -r -a PETSC_ARGS <<<"-ts_type beuler -ts_dt $DT -ts_max_steps $STEPS $OPTS -log_view"

if [[ -n "${CALLGRIND:-}" ]]; then
    # Instructions (Ir) of the whole run, of TSStep and of the Jacobian and function
    # evaluations, inclusive of what they call.
    ir() {
        awk -v f="$2" '
            index($0, "PROGRAM TOTALS") && f == "total" { gsub(",", "", $1); print $1; exit }
            index($0, ":" f " [") { gsub(",", "", $1); print $1; exit }' "$1.txt"
    }
    # shellcheck disable=SC2046 # pkg-config prints several words on purpose
    mpicc -O2 -g -o "$WORK/heat_c" "$WORK/heat.c" $(pkg-config --cflags --libs PETSc) -lm
    valgrind --tool=callgrind --callgrind-out-file="$WORK/c.cg" "$WORK/heat_c" -nx "$SIZE" \
        -ny "$SIZE" "${PETSC_ARGS[@]}" >"$WORK/c.log" 2>&1
    valgrind --tool=callgrind --callgrind-out-file="$WORK/rust.cg" "$RUST" --nx "$SIZE" \
        --ny "$SIZE" "${PETSC_ARGS[@]}" >"$WORK/rust.log" 2>&1
    for p in c rust; do
        callgrind_annotate --inclusive=yes --threshold=100 "$WORK/$p.cg" >"$WORK/$p.cg.txt" 2>/dev/null
    done
    echo
    echo "heat ${SIZE}x${SIZE}, 1 rank, PETSc options: ${PETSC_ARGS[*]}"
    echo "instructions executed (callgrind Ir, inclusive); ratio = Rust / C"
    printf '%-22s %15s %15s %7s\n' what C Rust ratio
    for f in total TSStep TSComputeRHSJacobian TSComputeRHSFunction KSPSolve MatSetValuesStencil; do
        c=$(ir "$WORK/c.cg" "$f")
        r=$(ir "$WORK/rust.cg" "$f")
        awk -v f="$f" -v c="$c" -v r="$r" 'BEGIN { printf "%-22s %15.0f %15.0f %7.3f\n", f, c, r, (c > 0 ? r / c : 0) }'
    done
    if [[ -n "${KEEP_LOGS:-}" ]]; then
        cp "$WORK/c.cg" "$WORK/rust.cg" "$KEEP_LOGS"/
    fi
    exit 0
fi

# event NAME LOG: the max-over-ranks time of a -log_view event, in seconds.
event() { awk -v e="$1" '$1 == e {print $4; exit}' "$2"; }

# timed NP LOG PROGRAM ARGS...: runs under mpiexec, prints
# "wall|TSStep|TSFunctionEval + TSJacobianEval|max |u||steps".
timed() {
    local np=$1 log=$2 start end
    shift 2
    start=$(date +%s.%N)
    if ! mpiexec -n "$np" "$@" >"$log" 2>&1; then
        cat "$log" >&2
        return 1
    fi
    end=$(date +%s.%N)
    echo "$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.4f", b - a }')|$(event TSStep "$log")|$(awk '$1 == "TSFunctionEval" || $1 == "TSJacobianEval" {s += $4} END {print s}' "$log")|$(awk '/^final max \|u\| =/ {print $5; exit}' "$log")|$(awk '/^steps taken/ {sub(",", "", $3); print $3; exit}' "$log")"
}
min() { awk -v a="$1" -v b="$2" 'BEGIN { print (a == "" || b + 0 < a + 0) ? b : a }'; }
same() { awk -v a="$1" -v b="$2" 'BEGIN { d = a - b; if (d < 0) d = -d; m = (a < 0 ? -a : a); exit !(d <= 1e-9 * m) }'; }

ROWS=()
STATUS=0
for np in $NPS; do
    cw="" cs="" cc="" rw="" rs="" rc=""
    for ((k = 0; k < REPEAT; k++)); do
        IFS='|' read -r w st cb cu csteps < <(timed "$np" "$WORK/c-$np.log" "$WORK/heat_c" \
            -nx "$SIZE" -ny "$SIZE" "${PETSC_ARGS[@]}")
        cw=$(min "$cw" "$w")
        cs=$(min "$cs" "$st")
        cc=$(min "$cc" "$cb")
        IFS='|' read -r w st cb ru rsteps < <(timed "$np" "$WORK/rust-$np.log" "$RUST" \
            --nx "$SIZE" --ny "$SIZE" "${PETSC_ARGS[@]}")
        rw=$(min "$rw" "$w")
        rs=$(min "$rs" "$st")
        rc=$(min "$rc" "$cb")
    done
    agree=yes
    if [[ -z "$cu" || -z "$ru" || "$csteps" != "$rsteps" ]] || ! same "$cu" "$ru"; then
        agree=NO
        STATUS=1
        echo "bench: results differ at $np ranks: C max |u| $cu ($csteps steps), Rust $ru ($rsteps steps)"
    fi
    ROWS+=("$(awk -v np="$np" -v cs="$cs" -v rs="$rs" -v cc="$cc" -v rc="$rc" -v cw="$cw" -v rw="$rw" \
        -v a="$agree" -v u="$cu" -v n="$csteps" 'BEGIN { printf "%2s  %8.3f %8.3f %6.3f   %8.3f %8.3f %6.3f   %8.3f %8.3f %6.3f  %-4s %5s  %s", np, cs, rs, rs / cs, cc, rc, rc / cc, cw, rw, rw / cw, a, n, u }')")
    echo "bench: done $np ranks"
    if [[ -n "${KEEP_LOGS:-}" ]]; then
        cp "$WORK/c-$np.log" "$WORK/rust-$np.log" "$KEEP_LOGS"/
    fi
done
echo
echo "heat ${SIZE}x${SIZE}, PETSc options: ${PETSC_ARGS[*]}"
echo "seconds (minimum of $REPEAT runs); ratio = Rust / C"
echo "TSStep: all steps of TSSolve; callbacks: TSFunctionEval + TSJacobianEval; wall: whole run"
printf '%2s  %8s %8s %6s   %8s %8s %6s   %8s %8s %6s  %-4s %5s  %s\n' np "TSStep C" Rust ratio \
    "callb. C" Rust ratio "wall C" Rust ratio same steps "max |u| (C)"
printf '%s\n' "${ROWS[@]}"
exit $STATUS
