//! A DM made of DMs (`DMComposite`): the [`Composite`] handle, whose global vectors
//! are the global vectors of its DMs one after the other on each rank, and the guards
//! that lend the pieces ([`CompositeAccess`]) or the DMs' local work vectors.
//!
//! ```
//! use petsc::{Composite, Da, DmBase, InsertMode};
//! let petsc = petsc::Petsc::init()?;
//! let world = petsc.world();
//! let mut pack = Composite::new(&world)?;
//! pack.add_dm(&Da::builder(&world, 1).sizes(8, 1, 1).build()?)?;
//! pack.add_dm(&Da::builder(&world, 1).sizes(3, 1, 1).dof(2).build()?)?;
//! let mut x = pack.create_global_vector()?;
//! assert_eq!(x.size()?, 8 + 6);
//! x.set(1.0)?;
//! let mut locals = pack.local_vectors()?;
//! pack.scatter(&x, &mut locals)?; // each DM's local vector, ghosts filled
//! assert!(locals[1].view()?.iter().all(|&v| v == 1.0));
//! # Ok::<(), petsc::Error>(())
//! ```

use std::borrow::{Borrow, BorrowMut};
use std::marker::PhantomData;

use petsc_sys as sys;

use super::base::sealed::DmRaw;
use super::generic::wrap_kind;
use super::vectors::{Kind, layout_size, work_vec_raw};
use super::{Dm, DmBase, DmVec};
use crate::borrow::ArrayBorrow;
use crate::comm::Comm;
use crate::error::{Error, Result, check, record_destroy};
use crate::init::Petsc;
use crate::is::IndexSet;
use crate::lgmap::LgMap;
use crate::object::{Object, petsc_handle};
use crate::scalar::Int;
use crate::vec::{InsertMode, VecViewMut, Vector};

petsc_handle!(
    /// A DM made of other DMs (`DM` of type `DMCOMPOSITE`), made with
    /// [`Composite::new`] and filled with [`Composite::add_dm`]: for multiphysics
    /// problems whose unknowns live on several grids (or a grid and a few scalars).
    ///
    /// ```
    /// use petsc::{Composite, Da, DmBase};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut pack = Composite::new(&petsc.world())?;
    /// pack.add_dm(&Da::builder(&petsc.world(), 1).sizes(5, 1, 1).build()?)?;
    /// assert_eq!(pack.number_of_dms()?, 1);
    /// assert_eq!(pack.create_global_vector()?.size()?, 5);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    ///
    /// Like every handle, it stays on its thread:
    ///
    /// ```compile_fail,E0277
    /// fn send<T: Send>(_: T) {}
    /// let petsc = petsc::Petsc::init()?;
    /// send(petsc::Composite::new(&petsc.world())?);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMComposite")]
    Composite,
    sys::DM,
    sys::DMDestroy
);

impl DmRaw for Composite {
    fn dm_raw(&self) -> sys::DM {
        self.ptr
    }

    fn wrap_dm(petsc: &Petsc, dm: sys::DM, ctx: &str) -> Result<Composite> {
        let d = wrap_kind(petsc, dm, ctx, "composite", "a DMComposite")?;
        Ok(Composite::from_raw(petsc, d))
    }
}

impl DmBase for Composite {}

/// Whether `dm` is `target` or (a composite) holds it, at any depth.
fn holds(petsc: &Petsc, dm: sys::DM, target: sys::DM) -> Result<bool> {
    if dm == target {
        return Ok(true);
    }
    // SAFETY: a live DM (the caller's or a composite's entry); a reference of our own.
    let d = unsafe { Dm::from_raw_borrowed(petsc, dm) }?;
    if d.type_name()? != "composite" {
        return Ok(false);
    }
    for e in raw_entries(dm)? {
        if holds(petsc, e, target)? {
            return Ok(true);
        }
    }
    Ok(false)
}

/// The DMs of the composite `dm`, borrowed from it.
fn raw_entries(dm: sys::DM) -> Result<Vec<sys::DM>> {
    let mut n: Int = 0;
    // SAFETY: live DMComposite.
    check(unsafe { sys::DMCompositeGetNumberDM(dm, &mut n) })?;
    let mut out = vec![std::ptr::null_mut(); n.max(0) as usize];
    // SAFETY: live DMComposite; the array has room for its `n` DMs.
    check(unsafe { sys::DMCompositeGetEntriesArray(dm, out.as_mut_ptr()) })?;
    Ok(out)
}

