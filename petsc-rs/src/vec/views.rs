//! Access to a vector's entries: the raw handle for PETSc calls that read or write them
//! (checked against the borrow table), RAII array views (`VecGetArray`), the whole
//! vector gathered on every rank or on rank 0, and the read locks a failed call leaves.

use std::marker::PhantomData;
use std::ops::{Deref, DerefMut};

use ndarray::{ArrayView1, ArrayViewMut1};
use petsc_sys as sys;

use super::Vector;
use crate::borrow::{self, ArrayBorrow, InOutBorrow};
use crate::error::{Error, Result, check};
use crate::scalar::{Int, Scalar};

impl Vector {
    /// This handle's identity for the borrow table (its address, stable while it is
    /// borrowed), which tells a vector's pinned handle from the others (see
    /// [`crate::borrow`]).
    pub(crate) fn handle_id(&self) -> usize {
        self as *const Vector as usize
    }

    /// The raw vector for a PETSc call that reads its entries; refused while a writable
    /// view of them is alive through another handle (see [`crate::borrow`]).
    pub(crate) fn raw_read(&self, context: &str) -> Result<sys::Vec> {
        self.check_loan(context)?;
        borrow::check_readable_via(
            self.ptr as sys::PetscObject,
            Some(self.handle_id()),
            context,
        )?;
        Ok(self.ptr)
    }

    /// The raw vector for a PETSc call that writes its entries; refused while any view
    /// of them is alive through another handle.
    pub(crate) fn raw_write(&self, context: &str) -> Result<sys::Vec> {
        self.check_loan(context)?;
        borrow::check_writable_via(
            self.ptr as sys::PetscObject,
            Some(self.handle_id()),
            context,
        )?;
        Ok(self.ptr)
    }

    /// Checks, on this rank, that `inputs` can be read through their handles and that
    /// `outputs` can be written (no view alive through another handle refuses it): what
    /// a collective call on them asks of each, before its outcome is agreed on every
    /// rank.
    pub(crate) fn accessible(context: &str, inputs: &[&Vector], outputs: &[&Vector]) -> Result<()> {
        for x in inputs {
            x.raw_read(context)?;
        }
        for y in outputs {
            y.raw_write(context)?;
        }
        Ok(())
    }

    /// [`accessible`](Self::accessible) on every rank of `over`'s communicator at once
    /// (collective), before a collective call on `over` that reads `inputs` and writes
    /// `outputs`: a view alive on some ranks only is then an `Err` on all.
    pub(crate) fn accessible_over(
        over: &impl crate::object::Object,
        context: &str,
        inputs: &[&Vector],
        outputs: &[&Vector],
    ) -> Result<()> {
        let local = Self::accessible(context, inputs, outputs);
        crate::comm::agree_over(over.as_object(), context, local)
    }

    /// Registers a read-only borrow of the entries through this handle.
    #[inline]
    pub(crate) fn borrow_shared(&self, context: &str) -> Result<ArrayBorrow> {
        self.check_loan(context)?;
        ArrayBorrow::shared_via(
            self.ptr as sys::PetscObject,
            Some(self.handle_id()),
            context,
        )
    }

    /// Registers an exclusive borrow of the entries through this handle; `reason` names
    /// what holds it when that is not a writable view.
    #[inline]
    pub(crate) fn borrow_exclusive(
        &self,
        context: &str,
        reason: Option<&'static str>,
    ) -> Result<ArrayBorrow> {
        self.check_loan(context)?;
        ArrayBorrow::exclusive_via(
            self.ptr as sys::PetscObject,
            Some(self.handle_id()),
            context,
            reason,
        )
    }

