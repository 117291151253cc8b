//! Distributed arrays (`DM`, `DMDA`): structured grids in 1, 2 and 3 dimensions.
//!
//! A [`Da`] splits a logically rectangular grid of `mx x my x mz` points, each carrying
//! `dof` values, over the ranks of a communicator. It makes global vectors (each rank
//! owns a box of points) and local vectors (the owned box plus a halo of ghost points
//! `stencil_width` deep), moves values between them ([`Da::global_to_local`],
//! [`Da::local_to_global`]), and makes matrices preallocated for its stencil
//! ([`Da::create_matrix`], filled with [`Mat::set_values_stencil`]).
//!
//! Array views ([`Da::view`], [`Da::view_mut`]) index a vector by *global* grid
//! coordinates `(i, j, k)` and component `c`, including ghost points on local vectors,
//! as `DMDAVecGetArray`/`DMDAVecGetArrayDOF` do in C. Every access is bounds-checked; an
//! index outside the vector's box panics with a message naming the index and the box.
//!
//! ```
//! use petsc::{BoundaryType, Da, InsertMode};
//! let petsc = petsc::Petsc::init()?;
//! let da = Da::builder(&petsc.world(), 2)
//!     .sizes(8, 6, 1)
//!     .boundary(BoundaryType::Periodic, BoundaryType::None, BoundaryType::None)
//!     .build()?;
//! let mut g = da.create_global_vector()?;
//! {
//!     let mut v = da.view_mut(&mut g)?;
//!     for [i, j, _] in da.corners()?.iter() {
//!         v[(i, j)] = (10 * j + i) as f64;
//!     }
//! }
//! let mut l = da.create_local_vector()?;
//! da.global_to_local(&g, InsertMode::Insert, &mut l)?;
//! let v = da.view(&l)?;
//! let c = da.ghost_corners()?;
//! // The ghost point left of i = 0 is i = 7 (periodic in x).
//! let j = c.start[1];
//! assert_eq!(v[(-1, j)], (10 * j + 7) as f64);
//! # Ok::<(), petsc::Error>(())
//! ```

use std::cell::Cell;
use std::ffi::CStr;
use std::marker::PhantomData;
use std::ops::{Index, IndexMut};
use std::os::raw::c_char;

use ndarray::{ArrayView4, ArrayViewMut4, ShapeBuilder};
use petsc_sys as sys;

use crate::borrow::ArrayBorrow;
use crate::comm::Comm;
use crate::error::{c_string, check, Error, Result};
use crate::mat::Mat;
use crate::object::petsc_handle;
use crate::vec::{InsertMode, Vector};
use crate::{Int, Real, Scalar};

petsc_handle!(
    /// A distributed structured grid (`DM` of type `DMDA`), made with [`Da::builder`].
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let da = petsc::Da::builder(&petsc.world(), 1).sizes(10, 1, 1).dof(2).build()?;
    /// let info = da.info()?;
    /// assert_eq!((info.dim, info.mx, info.dof), (1, 10, 2));
    /// assert_eq!(da.create_global_vector()?.size()?, 20);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    Da,
    sys::DM,
    sys::DMDestroy,
    geometry: Cell<Option<Geometry>> = Cell::new(None)
);

/// What happens beyond the edge of the grid in one direction (`DMBoundaryType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BoundaryType {
    /// `DM_BOUNDARY_NONE`: no ghost points outside the grid.
    None,
    /// `DM_BOUNDARY_GHOSTED`: ghost points outside the grid exist in local vectors but
    /// nothing is scattered into them (they keep what was there, zero in a new vector).
    Ghosted,
    /// `DM_BOUNDARY_MIRROR`: ghost points outside the grid mirror the points inside.
    Mirror,
    /// `DM_BOUNDARY_PERIODIC`: the grid wraps around.
    Periodic,
    /// `DM_BOUNDARY_TWIST`: periodic with a twist (PETSc's own use).
    Twist,
}

impl BoundaryType {
    fn raw(self) -> sys::DMBoundaryType {
        match self {
            BoundaryType::None => sys::DMBoundaryType::DM_BOUNDARY_NONE,
            BoundaryType::Ghosted => sys::DMBoundaryType::DM_BOUNDARY_GHOSTED,
            BoundaryType::Mirror => sys::DMBoundaryType::DM_BOUNDARY_MIRROR,
            BoundaryType::Periodic => sys::DMBoundaryType::DM_BOUNDARY_PERIODIC,
            BoundaryType::Twist => sys::DMBoundaryType::DM_BOUNDARY_TWIST,
        }
    }

    fn from_raw(b: sys::DMBoundaryType) -> BoundaryType {
        match b {
            sys::DMBoundaryType::DM_BOUNDARY_GHOSTED => BoundaryType::Ghosted,
            sys::DMBoundaryType::DM_BOUNDARY_MIRROR => BoundaryType::Mirror,
            sys::DMBoundaryType::DM_BOUNDARY_PERIODIC => BoundaryType::Periodic,
            sys::DMBoundaryType::DM_BOUNDARY_TWIST => BoundaryType::Twist,
            _ => BoundaryType::None,
        }
    }
}

/// The shape of the ghost region (`DMDAStencilType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StencilType {
    /// `DMDA_STENCIL_STAR`: ghost points only along the axes (5-point, 7-point stencils).
    Star,
    /// `DMDA_STENCIL_BOX`: the whole box around each point, corners included.
    Box,
}

impl StencilType {
    fn raw(self) -> sys::DMDAStencilType {
        match self {
            StencilType::Star => sys::DMDAStencilType::DMDA_STENCIL_STAR,
            StencilType::Box => sys::DMDAStencilType::DMDA_STENCIL_BOX,
        }
    }

    fn from_raw(s: sys::DMDAStencilType) -> StencilType {
        if s == sys::DMDAStencilType::DMDA_STENCIL_BOX {
            StencilType::Box
        } else {
            StencilType::Star
        }
    }
}

/// A box of grid points: `start[d] .. start[d] + len[d]` in each direction `d`
/// (x, y, z); unused directions have `start = 0`, `len = 1`.
///
/// ```
/// let c = petsc::Corners { start: [2, 0, 0], len: [3, 2, 1] };
/// assert_eq!(c.count(), 6);
/// assert_eq!(c.end(), [5, 2, 1]);
/// let pts: Vec<[petsc::Int; 3]> = c.iter().collect();
/// assert_eq!(pts[0], [2, 0, 0]);
/// assert_eq!(pts[1], [3, 0, 0]); // i runs fastest
/// assert_eq!(pts[3], [2, 1, 0]);
/// assert!(c.contains([4, 1, 0]) && !c.contains([5, 1, 0]));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Corners {
    /// First index in each direction (`xs, ys, zs`); negative for ghost points beyond a
    /// periodic or ghosted boundary.
    pub start: [Int; 3],
    /// Number of points in each direction (`xm, ym, zm`).
    pub len: [Int; 3],
}

impl Corners {
    /// One past the last index in each direction.
    pub fn end(&self) -> [Int; 3] {
        [
            self.start[0] + self.len[0],
            self.start[1] + self.len[1],
            self.start[2] + self.len[2],
        ]
    }

    /// The number of points in the box.
    pub fn count(&self) -> usize {
        self.len.iter().map(|&n| n.max(0) as usize).product()
    }

    /// Whether the point `[i, j, k]` lies in the box.
    pub fn contains(&self, p: [Int; 3]) -> bool {
        (0..3).all(|d| p[d] >= self.start[d] && p[d] < self.start[d] + self.len[d])
    }

    /// The index ranges `(xs..xe, ys..ye, zs..ze)`, for nested loops.
    ///
    /// ```
    /// let c = petsc::Corners { start: [1, 2, 0], len: [2, 1, 1] };
    /// let (x, y, z) = c.ranges();
    /// assert_eq!((x, y, z), (1..3, 2..3, 0..1));
    /// ```
    pub fn ranges(
        &self,
    ) -> (
        std::ops::Range<Int>,
        std::ops::Range<Int>,
        std::ops::Range<Int>,
    ) {
        let e = self.end();
        (
            self.start[0]..e[0],
            self.start[1]..e[1],
            self.start[2]..e[2],
        )
    }

    /// Every point `[i, j, k]` of the box, `i` fastest, then `j`, then `k` (the storage
    /// order of DMDA vectors).
    pub fn iter(&self) -> impl Iterator<Item = [Int; 3]> {
        let (x, y, z) = self.ranges();
        z.flat_map(move |k| {
            let x = x.clone();
            y.clone()
                .flat_map(move |j| x.clone().map(move |i| [i, j, k]))
        })
    }
}

/// Everything about a DMDA's grid and this rank's part of it: `DMDAGetInfo` and
/// `DMDAGetLocalInfo` together. Field names follow PETSc's `DMDALocalInfo`.
///
/// ```
/// let petsc = petsc::Petsc::init()?;
/// let da = petsc::Da::builder(&petsc.self_comm(), 2).sizes(5, 4, 1).build()?;
/// let info = da.info()?;
/// assert_eq!((info.mx, info.my, info.mz), (5, 4, 1));
/// assert_eq!((info.xs, info.xm, info.ys, info.ym), (0, 5, 0, 4));
/// assert_eq!(info.procs, [1, 1, 1]);
/// assert_eq!(info.corners(), da.corners()?);
/// # Ok::<(), petsc::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DaInfo {
    /// Number of dimensions, 1 to 3.
    pub dim: usize,
    /// Values per grid point.
    pub dof: Int,
    /// Depth of the ghost region.
    pub stencil_width: Int,
    /// Shape of the ghost region.
    pub stencil_type: StencilType,
    /// Boundary types in x, y, z.
    pub boundary: [BoundaryType; 3],
    /// Number of ranks along x, y, z.
    pub procs: [Int; 3],
    /// Global number of points in x.
    pub mx: Int,
    /// Global number of points in y (1 in 1D).
    pub my: Int,
    /// Global number of points in z (1 in 1D and 2D).
    pub mz: Int,
    /// First owned x index.
    pub xs: Int,
    /// First owned y index.
    pub ys: Int,
    /// First owned z index.
    pub zs: Int,
    /// Number of owned points in x.
    pub xm: Int,
    /// Number of owned points in y.
    pub ym: Int,
    /// Number of owned points in z.
    pub zm: Int,
    /// First x index of the ghosted box.
    pub gxs: Int,
    /// First y index of the ghosted box.
    pub gys: Int,
    /// First z index of the ghosted box.
    pub gzs: Int,
    /// Number of points of the ghosted box in x.
    pub gxm: Int,
    /// Number of points of the ghosted box in y.
    pub gym: Int,
    /// Number of points of the ghosted box in z.
    pub gzm: Int,
}