/// Takes over an array of `n` objects PETSc allocated, each wrapped by `wrap`, and
/// frees the array.
///
/// # Safety
/// `array` holds `n` live objects whose references are handed over, and was allocated
/// with `PetscMalloc`.
unsafe fn take_array<P: Copy, T>(array: *mut P, n: usize, wrap: impl Fn(P) -> T) -> Result<Vec<T>> {
    if array.is_null() {
        return Ok(Vec::new());
    }
    // SAFETY: `n` entries, each handed over (caller).
    let out = (0..n).map(|i| wrap(unsafe { *array.add(i) })).collect();
    // SAFETY: PETSc's allocation (caller); its entries are taken above.
    check(unsafe { sys::petscrs_PetscFree(array.cast()) })?;
    Ok(out)
}

const ACCESS_LOCK: &str =
    "its pieces are lent out (Composite::access); restore or drop the CompositeAccess first";

impl Composite {
    /// A new composite DM with no DMs on `comm` (`DMCompositeCreate`; collective).
    #[doc(alias = "DMCompositeCreate")]
    pub fn new(comm: &Comm) -> Result<Composite> {
        let mut d: sys::DM = std::ptr::null_mut();
        // SAFETY: live communicator; PETSc writes the new DM.
        check(unsafe { sys::DMCompositeCreate(comm.as_raw(), &mut d) })?;
        Ok(Composite::from_raw(comm.petsc(), d))
    }

    /// Appends `dm` (`DMCompositeAddDM`; collective): its global vectors become the
    /// next piece of the composite's. The composite takes its own reference, so `dm`'s
    /// handle may be dropped. Refused on every rank: a DM on another communicator, the
    /// composite itself or a composite holding it (a cycle), and (by PETSc) adding
    /// after the composite was used (its vectors made).
    ///
    /// ```
    /// use petsc::{Composite, Da, DmBase};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut pack = Composite::new(&petsc.world())?;
    /// let da = Da::builder(&petsc.world(), 1).sizes(4, 1, 1).build()?;
    /// pack.add_dm(&da)?;
    /// let mut outer = Composite::new(&petsc.world())?;
    /// outer.add_dm(&pack)?; // composites nest
    /// assert!(pack.add_dm(&outer).is_err()); // but not in a cycle
    /// let alone = Da::builder(&petsc.self_comm(), 1).sizes(4, 1, 1).build()?;
    /// if petsc.world().size() > 1 {
    ///     assert!(pack.add_dm(&alone).is_err()); // another communicator
    /// }
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMCompositeAddDM")]
    pub fn add_dm<D: DmBase>(&mut self, dm: &D) -> Result<()> {
        const CTX: &str = "Composite::add_dm";
        let local = (|| {
            let (mine, theirs) = (self.comm(), dm.comm());
            if !mine.congruent(&theirs) {
                return Err(Error::invalid(
                    CTX,
                    format!(
                        "the DM lives on a communicator of {} rank(s), the composite on one of \
                         {}; its pieces would not line up",
                        theirs.size(),
                        mine.size()
                    ),
                ));
            }
            if holds(&self.petsc, dm.dm_raw(), self.ptr)? {
                return Err(Error::invalid(
                    CTX,
                    "the DM is the composite itself or holds it; a composite cannot contain itself",
                ));
            }
            Ok(())
        })();
        self.comm().agree(CTX, local)?;
        // SAFETY: two live DMs on the same communicator; PETSc takes a reference to `dm`.
        check(unsafe { sys::DMCompositeAddDM(self.ptr, dm.dm_raw()) })
    }

    /// The number of DMs (`DMCompositeGetNumberDM`).
    #[doc(alias = "DMCompositeGetNumberDM")]
    pub fn number_of_dms(&self) -> Result<usize> {
        let mut n: Int = 0;
        // SAFETY: live DMComposite.
        check(unsafe { sys::DMCompositeGetNumberDM(self.ptr, &mut n) })?;
        Ok(n.max(0) as usize)
    }

