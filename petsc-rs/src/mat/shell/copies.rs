//! What a copy of a shell matrix gets, and the copy and duplicate closures.
//!
//! `MatCopy(A, B)` of two shells gives `B` the operations of `A` (`MatCopy_Shell`), and
//! `MatDuplicate` of a shell copies it so; the trampolines of `B` then look for closures
//! composed on `B`. The copy operation every shell made by [`Mat::shell`] carries
//! composes on `B` the closures of `A` (shared, as C's copy shares the context), then
//! runs the user's copy closure if there is one.

use petsc_sys as sys;

use super::{SHELL_KINDS, ShellOp, run_shell, set_shell_op};
use crate::callback::{CallbackKind, attached, call, copy_closure, is_attached};
use crate::error::{Error, Result, run_callback};
use crate::init::Petsc;
use crate::mat::{Mat, MatStructure};

type CopyFnMut = dyn FnMut(&mut Mat, MatStructure) -> Result<()>;
type DuplicateFnMut = dyn FnMut(bool) -> Result<Mat>;

/// Composes on `to` every shell closure `from` holds, and drops those `from` has not.
///
/// # Safety
/// `from` and `to` are live matrices.
pub(super) unsafe fn share_shell_closures(from: sys::Mat, to: sys::Mat) -> Result<()> {
    for kind in SHELL_KINDS {
        // SAFETY: live matrices (caller).
        unsafe { copy_closure(from as sys::PetscObject, to as sys::PetscObject, kind) }?;
    }
    Ok(())
}

/// `MATOP_COPY` of every shell made by [`Mat::shell`], which `MatCopy_Shell` calls
/// once it has given `b` the operations of `a`.
unsafe extern "C" fn shell_copy(
    a: sys::Mat,
    b: sys::Mat,
    structure: sys::MatStructure,
) -> sys::PetscErrorCode {
    const KIND: CallbackKind = CallbackKind::MatShellCopy;
    run_callback(KIND.name(), || {
        // SAFETY: PETSc passes two live shell matrices.
        unsafe { share_shell_closures(a, b) }?;
        // SAFETY: live matrix.
        if !unsafe { is_attached(a as sys::PetscObject, KIND) }? {
            return Ok(());
        }
        // SAFETY: live matrix.
        let ctx = unsafe { attached(a as sys::PetscObject, KIND) }?;
        call::<CopyFnMut, _>(ctx, KIND, |petsc, f| {
            let structure = MatStructure::from_raw(structure, KIND.name())?;
            // SAFETY: PETSc passes a live matrix, lent for the call.
            let mut bm = unsafe { Mat::from_raw_lent(petsc, b) }?;
            f(&mut bm, structure)?;
            bm.written_in_place(b)
        })
    })
}

/// Sets the copy operation on the new shell `m`.
pub(super) fn set_copy_hook(m: sys::Mat) -> Result<()> {
    set_shell_op(m, sys::MatOperation::MATOP_COPY, ShellOp::Copy(shell_copy))
}

unsafe extern "C" fn shell_duplicate(
    a: sys::Mat,
    op: sys::MatDuplicateOption,
    out: *mut sys::Mat,
) -> sys::PetscErrorCode {
    const KIND: CallbackKind = CallbackKind::MatShellDuplicate;
    let body = |petsc: &Petsc, f: &mut DuplicateFnMut| {
        let m = f(op == sys::MatDuplicateOption::MAT_COPY_VALUES)?;
        let p = m.kept_raw(KIND.name())?;
        if p == a {
            return Err(Error::invalid(
                KIND.name(),
                "the closure returned the matrix being duplicated; return a new one",
            ));
        }
        // SAFETY: PETSc passes the live matrix being duplicated, lent for the call.
        let src = unsafe { Mat::from_raw_lent(petsc, a) }?;
        let (want, got) = (
            (src.size()?, src.local_size()?),
            (m.size()?, m.local_size()?),
        );
        if want != got {
            return Err(Error::size_mismatch(
                KIND.name(),
                format!(
                    "the closure returned a {:?} matrix ({:?} on this rank) for a {:?} one ({:?})",
                    got.0, got.1, want.0, want.1
                ),
            ));
        }
        if out.is_null() {
            return Err(Error::invalid(KIND.name(), "PETSc gave no output matrix"));
        }
        // SAFETY: live matrix; the reference taken here is the one PETSc's caller
        // owns (the handle `m` releases its own on return).
        crate::error::check(unsafe { sys::PetscObjectReference(p as sys::PetscObject) })?;
        // SAFETY: PETSc's output, checked non-null.
        unsafe { *out = p };
        Ok(())
    };
    // SAFETY: PETSc calls MATOP_DUPLICATE with the live shell matrix.
    unsafe { run_shell(a, KIND, body) }
}