impl DaInfo {
    /// The box this rank owns.
    pub fn corners(&self) -> Corners {
        Corners {
            start: [self.xs, self.ys, self.zs],
            len: [self.xm, self.ym, self.zm],
        }
    }

    /// The box of this rank's local (ghosted) vectors.
    pub fn ghost_corners(&self) -> Corners {
        Corners {
            start: [self.gxs, self.gys, self.gzs],
            len: [self.gxm, self.gym, self.gzm],
        }
    }

    /// Global sizes `[mx, my, mz]`.
    pub fn sizes(&self) -> [Int; 3] {
        [self.mx, self.my, self.mz]
    }

    /// The layout of this rank's array of a local (`ghosted`) or global vector, for
    /// views over arrays PETSc lends to callbacks.
    #[allow(dead_code)]
    pub(crate) fn layout(&self, ghosted: bool) -> Layout {
        let corners = if ghosted {
            self.ghost_corners()
        } else {
            self.corners()
        };
        Layout::new(self.dim, self.dof, corners, ghosted)
    }

    /// The information PETSc hands to `DMDA...Local` callbacks, completed with the
    /// processor grid asked of the DMDA it names.
    #[allow(dead_code)]
    pub(crate) fn from_local_info(li: &sys::DMDALocalInfo) -> Result<DaInfo> {
        let mut p: [Int; 3] = [0; 3];
        // SAFETY: `li.da` is the live DMDA PETSc filled the local info from; null output
        // pointers are skipped by DMDAGetInfo.
        check(unsafe {
            sys::DMDAGetInfo(
                li.da,
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                &mut p[0],
                &mut p[1],
                &mut p[2],
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                std::ptr::null_mut(),
            )
        })?;
        Ok(DaInfo {
            dim: li.dim as usize,
            dof: li.dof,
            stencil_width: li.sw,
            stencil_type: StencilType::from_raw(li.st),
            boundary: [
                BoundaryType::from_raw(li.bx),
                BoundaryType::from_raw(li.by),
                BoundaryType::from_raw(li.bz),
            ],
            procs: p,
            mx: li.mx,
            my: li.my,
            mz: li.mz,
            xs: li.xs,
            ys: li.ys,
            zs: li.zs,
            xm: li.xm,
            ym: li.ym,
            zm: li.zm,
            gxs: li.gxs,
            gys: li.gys,
            gzs: li.gzs,
            gxm: li.gxm,
            gym: li.gym,
            gzm: li.gzm,
        })
    }
}

/// The parts of a set-up DMDA that views need, cached in the handle (a DMDA's layout
/// never changes after `DMSetUp`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Geometry {
    dim: usize,
    dof: Int,
    owned: Corners,
    ghosted: Corners,
}

/// Builder of a [`Da`]: set the grid, then [`build`](Self::build). Defaults: one degree
/// of freedom, star stencil of width 1, no boundary ghosts, PETSc's choice of the
/// processor grid, options database not read.
///
/// ```
/// use petsc::{BoundaryType, Da, StencilType};
/// let petsc = petsc::Petsc::init()?;
/// let da = Da::builder(&petsc.world(), 3)
///     .sizes(6, 5, 4)
///     .dof(2)
///     .stencil(StencilType::Box)
///     .stencil_width(1)
///     .boundary(BoundaryType::Periodic, BoundaryType::Ghosted, BoundaryType::None)
///     .procs(None, None, None)
///     .from_options(true)
///     .build()?;
/// assert_eq!(da.info()?.boundary[0], BoundaryType::Periodic);
/// # Ok::<(), petsc::Error>(())
/// ```
#[derive(Debug)]
pub struct DaBuilder<'c> {
    comm: &'c Comm,
    dim: usize,
    sizes: Option<[Int; 3]>,
    dof: Int,
    stencil: StencilType,
    width: Int,
    boundary: [BoundaryType; 3],
    procs: [Option<Int>; 3],
    from_options: bool,
    prefix: Option<String>,
}

impl<'c> DaBuilder<'c> {
    /// Global number of grid points in x, y, z (`M, N, P`). Directions beyond the
    /// dimension are ignored (taken as 1). Required. Each must be at least 1, and the
    /// number of values, `M * N * P * dof`, must fit [`Int`] (checked by
    /// [`build`](Self::build) before anything is allocated).
    pub fn sizes(mut self, mx: Int, my: Int, mz: Int) -> Self {
        self.sizes = Some([mx, my, mz]);
        self
    }

    /// Values per grid point (`dof`, default 1): at least 1, and small enough that the
    /// grid's number of values fits [`Int`] (see [`sizes`](Self::sizes)).
    pub fn dof(mut self, dof: Int) -> Self {
        self.dof = dof;
        self
    }

    /// Shape of the ghost region (default [`StencilType::Star`]).
    pub fn stencil(mut self, stencil: StencilType) -> Self {
        self.stencil = stencil;
        self
    }

    /// Depth of the ghost region (default 1): not negative, not more than the grid's
    /// largest size, and small enough that every rank's ghosted piece fits [`Int`]
    /// (see [`build`](Self::build)).
    pub fn stencil_width(mut self, width: Int) -> Self {
        self.width = width;
        self
    }

    /// Boundary types in x, y, z (default [`BoundaryType::None`]); directions beyond the
    /// dimension are ignored.
    pub fn boundary(mut self, bx: BoundaryType, by: BoundaryType, bz: BoundaryType) -> Self {
        self.boundary = [bx, by, bz];
        self
    }

    /// Number of ranks along x, y, z; `None` lets PETSc decide (`PETSC_DECIDE`). The
    /// product must be the communicator's size. Ignored in 1D, where every rank gets a
    /// piece of the line.
    pub fn procs(mut self, m: Option<Int>, n: Option<Int>, p: Option<Int>) -> Self {
        self.procs = [m, n, p];
        self
    }

    /// Whether to read the options database (`DMSetFromOptions`) before the grid is set
    /// up, so that `-da_grid_x 64`, `-da_refine 2`, `-da_processors_x 2`, ... change it.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// petsc.options().set_value("-da_grid_x", "17")?;
    /// let da = petsc::Da::builder(&petsc.world(), 1).sizes(5, 1, 1).from_options(true).build()?;
    /// assert_eq!(da.info()?.mx, 17);
    /// # petsc.options().clear_value("-da_grid_x")?;
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn from_options(mut self, yes: bool) -> Self {
        self.from_options = yes;
        self
    }

    /// Prefix of the options read by [`from_options`](Self::from_options):
    /// `"fine_"` makes the grid read `-fine_da_grid_x`.
    pub fn options_prefix(mut self, prefix: &str) -> Self {
        self.prefix = Some(prefix.to_string());
        self
    }

