//! A shell matrix's shifts, scalings, diagonal scalings and sets, `AXPY` (the five
//! operations `MATSHELL` keeps aside by default), and its zeroing and norms, as closures.

use petsc_sys as sys;

use super::{ShellOp, run_shell};
use crate::callback::{CallbackKind, attach, detach, is_attached};
use crate::error::{Error, Result, check};
use crate::init::Petsc;
use crate::mat::{Mat, MatStructure};
use crate::scalar::{Real, Scalar};
use crate::vec::{InsertMode, NormType, Vector};

type DiagonalScaleFnMut = dyn FnMut(Option<&Vector>, Option<&Vector>) -> Result<()>;
type ScalarFnMut = dyn FnMut(Scalar) -> Result<()>;
type DiagonalSetFnMut = dyn FnMut(&Vector, InsertMode) -> Result<()>;
type AxpyFnMut = dyn FnMut(Scalar, &Mat, MatStructure) -> Result<()>;
type ZeroEntriesFnMut = dyn FnMut() -> Result<()>;
type NormFnMut = dyn FnMut(NormType) -> Result<Real>;

unsafe extern "C" fn shell_diagonal_scale(
    a: sys::Mat,
    l: sys::Vec,
    r: sys::Vec,
) -> sys::PetscErrorCode {
    let body = |petsc: &Petsc, f: &mut DiagonalScaleFnMut| {
        let lend = |v: sys::Vec| -> Result<Option<Vector>> {
            if v.is_null() {
                return Ok(None);
            }
            // SAFETY: PETSc passes live vectors (or null), lent for the call.
            unsafe { Vector::from_raw_lent(petsc, v) }.map(Some)
        };
        let (lv, rv) = (lend(l)?, lend(r)?);
        f(lv.as_ref(), rv.as_ref())
    };
    // SAFETY: PETSc calls MATOP_DIAGONAL_SCALE with the live shell matrix.
    unsafe { run_shell(a, CallbackKind::MatShellDiagonalScale, body) }
}

unsafe extern "C" fn shell_shift(a: sys::Mat, s: Scalar) -> sys::PetscErrorCode {
    let body = |_: &Petsc, f: &mut ScalarFnMut| f(s);
    // SAFETY: PETSc calls MATOP_SHIFT with the live shell matrix.
    unsafe { run_shell(a, CallbackKind::MatShellShift, body) }
}

unsafe extern "C" fn shell_scale(a: sys::Mat, s: Scalar) -> sys::PetscErrorCode {
    let body = |_: &Petsc, f: &mut ScalarFnMut| f(s);
    // SAFETY: PETSc calls MATOP_SCALE with the live shell matrix.
    unsafe { run_shell(a, CallbackKind::MatShellScale, body) }
}

unsafe extern "C" fn shell_diagonal_set(
    a: sys::Mat,
    d: sys::Vec,
    mode: sys::InsertMode,
) -> sys::PetscErrorCode {
    const KIND: CallbackKind = CallbackKind::MatShellDiagonalSet;
    let body = |petsc: &Petsc, f: &mut DiagonalSetFnMut| {
        let mode = InsertMode::from_raw(mode, KIND.name())?;
        // SAFETY: PETSc passes a live vector, lent for the call.
        let dv = unsafe { Vector::from_raw_lent(petsc, d) }?;
        f(&dv, mode)
    };
    // SAFETY: PETSc calls MATOP_DIAGONAL_SET with the live shell matrix.
    unsafe { run_shell(a, KIND, body) }
}

unsafe extern "C" fn shell_axpy(
    y: sys::Mat,
    alpha: Scalar,
    x: sys::Mat,
    structure: sys::MatStructure,
) -> sys::PetscErrorCode {
    const KIND: CallbackKind = CallbackKind::MatShellAxpy;
    let body = |petsc: &Petsc, f: &mut AxpyFnMut| {
        let structure = MatStructure::from_raw(structure, KIND.name())?;
        // SAFETY: PETSc passes a live matrix, lent for the call.
        let xm = unsafe { Mat::from_raw_lent(petsc, x) }?;
        f(alpha, &xm, structure)
    };
    // SAFETY: PETSc calls MATOP_AXPY with the live shell matrix `y`.
    unsafe { run_shell(y, KIND, body) }
}

