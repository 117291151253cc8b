//! The options database: `-name value` pairs from the command line, `PETSC_OPTIONS`,
//! and the program itself.

use std::os::raw::c_char;

use petsc_sys as sys;

use crate::error::{c_string, check, Result};
use crate::init::Petsc;
use crate::{Int, Real, Scalar};

/// A view of the global options database, optionally through a prefix.
///
/// Names may be given with or without the leading `-`.
///
/// ```
/// let petsc = petsc::Petsc::builder().args(["prog", "-n", "42", "-tol", "1e-8", "-verbose"]).init()?;
/// let opts = petsc.options();
/// assert_eq!(opts.get_int("n")?, Some(42));
/// assert_eq!(opts.get_real("-tol")?, Some(1e-8));
/// assert_eq!(opts.get_bool("verbose")?, Some(true));
/// assert_eq!(opts.get_int("missing")?, None);
/// assert_eq!(opts.get_int_or("missing", 7)?, 7);
/// # Ok::<(), petsc::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Options {
    _petsc: Petsc,
    prefix: Option<std::ffi::CString>,
}

fn dashed(context: &str, name: &str) -> Result<std::ffi::CString> {
    if name.starts_with('-') {
        c_string(context, name)
    } else {
        c_string(context, &format!("-{name}"))
    }
}

impl Options {
    pub(crate) fn new(petsc: Petsc, prefix: Option<String>) -> Options {
        Options {
            _petsc: petsc,
            prefix: prefix.and_then(|p| std::ffi::CString::new(p).ok()),
        }
    }

    fn pre(&self) -> *const c_char {
        self.prefix
            .as_ref()
            .map_or(std::ptr::null(), |p| p.as_ptr())
    }

    /// Whether the option is present.
    pub fn has(&self, name: &str) -> Result<bool> {
        let n = dashed("Options::has", name)?;
        let mut set = sys::PETSC_BOOL_FALSE;
        // SAFETY: null database means the global one; strings are NUL-terminated.
        check(unsafe {
            sys::PetscOptionsHasName(std::ptr::null_mut(), self.pre(), n.as_ptr(), &mut set)
        })?;
        Ok(set == sys::PETSC_BOOL_TRUE)
    }

    /// An integer option; `Err` if present but not an integer.
    pub fn get_int(&self, name: &str) -> Result<Option<Int>> {
        self.get("Options::get_int", name, 0, |pre, n, v, set| {
            // SAFETY: global database; NUL-terminated names; PETSc writes the value and
            // the flag.
            unsafe { sys::PetscOptionsGetInt(std::ptr::null_mut(), pre, n, v, set) }
        })
    }

    /// An integer option or a default.
    pub fn get_int_or(&self, name: &str, default: Int) -> Result<Int> {
        Ok(self.get_int(name)?.unwrap_or(default))
    }

    /// A real option; `Err` if present but not a number.
    pub fn get_real(&self, name: &str) -> Result<Option<Real>> {
        self.get("Options::get_real", name, 0.0, |pre, n, v, set| {
            // SAFETY: global database; NUL-terminated names; PETSc writes the value and
            // the flag.
            unsafe { sys::PetscOptionsGetReal(std::ptr::null_mut(), pre, n, v, set) }
        })
    }

    /// A real option or a default.
    pub fn get_real_or(&self, name: &str, default: Real) -> Result<Real> {
        Ok(self.get_real(name)?.unwrap_or(default))
    }

    /// A scalar option.
    pub fn get_scalar(&self, name: &str) -> Result<Option<Scalar>> {
        self.get(
            "Options::get_scalar",
            name,
            Scalar::default(),
            |pre, n, v, set| {
                // SAFETY: global database; NUL-terminated names; PETSc writes the value and
                // the flag.
                unsafe { sys::PetscOptionsGetScalar(std::ptr::null_mut(), pre, n, v, set) }
            },
        )
    }

