//! Particles (`DMSwarm`): the [`Swarm`] handle.
//!
//! A [`Swarm`] holds a set of points (particles) on each rank, each carrying the same
//! named fields (`registerField`), stored field by field. Points are added, removed and
//! copied on a rank; [`Swarm::migrate`] sends them to the rank that should hold them.
//! With the type [`SwarmType::Pic`] and a cell DM ([`Swarm::set_cell_dm`], a DMDA or
//! a DMPlex), every point has coordinates (the field [`Swarm::COORDINATES`]) and
//! belongs to the rank whose part of the cell DM holds it: migration locates each point
//! in the cell DM and moves the points that left a rank's part to the neighbour that
//! holds them, as particle-in-cell methods need.
//!
//! ```
//! use petsc::{Da, DmBase, Swarm, SwarmType};
//! let petsc = petsc::Petsc::init()?;
//! let world = petsc.world();
//! let mut da = Da::grid(&world).sizes([5, 5]).build()?;
//! da.set_uniform_coordinates_to([(0.0, 1.0), (0.0, 1.0)])?;
//! let mut sw = Swarm::new(&world, 2)?;
//! sw.set_type(SwarmType::Pic)?;
//! sw.set_cell_dm(&da)?;
//! sw.register_field::<f64>("mass", 1)?;
//! sw.finalize_field_register()?;
//! // Every rank proposes the same two points; each keeps those in its part.
//! sw.set_point_coordinates(&[0.1, 0.2, 0.9, 0.7], true, petsc::InsertMode::Insert)?;
//! assert_eq!(sw.size()?, 2);
//! let c = sw.field::<f64>(Swarm::COORDINATES)?;
//! assert_eq!(c.block_size(), 2);
//! assert_eq!(c.len(), 2 * sw.local_size()?);
//! # Ok::<(), petsc::Error>(())
//! ```
//!
//! The module is split by topic: `mod.rs` (the handle, its types, sizes and points,
//! migration and the cell DM), [`fields`] (registering fields, the guards that lend a
//! field's entries, vectors sharing a field's entries), [`sort`] (the points of each
//! cell) and, from PETSc 3.24, `cell_dm` (a background DM with the names of the fields
//! over it: [`CellDm`]).

use petsc_sys as sys;

use super::base::sealed::DmRaw;
use super::generic::wrap_kind;
use super::{Dm, DmBase};
use crate::borrow::check_writable;
use crate::comm::{Comm, agree_over};
use crate::declare::petsc_bool;
use crate::error::{Error, Result, c_string, check, int_len};
use crate::init::Petsc;
use crate::object::{Object, petsc_handle};
use crate::scalar::{Int, Real};
use crate::vec::InsertMode;

#[cfg(petsc_3_24)]
pub mod cell_dm;
pub mod fields;
pub mod sort;
mod storage;

#[cfg(petsc_3_24)]
pub use cell_dm::CellDm;
pub use fields::{SwarmData, SwarmField, SwarmFieldMut, SwarmFieldVec};

petsc_handle!(
    /// A set of particles with named fields (`DM` of type `DMSWARM`), made by
    /// [`Swarm::new`].
    ///
    /// ```
    /// use petsc::{DmBase, Swarm};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut sw = Swarm::new(&petsc.self_comm(), 1)?;
    /// sw.initialize_field_register()?;
    /// sw.register_field::<f64>("w", 1)?;
    /// sw.finalize_field_register()?;
    /// sw.set_local_sizes(3, 0)?;
    /// sw.field_mut::<f64>("w")?.copy_from_slice(&[1.0, 2.0, 3.0]);
    /// assert_eq!(sw.field::<f64>("w")?.iter().sum::<f64>(), 6.0);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    ///
    /// Like every handle, it stays on its thread:
    ///
    /// ```compile_fail,E0277
    /// fn send<T: Send>(_: T) {}
    /// let petsc = petsc::Petsc::init()?;
    /// send(petsc::Swarm::new(&petsc.world(), 2)?);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMSwarm")]
    #[doc(alias = "DMSWARM")]
    Swarm,
    sys::DM,
    sys::DMDestroy
);

