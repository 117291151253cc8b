//! Index sets (`IS`): lists of integer indices, general, stride or block, sequential or
//! spread over a communicator, with borrowed views of their indices.
//!
//! The files of this folder:
//!
//! - `mod.rs`: the [`IndexSet`] handle, its creation, sizes and index views.
//! - `set_ops.rs`: set operations, permutations and partitionings.
//! - `hdf5.rs`: index sets read from HDF5 files by name.

mod hdf5;
mod set_ops;

use std::ops::Deref;

use petsc_sys as sys;

use crate::comm::Comm;
use crate::error::{Error, Result, check};
use crate::object::{Object, petsc_handle, type_enum};
use crate::scalar::Int;
use crate::viewer::Viewer;

petsc_handle!(
    /// An index set (`IS`): this rank's list of integer indices, on a communicator.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let is = petsc::IndexSet::new_general(&petsc.self_comm(), &[4, 1, 7])?;
    /// assert_eq!(is.size()?, 3);
    /// assert_eq!(&*is.indices()?, &[4, 1, 7]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "IS")]
    IndexSet,
    sys::IS,
    sys::ISDestroy
);

type_enum! {
    /// The kinds of index set (`ISType`).
    IsType {
        General = "general" "`ISGENERAL`: any list of indices.",
        Stride = "stride" "`ISSTRIDE`: `first, first + step, ...`.",
        Block = "block" "`ISBLOCK`: blocks of `bs` consecutive indices.",
    }
}

/// What [`IndexSet::stride`] returns for a stride index set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stride {
    /// The number of indices on this rank.
    pub len: Int,
    /// The first index.
    pub first: Int,
    /// The difference between consecutive indices.
    pub step: Int,
}

const DECIDE: Int = sys::PETSC_DECIDE as Int;

pub(crate) use crate::declare::petsc_bool;

pub(crate) use crate::error::int_len;

/// Refuses block indices whose entries (`i * bs .. i * bs + bs`) do not fit `Int`.
fn check_block_range(context: &str, bs: Int, idx: &[Int]) -> Result<()> {
    if bs < 1 {
        return Err(Error::invalid(
            context,
            format!("the block size is {bs}; it must be at least 1"),
        ));
    }
    int_len(context, "indices", idx.len().saturating_mul(bs as usize))?;
    if let Some((p, &i)) = idx.iter().enumerate().find(|&(_, &i)| {
        i.checked_mul(bs)
            .and_then(|v| v.checked_add(bs - 1))
            .is_none()
    }) {
        return Err(Error::out_of_range(
            context,
            format!("block index {i} (position {p}) times the block size {bs} overflows PetscInt"),
        ));
    }
    Ok(())
}

impl IndexSet {
    fn wrap(comm: &Comm, f: impl FnOnce(*mut sys::IS) -> sys::PetscErrorCode) -> Result<Self> {
        let mut is: sys::IS = std::ptr::null_mut();
        check(f(&mut is))?;
        Ok(IndexSet::from_raw(comm.petsc(), is))
    }

    fn wrap_like(&self, f: impl FnOnce(*mut sys::IS) -> sys::PetscErrorCode) -> Result<Self> {
        let mut is: sys::IS = std::ptr::null_mut();
        check(f(&mut is))?;
        Ok(IndexSet::from_raw(&self.petsc, is))
    }

    /// Checks the local count `n` on every rank of `comm` after the local checks `local`
    /// (collective): a failure anywhere is an `Err` everywhere.
    fn agree_count(comm: &Comm, context: &str, local: Result<Int>) -> Result<Int> {
        let n = comm.agree(context, local)?;
        comm.check_layout(context, "indices", Some(n), None)?;
        Ok(n)
    }

    /// An empty general index set, to be filled with [`set_indices`](Self::set_indices)
    /// or given another type with [`set_type`](Self::set_type) (`ISCreate`; collective).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut is = petsc::IndexSet::new(&petsc.self_comm())?;
    /// assert_eq!(is.size()?, 0);
    /// is.set_indices(&[3, 5])?;
    /// assert_eq!(is.to_vec()?, vec![3, 5]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "ISCreate")]
    pub fn new(comm: &Comm) -> Result<IndexSet> {
        IndexSet::new_general(comm, &[])
    }

