//! Distributed arrays (`DM`, `DMDA`): structured grids in 1, 2 and 3 dimensions.
//!
//! A [`Da`] splits a logically rectangular grid of `mx x my x mz` points, each carrying
//! `dof` values, over the ranks of a communicator. It makes global vectors (each rank
//! owns a box of points) and local vectors (the owned box plus a halo of ghost points
//! `stencil_width` deep), moves values between them ([`Da::global_to_local`],
//! [`Da::local_to_global`]), and makes matrices preallocated for its stencil
//! ([`Da::create_matrix`], filled with [`Mat::set_values_stencil`](crate::Mat::set_values_stencil)).
//!
//! Array views ([`Da::view`], [`Da::view_mut`]) index a vector by *global* grid
//! coordinates `(i, j, k)` and component `c`, including ghost points on local vectors,
//! as `DMDAVecGetArray`/`DMDAVecGetArrayDOF` do in C. Every access is bounds-checked; an
//! index outside the vector's box panics with a message naming the index and the box.
//!
//! ```
//! use petsc::{BoundaryType, Da, InsertMode};
//! let petsc = petsc::Petsc::init()?;
//! let da = Da::grid(&petsc.world())
//!     .sizes([8, 6])
//!     .boundary([BoundaryType::Periodic, BoundaryType::None])
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
//!
//! The module is split by topic. The DMDA: [`builder`] (making a grid and the checks
//! done before PETSc sees it), [`da`] (the handle and its operations), [`info`] (what a
//! grid and a rank's part of it look like), `grid` (how points are split, refinement,
//! elements, coordinate names), `natural` (the natural ordering), [`views`] (array
//! views indexed by grid point) and [`stencil`] (matrix assembly by grid point). What
//! every DM shares is the [`DmBase`] trait of [`base`], whose longer method bodies are
//! in `base/`, one file a topic: `made` (copies, vectors, matrices), `hierarchy`
//! (refining, coarsening, operators between levels), `coordinates`, `fields`,
//! `sections`, `labels`, `lent` (the objects the getters lend), `needs` (the argument
//! checks of the declared methods) and `sealed` (the raw side of a DM handle); beside
//! it `checks` (the generic methods' argument checks), `vectors` (work vectors and
//! exchanges), `returned` (what the generic methods return beyond handles), `generic`
//! (the [`Dm`] handle of any type) and `of_matrix`/`of_vector` (the grid a matrix or a
//! vector belongs to). The other kinds: [`composite`], [`shell`] (a DM made of
//! closures), [`label`] (`DMLabel`), [`plex`] (unstructured meshes), [`stag`]
//! (staggered grids) and [`swarm`] (particles), each a folder or file of its own;
//! [`interpolation`] interpolates a mesh field at arbitrary points
//! (`DMInterpolationInfo`).

use petsc_sys as sys;

mod base;
mod builder;
mod checks;
mod composite;
mod da;
mod generic;
mod grid;
mod grid_builder;
mod info;
mod interpolation;
mod label;
mod natural;
mod of_matrix;
mod of_vector;
mod plex;
mod returned;
mod shell;
mod stag;
mod stencil;
mod swarm;
mod vectors;
mod views;

