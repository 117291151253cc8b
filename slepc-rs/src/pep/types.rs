//! The options of the solver types: TOAR and quadratic Arnoldi (restart, locking), STOAR
//! (linearization, locking, spectrum slicing: zeros, inner dimensions, inertias, the
//! eigenvalue type check), JD (restart, fix, preconditioner reuse, minimality index,
//! projection), the linear type (linearization, explicit matrix, inner EPS) and CISS.
//! Each is refused, with an error naming the solver's type, unless the solver has the
//! type it belongs to (SLEPc would silently ignore it).

use petsc::{Error, Int, Ksp, Object, Real, Result};
use slepc_sys as sys;

use super::{Pep, PepWhich};
use crate::CissSizes;
use crate::eps::Eps;
use crate::error::check;
use crate::handle::{petsc_bool, raw_enum};

raw_enum!(
/// The projection of the JD solver (`PEPJDProjection`).
///
/// ```
/// assert_ne!(slepc::PepJdProjection::Harmonic, slepc::PepJdProjection::Orthogonal);
/// ```
PepJdProjection: PEPJDProjection {
    /// `PEP_JD_PROJECTION_HARMONIC`: harmonic (the default).
    Harmonic = PEP_JD_PROJECTION_HARMONIC,
    /// `PEP_JD_PROJECTION_ORTHOGONAL`: orthogonal.
    Orthogonal = PEP_JD_PROJECTION_ORTHOGONAL,
});

raw_enum!(
/// The extraction of the CISS solver (`PEPCISSExtraction`).
///
/// ```
/// assert_ne!(slepc::PepCissExtraction::Ritz, slepc::PepCissExtraction::Caa);
/// ```
PepCissExtraction: PEPCISSExtraction {
    /// `PEP_CISS_EXTRACTION_RITZ`: Rayleigh-Ritz (the default).
    Ritz = PEP_CISS_EXTRACTION_RITZ,
    /// `PEP_CISS_EXTRACTION_HANKEL`: block Hankel matrices.
    Hankel = PEP_CISS_EXTRACTION_HANKEL,
    /// `PEP_CISS_EXTRACTION_CAA`: communication-avoiding Arnoldi.
    Caa = PEP_CISS_EXTRACTION_CAA,
});

/// A value of a type-specific option as it crosses to C, checked first (a real must be
/// finite: SLEPc's range checks let a NaN through).
trait OptValue: Sized {
    type Raw;
    const ZERO: Self::Raw;
    fn check(&self, ctx: &str) -> Result<()>;
    fn to_raw(self) -> Self::Raw;
    fn back(raw: Self::Raw) -> Result<Self>;
}

impl OptValue for bool {
    type Raw = sys::PetscBool;
    const ZERO: sys::PetscBool = sys::PETSC_BOOL_FALSE;
    fn check(&self, _: &str) -> Result<()> {
        Ok(())
    }
    fn to_raw(self) -> sys::PetscBool {
        petsc_bool(self)
    }
    fn back(raw: sys::PetscBool) -> Result<bool> {
        Ok(raw == sys::PETSC_BOOL_TRUE)
    }
}

impl OptValue for Int {
    type Raw = Int;
    const ZERO: Int = 0;
    fn check(&self, _: &str) -> Result<()> {
        Ok(())
    }
    fn to_raw(self) -> Int {
        self
    }
    fn back(raw: Int) -> Result<Int> {
        Ok(raw)
    }
}

impl OptValue for Real {
    type Raw = Real;
    const ZERO: Real = 0.0;
    fn check(&self, ctx: &str) -> Result<()> {
        if self.is_finite() {
            Ok(())
        } else {
            Err(Error::invalid(
                ctx,
                format!("the value is {self}; it must be finite"),
            ))
        }
    }
    fn to_raw(self) -> Real {
        self
    }
    fn back(raw: Real) -> Result<Real> {
        Ok(raw)
    }
}

/// `OptValue` for the option enums.
macro_rules! pep_enum_value {
    ($($name:ident: $raw:ident),* $(,)?) => {$(
        impl OptValue for $name {
            type Raw = sys::$raw;
            const ZERO: sys::$raw = sys::$raw(0);
            fn check(&self, _: &str) -> Result<()> {
                Ok(())
            }
            fn to_raw(self) -> sys::$raw {
                self.raw()
            }
            fn back(raw: sys::$raw) -> Result<$name> {
                $name::from_raw(raw)
            }
        }
    )*};
}

