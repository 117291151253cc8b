//! The discretization of every DM (petsc4py's `DM` field and `DS` methods): the
//! [`DmDiscretization`] trait, implemented by each DM handle, with the fields'
//! discretizations, the discrete system, auxiliary vectors, the coordinates'
//! discretization and adaptation, as PETSc has them for every `DM`.

use petsc_sys as sys;

use super::{DiscreteSystem, Fe};
use crate::dm::{
    Composite, Da, Dm, DmBase, DmLabel, DmShell, Plex, Stag, Swarm, check_field, check_field_array,
};
use crate::error::{Error, Result, check};
use crate::object::owned;
use crate::scalar::Int;
use crate::vec::Vector;

/// The discretization of a DM (`DMAddField`, `DMGetDS`, `DMSetAuxiliaryVec`,
/// `DMAdaptLabel`, ...), for every DM handle: the finite element of each field and the
/// label of the points it lives on, the discrete system ([`DiscreteSystem`]) made from them,
/// auxiliary vectors keyed by region, the discretization of the coordinates, and
/// adaptation by label or metric. Sealed, as [`DmBase`] is; in the prelude.
///
/// [`Plex`] keeps its own methods of the same names ([`Plex::add_field`], [`Plex::ds`],
/// ...), which call these.
///
/// A DMDA on PETSc 3.23.1 and later keeps no discretized fields: the field calls are an
/// `Err` there.
///
/// ```
/// use petsc::{DmBase, DmDiscretization, Fe, Plex};
/// let petsc = petsc::Petsc::init()?;
/// let c = petsc.self_comm();
/// let mut mesh = Plex::box_mesh(&c).sizes([2, 2]).build()?;
/// let mut dm = mesh.as_dm()?; // any DM: here a generic handle to the same mesh
/// dm.add_field(None, &Fe::builder(&c, 2, 2).degree(1).build()?)?;
/// dm.create_ds()?;
/// assert_eq!(dm.ds()?.total_dimension()?, 8); // two unknowns per vertex
/// assert_eq!(mesh.num_fields()?, 1); // the same mesh
/// # Ok::<(), petsc::Error>(())
/// ```
pub trait DmDiscretization: DmBase {
    /// Adds a field discretized by `fe` on the whole DM (`label = None`) or on the
    /// points `label` marks (`DMAddField`); the DM takes its own reference. Call
    /// [`create_ds`](Self::create_ds) after the fields are added.
    ///
    /// ```
    /// use petsc::{DmBase, DmDiscretization, Fe, Plex};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut mesh = Plex::box_mesh(&c).sizes([2, 2]).build()?;
    /// let fe = Fe::builder(&c, 2, 1).degree(1).build()?;
    /// DmDiscretization::add_field(&mut mesh, None, &fe)?;
    /// assert_eq!(mesh.num_fields()?, 1);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMAddField")]
    fn add_field(&mut self, label: Option<&DmLabel>, fe: &Fe) -> Result<()> {
        const CTX: &str = "DmDiscretization::add_field";
        check_field_array(self, CTX)?;
        let fe = fe.kept_raw(CTX)?;
        // SAFETY: live DM, label (or null) and element; PETSc takes references.
        check(unsafe { sys::DMAddField(self.dm_raw(), label_raw(label), fe as sys::PetscObject) })
    }

    /// Discretizes field `field` with `fe` on the points `label` marks (`None`: the
    /// whole DM) (`DMSetField`), adding fields up to it; a negative field is an `Err`.
    ///
    /// ```
    /// use petsc::{DmBase, DmDiscretization, Fe, Object, Plex};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut mesh = Plex::box_mesh(&c).sizes([2, 2]).build()?;
    /// let mut fe = Fe::builder(&c, 2, 1).degree(1).build()?;
    /// fe.set_name("pressure")?;
    /// DmDiscretization::set_field(&mut mesh, 1, None, &fe)?;
    /// assert_eq!(mesh.num_fields()?, 2); // field 0 exists, without a discretization
    /// assert_eq!(DmDiscretization::field(&mesh, 1)?.unwrap().name()?, "pressure");
    /// assert!(DmDiscretization::field(&mesh, 0)?.is_none());
    /// assert!(DmDiscretization::set_field(&mut mesh, -1, None, &fe).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMSetField")]
    fn set_field(&mut self, field: Int, label: Option<&DmLabel>, fe: &Fe) -> Result<()> {
        const CTX: &str = "DmDiscretization::set_field";
        if field < 0 {
            return Err(Error::out_of_range(
                CTX,
                format!("field {field} is negative"),
            ));
        }
        check_field_array(self, CTX)?;
        let fe = fe.kept_raw(CTX)?;
        let l = label_raw(label);
        // SAFETY: live DM, label (or null) and element; PETSc takes references.
        check(unsafe { sys::DMSetField(self.dm_raw(), field, l, fe as sys::PetscObject) })
    }

