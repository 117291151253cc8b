//! Ghosted vectors: a distributed vector whose local array has room after the owned
//! entries for copies of entries other ranks own (`VecCreateGhost`), the updates that
//! fill or return those copies, the local form that sees both, and setting values by
//! local index.

use std::marker::PhantomData;

use petsc_sys as sys;

use super::pending::{self, Split};
use super::{InsertMode, ScatterMode, VecView, VecViewMut, Vector};
use crate::borrow::ArrayBorrow;
use crate::comm::Comm;
use crate::error::{Error, Result, check, record_destroy};
use crate::is::IndexSet;
use crate::object::Object;
use crate::scalar::{Int, Scalar};

const GHOST_LOCK: &str =
    "a ghost update is under way (Vector::ghost_update_begin); end it with its guard";
const LOCAL_FORM_LOCK: &str =
    "its local form is lent (Vector::local_form); drop the GhostLocalForm first";

/// The global size of a layout with `local` entries here and `global` in all (or the
/// sum of the local sizes), after [`Comm::check_layout`] accepted them. Collective.
fn global_size(comm: &Comm, local: Int, global: Option<Int>) -> Result<Int> {
    let mut map: sys::PetscLayout = std::ptr::null_mut();
    // SAFETY: live communicator; PETSc writes the new layout.
    check(unsafe { sys::PetscLayoutCreate(comm.as_raw(), &mut map) })?;
    let run = || -> Result<Int> {
        let mut n: Int = 0;
        // SAFETY: live layout; sizes checked by the caller on every rank.
        check(unsafe { sys::PetscLayoutSetLocalSize(map, local) })?;
        // SAFETY: as above.
        check(unsafe { sys::PetscLayoutSetSize(map, global.unwrap_or(sys::PETSC_DECIDE as Int)) })?;
        // SAFETY: as above (collective: sums the local sizes).
        check(unsafe { sys::PetscLayoutSetUp(map) })?;
        // SAFETY: the layout is set up.
        check(unsafe { sys::PetscLayoutGetSize(map, &mut n) })?;
        Ok(n)
    };
    let n = run();
    // SAFETY: the layout is ours.
    record_destroy(unsafe { sys::PetscLayoutDestroy(&mut map) });
    n
}

/// Checks ghost indices against a bound on every rank at once.
fn check_ghosts(comm: &Comm, context: &str, what: &str, ghosts: &[Int], bound: Int) -> Result<()> {
    let local = match ghosts
        .iter()
        .enumerate()
        .find(|&(_, &g)| !(0..bound).contains(&g))
    {
        Some((k, &g)) => Err(Error::out_of_range(
            context,
            format!("ghost {what} {g} (position {k}) is not in 0..{bound}"),
        )),
        None => Ok(()),
    };
    comm.agree(context, local)
}

impl Vector {
    /// A distributed vector with `local` entries on this rank (`global` in all, or
    /// `None` for their sum) whose local form also holds copies of the entries at the
    /// global indices `ghosts` (`VecCreateGhost`). [`ghost_update`](Self::ghost_update)
    /// fills the copies from their owners; [`local_form`](Self::local_form) lends the
    /// owned entries followed by the copies. A ghost index outside the vector is an
    /// `Err` on every rank.
    ///
    /// ```
    /// use petsc::{InsertMode, ScatterMode, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let world = petsc.world();
    /// let (rank, size) = (world.rank() as petsc::Int, world.size() as petsc::Int);
    /// // Two entries per rank; each rank keeps a copy of the next rank's first entry.
    /// let next = 2 * ((rank + 1) % size);
    /// let mut x = Vector::new_ghost(&world, 2, None, &[next])?;
    /// let lo = x.ownership_range()?.start;
    /// x.view_mut()?.copy_from_slice(&[lo as f64, (lo + 1) as f64]);
    /// x.ghost_update(InsertMode::Insert, ScatterMode::Forward)?;
    /// let local = x.local_form()?;
    /// assert_eq!(&*local.view()?, &[lo as f64, (lo + 1) as f64, next as f64]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "VecCreateGhost")]
    pub fn new_ghost(
        comm: &Comm,
        local: Int,
        global: Option<Int>,
        ghosts: &[Int],
    ) -> Result<Vector> {
        const CTX: &str = "Vector::new_ghost";
        comm.check_layout(CTX, "entries", Some(local), global)?;
        let n = global_size(comm, local, global)?;
        check_ghosts(comm, CTX, "index", ghosts, n)?;
        let mut v: sys::Vec = std::ptr::null_mut();
        // SAFETY: live communicator; sizes agreed on every rank; `ghosts` holds
        // `ghosts.len()` indices, each in range; PETSc writes the new vector.
        check(unsafe {
            sys::VecCreateGhost(
                comm.as_raw(),
                local,
                n,
                ghosts.len() as Int,
                ghosts.as_ptr(),
                &mut v,
            )
        })?;
        Ok(Vector::from_raw(comm.petsc(), v))
    }

