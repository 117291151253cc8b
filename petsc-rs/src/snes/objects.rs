//! What a [`Snes`] holds, as handles of their own: its DM, its vectors (solution,
//! update, right-hand side, residual) and Jacobian matrices, its inner linear solver and
//! nonlinear preconditioner.

use petsc_sys as sys;

use super::{Snes, snes_dm};
use crate::dm::Da;
use crate::error::{Error, Result, check};
use crate::ksp::{Ksp, PcSide};
use crate::mat::Mat;
use crate::object::{Object, owned, value_key};
use crate::vec::Vector;

/// A vector PETSc lent (or null) as a handle of its own reference.
///
/// # Safety
/// `v` must be null or a live vector.
pub(super) unsafe fn maybe_vec(petsc: &crate::init::Petsc, v: sys::Vec) -> Result<Option<Vector>> {
    if v.is_null() {
        return Ok(None);
    }
    // SAFETY: a live vector (caller); the handle takes its own reference.
    unsafe { Vector::from_raw_borrowed(petsc, v) }.map(Some)
}

/// A matrix PETSc lent (or null) as a handle of its own reference.
///
/// # Safety
/// `m` must be null or a live matrix.
pub(super) unsafe fn maybe_mat(petsc: &crate::init::Petsc, m: sys::Mat) -> Result<Option<Mat>> {
    if m.is_null() {
        return Ok(None);
    }
    // SAFETY: a live matrix (caller); the handle takes its own reference.
    unsafe { Mat::from_raw_borrowed(petsc, m) }.map(Some)
}

/// The name [`Snes::set_app_ctx`] keeps its value under (petsc4py's attribute name).
const APP_CTX: &str = "__appctx__";

