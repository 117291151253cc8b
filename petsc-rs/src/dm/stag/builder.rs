//! [`StagBuilder`]: a DMStag's grid, checked on every rank alike before `DMSetUp`, and
//! the decomposition PETSc will choose, computed ahead of PETSc so that what PETSc
//! refuses on some ranks only (a piece narrower than the stencil) is an `Err` on all.

use petsc_sys as sys;

use super::{Stag, StagStencilType};
use crate::comm::{Comm, wide};
use crate::dm::BoundaryType;
use crate::dm::builder::decompose;
use crate::error::{Error, Result, c_string, check};
use crate::object::Object;
use crate::scalar::{Int, Scalar};

const AXES: [&str; 3] = ["x", "y", "z"];
const STRATA: [&str; 4] = ["vertex", "edge", "face", "element"];

/// The builder [`Stag::builder`] returns, with three sizes, boundaries and rank counts
/// whatever the dimension; [`Stag::grid`] returns a
/// [`StagGridBuilder`](super::StagGridBuilder), whose per-direction settings take one
/// value per direction, with the names DMDA's and Plex boxes' builders share.
#[derive(Debug)]
pub struct StagBuilder<'c> {
    pub(super) comm: &'c Comm,
    pub(super) dim: usize,
    pub(super) sizes: Option<[Int; 3]>,
    pub(super) dof: Option<Vec<Int>>,
    pub(super) stencil: StagStencilType,
    pub(super) width: Int,
    pub(super) boundary: [BoundaryType; 3],
    pub(super) ranks: [Option<Int>; 3],
    pub(super) ownership: [Option<Vec<Int>>; 3],
    pub(super) from_options: bool,
    pub(super) prefix: Option<String>,
}

impl Stag {
    /// Starts building a `dim`-dimensional DMStag (1, 2 or 3) on `comm` with three
    /// sizes, boundaries and rank counts; [`Stag::grid`] takes one per direction instead.
    #[deprecated(
        since = "0.2.0",
        note = "use `Stag::grid(comm).sizes([mx, my])` (the dimension is the number of sizes; one value per direction in each setting, the names DMDA and Plex boxes share)"
    )]
    #[doc(alias = "DMStagCreate1d")]
    #[doc(alias = "DMStagCreate2d")]
    #[doc(alias = "DMStagCreate3d")]
    pub fn builder(comm: &Comm, dim: usize) -> StagBuilder<'_> {
        StagBuilder {
            comm,
            dim,
            sizes: None,
            dof: None,
            stencil: StagStencilType::Box,
            width: 1,
            boundary: [BoundaryType::None; 3],
            ranks: [None; 3],
            ownership: [None, None, None],
            from_options: false,
            prefix: None,
        }
    }
}

