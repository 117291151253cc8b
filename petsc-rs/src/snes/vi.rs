//! Bound constraints of a [`Snes`] (variational inequalities, `SNESVISetVariableBounds`
//! and `SNESVISetComputeVariableBounds`) for the types `vinewtonrsls` and `vinewtonssls`.

use std::ffi::CStr;

use petsc_sys as sys;

use super::Snes;
use crate::callback::{CallbackKind, attach, attached, call};
use crate::error::{Result, check, run_callback};
use crate::is::IndexSet;
use crate::vec::{Vector, check_same_layout};

/// Where [`Snes::set_variable_bounds`] keeps the bounds it was given (PETSc 3.18 has no
/// getter for them).
const LOWER_KEY: &CStr = c"petsc-rs:snes-vi-lower";
/// See [`LOWER_KEY`].
const UPPER_KEY: &CStr = c"petsc-rs:snes-vi-upper";

/// A closure that fills the lower and upper bounds.
type BoundsFn = dyn FnMut(&mut Vector, &mut Vector) -> Result<()>;

/// `SNESVISetComputeVariableBounds` trampoline: PETSc passes no context, so the closure
/// is found through the solver.
unsafe extern "C" fn bounds_trampoline(
    snes: sys::SNES,
    xl: sys::Vec,
    xu: sys::Vec,
) -> sys::PetscErrorCode {
    const KIND: CallbackKind = CallbackKind::SnesVariableBounds;
    run_callback(KIND.name(), || {
        // SAFETY: PETSc passes its live solver.
        let ctx = unsafe { attached(snes as sys::PetscObject, KIND) }?;
        call::<BoundsFn, _>(ctx, KIND, |petsc, f| {
            // SAFETY: `xl` and `xu` are the solver's live, distinct bound vectors; the
            // handles take references.
            let (mut l, mut u) = unsafe {
                (
                    Vector::from_raw_lent(petsc, xl)?,
                    Vector::from_raw_lent(petsc, xu)?,
                )
            };
            f(&mut l, &mut u)?;
            l.written_in_place(xl)?;
            u.written_in_place(xu)
        })
    })
}

impl Snes {
    /// Sets a closure `f(lower, upper)` that fills the bounds of a variational
    /// inequality (`SNESVISetComputeVariableBounds`), called at every set-up with
    /// vectors laid out like the solution: at each level of `-snes_grid_sequence` the
    /// bounds are made again on the refined grid (the vectors' DM is the grid's, see
    /// [`Vector::dm`]). Both vectors come without values; leave a side unbounded with
    /// `±PETSC_INFINITY` (`Real::MAX`). For the types `vinewtonrsls` and
    /// `vinewtonssls`; kept with the solver, replacing the previous closure. An `Err`
    /// or a panic ends the solve.
    ///
    /// ```
    /// use petsc::{Real, Snes, SnesType, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// // F(x) = x - 2 with x <= 1: the solution is the bound 1.
    /// let mut snes = Snes::new(&c)?;
    /// snes.set_type(SnesType::Vinewtonrsls)?;
    /// snes.set_function(Vector::new_seq(&c, 2)?, |x, f| f.copy_from(x).and_then(|()| f.shift(-2.0)))?;
    /// snes.set_use_mf(true)?;
    /// snes.set_compute_variable_bounds(|lower, upper| {
    ///     lower.set(-Real::MAX)?;
    ///     upper.set(1.0)
    /// })?;
    /// let mut x = Vector::from_slice(&c, &[0.5, 0.0])?;
    /// snes.solve(None, &mut x)?.check()?;
    /// assert!(x.view()?.iter().all(|xi| (xi - 1.0).abs() < 1e-10));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "SNESVISetComputeVariableBounds")]
    pub fn set_compute_variable_bounds<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(&mut Vector, &mut Vector) -> Result<()> + 'static,
    {
        let f: Box<BoundsFn> = Box::new(f);
        // SAFETY: live solver; the closure is kept with it (replacing the previous one).
        unsafe {
            attach(
                &self.petsc,
                self.ptr as sys::PetscObject,
                CallbackKind::SnesVariableBounds,
                f,
            )
        }?;
        // SAFETY: live solver; the trampoline finds the closure through the solver.
        check(unsafe { sys::SNESVISetComputeVariableBounds(self.ptr, Some(bounds_trampoline)) })
    }

