//! A distributed vector's entries on this rank as a sequential vector
//! (`VecGetLocalVector`) and shared-memory vectors.

use std::marker::PhantomData;

use petsc_sys as sys;

use super::{NormType, VecView, VecViewMut, Vector};
use crate::borrow::ArrayBorrow;
use crate::comm::Comm;
use crate::error::{Error, Result, check, record_destroy};
use crate::scalar::{Int, Real, Scalar};

impl Vector {
    /// A distributed vector in memory shared by the ranks of a node (`VecCreateShared`),
    /// sequential on one rank. Sizes as for [`new_mpi`](Self::new_mpi). A PETSc built
    /// without shared-memory support (Debian's, for one) refuses it at more than one
    /// rank, with the same `Err` on every rank.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut x = petsc::Vector::new_shared(&petsc.world(), None, Some(6))?;
    /// x.set(2.0)?;
    /// assert_eq!(x.sum()?, 12.0);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "VecCreateShared")]
    pub fn new_shared(comm: &Comm, local: Option<Int>, global: Option<Int>) -> Result<Vector> {
        comm.check_layout("Vector::new_shared", "entries", local, global)?;
        let decide = sys::PETSC_DECIDE as Int;
        let mut v: sys::Vec = std::ptr::null_mut();
        // SAFETY: live communicator; sizes agreed on every rank; PETSc writes the vector.
        let r = check(unsafe {
            sys::VecCreateShared(
                comm.as_raw(),
                local.unwrap_or(decide),
                global.unwrap_or(decide),
                &mut v,
            )
        });
        // PETSc creates the vector before it finds it cannot give it shared memory, and
        // leaves it to the caller then: the handle destroys it either way.
        let vec = (!v.is_null()).then(|| Vector::from_raw(comm.petsc(), v));
        r?;
        vec.ok_or_else(|| Error::invalid("Vector::new_shared", "PETSc returned no vector"))
    }

    /// A new sequential vector with this rank's number of entries and a compatible type
    /// (`VecCreateLocalVector`), with storage of its own; values are not copied.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let world = petsc.world();
    /// let x = petsc::Vector::new_mpi(&world, Some(3), None)?;
    /// let l = x.create_local_vector()?;
    /// assert_eq!(l.size()?, 3);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "VecCreateLocalVector")]
    pub fn create_local_vector(&self) -> Result<Vector> {
        let mut w: sys::Vec = std::ptr::null_mut();
        // SAFETY: live vector; PETSc writes the new one.
        check(unsafe { sys::VecCreateLocalVector(self.ptr, &mut w) })?;
        Ok(Vector::from_raw(&self.petsc, w))
    }

    /// This rank's entries as a sequential vector sharing the array
    /// (`VecGetLocalVector`), given back (`VecRestoreLocalVector`) when the guard is
    /// dropped. While it lives the vector cannot be used, through this handle or
    /// another.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut x = petsc::Vector::new_mpi(&petsc.world(), Some(2), None)?;
    /// {
    ///     let mut l = x.local_vector()?;
    ///     l.set(4.0)?;
    ///     assert_eq!(l.norm(petsc::NormType::One)?, 8.0); // this rank's entries only
    /// }
    /// assert_eq!(x.norm(petsc::NormType::Infinity)?, 4.0);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "VecGetLocalVector")]
    #[doc(alias = "VecRestoreLocalVector")]
    pub fn local_vector(&mut self) -> Result<LocalVector<'_>> {
        const CTX: &str = "Vector::local_vector";
        let borrow = self.borrow_exclusive(
            CTX,
            Some("its entries are lent as a local vector (Vector::local_vector); drop it first"),
        )?;
        let local = self.create_local_vector()?;
        // SAFETY: live vectors of the same local size; `local` holds v's array until
        // VecRestoreLocalVector in the guard's Drop.
        check(unsafe { sys::VecGetLocalVector(self.ptr, local.ptr) })?;
        Ok(LocalVector {
            global: self.ptr,
            local,
            restored: false,
            _borrow: borrow,
            _vec: PhantomData,
        })
    }

    /// Gives back a local vector (`VecRestoreLocalVector`), reporting a failure that
    /// dropping it would only record; petsc4py's `restoreLocalVector`, the same as
    /// [`LocalVector::restore`].
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut x = petsc::Vector::new_mpi(&petsc.world(), Some(2), None)?;
    /// let mut l = x.local_vector()?;
    /// l.view_mut()?.copy_from_slice(&[1.0, 2.0]);
    /// petsc::Vector::restore_local_vector(l)?;
    /// assert_eq!(&*x.view()?, &[1.0, 2.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "VecRestoreLocalVector")]
    pub fn restore_local_vector(local: LocalVector<'_>) -> Result<()> {
        local.restore()
    }

    /// This rank's entries as a sequential vector that shares their array, for reading
    /// only (`VecGetLocalVectorRead`; petsc4py's `getLocalVector(lvec, readonly=True)`):
    /// the vector stays readable meanwhile (other views and read-only local vectors may
    /// coexist), not writable. Given back when the guard is dropped
    /// (`VecRestoreLocalVectorRead`). Not collective.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut x = petsc::Vector::new_mpi(&petsc.world(), Some(2), None)?;
    /// x.set(3.0)?;
    /// let l = x.local_vector_read()?;
    /// assert_eq!(l.sum()?, 6.0);
    /// assert_eq!(&*x.view()?, &[3.0, 3.0]); // still readable meanwhile
    /// l.restore()?;
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "VecGetLocalVectorRead")]
    #[doc(alias = "VecRestoreLocalVectorRead")]
    pub fn local_vector_read(&self) -> Result<LocalVectorRead<'_>> {
        const CTX: &str = "Vector::local_vector_read";
        let borrow = self.borrow_shared(CTX)?;
        let local = self.create_local_vector()?;
        // SAFETY: live vectors of the same local size; `local` holds v's array, for
        // reading, until VecRestoreLocalVectorRead in the guard's Drop.
        check(unsafe { sys::VecGetLocalVectorRead(self.ptr, local.ptr) })?;
        Ok(LocalVectorRead {
            global: self.ptr,
            local,
            restored: false,
            _borrow: borrow,
            _vec: PhantomData,
        })
    }
}

