//! Line searches of nonlinear solvers (`SNESLineSearch`): their type, tolerances and
//! order, standalone or as a solver's own ([`Snes::line_search`]).

use petsc_sys as sys;

use std::os::raw::c_void;

use super::Snes;
use crate::callback::{CallbackKind, attach, hand_over, release_at, run};
use crate::comm::Comm;
use crate::error::{Error, Result, check, check_tolerance, unlock_on_error};
use crate::object::{default_int, default_real, petsc_handle, type_enum};
use crate::scalar::{Int, Real};
use crate::vec::Vector;

petsc_handle!(
    /// A line search (`SNESLineSearch`). A solver's own comes from
    /// [`Snes::line_search`]; what is set through it applies to that solver.
    ///
    /// ```
    /// use petsc::{SnesLineSearchType, Object};
    /// let petsc = petsc::Petsc::init()?;
    /// let snes = petsc::Snes::new(&petsc.self_comm())?;
    /// let mut ls = snes.line_search()?;
    /// ls.set_type(SnesLineSearchType::L2)?;
    /// ls.set_order(2)?;
    /// assert_eq!(snes.line_search_type()?, "l2");
    /// assert_eq!(snes.line_search()?.order()?, 2);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "SNESLineSearch")]
    SnesLineSearch,
    sys::SNESLineSearch,
    sys::SNESLineSearchDestroy
);

type_enum!(
/// Line-search types (`SNESLineSearchType`); [`SnesLineSearchType::Other`] names any
/// registered type.
///
/// ```
/// use petsc::SnesLineSearchType;
/// assert_eq!(SnesLineSearchType::Bt.as_str(), "bt");
/// ```
SnesLineSearchType {
    Bt = "bt" "Backtracking with a quadratic or cubic model (Newton's default).",
    Nleqerr = "nleqerr" "Affine-invariant error-oriented steps.",
    Basic = "basic" "The full step.",
    None = "none" "The full step, under another name.",
    L2 = "l2" "Minimizes the function norm along the step by secants.",
    Cp = "cp" "Critical point of the line search objective.",
    Shell = "shell" "User defined.",
    Ncglinear = "ncglinear" "For nonlinear conjugate gradients.",
});

// PETSc 3.18 has no SNESLineSearchSetOptionsPrefix; the object's own one is the same.
unsafe fn set_prefix(
    ls: sys::SNESLineSearch,
    p: *const std::os::raw::c_char,
) -> sys::PetscErrorCode {
    // SAFETY: the caller passes a live line search and a NUL-terminated string.
    unsafe { sys::PetscObjectSetOptionsPrefix(ls as sys::PetscObject, p) }
}

crate::class_methods! {
    SnesLineSearch: SnesLineSearchType, "SNESLineSearch", sys::SNESLineSearchList,
    example = "let mut obj = petsc::SnesLineSearch::new(&petsc.self_comm())?;", a_type = "l2",
    inner = "",
    set_type = sys::SNESLineSearchSetType as "SNESLineSearchSetType",
    set_options_prefix = set_prefix as "PetscObjectSetOptionsPrefix",
    append_options_prefix = sys::SNESLineSearchAppendOptionsPrefix as "SNESLineSearchAppendOptionsPrefix",
    options_prefix = sys::SNESLineSearchGetOptionsPrefix as "SNESLineSearchGetOptionsPrefix",
    set_from_options = sys::SNESLineSearchSetFromOptions as "SNESLineSearchSetFromOptions",
}

/// A line search's tolerances, by name ([`SnesLineSearch::set_tolerances`],
/// [`SnesLineSearch::tolerances`]). A field left `None` (the [`Default`]) keeps the line
/// search's current value.
///
/// ```
/// let t = petsc::LineSearchTolerances { max_it: Some(7), ..Default::default() };
/// assert_eq!((t.max_it, t.rtol), (Some(7), None));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct LineSearchTolerances {
    /// The smallest step length (`minstep`).
    pub min_step: Option<Real>,
    /// The largest step length (`maxstep`).
    pub max_step: Option<Real>,
    /// Relative tolerance of the iterative searches.
    pub rtol: Option<Real>,
    /// Absolute tolerance of the iterative searches.
    pub atol: Option<Real>,
    /// Change in the step length below which the iterative searches stop (`ltol`).
    pub ltol: Option<Real>,
    /// Iterations of the iterative searches.
    pub max_it: Option<Int>,
}

