/* Definitions that take the place of PETSc's own options functions in a program linked with
   petsc-rs: checks of the integers PETSc parses itself, and the options blocks (PetscOptionsBegin/End)
   an error left open. */
#define _GNU_SOURCE /* RTLD_NEXT */
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include "shim.h"

#if defined(PETSC_USE_64BIT_INDICES)
  #define PETSCRS_INT_MIN ((PetscInt)LLONG_MIN)
  #define PETSCRS_INT_MAX ((PetscInt)LLONG_MAX)
#else
  #define PETSCRS_INT_MIN ((PetscInt)INT_MIN)
  #define PETSCRS_INT_MAX ((PetscInt)INT_MAX)
#endif

/* Integers PETSc parses itself from the options database.

   Every integer option PETSc reads (PetscOptionsGetInt, PetscOptionsGetIntArray, and
   through them PetscOptionsInt in the objects' SetFromOptions) goes through
   PetscOptionsStringToInt, which reads the decimal text with strtol and casts it to
   PetscInt: a value out of PetscInt's range is silently wrapped (99999999999 becomes
   1215752191 with 32-bit indices) or, out of long's range, saturated. The definitions
   below take the place of PETSc's own in a program linked with petsc-rs (the program's
   symbols come first for the dynamic linker, and PETSc calls these through its PLT):
   each calls PETSc's and refuses such a value with PETSC_ERR_ARG_OUTOFRANGE, naming the
   option and the value. Where the dynamic linker does not let a program's definition
   come first (a statically linked PETSc: ours are weak, so PETSc's win), PETSc's own run
   unchanged. */

typedef PetscErrorCode (*petscrs_StringToInt_fn)(const char[], PetscInt *);
typedef PetscErrorCode (*petscrs_GetInt_fn)(PetscOptions, const char[], const char[], PetscInt *, PetscBool *);
typedef PetscErrorCode (*petscrs_GetIntArray_fn)(PetscOptions, const char[], const char[], PetscInt[], PetscInt *, PetscBool *);

/* The option being read by PetscOptionsGetInt(Array), for the message. */
static const char *petscrs_reading_pre  = NULL;
static const char *petscrs_reading_name = NULL;

/* The last refusal's message, for an error raised before PETSc's error handlers are
   set (in PetscInitialize, which prints it and returns only the code). */
static char petscrs_refusal[512];

/* PETSc's definition of `name`, the next one after this program's. */
static void *petscrs_next(const char *name)
{
  return dlsym(RTLD_NEXT, name);
}

/* Whether `text`, which PETSc accepted as an integer, is a decimal value out of
   PetscInt's range (PETSc's keywords DEFAULT, DECIDE and mouse are not decimal). */
static PetscBool petscrs_int_text_overflows(const char text[])
{
  char     *end;
  long long v;

  errno = 0;
  v     = strtoll(text, &end, 10);
  if (end == text || *end != '\0') return PETSC_FALSE;
  if (errno == ERANGE) return PETSC_TRUE;
  return (long long)(PetscInt)v != v ? PETSC_TRUE : PETSC_FALSE;
}

__attribute__((weak)) PetscErrorCode PetscOptionsStringToInt(const char name[], PetscInt *a)
{
  static petscrs_StringToInt_fn petsc_own = NULL;

  PetscFunctionBegin;
  if (!petsc_own) petsc_own = (petscrs_StringToInt_fn)petscrs_next("PetscOptionsStringToInt");
  PetscCheck(petsc_own, PETSC_COMM_SELF, PETSC_ERR_LIB, "petsc-rs: PETSc's PetscOptionsStringToInt not found: %s", dlerror());
  PetscCall(petsc_own(name, a));
  if (name && petscrs_int_text_overflows(name)) {
    const char *pre = petscrs_reading_pre ? petscrs_reading_pre : "", *opt = petscrs_reading_name;

    if (opt && opt[0] == '-') opt++;
    if (opt) {
      snprintf(petscrs_refusal, sizeof(petscrs_refusal), "option -%s%s = %s does not fit PetscInt (%d-bit: %" PetscInt_FMT " to %" PetscInt_FMT "); PETSc would have read %" PetscInt_FMT, pre, opt, name, (int)(8 * sizeof(PetscInt)),
               PETSCRS_INT_MIN, PETSCRS_INT_MAX, *a);
    } else {
      snprintf(petscrs_refusal, sizeof(petscrs_refusal), "integer option value %s does not fit PetscInt (%d-bit: %" PetscInt_FMT " to %" PetscInt_FMT "); PETSc would have read %" PetscInt_FMT, name, (int)(8 * sizeof(PetscInt)), PETSCRS_INT_MIN,
               PETSCRS_INT_MAX, *a);
    }
    SETERRQ(PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "%s", petscrs_refusal);
  }
  PetscFunctionReturn(0);
}