/// A vector's entries on this rank as a sequential vector, for reading only
/// ([`Vector::local_vector_read`]); given back when dropped.
pub struct LocalVectorRead<'a> {
    global: sys::Vec,
    local: Vector,
    restored: bool,
    _borrow: ArrayBorrow,
    _vec: PhantomData<&'a Vector>,
}

impl LocalVectorRead<'_> {
    /// Gives the entries back (`VecRestoreLocalVectorRead`), as dropping the guard
    /// does, but with the `Err` of a failure.
    #[doc(alias = "VecRestoreLocalVectorRead")]
    pub fn restore(mut self) -> Result<()> {
        self.restored = true;
        // SAFETY: as in `drop`.
        check(unsafe { sys::VecRestoreLocalVectorRead(self.global, self.local.ptr) })
    }

    /// A read-only view of the entries.
    pub fn view(&self) -> Result<VecView<'_>> {
        self.local.view()
    }

    /// The number of entries (this rank's).
    pub fn size(&self) -> Result<Int> {
        self.local.size()
    }

    /// A norm of this rank's entries alone.
    pub fn norm(&self, ty: NormType) -> Result<Real> {
        self.local.norm(ty)
    }

    /// The sum of this rank's entries alone.
    pub fn sum(&self) -> Result<Scalar> {
        self.local.sum()
    }
}

impl Drop for LocalVectorRead<'_> {
    fn drop(&mut self) {
        if !self.restored {
            // SAFETY: the pair given by VecGetLocalVectorRead, both alive.
            record_destroy(unsafe { sys::VecRestoreLocalVectorRead(self.global, self.local.ptr) });
        }
    }
}

impl std::fmt::Debug for LocalVectorRead<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("LocalVectorRead").field(&self.local).finish()
    }
}

/// A distributed vector's entries on this rank as a sequential vector sharing its array
/// ([`Vector::local_vector`]); given back when dropped.
pub struct LocalVector<'a> {
    global: sys::Vec,
    local: Vector,
    restored: bool,
    _borrow: ArrayBorrow,
    _vec: PhantomData<&'a mut Vector>,
}

impl LocalVector<'_> {
    /// Gives the entries back to the distributed vector (`VecRestoreLocalVector`), as
    /// dropping the guard does, but with the `Err` of a failure.
    #[doc(alias = "VecRestoreLocalVector")]
    pub fn restore(mut self) -> Result<()> {
        self.restored = true;
        // SAFETY: as in `drop`.
        check(unsafe { sys::VecRestoreLocalVector(self.global, self.local.ptr) })
    }

    /// A read-only view of the entries.
    pub fn view(&self) -> Result<VecView<'_>> {
        self.local.view()
    }

    /// A writable view of the entries.
    pub fn view_mut(&mut self) -> Result<VecViewMut<'_>> {
        self.local.view_mut()
    }

    /// Sets every entry.
    pub fn set(&mut self, alpha: impl Into<Scalar>) -> Result<()> {
        self.local.set(alpha)
    }

    /// The number of entries (this rank's).
    pub fn size(&self) -> Result<Int> {
        self.local.size()
    }

    /// A norm of this rank's entries alone.
    pub fn norm(&self, ty: NormType) -> Result<Real> {
        self.local.norm(ty)
    }

    /// The sum of this rank's entries alone.
    pub fn sum(&self) -> Result<Scalar> {
        self.local.sum()
    }
}

impl Drop for LocalVector<'_> {
    fn drop(&mut self) {
        if !self.restored {
            // SAFETY: the pair given by VecGetLocalVector, both alive; afterwards the
            // local vector has its own storage again and is destroyed with its field.
            record_destroy(unsafe { sys::VecRestoreLocalVector(self.global, self.local.ptr) });
        }
    }
}

impl std::fmt::Debug for LocalVector<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("LocalVector").field(&self.local).finish()
    }
}
