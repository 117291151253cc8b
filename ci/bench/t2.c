/* The T2 map of examples/t2_fit.rs in C, with TAO directly (the t2 entry of
   ci/bench/benchmarks.toml): S(t) = A exp(-t/T2) fitted to every voxel's ten echoes,
   lmvm on PETSC_COMM_SELF, one Tao a rank reused (start (0.8, 50) written back before
   each voxel), objective and gradient in one callback, bounds A >= 0, T2 >= 1e-3,
   gatol 1e-8, at most 500 iterations, then TaoSetFromOptions. Reads the signals that
   `t2_fit --map NX,NY --dump FILE` writes:

       c-t2 FILE --map NX,NY --method voxel [PETSc options]

   FILE first (PETSc skips an argument that is not an option); then t2_fit's own
   words, checked against the file (NX * NY voxels; voxel, the only method here), so
   that the two programs give PETSc the same options: TAO looks options up at every
   evaluation (TaoTestGradient), and their cost depends on the options table.
   `-data FILE` is read too. Voxels go to the ranks in the same contiguous blocks.
   Prints the fit seconds of the slowest rank, the total iterations and the sum of the
   fitted T2; with -calls N, the cost of one callback round trip through
   TaoComputeGradient against a direct call. */
#include <petsctao.h>
#include <petsctime.h>

#define NE 10
static const PetscReal echo[NE] = {10, 20, 40, 60, 80, 120, 160, 200, 240, 280};

typedef struct {
  const PetscReal *s; /* the current voxel's ten echoes */
  PetscInt         nevals;
} Voxel;

static void objgrad_raw(const PetscReal *s, PetscReal a, PetscReal t2, PetscReal *f, PetscReal g[2])
{
  PetscReal ff = 0, ga = 0, gt = 0, inv = 1.0 / t2;
  for (int k = 0; k < NE; k++) {
    PetscReal e = PetscExpReal(-echo[k] * inv), r = a * e - s[k];
    ff += r * r;
    ga += r * e;
    gt += r * a * e * echo[k] * inv * inv;
  }
  *f   = 0.5 * ff;
  g[0] = ga;
  g[1] = gt;
}

