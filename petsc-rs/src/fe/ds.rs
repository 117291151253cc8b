//! The discrete system (`PetscDS`): the fields of a problem, their discretizations,
//! the pointwise functions of its equations, its constants and exact solutions.

use std::ffi::CString;
use std::os::raw::c_char;

use petsc_sys as sys;

use super::pointwise::{QuadPoint, jacobian_fn, residual_fn};
use super::{Fe, PointValueFn, Quadrature, point_value_exact, point_value_exact_t};
use crate::callback::{CallbackKind, attach_keyed};
use crate::comm::Comm;
use crate::error::{Error, Result, check};
use crate::object::{owned, petsc_handle, type_enum};
use crate::scalar::{Int, Scalar};

petsc_handle!(
    /// A discrete system (`PetscDS`): the fields of a problem with their
    /// discretizations ([`Fe`]), the pointwise functions of its residual and
    /// Jacobian, its constants and exact solutions. A mesh's own is
    /// [`Plex::ds`](crate::Plex::ds); see [`pointwise`](crate::fe::pointwise) for the
    /// functions.
    ///
    /// ```
    /// use petsc::{CellKind, DiscreteSystem, Fe};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut ds = DiscreteSystem::new(&c)?;
    /// ds.set_coordinate_dimension(2)?; // a mesh's system has it from the mesh
    /// let velocity = Fe::builder(&c, 2, 2).cell(CellKind::Simplex).degree(2).build()?;
    /// let pressure = Fe::builder(&c, 2, 1).cell(CellKind::Simplex).degree(1).build()?;
    /// ds.set_discretization(0, &velocity)?;
    /// ds.set_discretization(1, &pressure)?;
    /// assert_eq!(ds.num_fields()?, 2);
    /// assert_eq!(ds.components()?, vec![2, 1]);
    /// assert_eq!(ds.dimensions()?, vec![12, 3]); // P2 vectors and P1 on a triangle
    /// assert_eq!(ds.total_dimension()?, 15);
    /// assert_eq!(ds.field_index(&pressure)?, 1);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscDS")]
    #[doc(alias = "Ds")]
    DiscreteSystem,
    sys::PetscDS,
    sys::PetscDSDestroy
);

type_enum!(
#[doc(alias = "PetscDSType")]
#[doc(alias = "DsType")]
/// Implementations of [`DiscreteSystem`] (`PetscDSType`).
///
/// ```
/// assert_eq!(petsc::DiscreteSystemType::Basic.as_str(), "basic");
/// ```
DiscreteSystemType {
    Basic = "basic" "The only one.",
});

/// `PetscObjectSetOptionsPrefix` for a discrete system.
unsafe fn set_prefix(ds: sys::PetscDS, p: *const c_char) -> sys::PetscErrorCode {
    // SAFETY: the caller passes a live system and a NUL-terminated string.
    unsafe { sys::PetscObjectSetOptionsPrefix(ds as sys::PetscObject, p) }
}

/// `PetscObjectAppendOptionsPrefix` for a discrete system.
unsafe fn append_prefix(ds: sys::PetscDS, p: *const c_char) -> sys::PetscErrorCode {
    // SAFETY: as in `set_prefix`.
    unsafe { sys::PetscObjectAppendOptionsPrefix(ds as sys::PetscObject, p) }
}

/// `PetscObjectGetOptionsPrefix` for a discrete system.
unsafe fn get_prefix(ds: sys::PetscDS, p: *mut *const c_char) -> sys::PetscErrorCode {
    // SAFETY: the caller passes a live system and a place for the pointer.
    unsafe { sys::PetscObjectGetOptionsPrefix(ds as sys::PetscObject, p) }
}

crate::class_methods! {
    DiscreteSystem: DiscreteSystemType, "PetscDS", sys::PetscDSList,
    example = "let mut obj = petsc::DiscreteSystem::new(&petsc.self_comm())?;",
    a_type = "basic",
    inner = "",
    set_type = sys::PetscDSSetType as "PetscDSSetType",
    set_options_prefix = set_prefix as "PetscObjectSetOptionsPrefix",
    append_options_prefix = append_prefix as "PetscObjectAppendOptionsPrefix",
    options_prefix = get_prefix as "PetscObjectGetOptionsPrefix",
    set_from_options = sys::PetscDSSetFromOptions as "PetscDSSetFromOptions",
}

