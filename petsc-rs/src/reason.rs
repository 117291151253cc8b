//! What every solver's converged reason is: [`Reason`], the one definition of which
//! reasons converged, which diverged, and the error a diverged one becomes.

use crate::error::{Error, Result};

/// Why a solver stopped: the shape every converged-reason enum shares
/// ([`KspConvergedReason`](crate::KspConvergedReason),
/// [`SnesConvergedReason`](crate::SnesConvergedReason),
/// [`TsConvergedReason`](crate::TsConvergedReason), `TaoConvergedReason`, and SLEPc's
/// `EpsConvergedReason`, `SvdConvergedReason`, `PepConvergedReason`,
/// `NepConvergedReason`, `MfnConvergedReason`, `LmeConvergedReason`), for code generic
/// over solvers.
///
/// As in PETSc, a positive code converged, a negative one diverged (or failed), and
/// zero means still iterating: what a solve reports before it has finished, neither
/// converged nor diverged. Every enum has the same methods inherent, so calling them
/// needs no import of this trait.
///
/// The solves (`Ksp::solve`, `Snes::solve`, `Ts::solve`, ...) return the reason, and
/// every reason type is `#[must_use]`: a program either looks at it or says it expects
/// convergence with [`check`](Self::check).
///
/// ```
/// use petsc::{KspConvergedReason, Reason, TsConvergedReason};
/// fn stopped_well<R: Reason>(r: R) -> bool {
///     r.check().is_ok()
/// }
/// assert!(stopped_well(KspConvergedReason::ConvergedRtol));
/// assert!(stopped_well(TsConvergedReason::ConvergedTime));
/// assert!(!stopped_well(KspConvergedReason::DivergedIts));
/// assert_eq!(<KspConvergedReason as Reason>::solver(), "KSP");
/// ```
pub trait Reason: Copy + std::fmt::Display {
    /// PETSc's (or SLEPc's) name of the C enum (`"KSPConvergedReason"`).
    const C_NAME: &'static str;

    /// PETSc's code for the reason.
    fn code(self) -> i32;

    /// The solver class the reason is of, as PETSc names it (`"KSP"`, `"SNES"`, `"TS"`,
    /// `"Tao"`, `"EPS"`, ...): the C enum's name without `ConvergedReason`.
    fn solver() -> &'static str {
        Self::C_NAME
            .strip_suffix("ConvergedReason")
            .unwrap_or(Self::C_NAME)
    }

    /// Whether the solver converged (positive code).
    fn is_converged(self) -> bool {
        self.code() > 0
    }

    /// Whether the solver diverged or failed (negative code).
    fn is_diverged(self) -> bool {
        self.code() < 0
    }

    /// `Ok(())` unless the solver diverged, then
    /// [`Error::NotConverged`](crate::Error::NotConverged) naming the solver and PETSc's
    /// name of the reason (`KSP did not converge: DIVERGED_ITS`). Still iterating (code
    /// 0, which a solve that returned does not report) is not a divergence.
    ///
    /// It returns `()` rather than the reason so that `solver.solve(..)?.check()?;`
    /// uses the reason up; keep the reason in a variable to use it further.
    ///
    /// ```
    /// use petsc::{Error, KspConvergedReason, Reason};
    /// assert!(KspConvergedReason::ConvergedAtol.check().is_ok());
    /// assert!(KspConvergedReason::Iterating.check().is_ok());
    /// match &KspConvergedReason::DivergedDtol.check() {
    ///     Err(Error::NotConverged { solver, reason }) => {
    ///         assert_eq!((solver.as_str(), reason.as_str()), ("KSP", "DIVERGED_DTOL"));
    ///     }
    ///     other => panic!("{other:?}"),
    /// }
    /// ```
    fn check(self) -> Result<()> {
        if self.is_diverged() {
            return Err(Error::not_converged(Self::solver(), self.to_string()));
        }
        Ok(())
    }
}
