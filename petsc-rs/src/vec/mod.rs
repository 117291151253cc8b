//! Vectors (`Vec`): sequential and distributed, with RAII array views.
//!
//! The files of this folder:
//!
//! - `mod.rs`: the [`Vector`] handle and its enums ([`InsertMode`], [`ScatterMode`],
//!   [`NormType`], [`VecOption`], [`VecType`]); creation, sizes and layout, duplication
//!   and copies; the layout check of two vectors used across the crate.
//! - `basics.rs`: entries set and read by global index, assembly, and the basic
//!   arithmetic and reductions (`set`, `axpy`, `dot`, `norm`, `max`, ...).
//! - `ops.rs`: arithmetic beyond the basics: several vectors at once, pointwise
//!   functions, split-phase reductions, comparison, random fill.
//! - `views.rs`: raw access for PETSc calls (checked against the borrow table), the
//!   array views [`VecView`]/[`VecViewMut`], gathering to every rank or rank 0, and the
//!   read locks a failed call leaves behind.
//! - `device.rs`: where the entries live on PETSc builds with GPU back ends.
//! - `ghost.rs`: ghosted vectors, their updates and local form.
//! - `indexed.rs`: operations addressed by index sets and local-to-global mappings.
//! - `local.rs`: a distributed vector's entries on this rank as a sequential vector;
//!   shared-memory vectors.
//! - `pending.rs`: split operations under way (assembly, ghost update) and destruction.
//! - `place.rs`: a caller's array as a vector's entries for a while.
//! - `strided.rs`: block-structured and strided access, nested vectors.
//! - `sub.rs`: part of a vector picked by an index set, as a vector of its own.
//! - `hdf5.rs`: loading and saving vectors in HDF5 files.

use std::ops::Range;

use petsc_sys as sys;

use crate::comm::Comm;
use crate::error::{Error, Result, check};
use crate::object::{petsc_handle, type_enum};
use crate::scalar::{Int, Real, Scalar};

pub(crate) mod arith;
mod basics;
mod device;
mod ghost;
mod hdf5;
mod indexed;
mod local;
mod ops;
mod pending;
mod place;
mod strided;
mod sub;
mod views;

pub use arith::{Expr, VecOperand};
pub use device::OffloadMask;
pub use ghost::{GhostLocalForm, GhostUpdate};
pub use local::{LocalVector, LocalVectorRead};
pub use place::PlacedArray;
pub use sub::SubVector;
pub(crate) use views::{InOutArrays, ReadLocks};
pub use views::{VecView, VecViewMut};

petsc_handle!(
    /// A PETSc vector (`Vec`), sequential or distributed over a communicator.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut x = petsc::Vector::new_mpi(&petsc.world(), None, Some(10))?;
    /// x.set(2.0)?;
    /// assert_eq!(x.size()?, 10);
    /// assert_eq!(x.sum()?, 20.0);
    /// assert_eq!(x.norm(petsc::NormType::Infinity)?, 2.0);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    Vector,
    sys::Vec,
    pending::destroy;
    copy_lent = Vector::copy_of;
    scoped_end = pending::end_pending
);

/// How values combine with what is there (`InsertMode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InsertMode {
    /// `INSERT_VALUES`: replace.
    Insert,
    /// `ADD_VALUES`: add.
    Add,
}

crate::c_enum! {
    /// Which way a scatter or a ghost update moves values (`ScatterMode`).
    pub ScatterMode: sys::ScatterMode {
        Forward = SCATTER_FORWARD "from the owners to the copies (ghost points get their owners' \
            values).",
        Reverse = SCATTER_REVERSE "from the copies back to the owners (ghost contributions are \
            inserted or added at their owners).",
    }
}

type_enum!(
/// Vector types (`VecType`); [`VecType::Other`] names any registered type.
///
/// ```
/// use petsc::VecType;
/// assert_eq!(VecType::Mpi.as_str(), "mpi");
/// assert_eq!(VecType::from_name("standard"), VecType::Standard);
/// ```
VecType {
    Seq = "seq" "One process.",
    Mpi = "mpi" "Distributed.",
    Standard = "standard" "`seq` on one process, `mpi` on several.",
    Shared = "shared" "In shared memory where MPI offers it (`mpi` otherwise).",
    Nest = "nest" "A vector made of sub-vectors.",
});