    /// The DMs in order (`DMCompositeGetEntriesArray`), as generic handles with their
    /// own references ([`Dm::downcast`] gives the handle of each kind).
    ///
    /// ```
    /// use petsc::{Composite, Da, DmBase};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut pack = Composite::new(&petsc.world())?;
    /// pack.add_dm(&Da::builder(&petsc.world(), 1).sizes(4, 1, 1).build()?)?;
    /// let da: Da = pack.entries()?[0].downcast()?;
    /// assert_eq!(da.info()?.mx, 4);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMCompositeGetEntries")]
    #[doc(alias = "DMCompositeGetEntriesArray")]
    pub fn entries(&self) -> Result<Vec<Dm>> {
        raw_entries(self.ptr)?
            .into_iter()
            // SAFETY: live DMs the composite keeps; each handle takes its own reference.
            .map(|d| unsafe { Dm::from_raw_borrowed(&self.petsc, d) })
            .collect()
    }

    /// Checks (on every rank) that `locals` are local vectors of the DMs, one each, and
    /// `global` a global vector of the composite; borrows their entries: `global` read
    /// and the locals written (`scatter`), or the other way round.
    fn check_pieces<'a>(
        &self,
        ctx: &str,
        global: &'a Vector,
        locals: impl ExactSizeIterator<Item = &'a Vector>,
        scatter: bool,
    ) -> Result<Vec<ArrayBorrow>> {
        let local = (|| {
            let dms = raw_entries(self.ptr)?;
            if locals.len() != dms.len() {
                return Err(Error::size_mismatch(
                    ctx,
                    format!(
                        "{} local vectors for the composite's {} DMs; give one per DM",
                        locals.len(),
                        dms.len()
                    ),
                ));
            }
            let (n, want) = (global.local_size()?, layout_size(self, Kind::Global)?);
            if n != want {
                return Err(Error::size_mismatch(
                    ctx,
                    format!(
                        "the global vector has {n} entries on this rank, the composite's \
                         global vectors {want}; pass a global vector of the composite"
                    ),
                ));
            }
            let mut borrows = Vec::with_capacity(dms.len() + 1);
            borrows.push(if scatter {
                global.borrow_shared(ctx)?
            } else {
                global.borrow_exclusive(ctx, None)?
            });
            for (i, (v, &d)) in locals.zip(&dms).enumerate() {
                // SAFETY: a live DM the composite keeps; a reference of our own.
                let sub = unsafe { Dm::from_raw_borrowed(&self.petsc, d) }?;
                let (n, want) = (v.local_size()?, layout_size(&sub, Kind::Local)?);
                if n != want {
                    return Err(Error::size_mismatch(
                        ctx,
                        format!(
                            "local vector {i} has {n} entries, but DM {i}'s local vectors have \
                             {want}; pass the DMs' local vectors in order (get_local_vectors)"
                        ),
                    ));
                }
                borrows.push(if scatter {
                    v.borrow_exclusive(ctx, None)?
                } else {
                    v.borrow_shared(ctx)?
                });
            }
            Ok(borrows)
        })();
        self.comm().agree(ctx, local)
    }

    /// Fills the local vector of each DM from the global vector `global`, ghosts
    /// included (`DMCompositeScatterArray`; collective): `locals` holds one local vector
    /// per DM, in order ([`local_vectors`](Self::local_vectors), or the DMs'
    /// [`create_local_vector`](DmBase::create_local_vector)). Another number of vectors,
    /// or vectors of other sizes, are an `Err` on every rank.
    ///
    /// ```
    /// use petsc::{Composite, Da, DmBase, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut pack = Composite::new(&petsc.self_comm())?;
    /// let a = Da::builder(&petsc.self_comm(), 1).sizes(3, 1, 1).build()?;
    /// pack.add_dm(&a)?;
    /// pack.add_dm(&a)?;
    /// let x = Vector::from_slice(&petsc.self_comm(), &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0])?;
    /// let mut l: Vec<Vector> = vec![a.create_local_vector()?, a.create_local_vector()?];
    /// pack.scatter(&x, &mut l)?;
    /// assert_eq!(&*l[1].view()?, &[4.0, 5.0, 6.0]);
    /// assert!(pack.scatter(&x, &mut l[..1]).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMCompositeScatterArray")]
    #[doc(alias = "DMCompositeScatter")]
    pub fn scatter<V: BorrowMut<Vector>>(&self, global: &Vector, locals: &mut [V]) -> Result<()> {
        const CTX: &str = "Composite::scatter";
        let mut raw: Vec<sys::Vec> = locals.iter().map(|v| v.borrow().ptr).collect();
        let _borrows = self.check_pieces(CTX, global, locals.iter().map(|v| v.borrow()), true)?;
        // SAFETY: live DMComposite, a global vector of its layout and one local vector
        // per DM of their layouts (checked on every rank), distinct (the borrows).
        check(unsafe { sys::DMCompositeScatterArray(self.ptr, global.ptr, raw.as_mut_ptr()) })
    }

    /// Moves each DM's local vector into its piece of the global vector `global`
    /// (`DMCompositeGatherArray`; collective): with [`InsertMode::Insert`] owned values
    /// are copied, with [`InsertMode::Add`] ghost values are added to their owners'.
    /// Checked as [`scatter`](Self::scatter).
    #[doc(alias = "DMCompositeGatherArray")]
    #[doc(alias = "DMCompositeGather")]
    pub fn gather<V: Borrow<Vector>>(
        &self,
        mode: InsertMode,
        global: &mut Vector,
        locals: &[V],
    ) -> Result<()> {
        const CTX: &str = "Composite::gather";
        let mut raw: Vec<sys::Vec> = locals.iter().map(|v| v.borrow().ptr).collect();
        let _borrows = self.check_pieces(CTX, global, locals.iter().map(|v| v.borrow()), false)?;
        // SAFETY: as in `scatter`, the other way.
        check(unsafe {
            sys::DMCompositeGatherArray(self.ptr, mode.raw(), global.ptr, raw.as_mut_ptr())
        })
    }

    /// A local work vector of each DM, in order (what `DMCompositeGetLocalVectors`
    /// lends): each goes back to its DM when dropped, or all at once with
    /// [`restore_local_vectors`](Self::restore_local_vectors). The values are whatever
    /// their last borrower left.
    #[doc(alias = "DMCompositeGetLocalVectors")]
    pub fn local_vectors(&self) -> Result<Vec<DmVec<'_>>> {
        raw_entries(self.ptr)?
            .into_iter()
            // SAFETY: the composite keeps each DM alive while it is borrowed.
            .map(|d| unsafe { work_vec_raw(&self.petsc, d, Kind::Local) })
            .collect()
    }

    /// Gives back the vectors of [`local_vectors`](Self::local_vectors)
    /// (`DMCompositeRestoreLocalVectors`), with the `Err` of a failure. Another number
    /// of vectors, or vectors not lent by the DMs in order, are an `Err` (each vector
    /// still goes back to the DM that lent it).
    #[doc(alias = "DMCompositeRestoreLocalVectors")]
    pub fn restore_local_vectors(&self, vecs: Vec<DmVec<'_>>) -> Result<()> {
        const CTX: &str = "Composite::restore_local_vectors";
        let dms = raw_entries(self.ptr)?;
        if vecs.len() != dms.len() {
            return Err(Error::size_mismatch(
                CTX,
                format!(
                    "{} vectors for the composite's {} DMs",
                    vecs.len(),
                    dms.len()
                ),
            ));
        }
        if let Some(i) = (0..dms.len()).find(|&i| vecs[i].lender() != (dms[i], Kind::Local)) {
            return Err(Error::invalid(
                CTX,
                format!("vector {i} is not a local work vector of DM {i}"),
            ));
        }
        let mut first = Ok(());
        for v in vecs {
            let r = v.restore();
            if first.is_ok() {
                first = r;
            }
        }
        first
    }

    /// The pieces of the global vector `global`, one per DM, as global vectors of the
    /// DMs sharing its entries (`DMCompositeGetAccessArray`; collective), given back
    /// when the guard is dropped or [`restore`](CompositeAccess::restore)d. `global`
    /// is borrowed meanwhile, and its entries locked against its other handles.
    ///
    /// ```
    /// use petsc::{Composite, Da, DmBase};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut pack = Composite::new(&c)?;
    /// pack.add_dm(&Da::builder(&c, 1).sizes(2, 1, 1).build()?)?;
    /// pack.add_dm(&Da::builder(&c, 1).sizes(3, 1, 1).build()?)?;
    /// let mut x = pack.create_global_vector()?;
    /// {
    ///     let mut pieces = pack.access(&mut x)?;
    ///     pieces.view_mut(1)?.fill(7.0);
    ///     assert_eq!(pieces[0].size()?, 2);
    /// }
    /// assert_eq!(&*x.view()?, &[0.0, 0.0, 7.0, 7.0, 7.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    ///
    /// The vector cannot be used while its pieces are out:
    ///
    /// ```compile_fail
    /// use petsc::{Composite, DmBase};
    /// let petsc = petsc::Petsc::init()?;
    /// let pack = Composite::new(&petsc.self_comm())?;
    /// let mut x = pack.create_global_vector()?;
    /// let pieces = pack.access(&mut x)?;
    /// x.set(1.0)?;
    /// drop(pieces);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMCompositeGetAccessArray")]
    #[doc(alias = "DMCompositeGetAccess")]
    pub fn access<'a>(&'a self, global: &'a mut Vector) -> Result<CompositeAccess<'a>> {
        let all: Vec<usize> = (0..self.number_of_dms()?).collect();
        self.access_some(global, &all)
    }

    /// The pieces of `global` of the DMs numbered `wanted` (increasing, each below
    /// [`number_of_dms`](Self::number_of_dms)), as [`access`](Self::access) does for
    /// all; the guard's vector `n` is DM `wanted[n]`'s piece.
    #[doc(alias = "DMCompositeGetAccessArray")]
    pub fn access_some<'a>(
        &'a self,
        global: &'a mut Vector,
        wanted: &[usize],
    ) -> Result<CompositeAccess<'a>> {
        const CTX: &str = "Composite::access";
        let local = (|| {
            let n = self.number_of_dms()?;
            if let Some(w) = wanted.windows(2).find(|w| w[0] >= w[1]) {
                return Err(Error::invalid(
                    CTX,
                    format!(
                        "the DMs wanted must increase; {} comes before {}",
                        w[0], w[1]
                    ),
                ));
            }
            if let Some(&w) = wanted.iter().find(|&&w| w >= n) {
                return Err(Error::out_of_range(
                    CTX,
                    format!("DM {w} is not in 0..{n} (the composite's DMs)"),
                ));
            }
            let (have, want) = (global.local_size()?, layout_size(self, Kind::Global)?);
            if have != want {
                return Err(Error::size_mismatch(
                    CTX,
                    format!(
                        "the vector has {have} entries on this rank, the composite's global \
                         vectors {want}; pass a global vector of the composite"
                    ),
                ));
            }
            global.borrow_exclusive(CTX, Some(ACCESS_LOCK))
        })();
        let lock = self.comm().agree(CTX, local)?;
        let wanted: Vec<Int> = wanted.iter().map(|&w| w as Int).collect();
        let mut raw: Vec<sys::Vec> = vec![std::ptr::null_mut(); wanted.len()];
        // SAFETY: live, DMComposite and a global vector of its layout, none of whose
        // arrays is lent (the lock, held until the restore); `wanted` increasing and in
        // range; PETSc writes one vector per wanted DM, placed on the vector's array.
        check(unsafe {
            sys::DMCompositeGetAccessArray(
                self.ptr,
                global.ptr,
                wanted.len() as Int,
                wanted.as_ptr(),
                raw.as_mut_ptr(),
            )
        })?;
        let mut guard = CompositeAccess {
            dm: self.ptr,
            parent: global.ptr,
            wanted,
            raw,
            vecs: Vec::new(),
            restored: false,
            _lock: lock,
            _dm: PhantomData,
        };
        for &v in &guard.raw {
            // SAFETY: a live vector PETSc lent; the handle takes its own reference
            // (released after the restore, when the guard's fields drop).
            guard
                .vecs
                .push(unsafe { Vector::from_raw_lent(&self.petsc, v) }?);
        }
        Ok(guard)
    }

    /// The index sets of the composite's global numbering that each DM's piece
    /// occupies on this rank (`DMCompositeGetGlobalISs`; collective, sets the composite
    /// up).
    ///
    /// ```
    /// use petsc::{Composite, Da};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut pack = Composite::new(&c)?;
    /// pack.add_dm(&Da::builder(&c, 1).sizes(2, 1, 1).build()?)?;
    /// pack.add_dm(&Da::builder(&c, 1).sizes(3, 1, 1).build()?)?;
    /// let is = pack.global_iss()?;
    /// assert_eq!(is[1].indices()?.to_vec(), [2, 3, 4]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMCompositeGetGlobalISs")]
    pub fn global_iss(&self) -> Result<Vec<IndexSet>> {
        let n = self.number_of_dms()?;
        // SAFETY: live DMComposite.
        check(unsafe { sys::DMSetUp(self.ptr) })?;
        let mut array: *mut sys::IS = std::ptr::null_mut();
        // SAFETY: live, set-up DMComposite; PETSc allocates an array of one new IS per DM.
        check(unsafe { sys::DMCompositeGetGlobalISs(self.ptr, &mut array) })?;
        // SAFETY: `n` new index sets, ours, in a PetscMalloc'd array.
        unsafe { take_array(array, n, |is| IndexSet::from_raw(&self.petsc, is)) }
    }

    /// The index sets of each DM's entries in the composite's local vectors, the DMs'
    /// local vectors one after the other (`DMCompositeGetLocalISs`), with each DM's
    /// block size.
    #[doc(alias = "DMCompositeGetLocalISs")]
    pub fn local_iss(&self) -> Result<Vec<IndexSet>> {
        let n = self.number_of_dms()?;
        let mut array: *mut sys::IS = std::ptr::null_mut();
        // SAFETY: live DMComposite; PETSc allocates an array of one new IS per DM.
        check(unsafe { sys::DMCompositeGetLocalISs(self.ptr, &mut array) })?;
        // SAFETY: as in `global_iss`.
        unsafe { take_array(array, n, |is| IndexSet::from_raw(&self.petsc, is)) }
    }

    /// For each DM, the map from its local (ghosted) indices to the composite's global
    /// ones (`DMCompositeGetISLocalToGlobalMappings`; collective, sets the composite
    /// up).
    #[doc(alias = "DMCompositeGetISLocalToGlobalMappings")]
    pub fn lgmaps(&self) -> Result<Vec<LgMap>> {
        let n = self.number_of_dms()?;
        let mut array: *mut sys::ISLocalToGlobalMapping = std::ptr::null_mut();
        // SAFETY: live DMComposite; PETSc sets it up and allocates an array of one new
        // mapping per DM.
        check(unsafe { sys::DMCompositeGetISLocalToGlobalMappings(self.ptr, &mut array) })?;
        // SAFETY: `n` new mappings, ours, in a PetscMalloc'd array.
        unsafe { take_array(array, n, |m| LgMap::from_raw(&self.petsc, m)) }
    }
}