    /// An index set holding a copy of this rank's `indices` (`ISCreateGeneral`;
    /// collective). Indices may repeat, come in any order and be negative.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let world = petsc.world();
    /// let r = world.rank() as petsc::Int;
    /// let is = petsc::IndexSet::new_general(&world, &[r, r + 10])?;
    /// assert_eq!(is.local_size()?, 2);
    /// assert_eq!(is.size()?, 2 * world.size() as petsc::Int);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "ISCreateGeneral")]
    pub fn new_general(comm: &Comm, indices: &[Int]) -> Result<IndexSet> {
        const CTX: &str = "IndexSet::new_general";
        let n = IndexSet::agree_count(comm, CTX, int_len(CTX, "indices", indices.len()))?;
        IndexSet::wrap(comm, |is| {
            // SAFETY: live communicator; `indices` holds `n` entries, which PETSc copies.
            unsafe {
                sys::ISCreateGeneral(
                    comm.as_raw(),
                    n,
                    indices.as_ptr(),
                    sys::PetscCopyMode::PETSC_COPY_VALUES,
                    is,
                )
            }
        })
    }

    /// The `len` indices `first, first + step, ...` on this rank (`ISCreateStride`;
    /// collective). A negative `len`, or a last index past `PetscInt`, is an `Err`.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let is = petsc::IndexSet::new_stride(&petsc.self_comm(), 4, 3, 2)?;
    /// assert_eq!(is.to_vec()?, vec![3, 5, 7, 9]);
    /// assert!(petsc::IndexSet::new_stride(&petsc.self_comm(), -1, 0, 1).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "ISCreateStride")]
    pub fn new_stride(comm: &Comm, len: Int, first: Int, step: Int) -> Result<IndexSet> {
        const CTX: &str = "IndexSet::new_stride";
        let n = IndexSet::agree_count(comm, CTX, check_stride(CTX, len, first, step))?;
        IndexSet::wrap(comm, |is| {
            // SAFETY: live communicator; PETSc writes the new index set.
            unsafe { sys::ISCreateStride(comm.as_raw(), n, first, step, is) }
        })
    }

    /// Blocks of `bs` consecutive indices: block `i` is `i * bs .. i * bs + bs`, for each
    /// `i` of this rank's `block_indices` (`ISCreateBlock`; collective). A block size
    /// below 1 or different on some rank, or indices whose blocks overflow `PetscInt`,
    /// is an `Err`.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let is = petsc::IndexSet::new_block(&petsc.self_comm(), 2, &[0, 3])?;
    /// assert_eq!(is.to_vec()?, vec![0, 1, 6, 7]);
    /// assert_eq!(&*is.block_indices()?, &[0, 3]);
    /// assert_eq!(is.block_size()?, 2);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "ISCreateBlock")]
    pub fn new_block(comm: &Comm, bs: Int, block_indices: &[Int]) -> Result<IndexSet> {
        const CTX: &str = "IndexSet::new_block";
        comm.check_same(CTX, &[("block sizes", crate::comm::wide(bs))])?;
        let local = check_block_range(CTX, bs, block_indices)
            .and_then(|()| int_len(CTX, "block indices", block_indices.len()));
        let n = comm.agree(CTX, local)?;
        comm.check_layout(CTX, "indices", Some(n * bs), None)?;
        IndexSet::wrap(comm, |is| {
            // SAFETY: live communicator; `block_indices` holds `n` entries, copied.
            unsafe {
                sys::ISCreateBlock(
                    comm.as_raw(),
                    bs,
                    n,
                    block_indices.as_ptr(),
                    sys::PetscCopyMode::PETSC_COPY_VALUES,
                    is,
                )
            }
        })
    }

