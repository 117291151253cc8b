//! ASCII viewers: printing, tabs and synchronized output (`PetscViewerASCII*`).
//!
//! PETSc reads an ASCII viewer's private data without checking its type in some of
//! these functions, so each one first checks that the viewer is an ASCII one.

use std::marker::PhantomData;

use petsc_sys as sys;

use super::Viewer;
use crate::error::{Error, Result, c_string, check, record_destroy};
use crate::scalar::Int;

/// Refuses a viewer that is not an ASCII one (`context` names the caller).
fn require_ascii(v: sys::PetscViewer, context: &str) -> Result<()> {
    let mut ascii = sys::PETSC_BOOL_FALSE;
    // SAFETY: the caller passes a live viewer; NUL-terminated type name.
    check(unsafe {
        sys::PetscObjectTypeCompare(
            v as sys::PetscObject,
            sys::PETSCVIEWERASCII.as_ptr().cast(),
            &mut ascii,
        )
    })?;
    if ascii != sys::PETSC_BOOL_TRUE {
        return Err(crate::error::Error::invalid(
            context,
            "the viewer is not an ASCII viewer",
        ));
    }
    Ok(())
}

/// `PetscViewerASCIIPrintf` (or `...SynchronizedPrintf`) of `text`, verbatim, on a
/// live viewer.
pub(super) fn printf(v: sys::PetscViewer, context: &str, text: &str, sync: bool) -> Result<()> {
    require_ascii(v, context)?;
    let t = c_string(context, text)?;
    // SAFETY: live ASCII viewer; "%s" with one NUL-terminated string argument.
    check(unsafe {
        if sync {
            sys::PetscViewerASCIISynchronizedPrintf(v, c"%s".as_ptr(), t.as_ptr())
        } else {
            sys::PetscViewerASCIIPrintf(v, c"%s".as_ptr(), t.as_ptr())
        }
    })
}

impl Viewer {
    /// Prints `text` (verbatim, no format directives) on the first rank of the
    /// viewer's communicator, after the current tab (`PetscViewerASCIIPrintf`). Not an
    /// ASCII viewer: an `Err`.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let out = petsc::Viewer::ascii_stdout(&petsc.world())?;
    /// out.printf_ascii("100% done\n")?;
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscViewerASCIIPrintf")]
    pub fn printf_ascii(&self, text: &str) -> Result<()> {
        printf(self.ptr, "Viewer::printf_ascii", text, false)
    }

    /// Adds `text` from this rank to the synchronized output, printed in rank order at
    /// the next [`flush`](Viewer::flush) (`PetscViewerASCIISynchronizedPrintf`). Only
    /// while a [`push_ascii_synchronized`](Viewer::push_ascii_synchronized) guard
    /// lives (otherwise PETSc's `Err`).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let comm = petsc.world();
    /// let out = petsc::Viewer::ascii_stdout(&comm)?;
    /// let sync = out.push_ascii_synchronized()?;
    /// out.printf_ascii_synchronized(&format!("rank {}\n", comm.rank()))?;
    /// out.flush()?;
    /// out.pop_ascii_synchronized(sync)?;
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscViewerASCIISynchronizedPrintf")]
    pub fn printf_ascii_synchronized(&self, text: &str) -> Result<()> {
        printf(self.ptr, "Viewer::printf_ascii_synchronized", text, true)
    }

    /// Sets the number of tabs printed before each line (`PetscViewerASCIISetTab`).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let out = petsc::Viewer::ascii_stdout(&petsc.self_comm())?;
    /// let before = out.ascii_tab()?;
    /// out.set_ascii_tab(3)?;
    /// out.add_ascii_tab(2)?;
    /// assert_eq!(out.ascii_tab()?, 5);
    /// out.subtract_ascii_tab(1)?;
    /// assert_eq!(out.ascii_tab()?, 4);
    /// {
    ///     let _t = out.push_ascii_tab()?;
    ///     assert_eq!(out.ascii_tab()?, 5);
    /// }
    /// assert_eq!(out.ascii_tab()?, 4);
    /// out.set_ascii_tab(before)?;
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscViewerASCIISetTab")]
    pub fn set_ascii_tab(&self, tabs: Int) -> Result<()> {
        require_ascii(self.ptr, "Viewer::set_ascii_tab")?;
        // SAFETY: live ASCII viewer.
        check(unsafe { sys::PetscViewerASCIISetTab(self.ptr, tabs) })
    }

