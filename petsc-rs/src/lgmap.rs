//! Local-to-global mappings (`ISLocalToGlobalMapping`): each rank's numbering of the
//! global indices it touches, applied both ways.

use std::ops::Deref;

use petsc_sys as sys;

use crate::comm::Comm;
use crate::error::{Error, Result, check};
use crate::is::{IndexSet, int_len};
use crate::object::{Object, petsc_handle, type_enum};
use crate::scalar::Int;

petsc_handle!(
    /// A local-to-global mapping (`ISLocalToGlobalMapping`, petsc4py's `LGMap`): local
    /// index `i` of this rank stands for global index `indices[i]`.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let map = petsc::LgMap::new(&petsc.self_comm(), 1, &[0, 3, 9, 12])?;
    /// assert_eq!(map.apply(&[0, 2])?, vec![0, 9]);
    /// assert_eq!(map.apply_inverse(petsc::GlobalToLocalMode::Drop, &[9, 5, 3])?, vec![2, 1]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "ISLocalToGlobalMapping")]
    #[doc(alias = "LGMap")]
    LgMap,
    sys::ISLocalToGlobalMapping,
    sys::ISLocalToGlobalMappingDestroy
);

type_enum! {
    /// How a mapping finds local indices from global ones (`ISLocalToGlobalMappingType`).
    LgMapType {
        Basic = "basic" "`ISLOCALTOGLOBALMAPPINGBASIC`: a table over the range of global indices.",
        Hash = "hash" "`ISLOCALTOGLOBALMAPPINGHASH`: a hash table, for sparse global indices.",
    }
}

crate::c_enum! {
    /// What [`LgMap::apply_inverse`] does with global indices this rank does not map
    /// (`ISGlobalToLocalMappingMode`).
    pub GlobalToLocalMode: sys::ISGlobalToLocalMappingMode {
        Mask = IS_GTOLM_MASK "gives -1 for them, so the output is as long as the input.",
        Drop = IS_GTOLM_DROP "leaves them out.",
    }
}

impl LgMap {
    /// A mapping of this rank's blocks of `bs` local indices: local block `i` is global
    /// block `block_indices[i]`, that is local index `i * bs + k` is global index
    /// `block_indices[i] * bs + k` (`ISLocalToGlobalMappingCreate`). A block size below 1
    /// or blocks past `PetscInt` are an `Err`. Not collective.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let map = petsc::LgMap::new(&petsc.self_comm(), 2, &[0, 3])?;
    /// assert_eq!(map.size()?, 4);
    /// assert_eq!(&*map.indices()?, &[0, 1, 6, 7]);
    /// assert_eq!(&*map.block_indices()?, &[0, 3]);
    /// assert!(petsc::LgMap::new(&petsc.self_comm(), 0, &[1]).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "ISLocalToGlobalMappingCreate")]
    pub fn new(comm: &Comm, bs: Int, block_indices: &[Int]) -> Result<LgMap> {
        const CTX: &str = "LgMap::new";
        if bs < 1 {
            return Err(Error::invalid(
                CTX,
                format!("the block size is {bs}; it must be at least 1"),
            ));
        }
        let n = int_len(CTX, "block indices", block_indices.len())?;
        int_len(
            CTX,
            "indices",
            block_indices.len().saturating_mul(bs as usize),
        )?;
        if let Some((p, &i)) = block_indices.iter().enumerate().find(|&(_, &i)| {
            i.checked_mul(bs)
                .and_then(|v| v.checked_add(bs - 1))
                .is_none()
        }) {
            return Err(Error::out_of_range(
                CTX,
                format!(
                    "block index {i} (position {p}) times the block size {bs} overflows PetscInt"
                ),
            ));
        }
        let mut m: sys::ISLocalToGlobalMapping = std::ptr::null_mut();
        // SAFETY: live communicator; `block_indices` holds `n` entries, copied.
        check(unsafe {
            sys::ISLocalToGlobalMappingCreate(
                comm.as_raw(),
                bs,
                n,
                block_indices.as_ptr(),
                sys::PetscCopyMode::PETSC_COPY_VALUES,
                &mut m,
            )
        })?;
        Ok(LgMap::from_raw(comm.petsc(), m))
    }

