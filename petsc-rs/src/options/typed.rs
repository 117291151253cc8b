//! The typed reading of one option: [`Options::get`], [`Options::get_or`],
//! [`Options::get_array`], one generic method each over the types an option holds
//! ([`OptionValue`], [`OptionArrayValue`]), and the per-type getters they replace.

use super::Options;
use crate::error::Result;
use crate::scalar::{Int, Real, Scalar};

mod sealed {
    pub trait Sealed {}
}

/// A type one option's value is read as with [`Options::get`]: [`Int`], [`Real`],
/// [`Scalar`] (the same type as `Real` in a real PETSc), `bool` and `String`. The checks
/// are PETSc's and petsc-rs's (see [`Options::get`]). Implemented for these types only.
pub trait OptionValue: Sized + sealed::Sealed {
    /// Reads the option `name` through `options`.
    #[doc(hidden)]
    fn read(options: &Options, name: &str) -> Result<Option<Self>>;
}

/// A type the elements of an array option (`-sizes 3,4,5`) are read as with
/// [`Options::get_array`]: [`Int`], [`Real`], [`Scalar`] and `bool`.
pub trait OptionArrayValue: Sized + sealed::Sealed {
    /// Reads at most `max` values of the option `name` through `options`.
    #[doc(hidden)]
    fn read_array(options: &Options, name: &str, max: usize) -> Result<Option<Vec<Self>>>;
}

impl sealed::Sealed for Int {}
impl sealed::Sealed for Real {}
#[cfg(petsc_complex)]
impl sealed::Sealed for Scalar {}
impl sealed::Sealed for bool {}
impl sealed::Sealed for String {}

impl OptionValue for Int {
    fn read(o: &Options, name: &str) -> Result<Option<Int>> {
        o.read_int(name)
    }
}
impl OptionValue for Real {
    fn read(o: &Options, name: &str) -> Result<Option<Real>> {
        o.read_real(name)
    }
}
#[cfg(petsc_complex)]
impl OptionValue for Scalar {
    fn read(o: &Options, name: &str) -> Result<Option<Scalar>> {
        o.read_scalar(name)
    }
}
impl OptionValue for bool {
    fn read(o: &Options, name: &str) -> Result<Option<bool>> {
        o.read_bool(name)
    }
}
impl OptionValue for String {
    fn read(o: &Options, name: &str) -> Result<Option<String>> {
        o.read_string(name)
    }
}

impl OptionArrayValue for Int {
    fn read_array(o: &Options, name: &str, max: usize) -> Result<Option<Vec<Int>>> {
        o.read_int_array(name, max)
    }
}
impl OptionArrayValue for Real {
    fn read_array(o: &Options, name: &str, max: usize) -> Result<Option<Vec<Real>>> {
        o.read_real_array(name, max)
    }
}
#[cfg(petsc_complex)]
impl OptionArrayValue for Scalar {
    fn read_array(o: &Options, name: &str, max: usize) -> Result<Option<Vec<Scalar>>> {
        o.read_scalar_array(name, max)
    }
}
impl OptionArrayValue for bool {
    fn read_array(o: &Options, name: &str, max: usize) -> Result<Option<Vec<bool>>> {
        o.read_bool_array(name, max)
    }
}