    /// Bounds the solution componentwise, `lower <= x <= upper`
    /// (`SNESVISetVariableBounds`), for the types `vinewtonrsls` and `vinewtonssls`
    /// (the solution then satisfies `F(x) = 0` where no bound is active, and `F_i >= 0`
    /// at a lower bound, `F_i <= 0` at an upper one). `lower` and `upper` must be laid
    /// out alike, and like the residual: set the residual first (without a DM that makes
    /// vectors PETSc has nothing to compare with, and says so). `±PETSC_INFINITY`
    /// (`Real::MAX`) leaves a side unbounded. The solver keeps references to both.
    ///
    /// ```
    /// use petsc::{Snes, SnesType, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// // F(x) = x - 2 with 0 <= x <= 1: the solution is the bound 1.
    /// let mut snes = Snes::new(&c)?;
    /// snes.set_type(SnesType::Vinewtonrsls)?;
    /// snes.set_function(Vector::new_seq(&c, 1)?, |x, f| f.copy_from(x).and_then(|()| f.shift(-2.0)))?;
    /// snes.set_use_mf(true)?;
    /// snes.set_variable_bounds(&Vector::from_slice(&c, &[0.0])?, &Vector::from_slice(&c, &[1.0])?)?;
    /// let mut x = Vector::from_slice(&c, &[0.5])?;
    /// snes.solve(None, &mut x)?.check()?;
    /// assert!((x.view()?[0] - 1.0).abs() < 1e-10);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "SNESVISetVariableBounds")]
    pub fn set_variable_bounds(&mut self, lower: &Vector, upper: &Vector) -> Result<()> {
        const CTX: &str = "Snes::set_variable_bounds";
        let local = check_same_layout(CTX, ("lower", lower), ("upper", upper))
            .and_then(|()| self.check_like_residual(CTX, &[("lower", lower)]));
        crate::object::Object::comm(self).agree(CTX, local)?;
        // SAFETY: live solver and vectors; PETSc takes references.
        check(unsafe {
            sys::SNESVISetVariableBounds(self.ptr, lower.kept_raw(CTX)?, upper.kept_raw(CTX)?)
        })?;
        for (key, v) in [(LOWER_KEY, lower), (UPPER_KEY, upper)] {
            // SAFETY: live solver and vector; the solver takes a reference under a key
            // of ours.
            check(unsafe {
                sys::PetscObjectCompose(
                    self.ptr as sys::PetscObject,
                    key.as_ptr(),
                    v.as_raw() as sys::PetscObject,
                )
            })?;
        }
        Ok(())
    }

    /// The bounds given to [`set_variable_bounds`](Self::set_variable_bounds), as
    /// handles of their own, or `None` if none were given.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut snes = petsc::Snes::new(&c)?;
    /// assert!(snes.variable_bounds()?.is_none());
    /// snes.set_function(petsc::Vector::new_seq(&c, 2)?, |x, f| f.copy_from(x))?;
    /// let lo = petsc::Vector::from_slice(&c, &[0.0, -1.0])?;
    /// let hi = petsc::Vector::from_slice(&c, &[1.0, 1.0])?;
    /// snes.set_variable_bounds(&lo, &hi)?;
    /// let (l, u) = snes.variable_bounds()?.unwrap();
    /// assert_eq!(l.view()?[1], -1.0);
    /// assert_eq!(u.view()?[0], 1.0);
    /// assert!(snes.set_variable_bounds(&lo, &petsc::Vector::new_seq(&c, 3)?).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn variable_bounds(&self) -> Result<Option<(Vector, Vector)>> {
        let mut out = [std::ptr::null_mut(); 2];
        for (key, o) in [LOWER_KEY, UPPER_KEY].into_iter().zip(out.iter_mut()) {
            // SAFETY: live solver; PETSc writes a borrowed pointer or null.
            check(unsafe { sys::PetscObjectQuery(self.ptr as sys::PetscObject, key.as_ptr(), o) })?;
        }
        let [l, u] = out;
        if l.is_null() || u.is_null() {
            return Ok(None);
        }
        // SAFETY: vectors composed by `set_variable_bounds` (our keys), live while the
        // solver is; each handle takes its own reference.
        unsafe {
            Ok(Some((
                Vector::from_raw_borrowed(&self.petsc, l as sys::Vec)?,
                Vector::from_raw_borrowed(&self.petsc, u as sys::Vec)?,
            )))
        }
    }

    /// The indices of the components where no bound is active at the last iterate
    /// (`SNESVIGetInactiveSet`), for the type `vinewtonrsls` (an `Err` for other types);
    /// `None` before a solve.
    #[doc(alias = "SNESVIGetInactiveSet")]
    pub fn vi_inactive_set(&self) -> Result<Option<IndexSet>> {
        self.require_type("Snes::vi_inactive_set", "vinewtonrsls")?;
        let mut is: sys::IS = std::ptr::null_mut();
        // SAFETY: live solver of the type whose data PETSc reads.
        check(unsafe { sys::SNESVIGetInactiveSet(self.ptr, &mut is) })?;
        if is.is_null() {
            return Ok(None);
        }
        // SAFETY: a live index set of the solver; the handle takes its own reference.
        unsafe { IndexSet::from_raw_borrowed(&self.petsc, is) }.map(Some)
    }
}
