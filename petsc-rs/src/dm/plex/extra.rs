//! Smaller `DMPlex` calls under PETSc's own names: point numberings, cell types set by
//! hand, the maps of submeshes back to their parents, the defaults
//! PETSc reads when it distributes or reorders a mesh, and Gmsh files read from a
//! viewer.

use petsc_sys as sys;

use super::{CellType, Plex};
use crate::comm::Comm;
use crate::dm::DmLabel;
use crate::error::{Error, Result, check};
use crate::is::IndexSet;
use crate::object::Object;
use crate::scalar::Int;
use crate::section::Section;
use crate::sf::StarForest;
use crate::vec::Vector;
use crate::viewer::{FileMode, Viewer, ViewerType};

/// PETSc's number of a shape, `None` for [`CellType::Unknown`].
fn polytope(t: CellType) -> Option<sys::DMPolytopeType> {
    use sys::DMPolytopeType as T;
    Some(match t {
        CellType::Point => T::DM_POLYTOPE_POINT,
        CellType::Segment => T::DM_POLYTOPE_SEGMENT,
        CellType::PointPrismTensor => T::DM_POLYTOPE_POINT_PRISM_TENSOR,
        CellType::Triangle => T::DM_POLYTOPE_TRIANGLE,
        CellType::Quadrilateral => T::DM_POLYTOPE_QUADRILATERAL,
        CellType::SegPrismTensor => T::DM_POLYTOPE_SEG_PRISM_TENSOR,
        CellType::Tetrahedron => T::DM_POLYTOPE_TETRAHEDRON,
        CellType::Hexahedron => T::DM_POLYTOPE_HEXAHEDRON,
        CellType::TriPrism => T::DM_POLYTOPE_TRI_PRISM,
        CellType::TriPrismTensor => T::DM_POLYTOPE_TRI_PRISM_TENSOR,
        CellType::QuadPrismTensor => T::DM_POLYTOPE_QUAD_PRISM_TENSOR,
        CellType::Pyramid => T::DM_POLYTOPE_PYRAMID,
        CellType::FvGhost => T::DM_POLYTOPE_FV_GHOST,
        CellType::InteriorGhost => T::DM_POLYTOPE_INTERIOR_GHOST,
        _ => return None,
    })
}

/// The cone sizes a point of shape `t` may have: its faces' count (interpolated
/// meshes) or its vertices' count (cells of meshes without edges and faces); `None`
/// for ghost cells, whose cones vary.
fn cone_sizes(t: CellType) -> Option<[usize; 2]> {
    Some(match t {
        CellType::Point => [0, 0],
        CellType::Segment | CellType::PointPrismTensor => [2, 2],
        CellType::Triangle => [3, 3],
        CellType::Quadrilateral | CellType::SegPrismTensor | CellType::Tetrahedron => [4, 4],
        CellType::Hexahedron => [6, 8],
        CellType::TriPrism | CellType::TriPrismTensor => [5, 6],
        CellType::QuadPrismTensor => [6, 8],
        CellType::Pyramid => [5, 5],
        _ => return None,
    })
}

/// The flag of a mesh's default reordering: `DMPlexReorderDefaultFlag` up to PETSc
/// 3.20, `DMReorderDefaultFlag` (the same three values) from 3.21.
mod reorder {
    use crate::sys;
    #[cfg(not(petsc_3_21))]
    pub(super) use sys::DMPlexReorderDefaultFlag as Flag;
    #[cfg(petsc_3_21)]
    pub(super) use sys::DMReorderDefaultFlag as Flag;
    #[cfg(not(petsc_3_21))]
    pub(super) const NOTSET: Flag = Flag::DMPLEX_REORDER_DEFAULT_NOTSET;
    #[cfg(not(petsc_3_21))]
    pub(super) const FALSE: Flag = Flag::DMPLEX_REORDER_DEFAULT_FALSE;
    #[cfg(not(petsc_3_21))]
    pub(super) const TRUE: Flag = Flag::DMPLEX_REORDER_DEFAULT_TRUE;
    #[cfg(petsc_3_21)]
    pub(super) const NOTSET: Flag = Flag::DM_REORDER_DEFAULT_NOTSET;
    #[cfg(petsc_3_21)]
    pub(super) const FALSE: Flag = Flag::DM_REORDER_DEFAULT_FALSE;
    #[cfg(petsc_3_21)]
    pub(super) const TRUE: Flag = Flag::DM_REORDER_DEFAULT_TRUE;