    /// A ghosted vector of blocks of `bs` entries (`VecCreateGhostBlock`): `local`
    /// entries here (a multiple of `bs`), and copies of the blocks whose block indices
    /// are in `ghosts`. See [`new_ghost`](Self::new_ghost).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut x = petsc::Vector::new_ghost_blocked(&c, 2, 4, None, &[1])?;
    /// assert_eq!((x.block_size()?, x.local_form()?.size()?), (2, 6));
    /// assert!(petsc::Vector::new_ghost_blocked(&c, 2, 4, None, &[2]).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "VecCreateGhostBlock")]
    pub fn new_ghost_blocked(
        comm: &Comm,
        bs: Int,
        local: Int,
        global: Option<Int>,
        ghosts: &[Int],
    ) -> Result<Vector> {
        const CTX: &str = "Vector::new_ghost_blocked";
        comm.check_same(CTX, &[("block sizes", crate::comm::wide(bs))])?;
        if bs < 1 {
            return Err(Error::invalid(
                CTX,
                format!("block size {bs} is not positive"),
            ));
        }
        comm.check_layout(CTX, "entries", Some(local), global)?;
        let divides = if local % bs == 0 {
            Ok(())
        } else {
            Err(Error::size_mismatch(
                CTX,
                format!("block size {bs} does not divide the local size {local}"),
            ))
        };
        comm.agree(CTX, divides)?;
        let n = global_size(comm, local, global)?;
        check_ghosts(comm, CTX, "block", ghosts, n / bs)?;
        let mut v: sys::Vec = std::ptr::null_mut();
        // SAFETY: live communicator; sizes agreed; every ghost block in range.
        check(unsafe {
            sys::VecCreateGhostBlock(
                comm.as_raw(),
                bs,
                local,
                n,
                ghosts.len() as Int,
                ghosts.as_ptr(),
                &mut v,
            )
        })?;
        Ok(Vector::from_raw(comm.petsc(), v))
    }

    /// Makes a distributed (`mpi`) vector with sizes a ghosted one, with copies of the
    /// entries at `ghosts` (`VecMPISetGhost`). Its entries are reallocated: set them
    /// after this call. Indices out of range, and a vector without a type, are an `Err`;
    /// a vector of a type other than `mpi` (a sequential one, say) keeps no ghosts and is
    /// left as it is, as PETSc does.
    ///
    /// ```
    /// use petsc::{Vector, VecType};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut x = Vector::new(&petsc.self_comm())?;
    /// x.set_sizes(Some(3), None)?;
    /// x.set_type(VecType::Mpi)?;
    /// x.set_mpi_ghost(&[0])?;
    /// x.set(1.0)?;
    /// assert_eq!(x.local_form()?.size()?, 4);
    /// let mut s = Vector::new_seq(&petsc.self_comm(), 3)?;
    /// s.set_mpi_ghost(&[0])?; // nothing to do for a sequential vector
    /// assert!(Vector::new(&petsc.self_comm())?.set_mpi_ghost(&[0]).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "VecMPISetGhost")]
    pub fn set_mpi_ghost(&mut self, ghosts: &[Int]) -> Result<()> {
        const CTX: &str = "Vector::set_mpi_ghost";
        let comm = self.comm();
        let ty = self.type_name()?;
        if !ty.is_empty() && !ty.starts_with("mpi") {
            // As PETSc: a vector of another type keeps no ghosts and is left as it is.
            return Ok(());
        }
        if ty != "mpi" {
            return Err(Error::invalid(
                CTX,
                format!(
                    "the vector has type '{ty}'; only an 'mpi' vector with sizes can have ghosts"
                ),
            ));
        }
        check_ghosts(&comm, CTX, "index", ghosts, self.size()?)?;
        // SAFETY: live `mpi` vector with sizes; indices in range.
        check(unsafe {
            sys::VecMPISetGhost(self.raw_write(CTX)?, ghosts.len() as Int, ghosts.as_ptr())
        })
    }

