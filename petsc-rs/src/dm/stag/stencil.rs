//! Vector and matrix entries of a staggered grid named by element, location and
//! component ([`StagStencil`]): every stencil is checked against the grid and this
//! rank's local box before anything is read or written.

use petsc_sys as sys;

use super::{Stag, StagStencil};
use crate::dm::{Dm, DmBase};
use crate::error::{Error, Result, check};
use crate::init::Petsc;
use crate::mat::Mat;
use crate::object::Object;
use crate::scalar::{Int, Scalar};
use crate::vec::{InsertMode, Vector};

/// The DMStag that made a vector or matrix, from its DM (`VecGetDM`, `MatGetDM`; null
/// for none), with its own reference; another kind of DM, or none, is an `Err`.
fn stag_of(petsc: &Petsc, dm: sys::DM, ctx: &str, what: &str) -> Result<Stag> {
    if dm.is_null() {
        return Err(Error::invalid(
            ctx,
            format!("the {what} has no DM: make it with a DMStag, or call the Stag's method"),
        ));
    }
    // SAFETY: `dm` lives while the vector or matrix holds it; the handle takes a
    // reference.
    let ty = unsafe { Dm::from_raw_borrowed(petsc, dm) }?.type_name()?;
    if ty != "stag" {
        return Err(Error::invalid(
            ctx,
            format!("the {what}'s DM has type '{ty}', not a DMStag's"),
        ));
    }
    // SAFETY: as above; a set-up DMStag (it made the vector or matrix).
    unsafe { Stag::from_raw_borrowed(petsc, dm) }
}

impl Vector {
    /// The DMStag that made this vector (`VecGetDM`).
    fn stag(&self, ctx: &str) -> Result<Stag> {
        let mut dm: sys::DM = std::ptr::null_mut();
        // SAFETY: live vector; PETSc writes its borrowed DM or null.
        check(unsafe { sys::VecGetDM(self.ptr, &mut dm) })?;
        stag_of(&self.petsc, dm, ctx, "vector")
    }

    /// The values at `stencils` of this local vector of a DMStag, the DM the vector
    /// was made by (`DMStagVecGetValuesStencil` with `VecGetDM`): as
    /// [`Stag::vec_get_values_stencil`], every stencil checked. A vector not made by a
    /// DMStag is an `Err`.
    ///
    /// ```
    /// use petsc::{DmBase, InsertMode, Stag, StagLocation::*, StagStencil};
    /// let petsc = petsc::Petsc::init()?;
    /// let stag = Stag::builder(&petsc.self_comm(), 1).global_sizes(3, 1, 1).dof(&[1, 1]).build()?;
    /// let mut g = stag.create_global_vector()?;
    /// let s = |i, loc| StagStencil::new(i, 0, 0, loc, 0);
    /// g.set_values_stag_stencil(&[s(1, Left), s(1, Element)], &[4.0, 5.0], InsertMode::Insert)?;
    /// g.assemble()?;
    /// let mut l = stag.create_local_vector()?;
    /// stag.global_to_local(&g, InsertMode::Insert, &mut l)?;
    /// assert_eq!(l.values_stag_stencil(&[s(1, Element), s(0, Right)])?, vec![5.0, 4.0]);
    /// assert!(l.values_stag_stencil(&[s(9, Element)]).is_err()); // outside
    /// assert!(petsc::Vector::new_seq(&petsc.self_comm(), 3)?.values_stag_stencil(&[]).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMStagVecGetValuesStencil")]
    pub fn values_stag_stencil(&self, stencils: &[StagStencil]) -> Result<Vec<Scalar>> {
        const CTX: &str = "Vector::values_stag_stencil";
        self.stag(CTX)?.vec_get_values_stencil(self, stencils)
    }

    /// Sets or adds `values` at `stencils` of this global vector of a DMStag, the DM the
    /// vector was made by (`DMStagVecSetValuesStencil` with `VecGetDM`): as
    /// [`Stag::vec_set_values_stencil`], every stencil checked; complete with
    /// [`assemble`](Self::assemble). A vector not made by a DMStag is an `Err`.
    #[doc(alias = "DMStagVecSetValuesStencil")]
    pub fn set_values_stag_stencil(
        &mut self,
        stencils: &[StagStencil],
        values: &[Scalar],
        mode: InsertMode,
    ) -> Result<()> {
        const CTX: &str = "Vector::set_values_stag_stencil";
        self.stag(CTX)?
            .vec_set_values_stencil(self, stencils, values, mode)
    }
}

