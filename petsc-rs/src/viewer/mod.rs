//! Viewers: where `view()` writes (ASCII to stdout or a file, PETSc binary files, VTK
//! for ParaView, HDF5 through [`Hdf5Viewer`], graphics windows), their formats, ASCII tabs and
//! sub-viewers.
//!
//! The files of this folder:
//!
//! - `mod.rs`: the [`Viewer`] handle, its types and formats, opening files, binary and
//!   VTK viewers, sub-viewers.
//! - `ascii.rs`: ASCII viewers: tabs and synchronized printing.
//! - `draw.rs`: graphics viewers (X windows, or nothing without a display).
//! - `hdf5.rs`: [`Hdf5Viewer`]: opening a file, attributes, datasets, groups and
//!   timesteps.
//!
//! The viewer sits below the classes it writes: loading a vector, an index set or a
//! matrix from an HDF5 file is an `impl Hdf5Viewer` block beside its class
//! (`vec/hdf5.rs`, `is/hdf5.rs`, `mat/hdf5.rs`).

use std::marker::PhantomData;
use std::os::raw::c_char;

use petsc_sys as sys;

use crate::comm::Comm;
use crate::error::{Result, c_string, check, record_destroy};
use crate::object::Object;
use crate::object::{owned, petsc_handle, sealed, type_enum};
use crate::scalar::Int;

mod ascii;
mod draw;
mod hdf5;

pub use ascii::{SynchronizedGuard, TabGuard};
pub use hdf5::{GroupGuard, Hdf5Viewer, TimesteppingGuard};

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

crate::c_enum! {
    /// How a viewer opens its file (`PetscFileMode`).
    #[doc(alias = "PetscFileMode")]
    pub FileMode: sys::PetscFileMode {
        /// Read an existing file.
        Read = FILE_MODE_READ,
        /// Create or truncate.
        Write = FILE_MODE_WRITE,
        /// Append to an existing file.
        Append = FILE_MODE_APPEND,
    }
}

type_enum! {
    /// A viewer type (`PetscViewerType`), for [`Viewer::set_type`].
    #[doc(alias = "PetscViewerType")]
    ViewerType {
        Ascii = "ascii" "`PETSCVIEWERASCII`: text.",
        Binary = "binary" "`PETSCVIEWERBINARY`: PETSc's binary format.",
        Hdf5 = "hdf5" "`PETSCVIEWERHDF5` (see [`Hdf5Viewer`]).",
        Vtk = "vtk" "`PETSCVIEWERVTK`: XML VTK files for ParaView.",
        String = "string" "`PETSCVIEWERSTRING`.",
        Draw = "draw" "`PETSCVIEWERDRAW`: X windows.",
        Socket = "socket" "`PETSCVIEWERSOCKET`.",
        Glvis = "glvis" "`PETSCVIEWERGLVIS`.",
    }
}

