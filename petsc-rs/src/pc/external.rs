//! Preconditioners that external packages provide: SPAI (`PCSPAI`) and HPDDM
//! (`PCHPDDM`, with its Krylov methods `KSPHPDDM`).
//!
//! Their setters are called through the functions these types compose on the object
//! (`"PCSPAISetEpsilon_C"`, ...), never through the package's own symbols, which exist
//! only in a PETSc built with the package (Debian's is built without both). So they
//! work where the package exists, and elsewhere each returns an `Err` that names the
//! missing package.

use petsc_sys as sys;

use super::Pc;
use crate::error::{Error, Result, c_string, check};
use crate::is::IndexSet;
use crate::ksp::Ksp;
use crate::mat::Mat;
use crate::object::Object;
use crate::scalar::{Int, Real};

crate::c_enum! {
    /// How HPDDM's coarse correction combines with the fine-level preconditioner
    /// (`PCHPDDMCoarseCorrectionType`).
    ///
    /// ```
    /// use petsc::HpddmCoarseCorrectionType as C;
    /// assert_eq!(C::ALL, &[C::Deflated, C::Additive, C::Balanced]);
    /// ```
    pub HpddmCoarseCorrectionType: sys::PCHPDDMCoarseCorrectionType {
        Deflated = PC_HPDDM_COARSE_CORRECTION_DEFLATED "deflated (the default).",
        Additive = PC_HPDDM_COARSE_CORRECTION_ADDITIVE "additive.",
        Balanced = PC_HPDDM_COARSE_CORRECTION_BALANCED "balanced.",
    }
}

crate::c_enum! {
    /// The Krylov method of a `KSPHPDDM` solver (`KSPHPDDMType`).
    ///
    /// ```
    /// use petsc::KspHpddmType;
    /// assert_eq!(KspHpddmType::ALL.len(), 8);
    /// assert_ne!(KspHpddmType::Gmres, KspHpddmType::Bgmres);
    /// ```
    pub KspHpddmType: sys::KSPHPDDMType {
        Gmres = KSP_HPDDM_TYPE_GMRES "GMRES.",
        Bgmres = KSP_HPDDM_TYPE_BGMRES "block GMRES.",
        Cg = KSP_HPDDM_TYPE_CG "conjugate gradient.",
        Bcg = KSP_HPDDM_TYPE_BCG "block conjugate gradient.",
        Gcrodr = KSP_HPDDM_TYPE_GCRODR "GCRO-DR (recycling).",
        Bgcrodr = KSP_HPDDM_TYPE_BGCRODR "block GCRO-DR.",
        Bfbcg = KSP_HPDDM_TYPE_BFBCG "breakdown-free block conjugate gradient.",
        Preonly = KSP_HPDDM_TYPE_PREONLY "the preconditioner only.",
    }
}

/// `Ok` when `obj` has the composed function `function` (`"PCSPAISetEpsilon_C"`), which
/// objects of type `package` (an external package's type of the same name) register;
/// otherwise an `Err` naming the package when this PETSc is built without it, or the
/// type needed when the object is of another.
fn require_composed(
    obj: sys::PetscObject,
    class: &str,
    type_name: &str,
    context: &str,
    function: &str,
    package: &str,
) -> Result<()> {
    let name = c_string(context, function)?;
    let mut f: Option<unsafe extern "C" fn()> = None;
    // SAFETY: a live object, a NUL-terminated name and one output; PETSc only looks the
    // name up.
    check(unsafe { sys::PetscObjectQueryFunction_Private(obj, name.as_ptr(), &mut f) })?;
    if f.is_some() {
        return Ok(());
    }
    let pkg = c_string(context, package)?;
    let mut has = sys::PETSC_BOOL_FALSE;
    // SAFETY: PETSc is initialized (a live object exists); a NUL-terminated name and one
    // output.
    check(unsafe { sys::PetscHasExternalPackage(pkg.as_ptr(), &mut has) })?;
    if has != sys::PETSC_BOOL_TRUE {
        return Err(Error::invalid(
            context,
            format!(
                "needs the external package {package} (a {class} of type '{package}'), \
                 which this PETSc is built without"
            ),
        ));
    }
    let t = if type_name.is_empty() {
        "none set".into()
    } else {
        format!("'{type_name}'")
    };
    Err(Error::invalid(
        context,
        format!(
            "needs a {class} of type '{package}' (this one's type is {t}); call set_type first"
        ),
    ))
}

