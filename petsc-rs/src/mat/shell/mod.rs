//! Shell matrices: `MATSHELL` whose operations are Rust closures, kept with the PETSc
//! object (see the `callback` module) and called through one trampoline per operation.
//!
//! - `mod.rs`: creation, the products (plain, transposed, Hermitian, added), the
//!   diagonal, and the product of any matrix replaced (`MatSetOperation`);
//! - `scaling.rs`: shifts, scalings, diagonal scalings and sets, `AXPY`, zeroing and
//!   norms as closures (taking them from PETSc's own bookkeeping);
//! - `copies.rs`: what a copy or a duplicate of a shell gets (the closures, shared),
//!   and the copy and duplicate closures;
//! - `rows.rs`: rows given by a closure (`MatGetRow`), kept until they are restored.

use petsc_sys as sys;

use super::{Mat, Sizes};
use crate::callback::{CallbackKind, attach, attached, call};
use crate::comm::Comm;
use crate::error::{Error, Result, check, run_callback, unlock_on_error};
use crate::scalar::{Int, Real, Scalar};
use crate::vec::Vector;

mod copies;
mod rows;
mod scaling;

/// The kinds of the closures a shell matrix keeps for its operations: what a copy of
/// the shell shares (`copies.rs`).
const SHELL_KINDS: [CallbackKind; 16] = [
    CallbackKind::MatShellMult,
    CallbackKind::MatShellMultTranspose,
    CallbackKind::MatShellMultAdd,
    CallbackKind::MatShellMultTransposeAdd,
    CallbackKind::MatShellMultHermitianTranspose,
    CallbackKind::MatShellGetDiagonal,
    CallbackKind::MatShellDiagonalScale,
    CallbackKind::MatShellShift,
    CallbackKind::MatShellScale,
    CallbackKind::MatShellDiagonalSet,
    CallbackKind::MatShellAxpy,
    CallbackKind::MatShellZeroEntries,
    CallbackKind::MatShellNorm,
    CallbackKind::MatShellCopy,
    CallbackKind::MatShellDuplicate,
    CallbackKind::MatShellGetRow,
];

/// A shell matrix's product: `y = op(A) x`.
type ShellFnMut = dyn FnMut(&Vector, &mut Vector) -> Result<()>;

/// Runs one shell operation for the trampolines below: the closure of kind `kind`
/// kept with the matrix.
///
/// # Safety
/// `a` is a live matrix; `x` and `y` are live vectors.
unsafe fn shell_apply(
    a: sys::Mat,
    x: sys::Vec,
    y: sys::Vec,
    kind: CallbackKind,
) -> sys::PetscErrorCode {
    run_callback(kind.name(), || {
        // SAFETY: live matrix.
        let ctx = unsafe { attached(a as sys::PetscObject, kind) }?;
        call::<ShellFnMut, _>(ctx, kind, |petsc, f| {
            // SAFETY: PETSc passes two live vectors, lent for the call.
            let (xv, mut yv) = unsafe {
                (
                    Vector::from_raw_scoped(petsc, x)?,
                    Vector::from_raw_scoped(petsc, y)?,
                )
            };
            f(&xv, &mut yv)?;
            yv.written_in_place(y)
        })
    })
}

/// Runs, for a trampoline, the closure of kind `kind` kept with the matrix `a` with
/// `body`, and gives PETSc the error code.
///
/// # Safety
/// `a` is a live matrix.
unsafe fn run_shell<F: ?Sized + 'static>(
    a: sys::Mat,
    kind: CallbackKind,
    body: impl FnOnce(&crate::init::Petsc, &mut F) -> Result<()>,
) -> sys::PetscErrorCode {
    run_callback(kind.name(), || {
        // SAFETY: live matrix (caller).
        let ctx = unsafe { attached(a as sys::PetscObject, kind) }?;
        call::<F, _>(ctx, kind, body)
    })
}

/// [`shell_apply`], then on failure releases the read lock `MatMult`/`MatMultTranspose`
/// put on `x`, which their error path leaves on.
///
/// # Safety
/// As for [`shell_apply`].
unsafe fn shell_apply_unlocking(
    a: sys::Mat,
    x: sys::Vec,
    y: sys::Vec,
    kind: CallbackKind,
) -> sys::PetscErrorCode {
    // SAFETY: the caller's guarantees are shell_apply's; `x` is live.
    unsafe { unlock_on_error(shell_apply(a, x, y, kind), &[x]) }
}

unsafe extern "C" fn shell_mult(a: sys::Mat, x: sys::Vec, y: sys::Vec) -> sys::PetscErrorCode {
    // SAFETY: PETSc calls MATOP_MULT with the shell matrix and two live vectors.
    unsafe { shell_apply_unlocking(a, x, y, CallbackKind::MatShellMult) }
}

