//! Time integrator types written in Rust ([`TsImpl`]), registered by name
//! ([`Ts::register_type`]) and chosen like PETSc's own (`-ts_type NAME`).

use std::any::Any;

use petsc_sys as sys;

use super::Ts;
use crate::callback::CallbackKind;
use crate::error::Result;
use crate::init::Petsc;
use crate::options::OptionsBlock;
use crate::rust_type::{self, Class};
use crate::scalar::Int;
use crate::vec::Vector;
use crate::viewer::Viewer;

/// A time integrator written in Rust: PETSc makes one instance (with the constructor
/// given to [`Ts::register_type`]) for each TS given the registered type's name, and
/// calls its methods as it calls the routines of its own types (petsc4py's Python TS,
/// `-ts_type python`). Each gets the TS, lent for the call.
///
/// The instance writes one step: [`step`](Self::step) advances the state `x` from the
/// TS's [`time`](Ts::time) by its [`time_step`](Ts::time_step), evaluating the equations
/// with the TS's own tools ([`Ts::compute_rhs_function`], ...). The rest is PETSc's, as
/// for [`Ts::set_shell_step`] (the same integrator underneath): the loop over steps and
/// the final time (`-ts_max_time`, `-ts_max_steps`), monitors (`-ts_monitor`), events,
/// the adaptor's acceptance of the step (a rejected or failed step puts the state back),
/// interpolation to the final time (linear). An `Err` or a panic in any method is the
/// error of the PETSc call that ran it, and the TS stays usable.
///
/// ```
/// use petsc::{Ts, TsImpl, Vector};
/// // Heun's method (explicit trapezoidal rule).
/// struct Heun;
/// impl TsImpl for Heun {
///     fn step(&mut self, ts: &mut Ts, x: &mut Vector) -> petsc::Result<()> {
///         let (t, dt) = (ts.time()?, ts.time_step()?);
///         let (mut k1, mut k2, mut y) = (x.duplicate()?, x.duplicate()?, x.duplicate()?);
///         ts.compute_rhs_function(t, x, &mut k1)?;
///         y.copy_from(x)?;
///         y.axpy(dt, &k1)?;
///         ts.compute_rhs_function(t + dt, &y, &mut k2)?;
///         x.axpy(dt / 2.0, &k1)?;
///         x.axpy(dt / 2.0, &k2)
///     }
/// }
/// let petsc = petsc::Petsc::init()?;
/// Ts::register_type(&petsc, "doc_heun", || Heun)?;
/// let c = petsc.self_comm();
/// let mut ts = Ts::new(&c)?;
/// ts.set_rhs_function(None, |_t, u, g| {
///     g.copy_from(u)?;
///     g.scale(-1.0) // u' = -u
/// })?;
/// ts.set_type_name("doc_heun")?; // or -ts_type doc_heun
/// ts.set_time_step(0.01)?;
/// ts.set_max_time(1.0)?;
/// ts.set_exact_final_time(petsc::ExactFinalTime::Matchstep)?;
/// let mut u = Vector::from_slice(&c, &[1.0])?;
/// ts.solve(&mut u)?;
/// assert!((u.view()?[0] - (-1.0f64).exp()).abs() < 1e-5); // second order
/// # Ok::<(), petsc::Error>(())
/// ```
pub trait TsImpl: Any {
    /// Advances the state `x` by one step, from [`Ts::time`] by [`Ts::time_step`]
    /// (`TSStep`).
    fn step(&mut self, ts: &mut Ts, x: &mut Vector) -> Result<()>;

    /// Sets the method up (`TSSetUp`): its work vectors, for example.
    fn set_up(&mut self, ts: &mut Ts) -> Result<()> {
        let _ = ts;
        Ok(())
    }

    /// Reads the instance's own options, under the TS's prefix (`TSSetFromOptions`);
    /// `-help` lists them under "TS NAME options".
    fn set_from_options(&mut self, ts: &mut Ts, options: &OptionsBlock<'_>) -> Result<()> {
        let _ = (ts, options);
        Ok(())
    }

