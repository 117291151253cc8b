//! Vectors of any DM: work vectors lent by the DM ([`DmBase::global_vec`],
//! [`DmBase::local_vec`]) and halo exchanges ([`DmBase::global_to_local_begin`] and its
//! neighbours), with the checks of the vectors they are given.

use std::ffi::{CStr, CString};
use std::marker::PhantomData;

use petsc_sys as sys;

use super::DmBase;
use crate::borrow::ArrayBorrow;
use crate::error::{Error, Result, c_string, check, record_destroy};
use crate::scalar::Int;
use crate::vec::{InsertMode, Vector};

/// Which of a DM's two vector layouts a work vector has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Global,
    Local,
}

/// A work vector lent by a DM ([`DmBase::global_vec`], [`DmBase::local_vec`], or a
/// named one, [`DmBase::named_global_vec`], [`DmBase::named_local_vec`]), given back
/// (`DMRestoreGlobalVector`, `DMRestoreNamedGlobalVector`, ...) when dropped. It borrows
/// the DM, and dereferences to a [`Vector`] for every vector operation.
///
/// The values are whatever the previous borrower left (a named vector keeps its values
/// from one loan to the next): set them before reading.
/// Swapping another vector into the guard (`std::mem::swap`) is allowed: the DM's own
/// vector still goes back to it, and the swapped-out handle shares it with the DM.
///
/// ```
/// use petsc::DmBase;
/// let petsc = petsc::Petsc::init()?;
/// let da = petsc::Da::grid(&petsc.world()).sizes([6]).build()?;
/// da.named_global_vec("rhs")?.set(4.0)?; // given back at the end of the statement
/// assert!(da.has_named_global_vec("rhs")? && !da.has_named_local_vec("rhs")?);
/// let v = da.named_global_vec("rhs")?;
/// assert_eq!((v.sum()?, v.name()), (24.0, Some("rhs"))); // the values were kept
/// assert!(da.named_global_vec("rhs").is_err()); // lent
/// da.restore_global_vec(v)?;
/// # Ok::<(), petsc::Error>(())
/// ```
#[doc(alias = "DMGetGlobalVector")]
#[doc(alias = "DMGetLocalVector")]
#[doc(alias = "DMGetNamedGlobalVector")]
#[doc(alias = "DMGetNamedLocalVector")]
pub struct DmVec<'a> {
    dm: sys::DM,
    raw: sys::Vec,
    kind: Kind,
    /// The name of a named work vector.
    name: Option<CString>,
    restored: bool,
    // Holds its own reference to `raw`, released after the restore.
    vec: Vector,
    _dm: PhantomData<&'a ()>,
}

impl DmVec<'_> {
    /// Gives the vector back once; PETSc's error code.
    fn finish(&mut self) -> sys::PetscErrorCode {
        if self.restored {
            return 0;
        }
        self.restored = true;
        // SAFETY: the DM (borrowed for the guard's life) lent `raw` (under `name`); no
        // view of it is alive (views borrow the guard). The guard's own reference is
        // released after.
        unsafe { give_back(self.dm, self.raw, self.kind, self.name.as_deref()) }
    }

    /// The name of a named work vector, `None` for an anonymous one.
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref().and_then(|n| n.to_str().ok())
    }

    /// Gives the vector back to its DM, as dropping the guard does, but with the `Err`
    /// of a failure.
    #[doc(alias = "DMRestoreGlobalVector")]
    #[doc(alias = "DMRestoreLocalVector")]
    #[doc(alias = "DMRestoreNamedGlobalVector")]
    #[doc(alias = "DMRestoreNamedLocalVector")]
    pub fn restore(mut self) -> Result<()> {
        check(self.finish())
    }
}

impl DmVec<'_> {
    /// The DM that lent the vector, and which of its layouts the vector has.
    pub(super) fn lender(&self) -> (sys::DM, Kind) {
        (self.dm, self.kind)
    }
}

impl std::borrow::Borrow<Vector> for DmVec<'_> {
    fn borrow(&self) -> &Vector {
        &self.vec
    }
}

impl std::borrow::BorrowMut<Vector> for DmVec<'_> {
    fn borrow_mut(&mut self) -> &mut Vector {
        &mut self.vec
    }
}

