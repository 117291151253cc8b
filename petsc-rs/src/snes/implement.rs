//! Nonlinear solver types written in Rust ([`SnesImpl`]), registered by name
//! ([`Snes::register_type`]) and chosen like PETSc's own (`-snes_type NAME`,
//! `-npc_snes_type NAME`, at any depth of a solver).

use std::any::Any;

use petsc_sys as sys;

use super::Snes;
use std::os::raw::c_void;

use crate::callback::CallbackKind;
use crate::error::{Error, Result, check, run_callback};
use crate::init::Petsc;
use crate::options::OptionsBlock;
use crate::rust_type::{self, Class};
use crate::scalar::Int;
use crate::vec::Vector;
use crate::viewer::Viewer;

/// A nonlinear solver written in Rust: PETSc makes one instance (with the constructor
/// given to [`Snes::register_type`]) for each SNES given the registered type's name, and
/// calls its methods as it calls the routines of its own types (petsc4py's Python SNES,
/// `-snes_type python`). Each gets the SNES, lent for the call.
///
/// [`solve`](Self::solve) does what PETSc's methods do, with the SNES's own tools, so
/// that the solver's options keep working: it evaluates the residual
/// ([`Snes::compute_function`]) and the Jacobian, solves with the inner KSP
/// ([`Snes::ksp`]), and at each iteration sets
/// [`set_iteration_number`](Snes::set_iteration_number) and
/// [`set_function_norm`](Snes::set_function_norm), records the norm
/// ([`log_convergence_history`](Snes::log_convergence_history)), runs the monitors
/// ([`run_monitors`](Snes::run_monitors): `-snes_monitor`) and the convergence test
/// ([`call_convergence_test`](Snes::call_convergence_test): `-snes_rtol`,
/// `-snes_max_it`, ...), and ends with [`set_converged_reason`](Snes::set_converged_reason)
/// (a solve that returns without a reason is an error). When it serves as another
/// solver's nonlinear preconditioner, it leaves the residual at its solution and its
/// norm set, as PETSc's methods do. An `Err` or a panic in any method is the error of
/// the PETSc call that ran it, and the SNES stays usable.
///
/// ```
/// use petsc::{NormType, Snes, SnesConvergedReason as R, SnesImpl, Vector};
/// // The fixed-point iteration x <- x - F(x).
/// struct FixedPoint;
/// impl SnesImpl for FixedPoint {
///     fn uses_ksp(&self) -> bool {
///         false
///     }
///     fn solve(&mut self, snes: &mut Snes, _b: Option<&Vector>, x: &mut Vector) -> petsc::Result<()> {
///         let mut f = x.duplicate()?;
///         let max_it = snes.tolerances()?.max_it.unwrap_or(50);
///         for it in 0..=max_it {
///             snes.compute_function(x, &mut f)?;
///             let fnorm = f.norm(NormType::Two)?;
///             snes.set_iteration_number(it)?;
///             snes.set_function_norm(fnorm)?;
///             snes.run_monitors(it, fnorm)?;
///             let reason = snes.call_convergence_test(it, 0.0, 0.0, fnorm)?;
///             if reason != R::Iterating {
///                 return snes.set_converged_reason(reason);
///             }
///             x.axpy(-1.0, &f)?;
///         }
///         snes.set_converged_reason(R::DivergedMaxIt)
///     }
/// }
/// let petsc = petsc::Petsc::init()?;
/// Snes::register_type(&petsc, "doc_fixed_point", || FixedPoint)?;
/// let c = petsc.self_comm();
/// let mut snes = Snes::new(&c)?;
/// // F(x) = x - cos(x): the fixed point of cos.
/// snes.set_function(Vector::from_slice(&c, &[0.0])?, |x, f| {
///     let x = x.view()?;
///     f.view_mut()?[0] = x[0] - x[0].cos();
///     Ok(())
/// })?;
/// snes.set_type_name("doc_fixed_point")?; // or -snes_type doc_fixed_point
/// let mut x = Vector::from_slice(&c, &[1.0])?;
/// snes.solve(None, &mut x)?.check()?;
/// assert!((x.view()?[0] - 0.7390851332151607).abs() < 1e-6);
/// # Ok::<(), petsc::Error>(())
/// ```
pub trait SnesImpl: Any {
    /// Solves `F(x) = b` (`SNESSolve`): `x` holds the initial guess; `b` is `None` for
    /// `F(x) = 0`. Without one of its own, an instance gets petsc4py's default for the
    /// Python type ([`Snes::solve_default`]): Newton steps ([`step`](Self::step))
    /// between [`pre_step`](Self::pre_step) and [`post_step`](Self::post_step), through
    /// the solver's line search, with the update closure ([`Snes::set_update`]),
    /// history, convergence test and monitors.
    fn solve(&mut self, snes: &mut Snes, b: Option<&Vector>, x: &mut Vector) -> Result<()> {
        let _ = (b, x);
        snes.solve_default(self)
    }

