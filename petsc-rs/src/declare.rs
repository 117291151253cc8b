//! The declaration layer: a PETSc call on a handle declared in one line, with its
//! conversions to and from C written once here.
//!
//! A method whose whole work is one PETSc call (a getter, a setter, an action) is not
//! written by hand. [`methods!`](crate::methods) turns a line such as
//!
//! ```text
//! /// Starts from the given `x` (`KSPSetInitialGuessNonzero`).
//! pub fn set_initial_guess_nonzero(&mut self, flag: bool) = KSPSetInitialGuessNonzero as "KSPSetInitialGuessNonzero";
//! ```
//!
//! into the method, its `#[doc(alias)]`, the conversion of each argument
//! ([`CArg`]), of each output ([`COut`]), the checked call and its one `unsafe` block.
//! C enums cross through [`c_enum!`](crate::c_enum), the one enum bridge. Crates that
//! bind libraries built on PETSc (slepc-rs) declare their methods the same way.
//!
//! Methods that do real work (validation across arguments, ownership, views, callbacks)
//! stay hand-written.

use std::ffi::CString;
use std::os::raw::c_char;

use petsc_sys as sys;

use crate::error::{Error, Result, c_string};
use crate::scalar::{Int, Real};

/// A Rust argument of a declared method and the C value PETSc's call receives.
///
/// [`hold`](CArg::hold) converts (and checks) the value once; what it returns lives
/// across the call, and [`pass`](CArg::pass) lends C its form (a `CString` is held, its
/// pointer passed).
///
/// # Safety
///
/// The declared method hands what [`pass`](CArg::pass) returns to PETSc: for every held
/// value, it must be a valid argument of the C parameter it is passed to (a pointer
/// into the held value, live while the held value is; an enum's value PETSc names).
pub unsafe trait CArg: Sized {
    /// What lives across the call.
    type Held;
    /// What the C function takes.
    type C;
    /// Converts the value; an `Err` names `context` (the method) and `name` (the
    /// argument) and says what was wrong.
    fn hold(self, context: &str, name: &str) -> Result<Self::Held>;
    /// The C argument of a held value.
    fn pass(held: &Self::Held) -> Self::C;
}

/// A value a declared getter reads: PETSc writes its C form through a pointer.
pub trait COut: Sized {
    /// What PETSc writes.
    type C;
    /// The value the output starts from, before PETSc writes it.
    fn c_init() -> Self::C;
    /// The Rust value of what PETSc wrote; an `Err` names `context` when PETSc wrote a
    /// value with no Rust counterpart.
    ///
    /// # Safety
    /// `c` was written by the PETSc getter (a pointer in it is PETSc's own and live).
    unsafe fn from_c(c: Self::C, context: &str) -> Result<Self>;
}

/// Numbers that cross unchanged: `PetscInt`, `PetscReal`, `PetscScalar`, and
/// `PetscObjectState`.
///
/// # Safety
///
/// Every value of the type is a valid value of the C type it is passed as (itself).
pub unsafe trait Plain: Copy + Default {}
// SAFETY: the C types themselves (`PetscInt`, `PetscReal`), every value valid.
unsafe impl Plain for Int {}
// SAFETY: as above.
unsafe impl Plain for Real {}
// SAFETY: `PetscScalar` itself.
#[cfg(petsc_complex)]
unsafe impl Plain for crate::scalar::Scalar {}
// `PetscObjectState` (where `PetscInt` is 32 bits wide; it is `Int` otherwise).
// SAFETY: `PetscObjectState` itself.
#[cfg(not(petsc_int64))]
unsafe impl Plain for i64 {}

// SAFETY: a number passed as itself, valid by `Plain`.
unsafe impl<T: Plain> CArg for T {
    type Held = T;
    type C = T;
    fn hold(self, _: &str, _: &str) -> Result<T> {
        Ok(self)
    }
    fn pass(held: &T) -> T {
        *held
    }
}

impl<T: Plain> COut for T {
    type C = T;
    fn c_init() -> T {
        T::default()
    }
    unsafe fn from_c(c: T, _: &str) -> Result<T> {
        Ok(c)
    }
}

/// A C enum bridged by [`c_enum!`](crate::c_enum) (implemented by the macro).
pub trait CEnum: COut {}

