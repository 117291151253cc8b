//! petsc4py's `test_pc.py`, ported.

use petsc_tests::Case;

pub fn cases() -> Vec<Case> {
    vec![]
}
