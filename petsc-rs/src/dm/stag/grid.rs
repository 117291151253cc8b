//! [`StagGridBuilder`]: a DMStag's grid in as many directions as it has, one value per
//! direction in each per-direction setting, with the names of
//! [`DaGridBuilder`](crate::DaGridBuilder).

use std::borrow::Cow;

use super::builder::StagBuilder;
use super::{Stag, StagStencilType};
use crate::comm::Comm;
use crate::dm::{BoundaryType, check_dimension, check_directions, padded};
use crate::error::Result;
use crate::scalar::Int;

/// Builder of a [`Stag`] (a DMStag), from [`Stag::grid`]: the dimension is the number of
/// sizes, and every per-direction setting takes one value per direction. Required: the
/// global numbers of elements ([`sizes`](Self::sizes)) and the degrees of freedom per
/// stratum ([`dof`](Self::dof)). Defaults: box stencil of width 1, no boundary ghosts,
/// PETSc's choice of the ranks per direction and of their pieces, options database not
/// read. The settings read back from [`Stag::global_sizes`], [`Stag::dof`],
/// [`Stag::stencil_type`], [`Stag::stencil_width`], [`Stag::boundary_types`],
/// [`Stag::num_ranks`] and [`Stag::ownership_ranges`].
///
/// The names are those of [`DaGridBuilder`](crate::DaGridBuilder) and
/// [`BoxMeshBuilder`](crate::BoxMeshBuilder) wherever the setting exists there.
///
/// ```
/// use petsc::{BoundaryType, Stag, StagStencilType};
/// let petsc = petsc::Petsc::init()?;
/// let stag = Stag::grid(&petsc.world())
///     .sizes([6, 4])
///     .dof(&[0, 1, 1]) // velocities on edges, pressure in elements
///     .stencil(StagStencilType::Star)
///     .stencil_width(1)
///     .boundary([BoundaryType::Periodic, BoundaryType::None])
///     .build()?;
/// assert_eq!(stag.global_sizes()?[..2], [6, 4]);
/// assert_eq!(stag.boundary_types()?[0], BoundaryType::Periodic);
/// assert_eq!(stag.entries_per_element()?, 3);
/// # Ok::<(), petsc::Error>(())
/// ```
#[derive(Debug)]
#[must_use = "a builder does nothing until `build` is called"]
pub struct StagGridBuilder<'c> {
    comm: Cow<'c, Comm>,
    sizes: Option<Vec<Int>>,
    dof: Option<Vec<Int>>,
    stencil: StagStencilType,
    width: Int,
    boundary: Option<Vec<BoundaryType>>,
    ranks: Option<Vec<Option<Int>>>,
    ownership: Option<Vec<Vec<Int>>>,
    from_options: bool,
    prefix: Option<String>,
}

impl Stag {
    /// Starts building a DMStag on `comm`; see [`StagGridBuilder`]. The grid's dimension
    /// is the number of [`sizes`](StagGridBuilder::sizes).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let line = petsc::Stag::grid(&petsc.world()).sizes([8]).dof(&[1, 1]).build()?;
    /// assert_eq!(line.global_sizes()?[0], 8);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMStagCreate1d")]
    #[doc(alias = "DMStagCreate2d")]
    #[doc(alias = "DMStagCreate3d")]
    pub fn grid(comm: &Comm) -> StagGridBuilder<'_> {
        StagGridBuilder {
            comm: Cow::Borrowed(comm),
            sizes: None,
            dof: None,
            stencil: StagStencilType::Box,
            width: 1,
            boundary: None,
            ranks: None,
            ownership: None,
            from_options: false,
            prefix: None,
        }
    }
}

