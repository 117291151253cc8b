#!/usr/bin/env bash
# Builds the workspace against each PETSc variant and runs the test suite there, then
# prints a table, variant by variant:
#
#   real     Debian's PETSc/SLEPc (3.18 on Debian 12, 3.22 on Debian 13), real scalars,
#            32-bit indices (the default build)
#   complex  Debian's complex build (libpetsc-complex-dev, libslepc-complex-dev)
#   int64    Debian's 64-bit-index build (libpetsc64-real-dev, libslepc64-real-dev)
#   latest   PETSc/SLEPc 3.26 from PyPI, built against MPICH by ci/petsc-latest.sh in
#            $PETSC_RS_CACHE (default ~/.cache/petsc-rs), reused when present
#
#   bash ci/variants.sh                  # complex int64 latest
#   bash ci/variants.sh real complex     # chosen variants
#   BUILD_LATEST=0 bash ci/variants.sh   # skip `latest` unless it is already built
#
# Each variant has its own target directory ($PETSC_RS_CACHE/target-<variant>, the real
# one uses target/) and runs: cargo clippy --workspace --all-targets -- -D warnings
# (which compiles every target, without linking the programs the tests below do not
# run; VARIANT_BUILD=1 also builds them all); cargo test of every package but
# petsc-tests (doc tests are written for real scalars: never on complex; on int64, where
# they repeat the default build's, only with VARIANT_DOCTESTS=1); then the integration
# test files (ci/test-files.sh, several files at a time), which start their own mpiexec
# runs at 2 and 3 ranks with the variant's MPI; a test that skips where
# ci/expected-skips does not list it for the variant (complex-3.18, int64-3.18, real-3.22,
# latest, ...; PETSC_RS_EXPECTED_SKIPS) fails.
# VARIANT_TESTS="vec mat ..." runs the unit tests and only those integration test files
# (ci/test.sh's smoke set in CI); unset or "all", every test.
# Exits non-zero if any variant failed.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1

CACHE="${PETSC_RS_CACHE:-$HOME/.cache/petsc-rs}"
BUILD_LATEST="${BUILD_LATEST:-1}"
if (($# > 0)); then
    VARIANTS=("$@")
else
    VARIANTS=(complex int64 latest)
fi

if [[ $(id -u) -eq 0 ]]; then
    export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
fi
export OMPI_MCA_rmaps_base_oversubscribe=1
export OMPI_MCA_btl_vader_single_copy_mechanism="${OMPI_MCA_btl_vader_single_copy_mechanism:-none}"
unset PETSC_OPTIONS PETSC_DIR PETSC_ARCH SLEPC_DIR MPICC MPIEXEC

LOGDIR=$(mktemp -d "${TMPDIR:-/tmp}/petsc-rs-variants.XXXXXX")
trap 'rm -rf "$LOGDIR"' EXIT
declare -a ROWS=()
FAILED=0

# Debian's PETSc series (3.18 on Debian 12, 3.22 on Debian 13) and its architecture
# folder names, for the complex and 64-bit-index builds beside the default one.
SERIES=$(find /usr/lib/petscdir -maxdepth 1 -name 'petsc3.*' -printf '%f\n' 2>/dev/null |
    sed -n 's/^petsc\(3\.[0-9]*\)$/\1/p' | sort -V | tail -1)
ARCH=$(gcc -dumpmachine 2>/dev/null || echo x86_64-linux-gnu)

# The environment of a variant, as `NAME=value` words; fails if it is not installed.
variant_env() {
    case $1 in
        real)
            echo "CARGO_TARGET_DIR=$PWD/target"
            ;;
        complex)
            local p=/usr/lib/petscdir/petsc$SERIES/$ARCH-complex
            local s=/usr/lib/slepcdir/slepc$SERIES/$ARCH-complex
            [[ -n $SERIES && -d $p && -d $s ]] || return 1
            echo "PETSC_DIR=$p SLEPC_DIR=$s CARGO_TARGET_DIR=$CACHE/target-complex"
            ;;
        int64)
            local p=/usr/lib/petscdir/petsc64-$SERIES/$ARCH-real
            local s=/usr/lib/slepcdir/slepc64-$SERIES/$ARCH-real
            [[ -n $SERIES && -d $p && -d $s ]] || return 1
            echo "PETSC_DIR=$p SLEPC_DIR=$s CARGO_TARGET_DIR=$CACHE/target-int64"
            ;;
        latest)
            local dirs
            if [[ $BUILD_LATEST == 0 ]]; then
                dirs=$(PETSC_RS_REUSE_ONLY=1 bash ci/petsc-latest.sh) || return 1
            else
                dirs=$(bash ci/petsc-latest.sh) || return 1
            fi
            # MPICH's compiler wrapper for rsmpi, and its launcher for the tests.
            echo "$(echo "$dirs" | tr '\n' ' ') MPICC=mpicc.mpich MPIEXEC=mpiexec.mpich" \
                "CARGO_TARGET_DIR=$CACHE/target-latest"
            ;;
        *)
            echo "variants: unknown variant $1 (real, complex, int64, latest)" >&2
            return 2
            ;;
    esac
}

# The value of `KEY` in a variant's environment words.
env_value() { tr ' ' '\n' <<<"$1" | sed -n "s/^$2=//p"; }

