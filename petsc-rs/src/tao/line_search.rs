//! Line searches (`TaoLineSearch`): the one a [`Tao`] method uses
//! ([`Tao::line_search`]), or a standalone one applied along a direction with its own
//! closures or a solver's.

use std::os::raw::c_void;

use petsc_sys as sys;

use super::{Tao, is_true};
use crate::callback::{CallbackKind, attach, is_attached, run};
use crate::comm::Comm;
use crate::error::{Error, Result, check, check_finite};
use crate::object::{petsc_handle, type_enum};
use crate::scalar::{Int, Real};
use crate::vec::Vector;

petsc_handle!(
    /// A line search (`TaoLineSearch`): finds a step length `a` along a direction `s`
    /// from `x` that decreases `f(x + a s)` enough.
    ///
    /// ```
    /// use petsc::{TaoLineSearch, TaoLineSearchType, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// // f(x) = (x - 2)^2 from x = 0 along s = 1: the full step a = 2 is exact.
    /// let mut ls = TaoLineSearch::new(&c)?;
    /// ls.set_type(TaoLineSearchType::MoreThuente)?;
    /// ls.set_objective_gradient(|x, g| {
    ///     let d = x.view()?[0] - 2.0;
    ///     g.view_mut()?[0] = 2.0 * d;
    ///     Ok(d * d)
    /// })?;
    /// ls.set_initial_step_length(2.0)?;
    /// let mut x = Vector::from_slice(&c, &[0.0])?;
    /// let mut g = Vector::from_slice(&c, &[-4.0])?;
    /// let s = Vector::from_slice(&c, &[1.0])?;
    /// let (f, step, reason) = ls.apply(&mut x, 4.0, &mut g, &s)?;
    /// assert!(reason.is_success(), "{reason}");
    /// assert!((step - 2.0).abs() < 1e-12 && f.abs() < 1e-20);
    /// assert!((x.view()?[0] - 2.0).abs() < 1e-12);
    /// assert_eq!(ls.step_length()?, step);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    TaoLineSearch,
    sys::TaoLineSearch,
    sys::TaoLineSearchDestroy
);

type_enum!(
/// Line-search methods (`TaoLineSearchType`); [`TaoLineSearchType::Other`] names any
/// registered type.
///
/// ```
/// use petsc::TaoLineSearchType;
/// assert_eq!(TaoLineSearchType::MoreThuente.as_str(), "more-thuente");
/// assert_eq!(TaoLineSearchType::from_name("armijo"), TaoLineSearchType::Armijo);
/// ```
TaoLineSearchType {
        Unit = "unit" "`TAOLINESEARCHUNIT`: always takes the initial step.",
        MoreThuente = "more-thuente" "`TAOLINESEARCHMT`: Moré-Thuente, with the strong Wolfe \
            conditions (the default).",
        Gpcg = "gpcg" "`TAOLINESEARCHGPCG`: projected line search for bound-constrained problems.",
        Armijo = "armijo" "`TAOLINESEARCHARMIJO`: backtracking with the Armijo condition.",
        OwArmijo = "owarmijo" "`TAOLINESEARCHOWARMIJO`: orthant-wise Armijo, for `owlqn`.",
});

