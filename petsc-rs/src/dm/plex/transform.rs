//! Mesh transformations (`DMPlexTransform`): [`PlexTransform`], which makes a new mesh
//! from a [`Plex`] cell by cell: regular refinement, Alfeld and Powell-Sabin splits,
//! boundary-layer refinement, conversion of simplices to boxes and back, extrusion.
//!
//! ```
//! use petsc::{Plex, PlexTransform, PlexTransformType};
//! let petsc = petsc::Petsc::init()?;
//! // 2 x 2 squares: 4 cells, 9 vertices.
//! let mesh = Plex::create_box_mesh(&petsc.self_comm(), 2, false, Some(&[2, 2]), None, None, None, true)?;
//! let mut tr = PlexTransform::new(&mesh)?;
//! tr.set_type(PlexTransformType::RefineRegular)?;
//! tr.set_up()?;
//! let fine = tr.apply(&mesh)?;
//! assert_eq!(fine.height_stratum(0)?.count(), 16); // each square into 4
//! assert_eq!(fine.depth_stratum(0)?.count(), 25); // a 5 x 5 grid of vertices
//! # Ok::<(), petsc::Error>(())
//! ```

use petsc_sys as sys;

use super::Plex;
use crate::comm::Comm;
use crate::dm::base::sealed::DmRaw;
use crate::error::{Error, Result, check};
use crate::object::{Object, petsc_handle, registered_type, type_enum};

petsc_handle!(
    /// A mesh transformation (`DMPlexTransform`; petsc4py's `DMPlexTransform`): made for
    /// a mesh, given a type, set up, then [`apply`](PlexTransform::apply)d to get the
    /// transformed mesh.
    ///
    /// The mesh is set at creation, since some types read it when they are set
    /// (`extrude`). Once set up, the transformation keeps its mesh and type: changing
    /// either is an `Err` (make a new transformation).
    ///
    /// ```
    /// use petsc::{Plex, PlexTransform};
    /// let petsc = petsc::Petsc::init()?;
    /// let mesh = Plex::create_box_mesh(&petsc.self_comm(), 2, false, None, None, None, None, true)?;
    /// let tr = PlexTransform::new(&mesh)?;
    /// assert_eq!(tr.ty()?, None); // chosen at set-up: refine_regular
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMPlexTransform")]
    PlexTransform,
    sys::DMPlexTransform,
    destroy
);

/// Whether `t` is an extrusion not yet set up: PETSc (3.18 at least) frees arrays such a
/// transformation has not made yet when it is destroyed or changes type (a crash).
///
/// # Safety
/// `t` must be a live transformation.
unsafe fn unprepared_extrusion(t: sys::DMPlexTransform) -> Result<bool> {
    let mut done = sys::PETSC_BOOL_FALSE;
    // SAFETY: live transform (caller); the shim reads its set-up flag.
    check(unsafe { sys::petscrs_DMPlexTransformSetUpCalled(t, &mut done) })?;
    let mut same = sys::PETSC_BOOL_FALSE;
    // SAFETY: live object; the name is NUL-terminated.
    check(unsafe {
        sys::PetscObjectTypeCompare(t as sys::PetscObject, c"extrude".as_ptr(), &mut same)
    })?;
    Ok(done == sys::PETSC_BOOL_FALSE && same == sys::PETSC_BOOL_TRUE)
}

/// `DMPlexTransformDestroy`, after setting up an extrusion that was not (see
/// [`unprepared_extrusion`]) when this is its last reference; if that set-up fails, the
/// object is left (a leak, never a crash).
///
/// # Safety
/// `t` must point to a live transformation whose reference the caller owns.
unsafe fn destroy(t: *mut sys::DMPlexTransform) -> sys::PetscErrorCode {
    // SAFETY: live transform (caller).
    let tr = unsafe { *t };
    let mut refs: sys::PetscInt = 0;
    // SAFETY: live object.
    let e = unsafe { sys::PetscObjectGetReference(tr as sys::PetscObject, &mut refs) };
    if e != 0 {
        return e;
    }
    // SAFETY: live transform.
    if refs == 1 && unsafe { unprepared_extrusion(tr) }.unwrap_or(true) {
        // SAFETY: live extrusion with its mesh (set at creation).
        let e = unsafe { sys::DMPlexTransformSetUp(tr) };
        if e != 0 {
            return e;
        }
    }
    // SAFETY: the caller's reference, released.
    unsafe { sys::DMPlexTransformDestroy(t) }
}