    /// Starts a ghost update (`VecGhostUpdateBegin`), to finish with the returned
    /// guard's [`end`](GhostUpdate::end) (or when it is dropped); work that does not
    /// touch this vector can go in between. Forward with [`InsertMode::Insert`] copies
    /// the owners' values into the ghost copies; reverse with [`InsertMode::Add`] adds
    /// the copies' values into their owners. It does nothing on a sequential vector; a
    /// distributed one without ghosts is an `Err` (PETSc's, on every rank).
    ///
    /// ```
    /// use petsc::{InsertMode, ScatterMode, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut x = Vector::new_ghost(&petsc.self_comm(), 2, None, &[0])?;
    /// x.set(3.0)?;
    /// let pending = x.ghost_update_begin(InsertMode::Insert, ScatterMode::Forward)?;
    /// pending.end()?;
    /// assert_eq!(&*x.local_form()?.view()?, &[3.0, 3.0, 3.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "VecGhostUpdateBegin")]
    pub fn ghost_update_begin(
        &mut self,
        mode: InsertMode,
        scatter: ScatterMode,
    ) -> Result<GhostUpdate<'_>> {
        const CTX: &str = "Vector::ghost_update_begin";
        // A view alive on some ranks only is refused on every rank: the update is
        // collective.
        let borrow = self.borrow_exclusive(CTX, Some(GHOST_LOCK));
        let borrow = crate::comm::agree_over(self.ptr as sys::PetscObject, CTX, borrow)?;
        // SAFETY: live vector, none of whose arrays is lent; the guard finishes the
        // update before the vector can be used or dropped.
        check(unsafe { sys::VecGhostUpdateBegin(self.ptr, mode.raw(), scatter.raw()) })?;
        pending::begun(self.ptr, Split::Ghost(mode, scatter), borrow);
        Ok(GhostUpdate {
            vec: self.ptr,
            mode,
            scatter,
            done: false,
            _vec: PhantomData,
        })
    }

    /// A whole ghost update (`VecGhostUpdateBegin` and `VecGhostUpdateEnd`).
    ///
    /// ```
    /// use petsc::{InsertMode, ScatterMode, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut x = Vector::new_ghost(&petsc.self_comm(), 2, None, &[1])?;
    /// x.set(0.0)?;
    /// x.local_form()?.view_mut()?[2] = 5.0; // a contribution held by the ghost copy
    /// x.ghost_update(InsertMode::Add, ScatterMode::Reverse)?;
    /// assert_eq!(&*x.view()?, &[0.0, 5.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "VecGhostUpdateEnd")]
    pub fn ghost_update(&mut self, mode: InsertMode, scatter: ScatterMode) -> Result<()> {
        self.ghost_update_begin(mode, scatter)?.end()
    }

    /// Finishes a ghost update begun by [`ghost_update_begin`](Self::ghost_update_begin)
    /// (`VecGhostUpdateEnd`, collective); the same as the guard's
    /// [`end`](GhostUpdate::end), under petsc4py's name. The guard keeps the vector
    /// borrowed and remembers the modes, so it is what this takes.
    ///
    /// ```
    /// use petsc::{InsertMode, ScatterMode, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut x = Vector::new_ghost(&petsc.self_comm(), 2, None, &[1])?;
    /// x.set(4.0)?;
    /// let pending = x.ghost_update_begin(InsertMode::Insert, ScatterMode::Forward)?;
    /// Vector::ghost_update_end(pending)?;
    /// assert_eq!(x.local_form()?.view()?[2], 4.0);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "VecGhostUpdateEnd")]
    pub fn ghost_update_end(pending: GhostUpdate<'_>) -> Result<()> {
        pending.end()
    }

    /// The global indices of this rank's ghost copies, in the order the local form
    /// holds them (`VecGhostGetGhostIS`): an index set on the vector's communicator with
    /// this rank's ghosts as its local part. For a vector of blocks
    /// ([`new_ghost_blocked`](Self::new_ghost_blocked)) it is a block index set of the
    /// ghost blocks. The index set is a new one each time (PETSc 3.21 and later keep one
    /// with the vector, which a handle could then change under it; 3.18 has none), so
    /// changing it changes nothing else. Collective; a vector other than a ghosted
    /// distributed one is an `Err` on every rank.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let x = petsc::Vector::new_ghost(&c, 4, None, &[3, 0])?;
    /// assert_eq!(x.ghost_is()?.to_vec()?, vec![3, 0]);
    /// let b = petsc::Vector::new_ghost_blocked(&c, 2, 4, None, &[1])?;
    /// let is = b.ghost_is()?;
    /// assert_eq!((is.block_size()?, is.to_vec()?), (2, vec![2, 3]));
    /// assert!(petsc::Vector::new_seq(&c, 2)?.ghost_is().is_err());
    /// assert!(petsc::Vector::new_mpi(&c, Some(2), None)?.ghost_is().is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "VecGhostGetGhostIS")]
    pub fn ghost_is(&self) -> Result<IndexSet> {
        const CTX: &str = "Vector::ghost_is";
        let comm = self.comm();
        let (ghosts, bs) = comm.agree(CTX, self.ghost_indices(CTX))?;
        if bs == 1 {
            IndexSet::new_general(&comm, &ghosts)
        } else {
            IndexSet::new_block(&comm, bs, &ghosts)
        }
    }

    /// This rank's ghost (block) indices and the block size, for
    /// [`ghost_is`](Self::ghost_is).
    fn ghost_indices(&self, context: &str) -> Result<(std::vec::Vec<Int>, Int)> {
        let ty = self.type_name()?;
        if ty != "mpi" {
            return Err(Error::invalid(
                context,
                format!("the vector has type '{ty}'; only a ghosted 'mpi' vector has ghosts"),
            ));
        }
        // Ghosted means a local form (a DMDA's global vector has a local-to-global
        // mapping with ghost points, in another order, but no local form).
        let mut l: sys::Vec = std::ptr::null_mut();
        // SAFETY: live `mpi` vector; PETSc returns its local form with a new reference,
        // or null for a vector without ghosts.
        check(unsafe { sys::VecGhostGetLocalForm(self.ptr, &mut l) })?;
        if l.is_null() {
            return Err(Error::invalid(context, "the vector has no ghosts"));
        }
        let mut with_ghosts: Int = 0;
        // SAFETY: live local form.
        let r = check(unsafe { sys::VecGetSize(l, &mut with_ghosts) });
        // SAFETY: gives back the reference VecGhostGetLocalForm took.
        record_destroy(unsafe { sys::VecGhostRestoreLocalForm(self.ptr, &mut l) });
        r?;
        let owned = self.local_size()?;
        // A ghosted vector's mapping is its owned entries, then its ghosts, by block.
        let (n, bs) = self.local_mapping_size(context)?;
        if n != with_ghosts || bs < 1 || owned % bs != 0 {
            return Err(Error::invalid(
                context,
                format!(
                    "the local-to-global mapping ({n} entries, block size {bs}) does not \
                     match the local form ({with_ghosts} entries, {owned} owned)"
                ),
            ));
        }
        let mut map: sys::ISLocalToGlobalMapping = std::ptr::null_mut();
        // SAFETY: live vector; PETSc returns its mapping (borrowed; checked above).
        check(unsafe { sys::VecGetLocalToGlobalMapping(self.ptr, &mut map) })?;
        let mut p: *const Int = std::ptr::null();
        // SAFETY: live mapping; PETSc lends its n / bs block indices until restored.
        check(unsafe { sys::ISLocalToGlobalMappingGetBlockIndices(map, &mut p) })?;
        let (first, count) = ((owned / bs) as usize, ((n - owned) / bs) as usize);
        let ghosts = if count == 0 {
            std::vec::Vec::new()
        } else {
            // SAFETY: the mapping holds n / bs = first + count block indices.
            unsafe { std::slice::from_raw_parts(p.add(first), count) }.to_vec()
        };
        // SAFETY: gives back the indices just lent.
        record_destroy(unsafe { sys::ISLocalToGlobalMappingRestoreBlockIndices(map, &mut p) });
        Ok((ghosts, bs))
    }

    /// A ghosted vector like [`new_ghost`](Self::new_ghost) whose storage is `array`
    /// (`VecCreateGhostWithArray`): its `local` owned entries, then one entry per ghost,
    /// so `array.len()` must be `local + ghosts.len()` (an `Err` on every rank
    /// otherwise). The vector takes the array over without copying it: its values are
    /// the vector's first ones (ghost copies included), and it is dropped when the PETSc
    /// object is destroyed, whichever handle goes last. (Lending a borrowed slice
    /// instead could not be sound: a solver or a nest may keep the vector after any
    /// borrow ends. [`place_array`](Self::place_array) lends one for a while.)
    ///
    /// ```
    /// use petsc::{InsertMode, ScatterMode, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut x = Vector::new_ghost_with_array(&c, 3, None, &[0], vec![1.0, 2.0, 3.0, 0.0])?;
    /// assert_eq!(&*x.view()?, &[1.0, 2.0, 3.0]);
    /// x.ghost_update(InsertMode::Insert, ScatterMode::Forward)?;
    /// assert_eq!(&*x.local_form()?.view()?, &[1.0, 2.0, 3.0, 1.0]);
    /// assert!(Vector::new_ghost_with_array(&c, 3, None, &[0], vec![0.0; 3]).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "VecCreateGhostWithArray")]
    pub fn new_ghost_with_array(
        comm: &Comm,
        local: Int,
        global: Option<Int>,
        ghosts: &[Int],
        array: std::vec::Vec<Scalar>,
    ) -> Result<Vector> {
        const CTX: &str = "Vector::new_ghost_with_array";
        comm.check_layout(CTX, "entries", Some(local), global)?;
        let fits = if array.len() as u64 == local as u64 + ghosts.len() as u64 {
            Ok(())
        } else {
            Err(Error::size_mismatch(
                CTX,
                format!(
                    "the array has {} entries; {local} owned and {} ghosts need {}",
                    array.len(),
                    ghosts.len(),
                    local as u64 + ghosts.len() as u64
                ),
            ))
        };
        comm.agree(CTX, fits)?;
        let n = global_size(comm, local, global)?;
        check_ghosts(comm, CTX, "index", ghosts, n)?;
        let storage = OwnedArray::new(array);
        let mut v: sys::Vec = std::ptr::null_mut();
        // SAFETY: live communicator; sizes agreed on every rank; every ghost index in
        // range; `storage` holds `local + ghosts.len()` entries and outlives the vector
        // (it is composed on it below, or dropped after a failed creation).
        check(unsafe {
            sys::VecCreateGhostWithArray(
                comm.as_raw(),
                local,
                n,
                ghosts.len() as Int,
                ghosts.as_ptr(),
                storage.ptr,
                &mut v,
            )
        })?;
        let vec = Vector::from_raw(comm.petsc(), v);
        // SAFETY: live vector; the key is petsc-rs's own. From here on the array is
        // freed when PETSc destroys the vector (after its last use of the array).
        unsafe {
            crate::callback::compose_value(
                comm.petsc(),
                v as sys::PetscObject,
                c"petsc-rs:vec:array",
                storage,
            )
        }?;
        Ok(vec)
    }

    /// The local form of a ghosted vector (`VecGhostGetLocalForm`): a sequential vector
    /// sharing the array, with this rank's entries followed by the ghost copies. The
    /// guard gives it back (`VecGhostRestoreLocalForm`) when dropped; while it lives,
    /// the global vector cannot be used, through this handle or another. A sequential
    /// vector is its own local form; a distributed one without ghosts is an `Err`.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut x = petsc::Vector::new_ghost(&c, 3, None, &[2])?;
    /// x.set(1.0)?;
    /// assert_eq!(x.local_form()?.size()?, 4);
    /// assert_eq!(petsc::Vector::new_seq(&c, 3)?.local_form()?.size()?, 3);
    /// let mut y = petsc::Vector::new_mpi(&c, Some(3), None)?;
    /// assert!(y.local_form().is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "VecGhostGetLocalForm")]
    #[doc(alias = "VecGhostRestoreLocalForm")]
    pub fn local_form(&mut self) -> Result<GhostLocalForm<'_>> {
        const CTX: &str = "Vector::local_form";
        let mut l: sys::Vec = std::ptr::null_mut();
        // SAFETY: live vector; PETSc lends its local form (the vector itself for a
        // sequential one), or null for a vector without one.
        check(unsafe { sys::VecGhostGetLocalForm(self.ptr, &mut l) })?;
        if l.is_null() {
            return Err(Error::invalid(
                CTX,
                "the vector has no ghosts (no local form)",
            ));
        }
        // The handle's own reference: the loan takes one up to PETSc 3.24 and none
        // from 3.25; the guard gives the loan back with VecGhostRestoreLocalForm, which
        // also tells the global vector that its entries may have changed.
        // SAFETY: the live local form.
        let r = check(unsafe { sys::PetscObjectReference(l.cast()) });
        if let Err(e) = r {
            // SAFETY: gives back the loan just taken.
            record_destroy(unsafe { sys::VecGhostRestoreLocalForm(self.ptr, &mut l) });
            return Err(e);
        }
        let mut form = GhostLocalForm {
            local: Vector::from_raw(&self.petsc, l),
            global: self.ptr,
            _borrow: None,
            _vec: PhantomData,
        };
        // The global vector is locked while its array is lent as another vector's; a
        // sequential vector lent as itself is guarded by its own views.
        if l != self.ptr {
            form._borrow = Some(self.borrow_exclusive(CTX, Some(LOCAL_FORM_LOCK))?);
        }
        Ok(form)
    }

    /// The local-to-global mapping's number of indices, or an `Err` when the vector has
    /// none; with the mapping's block size.
    fn local_mapping_size(&self, context: &str) -> Result<(Int, Int)> {
        let mut map: sys::ISLocalToGlobalMapping = std::ptr::null_mut();
        // SAFETY: live vector; PETSc returns its mapping (borrowed) or null.
        check(unsafe { sys::VecGetLocalToGlobalMapping(self.ptr, &mut map) })?;
        if map.is_null() {
            return Err(Error::invalid(
                context,
                "the vector has no local-to-global mapping (ghosted vectors have one)",
            ));
        }
        let (mut n, mut bs): (Int, Int) = (0, 0);
        // SAFETY: live mapping owned by the vector.
        check(unsafe { sys::ISLocalToGlobalMappingGetSize(map, &mut n) })?;
        // SAFETY: as above.
        check(unsafe { sys::ISLocalToGlobalMappingGetBlockSize(map, &mut bs) })?;
        Ok((n, bs))
    }

    /// Sets or adds values at local indices (`VecSetValuesLocal`): the indices of the
    /// local form, owned entries first, then ghosts, mapped to global ones by the
    /// vector's local-to-global mapping; complete with [`assemble`](Self::assemble).
    /// Negative indices are skipped; an index past the local form, or a vector without
    /// a mapping, is an `Err`.
    ///
    /// ```
    /// use petsc::{InsertMode, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut x = Vector::new_ghost(&petsc.self_comm(), 3, None, &[0])?;
    /// x.set(0.0)?;
    /// x.set_values_local(&[0, 3], &[1.0, 2.0], InsertMode::Add)?; // 3 is the ghost of 0
    /// x.assemble()?;
    /// assert_eq!(&*x.view()?, &[3.0, 0.0, 0.0]);
    /// assert!(x.set_values_local(&[4], &[1.0], InsertMode::Add).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "VecSetValuesLocal")]
    pub fn set_values_local(
        &mut self,
        indices: &[Int],
        values: &[Scalar],
        mode: InsertMode,
    ) -> Result<()> {
        const CTX: &str = "Vector::set_values_local";
        if indices.len() != values.len() {
            return Err(Error::size_mismatch(
                CTX,
                format!("{} indices but {} values", indices.len(), values.len()),
            ));
        }
        let (n, _) = self.local_mapping_size(CTX)?;
        crate::error::check_indices(CTX, "local index", indices, n)?;
        let (idx, vals) = skip_negative(indices, values, 1);
        // SAFETY: live vector with a mapping of `n` indices; every index in 0..n; one
        // value per index.
        check(unsafe {
            sys::VecSetValuesLocal(
                self.raw_write(CTX)?,
                idx.len() as Int,
                idx.as_ptr(),
                vals.as_ptr(),
                mode.raw(),
            )
        })
    }

    /// Sets or adds one value at a local index (`VecSetValueLocal`); see
    /// [`set_values_local`](Self::set_values_local).
    #[doc(alias = "VecSetValueLocal")]
    pub fn set_value_local(
        &mut self,
        index: Int,
        value: impl Into<Scalar>,
        mode: InsertMode,
    ) -> Result<()> {
        self.set_values_local(&[index], &[value.into()], mode)
    }

    /// Sets or adds blocks of values at local block indices
    /// (`VecSetValuesBlockedLocal`): `values` holds `block_size()` values per index.
    ///
    /// ```
    /// use petsc::{InsertMode, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut x = Vector::new_ghost_blocked(&petsc.self_comm(), 2, 4, None, &[0])?;
    /// x.set(0.0)?;
    /// x.set_values_blocked_local(&[2], &[1.0, 2.0], InsertMode::Insert)?; // ghost of block 0
    /// x.assemble()?;
    /// assert_eq!(&*x.view()?, &[1.0, 2.0, 0.0, 0.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "VecSetValuesBlockedLocal")]
    pub fn set_values_blocked_local(
        &mut self,
        indices: &[Int],
        values: &[Scalar],
        mode: InsertMode,
    ) -> Result<()> {
        const CTX: &str = "Vector::set_values_blocked_local";
        let bs = self.block_size()?;
        if values.len() != indices.len() * bs as usize {
            return Err(Error::size_mismatch(
                CTX,
                format!(
                    "{} block indices with block size {bs} need {} values, not {}",
                    indices.len(),
                    indices.len() * bs as usize,
                    values.len()
                ),
            ));
        }
        let (n, mbs) = self.local_mapping_size(CTX)?;
        if mbs != bs {
            return Err(Error::invalid(
                CTX,
                format!("the local-to-global mapping has block size {mbs} but the vector {bs}"),
            ));
        }
        crate::error::check_indices(CTX, "local block index", indices, n / bs)?;
        let (idx, vals) = skip_negative(indices, values, bs as usize);
        // SAFETY: live vector with a mapping of `n / bs` blocks; every block index in
        // range; `bs` values per index.
        check(unsafe {
            sys::VecSetValuesBlockedLocal(
                self.raw_write(CTX)?,
                idx.len() as Int,
                idx.as_ptr(),
                vals.as_ptr(),
                mode.raw(),
            )
        })
    }
}

