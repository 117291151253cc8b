#!/usr/bin/env bash
# Benchmark: the T2 map of examples/t2_fit.rs (thousands of tiny TAO solves) beside a
# small C program doing the same per-voxel fits with PETSc's TAO directly.
#
#   bash ci/bench-t2.sh                       # 256 x 256 voxels, 1 and 2 ranks, 3 runs
#   NX=128 NY=128 REPEAT=5 NPS="1 2 4" bash ci/bench-t2.sh
#
# Both programs fit S(t) = A exp(-t/T2) to every voxel's ten echoes: TAO lmvm on
# PETSC_COMM_SELF, one Tao per rank reused (the start (0.8, 50) written back before each
# voxel), objective and analytic gradient in one callback reading x with VecGetArrayRead
# and writing g with VecGetArray, bounds A >= 0, T2 >= 1e-3 set, tolerances gatol 1e-8,
# grtol 0, gttol 0, at most 500 iterations, then TaoSetFromOptions. Same data: the Rust
# example writes the noisy signals (--dump), the C program reads them. Voxels go to the
# ranks in the same contiguous blocks. What is timed: wall-clock seconds of the fit loop
# on the slowest rank (data generation and file reading excluded). Runs of C and Rust
# alternate; each figure is the minimum over REPEAT runs; ratio = Rust / C. Both must
# report the same total iterations and the same sum of fitted T2 (to 1e-9 relative).
#
# Then the cost of one callback round trip: N objective-and-gradient evaluations through
# TaoComputeGradient against N direct calls of the same function, in each language.
#
# Wall-clock figures on a shared machine are noisy; with CALLGRIND=1 (valgrind installed)
# the script also counts instructions on a CG_NX x CG_NY map (24 x 24), deterministic:
# C collects inside TaoSolve, Rust inside Tao::solve (TaoSolve plus the Rust checks
# before it), each including the callbacks.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
NX=${NX:-256}
NY=${NY:-256}
NPS=${NPS:-"1 2"}
REPEAT=${REPEAT:-3}
CALLS=${CALLS:-200000}
CALLGRIND=${CALLGRIND:-0}
CG_NX=${CG_NX:-24}
CG_NY=${CG_NY:-24}

if [[ $(id -u) -eq 0 ]]; then
    export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
fi
export OMPI_MCA_rmaps_base_oversubscribe=1
unset PETSC_OPTIONS