    /// A read-only view of this process's entries (`VecGetArrayRead`), restored on drop.
    /// Any number of read-only views of one vector may be alive at once, through any of
    /// its handles, but none beside a [`view_mut`](Self::view_mut): that is an `Err`.
    #[doc(alias = "VecGetArrayRead")]
    #[inline]
    pub fn view(&self) -> Result<VecView<'_>> {
        let borrow = self.borrow_shared("Vector::view")?;
        // SAFETY: live vector, borrowed for reading for as long as `self`.
        unsafe { VecView::lend(self.ptr, borrow) }
    }

    /// A writable view of this process's entries (`VecGetArray`), restored on drop.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut x = petsc::Vector::new_seq(&petsc.self_comm(), 3)?;
    /// {
    ///     let mut a = x.view_mut()?;
    ///     for (i, v) in a.iter_mut().enumerate() {
    ///         *v = i as f64;
    ///     }
    /// }
    /// assert_eq!(x.sum()?, 3.0);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "VecGetArray")]
    #[inline]
    pub fn view_mut(&mut self) -> Result<VecViewMut<'_>> {
        let borrow = self.borrow_exclusive("Vector::view_mut", None)?;
        // SAFETY: live vector, borrowed for writing for as long as `self`.
        unsafe { VecViewMut::lend(self.ptr, borrow) }
    }

    fn scatter(&self, to_zero: bool) -> Result<Vector> {
        let context = if to_zero {
            "Vector::to_zero"
        } else {
            "Vector::to_all"
        };
        // A writable view alive on some ranks only is refused on every rank before the
        // collective calls below.
        Vector::accessible_over(self, context, &[self], &[])?;
        let mut ctx: sys::VecScatter = std::ptr::null_mut();
        let mut out: sys::Vec = std::ptr::null_mut();
        if to_zero {
            // SAFETY: live vector; PETSc writes the scatter and the new vector.
            check(unsafe { sys::VecScatterCreateToZero(self.ptr, &mut ctx, &mut out) })?;
        } else {
            // SAFETY: as above.
            check(unsafe { sys::VecScatterCreateToAll(self.ptr, &mut ctx, &mut out) })?;
        }
        let out = Vector::from_raw(&self.petsc, out);
        let run = || -> Result<()> {
            let (ins, fwd) = (
                sys::InsertMode::INSERT_VALUES,
                sys::ScatterMode::SCATTER_FORWARD,
            );
            // SAFETY: live scatter and vectors it was made for.
            check(unsafe {
                sys::VecScatterBegin(ctx, self.raw_read(context)?, out.ptr, ins, fwd)
            })?;
            // SAFETY: as above, after Begin.
            check(unsafe { sys::VecScatterEnd(ctx, self.ptr, out.ptr, ins, fwd) })
        };
        let r = run();
        // SAFETY: the scatter is ours to destroy.
        crate::error::record_destroy(unsafe { sys::VecScatterDestroy(&mut ctx) });
        r.map(|()| out)
    }

    /// The whole vector on every process, as a sequential vector (collective).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut x = petsc::Vector::new_mpi(&petsc.world(), None, Some(5))?;
    /// x.set(1.0)?;
    /// let all = x.to_all()?;
    /// assert_eq!(all.view()?.len(), 5);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn to_all(&self) -> Result<Vector> {
        self.scatter(false)
    }

    /// The whole vector on rank 0 (empty elsewhere), as a sequential vector (collective).
    pub fn to_zero(&self) -> Result<Vector> {
        self.scatter(true)
    }
}

/// The length of a lent array; restores it (and refuses) if the vector reports no local
/// size, which PETSc's array functions do not check.
#[inline]
fn local_len(v: sys::Vec, read: bool) -> Result<usize> {
    let mut n: Int = 0;
    // SAFETY: live vector; PETSc writes its local size.
    let ierr = unsafe { sys::VecGetLocalSize(v, &mut n) };
    if ierr == 0 && n >= 0 {
        return Ok(n as usize);
    }
    give_back(v, read, ierr)
}

/// Gives back the array just lent when its length could not be read, with the error.
#[cold]
#[inline(never)]
fn give_back(v: sys::Vec, read: bool, ierr: sys::PetscErrorCode) -> Result<usize> {
    let error = check(ierr)
        .err()
        .unwrap_or_else(|| Error::invalid("Vector::view", "the vector has no sizes yet"));
    let mut p: *mut Scalar = std::ptr::null_mut();
    // SAFETY: the array was just lent by the matching Get call; giving back a null
    // pointer is what VecRestoreArray* accept.
    let _ = unsafe {
        if read {
            sys::VecRestoreArrayRead(v, &mut (p as *const Scalar))
        } else {
            sys::VecRestoreArray(v, &mut p)
        }
    };
    Err(error)
}

