//! Preconditioners (`PC`), including shell preconditioners written as Rust closures.
//!
//! The methods of one preconditioner type live in a module named after it:
//! [`fieldsplit`] (`PCFIELDSPLIT`), [`schwarz`] (block Jacobi, ASM, GASM), [`mg`]
//! (`PCMG`), [`factor`] (LU, Cholesky, ILU, ICC), [`amg`] (GAMG, hypre), [`nested`]
//! (`PCCOMPOSITE`, `PCKSP`), [`deflation`], [`bddc`], [`lmvm`] (quasi-Newton),
//! [`external`] (SPAI, HPDDM: external packages, through their composed functions),
//! [`patch`] (`PCPATCH`) and
//! [`shell`] (`PCSHELL`, closures); this module holds what every preconditioner shares.

use std::os::raw::c_char;

use petsc_sys as sys;

use crate::comm::Comm;
use crate::dm::Da;
use crate::error::{Error, Result, check};
use crate::ksp::{Ksp, check_mg_set_up};
use crate::mat::Mat;
use crate::object::Object;
use crate::object::{petsc_handle, type_enum};
use crate::scalar::{Int, Real};
use crate::vec::{ReadLocks, Vector};

mod amg;
mod bddc;
mod deflation;
mod external;
mod factor;
mod fieldsplit;
#[cfg(petsc_have_hypre)]
mod hypre;
mod implement;
mod lmvm;
mod mg;
mod nested;
mod of_ksp;
mod patch;
mod schwarz;
mod shell;

pub use deflation::DeflationSpaceType;
pub use external::{HpddmCoarseCorrectionType, KspHpddmType};
pub use factor::FactorShiftType;
pub use fieldsplit::{CompositeType, SchurFactType, SchurPreType};
pub use implement::PcImpl;
pub use mg::{MgCycleType, MgType};
pub use patch::PatchConstructType;
pub use schwarz::AsmType;

crate::c_enum! {
    /// Why a preconditioner's set-up or application failed (`PCFailedReason`).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let pc = petsc::Pc::new(&petsc.self_comm())?;
    /// assert_eq!(pc.failed_reason()?, petsc::PcFailedReason::NoError);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub PcFailedReason: sys::PCFailedReason {
        SetupError = PC_SETUP_ERROR "the set-up failed.",
        NoError = PC_NOERROR "no failure.",
        FactorStructZeroPivot = PC_FACTOR_STRUCT_ZEROPIVOT "a structurally zero pivot.",
        FactorNumericZeroPivot = PC_FACTOR_NUMERIC_ZEROPIVOT "a numerically zero pivot.",
        FactorOutOfMemory = PC_FACTOR_OUTMEMORY "out of memory in a factorization.",
        FactorOther = PC_FACTOR_OTHER "another factorization failure.",
        InconsistentRhs = PC_INCONSISTENT_RHS "the right-hand side is not in the operator's \
            range.",
        SubPcError = PC_SUBPC_ERROR "an inner preconditioner failed.",
    }
}

pub(crate) use crate::declare::petsc_bool;

/// A PETSc string (or null) as an owned `String`, `None` for null.
///
/// # Safety
/// `p` must be null or a live NUL-terminated string.
unsafe fn opt_string(p: *const c_char) -> Option<String> {
    if p.is_null() {
        None
    } else {
        // SAFETY: the caller guarantees a live NUL-terminated string.
        Some(
            unsafe { std::ffi::CStr::from_ptr(p) }
                .to_string_lossy()
                .into_owned(),
        )
    }
}

petsc_handle!(
    /// A PETSc preconditioner (`PC`).
    ///
    /// Usually obtained from a solver with [`Ksp::pc`](crate::Ksp::pc); the handle then
    /// holds its own reference, so the solver and the handle may be dropped in any order.
    ///
    /// ```
    /// use petsc::Object;
    /// let petsc = petsc::Petsc::init()?;
    /// let ksp = petsc::Ksp::new(&petsc.world())?;
    /// let mut pc = ksp.pc()?;
    /// pc.set_type(petsc::PcType::Jacobi)?;
    /// assert_eq!(pc.type_name()?, "jacobi");
    /// # Ok::<(), petsc::Error>(())
    /// ```
    Pc,
    sys::PC,
    sys::PCDestroy
);

