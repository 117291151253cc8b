/* STREAM-style triad a[i] = b[i] + s * c[i] on every rank at once, the bandwidth the
   bandwidth-bound kernels of ci/bench/benchmarks.toml are compared with.

     mpiexec -n NP ./stream [-n ENTRIES] [-times T]

   Each rank owns three arrays of ENTRIES doubles (default 20,000,000: 480 MB a rank,
   well past any cache), touched once before timing. T times (default 10): barrier,
   triad, barrier; the fastest pass counts. Bytes moved are counted as STREAM counts
   them, 24 a point (two reads, one write; write-allocate traffic not counted). Prints
   the time of the fastest pass and the bandwidth of all ranks together. */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
  long    n = 20000000, times = 10, i, t;
  double *a, *b, *c, best = 1e300, s = 3.0, check = 0.0, total;
  int     rank, size;

  MPI_Init(&argc, &argv);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  for (i = 1; i + 1 < argc; i += 2) {
    if (!strcmp(argv[i], "-n")) n = atol(argv[i + 1]);
    else if (!strcmp(argv[i], "-times")) times = atol(argv[i + 1]);
  }
  a = malloc(n * sizeof(double));
  b = malloc(n * sizeof(double));
  c = malloc(n * sizeof(double));
  if (!a || !b || !c) {
    fprintf(stderr, "stream: cannot allocate 3 x %ld doubles\n", n);
    MPI_Abort(MPI_COMM_WORLD, 1);
  }
  for (i = 0; i < n; i++) {
    a[i] = 0.0;
    b[i] = 1.0;
    c[i] = 2.0;
  }
  for (t = 0; t < times; t++) {
    double t0, t1;
    MPI_Barrier(MPI_COMM_WORLD);
    t0 = MPI_Wtime();
    for (i = 0; i < n; i++) a[i] = b[i] + s * c[i];
    MPI_Barrier(MPI_COMM_WORLD);
    t1 = MPI_Wtime();
    if (t1 - t0 < best) best = t1 - t0;
  }
  for (i = 0; i < n; i += 4096) check += a[i];
  MPI_Allreduce(&check, &total, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
  if (rank == 0) {
    printf("Triad time %.6f s\n", best);
    printf("Triad bandwidth %.1f MB/s over %d rank(s)\n", 24.0 * (double)n * size / best / 1e6, size);
    printf("Triad check %.1f\n", total / size);
  }
  free(a);
  free(b);
  free(c);
  MPI_Finalize();
  return 0;
}
