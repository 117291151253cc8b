//! Finite elements on a [`Plex`]: fields, the discrete system, essential boundary
//! conditions, the FEM residual and Jacobian of a nonlinear solver, projections and
//! error norms.

use std::ffi::CString;

use petsc_sys as sys;

use super::{
    BoundaryFn, DiscreteSystem, DmDiscretization, Fe, PointValueFn, point_value_boundary,
    point_value_boundary_t, point_value_field,
};
use crate::callback::{CallbackKind, Registration, attach_keyed, register};
use crate::dm::{DmBase, DmLabel, Plex};
use crate::error::{Error, Result, c_string, check};
use crate::scalar::{Int, Real, Scalar};
use crate::vec::{InsertMode, Vector};

/// The C function pointers and contexts of `funcs` for `DMProjectFunction` and
/// `DMComputeL2Diff`, with the registrations that keep the closures until the call
/// returns.
type FieldFunctions = (
    Vec<Registration>,
    Vec<
        Option<
            unsafe extern "C" fn(
                Int,
                Real,
                *const Real,
                Int,
                *mut Scalar,
                *mut std::os::raw::c_void,
            ) -> sys::PetscErrorCode,
        >,
    >,
    Vec<*mut std::os::raw::c_void>,
);

impl Plex {
    /// Adds a field discretized by `fe` on the whole mesh (`label = None`) or on the
    /// points `label` marks (`DMAddField`); the mesh takes its own reference. Call
    /// [`create_ds`](Self::create_ds) after the fields are added. The same as
    /// [`DmDiscretization::add_field`], which every DM has.
    ///
    /// ```
    /// use petsc::{DmBase, Fe, Plex};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut mesh = Plex::box_mesh(&c).sizes([2, 2]).build()?;
    /// mesh.add_field(None, &Fe::builder(&c, 2, 1).degree(1).build()?)?;
    /// assert_eq!(mesh.num_fields()?, 1);
    /// mesh.create_ds()?;
    /// assert_eq!(mesh.ds()?.total_dimension()?, 4);
    /// assert_eq!(mesh.create_global_vector()?.size()?, 9); // one unknown per vertex
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMAddField")]
    pub fn add_field(&mut self, label: Option<&DmLabel>, fe: &Fe) -> Result<()> {
        DmDiscretization::add_field(self, label, fe)
    }

    /// Discretizes field `field` with `fe` on the points `label` marks (`None`: the
    /// whole mesh) (`DMSetField`), adding fields up to it; as
    /// [`DmDiscretization::set_field`].
    #[doc(alias = "DMSetField")]
    pub fn set_field(&mut self, field: Int, label: Option<&DmLabel>, fe: &Fe) -> Result<()> {
        DmDiscretization::set_field(self, field, label, fe)
    }

    /// The finite element of field `field` (`DMGetField`), as a handle holding its own
    /// reference; `None` when it is discretized by something else; as
    /// [`DmDiscretization::field`].
    #[doc(alias = "DMGetField")]
    pub fn field(&self, field: Int) -> Result<Option<Fe>> {
        DmDiscretization::field(self, field)
    }

    /// `Err` unless `field` is one of the mesh's fields.
    fn check_fem_field(&self, ctx: &str, field: Int) -> Result<()> {
        let n = self.num_fields()?;
        if (0..n).contains(&field) {
            Ok(())
        } else {
            Err(Error::out_of_range(
                ctx,
                format!("field {field} does not exist (the mesh has {n} fields)"),
            ))
        }
    }

    crate::methods![for Plex;
        /// Makes the discrete system of the mesh's fields (`DMCreateDS`); as
        /// [`DmDiscretization::create_ds`].
        pub fn create_ds(&mut self) = DMCreateDS as "DMCreateDS";
    ];

    /// The mesh's discrete system (`DMGetDS`), as a handle holding its own reference:
    /// pointwise functions and constants set through it are the mesh's; as
    /// [`DmDiscretization::ds`].
    #[doc(alias = "DMGetDS")]
    pub fn ds(&self) -> Result<DiscreteSystem> {
        DmDiscretization::ds(self)
    }