    /// The finite element of field `field` (`DMGetField`), as a handle holding its own
    /// reference (the element set: changes through it are the DM's); `None` when the
    /// field has no discretization or another kind (a finite volume). A field the DM
    /// does not have is an `Err` naming it.
    ///
    /// ```
    /// use petsc::{DmBase, DmDiscretization, Fe, Object, Plex};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut mesh = Plex::box_mesh(&c).sizes([2, 2]).build()?;
    /// let fe = Fe::builder(&c, 2, 3).degree(1).build()?;
    /// DmDiscretization::add_field(&mut mesh, None, &fe)?;
    /// let back = DmDiscretization::field(&mesh, 0)?.unwrap();
    /// assert_eq!(back.as_raw(), fe.as_raw()); // the same element
    /// assert_eq!(back.num_components()?, 3);
    /// let e = DmDiscretization::field(&mesh, 1).unwrap_err().to_string();
    /// assert!(e.contains("field 1"), "{e}");
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMGetField")]
    fn field(&self, field: Int) -> Result<Option<Fe>> {
        let (_, obj) = raw_field(self, "DmDiscretization::field", field)?;
        if obj.is_null() {
            return Ok(None);
        }
        let mut name: *const std::os::raw::c_char = std::ptr::null();
        // SAFETY: a live object; PETSc returns its own string.
        check(unsafe { sys::PetscObjectGetClassName(obj, &mut name) })?;
        // SAFETY: PETSc's own string or null.
        if unsafe { owned(name) } != "PetscFE" {
            return Ok(None);
        }
        // SAFETY: a live PetscFE lent by the DM; the handle takes a reference.
        unsafe { Fe::from_raw_borrowed(self.petsc(), obj as sys::PetscFE) }.map(Some)
    }

    /// The label of the points field `field` lives on, `None` for the whole DM
    /// (`DMGetField`); a field the DM does not have is an `Err`.
    ///
    /// ```
    /// use petsc::{DmBase, DmDiscretization, Fe, Object, Plex};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut mesh = Plex::box_mesh(&c).sizes([2, 2]).build()?;
    /// let fe = Fe::builder(&c, 2, 1).degree(1).build()?;
    /// let marker = mesh.label("marker")?.unwrap();
    /// DmDiscretization::add_field(&mut mesh, None, &fe)?;
    /// DmDiscretization::add_field(&mut mesh, Some(&marker), &fe)?;
    /// assert!(mesh.field_label(0)?.is_none());
    /// assert_eq!(mesh.field_label(1)?.unwrap().name()?, "marker");
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMGetField")]
    fn field_label(&self, field: Int) -> Result<Option<DmLabel>> {
        let (label, _) = raw_field(self, "DmDiscretization::field_label", field)?;
        if label.is_null() {
            return Ok(None);
        }
        // SAFETY: a live label lent by the DM; the handle takes a reference.
        unsafe { DmLabel::from_raw_borrowed(self.petsc(), label) }.map(Some)
    }

