//! Unstructured meshes (`DMPlex`): the [`Plex`] handle.
//!
//! A plex stores a mesh as a graph of *points*: cells, faces, edges and vertices are all
//! points, numbered in one range, the *chart*. Each point has a *cone* (the points of one
//! dimension lower that bound it: the edges of a triangle, the vertices of an edge) and a
//! *support* (the points whose cone holds it). Points of one *depth* (vertices 0, edges
//! 1, ...) or one *height* (cells 0, faces 1, ...) form a contiguous *stratum*.
//!
//! ```
//! use petsc::{DmBase, Plex};
//! let petsc = petsc::Petsc::init()?;
//! // 3 x 2 quadrilaterals on the unit square, with edges.
//! let mesh = Plex::create_box_mesh(&petsc.self_comm(), 2, false, Some(&[3, 2]), None, None, None, true)?;
//! assert_eq!(mesh.height_stratum(0)?.count(), 6); // cells
//! assert_eq!(mesh.depth_stratum(0)?.count(), 12); // vertices
//! assert_eq!(mesh.depth_stratum(1)?.count(), 17); // edges
//! let cell = mesh.height_stratum(0)?.start;
//! assert_eq!(mesh.cone(cell)?.len(), 4);
//! assert_eq!(mesh.closure(cell)?.len(), 1 + 4 + 4);
//! # Ok::<(), petsc::Error>(())
//! ```
//!
//! Every point argument is checked against the chart before PETSc sees it; an
//! out-of-chart point is an `Err` naming the point and the chart. Arrays PETSc lends
//! (cones, supports, closures, meets) are copied into `Vec`s and given back at once.
//!
//! The module is split by topic: [`create`] (making and distributing meshes),
//! [`topology`] (chart, strata, cones, supports, closures, numberings, adjacency),
//! [`build`] (meshes built by hand), [`derived`] (submeshes, ghost cells,
//! renumbering, label completion, settings), [`fields`] (boundary labels, sections
//! and closures of vectors and matrices), [`geometry`] (cell geometry and cell
//! types), [`metric`] (Riemannian metrics for mesh adaptation), [`io`] (meshes and
//! fields saved to HDF5 and loaded back), [`natural`] (the natural ordering),
//! [`partitioner`] (the partitioner of distribution) and [`transform`] (mesh
//! transformations: refinement, splits, extrusion); `extra` holds smaller calls under
//! PETSc's names, and `gmsh` the checks of a Gmsh file made before PETSc reads it.

use petsc_sys as sys;

use super::Dm;
use super::base::{DmBase, sealed::DmRaw};
use super::returned::{hierarchy, made};
use crate::error::{Error, Result, check};
use crate::init::Petsc;
use crate::object::{Object, petsc_handle};
use crate::scalar::Int;

mod build;
mod create;
mod derived;
mod distribution;
mod extra;
mod fields;
mod geometry;
mod gmsh;
mod io;
mod metric;
mod natural;
mod partitioner;
mod topology;
mod transform;

pub use create::TpsType;
pub use derived::PlexFilter;
pub use geometry::{AffineGeometry, CellGeometry, CellType, Direction};
pub use natural::NaturalExchange;
pub use partitioner::{Partitioner, PartitionerType};
pub use transform::{PlexTransform, PlexTransformType};

petsc_handle!(
    /// An unstructured mesh (`DM` of type `DMPLEX`), made by [`Plex::create_box_mesh`],
    /// [`Plex::from_file`], [`Plex::from_cell_list`], by hand from
    /// [`Plex::new`], or from a generic [`Dm`] of type `"plex"` by
    /// [`Dm::downcast`].
    ///
    /// ```
    /// use petsc::{Dm, DmBase, Object, Plex};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut dm = Dm::new(&petsc.self_comm())?;
    /// dm.set_type("plex")?;
    /// let plex: Plex = dm.downcast()?;
    /// assert_eq!(plex.type_name()?, "plex");
    /// let da = petsc::Da::builder(&petsc.self_comm(), 1).sizes(3, 1, 1).build()?;
    /// let e = da.as_dm()?.downcast::<Plex>().unwrap_err().to_string();
    /// assert!(e.contains("'da'") && e.contains("'plex'"), "{e}");
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMPLEX")]
    Plex,
    sys::DM,
    sys::DMDestroy
);

impl DmRaw for Plex {
    fn dm_raw(&self) -> sys::DM {
        self.ptr
    }

    fn wrap_dm(petsc: &Petsc, dm: sys::DM, ctx: &str) -> Result<Plex> {
        // The generic handle owns the reference until the type is known; dropped (and
        // the reference released) on refusal.
        let mut d = Dm::from_raw(petsc, dm);
        let ty = crate::object::Object::type_name(&d)?;
        if ty != "plex" {
            return Err(Error::invalid(
                ctx,
                format!("the DM has type '{ty}', not 'plex' (a DMPlex)"),
            ));
        }
        // The reference moves to the new handle; `d` now destroys nothing.
        let ptr = std::mem::replace(&mut d.ptr, std::ptr::null_mut());
        Ok(Plex::from_raw(petsc, ptr))
    }
}

// Refinement and coarsening carry the labels along, indexing PETSc arrays by their
// points: a label marking a point outside the chart is refused first (on every rank).
impl DmBase for Plex {
    fn refine(&self) -> Result<Plex> {
        const CTX: &str = "DmBase::refine";
        let comm = self.comm();
        comm.agree(CTX, self.check_labels_in_chart(CTX))?;
        let mut d: sys::DM = std::ptr::null_mut();
        // SAFETY: live plex whose labels mark points of its chart; live communicator;
        // PETSc writes the new DM or null.
        let rc = unsafe { sys::DMRefine(self.ptr, comm.as_raw(), &mut d) };
        made(self, rc, d, CTX, "refine")
    }