    /// Gives `to` this mesh's fields and discrete system (`DMCopyDisc`), for a mesh
    /// refined or redistributed by hand; as [`DmDiscretization::copy_disc`], which
    /// takes any DM.
    #[doc(alias = "DMCopyDisc")]
    pub fn copy_disc(&self, to: &mut Plex) -> Result<()> {
        DmDiscretization::copy_disc(self, to)
    }

    /// Fixes the values of components `comps` (all if empty) of field `field` on the
    /// points `label` marks with one of `values`, to what `f(dim, t, x, u)` writes into
    /// `u` (`DMAddBoundary` with `DM_BC_ESSENTIAL`); returns the boundary's number.
    /// PETSc completes the label (marks the closure of every marked point). Call it
    /// after [`create_ds`](Self::create_ds) and before vectors are made; the closure is
    /// kept with the mesh's discrete system.
    ///
    /// A field the mesh does not have, a component the field does not have, or no
    /// values are `Err`s; an `Err` or panic in `f` fails the residual evaluation (the
    /// solve) with its message.
    #[doc(alias = "DMAddBoundary")]
    pub fn add_boundary_essential<F>(
        &mut self,
        name: &str,
        label: &DmLabel,
        values: &[Int],
        field: Int,
        comps: &[Int],
        mut f: F,
    ) -> Result<Int>
    where
        F: FnMut(usize, Real, &[Real], &mut [Scalar]) -> Result<()> + 'static,
    {
        let both: Box<BoundaryFn> = Box::new(move |_, d, t, x, u| f(d, t, x, u));
        self.add_essential(
            "Plex::add_boundary_essential",
            (name, label, values, field, comps),
            both,
            false,
        )
    }

    /// [`add_boundary_essential`](Self::add_boundary_essential) with the time
    /// derivative of the boundary values, `f_t(dim, t, x, u_t)` (`DMAddBoundary` with
    /// both functions): a time integrator's residual
    /// ([`set_ts_local_fem`](Self::set_ts_local_fem)) reads `∂u/∂t` on the boundary
    /// from it, so a mass term `∫ u_t v` is right next to the boundary. Both closures
    /// are kept with the mesh's discrete system.
    ///
    /// ```
    /// use petsc::{DmBase, Fe, InsertMode, Plex, Scalar};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut mesh = Plex::box_mesh(&c).sizes([2, 2]).build()?;
    /// mesh.add_field(None, &Fe::builder(&c, 2, 1).degree(1).build()?)?;
    /// mesh.create_ds()?;
    /// let marker = mesh.label("marker")?.unwrap();
    /// // u = 3 t on the boundary: u_t = 3.
    /// mesh.add_boundary_essential_with_time_derivative(
    ///     "wall", &marker, &[1], 0, &[],
    ///     |_, t, _, u| { u[0] = Scalar::from(3.0 * t); Ok(()) },
    ///     |_, _, _, u| { u[0] = Scalar::from(3.0); Ok(()) },
    /// )?;
    /// assert_eq!(mesh.ds()?.num_boundary()?, 1);
    /// assert_eq!(mesh.create_global_vector()?.size()?, 1); // the centre vertex
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMAddBoundary")]
    #[allow(clippy::too_many_arguments)]
    pub fn add_boundary_essential_with_time_derivative<F, G>(
        &mut self,
        name: &str,
        label: &DmLabel,
        values: &[Int],
        field: Int,
        comps: &[Int],
        mut f: F,
        mut f_t: G,
    ) -> Result<Int>
    where
        F: FnMut(usize, Real, &[Real], &mut [Scalar]) -> Result<()> + 'static,
        G: FnMut(usize, Real, &[Real], &mut [Scalar]) -> Result<()> + 'static,
    {
        let both: Box<BoundaryFn> = Box::new(move |deriv, d, t, x, u| {
            if deriv {
                f_t(d, t, x, u)
            } else {
                f(d, t, x, u)
            }
        });
        self.add_essential(
            "Plex::add_boundary_essential_with_time_derivative",
            (name, label, values, field, comps),
            both,
            true,
        )
    }