    /// Whether PETSc's default is set, and to what (`NOTSET` is `None`).
    pub(super) fn get(f: Flag) -> Option<bool> {
        match f {
            TRUE => Some(true),
            FALSE => Some(false),
            _ => None,
        }
    }
}

impl Plex {
    /// A global number for every point of this rank, `-(n + 1)` for points another
    /// rank owns (`DMPlexCreatePointNumbering`; collective): PETSc's name for
    /// [`point_numbering`](Self::point_numbering).
    ///
    /// ```
    /// use petsc::Plex;
    /// let petsc = petsc::Petsc::init()?;
    /// let mesh = Plex::create_box_mesh(&petsc.self_comm(), 2, false, Some(&[2, 1]), None, None, None, true)?;
    /// let n = mesh.create_point_numbering()?;
    /// assert_eq!(n.indices()?.len(), 2 + 7 + 6);
    /// assert_eq!(n.indices()?[3], 3);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMPlexCreatePointNumbering")]
    pub fn create_point_numbering(&self) -> Result<IndexSet> {
        self.point_numbering()
    }

    /// Sets the shape of `point` (`DMPlexSetCellType`). The point must be in the chart
    /// and its cone fit the shape (as many faces, or, for cells of meshes without
    /// edges and faces, as many vertices as the shape has): PETSc sizes arrays by the
    /// shape when it orients and walks the mesh. [`CellType::Unknown`] is refused.
    ///
    /// ```
    /// use petsc::{CellType, Plex};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut mesh = Plex::create_box_mesh(&petsc.self_comm(), 2, false, Some(&[2, 1]), None, None, None, true)?;
    /// let c = mesh.height_stratum(0)?.start;
    /// mesh.set_cell_type(c, CellType::Quadrilateral)?;
    /// assert_eq!(mesh.cell_type(c)?, CellType::Quadrilateral);
    /// assert!(mesh.set_cell_type(c, CellType::Triangle).is_err()); // 4 edges, not 3
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMPlexSetCellType")]
    pub fn set_cell_type(&mut self, point: Int, cell_type: CellType) -> Result<()> {
        const CTX: &str = "Plex::set_cell_type";
        self.check_point(CTX, point)?;
        let Some(t) = polytope(cell_type) else {
            return Err(Error::invalid(CTX, "the cell type Unknown cannot be set"));
        };
        if let Some(sizes) = cone_sizes(cell_type) {
            self.check_storage(CTX, true)?;
            let n = self.cone(point)?.len();
            if !sizes.contains(&n) {
                return Err(Error::invalid(
                    CTX,
                    format!(
                        "point {point} has {n} points in its cone; a {} has {}",
                        cell_type.name(),
                        if sizes[0] == sizes[1] {
                            sizes[0].to_string()
                        } else {
                            format!("{} faces or {} vertices", sizes[0], sizes[1])
                        }
                    ),
                ));
            }
        }
        // SAFETY: live plex, point in the chart, a shape that fits its cone.
        check(unsafe { sys::DMPlexSetCellType(self.ptr, point, t) })
    }