type_enum!(
/// Preconditioner types (`PCType`); [`PcType::Other`] names any registered type.
///
/// ```
/// use petsc::PcType;
/// assert_eq!(PcType::Gamg.as_str(), "gamg");
/// assert_eq!(PcType::from_name("bjacobi"), PcType::Bjacobi);
/// assert_eq!(PcType::from_name("fieldsplit"), PcType::Fieldsplit);
/// assert_eq!(PcType::from_name("mine"), PcType::Other("mine".into()));
/// assert_eq!(PcType::Lu.to_string(), "lu");
/// ```
PcType {
        None = "none" "`PCNONE`: the identity.",
        Jacobi = "jacobi" "`PCJACOBI`: diagonal scaling.",
        Pbjacobi = "pbjacobi" "`PCPBJACOBI`: point-block Jacobi.",
        Bjacobi = "bjacobi" "`PCBJACOBI`: block Jacobi, one block per process by default.",
        Sor = "sor" "`PCSOR`: (symmetric) successive over-relaxation.",
        Eisenstat = "eisenstat" "`PCEISENSTAT`: SOR with Eisenstat's trick.",
        Ilu = "ilu" "`PCILU`: incomplete LU (sequential; use inside block Jacobi or ASM in \
            parallel).",
        Icc = "icc" "`PCICC`: incomplete Cholesky (sequential).",
        Lu = "lu" "`PCLU`: direct LU factorization.",
        Cholesky = "cholesky" "`PCCHOLESKY`: direct Cholesky factorization.",
        Qr = "qr" "`PCQR`: direct QR factorization.",
        Svd = "svd" "`PCSVD`: pseudo-inverse through a dense SVD (small problems).",
        Asm = "asm" "`PCASM`: additive Schwarz.",
        Gasm = "gasm" "`PCGASM`: generalized additive Schwarz.",
        Gamg = "gamg" "`PCGAMG`: PETSc's algebraic multigrid.",
        Hypre = "hypre" "`PCHYPRE`: hypre (BoomerAMG and others), when PETSc was built with it.",
        Mg = "mg" "`PCMG`: geometric multigrid.",
        Fieldsplit = "fieldsplit" "`PCFIELDSPLIT`: block preconditioners for coupled fields.",
        Ksp = "ksp" "`PCKSP`: an inner Krylov solve.",
        Composite = "composite" "`PCCOMPOSITE`: a combination of preconditioners.",
        Redundant = "redundant" "`PCREDUNDANT`: a redundant solve on every process group.",
        Mat = "mat" "`PCMAT`: applies a matrix.",
        Shell = "shell" "`PCSHELL`: user-defined; see [`Pc::set_shell_apply`].",
        Bddc = "bddc" "`PCBDDC`: balancing domain decomposition by constraints.",
        Telescope = "telescope" "`PCTELESCOPE`: solves on a sub-communicator.",
        Lmvm = "lmvm" "`PCLMVM`: a quasi-Newton (LMVM) approximation of the inverse \
            ([`Pc::lmvm_mat`]).",
});

crate::class_methods! {
    Pc: PcType, "PC", sys::PCList,
    example = "let mut obj = petsc::Pc::new(&petsc.self_comm())?;", a_type = "sor",
    inner = "",
    set_type = sys::PCSetType as "PCSetType",
    set_options_prefix = sys::PCSetOptionsPrefix as "PCSetOptionsPrefix",
    append_options_prefix = sys::PCAppendOptionsPrefix as "PCAppendOptionsPrefix",
    options_prefix = sys::PCGetOptionsPrefix as "PCGetOptionsPrefix",
    set_from_options = sys::PCSetFromOptions as "PCSetFromOptions",
}

impl Pc {
    /// A new preconditioner on `comm` (`PCCreate`); give it operators with
    /// [`set_operators`](Self::set_operators). Inside a solver use
    /// [`Ksp::pc`](crate::Ksp::pc) instead.
    #[doc(alias = "PCCreate")]
    pub fn new(comm: &Comm) -> Result<Pc> {
        // SAFETY: no arguments; registers the matrix types some preconditioners make
        // (`lmvm` makes an LMVM matrix), as a KSP's creation does.
        check(unsafe { sys::KSPInitializePackage() })?;
        let mut pc: sys::PC = std::ptr::null_mut();
        // SAFETY: live communicator; PETSc writes the new object.
        check(unsafe { sys::PCCreate(comm.as_raw(), &mut pc) })?;
        Ok(Pc::from_raw(comm.petsc(), pc))
    }