impl SnesLineSearch {
    /// A standalone line search on `comm` (`SNESLineSearchCreate`), to give to a solver
    /// with [`Snes::set_line_search`].
    #[doc(alias = "SNESLineSearchCreate")]
    pub fn new(comm: &Comm) -> Result<SnesLineSearch> {
        let mut ls: sys::SNESLineSearch = std::ptr::null_mut();
        // SAFETY: live communicator; PETSc writes the new object.
        check(unsafe { sys::SNESLineSearchCreate(comm.as_raw(), &mut ls) })?;
        Ok(SnesLineSearch::from_raw(comm.petsc(), ls))
    }

    /// Sets the tolerances (`SNESLineSearchSetTolerances`), each by name; a field left
    /// `None` keeps its current value. Lengths and tolerances must be finite and
    /// non-negative, `min_step` at most `max_step`.
    ///
    /// ```
    /// use petsc::LineSearchTolerances;
    /// let petsc = petsc::Petsc::init()?;
    /// let mut ls = petsc::SnesLineSearch::new(&petsc.self_comm())?;
    /// ls.set_tolerances(LineSearchTolerances {
    ///     min_step: Some(1e-10),
    ///     max_step: Some(1e3),
    ///     rtol: Some(1e-6),
    ///     max_it: Some(7),
    ///     ..Default::default()
    /// })?;
    /// let t = ls.tolerances()?;
    /// assert_eq!((t.min_step, t.max_step, t.rtol, t.max_it), (Some(1e-10), Some(1e3), Some(1e-6), Some(7)));
    /// let crossed = LineSearchTolerances { min_step: Some(2.0), max_step: Some(1.0), ..Default::default() };
    /// assert!(ls.set_tolerances(crossed).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "SNESLineSearchSetTolerances")]
    pub fn set_tolerances(&mut self, t: LineSearchTolerances) -> Result<()> {
        const CTX: &str = "SnesLineSearch::set_tolerances";
        for (name, v) in [
            ("min_step", t.min_step),
            ("max_step", t.max_step),
            ("rtol", t.rtol),
            ("atol", t.atol),
            ("ltol", t.ltol),
        ] {
            check_tolerance(CTX, name, v)?;
        }
        let now = self.tolerances()?;
        let (lo, hi) = (
            t.min_step.or(now.min_step).unwrap_or(0.0),
            t.max_step.or(now.max_step).unwrap_or(Real::INFINITY),
        );
        if lo > hi {
            return Err(Error::invalid(
                CTX,
                format!("min_step {lo} is above max_step {hi}"),
            ));
        }
        if let Some(m) = t.max_it.filter(|&m| m < 0) {
            return Err(Error::invalid(
                CTX,
                format!("max_it {m}: it must not be negative"),
            ));
        }
        // SAFETY: live line search; values checked (PETSC_DEFAULT keeps a value).
        check(unsafe {
            sys::SNESLineSearchSetTolerances(
                self.ptr,
                default_real(t.min_step),
                default_real(t.max_step),
                default_real(t.rtol),
                default_real(t.atol),
                default_real(t.ltol),
                default_int(t.max_it),
            )
        })
    }

    /// The tolerances (`SNESLineSearchGetTolerances`), every field `Some`.
    #[doc(alias = "SNESLineSearchGetTolerances")]
    pub fn tolerances(&self) -> Result<LineSearchTolerances> {
        let (mut min_step, mut max_step, mut rtol, mut atol, mut ltol, mut max_it) =
            (0.0, 0.0, 0.0, 0.0, 0.0, 0);
        // SAFETY: live line search; six outputs.
        check(unsafe {
            sys::SNESLineSearchGetTolerances(
                self.ptr,
                &mut min_step,
                &mut max_step,
                &mut rtol,
                &mut atol,
                &mut ltol,
                &mut max_it,
            )
        })?;
        Ok(LineSearchTolerances {
            min_step: Some(min_step),
            max_step: Some(max_step),
            rtol: Some(rtol),
            atol: Some(atol),
            ltol: Some(ltol),
            max_it: Some(max_it),
        })
    }