macro_rules! viewer_formats {
    ($( $(#[$meta:meta])* $variant:ident = $c:ident, )*) => {
        /// How a viewer presents objects (`PetscViewerFormat`), pushed with
        /// [`Viewer::push_format`].
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        #[doc(alias = "PetscViewerFormat")]
        pub enum ViewerFormat {
            $( $(#[$meta])* $variant, )*
        }

        impl ViewerFormat {
            fn raw(self) -> sys::PetscViewerFormat {
                match self {
                    $( ViewerFormat::$variant => sys::PetscViewerFormat::$c, )*
                }
            }

            fn from_raw(f: sys::PetscViewerFormat) -> Option<ViewerFormat> {
                $( if f == sys::PetscViewerFormat::$c { return Some(ViewerFormat::$variant); } )*
                None
            }

            /// PETSc's name of the format (`"ASCII_INFO"`, as `-mat_view ::ascii_info`
            /// spells it in lower case).
            pub fn name(self) -> &'static str {
                match self {
                    $( ViewerFormat::$variant => {
                        let full = stringify!($c);
                        &full["PETSC_VIEWER_".len()..]
                    } )*
                }
            }
        }
    };
}

viewer_formats! {
    /// The viewer's default presentation.
    Default = PETSC_VIEWER_DEFAULT,
    /// MATLAB syntax (`A = [ ... ];`, sparse matrices as `zzz` triplets).
    AsciiMatlab = PETSC_VIEWER_ASCII_MATLAB,
    /// Mathematica syntax.
    AsciiMathematica = PETSC_VIEWER_ASCII_MATHEMATICA,
    /// The implementation's own ASCII output.
    AsciiImpl = PETSC_VIEWER_ASCII_IMPL,
    /// Summary information only (sizes, types).
    AsciiInfo = PETSC_VIEWER_ASCII_INFO,
    /// More detailed summary information.
    AsciiInfoDetail = PETSC_VIEWER_ASCII_INFO_DETAIL,
    /// One common format for all implementations.
    AsciiCommon = PETSC_VIEWER_ASCII_COMMON,
    /// Symmetric matrices: upper triangle.
    AsciiSymmodu = PETSC_VIEWER_ASCII_SYMMODU,
    /// Vectors with their indices.
    AsciiIndex = PETSC_VIEWER_ASCII_INDEX,
    /// Matrices as dense arrays.
    AsciiDense = PETSC_VIEWER_ASCII_DENSE,
    /// Matrix Market.
    AsciiMatrixMarket = PETSC_VIEWER_ASCII_MATRIXMARKET,
    /// Python syntax.
    AsciiPython = PETSC_VIEWER_ASCII_PYTHON,
    /// Information on factorizations.
    AsciiFactorInfo = PETSC_VIEWER_ASCII_FACTOR_INFO,
    /// LaTeX.
    AsciiLatex = PETSC_VIEWER_ASCII_LATEX,
    /// XML.
    AsciiXml = PETSC_VIEWER_ASCII_XML,
    /// Flame graphs of the profiling log.
    AsciiFlamegraph = PETSC_VIEWER_ASCII_FLAMEGRAPH,
    /// GLVis.
    AsciiGlvis = PETSC_VIEWER_ASCII_GLVIS,
    /// Comma-separated values.
    AsciiCsv = PETSC_VIEWER_ASCII_CSV,
    /// VTK structured grid (`.vts`).
    VtkVts = PETSC_VIEWER_VTK_VTS,
    /// VTK rectilinear grid (`.vtr`).
    VtkVtr = PETSC_VIEWER_VTK_VTR,
    /// VTK unstructured grid (`.vtu`).
    VtkVtu = PETSC_VIEWER_VTK_VTU,
    /// Binary with a MATLAB `.info` file.
    BinaryMatlab = PETSC_VIEWER_BINARY_MATLAB,
    /// The object's native layout (a DMDA vector in PETSc's ordering).
    Native = PETSC_VIEWER_NATIVE,
    /// HDF5 in PETSc's layout.
    Hdf5Petsc = PETSC_VIEWER_HDF5_PETSC,
    /// HDF5 for visualization: a mesh vector's fields under `/vertex_fields` and
    /// `/cell_fields`. Up to PETSc 3.21 the vector is also written under `/fields`, where
    /// [`Plex::load_vector`](crate::Plex::load_vector) reads it; from 3.22 on only in a
    /// view without this format.
    Hdf5Viz = PETSC_VIEWER_HDF5_VIZ,
    /// HDF5 with an XDMF description.
    Hdf5Xdmf = PETSC_VIEWER_HDF5_XDMF,
    /// HDF5 sparse matrices in MATLAB's layout.
    Hdf5Mat = PETSC_VIEWER_HDF5_MAT,
    /// No format line.
    NoFormat = PETSC_VIEWER_NOFORMAT,
    /// The load balance of a distributed object.
    LoadBalance = PETSC_VIEWER_LOAD_BALANCE,
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
    #[doc(alias = "PetscViewerBinaryOpen")]
    pub fn binary_file(comm: &Comm, path: &str, mode: FileMode) -> Result<Viewer> {
        const CTX: &str = "Viewer::binary_file";
        let p = c_string(CTX, path)?;
        if path.is_empty() {
            return Err(crate::error::Error::invalid(CTX, "the path is empty"));
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
            crate::error::Error::Petsc { ref message, .. } if !message.contains(path) => {
                crate::error::Error::invalid(CTX, format!("cannot open {path:?}: {message}"))
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
        viewer.ok_or_else(|| crate::error::Error::invalid(ctx, "PETSc made no viewer"))
    }

    /// Flushes buffered output (`PetscViewerFlush`); synchronized ASCII output from
    /// every rank is printed here, in rank order.
    #[doc(alias = "PetscViewerFlush")]
    pub fn flush(&self) -> Result<()> {
        flush(self.ptr)
    }

    /// ASCII on standard error (`PETSC_VIEWER_STDERR_` of the communicator).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let err = petsc::Viewer::stderr(&petsc.self_comm())?;
    /// err.flush()?;
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscViewerASCIIGetStderr")]
    #[doc(alias = "PETSC_VIEWER_STDERR_")]
    pub fn stderr(comm: &Comm) -> Result<Viewer> {
        let mut v: sys::PetscViewer = std::ptr::null_mut();
        // SAFETY: live communicator; PETSc returns a shared viewer, which the handle
        // references so that its destroy releases only its own reference.
        check(unsafe { sys::PetscViewerASCIIGetStderr(comm.as_raw(), &mut v) })?;
        // SAFETY: `v` is a live viewer; the handle takes its own reference.
        unsafe { Viewer::from_raw_borrowed(comm.petsc(), v) }
    }

    /// A viewer with no type yet (`PetscViewerCreate`); give it one with
    /// [`set_type`](Self::set_type) (or `-viewer_type` and
    /// [`set_from_options`](Self::set_from_options)), then a file mode and name, then
    /// [`set_up`](Self::set_up).
    ///
    /// ```
    /// use petsc::{FileMode, Object, Viewer, ViewerType};
    /// let petsc = petsc::Petsc::init()?;
    /// let path = std::env::temp_dir().join(format!("petsc-rs-create-doc-{}.txt", std::process::id()));
    /// let mut v = Viewer::new(&petsc.self_comm())?;
    /// v.set_type(ViewerType::Ascii)?;
    /// v.set_file_mode(FileMode::Write)?;
    /// v.set_file_name(path.to_str().unwrap())?;
    /// v.set_up()?;
    /// assert_eq!(v.type_name()?, "ascii");
    /// assert_eq!(v.file_mode()?, Some(FileMode::Write));
    /// assert_eq!(v.file_name()?, path.to_str().unwrap());
    /// v.printf_ascii("hello\n")?;
    /// drop(v);
    /// assert_eq!(std::fs::read_to_string(&path).unwrap(), "hello\n");
    /// std::fs::remove_file(path).unwrap();
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscViewerCreate")]
    pub fn new(comm: &Comm) -> Result<Viewer> {
        let mut v: sys::PetscViewer = std::ptr::null_mut();
        // SAFETY: live communicator; PETSc writes the new viewer.
        check(unsafe { sys::PetscViewerCreate(comm.as_raw(), &mut v) })?;
        Ok(Viewer::from_raw(comm.petsc(), v))
    }

    /// Sets the type (`PetscViewerSetType`). A viewer's type is chosen once: asking a
    /// viewer that has a type for another one (the shared standard output viewer, an
    /// open file) is an `Err`, and so is a name PETSc has not registered.
    #[doc(alias = "PetscViewerSetType")]
    pub fn set_type(&mut self, ty: ViewerType) -> Result<()> {
        const CTX: &str = "Viewer::set_type";
        let current = self.type_name()?;
        if current == ty.as_str() {
            return Ok(());
        }
        if !current.is_empty() {
            return Err(crate::error::Error::invalid(
                CTX,
                format!("the viewer already has type {current:?}; make a new viewer for type {ty}"),
            ));
        }
        // SAFETY: viewer types are registered by PetscInitialize; the list is only read.
        let n = unsafe {
            crate::object::registered_type(CTX, "PetscViewer", sys::PetscViewerList, ty.as_str())
        }?;
        // SAFETY: live viewer without a type; PETSc copies the name.
        check(unsafe { sys::PetscViewerSetType(self.ptr, n.as_ptr()) })
    }

    /// Reads `-viewer_type` and the type's options, with the viewer's prefix
    /// (`PetscViewerSetFromOptions`). Like [`set_type`](Self::set_type), it does not
    /// change the type of a viewer that has one.
    #[doc(alias = "PetscViewerSetFromOptions")]
    pub fn set_from_options(&mut self) -> Result<()> {
        if !self.type_name()?.is_empty() {
            // PETSc would re-create the viewer's data under another type.
            let mut set = sys::PETSC_BOOL_FALSE;
            let prefix = c_string("Viewer::set_from_options", &self.options_prefix()?)?;
            let mut buf = [0 as c_char; 64];
            // SAFETY: global options database; PETSc writes at most `buf.len()` bytes
            // and the flag.
            check(unsafe {
                sys::PetscOptionsGetString(
                    std::ptr::null_mut(),
                    if self.options_prefix()?.is_empty() {
                        std::ptr::null()
                    } else {
                        prefix.as_ptr()
                    },
                    c"-viewer_type".as_ptr(),
                    buf.as_mut_ptr(),
                    buf.len(),
                    &mut set,
                )
            })?;
            if set == sys::PETSC_BOOL_TRUE {
                // SAFETY: PETSc wrote a NUL-terminated string into `buf`.
                let asked = unsafe { owned(buf.as_ptr()) };
                if asked != self.type_name()? {
                    return Err(crate::error::Error::invalid(
                        "Viewer::set_from_options",
                        format!(
                            "-viewer_type {asked} asks a viewer of type {:?} for another type",
                            self.type_name()?
                        ),
                    ));
                }
            }
        }
        // SAFETY: live viewer.
        crate::error::check_from_options(unsafe { sys::PetscViewerSetFromOptions(self.ptr) })
    }

    crate::methods![for Viewer;
        /// Finishes setting the viewer up (`PetscViewerSetUp`): a file viewer opens its
        /// file here.
        pub fn set_up(&mut self) = PetscViewerSetUp as "PetscViewerSetUp";

        /// Sets how the file is opened (`PetscViewerFileSetMode`); before
        /// [`set_file_name`](Self::set_file_name).
        pub fn set_file_mode(&mut self, mode: FileMode)
            = PetscViewerFileSetMode as "PetscViewerFileSetMode";
    ];

    /// How the file is opened, `None` before a mode is set
    /// (`PetscViewerFileGetMode`).
    #[doc(alias = "PetscViewerFileGetMode")]
    pub fn file_mode(&self) -> Result<Option<FileMode>> {
        let mut m = sys::PetscFileMode::FILE_MODE_UNDEFINED;
        // SAFETY: live viewer; PETSc writes the mode (an error for types without files).
        check(unsafe { sys::PetscViewerFileGetMode(self.ptr, &mut m) })?;
        Ok(FileMode::from_raw(m, "Viewer::file_mode").ok())
    }

    /// Sets the file name (`PetscViewerFileSetName`); ASCII and binary viewers open the
    /// file here or at [`set_up`](Self::set_up).
    #[doc(alias = "PetscViewerFileSetName")]
    pub fn set_file_name(&mut self, name: &str) -> Result<()> {
        let n = c_string("Viewer::set_file_name", name)?;
        // SAFETY: live viewer; PETSc copies the name.
        check(unsafe { sys::PetscViewerFileSetName(self.ptr, n.as_ptr()) })
    }

    /// The file name (`PetscViewerFileGetName`); an `Err` for types without files.
    #[doc(alias = "PetscViewerFileGetName")]
    pub fn file_name(&self) -> Result<String> {
        let mut p: *const c_char = std::ptr::null();
        // SAFETY: live viewer; PETSc returns its own string or null.
        check(unsafe { sys::PetscViewerFileGetName(self.ptr, &mut p) })?;
        // SAFETY: PETSc's own NUL-terminated string, or null.
        Ok(unsafe { owned(p) })
    }

    /// A VTK viewer (`PetscViewerVTKOpen`) writing the XML file `path`, which
    /// ParaView reads: a DMDA vector viewed with it is written, under its name
    /// ([`Object::set_name`]), when the viewer is flushed or dropped. The extension
    /// chooses the format (`.vts` structured grid, `.vtr` rectilinear grid).
    ///
    /// ```
    /// use petsc::{Da, FileMode, Object, Viewer};
    /// let petsc = petsc::Petsc::init()?;
    /// let da = Da::builder(&petsc.self_comm(), 2).sizes(4, 3, 1).build()?;
    /// let mut t = da.create_global_vector()?;
    /// t.set_name("temperature")?;
    /// t.set(1.0)?;
    /// let path = std::env::temp_dir().join(format!("petsc-rs-vtk-doc-{}.vts", std::process::id()));
    /// let vtk = Viewer::new_vtk(&petsc.self_comm(), path.to_str().unwrap(), FileMode::Write)?;
    /// t.view_with(&vtk)?;
    /// drop(vtk);
    /// // An XML header, then the values appended in binary.
    /// let bytes = std::fs::read(&path).unwrap();
    /// assert!(String::from_utf8_lossy(&bytes).contains("temperature"));
    /// std::fs::remove_file(path).unwrap();
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscViewerVTKOpen")]
    pub fn new_vtk(comm: &Comm, path: &str, mode: FileMode) -> Result<Viewer> {
        const CTX: &str = "Viewer::new_vtk";
        let p = c_string(CTX, path)?;
        if path.is_empty() {
            return Err(crate::error::Error::invalid(CTX, "the path is empty"));
        }
        let mut v: sys::PetscViewer = std::ptr::null_mut();
        // SAFETY: live communicator, NUL-terminated path.
        let r = check(unsafe {
            sys::PetscViewerVTKOpen(comm.as_raw(), p.as_ptr(), mode.raw(), &mut v)
        });
        Viewer::opened(comm, CTX, v, r)
    }

    /// A binary viewer that reads and writes with MPI-IO
    /// (`PetscViewerBinarySetUseMPIIO`), every rank at its own offset of one file;
    /// otherwise as [`binary_file`](Self::binary_file), whose files it reads and
    /// writes.
    ///
    /// ```
    /// use petsc::{FileMode, Object, Vector, Viewer};
    /// let petsc = petsc::Petsc::init()?;
    /// let comm = petsc.world();
    /// let path = std::env::temp_dir().join(format!("petsc-rs-mpiio-doc-{}.bin", std::process::id()));
    /// let mut x = Vector::new_mpi(&comm, None, Some(5))?;
    /// x.set(2.0)?;
    /// x.view_with(&Viewer::new_mpiio(&comm, path.to_str().unwrap(), FileMode::Write)?)?;
    /// let y = Vector::load(&comm, &Viewer::binary_file(&comm, path.to_str().unwrap(), FileMode::Read)?)?;
    /// assert_eq!(y.sum()?, petsc::Scalar::from(10.0));
    /// # std::fs::remove_file(path.with_extension("bin.info")).ok();
    /// std::fs::remove_file(path).unwrap();
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscViewerBinarySetUseMPIIO")]
    pub fn new_mpiio(comm: &Comm, path: &str, mode: FileMode) -> Result<Viewer> {
        const CTX: &str = "Viewer::new_mpiio";
        let p = c_string(CTX, path)?;
        if path.is_empty() {
            return Err(crate::error::Error::invalid(CTX, "the path is empty"));
        }
        let mut v: sys::PetscViewer = std::ptr::null_mut();
        // SAFETY: live communicator; PETSc writes the new viewer.
        let mut r = check(unsafe { sys::PetscViewerCreate(comm.as_raw(), &mut v) });
        if r.is_ok() {
            // SAFETY: live viewer without a type; a registered type name.
            r = check(unsafe {
                sys::PetscViewerSetType(v, sys::PETSCVIEWERBINARY.as_ptr().cast())
            });
        }
        if r.is_ok() {
            // SAFETY: live binary viewer, not yet open.
            r = check(unsafe { sys::PetscViewerFileSetMode(v, mode.raw()) });
        }
        if r.is_ok() {
            // SAFETY: as above.
            r = check(unsafe { sys::PetscViewerBinarySetUseMPIIO(v, sys::PETSC_BOOL_TRUE) });
        }
        if r.is_ok() {
            // SAFETY: as above; PETSc copies the name.
            r = check(unsafe { sys::PetscViewerFileSetName(v, p.as_ptr()) });
        }
        if r.is_ok() {
            // SAFETY: live viewer with its mode and name.
            r = check(unsafe { sys::PetscViewerSetUp(v) });
        }
        Viewer::opened(comm, CTX, v, r)
    }

    /// The format the viewer presents objects in (`PetscViewerGetFormat`).
    ///
    /// ```
    /// use petsc::{Viewer, ViewerFormat};
    /// let petsc = petsc::Petsc::init()?;
    /// let out = Viewer::ascii_stdout(&petsc.self_comm())?;
    /// assert_eq!(out.format()?, ViewerFormat::Default);
    /// {
    ///     let _info = out.push_format(ViewerFormat::AsciiInfo)?;
    ///     assert_eq!(out.format()?, ViewerFormat::AsciiInfo);
    /// }
    /// assert_eq!(out.format()?, ViewerFormat::Default);
    /// let matlab = out.push_format(ViewerFormat::AsciiMatlab)?;
    /// out.pop_format(matlab)?;
    /// assert_eq!(out.format()?, ViewerFormat::Default);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscViewerGetFormat")]
    pub fn format(&self) -> Result<ViewerFormat> {
        format(self.ptr)
    }

    /// Presents objects in `format` until the returned guard is dropped (or given to
    /// [`pop_format`](Self::pop_format)), which pops it (`PetscViewerPushFormat`).
    /// Drop nested guards in the reverse order of the pushes. See
    /// [`format`](Self::format).
    #[doc(alias = "PetscViewerPushFormat")]
    pub fn push_format(&self, format: ViewerFormat) -> Result<FormatGuard<'_>> {
        push_format(self.ptr, format)
    }

    /// Runs `f` with objects presented in `format`, then pops the format, whatever `f`
    /// returned (`PetscViewerPushFormat`, `PetscViewerPopFormat`): the scoped form of
    /// [`push_format`](Self::push_format), whose guard a `let _ = ...` would drop at
    /// once. `f`'s error comes first, then the pop's.
    ///
    /// ```
    /// use petsc::{Viewer, ViewerFormat};
    /// let petsc = petsc::Petsc::init()?;
    /// let out = Viewer::ascii_stdout(&petsc.self_comm())?;
    /// let seen = out.with_format(ViewerFormat::AsciiInfo, |v| v.format())?;
    /// assert_eq!(seen, ViewerFormat::AsciiInfo);
    /// assert_eq!(out.format()?, ViewerFormat::Default);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscViewerPushFormat")]
    pub fn with_format<R>(
        &self,
        format: ViewerFormat,
        f: impl FnOnce(&Viewer) -> Result<R>,
    ) -> Result<R> {
        let guard = self.push_format(format)?;
        let out = f(self);
        let popped = guard.pop();
        let out = out?;
        popped.map(|()| out)
    }

    /// Pops the format `guard` pushed, returning PETSc's error if any (dropping the
    /// guard pops too, recording an error instead) (`PetscViewerPopFormat`). A guard
    /// of another viewer is an `Err`, and then it pops its own viewer's format when
    /// dropped.
    #[doc(alias = "PetscViewerPopFormat")]
    pub fn pop_format(&self, guard: FormatGuard<'_>) -> Result<()> {
        if guard.ptr != self.ptr {
            return Err(crate::error::Error::invalid(
                "Viewer::pop_format",
                "the guard belongs to another viewer",
            ));
        }
        guard.pop()
    }

    /// A viewer on `comm`, a communicator of a subset of this viewer's ranks
    /// (usually each rank's [`Petsc::self_comm`](crate::Petsc::self_comm)), that
    /// writes into this viewer (`PetscViewerGetSubViewer`): each rank views its own
    /// sequential objects with it. Collective on this viewer's communicator. The
    /// returned [`SubViewer`] gives it back when dropped (or given to
    /// [`restore_sub_viewer`](Self::restore_sub_viewer)); this viewer cannot print
    /// meanwhile (PETSc refuses with an `Err`).
    ///
    /// ```
    /// use petsc::{Object, Vector, Viewer};
    /// let petsc = petsc::Petsc::init()?;
    /// let path = std::env::temp_dir().join(format!("petsc-rs-sub-doc-{}.txt", std::process::id()));
    /// let out = Viewer::ascii_file(&petsc.world(), path.to_str().unwrap())?;
    /// let mut mine = Vector::new_seq(&petsc.self_comm(), 2)?;
    /// mine.set(7.0)?;
    /// {
    ///     let sub = out.sub_viewer(&petsc.self_comm())?;
    ///     mine.view_with(&sub)?;
    /// }
    /// out.flush()?;
    /// drop(out);
    /// assert!(std::fs::read_to_string(&path).unwrap().contains('7'));
    /// # std::fs::remove_file(&path).ok();
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscViewerGetSubViewer")]
    pub fn sub_viewer(&self, comm: &Comm) -> Result<SubViewer<'_>> {
        let mut sub: sys::PetscViewer = std::ptr::null_mut();
        // SAFETY: live viewer and communicator; PETSc writes the sub-viewer, which it
        // takes back in PetscViewerRestoreSubViewer.
        check(unsafe { sys::PetscViewerGetSubViewer(self.ptr, comm.as_raw(), &mut sub) })?;
        let mut refs: Int = 0;
        // SAFETY: live sub-viewer.
        check(unsafe { sys::PetscObjectGetReference(sub as sys::PetscObject, &mut refs) })?;
        Ok(SubViewer {
            parent: self.ptr,
            sub,
            comm: comm.clone(),
            refs,
            _parent: PhantomData,
        })
    }

    /// Gives a sub-viewer back now, returning PETSc's error if any
    /// (`PetscViewerRestoreSubViewer`); dropping it does the same, recording an error
    /// instead. A sub-viewer of another viewer is an `Err`.
    #[doc(alias = "PetscViewerRestoreSubViewer")]
    pub fn restore_sub_viewer(&self, sub: SubViewer<'_>) -> Result<()> {
        if sub.parent != self.ptr {
            return Err(crate::error::Error::invalid(
                "Viewer::restore_sub_viewer",
                "the sub-viewer belongs to another viewer",
            ));
        }
        sub.restore()
    }
}

/// `PetscViewerFlush` on a live viewer.
fn flush(v: sys::PetscViewer) -> Result<()> {
    // SAFETY: the caller passes a live viewer.
    check(unsafe { sys::PetscViewerFlush(v) })
}

/// `PetscViewerGetFormat` on a live viewer.
fn format(v: sys::PetscViewer) -> Result<ViewerFormat> {
    let mut f = sys::PetscViewerFormat::PETSC_VIEWER_DEFAULT;
    // SAFETY: the caller passes a live viewer; PETSc writes the format.
    check(unsafe { sys::PetscViewerGetFormat(v, &mut f) })?;
    ViewerFormat::from_raw(f).ok_or_else(|| {
        crate::error::Error::invalid(
            "Viewer::format",
            format!("unknown PETSc viewer format {}", f.0),
        )
    })
}

/// `PetscViewerPushFormat` on a live viewer that outlives `'a`.
fn push_format<'a>(v: sys::PetscViewer, format: ViewerFormat) -> Result<FormatGuard<'a>> {
    // SAFETY: the caller passes a live viewer; PETSc refuses a full stack.
    check(unsafe { sys::PetscViewerPushFormat(v, format.raw()) })?;
    Ok(FormatGuard {
        ptr: v,
        _viewer: PhantomData,
    })
}

/// A pushed viewer format ([`Viewer::push_format`]); dropping it pops the format
/// (`PetscViewerPopFormat`).
#[derive(Debug)]
#[must_use = "the format is popped when the guard is dropped"]
pub struct FormatGuard<'a> {
    ptr: sys::PetscViewer,
    _viewer: PhantomData<&'a Viewer>,
}

impl FormatGuard<'_> {
    fn pop(self) -> Result<()> {
        let v = self.ptr;
        std::mem::forget(self);
        // SAFETY: the viewer outlives the guard; the matching push succeeded.
        check(unsafe { sys::PetscViewerPopFormat(v) })
    }
}

impl Drop for FormatGuard<'_> {
    fn drop(&mut self) {
        // SAFETY: as in `pop`.
        record_destroy(unsafe { sys::PetscViewerPopFormat(self.ptr) });
    }
}