    /// Sets the matrix defining the operator and the one the preconditioner is built
    /// from (`PCSetOperators`; PETSc keeps references to both).
    #[doc(alias = "PCSetOperators")]
    pub fn set_operators(&mut self, a: &Mat, p: &Mat) -> Result<()> {
        const KEPT: &str = "Pc::set_operators";
        // SAFETY: live PC and matrices; PETSc references the matrices.
        check(unsafe { sys::PCSetOperators(self.ptr, a.kept_raw(KEPT)?, p.kept_raw(KEPT)?) })
    }

    /// Builds the preconditioner (factorization, hierarchy, ...) now (`PCSetUp`). A
    /// multigrid PETSc would build by coarsening a DM it does not have is an `Err` (see
    /// [`Ksp::solve`](crate::Ksp::solve)).
    #[doc(alias = "PCSetUp")]
    pub fn set_up(&mut self) -> Result<()> {
        check_mg_set_up(self.ptr, "Pc::set_up")?;
        // SAFETY: live PC; the multigrid case PETSc crashes on is refused above.
        check(unsafe { sys::PCSetUp(self.ptr) })
    }

    /// `y = M^{-1} x` (`PCApply`).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut a = petsc::Mat::new_aij(&c, None, None, Some(2), Some(2), 1, 0)?;
    /// a.set_values(&[0], &[0], &[2.0], petsc::InsertMode::Insert)?;
    /// a.set_values(&[1], &[1], &[4.0], petsc::InsertMode::Insert)?;
    /// a.assemble()?;
    /// let mut pc = petsc::Pc::new(&c)?;
    /// let x = petsc::Vector::from_slice(&c, &[1.0, 1.0])?;
    /// let mut y = x.duplicate()?;
    /// assert!(pc.apply(&x, &mut y).is_err()); // no operator yet
    /// pc.set_operators(&a, &a)?;
    /// pc.set_type(petsc::PcType::Jacobi)?;
    /// pc.apply(&x, &mut y)?;
    /// assert_eq!(&*y.view()?, &[0.5, 0.25]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PCApply")]
    pub fn apply(&self, x: &Vector, y: &mut Vector) -> Result<()> {
        let (mut a_set, mut p_set) = (sys::PETSC_BOOL_FALSE, sys::PETSC_BOOL_FALSE);
        // SAFETY: live PC; two outputs.
        check(unsafe { sys::PCGetOperatorsSet(self.ptr, &mut a_set, &mut p_set) })?;
        if p_set != sys::PETSC_BOOL_TRUE {
            // PCApply reads the operator's sizes without checking it exists.
            return Err(Error::invalid(
                "Pc::apply",
                "no operator: call set_operators first",
            ));
        }
        check_mg_set_up(self.ptr, "Pc::apply")?;
        self.ready_to_apply("Pc::apply", x, y, false)?;
        let lock = ReadLocks::record(x);
        // SAFETY: live PC and vectors; Rust's borrows make `x` and `y` distinct.
        let r = check(unsafe {
            sys::PCApply(
                self.ptr,
                x.raw_read("Pc::apply")?,
                y.raw_write("Pc::apply")?,
            )
        });
        if r.is_err() {
            // PCApply read-locks `x`; a failed apply leaves it as it was.
            lock.restore();
        }
        r
    }

    /// `Y = M^{-1} X` for the columns of the dense matrix `X` at once (`PCMatApply`;
    /// collective). `X` and `Y` are dense, with the operator's row layout and the same
    /// number of columns; anything else is an `Err` on every rank.
    ///
    /// ```
    /// use petsc::{InsertMode, Mat, Pc, PcType};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut a = Mat::new_aij(&c, None, None, Some(2), Some(2), 1, 0)?;
    /// a.set_values(&[0], &[0], &[2.0], InsertMode::Insert)?;
    /// a.set_values(&[1], &[1], &[4.0], InsertMode::Insert)?;
    /// a.assemble()?;
    /// let mut pc = Pc::new(&c)?;
    /// pc.set_operators(&a, &a)?;
    /// pc.set_type(PcType::Jacobi)?;
    /// let mut x = Mat::new_dense(&c, None, None, Some(2), Some(3))?;
    /// x.set_values(&[0, 1], &[0, 1, 2], &[2.0, 4.0, 6.0, 4.0, 8.0, 12.0], InsertMode::Insert)?;
    /// x.assemble()?;
    /// let mut y = x.duplicate(false)?;
    /// pc.mat_apply(&x, &mut y)?;
    /// assert_eq!(y.values(&[0, 1], &[2])?, vec![3.0, 3.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PCMatApply")]
    pub fn mat_apply(&self, x: &Mat, y: &mut Mat) -> Result<()> {
        self.mat_apply_with("Pc::mat_apply", x, y, sys::PCMatApply)
    }