    /// Refuses a change of the tab count whose total does not fit [`Int`] (PETSc adds in
    /// `PetscInt`, which would wrap).
    fn check_tab_total(&self, ctx: &str, change: i128) -> Result<()> {
        let now = self.ascii_tab()?;
        let total = i128::from(now) + change;
        if Int::try_from(total).is_err() {
            return Err(Error::invalid(
                ctx,
                format!("{now} tabs changed by {change} make {total}, more than PetscInt holds"),
            ));
        }
        Ok(())
    }

    /// The number of tabs printed before each line (`PetscViewerASCIIGetTab`). See
    /// [`set_ascii_tab`](Viewer::set_ascii_tab).
    #[doc(alias = "PetscViewerASCIIGetTab")]
    pub fn ascii_tab(&self) -> Result<Int> {
        require_ascii(self.ptr, "Viewer::ascii_tab")?;
        let mut t: Int = 0;
        // SAFETY: live ASCII viewer; PETSc writes the count.
        check(unsafe { sys::PetscViewerASCIIGetTab(self.ptr, &mut t) })?;
        Ok(t)
    }

    /// Adds `tabs` tabs (`PetscViewerASCIIAddTab`). See
    /// [`set_ascii_tab`](Viewer::set_ascii_tab).
    #[doc(alias = "PetscViewerASCIIAddTab")]
    pub fn add_ascii_tab(&self, tabs: Int) -> Result<()> {
        require_ascii(self.ptr, "Viewer::add_ascii_tab")?;
        self.check_tab_total("Viewer::add_ascii_tab", i128::from(tabs))?;
        // SAFETY: live ASCII viewer.
        check(unsafe { sys::PetscViewerASCIIAddTab(self.ptr, tabs) })
    }

    /// Removes `tabs` tabs (`PetscViewerASCIISubtractTab`). See
    /// [`set_ascii_tab`](Viewer::set_ascii_tab).
    #[doc(alias = "PetscViewerASCIISubtractTab")]
    pub fn subtract_ascii_tab(&self, tabs: Int) -> Result<()> {
        require_ascii(self.ptr, "Viewer::subtract_ascii_tab")?;
        self.check_tab_total("Viewer::subtract_ascii_tab", -i128::from(tabs))?;
        // SAFETY: live ASCII viewer.
        check(unsafe { sys::PetscViewerASCIISubtractTab(self.ptr, tabs) })
    }

