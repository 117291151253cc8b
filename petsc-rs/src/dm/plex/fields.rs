//! Data on the mesh: boundary labels, sections laid out by depth, where a point's
//! values sit in local and global vectors, and the values on the closure of a point in
//! vectors and matrices.

use std::ops::Range;

use petsc_sys as sys;

use super::Plex;
use crate::dm::base::sealed::DmRaw;
use crate::dm::{DmBase, DmLabel};
use crate::error::{Error, Result, check};
use crate::mat::Mat;
use crate::object::Object;
use crate::scalar::{Int, Scalar};
use crate::section::Section;
use crate::vec::{InsertMode, Vector};

/// The dofs of a closure in a section: each closure point the section's chart holds,
/// with its offset and number of values.
struct ClosureLayout {
    /// The section, live while the layout is (kept by `_owned` or the caller's borrow).
    raw: sys::PetscSection,
    _owned: Option<Section>,
    /// `(point, offset, dof)` of each closure point in the section's chart.
    points: Vec<(Int, Int, Int)>,
    /// The number of values on the closure.
    total: Int,
}

impl Plex {
    /// Gives the value `value` in `label` to every face on the boundary of the mesh,
    /// the faces with a cell on one side only (`DMPlexMarkBoundaryFaces`; collective
    /// where the mesh has a point SF, as PETSc 3.22 and later are);
    /// the mesh must be interpolated. A negative `value` (PETSc's `PETSC_DETERMINE`,
    /// petsc4py's default) gives each face the value a point of its closure already has
    /// in `label`, or 1 where none has one. Faces between the parts
    /// of a distributed mesh are not boundary faces: PETSc 3.18 marks them (their
    /// cells on this rank are on one side only), so they are left out here, on every
    /// PETSc version.
    ///
    /// ```
    /// use petsc::{DmBase, Plex};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut mesh = Plex::box_mesh(&petsc.self_comm()).sizes([3, 2]).build()?;
    /// mesh.create_label("boundary")?;
    /// let mut label = mesh.label("boundary")?.unwrap();
    /// mesh.mark_boundary_faces(1, &mut label)?;
    /// assert_eq!(mesh.stratum_size("boundary", 1)?, 10); // 2 * (3 + 2) edges
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMPlexMarkBoundaryFaces")]
    pub fn mark_boundary_faces(&self, value: Int, label: &mut DmLabel) -> Result<()> {
        const CTX: &str = "Plex::mark_boundary_faces";
        let chart = self.chart()?;
        let local = (|| {
            if let Some((a, b)) = label.index()? {
                if !chart.is_empty() && (a > chart.start || b < chart.end) {
                    return Err(Error::out_of_range(
                        CTX,
                        format!(
                            "the label's point index {a}..{b} does not cover the chart {}..{} (destroy_index first)",
                            chart.start, chart.end
                        ),
                    ));
                }
            }
            self.check_storage(CTX, true)?;
            self.check_storage(CTX, false)?;
            // Refused here, not by PETSc: from 3.22 on its refusal leaves a reference to
            // the mesh behind, which is then never destroyed.
            if !chart.is_empty() && !self.is_interpolated()? {
                return Err(Error::invalid(
                    CTX,
                    "the mesh is not fully interpolated on this rank (no faces to mark): \
                     make it with interpolation, or call interpolate first",
                ));
            }
            Ok(())
        })();
        let comm = self.comm();
        // With a point SF whose graph is set (the same on every rank) the marks are
        // worked out together, below; without, every rank marks its own faces alone, as
        // PETSc does (it need not be called on every rank then: a rank with no points
        // may skip it).
        let sf = match self.point_sf()? {
            Some(sf) if comm.size() > 1 => sf.graph().ok().map(|g| (sf, g)),
            _ => None,
        };
        if sf.is_some() {
            comm.agree(CTX, local)?;
        } else {
            local?;
        }
        let Some((sf, graph)) = sf else {
            // One rank, or a mesh not spread over its ranks: PETSc's marks are the
            // boundary.
            // SAFETY: live plex with readable cones and supports; live label whose index,
            // if any, covers the chart; a value that is not negative.
            return check(unsafe { sys::DMPlexMarkBoundaryFaces(self.ptr, value, label.as_raw()) });
        };
        // PETSc marks the faces with one cell on this rank into a scratch label; those
        // with one cell in the whole mesh are kept. The cells of a face are counted by
        // their owners (a cell is a leaf of the point SF where another rank owns it),
        // summed at the face's owner and sent back to every copy.
        let scratch = DmLabel::new(&comm, "petsc-rs boundary faces")?;
        // SAFETY: as above, with a new label without an index.
        check(unsafe { sys::DMPlexMarkBoundaryFaces(self.ptr, value, scratch.as_raw()) })?;
        let n = chart.end.max(0) as usize;
        let mut not_mine = vec![false; n.max(graph.leaf_extent())];
        match &graph.leaves {
            Some(l) => l.iter().for_each(|&p| not_mine[p as usize] = true),
            None => not_mine
                .iter_mut()
                .take(graph.remotes.len())
                .for_each(|b| *b = true),
        }
        let faces = self.height_stratum(1)?;
        let mut count: Vec<Int> =
            vec![0; n.max(graph.nroots.max(0) as usize).max(graph.leaf_extent())];
        for f in faces.clone() {
            count[f as usize] = self
                .support(f)?
                .iter()
                .filter(|&&c| !not_mine[c as usize])
                .count() as Int;
        }
        let mut total = count.clone();
        sf.reduce(&count, &mut total, crate::sf::SfOp::Sum)?;
        let mut seen = total.clone();
        sf.bcast(&total, &mut seen, crate::sf::SfOp::Replace)?;
        if let Some(is) = scratch.stratum_is(value)? {
            for &f in is.indices()?.iter() {
                if seen[f as usize] == 1 {
                    label.set_value(f, value)?;
                }
            }
        }
        Ok(())
    }

