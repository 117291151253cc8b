//! Krylov method types written in Rust ([`KspImpl`]), registered by name
//! ([`Ksp::register_type`]) and chosen like PETSc's own (`-ksp_type NAME` at any depth of
//! a solver).

use std::any::Any;

use petsc_sys as sys;

use super::Ksp;
use super::settings::{KspNormType, PcSide};
use crate::callback::CallbackKind;
use crate::error::{Error, Result, check};
use crate::init::Petsc;
use crate::options::OptionsBlock;
use crate::rust_type::{self, Class};
use crate::scalar::Int;
use crate::vec::Vector;
use crate::viewer::Viewer;

/// A Krylov method (or any linear solve) written in Rust: PETSc makes one instance
/// (with the constructor given to [`Ksp::register_type`]) for each KSP given the
/// registered type's name, and calls its methods as it calls the routines of its own
/// types (petsc4py's Python KSP, `-ksp_type python`). Each gets the KSP, lent for the
/// call.
///
/// [`solve`](Self::solve) does what PETSc's methods do, with the KSP's own tools, so
/// that the solver's options keep working: it applies the operators
/// ([`Ksp::operators`]) and the preconditioner ([`Ksp::pc`]), and at each iteration sets
/// [`set_iteration_number`](Ksp::set_iteration_number) and
/// [`set_residual_norm`](Ksp::set_residual_norm), records the norm
/// ([`log_convergence_history`](Ksp::log_convergence_history)), runs the monitors
/// ([`run_monitors`](Ksp::run_monitors): `-ksp_monitor`) and the convergence test
/// ([`call_convergence_test`](Ksp::call_convergence_test): `-ksp_rtol`, `-ksp_max_it`,
/// a test set by the program), and ends with
/// [`set_converged_reason`](Ksp::set_converged_reason) (a solve that returns without a
/// reason is an error). An `Err` or a panic in any method is the error of the PETSc
/// call that ran it, and the KSP stays usable.
///
/// ```
/// use petsc::{Csr, Ksp, KspConvergedReason, KspImpl, Mat, PcType, Sizes, Vector};
/// // Richardson's iteration x <- x + B (b - A x), preconditioned norm.
/// struct Richardson;
/// impl KspImpl for Richardson {
///     fn solve(&mut self, ksp: &mut Ksp, b: &Vector, x: &mut Vector) -> petsc::Result<()> {
///         let (a, _) = ksp.operators()?;
///         let mut pc = ksp.pc()?;
///         let (mut r, mut z) = (b.duplicate()?, b.duplicate()?);
///         let max_it = ksp.tolerances()?.max_it.unwrap_or(10_000);
///         for it in 0.. {
///             a.mult(x, &mut r)?;
///             r.aypx(-1.0, b)?; // r = b - A x
///             pc.apply(&r, &mut z)?;
///             let norm = z.norm(petsc::NormType::Two)?;
///             ksp.set_iteration_number(it)?;
///             ksp.set_residual_norm(norm)?;
///             ksp.run_monitors(it, norm)?;
///             let reason = ksp.call_convergence_test(it, norm)?;
///             if reason != KspConvergedReason::Iterating || it == max_it {
///                 let reason = if reason == KspConvergedReason::Iterating { KspConvergedReason::DivergedIts } else { reason };
///                 return ksp.set_converged_reason(reason);
///             }
///             x.axpy(1.0, &z)?;
///         }
///         unreachable!()
///     }
/// }
/// let petsc = petsc::Petsc::init()?;
/// Ksp::register_type(&petsc, "doc_richardson", || Richardson)?;
/// let c = petsc.self_comm();
/// let a = Mat::aij(&c).sizes(Sizes::local(2, 2)).csr(Csr { row_ptr: &[0, 2, 4], cols: &[0, 1, 0, 1], vals: &[4.0, 1.0, 1.0, 3.0] }).build()?;
/// let mut ksp = Ksp::new(&c)?;
/// ksp.set_operators(&a, &a)?;
/// ksp.set_type_name("doc_richardson")?; // or -ksp_type doc_richardson
/// ksp.pc()?.set_type(PcType::Jacobi)?;
/// let b = Vector::from_slice(&c, &[1.0, 2.0])?;
/// let mut x = b.duplicate()?;
/// ksp.solve(&b, &mut x)?.check()?;
/// let x = x.view()?; // the solution of [4 1; 1 3] x = [1; 2]
/// assert!((x[0] - 1.0 / 11.0).abs() < 1e-4 && (x[1] - 7.0 / 11.0).abs() < 1e-4);
/// # Ok::<(), petsc::Error>(())
/// ```
pub trait KspImpl: Any {
    /// Solves `A x = b` (`KSPSolve`): `x` holds the initial guess (zero unless
    /// [`set_initial_guess_nonzero`](Ksp::set_initial_guess_nonzero)), `b` the
    /// right-hand side.
    fn solve(&mut self, ksp: &mut Ksp, b: &Vector, x: &mut Vector) -> Result<()>;