pep_enum_value!(
    PepJdProjection: PEPJDProjection,
    PepCissExtraction: PEPCISSExtraction,
);

/// The setter of an option of one solver type: `set_x(value)`, refused with a clear error
/// unless the solver has the type the option belongs to. The doc example sets `$ex`,
/// reads it back with the getter `$get`, and is refused on a solver of type `$other`.
macro_rules! pep_option_set {
    ($ty:literal, $set:ident: $t:ty = $ex:literal, other = $other:literal,
     $set_c:ident as $set_s:literal, get = $get:ident, $what:literal) => {
        impl Pep {
            #[doc = concat!(
                                "Sets ", $what, " (`", $set_s, "`); the solver type must be `", $ty,
                                "` (an `Err` names the type it has).\n\n```\n",
                                "let petsc = petsc::Petsc::init()?;\n",
                                "let mut pep = slepc::Pep::new(&petsc.self_comm())?;\n",
                                "pep.set_type_name(\"", $ty, "\")?;\n",
                                "pep.", stringify!($set), "(", $ex, ")?;\n",
                                "assert_eq!(pep.", stringify!($get), "()?, ", $ex, ");\n",
                                "pep.set_type_name(\"", $other, "\")?;\n",
                                "let e = pep.", stringify!($set), "(", $ex, ").unwrap_err();\n",
                                "assert!(e.to_string().contains(\"not '", $ty, "'\"), \"{e}\");\n",
                                "assert!(pep.", stringify!($get), "().is_err());\n",
                                "# Ok::<(), petsc::Error>(())\n```"
                            )]
            #[doc(alias = $set_s)]
            pub fn $set(&mut self, value: $t) -> Result<()> {
                const CTX: &str = concat!("Pep::", stringify!($set));
                self.require_type(CTX, $ty)?;
                value.check(CTX)?;
                // SAFETY: live solver of the type the function belongs to.
                check(unsafe { sys::$set_c(self.ptr, value.to_raw()) })
            }
        }
    };
}

/// The getter of an option of one solver type: `x()`, refused with a clear error unless
/// the solver has the type the option belongs to.
macro_rules! pep_option_get {
    ($ty:literal, $get:ident: $t:ty = $get_c:ident as $get_s:literal, $what:literal) => {
        impl Pep {
            #[doc = concat!(
                        "Gets ", $what, " (`", $get_s, "`); the solver type must be `", $ty, "`."
                    )]
            #[doc(alias = $get_s)]
            pub fn $get(&self) -> Result<$t> {
                self.require_type(concat!("Pep::", stringify!($get)), $ty)?;
                let mut raw = <$t as OptValue>::ZERO;
                // SAFETY: live solver of the type the function belongs to; one output.
                check(unsafe { sys::$get_c(self.ptr, &mut raw) })?;
                <$t as OptValue>::back(raw)
            }
        }
    };
}

/// The setter of two values of one solver type set together: `set_x(a, b)`.
macro_rules! pep_pair_set {
    ($ty:literal, $set:ident: ($t1:ty, $t2:ty) = ($e1:literal, $e2:literal),
     other = $other:literal, $set_c:ident as $set_s:literal, get = $get:ident,
     $what:literal) => {
        impl Pep {
            #[doc = concat!(
                        "Sets ", $what, " (`", $set_s, "`); the solver type must be `", $ty,
                        "` (an `Err` names the type it has).\n\n```\n",
                        "let petsc = petsc::Petsc::init()?;\n",
                        "let mut pep = slepc::Pep::new(&petsc.self_comm())?;\n",
                        "pep.set_type_name(\"", $ty, "\")?;\n",
                        "pep.", stringify!($set), "(", $e1, ", ", $e2, ")?;\n",
                        "assert_eq!(pep.", stringify!($get), "()?, (", $e1, ", ", $e2, "));\n",
                        "pep.set_type_name(\"", $other, "\")?;\n",
                        "assert!(pep.", stringify!($set), "(", $e1, ", ", $e2, ").is_err());\n",
                        "assert!(pep.", stringify!($get), "().is_err());\n",
                        "# Ok::<(), petsc::Error>(())\n```"
                    )]
            #[doc(alias = $set_s)]
            pub fn $set(&mut self, a: $t1, b: $t2) -> Result<()> {
                const CTX: &str = concat!("Pep::", stringify!($set));
                self.require_type(CTX, $ty)?;
                a.check(CTX)?;
                b.check(CTX)?;
                // SAFETY: live solver of the type the function belongs to.
                check(unsafe { sys::$set_c(self.ptr, a.to_raw(), b.to_raw()) })
            }
        }
    };
}

