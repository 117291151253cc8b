/* A trial open of an HDF5 file through the HDF5 library PETSc was linked with, found
   among the loaded libraries at run time: the bindings do not include HDF5's headers,
   and a program need not link HDF5 itself. PETSc's HDF5 viewer cannot be destroyed
   after HDF5 failed to open its file (it flushes the file it never opened), so a file
   HDF5 cannot open (one cut short keeps its signature) is found here first. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdint.h>
#include "shim.h"

typedef int64_t (*h5_fopen_fn)(const char *, unsigned, int64_t);
typedef int (*h5_fclose_fn)(int64_t);
typedef int (*h5_eget_auto_fn)(int64_t, void **, void **);
typedef int (*h5_eset_auto_fn)(int64_t, void *, void *);

int petscrs_hdf5_can_open(const char *name)
{
  h5_fopen_fn     fopen_  = (h5_fopen_fn)dlsym(RTLD_DEFAULT, "H5Fopen");
  h5_fclose_fn    fclose_ = (h5_fclose_fn)dlsym(RTLD_DEFAULT, "H5Fclose");
  h5_eget_auto_fn get_    = (h5_eget_auto_fn)dlsym(RTLD_DEFAULT, "H5Eget_auto2");
  h5_eset_auto_fn set_    = (h5_eset_auto_fn)dlsym(RTLD_DEFAULT, "H5Eset_auto2");
  void           *func = NULL, *data = NULL;
  int             quiet = 0;
  int64_t         id;

  if (!name || !fopen_ || !fclose_) return -1;
  /* HDF5 prints its error stack for a failed open: silenced for the trial
     (H5E_DEFAULT is 0). */
  if (get_ && set_ && get_(0, &func, &data) >= 0 && set_(0, NULL, NULL) >= 0) quiet = 1;
  id = fopen_(name, 0u /* H5F_ACC_RDONLY */, 0 /* H5P_DEFAULT */);
  if (id >= 0) (void)fclose_(id);
  if (quiet) (void)set_(0, func, data);
  return id >= 0 ? 1 : 0;
}
