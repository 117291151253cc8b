//! The mesh as a graph of points: the chart, depth and height strata, cones and
//! supports, transitive closures and stars, meets and joins, global numberings, and
//! the calls that build a mesh by hand.

use std::ops::Range;

use petsc_sys as sys;

use super::Plex;
use crate::error::{Error, Result, check, int_len};
use crate::is::IndexSet;
use crate::object::Object;
use crate::scalar::Int;

/// Copies `n` integers PETSc lent (none when `n` is 0).
///
/// # Safety
/// `p` points to `n` integers when `n > 0`.
unsafe fn copied(p: *const Int, n: Int) -> Vec<Int> {
    if n <= 0 || p.is_null() {
        return Vec::new();
    }
    // SAFETY: the caller guarantees `n` integers.
    unsafe { std::slice::from_raw_parts(p, n as usize) }.to_vec()
}

/// Which of PETSc's meet and join operations.
#[derive(Clone, Copy)]
enum Cover {
    Meet,
    Join,
}

impl Plex {
    // ----- chart and strata -------------------------------------------------------------

    /// The range of point numbers on this rank (`DMPlexGetChart`).
    #[doc(alias = "DMPlexGetChart")]
    pub fn chart(&self) -> Result<Range<Int>> {
        let (mut a, mut b): (Int, Int) = (0, 0);
        // SAFETY: live plex.
        check(unsafe { sys::DMPlexGetChart(self.ptr, &mut a, &mut b) })?;
        Ok(a..b)
    }

    crate::methods![for Plex;
        /// The depth of the mesh (`DMPlexGetDepth`): 1 for cells and vertices only, the
        /// dimension when every intermediate point (edge, face) is there; -1 before
        /// [`stratify`](Self::stratify).
        pub fn depth(&self) -> Int = DMPlexGetDepth as "DMPlexGetDepth";
    ];

    fn stratum(&self, ctx: &str, which: &str, level: Int, height: bool) -> Result<Range<Int>> {
        if self.chart()?.is_empty() {
            // PETSc's answer for an empty part of a mesh, whatever the level.
            if level < 0 {
                return Err(Error::out_of_range(
                    ctx,
                    format!("{which} {level} is negative"),
                ));
            }
            return Ok(0..0);
        }
        let d = self.depth()?;
        if d < 0 {
            return Err(Error::invalid(
                ctx,
                "the mesh has no strata yet: stratify it",
            ));
        }
        if !(0..=d).contains(&level) {
            return Err(Error::out_of_range(
                ctx,
                format!("{which} {level} is not in 0..={d} (the mesh's depth)"),
            ));
        }
        let (mut a, mut b): (Int, Int) = (0, 0);
        // SAFETY: live, stratified plex; the level is one of its strata.
        check(unsafe {
            if height {
                sys::DMPlexGetHeightStratum(self.ptr, level, &mut a, &mut b)
            } else {
                sys::DMPlexGetDepthStratum(self.ptr, level, &mut a, &mut b)
            }
        })?;
        Ok(a..b)
    }

    /// The points of depth `depth` (`DMPlexGetDepthStratum`): vertices for 0, edges
    /// for 1 (in an interpolated mesh), ...; `depth` must be in `0..=`[`depth()`](Self::depth).
    #[doc(alias = "DMPlexGetDepthStratum")]
    pub fn depth_stratum(&self, depth: Int) -> Result<Range<Int>> {
        self.stratum("Plex::depth_stratum", "depth", depth, false)
    }

    /// The points of height `height` (`DMPlexGetHeightStratum`): cells for 0, faces
    /// (the cells' boundaries) for 1, ...; `height` must be in
    /// `0..=`[`depth()`](Self::depth).
    #[doc(alias = "DMPlexGetHeightStratum")]
    pub fn height_stratum(&self, height: Int) -> Result<Range<Int>> {
        self.stratum("Plex::height_stratum", "height", height, true)
    }