    crate::methods![for DmDiscretization via dm_raw();
        /// Makes the discrete system of the DM's fields (`DMCreateDS`; collective).
        fn create_ds(&mut self) = DMCreateDS as "DMCreateDS";
        /// Removes the DM's discrete systems (`DMClearDS`); the fields stay.
        ///
        /// ```
        /// use petsc::{DmBase, DmDiscretization, Fe, Plex};
        /// let petsc = petsc::Petsc::init()?;
        /// let c = petsc.self_comm();
        /// let mut mesh = Plex::box_mesh(&c).sizes([2, 2]).build()?;
        /// mesh.add_field(None, &Fe::builder(&c, 2, 1).degree(1).build()?)?;
        /// mesh.create_ds()?;
        /// assert_eq!(mesh.ds()?.num_fields()?, 1);
        /// mesh.clear_ds()?;
        /// assert_eq!(mesh.num_fields()?, 1);
        /// mesh.create_ds()?; // made again from the fields
        /// assert_eq!(mesh.ds()?.num_fields()?, 1);
        /// # Ok::<(), petsc::Error>(())
        /// ```
        fn clear_ds(&mut self) = DMClearDS as "DMClearDS";
        /// The number of auxiliary vectors (`DMGetNumAuxiliaryVec`).
        fn num_auxiliary_vec(&self) -> Int = DMGetNumAuxiliaryVec as "DMGetNumAuxiliaryVec";
        /// Whether localized coordinates are made only for the cells at a periodic
        /// boundary (`DMGetSparseLocalize`; PETSc 3.22 and later).
        ///
        /// ```
        /// use petsc::{DmDiscretization, Plex};
        /// let petsc = petsc::Petsc::init()?;
        /// let mut mesh = Plex::box_mesh(&petsc.self_comm()).sizes([2, 2]).build()?;
        /// mesh.set_sparse_localize(false)?;
        /// assert!(!mesh.sparse_localize()?);
        /// mesh.set_sparse_localize(true)?;
        /// assert!(mesh.sparse_localize()?);
        /// # Ok::<(), petsc::Error>(())
        /// ```
        #[cfg(petsc_3_22)]
        fn sparse_localize(&self) -> bool = DMGetSparseLocalize as "DMGetSparseLocalize";
        /// Sets whether localized coordinates are made only for the cells at a periodic
        /// boundary (`DMSetSparseLocalize`; PETSc 3.22 and later), before they are made.
        #[cfg(petsc_3_22)]
        fn set_sparse_localize(&mut self, sparse: bool)
            = DMSetSparseLocalize as "DMSetSparseLocalize";
    ];

    /// The DM's discrete system (`DMGetDS`), as a handle holding its own reference:
    /// pointwise functions and constants set through it are the DM's. Made by
    /// [`create_ds`](Self::create_ds) from the fields.
    ///
    /// ```
    /// use petsc::{DmBase, DmDiscretization, Fe, Plex};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut mesh = Plex::box_mesh(&c).sizes([2, 2]).build()?;
    /// mesh.add_field(None, &Fe::builder(&c, 2, 2).degree(1).build()?)?;
    /// mesh.add_field(None, &Fe::builder(&c, 2, 1).degree(1).build()?)?;
    /// mesh.create_ds()?;
    /// let ds = DmDiscretization::ds(&mesh)?;
    /// assert_eq!(ds.num_fields()?, 2);
    /// assert_eq!(ds.total_components()?, 3);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMGetDS")]
    fn ds(&self) -> Result<DiscreteSystem> {
        let mut ds: sys::PetscDS = std::ptr::null_mut();
        // SAFETY: live DM; PETSc lends its system.
        check(unsafe { sys::DMGetDS(self.dm_raw(), &mut ds) })?;
        if ds.is_null() {
            return Err(Error::invalid(
                "DmDiscretization::ds",
                "the DM has no discrete system (create_ds)",
            ));
        }
        // SAFETY: a live system lent by the DM; the handle takes a reference.
        unsafe { DiscreteSystem::from_raw_borrowed(self.petsc(), ds) }
    }