unsafe extern "C" fn shell_zero_entries(a: sys::Mat) -> sys::PetscErrorCode {
    let body = |_: &Petsc, f: &mut ZeroEntriesFnMut| f();
    // SAFETY: PETSc calls MATOP_ZERO_ENTRIES with the live shell matrix.
    unsafe { run_shell(a, CallbackKind::MatShellZeroEntries, body) }
}

unsafe extern "C" fn shell_norm(
    a: sys::Mat,
    ty: sys::NormType,
    out: *mut Real,
) -> sys::PetscErrorCode {
    const KIND: CallbackKind = CallbackKind::MatShellNorm;
    let body = |_: &Petsc, f: &mut NormFnMut| {
        let n = f(NormType::from_raw(ty, KIND.name())?)?;
        if out.is_null() {
            return Err(Error::invalid(
                KIND.name(),
                "PETSc gave no output for the norm",
            ));
        }
        // SAFETY: PETSc's output for the norm, checked non-null.
        unsafe { *out = n };
        Ok(())
    };
    // SAFETY: PETSc calls MATOP_NORM with the live shell matrix.
    unsafe { run_shell(a, KIND, body) }
}

/// The operations `MATSHELL` keeps aside (`MatShellSetManageScalingShifts`), with their
/// kinds and trampolines.
const SCALING: [(CallbackKind, sys::MatOperation, ShellOp); 5] = [
    (
        CallbackKind::MatShellDiagonalScale,
        sys::MatOperation::MATOP_DIAGONAL_SCALE,
        ShellOp::Apply(shell_diagonal_scale),
    ),
    (
        CallbackKind::MatShellShift,
        sys::MatOperation::MATOP_SHIFT,
        ShellOp::Scalar(shell_shift),
    ),
    (
        CallbackKind::MatShellScale,
        sys::MatOperation::MATOP_SCALE,
        ShellOp::Scalar(shell_scale),
    ),
    (
        CallbackKind::MatShellDiagonalSet,
        sys::MatOperation::MATOP_DIAGONAL_SET,
        ShellOp::DiagonalSet(shell_diagonal_set),
    ),
    (
        CallbackKind::MatShellAxpy,
        sys::MatOperation::MATOP_AXPY,
        ShellOp::Axpy(shell_axpy),
    ),
];

