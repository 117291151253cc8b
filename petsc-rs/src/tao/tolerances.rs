//! Tolerances of a solve: gradient tolerances, iteration and evaluation limits, and the
//! objective's lower bound.

use petsc_sys as sys;

use super::Tao;
use crate::error::{Error, Result, check, check_tolerance};
use crate::object::default_real;
use crate::scalar::{Int, Real};

/// An optimizer's gradient tolerances, by name ([`Tao::set_tolerances`],
/// [`Tao::tolerances`]; petsc4py's `setTolerances(gatol=, grtol=, gttol=)`). A field left
/// `None` (the [`Default`]) keeps the solver's current value.
///
/// ```
/// let t = petsc::TaoTolerances { gatol: Some(1e-10), ..Default::default() };
/// assert_eq!((t.gatol, t.grtol), (Some(1e-10), None));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct TaoTolerances {
    /// Stop when `||g|| < gatol` (PETSc's default `1e-8`).
    pub gatol: Option<Real>,
    /// Stop when `||g|| / |f| < grtol` (default `1e-8`).
    pub grtol: Option<Real>,
    /// Stop when `||g|| / ||g0|| < gttol` (default `0`, no such test).
    pub gttol: Option<Real>,
}

impl Tao {
    /// Sets the gradient tolerances (`TaoSetTolerances`), each by name; a field left
    /// `None` keeps its current value (and counts, for the method's own defaults, as
    /// never set).
    ///
    /// ```
    /// use petsc::TaoTolerances;
    /// let petsc = petsc::Petsc::init()?;
    /// let mut tao = petsc::Tao::new(&petsc.self_comm())?;
    /// let grtol = tao.tolerances()?.grtol;
    /// tao.set_tolerances(TaoTolerances { gatol: Some(1e-10), gttol: Some(0.0), ..Default::default() })?;
    /// assert_eq!(tao.tolerances()?, TaoTolerances { gatol: Some(1e-10), grtol, gttol: Some(0.0) });
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "TaoSetTolerances")]
    pub fn set_tolerances(&mut self, t: TaoTolerances) -> Result<()> {
        // PETSc ignores a negative tolerance (with a note in -info) and stores a NaN.
        const CTX: &str = "Tao::set_tolerances";
        check_tolerance(CTX, "gatol", t.gatol)?;
        check_tolerance(CTX, "grtol", t.grtol)?;
        check_tolerance(CTX, "gttol", t.gttol)?;
        // SAFETY: live solver; values checked above.
        check(unsafe {
            sys::TaoSetTolerances(
                self.ptr,
                default_real(t.gatol),
                default_real(t.grtol),
                default_real(t.gttol),
            )
        })
    }

    /// The gradient tolerances (`TaoGetTolerances`), every field `Some`.
    #[doc(alias = "TaoGetTolerances")]
    pub fn tolerances(&self) -> Result<TaoTolerances> {
        let (mut a, mut r, mut t): (Real, Real, Real) = (0.0, 0.0, 0.0);
        // SAFETY: live solver; three outputs.
        check(unsafe { sys::TaoGetTolerances(self.ptr, &mut a, &mut r, &mut t) })?;
        Ok(TaoTolerances {
            gatol: Some(a),
            grtol: Some(r),
            gttol: Some(t),
        })
    }

    crate::methods![for Tao;
        /// Sets the iteration limit (`TaoSetMaximumIterations`); reaching it ends the solve
        /// with
        /// [`TaoConvergedReason::DivergedMaxits`](super::TaoConvergedReason::DivergedMaxits).
        /// A negative limit is refused (PETSc turned it into 0).
        pub fn set_max_iterations(&mut self, max_it: Int where max_it >= 0)
            = TaoSetMaximumIterations as "TaoSetMaximumIterations";

        /// The iteration limit (`TaoGetMaximumIterations`).
        pub fn max_iterations(&self) -> Int = TaoGetMaximumIterations as "TaoGetMaximumIterations";
    ];

    crate::methods![for Tao;
        /// Sets the limit on objective evaluations (`TaoSetMaximumFunctionEvaluations`);
        /// reaching it ends the solve with
        /// [`TaoConvergedReason::DivergedMaxfcn`](super::TaoConvergedReason::DivergedMaxfcn).
        ///
        /// Up to PETSc 3.24 the count it limits starts again at every solve; from 3.25 on it
        /// runs over the solver's whole life (see
        /// [`current_function_evaluations`](Self::current_function_evaluations)), so a
        /// solver reused for many solves needs the limit raised before each (`lmvm` sets
        /// 4000).
        pub fn set_max_function_evaluations(&mut self, max_funcs: Int where max_funcs >= -1)
            = TaoSetMaximumFunctionEvaluations as "TaoSetMaximumFunctionEvaluations";
    ];

    crate::methods![for Tao;
        /// The limit on objective evaluations, `-1` for none
        /// (`TaoGetMaximumFunctionEvaluations`).
        pub fn max_function_evaluations(&self) -> Int
            = TaoGetMaximumFunctionEvaluations as "TaoGetMaximumFunctionEvaluations";

        /// The number of objective (or objective-and-gradient) evaluations the limit of
        /// [`set_max_function_evaluations`](Self::set_max_function_evaluations) is checked
        /// against (`TaoGetCurrentFunctionEvaluations`): those of the last solve up to PETSc
        /// 3.24, those since the solver was created from 3.25 on (`TaoSolve` no longer resets
        /// them).
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let c = petsc.self_comm();
        /// let mut tao = petsc::Tao::new(&c)?;
        /// let x = petsc::Vector::from_slice(&c, &[3.0])?;
        /// tao.set_solution(&x)?;
        /// tao.set_objective_and_gradient(|x, g| {
        ///     let x0 = x.view()?[0];
        ///     g.view_mut()?[0] = 2.0 * (x0 - 1.0);
        ///     Ok((x0 - 1.0) * (x0 - 1.0))
        /// })?;
        /// tao.solve()?.check()?;
        /// assert!(tao.current_function_evaluations()? > 0);
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn current_function_evaluations(&self) -> Int
            = TaoGetCurrentFunctionEvaluations as "TaoGetCurrentFunctionEvaluations";
    ];

    /// Stops the solve when `f(x)` falls below `fmin` (`TaoSetFunctionLowerBound`), with
    /// [`TaoConvergedReason::ConvergedMinf`](super::TaoConvergedReason::ConvergedMinf).
    /// A NaN bound is refused (no objective value compares below it); `-inf` means none.
    #[doc(alias = "TaoSetFunctionLowerBound")]
    pub fn set_function_lower_bound(&mut self, fmin: Real) -> Result<()> {
        if fmin.is_nan() {
            return Err(Error::invalid(
                "Tao::set_function_lower_bound",
                "fmin is NaN; it must be a number (or -inf for no bound)",
            ));
        }
        // SAFETY: live solver.
        check(unsafe { sys::TaoSetFunctionLowerBound(self.ptr, fmin) })
    }
}
