//! Preconditioners (`PC`), including shell preconditioners written as Rust closures.

use std::os::raw::c_void;

use petsc_sys as sys;

use crate::callback::{attach, call, CallbackKind};
use crate::comm::Comm;
use crate::error::{check, run_callback, unlock_on_error, Error, Result};
use crate::init::Petsc;
use crate::mat::Mat;
use crate::object::{petsc_handle, type_enum};
use crate::vec::{ReadLocks, Vector};

petsc_handle!(
    /// A PETSc preconditioner (`PC`).
    ///
    /// Usually obtained from a solver with [`Ksp::pc`](crate::Ksp::pc); the handle then
    /// holds its own reference, so the solver and the handle may be dropped in any order.
    ///
    /// ```
    /// use petsc::Object;
    /// let petsc = petsc::Petsc::init()?;
    /// let ksp = petsc::Ksp::new(&petsc.world())?;
    /// let mut pc = ksp.pc()?;
    /// pc.set_type(petsc::PcType::Jacobi)?;
    /// assert_eq!(pc.type_name()?, "jacobi");
    /// # Ok::<(), petsc::Error>(())
    /// ```
    Pc,
    sys::PC,
    sys::PCDestroy
);

type_enum!(
/// Preconditioner types (`PCType`); [`PcType::Other`] names any registered type.
///
/// ```
/// use petsc::PcType;
/// assert_eq!(PcType::Gamg.as_str(), "gamg");
/// assert_eq!(PcType::from_name("bjacobi"), PcType::Bjacobi);
/// assert_eq!(PcType::from_name("fieldsplit"), PcType::Fieldsplit);
/// assert_eq!(PcType::from_name("mine"), PcType::Other("mine".into()));
/// assert_eq!(PcType::Lu.to_string(), "lu");
/// ```
PcType {
        /// `PCNONE`: the identity.
        None = "none",
        /// `PCJACOBI`: diagonal scaling.
        Jacobi = "jacobi",
        /// `PCPBJACOBI`: point-block Jacobi.
        Pbjacobi = "pbjacobi",
        /// `PCBJACOBI`: block Jacobi, one block per process by default.
        Bjacobi = "bjacobi",
        /// `PCSOR`: (symmetric) successive over-relaxation.
        Sor = "sor",
        /// `PCEISENSTAT`: SOR with Eisenstat's trick.
        Eisenstat = "eisenstat",
        /// `PCILU`: incomplete LU (sequential; use inside block Jacobi or ASM in parallel).
        Ilu = "ilu",
        /// `PCICC`: incomplete Cholesky (sequential).
        Icc = "icc",
        /// `PCLU`: direct LU factorization.
        Lu = "lu",
        /// `PCCHOLESKY`: direct Cholesky factorization.
        Cholesky = "cholesky",
        /// `PCQR`: direct QR factorization.
        Qr = "qr",
        /// `PCSVD`: pseudo-inverse through a dense SVD (small problems).
        Svd = "svd",
        /// `PCASM`: additive Schwarz.
        Asm = "asm",
        /// `PCGASM`: generalized additive Schwarz.
        Gasm = "gasm",
        /// `PCGAMG`: PETSc's algebraic multigrid.
        Gamg = "gamg",
        /// `PCHYPRE`: hypre (BoomerAMG and others), when PETSc was built with it.
        Hypre = "hypre",
        /// `PCMG`: geometric multigrid.
        Mg = "mg",
        /// `PCFIELDSPLIT`: block preconditioners for coupled fields.
        Fieldsplit = "fieldsplit",
        /// `PCKSP`: an inner Krylov solve.
        Ksp = "ksp",
        /// `PCCOMPOSITE`: a combination of preconditioners.
        Composite = "composite",
        /// `PCREDUNDANT`: a redundant solve on every process group.
        Redundant = "redundant",
        /// `PCMAT`: applies a matrix.
        Mat = "mat",
        /// `PCSHELL`: user-defined; see [`Pc::set_shell_apply`].
        Shell = "shell",
        /// `PCBDDC`: balancing domain decomposition by constraints.
        Bddc = "bddc",
        /// `PCTELESCOPE`: solves on a sub-communicator.
        Telescope = "telescope",
});

/// A shell preconditioner's closure: `y = M^{-1} x`.
type ShellApplyFn = dyn FnMut(&Vector, &mut Vector) -> Result<()>;

/// `PCShellSetApply` trampoline: `y = M^{-1} x` through the user's closure, found
/// through the shell's context.
unsafe extern "C" fn shell_apply_trampoline(
    pc: sys::PC,
    x: sys::Vec,
    y: sys::Vec,
) -> sys::PetscErrorCode {
    const KIND: CallbackKind = CallbackKind::PcShellApply;
    let ierr = run_callback(KIND.name(), || {
        let mut ctx: *mut c_void = std::ptr::null_mut();
        // SAFETY: `pc` is the live shell PC PETSc is applying; PCShellGetContext writes
        // the context pointer (a `*mut c_void`) through the address it is given.
        check(unsafe { sys::PCShellGetContext(pc, &mut ctx as *mut *mut c_void as *mut c_void) })?;
        call::<ShellApplyFn, _>(ctx, KIND, |petsc, f| {
            // SAFETY: `x` and `y` are live vectors for the duration of the call; each
            // temporary handle takes its own reference, which its Drop releases.
            let (xv, mut yv) = unsafe { (borrowed_vec(petsc, x)?, borrowed_vec(petsc, y)?) };
            f(&xv, &mut yv)
        })
    });
    // PCApply read-locked `x` and does not unlock it when the apply fails: without this
    // the solver's work vector would stay locked and its next solve fail.
    // SAFETY: `x` is the live vector PETSc passed.
    unsafe { unlock_on_error(ierr, &[x]) }
}

