//! Split operations under way on a vector: an assembly begun by
//! [`Vector::assembly_begin`] and a ghost update begun by
//! [`Vector::ghost_update_begin`]. Messages are in flight between the two halves, into
//! buffers the vector owns (and, for a ghost update, into its array), so meanwhile the
//! vector's entries are locked (every access, through any handle, is an `Err` naming
//! the operation), and dropping any handle to it first finishes the operation: PETSc
//! must not free those buffers while messages may still arrive in them.

use std::cell::RefCell;
use std::mem::ManuallyDrop;

use petsc_sys as sys;

use super::{InsertMode, ScatterMode, Vector};
use crate::borrow::{self, ArrayBorrow};
use crate::error::{Error, Result, check};
use crate::object::Object;
use crate::scalar::Int;

/// What is under way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Split {
    /// `VecAssemblyBegin` was called.
    Assembly,
    /// `VecGhostUpdateBegin` was called with these modes.
    Ghost(InsertMode, ScatterMode),
}

thread_local! {
    /// The vectors with a split operation begun and not yet ended (their addresses),
    /// with the lock on the vector's entries held meanwhile. A list: few operations are
    /// under way at once, and every dropped `Vector` handle looks here, which costs a
    /// load when the list is empty.
    /// Never dropped, so that reaching it costs no check of the thread's teardown.
    static PENDING: ManuallyDrop<RefCell<Vec<(usize, Split, ArrayBorrow)>>> =
        const { ManuallyDrop::new(RefCell::new(Vec::new())) };
}

/// Records that `split` was begun on `v`, with the lock to hold until it ends.
pub(super) fn begun(v: sys::Vec, split: Split, lock: ArrayBorrow) {
    PENDING.with(|p| p.borrow_mut().push((v as usize, split, lock)));
}

/// What is under way on `v`, if anything.
pub(super) fn under_way(v: sys::Vec) -> Option<Split> {
    PENDING
        .try_with(|p| {
            p.borrow()
                .iter()
                .find(|(k, _, _)| *k == v as usize)
                .map(|(_, s, _)| *s)
        })
        .ok()
        .flatten()
}

/// Ends the split operation under way on `v`, if any (`VecAssemblyEnd` or
/// `VecGhostUpdateEnd`); the lock is released afterwards.
///
/// # Safety
/// `v` is a live vector.
#[inline]
pub(super) unsafe fn end_pending(v: sys::Vec) -> sys::PetscErrorCode {
    if PENDING.with(|p| p.borrow().is_empty()) {
        return 0;
    }
    // SAFETY: forwarded (caller).
    unsafe { end_listed(v) }
}

/// [`end_pending`] when some operation is under way on some vector.
///
/// # Safety
/// `v` is a live vector.
#[cold]
#[inline(never)]
unsafe fn end_listed(v: sys::Vec) -> sys::PetscErrorCode {
    let pending = PENDING
        .try_with(|p| {
            let mut p = p.borrow_mut();
            let i = p.iter().position(|(k, _, _)| *k == v as usize)?;
            let (_, split, lock) = p.swap_remove(i);
            Some((split, lock))
        })
        .ok()
        .flatten();
    match pending {
        // SAFETY: live vector whose assembly was begun (caller).
        Some((Split::Assembly, _lock)) => unsafe { sys::VecAssemblyEnd(v) },
        // SAFETY: live vector whose ghost update was begun with these modes (caller).
        Some((Split::Ghost(mode, scatter), _lock)) => unsafe {
            sys::VecGhostUpdateEnd(v, mode.raw(), scatter.raw())
        },
        None => 0,
    }
}