    /// Sets the order of the model the backtracking search fits: 1 linear, 2
    /// quadratic, 3 cubic (`SNESLineSearchSetOrder`).
    #[doc(alias = "SNESLineSearchSetOrder")]
    pub fn set_order(&mut self, order: Int) -> Result<()> {
        if !(1..=3).contains(&order) {
            return Err(Error::invalid(
                "SnesLineSearch::set_order",
                format!("order {order}: give 1 (linear), 2 (quadratic) or 3 (cubic)"),
            ));
        }
        // SAFETY: live line search.
        check(unsafe { sys::SNESLineSearchSetOrder(self.ptr, order) })
    }

    crate::methods![for SnesLineSearch;
        /// The order of the backtracking model (`SNESLineSearchGetOrder`).
        pub fn order(&self) -> Int = SNESLineSearchGetOrder as "SNESLineSearchGetOrder";
    ];

    /// Sets the damping of the step, its initial length (`SNESLineSearchSetDamping`);
    /// finite and positive.
    #[doc(alias = "SNESLineSearchSetDamping")]
    pub fn set_damping(&mut self, damping: Real) -> Result<()> {
        if !(damping.is_finite() && damping > 0.0) {
            return Err(Error::invalid(
                "SnesLineSearch::set_damping",
                format!("damping {damping}: it must be finite and positive"),
            ));
        }
        // SAFETY: live line search.
        check(unsafe { sys::SNESLineSearchSetDamping(self.ptr, damping) })
    }

    crate::methods![for SnesLineSearch;
        /// The damping of the step (`SNESLineSearchGetDamping`).
        pub fn damping(&self) -> Real = SNESLineSearchGetDamping as "SNESLineSearchGetDamping";

        /// Forgets the work vectors set up for a solve (`SNESLineSearchReset`).
        pub fn reset(&mut self) = SNESLineSearchReset as "SNESLineSearchReset";
    ];
}

/// A pre-check closure: `(x, y) -> changed`.
type PreCheckFn = dyn FnMut(&Vector, &mut Vector) -> Result<bool>;

/// `SNESLineSearchSetPreCheck` trampoline.
unsafe extern "C" fn pre_check_trampoline(
    _ls: sys::SNESLineSearch,
    x: sys::Vec,
    y: sys::Vec,
    changed: *mut sys::PetscBool,
    ctx: *mut c_void,
) -> sys::PetscErrorCode {
    let code = run::<PreCheckFn>(ctx, CallbackKind::SnesLineSearchPreCheck, |petsc, f| {
        // SAFETY: `x` and `y` are live and distinct for the call; each handle takes a
        // reference.
        let (xv, mut yv) = unsafe {
            (
                Vector::from_raw_lent(petsc, x)?,
                Vector::from_raw_lent(petsc, y)?,
            )
        };
        let c = f(&xv, &mut yv)?;
        yv.written_in_place(y)?;
        // SAFETY: PETSc passes a valid output.
        unsafe { *changed = petsc_bool(c) };
        Ok(())
    });
    // SAFETY: the vectors are live for the call.
    unsafe { unlock_on_error(code, &[x, y]) }
}

impl SnesLineSearch {
    /// Sets a closure `f(x, y)` called before each line search with the current iterate
    /// `x` and the step `y`, which it may change (returning whether it did)
    /// (`SNESLineSearchSetPreCheck`). Kept with the line search, replacing the previous
    /// one; an `Err` or a panic ends the solve.
    #[doc(alias = "SNESLineSearchSetPreCheck")]
    pub fn set_pre_check<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(&Vector, &mut Vector) -> Result<bool> + 'static,
    {
        let f: Box<PreCheckFn> = Box::new(f);
        // SAFETY: live line search; the closure is kept with it.
        let ctx = unsafe {
            attach(
                &self.petsc,
                self.ptr as sys::PetscObject,
                CallbackKind::SnesLineSearchPreCheck,
                f,
            )
        }?;
        // SAFETY: live line search; the context is a number PETSc only hands back to
        // the routine.
        check(unsafe { sys::SNESLineSearchSetPreCheck(self.ptr, Some(pre_check_trampoline), ctx) })
    }
}