    /// A boolean option: a bare `-name` is true; `Err` for values other than
    /// true/false/yes/no/1/0.
    pub fn get_bool(&self, name: &str) -> Result<Option<bool>> {
        let v = self.get(
            "Options::get_bool",
            name,
            sys::PETSC_BOOL_FALSE,
            |pre, n, v, set| {
                // SAFETY: global database; NUL-terminated names; PETSc writes the value
                // and the flag.
                unsafe { sys::PetscOptionsGetBool(std::ptr::null_mut(), pre, n, v, set) }
            },
        )?;
        Ok(v.map(|b| b == sys::PETSC_BOOL_TRUE))
    }

    /// A boolean option or a default.
    pub fn get_bool_or(&self, name: &str, default: bool) -> Result<bool> {
        Ok(self.get_bool(name)?.unwrap_or(default))
    }

    /// A string option (an option given without a value is the empty string).
    pub fn get_string(&self, name: &str) -> Result<Option<String>> {
        let n = dashed("Options::get_string", name)?;
        let mut buf = vec![0 as c_char; 4096];
        let mut set = sys::PETSC_BOOL_FALSE;
        // SAFETY: global database; PETSc writes at most `len` bytes, NUL-terminated.
        check(unsafe {
            sys::PetscOptionsGetString(
                std::ptr::null_mut(),
                self.pre(),
                n.as_ptr(),
                buf.as_mut_ptr(),
                buf.len(),
                &mut set,
            )
        })?;
        if set != sys::PETSC_BOOL_TRUE {
            return Ok(None);
        }
        // SAFETY: PETSc NUL-terminated the string it wrote into `buf`.
        Ok(Some(unsafe { crate::object::owned(buf.as_ptr()) }))
    }

    /// An integer array option (`-sizes 3,4,5`).
    pub fn get_int_array(&self, name: &str, max: usize) -> Result<Option<Vec<Int>>> {
        let n = dashed("Options::get_int_array", name)?;
        let mut v: Vec<Int> = vec![0; max.max(1)];
        let mut count = max as Int;
        let mut set = sys::PETSC_BOOL_FALSE;
        // SAFETY: PETSc writes at most `count` values and updates `count`.
        check(unsafe {
            sys::PetscOptionsGetIntArray(
                std::ptr::null_mut(),
                self.pre(),
                n.as_ptr(),
                v.as_mut_ptr(),
                &mut count,
                &mut set,
            )
        })?;
        if set != sys::PETSC_BOOL_TRUE {
            return Ok(None);
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
    /// assert_eq!(petsc.options().get_string("inner_ksp_type")?.as_deref(), Some("cg"));
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
        // SAFETY: global database; PETSc copies both strings.
        check(unsafe { sys::PetscOptionsSetValue(std::ptr::null_mut(), n.as_ptr(), vp) })
    }

    /// Removes `-name`.
    pub fn clear_value(&self, name: &str) -> Result<()> {
        let n = self.full_name("Options::clear_value", name)?;
        // SAFETY: global database; NUL-terminated name.
        check(unsafe { sys::PetscOptionsClearValue(std::ptr::null_mut(), n.as_ptr()) })
    }

    /// Inserts options from a string as if given on the command line
    /// (`"-ksp_type cg -pc_type jacobi"`).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// petsc.options().insert_string("-my_n 5 -my_flag")?;
    /// assert_eq!(petsc.options().get_int("my_n")?, Some(5));
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn insert_string(&self, options: &str) -> Result<()> {
        let s = c_string("Options::insert_string", options)?;
        // SAFETY: global database; PETSc copies the string.
        check(unsafe { sys::PetscOptionsInsertString(std::ptr::null_mut(), s.as_ptr()) })
    }

    /// Reads one typed option: `call(prefix, name, value, set)` is the C getter.
    fn get<T>(
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
        let n = dashed(context, name)?;
        let mut v = init;
        let mut set = sys::PETSC_BOOL_FALSE;
        check(call(self.pre(), n.as_ptr(), &mut v, &mut set))?;
        Ok((set == sys::PETSC_BOOL_TRUE).then_some(v))
    }

    fn full_name(&self, context: &str, name: &str) -> Result<std::ffi::CString> {
        let bare = name.trim_start_matches('-');
        let prefix = self
            .prefix
            .as_ref()
            .map(|p| p.to_string_lossy().into_owned())
            .unwrap_or_default();
        c_string(context, &format!("-{prefix}{bare}"))
    }
}
