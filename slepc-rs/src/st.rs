//! Spectral transformations (`ST`): shift, shift-and-invert, Cayley, preconditioner; the
//! inner linear solver (`KSP`) of the transformations that need one.

use petsc::{Error, Int, Ksp, Mat, MatStructure, Result, Scalar};
use slepc_sys as sys;

use crate::declare::declare;
use crate::error::check;
use crate::handle::slepc_handle;

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
    /// assert_eq!(st.ty()?, Some(StType::Sinvert));
    /// assert_eq!(st.shift()?, 0.5);
    /// // The same object, seen again through the solver.
    /// assert_eq!(eps.st()?.ty()?, Some(StType::Sinvert));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    St,
    sys::ST,
    sys::STDestroy,
    /// A standalone transformation on `comm` (`STCreate`); an [`Eps`](crate::Eps) has
    /// its own, see [`Eps::st`](crate::Eps::st).
    new = sys::STCreate as "STCreate",
);

declare! { @types
/// Spectral transformations (`STType`); [`StType::Other`] names any registered type.
///
/// ```
/// use slepc::StType;
/// assert_eq!(StType::Sinvert.as_str(), "sinvert");
/// assert_eq!("cayley".parse::<StType>().unwrap(), StType::Cayley);
/// ```
StType {
    Shift = STSHIFT "shift" "`A - sigma B` (the default; shift 0 is no transformation).",
    Sinvert = STSINVERT "sinvert" "shift-and-invert, `(A - sigma B)^-1 B`: eigenvalues near \
        `sigma` become the largest.",
    Cayley = STCAYLEY "cayley" "generalized Cayley transform.",
    Precond = STPRECOND "precond" "a preconditioner for preconditioned eigensolvers (GD, JD, \
        LOBPCG).",
    Filter = STFILTER "filter" "polynomial filter.",
    Shell = STSHELL "shell" "user-defined.",
}
}

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
    /// Sets the shift `sigma` (`STSetShift`). Inside an [`Eps`](crate::Eps), the target
    /// ([`Eps::set_target`](crate::Eps::set_target)) sets it too.
    /// A shift with a NaN or infinite part is refused (SLEPc stored it, and the
    /// transformed operator `A - sigma B` was NaN everywhere).
    #[doc(alias = "STSetShift")]
    pub fn set_shift(&mut self, sigma: impl Into<Scalar>) -> Result<()> {
        let sigma = sigma.into();
        check_finite_scalar("St::set_shift", "the shift", sigma)?;
        // SAFETY: live object.
        check(unsafe { sys::slepcrs_STSetShift(self.ptr, &sigma) })
    }

    petsc::methods![for St;
        /// The shift (`STGetShift`).
        pub fn shift(&self) -> Scalar = STGetShift as "STGetShift";
    ];

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
    #[doc(alias = "STSetKSP")]
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
    #[doc(alias = "STGetKSP")]
    pub fn ksp(&mut self) -> Result<Ksp> {
        let mut ksp: sys::KSP = std::ptr::null_mut();
        // SAFETY: live object; SLEPc returns its KSP (creating it with its defaults).
        check(unsafe { sys::STGetKSP(self.ptr, &mut ksp) })?;
        // SAFETY: `ksp` is the ST's live KSP; the handle takes a reference to it and one
        // to the ST.
        unsafe { Ksp::from_raw_child(self.slepc.petsc(), ksp, self.ptr as sys::PetscObject) }
    }
}

petsc::c_enum! {
    /// How the transformation builds `A - sigma B` (`STMatMode`).
    #[doc(alias = "STMatMode")]
    pub StMatMode: sys::STMatMode {
        Copy = ST_MATMODE_COPY "in a copy of `A` (the default).",
        Inplace = ST_MATMODE_INPLACE "in `A` itself, restored afterwards.",
        Shell = ST_MATMODE_SHELL "as a shell matrix, never formed.",
    }
}

pub(crate) fn structure_raw(s: MatStructure) -> sys::MatStructure {
    match s {
        MatStructure::Same => sys::MatStructure::SAME_NONZERO_PATTERN,
        MatStructure::Subset => sys::MatStructure::SUBSET_NONZERO_PATTERN,
        MatStructure::Different => sys::MatStructure::DIFFERENT_NONZERO_PATTERN,
        _ => sys::MatStructure::UNKNOWN_NONZERO_PATTERN,
    }
}