WORK=$(mktemp -d "${TMPDIR:-/tmp}/petsc-rs-bench-t2.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

cat >"$WORK/t2_c.c" <<'C'
#include <petsctao.h>
#include <petsctime.h>

#define NE 10
static const PetscReal echo[NE] = {10, 20, 40, 60, 80, 120, 160, 200, 240, 280};

typedef struct {
  const PetscReal *s; /* the current voxel's ten echoes */
  PetscInt         nevals;
} Voxel;

static void objgrad_raw(const PetscReal *s, PetscReal a, PetscReal t2, PetscReal *f, PetscReal g[2])
{
  PetscReal ff = 0, ga = 0, gt = 0, inv = 1.0 / t2;
  for (int k = 0; k < NE; k++) {
    PetscReal e = PetscExpReal(-echo[k] * inv), r = a * e - s[k];
    ff += r * r;
    ga += r * e;
    gt += r * a * e * echo[k] * inv * inv;
  }
  *f   = 0.5 * ff;
  g[0] = ga;
  g[1] = gt;
}

static PetscErrorCode FormFunctionGradient(Tao tao, Vec X, PetscReal *f, Vec G, void *ctx)
{
  Voxel             *v = (Voxel *)ctx;
  const PetscScalar *x;
  PetscScalar       *g;
  PetscReal          gr[2];

  PetscFunctionBeginUser;
  v->nevals++;
  PetscCall(VecGetArrayRead(X, &x));
  objgrad_raw(v->s, x[0], x[1], f, gr);
  PetscCall(VecRestoreArrayRead(X, &x));
  PetscCall(VecGetArray(G, &g));
  g[0] = gr[0];
  g[1] = gr[1];
  PetscCall(VecRestoreArray(G, &g));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  char           file[PETSC_MAX_PATH_LEN] = "";
  PetscInt       calls = 0, nvox64 = 0, lo, hi, n, its, totits = 0, nconv = 0, i;
  PetscMPIInt    rank, size;
  PetscReal     *sig, sumt2 = 0, tot[2], ftmp;
  PetscLogDouble t0, t1, el, slow;
  Vec            x, lb, ub;
  Tao            tao;
  Voxel          vox = {NULL, 0};
  FILE          *fp;
  long long      nv;
  TaoConvergedReason reason;

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  PetscCallMPI(MPI_Comm_rank(PETSC_COMM_WORLD, &rank));
  PetscCallMPI(MPI_Comm_size(PETSC_COMM_WORLD, &size));
  PetscCall(PetscOptionsGetString(NULL, NULL, "-data", file, sizeof(file), NULL));
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-calls", &calls, NULL));
  fp = fopen(file, "rb");
  PetscCheck(fp, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "cannot open %s", file);
  PetscCheck(fread(&nv, sizeof(nv), 1, fp) == 1, PETSC_COMM_SELF, PETSC_ERR_FILE_READ, "short file");
  nvox64 = (PetscInt)nv;
  /* the same contiguous blocks as petsc_examples::block_range */
  lo = rank * (nvox64 / size) + PetscMin(rank, nvox64 % size);
  n  = nvox64 / size + (rank < nvox64 % size ? 1 : 0);
  hi = lo + n;
  PetscCall(PetscMalloc1(n * NE, &sig));
  PetscCheck(fseek(fp, 8 + (long)lo * NE * 8, SEEK_SET) == 0, PETSC_COMM_SELF, PETSC_ERR_FILE_READ, "seek");
  PetscCheck(fread(sig, sizeof(PetscReal), n * NE, fp) == (size_t)(n * NE), PETSC_COMM_SELF, PETSC_ERR_FILE_READ, "short file");
  fclose(fp);

  PetscCall(VecCreateSeq(PETSC_COMM_SELF, 2, &x));
  PetscCall(VecDuplicate(x, &lb));
  PetscCall(VecDuplicate(x, &ub));
  PetscCall(VecSetValue(lb, 0, 0.0, INSERT_VALUES));
  PetscCall(VecSetValue(lb, 1, 1e-3, INSERT_VALUES));
  PetscCall(VecAssemblyBegin(lb));
  PetscCall(VecAssemblyEnd(lb));
  PetscCall(VecSet(ub, PETSC_INFINITY));
  PetscCall(TaoCreate(PETSC_COMM_SELF, &tao));
  PetscCall(TaoSetType(tao, TAOLMVM));
  PetscCall(TaoSetSolution(tao, x));
  PetscCall(TaoSetObjectiveAndGradient(tao, NULL, FormFunctionGradient, &vox));
  PetscCall(TaoSetVariableBounds(tao, lb, ub));
  PetscCall(TaoSetTolerances(tao, 1e-8, 0.0, 0.0));
  PetscCall(TaoSetMaximumIterations(tao, 500));
  PetscCall(TaoSetFromOptions(tao));

  PetscCallMPI(MPI_Barrier(PETSC_COMM_WORLD));
  PetscCall(PetscTime(&t0));
  for (i = 0; i < n; i++) {
    PetscScalar *xa;
    vox.s = sig + i * NE;
    PetscCall(VecGetArray(x, &xa));
    xa[0] = 0.8;
    xa[1] = 50.0;
    PetscCall(VecRestoreArray(x, &xa));
    PetscCall(TaoSolve(tao));
    PetscCall(TaoGetIterationNumber(tao, &its));
    PetscCall(TaoGetConvergedReason(tao, &reason));
    totits += its;
    if (reason > 0) nconv++;
    PetscCall(VecGetArray(x, &xa));
    sumt2 += PetscRealPart(xa[1]);
    PetscCall(VecRestoreArray(x, &xa));
  }
  PetscCall(PetscTime(&t1));
  el = t1 - t0;
  PetscCallMPI(MPI_Allreduce(&el, &slow, 1, MPI_DOUBLE, MPI_MAX, PETSC_COMM_WORLD));
  {
    PetscReal loc[2] = {sumt2, (PetscReal)totits};
    PetscCallMPI(MPI_Allreduce(loc, tot, 2, MPIU_REAL, MPIU_SUM, PETSC_COMM_WORLD));
  }
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "C fit time %.6f s: %.0f voxels/s; total iterations %.0f; sum T2 %.12e\n", slow, nvox64 / slow, (double)tot[1], (double)tot[0]));

  if (calls > 0 && rank == 0) {
    Vec       g;
    PetscReal best_d = 1e300, best_t = 1e300, sink = 0;
    PetscCall(VecDuplicate(x, &g));
    vox.s = sig;
    for (int rep = 0; rep < 5; rep++) {
      PetscCall(PetscTime(&t0));
      for (PetscInt c = 0; c < calls; c++) {
        PetscCall(FormFunctionGradient(tao, x, &ftmp, g, &vox));
        sink += ftmp;
      }
      PetscCall(PetscTime(&t1));
      best_d = PetscMin(best_d, (t1 - t0) / calls);
      PetscCall(PetscTime(&t0));
      for (PetscInt c = 0; c < calls; c++) PetscCall(TaoComputeGradient(tao, x, g));
      PetscCall(PetscTime(&t1));
      best_t = PetscMin(best_t, (t1 - t0) / calls);
    }
    PetscCall(PetscPrintf(PETSC_COMM_SELF, "C callback bench (%" PetscInt_FMT " calls, best of 5): direct call on Vecs %.1f ns, through TAO %.1f ns%s\n", calls, best_d * 1e9, best_t * 1e9, sink != sink ? " (nan)" : ""));
    PetscCall(VecDestroy(&g));
  }
  PetscCall(TaoDestroy(&tao));
  PetscCall(VecDestroy(&x));
  PetscCall(VecDestroy(&lb));
  PetscCall(VecDestroy(&ub));
  PetscCall(PetscFree(sig));
  PetscCall(PetscFinalize());
  return 0;
}
C
echo "bench: compiling the C program with mpicc -O2 and pkg-config PETSc"
# shellcheck disable=SC2046 # pkg-config prints several words on purpose
mpicc -O2 -o "$WORK/t2_c" "$WORK/t2_c.c" $(pkg-config --cflags --libs PETSc) -lm

