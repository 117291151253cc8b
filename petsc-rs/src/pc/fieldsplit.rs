//! Field split (`PCFIELDSPLIT`): block preconditioners for coupled fields, and the
//! way splits combine ([`CompositeType`], shared with `PCCOMPOSITE`).

use petsc_sys as sys;

use super::Pc;
use crate::error::{Error, Result, c_string, check};
use crate::is::IndexSet;
use crate::ksp::Ksp;
use crate::mat::Mat;
use crate::scalar::Int;

const FIELDSPLIT: &[&str] = &["fieldsplit"];

crate::c_enum! {
    /// How the parts of a field split or a composite preconditioner combine
    /// (`PCCompositeType`).
    pub CompositeType: sys::PCCompositeType {
        Additive = PC_COMPOSITE_ADDITIVE "block Jacobi over the parts.",
        Multiplicative = PC_COMPOSITE_MULTIPLICATIVE "block Gauss-Seidel.",
        SymmetricMultiplicative = PC_COMPOSITE_SYMMETRIC_MULTIPLICATIVE "symmetric block \
            Gauss-Seidel.",
        Special = PC_COMPOSITE_SPECIAL "composite only, `I + alpha P` style.",
        Schur = PC_COMPOSITE_SCHUR "field split only, a Schur complement factorization of two \
            fields.",
        Gkb = PC_COMPOSITE_GKB "field split only, generalized Golub-Kahan bidiagonalization.",
    }
}

crate::c_enum! {
    /// Which factors of the Schur complement factorization a Schur field split applies
    /// (`PCFieldSplitSchurFactType`).
    pub SchurFactType: sys::PCFieldSplitSchurFactType {
        Diag = PC_FIELDSPLIT_SCHUR_FACT_DIAG "the block diagonal.",
        Lower = PC_FIELDSPLIT_SCHUR_FACT_LOWER "the lower triangle.",
        Upper = PC_FIELDSPLIT_SCHUR_FACT_UPPER "the upper triangle.",
        Full = PC_FIELDSPLIT_SCHUR_FACT_FULL "the whole factorization (an exact inverse with \
            exact inner solves).",
    }
}

crate::c_enum! {
    /// What the Schur complement's solver is preconditioned with
    /// (`PCFieldSplitSchurPreType`).
    pub SchurPreType: sys::PCFieldSplitSchurPreType {
        SelfPre = PC_FIELDSPLIT_SCHUR_PRE_SELF "the Schur complement itself (matrix-free).",
        Selfp = PC_FIELDSPLIT_SCHUR_PRE_SELFP "`A11 - A10 diag(A00)^{-1} A01`, assembled.",
        A11 = PC_FIELDSPLIT_SCHUR_PRE_A11 "the `A11` block (the default).",
        User = PC_FIELDSPLIT_SCHUR_PRE_USER "a matrix given with \
            [`Pc::set_fieldsplit_schur_pre_type`].",
        Full = PC_FIELDSPLIT_SCHUR_PRE_FULL "the exact Schur complement, assembled (small \
            problems).",
    }
}

/// Field split (`PCFIELDSPLIT`). Each method needs the type set to
/// [`PcType::Fieldsplit`](crate::PcType::Fieldsplit) first and returns an `Err` saying
/// so otherwise.
impl Pc {
    crate::methods![for Pc;
        /// How the splits combine (`PCFieldSplitSetType`): additive, multiplicative,
        /// symmetric multiplicative, or Schur (two splits).
        ///
        /// ```
        /// use petsc::{CompositeType, PcType};
        /// let petsc = petsc::Petsc::init()?;
        /// let mut pc = petsc::Pc::new(&petsc.self_comm())?;
        /// assert!(pc.set_fieldsplit_type(CompositeType::Schur).is_err()); // not a field split
        /// pc.set_type(PcType::Fieldsplit)?;
        /// pc.set_fieldsplit_type(CompositeType::Schur)?;
        /// assert_eq!(pc.fieldsplit_type()?, CompositeType::Schur);
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_fieldsplit_type(&mut self, ty: CompositeType)
            = PCFieldSplitSetType as "PCFieldSplitSetType", needs require_type(FIELDSPLIT);

        /// How the splits combine (`PCFieldSplitGetType`).
        pub fn fieldsplit_type(&self) -> CompositeType
            = PCFieldSplitGetType as "PCFieldSplitGetType", needs require_type(FIELDSPLIT);
    ];

