//! Viewers: where `view()` writes (ASCII to stdout or a file, PETSc binary files).

use petsc_sys as sys;

use crate::comm::Comm;
use crate::error::{c_string, check, Result};
use crate::object::{petsc_handle, sealed};

petsc_handle!(
    /// A `PetscViewer`.
    ///
    /// ```
    /// use petsc::Object;
    /// let petsc = petsc::Petsc::init()?;
    /// let mut v = petsc::Vector::new_seq(&petsc.self_comm(), 2)?;
    /// v.set(1.0)?;
    /// let path = std::env::temp_dir().join(format!("petsc-rs-viewer-doc-{}.txt", std::process::id()));
    /// let viewer = petsc::Viewer::ascii_file(&petsc.self_comm(), path.to_str().unwrap())?;
    /// v.view_with(&viewer)?;
    /// drop(viewer);
    /// let text = std::fs::read_to_string(&path).unwrap();
    /// assert!(text.contains("Vec Object"), "{text}");
    /// std::fs::remove_file(path).unwrap();
    /// # Ok::<(), petsc::Error>(())
    /// ```
    Viewer,
    sys::PetscViewer,
    sys::PetscViewerDestroy
);

// The viewer `Object::view_with` takes (through the sealed `AsViewer`).
impl sealed::Sealed for Viewer {
    fn raw_viewer(&self) -> sys::PetscViewer {
        self.ptr
    }
}

/// How a binary viewer opens its file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileMode {
    /// Read an existing file.
    Read,
    /// Create or truncate.
    Write,
    /// Append to an existing file.
    Append,
}

impl FileMode {
    fn raw(self) -> sys::PetscFileMode {
        match self {
            FileMode::Read => sys::PetscFileMode::FILE_MODE_READ,
            FileMode::Write => sys::PetscFileMode::FILE_MODE_WRITE,
            FileMode::Append => sys::PetscFileMode::FILE_MODE_APPEND,
        }
    }
}

impl Viewer {
    /// ASCII on standard output (`PETSC_VIEWER_STDOUT_` of the communicator). Rank 0
    /// prints for parallel objects.
    pub fn ascii_stdout(comm: &Comm) -> Result<Viewer> {
        let mut v: sys::PetscViewer = std::ptr::null_mut();
        // SAFETY: live communicator; PETSc returns a shared viewer, which we reference
        // so that our destroy releases only our reference.
        check(unsafe { sys::PetscViewerASCIIGetStdout(comm.as_raw(), &mut v) })?;
        // SAFETY: `v` is a live viewer; the handle takes its own reference.
        unsafe { Viewer::from_raw_borrowed(comm.petsc(), v) }
    }

    /// ASCII into a file (created or truncated). A file that cannot be opened is the
    /// same `Err` on every rank (only the first rank opens it).
    pub fn ascii_file(comm: &Comm, path: &str) -> Result<Viewer> {
        const CTX: &str = "Viewer::ascii_file";
        let p = c_string(CTX, path)?;
        let mut v: sys::PetscViewer = std::ptr::null_mut();
        // SAFETY: live communicator, NUL-terminated path.
        let r = check(unsafe { sys::PetscViewerASCIIOpen(comm.as_raw(), p.as_ptr(), &mut v) });
        Viewer::opened(comm, CTX, v, r)
    }

    /// A PETSc binary file, for `Vec`/`Mat` `view` and `load`. The file is opened here
    /// (`PetscViewerSetUp`; PETSc would otherwise wait for the first read or write), so
    /// a missing file, a missing directory or an empty path is an `Err` naming the path,
    /// the same on every rank.
    pub fn binary_file(comm: &Comm, path: &str, mode: FileMode) -> Result<Viewer> {
        const CTX: &str = "Viewer::binary_file";
        let p = c_string(CTX, path)?;
        if path.is_empty() {
            return Err(crate::Error::invalid(CTX, "the path is empty"));
        }
        let mut v: sys::PetscViewer = std::ptr::null_mut();
        // SAFETY: live communicator, NUL-terminated path.
        let mut r = check(unsafe {
            sys::PetscViewerBinaryOpen(comm.as_raw(), p.as_ptr(), mode.raw(), &mut v)
        });
        if r.is_ok() {
            // SAFETY: live viewer with its file name and mode set.
            r = check(unsafe { sys::PetscViewerSetUp(v) });
        }
        let r = r.map_err(|e| match e {
            crate::Error::Petsc { message, .. } if !message.contains(path) => {
                crate::Error::invalid(CTX, format!("cannot open {path:?}: {message}"))
            }
            e => e,
        });
        Viewer::opened(comm, CTX, v, r)
    }

    /// The handle of a viewer just opened with outcome `r` on this rank (`v` null if
    /// none was made), once every rank of `comm` knows whether all of them succeeded.
    fn opened(comm: &Comm, ctx: &str, v: sys::PetscViewer, r: Result<()>) -> Result<Viewer> {
        let viewer = (!v.is_null()).then(|| Viewer::from_raw(comm.petsc(), v));
        comm.agree(ctx, r)?;
        viewer.ok_or_else(|| crate::Error::invalid(ctx, "PETSc made no viewer"))
    }

    /// Flushes buffered output.
    pub fn flush(&self) -> Result<()> {
        // SAFETY: live viewer.
        check(unsafe { sys::PetscViewerFlush(self.ptr) })
    }
}
