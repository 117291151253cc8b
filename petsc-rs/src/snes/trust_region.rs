//! The trust region of `newtontr` (PETSc 3.22 on): its sizes ([`SnesTrTolerances`]) and
//! how it grows and shrinks ([`SnesTrUpdateParameters`]), each set and read by name.

use petsc_sys as sys;

use super::Snes;
use crate::error::{Error, Result, check, check_finite};
use crate::object::default_real;
use crate::scalar::Real;

/// The sizes of `newtontr`'s trust region (`SNESNewtonTRSetTolerances`,
/// `-snes_tr_deltamin`, `-snes_tr_deltamax`, `-snes_tr_delta0`). A field left `None`
/// keeps the solver's current value.
///
/// ```
/// let t = petsc::SnesTrTolerances { delta_0: Some(0.5), ..Default::default() };
/// assert_eq!((t.delta_min, t.delta_0), (None, Some(0.5)));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct SnesTrTolerances {
    /// The smallest radius before the solve stops (`delta_min`).
    pub delta_min: Option<Real>,
    /// The largest radius (`delta_max`).
    pub delta_max: Option<Real>,
    /// The initial radius (`delta_0`).
    pub delta_0: Option<Real>,
}

/// How `newtontr` updates its radius (`SNESNewtonTRSetUpdateParameters`): with `rho`
/// the actual decrease over the model's, a step is accepted when `rho > eta1`, the
/// radius shrinks by `t1` when `rho < eta2` and grows by `t2` when `rho > eta3`. A
/// field left `None` keeps the solver's current value.
///
/// ```
/// let p = petsc::SnesTrUpdateParameters { t2: Some(3.0), ..Default::default() };
/// assert_eq!((p.eta1, p.t2), (None, Some(3.0)));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct SnesTrUpdateParameters {
    /// Acceptance threshold (`eta1`).
    pub eta1: Option<Real>,
    /// Shrinking threshold (`eta2`).
    pub eta2: Option<Real>,
    /// Enlarging threshold (`eta3`).
    pub eta3: Option<Real>,
    /// Shrink factor (`t1`), in `(0, 1)`.
    pub t1: Option<Real>,
    /// Enlarge factor (`t2`), above 1.
    pub t2: Option<Real>,
}

/// The type these parameters belong to.
const NEWTONTR: &str = "newtontr";

impl Snes {
    /// Restores PETSc's defaults of the trust region's sizes and update parameters
    /// (`SNESNewtonTRSetTolerances` and `SNESNewtonTRSetUpdateParameters` with
    /// `PETSC_DETERMINE` for each, petsc4py's `DETERMINE`); a solver of another type
    /// ignores it, as PETSc does.
    ///
    /// ```
    /// use petsc::SnesTrTolerances;
    /// let petsc = petsc::Petsc::init()?;
    /// let mut snes = petsc::Snes::new(&petsc.self_comm())?;
    /// snes.set_type(petsc::SnesType::Newtontr)?;
    /// let defaults = snes.tr_tolerances()?;
    /// snes.set_tr_tolerances(SnesTrTolerances { delta_0: Some(3.0), ..Default::default() })?;
    /// snes.reset_tr_parameters()?;
    /// assert_eq!(snes.tr_tolerances()?, defaults);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "SNESNewtonTRSetTolerances")]
    pub fn reset_tr_parameters(&mut self) -> Result<()> {
        let d = sys::PETSC_DETERMINE as Real;
        // SAFETY: live solver; PETSC_DETERMINE restores each default (a no-op for
        // another type).
        check(unsafe { sys::SNESNewtonTRSetTolerances(self.ptr, d, d, d) })?;
        // SAFETY: as above.
        check(unsafe { sys::SNESNewtonTRSetUpdateParameters(self.ptr, d, d, d, d, d) })
    }

    /// Sets the sizes of the trust region (`SNESNewtonTRSetTolerances`, PETSc 3.22 on;
    /// ignored by other types, as in PETSc). Each given size is finite and not negative, `delta_0` positive,
    /// and `delta_min <= delta_max` (against the current values where one is `None`).
    ///
    /// ```
    /// use petsc::SnesTrTolerances;
    /// let petsc = petsc::Petsc::init()?;
    /// let mut snes = petsc::Snes::new(&petsc.self_comm())?;
    /// snes.set_type_name("newtontr")?;
    /// snes.set_tr_tolerances(SnesTrTolerances { delta_0: Some(0.25), ..Default::default() })?;
    /// let t = snes.tr_tolerances()?;
    /// assert_eq!(t.delta_0, Some(0.25));
    /// let bad = SnesTrTolerances { delta_min: Some(2.0), delta_max: Some(1.0), ..Default::default() };
    /// assert!(snes.set_tr_tolerances(bad).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "SNESNewtonTRSetTolerances")]
    pub fn set_tr_tolerances(&mut self, t: SnesTrTolerances) -> Result<()> {
        const CTX: &str = "Snes::set_tr_tolerances";
        for (name, v) in [
            ("delta_min", t.delta_min),
            ("delta_max", t.delta_max),
            ("delta_0", t.delta_0),
        ] {
            if let Some(v) = v {
                check_finite(CTX, name, v)?;
                if v < 0.0 || (name == "delta_0" && v == 0.0) {
                    return Err(Error::invalid(
                        CTX,
                        format!("{name} is {v}; it must be positive"),
                    ));
                }
            }
        }
        // As in PETSc, a solver of another type ignores them.
        if crate::object::Object::type_name(self)? != NEWTONTR {
            return Ok(());
        }
        let now = self.tr_tolerances()?;
        let (lo, hi) = (t.delta_min.or(now.delta_min), t.delta_max.or(now.delta_max));
        if let (Some(lo), Some(hi)) = (lo, hi) {
            if lo > hi {
                return Err(Error::invalid(
                    CTX,
                    format!("delta_min {lo} is above delta_max {hi}"),
                ));
            }
        }
        // SAFETY: live newtontr solver; values checked above (`None` keeps the value).
        check(unsafe {
            sys::SNESNewtonTRSetTolerances(
                self.ptr,
                default_real(t.delta_min),
                default_real(t.delta_max),
                default_real(t.delta_0),
            )
        })
    }

