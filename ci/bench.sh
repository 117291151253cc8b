#!/usr/bin/env bash
# Benchmark: PETSc's C tutorial src/ksp/ksp/tutorials/ex2.c against its Rust port
# (examples/ksp_ex2.rs), same sizes, same solver options, at 1 and 2 ranks.
#
#   bash ci/bench.sh                  # -m 300 -n 300 and -m 600 -n 600, 3 runs each
#   SIZES="300 1000" REPEAT=5 NPS="1 2" bash ci/bench.sh
#
# What is timed, and how (the same in both programs):
#   assembly  wall-clock seconds from an MPI barrier before the MatSetValues loop (one
#             MatSetValues call with ADD_VALUES per matrix entry, as ex2.c does) to the
#             return of MatAssemblyEnd;
#   solve     wall-clock seconds from an MPI barrier before KSPSolve to its return.
# Both are read on rank 0. The Rust port measures with std::time::Instant and prints
# them with -timing. The C original is copied from Debian's examples package to a
# temporary directory and instrumented with PetscTime() at the same four points (the
# patch adds only barriers, timer calls and one PetscPrintf); it is compiled with
# mpicc and PETSc's own C flags (-g -O2) against Debian's PETSc (pkg-config PETSc).
# Runs of C and Rust alternate; each figure is the minimum over REPEAT runs. The ratio
# is Rust / C (below 1 means the Rust port is faster). Both programs must print the
# same "Norm of error ... iterations ..." line; a difference fails the script.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD

SIZES=${SIZES:-"300 600"}
NPS=${NPS:-"1 2"}
REPEAT=${REPEAT:-3}
# Solver configurations: a label, then the options ("" is PETSc's default, GMRES with
# ILU on one rank and block Jacobi/ILU on more).
SOLVERS=("default|" "cg+jacobi|-ksp_type cg -pc_type jacobi")

bash ci/install-deps.sh

# OpenMPI refuses to run as root and to start more ranks than cores unless told to.
if [[ $(id -u) -eq 0 ]]; then
    export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
fi
export OMPI_MCA_rmaps_base_oversubscribe=1
export OMPI_MCA_btl_vader_single_copy_mechanism="${OMPI_MCA_btl_vader_single_copy_mechanism:-none}"
unset PETSC_OPTIONS

EX2_C=${EX2_C:-/usr/share/petsc/3.18/share/petsc/examples/src/ksp/ksp/tutorials/ex2.c}
if [[ ! -f "$EX2_C" ]]; then
    EX2_C=$(find /usr/share/petsc -path '*/ksp/ksp/tutorials/ex2.c' 2>/dev/null | head -1)
fi
if [[ -z "$EX2_C" || ! -f "$EX2_C" ]]; then
    echo "bench: PETSc's ex2.c not found (package libpetsc3.18-dev-examples)" >&2
    exit 1
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/petsc-rs-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# --- the C original, instrumented ---------------------------------------------------
cp "$EX2_C" "$WORK/ex2.c"
# Each edit anchors on one line of ex2.c; check that every anchor was found.
for anchor in 'PetscScalar v;' 'MatGetOwnershipRange(A, &Istart, &Iend));' \
    'MatAssemblyEnd(A, MAT_FINAL_ASSEMBLY));' 'KSPSolve(ksp, b, x));' \
    '"Norm of error %g iterations %" PetscInt_FMT "\n", (double)norm, its));'; do
    if ! grep -qF "$anchor" "$WORK/ex2.c"; then
        echo "bench: $EX2_C has no line with '$anchor'; cannot instrument it" >&2
        exit 1
    fi
done
awk '
    { print }
    index($0, "#include <petscksp.h>") { print "#include <petsctime.h>" }
    index($0, "PetscScalar v;") {
        print "  PetscLogDouble bench_t0, bench_t1, bench_t2, bench_t3; /* bench */"
    }
    index($0, "MatGetOwnershipRange(A, &Istart, &Iend));") {
        print "  PetscCallMPI(MPI_Barrier(PETSC_COMM_WORLD)); /* bench */"
        print "  PetscCall(PetscTime(&bench_t0)); /* bench */"
    }
    index($0, "MatAssemblyEnd(A, MAT_FINAL_ASSEMBLY));") {
        print "  PetscCall(PetscTime(&bench_t1)); /* bench */"
    }
    index($0, "\"Norm of error %g iterations") {
        print "  PetscCall(PetscPrintf(PETSC_COMM_WORLD, \"Timing assembly %.6f solve %.6f\\n\", (double)(bench_t1 - bench_t0), (double)(bench_t3 - bench_t2))); /* bench */"
    }