    /// The label of point depths (`DMPlexGetDepthLabel`), if the mesh is stratified: a
    /// handle of its own to the mesh's label.
    #[doc(alias = "DMPlexGetDepthLabel")]
    pub fn depth_label(&self) -> Result<Option<DmLabel>> {
        let mut l: sys::DMLabel = std::ptr::null_mut();
        // SAFETY: live plex; PETSc lends its label or null.
        check(unsafe { sys::DMPlexGetDepthLabel(self.ptr, &mut l) })?;
        if l.is_null() {
            return Ok(None);
        }
        // SAFETY: a live label the plex keeps; the handle takes its own reference.
        unsafe { DmLabel::from_raw_borrowed(self.petsc(), l) }.map(Some)
    }

    /// A section on the mesh's chart with `dofs_per_depth[d]` values at each point of
    /// depth `d` (one entry per depth, `0..=`[`depth()`](Self::depth)), set up: one
    /// value per cell of a 2D interpolated mesh is `[0, 0, 1]`, one per vertex
    /// `[1, 0, 0]`. Give it to the mesh with
    /// [`set_local_section`](crate::DmBase::set_local_section) to make vectors of that
    /// layout.
    ///
    /// ```
    /// use petsc::{DmBase, Plex};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut mesh = Plex::box_mesh(&petsc.self_comm()).sizes([3, 2]).build()?;
    /// let s = mesh.create_section(&[1, 0, 2])?; // 1 per vertex, 2 per cell
    /// assert_eq!(s.storage_size()?, 12 + 2 * 6);
    /// mesh.set_local_section(&s)?;
    /// assert_eq!(mesh.create_global_vector()?.size()?, 24);
    /// assert!(mesh.create_section(&[1, 0]).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscSectionSetDof")]
    pub fn create_section(&self, dofs_per_depth: &[Int]) -> Result<Section> {
        const CTX: &str = "Plex::create_section";
        let chart = self.chart()?;
        let depth = if chart.is_empty() {
            dofs_per_depth.len() as Int - 1
        } else {
            self.depth()?
        };
        if depth < 0 || dofs_per_depth.len() as Int != depth + 1 {
            return Err(Error::size_mismatch(
                CTX,
                format!(
                    "{} dof counts given; the mesh has depth {depth}, so it needs {}",
                    dofs_per_depth.len(),
                    depth + 1
                ),
            ));
        }
        if let Some((d, n)) = dofs_per_depth.iter().enumerate().find(|&(_, &n)| n < 0) {
            return Err(Error::invalid(
                CTX,
                format!("dofs_per_depth[{d}] is {n}; it must not be negative"),
            ));
        }
        let mut s = Section::new(&self.comm())?;
        s.set_chart(chart.start, chart.end)?;
        if !chart.is_empty() {
            for (d, &n) in dofs_per_depth.iter().enumerate() {
                if n > 0 {
                    for p in self.depth_stratum(d as Int)? {
                        s.set_dof(p, n)?;
                    }
                }
            }
        }
        s.set_up()?;
        Ok(s)
    }

