//! [`DaGridBuilder`]: a DMDA's grid in as many directions as it has, one value per
//! direction in each per-direction setting (`.sizes([64, 64])`), with the names
//! [`StagGridBuilder`](crate::StagGridBuilder) and
//! [`BoxMeshBuilder`](crate::BoxMeshBuilder) share; and [`Da::to_builder`], a builder
//! holding an existing grid's settings.

use std::borrow::Cow;

use super::builder::DaBuilder;
use super::{BoundaryType, Da, StencilType};
use crate::comm::Comm;
use crate::error::{Error, Result};
use crate::scalar::Int;

/// Checks that a per-direction setting `name` has one entry per direction of a grid
/// whose dimension is `dim` (the number of its sizes).
pub(crate) fn check_directions(ctx: &str, name: &str, len: usize, dim: usize) -> Result<()> {
    if len == dim {
        Ok(())
    } else {
        Err(Error::size_mismatch(
            ctx,
            format!("{name} has {len} entries; the dimension is {dim}"),
        ))
    }
}

/// The dimension of a grid given by the number of its sizes, 1 to 3.
pub(crate) fn check_dimension(ctx: &str, sizes: Option<&[Int]>, example: &str) -> Result<usize> {
    let Some(sizes) = sizes else {
        return Err(Error::invalid(
            ctx,
            format!("give the global sizes, one per direction: {example}"),
        ));
    };
    if !(1..=3).contains(&sizes.len()) {
        return Err(Error::invalid(
            ctx,
            format!(
                "{n} sizes given: dimension {n} is not 1, 2 or 3 (one size per direction)",
                n = sizes.len()
            ),
        ));
    }
    Ok(sizes.len())
}

/// The first three entries of `v`, the rest `fill`.
pub(crate) fn padded<T: Copy>(v: &[T], fill: T) -> [T; 3] {
    let mut out = [fill; 3];
    for (o, x) in out.iter_mut().zip(v) {
        *o = *x;
    }
    out
}

/// Builder of a [`Da`] (a DMDA), from [`Da::grid`]: the dimension is the number of
/// sizes, and every per-direction setting takes one value per direction. Required:
/// [`sizes`](Self::sizes). Defaults: one degree of freedom, star stencil of width 1, no
/// boundary ghosts, PETSc's choice of the ranks per direction, options database not
/// read. The settings read back from [`Da::info`].
///
/// The names are those of [`StagGridBuilder`](crate::StagGridBuilder) and
/// [`BoxMeshBuilder`](crate::BoxMeshBuilder) wherever the setting exists there:
/// `sizes`, `boundary`, `ranks`, `stencil`, `stencil_width`, `dof`, `from_options`,
/// `options_prefix`.
///
/// ```
/// use petsc::{BoundaryType, Da, StencilType};
/// let petsc = petsc::Petsc::init()?;
/// let da = Da::grid(&petsc.world())
///     .sizes([6, 5, 4])
///     .dof(2)
///     .stencil(StencilType::Box)
///     .stencil_width(1)
///     .boundary([BoundaryType::Periodic, BoundaryType::Ghosted, BoundaryType::None])
///     .ranks([None, None, None])
///     .build()?;
/// let info = da.info()?;
/// assert_eq!((info.dim, info.mx, info.my, info.mz), (3, 6, 5, 4));
/// assert_eq!(info.boundary[0], BoundaryType::Periodic);
/// let line = Da::grid(&petsc.world()).sizes([5]).build()?;
/// assert_eq!(line.info()?.dim, 1);
/// # Ok::<(), petsc::Error>(())
/// ```
#[derive(Debug)]
#[must_use = "a builder does nothing until `build` is called"]
pub struct DaGridBuilder<'c> {
    comm: Cow<'c, Comm>,
    sizes: Option<Vec<Int>>,
    boundary: Option<Vec<BoundaryType>>,
    ranks: Option<Vec<Option<Int>>>,
    dof: Int,
    stencil: StencilType,
    width: Int,
    from_options: bool,
    prefix: Option<String>,
}

