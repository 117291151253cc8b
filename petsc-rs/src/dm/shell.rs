//! A DM whose operations are given to it (`DMShell`): the [`DmShell`] handle.
//!
//! A [`DmShell`] makes the vectors and matrices it was given (copies of them), or calls
//! Rust closures for them; the closures can also move values between global and local
//! vectors and build a grid hierarchy (coarsen, refine, interpolation, restriction,
//! injection), so that a solver that asks its DM for these (`-pc_type mg` with a DM,
//! `KSPSetComputeOperators`) works on a layout PETSc knows nothing of.
//!
//! The closures are kept with the DM (the callback model of [`crate::ffi`]) and are
//! given the DM PETSc calls them for as a [`Dm`]: usually the shell itself, and, as in
//! C, the coarse or fine DM a coarsening or refinement made, which inherits the
//! shell's matrix closure (PETSc copies the routine to it). An `Err` or a panic in a
//! closure is the `Err` of the PETSc call that ran it.
//!
//! ```
//! use petsc::{DmBase, DmShell, Object, Vector};
//! let petsc = petsc::Petsc::init()?;
//! let c = petsc.self_comm();
//! let mut dm = DmShell::new(&c)?;
//! dm.set_create_global_vector(|dm: &petsc::Dm| Vector::new_mpi(&dm.comm(), Some(6), None))?;
//! let x = dm.create_global_vector()?;
//! assert_eq!(x.size()?, 6);
//! # Ok::<(), petsc::Error>(())
//! ```

use std::os::raw::c_void;

use petsc_sys as sys;

use super::base::sealed::DmRaw;
use super::generic::wrap_kind;
use super::{Dm, DmBase, FieldSplit};
use crate::callback::{CallbackKind, attach, attached, call};
use crate::comm::Comm;
use crate::error::{Error, Result, check, run_callback};
use crate::init::Petsc;
use crate::is::IndexSet;
use crate::mat::Mat;
use crate::object::{Object, petsc_handle, refuse_lent};
use crate::scalar::Int;
use crate::scatter::Scatter;
use crate::vec::{InsertMode, Vector};

petsc_handle!(
    /// A DM whose vectors, matrices, transfers and hierarchy are given to it (`DM` of
    /// type `DMSHELL`), made by [`DmShell::new`]: for a solver that needs a DM over a
    /// layout of the program's own.
    ///
    /// ```
    /// use petsc::{DmBase, DmShell, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let mut dm = DmShell::new(&petsc.self_comm())?;
    /// dm.set_global_vector(&Vector::new_seq(&petsc.self_comm(), 4)?)?;
    /// assert_eq!(dm.create_global_vector()?.size()?, 4);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    ///
    /// Like every handle, it stays on its thread:
    ///
    /// ```compile_fail,E0277
    /// fn send<T: Send>(_: T) {}
    /// let petsc = petsc::Petsc::init()?;
    /// send(petsc::DmShell::new(&petsc.self_comm())?);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMShell")]
    DmShell,
    sys::DM,
    sys::DMDestroy
);

impl DmRaw for DmShell {
    fn dm_raw(&self) -> sys::DM {
        self.ptr
    }

    fn wrap_dm(petsc: &Petsc, dm: sys::DM, ctx: &str) -> Result<DmShell> {
        let d = wrap_kind(petsc, dm, ctx, "shell", "a DMShell")?;
        Ok(DmShell::from_raw(petsc, d))
    }
}

impl DmBase for DmShell {}

/// A closure that makes a vector for a DM.
type VecFn = dyn FnMut(&Dm) -> Result<Vector>;
/// A closure that makes a matrix for a DM.
type MatFn = dyn FnMut(&Dm) -> Result<Mat>;
/// A closure that moves values between two vectors of a DM: `f(dm, from, mode, to)`.
type TransferFn = dyn FnMut(&Dm, &Vector, InsertMode, &mut Vector) -> Result<()>;
/// A closure that coarsens or refines a DM.
type LevelFn = dyn FnMut(&Dm) -> Result<Dm>;
/// A closure that makes the interpolation from a coarse DM to a fine one.
type InterpolationFn = dyn FnMut(&Dm, &Dm) -> Result<(Mat, Option<Vector>)>;
/// A closure that makes an operator between a coarse DM and a fine one.
type OperatorFn = dyn FnMut(&Dm, &Dm) -> Result<Mat>;
/// A closure that makes the DM of some fields and their index set.
type SubDmFn = dyn FnMut(&Dm, &[Int]) -> Result<(IndexSet, Dm)>;
/// A closure that splits a DM by field.
type FieldsFn = dyn FnMut(&Dm) -> Result<Vec<FieldSplit>>;

