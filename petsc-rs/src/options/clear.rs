//! Emptying the options database ([`Options::clear`]), and the count of pushed prefixes
//! it refuses to clear under.

use std::cell::Cell;

use petsc_sys as sys;

use super::Options;
use crate::error::{Error, Result, check};

thread_local! {
    /// The prefixes pushed ([`Options::prefix_push`]) whose guards are alive.
    static PUSHED: Cell<usize> = const { Cell::new(0) };
}

/// Counts a pushed prefix (`up`) or a popped one.
pub(super) fn count_push(up: bool) {
    PUSHED.with(|p| {
        p.set(if up {
            p.get() + 1
        } else {
            p.get().saturating_sub(1)
        })
    });
}

impl Options {
    /// Removes every option this view sees: the whole database (`PetscOptionsClear`),
    /// or through a prefix ([`Petsc::options_with_prefix`](crate::Petsc::options_with_prefix))
    /// the options whose names begin with it. Objects keep the settings they already
    /// read. An `Err` while a pushed prefix ([`prefix_push`](Self::prefix_push)) is
    /// alive, whose stack PETSc would empty under it.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let opts = petsc.options();
    /// opts.insert_string("-docclear_a 1 -docclear_b 2 -other_c 3")?;
    /// petsc.options_with_prefix("docclear_").clear()?;
    /// assert!(!opts.has("docclear_a")? && !opts.has("docclear_b")?);
    /// assert_eq!(opts.get::<petsc::Int>("other_c")?, Some(3));
    /// {
    ///     let _p = opts.prefix_push("pushed_")?;
    ///     assert!(opts.clear().is_err());
    /// }
    /// opts.clear()?;
    /// assert!(!opts.has("other_c")?);
    /// assert!(opts.all()?.is_empty());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscOptionsClear")]
    pub fn clear(&self) -> Result<()> {
        const CTX: &str = "Options::clear";
        let pushed = PUSHED.with(Cell::get);
        if pushed > 0 {
            return Err(Error::invalid(
                CTX,
                format!(
                    "{pushed} pushed prefix(es) still alive: drop their guards before \
                     clearing the database"
                ),
            ));
        }
        match &self.prefix {
            Err(e) => Err(e.clone()),
            Ok(None) => {
                // SAFETY: the global database, with no pushed prefix in use.
                check(unsafe { sys::PetscOptionsClear(self.db()) })
            }
            Ok(Some(_)) => {
                // `all` lists this prefix's options, named without it.
                for (name, _) in self.all()? {
                    self.clear_value(&name)?;
                }
                Ok(())
            }
        }
    }
}
