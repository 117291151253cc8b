//! The solver's basis of vectors (`BV`) and region (`RG`), shared with handles.

use super::Eps;
use crate::shared::{solver_bv, solver_rg};

solver_bv!(Eps, EPSGetBV as "EPSGetBV", EPSSetBV as "EPSSetBV");
solver_rg!(Eps, EPSGetRG as "EPSGetRG", EPSSetRG as "EPSSetRG");
