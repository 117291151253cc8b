//! Interpolation of a mesh field at arbitrary points (`DMInterpolationInfo`):
//! [`DmInterpolation`], and the vector of interpolated values it lends,
//! [`InterpolationVec`].
//!
//! Each rank adds the points it wants ([`DmInterpolation::add_points`]); set-up
//! ([`DmInterpolation::set_up`], collective) locates every point in the mesh, and the
//! lowest rank whose part of the mesh holds a point becomes its owner. Then
//! [`DmInterpolation::evaluate`] fills, rank by rank, the values of a field at the points
//! the rank owns, in the order of [`DmInterpolation::coordinates`]. PETSc interpolates
//! linearly on segments, triangles and tetrahedra, bilinearly on quadrilaterals and
//! trilinearly on hexahedra (or with the mesh's finite elements when it has some).
//!
//! ```
//! use petsc::{DmBase, DmDiscretization, DmInterpolation, Fe, NormType, Plex, Scalar};
//! let petsc = petsc::Petsc::init()?;
//! let comm = petsc.self_comm();
//! let mut mesh = Plex::box_mesh(&comm).sizes([2, 2]).build()?;
//! // Bilinear elements: one value per vertex.
//! mesh.add_field(None, &Fe::builder(&comm, 2, 1).degree(1).build()?)?;
//! mesh.create_ds()?;
//! // The field f(x, y) = 1 + 2x + 3y, at the vertices.
//! let xy = mesh.coordinates_local()?.values(&(0..18).collect::<Vec<_>>())?;
//! let f: Vec<Scalar> = xy.chunks(2).map(|p| Scalar::from(1.0) + p[0] * 2.0 + p[1] * 3.0).collect();
//! let x = petsc::Vector::from_slice(&comm, &f)?;
//! let mut interp = DmInterpolation::new(&comm)?;
//! interp.set_dim(2)?;
//! interp.set_dof(1)?;
//! interp.add_points(&[0.25, 0.5, 0.9, 0.1])?;
//! interp.set_up(&mesh, false, false)?;
//! let mut v = interp.vector()?;
//! interp.evaluate(&mesh, &x, &mut v)?;
//! let exact = petsc::Vector::from_slice(&comm, &[Scalar::from(3.0), Scalar::from(3.1)])?;
//! v.axpy(-1.0, &exact)?;
//! assert!(v.norm(NormType::Infinity)? < 1e-12);
//! # Ok::<(), petsc::Error>(())
//! ```

use std::marker::PhantomData;

use petsc_sys as sys;

use super::base::DmBase;
use super::base::sealed::DmRaw;
use super::plex::Plex;
use super::vectors::{Kind, layout_size};
use crate::comm::Comm;
use crate::declare::petsc_bool;
use crate::error::{Error, Result, check, int_len, record_destroy};
use crate::object::Object;
use crate::scalar::{Int, Real};
use crate::vec::Vector;

/// Interpolates a field of a mesh at given points (`DMInterpolationInfo`; petsc4py's
/// `DMInterpolation`): create, set the dimension and the number of components, add the
/// points, set up on a mesh, evaluate.
///
/// The steps are checked before PETSc sees them: points before a dimension, points added
/// twice, a second set-up, or an evaluation before set-up or on another mesh than the
/// set-up's are `Err`s. The mesh must be a [`Plex`].
///
/// ```
/// use petsc::DmInterpolation;
/// let petsc = petsc::Petsc::init()?;
/// let mut interp = DmInterpolation::new(&petsc.world())?;
/// interp.set_dim(2)?;
/// interp.set_dof(3)?;
/// assert_eq!((interp.dim()?, interp.dof()?), (2, 3));
/// assert!(interp.set_dim(4).is_err());
/// # Ok::<(), petsc::Error>(())
/// ```
#[doc(alias = "DMInterpolationInfo")]
pub struct DmInterpolation {
    ptr: sys::DMInterpolationInfo,
    // PETSc keeps the raw communicator; the handle keeps it (and the library) alive.
    comm: Comm,
    // The mesh of the set-up, with a reference of its own: its cell numbers are kept.
    mesh: Option<Plex>,
    points_added: bool,
}

