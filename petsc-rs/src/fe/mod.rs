//! Finite elements: [`Fe`] (`PetscFE`), the discrete system [`DiscreteSystem`] (`PetscDS`) with its
//! pointwise residual and Jacobian functions, [`Quadrature`] rules, and the finite
//! element assembly of a [`Plex`](crate::Plex) for a nonlinear solver
//! (`DMPlexSetSNESLocalFEM`) or a time integrator
//! ([`Plex::set_ts_local_fem`](crate::Plex::set_ts_local_fem)), essential boundary
//! conditions, exact solutions, `DMComputeL2Diff`.
//!
//! A Poisson problem `-Δu = f` on a mesh is a few lines, as in PETSc's
//! `snes/tutorials/ex12.c`:
//!
//! ```
//! use petsc::{no_term, DmBase, Fe, Plex, QuadPoint, Scalar, Snes};
//! let petsc = petsc::Petsc::init()?;
//! let comm = petsc.self_comm();
//! let mut mesh = Plex::box_mesh(&comm).sizes([4, 4]).build()?;
//! // P2 elements: u = x^2 + y^2 (f = -4) is in the space, so the answer is exact.
//! let fe = Fe::builder(&comm, 2, 1).degree(2).build()?;
//! mesh.add_field(None, &fe)?;
//! mesh.create_ds()?;
//! let mut ds = mesh.ds()?;
//! // f0 = 4 (the residual is ∫ f0 v + f1 · ∇v), f1 = ∇u; g3 = I.
//! ds.set_residual::<0>(|_: &QuadPoint, f0: &mut [Scalar]| f0[0] = 4.0.into(), |q: &QuadPoint, f1: &mut [Scalar]| {
//!     f1.copy_from_slice(q.u_x(0))
//! })?;
//! ds.set_jacobian::<0, 0>(no_term, no_term, no_term, |q: &QuadPoint, g3: &mut [Scalar]| {
//!     for d in 0..q.dim() {
//!         g3[d * q.dim() + d] = 1.0.into();
//!     }
//! })?;
//! let exact = |_dim: usize, _t: f64, x: &[f64], u: &mut [Scalar]| {
//!     u[0] = (x[0] * x[0] + x[1] * x[1]).into();
//!     Ok(())
//! };
//! let marker = mesh.label("marker")?.unwrap();
//! mesh.add_boundary_essential("wall", &marker, &[1], 0, &[], exact)?;
//! mesh.set_snes_local_fem()?;
//! let mut snes = Snes::new(&comm)?;
//! snes.set_dm(&mesh)?;
//! let mut u = mesh.create_global_vector()?;
//! snes.solve(None, &mut u)?.check()?;
//! let error = mesh.compute_l2_diff(0.0, vec![Box::new(exact)], &u)?;
//! assert!(error < 1e-10, "{error}");
//! # Ok::<(), petsc::Error>(())
//! ```
//!
//! See [`pointwise`] for how the pointwise functions are written and
//! what happens when one panics. The module's other files: `ds` (the discrete system:
//! fields, pointwise functions, constants), `quadrature` (rules), `space` and
//! `dual_space` (an element's approximation space and its functionals) and `plex`
//! (finite elements on a mesh: fields, boundary conditions, residuals, norms).

use std::os::raw::c_char;
use std::panic::{AssertUnwindSafe, catch_unwind};

use petsc_sys as sys;

use crate::callback::{CallbackKind, run};
use crate::comm::Comm;
use crate::dm::CellType;
use crate::error::{Error, Result, check, has_pending, record_pending, take_panic};
use crate::object::{petsc_handle, type_enum};
use crate::scalar::{Int, Real, Scalar};

mod builder;
mod disc;
mod ds;
mod dual_space;
mod plex;
pub mod pointwise;
mod quadrature;
mod space;

pub use builder::FeBuilder;
pub use disc::DmDiscretization;
pub use ds::{DiscreteSystem, DiscreteSystemType};

