//! [`BoxMeshBuilder`]: a box mesh (`DMPlexCreateBoxMesh`) with the per-direction settings
//! named as in [`DaGridBuilder`](crate::DaGridBuilder), and enums for the kind of cells
//! ([`CellKind`]) and the strata made ([`Interpolation`]).

use std::borrow::Cow;

use super::Plex;
use crate::comm::Comm;
use crate::dm::{BoundaryType, check_directions};
use crate::error::{Error, Result};
use crate::scalar::{Int, Real};

/// The kind of cells of a box mesh ([`BoxMeshBuilder::cell`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum CellKind {
    /// Segments, quadrilaterals or hexahedra (the default).
    #[default]
    Tensor,
    /// Segments, triangles or tetrahedra, made by a mesh generator in 2D and 3D (PETSc
    /// built with Triangle or TetGen).
    Simplex,
}

/// Which strata a mesh has ([`BoxMeshBuilder::interpolation`]): PETSc's
/// "interpolated" mesh has every one (cells, faces, edges, vertices).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Interpolation {
    /// Cells, faces, edges and vertices (the default; `DMPlexInterpolate`).
    #[default]
    Interpolated,
    /// Cells and vertices only (`DMPlexUninterpolate`).
    Uninterpolated,
}

/// Builder of a box mesh ([`Plex`]), from [`Plex::box_mesh`]: the box `lower..upper`
/// cut into `sizes[d]` cells in direction `d`. The dimension is the number of entries
/// of the per-direction settings given ([`sizes`](Self::sizes), [`lower`](Self::lower),
/// [`upper`](Self::upper), [`boundary`](Self::boundary)), which must agree, or
/// [`dim`](Self::dim) when none is given. Defaults: PETSc's numbers of cells, the unit
/// box, no periodicity, tensor cells ([`CellKind::Tensor`]), every stratum
/// ([`Interpolation::Interpolated`]).
///
/// The mesh is made on the first rank ([`distribute`](Plex::distribute) it). Simplices
/// in 2D and 3D are made by a mesh generator (PETSc built with Triangle or TetGen;
/// without one, `build` says so: build simplices from a cell list then, see
/// [`from_cell_list`](Plex::from_cell_list)). Periodic directions
/// ([`BoundaryType::Periodic`]) need tensor cells. The settings read back from
/// [`dimension`](crate::DmBase::dimension), [`bounding_box`](crate::DmBase::bounding_box),
/// [`periodicity`](crate::DmBase::periodicity), [`is_simplex`](Plex::is_simplex) and
/// [`is_interpolated`](Plex::is_interpolated).
///
/// ```
/// use petsc::{CellKind, DmBase, Interpolation, Plex};
/// let petsc = petsc::Petsc::init()?;
/// let comm = petsc.self_comm();
/// let quads = Plex::box_mesh(&comm).sizes([4, 2]).upper([2.0, 1.0]).build()?;
/// assert_eq!(quads.height_stratum(0)?.count(), 8);
/// assert_eq!(quads.depth_stratum(0)?.count(), 15); // 5 x 3 vertices
/// assert_eq!(quads.bounding_box()?, vec![(0.0, 2.0), (0.0, 1.0)]);
/// let bare = Plex::box_mesh(&comm)
///     .sizes([3])
///     .cell(CellKind::Tensor)
///     .interpolation(Interpolation::Uninterpolated)
///     .build()?;
/// assert_eq!((bare.dimension()?, bare.depth()?), (1, 1));
/// let e = Plex::box_mesh(&comm).sizes([2, 2]).lower([0.0, 0.0, 0.0]).build();
/// assert!(e.unwrap_err().to_string().contains("lower has 3 entries"));
/// # Ok::<(), petsc::Error>(())
/// ```
#[derive(Debug)]
#[must_use = "a builder does nothing until `build` is called"]
pub struct BoxMeshBuilder<'c> {
    comm: Cow<'c, Comm>,
    dim: Option<usize>,
    sizes: Option<Vec<Int>>,
    lower: Option<Vec<Real>>,
    upper: Option<Vec<Real>>,
    boundary: Option<Vec<BoundaryType>>,
    cell: CellKind,
    interpolation: Interpolation,
}