/// The getter of two values of one solver type: `x() -> (a, b)`.
macro_rules! pep_pair_get {
    ($ty:literal, $get:ident: ($t1:ty, $t2:ty) = $get_c:ident as $get_s:literal,
     $what:literal) => {
        impl Pep {
            #[doc = concat!(
                        "Gets ", $what, " (`", $get_s, "`); the solver type must be `", $ty, "`."
                    )]
            #[doc(alias = $get_s)]
            pub fn $get(&self) -> Result<($t1, $t2)> {
                self.require_type(concat!("Pep::", stringify!($get)), $ty)?;
                let (mut a, mut b) = (<$t1 as OptValue>::ZERO, <$t2 as OptValue>::ZERO);
                // SAFETY: live solver of the type the function belongs to; two outputs.
                check(unsafe { sys::$get_c(self.ptr, &mut a, &mut b) })?;
                Ok((<$t1 as OptValue>::back(a)?, <$t2 as OptValue>::back(b)?))
            }
        }
    };
}

pep_option_set!("toar", set_toar_restart: Real = "0.6", other = "linear",
    PEPTOARSetRestart as "PEPTOARSetRestart", get = toar_restart,
    "the fraction of the basis TOAR keeps at a restart, in `[0.1, 0.9]`");
pep_option_get!("toar", toar_restart: Real = PEPTOARGetRestart as "PEPTOARGetRestart",
    "the fraction of the basis TOAR keeps at a restart, in `[0.1, 0.9]`");
pep_option_set!("toar", set_toar_locking: bool = "false", other = "linear",
    PEPTOARSetLocking as "PEPTOARSetLocking", get = toar_locking,
    "whether TOAR locks converged vectors (else keeps them in the restart)");
pep_option_get!("toar", toar_locking: bool = PEPTOARGetLocking as "PEPTOARGetLocking",
    "whether TOAR locks converged vectors (else keeps them in the restart)");
pep_option_set!("qarnoldi", set_qarnoldi_restart: Real = "0.6", other = "toar",
    PEPQArnoldiSetRestart as "PEPQArnoldiSetRestart", get = qarnoldi_restart,
    "the fraction of the basis quadratic Arnoldi keeps at a restart, in `[0.1, 0.9]`");
pep_option_get!("qarnoldi", qarnoldi_restart: Real = PEPQArnoldiGetRestart as "PEPQArnoldiGetRestart",
    "the fraction of the basis quadratic Arnoldi keeps at a restart, in `[0.1, 0.9]`");
pep_option_set!("qarnoldi", set_qarnoldi_locking: bool = "false", other = "toar",
    PEPQArnoldiSetLocking as "PEPQArnoldiSetLocking", get = qarnoldi_locking,
    "whether quadratic Arnoldi locks converged vectors (else keeps them in the restart)");
pep_option_get!("qarnoldi", qarnoldi_locking: bool = PEPQArnoldiGetLocking as "PEPQArnoldiGetLocking",
    "whether quadratic Arnoldi locks converged vectors (else keeps them in the restart)");
pep_option_set!("stoar", set_stoar_locking: bool = "false", other = "toar",
    PEPSTOARSetLocking as "PEPSTOARSetLocking", get = stoar_locking,
    "whether STOAR locks converged vectors (else keeps them in the restart)");
pep_option_get!("stoar", stoar_locking: bool = PEPSTOARGetLocking as "PEPSTOARGetLocking",
    "whether STOAR locks converged vectors (else keeps them in the restart)");
pep_option_set!("stoar", set_stoar_detect_zeros: bool = "true", other = "toar",
    PEPSTOARSetDetectZeros as "PEPSTOARSetDetectZeros", get = stoar_detect_zeros,
    "whether spectrum slicing checks for zeros in the factorization (singular shifts, \
     needs MUMPS)");
pep_option_get!("stoar", stoar_detect_zeros: bool = PEPSTOARGetDetectZeros as "PEPSTOARGetDetectZeros",
    "whether spectrum slicing checks for zeros in the factorization (singular shifts, \
     needs MUMPS)");