' "$WORK/ex2.c" >"$WORK/ex2_timed.c"
# KSPSolve needs a line before and one after it.
awk '
    index($0, "KSPSolve(ksp, b, x));") {
        print "  PetscCallMPI(MPI_Barrier(PETSC_COMM_WORLD)); /* bench */"
        print "  PetscCall(PetscTime(&bench_t2)); /* bench */"
        print
        print "  PetscCall(PetscTime(&bench_t3)); /* bench */"
        next
    }
    { print }
' "$WORK/ex2_timed.c" >"$WORK/ex2_bench.c"
echo "bench: compiling $EX2_C (instrumented copy) with mpicc -g -O2"
# shellcheck disable=SC2046 # pkg-config prints several words on purpose
mpicc -g -O2 -o "$WORK/ex2" "$WORK/ex2_bench.c" $(pkg-config --cflags --libs PETSc) -lm

# --- the Rust port ------------------------------------------------------------------
echo "bench: cargo build --release -p petsc-examples --example ksp_ex2"
cargo build --release -p petsc-examples --example ksp_ex2
RUST_EX2="$ROOT/target/release/examples/ksp_ex2"

# run PROGRAM NP ARGS...: prints "assembly solve|norm line", failing if either is missing.
run() {
    local prog=$1 np=$2 out
    shift 2
    out=$(mpiexec -n "$np" "$prog" "$@" -timing 2>&1) || {
        echo "bench: mpiexec -n $np $prog $* failed:" >&2
        echo "$out" >&2
        return 1
    }
    local timing norm
    timing=$(grep -m1 '^Timing assembly' <<<"$out" | awk '{print $3, $5}')
    norm=$(grep -m1 '^Norm of error' <<<"$out" || true)
    if [[ -z "$timing" || -z "$norm" ]]; then
        echo "bench: unexpected output of $prog:" >&2
        echo "$out" >&2
        return 1
    fi
    echo "$timing|$norm"
}

min() { awk -v a="$1" -v b="$2" 'BEGIN { print (a == "" || b + 0 < a + 0) ? b : a }'; }

ROWS=()
MISMATCH=0
for size in $SIZES; do
    for np in $NPS; do
        for solver in "${SOLVERS[@]}"; do
            label=${solver%%|*}
            read -r -a sopts <<<"${solver#*|}"
            c_asm="" c_sol="" r_asm="" r_sol="" c_norm="" r_norm=""
            for ((k = 0; k < REPEAT; k++)); do
                res=$(run "$WORK/ex2" "$np" -m "$size" -n "$size" ${sopts[@]+"${sopts[@]}"})
                read -r a s <<<"${res%%|*}"
                c_norm=${res#*|}
                c_asm=$(min "$c_asm" "$a")
                c_sol=$(min "$c_sol" "$s")
                res=$(run "$RUST_EX2" "$np" -m "$size" -n "$size" ${sopts[@]+"${sopts[@]}"})
                read -r a s <<<"${res%%|*}"
                r_norm=${res#*|}
                r_asm=$(min "$r_asm" "$a")
                r_sol=$(min "$r_sol" "$s")
            done
            same=yes
            if [[ "$c_norm" != "$r_norm" ]]; then
                same=NO
                MISMATCH=1
                echo "bench: outputs differ at -m $size -n $size, $np ranks, $label:"
                echo "  C:    $c_norm"
                echo "  Rust: $r_norm"
            fi
            its=${c_norm##* }
            ROWS+=("$(awk -v sz="${size}x${size}" -v np="$np" -v lb="$label" -v its="$its" \
                -v ca="$c_asm" -v ra="$r_asm" -v cs="$c_sol" -v rs="$r_sol" -v same="$same" \
                'BEGIN { printf "%-9s %2s  %-10s %5s  %9.4f %9.4f %6.3f   %9.4f %9.4f %6.3f  %s",
                    sz, np, lb, its, ca, ra, ra / ca, cs, rs, rs / cs, same }')")
            echo "bench: done ${size}x${size}, $np ranks, $label"
        done
    done
done

echo
echo "ex2: 2D Laplacian, times in seconds (minimum of $REPEAT runs), ratio = Rust / C"
printf '%-9s %2s  %-10s %5s  %9s %9s %6s   %9s %9s %6s  %s\n' \
    grid np solver its "C asm" "Rust asm" ratio "C solve" "Rust sol" ratio "same output"
printf '%s\n' "${ROWS[@]}"
if ((MISMATCH)); then
    echo "bench: the Rust port's output differs from ex2.c's (see above)" >&2
    exit 1
fi
