//! Star forests (`PetscSF`): PETSc's general pattern of one-sided communication.
//!
//! Each rank holds *roots* (numbered `0..nroots`) and *leaves*; every leaf names one root,
//! by the rank that owns it and its index there ([`SfNode`]). Data moves between arrays
//! indexed by roots and arrays indexed by leaves: a broadcast copies (or combines) each
//! root's value into its leaves, a reduction combines the leaves' values into their
//! roots, a gather collects every leaf's value at its root without combining, and
//! fetch-and-op combines while handing each leaf the root's previous value.
//!
//! Safety: the arrays are Rust slices checked against the graph before PETSc touches
//! them (the root array holds at least `nroots` values, the leaf array reaches the
//! largest leaf), and [`StarForest::set_graph`] checks every remote index against the
//! number of roots its owner declares, so no rank reads or writes outside its arrays.
//! A split operation (`*_begin`) borrows its arrays until its [`SfInFlight`] ends.
//!
//! The files of this folder:
//!
//! - `mod.rs`: the [`StarForest`] handle, the graph ([`SfNode`], [`SfGraph`]), the
//!   operations and data types ([`SfOp`], [`SfData`]), creation, options, and the star
//!   forests derived from one (multi, inverse, embedded, composed).
//! - `exchange.rs`: moving data along the graph: broadcasts, reductions, gathers,
//!   scatters and fetch-and-op, whole or split into `*_begin`/`*_end` ([`SfInFlight`]).
//! - `lgmap.rs`: the local-to-global mapping that numbers leaves by their roots
//!   ([`LgMap::from_sf`](crate::LgMap::from_sf)).

use std::os::raw::c_char;

use petsc_sys as sys;

use crate::comm::Comm;
use crate::error::{Error, Result, check};
use crate::object::petsc_handle;
use crate::scalar::{Int, Real};
use crate::scatter::ScatterType;

mod exchange;
mod lgmap;

pub use exchange::SfInFlight;

petsc_handle!(
    /// A star forest (`PetscSF`) on a communicator: a graph of roots and leaves over
    /// the ranks, and the broadcasts and reductions along it.
    ///
    /// ```
    /// use petsc::{SfNode, SfOp, StarForest};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut sf = StarForest::new(&petsc.self_comm())?;
    /// // Two roots; three leaves: leaf 0 and 2 see root 1, leaf 1 sees root 0.
    /// let node = |index| SfNode { rank: 0, index };
    /// sf.set_graph(2, None, &[node(1), node(0), node(1)])?;
    /// let mut leaves = [0 as petsc::Int; 3];
    /// sf.bcast(&[10, 20], &mut leaves, SfOp::Replace)?;
    /// assert_eq!(leaves, [20, 10, 20]);
    /// let mut roots = [0 as petsc::Int; 2];
    /// sf.reduce(&[1, 2, 3], &mut roots, SfOp::Sum)?;
    /// assert_eq!(roots, [2, 4]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscSF")]
    #[doc(alias = "SF")]
    StarForest,
    sys::PetscSF,
    sys::PetscSFDestroy
);

/// The root a leaf is attached to: the rank that owns it and its index there
/// (`PetscSFNode`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[doc(alias = "PetscSFNode")]
pub struct SfNode {
    /// The rank owning the root.
    pub rank: Int,
    /// The root's index on that rank.
    pub index: Int,
}

/// A star forest's graph on one rank, as [`StarForest::graph`] returns it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SfGraph {
    /// How many roots this rank owns.
    pub nroots: Int,
    /// Where each leaf sits in leaf arrays, or `None` for the contiguous `0..n`.
    pub leaves: Option<Vec<Int>>,
    /// Each leaf's root.
    pub remotes: Vec<SfNode>,
}

impl SfGraph {
    /// How long a leaf array must be: one past the largest leaf location (0 without
    /// leaves).
    pub fn leaf_extent(&self) -> usize {
        match &self.leaves {
            Some(l) => l.iter().map(|&i| i as usize + 1).max().unwrap_or(0),
            None => self.remotes.len(),
        }
    }
}