/// Runs the closure of `kind` kept with `dm` on a lent handle to `dm`: the common part
/// of the trampolines (PETSc passes them only the DM).
///
/// # Safety
/// `dm` must be a live DM.
unsafe fn with_closure<F: ?Sized + 'static>(
    dm: sys::DM,
    kind: CallbackKind,
    body: impl FnOnce(&Petsc, &Dm, &mut F) -> Result<()>,
) -> sys::PetscErrorCode {
    run_callback(kind.name(), || {
        // SAFETY: live DM (caller).
        let ctx = unsafe { attached(dm as sys::PetscObject, kind) }?;
        call::<F, _>(ctx, kind, |petsc, f| {
            // SAFETY: PETSc's live DM; the lent handle takes its own reference.
            let d = unsafe { Dm::from_raw_lent(petsc, dm) }?;
            body(petsc, &d, f)
        })
    })
}

/// Gives PETSc a reference of its own to `obj` through `out` (the handle's reference
/// is dropped with it).
///
/// # Safety
/// `out` must be writable.
unsafe fn hand_out<T: Object>(obj: T, out: *mut *mut c_void) -> Result<()> {
    let raw = obj.as_object();
    // SAFETY: live object; the reference is PETSc's.
    check(unsafe { sys::PetscObjectReference(raw) })?;
    // SAFETY: writable (caller).
    unsafe { *out = raw.cast() };
    Ok(())
}

/// A vector made by a closure, handed out as `dm`'s (its DM set to `dm`, which PETSc
/// checks when a work vector is given back).
///
/// # Safety
/// `dm` must be a live DM and `out` writable.
unsafe fn vector_trampoline(
    dm: sys::DM,
    out: *mut sys::Vec,
    kind: CallbackKind,
) -> sys::PetscErrorCode {
    // SAFETY: live DM (caller).
    unsafe {
        with_closure::<VecFn>(dm, kind, |_, d, f| {
            let v = f(d)?;
            // SAFETY: live vector and DM; the vector takes a reference to the DM.
            check(sys::VecSetDM(v.ptr, dm))?;
            hand_out(v, out.cast())
        })
    }
}

unsafe extern "C" fn create_global_vector(dm: sys::DM, out: *mut sys::Vec) -> sys::PetscErrorCode {
    // SAFETY: PETSc passes its live DM and an output.
    unsafe { vector_trampoline(dm, out, CallbackKind::DmShellCreateGlobalVector) }
}

unsafe extern "C" fn create_local_vector(dm: sys::DM, out: *mut sys::Vec) -> sys::PetscErrorCode {
    // SAFETY: PETSc passes its live DM and an output.
    unsafe { vector_trampoline(dm, out, CallbackKind::DmShellCreateLocalVector) }
}

/// A transfer between two vectors of `dm` by a closure.
///
/// # Safety
/// `dm`, `from` and `to` must be live.
unsafe fn transfer(
    dm: sys::DM,
    from: sys::Vec,
    mode: sys::InsertMode,
    to: sys::Vec,
    kind: CallbackKind,
) -> sys::PetscErrorCode {
    // SAFETY: live DM (caller).
    unsafe {
        with_closure::<TransferFn>(dm, kind, |petsc, d, f| {
            let mode = InsertMode::from_raw(mode, kind.name())?;
            // The exchange that called PETSc (`DmBase::global_to_local`, suspended until
            // this returns) borrowed the destination for PETSc; the closure is PETSc here.
            let _lifted = crate::borrow::lift_exclusive(
                to as sys::PetscObject,
                crate::borrow::EXCHANGE_DESTINATION,
            );
            // SAFETY: PETSc's live vectors; the lent handles take their own references.
            let from_v = Vector::from_raw_lent(petsc, from)?;
            // SAFETY: as above.
            let mut to_v = Vector::from_raw_lent(petsc, to)?;
            f(d, &from_v, mode, &mut to_v)?;
            to_v.written_in_place(to)
        })
    }
}

unsafe extern "C" fn g2l_begin(
    dm: sys::DM,
    g: sys::Vec,
    m: sys::InsertMode,
    l: sys::Vec,
) -> sys::PetscErrorCode {
    // SAFETY: PETSc passes its live DM and vectors.
    unsafe { transfer(dm, g, m, l, CallbackKind::DmShellGlobalToLocalBegin) }
}

unsafe extern "C" fn g2l_end(
    dm: sys::DM,
    g: sys::Vec,
    m: sys::InsertMode,
    l: sys::Vec,
) -> sys::PetscErrorCode {
    // SAFETY: PETSc passes its live DM and vectors.
    unsafe { transfer(dm, g, m, l, CallbackKind::DmShellGlobalToLocalEnd) }
}

unsafe extern "C" fn l2g_begin(
    dm: sys::DM,
    l: sys::Vec,
    m: sys::InsertMode,
    g: sys::Vec,
) -> sys::PetscErrorCode {
    // SAFETY: PETSc passes its live DM and vectors.
    unsafe { transfer(dm, l, m, g, CallbackKind::DmShellLocalToGlobalBegin) }
}

