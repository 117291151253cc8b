/* Every PETSc header the bindings cover, and the shim for what bindgen cannot see. */
#include <petscsys.h>
#include <petscis.h>
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
#include <petscviewer.h>
#include <petscoptions.h>
#include <petsclog.h>
#include "shim.h"