unsafe extern "C" fn shell_mult_transpose(
    a: sys::Mat,
    x: sys::Vec,
    y: sys::Vec,
) -> sys::PetscErrorCode {
    // SAFETY: PETSc calls MATOP_MULT_TRANSPOSE with the shell matrix and two live vectors.
    unsafe { shell_apply_unlocking(a, x, y, CallbackKind::MatShellMultTranspose) }
}

#[cfg(petsc_complex)]
unsafe extern "C" fn shell_mult_hermitian_transpose(
    a: sys::Mat,
    x: sys::Vec,
    y: sys::Vec,
) -> sys::PetscErrorCode {
    // SAFETY: PETSc calls MATOP_MULT_HERMITIAN_TRANSPOSE with the shell matrix and two
    // live vectors.
    unsafe { shell_apply_unlocking(a, x, y, CallbackKind::MatShellMultHermitianTranspose) }
}

unsafe extern "C" fn operation_mult(a: sys::Mat, x: sys::Vec, y: sys::Vec) -> sys::PetscErrorCode {
    // SAFETY: PETSc calls MATOP_MULT with the matrix and two live vectors.
    unsafe { shell_apply_unlocking(a, x, y, CallbackKind::MatOperationMult) }
}

unsafe extern "C" fn operation_mult_transpose(
    a: sys::Mat,
    x: sys::Vec,
    y: sys::Vec,
) -> sys::PetscErrorCode {
    // SAFETY: PETSc calls MATOP_MULT_TRANSPOSE with the matrix and two live vectors.
    unsafe { shell_apply_unlocking(a, x, y, CallbackKind::MatOperationMultTranspose) }
}

/// A shell matrix's product added to a vector: `z = y + op(A) x`.
type ShellAddFnMut = dyn FnMut(&Vector, &Vector, &mut Vector) -> Result<()>;
/// A shell matrix's diagonal: `d = diag(A)`.
type ShellDiagonalFnMut = dyn FnMut(&mut Vector) -> Result<()>;

/// Runs the closure of `kind` (a product added to `y`) kept with the shell matrix `a`:
/// `z = y + op(A) x`. When PETSc asks for it in place (`z` is `y`), the closure is given
/// a copy of `y`, so that it never sees one vector as both `&` and `&mut`.
///
/// # Safety
/// `a` is a live matrix; `x`, `y` and `z` are live vectors.
unsafe fn shell_apply_add(
    a: sys::Mat,
    (x, y, z): (sys::Vec, sys::Vec, sys::Vec),
    kind: CallbackKind,
) -> sys::PetscErrorCode {
    let code = run_callback(kind.name(), || {
        // SAFETY: live matrix.
        let ctx = unsafe { attached(a as sys::PetscObject, kind) }?;
        call::<ShellAddFnMut, _>(ctx, kind, |petsc, f| {
            // SAFETY: PETSc passes live vectors, lent for the call.
            let (xv, mut zv) = unsafe {
                (
                    Vector::from_raw_scoped(petsc, x)?,
                    Vector::from_raw_scoped(petsc, z)?,
                )
            };
            let yv = if y == z {
                let mut copy = zv.duplicate()?;
                copy.copy_from(&zv)?;
                copy
            } else {
                // SAFETY: as above; `y` is distinct from `z`.
                unsafe { Vector::from_raw_scoped(petsc, y) }?
            };
            f(&xv, &yv, &mut zv)?;
            zv.written_in_place(z)
        })
    });
    let locked: &[sys::Vec] = if y == z { &[x] } else { &[x, y] };
    // SAFETY: the vectors are live; MatMultAdd read-locked `x` and `y` where distinct
    // from `z`, and its error path leaves them locked.
    unsafe { unlock_on_error(code, locked) }
}

unsafe extern "C" fn shell_mult_add(
    a: sys::Mat,
    x: sys::Vec,
    y: sys::Vec,
    z: sys::Vec,
) -> sys::PetscErrorCode {
    // SAFETY: PETSc calls MATOP_MULT_ADD with the shell matrix and three live vectors.
    unsafe { shell_apply_add(a, (x, y, z), CallbackKind::MatShellMultAdd) }
}

unsafe extern "C" fn shell_mult_transpose_add(
    a: sys::Mat,
    x: sys::Vec,
    y: sys::Vec,
    z: sys::Vec,
) -> sys::PetscErrorCode {
    // SAFETY: PETSc calls MATOP_MULT_TRANSPOSE_ADD with the shell matrix and three live
    // vectors.
    unsafe { shell_apply_add(a, (x, y, z), CallbackKind::MatShellMultTransposeAdd) }
}