/// The former name of [`DiscreteSystem`].
#[deprecated(
    since = "0.2.0",
    note = "use `DiscreteSystem` (renamed so that `use petsc::*; use slepc::*;` collides on nothing)"
)]
pub type Ds = DiscreteSystem;

/// The former name of [`DiscreteSystemType`].
#[deprecated(
    since = "0.2.0",
    note = "use `DiscreteSystemType` (renamed so that `use petsc::*; use slepc::*;` collides on nothing)"
)]
pub type DsType = DiscreteSystemType;
pub use dual_space::{DualSpace, DualSpaceType};
pub use pointwise::{QuadPoint, no_term};
pub use quadrature::{Quadrature, QuadratureData};
pub use space::{Space, SpaceType};

/// The closure type of the functions of space and time PETSc evaluates at points
/// (`PetscSimplePointFunc`: essential boundary values, exact solutions, projections):
/// given the dimension, the time and the point's coordinates, it writes the values of
/// the field's components.
pub type PointValueFn = dyn FnMut(usize, Real, &[Real], &mut [Scalar]) -> Result<()>;

/// Checks the options `PetscFECreateDefault` and `PetscFECreateByCell` read with
/// `prefix` that name a number or a type: in PETSc 3.18 a malformed one fails the call
/// after the element's space and dual space were made, and they are never freed.
fn check_default_options(context: &str, comm: &Comm, prefix: Option<&str>) -> Result<()> {
    let opts = comm.petsc().options();
    let p = prefix.unwrap_or("");
    for name in [
        "petscspace_degree",
        "petscspace_components",
        "petscspace_variables",
        "petscdualspace_order",
        "petscdualspace_components",
        "petscfe_num_blocks",
        "petscfe_num_batches",
    ] {
        opts.get::<Int>(&format!("{p}{name}"))?;
    }
    // SAFETY: registers the element, space and dual-space types once (a no-op after).
    check(unsafe { sys::PetscFEInitializePackage() })?;
    // SAFETY: the lists are read after the registration above, on this thread.
    let lists = unsafe {
        [
            ("petscfe_type", "PetscFE", sys::PetscFEList),
            ("petscspace_type", "PetscSpace", sys::PetscSpaceList),
            (
                "petscdualspace_type",
                "PetscDualSpace",
                sys::PetscDualSpaceList,
            ),
        ]
    };
    for (name, class, list) in lists {
        if let Some(t) = opts.get::<String>(&format!("{p}{name}"))? {
            // SAFETY: the class's registered list (above).
            unsafe { crate::object::registered_type(context, class, list, &t) }
                .map_err(|e| Error::invalid(context, format!("-{p}{name}: {e}")))?;
        }
    }
    Ok(())
}

/// Runs the [`PointValueFn`] of kind `kind` whose number is `ctx` at one point.
///
/// A closure's `Err` or panic is not raised as a PETSc error: PETSc 3.18 leaves work
/// arrays, a local vector and cell geometry checked out when one of these functions
/// fails (inserting boundary values, projecting), and they are never given back. The
/// failure is recorded instead, the values are NaN (so a residual, a projection or a
/// norm built from them is NaN and a solve stops), later points skip their closure,
/// and the PETSc call that ran them returns the error.
///
/// # Safety
/// PETSc's arguments to a `PetscSimplePointFunc`: `x` holds `dim` coordinates and `u`
/// holds `nc` values, for the length of the call.
unsafe fn point_value(
    kind: CallbackKind,
    dim: Int,
    t: Real,
    x: *const Real,
    nc: Int,
    u: *mut Scalar,
    ctx: *mut std::os::raw::c_void,
) -> sys::PetscErrorCode {
    // SAFETY: the caller's guarantee.
    unsafe {
        point_value_with::<PointValueFn>(
            kind,
            kind.name(),
            dim,
            t,
            x,
            nc,
            u,
            ctx,
            |f, d, t, x, u| f(d, t, x, u),
        )
    }
}