impl Plex {
    /// Starts building a box mesh on `comm`; see [`BoxMeshBuilder`].
    ///
    /// ```
    /// use petsc::{DmBase, Plex};
    /// let petsc = petsc::Petsc::init()?;
    /// let mesh = Plex::box_mesh(&petsc.self_comm()).dim(2).build()?; // PETSc's cells
    /// assert_eq!(mesh.dimension()?, 2);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMPlexCreateBoxMesh")]
    pub fn box_mesh(comm: &Comm) -> BoxMeshBuilder<'_> {
        BoxMeshBuilder {
            comm: Cow::Borrowed(comm),
            dim: None,
            sizes: None,
            lower: None,
            upper: None,
            boundary: None,
            cell: CellKind::Tensor,
            interpolation: Interpolation::Interpolated,
        }
    }
}

impl BoxMeshBuilder<'_> {
    /// The dimension, 1 to 3, needed only when no per-direction setting gives it (else
    /// it must agree with their number of entries).
    pub fn dim(mut self, dim: usize) -> Self {
        self.dim = Some(dim);
        self
    }

    /// Number of cells per direction (`faces` of `DMPlexCreateBoxMesh`), each at
    /// least 1.
    #[doc(alias = "faces")]
    pub fn sizes(mut self, sizes: impl AsRef<[Int]>) -> Self {
        self.sizes = Some(sizes.as_ref().to_vec());
        self
    }

    /// Lower corner of the box (default the origin); below [`upper`](Self::upper) in
    /// every direction.
    pub fn lower(mut self, lower: impl AsRef<[Real]>) -> Self {
        self.lower = Some(lower.as_ref().to_vec());
        self
    }

    /// Upper corner of the box (default 1 in every direction).
    pub fn upper(mut self, upper: impl AsRef<[Real]>) -> Self {
        self.upper = Some(upper.as_ref().to_vec());
        self
    }

    /// Boundary type per direction (default [`BoundaryType::None`]):
    /// [`BoundaryType::Periodic`] makes a direction periodic (tensor cells only).
    pub fn boundary(mut self, boundary: impl AsRef<[BoundaryType]>) -> Self {
        self.boundary = Some(boundary.as_ref().to_vec());
        self
    }

    /// The kind of cells (default [`CellKind::Tensor`]).
    pub fn cell(mut self, cell: CellKind) -> Self {
        self.cell = cell;
        self
    }

    /// Which strata the mesh has (default [`Interpolation::Interpolated`]).
    pub fn interpolation(mut self, interpolation: Interpolation) -> Self {
        self.interpolation = interpolation;
        self
    }

    /// Makes the mesh (collective; `DMPlexCreateBoxMesh`). Every per-direction setting
    /// must have one entry per direction, sizes at least 1 and `lower < upper`, else an
    /// `Err` on every rank.
    #[doc(alias = "DMPlexCreateBoxMesh")]
    pub fn build(self) -> Result<Plex> {
        const CTX: &str = "Plex::box_mesh";
        let comm: &Comm = &self.comm;
        let dim = comm.agree(CTX, self.dimension(CTX))?;
        Plex::make_box(
            comm,
            dim as Int,
            self.cell == CellKind::Simplex,
            self.sizes.as_deref(),
            self.lower.as_deref(),
            self.upper.as_deref(),
            self.boundary.as_deref(),
            self.interpolation == Interpolation::Interpolated,
        )
    }

    /// The dimension, every per-direction setting checked against it.
    fn dimension(&self, ctx: &str) -> Result<usize> {
        let given = [
            ("sizes", self.sizes.as_ref().map(Vec::len)),
            ("lower", self.lower.as_ref().map(Vec::len)),
            ("upper", self.upper.as_ref().map(Vec::len)),
            ("boundary", self.boundary.as_ref().map(Vec::len)),
        ];
        let first = given.iter().find_map(|&(_, n)| n);
        let Some(dim) = self.dim.or(first) else {
            return Err(Error::invalid(
                ctx,
                "give the sizes ([nx, ny]), the bounds or the dimension (.dim(2))",
            ));
        };
        if !(1..=3).contains(&dim) {
            return Err(Error::out_of_range(
                ctx,
                format!("dimension {dim} is not in 1..=3"),
            ));
        }
        for (name, n) in given {
            if let Some(n) = n {
                check_directions(ctx, name, n, dim)?;
            }
        }
        Ok(dim)
    }
}
