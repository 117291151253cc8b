//! The options database: `-name value` pairs from the command line, `PETSC_OPTIONS`,
//! and the program itself.
//!
//! `mod.rs` holds the database view ([`Options`]), `block.rs` a program's own options
//! listed by `-help` ([`OptionsBlock`]), `handler.rs` closures that read an object's own
//! options with it ([`OptionsHandlers`]).
//!
//! Integers PETSc parses itself: an option's value is text, and only the code that reads
//! it knows whether it is an integer (`-da_grid_x 99999999999`) or a real
//! (`-ksp_divtol 99999999999`). So the check is made where PETSc reads an integer: in a
//! program linked with petsc-rs, PETSc's `PetscOptionsStringToInt` (and the
//! `PetscOptionsGetInt`/`PetscOptionsGetIntArray` around it, for the option's name) are
//! petsc-rs's, which call PETSc's and refuse a decimal value outside [`Int`]'s range,
//! which PETSc would silently wrap (`1215752191` for `99999999999` with 32-bit indices)
//! or saturate. The refusal is PETSc's error `PETSC_ERR_ARG_OUTOFRANGE` of the call that
//! read it (`DMSetFromOptions`, `KSPSetFromOptions`, ... or `Petsc::init` for the options
//! PETSc reads while initializing), naming the option and the value, wherever the value
//! came from (the command line, `PETSC_OPTIONS`, `-options_file`, `.petscrc`,
//! [`Options::set_value`], [`Options::insert_string`]); the same value read as a real is
//! accepted. Where the dynamic linker gives PETSc's own definitions precedence (a PETSc
//! linked statically), [`Options::get`] still checks the program's own integers.

use std::ffi::{CStr, CString};
use std::os::raw::c_char;

use petsc_sys as sys;

use crate::error::{Error, Result, c_string, check};
use crate::init::Petsc;
use crate::scalar::{Int, Real, Scalar};

mod block;
mod clear;
mod handler;
mod text;
mod typed;

use text::{
    array_count_bound, check_int_array_text, check_int_text, check_real_text, parse_bool,
    parse_real, parse_scalar,
};

pub use block::OptionsBlock;
pub(crate) use handler::object_options;
pub use handler::{ObjectOptions, OptionsHandlers};
pub use typed::{OptionArrayValue, OptionValue};

/// A view of the global options database (or of one of its own, [`Options::new`]),
/// optionally through a prefix.
///
/// Integers PETSc reads itself are checked where PETSc reads them as integers: a
/// decimal value outside [`Int`]'s range, which PETSc would silently wrap
/// (`-da_grid_x 99999999999` read as `1215752191` with 32-bit indices), is the `Err` of
/// the call that read it (`DMSetFromOptions`, `KSPSetFromOptions`, ..., or
/// [`Petsc::init`] for the options PETSc reads while initializing), naming the option and
/// the value, wherever it came from (command line, `PETSC_OPTIONS`, `-options_file`,
/// `.petscrc`, [`set_value`](Self::set_value), [`insert_string`](Self::insert_string)).
/// The same text read as a real (`-ksp_divtol 99999999999`) is accepted. (petsc-rs
/// defines PETSc's `PetscOptionsStringToInt`, `PetscOptionsGetInt` and
/// `PetscOptionsGetIntArray` in the program, calling PETSc's; with a PETSc linked
/// statically, PETSc's own stay, unchecked.)
///
/// Names may be given with or without the leading `-`. A prefix holding a NUL byte
/// (`petsc.options_with_prefix("a\0b_")`) cannot reach PETSc: every call through it
/// returns `Err` naming it (it is not dropped, which would read the unprefixed option).
///
/// ```
/// let petsc = petsc::Petsc::builder().args(["prog", "-n", "42", "-tol", "1e-8", "-verbose"]).init()?;
/// let opts = petsc.options();
/// assert_eq!(opts.get::<petsc::Int>("n")?, Some(42));
/// assert_eq!(opts.get::<petsc::Real>("-tol")?, Some(1e-8));
/// assert_eq!(opts.get::<bool>("verbose")?, Some(true));
/// assert_eq!(opts.get::<petsc::Int>("missing")?, None);
/// assert_eq!(opts.get_or::<petsc::Int>("missing", 7)?, 7);
/// # Ok::<(), petsc::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Options {
    /// A database of its own ([`Options::new`]), `None` for PETSc's global one.
    db: Option<std::rc::Rc<Database>>,
    _petsc: Petsc,
    /// The prefix for C, or the error every call returns when the prefix cannot be one
    /// (it holds a NUL byte): `Petsc::options_with_prefix` cannot fail, so the error is
    /// kept until the first use instead of the prefix being dropped.
    prefix: std::result::Result<Option<CString>, Error>,
}

fn dashed(context: &str, name: &str) -> Result<CString> {
    check_name(context, "option name", name)?;
    if name.starts_with('-') {
        c_string(context, name)
    } else {
        c_string(context, &format!("-{name}"))
    }
}

