//! Optimization solver types written in Rust ([`TaoImpl`]), registered by name
//! ([`Tao::register_type`]) and chosen like PETSc's own (`-tao_type NAME`).

use std::any::Any;

use petsc_sys as sys;

use super::Tao;
use std::os::raw::c_void;

use crate::callback::CallbackKind;
use crate::error::{Error, Result, check, run_callback};
use crate::init::Petsc;
use crate::options::OptionsBlock;
use crate::rust_type::{self, Class};
use crate::scalar::Int;
use crate::vec::Vector;
use crate::viewer::Viewer;

/// An optimization solver written in Rust: PETSc makes one instance (with the
/// constructor given to [`Tao::register_type`]) for each Tao given the registered type's
/// name, and calls its methods as it calls the routines of its own types (petsc4py's
/// Python TAO, `-tao_type python`). Each gets the Tao, lent for the call.
///
/// Without a [`solve`](Self::solve) of its own, an instance gets petsc4py's default
/// ([`Tao::solve_default`]: its [`step`](Self::step)s through a line search). A solve of
/// its own does what PETSc's methods do, with the Tao's own tools, so that the solver's
/// options keep working: it evaluates the objective and gradient
/// ([`Tao::compute_objective_gradient`], ...), and at each iteration sets
/// [`set_iteration_number`](Tao::set_iteration_number), records and reports the state
/// ([`log_convergence_history`](Tao::log_convergence_history),
/// [`run_monitors`](Tao::run_monitors): `-tao_monitor`) and tests it
/// ([`check_converged`](Tao::check_converged): `-tao_gatol`, `-tao_max_it`, a test set
/// by the program), which sets the converged reason; it returns once there is one (a
/// solve may also return without one, as petsc4py's may). An `Err` or a panic in any method is
/// the error of the PETSc call that ran it, and the Tao stays usable.
///
/// ```
/// use petsc::{NormType, Tao, TaoConvergedReason as R, TaoImpl, Vector};
/// // Steepest descent with a fixed step.
/// struct Descent {
///     step: f64,
/// }
/// impl TaoImpl for Descent {
///     fn solve(&mut self, tao: &mut Tao, x: &mut Vector) -> petsc::Result<()> {
///         let mut g = x.duplicate()?;
///         for it in 0.. {
///             let f = tao.compute_objective_gradient(x, &mut g)?;
///             let gnorm = g.norm(NormType::Two)?;
///             tao.set_iteration_number(it)?;
///             tao.run_monitors(it, f, gnorm, 0.0, self.step)?;
///             if tao.check_converged()? != R::Iterating {
///                 return Ok(());
///             }
///             x.axpy(-self.step, &g)?;
///         }
///         unreachable!()
///     }
/// }
/// let petsc = petsc::Petsc::init()?;
/// Tao::register_type(&petsc, "doc_descent", || Descent { step: 0.25 })?;
/// let c = petsc.self_comm();
/// let mut tao = Tao::new(&c)?;
/// // f(x) = sum (x_i - i)^2
/// tao.set_objective_and_gradient(|x, g| {
///     let (x, mut g) = (x.view()?, g.view_mut()?);
///     let mut f = 0.0;
///     for i in 0..x.len() {
///         f += (x[i] - i as f64).powi(2);
///         g[i] = 2.0 * (x[i] - i as f64);
///     }
///     Ok(f)
/// })?;
/// tao.set_type_name("doc_descent")?; // or -tao_type doc_descent
/// let mut x = Vector::from_slice(&c, &[5.0, 5.0, 5.0])?;
/// tao.set_solution(&x)?;
/// tao.solve()?.check()?;
/// let x = tao.solution()?;
/// let x = x.view()?;
/// assert!((x[0] - 0.0).abs() < 1e-6 && (x[2] - 2.0).abs() < 1e-6);
/// # Ok::<(), petsc::Error>(())
/// ```
pub trait TaoImpl: Any {
    /// Minimizes (`TaoSolve`): `x` is the solver's solution vector, holding the initial
    /// guess. Without one of its own, an instance gets petsc4py's default for the Python
    /// type ([`Tao::solve_default`]): steps ([`step`](Self::step)) between
    /// [`pre_step`](Self::pre_step) and [`post_step`](Self::post_step), through the
    /// solver's line search, with the update closure ([`Tao::set_update`]), history,
    /// monitors and convergence test. A solve may return without a converged reason
    /// (the reason stays `CONTINUE_ITERATING`), as petsc4py's may.
    fn solve(&mut self, tao: &mut Tao, x: &mut Vector) -> Result<()> {
        let _ = x;
        tao.solve_default(self)
    }

    /// Called before each step of [`Tao::solve_default`] (petsc4py's `preStep`).
    fn pre_step(&mut self, tao: &mut Tao) -> Result<()> {
        let _ = tao;
        Ok(())
    }