/// The closure kept for an essential boundary condition: PETSc gives the functions of
/// the values and of their time derivative one context, so one closure answers both,
/// told by its first argument which (`true`: the time derivative).
pub(crate) type BoundaryFn = dyn FnMut(bool, usize, Real, &[Real], &mut [Scalar]) -> Result<()>;

/// [`point_value`] for a closure of type `F` (kept under `kind`), evaluated by `eval`;
/// a failure names `name`.
///
/// # Safety
/// As for [`point_value`].
#[allow(clippy::too_many_arguments)]
unsafe fn point_value_with<F: ?Sized + 'static>(
    kind: CallbackKind,
    name: &str,
    dim: Int,
    t: Real,
    x: *const Real,
    nc: Int,
    u: *mut Scalar,
    ctx: *mut std::os::raw::c_void,
    eval: impl FnOnce(&mut F, usize, Real, &[Real], &mut [Scalar]) -> Result<()>,
) -> sys::PetscErrorCode {
    run::<F>(ctx, kind, |_, f| {
        let d = usize::try_from(dim).unwrap_or(0);
        let n = usize::try_from(nc).unwrap_or(0);
        let xs: &[Real] = if x.is_null() || d == 0 {
            &[]
        } else {
            // SAFETY: the caller's guarantee.
            unsafe { std::slice::from_raw_parts(x, d) }
        };
        let us: &mut [Scalar] = if u.is_null() || n == 0 {
            &mut []
        } else {
            // SAFETY: the caller's guarantee; the values do not overlap `x`.
            unsafe { std::slice::from_raw_parts_mut(u, n) }
        };
        if has_pending() {
            us.fill(Scalar::from(Real::NAN));
            return Ok(());
        }
        let outcome = catch_unwind(AssertUnwindSafe(|| eval(f, d, t, xs, us)));
        let failure = match outcome {
            Ok(Ok(())) => return Ok(()),
            Ok(Err(e)) => Error::Callback {
                callback: name.to_string(),
                source: Box::new(e),
            },
            Err(payload) => Error::CallbackPanic {
                callback: name.to_string(),
                message: take_panic(payload),
            },
        };
        us.fill(Scalar::from(Real::NAN));
        record_pending(failure);
        Ok(())
    })
}

/// The `PetscSimplePointFunc` of exact solutions ([`DiscreteSystem::set_exact_solution`]).
pub(crate) unsafe extern "C" fn point_value_exact(
    dim: Int,
    t: Real,
    x: *const Real,
    nc: Int,
    u: *mut Scalar,
    ctx: *mut std::os::raw::c_void,
) -> sys::PetscErrorCode {
    // SAFETY: PETSc's arguments.
    unsafe { point_value(CallbackKind::DsExactSolution, dim, t, x, nc, u, ctx) }
}

/// The `PetscSimplePointFunc` of essential boundary values
/// ([`Plex::add_boundary_essential`](crate::Plex::add_boundary_essential)).
pub(crate) unsafe extern "C" fn point_value_boundary(
    dim: Int,
    t: Real,
    x: *const Real,
    nc: Int,
    u: *mut Scalar,
    ctx: *mut std::os::raw::c_void,
) -> sys::PetscErrorCode {
    // SAFETY: PETSc's arguments.
    unsafe {
        point_value_with::<BoundaryFn>(
            CallbackKind::DmEssentialBoundary,
            CallbackKind::DmEssentialBoundary.name(),
            dim,
            t,
            x,
            nc,
            u,
            ctx,
            |f, d, t, x, u| f(false, d, t, x, u),
        )
    }
}

