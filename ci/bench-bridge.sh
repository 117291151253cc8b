#!/usr/bin/env bash
# Benchmark: examples/bridge.rs (slepc-rs) beside a small C program doing the same solve
# with SLEPc directly, at 1 and 2 ranks.
#
#   bash ci/bench-bridge.sh                    # 400 x 120 grid, 3 runs each
#   NX=200 NY=60 REPEAT=5 NPS="1 2 4" bash ci/bench-bridge.sh
#
# Both programs assemble K (5-point stencil with hx = 100/(nx+1), hy = 10/(ny+1)) and
# M = hx*hy I, and solve K x = lambda M x as a GHEP for the 3 eigenpairs nearest 0 by
# shift-and-invert (target 0, tolerance 1e-9, SLEPc's default inner solve: preonly + the
# default factorization), then EPSSetFromOptions. What is timed: wall-clock seconds from
# an MPI barrier before EPSSolve to its return, on rank 0 (the Rust program prints it with
# --timing). Runs of C and Rust alternate; each figure is the minimum over REPEAT runs;
# ratio = Rust / C. Both must print the same three eigenvalues (to 10 digits).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
NX=${NX:-400}
NY=${NY:-120}
NPS=${NPS:-"1 2"}
REPEAT=${REPEAT:-3}

if [[ $(id -u) -eq 0 ]]; then
    export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
fi
export OMPI_MCA_rmaps_base_oversubscribe=1
unset PETSC_OPTIONS

WORK=$(mktemp -d "${TMPDIR:-/tmp}/slepc-rs-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

cat >"$WORK/bridge.c" <<'C'
#include <slepceps.h>
#include <petsctime.h>

int main(int argc, char **argv)
{
  Mat            K, M;
  EPS            eps;
  ST             st;
  PetscInt       nx = 40, ny = 12, n, Istart, Iend, row, nconv, i;
  PetscReal      hx, hy, cx, cy;
  PetscScalar    kr, ki;
  PetscLogDouble t0, t1;

  PetscCall(SlepcInitialize(&argc, &argv, NULL, NULL));
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-nx", &nx, NULL));
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-ny", &ny, NULL));
  n  = nx * ny;
  hx = 100.0 / (nx + 1);
  hy = 10.0 / (ny + 1);
  cx = 1.0 / (hx * hx);
  cy = 1.0 / (hy * hy);
  PetscCall(MatCreateAIJ(PETSC_COMM_WORLD, PETSC_DECIDE, PETSC_DECIDE, n, n, 5, NULL, 4, NULL, &K));
  PetscCall(MatCreateAIJ(PETSC_COMM_WORLD, PETSC_DECIDE, PETSC_DECIDE, n, n, 1, NULL, 0, NULL, &M));
  PetscCall(MatGetOwnershipRange(K, &Istart, &Iend));
  for (row = Istart; row < Iend; row++) {
    PetscInt    ix = row / ny, iy = row % ny, cols[5], nc = 0;
    PetscScalar vals[5], m = hx * hy;
    cols[nc] = row; vals[nc++] = 2.0 * (cx + cy);
    if (ix > 0)      { cols[nc] = row - ny; vals[nc++] = -cx; }
    if (ix < nx - 1) { cols[nc] = row + ny; vals[nc++] = -cx; }
    if (iy > 0)      { cols[nc] = row - 1;  vals[nc++] = -cy; }
    if (iy < ny - 1) { cols[nc] = row + 1;  vals[nc++] = -cy; }
    PetscCall(MatSetValues(K, 1, &row, nc, cols, vals, INSERT_VALUES));
    PetscCall(MatSetValues(M, 1, &row, 1, &row, &m, INSERT_VALUES));
  }
  PetscCall(MatAssemblyBegin(K, MAT_FINAL_ASSEMBLY));
  PetscCall(MatAssemblyEnd(K, MAT_FINAL_ASSEMBLY));
  PetscCall(MatAssemblyBegin(M, MAT_FINAL_ASSEMBLY));
  PetscCall(MatAssemblyEnd(M, MAT_FINAL_ASSEMBLY));

  PetscCall(EPSCreate(PETSC_COMM_WORLD, &eps));
  PetscCall(EPSSetOperators(eps, K, M));
  PetscCall(EPSSetProblemType(eps, EPS_GHEP));
  PetscCall(EPSSetDimensions(eps, 3, PETSC_DEFAULT, PETSC_DEFAULT));
  PetscCall(EPSSetTolerances(eps, 1e-9, PETSC_DEFAULT));
  PetscCall(EPSSetTarget(eps, 0.0));
  PetscCall(EPSSetWhichEigenpairs(eps, EPS_TARGET_MAGNITUDE));
  PetscCall(EPSGetST(eps, &st));
  PetscCall(STSetType(st, STSINVERT));
  PetscCall(EPSSetFromOptions(eps));
  PetscCallMPI(MPI_Barrier(PETSC_COMM_WORLD));
  PetscCall(PetscTime(&t0));
  PetscCall(EPSSolve(eps));
  PetscCall(PetscTime(&t1));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "Timing solve %.6f\n", (double)(t1 - t0)));
  PetscCall(EPSGetConverged(eps, &nconv));
  for (i = 0; i < nconv; i++) {
    PetscCall(EPSGetEigenvalue(eps, i, &kr, &ki));
    PetscCall(PetscPrintf(PETSC_COMM_WORLD, "lambda %.9e\n", (double)PetscRealPart(kr)));
  }
  PetscCall(EPSDestroy(&eps));
  PetscCall(MatDestroy(&K));
  PetscCall(MatDestroy(&M));
  PetscCall(SlepcFinalize());
  return 0;
}
C
echo "bench: compiling the C program with mpicc -O2 and pkg-config SLEPc"
# shellcheck disable=SC2046 # pkg-config prints several words on purpose
mpicc -O2 -o "$WORK/bridge_c" "$WORK/bridge.c" $(pkg-config --cflags --libs SLEPc PETSc) -lm

