//! Why an optimization stopped ([`TaoConvergedReason`]) and where a solve stands
//! ([`TaoState`]).

use petsc_sys as sys;

use crate::error::{Result, check};
use crate::scalar::{Int, Real};

/// Why an optimization stopped (`TaoConvergedReason`): positive codes converged, negative
/// ones diverged, zero is still iterating. Codes this enum does not name are kept as
/// [`TaoConvergedReason::Unknown`].
///
/// `Display` prints PETSc's name (`CONVERGED_GATOL`, `DIVERGED_MAXITS`), as
/// `-tao_converged_reason` does.
///
/// ```
/// use petsc::TaoConvergedReason;
/// let r = TaoConvergedReason::from_raw(3);
/// assert_eq!(r, TaoConvergedReason::ConvergedGatol);
/// assert!(r.is_converged());
/// assert_eq!(r.to_string(), "CONVERGED_GATOL");
/// let d = TaoConvergedReason::DivergedMaxits;
/// assert!(d.is_diverged() && !d.is_converged());
/// assert_eq!(d.code(), -2);
/// assert_eq!(TaoConvergedReason::from_raw(-77), TaoConvergedReason::Unknown(-77));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
#[must_use = "a solve may stop without converging: `.check()?` when convergence is expected"]
pub enum TaoConvergedReason {
    /// `TAO_CONTINUE_ITERATING` (0): not finished (or not started).
    Iterating,
    /// `TAO_CONVERGED_GATOL` (3): `||g(x)|| < gatol`.
    ConvergedGatol,
    /// `TAO_CONVERGED_GRTOL` (4): `||g(x)|| / |f(x)| < grtol`.
    ConvergedGrtol,
    /// `TAO_CONVERGED_GTTOL` (5): `||g(x)|| / ||g(x0)|| < gttol`.
    ConvergedGttol,
    /// `TAO_CONVERGED_STEPTOL` (6): the step or trust region became too small.
    ConvergedSteptol,
    /// `TAO_CONVERGED_MINF` (7): `f(x)` fell below the function lower bound.
    ConvergedMinf,
    /// `TAO_CONVERGED_USER` (8): a user's convergence test stopped it.
    ConvergedUser,
    /// `TAO_DIVERGED_MAXITS` (-2): reached the maximum number of iterations.
    DivergedMaxits,
    /// `TAO_DIVERGED_NAN` (-4): a NaN or infinity appeared.
    DivergedNan,
    /// `TAO_DIVERGED_MAXFCN` (-5): reached the maximum number of function evaluations.
    DivergedMaxfcn,
    /// `TAO_DIVERGED_LS_FAILURE` (-6): the line search failed.
    DivergedLsFailure,
    /// `TAO_DIVERGED_TR_REDUCTION` (-7): the trust region could not be reduced further.
    DivergedTrReduction,
    /// `TAO_DIVERGED_USER` (-8): a user's convergence test stopped it.
    DivergedUser,
    /// A code this version of petsc-rs does not name, kept as PETSc's number.
    Unknown(i32),
}

/// `(variant, code, PETSc name)` for every named reason.
const REASONS: &[(TaoConvergedReason, i32, &str)] = &[
    (TaoConvergedReason::Iterating, 0, "CONTINUE_ITERATING"),
    (TaoConvergedReason::ConvergedGatol, 3, "CONVERGED_GATOL"),
    (TaoConvergedReason::ConvergedGrtol, 4, "CONVERGED_GRTOL"),
    (TaoConvergedReason::ConvergedGttol, 5, "CONVERGED_GTTOL"),
    (TaoConvergedReason::ConvergedSteptol, 6, "CONVERGED_STEPTOL"),
    (TaoConvergedReason::ConvergedMinf, 7, "CONVERGED_MINF"),
    (TaoConvergedReason::ConvergedUser, 8, "CONVERGED_USER"),
    (TaoConvergedReason::DivergedMaxits, -2, "DIVERGED_MAXITS"),
    (TaoConvergedReason::DivergedNan, -4, "DIVERGED_NAN"),
    (TaoConvergedReason::DivergedMaxfcn, -5, "DIVERGED_MAXFCN"),
    (
        TaoConvergedReason::DivergedLsFailure,
        -6,
        "DIVERGED_LS_FAILURE",
    ),
    (
        TaoConvergedReason::DivergedTrReduction,
        -7,
        "DIVERGED_TR_REDUCTION",
    ),
    (TaoConvergedReason::DivergedUser, -8, "DIVERGED_USER"),
];

crate::converged_reason_impls!(
    TaoConvergedReason,
    REASONS,
    "TaoConvergedReason",
    raw = sys::TaoConvergedReason
);

/// Where a solve stands (`TaoGetSolutionStatus`): what monitors receive and
/// [`Tao::solution_status`](super::Tao::solution_status) returns.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct TaoState {
    /// The iteration number (0 before the first step).
    pub iteration: Int,
    /// The objective value `f(x)` at the current iterate.
    pub f: Real,
    /// The norm of the gradient (or the residual measure the method uses).
    pub gnorm: Real,
    /// The norm of the constraint violation (0 without constraints).
    pub cnorm: Real,
    /// The length of the last step (PETSc's `xdiff`).
    pub step: Real,
    /// Why the solve stopped, or [`TaoConvergedReason::Iterating`] while it runs
    /// (monitors always see `Iterating`: PETSc tests convergence after calling them).
    pub reason: TaoConvergedReason,
}

/// `TaoGetSolutionStatus` of a raw solver.
///
/// # Safety
/// `tao` must be live.
pub(super) unsafe fn status_of(tao: sys::Tao) -> Result<TaoState> {
    let (mut it, mut f, mut gnorm, mut cnorm, mut step): (Int, Real, Real, Real, Real) =
        (0, 0.0, 0.0, 0.0, 0.0);
    let mut reason = sys::TaoConvergedReason::TAO_CONTINUE_ITERATING;
    // SAFETY: live solver (guaranteed by the caller); six outputs.
    check(unsafe {
        sys::TaoGetSolutionStatus(
            tao,
            &mut it,
            &mut f,
            &mut gnorm,
            &mut cnorm,
            &mut step,
            &mut reason,
        )
    })?;
    Ok(TaoState {
        iteration: it,
        f,
        gnorm,
        cnorm,
        step,
        reason: TaoConvergedReason::from_raw(reason.0),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::CStr;
    /// The names match PETSc's own `TaoConvergedReasons` table (indexed by the code).
    #[test]
    fn reason_names_match_petsc() {
        for &(r, code, name) in REASONS {
            // SAFETY: TaoConvergedReasons is statically initialized to point into a
            // table of C strings, shifted so that it is indexed by the code; named codes are inside it.
            let p = unsafe { CStr::from_ptr(*sys::TaoConvergedReasons.offset(code as isize)) };
            assert_eq!(p.to_str().unwrap(), name, "{r:?}");
            assert_eq!(TaoConvergedReason::from_raw(code), r);
            assert_eq!(r.code(), code);
        }
    }
}
