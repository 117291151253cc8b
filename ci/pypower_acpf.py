"""PYPOWER's AC power flow (runpf, Newton's method with the default options) of a
MATPOWER .m case, for comparison with power_grid --case FILE.m --ac --out-buses FILE.csv.

    python ci/pypower_acpf.py CASE.m OUT.csv [--repeat N]

Reads the case with pypower_dcpf.py's parser of .m files, runs pypower.api.runpf with
ppoption(VERBOSE=0, OUT_ALL=0) (its Newton iterations counted from newtonpf's return
value), writes OUT.csv as `bus,vm,va_deg`, one
bus a line in the case's bus order, and prints:

    converged 1|0
    iterations N
    read_seconds T      (parsing the .m file)
    runpf_seconds T     (runpf: ext2int, Ybus, Newton, results)
    total_seconds T     (both)

With --repeat N the read and runpf are repeated N times and the median times printed.
"""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import pypower.runpf  # noqa: E402
from pypower.api import ppoption, runpf  # noqa: E402
from pypower_dcpf import load_case  # noqa: E402

ITERATIONS = []
_newtonpf = pypower.runpf.newtonpf


def counted_newtonpf(*args, **kwargs):
    V, success, i = _newtonpf(*args, **kwargs)
    ITERATIONS.append(i)
    return V, success, i


pypower.runpf.newtonpf = counted_newtonpf


def once(path):
    t0 = time.perf_counter()
    ppc = load_case(path)
    t1 = time.perf_counter()
    del ITERATIONS[:]
    results, success = runpf(ppc, ppoption(VERBOSE=0, OUT_ALL=0))
    t2 = time.perf_counter()
    iterations = ITERATIONS[-1] if ITERATIONS else -1
    return results, success, iterations, t1 - t0, t2 - t1


def main():
    args = sys.argv[1:]
    repeat = 1
    if "--repeat" in args:
        k = args.index("--repeat")
        repeat = int(args[k + 1])
        del args[k : k + 2]
    if len(args) != 2:
        sys.exit(__doc__)
    case, csv = args
    runs = [once(case) for _ in range(repeat)]
    results, success, iterations = runs[0][:3]
    median = lambda v: sorted(v)[len(v) // 2]  # noqa: E731
    read = median([r[3] for r in runs])
    pf = median([r[4] for r in runs])
    total = median([r[3] + r[4] for r in runs])
    with open(csv, "w") as f:
        f.write("bus,vm,va_deg\n")
        for b in results["bus"]:
            f.write("%d,%.17g,%.17g\n" % (int(b[0]), b[7], b[8]))
    print("converged %d" % int(bool(success)))
    print("iterations %d" % iterations)
    print("read_seconds %.6f" % read)
    print("runpf_seconds %.6f" % pf)
    print("total_seconds %.6f" % total)


if __name__ == "__main__":
    main()