    /// `Y = M^{-T} X` for the columns of the dense matrix `X` at once
    /// (`PCMatApplyTranspose`; offered from PETSc 3.26, the first release checked that
    /// has it, 3.22 has not); as [`mat_apply`](Self::mat_apply).
    #[cfg(petsc_3_26)]
    #[doc(alias = "PCMatApplyTranspose")]
    pub fn mat_apply_transpose(&self, x: &Mat, y: &mut Mat) -> Result<()> {
        self.mat_apply_with("Pc::mat_apply_transpose", x, y, sys::PCMatApplyTranspose)
    }

    fn mat_apply_with(
        &self,
        ctx: &str,
        x: &Mat,
        y: &mut Mat,
        apply: unsafe extern "C" fn(sys::PC, sys::Mat, sys::Mat) -> sys::PetscErrorCode,
    ) -> Result<()> {
        let local = (|| {
            y.check_no_views(ctx)?;
            let (mut a_set, mut p_set) = (sys::PETSC_BOOL_FALSE, sys::PETSC_BOOL_FALSE);
            // SAFETY: live PC; two outputs.
            check(unsafe { sys::PCGetOperatorsSet(self.ptr, &mut a_set, &mut p_set) })?;
            if p_set != sys::PETSC_BOOL_TRUE {
                return Err(Error::invalid(ctx, "no operator: call set_operators first"));
            }
            x.check_no_writer(ctx)?;
            let mut op: sys::Mat = std::ptr::null_mut();
            // SAFETY: live PC with its operators; PETSc lends the preconditioning matrix.
            check(unsafe { sys::PCGetOperators(self.ptr, std::ptr::null_mut(), &mut op) })?;
            let (mut m, mut lm): (Int, Int) = (0, 0);
            // SAFETY: the live operator; PETSc writes its sizes.
            check(unsafe { sys::MatGetSize(op, &mut m, std::ptr::null_mut()) })?;
            // SAFETY: as above.
            check(unsafe { sys::MatGetLocalSize(op, &mut lm, std::ptr::null_mut()) })?;
            for (name, mat) in [("X", x), ("Y", &*y)] {
                let t = mat.type_name()?;
                if !t.contains("dense") {
                    return Err(Error::invalid(
                        ctx,
                        format!("{name} has type '{t}'; it must be dense"),
                    ));
                }
                let ((r, _), (lr, _)) = (mat.size()?, mat.local_size()?);
                if (r, lr) != (m, lm) {
                    return Err(Error::size_mismatch(
                        ctx,
                        format!(
                            "{name} has {r} rows ({lr} on this rank) but the operator has {m} ({lm} on this rank)"
                        ),
                    ));
                }
            }
            if x.size()?.1 != y.size()?.1 {
                return Err(Error::size_mismatch(
                    ctx,
                    format!("X has {} columns but Y has {}", x.size()?.1, y.size()?.1),
                ));
            }
            Ok(())
        })();
        self.comm().agree(ctx, local)?;
        // SAFETY: live PC with its operators; dense X and Y of its layout (checked),
        // distinct by Rust's borrows (PETSc refuses one matrix twice).
        check(unsafe { apply(self.ptr, x.as_raw(), y.as_raw()) })
    }
}

/// Helpers the type-specific modules share.
impl Pc {
    /// `Ok` when this preconditioner's type is one of `types`, else an `Err` naming
    /// the method (`context`) and the types it needs.
    pub(crate) fn require_type(&self, context: &str, types: &[&str]) -> Result<()> {
        let t = self.type_name()?;
        if types.iter().any(|n| *n == t) {
            return Ok(());
        }
        let t = if t.is_empty() {
            "none set".into()
        } else {
            format!("'{t}'")
        };
        Err(Error::invalid(
            context,
            format!(
                "needs a PC of type {} (this one's type is {t}); call set_type first",
                types.join(" or ")
            ),
        ))
    }

    /// Handles to `n` solvers in a C array PETSc lends, each holding a reference to its
    /// solver and one to this preconditioner.
    ///
    /// # Safety
    /// `ksps` must point to `n` live solvers (or be null when `n` is 0).
    pub(crate) unsafe fn child_ksps(&self, ksps: *const sys::KSP, n: Int) -> Result<Vec<Ksp>> {
        if n <= 0 || ksps.is_null() {
            return Ok(Vec::new());
        }
        // SAFETY: the caller guarantees `n` live solvers at `ksps`.
        let raw = unsafe { std::slice::from_raw_parts(ksps, n as usize) };
        raw.iter()
            .map(|&k| {
                // SAFETY: a live solver and this live PC; the handle references both.
                unsafe { Ksp::from_raw_child(&self.petsc, k, self.ptr as sys::PetscObject) }
            })
            .collect()
    }

