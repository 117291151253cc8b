/* Functions for PETSc macros and inline functions that bindgen cannot bind. */
#ifndef PETSCRS_SHIM_H
#define PETSCRS_SHIM_H
#include <petscsys.h>
#include <petscmat.h>
#include <petscpc.h>
#include <petscksp.h>
#include <petscsnes.h>
#include <petscts.h>
#include <petsctao.h>
#include <petscsection.h>
#include <petscdmlabel.h>
#include <petscdmplextransform.h>
#include <petscdevice.h>

/* PETSC_COMM_SELF (a macro for MPI_COMM_SELF). */
MPI_Comm petscrs_comm_self(void);
/* PETSC_COMM_WORLD (a global that may be set before PetscInitialize). */
MPI_Comm petscrs_comm_world(void);
/* MPI_COMM_NULL. */
MPI_Comm petscrs_comm_null(void);
/* MPIU_INT, MPIU_REAL, MPIU_SCALAR: the MPI datatypes of PETSc's numbers. */
MPI_Datatype petscrs_mpiu_int(void);
MPI_Datatype petscrs_mpiu_real(void);
MPI_Datatype petscrs_mpiu_scalar(void);
/* The MPI operations star forests apply: 0 MPI_REPLACE, 1 MPI_SUM, 2 MPI_PROD, 3 MPI_MAX,
   4 MPI_MIN; MPI_OP_NULL for anything else. */
MPI_Op petscrs_mpi_op(int which);
/* PetscCitationsRegister (a static inline function). */
PetscErrorCode petscrs_PetscCitationsRegister(const char cit[], PetscBool *set);
/* sizeof(PetscScalar), sizeof(PetscInt), sizeof(PetscReal): checked against Rust's. */
size_t petscrs_sizeof_scalar(void);
size_t petscrs_sizeof_int(void);
size_t petscrs_sizeof_real(void);
/* PETSC_ERR_USER (a macro, then an enumerator, depending on the version). */
PetscErrorCode petscrs_err_user(void);
/* PETSC_ERR_NOT_CONVERGED (likewise). */
PetscErrorCode petscrs_err_not_converged(void);
/* PETSC_ERR_SUP (likewise). */
PetscErrorCode petscrs_err_sup(void);
/* Whether PETSc's "neighbor" star forests use MPI-4's persistent neighbourhood
   collectives (PETSC_HAVE_MPI_PERSISTENT_NEIGHBORHOOD_COLLECTIVES). */
int petscrs_sf_neighbor_persistent(void);

/* The functions that take a PetscScalar by value, taking it by pointer instead. With
   complex scalars a `double _Complex` argument has its own calling convention, which a
   Rust struct of two doubles is not guaranteed to share on every target; through these,
   scalars cross the boundary only in memory. */
PetscErrorCode petscrs_VecSet(Vec x, const PetscScalar *alpha);
PetscErrorCode petscrs_VecScale(Vec x, const PetscScalar *alpha);
PetscErrorCode petscrs_VecShift(Vec x, const PetscScalar *alpha);
PetscErrorCode petscrs_VecAXPY(Vec y, const PetscScalar *alpha, Vec x);
PetscErrorCode petscrs_VecAYPX(Vec y, const PetscScalar *beta, Vec x);
PetscErrorCode petscrs_VecWAXPY(Vec w, const PetscScalar *alpha, Vec x, Vec y);
PetscErrorCode petscrs_MatScale(Mat a, const PetscScalar *alpha);
PetscErrorCode petscrs_MatShift(Mat a, const PetscScalar *alpha);
PetscErrorCode petscrs_MatZeroRows(Mat a, PetscInt n, const PetscInt rows[], const PetscScalar *diag, Vec x, Vec b);
PetscErrorCode petscrs_MatZeroRowsColumns(Mat a, PetscInt n, const PetscInt rows[], const PetscScalar *diag, Vec x, Vec b);

/* PetscFree (a macro): frees memory PETSc allocated for the caller. */
PetscErrorCode petscrs_PetscFree(void *p);
/* PetscMalloc and PetscStrallocpy (macros or static inline in some versions), for
   arrays handed to PETSc, which frees them with PetscFree. */
PetscErrorCode petscrs_PetscMalloc(size_t bytes, void **p);
PetscErrorCode petscrs_PetscStrallocpy(const char s[], char **t);
/* PetscLogEventBegin/End, PetscLogFlops and PetscTime (macros or inline functions). */
PetscErrorCode petscrs_PetscLogEventBegin(PetscLogEvent e);
PetscErrorCode petscrs_PetscLogEventEnd(PetscLogEvent e);
PetscErrorCode petscrs_PetscLogFlops(PetscLogDouble n);
PetscErrorCode petscrs_PetscTime(PetscLogDouble *t);

