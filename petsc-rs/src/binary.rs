//! Checks of PETSc binary files made before PETSc reads them: `MatLoad` trusts the
//! file's row lengths and column indices, so an untrusted file could make a later
//! product read or write out of bounds. The first rank reads the stored matrix at the
//! viewer's position without moving it, and every rank gets its verdict.

use petsc_sys as sys;

use crate::comm::Comm;
use crate::error::{Error, Result, check};
use crate::scalar::{Int, Scalar};
use crate::viewer::Viewer;

/// Refuses, before PETSc reads from it, a viewer that is not a binary one, is on
/// another communicator than `comm`, or is open for writing (PETSc failed with
/// "Error reading from file, errno 9", or worse). `context` names the caller.
pub(crate) fn check_reader(context: &str, comm: &Comm, viewer: &Viewer) -> Result<()> {
    let v = viewer.as_raw();
    let obj = v as sys::PetscObject;
    let mut binary = sys::PETSC_BOOL_FALSE;
    // SAFETY: live viewer; NUL-terminated type name; PETSc writes the flag.
    check(unsafe {
        sys::PetscObjectTypeCompare(obj, sys::PETSCVIEWERBINARY.as_ptr().cast(), &mut binary)
    })?;
    if binary != sys::PETSC_BOOL_TRUE {
        let mut t: *const std::os::raw::c_char = std::ptr::null();
        // SAFETY: live viewer; PETSc returns a pointer to its own type name or null.
        check(unsafe { sys::PetscObjectGetType(obj, &mut t) })?;
        // SAFETY: PETSc's own NUL-terminated string, or null.
        let t = unsafe { crate::object::owned(t) };
        return Err(Error::invalid(
            context,
            format!(
                "the viewer is of type {t:?}; objects are read from binary viewers (Viewer::binary_file)"
            ),
        ));
    }
    let vcomm = Comm::of_object(comm.petsc(), obj)?;
    if !comm.congruent(&vcomm) {
        return Err(Error::invalid(
            context,
            format!(
                "the viewer's communicator ({} rank(s)) is not the one given ({} rank(s))",
                vcomm.size(),
                comm.size()
            ),
        ));
    }
    let mut mode = sys::PetscFileMode::FILE_MODE_READ;
    // SAFETY: live binary viewer; PETSc writes the mode.
    check(unsafe { sys::PetscViewerFileGetMode(v, &mut mode) })?;
    if matches!(
        mode,
        sys::PetscFileMode::FILE_MODE_WRITE | sys::PetscFileMode::FILE_MODE_APPEND
    ) {
        return Err(Error::invalid(
            context,
            "the viewer's file is open for writing, not for reading",
        ));
    }
    Ok(())
}

/// The check of [`Mat::load`](crate::Mat::load) (collective on the viewer's communicator):
/// the first rank reads the matrix at the viewer's position without moving it and
/// broadcasts its verdict, so that every rank returns the same `Err`.
pub(crate) fn check_matrix(comm: &Comm, viewer: &Viewer) -> Result<()> {
    check_stored("Mat::load", comm, viewer, check_stored_matrix)
}

/// The check of [`Vector::load`](crate::Vector::load), as [`check_matrix`]: a vector
/// header whose length the file holds, before PETSc allocates it.
pub(crate) fn check_vector(comm: &Comm, viewer: &Viewer) -> Result<()> {
    check_stored("Vector::load", comm, viewer, check_stored_vector)
}

