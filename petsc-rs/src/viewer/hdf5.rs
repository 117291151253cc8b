//! HDF5 viewers (`PetscViewerHDF5*`): opening a file, attributes, datasets, groups and
//! timesteps. Loading a vector, an index set or a matrix by name is beside its class
//! (`vec/hdf5.rs`, `is/hdf5.rs`, `mat/hdf5.rs`), so the viewer imports none of them.

use std::marker::PhantomData;
use std::os::raw::c_char;

use petsc_sys as sys;

use super::{FileMode, Viewer};
use crate::comm::Comm;
use crate::error::{Result, c_string, check, record_destroy};
use crate::object::{owned, sealed};
use crate::scalar::Int;

/// A viewer on an HDF5 file (`PETSCVIEWERHDF5`). Objects are saved with
/// `obj.view_with(&h5)` into a dataset named after the object
/// ([`Object::set_name`](crate::Object::set_name)), in the current group; vectors are
/// read back with [`load_vector`](Self::load_vector), on any number of ranks. It dereferences to
/// [`Viewer`] for the methods every viewer has.
///
#[cfg_attr(petsc_have_hdf5, doc = "```")]
#[cfg_attr(not(petsc_have_hdf5), doc = "```no_run")]
/// use petsc::{FileMode, Hdf5Viewer, Object, Vector};
/// let petsc = petsc::Petsc::init()?;
/// let comm = petsc.world();
/// let path = std::env::temp_dir().join(format!("petsc-rs-h5-doc-{}.h5", std::process::id()));
/// let path = path.to_str().unwrap();
/// let mut x = Vector::new_mpi(&comm, None, Some(6))?;
/// x.set_name("pressure")?;
/// x.set(3.0)?;
/// {
///     let h5 = Hdf5Viewer::new(&comm, path, FileMode::Write)?;
///     x.view_with(&h5)?;
///     let _g = h5.push_group("/run1")?;
///     assert_eq!(h5.group()?, "/run1");
///     x.scale(2.0)?;
///     x.view_with(&h5)?;
/// }
/// let h5 = Hdf5Viewer::new(&comm, path, FileMode::Read)?;
/// assert_eq!(h5.load_vector("pressure")?.sum()?, petsc::Scalar::from(18.0));
/// let _g = h5.push_group("/run1")?;
/// assert_eq!(h5.load_vector("pressure")?.sum()?, petsc::Scalar::from(36.0));
/// assert!(h5.load_vector("velocity").is_err());
/// # drop(_g);
/// # drop(h5);
/// # std::fs::remove_file(path).ok();
/// # Ok::<(), petsc::Error>(())
/// ```
#[doc(alias = "PETSCVIEWERHDF5")]
#[derive(Debug)]
pub struct Hdf5Viewer {
    viewer: Viewer,
}

impl std::ops::Deref for Hdf5Viewer {
    type Target = Viewer;
    fn deref(&self) -> &Viewer {
        &self.viewer
    }
}

impl sealed::Sealed for Hdf5Viewer {
    fn raw_viewer(&self) -> sys::PetscViewer {
        self.viewer.ptr
    }
}

impl Viewer {
    /// An HDF5 viewer on `path`: [`Hdf5Viewer::new`].
    #[doc(alias = "PetscViewerHDF5Open")]
    pub fn new_hdf5(comm: &Comm, path: &str, mode: FileMode) -> Result<Hdf5Viewer> {
        Hdf5Viewer::new(comm, path, mode)
    }

    /// The former name of [`new_hdf5`](Self::new_hdf5).
    #[deprecated(
        since = "0.2.0",
        note = "use `Viewer::new_hdf5` (constructors are `new`/`new_*`)"
    )]
    pub fn create_hdf5(comm: &Comm, path: &str, mode: FileMode) -> Result<Hdf5Viewer> {
        Viewer::new_hdf5(comm, path, mode)
    }
}

