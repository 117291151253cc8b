//! PETSc's system utilities: the version of the library loaded, splitting a size over
//! the ranks, diagnostic output (`-info`), citations, synchronized output and sleeping.

use std::collections::HashSet;
use std::os::raw::c_char;
use std::sync::Mutex;

use petsc_sys as sys;

use crate::comm::Comm;
use crate::error::{Error, Result, c_string, check};
use crate::init::Petsc;
use crate::scalar::Int;

/// The version of the PETSc library loaded, as [`Petsc::version_info`] gives it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VersionInfo {
    /// The major version (3).
    pub major: Int,
    /// The minor version.
    pub minor: Int,
    /// The subminor (patch) version.
    pub subminor: Int,
    /// Whether the library is a release (not a development snapshot).
    pub release: bool,
    /// PETSc's own description, for example `"Petsc Release Version 3.18.5, Feb 27, 2023"`.
    pub description: String,
    /// The release's date (`"Feb 27, 2023"`), or a development snapshot's Git date,
    /// from the description (as petsc4py's `Sys.getVersion(date=True)`).
    pub date: String,
    /// Who makes PETSc and where to reach them, a line each (`PETSC_AUTHOR_INFO`: `"The
    /// PETSc Team"`, the mailing list, the web site).
    #[doc(alias = "PETSC_AUTHOR_INFO")]
    pub author_info: Vec<String>,
}

/// The citations registered so far (PETSc keeps one flag per citation, by address).
static CITATIONS: Mutex<Option<HashSet<String>>> = Mutex::new(None);

impl Petsc {
    /// The version of the PETSc library loaded, `(major, minor, subminor)`
    /// (`PetscGetVersionNumber`).
    ///
    /// ```
    /// let (major, minor, _) = petsc::Petsc::version();
    /// assert_eq!(major, 3);
    /// assert!(minor >= 18);
    /// ```
    #[doc(alias = "PetscGetVersionNumber")]
    pub fn version() -> (Int, Int, Int) {
        let v = Petsc::version_info();
        (v.major, v.minor, v.subminor)
    }

    /// The version of the PETSc library loaded, with its release flag and description
    /// (`PetscGetVersionNumber`, `PetscGetVersion`).
    ///
    /// ```
    /// let v = petsc::Petsc::version_info();
    /// assert!(v.description.contains(&format!("{}.{}.{}", v.major, v.minor, v.subminor)));
    /// assert!(!v.date.is_empty() && v.description.contains(&v.date));
    /// assert!(v.author_info.iter().any(|l| l.contains("PETSc")));
    /// ```
    #[doc(alias = "PetscGetVersion")]
    pub fn version_info() -> VersionInfo {
        let (mut major, mut minor, mut subminor, mut release): (Int, Int, Int, Int) = (0, 0, 0, 0);
        // SAFETY: writes four integers; needs no initialization.
        unsafe { sys::PetscGetVersionNumber(&mut major, &mut minor, &mut subminor, &mut release) };
        let mut buf = [0 as c_char; 256];
        // SAFETY: PETSc writes a NUL-terminated string of at most `buf.len()` bytes;
        // needs no initialization.
        let ok = unsafe { sys::PetscGetVersion(buf.as_mut_ptr(), buf.len()) } == 0;
        let description = if ok {
            // SAFETY: NUL-terminated within the buffer (zeroed, and PETSc truncates).
            unsafe { std::ffi::CStr::from_ptr(buf.as_ptr()) }
                .to_string_lossy()
                .trim()
                .to_string()
        } else {
            String::new()
        };
        let date = if release != 0 {
            description.split_once(',').map_or("", |(_, d)| d)
        } else {
            description.rsplit("Git Date:").next().unwrap_or("")
        }
        .trim()
        .to_string();
        let author_info = String::from_utf8_lossy(sys::PETSC_AUTHOR_INFO)
            .trim_end_matches('\0')
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(String::from)
            .collect();
        VersionInfo {
            major,
            minor,
            subminor,
            release: release != 0,
            description,
            date,
            author_info,
        }
    }

