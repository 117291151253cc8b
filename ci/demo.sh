#!/usr/bin/env bash
# Builds the main demo, the power-grid solve (examples/power_grid.rs), in release
# mode and runs it on two MPI ranks (`cargo build --release -p petsc-examples --examples`
# builds all the others). Installs missing system packages first (ci/install-deps.sh).
#
#   bash ci/demo.sh                      # mpiexec -n 2 .../power_grid
#   NP=4 bash ci/demo.sh -ksp_monitor    # other rank count; extra PETSc options
#   DEMO_PROFILE=dev bash ci/demo.sh     # the debug build instead (what ci/test.sh's
#                                        # build step made: .ci/run's Debian 13 root)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash ci/install-deps.sh

# OpenMPI refuses to run as root and to start more ranks than cores unless told to.
if [[ $(id -u) -eq 0 ]]; then
    export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
fi
export OMPI_MCA_rmaps_base_oversubscribe=1
# Containers often forbid the cross-memory-attach single copy; fall back quietly.
export OMPI_MCA_btl_vader_single_copy_mechanism="${OMPI_MCA_btl_vader_single_copy_mechanism:-none}"

PROFILE="${DEMO_PROFILE:-release}"
DIR=$PROFILE
[[ $PROFILE == dev ]] && DIR=debug
echo "demo: cargo build --profile $PROFILE -p petsc-examples --example power_grid"
cargo build --profile "$PROFILE" -p petsc-examples --example power_grid

NP="${NP:-2}"
echo "demo: mpiexec -n $NP target/$DIR/examples/power_grid $*"
exec mpiexec -n "$NP" "target/$DIR/examples/power_grid" "$@"