    /// A section with one field per field of the mesh ([`DmBase::set_num_fields`]), set
    /// up (`DMPlexCreateSection`, without boundary conditions; collective): field `f`
    /// has `num_comp[f]` components and `num_dof[f * (dim + 1) + d]` values at each
    /// point of dimension `d` (`dim` is the mesh's [`dimension`](DmBase::dimension)).
    /// Values are stored point by point, the fields of a point together. Give it to
    /// the mesh with [`set_local_section`](DmBase::set_local_section).
    ///
    /// `num_comp` must have (at least) one entry per field of the mesh and `num_dof`
    /// `dim + 1` per field, none negative: else an `Err` on every rank. Entries past the
    /// mesh's fields are not read (as in PETSc): a mesh with no fields gets a section
    /// with none.
    ///
    /// ```
    /// use petsc::{DmBase, Plex};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut mesh = Plex::box_mesh(&petsc.self_comm()).sizes([3, 2]).build()?;
    /// mesh.set_num_fields(2)?;
    /// // Field 0: 1 value per cell; field 1: a 2-vector per vertex.
    /// let s = mesh.create_field_section(&[1, 2], &[0, 0, 1, 2, 0, 0])?;
    /// assert_eq!(s.num_fields()?, 2);
    /// assert_eq!(s.field_components(1)?, 2);
    /// assert_eq!(s.storage_size()?, 6 + 2 * 12);
    /// assert!(mesh.create_field_section(&[1], &[0, 0, 1]).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMPlexCreateSection")]
    pub fn create_field_section(&self, num_comp: &[Int], num_dof: &[Int]) -> Result<Section> {
        const CTX: &str = "Plex::create_field_section";
        let local = (|| {
            let nf = self.num_fields()?;
            let dim = self.dimension()?;
            if dim < 0 {
                return Err(Error::invalid(
                    CTX,
                    "the mesh has no dimension yet (make or read the mesh first)",
                ));
            }
            if (num_comp.len() as Int) < nf {
                return Err(Error::size_mismatch(
                    CTX,
                    format!(
                        "{} component counts for the mesh's {nf} fields (set_num_fields)",
                        num_comp.len()
                    ),
                ));
            }
            if (num_dof.len() as Int) < nf * (dim + 1) {
                return Err(Error::size_mismatch(
                    CTX,
                    format!(
                        "{} dof counts; {nf} fields in dimension {dim} need {}",
                        num_dof.len(),
                        nf * (dim + 1)
                    ),
                ));
            }
            let read = (nf as usize, (nf * (dim + 1)) as usize);
            let mut read = num_comp[..read.0].iter().chain(&num_dof[..read.1]);
            if let Some(n) = read.find(|&&n| n < 0) {
                return Err(Error::invalid(
                    CTX,
                    format!("a component or dof count is {n}; none may be negative"),
                ));
            }
            if self.depth_label()?.is_none() {
                return Err(Error::invalid(
                    CTX,
                    "the mesh has no depth label yet (stratify it)",
                ));
            }
            Ok(())
        })();
        self.comm().agree(CTX, local)?;
        let mut s: sys::PetscSection = std::ptr::null_mut();
        // SAFETY: live plex with a depth label; one component count per field and
        // `dim + 1` dof counts per field (checked), read only; no labels, boundary
        // conditions or permutation; PETSc writes the new section.
        check(unsafe {
            sys::DMPlexCreateSection(
                self.ptr,
                std::ptr::null_mut(),
                num_comp.as_ptr(),
                num_dof.as_ptr(),
                0,
                std::ptr::null(),
                std::ptr::null(),
                std::ptr::null(),
                std::ptr::null_mut(),
                &mut s,
            )
        })?;
        Ok(Section::from_raw(self.petsc(), s))
    }

    /// Where the values of `point` sit in a local vector: `offset..offset + dof` of the
    /// mesh's local section (`DMPlexGetPointLocal`).
    #[doc(alias = "DMPlexGetPointLocal")]
    pub fn point_local(&self, point: Int) -> Result<Range<Int>> {
        const CTX: &str = "Plex::point_local";
        self.check_point(CTX, point)?;
        let s = self
            .local_section()?
            .ok_or_else(|| Error::invalid(CTX, "the mesh has no local section; set one first"))?;
        let (off, dof) = (s.offset(point)?, s.dof(point)?);
        Ok(off..off + dof)
    }