    fn coarsen(&self) -> Result<Plex> {
        const CTX: &str = "DmBase::coarsen";
        let comm = self.comm();
        comm.agree(CTX, self.check_labels_in_chart(CTX))?;
        let mut d: sys::DM = std::ptr::null_mut();
        // SAFETY: as in `refine`.
        let rc = unsafe { sys::DMCoarsen(self.ptr, comm.as_raw(), &mut d) };
        made(self, rc, d, CTX, "coarsen")
    }

    fn refine_hierarchy(&self, levels: usize) -> Result<Vec<Plex>> {
        const CTX: &str = "DmBase::refine_hierarchy";
        self.comm().agree(CTX, self.check_labels_in_chart(CTX))?;
        hierarchy(self, levels, true)
    }

    fn coarsen_hierarchy(&self, levels: usize) -> Result<Vec<Plex>> {
        const CTX: &str = "DmBase::coarsen_hierarchy";
        self.comm().agree(CTX, self.check_labels_in_chart(CTX))?;
        hierarchy(self, levels, false)
    }
}

impl Plex {
    /// An `Err` unless `point` lies in the chart, naming the point and the chart.
    pub(super) fn check_point(&self, ctx: &str, point: Int) -> Result<()> {
        let c = self.chart()?;
        if c.contains(&point) {
            Ok(())
        } else {
            Err(Error::out_of_range(
                ctx,
                format!(
                    "point {point} is not in the chart {}..{} of the mesh",
                    c.start, c.end
                ),
            ))
        }
    }

    /// An `Err` naming the first of `points` outside the chart.
    pub(super) fn check_points(&self, ctx: &str, what: &str, points: &[Int]) -> Result<()> {
        let c = self.chart()?;
        match points.iter().enumerate().find(|(_, p)| !c.contains(p)) {
            None => Ok(()),
            Some((i, p)) => Err(Error::out_of_range(
                ctx,
                format!(
                    "{what} {p} (position {i}) is not in the chart {}..{} of the mesh",
                    c.start, c.end
                ),
            )),
        }
    }

    /// An `Err` unless every label of the mesh marks points of its chart only: the
    /// operations that carry labels along (distribution, renumbering, submeshes, ghost
    /// cells) index PETSc arrays by the marked points without checking them, and
    /// [`DmBase::set_label_value`] takes any point that is not negative.
    pub(super) fn check_labels_in_chart(&self, ctx: &str) -> Result<()> {
        let chart = self.chart()?;
        for i in 0..self.num_labels()? {
            let name = self.label_name(i)?;
            let Some(label) = self.label(&name)? else {
                continue;
            };
            for v in label.value_is()?.to_vec()? {
                if let Some(is) = label.stratum_is(v)? {
                    if let Some(&p) = is.indices()?.iter().find(|p| !chart.contains(p)) {
                        return Err(Error::out_of_range(
                            ctx,
                            format!(
                                "the label '{name}' marks point {p} (value {v}), outside the chart {}..{}",
                                chart.start, chart.end
                            ),
                        ));
                    }
                }
            }
        }
        Ok(())
    }

    /// Whether PETSc's cone (`cones = true`) or support arrays can be read: laid out
    /// (`DMSetUp` for cones, `DMSetUp` or [`symmetrize`](Self::symmetrize) for
    /// supports), or empty (every size 0, nothing to read).
    pub(super) fn storage_ready(&self, cones: bool) -> Result<bool> {
        let s = self.topology_section(cones)?;
        if s.is_null() || self.laid_out(cones)? {
            return Ok(true);
        }
        let mut n: Int = 0;
        // SAFETY: live section lent by the plex; the storage size sums its sizes,
        // valid before set-up.
        check(unsafe { sys::PetscSectionGetStorageSize(s, &mut n) })?;
        Ok(n == 0)
    }

    /// Whether the cone (`cones = true`) or support layout is fixed (`DMSetUp`,
    /// [`symmetrize`](Self::symmetrize)): sizes can no longer change.
    pub(super) fn laid_out(&self, cones: bool) -> Result<bool> {
        let s = self.topology_section(cones)?;
        if s.is_null() {
            return Ok(false);
        }
        let mut b = sys::PETSC_BOOL_FALSE;
        // SAFETY: live section lent by the plex.
        check(unsafe { sys::petscrs_PetscSectionIsSetUp(s, &mut b) })?;
        Ok(b == sys::PETSC_BOOL_TRUE)
    }

    /// The section PETSc lays the cones (`cones = true`) or supports out with, lent
    /// (possibly null), read at once by the callers above.
    fn topology_section(&self, cones: bool) -> Result<sys::PetscSection> {
        let mut s: sys::PetscSection = std::ptr::null_mut();
        // SAFETY: live plex; PETSc lends its section.
        check(unsafe {
            if cones {
                sys::DMPlexGetConeSection(self.ptr, &mut s)
            } else {
                sys::DMPlexGetSupportSection(self.ptr, &mut s)
            }
        })?;
        Ok(s)
    }

    /// An `Err` unless PETSc's cone (`cones = true`) or support arrays can be read.
    pub(super) fn check_storage(&self, ctx: &str, cones: bool) -> Result<()> {
        if self.storage_ready(cones)? {
            Ok(())
        } else if cones {
            Err(Error::invalid(
                ctx,
                "the mesh's cones are not laid out yet: set the cone sizes, then set_up",
            ))
        } else {
            Err(Error::invalid(
                ctx,
                "the mesh's supports are not laid out yet: symmetrize (or set the support sizes before set_up)",
            ))
        }
    }
}
