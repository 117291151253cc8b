//! Optimization solver types written in Rust ([`TaoImpl`]), registered by name
//! ([`Tao::register_type`]) and chosen like PETSc's own (`-tao_type NAME`).

use std::any::Any;

use petsc_sys as sys;

use super::Tao;
use crate::callback::CallbackKind;
use crate::error::Result;
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
/// [`solve`](Self::solve) does what PETSc's methods do, with the Tao's own tools, so that
/// the solver's options keep working: it evaluates the objective and gradient
/// ([`Tao::compute_objective_gradient`], ...), and at each iteration sets
/// [`set_iteration_number`](Tao::set_iteration_number), records and reports the state
/// ([`log_convergence_history`](Tao::log_convergence_history),
/// [`run_monitors`](Tao::run_monitors): `-tao_monitor`) and tests it
/// ([`check_converged`](Tao::check_converged): `-tao_gatol`, `-tao_max_it`, a test set
/// by the program), which sets the converged reason; it returns once there is one (a
/// solve that returns without a reason is an error). An `Err` or a panic in any method is
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
/// tao.solve()?;
/// assert!(tao.converged_reason()?.is_converged());
/// let x = tao.solution()?;
/// let x = x.view()?;
/// assert!((x[0] - 0.0).abs() < 1e-6 && (x[2] - 2.0).abs() < 1e-6);
/// # Ok::<(), petsc::Error>(())
/// ```
pub trait TaoImpl: Any {
    /// Minimizes (`TaoSolve`): `x` is the solver's solution vector, holding the initial
    /// guess.
    fn solve(&mut self, tao: &mut Tao, x: &mut Vector) -> Result<()>;

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