    /// The one path of the essential boundary conditions: checks the arguments, keeps
    /// `both` with the mesh's system and adds the boundary, with the function of the
    /// time derivative when `with_t`.
    fn add_essential(
        &mut self,
        what: &str,
        (name, label, values, field, comps): (&str, &DmLabel, &[Int], Int, &[Int]),
        both: Box<BoundaryFn>,
        with_t: bool,
    ) -> Result<Int> {
        self.check_fem_field(what, field)?;
        if values.is_empty() {
            return Err(Error::invalid(what, "no label values to mark the boundary"));
        }
        if !comps.is_empty() {
            let nc = match self.field(field)? {
                Some(fe) => fe.num_components()?,
                None => Int::MAX,
            };
            if let Some(c) = comps.iter().find(|&&c| !(0..nc).contains(&c)) {
                return Err(Error::out_of_range(
                    what,
                    format!("component {c} of field {field}, which has {nc} components"),
                ));
            }
        }
        let cname = c_string(what, name)?;
        let nv = crate::error::int_len(what, "values", values.len())?;
        let ncomp = crate::error::int_len(what, "components", comps.len())?;
        let ds = self.ds()?;
        let index = ds.num_boundary()?;
        let key = CString::new(format!("petsc-rs:DmEssentialBoundary:{index}"))
            .map_err(|_| Error::invalid(what, "key with a NUL"))?;
        // SAFETY: live system; the key holds only closures of this kind.
        let ctx = unsafe {
            attach_keyed(
                &self.petsc,
                ds.ptr as sys::PetscObject,
                CallbackKind::DmEssentialBoundary,
                &key,
                both,
            )
        }?;
        type Simple = unsafe extern "C" fn(
            Int,
            Real,
            *const Real,
            Int,
            *mut Scalar,
            *mut std::os::raw::c_void,
        ) -> sys::PetscErrorCode;
        // SAFETY: PETSc stores essential boundary functions as `void (*)(void)` and
        // calls them back as `PetscSimplePointFunc`, the type of the trampoline.
        let bc: unsafe extern "C" fn() =
            unsafe { std::mem::transmute::<Simple, unsafe extern "C" fn()>(point_value_boundary) };
        // SAFETY: as above, for the time derivative (called with the same context).
        let bc_t: unsafe extern "C" fn() = unsafe {
            std::mem::transmute::<Simple, unsafe extern "C" fn()>(point_value_boundary_t)
        };
        let comps_p = if comps.is_empty() {
            std::ptr::null()
        } else {
            comps.as_ptr()
        };
        let mut bd: Int = -1;
        // SAFETY: live mesh and label; `values` and `comps` are read during the call
        // (PETSc copies them); the trampoline finds the closure through `ctx`, kept
        // alive with the mesh's system.
        check(unsafe {
            sys::DMAddBoundary(
                self.ptr,
                sys::DMBoundaryConditionType::DM_BC_ESSENTIAL,
                cname.as_ptr(),
                label.ptr,
                nv,
                values.as_ptr(),
                field,
                ncomp,
                comps_p,
                Some(bc),
                with_t.then_some(bc_t),
                ctx,
                &mut bd,
            )
        })?;
        Ok(bd)
    }

    /// Makes the residual and Jacobian of a nonlinear solver on this mesh the finite
    /// element assembly of its discrete system's pointwise functions, with its
    /// boundary conditions (`DMPlexSetSNESLocalFEM`); give the mesh to the solver with
    /// [`Snes::set_dm`](crate::Snes::set_dm).
    #[doc(alias = "DMPlexSetSNESLocalFEM")]
    pub fn set_snes_local_fem(&mut self) -> Result<()> {
        let null = std::ptr::null_mut();
        #[cfg(not(petsc_3_21))]
        // SAFETY: live mesh; the contexts are unused by PETSc's FEM routines.
        let r = unsafe { sys::DMPlexSetSNESLocalFEM(self.ptr, null, null, null) };
        // Residual and Jacobian only, as before 3.21 (no objective).
        #[cfg(petsc_3_21)]
        // SAFETY: live mesh; the context is unused by PETSc's FEM routines.
        let r = unsafe { sys::DMPlexSetSNESLocalFEM(self.ptr, sys::PETSC_BOOL_FALSE, null) };
        check(r)
    }

