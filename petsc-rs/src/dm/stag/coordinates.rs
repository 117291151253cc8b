//! Coordinates of a staggered grid: uniform ones stored at every location
//! (`DMStagSetUniformCoordinatesExplicit`) or as a product of 1D grids
//! (`DMStagSetUniformCoordinatesProduct`), and the DMStags to read them by location.

use petsc_sys as sys;

use super::{Stag, StagLocation};
use crate::dm::{Dm, DmBase};
use crate::error::{Error, Result, check};
use crate::object::Object;
use crate::scalar::{Int, Real};

impl Stag {
    /// Calls one of PETSc's `DMStagSetUniformCoordinates*` with the bounds `b`
    /// (collective).
    fn uniform(
        &self,
        f: unsafe extern "C" fn(sys::DM, Real, Real, Real, Real, Real, Real) -> sys::PetscErrorCode,
        b: [Real; 6],
    ) -> Result<()> {
        // SAFETY: live, set-up DMStag; PETSc refuses (on every rank) a coordinate kind
        // other than one set already, or none for `DMStagSetUniformCoordinates`.
        check(unsafe { f(self.ptr, b[0], b[1], b[2], b[3], b[4], b[5]) })
    }

    /// [`uniform`](Self::uniform) with one `(min, max)` pair per direction of the grid;
    /// another number of pairs is an `Err` naming `ctx`.
    fn uniform_to(
        &self,
        ctx: &str,
        f: unsafe extern "C" fn(sys::DM, Real, Real, Real, Real, Real, Real) -> sys::PetscErrorCode,
        bounds: &[(Real, Real)],
    ) -> Result<()> {
        let dim = self.geometry()?.dim;
        // Agreed: a rank with another number of pairs must not leave the others in the
        // collective call.
        let local = crate::dm::grid_builder::check_directions(ctx, "bounds", bounds.len(), dim);
        self.comm().agree(ctx, local)?;
        let [x, y, z] = crate::dm::grid_builder::padded(bounds, (0.0, 0.0));
        self.uniform(f, [x.0, x.1, y.0, y.1, z.0, z.1])
    }

    /// Gives the grid uniform coordinates (`DMStagSetUniformCoordinatesExplicit`;
    /// collective), stored at every location that has degrees of freedom: a coordinate
    /// DMStag with `dim` components on each such stratum, read through
    /// [`coordinate_stag`](Self::coordinate_stag). With `h = (max - min) / M` in each
    /// direction, element `i`'s centre is at `min + (i + 1/2) h` and its left side at
    /// `min + i h`. One `(min, max)` pair per direction of the grid, x first; another
    /// number of pairs is an `Err`.
    ///
    /// ```
    /// use petsc::{DmBase, Stag, StagLocation::*, StagStencil};
    /// let petsc = petsc::Petsc::init()?;
    /// let stag = Stag::grid(&petsc.self_comm()).sizes([4]).dof(&[1, 1]).build()?;
    /// stag.set_uniform_coordinates_explicit_to([(0.0, 2.0)])?;
    /// let cdm = stag.coordinate_stag()?;
    /// let x = stag.coordinates_local()?;
    /// let at = |loc| StagStencil::new(1, 0, 0, loc, 0);
    /// let v = cdm.vec_get_values_stencil(&x, &[at(Left), at(Element)])?;
    /// assert_eq!(v, vec![0.5, 0.75]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMStagSetUniformCoordinatesExplicit")]
    pub fn set_uniform_coordinates_explicit_to(
        &self,
        bounds: impl AsRef<[(Real, Real)]>,
    ) -> Result<()> {
        self.uniform_to(
            "Stag::set_uniform_coordinates_explicit_to",
            sys::DMStagSetUniformCoordinatesExplicit,
            bounds.as_ref(),
        )
    }

