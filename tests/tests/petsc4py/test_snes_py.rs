//! petsc4py's `test_snes_py.py`, ported.

use petsc_tests::Case;

pub fn cases() -> Vec<Case> {
    vec![]
}