    /// Makes the implicit form `F(t, u, u_t) = 0` of a time integrator on this mesh, and
    /// its Jacobian `∂F/∂u + shift ∂F/∂u_t`, the finite element assembly of its
    /// discrete system's pointwise functions (the residual's `f0` reads
    /// [`QuadPoint::u_t`](crate::QuadPoint::u_t), a Jacobian's `g0`
    /// [`QuadPoint::u_t_shift`](crate::QuadPoint::u_t_shift)), with its essential
    /// boundary values (and their time derivatives) inserted at each evaluation
    /// (`DMTSSetBoundaryLocal` with `DMPlexTSComputeBoundary`, `DMTSSetIFunctionLocal`
    /// with `DMPlexTSComputeIFunctionFEM`, `DMTSSetIJacobianLocal` with
    /// `DMPlexTSComputeIJacobianFEM`). Give the mesh to the integrator with
    /// [`Ts::set_dm`](crate::Ts::set_dm); the forms are kept with the mesh, so the
    /// meshes PETSc refines from it (`-ts_convergence_estimate`) have them too.
    ///
    /// ```
    /// use petsc::{no_term, DmBase, ExactFinalTime, Fe, Plex, QuadPoint, Scalar, Ts, TsType};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut mesh = Plex::box_mesh(&c).sizes([2, 2]).build()?;
    /// mesh.add_field(None, &Fe::builder(&c, 2, 1).degree(1).build()?)?;
    /// mesh.create_ds()?;
    /// // u_t = -u + 1 at every point, no boundary: u = 1 - e^{-t} (1 - u0).
    /// let mut ds = mesh.ds()?;
    /// ds.set_residual::<0>(|q: &QuadPoint, f0: &mut [Scalar]| f0[0] = q.u_t(0).unwrap()[0] + q.u(0)[0] - 1.0, no_term)?;
    /// ds.set_jacobian::<0, 0>(|q: &QuadPoint, g0: &mut [Scalar]| g0[0] = Scalar::from(q.u_t_shift() + 1.0), no_term, no_term, no_term)?;
    /// mesh.set_ts_local_fem()?;
    /// let mut ts = Ts::new(&c)?;
    /// ts.set_dm(&mesh)?;
    /// ts.set_type(TsType::Beuler)?;
    /// ts.set_time_step(0.5)?;
    /// ts.set_max_steps(2)?;
    /// ts.set_exact_final_time(ExactFinalTime::Matchstep)?;
    /// let mut u = mesh.create_global_vector()?;
    /// ts.solve(&mut u)?.check()?;
    /// // Backward Euler: 1 - u_n = (1 - u_0) / (1 + dt)^n, the same at every vertex.
    /// let want = 1.0 - 1.0 / 1.5f64.powi(2);
    /// assert!(u.view()?.iter().all(|v| (*v - want).abs() < 1e-12));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMTSSetBoundaryLocal")]
    #[doc(alias = "DMTSSetIFunctionLocal")]
    #[doc(alias = "DMTSSetIJacobianLocal")]
    #[doc(alias = "DMPlexTSComputeBoundary")]
    #[doc(alias = "DMPlexTSComputeIFunctionFEM")]
    #[doc(alias = "DMPlexTSComputeIJacobianFEM")]
    pub fn set_ts_local_fem(&mut self) -> Result<()> {
        let null = std::ptr::null_mut();
        // SAFETY: live mesh; PETSc's own routines, whose context is unused.
        check(unsafe {
            sys::DMTSSetBoundaryLocal(self.ptr, Some(sys::DMPlexTSComputeBoundary), null)
        })?;
        // SAFETY: as above.
        check(unsafe {
            sys::DMTSSetIFunctionLocal(self.ptr, Some(sys::DMPlexTSComputeIFunctionFEM), null)
        })?;
        // SAFETY: as above.
        check(unsafe {
            sys::DMTSSetIJacobianLocal(self.ptr, Some(sys::DMPlexTSComputeIJacobianFEM), null)
        })
    }