    /// Gives `to` this DM's discrete systems (`DMCopyDS`, every field whatever its
    /// degree; collective); `to` must have the same fields
    /// ([`copy_fields`](DmBase::copy_fields), or [`copy_disc`](Self::copy_disc) for both).
    ///
    /// ```
    /// use petsc::{DmBase, DmDiscretization, Fe, Plex};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut mesh = Plex::box_mesh(&c).sizes([2, 2]).build()?;
    /// mesh.add_field(None, &Fe::builder(&c, 2, 1).degree(1).build()?)?;
    /// mesh.create_ds()?;
    /// let mut other = mesh.clone_dm()?;
    /// mesh.copy_fields(&mut other)?;
    /// mesh.copy_ds(&mut other)?;
    /// assert_eq!(DmDiscretization::ds(&other)?.total_dimension()?, 4);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMCopyDS")]
    fn copy_ds<D: DmBase>(&self, to: &mut D) -> Result<()>
    where
        Self: Sized,
    {
        if to.dm_raw() == self.dm_raw() {
            return Ok(());
        }
        #[cfg(not(petsc_3_22))]
        // SAFETY: two live DMs; `to` takes references.
        let r = unsafe { sys::DMCopyDS(self.dm_raw(), to.dm_raw()) };
        // Every field, whatever its degree (PETSC_DETERMINE for both bounds).
        #[cfg(petsc_3_22)]
        // SAFETY: two live DMs; `to` takes references.
        let r = unsafe { sys::DMCopyDS(self.dm_raw(), -1, -1, to.dm_raw()) };
        check(r)
    }

    /// Gives `to` this DM's fields and discrete systems (`DMCopyDisc`; collective), for
    /// a DM refined or redistributed by hand, or another DM of the same points.
    ///
    /// ```
    /// use petsc::{DmBase, DmDiscretization, Fe, Plex};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut mesh = Plex::box_mesh(&c).sizes([2, 2]).build()?;
    /// mesh.add_field(None, &Fe::builder(&c, 2, 1).degree(1).build()?)?;
    /// mesh.create_ds()?;
    /// let mut other = mesh.as_dm()?.clone_dm()?; // a generic handle
    /// DmDiscretization::copy_disc(&mesh, &mut other)?;
    /// assert_eq!(other.num_fields()?, 1);
    /// assert_eq!(other.create_global_vector()?.size()?, 9);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMCopyDisc")]
    fn copy_disc<D: DmBase>(&self, to: &mut D) -> Result<()>
    where
        Self: Sized,
    {
        if to.dm_raw() == self.dm_raw() {
            return Ok(());
        }
        check_field_array(to, "DmDiscretization::copy_disc")?;
        // SAFETY: two live DMs; `to` takes references.
        check(unsafe { sys::DMCopyDisc(self.dm_raw(), to.dm_raw()) })
    }

    /// Keeps `vec` as the auxiliary vector of the region `(label, value)` and equation
    /// part `part` (`DMSetAuxiliaryVec`; the DM takes a reference): pointwise functions
    /// read its fields as `a`. `None` removes the region's vector. A vector lent for a
    /// scope is an `Err`, and so is a vector made by this DM (each would keep the other
    /// alive for ever).
    ///
    /// ```
    /// use petsc::{DmBase, DmDiscretization, Plex};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut mesh = Plex::box_mesh(&c).sizes([2, 2]).build()?;
    /// let aux = petsc::Vector::from_slice(&c, &[1.0, 2.0])?;
    /// mesh.set_auxiliary_vec(None, 0, 0, Some(&aux))?;
    /// assert_eq!(mesh.num_auxiliary_vec()?, 1);
    /// assert_eq!(mesh.auxiliary_vec(None, 0, 0)?.unwrap().as_raw(), aux.as_raw());
    /// mesh.set_auxiliary_vec(None, 0, 0, None)?;
    /// assert_eq!(mesh.num_auxiliary_vec()?, 0);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMSetAuxiliaryVec")]
    fn set_auxiliary_vec(
        &mut self,
        label: Option<&DmLabel>,
        value: Int,
        part: Int,
        vec: Option<&Vector>,
    ) -> Result<()> {
        const CTX: &str = "DmDiscretization::set_auxiliary_vec";
        let v = match vec {
            Some(v) => v.kept_raw(CTX)?,
            None => std::ptr::null_mut(),
        };
        if !v.is_null() {
            let mut owner: sys::DM = std::ptr::null_mut();
            // SAFETY: live vector; PETSc lends the DM it was made by, or null.
            check(unsafe { sys::VecGetDM(v, &mut owner) })?;
            if owner == self.dm_raw() {
                return Err(Error::invalid(
                    CTX,
                    "the vector was made by this DM, which it keeps alive: kept as the DM's \
                     auxiliary vector, neither would ever be freed (use a vector of another \
                     DM, the auxiliary fields' own)",
                ));
            }
        }
        // SAFETY: live DM, label (or null) and vector (or null); PETSc takes a reference
        // to the vector (and drops the one it held for the key).
        check(unsafe { sys::DMSetAuxiliaryVec(self.dm_raw(), label_raw(label), value, part, v) })
    }

