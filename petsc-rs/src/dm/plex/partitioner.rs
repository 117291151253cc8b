//! The mesh partitioner (`PetscPartitioner`): [`Partitioner`], which decides the rank of
//! each cell when [`Plex::distribute`] spreads a mesh, by ParMETIS, PT-Scotch, Chaco,
//! PETSc's simple blocks, gathering on one rank, or an explicit assignment (`shell`).
//!
//! ```
//! use petsc::{Partitioner, PartitionerType, Plex};
//! let petsc = petsc::Petsc::init()?;
//! let mut mesh = Plex::create_box_mesh(&petsc.world(), 2, false, None, None, None, None, true)?;
//! let mut part = Partitioner::new(&petsc.world())?;
//! part.set_type(PartitionerType::Simple)?;
//! mesh.set_partitioner(&part)?;
//! assert_eq!(mesh.partitioner()?.ty()?, Some(PartitionerType::Simple));
//! # Ok::<(), petsc::Error>(())
//! ```

use std::os::raw::c_char;

use petsc_sys as sys;

use super::Plex;
use crate::comm::Comm;
use crate::error::{Error, Result, check, int_len};
use crate::object::{Object, petsc_handle, type_enum};
use crate::scalar::Int;

petsc_handle!(
    /// A mesh partitioner (`PetscPartitioner`), set on a mesh with
    /// [`Plex::set_partitioner`] or reached with [`Plex::partitioner`].
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let part = petsc::Partitioner::new(&petsc.world())?;
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscPartitioner")]
    Partitioner,
    sys::PetscPartitioner,
    sys::PetscPartitionerDestroy
);

type_enum!(
/// Mesh partitioner types (`PetscPartitionerType`); [`PartitionerType::Other`] names any
/// registered type. The external ones exist only when PETSc was built with their
/// library.
///
/// ```
/// use petsc::PartitionerType;
/// assert_eq!(PartitionerType::Shell.as_str(), "shell");
/// ```
PartitionerType {
    Parmetis = "parmetis" "ParMETIS.",
    Ptscotch = "ptscotch" "PT-Scotch.",
    Chaco = "chaco" "Chaco.",
    Simple = "simple" "Contiguous blocks of cells.",
    Shell = "shell" "The assignment given by [`Partitioner::set_shell_partition`] (or a random \
        one).",
    Gather = "gather" "Every cell on rank 0.",
    MatPartitioning = "matpartitioning" "Through a [`MatPartitioning`](crate::MatPartitioning).",
});

// PetscPartitioner's prefix functions are the object ones.
unsafe fn set_prefix(p: sys::PetscPartitioner, s: *const c_char) -> sys::PetscErrorCode {
    // SAFETY: the caller passes a live partitioner and a NUL-terminated string.
    unsafe { sys::PetscObjectSetOptionsPrefix(p as sys::PetscObject, s) }
}

unsafe fn append_prefix(p: sys::PetscPartitioner, s: *const c_char) -> sys::PetscErrorCode {
    // SAFETY: as in `set_prefix`.
    unsafe { sys::PetscObjectAppendOptionsPrefix(p as sys::PetscObject, s) }
}

unsafe fn get_prefix(p: sys::PetscPartitioner, s: *mut *const c_char) -> sys::PetscErrorCode {
    // SAFETY: the caller passes a live partitioner and a place for the pointer.
    unsafe { sys::PetscObjectGetOptionsPrefix(p as sys::PetscObject, s) }
}

crate::class_methods! {
    Partitioner: PartitionerType, "PetscPartitioner", sys::PetscPartitionerList,
    example = "let mut obj = petsc::Partitioner::new(&petsc.self_comm())?;",
    a_type = "simple",
    inner = "",
    set_type = sys::PetscPartitionerSetType as "PetscPartitionerSetType",
    set_options_prefix = set_prefix as "PetscObjectSetOptionsPrefix",
    append_options_prefix = append_prefix as "PetscObjectAppendOptionsPrefix",
    options_prefix = get_prefix as "PetscObjectGetOptionsPrefix",
    set_from_options = sys::PetscPartitionerSetFromOptions as "PetscPartitionerSetFromOptions",
}

impl Partitioner {
    /// A partitioner on `comm` (`PetscPartitionerCreate`; collective), of PETSc's
    /// default type until one is set.
    #[doc(alias = "PetscPartitionerCreate")]
    pub fn new(comm: &Comm) -> Result<Partitioner> {
        let mut p: sys::PetscPartitioner = std::ptr::null_mut();
        // SAFETY: live communicator; PETSc registers the types and writes the object.
        check(unsafe { sys::PetscPartitionerCreate(comm.as_raw(), &mut p) })?;
        Ok(Partitioner::from_raw(comm.petsc(), p))
    }