    /// Before a collective call that reads `reads` and writes `writes` (named), global
    /// vectors of this mesh: checks on every rank at once that each has the local size
    /// of this mesh's global vectors (which can differ on some ranks only) and can be
    /// read or written.
    fn ready_global_vectors(
        &self,
        what: &str,
        reads: &[(&str, &Vector)],
        writes: &[(&str, &Vector)],
    ) -> Result<()> {
        let local = (|| {
            for &(name, v) in reads.iter().chain(writes) {
                self.check_fe_vector_size(what, name, v, false)?;
            }
            let r: std::vec::Vec<_> = reads.iter().map(|&(_, v)| v).collect();
            let w: std::vec::Vec<_> = writes.iter().map(|&(_, v)| v).collect();
            Vector::accessible(what, &r, &w)
        })();
        crate::object::Object::comm(self).agree(what, local)
    }

    /// `Err` unless `v` has the size of this mesh's global vectors (on this rank) or,
    /// with `local`, of its local vectors.
    fn check_fe_vector_size(&self, what: &str, name: &str, v: &Vector, local: bool) -> Result<()> {
        let no_fields =
            || Error::invalid(what, "the mesh has no fields (add_field, create_ds first)");
        let want = if local {
            self.local_section()?
                .ok_or_else(no_fields)?
                .storage_size()?
        } else {
            self.global_section()?
                .ok_or_else(no_fields)?
                .constrained_storage_size()?
        };
        let n = v.local_size()?;
        if n != want {
            let kind = if local { "local" } else { "global" };
            return Err(Error::size_mismatch(
                what,
                format!("`{name}` has {n} local entries, the mesh's {kind} vectors {want}"),
            ));
        }
        Ok(())
    }

    /// Sets `u` (a global vector of this mesh) to the interpolant of the exact
    /// solutions of its discrete system at time `time`, and `u_t`, if given, to that of
    /// their time derivatives (`DMComputeExactSolution`; see
    /// [`DiscreteSystem::set_exact_solution`](crate::DiscreteSystem::set_exact_solution) and
    /// [`DiscreteSystem::set_exact_solution_time_derivative`](crate::DiscreteSystem::set_exact_solution_time_derivative)).
    /// A vector of another layout is an `Err`; so is a field without an exact
    /// solution (or without its time derivative when `u_t` is given).
    ///
    /// ```
    /// use petsc::{DmBase, Fe, Plex, Scalar};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut mesh = Plex::box_mesh(&c).sizes([2, 2]).build()?;
    /// mesh.add_field(None, &Fe::builder(&c, 2, 1).degree(1).build()?)?;
    /// mesh.create_ds()?;
    /// let mut u = mesh.create_global_vector()?;
    /// assert!(mesh.compute_exact_solution(0.0, &mut u, None).is_err()); // none set
    /// mesh.ds()?.set_exact_solution(0, |_, t, x, u| { u[0] = Scalar::from(t + x[1]); Ok(()) })?;
    /// mesh.compute_exact_solution(1.0, &mut u, None)?;
    /// assert!((u.sum()? - Scalar::from(9.0 + 4.5)).abs() < 1e-12);
    /// let mut u_t = mesh.create_global_vector()?;
    /// assert!(mesh.compute_exact_solution(1.0, &mut u, Some(&mut u_t)).is_err()); // no u_t set
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMComputeExactSolution")]
    pub fn compute_exact_solution(
        &self,
        time: Real,
        u: &mut Vector,
        u_t: Option<&mut Vector>,
    ) -> Result<()> {
        const CTX: &str = "Plex::compute_exact_solution";
        let mut writes = vec![("u", &*u)];
        writes.extend(u_t.as_deref().map(|v| ("u_t", v)));
        self.ready_global_vectors(CTX, &[], &writes)?;
        let ds = self.ds()?;
        let nf = ds.num_fields()?;
        for f in 0..nf {
            let (mut e, mut e_t) = (None, None);
            let mut ctx: *mut std::os::raw::c_void = std::ptr::null_mut();
            // SAFETY: live system; an existing field; PETSc writes the function.
            check(unsafe { sys::PetscDSGetExactSolution(ds.ptr, f, &mut e, &mut ctx) })?;
            if e.is_none() {
                return Err(Error::invalid(
                    CTX,
                    format!("field {f} has no exact solution (DiscreteSystem::set_exact_solution)"),
                ));
            }
            if u_t.is_some() {
                // SAFETY: as above.
                check(unsafe {
                    sys::PetscDSGetExactSolutionTimeDerivative(ds.ptr, f, &mut e_t, &mut ctx)
                })?;
                if e_t.is_none() {
                    return Err(Error::invalid(
                        CTX,
                        format!(
                            "field {f} has no exact time derivative \
                             (DiscreteSystem::set_exact_solution_time_derivative)"
                        ),
                    ));
                }
            }
        }
        let up = u.raw_write(CTX)?;
        let utp = match u_t {
            Some(v) => v.raw_write(CTX)?,
            None => std::ptr::null_mut(),
        };
        if up == utp {
            return Err(Error::invalid(CTX, "`u` and `u_t` are the same vector"));
        }
        // SAFETY: live mesh and vectors of its global layout (checked); the exact
        // solutions' closures live with the mesh's system.
        check(unsafe { sys::DMComputeExactSolution(self.ptr, time, up, utp) })
    }

