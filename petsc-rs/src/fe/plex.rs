//! Finite elements on a [`Plex`]: fields, the discrete system, essential boundary
//! conditions, the FEM residual and Jacobian of a nonlinear solver, projections and
//! error norms.

use std::ffi::CString;

use petsc_sys as sys;

use super::{point_value_boundary, point_value_field, Ds, Fe, PointValueFn};
use crate::callback::{attach_keyed, register, CallbackKind, Registration};
use crate::dm::{DmBase, DmLabel, Plex};
use crate::error::{c_string, check, Error, Result};
use crate::vec::{InsertMode, Vector};
use crate::{Int, Real, Scalar};

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
    /// [`create_ds`](Self::create_ds) after the fields are added.
    ///
    /// ```
    /// use petsc::{DmBase, Fe, Plex};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut mesh = Plex::create_box_mesh(&c, 2, false, Some(&[2, 2]), None, None, None, true)?;
    /// mesh.add_field(None, &Fe::create_lagrange(&c, 2, 1, false, 1, None)?)?;
    /// assert_eq!(mesh.num_fields()?, 1);
    /// mesh.create_ds()?;
    /// assert_eq!(mesh.ds()?.total_dimension()?, 4);
    /// assert_eq!(mesh.create_global_vector()?.size()?, 9); // one unknown per vertex
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMAddField")]
    pub fn add_field(&mut self, label: Option<&DmLabel>, fe: &Fe) -> Result<()> {
        let l = label.map_or(std::ptr::null_mut(), |l| l.ptr);
        // SAFETY: live mesh, label (or null) and element; PETSc takes references.
        check(unsafe { sys::DMAddField(self.ptr, l, fe.ptr as sys::PetscObject) })
    }

    /// Discretizes field `field` with `fe` on the points `label` marks (`None`: the
    /// whole mesh) (`DMSetField`), adding fields up to it.
    #[doc(alias = "DMSetField")]
    pub fn set_field(&mut self, field: Int, label: Option<&DmLabel>, fe: &Fe) -> Result<()> {
        if field < 0 {
            return Err(Error::out_of_range(
                "Plex::set_field",
                format!("field {field} is negative"),
            ));
        }
        let l = label.map_or(std::ptr::null_mut(), |l| l.ptr);
        // SAFETY: live mesh, label (or null) and element; PETSc takes references.
        check(unsafe { sys::DMSetField(self.ptr, field, l, fe.ptr as sys::PetscObject) })
    }

    /// The finite element of field `field` (`DMGetField`), as a handle holding its own
    /// reference; `None` when it is discretized by something else.
    #[doc(alias = "DMGetField")]
    pub fn field(&self, field: Int) -> Result<Option<Fe>> {
        self.check_fem_field("Plex::field", field)?;
        let mut obj: sys::PetscObject = std::ptr::null_mut();
        // SAFETY: live mesh; an existing field; PETSc lends the object.
        check(unsafe { sys::DMGetField(self.ptr, field, std::ptr::null_mut(), &mut obj) })?;
        if obj.is_null() {
            return Ok(None);
        }
        let mut name: *const std::os::raw::c_char = std::ptr::null();
        // SAFETY: a live object; PETSc returns its own string.
        check(unsafe { sys::PetscObjectGetClassName(obj, &mut name) })?;
        // SAFETY: PETSc's own string or null.
        if unsafe { crate::object::owned(name) } != "PetscFE" {
            return Ok(None);
        }
        // SAFETY: a live PetscFE lent by the mesh; the handle takes a reference.
        unsafe { Fe::from_raw_borrowed(&self.petsc, obj as sys::PetscFE) }.map(Some)
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

    /// Makes the discrete system of the mesh's fields (`DMCreateDS`).
    #[doc(alias = "DMCreateDS")]
    pub fn create_ds(&mut self) -> Result<()> {
        // SAFETY: live mesh.
        check(unsafe { sys::DMCreateDS(self.ptr) })
    }

    /// The mesh's discrete system (`DMGetDS`), as a handle holding its own reference:
    /// pointwise functions and constants set through it are the mesh's. An empty one
    /// before [`create_ds`](Self::create_ds).
    #[doc(alias = "DMGetDS")]
    pub fn ds(&self) -> Result<Ds> {
        let mut ds: sys::PetscDS = std::ptr::null_mut();
        // SAFETY: live mesh; PETSc lends its system (making an empty one if none).
        check(unsafe { sys::DMGetDS(self.ptr, &mut ds) })?;
        if ds.is_null() {
            return Err(Error::invalid(
                "Plex::ds",
                "the mesh has no discrete system",
            ));
        }
        // SAFETY: a live system lent by the mesh; the handle takes a reference.
        unsafe { Ds::from_raw_borrowed(&self.petsc, ds) }
    }

    /// Gives `to` this mesh's fields and discrete system (`DMCopyDisc`), for a mesh
    /// refined or redistributed by hand.
    #[doc(alias = "DMCopyDisc")]
    pub fn copy_disc(&self, to: &mut Plex) -> Result<()> {
        // SAFETY: two live meshes; `to` takes references.
        check(unsafe { sys::DMCopyDisc(self.ptr, to.ptr) })
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
        f: F,
    ) -> Result<Int>
    where
        F: FnMut(usize, Real, &[Real], &mut [Scalar]) -> Result<()> + 'static,
    {
        const CTX: &str = "Plex::add_boundary_essential";
        self.check_fem_field(CTX, field)?;
        if values.is_empty() {
            return Err(Error::invalid(CTX, "no label values to mark the boundary"));
        }
        if !comps.is_empty() {
            let nc = match self.field(field)? {
                Some(fe) => fe.num_components()?,
                None => Int::MAX,
            };
            if let Some(c) = comps.iter().find(|&&c| !(0..nc).contains(&c)) {
                return Err(Error::out_of_range(
                    CTX,
                    format!("component {c} of field {field}, which has {nc} components"),
                ));
            }
        }
        let cname = c_string(CTX, name)?;
        let nv = crate::error::int_len(CTX, "values", values.len())?;
        let ncomp = crate::error::int_len(CTX, "components", comps.len())?;
        let ds = self.ds()?;
        let index = ds.num_boundary()?;
        let key = CString::new(format!("petsc-rs:DmEssentialBoundary:{index}"))
            .map_err(|_| Error::invalid(CTX, "key with a NUL"))?;
        let boxed: Box<PointValueFn> = Box::new(f);
        // SAFETY: live system; the key holds only closures of this kind.
        let ctx = unsafe {
            attach_keyed(
                &self.petsc,
                ds.ptr as sys::PetscObject,
                CallbackKind::DmEssentialBoundary,
                &key,
                boxed,
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
                None,
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
        // SAFETY: live mesh; the contexts are unused by PETSc's FEM routines.
        check(unsafe { sys::DMPlexSetSNESLocalFEM(self.ptr, null, null, null) })
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
    /// let mut mesh = Plex::create_box_mesh(&c, 2, false, Some(&[3, 3]), None, None, None, true)?;
    /// mesh.add_field(None, &Fe::create_lagrange(&c, 2, 1, false, 1, None)?)?;
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
    /// let mut mesh = Plex::create_box_mesh(&c, 2, false, Some(&[2, 2]), None, None, None, true)?;
    /// mesh.create_label("boundary")?;
    /// let mut label = mesh.label("boundary")?.unwrap();
    /// mesh.mark_boundary_faces(1, &mut label)?;
    /// mesh.add_field(None, &Fe::create_lagrange(&c, 2, 1, false, 1, None)?)?;
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
        let want = self
            .local_section()?
            .ok_or_else(|| {
                Error::invalid(CTX, "the mesh has no fields (add_field, create_ds first)")
            })?
            .storage_size()?;
        let n = local.local_size()?;
        if n != want {
            return Err(Error::size_mismatch(
                CTX,
                format!("a local vector of {n} entries for a local section of {want} (a global vector?)"),
            ));
        }
        let lp = local.raw_write(CTX)?;
        // SAFETY: live mesh and a local vector of its section; no finite-volume
        // geometry (null vectors are allowed); the boundary closures live with the mesh.
        check(unsafe {
            sys::DMPlexInsertBoundaryValues(
                self.ptr,
                crate::error::petsc_bool(insert_essential),
                lp,
                time,
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                std::ptr::null_mut(),
            )
        })
    }
}