type_enum!(
/// Mesh transformation types (`DMPlexTransformType`); [`PlexTransformType::Other`] names
/// any registered type.
///
/// ```
/// use petsc::PlexTransformType;
/// assert_eq!(PlexTransformType::RefineAlfeld.as_str(), "refine_alfeld");
/// ```
PlexTransformType {
    /// `"refine_regular"`: each cell into `2^d` cells of its own kind.
    RefineRegular = "refine_regular",
    /// `"refine_alfeld"`: each simplex into `d + 1` simplices around its barycenter.
    RefineAlfeld = "refine_alfeld",
    /// `"refine_powell_sabin"`: the Powell-Sabin split of simplices.
    RefinePowellSabin = "refine_powell_sabin",
    /// `"refine_boundary_layer"`: tensor cells split across their thickness.
    RefineBoundaryLayer = "refine_boundary_layer",
    /// `"refine_sbr"`: skeleton-based refinement of marked simplices.
    RefineSbr = "refine_sbr",
    /// `"refine_tobox"`: simplices into boxes (a triangle into 3 quadrilaterals).
    RefineToBox = "refine_tobox",
    /// `"refine_tosimplex"`: boxes into simplices.
    RefineToSimplex = "refine_tosimplex",
    /// `"refine_1d"`: the refinement of one-dimensional meshes.
    Refine1d = "refine_1d",
    /// `"extrude"`: a mesh of one dimension more, layers of prisms or boxes.
    Extrude = "extrude",
    /// `"transform_filter"`: the submesh of the cells a label marks.
    Filter = "transform_filter",
});

impl PlexTransform {
    /// A transformation of `mesh` on its communicator (`DMPlexTransformCreate`, then
    /// `DMPlexTransformSetDM`; collective), with no type until one is set (set-up picks
    /// `refine_regular`).
    #[doc(alias = "DMPlexTransformCreate")]
    pub fn new(mesh: &Plex) -> Result<PlexTransform> {
        let comm: Comm = mesh.comm();
        let mut t: sys::DMPlexTransform = std::ptr::null_mut();
        // SAFETY: live communicator; PETSc registers the types and writes the object.
        check(unsafe { sys::DMPlexTransformCreate(comm.as_raw(), &mut t) })?;
        let tr = PlexTransform::from_raw(comm.petsc(), t);
        // SAFETY: both live; PETSc takes its own reference to the mesh.
        check(unsafe { sys::DMPlexTransformSetDM(tr.ptr, mesh.dm_raw()) })?;
        Ok(tr)
    }