/// A C enum's value, or `None` for a value it does not name (the "not set yet" value of
/// getters such as `EPSGetProblemType` before set-up).
impl<E: CEnum> COut for Option<E> {
    type C = E::C;
    fn c_init() -> E::C {
        E::c_init()
    }
    unsafe fn from_c(c: E::C, context: &str) -> Result<Option<E>> {
        // SAFETY: as for `E` (caller).
        Ok(unsafe { E::from_c(c, context) }.ok())
    }
}

/// A borrowed C handle (crate-internal raw getters); null until PETSc writes it.
impl<T> COut for *mut T {
    type C = *mut T;
    fn c_init() -> *mut T {
        std::ptr::null_mut()
    }
    unsafe fn from_c(c: *mut T, _: &str) -> Result<*mut T> {
        Ok(c)
    }
}

// SAFETY: PETSc's boolean, `PETSC_TRUE` or `PETSC_FALSE`.
unsafe impl CArg for bool {
    type Held = sys::PetscBool;
    type C = sys::PetscBool;
    fn hold(self, _: &str, _: &str) -> Result<sys::PetscBool> {
        Ok(petsc_bool(self))
    }
    fn pass(held: &sys::PetscBool) -> sys::PetscBool {
        *held
    }
}

impl COut for bool {
    type C = sys::PetscBool;
    fn c_init() -> sys::PetscBool {
        sys::PETSC_BOOL_FALSE
    }
    unsafe fn from_c(c: sys::PetscBool, _: &str) -> Result<bool> {
        Ok(from_petsc_bool(c))
    }
}

/// `PETSC_DEFAULT` for `None` (PETSc keeps or restores its default); a value must be
/// finite.
// SAFETY: a finite number or `PETSC_DEFAULT`.
unsafe impl CArg for Option<Real> {
    type Held = Real;
    type C = Real;
    fn hold(self, context: &str, name: &str) -> Result<Real> {
        match self {
            None => Ok(sys::PETSC_DEFAULT as Real),
            Some(v) if v.is_finite() => Ok(v),
            Some(v) => Err(Error::invalid(
                context,
                format!("{name} is {v}; it must be finite"),
            )),
        }
    }
    fn pass(held: &Real) -> Real {
        *held
    }
}

/// `PETSC_DEFAULT` for `None`.
// SAFETY: a number or `PETSC_DEFAULT`.
unsafe impl CArg for Option<Int> {
    type Held = Int;
    type C = Int;
    fn hold(self, _: &str, _: &str) -> Result<Int> {
        Ok(self.unwrap_or(sys::PETSC_DEFAULT as Int))
    }
    fn pass(held: &Int) -> Int {
        *held
    }
}

/// A count or index: an `Err` when it does not fit `PetscInt`.
// SAFETY: a count checked to fit `PetscInt`.
unsafe impl CArg for usize {
    type Held = Int;
    type C = Int;
    fn hold(self, context: &str, name: &str) -> Result<Int> {
        Int::try_from(self).map_err(|_| {
            Error::invalid(
                context,
                format!("{name} is {self}; it does not fit PetscInt"),
            )
        })
    }
    fn pass(held: &Int) -> Int {
        *held
    }
}

/// A count PETSc reports: an `Err` if it is negative.
impl COut for usize {
    type C = Int;
    fn c_init() -> Int {
        0
    }
    unsafe fn from_c(c: Int, context: &str) -> Result<usize> {
        usize::try_from(c)
            .map_err(|_| Error::invalid(context, format!("PETSc reported a count of {c}")))
    }
}

/// A string PETSc copies; one with a NUL byte is an `Err`.
// SAFETY: a pointer to the held `CString`, live across the call.
unsafe impl CArg for &str {
    type Held = CString;
    type C = *const c_char;
    fn hold(self, context: &str, _: &str) -> Result<CString> {
        c_string(context, self)
    }
    fn pass(held: &CString) -> *const c_char {
        held.as_ptr()
    }
}

/// A string PETSc lends (copied; null reads as empty).
impl COut for String {
    type C = *const c_char;
    fn c_init() -> *const c_char {
        std::ptr::null()
    }
    unsafe fn from_c(c: *const c_char, _: &str) -> Result<String> {
        // SAFETY: PETSc's getter wrote its own live string or null (caller).
        Ok(unsafe { crate::object::owned(c) })
    }
}

/// PETSc's boolean of a Rust one.
pub fn petsc_bool(b: bool) -> sys::PetscBool {
    if b {
        sys::PETSC_BOOL_TRUE
    } else {
        sys::PETSC_BOOL_FALSE
    }
}

