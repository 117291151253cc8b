//! Newton's method with arc-length continuation (`SNESNEWTONAL`, PETSc 3.21 on): the
//! load parameter `lambda` runs from 0 to 1 along the solution path of `F(x) = lambda b`
//! (or of a load the tangent-load closure gives).

use std::os::raw::c_void;

use petsc_sys as sys;

use super::Snes;
use crate::callback::{CallbackKind, attach, run};
use crate::error::{Result, check, unlock_on_error};
use crate::scalar::Real;
use crate::vec::Vector;

/// The solver type these methods need (`SNESNEWTONAL`).
const NEWTONAL: &str = "newtonal";

crate::c_enum! {
    /// How `SNESNEWTONAL` corrects the load parameter in the iterations after the
    /// predictor (`SNESNewtonALCorrectionType`, PETSc 3.21 on).
    ///
    /// ```
    /// use petsc::NewtonAlCorrectionType as C;
    /// assert_eq!(C::ALL, &[C::Exact, C::Normal]);
    /// ```
    pub NewtonAlCorrectionType: sys::SNESNewtonALCorrectionType {
        Exact = SNES_NEWTONAL_CORRECTION_EXACT "the correction that satisfies the arc-length \
            constraint exactly (a quadratic equation; the default).",
        Normal = SNES_NEWTONAL_CORRECTION_NORMAL "the correction in the hyperplane normal to \
            the step (cheaper, always real).",
    }
}

/// A tangent-load closure: `(u, q)`.
type TangentLoadFn = dyn FnMut(&Vector, &mut Vector) -> Result<()>;

/// `SNESNewtonALSetFunction` trampoline.
unsafe extern "C" fn tangent_load_trampoline(
    _snes: sys::SNES,
    u: sys::Vec,
    q: sys::Vec,
    ctx: *mut c_void,
) -> sys::PetscErrorCode {
    let code = run::<TangentLoadFn>(ctx, CallbackKind::SnesNewtonAlFunction, |petsc, f| {
        // SAFETY: `u` and `q` are live and distinct for the call; each handle takes a
        // reference.
        let (uv, mut qv) = unsafe {
            (
                Vector::from_raw_lent(petsc, u)?,
                Vector::from_raw_lent(petsc, q)?,
            )
        };
        f(&uv, &mut qv)?;
        qv.written_in_place(q)
    });
    // SAFETY: `u` is live for the call; a failed closure may have left it locked.
    unsafe { unlock_on_error(code, &[u]) }
}

/// Newton's method with arc-length continuation (`SNESNEWTONAL`, PETSc 3.21 on). Each
/// method needs the solver's type set to `"newtonal"` and returns an `Err` otherwise
/// (PETSc's own calls do nothing, or write another type's data, on a solver of another
/// type).
///
/// With a right-hand side `b` given to [`solve`](Snes::solve), the method follows
/// `F(x) = lambda b` from `lambda = 0` to 1 (proportional loading, `-snes_newtonal_scale_rhs`,
/// on by default):
///
/// ```
/// use petsc::{NewtonAlCorrectionType, Snes, Vector};
/// let petsc = petsc::Petsc::init()?;
/// let c = petsc.self_comm();
/// // x^3 + x = lambda 10: at lambda = 1, x = 2.
/// let mut snes = Snes::new(&c)?;
/// assert!(snes.newtonal_load_parameter().is_err()); // not newtonal
/// snes.set_type_name("newtonal")?;
/// snes.set_newtonal_correction_type(NewtonAlCorrectionType::Normal)?;
/// snes.set_function(Vector::new_seq(&c, 1)?, |x, f| {
///     let x0 = x.view()?[0];
///     f.view_mut()?[0] = x0 * x0 * x0 + x0;
///     Ok(())
/// })?;
/// snes.set_use_mf(true)?;
/// let calls = std::rc::Rc::new(std::cell::Cell::new(0));
/// let seen = calls.clone();
/// snes.set_newtonal_function(move |_u, q| {
///     seen.set(seen.get() + 1);
///     q.set(0.0) // no load beyond the proportional one
/// })?;
/// let b = Vector::from_slice(&c, &[10.0])?;
/// let mut x = Vector::from_slice(&c, &[0.0])?;
/// snes.solve(Some(&b), &mut x)?.check()?;
/// assert!((x.view()?[0] - 2.0).abs() < 1e-6);
/// assert_eq!(snes.newtonal_load_parameter()?, 1.0);
/// assert!(calls.get() > 0);
/// # Ok::<(), petsc::Error>(())
/// ```
impl Snes {
    crate::methods![for Snes;
        /// How the load parameter is corrected after the predictor
        /// (`SNESNewtonALSetCorrectionType`; PETSc 3.21 on).
        pub fn set_newtonal_correction_type(&mut self, ty: NewtonAlCorrectionType)
            = SNESNewtonALSetCorrectionType as "SNESNewtonALSetCorrectionType",
            needs require_type(NEWTONAL);
        /// The load parameter `lambda` (`SNESNewtonALGetLoadParameter`; PETSc 3.21 on):
        /// 0 before a solve, 1 after one that reached the end of the path, the current
        /// value inside the residual and tangent-load closures.
        pub fn newtonal_load_parameter(&self) -> Real
            = SNESNewtonALGetLoadParameter as "SNESNewtonALGetLoadParameter",
            needs require_type(NEWTONAL);
    ];

    /// Sets the closure `f(u, q)` that writes the tangent load `q = -dF/dlambda` at `u`
    /// (`SNESNewtonALSetFunction`; PETSc 3.21 on), added to the load of the right-hand
    /// side. Kept with the solver, replacing the previous one; an `Err` or a panic ends
    /// the solve.
    #[doc(alias = "SNESNewtonALSetFunction")]
    pub fn set_newtonal_function<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(&Vector, &mut Vector) -> Result<()> + 'static,
    {
        self.require_type("Snes::set_newtonal_function", NEWTONAL)?;
        let f: Box<TangentLoadFn> = Box::new(f);
        // SAFETY: live solver; the closure is kept with it (replacing the previous one).
        let ctx = unsafe {
            attach(
                &self.petsc,
                self.ptr as sys::PetscObject,
                CallbackKind::SnesNewtonAlFunction,
                f,
            )
        }?;
        // SAFETY: live solver of type newtonal; the trampoline finds the closure through
        // `ctx`, which lives as long as the solver.
        check(unsafe { sys::SNESNewtonALSetFunction(self.ptr, Some(tangent_load_trampoline), ctx) })
    }
}