/// A read-only view of a vector's local entries; derefs to a slice.
pub struct VecView<'a> {
    vec: sys::Vec,
    ptr: *const Scalar,
    len: usize,
    // Released after the array is restored.
    _borrow: ArrayBorrow,
    _vec: PhantomData<&'a Vector>,
}

impl<'a> VecView<'a> {
    /// The view of `vec`'s array once `borrow` is registered for reading it: for
    /// [`Vector::view`], and for a vector PETSc lends without a handle (a callback's
    /// argument given to the closure as a slice, `borrow` from
    /// [`ArrayBorrow::shared`], so a handle to the same vector held elsewhere cannot
    /// write it meanwhile).
    ///
    /// # Safety
    /// `vec` is a live vector for `'a`, and `borrow` its shared borrow.
    #[inline]
    pub(crate) unsafe fn lend(vec: sys::Vec, borrow: ArrayBorrow) -> Result<VecView<'a>> {
        // SAFETY: live vector (caller).
        let (ptr, len) = unsafe { get_array(vec, true) }?;
        let ptr = ptr.cast_const();
        let _vec = PhantomData;
        Ok(VecView {
            vec,
            ptr,
            len,
            _borrow: borrow,
            _vec,
        })
    }
}

/// Lends `vec`'s array (`VecGetArrayRead` if `read`, else `VecGetArray`) and its length.
///
/// # Safety
/// `vec` is a live vector, borrowed as the call says.
#[inline]
unsafe fn get_array(vec: sys::Vec, read: bool) -> Result<(*mut Scalar, usize)> {
    let mut p: *mut Scalar = std::ptr::null_mut();
    // SAFETY: live vector (caller); PETSc lends its array until the matching Restore.
    check(unsafe {
        if read {
            sys::VecGetArrayRead(vec, (&mut p as *mut *mut Scalar).cast())
        } else {
            sys::VecGetArray(vec, &mut p)
        }
    })?;
    Ok((p, local_len(vec, read)?))
}

/// The `n` entries PETSc lent at `p` (possibly null when `n` is 0).
///
/// # Safety
/// `p` points to `n` initialized entries, not written while the slice lives.
#[inline]
unsafe fn lent<'a>(p: *const Scalar, n: usize) -> &'a [Scalar] {
    if n == 0 {
        return &[];
    }
    // SAFETY: as the caller promises.
    unsafe { std::slice::from_raw_parts(p, n) }
}

/// [`lent`] for writing.
///
/// # Safety
/// `p` points to `n` initialized entries, reached through nothing else while the slice
/// lives.
#[inline]
unsafe fn lent_mut<'a>(p: *mut Scalar, n: usize) -> &'a mut [Scalar] {
    if n == 0 {
        return &mut [];
    }
    // SAFETY: as the caller promises.
    unsafe { std::slice::from_raw_parts_mut(p, n) }
}

/// [`get_array`] out of line: one copy serves both arrays of [`InOutArrays`].
///
/// # Safety
/// As [`get_array`].
#[inline(never)]
unsafe fn get_array_shared(vec: sys::Vec, read: bool) -> Result<(*mut Scalar, usize)> {
    // SAFETY: as the caller promises.
    unsafe { get_array(vec, read) }
}

impl VecView<'_> {
    /// The entries as an `ndarray` view.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let x = petsc::Vector::from_slice(&petsc.self_comm(), &[1.0, 2.0])?;
    /// assert_eq!(x.view()?.as_ndarray().sum(), 3.0);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn as_ndarray(&self) -> ArrayView1<'_, Scalar> {
        ArrayView1::from(&**self)
    }
}

impl Deref for VecView<'_> {
    type Target = [Scalar];
    fn deref(&self) -> &[Scalar] {
        // SAFETY: PETSc lent `len` initialized entries until the view is dropped.
        unsafe { lent(self.ptr, self.len) }
    }
}

impl Drop for VecView<'_> {
    fn drop(&mut self) {
        // SAFETY: restores exactly the pointer VecGetArrayRead gave.
        crate::error::record_destroy(unsafe { sys::VecRestoreArrayRead(self.vec, &mut self.ptr) });
    }
}