crate::class_methods! {
    Vector: VecType, "Vec", sys::VecList,
    example = "let mut obj = petsc::Vector::new(&petsc.self_comm())?;\nobj.set_sizes(None, Some(4))?;",
    a_type = "mpi",
    inner = "",
    set_type = sys::VecSetType as "VecSetType",
    set_options_prefix = sys::VecSetOptionsPrefix as "VecSetOptionsPrefix",
    append_options_prefix = sys::VecAppendOptionsPrefix as "VecAppendOptionsPrefix",
    options_prefix = sys::VecGetOptionsPrefix as "VecGetOptionsPrefix",
    own_set_from_options = set_from_options,
}

/// Options of a vector's assembly (`VecOption`, for [`Vector::set_option`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VecOption {
    /// `VEC_IGNORE_OFF_PROC_ENTRIES`: values set for entries other processes own are
    /// dropped instead of sent at assembly.
    IgnoreOffProcEntries,
    /// `VEC_IGNORE_NEGATIVE_INDICES`: entries with a negative index are skipped
    /// ([`Vector::set_values`] skips them in any case).
    IgnoreNegativeIndices,
    /// `VEC_SUBSET_OFF_PROC_ENTRIES`: later assemblies send to a subset of the processes
    /// the first one sent to, which lets PETSc reuse its communication pattern.
    SubsetOffProcEntries,
}

impl InsertMode {
    pub(crate) fn raw(self) -> sys::InsertMode {
        match self {
            InsertMode::Insert => sys::InsertMode::INSERT_VALUES,
            InsertMode::Add => sys::InsertMode::ADD_VALUES,
        }
    }

    /// The mode PETSc passed to a callback; the modes this enum does not name
    /// (`MAX_VALUES`, `INSERT_ALL_VALUES`, ...) are an `Err` naming `context`.
    pub(crate) fn from_raw(r: sys::InsertMode, context: &str) -> crate::Result<InsertMode> {
        match r {
            sys::InsertMode::INSERT_VALUES => Ok(InsertMode::Insert),
            sys::InsertMode::ADD_VALUES => Ok(InsertMode::Add),
            other => Err(crate::Error::invalid(
                context,
                format!(
                    "PETSc passed the insert mode {}, which Rust closures are not given",
                    other.0
                ),
            )),
        }
    }
}

crate::c_enum! {
    /// Which norm (`NormType`).
    pub NormType: sys::NormType {
        One = NORM_1 "sum of absolute values.",
        Two = NORM_2 "Euclidean.",
        /// `NORM_FROBENIUS` (matrices).
        Frobenius = NORM_FROBENIUS,
        Infinity = NORM_INFINITY "largest absolute value.",
    }
}

/// A maximum or minimum entry and its global index, as `VecMax`/`VecMin` return them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Extremum {
    /// Global index of the entry (the first one, if several are equal).
    pub index: Int,
    /// Its value (the real part for complex scalars).
    pub value: Real,
}

impl Vector {
    /// Reads `-vec_type` and other options (`VecSetFromOptions`); a vector made by
    /// [`new`](Self::new) needs its sizes first.
    #[doc(alias = "VecSetFromOptions")]
    pub fn set_from_options(&mut self) -> Result<()> {
        // SAFETY: live vector.
        crate::error::check_from_options(unsafe { sys::VecSetFromOptions(self.ptr) })
    }

    fn create_typed(
        comm: &Comm,
        local: Option<Int>,
        global: Option<Int>,
        ty: &[u8],
    ) -> Result<Vector> {
        comm.check_layout("Vector::new", "entries", local, global)?;
        let vec = Vector::new(comm)?;
        let v = vec.ptr;
        let decide = sys::PETSC_DECIDE as Int;
        // SAFETY: live vector.
        check(unsafe { sys::VecSetSizes(v, local.unwrap_or(decide), global.unwrap_or(decide)) })?;
        // SAFETY: live vector; `ty` is a NUL-terminated VecType name.
        check(unsafe { sys::VecSetType(v, ty.as_ptr() as *const _) })?;
        Ok(vec)
    }

    /// A sequential vector of length `n` on a one-process communicator.
    pub fn new_seq(comm: &Comm, n: Int) -> Result<Vector> {
        Vector::create_typed(comm, Some(n), Some(n), sys::VECSEQ)
    }