    /// Where the values of `point` sit in the global vector, as global indices, or
    /// `None` if another rank owns the point (`DMPlexGetPointGlobal`; collective the
    /// first time, when the global section is made). Constrained values are left out.
    #[doc(alias = "DMPlexGetPointGlobal")]
    pub fn point_global(&self, point: Int) -> Result<Option<Range<Int>>> {
        const CTX: &str = "Plex::point_global";
        self.check_point(CTX, point)?;
        let s = self
            .global_section()?
            .ok_or_else(|| Error::invalid(CTX, "the mesh has no local section; set one first"))?;
        let (off, dof, cdof) = (s.offset(point)?, s.dof(point)?, s.constraint_dof(point)?);
        if off < 0 {
            return Ok(None);
        }
        Ok(Some(off..off + dof - cdof))
    }

    /// Where the values of field `field` at `point` sit in a local vector
    /// (`DMPlexGetPointLocalField`), by the mesh's local section.
    #[doc(alias = "DMPlexGetPointLocalField")]
    pub fn point_local_field(&self, point: Int, field: Int) -> Result<Range<Int>> {
        const CTX: &str = "Plex::point_local_field";
        self.check_point(CTX, point)?;
        let s = self
            .local_section()?
            .ok_or_else(|| Error::invalid(CTX, "the mesh has no local section; set one first"))?;
        let (off, dof) = (s.field_offset(point, field)?, s.field_dof(point, field)?);
        Ok(off..off + dof)
    }

    /// Where the values of field `field` at `point` sit in the global vector, or `None`
    /// if another rank owns the point (`DMPlexGetPointGlobalField`; collective the
    /// first time). Constrained values are left out.
    #[doc(alias = "DMPlexGetPointGlobalField")]
    pub fn point_global_field(&self, point: Int, field: Int) -> Result<Option<Range<Int>>> {
        const CTX: &str = "Plex::point_global_field";
        self.check_point(CTX, point)?;
        let s = self
            .global_section()?
            .ok_or_else(|| Error::invalid(CTX, "the mesh has no local section; set one first"))?;
        let off = s.field_offset(point, field)?;
        if off < 0 || s.offset(point)? < 0 {
            return Ok(None);
        }
        let (dof, cdof) = (
            s.field_dof(point, field)?,
            s.field_constraint_dof(point, field)?,
        );
        Ok(Some(off..off + dof - cdof))
    }

    /// Precomputes the closure of every point of `section`'s chart, kept in the
    /// section (`DMPlexCreateClosureIndex`): closures of vectors laid out by it read the
    /// index instead of walking the mesh. The section's chart must lie in the mesh's.
    #[doc(alias = "DMPlexCreateClosureIndex")]
    pub fn create_closure_index(&self, section: &Section) -> Result<()> {
        const CTX: &str = "Plex::create_closure_index";
        section.check_set_up(CTX)?;
        let (sc, chart) = (section.chart()?, self.chart()?);
        if !sc.is_empty() && (sc.start < chart.start || sc.end > chart.end) {
            return Err(Error::out_of_range(
                CTX,
                format!(
                    "the section's chart {}..{} is not inside the mesh's {}..{}",
                    sc.start, sc.end, chart.start, chart.end
                ),
            ));
        }
        self.check_storage(CTX, true)?;
        // SAFETY: live plex with readable cones; a set-up section whose chart lies in the
        // mesh's.
        check(unsafe { sys::DMPlexCreateClosureIndex(self.ptr, section.as_raw()) })
    }

