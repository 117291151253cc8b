/* Every PETSc header the bindings cover, and the shim for what bindgen cannot see. */
#include <petscsys.h>
#include <petscis.h>
#include <petscao.h>
#include <petscsf.h>
#include <petscsection.h>
#include <petscvec.h>
#include <petscmat.h>
#include <petscpc.h>
#include <petscksp.h>
#include <petscsnes.h>
#include <petscts.h>
#include <petsctao.h>
#include <petscdm.h>
#include <petscdmda.h>
#include <petscdmplex.h>
#include <petscdmplextransform.h>
#include <petscdmstag.h>
#include <petscdmcomposite.h>
#include <petscdmshell.h>
#include <petscdmswarm.h>
#include <petscfe.h>
#include <petscds.h>
#include <petscdt.h>
#include <petscviewer.h>
#include <petscoptions.h>
#include <petsclog.h>
#include <petscdevice.h>
#if PETSC_VERSION_GE(3, 24, 0)
#include <petscregressor.h>
#endif
#include "shim.h"
#include "ts_shell.h"
#include "rust_types.h"