    /// Creates and sets up the DMDA (collective): `DMDACreate`, the setters, then
    /// `DMSetFromOptions` if asked, then `DMSetUp`.
    ///
    /// Before `DMSetUp` the grid as it will be (options included) is checked on every
    /// rank alike, so that every rank returns the same `Err` where PETSc would fail on
    /// some ranks only and leave the others waiting: fewer points than ranks in a
    /// direction, a stencil wider than some rank's piece, a processor grid that does not
    /// multiply to the communicator's size.
    ///
    /// Sizes are checked before anything is allocated, so that absurd ones are an `Err`
    /// naming them instead of gigabytes allocated (or a wrapped size) before PETSc
    /// fails: the number of values of the whole grid, `M * N * P * dof`, must fit
    /// [`Int`], and so must the ghosted piece of the largest rank (its points plus
    /// `stencil_width` on each side, times `dof`), whose bytes must also fit the address
    /// space; the stencil width may not exceed the grid's largest size. The same checks
    /// run again on the grid as the options database changed it.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let e = petsc::Da::builder(&petsc.self_comm(), 1).sizes(3, 1, 1).stencil_width(4).build();
    /// assert!(e.unwrap_err().to_string().contains("stencil width 4"));
    /// let e = petsc::Da::builder(&petsc.self_comm(), 2).sizes(4, 4, 1).dof(petsc::Int::MAX).build();
    /// assert!(e.unwrap_err().to_string().contains("4 x 4 points with dof"));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn build(self) -> Result<Da> {
        const CTX: &str = "Da::build";
        if !(1..=3).contains(&self.dim) {
            return Err(Error::invalid(
                CTX,
                format!("dimension {} is not 1, 2 or 3", self.dim),
            ));
        }
        let dim = self.dim;
        let Some(mut sizes) = self.sizes else {
            return Err(Error::invalid(
                CTX,
                "give the global grid sizes with .sizes(mx, my, mz)",
            ));
        };
        for (d, s) in sizes.iter_mut().enumerate() {
            if d >= dim {
                *s = 1;
            } else if *s < 1 {
                return Err(Error::invalid(
                    CTX,
                    format!("grid size {} in {} is below 1", s, AXES[d]),
                ));
            }
        }
        if self.dof < 1 {
            return Err(Error::invalid(CTX, format!("dof {} is below 1", self.dof)));
        }
        if self.width < 0 {
            return Err(Error::invalid(
                CTX,
                format!("stencil width {} is negative", self.width),
            ));
        }
        DaBuilder::check_extent(CTX, dim, sizes, self.dof, self.width, None)?;
        let decide = sys::PETSC_DECIDE as Int;
        let mut procs = [decide; 3];
        if dim > 1 {
            for d in 0..dim {
                if let Some(p) = self.procs[d] {
                    if p < 1 {
                        return Err(Error::invalid(
                            CTX,
                            format!("number of ranks in {} is {}, below 1", AXES[d], p),
                        ));
                    }
                    procs[d] = p;
                }
            }
        }
        let mut boundary = self.boundary;
        for b in boundary.iter_mut().skip(dim) {
            *b = BoundaryType::None;
        }
        let comm = self.comm;
        let mut dm: sys::DM = std::ptr::null_mut();
        // SAFETY: live communicator; PETSc writes the new object.
        check(unsafe { sys::DMDACreate(comm.as_raw(), &mut dm) })?;
        let da = Da::from_raw(comm.petsc(), dm);
        // SAFETY: `dm` is a live DMDA not yet set up; the arguments were checked above
        // (the same holds for every setter below).
        check(unsafe { sys::DMSetDimension(dm, dim as Int) })?;
        // SAFETY: as above.
        check(unsafe { sys::DMDASetSizes(dm, sizes[0], sizes[1], sizes[2]) })?;
        // SAFETY: as above.
        check(unsafe { sys::DMDASetNumProcs(dm, procs[0], procs[1], procs[2]) })?;
        // SAFETY: as above.
        check(unsafe {
            sys::DMDASetBoundaryType(dm, boundary[0].raw(), boundary[1].raw(), boundary[2].raw())
        })?;
        // SAFETY: as above.
        check(unsafe { sys::DMDASetDof(dm, self.dof) })?;
        // SAFETY: as above.
        check(unsafe { sys::DMDASetStencilType(dm, self.stencil.raw()) })?;
        // SAFETY: as above.
        check(unsafe { sys::DMDASetStencilWidth(dm, self.width) })?;
        if let Some(prefix) = &self.prefix {
            let p = c_string(CTX, prefix)?;
            // SAFETY: live DM; PETSc copies the string.
            check(unsafe { sys::DMSetOptionsPrefix(dm, p.as_ptr()) })?;
        }
        if self.from_options {
            // SAFETY: live DMDA not yet set up.
            check(unsafe { sys::DMSetFromOptions(dm) })?;
        }
        // The grid as DMSetUp will see it (the options may have changed it).
        let pre = da.raw_info()?;
        let size = comm.size() as Int;
        let predicted = check_layout(CTX, size, &pre)?;
        DaBuilder::check_extent(
            CTX,
            pre.dim,
            pre.sizes,
            pre.dof,
            pre.width,
            Some((predicted, pre.boundary)),
        )?;
        // SAFETY: live DMDA with checked parameters.
        check(unsafe { sys::DMSetUp(dm) })?;
        if cfg!(debug_assertions) {
            let post = da.raw_info()?;
            debug_assert_eq!(
                &post.procs[..pre.dim],
                &predicted[..pre.dim],
                "petsc-rs predicted a processor grid different from PETSc's"
            );
        }
        Ok(da)
    }

    /// Checks that the grid's sizes fit before anything is allocated: the number of
    /// values of the whole grid, and, once the options are read and the processor grid
    /// and the boundaries are known (`layout`), the stencil width against the grid and
    /// the ghosted piece of the largest rank, which must fit [`Int`] and whose bytes
    /// must fit the address space. Sizes beyond the dimension are 1.
    fn check_extent(
        ctx: &str,
        dim: usize,
        sizes: [Int; 3],
        dof: Int,
        width: Int,
        layout: Option<([Int; 3], [BoundaryType; 3])>,
    ) -> Result<()> {
        let dim = dim.clamp(1, 3);
        let shown = sizes[..dim]
            .iter()
            .map(|s| s.to_string())
            .collect::<std::vec::Vec<_>>()
            .join(" x ");
        if sizes[..dim].iter().any(|&s| s < 1) || dof < 1 || width < 0 {
            return Err(Error::invalid(
                ctx,
                format!("grid of {shown} points with dof {dof} and stencil width {width}: sizes and dof must be at least 1, the width not negative"),
            ));
        }
        // Only on the grid as the options left it: they may enlarge the grid given.
        let widest = sizes[..dim].iter().copied().max().unwrap_or(1);
        if layout.is_some() && width > widest {
            return Err(Error::invalid(
                ctx,
                format!("stencil width {width} is wider than the whole grid of {shown} points"),
            ));
        }
        let product = |factors: &[i128]| {
            factors
                .iter()
                .try_fold(i128::from(dof), |a, &f| a.checked_mul(f))
        };
        let global: std::vec::Vec<i128> = sizes[..dim].iter().map(|&s| i128::from(s)).collect();
        let total = product(&global);
        if total.map_or(true, |t| t > i128::from(Int::MAX)) {
            return Err(Error::invalid(
                ctx,
                format!(
                    "the grid of {shown} points with dof {dof} has {} values, more than PetscInt holds ({}; PETSc built with 64-bit indices holds more)",
                    total.map_or_else(|| "too many".to_string(), |t| t.to_string()),
                    Int::MAX
                ),
            ));
        }
        let Some((procs, boundary)) = layout else {
            return Ok(());
        };
        // The largest piece along each direction, with its ghosts: PETSc clips them at a
        // non-periodic edge in 2D and 3D, but not in the index arrays it makes in 1D.
        let ghosted: std::vec::Vec<i128> = (0..dim)
            .map(|d| {
                let (big, m) = (i128::from(sizes[d]), i128::from(procs[d].max(1)));
                let piece = (big + m - 1) / m;
                let with_ghosts = piece + 2 * i128::from(width);
                if dim > 1 && boundary[d] == BoundaryType::None {
                    with_ghosts.min(big)
                } else {
                    with_ghosts
                }
            })
            .collect();
        let local = product(&ghosted);
        let bytes = local.and_then(|l| l.checked_mul(std::mem::size_of::<Scalar>() as i128));
        let fits = local.is_some_and(|l| l <= i128::from(Int::MAX))
            && bytes.is_some_and(|b| b <= isize::MAX as i128);
        if !fits {
            return Err(Error::invalid(
                ctx,
                format!(
                    "stencil width {width} and dof {dof} on a grid of {shown} points over {} rank(s) give a ghosted piece of {} values on the largest rank, more than PetscInt ({}) or memory holds",
                    procs[..dim]
                        .iter()
                        .map(|p| p.to_string())
                        .collect::<std::vec::Vec<_>>()
                        .join(" x "),
                    local.map_or_else(|| "too many".to_string(), |l| l.to_string()),
                    Int::MAX
                ),
            ));
        }
        Ok(())
    }
}

const AXES: [&str; 3] = ["x", "y", "z"];

/// What `DMDAGetInfo` reports (valid before `DMSetUp` too).
#[derive(Debug, Clone, Copy)]
struct RawInfo {
    dim: usize,
    sizes: [Int; 3],
    procs: [Int; 3],
    dof: Int,
    width: Int,
    boundary: [BoundaryType; 3],
    stencil: StencilType,
}

/// PETSc's choice of the processor grid (`DMSetUp_DA_2D`/`_3D` in PETSc 3.18), with its
/// errors; the same on every rank.
fn decompose(ctx: &str, dim: usize, size: Int, big: [Int; 3], given: [Int; 3]) -> Result<[Int; 3]> {
    let decide = sys::PETSC_DECIDE as Int;
    let bad = |detail: String| Err(Error::invalid(ctx, detail));
    for d in 0..dim {
        if given[d] != decide && given[d] > size {
            return bad(format!(
                "{} ranks asked for in {} but the communicator has {}",
                given[d], AXES[d], size
            ));
        }
    }
    let sqrt_ratio =
        |a: Int, b: f64| -> Int { (0.5 + ((a as f64) * (size as f64) / b).sqrt()) as Int };
    let [big_m, big_n, big_p] = big;
    let [mut m, mut n, mut p] = given;
    match dim {
        1 => return Ok([size, 1, 1]),
        2 => {
            if m == decide || n == decide {
                if n != decide {
                    m = size / n;
                } else if m != decide {
                    n = size / m;
                } else {
                    m = sqrt_ratio(big_m, big_n as f64).max(1);
                    while m > 0 {
                        n = size / m;
                        if m * n == size {
                            break;
                        }
                        m -= 1;
                    }
                    if big_m > big_n && m < n {
                        std::mem::swap(&mut m, &mut n);
                    }
                }
            }
            p = 1;
            if m * n != size {
                return bad(format!(
                    "the processor grid {m} x {n} does not match the communicator's {size} ranks"
                ));
            }
        }
        _ => {
            match (m == decide, n == decide, p == decide) {
                (true, false, false) => m = size / (n * p),
                (false, true, false) => n = size / (m * p),
                (false, false, true) => p = size / (m * n),
                (true, true, false) => {
                    m = sqrt_ratio(big_m, (big_n * p) as f64).max(1);
                    while m > 0 {
                        n = size / (m * p);
                        if m * n * p == size {
                            break;
                        }
                        m -= 1;
                    }
                    if m == 0 {
                        return bad(format!("no processor grid with {p} ranks in z"));
                    }
                    if big_m > big_n && m < n {
                        std::mem::swap(&mut m, &mut n);
                    }
                }
                (true, false, true) => {
                    m = sqrt_ratio(big_m, (big_p * n) as f64).max(1);
                    while m > 0 {
                        p = size / (m * n);
                        if m * n * p == size {
                            break;
                        }
                        m -= 1;
                    }
                    if m == 0 {
                        return bad(format!("no processor grid with {n} ranks in y"));
                    }
                    if big_m > big_p && m < p {
                        std::mem::swap(&mut m, &mut p);
                    }
                }
                (false, true, true) => {
                    n = sqrt_ratio(big_n, (big_p * m) as f64).max(1);
                    while n > 0 {
                        p = size / (m * n);
                        if m * n * p == size {
                            break;
                        }
                        n -= 1;
                    }
                    if n == 0 {
                        return bad(format!("no processor grid with {m} ranks in x"));
                    }
                    if big_n > big_p && n < p {
                        std::mem::swap(&mut n, &mut p);
                    }
                }
                (true, true, true) => {
                    let nn = (big_n as f64) * (big_n as f64) * (size as f64)
                        / ((big_p as f64) * (big_m as f64));
                    n = (0.5 + nn.powf(1.0 / 3.0)) as Int;
                    if n == 0 {
                        n = 1;
                    }
                    while n > 0 {
                        let pm = size / n;
                        if n * pm == size {
                            break;
                        }
                        n -= 1;
                    }
                    if n == 0 {
                        n = 1;
                    }
                    m = sqrt_ratio(big_m, (big_p * n) as f64).max(1);
                    while m > 0 {
                        p = size / (m * n);
                        if m * n * p == size {
                            break;
                        }
                        m -= 1;
                    }
                    if big_m > big_p && m < p {
                        std::mem::swap(&mut m, &mut p);
                    }
                }
                (false, false, false) => {}
            }
            if m < 1 || n < 1 || p < 1 || m * n * p != size {
                return bad(format!(
                    "the processor grid {m} x {n} x {p} does not match the communicator's {size} ranks"
                ));
            }
        }
    }
    let _ = big_p;
    Ok([m, n, p])
}