/// How a line search ended (`TaoLineSearchConvergedReason`): negative codes failed,
/// positive ones stopped (with success, or halted by a limit), zero is still searching.
/// Codes this enum does not name are kept as [`TaoLineSearchConvergedReason::Unknown`].
///
/// ```
/// use petsc::TaoLineSearchConvergedReason as R;
/// assert!(R::from_raw(1).is_success());
/// assert!(R::HaltedMaxfcn.is_converged() && !R::HaltedMaxfcn.is_success());
/// assert_eq!(R::FailedAscent.to_string(), "FAILED_ASCENT");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
#[must_use = "a solve may stop without converging: `.check()?` when convergence is expected"]
pub enum TaoLineSearchConvergedReason {
    /// `TAOLINESEARCH_FAILED_INFORNAN` (-1): a NaN or infinity appeared.
    FailedInfOrNan,
    /// `TAOLINESEARCH_FAILED_BADPARAMETER` (-2): a parameter is out of range.
    FailedBadParameter,
    /// `TAOLINESEARCH_FAILED_ASCENT` (-3): the direction is not a descent direction.
    FailedAscent,
    /// `TAOLINESEARCH_CONTINUE_ITERATING` (0): not finished (or not started).
    Iterating,
    /// `TAOLINESEARCH_SUCCESS` (1): the step satisfies the conditions.
    Success,
    /// `TAOLINESEARCH_SUCCESS_USER` (2): a user's test accepted the step.
    SuccessUser,
    /// `TAOLINESEARCH_HALTED_OTHER` (3): stopped for another reason.
    HaltedOther,
    /// `TAOLINESEARCH_HALTED_MAXFCN` (4): reached the maximum number of evaluations.
    HaltedMaxfcn,
    /// `TAOLINESEARCH_HALTED_UPPERBOUND` (5): the step reached its upper bound.
    HaltedUpperbound,
    /// `TAOLINESEARCH_HALTED_LOWERBOUND` (6): the step reached its lower bound.
    HaltedLowerbound,
    /// `TAOLINESEARCH_HALTED_RTOL` (7): the interval became too small.
    HaltedRtol,
    /// `TAOLINESEARCH_HALTED_USER` (8): a user's test stopped it.
    HaltedUser,
    /// A code this version of petsc-rs does not name, kept as PETSc's number.
    Unknown(i32),
}

/// `(variant, code, PETSc name)` for every named reason.
const REASONS: &[(TaoLineSearchConvergedReason, i32, &str)] = &[
    (
        TaoLineSearchConvergedReason::FailedInfOrNan,
        -1,
        "FAILED_INFORNAN",
    ),
    (
        TaoLineSearchConvergedReason::FailedBadParameter,
        -2,
        "FAILED_BADPARAMETER",
    ),
    (
        TaoLineSearchConvergedReason::FailedAscent,
        -3,
        "FAILED_ASCENT",
    ),
    (
        TaoLineSearchConvergedReason::Iterating,
        0,
        "CONTINUE_ITERATING",
    ),
    (TaoLineSearchConvergedReason::Success, 1, "SUCCESS"),
    (TaoLineSearchConvergedReason::SuccessUser, 2, "SUCCESS_USER"),
    (TaoLineSearchConvergedReason::HaltedOther, 3, "HALTED_OTHER"),
    (
        TaoLineSearchConvergedReason::HaltedMaxfcn,
        4,
        "HALTED_MAXFCN",
    ),
    (
        TaoLineSearchConvergedReason::HaltedUpperbound,
        5,
        "HALTED_UPPERBOUND",
    ),
    (
        TaoLineSearchConvergedReason::HaltedLowerbound,
        6,
        "HALTED_LOWERBOUND",
    ),
    (TaoLineSearchConvergedReason::HaltedRtol, 7, "HALTED_RTOL"),
    (TaoLineSearchConvergedReason::HaltedUser, 8, "HALTED_USER"),
];

crate::converged_reason_impls!(
    TaoLineSearchConvergedReason,
    REASONS,
    "TaoLineSearchConvergedReason",
    raw = sys::TaoLineSearchConvergedReason
);

impl TaoLineSearchConvergedReason {
    /// Whether the step was accepted (`SUCCESS` or `SUCCESS_USER`), as TAO's methods
    /// require.
    pub fn is_success(self) -> bool {
        matches!(
            self,
            TaoLineSearchConvergedReason::Success | TaoLineSearchConvergedReason::SuccessUser
        )
    }
}

/// `f(x)`.
type LsObjectiveFn = dyn FnMut(&Vector) -> Result<Real>;
/// `g = grad f(x)`.
type LsGradientFn = dyn FnMut(&Vector, &mut Vector) -> Result<()>;
/// `g = grad f(x)`, returning `f(x)`.
type LsObjGradFn = dyn FnMut(&Vector, &mut Vector) -> Result<Real>;

/// `TaoLineSearchSetObjectiveRoutine` trampoline.
unsafe extern "C" fn ls_objective_trampoline(
    _ls: sys::TaoLineSearch,
    x: sys::Vec,
    f: *mut Real,
    ctx: *mut c_void,
) -> sys::PetscErrorCode {
    run::<LsObjectiveFn>(ctx, CallbackKind::TaoLineSearchObjective, |petsc, func| {
        // SAFETY: PETSc passes a live vector.
        let xv = unsafe { Vector::from_raw_lent(petsc, x) }?;
        let v = func(&xv)?;
        // SAFETY: PETSc passes the address of its output.
        unsafe { *f = v };
        Ok(())
    })
}

