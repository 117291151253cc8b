//! Method-specific parts of a [`Tao`]: the quasi-Newton matrices of the LMVM methods,
//! and the sub-solvers and settings of `brgn` and `almm`.

use std::os::raw::c_void;

use petsc_sys as sys;

use super::{Tao, mat_sizes, vec_sizes};
use crate::callback::{CallbackKind, attach, is_attached, run};
use crate::error::{Error, Result, check, check_finite, unlock_on_error};
use crate::ksp::Ksp;
use crate::mat::Mat;
use crate::object::Object;
use crate::vec::Vector;

crate::c_enum! {
    /// How `almm` forms its augmented Lagrangian (`TaoALMMType`).
    ///
    /// ```
    /// use petsc::TaoAlmmType;
    /// assert_ne!(TaoAlmmType::Classic, TaoAlmmType::Phr);
    /// ```
    #[non_exhaustive]
    #[doc(alias = "TaoALMMType")]
    pub TaoAlmmType: sys::TaoALMMType {
        Classic = TAO_ALMM_CLASSIC "the classic augmented Lagrangian.",
        Phr = TAO_ALMM_PHR "the Powell-Hestenes-Rockafellar formulation (PETSc's default).",
    }
}

/// `R(x)` with its gradient written into `g`.
type RegObjGradFn = dyn FnMut(&Vector, &mut Vector) -> crate::error::Result<crate::scalar::Real>;
/// Fills the regularizer's Hessian at `x`.
type RegHessFn = dyn FnMut(&Vector, &mut Mat) -> crate::error::Result<()>;

/// `TaoBRGNSetRegularizerObjectiveAndGradientRoutine` trampoline.
unsafe extern "C" fn reg_objgrad_trampoline(
    _tao: sys::Tao,
    x: sys::Vec,
    f: *mut crate::scalar::Real,
    g: sys::Vec,
    ctx: *mut c_void,
) -> sys::PetscErrorCode {
    run::<RegObjGradFn>(
        ctx,
        CallbackKind::TaoBrgnRegularizerObjectiveAndGradient,
        |petsc, func| {
            // SAFETY: PETSc passes live, distinct vectors.
            let (xv, mut gv) = unsafe {
                (
                    Vector::from_raw_lent(petsc, x)?,
                    Vector::from_raw_lent(petsc, g)?,
                )
            };
            let v = func(&xv, &mut gv)?;
            gv.written_in_place(g)?;
            // SAFETY: PETSc passes the address of its output.
            unsafe { *f = v };
            Ok(())
        },
    )
}

/// `TaoBRGNSetRegularizerHessianRoutine` trampoline.
unsafe extern "C" fn reg_hessian_trampoline(
    _tao: sys::Tao,
    x: sys::Vec,
    h: sys::Mat,
    ctx: *mut c_void,
) -> sys::PetscErrorCode {
    let code = run::<RegHessFn>(
        ctx,
        CallbackKind::TaoBrgnRegularizerHessian,
        |petsc, func| {
            // SAFETY: PETSc passes live objects, lent for the call.
            let (xv, mut hm) = unsafe {
                (
                    Vector::from_raw_lent(petsc, x)?,
                    Mat::from_raw_lent(petsc, h)?,
                )
            };
            func(&xv, &mut hm)?;
            hm.written_in_place(h)
        },
    );
    // SAFETY: `x` is live for the call.
    unsafe { unlock_on_error(code, &[x]) }
}

/// The key under which the initial Hessian given to an LMVM method is kept (PETSc's
/// `TaoLMVMSetH0` would lose a reference set twice).
const H0_KEY: &std::ffi::CStr = c"petsc-rs:lmvm-h0";

impl Tao {
    /// Refuses to go on unless the type is one of `types` (PETSc's method-specific
    /// functions read the method's private data without checking its type).
    fn require_type(&self, context: &str, types: &[&str]) -> Result<String> {
        let ty = self.type_name()?;
        if types.contains(&ty.as_str()) {
            Ok(ty)
        } else {
            Err(Error::invalid(
                context,
                format!(
                    "the Tao type is '{ty}'; this needs {}: call set_type first",
                    types.join(" or ")
                ),
            ))
        }
    }

