#!/usr/bin/env bash
# Builds PETSc's C tutorial src/ksp/ksp/tutorials/ex2.c, copied from Debian's examples
# package, with timers at the same four points as examples/ksp_ex2.rs's -timing:
#
#   assembly  from an MPI barrier before the MatSetValues loop to the return of
#             MatAssemblyEnd;
#   solve     from an MPI barrier before KSPSolve to its return;
#
# printed as "Timing assembly A solve S" before the "Norm of error" line. The edits add
# only barriers, PetscTime() calls and one PetscPrintf; each anchors on one line of
# ex2.c and the script fails when an anchor is missing. Compiled with mpicc -O2 against
# pkg-config PETSc.
#
#   bash ci/bench/ex2-timed.sh OUT      # writes the executable OUT (and OUT.c)
set -euo pipefail
OUT=${1:?usage: ex2-timed.sh OUT}
EX2_C=${EX2_C:-$(find /usr/share/petsc -path '*/ksp/ksp/tutorials/ex2.c' 2>/dev/null | head -1)}
if [[ -z "$EX2_C" || ! -f "$EX2_C" ]]; then
    echo "ex2-timed: PETSc's ex2.c not found (package libpetsc<S>-dev-examples)" >&2
    exit 1
fi
for anchor in '#include <petscksp.h>' 'PetscScalar v;' \
    'MatGetOwnershipRange(A, &Istart, &Iend));' 'MatAssemblyEnd(A, MAT_FINAL_ASSEMBLY));' \
    'KSPSolve(ksp, b, x));' '"Norm of error %g iterations'; do
    if ! grep -qF "$anchor" "$EX2_C"; then
        echo "ex2-timed: $EX2_C has no line with '$anchor'; cannot instrument it" >&2
        exit 1
    fi
done
awk '
    index($0, "KSPSolve(ksp, b, x));") {
        print "  PetscCallMPI(MPI_Barrier(PETSC_COMM_WORLD)); /* bench */"
        print "  PetscCall(PetscTime(&bench_t2)); /* bench */"
        print
        print "  PetscCall(PetscTime(&bench_t3)); /* bench */"
        next
    }
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
' "$EX2_C" >"$OUT.c"
# shellcheck disable=SC2046 # pkg-config prints several words on purpose
mpicc -O2 -o "$OUT" "$OUT.c" $(pkg-config --cflags --libs PETSc) -lm