    /// Called before each step of [`Snes::solve_default`] (petsc4py's `preStep`).
    fn pre_step(&mut self, snes: &mut Snes) -> Result<()> {
        let _ = snes;
        Ok(())
    }

    /// Called after each step of [`Snes::solve_default`], the iteration counted
    /// (petsc4py's `postStep`).
    fn post_step(&mut self, snes: &mut Snes) -> Result<()> {
        let _ = snes;
        Ok(())
    }

    /// The step `y` of [`Snes::solve_default`] at `x`, whose residual is `f` (the line
    /// search then moves `x` along `-y`); by default Newton's, `J(x) y = f`
    /// ([`Snes::step_default`]).
    fn step(&mut self, snes: &mut Snes, x: &Vector, f: &Vector, y: &mut Vector) -> Result<()> {
        snes.step_default(x, f, y)
    }

    /// Whether the method uses the inner linear solver ([`Snes::ksp`]); asked once,
    /// when the instance is made. A method that does not use one says so, and PETSc
    /// then neither sets it up nor lists its options.
    fn uses_ksp(&self) -> bool {
        true
    }

    /// Sets the method up (`SNESSetUp`): its work vectors, for example.
    fn set_up(&mut self, snes: &mut Snes) -> Result<()> {
        let _ = snes;
        Ok(())
    }

    /// Reads the instance's own options, under the SNES's prefix (`SNESSetFromOptions`);
    /// `-help` lists them under "SNES NAME options".
    fn set_from_options(&mut self, snes: &mut Snes, options: &OptionsBlock<'_>) -> Result<()> {
        let _ = (snes, options);
        Ok(())
    }

    /// Prints what the instance has to say under the SNES's type (`SNESView`,
    /// `-snes_view`), indented as PETSc's own types are; called with text (ASCII) viewers only.
    fn view(&mut self, snes: &Snes, viewer: &Viewer) -> Result<()> {
        let _ = (snes, viewer);
        Ok(())
    }

    /// Forgets what the method built (`SNESReset`).
    fn reset(&mut self, snes: &mut Snes) -> Result<()> {
        let _ = snes;
        Ok(())
    }
}

/// The SNES class of `rust_type`.
struct SnesClass;

impl Class for SnesClass {
    type Handle = Snes;
    type Instance = dyn SnesImpl;
    const CLASS: &'static str = "SNES";
    const KIND: CallbackKind = CallbackKind::SnesRustType;

    unsafe fn lend(petsc: &Petsc, obj: sys::PetscObject) -> Result<Snes> {
        // SAFETY: a live SNES (caller).
        unsafe { Snes::from_raw_lent(petsc, obj as sys::SNES) }
    }

    fn created(imp: &mut dyn SnesImpl, _: &mut Snes) -> Result<Int> {
        Ok(if imp.uses_ksp() {
            0
        } else {
            sys::PETSCRS_RUST_NO_KSP as Int
        })
    }

