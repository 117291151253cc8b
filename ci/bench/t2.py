"""T2 map: one TAO fit of S(t) = A exp(-t/T2) a voxel, voxels spread over ranks, the
petsc4py peer of examples/t2_fit --map and ci/bench/t2.c in ci/bench/benchmarks.toml.

    mpiexec -n 2 python3 ci/bench/t2.py signals.bin [--map NX,NY --method voxel] [-tao_type lmvm]

Reads the signals that `t2_fit --map NX,NY --dump FILE` writes (a 64-bit voxel count,
then ten doubles a voxel; the file first, or as -data FILE; the benchmark gives the
three programs t2_fit's own words after it, so that PETSc holds the same options in
each), takes the same contiguous block of voxels a rank as t2.c,
and fits each voxel as t2.c does: lmvm from (0.8, 50), bounds A >= 0, T2 >= 1e-3,
gatol 1e-8, at most 500 iterations; objective 0.5 ||A exp(-t/T2) - S||^2 and its
gradient in one Python callback. Prints the fit time of the slowest rank, the total
iterations and the sum of the fitted T2.
"""

import math
import sys
import time

import petsc4py

petsc4py.init(sys.argv)
from petsc4py import PETSc  # noqa: E402
import numpy as np  # noqa: E402

ECHO = np.array([10, 20, 40, 60, 80, 120, 160, 200, 240, 280], dtype=float)
NE = len(ECHO)

opts = PETSc.Options()
path = opts.getString("data", "")
if not path and len(sys.argv) > 1 and not sys.argv[1].startswith("-"):
    path = sys.argv[1]
comm = PETSc.COMM_WORLD
rank, size = comm.getRank(), comm.getSize()
with open(path, "rb") as fh:
    nvox = int(np.frombuffer(fh.read(8), dtype=np.int64)[0])
    lo = rank * (nvox // size) + min(rank, nvox % size)
    n = nvox // size + (1 if rank < nvox % size else 0)
    fh.seek(8 + lo * NE * 8)
    signals = np.frombuffer(fh.read(n * NE * 8), dtype=np.float64).reshape(n, NE)

current = {"s": None}


def objgrad(tao, x, g):
    a, t2 = x.getArray(readonly=True)
    s = current["s"]
    e = np.exp(-ECHO / t2)
    r = a * e - s
    g.setArray([np.dot(r, e), np.dot(r, a * e * ECHO / (t2 * t2))])
    return 0.5 * np.dot(r, r)


x = PETSc.Vec().createSeq(2, comm=PETSc.COMM_SELF)
lb, ub = x.duplicate(), x.duplicate()
lb.setArray([0.0, 1e-3])
ub.set(PETSc.INFINITY)
tao = PETSc.TAO().create(comm=PETSc.COMM_SELF)
tao.setType(PETSc.TAO.Type.LMVM)
tao.setSolution(x)
tao.setObjectiveGradient(objgrad, x.duplicate())
tao.setVariableBounds(lb, ub)
tao.setTolerances(gatol=1e-8, grtol=0.0, gttol=0.0)
tao.setMaximumIterations(500)
tao.setFromOptions()

comm.barrier()
t0 = time.perf_counter()
total_its, sum_t2 = 0, 0.0
for i in range(n):
    current["s"] = signals[i]
    x.setArray([0.8, 50.0])
    tao.solve()
    total_its += tao.getIterationNumber()
    sum_t2 += x.getArray(readonly=True)[1]
elapsed = time.perf_counter() - t0

# Max and sums over ranks through a Vec of three entries a rank (no mpi4py needed).
r = PETSc.Vec().createMPI((3, PETSc.DECIDE), comm=comm)
r.setArray([elapsed, float(total_its), sum_t2])
scatter, whole = PETSc.Scatter.toAll(r)
scatter.scatter(r, whole)
w = whole.getArray(readonly=True).reshape(size, 3)
slow = w[:, 0].max()
if math.isfinite(slow) and slow > 0:
    rate = nvox / slow
else:
    rate = 0.0
PETSc.Sys.Print(
    f"fit time {slow:.6f} s: {rate:.0f} voxels/s; total iterations {w[:, 1].sum():.0f}; "
    f"sum T2 {w[:, 2].sum():.12e}"
)