    /// The depth of `point` (`DMPlexGetPointDepth`).
    #[doc(alias = "DMPlexGetPointDepth")]
    pub fn point_depth(&self, point: Int) -> Result<Int> {
        const CTX: &str = "Plex::point_depth";
        self.check_point(CTX, point)?;
        if self.depth()? < 0 {
            return Err(Error::invalid(
                CTX,
                "the mesh has no strata yet: stratify it",
            ));
        }
        let mut d: Int = 0;
        // SAFETY: live, stratified plex; point in the chart.
        check(unsafe { sys::DMPlexGetPointDepth(self.ptr, point, &mut d) })?;
        Ok(d)
    }

    /// The largest cone and support sizes (`DMPlexGetMaxSizes`).
    #[doc(alias = "DMPlexGetMaxSizes")]
    pub fn max_sizes(&self) -> Result<(Int, Int)> {
        let (mut c, mut s): (Int, Int) = (0, 0);
        // SAFETY: live plex.
        check(unsafe { sys::DMPlexGetMaxSizes(self.ptr, &mut c, &mut s) })?;
        Ok((c, s))
    }

    // ----- cones and supports ------------------------------------------------------------

    /// The number of points in the cone of `point` (`DMPlexGetConeSize`).
    #[doc(alias = "DMPlexGetConeSize")]
    pub fn cone_size(&self, point: Int) -> Result<Int> {
        self.check_point("Plex::cone_size", point)?;
        let mut n: Int = 0;
        // SAFETY: live plex; point in the chart.
        check(unsafe { sys::DMPlexGetConeSize(self.ptr, point, &mut n) })?;
        Ok(n)
    }

    /// The points covering `point` from below, in order (`DMPlexGetCone`): the edges of
    /// a cell, the vertices of an edge (a copy).
    #[doc(alias = "DMPlexGetCone")]
    pub fn cone(&self, point: Int) -> Result<Vec<Int>> {
        const CTX: &str = "Plex::cone";
        let n = self.cone_size(point)?;
        self.check_storage(CTX, true)?;
        let mut p: *const Int = std::ptr::null();
        // SAFETY: live plex with laid-out cones; point in the chart; PETSc lends `n`
        // integers of its own storage, copied at once.
        check(unsafe { sys::DMPlexGetCone(self.ptr, point, &mut p) })?;
        // SAFETY: `n` integers (the cone size).
        Ok(unsafe { copied(p, n) })
    }

    /// The orientation of each point of the cone of `point`
    /// (`DMPlexGetConeOrientation`): 0 where the cone point is used as it is, other
    /// values for its rotations and reflections (a copy).
    #[doc(alias = "DMPlexGetConeOrientation")]
    pub fn cone_orientation(&self, point: Int) -> Result<Vec<Int>> {
        const CTX: &str = "Plex::cone_orientation";
        let n = self.cone_size(point)?;
        self.check_storage(CTX, true)?;
        let mut p: *const Int = std::ptr::null();
        // SAFETY: as in `cone`.
        check(unsafe { sys::DMPlexGetConeOrientation(self.ptr, point, &mut p) })?;
        // SAFETY: `n` integers (the cone size).
        Ok(unsafe { copied(p, n) })
    }

    /// The number of points in the support of `point` (`DMPlexGetSupportSize`).
    #[doc(alias = "DMPlexGetSupportSize")]
    pub fn support_size(&self, point: Int) -> Result<Int> {
        self.check_point("Plex::support_size", point)?;
        let mut n: Int = 0;
        // SAFETY: live plex; point in the chart.
        check(unsafe { sys::DMPlexGetSupportSize(self.ptr, point, &mut n) })?;
        Ok(n)
    }

    /// The points `point` covers from below (`DMPlexGetSupport`): the cells on either
    /// side of a face, the edges meeting at a vertex (a copy).
    #[doc(alias = "DMPlexGetSupport")]
    pub fn support(&self, point: Int) -> Result<Vec<Int>> {
        const CTX: &str = "Plex::support";
        let n = self.support_size(point)?;
        if n == 0 {
            return Ok(Vec::new());
        }
        self.check_storage(CTX, false)?;
        let mut p: *const Int = std::ptr::null();
        // SAFETY: live plex with laid-out supports; point in the chart; PETSc lends `n`
        // integers of its own storage, copied at once.
        check(unsafe { sys::DMPlexGetSupport(self.ptr, point, &mut p) })?;
        // SAFETY: `n` integers (the support size).
        Ok(unsafe { copied(p, n) })
    }