    /// The quasi-Newton (LMVM) matrix of `bqnls`, `bqnkls`, `bqnktr` and `bqnktl`
    /// (`TaoGetLMVMMatrix`), a handle holding its own reference; refused for other
    /// types.
    ///
    /// ```
    /// use petsc::Object;
    /// let petsc = petsc::Petsc::init()?;
    /// let mut tao = petsc::Tao::new(&petsc.self_comm())?;
    /// tao.set_type(petsc::TaoType::Bqnls)?;
    /// assert!(tao.lmvm_mat()?.type_name()?.starts_with("lmvm"));
    /// tao.set_type(petsc::TaoType::Nm)?;
    /// assert!(tao.lmvm_mat().is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "TaoGetLMVMMatrix")]
    pub fn lmvm_mat(&self) -> Result<Mat> {
        self.require_type("Tao::lmvm_mat", &QN_TYPES)?;
        let mut m: sys::Mat = std::ptr::null_mut();
        // SAFETY: live quasi-Newton solver.
        check(unsafe { sys::TaoGetLMVMMatrix(self.ptr, &mut m) })?;
        if m.is_null() {
            return Err(Error::invalid(
                "Tao::lmvm_mat",
                "the solver has no LMVM matrix yet",
            ));
        }
        // SAFETY: the solver holds `m`; the handle takes its own reference.
        unsafe { Mat::from_raw_borrowed(&self.petsc, m) }
    }

    /// Replaces the quasi-Newton matrix of `bqnls`, `bqnkls`, `bqnktr` and `bqnktl`
    /// with `m`, an LMVM matrix (`TaoSetLMVMMatrix`); the solver keeps a reference.
    #[doc(alias = "TaoSetLMVMMatrix")]
    pub fn set_lmvm_mat(&mut self, m: &Mat) -> Result<()> {
        const KEPT: &str = "Tao::set_lmvm_mat";
        self.require_type("Tao::set_lmvm_mat", &QN_TYPES)?;
        // SAFETY: live quasi-Newton solver and matrix (PETSc checks it is an LMVM one).
        check(unsafe { sys::TaoSetLMVMMatrix(self.ptr, m.kept_raw(KEPT)?) })
    }

    /// Sets the initial Hessian approximation `H0` of `lmvm` and `blmvm`
    /// (`TaoLMVMSetH0`); the solver keeps a reference. Once per solver: a second call
    /// is refused.
    #[doc(alias = "TaoLMVMSetH0")]
    pub fn set_lmvm_h0(&mut self, h0: &Mat) -> Result<()> {
        const CTX: &str = "Tao::set_lmvm_h0";
        self.require_type(CTX, &["lmvm", "blmvm"])?;
        let mut old: sys::PetscObject = std::ptr::null_mut();
        // SAFETY: live solver; PETSc writes a borrowed pointer or null.
        check(unsafe {
            sys::PetscObjectQuery(self.ptr as sys::PetscObject, H0_KEY.as_ptr(), &mut old)
        })?;
        if !old.is_null() {
            return Err(Error::invalid(CTX, "the initial Hessian is already set"));
        }
        // SAFETY: live solver and matrix; the solver references it.
        check(unsafe { sys::TaoLMVMSetH0(self.ptr, h0.kept_raw(CTX)?) })?;
        // SAFETY: live objects; a marker that H0 is set.
        check(unsafe {
            sys::PetscObjectCompose(
                self.ptr as sys::PetscObject,
                H0_KEY.as_ptr(),
                h0.kept_raw(CTX)? as sys::PetscObject,
            )
        })
    }

    /// The initial Hessian approximation of the LMVM matrix of `lmvm` and `blmvm`
    /// (`TaoLMVMGetH0`), or `None` when it has none (it takes the one of
    /// [`set_lmvm_h0`](Self::set_lmvm_h0) during the solve).
    #[doc(alias = "TaoLMVMGetH0")]
    pub fn lmvm_h0(&self) -> Result<Option<Mat>> {
        self.require_type("Tao::lmvm_h0", &["lmvm", "blmvm"])?;
        let mut m: sys::Mat = std::ptr::null_mut();
        // SAFETY: live lmvm or blmvm solver (its LMVM matrix is made with it).
        check(unsafe { sys::TaoLMVMGetH0(self.ptr, &mut m) })?;
        if m.is_null() {
            return Ok(None);
        }
        // SAFETY: the solver holds `m`; the handle takes its own reference.
        unsafe { Mat::from_raw_borrowed(&self.petsc, m) }.map(Some)
    }

    /// The Krylov solver applying the inverse of the initial Hessian of `lmvm` and
    /// `blmvm` (`TaoLMVMGetH0KSP`), or `None`.
    #[doc(alias = "TaoLMVMGetH0KSP")]
    pub fn lmvm_h0_ksp(&self) -> Result<Option<Ksp>> {
        self.require_type("Tao::lmvm_h0_ksp", &["lmvm", "blmvm"])?;
        let mut k: sys::KSP = std::ptr::null_mut();
        // SAFETY: live lmvm or blmvm solver.
        check(unsafe { sys::TaoLMVMGetH0KSP(self.ptr, &mut k) })?;
        if k.is_null() {
            return Ok(None);
        }
        // SAFETY: the solver holds `k`; the handle takes a reference to it and the solver.
        unsafe { Ksp::from_raw_child(&self.petsc, k, self.ptr as sys::PetscObject) }.map(Some)
    }

