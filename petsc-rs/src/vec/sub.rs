//! Part of a vector picked by an index set, as a vector of its own (`VecGetSubVector`),
//! given back with `VecRestoreSubVector`.

use std::marker::PhantomData;
use std::ops::Range;

use petsc_sys as sys;

use super::{NormType, VecView, VecViewMut, Vector};
use crate::borrow::ArrayBorrow;
use crate::error::{Error, Result, check, record_destroy};
use crate::is::IndexSet;
use crate::object::Object;
use crate::scalar::{Int, Real, Scalar};

const SUB_LOCK: &str =
    "a sub-vector of it is out (Vector::sub_vector); restore or drop the SubVector first";

impl Vector {
    /// The entries at the global indices of `is` as a vector of their own
    /// (`VecGetSubVector`, collective): its part on each rank is the entries that
    /// rank's part of `is` names, in that order. Given back, with whatever was written
    /// to it, when the guard is dropped or passed to
    /// [`restore_sub_vector`](Self::restore_sub_vector).
    ///
    /// When each rank's indices are a run of its own entries, PETSc makes the
    /// sub-vector out of the vector's own array (no copy); otherwise it copies the
    /// entries in and, if they changed, back at the restore. Either way the vector is
    /// unusable until then, through this handle (borrowed) and any other (its entries
    /// are locked). The sub-vector itself is reached through the guard's methods only:
    /// a `&Vector` could be kept by a solver or a nest past the restore, still pointing
    /// into this vector's array.
    ///
    /// An index set on another communicator, an index outside the vector, or a view of
    /// the vector alive on some rank, is an `Err` on every rank.
    ///
    /// ```
    /// use petsc::{IndexSet, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut x = Vector::from_slice(&c, &[0.0, 1.0, 2.0, 3.0, 4.0])?;
    /// let odd = IndexSet::new_stride(&c, 2, 1, 2)?; // entries 1 and 3
    /// {
    ///     let mut s = x.sub_vector(&odd)?;
    ///     assert_eq!(&*s.view()?, &[1.0, 3.0]);
    ///     s.scale(10.0)?;
    /// } // restored: the new values go back
    /// assert_eq!(&*x.view()?, &[0.0, 10.0, 2.0, 30.0, 4.0]);
    /// let mut s = x.sub_vector(&IndexSet::new_stride(&c, 2, 3, 1)?)?; // a run: no copy
    /// s.set(-1.0)?;
    /// Vector::restore_sub_vector(s)?;
    /// assert_eq!(&*x.view()?, &[0.0, 10.0, 2.0, -1.0, -1.0]);
    /// assert!(x.sub_vector(&IndexSet::new_general(&c, &[5])?).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "VecGetSubVector")]
    pub fn sub_vector(&mut self, is: &IndexSet) -> Result<SubVector<'_>> {
        const CTX: &str = "Vector::sub_vector";
        let comm = self.comm();
        let local = (|| {
            let is_comm = is.comm();
            if !comm.congruent(&is_comm) {
                return Err(Error::invalid(
                    CTX,
                    format!(
                        "the index set is on a communicator of {} rank(s), not the vector's \
                         ({} rank(s))",
                        is_comm.size(),
                        comm.size()
                    ),
                ));
            }
            let lock = self.borrow_exclusive(CTX, Some(SUB_LOCK))?;
            let n = self.size()?;
            let idx = is.indices()?;
            if let Some((k, &i)) = idx.iter().enumerate().find(|(_, i)| !(0..n).contains(*i)) {
                return Err(Error::out_of_range(
                    CTX,
                    format!("index {i} (position {k}) of the index set is not in 0..{n}"),
                ));
            }
            Ok(lock)
        })();
        let lock = comm.agree(CTX, local)?;
        // SAFETY: a live index set; the guard takes its own reference, for the restore.
        let is = unsafe { IndexSet::from_raw_borrowed(&self.petsc, is.as_raw()) }?;
        let mut z: sys::Vec = std::ptr::null_mut();
        // SAFETY: live vector, none of whose arrays is lent (the lock) and every index
        // in range on every rank; PETSc writes the sub-vector, which may share the
        // vector's array until VecRestoreSubVector.
        check(unsafe { sys::VecGetSubVector(self.ptr, is.as_raw(), &mut z) })?;
        Ok(SubVector {
            parent: self.ptr,
            sub: Vector::from_raw(&self.petsc, z),
            is,
            restored: false,
            _lock: lock,
            _vec: PhantomData,
        })
    }

    /// Gives a sub-vector back (`VecRestoreSubVector`, collective), reporting a failure
    /// that dropping it would only record; petsc4py's `restoreSubVector`, the same as
    /// [`SubVector::restore`].
    #[doc(alias = "VecRestoreSubVector")]
    pub fn restore_sub_vector(sub: SubVector<'_>) -> Result<()> {
        sub.restore()
    }
}