impl Snes {
    /// Sets a pre-check closure on the solver's line search (see
    /// [`SnesLineSearch::set_pre_check`]; `SNESLineSearchSetPreCheck` on
    /// `SNESGetLineSearch`): `f(x, y)` may change the step `y` from the iterate `x`
    /// before the line search, returning whether it did.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut snes = petsc::Snes::new(&c)?;
    /// snes.set_function(petsc::Vector::new_seq(&c, 1)?, |x, f| {
    ///     f.copy_from(x)?;
    ///     f.shift(-2.0) // F(x) = x - 2
    /// })?;
    /// snes.set_use_mf(true)?;
    /// snes.set_line_search_type("basic")?;
    /// // Halve every step: the error halves at each iteration instead of vanishing.
    /// snes.set_line_search_pre_check(|_x, y| {
    ///     y.scale(0.5)?;
    ///     Ok(true)
    /// })?;
    /// snes.set_tolerances(petsc::SnesTolerances { max_it: Some(3), ..Default::default() })?;
    /// let mut x = petsc::Vector::from_slice(&c, &[0.0])?;
    /// // Three halved steps do not converge: the reason says so.
    /// let reason = snes.solve(None, &mut x)?;
    /// assert_eq!(reason, petsc::SnesConvergedReason::DivergedMaxIt);
    /// assert!((x.view()?[0] - 1.75).abs() < 1e-6); // 2 - 2/2^3
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "SNESLineSearchSetPreCheck")]
    pub fn set_line_search_pre_check<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(&Vector, &mut Vector) -> Result<bool> + 'static,
    {
        self.line_search()?.set_pre_check(f)
    }

    /// The solver's line search (`SNESGetLineSearch`, created if needed), as a handle
    /// holding its own reference and one to this solver.
    #[doc(alias = "SNESGetLineSearch")]
    pub fn line_search(&self) -> Result<SnesLineSearch> {
        let ls = self.raw_line_search()?;
        // SAFETY: `ls` and the solver are live; the handle takes a reference to each.
        unsafe { SnesLineSearch::from_raw_child(&self.petsc, ls, self.ptr as sys::PetscObject) }
    }

    /// Makes `ls` the solver's line search (`SNESSetLineSearch`, and
    /// `SNESLineSearchSetSNES`, which PETSc's setter leaves out). The solver takes the
    /// line search over: reach it again through [`line_search`](Self::line_search),
    /// whose handle keeps the solver alive (a line search holds an unreferenced pointer
    /// to its solver).
    ///
    /// ```
    /// use petsc::{SnesLineSearch, SnesLineSearchType};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut snes = petsc::Snes::new(&petsc.self_comm())?;
    /// let mut ls = SnesLineSearch::new(&petsc.self_comm())?;
    /// ls.set_type(SnesLineSearchType::Cp)?;
    /// snes.set_line_search(ls)?;
    /// assert_eq!(snes.line_search_type()?, "cp");
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "SNESSetLineSearch")]
    pub fn set_line_search(&mut self, ls: SnesLineSearch) -> Result<()> {
        // SAFETY: live solver and line search; PETSc references the line search, and
        // the line search points back to the solver that now holds it.
        check(unsafe { sys::SNESSetLineSearch(self.ptr, ls.ptr) })?;
        // SAFETY: as above.
        check(unsafe { sys::SNESLineSearchSetSNES(ls.ptr, self.ptr) })
    }
}

/// A post-check closure: `(x, y, w) -> (changed_y, changed_w)`.
type PostCheckFn = dyn FnMut(&Vector, &mut Vector, &mut Vector) -> Result<(bool, bool)>;

use crate::declare::petsc_bool;

