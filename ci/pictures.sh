#!/usr/bin/env bash
# Builds the examples in release mode and draws the pictures of the documentation: one
# per workshop example, written by the example's own --plot into docs/images/<name>.png,
# at the sizes the README and docs/ show (about 1 MB in all).
#
#   bash ci/pictures.sh            # every picture, each example on 2 ranks
#   NP=4 bash ci/pictures.sh wave  # only some examples, on other rank counts
#
# The pictures do not depend on the rank count (the examples' data are made per global
# index), so regenerating them changes them only when an example or the plotting does.
# They need the DejaVu Sans font (fonts-dejavu-core, see ci/install-deps.sh).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [[ $(id -u) -eq 0 ]]; then
    export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
fi
export OMPI_MCA_rmaps_base_oversubscribe=1
export OMPI_MCA_btl_vader_single_copy_mechanism="${OMPI_MCA_btl_vader_single_copy_mechanism:-none}"

NP="${NP:-2}"
BIN="${CARGO_TARGET_DIR:-target}/release/examples"
OUT=docs/images

# name | the flags of its run (the picture's --plot is added)
RUNS=(
    "power_grid|--fail-line 20,10,E"
    "gwas|--plant 3"
    "t2_fit|--map 96,64"
    "bridge|--no-damped"
    "bratu|-nx 64 -ny 64"
    "wave|"
    "heat|--mode2 0.5 --t-final 0.01"
    "logistic|--samples 50000"
    "deep|"
    "poisson_mesh|--levels 2"
    "mri_recon|--n 256"
    "tracers|--turns 2 --steps 800"
)

echo "pictures: cargo build --release -p petsc-examples --examples"
cargo build --release -p petsc-examples --examples
mkdir -p "$OUT"

for run in "${RUNS[@]}"; do
    name="${run%%|*}"
    flags="${run#*|}"
    if [[ $# -gt 0 && " $* " != *" $name "* ]]; then
        continue
    fi
    echo "pictures: mpiexec -n $NP $BIN/$name $flags --plot $OUT/$name.png"
    # shellcheck disable=SC2086 # the flags are words
    mpiexec -n "$NP" "$BIN/$name" $flags --plot "$OUT/$name.png" > /dev/null
done
du -ch "$OUT"/*.png | tail -n 1