/* The nesting depth of PCPreSolve() on a PC (`pc->presolvedone`, a private field; in
   private.c). KSPSolve() raises it before the Krylov iteration and lowers it after, and
   PCPreSolve() refuses a depth above 2; an error in between skips the lowering, so a
   solver that failed that way must have it put back. */
PetscErrorCode petscrs_PCGetPreSolveDepth(PC pc, PetscInt *depth);
/* Whether PetscSectionSetUp() has run on a section (`s->setup`, a private field; in
   private.c): the constraint-index storage exists only after it. */
/* Whether a matrix's storage exists (`preallocated`): an MPI matrix's type methods
   dereference their blocks without checking in PETSc's optimized builds. */
PetscErrorCode petscrs_MatIsPreallocated(Mat mat, PetscBool *preallocated);
/* Whether a partitioner has its graph (`adj`): MatPartitioningApply() dereferences it
   without checking in PETSc's optimized builds. */
PetscErrorCode petscrs_MatPartitioningHasAdjacency(MatPartitioning part, PetscBool *has);
PetscErrorCode petscrs_PetscSectionIsSetUp(PetscSection s, PetscBool *setup);
/* Whether VecSetValues() (or its blocked form) has run on a vector since its last
   assembly (`stash.insertmode`, `bstash.insertmode`; private fields, in private.c):
   PETSc refuses such a vector in most operations, on that rank only. */
PetscErrorCode petscrs_VecAssemblyNeeded(Vec v, PetscBool *needed);
/* Drops the references a KSP or SNES keeps to the right-hand side and solution of its
   last solve (`vec_rhs`, `vec_sol`; private fields, in private.c) when they are `b` and
   `x` (either may be null): for vectors lent for a scope, which the solver must not keep
   past it. */
PetscErrorCode petscrs_KSPForgetVecs(KSP ksp, Vec b, Vec x);
PetscErrorCode petscrs_SNESForgetVecs(SNES snes, Vec b, Vec x);
/* Whether a label has a point index, and its range (`label->bt`, `pStart`, `pEnd`;
   private fields, in private.c): DMLabelHasPoint() and DMLabelGetValue() read the index
   bit of a point without checking the range unless PETSc was built with debugging. */
/* The "rsshell" KSP type, whose solve is a function given at run time (in private.c):
   registered once; the function, its context and a destroy hook set on such a KSP. */
PetscErrorCode petscrs_KSPRegisterShell(void);
PetscErrorCode petscrs_KSPShellSet(KSP ksp, PetscErrorCode (*solve)(KSP, Vec, Vec, void *), void *ctx, PetscErrorCode (*destroy)(KSP));
PetscErrorCode petscrs_DMLabelGetIndex(DMLabel label, PetscBool *has, PetscInt *start, PetscInt *end);
/* Whether the DM's fields are kept in its field array (`dm->fields`; in private.c):
   false for a DMDA from PETSc 3.23.1, which reports its components as fields without one,
   and whose field calls (DMSetNumFields, DMSetField, DMSetAdjacency of a field, ...)
   index the missing array. */
PetscErrorCode petscrs_DMHasFieldArray(DM dm, PetscBool *has);
/* Whether DMPlexTransformSetUp has run on `tr` (its setupcalled flag). */
PetscErrorCode petscrs_DMPlexTransformSetUpCalled(DMPlexTransform tr, PetscBool *done);
/* One more reference to a device (its refcnt; in private.c): PetscDeviceDestroy()
   releases it. */
PetscErrorCode petscrs_PetscDeviceReference(PetscDevice device);
PetscErrorCode petscrs_PCSetPreSolveDepth(PC pc, PetscInt depth);
/* How many times the "history" step-size controller holds (in private.c): -1 when the
   controller is of another type, 0 when no history was given. TSAdaptHistoryGetStep()
   reads the history without checking that it exists, nor an empty one's bounds. */
PetscErrorCode petscrs_TSAdaptHistoryCount(TSAdapt adapt, PetscInt *n);
/* After a KSPSolve ended by an error inside its iteration: scales the right-hand side and
   the operators back, as the end of a successful solve does, when the solver diagonally
   scales with -ksp_diagonal_scale_fix. */
PetscErrorCode petscrs_KSPUnscaleAfterFailure(KSP ksp);
/* After a TaoSolve() ended by an error: frees the line search's type data (in private.c),
   whose work vectors the evaluation that failed may have left locked read-only, keeping
   its settings. */
