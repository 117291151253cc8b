//! Preconditioner types written in Rust ([`PcImpl`]), registered by name
//! ([`Pc::register_type`]) and chosen like PETSc's own (`-pc_type NAME` at any depth
//! of a solver).

use std::any::Any;
use std::os::raw::c_void;

use petsc_sys as sys;

use super::Pc;
use crate::callback::CallbackKind;
use crate::error::{Error, Result, unlock_on_error};
use crate::init::Petsc;
use crate::ksp::Ksp;
use crate::mat::Mat;
use crate::options::OptionsBlock;
use crate::rust_type::{self, Class};
use crate::scalar::Int;
use crate::vec::Vector;
use crate::viewer::Viewer;

/// A preconditioner written in Rust: PETSc makes one instance (with the constructor
/// given to [`Pc::register_type`]) for each PC given the registered type's name, and
/// calls its methods as it calls the routines of its own types (petsc4py's Python PC,
/// `-pc_type python`). Each gets the PC, lent for the call.
///
/// Only [`apply`](Self::apply) is required. An `Err` or a panic in any method is the
/// error of the PETSc call that ran it (the solve, `PCSetUp`, `KSPSetFromOptions`,
/// ...), and the PC stays usable. In parallel, methods run on every rank with the
/// rank's part of the vectors; collective work (norms, dots) must be done on all ranks.
///
/// ```
/// use petsc::{Csr, Ksp, KspType, Mat, Pc, PcImpl, Sizes, Vector};
/// // Point Jacobi: y = x / diag(A).
/// #[derive(Default)]
/// struct Jacobi { inv_diag: Option<Vector> }
/// impl PcImpl for Jacobi {
///     fn set_up(&mut self, pc: &Pc) -> petsc::Result<()> {
///         let (_, p) = pc.operators()?;
///         let mut d = p.create_vecs()?.0;
///         p.diagonal_into(&mut d)?;
///         d.reciprocal()?;
///         self.inv_diag = Some(d);
///         Ok(())
///     }
///     fn apply(&mut self, _pc: &Pc, x: &Vector, y: &mut Vector) -> petsc::Result<()> {
///         y.pointwise_mult(x, self.inv_diag.as_ref().expect("set up"))
///     }
/// }
/// let petsc = petsc::Petsc::init()?;
/// Pc::register_type(&petsc, "doc_jacobi", Jacobi::default)?;
/// let c = petsc.self_comm();
/// let a = Mat::aij(&c).sizes(Sizes::local(3, 3)).csr(Csr { row_ptr: &[0, 1, 2, 3], cols: &[0, 1, 2], vals: &[1.0, 2.0, 4.0] }).build()?;
/// let mut ksp = Ksp::new(&c)?;
/// ksp.set_operators(&a, &a)?;
/// ksp.set_type(KspType::Richardson)?;
/// ksp.pc()?.set_type_name("doc_jacobi")?; // or -pc_type doc_jacobi
/// let b = Vector::from_slice(&c, &[1.0, 1.0, 1.0])?;
/// let mut x = b.duplicate()?;
/// ksp.solve(&b, &mut x)?.check()?;
/// assert_eq!(ksp.iteration_number()?, 1); // exact for a diagonal matrix
/// assert_eq!(&*x.view()?, &[1.0, 0.5, 0.25]);
/// assert!(ksp.pc()?.with_implementation(|j: &mut Jacobi| j.inv_diag.is_some())?);
/// # Ok::<(), petsc::Error>(())
/// ```
pub trait PcImpl: Any {
    /// Applies the preconditioner, `y = M^{-1} x` (`PCApply`).
    fn apply(&mut self, pc: &Pc, x: &Vector, y: &mut Vector) -> Result<()>;

    /// Whether [`apply_transpose`](Self::apply_transpose) is implemented: asked once,
    /// when the instance is made; without it PETSc refuses transposed applications
    /// (`PCApplyTransposeExists` says no), as for its own types.
    fn has_apply_transpose(&self) -> bool {
        false
    }