impl DmInterpolation {
    /// An empty interpolation context on `comm` (`DMInterpolationCreate`; collective).
    #[doc(alias = "DMInterpolationCreate")]
    pub fn new(comm: &Comm) -> Result<DmInterpolation> {
        let mut p: sys::DMInterpolationInfo = std::ptr::null_mut();
        // SAFETY: live communicator; PETSc writes the new context.
        check(unsafe { sys::DMInterpolationCreate(comm.as_raw(), &mut p) })?;
        Ok(DmInterpolation {
            ptr: p,
            comm: comm.clone(),
            mesh: None,
            points_added: false,
        })
    }

    /// The same as [`new`](Self::new) (petsc4py's `create`).
    #[deprecated(
        since = "0.2.0",
        note = "use `DmInterpolation::new` (constructors are `new`/`new_*`)"
    )]
    #[doc(alias = "DMInterpolationCreate")]
    pub fn create(comm: &Comm) -> Result<DmInterpolation> {
        DmInterpolation::new(comm)
    }

    /// The communicator of the context.
    pub fn comm(&self) -> Comm {
        self.comm.clone()
    }

    /// Sets the spatial dimension of the points, 1 to 3 (`DMInterpolationSetDim`), before
    /// any is added.
    #[doc(alias = "DMInterpolationSetDim")]
    pub fn set_dim(&mut self, dim: Int) -> Result<()> {
        const CTX: &str = "DmInterpolation::set_dim";
        if !(1..=3).contains(&dim) {
            return Err(Error::out_of_range(
                CTX,
                format!("the dimension is {dim}; it must be 1, 2 or 3"),
            ));
        }
        if self.points_added {
            return Err(Error::invalid(
                CTX,
                "points have been added in the former dimension",
            ));
        }
        // SAFETY: live context; the value is in range.
        check(unsafe { sys::DMInterpolationSetDim(self.ptr, dim) })
    }

    /// Sets the number of field components interpolated at each point
    /// (`DMInterpolationSetDof`), at least 1, before set-up.
    #[doc(alias = "DMInterpolationSetDof")]
    pub fn set_dof(&mut self, dof: Int) -> Result<()> {
        const CTX: &str = "DmInterpolation::set_dof";
        if dof < 1 {
            return Err(Error::out_of_range(
                CTX,
                format!("{dof} components; at least 1 is needed"),
            ));
        }
        if self.mesh.is_some() {
            return Err(Error::invalid(CTX, "the context is already set up"));
        }
        // SAFETY: live context; the value is in range.
        check(unsafe { sys::DMInterpolationSetDof(self.ptr, dof) })
    }

    crate::methods![for DmInterpolation;
        /// The spatial dimension of the points (`DMInterpolationGetDim`): -1 until set.
        pub fn dim(&self) -> Int = DMInterpolationGetDim as "DMInterpolationGetDim";
        /// The number of field components interpolated at each point
        /// (`DMInterpolationGetDof`): 0 until set.
        pub fn dof(&self) -> Int = DMInterpolationGetDof as "DMInterpolationGetDof";
    ];

    /// Adds this rank's points (`DMInterpolationAddPoints`; not collective): `points`
    /// holds [`dim`](Self::dim) coordinates per point, one point after another. PETSc
    /// takes points once per context: a second call, a call before the dimension is set
    /// or after set-up, or a length that is not a multiple of the dimension is an `Err`.
    #[doc(alias = "DMInterpolationAddPoints")]
    pub fn add_points(&mut self, points: &[Real]) -> Result<()> {
        const CTX: &str = "DmInterpolation::add_points";
        let dim = self.dim()?;
        if dim < 1 {
            return Err(Error::invalid(
                CTX,
                "the dimension is not set; call set_dim first",
            ));
        }
        if self.points_added || self.mesh.is_some() {
            return Err(Error::invalid(
                CTX,
                "points have been added already; PETSc takes them once per context",
            ));
        }
        if points.len() % dim as usize != 0 {
            return Err(Error::size_mismatch(
                CTX,
                format!(
                    "{} coordinates is not a whole number of points of dimension {dim}",
                    points.len()
                ),
            ));
        }
        let n = int_len(CTX, "points", points.len() / dim as usize)?;
        // SAFETY: live context with its dimension set; `points` holds `n * dim` values,
        // which PETSc copies (it does not write them, despite the non-const pointer).
        check(unsafe { sys::DMInterpolationAddPoints(self.ptr, n, points.as_ptr() as *mut Real) })?;
        self.points_added = true;
        Ok(())
    }

    /// Locates the points in `mesh` (`DMInterpolationSetUp`; collective) and gives each
    /// to the lowest rank whose part of the mesh holds it. With `redundant_points`, every
    /// rank added the same points (then they must give the same count); otherwise each
    /// rank's points are gathered first. A point in no cell is an `Err` on every rank,
    /// unless `ignore_outside_domain`; either way rank 0 keeps it, and
    /// [`evaluate`](Self::evaluate) refuses to run while it is there. A context is set up
    /// once; its mesh's coordinate dimension must be [`dim`](Self::dim).
    #[doc(alias = "DMInterpolationSetUp")]
    pub fn set_up(
        &mut self,
        mesh: &Plex,
        redundant_points: bool,
        ignore_outside_domain: bool,
    ) -> Result<()> {
        const CTX: &str = "DmInterpolation::set_up";
        if !self.comm.congruent(&mesh.comm()) {
            return Err(Error::invalid(
                CTX,
                "the mesh is on another communicator than the context",
            ));
        }
        let local = (|| {
            if self.mesh.is_some() {
                return Err(Error::invalid(
                    CTX,
                    "the context is already set up; make a new one for other points",
                ));
            }
            let (dim, cdim) = (self.dim()?, mesh.coordinate_dim()?);
            if dim != cdim {
                return Err(Error::size_mismatch(
                    CTX,
                    format!("the points have dimension {dim}, the mesh's coordinates {cdim}"),
                ));
            }
            if self.dof()? < 1 {
                return Err(Error::invalid(CTX, "the number of components is not set"));
            }
            Ok(())
        })();
        self.comm.agree(CTX, local)?;
        if redundant_points {
            // SAFETY: live context.
            let n = unsafe { (*self.ptr).nInput };
            // `PetscInt` is `i64` in 64-bit-index builds.
            #[allow(clippy::useless_conversion)]
            let n = i64::from(n);
            self.comm.check_same(CTX, &[("numbers of points", n)])?;
        }
        // PETSc's own refusal of a point outside the mesh leaks what it had made: points
        // outside are kept (on rank 0, in no cell) and refused here instead.
        // SAFETY: live context and mesh, on the same communicator, with matching
        // dimensions (checked on every rank).
        check(unsafe {
            sys::DMInterpolationSetUp(
                self.ptr,
                mesh.dm_raw(),
                petsc_bool(redundant_points),
                sys::PETSC_BOOL_TRUE,
            )
        })?;
        self.mesh = Some(mesh.clone());
        if ignore_outside_domain {
            return Ok(());
        }
        let outside = self.cells().iter().filter(|&&c| c < 0).count();
        let local = if outside > 0 {
            Err(Error::invalid(
                CTX,
                format!(
                    "{outside} point(s) lie in no cell of the mesh; pass ignore_outside_domain \
                     to keep them (evaluation still refuses them)"
                ),
            ))
        } else {
            Ok(())
        };
        self.comm.agree(CTX, local)
    }

    /// The cell of each point this rank owns (-1 for a point in none), after set-up.
    fn cells(&self) -> &[Int] {
        let n = self.local_count() as usize;
        if n == 0 {
            return &[];
        }
        // SAFETY: live, set-up context: `cells` holds `n` cell numbers, kept until the
        // context is destroyed (the slice borrows it).
        unsafe { std::slice::from_raw_parts((*self.ptr).cells, n) }
    }

    /// The number of points this rank owns after set-up (0 before).
    pub fn local_count(&self) -> Int {
        // SAFETY: live context; `n` is -1 before set-up.
        unsafe { (*self.ptr).n }.max(0)
    }

    /// A copy of the coordinates of the points this rank owns, [`dim`](Self::dim) values
    /// per point, in the order of the interpolated values
    /// (`DMInterpolationGetCoordinates`; collective). Before set-up it is an `Err`.
    #[doc(alias = "DMInterpolationGetCoordinates")]
    pub fn coordinates(&self) -> Result<Vector> {
        self.need_set_up("DmInterpolation::coordinates")?;
        let mut c: sys::Vec = std::ptr::null_mut();
        // SAFETY: live, set-up context; PETSc lends its coordinate vector.
        check(unsafe { sys::DMInterpolationGetCoordinates(self.ptr, &mut c) })?;
        // SAFETY: the live vector just lent; the handle takes its own reference.
        let lent = unsafe { Vector::from_raw_borrowed(self.comm.petsc(), c) }?;
        let mut copy = lent.duplicate()?;
        copy.copy_from(&lent)?;
        Ok(copy)
    }

    /// A vector for the interpolated values, [`dof`](Self::dof) per point this rank owns
    /// (`DMInterpolationGetVector`; collective), given back
    /// (`DMInterpolationRestoreVector`) when the guard is dropped or
    /// [`restore_vector`](Self::restore_vector)d. Before set-up it is an `Err`.
    #[doc(alias = "DMInterpolationGetVector")]
    pub fn vector(&self) -> Result<InterpolationVec<'_>> {
        self.need_set_up("DmInterpolation::vector")?;
        let mut v: sys::Vec = std::ptr::null_mut();
        // SAFETY: live, set-up context; PETSc makes the vector, given back on drop.
        check(unsafe { sys::DMInterpolationGetVector(self.ptr, &mut v) })?;
        // SAFETY: the live vector just made; the handle takes its own reference.
        let vec = match unsafe { Vector::from_raw_borrowed(self.comm.petsc(), v) } {
            Ok(vec) => vec,
            Err(e) => {
                // SAFETY: give back what was made.
                record_destroy(unsafe { sys::DMInterpolationRestoreVector(self.ptr, &mut v) });
                return Err(e);
            }
        };
        Ok(InterpolationVec {
            ctx: self.ptr,
            raw: v,
            restored: false,
            vec,
            _ctx: PhantomData,
        })
    }

    /// Gives back a vector of [`vector`](Self::vector)
    /// (`DMInterpolationRestoreVector`), with the `Err` of a failure that dropping it
    /// would only record. A vector of another context is an `Err` (and goes back to its
    /// own).
    #[doc(alias = "DMInterpolationRestoreVector")]
    pub fn restore_vector(&self, v: InterpolationVec<'_>) -> Result<()> {
        if v.ctx != self.ptr {
            return Err(Error::invalid(
                "DmInterpolation::restore_vector",
                "the vector belongs to another interpolation context; it goes back to it",
            ));
        }
        v.restore()
    }

    /// Interpolates the field of the local vector `x` of `mesh` at the points this rank
    /// owns, into `v` (`DMInterpolationEvaluate`; collective): [`dof`](Self::dof)
    /// values per point, `x`'s values on each cell's closure being the field's (one
    /// set per vertex for the linear rules; the finite elements' when the mesh has
    /// fields). The mesh must be the set-up's, `x` of its local layout and `v` of
    /// [`vector`](Self::vector)'s; a cell whose closure holds another number of values,
    /// or a point outside the mesh kept by `ignore_outside_domain`, is an `Err`.
    #[doc(alias = "DMInterpolationEvaluate")]
    pub fn evaluate(&self, mesh: &Plex, x: &Vector, v: &mut Vector) -> Result<()> {
        const CTX: &str = "DmInterpolation::evaluate";
        let local = (|| {
            self.need_set_up(CTX)?;
            let own = self.mesh.as_ref().map(|m| m.dm_raw());
            if own != Some(mesh.dm_raw()) {
                return Err(Error::invalid(
                    CTX,
                    "the mesh is not the one the context was set up on",
                ));
            }
            let (nx, want) = (x.local_size()?, layout_size(mesh, Kind::Local)?);
            if nx != want {
                return Err(Error::size_mismatch(
                    CTX,
                    format!(
                        "x has {nx} entries on this rank where the mesh's local vectors have {want}"
                    ),
                ));
            }
            let dof = self.dof()?;
            let n = self.local_count();
            if v.local_size()? != n * dof {
                return Err(Error::size_mismatch(
                    CTX,
                    format!(
                        "v has {} entries on this rank; {n} points of {dof} components need {}",
                        v.local_size()?,
                        n * dof
                    ),
                ));
            }
            self.check_cells(mesh, dof)?;
            let reason = Some(crate::borrow::EXCHANGE_DESTINATION);
            Ok((x.borrow_shared(CTX)?, v.borrow_exclusive(CTX, reason)?))
        })();
        let _borrows = self.comm.agree(CTX, local)?;
        // SAFETY: live context set up on this live mesh; `x` of its local layout, `v` of
        // the context's size, distinct (borrowed above); every cell valid with enough
        // values on its closure (checked on every rank).
        check(unsafe {
            sys::DMInterpolationEvaluate(self.ptr, mesh.dm_raw(), x.as_raw(), v.as_raw())
        })
    }

    /// Refuses a context not yet set up.
    fn need_set_up(&self, ctx: &str) -> Result<()> {
        if self.mesh.is_none() {
            return Err(Error::invalid(
                ctx,
                "the context is not set up; call set_up first",
            ));
        }
        Ok(())
    }

    /// Refuses what PETSc's interpolation would read past: a point outside the mesh
    /// (cell -1); finite-element fields of another number of components than
    /// [`dof`](Self::dof); without them, a closure with another number of values than
    /// the linear rules read.
    fn check_cells(&self, mesh: &Plex, dof: Int) -> Result<()> {
        const CTX: &str = "DmInterpolation::evaluate";
        let cells = self.cells();
        let cell_range = mesh.height_stratum(0)?;
        if let Some(p) = cells.iter().position(|c| !cell_range.contains(c)) {
            return Err(Error::invalid(
                CTX,
                format!(
                    "point {p} of this rank lies in no cell of the mesh (kept at set-up); \
                     PETSc cannot interpolate there"
                ),
            ));
        }
        // The components of the fields when all are finite elements (PETSc's rule then).
        let mut fe_components = Some(0);
        for f in 0..mesh.num_fields()? {
            match (mesh.field(f)?, fe_components.as_mut()) {
                (Some(fe), Some(total)) => *total += fe.num_components()?,
                _ => fe_components = None,
            }
        }
        if mesh.num_fields()? > 0 {
            if let Some(total) = fe_components {
                if total != dof {
                    return Err(Error::size_mismatch(
                        CTX,
                        format!(
                            "the mesh's fields have {total} components; the context \
                             interpolates {dof}"
                        ),
                    ));
                }
                return Ok(());
            }
        }
        let vertices = mesh.depth_stratum(0)?;
        for &c in cells {
            let nv = mesh
                .closure(c)?
                .iter()
                .filter(|q| vertices.contains(q))
                .count() as Int;
            let size = mesh.closure_dof(None, c)?;
            if size != nv * dof && size != dof {
                return Err(Error::size_mismatch(
                    CTX,
                    format!(
                        "cell {c} holds {size} values on its closure; with {nv} vertices and \
                         {dof} components the interpolation reads {} (or {dof} per cell)",
                        nv * dof
                    ),
                ));
            }
        }
        Ok(())
    }
}

