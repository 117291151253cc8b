//! The matrices a Jacobian closure fills (SNES and TS Jacobians, TAO Hessians and
//! residual Jacobians, KSP operators computed on a grid): one type for every class.

use petsc_sys as sys;

use crate::error::Result;
use crate::init::Petsc;
use crate::mat::Mat;

/// The matrices a Jacobian closure fills: `pre`, the matrix the preconditioner is built
/// from (PETSc's `P`, always there), and `op`, the operator `A` when it is a different
/// matrix.
///
/// PETSc calls the Jacobian routine with `(A, P)`, and they are very often the same
/// matrix. Handing a closure two `&mut Mat` that may be one PETSc object invites filling
/// it twice (and `ADD_VALUES` would then double), so the closure gets this one value
/// instead: fill [`pre`](Self::pre); look at [`op`](Self::op) only to treat a distinct
/// operator (`None` when `A` is `P`). Under `-snes_mf_operator` the operator is PETSc's
/// matrix-free `MATMFFD`, which the trampoline assembles after the closure returns (that
/// sets its base point), so closures written for an assembled Jacobian need no change.
///
/// ```
/// let petsc = petsc::Petsc::init()?;
/// let c = petsc.self_comm();
/// let mut snes = petsc::Snes::new(&c)?;
/// snes.set_function(petsc::Vector::new_seq(&c, 1)?, |x, f| {
///     let x0 = x.view()?[0];
///     f.view_mut()?[0] = x0 * x0 * x0 - 8.0;
///     Ok(())
/// })?;
/// let j = petsc::Mat::aij(&c).sizes(petsc::Sizes::global(1, 1)).preallocate(1, 0).build()?;
/// snes.set_jacobian(&j, None, |x, jac| {
///     assert!(jac.is_same() && jac.op().is_none());
///     let x0 = x.view()?[0];
///     jac.pre().set_value(0, 0, 3.0 * x0 * x0, petsc::InsertMode::Insert)?;
///     jac.pre().assemble()
/// })?;
/// let mut x = petsc::Vector::from_slice(&c, &[1.0])?;
/// snes.solve(None, &mut x)?.check()?;
/// assert!((x.view()?[0] - 2.0).abs() < 1e-8);
/// # Ok::<(), petsc::Error>(())
/// ```
#[derive(Debug)]
pub struct JacobianMats {
    pub(crate) pre: Mat,
    pub(crate) op: Option<Mat>,
}

impl JacobianMats {
    /// The matrix to fill: the one the preconditioner is built from (`P`), which is also
    /// the operator when [`is_same`](Self::is_same).
    pub fn pre(&mut self) -> &mut Mat {
        &mut self.pre
    }

    /// The operator `A` when it is not the same PETSc matrix as `P` (`-snes_mf_operator`,
    /// or a distinct matrix given to [`Snes::set_jacobian`](crate::Snes::set_jacobian)); `None` otherwise.
    pub fn op(&mut self) -> Option<&mut Mat> {
        self.op.as_mut()
    }

    /// Runs `body` on PETSc's `(A, P)` of a Jacobian routine's call, lent to it (see
    /// [`Mat::from_raw_lent`]); an error if `body` replaced either matrix instead of
    /// filling it.
    ///
    /// # Safety
    /// `p` must be a live matrix, and `a` live or null.
    pub(crate) unsafe fn lend<R>(
        petsc: &Petsc,
        a: sys::Mat,
        p: sys::Mat,
        body: impl FnOnce(&mut JacobianMats) -> Result<R>,
    ) -> Result<R> {
        // SAFETY: the caller guarantees live matrices, lent for the call.
        let pre = unsafe { Mat::from_raw_scoped(petsc, p) }?;
        let op = if a != p && !a.is_null() {
            // SAFETY: as above.
            Some(unsafe { Mat::from_raw_scoped(petsc, a) }?)
        } else {
            None
        };
        let mut mats = JacobianMats { pre, op };
        let r = body(&mut mats)?;
        mats.pre.written_in_place(p)?;
        if let Some(op) = &mats.op {
            op.written_in_place(a)?;
        }
        Ok(r)
    }

    /// Whether `A` and `P` are the same matrix.
    pub fn is_same(&self) -> bool {
        self.op.is_none()
    }

    /// Both at once: `(P, A if distinct)`.
    pub fn split(&mut self) -> (&mut Mat, Option<&mut Mat>) {
        (&mut self.pre, self.op.as_mut())
    }
}

/// The raw `(A, P)` of a Jacobian's matrices handed to a solver that keeps them (`p`
/// `None`: `A` again); a lent matrix is refused in `ctx` (the solver would keep it past
/// its loan).
pub(crate) fn kept_pair(ctx: &str, a: &Mat, p: Option<&Mat>) -> Result<(sys::Mat, sys::Mat)> {
    let a_raw = a.kept_raw(ctx)?;
    let p_raw = match p {
        Some(p) => p.kept_raw(ctx)?,
        None => a_raw,
    };
    Ok((a_raw, p_raw))
}