echo "bench: cargo build --release -p petsc-examples --example bridge"
cargo build --release -p petsc-examples --example bridge
RUST="${CARGO_TARGET_DIR:-$ROOT/target}/release/examples/bridge"

# c_run NP / rust_run NP: prints "seconds|lambda1 lambda2 lambda3".
c_run() {
    local out
    out=$(mpiexec -n "$1" "$WORK/bridge_c" -nx "$NX" -ny "$NY" 2>&1) || { echo "$out" >&2; return 1; }
    echo "$(awk '/^Timing solve/ {print $3}' <<<"$out")|$(awk '/^lambda/ {printf "%.9e ", $2}' <<<"$out" | cut -d' ' -f1-3)"
}
rust_run() {
    local out
    out=$(mpiexec -n "$1" "$RUST" --nx "$NX" --ny "$NY" --timing 2>&1) || { echo "$out" >&2; return 1; }
    echo "$(awk '/^Timing solve/ {print $3}' <<<"$out")|$(grep -E '^mode [0-9]+: lambda' <<<"$out" | awk '{printf "%.9e ", $5}' | cut -d' ' -f1-3)"
}
min() { awk -v a="$1" -v b="$2" 'BEGIN { print (a == "" || b + 0 < a + 0) ? b : a }'; }

ROWS=()
STATUS=0
for np in $NPS; do
    c_t="" r_t=""
    for ((k = 0; k < REPEAT; k++)); do
        res=$(c_run "$np"); c_t=$(min "$c_t" "${res%%|*}"); c_l=${res#*|}
        res=$(rust_run "$np"); r_t=$(min "$r_t" "${res%%|*}"); r_l=${res#*|}
    done
    same=yes
    if [[ "$c_l" != "$r_l" ]]; then
        same=NO; STATUS=1
        echo "bench: eigenvalues differ at $np ranks: C [$c_l] Rust [$r_l]"
    fi
    ROWS+=("$(awk -v np="$np" -v c="$c_t" -v r="$r_t" -v s="$same" -v l="$c_l" \
        'BEGIN { printf "%2s  %9.4f %9.4f %7.3f  %-4s %s", np, c, r, r / c, s, l }')")
    echo "bench: done $np ranks"
done
echo
echo "bridge ${NX}x${NY}: EPSSolve seconds (minimum of $REPEAT runs), ratio = Rust / C"
printf '%2s  %9s %9s %7s  %-4s %s\n' np "C" "Rust" ratio same "lambda (C)"
printf '%s\n' "${ROWS[@]}"
exit $STATUS