/// A viewer on part of another viewer's ranks ([`Viewer::sub_viewer`]), given back
/// to it when dropped (`PetscViewerRestoreSubViewer`). View objects with it
/// (`obj.view_with(&sub)`) and print with [`printf_ascii`](Self::printf_ascii).
///
/// It is no [`Object`] handle: it belongs to its parent, which takes it back, so no
/// other handle can keep it.
pub struct SubViewer<'a> {
    parent: sys::PetscViewer,
    sub: sys::PetscViewer,
    comm: Comm,
    refs: Int,
    _parent: PhantomData<&'a Viewer>,
}

impl std::fmt::Debug for SubViewer<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SubViewer")
            .field("ranks", &self.comm.size())
            .finish()
    }
}

impl SubViewer<'_> {
    /// The sub-viewer's communicator.
    pub fn comm(&self) -> &Comm {
        &self.comm
    }

    /// Prints `text` (ASCII sub-viewers), as [`Viewer::printf_ascii`].
    #[doc(alias = "PetscViewerASCIIPrintf")]
    pub fn printf_ascii(&self, text: &str) -> Result<()> {
        ascii::printf(self.sub, "SubViewer::printf_ascii", text, false)
    }

    /// Flushes the sub-viewer (`PetscViewerFlush`).
    #[doc(alias = "PetscViewerFlush")]
    pub fn flush(&self) -> Result<()> {
        flush(self.sub)
    }

    /// The format objects are presented in (`PetscViewerGetFormat`).
    #[doc(alias = "PetscViewerGetFormat")]
    pub fn format(&self) -> Result<ViewerFormat> {
        format(self.sub)
    }

    /// Pushes a format until the guard is dropped, as [`Viewer::push_format`].
    pub fn push_format(&self, format: ViewerFormat) -> Result<FormatGuard<'_>> {
        push_format(self.sub, format)
    }

    /// Restores the sub-viewer, returning PETSc's error if any.
    fn restore(mut self) -> Result<()> {
        match self.give_back() {
            Some(code) => check(code),
            None => Err(crate::error::Error::invalid(
                "Viewer::restore_sub_viewer",
                "the sub-viewer gained a reference elsewhere; it is left out, and its \
                 parent refuses to print",
            )),
        }
    }

    /// Gives the sub-viewer back to its parent once: the code of
    /// `PetscViewerRestoreSubViewer`, or `None` when a reference was taken elsewhere
    /// meanwhile: then it is left out (its parent refuses to print and is not freed,
    /// so what that reference points to stays valid).
    fn give_back(&mut self) -> Option<sys::PetscErrorCode> {
        if self.sub.is_null() {
            return Some(0);
        }
        let mut refs: Int = 0;
        // SAFETY: live sub-viewer, not yet given back.
        let code = unsafe { sys::PetscObjectGetReference(self.sub as sys::PetscObject, &mut refs) };
        if code != 0 {
            return Some(code);
        }
        if refs != self.refs {
            self.sub = std::ptr::null_mut();
            return None;
        }
        // SAFETY: live parent (borrowed for the guard's lifetime) and the sub-viewer it
        // lent on `comm`; PETSc destroys the sub-viewer and nulls the pointer.
        let code = unsafe {
            sys::PetscViewerRestoreSubViewer(self.parent, self.comm.as_raw(), &mut self.sub)
        };
        self.sub = std::ptr::null_mut();
        Some(code)
    }
}

