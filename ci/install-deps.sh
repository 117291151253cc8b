#!/usr/bin/env bash
# Installs the system packages petsc-rs needs on Debian/Ubuntu, if any are missing:
# PETSc and SLEPc (headers, libraries, OpenMPI), libclang for bindgen, pkg-config,
# PETSc's example sources (used by ci/bench.sh), the complex and 64-bit-index builds of
# PETSc/SLEPc and MPICH (the variants of ci/variants.sh and the build checks), iproute2
# (the two-host test's network namespaces) and python3-venv (ci/petsc-latest.sh).
# Idempotent: when everything is present it only runs dpkg-query and returns.
#
# Runs as root, or through sudo when not root. Rust itself is not installed here: the
# script only checks that `cargo` (from rustup) is on PATH, with rustfmt and clippy.
set -euo pipefail

PACKAGES=(petsc-dev slepc-dev libclang-dev pkg-config libpetsc3.18-dev-examples
    libpetsc-complex-dev libslepc-complex-dev libpetsc64-real-dev libslepc64-real-dev
    libmpich-dev iproute2 python3-venv)

say() { printf 'install-deps: %s\n' "$*"; }

missing=()
for pkg in "${PACKAGES[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
    if [[ "$status" != "install ok installed" ]]; then
        missing+=("$pkg")
    fi
done
# bindgen's C shim and mpicc need a C compiler; fresh container images often lack one.
if ! command -v cc >/dev/null 2>&1; then
    missing+=(build-essential)
fi

if ((${#missing[@]} > 0)); then
    if ! command -v apt-get >/dev/null 2>&1; then
        say "missing packages: ${missing[*]}, and apt-get is not available."
        say "Install PETSc and SLEPc yourself and set PETSC_DIR/PETSC_ARCH (see docs/install.md)."
        exit 1
    fi
    if [[ $(id -u) -eq 0 ]]; then
        SUDO=()
    elif command -v sudo >/dev/null 2>&1; then
        SUDO=(sudo)
    else
        say "missing packages: ${missing[*]}; run this script as root or install sudo."
        exit 1
    fi
    say "installing ${missing[*]}"
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    say "installed ${missing[*]}"
else
    say "system packages present (${PACKAGES[*]})"
fi

if ! command -v cargo >/dev/null 2>&1; then
    if [[ -x "$HOME/.cargo/bin/cargo" ]]; then
        say "cargo is in $HOME/.cargo/bin but not on PATH: run 'source \"\$HOME/.cargo/env\"' first."
    else
        say "cargo not found. Install Rust with rustup (https://rustup.rs):"
        say "  curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh"
    fi
    exit 1
fi

# rustfmt and clippy are needed by ci/test.sh; add them when rustup manages the toolchain.
if command -v rustup >/dev/null 2>&1; then
    for comp in rustfmt clippy; do
        if ! cargo "${comp/rustfmt/fmt}" --version >/dev/null 2>&1; then
            say "adding the rustup component $comp"
            rustup component add "$comp" >/dev/null
        fi
    done
fi
