//! Integration tests of SLEPc: BV, RG, DS, EPS, SVD, PEP, NEP, MFN and LME.
//!
//! Each module is one former test file; its cases are named `module::case`, and the
//! filter `module::` runs them alone (as `ci/test-files.sh` does).

mod agreement;
mod bv;
mod ds;
mod eps;
mod lme;
mod mfn;
mod nep;
mod pep;
mod rank_failure;
mod rg;
mod svd;

fn main() {
    // The child programs that tests of these modules start by running this binary again.
    eps::child_mode();
    nep::child_mode();
    pep::child_mode();
    svd::child_mode();
    rank_failure::child_mode();
    petsc_tests::run_modules(&[
        ("agreement", agreement::cases),
        ("bv", bv::cases),
        ("ds", ds::cases),
        ("eps", eps::cases),
        ("lme", lme::cases),
        ("mfn", mfn::cases),
        ("nep", nep::cases),
        ("pep", pep::cases),
        ("rank_failure", rank_failure::cases),
        ("rg", rg::cases),
        ("svd", svd::cases),
    ]);
}
