//! A program's own options, listed by `-help` (C's `PetscOptionsBegin` ...
//! `PetscOptionsEnd`).

use std::ffi::CString;

use petsc_sys as sys;

use super::{Options, dashed};
use crate::error::{Error, Result, c_string, check};
use crate::scalar::{Int, Real};

/// A titled block of a program's own options: each method reads one option with its
/// default, and `-help` lists it under the title with its description, current value
/// and default, as PETSc lists an object's options (`PetscOptionsBegin`,
/// `PetscOptionsInt`, ..., `PetscOptionsEnd`). Made by [`Options::begin`]; values are
/// checked as [`Options`]' getters check them.
///
/// ```
/// let petsc = petsc::Petsc::builder().args(["prog", "-n", "32", "-method", "picard"]).init()?;
/// let opts = petsc.options();
/// let block = opts.begin("Heat equation options")?;
/// assert_eq!(block.int("-n", "grid points per side", 16)?, 32);
/// assert_eq!(block.real("-kappa", "the conductivity", 1.0)?, 1.0);
/// assert!(!block.bool("-plot", "draw the solution", false)?);
/// assert_eq!(block.one_of("-method", "the nonlinear method", &["newton", "picard"], "newton")?, "picard");
/// assert!(block.one_of("-method", "the nonlinear method", &["newton"], "newton").is_err());
/// // Choices match without regard to case; strings are read whole.
/// opts.set_value("doc_method", "PICARD")?;
/// assert_eq!(block.one_of("-doc_method", "", &["newton", "picard"], "newton")?, "picard");
/// opts.set_value("doc_out", &"x".repeat(300))?;
/// assert_eq!(block.string("-doc_out", "output file", "out.h5")?.len(), 300);
/// assert_eq!(block.string("-doc_absent", "output file", "out.h5")?, "out.h5");
/// # opts.clear_value("doc_method")?;
/// # opts.clear_value("doc_out")?;
/// # Ok::<(), petsc::Error>(())
/// ```
#[derive(Debug)]
#[doc(alias = "PetscOptionsBegin")]
#[doc(alias = "PetscOptionsEnd")]
pub struct OptionsBlock<'a> {
    options: &'a Options,
    /// PETSc's state of the block (`PetscOptionsObject`), ended and freed on drop.
    block: *mut std::ffi::c_void,
    /// The manual page `-help` names after each option (`None`: PETSc's "None").
    man: Option<CString>,
    /// Whether dropping the view ends the block (it began it); a block PETSc lends to
    /// an options handler is PETSc's to end.
    ends: bool,
}

impl Options {
    /// A block of the program's own options listed by `-help` under `title`
    /// (`PetscOptionsBegin`); the options are read through this view's prefix. The
    /// block ends when it is dropped (`PetscOptionsEnd`). A block reads PETSc's global
    /// database: on a database of its own ([`Options::new`]) it is an `Err`.
    #[doc(alias = "PetscOptionsBegin")]
    pub fn begin(&self, title: &str) -> Result<OptionsBlock<'_>> {
        if self.is_own_database() {
            return Err(crate::error::Error::invalid(
                "Options::begin",
                "an options block reads PETSc's global database, not this one of its own",
            ));
        }
        let title = c_string("Options::begin", title)?;
        let pre = self.pre()?;
        let mut block = std::ptr::null_mut();
        // SAFETY: PETSc is initialized (this view holds the runtime); NUL-terminated
        // prefix (or null) and title, which PETSc copies; PETSc writes the block.
        check(unsafe {
            sys::petscrs_OptionsBlockBegin(
                sys::petscrs_comm_world(),
                pre,
                title.as_ptr(),
                &mut block,
            )
        })?;
        Ok(OptionsBlock {
            options: self,
            block,
            man: None,
            ends: true,
        })
    }
}

impl<'a> OptionsBlock<'a> {
    /// The block PETSc lends an options handler while an object reads its options
    /// (`PetscOptionItems`), read through `options` (the object's prefix); PETSc ends it.
    ///
    /// # Safety
    /// `block` is PETSc's live block for the length of `'a`.
    pub(crate) unsafe fn lent(options: &'a Options, block: *mut std::ffi::c_void) -> Self {
        OptionsBlock {
            options,
            block,
            man: None,
            ends: false,
        }
    }
}

impl Drop for OptionsBlock<'_> {
    fn drop(&mut self) {
        if self.ends {
            // SAFETY: the block made by `begin`, ended once, here.
            crate::error::record_destroy(unsafe { sys::petscrs_OptionsBlockEnd(self.block) });
        }
    }
}

/// A shim listing and reading one option of a plain type: the block, the option's name,
/// description and manual page, its default, and where PETSc writes the value and
/// whether it was given.
type Item<T> = unsafe extern "C" fn(
    *mut std::ffi::c_void,
    *const std::os::raw::c_char,
    *const std::os::raw::c_char,
    *const std::os::raw::c_char,
    T,
    *mut T,
    *mut sys::PetscBool,
) -> sys::PetscErrorCode;

/// The C strings of one option's name and description.
fn names(context: &str, name: &str, text: &str) -> Result<(CString, CString)> {
    Ok((dashed(context, name)?, c_string(context, text)?))
}