impl DmRaw for Swarm {
    fn dm_raw(&self) -> sys::DM {
        self.ptr
    }

    fn wrap_dm(petsc: &Petsc, dm: sys::DM, ctx: &str) -> Result<Swarm> {
        let d = wrap_kind(petsc, dm, ctx, "swarm", "a DMSwarm")?;
        Ok(Swarm::from_raw(petsc, d))
    }
}

impl DmBase for Swarm {}

crate::c_enum! {
    /// What a swarm knows of space (`DMSwarmType`).
    pub SwarmType: sys::DMSwarmType {
        Basic = DMSWARM_BASIC "fields only; migration sends each point to the rank its \
            `DMSwarm_rank` field names.",
        Pic = DMSWARM_PIC "particle-in-cell: points have coordinates in a cell DM, which decides \
            the rank that holds them.",
    }
}

crate::c_enum! {
    /// How [`Swarm::migrate`] finds each point's rank (`DMSwarmMigrateType`).
    pub SwarmMigrateType: sys::DMSwarmMigrateType {
        Basic = DMSWARM_MIGRATE_BASIC "the rank in the point's `DMSwarm_rank` field.",
        DmCellNScatter = DMSWARM_MIGRATE_DMCELLNSCATTER "points that left this rank's part of the \
            cell DM go to its neighbours, which keep those they hold.",
        DmCellExact = DMSWARM_MIGRATE_DMCELLEXACT "the exact owner in the cell DM.",
        User = DMSWARM_MIGRATE_USER "a method of the user's.",
    }
}

crate::c_enum! {
    /// How [`Swarm::collect_view_create`] gathers the points near a rank
    /// (`DMSwarmCollectType`).
    pub SwarmCollectType: sys::DMSwarmCollectType {
        Basic = DMSWARM_COLLECT_BASIC "points in the bounding box of this rank's part.",
        DmdaBoundingBox = DMSWARM_COLLECT_DMDABOUNDINGBOX "points in a DMDA's bounding box.",
        General = DMSWARM_COLLECT_GENERAL "a general method.",
        User = DMSWARM_COLLECT_USER "a method of the user's.",
    }
}

crate::c_enum! {
    /// Where [`Swarm::insert_point_using_cell_dm`] puts points in each cell
    /// (`DMSwarmPICLayoutType`).
    pub SwarmPicLayout: sys::DMSwarmPICLayoutType {
        Regular = DMSWARMPIC_LAYOUT_REGULAR "a regular lattice, `fill` points a direction.",
        Gauss = DMSWARMPIC_LAYOUT_GAUSS "the points of a Gauss rule of `fill` points a direction.",
        Subdivision = DMSWARMPIC_LAYOUT_SUBDIVISION "the centres of the cell divided `fill` \
            times.",
    }
}

/// Whether the swarm's fields are accessible for a change of its points: refused while
/// a field guard or a vector sharing a field's entries is alive, through any handle.
fn check_no_field_out(sw: &Swarm, ctx: &str) -> Result<()> {
    check_writable(sw.ptr as sys::PetscObject, ctx)
}

impl Swarm {
    /// The coordinates of a particle-in-cell swarm's points (`DMSwarmPICField_coor`,
    /// `"DMSwarmPIC_coor"`): `dim` reals a point.
    pub const COORDINATES: &'static str = "DMSwarmPIC_coor";
    /// The cell of each point of a particle-in-cell swarm in its cell DM
    /// (`DMSwarmPICField_cellid`, `"DMSwarm_cellid"`): one `Int` a point. From PETSc
    /// 3.24 each cell DM names its own (`CellDm::cell_id`).
    pub const CELL_ID: &'static str = "DMSwarm_cellid";
    /// The rank field (`DMSwarmField_rank`, `"DMSwarm_rank"`): one `Int` a point.
    pub const RANK: &'static str = "DMSwarm_rank";
    /// The identifier field (`DMSwarmField_pid`, `"DMSwarm_pid"`): one `i64` a point.
    pub const PID: &'static str = "DMSwarm_pid";