/// The Rust value of a raw `MatStructure`.
pub(crate) fn structure_from_raw(m: sys::MatStructure) -> MatStructure {
    match m {
        sys::MatStructure::SAME_NONZERO_PATTERN => MatStructure::Same,
        sys::MatStructure::SUBSET_NONZERO_PATTERN => MatStructure::Subset,
        sys::MatStructure::DIFFERENT_NONZERO_PATTERN => MatStructure::Different,
        _ => MatStructure::Unknown,
    }
}

/// Matrices, matrix handling and preconditioner matrices.
impl St {
    petsc::methods![for St;
        /// Forgets the matrices and what was built from them (`STReset`).
        pub fn reset(&mut self) = STReset as "STReset";
    ];

    /// Sets the matrices of the problem, `A` and optionally `B` (or the coefficients of
    /// a polynomial problem) (`STSetMatrices`): at least one, all square and of one size.
    /// The transformation keeps its own references.
    ///
    /// ```
    /// use petsc::Mat;
    /// let petsc = petsc::Petsc::init()?;
    /// let comm = petsc.self_comm();
    /// let mut a = Mat::new_aij(&comm, None, None, Some(4), Some(4), 1, 0)?;
    /// a.assemble()?;
    /// let mut st = slepc::St::new(&comm)?;
    /// st.set_matrices(&[&a])?;
    /// assert_eq!(st.matrices()?.len(), 1);
    /// let mut b = Mat::new_aij(&comm, None, None, Some(3), Some(3), 1, 0)?;
    /// b.assemble()?;
    /// let e = st.set_matrices(&[&a, &b]).unwrap_err();
    /// assert!(e.to_string().contains("matrix 1 is 3 x 3"), "{e}");
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "STSetMatrices")]
    pub fn set_matrices(&mut self, mats: &[&Mat]) -> Result<()> {
        petsc::ffi::refuse_lent("St::set_matrices", mats.iter().copied())?;
        const CTX: &str = "St::set_matrices";
        crate::checks::same_count(self, CTX, "matrices", mats.len())?;
        if mats.is_empty() {
            return Err(Error::invalid(CTX, "no matrices; give at least A"));
        }
        crate::checks::agreed_square_list(self, CTX, "matrix", mats)?;
        let mut raw: Vec<sys::Mat> = mats.iter().map(|m| m.as_raw()).collect();
        let n =
            Int::try_from(raw.len()).map_err(|_| Error::size_mismatch(CTX, "too many matrices"))?;
        // SAFETY: live object and matrices; SLEPc references each matrix.
        check(unsafe { sys::STSetMatrices(self.ptr, n, raw.as_mut_ptr()) })
    }

    /// The matrices of the problem (`STGetNumMatrices`, `STGetMatrix`), as handles
    /// holding their own references.
    #[doc(alias = "STGetMatrix")]
    #[doc(alias = "STGetNumMatrices")]
    pub fn matrices(&self) -> Result<Vec<Mat>> {
        let mut n: Int = 0;
        // SAFETY: live object.
        check(unsafe { sys::STGetNumMatrices(self.ptr, &mut n) })?;
        (0..n)
            .map(|k| {
                let mut m: sys::Mat = std::ptr::null_mut();
                // SAFETY: live object; `k` below the number of matrices.
                check(unsafe { sys::STGetMatrix(self.ptr, k, &mut m) })?;
                // SAFETY: a live matrix the ST holds; the handle takes a reference.
                unsafe { Mat::from_raw_borrowed(self.slepc.petsc(), m) }
            })
            .collect()
    }

    /// Whether the eigenvalues are mapped back after the solve (`STSetTransform`):
    /// with `false`, a spectral transformation is used only as a preconditioner.
    #[doc(alias = "STSetTransform")]
    pub fn set_transform(&mut self, flag: bool) -> Result<()> {
        let f = if flag {
            sys::PETSC_BOOL_TRUE
        } else {
            sys::PETSC_BOOL_FALSE
        };
        // SAFETY: live object.
        check(unsafe { sys::STSetTransform(self.ptr, f) })
    }

    petsc::methods![for St;
        /// Whether the eigenvalues are mapped back after the solve (`STGetTransform`).
        pub fn transform(&self) -> bool = STGetTransform as "STGetTransform";

        /// How `A - sigma B` is built (`STSetMatMode`).
        ///
        /// ```
        /// use slepc::StMatMode;
        /// let petsc = petsc::Petsc::init()?;
        /// let mut st = slepc::St::new(&petsc.self_comm())?;
        /// assert_eq!(st.mat_mode()?, StMatMode::Copy);
        /// st.set_mat_mode(StMatMode::Shell)?;
        /// assert_eq!(st.mat_mode()?, StMatMode::Shell);
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_mat_mode(&mut self, mode: StMatMode) = STSetMatMode as "STSetMatMode";
    ];

    /// How `A - sigma B` is built (`STGetMatMode`).
    #[doc(alias = "STGetMatMode")]
    pub fn mat_mode(&self) -> Result<StMatMode> {
        let mut m = sys::STMatMode::ST_MATMODE_COPY;
        // SAFETY: live object.
        check(unsafe { sys::STGetMatMode(self.ptr, &mut m) })?;
        Ok(match m {
            sys::STMatMode::ST_MATMODE_INPLACE => StMatMode::Inplace,
            sys::STMatMode::ST_MATMODE_SHELL => StMatMode::Shell,
            _ => StMatMode::Copy,
        })
    }

    /// How the nonzero patterns of `A` and `B` relate, for `A - sigma B`
    /// (`STSetMatStructure`).
    #[doc(alias = "STSetMatStructure")]
    pub fn set_mat_structure(&mut self, structure: MatStructure) -> Result<()> {
        // SAFETY: live object.
        check(unsafe { sys::STSetMatStructure(self.ptr, structure_raw(structure)) })
    }

    /// How the nonzero patterns of `A` and `B` relate (`STGetMatStructure`).
    #[doc(alias = "STGetMatStructure")]
    pub fn mat_structure(&self) -> Result<MatStructure> {
        let mut m = sys::MatStructure::DIFFERENT_NONZERO_PATTERN;
        // SAFETY: live object.
        check(unsafe { sys::STGetMatStructure(self.ptr, &mut m) })?;
        Ok(structure_from_raw(m))
    }

    /// The matrix the inner solver's preconditioner is built from, instead of the
    /// transformed operator (`STSetPreconditionerMat`); `None` goes back to it.
    #[doc(alias = "STSetPreconditionerMat")]
    pub fn set_preconditioner_mat(&mut self, p: Option<&Mat>) -> Result<()> {
        petsc::ffi::refuse_lent("St::set_preconditioner_mat", p)?;
        if let Some(m) = p {
            let ctx = "St::set_preconditioner_mat";
            crate::checks::agreed_square_list(self, ctx, "matrix", &[m])?;
        }
        let raw = p.map_or(std::ptr::null_mut(), |m| m.as_raw());
        // SAFETY: live object and matrix (or null); SLEPc references the matrix.
        check(unsafe { sys::STSetPreconditionerMat(self.ptr, raw) })
    }

    /// The preconditioner matrix, if one was set (`STGetPreconditionerMat`).
    #[doc(alias = "STGetPreconditionerMat")]
    pub fn preconditioner_mat(&self) -> Result<Option<Mat>> {
        let mut m: sys::Mat = std::ptr::null_mut();
        // SAFETY: live object; SLEPc lends its matrix, or null.
        check(unsafe { sys::STGetPreconditionerMat(self.ptr, &mut m) })?;
        if m.is_null() {
            return Ok(None);
        }
        // SAFETY: a live matrix the ST holds; the handle takes a reference.
        unsafe { Mat::from_raw_borrowed(self.slepc.petsc(), m) }.map(Some)
    }

    /// The preconditioner matrix in split form, one matrix per problem matrix, combined
    /// as the problem's matrices are (`STSetSplitPreconditioner`); `structure` tells how
    /// their patterns relate. An empty list removes it.
    #[doc(alias = "STSetSplitPreconditioner")]
    pub fn set_split_preconditioner(
        &mut self,
        mats: &[&Mat],
        structure: MatStructure,
    ) -> Result<()> {
        petsc::ffi::refuse_lent("St::set_split_preconditioner", mats.iter().copied())?;
        const CTX: &str = "St::set_split_preconditioner";
        crate::checks::same_count(self, CTX, "matrices", mats.len())?;
        crate::checks::agreed_square_list(self, CTX, "matrix", mats)?;
        let mut raw: Vec<sys::Mat> = mats.iter().map(|m| m.as_raw()).collect();
        let n =
            Int::try_from(raw.len()).map_err(|_| Error::size_mismatch(CTX, "too many matrices"))?;
        // SAFETY: live object and matrices; SLEPc references each matrix.
        check(unsafe {
            sys::STSetSplitPreconditioner(self.ptr, n, raw.as_mut_ptr(), structure_raw(structure))
        })
    }
}
