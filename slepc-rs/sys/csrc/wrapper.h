/* Every SLEPc header the bindings cover, and the shim for what bindgen cannot see. */
#include <slepcsys.h>
#include <slepcst.h>
#include <slepcbv.h>
#include <slepcds.h>
#include <slepcrg.h>
#include <slepceps.h>
#include <slepcsvd.h>
#include <slepcfn.h>
#include <slepcmfn.h>
#include <slepcpep.h>
#include <slepcnep.h>
#include <slepclme.h>
#include <slepcversion.h>
#include "shim.h"
#include "pep.h"
#include "nep.h"
#include "stoppable.h"
