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
use crate::scalar::{Int, Real};
use crate::vec::Vector;
use crate::viewer::Viewer;

/// A time integrator written in Rust: PETSc makes one instance (with the constructor
/// given to [`Ts::register_type`]) for each TS given the registered type's name, and
/// calls its methods as it calls the routines of its own types (petsc4py's Python TS,
/// `-ts_type python`); [`Ts::set_implementation`] gives a TS of the type a ready-made
/// instance instead (petsc4py's `setPythonContext`). Each method gets the TS, lent for
/// the call.
///
/// The instance writes one step: [`step`](Self::step) advances the state `x` from the
/// TS's [`time`](Ts::time) by its [`time_step`](Ts::time_step), evaluating the equations
/// with the TS's own tools ([`Ts::compute_rhs_function`], ...). By default, as in
/// petsc4py, the step is [`solve_step`](Self::solve_step) at the end of the step, which
/// solves the implicit step with the TS's nonlinear solver ([`Ts::snes`]): its residual
/// is `F(t + dt, x, (x - x0) / dt)`, `x0` the state at the start of the step (the
/// I-function, or `x' - G` for a right-hand side), and its Jacobian is the I-Jacobian
/// with shift `1 / dt` (colored finite differences with `-snes_fd_color`). Then
/// [`adapt_step`](Self::adapt_step) may accept the step or reject it with another size
/// (the step is then taken again from the same state), else the TS's adaptor decides.
/// The rest is PETSc's, as for [`Ts::set_shell_step`] (the same integrator underneath):
/// the loop over steps and the final time (`-ts_max_time`, `-ts_max_steps`), monitors
/// (`-ts_monitor`), events, interpolation to the final time (linear). An `Err` or a panic
/// in any method is the error of the PETSc call that ran it, the state goes back to the
/// start of the step, and the TS stays usable.
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
/// ts.solve(&mut u)?.check()?;
/// assert!((u.view()?[0] - (-1.0f64).exp()).abs() < 1e-5); // second order
/// # Ok::<(), petsc::Error>(())
/// ```
///
/// The default step, backward Euler through the TS's nonlinear solver, with a step size
/// the instance halves until it is at most 0.3 (a rejected step is taken again):
///
/// ```
/// use petsc::{Real, Ts, TsImpl, Vector};
/// struct Halving;
/// impl TsImpl for Halving {
///     fn adapt_step(
///         &mut self,
///         ts: &mut Ts,
///         _t: Real,
///         _x: &Vector,
///     ) -> petsc::Result<Option<(Real, bool)>> {
///         let dt = ts.time_step()?;
///         Ok(Some(if dt <= 0.3 { (dt, true) } else { (dt / 2.0, false) }))
///     }
/// }
/// let petsc = petsc::Petsc::init()?;
/// Ts::register_type(&petsc, "doc_halving", || Halving)?;
/// let c = petsc.self_comm();
/// let mut ts = Ts::new(&c)?;
/// ts.set_type_name("doc_halving")?;
/// ts.set_ifunction(None, |_t, u, du, f| {
///     f.copy_from(du)?;
///     f.axpy(1.0, u) // u' = -u
/// })?;
/// ts.set_time_step(0.5)?;
/// ts.set_max_steps(4)?;
/// let mut u = Vector::from_slice(&c, &[1.0])?;
/// ts.solve(&mut u)?.check()?;
/// assert_eq!(ts.step_rejections()?, 1); // 0.5, then 0.25 four times
/// assert!((ts.time()? - 1.0).abs() < 1e-12);
/// assert!((u.view()?[0] - (1.0f64 / 1.25).powi(4)).abs() < 1e-6);
/// assert!(ts.snes_iterations()? > 0);
/// # Ok::<(), petsc::Error>(())
/// ```
pub trait TsImpl: Any {
    /// Called once the instance belongs to a TS: made for it by the registered
    /// constructor, or given to it by [`Ts::set_implementation`] (petsc4py's `create`).
    fn create(&mut self, ts: &mut Ts) -> Result<()> {
        let _ = ts;
        Ok(())
    }

    /// Advances the state `x` by one step, from [`Ts::time`] by [`Ts::time_step`]
    /// (`TSStep`). By default: [`solve_step`](Self::solve_step) at the step's end time.
    fn step(&mut self, ts: &mut Ts, x: &mut Vector) -> Result<()> {
        let t = ts.time()? + ts.time_step()?;
        self.solve_step(ts, t, x)
    }

    /// Solves the step ending at time `t` for the state `x` (holding the state at the
    /// start of the step on entry) (petsc4py's `solveStep`). By default: the TS's
    /// nonlinear solver on the implicit step's residual (see the trait's docs), its
    /// iterations added to the TS's counts ([`Ts::snes_iterations`]).
    fn solve_step(&mut self, ts: &mut Ts, t: Real, x: &mut Vector) -> Result<()> {
        let _ = t;
        let mut snes = ts.snes()?;
        // Not checked, as petsc4py's `solveStep` does not: whether the step is kept is
        // the TS's decision (`adapt_step`, or PETSc reading the SNES's reason).
        let _ = snes.solve(None, x)?;
        let (n, l) = (snes.iteration_number()?, snes.linear_iterations()?);
        // SAFETY: live TS.
        crate::error::check(unsafe { sys::petscrs_TSAddSolveIterations(ts.ptr, n, l) })
    }