    /// The same as [`new`](Self::new) (petsc4py's `create`, then `setDM`).
    #[deprecated(
        since = "0.2.0",
        note = "use `PlexTransform::new` (constructors are `new`/`new_*`)"
    )]
    #[doc(alias = "DMPlexTransformCreate")]
    pub fn create(mesh: &Plex) -> Result<PlexTransform> {
        PlexTransform::new(mesh)
    }

    /// Whether [`set_up`](Self::set_up) has run (by any handle to the object).
    pub fn is_set_up(&self) -> Result<bool> {
        let mut done = sys::PETSC_BOOL_FALSE;
        // SAFETY: live transform; the shim reads its set-up flag.
        check(unsafe { sys::petscrs_DMPlexTransformSetUpCalled(self.ptr, &mut done) })?;
        Ok(done == sys::PETSC_BOOL_TRUE)
    }

    /// Refuses, in `ctx`, a change to a transformation already set up.
    fn not_set_up(&self, ctx: &str, what: &str) -> Result<()> {
        if self.is_set_up()? {
            return Err(Error::invalid(
                ctx,
                format!("the transformation is set up; its {what} cannot change (make a new one)"),
            ));
        }
        Ok(())
    }

    /// Sets the type (`DMPlexTransformSetType`), before set-up.
    #[doc(alias = "DMPlexTransformSetType")]
    pub fn set_type(&mut self, ty: PlexTransformType) -> Result<()> {
        self.set_type_name(ty.as_str())
    }

    /// Sets the type by its registered name (`DMPlexTransformSetType`), before set-up;
    /// a name not registered is an `Err` naming it, and the type is unchanged.
    ///
    /// ```
    /// use petsc::{Object, Plex, PlexTransform};
    /// let petsc = petsc::Petsc::init()?;
    /// let mesh = Plex::create_box_mesh(&petsc.self_comm(), 2, false, None, None, None, None, true)?;
    /// let mut tr = PlexTransform::new(&mesh)?;
    /// tr.set_type_name("extrude")?;
    /// assert_eq!(tr.type_name()?, "extrude");
    /// let e = tr.set_type_name("nosuchtype").unwrap_err();
    /// assert!(e.to_string().contains("unknown DMPlexTransform type 'nosuchtype'"), "{e}");
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMPlexTransformSetType")]
    pub fn set_type_name(&mut self, name: &str) -> Result<()> {
        const CTX: &str = "PlexTransform::set_type";
        self.not_set_up(CTX, "type")?;
        // SAFETY: the types were registered when this object was created; the registry
        // is only read.
        let n = unsafe { registered_type(CTX, "DMPlexTransform", sys::DMPlexTransformList, name) }?;
        // SAFETY: live transform.
        if unsafe { unprepared_extrusion(self.ptr) }? && name != "extrude" {
            return Err(Error::invalid(
                CTX,
                "an extrusion not set up cannot change type (PETSc would free arrays it \
                 has not made); make a new transformation",
            ));
        }
        // SAFETY: live transform with its mesh set; PETSc copies the name.
        check(unsafe { sys::DMPlexTransformSetType(self.ptr, n.as_ptr()) })
    }

    /// The type (`DMPlexTransformGetType`).
    #[doc(alias = "DMPlexTransformGetType")]
    pub fn ty(&self) -> Result<Option<PlexTransformType>> {
        let name = self.type_name()?;
        Ok((!name.is_empty()).then(|| PlexTransformType::from_name(&name)))
    }

    /// Reads the type and its settings from the options database
    /// (`DMPlexTransformSetFromOptions`; collective: `-dm_plex_transform_type`,
    /// `-dm_plex_transform_extrude_layers`, ...), before set-up.
    #[doc(alias = "DMPlexTransformSetFromOptions")]
    pub fn set_from_options(&mut self) -> Result<()> {
        const CTX: &str = "PlexTransform::set_from_options";
        self.not_set_up(CTX, "type")?;
        // SAFETY: live transform.
        if unsafe { unprepared_extrusion(self.ptr) }? {
            let mut prefix: *const std::os::raw::c_char = std::ptr::null();
            // SAFETY: live object; PETSc returns its own string or null.
            check(unsafe {
                sys::PetscObjectGetOptionsPrefix(self.ptr as sys::PetscObject, &mut prefix)
            })?;
            let mut set = sys::PETSC_BOOL_FALSE;
            // SAFETY: the global options database; NUL-terminated names.
            check(unsafe {
                sys::PetscOptionsHasName(
                    std::ptr::null_mut(),
                    prefix,
                    c"-dm_plex_transform_type".as_ptr(),
                    &mut set,
                )
            })?;
            if set == sys::PETSC_BOOL_TRUE {
                return Err(Error::invalid(
                    CTX,
                    "the options name a type, and an extrusion not set up cannot change type \
                     (PETSc would free arrays it has not made); make a new transformation",
                ));
            }
        }
        // SAFETY: live transform with its mesh set.
        check(unsafe { sys::DMPlexTransformSetFromOptions(self.ptr) })
    }

    /// Replaces the mesh to transform (`DMPlexTransformSetDM`), before set-up; the
    /// transformation keeps its own reference. A mesh on another communicator is an
    /// `Err`.
    #[doc(alias = "DMPlexTransformSetDM")]
    pub fn set_dm(&mut self, mesh: &Plex) -> Result<()> {
        const CTX: &str = "PlexTransform::set_dm";
        self.not_set_up(CTX, "mesh")?;
        if !self.comm().congruent(&mesh.comm()) {
            return Err(Error::invalid(
                CTX,
                "the mesh is on another communicator than the transformation",
            ));
        }
        // SAFETY: both live; PETSc takes its own reference to the mesh.
        check(unsafe { sys::DMPlexTransformSetDM(self.ptr, mesh.dm_raw()) })
    }

    /// The mesh to transform (`DMPlexTransformGetDM`), with a reference of its own.
    #[doc(alias = "DMPlexTransformGetDM")]
    pub fn dm(&self) -> Result<Plex> {
        let mut dm: sys::DM = std::ptr::null_mut();
        // SAFETY: live transform; PETSc lends its mesh, set at creation.
        check(unsafe { sys::DMPlexTransformGetDM(self.ptr, &mut dm) })?;
        // SAFETY: the live mesh just lent; the handle takes a reference of its own.
        unsafe { Plex::from_raw_borrowed(self.petsc(), dm) }
    }

    crate::methods![for PlexTransform;
        /// Prepares the transformation for its mesh (set at creation) and type
        /// (`DMPlexTransformSetUp`; collective); a second call does nothing.
        pub fn set_up(&mut self) = DMPlexTransformSetUp as "DMPlexTransformSetUp";
    ];

    /// The transformed mesh (`DMPlexTransformApply`; collective), with coordinates and
    /// labels carried over. `mesh` must be the transformation's own
    /// ([`dm`](Self::dm)) and the transformation set up, else it is an `Err`.
    #[doc(alias = "DMPlexTransformApply")]
    pub fn apply(&self, mesh: &Plex) -> Result<Plex> {
        const CTX: &str = "PlexTransform::apply";
        if self.dm()?.dm_raw() != mesh.dm_raw() {
            return Err(Error::invalid(
                CTX,
                "the mesh is not the transformation's own (PlexTransform::dm)",
            ));
        }
        if !self.is_set_up()? {
            return Err(Error::invalid(
                CTX,
                "the transformation is not set up; call set_up first",
            ));
        }
        let mut out: sys::DM = std::ptr::null_mut();
        // SAFETY: live transform, set up for this live mesh; PETSc makes the new mesh,
        // whose reference the handle takes over.
        check(unsafe { sys::DMPlexTransformApply(self.ptr, mesh.dm_raw(), &mut out) })?;
        Plex::wrap_dm(self.petsc(), out, CTX)
    }
}

// The names before the naming scheme of 0.2 (`new`, no `get_`); they still compile,
// with a deprecation warning naming the new one.
impl PlexTransform {
    /// The former name of [`ty`](Self::ty).
    #[deprecated(
        since = "0.2.0",
        note = "use `PlexTransform::ty` (getters have no `get_` prefix)"
    )]
    pub fn get_type(&self) -> Result<Option<PlexTransformType>> {
        self.ty()
    }
}

// `Object`'s `set_from_options` on this handle are the class's own (see `object/hooks.rs`).
impl crate::ffi::ClassHooks<PlexTransform> for crate::ffi::ClassOf<PlexTransform> {
    fn set_from_options(&self, obj: &mut PlexTransform) -> crate::Result<()> {
        obj.set_from_options()
    }
}