    /// A handle to one solver PETSc lends (a smoother, an inner solve), holding a
    /// reference to it and one to this preconditioner; an `Err` naming `what` if PETSc
    /// has none.
    ///
    /// # Safety
    /// `ksp` must be null or a live solver.
    pub(crate) unsafe fn child_ksp(&self, ksp: sys::KSP, context: &str, what: &str) -> Result<Ksp> {
        if ksp.is_null() {
            return Err(Error::invalid(context, format!("there is no {what} yet")));
        }
        // SAFETY: a live solver and this live PC; the handle references both.
        unsafe { Ksp::from_raw_child(&self.petsc, ksp, self.ptr as sys::PetscObject) }
    }

    /// A handle to a preconditioner PETSc lends (a composite's part, deflation's inner
    /// PC), holding a reference to it and one to this preconditioner.
    ///
    /// # Safety
    /// `pc` must be null or a live preconditioner.
    pub(crate) unsafe fn child_pc(&self, pc: sys::PC, context: &str, what: &str) -> Result<Pc> {
        if pc.is_null() {
            return Err(Error::invalid(context, format!("there is no {what} yet")));
        }
        // SAFETY: a live PC and this live PC; the handle references both.
        unsafe { Pc::from_raw_child(&self.petsc, pc, self.ptr as sys::PetscObject) }
    }

    /// Before an application to `x` into `y`: checks, on every rank at once
    /// (collective), that `x` has the operator's column layout and `y` its row layout
    /// (the other way round with `transpose`), that `x` can be read and `y` written. PETSc's checks of these fail on the rank
    /// concerned only, where the others would wait in the preconditioner's
    /// communication.
    fn ready_to_apply(&self, context: &str, x: &Vector, y: &Vector, transpose: bool) -> Result<()> {
        use crate::mat::Side::{Cols, Rows};
        let (xs, ys) = if transpose {
            (Rows, Cols)
        } else {
            (Cols, Rows)
        };
        let local = (|| {
            let (mut a, mut p): (sys::Mat, sys::Mat) = (std::ptr::null_mut(), std::ptr::null_mut());
            // SAFETY: live PC with operators (caller); PETSc returns borrowed matrices.
            check(unsafe { sys::PCGetOperators(self.ptr, &mut a, &mut p) })?;
            crate::mat::check_vec_here(a, context, "x", x, xs)?;
            crate::mat::check_vec_here(a, context, "y", y, ys)?;
            Vector::accessible(context, &[x], &[y])
        })();
        self.comm().agree(context, local)
    }

    /// Whether the operator the preconditioner is built from is set.
    fn has_operators(&self) -> Result<bool> {
        let (mut a_set, mut p_set) = (sys::PETSC_BOOL_FALSE, sys::PETSC_BOOL_FALSE);
        // SAFETY: live PC; two outputs.
        check(unsafe { sys::PCGetOperatorsSet(self.ptr, &mut a_set, &mut p_set) })?;
        Ok(p_set == sys::PETSC_BOOL_TRUE)
    }

    /// One of the `PCApply*` calls `y = op(x)`, with the operator check and read-lock
    /// recovery of [`apply`](Self::apply).
    fn apply_with(
        &self,
        context: &str,
        x: &Vector,
        y: &mut Vector,
        f: unsafe extern "C" fn(sys::PC, sys::Vec, sys::Vec) -> sys::PetscErrorCode,
    ) -> Result<()> {
        if !self.has_operators()? {
            return Err(Error::invalid(
                context,
                "no operator: call set_operators first",
            ));
        }
        self.ready_to_apply(context, x, y, context == "Pc::apply_transpose")?;
        let lock = ReadLocks::record(x);
        // SAFETY: live PC and vectors; Rust's borrows make `x` and `y` distinct; `f` is
        // one of PETSc's `PCApply*` functions.
        let r = check(unsafe { f(self.ptr, x.raw_read(context)?, y.raw_write(context)?) });
        if r.is_err() {
            lock.restore();
        }
        r
    }
}