pep_option_set!("stoar", set_stoar_check_eigenvalue_type: bool = "true", other = "toar",
    PEPSTOARSetCheckEigenvalueType as "PEPSTOARSetCheckEigenvalueType", get = stoar_check_eigenvalue_type,
    "whether spectrum slicing checks that all eigenvalues in the interval are of the same \
     definite type");
pep_option_get!("stoar", stoar_check_eigenvalue_type: bool = PEPSTOARGetCheckEigenvalueType as "PEPSTOARGetCheckEigenvalueType",
    "whether spectrum slicing checks that all eigenvalues in the interval are of the same \
     definite type");
pep_pair_set!("stoar", set_stoar_linearization: (Real, Real) = ("2.0", "1.0"), other = "toar",
    PEPSTOARSetLinearization as "PEPSTOARSetLinearization", get = stoar_linearization,
    "the coefficients `(alpha, beta)` of STOAR's symmetric linearization (not both zero)");
pep_pair_get!("stoar", stoar_linearization: (Real, Real) = PEPSTOARGetLinearization as "PEPSTOARGetLinearization",
    "the coefficients `(alpha, beta)` of STOAR's symmetric linearization (not both zero)");
pep_pair_set!("linear", set_linear_linearization: (Real, Real) = ("2.0", "1.0"), other = "toar",
    PEPLinearSetLinearization as "PEPLinearSetLinearization", get = linear_linearization,
    "the coefficients `(alpha, beta)` of the linearization of the linear type (not both \
     zero; the implicit matrix needs `(1, 0)`)");
pep_pair_get!("linear", linear_linearization: (Real, Real) = PEPLinearGetLinearization as "PEPLinearGetLinearization",
    "the coefficients `(alpha, beta)` of the linearization of the linear type (not both \
     zero; the implicit matrix needs `(1, 0)`)");
pep_option_set!("linear", set_linear_explicit_matrix: bool = "true", other = "toar",
    PEPLinearSetExplicitMatrix as "PEPLinearSetExplicitMatrix", get = linear_explicit_matrix,
    "whether the linear type builds the linearization's matrices explicitly (needed for \
     a problem type other than general)");
pep_option_get!("linear", linear_explicit_matrix: bool = PEPLinearGetExplicitMatrix as "PEPLinearGetExplicitMatrix",
    "whether the linear type builds the linearization's matrices explicitly (needed for \
     a problem type other than general)");
pep_option_set!("jd", set_jd_restart: Real = "0.6", other = "toar",
    PEPJDSetRestart as "PEPJDSetRestart", get = jd_restart,
    "the fraction of the search space JD keeps at a restart, in `[0.1, 0.9]`");
pep_option_get!("jd", jd_restart: Real = PEPJDGetRestart as "PEPJDGetRestart",
    "the fraction of the search space JD keeps at a restart, in `[0.1, 0.9]`");
pep_option_set!("jd", set_jd_fix: Real = "0.02", other = "toar",
    PEPJDSetFix as "PEPJDSetFix", get = jd_fix,
    "the residual norm below which JD switches from the target to the Ritz value");
pep_option_get!("jd", jd_fix: Real = PEPJDGetFix as "PEPJDGetFix",
    "the residual norm below which JD switches from the target to the Ritz value");
pep_option_set!("jd", set_jd_reuse_preconditioner: bool = "true", other = "toar",
    PEPJDSetReusePreconditioner as "PEPJDSetReusePreconditioner", get = jd_reuse_preconditioner,
    "whether JD builds its preconditioner once (else at every correction equation)");
pep_option_get!("jd", jd_reuse_preconditioner: bool = PEPJDGetReusePreconditioner as "PEPJDGetReusePreconditioner",
    "whether JD builds its preconditioner once (else at every correction equation)");
pep_option_set!("jd", set_jd_minimality_index: Int = "2", other = "toar",
    PEPJDSetMinimalityIndex as "PEPJDSetMinimalityIndex", get = jd_minimality_index,
    "the maximum minimality index of JD's invariant pair (at least 1)");
pep_option_get!("jd", jd_minimality_index: Int = PEPJDGetMinimalityIndex as "PEPJDGetMinimalityIndex",
    "the maximum minimality index of JD's invariant pair (at least 1)");
pep_option_set!("jd", set_jd_projection: PepJdProjection = "slepc::PepJdProjection::Orthogonal", other = "toar",
    PEPJDSetProjection as "PEPJDSetProjection", get = jd_projection,
    "the projection of JD");
