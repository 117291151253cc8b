//! Staggered grids (`DMStag`): the [`Stag`] handle.
//!
//! A [`Stag`] is a logically rectangular grid of `M x N x P` elements split over the
//! ranks of a communicator, with degrees of freedom on each stratum: vertices, edges,
//! faces and elements (in 2D: vertices, edges and elements; in 1D: vertices and
//! elements). Each element holds the degrees of freedom of its own interior and of its
//! left, down and back faces, edges and corner; those on the right, top and front
//! boundary of a non-periodic grid live on partial "extra" elements past the last one
//! ([`StagCorners::extra`]).
//!
//! A degree of freedom is named by element, [`StagLocation`] and component
//! ([`StagStencil`]): set values of global vectors and matrices by name
//! ([`Stag::vec_set_values_stencil`], [`Stag::mat_set_values_stencil`]), read local
//! vectors by name ([`Stag::vec_get_values_stencil`]), or index a local vector's array by
//! element and slot ([`Stag::view`], [`Stag::view_mut`], with slots from
//! [`Stag::location_slot`]), as `DMStagVecGetArray` does in C.
//!
//! ```
//! use petsc::{DmBase, InsertMode, Stag, StagLocation, StagStencil};
//! let petsc = petsc::Petsc::init()?;
//! // 4 x 3 elements, one dof on every vertex, edge and element.
//! let stag = Stag::grid(&petsc.world()).sizes([4, 3]).dof(&[1, 1, 1]).build()?;
//! let mut x = stag.create_global_vector()?;
//! assert_eq!(x.size()?, 5 * 4 + 4 * 4 + 5 * 3 + 4 * 3);
//! let c = stag.corners()?;
//! for [i, j, _] in c.owned().iter() {
//!     let s = StagStencil::new(i, j, 0, StagLocation::Element, 0);
//!     stag.vec_set_values_stencil(&mut x, &[s], &[1.0], InsertMode::Insert)?;
//! }
//! x.assemble()?;
//! assert_eq!(x.sum()?, 12.0); // one per element
//! # Ok::<(), petsc::Error>(())
//! ```
//!
//! The module is split by topic: [`builder`] (making a grid, checked before PETSc sees
//! it), `setters` (a grid made by [`Stag::new`] and set up step by step), [`location`] (locations and stencils), `layout` (the index arithmetic of local
//! arrays), [`views`] (array views by element and slot), [`stencil`] (vector and
//! matrix entries by name) and [`coordinates`].

use std::cell::Cell;

use petsc_sys as sys;

use super::base::sealed::DmRaw;
use super::generic::wrap_kind;
use super::{BoundaryType, Corners, Dm, DmBase};
use crate::error::{Error, Result, check};
use crate::init::Petsc;
use crate::object::{Object, petsc_handle};
use crate::scalar::Int;
use crate::vec::Vector;

mod builder;
mod coordinates;
mod grid;
mod layout;
mod location;
mod setters;
mod stencil;
mod views;

pub use builder::StagBuilder;
pub use grid::StagGridBuilder;
pub(crate) use layout::Geometry;
pub use location::{StagLocation, StagStencil, StagStencilType};
pub use views::{StagView, StagViewMut};

petsc_handle!(
    /// A distributed staggered grid (`DM` of type `DMSTAG`), made with [`Stag::grid`].
    ///
    /// ```
    /// use petsc::{DmBase, Stag};
    /// let petsc = petsc::Petsc::init()?;
    /// let stag = Stag::grid(&petsc.world()).sizes([10]).dof(&[1, 2]).build()?;
    /// assert_eq!(stag.entries_per_element()?, 3);
    /// // 11 vertices with one value, 10 elements with two.
    /// assert_eq!(stag.create_global_vector()?.size()?, 11 + 20);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    ///
    /// Like every handle, it stays on its thread:
    ///
    /// ```compile_fail,E0277
    /// fn send<T: Send>(_: T) {}
    /// let petsc = petsc::Petsc::init()?;
    /// send(petsc::Stag::grid(&petsc.self_comm()).sizes([2]).dof(&[1, 1]).build()?);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMStag")]
    Stag,
    sys::DM,
    sys::DMDestroy,
    geometry: Cell<Option<Geometry>> = Cell::new(None)
);

