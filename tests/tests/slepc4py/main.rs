//! slepc4py's own tests and demos (SLEPc's `src/binding/slepc4py/test/` and `demo/`),
//! ported to Rust: `slepc4py_test_object` is `test_object.py`, one case per test method
//! and per SLEPc class it runs, named after slepc4py's class and method;
//! `slepc4py_demo` holds the demos `ex1.py` to `ex14.py`, one case a demo (`ex1`), each
//! checked against what the Python demo computes.
//!
//! `docs/parity.md` counts these cases, file by file.

mod slepc4py_demo;
mod slepc4py_test_object;

fn main() {
    petsc_tests::run_modules_batched(&[
        ("slepc4py_demo", slepc4py_demo::cases),
        ("slepc4py_test_object", slepc4py_test_object::cases),
    ]);
}