impl StagBuilder<'_> {
    /// Global numbers of elements in x, y, z (`M, N, P`); directions past the dimension
    /// are ignored. Required; each at least 1.
    #[doc(alias = "DMStagSetGlobalSizes")]
    pub fn global_sizes(mut self, mx: Int, my: Int, mz: Int) -> Self {
        self.sizes = Some([mx, my, mz]);
        self
    }

    /// Degrees of freedom per stratum, `dim + 1` of them, none negative: per vertex and
    /// element in 1D; per vertex, edge and element in 2D; per vertex, edge, face and
    /// element in 3D. Required.
    #[doc(alias = "DMStagSetDOF")]
    pub fn dof(mut self, dof: &[Int]) -> Self {
        self.dof = Some(dof.to_vec());
        self
    }

    /// Shape of the ghost region (default [`StagStencilType::Box`]).
    #[doc(alias = "DMStagSetStencilType")]
    pub fn stencil_type(mut self, stencil: StagStencilType) -> Self {
        self.stencil = stencil;
        self
    }

    /// Depth of the ghost region in elements (default 1): not negative, 0 with
    /// [`StagStencilType::None`] in 2D and 3D, and not wider than any rank's piece.
    #[doc(alias = "DMStagSetStencilWidth")]
    pub fn stencil_width(mut self, width: Int) -> Self {
        self.width = width;
        self
    }

    /// Boundary types in x, y, z (default [`BoundaryType::None`]): `None`, `Ghosted` or
    /// `Periodic`; directions past the dimension are ignored.
    #[doc(alias = "DMStagSetBoundaryTypes")]
    pub fn boundary_types(mut self, bx: BoundaryType, by: BoundaryType, bz: BoundaryType) -> Self {
        self.boundary = [bx, by, bz];
        self
    }

    /// Numbers of ranks along x, y, z; `None` lets PETSc decide. Given numbers must
    /// multiply to the communicator's size (a 1D grid has one piece per rank, so the
    /// number in x, if given, is the size); directions past the dimension are ignored.
    #[doc(alias = "DMStagSetNumRanks")]
    pub fn num_ranks(mut self, m: Option<Int>, n: Option<Int>, p: Option<Int>) -> Self {
        self.ranks = [m, n, p];
        self
    }

    /// The number of elements of each rank along x, y, z (`lx, ly, lz`); `None` lets
    /// PETSc split evenly. Each list has one entry per rank in its direction (it sets
    /// that number when [`num_ranks`](Self::num_ranks) does not), each at least 1, summing to
    /// the global size; none may be given past the dimension.
    #[doc(alias = "DMStagSetOwnershipRanges")]
    pub fn ownership_ranges(
        mut self,
        lx: Option<&[Int]>,
        ly: Option<&[Int]>,
        lz: Option<&[Int]>,
    ) -> Self {
        self.ownership = [lx, ly, lz].map(|l| l.map(<[Int]>::to_vec));
        self
    }

    /// Whether to read the options database (`DMSetFromOptions`) before the grid is set
    /// up, so that `-stag_grid_x 64`, `-stag_stencil_width 2`,
    /// `-stag_boundary_type_x periodic`, `-stag_dof_1 2`, ... change it.
    #[doc(alias = "DMSetFromOptions")]
    pub fn from_options(mut self, yes: bool) -> Self {
        self.from_options = yes;
        self
    }

    /// Prefix of the options read by [`from_options`](Self::from_options).
    #[doc(alias = "DMSetOptionsPrefix")]
    pub fn options_prefix(mut self, prefix: &str) -> Self {
        self.prefix = Some(prefix.to_string());
        self
    }

    /// The old name of [`global_sizes`](Self::global_sizes).
    #[deprecated(note = "renamed `global_sizes`, as `DMStagSetGlobalSizes`")]
    #[doc(alias = "DMStagSetGlobalSizes")]
    pub fn sizes(self, mx: Int, my: Int, mz: Int) -> Self {
        self.global_sizes(mx, my, mz)
    }

    /// The old name of [`stencil_type`](Self::stencil_type).
    #[deprecated(note = "renamed `stencil_type`, as `DMStagSetStencilType`")]
    #[doc(alias = "DMStagSetStencilType")]
    pub fn stencil(self, stencil: StagStencilType) -> Self {
        self.stencil_type(stencil)
    }

    /// The old name of [`boundary_types`](Self::boundary_types).
    #[deprecated(note = "renamed `boundary_types`, as `DMStagSetBoundaryTypes`")]
    #[doc(alias = "DMStagSetBoundaryTypes")]
    pub fn boundary(self, bx: BoundaryType, by: BoundaryType, bz: BoundaryType) -> Self {
        self.boundary_types(bx, by, bz)
    }

    /// The old name of [`num_ranks`](Self::num_ranks).
    #[deprecated(note = "renamed `num_ranks`, as `DMStagSetNumRanks`")]
    #[doc(alias = "DMStagSetNumRanks")]
    pub fn ranks(self, m: Option<Int>, n: Option<Int>, p: Option<Int>) -> Self {
        self.num_ranks(m, n, p)
    }

    /// Creates and sets up the DMStag (collective): `DMStagCreate1d`/`2d`/`3d`, then
    /// `DMSetFromOptions` if asked, then `DMSetUp`.
    ///
    /// The arguments are checked first, and the grid as `DMSetUp` will see it (options
    /// included) again, on every rank alike: sizes, degrees of freedom, stencil and
    /// boundary types, ranks that do not multiply to the communicator's size, ownership
    /// ranges of the wrong length or sum, more ranks than elements in a direction, and a
    /// stencil wider than some rank's piece (which PETSc refuses on that rank only,
    /// leaving the others waiting) are an `Err` on every rank, naming the fault.
    pub fn build(self) -> Result<Stag> {
        const CTX: &str = "Stag::build";
        let comm = self.comm;
        let size = comm.size() as Int;
        let args = comm.agree(CTX, self.checked(CTX, size))?;
        let b = self.boundary.map(BoundaryType::raw);
        let (st, w) = (self.stencil.raw(), self.width);
        let [m, n, p] = args.sizes;
        let [r0, r1, r2] = args.ranks;
        let [d0, d1, d2, d3] = args.dof;
        let l = args
            .ownership
            .each_ref()
            .map(|l| l.as_ref().map_or(std::ptr::null(), |l| l.as_ptr()));
        let mut dm: sys::DM = std::ptr::null_mut();
        // SAFETY: live communicator; arguments checked above (ownership arrays of one
        // entry per rank in their direction, alive for the call, which copies them);
        // PETSc writes the new DM.
        check(unsafe {
            match args.dim {
                1 => sys::DMStagCreate1d(comm.as_raw(), b[0], m, d0, d1, st, w, l[0], &mut dm),
                2 => sys::DMStagCreate2d(
                    comm.as_raw(),
                    b[0],
                    b[1],
                    m,
                    n,
                    r0,
                    r1,
                    d0,
                    d1,
                    d2,
                    st,
                    w,
                    l[0],
                    l[1],
                    &mut dm,
                ),
                _ => sys::DMStagCreate3d(
                    comm.as_raw(),
                    b[0],
                    b[1],
                    b[2],
                    m,
                    n,
                    p,
                    r0,
                    r1,
                    r2,
                    d0,
                    d1,
                    d2,
                    d3,
                    st,
                    w,
                    l[0],
                    l[1],
                    l[2],
                    &mut dm,
                ),
            }
        })?;
        let stag = Stag::from_raw(comm.petsc(), dm);
        if let Some(prefix) = &self.prefix {
            let p = c_string(CTX, prefix)?;
            // SAFETY: live DM; PETSc copies the string.
            check(unsafe { sys::DMSetOptionsPrefix(dm, p.as_ptr()) })?;
        }
        if self.from_options {
            // SAFETY: live DMStag not yet set up.
            let r = unsafe { sys::DMSetFromOptions(dm) };
            comm.agree(CTX, crate::error::check_from_options(r))?;
        }
        let given = args.ownership.each_ref().map(|l| l.as_ref().map(Vec::len));
        set_up_checked(CTX, &stag, given)?;
        Ok(stag)
    }

    /// The builder's arguments checked on this rank.
    fn checked(&self, ctx: &str, size: Int) -> Result<Args> {
        let dim = self.dim;
        if !(1..=3).contains(&dim) {
            return Err(Error::invalid(
                ctx,
                format!("dimension {dim} is not 1, 2 or 3"),
            ));
        }
        let Some(mut sizes) = self.sizes else {
            return Err(Error::invalid(
                ctx,
                "give the global numbers of elements with .sizes(mx, my, mz)",
            ));
        };
        for (d, s) in sizes.iter_mut().enumerate() {
            if d >= dim {
                *s = 1;
            } else if *s < 1 {
                return Err(Error::invalid(
                    ctx,
                    format!("{s} elements in {} is below 1", AXES[d]),
                ));
            }
        }
        let Some(dof) = &self.dof else {
            return Err(Error::invalid(
                ctx,
                format!(
                    "give the degrees of freedom per stratum with .dof(&[{}])",
                    strata(dim).join(", ")
                ),
            ));
        };
        let dof = check_dof(ctx, dim, dof)?;
        check_stencil(ctx, dim, self.stencil, self.width)?;
        for (d, &b) in self.boundary.iter().enumerate().take(dim) {
            check_boundary(ctx, d, b)?;
        }
        let decide = sys::PETSC_DECIDE as Int;
        let mut ranks = [decide; 3];
        let mut ownership: [Option<Vec<Int>>; 3] = [None, None, None];
        for d in 0..3 {
            let given = self.ownership[d].as_ref();
            if d >= dim {
                if given.is_some() {
                    return Err(Error::invalid(
                        ctx,
                        format!(
                            "ownership ranges given for {}, which a {dim}-dimensional grid does not have",
                            AXES[d]
                        ),
                    ));
                }
                continue;
            }
            if let Some(r) = self.ranks[d] {
                if r < 1 || r > size {
                    return Err(Error::invalid(
                        ctx,
                        format!(
                            "{r} ranks in {} is not in 1..={size} (the communicator's size)",
                            AXES[d]
                        ),
                    ));
                }
                ranks[d] = r;
            }
            if let Some(l) = given {
                check_ownership(ctx, d, l, sizes[d])?;
                let n = l.len() as Int;
                if ranks[d] != decide && ranks[d] != n {
                    return Err(Error::size_mismatch(
                        ctx,
                        format!(
                            "{} ranks in {} but {n} ownership ranges for it",
                            ranks[d], AXES[d]
                        ),
                    ));
                }
                ranks[d] = n;
                ownership[d] = Some(l.clone());
            }
        }
        if dim == 1 {
            if ranks[0] != decide && ranks[0] != size {
                return Err(Error::invalid(
                    ctx,
                    format!(
                        "a 1D DMStag has one piece per rank: {} ranks in x on a communicator of {size}",
                        ranks[0]
                    ),
                ));
            }
            ranks[0] = decide;
        } else if ranks[..dim].iter().all(|&r| r != decide) {
            let product: Int = ranks[..dim].iter().product();
            if product != size {
                return Err(Error::invalid(
                    ctx,
                    format!(
                        "the ranks per direction ({}) multiply to {product}, but the \
                         communicator has {size} ranks",
                        ranks[..dim]
                            .iter()
                            .map(|r| r.to_string())
                            .collect::<Vec<_>>()
                            .join(" x ")
                    ),
                ));
            }
        }
        Ok(Args {
            dim,
            sizes,
            dof,
            ranks,
            ownership,
        })
    }
}