    /// The mapping whose global indices are an index set's (with its block size)
    /// (`ISLocalToGlobalMappingCreateIS`). Not collective.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let is = petsc::IndexSet::new_block(&petsc.self_comm(), 3, &[2])?;
    /// let map = petsc::LgMap::from_is(&is)?;
    /// assert_eq!(map.block_size()?, 3);
    /// assert_eq!(map.apply(&[1])?, vec![7]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "ISLocalToGlobalMappingCreateIS")]
    pub fn from_is(is: &IndexSet) -> Result<LgMap> {
        let mut m: sys::ISLocalToGlobalMapping = std::ptr::null_mut();
        // SAFETY: live index set; PETSc writes the mapping.
        check(unsafe { sys::ISLocalToGlobalMappingCreateIS(is.as_raw(), &mut m) })?;
        Ok(LgMap::from_raw(is.petsc(), m))
    }

    /// Sets how global indices are looked up (`ISLocalToGlobalMappingSetType`). A name
    /// PETSc does not know is an `Err`.
    #[doc(alias = "ISLocalToGlobalMappingSetType")]
    pub fn set_type(&mut self, ty: LgMapType) -> Result<()> {
        let name = crate::error::c_string("LgMap::set_type", ty.as_str())?;
        // SAFETY: live mapping, NUL-terminated name (PETSc refuses unknown ones).
        check(unsafe { sys::ISLocalToGlobalMappingSetType(self.ptr, name.as_ptr()) })
    }

    /// The lookup type.
    ///
    /// ```
    /// use petsc::{LgMap, LgMapType};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut map = LgMap::new(&petsc.self_comm(), 1, &[5])?;
    /// map.set_type(LgMapType::Hash)?;
    /// assert_eq!(map.ty()?, LgMapType::Hash);
    /// assert!(map.set_type(LgMapType::Other("nosuch".into())).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "ISLocalToGlobalMappingGetType")]
    pub fn ty(&self) -> Result<LgMapType> {
        let t = self.type_name()?;
        Ok(LgMapType::from_name(if t.is_empty() {
            "basic"
        } else {
            &t
        }))
    }

    /// Reads `-islocaltoglobalmapping_type` (`ISLocalToGlobalMappingSetFromOptions`).
    #[doc(alias = "ISLocalToGlobalMappingSetFromOptions")]
    pub fn set_from_options(&mut self) -> Result<()> {
        // SAFETY: live mapping.
        crate::error::check_from_options(unsafe {
            sys::ISLocalToGlobalMappingSetFromOptions(self.ptr)
        })
    }

    /// A new mapping with the same indices (`ISLocalToGlobalMappingDuplicate`).
    #[doc(alias = "ISLocalToGlobalMappingDuplicate")]
    pub fn duplicate(&self) -> Result<LgMap> {
        let mut m: sys::ISLocalToGlobalMapping = std::ptr::null_mut();
        // SAFETY: live mapping; PETSc writes the copy.
        check(unsafe { sys::ISLocalToGlobalMappingDuplicate(self.ptr, &mut m) })?;
        Ok(LgMap::from_raw(&self.petsc, m))
    }

    crate::methods![for LgMap;
        /// The number of local indices, blocks times block size
        /// (`ISLocalToGlobalMappingGetSize`).
        pub fn size(&self) -> Int
            = ISLocalToGlobalMappingGetSize as "ISLocalToGlobalMappingGetSize";

        /// The block size (`ISLocalToGlobalMappingGetBlockSize`).
        pub fn block_size(&self) -> Int
            = ISLocalToGlobalMappingGetBlockSize as "ISLocalToGlobalMappingGetBlockSize";
    ];