    /// The sizes of the trust region (`SNESNewtonTRGetTolerances`, PETSc 3.22 on; type
    /// `newtontr`), every field `Some`.
    #[doc(alias = "SNESNewtonTRGetTolerances")]
    pub fn tr_tolerances(&self) -> Result<SnesTrTolerances> {
        self.require_type("Snes::tr_tolerances", "newtontr")?;
        let (mut lo, mut hi, mut d0): (Real, Real, Real) = (0.0, 0.0, 0.0);
        // SAFETY: live newtontr solver; three outputs.
        check(unsafe { sys::SNESNewtonTRGetTolerances(self.ptr, &mut lo, &mut hi, &mut d0) })?;
        Ok(SnesTrTolerances {
            delta_min: Some(lo),
            delta_max: Some(hi),
            delta_0: Some(d0),
        })
    }

    /// Sets how the trust region grows and shrinks (`SNESNewtonTRSetUpdateParameters`,
    /// PETSc 3.22 on; ignored by other types, as in PETSc): thresholds `eta1 <= eta2 <=
    /// eta3` of the reduction ratio and factors `t1` (shrink) and `t2` (grow), each
    /// finite and not negative (PETSc takes any such values as given).
    ///
    /// ```
    /// use petsc::SnesTrUpdateParameters;
    /// let petsc = petsc::Petsc::init()?;
    /// let mut snes = petsc::Snes::new(&petsc.self_comm())?;
    /// snes.set_type_name("newtontr")?;
    /// snes.set_tr_update_parameters(SnesTrUpdateParameters { t2: Some(4.0), ..Default::default() })?;
    /// assert_eq!(snes.tr_update_parameters()?.t2, Some(4.0));
    /// let bad = SnesTrUpdateParameters { t1: Some(-1.5), ..Default::default() };
    /// assert!(snes.set_tr_update_parameters(bad).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "SNESNewtonTRSetUpdateParameters")]
    pub fn set_tr_update_parameters(&mut self, p: SnesTrUpdateParameters) -> Result<()> {
        const CTX: &str = "Snes::set_tr_update_parameters";
        for (name, v) in [
            ("eta1", p.eta1),
            ("eta2", p.eta2),
            ("eta3", p.eta3),
            ("t1", p.t1),
            ("t2", p.t2),
        ] {
            // Negative numbers are PETSc's markers (PETSC_DETERMINE, PETSC_CURRENT).
            if let Some(v) = v.filter(|v| !(v.is_finite() && *v >= 0.0)) {
                return Err(Error::invalid(
                    CTX,
                    format!("{name} is {v}; it must be finite and not negative"),
                ));
            }
        }
        if crate::object::Object::type_name(self)? != NEWTONTR {
            return Ok(());
        }
        // SAFETY: live newtontr solver; values checked above (`None` keeps the value).
        check(unsafe {
            sys::SNESNewtonTRSetUpdateParameters(
                self.ptr,
                default_real(p.eta1),
                default_real(p.eta2),
                default_real(p.eta3),
                default_real(p.t1),
                default_real(p.t2),
            )
        })
    }

    /// How the trust region grows and shrinks (`SNESNewtonTRGetUpdateParameters`, PETSc
    /// 3.22 on; type `newtontr`), every field `Some`.
    #[doc(alias = "SNESNewtonTRGetUpdateParameters")]
    pub fn tr_update_parameters(&self) -> Result<SnesTrUpdateParameters> {
        self.require_type("Snes::tr_update_parameters", "newtontr")?;
        let mut v: [Real; 5] = [0.0; 5];
        let [a, b, c, d, e] = &mut v;
        // SAFETY: live newtontr solver; five outputs.
        check(unsafe { sys::SNESNewtonTRGetUpdateParameters(self.ptr, a, b, c, d, e) })?;
        Ok(SnesTrUpdateParameters {
            eta1: Some(v[0]),
            eta2: Some(v[1]),
            eta3: Some(v[2]),
            t1: Some(v[3]),
            t2: Some(v[4]),
        })
    }
}