unsafe extern "C" fn l2g_end(
    dm: sys::DM,
    l: sys::Vec,
    m: sys::InsertMode,
    g: sys::Vec,
) -> sys::PetscErrorCode {
    // SAFETY: PETSc passes its live DM and vectors.
    unsafe { transfer(dm, l, m, g, CallbackKind::DmShellLocalToGlobalEnd) }
}

unsafe extern "C" fn l2l_begin(
    dm: sys::DM,
    a: sys::Vec,
    m: sys::InsertMode,
    b: sys::Vec,
) -> sys::PetscErrorCode {
    // SAFETY: PETSc passes its live DM and vectors.
    unsafe { transfer(dm, a, m, b, CallbackKind::DmShellLocalToLocalBegin) }
}

unsafe extern "C" fn l2l_end(
    dm: sys::DM,
    a: sys::Vec,
    m: sys::InsertMode,
    b: sys::Vec,
) -> sys::PetscErrorCode {
    // SAFETY: PETSc passes its live DM and vectors.
    unsafe { transfer(dm, a, m, b, CallbackKind::DmShellLocalToLocalEnd) }
}

unsafe extern "C" fn create_matrix(dm: sys::DM, out: *mut sys::Mat) -> sys::PetscErrorCode {
    // SAFETY: PETSc passes its live DM and an output.
    unsafe {
        with_closure::<MatFn>(dm, CallbackKind::DmShellCreateMatrix, |_, d, f| {
            hand_out(f(d)?, out.cast())
        })
    }
}

/// A coarser or finer DM made by a closure. PETSc then gives it this DM's matrix
/// routine, so the matrix closure goes with it (where it has none of its own).
///
/// # Safety
/// `dm` must be a live DM and `out` writable.
unsafe fn level(dm: sys::DM, out: *mut sys::DM, kind: CallbackKind) -> sys::PetscErrorCode {
    // SAFETY: live DM (caller).
    unsafe {
        with_closure::<LevelFn>(dm, kind, |_, d, f| {
            let new = f(d)?;
            crate::callback::share_closure(dm, new.ptr, CallbackKind::DmShellCreateMatrix)?;
            hand_out(new, out.cast())
        })
    }
}

unsafe extern "C" fn coarsen(
    dm: sys::DM,
    _comm: sys::MPI_Comm,
    out: *mut sys::DM,
) -> sys::PetscErrorCode {
    // SAFETY: PETSc passes its live DM and an output.
    unsafe { level(dm, out, CallbackKind::DmShellCoarsen) }
}

unsafe extern "C" fn refine(
    dm: sys::DM,
    _comm: sys::MPI_Comm,
    out: *mut sys::DM,
) -> sys::PetscErrorCode {
    // SAFETY: PETSc passes its live DM and an output.
    unsafe { level(dm, out, CallbackKind::DmShellRefine) }
}

unsafe extern "C" fn create_interpolation(
    coarse: sys::DM,
    fine: sys::DM,
    out: *mut sys::Mat,
    scale: *mut sys::Vec,
) -> sys::PetscErrorCode {
    const KIND: CallbackKind = CallbackKind::DmShellCreateInterpolation;
    // SAFETY: PETSc passes its live DMs and outputs (the scaling's may be null).
    unsafe {
        with_closure::<InterpolationFn>(coarse, KIND, |petsc, c, f| {
            let fine = Dm::from_raw_lent(petsc, fine)?;
            let (m, s) = f(c, &fine)?;
            if !scale.is_null() {
                match s {
                    Some(s) => hand_out(s, scale.cast())?,
                    None => *scale = std::ptr::null_mut(),
                }
            }
            hand_out(m, out.cast())
        })
    }
}

/// An operator between two levels made by a closure (restriction, injection).
///
/// # Safety
/// `coarse` and `fine` must be live DMs and `out` writable.
unsafe fn operator(
    coarse: sys::DM,
    fine: sys::DM,
    out: *mut sys::Mat,
    kind: CallbackKind,
) -> sys::PetscErrorCode {
    // SAFETY: live DMs (caller).
    unsafe {
        with_closure::<OperatorFn>(coarse, kind, |petsc, c, f| {
            let fine = Dm::from_raw_lent(petsc, fine)?;
            hand_out(f(c, &fine)?, out.cast())
        })
    }
}

unsafe extern "C" fn create_restriction(
    c: sys::DM,
    f: sys::DM,
    out: *mut sys::Mat,
) -> sys::PetscErrorCode {
    // SAFETY: PETSc passes its live DMs and an output.
    unsafe { operator(c, f, out, CallbackKind::DmShellCreateRestriction) }
}