pep_option_get!("jd", jd_projection: PepJdProjection = PEPJDGetProjection as "PEPJDGetProjection",
    "the projection of JD");

impl Pep {
    /// Refuses a type-specific call unless the solver has type `want`.
    fn require_type(&self, ctx: &str, want: &str) -> Result<()> {
        let have = self.type_name()?;
        if have == want {
            return Ok(());
        }
        let have = if have.is_empty() {
            "not set yet".to_string()
        } else {
            format!("'{have}'")
        };
        Err(Error::invalid(
            ctx,
            format!("the solver type is {have}, not '{want}': call set_type first"),
        ))
    }

    /// Uses `eps` as the eigensolver of the linearization of the `linear` type
    /// (`PEPLinearSetEPS`); the solver keeps its own reference.
    #[doc(alias = "PEPLinearSetEPS")]
    pub fn set_linear_eps(&mut self, eps: &Eps) -> Result<()> {
        self.require_type("Pep::set_linear_eps", "linear")?;
        // SAFETY: live linear solver and EPS; SLEPc references the EPS.
        check(unsafe { sys::PEPLinearSetEPS(self.ptr, eps.as_raw()) })
    }

    /// The eigensolver of the linearization of the `linear` type (`PEPLinearGetEPS`; its
    /// options prefix is `pep_linear_`), as a handle holding its own reference and one
    /// to this solver.
    ///
    /// ```
    /// use petsc::Object;
    /// use slepc::{EpsType, PepType};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut pep = slepc::Pep::new(&petsc.self_comm())?;
    /// assert!(pep.linear_eps().is_err()); // the default type is toar
    /// pep.set_type(PepType::Linear)?;
    /// let mut eps = pep.linear_eps()?;
    /// assert_eq!(eps.options_prefix()?, "pep_linear_");
    /// eps.set_type(EpsType::Arnoldi)?;
    /// drop(pep); // the handle keeps the solver alive
    /// assert_eq!(eps.get_type()?, Some(EpsType::Arnoldi));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PEPLinearGetEPS")]
    pub fn linear_eps(&self) -> Result<Eps> {
        self.require_type("Pep::linear_eps", "linear")?;
        let mut eps: sys::EPS = std::ptr::null_mut();
        // SAFETY: live linear solver; SLEPc returns its EPS (borrowed), creating it.
        check(unsafe { sys::PEPLinearGetEPS(self.ptr, &mut eps) })?;
        // SAFETY: live EPS and solver; the handle takes a reference to each.
        unsafe { Eps::from_raw_child(&self.slepc, eps, self.ptr as sys::PetscObject) }
    }

    /// Sets the dimensions STOAR uses in each subinterval of spectrum slicing
    /// (`PEPSTOARSetDimensions`): `nev`, `ncv` and `mpd` as in
    /// [`set_dimensions`](Self::set_dimensions) (`None` lets SLEPc choose); the solver
    /// type must be `stoar`.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut pep = slepc::Pep::new(&petsc.self_comm())?;
    /// pep.set_type(slepc::PepType::Stoar)?;
    /// pep.set_stoar_dimensions(10, Some(30), Some(30))?;
    /// assert_eq!(pep.stoar_dimensions()?, (10, 30, 30));
    /// assert!(pep.set_stoar_dimensions(0, None, None).is_err());
    /// pep.set_type(slepc::PepType::Toar)?;
    /// assert!(pep.stoar_dimensions().is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PEPSTOARSetDimensions")]
    pub fn set_stoar_dimensions(
        &mut self,
        nev: Int,
        ncv: Option<Int>,
        mpd: Option<Int>,
    ) -> Result<()> {
        const CTX: &str = "Pep::set_stoar_dimensions";
        self.require_type(CTX, "stoar")?;
        for (name, v) in [("nev", Some(nev)), ("ncv", ncv), ("mpd", mpd)] {
            if let Some(v) = v {
                if v < 1 {
                    return Err(Error::invalid(
                        CTX,
                        format!("{name} is {v}; it must be at least 1"),
                    ));
                }
            }
        }
        // PETSC_DECIDE lets SLEPc choose on every version (as in `set_dimensions`).
        let d = sys::PETSC_DECIDE as Int;
        // SAFETY: live STOAR solver; SLEPc validates the values.
        check(unsafe {
            sys::PEPSTOARSetDimensions(self.ptr, nev, ncv.unwrap_or(d), mpd.unwrap_or(d))
        })
    }