/// Checks the object stored at the viewer's position with `check` on the first rank,
/// without moving the position, and gives every rank its verdict (collective).
fn check_stored(
    ctx: &str,
    comm: &Comm,
    viewer: &Viewer,
    check_file: fn(&std::fs::File, u64) -> std::result::Result<(), String>,
) -> Result<()> {
    check_reader(ctx, comm, viewer)?;
    let v = viewer.as_raw();
    let obj = v as sys::PetscObject;
    let vcomm = Comm::of_object(comm.petsc(), obj)?;
    let mut name: *const std::os::raw::c_char = std::ptr::null();
    // SAFETY: live binary viewer; PETSc returns a pointer to its own file name.
    check(unsafe { sys::PetscViewerFileGetName(v, &mut name) })?;
    // SAFETY: PETSc's own NUL-terminated string, or null.
    let path = unsafe { crate::object::owned(name) };
    // Collective on every rank alike: sets the viewer up (opens the file) if needed.
    let mut fd: std::os::raw::c_int = -1;
    // SAFETY: live binary viewer; PETSc writes the descriptor (-1 where it has none).
    check(unsafe { sys::PetscViewerBinaryGetDescriptor(v, &mut fd) })?;
    let mut mpiio = sys::PETSC_BOOL_FALSE;
    // SAFETY: live binary viewer; PETSc writes the flag.
    check(unsafe { sys::PetscViewerBinaryGetUseMPIIO(v, &mut mpiio) })?;
    let mut moff: sys::mpi_sys::MPI_Offset = 0;
    if mpiio == sys::PETSC_BOOL_TRUE {
        // SAFETY: live binary viewer using MPI-IO; PETSc writes its offset.
        check(unsafe { sys::PetscViewerBinaryGetMPIIOOffset(v, &mut moff) })?;
    }
    let verdict = if vcomm.rank() == 0 {
        let opened = if mpiio == sys::PETSC_BOOL_TRUE {
            // MPI-IO reads the named file at the viewer's offset.
            std::fs::File::open(&path)
                .map(|f| (f, u64::try_from(moff).unwrap_or(0)))
                .map_err(|e| format!("cannot open {path:?} to check it: {e}"))
        } else if fd < 0 {
            Err(format!("the viewer has no open file for {path:?}"))
        } else {
            // SAFETY: `fd` is the viewer's open descriptor, which stays open during
            // this borrow; the duplicate made from it is closed on drop, the
            // viewer's is not. `pread` and a `SEEK_CUR` query leave the shared
            // offset where PETSc's reads expect it.
            let borrowed = unsafe { std::os::fd::BorrowedFd::borrow_raw(fd) };
            borrowed
                .try_clone_to_owned()
                .map(std::fs::File::from)
                .and_then(|f| {
                    use std::io::Seek;
                    let at = (&f).stream_position()?;
                    Ok((f, at))
                })
                .map_err(|e| format!("cannot read the viewer's file {path:?}: {e}"))
        };
        Some(opened.and_then(|(f, at)| check_file(&f, at)))
    } else {
        None
    };
    match broadcast_verdict(ctx, &vcomm, verdict)? {
        Ok(()) => Ok(()),
        Err(why) => Err(Error::invalid(ctx, format!("file {path:?}: {why}"))),
    }
}

/// The length of the file behind `file`.
fn file_len(file: &std::fs::File) -> std::result::Result<u64, String> {
    file.metadata()
        .map(|m| m.len())
        .map_err(|e| format!("cannot read the file's length: {e}"))
}

/// Reads the big-endian `PetscInt` at byte `pos` of `file`.
fn int_at(file: &std::fs::File, pos: u64, what: &str) -> std::result::Result<Int, String> {
    use std::os::unix::fs::FileExt;
    let mut b = [0u8; std::mem::size_of::<Int>()];
    file.read_exact_at(&mut b, pos)
        .map_err(|e| format!("cannot read {what} at byte {pos}: {e}"))?;
    Ok(Int::from_be_bytes(b))
}