    /// For a submesh ([`filter`](Self::filter), ...), the point of the parent mesh each
    /// of its points came from, in order (`DMPlexGetSubpointIS`); `None` for a mesh
    /// that is no submesh.
    ///
    /// ```
    /// use petsc::{DmBase, DmLabel, Plex};
    /// let petsc = petsc::Petsc::init()?;
    /// let comm = petsc.self_comm();
    /// let m = Plex::create_box_mesh(&comm, 2, false, Some(&[3, 2]), None, None, None, true)?;
    /// let mut pick = DmLabel::new(&comm, "pick")?;
    /// let c = m.height_stratum(0)?.start + 4;
    /// pick.set_value(c, 1)?;
    /// let sub = m.filter(&pick, 1)?;
    /// let parents = sub.subpoint_is()?.unwrap();
    /// assert_eq!(parents.indices()?.len(), 1 + 4 + 4);
    /// assert!(parents.indices()?.contains(&c));
    /// assert!(sub.subpoint_map()?.is_some());
    /// assert!(m.subpoint_is()?.is_none());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMPlexGetSubpointIS")]
    pub fn subpoint_is(&self) -> Result<Option<IndexSet>> {
        if self.subpoint_map()?.is_none() {
            return Ok(None);
        }
        let mut is: sys::IS = std::ptr::null_mut();
        // SAFETY: live plex with a subpoint map; PETSc lends the IS it keeps (made from
        // the map).
        check(unsafe { sys::DMPlexGetSubpointIS(self.ptr, &mut is) })?;
        if is.is_null() {
            return Ok(None);
        }
        // SAFETY: a live IS the plex keeps; the handle takes its own reference.
        unsafe { IndexSet::from_raw_borrowed(self.petsc(), is) }.map(Some)
    }

    /// For a submesh, the label marking each point of the parent mesh it kept with its
    /// depth (`DMPlexGetSubpointMap`), as a handle of its own; `None` for a mesh that
    /// is no submesh.
    #[doc(alias = "DMPlexGetSubpointMap")]
    pub fn subpoint_map(&self) -> Result<Option<DmLabel>> {
        let mut l: sys::DMLabel = std::ptr::null_mut();
        // SAFETY: live plex; PETSc lends its label or null.
        check(unsafe { sys::DMPlexGetSubpointMap(self.ptr, &mut l) })?;
        if l.is_null() {
            return Ok(None);
        }
        // SAFETY: a live label the plex keeps; the handle takes its own reference.
        unsafe { DmLabel::from_raw_borrowed(self.petsc(), l) }.map(Some)
    }

    /// Whether meshes are reordered by default when set up from options
    /// (`DMPlexReorderGetDefault`): `None` until set.
    #[doc(alias = "DMPlexReorderGetDefault")]
    pub fn reorder_get_default(&self) -> Result<Option<bool>> {
        let mut f = reorder::NOTSET;
        // SAFETY: live plex; PETSc writes the flag.
        check(unsafe { sys::DMPlexReorderGetDefault(self.ptr, &mut f) })?;
        Ok(reorder::get(f))
    }

    /// Sets whether the mesh is reordered by default when set up from options
    /// (`DMPlexReorderSetDefault`; `-dm_plex_reorder_default`).
    ///
    /// ```
    /// use petsc::Plex;
    /// let petsc = petsc::Petsc::init()?;
    /// let mut mesh = Plex::new(&petsc.self_comm())?;
    /// mesh.reorder_set_default(false)?;
    /// assert_eq!(mesh.reorder_get_default()?, Some(false));
    /// mesh.distribute_set_default(false)?;
    /// assert!(!mesh.distribute_get_default()?);
    /// mesh.distribution_set_name("first")?;
    /// assert_eq!(mesh.distribution_get_name()?.as_deref(), Some("first"));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMPlexReorderSetDefault")]
    pub fn reorder_set_default(&mut self, reorder: bool) -> Result<()> {
        let f = if reorder {
            reorder::TRUE
        } else {
            reorder::FALSE
        };
        // SAFETY: live plex.
        check(unsafe { sys::DMPlexReorderSetDefault(self.ptr, f) })
    }

    /// Whether the mesh is distributed by default when set up from options
    /// (`DMPlexDistributeGetDefault`): PETSc's name for
    /// [`distribute_default`](Self::distribute_default).
    #[doc(alias = "DMPlexDistributeGetDefault")]
    pub fn distribute_get_default(&self) -> Result<bool> {
        self.distribute_default()
    }

    /// Sets whether the mesh is distributed by default when set up from options
    /// (`DMPlexDistributeSetDefault`): PETSc's name for
    /// [`set_distribute_default`](Self::set_distribute_default).
    #[doc(alias = "DMPlexDistributeSetDefault")]
    pub fn distribute_set_default(&mut self, distribute: bool) -> Result<()> {
        self.set_distribute_default(distribute)
    }