    fn as_any(imp: &mut dyn SnesImpl) -> &mut dyn Any {
        imp
    }

    fn set_up(imp: &mut dyn SnesImpl, snes: &mut Snes) -> Result<()> {
        imp.set_up(snes)
    }

    fn set_from_options(
        imp: &mut dyn SnesImpl,
        snes: &mut Snes,
        block: &OptionsBlock<'_>,
    ) -> Result<()> {
        imp.set_from_options(snes, block)
    }

    fn view(imp: &mut dyn SnesImpl, snes: &Snes, viewer: &Viewer) -> Result<()> {
        imp.view(snes, viewer)
    }

    fn reset(imp: &mut dyn SnesImpl, snes: &mut Snes) -> Result<()> {
        imp.reset(snes)
    }

    fn apply(
        imp: &mut dyn SnesImpl,
        snes: &mut Snes,
        b: Option<&Vector>,
        x: &mut Vector,
    ) -> Result<()> {
        imp.solve(snes, b, x)
    }
}

impl Snes {
    /// Registers the nonlinear solver type `name`, written in Rust: from now on every
    /// SNES given this type (by [`set_type_name`](Self::set_type_name) or by options,
    /// such as `-snes_type NAME` or `-npc_snes_type NAME`) gets its own instance, made by
    /// `make` (`SNESRegister`). Registering the name again replaces the constructor for
    /// the solvers made after; a name PETSc already has (`"newtonls"`) is refused. See
    /// [`SnesImpl`].
    ///
    /// `make` is kept until the program ends, as PETSc keeps the name: it must not
    /// capture a handle (a [`Petsc`](crate::Petsc), a [`Comm`](crate::Comm), an object),
    /// which would keep PETSc from finalizing when the program drops its last handle
    /// (the note printed at exit then names the type); it makes what it needs itself.
    #[doc(alias = "SNESRegister")]
    pub fn register_type<T, F>(petsc: &Petsc, name: &str, make: F) -> Result<()>
    where
        T: SnesImpl,
        F: Fn() -> T + 'static,
    {
        rust_type::register_type::<SnesClass>(
            petsc,
            "Snes::register_type",
            name,
            Box::new(move || Box::new(make()) as Box<dyn SnesImpl>),
            sys::petscrs_SNESRegisterRust,
        )
    }

    /// Runs `f` with this solver's instance of its Rust type `T` (see [`SnesImpl`];
    /// petsc4py's `getPythonContext`): an `Err` when the solver's type is not written in
    /// Rust or not as `T`, or when the instance is running one of its methods.
    #[doc(alias = "SNESPythonGetContext")]
    pub fn with_implementation<T: SnesImpl, R>(&self, f: impl FnOnce(&mut T) -> R) -> Result<R> {
        rust_type::with_instance::<SnesClass, T, R>(
            "Snes::with_implementation",
            // SAFETY: live SNES; PETSc's field is read.
            |ctx| unsafe { sys::petscrs_SNESRustContext(self.ptr, ctx) },
            f,
        )
    }
}

/// The instance's step hooks as `petscrs_SNESSolveDefault` calls them: `which` 0
/// (pre-step), 1 (step) and 2 (post-step), with the raw vectors.
type StepHooks<'a> = dyn FnMut(Int, [sys::Vec; 3]) -> Result<()> + 'a;