__attribute__((weak)) PetscErrorCode PetscOptionsGetInt(PetscOptions options, const char pre[], const char name[], PetscInt *ivalue, PetscBool *set)
{
  static petscrs_GetInt_fn petsc_own = NULL;
  const char              *outer_pre = petscrs_reading_pre, *outer_name = petscrs_reading_name;
  PetscErrorCode           ierr;

  if (!petsc_own) petsc_own = (petscrs_GetInt_fn)petscrs_next("PetscOptionsGetInt");
  if (!petsc_own) SETERRQ(PETSC_COMM_SELF, PETSC_ERR_LIB, "petsc-rs: PETSc's PetscOptionsGetInt not found: %s", dlerror());
  petscrs_reading_pre  = pre;
  petscrs_reading_name = name;
  ierr                 = petsc_own(options, pre, name, ivalue, set);
  petscrs_reading_pre  = outer_pre;
  petscrs_reading_name = outer_name;
  return ierr;
}

__attribute__((weak)) PetscErrorCode PetscOptionsGetIntArray(PetscOptions options, const char pre[], const char name[], PetscInt ivalue[], PetscInt *nmax, PetscBool *set)
{
  static petscrs_GetIntArray_fn petsc_own = NULL;
  const char                   *outer_pre = petscrs_reading_pre, *outer_name = petscrs_reading_name;
  PetscErrorCode                ierr;

  if (!petsc_own) petsc_own = (petscrs_GetIntArray_fn)petscrs_next("PetscOptionsGetIntArray");
  if (!petsc_own) SETERRQ(PETSC_COMM_SELF, PETSC_ERR_LIB, "petsc-rs: PETSc's PetscOptionsGetIntArray not found: %s", dlerror());
  petscrs_reading_pre  = pre;
  petscrs_reading_name = name;
  ierr                 = petsc_own(options, pre, name, ivalue, nmax, set);
  petscrs_reading_pre  = outer_pre;
  petscrs_reading_name = outer_name;
  return ierr;
}

/* The message of the last value refused (empty if none), and forgets it. */
void petscrs_parsed_ints_take_refusal(char *buf, size_t len)
{
  if (len == 0) return;
  snprintf(buf, len, "%s", petscrs_refusal);
  petscrs_refusal[0] = '\0';
}

/* Options blocks an error left open.

   PetscOptionsBegin_Private copies the block's title and prefix (PetscStrallocpy) into a
   PetscOptionItems on its caller's stack, and PetscOptionsEnd_Private frees them. An error
   between the two (an unknown type name, an integer refused above, an options handler
   that fails) returns past PetscOptionsEnd, and the copies leak. The hooks below keep the
   open blocks in a stack (the address of their PetscOptionItems, title and prefix) and
   free the copies of a block once its frame is certainly gone:
   - when a block ends, the blocks begun after it and still open (their frames were
     inside its dynamic extent, which is back at its own frame);
   - when a block begins, the open blocks whose PetscOptionItems lies at or below the new
     one's (every live frame is above the frame now running; the new one's is its
     caller's);
   - when petsc-rs reports an error, those below a frame of the reporting code, and at
     finalization all of them.
   A block petsc-rs moves off the stack (a program's own OptionsBlock) is left to its
   owner, which ends it.
   The PetscOptionItems of a block whose frame is gone is never read: only the copies'
   addresses, recorded when the block began. Before PETSc 3.23, where PetscOptionItems is a
   struct the headers show. */
#if PETSC_VERSION_LT(3, 23, 0)
typedef struct {
  const void *items;
  char       *title, *prefix;
  PetscBool   moved; /* moved off the stack (petscrs_options_block_moved): ended only */
} petscrs_open_block;

static petscrs_open_block *petscrs_blocks   = NULL;
static size_t              petscrs_nblocks  = 0;
static size_t              petscrs_capacity = 0;

static void petscrs_block_free(petscrs_open_block *b)
{
  (void)PetscFree(b->title);
  (void)PetscFree(b->prefix);
}

/* Frees and forgets the open blocks whose PetscOptionItems is below `frame` (or at it, if
   `at`); all of them if `frame` is NULL. */
static void petscrs_blocks_reap(const void *frame, PetscBool at)
{
  size_t kept = 0;

  for (size_t i = 0; i < petscrs_nblocks; i++) {
    const char *p    = (const char *)petscrs_blocks[i].items;
    PetscBool   dead = !frame || (!petscrs_blocks[i].moved && (p < (const char *)frame || (at && p == (const char *)frame)));

    if (dead) petscrs_block_free(&petscrs_blocks[i]);
    else petscrs_blocks[kept++] = petscrs_blocks[i];
  }
  petscrs_nblocks = kept;
}