impl std::ops::Deref for DmVec<'_> {
    type Target = Vector;
    fn deref(&self) -> &Vector {
        &self.vec
    }
}

impl std::ops::DerefMut for DmVec<'_> {
    fn deref_mut(&mut self) -> &mut Vector {
        &mut self.vec
    }
}

impl Drop for DmVec<'_> {
    fn drop(&mut self) {
        crate::error::record_destroy(self.finish());
    }
}

impl std::fmt::Debug for DmVec<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("DmVec").field(&self.vec).finish()
    }
}

/// The local size of the DM's global or local vectors on this rank.
pub(super) fn layout_size<D: DmBase + ?Sized>(dm: &D, kind: Kind) -> Result<Int> {
    let mut v: sys::Vec = std::ptr::null_mut();
    // SAFETY: live DM; PETSc lends a work vector, given back below.
    unsafe {
        check(match kind {
            Kind::Global => sys::DMGetGlobalVector(dm.dm_raw(), &mut v),
            Kind::Local => sys::DMGetLocalVector(dm.dm_raw(), &mut v),
        })?;
        let mut n: Int = 0;
        let e = sys::VecGetLocalSize(v, &mut n);
        check(match kind {
            Kind::Global => sys::DMRestoreGlobalVector(dm.dm_raw(), &mut v),
            Kind::Local => sys::DMRestoreLocalVector(dm.dm_raw(), &mut v),
        })?;
        check(e)?;
        Ok(n)
    }
}

/// Refuses (on every rank) vectors whose local sizes are not the DM's layouts.
pub(super) fn check_pair<D: DmBase + ?Sized>(
    dm: &D,
    ctx: &str,
    a: (&Vector, Kind),
    b: (&Vector, Kind),
) -> Result<()> {
    let local = (|| {
        for (v, kind) in [a, b] {
            let (n, want) = (v.local_size()?, layout_size(dm, kind)?);
            if n != want {
                let what = if kind == Kind::Global {
                    "global"
                } else {
                    "local"
                };
                return Err(Error::size_mismatch(
                    ctx,
                    format!(
                        "a vector has {n} entries on this rank where the DM's {what} vectors \
                         have {want}; pass vectors made by this DM",
                    ),
                ));
            }
        }
        Ok(())
    })();
    dm.comm().agree(ctx, local)
}

/// Refuses (on every rank) vectors a DMShell's exchange would read or write past their
/// ends: those PETSc moves through the DM's sections (unchecked) or through the scatter
/// given to the shell (checked by PETSc's debug builds only, on each rank alone). The
/// shell's closures get the vectors as they are, and a shell with neither fails in PETSc
/// on every rank, so those need no check: a shell needs no vectors of its own for either.
fn check_shell_pair<D: DmBase + ?Sized>(
    dm: &D,
    op: Exchange,
    mode: InsertMode,
    from: &Vector,
    to: &Vector,
) -> Result<()> {
    let ctx = op.name();
    let local = (|| {
        let (mut path, mut nf, mut nt): (std::os::raw::c_int, Int, Int) = (2, -1, -1);
        let insert = crate::declare::petsc_bool(mode == InsertMode::Insert);
        // SAFETY: live DM; the shim writes the three outputs.
        check(unsafe {
            sys::petscrs_DMShellTransferSizes(
                dm.dm_raw(),
                op as std::os::raw::c_int,
                insert,
                &mut path,
                &mut nf,
                &mut nt,
            )
        })?;
        if path == 2 {
            return Ok(());
        }
        let through = if path == 0 {
            "the DM's sections"
        } else {
            "the DM's scatter"
        };
        for (what, v, want) in [("source", from, nf), ("destination", to, nt)] {
            let n = v.local_size()?;
            if n != want {
                return Err(Error::size_mismatch(
                    ctx,
                    format!(
                        "the {what} vector has {n} entries on this rank where {through} \
                         moves {want}"
                    ),
                ));
            }
        }
        Ok(())
    })();
    dm.comm().agree(ctx, local)
}

pub(super) fn work_vec<D: DmBase + ?Sized>(dm: &D, kind: Kind) -> Result<DmVec<'_>> {
    // SAFETY: the DM lives while it is borrowed.
    unsafe { work_vec_raw(dm.petsc(), dm.dm_raw(), kind) }
}

