#!/usr/bin/env bash
# Benchmark: PETSc's C tutorial src/snes/tutorials/ex5.c (run with -mms 0) against the
# Rust example examples/bratu.rs, same grid, same solver options, at 1 and 2 ranks.
#
#   bash ci/bench-bratu.sh                      # 512 x 512, 3 runs of each
#   SIZES="512 1024" REPEAT=5 NPS="1 2" bash ci/bench-bratu.sh    # the issue's full table
#   CONFIGS=cg+gamg bash ci/bench-bratu.sh      # only one solver configuration
#
# What is compared (read from PETSc's own -log_view in both programs, so both are timed
# by the same code): the maximum over ranks of the time in the SNESSolve event (the
# whole nonlinear solve: residuals, Jacobians, linear solves) and in the
# SNESFunctionEval event (every residual evaluation: the halo exchange and the local
# function). Each figure is the minimum over REPEAT runs; C and Rust runs alternate.
# The ratio is Rust / C (below 1: Rust faster). Both programs must take the same
# number of Newton iterations and the same total number of linear iterations (from
# -snes_converged_reason and -ksp_converged_reason); a difference fails the script.
#
# Solver configurations: PETSc's default (newtonls + GMRES + ILU(0) on one rank, block
# Jacobi/ILU on more) and "-snes_type newtonls -ksp_type cg -pc_type gamg".
#
# ex5.c is copied unchanged from Debian's examples package (libpetsc3.18-dev-examples)
# and compiled with mpicc -O2 against Debian's PETSc (pkg-config PETSc); the Rust
# example is built with cargo --release. The machine's load average is printed first:
# on a shared machine, rerun before trusting a ratio far from 1.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD

SIZES=${SIZES:-"512"}
NPS=${NPS:-"1 2"}
REPEAT=${REPEAT:-3}
# CONFIGS picks among them by label (the default solver takes minutes at 512 x 512).
CONFIGS=${CONFIGS:-"default cg+gamg"}
SOLVERS=()
for s in "default|" "cg+gamg|-snes_type newtonls -ksp_type cg -pc_type gamg"; do
    if [[ " $CONFIGS " == *" ${s%%|*} "* ]]; then
        SOLVERS+=("$s")
    fi
done

if [[ -z "${BENCH_NO_DEPS:-}" ]]; then
    bash ci/install-deps.sh
fi

if [[ $(id -u) -eq 0 ]]; then
    export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
fi
export OMPI_MCA_rmaps_base_oversubscribe=1
export OMPI_MCA_btl_vader_single_copy_mechanism="${OMPI_MCA_btl_vader_single_copy_mechanism:-none}"
unset PETSC_OPTIONS

EX5_C=${EX5_C:-/usr/share/petsc/3.18/share/petsc/examples/src/snes/tutorials/ex5.c}
if [[ ! -f "$EX5_C" ]]; then
    EX5_C=$(find /usr/share/petsc -path '*/snes/tutorials/ex5.c' 2>/dev/null | head -1)
fi
if [[ -z "$EX5_C" || ! -f "$EX5_C" ]]; then
    echo "bench-bratu: PETSc's ex5.c not found (package libpetsc3.18-dev-examples)" >&2
    exit 1
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/petsc-rs-bench-bratu.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

cp "$EX5_C" "$WORK/ex5.c"
echo "bench-bratu: compiling $EX5_C with mpicc -O2"
# shellcheck disable=SC2046 # pkg-config prints several words on purpose
mpicc -O2 -o "$WORK/ex5" "$WORK/ex5.c" $(pkg-config --cflags --libs PETSc) -lm
C_EX5="$WORK/ex5"

echo "bench-bratu: cargo build --release -p petsc-examples --example bratu"
cargo build --release -p petsc-examples --example bratu
RUST_BRATU="${CARGO_TARGET_DIR:-$ROOT/target}/release/examples/bratu"

# run PROGRAM NP ARGS...: prints "solve_time feval_time newton_its linear_its".
run() {
    local prog=$1 np=$2 out
    shift 2
    out=$(mpiexec -n "$np" "$prog" "$@" -log_view -snes_converged_reason \
        -ksp_converged_reason 2>&1) || {
        echo "bench-bratu: mpiexec -n $np $prog $* failed:" >&2
        echo "$out" | tail -30 >&2
        return 1
    }
    # -log_view event lines: name, count (max, ratio), time (max, ratio), ...
    local solve feval its lits
    solve=$(awk '$1 == "SNESSolve" { print $4; exit }' <<<"$out")
    feval=$(awk '$1 == "SNESFunctionEval" { print $4; exit }' <<<"$out")
    its=$(grep -m1 'Nonlinear solve' <<<"$out" | awk '{ print $NF }')
    lits=$(grep 'Linear solve' <<<"$out" | awk '{ s += $NF } END { print s + 0 }')
    if [[ -z "$solve" || -z "$feval" || -z "$its" ]] ||
        ! grep -q 'Nonlinear solve converged' <<<"$out"; then
        echo "bench-bratu: unexpected output of $prog $*:" >&2
        echo "$out" | head -40 >&2
        return 1
    fi
    echo "$solve $feval $its $lits"
}

min() { awk -v a="$1" -v b="$2" 'BEGIN { print (b == "" || a + 0 < b + 0) ? a : b }'; }

echo "bench-bratu: load average $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
printf '\n%-10s %3s %-8s %9s %9s | %9s %9s %6s | %9s %9s %6s\n' \
    grid np solver newton linear "solve C" "Rust" ratio "feval C" "Rust" ratio
FAILED=0
for n in $SIZES; do
    for np in $NPS; do
        for s in "${SOLVERS[@]}"; do
            label=${s%%|*}
            opts=${s#*|}
            # shellcheck disable=SC2206 # the options are words on purpose
            extra=($opts)
            cs="" cf="" rs="" rf="" cits="" rits=""
            for ((r = 0; r < REPEAT; r++)); do
                read -r t f i l < <(run "$C_EX5" "$np" -mms 0 -par 6.0 -da_grid_x "$n" \
                    -da_grid_y "$n" ${extra[@]+"${extra[@]}"}) || exit 1
                cs=$(min "$t" "$cs") cf=$(min "$f" "$cf") cits="$i $l"
                read -r t f i l < <(run "$RUST_BRATU" "$np" -lambda 6.0 -nx "$n" -ny "$n" \
                    ${extra[@]+"${extra[@]}"}) || exit 1
                rs=$(min "$t" "$rs") rf=$(min "$f" "$rf") rits="$i $l"
            done
            if [[ "$cits" != "$rits" ]]; then
                echo "bench-bratu: iteration counts differ at $n x $n, $np ranks, $label:" \
                    "C (newton linear) $cits, Rust $rits" >&2
                FAILED=1
            fi
            read -r ci cl <<<"$cits"
            printf '%-10s %3s %-8s %9s %9s | %9.4f %9.4f %6.3f | %9.4f %9.4f %6.3f\n' \
                "${n}x${n}" "$np" "$label" "$ci" "$cl" "$cs" "$rs" \
                "$(awk -v a="$rs" -v b="$cs" 'BEGIN { print a / b }')" "$cf" "$rf" \
                "$(awk -v a="$rf" -v b="$cf" 'BEGIN { print a / b }')"
        done
    done
done
echo "bench-bratu: load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"
exit "$FAILED"