    /// Defines the split `name` as the rows this process owns listed in `is`
    /// (global numbers) (`PCFieldSplitSetIS`). Splits are numbered in the order they
    /// are defined; their options prefix is `-fieldsplit_<name>_`.
    ///
    /// ```
    /// use petsc::{IndexSet, PcType};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut pc = petsc::Pc::new(&c)?;
    /// pc.set_type(PcType::Fieldsplit)?;
    /// pc.set_fieldsplit_is("u", &IndexSet::new_stride(&c, 2, 0, 1)?)?;
    /// pc.set_fieldsplit_is("p", &IndexSet::new_stride(&c, 2, 2, 1)?)?;
    /// assert_eq!(pc.fieldsplit_sub_is("p")?.size()?, 2);
    /// assert!(pc.fieldsplit_sub_is("q").is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PCFieldSplitSetIS")]
    pub fn set_fieldsplit_is(&mut self, name: &str, is: &IndexSet) -> Result<()> {
        self.require_type("Pc::set_fieldsplit_is", FIELDSPLIT)?;
        let name = c_string("Pc::set_fieldsplit_is", name)?;
        let is = is.kept_raw("Pc::set_fieldsplit_is")?;
        // SAFETY: live field-split PC and index set; PETSc copies the name and
        // references the set.
        check(unsafe { sys::PCFieldSplitSetIS(self.ptr, name.as_ptr(), is) })
    }

    /// Defines the split `name` by the components `fields` of an interlaced vector
    /// with [`set_fieldsplit_block_size`](Self::set_fieldsplit_block_size) components
    /// per node (or the matrix's block size) (`PCFieldSplitSetFields`).
    ///
    /// ```
    /// use petsc::PcType;
    /// let petsc = petsc::Petsc::init()?;
    /// let mut pc = petsc::Pc::new(&petsc.self_comm())?;
    /// pc.set_type(PcType::Fieldsplit)?;
    /// pc.set_fieldsplit_block_size(3)?;
    /// pc.set_fieldsplit_fields("velocity", &[0, 1])?;
    /// pc.set_fieldsplit_fields("pressure", &[2])?;
    /// assert!(pc.set_fieldsplit_fields("bad", &[-1]).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PCFieldSplitSetFields")]
    pub fn set_fieldsplit_fields(&mut self, name: &str, fields: &[Int]) -> Result<()> {
        self.require_type("Pc::set_fieldsplit_fields", FIELDSPLIT)?;
        if fields.is_empty() {
            return Err(Error::invalid(
                "Pc::set_fieldsplit_fields",
                "no fields given",
            ));
        }
        let name = c_string("Pc::set_fieldsplit_fields", name)?;
        // SAFETY: live field-split PC; PETSc copies the name and `fields.len()` indices
        // (the same list for the columns).
        check(unsafe {
            sys::PCFieldSplitSetFields(
                self.ptr,
                name.as_ptr(),
                fields.len() as Int,
                fields.as_ptr(),
                fields.as_ptr(),
            )
        })
    }

    crate::methods![for Pc;
        /// The number of interlaced components per node that
        /// [`set_fieldsplit_fields`](Self::set_fieldsplit_fields) numbers
        /// (`PCFieldSplitSetBlockSize`).
        pub fn set_fieldsplit_block_size(&mut self, bs: Int)
            = PCFieldSplitSetBlockSize as "PCFieldSplitSetBlockSize", needs require_type(FIELDSPLIT);
    ];