/// How values are combined at their destination (an MPI operation).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SfOp {
    /// `MPI_REPLACE`: the incoming value replaces the old one.
    Replace,
    /// `MPI_SUM`.
    Sum,
    /// `MPI_PROD`.
    Prod,
    /// `MPI_MAX` (real and integer data only).
    Max,
    /// `MPI_MIN` (real and integer data only).
    Min,
}

impl SfOp {
    fn raw(self) -> sys::MPI_Op {
        let which = match self {
            SfOp::Replace => 0,
            SfOp::Sum => 1,
            SfOp::Prod => 2,
            SfOp::Max => 3,
            SfOp::Min => 4,
        };
        // SAFETY: returns one of MPI's predefined operation handles.
        unsafe { sys::petscrs_mpi_op(which) }
    }
}

mod sealed {
    pub trait Sealed {}
}

/// The element types star-forest operations move: PETSc's `Int`, `Real` and, with
/// complex scalars, `Scalar`, each with its MPI datatype (`MPIU_INT`, `MPIU_REAL`,
/// `MPIU_SCALAR`). Sealed: no other type has a matching datatype.
pub trait SfData: Copy + sealed::Sealed {
    /// The MPI datatype of one value.
    fn datatype() -> sys::MPI_Datatype;
}

impl sealed::Sealed for Int {}
impl SfData for Int {
    fn datatype() -> sys::MPI_Datatype {
        // SAFETY: returns PETSc's predefined datatype handle.
        unsafe { sys::petscrs_mpiu_int() }
    }
}

impl sealed::Sealed for Real {}
impl SfData for Real {
    fn datatype() -> sys::MPI_Datatype {
        // SAFETY: as above.
        unsafe { sys::petscrs_mpiu_real() }
    }
}

#[cfg(petsc_complex)]
impl sealed::Sealed for crate::scalar::Scalar {}
#[cfg(petsc_complex)]
impl SfData for crate::scalar::Scalar {
    fn datatype() -> sys::MPI_Datatype {
        // SAFETY: as above.
        unsafe { sys::petscrs_mpiu_scalar() }
    }
}

// PetscSF has no prefix functions of its own: the object ones are the same.
unsafe fn set_prefix(sf: sys::PetscSF, p: *const c_char) -> sys::PetscErrorCode {
    // SAFETY: the caller passes a live star forest and a NUL-terminated string.
    unsafe { sys::PetscObjectSetOptionsPrefix(sf as sys::PetscObject, p) }
}

unsafe fn append_prefix(sf: sys::PetscSF, p: *const c_char) -> sys::PetscErrorCode {
    // SAFETY: as in `set_prefix`.
    unsafe { sys::PetscObjectAppendOptionsPrefix(sf as sys::PetscObject, p) }
}

unsafe fn get_prefix(sf: sys::PetscSF, p: *mut *const c_char) -> sys::PetscErrorCode {
    // SAFETY: the caller passes a live star forest and a place for the pointer.
    unsafe { sys::PetscObjectGetOptionsPrefix(sf as sys::PetscObject, p) }
}

crate::class_methods! {
    StarForest: ScatterType, "PetscSF", sys::PetscSFList,
    example = "let mut obj = petsc::StarForest::new(&petsc.self_comm())?;", a_type = "basic",
    inner = "",
    set_type = sys::PetscSFSetType as "PetscSFSetType",
    set_options_prefix = set_prefix as "PetscObjectSetOptionsPrefix",
    append_options_prefix = append_prefix as "PetscObjectAppendOptionsPrefix",
    options_prefix = get_prefix as "PetscObjectGetOptionsPrefix",
    set_from_options = sys::PetscSFSetFromOptions as "PetscSFSetFromOptions",
}

impl StarForest {
    /// A star forest on `comm` without a graph (`PetscSFCreate`).
    #[doc(alias = "PetscSFCreate")]
    pub fn new(comm: &Comm) -> Result<StarForest> {
        let mut sf: sys::PetscSF = std::ptr::null_mut();
        // SAFETY: live communicator; PETSc writes the new object.
        check(unsafe { sys::PetscSFCreate(comm.as_raw(), &mut sf) })?;
        Ok(StarForest::from_raw(comm.petsc(), sf))
    }

