//! Bounds on the variables: `lower <= x <= upper`.

use petsc_sys as sys;

use super::{Tao, same_layout, vec_sizes};
use crate::error::{Error, Result, check};
use crate::scalar::Real;
use crate::vec::Vector;

/// `PETSC_INFINITY`: what PETSc takes as an absent bound.
const INFINITY: Real = Real::MAX / 4.0;

impl Tao {
    pub(super) fn raw_bounds(&self) -> Result<(sys::Vec, sys::Vec)> {
        let (mut lo, mut hi): (sys::Vec, sys::Vec) = (std::ptr::null_mut(), std::ptr::null_mut());
        // SAFETY: live solver; PETSc returns its (borrowed) bounds or nulls.
        check(unsafe { sys::TaoGetVariableBounds(self.ptr, &mut lo, &mut hi) })?;
        Ok((lo, hi))
    }
    /// Sets bounds `lower <= x <= upper` (`TaoSetVariableBounds`). A side given as
    /// `None` is unbounded (filled with `PETSC_INFINITY` or `PETSC_NINFINITY`); both
    /// `None` removes the bounds. The solver keeps references to the vectors given.
    ///
    /// Refused (with an error naming the mismatch) when the two bounds, or a bound and
    /// the solution, differ in global or local size, or when a lower bound exceeds the
    /// upper one. Only bound-constrained methods (`blmvm`, `tron`, `bncg`, `bqnls`,
    /// `gpcg`, `bnls`, ...) honor bounds.
    ///
    /// ```
    /// use petsc::{Tao, TaoType, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// // min (x - 3)^2 with x <= 1: the minimizer is on the bound.
    /// let x = Vector::from_slice(&c, &[0.0])?;
    /// let upper = Vector::from_slice(&c, &[1.0])?;
    /// let mut tao = Tao::new(&c)?;
    /// tao.set_type(TaoType::Blmvm)?;
    /// tao.set_solution(&x)?;
    /// tao.set_variable_bounds(None, Some(&upper))?;
    /// tao.set_objective_and_gradient(|x, g| {
    ///     let d = x.view()?[0] - 3.0;
    ///     g.view_mut()?[0] = 2.0 * d;
    ///     Ok(d * d)
    /// })?;
    /// tao.solve()?.check()?;
    /// assert_eq!(x.view()?[0], 1.0);
    ///
    /// let wrong = Vector::from_slice(&c, &[0.0, 0.0])?;
    /// let e = tao.set_variable_bounds(Some(&wrong), None).unwrap_err();
    /// assert!(e.to_string().contains("the lower bound has global size 2"), "{e}");
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "TaoSetVariableBounds")]
    pub fn set_variable_bounds(
        &mut self,
        lower: Option<&Vector>,
        upper: Option<&Vector>,
    ) -> Result<()> {
        crate::object::refuse_lent("Tao::set_variable_bounds", lower.into_iter().chain(upper))?;
        const CTX: &str = "Tao::set_variable_bounds";
        let x = self.raw_solution()?;
        let xs = if x.is_null() {
            None
        } else {
            // SAFETY: the solver holds `x`, so it is live.
            Some(unsafe { vec_sizes(x) }?)
        };
        let layouts = (|| {
            for (name, b) in [("the lower bound", lower), ("the upper bound", upper)] {
                if let (Some(b), Some(xs)) = (b, xs) {
                    same_layout(
                        CTX,
                        (name, (b.size()?, b.local_size()?)),
                        ("the solution", xs),
                    )?;
                }
            }
            if let (Some(l), Some(u)) = (lower, upper) {
                same_layout(
                    CTX,
                    ("the lower bound", (l.size()?, l.local_size()?)),
                    ("the upper bound", (u.size()?, u.local_size()?)),
                )?;
            }
            Ok(())
        })();
        // The local sizes differ on some ranks only, and the norms below are collective.
        crate::object::Object::comm(self).agree(CTX, layouts)?;
        for (name, b) in [("the lower bound", lower), ("the upper bound", upper)] {
            // The 1-norm is NaN exactly when an entry is (infinities stay infinite).
            if let Some(b) = b {
                if b.norm(crate::vec::NormType::One)?.is_nan() {
                    return Err(Error::invalid(CTX, format!("{name} has a NaN entry")));
                }
            }
        }
        let (lo, hi) = match (lower, upper) {
            (None, None) => {
                // SAFETY: live solver; null bounds remove them.
                return check(unsafe {
                    sys::TaoSetVariableBounds(self.ptr, std::ptr::null_mut(), std::ptr::null_mut())
                });
            }
            (Some(l), Some(u)) => {
                let mut gap = u.duplicate()?;
                gap.waxpy(-1.0, l, u)?;
                let m = gap.min()?;
                if m.value < 0.0 {
                    return Err(Error::invalid(
                        CTX,
                        format!(
                            "the lower bound exceeds the upper bound at index {} (by {})",
                            m.index, -m.value
                        ),
                    ));
                }
                (None, None)
            }
            (Some(l), None) => {
                let mut u = l.duplicate()?;
                u.set(INFINITY)?;
                (None, Some(u))
            }
            (None, Some(u)) => {
                let mut l = u.duplicate()?;
                l.set(-INFINITY)?;
                (Some(l), None)
            }
        };
        let lp = lo.as_ref().or(lower).map(|v| v.ptr).expect("a lower bound");
        let up = hi
            .as_ref()
            .or(upper)
            .map(|v| v.ptr)
            .expect("an upper bound");
        // SAFETY: live solver and vectors; PETSc references both (the filled-in side
        // survives our handle's drop through that reference).
        check(unsafe { sys::TaoSetVariableBounds(self.ptr, lp, up) })
    }

    /// The bounds set with [`set_variable_bounds`](Self::set_variable_bounds)
    /// (`TaoGetVariableBounds`), as handles holding their own references; `None` when
    /// there are none.
    #[doc(alias = "TaoGetVariableBounds")]
    pub fn variable_bounds(&self) -> Result<Option<(Vector, Vector)>> {
        let (lo, hi) = self.raw_bounds()?;
        if lo.is_null() || hi.is_null() {
            return Ok(None);
        }
        // SAFETY: the solver holds both, so they are live; each handle takes a reference.
        unsafe {
            Ok(Some((
                Vector::from_raw_borrowed(&self.petsc, lo)?,
                Vector::from_raw_borrowed(&self.petsc, hi)?,
            )))
        }
    }
}
