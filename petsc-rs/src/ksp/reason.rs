//! Why a solve stopped: [`KspConvergedReason`] and its table of PETSc's codes and names.

use petsc_sys as sys;

/// Why a solve stopped (`KSPConvergedReason`): positive codes converged, negative ones
/// diverged, zero is still iterating. Codes this enum does not name are kept as
/// [`KspConvergedReason::Unknown`].
///
/// `Display` prints PETSc's name for the reason in the PETSc version linked
/// (`CONVERGED_RTOL`, `DIVERGED_ITS`), as `-ksp_converged_reason` does. A few codes and
/// names changed between versions: PETSc 3.19 renamed `CG_NEG_CURVE` to `NEG_CURVE`,
/// made `CG_CONSTRAINED` an alias of `STEP_LENGTH` and renumbered `STEP_LENGTH` and
/// `HAPPY_BREAKDOWN`; 3.24 renamed `RTOL_NORMAL`/`ATOL_NORMAL` to
/// `RTOL_NORMAL_EQUATIONS`/`ATOL_NORMAL_EQUATIONS`; later versions added the `USER` and
/// `INNER_SOLVE_FAILED` reasons. Match on the variants, not on the numbers.
///
/// ```
/// use petsc::KspConvergedReason;
/// let r = KspConvergedReason::from_raw(2);
/// assert_eq!(r, KspConvergedReason::ConvergedRtol);
/// assert!(r.is_converged());
/// assert_eq!(r.to_string(), "CONVERGED_RTOL");
/// let d = KspConvergedReason::DivergedIts;
/// assert!(d.is_diverged() && !d.is_converged());
/// assert_eq!(d.code(), -3);
/// assert_eq!(KspConvergedReason::from_raw(-77), KspConvergedReason::Unknown(-77));
/// assert!(KspConvergedReason::from_raw(-77).is_diverged());
/// assert_eq!(KspConvergedReason::from_raw(-77).to_string(), "KSPConvergedReason(-77)");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
#[must_use = "a solve may stop without converging: `.check()?` when convergence is expected"]
pub enum KspConvergedReason {
    /// `KSP_CONVERGED_ITERATING` (0): the solve has not finished (or not started).
    Iterating,
    /// `KSP_CONVERGED_RTOL_NORMAL` (1; `KSP_CONVERGED_RTOL_NORMAL_EQUATIONS` since PETSc
    /// 3.24): the residual of the normal equations decreased by `rtol` (`lsqr`).
    ConvergedRtolNormal,
    /// `KSP_CONVERGED_RTOL` (2): residual norm below `rtol * ||b||`.
    ConvergedRtol,
    /// `KSP_CONVERGED_ATOL` (3): residual norm below `atol`.
    ConvergedAtol,
    /// `KSP_CONVERGED_ITS` (4): ran the requested number of iterations (`preonly`, ...).
    ConvergedIts,
    /// `KSP_CONVERGED_CG_NEG_CURVE` (5; `KSP_CONVERGED_NEG_CURVE` since PETSc 3.19):
    /// negative curvature detected.
    ConvergedCgNegCurve,
    /// `KSP_CONVERGED_CG_CONSTRAINED` (6). Since PETSc 3.19 an alias of
    /// [`ConvergedStepLength`](Self::ConvergedStepLength) (same code, same name):
    /// `from_raw` returns that variant.
    ConvergedCgConstrained,
    /// `KSP_CONVERGED_STEP_LENGTH` (7; 6 since PETSc 3.19).
    ConvergedStepLength,
    /// `KSP_CONVERGED_HAPPY_BREAKDOWN` (8; 7 since PETSc 3.19).
    ConvergedHappyBreakdown,
    /// `KSP_CONVERGED_ATOL_NORMAL` (9; `KSP_CONVERGED_ATOL_NORMAL_EQUATIONS` since PETSc
    /// 3.24).
    ConvergedAtolNormal,
    /// `KSP_CONVERGED_USER` (8, PETSc 3.25 and later): a user convergence test declared
    /// convergence.
    #[cfg(petsc_3_25)]
    ConvergedUser,
    /// `KSP_DIVERGED_NULL` (-2).
    DivergedNull,
    /// `KSP_DIVERGED_ITS` (-3): reached the maximum number of iterations.
    DivergedIts,
    /// `KSP_DIVERGED_DTOL` (-4): residual norm grew past `dtol * ||b||`.
    DivergedDtol,
    /// `KSP_DIVERGED_BREAKDOWN` (-5).
    DivergedBreakdown,
    /// `KSP_DIVERGED_BREAKDOWN_BICG` (-6).
    DivergedBreakdownBicg,
    /// `KSP_DIVERGED_NONSYMMETRIC` (-7).
    DivergedNonsymmetric,
    /// `KSP_DIVERGED_INDEFINITE_PC` (-8).
    DivergedIndefinitePc,
    /// `KSP_DIVERGED_NANORINF` (-9): a NaN or infinity appeared.
    DivergedNanOrInf,
    /// `KSP_DIVERGED_INDEFINITE_MAT` (-10).
    DivergedIndefiniteMat,
    /// `KSP_DIVERGED_PC_FAILED` (-11): the preconditioner failed (zero pivot, ...).
    DivergedPcFailed,
    /// `KSP_DIVERGED_USER` (-12, PETSc 3.25 and later): a user convergence test declared
    /// divergence.
    #[cfg(petsc_3_25)]
    DivergedUser,
    /// `KSP_DIVERGED_INNER_SOLVE_FAILED` (-13, PETSc 3.26 and later): an inner linear
    /// solve failed (`eksm`, ...).
    #[cfg(petsc_3_26)]
    DivergedInnerSolveFailed,
    /// A code this version of petsc-rs does not name, kept as PETSc's number.
    Unknown(i32),
}