/// Gives back the work vector `v` that `dm` lent (under `name` for a named one).
///
/// # Safety
/// `dm` must be live and have lent `v` (of layout `kind`, under `name`), no view of it
/// alive.
unsafe fn give_back(
    dm: sys::DM,
    mut v: sys::Vec,
    kind: Kind,
    name: Option<&CStr>,
) -> sys::PetscErrorCode {
    // SAFETY: the caller's guarantee.
    unsafe {
        match (kind, name) {
            (Kind::Global, None) => sys::DMRestoreGlobalVector(dm, &mut v),
            (Kind::Local, None) => sys::DMRestoreLocalVector(dm, &mut v),
            (Kind::Global, Some(n)) => sys::DMRestoreNamedGlobalVector(dm, n.as_ptr(), &mut v),
            (Kind::Local, Some(n)) => sys::DMRestoreNamedLocalVector(dm, n.as_ptr(), &mut v),
        }
    }
}

/// The work vector named `name` of `dm` (`DMGetNamedGlobalVector` or
/// `DMGetNamedLocalVector`; made at the first request, kept by the DM with its values
/// between loans). A name already lent is an `Err` (PETSc's, on every rank of a
/// collective use alike).
pub(super) fn named_work_vec<'a, D: DmBase + ?Sized>(
    dm: &'a D,
    kind: Kind,
    name: &str,
) -> Result<DmVec<'a>> {
    let ctx = if kind == Kind::Global {
        "DmBase::named_global_vec"
    } else {
        "DmBase::named_local_vec"
    };
    let n = c_string(ctx, name)?;
    let d = dm.dm_raw();
    let mut v: sys::Vec = std::ptr::null_mut();
    // SAFETY: live DM; NUL-terminated name; PETSc lends the named vector until the
    // matching restore.
    check(unsafe {
        match kind {
            Kind::Global => sys::DMGetNamedGlobalVector(d, n.as_ptr(), &mut v),
            Kind::Local => sys::DMGetNamedLocalVector(d, n.as_ptr(), &mut v),
        }
    })?;
    // SAFETY: the live vector just lent; the handle takes its own reference.
    let vec = match unsafe { Vector::from_raw_borrowed(dm.petsc(), v) } {
        Ok(vec) => vec,
        Err(e) => {
            // SAFETY: give back what was lent.
            unsafe { give_back(d, v, kind, Some(&n)) };
            return Err(e);
        }
    };
    Ok(DmVec {
        dm: d,
        raw: v,
        kind,
        name: Some(n),
        restored: false,
        vec,
        _dm: PhantomData,
    })
}

/// [`work_vec`] of a DM known by its raw pointer (a sub-DM another DM keeps).
///
/// # Safety
/// `dm` must be a live DM that outlives `'a`.
pub(super) unsafe fn work_vec_raw<'a>(
    petsc: &crate::init::Petsc,
    dm: sys::DM,
    kind: Kind,
) -> Result<DmVec<'a>> {
    let mut v: sys::Vec = std::ptr::null_mut();
    // SAFETY: live DM (caller); PETSc lends a work vector until the matching restore.
    check(unsafe {
        match kind {
            Kind::Global => sys::DMGetGlobalVector(dm, &mut v),
            Kind::Local => sys::DMGetLocalVector(dm, &mut v),
        }
    })?;
    // SAFETY: the live vector just lent; the handle takes its own reference.
    let vec = match unsafe { Vector::from_raw_borrowed(petsc, v) } {
        Ok(vec) => vec,
        Err(e) => {
            // SAFETY: give back what was lent.
            unsafe {
                match kind {
                    Kind::Global => sys::DMRestoreGlobalVector(dm, &mut v),
                    Kind::Local => sys::DMRestoreLocalVector(dm, &mut v),
                }
            };
            return Err(e);
        }
    };
    Ok(DmVec {
        dm,
        raw: v,
        kind,
        name: None,
        restored: false,
        vec,
        _dm: PhantomData,
    })
}

pub(super) fn restore_work_vec<D: DmBase + ?Sized>(dm: &D, v: DmVec<'_>, kind: Kind) -> Result<()> {
    let ctx = if kind == Kind::Global {
        "DmBase::restore_global_vec"
    } else {
        "DmBase::restore_local_vec"
    };
    if v.dm != dm.dm_raw() || v.kind != kind {
        let what = if v.kind == Kind::Global {
            "global"
        } else {
            "local"
        };
        // Dropping `v` gives it back to the DM that lent it.
        return Err(Error::invalid(
            ctx,
            format!(
                "the vector is a {what} work vector of another DM or kind; it goes back to its own DM"
            ),
        ));
    }
    v.restore()
}