    /// A distributed vector with local size `local` and global size `global`; either may
    /// be `None` (`PETSC_DECIDE`), not both. Local sizes must add up to `global`.
    pub fn new_mpi(comm: &Comm, local: Option<Int>, global: Option<Int>) -> Result<Vector> {
        Vector::create_typed(comm, local, global, sys::VECMPI)
    }

    /// A vector whose type and sizes come from the options database
    /// (`-vec_type`), standard (`seq` on one process, `mpi` otherwise) by default.
    pub fn new_from_options(
        comm: &Comm,
        local: Option<Int>,
        global: Option<Int>,
    ) -> Result<Vector> {
        let v = Vector::create_typed(comm, local, global, sys::VECSTANDARD)?;
        // SAFETY: live vector.
        crate::error::check_from_options(unsafe { sys::VecSetFromOptions(v.ptr) })?;
        Ok(v)
    }

    /// A vector holding a copy of `values` as this rank's entries (petsc4py's
    /// `Vec().createWithArray(a, comm=...)`, which takes each rank's local array and
    /// computes the global size): on a one-rank communicator a sequential vector, on
    /// more ranks a distributed one whose local size is `values.len()` and whose global
    /// size is the sum over the ranks (collective; ranks may give different lengths,
    /// zero included). To lend an array without copying, see
    /// [`place_array`](Self::place_array).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let x = petsc::Vector::from_slice(&petsc.self_comm(), &[1.0, 2.0, 3.0])?;
    /// assert_eq!(&*x.view()?, &[1.0, 2.0, 3.0]);
    /// // On every rank of the world, two entries each:
    /// let world = petsc.world();
    /// let y = petsc::Vector::from_slice(&world, &[1.0, 2.0])?;
    /// assert_eq!((y.local_size()?, y.size()?), (2, 2 * world.size() as petsc::Int));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "VecCreateMPIWithArray")]
    #[doc(alias = "VecCreateSeqWithArray")]
    pub fn from_slice(comm: &Comm, values: &[Scalar]) -> Result<Vector> {
        let n = Int::try_from(values.len()).map_err(|_| {
            Error::size_mismatch(
                "Vector::from_slice",
                format!("{} values do not fit in an index", values.len()),
            )
        })?;
        let mut v = Vector::create_typed(comm, Some(n), None, sys::VECSTANDARD)?;
        v.view_mut()?.copy_from_slice(values);
        Ok(v)
    }

    /// Reads a vector written by `view_with` on a binary viewer (`VecLoad`), distributed
    /// over `comm` with PETSc's default layout.
    ///
    /// ```
    /// use petsc::{FileMode, Object, Vector, Viewer};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let path = std::env::temp_dir().join(format!("petsc-rs-vec-load-{}.bin", std::process::id()));
    /// let path = path.to_str().unwrap();
    /// let x = Vector::from_slice(&c, &[1.0, 2.0, 3.0])?;
    /// x.view_with(&Viewer::binary_file(&c, path, FileMode::Write)?)?;
    /// let y = Vector::load(&c, &Viewer::binary_file(&c, path, FileMode::Read)?)?;
    /// assert_eq!(&*y.view()?, &[1.0, 2.0, 3.0]);
    /// # std::fs::remove_file(path).ok();
    /// # std::fs::remove_file(format!("{path}.info")).ok();
    /// # Ok::<(), petsc::Error>(())
    /// ```
    ///
    /// A viewer that is not a binary one, is opened for writing or is on another
    /// communicator is refused before PETSc reads from it.
    #[doc(alias = "VecLoad")]
    pub fn load(comm: &Comm, viewer: &crate::viewer::Viewer) -> Result<Vector> {
        crate::binary::check_vector(comm, viewer)?;
        let mut v: sys::Vec = std::ptr::null_mut();
        // SAFETY: live communicator; PETSc writes the new vector.
        check(unsafe { sys::VecCreate(comm.as_raw(), &mut v) })?;
        let vec = Vector::from_raw(comm.petsc(), v);
        // SAFETY: live vector and viewer.
        check(unsafe { sys::VecLoad(v, viewer.as_raw()) })?;
        Ok(vec)
    }

