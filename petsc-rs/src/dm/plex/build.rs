//! Building a mesh by hand: the chart, cone and support sizes, the cones and supports
//! themselves, then the supports from the cones ([`symmetrize`](Plex::symmetrize)) and
//! the strata ([`stratify`](Plex::stratify)); each step is refused out of order, since
//! PETSc lays out (and does not initialize) its arrays at `DMSetUp`.

use petsc_sys as sys;

use super::Plex;
use crate::error::{Error, Result, check};
use crate::scalar::Int;

impl Plex {
    /// Sets the range of point numbers (`DMPlexSetChart`), first step of building a
    /// mesh by hand; before [`set_up`](crate::DmBase::set_up).
    ///
    /// ```
    /// use petsc::{DmBase, Plex};
    /// let petsc = petsc::Petsc::init()?;
    /// // One triangle (point 0), its edges (1..4) and vertices (4..7), by hand.
    /// let mut m = Plex::new(&petsc.self_comm())?;
    /// m.set_dimension(2)?;
    /// m.set_chart(0, 7)?;
    /// m.set_cone_size(0, 3)?;
    /// for e in 1..4 {
    ///     m.set_cone_size(e, 2)?;
    /// }
    /// m.set_up()?;
    /// m.set_cone(0, &[1, 2, 3])?;
    /// m.set_cone(1, &[4, 5])?;
    /// m.set_cone(2, &[5, 6])?;
    /// m.set_cone(3, &[6, 4])?;
    /// m.symmetrize()?;
    /// m.stratify()?;
    /// assert_eq!(m.depth()?, 2);
    /// assert_eq!(m.support(5)?, [1, 2]);
    /// assert_eq!(m.meet(&[1, 2])?, [5]); // the vertex both edges share
    /// assert!(m.set_cone(1, &[4]).unwrap_err().to_string().contains("cone size"));
    /// assert!(m.cone(7).unwrap_err().to_string().contains("point 7 is not in the chart 0..7"));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMPlexSetChart")]
    pub fn set_chart(&mut self, start: Int, end: Int) -> Result<()> {
        const CTX: &str = "Plex::set_chart";
        if start < 0 || end < start {
            return Err(Error::invalid(
                CTX,
                format!("the chart {start}..{end} needs 0 <= start <= end"),
            ));
        }
        if self.laid_out(true)? {
            return Err(Error::invalid(
                CTX,
                "the mesh is set up already; the chart comes before set_up",
            ));
        }
        // SAFETY: live plex; a valid range.
        check(unsafe { sys::DMPlexSetChart(self.ptr, start, end) })
    }

    /// Sets the topological dimension (`DMSetDimension`), 0 to 3, before building a
    /// mesh by hand.
    #[doc(alias = "DMSetDimension")]
    pub fn set_dimension(&mut self, dim: Int) -> Result<()> {
        if !(0..=3).contains(&dim) {
            return Err(Error::out_of_range(
                "Plex::set_dimension",
                format!("dimension {dim} is not in 0..=3"),
            ));
        }
        // SAFETY: live plex.
        check(unsafe { sys::DMSetDimension(self.ptr, dim) })
    }

    /// Sets the number of points in the cone of `point` (`DMPlexSetConeSize`); before
    /// [`set_up`](crate::DmBase::set_up), which lays the cones out.
    #[doc(alias = "DMPlexSetConeSize")]
    pub fn set_cone_size(&mut self, point: Int, size: Int) -> Result<()> {
        const CTX: &str = "Plex::set_cone_size";
        self.check_point(CTX, point)?;
        if size < 0 {
            return Err(Error::invalid(CTX, format!("cone size {size} is negative")));
        }
        if self.laid_out(true)? {
            return Err(Error::invalid(
                CTX,
                "the cones are laid out already (set_up); sizes come before set_up",
            ));
        }
        // SAFETY: live plex; point in the chart; the cones are not laid out yet.
        check(unsafe { sys::DMPlexSetConeSize(self.ptr, point, size) })
    }