unsafe extern "C" fn shell_get_diagonal(a: sys::Mat, d: sys::Vec) -> sys::PetscErrorCode {
    const KIND: CallbackKind = CallbackKind::MatShellGetDiagonal;
    run_callback(KIND.name(), || {
        // SAFETY: PETSc calls MATOP_GET_DIAGONAL with the live shell matrix.
        let ctx = unsafe { attached(a as sys::PetscObject, KIND) }?;
        call::<ShellDiagonalFnMut, _>(ctx, KIND, |petsc, f| {
            // SAFETY: PETSc passes a live vector, lent for the call.
            let mut dv = unsafe { Vector::from_raw_scoped(petsc, d) }?;
            f(&mut dv)?;
            dv.written_in_place(d)
        })
    })
}

type ApplyOp = unsafe extern "C" fn(sys::Mat, sys::Vec, sys::Vec) -> sys::PetscErrorCode;
type ApplyAddOp =
    unsafe extern "C" fn(sys::Mat, sys::Vec, sys::Vec, sys::Vec) -> sys::PetscErrorCode;
type DiagonalOp = unsafe extern "C" fn(sys::Mat, sys::Vec) -> sys::PetscErrorCode;
type ScalarOp = unsafe extern "C" fn(sys::Mat, Scalar) -> sys::PetscErrorCode;
type DiagonalSetOp =
    unsafe extern "C" fn(sys::Mat, sys::Vec, sys::InsertMode) -> sys::PetscErrorCode;
type AxpyOp =
    unsafe extern "C" fn(sys::Mat, Scalar, sys::Mat, sys::MatStructure) -> sys::PetscErrorCode;
type MatOnlyOp = unsafe extern "C" fn(sys::Mat) -> sys::PetscErrorCode;
type NormOp = unsafe extern "C" fn(sys::Mat, sys::NormType, *mut Real) -> sys::PetscErrorCode;
type CopyOp = unsafe extern "C" fn(sys::Mat, sys::Mat, sys::MatStructure) -> sys::PetscErrorCode;
type DuplicateOp =
    unsafe extern "C" fn(sys::Mat, sys::MatDuplicateOption, *mut sys::Mat) -> sys::PetscErrorCode;
type RowOp = unsafe extern "C" fn(
    sys::Mat,
    Int,
    *mut Int,
    *mut *mut Int,
    *mut *mut Scalar,
) -> sys::PetscErrorCode;

/// The C signatures of the shell operations set here (`petsc/private/matimpl.h`, the
/// same from PETSc 3.18 to 3.26).
#[derive(Clone, Copy)]
enum ShellOp {
    /// `MATOP_MULT`, `MATOP_MULT_TRANSPOSE`, `MATOP_MULT_HERMITIAN_TRANSPOSE`,
    /// `MATOP_DIAGONAL_SCALE`: `(Mat, Vec, Vec)`.
    Apply(ApplyOp),
    /// `MATOP_MULT_ADD`, `MATOP_MULT_TRANSPOSE_ADD`: `(Mat, Vec, Vec, Vec)`.
    ApplyAdd(ApplyAddOp),
    /// `MATOP_GET_DIAGONAL`: `(Mat, Vec)`.
    Diagonal(DiagonalOp),
    /// `MATOP_SHIFT`, `MATOP_SCALE`: `(Mat, PetscScalar)`.
    Scalar(ScalarOp),
    /// `MATOP_DIAGONAL_SET`: `(Mat, Vec, InsertMode)`.
    DiagonalSet(DiagonalSetOp),
    /// `MATOP_AXPY`: `(Mat, PetscScalar, Mat, MatStructure)`.
    Axpy(AxpyOp),
    /// `MATOP_ZERO_ENTRIES`: `(Mat)`.
    MatOnly(MatOnlyOp),
    /// `MATOP_NORM`: `(Mat, NormType, PetscReal *)`.
    Norm(NormOp),
    /// `MATOP_COPY`: `(Mat, Mat, MatStructure)`.
    Copy(CopyOp),
    /// `MATOP_DUPLICATE`: `(Mat, MatDuplicateOption, Mat *)`.
    Duplicate(DuplicateOp),
    /// `MATOP_GET_ROW`, `MATOP_RESTORE_ROW`: `(Mat, PetscInt, PetscInt *, PetscInt *[],
    /// PetscScalar *[])`.
    Row(RowOp),
}

type Erased = unsafe extern "C" fn();

