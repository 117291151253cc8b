//! Patch preconditioners (`PCPATCH`): subspace corrections on patches of mesh points of
//! a [`Plex`](crate::Plex), whose operators PETSc assembles from the mesh's discrete
//! system (`DMPlexSetSNESLocalFEM`).

use petsc_sys as sys;

use super::Pc;

const PATCH: &[&str] = &["patch"];

crate::c_enum! {
    /// How `PCPATCH` gathers the points of each patch (`PCPatchConstructType`): the ones
    /// PETSc builds from the mesh. (User and Python constructions, which take a
    /// callback returning the patches, are not wrapped.)
    ///
    /// ```
    /// use petsc::PatchConstructType as P;
    /// assert_eq!(P::ALL, &[P::Star, P::Vanka, P::Pardecomp]);
    /// ```
    pub PatchConstructType: sys::PCPatchConstructType {
        Star = PC_PATCH_STAR "the star of each vertex (or of the points of \
            `-pc_patch_construct_dim`): the default.",
        Vanka = PC_PATCH_VANKA "the closure of the star of each point (Vanka patches).",
        Pardecomp = PC_PATCH_PARDECOMP "one patch per process, the points it owns.",
    }
}

/// Patch preconditioners (`PCPATCH`). Each method needs the type set to `"patch"` and
/// returns an `Err` otherwise (PETSc's own calls write into another type's data).
///
/// ```
/// use petsc::PatchConstructType;
/// let petsc = petsc::Petsc::init()?;
/// let c = petsc.self_comm();
/// let mut pc = petsc::Pc::new(&c)?;
/// pc.set_type_name("jacobi")?;
/// assert!(pc.set_patch_construct_type(PatchConstructType::Vanka).is_err());
/// pc.set_type_name("patch")?;
/// pc.set_patch_construct_type(PatchConstructType::Vanka)?;
/// # Ok::<(), petsc::Error>(())
/// ```
impl Pc {
    crate::methods![for Pc;
        /// How the patches are gathered (`PCPatchSetConstructType`, without a
        /// construction callback; `-pc_patch_construct_type`).
        pub fn set_patch_construct_type(&mut self, ty: PatchConstructType)
            = petscrs_PCPatchSetConstructType as "PCPatchSetConstructType",
            needs require_type(PATCH);
    ];
}