impl StagGridBuilder<'_> {
    /// Global number of elements per direction, 1 to 3 of them: their number is the
    /// grid's dimension. Required; each at least 1.
    #[doc(alias = "DMStagSetGlobalSizes")]
    pub fn sizes(mut self, sizes: impl AsRef<[Int]>) -> Self {
        self.sizes = Some(sizes.as_ref().to_vec());
        self
    }

    /// Degrees of freedom per stratum, `dim + 1` of them, none negative: per vertex and
    /// element in 1D; per vertex, edge and element in 2D; per vertex, edge, face and
    /// element in 3D. Required.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let e = petsc::Stag::grid(&petsc.self_comm()).sizes([2, 2]).dof(&[1, 1]).build();
    /// assert!(e.unwrap_err().to_string().contains("3 numbers"));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMStagSetDOF")]
    pub fn dof(mut self, dof: &[Int]) -> Self {
        self.dof = Some(dof.to_vec());
        self
    }

    /// Shape of the ghost region (default [`StagStencilType::Box`]).
    #[doc(alias = "DMStagSetStencilType")]
    pub fn stencil(mut self, stencil: StagStencilType) -> Self {
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

    /// Boundary type per direction (default [`BoundaryType::None`] in each), one per
    /// size: `None`, `Ghosted` or `Periodic`.
    #[doc(alias = "DMStagSetBoundaryTypes")]
    pub fn boundary(mut self, boundary: impl AsRef<[BoundaryType]>) -> Self {
        self.boundary = Some(boundary.as_ref().to_vec());
        self
    }

    /// Number of ranks per direction, one per size; `None` lets PETSc decide. Given
    /// numbers must multiply to the communicator's size (a 1D grid has one piece per
    /// rank, so the number, if given, is the size).
    #[doc(alias = "DMStagSetNumRanks")]
    pub fn ranks(mut self, ranks: impl AsRef<[Option<Int>]>) -> Self {
        self.ranks = Some(ranks.as_ref().to_vec());
        self
    }

    /// The number of elements of each rank, one list per direction (`lx, ly, lz`); an
    /// empty list lets PETSc split that direction evenly. Each list has one entry per
    /// rank in its direction (it sets that number when [`ranks`](Self::ranks) does
    /// not), each at least 1, summing to the global size.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let comm = petsc.self_comm();
    /// let stag = petsc::Stag::grid(&comm).sizes([5, 2]).dof(&[1, 0, 1]).ownership_ranges(&[&[5], &[]]).build()?;
    /// assert_eq!(stag.ownership_ranges()?, vec![vec![5], vec![2]]);
    /// let e = petsc::Stag::grid(&comm).sizes([5]).dof(&[1, 1]).ownership_ranges(&[&[4]]).build();
    /// assert!(e.unwrap_err().to_string().contains("sum to 4"));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMStagSetOwnershipRanges")]
    pub fn ownership_ranges(mut self, ranges: &[&[Int]]) -> Self {
        self.ownership = Some(ranges.iter().map(|l| l.to_vec()).collect());
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

    /// Creates and sets up the DMStag (collective): `DMStagCreate1d`/`2d`/`3d`, then
    /// `DMSetFromOptions` if asked, then `DMSetUp`.
    ///
    /// The arguments are checked first, and the grid as `DMSetUp` will see it (options
    /// included) again, on every rank alike: per-direction settings with another number
    /// of entries than the sizes, degrees of freedom, stencil and boundary types, ranks
    /// that do not multiply to the communicator's size, ownership ranges of the wrong
    /// length or sum, more ranks than elements in a direction, and a stencil wider than
    /// some rank's piece are an `Err` on every rank, naming the fault.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let comm = petsc.self_comm();
    /// let e = petsc::Stag::grid(&comm).sizes([3]).dof(&[1, 1]).stencil_width(4).build();
    /// assert!(e.unwrap_err().to_string().contains("stencil width 4"));
    /// let e = petsc::Stag::grid(&comm).sizes([3, 3]).dof(&[1, -1, 0]).build();
    /// assert!(e.unwrap_err().to_string().contains("negative"));
    /// let e = petsc::Stag::grid(&comm).sizes([3, 3]).dof(&[1, 0, 0]).ranks([None]).build();
    /// assert!(e.unwrap_err().to_string().contains("ranks has 1 entries"));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn build(self) -> Result<Stag> {
        const CTX: &str = "Stag::build";
        let comm: &Comm = &self.comm;
        let dim = comm.agree(CTX, self.dimension(CTX))?;
        let ownership = self.ownership.as_ref().map_or([None, None, None], |o| {
            let mut out: [Option<Vec<Int>>; 3] = [None, None, None];
            for (slot, l) in out.iter_mut().zip(o) {
                *slot = (!l.is_empty()).then(|| l.clone());
            }
            out
        });
        StagBuilder {
            comm,
            dim,
            sizes: self.sizes.as_deref().map(|s| padded(s, 1)),
            dof: self.dof.clone(),
            stencil: self.stencil,
            width: self.width,
            boundary: self
                .boundary
                .as_deref()
                .map_or([BoundaryType::None; 3], |b| padded(b, BoundaryType::None)),
            ranks: self.ranks.as_deref().map_or([None; 3], |r| padded(r, None)),
            ownership,
            from_options: self.from_options,
            prefix: self.prefix.clone(),
        }
        .build()
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
        if let Some(o) = &self.ownership {
            check_directions(ctx, "ownership_ranges", o.len(), dim)?;
        }
        Ok(dim)
    }
}