    /// Registers one closure per field for `DMProjectFunction`/`DMComputeL2Diff`.
    fn field_functions(&self, ctx: &str, funcs: Vec<Box<PointValueFn>>) -> Result<FieldFunctions> {
        let nf = usize::try_from(self.num_fields()?).unwrap_or(0);
        if funcs.len() != nf {
            return Err(Error::size_mismatch(
                ctx,
                format!("{} functions for {nf} fields", funcs.len()),
            ));
        }
        let regs: Vec<Registration> = funcs
            .into_iter()
            .map(|f| register(&self.petsc, CallbackKind::DmFieldFunction, f))
            .collect();
        let ptrs = regs.iter().map(|_| Some(point_value_field as _)).collect();
        let ctxs = regs.iter().map(Registration::context).collect();
        Ok((regs, ptrs, ctxs))
    }

    /// The L2 norm of the difference between the finite element function `x` (a
    /// global vector of this mesh) and the functions `exact`, one per field, at time
    /// `time` (`DMComputeL2Diff`).
    ///
    /// ```
    /// use petsc::{DmBase, Fe, InsertMode, Plex, Scalar};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut mesh = Plex::box_mesh(&c).sizes([3, 3]).build()?;
    /// mesh.add_field(None, &Fe::builder(&c, 2, 1).degree(1).build()?)?;
    /// mesh.create_ds()?;
    /// let mut x = mesh.create_global_vector()?;
    /// // Q1 holds x + 2y exactly.
    /// mesh.project_function(0.0, vec![Box::new(|_, _, p, u| { u[0] = Scalar::from(p[0] + 2.0 * p[1]); Ok(()) })], InsertMode::Insert, &mut x)?;
    /// let e = mesh.compute_l2_diff(0.0, vec![Box::new(|_, _, p, u| { u[0] = Scalar::from(p[0] + 2.0 * p[1]); Ok(()) })], &x)?;
    /// assert!(e < 1e-14);
    /// // ... and the L2 norm of 1 on the unit square is 1.
    /// let one = mesh.compute_l2_diff(0.0, vec![Box::new(|_, _, p, u| { u[0] = Scalar::from(p[0] + 2.0 * p[1] + 1.0); Ok(()) })], &x)?;
    /// assert!((one - 1.0).abs() < 1e-12);
    /// assert!(mesh.compute_l2_diff(0.0, vec![], &x).is_err());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMComputeL2Diff")]
    pub fn compute_l2_diff(
        &self,
        time: Real,
        exact: Vec<Box<PointValueFn>>,
        x: &Vector,
    ) -> Result<Real> {
        const CTX: &str = "Plex::compute_l2_diff";
        let (_regs, mut ptrs, mut ctxs) = self.field_functions(CTX, exact)?;
        self.ready_global_vectors(CTX, &[("x", x)], &[])?;
        let xp = x.raw_read(CTX)?;
        let mut diff: Real = 0.0;
        // SAFETY: live mesh and vector; one function and context per field, alive
        // (with their closures, through `_regs`) for the call.
        check(unsafe {
            sys::DMComputeL2Diff(
                self.ptr,
                time,
                ptrs.as_mut_ptr(),
                ctxs.as_mut_ptr(),
                xp,
                &mut diff,
            )
        })?;
        Ok(diff)
    }