/// The `PetscSimplePointFunc` of the time derivative of essential boundary values
/// ([`Plex::add_boundary_essential_with_time_derivative`](crate::Plex::add_boundary_essential_with_time_derivative)),
/// called with the context of the values.
pub(crate) unsafe extern "C" fn point_value_boundary_t(
    dim: Int,
    t: Real,
    x: *const Real,
    nc: Int,
    u: *mut Scalar,
    ctx: *mut std::os::raw::c_void,
) -> sys::PetscErrorCode {
    // SAFETY: PETSc's arguments.
    unsafe {
        point_value_with::<BoundaryFn>(
            CallbackKind::DmEssentialBoundary,
            "DM essential boundary condition (time derivative)",
            dim,
            t,
            x,
            nc,
            u,
            ctx,
            |f, d, t, x, u| f(true, d, t, x, u),
        )
    }
}

/// The `PetscSimplePointFunc` of time derivatives of exact solutions
/// ([`DiscreteSystem::set_exact_solution_time_derivative`]).
pub(crate) unsafe extern "C" fn point_value_exact_t(
    dim: Int,
    t: Real,
    x: *const Real,
    nc: Int,
    u: *mut Scalar,
    ctx: *mut std::os::raw::c_void,
) -> sys::PetscErrorCode {
    // SAFETY: PETSc's arguments.
    unsafe {
        point_value(
            CallbackKind::DsExactSolutionTimeDerivative,
            dim,
            t,
            x,
            nc,
            u,
            ctx,
        )
    }
}

/// The `PetscSimplePointFunc` of projections and error norms
/// ([`Plex::project_function`](crate::Plex::project_function),
/// [`Plex::compute_l2_diff`](crate::Plex::compute_l2_diff)).
pub(crate) unsafe extern "C" fn point_value_field(
    dim: Int,
    t: Real,
    x: *const Real,
    nc: Int,
    u: *mut Scalar,
    ctx: *mut std::os::raw::c_void,
) -> sys::PetscErrorCode {
    // SAFETY: PETSc's arguments.
    unsafe { point_value(CallbackKind::DmFieldFunction, dim, t, x, nc, u, ctx) }
}

petsc_handle!(
    /// A finite element (`PetscFE`): a space of polynomials on a reference cell, the
    /// degrees of freedom that define an element of it, and the quadrature rules used
    /// to integrate with it. Give one to a mesh with
    /// [`Plex::add_field`](crate::Plex::add_field).
    ///
    /// ```
    /// use petsc::{CellKind, Fe};
    /// let petsc = petsc::Petsc::init()?;
    /// // Quadratic Lagrange elements on triangles, one component.
    /// let fe = Fe::builder(&petsc.self_comm(), 2, 1).cell(CellKind::Simplex).degree(2).build()?;
    /// assert_eq!(fe.dimension()?, 6);          // basis functions per cell
    /// assert_eq!(fe.num_dof()?, vec![1, 1, 0]); // on vertices, edges, the cell
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscFE")]
    Fe,
    sys::PetscFE,
    sys::PetscFEDestroy
);

type_enum!(
/// Implementations of [`Fe`] (`PetscFEType`).
///
/// ```
/// assert_eq!(petsc::FeType::Basic.as_str(), "basic");
/// ```
FeType {
    Basic = "basic" "The default.",
    Opencl = "opencl" "Integration on an OpenCL device.",
    Composite = "composite" "An element made of sub-elements on a refined cell.",
});

/// `PetscObjectSetOptionsPrefix` for a finite element.
unsafe fn set_prefix(fe: sys::PetscFE, p: *const c_char) -> sys::PetscErrorCode {
    // SAFETY: the caller passes a live element and a NUL-terminated string.
    unsafe { sys::PetscObjectSetOptionsPrefix(fe as sys::PetscObject, p) }
}

/// `PetscObjectAppendOptionsPrefix` for a finite element.
unsafe fn append_prefix(fe: sys::PetscFE, p: *const c_char) -> sys::PetscErrorCode {
    // SAFETY: as in `set_prefix`.
    unsafe { sys::PetscObjectAppendOptionsPrefix(fe as sys::PetscObject, p) }
}