    /// A new swarm of type [`SwarmType::Basic`] in `dim` dimensions (1 to 3) on `comm`
    /// (`DMCreate`, `DMSetType(DMSWARM)`, `DMSetDimension`; collective), with no field
    /// and no point.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let sw = petsc::Swarm::new(&petsc.world(), 3)?;
    /// assert!(petsc::Swarm::new(&petsc.world(), 4).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMCreate")]
    pub fn new(comm: &Comm, dim: usize) -> Result<Swarm> {
        const CTX: &str = "Swarm::new";
        if !(1..=3).contains(&dim) {
            return Err(Error::invalid(
                CTX,
                format!("dim is {dim}; it must be 1, 2 or 3"),
            ));
        }
        let mut d: sys::DM = std::ptr::null_mut();
        // SAFETY: live communicator; PETSc writes the new DM.
        check(unsafe { sys::DMCreate(comm.as_raw(), &mut d) })?;
        let sw = Swarm::from_raw(comm.petsc(), d);
        // SAFETY: the new DM; a registered type name.
        check(unsafe { sys::DMSetType(d, c"swarm".as_ptr()) })?;
        // SAFETY: the new DM, before set-up.
        check(unsafe { sys::DMSetDimension(d, dim as Int) })?;
        Ok(sw)
    }

    crate::methods![for Swarm;
        /// Sets what the swarm knows of space (`DMSwarmSetType`; collective).
        pub fn set_type(&mut self, kind: SwarmType) = DMSwarmSetType as "DMSwarmSetType";
        /// Starts registering fields (`DMSwarmInitializeFieldRegister`; collective);
        /// [`set_type`](Self::set_type) does it for a particle-in-cell swarm.
        pub fn initialize_field_register(&mut self)
            = DMSwarmInitializeFieldRegister as "DMSwarmInitializeFieldRegister";
        /// Ends registering fields (`DMSwarmFinalizeFieldRegister`; collective): points
        /// can be added from now on.
        pub fn finalize_field_register(&mut self)
            = DMSwarmFinalizeFieldRegister as "DMSwarmFinalizeFieldRegister";
        /// The number of points on this rank (`DMSwarmGetLocalSize`).
        pub fn local_size(&self) -> usize = DMSwarmGetLocalSize as "DMSwarmGetLocalSize";
        /// The number of points on all ranks (`DMSwarmGetSize`; collective).
        pub fn size(&self) -> usize = DMSwarmGetSize as "DMSwarmGetSize";
    ];

    crate::methods![for Swarm;
        /// The type (`DMSwarmGetType`, PETSc 3.23 on).
        #[cfg(petsc_3_23)]
        pub fn swarm_type(&self) -> SwarmType = DMSwarmGetType as "DMSwarmGetType";
        /// Sets how [`migrate`](Self::migrate) finds the points' ranks
        /// (`DMSwarmSetMigrateType`, PETSc 3.22 on).
        #[cfg(petsc_3_22)]
        pub fn set_migrate_type(&mut self, kind: SwarmMigrateType)
            = DMSwarmSetMigrateType as "DMSwarmSetMigrateType";
        /// How [`migrate`](Self::migrate) finds the points' ranks
        /// (`DMSwarmGetMigrateType`, PETSc 3.22 on).
        #[cfg(petsc_3_22)]
        pub fn migrate_type(&self) -> SwarmMigrateType
            = DMSwarmGetMigrateType as "DMSwarmGetMigrateType";
    ];

