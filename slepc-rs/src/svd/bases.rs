//! The solver's bases of right and left singular vectors (`BV`), shared with handles.

use petsc::Result;
use slepc_sys as sys;

use super::Svd;
use crate::Bv;
use crate::error::check;

impl Svd {
    /// The bases of right (`V`) and left (`U`) singular vectors the solver works in
    /// (`SVDGetBV`), as handles holding their own references: settings made through
    /// them apply to the solves.
    ///
    /// ```
    /// use slepc::BvOrthogRefineType;
    /// let petsc = petsc::Petsc::init()?;
    /// let svd = slepc::Svd::new(&petsc.self_comm())?;
    /// let (mut v, u) = svd.bv()?;
    /// assert_ne!(v.as_raw(), u.as_raw());
    /// let mut o = v.orthogonalization()?;
    /// o.refine = BvOrthogRefineType::Always;
    /// v.set_orthogonalization(o)?;
    /// assert_eq!(svd.bv()?.0.orthogonalization()?.refine, BvOrthogRefineType::Always);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "SVDGetBV")]
    pub fn bv(&self) -> Result<(Bv, Bv)> {
        let mut v: sys::BV = std::ptr::null_mut();
        let mut u: sys::BV = std::ptr::null_mut();
        // SAFETY: live solver; SLEPc returns its two BVs (creating them if needed),
        // borrowed.
        check(unsafe { sys::SVDGetBV(self.ptr, &mut v, &mut u) })?;
        // SAFETY: the solver's live BVs; each handle takes a reference.
        let v = unsafe { Bv::from_raw_borrowed(&self.slepc, v) }?;
        // SAFETY: as above.
        let u = unsafe { Bv::from_raw_borrowed(&self.slepc, u) }?;
        Ok((v, u))
    }

    /// Uses `v` and `u` (either may be `None`, keeping the current one) as the bases
    /// of right and left singular vectors (`SVDSetBV`); the solver keeps its own
    /// references and sizes them at set-up.
    #[doc(alias = "SVDSetBV")]
    pub fn set_bv(&mut self, v: Option<&Bv>, u: Option<&Bv>) -> Result<()> {
        let raw = |b: Option<&Bv>| b.map_or(std::ptr::null_mut(), Bv::as_raw);
        // SAFETY: live objects (or null); SLEPc references each BV given.
        check(unsafe { sys::SVDSetBV(self.ptr, raw(v), raw(u)) })
    }
}