impl Pc {
    /// `Ok` when this preconditioner has the composed function `function`, registered
    /// by the external package `package`'s type (see [`require_composed`]).
    fn require_composed(&self, context: &str, function: &str, package: &str) -> Result<()> {
        require_composed(
            self.ptr.cast(),
            "PC",
            &self.type_name()?,
            context,
            function,
            package,
        )
    }
}

impl Ksp {
    /// As [`Pc::require_composed`], for a solver.
    fn require_composed(&self, context: &str, function: &str, package: &str) -> Result<()> {
        require_composed(
            self.ptr.cast(),
            "KSP",
            &self.type_name()?,
            context,
            function,
            package,
        )
    }
}

/// SPAI, the sparse approximate inverse (`PCSPAI`), when PETSc was built with the SPAI
/// package. Each setter needs the type set to `"spai"` and returns an `Err` otherwise,
/// one that names the package where PETSc lacks it:
///
/// ```
/// let petsc = petsc::Petsc::init()?;
/// let mut pc = petsc::Pc::new(&petsc.self_comm())?;
/// let e = pc.set_spai_epsilon(0.4).unwrap_err().to_string();
/// if petsc.has_external_package("spai")? {
///     assert!(e.contains("type 'spai'"), "{e}");
///     pc.set_type_name("spai")?;
///     pc.set_spai_epsilon(0.4)?;
///     pc.set_spai_max(100)?;
/// } else {
///     assert!(e.contains("external package spai"), "{e}");
///     assert!(pc.set_type_name("spai").is_err()); // not registered
/// }
/// # Ok::<(), petsc::Error>(())
/// ```
impl Pc {
    crate::methods![for Pc;
        /// How far the approximate inverse may be from the inverse, between 0 and 1
        /// (`PCSPAISetEpsilon`; SPAI's default 0.4): smaller is more accurate and denser.
        pub fn set_spai_epsilon(&mut self, epsilon: Real)
            = petscrs_PCSPAISetEpsilon as "PCSPAISetEpsilon",
            needs require_composed("PCSPAISetEpsilon_C", "spai");
        /// The most improvement steps per row (`PCSPAISetNBSteps`; default 5).
        pub fn set_spai_nb_steps(&mut self, steps: Int)
            = petscrs_PCSPAISetNBSteps as "PCSPAISetNBSteps",
            needs require_composed("PCSPAISetNBSteps_C", "spai");
        /// The size of the working buffers (`PCSPAISetMax`; default 5000).
        pub fn set_spai_max(&mut self, max: Int)
            = petscrs_PCSPAISetMax as "PCSPAISetMax",
            needs require_composed("PCSPAISetMax_C", "spai");
        /// The most new nonzeros added in each step (`PCSPAISetMaxNew`; default 5).
        pub fn set_spai_max_new(&mut self, max_new: Int)
            = petscrs_PCSPAISetMaxNew as "PCSPAISetMaxNew",
            needs require_composed("PCSPAISetMaxNew_C", "spai");
        /// The block size (`PCSPAISetBlockSize`; 1 for point blocks, 0 to find them).
        pub fn set_spai_block_size(&mut self, block_size: Int)
            = petscrs_PCSPAISetBlockSize as "PCSPAISetBlockSize",
            needs require_composed("PCSPAISetBlockSize_C", "spai");
        /// The size of SPAI's cache, 0 to 5 (`PCSPAISetCacheSize`; default 5).
        pub fn set_spai_cache_size(&mut self, size: Int)
            = petscrs_PCSPAISetCacheSize as "PCSPAISetCacheSize",
            needs require_composed("PCSPAISetCacheSize_C", "spai");
        /// SPAI's verbosity, 0 or 1 (`PCSPAISetVerbose`).
        pub fn set_spai_verbose(&mut self, verbose: Int)
            = petscrs_PCSPAISetVerbose as "PCSPAISetVerbose",
            needs require_composed("PCSPAISetVerbose_C", "spai");
        /// 1 for a symmetric nonzero pattern of the inverse, 0 for SPAI's own
        /// (`PCSPAISetSp`).
        pub fn set_spai_sp(&mut self, sp: Int)
            = petscrs_PCSPAISetSp as "PCSPAISetSp",
            needs require_composed("PCSPAISetSp_C", "spai");
    ];
}

