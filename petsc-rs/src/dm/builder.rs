//! [`DaBuilder`]: a DMDA's grid, set and checked on every rank alike before `DMSetUp`,
//! and the processor grid PETSc will choose (`decompose`), computed ahead of PETSc.

use petsc_sys as sys;

use super::{BoundaryType, Da, StencilType};
use crate::comm::Comm;
use crate::error::{Error, Result, c_string, check};
use crate::scalar::{Int, Scalar};

/// The builder [`Da::builder`] returns, with three sizes, boundaries and rank counts
/// whatever the dimension; [`Da::grid`] returns a [`DaGridBuilder`](super::DaGridBuilder),
/// whose per-direction settings take one value per direction, with the names DMStag's
/// and Plex boxes' builders share. Defaults: one degree of freedom, star stencil of
/// width 1, no boundary ghosts, PETSc's choice of the processor grid, options database
/// not read.
#[derive(Debug)]
pub struct DaBuilder<'c> {
    pub(super) comm: &'c Comm,
    pub(super) dim: usize,
    pub(super) sizes: Option<[Int; 3]>,
    pub(super) dof: Int,
    pub(super) stencil: StencilType,
    pub(super) width: Int,
    pub(super) boundary: [BoundaryType; 3],
    pub(super) procs: [Option<Int>; 3],
    pub(super) from_options: bool,
    pub(super) prefix: Option<String>,
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
    #[doc(alias = "DMSetFromOptions")]
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
    /// space; in 1D the stencil width may not exceed the grid's size. The same checks
    /// run again on the grid as the options database changed it.
    #[doc(alias = "DMDACreate")]
    pub fn build(self) -> Result<Da> {
        const CTX: &str = "Da::build";
        let comm = self.comm;
        // Checked on every rank, so that a bad argument on one rank is an `Err` on all.
        let (dim, sizes, procs, boundary) = comm.agree(CTX, self.checked(CTX))?;
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
            let r = unsafe { sys::DMSetFromOptions(dm) };
            comm.agree(CTX, crate::error::check_from_options(r))?;
        }
        // The grid as DMSetUp will see it (the options may have changed it), the same on
        // every rank, else DMSetUp fails on some ranks and waits forever on the others.
        let pre = comm.agree(CTX, da.raw_info())?;
        const SIZES: [&str; 3] = ["grid sizes in x", "grid sizes in y", "grid sizes in z"];
        const PROCS: [&str; 3] = [
            "numbers of ranks in x",
            "numbers of ranks in y",
            "numbers of ranks in z",
        ];
        let mut same = vec![
            ("dimensions", pre.dim as i64),
            ("dof", pre.dof as i64),
            ("stencil widths", pre.width as i64),
            ("stencil types", pre.stencil as i64),
        ];
        for d in 0..pre.dim {
            same.push((SIZES[d], pre.sizes[d] as i64));
            same.push((PROCS[d], pre.procs[d] as i64));
            same.push(("boundary types", pre.boundary[d] as i64));
        }
        comm.check_same(CTX, &same)?;
        let size = comm.size() as Int;
        let predicted = comm.agree(
            CTX,
            check_layout(CTX, size, &pre).and_then(|predicted| {
                DaBuilder::check_extent(
                    CTX,
                    pre.dim,
                    pre.sizes,
                    pre.dof,
                    pre.width,
                    Some((predicted, pre.boundary)),
                )?;
                Ok(predicted)
            }),
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

    /// The builder's arguments checked on this rank: dimension, sizes, processor grid
    /// and boundaries as PETSc takes them.
    #[allow(clippy::type_complexity)]
    fn checked(&self, ctx: &str) -> Result<(usize, [Int; 3], [Int; 3], [BoundaryType; 3])> {
        if !(1..=3).contains(&self.dim) {
            return Err(Error::invalid(
                ctx,
                format!("dimension {} is not 1, 2 or 3", self.dim),
            ));
        }
        let dim = self.dim;
        let Some(mut sizes) = self.sizes else {
            return Err(Error::invalid(
                ctx,
                "give the global grid sizes with .sizes(mx, my, mz)",
            ));
        };
        for (d, s) in sizes.iter_mut().enumerate() {
            if d >= dim {
                *s = 1;
            } else if *s < 1 {
                return Err(Error::invalid(
                    ctx,
                    format!("grid size {} in {} is below 1", s, AXES[d]),
                ));
            }
        }
        if self.dof < 1 {
            return Err(Error::invalid(ctx, format!("dof {} is below 1", self.dof)));
        }
        if self.width < 0 {
            return Err(Error::invalid(
                ctx,
                format!("stencil width {} is negative", self.width),
            ));
        }
        DaBuilder::check_extent(ctx, dim, sizes, self.dof, self.width, None)?;
        let decide = sys::PETSC_DECIDE as Int;
        let mut procs = [decide; 3];
        if dim > 1 {
            for d in 0..dim {
                if let Some(p) = self.procs[d] {
                    if p < 1 {
                        return Err(Error::invalid(
                            ctx,
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
        Ok((dim, sizes, procs, boundary))
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
                format!(
                    "grid of {shown} points with dof {dof} and stencil width {width}: sizes and dof must be at least 1, the width not negative"
                ),
            ));
        }
        // Only on the grid as the options left it: they may enlarge the grid given. In
        // 1D only, where PETSc sizes the ghosted index arrays by the width (a single
        // point on one rank passes its own check); in 2D and 3D it clips the ghosts of a
        // direction it does not split at a non-periodic edge and refuses the other cases
        // itself (`check_layout`), so a wide stencil there works as in PETSc.
        let widest = sizes[..dim].iter().copied().max().unwrap_or(1);
        if layout.is_some() && dim == 1 && width > widest {
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
        if total.is_none_or(|t| t > i128::from(Int::MAX)) {
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
pub(super) fn decompose(
    ctx: &str,
    dim: usize,
    size: Int,
    big: [Int; 3],
    given: [Int; 3],
) -> Result<[Int; 3]> {
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
    /// Starts building a `dim`-dimensional DMDA (1, 2 or 3) on `comm` with three sizes,
    /// boundaries and rank counts; [`Da::grid`] takes one per direction instead.
    #[deprecated(
        since = "0.2.0",
        note = "use `Da::grid(comm).sizes([mx, my])` (the dimension is the number of sizes; one value per direction in each setting, the names DMStag and Plex boxes share)"
    )]
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
        const CTX: &str = "Da::raw_info";
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
            boundary: [
                BoundaryType::from_raw(b[0], CTX)?,
                BoundaryType::from_raw(b[1], CTX)?,
                BoundaryType::from_raw(b[2], CTX)?,
            ],
            stencil: StencilType::from_raw(st, CTX)?,
        })
    }
}

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
}
