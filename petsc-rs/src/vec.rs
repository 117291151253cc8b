//! Vectors (`Vec`): sequential and distributed, with RAII array views.

use std::ops::{Deref, DerefMut, Range};

use ndarray::{ArrayView1, ArrayViewMut1};
use petsc_sys as sys;

use crate::borrow::{self, ArrayBorrow};
use crate::comm::Comm;
use crate::error::{Error, Result, check, check_indices};
use crate::object::{petsc_handle, type_enum};
use crate::{Int, Real, Scalar};

mod device;
mod ghost;
mod indexed;
mod local;
mod ops;
mod pending;
mod place;
mod strided;
mod sub;

pub use device::OffloadMask;
pub use ghost::{GhostLocalForm, GhostUpdate};
pub use local::LocalVector;
pub use place::PlacedArray;
pub use sub::SubVector;

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
    copy_lent = Vector::copy_of
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
        /// `SCATTER_FORWARD`: from the owners to the copies (ghost points get their
        /// owners' values).
        Forward = SCATTER_FORWARD,
        /// `SCATTER_REVERSE`: from the copies back to the owners (ghost contributions are
        /// inserted or added at their owners).
        Reverse = SCATTER_REVERSE,
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
    /// `"seq"`: one process.
    Seq = "seq",
    /// `"mpi"`: distributed.
    Mpi = "mpi",
    /// `"standard"`: `seq` on one process, `mpi` on several.
    Standard = "standard",
    /// `"shared"`: in shared memory where MPI offers it (`mpi` otherwise).
    Shared = "shared",
    /// `"nest"`: a vector made of sub-vectors.
    Nest = "nest",
});

crate::class_methods! {
    Vector: VecType, "Vec", sys::VecList,
    example = "let mut obj = petsc::Vector::create(&petsc.self_comm())?;\nobj.set_sizes(None, Some(4))?;",
    a_type = "mpi",
    inner = "",
    set_type = sys::VecSetType as "VecSetType",
    set_options_prefix = sys::VecSetOptionsPrefix as "VecSetOptionsPrefix",
    append_options_prefix = sys::VecAppendOptionsPrefix as "VecAppendOptionsPrefix",
    options_prefix = sys::VecGetOptionsPrefix as "VecGetOptionsPrefix",
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
}