/// `VecDestroy` for [`Vector`] handles, after ending a split operation left under way
/// (a forgotten guard, a missing `assembly_end`). When the last reference goes, the
/// borrow table forgets the object (see [`borrow::object_destroyed`]).
///
/// # Safety
/// `v` points to a live vector the caller holds one reference to.
pub(super) unsafe fn destroy(v: *mut sys::Vec) -> sys::PetscErrorCode {
    // SAFETY: live vector (caller).
    let ended = unsafe { end_pending(*v) };
    // Only a recorded borrow needs forgetting, so the reference count is not asked for
    // otherwise (every dropped handle passes here).
    if borrow::anything_recorded() {
        let mut refs: Int = 0;
        // SAFETY: live vector (caller).
        let asked = unsafe { sys::PetscObjectGetReference(*v as sys::PetscObject, &mut refs) };
        if asked == 0 && refs == 1 {
            // SAFETY: as above.
            borrow::object_destroyed(unsafe { *v } as sys::PetscObject);
        }
    }
    // SAFETY: the caller's reference is released.
    let destroyed = unsafe { sys::VecDestroy(v) };
    if ended != 0 { ended } else { destroyed }
}

const ASSEMBLY_LOCK: &str =
    "an assembly is under way (Vector::assembly_begin); finish it with assembly_end";

impl Vector {
    /// Starts sending the values set for entries other ranks own (`VecAssemblyBegin`,
    /// collective), to finish with [`assembly_end`](Self::assembly_end); work that does
    /// not touch this vector can overlap the messages. [`assemble`](Self::assemble)
    /// does both halves.
    ///
    /// Between the two the vector's entries are locked: reading, writing, setting
    /// values or assembling again is an `Err` naming the assembly, through this handle
    /// or any other. An assembly never ended is ended when a handle to the vector is
    /// dropped, before PETSc frees the buffers the messages go to. Beginning twice, or
    /// while a view of the vector (or another split operation) is alive on some rank,
    /// is an `Err` on every rank.
    ///
    /// ```
    /// use petsc::{InsertMode, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let world = petsc.world();
    /// let mut x = Vector::new_mpi(&world, None, Some(4))?;
    /// x.set(0.0)?;
    /// x.set_values(&[0, 3], &[1.0, 2.0], InsertMode::Add)?; // on every rank
    /// x.assembly_begin()?;
    /// assert!(x.sum().is_err()); // values are in flight
    /// assert!(x.assembly_begin().is_err());
    /// x.assembly_end()?;
    /// assert_eq!(x.sum()?, 3.0 * world.size() as f64);
    /// assert!(x.assembly_end().is_err()); // nothing under way
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "VecAssemblyBegin")]
    pub fn assembly_begin(&mut self) -> Result<()> {
        const CTX: &str = "Vector::assembly_begin";
        let lock = match under_way(self.ptr) {
            Some(Split::Assembly) => Err(Error::invalid(
                CTX,
                "an assembly is under way already; finish it with assembly_end",
            )),
            _ => self.borrow_exclusive(CTX, Some(ASSEMBLY_LOCK)),
        };
        let lock = self.comm().agree(CTX, lock)?;
        // SAFETY: live vector, none of whose arrays is lent and on which nothing else
        // is under way (the lock); it is held until VecAssemblyEnd.
        check(unsafe { sys::VecAssemblyBegin(self.ptr) })?;
        begun(self.ptr, Split::Assembly, lock);
        Ok(())
    }

    /// Finishes the assembly [`assembly_begin`](Self::assembly_begin) started
    /// (`VecAssemblyEnd`, collective): the values sent arrive at their owners, and the
    /// vector's entries are usable again. Through any handle to the vector; an `Err`
    /// when no assembly is under way.
    #[doc(alias = "VecAssemblyEnd")]
    pub fn assembly_end(&mut self) -> Result<()> {
        const CTX: &str = "Vector::assembly_end";
        match under_way(self.ptr) {
            Some(Split::Assembly) => {
                // SAFETY: live vector whose assembly was begun.
                check(unsafe { end_pending(self.ptr) })
            }
            Some(Split::Ghost(..)) => Err(Error::invalid(
                CTX,
                "a ghost update is under way, not an assembly; end it with its guard",
            )),
            None => Err(Error::invalid(
                CTX,
                "no assembly is under way (call assembly_begin first)",
            )),
        }
    }
}