echo "bench: cargo build --release -p petsc-examples --example t2_fit"
cargo build --release -p petsc-examples --example t2_fit
RUST="${CARGO_TARGET_DIR:-$ROOT/target}/release/examples/t2_fit"

DATA="$WORK/signals.bin"
"$RUST" --map "$NX,$NY" --method voxel --dump "$DATA" >"$WORK/dump.log" 2>&1

# c_run NP / rust_run NP: prints "seconds|iterations|sum T2".
c_run() {
    local out
    out=$(mpiexec -n "$1" "$WORK/t2_c" -data "$DATA" 2>&1) || { echo "$out" >&2; return 1; }
    awk '/^C fit time/ { printf "%s|%s|%s", $4, $10 + 0, $13 }' <<<"$out"
}
rust_run() {
    local out
    out=$(mpiexec -n "$1" "$RUST" --map "$NX,$NY" --method voxel 2>&1) || { echo "$out" >&2; return 1; }
    echo "$(awk '/^fit time/ {print $3}' <<<"$out")|$(awk '/^total iterations/ {printf "%s|%s", $3, $9}' <<<"$out")"
}
min() { awk -v a="$1" -v b="$2" 'BEGIN { print (a == "" || b + 0 < a + 0) ? b : a }'; }

ROWS=()
STATUS=0
for np in $NPS; do
    c_t="" r_t=""
    for ((k = 0; k < REPEAT; k++)); do
        res=$(c_run "$np"); c_t=$(min "$c_t" "${res%%|*}"); c_k=${res#*|}
        res=$(rust_run "$np"); r_t=$(min "$r_t" "${res%%|*}"); r_k=${res#*|}
    done
    same=$(awk -v c="$c_k" -v r="$r_k" 'BEGIN {
        split(c, a, "|"); split(r, b, "|");
        d = a[2] - b[2]; if (d < 0) d = -d;
        print (a[1] == b[1] && d <= 1e-9 * a[2]) ? "yes" : "NO" }')
    if [[ $same != yes ]]; then
        STATUS=1
        echo "bench: results differ at $np ranks: C [$c_k] Rust [$r_k]"
    fi
    ROWS+=("$(awk -v np="$np" -v c="$c_t" -v r="$r_t" -v s="$same" -v n="$((NX * NY))" -v k="$c_k" \
        'BEGIN { split(k, a, "|"); printf "%2s  %9.4f %9.4f %9.0f %9.0f %7.3f  %-4s %.0f", np, c, r, n / c, n / r, r / c, s, a[1] }')")
    echo "bench: done $np ranks"
done

echo "bench: callback round trip, $CALLS calls"
CB_C=$(mpiexec -n 1 "$WORK/t2_c" -data "$DATA" -calls "$CALLS" | grep '^C callback')
CB_R=$("$RUST" --callback-bench "$CALLS" | grep '^callback bench')

CG_LINE=""
if [[ $CALLGRIND == 1 ]]; then
    echo "bench: callgrind instruction counts on a ${CG_NX}x${CG_NY} map"
    "$RUST" --map "$CG_NX,$CG_NY" --method voxel --dump "$WORK/cg.bin" >/dev/null 2>&1
    ir() { awk '/Collected :/ { print $NF }' "$1"; }
    valgrind --tool=callgrind --toggle-collect=TaoSolve --callgrind-out-file="$WORK/c.cg" \
        "$WORK/t2_c" -data "$WORK/cg.bin" >/dev/null 2>"$WORK/c.vg"
    valgrind --tool=callgrind '--toggle-collect=petsc::tao::Tao::solve' \
        --callgrind-out-file="$WORK/r.cg" "$RUST" --map "$CG_NX,$CG_NY" --method voxel >/dev/null 2>"$WORK/r.vg"
    CG_LINE=$(awk -v c="$(ir "$WORK/c.vg")" -v r="$(ir "$WORK/r.vg")" -v n="$((CG_NX * CG_NY))" \
        'BEGIN { printf "instructions per voxel fit (callgrind, %d voxels): C %.0f, Rust %.0f, ratio %.4f", n, c / n, r / n, r / c }')
fi

echo
echo "T2 map ${NX}x${NY} ($((NX * NY)) voxels), lmvm: fit seconds of the slowest rank (minimum of $REPEAT runs), ratio = Rust / C"
printf '%2s  %9s %9s %9s %9s %7s  %-4s %s\n' np "C s" "Rust s" "C vox/s" "Rust vox/s" ratio same iterations
printf '%s\n' "${ROWS[@]}"
echo
echo "$CB_C"
echo "Rust $CB_R"
[[ -z $CG_LINE ]] || echo "$CG_LINE"
exit $STATUS
