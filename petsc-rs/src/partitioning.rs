//! Graph partitioning (`MatPartitioning`): which rank should own each row of a matrix
//! read as a graph, computed by ParMETIS, PT-Scotch, Chaco, Party or PETSc's own simple
//! methods, whichever this PETSc has.
//!
//! ```
//! use petsc::{InsertMode, IndexSet, Mat, MatPartitioning, MatPartitioningType, Sizes};
//! let petsc = petsc::Petsc::init()?;
//! let world = petsc.world();
//! // The graph of a path of 6 vertices.
//! let mut a = Mat::aij(&world).sizes(Sizes::global(6, 6)).preallocate(3, 2).build()?;
//! for i in a.ownership_range()? {
//!     for j in [i - 1, i + 1].into_iter().filter(|j| (0..6).contains(j)) {
//!         a.set_value(i, j, 1.0, InsertMode::Insert)?;
//!     }
//! }
//! a.assemble()?;
//! let mut part = MatPartitioning::new(&world)?;
//! part.set_adjacency(&a)?;
//! part.set_type(MatPartitioningType::Current)?; // each row stays where it is
//! let owners: IndexSet = part.apply()?;
//! assert_eq!(owners.to_vec()?, vec![world.rank() as petsc::Int; owners.local_size()? as usize]);
//! # Ok::<(), petsc::Error>(())
//! ```

use std::os::raw::c_char;

use petsc_sys as sys;

use crate::comm::Comm;
use crate::declare::{from_petsc_bool, petsc_bool};
use crate::error::{Error, Result, check};
use crate::is::IndexSet;
use crate::mat::Mat;
use crate::object::{Object, petsc_handle, type_enum};
use crate::scalar::Int;

petsc_handle!(
    /// A graph partitioner (`MatPartitioning`): [`set_adjacency`](Self::set_adjacency)
    /// gives it the graph (a square matrix, read by its nonzero pattern), and
    /// [`apply`](Self::apply) says, for each row this rank owns, the part (rank) it
    /// should go to.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let part = petsc::MatPartitioning::new(&petsc.world())?;
    /// # Ok::<(), petsc::Error>(())
    /// ```
    MatPartitioning,
    sys::MatPartitioning,
    sys::MatPartitioningDestroy
);

type_enum!(
/// Partitioner types (`MatPartitioningType`); [`MatPartitioningType::Other`] names any
/// registered type. The external ones exist only when PETSc was built with their
/// library: setting one that is not there is an `Err` naming it.
///
/// ```
/// use petsc::MatPartitioningType;
/// assert_eq!(MatPartitioningType::Ptscotch.as_str(), "ptscotch");
/// ```
MatPartitioningType {
    Current = "current" "Every row stays on its rank.",
    Average = "average" "Rows split into parts of equal size, in order.",
    Square = "square" "For the 5-point stencil of a square grid.",
    Parmetis = "parmetis" "ParMETIS's multilevel k-way method.",
    Chaco = "chaco" "Chaco (one rank).",
    Party = "party" "Party (one rank).",
    Ptscotch = "ptscotch" "PT-Scotch.",
    Hierarchical = "hierarchical" "Coarse parts, each split into fine parts.",
});

// MatPartitioning's prefix functions are the object ones.
unsafe fn set_prefix(p: sys::MatPartitioning, s: *const c_char) -> sys::PetscErrorCode {
    // SAFETY: the caller passes a live partitioner and a NUL-terminated string.
    unsafe { sys::PetscObjectSetOptionsPrefix(p as sys::PetscObject, s) }
}

unsafe fn append_prefix(p: sys::MatPartitioning, s: *const c_char) -> sys::PetscErrorCode {
    // SAFETY: as in `set_prefix`.
    unsafe { sys::PetscObjectAppendOptionsPrefix(p as sys::PetscObject, s) }
}

unsafe fn get_prefix(p: sys::MatPartitioning, s: *mut *const c_char) -> sys::PetscErrorCode {
    // SAFETY: the caller passes a live partitioner and a place for the pointer.
    unsafe { sys::PetscObjectGetOptionsPrefix(p as sys::PetscObject, s) }
}

crate::class_methods! {
    MatPartitioning: MatPartitioningType, "MatPartitioning", sys::MatPartitioningList,
    example = "let mut obj = petsc::MatPartitioning::new(&petsc.self_comm())?;",
    a_type = "average",
    inner = "",
    set_type = sys::MatPartitioningSetType as "MatPartitioningSetType",
    set_options_prefix = set_prefix as "PetscObjectSetOptionsPrefix",
    append_options_prefix = append_prefix as "PetscObjectAppendOptionsPrefix",
    options_prefix = get_prefix as "PetscObjectGetOptionsPrefix",
    set_from_options = sys::MatPartitioningSetFromOptions as "MatPartitioningSetFromOptions",
}

