//! petsc4py's own unit tests (PETSc's `src/binding/petsc4py/test/`), ported to Rust: one
//! module per petsc4py test file (`test_vec.rs` is `test_vec.py`), one case per test
//! method and per variation its test classes run, named after petsc4py's class and
//! method (`test_mat_aij::TestMatSeqBAIJ_G23_B2::testSetPreallocNNZ`). Classes on
//! `COMM_WORLD` also run at 2 ranks. What cannot apply to Rust (Python's own protocols)
//! is listed as a case reported ignored with its reason ([`petsc_tests::Case::not_in_rust`]);
//! what needs a newer PETSc than the one found is reported as ignored with the version.
//!
//! `docs/parity.md` counts these cases, file by file.

mod test_comm;
mod test_dmcomposite;
mod test_dmda;
mod test_dmplex;
mod test_dmshell;
mod test_dmstag;
mod test_dmswarm;
mod test_is;
mod test_ksp;
mod test_ksp_py;
mod test_lgmap;
mod test_log;
mod test_mat_aij;
mod test_mat_dense;
mod test_mat_fact;
mod test_mat_py;
mod test_mat_schur;
mod test_matpartitioning;
mod test_nsp;
mod test_object;
mod test_optdb;
mod test_pc;
mod test_pc_py;
mod test_section;
mod test_sf;
mod test_snes;
mod test_snes_py;
mod test_sys;
mod test_tao;
mod test_tao_py;
mod test_ts;
mod test_ts_py;
mod test_vec;

fn main() {
    petsc_tests::run_modules_batched(&[
        ("test_comm", test_comm::cases),
        ("test_dmcomposite", test_dmcomposite::cases),
        ("test_dmda", test_dmda::cases),
        ("test_dmplex", test_dmplex::cases),
        ("test_dmshell", test_dmshell::cases),
        ("test_dmstag", test_dmstag::cases),
        ("test_dmswarm", test_dmswarm::cases),
        ("test_is", test_is::cases),
        ("test_ksp", test_ksp::cases),
        ("test_ksp_py", test_ksp_py::cases),
        ("test_lgmap", test_lgmap::cases),
        ("test_log", test_log::cases),
        ("test_mat_aij", test_mat_aij::cases),
        ("test_mat_dense", test_mat_dense::cases),
        ("test_mat_fact", test_mat_fact::cases),
        ("test_mat_py", test_mat_py::cases),
        ("test_mat_schur", test_mat_schur::cases),
        ("test_matpartitioning", test_matpartitioning::cases),
        ("test_nsp", test_nsp::cases),
        ("test_object", test_object::cases),
        ("test_optdb", test_optdb::cases),
        ("test_pc", test_pc::cases),
        ("test_pc_py", test_pc_py::cases),
        ("test_section", test_section::cases),
        ("test_sf", test_sf::cases),
        ("test_snes", test_snes::cases),
        ("test_snes_py", test_snes_py::cases),
        ("test_sys", test_sys::cases),
        ("test_tao", test_tao::cases),
        ("test_tao_py", test_tao_py::cases),
        ("test_ts", test_ts::cases),
        ("test_ts_py", test_ts_py::cases),
        ("test_vec", test_vec::cases),
    ]);
}
