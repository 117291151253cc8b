"""Bratu's problem -Laplace(u) - lambda exp(u) = 0 on the unit square, u = 0 on the
boundary: Newton (SNES) on a 2D DMDA, the petsc4py peer of examples/bratu.rs in
ci/bench/benchmarks.toml.

    mpiexec -n 2 python3 ci/bench/bratu.py -nx 512 -ny 512 -lambda 6.0 \
        -snes_type newtonls -ksp_type cg -pc_type gamg -log_view

The same discretization, initial guess and Jacobian as PETSc's
src/snes/tutorials/ex5.c with -mms 0 (rows of the boundary points are 2 (hy/hx + hx/hy) u,
the residual is scaled by hx hy, the Jacobian leaves out the boundary columns), so
Newton and the linear solver take the same iterations. Residual and Jacobian are computed with numpy on the ghosted local arrays
(no Python loop over grid points); the Jacobian's entries go in with one
setValuesLocalCSR call. Any PETSc option works (-snes_monitor, -ksp_type, ...).
"""

import sys

import petsc4py

petsc4py.init(sys.argv)
from petsc4py import PETSc  # noqa: E402
import numpy as np  # noqa: E402

opts = PETSc.Options()
nx = opts.getInt("nx", 64)
ny = opts.getInt("ny", 32)
lam = opts.getReal("lambda", 6.0)

da = PETSc.DMDA().create(
    dim=2,
    sizes=(nx, ny),
    dof=1,
    stencil_type=PETSc.DMDA.StencilType.STAR,
    stencil_width=1,
    comm=PETSc.COMM_WORLD,
)
da.setUp()
# As ex5.c does: GAMG reads the coordinates of the SNES's DM.
da.setUniformCoordinates(0.0, 1.0, 0.0, 1.0, 0.0, 1.0)
hx, hy = 1.0 / (nx - 1), 1.0 / (ny - 1)
hydhx, hxdhy, sc = hy / hx, hx / hy, hx * hy * lam

(xs, xe), (ys, ye) = da.getRanges()
(gxs, gxe), (gys, gye) = da.getGhostRanges()
# Owned points as 2D index arrays, [j, i] order as DMDA arrays are stored.
jj, ii = np.meshgrid(np.arange(ys, ye), np.arange(xs, xe), indexing="ij")
boundary = (ii == 0) | (jj == 0) | (ii == nx - 1) | (jj == ny - 1)
interior = ~boundary
# Offsets of the owned box in the ghosted local array.
ox, oy = xs - gxs, ys - gys
gnx = gxe - gxs

local = da.createLocalVec()


def ghosted(x):
    """The ghosted local values of global vector x, as a 2D [j, i] array."""
    da.globalToLocal(x, local, addv=PETSc.InsertMode.INSERT_VALUES)
    return local.getArray(readonly=True).reshape(gye - gys, gxe - gxs)


def residual(snes, x, f):
    u = ghosted(x)
    c = u[oy:oy + (ye - ys), ox:ox + (xe - xs)]
    out = f.getArray().reshape(ye - ys, xe - xs)
    # Boundary rows: 2 (hy/hx + hx/hy) u.
    out[boundary] = 2.0 * (hydhx + hxdhy) * c[boundary]
    # Interior rows: the 5-point Laplacian (scaled by hx hy) minus hx hy lambda exp(u).
    jl, il = np.nonzero(interior)
    gj, gi = jl + oy, il + ox
    uc = u[gj, gi]
    uxx = (2.0 * uc - u[gj, gi - 1] - u[gj, gi + 1]) * hydhx
    uyy = (2.0 * uc - u[gj - 1, gi] - u[gj + 1, gi]) * hxdhy
    out[jl, il] = uxx + uyy - sc * np.exp(uc)


# The sparsity of the Jacobian in the ghosted local numbering, made once, as ex5.c
# makes it: a boundary row has its diagonal only; an interior row has its diagonal and
# its interior neighbours, in the order S, W, C, E, N (boundary columns are left out, so
# the Jacobian is symmetric).
def local_index(j, i):
    return (j - gys) * gnx + (i - gxs)