/// Refuses an option name (or prefix) PETSc cannot hold: empty, or with white space
/// (PETSc stored `-a b` as an option no command line can give, and looked it up as
/// absent).
fn check_name(context: &str, what: &str, name: &str) -> Result<()> {
    if what == "option name" && name.trim_start_matches('-').is_empty() {
        return Err(Error::invalid(
            context,
            format!("the {what} {name:?} is empty"),
        ));
    }
    if name.chars().any(char::is_whitespace) {
        return Err(Error::invalid(
            context,
            format!("the {what} {name:?} contains white space"),
        ));
    }
    Ok(())
}

impl Options {
    pub(crate) fn view_of(petsc: Petsc, prefix: Option<String>) -> Options {
        let prefix = match prefix {
            None => Ok(None),
            Some(p) => check_name("Petsc::options_with_prefix", "prefix", &p)
                .and_then(|()| c_string("Petsc::options_with_prefix", &p))
                .map(Some),
        };
        Options {
            db: None,
            _petsc: petsc,
            prefix,
        }
    }

    /// A new options database of its own (`PetscOptionsCreate`), apart from PETSc's
    /// global one (petsc4py's `Options().create()`): what is set in it is seen only
    /// through it and by the objects given it
    /// ([`ObjectOptions::set_options`](crate::ObjectOptions::set_options)), which
    /// keep it alive. [`prefixed`](Self::prefixed) reads it through a prefix.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let mine = petsc::Options::new(&petsc)?;
    /// mine.set_value("doc_private_n", "3")?;
    /// assert_eq!(mine.get::<petsc::Int>("doc_private_n")?, Some(3));
    /// assert_eq!(petsc.options().get::<petsc::Int>("doc_private_n")?, None);
    /// assert_eq!(mine.prefixed("doc_")?.get::<petsc::Int>("private_n")?, Some(3));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscOptionsCreate")]
    pub fn new(petsc: &Petsc) -> Result<Options> {
        let mut raw: sys::PetscOptions = std::ptr::null_mut();
        // SAFETY: PETSc is initialized; one output.
        check(unsafe { sys::PetscOptionsCreate(&mut raw) })?;
        Ok(Options {
            db: Some(std::rc::Rc::new(Database {
                raw,
                _petsc: petsc.clone(),
            })),
            _petsc: petsc.clone(),
            prefix: Ok(None),
        })
    }

    /// The same database read through `prefix` (as
    /// [`Petsc::options_with_prefix`] for the global one); an `Err` for a prefix
    /// PETSc cannot hold (white space, a NUL byte).
    pub fn prefixed(&self, prefix: &str) -> Result<Options> {
        let mut o = Options::view_of(self._petsc.clone(), Some(prefix.to_string()));
        if let Err(e) = &o.prefix {
            return Err(e.clone());
        }
        o.db = self.db.clone();
        Ok(o)
    }

    /// The same database without a prefix.
    fn unprefixed(&self) -> Options {
        Options {
            db: self.db.clone(),
            _petsc: self._petsc.clone(),
            prefix: Ok(None),
        }
    }

    /// The database for C: this one's own, or null for PETSc's global one.
    pub(crate) fn db(&self) -> sys::PetscOptions {
        self.db.as_ref().map_or(std::ptr::null_mut(), |d| d.raw)
    }

    /// Whether this is a database of its own ([`new`](Self::new)).
    pub fn is_own_database(&self) -> bool {
        self.db.is_some()
    }

    /// The shared handle of a database of its own, for the objects that use it.
    pub(crate) fn database(&self) -> Option<std::rc::Rc<Database>> {
        self.db.clone()
    }

    /// The database `db` (PETSc's global one for `None`), without a prefix.
    pub(crate) fn of_database(petsc: &Petsc, db: Option<std::rc::Rc<Database>>) -> Options {
        Options {
            db,
            _petsc: petsc.clone(),
            prefix: Ok(None),
        }
    }

    /// The prefix for C (null for none), or the error of a prefix with a NUL byte.
    fn pre(&self) -> Result<*const c_char> {
        match &self.prefix {
            Ok(p) => Ok(p.as_ref().map_or(std::ptr::null(), |p| p.as_ptr())),
            Err(e) => Err(e.clone()),
        }
    }