PetscErrorCode petscrs_TaoLineSearchRenew(TaoLineSearch ls);
/* petsc4py's KSP setters, which PETSc does not have: they write the solver's private
   fields (in private.c), as petsc4py's own C helpers do. */
PetscErrorCode petscrs_KSPSetIterationNumber(KSP ksp, PetscInt its);
PetscErrorCode petscrs_KSPSetResidualNorm(KSP ksp, PetscReal rnorm);
PetscErrorCode petscrs_KSPSetConvergedReason(KSP ksp, KSPConvergedReason reason);
PetscErrorCode petscrs_KSPLogResidualHistory(KSP ksp, PetscReal rnorm);
/* petsc4py's SNES helpers, on the solver's private fields (in private.c): one more
   entry of the convergence history (PETSc's private inline SNESLogConvergenceHistory),
   a call of the solver's convergence test as set (none: still iterating), and the flag
   saying whether the solver's method uses a linear solver (`snes->usesksp`). */
PetscErrorCode petscrs_SNESLogConvergenceHistory(SNES snes, PetscReal res, PetscInt its);
PetscErrorCode petscrs_SNESConvergenceTestCall(SNES snes, PetscInt its, PetscReal xnorm, PetscReal ynorm, PetscReal fnorm, SNESConvergedReason *reason);
PetscErrorCode petscrs_SNESSetUseKSP(SNES snes, PetscBool flag);
PetscErrorCode petscrs_SNESGetUseKSP(SNES snes, PetscBool *flag);
/* Whether the HDF5 library PETSc loaded opens `name` for reading: 1 yes, 0 no, -1 no
   HDF5 loaded (csrc/hdf5.c). */
int petscrs_hdf5_can_open(const char *name);
/* The size in bytes of the integers of the PT-Scotch library PETSc loaded
   (`SCOTCH_numSizeof()`), or 0 when none is loaded (csrc/scotch.c). */
int petscrs_scotch_num_size(void);
/* The name an object was given, or NULL; PetscObjectGetName would make one up
   (private.c). */
PetscErrorCode petscrs_PetscObjectGetNameIfSet(PetscObject obj, const char **name);
/* A program's own options in a PetscOptionsBegin/End block listed by -help under
   `title` (csrc/options.c): Begin makes the block, each item reads and lists one option,
   End lists nothing more and frees the block. */
PetscErrorCode petscrs_OptionsBlockBegin(MPI_Comm comm, const char pre[], const char title[], void **block);
PetscErrorCode petscrs_OptionsBlockEnd(void *block);
PetscErrorCode petscrs_OptionsBlockInt(void *block, const char opt[], const char text[], const char man[], PetscInt dflt, PetscInt *value, PetscBool *set);
PetscErrorCode petscrs_OptionsBlockReal(void *block, const char opt[], const char text[], const char man[], PetscReal dflt, PetscReal *value, PetscBool *set);
PetscErrorCode petscrs_OptionsBlockBool(void *block, const char opt[], const char text[], const char man[], PetscBool dflt, PetscBool *value, PetscBool *set);
PetscErrorCode petscrs_OptionsBlockString(void *block, const char opt[], const char text[], const char man[], const char dflt[], char value[], size_t len, PetscBool *set);
PetscErrorCode petscrs_OptionsBlockEList(void *block, const char opt[], const char text[], const char man[], const char *const list[], PetscInt n, const char dflt[], PetscInt *value, PetscBool *set);
/* External packages' setters (SPAI's, HPDDM's), through the functions their types
   compose on the object (csrc/composed.c): PETSC_ERR_SUP when it has none (another type,
   or a PETSc built without the package). No symbol of the package is linked. */