/// Checks, identically on every rank, what PETSc's `DMSetUp` checks on some ranks only;
/// returns the processor grid PETSc will choose.
fn check_layout(ctx: &str, size: Int, r: &RawInfo) -> Result<[Int; 3]> {
    let dim = r.dim;
    for (d, &n) in r.sizes.iter().enumerate().take(dim) {
        if n < 1 {
            return Err(Error::invalid(
                ctx,
                format!("grid size {} in {} is below 1", n, AXES[d]),
            ));
        }
    }
    let procs = decompose(ctx, dim, size, r.sizes, r.procs)?;
    let s = r.width;
    for d in 0..dim {
        let (big, m) = (r.sizes[d], procs[d]);
        if dim == 1 && s == 0 {
            // PETSc allows ranks without points when nothing is communicated.
            break;
        }
        if big < m {
            return Err(Error::invalid(
                ctx,
                format!(
                    "{big} grid points in {} cannot be split over {m} ranks (fewer points than ranks)",
                    AXES[d]
                ),
            ));
        }
        if dim == 1 && size > 1 && big - 1 < s {
            return Err(Error::invalid(
                ctx,
                format!("{big} grid points in x are too few for stencil width {s}"),
            ));
        }
        // The smallest piece is big / m; PETSc requires every piece to be at least as
        // wide as the stencil, except in a direction that is neither split nor periodic
        // (and, in 1D, a single point; in 3D, a single plane in z).
        let piece = big / m;
        let exempt = match dim {
            1 => big <= 1 && r.boundary[0] != BoundaryType::Periodic,
            _ if d == 2 && big == 1 => true,
            _ => m <= 1 && r.boundary[d] != BoundaryType::Periodic,
        };
        if piece < s && !exempt {
            return Err(Error::invalid(
                ctx,
                format!(
                    "stencil width {s} is wider than the smallest subdomain: {big} points in {} over {m} ranks leave {piece} on some rank{}",
                    AXES[d],
                    if m == 1 { " (periodic boundary)" } else { "" }
                ),
            ));
        }
    }
    let _ = (r.dof, r.stencil);
    Ok(procs)
}