    /// The option's text as PETSc stores it (`PetscOptionsFindPair`): `None` when the
    /// option is absent, `Some(None)` when it is given without a value. The whole value
    /// is copied, however long; a value that is not UTF-8 is an `Err`.
    fn find(&self, context: &str, name: &str) -> Result<Option<Option<String>>> {
        let pre = self.pre()?;
        let n = dashed(context, name)?;
        let mut value: *const c_char = std::ptr::null();
        let mut set = sys::PETSC_BOOL_FALSE;
        // SAFETY: this view's database; NUL-terminated prefix (or null) and name; PETSc writes
        // a pointer to its own copy of the value (or null) and the flag.
        check(unsafe {
            sys::PetscOptionsFindPair(self.db(), pre, n.as_ptr(), &mut value, &mut set)
        })?;
        if set != sys::PETSC_BOOL_TRUE {
            return Ok(None);
        }
        if value.is_null() {
            return Ok(Some(None));
        }
        // SAFETY: PETSc returned a NUL-terminated string owned by the database, which
        // nothing changes before it is copied here.
        let bytes = unsafe { CStr::from_ptr(value) }.to_bytes();
        match std::str::from_utf8(bytes) {
            Ok(text) => Ok(Some(Some(text.to_string()))),
            Err(_) => Err(Error::invalid(
                context,
                format!(
                    "the value of option {} is not valid UTF-8: {:?}",
                    self.shown_name(name),
                    String::from_utf8_lossy(bytes)
                ),
            )),
        }
    }

    /// The option's value text, for the checks made after PETSc parsed it (empty when
    /// the option has no value, which PETSc's typed getters report as not set).
    fn text(&self, context: &str, name: &str) -> Result<String> {
        Ok(self.find(context, name)?.flatten().unwrap_or_default())
    }

    /// The option's full name as the user sees it (`-prefix_name`), for messages.
    fn shown_name(&self, name: &str) -> String {
        let bare = name.trim_start_matches('-');
        match &self.prefix {
            Ok(Some(p)) => format!("-{}{bare}", p.to_string_lossy()),
            _ => format!("-{bare}"),
        }
    }

    /// Whether the option is present.
    pub fn has(&self, name: &str) -> Result<bool> {
        let pre = self.pre()?;
        let n = dashed("Options::has", name)?;
        let mut set = sys::PETSC_BOOL_FALSE;
        // SAFETY: this view's database; strings are NUL-terminated.
        check(unsafe { sys::PetscOptionsHasName(self.db(), pre, n.as_ptr(), &mut set) })?;
        Ok(set == sys::PETSC_BOOL_TRUE)
    }

    /// An integer option; `Err` if present but not an integer, or if the integer does not
    /// fit [`Int`] (`PetscInt`, 32 bits unless PETSc was configured with 64-bit indices).
    ///
    /// The forms PETSc accepts are unchanged: decimal digits with an optional sign
    /// (`42`, `-3`, `+7`), and `DEFAULT`/`PETSC_DEFAULT`, `DECIDE`/`PETSC_DECIDE` and
    /// `mouse`; `1e3` and `0x10` are not integers to PETSc and stay an `Err`. A decimal
    /// value out of range, which PETSc would silently wrap (`99999999999` read as
    /// `1215752191`), is an `Err` naming the option and the value; so is such a value of
    /// an integer option PETSc reads itself (see [`Options`]).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let opts = petsc.options();
    /// opts.set_value("doc_big", "99999999999999999999")?;
    /// let e = opts.get::<petsc::Int>("doc_big").unwrap_err();
    /// assert!(e.to_string().contains("-doc_big"), "{e}");
    /// opts.set_value("doc_big", "-12")?;
    /// assert_eq!(opts.get::<petsc::Int>("doc_big")?, Some(-12));
    /// # opts.clear_value("doc_big")?;
    /// # Ok::<(), petsc::Error>(())
    /// ```
    fn read_int(&self, name: &str) -> Result<Option<Int>> {
        const CTX: &str = "Options::get";
        let v = self.read_with(CTX, name, 0, |pre, n, v, set| {
            // SAFETY: this view's database; NUL-terminated names; PETSc writes the value and
            // the flag.
            unsafe { sys::PetscOptionsGetInt(self.db(), pre, n, v, set) }
        })?;
        if let Some(v) = v {
            let text = self.text(CTX, name)?;
            check_int_text(CTX, &self.shown_name(name), &text, &text, v)?;
        }
        Ok(v)
    }

    /// A real option; `Err` if present but not a number, or if the number is out of
    /// [`Real`]'s range: PETSc (`strtod`) would silently read `1e400` as infinity and
    /// `1e-400` as 0. Infinity and NaN written as such (`inf`, `-infinity`, `nan`) are
    /// accepted, as PETSc accepts them.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let opts = petsc.options();
    /// opts.set_value("doc_huge", "1e400")?;
    /// assert!(opts.get::<petsc::Real>("doc_huge").is_err());
    /// opts.set_value("doc_huge", "-inf")?;
    /// assert_eq!(opts.get::<petsc::Real>("doc_huge")?, Some(f64::NEG_INFINITY as petsc::Real));
    /// # opts.clear_value("doc_huge")?;
    /// # Ok::<(), petsc::Error>(())
    /// ```
    fn read_real(&self, name: &str) -> Result<Option<Real>> {
        const CTX: &str = "Options::get";
        let v = self.read_with(CTX, name, 0.0, |pre, n, v, set| {
            // SAFETY: this view's database; NUL-terminated names; PETSc writes the value and
            // the flag.
            unsafe { sys::PetscOptionsGetReal(self.db(), pre, n, v, set) }
        })?;
        if let Some(v) = v {
            let text = self.text(CTX, name)?;
            check_real_text(
                CTX,
                &self.shown_name(name),
                &text,
                v.is_infinite(),
                v == 0.0,
            )?;
        }
        Ok(v)
    }