    /// The layout of the closure of `point` in `section` (else the mesh's local
    /// section), refusing a section PETSc's closure routines could read outside of.
    fn closure_layout(
        &self,
        ctx: &str,
        section: Option<&Section>,
        point: Int,
    ) -> Result<ClosureLayout> {
        self.check_point(ctx, point)?;
        let owned = match section {
            Some(_) => None,
            None => Some(self.local_section()?.ok_or_else(|| {
                Error::invalid(ctx, "the mesh has no local section; pass one or set one")
            })?),
        };
        let section = match (section, &owned) {
            (Some(s), _) => s,
            (None, Some(s)) => s,
            (None, None) => unreachable!("the local section was fetched"),
        };
        section.check_set_up(ctx)?;
        let sc = section.chart()?;
        let fields = section.num_fields()?;
        let mut points = Vec::new();
        let mut total: Int = 0;
        for p in self.closure(point)? {
            if !sc.contains(&p) {
                continue;
            }
            let dof = section.dof(p)?;
            if dof < 0 {
                return Err(Error::invalid(
                    ctx,
                    format!(
                        "point {p} has {dof} values in the section: pass a local section, not a global one"
                    ),
                ));
            }
            if fields > 0 {
                let mut sum: Int = 0;
                for f in 0..fields {
                    sum += section.field_dof(p, f)?;
                }
                if sum != dof {
                    return Err(Error::invalid(
                        ctx,
                        format!(
                            "point {p} has {dof} values in the section but its fields add up to {sum}"
                        ),
                    ));
                }
            }
            points.push((p, section.offset(p)?, dof));
            total += dof;
        }
        Ok(ClosureLayout {
            raw: section.as_raw(),
            _owned: owned,
            points,
            total,
        })
    }

    /// An `Err` unless every closure value of `layout` lies in the local array of `v`.
    fn check_vec_covers(ctx: &str, layout: &ClosureLayout, v: &Vector) -> Result<()> {
        let n = v.local_size()?;
        for &(p, off, dof) in &layout.points {
            if dof > 0 && (off < 0 || off + dof > n) {
                return Err(Error::size_mismatch(
                    ctx,
                    format!(
                        "the values of point {p} sit at {off}..{} in the section, outside the vector's {n} local entries (a local vector of this section?)",
                        off + dof
                    ),
                ));
            }
        }
        Ok(())
    }

    /// The number of values on the closure of `point` in `section` (else the mesh's
    /// local section): the length [`vec_get_closure`](Self::vec_get_closure) returns and
    /// [`vec_set_closure`](Self::vec_set_closure) takes.
    pub fn closure_dof(&self, section: Option<&Section>, point: Int) -> Result<Int> {
        Ok(self
            .closure_layout("Plex::closure_dof", section, point)?
            .total)
    }

    /// The values of the local vector `v` on the closure of `point`
    /// (`DMPlexVecGetClosure`), laid out by `section` (else the mesh's local section):
    /// the point's values, then its faces', ..., then its vertices'. A copy; PETSc's
    /// array is given back (`DMPlexVecRestoreClosure`) before this returns.
    ///
    /// ```
    /// use petsc::{DmBase, InsertMode, Plex};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut mesh = Plex::box_mesh(&petsc.self_comm()).sizes([3, 2]).build()?;
    /// let s = mesh.create_section(&[1, 0, 0])?; // one value per vertex
    /// mesh.set_local_section(&s)?;
    /// let mut v = mesh.create_local_vector()?;
    /// let cell = mesh.height_stratum(0)?.start;
    /// mesh.vec_set_closure(None, &mut v, cell, &[1.0, 2.0, 3.0, 4.0], InsertMode::Insert)?;
    /// assert_eq!(mesh.vec_get_closure(None, &v, cell)?, [1.0, 2.0, 3.0, 4.0]);
    /// assert!(mesh.vec_set_closure(None, &mut v, cell, &[1.0], InsertMode::Insert).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMPlexVecGetClosure")]
    pub fn vec_get_closure(
        &self,
        section: Option<&Section>,
        v: &Vector,
        point: Int,
    ) -> Result<Vec<Scalar>> {
        const CTX: &str = "Plex::vec_get_closure";
        let layout = self.closure_layout(CTX, section, point)?;
        Self::check_vec_covers(CTX, &layout, v)?;
        let raw = v.raw_read(CTX)?;
        let s = layout.raw;
        let mut n: Int = 0;
        let mut p: *mut Scalar = std::ptr::null_mut();
        // SAFETY: live plex with readable cones, point in the chart; a set-up local
        // section whose closure values all lie in the vector's array (checked); PETSc
        // lends a work array of `n` scalars until the restore below.
        check(unsafe { sys::DMPlexVecGetClosure(self.ptr, s, raw, point, &mut n, &mut p) })?;
        let out = if n > 0 && !p.is_null() {
            // SAFETY: `n` scalars PETSc wrote.
            unsafe { std::slice::from_raw_parts(p, n as usize) }.to_vec()
        } else {
            Vec::new()
        };
        // SAFETY: the array PETSc lent, given back once.
        check(unsafe { sys::DMPlexVecRestoreClosure(self.ptr, s, raw, point, &mut n, &mut p) })?;
        Ok(out)
    }