impl Options {
    /// The option `name` read as a `T` ([`Int`], [`Real`], [`Scalar`], `bool` or
    /// `String`), `None` when it is absent (`PetscOptionsGetInt`, `...GetReal`,
    /// `...GetScalar`, `...GetBool`, `...GetString`); names may be given with or
    /// without the leading `-`.
    ///
    /// A value that is not a `T` is an `Err` naming the option and the value:
    /// an integer that is not one PETSc reads (`1e3`, `0x10`) or does not fit [`Int`]
    /// (which PETSc would silently wrap: `99999999999` read as `1215752191` with
    /// 32-bit indices); a real or scalar PETSc cannot read, or out of range (`1e400`,
    /// which PETSc would read as infinity; `inf` and `nan` written as such are
    /// accepted); a `bool` other than true/false/yes/no/1/0 (a bare `-name` is true).
    /// A `String` is the whole value, however long (empty for a bare `-name`); one
    /// that is not UTF-8 is an `Err`.
    ///
    /// ```
    /// use petsc::{Int, Real};
    /// let petsc = petsc::Petsc::builder().args(["prog", "-n", "42", "-tol", "1e-8", "-verbose"]).init()?;
    /// let opts = petsc.options();
    /// assert_eq!(opts.get::<Int>("n")?, Some(42));
    /// assert_eq!(opts.get::<Real>("-tol")?, Some(1e-8));
    /// assert_eq!(opts.get::<bool>("verbose")?, Some(true));
    /// assert_eq!(opts.get::<String>("n")?.as_deref(), Some("42"));
    /// assert_eq!(opts.get::<Int>("missing")?, None);
    /// opts.set_value("doc_big", "99999999999999999999")?;
    /// let e = opts.get::<Int>("doc_big").unwrap_err();
    /// assert!(e.to_string().contains("-doc_big"), "{e}");
    /// # opts.clear_value("doc_big")?;
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscOptionsGetInt")]
    #[doc(alias = "PetscOptionsGetReal")]
    #[doc(alias = "PetscOptionsGetScalar")]
    #[doc(alias = "PetscOptionsGetBool")]
    #[doc(alias = "PetscOptionsGetString")]
    pub fn get<T: OptionValue>(&self, name: &str) -> Result<Option<T>> {
        T::read(self, name)
    }

