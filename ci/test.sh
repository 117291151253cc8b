#!/usr/bin/env bash
# The whole test suite of petsc-rs, as CI runs it (.ci/run calls this script):
#
#   1. system packages (ci/install-deps.sh --variants installs whatever is missing and
#      checks that the default PETSc and SLEPc are a matching pair; --examples when
#      TEST_STEPS names only steps among fmt, modules, build, clippy, test and smoke)
#   2. cargo fmt --all -- --check, and no import cycles between petsc-rs's modules
#      (ci/module-cycles.py, re-exports resolved) and the safe layer within its limits
#      (ci/layer-stats.py: one-call forwarders, macro_rules!, file lengths)
#   3. cargo clippy --workspace --all-targets -- -D warnings
#   4. cargo test --workspace --no-fail-fast --exclude petsc-tests   (unit and doc tests;
#                                every test binary runs even after one fails)
#   5. release checks, each a script of its own:
#        package       (ci/package.sh) the five published crates packaged in dependency
#                      order and each built from its package against the others'
#                      packages; their metadata checked. Before a release only
#                      (RELEASE_CHECKS=1, or TEST_STEPS naming it): about 4 minutes, and
#                      it fails only when a manifest or a crate's files change in a way
#                      the workspace's own build does not see
#        docs-nopetsc  (ci/docs-without-petsc.sh) `DOCS_RS=1 cargo doc` of the published
#                      crates with PETSc and SLEPc hidden from discovery, as on docs.rs
#        downstream    (ci/downstream.sh) the starter crate examples/downstream built on
#                      its own and run at 1 and 2 ranks, checking its answers
#   6. the integration tests (package petsc-tests, which start their own multi-rank runs
#      under mpiexec; ci/test-files.sh runs TEST_JOBS test files at a time, default 2:
#      the modules tests/tests/AREA/FILE.rs of a few binaries, one per area) with
#      PETSC_OPTIONS="-malloc_dump", and every example at 1 and 2
#      ranks (1 for serial tutorials) with "-malloc_debug -malloc_dump"; PETSc then lists
#      every block still allocated at PetscFinalize, one line each:
#          [ 0] 16 bytes PetscStrallocpy() at ./src/sys/utils/str.c:203
#      Any such line (or a memory-corruption report) fails the step, as does a failed
#      test. `-malloc_dump` alone traces every allocation and checks each block's guards
#      when it is freed; `-malloc_debug` also checks the whole heap at every call, which
#      makes the test suite about ten times slower (LEAK_TEST_OPTIONS changes the
#      options of the test pass; with -malloc_debug, the test files with runs too long
#      for a checked heap, those that call petsc_tests::heap_checked, run again
#      without it).
#   7. memcheck (ci/valgrind.sh): three test files and two examples (1 and 2 ranks) under
#      valgrind; any error or definite leak in PETSc, SLEPc or Rust frames fails the step
#   8. the other PETSc builds (ci/variants.sh): Debian's complex and 64-bit-index
#      PETSc/SLEPc, and PETSc/SLEPc 3.26 on MPICH when ci/petsc-latest.sh has built it
#      (BUILD_LATEST=1 builds it first, about 40 minutes; otherwise its row says it is
#      not built); VARIANTS="complex" runs only the ones named, VARIANTS="" none (.ci/run
#      runs complex and int64), each a step of its own. Each runs clippy on every target;
#      the tests there are the unit tests and the integration test files of a smoke set
#      (below: SMOKE_TESTS, where the scalar type matters most; INT64_TESTS for 64-bit
#      indices), or all of them with VARIANT_TESTS=all (before a release:
#      `VARIANT_TESTS=all bash ci/test.sh`, or `bash ci/variants.sh`).
#
# Skips: a test that cannot run here (a package this PETSc lacks, complex scalars, a
# part left to another pass) is reported as ignored with its reason, never as passed.
# ci/expected-skips lists, per configuration, the tests that may skip there; this script
# sets PETSC_RS_EXPECTED_SKIPS=real-<Debian's PETSc series> (ci/variants.sh sets
# complex-<series>, int64-<series> or latest), and a skip that is not listed for it fails
# the test, as does one that is listed for "checked-heap" only when PETSC_OPTIONS has no
# -malloc_debug. Unset (a developer's run), every skip is allowed and reported.
#
# TEST_STEPS selects steps (see `want` below): .ci/run's clean Debian 13 root runs
# TEST_STEPS="build clippy test smoke", the last a set of integration test files that
# covers each family (FAMILY_TESTS) under the leak check.
#
# Every step runs even when an earlier one failed (unless the build itself is broken),
# and a summary closes the output. Exits non-zero if any step failed.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1

