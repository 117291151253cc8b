//! What a setter passes to SLEPc for an absent (`None`) argument, the same on every
//! version: either the value set before ([`keep_int`]) or SLEPc's default
//! ([`default_int`]), as each setter documents.
//!
//! From SLEPc 3.22 the first is `PETSC_CURRENT` and the second `PETSC_DETERMINE`; up to
//! 3.21 SLEPc reads `PETSC_DEFAULT` as "back to the default" and has no "keep", so the
//! setter reads the current value from the solver and passes it back (a value SLEPc has
//! not determined yet is its marker for "the default", which passed back leaves it
//! undetermined). From 3.22 on, `PETSC_DEFAULT` is `PETSC_CURRENT`: passing it
//! everywhere would change what `None` means with the version.

use petsc::{Int, Real, Result};
use slepc_sys as sys;

/// The value that sets SLEPc's default, and that SLEPc keeps before set-up for a
/// setting it will determine itself.
#[cfg(slepc_3_22)]
const UNDETERMINED: i32 = sys::PETSC_DETERMINE;
#[cfg(not(slepc_3_22))]
const UNDETERMINED: i32 = sys::PETSC_DEFAULT;

/// `v`, or what keeps the current value (`current` reads it; called up to SLEPc 3.21
/// only).
#[cfg_attr(slepc_3_22, allow(unused_variables))]
pub(crate) fn keep_int(v: Option<Int>, current: impl FnOnce() -> Result<Int>) -> Result<Int> {
    match v {
        Some(v) => Ok(v),
        #[cfg(slepc_3_22)]
        None => Ok(sys::PETSC_CURRENT as Int),
        #[cfg(not(slepc_3_22))]
        None => current(),
    }
}

/// `v`, or what keeps the current value (`current` reads it; called up to SLEPc 3.21
/// only).
#[cfg_attr(slepc_3_22, allow(unused_variables))]
pub(crate) fn keep_real(v: Option<Real>, current: impl FnOnce() -> Result<Real>) -> Result<Real> {
    match v {
        Some(v) => Ok(v),
        #[cfg(slepc_3_22)]
        None => Ok(sys::PETSC_CURRENT as Real),
        #[cfg(not(slepc_3_22))]
        None => current(),
    }
}

/// `v`, or what sets SLEPc's default.
pub(crate) fn default_int(v: Option<Int>) -> Int {
    v.unwrap_or(UNDETERMINED as Int)
}

/// `v`, or what sets SLEPc's default.
pub(crate) fn default_real(v: Option<Real>) -> Real {
    v.unwrap_or(UNDETERMINED as Real)
}

/// `None` where a getter returns SLEPc's marker for a setting not determined yet.
pub(crate) fn unless_undetermined_int(v: Int) -> Option<Int> {
    (v != UNDETERMINED as Int).then_some(v)
}

/// `None` where a getter returns SLEPc's marker for a setting not determined yet.
pub(crate) fn unless_undetermined_real(v: Real) -> Option<Real> {
    (v != UNDETERMINED as Real).then_some(v)
}
