//! Communicators: PETSc's reference to an MPI communicator.

use std::os::raw::c_int;

use mpi::raw::AsRaw;
use mpi::topology::Communicator;
use petsc_sys as sys;

use crate::error::{c_string, check, Result};
use crate::init::Petsc;

/// An MPI communicator as PETSc holds it: one reference to PETSc's inner duplicate of a
/// user communicator (`PetscCommDuplicate`), released on drop (`PetscCommDestroy`).
///
/// ```
/// let petsc = petsc::Petsc::init()?;
/// let world = petsc.world();
/// let me = petsc.self_comm();
/// assert_eq!(me.size(), 1);
/// assert!(world.size() >= 1);
/// # Ok::<(), petsc::Error>(())
/// ```
pub struct Comm {
    raw: sys::MPI_Comm,
    petsc: Petsc,
}

impl std::fmt::Debug for Comm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Comm")
            .field("rank", &self.rank())
            .field("size", &self.size())
            .finish()
    }
}

impl Comm {
    /// Takes one PETSc reference to `raw` (or to PETSc's inner duplicate of it).
    pub(crate) fn duplicate(petsc: &Petsc, raw: sys::MPI_Comm) -> Result<Comm> {
        let mut inner: sys::MPI_Comm = raw;
        // SAFETY: `raw` is a live communicator; PETSc writes its inner duplicate.
        check(unsafe { sys::PetscCommDuplicate(raw, &mut inner, std::ptr::null_mut()) })?;
        Ok(Comm {
            raw: inner,
            petsc: petsc.clone(),
        })
    }

    /// PETSc's communicator for any rsmpi communicator.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc::Comm::from_mpi(&petsc, &petsc.mpi_world())?;
    /// assert_eq!(c.size(), petsc.world().size());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn from_mpi<C>(petsc: &Petsc, comm: &C) -> Result<Comm>
    where
        C: Communicator + AsRaw<Raw = sys::MPI_Comm>,
    {
        Comm::duplicate(petsc, comm.as_raw())
    }

    /// The communicator of a PETSc object.
    pub(crate) fn of_object(petsc: &Petsc, obj: sys::PetscObject) -> Result<Comm> {
        // SAFETY: the caller guarantees a live PETSc object; an uninitialized MPI_Comm
        // value is overwritten by PetscObjectGetComm.
        let mut raw: sys::MPI_Comm = unsafe { sys::petscrs_comm_null() };
        // SAFETY: `obj` is a live PETSc object.
        check(unsafe { sys::PetscObjectGetComm(obj, &mut raw) })?;
        Comm::duplicate(petsc, raw)
    }

    /// The raw `MPI_Comm`, valid while `self` lives.
    pub fn as_raw(&self) -> sys::MPI_Comm {
        self.raw
    }

    /// The runtime this communicator belongs to.
    pub fn petsc(&self) -> &Petsc {
        &self.petsc
    }

    /// This process's rank.
    pub fn rank(&self) -> i32 {
        let mut r: c_int = 0;
        // SAFETY: `self.raw` is live while `self` lives.
        unsafe { sys::mpi_sys::MPI_Comm_rank(self.raw, &mut r) };
        r
    }

    /// The number of processes.
    pub fn size(&self) -> i32 {
        let mut s: c_int = 0;
        // SAFETY: `self.raw` is live while `self` lives.
        unsafe { sys::mpi_sys::MPI_Comm_size(self.raw, &mut s) };
        s
    }

    /// Waits for every process of the communicator.
    pub fn barrier(&self) -> Result<()> {
        // SAFETY: `self.raw` is live while `self` lives.
        let ierr = unsafe { sys::mpi_sys::MPI_Barrier(self.raw) };
        if ierr == 0 {
            Ok(())
        } else {
            Err(crate::Error::invalid(
                "Comm::barrier",
                format!("MPI error {ierr}"),
            ))
        }
    }

    /// Prints with `PetscPrintf`: only the communicator's first rank writes.
    pub fn print(&self, text: &str) -> Result<()> {
        let t = c_string("Comm::print", text)?;
        // SAFETY: "%s" with one NUL-terminated string.
        check(unsafe { sys::PetscPrintf(self.raw, c"%s".as_ptr(), t.as_ptr()) })
    }

    /// Prints with `PetscSynchronizedPrintf` and flushes: every rank writes, in rank order.
    /// Collective.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let world = petsc.world();
    /// world.print_synchronized(&format!("rank {}\n", world.rank()))?;
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn print_synchronized(&self, text: &str) -> Result<()> {
        let t = c_string("Comm::print_synchronized", text)?;
        // SAFETY: "%s" with one NUL-terminated string; the flush is collective on `raw`.
        check(unsafe { sys::PetscSynchronizedPrintf(self.raw, c"%s".as_ptr(), t.as_ptr()) })?;
        // SAFETY: the standard output stream of the C library.
        check(unsafe { sys::PetscSynchronizedFlush(self.raw, sys::PETSC_STDOUT) })
    }
}

impl Clone for Comm {
    fn clone(&self) -> Comm {
        Comm::duplicate(&self.petsc, self.raw).expect("PetscCommDuplicate failed")
    }
}

impl Drop for Comm {
    fn drop(&mut self) {
        // SAFETY: `self.raw` holds one reference taken by PetscCommDuplicate.
        crate::error::record_destroy(unsafe { sys::PetscCommDestroy(&mut self.raw) });
    }
}