unsafe extern "C" fn create_injection(
    c: sys::DM,
    f: sys::DM,
    out: *mut sys::Mat,
) -> sys::PetscErrorCode {
    // SAFETY: PETSc passes its live DMs and an output.
    unsafe { operator(c, f, out, CallbackKind::DmShellCreateInjection) }
}

unsafe extern "C" fn create_sub_dm(
    dm: sys::DM,
    n: Int,
    fields: *const Int,
    is: *mut sys::IS,
    sub: *mut sys::DM,
) -> sys::PetscErrorCode {
    // SAFETY: PETSc passes its live DM, `n` fields and outputs (either may be null).
    unsafe {
        with_closure::<SubDmFn>(dm, CallbackKind::DmShellCreateSubDm, |_, d, f| {
            let fields = if n > 0 && !fields.is_null() {
                std::slice::from_raw_parts(fields, n as usize)
            } else {
                &[]
            };
            let (i, s) = f(d, fields)?;
            if !is.is_null() {
                hand_out(i, is.cast())?;
            }
            if !sub.is_null() {
                hand_out(s, sub.cast())?;
            }
            Ok(())
        })
    }
}

/// An array of `n` entries allocated with `PetscMalloc` (PETSc frees it), or null for
/// none.
fn petsc_array<T>(n: usize) -> Result<*mut T> {
    if n == 0 {
        return Ok(std::ptr::null_mut());
    }
    let bytes = n
        .checked_mul(std::mem::size_of::<T>())
        .ok_or_else(|| Error::invalid("DmShell", "too many fields"))?;
    let mut p: *mut c_void = std::ptr::null_mut();
    // SAFETY: PETSc allocates `bytes` bytes (aligned for any type) and writes the pointer.
    check(unsafe { sys::petscrs_PetscMalloc(bytes, &mut p) })?;
    Ok(p.cast())
}

unsafe extern "C" fn create_field_decomposition(
    dm: sys::DM,
    len: *mut Int,
    names: *mut *mut *mut std::os::raw::c_char,
    iss: *mut *mut sys::IS,
    dms: *mut *mut sys::DM,
) -> sys::PetscErrorCode {
    const KIND: CallbackKind = CallbackKind::DmShellCreateFieldDecomposition;
    // SAFETY: PETSc passes its live DM and outputs, each possibly null (not asked for).
    unsafe {
        with_closure::<FieldsFn>(dm, KIND, |_, d, f| {
            let fields = f(d)?;
            let n = fields.len();
            // PETSc's readers take a list of DMs with every entry set, or no list.
            let with_dms = fields.iter().filter(|s| s.dm.is_some()).count();
            if with_dms != 0 && with_dms != n {
                return Err(Error::invalid(
                    KIND.name(),
                    format!(
                        "{with_dms} of {n} fields have a DM: give one to every field or to none"
                    ),
                ));
            }
            let count =
                Int::try_from(n).map_err(|_| Error::invalid(KIND.name(), "too many fields"))?;
            let texts = fields
                .iter()
                .map(|s| crate::error::c_string(KIND.name(), &s.name))
                .collect::<Result<Vec<_>>>()?;
            let name_arr: *mut *mut std::os::raw::c_char = if names.is_null() {
                std::ptr::null_mut()
            } else {
                petsc_array(n)?
            };
            let is_arr: *mut sys::IS = if iss.is_null() {
                std::ptr::null_mut()
            } else {
                petsc_array(n).inspect_err(|_| {
                    crate::error::record_destroy(sys::petscrs_PetscFree(name_arr.cast()));
                })?
            };
            let dm_arr: *mut sys::DM = if dms.is_null() || with_dms == 0 {
                std::ptr::null_mut()
            } else {
                petsc_array(n).inspect_err(|_| {
                    crate::error::record_destroy(sys::petscrs_PetscFree(name_arr.cast()));
                    crate::error::record_destroy(sys::petscrs_PetscFree(is_arr.cast()));
                })?
            };
            for (k, (field, text)) in fields.into_iter().zip(&texts).enumerate() {
                if !name_arr.is_null() {
                    let slot = name_arr.add(k);
                    *slot = std::ptr::null_mut();
                    crate::error::record_destroy(sys::petscrs_PetscStrallocpy(text.as_ptr(), slot));
                }
                if !is_arr.is_null() {
                    hand_out(field.is, is_arr.add(k).cast())?;
                }
                if !dm_arr.is_null() {
                    if let Some(sub) = field.dm {
                        hand_out(sub, dm_arr.add(k).cast())?;
                    }
                }
            }
            if !len.is_null() {
                *len = count;
            }
            if !names.is_null() {
                *names = name_arr;
            }
            if !iss.is_null() {
                *iss = is_arr;
            }
            if !dms.is_null() {
                *dms = dm_arr; // null when no field has a DM
            }
            Ok(())
        })
    }
}