    /// The auxiliary vector of the region `(label, value)` and equation part `part`, if
    /// any (`DMGetAuxiliaryVec`), as a handle holding its own reference. A region
    /// without a vector of its own gets the whole DM's, `(None, 0, 0)`, if there is one.
    #[doc(alias = "DMGetAuxiliaryVec")]
    fn auxiliary_vec(
        &self,
        label: Option<&DmLabel>,
        value: Int,
        part: Int,
    ) -> Result<Option<Vector>> {
        let mut v: sys::Vec = std::ptr::null_mut();
        // SAFETY: live DM and label (or null); PETSc lends the vector or null.
        check(unsafe {
            sys::DMGetAuxiliaryVec(self.dm_raw(), label_raw(label), value, part, &mut v)
        })?;
        if v.is_null() {
            return Ok(None);
        }
        // SAFETY: a live vector lent by the DM; the handle takes a reference.
        unsafe { Vector::from_raw_borrowed(self.petsc(), v) }.map(Some)
    }

    /// Discretizes the coordinates with `disc` (`DMSetCoordinateDisc`; collective),
    /// projecting the coordinates onto it when `project`; `None` makes sure a
    /// coordinate discretization exists. `localized` asks for a discontinuous (per-cell)
    /// coordinate space. PETSc before 3.21 always projects (`DMProjectCoordinates`) and
    /// PETSc before 3.24 has no localized spaces: asking for them there is an `Err`.
    ///
    /// ```
    /// use petsc::{DmBase, DmDiscretization, Fe, Plex};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut mesh = Plex::box_mesh(&c).sizes([2, 2]).build()?;
    /// assert_eq!(DmBase::coordinates(&mesh)?.size()?, 2 * 9); // Q1: the vertices
    /// // Q2 coordinates: vertices, edge midpoints and cell centres, 5 x 5 nodes.
    /// mesh.set_coordinate_disc(Some(&Fe::builder(&c, 2, 2).degree(2).build()?), false, true)?;
    /// assert_eq!(DmBase::coordinates(&mesh)?.size()?, 2 * 25);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMSetCoordinateDisc")]
    #[doc(alias = "DMProjectCoordinates")]
    fn set_coordinate_disc(
        &mut self,
        disc: Option<&Fe>,
        localized: bool,
        project: bool,
    ) -> Result<()> {
        const CTX: &str = "DmDiscretization::set_coordinate_disc";
        let fe = match disc {
            Some(fe) => fe.kept_raw(CTX)?,
            None => std::ptr::null_mut(),
        };
        #[cfg(not(petsc_3_24))]
        if localized {
            return Err(Error::invalid(
                CTX,
                "a localized coordinate space needs PETSc 3.24 or later",
            ));
        }
        #[cfg(not(petsc_3_21))]
        if !project {
            return Err(Error::invalid(
                CTX,
                "PETSc before 3.21 always projects the coordinates (project = true)",
            ));
        }
        #[cfg(not(petsc_3_21))]
        // SAFETY: live DM and element (or null); PETSc takes a reference.
        let r = unsafe { sys::DMProjectCoordinates(self.dm_raw(), fe) };
        #[cfg(all(petsc_3_21, not(petsc_3_24)))]
        // SAFETY: as above.
        let r = unsafe {
            sys::DMSetCoordinateDisc(self.dm_raw(), fe, crate::declare::petsc_bool(project))
        };
        #[cfg(petsc_3_24)]
        // SAFETY: as above.
        let r = unsafe {
            sys::DMSetCoordinateDisc(
                self.dm_raw(),
                fe,
                crate::declare::petsc_bool(localized),
                crate::declare::petsc_bool(project),
            )
        };
        check(r)
    }