    /// Sets the graph (`PetscSFSetGraph`; collective): this rank owns `nroots` roots
    /// and has one leaf per entry of `remotes`, stored in leaf arrays at `leaves[i]`
    /// (or at `i` with `None`). Every remote rank must exist and every remote index
    /// must be below the number of roots its rank declares; leaf locations must be
    /// distinct and non-negative. A violation on any rank is an `Err` on every rank.
    ///
    /// ```
    /// use petsc::{SfNode, StarForest};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut sf = StarForest::new(&petsc.self_comm())?;
    /// sf.set_graph(3, Some(&[4, 1]), &[SfNode { rank: 0, index: 2 }, SfNode { rank: 0, index: 0 }])?;
    /// let g = sf.graph()?;
    /// // PETSc keeps the leaves sorted by location, each with its remote.
    /// assert_eq!((g.nroots, g.leaves.as_deref(), g.leaf_extent()), (3, Some(&[1, 4][..]), 5));
    /// assert_eq!((g.remotes[0].index, g.remotes[1].index), (0, 2));
    /// let e = sf.set_graph(3, None, &[SfNode { rank: 0, index: 3 }]).unwrap_err();
    /// assert!(e.to_string().contains("index 3"), "{e}");
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscSFSetGraph")]
    pub fn set_graph(
        &mut self,
        nroots: Int,
        leaves: Option<&[Int]>,
        remotes: &[SfNode],
    ) -> Result<()> {
        const CTX: &str = "StarForest::set_graph";
        let comm = crate::object::Object::comm(self);
        let size = comm.size();
        let local = (|| {
            if nroots < 0 {
                return Err(Error::invalid(
                    CTX,
                    format!("nroots is {nroots}; it must not be negative"),
                ));
            }
            let n = crate::is::int_len(CTX, "leaves", remotes.len())?;
            if let Some(l) = leaves {
                if l.len() != remotes.len() {
                    return Err(Error::size_mismatch(
                        CTX,
                        format!(
                            "{} leaf locations for {} remotes; give one per remote",
                            l.len(),
                            remotes.len()
                        ),
                    ));
                }
                if let Some((p, &i)) = l.iter().enumerate().find(|&(_, &i)| i < 0) {
                    return Err(Error::out_of_range(
                        CTX,
                        format!("leaf location {i} (position {p}) is negative"),
                    ));
                }
                let mut sorted = l.to_vec();
                sorted.sort_unstable();
                if let Some(w) = sorted.windows(2).find(|w| w[0] == w[1]) {
                    return Err(Error::invalid(
                        CTX,
                        format!("leaf location {} appears twice", w[0]),
                    ));
                }
            }
            if let Some((p, r)) = remotes
                .iter()
                .enumerate()
                .find(|(_, r)| r.rank < 0 || r.rank >= Int::from(size) || r.index < 0)
            {
                return Err(Error::out_of_range(
                    CTX,
                    format!(
                        "remote {p} is (rank {}, index {}); ranks run 0..{size} and indices are not negative",
                        r.rank, r.index
                    ),
                ));
            }
            Ok(n)
        })();
        let local = comm.agree(CTX, local);
        let ok = local.is_ok();
        check_remote_indices(
            &comm,
            CTX,
            ok.then_some(nroots),
            if ok { remotes } else { &[] },
        )?;
        let n = local?;
        let mut nodes: Vec<sys::PetscSFNode> = remotes
            .iter()
            .map(|r| sys::PetscSFNode {
                rank: r.rank,
                index: r.index,
            })
            .collect();
        let mut ilocal: Option<Vec<Int>> = leaves.map(<[Int]>::to_vec);
        let ilocal_ptr = ilocal
            .as_mut()
            .map_or(std::ptr::null_mut(), |l| l.as_mut_ptr());
        // SAFETY: live star forest; `n` leaves, each array holding `n` entries, both
        // copied (PETSC_COPY_VALUES); all entries checked above.
        check(unsafe {
            sys::PetscSFSetGraph(
                self.ptr,
                nroots,
                n,
                ilocal_ptr,
                sys::PetscCopyMode::PETSC_COPY_VALUES,
                nodes.as_mut_ptr(),
                sys::PetscCopyMode::PETSC_COPY_VALUES,
            )
        })
    }

