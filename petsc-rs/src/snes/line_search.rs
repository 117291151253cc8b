//! Line searches of nonlinear solvers (`SNESLineSearch`): their type, tolerances and
//! order, standalone or as a solver's own ([`Snes::line_search`]).

use petsc_sys as sys;

use super::Snes;
use crate::comm::Comm;
use crate::error::{check, check_tolerance, Error, Result};
use crate::object::{default_int, default_real, petsc_handle, type_enum};
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

impl Snes {
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