    /// Called after each step of [`Tao::solve_default`], the iteration counted
    /// (petsc4py's `postStep`).
    fn post_step(&mut self, tao: &mut Tao) -> Result<()> {
        let _ = tao;
        Ok(())
    }

    /// The step direction `s` of [`Tao::solve_default`] at `x`, given the gradient
    /// vector `g` to compute the gradient into (the line search then moves `x` along
    /// `s`); by default steepest descent, `s = -g(x)` ([`Tao::step_default`]). Called
    /// only when the solver has a gradient.
    fn step(&mut self, tao: &mut Tao, x: &Vector, g: &mut Vector, s: &mut Vector) -> Result<()> {
        tao.step_default(x, g, s)
    }

    /// Sets the method up (`TaoSetUp`): its work vectors, for example.
    fn set_up(&mut self, tao: &mut Tao) -> Result<()> {
        let _ = tao;
        Ok(())
    }

    /// Reads the instance's own options, under the Tao's prefix (`TaoSetFromOptions`);
    /// `-help` lists them under "Tao NAME options".
    fn set_from_options(&mut self, tao: &mut Tao, options: &OptionsBlock<'_>) -> Result<()> {
        let _ = (tao, options);
        Ok(())
    }

    /// Prints what the instance has to say under the Tao's type (`TaoView`,
    /// `-tao_view`), indented as PETSc's own types are; called with text (ASCII) viewers only.
    fn view(&mut self, tao: &Tao, viewer: &Viewer) -> Result<()> {
        let _ = (tao, viewer);
        Ok(())
    }
}

/// The Tao class of `rust_type`.
struct TaoClass;

impl Class for TaoClass {
    type Handle = Tao;
    type Instance = dyn TaoImpl;
    const CLASS: &'static str = "Tao";
    const KIND: CallbackKind = CallbackKind::TaoRustType;

    unsafe fn lend(petsc: &Petsc, obj: sys::PetscObject) -> Result<Tao> {
        // SAFETY: a live Tao (caller).
        unsafe { Tao::from_raw_lent(petsc, obj as sys::Tao) }
    }

    fn created(_: &mut dyn TaoImpl, _: &mut Tao) -> Result<Int> {
        Ok(0)
    }

    fn as_any(imp: &mut dyn TaoImpl) -> &mut dyn Any {
        imp
    }

    fn set_up(imp: &mut dyn TaoImpl, tao: &mut Tao) -> Result<()> {
        imp.set_up(tao)
    }

    fn set_from_options(
        imp: &mut dyn TaoImpl,
        tao: &mut Tao,
        block: &OptionsBlock<'_>,
    ) -> Result<()> {
        imp.set_from_options(tao, block)
    }

    fn view(imp: &mut dyn TaoImpl, tao: &Tao, viewer: &Viewer) -> Result<()> {
        imp.view(tao, viewer)
    }

    /// Tao has no reset: never called.
    fn reset(_: &mut dyn TaoImpl, _: &mut Tao) -> Result<()> {
        Ok(())
    }

    fn apply(
        imp: &mut dyn TaoImpl,
        tao: &mut Tao,
        _: Option<&Vector>,
        x: &mut Vector,
    ) -> Result<()> {
        imp.solve(tao, x)
    }
}

impl Tao {
    /// Registers the optimization solver type `name`, written in Rust: from now on every
    /// Tao given this type (by [`set_type_name`](Self::set_type_name) or by options,
    /// `-tao_type NAME`) gets its own instance, made by `make` (`TaoRegister`).
    /// Registering the name again replaces the constructor for the solvers made after; a
    /// name PETSc already has (`"lmvm"`) is refused. See [`TaoImpl`].
    ///
    /// `make` is kept until the program ends, as PETSc keeps the name: it must not
    /// capture a handle (a [`Petsc`](crate::Petsc), a [`Comm`](crate::Comm), an object),
    /// which would keep PETSc from finalizing when the program drops its last handle
    /// (the note printed at exit then names the type); it makes what it needs itself.
    #[doc(alias = "TaoRegister")]
    pub fn register_type<T, F>(petsc: &Petsc, name: &str, make: F) -> Result<()>
    where
        T: TaoImpl,
        F: Fn() -> T + 'static,
    {
        rust_type::register_type::<TaoClass>(
            petsc,
            "Tao::register_type",
            name,
            Box::new(move || Box::new(make()) as Box<dyn TaoImpl>),
            sys::petscrs_TaoRegisterRust,
        )
    }

    /// Runs `f` with this solver's instance of its Rust type `T` (see [`TaoImpl`];
    /// petsc4py's `getPythonContext`): an `Err` when the solver's type is not written in
    /// Rust or not as `T`, or when the instance is running one of its methods.
    #[doc(alias = "TaoPythonGetContext")]
    pub fn with_implementation<T: TaoImpl, R>(&self, f: impl FnOnce(&mut T) -> R) -> Result<R> {
        rust_type::with_instance::<TaoClass, T, R>(
            "Tao::with_implementation",
            // SAFETY: live Tao; PETSc's field is read.
            |ctx| unsafe { sys::petscrs_TaoRustContext(self.ptr, ctx) },
            f,
        )
    }
}

