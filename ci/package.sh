#!/usr/bin/env bash
# Packages the published crates in dependency order, as `cargo publish` would upload
# them, and builds each from its package:
#
#   petsc-sys-build, petsc-sys, petsc-rs, slepc-sys, slepc-rs
#
# 1. their metadata (cargo metadata): description, license, repository, readme,
#    documentation (docs.rs), keywords, categories, rust-version, `links` for the -sys
#    crates, docs.rs settings; petsc-examples and petsc-tests are `publish = false`;
# 2. `cargo package --offline -p` all five at once. None is on crates.io yet, so a
#    dependent cannot be verified against the registry: cargo packages them in
#    dependency order into a temporary local registry and verifies each package (an
#    ordinary build of the unpacked .crate, its build script finding PETSc and SLEPc as
#    usual) against the packages of the others, never against the workspace's sources.
#    A file the build needs but the package lacks fails here;
# 3. each package holds its README (and the -sys crates their pregenerated/ bindings
#    for docs.rs).
#
# Offline: dependencies come from the local registry cache. `cargo publish --dry-run`
# asks the registry's index about published versions, so it needs the network and is
# left out; PUBLISH_DRY_RUN=1 runs it too (without verification, done in step 2).
# --allow-dirty: the step checks the packages, whatever git's state; publish from a
# clean checkout.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1

CRATES=(petsc-sys-build petsc-sys petsc-rs slepc-sys slepc-rs)
# The packages are built in a target directory of their own: cargo takes a registry
# package of a known name and version as unchanged, so its build there is reused even
# when the package's contents changed. This project's crates are rebuilt every time
# (their fingerprints go), their dependencies are not.
export CARGO_TARGET_DIR="${PACKAGE_TARGET_DIR:-$PWD/target/package-verify}"
for c in "${CRATES[@]}"; do
    rm -rf "$CARGO_TARGET_DIR"/debug/.fingerprint/"$c"-* "$CARGO_TARGET_DIR"/debug/build/"$c"-*
done
pkgs=()
for c in "${CRATES[@]}"; do pkgs+=(-p "$c"); done

echo "package: metadata of ${CRATES[*]}"
if ! cargo metadata --offline --format-version 1 --no-deps >"${TMPDIR:-/tmp}/package-meta.$$.json"; then
    echo "package: FAILED: cargo metadata" >&2
    exit 1
fi
TARGET=$(python3 - "${TMPDIR:-/tmp}/package-meta.$$.json" "${CRATES[@]}" <<'PY'
import json, sys
meta = json.load(open(sys.argv[1]))
published = sys.argv[2:]
pkgs = {p["name"]: p for p in meta["packages"]}
bad = []
for name in published:
    p = pkgs.get(name)
    if p is None:
        bad.append(f"{name}: not a workspace member")
        continue
    for field in ("description", "license", "repository", "readme", "documentation", "rust_version"):
        if not p.get(field):
            bad.append(f"{name}: no {field.replace('_', '-')}")
    if p.get("documentation") and p["documentation"] != f"https://docs.rs/{name}":
        bad.append(f"{name}: documentation is {p['documentation']}, not https://docs.rs/{name}")
    if not 1 <= len(p.get("keywords", [])) <= 5:
        bad.append(f"{name}: {len(p.get('keywords', []))} keywords (1 to 5)")
    if not 1 <= len(p.get("categories", [])) <= 5:
        bad.append(f"{name}: {len(p.get('categories', []))} categories (1 to 5)")
    if p.get("publish") == []:
        bad.append(f"{name}: publish = false")
    if name.endswith("-sys") and not p.get("links"):
        bad.append(f"{name}: no links")
    if ((p.get("metadata") or {}).get("docs") or {}).get("rs") is None:
        bad.append(f"{name}: no [package.metadata.docs.rs]")
for name, p in pkgs.items():
    if name not in published and p.get("publish") != []:
        bad.append(f"{name}: not published here, but not publish = false either")
for b in bad:
    print(f"package: {b}", file=sys.stderr)
if bad:
    sys.exit(1)
for name in published:
    p = pkgs[name]
    print(f"  {name} {p['version']}: links={p.get('links') or '-'}, rust-version {p['rust_version']}, "
          f"keywords {','.join(p['keywords'])}; categories {','.join(p['categories'])}", file=sys.stderr)
print(meta["target_directory"])
PY
)
status=$?
rm -f "${TMPDIR:-/tmp}/package-meta.$$.json"
if ((status != 0)); then
    echo "package: FAILED: incomplete metadata (above)" >&2
    exit 1
fi

# Cargo unpacks each package of the temporary registry into its registry cache
# ($CARGO_HOME/registry/src/-HASH/NAME-VERSION, one HASH per registry path) and reuses an
# unpacked copy of the same name and version without looking at its contents: a copy
# left by an earlier run would be verified instead of the new package. Those copies go
# first (only this project's crates, only from local registries, whose names start
# with "-").
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
for c in "${CRATES[@]}"; do
    rm -rf "${CARGO_HOME:-$HOME/.cargo}"/registry/src/-*/"$c-$version" \
        "${CARGO_HOME:-$HOME/.cargo}"/registry/cache/-*/"$c-$version.crate"
done

echo "package: cargo package --offline --allow-dirty ${pkgs[*]}"
start=$SECONDS
LOG=$(mktemp "${TMPDIR:-/tmp}/package.XXXXXX")
trap 'rm -f "$LOG"' EXIT
cargo package --offline --allow-dirty "${pkgs[@]}" >"$LOG" 2>&1
rc=$?
grep -Ev '^ *(Compiling|Fresh|Blocking) ' "$LOG"
if ((rc != 0)); then
    echo "package: FAILED: cargo package (above)" >&2
    exit 1
fi
echo "package: packaged and verified in $((SECONDS - start)) s"

missing=0
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
for c in "${CRATES[@]}"; do
    dir="$TARGET/package/$c-$version"
    files=(Cargo.toml README.md LICENSE-MIT LICENSE-APACHE)
    [[ $c == *-sys ]] && files+=(pregenerated/bindings.rs pregenerated/metadata.txt build.rs)
    for f in "${files[@]}"; do
        if [[ ! -f $dir/$f ]]; then
            echo "package: FAILED: $c's package has no $f" >&2
            missing=1
        fi
    done
done
((missing)) && exit 1
ls -1 "$TARGET"/package/*.crate | sed 's/^/  /'

if [[ ${PUBLISH_DRY_RUN:-0} == 1 ]]; then
    echo "package: cargo publish --dry-run --allow-dirty --no-verify ${pkgs[*]} (network)"
    if ! cargo publish --dry-run --allow-dirty --no-verify "${pkgs[@]}"; then
        echo "package: FAILED: cargo publish --dry-run" >&2
        exit 1
    fi
fi
echo "package: ok"
