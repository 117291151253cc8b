#!/usr/bin/env python3
"""Counts the cases of petsc4py's own test suite ported to Rust (tests/tests/petsc4py),
file by file, from a run of that test binary: how many passed (at 1 rank, and at 2 for
petsc4py's COMM_WORLD classes), failed, cannot apply to Rust, or were skipped here, and
why. Prints the Markdown table of docs/parity.md.

    python3 ci/petsc4py-parity.py                # builds and runs the binary
    python3 ci/petsc4py-parity.py --log FILE     # reads the output of an earlier run
"""
import collections
import re
import subprocess
import sys


def run():
    cmd = ["cargo", "test", "-q", "-p", "petsc-tests", "--test", "petsc4py"]
    out = subprocess.run(cmd, capture_output=True, text=True)
    return out.stdout + out.stderr


def main():
    args = sys.argv[1:]
    text = open(args[args.index("--log") + 1]).read() if "--log" in args else run()
    files = collections.OrderedDict()
    line_re = re.compile(r"^test (test_[a-z_]+)::(\S+) \.\.\. (ok|FAILED|ignored)(.*)$")
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
    print("| petsc4py file | cases | passed | failed | skipped by petsc4py | not in Rust "
          "| skipped here |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    total = collections.Counter()
    for name, f in sorted(files.items()):
        nir, sk = sum(f["not_in_rust"].values()), sum(f["skipped"].values())
        up = sum(f["upstream"].values())
        print(f"| `{name}.py` | {f['cases']} | {f['passed']} | {f['failed']} | {up} | {nir} "
              f"| {sk} |")
        for k in ("cases", "passed", "failed"):
            total[k] += f[k]
        total["nir"] += nir
        total["up"] += up
        total["sk"] += sk
    print(f"| all | {total['cases']} | {total['passed']} | {total['failed']} | "
          f"{total['up']} | {total['nir']} | {total['sk']} |")
    print()
    for title, key in (("Skipped by petsc4py", "upstream"), ("Not in Rust", "not_in_rust"),
                       ("Skipped here", "skipped")):
        rows = [(n, why, k) for n, f in sorted(files.items()) for why, k in f[key].items()]
        if rows:
            print(f"{title}:\n")
            for n, why, k in rows:
                print(f"- `{n}.py`: {why} ({k})")
            print()
    sys.exit(1 if total["failed"] else 0)


if __name__ == "__main__":
    main()