    /// Sets the number of points on this rank to `n`, with room for `buffer` more
    /// before the storage grows (`DMSwarmSetLocalSizes`). New points' entries are not
    /// set: set them. Refused while a field is lent out.
    #[doc(alias = "DMSwarmSetLocalSizes")]
    pub fn set_local_sizes(&mut self, n: usize, buffer: usize) -> Result<()> {
        const CTX: &str = "Swarm::set_local_sizes";
        check_no_field_out(self, CTX)?;
        let n = int_len(CTX, "points", n)?;
        let b = int_len(CTX, "points", buffer)?;
        self.check_storage(CTX, "the new size", i128::from(n), Some(b))?;
        // SAFETY: live DMSwarm; no field is lent out (checked), storage checked.
        check(unsafe { sys::DMSwarmSetLocalSizes(self.ptr, n, b) })
    }

    /// Adds one point on this rank, at the end (`DMSwarmAddPoint`); its entries are
    /// unset. Refused while a field is lent out.
    #[doc(alias = "DMSwarmAddPoint")]
    pub fn add_point(&mut self) -> Result<()> {
        const CTX: &str = "Swarm::add_point";
        check_no_field_out(self, CTX)?;
        let total = self.local_size()? as i128 + 1;
        self.check_storage(CTX, "the points plus one", total, None)?;
        // SAFETY: live DMSwarm; no field is lent out (checked), storage checked.
        check(unsafe { sys::DMSwarmAddPoint(self.ptr) })
    }

    /// Adds `n` points on this rank, at the end (`DMSwarmAddNPoints`); their entries
    /// are unset. Refused while a field is lent out.
    #[doc(alias = "DMSwarmAddNPoints")]
    pub fn add_npoints(&mut self, n: usize) -> Result<()> {
        const CTX: &str = "Swarm::add_npoints";
        check_no_field_out(self, CTX)?;
        let used = self.local_size()?;
        let total = used as i128 + n as i128;
        self.check_storage(CTX, &format!("{used} points plus {n}"), total, None)?;
        let n = int_len(CTX, "points", n)?;
        // SAFETY: live DMSwarm; no field is lent out (checked), storage checked.
        check(unsafe { sys::DMSwarmAddNPoints(self.ptr, n) })
    }

    /// Removes the last point of this rank (`DMSwarmRemovePoint`); an `Err` when the
    /// rank has none. Refused while a field is lent out.
    #[doc(alias = "DMSwarmRemovePoint")]
    pub fn remove_point(&mut self) -> Result<()> {
        const CTX: &str = "Swarm::remove_point";
        check_no_field_out(self, CTX)?;
        if self.local_size()? == 0 {
            return Err(Error::invalid(CTX, "this rank has no point to remove"));
        }
        // SAFETY: live DMSwarm with a point; no field is lent out (checked).
        check(unsafe { sys::DMSwarmRemovePoint(self.ptr) })
    }

    /// Removes point `index` of this rank; the last point takes its place
    /// (`DMSwarmRemovePointAtIndex`). An index out of range is an `Err`; refused while a
    /// field is lent out.
    #[doc(alias = "DMSwarmRemovePointAtIndex")]
    pub fn remove_point_at_index(&mut self, index: usize) -> Result<()> {
        const CTX: &str = "Swarm::remove_point_at_index";
        check_no_field_out(self, CTX)?;
        self.check_point(CTX, "index", index)?;
        // SAFETY: live DMSwarm; the index is a point of this rank (checked).
        check(unsafe { sys::DMSwarmRemovePointAtIndex(self.ptr, index as Int) })
    }

    /// Copies every field of point `from` to point `to`, both of this rank
    /// (`DMSwarmCopyPoint`). An index out of range is an `Err`; refused while a field is
    /// lent out.
    #[doc(alias = "DMSwarmCopyPoint")]
    pub fn copy_point(&mut self, from: usize, to: usize) -> Result<()> {
        const CTX: &str = "Swarm::copy_point";
        check_no_field_out(self, CTX)?;
        self.check_point(CTX, "from", from)?;
        self.check_point(CTX, "to", to)?;
        // SAFETY: live DMSwarm; both are points of this rank (checked).
        check(unsafe { sys::DMSwarmCopyPoint(self.ptr, from as Int, to as Int) })
    }