    // ----- closures ------------------------------------------------------------------------

    /// The transitive closure of `point` (`DMPlexGetTransitiveClosure`), as
    /// `(point, orientation)` pairs starting with `point` itself: with `use_cone`, every
    /// point below it (a cell's faces, edges and vertices), else its *star*, every point
    /// above it (the edges and cells around a vertex). A copy; PETSc's array is given back
    /// (`DMPlexRestoreTransitiveClosure`) before this returns.
    #[doc(alias = "DMPlexGetTransitiveClosure")]
    pub fn transitive_closure(&self, point: Int, use_cone: bool) -> Result<Vec<(Int, Int)>> {
        const CTX: &str = "Plex::transitive_closure";
        self.check_point(CTX, point)?;
        self.check_storage(CTX, true)?;
        if !use_cone {
            self.check_storage(CTX, false)?;
        }
        let flag = crate::dm::checks::pbool(use_cone);
        let mut n: Int = 0;
        let mut p: *mut Int = std::ptr::null_mut();
        // SAFETY: live plex with readable cones (and supports for a star); point in the
        // chart; PETSc lends a work array of `2 n` integers until the restore below.
        check(unsafe { sys::DMPlexGetTransitiveClosure(self.ptr, point, flag, &mut n, &mut p) })?;
        // SAFETY: `n` (point, orientation) pairs.
        let flat = unsafe { copied(p, 2 * n) };
        // SAFETY: the array and size PETSc lent, given back once.
        check(unsafe {
            sys::DMPlexRestoreTransitiveClosure(self.ptr, point, flag, &mut n, &mut p)
        })?;
        Ok(flat.chunks_exact(2).map(|c| (c[0], c[1])).collect())
    }

    /// The points of the closure of `point` ([`transitive_closure`] with the cone,
    /// without orientations): the point, then its faces, ..., then its vertices.
    ///
    /// [`transitive_closure`]: Self::transitive_closure
    pub fn closure(&self, point: Int) -> Result<Vec<Int>> {
        Ok(self
            .transitive_closure(point, true)?
            .into_iter()
            .map(|(p, _)| p)
            .collect())
    }

    /// The points of the star of `point` ([`transitive_closure`] with the support,
    /// without orientations): the point, then everything above it.
    ///
    /// [`transitive_closure`]: Self::transitive_closure
    pub fn star(&self, point: Int) -> Result<Vec<Int>> {
        Ok(self
            .transitive_closure(point, false)?
            .into_iter()
            .map(|(p, _)| p)
            .collect())
    }

    fn cover(&self, ctx: &str, points: &[Int], which: Cover) -> Result<Vec<Int>> {
        if points.is_empty() {
            return Err(Error::invalid(ctx, "no points given"));
        }
        self.check_points(ctx, "point", points)?;
        let n = int_len(ctx, "points", points.len())?;
        self.check_storage(ctx, true)?;
        self.check_storage(ctx, false)?;
        let mut count: Int = 0;
        let mut p: *const Int = std::ptr::null();
        let (dm, pts) = (self.ptr, points.as_ptr());
        // SAFETY: live plex with readable cones and supports; `n` points in the chart,
        // read only; PETSc lends a work array of `count` integers until the restore.
        check(unsafe {
            match which {
                Cover::Meet => sys::DMPlexGetMeet(dm, n, pts, &mut count, &mut p),
                Cover::Join => sys::DMPlexGetJoin(dm, n, pts, &mut count, &mut p),
            }
        })?;
        // SAFETY: `count` integers.
        let out = unsafe { copied(p, count) };
        // SAFETY: the work array PETSc lent, given back once.
        check(unsafe {
            match which {
                Cover::Meet => sys::DMPlexRestoreMeet(dm, n, pts, &mut count, &mut p),
                Cover::Join => sys::DMPlexRestoreJoin(dm, n, pts, &mut count, &mut p),
            }
        })?;
        Ok(out)
    }