/// Checks the vector stored at byte `at` of `file` in PETSc's binary format:
/// `VEC_FILE_CLASSID`, the length `N` (big-endian `PetscInt`s), then `N` scalars, all
/// inside the file.
fn check_stored_vector(file: &std::fs::File, at: u64) -> std::result::Result<(), String> {
    let isz = std::mem::size_of::<Int>() as u128;
    let ssz = std::mem::size_of::<Scalar>() as u128;
    let len = file_len(file)?;
    let left = |from: u128| u128::from(len).saturating_sub(from);
    if left(u128::from(at)) < 2 * isz {
        return Err(format!(
            "the file ends inside the vector header (byte {at} of {len})"
        ));
    }
    let class = int_at(file, at, "the vector header")?;
    if i128::from(class) != i128::from(sys::VEC_FILE_CLASSID) {
        return Err(format!(
            "no vector at byte {at}: the class id is {class}, not VEC_FILE_CLASSID {}",
            sys::VEC_FILE_CLASSID
        ));
    }
    let n = int_at(file, at + isz as u64, "the vector header")?;
    if n < 0 {
        return Err(format!("the vector header gives a negative length {n}"));
    }
    let need = (n as u128) * ssz;
    let after = u128::from(at) + 2 * isz;
    if left(after) < need {
        return Err(format!(
            "the file is too short for a vector of length {n}: it needs {need} bytes after the header, {} are left",
            left(after)
        ));
    }
    Ok(())
}

/// Checks the matrix stored at byte `at` of `file` in PETSc's binary format: the
/// header (`MAT_FILE_CLASSID`, rows `M`, columns `N`, nonzeros `nz`, as big-endian
/// `PetscInt`s), then `M` row lengths, `nz` column indices and `nz` scalars, or, for
/// `nz == -1`, `M * N` dense scalars. Reads in bounded chunks; the file's length is
/// checked against the header before anything else is read. The `Err` says what is
/// wrong, in words.
fn check_stored_matrix(file: &std::fs::File, at: u64) -> std::result::Result<(), String> {
    use std::os::unix::fs::FileExt;

    /// `PetscInt`s read one by one from a position of the file, a chunk at a time.
    struct Ints<'f> {
        file: &'f std::fs::File,
        pos: u64,
        buf: std::vec::Vec<u8>,
        next: usize,
    }
    impl Ints<'_> {
        const SIZE: usize = std::mem::size_of::<Int>();
        fn next(&mut self, what: &str) -> std::result::Result<Int, String> {
            if self.next == self.buf.len() {
                // The file's length was checked; a short read means it changed.
                self.buf.resize(Self::SIZE * 8192, 0);
                let got = self
                    .file
                    .read_at(&mut self.buf, self.pos)
                    .map_err(|e| format!("cannot read {what} at byte {}: {e}", self.pos))?;
                let whole = got - got % Self::SIZE;
                if whole == 0 {
                    return Err(format!("the file ends inside {what} (byte {})", self.pos));
                }
                self.buf.truncate(whole);
                self.pos += whole as u64;
                self.next = 0;
            }
            let mut b = [0u8; std::mem::size_of::<Int>()];
            b.copy_from_slice(&self.buf[self.next..self.next + Self::SIZE]);
            self.next += Self::SIZE;
            Ok(Int::from_be_bytes(b))
        }
    }
    let ints = |pos: u64| Ints {
        file,
        pos,
        buf: std::vec::Vec::new(),
        next: 0,
    };

    let isz = std::mem::size_of::<Int>() as u128;
    let ssz = std::mem::size_of::<Scalar>() as u128;
    let len = file_len(file)?;
    let left = |from: u128| u128::from(len).saturating_sub(from);
    if left(u128::from(at)) < 4 * isz {
        return Err(format!(
            "the file ends inside the matrix header (byte {at} of {len})"
        ));
    }
    let mut header = ints(at);
    let mut h = [0 as Int; 4];
    for x in h.iter_mut() {
        *x = header.next("the matrix header")?;
    }
    let [class, m, n, nz] = h;
    if i128::from(class) != i128::from(sys::MAT_FILE_CLASSID) {
        return Err(format!(
            "no matrix at byte {at}: the class id is {class}, not MAT_FILE_CLASSID {}",
            sys::MAT_FILE_CLASSID
        ));
    }
    if m < 0 || n < 0 {
        return Err(format!("the matrix header gives negative sizes {m} x {n}"));
    }
    let rows_at = u128::from(at) + 4 * isz;
    let (m_, n_) = (m as u128, n as u128);
    if nz == -1 {
        // PETSc's dense format: M * N scalars (read by the dense types only).
        let need = m_.saturating_mul(n_).saturating_mul(ssz);
        if left(rows_at) < need {
            return Err(format!(
                "the file is too short for a dense {m} x {n} matrix: it needs {need} bytes after the header, {} are left",
                left(rows_at)
            ));
        }
        return Ok(());
    }
    if nz < 0 {
        return Err(format!(
            "the matrix header gives {nz} nonzeros, a negative number"
        ));
    }
    let nz_ = nz as u128;
    let need = (m_ + nz_) * isz + nz_ * ssz;
    if left(rows_at) < need {
        return Err(format!(
            "the file is too short for a {m} x {n} matrix with {nz} nonzeros: they need {need} bytes after the header, {} are left",
            left(rows_at)
        ));
    }
    // Row lengths: each in 0..=N, adding up to nz.
    let mut rows = ints(rows_at as u64);
    let mut sum: i128 = 0;
    for i in 0..m {
        let k = rows.next("the row lengths")?;
        if k < 0 {
            return Err(format!("row {i} has length {k}"));
        }
        if k > n {
            return Err(format!("row {i} has length {k}, more than the {n} columns"));
        }
        sum += i128::from(k);
    }
    if sum != i128::from(nz) {
        return Err(format!(
            "the row lengths add up to {sum}, but the header gives {nz} nonzeros"
        ));
    }
    // Column indices, row by row: each in 0..N, strictly increasing in a row.
    let mut rows = ints(rows_at as u64);
    let mut cols = ints((rows_at + m_ * isz) as u64);
    for i in 0..m {
        let k = rows.next("the row lengths")?;
        let mut prev: Option<Int> = None;
        for _ in 0..k {
            let c = cols.next("the column indices")?;
            if c < 0 {
                return Err(format!("column index {c} of row {i} is negative"));
            }
            if c >= n {
                return Err(format!(
                    "column index {c} of row {i} is not below the {n} columns"
                ));
            }
            if let Some(p) = prev.filter(|&p| c <= p) {
                return Err(format!(
                    "the column indices of row {i} are not strictly increasing ({p} then {c})"
                ));
            }
            prev = Some(c);
        }
    }
    Ok(())
}