impl<'c> DaGridBuilder<'c> {
    /// Global number of grid points per direction (`M`, `N`, `P`), 1 to 3 of them: their
    /// number is the grid's dimension (`.sizes([5])` is a line of 5 points). Required.
    /// Each must be at least 1, and the number of values, their product times the
    /// `dof`, must fit [`Int`] (checked by [`build`](Self::build) before anything is
    /// allocated).
    #[doc(alias = "DMDASetSizes")]
    #[doc(alias = "DMSetDimension")]
    pub fn sizes(mut self, sizes: impl AsRef<[Int]>) -> Self {
        self.sizes = Some(sizes.as_ref().to_vec());
        self
    }

    /// Boundary type per direction (default [`BoundaryType::None`] in each), one per
    /// size.
    #[doc(alias = "DMDASetBoundaryType")]
    pub fn boundary(mut self, boundary: impl AsRef<[BoundaryType]>) -> Self {
        self.boundary = Some(boundary.as_ref().to_vec());
        self
    }

    /// Number of ranks per direction, one per size; `None` lets PETSc decide
    /// (`PETSC_DECIDE`). The numbers must multiply to the communicator's size. A 1D
    /// grid has one piece per rank.
    #[doc(alias = "DMDASetNumProcs")]
    pub fn ranks(mut self, ranks: impl AsRef<[Option<Int>]>) -> Self {
        self.ranks = Some(ranks.as_ref().to_vec());
        self
    }

    /// Values per grid point (`dof`, default 1): at least 1.
    #[doc(alias = "DMDASetDof")]
    pub fn dof(mut self, dof: Int) -> Self {
        self.dof = dof;
        self
    }

    /// Shape of the ghost region (default [`StencilType::Star`]).
    #[doc(alias = "DMDASetStencilType")]
    pub fn stencil(mut self, stencil: StencilType) -> Self {
        self.stencil = stencil;
        self
    }

    /// Depth of the ghost region (default 1): not negative, and not wider than any
    /// rank's piece where PETSc needs it.
    #[doc(alias = "DMDASetStencilWidth")]
    pub fn stencil_width(mut self, width: Int) -> Self {
        self.width = width;
        self
    }

    /// Whether to read the options database (`DMSetFromOptions`) before the grid is set
    /// up, so that `-da_grid_x 64`, `-da_refine 2`, `-da_processors_x 2`, ... change it.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// petsc.options().set_value("-da_grid_x", "17")?;
    /// let da = petsc::Da::grid(&petsc.world()).sizes([5]).from_options(true).build()?;
    /// assert_eq!(da.info()?.mx, 17);
    /// # petsc.options().clear_value("-da_grid_x")?;
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMSetFromOptions")]
    pub fn from_options(mut self, yes: bool) -> Self {
        self.from_options = yes;
        self
    }

    /// Prefix of the options read by [`from_options`](Self::from_options):
    /// `"fine_"` makes the grid read `-fine_da_grid_x`.
    #[doc(alias = "DMSetOptionsPrefix")]
    pub fn options_prefix(mut self, prefix: &str) -> Self {
        self.prefix = Some(prefix.to_string());
        self
    }