impl Drop for SubViewer<'_> {
    fn drop(&mut self) {
        if let Some(code) = self.give_back() {
            record_destroy(code);
        }
    }
}

impl sealed::Sealed for SubViewer<'_> {
    fn raw_viewer(&self) -> sys::PetscViewer {
        self.sub
    }
}

// The names before the naming scheme of 0.2 (`new`, no `get_`); they still compile,
// with a deprecation warning naming the new one.
impl Viewer {
    /// The former name of [`new`](Self::new).
    #[deprecated(
        since = "0.2.0",
        note = "use `Viewer::new` (constructors are `new`/`new_*`)"
    )]
    pub fn create(comm: &Comm) -> Result<Viewer> {
        Self::new(comm)
    }

    /// The former name of [`new_vtk`](Self::new_vtk).
    #[deprecated(
        since = "0.2.0",
        note = "use `Viewer::new_vtk` (constructors are `new`/`new_*`)"
    )]
    pub fn create_vtk(comm: &Comm, path: &str, mode: FileMode) -> Result<Viewer> {
        Self::new_vtk(comm, path, mode)
    }

    /// The former name of [`new_mpiio`](Self::new_mpiio).
    #[deprecated(
        since = "0.2.0",
        note = "use `Viewer::new_mpiio` (constructors are `new`/`new_*`)"
    )]
    pub fn create_mpiio(comm: &Comm, path: &str, mode: FileMode) -> Result<Viewer> {
        Self::new_mpiio(comm, path, mode)
    }

    /// The former name of [`sub_viewer`](Self::sub_viewer).
    #[deprecated(
        since = "0.2.0",
        note = "use `Viewer::sub_viewer` (getters have no `get_` prefix)"
    )]
    pub fn get_sub_viewer(&self, comm: &Comm) -> Result<SubViewer<'_>> {
        self.sub_viewer(comm)
    }
}

// `Object`'s `set_from_options` on this handle are the class's own (see `object/hooks.rs`).
impl crate::ffi::ClassHooks<Viewer> for crate::ffi::ClassOf<Viewer> {
    fn set_from_options(&self, obj: &mut Viewer) -> crate::Result<()> {
        obj.set_from_options()
    }
}