    /// The name of the mesh's distribution, if set (`DMPlexDistributionGetName`):
    /// PETSc's name for [`distribution_name`](Self::distribution_name).
    #[doc(alias = "DMPlexDistributionGetName")]
    pub fn distribution_get_name(&self) -> Result<Option<String>> {
        self.distribution_name()
    }

    /// Names the mesh's distribution, saved with it to HDF5
    /// (`DMPlexDistributionSetName`): PETSc's name for
    /// [`set_distribution_name`](Self::set_distribution_name).
    #[doc(alias = "DMPlexDistributionSetName")]
    pub fn distribution_set_name(&mut self, name: &str) -> Result<()> {
        self.set_distribution_name(name)
    }

    /// Reads a Gmsh mesh (`.msh`, ASCII or binary) from `viewer`, an ASCII or binary
    /// viewer opened for reading on the file (`DMPlexCreateGmsh`; collective on
    /// `comm`, of the viewer's size). Other viewers, and viewers opened for writing,
    /// are refused before PETSc reads. The file is checked first and, on more than one
    /// rank, read by the first rank alone, as in
    /// [`from_file`](Self::from_file).
    ///
    /// ```
    /// use petsc::{DmBase, FileMode, Plex, Viewer, ViewerType};
    /// let petsc = petsc::Petsc::init()?;
    /// let comm = petsc.self_comm();
    /// let path = std::env::temp_dir().join(format!("petsc-rs-gmsh-doc-{}.msh", std::process::id()));
    /// std::fs::write(&path, "$MeshFormat\n2.2 0 8\n$EndMeshFormat\n$Nodes\n3\n1 0 0 0\n2 1 0 0\n3 0 1 0\n\
    ///     $EndNodes\n$Elements\n1\n1 2 2 0 1 1 2 3\n$EndElements\n").unwrap();
    /// let mut v = Viewer::new(&comm)?;
    /// v.set_type(ViewerType::Ascii)?;
    /// v.set_file_mode(FileMode::Read)?;
    /// v.set_file_name(path.to_str().unwrap())?;
    /// let mesh = Plex::from_gmsh(&comm, &v, true)?;
    /// assert_eq!((mesh.height_stratum(0)?.count(), mesh.depth_stratum(0)?.count()), (1, 3));
    /// # std::fs::remove_file(&path).ok();
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMPlexCreateGmsh")]
    pub fn from_gmsh(comm: &Comm, viewer: &Viewer, interpolate: bool) -> Result<Plex> {
        const CTX: &str = "Plex::from_gmsh";
        let local = (|| {
            let ty = viewer.type_name()?;
            if ty != "ascii" && ty != "binary" {
                return Err(Error::invalid(
                    CTX,
                    format!(
                        "the viewer has type '{ty}'; Gmsh files are read from an ASCII or binary viewer"
                    ),
                ));
            }
            if viewer.file_mode()? != Some(FileMode::Read) {
                return Err(Error::invalid(
                    CTX,
                    "the viewer is not opened for reading (FileMode::Read)",
                ));
            }
            if viewer.comm().size() != comm.size() {
                return Err(Error::invalid(
                    CTX,
                    format!(
                        "the viewer is on {} ranks, the communicator has {}",
                        viewer.comm().size(),
                        comm.size()
                    ),
                ));
            }
            Ok(())
        })();
        let path = comm.agree(CTX, local.and_then(|()| viewer.file_name()))?;
        // A failure anywhere in the trial read, making its viewer included, is returned
        // from the closure, so that every rank agrees on it.
        super::gmsh::before_read(comm, CTX, &path, |me| {
            let mut v = Viewer::new(me)?;
            v.set_type(ViewerType::from_name(&viewer.type_name()?))?;
            v.set_file_mode(FileMode::Read)?;
            v.set_file_name(&path)?;
            Plex::from_gmsh(me, &v, interpolate).map(drop)
        })?;
        let mut d: sys::DM = std::ptr::null_mut();
        let b = if interpolate {
            sys::PETSC_BOOL_TRUE
        } else {
            sys::PETSC_BOOL_FALSE
        };
        // SAFETY: live communicator and an ASCII or binary viewer opened for reading,
        // of the same size; PETSc writes a new DM (destroyed with its handle on failure).
        let r = check(unsafe { sys::DMPlexCreateGmsh(comm.as_raw(), viewer.as_raw(), b, &mut d) });
        let plex = (!d.is_null()).then(|| Plex::from_raw(comm.petsc(), d));
        r?;
        plex.ok_or_else(|| Error::invalid(CTX, "PETSc made no mesh"))
    }