    /// Splits a size over the ranks of `comm` as PETSc lays out vectors
    /// (`PetscSplitOwnership`; collective): give this rank's share, the total, or both
    /// (checked to agree); returns `(local, global)`. With a block size `bs`, the
    /// shares are whole blocks (`PetscSplitOwnershipBlock`).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let comm = petsc.self_comm();
    /// assert_eq!(petsc::Petsc::split_ownership(&comm, None, Some(10), None)?, (10, 10));
    /// assert_eq!(petsc::Petsc::split_ownership(&comm, Some(4), None, Some(2))?, (4, 4));
    /// assert!(petsc::Petsc::split_ownership(&comm, None, None, None).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscSplitOwnership")]
    #[doc(alias = "PetscSplitOwnershipBlock")]
    pub fn split_ownership(
        comm: &Comm,
        local: Option<Int>,
        global: Option<Int>,
        bs: Option<Int>,
    ) -> Result<(Int, Int)> {
        const CTX: &str = "Petsc::split_ownership";
        let bs = bs.unwrap_or(1);
        let check_args = || {
            if bs < 1 {
                return Err(Error::invalid(
                    CTX,
                    format!("block size {bs}: it must be at least 1"),
                ));
            }
            for (name, v) in [("local", local), ("global", global)] {
                if let Some(v) = v {
                    if v < 0 || v % bs != 0 {
                        return Err(Error::invalid(
                            CTX,
                            format!(
                                "the {name} size {v} is negative or not a multiple of the block size {bs}"
                            ),
                        ));
                    }
                }
            }
            Ok(())
        };
        comm.agree(CTX, check_args())?;
        comm.check_layout(CTX, "entries", local, global)?;
        let decide = sys::PETSC_DECIDE as Int;
        let (mut n, mut big) = (local.unwrap_or(decide), global.unwrap_or(decide));
        if bs == 1 {
            // SAFETY: live communicator; sizes checked on every rank.
            check(unsafe { sys::PetscSplitOwnership(comm.as_raw(), &mut n, &mut big) })?;
        } else {
            // SAFETY: as above, in blocks of `bs`.
            check(unsafe { sys::PetscSplitOwnershipBlock(comm.as_raw(), bs, &mut n, &mut big) })?;
        }
        Ok((n, big))
    }

    /// Turns PETSc's diagnostic messages (`-info`) on or off (`PetscInfoAllow`).
    #[doc(alias = "PetscInfoAllow")]
    pub fn info_allow(&self, on: bool) -> Result<()> {
        let b = if on {
            sys::PETSC_BOOL_TRUE
        } else {
            sys::PETSC_BOOL_FALSE
        };
        // SAFETY: sets a global flag.
        check(unsafe { sys::PetscInfoAllow(b) })
    }

    /// Registers a BibTeX entry that `-citations` prints at the end of the run, once
    /// however often it is registered (`PetscCitationsRegister`); returns whether it was
    /// new.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let entry = "@misc{petsc-rs-doc, title = {An example}}\n";
    /// assert!(petsc.register_citation(entry)?);
    /// assert!(!petsc.register_citation(entry)?);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscCitationsRegister")]
    pub fn register_citation(&self, bibtex: &str) -> Result<bool> {
        let text = c_string("Petsc::register_citation", bibtex)?;
        let mut seen = CITATIONS.lock().unwrap_or_else(|e| e.into_inner());
        if !seen
            .get_or_insert_with(HashSet::new)
            .insert(bibtex.to_string())
        {
            return Ok(false);
        }
        let mut set = sys::PETSC_BOOL_FALSE;
        // SAFETY: PETSc copies the NUL-terminated entry; `set` is only read and written
        // during the call (this registry keeps each entry to one registration).
        check(unsafe { sys::petscrs_PetscCitationsRegister(text.as_ptr(), &mut set) })?;
        Ok(true)
    }

    /// Flushes the output of [`Comm::print_synchronized`] on `comm`, rank by rank
    /// (`PetscSynchronizedFlush`; collective).
    #[doc(alias = "PetscSynchronizedFlush")]
    pub fn sync_flush(comm: &Comm) -> Result<()> {
        // SAFETY: live communicator; PETSc's standard output.
        check(unsafe { sys::PetscSynchronizedFlush(comm.as_raw(), sys::PETSC_STDOUT) })
    }

    /// Waits `seconds` seconds (`PetscSleep`); negative or non-finite times are refused.
    #[doc(alias = "PetscSleep")]
    pub fn sleep(seconds: f64) -> Result<()> {
        if !seconds.is_finite() || seconds < 0.0 {
            return Err(Error::invalid(
                "Petsc::sleep",
                format!("{seconds} seconds: give a finite, non-negative time"),
            ));
        }
        // SAFETY: no state involved.
        check(unsafe { sys::PetscSleep(seconds) })
    }
}