    /// Indents by one more tab until the guard is dropped (or given to
    /// [`pop_ascii_tab`](Viewer::pop_ascii_tab)) (`PetscViewerASCIIPushTab`). See
    /// [`set_ascii_tab`](Viewer::set_ascii_tab).
    #[doc(alias = "PetscViewerASCIIPushTab")]
    pub fn push_ascii_tab(&self) -> Result<TabGuard<'_>> {
        require_ascii(self.ptr, "Viewer::push_ascii_tab")?;
        self.check_tab_total("Viewer::push_ascii_tab", 1)?;
        // SAFETY: live ASCII viewer.
        check(unsafe { sys::PetscViewerASCIIPushTab(self.ptr) })?;
        Ok(TabGuard {
            ptr: self.ptr,
            _viewer: PhantomData,
        })
    }

    /// Removes the tab `guard` added, returning PETSc's error if any
    /// (`PetscViewerASCIIPopTab`). A guard of another viewer is an `Err`.
    #[doc(alias = "PetscViewerASCIIPopTab")]
    pub fn pop_ascii_tab(&self, guard: TabGuard<'_>) -> Result<()> {
        if guard.ptr != self.ptr {
            return Err(crate::error::Error::invalid(
                "Viewer::pop_ascii_tab",
                "the guard belongs to another viewer",
            ));
        }
        let v = guard.ptr;
        std::mem::forget(guard);
        // SAFETY: live ASCII viewer whose tab the guard pushed.
        check(unsafe { sys::PetscViewerASCIIPopTab(v) })
    }

    /// Whether tabs are printed at all (`PetscViewerASCIIUseTabs`); `false` prints
    /// lines unindented whatever the tab count.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let out = petsc::Viewer::ascii_stdout(&petsc.self_comm())?;
    /// out.use_ascii_tabs(false)?;
    /// out.use_ascii_tabs(true)?;
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PetscViewerASCIIUseTabs")]
    pub fn use_ascii_tabs(&self, flag: bool) -> Result<()> {
        require_ascii(self.ptr, "Viewer::use_ascii_tabs")?;
        let b = if flag {
            sys::PETSC_BOOL_TRUE
        } else {
            sys::PETSC_BOOL_FALSE
        };
        // SAFETY: live ASCII viewer.
        check(unsafe { sys::PetscViewerASCIIUseTabs(self.ptr, b) })
    }

    /// Lets every rank print with
    /// [`printf_ascii_synchronized`](Viewer::printf_ascii_synchronized) until the
    /// guard is dropped (or given to
    /// [`pop_ascii_synchronized`](Viewer::pop_ascii_synchronized))
    /// (`PetscViewerASCIIPushSynchronized`). Collective.
    #[doc(alias = "PetscViewerASCIIPushSynchronized")]
    pub fn push_ascii_synchronized(&self) -> Result<SynchronizedGuard<'_>> {
        require_ascii(self.ptr, "Viewer::push_ascii_synchronized")?;
        // SAFETY: live ASCII viewer.
        check(unsafe { sys::PetscViewerASCIIPushSynchronized(self.ptr) })?;
        Ok(SynchronizedGuard {
            ptr: self.ptr,
            _viewer: PhantomData,
        })
    }

    /// Ends what `guard` started, returning PETSc's error if any
    /// (`PetscViewerASCIIPopSynchronized`; output not yet flushed is an `Err`). A
    /// guard of another viewer is an `Err`.
    #[doc(alias = "PetscViewerASCIIPopSynchronized")]
    pub fn pop_ascii_synchronized(&self, guard: SynchronizedGuard<'_>) -> Result<()> {
        if guard.ptr != self.ptr {
            return Err(crate::error::Error::invalid(
                "Viewer::pop_ascii_synchronized",
                "the guard belongs to another viewer",
            ));
        }
        let v = guard.ptr;
        std::mem::forget(guard);
        // SAFETY: live ASCII viewer the guard pushed.
        check(unsafe { sys::PetscViewerASCIIPopSynchronized(v) })
    }
}

/// One tab pushed on an ASCII viewer ([`Viewer::push_ascii_tab`]); dropping it pops it
/// (`PetscViewerASCIIPopTab`).
#[derive(Debug)]
#[must_use = "the tab is popped when the guard is dropped"]
pub struct TabGuard<'a> {
    ptr: sys::PetscViewer,
    _viewer: PhantomData<&'a Viewer>,
}

impl Drop for TabGuard<'_> {
    fn drop(&mut self) {
        // SAFETY: the viewer outlives the guard; the push succeeded on an ASCII viewer.
        record_destroy(unsafe { sys::PetscViewerASCIIPopTab(self.ptr) });
    }
}

/// Synchronized printing on an ASCII viewer ([`Viewer::push_ascii_synchronized`]);
/// dropping it ends it (`PetscViewerASCIIPopSynchronized`).
#[derive(Debug)]
#[must_use = "synchronized printing ends when the guard is dropped"]
pub struct SynchronizedGuard<'a> {
    ptr: sys::PetscViewer,
    _viewer: PhantomData<&'a Viewer>,
}

impl Drop for SynchronizedGuard<'_> {
    fn drop(&mut self) {
        // SAFETY: the viewer outlives the guard; the push succeeded on an ASCII viewer.
        record_destroy(unsafe { sys::PetscViewerASCIIPopSynchronized(self.ptr) });
    }
}