impl Mat {
    /// Sets a closure run when this shell matrix is copied into another shell `B`
    /// (`MATOP_COPY`: [`copy_from`](Self::copy_from), and
    /// [`duplicate`](Self::duplicate) with copied values). Before it runs, `B` has the
    /// operations of this matrix and shares its closures (state they capture is common
    /// to both, as C's copy shares the context), and PETSc's own shift and scalings;
    /// the closure gets `B`, lent, to give it closures of its own
    /// ([`set_shell_mult`](Self::set_shell_mult), ...).
    ///
    /// ```
    /// use petsc::{Mat, MatDuplicateOption, Sizes, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut a = Mat::shell(&c).sizes(Sizes::local(2, 2)).build(|x, y| y.copy_from(x))?;
    /// a.set_shell_copy(|b, _| {
    ///     // The copy doubles, where the source is the identity.
    ///     b.set_shell_mult(|x, y| {
    ///         y.copy_from(x)?;
    ///         y.scale(2.0)
    ///     })
    /// })?;
    /// let b = a.duplicate(MatDuplicateOption::CopyValues)?;
    /// let x = Vector::from_slice(&c, &[1.0, 2.0])?;
    /// let mut y = x.duplicate()?;
    /// b.mult(&x, &mut y)?;
    /// assert_eq!(&*y.view()?, &[2.0, 4.0]);
    /// a.mult(&x, &mut y)?;
    /// assert_eq!(&*y.view()?, &[1.0, 2.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatShellSetOperation")]
    pub fn set_shell_copy<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(&mut Mat, MatStructure) -> Result<()> + 'static,
    {
        self.check_loan("Mat::set_shell_copy")?;
        let f: Box<CopyFnMut> = Box::new(f);
        let how = (
            CallbackKind::MatShellCopy,
            sys::MatOperation::MATOP_COPY,
            ShellOp::Copy(shell_copy),
        );
        self.set_shell_closure("Mat::set_shell_copy", how, f)
    }

    /// Sets the closure making a duplicate of this shell matrix (`MATOP_DUPLICATE`):
    /// it gets whether the values are to be copied and returns the new matrix (with
    /// the same sizes and layout, an `Err` otherwise), a shell with closures of its
    /// own, say. It replaces PETSc's duplication of shells, whose copy shares this
    /// matrix's closures (see [`duplicate`](Self::duplicate)).
    ///
    /// ```
    /// use petsc::{Mat, MatDuplicateOption, Sizes, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let shell = |c: &petsc::Comm, k: f64| {
    ///     Mat::shell(c).sizes(Sizes::local(2, 2)).build(move |x, y| {
    ///         y.copy_from(x)?;
    ///         y.scale(k)
    ///     })
    /// };
    /// let mut a = shell(&c, 3.0)?;
    /// let cc = c.clone();
    /// a.set_shell_duplicate(move |_copy_values| shell(&cc, 3.0))?;
    /// let b = a.duplicate(MatDuplicateOption::CopyValues)?;
    /// drop(a);
    /// let x = Vector::from_slice(&c, &[1.0, 2.0])?;
    /// let mut y = x.duplicate()?;
    /// b.mult(&x, &mut y)?;
    /// assert_eq!(&*y.view()?, &[3.0, 6.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatShellSetOperation")]
    pub fn set_shell_duplicate<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(bool) -> Result<Mat> + 'static,
    {
        self.check_loan("Mat::set_shell_duplicate")?;
        let f: Box<DuplicateFnMut> = Box::new(f);
        let how = (
            CallbackKind::MatShellDuplicate,
            sys::MatOperation::MATOP_DUPLICATE,
            ShellOp::Duplicate(shell_duplicate),
        );
        self.set_shell_closure("Mat::set_shell_duplicate", how, f)
    }

    /// After `MatDuplicate` of this matrix into `dup`: a matrix whose product was
    /// replaced ([`set_operation_mult`](Self::set_operation_mult),
    /// [`set_operation_mult_transpose`](Self::set_operation_mult_transpose)) shares the closure
    /// with its duplicate, which PETSc gives the same operation.
    pub(in crate::mat) fn share_operation_closures(&self, dup: &Mat) -> Result<()> {
        for kind in [
            CallbackKind::MatOperationMult,
            CallbackKind::MatOperationMultTranspose,
        ] {
            // SAFETY: live matrices.
            if unsafe { is_attached(self.ptr as sys::PetscObject, kind) }? {
                // SAFETY: live matrices.
                unsafe {
                    copy_closure(
                        self.ptr as sys::PetscObject,
                        dup.ptr as sys::PetscObject,
                        kind,
                    )
                }?;
            }
        }
        Ok(())
    }
}
