#!/usr/bin/env bash
# Memcheck over some test files and two examples (debug builds): fails on any error
# whose stack reaches PETSc, SLEPc or this workspace's Rust code, and on memory of
# theirs definitely lost. Errors inside Open MPI (its initialization, progress engine
# and plug-ins) are its own and are not counted.
#
#   bash ci/valgrind.sh            # what ci/test.sh runs (about 3 minutes; TEST_JOBS
#                                  # programs at a time, default 2)
#   VG_KEEP=DIR bash ci/valgrind.sh   # keep every valgrind log in DIR
#
# Each program runs under `valgrind --leak-check=full`, the examples also at 2 ranks
# (`mpiexec -n 2 valgrind ...`). The integration tests' multi-rank cases start their own
# mpiexec children, which run without valgrind.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1

if [[ $(id -u) -eq 0 ]]; then
    export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
fi
export OMPI_MCA_rmaps_base_oversubscribe=1
export OMPI_MCA_btl_vader_single_copy_mechanism="${OMPI_MCA_btl_vader_single_copy_mechanism:-none}"
unset PETSC_OPTIONS

command -v valgrind >/dev/null || { echo "valgrind: not installed (ci/install-deps.sh --variants)"; exit 1; }
LOGS="${VG_KEEP:-$(mktemp -d "${TMPDIR:-/tmp}/petsc-rs-valgrind.XXXXXX")}"
mkdir -p "$LOGS"
[[ -n ${VG_KEEP:-} ]] || trap 'rm -rf "$LOGS"' EXIT

# Test files (modules of the test binary `base`, tests/tests/base/FILE.rs): each runs as
# `base FILE::` under valgrind.
TESTS=(vec mat mat_local soundness loans sf section label ao)
cargo build -q -p petsc-tests --test=base || exit 1
cargo build -q -p petsc-examples --example ksp_ex2 --example power_grid || exit 1

# The test binary cargo built last for test binary (area) $1.
test_binary() {
    ls -t target/debug/deps/"$1"-* 2>/dev/null | grep -Ev '\.(d|rlib|rmeta)$' | head -1
}

VG=(valgrind --leak-check=full --show-leak-kinds=definite --errors-for-leak-kinds=definite
    --num-callers=40 --trace-children=no)

rc=0
JOBS=${TEST_JOBS:-2}
declare -A running=()
# Collects one finished run (valgrind is CPU-bound: JOBS runs at a time, one per core).
reap() {
    local pid status label
    wait -n -p pid "${!running[@]}"
    status=$?
    label=${running[$pid]}
    unset "running[$pid]"
    echo "valgrind: $label"
    if ((status != 0)); then
        echo "valgrind: $label failed (exit $status):"
        tail -30 "$LOGS/$label.out"
        rc=1
    fi
}
run() { # run LABEL COMMAND...: the command's valgrind logs go to $LOGS/LABEL.<pid>
    local label=$1
    shift
    while ((${#running[@]} >= JOBS)); do reap; done
    timeout 900 "$@" >"$LOGS/$label.out" 2>&1 &
    running[$!]=$label
}

for t in "${TESTS[@]}"; do
    exe=$(test_binary base)
    [[ -n $exe && -f tests/tests/base/$t.rs ]] || { echo "valgrind: no binary for test $t"; rc=1; continue; }
    run "test-$t" "${VG[@]}" --log-file="$LOGS/test-$t.%p" "$exe" "$t::"
done
for np in 1 2; do
    run "ksp_ex2-$np" mpiexec -n "$np" "${VG[@]}" --log-file="$LOGS/ksp_ex2-$np.%p" \
        target/debug/examples/ksp_ex2 -m 12 -n 12
    run "power_grid-$np" mpiexec -n "$np" "${VG[@]}" --log-file="$LOGS/power_grid-$np.%p" \
        target/debug/examples/power_grid --nx 8 --ny 4
done
while ((${#running[@]} > 0)); do reap; done

# Reads every log; prints the errors that are ours, with their stacks.
python3 - "$LOGS" <<'PY' || rc=1
import glob, os, re, sys

MPI = re.compile(r"libmpi|libopen-(pal|rte)|libpmix|libhwloc|libevent|mca_|ompi_|opal_|orte_|"
                 r"pmix|PMPI_|MPI_Init|MPI_Finalize|libucp|libucs|libfabric|libibverbs")
OURS = re.compile(r"libpetsc|libslepc|\bpetsc|\bslepc|Petsc|Slepc|\.rs:\d+|"
                  r"\b(Vec|Mat|KSP|PC|SNES|TS|Tao|DM|EPS|ST)[A-Z]\w*")
HEAD = re.compile(r"^==\d+== (Invalid (read|write|free)|Conditional jump|Use of uninitialised|"
                  r"Syscall param|Mismatched free|Source and destination overlap|"
                  r"Argument '|[\d,]+ (\(.*\) )?bytes in [\d,]+ blocks are definitely lost)")
ours, seen, files = [], 0, sorted(glob.glob(os.path.join(sys.argv[1], "*.[0-9]*")))
for path in files:
    block = None
    for line in open(path, errors="replace"):
        if HEAD.match(line):
            block = [line.rstrip()]
            continue
        if block is not None:
            if re.match(r"^==\d+== +(at|by) ", line):
                block.append(line.rstrip())
                continue
            seen += 1
            stack = "\n".join(block[1:])
            if OURS.search(stack) and not MPI.search(stack):
                ours.append((os.path.basename(path), block))
            block = None
print(f"valgrind: {len(files)} logs, {seen} reports, {len(ours)} in PETSc/SLEPc/Rust frames "
      f"(the rest inside Open MPI)")
for name, block in ours[:20]:
    print(f"--- {name}")
    print("\n".join(block[:25]))
sys.exit(1 if ours or not files else 0)
PY
exit "$rc"
