#!/usr/bin/env bash
# Builds the starter crate examples/downstream the way a user's crate is built (its own
# workspace, Cargo.lock and target directory; petsc-rs through its path dependencies
# where a user's crate names versions) and runs it: a solver struct holding a Mat, a Ksp
# and an Snes with its own closures, which checks a linear and a nonlinear solve against
# closed forms and exits non-zero when either is off.
#
#   1. cargo fmt --check and cargo clippy -- -D warnings on it (the workspace's own
#      steps do not see it);
#   2. cargo build --offline (crates from the local registry cache);
#   3. mpiexec -n 1, then -n 2 with -malloc_debug -malloc_dump: a failed run, a wrong
#      answer or memory PETSc still holds at exit fails the step.
#
# DOWNSTREAM_TARGET_DIR sets the target directory (default target/downstream).
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../examples/downstream" || exit 1

export CARGO_TARGET_DIR=${DOWNSTREAM_TARGET_DIR:-$PWD/../../target/downstream}
if [[ $(id -u) -eq 0 ]]; then
    export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
fi
export OMPI_MCA_rmaps_base_oversubscribe=1
export OMPI_MCA_btl_vader_single_copy_mechanism="${OMPI_MCA_btl_vader_single_copy_mechanism:-none}"
unset PETSC_OPTIONS

fail() {
    echo "downstream: FAILED: $*" >&2
    exit 1
}

echo "downstream: cargo fmt --check, cargo clippy -- -D warnings (in examples/downstream)"
cargo fmt --check || fail "cargo fmt --check (run cargo fmt in examples/downstream)"
cargo clippy --offline --quiet -- -D warnings || fail "cargo clippy (above)"
echo "downstream: cargo build --offline (target directory $CARGO_TARGET_DIR)"
cargo build --offline --quiet || fail "cargo build (above)"

exe="$CARGO_TARGET_DIR/debug/petsc-downstream"
LOG=$(mktemp "${TMPDIR:-/tmp}/downstream.XXXXXX")
trap 'rm -f "$LOG"' EXIT
for np in 1 2; do
    echo "downstream: mpiexec -n $np $exe -malloc_debug -malloc_dump"
    timeout 300 mpiexec -n "$np" "$exe" -malloc_debug -malloc_dump >"$LOG" 2>&1
    rc=$?
    sed 's/^/  /' "$LOG"
    ((rc == 0)) || fail "the run on $np ranks exited with status $rc"
    grep -q '^ok$' "$LOG" || fail "the run on $np ranks did not print ok"
    if grep -Eq '\[ *[0-9]+\] *[0-9]+ bytes .*\(\) at |Corrupted memory' "$LOG"; then
        fail "PETSc reports memory still allocated at exit on $np ranks (above)"
    fi
done

# examples/old-forms: a program written against the first release's call forms. It must
# still build, with a deprecation warning for each form since renamed, and run.
cd ../old-forms || exit 1
echo "downstream: examples/old-forms, cargo build --offline (the first release's call forms)"
OLD_LOG=$(mktemp "${TMPDIR:-/tmp}/old-forms.XXXXXX")
trap 'rm -f "$LOG" "$OLD_LOG"' EXIT
cargo build --offline --color never >"$OLD_LOG" 2>&1 || {
    cat "$OLD_LOG"
    fail "examples/old-forms no longer builds: an old call form was removed"
}
deprecated=$(grep -c '^warning: use of deprecated' "$OLD_LOG")
echo "downstream: examples/old-forms built with $deprecated deprecation warnings"
old_exe="$CARGO_TARGET_DIR/debug/petsc-old-forms"
for np in 1 2; do
    timeout 300 mpiexec -n "$np" "$old_exe" -malloc_dump >"$LOG" 2>&1
    rc=$?
    sed 's/^/  /' "$LOG"
    ((rc == 0)) || fail "examples/old-forms on $np ranks exited with status $rc"
    grep -q '^ok$' "$LOG" || fail "examples/old-forms on $np ranks did not print ok"
done
echo "downstream: ok"