    /// The option `name` read as a `T` as [`get`](Self::get) reads it, or `default`
    /// when it is absent (a value that is not a `T` is still an `Err`).
    ///
    /// ```
    /// use petsc::Int;
    /// let petsc = petsc::Petsc::init()?;
    /// let opts = petsc.options();
    /// assert_eq!(opts.get_or::<Int>("doc_missing_n", 7)?, 7);
    /// assert_eq!(opts.get_or("doc_missing_x", 0.5)?, 0.5);
    /// assert!(opts.get_or("doc_missing_flag", true)?);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn get_or<T: OptionValue>(&self, name: &str, default: T) -> Result<T> {
        Ok(self.get(name)?.unwrap_or(default))
    }

    /// The array option `name` (`-sizes 3,4,5`; integers also take PETSc's ranges,
    /// `0-3` for `0,1,2` and `0-9:4` for `0,4,8`) read as at most `max` values of type
    /// `T` ([`Int`], [`Real`], [`Scalar`], `bool`); `None` when absent or given without
    /// a value, as in PETSc (`PetscOptionsGetIntArray`, ...).
    ///
    /// `Err` if the option holds more than `max` values (PETSc would silently drop the
    /// rest), or if an element is not a `T` (as for [`get`](Self::get)). Memory grows
    /// with the values found, not with `max`; the bound is what keeps a range such as
    /// `0-2000000000` from being expanded into memory.
    ///
    /// ```
    /// use petsc::{Int, Real};
    /// let petsc = petsc::Petsc::init()?;
    /// let opts = petsc.options();
    /// opts.set_value("doc_sizes", "3,4,5")?;
    /// assert_eq!(opts.get_array::<Int>("doc_sizes", 3)?, Some(vec![3, 4, 5]));
    /// assert!(opts.get_array::<Int>("doc_sizes", 2).is_err());
    /// opts.set_value("doc_flags", "1,no,TRUE")?;
    /// assert_eq!(opts.get_array::<bool>("doc_flags", 3)?, Some(vec![true, false, true]));
    /// opts.set_value("doc_weights", "0.5,1,2e1")?;
    /// assert_eq!(opts.get_array::<Real>("doc_weights", 4)?, Some(vec![0.5, 1.0, 20.0]));
    /// # for n in ["doc_sizes", "doc_flags", "doc_weights"] { opts.clear_value(n)?; }
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscOptionsGetIntArray")]
    #[doc(alias = "PetscOptionsGetRealArray")]
    #[doc(alias = "PetscOptionsGetScalarArray")]
    #[doc(alias = "PetscOptionsGetBoolArray")]
    pub fn get_array<T: OptionArrayValue>(&self, name: &str, max: usize) -> Result<Option<Vec<T>>> {
        T::read_array(self, name, max)
    }

    /// The former name of [`get::<Int>`](Self::get).
    #[deprecated(since = "0.2.0", note = "use `get::<Int>` (one generic getter)")]
    pub fn get_int(&self, name: &str) -> Result<Option<Int>> {
        self.get(name)
    }

    /// The former name of [`get_or::<Int>`](Self::get_or).
    #[deprecated(since = "0.2.0", note = "use `get_or::<Int>` (one generic getter)")]
    pub fn get_int_or(&self, name: &str, default: Int) -> Result<Int> {
        self.get_or(name, default)
    }

    /// The former name of [`get::<Real>`](Self::get).
    #[deprecated(since = "0.2.0", note = "use `get::<Real>` (one generic getter)")]
    pub fn get_real(&self, name: &str) -> Result<Option<Real>> {
        self.get(name)
    }

    /// The former name of [`get_or::<Real>`](Self::get_or).
    #[deprecated(since = "0.2.0", note = "use `get_or::<Real>` (one generic getter)")]
    pub fn get_real_or(&self, name: &str, default: Real) -> Result<Real> {
        self.get_or(name, default)
    }

    /// The former name of [`get::<Scalar>`](Self::get).
    #[deprecated(since = "0.2.0", note = "use `get::<Scalar>` (one generic getter)")]
    pub fn get_scalar(&self, name: &str) -> Result<Option<Scalar>> {
        self.read_scalar(name)
    }

    /// The former name of [`get::<bool>`](Self::get).
    #[deprecated(since = "0.2.0", note = "use `get::<bool>` (one generic getter)")]
    pub fn get_bool(&self, name: &str) -> Result<Option<bool>> {
        self.get(name)
    }

    /// The former name of [`get_or::<bool>`](Self::get_or).
    #[deprecated(since = "0.2.0", note = "use `get_or::<bool>` (one generic getter)")]
    pub fn get_bool_or(&self, name: &str, default: bool) -> Result<bool> {
        self.get_or(name, default)
    }

    /// The former name of [`get::<String>`](Self::get).
    #[deprecated(since = "0.2.0", note = "use `get::<String>` (one generic getter)")]
    pub fn get_string(&self, name: &str) -> Result<Option<String>> {
        self.get(name)
    }

    /// The former name of [`get_array::<Int>`](Self::get_array).
    #[deprecated(since = "0.2.0", note = "use `get_array::<Int>` (one generic getter)")]
    pub fn get_int_array(&self, name: &str, max: usize) -> Result<Option<Vec<Int>>> {
        self.get_array(name, max)
    }

    /// The former name of [`get_array::<Real>`](Self::get_array).
    #[deprecated(since = "0.2.0", note = "use `get_array::<Real>` (one generic getter)")]
    pub fn get_real_array(&self, name: &str, max: usize) -> Result<Option<Vec<Real>>> {
        self.get_array(name, max)
    }

    /// The former name of [`get_array::<Scalar>`](Self::get_array).
    #[deprecated(
        since = "0.2.0",
        note = "use `get_array::<Scalar>` (one generic getter)"
    )]
    pub fn get_scalar_array(&self, name: &str, max: usize) -> Result<Option<Vec<Scalar>>> {
        self.read_scalar_array(name, max)
    }

    /// The former name of [`get_array::<bool>`](Self::get_array).
    #[deprecated(since = "0.2.0", note = "use `get_array::<bool>` (one generic getter)")]
    pub fn get_bool_array(&self, name: &str, max: usize) -> Result<Option<Vec<bool>>> {
        self.get_array(name, max)
    }
}
