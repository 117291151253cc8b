#!/usr/bin/env python3
"""Measures the safe layer of petsc-rs and slepc-rs, and fails past its limits.

    python3 ci/layer-stats.py          # report; exit 1 if a limit is passed
    python3 ci/layer-stats.py -v       # also name every hand-written forwarder

- hand-written one-call forwarders: functions of petsc-rs/src and slepc-rs/src whose
  body is one checked `sys::` call on `self` (with at most an output, a conversion and
  a precondition), which `methods!` (petsc-rs/src/declare.rs) declares in one line
  instead; at most 40;
- `macro_rules!` definitions in both crates: at most 20;
- hand-written source files over 1,000 lines: none (but the exceptions listed below,
  each with its reason);
- lines of each crate's sources (reported).
"""
import os
import re
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
CRATES = ["petsc-rs/src", "slepc-rs/src"]
LIMITS = {"forwarders": 40, "macro_rules": 20, "long files": 0}
# Files allowed past 1,000 lines, with the reason (none at present).
LONG_FILE_EXCEPTIONS = {}
# Calls a forwarder may make besides its one PETSc call: conversions and checks.
HELPERS = {
    "check", "unsafe", "Ok", "Some", "petsc_bool", "raw", "from_raw", "default", "into",
    "try_from", "as_ptr", "from", "map_err", "default_real", "default_int", "init",
    "require_type", "check_count", "check_finite", "check_tolerance", "require",
    "c_string", "owned",
}


def rust_files():
    for crate in CRATES:
        for root, _, files in os.walk(os.path.join(ROOT, crate)):
            for f in sorted(files):
                if f.endswith(".rs"):
                    yield os.path.join(root, f)


def functions(text):
    for m in re.finditer(r"\bfn\s+(\w+)[^{;]*\{", text):
        i, depth = m.end(), 1
        while depth and i < len(text):
            depth += {"{": 1, "}": -1}.get(text[i], 0)
            i += 1
        yield m.group(1), text[m.end():i - 1]


def is_forwarder(body):
    if "$" in body:  # a macro's template, not a hand-written method
        return False
    if len(re.findall(r"\b(?:sys|slepc_sys)::[A-Z]\w*\s*\(", body)) != 1:
        return False
    if not re.search(r"sys::\w+\(\s*self\.(ptr|as_raw\(\))", body) or "check(" not in body:
        return False
    calls = re.findall(r"\b([a-z_][a-z0-9_]*)\s*\(", body)
    if any(c not in HELPERS for c in calls):
        return False
    return len([s for s in body.split(";") if s.strip()]) <= 4


def main():
    verbose = "-v" in sys.argv
    forwarders, macros, long_files, lines = [], [], [], {c: 0 for c in CRATES}
    for path in rust_files():
        rel = os.path.relpath(path, ROOT)
        with open(path, encoding="utf-8") as fh:
            raw = fh.read()
        n = raw.count("\n")
        lines[next(c for c in CRATES if rel.startswith(c))] += n
        if n > 1000 and rel not in LONG_FILE_EXCEPTIONS:
            long_files.append(f"{rel} ({n} lines)")
        text = re.sub(r"//[^\n]*", "", raw)
        macros += [f"{rel}: {m}" for m in re.findall(r"macro_rules!\s+(\w+)", text)]
        forwarders += [f"{rel}: {name}" for name, body in functions(text) if is_forwarder(body)]
    found = {"forwarders": forwarders, "macro_rules": macros, "long files": long_files}
    rc = 0
    for what, items in found.items():
        over = len(items) > LIMITS[what]
        rc |= over
        print(f"{what}: {len(items)} (at most {LIMITS[what]}){'  OVER THE LIMIT' if over else ''}")
        if verbose or (over and what != "forwarders"):
            for item in items:
                print(f"    {item}")
    for crate, n in lines.items():
        print(f"lines of {crate}: {n}")
    return rc


if __name__ == "__main__":
    sys.exit(main())
