//! petsc4py's `test_pc_py.py`, ported.

use petsc_tests::Case;

pub fn cases() -> Vec<Case> {
    vec![]
}