    /// Moves the field `vec`, laid out by `section` on this mesh, along `migration`
    /// (the star forest [`distribute`](Self::distribute) returned: this mesh's points
    /// are its roots) (`DMPlexDistributeField`; collective). Returns the field's layout
    /// on the new points and its values, a new vector.
    ///
    /// ```
    /// use petsc::{DmBase, Plex, SfNode, StarForest};
    /// let petsc = petsc::Petsc::init()?;
    /// let comm = petsc.self_comm();
    /// let mesh = Plex::create_box_mesh(&comm, 2, false, Some(&[2, 1]), None, None, None, true)?;
    /// let section = mesh.create_section(&[1, 0, 0])?; // one value per vertex
    /// let mut v = petsc::Vector::new_seq(&comm, section.storage_size()?)?;
    /// v.set(4.0)?;
    /// // A forest that keeps every point where it is.
    /// let n = mesh.chart()?.end;
    /// let mut sf = StarForest::new(&comm)?;
    /// let nodes: Vec<SfNode> = (0..n).map(|i| SfNode { rank: 0, index: i }).collect();
    /// sf.set_graph(n, None, &nodes)?;
    /// let (moved, w) = mesh.distribute_field(&sf, &section, &v)?;
    /// assert_eq!(moved.storage_size()?, 6);
    /// assert_eq!(w.sum()?, petsc::Scalar::from(24.0));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMPlexDistributeField")]
    pub fn distribute_field(
        &self,
        migration: &StarForest,
        section: &Section,
        vec: &Vector,
    ) -> Result<(Section, Vector)> {
        const CTX: &str = "Plex::distribute_field";
        let local = (|| {
            section.check_set_up(CTX)?;
            let c = section.chart()?;
            let g = migration.graph()?;
            if c.start != 0 || c.end < g.nroots {
                return Err(Error::size_mismatch(
                    CTX,
                    format!(
                        "the section's chart is {}..{}; it must run from 0 over the migration's {} roots",
                        c.start, c.end, g.nroots
                    ),
                ));
            }
            let (n, m) = (section.storage_size()?, vec.local_size()?);
            if n != m {
                return Err(Error::size_mismatch(
                    CTX,
                    format!("the vector has {m} local entries; the section lays out {n}"),
                ));
            }
            vec.borrow_shared(CTX)
        })();
        let _borrow = self.comm().agree(CTX, local)?;
        let new_section = Section::new(&self.comm())?;
        let new_vec = Vector::new(&self.comm())?;
        // SAFETY: live plex, forest, set-up section covering the forest's roots and a
        // vector of the section's size, not written meanwhile (checked on every rank);
        // PETSc lays out the new section and sizes the new vector.
        check(unsafe {
            sys::DMPlexDistributeField(
                self.ptr,
                migration.as_raw(),
                section.as_raw(),
                vec.as_raw(),
                new_section.as_raw(),
                new_vec.as_raw(),
            )
        })?;
        Ok((new_section, new_vec))
    }
}

// The names before the naming scheme of 0.2 (`new`, no `get_`); they still compile,
// with a deprecation warning naming the new one.
impl Plex {
    /// The former name of [`from_gmsh`](Self::from_gmsh).
    #[deprecated(
        since = "0.2.0",
        note = "use `Plex::from_gmsh` (constructors from a source are `from_*`)"
    )]
    pub fn create_gmsh(comm: &Comm, viewer: &Viewer, interpolate: bool) -> Result<Plex> {
        Self::from_gmsh(comm, viewer, interpolate)
    }
}