    /// Prints what the instance has to say under the TS's type (`TSView`, `-ts_view`),
    /// indented as PETSc's own types are; called with text (ASCII) viewers only.
    fn view(&mut self, ts: &Ts, viewer: &Viewer) -> Result<()> {
        let _ = (ts, viewer);
        Ok(())
    }

    /// Forgets what the method built (`TSReset`).
    fn reset(&mut self, ts: &mut Ts) -> Result<()> {
        let _ = ts;
        Ok(())
    }
}

/// The TS class of `rust_type`.
struct TsClass;

impl Class for TsClass {
    type Handle = Ts;
    type Instance = dyn TsImpl;
    const CLASS: &'static str = "TS";
    const KIND: CallbackKind = CallbackKind::TsRustType;

    unsafe fn lend(petsc: &Petsc, obj: sys::PetscObject) -> Result<Ts> {
        // SAFETY: a live TS (caller).
        unsafe { Ts::from_raw_lent(petsc, obj as sys::TS) }
    }

    fn created(_: &mut dyn TsImpl, _: &mut Ts) -> Result<Int> {
        Ok(0)
    }

    fn as_any(imp: &mut dyn TsImpl) -> &mut dyn Any {
        imp
    }

    fn set_up(imp: &mut dyn TsImpl, ts: &mut Ts) -> Result<()> {
        imp.set_up(ts)
    }

    fn set_from_options(imp: &mut dyn TsImpl, ts: &mut Ts, block: &OptionsBlock<'_>) -> Result<()> {
        imp.set_from_options(ts, block)
    }

    fn view(imp: &mut dyn TsImpl, ts: &Ts, viewer: &Viewer) -> Result<()> {
        imp.view(ts, viewer)
    }

    fn reset(imp: &mut dyn TsImpl, ts: &mut Ts) -> Result<()> {
        imp.reset(ts)
    }

    fn apply(imp: &mut dyn TsImpl, ts: &mut Ts, _: Option<&Vector>, x: &mut Vector) -> Result<()> {
        imp.step(ts, x)
    }
}

impl Ts {
    /// Registers the time integrator type `name`, written in Rust: from now on every TS
    /// given this type (by [`set_type_name`](Self::set_type_name) or by options,
    /// `-ts_type NAME`) gets its own instance, made by `make` (`TSRegister`).
    /// Registering the name again replaces the constructor for the integrators made
    /// after; a name PETSc already has (`"rk"`) is refused. See [`TsImpl`].
    ///
    /// `make` is kept until the program ends, as PETSc keeps the name: it must not
    /// capture a handle (a [`Petsc`](crate::Petsc), a [`Comm`](crate::Comm), an object),
    /// which would keep PETSc from finalizing when the program drops its last handle
    /// (the note printed at exit then names the type); it makes what it needs itself.
    #[doc(alias = "TSRegister")]
    pub fn register_type<T, F>(petsc: &Petsc, name: &str, make: F) -> Result<()>
    where
        T: TsImpl,
        F: Fn() -> T + 'static,
    {
        rust_type::register_type::<TsClass>(
            petsc,
            "Ts::register_type",
            name,
            Box::new(move || Box::new(make()) as Box<dyn TsImpl>),
            sys::petscrs_TSRegisterRust,
        )
    }

    /// Runs `f` with this integrator's instance of its Rust type `T` (see [`TsImpl`];
    /// petsc4py's `getPythonContext`): an `Err` when the integrator's type is not written
    /// in Rust or not as `T`, or when the instance is running one of its methods.
    #[doc(alias = "TSPythonGetContext")]
    pub fn with_implementation<T: TsImpl, R>(&self, f: impl FnOnce(&mut T) -> R) -> Result<R> {
        rust_type::with_instance::<TsClass, T, R>(
            "Ts::with_implementation",
            // SAFETY: live TS; PETSc's field is read.
            |ctx| unsafe { sys::petscrs_TSRustContext(self.ptr, ctx) },
            f,
        )
    }
}
