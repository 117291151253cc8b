#!/usr/bin/env bash
# Builds the documentation of the published crates (petsc-sys, petsc-rs, slepc-sys,
# slepc-rs) as docs.rs does, on a machine where no PETSc and no SLEPc can be found:
#
#   1. hides them from discovery (petsc-sys-build's probe): PETSC_DIR, PETSC_ARCH and
#      SLEPC_DIR unset, PKG_CONFIG_PATH and PKG_CONFIG_LIBDIR empty (no .pc file in
#      sight), PETSC_RS_DEBIAN_ROOT pointing at an empty directory (so Debian's
#      /usr/lib/petsc, /usr/lib/slepc and /usr/lib/slepcdir are looked for there). MPI
#      stays: docs.rs's build image has Open MPI, and rsmpi's build needs it;
#   2. runs `DOCS_RS=1 cargo doc --no-deps -p petsc-sys -p petsc-rs -p slepc-sys -p slepc-rs`
#      there, in its own target directory: the -sys crates' build scripts take the
#      bindings in pregenerated/ (ci/pregenerate-bindings.sh) and compile and link nothing;
#   3. checks that each crate's pages were written;
#   4. proves the hiding: in the same environment without DOCS_RS, petsc-sys's build
#      script must fail with "could not find PETSc" (SLEPc's search reads the same
#      variables and places, and only runs after PETSc's).
#
# DOCS_TARGET_DIR sets the target directory (default target/docs-without-petsc).
# Exits non-zero if the documentation build fails or PETSc was still in sight.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1

TARGET=${DOCS_TARGET_DIR:-$PWD/target/docs-without-petsc}
EMPTY=$(mktemp -d "${TMPDIR:-/tmp}/no-petsc.XXXXXX")
LOG=$(mktemp "${TMPDIR:-/tmp}/docs-without-petsc.XXXXXX")
trap 'rm -rf "$EMPTY" "$LOG"' EXIT

hidden=(env -u PETSC_DIR -u PETSC_ARCH -u SLEPC_DIR -u DOCS_RS
    PKG_CONFIG_PATH= PKG_CONFIG_LIBDIR= PETSC_RS_DEBIAN_ROOT="$EMPTY"
    CARGO_TARGET_DIR="$TARGET")

echo "docs-without-petsc: PETSc and SLEPc hidden (PETSC_DIR, SLEPC_DIR unset; empty pkg-config path;"
echo "  PETSC_RS_DEBIAN_ROOT=$EMPTY); target directory $TARGET"
echo "docs-without-petsc: DOCS_RS=1 cargo doc --no-deps -p petsc-sys -p petsc-rs -p slepc-sys -p slepc-rs"
"${hidden[@]}" DOCS_RS=1 cargo doc --no-deps \
    -p petsc-sys -p petsc-rs -p slepc-sys -p slepc-rs >"$LOG" 2>&1
rc=$?
grep -Ev '^ *(Compiling|Checking|Documenting|Fresh) ' "$LOG"
if ((rc != 0)); then
    echo "docs-without-petsc: FAILED: cargo doc did not succeed without PETSc (output above)" >&2
    exit 1
fi

missing=0
for page in petsc_sys/index.html petsc_sys/fn.KSPSolve.html petsc/index.html petsc/struct.Ksp.html \
    slepc_sys/index.html slepc_sys/fn.EPSSolve.html slepc/index.html slepc/struct.Eps.html; do
    if [[ ! -f $TARGET/doc/$page ]]; then
        echo "docs-without-petsc: FAILED: $TARGET/doc/$page was not written" >&2
        missing=1
    fi
done
((missing)) && exit 1
echo "docs-without-petsc: pages written under $TARGET/doc (petsc_sys, petsc, slepc_sys, slepc)"

# Without DOCS_RS the same environment must find no PETSc: otherwise the build above
# proved nothing.
echo "docs-without-petsc: the same environment without DOCS_RS: cargo check -p petsc-sys (must fail)"
if "${hidden[@]}" cargo check -p petsc-sys >"$LOG" 2>&1; then
    echo "docs-without-petsc: FAILED: petsc-sys found a PETSc in the hidden environment" >&2
    exit 1
fi
if ! grep -q 'could not find PETSc. Places tried:' "$LOG"; then
    tail -30 "$LOG" >&2
    echo "docs-without-petsc: FAILED: petsc-sys failed for another reason than finding no PETSc (above)" >&2
    exit 1
fi
grep -E '^ *[0-9]\. ' "$LOG" | sed 's/^ */  /'
echo "docs-without-petsc: ok (documentation built with no PETSc or SLEPc in sight)"
