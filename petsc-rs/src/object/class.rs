//! What each class declares once: its type-name enum (`type_enum!`), its
//! converged-reason methods (`converged_reason_impls!`), its per-class methods
//! (`class_methods!`), and the registry check behind `set_type_name`.

use petsc_sys as sys;

use crate::error::{Result, c_string, check};

/// Defines the enum of a class's type names (`KSPType`, `PCType`, SLEPc's `EPSType`,
/// ...): one variant per named type plus `Other(String)` for any other registered name,
/// with `as_str`, `from_name`, `Display` and `FromStr`, and `NAMES` listing the named
/// ones. One line per type: `Variant = "name" "doc",` (attributes such as `#[cfg]` may
/// precede it; the doc string may be left out for a variant documented by `///`).
/// Exported for slepc-rs.
#[doc(hidden)]
#[macro_export]
macro_rules! type_enum {
    ($(#[$meta:meta])* $name:ident {
        $( $(#[$vmeta:meta])* $variant:ident = $s:literal $($doc:literal)?, )*
    }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$vmeta])* $(#[doc = $doc])? $variant, )*
            /// Any other registered type, by its registered name.
            Other(String),
        }

        impl $name {
            /// The registered names of the named variants.
            pub const NAMES: &'static [&'static str] = &[$($s),*];

            /// The type's registered name, as the `-<class>_type` option takes it.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $s, )*
                    $name::Other(s) => s,
                }
            }

            /// The variant for a registered name; names without a variant become `Other`.
            pub fn from_name(name: &str) -> $name {
                match name {
                    $( $s => $name::$variant, )*
                    other => $name::Other(other.to_string()),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::convert::Infallible;
            fn from_str(s: &str) -> std::result::Result<$name, Self::Err> {
                Ok($name::from_name(s))
            }
        }
    };
}