    /// Whether a graph is set (`PetscSFGetGraph` reports roots): a DM's point star
    /// forest on one rank has none (no point is shared).
    pub(crate) fn has_graph(&self) -> Result<bool> {
        let mut nroots: Int = -1;
        // SAFETY: live star forest; PETSc writes the count (the other outputs are
        // optional).
        check(unsafe {
            sys::PetscSFGetGraph(
                self.ptr,
                &mut nroots,
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                std::ptr::null_mut(),
            )
        })?;
        Ok(nroots >= 0)
    }

    /// This rank's graph (`PetscSFGetGraph`); an `Err` before a graph is set. PETSc
    /// keeps explicit leaf locations sorted, each with its remote.
    #[doc(alias = "PetscSFGetGraph")]
    pub fn graph(&self) -> Result<SfGraph> {
        let mut nroots: Int = 0;
        let mut nleaves: Int = 0;
        let mut ilocal: *const Int = std::ptr::null();
        let mut iremote: *const sys::PetscSFNode = std::ptr::null();
        // SAFETY: live star forest; PETSc lends its arrays (valid while the graph is
        // unchanged, that is during this call).
        check(unsafe {
            sys::PetscSFGetGraph(
                self.ptr,
                &mut nroots,
                &mut nleaves,
                &mut ilocal,
                &mut iremote,
            )
        })?;
        if nroots < 0 {
            return Err(Error::invalid(
                "StarForest::graph",
                "no graph is set (StarForest::set_graph)",
            ));
        }
        let n = nleaves.max(0) as usize;
        let leaves = (!ilocal.is_null() && n > 0).then(|| {
            // SAFETY: PETSc lent `nleaves` leaf locations.
            unsafe { std::slice::from_raw_parts(ilocal, n) }.to_vec()
        });
        let remotes = if iremote.is_null() || n == 0 {
            Vec::new()
        } else {
            // SAFETY: PETSc lent `nleaves` remotes.
            unsafe { std::slice::from_raw_parts(iremote, n) }
                .iter()
                .map(|r| SfNode {
                    rank: r.rank,
                    index: r.index,
                })
                .collect()
        };
        Ok(SfGraph {
            nroots,
            leaves,
            remotes,
        })
    }

    crate::methods![for StarForest;
        /// Orders the ranks this rank talks to by rank number (`PetscSFSetRankOrder`;
        /// before set-up), making reductions reproducible.
        pub fn set_rank_order(&mut self, ordered: bool) = PetscSFSetRankOrder as "PetscSFSetRankOrder";
    ];

    crate::methods![for StarForest;
        /// Prepares the communication (`PetscSFSetUp`; collective); the operations do it
        /// themselves when needed.
        pub fn set_up(&mut self) = PetscSFSetUp as "PetscSFSetUp";

        /// Forgets the graph and the communication set up for it (`PetscSFReset`).
        pub fn reset(&mut self) = PetscSFReset as "PetscSFReset";
    ];

    /// The number of leaves attached to each of this rank's roots
    /// (`PetscSFComputeDegreeBegin`/`End`; collective).
    ///
    /// ```
    /// use petsc::{SfNode, StarForest};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut sf = StarForest::new(&petsc.self_comm())?;
    /// let node = |index| SfNode { rank: 0, index };
    /// sf.set_graph(3, None, &[node(2), node(0), node(2)])?;
    /// assert_eq!(sf.compute_degree()?, [1, 0, 2]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscSFComputeDegreeBegin")]
    #[doc(alias = "PetscSFComputeDegreeEnd")]
    pub fn compute_degree(&self) -> Result<Vec<Int>> {
        let nroots = self.graph()?.nroots.max(0) as usize;
        let mut deg: *const Int = std::ptr::null();
        // SAFETY: live star forest with a graph; PETSc keeps the degrees in the forest.
        check(unsafe { sys::PetscSFComputeDegreeBegin(self.ptr, &mut deg) })?;
        // SAFETY: as above, completing the computation begun.
        check(unsafe { sys::PetscSFComputeDegreeEnd(self.ptr, &mut deg) })?;
        if nroots == 0 || deg.is_null() {
            return Ok(Vec::new());
        }
        // SAFETY: PETSc's degree array holds one entry per root, owned by the forest.
        Ok(unsafe { std::slice::from_raw_parts(deg, nroots) }.to_vec())
    }