impl ShellOp {
    /// The function as PETSc stores operations, `void (*)(void)`.
    fn erased(self) -> Erased {
        // SAFETY: PETSc stores operations as `void (*)(void)` and calls them with the
        // signature of the operation; each variant's is that of the operations it is
        // set for (the callers pair them).
        unsafe {
            match self {
                ShellOp::Apply(f) => std::mem::transmute::<ApplyOp, Erased>(f),
                ShellOp::ApplyAdd(f) => std::mem::transmute::<ApplyAddOp, Erased>(f),
                ShellOp::Diagonal(f) => std::mem::transmute::<DiagonalOp, Erased>(f),
                ShellOp::Scalar(f) => std::mem::transmute::<ScalarOp, Erased>(f),
                ShellOp::DiagonalSet(f) => std::mem::transmute::<DiagonalSetOp, Erased>(f),
                ShellOp::Axpy(f) => std::mem::transmute::<AxpyOp, Erased>(f),
                ShellOp::MatOnly(f) => std::mem::transmute::<MatOnlyOp, Erased>(f),
                ShellOp::Norm(f) => std::mem::transmute::<NormOp, Erased>(f),
                ShellOp::Copy(f) => std::mem::transmute::<CopyOp, Erased>(f),
                ShellOp::Duplicate(f) => std::mem::transmute::<DuplicateOp, Erased>(f),
                ShellOp::Row(f) => std::mem::transmute::<RowOp, Erased>(f),
            }
        }
    }
}

fn set_shell_op(m: sys::Mat, op: sys::MatOperation, f: ShellOp) -> Result<()> {
    // SAFETY: live shell matrix; the function has the operation's signature (ShellOp).
    check(unsafe { sys::MatShellSetOperation(m, op, Some(f.erased())) })
}

impl Mat {
    /// A builder of a matrix-free matrix (`MATSHELL`, `MatCreateShell`): give its layout
    /// with [`sizes`](ShellBuilder::sizes), then its product `y = A x` as a closure to
    /// [`build`](ShellBuilder::build). The closure is owned by the PETSc object, so it
    /// lives as long as anything (a `Ksp`, say) holds the matrix. An `Err` or a panic in
    /// the closure makes the call that applied the matrix return `Err`
    /// ([`Error::Callback`] or [`Error::CallbackPanic`]).
    ///
    /// ```
    /// use petsc::{Mat, Sizes};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// // y = 2 x, without storing a matrix.
    /// let a = Mat::shell(&c).sizes(Sizes::local(3, 3)).build(|x, y| {
    ///     y.copy_from(x)?;
    ///     y.scale(2.0)
    /// })?;
    /// let x = petsc::Vector::from_slice(&c, &[1.0, 2.0, 3.0])?;
    /// let mut y = x.duplicate()?;
    /// a.mult(&x, &mut y)?;
    /// assert_eq!(&*y.view()?, &[2.0, 4.0, 6.0]);
    ///
    /// let bad = Mat::shell(&c).sizes(Sizes::local(3, 3)).build(|_, _| {
    ///     Err(petsc::Error::user("no data yet"))
    /// })?;
    /// let e = bad.mult(&x, &mut y).unwrap_err();
    /// assert_eq!(e.report(), "callback MatMult (shell) failed: no data yet");
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatCreateShell")]
    pub fn shell(comm: &Comm) -> ShellBuilder<'_> {
        ShellBuilder {
            comm,
            sizes: Sizes::default(),
        }
    }

    /// A matrix-free matrix from positional sizes and its product.
    #[deprecated(
        since = "0.2.0",
        note = "use `Mat::shell(comm).sizes(Sizes::local(m, n)).build(mult)` (named sizes cannot be swapped unnoticed)"
    )]
    pub fn new_shell<F>(
        comm: &Comm,
        local_rows: Option<Int>,
        local_cols: Option<Int>,
        global_rows: Option<Int>,
        global_cols: Option<Int>,
        mult: F,
    ) -> Result<Mat>
    where
        F: FnMut(&Vector, &mut Vector) -> Result<()> + 'static,
    {
        let sizes = Sizes {
            local_rows,
            local_cols,
            global_rows,
            global_cols,
        };
        Mat::shell(comm).sizes(sizes).build(mult)
    }
}

/// A shell matrix being described, made by [`build`](Self::build); see [`Mat::shell`].
#[derive(Debug, Clone)]
#[must_use = "a builder makes nothing until `build` is called"]
pub struct ShellBuilder<'a> {
    comm: &'a Comm,
    sizes: Sizes,
}