# Everything the suite needs; the steps that build, lint and run the unit, doc and smoke
# tests need only the C tutorials beside the core packages (.ci/run's Debian 13 root).
deps=--variants
if [[ -n ${TEST_STEPS:-} && -z $(tr ' ' '\n' <<<"$TEST_STEPS" | grep -vxE 'fmt|modules|build|clippy|test|smoke|') ]]; then
    deps=--examples
fi
bash ci/install-deps.sh "$deps" || exit 1

# Three builds (real, complex, 64-bit indices) with their tests take about 15 GB; a full
# disk fails builds and tests with errors that do not say so.
free=$(df --output=avail -BG . | tail -1 | tr -dc 0-9)
if ((free < 10)); then
    echo "ci/test.sh: only ${free} GB free here; the builds need about 15 GB" >&2
    exit 1
fi

# A run builds each crate once per configuration: incremental compilation's caches
# (about 2.5 GB of a debug build) would only take disk. A developer's setting stays.
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"

# OpenMPI refuses to run as root and to start more ranks than cores unless told to.
if [[ $(id -u) -eq 0 ]]; then
    export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
fi
export OMPI_MCA_rmaps_base_oversubscribe=1
# Containers often forbid the cross-memory-attach single copy; fall back quietly.
export OMPI_MCA_btl_vader_single_copy_mechanism="${OMPI_MCA_btl_vader_single_copy_mechanism:-none}"
# The jobs run on this machine: Open MPI's TCP transport pairs the loopback interface
# only (Open MPI 5 fails the pairing of other interfaces now and then, ending a job).
if [[ -z ${OMPI_MCA_btl_tcp_if_include:-}${OMPI_MCA_btl_tcp_if_exclude:-} ]]; then
    export OMPI_MCA_btl_tcp_if_include=lo
fi
# Options from the caller's environment would change what the tests see.
unset PETSC_OPTIONS
# The examples packages are installed above: a comparison with PETSc's or SLEPc's expected
# output must not be skipped for want of them.
export PETSC_RS_REQUIRE_EXAMPLES=1
# The skips this configuration expects (ci/expected-skips): Debian's default PETSc, real
# scalars, of its series (real-3.18 on Debian 12, real-3.22 on Debian 13); any other
# skip fails its test. Set to "" to allow every skip.
SERIES=$(find /usr/lib/petscdir -maxdepth 1 -name 'petsc3.*' -printf '%f\n' 2>/dev/null |
    sed -n 's/^petsc\(3\.[0-9]*\)$/\1/p' | sort -V | tail -1)
# Enforced where a full run has checked the list (ENFORCED_SKIPS); elsewhere every skip
# is allowed and reported as ignored until a run confirms that configuration's lines.
ENFORCED_SKIPS="real-3.18"
default_skips=real-${SERIES:-unknown}
[[ " $ENFORCED_SKIPS " == *" $default_skips "* ]] || default_skips=""
export PETSC_RS_EXPECTED_SKIPS="${PETSC_RS_EXPECTED_SKIPS-$default_skips}"
# tests/build_checks.rs's nested builds (each with another --cfg or feature, so each
# compiles bindgen and the other build dependencies again) keep their target directory
# between runs, as the variants' builds do.
export PETSC_RS_BUILD_CHECKS_TARGET="${PETSC_RS_BUILD_CHECKS_TARGET:-${PETSC_RS_CACHE:-$HOME/.cache/petsc-rs}/target-build-checks}"

LOGDIR=$(mktemp -d "${TMPDIR:-/tmp}/petsc-rs-test.XXXXXX")
trap 'rm -rf "$LOGDIR"' EXIT
# Every MPI start of the suite (many at once) under one Open MPI session base whose
# shared directory is never removed under a starting job, singletons without a daemon
# (ci/mpi-session.sh).
source ci/mpi-session.sh
mpi_session "$LOGDIR/mpi"