/// The former name of [`KspConvergedReason`].
#[deprecated(note = "renamed KspConvergedReason")]
pub type ConvergedReason = KspConvergedReason;

/// `(variant, code, PETSc name)` for every named reason, as the linked PETSc numbers and
/// names them (its `KSPConvergedReasons` table). An alias (a later entry with the code
/// of an earlier one) gives its variant a code and a name; `from_raw` returns the first.
const REASONS: &[(KspConvergedReason, i32, &str)] = &[
    (KspConvergedReason::Iterating, 0, "CONVERGED_ITERATING"),
    #[cfg(not(petsc_3_24))]
    (
        KspConvergedReason::ConvergedRtolNormal,
        1,
        "CONVERGED_RTOL_NORMAL",
    ),
    #[cfg(petsc_3_24)]
    (
        KspConvergedReason::ConvergedRtolNormal,
        1,
        "CONVERGED_RTOL_NORMAL_EQUATIONS",
    ),
    (KspConvergedReason::ConvergedRtol, 2, "CONVERGED_RTOL"),
    (KspConvergedReason::ConvergedAtol, 3, "CONVERGED_ATOL"),
    (KspConvergedReason::ConvergedIts, 4, "CONVERGED_ITS"),
    #[cfg(not(petsc_3_19))]
    (
        KspConvergedReason::ConvergedCgNegCurve,
        5,
        "CONVERGED_CG_NEG_CURVE",
    ),
    #[cfg(not(petsc_3_19))]
    (
        KspConvergedReason::ConvergedCgConstrained,
        6,
        "CONVERGED_CG_CONSTRAINED",
    ),
    #[cfg(not(petsc_3_19))]
    (
        KspConvergedReason::ConvergedStepLength,
        7,
        "CONVERGED_STEP_LENGTH",
    ),
    #[cfg(not(petsc_3_19))]
    (
        KspConvergedReason::ConvergedHappyBreakdown,
        8,
        "CONVERGED_HAPPY_BREAKDOWN",
    ),
    #[cfg(petsc_3_19)]
    (
        KspConvergedReason::ConvergedCgNegCurve,
        5,
        "CONVERGED_NEG_CURVE",
    ),
    #[cfg(petsc_3_19)]
    (
        KspConvergedReason::ConvergedStepLength,
        6,
        "CONVERGED_STEP_LENGTH",
    ),
    #[cfg(petsc_3_19)]
    (
        KspConvergedReason::ConvergedHappyBreakdown,
        7,
        "CONVERGED_HAPPY_BREAKDOWN",
    ),
    #[cfg(petsc_3_25)]
    (KspConvergedReason::ConvergedUser, 8, "CONVERGED_USER"),
    #[cfg(not(petsc_3_24))]
    (
        KspConvergedReason::ConvergedAtolNormal,
        9,
        "CONVERGED_ATOL_NORMAL",
    ),
    #[cfg(petsc_3_24)]
    (
        KspConvergedReason::ConvergedAtolNormal,
        9,
        "CONVERGED_ATOL_NORMAL_EQUATIONS",
    ),
    (KspConvergedReason::DivergedNull, -2, "DIVERGED_NULL"),
    (KspConvergedReason::DivergedIts, -3, "DIVERGED_ITS"),
    (KspConvergedReason::DivergedDtol, -4, "DIVERGED_DTOL"),
    (
        KspConvergedReason::DivergedBreakdown,
        -5,
        "DIVERGED_BREAKDOWN",
    ),
    (
        KspConvergedReason::DivergedBreakdownBicg,
        -6,
        "DIVERGED_BREAKDOWN_BICG",
    ),
    (
        KspConvergedReason::DivergedNonsymmetric,
        -7,
        "DIVERGED_NONSYMMETRIC",
    ),
    (
        KspConvergedReason::DivergedIndefinitePc,
        -8,
        "DIVERGED_INDEFINITE_PC",
    ),
    (
        KspConvergedReason::DivergedNanOrInf,
        -9,
        "DIVERGED_NANORINF",
    ),
    (
        KspConvergedReason::DivergedIndefiniteMat,
        -10,
        "DIVERGED_INDEFINITE_MAT",
    ),
    (
        KspConvergedReason::DivergedPcFailed,
        -11,
        "DIVERGED_PC_FAILED",
    ),
    #[cfg(petsc_3_25)]
    (KspConvergedReason::DivergedUser, -12, "DIVERGED_USER"),
    #[cfg(petsc_3_26)]
    (
        KspConvergedReason::DivergedInnerSolveFailed,
        -13,
        "DIVERGED_INNER_SOLVE_FAILED",
    ),
    // Aliases, after the entries `from_raw` returns.
    #[cfg(petsc_3_19)]
    (
        KspConvergedReason::ConvergedCgConstrained,
        6,
        "CONVERGED_STEP_LENGTH",
    ),
];