crate::c_enum! {
    /// Which norm (`NormType`).
    pub NormType: sys::NormType {
        /// `NORM_1`: sum of absolute values.
        One = NORM_1,
        /// `NORM_2`: Euclidean.
        Two = NORM_2,
        /// `NORM_FROBENIUS` (matrices).
        Frobenius = NORM_FROBENIUS,
        /// `NORM_INFINITY`: largest absolute value.
        Infinity = NORM_INFINITY,
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
    fn create_typed(
        comm: &Comm,
        local: Option<Int>,
        global: Option<Int>,
        ty: &[u8],
    ) -> Result<Vector> {
        comm.check_layout("Vector::new", "entries", local, global)?;
        let vec = Vector::create(comm)?;
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
        check(unsafe { sys::VecSetFromOptions(v.ptr) })?;
        Ok(v)
    }

    /// A sequential vector holding a copy of `values`.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let x = petsc::Vector::from_slice(&petsc.self_comm(), &[1.0, 2.0, 3.0])?;
    /// assert_eq!(&*x.view()?, &[1.0, 2.0, 3.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn from_slice(comm: &Comm, values: &[Scalar]) -> Result<Vector> {
        let mut v = Vector::new_seq(comm, values.len() as Int)?;
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
    /// let mut x = Vector::create(&petsc.world())?;
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
    pub fn create(comm: &Comm) -> Result<Vector> {
        let mut v: sys::Vec = std::ptr::null_mut();
        // SAFETY: live communicator; PETSc writes the new object.
        check(unsafe { sys::VecCreate(comm.as_raw(), &mut v) })?;
        Ok(Vector::from_raw(comm.petsc(), v))
    }

    /// Sets the local and global sizes of a vector made by [`create`](Self::create)
    /// (`VecSetSizes`); either may be `None` (`PETSC_DECIDE`), not both. The sizes are
    /// checked on every rank at once (collective), so a disagreement is the same `Err`
    /// everywhere; sizes cannot change once set.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut x = petsc::Vector::create(&petsc.self_comm())?;
    /// assert!(x.set_sizes(Some(2), Some(3)).is_err());
    /// x.set_sizes(Some(3), None)?;
    /// assert!(x.set_sizes(Some(4), None).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "VecSetSizes")]
    pub fn set_sizes(&mut self, local: Option<Int>, global: Option<Int>) -> Result<()> {
        const CTX: &str = "Vector::set_sizes";
        let comm = crate::Object::comm(self);
        comm.check_layout(CTX, "entries", local, global)?;
        let (n, nn) = self.layout_sizes()?;
        if n >= 0 || nn >= 0 {
            return Err(Error::invalid(
                CTX,
                format!("the sizes are already set (local {n}, global {nn})"),
            ));
        }
        let decide = sys::PETSC_DECIDE as Int;
        // SAFETY: live vector without sizes.
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

    crate::methods! { for Vector;
        /// Finishes setting up a vector made by [`create`](Self::create) (`VecSetUp`): one
        /// with sizes but no type gets the standard one.
        pub fn set_up(&mut self) = VecSetUp as "VecSetUp";

        /// The block size (`VecGetBlockSize`): the number of interleaved fields, 1 unless
        /// set.
        pub fn block_size(&self) -> Int = VecGetBlockSize as "VecGetBlockSize";
    }

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
        let comm = crate::Object::comm(self);
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
        let size = crate::Object::comm(self).size() as usize;
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

    crate::methods! { for Vector;
        /// Reads `-vec_type` and other options (`VecSetFromOptions`); a vector made by
        /// [`create`](Self::create) needs its sizes first.
        pub fn set_from_options(&mut self) = VecSetFromOptions as "VecSetFromOptions";

        /// The global size.
        pub fn size(&self) -> Int = VecGetSize as "VecGetSize";

        /// The size of this process's part.
        pub fn local_size(&self) -> Int = VecGetLocalSize as "VecGetLocalSize";
    }

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
    fn copy_of(&self) -> Result<Vector> {
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
    pub fn copy_from(&mut self, x: &Vector) -> Result<()> {
        const CTX: &str = "Vector::copy_from";
        self.check_local_layout_of(CTX, "the source", x)?;
        // SAFETY: live vectors with the same layout.
        check(unsafe {
            sys::VecCopy(
                x.raw_read("Vector::copy_from")?,
                self.raw_write("Vector::copy_from")?,
            )
        })
    }

    /// Sets or adds values at global indices (any process may set any index; values
    /// for other processes are sent by [`assemble`](Self::assemble)). Entries with a
    /// negative index are skipped, on every vector type, as PETSc's manual page says
    /// (PETSc itself does so only with `VEC_IGNORE_NEGATIVE_INDICES`, and writes before
    /// the array of a sequential vector otherwise); an index at or above the global size
    /// is an `Err`.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut x = petsc::Vector::new_seq(&petsc.self_comm(), 4)?;
    /// x.set(0.0)?;
    /// x.set_values(&[0, 3], &[1.5, 2.5], petsc::InsertMode::Insert)?;
    /// x.assemble()?;
    /// assert_eq!(&*x.view()?, &[1.5, 0.0, 0.0, 2.5]);
    /// assert!(x.set_values(&[4], &[1.0], petsc::InsertMode::Insert).is_err());
    /// x.set_values(&[-1, 1], &[9.0, 7.0], petsc::InsertMode::Insert)?; // -1 skipped
    /// x.assemble()?;
    /// assert_eq!(&*x.view()?, &[1.5, 7.0, 0.0, 2.5]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "VecSetValues")]
    pub fn set_values(
        &mut self,
        indices: &[Int],
        values: &[Scalar],
        mode: InsertMode,
    ) -> Result<()> {
        const CTX: &str = "Vector::set_values";
        if indices.len() != values.len() {
            return Err(Error::size_mismatch(
                CTX,
                format!("{} indices but {} values", indices.len(), values.len()),
            ));
        }
        check_indices(CTX, "index", indices, self.size()?)?;
        if indices.iter().any(|&i| i < 0) {
            let (kept, vals): (std::vec::Vec<Int>, std::vec::Vec<Scalar>) = indices
                .iter()
                .zip(values)
                .filter(|&(&i, _)| i >= 0)
                .map(|(&i, &v)| (i, v))
                .unzip();
            return self.set_values(&kept, &vals, mode);
        }
        // SAFETY: live vector; both slices have `indices.len()` entries, every index in
        // 0..size (checked above).
        check(unsafe {
            sys::VecSetValues(
                self.raw_write("Vector::set_values")?,
                indices.len() as Int,
                indices.as_ptr(),
                values.as_ptr(),
                mode.raw(),
            )
        })
    }

    /// Sends values set for other processes and completes the vector (collective):
    /// [`assembly_begin`](Self::assembly_begin) and
    /// [`assembly_end`](Self::assembly_end) at once. Refused while an assembly begun
    /// with `assembly_begin` is under way.
    #[doc(alias = "VecAssemblyBegin")]
    #[doc(alias = "VecAssemblyEnd")]
    pub fn assemble(&mut self) -> Result<()> {
        // SAFETY: live vector.
        check(unsafe { sys::VecAssemblyBegin(self.raw_write("Vector::assemble")?) })?;
        // SAFETY: live vector, assembly begun.
        check(unsafe { sys::VecAssemblyEnd(self.raw_write("Vector::assemble")?) })
    }

    /// Values at global indices owned by this process.
    pub fn get_values(&self, indices: &[Int]) -> Result<std::vec::Vec<Scalar>> {
        let r = self.ownership_range()?;
        if let Some(i) = indices.iter().find(|i| !r.contains(i)) {
            return Err(Error::out_of_range(
                "Vector::get_values",
                format!(
                    "index {i} is not owned by this process (owns {}..{})",
                    r.start, r.end
                ),
            ));
        }
        let mut out = vec![Scalar::default(); indices.len()];
        // SAFETY: live vector; `out` has room for every index.
        check(unsafe {
            sys::VecGetValues(
                self.raw_read("Vector::get_values")?,
                indices.len() as Int,
                indices.as_ptr(),
                out.as_mut_ptr(),
            )
        })?;
        Ok(out)
    }

    /// Sets every entry to `alpha`.
    pub fn set(&mut self, alpha: impl Into<Scalar>) -> Result<()> {
        // SAFETY: live vector.
        check(unsafe { sys::petscrs_VecSet(self.raw_write("Vector::set")?, &alpha.into()) })
    }

    /// `self = alpha * self`.
    pub fn scale(&mut self, alpha: impl Into<Scalar>) -> Result<()> {
        // SAFETY: live vector.
        check(unsafe { sys::petscrs_VecScale(self.raw_write("Vector::scale")?, &alpha.into()) })
    }

    /// `self += alpha` entrywise.
    pub fn shift(&mut self, alpha: impl Into<Scalar>) -> Result<()> {
        // SAFETY: live vector.
        check(unsafe { sys::petscrs_VecShift(self.raw_write("Vector::shift")?, &alpha.into()) })
    }

    /// `self = alpha * x + self`.
    pub fn axpy(&mut self, alpha: impl Into<Scalar>, x: &Vector) -> Result<()> {
        // SAFETY: live vectors; Rust's borrows make them distinct.
        check(unsafe {
            sys::petscrs_VecAXPY(
                self.raw_write("Vector::axpy")?,
                &alpha.into(),
                x.raw_read("Vector::axpy")?,
            )
        })
    }

    /// `self = x + beta * self`.
    pub fn aypx(&mut self, beta: impl Into<Scalar>, x: &Vector) -> Result<()> {
        // SAFETY: live, distinct vectors.
        check(unsafe {
            sys::petscrs_VecAYPX(
                self.raw_write("Vector::aypx")?,
                &beta.into(),
                x.raw_read("Vector::aypx")?,
            )
        })
    }

    /// `self = alpha * x + y`.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let x = petsc::Vector::from_slice(&c, &[1.0, 2.0])?;
    /// let y = petsc::Vector::from_slice(&c, &[10.0, 20.0])?;
    /// let mut w = x.duplicate()?;
    /// w.waxpy(3.0, &x, &y)?;
    /// assert_eq!(&*w.view()?, &[13.0, 26.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn waxpy(&mut self, alpha: impl Into<Scalar>, x: &Vector, y: &Vector) -> Result<()> {
        // SAFETY: live vectors; `self` is distinct from `x` and `y`.
        check(unsafe {
            sys::petscrs_VecWAXPY(
                self.raw_write("Vector::waxpy")?,
                &alpha.into(),
                x.raw_read("Vector::waxpy")?,
                y.raw_read("Vector::waxpy")?,
            )
        })
    }

    /// `self = x .* y` entrywise.
    pub fn pointwise_mult(&mut self, x: &Vector, y: &Vector) -> Result<()> {
        // SAFETY: live vectors.
        check(unsafe {
            sys::VecPointwiseMult(
                self.raw_write("Vector::pointwise_mult")?,
                x.raw_read("Vector::pointwise_mult")?,
                y.raw_read("Vector::pointwise_mult")?,
            )
        })
    }

    /// `self = x ./ y` entrywise (a zero in `y` gives zero).
    pub fn pointwise_divide(&mut self, x: &Vector, y: &Vector) -> Result<()> {
        // SAFETY: live vectors.
        check(unsafe {
            sys::VecPointwiseDivide(
                self.raw_write("Vector::pointwise_divide")?,
                x.raw_read("Vector::pointwise_divide")?,
                y.raw_read("Vector::pointwise_divide")?,
            )
        })
    }

    /// `self = max(x, y)` entrywise (real parts).
    pub fn pointwise_max(&mut self, x: &Vector, y: &Vector) -> Result<()> {
        // SAFETY: live vectors.
        check(unsafe {
            sys::VecPointwiseMax(
                self.raw_write("Vector::pointwise_max")?,
                x.raw_read("Vector::pointwise_max")?,
                y.raw_read("Vector::pointwise_max")?,
            )
        })
    }

    /// `self = min(x, y)` entrywise (real parts).
    pub fn pointwise_min(&mut self, x: &Vector, y: &Vector) -> Result<()> {
        // SAFETY: live vectors.
        check(unsafe {
            sys::VecPointwiseMin(
                self.raw_write("Vector::pointwise_min")?,
                x.raw_read("Vector::pointwise_min")?,
                y.raw_read("Vector::pointwise_min")?,
            )
        })
    }

    /// `self = |self|` entrywise.
    pub fn abs(&mut self) -> Result<()> {
        // SAFETY: live vector.
        check(unsafe { sys::VecAbs(self.raw_write("Vector::abs")?) })
    }

    /// `self = 1 / self` entrywise (zeros stay zero).
    pub fn reciprocal(&mut self) -> Result<()> {
        // SAFETY: live vector.
        check(unsafe { sys::VecReciprocal(self.raw_write("Vector::reciprocal")?) })
    }

    /// `y^H self` (`VecDot`; conjugates `y` for complex scalars).
    pub fn dot(&self, y: &Vector) -> Result<Scalar> {
        self.ready_to_reduce("Vector::dot", &[("y", y)], true)?;
        let mut d = Scalar::default();
        // SAFETY: live vectors.
        check(unsafe {
            sys::VecDot(
                self.raw_read("Vector::dot")?,
                y.raw_read("Vector::dot")?,
                &mut d,
            )
        })?;
        Ok(d)
    }

    /// `y^T self` without conjugation (`VecTDot`).
    pub fn tdot(&self, y: &Vector) -> Result<Scalar> {
        self.ready_to_reduce("Vector::tdot", &[("y", y)], true)?;
        let mut d = Scalar::default();
        // SAFETY: live vectors.
        check(unsafe {
            sys::VecTDot(
                self.raw_read("Vector::tdot")?,
                y.raw_read("Vector::tdot")?,
                &mut d,
            )
        })?;
        Ok(d)
    }

    /// A norm of the vector.
    pub fn norm(&self, ty: NormType) -> Result<Real> {
        if ty == NormType::Frobenius {
            return Err(Error::invalid(
                "Vector::norm",
                "the Frobenius norm is for matrices; use NormType::Two",
            ));
        }
        self.ready_to_reduce("Vector::norm", &[], false)?;
        let mut n: Real = 0.0;
        // SAFETY: live vector; one output for the norm types allowed here.
        check(unsafe { sys::VecNorm(self.raw_read("Vector::norm")?, ty.raw(), &mut n) })?;
        Ok(n)
    }

    /// The sum of the entries.
    pub fn sum(&self) -> Result<Scalar> {
        self.ready_to_reduce("Vector::sum", &[], false)?;
        let mut s = Scalar::default();
        // SAFETY: live vector.
        check(unsafe { sys::VecSum(self.raw_read("Vector::sum")?, &mut s) })?;
        Ok(s)
    }

    /// The largest entry and its global index (collective).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let x = petsc::Vector::from_slice(&petsc.self_comm(), &[3.0, 9.0, -1.0])?;
    /// let m = x.max()?;
    /// assert_eq!((m.index, m.value), (1, 9.0));
    /// assert_eq!(x.min()?.index, 2);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn max(&self) -> Result<Extremum> {
        self.ready_to_reduce("Vector::max", &[], false)?;
        let (mut index, mut value): (Int, Real) = (0, 0.0);
        // SAFETY: live vector.
        check(unsafe { sys::VecMax(self.raw_read("Vector::max")?, &mut index, &mut value) })?;
        Ok(Extremum { index, value })
    }

    /// The smallest entry and its global index (collective).
    pub fn min(&self) -> Result<Extremum> {
        self.ready_to_reduce("Vector::min", &[], false)?;
        let (mut index, mut value): (Int, Real) = (0, 0.0);
        // SAFETY: live vector.
        check(unsafe { sys::VecMin(self.raw_read("Vector::min")?, &mut index, &mut value) })?;
        Ok(Extremum { index, value })
    }

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

    /// Registers a read-only borrow of the entries through this handle.
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
    pub fn view(&self) -> Result<VecView<'_>> {
        let borrow = self.borrow_shared("Vector::view")?;
        let mut p: *const Scalar = std::ptr::null();
        // SAFETY: live vector; PETSc lends its array until VecRestoreArrayRead.
        check(unsafe { sys::VecGetArrayRead(self.ptr, &mut p) })?;
        let len = local_len(self.local_size(), self.ptr, true)?;
        Ok(VecView {
            vec: self,
            ptr: p,
            len,
            _borrow: borrow,
        })
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
    pub fn view_mut(&mut self) -> Result<VecViewMut<'_>> {
        let borrow = self.borrow_exclusive("Vector::view_mut", None)?;
        let mut p: *mut Scalar = std::ptr::null_mut();
        // SAFETY: live vector; PETSc lends its array until VecRestoreArray.
        check(unsafe { sys::VecGetArray(self.ptr, &mut p) })?;
        let len = local_len(self.local_size(), self.ptr, false)?;
        Ok(VecViewMut {
            vec: self,
            ptr: p,
            len,
            _borrow: borrow,
        })
    }

    fn scatter(&self, to_zero: bool) -> Result<Vector> {
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
                sys::VecScatterBegin(ctx, self.raw_read("Vector::to_all")?, out.ptr, ins, fwd)
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
fn local_len(n: Result<Int>, v: sys::Vec, read: bool) -> Result<usize> {
    match n {
        Ok(n) if n >= 0 => Ok(n as usize),
        other => {
            let mut p: *mut Scalar = std::ptr::null_mut();
            // SAFETY: the array was just lent by the matching Get call; giving back a
            // null pointer is what VecRestoreArray* accept.
            let _ = unsafe {
                if read {
                    sys::VecRestoreArrayRead(v, &mut (p as *const Scalar))
                } else {
                    sys::VecRestoreArray(v, &mut p)
                }
            };
            Err(other
                .err()
                .unwrap_or_else(|| Error::invalid("Vector::view", "the vector has no sizes yet")))
        }
    }
}

/// A read-only view of a vector's local entries; derefs to a slice.
pub struct VecView<'a> {
    vec: &'a Vector,
    ptr: *const Scalar,
    len: usize,
    // Released after the array is restored.
    _borrow: ArrayBorrow,
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
        if self.len == 0 {
            return &[];
        }
        // SAFETY: PETSc lent `len` initialized entries until the view is dropped.
        unsafe { std::slice::from_raw_parts(self.ptr, self.len) }
    }
}

