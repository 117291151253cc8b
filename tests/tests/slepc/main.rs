//! Integration tests of SLEPc: BV, RG, DS, EPS, SVD, PEP, NEP, MFN and LME.
//!
//! Each module is one former test file; its cases are named `module::case`, and the
//! filter `module::` runs them alone (as `ci/test-files.sh` does). A module's name is
//! unique across the test binaries (`ci/test-files.sh` finds a file by its name).

mod bv;
mod ds;
mod eps;
mod lme;
mod mfn;
mod nep;
mod pep;
mod rg;
mod slepc_agreement;
mod slepc_rank_failure;
mod st_recovery;
mod svd;

fn main() {
    // The child programs that tests of these modules start by running this binary again.
    eps::child_mode();
    nep::child_mode();
    pep::child_mode();
    svd::child_mode();
    slepc_rank_failure::child_mode();
    petsc_tests::run_modules(&[
        ("bv", bv::cases),
        ("ds", ds::cases),
        ("eps", eps::cases),
        ("lme", lme::cases),
        ("mfn", mfn::cases),
        ("nep", nep::cases),
        ("pep", pep::cases),
        ("rg", rg::cases),
        ("slepc_agreement", slepc_agreement::cases),
        ("slepc_rank_failure", slepc_rank_failure::cases),
        ("st_recovery", st_recovery::cases),
        ("svd", svd::cases),
    ]);
}