    /// The inner solver `brgn` minimizes each regularized Gauss-Newton model with
    /// (`TaoBRGNGetSubsolver`), as a handle holding its own reference and one to this
    /// solver (whose routines it calls); set its type and options through it. Refused
    /// unless the type is `brgn`.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut tao = petsc::Tao::new(&petsc.self_comm())?;
    /// tao.set_type(petsc::TaoType::Brgn)?;
    /// let mut sub = tao.brgn_subsolver()?;
    /// sub.set_type(petsc::TaoType::Bnls)?;
    /// tao.set_brgn_smooth_l1_epsilon(1e-6)?;
    /// tao.set_type(petsc::TaoType::Lmvm)?;
    /// assert!(tao.brgn_subsolver().is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "TaoBRGNGetSubsolver")]
    pub fn brgn_subsolver(&self) -> Result<Tao> {
        self.require_type("Tao::brgn_subsolver", &["brgn"])?;
        let mut t: sys::Tao = std::ptr::null_mut();
        // SAFETY: live brgn solver.
        check(unsafe { sys::TaoBRGNGetSubsolver(self.ptr, &mut t) })?;
        self.child_tao("Tao::brgn_subsolver", t)
    }

    /// Wraps a sub-solver `t` of this solver, keeping this one alive.
    fn child_tao(&self, context: &str, t: sys::Tao) -> Result<Tao> {
        if t.is_null() {
            return Err(Error::invalid(context, "the solver has no sub-solver"));
        }
        // SAFETY: both solvers are live; the handle takes a reference to each.
        unsafe { Tao::from_raw_child(&self.petsc, t, self.ptr as sys::PetscObject) }
    }

    /// Sets the smoothing `epsilon` of the L1 regularizer of `brgn`
    /// (`-tao_brgn_regularization_type l1dict`) (`TaoBRGNSetL1SmoothEpsilon`). It must
    /// be finite and positive; refused unless the type is `brgn`.
    #[doc(alias = "TaoBRGNSetL1SmoothEpsilon")]
    pub fn set_brgn_smooth_l1_epsilon(&mut self, epsilon: crate::scalar::Real) -> Result<()> {
        const CTX: &str = "Tao::set_brgn_smooth_l1_epsilon";
        check_finite(CTX, "epsilon", epsilon)?;
        if epsilon <= 0.0 {
            return Err(Error::invalid(
                CTX,
                format!("epsilon is {epsilon}; it must be positive"),
            ));
        }
        self.require_type(CTX, &["brgn"])?;
        // SAFETY: live brgn solver.
        check(unsafe { sys::TaoBRGNSetL1SmoothEpsilon(self.ptr, epsilon) })
    }

    /// Sets the dictionary matrix `D` of `brgn`'s L1 regularizer `||D x||_1`
    /// (`TaoBRGNSetDictionaryMatrix`); `None` means the identity. The solver keeps a
    /// reference. Refused unless the type is `brgn`.
    #[doc(alias = "TaoBRGNSetDictionaryMatrix")]
    pub fn set_brgn_dictionary_matrix(&mut self, d: Option<&Mat>) -> Result<()> {
        crate::object::refuse_lent("Tao::set_brgn_dictionary_matrix", d)?;
        const CTX: &str = "Tao::set_brgn_dictionary_matrix";
        self.require_type(CTX, &["brgn"])?;
        if let (Some(d), Ok(x)) = (d, self.solution()) {
            let (_, cols) = d.size()?;
            if cols != x.size()? {
                return Err(Error::size_mismatch(
                    CTX,
                    format!(
                        "the dictionary has {cols} columns but the solution has size {}",
                        x.size()?
                    ),
                ));
            }
        }
        // SAFETY: live brgn solver and matrix (or null for the identity).
        check(unsafe {
            sys::TaoBRGNSetDictionaryMatrix(self.ptr, d.map_or(std::ptr::null_mut(), |d| d.ptr))
        })
    }