pub use base::DmBase;
pub use builder::DaBuilder;
pub(crate) use checks::{check_field, check_field_array};
pub use composite::{Composite, CompositeAccess};
pub use da::{ColoringType, Da};
pub(crate) use da::{coloring_type_of, is_dmda};
pub use generic::Dm;
pub use grid::{ElementType, InterpolationType};
pub use grid_builder::DaGridBuilder;
pub(crate) use grid_builder::{check_dimension, check_directions, padded};
pub use info::{Corners, DaInfo};
pub use interpolation::{DmInterpolation, InterpolationVec};
pub use label::DmLabel;
pub use plex::{
    AffineGeometry, BoxMeshBuilder, CellGeometry, CellKind, CellType, Direction, Interpolation,
    NaturalExchange, Partitioner, PartitionerType, Plex, PlexFilter, PlexTransform,
    PlexTransformType, TpsType,
};
pub use returned::{FieldDecomposition, FieldSplit, Periodicity, Subdomain};
pub use shell::{DmShell, IntoFieldDecomposition};
pub use stag::{
    Stag, StagBuilder, StagCorners, StagGridBuilder, StagLocation, StagStencil, StagStencilType,
    StagView, StagViewMut,
};
pub use stencil::Stencil;
#[cfg(petsc_3_24)]
pub use swarm::CellDm;
pub use swarm::{
    Swarm, SwarmCollectType, SwarmData, SwarmField, SwarmFieldMut, SwarmFieldVec, SwarmMigrateType,
    SwarmPicLayout, SwarmType,
};
pub(crate) use vectors::LocalWork;
pub use vectors::{DmExchange, DmVec};
// `dmda_array_base` is for views over the arrays PETSc lends to `DMDA...Local`
// callbacks; kept at its path `crate::dm::dmda_array_base`.
pub use views::{DaView, DaViewMut};
#[allow(unused_imports)]
pub(crate) use views::{Layout, dmda_array_base};

crate::c_enum! {
    /// What happens beyond the edge of the grid in one direction (`DMBoundaryType`).
    pub BoundaryType: sys::DMBoundaryType {
        None = DM_BOUNDARY_NONE "no ghost points outside the grid.",
        Ghosted = DM_BOUNDARY_GHOSTED "ghost points outside the grid exist in local vectors but \
            nothing is scattered into them (they keep what was there, zero in a new vector).",
        Mirror = DM_BOUNDARY_MIRROR "ghost points outside the grid mirror the points inside.",
        Periodic = DM_BOUNDARY_PERIODIC "the grid wraps around.",
        Twist = DM_BOUNDARY_TWIST "periodic with a twist (PETSc's own use).",
    }
}

/// Reads PETSc's name of a boundary type (`DMBoundaryTypes`: `none`, `ghosted`,
/// `mirror`, `periodic`, `twist`, in any case, with or without `DM_BOUNDARY_`), as the
/// options database takes it (`-periodic periodic,none,none`); any other name is an
/// `Err` listing the names.
///
/// ```
/// use petsc::BoundaryType;
/// assert_eq!("periodic".parse::<BoundaryType>()?, BoundaryType::Periodic);
/// assert_eq!("DM_BOUNDARY_NONE".parse::<BoundaryType>()?, BoundaryType::None);
/// assert!("wrap".parse::<BoundaryType>().is_err());
/// # Ok::<(), petsc::Error>(())
/// ```
impl std::str::FromStr for BoundaryType {
    type Err = crate::error::Error;

    fn from_str(s: &str) -> crate::error::Result<BoundaryType> {
        let u = s.trim().to_ascii_uppercase();
        let name = u.strip_prefix("DM_BOUNDARY_").unwrap_or(&u);
        Ok(match name {
            "NONE" => BoundaryType::None,
            "GHOSTED" => BoundaryType::Ghosted,
            "MIRROR" => BoundaryType::Mirror,
            "PERIODIC" => BoundaryType::Periodic,
            "TWIST" => BoundaryType::Twist,
            _ => {
                return Err(crate::error::Error::invalid(
                    "BoundaryType::from_str",
                    format!(
                        "'{s}' is not a boundary type (none, ghosted, mirror, periodic, twist)"
                    ),
                ));
            }
        })
    }
}

crate::c_enum! {
    /// The shape of the ghost region (`DMDAStencilType`).
    pub StencilType: sys::DMDAStencilType {
        Star = DMDA_STENCIL_STAR "ghost points only along the axes (5-point, 7-point stencils).",
        Box = DMDA_STENCIL_BOX "the whole box around each point, corners included.",
    }
}
