#!/usr/bin/env python3
"""Counts the cases of petsc4py's and slepc4py's own test suites ported to Rust
(tests/tests/petsc4py, tests/tests/slepc4py: slepc4py's test file and demos), file by
file, from a run of those test binaries: how many passed (at 1 rank, and at 2 for
petsc4py's COMM_WORLD classes), failed, cannot apply to Rust, or were skipped here, and
why. Prints the Markdown table of docs/parity.md.

    python3 ci/petsc4py-parity.py                # builds and runs the binaries
    python3 ci/petsc4py-parity.py --log FILE     # reads the output of an earlier run
"""
import collections
import re
import subprocess
import sys


def run():
    cmd = ["cargo", "test", "-q", "-p", "petsc-tests", "--test", "petsc4py", "--test",
           "slepc4py"]
    out = subprocess.run(cmd, capture_output=True, text=True)
    return out.stdout + out.stderr


def file_name(module):
    """The Python file a module ports: `test_ksp` is `test_ksp.py`, `slepc4py_demo`
    slepc4py's demos, `slepc4py_test_object` slepc4py's `test_object.py`."""
    if module == "slepc4py_demo":
        return "slepc4py `demo/ex*.py`"
    if module.startswith("slepc4py_"):
        return f"slepc4py `{module.removeprefix('slepc4py_')}.py`"
    return f"`{module}.py`"


def main():
    args = sys.argv[1:]
    text = open(args[args.index("--log") + 1]).read() if "--log" in args else run()
    files = collections.OrderedDict()
    line_re = re.compile(
        r"^test ((?:slepc4py_)?(?:test|demo)[a-z_]*)::(\S+) \.\.\. (ok|FAILED|ignored)(.*)$")
    for line in text.splitlines():
        m = line_re.match(line)
        if not m:
            continue
        module, _case, outcome, rest = m.groups()
        f = files.setdefault(module, {"cases": 0, "passed": 0, "failed": 0,
                                      "not_in_rust": collections.Counter(),
                                      "upstream": collections.Counter(),
                                      "skipped": collections.Counter()})
        f["cases"] += 1
        if outcome == "ok":
            f["passed"] += 1
        elif outcome == "FAILED":
            f["failed"] += 1
        elif rest.startswith(", not in Rust: "):
            f["not_in_rust"][rest[len(", not in Rust: "):].strip()] += 1
        elif rest.startswith(", skipped by petsc4py: "):
            f["upstream"][rest[len(", skipped by petsc4py: "):].strip()] += 1
        else:
            why = re.sub(r"\s*<[0-9.]+s>$", "", rest.lstrip(", ").strip())
            why = why.removeprefix("skipped: the case: ").removeprefix("needs ")
            f["skipped"][why] += 1
    if not files:
        sys.exit("petsc4py-parity: no case lines in the output")
    print("| file | cases | passed | failed | skipped upstream | not in Rust "
          "| skipped here |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    total = collections.Counter()
    # petsc4py's files first, then slepc4py's.
    for name, f in sorted(files.items(), key=lambda kv: (kv[0].startswith("slepc4py"), kv[0])):
        nir, sk = sum(f["not_in_rust"].values()), sum(f["skipped"].values())
        up = sum(f["upstream"].values())
        print(f"| {file_name(name)} | {f['cases']} | {f['passed']} | {f['failed']} | {up} | {nir} "
              f"| {sk} |")
        for k in ("cases", "passed", "failed"):
            total[k] += f[k]
        total["nir"] += nir
        total["up"] += up
        total["sk"] += sk
    print(f"| all | {total['cases']} | {total['passed']} | {total['failed']} | "
          f"{total['up']} | {total['nir']} | {total['sk']} |")
    print()
    for title, key in (("Skipped upstream (by petsc4py or slepc4py)", "upstream"), ("Not in Rust", "not_in_rust"),
                       ("Skipped here", "skipped")):
        rows = [(n, why, k) for n, f in sorted(files.items()) for why, k in f[key].items()]
        if rows:
            print(f"{title}:\n")
            for n, why, k in rows:
                print(f"- {file_name(n)}: {why} ({k})")
            print()
    sys.exit(1 if total["failed"] else 0)


if __name__ == "__main__":
    main()