flat_j, flat_i = jj.ravel(), ii.ravel()
flat_b = boundary.ravel()
i_rows = np.nonzero(~flat_b)[0]
b_rows = np.nonzero(flat_b)[0]
OFFSETS = ((-1, 0), (0, -1), (0, 0), (0, 1), (1, 0))
# present[k][r]: whether interior row r has entry k (its neighbour is not on the boundary).
pj, pi = flat_j[i_rows], flat_i[i_rows]
present = [
    (dj, di) == (0, 0)
    or ~((pi + di == 0) | (pj + dj == 0) | (pi + di == nx - 1) | (pj + dj == ny - 1))
    for dj, di in OFFSETS
]
present = [np.broadcast_to(np.asarray(p), pj.shape) for p in present]
# setValuesLocalCSR takes one CSR row a ghosted local point: ghost rows stay empty.
counts = np.zeros((gye - gys) * gnx, dtype=PETSc.IntType)
owned_local = local_index(flat_j, flat_i)
counts[owned_local[b_rows]] = 1
counts[owned_local[i_rows]] = sum(p.astype(PETSc.IntType) for p in present)
indptr = np.concatenate(([0], np.cumsum(counts))).astype(PETSc.IntType)
cols = np.empty(indptr[-1], dtype=PETSc.IntType)
b_pos = indptr[owned_local[b_rows]]
cols[b_pos] = owned_local[b_rows]
# Position of entry k of each interior row, and the rows that have it.
pos, have = [], []
before = indptr[owned_local[i_rows]].copy()
for (dj, di), p in zip(OFFSETS, present):
    rows_k = np.nonzero(p)[0]
    pos.append(before[rows_k])
    have.append(rows_k)
    cols[before[rows_k]] = local_index(pj[rows_k] + dj, pi[rows_k] + di)
    before[rows_k] += 1
values = np.empty(indptr[-1], dtype=PETSc.ScalarType)


def jacobian(snes, x, J, P):
    u = ghosted(x)
    uc = u[pj - gys, pi - gxs]
    values[b_pos] = 2.0 * (hydhx + hxdhy)
    for k, v in enumerate((-hxdhy, -hydhx, None, -hydhx, -hxdhy)):
        if v is None:
            values[pos[k]] = 2.0 * (hydhx + hxdhy) - sc * np.exp(uc[have[k]])
        else:
            values[pos[k]] = v
    # All the owned rows in one call (local, ghosted numbering).
    P.setValuesLocalCSR(indptr, cols, values, addv=PETSc.InsertMode.INSERT_VALUES)
    P.assemble()
    if J != P:
        J.assemble()
    return PETSc.Mat.Structure.SAME_NONZERO_PATTERN


# ex5's initial guess: lambda/(lambda+1) sqrt(distance to the boundary), 0 on it.
x = da.createGlobalVec()
xa = x.getArray().reshape(ye - ys, xe - xs)
t1 = lam / (lam + 1.0)
dist = np.minimum(
    np.minimum(ii, nx - ii - 1) * hx, np.minimum(jj, ny - jj - 1) * hy
).astype(float)
xa[:] = np.where(boundary, 0.0, t1 * np.sqrt(dist))

f = da.createGlobalVec()
J = da.createMat()
snes = PETSc.SNES().create(comm=PETSc.COMM_WORLD)
snes.setDM(da)
snes.setFunction(residual, f)
snes.setJacobian(jacobian, J, J)
snes.setFromOptions()
snes.solve(None, x)

its = snes.getIterationNumber()
lits = snes.getLinearSolveIterations()
umax = x.max()[1]
PETSc.Sys.Print(
    f"Newton iterations {its}, linear iterations {lits}, "
    f"reason {snes.getConvergedReason()}, max u {umax:.6e}"
)
