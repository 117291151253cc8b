//! A DMDA's grid properties beyond its layout: how the points are split over the ranks
//! in each direction, refinement factors and interpolation between levels, finite
//! elements over the grid, coordinate names, and copies with other parameters.

use std::os::raw::c_char;

use petsc_sys as sys;

use super::{BoundaryType, Da, StencilType};
use crate::error::{Error, Result, c_string, check};
use crate::object::owned;
use crate::scalar::Int;

crate::c_enum! {
    /// How a DMDA interpolates between refinement levels (`DMDAInterpolationType`).
    #[doc(alias = "DMDAInterpolationType")]
    pub InterpolationType: sys::DMDAInterpolationType {
        Q0 = DMDA_Q0 "piecewise constant.",
        Q1 = DMDA_Q1 "piecewise (bi/tri)linear, the default.",
    }
}

crate::c_enum! {
    /// The finite elements a DMDA lists with [`Da::elements`] (`DMDAElementType`).
    #[doc(alias = "DMDAElementType")]
    pub ElementType: sys::DMDAElementType {
        P1 = DMDA_ELEMENT_P1 "simplices (two triangles per cell in 2D), the default.",
        Q1 = DMDA_ELEMENT_Q1 "cells (quadrilaterals in 2D, hexahedra in 3D).",
    }
}

impl Da {
    /// How the grid's points are split over the ranks: for each direction of the
    /// grid's dimension, the number of points each rank along it owns
    /// (`DMDAGetOwnershipRanges`).
    ///
    /// ```
    /// use petsc::Da;
    /// let petsc = petsc::Petsc::init()?;
    /// let da = Da::grid(&petsc.self_comm()).sizes([5, 3]).build()?;
    /// assert_eq!(da.ownership_ranges()?, vec![vec![5], vec![3]]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMDAGetOwnershipRanges")]
    pub fn ownership_ranges(&self) -> Result<Vec<Vec<Int>>> {
        let info = self.info()?;
        let mut l: [*const Int; 3] = [std::ptr::null(); 3];
        // SAFETY: live, set-up DMDA; PETSc lends one array per direction, of the number
        // of ranks in that direction.
        check(unsafe { sys::DMDAGetOwnershipRanges(self.ptr, &mut l[0], &mut l[1], &mut l[2]) })?;
        Ok((0..info.dim)
            .map(|d| {
                let n = info.procs[d].max(0) as usize;
                if l[d].is_null() || n == 0 {
                    Vec::new()
                } else {
                    // SAFETY: as above: `n` entries.
                    unsafe { std::slice::from_raw_parts(l[d], n) }.to_vec()
                }
            })
            .collect())
    }

    /// Sets the factors by which refinement multiplies the grid, one per direction of
    /// the grid as [`DaGridBuilder::sizes`](super::DaGridBuilder::sizes) takes the
    /// sizes (`DMDASetRefinementFactor`); `None` keeps a factor. Factors are at least 2;
    /// another number of entries than directions is an `Err`.
    /// [`refinement_factors`](Self::refinement_factors) reads them back.
    ///
    /// ```
    /// use petsc::Da;
    /// let petsc = petsc::Petsc::init()?;
    /// let mut da = Da::grid(&petsc.self_comm()).sizes([5, 5]).build()?;
    /// da.set_refinement_factors([Some(3), None])?;
    /// assert_eq!(da.refinement_factors()?, vec![3, 2]);
    /// assert!(da.set_refinement_factors([Some(1), None]).is_err());
    /// assert!(da.set_refinement_factors([Some(3)]).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMDASetRefinementFactor")]
    pub fn set_refinement_factors(&mut self, factors: impl AsRef<[Option<Int>]>) -> Result<()> {
        const CTX: &str = "Da::set_refinement_factors";
        let f = factors.as_ref();
        super::check_directions(CTX, "factors", f.len(), self.info()?.dim)?;
        self.set_refinement3(CTX, super::padded(f, None))
    }