    /// A scalar option; `Err` if present but not a number, or if a part of it overflows
    /// to infinity without being written as infinity (see [`get`](Self::get)).
    fn read_scalar(&self, name: &str) -> Result<Option<Scalar>> {
        const CTX: &str = "Options::get";
        let v = self.read_with(CTX, name, Scalar::default(), |pre, n, v, set| {
            // SAFETY: this view's database; NUL-terminated names; PETSc writes the value and
            // the flag.
            unsafe { sys::PetscOptionsGetScalar(self.db(), pre, n, v, set) }
        })?;
        if let Some(v) = v {
            // `is_finite` of `f64` and of `Complex`: false when a part is infinite or NaN.
            let not_finite = !v.is_finite();
            let text = self.text(CTX, name)?;
            check_real_text(CTX, &self.shown_name(name), &text, not_finite, false)?;
        }
        Ok(v)
    }

    /// A boolean option: a bare `-name` is true; `Err` for values other than
    /// true/false/yes/no/1/0.
    fn read_bool(&self, name: &str) -> Result<Option<bool>> {
        let v = self.read_with(
            "Options::get",
            name,
            sys::PETSC_BOOL_FALSE,
            |pre, n, v, set| {
                // SAFETY: this view's database; NUL-terminated names; PETSc writes the value
                // and the flag.
                unsafe { sys::PetscOptionsGetBool(self.db(), pre, n, v, set) }
            },
        )?;
        Ok(v.map(|b| b == sys::PETSC_BOOL_TRUE))
    }

    /// A string option (an option given without a value is the empty string). The
    /// whole value is returned, however long; `Err` if it is not valid UTF-8.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let long = "x".repeat(10_000);
    /// petsc.options().set_value("doc_long", &long)?;
    /// assert_eq!(petsc.options().get::<String>("doc_long")?, Some(long));
    /// # petsc.options().clear_value("doc_long")?;
    /// # Ok::<(), petsc::Error>(())
    /// ```
    fn read_string(&self, name: &str) -> Result<Option<String>> {
        Ok(self
            .find("Options::get", name)?
            .map(Option::unwrap_or_default))
    }

    /// An integer array option (`-sizes 3,4,5`, or with PETSc's ranges `-sizes 0-3`
    /// for `0,1,2` and `0-9:4` for `0,4,8`) of at most `max` values.
    ///
    /// `Err` if the option holds more than `max` values (PETSc would silently drop the
    /// rest), if an element does not fit [`Int`] (PETSc would silently wrap it), or if
    /// an element is not an integer. An option given without a value is `None`, as in
    /// PETSc. Memory grows with the values found, not with `max`.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let opts = petsc.options();
    /// opts.set_value("doc_sizes", "3,4,5")?;
    /// assert_eq!(opts.get_array::<petsc::Int>("doc_sizes", 3)?, Some(vec![3, 4, 5]));
    /// assert!(opts.get_array::<petsc::Int>("doc_sizes", 2).is_err());
    /// # opts.clear_value("doc_sizes")?;
    /// # Ok::<(), petsc::Error>(())
    /// ```
    fn read_int_array(&self, name: &str, max: usize) -> Result<Option<Vec<Int>>> {
        const CTX: &str = "Options::get_array";
        let pre = self.pre()?;
        let n = dashed(CTX, name)?;
        // One more slot than allowed tells whether the option holds more than `max`.
        let limit = max.checked_add(1).and_then(|l| Int::try_from(l).ok());
        let Some(limit) = limit else {
            return Err(Error::invalid(
                CTX,
                format!("at most {max} values asked for, more than PetscInt counts"),
            ));
        };
        // Room for the values the text can hold (PETSc's own count of a range), at most
        // `limit`: a large `max` costs nothing unless used. Should the count fall short
        // (text PETSc tokenizes otherwise, as quoted), read again with more room.
        let text = self.text(CTX, name)?;
        let shown = self.shown_name(name);
        // Before PETSc reads (and wraps) them, and sizes a range by them.
        check_int_array_text(CTX, &shown, &text)?;
        let bound = array_count_bound(&text).clamp(1, i128::from(limit));
        let mut cap = Int::try_from(bound).unwrap_or(limit);
        let (mut v, count) = loop {
            let mut v: Vec<Int> = vec![0; cap as usize];
            let mut count = cap;
            let mut set = sys::PETSC_BOOL_FALSE;
            // SAFETY: this view's database; NUL-terminated prefix (or null) and name; PETSc
            // writes at most `count` values into `v` (which holds `count`) and updates
            // `count`.
            check(unsafe {
                sys::PetscOptionsGetIntArray(
                    self.db(),
                    pre,
                    n.as_ptr(),
                    v.as_mut_ptr(),
                    &mut count,
                    &mut set,
                )
            })?;
            if set != sys::PETSC_BOOL_TRUE {
                return Ok(None);
            }
            if count >= cap && cap < limit {
                cap = cap.saturating_mul(4).min(limit);
                continue;
            }
            break (v, count);
        };
        if count as usize > max {
            return Err(Error::invalid(
                CTX,
                format!("option {shown} holds more than the {max} values asked for"),
            ));
        }
        v.truncate(count as usize);
        Ok(Some(v))
    }