    /// Applies the transpose, `y = M^{-T} x` (`PCApplyTranspose`, transposed solves).
    fn apply_transpose(&mut self, pc: &Pc, x: &Vector, y: &mut Vector) -> Result<()> {
        let _ = (pc, x, y);
        Err(Error::invalid(
            "PcImpl::apply_transpose",
            "this preconditioner has no transpose",
        ))
    }

    /// Whether [`apply_symmetric_left`](Self::apply_symmetric_left) and
    /// [`apply_symmetric_right`](Self::apply_symmetric_right) are implemented: asked when
    /// the instance is made; without them PETSc refuses symmetric applications (and
    /// `PcSide::Symmetric`), as for its own types.
    fn has_apply_symmetric(&self) -> bool {
        false
    }

    /// Applies the left half of a symmetric preconditioner (`PCApplySymmetricLeft`).
    fn apply_symmetric_left(&mut self, pc: &Pc, x: &Vector, y: &mut Vector) -> Result<()> {
        let _ = (pc, x, y);
        Err(Error::invalid(
            "PcImpl::apply_symmetric_left",
            "this preconditioner has no symmetric application",
        ))
    }

    /// Applies the right half of a symmetric preconditioner (`PCApplySymmetricRight`).
    fn apply_symmetric_right(&mut self, pc: &Pc, x: &Vector, y: &mut Vector) -> Result<()> {
        let _ = (pc, x, y);
        Err(Error::invalid(
            "PcImpl::apply_symmetric_right",
            "this preconditioner has no symmetric application",
        ))
    }

    /// Whether [`mat_apply`](Self::mat_apply) is implemented: asked when the instance is
    /// made; without it PETSc applies [`apply`](Self::apply) to each column, as for its
    /// own types.
    fn has_mat_apply(&self) -> bool {
        false
    }

    /// Applies the preconditioner to every column of the dense matrix `x` at once, into
    /// the dense `y` (`PCMatApply`).
    fn mat_apply(&mut self, pc: &Pc, x: &Mat, y: &mut Mat) -> Result<()> {
        let _ = (pc, x, y);
        Err(Error::invalid(
            "PcImpl::mat_apply",
            "this preconditioner has no matrix application",
        ))
    }

    /// Runs before each solve of a KSP with this preconditioner (`PCPreSolve`), given the
    /// solver, its right-hand side and its initial guess. The default does nothing, as
    /// PETSc does for a type without it.
    fn pre_solve(&mut self, pc: &Pc, ksp: &Ksp, b: &Vector, x: &mut Vector) -> Result<()> {
        let _ = (pc, ksp, b, x);
        Ok(())
    }

    /// Runs after each solve of a KSP with this preconditioner (`PCPostSolve`), given the
    /// solver, its right-hand side and its solution; see [`pre_solve`](Self::pre_solve).
    fn post_solve(&mut self, pc: &Pc, ksp: &Ksp, b: &Vector, x: &mut Vector) -> Result<()> {
        let _ = (pc, ksp, b, x);
        Ok(())
    }

    /// Sets the preconditioner up from the PC's operators (`PCSetUp`), each time they
    /// changed.
    fn set_up(&mut self, pc: &Pc) -> Result<()> {
        let _ = pc;
        Ok(())
    }

    /// Reads the instance's own options, under the PC's prefix
    /// (`PCSetFromOptions`); `-help` lists them under "PC NAME options".
    fn set_from_options(&mut self, pc: &Pc, options: &OptionsBlock<'_>) -> Result<()> {
        let _ = (pc, options);
        Ok(())
    }

    /// Prints what the instance has to say under the PC's type (`PCView`, `-ksp_view`),
    /// indented as PETSc's own types are; called with text (ASCII) viewers only.
    fn view(&mut self, pc: &Pc, viewer: &Viewer) -> Result<()> {
        let _ = (pc, viewer);
        Ok(())
    }

    /// Forgets what was built from the operators (`PCReset`).
    fn reset(&mut self, pc: &Pc) -> Result<()> {
        let _ = pc;
        Ok(())
    }
}

/// The PC class of `rust_type`.
struct PcClass;

impl Class for PcClass {
    type Handle = Pc;
    type Instance = dyn PcImpl;
    const CLASS: &'static str = "PC";
    const KIND: CallbackKind = CallbackKind::PcRustType;