    /// The rows of split `name` on this process (`PCFieldSplitGetIS`), as a handle
    /// holding its own reference; an `Err` if there is no split of that name.
    #[doc(alias = "PCFieldSplitGetIS")]
    pub fn fieldsplit_sub_is(&self, name: &str) -> Result<IndexSet> {
        self.require_type("Pc::fieldsplit_sub_is", FIELDSPLIT)?;
        let cname = c_string("Pc::fieldsplit_sub_is", name)?;
        let mut is: sys::IS = std::ptr::null_mut();
        // SAFETY: live field-split PC; PETSc returns the split's set (borrowed) or null.
        check(unsafe { sys::PCFieldSplitGetIS(self.ptr, cname.as_ptr(), &mut is) })?;
        if is.is_null() {
            return Err(Error::invalid(
                "Pc::fieldsplit_sub_is",
                format!("no split named {name:?} (or its rows are not known before set-up)"),
            ));
        }
        // SAFETY: a live index set; the handle takes a reference.
        unsafe { IndexSet::from_raw_borrowed(&self.petsc, is) }
    }

    /// The solvers of the splits, in the order the splits were defined
    /// (`PCFieldSplitGetSubKSP`); each handle holds its own reference and one to this
    /// preconditioner, and changes made through it (type, tolerances, its PC) apply to
    /// the split. Call it after set-up ([`Ksp::set_up`](crate::Ksp::set_up)); for a
    /// Schur split it gives the `A00` solver and the Schur complement's solver.
    ///
    /// ```
    /// use petsc::{IndexSet, InsertMode, Ksp, KspType, Mat, Object, PcType, Sizes};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut a = Mat::aij(&c).sizes(Sizes::global(4, 4)).preallocate(1, 0).build()?;
    /// for i in 0..4 {
    ///     a.set_values(&[i], &[i], &[1.0 + i as f64], InsertMode::Insert)?;
    /// }
    /// a.assemble()?;
    /// let mut ksp = Ksp::new(&c)?;
    /// ksp.set_operators(&a, &a)?;
    /// let mut pc = ksp.pc()?;
    /// pc.set_type(PcType::Fieldsplit)?;
    /// pc.set_fieldsplit_is("0", &IndexSet::new_stride(&c, 2, 0, 1)?)?;
    /// pc.set_fieldsplit_is("1", &IndexSet::new_stride(&c, 2, 2, 1)?)?;
    /// ksp.set_up()?;
    /// let subs = pc.fieldsplit_sub_ksp()?;
    /// assert_eq!(subs.len(), 2);
    /// assert_eq!(subs[1].options_prefix()?, "fieldsplit_1_");
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PCFieldSplitGetSubKSP")]
    pub fn fieldsplit_sub_ksp(&self) -> Result<Vec<Ksp>> {
        self.require_type("Pc::fieldsplit_sub_ksp", FIELDSPLIT)?;
        let mut n: Int = 0;
        let mut subs: *mut sys::KSP = std::ptr::null_mut();
        // SAFETY: live field-split PC; PETSc allocates the array (freed below).
        check(unsafe { sys::PCFieldSplitGetSubKSP(self.ptr, &mut n, &mut subs) })?;
        // SAFETY: `n` live solvers at `subs`.
        let r = unsafe { self.child_ksps(subs, n) };
        // SAFETY: the array PETSc allocated for the caller (null is accepted).
        check(unsafe { sys::petscrs_PetscFree(subs.cast()) })?;
        r
    }

    /// The solvers of a Schur field split after set-up (`PCFieldSplitSchurGetSubKSP`):
    /// the `A00` solver, and the solver of the Schur complement.
    ///
    /// ```
    /// use petsc::{CompositeType, PcType};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut pc = petsc::Pc::new(&petsc.self_comm())?;
    /// pc.set_type(PcType::Fieldsplit)?;
    /// pc.set_fieldsplit_type(CompositeType::Schur)?;
    /// assert!(pc.fieldsplit_schur_get_sub_ksp().is_err()); // not set up
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PCFieldSplitSchurGetSubKSP")]
    pub fn fieldsplit_schur_get_sub_ksp(&self) -> Result<Vec<Ksp>> {
        self.require_type("Pc::fieldsplit_schur_get_sub_ksp", FIELDSPLIT)?;
        if self.fieldsplit_type()? != CompositeType::Schur {
            return Err(Error::invalid(
                "Pc::fieldsplit_schur_get_sub_ksp",
                "needs a Schur field split (set_fieldsplit_type(CompositeType::Schur))",
            ));
        }
        let mut n: Int = 0;
        let mut subs: *mut sys::KSP = std::ptr::null_mut();
        // SAFETY: live field-split PC; PETSc allocates the array (freed below).
        check(unsafe { sys::PCFieldSplitSchurGetSubKSP(self.ptr, &mut n, &mut subs) })?;
        // SAFETY: the entries PETSc wrote (null before set-up).
        let ready = n > 0
            && unsafe { std::slice::from_raw_parts(subs, n as usize) }
                .iter()
                .all(|k| !k.is_null());
        let r = if ready {
            // SAFETY: `n` live solvers at `subs`.
            unsafe { self.child_ksps(subs, n) }
        } else {
            Err(Error::invalid(
                "Pc::fieldsplit_schur_get_sub_ksp",
                "the Schur solvers exist only after set-up: call Ksp::set_up or Pc::set_up first",
            ))
        };
        // SAFETY: the array PETSc allocated for the caller (null is accepted).
        check(unsafe { sys::petscrs_PetscFree(subs.cast()) })?;
        r
    }