    /// Reads an index set written by `view_with` on a binary viewer (`ISLoad`;
    /// collective). A viewer that is not a binary one, is open for writing or is on
    /// another communicator is refused before PETSc reads from it.
    ///
    /// ```
    /// use petsc::{FileMode, IndexSet, Object, Viewer};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let path = std::env::temp_dir().join(format!("petsc-rs-is-load-{}.bin", std::process::id()));
    /// let path = path.to_str().unwrap();
    /// IndexSet::new_general(&c, &[5, 2, 9])?.view_with(&Viewer::binary_file(&c, path, FileMode::Write)?)?;
    /// let is = IndexSet::load(&c, &Viewer::binary_file(&c, path, FileMode::Read)?)?;
    /// assert_eq!(is.to_vec()?, vec![5, 2, 9]);
    /// # std::fs::remove_file(path).ok();
    /// # std::fs::remove_file(format!("{path}.info")).ok();
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "ISLoad")]
    pub fn load(comm: &Comm, viewer: &Viewer) -> Result<IndexSet> {
        const CTX: &str = "IndexSet::load";
        comm.agree(CTX, crate::binary::check_reader(CTX, comm, viewer))?;
        let is = IndexSet::wrap(comm, |is| {
            // SAFETY: live communicator; PETSc writes the new index set.
            unsafe { sys::ISCreate(comm.as_raw(), is) }
        })?;
        // SAFETY: live index set, NUL-terminated type name.
        check(unsafe { sys::ISSetType(is.ptr, sys::ISGENERAL.as_ptr().cast()) })?;
        // SAFETY: live index set and binary viewer open for reading.
        check(unsafe { sys::ISLoad(is.ptr, viewer.as_raw()) })?;
        Ok(is)
    }

    /// Changes the type, leaving an empty index set of that type to be filled with
    /// [`set_indices`](Self::set_indices), [`set_stride`](Self::set_stride) or
    /// [`set_block_indices`](Self::set_block_indices) (`ISSetType`; collective). The
    /// same type keeps the indices. A name PETSc does not know is an `Err`.
    ///
    /// ```
    /// use petsc::{IndexSet, IsType};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut is = IndexSet::new(&petsc.self_comm())?;
    /// is.set_type(IsType::Stride)?;
    /// is.set_stride(3, 10, -1)?;
    /// assert_eq!(is.to_vec()?, vec![10, 9, 8]);
    /// assert_eq!(is.ty()?, IsType::Stride);
    /// assert!(is.set_type(IsType::Other("nosuch".into())).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "ISSetType")]
    pub fn set_type(&mut self, ty: IsType) -> Result<()> {
        const CTX: &str = "IndexSet::set_type";
        if self.ty()? == ty {
            return Ok(());
        }
        // SAFETY: IS types are registered (this object exists); the list is only read.
        let name = unsafe { crate::object::registered_type(CTX, "IS", sys::ISList, ty.as_str()) };
        let name = self.comm().agree(CTX, name)?;
        // SAFETY: live index set, registered type name.
        check(unsafe { sys::ISSetType(self.ptr, name.as_ptr()) })?;
        // The old type's block size stays in the layout; a new type starts without one.
        // SAFETY: live index set; 1 divides every size.
        check(unsafe { sys::ISSetBlockSize(self.ptr, 1) })?;
        // A new type's data is empty until set; give it its empty contents.
        match ty {
            IsType::General => self.set_indices(&[]),
            IsType::Stride => self.set_stride(0, 0, 1),
            IsType::Block => self.set_block_indices(1, &[]),
            IsType::Other(_) => Ok(()),
        }
    }

    /// The type (`ISGetType`).
    #[doc(alias = "ISGetType")]
    pub fn ty(&self) -> Result<IsType> {
        Ok(IsType::from_name(&self.type_name()?))
    }

    /// Replaces the indices of a general index set by a copy of `indices`
    /// (`ISGeneralSetIndices`; collective). Another type is an `Err`.
    #[doc(alias = "ISGeneralSetIndices")]
    pub fn set_indices(&mut self, indices: &[Int]) -> Result<()> {
        const CTX: &str = "IndexSet::set_indices";
        let comm = self.comm();
        let local = self
            .require(CTX, IsType::General)
            .and_then(|()| int_len(CTX, "indices", indices.len()))
            .and_then(|n| self.check_blocks(CTX, n));
        let n = IndexSet::agree_count(&comm, CTX, local)?;
        // SAFETY: live general index set; `indices` holds `n` entries, copied.
        check(unsafe {
            sys::ISGeneralSetIndices(
                self.ptr,
                n,
                indices.as_ptr(),
                sys::PetscCopyMode::PETSC_COPY_VALUES,
            )
        })
    }

    /// Replaces the contents of a stride index set (`ISStrideSetStride`; collective).
    /// Another type, a negative `len` or an overflowing last index is an `Err`.
    #[doc(alias = "ISStrideSetStride")]
    pub fn set_stride(&mut self, len: Int, first: Int, step: Int) -> Result<()> {
        const CTX: &str = "IndexSet::set_stride";
        let comm = self.comm();
        let local = self
            .require(CTX, IsType::Stride)
            .and_then(|()| check_stride(CTX, len, first, step))
            .and_then(|n| self.check_blocks(CTX, n));
        let n = IndexSet::agree_count(&comm, CTX, local)?;
        // SAFETY: live stride index set.
        check(unsafe { sys::ISStrideSetStride(self.ptr, n, first, step) })
    }

    /// Replaces the contents of a block index set (`ISBlockSetIndices`; collective).
    /// Another type, a block size below 1 or different across ranks, or overflowing
    /// blocks are an `Err`.
    #[doc(alias = "ISBlockSetIndices")]
    pub fn set_block_indices(&mut self, bs: Int, block_indices: &[Int]) -> Result<()> {
        const CTX: &str = "IndexSet::set_block_indices";
        let comm = self.comm();
        comm.check_same(CTX, &[("block sizes", crate::comm::wide(bs))])?;
        let local = self
            .require(CTX, IsType::Block)
            .and_then(|()| check_block_range(CTX, bs, block_indices))
            .and_then(|()| int_len(CTX, "block indices", block_indices.len()));
        let n = comm.agree(CTX, local)?;
        comm.check_layout(CTX, "indices", Some(n * bs), None)?;
        // SAFETY: live block index set; `block_indices` holds `n` entries, copied.
        check(unsafe {
            sys::ISBlockSetIndices(
                self.ptr,
                bs,
                n,
                block_indices.as_ptr(),
                sys::PetscCopyMode::PETSC_COPY_VALUES,
            )
        })
    }

    /// Refuses a new local size `n` that the block size does not divide.
    fn check_blocks(&self, context: &str, n: Int) -> Result<Int> {
        let bs = self.block_size()?;
        if n % bs != 0 {
            return Err(Error::size_mismatch(
                context,
                format!("{n} indices do not fill blocks of the index set's block size {bs}"),
            ));
        }
        Ok(n)
    }

    fn require(&self, context: &str, ty: IsType) -> Result<()> {
        let t = self.ty()?;
        if t == ty {
            Ok(())
        } else {
            Err(Error::invalid(
                context,
                format!("the index set is of type {t}, not {ty}"),
            ))
        }
    }

    crate::methods![for IndexSet;
        /// The number of indices on all ranks (`ISGetSize`).
        pub fn size(&self) -> Int = ISGetSize as "ISGetSize";

        /// The number of indices on this rank (`ISGetLocalSize`).
        pub fn local_size(&self) -> Int = ISGetLocalSize as "ISGetLocalSize";
    ];

    /// `(local size, global size)`.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let is = petsc::IndexSet::new_stride(&petsc.self_comm(), 5, 0, 1)?;
    /// assert_eq!(is.sizes()?, (5, 5));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn sizes(&self) -> Result<(Int, Int)> {
        Ok((self.local_size()?, self.size()?))
    }

    crate::methods![for IndexSet;
        /// The block size (`ISGetBlockSize`): 1 unless set or made by
        /// [`new_block`](Self::new_block).
        pub fn block_size(&self) -> Int = ISGetBlockSize as "ISGetBlockSize";
    ];

    /// Declares that the indices come in blocks of `bs` consecutive ones
    /// (`ISSetBlockSize`; logically collective). A block size below 1, different across
    /// ranks, not dividing the local size, or indices that are not in such blocks, is an
    /// `Err` on every rank.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut is = petsc::IndexSet::new_general(&petsc.self_comm(), &[4, 5, 8, 9])?;
    /// is.set_block_size(2)?;
    /// assert_eq!(is.block_size()?, 2);
    /// assert!(is.set_block_size(3).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "ISSetBlockSize")]
    pub fn set_block_size(&mut self, bs: Int) -> Result<()> {
        const CTX: &str = "IndexSet::set_block_size";
        let comm = self.comm();
        comm.check_same(CTX, &[("block sizes", crate::comm::wide(bs))])?;
        let local = (|| {
            if bs < 1 {
                return Err(Error::invalid(
                    CTX,
                    format!("the block size is {bs}; it must be at least 1"),
                ));
            }
            let idx = self.indices()?;
            if idx.len() % bs as usize != 0 {
                return Err(Error::size_mismatch(
                    CTX,
                    format!(
                        "the local size {} is not a multiple of the block size {bs}",
                        idx.len()
                    ),
                ));
            }
            for (b, block) in idx.chunks(bs as usize).enumerate() {
                if block.windows(2).any(|w| w[1] != w[0].wrapping_add(1)) {
                    return Err(Error::invalid(
                        CTX,
                        format!("block {b} ({block:?}) is not {bs} consecutive indices"),
                    ));
                }
            }
            Ok(())
        })();
        comm.agree(CTX, local)?;
        // SAFETY: live index set; checked above.
        check(unsafe { sys::ISSetBlockSize(self.ptr, bs) })
    }

    /// A borrowed view of this rank's indices (`ISGetIndices`), restored on drop
    /// (`ISRestoreIndices`).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let is = petsc::IndexSet::new_stride(&petsc.self_comm(), 3, 1, 1)?;
    /// let idx = is.indices()?;
    /// assert_eq!(idx.iter().sum::<petsc::Int>(), 6);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "ISGetIndices")]
    pub fn indices(&self) -> Result<Indices<'_>> {
        let mut p: *const Int = std::ptr::null();
        // SAFETY: live index set; PETSc lends its indices until ISRestoreIndices.
        check(unsafe { sys::ISGetIndices(self.ptr, &mut p) })?;
        // Restored on drop from here on, even if the size query below fails.
        let mut view = Indices {
            is: self,
            ptr: p,
            len: 0,
            block: false,
        };
        view.len = self.local_size()? as usize;
        Ok(view)
    }

    /// A copy of this rank's indices.
    pub fn to_vec(&self) -> Result<Vec<Int>> {
        Ok(self.indices()?.to_vec())
    }

    /// A borrowed view of the block indices (each block's first index divided by the
    /// block size) of a block index set (`ISBlockGetIndices`), restored on drop. Another
    /// type is an `Err`.
    #[doc(alias = "ISBlockGetIndices")]
    pub fn block_indices(&self) -> Result<Indices<'_>> {
        self.require("IndexSet::block_indices", IsType::Block)?;
        let mut n: Int = 0;
        // SAFETY: live block index set.
        check(unsafe { sys::ISBlockGetLocalSize(self.ptr, &mut n) })?;
        let mut p: *const Int = std::ptr::null();
        // SAFETY: live block index set; PETSc lends its block indices until restored.
        check(unsafe { sys::ISBlockGetIndices(self.ptr, &mut p) })?;
        Ok(Indices {
            is: self,
            ptr: p,
            len: n as usize,
            block: true,
        })
    }

    /// The contents of a stride index set, `None` for another type (`ISStrideGetInfo`).
    ///
    /// ```
    /// use petsc::{IndexSet, Stride};
    /// let petsc = petsc::Petsc::init()?;
    /// let is = IndexSet::new_stride(&petsc.self_comm(), 10, 3, 2)?;
    /// assert_eq!(is.stride()?, Some(Stride { len: 10, first: 3, step: 2 }));
    /// assert_eq!(IndexSet::new_general(&petsc.self_comm(), &[1])?.stride()?, None);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "ISStrideGetInfo")]
    pub fn stride(&self) -> Result<Option<Stride>> {
        if self.ty()? != IsType::Stride {
            return Ok(None);
        }
        let (first, step) = self.info()?;
        Ok(Some(Stride {
            len: self.local_size()?,
            first,
            step,
        }))
    }

    /// `(first, step)` of a stride index set (`ISStrideGetInfo`); another type is an
    /// `Err`.
    #[doc(alias = "ISStrideGetInfo")]
    pub fn info(&self) -> Result<(Int, Int)> {
        self.require("IndexSet::info", IsType::Stride)?;
        let (mut first, mut step): (Int, Int) = (0, 0);
        // SAFETY: live stride index set.
        check(unsafe { sys::ISStrideGetInfo(self.ptr, &mut first, &mut step) })?;
        Ok((first, step))
    }

    /// A new index set with the same type and indices (`ISDuplicate`).
    #[doc(alias = "ISDuplicate")]
    pub fn duplicate(&self) -> Result<IndexSet> {
        self.wrap_like(|is| {
            // SAFETY: live index set; PETSc writes the copy.
            unsafe { sys::ISDuplicate(self.ptr, is) }
        })
    }

    /// Copies the indices into `dest`, which must have the same type, block size and
    /// local and global sizes (`ISCopy`); otherwise an `Err` says which differs.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let a = petsc::IndexSet::new_general(&c, &[1, 2])?;
    /// let mut b = petsc::IndexSet::new_general(&c, &[0, 0])?;
    /// a.copy(&mut b)?;
    /// assert_eq!(b.to_vec()?, vec![1, 2]);
    /// assert!(a.copy(&mut petsc::IndexSet::new_general(&c, &[0])?).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "ISCopy")]
    pub fn copy(&self, dest: &mut IndexSet) -> Result<()> {
        const CTX: &str = "IndexSet::copy";
        let local = (|| {
            let (t, dt) = (self.ty()?, dest.ty()?);
            if t != dt {
                return Err(Error::invalid(
                    CTX,
                    format!("the source is of type {t} but the destination of type {dt}"),
                ));
            }
            let (s, d) = (self.sizes()?, dest.sizes()?);
            if s != d {
                return Err(Error::size_mismatch(
                    CTX,
                    format!("the source has (local, global) sizes {s:?} but the destination {d:?}"),
                ));
            }
            let (b, db) = (self.block_size()?, dest.block_size()?);
            if b != db {
                return Err(Error::size_mismatch(
                    CTX,
                    format!("the source has block size {b} but the destination {db}"),
                ));
            }
            Ok(())
        })();
        self.comm().agree(CTX, local)?;
        // SAFETY: live, distinct index sets of the same type and layout.
        check(unsafe { sys::ISCopy(self.ptr, dest.ptr) })
    }

    crate::methods![for IndexSet;
        /// Turns a stride or block index set into a general one with the same indices
        /// (`ISToGeneral`).
        ///
        /// ```
        /// use petsc::{IndexSet, IsType};
        /// let petsc = petsc::Petsc::init()?;
        /// let mut is = IndexSet::new_stride(&petsc.self_comm(), 3, 0, 2)?;
        /// is.to_general()?;
        /// assert_eq!(is.ty()?, IsType::General);
        /// assert_eq!(is.to_vec()?, vec![0, 2, 4]);
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn to_general(&mut self) = ISToGeneral as "ISToGeneral";
    ];

    /// Every rank's indices, in rank order, as a sequential index set on each rank
    /// (`ISAllGather`; collective).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let world = petsc.world();
    /// let is = petsc::IndexSet::new_general(&world, &[world.rank() as petsc::Int])?;
    /// let all = is.all_gather()?;
    /// assert_eq!(all.to_vec()?, (0..world.size() as petsc::Int).collect::<Vec<_>>());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "ISAllGather")]
    pub fn all_gather(&self) -> Result<IndexSet> {
        self.wrap_like(|is| {
            // SAFETY: live index set; PETSc writes the gathered one.
            unsafe { sys::ISAllGather(self.ptr, is) }
        })
    }
}