impl DmRaw for Stag {
    fn dm_raw(&self) -> sys::DM {
        self.ptr
    }

    fn wrap_dm(petsc: &Petsc, dm: sys::DM, ctx: &str) -> Result<Stag> {
        let d = wrap_kind(petsc, dm, ctx, "stag", "a DMStag")?;
        let stag = Stag::from_raw(petsc, d);
        // `Stag`'s methods read a set-up grid: check the grid PETSc would set up (the
        // same verdict on every rank, without communication) and set it up if it is not
        // (collective then; nothing happens on a set-up DM).
        builder::check_config(ctx, &stag, [None; 3])?;
        // SAFETY: live DMStag whose configuration was checked.
        check(unsafe { sys::DMSetUp(stag.ptr) })?;
        Ok(stag)
    }
}

impl DmBase for Stag {}

/// The elements a rank owns in each direction (`DMStagGetCorners`), and the partial
/// elements past them on a non-periodic right, top or front boundary, which hold the
/// degrees of freedom on that boundary.
///
/// ```
/// let c = petsc::StagCorners { start: [2, 0, 0], len: [3, 1, 1], extra: [1, 0, 0] };
/// assert_eq!(c.owned().end(), [5, 1, 1]);
/// assert_eq!(c.with_extra().end(), [6, 1, 1]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[doc(alias = "DMStagGetCorners")]
pub struct StagCorners {
    /// First owned element in each direction (0 past the dimension).
    pub start: [Int; 3],
    /// Number of owned elements in each direction (1 past the dimension).
    pub len: [Int; 3],
    /// Partial elements past the owned ones (`nExtra`): 1 on the last rank in a
    /// direction with a non-periodic boundary, else 0.
    pub extra: [Int; 3],
}

impl StagCorners {
    /// The owned elements.
    pub fn owned(&self) -> Corners {
        Corners {
            start: self.start,
            len: self.len,
        }
    }

    /// The owned elements and the partial ones past them: every element with a degree
    /// of freedom this rank owns.
    pub fn with_extra(&self) -> Corners {
        Corners {
            start: self.start,
            len: [
                self.len[0] + self.extra[0],
                self.len[1] + self.extra[1],
                self.len[2] + self.extra[2],
            ],
        }
    }
}

/// The boolean of PETSc's.
fn flag(b: sys::PetscBool) -> bool {
    b == sys::PETSC_BOOL_TRUE
}

impl Stag {
    /// The layout of the set-up grid, read once; an `Err` before set-up.
    pub(crate) fn geometry(&self) -> Result<Geometry> {
        if let Some(g) = self.geometry.get() {
            return Ok(g);
        }
        if !self.is_set_up()? {
            return Err(Error::invalid(
                "Stag",
                "the DMStag is not set up: its layout is read after set_up()",
            ));
        }
        let dim = self.dimension()?.clamp(1, 3) as usize;
        let (mut s, mut n, mut e) = ([0 as Int; 3], [0 as Int; 3], [0 as Int; 3]);
        // SAFETY: live, set-up DMStag; every output points to a local.
        check(unsafe {
            sys::DMStagGetCorners(
                self.ptr, &mut s[0], &mut s[1], &mut s[2], &mut n[0], &mut n[1], &mut n[2],
                &mut e[0], &mut e[1], &mut e[2],
            )
        })?;
        let (mut gs, mut gn) = ([0 as Int; 3], [0 as Int; 3]);
        // SAFETY: as above.
        check(unsafe {
            sys::DMStagGetGhostCorners(
                self.ptr, &mut gs[0], &mut gs[1], &mut gs[2], &mut gn[0], &mut gn[1], &mut gn[2],
            )
        })?;
        let mut dof = [0 as Int; 4];
        // SAFETY: as above.
        check(unsafe {
            sys::DMStagGetDOF(self.ptr, &mut dof[0], &mut dof[1], &mut dof[2], &mut dof[3])
        })?;
        let mut sizes = [1 as Int; 3];
        // SAFETY: as above.
        check(unsafe {
            sys::DMStagGetGlobalSizes(self.ptr, &mut sizes[0], &mut sizes[1], &mut sizes[2])
        })?;
        let (mut epe, mut entries, mut local) = (0 as Int, 0 as Int, 0 as Int);
        // SAFETY: as above (three getters of one integer each).
        unsafe {
            check(sys::DMStagGetEntriesPerElement(self.ptr, &mut epe))?;
            check(sys::DMStagGetEntries(self.ptr, &mut entries))?;
            check(sys::DMStagGetEntriesLocal(self.ptr, &mut local))?;
        }
        // Directions past the dimension: one element, no extra, no dofs.
        for d in dim..3 {
            (s[d], n[d], e[d], gs[d], gn[d], sizes[d]) = (0, 1, 0, 0, 1, 1);
        }
        for x in dof.iter_mut().skip(dim + 1) {
            *x = 0;
        }
        let g = Geometry::new(
            dim,
            dof,
            epe,
            Corners { start: s, len: n },
            e,
            Corners { start: gs, len: gn },
            sizes,
            (entries, local),
        );
        self.geometry.set(Some(g));
        Ok(g)
    }