impl Mat {
    /// Keeps `f` (of kind `SCALING[which].0`) with this shell matrix and takes the five
    /// operations `MATSHELL` keeps aside from PETSc (`MatShellSetManageScalingShifts`):
    /// those given closures call them, the others are unsupported (an `Err`).
    fn set_scaling_closure<F: ?Sized + 'static>(
        &mut self,
        context: &str,
        which: usize,
        f: Box<F>,
    ) -> Result<()> {
        if !self.is_shell()? {
            return Err(Error::invalid(
                context,
                "not a shell matrix (make one with Mat::shell)",
            ));
        }
        let obj = self.ptr as sys::PetscObject;
        let kind = SCALING[which].0;
        // SAFETY: live shell matrix; the closure is kept with it (replacing an earlier
        // one of the kind; a running one keeps its own share).
        unsafe { attach(&self.petsc, obj, kind, f) }?;
        // SAFETY: live shell matrix. Clears the five operations, set again below for
        // the closures kept (this one, earlier ones, those a copy shares).
        if let Err(e) = check(unsafe { sys::MatShellSetManageScalingShifts(self.ptr) }) {
            // SAFETY: live matrix; the operation was not set, so nothing calls it.
            let _ = unsafe { detach(obj, kind) };
            return Err(e);
        }
        for (k, op, tramp) in SCALING {
            // SAFETY: live matrix.
            if unsafe { is_attached(obj, k) }? {
                super::set_shell_op(self.ptr, op, tramp)?;
            }
        }
        Ok(())
    }

    /// Sets the closure computing `A = A + a I` of a shell matrix (`MATOP_SHIFT`):
    /// [`shift`](Self::shift), and the solvers that shift an operator, call it.
    ///
    /// Without such closures `MATSHELL` keeps shifts, scalings and diagonal scalings
    /// and sets aside and applies them around the product closures. Setting a closure
    /// for one of [`set_shell_shift`](Self::set_shell_shift),
    /// [`set_shell_scale`](Self::set_shell_scale),
    /// [`set_shell_diagonal_scale`](Self::set_shell_diagonal_scale),
    /// [`set_shell_diagonal_set`](Self::set_shell_diagonal_set) or
    /// [`set_shell_axpy`](Self::set_shell_axpy) hands all five to the closures
    /// (`MatShellSetManageScalingShifts`), as in C: the closures given are called, the
    /// others are unsupported (an `Err`), since a mix of the two bookkeepings would
    /// give wrong products. Set them right after [`shell`](Self::shell): a
    /// shift or scaling PETSc kept before stays applied to the products.
    ///
    /// ```
    /// use std::{cell::Cell, rc::Rc};
    /// use petsc::{Mat, Scalar, Sizes, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// // A = s I, with s kept by the closures.
    /// let s = Rc::new(Cell::new(Scalar::from(1.0)));
    /// let k = s.clone();
    /// let mut a = Mat::shell(&c).sizes(Sizes::local(2, 2)).build(move |x, y| {
    ///     y.copy_from(x)?;
    ///     y.scale(k.get())
    /// })?;
    /// let k = s.clone();
    /// a.set_shell_shift(move |alpha| Ok(k.set(k.get() + alpha)))?;
    /// a.shift(2.0)?;
    /// assert_eq!(s.get(), Scalar::from(3.0));
    /// let x = Vector::from_slice(&c, &[Scalar::from(1.0); 2])?;
    /// let mut y = x.duplicate()?;
    /// a.mult(&x, &mut y)?;
    /// assert_eq!(&*y.view()?, &[Scalar::from(3.0); 2]);
    /// assert!(a.scale(2.0).is_err()); // no scale closure: unsupported now
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatShellSetOperation")]
    #[doc(alias = "MatShellSetManageScalingShifts")]
    pub fn set_shell_shift<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(Scalar) -> Result<()> + 'static,
    {
        self.check_loan("Mat::set_shell_shift")?;
        let f: Box<ScalarFnMut> = Box::new(f);
        self.set_scaling_closure("Mat::set_shell_shift", 1, f)
    }

    /// Sets the closure computing `A = a A` of a shell matrix (`MATOP_SCALE`), for
    /// [`scale`](Self::scale); PETSc does not call it for `a = 1`. Takes the shifts and
    /// scalings from PETSc as [`set_shell_shift`](Self::set_shell_shift) says.
    #[doc(alias = "MatShellSetOperation")]
    pub fn set_shell_scale<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(Scalar) -> Result<()> + 'static,
    {
        self.check_loan("Mat::set_shell_scale")?;
        let f: Box<ScalarFnMut> = Box::new(f);
        self.set_scaling_closure("Mat::set_shell_scale", 2, f)
    }

    /// Sets the closure computing `A = diag(l) A diag(r)` of a shell matrix
    /// (`MATOP_DIAGONAL_SCALE`), for [`diagonal_scale`](Self::diagonal_scale); either
    /// side may be `None`. Takes the shifts and scalings from PETSc as
    /// [`set_shell_shift`](Self::set_shell_shift) says.
    #[doc(alias = "MatShellSetOperation")]
    pub fn set_shell_diagonal_scale<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(Option<&Vector>, Option<&Vector>) -> Result<()> + 'static,
    {
        self.check_loan("Mat::set_shell_diagonal_scale")?;
        let f: Box<DiagonalScaleFnMut> = Box::new(f);
        self.set_scaling_closure("Mat::set_shell_diagonal_scale", 0, f)
    }

    /// Sets the closure computing `A = A + diag(d)` ([`InsertMode::Add`]) or replacing
    /// the diagonal of `A` by `d` ([`InsertMode::Insert`]) of a shell matrix
    /// (`MATOP_DIAGONAL_SET`), for [`set_diagonal`](Self::set_diagonal). Takes the shifts and scalings from
    /// PETSc as [`set_shell_shift`](Self::set_shell_shift) says.
    #[doc(alias = "MatShellSetOperation")]
    pub fn set_shell_diagonal_set<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(&Vector, InsertMode) -> Result<()> + 'static,
    {
        self.check_loan("Mat::set_shell_diagonal_set")?;
        let f: Box<DiagonalSetFnMut> = Box::new(f);
        self.set_scaling_closure("Mat::set_shell_diagonal_set", 3, f)
    }

    /// Sets the closure computing `Y = Y + a X` of a shell matrix `Y` (`MATOP_AXPY`),
    /// for [`axpy`](Self::axpy): PETSc calls it when `X` is a shell too (others go
    /// through PETSc's entry-by-entry sum, which a shell refuses), and computes
    /// `Y + a Y` by a scaling. `X` is lent for the call. Takes the shifts and scalings
    /// from PETSc as [`set_shell_shift`](Self::set_shell_shift) says.
    #[doc(alias = "MatShellSetOperation")]
    pub fn set_shell_axpy<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(Scalar, &Mat, MatStructure) -> Result<()> + 'static,
    {
        self.check_loan("Mat::set_shell_axpy")?;
        let f: Box<AxpyFnMut> = Box::new(f);
        self.set_scaling_closure("Mat::set_shell_axpy", 4, f)
    }

    /// Sets the closure making a shell matrix zero (`MATOP_ZERO_ENTRIES`), for
    /// [`zero_entries`](Self::zero_entries) (a shell has none without it).
    ///
    /// ```
    /// use std::{cell::Cell, rc::Rc};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let on = Rc::new(Cell::new(true));
    /// let k = on.clone();
    /// let mut a = petsc::Mat::shell(&c).sizes(petsc::Sizes::local(2, 2)).build(move |x, y| {
    ///     y.copy_from(x)?;
    ///     y.scale(if k.get() { 1.0 } else { 0.0 })
    /// })?;
    /// let k = on.clone();
    /// a.set_shell_zero_entries(move || Ok(k.set(false)))?;
    /// a.zero_entries()?;
    /// assert!(!on.get());
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatShellSetOperation")]
    pub fn set_shell_zero_entries<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut() -> Result<()> + 'static,
    {
        self.check_loan("Mat::set_shell_zero_entries")?;
        let f: Box<ZeroEntriesFnMut> = Box::new(f);
        let how = (
            CallbackKind::MatShellZeroEntries,
            sys::MatOperation::MATOP_ZERO_ENTRIES,
            ShellOp::MatOnly(shell_zero_entries),
        );
        self.set_shell_closure("Mat::set_shell_zero_entries", how, f)
    }

    /// Sets the closure computing a norm of a shell matrix (`MATOP_NORM`), for
    /// [`norm`](Self::norm) ([`NormType::One`], [`NormType::Frobenius`] or
    /// [`NormType::Infinity`]; the closure may refuse one with an `Err`). The norm is
    /// of the whole matrix: the closure gives every rank the same value.
    ///
    /// ```
    /// use petsc::NormType;
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// // A = 3 I on 4 rows.
    /// let mut a = petsc::Mat::shell(&c).sizes(petsc::Sizes::local(4, 4)).build(|x, y| {
    ///     y.copy_from(x)?;
    ///     y.scale(3.0)
    /// })?;
    /// a.set_shell_norm(|ty| match ty {
    ///     NormType::Frobenius => Ok(6.0),
    ///     _ => Ok(3.0),
    /// })?;
    /// assert_eq!(a.norm(NormType::One)?, 3.0);
    /// assert_eq!(a.norm(NormType::Frobenius)?, 6.0);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatShellSetOperation")]
    pub fn set_shell_norm<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(NormType) -> Result<Real> + 'static,
    {
        self.check_loan("Mat::set_shell_norm")?;
        let f: Box<NormFnMut> = Box::new(f);
        let how = (
            CallbackKind::MatShellNorm,
            sys::MatOperation::MATOP_NORM,
            ShellOp::Norm(shell_norm),
        );
        self.set_shell_closure("Mat::set_shell_norm", how, f)
    }
}