    /// Refuses an index that is not a point of this rank.
    fn check_point(&self, ctx: &str, name: &str, index: usize) -> Result<()> {
        let n = self.local_size()?;
        if index >= n {
            return Err(Error::out_of_range(
                ctx,
                format!("{name} is {index}; this rank has {n} points"),
            ));
        }
        Ok(())
    }

    /// Sends the points to the ranks that should hold them (`DMSwarmMigrate`;
    /// collective): with a cell DM, the rank whose part of it holds each point; without,
    /// the rank in each point's [`RANK`](Self::RANK) field. With `remove_sent`, a sent
    /// point leaves this rank; a point no rank holds is removed. Refused while a field
    /// is lent out.
    #[doc(alias = "DMSwarmMigrate")]
    pub fn migrate(&mut self, remove_sent: bool) -> Result<()> {
        let local = check_no_field_out(self, "Swarm::migrate");
        agree_over(self.ptr as sys::PetscObject, "Swarm::migrate", local)?;
        let flag = petsc_bool(remove_sent);
        // SAFETY: live DMSwarm; no field is lent out on any rank (checked).
        check(unsafe { sys::DMSwarmMigrate(self.ptr, flag) })
    }

    /// Gathers the points of the neighbouring ranks that lie near this rank's part, for
    /// a look at them (`DMSwarmCollectViewCreate`; collective); undone by
    /// [`collect_view_destroy`](Self::collect_view_destroy). Refused while a field is
    /// lent out.
    #[doc(alias = "DMSwarmCollectViewCreate")]
    pub fn collect_view_create(&mut self) -> Result<()> {
        let local = check_no_field_out(self, "Swarm::collect_view_create");
        agree_over(
            self.ptr as sys::PetscObject,
            "Swarm::collect_view_create",
            local,
        )?;
        // SAFETY: live DMSwarm; no field is lent out (checked).
        check(unsafe { sys::DMSwarmCollectViewCreate(self.ptr) })
    }

    /// Drops the points [`collect_view_create`](Self::collect_view_create) gathered
    /// (`DMSwarmCollectViewDestroy`; collective). Refused while a field is lent out.
    #[doc(alias = "DMSwarmCollectViewDestroy")]
    pub fn collect_view_destroy(&mut self) -> Result<()> {
        let local = check_no_field_out(self, "Swarm::collect_view_destroy");
        agree_over(
            self.ptr as sys::PetscObject,
            "Swarm::collect_view_destroy",
            local,
        )?;
        // SAFETY: live DMSwarm; no field is lent out (checked).
        check(unsafe { sys::DMSwarmCollectViewDestroy(self.ptr) })
    }

    /// Attaches the DM that locates the points of a particle-in-cell swarm
    /// (`DMSwarmSetCellDM`; collective), before
    /// [`finalize_field_register`](Self::finalize_field_register) (PETSc 3.23 on
    /// registers a field for it, and refuses after). The swarm keeps its own reference.
    #[doc(alias = "DMSwarmSetCellDM")]
    pub fn set_cell_dm<D: DmBase + ?Sized>(&mut self, dm: &D) -> Result<()> {
        // SAFETY: both live; PETSc takes its own reference to the cell DM.
        check(unsafe { sys::DMSwarmSetCellDM(self.ptr, dm.dm_raw()) })
    }

    /// The cell DM, if one is attached (`DMSwarmGetCellDM`), with a reference of its
    /// own.
    #[doc(alias = "DMSwarmGetCellDM")]
    pub fn cell_dm(&self) -> Result<Option<Dm>> {
        // From PETSc 3.23 a swarm without a cell DM is an error there; ask first.
        #[cfg(petsc_3_23)]
        {
            let mut n: Int = 0;
            let mut names: *mut *const std::os::raw::c_char = std::ptr::null_mut();
            // SAFETY: live DMSwarm; PETSc writes the count and an array it allocated.
            check(unsafe { sys::DMSwarmGetCellDMNames(self.ptr, &mut n, &mut names) })?;
            // SAFETY: the array PETSc allocated above (its names are the swarm's own).
            check(unsafe { sys::petscrs_PetscFree(names.cast()) })?;
            if n == 0 {
                return Ok(None);
            }
        }
        let mut d: sys::DM = std::ptr::null_mut();
        // SAFETY: live DMSwarm; PETSc lends the cell DM (or null).
        check(unsafe { sys::DMSwarmGetCellDM(self.ptr, &mut d) })?;
        if d.is_null() {
            return Ok(None);
        }
        // SAFETY: the live cell DM; the handle takes a reference of its own.
        Ok(Some(unsafe { Dm::from_raw_borrowed(self.petsc(), d) }?))
    }

