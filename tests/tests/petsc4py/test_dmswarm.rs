//! petsc4py's `test_dmswarm.py`, ported.

use petsc_tests::Case;

pub fn cases() -> Vec<Case> {
    vec![]
}