    /// A borrowed view of the global index of each local index
    /// (`ISLocalToGlobalMappingGetIndices`), restored on drop.
    #[doc(alias = "ISLocalToGlobalMappingGetIndices")]
    pub fn indices(&self) -> Result<MapIndices<'_>> {
        let mut p: *const Int = std::ptr::null();
        // SAFETY: live mapping; PETSc lends the indices until restored.
        check(unsafe { sys::ISLocalToGlobalMappingGetIndices(self.ptr, &mut p) })?;
        let mut view = MapIndices {
            map: self,
            ptr: p,
            len: 0,
            block: false,
        };
        view.len = self.size()? as usize;
        Ok(view)
    }

    /// A borrowed view of the global block of each local block
    /// (`ISLocalToGlobalMappingGetBlockIndices`), restored on drop.
    #[doc(alias = "ISLocalToGlobalMappingGetBlockIndices")]
    pub fn block_indices(&self) -> Result<MapIndices<'_>> {
        let mut p: *const Int = std::ptr::null();
        // SAFETY: live mapping; PETSc lends the block indices until restored.
        check(unsafe { sys::ISLocalToGlobalMappingGetBlockIndices(self.ptr, &mut p) })?;
        let mut view = MapIndices {
            map: self,
            ptr: p,
            len: 0,
            block: true,
        };
        view.len = (self.size()? / self.block_size()?) as usize;
        Ok(view)
    }

    /// Refuses local indices (`what`: "index", "row", ...) at or past `bound`; the
    /// count as `Int`.
    pub(crate) fn check_local(context: &str, what: &str, idx: &[Int], bound: Int) -> Result<Int> {
        if let Some((p, &i)) = idx.iter().enumerate().find(|&(_, &i)| i >= bound) {
            return Err(Error::out_of_range(
                context,
                format!(
                    "local {what} {i} (position {p}) is not below {bound}, the mapping's number of them"
                ),
            ));
        }
        int_len(context, what, idx.len())
    }

    /// The global index of each local index (`ISLocalToGlobalMappingApply`); negative
    /// ones stay negative. A local index at or past [`size`](Self::size) is an `Err`.
    #[doc(alias = "ISLocalToGlobalMappingApply")]
    pub fn apply(&self, local: &[Int]) -> Result<Vec<Int>> {
        let n = LgMap::check_local("LgMap::apply", "index", local, self.size()?)?;
        let mut out = vec![0 as Int; local.len()];
        // SAFETY: live mapping; both arrays hold `n` entries, each index in range.
        check(unsafe {
            sys::ISLocalToGlobalMappingApply(self.ptr, n, local.as_ptr(), out.as_mut_ptr())
        })?;
        Ok(out)
    }

    /// The global block of each local block (`ISLocalToGlobalMappingApplyBlock`).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let map = petsc::LgMap::new(&petsc.self_comm(), 2, &[4, 1])?;
    /// assert_eq!(map.apply_block(&[1, 0])?, vec![1, 4]);
    /// assert!(map.apply_block(&[2]).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "ISLocalToGlobalMappingApplyBlock")]
    pub fn apply_block(&self, local: &[Int]) -> Result<Vec<Int>> {
        let bound = self.size()? / self.block_size()?;
        let n = LgMap::check_local("LgMap::apply_block", "block", local, bound)?;
        let mut out = vec![0 as Int; local.len()];
        // SAFETY: live mapping; both arrays hold `n` entries, each block in range.
        check(unsafe {
            sys::ISLocalToGlobalMappingApplyBlock(self.ptr, n, local.as_ptr(), out.as_mut_ptr())
        })?;
        Ok(out)
    }

    /// An index set of the global indices of an index set of local ones
    /// (`ISLocalToGlobalMappingApplyIS`; collective on the index set's communicator). A
    /// local index at or past [`size`](Self::size) is an `Err` on every rank.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let map = petsc::LgMap::new(&c, 1, &[10, 20, 30])?;
    /// let local = petsc::IndexSet::new_general(&c, &[2, 0])?;
    /// assert_eq!(map.apply_is(&local)?.to_vec()?, vec![30, 10]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "ISLocalToGlobalMappingApplyIS")]
    pub fn apply_is(&self, local: &IndexSet) -> Result<IndexSet> {
        const CTX: &str = "LgMap::apply_is";
        // The result is made collectively on the index set's communicator: a bad index
        // on one rank is an `Err` on all.
        let checked = local
            .indices()
            .and_then(|idx| LgMap::check_local(CTX, "index", &idx, self.size()?));
        local.comm().agree(CTX, checked)?;
        let mut is: sys::IS = std::ptr::null_mut();
        // SAFETY: live mapping and index set, every index in range.
        check(unsafe { sys::ISLocalToGlobalMappingApplyIS(self.ptr, local.as_raw(), &mut is) })?;
        Ok(IndexSet::from_raw(&self.petsc, is))
    }

    /// The local index of each global index (`ISGlobalToLocalMappingApply`): with
    /// [`GlobalToLocalMode::Mask`] -1 for those this rank does not map, with
    /// [`GlobalToLocalMode::Drop`] without them.
    ///
    /// ```
    /// use petsc::GlobalToLocalMode::{Drop, Mask};
    /// let petsc = petsc::Petsc::init()?;
    /// let map = petsc::LgMap::new(&petsc.self_comm(), 1, &[0, 3, 9, 12])?;
    /// let all: Vec<petsc::Int> = (0..13).collect();
    /// assert_eq!(map.apply_inverse(Mask, &[3, 4, 12])?, vec![1, -1, 3]);
    /// assert_eq!(map.apply_inverse(Drop, &all)?, vec![0, 1, 2, 3]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "ISGlobalToLocalMappingApply")]
    pub fn apply_inverse(&self, mode: GlobalToLocalMode, global: &[Int]) -> Result<Vec<Int>> {
        let n = int_len("LgMap::apply_inverse", "indices", global.len())?;
        let mut out = vec![0 as Int; global.len()];
        let mut nout: Int = 0;
        // SAFETY: live mapping; `global` and `out` hold `n` entries, enough for either
        // mode.
        check(unsafe {
            sys::ISGlobalToLocalMappingApply(
                self.ptr,
                mode.raw(),
                n,
                global.as_ptr(),
                &mut nout,
                out.as_mut_ptr(),
            )
        })?;
        out.truncate(nout.clamp(0, n) as usize);
        Ok(out)
    }

    /// The local block of each global block (`ISGlobalToLocalMappingApplyBlock`), as
    /// [`apply_inverse`](Self::apply_inverse).
    ///
    /// ```
    /// use petsc::GlobalToLocalMode::Mask;
    /// let petsc = petsc::Petsc::init()?;
    /// let map = petsc::LgMap::new(&petsc.self_comm(), 2, &[0, 3])?;
    /// assert_eq!(map.apply_block_inverse(Mask, &[3, 1, 0])?, vec![1, -1, 0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "ISGlobalToLocalMappingApplyBlock")]
    pub fn apply_block_inverse(&self, mode: GlobalToLocalMode, global: &[Int]) -> Result<Vec<Int>> {
        let n = int_len("LgMap::apply_block_inverse", "indices", global.len())?;
        let mut out = vec![0 as Int; global.len()];
        let mut nout: Int = 0;
        // SAFETY: live mapping; `global` and `out` hold `n` entries.
        check(unsafe {
            sys::ISGlobalToLocalMappingApplyBlock(
                self.ptr,
                mode.raw(),
                n,
                global.as_ptr(),
                &mut nout,
                out.as_mut_ptr(),
            )
        })?;
        out.truncate(nout.clamp(0, n) as usize);
        Ok(out)
    }

    /// This rank first, then each rank that shares global indices with this one, with
    /// the local indices shared (for this rank: all it shares with any other)
    /// (`ISLocalToGlobalMappingGetInfo`; collective). This rank is listed even when it
    /// shares nothing, as PETSc does from 3.22 on (petsc4py's `getInfo()` at one rank is
    /// `{0: []}`); earlier PETSc left it out then, and the crate lists it with every
    /// version.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let map = petsc::LgMap::new(&petsc.self_comm(), 1, &[4, 5])?;
    /// assert_eq!(map.info()?, vec![(0, vec![])]); // one rank shares nothing
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "ISLocalToGlobalMappingGetInfo")]
    pub fn info(&self) -> Result<Vec<(Int, Vec<Int>)>> {
        self.shared(false)
    }

    /// As [`info`](Self::info), for blocks (`ISLocalToGlobalMappingGetBlockInfo`;
    /// collective).
    #[doc(alias = "ISLocalToGlobalMappingGetBlockInfo")]
    pub fn block_info(&self) -> Result<Vec<(Int, Vec<Int>)>> {
        self.shared(true)
    }

    fn shared(&self, block: bool) -> Result<Vec<(Int, Vec<Int>)>> {
        let mut nproc: Int = 0;
        let mut procs: *mut Int = std::ptr::null_mut();
        let mut numprocs: *mut Int = std::ptr::null_mut();
        let mut indices: *mut *mut Int = std::ptr::null_mut();
        let get = if block {
            sys::ISLocalToGlobalMappingGetBlockInfo
        } else {
            sys::ISLocalToGlobalMappingGetInfo
        };
        // SAFETY: live mapping; PETSc writes the count and lends its arrays until the
        // matching Restore.
        check(unsafe {
            get(
                self.ptr,
                &mut nproc,
                &mut procs,
                &mut numprocs,
                &mut indices,
            )
        })?;
        let mut out = Vec::with_capacity(nproc.max(0) as usize);
        for p in 0..nproc.max(0) as usize {
            // SAFETY: PETSc lent `nproc` ranks, counts and index arrays, each index
            // array holding its count.
            let (rank, count, idx) = unsafe { (*procs.add(p), *numprocs.add(p), *indices.add(p)) };
            let list = if count > 0 && !idx.is_null() {
                // SAFETY: as above.
                unsafe { std::slice::from_raw_parts(idx, count as usize) }.to_vec()
            } else {
                Vec::new()
            };
            // PETSc 3.22 and later also list this rank when it shares nothing (one
            // rank: `[(0, [])]`); up to 3.21 they leave it out: other ranks are listed
            // when they share, this one always (below).
            if !list.is_empty() {
                out.push((rank, list));
            }
        }
        let me = Int::from(self.comm().rank());
        let mine = match out.iter().position(|e| e.0 == me) {
            Some(p) => out.remove(p),
            None => (me, Vec::new()),
        };
        out.insert(0, mine);
        let restore = if block {
            sys::ISLocalToGlobalMappingRestoreBlockInfo
        } else {
            sys::ISLocalToGlobalMappingRestoreInfo
        };
        // SAFETY: gives back exactly what Get lent.
        check(unsafe {
            restore(
                self.ptr,
                &mut nproc,
                &mut procs,
                &mut numprocs,
                &mut indices,
            )
        })?;
        Ok(out)
    }
}