impl Da {
    /// Starts building a `dim`-dimensional DMDA (1, 2 or 3) on `comm`; see [`DaBuilder`].
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let da = petsc::Da::builder(&petsc.world(), 2).sizes(4, 4, 1).build()?;
    /// assert_eq!(da.info()?.dim, 2);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn builder(comm: &Comm, dim: usize) -> DaBuilder<'_> {
        DaBuilder {
            comm,
            dim,
            sizes: None,
            dof: 1,
            stencil: StencilType::Star,
            width: 1,
            boundary: [BoundaryType::None; 3],
            procs: [None; 3],
            from_options: false,
            prefix: None,
        }
    }

    fn raw_info(&self) -> Result<RawInfo> {
        let mut dim: Int = 0;
        let mut sizes: [Int; 3] = [0; 3];
        let mut procs: [Int; 3] = [0; 3];
        let (mut dof, mut width): (Int, Int) = (0, 0);
        let mut b = [sys::DMBoundaryType::DM_BOUNDARY_NONE; 3];
        let mut st = sys::DMDAStencilType::DMDA_STENCIL_STAR;
        // SAFETY: live DMDA; every output points to a local of the right type.
        check(unsafe {
            sys::DMDAGetInfo(
                self.ptr,
                &mut dim,
                &mut sizes[0],
                &mut sizes[1],
                &mut sizes[2],
                &mut procs[0],
                &mut procs[1],
                &mut procs[2],
                &mut dof,
                &mut width,
                &mut b[0],
                &mut b[1],
                &mut b[2],
                &mut st,
            )
        })?;
        Ok(RawInfo {
            dim: dim.clamp(1, 3) as usize,
            sizes,
            procs,
            dof,
            width,
            boundary: b.map(BoundaryType::from_raw),
            stencil: StencilType::from_raw(st),
        })
    }

    /// The grid and this rank's part of it (`DMDAGetInfo` + `DMDAGetLocalInfo`).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let da = petsc::Da::builder(&petsc.self_comm(), 1).sizes(6, 1, 1).stencil_width(2).build()?;
    /// let info = da.info()?;
    /// assert_eq!((info.xs, info.xm, info.gxs, info.gxm), (0, 6, 0, 6));
    /// assert_eq!(info.stencil_width, 2);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn info(&self) -> Result<DaInfo> {
        let mut li = sys::DMDALocalInfo::default();
        // SAFETY: live, set-up DMDA; PETSc fills the struct.
        check(unsafe { sys::DMDAGetLocalInfo(self.ptr, &mut li) })?;
        DaInfo::from_local_info(&li)
    }

    fn geometry(&self) -> Result<Geometry> {
        if let Some(g) = self.geometry.get() {
            return Ok(g);
        }
        let info = self.info()?;
        let g = Geometry {
            dim: info.dim,
            dof: info.dof,
            owned: info.corners(),
            ghosted: info.ghost_corners(),
        };
        self.geometry.set(Some(g));
        Ok(g)
    }

    /// The box of grid points this rank owns (`DMDAGetCorners`).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let world = petsc.world();
    /// let da = petsc::Da::builder(&world, 2).sizes(7, 5, 1).build()?;
    /// let c = da.corners()?;
    /// // The boxes of all ranks partition the grid.
    /// let mut owned = petsc::Vector::new_mpi(&world, Some(1), None)?;
    /// owned.set(c.count() as f64)?;
    /// assert_eq!(owned.sum()?, 35.0);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn corners(&self) -> Result<Corners> {
        Ok(self.geometry()?.owned)
    }

    /// The box of this rank's local vectors, ghost points included
    /// (`DMDAGetGhostCorners`).
    ///
    /// ```
    /// use petsc::BoundaryType::Periodic;
    /// let petsc = petsc::Petsc::init()?;
    /// let da = petsc::Da::builder(&petsc.self_comm(), 1)
    ///     .sizes(5, 1, 1)
    ///     .boundary(Periodic, Periodic, Periodic)
    ///     .build()?;
    /// assert_eq!(da.ghost_corners()?, petsc::Corners { start: [-1, 0, 0], len: [7, 1, 1] });
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn ghost_corners(&self) -> Result<Corners> {
        Ok(self.geometry()?.ghosted)
    }

    /// A new global vector (this rank's owned points, no ghosts; `DMCreateGlobalVector`),
    /// zero.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let da = petsc::Da::builder(&petsc.world(), 3).sizes(3, 4, 5).build()?;
    /// assert_eq!(da.create_global_vector()?.size()?, 60);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn create_global_vector(&self) -> Result<Vector> {
        let mut v: sys::Vec = std::ptr::null_mut();
        // SAFETY: live DMDA; PETSc writes a new vector whose reference we take.
        check(unsafe { sys::DMCreateGlobalVector(self.ptr, &mut v) })?;
        Ok(Vector::from_raw(&self.petsc, v))
    }

    /// A new local vector (this rank's points and its ghosts, sequential;
    /// `DMCreateLocalVector`), zero.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let da = petsc::Da::builder(&petsc.self_comm(), 1)
    ///     .sizes(4, 1, 1)
    ///     .boundary(petsc::BoundaryType::Ghosted, petsc::BoundaryType::None, petsc::BoundaryType::None)
    ///     .build()?;
    /// assert_eq!(da.create_local_vector()?.size()?, 6); // one ghost at each end
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn create_local_vector(&self) -> Result<Vector> {
        let mut v: sys::Vec = std::ptr::null_mut();
        // SAFETY: live DMDA; PETSc writes a new vector whose reference we take.
        check(unsafe { sys::DMCreateLocalVector(self.ptr, &mut v) })?;
        Ok(Vector::from_raw(&self.petsc, v))
    }

    fn check_sizes(&self, ctx: &str, global: &Vector, local: &Vector) -> Result<()> {
        let g = self.geometry()?;
        let (ng, nl) = (global.local_size()?, local.local_size()?);
        let (eg, el) = (
            g.owned.count() as Int * g.dof,
            g.ghosted.count() as Int * g.dof,
        );
        if ng != eg || nl != el {
            return Err(Error::size_mismatch(
                ctx,
                format!(
                    "the global vector has {ng} local entries and the local vector {nl}, \
                     but this DMDA's global vectors have {eg} on this rank and its local vectors {el}"
                ),
            ));
        }
        Ok(())
    }

    /// Fills the local vector `local` from the global vector `global`, ghost points
    /// included (halo exchange; `DMGlobalToLocalBegin`/`End`, collective). `mode` is
    /// usually [`InsertMode::Insert`]. Ghost points beyond a `None` or `Ghosted` boundary
    /// are left as they are.
    ///
    /// ```
    /// use petsc::{Da, InsertMode};
    /// let petsc = petsc::Petsc::init()?;
    /// let da = Da::builder(&petsc.world(), 1).sizes(6, 1, 1).build()?;
    /// let mut g = da.create_global_vector()?;
    /// g.set(2.0)?;
    /// let mut l = da.create_local_vector()?;
    /// da.global_to_local(&g, InsertMode::Insert, &mut l)?;
    /// assert!(l.view()?.iter().all(|&v| v == 2.0));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn global_to_local(
        &self,
        global: &Vector,
        mode: InsertMode,
        local: &mut Vector,
    ) -> Result<()> {
        self.check_sizes("Da::global_to_local", global, local)?;
        // SAFETY: live DMDA and vectors of its layouts (checked above).
        check(unsafe { sys::DMGlobalToLocalBegin(self.ptr, global.ptr, mode.raw(), local.ptr) })?;
        // SAFETY: as above, after Begin.
        check(unsafe { sys::DMGlobalToLocalEnd(self.ptr, global.ptr, mode.raw(), local.ptr) })
    }

    /// Moves the local vector `local` into the global vector `global` (collective;
    /// `DMLocalToGlobalBegin`/`End`). With [`InsertMode::Insert`] owned points are
    /// copied and ghosts ignored; with [`InsertMode::Add`] every ghost's value is added
    /// to its owner's entry too (assembly of contributions).
    ///
    /// PETSc 3.18 refuses `Insert` (an `Err` on every rank, from PETSc) for a stencil
    /// wider than 0 when a direction that is not split over ranks has ghost points
    /// beyond its boundary: periodic in x, y or z, or (a quirk of 3.18) ghosted in y
    /// or z unless x is ghosted too. `Add` always works.
    ///
    /// ```
    /// use petsc::{BoundaryType::Periodic, Da, InsertMode};
    /// let petsc = petsc::Petsc::init()?;
    /// let da = Da::builder(&petsc.world(), 1).sizes(6, 1, 1).boundary(Periodic, Periodic, Periodic).build()?;
    /// let mut l = da.create_local_vector()?;
    /// l.set(1.0)?;
    /// let mut g = da.create_global_vector()?;
    /// g.set(0.0)?;
    /// da.local_to_global(&l, InsertMode::Add, &mut g)?;
    /// // Each rank's local vector has its points and one ghost at each end.
    /// let ranks = petsc.world().size() as f64;
    /// assert_eq!(g.sum()?, 6.0 + 2.0 * ranks);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn local_to_global(
        &self,
        local: &Vector,
        mode: InsertMode,
        global: &mut Vector,
    ) -> Result<()> {
        self.check_sizes("Da::local_to_global", global, local)?;
        // SAFETY: live DMDA and vectors of its layouts (checked above).
        check(unsafe { sys::DMLocalToGlobalBegin(self.ptr, local.ptr, mode.raw(), global.ptr) })?;
        // SAFETY: as above, after Begin.
        check(unsafe { sys::DMLocalToGlobalEnd(self.ptr, local.ptr, mode.raw(), global.ptr) })
    }

    /// Gives the grid evenly spaced coordinates from `min` to `max` in each direction
    /// (`DMDASetUniformCoordinates`; collective). Unused directions are ignored.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let da = petsc::Da::builder(&petsc.self_comm(), 1).sizes(5, 1, 1).build()?;
    /// da.set_uniform_coordinates(0.0, 1.0, 0.0, 0.0, 0.0, 0.0)?;
    /// let x = da.coordinates()?;
    /// assert_eq!(&*x.view()?, &[0.0, 0.25, 0.5, 0.75, 1.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn set_uniform_coordinates(
        &self,
        xmin: Real,
        xmax: Real,
        ymin: Real,
        ymax: Real,
        zmin: Real,
        zmax: Real,
    ) -> Result<()> {
        // SAFETY: live, set-up DMDA.
        check(unsafe {
            sys::DMDASetUniformCoordinates(self.ptr, xmin, xmax, ymin, ymax, zmin, zmax)
        })
    }

    /// The global coordinate vector (`DMGetCoordinates`): `dim` values per grid point,
    /// laid out like a global vector of [`coordinate_da`](Self::coordinate_da). It
    /// shares its values with the DMDA. An error if no coordinates were set.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let da = petsc::Da::builder(&petsc.world(), 2).sizes(3, 2, 1).build()?;
    /// da.set_uniform_coordinates(0.0, 2.0, 0.0, 1.0, 0.0, 0.0)?;
    /// let xy = da.coordinates()?;
    /// let cda = da.coordinate_da()?;
    /// let v = cda.view(&xy)?;
    /// for [i, j, k] in da.corners()?.iter() {
    ///     assert_eq!(v.get([i, j, k], 0), i as f64); // x = i * 2 / (3 - 1)
    ///     assert_eq!(v.get([i, j, k], 1), j as f64); // y = j * 1 / (2 - 1)
    /// }
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn coordinates(&self) -> Result<Vector> {
        let mut v: sys::Vec = std::ptr::null_mut();
        // SAFETY: live DMDA; PETSc returns its own vector or null (borrowed).
        check(unsafe { sys::DMGetCoordinates(self.ptr, &mut v) })?;
        if v.is_null() {
            return Err(Error::invalid(
                "Da::coordinates",
                "the DMDA has no coordinates; call set_uniform_coordinates first",
            ));
        }
        // SAFETY: live vector lent by PETSc; the handle takes its own reference.
        unsafe { Vector::from_raw_borrowed(&self.petsc, v) }
    }

    /// The DMDA of the coordinates (`DMGetCoordinateDM`): same grid, `dim` values per
    /// point, for viewing [`coordinates`](Self::coordinates) by `(i, j, k)`.
    pub fn coordinate_da(&self) -> Result<Da> {
        let mut dm: sys::DM = std::ptr::null_mut();
        // SAFETY: live DMDA; PETSc returns its own (borrowed) coordinate DM.
        check(unsafe { sys::DMGetCoordinateDM(self.ptr, &mut dm) })?;
        // SAFETY: live DM lent by PETSc; the handle takes its own reference.
        unsafe { Da::from_raw_borrowed(&self.petsc, dm) }
    }

    fn check_field(&self, ctx: &str, field: Int) -> Result<()> {
        let dof = self.geometry()?.dof;
        if field < 0 || field >= dof {
            return Err(Error::out_of_range(
                ctx,
                format!("field {field} is not in 0..{dof} (the DMDA's dof)"),
            ));
        }
        Ok(())
    }

    /// Names component `field` (`DMDASetFieldName`; shown by viewers).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let da = petsc::Da::builder(&petsc.self_comm(), 1).sizes(4, 1, 1).dof(2).build()?;
    /// da.set_field_name(1, "pressure")?;
    /// assert_eq!(da.field_name(1)?, "pressure");
    /// assert!(da.set_field_name(2, "nope").is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn set_field_name(&self, field: Int, name: &str) -> Result<()> {
        const CTX: &str = "Da::set_field_name";
        self.check_field(CTX, field)?;
        let n = c_string(CTX, name)?;
        // SAFETY: live, set-up DMDA; field checked; PETSc copies the string.
        check(unsafe { sys::DMDASetFieldName(self.ptr, field, n.as_ptr()) })
    }

    /// The name of component `field` (`DMDAGetFieldName`); empty if none was set.
    pub fn field_name(&self, field: Int) -> Result<String> {
        self.check_field("Da::field_name", field)?;
        let mut p: *const c_char = std::ptr::null();
        // SAFETY: live, set-up DMDA; field checked; PETSc returns its own string or null.
        check(unsafe { sys::DMDAGetFieldName(self.ptr, field, &mut p) })?;
        if p.is_null() {
            return Ok(String::new());
        }
        // SAFETY: PETSc's NUL-terminated string, alive while the DMDA is.
        Ok(unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned())
    }

    /// A matrix for operators on this grid (`DMCreateMatrix`; collective): AIJ unless
    /// `-dm_mat_type` says otherwise, preallocated for the stencil, with rows and
    /// columns addressable by grid point through [`Mat::set_values_stencil`].
    ///
    /// ```
    /// use petsc::{Da, InsertMode, Stencil};
    /// let petsc = petsc::Petsc::init()?;
    /// let da = Da::builder(&petsc.world(), 1).sizes(5, 1, 1).build()?;
    /// let mut a = da.create_matrix()?;
    /// for [i, _, _] in da.corners()?.iter() {
    ///     a.set_values_stencil(&[Stencil::new(i, 0, 0, 0)], &[Stencil::new(i, 0, 0, 0)], &[2.0], InsertMode::Insert)?;
    /// }
    /// a.assemble()?;
    /// assert_eq!(a.size()?, (5, 5));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn create_matrix(&self) -> Result<Mat> {
        let mut m: sys::Mat = std::ptr::null_mut();
        // SAFETY: live, set-up DMDA; PETSc writes a new matrix whose reference we take.
        check(unsafe { sys::DMCreateMatrix(self.ptr, &mut m) })?;
        Ok(Mat::from_raw(&self.petsc, m))
    }

    /// The layout a vector of `n` local entries has on this grid: this rank's owned box
    /// for a global vector, its ghosted box for a local vector.
    fn layout_for(&self, ctx: &str, n: Int) -> Result<Layout> {
        let g = self.geometry()?;
        let owned = g.owned.count() as Int * g.dof;
        let ghosted = g.ghosted.count() as Int * g.dof;
        let (corners, is_local) = if n == owned {
            (g.owned, false)
        } else if n == ghosted {
            (g.ghosted, true)
        } else {
            return Err(Error::size_mismatch(
                ctx,
                format!(
                    "the vector has {n} entries on this rank, but this DMDA's global vectors have \
                     {owned} and its local vectors {ghosted}; pass a vector made by this DMDA"
                ),
            ));
        };
        Ok(Layout::new(g.dim, g.dof, corners, is_local))
    }

    /// A read-only view of `vec` indexed by global grid point `(i, j, k)` and component
    /// (`DMDAVecGetArrayRead`/`DMDAVecGetArrayDOFRead`), restored on drop.
    ///
    /// `vec` is a global vector of this DMDA (valid indices: the owned box,
    /// [`corners`](Self::corners)) or a local vector (the ghosted box,
    /// [`ghost_corners`](Self::ghost_corners)); any other vector is an `Err`.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let da = petsc::Da::builder(&petsc.self_comm(), 2).sizes(3, 2, 1).build()?;
    /// let mut g = da.create_global_vector()?;
    /// g.set(1.5)?;
    /// let v = da.view(&g)?;
    /// assert_eq!(v[(2, 1)], 1.5);
    /// assert_eq!(v.get([2, 1, 0], 0), 1.5);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn view<'v>(&self, vec: &'v Vector) -> Result<DaView<'v>> {
        let layout = self.layout_for("Da::view", vec.local_size()?)?;
        // SAFETY: `vec` outlives the view ('v); its size matches `layout`.
        unsafe { DaView::acquire(vec.ptr, layout) }
    }

    /// A writable view of `vec` indexed by global grid point `(i, j, k)` and component
    /// (`DMDAVecGetArray`/`DMDAVecGetArrayDOF`), restored on drop. Valid indices as for
    /// [`view`](Self::view).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let da = petsc::Da::builder(&petsc.self_comm(), 3).sizes(2, 2, 2).dof(2).build()?;
    /// let mut g = da.create_global_vector()?;
    /// {
    ///     let mut v = da.view_mut(&mut g)?;
    ///     for p in da.corners()?.iter() {
    ///         v.set(p, 1, 3.0);
    ///         v.at_mut(p)[0] = 1.0;
    ///     }
    /// }
    /// assert_eq!(g.sum()?, 8.0 * 4.0);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn view_mut<'v>(&self, vec: &'v mut Vector) -> Result<DaViewMut<'v>> {
        let layout = self.layout_for("Da::view_mut", vec.local_size()?)?;
        // SAFETY: `vec` is borrowed mutably for 'v; its size matches `layout`.
        unsafe { DaViewMut::acquire(vec.ptr, layout) }
    }

    /// [`view`](Self::view) of a raw vector, for callbacks that receive PETSc's `Vec`.
    ///
    /// # Safety
    /// `vec` must be a live vector that outlives `'v` and is not written meanwhile.
    #[allow(dead_code)]
    pub(crate) unsafe fn view_raw<'v>(&self, vec: sys::Vec) -> Result<DaView<'v>> {
        let mut n: Int = 0;
        // SAFETY: the caller guarantees a live vector.
        check(unsafe { sys::VecGetLocalSize(vec, &mut n) })?;
        let layout = self.layout_for("Da::view", n)?;
        // SAFETY: the caller's guarantee; size matches `layout`.
        unsafe { DaView::acquire(vec, layout) }
    }

    /// [`view_mut`](Self::view_mut) of a raw vector, for callbacks that receive PETSc's
    /// `Vec`.
    ///
    /// # Safety
    /// `vec` must be a live vector that outlives `'v` and is not accessed otherwise
    /// meanwhile.
    #[allow(dead_code)]
    pub(crate) unsafe fn view_mut_raw<'v>(&self, vec: sys::Vec) -> Result<DaViewMut<'v>> {
        let mut n: Int = 0;
        // SAFETY: the caller guarantees a live vector.
        check(unsafe { sys::VecGetLocalSize(vec, &mut n) })?;
        let layout = self.layout_for("Da::view_mut", n)?;
        // SAFETY: the caller's guarantee; size matches `layout`.
        unsafe { DaViewMut::acquire(vec, layout) }
    }
}

