//! Declarations the solver families repeat, written once: the converged reasons and
//! the error measures every family has, the eigensolvers' impls of
//! [`Eigensolver`](crate::family::Eigensolver), the enums two or three families share
//! variant for variant, the classes' type enums and own non-exhaustive C enums, and the
//! one-line declarations of the crate (callback kinds, the old names of renamed types).
//! Each family gives its names and C constants (which a macro cannot build from a
//! prefix) and its own docs and examples.

/// The declarations, one arm each:
///
/// ```ignore
/// declare!(@reason /// docs
///     EpsConvergedReason: "EPSConvergedReason" = EPSConvergedReason in EPSConvergedReasons, "EPS",
///     "`nev` eigenpairs ";
///     [/* the family's own converged reasons */] [/* and diverged ones */]);
/// declare!(@error_type /// docs
///     EpsErrorType: EPSErrorType = EPS_ERROR_ABSOLUTE "`||A x - lambda B x||`", EPS_ERROR_RELATIVE "`|lambda|`";
///     /// docs
///     Backward = EPS_ERROR_BACKWARD);
/// declare!(@eigensolver Eps [_p_EPS, EpsConvergedReason, EPSConvergedReason]
///     [EPS_MONITOR, EPS_CONVERGENCE_TEST, EPS_STOPPING_TEST] { /* fn back */ });
/// declare!(@enum refine /// docs
///     PepRefine: PEPRefine = PEP_REFINE_NONE, PEP_REFINE_SIMPLE, PEP_REFINE_MULTIPLE);
/// declare!(@types /// docs
///     EpsType { KrylovSchur = EPSKRYLOVSCHUR "krylovschur" "Krylov-Schur.", /* ... */ });
/// declare!(@enums /// docs
///     PepScale: PEPScale { None = PEP_SCALE_NONE "no scaling.", /* ... */ }
///     /// docs
///     PepExtract: PEPExtract { /* ... */ });
/// declare!(@kinds /// `EPSMonitorSet`.
///     EPS_MONITOR = EpsMonitor, "EPS monitor"; ...);
/// declare!(@renamed Which = EpsWhich "renamed EpsWhich", ...);
/// ```
macro_rules! declare {
    // A converged-reason enum: still iterating (0), converged to the tolerance (1), the
    // family's own converged reasons, diverged at the iteration limit (-1) or by a
    // breakdown (-2), the family's own diverged reasons. `$P` is the C prefix ("EPS"),
    // `$what` what converges ("`nev` eigenpairs ", or empty), `$table` SLEPc's table of
    // the names (`EPSConvergedReasons`), which a unit test checks the enum against.
    (@reason $(#[$m:meta])* $name:ident: $cname:literal = $raw:ident in $table:ident, $P:literal,
        $what:literal; [$($conv:tt)*] [$($div:tt)*]) => {
        petsc::converged_reason_impls! {
            $(#[$m])*
            pub enum $name: $cname, raw = slepc_sys::$raw {
                #[doc = concat!("`", $P, "_CONVERGED_ITERATING` (0): not finished (or not started).")]
                Iterating = 0, "CONVERGED_ITERATING";
                #[doc = concat!("`", $P, "_CONVERGED_TOL` (1): ", $what, "converged to the tolerance.")]
                ConvergedTol = 1, "CONVERGED_TOL";
                $($conv)*
                #[doc = concat!("`", $P, "_DIVERGED_ITS` (-1): reached the iteration limit.")]
                DivergedIts = -1, "DIVERGED_ITS";
                #[doc = concat!("`", $P, "_DIVERGED_BREAKDOWN` (-2): the method broke down.")]
                DivergedBreakdown = -2, "DIVERGED_BREAKDOWN";
                $($div)*
            }
        }

        #[cfg(test)]
        mod reason_names {
            #[test]
            fn match_slepc() {
                $crate::family::tests::reason_names(
                    $cname,
                    super::$name::REASONS,
                    // SAFETY: reads the address of SLEPc's static table.
                    unsafe { slepc_sys::$table },
                    super::$name::from_raw,
                );
            }
        }
    };

    // How `compute_error` measures a solution's error: the residual norm (`$norm`), the
    // same divided by `$by`, and the family's third measure.
    (@error_type $(#[$m:meta])* $name:ident: $raw:ident = $abs:ident $norm:literal,
        $rel:ident $by:literal; $(#[$xm:meta])* $x:ident = $xc:ident) => {
        $crate::declare::declare! { @enums
            $(#[$m])*
            $name: $raw {
                #[doc = concat!("`", stringify!($abs), "`: the residual norm ", $norm, ".")]
                Absolute = $abs,
                #[doc = concat!("`", stringify!($rel), "`: the residual norm divided by ", $by, ".")]
                Relative = $rel,
                $(#[$xm])*
                $x = $xc,
            }
        }
    };

    // An eigensolver class (EPS, PEP, NEP) as its trampolines see it: the C object, the
    // Rust and C converged reasons, the kinds of its monitor, convergence and stopping
    // test closures, and (EPS, PEP) `back`, how approximations are transformed back.
    (@eigensolver $T:ident [$raw:ident, $R:ident, $CR:ident] [$mon:ident, $conv:ident, $stop:ident]
        { $($back:tt)* }) => {
        impl $crate::family::Eigensolver for $T {
            type Raw = slepc_sys::$raw;
            type Reason = $R;
            type CReason = slepc_sys::$CR;
            const MONITOR: petsc::CallbackKind = $crate::callback_kind::$mon;
            const CONVERGENCE: petsc::CallbackKind = $crate::callback_kind::$conv;
            const STOPPING: petsc::CallbackKind = $crate::callback_kind::$stop;

            fn c_reason(r: $R) -> Option<slepc_sys::$CR> {
                r.name().map(|_| slepc_sys::$CR(r.code()))
            }

            $($back)*
        }
    };

    // Enums that families share variant for variant: the variants and their docs are
    // here, the family gives its C constants in the same order, then its own variants.
    (@enum which $($rest:tt)*) => {
        $crate::declare::declare!(@variants [
            LargestMagnitude "largest `|lambda|`",
            SmallestMagnitude "smallest `|lambda|`",
            LargestReal "largest real part",
            SmallestReal "smallest real part",
            LargestImaginary "largest imaginary part",
            SmallestImaginary "smallest imaginary part",
            TargetMagnitude "closest to the target in magnitude",
            TargetReal "closest to the target's real part",
            TargetImaginary "closest to the target's imaginary part"
        ] $($rest)*);
    };
    (@enum conv $($rest:tt)*) => {
        $crate::declare::declare!(@variants [
            Abs "the error estimate (the residual norm) itself",
            Rel "the error estimate relative to the computed value, `|lambda|` or `sigma` (the default)",
            Norm "the error estimate relative to the norms of the matrices"
        ] $($rest)*);
    };
    (@enum stop $($rest:tt)*) => {
        $crate::declare::declare!(@variants [
            Basic "stop when the requested solutions (`nev` or `nsv`) converged or at the iteration limit"
        ] $($rest)*);
    };
    (@enum refine $($rest:tt)*) => {
        $crate::declare::declare!(@variants [
            None "no refinement (the default)",
            Simple "each eigenpair on its own",
            Multiple "the invariant pair of all eigenpairs together"
        ] $($rest)*);
    };
    (@enum refine_scheme $($rest:tt)*) => {
        $crate::declare::declare!(@variants [
            Schur "Schur complement",
            Mbe "mixed block elimination (needs a direct solver)",
            Explicit "the bordered system built explicitly"
        ] $($rest)*);
    };
    (@enum ciss_extraction $($rest:tt)*) => {
        $crate::declare::declare!(@variants [
            Ritz "Rayleigh-Ritz (the default)",
            Hankel "block Hankel matrices"
        ] $($rest)*);
    };
    (@variants [$($v:ident $d:literal),*] $(#[$m:meta])* $name:ident: $raw:ident = $($c:ident),*
        $(; $($own:tt)*)?) => {
        $crate::declare::declare! { @enums
            $(#[$m])*
            $name: $raw {
                $( #[doc = concat!("`", stringify!($c), "`: ", $d, ".")] $v = $c, )*
                $($($own)*)?
            }
        }
    };

    // A class's type enum (`petsc::type_enum!`): each variant with the C constant `$c`
    // that names the type, its registered name `$s` and its doc `$d`; a unit test checks
    // each name against the constant.
    (@types $(#[$m:meta])* $name:ident { $($v:ident = $c:ident $s:literal $d:literal,)* }) => {
        petsc::type_enum!(
            $(#[$m])*
            $name {
                $( #[doc = concat!("`", stringify!($c), "`: ", $d)] $v = $s, )*
            }
        );

        #[cfg(test)]
        mod type_names {
            #[test]
            fn match_slepc() {
                $crate::family::tests::type_names(
                    super::$name::NAMES,
                    &[$(slepc_sys::$c),*],
                    |n| super::$name::from_name(n).as_str().to_owned(),
                );
            }
        }
    };

    // A class's own C enums, declared together: each public, of the `slepc_sys` type
    // after the colon, and `#[non_exhaustive]` (a later SLEPc may add values); the
    // variants are `petsc::c_enum!`'s (`Name = C_CONSTANT "doc"`).
    (@enums $($(#[$m:meta])* $name:ident: $raw:ident { $($body:tt)* })+) => {
        $(
            petsc::c_enum! {
                $(#[$m])*
                #[non_exhaustive]
                pub $name: slepc_sys::$raw { $($body)* }
            }
        )+
    };

    // Callback kinds (`CallbackKind::custom`), each named in errors by `$label` and kept
    // on its object under the key `slepc-rs:$key`.
    (@kinds $($(#[$m:meta])* $name:ident = $key:ident, $label:literal;)*) => {
        $(
            $(#[$m])*
            pub const $name: petsc::CallbackKind = petsc::CallbackKind::custom($label, {
                let key = concat!("slepc-rs:", stringify!($key), "\0");
                match std::ffi::CStr::from_bytes_with_nul(key.as_bytes()) {
                    Ok(k) => k,
                    Err(_) => panic!("callback key with an inner NUL"),
                }
            });
        )*
    };

    // The old names of renamed types, which still compile with a deprecation warning
    // (`$note`: an attribute takes a literal, not a `concat!`).
    (@renamed $($old:ident = $new:ident $note:literal),* $(,)?) => {
        $(
            #[doc = concat!("The old name of [`", stringify!($new), "`].")]
            #[deprecated(note = $note)]
            pub type $old = $new;
        )*
    };
}
pub(crate) use declare;