declare -a SUMMARY=()
FAILED=0

# step NAME COMMAND...: runs the command, records pass/fail and the time taken.
step() {
    local name=$1
    shift
    printf '\n==> %s: %s\n' "$name" "$*"
    local start=$SECONDS
    if "$@"; then
        SUMMARY+=("$(printf 'ok      %-12s %4ds' "$name" $((SECONDS - start)))")
    else
        SUMMARY+=("$(printf 'FAILED  %-12s %4ds  (%s)' "$name" $((SECONDS - start)) "$*")")
        FAILED=1
    fi
}

# Lines PETSc prints for memory still allocated at PetscFinalize (-malloc_dump) or for a
# corrupted heap (-malloc_debug).
LEAK_PATTERN='\[ *[0-9]+\] *[0-9]+ bytes .*\(\) at |Corrupted memory|PetscMallocValidate|PetscTrFree|Memory not freed'

# leaks_in LOG LABEL: fails, listing them, if LOG holds malloc_dump or corruption lines.
leaks_in() {
    local log=$1 label=$2
    if grep -Eq "$LEAK_PATTERN" "$log"; then
        echo "leak check: PETSc reports unfreed or corrupted memory in $label:"
        grep -E "$LEAK_PATTERN" "$log" | head -40
        return 1
    fi
}

leak_check_tests() {
    local log="$LOGDIR/leak-tests.log" rc=0 opts=${LEAK_TEST_OPTIONS:--malloc_dump}
    PETSC_OPTIONS="$opts" bash ci/test-files.sh 2>&1 | tee "$log"
    rc=${PIPESTATUS[0]}
    leaks_in "$log" "the integration tests" || rc=1
    # Under a checked heap, the test files that skip their longest runs there
    # (petsc_tests::heap_checked) run again with a plain heap.
    if [[ " $opts " == *" -malloc_debug "* || " $opts " == *" -malloc_test "* ]]; then
        local f plain=()
        for f in $(grep -l 'heap_checked()' tests/tests/*/*.rs); do
            plain+=("$(basename "$f" .rs)")
        done
        if ((${#plain[@]} > 0)); then
            bash ci/test-files.sh "${plain[@]}" || rc=1
        fi
    fi
    return "$rc"
}

# The names of the [[example]] targets in examples/Cargo.toml.
example_names() {
    awk '
        /^\[\[example\]\]/ { inex = 1; next }
        /^\[/              { inex = 0 }
        inex && /^[ \t]*name[ \t]*=/ { sub(/^[^=]*=[ \t]*"/, ""); sub(/".*/, ""); print }
    ' examples/Cargo.toml
}

# Small arguments for the leak runs (debug builds); examples not listed run with defaults.
leak_args() {
    case $1 in
        power_grid) echo "--nx 16 --ny 8" ;;
        gwas) echo "--samples 400 --variants 1000 --plant 2" ;;
        ksp_ex2) echo "-m 20 -n 20" ;;
        logistic) echo "--samples 2000 --features 8 --epochs 2 --batch 128" ;;
        t2_fit) echo "--map 12,10 --method both" ;;
        mri_recon) echo "--n 48" ;;
        deep) echo "--samples 600 --hidden1 8 --hidden2 4 --epochs 3 --batch 128 --tao_type nls" ;;
        wave) echo "--nx 40 --ny 24 --length-x 7800 --length-y 4600 --dt 0.05 --steps 80 --absorb-width 6" ;;
        bratu) echo "-nx 16 -ny 16" ;;
        snes_ex9) echo "-snes_grid_sequence 1" ;;
        heat) echo "--nx 24 --ny 24 --t-final 0.01" ;;
        heat_calibrate) echo "--nx 9 --ny 9 --t-final 0.02" ;;
        poisson_mesh) echo "--levels 2" ;;
        rust_types) echo "-ksp_type rs_pipecg -pc_type mg -pc_mg_levels 2 -mg_levels_pc_type rs_jacobi" ;;
        ts_ex45) echo "-dm_plex_simplex 0 -temp_petscspace_degree 2 -ts_type beuler -ts_max_steps 5 -dmts_check -error_view" ;;
        *) echo "" ;;
    esac
}