/// HPDDM's multilevel overlapping Schwarz preconditioner (`PCHPDDM`), when PETSc was
/// built with the HPDDM package. Each method needs the type set to `"hpddm"` and
/// returns an `Err` otherwise, one that names the package where PETSc lacks it:
///
/// ```
/// use petsc::HpddmCoarseCorrectionType;
/// let petsc = petsc::Petsc::init()?;
/// let mut pc = petsc::Pc::new(&petsc.self_comm())?;
/// let e = pc.hpddm_coarse_correction_type().unwrap_err().to_string();
/// if petsc.has_external_package("hpddm")? {
///     assert!(e.contains("type 'hpddm'"), "{e}");
///     pc.set_type_name("hpddm")?;
///     pc.set_hpddm_coarse_correction_type(HpddmCoarseCorrectionType::Balanced)?;
///     assert_eq!(pc.hpddm_coarse_correction_type()?, HpddmCoarseCorrectionType::Balanced);
/// } else {
///     assert!(e.contains("external package hpddm"), "{e}");
/// }
/// # Ok::<(), petsc::Error>(())
/// ```
impl Pc {
    crate::methods![for Pc;
        /// Whether the auxiliary matrix is the local Neumann matrix of the subdomain
        /// (`PCHPDDMHasNeumannMat`).
        pub fn set_hpddm_has_neumann_mat(&mut self, has: bool)
            = petscrs_PCHPDDMHasNeumannMat as "PCHPDDMHasNeumannMat",
            needs require_composed("PCHPDDMHasNeumannMat_C", "hpddm");
        /// The coarse correction (`PCHPDDMSetCoarseCorrectionType`).
        pub fn set_hpddm_coarse_correction_type(&mut self, ty: HpddmCoarseCorrectionType)
            = petscrs_PCHPDDMSetCoarseCorrectionType as "PCHPDDMSetCoarseCorrectionType",
            needs require_composed("PCHPDDMSetCoarseCorrectionType_C", "hpddm");
        /// The coarse correction (`PCHPDDMGetCoarseCorrectionType`).
        pub fn hpddm_coarse_correction_type(&self) -> HpddmCoarseCorrectionType
            = petscrs_PCHPDDMGetCoarseCorrectionType as "PCHPDDMGetCoarseCorrectionType",
            needs require_composed("PCHPDDMGetCoarseCorrectionType_C", "hpddm");
        /// Whether the fine-level solver shares its `KSP` with SLEPc's spectral
        /// transformation of the GenEO eigenproblem (`PCHPDDMGetSTShareSubKSP`).
        pub fn hpddm_st_share_sub_ksp(&self) -> bool
            = petscrs_PCHPDDMGetSTShareSubKSP as "PCHPDDMGetSTShareSubKSP",
            needs require_composed("PCHPDDMGetSTShareSubKSP_C", "hpddm");
    ];