    /// Puts points on a regular lattice of `npoints[d]` points between `min[d]` and
    /// `max[d]` in each of the swarm's dimensions; each rank keeps those in its part of
    /// the cell DM (`DMSwarmSetPointsUniformCoordinates`; collective). `Insert` replaces
    /// this rank's points, `Add` adds to them. The slices hold one entry a dimension.
    #[doc(alias = "DMSwarmSetPointsUniformCoordinates")]
    pub fn set_points_uniform_coordinates(
        &mut self,
        min: &[Real],
        max: &[Real],
        npoints: &[Int],
        mode: InsertMode,
    ) -> Result<()> {
        const CTX: &str = "Swarm::set_points_uniform_coordinates";
        let local = (|| {
            check_no_field_out(self, CTX)?;
            let dim = self.dimension()? as usize;
            for (name, len) in [
                ("min", min.len()),
                ("max", max.len()),
                ("npoints", npoints.len()),
            ] {
                if len != dim {
                    return Err(Error::size_mismatch(
                        CTX,
                        format!("{name} has {len} entries; the swarm has {dim} dimensions"),
                    ));
                }
            }
            if let Some(n) = npoints.iter().find(|&&n| n < 1) {
                return Err(Error::invalid(
                    CTX,
                    format!("a count of npoints is {n}; each must be at least 1"),
                ));
            }
            Ok(())
        })();
        agree_over(self.ptr as sys::PetscObject, CTX, local)?;
        let (mut lo, mut hi, mut n) = (min.to_vec(), max.to_vec(), npoints.to_vec());
        // SAFETY: live DMSwarm; each array has one entry a dimension (checked), copies
        // PETSc may write.
        check(unsafe {
            sys::DMSwarmSetPointsUniformCoordinates(
                self.ptr,
                lo.as_mut_ptr(),
                hi.as_mut_ptr(),
                n.as_mut_ptr(),
                mode.raw(),
            )
        })
    }

    /// Sets points at the coordinates `coords` (`dim` reals a point;
    /// `DMSwarmSetPointCoordinates`; collective). With `redundant`, every rank passes
    /// the same list (rank 0's is used) and each keeps the points in its part of the
    /// cell DM; without, each rank's points are located and migrated. `Insert` replaces
    /// this rank's points, `Add` adds to them. A point that lies exactly on the edge
    /// between two ranks' parts of a DMDA is kept by both (PETSc's location counts the
    /// edge in each part).
    #[doc(alias = "DMSwarmSetPointCoordinates")]
    pub fn set_point_coordinates(
        &mut self,
        coords: &[Real],
        redundant: bool,
        mode: InsertMode,
    ) -> Result<()> {
        const CTX: &str = "Swarm::set_point_coordinates";
        let mut n: Int = 0;
        let local = (|| {
            check_no_field_out(self, CTX)?;
            let dim = self.dimension()? as usize;
            if coords.len() % dim != 0 {
                return Err(Error::size_mismatch(
                    CTX,
                    format!(
                        "coords has {} entries, not a multiple of the {dim} dimensions",
                        coords.len()
                    ),
                ));
            }
            n = int_len(CTX, "points", coords.len() / dim)?;
            Ok(())
        })();
        agree_over(self.ptr as sys::PetscObject, CTX, local)?;
        let mut c = coords.to_vec();
        let flag = petsc_bool(redundant);
        // SAFETY: live DMSwarm; `c` holds `n` points of `dim` reals (checked).
        check(unsafe {
            sys::DMSwarmSetPointCoordinates(self.ptr, n, c.as_mut_ptr(), flag, mode.raw())
        })
    }