    /// Global numbers of elements in x, y, z (`DMStagGetGlobalSizes`; 1 past the
    /// dimension; before set-up too).
    #[doc(alias = "DMStagGetGlobalSizes")]
    pub fn global_sizes(&self) -> Result<[Int; 3]> {
        let dim = self.dimension()?.clamp(1, 3) as usize;
        let mut s = [1 as Int; 3];
        // SAFETY: live DMStag; three outputs (valid before set-up too).
        check(unsafe { sys::DMStagGetGlobalSizes(self.ptr, &mut s[0], &mut s[1], &mut s[2]) })?;
        Ok(std::array::from_fn(|d| if d < dim { s[d] } else { 1 }))
    }

    /// Numbers of elements this rank owns in x, y, z (`DMStagGetLocalSizes`; 1 past the
    /// dimension).
    #[doc(alias = "DMStagGetLocalSizes")]
    pub fn local_sizes(&self) -> Result<[Int; 3]> {
        Ok(self.geometry()?.owned.len)
    }

    /// The elements this rank owns and the partial elements past them
    /// (`DMStagGetCorners`).
    ///
    /// ```
    /// use petsc::Stag;
    /// let petsc = petsc::Petsc::init()?;
    /// let stag = Stag::grid(&petsc.self_comm()).sizes([5]).dof(&[1, 1]).build()?;
    /// let c = stag.corners()?;
    /// assert_eq!((c.start[0], c.len[0], c.extra[0]), (0, 5, 1)); // the vertex at x = 5
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMStagGetCorners")]
    pub fn corners(&self) -> Result<StagCorners> {
        let g = self.geometry()?;
        Ok(StagCorners {
            start: g.owned.start,
            len: g.owned.len,
            extra: g.extra,
        })
    }

    /// The elements of this rank's local vectors, ghosts included
    /// (`DMStagGetGhostCorners`); the start is negative past a periodic or ghosted
    /// boundary.
    #[doc(alias = "DMStagGetGhostCorners")]
    pub fn ghost_corners(&self) -> Result<Corners> {
        Ok(self.geometry()?.ghost)
    }

    /// Degrees of freedom per vertex, edge, face and element (`DMStagGetDOF`): `dim + 1`
    /// numbers, stratum 0 (vertices) first, the element last (before set-up too).
    #[doc(alias = "DMStagGetDOF")]
    pub fn dof(&self) -> Result<Vec<Int>> {
        let dim = self.dimension()?.clamp(1, 3) as usize;
        let mut d = [0 as Int; 4];
        // SAFETY: live DMStag; four outputs (valid before set-up too).
        check(unsafe { sys::DMStagGetDOF(self.ptr, &mut d[0], &mut d[1], &mut d[2], &mut d[3]) })?;
        Ok(d[..=dim].to_vec())
    }

    /// The number of entries each element holds in local vectors
    /// (`DMStagGetEntriesPerElement`): `dof0 + dof1` in 1D, `dof0 + 2 dof1 + dof2` in
    /// 2D, `dof0 + 3 dof1 + 3 dof2 + dof3` in 3D.
    #[doc(alias = "DMStagGetEntriesPerElement")]
    pub fn entries_per_element(&self) -> Result<Int> {
        Ok(self.geometry()?.epe)
    }

    /// The number of entries of a global vector on this rank (`DMStagGetEntries`).
    #[doc(alias = "DMStagGetEntries")]
    pub fn entries(&self) -> Result<Int> {
        Ok(self.geometry()?.entries)
    }