/// The builder's checked arguments.
struct Args {
    dim: usize,
    sizes: [Int; 3],
    dof: [Int; 4],
    /// `PETSC_DECIDE` where not given.
    ranks: [Int; 3],
    ownership: [Option<Vec<Int>>; 3],
}

/// The names of the strata of a `dim`-dimensional grid, vertex first.
fn strata(dim: usize) -> Vec<&'static str> {
    let mut s: Vec<&str> = STRATA[..dim].to_vec();
    s.push("element");
    s
}

/// `dof` checked for a `dim`-dimensional grid (`dim + 1` numbers, none negative), as
/// PETSc's four (0 past the dimension).
pub(super) fn check_dof(ctx: &str, dim: usize, dof: &[Int]) -> Result<[Int; 4]> {
    if dof.len() != dim + 1 {
        return Err(Error::size_mismatch(
            ctx,
            format!(
                "a {dim}-dimensional grid takes {} numbers of degrees of freedom ({}), got {}",
                dim + 1,
                strata(dim).join(", "),
                dof.len()
            ),
        ));
    }
    let names = strata(dim);
    if let Some((s, &d)) = dof.iter().enumerate().find(|&(_, &d)| d < 0) {
        return Err(Error::invalid(
            ctx,
            format!("{d} degrees of freedom per {} is negative", names[s]),
        ));
    }
    let mut out = [0; 4];
    out[..dof.len()].copy_from_slice(dof);
    Ok(out)
}