impl DiscreteSystem {
    /// An empty system on `comm` (`PetscDSCreate`); meshes make their own
    /// ([`Plex::create_ds`](crate::Plex::create_ds)).
    #[doc(alias = "PetscDSCreate")]
    pub fn new(comm: &Comm) -> Result<DiscreteSystem> {
        let mut ds: sys::PetscDS = std::ptr::null_mut();
        // SAFETY: live communicator; PETSc writes the new object.
        check(unsafe { sys::PetscDSCreate(comm.as_raw(), &mut ds) })?;
        Ok(DiscreteSystem::from_raw(comm.petsc(), ds))
    }

    crate::methods![for DiscreteSystem;
        /// Sets the system up (`PetscDSSetUp`): offsets, tabulations and work arrays from
        /// the discretizations; the getters of sizes below do it when needed.
        pub fn set_up(&mut self) = PetscDSSetUp as "PetscDSSetUp";

        /// The number of fields (`PetscDSGetNumFields`).
        pub fn num_fields(&self) -> Int = PetscDSGetNumFields as "PetscDSGetNumFields";

        /// The dimension of the cells (`PetscDSGetSpatialDimension`), from the first
        /// field's discretization; 0 without fields.
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let c = petsc.self_comm();
        /// let mut ds = petsc::DiscreteSystem::new(&c)?;
        /// ds.set_discretization(0, &petsc::Fe::builder(&c, 3, 1).cell(petsc::CellKind::Simplex).degree(1).build()?)?;
        /// assert_eq!(ds.spatial_dimension()?, 3);
        /// assert!(ds.coordinate_dimension().is_err()); // set from a mesh, or by hand:
        /// ds.set_coordinate_dimension(4)?;
        /// assert_eq!(ds.coordinate_dimension()?, 4);
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn spatial_dimension(&self) -> Int
            = PetscDSGetSpatialDimension as "PetscDSGetSpatialDimension";

        /// The dimension of the space the cells sit in (`PetscDSGetCoordinateDimension`); an
        /// `Err` for a system made by [`new`](Self::new) until it is set. A system must have
        /// it to be set up (the getters of sizes set it up).
        pub fn coordinate_dimension(&self) -> Int
            = PetscDSGetCoordinateDimension as "PetscDSGetCoordinateDimension";
    ];

    /// Sets the dimension of the space the cells sit in
    /// (`PetscDSSetCoordinateDimension`); it must be positive.
    #[doc(alias = "PetscDSSetCoordinateDimension")]
    pub fn set_coordinate_dimension(&mut self, dim: Int) -> Result<()> {
        if dim < 1 {
            return Err(Error::out_of_range(
                "DiscreteSystem::set_coordinate_dimension",
                format!("dimension {dim} is not positive"),
            ));
        }
        // SAFETY: live system; a positive dimension.
        check(unsafe { sys::PetscDSSetCoordinateDimension(self.ptr, dim) })
    }

    crate::methods![for DiscreteSystem;
        /// The number of unknowns of all fields on a cell (`PetscDSGetTotalDimension`).
        pub fn total_dimension(&self) -> Int
            = PetscDSGetTotalDimension as "PetscDSGetTotalDimension";

        /// The number of components of all fields (`PetscDSGetTotalComponents`).
        pub fn total_components(&self) -> Int
            = PetscDSGetTotalComponents as "PetscDSGetTotalComponents";
    ];