    /// The number of entries of a local vector (`DMStagGetEntriesLocal`).
    #[doc(alias = "DMStagGetEntriesLocal")]
    pub fn entries_local(&self) -> Result<Int> {
        Ok(self.geometry()?.entries_local)
    }

    crate::methods![for Stag;
        /// The shape of the ghost region (`DMStagGetStencilType`).
        pub fn stencil_type(&self) -> StagStencilType
            = DMStagGetStencilType as "DMStagGetStencilType";
    ];

    crate::methods![for Stag;
        /// The depth of the ghost region, in elements (`DMStagGetStencilWidth`).
        pub fn stencil_width(&self) -> Int = DMStagGetStencilWidth as "DMStagGetStencilWidth";
    ];

    /// The boundary types in x, y, z (`DMStagGetBoundaryTypes`; `None` past the
    /// dimension).
    #[doc(alias = "DMStagGetBoundaryTypes")]
    pub fn boundary_types(&self) -> Result<[BoundaryType; 3]> {
        let mut b = [sys::DMBoundaryType::DM_BOUNDARY_NONE; 3];
        // SAFETY: live DMStag; PETSc writes the directions the grid has.
        check(unsafe { sys::DMStagGetBoundaryTypes(self.ptr, &mut b[0], &mut b[1], &mut b[2]) })?;
        let ctx = "Stag::boundary_types";
        Ok([
            BoundaryType::from_raw(b[0], ctx)?,
            BoundaryType::from_raw(b[1], ctx)?,
            BoundaryType::from_raw(b[2], ctx)?,
        ])
    }

    /// Numbers of ranks along x, y, z (`DMStagGetNumRanks`; 1 past the dimension;
    /// before set-up, `PETSC_DECIDE` where PETSc is to decide).
    #[doc(alias = "DMStagGetNumRanks")]
    pub fn num_ranks(&self) -> Result<[Int; 3]> {
        let dim = self.dimension()?.clamp(1, 3) as usize;
        let mut r = [1 as Int; 3];
        // SAFETY: live, set-up DMStag.
        check(unsafe { sys::DMStagGetNumRanks(self.ptr, &mut r[0], &mut r[1], &mut r[2]) })?;
        for x in r.iter_mut().skip(dim) {
            *x = 1;
        }
        Ok(r)
    }

    /// The numbers of elements of each rank along each direction the grid has
    /// (`DMStagGetOwnershipRanges`): `dim` lists, of [`num_ranks`](Self::num_ranks)
    /// entries each, summing to the global sizes.
    ///
    /// ```
    /// use petsc::Stag;
    /// let petsc = petsc::Petsc::init()?;
    /// let stag = Stag::grid(&petsc.self_comm()).sizes([4, 3]).dof(&[0, 0, 1]).build()?;
    /// assert_eq!(stag.ownership_ranges()?, vec![vec![4], vec![3]]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMStagGetOwnershipRanges")]
    pub fn ownership_ranges(&self) -> Result<Vec<Vec<Int>>> {
        let dim = self.geometry()?.dim;
        let ranks = self.num_ranks()?;
        let mut l: [*const Int; 3] = [std::ptr::null(); 3];
        // SAFETY: live, set-up DMStag; PETSc lends arrays of `num_ranks` entries.
        check(unsafe { sys::DMStagGetOwnershipRanges(self.ptr, &mut l[0], &mut l[1], &mut l[2]) })?;
        (0..dim)
            .map(|d| {
                if l[d].is_null() {
                    return Err(Error::invalid(
                        "Stag::ownership_ranges",
                        "PETSc has no ownership ranges for the grid",
                    ));
                }
                // SAFETY: PETSc's array of `ranks[d]` entries, alive with the DM.
                Ok(unsafe { std::slice::from_raw_parts(l[d], ranks[d].max(0) as usize) }.to_vec())
            })
            .collect()
    }

    /// Whether this rank is the first in x, y, z of the rank grid
    /// (`DMStagGetIsFirstRank`; true past the dimension).
    #[doc(alias = "DMStagGetIsFirstRank")]
    pub fn is_first_rank(&self) -> Result<[bool; 3]> {
        self.rank_flags(sys::DMStagGetIsFirstRank)
    }