    /// Creates and sets up the DMDA (collective): `DMDACreate`, the setters, then
    /// `DMSetFromOptions` if asked, then `DMSetUp`.
    ///
    /// Everything is checked on every rank alike before `DMSetUp`, so that every rank
    /// returns the same `Err` where PETSc would fail on some ranks only: per-direction
    /// settings with another number of entries than the sizes, fewer points than ranks
    /// in a direction, a stencil wider than some rank's piece, ranks that do not
    /// multiply to the communicator's size, and sizes whose values do not fit [`Int`]
    /// (before anything is allocated); the same checks run again on the grid as the
    /// options database changed it.
    ///
    /// ```
    /// use petsc::{BoundaryType, Da};
    /// let petsc = petsc::Petsc::init()?;
    /// let e = Da::grid(&petsc.self_comm()).sizes([3]).stencil_width(4).build();
    /// assert!(e.unwrap_err().to_string().contains("stencil width 4"));
    /// let e = Da::grid(&petsc.self_comm()).sizes([4, 4]).boundary([BoundaryType::Periodic]).build();
    /// assert!(e.unwrap_err().to_string().contains("boundary has 1 entries"));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMDACreate")]
    #[doc(alias = "DMDACreate1d")]
    #[doc(alias = "DMDACreate2d")]
    #[doc(alias = "DMDACreate3d")]
    pub fn build(self) -> Result<Da> {
        const CTX: &str = "Da::build";
        let comm: &Comm = &self.comm;
        let dim = comm.agree(CTX, self.dimension(CTX))?;
        let engine = DaBuilder {
            comm,
            dim,
            sizes: self.sizes.as_deref().map(|s| padded(s, 1)),
            dof: self.dof,
            stencil: self.stencil,
            width: self.width,
            boundary: self
                .boundary
                .as_deref()
                .map_or([BoundaryType::None; 3], |b| padded(b, BoundaryType::None)),
            procs: self.ranks.as_deref().map_or([None; 3], |r| padded(r, None)),
            from_options: self.from_options,
            prefix: self.prefix.clone(),
        };
        engine.build()
    }

    /// The dimension (the number of sizes), every per-direction setting checked against
    /// it.
    fn dimension(&self, ctx: &str) -> Result<usize> {
        let dim = check_dimension(ctx, self.sizes.as_deref(), ".sizes([mx, my])")?;
        if let Some(b) = &self.boundary {
            check_directions(ctx, "boundary", b.len(), dim)?;
        }
        if let Some(r) = &self.ranks {
            check_directions(ctx, "ranks", r.len(), dim)?;
        }
        Ok(dim)
    }
}

impl Da {
    /// Starts building a DMDA on `comm`; see [`DaGridBuilder`]. The grid's dimension is
    /// the number of [`sizes`](DaGridBuilder::sizes).
    ///
    /// ```
    /// use petsc::{BoundaryType, Da};
    /// let petsc = petsc::Petsc::init()?;
    /// let da = Da::grid(&petsc.world())
    ///     .sizes([8, 6])
    ///     .boundary([BoundaryType::Periodic, BoundaryType::None])
    ///     .build()?;
    /// assert_eq!((da.info()?.dim, da.info()?.mx, da.info()?.my), (2, 8, 6));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMDACreate")]
    pub fn grid(comm: &Comm) -> DaGridBuilder<'_> {
        DaGridBuilder {
            comm: Cow::Borrowed(comm),
            sizes: None,
            boundary: None,
            ranks: None,
            dof: 1,
            stencil: StencilType::Star,
            width: 1,
            from_options: false,
            prefix: None,
        }
    }

    /// A builder holding this grid's settings (its communicator, sizes, ranks per
    /// direction, dof, boundary and stencil), to build another grid with some of them
    /// changed (what petsc4py's `DMDA.duplicate` does). Unchanged sizes and ranks give a
    /// grid whose ranks own the same points as in this one.
    ///
    /// ```
    /// use petsc::Da;
    /// let petsc = petsc::Petsc::init()?;
    /// let da = Da::grid(&petsc.world()).sizes([6, 4]).build()?;
    /// let two = da.to_builder()?.dof(2).build()?;
    /// assert_eq!((two.info()?.dof, two.info()?.mx), (2, 6));
    /// assert_eq!(two.corners()?, da.corners()?);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMDAGetInfo")]
    pub fn to_builder(&self) -> Result<DaGridBuilder<'static>> {
        let info = self.info()?;
        let dim = info.dim;
        let sizes = [info.mx, info.my, info.mz];
        let comm = crate::object::Object::comm(self);
        Ok(DaGridBuilder {
            comm: Cow::Owned(comm),
            sizes: Some(sizes[..dim].to_vec()),
            boundary: Some(info.boundary[..dim].to_vec()),
            ranks: Some(info.procs[..dim].iter().map(|&p| Some(p)).collect()),
            dof: info.dof,
            stencil: info.stencil_type,
            width: info.stencil_width,
            from_options: false,
            prefix: None,
        })
    }
}