/// A temporary handle to a vector PETSc passes to a callback: takes one reference, so
/// the handle's Drop releases exactly that reference.
///
/// # Safety
/// `v` must be a live `Vec`.
pub(crate) unsafe fn borrowed_vec(petsc: &Petsc, v: sys::Vec) -> Result<Vector> {
    // SAFETY: the caller guarantees a live vector.
    unsafe { Vector::from_raw_borrowed(petsc, v) }
}

crate::class_methods! {
    Pc: PcType, "PC", sys::PCList,
    example = "let mut obj = petsc::Pc::new(&petsc.self_comm())?;", a_type = "sor",
    inner = "",
    set_type = sys::PCSetType as "PCSetType",
    set_options_prefix = sys::PCSetOptionsPrefix as "PCSetOptionsPrefix",
    append_options_prefix = sys::PCAppendOptionsPrefix as "PCAppendOptionsPrefix",
    options_prefix = sys::PCGetOptionsPrefix as "PCGetOptionsPrefix",
    set_from_options = sys::PCSetFromOptions as "PCSetFromOptions",
}

impl Pc {
    /// A new preconditioner on `comm` (`PCCreate`); give it operators with
    /// [`set_operators`](Self::set_operators). Inside a solver use
    /// [`Ksp::pc`](crate::Ksp::pc) instead.
    pub fn new(comm: &Comm) -> Result<Pc> {
        let mut pc: sys::PC = std::ptr::null_mut();
        // SAFETY: live communicator; PETSc writes the new object.
        check(unsafe { sys::PCCreate(comm.as_raw(), &mut pc) })?;
        Ok(Pc::from_raw(comm.petsc(), pc))
    }

    /// Sets the matrix defining the operator and the one the preconditioner is built
    /// from (`PCSetOperators`; PETSc keeps references to both).
    pub fn set_operators(&mut self, a: &Mat, p: &Mat) -> Result<()> {
        // SAFETY: live PC and matrices; PETSc references the matrices.
        check(unsafe { sys::PCSetOperators(self.ptr, a.ptr, p.ptr) })
    }

    /// Builds the preconditioner (factorization, hierarchy, ...) now (`PCSetUp`).
    pub fn set_up(&mut self) -> Result<()> {
        // SAFETY: live PC.
        check(unsafe { sys::PCSetUp(self.ptr) })
    }

    /// `y = M^{-1} x` (`PCApply`).
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut a = petsc::Mat::new_aij(&c, None, None, Some(2), Some(2), 1, 0)?;
    /// a.set_values(&[0], &[0], &[2.0], petsc::InsertMode::Insert)?;
    /// a.set_values(&[1], &[1], &[4.0], petsc::InsertMode::Insert)?;
    /// a.assemble()?;
    /// let mut pc = petsc::Pc::new(&c)?;
    /// let x = petsc::Vector::from_slice(&c, &[1.0, 1.0])?;
    /// let mut y = x.duplicate()?;
    /// assert!(pc.apply(&x, &mut y).is_err()); // no operator yet
    /// pc.set_operators(&a, &a)?;
    /// pc.set_type(petsc::PcType::Jacobi)?;
    /// pc.apply(&x, &mut y)?;
    /// assert_eq!(&*y.view()?, &[0.5, 0.25]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn apply(&self, x: &Vector, y: &mut Vector) -> Result<()> {
        let (mut a_set, mut p_set) = (sys::PETSC_BOOL_FALSE, sys::PETSC_BOOL_FALSE);
        // SAFETY: live PC; two outputs.
        check(unsafe { sys::PCGetOperatorsSet(self.ptr, &mut a_set, &mut p_set) })?;
        if p_set != sys::PETSC_BOOL_TRUE {
            // PCApply reads the operator's sizes without checking it exists.
            return Err(Error::invalid(
                "Pc::apply",
                "no operator: call set_operators first",
            ));
        }
        let lock = ReadLocks::record(x);
        // SAFETY: live PC and vectors; Rust's borrows make `x` and `y` distinct.
        let r = check(unsafe {
            sys::PCApply(
                self.ptr,
                x.raw_read("Pc::apply")?,
                y.raw_write("Pc::apply")?,
            )
        });
        if r.is_err() {
            // PCApply read-locks `x`; a failed apply leaves it as it was.
            lock.restore();
        }
        r
    }

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
    /// let mut a = petsc::Mat::new_aij(&c, None, None, Some(2), Some(2), 1, 0)?;
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
        // SAFETY: live shell PC; the trampoline matches the context's type.
        check(unsafe { sys::PCShellSetApply(self.ptr, Some(shell_apply_trampoline)) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_names_round_trip() {
        for n in PcType::NAMES {
            let t = PcType::from_name(n);
            assert!(!matches!(t, PcType::Other(_)), "{n}");
            assert_eq!(t.as_str(), *n);
        }
        let c = |b: &[u8]| {
            std::ffi::CStr::from_bytes_with_nul(b)
                .unwrap()
                .to_str()
                .unwrap()
                .to_owned()
        };
        assert_eq!(PcType::Gamg.as_str(), c(sys::PCGAMG));
        assert_eq!(PcType::Bjacobi.as_str(), c(sys::PCBJACOBI));
        assert_eq!(PcType::Fieldsplit.as_str(), c(sys::PCFIELDSPLIT));
        assert_eq!(PcType::Shell.as_str(), c(sys::PCSHELL));
    }
}