/// A borrowed view of a mapping's indices or block indices; derefs to `&[Int]` and gives
/// them back to PETSc when dropped.
pub struct MapIndices<'a> {
    map: &'a LgMap,
    ptr: *const Int,
    len: usize,
    block: bool,
}

impl Deref for MapIndices<'_> {
    type Target = [Int];
    fn deref(&self) -> &[Int] {
        if self.len == 0 || self.ptr.is_null() {
            return &[];
        }
        // SAFETY: PETSc lent `len` indices until the view is dropped.
        unsafe { std::slice::from_raw_parts(self.ptr, self.len) }
    }
}

impl Drop for MapIndices<'_> {
    fn drop(&mut self) {
        let ierr = if self.block {
            // SAFETY: restores exactly the pointer GetBlockIndices gave.
            unsafe { sys::ISLocalToGlobalMappingRestoreBlockIndices(self.map.ptr, &mut self.ptr) }
        } else {
            // SAFETY: restores exactly the pointer GetIndices gave.
            unsafe { sys::ISLocalToGlobalMappingRestoreIndices(self.map.ptr, &mut self.ptr) }
        };
        crate::error::record_destroy(ierr);
    }
}

impl std::fmt::Debug for MapIndices<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

// The names before the naming scheme of 0.2 (`new`, no `get_`); they still compile,
// with a deprecation warning naming the new one.
impl LgMap {
    /// The former name of [`ty`](Self::ty).
    #[deprecated(
        since = "0.2.0",
        note = "use `LgMap::ty` (getters have no `get_` prefix)"
    )]
    pub fn get_type(&self) -> Result<LgMapType> {
        self.ty()
    }
}

// `Object`'s `set_from_options` on this handle are the class's own (see `object/hooks.rs`).
impl crate::ffi::ClassHooks<LgMap> for crate::ffi::ClassOf<LgMap> {
    fn set_from_options(&self, obj: &mut LgMap) -> crate::Result<()> {
        obj.set_from_options()
    }
}