/// Sends the first rank's verdict to every rank of `comm` (collective).
fn broadcast_verdict(
    ctx: &str,
    comm: &Comm,
    verdict: Option<std::result::Result<(), String>>,
) -> Result<std::result::Result<(), String>> {
    if comm.size() == 1 {
        return Ok(verdict.unwrap_or(Ok(())));
    }
    let mut text: std::vec::Vec<u8> = match &verdict {
        Some(Err(why)) => why.as_bytes().to_vec(),
        _ => std::vec::Vec::new(),
    };
    // -1 for a success, else the message's length.
    let mut len: i64 = match &verdict {
        Some(Err(_)) => text.len() as i64,
        _ => -1,
    };
    let failed = |rc: std::os::raw::c_int| {
        Error::invalid(
            ctx,
            format!("MPI_Bcast of the file check failed (MPI error {rc})"),
        )
    };
    // SAFETY: live communicator; one i64 on every rank; rsmpi's datatype handle,
    // initialized with MPI.
    let rc = unsafe {
        mpi::ffi::MPI_Bcast(
            (&mut len as *mut i64).cast(),
            1,
            mpi::ffi::RSMPI_INT64_T,
            0,
            comm.as_raw(),
        )
    };
    if rc != 0 {
        return Err(failed(rc));
    }
    if len < 0 {
        return Ok(Ok(()));
    }
    text.resize(len as usize, 0);
    // SAFETY: live communicator; `len` bytes on every rank (the root's message,
    // room for it elsewhere); rsmpi's datatype handle.
    let rc = unsafe {
        mpi::ffi::MPI_Bcast(
            text.as_mut_ptr().cast(),
            len as std::os::raw::c_int,
            mpi::ffi::RSMPI_UINT8_T,
            0,
            comm.as_raw(),
        )
    };
    if rc != 0 {
        return Err(failed(rc));
    }
    Ok(Err(String::from_utf8_lossy(&text).into_owned()))
}