# The rank counts of the leak runs: 1 and 2, but 1 for the ports of PETSc's serial
# tutorials (they refuse more ranks, as the C originals do).
leak_ranks() {
    case $1 in
        rosenbrock1 | mat_ex18 | ts_ex40 | ts_ex20adj | ts_multirate_ex1) echo "1" ;;
        vec_ex9) echo "2" ;;
        *) echo "1 2" ;;
    esac
}

# leak_run NAME NP: one example's leak run, its output in $LOGDIR/leak-NAME-NP.log.
leak_run() {
    local name=$1 np=$2 args
    read -r -a args <<<"$(leak_args "$name")"
    PETSC_OPTIONS="-malloc_debug -malloc_dump" \
        timeout 600 mpiexec -n "$np" "target/debug/examples/$name" ${args[@]+"${args[@]}"} \
        >"$LOGDIR/leak-$name-$np.log" 2>&1
}

# leak_report NAME NP RC: the verdict on one finished leak run.
leak_report() {
    local name=$1 np=$2 rc=$3 log="$LOGDIR/leak-$1-$2.log"
    echo "leak check: mpiexec -n $np target/debug/examples/$name $(leak_args "$name")" \
        "(PETSC_OPTIONS=-malloc_debug -malloc_dump)"
    if ((rc != 0)); then
        echo "leak check: $name on $np ranks failed (exit $rc):"
        tail -40 "$log"
        return 1
    fi
    leaks_in "$log" "$name on $np ranks"
}