/// `PetscObjectGetOptionsPrefix` for a finite element.
unsafe fn get_prefix(fe: sys::PetscFE, p: *mut *const c_char) -> sys::PetscErrorCode {
    // SAFETY: the caller passes a live element and a place for the pointer.
    unsafe { sys::PetscObjectGetOptionsPrefix(fe as sys::PetscObject, p) }
}

crate::class_methods! {
    Fe: FeType, "PetscFE", sys::PetscFEList,
    example = "let mut obj = petsc::Fe::builder(&petsc.self_comm(), 2, 1).cell(petsc::CellKind::Simplex).degree(1).build()?;",
    a_type = "basic",
    inner = "",
    set_type = sys::PetscFESetType as "PetscFESetType",
    set_options_prefix = set_prefix as "PetscObjectSetOptionsPrefix",
    append_options_prefix = append_prefix as "PetscObjectAppendOptionsPrefix",
    options_prefix = get_prefix as "PetscObjectGetOptionsPrefix",
    set_from_options = sys::PetscFESetFromOptions as "PetscFESetFromOptions",
}

pub(crate) use crate::declare::petsc_bool as pbool;

/// `Err` unless `dim` is a cell dimension PETSc builds elements for (0 to 3) and
/// `nc` is positive.
fn check_shape(ctx: &str, dim: Int, nc: Int) -> Result<()> {
    if !(0..=3).contains(&dim) {
        return Err(Error::out_of_range(
            ctx,
            format!("dimension {dim} is not in 0..=3"),
        ));
    }
    if nc < 1 {
        return Err(Error::out_of_range(
            ctx,
            format!("number of components {nc} is not positive"),
        ));
    }
    Ok(())
}

/// PETSc's quadrature order argument: `None` is `PETSC_DETERMINE` (from the degree).
fn qorder_arg(ctx: &str, qorder: Option<Int>) -> Result<Int> {
    match qorder {
        None => Ok(-1),
        Some(q) if q >= 0 => Ok(q),
        Some(q) => Err(Error::out_of_range(
            ctx,
            format!("quadrature order {q} is negative"),
        )),
    }
}

/// The polytope of a cell shape, for the shapes elements are built on.
fn polytope(ctx: &str, cell: CellType) -> Result<sys::DMPolytopeType> {
    use sys::DMPolytopeType as T;
    Ok(match cell {
        CellType::Point => T::DM_POLYTOPE_POINT,
        CellType::Segment => T::DM_POLYTOPE_SEGMENT,
        CellType::Triangle => T::DM_POLYTOPE_TRIANGLE,
        CellType::Quadrilateral => T::DM_POLYTOPE_QUADRILATERAL,
        CellType::Tetrahedron => T::DM_POLYTOPE_TETRAHEDRON,
        CellType::Hexahedron => T::DM_POLYTOPE_HEXAHEDRON,
        CellType::TriPrism => T::DM_POLYTOPE_TRI_PRISM,
        other => {
            return Err(Error::invalid(
                ctx,
                format!("no finite element is built on cells of type {other:?} here"),
            ));
        }
    })
}

impl Fe {
    /// An empty element on `comm` (`PetscFECreate`), to be given a type, spaces and
    /// quadrature; most programs use [`builder`](Self::builder).
    #[doc(alias = "PetscFECreate")]
    pub fn new(comm: &Comm) -> Result<Fe> {
        let mut fe: sys::PetscFE = std::ptr::null_mut();
        // SAFETY: live communicator; PETSc writes the new object.
        check(unsafe { sys::PetscFECreate(comm.as_raw(), &mut fe) })?;
        Ok(Fe::from_raw(comm.petsc(), fe))
    }

