//! Spectral transformations (`ST`): shift, shift-and-invert, Cayley, preconditioner; the
//! inner linear solver (`KSP`) of the transformations that need one.

use petsc::{Comm, Ksp, Result, Scalar};
use slepc_sys as sys;

use crate::error::check;
use crate::handle::{slepc_handle, type_enum};
use crate::Slepc;

slepc_handle!(
    /// A SLEPc spectral transformation (`ST`), usually the one of an
    /// [`Eps`](crate::Eps) ([`Eps::st`](crate::Eps::st)).
    ///
    /// ```
    /// use slepc::{Eps, StType};
    /// let petsc = petsc::Petsc::init()?;
    /// let eps = Eps::new(&petsc.self_comm())?;
    /// let mut st = eps.st()?;
    /// st.set_type(StType::Sinvert)?;
    /// st.set_shift(0.5)?;
    /// assert_eq!(st.get_type()?, Some(StType::Sinvert));
    /// assert_eq!(st.shift()?, 0.5);
    /// // The same object, seen again through the solver.
    /// assert_eq!(eps.st()?.get_type()?, Some(StType::Sinvert));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    St,
    sys::ST,
    sys::STDestroy
);

type_enum!(
/// Spectral transformations (`STType`); [`StType::Other`] names any registered type.
///
/// ```
/// use slepc::StType;
/// assert_eq!(StType::Sinvert.as_str(), "sinvert");
/// assert_eq!("cayley".parse::<StType>().unwrap(), StType::Cayley);
/// ```
StType {
    /// `STSHIFT`: `A - sigma B` (the default; shift 0 is no transformation).
    Shift = "shift",
    /// `STSINVERT`: shift-and-invert, `(A - sigma B)^-1 B`: eigenvalues near `sigma`
    /// become the largest.
    Sinvert = "sinvert",
    /// `STCAYLEY`: generalized Cayley transform.
    Cayley = "cayley",
    /// `STPRECOND`: a preconditioner for preconditioned eigensolvers (GD, JD, LOBPCG).
    Precond = "precond",
    /// `STFILTER`: polynomial filter.
    Filter = "filter",
    /// `STSHELL`: user-defined.
    Shell = "shell",
});

/// Refuses a scalar with a NaN or infinite part, naming it (`what`) and its value.
pub(crate) fn check_finite_scalar(context: &str, what: &str, v: Scalar) -> Result<()> {
    // A real scalar widens to a complex one; a complex scalar already is one.
    #[allow(clippy::useless_conversion)]
    let z: petsc::Complex<petsc::Real> = v.into();
    if z.re.is_finite() && z.im.is_finite() {
        Ok(())
    } else {
        Err(petsc::Error::invalid(
            context,
            format!("{what} is {v}; it must be finite"),
        ))
    }
}

petsc::class_methods! {
    St: StType, "ST", sys::STList,
    example = "let mut obj = slepc::St::new(&petsc.self_comm())?;", a_type = "sinvert",
    inner = " and its KSP",
    set_type = sys::STSetType as "STSetType",
    set_options_prefix = sys::STSetOptionsPrefix as "STSetOptionsPrefix",
    append_options_prefix = sys::STAppendOptionsPrefix as "STAppendOptionsPrefix",
    options_prefix = sys::STGetOptionsPrefix as "STGetOptionsPrefix",
    set_from_options = sys::STSetFromOptions as "STSetFromOptions",
}

impl St {
    /// A standalone transformation on `comm` (`STCreate`); an [`Eps`](crate::Eps) has
    /// its own, see [`Eps::st`](crate::Eps::st).
    pub fn new(comm: &Comm) -> Result<St> {
        let slepc = Slepc::init(comm.petsc())?;
        let mut st: sys::ST = std::ptr::null_mut();
        // SAFETY: live communicator; SLEPc writes the new object.
        check(unsafe { sys::STCreate(comm.as_raw(), &mut st) })?;
        Ok(St::from_raw(&slepc, st))
    }

