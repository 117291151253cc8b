//! petsc4py's `test_optdb.py`, ported.

use petsc_tests::Case;

pub fn cases() -> Vec<Case> {
    vec![Case::not_in_rust("pending", "not ported yet")]
}