    unsafe fn lend(petsc: &Petsc, obj: sys::PetscObject) -> Result<Pc> {
        // SAFETY: a live PC (caller).
        unsafe { Pc::from_raw_lent(petsc, obj as sys::PC) }
    }

    fn created(imp: &mut dyn PcImpl, _: &mut Pc) -> Result<Int> {
        let flag = |has: bool, f: u32| if has { f as Int } else { 0 };
        Ok(flag(imp.has_apply_transpose(), sys::PETSCRS_RUST_TRANSPOSE)
            | flag(imp.has_apply_symmetric(), sys::PETSCRS_RUST_SYMMETRIC)
            | flag(imp.has_mat_apply(), sys::PETSCRS_RUST_MATAPPLY))
    }

    fn as_any(imp: &mut dyn PcImpl) -> &mut dyn Any {
        imp
    }

    fn set_up(imp: &mut dyn PcImpl, pc: &mut Pc) -> Result<()> {
        imp.set_up(pc)
    }

    fn set_from_options(imp: &mut dyn PcImpl, pc: &mut Pc, block: &OptionsBlock<'_>) -> Result<()> {
        imp.set_from_options(pc, block)
    }

    fn view(imp: &mut dyn PcImpl, pc: &Pc, viewer: &Viewer) -> Result<()> {
        imp.view(pc, viewer)
    }

    fn reset(imp: &mut dyn PcImpl, pc: &mut Pc) -> Result<()> {
        imp.reset(pc)
    }

    fn apply(imp: &mut dyn PcImpl, pc: &mut Pc, x: Option<&Vector>, y: &mut Vector) -> Result<()> {
        imp.apply(pc, x.ok_or_else(no_input)?, y)
    }

    fn apply_transpose(
        imp: &mut dyn PcImpl,
        pc: &mut Pc,
        x: Option<&Vector>,
        y: &mut Vector,
    ) -> Result<()> {
        imp.apply_transpose(pc, x.ok_or_else(no_input)?, y)
    }
}

/// The routines of a Rust PC type beyond those of every class.
static MORE_HOOKS: sys::petscrs_PCRustHooks = sys::petscrs_PCRustHooks {
    applysymmetricleft: Some(apply_symmetric_left),
    applysymmetricright: Some(apply_symmetric_right),
    matapply: Some(mat_apply),
    presolve: Some(pre_solve),
    postsolve: Some(post_solve),
};

/// A `PcImpl` method given two vectors.
type VectorsMethod = fn(&mut dyn PcImpl, &Pc, &Vector, &mut Vector) -> Result<()>;

/// Runs `f` with the instance `ctx` of the PC `obj` and the vectors `x` and `y`, lent.
///
/// # Safety
/// `obj` must be a live PC holding the instance `ctx`; `x` and `y` distinct live vectors.
unsafe fn with_vectors(
    obj: sys::PetscObject,
    ctx: *mut c_void,
    x: sys::Vec,
    y: sys::Vec,
    f: VectorsMethod,
) -> sys::PetscErrorCode {
    // SAFETY: forwarded to the caller.
    let ierr = unsafe {
        rust_type::with_lent::<PcClass>(obj, ctx, |imp, pc| {
            let petsc = pc.petsc.clone();
            // SAFETY: live vectors for the call, lent.
            let (xv, mut yv) = (
                Vector::from_raw_lent(&petsc, x)?,
                Vector::from_raw_lent(&petsc, y)?,
            );
            f(imp, pc, &xv, &mut yv)?;
            yv.written_in_place(y)
        })
    };
    // The application read-locks `x` and does not unlock it when it fails.
    // SAFETY: `x` is the live vector PETSc passed.
    unsafe { unlock_on_error(ierr, &[x]) }
}

/// The C side's `applysymmetricleft`.
unsafe extern "C" fn apply_symmetric_left(
    obj: sys::PetscObject,
    ctx: *mut c_void,
    x: sys::Vec,
    y: sys::Vec,
) -> sys::PetscErrorCode {
    // SAFETY: PETSc applies the live PC to two live vectors.
    unsafe {
        with_vectors(obj, ctx, x, y, |i, pc, x, y| {
            i.apply_symmetric_left(pc, x, y)
        })
    }
}