    /// Sets the shift `sigma` (`STSetShift`). Inside an [`Eps`](crate::Eps), the target
    /// ([`Eps::set_target`](crate::Eps::set_target)) sets it too.
    /// A shift with a NaN or infinite part is refused (SLEPc stored it, and the
    /// transformed operator `A - sigma B` was NaN everywhere).
    pub fn set_shift(&mut self, sigma: impl Into<Scalar>) -> Result<()> {
        let sigma = sigma.into();
        check_finite_scalar("St::set_shift", "the shift", sigma)?;
        // SAFETY: live object.
        check(unsafe { sys::slepcrs_STSetShift(self.ptr, &sigma) })
    }

    /// The shift (`STGetShift`).
    pub fn shift(&self) -> Result<Scalar> {
        let mut s: Scalar = Default::default();
        // SAFETY: live object; one output.
        check(unsafe { sys::STGetShift(self.ptr, &mut s) })?;
        Ok(s)
    }

    /// Uses `ksp` as the inner linear solver (`STSetKSP`); the transformation keeps its
    /// own reference, so `ksp` may be dropped, or kept and configured further.
    ///
    /// ```
    /// use petsc::{Ksp, KspType, PcType};
    /// let petsc = petsc::Petsc::init()?;
    /// let eps = slepc::Eps::new(&petsc.self_comm())?;
    /// let mut ksp = Ksp::new(&petsc.self_comm())?;
    /// ksp.set_type(KspType::Preonly)?;
    /// ksp.pc()?.set_type(PcType::Cholesky)?;
    /// eps.st()?.set_ksp(&ksp)?;
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn set_ksp(&mut self, ksp: &Ksp) -> Result<()> {
        // SAFETY: live objects; SLEPc references the KSP and releases its previous one.
        check(unsafe { sys::STSetKSP(self.ptr, ksp.as_raw()) })
    }

    /// The inner linear solver, as a [`petsc::Ksp`] handle to configure the solves of
    /// shift-and-invert and Cayley (method, preconditioner, tolerances).
    ///
    /// The handle shares the ST's own KSP (`STGetKSP`): what is set through it applies to
    /// the transformation's solves, and its options prefix is the ST's (`st_`, so
    /// `-st_ksp_type` and `-st_pc_type` apply).
    ///
    /// ```
    /// use petsc::{KspType, Object, PcType};
    /// use slepc::StType;
    /// let petsc = petsc::Petsc::init()?;
    /// let eps = slepc::Eps::new(&petsc.self_comm())?;
    /// let mut st = eps.st()?;
    /// st.set_type(StType::Sinvert)?;
    /// let mut ksp = st.ksp()?;
    /// assert_eq!(ksp.options_prefix()?, "st_");
    /// ksp.set_type(KspType::Preonly)?;
    /// ksp.pc()?.set_type(PcType::Lu)?;
    /// drop(ksp);
    /// // The same solver, not a copy.
    /// assert_eq!(st.ksp()?.type_name()?, "preonly");
    /// assert_eq!(st.ksp()?.pc()?.type_name()?, "lu");
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn ksp(&mut self) -> Result<Ksp> {
        let mut ksp: sys::KSP = std::ptr::null_mut();
        // SAFETY: live object; SLEPc returns its KSP (creating it with its defaults).
        check(unsafe { sys::STGetKSP(self.ptr, &mut ksp) })?;
        // SAFETY: `ksp` is the ST's live KSP; the handle takes a reference to it and one
        // to the ST.
        unsafe { Ksp::from_raw_child(self.slepc.petsc(), ksp, self.ptr as sys::PetscObject) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::CStr;

    #[test]
    fn type_names_match_slepc() {
        let c = |b: &[u8]| {
            CStr::from_bytes_with_nul(b)
                .unwrap()
                .to_str()
                .unwrap()
                .to_owned()
        };
        assert_eq!(StType::Shift.as_str(), c(sys::STSHIFT));
        assert_eq!(StType::Sinvert.as_str(), c(sys::STSINVERT));
        assert_eq!(StType::Cayley.as_str(), c(sys::STCAYLEY));
        assert_eq!(StType::Precond.as_str(), c(sys::STPRECOND));
        assert_eq!(StType::Filter.as_str(), c(sys::STFILTER));
        assert_eq!(StType::Shell.as_str(), c(sys::STSHELL));
    }
}