    /// Sets the cone of `point` (`DMPlexSetCone`), after
    /// [`set_up`](crate::DmBase::set_up): as many points as its cone size, each in the
    /// chart.
    #[doc(alias = "DMPlexSetCone")]
    pub fn set_cone(&mut self, point: Int, cone: &[Int]) -> Result<()> {
        const CTX: &str = "Plex::set_cone";
        let n = self.cone_size(point)?;
        if cone.len() as Int != n {
            return Err(Error::size_mismatch(
                CTX,
                format!(
                    "{} points given for point {point} of cone size {n}",
                    cone.len()
                ),
            ));
        }
        self.check_points(CTX, "cone point", cone)?;
        if !self.laid_out(true)? && n > 0 {
            return Err(Error::invalid(
                CTX,
                "the cones are not laid out yet: set the cone sizes, then set_up",
            ));
        }
        // SAFETY: live plex with laid-out cones; point in the chart; `cone` holds its
        // cone size of points in the chart, read only.
        check(unsafe { sys::DMPlexSetCone(self.ptr, point, cone.as_ptr()) })
    }

    /// Sets the number of points in the support of `point` (`DMPlexSetSupportSize`);
    /// before [`set_up`](crate::DmBase::set_up). Usually [`symmetrize`](Self::symmetrize)
    /// makes the supports from the cones instead.
    #[doc(alias = "DMPlexSetSupportSize")]
    pub fn set_support_size(&mut self, point: Int, size: Int) -> Result<()> {
        const CTX: &str = "Plex::set_support_size";
        self.check_point(CTX, point)?;
        if size < 0 {
            return Err(Error::invalid(
                CTX,
                format!("support size {size} is negative"),
            ));
        }
        if self.laid_out(false)? || self.laid_out(true)? {
            return Err(Error::invalid(
                CTX,
                "the mesh is set up already; support sizes come before set_up",
            ));
        }
        // SAFETY: live plex; point in the chart; nothing laid out yet.
        check(unsafe { sys::DMPlexSetSupportSize(self.ptr, point, size) })
    }

    /// Sets the support of `point` (`DMPlexSetSupport`), after
    /// [`set_up`](crate::DmBase::set_up): as many points as its support size, each in
    /// the chart.
    #[doc(alias = "DMPlexSetSupport")]
    pub fn set_support(&mut self, point: Int, support: &[Int]) -> Result<()> {
        const CTX: &str = "Plex::set_support";
        let n = self.support_size(point)?;
        if support.len() as Int != n {
            return Err(Error::size_mismatch(
                CTX,
                format!(
                    "{} points given for point {point} of support size {n}",
                    support.len()
                ),
            ));
        }
        self.check_points(CTX, "support point", support)?;
        if !self.laid_out(false)? && n > 0 {
            return Err(Error::invalid(
                CTX,
                "the supports are not laid out: set the support sizes before set_up",
            ));
        }
        // SAFETY: live plex with laid-out supports; point in the chart; `support` holds
        // its support size of points in the chart, read only.
        check(unsafe { sys::DMPlexSetSupport(self.ptr, point, support.as_ptr()) })
    }

    /// An `Err` unless every cone is laid out and holds points of the chart: PETSc's
    /// cone storage is not initialized by `DMSetUp`, and the whole-mesh operations
    /// follow every cone.
    fn check_all_cones(&self, ctx: &str) -> Result<()> {
        let chart = self.chart()?;
        if !self.laid_out(true)? && !chart.is_empty() {
            return Err(Error::invalid(
                ctx,
                "the cones are not laid out yet: set the cone sizes, then set_up",
            ));
        }
        for p in chart.clone() {
            if let Some(q) = self.cone(p)?.into_iter().find(|q| !chart.contains(q)) {
                return Err(Error::invalid(
                    ctx,
                    format!(
                        "the cone of point {p} holds {q}, outside the chart {}..{}: set every cone first",
                        chart.start, chart.end
                    ),
                ));
            }
        }
        Ok(())
    }