    /// The refinement factors, one per direction of the grid (`DMDAGetRefinementFactor`):
    /// what [`set_refinement_factors`](Self::set_refinement_factors) takes (as `Some`).
    #[doc(alias = "DMDAGetRefinementFactor")]
    pub fn refinement_factors(&self) -> Result<Vec<Int>> {
        let dim = self.info()?.dim;
        Ok(self.refinement_factor()?[..dim].to_vec())
    }

    /// Sets the three factors PETSc holds, `None` kept.
    fn set_refinement3(&mut self, ctx: &str, r: [Option<Int>; 3]) -> Result<()> {
        if let Some(f) = r.into_iter().flatten().find(|&f| f < 2) {
            return Err(Error::invalid(
                ctx,
                format!("refinement factor {f}: it must be at least 2"),
            ));
        }
        let keep = |f: Option<Int>| f.unwrap_or(sys::PETSC_DECIDE as Int);
        // SAFETY: live DMDA; PETSc keeps the factors it is not given (non-positive).
        check(unsafe { sys::DMDASetRefinementFactor(self.ptr, keep(r[0]), keep(r[1]), keep(r[2])) })
    }

    /// The first form of [`set_refinement_factors`](Self::set_refinement_factors): three
    /// factors whatever the dimension.
    #[deprecated(
        since = "0.2.0",
        note = "use `Da::set_refinement_factors([rx, ry])` (one factor per direction, as `Da::grid().sizes`)"
    )]
    pub fn set_refinement_factor(
        &mut self,
        rx: Option<Int>,
        ry: Option<Int>,
        rz: Option<Int>,
    ) -> Result<()> {
        self.set_refinement3("Da::set_refinement_factor", [rx, ry, rz])
    }

    /// The refinement factors in x, y and z (`DMDAGetRefinementFactor`; 2 past the
    /// dimension); [`refinement_factors`](Self::refinement_factors) gives one per
    /// direction.
    #[doc(alias = "DMDAGetRefinementFactor")]
    pub fn refinement_factor(&self) -> Result<[Int; 3]> {
        let mut r: [Int; 3] = [0; 3];
        // SAFETY: live DMDA; three outputs.
        check(unsafe { sys::DMDAGetRefinementFactor(self.ptr, &mut r[0], &mut r[1], &mut r[2]) })?;
        Ok(r)
    }

    crate::methods![for Da;
        /// Sets how values are interpolated between refinement levels
        /// (`DMDASetInterpolationType`).
        pub fn set_interpolation_type(&mut self, ty: InterpolationType)
            = DMDASetInterpolationType as "DMDASetInterpolationType";
    ];

    crate::methods![for Da;
        /// How values are interpolated between refinement levels
        /// (`DMDAGetInterpolationType`).
        pub fn interpolation_type(&self) -> InterpolationType
            = DMDAGetInterpolationType as "DMDAGetInterpolationType";
    ];

    crate::methods![for Da;
        /// Sets the elements [`elements`](Self::elements) lists (`DMDASetElementType`).
        pub fn set_element_type(&mut self, ty: ElementType)
            = DMDASetElementType as "DMDASetElementType";
    ];

    crate::methods![for Da;
        /// The elements [`elements`](Self::elements) lists (`DMDAGetElementType`).
        pub fn element_type(&self) -> ElementType = DMDAGetElementType as "DMDAGetElementType";
    ];

    /// The elements with a corner owned by this rank, as vertex indices into the local
    /// (ghosted) vector's points, `nodes_per_element` per element
    /// (`DMDAGetElements`/`DMDARestoreElements`): returns `(nodes_per_element,
    /// vertices)`. Needs a box stencil (PETSc's `Err` otherwise).
    ///
    /// ```
    /// use petsc::{Da, ElementType, StencilType};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut da = Da::grid(&petsc.self_comm())
    ///     .sizes([3, 2])
    ///     .stencil(StencilType::Box)
    ///     .build()?;
    /// da.set_element_type(ElementType::Q1)?;
    /// let (nen, e) = da.elements()?;
    /// assert_eq!((nen, e.len()), (4, 8)); // two cells of four vertices
    /// assert_eq!(&e[..4], &[0, 1, 4, 3]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMDAGetElements")]
    #[doc(alias = "DMDARestoreElements")]
    pub fn elements(&self) -> Result<(Int, Vec<Int>)> {
        let (mut nel, mut nen): (Int, Int) = (0, 0);
        let mut e: *const Int = std::ptr::null();
        // SAFETY: live, set-up DMDA; PETSc lends `nel * nen` vertex indices until the
        // matching Restore.
        check(unsafe { sys::DMDAGetElements(self.ptr, &mut nel, &mut nen, &mut e) })?;
        let per = nen;
        let n = (nel.max(0) as usize).saturating_mul(nen.max(0) as usize);
        let out = if e.is_null() || n == 0 {
            Vec::new()
        } else {
            // SAFETY: as above.
            unsafe { std::slice::from_raw_parts(e, n) }.to_vec()
        };
        // SAFETY: gives back exactly what Get lent (PETSc resets the counts).
        check(unsafe { sys::DMDARestoreElements(self.ptr, &mut nel, &mut nen, &mut e) })?;
        Ok((per, out))
    }

    /// Names coordinate direction `d` (0 to the dimension - 1) for output
    /// (`DMDASetCoordinateName`).
    #[doc(alias = "DMDASetCoordinateName")]
    pub fn set_coordinate_name(&mut self, d: usize, name: &str) -> Result<()> {
        const CTX: &str = "Da::set_coordinate_name";
        self.check_direction(CTX, d)?;
        let n = c_string(CTX, name)?;
        // SAFETY: live DMDA; direction checked; PETSc copies the name.
        check(unsafe { sys::DMDASetCoordinateName(self.ptr, d as Int, n.as_ptr()) })
    }

    /// The name of coordinate direction `d`, empty if none was given
    /// (`DMDAGetCoordinateName`).
    ///
    /// ```
    /// use petsc::Da;
    /// let petsc = petsc::Petsc::init()?;
    /// let mut da = Da::grid(&petsc.self_comm()).sizes([3, 3]).build()?;
    /// da.set_coordinate_name(1, "depth")?;
    /// assert_eq!(da.coordinate_name(1)?, "depth");
    /// assert!(da.coordinate_name(2).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMDAGetCoordinateName")]
    pub fn coordinate_name(&self, d: usize) -> Result<String> {
        self.check_direction("Da::coordinate_name", d)?;
        let mut p: *const c_char = std::ptr::null();
        // SAFETY: live DMDA; direction checked; PETSc lends its string, or null.
        check(unsafe { sys::DMDAGetCoordinateName(self.ptr, d as Int, &mut p) })?;
        // SAFETY: PETSc's NUL-terminated string, or null.
        Ok(unsafe { owned(p) })
    }

    /// A new grid with this one's sizes and processor grid, and optionally another dof,
    /// boundary types, stencil type or stencil width (collective).
    #[deprecated(
        since = "0.2.0",
        note = "use `da.to_builder()?.dof(2).build()` (a builder holding this grid's settings, each changed by name)"
    )]
    pub fn duplicate(
        &self,
        dof: Option<Int>,
        boundary: Option<[BoundaryType; 3]>,
        stencil: Option<StencilType>,
        stencil_width: Option<Int>,
    ) -> Result<Da> {
        let dim = self.info()?.dim;
        let mut b = self.to_builder()?;
        if let Some(dof) = dof {
            b = b.dof(dof);
        }
        if let Some(boundary) = boundary {
            b = b.boundary(&boundary[..dim]);
        }
        if let Some(stencil) = stencil {
            b = b.stencil(stencil);
        }
        if let Some(width) = stencil_width {
            b = b.stencil_width(width);
        }
        b.build()
    }

    fn check_direction(&self, ctx: &str, d: usize) -> Result<()> {
        let dim = self.info()?.dim;
        if d < dim {
            Ok(())
        } else {
            Err(Error::out_of_range(
                ctx,
                format!("direction {d}: the grid has {dim} dimensions"),
            ))
        }
    }
}