impl std::fmt::Debug for VecView<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// A writable view of a vector's local entries; derefs to a mutable slice.
pub struct VecViewMut<'a> {
    vec: sys::Vec,
    ptr: *mut Scalar,
    len: usize,
    // Released after the array is restored.
    _borrow: ArrayBorrow,
    _vec: PhantomData<&'a mut Vector>,
}

impl<'a> VecViewMut<'a> {
    /// [`VecView::lend`] for writing (`borrow` from [`ArrayBorrow::exclusive`]).
    ///
    /// # Safety
    /// `vec` is a live vector for `'a`, and `borrow` its exclusive borrow.
    #[inline]
    pub(crate) unsafe fn lend(vec: sys::Vec, borrow: ArrayBorrow) -> Result<VecViewMut<'a>> {
        // SAFETY: live vector (caller).
        let (ptr, len) = unsafe { get_array(vec, false) }?;
        let _vec = PhantomData;
        Ok(VecViewMut {
            vec,
            ptr,
            len,
            _borrow: borrow,
            _vec,
        })
    }
}

impl VecViewMut<'_> {
    /// The entries as a mutable `ndarray` view.
    pub fn as_ndarray_mut(&mut self) -> ArrayViewMut1<'_, Scalar> {
        ArrayViewMut1::from(&mut **self)
    }
}

impl Deref for VecViewMut<'_> {
    type Target = [Scalar];
    fn deref(&self) -> &[Scalar] {
        // SAFETY: PETSc lent `len` entries until the view is dropped.
        unsafe { lent(self.ptr, self.len) }
    }
}

impl DerefMut for VecViewMut<'_> {
    fn deref_mut(&mut self) -> &mut [Scalar] {
        // SAFETY: PETSc lent `len` entries for writing; `&mut self` makes this unique.
        unsafe { lent_mut(self.ptr, self.len) }
    }
}

impl Drop for VecViewMut<'_> {
    fn drop(&mut self) {
        // SAFETY: restores exactly the pointer VecGetArray gave.
        crate::error::record_destroy(unsafe { sys::VecRestoreArray(self.vec, &mut self.ptr) });
    }
}

/// A callback's two vectors as arrays: its input `x` read (`VecGetArrayRead`) and its
/// output `y` written (`VecGetArray`), lent for the call and registered as a view of
/// each would be ([`InOutBorrow`]), so that a handle to either held elsewhere cannot
/// write `x` or touch `y` meanwhile. The slices of [`InOutArrays::slices`] borrow it, so
/// they end before it gives the arrays back. For closures that take this process's
/// entries as slices (`Tao::set_objective_and_gradient_slices`): one registration and
/// one release for the pair.
pub(crate) struct InOutArrays {
    x: sys::Vec,
    xp: *const Scalar,
    xn: usize,
    y: sys::Vec,
    yp: *mut Scalar,
    yn: usize,
    // Released after the arrays are restored.
    _borrow: InOutBorrow,
}

impl InOutArrays {
    /// Lends `x`'s array to read and `y`'s to write; `context` names the callback in a
    /// refusal.
    ///
    /// # Safety
    /// `x` and `y` are live vectors until the value is dropped.
    #[inline]
    pub(crate) unsafe fn lend(x: sys::Vec, y: sys::Vec, context: &str) -> Result<InOutArrays> {
        let borrow = InOutBorrow::new(x as sys::PetscObject, y as sys::PetscObject, context)?;
        // SAFETY: live vector (caller), registered for reading.
        let (xp, xn) = unsafe { get_array_shared(x, true) }?;
        // SAFETY: live vector (caller), registered for writing.
        let (yp, yn) = match unsafe { get_array_shared(y, false) } {
            Ok(got) => got,
            // SAFETY: `xp` is what VecGetArrayRead just gave.
            Err(e) => return Err(unsafe { restore_read(x, xp, e) }),
        };
        Ok(InOutArrays {
            x,
            xp: xp.cast_const(),
            xn,
            y,
            yp,
            yn,
            _borrow: borrow,
        })
    }

    /// The input's entries and the output's, for as long as `self` is borrowed.
    #[inline]
    pub(crate) fn slices(&mut self) -> (&[Scalar], &mut [Scalar]) {
        // SAFETY: PETSc lent `xn` entries until `self` is dropped.
        let x = unsafe { lent(self.xp, self.xn) };
        // SAFETY: PETSc lent `yn` entries for writing until `self` is dropped; `&mut
        // self` makes this the only slice of them, and `y` is not `x` (the borrow
        // registration refuses one vector as both).
        let y = unsafe { lent_mut(self.yp, self.yn) };
        (x, y)
    }
}