    /// Makes the supports from the cones (`DMPlexSymmetrize`), after every cone is set.
    #[doc(alias = "DMPlexSymmetrize")]
    pub fn symmetrize(&mut self) -> Result<()> {
        const CTX: &str = "Plex::symmetrize";
        self.check_all_cones(CTX)?;
        if self.laid_out(false)? {
            return Err(Error::invalid(CTX, "the supports are laid out already"));
        }
        // SAFETY: live plex whose cones all hold points of the chart.
        check(unsafe { sys::DMPlexSymmetrize(self.ptr) })
    }

    /// Computes the depth of every point and the strata (`DMPlexStratify`), after the
    /// cones are set and [`symmetrize`](Self::symmetrize)d.
    #[doc(alias = "DMPlexStratify")]
    pub fn stratify(&mut self) -> Result<()> {
        const CTX: &str = "Plex::stratify";
        self.check_all_cones(CTX)?;
        self.check_storage(CTX, false)?;
        // SAFETY: live plex whose cones all hold points of the chart, with readable
        // supports.
        check(unsafe { sys::DMPlexStratify(self.ptr) })
    }

    /// Replaces the point at position `position` of the cone of `point` by
    /// `cone_point` (`DMPlexInsertCone`), after [`set_up`](crate::DmBase::set_up).
    #[doc(alias = "DMPlexInsertCone")]
    pub fn insert_cone(&mut self, point: Int, position: Int, cone_point: Int) -> Result<()> {
        const CTX: &str = "Plex::insert_cone";
        let n = self.cone_size(point)?;
        if !(0..n).contains(&position) {
            return Err(Error::out_of_range(
                CTX,
                format!("position {position} is not in 0..{n} (the cone size of point {point})"),
            ));
        }
        self.check_point(CTX, cone_point)?;
        if !self.laid_out(true)? {
            return Err(Error::invalid(
                CTX,
                "the cones are not laid out yet: set the cone sizes, then set_up",
            ));
        }
        // SAFETY: live plex with laid-out cones; point and cone point in the chart, the
        // position inside the cone.
        check(unsafe { sys::DMPlexInsertCone(self.ptr, point, position, cone_point) })
    }

    /// Gives the cells one orientation across the mesh, flipping cells as needed
    /// (`DMPlexOrient`; collective); an `Err` for a mesh that cannot be oriented.
    #[doc(alias = "DMPlexOrient")]
    pub fn orient(&mut self) -> Result<()> {
        const CTX: &str = "Plex::orient";
        let local = (|| {
            self.check_all_cones(CTX)?;
            self.check_storage(CTX, false)?;
            if self.depth()? < 0 && !self.chart()?.is_empty() {
                return Err(Error::invalid(
                    CTX,
                    "the mesh has no strata yet: stratify it",
                ));
            }
            Ok(())
        })();
        crate::object::Object::comm(self).agree(CTX, local)?;
        // SAFETY: live, stratified plex whose cones all hold points of the chart, with
        // readable supports.
        check(unsafe { sys::DMPlexOrient(self.ptr) })
    }

    /// The number of arrangements of the shape `q` has in the mesh's cell-type label
    /// (`DMPolytopeTypeGetNumArrangments`), if the label exists and gives `q` a shape.
    /// The label is looked up, never made: PETSc computes it from the strata
    /// (`DMPlexGetCellTypeLabel`), which a mesh being built does not have yet.
    fn arrangements(&self, q: Int) -> Result<Option<Int>> {
        use sys::DMPolytopeType as T;
        let mut l: sys::DMLabel = std::ptr::null_mut();
        // SAFETY: live plex; NUL-terminated name; PETSc lends its label or null.
        check(unsafe { sys::DMGetLabel(self.ptr, c"celltype".as_ptr(), &mut l) })?;
        if l.is_null() {
            return Ok(None);
        }
        let mut v: Int = -1;
        // SAFETY: live label lent by the plex.
        check(unsafe { sys::DMLabelGetValue(l, q, &mut v) })?;
        let table = [
            (T::DM_POLYTOPE_POINT, 1),
            (T::DM_POLYTOPE_SEGMENT, 2),
            (T::DM_POLYTOPE_POINT_PRISM_TENSOR, 2),
            (T::DM_POLYTOPE_TRIANGLE, 6),
            (T::DM_POLYTOPE_QUADRILATERAL, 8),
            (T::DM_POLYTOPE_SEG_PRISM_TENSOR, 4),
            (T::DM_POLYTOPE_TETRAHEDRON, 24),
            (T::DM_POLYTOPE_HEXAHEDRON, 48),
            (T::DM_POLYTOPE_TRI_PRISM, 12),
            (T::DM_POLYTOPE_TRI_PRISM_TENSOR, 12),
            (T::DM_POLYTOPE_QUAD_PRISM_TENSOR, 16),
            (T::DM_POLYTOPE_PYRAMID, 8),
        ];
        Ok(table.iter().find(|(t, _)| t.0 as Int == v).map(|&(_, n)| n))
    }