    /// A new DM adapted to the flags of `label` (`DMAdaptLabel`; collective): each cell
    /// marked 1 (`DM_ADAPT_REFINE`) is refined, 2 (`DM_ADAPT_COARSEN`) coarsened where
    /// the DM type can, 0 (`DM_ADAPT_KEEP`) kept. A DM type that cannot adapt is an `Err`.
    ///
    /// ```
    /// use petsc::{DmBase, DmDiscretization, DmLabel, Plex};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// // The unit square cut into two triangles.
    /// let coords = [0.0, 0.0, 1.0, 0.0, 1.0, 1.0, 0.0, 1.0];
    /// let mesh = Plex::from_cell_list(&c, 2, 3, &[0, 1, 2, 0, 2, 3], 2, &coords, true)?;
    /// let mut flags = DmLabel::new(&c, "adapt")?;
    /// for cell in mesh.height_stratum(0)? {
    ///     flags.set_value(cell, 1)?; // refine every triangle
    /// }
    /// let fine = mesh.adapt_label(&flags)?;
    /// assert_eq!(fine.height_stratum(0)?.count(), 4 * 2);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMAdaptLabel")]
    fn adapt_label(&self, label: &DmLabel) -> Result<Self>
    where
        Self: Sized,
    {
        const CTX: &str = "DmDiscretization::adapt_label";
        let mut d: sys::DM = std::ptr::null_mut();
        // SAFETY: live DM and label; PETSc writes a new DM or null.
        check(unsafe { sys::DMAdaptLabel(self.dm_raw(), label.ptr, &mut d) })?;
        adapted(self, d, CTX)
    }

    /// A new DM adapted to the Riemannian metric `metric` (a vertex-wise field of this
    /// DM; `DMAdaptMetric`; collective), keeping the boundary tags of `bd_label` and
    /// the cell tags of `rg_label`. Needs a remesher in PETSc (Mmg, ParMmg or
    /// Pragmatic); without one it is an `Err` with PETSc's message.
    #[doc(alias = "DMAdaptMetric")]
    fn adapt_metric(
        &self,
        metric: &Vector,
        bd_label: Option<&DmLabel>,
        rg_label: Option<&DmLabel>,
    ) -> Result<Self>
    where
        Self: Sized,
    {
        const CTX: &str = "DmDiscretization::adapt_metric";
        let m = metric.raw_read(CTX)?;
        let mut d: sys::DM = std::ptr::null_mut();
        // SAFETY: live DM, vector and labels (or null); PETSc writes a new DM or null.
        check(unsafe {
            sys::DMAdaptMetric(
                self.dm_raw(),
                m,
                label_raw(bd_label),
                label_raw(rg_label),
                &mut d,
            )
        })?;
        adapted(self, d, CTX)
    }
}

impl DmDiscretization for Dm {}
impl DmDiscretization for Da {}
impl DmDiscretization for Plex {}
impl DmDiscretization for Stag {}
impl DmDiscretization for Swarm {}
impl DmDiscretization for Composite {}
impl DmDiscretization for DmShell {}

/// The raw label, or null for the whole DM.
fn label_raw(label: Option<&DmLabel>) -> sys::DMLabel {
    label.map_or(std::ptr::null_mut(), |l| l.ptr)
}

/// The label and discretization PETSc lends for field `field`, after checking the DM
/// has it.
fn raw_field<D: DmBase + ?Sized>(
    dm: &D,
    ctx: &str,
    field: Int,
) -> Result<(sys::DMLabel, sys::PetscObject)> {
    check_field_array(dm, ctx)?;
    check_field(dm, ctx, field)?;
    let mut label: sys::DMLabel = std::ptr::null_mut();
    let mut obj: sys::PetscObject = std::ptr::null_mut();
    // SAFETY: live DM; an existing field; PETSc lends both (or nulls).
    check(unsafe { sys::DMGetField(dm.dm_raw(), field, &mut label, &mut obj) })?;
    Ok((label, obj))
}

/// The DM an adaptation made (whose reference the handle takes), of `dm`'s kind; null
/// is an `Err`.
fn adapted<D: DmBase>(dm: &D, d: sys::DM, ctx: &str) -> Result<D> {
    if d.is_null() {
        let ty = dm.type_name()?;
        return Err(Error::invalid(
            ctx,
            format!("PETSc made no adapted DM from this DM of type '{ty}'"),
        ));
    }
    D::wrap_dm(dm.petsc(), d, ctx)
}