    /// The points in the cones of all of `points` (`DMPlexGetMeet`): the edge two
    /// neighbouring cells share, the vertex two edges share; empty if none.
    #[doc(alias = "DMPlexGetMeet")]
    pub fn meet(&self, points: &[Int]) -> Result<Vec<Int>> {
        self.cover("Plex::meet", points, Cover::Meet)
    }

    /// The points in the supports of all of `points` (`DMPlexGetJoin`): the edge
    /// joining two vertices, the face two edges bound; empty if none.
    #[doc(alias = "DMPlexGetJoin")]
    pub fn join(&self, points: &[Int]) -> Result<Vec<Int>> {
        self.cover("Plex::join", points, Cover::Join)
    }

    /// The points common to the closures of all of `points` that have the greatest
    /// depth, in the order of the first point's closure (what `DMPlexGetFullMeet`
    /// computes): also the vertex that two cells touching at a corner share. Made here
    /// from [`closure`](Self::closure)s: PETSc 3.18's `DMPlexGetFullMeet` passes
    /// uninitialized pointers as closure arrays and crashes.
    #[doc(alias = "DMPlexGetFullMeet")]
    pub fn full_meet(&self, points: &[Int]) -> Result<Vec<Int>> {
        self.full_cover("Plex::full_meet", points, true)
    }

    /// The points common to the stars of all of `points` that have the least depth,
    /// in the order of the first point's star (what `DMPlexGetFullJoin` computes): the
    /// edge joining two vertices, else the cells around both. Made here from
    /// [`star`](Self::star)s, as [`full_meet`](Self::full_meet) is.
    #[doc(alias = "DMPlexGetFullJoin")]
    pub fn full_join(&self, points: &[Int]) -> Result<Vec<Int>> {
        self.full_cover("Plex::full_join", points, false)
    }

    fn full_cover(&self, ctx: &str, points: &[Int], meet: bool) -> Result<Vec<Int>> {
        if points.is_empty() {
            return Err(Error::invalid(ctx, "no points given"));
        }
        self.check_points(ctx, "point", points)?;
        let reach = |p: Int| if meet { self.closure(p) } else { self.star(p) };
        let mut common = reach(points[0])?;
        for &p in &points[1..] {
            let other = reach(p)?;
            common.retain(|q| other.contains(q));
        }
        let depths = common
            .iter()
            .map(|&q| self.point_depth(q))
            .collect::<Result<Vec<Int>>>()?;
        let best = if meet {
            depths.iter().copied().max()
        } else {
            depths.iter().copied().min()
        };
        Ok(common
            .into_iter()
            .zip(depths)
            .filter(|&(_, d)| Some(d) == best)
            .map(|(q, _)| q)
            .collect())
    }

    // ----- numberings ----------------------------------------------------------------------

    /// The global number of each vertex on this rank, in the order of the vertex
    /// stratum, `-(n + 1)` for vertices another rank owns (`DMPlexGetVertexNumbering`;
    /// collective the first time).
    #[doc(alias = "DMPlexGetVertexNumbering")]
    pub fn vertex_numbering(&self) -> Result<IndexSet> {
        let mut is: sys::IS = std::ptr::null_mut();
        // SAFETY: live plex; PETSc lends its numbering.
        check(unsafe { sys::DMPlexGetVertexNumbering(self.ptr, &mut is) })?;
        // SAFETY: a live IS the plex keeps; the handle takes its own reference.
        unsafe { IndexSet::from_raw_borrowed(self.petsc(), is) }
    }