impl DmShell {
    /// A new shell DM on `comm` (`DMShellCreate`; collective), with nothing set: give it
    /// vectors or closures before asking it for vectors.
    #[doc(alias = "DMShellCreate")]
    pub fn new(comm: &Comm) -> Result<DmShell> {
        let mut d: sys::DM = std::ptr::null_mut();
        // SAFETY: live communicator; PETSc writes the new DM.
        check(unsafe { sys::DMShellCreate(comm.as_raw(), &mut d) })?;
        Ok(DmShell::from_raw(comm.petsc(), d))
    }

    /// Keeps `f` with the DM under `kind` and installs its trampoline with `set`.
    fn attach_with<F: ?Sized + 'static>(
        &mut self,
        kind: CallbackKind,
        f: Box<F>,
        set: impl FnOnce(sys::DM) -> sys::PetscErrorCode,
    ) -> Result<()> {
        // SAFETY: live DM; the closure is kept with it and found by the trampoline.
        unsafe { attach(&self.petsc, self.ptr as sys::PetscObject, kind, f) }?;
        check(set(self.ptr))
    }

    /// Refuses an object from another communicator, or lent by PETSc for a scope.
    fn check_given(&self, ctx: &str, what: &str, obj: &impl Object) -> Result<()> {
        refuse_lent(ctx, [obj as &dyn Object])?;
        if !self.comm().congruent(&obj.comm()) {
            return Err(Error::invalid(
                ctx,
                format!(
                    "the {what} lives on a communicator of {} rank(s), the DM on one of {}",
                    obj.comm().size(),
                    self.comm().size()
                ),
            ));
        }
        Ok(())
    }

    /// The matrix whose copies (same layout and nonzero pattern, values zero) the DM
    /// makes (`DMShellSetMatrix`; collective). The DM keeps a reference to it.
    ///
    /// ```
    /// use petsc::{DmBase, DmShell, Mat};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut a = Mat::new_aij(&c, None, None, Some(3), Some(3), 1, 0)?;
    /// a.assemble()?;
    /// let mut dm = DmShell::new(&c)?;
    /// dm.set_matrix(&a)?;
    /// assert_eq!(dm.create_matrix()?.size()?, (3, 3));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMShellSetMatrix")]
    pub fn set_matrix(&mut self, mat: &Mat) -> Result<()> {
        self.check_given("DmShell::set_matrix", "matrix", mat)?;
        // SAFETY: live DM and matrix; PETSc takes its own reference.
        check(unsafe { sys::DMShellSetMatrix(self.ptr, mat.ptr) })
    }

    /// The vector whose copies are the DM's global vectors (`DMShellSetGlobalVector`;
    /// collective). The DM keeps a reference to it; a global vector this DM made is
    /// ignored (as PETSc does, to avoid a cycle).
    #[doc(alias = "DMShellSetGlobalVector")]
    pub fn set_global_vector(&mut self, v: &Vector) -> Result<()> {
        self.check_given("DmShell::set_global_vector", "vector", v)?;
        // SAFETY: live DM and vector; PETSc takes its own reference.
        check(unsafe { sys::DMShellSetGlobalVector(self.ptr, v.ptr) })
    }

    /// The vector whose copies are the DM's local vectors (`DMShellSetLocalVector`).
    /// The DM keeps a reference to it.
    ///
    /// ```
    /// use petsc::{DmBase, DmShell, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut dm = DmShell::new(&c)?;
    /// dm.set_local_vector(&Vector::new_seq(&c, 7)?)?;
    /// assert_eq!(dm.create_local_vector()?.size()?, 7);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMShellSetLocalVector")]
    pub fn set_local_vector(&mut self, v: &Vector) -> Result<()> {
        const CTX: &str = "DmShell::set_local_vector";
        refuse_lent(CTX, [v as &dyn Object])?;
        if v.comm().size() != 1 {
            return Err(Error::invalid(
                CTX,
                "a local vector lives on one rank (PETSC_COMM_SELF)",
            ));
        }
        // SAFETY: live DM and vector; PETSc takes its own reference.
        check(unsafe { sys::DMShellSetLocalVector(self.ptr, v.ptr) })
    }

    /// Sets the closure that makes the DM's global vectors
    /// (`DMShellSetCreateGlobalVector`), called with the DM; the vector it returns is
    /// the new one (a new vector each time, not a second handle to a kept one), and
    /// becomes the DM's (`VecSetDM`), as a vector `DMCreateGlobalVector` makes. It
    /// replaces a vector given by [`set_global_vector`](Self::set_global_vector).
    #[doc(alias = "DMShellSetCreateGlobalVector")]
    pub fn set_create_global_vector<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(&Dm) -> Result<Vector> + 'static,
    {
        self.attach_with(
            CallbackKind::DmShellCreateGlobalVector,
            Box::new(f) as Box<VecFn>,
            |dm| {
                // SAFETY: live DM; the trampoline finds its closure through it.
                unsafe { sys::DMShellSetCreateGlobalVector(dm, Some(create_global_vector)) }
            },
        )
    }

    /// Sets the closure that makes the DM's local vectors (`DMShellSetCreateLocalVector`),
    /// as [`set_create_global_vector`](Self::set_create_global_vector) does for global
    /// ones.
    #[doc(alias = "DMShellSetCreateLocalVector")]
    pub fn set_create_local_vector<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(&Dm) -> Result<Vector> + 'static,
    {
        self.attach_with(
            CallbackKind::DmShellCreateLocalVector,
            Box::new(f) as Box<VecFn>,
            |dm| {
                // SAFETY: live DM; the trampoline finds its closure through it.
                unsafe { sys::DMShellSetCreateLocalVector(dm, Some(create_local_vector)) }
            },
        )
    }

    /// Sets the closures that move a global vector's values into a local vector
    /// (`DMShellSetGlobalToLocal`): `begin(dm, global, mode, local)` starts what `end`
    /// finishes (one of them may do all the work), for
    /// [`global_to_local`](DmBase::global_to_local) and the solvers that call it.
    ///
    /// ```
    /// use petsc::{DmBase, DmShell, InsertMode, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut dm = DmShell::new(&c)?;
    /// dm.set_global_vector(&Vector::new_seq(&c, 3)?)?;
    /// dm.set_local_vector(&Vector::new_seq(&c, 3)?)?;
    /// // Local values are twice the global ones.
    /// dm.set_global_to_local(
    ///     |_, g, _, l| { l.copy_from(g)?; l.scale(2.0) },
    ///     |_, _, _, _| Ok(()),
    /// )?;
    /// let g = Vector::from_slice(&c, &[1.0, 2.0, 3.0])?;
    /// let mut l = dm.create_local_vector()?;
    /// dm.global_to_local(&g, InsertMode::Insert, &mut l)?;
    /// assert_eq!(&l.view()?[..], &[2.0, 4.0, 6.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMShellSetGlobalToLocal")]
    pub fn set_global_to_local<B, E>(&mut self, begin: B, end: E) -> Result<()>
    where
        B: FnMut(&Dm, &Vector, InsertMode, &mut Vector) -> Result<()> + 'static,
        E: FnMut(&Dm, &Vector, InsertMode, &mut Vector) -> Result<()> + 'static,
    {
        self.set_transfer(
            [
                CallbackKind::DmShellGlobalToLocalBegin,
                CallbackKind::DmShellGlobalToLocalEnd,
            ],
            Box::new(begin),
            Box::new(end),
            |dm| {
                // SAFETY: live DM; the trampolines find their closures through it.
                unsafe { sys::DMShellSetGlobalToLocal(dm, Some(g2l_begin), Some(g2l_end)) }
            },
        )
    }

    /// Sets the closures that move a local vector's values into a global vector
    /// (`DMShellSetLocalToGlobal`), as [`set_global_to_local`](Self::set_global_to_local)
    /// does the other way: `begin(dm, local, mode, global)`.
    #[doc(alias = "DMShellSetLocalToGlobal")]
    pub fn set_local_to_global<B, E>(&mut self, begin: B, end: E) -> Result<()>
    where
        B: FnMut(&Dm, &Vector, InsertMode, &mut Vector) -> Result<()> + 'static,
        E: FnMut(&Dm, &Vector, InsertMode, &mut Vector) -> Result<()> + 'static,
    {
        self.set_transfer(
            [
                CallbackKind::DmShellLocalToGlobalBegin,
                CallbackKind::DmShellLocalToGlobalEnd,
            ],
            Box::new(begin),
            Box::new(end),
            |dm| {
                // SAFETY: live DM; the trampolines find their closures through it.
                unsafe { sys::DMShellSetLocalToGlobal(dm, Some(l2g_begin), Some(l2g_end)) }
            },
        )
    }

    /// Sets the closures that move values between two local vectors
    /// (`DMShellSetLocalToLocal`): `begin(dm, from, mode, to)`.
    #[doc(alias = "DMShellSetLocalToLocal")]
    pub fn set_local_to_local<B, E>(&mut self, begin: B, end: E) -> Result<()>
    where
        B: FnMut(&Dm, &Vector, InsertMode, &mut Vector) -> Result<()> + 'static,
        E: FnMut(&Dm, &Vector, InsertMode, &mut Vector) -> Result<()> + 'static,
    {
        self.set_transfer(
            [
                CallbackKind::DmShellLocalToLocalBegin,
                CallbackKind::DmShellLocalToLocalEnd,
            ],
            Box::new(begin),
            Box::new(end),
            |dm| {
                // SAFETY: live DM; the trampolines find their closures through it.
                unsafe { sys::DMShellSetLocalToLocal(dm, Some(l2l_begin), Some(l2l_end)) }
            },
        )
    }

    /// Keeps a pair of transfer closures and installs their trampolines.
    fn set_transfer(
        &mut self,
        kinds: [CallbackKind; 2],
        begin: Box<TransferFn>,
        end: Box<TransferFn>,
        set: impl FnOnce(sys::DM) -> sys::PetscErrorCode,
    ) -> Result<()> {
        // SAFETY: live DM; each closure is kept with it and found by its trampoline.
        unsafe { attach(&self.petsc, self.ptr as sys::PetscObject, kinds[0], begin) }?;
        self.attach_with(kinds[1], end, set)
    }

    /// The scatter that moves a global vector's values into a local vector
    /// (`DMShellSetGlobalToLocalVecScatter`), from a global vector of this DM to one of
    /// its local vectors. The DM keeps a reference to it.
    #[doc(alias = "DMShellSetGlobalToLocalVecScatter")]
    pub fn set_global_to_local_vec_scatter(&mut self, scatter: &Scatter) -> Result<()> {
        self.check_given(
            "DmShell::set_global_to_local_vec_scatter",
            "scatter",
            scatter,
        )?;
        // SAFETY: live DM and scatter; PETSc takes its own reference.
        check(unsafe { sys::DMShellSetGlobalToLocalVecScatter(self.ptr, scatter.ptr) })
    }

    /// The scatter that moves a local vector's values into a global vector
    /// (`DMShellSetLocalToGlobalVecScatter`). The DM keeps a reference to it.
    #[doc(alias = "DMShellSetLocalToGlobalVecScatter")]
    pub fn set_local_to_global_vec_scatter(&mut self, scatter: &Scatter) -> Result<()> {
        self.check_given(
            "DmShell::set_local_to_global_vec_scatter",
            "scatter",
            scatter,
        )?;
        // SAFETY: live DM and scatter; PETSc takes its own reference.
        check(unsafe { sys::DMShellSetLocalToGlobalVecScatter(self.ptr, scatter.ptr) })
    }

    /// The scatter between two local vectors (`DMShellSetLocalToLocalVecScatter`), on
    /// each rank's own communicator. The DM keeps a reference to it.
    #[doc(alias = "DMShellSetLocalToLocalVecScatter")]
    pub fn set_local_to_local_vec_scatter(&mut self, scatter: &Scatter) -> Result<()> {
        refuse_lent(
            "DmShell::set_local_to_local_vec_scatter",
            [scatter as &dyn Object],
        )?;
        // SAFETY: live DM and scatter; PETSc takes its own reference.
        check(unsafe { sys::DMShellSetLocalToLocalVecScatter(self.ptr, scatter.ptr) })
    }

    /// Sets the closure that makes the DM's matrices (`DMShellSetCreateMatrix`), called
    /// with the DM. Coarser and finer DMs made by this one's
    /// [`set_coarsen`](Self::set_coarsen)/[`set_refine`](Self::set_refine) closures
    /// use it too (called with them), as in C.
    #[doc(alias = "DMShellSetCreateMatrix")]
    pub fn set_create_matrix<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(&Dm) -> Result<Mat> + 'static,
    {
        self.attach_with(
            CallbackKind::DmShellCreateMatrix,
            Box::new(f) as Box<MatFn>,
            |dm| {
                // SAFETY: live DM; the trampoline finds its closure through it.
                unsafe { sys::DMShellSetCreateMatrix(dm, Some(create_matrix)) }
            },
        )
    }

    /// Sets the closure that makes a coarser DM (`DMShellSetCoarsen`), for
    /// [`coarsen`](DmBase::coarsen) and multigrid; the DM it returns (a shell of its
    /// own, usually, with its closures) becomes the next level.
    #[doc(alias = "DMShellSetCoarsen")]
    pub fn set_coarsen<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(&Dm) -> Result<Dm> + 'static,
    {
        self.attach_with(
            CallbackKind::DmShellCoarsen,
            Box::new(f) as Box<LevelFn>,
            |dm| {
                // SAFETY: live DM; the trampoline finds its closure through it.
                unsafe { sys::DMShellSetCoarsen(dm, Some(coarsen)) }
            },
        )
    }

    /// Sets the closure that makes a finer DM (`DMShellSetRefine`), for
    /// [`refine`](DmBase::refine).
    #[doc(alias = "DMShellSetRefine")]
    pub fn set_refine<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(&Dm) -> Result<Dm> + 'static,
    {
        self.attach_with(
            CallbackKind::DmShellRefine,
            Box::new(f) as Box<LevelFn>,
            |dm| {
                // SAFETY: live DM; the trampoline finds its closure through it.
                unsafe { sys::DMShellSetRefine(dm, Some(refine)) }
            },
        )
    }

    /// Sets the closure that makes the interpolation from this (coarse) DM to a fine one
    /// (`DMShellSetCreateInterpolation`): `f(coarse, fine)` returns the matrix and,
    /// optionally, the scaling vector (`None` when the caller asked for one gives none).
    #[doc(alias = "DMShellSetCreateInterpolation")]
    pub fn set_create_interpolation<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(&Dm, &Dm) -> Result<(Mat, Option<Vector>)> + 'static,
    {
        let f = Box::new(f) as Box<InterpolationFn>;
        self.attach_with(CallbackKind::DmShellCreateInterpolation, f, |dm| {
            // SAFETY: live DM; the trampoline finds its closure through it.
            unsafe { sys::DMShellSetCreateInterpolation(dm, Some(create_interpolation)) }
        })
    }

    /// Sets the closure that makes the restriction from a fine DM to this (coarse) one
    /// (`DMShellSetCreateRestriction`): `f(coarse, fine)`.
    #[doc(alias = "DMShellSetCreateRestriction")]
    pub fn set_create_restriction<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(&Dm, &Dm) -> Result<Mat> + 'static,
    {
        self.attach_with(
            CallbackKind::DmShellCreateRestriction,
            Box::new(f) as Box<OperatorFn>,
            |dm| {
                // SAFETY: live DM; the trampoline finds its closure through it.
                unsafe { sys::DMShellSetCreateRestriction(dm, Some(create_restriction)) }
            },
        )
    }

    /// Sets the closure that makes the injection from a fine DM to this (coarse) one
    /// (`DMShellSetCreateInjection`): `f(coarse, fine)`.
    #[doc(alias = "DMShellSetCreateInjection")]
    pub fn set_create_injection<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(&Dm, &Dm) -> Result<Mat> + 'static,
    {
        self.attach_with(
            CallbackKind::DmShellCreateInjection,
            Box::new(f) as Box<OperatorFn>,
            |dm| {
                // SAFETY: live DM; the trampoline finds its closure through it.
                unsafe { sys::DMShellSetCreateInjection(dm, Some(create_injection)) }
            },
        )
    }

    /// Sets the closure that makes the DM of some of this DM's fields
    /// (`DMShellSetCreateSubDM`): `f(dm, fields)` returns the index set of those fields'
    /// unknowns in this DM's global vectors and their DM, for
    /// [`create_sub_dm`](DmBase::create_sub_dm) and field splits.
    #[doc(alias = "DMShellSetCreateSubDM")]
    pub fn set_create_sub_dm<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(&Dm, &[Int]) -> Result<(IndexSet, Dm)> + 'static,
    {
        self.attach_with(
            CallbackKind::DmShellCreateSubDm,
            Box::new(f) as Box<SubDmFn>,
            |dm| {
                // SAFETY: live DM; the trampoline finds its closure through it.
                unsafe { sys::DMShellSetCreateSubDM(dm, Some(create_sub_dm)) }
            },
        )
    }

    /// Sets the closure that splits the DM by field (`DMShellSetCreateFieldDecomposition`):
    /// `f(dm)` returns each field's name, the index set of its unknowns in this DM's
    /// global vectors, and its own DM for every field or for none (a mixture is an
    /// `Err`: PETSc's field split reads every entry of a list), for
    /// [`create_field_decomposition`](DmBase::create_field_decomposition) and
    /// `-pc_type fieldsplit` on a solver with this DM.
    ///
    /// ```
    /// use petsc::{DmBase, DmShell, FieldSplit, IndexSet, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut dm = DmShell::new(&c)?;
    /// dm.set_global_vector(&Vector::new_seq(&c, 4)?)?;
    /// let me = c.clone();
    /// dm.set_create_field_decomposition(move |_| {
    ///     Ok(vec![
    ///         FieldSplit { name: "u".into(), is: IndexSet::new_general(&me, &[0, 2])?, dm: None },
    ///         FieldSplit { name: "v".into(), is: IndexSet::new_general(&me, &[1, 3])?, dm: None },
    ///     ])
    /// })?;
    /// let split = dm.create_field_decomposition()?;
    /// assert_eq!(split[1].name, "v");
    /// assert_eq!(&*split[1].is.indices()?, &[1, 3]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "DMShellSetCreateFieldDecomposition")]
    pub fn set_create_field_decomposition<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(&Dm) -> Result<Vec<FieldSplit>> + 'static,
    {
        let f = Box::new(f) as Box<FieldsFn>;
        self.attach_with(CallbackKind::DmShellCreateFieldDecomposition, f, |dm| {
            // SAFETY: live DM; the trampoline finds its closure through it.
            unsafe { sys::DMShellSetCreateFieldDecomposition(dm, Some(create_field_decomposition)) }
        })
    }
}