impl Mat {
    /// Sets or adds the entry at row `row` and column `col` of this matrix of a DMStag,
    /// the DM the matrix was made by (`DMStagMatSetValuesStencil` with `MatGetDM`): as
    /// [`Stag::mat_set_values_stencil`] with one row and one column, both checked;
    /// complete with [`assemble`](Self::assemble). A matrix not made by a DMStag is an
    /// `Err`.
    ///
    /// ```
    /// use petsc::{DmBase, InsertMode, Stag, StagLocation::*, StagStencil};
    /// let petsc = petsc::Petsc::init()?;
    /// let stag = Stag::builder(&petsc.self_comm(), 1).global_sizes(2, 1, 1).dof(&[0, 1]).build()?;
    /// let mut a = stag.create_matrix()?;
    /// let e = |i| StagStencil::new(i, 0, 0, Element, 0);
    /// a.set_value_stag_stencil(e(0), e(1), 3.0, InsertMode::Insert)?;
    /// a.set_value_stag_stencil(e(1), e(1), 2.0, InsertMode::Insert)?;
    /// a.assemble()?;
    /// assert_eq!(a.values(&[0, 1], &[0, 1])?, vec![0.0, 3.0, 0.0, 2.0]);
    /// assert!(a.set_value_stag_stencil(e(5), e(0), 1.0, InsertMode::Insert).is_err());
    /// let mut plain = petsc::Mat::new_dense(&petsc.self_comm(), None, None, Some(2), Some(2))?;
    /// assert!(plain.set_value_stag_stencil(e(0), e(0), 1.0, InsertMode::Insert).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMStagMatSetValuesStencil")]
    pub fn set_value_stag_stencil(
        &mut self,
        row: StagStencil,
        col: StagStencil,
        value: impl Into<Scalar>,
        mode: InsertMode,
    ) -> Result<()> {
        const CTX: &str = "Mat::set_value_stag_stencil";
        let mut dm: sys::DM = std::ptr::null_mut();
        // SAFETY: live matrix; PETSc writes its borrowed DM or null.
        check(unsafe { sys::MatGetDM(self.ptr, &mut dm) })?;
        let stag = stag_of(self.petsc(), dm, CTX, "matrix")?;
        stag.mat_set_values_stencil(self, &[row], &[col], &[value.into()], mode)
    }
}

impl Stag {
    /// The local indices of `stencils`, or an `Err` naming the first bad one.
    fn local_indices(&self, ctx: &str, what: &str, stencils: &[StagStencil]) -> Result<Vec<Int>> {
        let g = self.geometry()?;
        stencils
            .iter()
            .enumerate()
            .map(|(n, s)| {
                g.local_index([s.i, s.j, s.k], s.loc, s.c)
                    .map(|o| o as Int)
                    .map_err(|e| Error::out_of_range(ctx, format!("{what} {n}: {e}")))
            })
            .collect()
    }

    /// The global indices of `stencils` (negative for the unused entries of partial
    /// elements past a non-periodic boundary, which setters skip).
    fn global_indices(&self, ctx: &str, what: &str, stencils: &[StagStencil]) -> Result<Vec<Int>> {
        let local = self.local_indices(ctx, what, stencils)?;
        self.lgmap()?.apply(&local)
    }

    /// The values at `stencils` of the local vector `local`
    /// (`DMStagVecGetValuesStencil`): each stencil names a point of this rank's local
    /// box ([`ghost_corners`](Self::ghost_corners); a `Right`/`Up`/`Front` location is
    /// the next element's) with a component below the degrees of freedom there. A bad
    /// stencil, or a vector that is not a local vector of this grid, is an `Err`.
    ///
    /// ```
    /// use petsc::{DmBase, InsertMode, Stag, StagLocation::*, StagStencil};
    /// let petsc = petsc::Petsc::init()?;
    /// let stag = Stag::builder(&petsc.self_comm(), 1).global_sizes(2, 1, 1).dof(&[1, 1]).build()?;
    /// let mut g = stag.create_global_vector()?;
    /// let s = |i, loc| StagStencil::new(i, 0, 0, loc, 0);
    /// stag.vec_set_values_stencil(&mut g, &[s(0, Left), s(1, Element), s(1, Right)], &[1.0, 2.0, 3.0], InsertMode::Insert)?;
    /// g.assemble()?;
    /// let mut l = stag.create_local_vector()?;
    /// stag.global_to_local(&g, InsertMode::Insert, &mut l)?;
    /// assert_eq!(stag.vec_get_values_stencil(&l, &[s(2, Left), s(1, Element)])?, vec![3.0, 2.0]);
    /// assert!(stag.vec_get_values_stencil(&l, &[s(3, Left)]).is_err()); // outside
    /// assert!(stag.vec_get_values_stencil(&l, &[StagStencil::new(0, 0, 0, Left, 1)]).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMStagVecGetValuesStencil")]
    pub fn vec_get_values_stencil(
        &self,
        local: &Vector,
        stencils: &[StagStencil],
    ) -> Result<Vec<Scalar>> {
        const CTX: &str = "Stag::vec_get_values_stencil";
        self.check_local(CTX, local)?;
        let idx = self.local_indices(CTX, "stencil", stencils)?;
        let v = local.view()?;
        Ok(idx.iter().map(|&i| v[i as usize]).collect())
    }