    /// `(nev, ncv, mpd)` of each subinterval of spectrum slicing
    /// (`PEPSTOARGetDimensions`); the solver type must be `stoar`.
    #[doc(alias = "PEPSTOARGetDimensions")]
    pub fn stoar_dimensions(&self) -> Result<(Int, Int, Int)> {
        self.require_type("Pep::stoar_dimensions", "stoar")?;
        let (mut a, mut b, mut c): (Int, Int, Int) = (0, 0, 0);
        // SAFETY: live STOAR solver; three outputs.
        check(unsafe { sys::PEPSTOARGetDimensions(self.ptr, &mut a, &mut b, &mut c) })?;
        Ok((a, b, c))
    }

    /// The inertias of spectrum slicing (`PEPSTOARGetInertias`): the shifts used (the
    /// interval's ends among them) with, for each, the number of eigenvalues below it.
    /// The solver type must be `stoar`, set up (or solved) for spectrum slicing
    /// ([`PepWhich::All`] and an interval).
    #[doc(alias = "PEPSTOARGetInertias")]
    pub fn stoar_inertias(&self) -> Result<Vec<(Real, Int)>> {
        const CTX: &str = "Pep::stoar_inertias";
        self.require_type(CTX, "stoar")?;
        if self.which_eigenpairs()? != Some(PepWhich::All) {
            return Err(Error::invalid(
                CTX,
                "not a spectrum slicing solver: set PepWhich::All and an interval first",
            ));
        }
        let mut setup = sys::PETSC_BOOL_FALSE;
        // SAFETY: live solver; one output.
        check(unsafe { sys::slepcrs_PEPIsSetUp(self.ptr, &mut setup) })?;
        if setup != sys::PETSC_BOOL_TRUE {
            return Err(Error::invalid(CTX, "call set_up or solve first"));
        }
        let mut n: Int = 0;
        let mut shifts: *mut Real = std::ptr::null_mut();
        let mut inertias: *mut Int = std::ptr::null_mut();
        // SAFETY: live STOAR solver set up for slicing; SLEPc allocates the two arrays of
        // `n` entries, freed below.
        check(unsafe { sys::PEPSTOARGetInertias(self.ptr, &mut n, &mut shifts, &mut inertias) })?;
        let len = usize::try_from(n).unwrap_or(0);
        let out = if len == 0 || shifts.is_null() || inertias.is_null() {
            Vec::new()
        } else {
            // SAFETY: both arrays hold `n` entries (SLEPc's allocations).
            let s = unsafe { std::slice::from_raw_parts(shifts, len) };
            // SAFETY: as above.
            let i = unsafe { std::slice::from_raw_parts(inertias, len) };
            s.iter().copied().zip(i.iter().copied()).collect()
        };
        // SAFETY: SLEPc's allocations (or null), handed to the caller to free.
        let r1 = check(unsafe { sys::petscrs_PetscFree(shifts.cast()) });
        // SAFETY: as above.
        let r2 = check(unsafe { sys::petscrs_PetscFree(inertias.cast()) });
        r1.and(r2)?;
        Ok(out)
    }

    /// Sets the extraction of CISS (`PEPCISSSetExtraction`); the solver type must be
    /// `ciss` (registered in complex builds only).
    ///
    /// ```
    /// use slepc::PepCissExtraction;
    /// let petsc = petsc::Petsc::init()?;
    /// let mut pep = slepc::Pep::new(&petsc.self_comm())?;
    /// assert!(pep.set_ciss_extraction(PepCissExtraction::Hankel).is_err()); // toar
    /// if pep.set_type_name("ciss").is_ok() {
    ///     pep.set_ciss_extraction(PepCissExtraction::Hankel)?;
    ///     assert_eq!(pep.ciss_extraction()?, PepCissExtraction::Hankel);
    ///     pep.set_ciss_threshold(1e-9, 1e-4)?;
    ///     assert_eq!(pep.ciss_threshold()?, (1e-9, 1e-4));
    ///     pep.set_ciss_refinement(2, 3)?;
    ///     assert_eq!(pep.ciss_refinement()?, (2, 3));
    /// }
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PEPCISSSetExtraction")]
    pub fn set_ciss_extraction(&mut self, extraction: PepCissExtraction) -> Result<()> {
        const CTX: &str = "Pep::set_ciss_extraction";
        self.require_type(CTX, "ciss")?;
        #[cfg(not(slepc_complex))]
        return ciss_unavailable(CTX, extraction);
        // SAFETY: live CISS solver.
        #[cfg(slepc_complex)]
        check(unsafe { sys::PEPCISSSetExtraction(self.ptr, extraction.raw()) })
    }

