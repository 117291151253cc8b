#!/usr/bin/env bash
# Runs integration test files of package petsc-tests, several files at a time:
#
#   bash ci/test-files.sh                 # every file in tests/tests
#   bash ci/test-files.sh vec mat ksp     # the files named
#   TEST_JOBS=1 bash ci/test-files.sh     # one file at a time, as `cargo test` does
#
# Each file is one `cargo test -p petsc-tests --no-fail-fast --test NAME` after a single
# build of them all; the unit tests of petsc-tests's own library (`--lib`) run beside
# them. Most of a file's time is spent starting MPI jobs and waiting on them, so
# TEST_JOBS files (default 2) run side by side; the longest files start first.
# Each file's output is printed whole when it finishes (never interleaved with another's),
# then a summary names the failed files with the command that repeats each. Everything
# in the environment (PETSC_OPTIONS, CARGO_TARGET_DIR, PETSC_DIR, ...) reaches the tests.
# Exits non-zero if the build or any file failed.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1

JOBS=${TEST_JOBS:-2}
# The files that take longest (a minute or more each at one rank count after another):
# started first so that the last file to finish is a short one.
LONGEST="bratu tutorials build_checks tutorials_solvers bv_tutorials tao_examples examples
    fem_tutorials power_cases wave mat gwas_plink vec mri_recon stag_tutorials heat ksp_dm
    t2_nifti poisson_mesh mat_local calibrate eps svd ts is"

if (($# > 0)); then
    chosen=("$@")
else
    chosen=()
    for f in tests/tests/*.rs; do chosen+=("$(basename "$f" .rs)"); done
fi
declare -A wanted=()
for t in "${chosen[@]}"; do
    [[ -f tests/tests/$t.rs ]] || {
        echo "test-files: no test file tests/tests/$t.rs" >&2
        exit 2
    }
    wanted[$t]=1
done
order=()
for t in $LONGEST; do
    [[ -n ${wanted[$t]:-} ]] && order+=("$t") && unset "wanted[$t]"
done
for t in "${chosen[@]}"; do
    [[ -n ${wanted[$t]:-} ]] && order+=("$t") && unset "wanted[$t]"
done

args=(--lib)
for t in "${order[@]}"; do args+=(--test "$t"); done
echo "test-files: cargo test -p petsc-tests --no-run (${#order[@]} files and the library)"
# The library's unit tests are the job named `lib`.
order+=(lib)
cargo test -p petsc-tests --no-run "${args[@]}" || {
    echo "test-files: FAILED: the test files do not build" >&2
    exit 1
}

LOGS=$(mktemp -d "${TMPDIR:-/tmp}/petsc-rs-test-files.XXXXXX")
trap 'rm -rf "$LOGS"' EXIT
declare -A running=() began=()
failed=()
start=$SECONDS

# Prints the log of the file whose job was PID and records its result.
finish() {
    local pid=$1 rc=$2 t=${running[$1]} took=$((SECONDS - ${began[$1]}))
    unset "running[$pid]" "began[$pid]"
    printf '\n==> test file %s (%s, %ds)\n' "$t" "$([[ $rc == 0 ]] && echo ok || echo "FAILED, exit $rc")" "$took"
    cat "$LOGS/$t.log"
    ((rc == 0)) || failed+=("$t")
}

echo "test-files: ${#order[@]} jobs (test files and the library), $JOBS at a time"
for t in "${order[@]}"; do
    while ((${#running[@]} >= JOBS)); do
        wait -n -p done_pid "${!running[@]}"
        finish "$done_pid" $?
    done
    target=(--test "$t")
    [[ $t == lib ]] && target=(--lib)
    cargo test -p petsc-tests --no-fail-fast "${target[@]}" >"$LOGS/$t.log" 2>&1 &
    running[$!]=$t
    began[$!]=$SECONDS
done
while ((${#running[@]} > 0)); do
    wait -n -p done_pid "${!running[@]}"
    finish "$done_pid" $?
done

printf '\ntest-files: %d jobs in %ds, %d failed\n' "${#order[@]}" $((SECONDS - start)) "${#failed[@]}"
for t in ${failed[@]+"${failed[@]}"}; do
    if [[ $t == lib ]]; then
        echo "  FAILED the library's unit tests: cargo test -p petsc-tests --lib"
    else
        echo "  FAILED $t: cargo test -p petsc-tests --test $t"
    fi
done
((${#failed[@]} == 0))
