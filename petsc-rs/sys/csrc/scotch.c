/* The integer width of the PT-Scotch library PETSc was linked with, found among the
   loaded libraries at run time (the bindings do not include PT-Scotch's header, and a
   PETSc may have none). PETSc's PT-Scotch partitioner hands PT-Scotch arrays of
   PetscInt: with another width (Debian's 64-bit-index PETSc links the 32-bit PT-Scotch)
   PT-Scotch reads them wrongly and the partitioning crashes. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include "shim.h"

typedef int (*scotch_num_sizeof_fn)(void);

int petscrs_scotch_num_size(void)
{
  scotch_num_sizeof_fn f = (scotch_num_sizeof_fn)dlsym(RTLD_DEFAULT, "SCOTCH_numSizeof");

  return f ? f() : 0;
}