    /// The extraction of CISS (`PEPCISSGetExtraction`); the solver type must be `ciss`.
    #[doc(alias = "PEPCISSGetExtraction")]
    pub fn ciss_extraction(&self) -> Result<PepCissExtraction> {
        const CTX: &str = "Pep::ciss_extraction";
        self.require_type(CTX, "ciss")?;
        #[cfg(not(slepc_complex))]
        return ciss_unavailable(CTX, ());
        #[cfg(slepc_complex)]
        {
            let mut e = sys::PEPCISSExtraction(0);
            // SAFETY: live CISS solver; one output.
            check(unsafe { sys::PEPCISSGetExtraction(self.ptr, &mut e) })?;
            PepCissExtraction::from_raw(e)
        }
    }

    /// Sets the thresholds of CISS (`PEPCISSSetThreshold`): for the numerical rank
    /// (`delta`) and for spurious eigenpairs (`spur`), both positive and finite; the
    /// solver type must be `ciss`.
    #[doc(alias = "PEPCISSSetThreshold")]
    pub fn set_ciss_threshold(&mut self, delta: Real, spur: Real) -> Result<()> {
        const CTX: &str = "Pep::set_ciss_threshold";
        self.require_type(CTX, "ciss")?;
        for (name, v) in [("delta", delta), ("spur", spur)] {
            if !(v.is_finite() && v > 0.0) {
                return Err(Error::invalid(
                    CTX,
                    format!("{name} is {v}; it must be positive and finite"),
                ));
            }
        }
        #[cfg(not(slepc_complex))]
        return ciss_unavailable(CTX, ());
        // SAFETY: live CISS solver.
        #[cfg(slepc_complex)]
        check(unsafe { sys::PEPCISSSetThreshold(self.ptr, delta, spur) })
    }

    /// The thresholds `(delta, spur)` of CISS (`PEPCISSGetThreshold`); the solver type
    /// must be `ciss`.
    #[doc(alias = "PEPCISSGetThreshold")]
    pub fn ciss_threshold(&self) -> Result<(Real, Real)> {
        const CTX: &str = "Pep::ciss_threshold";
        self.require_type(CTX, "ciss")?;
        #[cfg(not(slepc_complex))]
        return ciss_unavailable(CTX, ());
        #[cfg(slepc_complex)]
        {
            let (mut a, mut b): (Real, Real) = (0.0, 0.0);
            // SAFETY: live CISS solver; two outputs.
            check(unsafe { sys::PEPCISSGetThreshold(self.ptr, &mut a, &mut b) })?;
            Ok((a, b))
        }
    }

    /// Sets the refinement of CISS (`PEPCISSSetRefinement`): inner iterations and
    /// iterations of the block size, both at least 0; the solver type must be `ciss`.
    #[doc(alias = "PEPCISSSetRefinement")]
    pub fn set_ciss_refinement(&mut self, inner: Int, block_size: Int) -> Result<()> {
        const CTX: &str = "Pep::set_ciss_refinement";
        self.require_type(CTX, "ciss")?;
        if inner < 0 || block_size < 0 {
            return Err(Error::invalid(
                CTX,
                format!("inner is {inner} and block_size {block_size}; neither may be negative"),
            ));
        }
        #[cfg(not(slepc_complex))]
        return ciss_unavailable(CTX, ());
        // SAFETY: live CISS solver.
        #[cfg(slepc_complex)]
        check(unsafe { sys::PEPCISSSetRefinement(self.ptr, inner, block_size) })
    }

    /// The refinement `(inner, block_size)` of CISS (`PEPCISSGetRefinement`); the
    /// solver type must be `ciss`.
    #[doc(alias = "PEPCISSGetRefinement")]
    pub fn ciss_refinement(&self) -> Result<(Int, Int)> {
        const CTX: &str = "Pep::ciss_refinement";
        self.require_type(CTX, "ciss")?;
        #[cfg(not(slepc_complex))]
        return ciss_unavailable(CTX, ());
        #[cfg(slepc_complex)]
        {
            let (mut a, mut b): (Int, Int) = (0, 0);
            // SAFETY: live CISS solver; two outputs.
            check(unsafe { sys::PEPCISSGetRefinement(self.ptr, &mut a, &mut b) })?;
            Ok((a, b))
        }
    }