    crate::methods![for Fe;
        /// The number of basis functions on a cell (`PetscFEGetDimension`).
        pub fn dimension(&self) -> Int = PetscFEGetDimension as "PetscFEGetDimension";

        /// The dimension of the reference cell (`PetscFEGetSpatialDimension`).
        pub fn spatial_dimension(&self) -> Int
            = PetscFEGetSpatialDimension as "PetscFEGetSpatialDimension";

        /// The number of components of the field (`PetscFEGetNumComponents`).
        pub fn num_components(&self) -> Int = PetscFEGetNumComponents as "PetscFEGetNumComponents";
    ];

    /// Sets the number of components (`PetscFESetNumComponents`), for an element
    /// built by hand from [`new`](Self::new); a count below 1 is an `Err`.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut fe = petsc::Fe::new(&petsc.self_comm())?;
    /// fe.set_num_components(3)?;
    /// assert_eq!(fe.num_components()?, 3);
    /// assert!(fe.set_num_components(0).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscFESetNumComponents")]
    pub fn set_num_components(&mut self, nc: Int) -> Result<()> {
        if nc < 1 {
            return Err(Error::out_of_range(
                "Fe::set_num_components",
                format!("number of components {nc} is not positive"),
            ));
        }
        // SAFETY: live element; a positive count.
        check(unsafe { sys::PetscFESetNumComponents(self.ptr, nc) })
    }

    /// The number of degrees of freedom on each point of a cell's closure, by depth:
    /// vertices, edges, ..., the cell itself (`PetscFEGetNumDof`). An `Err` for an
    /// element whose spaces are not set.
    #[doc(alias = "PetscFEGetNumDof")]
    pub fn num_dof(&self) -> Result<Vec<Int>> {
        let dim = usize::try_from(self.spatial_dimension()?).unwrap_or(0);
        let mut p: *const Int = std::ptr::null();
        // SAFETY: live element; PETSc lends its dual space's array (dim + 1 entries).
        check(unsafe { sys::PetscFEGetNumDof(self.ptr, &mut p) })?;
        if p.is_null() {
            return Err(Error::invalid(
                "Fe::num_dof",
                "the element has no dual space set up",
            ));
        }
        // SAFETY: the dual space's counts by depth, dim + 1 of them, copied at once.
        Ok(unsafe { std::slice::from_raw_parts(p, dim + 1) }.to_vec())
    }

    /// How cells are batched during integration: `(block_size, num_blocks,
    /// batch_size, num_batches)` (`PetscFEGetTileSizes`); [`tiling`](Self::tiling)
    /// returns them by name.
    #[doc(alias = "PetscFEGetTileSizes")]
    pub fn tile_sizes(&self) -> Result<(Int, Int, Int, Int)> {
        let t = self.tiling()?;
        Ok((t.block_size, t.num_blocks, t.batch_size, t.num_batches))
    }

    /// How cells are batched during integration, by name (`PetscFEGetTileSizes`): what
    /// [`set_tile_sizes_to`](Self::set_tile_sizes_to) set.
    ///
    /// ```
    /// use petsc::{Fe, FeTileSizes};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut fe = Fe::builder(&petsc.self_comm(), 2, 1).degree(1).build()?;
    /// let t = FeTileSizes { batch_size: 2, ..FeTileSizes::default() };
    /// fe.set_tile_sizes_to(t)?;
    /// assert_eq!(fe.tiling()?, t);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscFEGetTileSizes")]
    pub fn tiling(&self) -> Result<FeTileSizes> {
        let mut t = FeTileSizes::default();
        // SAFETY: live element; PETSc writes the four sizes.
        check(unsafe {
            sys::PetscFEGetTileSizes(
                self.ptr,
                &mut t.block_size,
                &mut t.num_blocks,
                &mut t.batch_size,
                &mut t.num_batches,
            )
        })?;
        Ok(t)
    }