impl Drop for VecView<'_> {
    fn drop(&mut self) {
        // SAFETY: restores exactly the pointer VecGetArrayRead gave.
        crate::error::record_destroy(unsafe {
            sys::VecRestoreArrayRead(self.vec.ptr, &mut self.ptr)
        });
    }
}

impl std::fmt::Debug for VecView<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// A writable view of a vector's local entries; derefs to a mutable slice.
pub struct VecViewMut<'a> {
    vec: &'a mut Vector,
    ptr: *mut Scalar,
    len: usize,
    // Released after the array is restored.
    _borrow: ArrayBorrow,
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
        if self.len == 0 {
            return &[];
        }
        // SAFETY: PETSc lent `len` entries until the view is dropped.
        unsafe { std::slice::from_raw_parts(self.ptr, self.len) }
    }
}

impl DerefMut for VecViewMut<'_> {
    fn deref_mut(&mut self) -> &mut [Scalar] {
        if self.len == 0 {
            return &mut [];
        }
        // SAFETY: PETSc lent `len` entries for writing; `&mut self` makes this unique.
        unsafe { std::slice::from_raw_parts_mut(self.ptr, self.len) }
    }
}

impl Drop for VecViewMut<'_> {
    fn drop(&mut self) {
        // SAFETY: restores exactly the pointer VecGetArray gave.
        crate::error::record_destroy(unsafe { sys::VecRestoreArray(self.vec.ptr, &mut self.ptr) });
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