crate::converged_reason_impls!(
    KspConvergedReason,
    REASONS,
    "KSPConvergedReason",
    raw = sys::KSPConvergedReason
);

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::CStr;

    /// The names match PETSc's own `KSPConvergedReasons` table (indexed by the code, from
    /// the lowest code, -11 in PETSc 3.18 and -13 in 3.26), and no code above the highest
    /// named one is missing: the table ends with its type name right after it.
    ///
    /// PETSc 3.19 to 3.23 dropped `CONVERGED_CG_CONSTRAINED` (6) from the table but kept
    /// `KSP_CONVERGED_ATOL_NORMAL` at 9, so there the table names code 8
    /// `CONVERGED_ATOL_NORMAL` and code 9 `KSPConvergedReason` (its type name); the
    /// enum's name is the right one, and the table is read one entry lower for it.
    #[test]
    fn reason_names_match_petsc() {
        let table_gap = |code: i32| i32::from(cfg!(all(petsc_3_19, not(petsc_3_24))) && code == 9);
        let table_entry = |i: i32| {
            // SAFETY: KSPConvergedReasons points into a static table of C strings, shifted
            // so that it is indexed by the code; every code named in REASONS, and the
            // entry after the highest, are inside the table.
            unsafe { CStr::from_ptr(*sys::KSPConvergedReasons.offset(i as isize)) }
                .to_str()
                .unwrap()
        };
        let name_of = |code: i32| table_entry(code - table_gap(code));
        for (i, &(r, code, name)) in REASONS.iter().enumerate() {
            assert_eq!(name_of(code), name, "{r:?}");
            assert_eq!(r.code(), code, "{r:?}");
            assert_eq!(r.name(), Some(name), "{r:?}");
            assert_eq!(r.to_string(), name, "{r:?}");
            let alias = REASONS[..i].iter().any(|&(_, c, _)| c == code);
            if !alias {
                assert_eq!(KspConvergedReason::from_raw(code), r);
            }
        }
        let max = REASONS.iter().map(|&(_, c, _)| c).max().unwrap();
        assert_eq!(table_entry(max + 1 - table_gap(max)), "KSPConvergedReason");
        let min = REASONS.iter().map(|&(_, c, _)| c).min().unwrap();
        assert_eq!(
            KspConvergedReason::from_raw(min - 1),
            KspConvergedReason::Unknown(min - 1)
        );
        assert_eq!(
            KspConvergedReason::from_raw(min - 1).to_string(),
            format!("KSPConvergedReason({})", min - 1)
        );
        assert!(KspConvergedReason::from_raw(min - 1).is_diverged());
    }

    /// The codes of the reasons PETSc renumbered or renamed, per version.
    #[test]
    fn renumbered_reasons() {
        use KspConvergedReason as R;
        let expected: &[(KspConvergedReason, i32)] = if cfg!(petsc_3_19) {
            &[
                (R::ConvergedCgNegCurve, 5),
                (R::ConvergedStepLength, 6),
                (R::ConvergedCgConstrained, 6),
                (R::ConvergedHappyBreakdown, 7),
            ]
        } else {
            &[
                (R::ConvergedCgNegCurve, 5),
                (R::ConvergedCgConstrained, 6),
                (R::ConvergedStepLength, 7),
                (R::ConvergedHappyBreakdown, 8),
            ]
        };
        for &(r, code) in expected {
            assert_eq!(r.code(), code, "{r:?}");
            assert!(r.is_converged(), "{r:?}");
        }
        assert_eq!(
            R::ConvergedRtolNormal.to_string(),
            if cfg!(petsc_3_24) {
                "CONVERGED_RTOL_NORMAL_EQUATIONS"
            } else {
                "CONVERGED_RTOL_NORMAL"
            }
        );
        #[cfg(petsc_3_26)]
        {
            assert_eq!(R::from_raw(8), R::ConvergedUser);
            assert_eq!(R::from_raw(-12), R::DivergedUser);
            assert_eq!(R::from_raw(-13), R::DivergedInnerSolveFailed);
            assert_eq!(
                R::DivergedInnerSolveFailed.to_string(),
                "DIVERGED_INNER_SOLVE_FAILED"
            );
        }
        #[cfg(not(petsc_3_19))]
        assert_eq!(R::from_raw(-12), R::Unknown(-12));
    }
}
