//! Line searches of nonlinear solvers (`SNESLineSearch`): their type, tolerances and
//! order, standalone or as a solver's own ([`Snes::line_search`]).

use petsc_sys as sys;

use std::os::raw::c_void;

use super::Snes;
use crate::callback::{attach, run, CallbackKind};
use crate::comm::Comm;
use crate::error::{check, check_tolerance, unlock_on_error, Error, Result};
use crate::object::{default_int, default_real, petsc_handle, type_enum};
use crate::pc::borrowed_vec;
use crate::vec::Vector;
use crate::{Int, Real};

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
    /// `"bt"`: backtracking with a quadratic or cubic model (Newton's default).
    Bt = "bt",
    /// `"nleqerr"`: affine-invariant error-oriented steps.
    Nleqerr = "nleqerr",
    /// `"basic"`: the full step.
    Basic = "basic",
    /// `"none"`: the full step, under another name.
    None = "none",
    /// `"l2"`: minimizes the function norm along the step by secants.
    L2 = "l2",
    /// `"cp"`: critical point of the line search objective.
    Cp = "cp",
    /// `"shell"`: user defined.
    Shell = "shell",
    /// `"ncglinear"`: for nonlinear conjugate gradients.
    Ncglinear = "ncglinear",
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

/// A line search's tolerances, as [`SnesLineSearch::tolerances`] returns them.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LineSearchTolerances {
    /// The smallest step length (`minstep`).
    pub min_step: Real,
    /// The largest step length (`maxstep`).
    pub max_step: Real,
    /// Relative tolerance of the iterative searches.
    pub rtol: Real,
    /// Absolute tolerance of the iterative searches.
    pub atol: Real,
    /// Change in the step length below which the iterative searches stop (`ltol`).
    pub ltol: Real,
    /// Iterations of the iterative searches.
    pub max_it: Int,
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

    /// Sets the tolerances (`SNESLineSearchSetTolerances`); `None` keeps a value as it
    /// is. Lengths and tolerances must be finite and non-negative, `min_step` at most
    /// `max_step`.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut ls = petsc::SnesLineSearch::new(&petsc.self_comm())?;
    /// ls.set_tolerances(Some(1e-10), Some(1e3), Some(1e-6), None, None, Some(7))?;
    /// let t = ls.tolerances()?;
    /// assert_eq!((t.min_step, t.max_step, t.rtol, t.max_it), (1e-10, 1e3, 1e-6, 7));
    /// assert!(ls.set_tolerances(Some(2.0), Some(1.0), None, None, None, None).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "SNESLineSearchSetTolerances")]
    pub fn set_tolerances(
        &mut self,
        min_step: Option<Real>,
        max_step: Option<Real>,
        rtol: Option<Real>,
        atol: Option<Real>,
        ltol: Option<Real>,
        max_it: Option<Int>,
    ) -> Result<()> {
        const CTX: &str = "SnesLineSearch::set_tolerances";
        for (name, v) in [
            ("min_step", min_step),
            ("max_step", max_step),
            ("rtol", rtol),
            ("atol", atol),
            ("ltol", ltol),
        ] {
            check_tolerance(CTX, name, v)?;
        }
        let now = self.tolerances()?;
        let (lo, hi) = (
            min_step.unwrap_or(now.min_step),
            max_step.unwrap_or(now.max_step),
        );
        if lo > hi {
            return Err(Error::invalid(
                CTX,
                format!("min_step {lo} is above max_step {hi}"),
            ));
        }
        if let Some(m) = max_it.filter(|&m| m < 0) {
            return Err(Error::invalid(
                CTX,
                format!("max_it {m}: it must not be negative"),
            ));
        }
        // SAFETY: live line search; values checked (PETSC_DEFAULT keeps a value).
        check(unsafe {
            sys::SNESLineSearchSetTolerances(
                self.ptr,
                default_real(min_step),
                default_real(max_step),
                default_real(rtol),
                default_real(atol),
                default_real(ltol),
                default_int(max_it),
            )
        })
    }

    /// The tolerances (`SNESLineSearchGetTolerances`).
    #[doc(alias = "SNESLineSearchGetTolerances")]
    pub fn tolerances(&self) -> Result<LineSearchTolerances> {
        let mut t = LineSearchTolerances {
            min_step: 0.0,
            max_step: 0.0,
            rtol: 0.0,
            atol: 0.0,
            ltol: 0.0,
            max_it: 0,
        };
        // SAFETY: live line search; six outputs.
        check(unsafe {
            sys::SNESLineSearchGetTolerances(
                self.ptr,
                &mut t.min_step,
                &mut t.max_step,
                &mut t.rtol,
                &mut t.atol,
                &mut t.ltol,
                &mut t.max_it,
            )
        })?;
        Ok(t)
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

    /// The order of the backtracking model (`SNESLineSearchGetOrder`).
    #[doc(alias = "SNESLineSearchGetOrder")]
    pub fn order(&self) -> Result<Int> {
        let mut o: Int = 0;
        // SAFETY: live line search.
        check(unsafe { sys::SNESLineSearchGetOrder(self.ptr, &mut o) })?;
        Ok(o)
    }

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

    /// The damping of the step (`SNESLineSearchGetDamping`).
    #[doc(alias = "SNESLineSearchGetDamping")]
    pub fn damping(&self) -> Result<Real> {
        let mut d: Real = 0.0;
        // SAFETY: live line search.
        check(unsafe { sys::SNESLineSearchGetDamping(self.ptr, &mut d) })?;
        Ok(d)
    }

    /// Forgets the work vectors set up for a solve (`SNESLineSearchReset`).
    #[doc(alias = "SNESLineSearchReset")]
    pub fn reset(&mut self) -> Result<()> {
        // SAFETY: live line search.
        check(unsafe { sys::SNESLineSearchReset(self.ptr) })
    }
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
        let (xv, mut yv) = unsafe { (borrowed_vec(petsc, x)?, borrowed_vec(petsc, y)?) };
        let c = f(&xv, &mut yv)?;
        // SAFETY: PETSc passes a valid output.
        unsafe {
            *changed = if c {
                sys::PETSC_BOOL_TRUE
            } else {
                sys::PETSC_BOOL_FALSE
            }
        };
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
    /// snes.set_tolerances(None, None, None, Some(3), None)?;
    /// let mut x = petsc::Vector::from_slice(&c, &[0.0])?;
    /// snes.solve(None, &mut x)?;
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