/// One entry of a matrix row or column addressed by grid point and component
/// (`MatStencil`). Laid out exactly as PETSc's, so slices pass to C without copying.
///
/// ```
/// let s = petsc::Stencil::new(3, 4, 0, 1);
/// assert_eq!((s.i, s.j, s.k, s.c), (3, 4, 0, 1));
/// ```
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Stencil {
    /// z index (0 in 1D and 2D).
    pub k: Int,
    /// y index (0 in 1D).
    pub j: Int,
    /// x index.
    pub i: Int,
    /// Component, `0..dof`.
    pub c: Int,
}

const _: () = {
    assert!(std::mem::size_of::<Stencil>() == std::mem::size_of::<sys::MatStencil>());
    assert!(std::mem::align_of::<Stencil>() == std::mem::align_of::<sys::MatStencil>());
    assert!(std::mem::offset_of!(Stencil, k) == std::mem::offset_of!(sys::MatStencil, k));
    assert!(std::mem::offset_of!(Stencil, j) == std::mem::offset_of!(sys::MatStencil, j));
    assert!(std::mem::offset_of!(Stencil, i) == std::mem::offset_of!(sys::MatStencil, i));
    assert!(std::mem::offset_of!(Stencil, c) == std::mem::offset_of!(sys::MatStencil, c));
};

impl Stencil {
    /// The entry of component `c` at grid point `(i, j, k)`.
    #[inline]
    pub fn new(i: Int, j: Int, k: Int, c: Int) -> Stencil {
        Stencil { k, j, i, c }
    }
}

impl Mat {
    /// Sets or adds a dense block addressed by grid points (`MatSetValuesStencil`):
    /// `values` holds `rows.len() x cols.len()` entries, row by row. For matrices made
    /// by [`Da::create_matrix`]; every row and column must lie in this rank's ghosted
    /// box ([`Da::ghost_corners`]) with a component in `0..dof`.
    ///
    /// ```
    /// use petsc::{Da, InsertMode, Stencil};
    /// let petsc = petsc::Petsc::init()?;
    /// let da = Da::builder(&petsc.self_comm(), 2).sizes(3, 3, 1).build()?;
    /// let mut a = da.create_matrix()?;
    /// let row = Stencil::new(1, 1, 0, 0);
    /// let cols = [row, Stencil::new(0, 1, 0, 0), Stencil::new(1, 2, 0, 0)];
    /// a.set_values_stencil(&[row], &cols, &[4.0, -1.0, -1.0], InsertMode::Insert)?;
    /// a.assemble()?;
    /// assert_eq!(a.get_values(&[4], &[3, 4, 7])?, vec![-1.0, 4.0, -1.0]); // row 4 = (1, 1)
    /// let far = Stencil::new(5, 1, 0, 0);
    /// assert!(a.set_values_stencil(&[far], &[far], &[1.0], InsertMode::Insert).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[inline]
    pub fn set_values_stencil(
        &mut self,
        rows: &[Stencil],
        cols: &[Stencil],
        values: &[Scalar],
        mode: InsertMode,
    ) -> Result<()> {
        let b = self.stencil_box()?;
        if rows.len() * cols.len() != values.len()
            || !rows.iter().all(|s| b.contains(s))
            || !cols.iter().all(|s| b.contains(s))
        {
            return stencil_error(rows, cols, values, &b);
        }
        // SAFETY: live matrix with stencil information (set by DMCreateMatrix); `Stencil`
        // has MatStencil's layout (checked at compile time); slice lengths and every
        // index were checked above.
        check(unsafe {
            sys::MatSetValuesStencil(
                self.ptr,
                rows.len() as Int,
                rows.as_ptr() as *const sys::MatStencil,
                cols.len() as Int,
                cols.as_ptr() as *const sys::MatStencil,
                values.as_ptr(),
                mode.raw(),
            )
        })
    }

    /// This rank's ghosted box and dof of the matrix's DMDA, asked of PETSc once per
    /// matrix (its grid never changes), so assembly by stencil pays four comparisons per
    /// entry instead of two C calls.
    #[inline]
    fn stencil_box(&self) -> Result<StencilBox> {
        if let Some(b) = self.stencil_box.get() {
            return Ok(b);
        }
        let mut dm: sys::DM = std::ptr::null_mut();
        // SAFETY: live matrix; PETSc returns its (borrowed) DM or null.
        check(unsafe { sys::MatGetDM(self.ptr, &mut dm) })?;
        if dm.is_null() {
            return Err(Error::invalid(
                "Mat::set_values_stencil",
                "the matrix has no grid; make it with Da::create_matrix",
            ));
        }
        let mut li = sys::DMDALocalInfo::default();
        // SAFETY: live DM of the matrix (a DMDA when made by Da::create_matrix; PETSc
        // checks the type and errors otherwise).
        check(unsafe { sys::DMDAGetLocalInfo(dm, &mut li) })?;
        let b = StencilBox {
            start: [li.gxs, li.gys, li.gzs],
            end: [li.gxs + li.gxm, li.gys + li.gym, li.gzs + li.gzm],
            dof: li.dof,
        };
        self.stencil_box.set(Some(b));
        Ok(b)
    }
}

/// Which box of grid points a view's array covers, with what indexing needs
/// precomputed (index arithmetic runs once per access in residual loops).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Layout {
    pub(crate) dim: usize,
    pub(crate) dof: Int,
    pub(crate) corners: Corners,
    /// Whether the box is the ghosted one (local vector).
    pub(crate) ghosted: bool,
    /// Box extents and strides as `usize` (`sx` is `dof`).
    n: [usize; 3],
    sy: usize,
    sz: usize,
    /// Whether tuple indexing with 2 (or 3) indices is allowed: one component and no
    /// more dimensions than indices.
    tuple2: bool,
    tuple3: bool,
}

impl Layout {
    pub(crate) fn new(dim: usize, dof: Int, corners: Corners, ghosted: bool) -> Layout {
        let n = corners.len.map(|x| x.max(0) as usize);
        let d = dof.max(0) as usize;
        Layout {
            dim,
            dof,
            corners,
            ghosted,
            n,
            sy: n[0] * d,
            sz: n[0] * n[1] * d,
            tuple2: dof == 1 && dim <= 2,
            tuple3: dof == 1,
        }
    }

    fn len(&self) -> usize {
        self.corners.count() * self.dof as usize
    }

    /// Offset of component `c` of point `p`, or a panic naming both and the box.
    #[inline(always)]
    fn offset(&self, p: [Int; 3], c: Int) -> usize {
        let s = &self.corners.start;
        let di = p[0].wrapping_sub(s[0]) as usize;
        let dj = p[1].wrapping_sub(s[1]) as usize;
        let dk = p[2].wrapping_sub(s[2]) as usize;
        let dof = self.dof as usize;
        if di < self.n[0] && dj < self.n[1] && dk < self.n[2] && (c as usize) < dof {
            di * dof + dj * self.sy + dk * self.sz + c as usize
        } else {
            self.out_of_range(p, c)
        }
    }

    /// Offset of point `p` given with `arity` indices, for tuple indexing of dof-1 grids.
    #[inline(always)]
    fn point_offset(&self, p: [Int; 3], arity: usize) -> usize {
        match arity {
            1 if self.tuple2 && self.dim == 1 => self.offset1(p[0]),
            2 if self.tuple2 => self.offset2(p[0], p[1]),
            3 if self.tuple3 => self.offset(p, 0),
            _ => self.bad_arity(arity),
        }
    }

    /// Offset of `i` on a one-component 1D grid.
    #[inline(always)]
    fn offset1(&self, i: Int) -> usize {
        let di = i.wrapping_sub(self.corners.start[0]) as usize;
        if di < self.n[0] {
            di
        } else {
            self.out_of_range([i, 0, 0], 0)
        }
    }

    /// Offset of `(i, j)` on a one-component grid of at most 2 dimensions (whose z box
    /// is `0..1`).
    #[inline(always)]
    fn offset2(&self, i: Int, j: Int) -> usize {
        let di = i.wrapping_sub(self.corners.start[0]) as usize;
        let dj = j.wrapping_sub(self.corners.start[1]) as usize;
        if di < self.n[0] && dj < self.n[1] {
            di + dj * self.sy
        } else {
            self.out_of_range([i, j, 0], 0)
        }
    }

    #[cold]
    #[inline(never)]
    #[track_caller]
    fn bad_arity(&self, arity: usize) -> ! {
        if self.dof != 1 {
            panic!(
                "DMDA view: the grid has {} components per point; index with get(point, c), \
                 set(point, c, v) or at(point) instead of a tuple",
                self.dof
            )
        }
        panic!(
            "DMDA view: {arity} index(es) given for a {}-dimensional grid; give all {}",
            self.dim, self.dim
        )
    }

    #[cold]
    #[inline(never)]
    #[track_caller]
    fn out_of_range(&self, p: [Int; 3], c: Int) -> ! {
        let s = self.corners.start;
        let e = self.corners.end();
        panic!(
            "DMDA view index (i, j, k) = ({}, {}, {}), component {} is out of range: valid are \
             i in {}..{}, j in {}..{}, k in {}..{}, component in 0..{} ({} box of this rank)",
            p[0],
            p[1],
            p[2],
            c,
            s[0],
            e[0],
            s[1],
            e[1],
            s[2],
            e[2],
            self.dof,
            if self.ghosted {
                "local vector: ghosted"
            } else {
                "global vector: owned"
            }
        )
    }