/// Operators, application and state shared by every preconditioner type.
impl Pc {
    /// The operator and the matrix the preconditioner is built from
    /// (`PCGetOperators`), as handles holding their own references; an `Err` before
    /// [`set_operators`](Self::set_operators).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let a = petsc::Mat::new_aij(&c, None, None, Some(3), Some(3), 1, 0)?;
    /// let mut pc = petsc::Pc::new(&c)?;
    /// assert!(pc.operators().is_err());
    /// pc.set_operators(&a, &a)?;
    /// let (op, pre) = pc.operators()?;
    /// assert_eq!((op.size()?, pre.size()?), ((3, 3), (3, 3)));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PCGetOperators")]
    pub fn operators(&self) -> Result<(Mat, Mat)> {
        if !self.has_operators()? {
            return Err(Error::invalid(
                "Pc::operators",
                "the preconditioner has no operators yet: call set_operators first",
            ));
        }
        let (mut a, mut p): (sys::Mat, sys::Mat) = (std::ptr::null_mut(), std::ptr::null_mut());
        // SAFETY: live PC with operators; PETSc returns borrowed matrices.
        check(unsafe { sys::PCGetOperators(self.ptr, &mut a, &mut p) })?;
        // SAFETY: live matrices; each handle takes a reference.
        let a = unsafe { Mat::from_raw_borrowed(&self.petsc, a) }?;
        // SAFETY: as above.
        let p = unsafe { Mat::from_raw_borrowed(&self.petsc, p) }?;
        Ok((a, p))
    }

    crate::methods![for Pc;
        /// Whether the preconditioner is built from the operator `A` rather than `P` where
        /// a type offers the choice (block Jacobi, ASM, field split, composite ...)
        /// (`PCSetUseAmat`).
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut pc = petsc::Pc::new(&petsc.self_comm())?;
        /// assert!(!pc.use_amat()?);
        /// pc.set_use_amat(true)?;
        /// assert!(pc.use_amat()?);
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_use_amat(&mut self, flag: bool) = PCSetUseAmat as "PCSetUseAmat";

        /// Whether the preconditioner uses `A` ([`set_use_amat`](Self::set_use_amat))
        /// (`PCGetUseAmat`).
        pub fn use_amat(&self) -> bool = PCGetUseAmat as "PCGetUseAmat";

        /// Keeps the current preconditioner when the operator changes, instead of building
        /// it again (`PCSetReusePreconditioner`).
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut pc = petsc::Pc::new(&petsc.self_comm())?;
        /// pc.set_reuse_preconditioner(true)?;
        /// assert!(pc.reuse_preconditioner()?);
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_reuse_preconditioner(&mut self, flag: bool)
            = PCSetReusePreconditioner as "PCSetReusePreconditioner";

        /// Whether the preconditioner is kept when the operator changes
        /// (`PCGetReusePreconditioner`).
        pub fn reuse_preconditioner(&self) -> bool
            = PCGetReusePreconditioner as "PCGetReusePreconditioner";

        /// Marks the preconditioner as failed (`PCSetFailedReason`), as a shell
        /// preconditioner or a type-specific set-up does; a solver using it then stops
        /// with `DIVERGED_PC_FAILED`.
        ///
        /// ```
        /// use petsc::PcFailedReason;
        /// let petsc = petsc::Petsc::init()?;
        /// let mut pc = petsc::Pc::new(&petsc.self_comm())?;
        /// pc.set_failed_reason(PcFailedReason::FactorOther)?;
        /// assert_eq!(pc.failed_reason()?, PcFailedReason::FactorOther);
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_failed_reason(&mut self, reason: PcFailedReason)
            = PCSetFailedReason as "PCSetFailedReason";

        /// Why the last set-up failed, [`PcFailedReason::NoError`] if it did not
        /// (`PCGetFailedReason`).
        pub fn failed_reason(&self) -> PcFailedReason = PCGetFailedReason as "PCGetFailedReason";

        /// Frees what the set-up built (factors, hierarchies, sub-solvers) and the
        /// operators, keeping the type and options (`PCReset`).
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let c = petsc.self_comm();
        /// let a = petsc::Mat::new_aij(&c, None, None, Some(2), Some(2), 1, 0)?;
        /// let mut pc = petsc::Pc::new(&c)?;
        /// pc.set_operators(&a, &a)?;
        /// pc.reset()?;
        /// assert!(pc.operators().is_err());
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn reset(&mut self) = PCReset as "PCReset";

        /// Sets up the solvers of the blocks of block Jacobi and ASM now
        /// (`PCSetUpOnBlocks`), after [`set_up`](Self::set_up); a solve does it otherwise.
        pub fn set_up_on_blocks(&mut self) = PCSetUpOnBlocks as "PCSetUpOnBlocks";
    ];