    /// The orientations PETSc can apply to `q` (`-n/2..n/2` for its `n`
    /// arrangements), from its cell type when it has one, else from its cone size for
    /// a vertex, segment or triangle; an `Err` naming `ctx` otherwise.
    fn orientations(&self, ctx: &str, q: Int) -> Result<std::ops::Range<Int>> {
        let n = match self.arrangements(q)? {
            Some(n) => n,
            None => match self.cone_size(q)? {
                0 => 1,
                2 => 2,
                3 => 6,
                k => {
                    return Err(Error::invalid(
                        ctx,
                        format!(
                            "point {q} has {k} points in its cone and no cell type: give it one \
                             (set_cell_type) before orienting it"
                        ),
                    ));
                }
            },
        };
        Ok(-n / 2..n / 2)
    }

    /// Checks `orientation` against the shape of `q`.
    fn check_orientation(&self, ctx: &str, q: Int, orientation: Int) -> Result<()> {
        let r = self.orientations(ctx, q)?;
        if !r.contains(&orientation) {
            return Err(Error::out_of_range(
                ctx,
                format!(
                    "orientation {orientation} of point {q} is not in {}..{} (its shape's)",
                    r.start, r.end
                ),
            ));
        }
        Ok(())
    }

    /// Sets the orientation of each point of the cone of `point`
    /// (`DMPlexSetConeOrientation`), after [`set_cone`](Self::set_cone): 0 for a cone
    /// point used as it is, `-1` for a reversed segment, other values for the
    /// rotations and reflections of a face (`-n/2..n/2` for a shape with `n`
    /// arrangements; a cone point of more than 3 points needs its cell type set first).
    ///
    /// ```
    /// use petsc::{DmBase, Plex};
    /// let petsc = petsc::Petsc::init()?;
    /// // One triangle (0) whose third edge (3) runs from vertex 4 to vertex 6.
    /// let mut m = Plex::new(&petsc.self_comm())?;
    /// m.set_dimension(2)?;
    /// m.set_chart(0, 7)?;
    /// m.set_cone_size(0, 3)?;
    /// for e in 1..4 {
    ///     m.set_cone_size(e, 2)?;
    /// }
    /// m.set_up()?;
    /// m.set_cone(0, &[1, 2, 3])?;
    /// m.set_cone(1, &[4, 5])?;
    /// m.set_cone(2, &[5, 6])?;
    /// m.set_cone(3, &[4, 6])?;
    /// m.set_cone_orientation(0, &[0, 0, -1])?;
    /// assert!(m.set_cone_orientation(0, &[0, 0, 1]).is_err()); // a segment has 0 and -1
    /// m.symmetrize()?;
    /// m.stratify()?;
    /// assert_eq!(m.cone_orientation(0)?, [0, 0, -1]);
    /// // The closure walks the reversed edge from 6 to 4.
    /// let vertices: Vec<_> = m.closure(0)?.into_iter().filter(|p| *p >= 4).collect();
    /// assert_eq!(vertices, [4, 5, 6]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMPlexSetConeOrientation")]
    pub fn set_cone_orientation(&mut self, point: Int, orientation: &[Int]) -> Result<()> {
        const CTX: &str = "Plex::set_cone_orientation";
        let cone = self.cone(point)?;
        if orientation.len() != cone.len() {
            return Err(Error::size_mismatch(
                CTX,
                format!(
                    "{} orientations given for point {point} of cone size {}",
                    orientation.len(),
                    cone.len()
                ),
            ));
        }
        self.check_all_cones(CTX)?;
        for (&q, &o) in cone.iter().zip(orientation) {
            self.check_orientation(CTX, q, o)?;
        }
        // SAFETY: live plex with laid-out cones; point in the chart; `orientation` holds
        // its cone size of orientations, each one of its cone point's shape.
        check(unsafe { sys::DMPlexSetConeOrientation(self.ptr, point, orientation.as_ptr()) })
    }