    /// An empty vector on `comm` (`VecCreate`), for generic creation with a type chosen
    /// at run time: give it sizes with [`set_sizes`](Self::set_sizes), then a type with
    /// [`set_type`](Self::set_type) or [`set_from_options`](Self::set_from_options)
    /// (`-vec_type`); until then, operations on its entries are errors.
    ///
    /// ```
    /// use petsc::{Object, Vector, VecType};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut x = Vector::new(&petsc.world())?;
    /// x.set_sizes(None, Some(8))?;
    /// x.set_block_size(2)?;
    /// x.set_type(VecType::Standard)?;
    /// x.set_up()?;
    /// x.set(1.0)?;
    /// assert_eq!((x.size()?, x.block_size()?), (8, 2));
    /// assert_eq!(x.norm(petsc::NormType::One)?, 8.0);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "VecCreate")]
    pub fn new(comm: &Comm) -> Result<Vector> {
        let mut v: sys::Vec = std::ptr::null_mut();
        // SAFETY: live communicator; PETSc writes the new object.
        check(unsafe { sys::VecCreate(comm.as_raw(), &mut v) })?;
        Ok(Vector::from_raw(comm.petsc(), v))
    }

    /// Sets the local and global sizes of a vector made by [`new`](Self::new)
    /// (`VecSetSizes`); either may be `None` (`PETSC_DECIDE`), not both. The sizes are
    /// checked on every rank at once (collective), so a disagreement is the same `Err`
    /// everywhere; sizes cannot change once set (setting the same ones again, as given
    /// before, is accepted, as PETSc does).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut x = petsc::Vector::new(&petsc.self_comm())?;
    /// assert!(x.set_sizes(Some(2), Some(3)).is_err());
    /// x.set_sizes(Some(3), None)?;
    /// x.set_sizes(Some(3), None)?;
    /// assert!(x.set_sizes(Some(4), None).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "VecSetSizes")]
    pub fn set_sizes(&mut self, local: Option<Int>, global: Option<Int>) -> Result<()> {
        const CTX: &str = "Vector::set_sizes";
        let comm = crate::object::Object::comm(self);
        comm.check_layout(CTX, "entries", local, global)?;
        let decide = sys::PETSC_DECIDE as Int;
        let given = (local.unwrap_or(decide), global.unwrap_or(decide));
        // As PETSc: sizes set before may be set again, to the same values only.
        let local_check = self.layout_sizes().and_then(|(n, nn)| {
            if (n >= 0 || nn >= 0) && (n, nn) != given {
                return Err(Error::invalid(
                    CTX,
                    format!(
                        "the sizes are already set (local {n}, global {nn}; -1: to be decided) \
                         and cannot change"
                    ),
                ));
            }
            Ok(())
        });
        comm.agree(CTX, local_check)?;
        // SAFETY: live vector without sizes, or with these same sizes.
        check(unsafe {
            sys::VecSetSizes(self.ptr, local.unwrap_or(decide), global.unwrap_or(decide))
        })
    }

    /// The local and global sizes of the layout, -1 where not set yet (which
    /// `VecGetLocalSize` refuses before the vector has a type).
    fn layout_sizes(&self) -> Result<(Int, Int)> {
        let mut map: sys::PetscLayout = std::ptr::null_mut();
        // SAFETY: live vector; PETSc returns its own layout.
        check(unsafe { sys::VecGetLayout(self.ptr, &mut map) })?;
        let (mut n, mut nn): (Int, Int) = (-1, -1);
        // SAFETY: live layout owned by the vector.
        check(unsafe { sys::PetscLayoutGetLocalSize(map, &mut n) })?;
        // SAFETY: as above.
        check(unsafe { sys::PetscLayoutGetSize(map, &mut nn) })?;
        Ok((n, nn))
    }

    crate::methods![for Vector;
        /// Finishes setting up a vector made by [`new`](Self::new) (`VecSetUp`): one
        /// with sizes but no type gets the standard one.
        pub fn set_up(&mut self) = VecSetUp as "VecSetUp";

        /// The block size (`VecGetBlockSize`): the number of interleaved fields, 1 unless
        /// set.
        pub fn block_size(&self) -> Int = VecGetBlockSize as "VecGetBlockSize";
    ];