impl MatPartitioning {
    /// A partitioner on `comm` (`MatPartitioningCreate`; collective), of PETSc's default
    /// type (ParMETIS where PETSc has it, else `"current"`), with one part a rank.
    #[doc(alias = "MatPartitioningCreate")]
    pub fn new(comm: &Comm) -> Result<MatPartitioning> {
        let mut p: sys::MatPartitioning = std::ptr::null_mut();
        // SAFETY: live communicator; PETSc writes the new object (and registers the
        // partitioner types).
        check(unsafe { sys::MatPartitioningCreate(comm.as_raw(), &mut p) })?;
        Ok(MatPartitioning::from_raw(comm.petsc(), p))
    }

    /// The same as [`new`](Self::new) (petsc4py's `create`).
    #[deprecated(
        since = "0.2.0",
        note = "use `MatPartitioning::new` (constructors are `new`/`new_*`)"
    )]
    #[doc(alias = "MatPartitioningCreate")]
    pub fn create(comm: &Comm) -> Result<MatPartitioning> {
        MatPartitioning::new(comm)
    }

    /// Sets the graph (`MatPartitioningSetAdjacency`): a square matrix on the
    /// partitioner's communicator whose nonzero pattern gives the edges (its values and
    /// diagonal are not used). The partitioner keeps its own reference.
    #[doc(alias = "MatPartitioningSetAdjacency")]
    pub fn set_adjacency(&mut self, adj: &Mat) -> Result<()> {
        adj.check_loan("MatPartitioning::set_adjacency")?;
        const CTX: &str = "MatPartitioning::set_adjacency";
        let (m, n) = adj.size()?;
        if m != n {
            return Err(Error::size_mismatch(
                CTX,
                format!("the graph is {m} x {n}; it must be square"),
            ));
        }
        if !self.comm().congruent(&adj.comm()) {
            return Err(Error::invalid(
                CTX,
                "the graph is on another communicator than the partitioner",
            ));
        }
        // SAFETY: both live; PETSc takes its own reference to the matrix.
        check(unsafe { sys::MatPartitioningSetAdjacency(self.ptr, adj.as_raw()) })
    }

    /// Sets the number of parts (`MatPartitioningSetNParts`; collective), one a rank by
    /// default; at least 1.
    #[doc(alias = "MatPartitioningSetNParts")]
    pub fn set_n_parts(&mut self, n: Int) -> Result<()> {
        if n < 1 {
            return Err(Error::invalid(
                "MatPartitioning::set_n_parts",
                format!("n is {n}; there must be at least one part"),
            ));
        }
        // SAFETY: live partitioner.
        check(unsafe { sys::MatPartitioningSetNParts(self.ptr, n) })
    }

    /// The part of each row this rank owns (`MatPartitioningApply`; collective): an
    /// index set of the rows' local length. [`IndexSet::partitioning_to_numbering`]
    /// turns it into the rows' new global numbers, and
    /// [`IndexSet::partitioning_count`] counts each part's rows. A partitioner without a
    /// graph is an `Err`, and so is PT-Scotch where its integers are not `PetscInt`'s
    /// width (Debian's 64-bit-index PETSc).
    #[doc(alias = "MatPartitioningApply")]
    pub fn apply(&mut self) -> Result<IndexSet> {
        let mut has = petsc_bool(false);
        // SAFETY: live partitioner; the shim reads whether its graph is set.
        check(unsafe { sys::petscrs_MatPartitioningHasAdjacency(self.ptr, &mut has) })?;
        if !from_petsc_bool(has) {
            return Err(Error::invalid(
                "MatPartitioning::apply",
                "the partitioner has no graph: call set_adjacency first",
            ));
        }
        self.check_scotch()?;
        let mut is: sys::IS = std::ptr::null_mut();
        // SAFETY: live partitioner; PETSc checks its graph and writes a new index set.
        check(unsafe { sys::MatPartitioningApply(self.ptr, &mut is) })?;
        Ok(IndexSet::from_raw(self.petsc(), is))
    }

    /// Refuses PT-Scotch when the PT-Scotch library loaded has integers of another
    /// width than `PetscInt`: PETSc hands it arrays of `PetscInt`, which it reads
    /// wrongly, and the partitioning crashes (Debian's 64-bit-index PETSc links the
    /// 32-bit PT-Scotch).
    fn check_scotch(&self) -> Result<()> {
        if self.type_name()? != "ptscotch" {
            return Ok(());
        }
        // SAFETY: looks a function up among the loaded libraries and calls it.
        let width = unsafe { sys::petscrs_scotch_num_size() };
        let ours = std::mem::size_of::<Int>();
        if width <= 0 || width as usize == ours {
            return Ok(());
        }
        Err(Error::invalid(
            "MatPartitioning::apply",
            format!(
                "the partitioner is PT-Scotch, whose integers have {width} bytes in the \
                 library loaded, but PETSc's indices have {ours}: PETSc would hand it arrays \
                 it reads wrongly. Choose another type (parmetis, average, ...)"
            ),
        ))
    }

    /// The same as [`apply`](Self::apply) (petsc4py's `apply(IS)` fills its argument).
    #[doc(alias = "MatPartitioningApply")]
    pub fn partitioning(&mut self) -> Result<IndexSet> {
        self.apply()
    }
}
