//! The linear solver of a quasi-Newton (LMVM) matrix's initial Jacobian:
//! `Mat::set_lmvm_j0_ksp` and `Mat::lmvm_j0_ksp`. They live with `Ksp`, not with `Mat`,
//! because `ksp` sits above `mat` in the module order (a solver is built on matrices),
//! so `mat` does not name `Ksp`.

use petsc_sys as sys;

use super::Ksp;
use crate::error::{Result, check};
use crate::mat::Mat;

impl Mat {
    /// Sets the solver that applies `J0^{-1}` in an LMVM matrix (`MatLMVMSetJ0KSP`).
    #[doc(alias = "MatLMVMSetJ0KSP")]
    pub fn set_lmvm_j0_ksp(&mut self, ksp: &Ksp) -> Result<()> {
        self.check_loan("Mat::set_lmvm_j0_ksp")?;
        // SAFETY: live matrix and solver; PETSc takes its own reference to the solver.
        check(unsafe { sys::MatLMVMSetJ0KSP(self.ptr, ksp.as_raw()) })
    }

    /// The solver that applies `J0^{-1}` in an LMVM matrix (`MatLMVMGetJ0KSP`).
    #[doc(alias = "MatLMVMGetJ0KSP")]
    pub fn lmvm_j0_ksp(&self) -> Result<Ksp> {
        self.check_loan("Mat::lmvm_j0_ksp")?;
        let mut k: sys::KSP = std::ptr::null_mut();
        // SAFETY: live matrix; PETSc refuses non-LMVM types, else lends its solver.
        check(unsafe { sys::MatLMVMGetJ0KSP(self.ptr, &mut k) })?;
        // SAFETY: a live solver lent by the LMVM matrix; the handle keeps both alive.
        unsafe { Ksp::from_raw_child(&self.petsc, k, self.ptr as sys::PetscObject) }
    }
}