    /// Puts `values` into the local vector `v` on the closure of `point`
    /// (`DMPlexVecSetClosure`), laid out by `section` (else the mesh's local section),
    /// in the order [`vec_get_closure`](Self::vec_get_closure) gives; `mode` inserts or
    /// adds. `values` must hold exactly [`closure_dof`](Self::closure_dof) values.
    #[doc(alias = "DMPlexVecSetClosure")]
    pub fn vec_set_closure(
        &self,
        section: Option<&Section>,
        v: &mut Vector,
        point: Int,
        values: &[Scalar],
        mode: InsertMode,
    ) -> Result<()> {
        const CTX: &str = "Plex::vec_set_closure";
        let layout = self.closure_layout(CTX, section, point)?;
        if values.len() as Int != layout.total {
            return Err(Error::size_mismatch(
                CTX,
                format!(
                    "{} values given for the {} values on the closure of point {point}",
                    values.len(),
                    layout.total
                ),
            ));
        }
        Self::check_vec_covers(CTX, &layout, v)?;
        let raw = v.raw_write(CTX)?;
        // SAFETY: live plex with readable cones, point in the chart; a set-up local
        // section whose closure values all lie in the vector's array (checked); `values`
        // holds the closure's count, read only.
        check(unsafe {
            sys::DMPlexVecSetClosure(
                self.ptr,
                layout.raw,
                raw,
                point,
                values.as_ptr(),
                mode.raw(),
            )
        })
    }

    /// Inserts or adds the dense `n x n` block `values` (row-major, `n` =
    /// [`closure_dof`](Self::closure_dof)) into the matrix `a` at the rows and columns
    /// of the closure of `point` (`DMPlexMatSetClosure`): the local layout is `section`
    /// (else the mesh's local section), the global indices come from `global_section`
    /// (else the mesh's global section, made if needed: collective then). Assemble `a`
    /// afterwards.
    ///
    /// ```
    /// use petsc::{DmBase, InsertMode, Plex};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut mesh = Plex::box_mesh(&petsc.self_comm()).sizes([3, 2]).build()?;
    /// mesh.set_local_section(&mesh.create_section(&[1, 0, 0])?)?;
    /// let mut a = mesh.create_matrix()?;
    /// for cell in mesh.height_stratum(0)? {
    ///     mesh.mat_set_closure(None, None, &mut a, cell, &[1.0; 16], InsertMode::Add)?;
    /// }
    /// a.assemble()?;
    /// // The corner vertex (0, 0) lies in one cell.
    /// let v0 = mesh.point_global(mesh.depth_stratum(0)?.start)?.unwrap().start;
    /// assert_eq!(a.values(&[v0], &[v0])?, [1.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMPlexMatSetClosure")]
    pub fn mat_set_closure(
        &self,
        section: Option<&Section>,
        global_section: Option<&Section>,
        a: &mut Mat,
        point: Int,
        values: &[Scalar],
        mode: InsertMode,
    ) -> Result<()> {
        a.check_loan("Plex::mat_set_closure")?;
        const CTX: &str = "Plex::mat_set_closure";
        let layout = self.closure_layout(CTX, section, point)?;
        let n = layout.total;
        if values.len() as Int != n * n {
            return Err(Error::size_mismatch(
                CTX,
                format!(
                    "{} values given for the {n} x {n} block of the closure of point {point}",
                    values.len()
                ),
            ));
        }
        let owned = match global_section {
            Some(_) => None,
            None => Some(self.global_section()?.ok_or_else(|| {
                Error::invalid(
                    CTX,
                    "the mesh has no global section; pass one or set a local one",
                )
            })?),
        };
        let global = match (global_section, &owned) {
            (Some(g), _) => g,
            (None, Some(g)) => g,
            (None, None) => unreachable!("the global section was fetched"),
        };
        global.check_set_up(CTX)?;
        let (rows, cols) = a.size()?;
        let gc = global.chart()?;
        // Every global index PETSc will make for the closure, owned or not, must be a
        // row and a column of `a`.
        for &(p, _, dof) in &layout.points {
            if dof == 0 {
                continue;
            }
            if !gc.contains(&p) {
                return Err(Error::invalid(
                    CTX,
                    format!(
                        "point {p} is outside the global section's chart {}..{}",
                        gc.start, gc.end
                    ),
                ));
            }
            let off = global.offset(p)?;
            let start = if off < 0 { -(off + 1) } else { off };
            if start + dof > rows.min(cols) {
                return Err(Error::size_mismatch(
                    CTX,
                    format!(
                        "the values of point {p} go to global indices {start}..{}, beyond the {rows} x {cols} matrix",
                        start + dof
                    ),
                ));
            }
        }
        a.check_no_views(CTX)?;
        // SAFETY: live plex, point in the chart; set-up sections whose closure indices
        // all lie in the matrix (checked); `values` holds the n x n block, read only.
        check(unsafe {
            sys::DMPlexMatSetClosure(
                self.ptr,
                layout.raw,
                global.as_raw(),
                a.as_raw(),
                point,
                values.as_ptr(),
                mode.raw(),
            )
        })
    }