# "version scalar index" of the PETSc a variant built against, from petsc-sys's metadata.
describe_build() {
    local target=$1 out
    out=$(ls -t "$target"/debug/build/petsc-sys-*/output 2>/dev/null | head -1)
    [[ -n $out ]] || return 0
    local v s b
    v=$(sed -n 's/^cargo:version=//p' "$out" | tail -1)
    s=$(sed -n 's/^cargo:scalar=//p' "$out" | tail -1)
    b=$(sed -n 's/^cargo:index_bits=//p' "$out" | tail -1)
    echo "$v $s ${b}-bit"
}

# Sums the closing lines of libtest (and of the petsc-tests harness): "passed failed".
count_tests() {
    awk '/^test result: /{
            for (i = 1; i <= NF; i++) {
                if ($(i+1) ~ /^passed/) p += $i
                if ($(i+1) ~ /^failed/) f += $i
            }
        } END { printf "%d %d", p, f }' "$1"
}

# The configuration of ci/expected-skips whose skips the tests of a variant may make.
skips_of() {
    local c
    case $1 in
        latest) c=latest ;;
        *) c="$1-${SERIES:-unknown}" ;;
    esac
    # Only configurations a full run has confirmed (ENFORCED_SKIPS, space-separated)
    # fail on a skip their list lacks; the others report every skip as ignored.
    [[ " ${ENFORCED_SKIPS:-} " == *" $c "* ]] && echo "$c"
    return 0
}

run_variant() {
    local name=$1 envs log start rc=0 stage=ok
    log="$LOGDIR/$name.log"
    start=$SECONDS
    printf '\n==> variant %s\n' "$name"
    if ! envs=$(variant_env "$name"); then
        ROWS+=("$(printf '%-8s %-52s %-9s %-7s %-14s %6s %6s %6ss  %s' "$name" "-" "-" "-" "-" "-" "-" "0" \
            "not installed (see ci/install-deps.sh, ci/petsc-latest.sh)")")
        [[ $name == latest && $BUILD_LATEST == 0 ]] || FAILED=1
        return
    fi
    echo "    $envs"
    # The unit and doc tests of every package but petsc-tests, whose integration test
    # files ci/test-files.sh runs (several at a time) after them.
    local doc=(--workspace --exclude petsc-tests --no-fail-fast)
    # Doc tests are written for real scalars (complex cannot run them), and with 64-bit
    # indices they repeat the real build's; VARIANT_DOCTESTS=1 runs them there too.
    if [[ $name == complex || ($name == int64 && ${VARIANT_DOCTESTS:-0} != 1) ]]; then
        doc+=(--lib --bins --tests --examples)
    fi
    local chosen="${VARIANT_TESTS:-all}" files=()
    if [[ $chosen != all ]]; then
        # The unit tests of every package, then the chosen integration test files.
        doc=(--workspace --exclude petsc-tests --no-fail-fast --lib --bins)
        read -r -a files <<<"$chosen"
    fi
    : >"$log"
    # shellcheck disable=SC2086
    if [[ ${VARIANT_BUILD:-0} == 1 ]] && ! env $envs cargo build --workspace --all-targets >>"$log" 2>&1; then
        stage="build failed"
        rc=1
    elif ! env $envs cargo clippy --workspace --all-targets -- -D warnings >>"$log" 2>&1; then
        stage="clippy failed"
        rc=1
    elif ! env $envs cargo test "${doc[@]}" >>"$log" 2>&1; then
        stage="tests failed"
        rc=1
    elif ! env $envs PETSC_RS_EXPECTED_SKIPS="$(skips_of "$name")" \
        bash ci/test-files.sh ${files[@]+"${files[@]}"} >>"$log" 2>&1; then
        stage="tests failed"
        rc=1
    fi
    [[ $chosen == all || $rc -ne 0 ]] || stage="ok (tests: unit and $(wc -w <<<"$chosen") files)"
    local counts passed failed what mpi
    counts=$(count_tests "$log")
    passed=${counts% *}
    failed=${counts#* }
    what=$(describe_build "$(env_value "$envs" CARGO_TARGET_DIR)")
    mpi="Open MPI"
    [[ $(env_value "$envs" MPICC) == *mpich* ]] && mpi=MPICH
    ROWS+=("$(printf '%-8s %-52s %-9s %-7s %-14s %6s %6s %6ss  %s' "$name" \
        "$(env_value "$envs" PETSC_DIR | sed "s|$HOME|~|")" \
        "$(cut -d' ' -f1 <<<"$what")" "$(cut -d' ' -f2 <<<"$what")" \
        "$(cut -d' ' -f3 <<<"$what") / $mpi" "$passed" "$failed" $((SECONDS - start)) "$stage")")
    if ((rc)); then
        FAILED=1
        echo "variant $name: $stage; the end of its log:"
        grep -E '^(error|test .*FAILED|failures:|    [a-z_]+$)|panicked' "$log" | head -40
        tail -30 "$log"
    else
        echo "variant $name: ok ($passed passed)"
    fi
}

for v in "${VARIANTS[@]}"; do
    run_variant "$v"
done

printf '\n==> variants\n'
printf '%-8s %-52s %-9s %-7s %-14s %6s %6s %7s  %s\n' variant PETSC_DIR version scalar "index / MPI" passed failed time result
printf '%s\n' "${ROWS[@]}"
if ((FAILED)); then
    echo "ci/variants.sh: FAILED"
    exit 1
fi
echo "ci/variants.sh: all variants passed"