    /// Whether this rank is the last in x, y, z of the rank grid
    /// (`DMStagGetIsLastRank`; true past the dimension).
    #[doc(alias = "DMStagGetIsLastRank")]
    pub fn is_last_rank(&self) -> Result<[bool; 3]> {
        self.rank_flags(sys::DMStagGetIsLastRank)
    }

    /// The flags `DMStagGetIsFirstRank` or `DMStagGetIsLastRank` give (true past the
    /// dimension).
    fn rank_flags(
        &self,
        f: unsafe extern "C" fn(
            sys::DM,
            *mut sys::PetscBool,
            *mut sys::PetscBool,
            *mut sys::PetscBool,
        ) -> sys::PetscErrorCode,
    ) -> Result<[bool; 3]> {
        let dim = self.geometry()?.dim;
        let mut b = [sys::PETSC_BOOL_TRUE; 3];
        // SAFETY: live, set-up DMStag; three outputs.
        check(unsafe { f(self.ptr, &mut b[0], &mut b[1], &mut b[2]) })?;
        Ok(std::array::from_fn(|d| d >= dim || flag(b[d])))
    }

    /// The number of components at `loc` (`DMStagGetLocationDOF`); a location the grid
    /// does not have (an offset in y in 1D, in z in 1D or 2D) is an `Err`.
    #[doc(alias = "DMStagGetLocationDOF")]
    pub fn location_dof(&self, loc: StagLocation) -> Result<Int> {
        let g = self.geometry()?;
        g.location_dof(loc).ok_or_else(|| {
            Error::invalid(
                "Stag::location_dof",
                format!(
                    "location {loc} does not exist on a {}-dimensional grid",
                    g.dim
                ),
            )
        })
    }

    /// The slot of component `c` at `loc` in an element's entries of a local array
    /// (`DMStagGetLocationSlot`), for indexing a [`view`](Self::view) by `(i, j, slot)`.
    /// A location the grid does not have, or a component at or past its degrees of
    /// freedom there, is an `Err` (PETSc checks neither in optimized builds).
    ///
    /// The slot of a `Right`, `Up` or `Front` location reaches into the next element,
    /// as in C: `Right` is the `Left` slot plus
    /// [`entries_per_element`](Self::entries_per_element).
    ///
    /// ```
    /// use petsc::{Stag, StagLocation::*};
    /// let petsc = petsc::Petsc::init()?;
    /// let stag = Stag::grid(&petsc.self_comm()).sizes([4]).dof(&[1, 2]).build()?;
    /// assert_eq!(stag.location_slot(Left, 0)?, 0);
    /// assert_eq!(stag.location_slot(Element, 1)?, 2);
    /// assert_eq!(stag.location_slot(Right, 0)?, 3);
    /// assert!(stag.location_slot(Element, 2).is_err());
    /// assert!(stag.location_slot(Up, 0).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMStagGetLocationSlot")]
    pub fn location_slot(&self, loc: StagLocation, c: Int) -> Result<Int> {
        const CTX: &str = "Stag::location_slot";
        self.geometry()?
            .check_component(loc, c)
            .map_err(|e| Error::out_of_range(CTX, e))?;
        let mut slot: Int = 0;
        // SAFETY: live, set-up DMStag; a location the grid has (its offset is set).
        check(unsafe { sys::DMStagGetLocationSlot(self.ptr, loc.raw(), c, &mut slot) })?;
        Ok(slot)
    }

    /// A new DMStag on the same grid and decomposition with other degrees of freedom
    /// per stratum (`DMStagCreateCompatibleDMStag`; collective): `dof` has `dim + 1`
    /// entries, none negative. Coordinates are not shared.
    ///
    /// ```
    /// use petsc::{DmBase, Stag};
    /// let petsc = petsc::Petsc::init()?;
    /// let stag = Stag::grid(&petsc.world()).sizes([6]).dof(&[1, 1]).build()?;
    /// let verts = stag.new_compatible(&[1, 0])?;
    /// assert_eq!(verts.create_global_vector()?.size()?, 7);
    /// assert!(stag.new_compatible(&[1, 0, 0]).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMStagCreateCompatibleDMStag")]
    pub fn new_compatible(&self, dof: &[Int]) -> Result<Stag> {
        const CTX: &str = "Stag::new_compatible";
        let dim = self.geometry()?.dim;
        let d = builder::check_dof(CTX, dim, dof)?;
        let mut out: sys::DM = std::ptr::null_mut();
        // SAFETY: live, set-up DMStag; dofs checked; PETSc writes a new, set-up DMStag
        // with this one's (valid) decomposition.
        check(unsafe {
            sys::DMStagCreateCompatibleDMStag(self.ptr, d[0], d[1], d[2], d[3], &mut out)
        })?;
        Ok(Stag::from_raw(&self.petsc, out))
    }