    /// The Clément interpolant of the gradient of the finite element function `loc_x`
    /// (a local vector of this mesh), put into the local vector `loc_c`
    /// (`DMPlexComputeGradientClementInterpolant`): at each vertex, the cellwise
    /// gradients of the cells around it averaged with their volumes as weights.
    /// `loc_c` must be a local vector of a mesh on the same points
    /// ([`create_local_vector`](DmBase::create_local_vector) of a
    /// [`clone_dm`](DmBase::clone_dm) with its own field) holding `coordinate_dim * nc`
    /// values at each vertex, `nc` the number of components of all fields together:
    /// component `c`'s gradient is at `c * coordinate_dim ..`. Everything else in
    /// `loc_c` is zeroed.
    ///
    /// Every field of this mesh must be a finite element ([`Fe`](crate::Fe)), and each
    /// cell's closure in the local section must hold exactly the fields' basis
    /// functions; else, and for a `loc_x` or `loc_c` of the wrong layout, an `Err`.
    ///
    /// ```
    /// use petsc::{DmBase, Fe, InsertMode, Plex, Scalar};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut mesh = Plex::box_mesh(&c).sizes([3, 2]).build()?;
    /// mesh.add_field(None, &Fe::builder(&c, 2, 1).degree(1).build()?)?;
    /// mesh.create_ds()?;
    /// // Q1 holds u = 3x - 2y exactly.
    /// let mut u = mesh.create_global_vector()?;
    /// mesh.project_function(0.0, vec![Box::new(|_, _, p, u| { u[0] = Scalar::from(3.0 * p[0] - 2.0 * p[1]); Ok(()) })], InsertMode::Insert, &mut u)?;
    /// let mut loc_x = mesh.create_local_vector()?;
    /// mesh.global_to_local(&u, InsertMode::Insert, &mut loc_x)?;
    /// // The gradient: two components per vertex.
    /// let mut grad = mesh.clone_dm()?;
    /// grad.add_field(None, &Fe::builder(&c, 2, 2).degree(1).build()?)?;
    /// grad.create_ds()?;
    /// let mut loc_c = grad.create_local_vector()?;
    /// mesh.compute_gradient_clement_interpolant(&loc_x, &mut loc_c)?;
    /// let g = loc_c.view()?;
    /// assert_eq!(g.len(), 2 * 12); // 12 vertices
    /// assert!(g.chunks(2).all(|d| (d[0] - 3.0).abs() < 1e-12 && (d[1] + 2.0).abs() < 1e-12));
    /// drop(g);
    /// // The values must be laid out by a mesh: a vector of this mesh's own field
    /// // (one value per vertex) is refused.
    /// let mut wrong = mesh.create_local_vector()?;
    /// assert!(mesh.compute_gradient_clement_interpolant(&loc_x, &mut wrong).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMPlexComputeGradientClementInterpolant")]
    pub fn compute_gradient_clement_interpolant(
        &self,
        loc_x: &Vector,
        loc_c: &mut Vector,
    ) -> Result<()> {
        const CTX: &str = "Plex::compute_gradient_clement_interpolant";
        let local = (|| {
            let nf = self.num_fields()?;
            if nf < 1 {
                return Err(Error::invalid(
                    CTX,
                    "the mesh has no field (add_field, create_ds)",
                ));
            }
            let (mut basis, mut components): (Int, Int) = (0, 0);
            for f in 0..nf {
                // SAFETY: live mesh.
                let (dim, nc) = unsafe { fe_sizes(self.ptr, f) }?.ok_or_else(|| {
                    Error::invalid(CTX, format!("field {f} is not a finite element (PetscFE)"))
                })?;
                basis += dim;
                components += nc;
            }
            // PETSc reads each cell's closure as the fields' basis coefficients, one
            // after the other.
            for cell in self.height_stratum(0)? {
                let layout = self.closure_layout(CTX, None, cell)?;
                if layout.total != basis {
                    return Err(Error::size_mismatch(
                        CTX,
                        format!(
                            "cell {cell} has {} values on its closure in the local section, not the {basis} basis functions of the fields",
                            layout.total
                        ),
                    ));
                }
                Self::check_vec_covers(CTX, &layout, loc_x)?;
            }
            // ... and writes `coordinate_dim x components` values at each vertex of
            // this mesh, through the closure of the vertex in `loc_c`'s mesh.
            let mut raw: sys::DM = std::ptr::null_mut();
            // SAFETY: live vector; PETSc lends its DM or null.
            check(unsafe { sys::VecGetDM(loc_c.as_raw(), &mut raw) })?;
            if raw.is_null() {
                return Err(Error::invalid(
                    CTX,
                    "loc_c has no mesh: make it with create_local_vector of the gradient's mesh",
                ));
            }
            // SAFETY: the live DM the vector holds; the handle takes its own reference.
            check(unsafe { sys::PetscObjectReference(raw as sys::PetscObject) })?;
            let grad = Plex::wrap_dm(self.petsc(), raw, CTX)?;
            let per_vertex = self.coordinate_dim()? * components;
            for v in self.depth_stratum(0)? {
                let layout = grad.closure_layout(CTX, None, v)?;
                if layout.total != per_vertex {
                    return Err(Error::size_mismatch(
                        CTX,
                        format!(
                            "vertex {v} has {} values in loc_c's mesh, not coordinate_dim x components = {per_vertex}",
                            layout.total
                        ),
                    ));
                }
                Self::check_vec_covers(CTX, &layout, loc_c)?;
            }
            Ok(())
        })();
        self.comm().agree(CTX, local)?;
        let x = loc_x.raw_read(CTX)?;
        let c = loc_c.raw_write(CTX)?;
        // SAFETY: live plex whose fields are all PetscFEs and whose cells' closures hold
        // their basis functions, all inside `loc_x` (checked); `loc_c`'s mesh holds
        // `coordinate_dim x components` values at each vertex, inside `loc_c` (checked).
        check(unsafe { sys::DMPlexComputeGradientClementInterpolant(self.ptr, x, c) })
    }
}