/// `SNESLineSearchSetPostCheck` trampoline.
unsafe extern "C" fn post_check_trampoline(
    _ls: sys::SNESLineSearch,
    x: sys::Vec,
    y: sys::Vec,
    w: sys::Vec,
    changed_y: *mut sys::PetscBool,
    changed_w: *mut sys::PetscBool,
    ctx: *mut c_void,
) -> sys::PetscErrorCode {
    let code = run::<PostCheckFn>(ctx, CallbackKind::SnesLineSearchPostCheck, |petsc, f| {
        // SAFETY: `x`, `y` and `w` are live and distinct for the call; each handle takes
        // a reference.
        let (xv, mut yv, mut wv) = unsafe {
            (
                Vector::from_raw_lent(petsc, x)?,
                Vector::from_raw_lent(petsc, y)?,
                Vector::from_raw_lent(petsc, w)?,
            )
        };
        let (cy, cw) = f(&xv, &mut yv, &mut wv)?;
        yv.written_in_place(y)?;
        wv.written_in_place(w)?;
        // SAFETY: PETSc passes two valid outputs.
        unsafe {
            *changed_y = petsc_bool(cy);
            *changed_w = petsc_bool(cw);
        }
        Ok(())
    });
    // SAFETY: the vectors are live for the call.
    unsafe { unlock_on_error(code, &[x, y, w]) }
}

impl SnesLineSearch {
    /// Sets a closure `f(x, y, w)` called after each line search with the iterate `x`
    /// the search started from, the search direction `y` and the new iterate `w`
    /// (`SNESLineSearchSetPostCheck`). It may change `y` and `w` (to project the new
    /// iterate onto a feasible set, for example) and returns which it changed, as
    /// `(changed_y, changed_w)`; the answer must be the same on every rank. What the
    /// line search does with a changed direction depends on its type (the basic search
    /// takes the step again from `x` along the new `y`). Kept with the line search,
    /// replacing the previous one; an `Err` or a panic ends the solve, and the solver
    /// can solve again afterwards.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut snes = petsc::Snes::new(&c)?;
    /// snes.set_function(petsc::Vector::new_seq(&c, 1)?, |x, f| {
    ///     f.copy_from(x)?;
    ///     f.shift(-2.0) // F(x) = x - 2
    /// })?;
    /// snes.set_use_mf(true)?;
    /// snes.set_line_search_type("basic")?;
    /// // Keep each iterate within 0.5 of the previous one: 0.5, 1, 1.5, 2.
    /// snes.line_search()?.set_post_check(|x, _y, w| {
    ///     let x0 = x.view()?[0];
    ///     let mut w = w.view_mut()?;
    ///     w[0] = w[0].min(x0 + 0.5);
    ///     Ok((false, true))
    /// })?;
    /// let mut x = petsc::Vector::from_slice(&c, &[0.0])?;
    /// snes.solve(None, &mut x)?.check()?;
    /// assert_eq!(snes.iteration_number()?, 4);
    /// assert!((x.view()?[0] - 2.0).abs() < 1e-6);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "SNESLineSearchSetPostCheck")]
    pub fn set_post_check<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(&Vector, &mut Vector, &mut Vector) -> Result<(bool, bool)> + 'static,
    {
        let f: Box<PostCheckFn> = Box::new(f);
        // SAFETY: live line search; the closure is kept with it.
        let ctx = unsafe {
            attach(
                &self.petsc,
                self.ptr as sys::PetscObject,
                CallbackKind::SnesLineSearchPostCheck,
                f,
            )
        }?;
        // SAFETY: live line search; the context is a number PETSc only hands back to
        // the routine.
        check(unsafe {
            sys::SNESLineSearchSetPostCheck(self.ptr, Some(post_check_trampoline), ctx)
        })
    }
}