    /// The former name of [`new_compatible`](Self::new_compatible).
    #[deprecated(
        since = "0.2.0",
        note = "use `Stag::new_compatible` (constructors are `new`/`new_*`)"
    )]
    pub fn create_compatible_dm_stag(&self, dof: &[Int]) -> Result<Stag> {
        self.new_compatible(dof)
    }

    /// Copies the values of the global vector `vec` of this grid into the global vector
    /// `to_vec` of the compatible grid `to` (`DMStagMigrateVec`; collective): components
    /// both grids have are copied, those only `to` has are zeroed. Grids PETSc does not
    /// find compatible, or vectors that are not global vectors of their grids, are an
    /// `Err` on every rank.
    ///
    /// ```
    /// use petsc::{DmBase, Stag};
    /// let petsc = petsc::Petsc::init()?;
    /// let stag = Stag::grid(&petsc.world()).sizes([4]).dof(&[1, 1]).build()?;
    /// let elems = stag.new_compatible(&[0, 1])?;
    /// let mut x = stag.create_global_vector()?;
    /// x.set(2.0)?;
    /// let mut p = elems.create_global_vector()?;
    /// stag.migrate_vec(&x, &elems, &mut p)?;
    /// assert_eq!(p.sum()?, 8.0);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMStagMigrateVec")]
    pub fn migrate_vec(&self, vec: &Vector, to: &Stag, to_vec: &mut Vector) -> Result<()> {
        const CTX: &str = "Stag::migrate_vec";
        let local = (|| {
            let (mut ok, mut set) = (sys::PETSC_BOOL_FALSE, sys::PETSC_BOOL_FALSE);
            // SAFETY: two live DMs.
            check(unsafe { sys::DMGetCompatibility(self.ptr, to.ptr, &mut ok, &mut set) })?;
            if !(flag(ok) && flag(set)) {
                return Err(Error::invalid(
                    CTX,
                    "PETSc does not find the two DMStag grids compatible (same elements and \
                     decomposition); make one with new_compatible",
                ));
            }
            self.check_global(CTX, vec)?;
            to.check_global(CTX, to_vec)?;
            Ok((vec.borrow_shared(CTX)?, to_vec.borrow_exclusive(CTX, None)?))
        })();
        let _borrows = self.comm().agree(CTX, local)?;
        // SAFETY: compatible live DMStags and global vectors of their layouts (checked on
        // every rank), distinct (the borrows).
        check(unsafe { sys::DMStagMigrateVec(self.ptr, vec.ptr, to.ptr, to_vec.ptr) })
    }

    /// One location's components of the global vector `vec` as a new DMDA and a global
    /// vector of it (`DMStagVecSplitToDMDA`; collective): the DMDA has a point for every
    /// `loc` of the grid (vertices: one more than the elements in each non-periodic
    /// direction) and this grid's decomposition and coordinates. `c >= 0` takes
    /// component `c`; `c = -k` takes the first `k` components, padded with zeros past
    /// the location's own. The vector keeps no tie to `vec`.
    ///
    /// A location the grid does not have, a component past its degrees of freedom,
    /// `c = 0` on a location without any, or a vector that is not a global vector of
    /// this grid is an `Err` on every rank.
    ///
    /// ```
    /// use petsc::{DmBase, InsertMode, Stag, StagLocation, StagStencil};
    /// let petsc = petsc::Petsc::init()?;
    /// // 4 elements: 5 vertices with one dof, elements with two.
    /// let stag = Stag::grid(&petsc.self_comm()).sizes([4]).dof(&[1, 2]).build()?;
    /// let mut x = stag.create_global_vector()?;
    /// for i in 0..4 {
    ///     let e1 = StagStencil::new(i, 0, 0, StagLocation::Element, 1);
    ///     stag.vec_set_values_stencil(&mut x, &[e1], &[i as f64], InsertMode::Insert)?;
    /// }
    /// x.assemble()?;
    /// let (da, v) = stag.vec_split_to_dmda(&x, StagLocation::Element, 1)?;
    /// assert_eq!(da.info()?.mx, 4);
    /// assert_eq!(v.sum()?, 6.0);
    /// let (_, both) = stag.vec_split_to_dmda(&x, StagLocation::Element, -2)?;
    /// assert_eq!(both.size()?, 8);
    /// assert!(stag.vec_split_to_dmda(&x, StagLocation::Element, 2).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMStagVecSplitToDMDA")]
    pub fn vec_split_to_dmda(
        &self,
        vec: &Vector,
        loc: StagLocation,
        c: Int,
    ) -> Result<(crate::Da, Vector)> {
        const CTX: &str = "Stag::vec_split_to_dmda";
        let local = (|| {
            let dof = self.location_dof(loc)?;
            if c >= dof {
                return Err(Error::out_of_range(
                    CTX,
                    format!(
                        "component {c} at {loc}, which has {dof} degrees of freedom (0 to {})",
                        dof - 1
                    ),
                ));
            }
            self.check_global(CTX, vec)?;
            vec.borrow_shared(CTX)
        })();
        let _borrow = self.comm().agree(CTX, local)?;
        let (mut da, mut v): (sys::DM, sys::Vec) = (std::ptr::null_mut(), std::ptr::null_mut());
        // SAFETY: live, set-up DMStag; `vec` a global vector of it (checked on every
        // rank), read only; the location exists and the component is in range. PETSc
        // writes a new DMDA and a new vector, each with one reference, which become ours.
        check(unsafe {
            sys::DMStagVecSplitToDMDA(self.ptr, vec.ptr, loc.raw(), c, &mut da, &mut v)
        })?;
        Ok((
            crate::Da::from_raw(&self.petsc, da),
            Vector::from_raw(&self.petsc, v),
        ))
    }

    /// Refuses a vector that is not a global vector of this grid's layout.
    pub(crate) fn check_global(&self, ctx: &str, vec: &Vector) -> Result<()> {
        let g = self.geometry()?;
        let n = vec.local_size()?;
        if n != g.entries {
            return Err(Error::size_mismatch(
                ctx,
                format!(
                    "the vector has {n} entries on this rank, but this DMStag's global \
                     vectors have {}; pass a global vector made by this DMStag",
                    g.entries
                ),
            ));
        }
        self.check_vector_dm(ctx, vec)
    }

    /// Refuses a vector that is not a local vector of this grid's layout.
    pub(crate) fn check_local(&self, ctx: &str, vec: &Vector) -> Result<()> {
        let g = self.geometry()?;
        let n = vec.local_size()?;
        if n != g.entries_local {
            return Err(Error::size_mismatch(
                ctx,
                format!(
                    "the vector has {n} entries on this rank, but this DMStag's local vectors \
                     have {}; pass a local vector of this DMStag (create_local_vector, \
                     local_vec, global_to_local)",
                    g.entries_local
                ),
            ));
        }
        self.check_vector_dm(ctx, vec)
    }

    /// Refuses a vector whose DM (`VecGetDM`) is another DM laid out differently; a
    /// vector without a DM, or of a DMStag with this one's layout, passes.
    fn check_vector_dm(&self, ctx: &str, vec: &Vector) -> Result<()> {
        let mut dm: sys::DM = std::ptr::null_mut();
        // SAFETY: live vector; PETSc writes a borrowed DM or null.
        check(unsafe { sys::VecGetDM(vec.ptr, &mut dm) })?;
        if dm.is_null() || dm == self.ptr {
            return Ok(());
        }
        // SAFETY: `dm` lives while the vector holds it; the handle takes a reference.
        let other = unsafe { Dm::from_raw_borrowed(&self.petsc, dm) }?;
        let theirs = if other.type_name()? == "stag" {
            // SAFETY: as above; a set-up DMStag (it made the vector).
            Some(unsafe { Stag::from_raw_borrowed(&self.petsc, dm) }?.geometry()?)
        } else {
            None
        };
        if theirs != Some(self.geometry()?) {
            return Err(Error::invalid(
                ctx,
                "the vector belongs to another DM laid out unlike this DMStag; pass a vector \
                 made by this DMStag",
            ));
        }
        Ok(())
    }
}