PetscErrorCode petscrs_PCSPAISetEpsilon(PC pc, PetscReal v);
PetscErrorCode petscrs_PCSPAISetNBSteps(PC pc, PetscInt v);
PetscErrorCode petscrs_PCSPAISetMax(PC pc, PetscInt v);
PetscErrorCode petscrs_PCSPAISetMaxNew(PC pc, PetscInt v);
PetscErrorCode petscrs_PCSPAISetBlockSize(PC pc, PetscInt v);
PetscErrorCode petscrs_PCSPAISetCacheSize(PC pc, PetscInt v);
PetscErrorCode petscrs_PCSPAISetVerbose(PC pc, PetscInt v);
PetscErrorCode petscrs_PCSPAISetSp(PC pc, PetscInt v);
PetscErrorCode petscrs_PCHPDDMSetAuxiliaryMat(PC pc, IS is, Mat A);
PetscErrorCode petscrs_PCHPDDMSetRHSMat(PC pc, Mat B);
PetscErrorCode petscrs_PCHPDDMHasNeumannMat(PC pc, PetscBool has);
PetscErrorCode petscrs_PCHPDDMSetCoarseCorrectionType(PC pc, PCHPDDMCoarseCorrectionType type);
PetscErrorCode petscrs_PCHPDDMGetCoarseCorrectionType(PC pc, PCHPDDMCoarseCorrectionType *type);
PetscErrorCode petscrs_PCHPDDMGetSTShareSubKSP(PC pc, PetscBool *share);
PetscErrorCode petscrs_PCHPDDMSetDeflationMat(PC pc, IS is, Mat U);
PetscErrorCode petscrs_KSPHPDDMSetType(KSP ksp, KSPHPDDMType type);
PetscErrorCode petscrs_KSPHPDDMGetType(KSP ksp, KSPHPDDMType *type);
/* PCPatchSetConstructType without a construction callback. */
PetscErrorCode petscrs_PCPatchSetConstructType(PC pc, PCPatchConstructType type);
/* The KSPs and PCs a preconditioner runs inside itself (the levels of MG, the blocks of
   block Jacobi and ASM, the splits of fieldsplit, ...), up to `cap` of them, and their
   number; for putting a whole solver tree back after a failed solve (in private.c). */
PetscErrorCode petscrs_PCGetChildren(PC pc, PetscInt cap, PetscObject out[], PetscInt *n);
/* What a failed KSPSolve left on the KSP's solution and right-hand-side slots, and on a
   PC applied when the error came (PCMG's finest right-hand side), put back (private.c). */
PetscErrorCode petscrs_KSPRecoverVecs(KSP ksp, Vec b, Vec x, PetscBool inner);
PetscErrorCode petscrs_PCRecoverInner(PC pc);
/* The SNESs a SNES runs inside itself (its nonlinear preconditioner, FAS's smoothers, a
   composite's members, NASM's subdomain solvers), up to `cap`, and their number
   (private.c). */
PetscErrorCode petscrs_SNESGetChildren(SNES snes, PetscInt cap, PetscObject out[], PetscInt *n);
/* Forgets the context of a SNES's Jacobian routine, as -snes_fd_color does (private.c). */
PetscErrorCode petscrs_SNESUnsetJacobianContext(SNES snes);
/* Makes a TS's memory trajectory anew before a new forward run (its checkpoint stack is
   sized by the first run that sets it up; private.c). */
PetscErrorCode petscrs_TSRenewMemoryTrajectory(TS ts);
/* Clears the number of steps an adjoint solve ended by an error was to go back (private.c). */
PetscErrorCode petscrs_TSAdjointClearSteps(TS ts);
/* Whether colored finite differences would color an unassembled matrix (private.c). */
PetscErrorCode petscrs_SNESFDColoringNeedsAssembly(SNES snes, PetscBool *needs);
/* A TS's SNES, or null when it has none yet (private.c). */
PetscErrorCode petscrs_TSGetSNESIfAny(TS ts, SNES *snes);
/* Drops the read locks a failed solve left on a KSP's own vectors and frees its Krylov
   method's vectors, keeping its PC (private.c). */
PetscErrorCode petscrs_KSPUnlockAndRenew(KSP ksp, PetscBool slots);
#endif
/* The message of the last integer option refused (empty if none), forgotten once read
   (options_hooks.c, which also defines PETSc's PetscOptionsStringToInt, GetInt and
   GetIntArray, and its options-block Begin/End, in their place). */
void petscrs_parsed_ints_take_refusal(char *buf, size_t len);
/* Frees the copies of the options blocks an error left open whose frame lies below
   `frame` (all of them if `frame` is NULL) (options_hooks.c). */
void petscrs_options_blocks_reap(const void *frame);
/* A DMSwarm's storage: points in use, buffer, points allocated, number of fields; and
   field f's name and bytes a point (private.c). */
PetscErrorCode petscrs_DMSwarmStorage(DM dm, PetscInt *used, PetscInt *buffer, PetscInt *allocated, PetscInt *nfields);
PetscErrorCode petscrs_DMSwarmFieldStorage(DM dm, PetscInt f, const char **name, size_t *atomic_size);
/* Whether blocks of these sizes can be allocated together (private.c). */
PetscBool petscrs_can_allocate(const size_t *bytes, PetscInt count, PetscInt *failed);
/* Whether PCSetUp would coarsen a DM a PCMG does not have (private.c). */
PetscErrorCode petscrs_PCMGCoarsensNoDM(PC pc, PetscInt *levels, PetscInt *missing);
PC             petscrs_KSPPCIfAny(KSP ksp);
/* Tells the options-block hooks that a block moved from `from` (the stack) to `to`
   (options_hooks.c). */