/// The hook of the default solve: runs the closure `ctx` points to.
unsafe extern "C" fn step_hook_trampoline(
    ctx: *mut c_void,
    which: Int,
    x: sys::Vec,
    f: sys::Vec,
    y: sys::Vec,
    _stepped: *mut sys::PetscBool,
) -> sys::PetscErrorCode {
    run_callback("the step of a SNES written in Rust", || {
        // SAFETY: `ctx` is the `&mut &mut StepHooks` of the default solve running.
        let hooks = unsafe { &mut *(ctx as *mut &mut StepHooks<'_>) };
        hooks(which, [x, f, y])
    })
}

impl Snes {
    /// petsc4py's default solve for a SNES type written in Python, for an instance of
    /// [`SnesImpl`] (its provided [`solve`](SnesImpl::solve)): from the solution
    /// vector, the residual and its norm, then up to the iteration limit the update
    /// closure ([`set_update`](Self::set_update)), [`pre_step`](SnesImpl::pre_step),
    /// [`step`](SnesImpl::step), the line search along the step,
    /// [`post_step`](SnesImpl::post_step), the history, the convergence test and the
    /// monitors; `DIVERGED_MAX_IT` if the limit is reached first.
    pub fn solve_default<T: SnesImpl + ?Sized>(&mut self, imp: &mut T) -> Result<()> {
        let ptr = self.ptr;
        let petsc = self.petsc.clone();
        let snes = &mut *self;
        let mut hooks = |which: Int, [x, f, y]: [sys::Vec; 3]| -> Result<()> {
            match which {
                0 => imp.pre_step(snes),
                2 => imp.post_step(snes),
                _ => {
                    // SAFETY: the solver's live vectors, lent for the step.
                    let (xv, fv, mut yv) = unsafe {
                        (
                            Vector::from_raw_lent(&petsc, x)?,
                            Vector::from_raw_lent(&petsc, f)?,
                            Vector::from_raw_lent(&petsc, y)?,
                        )
                    };
                    imp.step(snes, &xv, &fv, &mut yv)
                }
            }
        };
        let mut dyn_hooks: &mut StepHooks<'_> = &mut hooks;
        // SAFETY: live solver; the hook context lives across the call.
        check(unsafe {
            sys::petscrs_SNESSolveDefault(
                ptr,
                Some(step_hook_trampoline),
                (&mut dyn_hooks as *mut &mut StepHooks<'_>).cast(),
            )
        })
    }

    /// The default Newton step of [`solve_default`](Self::solve_default): `y` solves
    /// `J(x) y = f` with the Jacobian computed at `x` and the solver's KSP, whose
    /// iterations are counted in [`linear_iterations`](Self::linear_iterations).
    pub fn step_default(&mut self, x: &Vector, f: &Vector, y: &mut Vector) -> Result<()> {
        // SAFETY: live solver and vectors.
        check(unsafe { sys::petscrs_SNESStepDefault(self.ptr, x.as_raw(), f.as_raw(), y.as_raw()) })
    }

    /// Gives the solver, whose type is written in Rust, the instance `imp`, replacing
    /// the one it has (petsc4py's `setPythonContext`, as [`Mat::set_implementation`]
    /// does for matrices); the solver is set up again at its next use.
    ///
    /// [`Mat::set_implementation`]: crate::Mat::set_implementation
    #[doc(alias = "SNESPythonSetContext")]
    pub fn set_implementation<T: SnesImpl>(&mut self, imp: T) -> Result<()> {
        const CTX: &str = "Snes::set_implementation";
        let mut old = std::ptr::null_mut();
        // SAFETY: live SNES; PETSc's fields are read.
        check(unsafe { sys::petscrs_SNESRustContext(self.ptr, &mut old) })?;
        if old.is_null() {
            return Err(Error::invalid(
                CTX,
                "the solver's type is not written in Rust",
            ));
        }
        let mut imp: Box<dyn SnesImpl> = Box::new(imp);
        let flags = SnesClass::created(&mut *imp, self)?;
        let ctx =
            crate::callback::register(&self.petsc, CallbackKind::SnesRustType, imp).into_context();
        // SAFETY: live SNES with a Rust type; `ctx` is a registered instance of its
        // class, which the solver owns from here on (and releases the old one).
        check(unsafe { sys::petscrs_SNESRustSetContext(self.ptr, ctx, flags) })
    }
}