    /// The same as [`new`](Self::new) (petsc4py's `create`).
    #[deprecated(
        since = "0.2.0",
        note = "use `Partitioner::new` (constructors are `new`/`new_*`)"
    )]
    #[doc(alias = "PetscPartitionerCreate")]
    pub fn create(comm: &Comm) -> Result<Partitioner> {
        Partitioner::new(comm)
    }

    crate::methods![for Partitioner;
        /// Prepares the partitioner (`PetscPartitionerSetUp`; collective).
        pub fn set_up(&mut self) = PetscPartitionerSetUp as "PetscPartitionerSetUp";
        /// Drops what set-up prepared (`PetscPartitionerReset`; collective).
        pub fn reset(&mut self) = PetscPartitionerReset as "PetscPartitionerReset";
    ];

    /// Gives a `shell` partitioner its assignment (`PetscPartitionerShellSetPartition`;
    /// collective): part `r` (the rank `r` of the distribution) receives `sizes[r]`
    /// cells, listed one part after another in `points` (cell numbers of the mesh
    /// before distribution, each once). A partitioner of another type, `points` of
    /// another length than the sum of `sizes`, a negative size or a repeated cell is an
    /// `Err`.
    #[doc(alias = "PetscPartitionerShellSetPartition")]
    pub fn set_shell_partition(&mut self, sizes: &[Int], points: &[Int]) -> Result<()> {
        const CTX: &str = "Partitioner::set_shell_partition";
        if self.ty()? != Some(PartitionerType::Shell) {
            return Err(Error::invalid(
                CTX,
                format!(
                    "the partitioner has type '{}'; an assignment needs the type 'shell'",
                    self.type_name()?
                ),
            ));
        }
        if let Some(s) = sizes.iter().find(|&&s| s < 0) {
            return Err(Error::invalid(CTX, format!("a part size is {s}")));
        }
        let total: Int = sizes.iter().sum();
        if total as usize != points.len() {
            return Err(Error::size_mismatch(
                CTX,
                format!(
                    "the sizes add up to {total}, but points has {} entries",
                    points.len()
                ),
            ));
        }
        let mut seen = points.to_vec();
        seen.sort_unstable();
        if let Some(w) = seen.windows(2).find(|w| w[0] == w[1]) {
            return Err(Error::invalid(
                CTX,
                format!("cell {} is listed twice", w[0]),
            ));
        }
        if let Some(p) = seen.first().filter(|&&p| p < 0) {
            return Err(Error::out_of_range(CTX, format!("cell {p} is negative")));
        }
        let n = int_len(CTX, "parts", sizes.len())?;
        // SAFETY: live shell partitioner; `sizes` has `n` entries and `points` their sum
        // (checked); PETSc copies both.
        check(unsafe {
            sys::PetscPartitionerShellSetPartition(self.ptr, n, sizes.as_ptr(), points.as_ptr())
        })
    }
}

impl Plex {
    /// The partitioner [`distribute`](Self::distribute) uses (`DMPlexGetPartitioner`),
    /// with a reference of its own.
    #[doc(alias = "DMPlexGetPartitioner")]
    pub fn partitioner(&self) -> Result<Partitioner> {
        let mut p: sys::PetscPartitioner = std::ptr::null_mut();
        // SAFETY: live plex; PETSc lends its partitioner.
        check(unsafe { sys::DMPlexGetPartitioner(self.ptr, &mut p) })?;
        // SAFETY: the live partitioner; the handle takes a reference of its own.
        unsafe { Partitioner::from_raw_borrowed(self.petsc(), p) }
    }

    /// Sets the partitioner [`distribute`](Self::distribute) uses
    /// (`DMPlexSetPartitioner`; collective); the mesh keeps its own reference.
    #[doc(alias = "DMPlexSetPartitioner")]
    pub fn set_partitioner(&mut self, part: &Partitioner) -> Result<()> {
        if !self.comm().congruent(&part.comm()) {
            return Err(Error::invalid(
                "Plex::set_partitioner",
                "the partitioner is on another communicator than the mesh",
            ));
        }
        // SAFETY: both live; PETSc takes its own reference to the partitioner.
        check(unsafe { sys::DMPlexSetPartitioner(self.ptr, part.as_raw()) })
    }
}
