/* A program's own options in a PetscOptionsBegin/End block, so that -help lists them
   under the block's title with their descriptions and defaults, as PETSc lists an
   object's options. The block's state is PETSc's own `PetscOptionsObject`, whose type
   changed from a struct to a pointer to one after PETSc 3.22: here it is only ever a
   `void *`, which C converts to either, and PetscOptionsBegin's own declaration gives
   its size. */
#include "shim.h"

PetscErrorCode petscrs_OptionsBlockBegin(MPI_Comm comm, const char pre[], const char title[], void **block)
{
  PetscFunctionBeginUser;
  *block = NULL;
  PetscOptionsBegin(comm, pre, title, NULL);
  {
    /* The block goes on past this function: its state moves to the heap, where the
       items and petscrs_OptionsBlockEnd find it (nothing holds its address). */
    void *heap;
    PetscCall(PetscMalloc(sizeof(*PetscOptionsObject), &heap));
    PetscCall(PetscMemcpy(heap, PetscOptionsObject, sizeof(*PetscOptionsObject)));
    petscrs_options_block_moved(PetscOptionsObject, heap);
    *block = heap;
  }
  break; /* out of PetscOptionsBegin's loop, before the End below */
  PetscOptionsEnd();
  PetscFunctionReturn(0);
}

PetscErrorCode petscrs_OptionsBlockEnd(void *block)
{
  void *PetscOptionsObject = block;

  PetscFunctionBeginUser;
  PetscCall(PetscOptionsEnd_Private(PetscOptionsObject));
  PetscCall(PetscFree(block));
  PetscFunctionReturn(0);
}

/* The items of a plain type (Int, Real, Bool): PetscOptions<Kind> on the block. */
#define PETSCRS_OPTIONS_ITEM(Kind, T) \
  PetscErrorCode petscrs_OptionsBlock##Kind(void *block, const char opt[], const char text[], const char man[], T dflt, T *value, PetscBool *set) \
  { \
    void *PetscOptionsObject = block; \
\
    PetscFunctionBeginUser; \
    *value = dflt; \
    PetscCall(PetscOptions##Kind(opt, text, man, dflt, value, set)); \
    PetscFunctionReturn(0); \
  }

PETSCRS_OPTIONS_ITEM(Int, PetscInt)
PETSCRS_OPTIONS_ITEM(Real, PetscReal)
PETSCRS_OPTIONS_ITEM(Bool, PetscBool)

PetscErrorCode petscrs_OptionsBlockString(void *block, const char opt[], const char text[], const char man[], const char dflt[], char value[], size_t len, PetscBool *set)
{
  void *PetscOptionsObject = block;

  PetscFunctionBeginUser;
  PetscCall(PetscOptionsString(opt, text, man, dflt, value, len, set));
  PetscFunctionReturn(0);
}

PetscErrorCode petscrs_OptionsBlockEList(void *block, const char opt[], const char text[], const char man[], const char *const list[], PetscInt n, const char dflt[], PetscInt *value, PetscBool *set)
{
  void *PetscOptionsObject = block;

  PetscFunctionBeginUser;
  PetscCall(PetscOptionsEList(opt, text, man, list, n, dflt, value, set));
  PetscFunctionReturn(0);
}