impl Snes {
    /// Sets a post-check closure on the solver's line search (see
    /// [`SnesLineSearch::set_post_check`]; `SNESLineSearchSetPostCheck` on
    /// `SNESGetLineSearch`): `f(x, y, w)` may change the direction `y` and the new
    /// iterate `w` after the line search, returning `(changed_y, changed_w)`.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut snes = petsc::Snes::new(&c)?;
    /// snes.set_function(petsc::Vector::new_seq(&c, 1)?, |x, f| {
    ///     f.copy_from(x)?;
    ///     f.shift(2.0) // F(x) = x + 2: the root -2 is infeasible
    /// })?;
    /// snes.set_use_mf(true)?;
    /// snes.set_line_search_type("basic")?;
    /// // Project every iterate onto x >= 0.
    /// snes.set_line_search_post_check(|_x, _y, w| {
    ///     for wi in w.view_mut()?.iter_mut() {
    ///         *wi = wi.max(0.0);
    ///     }
    ///     Ok((false, true))
    /// })?;
    /// snes.set_tolerances(petsc::SnesTolerances { max_it: Some(3), ..Default::default() })?;
    /// let mut x = petsc::Vector::from_slice(&c, &[5.0])?;
    /// let _reason = snes.solve(None, &mut x)?; // three steps, whatever they reach
    /// assert_eq!(x.view()?[0], 0.0);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "SNESLineSearchSetPostCheck")]
    pub fn set_line_search_post_check<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(&Vector, &mut Vector, &mut Vector) -> Result<(bool, bool)> + 'static,
    {
        self.line_search()?.set_post_check(f)
    }
}

/// What a line-search monitor sees: the line search's step length, norms and vectors
/// at the moment it calls its monitors (`SNESLineSearchGetLambda`,
/// `SNESLineSearchGetNorms`, `SNESLineSearchGetVecs`). The norms are those recorded
/// before the step being tried (PETSc updates them when the search ends); the vectors
/// are the search's own, `w` the point tried and `g` the function there.
#[derive(Debug)]
#[non_exhaustive]
pub struct LineSearchState {
    /// The step length of the search (`lambda`).
    pub lambda: Real,
    /// The norm of the iterate `x` the search started from.
    pub xnorm: Real,
    /// The norm of the function at `x`.
    pub fnorm: Real,
    /// The norm of the search direction `y`.
    pub ynorm: Real,
    /// The iterate the search started from.
    pub x: Vector,
    /// The function at `x`.
    pub f: Vector,
    /// The search direction (the new point is `x - lambda y`).
    pub y: Vector,
    /// The point being tried.
    pub w: Vector,
    /// The function at `w`.
    pub g: Vector,
}

/// A line-search monitor closure.
type LsMonitorFn = dyn FnMut(&LineSearchState) -> Result<()>;

/// The vectors of a line search (null when it has none yet).
///
/// # Safety
/// `ls` must be a live line search.
unsafe fn line_search_vecs(ls: sys::SNESLineSearch) -> Result<[sys::Vec; 5]> {
    let mut v: [sys::Vec; 5] = [std::ptr::null_mut(); 5];
    let [x, f, y, w, g] = &mut v;
    // SAFETY: live line search (caller); five outputs of borrowed vectors.
    check(unsafe { sys::SNESLineSearchGetVecs(ls, x, f, y, w, g) })?;
    Ok(v)
}

/// `SNESLineSearchMonitorSet` trampoline.
unsafe extern "C" fn ls_monitor_trampoline(
    ls: sys::SNESLineSearch,
    ctx: *mut c_void,
) -> sys::PetscErrorCode {
    let mut vecs: [sys::Vec; 5] = [std::ptr::null_mut(); 5];
    let code = run::<LsMonitorFn>(ctx, CallbackKind::SnesLineSearchMonitor, |petsc, f| {
        // SAFETY: PETSc passes the live line search calling its monitors.
        vecs = unsafe { line_search_vecs(ls) }?;
        let (mut lambda, mut xnorm, mut fnorm, mut ynorm): (Real, Real, Real, Real) =
            (0.0, 0.0, 0.0, 0.0);
        // SAFETY: live line search; one output.
        check(unsafe { sys::SNESLineSearchGetLambda(ls, &mut lambda) })?;
        // SAFETY: live line search; three outputs.
        check(unsafe { sys::SNESLineSearchGetNorms(ls, &mut xnorm, &mut fnorm, &mut ynorm) })?;
        if vecs.iter().any(|v| v.is_null()) {
            return Err(Error::invalid(
                CallbackKind::SnesLineSearchMonitor.name(),
                "called outside a line search (the line search has no vectors)",
            ));
        }
        let [x, fv, y, w, g] = vecs;
        // SAFETY: the line search's live vectors; each handle takes a reference.
        let state = unsafe {
            LineSearchState {
                lambda,
                xnorm,
                fnorm,
                ynorm,
                x: Vector::from_raw_lent(petsc, x)?,
                f: Vector::from_raw_lent(petsc, fv)?,
                y: Vector::from_raw_lent(petsc, y)?,
                w: Vector::from_raw_lent(petsc, w)?,
                g: Vector::from_raw_lent(petsc, g)?,
            }
        };
        f(&state)
    });
    // SAFETY: each is null or a live vector of the line search.
    unsafe { unlock_on_error(code, &vecs) }
}

