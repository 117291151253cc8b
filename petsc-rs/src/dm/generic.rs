//! The generic DM handle [`Dm`]: a DM of any type, made by [`Dm::new`] and
//! [`Dm::set_type`], or returned where the kind of a DM is not known (coordinate DMs,
//! sub-DMs, conversions). [`Dm::downcast`] turns it into the handle of its kind.

use petsc_sys as sys;

use super::Da;
use super::base::{DmBase, sealed::DmRaw};
use super::checks::dm_type_name;
use crate::comm::Comm;
use crate::error::{Error, Result, check};
use crate::init::Petsc;
use crate::object::{Object, petsc_handle};
use crate::scalar::Int;

petsc_handle!(
    /// A DM of any type (`DM`): the methods of [`DmBase`], for DMs whose kind is not
    /// known or has no handle of its own yet.
    ///
    /// ```
    /// use petsc::{Dm, DmBase, Object};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut dm = Dm::new(&petsc.self_comm())?;
    /// dm.set_type("da")?;
    /// assert_eq!(dm.type_name()?, "da");
    /// assert!(dm.set_type("nosuchdm").unwrap_err().to_string().contains("unknown DM type 'nosuchdm'"));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    ///
    /// A DM written to a binary viewer is read back into a new one ([`DmBase::load`]):
    ///
    /// ```
    /// use petsc::{Dm, DmBase, FileMode, Object, Viewer};
    /// let petsc = petsc::Petsc::init()?;
    /// let comm = petsc.self_comm();
    /// let path = std::env::temp_dir().join(format!("petsc-rs-doc-dmload-{}.bin", std::process::id()));
    /// let path = path.to_str().unwrap();
    /// let da = petsc::Da::builder(&comm, 2).sizes(5, 4, 1).build()?;
    /// da.view_with(&Viewer::binary_file(&comm, path, FileMode::Write)?)?;
    /// let mut dm = Dm::new(&comm)?;
    /// dm.load(&Viewer::binary_file(&comm, path, FileMode::Read)?)?;
    /// let back: petsc::Da = dm.downcast()?;
    /// assert_eq!((back.info()?.mx, back.info()?.my), (5, 4));
    /// # std::fs::remove_file(path).ok();
    /// # std::fs::remove_file(format!("{path}.info")).ok();
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DM")]
    Dm,
    sys::DM,
    sys::DMDestroy
);

impl DmRaw for Dm {
    fn dm_raw(&self) -> sys::DM {
        self.ptr
    }

    fn wrap_dm(petsc: &Petsc, dm: sys::DM, _ctx: &str) -> Result<Dm> {
        Ok(Dm::from_raw(petsc, dm))
    }
}

impl DmBase for Dm {}

impl Dm {
    /// A new DM without a type on `comm` (`DMCreate`); give it one with
    /// [`set_type`](Self::set_type).
    #[doc(alias = "DMCreate")]
    pub fn new(comm: &Comm) -> Result<Dm> {
        let mut d: sys::DM = std::ptr::null_mut();
        // SAFETY: live communicator; PETSc writes the new DM.
        check(unsafe { sys::DMCreate(comm.as_raw(), &mut d) })?;
        Ok(Dm::from_raw(comm.petsc(), d))
    }

    /// Sets the type by its registered name (`"da"`, `"plex"`, `"composite"`, ...;
    /// `DMSetType`); an unknown name is an `Err` naming it, and the type is unchanged.
    #[doc(alias = "DMSetType")]
    pub fn set_type(&mut self, name: &str) -> Result<()> {
        let n = dm_type_name("Dm::set_type", name)?;
        // SAFETY: live DM; registered name; PETSc copies it.
        check(unsafe { sys::DMSetType(self.ptr, n.as_ptr()) })
    }