/// `TaoLineSearchSetGradientRoutine` trampoline.
unsafe extern "C" fn ls_gradient_trampoline(
    _ls: sys::TaoLineSearch,
    x: sys::Vec,
    g: sys::Vec,
    ctx: *mut c_void,
) -> sys::PetscErrorCode {
    run::<LsGradientFn>(ctx, CallbackKind::TaoLineSearchGradient, |petsc, func| {
        // SAFETY: PETSc passes live, distinct vectors.
        let (xv, mut gv) = unsafe {
            (
                Vector::from_raw_lent(petsc, x)?,
                Vector::from_raw_lent(petsc, g)?,
            )
        };
        func(&xv, &mut gv)?;
        gv.written_in_place(g)
    })
}

/// `TaoLineSearchSetObjectiveAndGradientRoutine` trampoline.
unsafe extern "C" fn ls_objgrad_trampoline(
    _ls: sys::TaoLineSearch,
    x: sys::Vec,
    f: *mut Real,
    g: sys::Vec,
    ctx: *mut c_void,
) -> sys::PetscErrorCode {
    run::<LsObjGradFn>(
        ctx,
        CallbackKind::TaoLineSearchObjectiveAndGradient,
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

/// The key under which a standalone line search keeps the solver whose routines it
/// uses (PETSc's own pointer to it holds no reference).
const TAO_KEY: &std::ffi::CStr = c"petsc-rs:line-search-tao";

crate::class_methods! {
    TaoLineSearch: TaoLineSearchType, "TaoLineSearch", sys::TaoLineSearchList,
    example = "let mut obj = petsc::TaoLineSearch::new(&petsc.self_comm())?;",
    a_type = "armijo",
    inner = "",
    set_type = sys::TaoLineSearchSetType as "TaoLineSearchSetType",
    set_options_prefix = sys::TaoLineSearchSetOptionsPrefix as "TaoLineSearchSetOptionsPrefix",
    append_options_prefix =
        sys::TaoLineSearchAppendOptionsPrefix as "TaoLineSearchAppendOptionsPrefix",
    options_prefix = sys::TaoLineSearchGetOptionsPrefix as "TaoLineSearchGetOptionsPrefix",
    set_from_options = sys::TaoLineSearchSetFromOptions as "TaoLineSearchSetFromOptions",
}

impl TaoLineSearch {
    /// A new line search on `comm` (`TaoLineSearchCreate`); its type is `more-thuente`
    /// unless [`set_type`](Self::set_type) or the options choose another.
    #[doc(alias = "TaoLineSearchCreate")]
    pub fn new(comm: &Comm) -> Result<TaoLineSearch> {
        let mut ls: sys::TaoLineSearch = std::ptr::null_mut();
        // SAFETY: live communicator; PETSc writes the new object.
        check(unsafe { sys::TaoLineSearchCreate(comm.as_raw(), &mut ls) })?;
        Ok(TaoLineSearch::from_raw(comm.petsc(), ls))
    }

    crate::methods![for TaoLineSearch;
        /// Sets the line search up now (`TaoLineSearchSetUp`), choosing `more-thuente` if no
        /// type is set; [`apply`](Self::apply) does it otherwise.
        pub fn set_up(&mut self) = TaoLineSearchSetUp as "TaoLineSearchSetUp";
    ];

    /// Sets the first step length tried (`TaoLineSearchSetInitialStepLength`; 1 by
    /// default). It must be finite and positive.
    #[doc(alias = "TaoLineSearchSetInitialStepLength")]
    pub fn set_initial_step_length(&mut self, step: Real) -> Result<()> {
        const CTX: &str = "TaoLineSearch::set_initial_step_length";
        check_finite(CTX, "the step length", step)?;
        if step <= 0.0 {
            return Err(Error::invalid(
                CTX,
                format!("the step length is {step}; it must be positive"),
            ));
        }
        // SAFETY: live line search.
        check(unsafe { sys::TaoLineSearchSetInitialStepLength(self.ptr, step) })
    }

    crate::methods![for TaoLineSearch;
        /// The step length of the last search (`TaoLineSearchGetStepLength`).
        pub fn step_length(&self) -> Real
            = TaoLineSearchGetStepLength as "TaoLineSearchGetStepLength";
    ];

    /// Whether the line search evaluates a solver's routines instead of its own closures
    /// (`TaoLineSearchIsUsingTaoRoutines`): true for a method's own line search.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut tao = petsc::Tao::new(&c)?;
    /// tao.set_type(petsc::TaoType::Lmvm)?;
    /// let ls = tao.line_search()?.unwrap();
    /// assert!(ls.is_using_tao_routines()?);
    /// assert_eq!(ls.type_name()?, "more-thuente");
    /// assert!(!petsc::TaoLineSearch::new(&c)?.is_using_tao_routines()?);
    /// # use petsc::Object;
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "TaoLineSearchIsUsingTaoRoutines")]
    pub fn is_using_tao_routines(&self) -> Result<bool> {
        let mut b = sys::PETSC_BOOL_FALSE;
        // SAFETY: live line search.
        check(unsafe { sys::TaoLineSearchIsUsingTaoRoutines(self.ptr, &mut b) })?;
        Ok(is_true(b))
    }

    /// Makes the line search evaluate `tao`'s objective and gradient
    /// (`TaoLineSearchUseTaoRoutines`). The line search keeps a reference to `tao`, so
    /// the solver lives as long as the line search needs it.
    #[doc(alias = "TaoLineSearchUseTaoRoutines")]
    pub fn use_tao_routine(&mut self, tao: &Tao) -> Result<()> {
        let mut own: sys::TaoLineSearch = std::ptr::null_mut();
        // SAFETY: live solver; PETSc returns its (borrowed) line search or null.
        check(unsafe { sys::TaoGetLineSearch(tao.ptr, &mut own) })?;
        if own != self.ptr {
            // SAFETY: live objects; the line search takes a reference to the solver (a
            // solver's own line search does not: the solver already outlives it).
            check(unsafe {
                sys::PetscObjectCompose(
                    self.ptr as sys::PetscObject,
                    TAO_KEY.as_ptr(),
                    tao.ptr as sys::PetscObject,
                )
            })?;
        }
        // SAFETY: live objects; the solver stays alive through the reference above.
        check(unsafe { sys::TaoLineSearchUseTaoRoutines(self.ptr, tao.ptr) })
    }

    /// The objective evaluations, gradient evaluations, and objective-and-gradient
    /// evaluations of the last search (`TaoLineSearchGetNumberFunctionEvaluations`).
    #[doc(alias = "TaoLineSearchGetNumberFunctionEvaluations")]
    pub fn number_function_evaluations(&self) -> Result<(Int, Int, Int)> {
        let (mut f, mut g, mut fg): (Int, Int, Int) = (0, 0, 0);
        // SAFETY: live line search; three outputs.
        check(unsafe {
            sys::TaoLineSearchGetNumberFunctionEvaluations(self.ptr, &mut f, &mut g, &mut fg)
        })?;
        Ok((f, g, fg))
    }

    /// Sets the objective `f(x)` the search evaluates
    /// (`TaoLineSearchSetObjectiveRoutine`), instead of a solver's. An `Err` or a panic
    /// ends the search, which returns it (naming `TaoLineSearch objective`).
    #[doc(alias = "TaoLineSearchSetObjectiveRoutine")]
    pub fn set_objective<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(&Vector) -> Result<Real> + 'static,
    {
        let f: Box<LsObjectiveFn> = Box::new(f);
        let ctx = self.attach(CallbackKind::TaoLineSearchObjective, f)?;
        // SAFETY: live line search.
        check(unsafe {
            sys::TaoLineSearchSetObjectiveRoutine(self.ptr, Some(ls_objective_trampoline), ctx)
        })
    }

    /// Sets the gradient the search evaluates (`TaoLineSearchSetGradientRoutine`),
    /// writing into `g`. Errors as for [`set_objective`](Self::set_objective)
    /// (`TaoLineSearch gradient`).
    #[doc(alias = "TaoLineSearchSetGradientRoutine")]
    pub fn set_gradient<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(&Vector, &mut Vector) -> Result<()> + 'static,
    {
        let f: Box<LsGradientFn> = Box::new(f);
        let ctx = self.attach(CallbackKind::TaoLineSearchGradient, f)?;
        // SAFETY: live line search.
        check(unsafe {
            sys::TaoLineSearchSetGradientRoutine(self.ptr, Some(ls_gradient_trampoline), ctx)
        })
    }

    /// Sets one closure writing the gradient into `g` and returning `f(x)`
    /// (`TaoLineSearchSetObjectiveAndGradientRoutine`). Errors as for
    /// [`set_objective`](Self::set_objective) (`TaoLineSearch objective and gradient`).
    /// See the example on [`TaoLineSearch`].
    #[doc(alias = "TaoLineSearchSetObjectiveAndGradientRoutine")]
    pub fn set_objective_gradient<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(&Vector, &mut Vector) -> Result<Real> + 'static,
    {
        let f: Box<LsObjGradFn> = Box::new(f);
        let ctx = self.attach(CallbackKind::TaoLineSearchObjectiveAndGradient, f)?;
        // SAFETY: live line search.
        check(unsafe {
            sys::TaoLineSearchSetObjectiveAndGradientRoutine(
                self.ptr,
                Some(ls_objgrad_trampoline),
                ctx,
            )
        })
    }

    fn attach<F: ?Sized + 'static>(&self, kind: CallbackKind, f: Box<F>) -> Result<*mut c_void> {
        // SAFETY: live line search; the closure is kept with it (replacing an earlier
        // one of the same kind).
        unsafe { attach(&self.petsc, self.ptr as sys::PetscObject, kind, f) }
    }

    fn has(&self, kind: CallbackKind) -> Result<bool> {
        // SAFETY: live line search.
        unsafe { is_attached(self.ptr as sys::PetscObject, kind) }
    }

    /// Searches along `s` from `x`, where the objective is `f` and the gradient `g`
    /// (`TaoLineSearchApply`): on return `x` is the new point `x + a s`, `g` the gradient
    /// there, and the result `(f(x + a s), a, reason)`. The three vectors must be
    /// distinct, with one layout.
    ///
    /// Refused before PETSc runs when the search has neither an objective and gradient
    /// of its own (closures of [`set_objective_gradient`](Self::set_objective_gradient),
    /// or of both [`set_objective`](Self::set_objective) and
    /// [`set_gradient`](Self::set_gradient)) nor a solver's
    /// ([`use_tao_routine`](Self::use_tao_routine)). A failed search is not an error:
    /// see the reason. An `Err` or a panic in a closure is returned here.
    #[doc(alias = "TaoLineSearchApply")]
    pub fn apply(
        &mut self,
        x: &mut Vector,
        f: Real,
        g: &mut Vector,
        s: &Vector,
    ) -> Result<(Real, Real, TaoLineSearchConvergedReason)> {
        const CTX: &str = "TaoLineSearch::apply";
        if !self.is_using_tao_routines()? {
            let both = self.has(CallbackKind::TaoLineSearchObjectiveAndGradient)?;
            let pair = self.has(CallbackKind::TaoLineSearchObjective)?
                && self.has(CallbackKind::TaoLineSearchGradient)?;
            if !both && !pair {
                return Err(Error::invalid(
                    CTX,
                    "the line search has no objective and gradient: call \
                     set_objective_gradient (or set_objective and set_gradient), or \
                     use_tao_routine",
                ));
            }
        }
        if x.ptr == g.ptr || x.ptr == s.ptr || g.ptr == s.ptr {
            return Err(Error::invalid(
                CTX,
                "x, g and s must be three different vectors",
            ));
        }
        // The local sizes, and the views alive, can differ on some ranks only: agreed
        // before the (collective) search.
        let local = (|| {
            let xs = (x.size()?, x.local_size()?);
            for (name, v) in [("g", &*g), ("s", s)] {
                let vs = (v.size()?, v.local_size()?);
                if vs != xs {
                    return Err(Error::size_mismatch(
                        CTX,
                        format!(
                            "{name} has global size {} (local {}) but x has {} (local {})",
                            vs.0, vs.1, xs.0, xs.1
                        ),
                    ));
                }
            }
            Vector::accessible(CTX, &[s], &[&*x, &*g])
        })();
        crate::object::Object::comm(self).agree(CTX, local)?;
        let (xr, gr, sr) = (x.raw_write(CTX)?, g.raw_write(CTX)?, s.raw_read(CTX)?);
        let (mut fv, mut step) = (f, 0.0);
        let mut reason = sys::TaoLineSearchConvergedReason(0);
        // SAFETY: live line search and three distinct live vectors of one layout; the
        // closures it calls live with it (or with the solver it keeps).
        check(unsafe {
            sys::TaoLineSearchApply(self.ptr, xr, &mut fv, gr, sr, &mut step, &mut reason)
        })?;
        Ok((fv, step, TaoLineSearchConvergedReason::from_raw(reason.0)))
    }
}