impl SnesLineSearch {
    /// Adds a monitor `f(state)` the line search calls while it searches
    /// (`SNESLineSearchMonitorSet`); in PETSc 3.18 the backtracking search (`bt`)
    /// calls it once per step, after evaluating the function at the full step
    /// (`-snes_linesearch_monitor` prints PETSc's own report instead). The closure is
    /// owned by the line search and dropped when it is destroyed or
    /// [`cancel_monitors`](Self::cancel_monitors) is called; an `Err` or a panic ends
    /// the solve.
    ///
    /// ```
    /// use std::{cell::RefCell, rc::Rc};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut snes = petsc::Snes::new(&c)?;
    /// snes.set_function(petsc::Vector::new_seq(&c, 1)?, |x, f| {
    ///     let x0 = x.view()?[0];
    ///     f.view_mut()?[0] = x0 * x0 - 4.0;
    ///     Ok(())
    /// })?;
    /// let j = petsc::Mat::aij(&c).sizes(petsc::Sizes::global(1, 1)).preallocate(1, 0).build()?;
    /// snes.set_jacobian(&j, None, |x, jac| {
    ///     let x0 = x.view()?[0];
    ///     jac.pre().set_value(0, 0, 2.0 * x0, petsc::InsertMode::Insert)?;
    ///     jac.pre().assemble()
    /// })?;
    /// snes.set_line_search_type("bt")?;
    /// let seen = Rc::new(RefCell::new(Vec::new()));
    /// let log = seen.clone();
    /// snes.line_search()?.monitor(move |s| {
    ///     log.borrow_mut().push((s.lambda, s.fnorm, s.w.view()?[0]));
    ///     Ok(())
    /// })?;
    /// let mut x = petsc::Vector::from_slice(&c, &[3.0])?;
    /// snes.solve(None, &mut x)?.check()?;
    /// let seen = seen.borrow();
    /// assert_eq!(seen.len() as petsc::Int, snes.iteration_number()?);
    /// // The first full Newton step from 3 goes to 3 - 5/6; |F(3)| = 5.
    /// assert_eq!(seen[0].0, 1.0);
    /// assert_eq!(seen[0].1, 5.0);
    /// assert!((seen[0].2 - (3.0 - 5.0 / 6.0)).abs() < 1e-12);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "SNESLineSearchMonitorSet")]
    pub fn monitor<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(&LineSearchState) -> Result<()> + 'static,
    {
        let f: Box<LsMonitorFn> = Box::new(f);
        hand_over(&self.petsc, CallbackKind::SnesLineSearchMonitor, f, |ctx| {
            // SAFETY: live line search; the context is a registered monitor closure,
            // released by the destroy hook.
            unsafe {
                sys::SNESLineSearchMonitorSet(
                    self.ptr,
                    Some(ls_monitor_trampoline),
                    ctx,
                    Some(release_at),
                )
            }
        })
    }

    crate::methods![for SnesLineSearch;
        /// Removes every monitor added with [`monitor`](Self::monitor), dropping their
        /// closures (`SNESLineSearchMonitorCancel`); PETSc's own report
        /// (`-snes_linesearch_monitor`) stays.
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut ls = petsc::SnesLineSearch::new(&petsc.self_comm())?;
        /// let before = petsc::ffi::registered_count();
        /// ls.monitor(|_| Ok(()))?;
        /// assert_eq!(petsc::ffi::registered_count(), before + 1);
        /// ls.cancel_monitors()?;
        /// assert_eq!(petsc::ffi::registered_count(), before);
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn cancel_monitors(&mut self)
            = SNESLineSearchMonitorCancel as "SNESLineSearchMonitorCancel";
    ];
}