    /// `y = M^{-T} x` (`PCApplyTranspose`); an `Err` from PETSc for types with no
    /// transpose.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut a = petsc::Mat::new_aij(&c, None, None, Some(2), Some(2), 2, 0)?;
    /// a.set_values(&[0, 1], &[0, 1], &[2.0, 1.0, 0.0, 4.0], petsc::InsertMode::Insert)?;
    /// a.assemble()?;
    /// let mut pc = petsc::Pc::new(&c)?;
    /// pc.set_operators(&a, &a)?;
    /// pc.set_type(petsc::PcType::Lu)?;
    /// let x = petsc::Vector::from_slice(&c, &[2.0, 9.0])?;
    /// let mut y = x.duplicate()?;
    /// pc.apply_transpose(&x, &mut y)?; // A^T = [[2, 0], [1, 4]]
    /// let v = y.view()?;
    /// assert!((v[0] - 1.0).abs() < 1e-14 && (v[1] - 2.0).abs() < 1e-14);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PCApplyTranspose")]
    pub fn apply_transpose(&self, x: &Vector, y: &mut Vector) -> Result<()> {
        self.apply_with("Pc::apply_transpose", x, y, sys::PCApplyTranspose)
    }

    /// Applies the left half of a symmetric preconditioner, `y = L^{-1} x`
    /// (`PCApplySymmetricLeft`); Jacobi, ICC and shells with one provide it.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut a = petsc::Mat::new_aij(&c, None, None, Some(2), Some(2), 1, 0)?;
    /// a.set_values(&[0], &[0], &[4.0], petsc::InsertMode::Insert)?;
    /// a.set_values(&[1], &[1], &[16.0], petsc::InsertMode::Insert)?;
    /// a.assemble()?;
    /// let mut pc = petsc::Pc::new(&c)?;
    /// pc.set_operators(&a, &a)?;
    /// pc.set_type(petsc::PcType::Jacobi)?;
    /// let x = petsc::Vector::from_slice(&c, &[1.0, 1.0])?;
    /// let (mut l, mut r) = (x.duplicate()?, x.duplicate()?);
    /// pc.apply_symmetric_left(&x, &mut l)?;
    /// pc.apply_symmetric_right(&x, &mut r)?;
    /// assert_eq!(&*l.view()?, &[0.5, 0.25]); // D^{-1/2} x
    /// assert_eq!(&*r.view()?, &[0.5, 0.25]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PCApplySymmetricLeft")]
    pub fn apply_symmetric_left(&self, x: &Vector, y: &mut Vector) -> Result<()> {
        self.apply_with("Pc::apply_symmetric_left", x, y, sys::PCApplySymmetricLeft)
    }

    /// Applies the right half of a symmetric preconditioner, `y = R^{-1} x`
    /// (`PCApplySymmetricRight`); see
    /// [`apply_symmetric_left`](Self::apply_symmetric_left).
    #[doc(alias = "PCApplySymmetricRight")]
    pub fn apply_symmetric_right(&self, x: &Vector, y: &mut Vector) -> Result<()> {
        self.apply_with(
            "Pc::apply_symmetric_right",
            x,
            y,
            sys::PCApplySymmetricRight,
        )
    }

    /// Gives the preconditioner a DMDA (`PCSetDM`), from which multigrid builds its
    /// hierarchy and field split its fields.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let da = petsc::Da::builder(&petsc.self_comm(), 1).sizes(6, 1, 1).build()?;
    /// let mut pc = petsc::Pc::new(&petsc.self_comm())?;
    /// assert!(pc.dm().is_err());
    /// pc.set_dm(&da)?;
    /// assert_eq!(pc.dm()?.info()?.mx, 6);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PCSetDM")]
    pub fn set_dm(&mut self, da: &Da) -> Result<()> {
        let da = da.kept_raw("Pc::set_dm")?;
        // SAFETY: live PC and DM; PETSc takes a reference to the DM.
        check(unsafe { sys::PCSetDM(self.ptr, da) })
    }

