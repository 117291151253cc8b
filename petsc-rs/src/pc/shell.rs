//! Shell preconditioners (`PCSHELL`): the application, its transpose and the set-up as
//! Rust closures kept with the PC, and the shell's name.

use std::ffi::CStr;
use std::os::raw::c_char;

use petsc_sys as sys;

use super::Pc;
use crate::callback::{CallbackKind, attach, attached, call};
use crate::error::{Error, Result, check, run_callback, unlock_on_error};
use crate::object::Object;
use crate::vec::Vector;

/// The closures a shell preconditioner may hold, released together when the shell goes.
const SHELL_KINDS: [CallbackKind; 3] = [
    CallbackKind::PcShellApply,
    CallbackKind::PcShellApplyTranspose,
    CallbackKind::PcShellSetUp,
];

/// A shell preconditioner's closure: `y = M^{-1} x`.
type ShellApplyFn = dyn FnMut(&Vector, &mut Vector) -> Result<()>;

/// Applies the closure of `kind` kept with the shell PC `pc` (the application or its
/// transpose): `y = M^{-1} x` or `y = M^{-T} x`.
///
/// # Safety
/// `pc` must be a live PC, and `x` and `y` live vectors.
unsafe fn shell_apply(
    pc: sys::PC,
    x: sys::Vec,
    y: sys::Vec,
    kind: CallbackKind,
) -> sys::PetscErrorCode {
    let ierr = run_callback(kind.name(), || {
        // SAFETY: `pc` is the live shell PC PETSc is applying.
        let ctx = unsafe { attached(pc as sys::PetscObject, kind) }?;
        call::<ShellApplyFn, _>(ctx, kind, |petsc, f| {
            // SAFETY: `x` and `y` are live vectors for the duration of the call; each
            // temporary handle takes its own reference, which its Drop releases.
            let (xv, mut yv) = unsafe {
                (
                    Vector::from_raw_scoped(petsc, x)?,
                    Vector::from_raw_scoped(petsc, y)?,
                )
            };
            f(&xv, &mut yv)?;
            yv.written_in_place(y)
        })
    });
    // PCApply read-locked `x` and does not unlock it when the apply fails: without this
    // the solver's work vector would stay locked and its next solve fail.
    // SAFETY: `x` is the live vector PETSc passed.
    unsafe { unlock_on_error(ierr, &[x]) }
}

/// `PCShellSetApply` trampoline.
unsafe extern "C" fn shell_apply_trampoline(
    pc: sys::PC,
    x: sys::Vec,
    y: sys::Vec,
) -> sys::PetscErrorCode {
    // SAFETY: PETSc applies the live shell PC to two live vectors.
    unsafe { shell_apply(pc, x, y, CallbackKind::PcShellApply) }
}

/// `PCShellSetApplyTranspose` trampoline.
unsafe extern "C" fn shell_apply_transpose_trampoline(
    pc: sys::PC,
    x: sys::Vec,
    y: sys::Vec,
) -> sys::PetscErrorCode {
    // SAFETY: PETSc applies the live shell PC's transpose to two live vectors.
    unsafe { shell_apply(pc, x, y, CallbackKind::PcShellApplyTranspose) }
}

/// A shell preconditioner's set-up: called with the PC (its operators set).
type ShellSetUpFn = dyn FnMut(&Pc) -> Result<()>;

/// `PCShellSetSetUp` trampoline.
unsafe extern "C" fn shell_setup_trampoline(pc: sys::PC) -> sys::PetscErrorCode {
    const KIND: CallbackKind = CallbackKind::PcShellSetUp;
    run_callback(KIND.name(), || {
        // SAFETY: `pc` is the live shell PC PETSc is setting up.
        let ctx = unsafe { attached(pc as sys::PetscObject, KIND) }?;
        call::<ShellSetUpFn, _>(ctx, KIND, |petsc, f| {
            // SAFETY: the live PC, lent for the call.
            let p = unsafe { Pc::from_raw_lent(petsc, pc) }?;
            f(&p)
        })
    })
}

