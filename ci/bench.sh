#!/usr/bin/env bash
# Every benchmark of petsc-rs in one run: petsc-rs beside PETSc in C and the peers a
# user would pick instead (petsc4py, PYPOWER, PLINK), with the machine's STREAM triad
# bandwidth. The table ci/bench/benchmarks.toml says what each benchmark runs, reads
# and checks; the runner ci/bench/runner runs it (one warm-up run, then REPEAT runs of
# the programs in turn; median [min-max]) and writes results.md and ratios.png.
#
#   bash ci/bench.sh                     # every benchmark, REPEAT=5, NPS="1 2"
#   bash ci/bench.sh wave heat           # some (names as in the table)
#   SMOKE=1 bash ci/bench.sh             # tiny sizes, one timed run each (CI)
#   CALLGRIND=1 bash ci/bench.sh heat    # instructions at 1 rank under callgrind
#   REPEAT=9 NPS="1 2 4" OUT=dir bash ci/bench.sh
#
# OUT (default target/bench) receives results.md, ratios.png and work/ (the C builds
# and data). BENCH_NO_DEPS=1 skips ci/install-deps.sh --variants (which installs the C
# examples, valgrind, python3-petsc4py and plink1.9); the PYPOWER benchmark also needs
# `bash ci/matpower-cases.sh --pypower` once. A program whose peer is missing is
# skipped with a note in results.md. The script fails when a run fails or when the
# programs of a benchmark disagree on its results.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [[ -z "${BENCH_NO_DEPS:-}" ]]; then
    bash ci/install-deps.sh --variants
fi
if [[ $(id -u) -eq 0 ]]; then
    export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
fi
export OMPI_MCA_rmaps_base_oversubscribe=1
export OMPI_MCA_btl_vader_single_copy_mechanism="${OMPI_MCA_btl_vader_single_copy_mechanism:-none}"
# One machine, no network fabric: Open MPI's shared-memory messaging (the ob1 layer) as
# a single-node site configures it. Left to itself Open MPI 4 first probes for UCX,
# which took half of each program's 0.4 s start-up here (MPI_Init + MPI_Finalize of an
# empty C program: 0.34-0.47 s, 0.17-0.21 s with ob1); every program of a benchmark
# starts the same way, C's and petsc4py's included. MPICH ignores the variable.
export OMPI_MCA_pml="${OMPI_MCA_pml:-ob1}"
unset PETSC_OPTIONS

cargo build --release -p petsc-bench
RUNNER="${CARGO_TARGET_DIR:-$PWD/target}/release/petsc-bench"
ARGS=(--repeat "${REPEAT:-5}" --nps "${NPS:-1 2}" --out "${OUT:-target/bench}")
[[ -z "${SMOKE:-}" || "${SMOKE}" == 0 ]] || ARGS+=(--smoke)
[[ -z "${CALLGRIND:-}" || "${CALLGRIND}" == 0 ]] || ARGS+=(--callgrind)
exec "$RUNNER" "${ARGS[@]}" "$@"