    /// The six-bound form of
    /// [`set_uniform_coordinates_explicit_to`](Self::set_uniform_coordinates_explicit_to):
    /// directions past the dimension are ignored.
    #[deprecated(
        since = "0.2.0",
        note = "use `set_uniform_coordinates_explicit_to([(xmin, xmax), ..])` (one pair per direction of the grid)"
    )]
    #[doc(alias = "DMStagSetUniformCoordinatesExplicit")]
    pub fn set_uniform_coordinates_explicit(
        &self,
        xmin: Real,
        xmax: Real,
        ymin: Real,
        ymax: Real,
        zmin: Real,
        zmax: Real,
    ) -> Result<()> {
        self.uniform(
            sys::DMStagSetUniformCoordinatesExplicit,
            [xmin, xmax, ymin, ymax, zmin, zmax],
        )
    }

    /// Gives the grid uniform coordinates as a product of 1D grids
    /// (`DMStagSetUniformCoordinatesProduct`; collective): the coordinate DM is a
    /// `DMProduct` of one 1D DMStag per direction (each on the ranks of a row of the rank
    /// grid), with a coordinate at every vertex and element centre, read through
    /// [`product_coordinate_stag`](Self::product_coordinate_stag). One `(min, max)` pair
    /// per direction of the grid, x first; another number of pairs is an `Err`.
    ///
    /// ```
    /// use petsc::{DmBase, Stag, StagLocation::*, StagStencil};
    /// let petsc = petsc::Petsc::init()?;
    /// let stag = Stag::grid(&petsc.self_comm()).sizes([4, 2]).dof(&[0, 0, 1]).build()?;
    /// stag.set_uniform_coordinates_product_to([(0.0, 1.0), (-1.0, 1.0)])?;
    /// let y = stag.product_coordinate_stag(1)?; // the 1D grid along y
    /// let c = y.coordinates_local()?;
    /// let at = |loc| StagStencil::new(1, 0, 0, loc, 0);
    /// assert_eq!(y.vec_get_values_stencil(&c, &[at(Left), at(Element)])?, vec![0.0, 0.5]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMStagSetUniformCoordinatesProduct")]
    pub fn set_uniform_coordinates_product_to(
        &self,
        bounds: impl AsRef<[(Real, Real)]>,
    ) -> Result<()> {
        self.uniform_to(
            "Stag::set_uniform_coordinates_product_to",
            sys::DMStagSetUniformCoordinatesProduct,
            bounds.as_ref(),
        )
    }

    /// The six-bound form of
    /// [`set_uniform_coordinates_product_to`](Self::set_uniform_coordinates_product_to):
    /// directions past the dimension are ignored.
    #[deprecated(
        since = "0.2.0",
        note = "use `set_uniform_coordinates_product_to([(xmin, xmax), ..])` (one pair per direction of the grid)"
    )]
    #[doc(alias = "DMStagSetUniformCoordinatesProduct")]
    pub fn set_uniform_coordinates_product(
        &self,
        xmin: Real,
        xmax: Real,
        ymin: Real,
        ymax: Real,
        zmin: Real,
        zmax: Real,
    ) -> Result<()> {
        self.uniform(
            sys::DMStagSetUniformCoordinatesProduct,
            [xmin, xmax, ymin, ymax, zmin, zmax],
        )
    }

    /// The DMStag of the coordinates set by
    /// [`set_uniform_coordinates_explicit_to`](Self::set_uniform_coordinates_explicit_to)
    /// (`DMGetCoordinateDM`), for reading the coordinate vectors by location; an `Err`
    /// if the coordinate DM is not a DMStag (product coordinates).
    #[doc(alias = "DMGetCoordinateDM")]
    pub fn coordinate_stag(&self) -> Result<Stag> {
        self.coordinate_dm()?.downcast()
    }

    /// The 1D DMStag of the coordinates along direction `d` (0 for x) set by
    /// [`set_uniform_coordinates_product_to`](Self::set_uniform_coordinates_product_to)
    /// (`DMProductGetDM` of the coordinate DM). Its
    /// [`coordinates_local`](DmBase::coordinates_local) hold the coordinate of each
    /// vertex (`Left`) and element centre (`Element`) along `d`. An `Err` if the
    /// coordinates are not a product, or `d` is not a direction of the grid.
    #[doc(alias = "DMProductGetDM")]
    pub fn product_coordinate_stag(&self, d: usize) -> Result<Stag> {
        const CTX: &str = "Stag::product_coordinate_stag";
        let dim = self.geometry()?.dim;
        if d >= dim {
            return Err(Error::out_of_range(
                CTX,
                format!("direction {d} is not in 0..{dim} (the grid's dimension)"),
            ));
        }
        let cdm = self.coordinate_dm()?;
        let ty = cdm.type_name()?;
        if ty != "product" {
            return Err(Error::invalid(
                CTX,
                format!(
                    "the coordinate DM has type '{ty}', not 'product'; set the coordinates \
                     with set_uniform_coordinates_product"
                ),
            ));
        }
        let mut sub: sys::DM = std::ptr::null_mut();
        // SAFETY: live DMProduct; `d` below the dimension; PETSc lends its sub-DM.
        check(unsafe { sys::DMProductGetDM(cdm.as_raw(), d as Int, &mut sub) })?;
        if sub.is_null() {
            return Err(Error::invalid(
                CTX,
                format!("the coordinate product has no DM for direction {d}"),
            ));
        }
        // SAFETY: live DM lent by PETSc; the new handle takes its own reference.
        let sub = unsafe { Dm::from_raw_borrowed(&self.petsc, sub) }?;
        sub.downcast()
    }

    /// Sets the kind of coordinate DM that
    /// [`set_uniform_coordinates_to`](Self::set_uniform_coordinates_to) makes
    /// (`DMStagSetCoordinateDMType`): `"stag"` (coordinates at every location, as
    /// [`set_uniform_coordinates_explicit_to`](Self::set_uniform_coordinates_explicit_to)) or
    /// `"product"` (as
    /// [`set_uniform_coordinates_product_to`](Self::set_uniform_coordinates_product_to)); any
    /// other name is an `Err`.
    ///
    /// ```
    /// use petsc::{Object, Stag};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut stag = Stag::grid(&petsc.self_comm()).sizes([2, 2]).dof(&[0, 0, 1]).build()?;
    /// assert!(stag.set_coordinate_dm_type("da").is_err());
    /// stag.set_coordinate_dm_type("product")?;
    /// stag.set_uniform_coordinates_to([(0.0, 1.0), (0.0, 1.0)])?;
    /// assert_eq!(petsc::DmBase::coordinate_dm(&stag)?.type_name()?, "product");
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMStagSetCoordinateDMType")]
    pub fn set_coordinate_dm_type(&mut self, name: &str) -> Result<()> {
        const CTX: &str = "Stag::set_coordinate_dm_type";
        if name != "stag" && name != "product" {
            return Err(Error::invalid(
                CTX,
                format!("coordinate DM type '{name}' is not 'stag' or 'product'"),
            ));
        }
        let n = crate::dm::checks::dm_type_name(CTX, name)?;
        // SAFETY: live DMStag; a registered type name, which PETSc copies.
        check(unsafe { sys::DMStagSetCoordinateDMType(self.ptr, n.as_ptr()) })
    }

    /// Gives the grid uniform coordinates of the kind set by
    /// [`set_coordinate_dm_type`](Self::set_coordinate_dm_type)
    /// (`DMStagSetUniformCoordinates`; collective), one `(min, max)` pair per direction
    /// of the grid, x first; an `Err` if no kind was set or for another number of pairs.
    #[doc(alias = "DMStagSetUniformCoordinates")]
    pub fn set_uniform_coordinates_to(&self, bounds: impl AsRef<[(Real, Real)]>) -> Result<()> {
        self.uniform_to(
            "Stag::set_uniform_coordinates_to",
            sys::DMStagSetUniformCoordinates,
            bounds.as_ref(),
        )
    }

    /// The six-bound form of
    /// [`set_uniform_coordinates_to`](Self::set_uniform_coordinates_to):
    /// directions past the dimension are ignored.
    #[deprecated(
        since = "0.2.0",
        note = "use `set_uniform_coordinates_to([(xmin, xmax), ..])` (one pair per direction of the grid)"
    )]
    #[doc(alias = "DMStagSetUniformCoordinates")]
    pub fn set_uniform_coordinates(
        &self,
        xmin: Real,
        xmax: Real,
        ymin: Real,
        ymax: Real,
        zmin: Real,
        zmax: Real,
    ) -> Result<()> {
        self.uniform(
            sys::DMStagSetUniformCoordinates,
            [xmin, xmax, ymin, ymax, zmin, zmax],
        )
    }

    /// The slot of the coordinate at `loc` in the local arrays of the 1D grids of
    /// product coordinates ([`product_coordinate_stag`](Self::product_coordinate_stag);
    /// `DMStagGetProductCoordinateLocationSlot`): `loc` is `Left` (the vertex before an
    /// element), `Element` (its centre) or `Right` (the vertex after it), the same in
    /// every direction. Other locations, or coordinates that are not a product, are an
    /// `Err`.
    #[doc(alias = "DMStagGetProductCoordinateLocationSlot")]
    pub fn product_coordinate_location_slot(&self, loc: StagLocation) -> Result<Int> {
        const CTX: &str = "Stag::product_coordinate_location_slot";
        if !matches!(
            loc,
            StagLocation::Left | StagLocation::Element | StagLocation::Right
        ) {
            return Err(Error::invalid(
                CTX,
                format!("location {loc} is not Left, Element or Right (a 1D grid's)"),
            ));
        }
        // The coordinate DM must be a product (else an `Err` naming it).
        self.product_coordinate_stag(0)?;
        let mut slot: Int = 0;
        // SAFETY: live DMStag with product coordinates; a location 1D grids have.
        check(unsafe {
            sys::DMStagGetProductCoordinateLocationSlot(self.ptr, loc.raw(), &mut slot)
        })?;
        Ok(slot)
    }
}