    /// Copies PETSc's per-field array `get` writes (one entry per field).
    fn per_field(
        &self,
        get: unsafe extern "C" fn(sys::PetscDS, *mut *mut Int) -> sys::PetscErrorCode,
    ) -> Result<Vec<Int>> {
        let nf = usize::try_from(self.num_fields()?).unwrap_or(0);
        let mut p: *mut Int = std::ptr::null_mut();
        // SAFETY: live system; PETSc sets it up and lends an array of `nf` entries.
        check(unsafe { get(self.ptr, &mut p) })?;
        if p.is_null() || nf == 0 {
            return Ok(Vec::new());
        }
        // SAFETY: PETSc's array of one entry per field, copied at once.
        Ok(unsafe { std::slice::from_raw_parts(p, nf) }.to_vec())
    }

    /// The number of unknowns of each field on a cell (`PetscDSGetDimensions`).
    #[doc(alias = "PetscDSGetDimensions")]
    pub fn dimensions(&self) -> Result<Vec<Int>> {
        self.per_field(sys::PetscDSGetDimensions)
    }

    /// The number of components of each field (`PetscDSGetComponents`).
    #[doc(alias = "PetscDSGetComponents")]
    pub fn components(&self) -> Result<Vec<Int>> {
        self.per_field(sys::PetscDSGetComponents)
    }

    /// `Err` unless `field` is one of the system's fields.
    fn check_field(&self, ctx: &str, field: Int) -> Result<()> {
        let n = self.num_fields()?;
        if (0..n).contains(&field) {
            Ok(())
        } else {
            Err(Error::out_of_range(
                ctx,
                format!("field {field} does not exist (the system has {n} fields)"),
            ))
        }
    }

    /// Where field `field`'s unknowns start among a cell's (`PetscDSGetFieldOffset`).
    #[doc(alias = "PetscDSGetFieldOffset")]
    pub fn field_offset(&self, field: Int) -> Result<Int> {
        self.check_field("DiscreteSystem::field_offset", field)?;
        let mut n: Int = 0;
        // SAFETY: live system; an existing field.
        check(unsafe { sys::PetscDSGetFieldOffset(self.ptr, field, &mut n) })?;
        Ok(n)
    }

    /// The number of unknowns of field `field` on a cell (`PetscDSGetFieldSize`).
    #[doc(alias = "PetscDSGetFieldSize")]
    pub fn field_size(&self, field: Int) -> Result<Int> {
        self.check_field("DiscreteSystem::field_size", field)?;
        let mut n: Int = 0;
        // SAFETY: live system; an existing field.
        check(unsafe { sys::PetscDSGetFieldSize(self.ptr, field, &mut n) })?;
        Ok(n)
    }

    /// The field `fe` discretizes (`PetscDSGetFieldIndex`); an `Err` when it
    /// discretizes none.
    #[doc(alias = "PetscDSGetFieldIndex")]
    pub fn field_index(&self, fe: &Fe) -> Result<Int> {
        let mut f: Int = -1;
        // SAFETY: live system and element.
        check(unsafe { sys::PetscDSGetFieldIndex(self.ptr, fe.ptr as sys::PetscObject, &mut f) })?;
        Ok(f)
    }

    /// Discretizes field `field` with `fe` (`PetscDSSetDiscretization`), adding fields
    /// up to it; the system takes its own reference.
    #[doc(alias = "PetscDSSetDiscretization")]
    pub fn set_discretization(&mut self, field: Int, fe: &Fe) -> Result<()> {
        if field < 0 {
            return Err(Error::out_of_range(
                "DiscreteSystem::set_discretization",
                format!("field {field} is negative"),
            ));
        }
        // SAFETY: live system and element; PETSc takes a reference.
        check(unsafe { sys::PetscDSSetDiscretization(self.ptr, field, fe.ptr as sys::PetscObject) })
    }

    /// Adds a field discretized with `fe` (`PetscDSAddDiscretization`).
    #[doc(alias = "PetscDSAddDiscretization")]
    pub fn add_discretization(&mut self, fe: &Fe) -> Result<()> {
        let fe = fe.kept_raw("DiscreteSystem::add_discretization")?;
        // SAFETY: live system and element; PETSc takes a reference.
        check(unsafe { sys::PetscDSAddDiscretization(self.ptr, fe as sys::PetscObject) })
    }

