/* examples/bridge.rs in C, with SLEPc directly (the bridge entry of
   ci/bench/benchmarks.toml): K (5-point stencil, hx = 100/(nx+1), hy = 10/(ny+1)) and
   M = hx hy I, K x = lambda M x as a GHEP for the 3 eigenpairs nearest 0 by
   shift-and-invert (target 0, tolerance 1e-9, SLEPc's default inner solve), then
   EPSSetFromOptions. Prints the seconds from an MPI barrier before EPSSolve to its
   return ("Timing solve S") and the eigenvalues. */
#include <slepceps.h>
#include <petsctime.h>

int main(int argc, char **argv)
{
  Mat            K, M;
  EPS            eps;
  ST             st;
  PetscInt       nx = 40, ny = 12, n, Istart, Iend, row, nconv, i;
  PetscReal      hx, hy, cx, cy;
  PetscScalar    kr, ki;
  PetscLogDouble t0, t1;

  PetscCall(SlepcInitialize(&argc, &argv, NULL, NULL));
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-nx", &nx, NULL));
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-ny", &ny, NULL));
  n  = nx * ny;
  hx = 100.0 / (nx + 1);
  hy = 10.0 / (ny + 1);
  cx = 1.0 / (hx * hx);
  cy = 1.0 / (hy * hy);
  PetscCall(MatCreateAIJ(PETSC_COMM_WORLD, PETSC_DECIDE, PETSC_DECIDE, n, n, 5, NULL, 4, NULL, &K));
  PetscCall(MatCreateAIJ(PETSC_COMM_WORLD, PETSC_DECIDE, PETSC_DECIDE, n, n, 1, NULL, 0, NULL, &M));
  PetscCall(MatGetOwnershipRange(K, &Istart, &Iend));
  for (row = Istart; row < Iend; row++) {
    PetscInt    ix = row / ny, iy = row % ny, cols[5], nc = 0;
    PetscScalar vals[5], m = hx * hy;
    cols[nc] = row; vals[nc++] = 2.0 * (cx + cy);
    if (ix > 0)      { cols[nc] = row - ny; vals[nc++] = -cx; }
    if (ix < nx - 1) { cols[nc] = row + ny; vals[nc++] = -cx; }
    if (iy > 0)      { cols[nc] = row - 1;  vals[nc++] = -cy; }
    if (iy < ny - 1) { cols[nc] = row + 1;  vals[nc++] = -cy; }
    PetscCall(MatSetValues(K, 1, &row, nc, cols, vals, INSERT_VALUES));
    PetscCall(MatSetValues(M, 1, &row, 1, &row, &m, INSERT_VALUES));
  }
  PetscCall(MatAssemblyBegin(K, MAT_FINAL_ASSEMBLY));
  PetscCall(MatAssemblyEnd(K, MAT_FINAL_ASSEMBLY));
  PetscCall(MatAssemblyBegin(M, MAT_FINAL_ASSEMBLY));
  PetscCall(MatAssemblyEnd(M, MAT_FINAL_ASSEMBLY));

  PetscCall(EPSCreate(PETSC_COMM_WORLD, &eps));
  PetscCall(EPSSetOperators(eps, K, M));
  PetscCall(EPSSetProblemType(eps, EPS_GHEP));
  PetscCall(EPSSetDimensions(eps, 3, PETSC_DEFAULT, PETSC_DEFAULT));
  PetscCall(EPSSetTolerances(eps, 1e-9, PETSC_DEFAULT));
  PetscCall(EPSSetTarget(eps, 0.0));
  PetscCall(EPSSetWhichEigenpairs(eps, EPS_TARGET_MAGNITUDE));
  PetscCall(EPSGetST(eps, &st));
  PetscCall(STSetType(st, STSINVERT));
  PetscCall(EPSSetFromOptions(eps));
  PetscCallMPI(MPI_Barrier(PETSC_COMM_WORLD));
  PetscCall(PetscTime(&t0));
  PetscCall(EPSSolve(eps));
  PetscCall(PetscTime(&t1));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "Timing solve %.6f\n", (double)(t1 - t0)));
  PetscCall(EPSGetConverged(eps, &nconv));
  for (i = 0; i < nconv; i++) {
    PetscCall(EPSGetEigenvalue(eps, i, &kr, &ki));
    PetscCall(PetscPrintf(PETSC_COMM_WORLD, "lambda %.9e\n", (double)PetscRealPart(kr)));
  }
  PetscCall(EPSDestroy(&eps));
  PetscCall(MatDestroy(&K));
  PetscCall(MatDestroy(&M));
  PetscCall(SlepcFinalize());
  return 0;
}