fn check_stencil(ctx: &str, dim: usize, st: StagStencilType, width: Int) -> Result<()> {
    if width < 0 {
        return Err(Error::invalid(
            ctx,
            format!("stencil width {width} is negative"),
        ));
    }
    if st == StagStencilType::None && width != 0 && dim > 1 {
        return Err(Error::invalid(
            ctx,
            format!("stencil type None takes stencil width 0 in {dim}D, not {width}"),
        ));
    }
    Ok(())
}

fn check_boundary(ctx: &str, d: usize, b: BoundaryType) -> Result<()> {
    match b {
        BoundaryType::None | BoundaryType::Ghosted | BoundaryType::Periodic => Ok(()),
        other => Err(Error::invalid(
            ctx,
            format!(
                "boundary type {other:?} in {} is not one DMStag supports (None, Ghosted, Periodic)",
                AXES[d]
            ),
        )),
    }
}

fn check_ownership(ctx: &str, d: usize, l: &[Int], n: Int) -> Result<()> {
    if let Some((r, &x)) = l.iter().enumerate().find(|&(_, &x)| x < 1) {
        return Err(Error::invalid(
            ctx,
            format!(
                "rank {r} owns {x} elements in {}; every rank needs at least 1",
                AXES[d]
            ),
        ));
    }
    let sum: i128 = l.iter().map(|&x| i128::from(x)).sum();
    if sum != i128::from(n) {
        return Err(Error::size_mismatch(
            ctx,
            format!(
                "the ownership ranges in {} sum to {sum}, not to the {n} elements there",
                AXES[d]
            ),
        ));
    }
    Ok(())
}