/// The pieces of a composite's global vector, one global vector per DM sharing its
/// entries ([`Composite::access`]), given back when dropped or
/// [`restore`](Self::restore)d.
///
/// The pieces are lent as `&Vector` ([`get`](Self::get), indexing) and written through
/// [`view_mut`](Self::view_mut), [`set`](Self::set) and [`copy_from`](Self::copy_from):
/// a `&mut Vector` could be swapped out of the guard and keep a view of the composite's
/// array past the restore.
///
/// The guard borrows the composite too, so it cannot outlive it:
///
/// ```compile_fail,E0597
/// use petsc::{Composite, DmBase};
/// let petsc = petsc::Petsc::init()?;
/// let mut x = Composite::new(&petsc.self_comm())?.create_global_vector()?;
/// let pieces = {
///     let pack = Composite::new(&petsc.self_comm())?;
///     pack.access(&mut x)?
/// };
/// drop(pieces);
/// # Ok::<(), petsc::Error>(())
/// ```
#[doc(alias = "DMCompositeGetAccessArray")]
pub struct CompositeAccess<'a> {
    dm: sys::DM,
    parent: sys::Vec,
    wanted: Vec<Int>,
    raw: Vec<sys::Vec>,
    // Each holds its own reference, released after the restore.
    vecs: Vec<Vector>,
    restored: bool,
    // The parent's lock, released after the restore.
    _lock: ArrayBorrow,
    _dm: PhantomData<&'a mut Vector>,
}