    /// The overlapping subdomain `is` (this rank's rows, global numbering) and the
    /// auxiliary matrix `aux` of the GenEO eigenproblems on it
    /// (`PCHPDDMSetAuxiliaryMat`, without a set-up callback); PETSc references both.
    #[doc(alias = "PCHPDDMSetAuxiliaryMat")]
    pub fn set_hpddm_auxiliary_mat(&mut self, is: &IndexSet, aux: &Mat) -> Result<()> {
        aux.check_loan("Pc::set_hpddm_auxiliary_mat")?;
        const CTX: &str = "Pc::set_hpddm_auxiliary_mat";
        self.require_composed(CTX, "PCHPDDMSetAuxiliaryMat_C", "hpddm")?;
        let a = aux.kept_raw(CTX)?;
        // SAFETY: live HPDDM PC, index set and matrix; PETSc references both.
        check(unsafe { sys::petscrs_PCHPDDMSetAuxiliaryMat(self.ptr, is.ptr, a) })
    }

    /// The right-hand side matrix `B` of the generalized GenEO eigenproblems
    /// (`PCHPDDMSetRHSMat`); PETSc references it.
    #[doc(alias = "PCHPDDMSetRHSMat")]
    pub fn set_hpddm_rhs_mat(&mut self, b: &Mat) -> Result<()> {
        b.check_loan("Pc::set_hpddm_rhs_mat")?;
        const CTX: &str = "Pc::set_hpddm_rhs_mat";
        self.require_composed(CTX, "PCHPDDMSetRHSMat_C", "hpddm")?;
        let b = b.kept_raw(CTX)?;
        // SAFETY: live HPDDM PC and matrix; PETSc references it.
        check(unsafe { sys::petscrs_PCHPDDMSetRHSMat(self.ptr, b) })
    }

    /// A deflation space in place of GenEO's eigenvectors: the columns of `u` on the
    /// overlapping subdomain `is` (`PCHPDDMSetDeflationMat`); PETSc references both.
    #[doc(alias = "PCHPDDMSetDeflationMat")]
    pub fn set_hpddm_deflation_mat(&mut self, is: &IndexSet, u: &Mat) -> Result<()> {
        u.check_loan("Pc::set_hpddm_deflation_mat")?;
        const CTX: &str = "Pc::set_hpddm_deflation_mat";
        self.require_composed(CTX, "PCHPDDMSetDeflationMat_C", "hpddm")?;
        let u = u.kept_raw(CTX)?;
        // SAFETY: live HPDDM PC, index set and matrix; PETSc references both.
        check(unsafe { sys::petscrs_PCHPDDMSetDeflationMat(self.ptr, is.ptr, u) })
    }
}

/// HPDDM's Krylov methods (`KSPHPDDM`), when PETSc was built with the HPDDM package;
/// an `Err` naming the package otherwise, or naming the type for a solver of another.
///
/// ```
/// use petsc::KspHpddmType;
/// let petsc = petsc::Petsc::init()?;
/// let mut ksp = petsc::Ksp::new(&petsc.self_comm())?;
/// let e = ksp.set_hpddm_type(KspHpddmType::Cg).unwrap_err().to_string();
/// if petsc.has_external_package("hpddm")? {
///     assert!(e.contains("type 'hpddm'"), "{e}");
///     ksp.set_type_name("hpddm")?;
///     ksp.set_hpddm_type(KspHpddmType::Cg)?;
///     assert_eq!(ksp.hpddm_type()?, KspHpddmType::Cg);
/// } else {
///     assert!(e.contains("external package hpddm"), "{e}");
///     assert!(ksp.hpddm_type().is_err());
/// }
/// # Ok::<(), petsc::Error>(())
/// ```
impl Ksp {
    crate::methods![for Ksp;
        /// HPDDM's Krylov method (`KSPHPDDMSetType`).
        pub fn set_hpddm_type(&mut self, ty: KspHpddmType)
            = petscrs_KSPHPDDMSetType as "KSPHPDDMSetType",
            needs require_composed("KSPHPDDMSetType_C", "hpddm");
        /// HPDDM's Krylov method (`KSPHPDDMGetType`).
        pub fn hpddm_type(&self) -> KspHpddmType
            = petscrs_KSPHPDDMGetType as "KSPHPDDMGetType",
            needs require_composed("KSPHPDDMGetType_C", "hpddm");
    ];
}