    /// Sets `-name value` (an empty value sets a flag). The prefix, if any, is prepended.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let opts = petsc.options_with_prefix("inner_");
    /// opts.set_value("ksp_type", "cg")?;
    /// assert_eq!(petsc.options().get::<String>("inner_ksp_type")?.as_deref(), Some("cg"));
    /// opts.clear_value("ksp_type")?;
    /// assert!(!petsc.options().has("inner_ksp_type")?);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn set_value(&self, name: &str, value: &str) -> Result<()> {
        let n = self.full_name("Options::set_value", name)?;
        let v = c_string("Options::set_value", value)?;
        let vp = if value.is_empty() {
            std::ptr::null()
        } else {
            v.as_ptr()
        };
        // SAFETY: this view's database; PETSc copies both strings.
        check(unsafe { sys::PetscOptionsSetValue(self.db(), n.as_ptr(), vp) })
    }

    /// Removes `-name`.
    pub fn clear_value(&self, name: &str) -> Result<()> {
        let n = self.full_name("Options::clear_value", name)?;
        // SAFETY: this view's database; NUL-terminated name.
        check(unsafe { sys::PetscOptionsClearValue(self.db(), n.as_ptr()) })
    }

    /// Inserts options from a string as if given on the command line
    /// (`"-ksp_type cg -pc_type jacobi"`).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// petsc.options().insert_string("-my_n 5 -my_flag")?;
    /// assert_eq!(petsc.options().get::<petsc::Int>("my_n")?, Some(5));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn insert_string(&self, options: &str) -> Result<()> {
        let s = c_string("Options::insert_string", options)?;
        // SAFETY: this view's database; PETSc copies the string.
        check(unsafe { sys::PetscOptionsInsertString(self.db(), s.as_ptr()) })
    }

    /// The options set in the database that nothing has read yet, as `-name` (whatever
    /// this view's prefix) with their values (`None` for a flag) (`PetscOptionsLeftGet`):
    /// what `-options_left` lists at exit. An option a solver's `set_from_options` did
    /// not read, because its prefix does not reach that solver, shows up here.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let opts = petsc.options();
    /// opts.insert_string("-doc_unused_n 3 -doc_unused_flag")?;
    /// assert_eq!(opts.get::<petsc::Int>("doc_unused_n")?, Some(3));
    /// let left = opts.unused()?;
    /// assert!(left.contains(&("-doc_unused_flag".to_string(), None)));
    /// assert!(!left.iter().any(|(n, _)| n == "-doc_unused_n"));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscOptionsLeftGet")]
    pub fn unused(&self) -> Result<Vec<(String, Option<String>)>> {
        let mut n: Int = 0;
        let (mut names, mut values): (*mut *mut c_char, *mut *mut c_char) =
            (std::ptr::null_mut(), std::ptr::null_mut());
        // SAFETY: this view's database; PETSc allocates the two arrays of `n` strings.
        check(unsafe { sys::PetscOptionsLeftGet(self.db(), &mut n, &mut names, &mut values) })?;
        let owned = |p: *const c_char| -> Option<String> {
            // SAFETY: null or a NUL-terminated string of PETSc's arrays, live until the
            // restore below.
            (!p.is_null()).then(|| unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned())
        };
        let left = (0..n.max(0) as usize)
            .map(|i| {
                // SAFETY: both arrays hold `n` entries.
                let (name, value) = unsafe { (*names.add(i), *values.add(i)) };
                let name = owned(name).unwrap_or_default();
                let name = if name.starts_with('-') {
                    name
                } else {
                    format!("-{name}")
                };
                (name, owned(value).filter(|v| !v.is_empty()))
            })
            .collect();
        // SAFETY: the arrays PetscOptionsLeftGet returned, freed once.
        check(unsafe { sys::PetscOptionsLeftRestore(self.db(), &mut n, &mut names, &mut values) })?;
        Ok(left)
    }

    /// A real array option (`-weights 0.5,1,2`) of at most `max` values; `Err` if it
    /// holds more, or if an element is not a number or overflows (see
    /// [`get`](Self::get)). An option given without a value is `None`.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let opts = petsc.options();
    /// opts.set_value("doc_weights", "0.5,1,2e1")?;
    /// assert_eq!(opts.get_array::<petsc::Real>("doc_weights", 4)?, Some(vec![0.5, 1.0, 20.0]));
    /// assert!(opts.get_array::<petsc::Real>("doc_weights", 2).is_err());
    /// opts.set_value("doc_weights", "1,1e999")?;
    /// assert!(opts.get_array::<petsc::Real>("doc_weights", 4).is_err());
    /// # opts.clear_value("doc_weights")?;
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscOptionsGetRealArray")]
    fn read_real_array(&self, name: &str, max: usize) -> Result<Option<Vec<Real>>> {
        const CTX: &str = "Options::get_array";
        let v = self.read_array_with(
            CTX,
            name,
            max,
            0.0,
            ("a real number", parse_real),
            |pre, n, v, count, set| {
                // SAFETY: this view's database; NUL-terminated names; PETSc writes at most `count`
                // values, the count and the flag.
                unsafe { sys::PetscOptionsGetRealArray(self.db(), pre, n, v, count, set) }
            },
        )?;
        if let Some(v) = &v {
            let text = self.text(CTX, name)?;
            for (x, t) in v.iter().zip(text.split(',')) {
                check_real_text(CTX, &self.shown_name(name), t, x.is_infinite(), *x == 0.0)?;
            }
        }
        Ok(v)
    }

    /// A scalar array option of at most `max` values; `Err` as for
    /// [`get_array`](Self::get_array).
    #[doc(alias = "PetscOptionsGetScalarArray")]
    fn read_scalar_array(&self, name: &str, max: usize) -> Result<Option<Vec<Scalar>>> {
        const CTX: &str = "Options::get_array";
        let v = self.read_array_with(
            CTX,
            name,
            max,
            Scalar::default(),
            ("a number", parse_scalar),
            |pre, n, v, count, set| {
                // SAFETY: this view's database; NUL-terminated names; PETSc writes at most `count`
                // values, the count and the flag.
                unsafe { sys::PetscOptionsGetScalarArray(self.db(), pre, n, v, count, set) }
            },
        )?;
        if let Some(v) = &v {
            let text = self.text(CTX, name)?;
            for (x, t) in v.iter().zip(text.split(',')) {
                check_real_text(CTX, &self.shown_name(name), t, !x.is_finite(), false)?;
            }
        }
        Ok(v)
    }

    /// A boolean array option (`-flags 1,no,true`) of at most `max` values; `Err` if
    /// it holds more, or for a value other than true/false/yes/no/1/0.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let opts = petsc.options();
    /// opts.set_value("doc_flags", "1,no,TRUE")?;
    /// assert_eq!(opts.get_array::<bool>("doc_flags", 3)?, Some(vec![true, false, true]));
    /// opts.set_value("doc_flags", "1,maybe")?;
    /// assert!(opts.get_array::<bool>("doc_flags", 3).is_err());
    /// # opts.clear_value("doc_flags")?;
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscOptionsGetBoolArray")]
    fn read_bool_array(&self, name: &str, max: usize) -> Result<Option<Vec<bool>>> {
        const CTX: &str = "Options::get_array";
        let v = self.read_array_with(
            CTX,
            name,
            max,
            sys::PETSC_BOOL_FALSE,
            ("true/false/yes/no/1/0", parse_bool),
            |pre, n, v, count, set| {
                // SAFETY: this view's database; NUL-terminated names; PETSc writes at most
                // `count` values, the count and the flag.
                unsafe { sys::PetscOptionsGetBoolArray(self.db(), pre, n, v, count, set) }
            },
        )?;
        Ok(v.map(|v| v.into_iter().map(|b| b == sys::PETSC_BOOL_TRUE).collect()))
    }

    /// Reads an array option whose elements are separated by commas (no ranges):
    /// `call(prefix, name, values, count, set)` is the C getter.
    fn read_array_with<T: Copy>(
        &self,
        context: &str,
        name: &str,
        max: usize,
        init: T,
        element: (&str, fn(*const c_char) -> sys::PetscErrorCode),
        call: impl FnOnce(
            *const c_char,
            *const c_char,
            *mut T,
            *mut Int,
            *mut sys::PetscBool,
        ) -> sys::PetscErrorCode,
    ) -> Result<Option<Vec<T>>> {
        let Some(Some(text)) = self.find(context, name)? else {
            return Ok(None);
        };
        let items = text.split(',').count();
        if items > max {
            return Err(Error::invalid(
                context,
                format!(
                    "option {} holds {items} values, more than the {max} asked for",
                    self.shown_name(name)
                ),
            ));
        }
        // Each element is parsed once by PETSc's own parser first: an element PETSc
        // cannot read makes its array getters fail half-way and leak their tokenizer.
        let (what, parse) = element;
        for (k, item) in text.split(',').enumerate() {
            let c = c_string(context, item)?;
            if check(parse(c.as_ptr())).is_err() {
                return Err(Error::invalid(
                    context,
                    format!(
                        "element {k} ({item:?}) of option {} is not {what}",
                        self.shown_name(name)
                    ),
                ));
            }
        }
        let pre = self.pre()?;
        let n = dashed(context, name)?;
        let mut v = vec![init; items];
        let mut count = Int::try_from(items).map_err(|_| {
            Error::invalid(
                context,
                format!("{items} values are more than PetscInt counts"),
            )
        })?;
        let mut set = sys::PETSC_BOOL_FALSE;
        check(call(pre, n.as_ptr(), v.as_mut_ptr(), &mut count, &mut set))?;
        if set != sys::PETSC_BOOL_TRUE {
            return Ok(None);
        }
        v.truncate(count.max(0) as usize);
        Ok(Some(v))
    }

    /// Whether the option was read by anything since it was set (`PetscOptionsUsed`).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let opts = petsc.options();
    /// opts.set_value("doc_used_n", "4")?;
    /// assert!(!opts.used("doc_used_n")?);
    /// opts.get::<petsc::Int>("doc_used_n")?;
    /// assert!(opts.used("doc_used_n")?);
    /// # opts.clear_value("doc_used_n")?;
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscOptionsUsed")]
    pub fn used(&self, name: &str) -> Result<bool> {
        check_name("Options::used", "option name", name)?;
        // The database keeps names without the dash.
        let full = self.shown_name(name);
        let n = c_string("Options::used", full.trim_start_matches('-'))?;
        let mut used = sys::PETSC_BOOL_FALSE;
        // SAFETY: this view's database; NUL-terminated full name; one output.
        check(unsafe { sys::PetscOptionsUsed(self.db(), n.as_ptr(), &mut used) })?;
        Ok(used == sys::PETSC_BOOL_TRUE)
    }

    /// Every option this view sees with its value (`None` for a flag), in the order
    /// PETSc lists them (`PetscOptionsGetAll`), as petsc4py's `Options.getAll`: through
    /// a prefix ([`Petsc::options_with_prefix`]) only the options whose names begin
    /// with it, named without it (`-o1` for `-myopts-o1`). Values are PETSc's stored
    /// text, with the double quotes around a value that holds spaces removed, as
    /// PETSc's tokenizer reads them (`"a b c"` is `a b c`).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let opts = petsc.options();
    /// opts.insert_string("-doc_all_a 1 -doc_all_flag -doc_all_neg -2")?;
    /// opts.set_value("doc_all_q", "\"x y z\"")?;
    /// let all = opts.all()?;
    /// assert!(all.contains(&("-doc_all_a".into(), Some("1".into()))));
    /// assert!(all.contains(&("-doc_all_flag".into(), None)));
    /// assert!(all.contains(&("-doc_all_neg".into(), Some("-2".into()))));
    /// assert!(all.contains(&("-doc_all_q".into(), Some("x y z".into()))));
    /// let mine = petsc.options_with_prefix("doc_all_").all()?;
    /// assert!(mine.contains(&("-a".into(), Some("1".into()))));
    /// assert!(!mine.iter().any(|(n, _)| n.starts_with("-doc_")));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscOptionsGetAll")]
    pub fn all(&self) -> Result<Vec<(String, Option<String>)>> {
        const CTX: &str = "Options::all";
        let pre = self.pre()?;
        let head = if pre.is_null() {
            "-".to_string()
        } else {
            // SAFETY: a NUL-terminated prefix kept by `self`.
            format!("-{}", unsafe { CStr::from_ptr(pre) }.to_string_lossy())
        };
        let mut text: *mut c_char = std::ptr::null_mut();
        // SAFETY: this view's database; PETSc allocates the string.
        check(unsafe { sys::PetscOptionsGetAll(self.db(), &mut text) })?;
        let listing = if text.is_null() {
            Ok(String::new())
        } else {
            // SAFETY: PETSc returned a NUL-terminated string, copied before it is freed
            // below.
            Ok(unsafe { CStr::from_ptr(text) }
                .to_string_lossy()
                .into_owned())
        };
        // SAFETY: allocated by PetscOptionsGetAll with PetscMalloc, freed once.
        check(unsafe { sys::petscrs_PetscFree(text.cast()) })?;
        let tokens = text::tokens(CTX, &listing?)?;
        // Each name is followed by the tokens of its stored value: the name's value is
        // read back from the database (`PetscOptionsFindPair`), so values that look like
        // names (`-2`, `-x`) or hold spaces are not taken for names or cut.
        let whole = self.unprefixed();
        let mut out = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            let token = &tokens[i];
            i += 1;
            if !text::valid_key(CTX, token)? || token.chars().any(char::is_whitespace) {
                continue;
            }
            let Some(stored) = whole.find(CTX, token)? else {
                continue;
            };
            let value = match stored {
                None => None,
                Some(v) => {
                    let parts = text::tokens(CTX, &v)?;
                    i += parts.len();
                    Some(parts.join(" "))
                }
            };
            if let Some(bare) = token.strip_prefix(&head) {
                out.push((format!("-{bare}"), value));
            }
        }
        Ok(out)
    }

    /// Prints the options database with `viewer` (`PetscOptionsView`).
    #[doc(alias = "PetscOptionsView")]
    pub fn view_with(&self, viewer: &crate::viewer::Viewer) -> Result<()> {
        use crate::object::sealed::Sealed;
        // SAFETY: global database and a live viewer.
        check(unsafe { sys::PetscOptionsView(self.db(), viewer.raw_viewer()) })
    }

    /// Makes `prefix` the prefix of the options inserted afterwards (with
    /// [`insert_string`](Self::insert_string)) until the returned guard is dropped
    /// (`PetscOptionsPrefixPush`/`PetscOptionsPrefixPop`), as `-prefix_push` on the
    /// command line.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let opts = petsc.options();
    /// {
    ///     let _p = opts.prefix_push("docpre_")?;
    ///     opts.insert_string("-ksp_type cg")?;
    /// }
    /// assert_eq!(opts.get::<String>("docpre_ksp_type")?.as_deref(), Some("cg"));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscOptionsPrefixPush")]
    pub fn prefix_push(&self, prefix: &str) -> Result<PrefixGuard<'_>> {
        check_name("Options::prefix_push", "prefix", prefix)?;
        let p = c_string("Options::prefix_push", prefix)?;
        // SAFETY: this view's database; PETSc copies the prefix (and refuses a full stack).
        check(unsafe { sys::PetscOptionsPrefixPush(self.db(), p.as_ptr()) })?;
        clear::count_push(true);
        Ok(PrefixGuard { _options: self })
    }

    /// Reads one typed option: `call(prefix, name, value, set)` is the C getter.
    fn read_with<T>(
        &self,
        context: &str,
        name: &str,
        init: T,
        call: impl FnOnce(
            *const c_char,
            *const c_char,
            *mut T,
            *mut sys::PetscBool,
        ) -> sys::PetscErrorCode,
    ) -> Result<Option<T>> {
        let pre = self.pre()?;
        let n = dashed(context, name)?;
        let mut v = init;
        let mut set = sys::PETSC_BOOL_FALSE;
        check(call(pre, n.as_ptr(), &mut v, &mut set))?;
        Ok((set == sys::PETSC_BOOL_TRUE).then_some(v))
    }

    fn full_name(&self, context: &str, name: &str) -> Result<CString> {
        self.pre()?;
        check_name(context, "option name", name)?;
        c_string(context, &self.shown_name(name))
    }
}