    /// The damping vector of `brgn` with the Levenberg-Marquardt regularizer
    /// (`-tao_brgn_regularization_type lm`) (`TaoBRGNGetDampingVector`), a handle holding
    /// its own reference; refused for other types and regularizers, and before the
    /// solver is set up.
    #[doc(alias = "TaoBRGNGetDampingVector")]
    pub fn brgn_damping_vector(&self) -> Result<Vector> {
        const CTX: &str = "Tao::brgn_damping_vector";
        self.require_type(CTX, &["brgn"])?;
        let mut v: sys::Vec = std::ptr::null_mut();
        // SAFETY: live brgn solver; PETSc refuses other regularizers.
        check(unsafe { sys::TaoBRGNGetDampingVector(self.ptr, &mut v) })?;
        if v.is_null() {
            return Err(Error::invalid(
                CTX,
                "no damping vector yet: it is made when the solver is set up",
            ));
        }
        // SAFETY: the solver holds `v`; the handle takes its own reference.
        unsafe { Vector::from_raw_borrowed(&self.petsc, v) }
    }

    crate::methods![for Tao;
        /// The formulation of `almm` (`TaoALMMGetType`); refused for other types.
        pub fn almm_type(&self) -> TaoAlmmType = TaoALMMGetType as "TaoALMMGetType";
    ];

    crate::methods![for Tao;
        /// Sets the formulation of `almm` (`TaoALMMSetType`); refused for other types.
        ///
        /// ```
        /// use petsc::{TaoAlmmType, TaoType};
        /// let petsc = petsc::Petsc::init()?;
        /// let mut tao = petsc::Tao::new(&petsc.self_comm())?;
        /// tao.set_type(TaoType::Almm)?;
        /// assert_eq!(tao.almm_type()?, TaoAlmmType::Phr); // PETSc's default
        /// tao.set_almm_type(TaoAlmmType::Classic)?;
        /// assert_eq!(tao.almm_type()?, TaoAlmmType::Classic);
        /// tao.set_almm_type(TaoAlmmType::Phr)?;
        /// assert_eq!(tao.almm_type()?, TaoAlmmType::Phr);
        /// let mut sub = tao.almm_subsolver()?;
        /// sub.set_type(TaoType::Bqnls)?;
        /// tao.set_type(TaoType::Lmvm)?;
        /// assert!(tao.almm_type().is_err());
        /// # use petsc::Object;
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_almm_type(&mut self, ty: TaoAlmmType) = TaoALMMSetType as "TaoALMMSetType";
    ];

    /// The inner solver `almm` minimizes each augmented Lagrangian with
    /// (`TaoALMMGetSubsolver`), as a handle holding its own reference and one to this
    /// solver (whose routines it calls); refused for other types.
    #[doc(alias = "TaoALMMGetSubsolver")]
    pub fn almm_subsolver(&self) -> Result<Tao> {
        let mut t: sys::Tao = std::ptr::null_mut();
        // SAFETY: live solver; PETSc refuses types other than almm.
        check(unsafe { sys::TaoALMMGetSubsolver(self.ptr, &mut t) })?;
        self.child_tao("Tao::almm_subsolver", t)
    }

    /// Replaces the inner solver of `almm` with `sub` (`TaoALMMSetSubsolver`); this
    /// solver keeps a reference. `sub` must be another solver on the same
    /// communicator; refused for other types.
    #[doc(alias = "TaoALMMSetSubsolver")]
    pub fn set_almm_subsolver(&mut self, sub: &Tao) -> Result<()> {
        self.require_type("Tao::set_almm_subsolver", &["almm"])?;
        if sub.ptr == self.ptr {
            return Err(Error::invalid(
                "Tao::set_almm_subsolver",
                "a solver cannot be its own sub-solver",
            ));
        }
        // SAFETY: live solvers; PETSc refuses types other than almm and references `sub`.
        check(unsafe { sys::TaoALMMSetSubsolver(self.ptr, sub.ptr) })
    }

    /// The Lagrange multipliers of `almm` after a solve (`TaoALMMGetMultipliers`):
    /// those of the equality constraints first, then those of the inequality ones. A
    /// handle holding its own reference; refused for other types and before set-up.
    #[doc(alias = "TaoALMMGetMultipliers")]
    pub fn almm_multipliers(&self) -> Result<Vector> {
        let mut v: sys::Vec = std::ptr::null_mut();
        // SAFETY: live solver; PETSc refuses types other than almm and before set-up.
        check(unsafe { sys::TaoALMMGetMultipliers(self.ptr, &mut v) })?;
        if v.is_null() {
            return Err(Error::invalid(
                "Tao::almm_multipliers",
                "no multipliers yet: solve first",
            ));
        }
        // SAFETY: the solver holds `v`; the handle takes its own reference.
        unsafe { Vector::from_raw_borrowed(&self.petsc, v) }
    }