impl OptionsBlock<'_> {
    /// The manual page (or file) that `-help` names in parentheses after each option
    /// read from now on (PETSc's `man` argument; `(None)` until set).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let opts = petsc.options();
    /// let mut block = opts.begin("ex40 options")?;
    /// block.set_man("")?;
    /// assert_eq!(block.int("-maxbounces", "", 10)?, 10);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn set_man(&mut self, page: &str) -> Result<()> {
        self.man = Some(c_string("OptionsBlock::set_man", page)?);
        Ok(())
    }

    /// The manual page for C (null: none).
    fn man(&self) -> *const std::os::raw::c_char {
        self.man.as_ref().map_or(std::ptr::null(), |m| m.as_ptr())
    }

    /// Lists and reads one option of a plain type through its shim
    /// (`petscrs_OptionsBlockInt`, ...); the value is then read with the options' own
    /// checks.
    fn list<T: Copy>(
        &self,
        ctx: &str,
        name: &str,
        text: &str,
        shim: Item<T>,
        default: T,
    ) -> Result<()> {
        let (n, t) = names(ctx, name, text)?;
        let (mut v, mut set) = (default, sys::PETSC_BOOL_FALSE);
        // SAFETY: the live block; NUL-terminated strings that outlive the call; PETSc
        // writes the value and the flag.
        check(unsafe {
            shim(
                self.block,
                n.as_ptr(),
                t.as_ptr(),
                self.man(),
                default,
                &mut v,
                &mut set,
            )
        })
    }

    /// An integer option (`PetscOptionsInt`); `default` when it is not given.
    #[doc(alias = "PetscOptionsInt")]
    pub fn int(&self, name: &str, text: &str, default: Int) -> Result<Int> {
        self.list(
            "OptionsBlock::int",
            name,
            text,
            sys::petscrs_OptionsBlockInt,
            default,
        )?;
        self.options.get_or::<Int>(name, default)
    }

    /// A real option (`PetscOptionsReal`); `default` when it is not given.
    #[doc(alias = "PetscOptionsReal")]
    pub fn real(&self, name: &str, text: &str, default: Real) -> Result<Real> {
        self.list(
            "OptionsBlock::real",
            name,
            text,
            sys::petscrs_OptionsBlockReal,
            default,
        )?;
        self.options.get_or::<Real>(name, default)
    }

    /// A flag (`PetscOptionsBool`): `-name`, `-name true` or `-name 0`; `default` when it
    /// is not given.
    #[doc(alias = "PetscOptionsBool")]
    pub fn bool(&self, name: &str, text: &str, default: bool) -> Result<bool> {
        let d = if default {
            sys::PETSC_BOOL_TRUE
        } else {
            sys::PETSC_BOOL_FALSE
        };
        self.list(
            "OptionsBlock::bool",
            name,
            text,
            sys::petscrs_OptionsBlockBool,
            d,
        )?;
        self.options.get_or(name, default)
    }

    /// A string option (`PetscOptionsString`), whole however long; `default` when it is
    /// not given or given without a value.
    #[doc(alias = "PetscOptionsString")]
    pub fn string(&self, name: &str, text: &str, default: &str) -> Result<String> {
        const CTX: &str = "OptionsBlock::string";
        let (n, t) = names(CTX, name, text)?;
        let d = c_string(CTX, default)?;
        // PETSc's copy is only listed; the value is read whole below.
        let mut buf = vec![0 as std::os::raw::c_char; 256];
        let mut set = sys::PETSC_BOOL_FALSE;
        // SAFETY: the live block; NUL-terminated strings; PETSc writes at most
        // `buf.len()` bytes, NUL included, and the flag.
        check(unsafe {
            sys::petscrs_OptionsBlockString(
                self.block,
                n.as_ptr(),
                t.as_ptr(),
                self.man(),
                d.as_ptr(),
                buf.as_mut_ptr(),
                buf.len(),
                &mut set,
            )
        })?;
        Ok(self
            .options
            .get::<String>(name)?
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| default.to_string()))
    }

    /// One of `choices` (`PetscOptionsEList`, matched without regard to case as PETSc
    /// does); `-help` lists the choices. `default` must be one of them. A value that is
    /// none of them is an `Err` naming the option and the choices.
    #[doc(alias = "PetscOptionsEList")]
    pub fn one_of<'c>(
        &self,
        name: &str,
        text: &str,
        choices: &[&'c str],
        default: &'c str,
    ) -> Result<&'c str> {
        const CTX: &str = "OptionsBlock::one_of";
        let (n, t) = names(CTX, name, text)?;
        if !choices.contains(&default) {
            return Err(Error::invalid(
                CTX,
                format!("the default {default:?} of {name} is not one of {choices:?}"),
            ));
        }
        let list = choices
            .iter()
            .map(|c| c_string(CTX, c))
            .collect::<Result<Vec<_>>>()?;
        let ptrs: Vec<*const std::os::raw::c_char> = list.iter().map(|c| c.as_ptr()).collect();
        let count = Int::try_from(ptrs.len())
            .map_err(|_| Error::out_of_range(CTX, format!("{} choices", ptrs.len())))?;
        let d = c_string(CTX, default)?;
        let (mut index, mut set): (Int, _) = (0, sys::PETSC_BOOL_FALSE);
        // SAFETY: the live block; `count` NUL-terminated choices that outlive the call;
        // PETSc writes the index and the flag.
        let listed = check(unsafe {
            sys::petscrs_OptionsBlockEList(
                self.block,
                n.as_ptr(),
                t.as_ptr(),
                self.man(),
                ptrs.as_ptr(),
                count,
                d.as_ptr(),
                &mut index,
                &mut set,
            )
        });
        let chosen = usize::try_from(index).ok().and_then(|i| choices.get(i));
        match (listed, set == sys::PETSC_BOOL_TRUE, chosen) {
            (Ok(()), false, _) => Ok(default),
            (Ok(()), true, Some(c)) => Ok(c),
            _ => {
                let given = self.options.get::<String>(name)?.unwrap_or_default();
                Err(Error::invalid(
                    CTX,
                    format!(
                        "{} is {given:?}, which is none of {}",
                        self.options.shown_name(name),
                        choices.join(", ")
                    ),
                ))
            }
        }
    }
}