/// The storage of a vector made by [`Vector::new_ghost_with_array`], kept as raw parts
/// (PETSc writes through the pointer) and freed when dropped.
struct OwnedArray {
    ptr: *mut Scalar,
    len: usize,
    cap: usize,
}

impl OwnedArray {
    fn new(array: std::vec::Vec<Scalar>) -> OwnedArray {
        let mut array = std::mem::ManuallyDrop::new(array);
        OwnedArray {
            ptr: array.as_mut_ptr(),
            len: array.len(),
            cap: array.capacity(),
        }
    }
}

impl Drop for OwnedArray {
    fn drop(&mut self) {
        // SAFETY: the parts of a `Vec` given up in `new`, not used since (the vector that
        // wrote through them is destroyed).
        drop(unsafe { std::vec::Vec::from_raw_parts(self.ptr, self.len, self.cap) });
    }
}

/// The indices that are not negative, with their `per` values each.
pub(super) fn skip_negative(
    indices: &[Int],
    values: &[Scalar],
    per: usize,
) -> (std::vec::Vec<Int>, std::vec::Vec<Scalar>) {
    let mut idx = std::vec::Vec::with_capacity(indices.len());
    let mut vals = std::vec::Vec::with_capacity(values.len());
    for (k, &i) in indices.iter().enumerate() {
        if i >= 0 {
            idx.push(i);
            vals.extend_from_slice(&values[k * per..(k + 1) * per]);
        }
    }
    (idx, vals)
}