    /// Decides whether the step just taken to the state `x` at time `t` is kept
    /// (petsc4py's `adaptStep`): `Some((dt, true))` keeps it, `dt` the size of the
    /// next step; `Some((dt, false))` rejects it, and the step is taken again from the
    /// same state with size `dt` (at most `-ts_max_reject` times). By default `None`: the
    /// TS's adaptor decides (`none` unless set: every step is kept).
    fn adapt_step(&mut self, ts: &mut Ts, t: Real, x: &Vector) -> Result<Option<(Real, bool)>> {
        let _ = (ts, t, x);
        Ok(None)
    }

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

    fn created(imp: &mut dyn TsImpl, ts: &mut Ts) -> Result<Int> {
        imp.create(ts)?;
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
        // SAFETY: a static table of hooks.
        crate::error::check(unsafe { sys::petscrs_TSRustSetHooks(&TS_HOOKS) })?;
        rust_type::register_type::<TsClass>(
            petsc,
            "Ts::register_type",
            name,
            Box::new(move || Box::new(make()) as Box<dyn TsImpl>),
            sys::petscrs_TSRegisterRust,
        )
    }

    /// Gives this integrator, whose type is written in Rust (see [`TsImpl`]), the
    /// instance `imp` in place of its own (petsc4py's `setPythonContext`): the old
    /// instance is dropped, [`TsImpl::create`] is called on the new one, and the
    /// integrator is set up again at its next solve. An `Err` when the integrator's type
    /// is not written in Rust; `imp` may be of another Rust type than the one
    /// registered.
    ///
    /// ```
    /// use petsc::{Ts, TsImpl, Vector};
    /// struct Scaled(f64);
    /// impl TsImpl for Scaled {
    ///     fn step(&mut self, _: &mut Ts, x: &mut Vector) -> petsc::Result<()> {
    ///         x.scale(self.0)
    ///     }
    /// }
    /// let petsc = petsc::Petsc::init()?;
    /// Ts::register_type(&petsc, "doc_scaled", || Scaled(1.0))?;
    /// let c = petsc.self_comm();
    /// let mut ts = Ts::new(&c)?;
    /// assert!(ts.set_implementation(Scaled(2.0)).is_err()); // not a Rust type yet
    /// ts.set_type_name("doc_scaled")?;
    /// ts.set_implementation(Scaled(2.0))?;
    /// ts.set_time_step(0.1)?;
    /// ts.set_max_steps(3)?;
    /// let mut u = Vector::from_slice(&c, &[1.0])?;
    /// ts.solve(&mut u)?.check()?;
    /// assert_eq!(u.view()?[0], 8.0);
    /// assert_eq!(ts.with_implementation(|s: &mut Scaled| s.0)?, 2.0);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "TSPythonSetContext")]
    pub fn set_implementation<T: TsImpl>(&mut self, imp: T) -> Result<()> {
        const CTX: &str = "Ts::set_implementation";
        let mut old = std::ptr::null_mut();
        // SAFETY: live TS; PETSc's fields are read.
        crate::error::check(unsafe { sys::petscrs_TSRustContext(self.ptr, &mut old) })?;
        if old.is_null() {
            return Err(crate::error::Error::invalid(
                CTX,
                "the TS's type is not written in Rust",
            ));
        }
        let mut imp: Box<dyn TsImpl> = Box::new(imp);
        TsClass::created(&mut *imp, self)?;
        let ctx =
            crate::callback::register(&self.petsc, CallbackKind::TsRustType, imp).into_context();
        // SAFETY: live TS with a Rust type; `ctx` is a registered instance of its class,
        // which the TS owns from here on (and releases the old one).
        crate::error::check(unsafe { sys::petscrs_TSRustSetContext(self.ptr, ctx) })
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

/// The TS hooks beyond the common ones.
static TS_HOOKS: sys::petscrs_TSRustHooks = sys::petscrs_TSRustHooks {
    adapt: Some(adapt_hook),
};

/// The C side's `adapt`: the instance's [`TsImpl::adapt_step`], after the step.
unsafe extern "C" fn adapt_hook(
    obj: sys::PetscObject,
    ctx: *mut std::ffi::c_void,
    t: Real,
    x: sys::Vec,
    next: *mut Real,
    accept: *mut sys::PetscBool,
    decided: *mut sys::PetscBool,
) -> sys::PetscErrorCode {
    // SAFETY: PETSc steps the live TS holding the instance; `x` is its live state.
    unsafe {
        rust_type::with_lent::<TsClass>(obj, ctx, |imp, ts| {
            let petsc = ts.petsc.clone();
            // SAFETY: the TS's state, live for the call, lent.
            let xv = Vector::from_raw_scoped(&petsc, x)?;
            if let Some((dt, ok)) = imp.adapt_step(ts, t, &xv)? {
                // SAFETY: PETSc's out-arguments.
                *next = dt;
                *accept = crate::declare::petsc_bool(ok);
                *decided = crate::declare::petsc_bool(true);
            }
            Ok(())
        })
    }
}