impl Drop for DmInterpolation {
    fn drop(&mut self) {
        if !self.ptr.is_null() {
            // SAFETY: the handle owns the context; no vector it lent is alive (they
            // borrow the handle).
            record_destroy(unsafe { sys::DMInterpolationDestroy(&mut self.ptr) });
        }
    }
}

impl std::fmt::Debug for DmInterpolation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DmInterpolation")
            .field("dim", &self.dim().unwrap_or(-1))
            .field("dof", &self.dof().unwrap_or(0))
            .field("set_up", &self.mesh.is_some())
            .field("local_count", &self.local_count())
            .finish()
    }
}

/// The vector of interpolated values a [`DmInterpolation`] lends
/// ([`DmInterpolation::vector`]), given back (`DMInterpolationRestoreVector`) when
/// dropped; it borrows the context, so it cannot outlive it, and dereferences to a
/// [`Vector`].
#[doc(alias = "DMInterpolationGetVector")]
pub struct InterpolationVec<'a> {
    ctx: sys::DMInterpolationInfo,
    raw: sys::Vec,
    restored: bool,
    // Holds its own reference to `raw`, released after the restore.
    vec: Vector,
    _ctx: PhantomData<&'a DmInterpolation>,
}

impl InterpolationVec<'_> {
    fn finish(&mut self) -> sys::PetscErrorCode {
        if self.restored {
            return 0;
        }
        self.restored = true;
        let mut v = self.raw;
        // SAFETY: the context (borrowed for the guard's life) made `raw`; the guard's own
        // reference is released after.
        unsafe { sys::DMInterpolationRestoreVector(self.ctx, &mut v) }
    }

    /// Gives the vector back, as dropping the guard does, but with the `Err` of a
    /// failure.
    #[doc(alias = "DMInterpolationRestoreVector")]
    pub fn restore(mut self) -> Result<()> {
        check(self.finish())
    }
}

impl std::ops::Deref for InterpolationVec<'_> {
    type Target = Vector;
    fn deref(&self) -> &Vector {
        &self.vec
    }
}

impl std::ops::DerefMut for InterpolationVec<'_> {
    fn deref_mut(&mut self) -> &mut Vector {
        &mut self.vec
    }
}

impl Drop for InterpolationVec<'_> {
    fn drop(&mut self) {
        record_destroy(self.finish());
    }
}

impl std::fmt::Debug for InterpolationVec<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("InterpolationVec").field(&self.vec).finish()
    }
}