impl Hdf5Viewer {
    /// Opens `path` (`PetscViewerHDF5Open`): `Read` an existing file, `Write` a new
    /// (or truncated) one, `Append` to an existing one. A missing or unreadable file is
    /// an `Err`, the same on every rank of `comm`: a missing file, one that is not HDF5
    /// and a missing folder are found before PETSc opens anything; a damaged HDF5 file
    /// is PETSc's `Err`, and its half-made viewer cannot be freed (PETSc fails to
    /// destroy it; the failure is recorded, see
    /// [`take_destroy_failures`](crate::take_destroy_failures)).
    #[doc(alias = "PetscViewerHDF5Open")]
    pub fn new(comm: &Comm, path: &str, mode: FileMode) -> Result<Hdf5Viewer> {
        const CTX: &str = "Hdf5Viewer::new";
        let p = c_string(CTX, path)?;
        if path.is_empty() {
            return Err(crate::error::Error::invalid(CTX, "the path is empty"));
        }
        // A viewer whose file failed to open cannot be destroyed (PETSc flushes the
        // missing file first, fails, and keeps it), so the common failures are caught
        // here, on every rank, before PETSc opens anything.
        comm.agree(
            CTX,
            precheck(path, mode).map_err(|m| crate::error::Error::invalid(CTX, m)),
        )?;
        if mode == FileMode::Read {
            // The signature is there, but HDF5 may still fail (a file cut short): a
            // trial open on the first rank, through the HDF5 library PETSc loaded.
            let opens = if comm.rank() == 0 {
                // SAFETY: a NUL-terminated path; the shim opens and closes the file.
                match unsafe { sys::petscrs_hdf5_can_open(p.as_ptr()) } {
                    0 => Err(crate::error::Error::invalid(
                        CTX,
                        format!("HDF5 cannot open {path:?}: the file is damaged or cut short"),
                    )),
                    _ => Ok(()),
                }
            } else {
                Ok(())
            };
            comm.agree(CTX, opens)?;
        }
        let mut v: sys::PetscViewer = std::ptr::null_mut();
        // SAFETY: live communicator, NUL-terminated path; PETSc writes the viewer (and
        // may leave one behind when opening the file fails).
        let r = check(unsafe {
            sys::PetscViewerHDF5Open(comm.as_raw(), p.as_ptr(), mode.raw(), &mut v)
        });
        let r = r.map_err(|e| match e {
            crate::error::Error::Petsc { ref message, .. } if !message.contains(path) => {
                crate::error::Error::invalid(CTX, format!("cannot open {path:?}: {message}"))
            }
            e => e,
        });
        Ok(Hdf5Viewer {
            viewer: Viewer::opened(comm, CTX, v, r)?,
        })
    }

    /// The raw viewer, for the PETSc calls of the objects it saves and loads.
    pub(crate) fn ptr(&self) -> sys::PetscViewer {
        self.viewer.ptr
    }

    /// An `Err` naming `name` and the current group when the group has no dataset
    /// `name`.
    pub(crate) fn require_dataset(&self, context: &str, name: &str) -> Result<()> {
        if self.has_dataset(name)? {
            return Ok(());
        }
        Err(crate::error::Error::invalid(
            context,
            format!("no dataset {name:?} in group {:?}", self.group()?),
        ))
    }