void petscrs_options_block_moved(const void *from, const void *to);
/* The id of PETSc's class whose objects report `name` as their class name, else of the
   class the log registered under `name`, else -1 (private.c). */
PetscErrorCode petscrs_ClassIdFind(const char name[], PetscClassId *classid);
/* DMSetFromOptions without the type's own options, for a set-up DM (private.c). */
PetscErrorCode petscrs_DMSetFromOptionsSetUp(DM dm);
/* Gives a matrix whose type is written in Rust a new instance (rust_types.c). */
PetscErrorCode petscrs_MatRustSetContext(Mat A, void *ctx, PetscInt flags);
/* SNESSetConvergenceHistory with PETSc's own record, the one an earlier call made freed
   first (private.c). */
PetscErrorCode petscrs_SNESSetConvergenceHistoryAgain(SNES snes, PetscInt na, PetscBool reset);
/* Sets a DMShell's transfer scatter (op 0 global-to-local, 1 local-to-global, 2
   local-to-local), kept where petscrs_DMShellTransferSizes finds it (private.c). */
PetscErrorCode petscrs_DMShellSetTransferScatter(DM dm, int op, VecScatter sct);
/* What a DMShell's transfer `op` reads and writes of its vectors (private.c). */
PetscErrorCode petscrs_DMShellTransferSizes(DM dm, int op, PetscBool insert, int *path, PetscInt *from_n, PetscInt *to_n);
/* Whether DMSetUp has run on a DM (private.c). */
PetscErrorCode petscrs_DMGetSetUpCalled(DM dm, PetscBool *done);
/* Whether DMRefine/DMCoarsen (or their hierarchies) of a DMDA find ownership ranges for
   every level (private.c). */
PetscErrorCode petscrs_DMDALevelsFit(DM da, PetscBool refine, PetscInt nlevels, PetscBool hierarchy, PetscBool *ok);
/* Before a SNES evaluates its residual or Jacobian: when the SNES is a TS's whose type has
   no residual for it (an explicit method), the TS gets routines that fail cleanly, where
   PETSc 3.18 would call a null routine (private.c). */
PetscErrorCode petscrs_SNESGuardTS(SNES snes);
/* After TSClone: the original's nonlinear solver calls back into the original again, and
   the clone gets a solver of its own (private.c). */
PetscErrorCode petscrs_TSCloneOwnSNES(TS orig, TS clone);
/* TaoSetConvergenceHistory with PETSc's own record, the one an earlier call made freed
   first (private.c). */
PetscErrorCode petscrs_TaoSetConvergenceHistoryAgain(Tao tao, PetscInt na, PetscBool reset);
/* Removes a user routine of a Tao: 0 objective, 1 gradient, 2 objective and gradient,
   3 Hessian, 4 constraints Jacobian (private.c). */
PetscErrorCode petscrs_TaoClearRoutine(Tao tao, PetscInt which);
/* The solves (and steps) petsc4py's Python SNES and Tao types run when the instance has
   no solve (private.c): hook(ctx, which, X, F, Y, &stepped) runs the instance's
   pre-step (0), step (1; *stepped false when it has none) and post-step (2). */
PetscErrorCode petscrs_SNESSolveDefault(SNES snes, PetscErrorCode (*hook)(void *, PetscInt, Vec, Vec, Vec, PetscBool *), void *ctx);
PetscErrorCode petscrs_SNESStepDefault(SNES snes, Vec X, Vec F, Vec Y);
PetscErrorCode petscrs_TaoSolveDefault(Tao tao, PetscErrorCode (*hook)(void *, PetscInt, Vec, Vec, Vec, PetscBool *), void *ctx);
PetscErrorCode petscrs_TaoStepDefault(Tao tao, Vec X, Vec G, Vec S);
/* The update routine of SNESSetUpdate (TaoSetUpdate), if any, at the current iteration;
   the Tao's then evaluates the objective into *f (*ran: whether it ran) (private.c). */
PetscErrorCode petscrs_SNESComputeUpdate(SNES snes);
PetscErrorCode petscrs_TaoComputeUpdate(Tao tao, PetscReal *f, PetscBool *ran);