static void petscrs_blocks_push(PetscOptionItems *items)
{
  if (petscrs_nblocks == petscrs_capacity) {
    size_t              n = petscrs_capacity ? 2 * petscrs_capacity : 16;
    petscrs_open_block *b = (petscrs_open_block *)realloc(petscrs_blocks, n * sizeof(*b));

    if (!b) return; /* not recorded: a leak, as without these hooks */
    petscrs_blocks   = b;
    petscrs_capacity = n;
  }
  petscrs_blocks[petscrs_nblocks].items  = items;
  petscrs_blocks[petscrs_nblocks].title  = items->title;
  petscrs_blocks[petscrs_nblocks].prefix = items->prefix;
  petscrs_blocks[petscrs_nblocks].moved  = PETSC_FALSE;
  petscrs_nblocks++;
}

typedef PetscErrorCode (*petscrs_Begin_fn)(PetscOptionItems *, MPI_Comm, const char[], const char[], const char[]);
typedef PetscErrorCode (*petscrs_ObjectBegin_fn)(PetscObject, PetscOptionItems *);
typedef PetscErrorCode (*petscrs_End_fn)(PetscOptionItems *);

__attribute__((weak)) PetscErrorCode PetscOptionsBegin_Private(PetscOptionItems *items, MPI_Comm comm, const char prefix[], const char title[], const char mansec[])
{
  static petscrs_Begin_fn petsc_own = NULL;

  if (!petsc_own) petsc_own = (petscrs_Begin_fn)petscrs_next("PetscOptionsBegin_Private");
  if (!petsc_own) SETERRQ(PETSC_COMM_SELF, PETSC_ERR_LIB, "petsc-rs: PETSc's PetscOptionsBegin_Private not found: %s", dlerror());
  petscrs_blocks_reap(items, PETSC_TRUE);
  PetscCall(petsc_own(items, comm, prefix, title, mansec));
  petscrs_blocks_push(items);
  return 0;
}

__attribute__((weak)) PetscErrorCode PetscObjectOptionsBegin_Private(PetscObject obj, PetscOptionItems *items)
{
  static petscrs_ObjectBegin_fn petsc_own = NULL;

  if (!petsc_own) petsc_own = (petscrs_ObjectBegin_fn)petscrs_next("PetscObjectOptionsBegin_Private");
  if (!petsc_own) SETERRQ(PETSC_COMM_SELF, PETSC_ERR_LIB, "petsc-rs: PETSc's PetscObjectOptionsBegin_Private not found: %s", dlerror());
  petscrs_blocks_reap(items, PETSC_TRUE);
  /* PETSc's calls PetscOptionsBegin_Private (through its PLT: recorded there) */
  return petsc_own(obj, items);
}

__attribute__((weak)) PetscErrorCode PetscOptionsEnd_Private(PetscOptionItems *items)
{
  static petscrs_End_fn petsc_own = NULL;

  if (!petsc_own) petsc_own = (petscrs_End_fn)petscrs_next("PetscOptionsEnd_Private");
  if (!petsc_own) SETERRQ(PETSC_COMM_SELF, PETSC_ERR_LIB, "petsc-rs: PETSc's PetscOptionsEnd_Private not found: %s", dlerror());
  for (size_t i = petscrs_nblocks; i-- > 0;) {
    size_t kept = i;

    if (petscrs_blocks[i].items != items) continue;
    /* The blocks begun after this one and still open are gone, except those moved off
       the stack, which their owner ends. This block's copies are PETSc's to free. */
    for (size_t j = i + 1; j < petscrs_nblocks; j++) {
      if (petscrs_blocks[j].moved) petscrs_blocks[kept++] = petscrs_blocks[j];
      else petscrs_block_free(&petscrs_blocks[j]);
    }
    petscrs_nblocks = kept;
    break;
  }
  return petsc_own(items);
}

void petscrs_options_blocks_reap(const void *frame)
{
  petscrs_blocks_reap(frame, PETSC_FALSE);
}

void petscrs_options_block_moved(const void *from, const void *to)
{
  for (size_t i = petscrs_nblocks; i-- > 0;) {
    if (petscrs_blocks[i].items != from) continue;
    petscrs_blocks[i].items = to;
    petscrs_blocks[i].moved = PETSC_TRUE;
    break;
  }
}
#else
void petscrs_options_blocks_reap(const void *frame)
{
  (void)frame;
}

void petscrs_options_block_moved(const void *from, const void *to)
{
  (void)from;
  (void)to;
}
#endif