impl ShellBuilder<'_> {
    /// The layout (required): [`Sizes::global`], [`Sizes::local`] or both.
    pub fn sizes(mut self, sizes: Sizes) -> Self {
        self.sizes = sizes;
        self
    }

    /// Makes the shell matrix whose product `y = A x` is `mult` (collective). Sizes
    /// missing or that do not add up over the ranks are an `Err` on every rank.
    #[doc(alias = "MatCreateShell")]
    pub fn build<F>(self, mult: F) -> Result<Mat>
    where
        F: FnMut(&Vector, &mut Vector) -> Result<()> + 'static,
    {
        const CTX: &str = "ShellBuilder::build";
        let comm = self.comm;
        let s = self.sizes.check(comm, CTX)?;
        let d = sys::PETSC_DECIDE as Int;
        let mut m: sys::Mat = std::ptr::null_mut();
        // SAFETY: live communicator; the context is set below, once the destroy hook is.
        check(unsafe {
            sys::MatCreateShell(
                comm.as_raw(),
                s.local_rows.unwrap_or(d),
                s.local_cols.unwrap_or(d),
                s.global_rows.unwrap_or(d),
                s.global_cols.unwrap_or(d),
                std::ptr::null_mut(),
                &mut m,
            )
        })?;
        let mat = Mat::from_raw(comm.petsc(), m);
        let f: Box<ShellFnMut> = Box::new(mult);
        // SAFETY: live shell matrix; the closure is kept with it.
        unsafe {
            attach(
                comm.petsc(),
                m as sys::PetscObject,
                CallbackKind::MatShellMult,
                f,
            )
        }?;
        set_shell_op(m, sys::MatOperation::MATOP_MULT, ShellOp::Apply(shell_mult))?;
        // A copy of the shell (`MatCopy`, `MatDuplicate`) gets its closures too.
        copies::set_copy_hook(m)?;
        Ok(mat)
    }
}

impl Mat {
    /// Replaces the closure computing `y = A x` of a shell matrix made by
    /// [`shell`](Self::shell) (`MATOP_MULT`): for a copy made by
    /// [`duplicate`](Self::duplicate) or [`copy_from`](Self::copy_from), which shares
    /// its source's closures until given its own.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut a = petsc::Mat::shell(&c).sizes(petsc::Sizes::local(2, 2)).build(|x, y| y.copy_from(x))?;
    /// a.set_shell_mult(|x, y| {
    ///     y.copy_from(x)?;
    ///     y.scale(5.0)
    /// })?;
    /// let x = petsc::Vector::from_slice(&c, &[1.0, 2.0])?;
    /// let mut y = x.duplicate()?;
    /// a.mult(&x, &mut y)?;
    /// assert_eq!(&*y.view()?, &[5.0, 10.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatShellSetOperation")]
    pub fn set_shell_mult<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(&Vector, &mut Vector) -> Result<()> + 'static,
    {
        self.check_loan("Mat::set_shell_mult")?;
        let f: Box<ShellFnMut> = Box::new(f);
        let how = (
            CallbackKind::MatShellMult,
            sys::MatOperation::MATOP_MULT,
            ShellOp::Apply(shell_mult),
        );
        self.set_shell_closure("Mat::set_shell_mult", how, f)
    }

    /// Sets the closure computing `y = A^H x` of a shell matrix
    /// (`MATOP_MULT_HERMITIAN_TRANSPOSE`), for [`mult_hermitian`](Self::mult_hermitian);
    /// complex builds only (with real scalars `A^H = A^T`, and PETSc applies the
    /// transpose's closure, [`set_mult_transpose`](Self::set_mult_transpose)).
    ///
    /// ```
    /// use petsc::{Mat, Scalar, Sizes, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// // A = 2 I: A^H = A (for complex scalars too: 2 is real).
    /// let mut a = Mat::shell(&c).sizes(Sizes::local(2, 2)).build(|x, y| {
    ///     y.copy_from(x)?;
    ///     y.scale(2.0)
    /// })?;
    /// a.set_shell_mult_hermitian_transpose(|x, y| {
    ///     y.copy_from(x)?;
    ///     y.scale(2.0)
    /// })?;
    /// let x = Vector::from_slice(&c, &[Scalar::from(1.0), Scalar::from(3.0)])?;
    /// let mut y = x.duplicate()?;
    /// a.mult_hermitian(&x, &mut y)?;
    /// assert_eq!(&*y.view()?, &[Scalar::from(2.0), Scalar::from(6.0)]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[cfg(petsc_complex)]
    #[doc(alias = "MatShellSetOperation")]
    pub fn set_shell_mult_hermitian_transpose<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(&Vector, &mut Vector) -> Result<()> + 'static,
    {
        self.check_loan("Mat::set_shell_mult_hermitian_transpose")?;
        let f: Box<ShellFnMut> = Box::new(f);
        let how = (
            CallbackKind::MatShellMultHermitianTranspose,
            sys::MatOperation::MATOP_MULT_HERMITIAN_TRANSPOSE,
            ShellOp::Apply(shell_mult_hermitian_transpose),
        );
        self.set_shell_closure("Mat::set_shell_mult_hermitian_transpose", how, f)
    }