    /// Sets the block size (`VecSetBlockSize`): entries `k*bs .. (k+1)*bs` form block
    /// `k`, as for interleaved fields. It must be positive, the same on every rank and
    /// divide every rank's local size; otherwise the `Err` is the same on every rank.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut x = petsc::Vector::new_seq(&petsc.self_comm(), 6)?;
    /// x.set_block_size(3)?;
    /// assert_eq!(x.block_size()?, 3);
    /// assert!(x.set_block_size(4).is_err());
    /// assert!(x.set_block_size(0).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "VecSetBlockSize")]
    pub fn set_block_size(&mut self, bs: Int) -> Result<()> {
        const CTX: &str = "Vector::set_block_size";
        let comm = crate::object::Object::comm(self);
        comm.check_same(CTX, &[("block sizes", crate::comm::wide(bs))])?;
        if bs < 1 {
            return Err(Error::invalid(
                CTX,
                format!("block size {bs} is not positive"),
            ));
        }
        let (n, _) = self.layout_sizes()?;
        let local = if n >= 0 && n % bs != 0 {
            Err(Error::size_mismatch(
                CTX,
                format!("block size {bs} does not divide the local size {n}"),
            ))
        } else {
            Ok(())
        };
        comm.agree(CTX, local)?;
        // SAFETY: live vector; the block size divides the local size (or none is set).
        check(unsafe { sys::VecSetBlockSize(self.ptr, bs) })
    }

    /// Sets an assembly option (`VecSetOption`).
    ///
    /// ```
    /// use petsc::{InsertMode, VecOption, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut x = Vector::new_mpi(&petsc.world(), None, Some(4))?;
    /// x.set(0.0)?;
    /// x.set_option(VecOption::IgnoreOffProcEntries, true)?;
    /// x.set_values(&[0, 1, 2, 3], &[1.0; 4], InsertMode::Add)?;
    /// x.assemble()?;
    /// assert_eq!(x.sum()?, 4.0); // only each rank's own entries counted
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "VecSetOption")]
    pub fn set_option(&mut self, option: VecOption, value: bool) -> Result<()> {
        let op = match option {
            VecOption::IgnoreOffProcEntries => sys::VecOption::VEC_IGNORE_OFF_PROC_ENTRIES,
            VecOption::IgnoreNegativeIndices => sys::VecOption::VEC_IGNORE_NEGATIVE_INDICES,
            VecOption::SubsetOffProcEntries => sys::VecOption::VEC_SUBSET_OFF_PROC_ENTRIES,
        };
        let flag = if value {
            sys::PETSC_BOOL_TRUE
        } else {
            sys::PETSC_BOOL_FALSE
        };
        // SAFETY: live vector.
        check(unsafe { sys::VecSetOption(self.raw_write("Vector::set_option")?, op, flag) })
    }

    /// The first global index of every rank's part, and the global size last
    /// (`VecGetOwnershipRanges`): rank `r` owns `ranges[r]..ranges[r + 1]`.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let world = petsc.world();
    /// let x = petsc::Vector::new_mpi(&world, None, Some(10))?;
    /// let ranges = x.ownership_ranges()?;
    /// assert_eq!(ranges.len(), world.size() as usize + 1);
    /// assert_eq!((ranges[0], *ranges.last().unwrap()), (0, 10));
    /// let r = world.rank() as usize;
    /// assert_eq!(ranges[r]..ranges[r + 1], x.ownership_range()?);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "VecGetOwnershipRanges")]
    pub fn ownership_ranges(&self) -> Result<std::vec::Vec<Int>> {
        let size = crate::object::Object::comm(self).size() as usize;
        let mut p: *const Int = std::ptr::null();
        // SAFETY: live vector; PETSc returns its own array of size + 1 entries.
        check(unsafe { sys::VecGetOwnershipRanges(self.ptr, &mut p) })?;
        if p.is_null() {
            return Err(Error::invalid(
                "Vector::ownership_ranges",
                "the vector has no layout yet (set its sizes)",
            ));
        }
        // SAFETY: PETSc's layout holds size + 1 ranges while the vector lives.
        Ok(unsafe { std::slice::from_raw_parts(p, size + 1) }.to_vec())
    }

    crate::methods![for Vector;
        /// The global size.
        pub fn size(&self) -> Int = VecGetSize as "VecGetSize";

        /// The size of this process's part.
        pub fn local_size(&self) -> Int = VecGetLocalSize as "VecGetLocalSize";
    ];

    /// The global indices this process owns.
    pub fn ownership_range(&self) -> Result<Range<Int>> {
        let (mut lo, mut hi): (Int, Int) = (0, 0);
        // SAFETY: live vector.
        check(unsafe { sys::VecGetOwnershipRange(self.ptr, &mut lo, &mut hi) })?;
        Ok(lo..hi)
    }

    /// A new vector of the same layout and type; its values are not copied.
    pub fn duplicate(&self) -> Result<Vector> {
        let mut v: sys::Vec = std::ptr::null_mut();
        // SAFETY: live vector; PETSc writes the new one.
        check(unsafe { sys::VecDuplicate(self.ptr, &mut v) })?;
        Ok(Vector::from_raw(&self.petsc, v))
    }

    /// A new vector with this one's layout, type and values (`VecDuplicate` and
    /// `VecCopy`): what cloning a lent vector gives.
    pub(crate) fn copy_of(&self) -> Result<Vector> {
        let mut copy = self.duplicate()?;
        copy.copy_from(self)?;
        Ok(copy)
    }

    /// Copies the values of `x` into `self` (`VecCopy`). The two must have the same
    /// global and local sizes; otherwise the error is [`Error::SizeMismatch`], found
    /// before PETSc is called.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let x = petsc::Vector::from_slice(&c, &[1.0, 2.0])?;
    /// let mut y = x.duplicate()?;
    /// y.copy_from(&x)?;
    /// assert_eq!(&*y.view()?, &[1.0, 2.0]);
    /// let mut z = petsc::Vector::new_seq(&c, 3)?;
    /// let e = z.copy_from(&x).unwrap_err();
    /// assert!(matches!(e, petsc::Error::SizeMismatch { .. }), "{e}");
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "VecCopy")]
    pub fn copy_from(&mut self, x: &Vector) -> Result<()> {
        const CTX: &str = "Vector::copy_from";
        self.ready_to_combine(CTX, &[("the source", x)])?;
        // SAFETY: live vectors with the same layout.
        check(unsafe {
            sys::VecCopy(
                x.raw_read("Vector::copy_from")?,
                self.raw_write("Vector::copy_from")?,
            )
        })
    }
}