    /// The global number of each cell on this rank, `-(n + 1)` for cells another rank
    /// owns (`DMPlexGetCellNumbering`; collective the first time).
    #[doc(alias = "DMPlexGetCellNumbering")]
    pub fn cell_numbering(&self) -> Result<IndexSet> {
        let mut is: sys::IS = std::ptr::null_mut();
        // SAFETY: live plex; PETSc lends its numbering.
        check(unsafe { sys::DMPlexGetCellNumbering(self.ptr, &mut is) })?;
        // SAFETY: a live IS the plex keeps; the handle takes its own reference.
        unsafe { IndexSet::from_raw_borrowed(self.petsc(), is) }
    }

    /// A global number for every point of this rank, `-(n + 1)` for points another
    /// rank owns (`DMPlexCreatePointNumbering`; collective).
    #[doc(alias = "DMPlexCreatePointNumbering")]
    pub fn point_numbering(&self) -> Result<IndexSet> {
        let mut is: sys::IS = std::ptr::null_mut();
        // SAFETY: live plex; PETSc writes a new IS.
        check(unsafe { sys::DMPlexCreatePointNumbering(self.ptr, &mut is) })?;
        Ok(IndexSet::from_raw(self.petsc(), is))
    }

    /// The height of `point` (`DMPlexGetPointHeight`): 0 for cells, 1 for faces, ...
    #[doc(alias = "DMPlexGetPointHeight")]
    pub fn point_height(&self, point: Int) -> Result<Int> {
        const CTX: &str = "Plex::point_height";
        self.check_point(CTX, point)?;
        if self.depth()? < 0 {
            return Err(Error::invalid(
                CTX,
                "the mesh has no strata yet: stratify it",
            ));
        }
        let mut h: Int = 0;
        // SAFETY: live, stratified plex; point in the chart.
        check(unsafe { sys::DMPlexGetPointHeight(self.ptr, point, &mut h) })?;
        Ok(h)
    }

    /// The points coupled to `point` (`DMPlexGetAdjacency`), as the adjacency rule says
    /// ([`set_basic_adjacency`](crate::DmBase::set_basic_adjacency)): by default the
    /// closure of its star, the finite-element coupling (for a vertex, every point of
    /// the cells around it); with `use_cone` and without `use_closure`, the support of
    /// its cone, the finite-volume coupling (for a cell, itself and the cells across its
    /// faces). A copy; PETSc's array is freed before this returns.
    ///
    /// ```
    /// use petsc::{DmBase, Plex};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut m = Plex::box_mesh(&petsc.self_comm()).sizes([3, 2]).build()?;
    /// let (cells, corner) = (m.height_stratum(0)?, m.depth_stratum(0)?.start);
    /// // The corner vertex lies in one cell: its 1 + 4 + 4 points.
    /// assert_eq!(m.adjacency(corner)?.len(), 9);
    /// m.set_basic_adjacency(true, false)?;
    /// let fv = m.adjacency(cells.start)?; // the corner cell and its 2 neighbours
    /// assert_eq!(fv.iter().filter(|p| cells.contains(p)).count(), 3);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMPlexGetAdjacency")]
    pub fn adjacency(&self, point: Int) -> Result<Vec<Int>> {
        const CTX: &str = "Plex::adjacency";
        self.check_point(CTX, point)?;
        self.check_storage(CTX, true)?;
        self.check_storage(CTX, false)?;
        // PETSC_DETERMINE: PETSc sizes the array it allocates.
        let mut n: Int = -1;
        let mut p: *mut Int = std::ptr::null_mut();
        // SAFETY: live plex with readable cones and supports; point in the chart; with a
        // null array PETSc allocates one of `n` integers, freed below.
        let r = check(unsafe { sys::DMPlexGetAdjacency(self.ptr, point, &mut n, &mut p) });
        let out = if r.is_ok() {
            // SAFETY: `n` integers PETSc wrote.
            unsafe { copied(p, n) }
        } else {
            Vec::new()
        };
        if !p.is_null() {
            // SAFETY: the array PETSc allocated for this call.
            check(unsafe { sys::petscrs_PetscFree(p.cast()) })?;
        }
        r?;
        Ok(out)
    }
}