    /// Replaces the product `y = A x` of any matrix by the closure `mult`
    /// (`MatSetOperation` with `MATOP_MULT`; for a shell, the same as
    /// [`set_shell_mult`](Self::set_shell_mult)): an assembled matrix whose product is
    /// computed otherwise (a faster kernel, an instrumented one), while its entries stay
    /// for preconditioners. The closure is kept with the matrix, and found through it.
    ///
    /// Only [`mult`](Self::mult) (and what PETSc builds on it: Krylov iterations,
    /// [`mult_add`](Self::mult_add) of shells) goes through the closure: the added and
    /// transposed products, and the entries, stay PETSc's own. PETSc may put its own
    /// product back when the matrix is reassembled or its type set (an AIJ matrix picks
    /// its inode kernel at assembly), so set it after assembling. A copy made by
    /// [`duplicate`](Self::duplicate) has the product PETSc's duplicate gives it (an
    /// AIJ matrix's own kernel) or, where PETSc carries the operation over, shares the
    /// closure; a copy PETSc makes by itself (inside a solver) that carries the
    /// operation over but not the closure gets an `Err` naming this callback from its
    /// product, never a call into freed memory.
    ///
    /// ```
    /// use std::{cell::Cell, rc::Rc};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut a = petsc::Mat::aij(&c).sizes(petsc::Sizes::local(2, 2)).csr(petsc::Csr { row_ptr: &[0, 1, 2], cols: &[0, 1], vals: &[2.0, 3.0] }).build()?;
    /// let calls = Rc::new(Cell::new(0));
    /// let (count, entries) = (calls.clone(), a.duplicate(petsc::MatDuplicateOption::CopyValues)?);
    /// a.set_operation_mult(move |x, y| {
    ///     count.set(count.get() + 1);
    ///     entries.mult(x, y)
    /// })?;
    /// let x = petsc::Vector::from_slice(&c, &[1.0, 1.0])?;
    /// let mut y = x.duplicate()?;
    /// a.mult(&x, &mut y)?;
    /// assert_eq!((&*y.view()?, calls.get()), (&[2.0, 3.0][..], 1));
    /// assert_eq!(a.values(&[1], &[1])?, vec![3.0]); // the entries are kept
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatSetOperation")]
    pub fn set_operation_mult<F>(&mut self, mult: F) -> Result<()>
    where
        F: FnMut(&Vector, &mut Vector) -> Result<()> + 'static,
    {
        self.check_loan("Mat::set_operation_mult")?;
        const CTX: &str = "Mat::set_operation_mult";
        if self.is_shell()? {
            return self.set_shell_mult(mult);
        }
        self.check_no_views(CTX)?;
        let f: Box<ShellFnMut> = Box::new(mult);
        let kind = CallbackKind::MatOperationMult;
        // SAFETY: live matrix; the closure is kept with it (a running product keeps its
        // own share of the closure it replaces).
        unsafe { attach(&self.petsc, self.ptr as sys::PetscObject, kind, f) }?;
        let f = ShellOp::Apply(operation_mult).erased();
        // SAFETY: live matrix; the trampoline has MATOP_MULT's signature.
        check(unsafe { sys::MatSetOperation(self.ptr, sys::MatOperation::MATOP_MULT, Some(f)) })
    }

    /// Replaces the transposed product `y = A^T x` of any matrix by the closure
    /// `mult_transpose` (`MatSetOperation` with `MATOP_MULT_TRANSPOSE`): for a shell,
    /// [`set_mult_transpose`](Self::set_mult_transpose); for another matrix (one whose
    /// type is written in Rust and has no transpose, say, as petsc4py adds
    /// `multTranspose` to a Python matrix's context), as
    /// [`set_operation_mult`](Self::set_operation_mult) does for the product. The
    /// closure is kept with the matrix.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut a = petsc::Mat::aij(&c).sizes(petsc::Sizes::local(2, 2)).csr(petsc::Csr { row_ptr: &[0, 1, 1], cols: &[1], vals: &[1.0] }).build()?;
    /// a.set_operation_mult_transpose(|x, y| {
    ///     y.copy_from(x)?;
    ///     y.scale(3.0)
    /// })?;
    /// let x = petsc::Vector::from_slice(&c, &[1.0, 2.0])?;
    /// let mut y = x.duplicate()?;
    /// a.mult_transpose(&x, &mut y)?;
    /// assert_eq!(&*y.view()?, &[3.0, 6.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatSetOperation")]
    pub fn set_operation_mult_transpose<F>(&mut self, mult_transpose: F) -> Result<()>
    where
        F: FnMut(&Vector, &mut Vector) -> Result<()> + 'static,
    {
        self.check_loan("Mat::set_operation_mult_transpose")?;
        const CTX: &str = "Mat::set_operation_mult_transpose";
        if self.is_shell()? {
            return self.set_mult_transpose(mult_transpose);
        }
        self.check_no_views(CTX)?;
        let f: Box<ShellFnMut> = Box::new(mult_transpose);
        let kind = CallbackKind::MatOperationMultTranspose;
        // SAFETY: live matrix; the closure is kept with it (a running product keeps its
        // own share of the closure it replaces).
        unsafe { attach(&self.petsc, self.ptr as sys::PetscObject, kind, f) }?;
        let f = ShellOp::Apply(operation_mult_transpose).erased();
        // SAFETY: live matrix; the trampoline has MATOP_MULT_TRANSPOSE's signature.
        check(unsafe {
            sys::MatSetOperation(self.ptr, sys::MatOperation::MATOP_MULT_TRANSPOSE, Some(f))
        })
    }

