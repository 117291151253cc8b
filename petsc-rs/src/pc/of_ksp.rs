//! The preconditioner of a Krylov solver: `Ksp::pc` and `Ksp::set_pc`. They live with
//! `Pc`, not with `Ksp`, because `pc` sits above `ksp` in the module order (a
//! preconditioner hands out the solvers inside it: block solvers, smoothers, field
//! splits), so `ksp` does not name `Pc`.

use petsc_sys as sys;

use super::Pc;
use crate::error::{Result, check};
use crate::ksp::Ksp;

impl Ksp {
    /// The preconditioner (`KSPGetPC`), as a handle holding its own reference and one to
    /// this solver (so either handle may be dropped first); changes made through it
    /// apply to this solver.
    #[doc(alias = "KSPGetPC")]
    pub fn pc(&self) -> Result<Pc> {
        let mut pc: sys::PC = std::ptr::null_mut();
        // SAFETY: live solver; PETSc returns its PC (creating it if needed).
        check(unsafe { sys::KSPGetPC(self.ptr, &mut pc) })?;
        // SAFETY: `pc` and the solver are live; the handle takes a reference to each.
        unsafe { Pc::from_raw_child(&self.petsc, pc, self.ptr as sys::PetscObject) }
    }

    /// Replaces the solver's preconditioner with `pc` (`KSPSetPC`); the solver takes a
    /// reference to it.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut pc = petsc::Pc::new(&c)?;
    /// pc.set_type(petsc::PcType::Jacobi)?;
    /// let mut ksp = petsc::Ksp::new(&c)?;
    /// ksp.set_pc(&pc)?;
    /// assert_eq!(ksp.pc()?.type_name()?, "jacobi");
    /// # use petsc::Object;
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "KSPSetPC")]
    pub fn set_pc(&mut self, pc: &Pc) -> Result<()> {
        let pc = pc.kept_raw("Ksp::set_pc")?;
        // SAFETY: live solver and PC; PETSc takes a reference to the PC.
        check(unsafe { sys::KSPSetPC(self.ptr, pc) })
    }
}