impl Tao {
    /// The line search of line-search methods (`lmvm`, `blmvm`, `nls`, `cg`, `bqnls`,
    /// ...) (`TaoGetLineSearch`), as a handle holding its own reference and one to the
    /// solver (whose routines it evaluates), so neither is destroyed while the handle
    /// lives; `None` for methods without one. Set the type first.
    ///
    /// ```
    /// use petsc::{Object, TaoLineSearchType, TaoType};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut tao = petsc::Tao::new(&petsc.self_comm())?;
    /// tao.set_type(TaoType::Nm)?;
    /// assert!(tao.line_search()?.is_none());
    /// tao.set_type(TaoType::Lmvm)?;
    /// let mut ls = tao.line_search()?.unwrap();
    /// ls.set_type(TaoLineSearchType::Armijo)?;
    /// drop(tao); // the handle keeps the solver alive
    /// assert_eq!(ls.type_name()?, "armijo");
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "TaoGetLineSearch")]
    pub fn line_search(&self) -> Result<Option<TaoLineSearch>> {
        let mut ls: sys::TaoLineSearch = std::ptr::null_mut();
        // SAFETY: live solver; PETSc returns its (borrowed) line search or null.
        check(unsafe { sys::TaoGetLineSearch(self.ptr, &mut ls) })?;
        if ls.is_null() {
            return Ok(None);
        }
        // SAFETY: the line search and the solver are live; the handle takes a reference
        // to each.
        unsafe { TaoLineSearch::from_raw_child(&self.petsc, ls, self.ptr as sys::PetscObject) }
            .map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::CStr;

    #[test]
    fn type_names_match_petsc() {
        let c = |b: &[u8]| {
            CStr::from_bytes_with_nul(b)
                .unwrap()
                .to_str()
                .unwrap()
                .to_owned()
        };
        assert_eq!(TaoLineSearchType::Unit.as_str(), c(sys::TAOLINESEARCHUNIT));
        assert_eq!(
            TaoLineSearchType::MoreThuente.as_str(),
            c(sys::TAOLINESEARCHMT)
        );
        assert_eq!(TaoLineSearchType::Gpcg.as_str(), c(sys::TAOLINESEARCHGPCG));
        assert_eq!(
            TaoLineSearchType::Armijo.as_str(),
            c(sys::TAOLINESEARCHARMIJO)
        );
        assert_eq!(
            TaoLineSearchType::OwArmijo.as_str(),
            c(sys::TAOLINESEARCHOWARMIJO)
        );
        for n in TaoLineSearchType::NAMES {
            assert!(!matches!(
                TaoLineSearchType::from_name(n),
                TaoLineSearchType::Other(_)
            ));
        }
    }

    #[test]
    fn reason_codes_match_petsc() {
        use sys::TaoLineSearchConvergedReason as C;
        for (r, c) in [
            (
                TaoLineSearchConvergedReason::FailedInfOrNan,
                C::TAOLINESEARCH_FAILED_INFORNAN,
            ),
            (
                TaoLineSearchConvergedReason::FailedAscent,
                C::TAOLINESEARCH_FAILED_ASCENT,
            ),
            (
                TaoLineSearchConvergedReason::Success,
                C::TAOLINESEARCH_SUCCESS,
            ),
            (
                TaoLineSearchConvergedReason::HaltedMaxfcn,
                C::TAOLINESEARCH_HALTED_MAXFCN,
            ),
            (
                TaoLineSearchConvergedReason::HaltedUser,
                C::TAOLINESEARCH_HALTED_USER,
            ),
        ] {
            assert_eq!(r.code(), c.0);
            assert_eq!(TaoLineSearchConvergedReason::from_raw(c.0), r);
        }
    }
}