    /// Sets the closure computing `y = A^T x` of a shell matrix made by
    /// [`shell`](Self::shell), replacing any earlier one.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// // A = [[0, 1], [0, 0]]: A x = (x_1, 0), A^T x = (0, x_0).
    /// let mut a = petsc::Mat::shell(&c).sizes(petsc::Sizes::local(2, 2)).build(|x, y| {
    ///     let x1 = x.view()?[1];
    ///     y.view_mut()?.copy_from_slice(&[x1, 0.0]);
    ///     Ok(())
    /// })?;
    /// a.set_mult_transpose(|x, y| {
    ///     let x0 = x.view()?[0];
    ///     y.view_mut()?.copy_from_slice(&[0.0, x0]);
    ///     Ok(())
    /// })?;
    /// let x = petsc::Vector::from_slice(&c, &[3.0, 4.0])?;
    /// let mut y = x.duplicate()?;
    /// a.mult_transpose(&x, &mut y)?;
    /// assert_eq!(&*y.view()?, &[0.0, 3.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    pub fn set_mult_transpose<G>(&mut self, mult_transpose: G) -> Result<()>
    where
        G: FnMut(&Vector, &mut Vector) -> Result<()> + 'static,
    {
        self.check_loan("Mat::set_mult_transpose")?;
        if !self.is_shell()? {
            return Err(Error::invalid(
                "Mat::set_mult_transpose",
                "not a shell matrix (make one with Mat::shell)",
            ));
        }
        let f: Box<ShellFnMut> = Box::new(mult_transpose);
        // SAFETY: live shell matrix; the closure is kept with it (a running transpose
        // product keeps its own share of the closure it replaces).
        unsafe {
            attach(
                &self.petsc,
                self.ptr as sys::PetscObject,
                CallbackKind::MatShellMultTranspose,
                f,
            )
        }?;
        set_shell_op(
            self.ptr,
            sys::MatOperation::MATOP_MULT_TRANSPOSE,
            ShellOp::Apply(shell_mult_transpose),
        )
    }

