//! The quasi-Newton preconditioner (`PCLMVM`): its LMVM matrix, the point it updates
//! from, and the inactive set of a bounded method.

use petsc_sys as sys;

use super::Pc;
use crate::error::{Error, Result, check};
use crate::is::IndexSet;
use crate::mat::Mat;
#[cfg(petsc_3_19)]
use crate::vec::Vector;

const LMVM: &[&str] = &["lmvm"];

/// The quasi-Newton preconditioner (`PCLMVM`). Each method needs the type
/// [`PcType::Lmvm`](crate::PcType::Lmvm) and returns an `Err` otherwise. TAO's Newton
/// methods (`nls`, `ntr`, `bnls`, `bntr`, ...) use it with `-tao_*_pc_type lmvm`, the
/// quasi-Newton Krylov ones (`bqnkls`, `bqnktr`, ...) always: their matrix is
/// `tao.ksp()?.unwrap().pc()?.lmvm_mat()?`, as in PETSc's `rosenbrock1 -test_lmvm`.
///
/// ```
/// use petsc::{Object, PcType};
/// # #[allow(unused_imports)]
/// use petsc::{Sizes, Vector};
/// let petsc = petsc::Petsc::init()?;
/// let c = petsc.self_comm();
/// let mut pc = petsc::Pc::new(&c)?;
/// assert!(pc.lmvm_mat().is_err()); // not LMVM
/// pc.set_type(PcType::Lmvm)?;
/// assert_eq!(pc.lmvm_mat()?.type_name()?, "lmvmbfgs"); // PETSc's default
/// let mut sr1 = petsc::Mat::new(&c)?;
/// sr1.set_sizes_to(Sizes::global(3, 3))?;
/// sr1.set_type_name("lmvmsr1")?;
/// pc.lmvm_set_mat(&sr1)?;
/// assert_eq!(pc.lmvm_mat()?.type_name()?, "lmvmsr1");
/// # #[cfg(petsc_3_19)]
/// pc.lmvm_set_update_vec(&Vector::from_slice(&c, &[1.0, 2.0, 3.0])?)?;
/// pc.lmvm_set_is(&petsc::IndexSet::new_general(&c, &[0, 2])?)?;
/// pc.lmvm_clear_is()?;
/// assert!(pc.lmvm_set_mat(&petsc::Mat::dense(&c).sizes(petsc::Sizes::global(3, 3)).build()?).is_err());
/// # Ok::<(), petsc::Error>(())
/// ```
impl Pc {
    /// The LMVM matrix (`PCLMVMGetMatLMVM`), a handle holding its own reference: the
    /// one given with [`lmvm_set_mat`](Self::lmvm_set_mat), the operator if it is an
    /// LMVM matrix, else one the preconditioner makes (BFGS, options prefix
    /// `pc_lmvm_`).
    #[doc(alias = "PCLMVMGetMatLMVM")]
    pub fn lmvm_mat(&self) -> Result<Mat> {
        const CTX: &str = "Pc::lmvm_mat";
        self.require_type(CTX, LMVM)?;
        let mut m: sys::Mat = std::ptr::null_mut();
        // SAFETY: live LMVM preconditioner; PETSc writes its matrix (borrowed).
        check(unsafe { sys::PCLMVMGetMatLMVM(self.ptr, &mut m) })?;
        if m.is_null() {
            return Err(Error::invalid(CTX, "the preconditioner has no LMVM matrix"));
        }
        // SAFETY: the preconditioner holds `m`; the handle takes its own reference.
        unsafe { Mat::from_raw_borrowed(&self.petsc, m) }
    }

    /// Replaces the LMVM matrix (`PCLMVMSetMatLMVM`); the preconditioner keeps a
    /// reference. A matrix that is not of an LMVM type is refused.
    #[doc(alias = "PCLMVMSetMatLMVM")]
    pub fn lmvm_set_mat(&mut self, m: &Mat) -> Result<()> {
        m.check_loan("Pc::lmvm_set_mat")?;
        self.require_type("Pc::lmvm_set_mat", LMVM)?;
        // SAFETY: live LMVM preconditioner and matrix; PETSc checks the matrix's type
        // and references it.
        check(unsafe { sys::PCLMVMSetMatLMVM(self.ptr, m.as_raw()) })
    }

    /// The point whose gradient the next update uses (`PCLMVMSetUpdateVec`, PETSc 3.19
    /// and later); the preconditioner keeps a reference.
    #[cfg(petsc_3_19)]
    #[doc(alias = "PCLMVMSetUpdateVec")]
    pub fn lmvm_set_update_vec(&mut self, x: &Vector) -> Result<()> {
        self.require_type("Pc::lmvm_set_update_vec", LMVM)?;
        // SAFETY: live LMVM preconditioner and vector, which PETSc references.
        check(unsafe { sys::PCLMVMSetUpdateVec(self.ptr, x.as_raw()) })
    }

    /// Restricts the preconditioner to the inactive variables of a bounded method
    /// (`PCLMVMSetIS`); the preconditioner keeps a reference.
    #[doc(alias = "PCLMVMSetIS")]
    pub fn lmvm_set_is(&mut self, inactive: &IndexSet) -> Result<()> {
        self.require_type("Pc::lmvm_set_is", LMVM)?;
        // SAFETY: live LMVM preconditioner and index set, which PETSc references.
        check(unsafe { sys::PCLMVMSetIS(self.ptr, inactive.as_raw()) })
    }

    /// Removes the set of [`lmvm_set_is`](Self::lmvm_set_is) (`PCLMVMClearIS`).
    #[doc(alias = "PCLMVMClearIS")]
    pub fn lmvm_clear_is(&mut self) -> Result<()> {
        self.require_type("Pc::lmvm_clear_is", LMVM)?;
        // SAFETY: live LMVM preconditioner.
        check(unsafe { sys::PCLMVMClearIS(self.ptr) })
    }
}