/// A DMStag's configuration as `DMSetUp` will read it (valid before and after set-up).
#[derive(Debug)]
pub(super) struct Config {
    dim: usize,
    raw_dim: Int,
    sizes: [Int; 3],
    dof: [Int; 4],
    width: Int,
    stencil: Option<StagStencilType>,
    raw_stencil: u32,
    boundary: [BoundaryType; 3],
    ranks: [Int; 3],
    ownership: [*const Int; 3],
}

impl Config {
    fn read(stag: &Stag) -> Result<Config> {
        const CTX: &str = "Stag::read";
        let dm = stag.ptr;
        let mut raw_dim: Int = 0;
        let mut sizes = [1 as Int; 3];
        let mut dof = [0 as Int; 4];
        let mut width: Int = 0;
        let mut st = sys::DMStagStencilType::DMSTAG_STENCIL_NONE;
        let mut b = [sys::DMBoundaryType::DM_BOUNDARY_NONE; 3];
        let mut ranks = [1 as Int; 3];
        let mut ownership = [std::ptr::null(); 3];
        // SAFETY: live DMStag; each getter reads the DM's fields into a local of the
        // right type (valid before DMSetUp too).
        unsafe {
            check(sys::DMGetDimension(dm, &mut raw_dim))?;
            check(sys::DMStagGetGlobalSizes(
                dm,
                &mut sizes[0],
                &mut sizes[1],
                &mut sizes[2],
            ))?;
            check(sys::DMStagGetDOF(
                dm,
                &mut dof[0],
                &mut dof[1],
                &mut dof[2],
                &mut dof[3],
            ))?;
            check(sys::DMStagGetStencilWidth(dm, &mut width))?;
            check(sys::DMStagGetStencilType(dm, &mut st))?;
            check(sys::DMStagGetBoundaryTypes(
                dm, &mut b[0], &mut b[1], &mut b[2],
            ))?;
            check(sys::DMStagGetNumRanks(
                dm,
                &mut ranks[0],
                &mut ranks[1],
                &mut ranks[2],
            ))?;
            check(sys::DMStagGetOwnershipRanges(
                dm,
                &mut ownership[0],
                &mut ownership[1],
                &mut ownership[2],
            ))?;
        }
        let dim = usize::try_from(raw_dim).unwrap_or(0).min(3);
        for d in dim..3 {
            sizes[d] = 1;
            ranks[d] = 1;
            b[d] = sys::DMBoundaryType::DM_BOUNDARY_NONE;
        }
        for x in dof.iter_mut().skip(dim + 1) {
            *x = 0;
        }
        Ok(Config {
            dim,
            raw_dim,
            sizes,
            dof,
            width,
            stencil: StagStencilType::from_raw(st, CTX).ok(),
            raw_stencil: st.0,
            boundary: [
                BoundaryType::from_raw(b[0], CTX)?,
                BoundaryType::from_raw(b[1], CTX)?,
                BoundaryType::from_raw(b[2], CTX)?,
            ],
            ranks,
            ownership,
        })
    }

    /// What must be equal on every rank, for [`Comm::check_same`].
    fn values(&self) -> Vec<(&'static str, i64)> {
        let mut v = vec![
            ("dimensions", wide(self.raw_dim)),
            ("stencil widths", wide(self.width)),
            ("stencil types", self.raw_stencil as i64),
        ];
        for d in 0..self.dim {
            const SIZES: [&str; 3] = ["sizes in x", "sizes in y", "sizes in z"];
            const RANKS: [&str; 3] = ["ranks in x", "ranks in y", "ranks in z"];
            v.push((SIZES[d], wide(self.sizes[d])));
            v.push((RANKS[d], wide(self.ranks[d])));
            v.push(("boundary types", self.boundary[d] as i64));
        }
        for s in 0..=self.dim {
            v.push(("degrees of freedom", wide(self.dof[s])));
        }
        v
    }