    /// Keeps `f` with this shell matrix under `kind` and sets operation `op` to `tramp`
    /// (an `Err` unless the matrix is a shell made by [`shell`](Self::shell)).
    fn set_shell_closure<F: ?Sized + 'static>(
        &mut self,
        context: &str,
        (kind, op, tramp): (CallbackKind, sys::MatOperation, ShellOp),
        f: Box<F>,
    ) -> Result<()> {
        if !self.is_shell()? {
            return Err(Error::invalid(
                context,
                "not a shell matrix (make one with Mat::shell)",
            ));
        }
        // SAFETY: live shell matrix; the closure is kept with it (replacing an earlier
        // one of the kind; a running one keeps its own share).
        unsafe { attach(&self.petsc, self.ptr as sys::PetscObject, kind, f) }?;
        set_shell_op(self.ptr, op, tramp)
    }

    /// Sets the closure computing `z = y + A x` of a shell matrix
    /// (`MATOP_MULT_ADD`); without it PETSc computes `A x` with the product closure and
    /// adds `y`. When PETSc asks for it in place (`MatMultAdd(A, x, y, y)`), `y` is a
    /// copy of `z`'s old value.
    ///
    /// ```
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let mut a = petsc::Mat::shell(&c).sizes(petsc::Sizes::local(2, 2)).build(|x, y| {
    ///     y.copy_from(x)?;
    ///     y.scale(3.0)
    /// })?;
    /// a.set_shell_mult_add(|x, y, z| {
    ///     z.copy_from(y)?;
    ///     z.axpy(3.0, x) // z = y + 3 x
    /// })?;
    /// let x = petsc::Vector::from_slice(&c, &[1.0, 2.0])?;
    /// let y = petsc::Vector::from_slice(&c, &[10.0, 20.0])?;
    /// let mut z = x.duplicate()?;
    /// a.mult_add(&x, &y, &mut z)?;
    /// assert_eq!(&*z.view()?, &[13.0, 26.0]);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatShellSetOperation")]
    pub fn set_shell_mult_add<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(&Vector, &Vector, &mut Vector) -> Result<()> + 'static,
    {
        self.check_loan("Mat::set_shell_mult_add")?;
        let f: Box<ShellAddFnMut> = Box::new(f);
        let how = (
            CallbackKind::MatShellMultAdd,
            sys::MatOperation::MATOP_MULT_ADD,
            ShellOp::ApplyAdd(shell_mult_add),
        );
        self.set_shell_closure("Mat::set_shell_mult_add", how, f)
    }

    /// Sets the closure computing `z = y + A^T x` of a shell matrix
    /// (`MATOP_MULT_TRANSPOSE_ADD`), as [`set_shell_mult_add`](Self::set_shell_mult_add).
    #[doc(alias = "MatShellSetOperation")]
    pub fn set_shell_mult_transpose_add<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(&Vector, &Vector, &mut Vector) -> Result<()> + 'static,
    {
        self.check_loan("Mat::set_shell_mult_transpose_add")?;
        let f: Box<ShellAddFnMut> = Box::new(f);
        let how = (
            CallbackKind::MatShellMultTransposeAdd,
            sys::MatOperation::MATOP_MULT_TRANSPOSE_ADD,
            ShellOp::ApplyAdd(shell_mult_transpose_add),
        );
        self.set_shell_closure("Mat::set_shell_mult_transpose_add", how, f)
    }

    /// Sets the closure writing the diagonal of a shell matrix into `d`
    /// (`MATOP_GET_DIAGONAL`): [`get_diagonal`](Self::diagonal_into) and the
    /// preconditioners that need the diagonal (`jacobi`, Chebyshev's estimates) call
    /// it. PETSc adds the shell's own shift and scaling (`shift`, `scale`) to what it
    /// writes.
    ///
    /// ```
    /// use petsc::{Ksp, KspType, Mat, PcType, Sizes, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// // A = diag(1, 2, ..., 10), matrix-free, solved by CG with Jacobi: one iteration.
    /// let mut a = Mat::shell(&c).sizes(Sizes::local(10, 10)).build(|x, y| {
    ///     let x = x.view()?;
    ///     let mut y = y.view_mut()?;
    ///     for i in 0..10 {
    ///         y[i] = x[i] * (i + 1) as f64;
    ///     }
    ///     Ok(())
    /// })?;
    /// a.set_shell_get_diagonal(|d| {
    ///     let mut d = d.view_mut()?;
    ///     for i in 0..10 {
    ///         d[i] = (i + 1) as f64;
    ///     }
    ///     Ok(())
    /// })?;
    /// let mut ksp = Ksp::new(&c)?;
    /// ksp.set_operators(&a, &a)?;
    /// ksp.set_type(KspType::Cg)?;
    /// ksp.pc()?.set_type(PcType::Jacobi)?;
    /// let b = Vector::from_slice(&c, &[1.0; 10])?;
    /// let mut x = b.duplicate()?;
    /// ksp.solve(&b, &mut x)?.check()?;
    /// assert_eq!(ksp.iteration_number()?, 1);
    /// assert!((x.view()?[9] - 0.1).abs() < 1e-12);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatShellSetOperation")]
    pub fn set_shell_get_diagonal<F>(&mut self, f: F) -> Result<()>
    where
        F: FnMut(&mut Vector) -> Result<()> + 'static,
    {
        self.check_loan("Mat::set_shell_get_diagonal")?;
        let f: Box<ShellDiagonalFnMut> = Box::new(f);
        let how = (
            CallbackKind::MatShellGetDiagonal,
            sys::MatOperation::MATOP_GET_DIAGONAL,
            ShellOp::Diagonal(shell_get_diagonal),
        );
        self.set_shell_closure("Mat::set_shell_get_diagonal", how, f)
    }

    /// Whether the matrix is a `MATSHELL`.
    pub(super) fn is_shell(&self) -> Result<bool> {
        self.has_type(sys::MATSHELL)
    }

    /// Whether the matrix has exactly the type `name`, one of the sys crate's
    /// NUL-terminated type names (`sys::MATNEST`, ...).
    pub(super) fn has_type(&self, name: &[u8]) -> Result<bool> {
        debug_assert_eq!(name.last(), Some(&0), "a NUL-terminated type name");
        let mut same = sys::PETSC_BOOL_FALSE;
        // SAFETY: live matrix; `name` is one of the NUL-terminated type names.
        check(unsafe {
            sys::PetscObjectTypeCompare(
                self.ptr as sys::PetscObject,
                name.as_ptr() as *const _,
                &mut same,
            )
        })?;
        Ok(same == sys::PETSC_BOOL_TRUE)
    }
}
