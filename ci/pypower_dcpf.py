"""PYPOWER's DC power flow (rundcpf) of a MATPOWER .m case, for comparison with
power_grid --case FILE.m --all [--n-1].

    python ci/pypower_dcpf.py CASE.m [--n-1] [--contingencies CONTAB.m]

Reads mpc.baseMVA, mpc.bus, mpc.gen and mpc.branch with a small parser of its own
(comments, rows separated by ';' or new lines, '...' continuations), runs
pypower.api.rundcpf and prints, one per line:

    bus ID VA_DEG
    branch ROW PF_MW            (ROW: 1-based row of mpc.branch; in-service ones)
    gen ROW PG_MW               (in-service generators)
    n1 ROW islanding            (with --n-1: each in-service branch out in turn)
    n1 ROW MAX_ABS_PF MAX_LOADING_PERCENT   (- when no branch is rated)
    ct LABEL islanding          (with --contingencies: each contingency of a MATPOWER
    ct LABEL MAX_ABS_PF MAX_LOADING_PERCENT  change table, its branches and generators out)
"""

import re
import sys

import numpy as np
from pypower.api import ppoption, rundcpf


def load_case(path):
    text = open(path, encoding="utf-8", errors="replace").read()
    lines = []
    for line in text.splitlines():
        out, quoted = [], False
        for c in line:
            if c in "'\"":
                quoted = not quoted
            if c == "%" and not quoted:
                break
            out.append(c)
        lines.append("".join(out))
    text = re.sub(r"\.\.\.[^\n]*\n", " ", "\n".join(lines))
    ppc = {"version": "2"}
    m = re.search(r"mpc\.baseMVA\s*=\s*([^;\n]+)", text)
    ppc["baseMVA"] = float(m.group(1))
    for name in ("bus", "gen", "branch"):
        m = re.search(r"mpc\." + name + r"\s*=\s*\[(.*?)\]", text, re.S)
        rows = []
        for row in re.split(r"[;\n]", m.group(1)):
            vals = [float(v) for v in re.split(r"[\s,]+", row.strip()) if v]
            if vals:
                rows.append(vals)
        ppc[name] = np.array(rows, dtype=float)
    return ppc


def kept_branches(ppc):
    """Rows of in-service branches between buses that are not isolated (BUS_TYPE 4)."""
    isolated = {int(b[0]) for b in ppc["bus"] if int(b[1]) == 4}
    return [
        k
        for k, br in enumerate(ppc["branch"])
        if br[10] != 0 and int(br[0]) not in isolated and int(br[1]) not in isolated
    ]


def islands_without(ppc, rows, skip):
    """Whether the network splits when branch `skip` (a row, or a set of rows) is out."""
    skip = skip if isinstance(skip, set) else {skip}
    isolated = {int(b[0]) for b in ppc["bus"] if int(b[1]) == 4}
    buses = [int(b[0]) for b in ppc["bus"] if int(b[0]) not in isolated]
    adj = {b: [] for b in buses}
    for k in rows:
        if k in skip:
            continue
        f, t = int(ppc["branch"][k][0]), int(ppc["branch"][k][1])
        adj[f].append(t)
        adj[t].append(f)
    seen = {buses[0]}
    stack = [buses[0]]
    while stack:
        for j in adj[stack.pop()]:
            if j not in seen:
                seen.add(j)
                stack.append(j)
    return len(seen) < len(buses)


CT_NAMES = {"CT_TGEN": 2, "CT_TBRCH": 3, "CT_REP": 1, "BR_STATUS": 11, "GEN_STATUS": 8}


def load_contingencies(path):
    """{label: (branch rows, gen rows)} (0-based) of a change table's outages, in order."""
    text = open(path, encoding="utf-8", errors="replace").read()
    text = "\n".join(line.split("%")[0] for line in text.splitlines())
    body = re.search(r"chgtab\s*=\s*\[(.*?)\]", text, re.S).group(1)
    out = {}
    for row in re.split(r"[;\n]", body):
        vals = [CT_NAMES.get(v, v) for v in re.split(r"[\s,]+", row.strip()) if v]
        if not vals:
            continue
        label, _, table, r, col, kind, new = [float(v) for v in vals]
        assert kind == 1 and new == 0 and (table, col) in ((3, 11), (2, 8)), row
        branches, gens = out.setdefault(int(label), ([], []))
        (branches if table == 3 else gens).append(int(r) - 1)
    return out


def outage_line(ppc, rows, rc, out):
    """MAX_ABS_PF MAX_LOADING_PERCENT over the in-service branches not in `out`."""
    rate = ppc["branch"][:, 5]
    others = [k for k in rows if k not in out]
    pf = np.abs(rc["branch"][others, 13])
    rated = [i for i, k in enumerate(others) if rate[k] > 0]
    load = "-"
    if rated:
        load = "%.17g" % max(100.0 * pf[i] / rate[others[i]] for i in rated)
    return "%.17g %s" % (pf.max(), load)


def solve(ppc):
    opt = ppoption(VERBOSE=0, OUT_ALL=0)
    r, ok = rundcpf(ppc, opt)
    if not ok:
        sys.exit("rundcpf failed")
    return r


def main():
    args = sys.argv[1:]
    n1 = "--n-1" in args
    table = None
    if "--contingencies" in args:
        table = args.pop(args.index("--contingencies") + 1)
    path = [a for a in args if not a.startswith("--")][0]
    ppc = load_case(path)
    r = solve({k: (v.copy() if hasattr(v, "copy") else v) for k, v in ppc.items()})
    rows = kept_branches(ppc)
    isolated = {int(b[0]) for b in ppc["bus"] if int(b[1]) == 4}
    for b in r["bus"]:
        if int(b[0]) not in isolated:
            print("bus %d %.17g" % (int(b[0]), b[8]))
    for k in rows:
        print("branch %d %.17g" % (k + 1, r["branch"][k][13]))
    for g, gen in enumerate(r["gen"]):
        if gen[7] > 0 and int(gen[0]) not in isolated:
            print("gen %d %.17g" % (g + 1, gen[1]))
    for c in rows if n1 else []:
        if islands_without(ppc, rows, c):
            print("n1 %d islanding" % (c + 1))
            continue
        case = {k: (v.copy() if hasattr(v, "copy") else v) for k, v in ppc.items()}
        case["branch"][c, 10] = 0
        print("n1 %d %s" % (c + 1, outage_line(ppc, rows, solve(case), {c})))
    for label, (branches, gens) in (load_contingencies(table) if table else {}).items():
        out = set(branches)
        if islands_without(ppc, rows, out):
            print("ct %d islanding" % label)
            continue
        case = {k: (v.copy() if hasattr(v, "copy") else v) for k, v in ppc.items()}
        case["branch"][branches, 10] = 0
        case["gen"][gens, 7] = 0
        print("ct %d %s" % (label, outage_line(ppc, rows, solve(case), out)))


if __name__ == "__main__":
    main()