/// The methods of a solver's converged-reason enum, from its table
/// `&[(variant, PETSc code, PETSc name)]`: `from_raw` (unnamed codes become
/// `Unknown(code)`), `code`, `is_converged` (positive code), `is_diverged` (negative),
/// `check` (an `Err` when diverged), `name`, `Display` printing PETSc's name (or
/// `CName(code)` for an unnamed one), and the [`Reason`](crate::Reason) trait, which
/// defines the last three once. The enum is `#[must_use]` (the second form adds it; a
/// hand-written enum carries it itself).
///
/// The second form declares the enum too, one line per reason, with its `Unknown(code)`
/// variant and the table as the associated `REASONS`:
///
/// ```ignore
/// petsc::converged_reason_impls! {
///     /// Why a solve stopped (`EPSConvergedReason`).
///     pub enum EpsConvergedReason: "EPSConvergedReason", raw = sys::EPSConvergedReason {
///         /// `EPS_CONVERGED_TOL` (1): converged to the tolerance.
///         ConvergedTol = 1, "CONVERGED_TOL";
///         /// `EPS_DIVERGED_ITS` (-1): reached the iteration limit.
///         DivergedIts = -1, "DIVERGED_ITS";
///     }
/// }
/// ```
#[doc(hidden)]
#[macro_export]
macro_rules! converged_reason_impls {
    (
        $(#[$m:meta])*
        pub enum $name:ident : $cname:literal, raw = $raw:path {
            $( $(#[$vm:meta])* $v:ident = $code:literal, $vname:literal; )*
        }
    ) => {
        $(#[$m])*
        #[doc(alias = $cname)]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        #[must_use = "a solve may stop without converging: `.check()?` when convergence is expected"]
        pub enum $name {
            $( $(#[$vm])* $v, )*
            /// A code this version does not name, kept as the library's number.
            Unknown(i32),
        }

        impl $name {
            /// Each named reason with its code and name.
            const REASONS: &'static [($name, i32, &'static str)] =
                &[$( ($name::$v, $code, $vname), )*];
        }

        $crate::converged_reason_impls!($name, $name::REASONS, $cname, raw = $raw);
    };

    ($name:ident, $table:expr, $cname:literal, raw = $raw:path) => {
        /// What a declared getter reads: every code has a reason (`Unknown` for those
        /// not named).
        impl $crate::declare::COut for $name {
            type C = $raw;
            fn c_init() -> $raw {
                $raw(0)
            }
            unsafe fn from_c(c: $raw, _: &str) -> $crate::Result<$name> {
                Ok($name::from_raw(c.0))
            }
        }

        impl $name {
            /// The reason for a raw PETSc code; unnamed codes become `Unknown`.
            pub fn from_raw(code: i32) -> $name {
                $table
                    .iter()
                    .find(|(_, c, _)| *c == code)
                    .map(|(r, _, _)| *r)
                    .unwrap_or($name::Unknown(code))
            }

            /// PETSc's code for the reason.
            pub fn code(self) -> i32 {
                match self {
                    $name::Unknown(c) => c,
                    r => $table
                        .iter()
                        .find(|(v, _, _)| *v == r)
                        .map(|(_, c, _)| *c)
                        .expect("every named reason has a code"),
                }
            }

            /// Whether the solver converged (positive code); see
            /// [`Reason::is_converged`]($crate::Reason::is_converged).
            pub fn is_converged(self) -> bool {
                <$name as $crate::Reason>::is_converged(self)
            }

            /// Whether the solver diverged or failed (negative code); see
            /// [`Reason::is_diverged`]($crate::Reason::is_diverged).
            pub fn is_diverged(self) -> bool {
                <$name as $crate::Reason>::is_diverged(self)
            }

            /// `Ok(())` unless the solver diverged, then
            /// [`Error::NotConverged`]($crate::Error::NotConverged) naming the solver and
            /// the reason; see [`Reason::check`]($crate::Reason::check).
            pub fn check(self) -> $crate::Result<()> {
                <$name as $crate::Reason>::check(self)
            }

            /// PETSc's name of the reason (`"CONVERGED_RTOL"`), or `None` for an unknown
            /// code.
            pub fn name(self) -> Option<&'static str> {
                $table
                    .iter()
                    .find(|(v, _, _)| *v == self)
                    .map(|(_, _, n)| *n)
            }
        }

        impl $crate::Reason for $name {
            const C_NAME: &'static str = $cname;
            fn code(self) -> i32 {
                $name::code(self)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self.name() {
                    Some(n) => f.write_str(n),
                    None => write!(f, concat!($cname, "({})"), self.code()),
                }
            }
        }
    };
}

/// The per-class methods every PETSc (and SLEPc) solver class shares, from one
/// declaration: `set_type`, `set_type_name` (refusing names not in the class's
/// registry), `ty` (and the deprecated `ty`),
/// `set_options_prefix`/`append_options_prefix`/`options_prefix` through the class's own
/// functions (which pass the prefix on to every inner object), and optionally
/// `set_from_options` (or, with `own_set_from_options = method`, names the class's own
/// Rust method); [`Object`](crate::Object)'s methods of the same names on the handle
/// call the same functions (`object/hooks.rs`). Each wrapper carries `#[doc(alias)]` with its C
/// name and a doc example built from `example` (code making a mutable `obj` from a
/// `petsc` runtime) and `a_type` (a registered type name).
///
/// ```ignore
/// petsc::class_methods! {
///     Ksp: KspType, "KSP", sys::KSPList,
///     example = "let mut obj = petsc::Ksp::new(&petsc.self_comm())?;", a_type = "bcgs",
///     inner = " and its preconditioner",
///     set_type = sys::KSPSetType as "KSPSetType",
///     set_options_prefix = sys::KSPSetOptionsPrefix as "KSPSetOptionsPrefix",
///     append_options_prefix = sys::KSPAppendOptionsPrefix as "KSPAppendOptionsPrefix",
///     options_prefix = sys::KSPGetOptionsPrefix as "KSPGetOptionsPrefix",
///     set_from_options = sys::KSPSetFromOptions as "KSPSetFromOptions",
/// }
/// ```
#[doc(hidden)]
#[macro_export]
macro_rules! class_methods {
    (
        $handle:ident : $types:ident, $class:literal, $registry:expr,
        example = $example:literal, a_type = $a_type:literal,
        inner = $inner:literal,
        set_type = $set_type:path as $set_type_c:literal,
        set_options_prefix = $set_prefix:path as $set_prefix_c:literal,
        append_options_prefix = $append_prefix:path as $append_prefix_c:literal,
        options_prefix = $get_prefix:path as $get_prefix_c:literal
        $(, set_from_options = $from_options:path as $from_options_c:literal)?
        $(, own_set_from_options = $own_from_options:ident)? $(,)?
    ) => {
        impl $handle {
            #[doc = concat!("Sets the type (`", $set_type_c, "`).")]
            #[doc(alias = $set_type_c)]
            pub fn set_type(&mut self, ty: $types) -> $crate::Result<()> {
                self.set_type_name(ty.as_str())
            }

            #[doc = concat!(
                "Sets the type by its registered name (`\"", $a_type, "\"`); a name not ",
                "registered for ", $class, " is an `Err` naming it, and the type is ",
                "unchanged (`", $set_type_c, "`).\n\n```\nuse petsc::Object;\n",
                "let petsc = petsc::Petsc::init()?;\n", $example, "\n",
                "obj.set_type_name(\"", $a_type, "\")?;\n",
                "assert_eq!(obj.ty()?.map(|t| t.to_string()).as_deref(), Some(\"",
                $a_type, "\"));\n",
                "let e = obj.set_type_name(\"nosuchtype\").unwrap_err();\n",
                "assert!(e.to_string().contains(\"unknown ", $class,
                " type 'nosuchtype'\"), \"{e}\");\n",
                "assert_eq!(obj.type_name()?, \"", $a_type, "\");\n",
                "# Ok::<(), petsc::Error>(())\n```"
            )]
            #[doc(alias = $set_type_c)]
            pub fn set_type_name(&mut self, name: &str) -> $crate::Result<()> {
                // SAFETY: the class's types were registered when this object was
                // created; the registry is only read.
                let n = unsafe {
                    $crate::ffi::registered_type(
                        concat!(stringify!($handle), "::set_type"),
                        $class,
                        $registry,
                        name,
                    )
                }?;
                // SAFETY: live object; the library copies the name.
                $crate::ffi::check(unsafe { $set_type(self.ptr, n.as_ptr()) })
            }

            #[doc = concat!(
                "The type, or `None` before one is set (it is chosen at set-up); its ",
                "`to_string()` is PETSc's name, as `Object::type_name` gives it.\n\n```\n",
                "use petsc::Object;\n",
                "let petsc = petsc::Petsc::init()?;\n", $example, "\n",
                "obj.set_type_name(\"", $a_type, "\")?;\n",
                "assert_eq!(obj.ty()?.unwrap().to_string(), obj.type_name()?);\n",
                "# Ok::<(), petsc::Error>(())\n```"
            )]
            pub fn ty(&self) -> $crate::Result<Option<$types>> {
                let name = $crate::Object::type_name(self)?;
                Ok((!name.is_empty()).then(|| $types::from_name(&name)))
            }

            /// The former name of [`ty`](Self::ty).
            #[deprecated(since = "0.2.0", note = "use `ty()` (getters have no `get_` prefix)")]
            pub fn get_type(&self) -> $crate::Result<Option<$types>> {
                self.ty()
            }

            #[doc = concat!(
                "Sets the prefix of the options this object", $inner, " read (`",
                $set_prefix_c, "`): with `\"inner_\"` it reads `-inner_...`. ",
                "`Object::set_options_prefix` does the same.\n\n```\n",
                "let petsc = petsc::Petsc::init()?;\n", $example, "\n",
                "obj.set_options_prefix(\"doc_\")?;\n",
                "assert_eq!(obj.options_prefix()?, \"doc_\");\n",
                "# Ok::<(), petsc::Error>(())\n```"
            )]
            #[doc(alias = $set_prefix_c)]
            pub fn set_options_prefix(&mut self, prefix: &str) -> $crate::Result<()> {
                let p = $crate::ffi::c_string(
                    concat!(stringify!($handle), "::set_options_prefix"),
                    prefix,
                )?;
                // SAFETY: live object; the library copies the string and passes it on.
                $crate::ffi::check(unsafe { $set_prefix(self.ptr, p.as_ptr()) })
            }

            #[doc = concat!(
                "Appends to the prefix of the options this object", $inner, " read (`",
                $append_prefix_c, "`).\n\n```\n",
                "let petsc = petsc::Petsc::init()?;\n", $example, "\n",
                "obj.set_options_prefix(\"outer_\")?;\n",
                "obj.append_options_prefix(\"sub_\")?;\n",
                "assert_eq!(obj.options_prefix()?, \"outer_sub_\");\n",
                "# Ok::<(), petsc::Error>(())\n```"
            )]
            #[doc(alias = $append_prefix_c)]
            pub fn append_options_prefix(&mut self, prefix: &str) -> $crate::Result<()> {
                let p = $crate::ffi::c_string(
                    concat!(stringify!($handle), "::append_options_prefix"),
                    prefix,
                )?;
                // SAFETY: live object; the library copies the string and passes it on.
                $crate::ffi::check(unsafe { $append_prefix(self.ptr, p.as_ptr()) })
            }

            #[doc = concat!(
                "The prefix of the options this object reads, empty if none (`",
                $get_prefix_c, "`)."
            )]
            #[doc(alias = $get_prefix_c)]
            pub fn options_prefix(&self) -> $crate::Result<String> {
                let mut p: *const std::os::raw::c_char = std::ptr::null();
                // SAFETY: live object; the library returns its own string or null.
                $crate::ffi::check(unsafe { $get_prefix(self.ptr, &mut p) })?;
                // SAFETY: the library returned its own string, or null.
                Ok(unsafe { $crate::ffi::owned(p) })
            }

            $(
                #[doc = concat!(
                    "Reads the options of this object", $inner, " from the options ",
                    "database, with its prefix (`", $from_options_c, "`). Call it after ",
                    "setting defaults in code, so the command line wins.\n\n",
                    "An `Err` leaves the object usable. With PETSc 3.23 and later, PETSc's ",
                    "own error path keeps the title and prefix strings of the options ",
                    "block it had open (about 64 bytes a failure, reported by ",
                    "`-malloc_dump`); before 3.23 they are freed."
                )]
                #[doc(alias = $from_options_c)]
                pub fn set_from_options(&mut self) -> $crate::Result<()> {
                    // SAFETY: live object.
                    $crate::ffi::check_from_options(unsafe { $from_options(self.ptr) })
                }
            )?
        }

        // `Object`'s prefix and options methods on this handle call the class's own.
        impl $crate::ffi::ClassHooks<$handle> for $crate::ffi::ClassOf<$handle> {
            fn set_options_prefix(&self, obj: &mut $handle, prefix: &str) -> $crate::Result<()> {
                obj.set_options_prefix(prefix)
            }
            fn append_options_prefix(
                &self,
                obj: &mut $handle,
                prefix: &str,
            ) -> $crate::Result<()> {
                obj.append_options_prefix(prefix)
            }
            $(
                fn set_from_options(&self, obj: &mut $handle) -> $crate::Result<()> {
                    // SAFETY: live object.
                    $crate::ffi::check_from_options(unsafe { $from_options(obj.ptr) })
                }
            )?
            $(
                fn set_from_options(&self, obj: &mut $handle) -> $crate::Result<()> {
                    obj.$own_from_options()
                }
            )?
        }
    };
}

/// The C name for a type a class is asked to take, refused with an error naming it when
/// it is not in the class's registry `list` (`KSPList`, `PCList`, ...), so the caller
/// sees `unknown KSP type 'foo'` and the object keeps its type.
///
/// # Safety
/// `list` must be the class's function list, read after its types were registered (any
/// object of the class has been created).
pub unsafe fn registered_type(
    context: &str,
    class: &str,
    list: sys::PetscFunctionList,
    name: &str,
) -> Result<std::ffi::CString> {
    let n = c_string(context, name)?;
    let mut f: Option<unsafe extern "C" fn()> = None;
    // SAFETY: the caller guarantees a valid list; `n` is NUL-terminated; PETSc writes the
    // function pointer or leaves it null.
    check(unsafe { sys::PetscFunctionListFind_Private(list, n.as_ptr(), &mut f) })?;
    if f.is_none() {
        return Err(crate::error::Error::invalid(
            context,
            format!("unknown {class} type '{name}'"),
        ));
    }
    Ok(n)
}