/// Part of a vector as a vector of its own ([`Vector::sub_vector`]), which may share
/// the vector's array; given back (with its values) when dropped or
/// [`restore`](Self::restore)d. Its methods are those of a [`Vector`] that make sense
/// here; [`to_vector`](Self::to_vector) makes an independent copy to pass elsewhere.
pub struct SubVector<'a> {
    parent: sys::Vec,
    // Null once PETSc has destroyed it in the restore; otherwise the handle does.
    sub: Vector,
    is: IndexSet,
    restored: bool,
    // Released after the restore (fields drop after `Drop::drop`, in this order).
    _lock: ArrayBorrow,
    _vec: PhantomData<&'a mut Vector>,
}

impl SubVector<'_> {
    /// Restores the sub-vector once; PETSc's error code.
    fn finish(&mut self) -> sys::PetscErrorCode {
        if self.restored {
            return 0;
        }
        self.restored = true;
        let mut z = self.sub.ptr;
        // SAFETY: the vector, index set and sub-vector of VecGetSubVector, all alive;
        // no view of the sub-vector is alive (views borrow the guard). PETSc destroys
        // the sub-vector and nulls `z` when it succeeds.
        let ierr = unsafe { sys::VecRestoreSubVector(self.parent, self.is.as_raw(), &mut z) };
        if z.is_null() {
            self.sub.ptr = std::ptr::null_mut();
        }
        ierr
    }

    /// Gives the sub-vector back to its vector (`VecRestoreSubVector`, collective), as
    /// dropping the guard does, but with the `Err` of a failure.
    #[doc(alias = "VecRestoreSubVector")]
    pub fn restore(mut self) -> Result<()> {
        check(self.finish())
    }

    /// A read-only view of this rank's entries of the sub-vector.
    pub fn view(&self) -> Result<VecView<'_>> {
        self.sub.view()
    }

    /// A writable view of this rank's entries of the sub-vector.
    pub fn view_mut(&mut self) -> Result<VecViewMut<'_>> {
        self.sub.view_mut()
    }

    /// The global size: the size of the index set.
    pub fn size(&self) -> Result<Int> {
        self.sub.size()
    }

    /// The number of entries on this rank: the local size of the index set.
    pub fn local_size(&self) -> Result<Int> {
        self.sub.local_size()
    }

    /// The indices of the sub-vector this rank owns.
    pub fn ownership_range(&self) -> Result<Range<Int>> {
        self.sub.ownership_range()
    }

    /// Sets every entry.
    pub fn set(&mut self, alpha: impl Into<Scalar>) -> Result<()> {
        self.sub.set(alpha)
    }

    /// `self = alpha * self`.
    pub fn scale(&mut self, alpha: impl Into<Scalar>) -> Result<()> {
        self.sub.scale(alpha)
    }

    /// `self += alpha` entrywise.
    pub fn shift(&mut self, alpha: impl Into<Scalar>) -> Result<()> {
        self.sub.shift(alpha)
    }

    /// `self = alpha * x + self`; `x` is laid out like the sub-vector.
    pub fn axpy(&mut self, alpha: impl Into<Scalar>, x: &Vector) -> Result<()> {
        self.sub.check_layout_of("SubVector::axpy", "x", x)?;
        self.sub.axpy(alpha, x)
    }

    /// Copies the values of `x`, laid out like the sub-vector.
    pub fn copy_from(&mut self, x: &Vector) -> Result<()> {
        self.sub.copy_from(x)
    }

    /// Copies the sub-vector's values into `y`, laid out like it.
    pub fn copy_to(&self, y: &mut Vector) -> Result<()> {
        y.copy_from(&self.sub)
    }

    /// A new vector with storage of its own holding a copy of the sub-vector, to use
    /// anywhere a [`Vector`] goes.
    pub fn to_vector(&self) -> Result<Vector> {
        let mut w = self.sub.duplicate()?;
        w.copy_from(&self.sub)?;
        Ok(w)
    }

    /// `y^H self`; `y` is laid out like the sub-vector.
    pub fn dot(&self, y: &Vector) -> Result<Scalar> {
        self.sub.check_layout_of("SubVector::dot", "y", y)?;
        self.sub.dot(y)
    }

    /// A norm of the sub-vector (collective).
    pub fn norm(&self, ty: NormType) -> Result<Real> {
        self.sub.norm(ty)
    }

    /// The sum of the entries (collective).
    pub fn sum(&self) -> Result<Scalar> {
        self.sub.sum()
    }
}

impl Drop for SubVector<'_> {
    fn drop(&mut self) {
        record_destroy(self.finish());
    }
}

impl std::fmt::Debug for SubVector<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("SubVector").field(&self.sub).finish()
    }
}