/// Before a collective call on `over` (an integrator's evaluation, say): checks, on
/// every rank at once, that each of `others` (named) has the layout of `like` (with
/// [`check_same_layout`]; local sizes can differ on some ranks only), that `reads` can
/// be read and `writes` written. A refusal on one rank is then the same `Err` on all.
pub(crate) fn ready_alike(
    over: &impl crate::object::Object,
    context: &str,
    like: (&str, &Vector),
    others: &[(&str, &Vector)],
    reads: &[&Vector],
    writes: &[&Vector],
) -> Result<()> {
    let local = others
        .iter()
        .try_for_each(|&other| check_same_layout(context, other, like))
        .and_then(|()| Vector::accessible(context, reads, writes));
    crate::comm::agree_over(over.as_object(), context, local)
}

/// Refuses two vectors whose global or local sizes differ (`a` and `b` name them).
pub(crate) fn check_same_layout(
    context: &str,
    a: (&str, &Vector),
    b: (&str, &Vector),
) -> Result<()> {
    a.1.check_comm_of(context, b.0, b.1)?;
    let (an, bn) = (a.1.size()?, b.1.size()?);
    if an != bn {
        return Err(Error::size_mismatch(
            context,
            format!("{} has global size {an} but {} has {bn}", a.0, b.0),
        ));
    }
    let (al, bl) = (a.1.local_size()?, b.1.local_size()?);
    if al != bl {
        return Err(Error::size_mismatch(
            context,
            format!(
                "{} has local size {al} but {} has {bl} on this rank",
                a.0, b.0
            ),
        ));
    }
    Ok(())
}

// The names before the naming scheme of 0.2 (`new`, no `get_`); they still compile,
// with a deprecation warning naming the new one.
impl Vector {
    /// The former name of [`new`](Self::new).
    #[deprecated(
        since = "0.2.0",
        note = "use `Vector::new` (constructors are `new`/`new_*`)"
    )]
    pub fn create(comm: &Comm) -> Result<Vector> {
        Self::new(comm)
    }
}