/// Gives back the array of `x` that [`InOutArrays::lend`] took before lending the output
/// failed with `e`; returns `e`.
///
/// # Safety
/// `xp` is what `VecGetArrayRead(x)` gave.
#[cold]
#[inline(never)]
unsafe fn restore_read(x: sys::Vec, xp: *mut Scalar, e: Error) -> Error {
    let mut p = xp.cast_const();
    // SAFETY: the pointer VecGetArrayRead gave (caller).
    crate::error::record_destroy(unsafe { sys::VecRestoreArrayRead(x, &mut p) });
    e
}

impl Drop for InOutArrays {
    fn drop(&mut self) {
        // SAFETY: restores exactly the pointers VecGetArray and VecGetArrayRead gave.
        crate::error::record_destroy(unsafe { sys::VecRestoreArray(self.y, &mut self.yp) });
        // SAFETY: as above.
        crate::error::record_destroy(unsafe { sys::VecRestoreArrayRead(self.x, &mut self.xp) });
    }
}

impl std::fmt::Debug for VecViewMut<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// The read locks a vector held before a call, to put back after the call failed.
///
/// PETSc read-locks the vectors an operation only reads (`VecLockReadPush`: `KSPSolve`
/// its right-hand side, `PCApply` and `MatMult` their input) and unlocks them when the
/// operation succeeds; an error on the way skips the unlock. From PETSc 3.22 on the locks
/// are checked in every build (see [`release_read_locks`](crate::error::release_read_locks),
/// which the callback trampolines use on the vectors they were handed), so a vector left
/// locked by a failed solve refuses every later write ("was locked for read-only
/// access"). [`record`](Self::record) before the call and [`restore`](Self::restore)
/// after an error give the caller's vectors back exactly the locks they had (a view the
/// caller holds keeps its own). Before 3.22 both do nothing.
pub(crate) struct ReadLocks {
    #[cfg(petsc_3_22)]
    vec: sys::Vec,
    #[cfg(petsc_3_22)]
    count: Int,
}

impl ReadLocks {
    /// The read locks `v` holds now. `v` must stay alive until [`restore`](Self::restore)
    /// (the caller borrows it across the call).
    pub(crate) fn record(v: &Vector) -> ReadLocks {
        #[cfg(petsc_3_22)]
        {
            ReadLocks {
                vec: v.ptr,
                // SAFETY: live vector.
                count: unsafe { read_lock_count(v.ptr) }.max(0),
            }
        }
        #[cfg(not(petsc_3_22))]
        {
            let _ = v;
            ReadLocks {}
        }
    }

    /// Pops the read locks taken since [`record`](Self::record) and left on, and pushes
    /// back any a failed callback's clean-up released. Failures are dropped: the call's
    /// own error is the one reported.
    pub(crate) fn restore(self) {
        #[cfg(petsc_3_22)]
        // Bounded: a lock count is a nesting depth, never large.
        for _ in 0..64 {
            // SAFETY: the vector recorded is still alive (see `record`).
            let now = unsafe { read_lock_count(self.vec) };
            let ierr = match now {
                n if n < 0 => break, // write-locked: not ours to change
                n if n > self.count => {
                    // SAFETY: as above; the vector holds a read lock.
                    unsafe { sys::VecLockReadPop(self.vec) }
                }
                n if n < self.count => {
                    // SAFETY: as above.
                    unsafe { sys::VecLockReadPush(self.vec) }
                }
                _ => break,
            };
            if ierr != 0 {
                break;
            }
        }
    }
}

/// The number of read locks on `v` (`VecLockGet`; negative for a write lock), 0 if
/// PETSc cannot tell.
///
/// # Safety
/// `v` is a live vector.
#[cfg(petsc_3_22)]
unsafe fn read_lock_count(v: sys::Vec) -> Int {
    let mut state: Int = 0;
    // SAFETY: the caller guarantees a live vector; one output.
    if unsafe { sys::VecLockGet(v, &mut state) } != 0 {
        return 0;
    }
    state
}
