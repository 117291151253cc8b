//! A DMDA's natural ordering: the grid's points numbered `x` fastest, then `y`, then
//! `z`, as one process would number them, whatever the ranks own. Natural vectors hold
//! values in that order; the application ordering ([`Da::ao`]) maps indices between it
//! and PETSc's ordering (each rank's block in turn).

use petsc_sys as sys;

use super::Da;
use crate::ao::Ao;
use crate::error::{Error, Result, check};
use crate::vec::InsertMode;
use crate::vec::Vector;

impl Da {
    /// A vector in the natural ordering of this grid (`DMDACreateNaturalVector`).
    ///
    /// ```
    /// use petsc::{Da, InsertMode};
    /// let petsc = petsc::Petsc::init()?;
    /// let da = Da::grid(&petsc.world()).sizes([4, 3]).build()?;
    /// let mut g = da.create_global_vector()?;
    /// {
    ///     let mut v = da.view_mut(&mut g)?;
    ///     for [i, j, _] in da.corners()?.iter() {
    ///         v[(i, j)] = (10 * j + i) as f64;
    ///     }
    /// }
    /// let mut n = da.create_natural_vector()?;
    /// da.global_to_natural(&g, InsertMode::Insert, &mut n)?;
    /// // Natural index j * 4 + i holds 10 j + i, whatever the ranks.
    /// let all = n.to_all()?;
    /// assert_eq!(all.view()?[2 * 4 + 3], petsc::Scalar::from(23.0));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMDACreateNaturalVector")]
    pub fn create_natural_vector(&self) -> Result<Vector> {
        let mut v: sys::Vec = std::ptr::null_mut();
        // SAFETY: live, set-up DMDA; PETSc writes the new vector.
        check(unsafe { sys::DMDACreateNaturalVector(self.ptr, &mut v) })?;
        Ok(Vector::from_raw(&self.petsc, v))
    }

    /// Copies (or adds) the global vector `global` into the natural vector `natural`
    /// (`DMDAGlobalToNaturalBegin`/`End`; collective).
    #[doc(alias = "DMDAGlobalToNaturalBegin")]
    #[doc(alias = "DMDAGlobalToNaturalEnd")]
    pub fn global_to_natural(
        &self,
        global: &Vector,
        mode: InsertMode,
        natural: &mut Vector,
    ) -> Result<()> {
        self.check_natural("Da::global_to_natural", (global, natural), global, natural)?;
        // SAFETY: live DMDA and vectors of its layout (checked above on every rank),
        // readable and writable.
        check(unsafe {
            sys::DMDAGlobalToNaturalBegin(self.ptr, global.as_raw(), mode.raw(), natural.as_raw())
        })?;
        // SAFETY: as above, after Begin.
        check(unsafe {
            sys::DMDAGlobalToNaturalEnd(self.ptr, global.as_raw(), mode.raw(), natural.as_raw())
        })
    }

    /// Copies (or adds) the natural vector `natural` into the global vector `global`
    /// (`DMDANaturalToGlobalBegin`/`End`; collective).
    #[doc(alias = "DMDANaturalToGlobalBegin")]
    #[doc(alias = "DMDANaturalToGlobalEnd")]
    pub fn natural_to_global(
        &self,
        natural: &Vector,
        mode: InsertMode,
        global: &mut Vector,
    ) -> Result<()> {
        self.check_natural("Da::natural_to_global", (natural, global), global, natural)?;
        // SAFETY: live DMDA and vectors of its layout (checked above on every rank),
        // readable and writable.
        check(unsafe {
            sys::DMDANaturalToGlobalBegin(self.ptr, natural.as_raw(), mode.raw(), global.as_raw())
        })?;
        // SAFETY: as above, after Begin.
        check(unsafe {
            sys::DMDANaturalToGlobalEnd(self.ptr, natural.as_raw(), mode.raw(), global.as_raw())
        })
    }

    /// The application ordering between the natural numbering of the grid's values
    /// (the application's: point by point, `x` fastest, the `dof` values of a point
    /// together) and PETSc's numbering of global vectors' entries (`DMDAGetAO`;
    /// collective the first time), as a handle holding its own reference.
    ///
    /// ```
    /// use petsc::Da;
    /// let petsc = petsc::Petsc::init()?;
    /// let da = Da::grid(&petsc.self_comm()).sizes([3, 2]).build()?;
    /// // On one rank both orderings are the same.
    /// assert_eq!(da.ao()?.app2petsc(&[0, 4, 5])?, [0, 4, 5]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMDAGetAO")]
    pub fn ao(&self) -> Result<Ao> {
        let info = self.info()?;
        let mut ao: sys::AO = std::ptr::null_mut();
        // SAFETY: live, set-up DMDA; PETSc lends the ordering it keeps.
        check(unsafe { sys::DMDAGetAO(self.ptr, &mut ao) })?;
        // SAFETY: a live ordering of the grid's points; the handle takes a reference.
        let mut ao = unsafe { Ao::from_raw_borrowed(&self.petsc, ao) }?;
        ao.len = info
            .mx
            .checked_mul(info.my)
            .and_then(|v| v.checked_mul(info.mz))
            .and_then(|v| v.checked_mul(info.dof))
            .ok_or_else(|| {
                Error::size_mismatch("Da::ao", "the grid has more points than PetscInt holds")
            })?;
        Ok(ao)
    }

    /// Checks, on every rank at once (collective), a global and a natural vector against
    /// this grid's layout (the same local size, that of the rank's owned points, which
    /// can differ on some ranks only), and that `from` can be read and `to` written.
    fn check_natural(
        &self,
        ctx: &str,
        (from, to): (&Vector, &Vector),
        global: &Vector,
        natural: &Vector,
    ) -> Result<()> {
        let local = (|| {
            let info = self.info()?;
            let owned = info.xm * info.ym * info.zm * info.dof;
            let (ng, nn) = (global.local_size()?, natural.local_size()?);
            if ng != owned || nn != owned {
                return Err(Error::size_mismatch(
                    ctx,
                    format!(
                        "the global vector has {ng} local entries and the natural vector {nn}; \
                         this DMDA's have {owned} on this rank"
                    ),
                ));
            }
            Vector::accessible(ctx, &[from], &[to])
        })();
        crate::object::Object::comm(self).agree(ctx, local)
    }
}