/// The instance's step hooks as `petscrs_TaoSolveDefault` calls them: `which` 0
/// (pre-step), 1 (step) and 2 (post-step), with the raw vectors.
type StepHooks<'a> = dyn FnMut(Int, [sys::Vec; 3]) -> Result<()> + 'a;

/// The hook of the default solve: runs the closure `ctx` points to.
unsafe extern "C" fn step_hook_trampoline(
    ctx: *mut c_void,
    which: Int,
    x: sys::Vec,
    g: sys::Vec,
    s: sys::Vec,
    _stepped: *mut sys::PetscBool,
) -> sys::PetscErrorCode {
    run_callback("the step of a Tao written in Rust", || {
        // SAFETY: `ctx` is the `&mut &mut StepHooks` of the default solve running.
        let hooks = unsafe { &mut *(ctx as *mut &mut StepHooks<'_>) };
        hooks(which, [x, g, s])
    })
}

impl Tao {
    /// petsc4py's default solve for a Tao type written in Python, for an instance of
    /// [`TaoImpl`] (its provided [`solve`](TaoImpl::solve)): the objective (and
    /// gradient) at the solution, then up to the iteration limit the update closure
    /// ([`set_update`](Self::set_update)), [`pre_step`](TaoImpl::pre_step),
    /// [`step`](TaoImpl::step), the line search along the step (a More-Thuente one if
    /// the solver has none), [`post_step`](TaoImpl::post_step), the history, the
    /// monitors and the convergence test; `DIVERGED_MAXITS` if the limit is reached
    /// first.
    pub fn solve_default<T: TaoImpl + ?Sized>(&mut self, imp: &mut T) -> Result<()> {
        let ptr = self.ptr;
        let petsc = self.petsc.clone();
        let tao = &mut *self;
        let mut hooks = |which: Int, [x, g, s]: [sys::Vec; 3]| -> Result<()> {
            match which {
                0 => imp.pre_step(tao),
                2 => imp.post_step(tao),
                _ if g.is_null() || s.is_null() => Ok(()),
                _ => {
                    // SAFETY: the solver's live vectors, lent for the step.
                    let (xv, mut gv, mut sv) = unsafe {
                        (
                            Vector::from_raw_lent(&petsc, x)?,
                            Vector::from_raw_lent(&petsc, g)?,
                            Vector::from_raw_lent(&petsc, s)?,
                        )
                    };
                    imp.step(tao, &xv, &mut gv, &mut sv)
                }
            }
        };
        let mut dyn_hooks: &mut StepHooks<'_> = &mut hooks;
        // SAFETY: live solver; the hook context lives across the call.
        check(unsafe {
            sys::petscrs_TaoSolveDefault(
                ptr,
                Some(step_hook_trampoline),
                (&mut dyn_hooks as *mut &mut StepHooks<'_>).cast(),
            )
        })
    }

    /// The default step of [`solve_default`](Self::solve_default): steepest descent,
    /// the gradient at `x` computed into `g` and `s = -g`.
    pub fn step_default(&mut self, x: &Vector, g: &mut Vector, s: &mut Vector) -> Result<()> {
        // SAFETY: live solver and vectors.
        check(unsafe { sys::petscrs_TaoStepDefault(self.ptr, x.as_raw(), g.as_raw(), s.as_raw()) })
    }

    /// Gives the solver, whose type is written in Rust, the instance `imp`, replacing
    /// the one it has (petsc4py's `setPythonContext`, as [`Mat::set_implementation`]
    /// does for matrices); the solver is set up again at its next use.
    ///
    /// [`Mat::set_implementation`]: crate::Mat::set_implementation
    #[doc(alias = "TaoPythonSetContext")]
    pub fn set_implementation<T: TaoImpl>(&mut self, imp: T) -> Result<()> {
        const CTX: &str = "Tao::set_implementation";
        let mut old = std::ptr::null_mut();
        // SAFETY: live Tao; PETSc's fields are read.
        check(unsafe { sys::petscrs_TaoRustContext(self.ptr, &mut old) })?;
        if old.is_null() {
            return Err(Error::invalid(
                CTX,
                "the solver's type is not written in Rust",
            ));
        }
        let mut imp: Box<dyn TaoImpl> = Box::new(imp);
        let flags = TaoClass::created(&mut *imp, self)?;
        let ctx =
            crate::callback::register(&self.petsc, CallbackKind::TaoRustType, imp).into_context();
        // SAFETY: live Tao with a Rust type; `ctx` is a registered instance of its
        // class, which the solver owns from here on (and releases the old one).
        check(unsafe { sys::petscrs_TaoRustSetContext(self.ptr, ctx, flags) })
    }
}