    /// Sets the sizes of CISS (`PEPCISSSetSizes`); the solver type must be `ciss`.
    #[doc(alias = "PEPCISSSetSizes")]
    pub fn set_ciss_sizes(&mut self, sizes: CissSizes) -> Result<()> {
        const CTX: &str = "Pep::set_ciss_sizes";
        self.require_type(CTX, "ciss")?;
        #[cfg(not(slepc_complex))]
        return ciss_unavailable(CTX, sizes);
        // SAFETY: live CISS solver; SLEPc validates the values.
        #[cfg(slepc_complex)]
        check(unsafe {
            sys::PEPCISSSetSizes(
                self.ptr,
                sizes.integration_points,
                sizes.block_size,
                sizes.moments,
                sizes.partitions,
                sizes.max_block_size,
                petsc_bool(sizes.real_matrices),
            )
        })
    }

    /// The sizes of CISS (`PEPCISSGetSizes`); the solver type must be `ciss`.
    #[doc(alias = "PEPCISSGetSizes")]
    pub fn ciss_sizes(&self) -> Result<CissSizes> {
        const CTX: &str = "Pep::ciss_sizes";
        self.require_type(CTX, "ciss")?;
        #[cfg(not(slepc_complex))]
        return ciss_unavailable(CTX, ());
        #[cfg(slepc_complex)]
        {
            let (mut ip, mut bs, mut ms, mut npart, mut bsmax): (Int, Int, Int, Int, Int) =
                (0, 0, 0, 0, 0);
            let mut real = sys::PETSC_BOOL_FALSE;
            // SAFETY: live CISS solver; six outputs.
            check(unsafe {
                sys::PEPCISSGetSizes(
                    self.ptr, &mut ip, &mut bs, &mut ms, &mut npart, &mut bsmax, &mut real,
                )
            })?;
            Ok(CissSizes {
                integration_points: ip,
                block_size: bs,
                moments: ms,
                partitions: npart,
                max_block_size: bsmax,
                real_matrices: real == sys::PETSC_BOOL_TRUE,
            })
        }
    }

    /// The linear solvers of CISS, one per integration point of this rank's partition
    /// (`PEPCISSGetKSPs`), each a handle holding its own reference and one to this
    /// solver. The solver type must be `ciss`, with operators.
    #[doc(alias = "PEPCISSGetKSPs")]
    pub fn ciss_ksps(&self) -> Result<Vec<Ksp>> {
        const CTX: &str = "Pep::ciss_ksps";
        self.require_type(CTX, "ciss")?;
        if self.size()?.is_none() {
            return Err(Error::invalid(CTX, "no operator: call set_operators first"));
        }
        #[cfg(not(slepc_complex))]
        return ciss_unavailable(CTX, ());
        #[cfg(slepc_complex)]
        {
            let mut n: Int = 0;
            let mut ksps: *mut sys::KSP = std::ptr::null_mut();
            // SAFETY: live CISS solver with operators; SLEPc returns its array of KSPs
            // (borrowed, creating them).
            check(unsafe { sys::PEPCISSGetKSPs(self.ptr, &mut n, &mut ksps) })?;
            let len = usize::try_from(n).unwrap_or(0);
            if len == 0 || ksps.is_null() {
                return Ok(Vec::new());
            }
            // SAFETY: SLEPc's array of `n` live KSPs.
            let raw = unsafe { std::slice::from_raw_parts(ksps, len) }.to_vec();
            raw.into_iter()
                .map(|k| {
                    // SAFETY: live KSP and solver; the handle takes a reference to each.
                    unsafe {
                        Ksp::from_raw_child(self.slepc.petsc(), k, self.ptr as sys::PetscObject)
                    }
                })
                .collect()
        }
    }
}

/// CISS's functions exist in complex builds only (SLEPc registers the type, and declares
/// them, only there), so the solver's type is never `ciss` in a real build and this is
/// not reached; `_args` are the unused arguments.
#[cfg(not(slepc_complex))]
fn ciss_unavailable<T, A>(ctx: &str, _args: A) -> Result<T> {
    Err(Error::invalid(
        ctx,
        "CISS needs PETSc and SLEPc built with complex scalars",
    ))
}