/// The C side's `applysymmetricright`.
unsafe extern "C" fn apply_symmetric_right(
    obj: sys::PetscObject,
    ctx: *mut c_void,
    x: sys::Vec,
    y: sys::Vec,
) -> sys::PetscErrorCode {
    // SAFETY: as above.
    unsafe {
        with_vectors(obj, ctx, x, y, |i, pc, x, y| {
            i.apply_symmetric_right(pc, x, y)
        })
    }
}

/// The C side's `matapply`.
unsafe extern "C" fn mat_apply(
    obj: sys::PetscObject,
    ctx: *mut c_void,
    x: sys::Mat,
    y: sys::Mat,
) -> sys::PetscErrorCode {
    // SAFETY: PETSc applies the live PC to two live dense matrices.
    unsafe {
        rust_type::with_lent::<PcClass>(obj, ctx, |imp, pc| {
            let petsc = pc.petsc.clone();
            // SAFETY: live matrices for the call, lent.
            let (xm, mut ym) = (
                Mat::from_raw_lent(&petsc, x)?,
                Mat::from_raw_lent(&petsc, y)?,
            );
            imp.mat_apply(pc, &xm, &mut ym)?;
            ym.written_in_place(y)
        })
    }
}

/// A `PcImpl` method run around a KSP's solve.
type SolveMethod = fn(&mut dyn PcImpl, &Pc, &Ksp, &Vector, &mut Vector) -> Result<()>;

/// Runs `f` with the instance `ctx` of the PC `obj`, the solver and its vectors, lent.
///
/// # Safety
/// `obj` must be a live PC holding the instance `ctx`; `ksp` a live solver; `b` and `x`
/// distinct live vectors.
unsafe fn around_solve(
    obj: sys::PetscObject,
    ctx: *mut c_void,
    ksp: sys::KSP,
    b: sys::Vec,
    x: sys::Vec,
    f: SolveMethod,
) -> sys::PetscErrorCode {
    // SAFETY: forwarded to the caller.
    unsafe {
        rust_type::with_lent::<PcClass>(obj, ctx, |imp, pc| {
            let petsc = pc.petsc.clone();
            // SAFETY: the live solver and vectors of the solve, lent for the call.
            let (k, bv, mut xv) = (
                Ksp::from_raw_lent(&petsc, ksp)?,
                Vector::from_raw_lent(&petsc, b)?,
                Vector::from_raw_lent(&petsc, x)?,
            );
            f(imp, pc, &k, &bv, &mut xv)?;
            xv.written_in_place(x)
        })
    }
}

/// The C side's `presolve`.
unsafe extern "C" fn pre_solve(
    obj: sys::PetscObject,
    ctx: *mut c_void,
    ksp: sys::KSP,
    b: sys::Vec,
    x: sys::Vec,
) -> sys::PetscErrorCode {
    // SAFETY: PETSc runs it with the live PC, solver and vectors of a solve.
    unsafe {
        around_solve(obj, ctx, ksp, b, x, |i, pc, k, b, x| {
            i.pre_solve(pc, k, b, x)
        })
    }
}

/// The C side's `postsolve`.
unsafe extern "C" fn post_solve(
    obj: sys::PetscObject,
    ctx: *mut c_void,
    ksp: sys::KSP,
    b: sys::Vec,
    x: sys::Vec,
) -> sys::PetscErrorCode {
    // SAFETY: as above.
    unsafe {
        around_solve(obj, ctx, ksp, b, x, |i, pc, k, b, x| {
            i.post_solve(pc, k, b, x)
        })
    }
}

/// PETSc applied a PC to no vector (it never does).
fn no_input() -> Error {
    Error::invalid("PcImpl::apply", "no input vector")
}

