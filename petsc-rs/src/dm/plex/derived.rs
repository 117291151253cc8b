//! Meshes made from a mesh (the cells of one label value, ghost cells outside the
//! boundary, a renumbering), label completion, and the settings that steer
//! distribution, refinement and adjacency.

use std::os::raw::c_char;

use petsc_sys as sys;

use super::Plex;
use crate::comm::Comm;
use crate::dm::DmLabel;
use crate::dm::checks::{existing_label, pbool};
use crate::error::{Error, Result, c_string, check};
use crate::is::IndexSet;
use crate::mat::Ordering;
use crate::object::{Object, owned};
use crate::scalar::{Int, Real};
use crate::sf::StarForest;

/// An `Err` unless `label`'s point index, if any, covers the chart.
fn check_label_index(plex: &Plex, ctx: &str, label: &DmLabel) -> Result<()> {
    let chart = plex.chart()?;
    if let Some((a, b)) = label.index()? {
        if !chart.is_empty() && (a > chart.start || b < chart.end) {
            return Err(Error::out_of_range(
                ctx,
                format!(
                    "the label's point index {a}..{b} does not cover the chart {}..{} (destroy_index first)",
                    chart.start, chart.end
                ),
            ));
        }
    }
    Ok(())
}

/// An `Err` unless every point `label` marks lies in the chart: PETSc follows the
/// marked points into the mesh without checking them.
fn check_label_points(plex: &Plex, ctx: &str, label: &DmLabel) -> Result<()> {
    let chart = plex.chart()?;
    for v in label.value_is()?.to_vec()? {
        if let Some(is) = label.stratum_is(v)? {
            if let Some(&p) = is.indices()?.iter().find(|p| !chart.contains(p)) {
                return Err(Error::out_of_range(
                    ctx,
                    format!(
                        "the label marks point {p} (value {v}), outside the chart {}..{}",
                        chart.start, chart.end
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// What [`Plex::filter_with`] extracts (petsc4py's `filter` keywords); `Default` keeps
/// every cell on the mesh's own communicator.
#[derive(Debug, Clone, Copy, Default)]
pub struct PlexFilter<'a> {
    /// The label marking the cells kept; `None` keeps every cell (PETSc 3.25).
    pub label: Option<&'a DmLabel>,
    /// The label's value of the cells kept.
    pub value: Int,
    /// Whether the marked cells in the halo (owned by another rank) are left out
    /// (PETSc 3.21).
    pub ignore_halo: bool,
    /// Whether each point of the submesh is owned by a rank that owns a cell of the
    /// submesh whose closure holds it (PETSc 3.21).
    pub sanitize_submesh: bool,
    /// The communicator of the submesh: sequential, or the mesh's own (`None`; others
    /// than the mesh's need PETSc 3.25).
    pub comm: Option<&'a Comm>,
}

impl Plex {
    /// The submesh of the cells that have the value `value` in `label`, with their
    /// closures (`DMPlexFilter`; collective).
    ///
    /// ```
    /// use petsc::{DmBase, DmLabel, Plex};
    /// let petsc = petsc::Petsc::init()?;
    /// let comm = petsc.self_comm();
    /// let m = Plex::create_box_mesh(&comm, 2, false, Some(&[3, 2]), None, None, None, true)?;
    /// let mut pick = DmLabel::new(&comm, "pick")?;
    /// for c in m.height_stratum(0)?.take(2) {
    ///     pick.set_value(c, 1)?;
    /// }
    /// let sub = m.filter(&pick, 1)?;
    /// assert_eq!(sub.height_stratum(0)?.count(), 2);
    /// assert_eq!(sub.depth_stratum(0)?.count(), 6); // two squares side by side
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMPlexFilter")]
    pub fn filter(&self, label: &DmLabel, value: Int) -> Result<Plex> {
        let how = PlexFilter {
            label: Some(label),
            value,
            ..Default::default()
        };
        self.filter_in("Plex::filter", how).map(|(sub, _)| sub)
    }

    /// The submesh [`PlexFilter`] describes, and the star forest of the ownership PETSc
    /// moves between ranks when `sanitize_submesh` is set (petsc4py's `filter`;
    /// `DMPlexFilter`; collective). Without a label every cell is kept; with
    /// `comm: Some(self_comm)` each rank gets its own part of the mesh as a sequential
    /// mesh (with `ignore_halo`, without the cells it does not own).
    ///
    /// PETSc 3.21 added `ignore_halo` and `sanitize_submesh`, PETSc 3.25 the communicator
    /// and the filter without a label: on an older PETSc asking for them is an `Err`
    /// naming the version. PETSc moves the submesh only to a sequential communicator or
    /// to the mesh's own.
    ///
    /// ```
    /// use petsc::{DmBase, Plex, PlexFilter};
    /// let petsc = petsc::Petsc::init()?;
    /// let comm = petsc.self_comm();
    /// let m = Plex::create_box_mesh(&comm, 2, false, Some(&[3, 2]), None, None, None, true)?;
    /// let all = PlexFilter { comm: Some(&comm), ..Default::default() };
    /// let kept = m.filter_with(all);
    /// if cfg!(petsc_3_25) {
    ///     assert_eq!(kept?.0.height_stratum(0)?.count(), 6);
    /// } else {
    ///     assert!(kept.unwrap_err().to_string().contains("PETSc 3.25"));
    /// }
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMPlexFilter")]
    pub fn filter_with(&self, how: PlexFilter<'_>) -> Result<(Plex, Option<StarForest>)> {
        self.filter_in("Plex::filter_with", how)
    }

    /// [`filter_with`](Self::filter_with), its errors named after `CTX`.
    fn filter_in(&self, ctx: &str, how: PlexFilter<'_>) -> Result<(Plex, Option<StarForest>)> {
        let local = (|| {
            #[cfg(not(petsc_3_21))]
            if how.ignore_halo || how.sanitize_submesh {
                return Err(Error::invalid(
                    ctx,
                    "ignore_halo and sanitize_submesh need PETSc 3.21 or later",
                ));
            }
            #[cfg(not(petsc_3_25))]
            if how.label.is_none() || how.comm.is_some_and(|c| !c.congruent(&self.comm())) {
                return Err(Error::invalid(
                    ctx,
                    "a filter without a label, or onto another communicator, needs PETSc 3.25 or later",
                ));
            }
            if let Some(c) = how.comm {
                if c.size() != 1 && !c.congruent(&self.comm()) {
                    return Err(Error::invalid(
                        ctx,
                        "PETSc moves a submesh only to a sequential communicator or to the mesh's own",
                    ));
                }
            }
            self.check_labels_in_chart(ctx)?;
            if let Some(label) = how.label {
                check_label_index(self, ctx, label)?;
                check_label_points(self, ctx, label)?;
            }
            self.check_storage(ctx, true)?;
            self.check_storage(ctx, false)?;
            if self.depth()? < 0 && !self.chart()?.is_empty() {
                return Err(Error::invalid(
                    ctx,
                    "the mesh has no strata yet: stratify it",
                ));
            }
            Ok(())
        })();
        self.comm().agree(ctx, local)?;
        let label = how.label.map_or(std::ptr::null_mut(), |l| l.as_raw());
        let mut d: sys::DM = std::ptr::null_mut();
        #[allow(unused_mut)]
        let mut sf: sys::PetscSF = std::ptr::null_mut();
        #[cfg(not(petsc_3_21))]
        // SAFETY: live, stratified plex with readable cones and supports; a live label
        // marking points of the chart (the version checks above refuse the rest).
        let r = unsafe { sys::DMPlexFilter(self.ptr, label, how.value, &mut d) };
        #[cfg(all(petsc_3_21, not(petsc_3_25)))]
        // SAFETY: as above; PETSc writes the ownership forest or leaves it null.
        let r = unsafe {
            sys::DMPlexFilter(
                self.ptr,
                label,
                how.value,
                pbool(how.ignore_halo),
                pbool(how.sanitize_submesh),
                &mut sf,
                &mut d,
            )
        };
        #[cfg(petsc_3_25)]
        // SAFETY: as above; a null label keeps every cell (3.25); the communicator is
        // sequential or the mesh's own (checked above) and outlives the call.
        let r = unsafe {
            let comm = how.comm.map_or(self.comm().as_raw(), |c| c.as_raw());
            sys::DMPlexFilter(
                self.ptr,
                label,
                how.value,
                pbool(how.ignore_halo),
                pbool(how.sanitize_submesh),
                comm,
                &mut sf,
                &mut d,
            )
        };
        let r = check(r);
        let sub = (!d.is_null()).then(|| Plex::from_raw(self.petsc(), d));
        let sf = (!sf.is_null()).then(|| StarForest::from_raw(self.petsc(), sf));
        r?;
        let sub = sub.ok_or_else(|| Error::invalid(ctx, "PETSc made no submesh"))?;
        Ok((sub, sf))
    }

    /// This mesh with a ghost cell outside each face of the label `label_name`
    /// (`"Face Sets"` when `None`), for finite-volume boundary conditions, and the
    /// number of ghost cells (`DMPlexConstructGhostCells`; collective). Ghost cells
    /// follow the interior cells in the height-0 stratum and have the type
    /// [`CellType::FvGhost`](super::CellType::FvGhost).
    ///
    /// ```
    /// use petsc::{CellType, DmBase, Plex};
    /// let petsc = petsc::Petsc::init()?;
    /// let m = Plex::create_box_mesh(&petsc.self_comm(), 2, false, Some(&[3, 2]), None, None, None, true)?;
    /// let (ghosted, n) = m.construct_ghost_cells(None)?;
    /// assert_eq!(n, 10); // one per boundary edge
    /// let cells = ghosted.height_stratum(0)?;
    /// assert_eq!(cells.clone().count(), 16);
    /// assert_eq!(ghosted.cell_type(cells.end - 1)?, CellType::FvGhost);
    /// assert!(m.construct_ghost_cells(Some("nosuchlabel")).unwrap_err().to_string().contains("nosuchlabel"));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMPlexConstructGhostCells")]
    pub fn construct_ghost_cells(&self, label_name: Option<&str>) -> Result<(Plex, Int)> {
        const CTX: &str = "Plex::construct_ghost_cells";
        let name = label_name.unwrap_or("Face Sets");
        let local = (|| {
            self.check_labels_in_chart(CTX)?;
            let n = existing_label(self, CTX, name)?;
            if let Some(l) = crate::dm::DmBase::label(self, name)? {
                check_label_points(self, CTX, &l)?;
            }
            self.check_storage(CTX, true)?;
            self.check_storage(CTX, false)?;
            Ok(n)
        })();
        let n = self.comm().agree(CTX, local)?;
        let mut count: Int = 0;
        let mut d: sys::DM = std::ptr::null_mut();
        // SAFETY: live plex with readable cones and supports; an existing label's name;
        // PETSc writes a new DM.
        let r = check(unsafe {
            sys::DMPlexConstructGhostCells(self.ptr, n.as_ptr(), &mut count, &mut d)
        });
        let ghosted = (!d.is_null()).then(|| Plex::from_raw(self.petsc(), d));
        r?;
        let ghosted = ghosted.ok_or_else(|| Error::invalid(CTX, "PETSc made no mesh"))?;
        Ok((ghosted, count))
    }

    /// A renumbering of the chart by the ordering `ordering` of the cells' adjacency
    /// graph (`DMPlexGetOrdering`): position `p` holds the new number of point `p`; with
    /// `label`, the points of each of its strata are kept together. Give it to
    /// [`permute`](Self::permute).
    #[doc(alias = "DMPlexGetOrdering")]
    pub fn ordering(&self, ordering: &Ordering, label: Option<&DmLabel>) -> Result<IndexSet> {
        const CTX: &str = "Plex::ordering";
        let o = c_string(CTX, ordering.as_str())?;
        self.check_storage(CTX, true)?;
        self.check_storage(CTX, false)?;
        if self.depth()? < 0 && !self.chart()?.is_empty() {
            return Err(Error::invalid(
                CTX,
                "the mesh has no strata yet: stratify it",
            ));
        }
        if let Some(l) = label {
            check_label_index(self, CTX, l)?;
            check_label_points(self, CTX, l)?;
        }
        let l = label.map_or(std::ptr::null_mut(), |l| l.as_raw());
        let mut is: sys::IS = std::ptr::null_mut();
        // SAFETY: live, stratified plex with readable cones and supports; the label is
        // live or null; PETSc writes a new IS.
        let r = check(unsafe { sys::DMPlexGetOrdering(self.ptr, o.as_ptr(), l, &mut is) });
        let perm = (!is.is_null()).then(|| IndexSet::from_raw(self.petsc(), is));
        r?;
        perm.ok_or_else(|| Error::invalid(CTX, "PETSc made no ordering"))
    }

    /// This mesh with its points renumbered (`DMPlexPermute`; collective): point `p`
    /// becomes `perm[p]`. `perm` must be a permutation of the chart, as
    /// [`ordering`](Self::ordering) makes.
    ///
    /// ```
    /// use petsc::{DmBase, Ordering, Plex};
    /// let petsc = petsc::Petsc::init()?;
    /// let m = Plex::create_box_mesh(&petsc.self_comm(), 2, false, Some(&[3, 2]), None, None, None, true)?;
    /// let perm = m.ordering(&Ordering::Rcm, None)?;
    /// let p = m.permute(&perm)?;
    /// assert_eq!(p.height_stratum(0)?.count(), 6);
    /// let wrong = petsc::IndexSet::new_general(&petsc.self_comm(), &[0, 0, 1])?;
    /// assert!(m.permute(&wrong).unwrap_err().to_string().contains("permutation"));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMPlexPermute")]
    pub fn permute(&self, perm: &IndexSet) -> Result<Plex> {
        const CTX: &str = "Plex::permute";
        let local = (|| {
            self.check_labels_in_chart(CTX)?;
            let chart = self.chart()?;
            let mut p = perm.to_vec()?;
            let n = (chart.end - chart.start).max(0) as usize;
            p.sort_unstable();
            if p.len() != n || p.iter().zip(chart.clone()).any(|(&a, b)| a != b) {
                return Err(Error::invalid(
                    CTX,
                    format!(
                        "the index set ({} entries) is not a permutation of the chart {}..{}",
                        p.len(),
                        chart.start,
                        chart.end
                    ),
                ));
            }
            self.check_storage(CTX, true)?;
            self.check_storage(CTX, false)
        })();
        self.comm().agree(CTX, local)?;
        let mut d: sys::DM = std::ptr::null_mut();
        // SAFETY: live plex with readable cones and supports; a permutation of its chart;
        // PETSc writes a new DM.
        let r = check(unsafe { sys::DMPlexPermute(self.ptr, perm.as_raw(), &mut d) });
        let permuted = (!d.is_null()).then(|| Plex::from_raw(self.petsc(), d));
        r?;
        permuted.ok_or_else(|| Error::invalid(CTX, "PETSc made no mesh"))
    }

    /// Adds to `label` the closure of every point it marks, with the point's value
    /// (`DMPlexLabelComplete`; collective): the edges and vertices of marked faces.
    ///
    /// ```
    /// use petsc::{DmBase, Plex};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut m = Plex::create_box_mesh(&petsc.self_comm(), 2, false, Some(&[3, 2]), None, None, None, true)?;
    /// m.create_label("bd")?;
    /// let mut bd = m.label("bd")?.unwrap();
    /// m.mark_boundary_faces(1, &mut bd)?;
    /// m.label_complete(&mut bd)?;
    /// assert_eq!(bd.stratum_size(1)?, 10 + 10); // the boundary edges and vertices
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMPlexLabelComplete")]
    pub fn label_complete(&self, label: &mut DmLabel) -> Result<()> {
        const CTX: &str = "Plex::label_complete";
        let local = (|| {
            check_label_index(self, CTX, label)?;
            // Every marked point must be a point of the mesh: PETSc takes its closure.
            check_label_points(self, CTX, label)?;
            self.check_storage(CTX, true)
        })();
        self.comm().agree(CTX, local)?;
        // SAFETY: live plex with readable cones; a live label marking points of the
        // chart, with an index covering it if any.
        check(unsafe { sys::DMPlexLabelComplete(self.ptr, label.as_raw()) })
    }

    // ----- settings ----------------------------------------------------------------------

    crate::methods![for Plex;
        /// Whether [`set_from_options`](Self::set_from_options) distributes the mesh
        /// (`DMPlexDistributeGetDefault`).
        pub fn distribute_default(&self) -> bool
            = DMPlexDistributeGetDefault as "DMPlexDistributeGetDefault";
    ];

    /// Sets whether [`set_from_options`](Self::set_from_options) distributes the mesh
    /// (`DMPlexDistributeSetDefault`).
    #[doc(alias = "DMPlexDistributeSetDefault")]
    pub fn set_distribute_default(&mut self, yes: bool) -> Result<()> {
        // SAFETY: live plex.
        check(unsafe { sys::DMPlexDistributeSetDefault(self.ptr, pbool(yes)) })
    }

    /// The name of the mesh's distribution, used by HDF5 output
    /// (`DMPlexDistributionGetName`); `None` if unset.
    #[doc(alias = "DMPlexDistributionGetName")]
    pub fn distribution_name(&self) -> Result<Option<String>> {
        let mut p: *const c_char = std::ptr::null();
        // SAFETY: live plex; PETSc lends its string or null.
        check(unsafe { sys::DMPlexDistributionGetName(self.ptr, &mut p) })?;
        // SAFETY: PETSc's string, copied at once.
        Ok((!p.is_null()).then(|| unsafe { owned(p) }))
    }

    crate::methods![for Plex;
        /// Names the mesh's distribution (`DMPlexDistributionSetName`).
        pub fn set_distribution_name(&mut self, name: &str)
            = DMPlexDistributionSetName as "DMPlexDistributionSetName";
    ];

    /// The type of the partitioner [`distribute`](Self::distribute) uses
    /// (`DMPlexGetPartitioner` + `PetscPartitionerGetType`): `"parmetis"`,
    /// `"ptscotch"`, `"chaco"`, `"simple"`, `"gather"`, ...; empty before one is chosen
    /// (PETSc picks its default at distribution).
    #[doc(alias = "PetscPartitionerGetType")]
    pub fn partitioner_type(&self) -> Result<String> {
        let mut part: sys::PetscPartitioner = std::ptr::null_mut();
        // SAFETY: live plex; PETSc lends its partitioner.
        check(unsafe { sys::DMPlexGetPartitioner(self.ptr, &mut part) })?;
        let mut p: *const c_char = std::ptr::null();
        // SAFETY: the live partitioner; PETSc lends its type name or null.
        check(unsafe { sys::PetscPartitionerGetType(part, &mut p) })?;
        // SAFETY: PETSc's string or null, copied at once.
        Ok(unsafe { owned(p) })
    }

    /// Refuses, before a distribution over more than one rank, PETSc's PT-Scotch
    /// partitioner when the PT-Scotch library loaded has integers of another width than
    /// `PetscInt`: PETSc hands it arrays of `PetscInt`, which it reads wrongly, and the
    /// partitioning crashes (Debian's 64-bit-index PETSc links the 32-bit PT-Scotch,
    /// and makes it the default partitioner). `named` is the type about to be set
    /// (from options), else the partitioner's own is checked.
    pub(super) fn check_partitioner(&self, context: &str, named: Option<&str>) -> Result<()> {
        if self.comm().size() == 1 {
            return Ok(());
        }
        let ty = match named {
            Some(t) => t.to_string(),
            None => self.partitioner_type()?,
        };
        if ty != "ptscotch" {
            return Ok(());
        }
        // SAFETY: looks a function up among the loaded libraries and calls it.
        let width = unsafe { sys::petscrs_scotch_num_size() };
        let ours = std::mem::size_of::<Int>();
        if width <= 0 || width as usize == ours {
            return Ok(());
        }
        Err(Error::invalid(
            context,
            format!(
                "the partitioner is PT-Scotch, whose integers have {width} bytes in the \
                 library loaded, but PETSc's indices have {ours}: PETSc would hand it arrays \
                 it reads wrongly (the partitioning crashes). Choose another partitioner: \
                 `set_partitioner_type(\"simple\")` (or \"parmetis\", \"chaco\" where \
                 registered), or `-petscpartitioner_type simple`"
            ),
        ))
    }

    /// [`check_partitioner`](Self::check_partitioner) for the options
    /// [`set_from_options`](Self::set_from_options) reads: unless `-dm_distribute` is
    /// off, the partitioner they distribute with (`-petscpartitioner_type`, read
    /// without the mesh's prefix as PETSc's partitioner does, else the current one).
    pub(super) fn check_options_partitioner(&self, context: &str) -> Result<()> {
        let prefix = self.options_prefix()?;
        let options = match prefix.is_empty() {
            true => self.petsc().options(),
            false => self.petsc().options_with_prefix(&prefix),
        };
        let distribute = options.get::<bool>("-dm_distribute")?;
        if distribute == Some(false) {
            return Ok(());
        }
        let named = self
            .petsc()
            .options()
            .get::<String>("-petscpartitioner_type")?;
        self.check_partitioner(context, named.as_deref())
    }

    /// Sets the type of the partitioner [`distribute`](Self::distribute) uses
    /// (`PetscPartitionerSetType`; `-petscpartitioner_type` through
    /// [`set_from_options`](Self::set_from_options)); an unregistered name is an `Err`
    /// naming it.
    ///
    /// ```
    /// use petsc::Plex;
    /// let petsc = petsc::Petsc::init()?;
    /// let mut m = Plex::create_box_mesh(&petsc.world(), 2, false, None, None, None, None, true)?;
    /// m.set_partitioner_type("simple")?;
    /// assert_eq!(m.partitioner_type()?, "simple");
    /// assert!(m.set_partitioner_type("nosuchpart").unwrap_err().to_string().contains("nosuchpart"));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscPartitionerSetType")]
    pub fn set_partitioner_type(&mut self, name: &str) -> Result<()> {
        const CTX: &str = "Plex::set_partitioner_type";
        // SAFETY: idempotent package registration; then the registry is only read.
        let n = unsafe {
            check(sys::PetscPartitionerInitializePackage())?;
            crate::object::registered_type(
                CTX,
                "PetscPartitioner",
                sys::PetscPartitionerList,
                name,
            )?
        };
        let mut part: sys::PetscPartitioner = std::ptr::null_mut();
        // SAFETY: live plex; PETSc lends its partitioner.
        check(unsafe { sys::DMPlexGetPartitioner(self.ptr, &mut part) })?;
        // SAFETY: the live partitioner; a registered type name PETSc copies.
        check(unsafe { sys::PetscPartitionerSetType(part, n.as_ptr()) })
    }

    crate::methods![for Plex;
        /// Whether refinement splits every cell alike (`DMPlexGetRefinementUniform`).
        pub fn refinement_uniform(&self) -> bool
            = DMPlexGetRefinementUniform as "DMPlexGetRefinementUniform";
    ];

    /// Sets whether refinement splits every cell alike (`DMPlexSetRefinementUniform`).
    #[doc(alias = "DMPlexSetRefinementUniform")]
    pub fn set_refinement_uniform(&mut self, yes: bool) -> Result<()> {
        // SAFETY: live plex.
        check(unsafe { sys::DMPlexSetRefinementUniform(self.ptr, pbool(yes)) })
    }

    crate::methods![for Plex;
        /// The largest cell volume non-uniform refinement leaves
        /// (`DMPlexGetRefinementLimit`).
        pub fn refinement_limit(&self) -> Real
            = DMPlexGetRefinementLimit as "DMPlexGetRefinementLimit";
    ];

    /// Sets the largest cell volume non-uniform refinement leaves
    /// (`DMPlexSetRefinementLimit`); finite and positive.
    #[doc(alias = "DMPlexSetRefinementLimit")]
    pub fn set_refinement_limit(&mut self, limit: Real) -> Result<()> {
        if !(limit.is_finite() && limit > 0.0) {
            return Err(Error::invalid(
                "Plex::set_refinement_limit",
                format!("limit {limit} must be finite and positive"),
            ));
        }
        // SAFETY: live plex.
        check(unsafe { sys::DMPlexSetRefinementLimit(self.ptr, limit) })
    }

    crate::methods![for Plex;
        /// Whether adjacency follows the constraints' anchors (`DMPlexGetAdjacencyUseAnchors`).
        pub fn adjacency_use_anchors(&self) -> bool
            = DMPlexGetAdjacencyUseAnchors as "DMPlexGetAdjacencyUseAnchors";
    ];

    /// Sets whether adjacency follows the constraints' anchors
    /// (`DMPlexSetAdjacencyUseAnchors`).
    #[doc(alias = "DMPlexSetAdjacencyUseAnchors")]
    pub fn set_adjacency_use_anchors(&mut self, yes: bool) -> Result<()> {
        // SAFETY: live plex.
        check(unsafe { sys::DMPlexSetAdjacencyUseAnchors(self.ptr, pbool(yes)) })
    }

    /// The star forest that made this mesh from its parent, if the mesh keeps one
    /// (`DMPlexGetMigrationSF`; PETSc 3.18 keeps none by itself). There is no setter:
    /// PETSc 3.18's `DMPlexSetMigrationSF` takes a reference that no one releases.
    #[doc(alias = "DMPlexGetMigrationSF")]
    pub fn migration_sf(&self) -> Result<Option<StarForest>> {
        let mut sf: sys::PetscSF = std::ptr::null_mut();
        // SAFETY: live plex; PETSc lends its SF or null.
        check(unsafe { sys::DMPlexGetMigrationSF(self.ptr, &mut sf) })?;
        if sf.is_null() {
            return Ok(None);
        }
        // SAFETY: a live SF the plex keeps; the handle takes its own reference.
        unsafe { StarForest::from_raw_borrowed(self.petsc(), sf) }.map(Some)
    }
}