impl Snes {
    /// Keeps `ctx` with the solver as its application context (petsc4py's `appctx`,
    /// `setAppCtx`), replacing an earlier one: a Rust value stored with
    /// [`compose_value`](Object::compose_value) under `"__appctx__"`, read with
    /// [`app_ctx`](Self::app_ctx). A nonlinear preconditioner that [`npc`](Self::npc)
    /// makes afterwards shares it, as PETSc's `SNESGetNPC` passes the context on.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut snes = petsc::Snes::new(&petsc.self_comm())?;
    /// assert_eq!(snes.app_ctx::<(i32, i32)>()?, None);
    /// snes.set_app_ctx((1, 2))?;
    /// assert_eq!(snes.npc()?.app_ctx::<(i32, i32)>()?, Some((1, 2)));
    /// snes.clear_app_ctx()?;
    /// assert_eq!(snes.app_ctx::<(i32, i32)>()?, None);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "SNESSetApplicationContext")]
    pub fn set_app_ctx<T: 'static>(&mut self, ctx: T) -> Result<()> {
        self.compose_value(APP_CTX, ctx)
    }

    /// A copy of the application context of [`set_app_ctx`](Self::set_app_ctx)
    /// (petsc4py's `getAppCtx`): `None` if none is kept, an `Err` if it is not a `T`.
    #[doc(alias = "SNESGetApplicationContext")]
    pub fn app_ctx<T: Clone + 'static>(&self) -> Result<Option<T>> {
        self.query_value(APP_CTX)
    }

    /// Drops the application context of [`set_app_ctx`](Self::set_app_ctx) (petsc4py's
    /// `appctx = None`); a preconditioner sharing it keeps its own hold.
    pub fn clear_app_ctx(&mut self) -> Result<()> {
        let key = value_key("Snes::clear_app_ctx", APP_CTX)?;
        // SAFETY: live solver; composing null releases the container kept there.
        check(unsafe {
            sys::PetscObjectCompose(
                self.ptr as sys::PetscObject,
                key.as_ptr(),
                std::ptr::null_mut(),
            )
        })
    }

    /// The solver's DMDA (`SNESGetDM`), as a handle holding its own reference; an `Err`
    /// when the solver's DM is not a DMDA (without [`set_dm`](Self::set_dm) PETSc gives
    /// the solver a `DMShell`, which has no handle here).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let da = petsc::Da::builder(&c, 1).sizes(6, 1, 1).build()?;
    /// let mut snes = petsc::Snes::new(&c)?;
    /// assert!(snes.dm().is_err()); // a DMShell
    /// snes.set_dm(&da)?;
    /// drop(da);
    /// assert_eq!(snes.dm()?.info()?.mx, 6);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "SNESGetDM")]
    pub fn dm(&self) -> Result<Da> {
        // SAFETY: live solver.
        let dm = unsafe { snes_dm(self.ptr) }?;
        let mut ty: *const std::os::raw::c_char = std::ptr::null();
        // SAFETY: live DM; PETSc returns its own type name or null.
        check(unsafe { sys::PetscObjectGetType(dm as sys::PetscObject, &mut ty) })?;
        // SAFETY: PETSc's own string or null.
        let ty = unsafe { owned(ty) };
        if ty != "da" {
            return Err(Error::invalid(
                "Snes::dm",
                format!("the solver's DM has type '{ty}'; only DMDAs have a handle here"),
            ));
        }
        // SAFETY: a live DMDA lent by the solver; the handle takes its own reference.
        unsafe { Da::from_raw_borrowed(&self.petsc, dm) }
    }

    /// The vector the last solve wrote its solution into (`SNESGetSolution`), or `None`
    /// before a solve (or [`set_solution`](Self::set_solution)).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut snes = petsc::Snes::new(&c)?;
    /// assert!(snes.solution()?.is_none());
    /// let x = petsc::Vector::from_slice(&c, &[1.0, 2.0])?;
    /// snes.set_solution(&x)?;
    /// assert_eq!(snes.solution()?.unwrap().view()?[1], 2.0);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "SNESGetSolution")]
    pub fn solution(&self) -> Result<Option<Vector>> {
        let mut v: sys::Vec = std::ptr::null_mut();
        // SAFETY: live solver; PETSc lends its vector or null.
        check(unsafe { sys::SNESGetSolution(self.ptr, &mut v) })?;
        // SAFETY: null or a live vector of the solver.
        unsafe { maybe_vec(&self.petsc, v) }
    }

    /// Gives the solver its solution vector ahead of a solve (`SNESSetSolution`), for
    /// methods that need it at set-up; [`solve`](Self::solve) replaces it with its own
    /// argument.
    #[doc(alias = "SNESSetSolution")]
    pub fn set_solution(&mut self, x: &Vector) -> Result<()> {
        const KEPT: &str = "Snes::set_solution";
        // SAFETY: live solver and vector; PETSc takes a reference.
        check(unsafe { sys::SNESSetSolution(self.ptr, x.kept_raw(KEPT)?) })
    }

    /// The last step (the Newton update) of the last solve (`SNESGetSolutionUpdate`),
    /// or `None` before the solver made one.
    #[doc(alias = "SNESGetSolutionUpdate")]
    pub fn solution_update(&self) -> Result<Option<Vector>> {
        let mut v: sys::Vec = std::ptr::null_mut();
        // SAFETY: live solver; PETSc lends its vector or null.
        check(unsafe { sys::SNESGetSolutionUpdate(self.ptr, &mut v) })?;
        // SAFETY: null or a live vector of the solver.
        unsafe { maybe_vec(&self.petsc, v) }
    }

    /// The right-hand side `b` of the last solve of `F(x) = b` (`SNESGetRhs`), `None`
    /// when it was `F(x) = 0`.
    #[doc(alias = "SNESGetRhs")]
    pub fn rhs(&self) -> Result<Option<Vector>> {
        let mut v: sys::Vec = std::ptr::null_mut();
        // SAFETY: live solver; PETSc lends its vector or null.
        check(unsafe { sys::SNESGetRhs(self.ptr, &mut v) })?;
        // SAFETY: null or a live vector of the solver.
        unsafe { maybe_vec(&self.petsc, v) }
    }

    /// The residual vector (after a solve, `F` at the solution) and whether a residual
    /// routine is set (`SNESGetFunction`). The vector is `None` before one is given or
    /// made at set-up. The closure itself stays with the DM (no handle gives it out).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut snes = petsc::Snes::new(&c)?;
    /// assert!(!snes.function()?.1);
    /// snes.set_function(petsc::Vector::new_seq(&c, 3)?, |x, f| f.copy_from(x))?;
    /// let (r, set) = snes.function()?;
    /// assert!(set);
    /// assert_eq!(r.unwrap().size()?, 3);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "SNESGetFunction")]
    pub fn function(&self) -> Result<(Option<Vector>, bool)> {
        let mut v: sys::Vec = std::ptr::null_mut();
        let mut f: Option<super::residual::RawFunction> = None;
        // SAFETY: live solver; PETSc lends its vector (or null) and writes its routine.
        check(unsafe { sys::SNESGetFunction(self.ptr, &mut v, &mut f, std::ptr::null_mut()) })?;
        // SAFETY: null or a live vector of the solver.
        Ok((unsafe { maybe_vec(&self.petsc, v) }?, f.is_some()))
    }

    /// The Jacobian matrices `(A, P)` (`SNESGetJacobian`): the operator and the matrix
    /// the preconditioner is built from (the same matrix twice when only one was given),
    /// each `None` before it is given or made at set-up.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut snes = petsc::Snes::new(&c)?;
    /// let (a, p) = snes.jacobian()?;
    /// assert!(a.is_none() && p.is_none());
    /// let j = petsc::Mat::new_aij(&c, None, None, Some(2), Some(2), 1, 0)?;
    /// snes.set_jacobian(j, None, |_, _| Ok(()))?;
    /// let (a, p) = snes.jacobian()?;
    /// assert_eq!(a.unwrap().as_raw(), p.unwrap().as_raw());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "SNESGetJacobian")]
    pub fn jacobian(&self) -> Result<(Option<Mat>, Option<Mat>)> {
        let (mut a, mut p): (sys::Mat, sys::Mat) = (std::ptr::null_mut(), std::ptr::null_mut());
        // SAFETY: live solver; PETSc lends its matrices (or null); null outputs skipped.
        check(unsafe {
            sys::SNESGetJacobian(
                self.ptr,
                &mut a,
                &mut p,
                std::ptr::null_mut(),
                std::ptr::null_mut(),
            )
        })?;
        // SAFETY: null or live matrices of the solver.
        unsafe { Ok((maybe_mat(&self.petsc, a)?, maybe_mat(&self.petsc, p)?)) }
    }

    /// Replaces the inner linear solver with `ksp` (`SNESSetKSP`); the solver takes a
    /// reference to it, so what is set through `ksp` afterwards applies here.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut snes = petsc::Snes::new(&c)?;
    /// let mut ksp = petsc::Ksp::new(&c)?;
    /// ksp.set_type(petsc::KspType::Bcgs)?;
    /// snes.set_ksp(&ksp)?;
    /// assert_eq!(snes.ksp()?.ty()?, Some(petsc::KspType::Bcgs));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "SNESSetKSP")]
    pub fn set_ksp(&mut self, ksp: &Ksp) -> Result<()> {
        // SAFETY: live solvers; PETSc takes a reference to the KSP.
        check(unsafe { sys::SNESSetKSP(self.ptr, ksp.as_raw()) })
    }

    crate::methods![for Snes;
        /// Whether the solver has a nonlinear preconditioner (`SNESHasNPC`), set with
        /// [`set_npc`](Self::set_npc), made by [`npc`](Self::npc) or by `-npc_snes_type`.
        pub fn has_npc(&self) -> bool = SNESHasNPC as "SNESHasNPC";
    ];

    /// The nonlinear preconditioner (`SNESGetNPC`), made (with the prefix `npc_`) if the
    /// solver has none, as a handle holding its own reference and one to this solver. It
    /// shares this solver's DM, so it calls the same residual closures.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut snes = petsc::Snes::new(&petsc.self_comm())?;
    /// assert!(!snes.has_npc()?);
    /// let mut npc = snes.npc()?;
    /// npc.set_type(petsc::SnesType::Ngs)?;
    /// assert!(snes.has_npc()?);
    /// assert_eq!(snes.npc()?.ty()?, Some(petsc::SnesType::Ngs));
    /// assert_eq!(npc.options_prefix()?, "npc_");
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "SNESGetNPC")]
    pub fn npc(&self) -> Result<Snes> {
        let made = !self.has_npc()?;
        let mut npc: sys::SNES = std::ptr::null_mut();
        // SAFETY: live solver; PETSc lends its preconditioner (making it if needed).
        check(unsafe { sys::SNESGetNPC(self.ptr, &mut npc) })?;
        if made {
            // As PETSc gives a new preconditioner the solver's application context
            // (from 3.21 on), the new one shares the value of `set_app_ctx`.
            let key = value_key("Snes::npc", APP_CTX)?;
            let mut c: sys::PetscObject = std::ptr::null_mut();
            // SAFETY: live solver; PETSc writes a borrowed pointer or null.
            check(unsafe {
                sys::PetscObjectQuery(self.ptr as sys::PetscObject, key.as_ptr(), &mut c)
            })?;
            if !c.is_null() {
                // SAFETY: live objects; the preconditioner takes a reference to the
                // container, which keeps the value until both let it go.
                check(unsafe {
                    sys::PetscObjectCompose(npc as sys::PetscObject, key.as_ptr(), c)
                })?;
            }
        }
        // SAFETY: live solvers; the handle takes a reference to each.
        unsafe { Snes::from_raw_child(&self.petsc, npc, self.ptr as sys::PetscObject) }
    }

    /// Sets `npc` as the nonlinear preconditioner (`SNESSetNPC`); the solver takes a
    /// reference to it. A solver cannot precondition itself.
    #[doc(alias = "SNESSetNPC")]
    pub fn set_npc(&mut self, npc: &Snes) -> Result<()> {
        if npc.ptr == self.ptr {
            return Err(Error::invalid(
                "Snes::set_npc",
                "a solver cannot be its own nonlinear preconditioner",
            ));
        }
        // A shell `npc` whose type came from its options gets its closure's trampoline
        // now: the outer solver solves it without going through `Snes::solve`.
        npc.install_shell_solve()?;
        // SAFETY: live solvers; PETSc takes a reference to `npc`.
        check(unsafe { sys::SNESSetNPC(self.ptr, npc.ptr) })
    }

    /// Sets which side the nonlinear preconditioner is applied on (`SNESSetNPCSide`):
    /// [`PcSide::Left`] or [`PcSide::Right`] (PETSc's default); `Symmetric` is refused.
    ///
    /// ```
    /// use petsc::PcSide;
    /// let petsc = petsc::Petsc::init()?;
    /// let mut snes = petsc::Snes::new(&petsc.self_comm())?;
    /// assert_eq!(snes.npc_side()?, PcSide::Right);
    /// snes.set_npc_side(PcSide::Left)?;
    /// assert_eq!(snes.npc_side()?, PcSide::Left);
    /// assert!(snes.set_npc_side(PcSide::Symmetric).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "SNESSetNPCSide")]
    pub fn set_npc_side(&mut self, side: PcSide) -> Result<()> {
        let raw = match side {
            PcSide::Left => sys::PCSide::PC_LEFT,
            PcSide::Right => sys::PCSide::PC_RIGHT,
            PcSide::Symmetric => {
                return Err(Error::invalid(
                    "Snes::set_npc_side",
                    "a nonlinear preconditioner is applied on the left or on the right",
                ));
            }
        };
        // SAFETY: live solver; a valid side.
        check(unsafe { sys::SNESSetNPCSide(self.ptr, raw) })
    }

    crate::methods![for Snes;
        /// The side the nonlinear preconditioner is applied on (`SNESGetNPCSide`).
        pub fn npc_side(&self) -> PcSide = SNESGetNPCSide as "SNESGetNPCSide";
    ];

    /// A sub-solver PETSc lent (null: an `Err` naming `what`), as a handle holding its
    /// own reference and one to this solver.
    pub(super) fn child(&self, ctx: &str, what: &str, s: sys::SNES) -> Result<Snes> {
        if s.is_null() {
            return Err(Error::invalid(
                ctx,
                format!("the solver has no {what} yet (it is made at set-up)"),
            ));
        }
        // SAFETY: a live solver lent by this one; the handle takes a reference to each.
        unsafe { Snes::from_raw_child(&self.petsc, s, self.ptr as sys::PetscObject) }
    }

    /// An `Err` naming `ctx` unless the solver's type is `ty` (PETSc's type-specific
    /// routines read the solver's private data without checking its type).
    pub(super) fn require_type(&self, ctx: &str, ty: &str) -> Result<()> {
        let t = crate::object::Object::type_name(self)?;
        if t != ty {
            return Err(Error::invalid(
                ctx,
                format!(
                    "the solver's type is '{}'; this needs type '{ty}'",
                    if t.is_empty() { "(not set)" } else { &t }
                ),
            ));
        }
        Ok(())
    }
}