    /// The residual norms the method computes, each with the preconditioner side it
    /// works on and a priority (`KSPSetSupportedNorm`): PETSc picks the solver's norm
    /// and side among them, and refuses an option asking for another
    /// (`-ksp_norm_type`, `-ksp_pc_side`). Asked once, when the instance is made. The
    /// default: the preconditioned norm on the left (first choice), the unpreconditioned
    /// norm and no norm on the left.
    fn supported_norms(&self) -> Vec<(KspNormType, PcSide, Int)> {
        vec![
            (KspNormType::Preconditioned, PcSide::Left, 2),
            (KspNormType::Unpreconditioned, PcSide::Left, 1),
            (KspNormType::None, PcSide::Left, 1),
        ]
    }

    /// Sets the method up (`KSPSetUp`): its work vectors, for example.
    fn set_up(&mut self, ksp: &mut Ksp) -> Result<()> {
        let _ = ksp;
        Ok(())
    }

    /// Reads the instance's own options, under the KSP's prefix (`KSPSetFromOptions`);
    /// `-help` lists them under "KSP NAME options".
    fn set_from_options(&mut self, ksp: &mut Ksp, options: &OptionsBlock<'_>) -> Result<()> {
        let _ = (ksp, options);
        Ok(())
    }

    /// Prints what the instance has to say under the KSP's type (`KSPView`,
    /// `-ksp_view`), indented as PETSc's own types are; called with text (ASCII) viewers only.
    fn view(&mut self, ksp: &Ksp, viewer: &Viewer) -> Result<()> {
        let _ = (ksp, viewer);
        Ok(())
    }

    /// Forgets what the method built (`KSPReset`).
    fn reset(&mut self, ksp: &mut Ksp) -> Result<()> {
        let _ = ksp;
        Ok(())
    }
}

/// The KSP class of `rust_type`.
struct KspClass;

impl Class for KspClass {
    type Handle = Ksp;
    type Instance = dyn KspImpl;
    const CLASS: &'static str = "KSP";
    const KIND: CallbackKind = CallbackKind::KspRustType;

    unsafe fn lend(petsc: &Petsc, obj: sys::PetscObject) -> Result<Ksp> {
        // SAFETY: a live KSP (caller).
        unsafe { Ksp::from_raw_lent(petsc, obj as sys::KSP) }
    }

    fn created(imp: &mut dyn KspImpl, ksp: &mut Ksp) -> Result<Int> {
        for (norm, side, priority) in imp.supported_norms() {
            // SAFETY: the live KSP being given its type.
            check(unsafe {
                sys::KSPSetSupportedNorm(ksp.as_raw(), norm.raw(), side.raw(), priority)
            })?;
        }
        Ok(0)
    }

    fn as_any(imp: &mut dyn KspImpl) -> &mut dyn Any {
        imp
    }

    fn set_up(imp: &mut dyn KspImpl, ksp: &mut Ksp) -> Result<()> {
        imp.set_up(ksp)
    }

    fn set_from_options(
        imp: &mut dyn KspImpl,
        ksp: &mut Ksp,
        block: &OptionsBlock<'_>,
    ) -> Result<()> {
        imp.set_from_options(ksp, block)
    }

    fn view(imp: &mut dyn KspImpl, ksp: &Ksp, viewer: &Viewer) -> Result<()> {
        imp.view(ksp, viewer)
    }

    fn reset(imp: &mut dyn KspImpl, ksp: &mut Ksp) -> Result<()> {
        imp.reset(ksp)
    }

    fn apply(
        imp: &mut dyn KspImpl,
        ksp: &mut Ksp,
        b: Option<&Vector>,
        x: &mut Vector,
    ) -> Result<()> {
        let b = b.ok_or_else(|| Error::invalid("KspImpl::solve", "no right-hand side"))?;
        imp.solve(ksp, b, x)
    }
}