    fn row_range(&self, j: Int, k: Int) -> std::ops::Range<usize> {
        let begin = self.offset([self.corners.start[0], j, k], 0);
        begin..begin + self.corners.len[0] as usize * self.dof as usize
    }

    /// Shape `(xm, ym, zm, dof)` and strides of the array as an `[i, j, k, c]` array.
    #[allow(clippy::type_complexity)]
    fn shape_strides(&self) -> ((usize, usize, usize, usize), (usize, usize, usize, usize)) {
        let n = self.corners.len.map(|x| x.max(0) as usize);
        let dof = self.dof as usize;
        (
            (n[0], n[1], n[2], dof),
            (dof, n[0] * dof, n[0] * n[1] * dof, 1),
        )
    }
}

/// The address of the first entry of an array PETSc's `DMDAVecGetArray` made (an array
/// of row pointers shifted to global indices in 2D and 3D), for views over arrays
/// handed to `DMDA...Local` callbacks.
///
/// # Safety
/// `array` must come from `DMDAVecGetArray`/`DMDAVecGetArrayRead` (not the DOF
/// variants) of a vector laid out as `layout`, and still be lent.
#[allow(dead_code)]
pub(crate) unsafe fn dmda_array_base(
    array: *mut std::os::raw::c_void,
    layout: &Layout,
) -> *mut Scalar {
    let [xs, ys, zs] = layout.corners.start;
    let x0 = (xs * layout.dof) as isize;
    // SAFETY: the caller guarantees the array's shape: a shifted pointer (1D), shifted row
    // pointers (2D) or shifted plane pointers (3D), each valid at the box's first index.
    unsafe {
        match layout.dim {
            1 => (array as *mut Scalar).offset(x0),
            2 => (*(array as *mut *mut Scalar).offset(ys as isize)).offset(x0),
            _ => (*(*(array as *mut *mut *mut Scalar).offset(zs as isize)).offset(ys as isize))
                .offset(x0),
        }
    }
}

enum Restore {
    /// Borrowed array: nothing to give back.
    Nothing,
    /// `VecRestoreArrayRead` on this vector.
    Read(sys::Vec),
    /// `VecRestoreArray` on this vector.
    Write(sys::Vec),
}

/// A read-only view of a DMDA vector indexed by global grid point; made by [`Da::view`],
/// restored on drop.
///
/// Access:
/// - `v[i]`, `v[(i, j)]`, `v[(i, j, k)]`, `v[[i, j, k]]` on grids with one component
///   (`dof = 1`); give as many indices as the grid has dimensions (extra ones must be 0);
/// - [`get(point, c)`](Self::get) for component `c`, [`at(point)`](Self::at) for all the
///   components of a point;
/// - [`row(j, k)`](Self::row) for a contiguous run of points along x;
/// - [`as_ndarray`](Self::as_ndarray) for an `ndarray` view `[i, j, k, c]` relative to
///   [`corners`](Self::corners).
///
/// Every access is checked; a point outside the view's box panics with a message
/// naming the point and the box.
pub struct DaView<'v> {
    ptr: *const Scalar,
    layout: Layout,
    restore: Restore,
    // The vector's borrow state (none for a lent array), released after the restore.
    _borrow: Option<ArrayBorrow>,
    _vec: PhantomData<&'v Vector>,
}

impl<'v> DaView<'v> {
    /// # Safety
    /// `vec` is live for `'v`, not written meanwhile, with `layout.len()` local entries.
    unsafe fn acquire(vec: sys::Vec, layout: Layout) -> Result<DaView<'v>> {
        let borrow = ArrayBorrow::shared(vec as sys::PetscObject, "Da::view")?;
        let mut p: *const Scalar = std::ptr::null();
        // SAFETY: live vector (caller); PETSc lends its array until VecRestoreArrayRead.
        check(unsafe { sys::VecGetArrayRead(vec, &mut p) })?;
        Ok(DaView {
            ptr: p,
            layout,
            restore: Restore::Read(vec),
            _borrow: Some(borrow),
            _vec: PhantomData,
        })
    }

    /// A view over an array the caller lends (nothing is restored on drop).
    ///
    /// # Safety
    /// `ptr` points to `layout.len()` initialized entries that stay valid and unwritten
    /// for `'v`.
    #[allow(dead_code)]
    pub(crate) unsafe fn from_raw_parts(ptr: *const Scalar, layout: Layout) -> DaView<'v> {
        DaView {
            ptr,
            layout,
            restore: Restore::Nothing,
            _borrow: None,
            _vec: PhantomData,
        }
    }

    /// The box of grid points this view covers (owned box for a global vector, ghosted
    /// box for a local one).
    pub fn corners(&self) -> Corners {
        self.layout.corners
    }

    /// Components per grid point.
    pub fn dof(&self) -> Int {
        self.layout.dof
    }

    /// Whether the view covers the ghosted box of a local vector (false for a global
    /// vector, and where the two boxes are the same).
    pub fn is_ghosted(&self) -> bool {
        self.layout.ghosted
    }

    /// Component `c` at grid point `[i, j, k]` (unused directions 0).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let da = petsc::Da::builder(&petsc.self_comm(), 1).sizes(4, 1, 1).dof(3).build()?;
    /// let mut g = da.create_global_vector()?;
    /// g.set(7.0)?;
    /// assert_eq!(da.view(&g)?.get([3, 0, 0], 2), 7.0);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[inline(always)]
    #[track_caller]
    pub fn get(&self, p: [Int; 3], c: Int) -> Scalar {
        let o = self.layout.offset(p, c);
        // SAFETY: `offset` returned, so `o` is inside the lent array.
        unsafe { *self.ptr.add(o) }
    }

    /// All `dof` components at grid point `[i, j, k]`.
    #[inline(always)]
    #[track_caller]
    pub fn at(&self, p: [Int; 3]) -> &[Scalar] {
        let o = self.layout.offset(p, 0);
        &self.as_slice()[o..o + self.layout.dof as usize]
    }

    /// The points `i = corners().start[0] ..` of row `(j, k)`, `dof` entries each; entry
    /// `(i - start) * dof + c` is component `c` of point `i`.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let da = petsc::Da::builder(&petsc.self_comm(), 2).sizes(3, 2, 1).build()?;
    /// let mut g = da.create_global_vector()?;
    /// g.set(1.0)?;
    /// assert_eq!(da.view(&g)?.row(1, 0), &[1.0, 1.0, 1.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[track_caller]
    pub fn row(&self, j: Int, k: Int) -> &[Scalar] {
        let r = self.layout.row_range(j, k);
        &self.as_slice()[r]
    }

    /// The whole array, in storage order (`c` fastest, then `i`, `j`, `k`).
    pub fn as_slice(&self) -> &[Scalar] {
        let len = self.layout.len();
        if len == 0 {
            return &[];
        }
        // SAFETY: PETSc (or the lender) lent `len` initialized entries for 'v.
        unsafe { std::slice::from_raw_parts(self.ptr, len) }
    }

    /// The array as an `ndarray` view indexed `[i - xs, j - ys, k - zs, c]` with
    /// `(xs, ys, zs) = corners().start`.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let da = petsc::Da::builder(&petsc.self_comm(), 2).sizes(3, 2, 1).build()?;
    /// let mut g = da.create_global_vector()?;
    /// g.set(1.0)?;
    /// let v = da.view(&g)?;
    /// assert_eq!(v.as_ndarray().shape(), &[3, 2, 1, 1]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn as_ndarray(&self) -> ArrayView4<'_, Scalar> {
        let (shape, strides) = self.layout.shape_strides();
        ArrayView4::from_shape(shape.strides(strides), self.as_slice())
            .expect("DMDA view shape matches its array")
    }
}

impl Drop for DaView<'_> {
    fn drop(&mut self) {
        if let Restore::Read(v) = self.restore {
            // A copy, so that the view's own fields never escape to C (which would make
            // the compiler reload them after every store in indexing loops).
            let mut p = self.ptr;
            // SAFETY: restores exactly the pointer VecGetArrayRead gave for `v`.
            crate::error::record_destroy(unsafe { sys::VecRestoreArrayRead(v, &mut p) });
        }
    }
}

impl std::fmt::Debug for DaView<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DaView")
            .field("corners", &self.layout.corners)
            .field("dof", &self.layout.dof)
            .field("ghosted", &self.layout.ghosted)
            .finish()
    }
}

/// A writable view of a DMDA vector indexed by global grid point; made by
/// [`Da::view_mut`], restored on drop. Access as for [`DaView`], plus
/// [`set`](Self::set), [`at_mut`](Self::at_mut), [`row_mut`](Self::row_mut), and
/// assignment through `v[(i, j)] = x` on one-component grids.
pub struct DaViewMut<'v> {
    ptr: *mut Scalar,
    layout: Layout,
    restore: Restore,
    // The vector's borrow state (none for a lent array), released after the restore.
    _borrow: Option<ArrayBorrow>,
    _vec: PhantomData<&'v mut Vector>,
}