    /// The multi-forest (`PetscSFGetMultiSF`; collective): one root per leaf of this
    /// forest, grouped by the root it was attached to, so that [`gather`](Self::gather)
    /// keeps every leaf's value. The handle shares the forest PETSc keeps inside this one.
    #[doc(alias = "PetscSFGetMultiSF")]
    pub fn multi(&self) -> Result<StarForest> {
        self.graph()?;
        let mut m: sys::PetscSF = std::ptr::null_mut();
        // SAFETY: live star forest with a graph; PETSc lends the multi-forest it keeps.
        check(unsafe { sys::PetscSFGetMultiSF(self.ptr, &mut m) })?;
        // SAFETY: `m` is live and owned by `self`, which the new handle keeps alive.
        unsafe { StarForest::from_raw_child(&self.petsc, m, self.ptr as sys::PetscObject) }
    }

    /// The inverse forest (`PetscSFCreateInverseSF`; collective): roots and leaves
    /// swapped, for a forest whose roots each have at most one leaf.
    #[doc(alias = "PetscSFCreateInverseSF")]
    pub fn create_inverse(&self) -> Result<StarForest> {
        const CTX: &str = "StarForest::create_inverse";
        let comm = crate::object::Object::comm(self);
        let degree = self.compute_degree()?;
        let local = match degree.iter().position(|&d| d > 1) {
            Some(r) => Err(Error::invalid(
                CTX,
                format!(
                    "root {r} has {} leaves; an inverse needs at most one per root",
                    degree[r]
                ),
            )),
            None => Ok(()),
        };
        comm.agree(CTX, local)?;
        let mut inv: sys::PetscSF = std::ptr::null_mut();
        // SAFETY: live star forest with a graph; PETSc writes the new forest.
        check(unsafe { sys::PetscSFCreateInverseSF(self.ptr, &mut inv) })?;
        Ok(StarForest::from_raw(&self.petsc, inv))
    }

    /// The forest keeping only the given roots of this rank and the leaves attached to
    /// them (`PetscSFCreateEmbeddedRootSF`; collective).
    #[doc(alias = "PetscSFCreateEmbeddedRootSF")]
    pub fn create_embedded_root_sf(&self, roots: &[Int]) -> Result<StarForest> {
        const CTX: &str = "StarForest::create_embedded_root_sf";
        let g = self.graph()?;
        let local = crate::is::int_len(CTX, "roots", roots.len()).and_then(|n| {
            match roots.iter().position(|&r| r < 0 || r >= g.nroots) {
                Some(p) => Err(Error::out_of_range(
                    CTX,
                    format!("root {} (position {p}) is not in 0..{}", roots[p], g.nroots),
                )),
                None => Ok(n),
            }
        });
        let n = crate::object::Object::comm(self).agree(CTX, local)?;
        let mut out: sys::PetscSF = std::ptr::null_mut();
        // SAFETY: live star forest; `roots` holds `n` checked indices, read only.
        check(unsafe { sys::PetscSFCreateEmbeddedRootSF(self.ptr, n, roots.as_ptr(), &mut out) })?;
        Ok(StarForest::from_raw(&self.petsc, out))
    }