impl Pc {
    /// Makes this a shell preconditioner (`PCSHELL`) applying `apply(x, y)`, which must
    /// write `y = M^{-1} x`.
    ///
    /// The closure is owned by the PC object (`PCShellSetContext`) and dropped by its
    /// destroy hook (`PCShellSetDestroy`) when the last reference to the PC goes, so it
    /// may outlive this handle. Calling this again replaces the previous shell (and drops
    /// its closure). An `Err` or a panic in the closure makes the solve using the PC
    /// return that error ([`Error::Callback`] or [`Error::CallbackPanic`]). In parallel the
    /// closure runs on every process with that process's part of `x` and `y`; it should
    /// fail on all of them or on none.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut a = petsc::Mat::aij(&c).sizes(petsc::Sizes::global(2, 2)).preallocate(1, 0).build()?;
    /// for i in 0..2 {
    ///     a.set_values(&[i], &[i], &[2.0], petsc::InsertMode::Insert)?;
    /// }
    /// a.assemble()?;
    /// let mut pc = petsc::Pc::new(&c)?;
    /// pc.set_operators(&a, &a)?;
    /// pc.set_shell_apply(|x, y| {
    ///     y.copy_from(x)?;
    ///     y.scale(0.5)
    /// })?;
    /// let x = petsc::Vector::from_slice(&c, &[2.0, 4.0])?;
    /// let mut y = x.duplicate()?;
    /// pc.apply(&x, &mut y)?;
    /// assert_eq!(&*y.view()?, &[1.0, 2.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PCShellSetApply")]
    pub fn set_shell_apply<F>(&mut self, apply: F) -> Result<()>
    where
        F: FnMut(&Vector, &mut Vector) -> Result<()> + 'static,
    {
        // A fresh shell: switching away first drops the routines of any previous one.
        // SAFETY: live PC; the type names are NUL-terminated.
        check(unsafe { sys::PCSetType(self.ptr, sys::PCNONE.as_ptr() as *const _) })?;
        // SAFETY: as above.
        check(unsafe { sys::PCSetType(self.ptr, sys::PCSHELL.as_ptr() as *const _) })?;
        let f: Box<ShellApplyFn> = Box::new(apply);
        // SAFETY: live PC; the closure is kept with it (replacing an earlier one).
        let ctx = unsafe {
            attach(
                &self.petsc,
                self.ptr as sys::PetscObject,
                CallbackKind::PcShellApply,
                f,
            )
        }?;
        // SAFETY: live shell PC; the context is the closure's number.
        check(unsafe { sys::PCShellSetContext(self.ptr, ctx) })?;
        // SAFETY: live shell PC; the hook only uncomposes the closure.
        check(unsafe { sys::PCShellSetDestroy(self.ptr, Some(shell_destroy)) })?;
        // SAFETY: live shell PC; the trampoline matches the context's type.
        check(unsafe { sys::PCShellSetApply(self.ptr, Some(shell_apply_trampoline)) })
    }

    /// `Ok` if this is a shell preconditioner (made by
    /// [`set_shell_apply`](Self::set_shell_apply)), else an `Err` naming `context`.
    fn require_shell(&self, context: &str) -> Result<()> {
        if self.type_name()? == "shell" {
            return Ok(());
        }
        Err(Error::invalid(
            context,
            "not a shell preconditioner (make one with set_shell_apply first)",
        ))
    }

    crate::methods![for Pc;
        /// Names the shell preconditioner (`PCShellSetName`): `-ksp_view` and
        /// [`view_with`](crate::Object::view_with) print it (`Shell: name`, where an unnamed shell
        /// prints `no name`). An `Err` unless this is a shell.
        ///
        /// ```
        /// let petsc = petsc::Petsc::init()?;
        /// let mut pc = petsc::Pc::new(&petsc.self_comm())?;
        /// assert!(pc.set_shell_name("MyPreconditioner").is_err()); // not a shell yet
        /// pc.set_shell_apply(|x, y| y.copy_from(x))?;
        /// assert_eq!(pc.shell_name()?, None);
        /// pc.set_shell_name("MyPreconditioner")?;
        /// assert_eq!(pc.shell_name()?.as_deref(), Some("MyPreconditioner"));
        /// # Ok::<(), petsc::Error>(())
        /// ```
        pub fn set_shell_name(&mut self, name: &str)
            = PCShellSetName as "PCShellSetName", needs require_shell();
    ];

    /// The shell preconditioner's name (`PCShellGetName`), `None` if it has none. An
    /// `Err` unless this is a shell.
    #[doc(alias = "PCShellGetName")]
    pub fn shell_name(&self) -> Result<Option<String>> {
        self.require_shell("Pc::shell_name")?;
        let mut name: *const c_char = std::ptr::null();
        // SAFETY: live shell PC; PETSc returns its own string (or null).
        check(unsafe { sys::PCShellGetName(self.ptr, &mut name) })?;
        if name.is_null() {
            return Ok(None);
        }
        // SAFETY: a NUL-terminated string owned by the PC, read at once.
        Ok(Some(
            unsafe { CStr::from_ptr(name) }
                .to_string_lossy()
                .into_owned(),
        ))
    }