    crate::methods![for Pc;
        /// Which factors a Schur split applies (`PCFieldSplitSetSchurFactType`).
        ///
        /// ```
        /// use petsc::{CompositeType, PcType, SchurFactType, SchurPreType};
        /// let petsc = petsc::Petsc::init()?;
        /// let mut pc = petsc::Pc::new(&petsc.self_comm())?;
        /// pc.set_type(PcType::Fieldsplit)?;
        /// pc.set_fieldsplit_type(CompositeType::Schur)?;
        /// pc.set_fieldsplit_schur_fact_type(SchurFactType::Full)?;
        /// pc.set_fieldsplit_schur_pre_type(SchurPreType::Selfp, None)?;
        /// assert_eq!(pc.fieldsplit_schur_pre_type()?, SchurPreType::Selfp);
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_fieldsplit_schur_fact_type(&mut self, ty: SchurFactType)
            = PCFieldSplitSetSchurFactType as "PCFieldSplitSetSchurFactType", needs require_type(FIELDSPLIT);
    ];

    /// What the Schur complement's solver is preconditioned with
    /// (`PCFieldSplitSetSchurPre`); `user` is the matrix for [`SchurPreType::User`]
    /// (required then, ignored otherwise).
    #[doc(alias = "PCFieldSplitSetSchurPre")]
    pub fn set_fieldsplit_schur_pre_type<'a>(
        &mut self,
        ty: SchurPreType,
        user: impl Into<Option<&'a Mat>>,
    ) -> Result<()> {
        let user: Option<&Mat> = user.into();
        if let Some(m) = user {
            m.check_loan("Pc::set_fieldsplit_schur_pre_type")?;
        }
        crate::object::refuse_lent("Pc::set_fieldsplit_schur_pre_type", user)?;
        self.require_type("Pc::set_fieldsplit_schur_pre_type", FIELDSPLIT)?;
        if ty == SchurPreType::User && user.is_none() {
            return Err(Error::invalid(
                "Pc::set_fieldsplit_schur_pre_type",
                "SchurPreType::User needs the matrix",
            ));
        }
        let m = user.map_or(std::ptr::null_mut(), |m| m.ptr);
        // SAFETY: live field-split PC; PETSc references the matrix if one is given.
        check(unsafe { sys::PCFieldSplitSetSchurPre(self.ptr, ty.raw(), m) })
    }

    /// What the Schur complement's solver is preconditioned with
    /// (`PCFieldSplitGetSchurPre`).
    #[doc(alias = "PCFieldSplitGetSchurPre")]
    pub fn fieldsplit_schur_pre_type(&self) -> Result<SchurPreType> {
        self.require_type("Pc::fieldsplit_schur_pre_type", FIELDSPLIT)?;
        let mut t = sys::PCFieldSplitSchurPreType::PC_FIELDSPLIT_SCHUR_PRE_A11;
        let mut m: sys::Mat = std::ptr::null_mut();
        // SAFETY: live field-split PC; two outputs (the matrix is not kept).
        check(unsafe { sys::PCFieldSplitGetSchurPre(self.ptr, &mut t, &mut m) })?;
        SchurPreType::from_raw(t, "Pc::fieldsplit_schur_pre_type")
    }
}
