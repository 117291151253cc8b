"""Earthquake ground motion: the leapfrog of the 2D wave equation on a DMDA, the
petsc4py peer of examples/wave.rs and ci/bench/wave.c in ci/bench/benchmarks.toml.

    mpiexec -n 2 python3 ci/bench/wave.py -nx 1000 -ny 600 -steps 200 -every 100

The workshop's domain (40 km x 24 km, c = 2500 m/s, dt = 0.002 s) with the damping
layer, Gaussian-windowed sine source at (nx/5, ny/2) and receiver at (4nx/5, ny/2) of
wave.c, in the same floating-point order:

    u+ = (2u - (1 - gh) u- + (c dt)^2 Lap u + dt^2 s) / (1 + gh)

Each step: DMGlobalToLocal of u, then the update of the owned interior points with
numpy on the ghosted local array; prints the same lines as wave.c (progress every
`every` steps, the time of the stepping loop, the max amplitude of the run).
"""

import math
import sys
import time

import petsc4py

petsc4py.init(sys.argv)
from petsc4py import PETSc  # noqa: E402
import numpy as np  # noqa: E402

opts = PETSc.Options()
NX = opts.getInt("nx", 200)
NY = opts.getInt("ny", 120)
STEPS = opts.getInt("steps", 200)
EVERY = opts.getInt("every", 100)
W, LX, LY, C, DT, AMP, FREQ, S = 15, 40000.0, 24000.0, 2500.0, 0.002, 1.0, 1.0, 4.0


def wavelet(t):
    t0, tau = 2.0 / FREQ, 0.8 / FREQ
    if not (0.0 <= t <= 2.0 * t0):
        return 0.0
    x = (t - t0) / tau
    return math.sin(2.0 * math.pi * FREQ * (t - t0)) * math.exp(-x * x)


def depth(i, n):
    return np.maximum(np.maximum(W - i, i - (n - 1 - W)), 0)


def gmax(h):
    return 0.0 if W == 0 else 3.0 * S * C / (float(W) * h)


hx, hy = LX / (NX - 1), LY / (NY - 1)
rx, ry = (C * DT / hx) * (C * DT / hx), (C * DT / hy) * (C * DT / hy)
scale = DT * DT * AMP / (hx * hy)
src, rcv = (NX // 5, NY // 2), (4 * NX // 5, NY // 2)

da = PETSc.DMDA().create(
    dim=2,
    sizes=(NX, NY),
    dof=1,
    stencil_type=PETSc.DMDA.StencilType.STAR,
    stencil_width=1,
    boundary_type=(PETSc.DM.BoundaryType.NONE, PETSc.DM.BoundaryType.NONE),
    comm=PETSc.COMM_WORLD,
)
da.setUp()
(xs, xe), (ys, ye) = da.getRanges()
(gxs, gxe), (gys, gye) = da.getGhostRanges()

damp = da.createGlobalVec()
up, u, un = damp.duplicate(), damp.duplicate(), damp.duplicate()
ul = da.createLocalVec()
for v in (up, u, un, ul):
    v.set(0.0)
jj, ii = np.meshgrid(np.arange(ys, ye), np.arange(xs, xe), indexing="ij")
w = float(max(W, 1))
dx, dy = depth(ii, NX) / w, depth(jj, NY) / w
damp.getArray().reshape(ye - ys, xe - xs)[:] = (
    (gmax(hx) * dx * dx + gmax(hy) * dy * dy) * DT / 2.0
)

# Interior points of the owned box, as slices of the owned and the ghosted arrays.
x0, y0 = max(xs, 1), max(ys, 1)
x1, y1 = min(xe, NX - 1), min(ye, NY - 1)
own = (slice(y0 - ys, y1 - ys), slice(x0 - xs, x1 - xs))


def gslice(dj, di):
    return (slice(y0 - gys + dj, y1 - gys + dj), slice(x0 - gxs + di, x1 - gxs + di))


centre, west, east, south, north = (
    gslice(0, 0),
    gslice(0, -1),
    gslice(0, 1),
    gslice(-1, 0),
    gslice(1, 0),
)
owns_src = xs <= src[0] < xe and ys <= src[1] < ye
owns_rcv = xs <= rcv[0] < xe and ys <= rcv[1] < ye
trace = np.zeros(STEPS)
lmax = 0.0
g = damp.getArray(readonly=True).reshape(ye - ys, xe - xs)
gh = g[own]

PETSc.COMM_WORLD.barrier()
t0 = time.perf_counter()
for step in range(1, STEPS + 1):
    t = (step - 1) * DT
    da.globalToLocal(u, ul, addv=PETSc.InsertMode.INSERT_VALUES)
    a = ul.getArray(readonly=True).reshape(gye - gys, gxe - gxs)
    p = up.getArray(readonly=True).reshape(ye - ys, xe - xs)
    n = un.getArray().reshape(ye - ys, xe - xs)
    if y1 > y0 and x1 > x0:
        uc = a[centre]
        lap = rx * (a[west] - 2.0 * uc + a[east]) + ry * (a[south] - 2.0 * uc + a[north])
        v = (2.0 * uc - (1.0 - gh) * p[own] + lap) / (1.0 + gh)
        n[own] = v
        lmax = max(lmax, float(np.abs(v).max()))
    if owns_src:
        s = scale * wavelet(t)
        k = (src[1] - ys, src[0] - xs)
        v = n[k] + s / (1.0 + g[k])
        n[k] = v
        lmax = max(lmax, abs(v))
    if owns_rcv:
        trace[step - 1] = n[rcv[1] - ys, rcv[0] - xs]
    up, u, un = u, un, up
    if step % EVERY == 0 or step == STEPS:
        m = u.norm(PETSc.NormType.NORM_INFINITY)
        PETSc.Sys.Print(f"step {step:7d}  t = {step * DT:9.4f} s  max |u| = {m:.6e}")
PETSc.COMM_WORLD.barrier()
t1 = time.perf_counter()
PETSc.Sys.Print(f"time stepping: {t1 - t0:.4f} s, {1e6 * (t1 - t0) / STEPS:.3f} us per step")
# The max over ranks, through a Vec of one entry a rank (no mpi4py needed).
r = PETSc.Vec().createMPI((1, PETSc.DECIDE), comm=PETSc.COMM_WORLD)
r.getArray()[0] = lmax
gmaxall = r.max()[1]
PETSc.Sys.Print(f"max amplitude |u| over the run = {gmaxall:.6e}")