    /// Checks, identically on every rank, what `DMSetUp` checks (on some ranks only, or
    /// not at all in optimized builds); returns the rank grid and the pieces PETSc will
    /// choose. `given` is the length of ownership ranges the caller set (else PETSc's
    /// are `ranks` long).
    fn predict(
        &self,
        ctx: &str,
        size: Int,
        given: [Option<usize>; 3],
    ) -> Result<([Int; 3], Vec<Vec<Int>>)> {
        let dim = self.dim;
        if !(1..=3).contains(&self.raw_dim) {
            return Err(Error::invalid(
                ctx,
                format!("the DMStag has dimension {}, not 1, 2 or 3", self.raw_dim),
            ));
        }
        for (d, (&s, &b)) in self.sizes.iter().zip(&self.boundary).enumerate().take(dim) {
            if s < 1 {
                return Err(Error::invalid(
                    ctx,
                    format!("{s} elements in {} is below 1", AXES[d]),
                ));
            }
            check_boundary(ctx, d, b)?;
        }
        let dof = check_dof(ctx, dim, &self.dof[..=dim])?;
        let Some(stencil) = self.stencil else {
            return Err(Error::invalid(
                ctx,
                format!("stencil type {} is not one PETSc defines", self.raw_stencil),
            ));
        };
        check_stencil(ctx, dim, stencil, self.width)?;
        let decide = sys::PETSC_DECIDE as Int;
        let ranks = if dim == 1 {
            if self.ranks[0] != size {
                return Err(Error::invalid(
                    ctx,
                    format!(
                        "a 1D DMStag has one piece per rank: {} ranks in x on a communicator \
                         of {size} (make it with Stag::grid)",
                        self.ranks[0]
                    ),
                ));
            }
            [size, 1, 1]
        } else {
            let mut want = [decide; 3];
            for d in 0..dim {
                let r = self.ranks[d];
                if r != decide && !(1..=size).contains(&r) {
                    return Err(Error::invalid(
                        ctx,
                        format!("{r} ranks in {} is not in 1..={size}", AXES[d]),
                    ));
                }
                want[d] = r;
            }
            decompose(ctx, dim, size, self.sizes, want)?
        };
        for d in 0..dim {
            if self.sizes[d] < ranks[d] {
                return Err(Error::invalid(
                    ctx,
                    format!(
                        "{} elements in {} cannot be split over {} ranks (fewer elements than ranks)",
                        self.sizes[d], AXES[d], ranks[d]
                    ),
                ));
            }
        }
        let mut pieces = Vec::with_capacity(dim);
        for d in 0..dim {
            let l = if self.ownership[d].is_null() {
                let (n, r) = (self.sizes[d], ranks[d]);
                (0..r).map(|j| n / r + Int::from(n % r > j)).collect()
            } else {
                let len = given[d].unwrap_or(ranks[d] as usize);
                if len as Int != ranks[d] {
                    return Err(Error::size_mismatch(
                        ctx,
                        format!(
                            "{} ranks in {} (the options changed it?), but ownership ranges \
                             for {len} were given",
                            ranks[d], AXES[d]
                        ),
                    ));
                }
                // SAFETY: PETSc's copy of the ownership ranges, of `len` entries.
                let l = unsafe { std::slice::from_raw_parts(self.ownership[d], len) }.to_vec();
                check_ownership(ctx, d, &l, self.sizes[d])?;
                l
            };
            let smallest = l.iter().copied().min().unwrap_or(0);
            if smallest < self.width {
                return Err(Error::invalid(
                    ctx,
                    format!(
                        "stencil width {} is wider than the smallest piece: {} elements in {} \
                         over {} ranks leave {smallest} on some rank",
                        self.width, self.sizes[d], AXES[d], ranks[d]
                    ),
                ));
            }
            pieces.push(l);
        }
        // Sizes that fit: the global vector (at most one extra element per direction)
        // and the largest rank's ghosted piece.
        let epe = i128::from(match dim {
            1 => dof[0] + dof[1],
            2 => dof[0] + 2 * dof[1] + dof[2],
            _ => dof[0] + 3 * dof[1] + 3 * dof[2] + dof[3],
        });
        let global: i128 = (0..dim)
            .map(|d| i128::from(self.sizes[d]) + 1)
            .product::<i128>()
            * epe;
        let local: i128 = pieces
            .iter()
            .map(|l| {
                i128::from(l.iter().copied().max().unwrap_or(0)) + 2 * i128::from(self.width) + 1
            })
            .product::<i128>()
            * epe;
        let bytes = local * std::mem::size_of::<Scalar>() as i128;
        if global > i128::from(Int::MAX)
            || local > i128::from(Int::MAX)
            || bytes > isize::MAX as i128
        {
            return Err(Error::invalid(
                ctx,
                format!(
                    "the grid of {} elements with {epe} entries per element has too many \
                     values for PetscInt ({}) or memory",
                    self.sizes[..dim]
                        .iter()
                        .map(|s| s.to_string())
                        .collect::<Vec<_>>()
                        .join(" x "),
                    Int::MAX
                ),
            ));
        }
        Ok((ranks, pieces))
    }
}