static PetscErrorCode FormFunctionGradient(Tao tao, Vec X, PetscReal *f, Vec G, void *ctx)
{
  Voxel             *v = (Voxel *)ctx;
  const PetscScalar *x;
  PetscScalar       *g;
  PetscReal          gr[2];

  PetscFunctionBeginUser;
  v->nevals++;
  PetscCall(VecGetArrayRead(X, &x));
  objgrad_raw(v->s, x[0], x[1], f, gr);
  PetscCall(VecRestoreArrayRead(X, &x));
  PetscCall(VecGetArray(G, &g));
  g[0] = gr[0];
  g[1] = gr[1];
  PetscCall(VecRestoreArray(G, &g));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  char           file[PETSC_MAX_PATH_LEN] = "", map[64] = "", method[64] = "";
  PetscBool      hasmap = PETSC_FALSE;
  PetscInt       calls = 0, nvox64 = 0, lo, hi, n, its, totits = 0, nconv = 0, i;
  PetscMPIInt    rank, size;
  PetscReal     *sig, sumt2 = 0, tot[2], ftmp;
  PetscLogDouble t0, t1, el, slow;
  Vec            x, lb, ub;
  Tao            tao;
  Voxel          vox = {NULL, 0};
  FILE          *fp;
  long long      nv;
  TaoConvergedReason reason;

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  PetscCallMPI(MPI_Comm_rank(PETSC_COMM_WORLD, &rank));
  PetscCallMPI(MPI_Comm_size(PETSC_COMM_WORLD, &size));
  if (argc > 1 && argv[1][0] != '-') PetscCall(PetscStrncpy(file, argv[1], sizeof(file)));
  PetscCall(PetscOptionsGetString(NULL, NULL, "-data", file, sizeof(file), NULL));
  PetscCall(PetscOptionsGetString(NULL, NULL, "--map", map, sizeof(map), &hasmap));
  PetscCall(PetscOptionsGetString(NULL, NULL, "--method", method, sizeof(method), NULL));
  PetscCheck(!method[0] || !strcmp(method, "voxel"), PETSC_COMM_WORLD, PETSC_ERR_ARG_WRONG, "--method %s: this program fits voxel by voxel only (voxel)", method);
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-calls", &calls, NULL));
  fp = fopen(file, "rb");
  PetscCheck(fp, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "cannot open '%s' (the signals file comes first: c-t2 FILE ...)", file);
  PetscCheck(fread(&nv, sizeof(nv), 1, fp) == 1, PETSC_COMM_SELF, PETSC_ERR_FILE_READ, "short file");
  nvox64 = (PetscInt)nv;
  if (hasmap) {
    long long mx = 0, my = 0;
    PetscCheck(sscanf(map, "%lld,%lld", &mx, &my) == 2 && mx * my == nv, PETSC_COMM_WORLD, PETSC_ERR_ARG_WRONG, "--map %s does not match the %lld voxels of %s", map, nv, file);
  }
  /* the same contiguous blocks as petsc_examples::block_range */
  lo = rank * (nvox64 / size) + PetscMin(rank, nvox64 % size);
  n  = nvox64 / size + (rank < nvox64 % size ? 1 : 0);
  hi = lo + n;
  PetscCall(PetscMalloc1(n * NE, &sig));
  PetscCheck(fseek(fp, 8 + (long)lo * NE * 8, SEEK_SET) == 0, PETSC_COMM_SELF, PETSC_ERR_FILE_READ, "seek");
  PetscCheck(fread(sig, sizeof(PetscReal), n * NE, fp) == (size_t)(n * NE), PETSC_COMM_SELF, PETSC_ERR_FILE_READ, "short file");
  fclose(fp);

  PetscCall(VecCreateSeq(PETSC_COMM_SELF, 2, &x));
  PetscCall(VecDuplicate(x, &lb));
  PetscCall(VecDuplicate(x, &ub));
  PetscCall(VecSetValue(lb, 0, 0.0, INSERT_VALUES));
  PetscCall(VecSetValue(lb, 1, 1e-3, INSERT_VALUES));
  PetscCall(VecAssemblyBegin(lb));
  PetscCall(VecAssemblyEnd(lb));
  PetscCall(VecSet(ub, PETSC_INFINITY));
  PetscCall(TaoCreate(PETSC_COMM_SELF, &tao));
  PetscCall(TaoSetType(tao, TAOLMVM));
  PetscCall(TaoSetSolution(tao, x));
  PetscCall(TaoSetObjectiveAndGradient(tao, NULL, FormFunctionGradient, &vox));
  PetscCall(TaoSetVariableBounds(tao, lb, ub));
  PetscCall(TaoSetTolerances(tao, 1e-8, 0.0, 0.0));
  PetscCall(TaoSetMaximumIterations(tao, 500));
  PetscCall(TaoSetFromOptions(tao));

  PetscCallMPI(MPI_Barrier(PETSC_COMM_WORLD));
  PetscCall(PetscTime(&t0));
  for (i = 0; i < n; i++) {
    PetscScalar *xa;
    vox.s = sig + i * NE;
    PetscCall(VecGetArray(x, &xa));
    xa[0] = 0.8;
    xa[1] = 50.0;
    PetscCall(VecRestoreArray(x, &xa));
    PetscCall(TaoSolve(tao));
    PetscCall(TaoGetIterationNumber(tao, &its));
    PetscCall(TaoGetConvergedReason(tao, &reason));
    totits += its;
    if (reason > 0) nconv++;
    PetscCall(VecGetArray(x, &xa));
    sumt2 += PetscRealPart(xa[1]);
    PetscCall(VecRestoreArray(x, &xa));
  }
  PetscCall(PetscTime(&t1));
  el = t1 - t0;
  PetscCallMPI(MPI_Allreduce(&el, &slow, 1, MPI_DOUBLE, MPI_MAX, PETSC_COMM_WORLD));
  {
    PetscReal loc[2] = {sumt2, (PetscReal)totits};
    PetscCallMPI(MPI_Allreduce(loc, tot, 2, MPIU_REAL, MPIU_SUM, PETSC_COMM_WORLD));
  }
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "C fit time %.6f s: %.0f voxels/s; total iterations %.0f; sum T2 %.12e\n", slow, nvox64 / slow, (double)tot[1], (double)tot[0]));

  if (calls > 0 && rank == 0) {
    Vec       g;
    PetscReal best_d = 1e300, best_t = 1e300, sink = 0;
    PetscCall(VecDuplicate(x, &g));
    vox.s = sig;
    for (int rep = 0; rep < 5; rep++) {
      PetscCall(PetscTime(&t0));
      for (PetscInt c = 0; c < calls; c++) {
        PetscCall(FormFunctionGradient(tao, x, &ftmp, g, &vox));
        sink += ftmp;
      }
      PetscCall(PetscTime(&t1));
      best_d = PetscMin(best_d, (t1 - t0) / calls);
      PetscCall(PetscTime(&t0));
      for (PetscInt c = 0; c < calls; c++) PetscCall(TaoComputeGradient(tao, x, g));
      PetscCall(PetscTime(&t1));
      best_t = PetscMin(best_t, (t1 - t0) / calls);
    }
    PetscCall(PetscPrintf(PETSC_COMM_SELF, "C callback bench (%" PetscInt_FMT " calls, best of 5): direct call on Vecs %.1f ns, through TAO %.1f ns%s\n", calls, best_d * 1e9, best_t * 1e9, sink != sink ? " (nan)" : ""));
    PetscCall(VecDestroy(&g));
  }
  PetscCall(TaoDestroy(&tao));
  PetscCall(VecDestroy(&x));
  PetscCall(VecDestroy(&lb));
  PetscCall(VecDestroy(&ub));
  PetscCall(PetscFree(sig));
  PetscCall(PetscFinalize());
  return 0;
}