    /// The finite element of field `field` (`PetscDSGetDiscretization`), as a handle
    /// holding its own reference; `None` when the field has none or is discretized by
    /// something else (a finite volume).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut ds = petsc::DiscreteSystem::new(&c)?;
    /// ds.add_discretization(&petsc::Fe::builder(&c, 2, 3).degree(1).build()?)?;
    /// assert_eq!(ds.discretization(0)?.unwrap().num_components()?, 3);
    /// assert!(ds.discretization(1).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscDSGetDiscretization")]
    pub fn discretization(&self, field: Int) -> Result<Option<Fe>> {
        self.check_field("DiscreteSystem::discretization", field)?;
        let mut obj: sys::PetscObject = std::ptr::null_mut();
        // SAFETY: live system; an existing field; PETSc lends the object or null.
        check(unsafe { sys::PetscDSGetDiscretization(self.ptr, field, &mut obj) })?;
        if obj.is_null() {
            return Ok(None);
        }
        let mut name: *const c_char = std::ptr::null();
        // SAFETY: a live object; PETSc returns its own string.
        check(unsafe { sys::PetscObjectGetClassName(obj, &mut name) })?;
        // SAFETY: PETSc's own string or null.
        if unsafe { owned(name) } != "PetscFE" {
            return Ok(None);
        }
        // SAFETY: a live PetscFE lent by the system; the handle takes a reference.
        unsafe { Fe::from_raw_borrowed(&self.petsc, obj as sys::PetscFE) }.map(Some)
    }

    /// The quadrature of the first field, which every field integrates with
    /// (`PetscDSGetQuadrature`).
    #[doc(alias = "PetscDSGetQuadrature")]
    pub fn quadrature(&self) -> Result<Quadrature> {
        self.check_field("DiscreteSystem::quadrature", 0)?;
        let mut q: sys::PetscQuadrature = std::ptr::null_mut();
        // SAFETY: live system with a field; PETSc lends the rule.
        check(unsafe { sys::PetscDSGetQuadrature(self.ptr, &mut q) })?;
        if q.is_null() {
            return Err(Error::invalid(
                "DiscreteSystem::quadrature",
                "the first field has no quadrature",
            ));
        }
        // SAFETY: a live rule; the handle takes a reference.
        unsafe { Quadrature::from_raw_borrowed(&self.petsc, q) }
    }