impl Pc {
    /// Registers the preconditioner type `name`, written in Rust: from now on every PC
    /// given this type (by [`set_type_name`](Self::set_type_name) or by options, such as
    /// `-pc_type NAME`, `-fieldsplit_1_pc_type NAME` or `-mg_levels_pc_type NAME`) gets
    /// its own instance, made by `make` (`PCRegister`). Registering the name again
    /// replaces the constructor for the PCs made after; a name PETSc already has
    /// (`"jacobi"`) is refused. See [`PcImpl`].
    ///
    /// `make` is kept until the program ends, as PETSc keeps the name: it must not
    /// capture a handle (a [`Petsc`](crate::Petsc), a [`Comm`](crate::Comm), an object),
    /// which would keep PETSc from finalizing when the program drops its last handle
    /// (the note printed at exit then names the type); it makes what it needs itself.
    #[doc(alias = "PCRegister")]
    pub fn register_type<T, F>(petsc: &Petsc, name: &str, make: F) -> Result<()>
    where
        T: PcImpl,
        F: Fn() -> T + 'static,
    {
        // SAFETY: a static table of this module's routines.
        crate::error::check(unsafe { sys::petscrs_PCRustSetHooks(&MORE_HOOKS) })?;
        rust_type::register_type::<PcClass>(
            petsc,
            "Pc::register_type",
            name,
            Box::new(move || Box::new(make()) as Box<dyn PcImpl>),
            sys::petscrs_PCRegisterRust,
        )
    }

    /// Gives this PC, whose type is written in Rust, the instance `imp` (petsc4py's
    /// `setPythonContext`), in place of the one it has, which is dropped; the PC is set up
    /// again (with `imp`) before its next use. An `Err` if the PC's type is not written in
    /// Rust.
    ///
    /// ```
    /// use petsc::{Pc, PcImpl, Vector};
    /// struct Scale(f64);
    /// impl PcImpl for Scale {
    ///     fn apply(&mut self, _: &Pc, x: &Vector, y: &mut Vector) -> petsc::Result<()> {
    ///         y.copy_from(x)?;
    ///         y.scale(self.0)
    ///     }
    /// }
    /// let petsc = petsc::Petsc::init()?;
    /// Pc::register_type(&petsc, "doc_scale", || Scale(1.0))?;
    /// let c = petsc.self_comm();
    /// let mut pc = Pc::new(&c)?;
    /// assert!(pc.set_implementation(Scale(2.0)).is_err()); // no Rust type yet
    /// pc.set_type_name("doc_scale")?;
    /// pc.set_implementation(Scale(2.0))?;
    /// assert_eq!(pc.with_implementation(|s: &mut Scale| s.0)?, 2.0);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PCPythonSetContext")]
    pub fn set_implementation<T: PcImpl>(&mut self, imp: T) -> Result<()> {
        const CTX: &str = "Pc::set_implementation";
        let mut old = std::ptr::null_mut();
        // SAFETY: live PC; PETSc's fields are read.
        crate::error::check(unsafe { sys::petscrs_PCRustContext(self.ptr, &mut old) })?;
        if old.is_null() {
            return Err(Error::invalid(CTX, "the PC's type is not written in Rust"));
        }
        let mut imp: Box<dyn PcImpl> = Box::new(imp);
        let flags = PcClass::created(&mut *imp, self)?;
        let ctx =
            crate::callback::register(&self.petsc, CallbackKind::PcRustType, imp).into_context();
        // SAFETY: live PC with a Rust type; `ctx` is a registered instance of its class,
        // which the PC owns from here on (and releases the old one).
        crate::error::check(unsafe { sys::petscrs_PCRustSetContext(self.ptr, ctx, flags) })
    }

    /// Runs `f` with this PC's instance of its Rust type `T` (see [`PcImpl`]; petsc4py's
    /// `getPythonContext`): an `Err` when the PC's type is not written in Rust or not
    /// as `T`, or when the instance is running one of its methods.
    #[doc(alias = "PCPythonGetContext")]
    pub fn with_implementation<T: PcImpl, R>(&self, f: impl FnOnce(&mut T) -> R) -> Result<R> {
        rust_type::with_instance::<PcClass, T, R>(
            "Pc::with_implementation",
            // SAFETY: live PC; PETSc's field is read.
            |ctx| unsafe { sys::petscrs_PCRustContext(self.ptr, ctx) },
            f,
        )
    }
}