    /// Sets `x` (a global vector of this mesh) to the finite element interpolant of
    /// the functions `funcs`, one per field, at time `time` (`DMProjectFunction`);
    /// `mode` says whether values replace or add to what is there.
    #[doc(alias = "DMProjectFunction")]
    pub fn project_function(
        &self,
        time: Real,
        funcs: Vec<Box<PointValueFn>>,
        mode: InsertMode,
        x: &mut Vector,
    ) -> Result<()> {
        const CTX: &str = "Plex::project_function";
        let (_regs, mut ptrs, mut ctxs) = self.field_functions(CTX, funcs)?;
        self.ready_global_vectors(CTX, &[], &[("x", &*x)])?;
        let xp = x.raw_write(CTX)?;
        // SAFETY: live mesh and vector; one function and context per field, alive
        // (with their closures, through `_regs`) for the call.
        check(unsafe {
            sys::DMProjectFunction(
                self.ptr,
                time,
                ptrs.as_mut_ptr(),
                ctxs.as_mut_ptr(),
                mode.raw(),
                xp,
            )
        })
    }

    /// Puts the boundary values into the local vector `local` of this mesh at time
    /// `time` (`DMPlexInsertBoundaryValues`): the essential ones (the closures of
    /// [`add_boundary_essential`](Self::add_boundary_essential)) with
    /// `insert_essential`, else the others. A global vector leaves out the constrained
    /// values, so a local copy of a solution (from
    /// [`global_to_local`](DmBase::global_to_local)) needs them before it is read point
    /// by point (for output or a plot). A closure's `Err` or panic is returned.
    ///
    /// ```
    /// use petsc::{DmBase, Fe, InsertMode, Plex, Scalar};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut mesh = Plex::box_mesh(&c).sizes([2, 2]).build()?;
    /// mesh.create_label("boundary")?;
    /// let mut label = mesh.label("boundary")?.unwrap();
    /// mesh.mark_boundary_faces(1, &mut label)?;
    /// mesh.add_field(None, &Fe::builder(&c, 2, 1).degree(1).build()?)?;
    /// mesh.create_ds()?;
    /// mesh.add_boundary_essential("wall", &label, &[1], 0, &[], |_, _, x, u| {
    ///     u[0] = Scalar::from(10.0 + x[0]);
    ///     Ok(())
    /// })?;
    /// // Only the centre vertex is free: the global vector has one entry.
    /// let mut g = mesh.create_global_vector()?;
    /// assert_eq!(g.size()?, 1);
    /// g.set(Scalar::from(1.0))?;
    /// let mut l = mesh.create_local_vector()?;
    /// mesh.global_to_local(&g, InsertMode::Insert, &mut l)?;
    /// mesh.insert_boundary_values(true, &mut l, 0.0)?;
    /// // Eight boundary vertices with 10 + x (x = 0, 0.5, 1 three, two, three times).
    /// assert!((l.sum()? - Scalar::from(1.0 + 80.0 + 4.0)).abs() < 1e-12);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMPlexInsertBoundaryValues")]
    pub fn insert_boundary_values(
        &self,
        insert_essential: bool,
        local: &mut Vector,
        time: Real,
    ) -> Result<()> {
        const CTX: &str = "Plex::insert_boundary_values";
        self.check_fe_vector_size(CTX, "local", local, true)?;
        let lp = local.raw_write(CTX)?;
        // SAFETY: live mesh and a local vector of its section; no finite-volume
        // geometry (null vectors are allowed); the boundary closures live with the mesh.
        check(unsafe {
            sys::DMPlexInsertBoundaryValues(
                self.ptr,
                crate::declare::petsc_bool(insert_essential),
                lp,
                time,
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                std::ptr::null_mut(),
            )
        })
    }
}