    /// Sets the closure applying the transpose, `y = M^{-T} x`, of a shell
    /// preconditioner (`PCShellSetApplyTranspose`): [`apply_transpose`](Self::apply_transpose)
    /// and the transposed solves (`KSPSolveTranspose`) call it. An `Err` unless this is
    /// a shell.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut a = petsc::Mat::dense(&c).sizes(petsc::Sizes::local(2, 2)).build()?;
    /// a.set_values(&[0, 1], &[0, 1], &[2.0, 1.0, 0.0, 4.0], petsc::InsertMode::Insert)?;
    /// a.assemble()?;
    /// let mut pc = petsc::Pc::new(&c)?;
    /// pc.set_operators(&a, &a)?;
    /// // M = diag(2, 4): M^-1 and its transpose halve and quarter.
    /// pc.set_shell_apply(|x, y| {
    ///     let x = x.view()?;
    ///     y.view_mut()?.copy_from_slice(&[x[0] / 2.0, x[1] / 4.0]);
    ///     Ok(())
    /// })?;
    /// pc.set_shell_apply_transpose(|x, y| {
    ///     let x = x.view()?;
    ///     y.view_mut()?.copy_from_slice(&[x[0] / 2.0, x[1] / 4.0]);
    ///     Ok(())
    /// })?;
    /// let x = petsc::Vector::from_slice(&c, &[2.0, 4.0])?;
    /// let mut y = x.duplicate()?;
    /// pc.apply_transpose(&x, &mut y)?;
    /// assert_eq!(&*y.view()?, &[1.0, 1.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PCShellSetApplyTranspose")]
    pub fn set_shell_apply_transpose<F>(&mut self, apply: F) -> Result<()>
    where
        F: FnMut(&Vector, &mut Vector) -> Result<()> + 'static,
    {
        self.require_shell("Pc::set_shell_apply_transpose")?;
        let f: Box<ShellApplyFn> = Box::new(apply);
        // SAFETY: live shell PC; the closure is kept with it (replacing an earlier one).
        unsafe {
            attach(
                &self.petsc,
                self.ptr as sys::PetscObject,
                CallbackKind::PcShellApplyTranspose,
                f,
            )
        }?;
        // SAFETY: live shell PC; the trampoline finds the closure kept above.
        check(unsafe {
            sys::PCShellSetApplyTranspose(self.ptr, Some(shell_apply_transpose_trampoline))
        })
    }

    /// Sets the closure that sets the shell preconditioner up (`PCShellSetSetUp`),
    /// called by `PCSetUp` whenever the operators changed (it is given the PC, whose
    /// [`operators`](Self::operators) it may read). An `Err` or a panic is the set-up's
    /// (the solve's) `Err`. An `Err` unless this is a shell.
    ///
    /// ```
    /// use std::{cell::Cell, rc::Rc};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let a = petsc::Mat::dense(&c).sizes(petsc::Sizes::local(2, 2)).build()?;
    /// let mut pc = petsc::Pc::new(&c)?;
    /// pc.set_operators(&a, &a)?;
    /// pc.set_shell_apply(|x, y| y.copy_from(x))?;
    /// let setups = Rc::new(Cell::new(0));
    /// let seen = setups.clone();
    /// pc.set_shell_setup(move |pc| {
    ///     assert_eq!(pc.operators()?.0.size()?, (2, 2));
    ///     seen.set(seen.get() + 1);
    ///     Ok(())
    /// })?;
    /// pc.set_up()?;
    /// assert_eq!(setups.get(), 1);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "PCShellSetSetUp")]
    pub fn set_shell_setup<F>(&mut self, setup: F) -> Result<()>
    where
        F: FnMut(&Pc) -> Result<()> + 'static,
    {
        self.require_shell("Pc::set_shell_setup")?;
        let f: Box<ShellSetUpFn> = Box::new(setup);
        // SAFETY: live shell PC; the closure is kept with it (replacing an earlier one).
        unsafe {
            attach(
                &self.petsc,
                self.ptr as sys::PetscObject,
                CallbackKind::PcShellSetUp,
                f,
            )
        }?;
        // SAFETY: live shell PC; the trampoline finds the closure kept above.
        check(unsafe { sys::PCShellSetSetUp(self.ptr, Some(shell_setup_trampoline)) })
    }
}

/// `PCShellSetDestroy` hook: the shell goes (the PC is destroyed, or given another type),
/// so its closures are released now, as C's shell destroy routine frees its context; a
/// closure that holds a handle to its own PC then no longer keeps it alive.
unsafe extern "C" fn shell_destroy(pc: sys::PC) -> sys::PetscErrorCode {
    for kind in SHELL_KINDS {
        let key = kind.key();
        // SAFETY: PETSc passes the live PC whose shell is being destroyed (its header is
        // intact); composing null releases the container holding the closure.
        let code = unsafe {
            sys::PetscObjectCompose(pc as sys::PetscObject, key.as_ptr(), std::ptr::null_mut())
        };
        if code != 0 {
            return code;
        }
    }
    0
}