fn check_stride(context: &str, len: Int, first: Int, step: Int) -> Result<Int> {
    if len < 0 {
        return Err(Error::size_mismatch(
            context,
            format!("the length is {len}; it must not be negative"),
        ));
    }
    if len > 0
        && (len - 1)
            .checked_mul(step)
            .and_then(|d| d.checked_add(first))
            .is_none()
    {
        return Err(Error::out_of_range(
            context,
            format!("the last index {first} + ({len} - 1) * {step} overflows PetscInt"),
        ));
    }
    Ok(len)
}

/// A borrowed view of an index set's indices (or block indices); derefs to `&[Int]`
/// and gives them back to PETSc when dropped.
pub struct Indices<'a> {
    is: &'a IndexSet,
    ptr: *const Int,
    len: usize,
    block: bool,
}

impl Deref for Indices<'_> {
    type Target = [Int];
    fn deref(&self) -> &[Int] {
        if self.len == 0 || self.ptr.is_null() {
            return &[];
        }
        // SAFETY: PETSc lent `len` initialized indices until the view is dropped.
        unsafe { std::slice::from_raw_parts(self.ptr, self.len) }
    }
}

impl Drop for Indices<'_> {
    fn drop(&mut self) {
        let ierr = if self.block {
            // SAFETY: restores exactly the pointer ISBlockGetIndices gave.
            unsafe { sys::ISBlockRestoreIndices(self.is.ptr, &mut self.ptr) }
        } else {
            // SAFETY: restores exactly the pointer ISGetIndices gave.
            unsafe { sys::ISRestoreIndices(self.is.ptr, &mut self.ptr) }
        };
        crate::error::record_destroy(ierr);
    }
}