    /// Sets or adds `values` at `stencils` of the global vector `global`
    /// (`DMStagVecSetValuesStencil`), one value per stencil; complete with
    /// [`Vector::assemble`] (collective), as values for points other ranks own are sent
    /// there. Each stencil must name a point of this rank's local box with a component
    /// below the degrees of freedom there; the unused entries of the partial elements
    /// past a non-periodic boundary (the `Element` of element `M`) are skipped. A bad
    /// stencil, lengths that differ, or a vector that is not a global vector of this
    /// grid, is an `Err`.
    ///
    /// ```
    /// use petsc::{DmBase, InsertMode, Stag, StagLocation::*, StagStencil};
    /// let petsc = petsc::Petsc::init()?;
    /// let stag = Stag::builder(&petsc.self_comm(), 1).global_sizes(2, 1, 1).dof(&[1, 1]).build()?;
    /// let mut g = stag.create_global_vector()?;
    /// let e = StagStencil::new(0, 0, 0, Element, 0);
    /// assert!(stag.vec_set_values_stencil(&mut g, &[e, e], &[1.0], InsertMode::Insert).is_err());
    /// assert!(stag.vec_set_values_stencil(&mut g, &[StagStencil::new(0, 0, 0, Up, 0)], &[1.0], InsertMode::Insert).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMStagVecSetValuesStencil")]
    pub fn vec_set_values_stencil(
        &self,
        global: &mut Vector,
        stencils: &[StagStencil],
        values: &[Scalar],
        mode: InsertMode,
    ) -> Result<()> {
        const CTX: &str = "Stag::vec_set_values_stencil";
        if stencils.len() != values.len() {
            return Err(Error::size_mismatch(
                CTX,
                format!("{} stencils but {} values", stencils.len(), values.len()),
            ));
        }
        self.check_global(CTX, global)?;
        let idx = self.global_indices(CTX, "stencil", stencils)?;
        // Negative indices (dummy entries) are skipped by `set_values` on every vector
        // type, unlike PETSc's sequential vectors.
        global.set_values(&idx, values, mode)
    }

    /// Sets or adds a dense block of `mat` addressed by stencils
    /// (`DMStagMatSetValuesStencil`): `values` holds `rows.len() x cols.len()` entries,
    /// row by row; complete with [`Mat::assemble`]. For matrices of this grid
    /// ([`DmBase::create_matrix`](crate::DmBase::create_matrix)); every row and column
    /// must name a point of this rank's local box with a component below the degrees of
    /// freedom there. Unused entries of partial elements are skipped.
    ///
    /// ```
    /// use petsc::{DmBase, InsertMode, Stag, StagLocation::*, StagStencil};
    /// let petsc = petsc::Petsc::init()?;
    /// let stag = Stag::builder(&petsc.self_comm(), 1).global_sizes(2, 1, 1).dof(&[0, 1]).build()?;
    /// let mut a = stag.create_matrix()?;
    /// let e = |i| StagStencil::new(i, 0, 0, Element, 0);
    /// stag.mat_set_values_stencil(&mut a, &[e(0)], &[e(0), e(1)], &[2.0, -1.0], InsertMode::Insert)?;
    /// stag.mat_set_values_stencil(&mut a, &[e(1)], &[e(1)], &[2.0], InsertMode::Insert)?;
    /// a.assemble()?;
    /// assert_eq!(a.values(&[0, 1], &[0, 1])?, vec![2.0, -1.0, 0.0, 2.0]);
    /// assert!(stag.mat_set_values_stencil(&mut a, &[e(0)], &[e(0)], &[], InsertMode::Insert).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMStagMatSetValuesStencil")]
    pub fn mat_set_values_stencil(
        &self,
        mat: &mut Mat,
        rows: &[StagStencil],
        cols: &[StagStencil],
        values: &[Scalar],
        mode: InsertMode,
    ) -> Result<()> {
        const CTX: &str = "Stag::mat_set_values_stencil";
        if rows.len() * cols.len() != values.len() {
            return Err(Error::size_mismatch(
                CTX,
                format!(
                    "{} rows x {} columns need {} values, got {}",
                    rows.len(),
                    cols.len(),
                    rows.len() * cols.len(),
                    values.len()
                ),
            ));
        }
        let n = self.geometry()?.entries;
        let (mr, mc) = mat.local_size()?;
        if (mr, mc) != (n, n) {
            return Err(Error::size_mismatch(
                CTX,
                format!(
                    "the matrix has {mr} x {mc} entries on this rank, but this DMStag has {n} \
                     unknowns there; pass a matrix made by this DMStag (create_matrix)"
                ),
            ));
        }
        let r = self.global_indices(CTX, "row", rows)?;
        let c = self.global_indices(CTX, "column", cols)?;
        mat.set_values(&r, &c, values, mode)
    }
}