    /// Sets the residual of field `FIELD`, `∫ f0 v + f1 · ∇v`, by its pointwise
    /// functions (`PetscDSSetResidual`); [`no_term`](crate::no_term) for a zero term.
    /// Each function must capture nothing; see [`pointwise`](crate::fe::pointwise) for
    /// what they get and what a panic does. A field the system does not have is an
    /// `Err`.
    ///
    /// ```
    /// use petsc::{QuadPoint, Scalar};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut ds = petsc::DiscreteSystem::new(&c)?;
    /// ds.add_discretization(&petsc::Fe::builder(&c, 2, 1).cell(petsc::CellKind::Simplex).degree(1).build()?)?;
    /// // -Δu = 1: f0 = -1, f1 = ∇u.
    /// ds.set_residual::<0>(
    ///     |_: &QuadPoint, f0: &mut [Scalar]| f0[0] = Scalar::from(-1.0),
    ///     |q: &QuadPoint, f1: &mut [Scalar]| f1.copy_from_slice(q.u_x(0)),
    /// )?;
    /// let e = ds.set_residual::<2>(petsc::no_term, petsc::no_term).unwrap_err();
    /// assert!(e.to_string().contains("field 2 does not exist"), "{e}");
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscDSSetResidual")]
    pub fn set_residual<const FIELD: usize>(
        &mut self,
        f0: impl Fn(&QuadPoint<'_>, &mut [Scalar]) + Copy + 'static,
        f1: impl Fn(&QuadPoint<'_>, &mut [Scalar]) + Copy + 'static,
    ) -> Result<()> {
        let f = field_arg("DiscreteSystem::set_residual", FIELD)?;
        self.check_field("DiscreteSystem::set_residual", f)?;
        let (p0, p1) = (
            residual_fn::<_, FIELD, 0>(f0),
            residual_fn::<_, FIELD, 1>(f1),
        );
        // SAFETY: live system; an existing field; the trampolines follow PETSc's
        // `PetscPointFunc` contract.
        check(unsafe { sys::PetscDSSetResidual(self.ptr, f, p0, p1) })
    }

    /// Sets the Jacobian block of fields `(FI, FJ)` (the derivative of field `FI`'s
    /// residual by field `FJ`) by its pointwise functions `g0` (by `u`, times `v`),
    /// `g1` (by `∇u`, times `v`), `g2` (by `u`, times `∇v`) and `g3` (by `∇u`, times
    /// `∇v`) (`PetscDSSetJacobian`); [`no_term`](crate::no_term) for a zero term. A
    /// field the system does not have is an `Err`.
    ///
    /// ```
    /// use petsc::{no_term, QuadPoint, Scalar};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut ds = petsc::DiscreteSystem::new(&c)?;
    /// ds.add_discretization(&petsc::Fe::builder(&c, 2, 1).cell(petsc::CellKind::Simplex).degree(1).build()?)?;
    /// ds.set_jacobian::<0, 0>(no_term, no_term, no_term, |q: &QuadPoint, g3: &mut [Scalar]| {
    ///     for d in 0..q.dim() {
    ///         g3[d * q.dim() + d] = Scalar::from(1.0);
    ///     }
    /// })?;
    /// assert!(ds.has_jacobian()?);
    /// assert!(ds.set_jacobian::<0, 1>(no_term, no_term, no_term, no_term).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscDSSetJacobian")]
    pub fn set_jacobian<const FI: usize, const FJ: usize>(
        &mut self,
        g0: impl Fn(&QuadPoint<'_>, &mut [Scalar]) + Copy + 'static,
        g1: impl Fn(&QuadPoint<'_>, &mut [Scalar]) + Copy + 'static,
        g2: impl Fn(&QuadPoint<'_>, &mut [Scalar]) + Copy + 'static,
        g3: impl Fn(&QuadPoint<'_>, &mut [Scalar]) + Copy + 'static,
    ) -> Result<()> {
        const CTX: &str = "DiscreteSystem::set_jacobian";
        let (fi, fj) = (field_arg(CTX, FI)?, field_arg(CTX, FJ)?);
        self.check_field(CTX, fi)?;
        self.check_field(CTX, fj)?;
        let p = (
            jacobian_fn::<_, FI, FJ, 0>(g0),
            jacobian_fn::<_, FI, FJ, 1>(g1),
            jacobian_fn::<_, FI, FJ, 2>(g2),
            jacobian_fn::<_, FI, FJ, 3>(g3),
        );
        // SAFETY: live system; existing fields; the trampolines follow PETSc's
        // `PetscPointJac` contract.
        check(unsafe { sys::PetscDSSetJacobian(self.ptr, fi, fj, p.0, p.1, p.2, p.3) })
    }

    /// [`set_jacobian`](Self::set_jacobian) for the matrix the preconditioner is built
    /// from, when it differs from the Jacobian (`PetscDSSetJacobianPreconditioner`).
    #[doc(alias = "PetscDSSetJacobianPreconditioner")]
    pub fn set_jacobian_preconditioner<const FI: usize, const FJ: usize>(
        &mut self,
        g0: impl Fn(&QuadPoint<'_>, &mut [Scalar]) + Copy + 'static,
        g1: impl Fn(&QuadPoint<'_>, &mut [Scalar]) + Copy + 'static,
        g2: impl Fn(&QuadPoint<'_>, &mut [Scalar]) + Copy + 'static,
        g3: impl Fn(&QuadPoint<'_>, &mut [Scalar]) + Copy + 'static,
    ) -> Result<()> {
        const CTX: &str = "DiscreteSystem::set_jacobian_preconditioner";
        let (fi, fj) = (field_arg(CTX, FI)?, field_arg(CTX, FJ)?);
        self.check_field(CTX, fi)?;
        self.check_field(CTX, fj)?;
        let p = (
            jacobian_fn::<_, FI, FJ, 0>(g0),
            jacobian_fn::<_, FI, FJ, 1>(g1),
            jacobian_fn::<_, FI, FJ, 2>(g2),
            jacobian_fn::<_, FI, FJ, 3>(g3),
        );
        // SAFETY: as in `set_jacobian`.
        check(unsafe {
            sys::PetscDSSetJacobianPreconditioner(self.ptr, fi, fj, p.0, p.1, p.2, p.3)
        })
    }

    crate::methods![for DiscreteSystem;
        /// Whether any Jacobian function is set (`PetscDSHasJacobian`).
        pub fn has_jacobian(&self) -> bool = PetscDSHasJacobian as "PetscDSHasJacobian";
    ];

    /// Sets the constants every pointwise function reads
    /// ([`QuadPoint::constants`](crate::QuadPoint::constants)) (`PetscDSSetConstants`);
    /// PETSc copies them.
    ///
    /// ```
    /// use petsc::Scalar;
    /// let petsc = petsc::Petsc::init()?;
    /// let mut ds = petsc::DiscreteSystem::new(&petsc.self_comm())?;
    /// assert!(ds.constants()?.is_empty());
    /// ds.set_constants(&[Scalar::from(1.5), Scalar::from(-2.0)])?;
    /// assert_eq!(ds.constants()?, vec![Scalar::from(1.5), Scalar::from(-2.0)]);
    /// ds.set_constants(&[])?;
    /// assert!(ds.constants()?.is_empty());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscDSSetConstants")]
    pub fn set_constants(&mut self, constants: &[Scalar]) -> Result<()> {
        let n = crate::error::int_len(
            "DiscreteSystem::set_constants",
            "constants",
            constants.len(),
        )?;
        // PETSc copies the values and never writes through the pointer.
        let p = if constants.is_empty() {
            std::ptr::null_mut()
        } else {
            constants.as_ptr().cast_mut()
        };
        // SAFETY: live system; `n` values at `p`, only read.
        check(unsafe { sys::PetscDSSetConstants(self.ptr, n, p) })
    }

    /// The constants, copied (`PetscDSGetConstants`).
    #[doc(alias = "PetscDSGetConstants")]
    pub fn constants(&self) -> Result<Vec<Scalar>> {
        let mut n: Int = 0;
        let mut p: *const Scalar = std::ptr::null();
        // SAFETY: live system; PETSc lends its array.
        check(unsafe { sys::PetscDSGetConstants(self.ptr, &mut n, &mut p) })?;
        let n = usize::try_from(n).unwrap_or(0);
        if p.is_null() || n == 0 {
            return Ok(Vec::new());
        }
        // SAFETY: PETSc's `n` constants, copied at once.
        Ok(unsafe { std::slice::from_raw_parts(p, n) }.to_vec())
    }

    /// Sets the exact solution of field `field`, a closure of the dimension, the time
    /// and a point's coordinates that writes the field's components
    /// (`PetscDSSetExactSolution`); PETSc uses it to check solvers
    /// (`-snes_convergence_estimate`, `DMComputeExactSolution`). The closure is kept
    /// with this system and dropped with it or when replaced.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut ds = petsc::DiscreteSystem::new(&c)?;
    /// ds.add_discretization(&petsc::Fe::builder(&c, 2, 1).cell(petsc::CellKind::Simplex).degree(1).build()?)?;
    /// ds.set_exact_solution(0, |_, _, x, u| {
    ///     u[0] = petsc::Scalar::from(x[0] + x[1]);
    ///     Ok(())
    /// })?;
    /// assert!(ds.set_exact_solution(1, |_, _, _, _| Ok(())).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscDSSetExactSolution")]
    pub fn set_exact_solution<F>(&mut self, field: Int, f: F) -> Result<()>
    where
        F: FnMut(usize, crate::scalar::Real, &[crate::scalar::Real], &mut [Scalar]) -> Result<()>
            + 'static,
    {
        let ctx = self.keep_exact(
            "DiscreteSystem::set_exact_solution",
            CallbackKind::DsExactSolution,
            field,
            Box::new(f),
        )?;
        // SAFETY: live system; an existing field; the trampoline finds the closure
        // through `ctx`, kept alive with the system.
        check(unsafe {
            sys::PetscDSSetExactSolution(self.ptr, field, Some(point_value_exact), ctx)
        })
    }

    /// Sets the time derivative of the exact solution of field `field`, a closure like
    /// [`set_exact_solution`](Self::set_exact_solution)'s that writes `∂u/∂t`
    /// (`PetscDSSetExactSolutionTimeDerivative`). Time-dependent checks use it
    /// ([`Ts::check_from_options`](crate::Ts::check_from_options),
    /// [`Plex::compute_exact_solution`](crate::Plex::compute_exact_solution) with a
    /// time derivative). The closure is kept with this system.
    ///
    /// ```
    /// use petsc::{DmBase, Fe, Plex, Scalar};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut mesh = Plex::box_mesh(&c).sizes([2, 2]).build()?;
    /// mesh.add_field(None, &Fe::builder(&c, 2, 1).degree(1).build()?)?;
    /// mesh.create_ds()?;
    /// let mut ds = mesh.ds()?;
    /// // u = t x: u_t = x.
    /// ds.set_exact_solution(0, |_, t, x, u| { u[0] = Scalar::from(t * x[0]); Ok(()) })?;
    /// ds.set_exact_solution_time_derivative(0, |_, _, x, u| { u[0] = Scalar::from(x[0]); Ok(()) })?;
    /// let (mut u, mut u_t) = (mesh.create_global_vector()?, mesh.create_global_vector()?);
    /// mesh.compute_exact_solution(2.0, &mut u, Some(&mut u_t))?;
    /// assert!((u.sum()? - Scalar::from(2.0 * 4.5)).abs() < 1e-12); // x = 0, 0.5, 1 thrice
    /// assert!((u_t.sum()? - Scalar::from(4.5)).abs() < 1e-12);
    /// assert!(ds.set_exact_solution_time_derivative(1, |_, _, _, _| Ok(())).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscDSSetExactSolutionTimeDerivative")]
    pub fn set_exact_solution_time_derivative<F>(&mut self, field: Int, f: F) -> Result<()>
    where
        F: FnMut(usize, crate::scalar::Real, &[crate::scalar::Real], &mut [Scalar]) -> Result<()>
            + 'static,
    {
        let ctx = self.keep_exact(
            "DiscreteSystem::set_exact_solution_time_derivative",
            CallbackKind::DsExactSolutionTimeDerivative,
            field,
            Box::new(f),
        )?;
        // SAFETY: live system; an existing field; the trampoline finds the closure
        // through `ctx`, kept alive with the system.
        check(unsafe {
            sys::PetscDSSetExactSolutionTimeDerivative(
                self.ptr,
                field,
                Some(point_value_exact_t),
                ctx,
            )
        })
    }

    /// Keeps `f` with this system under `kind` for field `field` (one key per field,
    /// replacing the closure there) and returns the context to give PETSc.
    fn keep_exact(
        &mut self,
        ctx: &str,
        kind: CallbackKind,
        field: Int,
        f: Box<PointValueFn>,
    ) -> Result<*mut std::os::raw::c_void> {
        self.check_field(ctx, field)?;
        let key = CString::new(format!("petsc-rs:{kind:?}:{field}"))
            .map_err(|_| Error::invalid(ctx, "key with a NUL"))?;
        // SAFETY: live system; the key holds only closures of this kind.
        unsafe { attach_keyed(&self.petsc, self.ptr as sys::PetscObject, kind, &key, f) }
    }

    crate::methods![for DiscreteSystem;
        /// The number of boundary conditions (`PetscDSGetNumBoundary`).
        pub fn num_boundary(&self) -> Int = PetscDSGetNumBoundary as "PetscDSGetNumBoundary";
    ];
}

/// A const field argument as PETSc's integer.
fn field_arg(ctx: &str, field: usize) -> Result<Int> {
    Int::try_from(field).map_err(|_| {
        Error::out_of_range(ctx, format!("field {field} does not fit PETSc's integers"))
    })
}