    /// Whether `parent` (a group or dataset, absolute or relative to the current group;
    /// `None` for the current group) has the attribute `name`
    /// (`PetscViewerHDF5HasAttribute`). A missing `parent` has none.
    ///
    #[cfg_attr(petsc_have_hdf5, doc = "```")]
    #[cfg_attr(not(petsc_have_hdf5), doc = "```no_run")]
    /// use petsc::{FileMode, Hdf5Viewer};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let path = std::env::temp_dir().join(format!("petsc-rs-h5-attr-doc-{}.h5", std::process::id()));
    /// let path = path.to_str().unwrap();
    /// {
    ///     let h5 = Hdf5Viewer::new(&c, path, FileMode::Write)?;
    ///     h5.write_int_attribute(Some("/mesh"), "cells", 128)?;
    /// }
    /// let h5 = Hdf5Viewer::new(&c, path, FileMode::Read)?;
    /// assert!(h5.has_attribute(Some("/mesh"), "cells")?);
    /// assert!(!h5.has_attribute(Some("/mesh"), "faces")?);
    /// assert!(!h5.has_attribute(Some("/nothere"), "cells")?);
    /// assert_eq!(h5.read_int_attribute(Some("/mesh"), "cells")?, 128);
    /// let e = h5.read_int_attribute(None, "cells").unwrap_err();
    /// assert!(e.to_string().contains("no attribute \"cells\""), "{e}");
    /// # drop(h5);
    /// # std::fs::remove_file(path).ok();
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscViewerHDF5HasAttribute")]
    pub fn has_attribute(&self, parent: Option<&str>, name: &str) -> Result<bool> {
        const CTX: &str = "Hdf5Viewer::has_attribute";
        let n = c_string(CTX, name)?;
        let p = parent.map(|p| c_string(CTX, p)).transpose()?;
        if let Some(path) = parent {
            // PETSc 3.18 fails on a missing parent instead of answering.
            if !self.has_dataset(path)? && !self.has_group(path)? {
                return Ok(false);
            }
        }
        let mut has = sys::PETSC_BOOL_FALSE;
        // SAFETY: live HDF5 viewer; NUL-terminated names (a null parent is the current
        // group); PETSc writes the flag.
        check(unsafe {
            sys::PetscViewerHDF5HasAttribute(
                self.ptr(),
                p.as_ref().map_or(std::ptr::null(), |p| p.as_ptr()),
                n.as_ptr(),
                &mut has,
            )
        })?;
        Ok(has == sys::PETSC_BOOL_TRUE)
    }

    /// Reads the integer attribute `name` of `parent` (as in
    /// [`has_attribute`](Self::has_attribute)) (`PetscViewerHDF5ReadAttribute` with
    /// `PETSC_INT`; HDF5 converts other integer types). A missing attribute is an `Err`
    /// naming it. See [`has_attribute`](Self::has_attribute) for an example.
    #[doc(alias = "PetscViewerHDF5ReadAttribute")]
    pub fn read_int_attribute(&self, parent: Option<&str>, name: &str) -> Result<Int> {
        const CTX: &str = "Hdf5Viewer::read_int_attribute";
        let n = c_string(CTX, name)?;
        let p = parent.map(|p| c_string(CTX, p)).transpose()?;
        if !self.has_attribute(parent, name)? {
            let at = match parent {
                Some(p) => format!("{p:?} (in group {:?})", self.group()?),
                None => format!("group {:?}", self.group()?),
            };
            return Err(crate::error::Error::invalid(
                CTX,
                format!("no attribute {name:?} on {at}"),
            ));
        }
        let mut value: Int = 0;
        // SAFETY: live HDF5 viewer; NUL-terminated names; the attribute exists and PETSc
        // writes one PetscInt.
        check(unsafe {
            sys::PetscViewerHDF5ReadAttribute(
                self.ptr(),
                p.as_ref().map_or(std::ptr::null(), |p| p.as_ptr()),
                n.as_ptr(),
                sys::PetscDataType::PETSC_INT,
                std::ptr::null(),
                (&mut value as *mut Int).cast(),
            )
        })?;
        Ok(value)
    }

    /// Writes the integer attribute `name` on `parent` (as in
    /// [`has_attribute`](Self::has_attribute); groups on the way are created),
    /// replacing an earlier value (`PetscViewerHDF5WriteAttribute` with `PETSC_INT`).
    /// See [`has_attribute`](Self::has_attribute) for an example.
    #[doc(alias = "PetscViewerHDF5WriteAttribute")]
    pub fn write_int_attribute(&self, parent: Option<&str>, name: &str, value: Int) -> Result<()> {
        const CTX: &str = "Hdf5Viewer::write_int_attribute";
        let n = c_string(CTX, name)?;
        let p = parent.map(|p| c_string(CTX, p)).transpose()?;
        // SAFETY: live HDF5 viewer; NUL-terminated names; PETSc reads one PetscInt.
        check(unsafe {
            sys::PetscViewerHDF5WriteAttribute(
                self.ptr(),
                p.as_ref().map_or(std::ptr::null(), |p| p.as_ptr()),
                n.as_ptr(),
                sys::PetscDataType::PETSC_INT,
                (&value as *const Int).cast(),
            )
        })
    }