    /// Sets the orientation of the cone point at `position` in the cone of `point`
    /// (`DMPlexInsertConeOrientation`), checked as in
    /// [`set_cone_orientation`](Self::set_cone_orientation).
    ///
    /// ```
    /// use petsc::{DmBase, Plex};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut mesh = Plex::create_box_mesh(&petsc.self_comm(), 2, false, Some(&[1, 1]), None, None, None, true)?;
    /// let cell = mesh.height_stratum(0)?.start;
    /// let before = mesh.cone_orientation(cell)?;
    /// mesh.insert_cone_orientation(cell, 0, -1 - before[0])?; // reverse the first edge
    /// assert_eq!(mesh.cone_orientation(cell)?[0], -1 - before[0]);
    /// assert!(mesh.insert_cone_orientation(cell, 4, 0).is_err()); // a quadrilateral has 4 edges
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMPlexInsertConeOrientation")]
    pub fn insert_cone_orientation(
        &mut self,
        point: Int,
        position: Int,
        orientation: Int,
    ) -> Result<()> {
        const CTX: &str = "Plex::insert_cone_orientation";
        let cone = self.cone(point)?;
        let n = cone.len() as Int;
        if !(0..n).contains(&position) {
            return Err(Error::out_of_range(
                CTX,
                format!("position {position} is not in 0..{n} (the cone size of point {point})"),
            ));
        }
        self.check_all_cones(CTX)?;
        self.check_orientation(CTX, cone[position as usize], orientation)?;
        // SAFETY: live plex with laid-out cones; point in the chart, position inside its
        // cone, an orientation of the cone point's shape.
        check(unsafe { sys::DMPlexInsertConeOrientation(self.ptr, point, position, orientation) })
    }

    /// Applies the orientation `orientation` to `point` (`DMPlexOrientPoint`):
    /// permutes its cone and the cone's orientations as the rotation or reflection
    /// does, so that the closure walks the point the other way. The point needs its
    /// cell type (a stratified mesh has them).
    ///
    /// ```
    /// use petsc::{DmBase, Plex};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut mesh = Plex::create_box_mesh(&petsc.self_comm(), 2, false, Some(&[1, 1]), None, None, None, true)?;
    /// let edge = mesh.depth_stratum(1)?.start;
    /// let cone = mesh.cone(edge)?;
    /// mesh.orient_point(edge, -1)?; // reverse the segment
    /// assert_eq!(mesh.cone(edge)?, [cone[1], cone[0]]);
    /// assert!(mesh.orient_point(edge, 1).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMPlexOrientPoint")]
    pub fn orient_point(&mut self, point: Int, orientation: Int) -> Result<()> {
        const CTX: &str = "Plex::orient_point";
        self.check_point(CTX, point)?;
        self.check_all_cones(CTX)?;
        self.check_storage(CTX, false)?;
        if self.depth()? < 0 {
            return Err(Error::invalid(
                CTX,
                "the mesh has no strata yet: stratify it",
            ));
        }
        // A stratified mesh can have its cell types computed (`DMPlexGetCellType`).
        self.cell_type(point)?;
        if self.arrangements(point)?.is_none() {
            return Err(Error::invalid(
                CTX,
                format!("point {point} has no cell type PETSc can orient"),
            ));
        }
        self.check_orientation(CTX, point, orientation)?;
        // SAFETY: live plex whose cones hold points of the chart; point in the chart,
        // with a cell type and an orientation of that shape.
        check(unsafe { sys::DMPlexOrientPoint(self.ptr, point, orientation) })
    }
}