    /// Sets the topological dimension (`DMSetDimension`), before set-up; 0 to 3.
    ///
    /// ```
    /// use petsc::{Dm, DmBase};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut dm = Dm::new(&petsc.self_comm())?;
    /// dm.set_type("plex")?;
    /// dm.set_dimension(2)?;
    /// assert_eq!(dm.dimension()?, 2);
    /// assert!(dm.set_dimension(4).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMSetDimension")]
    pub fn set_dimension(&mut self, dim: Int) -> Result<()> {
        if !(0..=3).contains(&dim) {
            return Err(Error::out_of_range(
                "Dm::set_dimension",
                format!("dimension {dim} is not in 0..=3"),
            ));
        }
        // SAFETY: live DM.
        check(unsafe { sys::DMSetDimension(self.ptr, dim) })
    }

    crate::methods![for Dm;
    ];

    /// Reads the DM's options (`-dm_vec_type`, `-dm_refine`, the type's own;
    /// `DMSetFromOptions`; collective), with its prefix.
    #[doc(alias = "DMSetFromOptions")]
    pub fn set_from_options(&mut self) -> Result<()> {
        // SAFETY: live DM.
        crate::error::check_from_options(unsafe { sys::DMSetFromOptions(self.ptr) })
    }

    /// This DM as the handle of its kind (`T` is [`Da`] for a DMDA, ...); a DM of
    /// another kind is an `Err` naming both. The new handle takes its own reference.
    /// A DMDA that is not set up yet is set up first (`DMSetUp`, collective then).
    ///
    /// ```
    /// use petsc::{Da, DmBase};
    /// let petsc = petsc::Petsc::init()?;
    /// let da = Da::builder(&petsc.self_comm(), 1).sizes(5, 1, 1).build()?;
    /// let cdm = da.coordinate_dm()?; // a generic handle
    /// let cda: Da = cdm.downcast()?;
    /// assert_eq!(cda.info()?.mx, 5);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn downcast<T: DmBase>(&self) -> Result<T> {
        // SAFETY: live DM; the reference is the new handle's (or released on refusal).
        check(unsafe { sys::PetscObjectReference(self.ptr as sys::PetscObject) })?;
        T::wrap_dm(self.petsc(), self.ptr, "Dm::downcast")
    }
}

impl DmRaw for Da {
    fn dm_raw(&self) -> sys::DM {
        self.ptr
    }

    fn wrap_dm(petsc: &Petsc, dm: sys::DM, ctx: &str) -> Result<Da> {
        let da = Da::from_raw(petsc, wrap_kind(petsc, dm, ctx, "da", "a DMDA")?);
        // `Da`'s methods read a set-up grid: set it up if it is not (collective then;
        // nothing happens on a set-up DM).
        // SAFETY: live DMDA.
        check(unsafe { sys::DMSetUp(da.ptr) })?;
        Ok(da)
    }
}

impl DmBase for Da {}

/// The reference to `dm` (a live DM whose reference the caller hands over) for a
/// handle of kind `kind` (`"da"`, `"stag"`, ...): returned if the DM has that type,
/// else released and refused with an `Err` naming both types (`what` describes `kind`).
pub(super) fn wrap_kind(
    petsc: &Petsc,
    dm: sys::DM,
    ctx: &str,
    kind: &str,
    what: &str,
) -> Result<sys::DM> {
    // The handle owns the reference from here on; dropped on refusal.
    let mut d = Dm::from_raw(petsc, dm);
    let ty = d.type_name()?;
    if ty != kind {
        return Err(Error::invalid(
            ctx,
            format!("the DM has type '{ty}', not '{kind}' ({what})"),
        ));
    }
    // The reference moves to the caller; `d` now destroys nothing.
    Ok(std::mem::replace(&mut d.ptr, std::ptr::null_mut()))
}

// The names before the naming scheme of 0.2 (`new`, no `get_`); they still compile,
// with a deprecation warning naming the new one.
impl Dm {
    /// The former name of [`new`](Self::new).
    #[deprecated(
        since = "0.2.0",
        note = "use `Dm::new` (constructors are `new`/`new_*`)"
    )]
    pub fn create(comm: &Comm) -> Result<Dm> {
        Self::new(comm)
    }
}

// `Object`'s `set_from_options` on this handle are the class's own (see `object/hooks.rs`).
impl crate::ffi::ClassHooks<Dm> for crate::ffi::ClassOf<Dm> {
    fn set_from_options(&self, obj: &mut Dm) -> crate::Result<()> {
        obj.set_from_options()
    }
}