/// A ghost update under way ([`Vector::ghost_update_begin`]); [`end`](Self::end)
/// finishes it, and so does dropping the guard (an error then is recorded, see
/// [`take_destroy_failures`](crate::take_destroy_failures)). The vector cannot be used
/// meanwhile. A guard that is forgotten instead leaves the vector's entries locked
/// (every later access is an `Err`) until a handle to the vector is dropped, which ends
/// the update.
#[must_use = "the update finishes at `end()` or when the guard is dropped"]
pub struct GhostUpdate<'a> {
    vec: sys::Vec,
    mode: InsertMode,
    scatter: ScatterMode,
    done: bool,
    _vec: PhantomData<&'a mut Vector>,
}

impl GhostUpdate<'_> {
    /// Finishes the update (`VecGhostUpdateEnd`).
    #[doc(alias = "VecGhostUpdateEnd")]
    pub fn end(mut self) -> Result<()> {
        self.done = true;
        // SAFETY: the vector is alive and borrowed by the guard.
        check(unsafe { pending::end_pending(self.vec) })
    }
}

impl std::fmt::Debug for GhostUpdate<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GhostUpdate")
            .field("mode", &self.mode)
            .field("scatter", &self.scatter)
            .finish()
    }
}

impl Drop for GhostUpdate<'_> {
    fn drop(&mut self) {
        if !self.done {
            // SAFETY: as in `end`.
            record_destroy(unsafe { pending::end_pending(self.vec) });
        }
    }
}