    /// The forest keeping only the given leaves of this rank, named by their locations
    /// in leaf arrays (`PetscSFCreateEmbeddedLeafSF`; collective).
    #[doc(alias = "PetscSFCreateEmbeddedLeafSF")]
    pub fn create_embedded_leaf_sf(&self, leaves: &[Int]) -> Result<StarForest> {
        const CTX: &str = "StarForest::create_embedded_leaf_sf";
        let g = self.graph()?;
        let is_leaf = |l: Int| match &g.leaves {
            Some(ls) => ls.contains(&l),
            None => l >= 0 && (l as usize) < g.remotes.len(),
        };
        let local = crate::is::int_len(CTX, "leaves", leaves.len()).and_then(|n| {
            match leaves.iter().position(|&l| !is_leaf(l)) {
                Some(p) => Err(Error::out_of_range(
                    CTX,
                    format!(
                        "{} (position {p}) is not a leaf location of this rank",
                        leaves[p]
                    ),
                )),
                None => Ok(n),
            }
        });
        let n = crate::object::Object::comm(self).agree(CTX, local)?;
        let mut out: sys::PetscSF = std::ptr::null_mut();
        // SAFETY: live star forest; `leaves` holds `n` checked locations, read only.
        check(unsafe { sys::PetscSFCreateEmbeddedLeafSF(self.ptr, n, leaves.as_ptr(), &mut out) })?;
        Ok(StarForest::from_raw(&self.petsc, out))
    }

    /// The composition `other ∘ self` (`PetscSFCompose`; collective): `self`'s leaves
    /// must be `other`'s roots (each rank's leaf extent at most `other`'s root count);
    /// the result maps `self`'s roots to `other`'s leaves. (Not named `compose`, which is
    /// [`Object::compose`](crate::Object::compose), attaching an object by name.)
    #[doc(alias = "PetscSFCompose")]
    #[doc(alias = "compose")]
    pub fn compose_with(&self, other: &StarForest) -> Result<StarForest> {
        const CTX: &str = "StarForest::compose_with";
        let (a, b) = (self.graph()?, other.graph()?);
        let local = if a.leaf_extent() > b.nroots.max(0) as usize {
            Err(Error::size_mismatch(
                CTX,
                format!(
                    "the first forest's leaves reach location {}, but the second has {} roots",
                    a.leaf_extent().saturating_sub(1),
                    b.nroots
                ),
            ))
        } else {
            Ok(())
        };
        crate::object::Object::comm(self).agree(CTX, local)?;
        let mut out: sys::PetscSF = std::ptr::null_mut();
        // SAFETY: live forests with graphs, sizes checked; PETSc writes the new forest.
        check(unsafe { sys::PetscSFCompose(self.ptr, other.ptr, &mut out) })?;
        Ok(StarForest::from_raw(&self.petsc, out))
    }
}

/// Checks every remote index against the number of roots its owner declares (every
/// rank's `nroots`, gathered; collective): an `Err` on every rank when one is past.
pub(crate) fn check_remote_indices(
    comm: &Comm,
    ctx: &str,
    nroots: Option<Int>,
    remotes: &[SfNode],
) -> Result<()> {
    let counts = comm.all_gather_i64(nroots.map_or(0, crate::comm::wide))?;
    let bad = remotes.iter().enumerate().find(|(_, r)| {
        usize::try_from(r.rank)
            .ok()
            .and_then(|k| counts.get(k))
            .is_none_or(|&c| crate::comm::wide(r.index) >= c || r.index < 0)
    });
    let checked = match bad {
        Some((p, r)) => Err(Error::out_of_range(
            ctx,
            format!(
                "remote {p} names root index {} of rank {}, which has {} roots",
                r.index,
                r.rank,
                usize::try_from(r.rank)
                    .ok()
                    .and_then(|k| counts.get(k))
                    .map_or("no".to_string(), |c| c.to_string())
            ),
        )),
        None => Ok(()),
    };
    comm.agree(ctx, checked)
}

// The name before 0.2; it still compiles, with a deprecation warning naming the new one
// (and, while it stays, shadows `Object::compose` on a star forest).
impl StarForest {
    /// The former name of [`compose_with`](Self::compose_with).
    #[deprecated(
        since = "0.2.0",
        note = "use `StarForest::compose_with` (`compose` is `Object::compose`, which this shadowed)"
    )]
    pub fn compose(&self, other: &StarForest) -> Result<StarForest> {
        self.compose_with(other)
    }
}