# Every example at its rank counts, TEST_JOBS runs at a time (most of a run is MPI start-up
# and waiting).
leak_check_examples() {
    local rc=0 name np names pid jobs=${TEST_JOBS:-2}
    local -A running=()
    names=$(example_names)
    if [[ -z "$names" ]]; then
        echo "leak check: no examples declared in examples/Cargo.toml"
        return 0
    fi
    cargo build -p petsc-examples --examples || return 1
    for name in $names; do
        for np in $(leak_ranks "$name"); do
            while ((${#running[@]} >= jobs)); do
                wait -n -p pid "${!running[@]}"
                leak_report ${running[$pid]} $? || rc=1
                unset "running[$pid]"
            done
            leak_run "$name" "$np" &
            running[$!]="$name $np"
        done
    done
    while ((${#running[@]} > 0)); do
        wait -n -p pid "${!running[@]}"
        leak_report ${running[$pid]} $? || rc=1
        unset "running[$pid]"
    done
    return "$rc"
}

# petsc4py's and slepc4py's own unit tests, ported (tests/tests/petsc4py and
# tests/tests/slepc4py, slepc4py's demos among them): every file in every build CI
# runs (Debian 12's real, complex and 64-bit-index builds, Debian 13's real build), as
# each case must pass wherever it applies. Their cases are small and batched (one MPI
# job per rank count), so the files take seconds.
PETSC4PY_TESTS=$(cd tests/tests && ls petsc4py/test_*.rs slepc4py/slepc4py_*.rs |
    sed 's|^.*/||; s/\.rs$//' | tr '\n' ' ')

# The integration test files the other PETSc builds run in CI: complex scalars and 64-bit
# indices touch the conversions (scalar, vec, mat, bad_input), the FFTs (fft: complex-to-
# complex with complex scalars), the solvers that are most natural in complex arithmetic
# (SLEPc's), finite elements and meshes, and the tutorial comparisons.
# (`ad`: with complex scalars, that the derivatives say they are unavailable.)
SMOKE_TESTS="scalar vec mat fft bad_input ksp snes ts eps svd pep nep mfn fem plex tutorials slepc_tutorials nep_tutorials bv bv_tutorials rg ad $PETSC4PY_TESTS"
# With 64-bit indices, the files where the index size matters: conversions, layouts,
# index sets and meshes, and the derivatives' index arithmetic (the solvers above them
# are the real build's).
INT64_TESTS="scalar vec mat bad_input is ksp plex fem bv ad ad_vector ad_tao $PETSC4PY_TESTS"

# The integration test files of the smoke step, one or more per family: Vec/Mat/KSP
# (vectors, scatters, Krylov solvers with matrices of every kind), DMDA+SNES (bratu
# against C ex5), DMPlex+FE (finite elements, with TS), TS, TAO (heat_calibrate's
# adjoint gradients through TAO), SLEPc (with SLEPc's tutorials and their outputs), and
# what differs most between PETSc versions: the recovery of solver trees after a failure
# (PETSc 3.22's read locks), the agreement of per-rank checks, and the integers PETSc
# parses itself (hooks on PETSc's own functions); derivatives by automatic
# differentiation (DMDA, vector and TAO forms, and the examples that use them); and
# petsc4py's ported tests.
FAMILY_TESTS="vec is ksp dmda snes bratu fem fem_ts ts calibrate eps slepc_tutorials recovery agreement st_recovery parsed_integers ad ad_tao ad_vector snes_inner heat tao_examples $PETSC4PY_TESTS"

# The unit and doc tests: every doc test is a program of its own (one MPI start each,
# mostly waiting), so they run more at a time than there are cores.
unit_and_doc_tests() {
    cargo test --workspace --no-fail-fast --exclude petsc-tests -- --test-threads="${DOC_TEST_THREADS:-6}"
}

smoke_tests() {
    local files log="$LOGDIR/smoke.log" rc
    read -r -a files <<<"$FAMILY_TESTS"
    PETSC_OPTIONS=-malloc_dump bash ci/test-files.sh "${files[@]}" 2>&1 | tee "$log"
    rc=${PIPESTATUS[0]}
    leaks_in "$log" "the smoke tests" || rc=1
    return "$rc"
}

# TEST_STEPS="clippy test" runs only the steps named, in this order: fmt modules build
# clippy test package docs-nopetsc downstream smoke tests-leaks leaks-examples valgrind
# variants. Unset: all but `build` (clippy and the test steps compile every target),
# `smoke` (its files run in tests-leaks) and `package` (unless RELEASE_CHECKS=1). The
# clean Debian 13 root of .ci/run takes "build clippy test smoke".
want() {
    if [[ -n ${TEST_STEPS:-} ]]; then
        [[ " $TEST_STEPS " == *" $1 "* ]]
    elif [[ $1 == package ]]; then
        [[ ${RELEASE_CHECKS:-0} == 1 ]]
    else
        [[ $1 != build && $1 != smoke ]]
    fi
}

TOTAL_START=$SECONDS
want fmt && step fmt cargo fmt --all -- --check
want modules && step modules bash -c 'python3 ci/module-cycles.py && python3 ci/layer-stats.py'
want build && step build cargo build --workspace --all-targets
want clippy && step clippy cargo clippy --workspace --all-targets -- -D warnings
want test && step test unit_and_doc_tests
want package && step package bash ci/package.sh
want docs-nopetsc && step docs-nopetsc bash ci/docs-without-petsc.sh
# The starter crate builds in the workspace's target directory here, reusing the
# petsc-rs the test step built (its own folder when run alone).
want downstream && step downstream env DOWNSTREAM_TARGET_DIR="$PWD/target" bash ci/downstream.sh
want smoke && step smoke smoke_tests
want tests-leaks && step tests-leaks leak_check_tests
want leaks-examples && step leaks-examples leak_check_examples
want valgrind && step valgrind bash ci/valgrind.sh
read -r -a variants <<<"${VARIANTS-complex int64 latest}"
if want variants; then
    for v in ${variants[@]+"${variants[@]}"}; do
        files=$SMOKE_TESTS
        [[ $v == int64 ]] && files=$INT64_TESTS
        step "variant-$v" env BUILD_LATEST="${BUILD_LATEST:-0}" \
            VARIANT_TESTS="${VARIANT_TESTS-$files}" bash ci/variants.sh "$v"
    done
fi

printf '\n==> summary (%ds)\n' $((SECONDS - TOTAL_START))
printf '  %s\n' "${SUMMARY[@]}"
if ((FAILED)); then
    echo "ci/test.sh: FAILED"
    exit 1
fi
echo "ci/test.sh: all steps passed"