/// The number of basis functions and of components of field `f` of `dm`
/// (`PetscFEGetDimension`, `PetscFEGetNumComponents`), `None` when the field is not a
/// finite element.
///
/// # Safety
/// `dm` must be a live DM.
unsafe fn fe_sizes(dm: sys::DM, f: Int) -> Result<Option<(Int, Int)>> {
    let mut obj: sys::PetscObject = std::ptr::null_mut();
    // SAFETY: live DM (caller); PETSc lends the field's object, or null.
    check(unsafe { sys::DMGetField(dm, f, std::ptr::null_mut(), &mut obj) })?;
    if obj.is_null() {
        return Ok(None);
    }
    let mut name: *const std::os::raw::c_char = std::ptr::null();
    // SAFETY: a live object; PETSc returns its own string.
    check(unsafe { sys::PetscObjectGetClassName(obj, &mut name) })?;
    // SAFETY: PETSc's own NUL-terminated string, or null.
    if name.is_null() || unsafe { std::ffi::CStr::from_ptr(name) }.to_bytes() != b"PetscFE" {
        return Ok(None);
    }
    let (mut dim, mut nc): (Int, Int) = (0, 0);
    // SAFETY: a live PetscFE lent by the DM.
    check(unsafe { sys::PetscFEGetDimension(obj as sys::PetscFE, &mut dim) })?;
    // SAFETY: as above.
    check(unsafe { sys::PetscFEGetNumComponents(obj as sys::PetscFE, &mut nc) })?;
    Ok(Some((dim, nc)))
}