/// The local form of a ghosted vector ([`Vector::local_form`]): a sequential vector of
/// this rank's entries followed by the ghost copies, sharing the global vector's array;
/// given back when dropped.
///
/// It lends its entries ([`view`](Self::view), [`view_mut`](Self::view_mut)) but not
/// the vector itself: an object that kept a reference to it (a solver's right-hand
/// side, say) would outlive the global vector's array.
pub struct GhostLocalForm<'a> {
    // A handle with its own reference, dropped after the loan is given back.
    local: Vector,
    // The global vector, alive and borrowed mutably for 'a.
    global: sys::Vec,
    _borrow: Option<ArrayBorrow>,
    _vec: PhantomData<&'a mut Vector>,
}

impl Drop for GhostLocalForm<'_> {
    fn drop(&mut self) {
        let mut l = self.local.ptr;
        // SAFETY: the global vector outlives the guard; `l` is the local form it lent
        // (alive: the handle holds a reference until the fields drop, after this).
        record_destroy(unsafe { sys::VecGhostRestoreLocalForm(self.global, &mut l) });
    }
}

impl GhostLocalForm<'_> {
    /// A read-only view of the local form's entries (owned, then ghosts).
    pub fn view(&self) -> Result<VecView<'_>> {
        self.local.view()
    }

    /// A writable view of the local form's entries (owned, then ghosts).
    pub fn view_mut(&mut self) -> Result<VecViewMut<'_>> {
        self.local.view_mut()
    }

    /// Sets every entry of the local form, ghost copies included.
    pub fn set(&mut self, alpha: impl Into<Scalar>) -> Result<()> {
        self.local.set(alpha)
    }

    /// The number of entries: this rank's, plus its ghosts.
    pub fn size(&self) -> Result<Int> {
        self.local.size()
    }

    /// A norm of the local form's entries (ghosts included), on this rank alone.
    pub fn norm(&self, ty: super::NormType) -> Result<crate::scalar::Real> {
        self.local.norm(ty)
    }
}

impl std::fmt::Debug for GhostLocalForm<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("GhostLocalForm").field(&self.local).finish()
    }
}
