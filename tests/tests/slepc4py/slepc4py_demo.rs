//! slepc4py's `demo`, ported.

use petsc_tests::Case;

pub fn cases() -> Vec<Case> {
    vec![]
}