    /// Whether the current group holds a dataset (or group) `name`
    /// (`PetscViewerHDF5HasDataset`).
    #[doc(alias = "PetscViewerHDF5HasDataset")]
    pub fn has_dataset(&self, name: &str) -> Result<bool> {
        let n = c_string("Hdf5Viewer::has_dataset", name)?;
        let mut has = sys::PETSC_BOOL_FALSE;
        // SAFETY: live HDF5 viewer; PETSc writes the flag.
        check(unsafe { sys::PetscViewerHDF5HasDataset(self.ptr(), n.as_ptr(), &mut has) })?;
        Ok(has == sys::PETSC_BOOL_TRUE)
    }

    /// Whether the file has the group `path` (absolute, or relative to the current
    /// group) (`PetscViewerHDF5HasGroup`).
    #[doc(alias = "PetscViewerHDF5HasGroup")]
    pub fn has_group(&self, path: &str) -> Result<bool> {
        let n = c_string("Hdf5Viewer::has_group", path)?;
        let mut has = sys::PETSC_BOOL_FALSE;
        // SAFETY: live HDF5 viewer; PETSc writes the flag.
        check(unsafe { sys::PetscViewerHDF5HasGroup(self.ptr(), n.as_ptr(), &mut has) })?;
        Ok(has == sys::PETSC_BOOL_TRUE)
    }