/// Which way a halo exchange moves values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(i32)]
pub(super) enum Exchange {
    GlobalToLocal = 0,
    LocalToGlobal,
    LocalToLocal,
}

impl Exchange {
    fn name(self) -> &'static str {
        match self {
            Exchange::GlobalToLocal => "DmBase::global_to_local",
            Exchange::LocalToGlobal => "DmBase::local_to_global",
            Exchange::LocalToLocal => "DmBase::local_to_local",
        }
    }

    fn kinds(self) -> (Kind, Kind) {
        match self {
            Exchange::GlobalToLocal => (Kind::Global, Kind::Local),
            Exchange::LocalToGlobal => (Kind::Local, Kind::Global),
            Exchange::LocalToLocal => (Kind::Local, Kind::Local),
        }
    }

    /// `DM...Begin` (`end` false) or `DM...End` (`end` true).
    ///
    /// # Safety
    /// Live DM and vectors of the layouts the exchange expects.
    unsafe fn call(
        self,
        end: bool,
        dm: sys::DM,
        from: sys::Vec,
        mode: InsertMode,
        to: sys::Vec,
    ) -> sys::PetscErrorCode {
        let m = mode.raw();
        // SAFETY: the caller's guarantee.
        unsafe {
            match (self, end) {
                (Exchange::GlobalToLocal, false) => sys::DMGlobalToLocalBegin(dm, from, m, to),
                (Exchange::GlobalToLocal, true) => sys::DMGlobalToLocalEnd(dm, from, m, to),
                (Exchange::LocalToGlobal, false) => sys::DMLocalToGlobalBegin(dm, from, m, to),
                (Exchange::LocalToGlobal, true) => sys::DMLocalToGlobalEnd(dm, from, m, to),
                (Exchange::LocalToLocal, false) => sys::DMLocalToLocalBegin(dm, from, m, to),
                (Exchange::LocalToLocal, true) => sys::DMLocalToLocalEnd(dm, from, m, to),
            }
        }
    }
}

/// A halo exchange begun by [`DmBase::global_to_local_begin`],
/// [`DmBase::local_to_global_begin`] or [`DmBase::local_to_local_begin`]: it holds the DM
/// and both vectors until [`end`](Self::end) completes it (`DM...End`). Dropping it
/// completes it too, recording a failure in
/// [`take_destroy_failures`](crate::take_destroy_failures).
#[must_use = "the exchange completes at `end()` (or when dropped)"]
pub struct DmExchange<'a> {
    dm: sys::DM,
    from: &'a Vector,
    to: &'a mut Vector,
    mode: InsertMode,
    op: Exchange,
    done: bool,
    // Released after the End call.
    _borrows: (ArrayBorrow, ArrayBorrow),
    _dm: PhantomData<&'a ()>,
}

impl DmExchange<'_> {
    fn finish(&mut self) -> sys::PetscErrorCode {
        self.done = true;
        // SAFETY: the exchange begun with exactly this DM, these vectors and mode, all
        // still borrowed.
        unsafe {
            self.op.call(
                true,
                self.dm,
                self.from.as_raw(),
                self.mode,
                self.to.as_raw(),
            )
        }
    }

    /// Completes the exchange (`DMGlobalToLocalEnd`, ...; collective) and gives the
    /// vectors back.
    #[doc(alias = "DMGlobalToLocalEnd")]
    #[doc(alias = "DMLocalToGlobalEnd")]
    #[doc(alias = "DMLocalToLocalEnd")]
    pub fn end(mut self) -> Result<()> {
        check(self.finish())
    }
}

impl Drop for DmExchange<'_> {
    fn drop(&mut self) {
        if !self.done {
            crate::error::record_destroy(self.finish());
        }
    }
}

impl std::fmt::Debug for DmExchange<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DmExchange")
            .field("op", &self.op)
            .field("mode", &self.mode)
            .finish()
    }
}