/// An options database of its own (`PetscOptions`), destroyed with its last user.
#[derive(Debug)]
pub(crate) struct Database {
    raw: sys::PetscOptions,
    // Dropped after the database is destroyed.
    _petsc: Petsc,
}

impl Drop for Database {
    fn drop(&mut self) {
        // SAFETY: the database `Options::new` made; no object uses it any more (each
        // one given it keeps a share of this handle).
        crate::error::record_destroy(unsafe { sys::PetscOptionsDestroy(&mut self.raw) });
    }
}

/// A pushed options prefix ([`Options::prefix_push`]); dropping it pops the prefix
/// (`PetscOptionsPrefixPop`). Drop the guards in the reverse order of the pushes.
#[derive(Debug)]
#[must_use = "the prefix is popped when the guard is dropped"]
pub struct PrefixGuard<'a> {
    _options: &'a Options,
}

impl Drop for PrefixGuard<'_> {
    fn drop(&mut self) {
        clear::count_push(false);
        // SAFETY: the matching push succeeded, so the prefix stack is not empty.
        crate::error::record_destroy(unsafe { sys::PetscOptionsPrefixPop(self._options.db()) });
    }
}

impl Petsc {
    /// The options database.
    pub fn options(&self) -> Options {
        Options::view_of(self.clone(), None)
    }

    /// The options database seen through a prefix (`"mysolver_"`).
    pub fn options_with_prefix(&self, prefix: &str) -> Options {
        Options::view_of(self.clone(), Some(prefix.to_string()))
    }
}

// The names before the naming scheme of 0.2 (`new`, no `get_`); they still compile,
// with a deprecation warning naming the new one.
impl Options {
    /// The former name of [`new`](Self::new).
    #[deprecated(
        since = "0.2.0",
        note = "use `Options::new` (constructors are `new`/`new_*`)"
    )]
    pub fn create(petsc: &Petsc) -> Result<Options> {
        Self::new(petsc)
    }
}