    /// Sets how cells are batched during integration (`PetscFESetTileSizes`); each
    /// size must be positive, else an `Err`. [`tiling`](Self::tiling) reads them back.
    ///
    /// ```
    /// use petsc::{CellKind, Fe, FeTileSizes};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut fe = Fe::builder(&petsc.self_comm(), 2, 1).cell(CellKind::Simplex).degree(1).build()?;
    /// let t = FeTileSizes { batch_size: 2, ..FeTileSizes::default() };
    /// fe.set_tile_sizes_to(t)?;
    /// assert_eq!(fe.tiling()?, t);
    /// assert!(fe.set_tile_sizes_to(FeTileSizes { block_size: 0, ..t }).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscFESetTileSizes")]
    pub fn set_tile_sizes_to(&mut self, sizes: FeTileSizes) -> Result<()> {
        let FeTileSizes {
            block_size,
            num_blocks,
            batch_size,
            num_batches,
        } = sizes;
        if [block_size, num_blocks, batch_size, num_batches]
            .iter()
            .any(|&s| s < 1)
        {
            return Err(Error::out_of_range(
                "Fe::set_tile_sizes_to",
                format!("tile sizes {sizes:?} must be positive"),
            ));
        }
        // SAFETY: live element; positive sizes.
        check(unsafe {
            sys::PetscFESetTileSizes(self.ptr, block_size, num_blocks, batch_size, num_batches)
        })
    }

    /// Sets how cells are batched during integration from four positional sizes.
    #[deprecated(
        since = "0.2.0",
        note = "use `set_tile_sizes_to(FeTileSizes { block_size, num_blocks, batch_size, num_batches })` (four same-typed sizes by name)"
    )]
    #[doc(alias = "PetscFESetTileSizes")]
    pub fn set_tile_sizes(
        &mut self,
        block_size: Int,
        num_blocks: Int,
        batch_size: Int,
        num_batches: Int,
    ) -> Result<()> {
        self.set_tile_sizes_to(FeTileSizes {
            block_size,
            num_blocks,
            batch_size,
            num_batches,
        })
    }

    /// The quadrature rule on cells (`PetscFEGetQuadrature`), as a handle holding its
    /// own reference.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mut fe = petsc::Fe::builder(&petsc.self_comm(), 2, 1).degree(1).build()?;
    /// assert_eq!(fe.quadrature()?.data()?.dim, 2);
    /// let q = petsc::Quadrature::gauss_tensor(&petsc, 2, 1, 5, -1.0, 1.0)?;
    /// fe.set_quadrature(&q)?;
    /// assert_eq!(fe.quadrature()?.data()?.num_points(), 25);
    /// assert_eq!(fe.face_quadrature()?.data()?.dim, 1);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscFEGetQuadrature")]
    pub fn quadrature(&self) -> Result<Quadrature> {
        let mut q: sys::PetscQuadrature = std::ptr::null_mut();
        // SAFETY: live element; PETSc lends its rule.
        check(unsafe { sys::PetscFEGetQuadrature(self.ptr, &mut q) })?;
        self.lent_quadrature("Fe::quadrature", q)
    }

    /// The quadrature rule on faces (`PetscFEGetFaceQuadrature`), as a handle holding
    /// its own reference.
    #[doc(alias = "PetscFEGetFaceQuadrature")]
    pub fn face_quadrature(&self) -> Result<Quadrature> {
        let mut q: sys::PetscQuadrature = std::ptr::null_mut();
        // SAFETY: live element; PETSc lends its rule.
        check(unsafe { sys::PetscFEGetFaceQuadrature(self.ptr, &mut q) })?;
        self.lent_quadrature("Fe::face_quadrature", q)
    }

    /// A handle to a rule the element lent, or an `Err` when it has none.
    fn lent_quadrature(&self, ctx: &str, q: sys::PetscQuadrature) -> Result<Quadrature> {
        if q.is_null() {
            return Err(Error::invalid(ctx, "the element has no quadrature rule"));
        }
        // SAFETY: a live rule lent by the element; the handle takes its own reference.
        unsafe { Quadrature::from_raw_borrowed(&self.petsc, q) }
    }

    /// Integrates on cells with `q` (`PetscFESetQuadrature`); the element takes its
    /// own reference. Its dimension must be the element's.
    #[doc(alias = "PetscFESetQuadrature")]
    pub fn set_quadrature(&mut self, q: &Quadrature) -> Result<()> {
        self.check_rule_dim("Fe::set_quadrature", q, 0)?;
        // SAFETY: live element and rule; PETSc takes a reference.
        check(unsafe { sys::PetscFESetQuadrature(self.ptr, q.ptr) })
    }

    /// Integrates on faces with `q` (`PetscFESetFaceQuadrature`); the element takes its
    /// own reference. Its dimension must be one less than the element's.
    #[doc(alias = "PetscFESetFaceQuadrature")]
    pub fn set_face_quadrature(&mut self, q: &Quadrature) -> Result<()> {
        self.check_rule_dim("Fe::set_face_quadrature", q, 1)?;
        // SAFETY: live element and rule; PETSc takes a reference.
        check(unsafe { sys::PetscFESetFaceQuadrature(self.ptr, q.ptr) })
    }

    /// `Err` unless `q` has points of the element's dimension minus `codim` (or none).
    fn check_rule_dim(&self, ctx: &str, q: &Quadrature, codim: usize) -> Result<()> {
        let d = q.data()?;
        let want = usize::try_from(self.spatial_dimension()?)
            .unwrap_or(0)
            .saturating_sub(codim);
        if d.num_points() > 0 && d.dim != want {
            return Err(Error::size_mismatch(
                ctx,
                format!("the rule has points of dimension {}, not {want}", d.dim),
            ));
        }
        Ok(())
    }

    /// Gives `target` this element's cell and face quadrature rules
    /// (`PetscFECopyQuadrature`), so two fields integrate at the same points.
    #[doc(alias = "PetscFECopyQuadrature")]
    pub fn copy_quadrature(&self, target: &mut Fe) -> Result<()> {
        // SAFETY: two live elements; the target takes references to the rules.
        check(unsafe { sys::PetscFECopyQuadrature(self.ptr, target.ptr) })
    }

    crate::methods![for Fe;
        /// Sets the element up (`PetscFESetUp`); the constructors above do.
        pub fn set_up(&mut self) = PetscFESetUp as "PetscFESetUp";
    ];
}