/// Begins the exchange `op` from `from` into `to` after checking (on every rank) their
/// layouts and borrowing their entries: `from` read, `to` written.
pub(super) fn begin<'a, D: DmBase + ?Sized>(
    dm: &'a D,
    op: Exchange,
    from: &'a Vector,
    mode: InsertMode,
    to: &'a mut Vector,
) -> Result<DmExchange<'a>> {
    let ctx = op.name();
    if dm.type_name()? == "shell" {
        check_shell_pair(dm, op, mode, from, to)?;
    } else {
        let (kf, kt) = op.kinds();
        check_pair(dm, ctx, (from, kf), (to, kt))?;
    }
    let borrows = (|| {
        let reason = Some(crate::borrow::EXCHANGE_DESTINATION);
        Ok((from.borrow_shared(ctx)?, to.borrow_exclusive(ctx, reason)?))
    })();
    let borrows = dm.comm().agree(ctx, borrows)?;
    // SAFETY: live DM and vectors of its layouts (checked on every rank), distinct (the
    // borrows above) and kept borrowed until the End call.
    check(unsafe { op.call(false, dm.dm_raw(), from.as_raw(), mode, to.as_raw()) })?;
    Ok(DmExchange {
        dm: dm.dm_raw(),
        from,
        to,
        mode,
        op,
        done: false,
        _borrows: borrows,
        _dm: PhantomData,
    })
}

/// A local (ghosted) work vector lent by a DM to a trampoline, given back on drop: also
/// when the closure it serves panics, so the DM can still be destroyed (PETSc refuses to
/// destroy a DM whose local vectors are out).
pub(crate) struct LocalWork {
    dm: sys::DM,
    /// The lent vector.
    pub(crate) v: sys::Vec,
}

impl LocalWork {
    /// A local work vector of `dm`, not filled.
    ///
    /// # Safety
    /// `dm` must be a live DM that outlives the guard.
    unsafe fn lent(dm: sys::DM) -> Result<LocalWork> {
        let mut v: sys::Vec = std::ptr::null_mut();
        // SAFETY: live DM (caller); PETSc lends a local work vector until the restore.
        check(unsafe { sys::DMGetLocalVector(dm, &mut v) })?;
        Ok(LocalWork { dm, v })
    }

    /// A local work vector of `dm` holding `global`'s values with its ghost points.
    ///
    /// # Safety
    /// `dm` must be a live DM that outlives the guard, `global` a live global vector of
    /// it.
    pub(crate) unsafe fn filled(dm: sys::DM, global: sys::Vec) -> Result<LocalWork> {
        // SAFETY: the caller's guarantees.
        let w = unsafe { LocalWork::lent(dm) }?;
        // SAFETY: as above.
        unsafe { w.fill(global) }?;
        Ok(w)
    }

    /// Fills the vector from `global` (`DMGlobalToLocal`, inserting).
    ///
    /// # Safety
    /// `global` must be a live global vector of the DM, and no view of the local vector
    /// alive.
    pub(crate) unsafe fn fill(&self, global: sys::Vec) -> Result<()> {
        let ins = sys::InsertMode::INSERT_VALUES;
        // SAFETY: live DM and vectors of it (caller).
        check(unsafe { sys::DMGlobalToLocalBegin(self.dm, global, ins, self.v) })?;
        // SAFETY: as above, after Begin.
        check(unsafe { sys::DMGlobalToLocalEnd(self.dm, global, ins, self.v) })
    }

    /// Writes the owned points back into `global` (`DMLocalToGlobal`, inserting).
    ///
    /// # Safety
    /// As for [`fill`](Self::fill).
    pub(crate) unsafe fn store(&self, global: sys::Vec) -> Result<()> {
        let ins = sys::InsertMode::INSERT_VALUES;
        // SAFETY: live DM and vectors of it (caller).
        check(unsafe { sys::DMLocalToGlobalBegin(self.dm, self.v, ins, global) })?;
        // SAFETY: as above, after Begin.
        check(unsafe { sys::DMLocalToGlobalEnd(self.dm, self.v, ins, global) })
    }
}

impl Drop for LocalWork {
    fn drop(&mut self) {
        // SAFETY: `v` came from DMGetLocalVector on this live DM, and the views of it
        // (which borrow it inside the callback) are gone.
        record_destroy(unsafe { sys::DMRestoreLocalVector(self.dm, &mut self.v) });
    }
}