/// The Rust boolean of PETSc's.
pub fn from_petsc_bool(b: sys::PetscBool) -> bool {
    b == sys::PETSC_BOOL_TRUE
}

/// Whether a declaration's C function `c` and its `#[doc(alias)]` `alias` name the same
/// PETSc function, at compile time: equal, or `c` is this project's C shim of it
/// (`petscrs_` or `slepcrs_` before the name).
pub const fn same_name(c: &str, alias: &str) -> bool {
    let (c, a) = (c.as_bytes(), alias.as_bytes());
    if c.len() < a.len() {
        return false;
    }
    let skip = c.len() - a.len();
    if skip != 0 && !(skip == 8 && (starts(c, b"petscrs_") || starts(c, b"slepcrs_"))) {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if c[skip + i] != a[i] {
            return false;
        }
        i += 1;
    }
    true
}

const fn starts(s: &[u8], prefix: &[u8]) -> bool {
    let mut i = 0;
    while i < prefix.len() {
        if s[i] != prefix[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// The `Err` of an argument check of a declaration that failed: the method, the
/// argument and its value, and the condition.
pub fn refused(context: &str, condition: &str, value: std::fmt::Arguments<'_>) -> Error {
    Error::invalid(context, format!("{value} does not satisfy `{condition}`"))
}

/// Declares methods of a handle, each one PETSc call, one line each.
///
/// ```text
/// methods! { Handle {    // or `methods![for Handle; ...];` inside an `impl Handle` block,
///                        // `methods![for Trait via raw(); ...];` inside a trait's body
///     /// Docs, examples, `#[cfg(...)]` version gates: every attribute goes on the method.
///     pub fn getter(&self) -> T = CGetter as "CGetter";
///     pub fn getter_of(&self, i: Int where i >= 0) -> T = CGetter as "CGetter";
///     pub fn pair(&self) -> (a: T, b: U) = CGetter as "CGetter";
///     pub fn setter(&mut self, a: T, b: U where b >= 1) = CSetter as "CSetter";
///     pub fn action(&mut self) = CAction as "CAction", needs require_x("arg");
/// } }
/// ```
///
/// - The call is `sys::CName(self.ptr, inputs..., outputs...)`, with `sys` resolved
///   where the methods are declared (petsc-sys, or slepc-sys in slepc-rs); `self.ptr`
///   is the handle's live object.
/// - In a trait's body, `for Trait via raw();` declares provided methods (written
///   without `pub`) that pass `self.raw()` instead: an accessor of the trait or a
///   supertrait giving the implementor's live object. An `Err` names `Trait::method`.
/// - A declaration is an FFI boundary, as an `unsafe` block is: the macro trusts that
///   `self.ptr` (or the accessor) is a live object of the class of the function called,
///   for as long as `self` lives. Declare methods only on types that keep that
///   invariant (a handle holding its own reference; a sealed trait's implementors).
/// - Inputs convert through [`CArg`](crate::declare::CArg) (`bool`, `Int`, `Real`,
///   `Option<Real>`/`Option<Int>` for `PETSC_DEFAULT`, `usize`, `&str`, C enums), outputs
///   through [`COut`](crate::declare::COut); a getter returns one value or a tuple of
///   named ones.
/// - `where condition` refuses an input before C is called (the `Err` names the method,
///   the argument, its value and the condition); `needs check(args)` calls
///   `self.check("Handle::method", args)?` first (a type requirement, or a check of the
///   arguments against the object).
/// - The string after `as` is the `#[doc(alias)]`; a compile-time check makes it name
///   the function called.
/// - Receivers: getters take `&self`, setters `&mut self`, actions either.
///
/// ```
/// # fn main() -> petsc::Result<()> {
/// use petsc::{Int, sys};
///
/// /// A KSP, wrapped again by a downstream crate.
/// struct MyKsp {
///     ptr: sys::KSP,
/// }
///
/// petsc::methods! { MyKsp {
///     /// The iteration limit (`KSPSetTolerances`).
///     pub fn set_limits(&mut self, rtol: Option<petsc::Real>, atol: Option<petsc::Real>,
///         dtol: Option<petsc::Real>, max_it: Int where max_it >= 0)
///         = KSPSetTolerances as "KSPSetTolerances";
///     /// Whether the initial guess is nonzero.
///     pub fn guess_nonzero(&self) -> bool
///         = KSPGetInitialGuessNonzero as "KSPGetInitialGuessNonzero";
/// } }
///
/// /// The same, for every type that can lend a KSP.
/// trait Guess {
///     /// The KSP, live while `self` is.
///     fn ksp_raw(&self) -> sys::KSP;
///
///     petsc::methods![for Guess via ksp_raw();
///         /// Starts from the given `x` (`KSPSetInitialGuessNonzero`).
///         fn set_guess_nonzero(&mut self, yes: bool)
///             = KSPSetInitialGuessNonzero as "KSPSetInitialGuessNonzero";
///     ];
/// }
///
/// impl Guess for MyKsp {
///     fn ksp_raw(&self) -> sys::KSP {
///         self.ptr
///     }
/// }
///
/// let petsc = petsc::Petsc::init()?;
/// let ksp = petsc::Ksp::new(&petsc.self_comm())?;
/// let mut mine = MyKsp { ptr: ksp.as_raw() };
/// mine.set_limits(None, None, None, 7)?;
/// let e = mine.set_limits(Some(f64::NAN), None, None, 7).unwrap_err();
/// assert!(e.to_string().contains("MyKsp::set_limits: rtol is NaN"), "{e}");
/// let e = mine.set_limits(None, None, None, -3).unwrap_err();
/// assert!(e.to_string().contains("max_it -3 does not satisfy `max_it >= 0`"), "{e}");
/// assert!(!mine.guess_nonzero()?);
/// mine.set_guess_nonzero(true)?;
/// assert!(mine.guess_nonzero()?);
/// assert_eq!(ksp.tolerances()?.max_it, Some(7));
/// # Ok(()) }
/// ```
#[doc(hidden)]
#[macro_export]
macro_rules! methods {
    ($T:ident { $($items:tt)* }) => {
        impl $T {
            $crate::methods!(@munch $T [ptr]; $($items)*);
        }
    };

    // Inside an `impl` block that also holds hand-written methods.
    (for $T:ident; $($items:tt)*) => {
        $crate::methods!(@munch $T [ptr]; $($items)*);
    };

    // Inside a trait's body: provided methods, the object from an accessor method.
    (for $T:ident via $acc:ident(); $($items:tt)*) => {
        $crate::methods!(@munch $T [$acc()]; $($items)*);
    };

    (@munch $T:ident $p:tt;) => {};

    // A getter of several named outputs.
    (@munch $T:ident $p:tt;
        $(#[$m:meta])* $vis:vis fn $name:ident($($sig:tt)*)
        -> ($($o:ident : $ot:ty),+ $(,)?) = $c:ident as $cn:literal
        $(, needs $chk:ident($($ca:expr),* $(,)?))?;
        $($rest:tt)*
    ) => {
        $crate::methods!(@recv [outs $($o: $ot),+] [$(#[$m])*] $vis $T $p $name $c $cn
            [$($chk($($ca),*))?] ($($sig)*));
        $crate::methods!(@munch $T $p; $($rest)*);
    };

    // A getter of one value.
    (@munch $T:ident $p:tt;
        $(#[$m:meta])* $vis:vis fn $name:ident($($sig:tt)*)
        -> $ot:ty = $c:ident as $cn:literal
        $(, needs $chk:ident($($ca:expr),* $(,)?))?;
        $($rest:tt)*
    ) => {
        $crate::methods!(@recv [out $ot] [$(#[$m])*] $vis $T $p $name $c $cn
            [$($chk($($ca),*))?] ($($sig)*));
        $crate::methods!(@munch $T $p; $($rest)*);
    };

    // A setter or an action.
    (@munch $T:ident $p:tt;
        $(#[$m:meta])* $vis:vis fn $name:ident($($sig:tt)*)
        = $c:ident as $cn:literal
        $(, needs $chk:ident($($ca:expr),* $(,)?))?;
        $($rest:tt)*
    ) => {
        $crate::methods!(@recv [unit] [$(#[$m])*] $vis $T $p $name $c $cn
            [$($chk($($ca),*))?] ($($sig)*));
        $crate::methods!(@munch $T $p; $($rest)*);
    };

    // The receiver, `&self` or `&mut self`, and the inputs.
    (@recv $kind:tt $attrs:tt $vis:vis $T:ident $p:tt $name:ident $c:ident $cn:literal
        $needs:tt (&mut $s:tt $(, $a:ident : $at:ty $(where $cond:expr)?)* $(,)?)) => {
        $crate::methods!(@emit $kind $attrs $vis $T $p $name $c $cn $needs [&mut $s] $s
            [$($a : $at $(where $cond)?),*]);
    };
    (@recv $kind:tt $attrs:tt $vis:vis $T:ident $p:tt $name:ident $c:ident $cn:literal
        $needs:tt (&$s:tt $(, $a:ident : $at:ty $(where $cond:expr)?)* $(,)?)) => {
        $crate::methods!(@emit $kind $attrs $vis $T $p $name $c $cn $needs [&$s] $s
            [$($a : $at $(where $cond)?),*]);
    };

    (@emit [outs $($o:ident : $ot:ty),+] [$($attr:tt)*] $vis:vis $T:ident
        [$($p:tt)+] $name:ident $c:ident $cn:literal $needs:tt [$($recv:tt)+] $s:tt
        [$($a:ident : $at:ty $(where $cond:expr)?),*]) => {
        $($attr)*
        #[doc(alias = $cn)]
        // The metavariables in its `unsafe` block are identifiers (the C function, the
        // receiver and its accessor, the converted inputs), never a caller's expressions.
        #[allow(clippy::macro_metavars_in_unsafe)]
        $vis fn $name($($recv)+ $(, $a: $at)*) -> $crate::Result<($($ot),+)> {
            $crate::methods!(@pre $s $T $name $c $cn $needs; $($a : $at $(where $cond)?),*);
            $( let mut $o = <$ot as $crate::declare::COut>::c_init(); )+
            // SAFETY: a live object (the handle's invariant); each input is the C type
            // the function takes, each output a valid place for PETSc to write.
            $crate::ffi::check(unsafe {
                sys::$c($s.$($p)+ $(, <$at as $crate::declare::CArg>::pass(&$a))* $(, &mut $o)+)
            })?;
            // SAFETY: PETSc wrote every output.
            Ok(($(unsafe {
                <$ot as $crate::declare::COut>::from_c(
                    $o, concat!(stringify!($T), "::", stringify!($name)))
            }?),+))
        }
    };
    (@emit [out $ot:ty] [$($attr:tt)*] $vis:vis $T:ident
        [$($p:tt)+] $name:ident $c:ident $cn:literal $needs:tt [$($recv:tt)+] $s:tt
        [$($a:ident : $at:ty $(where $cond:expr)?),*]) => {
        $($attr)*
        #[doc(alias = $cn)]
        // The metavariables in its `unsafe` block are identifiers (the C function, the
        // receiver and its accessor, the converted inputs), never a caller's expressions.
        #[allow(clippy::macro_metavars_in_unsafe)]
        $vis fn $name($($recv)+ $(, $a: $at)*) -> $crate::Result<$ot> {
            $crate::methods!(@pre $s $T $name $c $cn $needs; $($a : $at $(where $cond)?),*);
            let mut out = <$ot as $crate::declare::COut>::c_init();
            // SAFETY: a live object (the handle's invariant); each input is the C type
            // the function takes, the output a valid place for PETSc to write.
            $crate::ffi::check(unsafe {
                sys::$c($s.$($p)+ $(, <$at as $crate::declare::CArg>::pass(&$a))*, &mut out)
            })?;
            // SAFETY: PETSc wrote the output.
            unsafe {
                <$ot as $crate::declare::COut>::from_c(
                    out, concat!(stringify!($T), "::", stringify!($name)))
            }
        }
    };
    (@emit [unit] [$($attr:tt)*] $vis:vis $T:ident
        [$($p:tt)+] $name:ident $c:ident $cn:literal $needs:tt [$($recv:tt)+] $s:tt
        [$($a:ident : $at:ty $(where $cond:expr)?),*]) => {
        $($attr)*
        #[doc(alias = $cn)]
        // The metavariables in its `unsafe` block are identifiers (the C function, the
        // receiver and its accessor, the converted inputs), never a caller's expressions.
        #[allow(clippy::macro_metavars_in_unsafe)]
        $vis fn $name($($recv)+ $(, $a: $at)*) -> $crate::Result<()> {
            $crate::methods!(@pre $s $T $name $c $cn $needs; $($a : $at $(where $cond)?),*);
            // SAFETY: a live object (the handle's invariant); each input is the C type
            // the function takes.
            $crate::ffi::check(unsafe {
                sys::$c($s.$($p)+ $(, <$at as $crate::declare::CArg>::pass(&$a))*)
            })
        }
    };

    // What every declaration does before the call: the alias must name the function
    // (checked at compile time), each `where` condition must hold, the `needs` check
    // must pass, and each input is converted (shadowing it with its C form).
    (@pre $s:tt $T:ident $name:ident $c:ident $cn:literal [$($chk:ident($($ca:expr),*))?];
        $($a:ident : $at:ty $(where $cond:expr)?),*) => {
        const _: () = assert!(
            $crate::declare::same_name(stringify!($c), $cn),
            concat!("the doc alias \"", $cn, "\" does not name ", stringify!($c))
        );
        $($(
            if !($cond) {
                return Err($crate::declare::refused(
                    concat!(stringify!($T), "::", stringify!($name)),
                    stringify!($cond),
                    format_args!("{} {:?}", stringify!($a), $a),
                ));
            }
        )?)*
        $( $s.$chk(concat!(stringify!($T), "::", stringify!($name)) $(, $ca)*)?; )?
        $( let $a = <$at as $crate::declare::CArg>::hold(
            $a, concat!(stringify!($T), "::", stringify!($name)), stringify!($a))?; )*
    };
}

/// A Rust enum over one of PETSc's C enums (a bindgen newtype), the one bridge between
/// them: `raw()`, a checked `from_raw()` that refuses values it does not know, and the
/// [`CArg`](crate::declare::CArg)/[`COut`](crate::declare::COut) conversions that let
/// [`methods!`](crate::methods) take and return it.
///
/// A variant is `Name = C_CONSTANT "doc"`: its documentation is the C constant's name,
/// then the text (`` `NORM_1`: the largest column sum. ``), so the C name is written
/// once. Doc comments and other attributes before a variant are kept (for a longer
/// text, or a `#[cfg]`).
///
/// ```
/// use petsc::sys;
///
/// petsc::c_enum! {
///     /// Which norm (`NormType`).
///     pub Norm: sys::NormType {
///         One = NORM_1 "the largest column sum.",
///         /// `NORM_2`: the largest singular value.
///         Two = NORM_2,
///     }
/// }
///
/// assert_eq!(Norm::Two.raw(), sys::NormType::NORM_2);
/// assert_eq!(Norm::from_raw(sys::NormType::NORM_1, "doc").unwrap(), Norm::One);
/// let e = Norm::from_raw(sys::NormType::NORM_INFINITY, "doc").unwrap_err();
/// assert!(e.to_string().contains("unknown Norm"), "{e}");
/// ```
#[doc(hidden)]
#[macro_export]
macro_rules! c_enum {
    ($(#[$m:meta])* $vis:vis $name:ident : $raw:ty {
        $($(#[$vm:meta])* $v:ident = $c:ident $($doc:literal)?),* $(,)?
    }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        $vis enum $name {
            $($(#[doc = concat!("`", stringify!($c), "`: ", $doc)])? $(#[$vm])* $v,)*
        }

        impl $name {
            /// Every value, in declaration order.
            #[allow(dead_code)]
            $vis const ALL: &'static [$name] = &[$($name::$v),*];

            /// The C value.
            #[allow(dead_code)]
            $vis fn raw(self) -> $raw {
                match self {
                    $($name::$v => <$raw>::$c,)*
                }
            }

            /// The Rust value of a C one; an `Err` naming `context` for a value this
            /// enum does not know.
            #[allow(dead_code)]
            $vis fn from_raw(r: $raw, context: &str) -> $crate::Result<Self> {
                $(if r == <$raw>::$c {
                    return Ok($name::$v);
                })*
                Err($crate::Error::invalid(
                    context,
                    format!("PETSc returned an unknown {} ({})", stringify!($name), r.0),
                ))
            }
        }

        // SAFETY: the raw value of a variant, which PETSc names.
        unsafe impl $crate::declare::CArg for $name {
            type Held = $raw;
            type C = $raw;
            fn hold(self, _: &str, _: &str) -> $crate::Result<$raw> {
                Ok(self.raw())
            }
            fn pass(held: &$raw) -> $raw {
                *held
            }
        }

        impl $crate::declare::CEnum for $name {}

        impl $crate::declare::COut for $name {
            type C = $raw;
            fn c_init() -> $raw {
                [$(<$raw>::$c),*][0]
            }
            unsafe fn from_c(c: $raw, context: &str) -> $crate::Result<Self> {
                Self::from_raw(c, context)
            }
        }
    };
}