    /// The preconditioner's DMDA (`PCGetDM`); an `Err` when it has none or its DM is
    /// not a DMDA.
    #[doc(alias = "PCGetDM")]
    pub fn dm(&self) -> Result<Da> {
        let mut dm: sys::DM = std::ptr::null_mut();
        // SAFETY: live PC; PETSc returns its DM (borrowed) or null.
        check(unsafe { sys::PCGetDM(self.ptr, &mut dm) })?;
        if dm.is_null() {
            return Err(Error::invalid(
                "Pc::dm",
                "the preconditioner has no DM: call set_dm first",
            ));
        }
        let mut is_da = sys::PETSC_BOOL_FALSE;
        // SAFETY: live DM; the type name is NUL-terminated.
        check(unsafe {
            sys::PetscObjectTypeCompare(
                dm as sys::PetscObject,
                sys::DMDA.as_ptr() as *const _,
                &mut is_da,
            )
        })?;
        if is_da != sys::PETSC_BOOL_TRUE {
            return Err(Error::invalid(
                "Pc::dm",
                "the preconditioner's DM is not a DMDA",
            ));
        }
        // SAFETY: live DM; the handle owns the reference taken.
        check(unsafe { sys::PetscObjectReference(dm as sys::PetscObject) })?;
        Ok(Da::from_raw(&self.petsc, dm))
    }

    /// Gives the preconditioner the coordinates of this process's nodes
    /// (`PCSetCoordinates`): `coords` holds `dim` values per node, node after node.
    /// Algebraic multigrid (GAMG, hypre's AMS/ADS) uses them for its near null space;
    /// other types ignore them.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let a = petsc::Mat::new_aij(&c, None, None, Some(3), Some(3), 1, 0)?;
    /// let mut pc = petsc::Pc::new(&c)?;
    /// pc.set_operators(&a, &a)?;
    /// pc.set_type(petsc::PcType::Gamg)?;
    /// pc.set_coordinates(1, &[0.0, 0.5, 1.0])?;
    /// assert!(pc.set_coordinates(2, &[0.0, 0.5, 1.0]).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PCSetCoordinates")]
    pub fn set_coordinates(&mut self, dim: usize, coords: &[Real]) -> Result<()> {
        if dim == 0 || coords.len() % dim != 0 {
            return Err(Error::invalid(
                "Pc::set_coordinates",
                format!(
                    "{} values are not a whole number of {dim}-dimensional points",
                    coords.len()
                ),
            ));
        }
        let n = (coords.len() / dim) as Int;
        // SAFETY: live PC; PETSc copies `n * dim` reals (it takes a mutable pointer but
        // does not write through it).
        check(unsafe {
            sys::PCSetCoordinates(self.ptr, dim as Int, n, coords.as_ptr() as *mut Real)
        })
    }

    /// Scales the system by the diagonal matrix `s` before the solve and back after
    /// (`PCSetDiagonalScale`); the solver applies it where the preconditioner asks.
    /// PETSc 3.18 to 3.25 only: 3.26 removed diagonal scaling.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let s = petsc::Vector::from_slice(&c, &[1.0, 2.0])?;
    /// let mut pc = petsc::Pc::new(&c)?;
    /// assert!(!pc.diagonal_scale()?);
    /// pc.set_diagonal_scale(&s)?;
    /// assert!(pc.diagonal_scale()?);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PCSetDiagonalScale")]
    #[cfg(not(petsc_3_26))]
    pub fn set_diagonal_scale(&mut self, s: &Vector) -> Result<()> {
        crate::object::refuse_lent("Pc::set_diagonal_scale", [s])?;
        // SAFETY: live PC and vector; PETSc references the vector and reads it.
        check(unsafe { sys::PCSetDiagonalScale(self.ptr, s.raw_read("Pc::set_diagonal_scale")?) })
    }

    crate::methods![for Pc;
        /// Whether a diagonal scaling is set (`PCGetDiagonalScale`). PETSc 3.18 to 3.25
        /// only: 3.26 removed diagonal scaling.
        #[cfg(not(petsc_3_26))]
        pub fn diagonal_scale(&self) -> bool = PCGetDiagonalScale as "PCGetDiagonalScale";
    ];
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_names_round_trip() {
        for n in PcType::NAMES {
            let t = PcType::from_name(n);
            assert!(!matches!(t, PcType::Other(_)), "{n}");
            assert_eq!(t.as_str(), *n);
        }
        let c = |b: &[u8]| {
            std::ffi::CStr::from_bytes_with_nul(b)
                .unwrap()
                .to_str()
                .unwrap()
                .to_owned()
        };
        assert_eq!(PcType::Gamg.as_str(), c(sys::PCGAMG));
        assert_eq!(PcType::Bjacobi.as_str(), c(sys::PCBJACOBI));
        assert_eq!(PcType::Fieldsplit.as_str(), c(sys::PCFIELDSPLIT));
        assert_eq!(PcType::Shell.as_str(), c(sys::PCSHELL));
    }
}
