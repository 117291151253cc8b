//! slepc4py's `test_object`, ported.

use petsc_tests::Case;

pub fn cases() -> Vec<Case> {
    vec![]
}