impl CompositeAccess<'_> {
    /// Gives the pieces back once; PETSc's error code.
    fn finish(&mut self) -> sys::PetscErrorCode {
        if self.restored {
            return 0;
        }
        self.restored = true;
        // SAFETY: the composite (borrowed for the guard's life), the vector and the
        // pieces of DMCompositeGetAccessArray with the same `wanted`; no view of a piece
        // is alive (views borrow the guard).
        unsafe {
            sys::DMCompositeRestoreAccessArray(
                self.dm,
                self.parent,
                self.wanted.len() as Int,
                self.wanted.as_ptr(),
                self.raw.as_mut_ptr(),
            )
        }
    }

    /// Gives the pieces back (`DMCompositeRestoreAccessArray`; collective), as dropping
    /// the guard does, but with the `Err` of a failure.
    #[doc(alias = "DMCompositeRestoreAccessArray")]
    pub fn restore(mut self) -> Result<()> {
        check(self.finish())
    }

    /// The number of pieces lent.
    pub fn len(&self) -> usize {
        self.vecs.len()
    }

    /// Whether no piece is lent.
    pub fn is_empty(&self) -> bool {
        self.vecs.is_empty()
    }

    /// Piece `n`, or `None` past the last.
    pub fn get(&self, n: usize) -> Option<&Vector> {
        self.vecs.get(n)
    }

    fn piece(&mut self, ctx: &str, n: usize) -> Result<&mut Vector> {
        let len = self.vecs.len();
        self.vecs
            .get_mut(n)
            .ok_or_else(|| Error::out_of_range(ctx, format!("piece {n} is not in 0..{len}")))
    }

    /// A writable view of this rank's entries of piece `n` (the composite vector's own
    /// entries).
    pub fn view_mut(&mut self, n: usize) -> Result<VecViewMut<'_>> {
        self.piece("CompositeAccess::view_mut", n)?.view_mut()
    }

    /// Sets every entry of piece `n`.
    pub fn set(&mut self, n: usize, alpha: impl Into<crate::scalar::Scalar>) -> Result<()> {
        self.piece("CompositeAccess::set", n)?.set(alpha)
    }

    /// Copies `x` (laid out like piece `n`) into piece `n`.
    pub fn copy_from(&mut self, n: usize, x: &Vector) -> Result<()> {
        self.piece("CompositeAccess::copy_from", n)?.copy_from(x)
    }
}