    /// Fills every cell of this rank's part of the cell DM with points laid out as
    /// `layout` says, `fill` a direction (`DMSwarmInsertPointsUsingCellDM`).
    #[doc(alias = "DMSwarmInsertPointsUsingCellDM")]
    pub fn insert_point_using_cell_dm(
        &mut self,
        layout: SwarmPicLayout,
        fill: usize,
    ) -> Result<()> {
        const CTX: &str = "Swarm::insert_point_using_cell_dm";
        check_no_field_out(self, CTX)?;
        if fill == 0 {
            return Err(Error::invalid(CTX, "fill is 0; it must be at least 1"));
        }
        let f = int_len(CTX, "points", fill)?;
        // SAFETY: live DMSwarm; no field is lent out (checked).
        check(unsafe { sys::DMSwarmInsertPointsUsingCellDM(self.ptr, layout.raw(), f) })
    }

    /// Puts the same points in every cell of this rank's part of the cell DM, at the
    /// reference-cell coordinates `xi` (`dim` reals a point;
    /// `DMSwarmSetPointCoordinatesCellwise`).
    #[doc(alias = "DMSwarmSetPointCoordinatesCellwise")]
    pub fn set_point_coordinates_cellwise(&mut self, xi: &[Real]) -> Result<()> {
        const CTX: &str = "Swarm::set_point_coordinates_cellwise";
        check_no_field_out(self, CTX)?;
        let dim = self.dimension()? as usize;
        if xi.is_empty() || xi.len() % dim != 0 {
            return Err(Error::size_mismatch(
                CTX,
                format!(
                    "xi has {} entries; it needs {dim} a point, at least one point",
                    xi.len()
                ),
            ));
        }
        let n = int_len(CTX, "points", xi.len() / dim)?;
        let mut c = xi.to_vec();
        // SAFETY: live DMSwarm; `c` holds `n` points of `dim` reals (checked).
        check(unsafe { sys::DMSwarmSetPointCoordinatesCellwise(self.ptr, n, c.as_mut_ptr()) })
    }

    /// Writes the points and the named fields for ParaView (`DMSwarmViewFieldsXDMF`;
    /// collective): `path` (XDMF) beside the binary data file PETSc names after it.
    #[doc(alias = "DMSwarmViewFieldsXDMF")]
    pub fn view_fields_xdmf(&self, path: &str, fields: &[&str]) -> Result<()> {
        const CTX: &str = "Swarm::view_fields_xdmf";
        let p = c_string(CTX, path)?;
        let names = fields
            .iter()
            .map(|f| c_string(CTX, f))
            .collect::<Result<Vec<_>>>()?;
        let mut ptrs: Vec<*const std::os::raw::c_char> = names.iter().map(|s| s.as_ptr()).collect();
        let n = int_len(CTX, "fields", ptrs.len())?;
        // SAFETY: live DMSwarm; `n` NUL-terminated names that outlive the call.
        check(unsafe { sys::DMSwarmViewFieldsXDMF(self.ptr, p.as_ptr(), n, ptrs.as_mut_ptr()) })
    }

    crate::methods![for Swarm;
        /// Writes the points and every field for ParaView (`DMSwarmViewXDMF`;
        /// collective).
        pub fn view_xdmf(&self, path: &str) = DMSwarmViewXDMF as "DMSwarmViewXDMF";
    ];
}

// The names before the naming scheme of 0.2 (`new`, no `get_`); they still compile,
// with a deprecation warning naming the new one.
impl Swarm {
    /// The former name of [`new`](Self::new).
    #[deprecated(
        since = "0.2.0",
        note = "use `Swarm::new` (constructors are `new`/`new_*`)"
    )]
    pub fn create(comm: &Comm, dim: usize) -> Result<Swarm> {
        Self::new(comm, dim)
    }
}