impl std::fmt::Debug for Indices<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// Prints integers with a viewer as PETSc does, twenty to a line, each line led by the
/// position of its first entry (`PetscIntView`; `0: 0 9`). Collective on the viewer's
/// communicator: on a parallel ASCII viewer each rank prints its own list.
///
/// ```
/// let petsc = petsc::Petsc::init()?;
/// let path = std::env::temp_dir().join(format!("petsc-rs-intview-{}.txt", std::process::id()));
/// let viewer = petsc::Viewer::ascii_file(&petsc.self_comm(), path.to_str().unwrap())?;
/// petsc::int_view(&[0, 9], &viewer)?;
/// drop(viewer);
/// assert_eq!(std::fs::read_to_string(&path).unwrap(), "0: 0 9\n");
/// # std::fs::remove_file(path).ok();
/// # Ok::<(), petsc::Error>(())
/// ```
#[doc(alias = "PetscIntView")]
pub fn int_view(values: &[Int], viewer: &Viewer) -> Result<()> {
    const CTX: &str = "int_view";
    let n = int_len(CTX, "values", values.len())?;
    // SAFETY: `values` holds `n` entries; live viewer.
    check(unsafe { sys::PetscIntView(n, values.as_ptr(), viewer.as_raw()) })
}

// The names before the naming scheme of 0.2 (`new`, no `get_`); they still compile,
// with a deprecation warning naming the new one.
impl IndexSet {
    /// The former name of [`ty`](Self::ty).
    #[deprecated(
        since = "0.2.0",
        note = "use `IndexSet::ty` (getters have no `get_` prefix)"
    )]
    pub fn get_type(&self) -> Result<IsType> {
        self.ty()
    }
}