    /// Sets the regularizer `R(x)` of `brgn` with `-tao_brgn_regularization_type user`
    /// (`TaoBRGNSetRegularizerObjectiveAndGradientRoutine`): the closure writes the
    /// gradient into `g` and returns `R(x)`; `brgn` minimizes
    /// `||r(x)||^2 / 2 + weight R(x)`. Give its Hessian with
    /// [`set_brgn_regularizer_hessian`](Self::set_brgn_regularizer_hessian) too (PETSc
    /// adds it to the Gauss-Newton Hessian without the weight). Refused unless the type
    /// is `brgn`. Errors and panics name `Tao brgn regularizer objective and gradient`.
    #[doc(alias = "TaoBRGNSetRegularizerObjectiveAndGradientRoutine")]
    pub fn set_brgn_regularizer_objective_gradient<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(&Vector, &mut Vector) -> crate::error::Result<crate::scalar::Real> + 'static,
    {
        self.require_type("Tao::set_brgn_regularizer_objective_gradient", &["brgn"])?;
        let f: Box<RegObjGradFn> = Box::new(f);
        // SAFETY: live solver; the closure is kept with it (replacing an earlier one).
        let ctx = unsafe {
            attach(
                &self.petsc,
                self.ptr as sys::PetscObject,
                CallbackKind::TaoBrgnRegularizerObjectiveAndGradient,
                f,
            )
        }?;
        // SAFETY: live brgn solver.
        check(unsafe {
            sys::TaoBRGNSetRegularizerObjectiveAndGradientRoutine(
                self.ptr,
                Some(reg_objgrad_trampoline),
                ctx,
            )
        })
    }

    /// Sets the Hessian `h` of the `user` regularizer of `brgn` and the closure filling
    /// it at `x` (`TaoBRGNSetRegularizerHessianRoutine`); the solver keeps a reference to
    /// `h`, which must be square with the solution's size. Refused unless the type is
    /// `brgn`. Errors and panics name `Tao brgn regularizer Hessian`.
    #[doc(alias = "TaoBRGNSetRegularizerHessianRoutine")]
    pub fn set_brgn_regularizer_hessian<F>(&mut self, h: &Mat, f: F) -> Result<()>
    where
        F: FnMut(&Vector, &mut Mat) -> crate::error::Result<()> + 'static,
    {
        const CTX: &str = "Tao::set_brgn_regularizer_hessian";
        self.require_type(CTX, &["brgn"])?;
        let x = self.raw_solution()?;
        if !x.is_null() {
            // SAFETY: the solver holds `x`; `h` is live.
            let (xs, hs) = unsafe { (vec_sizes(x)?, mat_sizes(h.kept_raw(CTX)?)?) };
            Self::check_square(CTX, "the regularizer Hessian", xs, hs)?;
        }
        let f: Box<RegHessFn> = Box::new(f);
        // SAFETY: live solver; the closure is kept with it (replacing an earlier one).
        let ctx = unsafe {
            attach(
                &self.petsc,
                self.ptr as sys::PetscObject,
                CallbackKind::TaoBrgnRegularizerHessian,
                f,
            )
        }?;
        // SAFETY: live brgn solver and matrix (PETSc references it).
        check(unsafe {
            sys::TaoBRGNSetRegularizerHessianRoutine(
                self.ptr,
                h.kept_raw(CTX)?,
                Some(reg_hessian_trampoline),
                ctx,
            )
        })
    }

    /// Refuses a `brgn` solve whose options choose the `user` regularizer without both
    /// of its closures (PETSc 3.18 would call a null routine).
    pub(super) fn check_brgn_user(&self, context: &str) -> Result<()> {
        let name = format!("-{}tao_brgn_regularization_type", self.options_prefix()?);
        if self.petsc.options().get::<String>(&name)?.as_deref() != Some("user") {
            return Ok(());
        }
        let obj = self.ptr as sys::PetscObject;
        for (kind, how) in [
            (
                CallbackKind::TaoBrgnRegularizerObjectiveAndGradient,
                "set_brgn_regularizer_objective_gradient",
            ),
            (
                CallbackKind::TaoBrgnRegularizerHessian,
                "set_brgn_regularizer_hessian",
            ),
        ] {
            // SAFETY: live solver.
            if !unsafe { is_attached(obj, kind) }? {
                return Err(Error::invalid(
                    context,
                    format!("{name} user needs its regularizer: call {how}"),
                ));
            }
        }
        Ok(())
    }
}

/// The quasi-Newton methods with an LMVM matrix `TaoGetLMVMMatrix` reaches.
const QN_TYPES: [&str; 4] = ["bqnls", "bqnkls", "bqnktr", "bqnktl"];