    /// Makes `path` (absolute, or relative to the current group) the current group
    /// until the guard is dropped or given to [`pop_group`](Self::pop_group)
    /// (`PetscViewerHDF5PushGroup`); datasets are written and read there. See the
    /// example of [`Hdf5Viewer`].
    #[doc(alias = "PetscViewerHDF5PushGroup")]
    pub fn push_group(&self, path: &str) -> Result<GroupGuard<'_>> {
        let n = c_string("Hdf5Viewer::push_group", path)?;
        // SAFETY: live HDF5 viewer; PETSc copies the name.
        check(unsafe { sys::PetscViewerHDF5PushGroup(self.ptr(), n.as_ptr()) })?;
        Ok(GroupGuard {
            ptr: self.ptr(),
            _viewer: PhantomData,
        })
    }

    /// Pops the group `guard` pushed, returning PETSc's error if any
    /// (`PetscViewerHDF5PopGroup`). A guard of another viewer is an `Err`.
    #[doc(alias = "PetscViewerHDF5PopGroup")]
    pub fn pop_group(&self, guard: GroupGuard<'_>) -> Result<()> {
        if guard.ptr != self.ptr() {
            return Err(crate::error::Error::invalid(
                "Hdf5Viewer::pop_group",
                "the guard belongs to another viewer",
            ));
        }
        std::mem::forget(guard);
        // SAFETY: live HDF5 viewer whose group the guard pushed.
        check(unsafe { sys::PetscViewerHDF5PopGroup(self.ptr()) })
    }

    /// The absolute path of the current group, `"/"` at the root
    /// (`PetscViewerHDF5GetGroup`).
    #[doc(alias = "PetscViewerHDF5GetGroup")]
    pub fn group(&self) -> Result<String> {
        let mut p: *mut c_char = std::ptr::null_mut();
        // SAFETY: live HDF5 viewer; PETSc writes a string the caller frees, or null.
        check(unsafe { sys::PetscViewerHDF5GetGroup(self.ptr(), std::ptr::null(), &mut p) })?;
        if p.is_null() {
            return Ok("/".to_string());
        }
        // SAFETY: PETSc's NUL-terminated string.
        let g = unsafe { owned(p) };
        // SAFETY: allocated by PETSc for the caller.
        check(unsafe { sys::petscrs_PetscFree(p.cast()) })?;
        Ok(g)
    }

    /// Writes and reads datasets with a time dimension until the guard is dropped or
    /// given to [`pop_timestepping`](Self::pop_timestepping)
    /// (`PetscViewerHDF5PushTimestepping`): each vector viewed is stored at the
    /// current [`timestep`](Self::timestep) of its dataset.
    ///
    #[cfg_attr(petsc_have_hdf5, doc = "```")]
    #[cfg_attr(not(petsc_have_hdf5), doc = "```no_run")]
    /// use petsc::{FileMode, Hdf5Viewer, Object, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let comm = petsc.self_comm();
    /// let path = std::env::temp_dir().join(format!("petsc-rs-h5ts-doc-{}.h5", std::process::id()));
    /// let path = path.to_str().unwrap();
    /// let mut u = Vector::new_seq(&comm, 3)?;
    /// u.set_name("u")?;
    /// {
    ///     let h5 = Hdf5Viewer::new(&comm, path, FileMode::Write)?;
    ///     let ts = h5.push_timestepping()?;
    ///     assert!(h5.is_timestepping()?);
    ///     for step in 0..3 {
    ///         h5.set_timestep(step)?;
    ///         u.set(step as f64)?;
    ///         u.view_with(&h5)?;
    ///     }
    ///     h5.pop_timestepping(ts)?;
    /// }
    /// let h5 = Hdf5Viewer::new(&comm, path, FileMode::Read)?;
    /// let _ts = h5.push_timestepping()?;
    /// h5.set_timestep(1)?;
    /// h5.increment_timestep()?;
    /// assert_eq!(h5.timestep()?, 2);
    /// assert_eq!(h5.load_vector("u")?.sum()?, petsc::Scalar::from(6.0));
    /// # drop(_ts);
    /// # drop(h5);
    /// # std::fs::remove_file(path).ok();
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscViewerHDF5PushTimestepping")]
    pub fn push_timestepping(&self) -> Result<TimesteppingGuard<'_>> {
        // SAFETY: live HDF5 viewer.
        check(unsafe { sys::PetscViewerHDF5PushTimestepping(self.ptr()) })?;
        Ok(TimesteppingGuard {
            ptr: self.ptr(),
            _viewer: PhantomData,
        })
    }

    /// Ends the timestepping `guard` started, returning PETSc's error if any
    /// (`PetscViewerHDF5PopTimestepping`). A guard of another viewer is an `Err`.
    #[doc(alias = "PetscViewerHDF5PopTimestepping")]
    pub fn pop_timestepping(&self, guard: TimesteppingGuard<'_>) -> Result<()> {
        if guard.ptr != self.ptr() {
            return Err(crate::error::Error::invalid(
                "Hdf5Viewer::pop_timestepping",
                "the guard belongs to another viewer",
            ));
        }
        std::mem::forget(guard);
        // SAFETY: live HDF5 viewer whose timestepping the guard pushed.
        check(unsafe { sys::PetscViewerHDF5PopTimestepping(self.ptr()) })
    }

    /// Whether datasets have a time dimension now (`PetscViewerHDF5IsTimestepping`).
    #[doc(alias = "PetscViewerHDF5IsTimestepping")]
    pub fn is_timestepping(&self) -> Result<bool> {
        let mut f = sys::PETSC_BOOL_FALSE;
        // SAFETY: live HDF5 viewer; PETSc writes the flag.
        check(unsafe { sys::PetscViewerHDF5IsTimestepping(self.ptr(), &mut f) })?;
        Ok(f == sys::PETSC_BOOL_TRUE)
    }

    /// Sets the timestep datasets are written at and read from
    /// (`PetscViewerHDF5SetTimestep`); only while timestepping (otherwise PETSc's
    /// `Err`). See [`push_timestepping`](Self::push_timestepping).
    #[doc(alias = "PetscViewerHDF5SetTimestep")]
    pub fn set_timestep(&self, step: Int) -> Result<()> {
        // SAFETY: live HDF5 viewer; PETSc checks the state and the value.
        check(unsafe { sys::PetscViewerHDF5SetTimestep(self.ptr(), step) })
    }

    /// The current timestep (`PetscViewerHDF5GetTimestep`).
    #[doc(alias = "PetscViewerHDF5GetTimestep")]
    pub fn timestep(&self) -> Result<Int> {
        let mut s: Int = 0;
        // SAFETY: live HDF5 viewer; PETSc writes the step.
        check(unsafe { sys::PetscViewerHDF5GetTimestep(self.ptr(), &mut s) })?;
        Ok(s)
    }

    /// Moves to the next timestep (`PetscViewerHDF5IncrementTimestep`).
    #[doc(alias = "PetscViewerHDF5IncrementTimestep")]
    pub fn increment_timestep(&self) -> Result<()> {
        // SAFETY: live HDF5 viewer; PETSc checks the state.
        check(unsafe { sys::PetscViewerHDF5IncrementTimestep(self.ptr()) })
    }
}