/// Sets `stag` up (`DMSetUp`) after checking the grid as `DMSetUp` will see it (the
/// options may have changed it): the same on every rank, and what `DMSetUp` would refuse
/// on some ranks only, refused on all. `given` is the length of the ownership ranges the
/// caller set (else PETSc's are as long as the ranks). The rank grid and pieces set up.
pub(super) fn set_up_checked(
    ctx: &str,
    stag: &Stag,
    given: [Option<usize>; 3],
) -> Result<([Int; 3], Vec<Vec<Int>>)> {
    let comm = stag.comm();
    let size = comm.size() as Int;
    let cfg = comm.agree(ctx, Config::read(stag))?;
    comm.check_same(ctx, &cfg.values())?;
    let predicted = comm.agree(ctx, cfg.predict(ctx, size, given))?;
    // SAFETY: live DMStag with a checked configuration.
    check(unsafe { sys::DMSetUp(stag.ptr) })?;
    if cfg!(debug_assertions) {
        let ranks = stag.num_ranks()?;
        debug_assert_eq!(
            &ranks[..cfg.dim],
            &predicted.0[..cfg.dim],
            "petsc-rs predicted a rank grid different from PETSc's"
        );
        debug_assert_eq!(
            stag.ownership_ranges()?,
            predicted.1,
            "petsc-rs predicted ownership ranges different from PETSc's"
        );
    }
    Ok(predicted)
}

/// Checks, without communication, the grid `DMSetUp` would set up for `stag` (a set-up
/// one passes): the same verdict on every rank when the configuration is.
pub(super) fn check_config(ctx: &str, stag: &Stag, given: [Option<usize>; 3]) -> Result<()> {
    let size = stag.comm().size() as Int;
    Config::read(stag)?.predict(ctx, size, given).map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(dim: usize, sizes: [Int; 3], ranks: [Int; 3], width: Int) -> Config {
        Config {
            dim,
            raw_dim: dim as Int,
            sizes,
            dof: [1, 1, 1, 1],
            width,
            stencil: Some(StagStencilType::Box),
            raw_stencil: 2,
            boundary: [BoundaryType::None; 3],
            ranks,
            ownership: [std::ptr::null(); 3],
        }
    }

    #[test]
    fn predicts_petsc_pieces() {
        let (r, l) = cfg(1, [11, 1, 1], [7, 1, 1], 1)
            .predict("t", 7, [None; 3])
            .unwrap();
        assert_eq!(r, [7, 1, 1]);
        assert_eq!(l, vec![vec![2, 2, 2, 2, 1, 1, 1]]);
        let (r, l) = cfg(2, [8, 3, 1], [-1, -1, 1], 1)
            .predict("t", 2, [None; 3])
            .unwrap();
        assert_eq!(r, [2, 1, 1]);
        assert_eq!(l, vec![vec![4, 4], vec![3]]);
        let e = cfg(1, [5, 1, 1], [3, 1, 1], 2)
            .predict("t", 3, [None; 3])
            .unwrap_err();
        assert!(e.to_string().contains("stencil width 2"), "{e}");
        let e = cfg(1, [2, 1, 1], [3, 1, 1], 0)
            .predict("t", 3, [None; 3])
            .unwrap_err();
        assert!(e.to_string().contains("fewer elements than ranks"), "{e}");
        let e = cfg(1, [6, 1, 1], [-1, 1, 1], 0)
            .predict("t", 2, [None; 3])
            .unwrap_err();
        assert!(e.to_string().contains("one piece per rank"), "{e}");
    }
}
