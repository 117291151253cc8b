#!/usr/bin/env bash
# Runs integration test files of package petsc-tests, several files at a time:
#
#   bash ci/test-files.sh                 # every test file
#   bash ci/test-files.sh vec mat ksp     # the files named
#   TEST_JOBS=1 bash ci/test-files.sh     # one file at a time
#
# The test files are linked into one binary per area (tests/tests/AREA/main.rs: base,
# solvers, meshes, slepc, applications, tutorials); each file, tests/tests/AREA/FILE.rs,
# is a module of its binary, its cases named FILE::case. A file runs as
# `cargo test -p petsc-tests --no-fail-fast --test AREA -- FILE::` after a single build
# of the binaries; the unit tests of petsc-tests's own library (`--lib`) run beside them.
# Most of a file's time is spent starting MPI jobs and waiting on them, so
# TEST_JOBS files (default 2) run side by side; the longest files start first.
# Each file's output is printed whole when it finishes (never interleaved with another's),
# with the time it took, then a summary names the failed files with the command that
# repeats each. Everything in the environment (PETSC_OPTIONS, PETSC_RS_EXPECTED_SKIPS,
# CARGO_TARGET_DIR, PETSC_DIR, ...) reaches the tests.
# Exits non-zero if the build or any file failed.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1

JOBS=${TEST_JOBS:-2}
# The files that take longest (a minute or more each at one rank count after another):
# started first so that the last file to finish is a short one.
LONGEST="bratu tutorials build_checks tutorials_solvers bv_tutorials tao_examples examples
    fem_tutorials power_cases wave mat gwas_plink vec mri_recon stag_tutorials heat ksp_dm
    t2_nifti poisson_mesh mat_local calibrate eps svd ts is"

# The binary (area) of each test file.
declare -A area=()
for f in tests/tests/*/*.rs; do
    t=$(basename "$f" .rs)
    [[ $t == main ]] && continue
    if [[ -n ${area[$t]:-} ]]; then
        # A file is found by its name: two of one name would leave one never run.
        echo "test-files: tests/tests/${area[$t]}/$t.rs and $f share a name; rename one" >&2
        exit 2
    fi
    area[$t]=$(basename "$(dirname "$f")")
done
if (($# > 0)); then
    chosen=("$@")
else
    chosen=()
    for t in $(printf '%s\n' "${!area[@]}" | sort); do chosen+=("$t"); done
fi
declare -A wanted=() binaries=()
for t in "${chosen[@]}"; do
    [[ -n ${area[$t]:-} ]] || {
        echo "test-files: no test file tests/tests/*/$t.rs" >&2
        exit 2
    }
    wanted[$t]=1
    binaries[${area[$t]}]=1
done
order=()
for t in $LONGEST; do
    [[ -n ${wanted[$t]:-} ]] && order+=("$t") && unset "wanted[$t]"
done
for t in "${chosen[@]}"; do
    [[ -n ${wanted[$t]:-} ]] && order+=("$t") && unset "wanted[$t]"
done

args=(--lib)
for b in $(printf '%s\n' "${!binaries[@]}" | sort); do args+=(--test "$b"); done
echo "test-files: cargo test -p petsc-tests --no-run ${args[*]} (${#order[@]} files and the library)"
# The library's unit tests are the job named `lib`.
order+=(lib)
cargo test -p petsc-tests --no-run "${args[@]}" || {
    echo "test-files: FAILED: the test files do not build" >&2
    exit 1
}

LOGS=$(mktemp -d "${TMPDIR:-/tmp}/petsc-rs-test-files.XXXXXX")
trap 'rm -rf "$LOGS"' EXIT
# Run alone, the jobs' MPI starts get a session base of their own (ci/mpi-session.sh);
# under ci/test.sh they share the suite's.
if [[ -z ${OMPI_MCA_orte_tmpdir_base:-} ]]; then
    source ci/mpi-session.sh
    mpi_session "$LOGS/mpi"
fi
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
    target=(--test "${area[$t]:-}" -- "$t::")
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
        echo "  FAILED $t: cargo test -p petsc-tests --test ${area[$t]} -- $t::"
    fi
done
((${#failed[@]} == 0))