impl<'v> DaViewMut<'v> {
    /// # Safety
    /// `vec` is live for `'v`, not accessed otherwise meanwhile, with `layout.len()`
    /// local entries.
    unsafe fn acquire(vec: sys::Vec, layout: Layout) -> Result<DaViewMut<'v>> {
        let borrow = ArrayBorrow::exclusive(vec as sys::PetscObject, "Da::view_mut")?;
        let mut p: *mut Scalar = std::ptr::null_mut();
        // SAFETY: live vector (caller); PETSc lends its array until VecRestoreArray.
        check(unsafe { sys::VecGetArray(vec, &mut p) })?;
        Ok(DaViewMut {
            ptr: p,
            layout,
            restore: Restore::Write(vec),
            _borrow: Some(borrow),
            _vec: PhantomData,
        })
    }

    /// A writable view over an array the caller lends (nothing is restored on drop).
    ///
    /// # Safety
    /// `ptr` points to `layout.len()` initialized entries that stay valid, and are not
    /// accessed otherwise, for `'v`.
    #[allow(dead_code)]
    pub(crate) unsafe fn from_raw_parts(ptr: *mut Scalar, layout: Layout) -> DaViewMut<'v> {
        DaViewMut {
            ptr,
            layout,
            restore: Restore::Nothing,
            _borrow: None,
            _vec: PhantomData,
        }
    }

    /// The box of grid points this view covers.
    pub fn corners(&self) -> Corners {
        self.layout.corners
    }

    /// Components per grid point.
    pub fn dof(&self) -> Int {
        self.layout.dof
    }

    /// Whether the view covers the ghosted box of a local vector (false for a global
    /// vector, and where the two boxes are the same).
    pub fn is_ghosted(&self) -> bool {
        self.layout.ghosted
    }

    /// Component `c` at grid point `[i, j, k]`.
    #[inline(always)]
    #[track_caller]
    pub fn get(&self, p: [Int; 3], c: Int) -> Scalar {
        let o = self.layout.offset(p, c);
        // SAFETY: `offset` returned, so `o` is inside the lent array.
        unsafe { *self.ptr.add(o) }
    }

    /// Sets component `c` at grid point `[i, j, k]` to `v`.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let da = petsc::Da::builder(&petsc.self_comm(), 1).sizes(3, 1, 1).dof(2).build()?;
    /// let mut g = da.create_global_vector()?;
    /// da.view_mut(&mut g)?.set([2, 0, 0], 1, 5.0);
    /// assert_eq!(g.sum()?, 5.0);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[inline(always)]
    #[track_caller]
    pub fn set(&mut self, p: [Int; 3], c: Int, v: impl Into<Scalar>) {
        let o = self.layout.offset(p, c);
        // SAFETY: `offset` returned, so `o` is inside the lent, writable array; `&mut
        // self` makes the access unique.
        unsafe { *self.ptr.add(o) = v.into() }
    }

    /// All `dof` components at grid point `[i, j, k]`.
    #[inline(always)]
    #[track_caller]
    pub fn at(&self, p: [Int; 3]) -> &[Scalar] {
        let o = self.layout.offset(p, 0);
        &self.as_slice()[o..o + self.layout.dof as usize]
    }

    /// All `dof` components at grid point `[i, j, k]`, writable.
    #[inline(always)]
    #[track_caller]
    pub fn at_mut(&mut self, p: [Int; 3]) -> &mut [Scalar] {
        let o = self.layout.offset(p, 0);
        let dof = self.layout.dof as usize;
        &mut self.as_mut_slice()[o..o + dof]
    }

    /// Row `(j, k)` as in [`DaView::row`].
    #[track_caller]
    pub fn row(&self, j: Int, k: Int) -> &[Scalar] {
        let r = self.layout.row_range(j, k);
        &self.as_slice()[r]
    }

    /// Row `(j, k)` as in [`DaView::row`], writable.
    #[track_caller]
    pub fn row_mut(&mut self, j: Int, k: Int) -> &mut [Scalar] {
        let r = self.layout.row_range(j, k);
        &mut self.as_mut_slice()[r]
    }

    /// The whole array, in storage order.
    pub fn as_slice(&self) -> &[Scalar] {
        let len = self.layout.len();
        if len == 0 {
            return &[];
        }
        // SAFETY: PETSc (or the lender) lent `len` entries for 'v.
        unsafe { std::slice::from_raw_parts(self.ptr, len) }
    }

    /// The whole array, in storage order, writable.
    pub fn as_mut_slice(&mut self) -> &mut [Scalar] {
        let len = self.layout.len();
        if len == 0 {
            return &mut [];
        }
        // SAFETY: PETSc (or the lender) lent `len` entries for writing for 'v; `&mut
        // self` makes this borrow unique.
        unsafe { std::slice::from_raw_parts_mut(self.ptr, len) }
    }

    /// The array as an `ndarray` view indexed `[i - xs, j - ys, k - zs, c]`.
    pub fn as_ndarray(&self) -> ArrayView4<'_, Scalar> {
        let (shape, strides) = self.layout.shape_strides();
        ArrayView4::from_shape(shape.strides(strides), self.as_slice())
            .expect("DMDA view shape matches its array")
    }

    /// The array as a writable `ndarray` view indexed `[i - xs, j - ys, k - zs, c]`.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let da = petsc::Da::builder(&petsc.self_comm(), 2).sizes(3, 2, 1).build()?;
    /// let mut g = da.create_global_vector()?;
    /// da.view_mut(&mut g)?.as_ndarray_mut().fill(2.0);
    /// assert_eq!(g.sum()?, 12.0);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn as_ndarray_mut(&mut self) -> ArrayViewMut4<'_, Scalar> {
        let (shape, strides) = self.layout.shape_strides();
        ArrayViewMut4::from_shape(shape.strides(strides), self.as_mut_slice())
            .expect("DMDA view shape matches its array")
    }
}

impl Drop for DaViewMut<'_> {
    fn drop(&mut self) {
        if let Restore::Write(v) = self.restore {
            // A copy, as in `DaView`'s drop.
            let mut p = self.ptr;
            // SAFETY: restores exactly the pointer VecGetArray gave for `v`.
            crate::error::record_destroy(unsafe { sys::VecRestoreArray(v, &mut p) });
        }
    }
}

impl std::fmt::Debug for DaViewMut<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DaViewMut")
            .field("corners", &self.layout.corners)
            .field("dof", &self.layout.dof)
            .field("ghosted", &self.layout.ghosted)
            .finish()
    }
}

macro_rules! point_index {
    ($idx:ty, $arity:expr, |$p:ident| $point:expr) => {
        impl Index<$idx> for DaView<'_> {
            type Output = Scalar;
            #[inline(always)]
            #[track_caller]
            fn index(&self, $p: $idx) -> &Scalar {
                let o = self.layout.point_offset($point, $arity);
                // SAFETY: `point_offset` returned, so `o` is inside the lent array.
                unsafe { &*self.ptr.add(o) }
            }
        }
        impl Index<$idx> for DaViewMut<'_> {
            type Output = Scalar;
            #[inline(always)]
            #[track_caller]
            fn index(&self, $p: $idx) -> &Scalar {
                let o = self.layout.point_offset($point, $arity);
                // SAFETY: `point_offset` returned, so `o` is inside the lent array.
                unsafe { &*self.ptr.add(o) }
            }
        }
        impl IndexMut<$idx> for DaViewMut<'_> {
            #[inline(always)]
            #[track_caller]
            fn index_mut(&mut self, $p: $idx) -> &mut Scalar {
                let o = self.layout.point_offset($point, $arity);
                // SAFETY: `point_offset` returned, so `o` is inside the lent, writable
                // array; `&mut self` makes the borrow unique.
                unsafe { &mut *self.ptr.add(o) }
            }
        }
    };
}

point_index!(Int, 1, |p| [p, 0, 0]);
point_index!((Int, Int), 2, |p| [p.0, p.1, 0]);
point_index!((Int, Int, Int), 3, |p| [p.0, p.1, p.2]);
point_index!([Int; 3], 3, |p| p);

#[cfg(test)]
mod tests {
    use super::*;

    fn d(size: Int, big: [Int; 3], dim: usize) -> [Int; 3] {
        decompose("t", dim, size, big, [-1; 3]).unwrap()
    }

    #[test]
    fn decomposition_like_petsc() {
        assert_eq!(d(4, [10, 10, 1], 2), [2, 2, 1]);
        assert_eq!(d(2, [10, 10, 1], 2), [1, 2, 1]);
        assert_eq!(d(3, [4, 40, 1], 2), [1, 3, 1]);
        assert_eq!(d(3, [40, 4, 1], 2), [3, 1, 1]);
        assert_eq!(d(8, [8, 8, 8], 3), [2, 2, 2]);
        assert_eq!(d(3, [5, 5, 5], 1), [3, 1, 1]);
        assert!(decompose("t", 2, 4, [8, 8, 1], [3, -1, -1]).is_err());
    }

    #[test]
    fn layout_checks() {
        let r = RawInfo {
            dim: 1,
            sizes: [2, 1, 1],
            procs: [-1; 3],
            dof: 1,
            width: 1,
            boundary: [BoundaryType::None; 3],
            stencil: StencilType::Star,
        };
        let e = check_layout("t", 3, &r).unwrap_err().to_string();
        assert!(e.contains("fewer points than ranks"), "{e}");
        let r = RawInfo {
            dim: 2,
            sizes: [6, 6, 1],
            width: 3,
            ..r
        };
        let e = check_layout("t", 3, &r).unwrap_err().to_string();
        assert!(e.contains("stencil width 3"), "{e}");
        assert!(check_layout("t", 1, &r).is_ok());
    }

    #[test]
    fn corners_iterate_in_storage_order() {
        let c = Corners {
            start: [-1, 2, 0],
            len: [2, 2, 2],
        };
        let v: std::vec::Vec<_> = c.iter().collect();
        assert_eq!(v.len(), 8);
        assert_eq!(v[1], [0, 2, 0]);
        assert_eq!(v[2], [-1, 3, 0]);
        assert_eq!(v[4], [-1, 2, 1]);
    }
}

/// A rank's ghosted box of grid points and the number of components, for checking
/// [`Mat::set_values_stencil`] indices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct StencilBox {
    start: [Int; 3],
    end: [Int; 3],
    dof: Int,
}

impl StencilBox {
    #[inline(always)]
    fn contains(&self, s: &Stencil) -> bool {
        s.i >= self.start[0]
            && s.i < self.end[0]
            && s.j >= self.start[1]
            && s.j < self.end[1]
            && s.k >= self.start[2]
            && s.k < self.end[2]
            && s.c >= 0
            && s.c < self.dof
    }
}

/// The error of a refused [`Mat::set_values_stencil`] (kept out of the hot path).
#[cold]
#[inline(never)]
fn stencil_error(
    rows: &[Stencil],
    cols: &[Stencil],
    values: &[Scalar],
    b: &StencilBox,
) -> Result<()> {
    const CTX: &str = "Mat::set_values_stencil";
    if rows.len() * cols.len() != values.len() {
        return Err(Error::size_mismatch(
            CTX,
            format!(
                "{} rows x {} columns need {} values, got {}",
                rows.len(),
                cols.len(),
                rows.len() * cols.len(),
                values.len()
            ),
        ));
    }
    for (what, list) in [("row", rows), ("column", cols)] {
        if let Some((pos, s)) = list.iter().enumerate().find(|(_, s)| !b.contains(s)) {
            return Err(Error::out_of_range(
                CTX,
                format!(
                    "{what} {pos} at (i, j, k) = ({}, {}, {}), component {} is outside this \
                     rank's ghosted box i in {}..{}, j in {}..{}, k in {}..{}, component in 0..{}",
                    s.i,
                    s.j,
                    s.k,
                    s.c,
                    b.start[0],
                    b.end[0],
                    b.start[1],
                    b.end[1],
                    b.start[2],
                    b.end[2],
                    b.dof
                ),
            ));
        }
    }
    Ok(())
}