impl std::ops::Index<usize> for CompositeAccess<'_> {
    type Output = Vector;
    #[track_caller]
    fn index(&self, n: usize) -> &Vector {
        &self.vecs[n]
    }
}

impl Drop for CompositeAccess<'_> {
    fn drop(&mut self) {
        record_destroy(self.finish());
    }
}

impl std::fmt::Debug for CompositeAccess<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CompositeAccess")
            .field("wanted", &self.wanted)
            .finish()
    }
}

// The names before the naming scheme of 0.2 (`new`, no `get_`); they still compile,
// with a deprecation warning naming the new one.
impl Composite {
    /// The former name of [`new`](Self::new).
    #[deprecated(
        since = "0.2.0",
        note = "use `Composite::new` (constructors are `new`/`new_*`)"
    )]
    pub fn create(comm: &Comm) -> Result<Composite> {
        Self::new(comm)
    }

    /// The former name of [`entries`](Self::entries).
    #[deprecated(
        since = "0.2.0",
        note = "use `Composite::entries` (getters have no `get_` prefix)"
    )]
    pub fn get_entries(&self) -> Result<Vec<Dm>> {
        self.entries()
    }

    /// The former name of [`local_vectors`](Self::local_vectors).
    #[deprecated(
        since = "0.2.0",
        note = "use `Composite::local_vectors` (getters have no `get_` prefix)"
    )]
    pub fn get_local_vectors(&self) -> Result<Vec<DmVec<'_>>> {
        self.local_vectors()
    }
}