/// The HDF5 file signature, found at offset 0 or, after a user block, at 512, 1024,
/// 2048, ... bytes.
const SIGNATURE: &[u8; 8] = b"\x89HDF\r\n\x1a\n";

/// Refuses a file to read or append to that is missing or has no HDF5 signature, and
/// a file to write in a missing folder.
fn precheck(path: &str, mode: FileMode) -> std::result::Result<(), String> {
    use std::io::{Read, Seek, SeekFrom};
    let p = std::path::Path::new(path);
    if mode == FileMode::Write {
        let dir = p.parent().filter(|d| !d.as_os_str().is_empty());
        return match dir {
            Some(d) if !d.is_dir() => Err(format!("cannot create {path:?}: no folder {d:?}")),
            _ => Ok(()),
        };
    }
    let mut f = std::fs::File::open(p).map_err(|e| format!("cannot open {path:?}: {e}"))?;
    let len = f
        .metadata()
        .map_err(|e| format!("cannot read {path:?}: {e}"))?
        .len();
    let mut offset = 0u64;
    while offset + 8 <= len {
        let mut sig = [0u8; 8];
        f.seek(SeekFrom::Start(offset))
            .and_then(|_| f.read_exact(&mut sig))
            .map_err(|e| format!("cannot read {path:?}: {e}"))?;
        if &sig == SIGNATURE {
            return Ok(());
        }
        offset = if offset == 0 { 512 } else { offset * 2 };
    }
    Err(format!("{path:?} is not an HDF5 file (no HDF5 signature)"))
}

/// A group pushed on an HDF5 viewer ([`Hdf5Viewer::push_group`]); dropping it pops it
/// (`PetscViewerHDF5PopGroup`).
#[derive(Debug)]
#[must_use = "the group is popped when the guard is dropped"]
pub struct GroupGuard<'a> {
    ptr: sys::PetscViewer,
    _viewer: PhantomData<&'a Hdf5Viewer>,
}

impl Drop for GroupGuard<'_> {
    fn drop(&mut self) {
        // SAFETY: the viewer outlives the guard; the push succeeded.
        record_destroy(unsafe { sys::PetscViewerHDF5PopGroup(self.ptr) });
    }
}

/// Timestepping on an HDF5 viewer ([`Hdf5Viewer::push_timestepping`]); dropping it ends
/// it (`PetscViewerHDF5PopTimestepping`).
#[derive(Debug)]
#[must_use = "timestepping ends when the guard is dropped"]
pub struct TimesteppingGuard<'a> {
    ptr: sys::PetscViewer,
    _viewer: PhantomData<&'a Hdf5Viewer>,
}

impl Drop for TimesteppingGuard<'_> {
    fn drop(&mut self) {
        // SAFETY: the viewer outlives the guard; the push succeeded.
        record_destroy(unsafe { sys::PetscViewerHDF5PopTimestepping(self.ptr) });
    }
}

// The names before the naming scheme of 0.2 (`new`, no `get_`); they still compile,
// with a deprecation warning naming the new one.
impl Hdf5Viewer {
    /// The former name of [`new`](Self::new).
    #[deprecated(
        since = "0.2.0",
        note = "use `Hdf5Viewer::new` (constructors are `new`/`new_*`)"
    )]
    pub fn create(comm: &Comm, path: &str, mode: FileMode) -> Result<Hdf5Viewer> {
        Self::new(comm, path, mode)
    }
}