impl Ksp {
    /// Registers the Krylov method type `name`, written in Rust: from now on every KSP
    /// given this type (by [`set_type_name`](Self::set_type_name) or by options, such as
    /// `-ksp_type NAME`, `-mg_levels_ksp_type NAME` or `-fieldsplit_0_ksp_type NAME`)
    /// gets its own instance, made by `make` (`KSPRegister`). Registering the name
    /// again replaces the constructor for the KSPs made after; a name PETSc already has
    /// (`"cg"`) is refused. See [`KspImpl`].
    ///
    /// `make` is kept until the program ends, as PETSc keeps the name: it must not
    /// capture a handle (a [`Petsc`](crate::Petsc), a [`Comm`](crate::Comm), an object),
    /// which would keep PETSc from finalizing when the program drops its last handle
    /// (the note printed at exit then names the type); it makes what it needs itself.
    #[doc(alias = "KSPRegister")]
    pub fn register_type<T, F>(petsc: &Petsc, name: &str, make: F) -> Result<()>
    where
        T: KspImpl,
        F: Fn() -> T + 'static,
    {
        rust_type::register_type::<KspClass>(
            petsc,
            "Ksp::register_type",
            name,
            Box::new(move || Box::new(make()) as Box<dyn KspImpl>),
            sys::petscrs_KSPRegisterRust,
        )
    }

    /// Gives this KSP, whose type is written in Rust, the instance `imp` (petsc4py's
    /// `setPythonContext`), in place of the one it has, which is dropped; the KSP is set
    /// up again (with `imp`) before its next solve. An `Err` if the KSP's type is not
    /// written in Rust.
    ///
    /// ```
    /// use petsc::{Ksp, KspConvergedReason, KspImpl, Vector};
    /// struct Zero(u32);
    /// impl KspImpl for Zero {
    ///     fn solve(&mut self, ksp: &mut Ksp, _: &Vector, x: &mut Vector) -> petsc::Result<()> {
    ///         x.set(0.0)?;
    ///         ksp.set_converged_reason(KspConvergedReason::ConvergedIts)
    ///     }
    /// }
    /// let petsc = petsc::Petsc::init()?;
    /// Ksp::register_type(&petsc, "doc_zero", || Zero(0))?;
    /// let mut ksp = Ksp::new(&petsc.self_comm())?;
    /// assert!(ksp.set_implementation(Zero(1)).is_err()); // gmres
    /// ksp.set_type_name("doc_zero")?;
    /// ksp.set_implementation(Zero(7))?;
    /// assert_eq!(ksp.with_implementation(|z: &mut Zero| z.0)?, 7);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "KSPPythonSetContext")]
    pub fn set_implementation<T: KspImpl>(&mut self, imp: T) -> Result<()> {
        const CTX: &str = "Ksp::set_implementation";
        let mut old = std::ptr::null_mut();
        // SAFETY: live KSP; PETSc's fields are read.
        check(unsafe { sys::petscrs_KSPRustContext(self.ptr, &mut old) })?;
        if old.is_null() {
            return Err(Error::invalid(CTX, "the KSP's type is not written in Rust"));
        }
        let mut imp: Box<dyn KspImpl> = Box::new(imp);
        KspClass::created(&mut *imp, self)?;
        let ctx =
            crate::callback::register(&self.petsc, CallbackKind::KspRustType, imp).into_context();
        // SAFETY: live KSP with a Rust type; `ctx` is a registered instance of its class,
        // which the KSP owns from here on (and releases the old one).
        check(unsafe { sys::petscrs_KSPRustSetContext(self.ptr, ctx) })
    }

    /// Runs `f` with this KSP's instance of its Rust type `T` (see [`KspImpl`];
    /// petsc4py's `getPythonContext`): an `Err` when the KSP's type is not written in
    /// Rust or not as `T`, or when the instance is running one of its methods.
    #[doc(alias = "KSPPythonGetContext")]
    pub fn with_implementation<T: KspImpl, R>(&self, f: impl FnOnce(&mut T) -> R) -> Result<R> {
        rust_type::with_instance::<KspClass, T, R>(
            "Ksp::with_implementation",
            // SAFETY: live KSP; PETSc's field is read.
            |ctx| unsafe { sys::petscrs_KSPRustContext(self.ptr, ctx) },
            f,
        )
    }
}
