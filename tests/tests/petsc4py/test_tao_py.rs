//! petsc4py's `test_tao_py.py`, ported.

use petsc_tests::Case;

pub fn cases() -> Vec<Case> {
    vec![]
}