// The names before the naming scheme of 0.2 (`new`, no `get_`); they still compile,
// with a deprecation warning naming the new one.
impl Fe {
    /// The former name of [`new`](Self::new).
    #[deprecated(
        since = "0.2.0",
        note = "use `Fe::new` (constructors are `new`/`new_*`)"
    )]
    pub fn create(comm: &Comm) -> Result<Fe> {
        Self::new(comm)
    }
}

/// How an element batches cells during integration ([`Fe::set_tile_sizes_to`],
/// [`Fe::tiling`]; PETSc's `PetscFESetTileSizes`): cells are integrated in chunks of
/// `num_batches` batches, a batch of `batch_size` cells being `num_blocks` blocks of
/// `block_size` cells. Every size must be positive; the default is 1 for each.
///
/// ```
/// let t = petsc::FeTileSizes { num_batches: 4, ..Default::default() };
/// assert_eq!((t.block_size, t.num_blocks, t.batch_size, t.num_batches), (1, 1, 1, 4));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FeTileSizes {
    /// Cells per block.
    pub block_size: Int,
    /// Blocks per batch.
    pub num_blocks: Int,
    /// Cells per batch.
    pub batch_size: Int,
    /// Batches per chunk.
    pub num_batches: Int,
}

impl Default for FeTileSizes {
    fn default() -> Self {
        FeTileSizes {
            block_size: 1,
            num_blocks: 1,
            batch_size: 1,
            num_batches: 1,
        }
    }
}
