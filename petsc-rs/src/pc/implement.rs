//! Preconditioner types written in Rust ([`PcImpl`]), registered by name
//! ([`Pc::register_type`]) and chosen like PETSc's own (`-pc_type NAME` at any depth
//! of a solver).

use std::any::Any;

use petsc_sys as sys;

use super::Pc;
use crate::callback::CallbackKind;
use crate::error::{Error, Result};
use crate::init::Petsc;
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
/// use petsc::{Ksp, KspType, Mat, Pc, PcImpl, Vector};
/// // Point Jacobi: y = x / diag(A).
/// #[derive(Default)]
/// struct Jacobi { inv_diag: Option<Vector> }
/// impl PcImpl for Jacobi {
///     fn set_up(&mut self, pc: &Pc) -> petsc::Result<()> {
///         let (_, p) = pc.operators()?;
///         let mut d = p.create_vecs()?.0;
///         p.get_diagonal(&mut d)?;
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
/// let a = Mat::from_csr(&c, Some(3), Some(3), None, None, &[0, 1, 2, 3], &[0, 1, 2], &[1.0, 2.0, 4.0])?;
/// let mut ksp = Ksp::new(&c)?;
/// ksp.set_operators(&a, &a)?;
/// ksp.set_type(KspType::Richardson)?;
/// ksp.pc()?.set_type_name("doc_jacobi")?; // or -pc_type doc_jacobi
/// let b = Vector::from_slice(&c, &[1.0, 1.0, 1.0])?;
/// let mut x = b.duplicate()?;
/// ksp.solve(&b, &mut x)?;
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
        Ok(if imp.has_apply_transpose() {
            sys::PETSCRS_RUST_TRANSPOSE as Int
        } else {
            0
        })
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
        rust_type::register_type::<PcClass>(
            petsc,
            "Pc::register_type",
            name,
            Box::new(move || Box::new(make()) as Box<dyn PcImpl>),
            sys::petscrs_PCRegisterRust,
        )
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
