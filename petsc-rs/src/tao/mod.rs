//! Optimization solvers (`Tao`): minimize an objective given by Rust closures, with or
//! without bounds on the variables, with first- or second-order methods, derivative-free
//! methods, or least-squares methods.
//!
//! The closures (objective, gradient, Hessian, residual, Jacobian) are owned by the
//! [`Tao`] handle and dropped after the PETSc object is destroyed; monitors are owned by
//! the PETSc object and dropped by its destroy hook. An `Err` or a panic in any of them
//! ends the solve, and [`Tao::solve`] returns it ([`Error::Callback`] or
//! [`Error::CallbackPanic`], naming the callback); the solver can be used again.
//!
//! - `mod.rs`: the [`Tao`] handle, its creation, the [`TaoType`] names and the size
//!   checks shared by the other files;
//! - `reason.rs`: why a solve stopped ([`TaoConvergedReason`]) and where it stands
//!   ([`TaoState`]);
//! - `objective.rs`: the objective, gradient, Hessian, residual and Jacobian closures,
//!   with their trampolines and size checks;
//! - `bounds.rs`: bounds on the variables;
//! - `tolerances.rs`: tolerances, iteration and evaluation limits, the objective's lower
//!   bound;
//! - `monitor.rs`: monitors called at every iteration;
//! - `solve.rs`: the initial guess and solution, readiness checks, `solve` and what it
//!   leaves, and evaluations of the objective and gradient at a point;
//! - `settings.rs`: iteration counters, trust-region radius, constraint tolerances and
//!   the vectors and matrices the solver holds;
//! - `convergence.rs`: a custom convergence test, the update closure and the history;
//! - `constraints.rs`: general, equality and inequality constraints with their
//!   Jacobians, and a routine computing the variable bounds;
//! - `evaluate.rs`: the `TaoCompute*` evaluations of every routine at a given point;
//! - `line_search.rs`: line searches, the one a method uses or a standalone one;
//! - `subsolvers.rs`: quasi-Newton matrices and the sub-solvers of `brgn` and `almm`;
//! - `unwind.rs`: what a solve ended by an error leaves open, balanced again.

use petsc_sys as sys;

use crate::comm::Comm;
use crate::error::{Error, Result, check};
use crate::mat::Mat;
use crate::object::{petsc_handle, type_enum};
use crate::scalar::Int;
mod bounds;
mod clear;
mod constraints;
mod convergence;
mod evaluate;
mod implement;
mod line_search;
mod monitor;
mod objective;
mod reason;
mod settings;
mod solve;
mod subsolvers;
#[cfg(petsc_3_25)]
mod terms;
mod tolerances;
mod unwind;

pub use convergence::TaoHistoryEntry;
pub use implement::TaoImpl;
pub use line_search::{TaoLineSearch, TaoLineSearchConvergedReason, TaoLineSearchType};
#[cfg(petsc_3_22)]
pub use settings::TaoBncgType;
pub use subsolvers::TaoAlmmType;
#[cfg(petsc_3_25)]
pub use terms::TaoObjectiveTerm;
pub use tolerances::TaoTolerances;

petsc_handle!(
    /// A PETSc optimization solver (`Tao`): minimizes `f(x)`, optionally subject to
    /// bounds `lower <= x <= upper`.
    ///
    /// ```
    /// use petsc::{Tao, TaoType, Vector};
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// // f(x) = (x0 - 1)^2 + 10 (x1 + 2)^2, minimum at (1, -2).
    /// let x = Vector::from_slice(&c, &[0.0, 0.0])?;
    /// let mut tao = Tao::new(&c)?;
    /// tao.set_type(TaoType::Lmvm)?;
    /// tao.set_solution(&x)?;
    /// tao.set_objective_and_gradient(|x, g| {
    ///     let (a, b) = { let v = x.view()?; (v[0] - 1.0, v[1] + 2.0) };
    ///     g.view_mut()?.copy_from_slice(&[2.0 * a, 20.0 * b]);
    ///     Ok(a * a + 10.0 * b * b)
    /// })?;
    /// tao.set_tolerances(petsc::TaoTolerances { gatol: Some(1e-10), grtol: Some(0.0), ..Default::default() })?;
    /// tao.set_from_options()?; // -tao_type, -tao_monitor, -tao_gatol, ... still apply
    /// tao.solve()?.check()?;
    /// let v = x.view()?;
    /// assert!((v[0] - 1.0).abs() < 1e-8 && (v[1] + 2.0).abs() < 1e-8);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    Tao,
    sys::Tao,
    sys::TaoDestroy
);

type_enum!(
/// Optimization methods (`TaoType`); [`TaoType::Other`] names any registered type.
///
/// ```
/// use petsc::TaoType;
/// assert_eq!(TaoType::Lmvm.as_str(), "lmvm");
/// assert_eq!(TaoType::from_name("brgn"), TaoType::Brgn);
/// assert_eq!("bqnktr".parse::<TaoType>().unwrap(), TaoType::Bqnktr);
/// assert_eq!(TaoType::from_name("mine"), TaoType::Other("mine".into()));
/// ```
TaoType {
        Lmvm = "lmvm" "`TAOLMVM`: limited-memory quasi-Newton (BFGS) with line search (the \
            default).",
        Nls = "nls" "`TAONLS`: Newton line search; needs a Hessian.",
        Ntr = "ntr" "`TAONTR`: Newton trust region; needs a Hessian.",
        Ntl = "ntl" "`TAONTL`: Newton trust region with line search; needs a Hessian.",
        Cg = "cg" "`TAOCG`: nonlinear conjugate gradients.",
        Tron = "tron" "`TAOTRON`: bound-constrained Newton trust region; needs a Hessian.",
        Owlqn = "owlqn" "`TAOOWLQN`: orthant-wise limited-memory quasi-Newton (L1-regularized \
            problems).",
        Bmrm = "bmrm" "`TAOBMRM`: bundle method for regularized risk minimization.",
        Blmvm = "blmvm" "`TAOBLMVM`: bound-constrained limited-memory quasi-Newton.",
        Bqnls = "bqnls" "`TAOBQNLS`: bound-constrained quasi-Newton line search.",
        Bncg = "bncg" "`TAOBNCG`: bound-constrained nonlinear conjugate gradients.",
        Bnls = "bnls" "`TAOBNLS`: bound-constrained Newton line search; needs a Hessian.",
        Bntr = "bntr" "`TAOBNTR`: bound-constrained Newton trust region; needs a Hessian.",
        Bntl = "bntl" "`TAOBNTL`: bound-constrained Newton trust region with line search; needs a \
            Hessian.",
        Bqnkls = "bqnkls" "`TAOBQNKLS`: bound-constrained quasi-Newton-Krylov line search.",
        Bqnktr = "bqnktr" "`TAOBQNKTR`: bound-constrained quasi-Newton-Krylov trust region.",
        Bqnktl = "bqnktl" "`TAOBQNKTL`: bound-constrained quasi-Newton-Krylov trust region with \
            line search.",
        Bqpip = "bqpip" "`TAOBQPIP`: interior point for bound-constrained quadratic problems; \
            needs a Hessian.",
        Gpcg = "gpcg" "`TAOGPCG`: gradient projection CG for bound-constrained quadratic \
            problems; needs a Hessian.",
        Nm = "nm" "`TAONM`: Nelder-Mead simplex; needs only the objective.",
        Pounders = "pounders" "`TAOPOUNDERS`: derivative-free least squares; needs a residual.",
        Brgn = "brgn" "`TAOBRGN`: bounded regularized Gauss-Newton least squares; needs a \
            residual and its Jacobian.",
        Lcl = "lcl" "`TAOLCL`: linearly constrained augmented Lagrangian.",
        Ssils = "ssils" "`TAOSSILS`: semismooth infeasible method for complementarity problems.",
        Ssfls = "ssfls" "`TAOSSFLS`: semismooth feasible method for complementarity problems.",
        Asils = "asils" "`TAOASILS`: active-set infeasible method for complementarity problems.",
        Asfls = "asfls" "`TAOASFLS`: active-set feasible method for complementarity problems.",
        Ipm = "ipm" "`TAOIPM`: interior point for general constraints.",
        Pdipm = "pdipm" "`TAOPDIPM`: primal-dual interior point.",
        Shell = "shell" "`TAOSHELL`: a user-defined solver.",
        Admm = "admm" "`TAOADMM`: alternating direction method of multipliers.",
        Almm = "almm" "`TAOALMM`: augmented Lagrangian multiplier method.",
});

use objective::{VecFn, mat_callback, vec_callback};
use reason::status_of;
pub use reason::{TaoConvergedReason, TaoState};

/// Global and local sizes of a raw vector.
///
/// # Safety
/// `v` must be live.
unsafe fn vec_sizes(v: sys::Vec) -> Result<(Int, Int)> {
    let (mut n, mut l): (Int, Int) = (0, 0);
    // SAFETY: live vector (guaranteed by the caller).
    check(unsafe { sys::VecGetSize(v, &mut n) })?;
    // SAFETY: as above.
    check(unsafe { sys::VecGetLocalSize(v, &mut l) })?;
    Ok((n, l))
}

/// Global `(rows, cols)` and local `(rows, cols)` of a raw matrix.
///
/// # Safety
/// `m` must be live.
unsafe fn mat_sizes(m: sys::Mat) -> Result<((Int, Int), (Int, Int))> {
    let (mut gm, mut gn, mut lm, mut ln): (Int, Int, Int, Int) = (0, 0, 0, 0);
    // SAFETY: live matrix (guaranteed by the caller).
    check(unsafe { sys::MatGetSize(m, &mut gm, &mut gn) })?;
    // SAFETY: as above.
    check(unsafe { sys::MatGetLocalSize(m, &mut lm, &mut ln) })?;
    Ok(((gm, gn), (lm, ln)))
}

/// Refuses two vectors whose global or local sizes differ.
fn same_layout(context: &str, a: (&str, (Int, Int)), b: (&str, (Int, Int))) -> Result<()> {
    let ((an, (ag, al)), (bn, (bg, bl))) = (a, b);
    if ag != bg {
        return Err(Error::size_mismatch(
            context,
            format!("{an} has global size {ag} but {bn} has {bg}"),
        ));
    }
    if al != bl {
        return Err(Error::size_mismatch(
            context,
            format!("{an} has local size {al} but {bn} has {bl}"),
        ));
    }
    Ok(())
}

fn is_true(b: sys::PetscBool) -> bool {
    b == sys::PETSC_BOOL_TRUE
}

crate::class_methods! {
    Tao: TaoType, "Tao", sys::TaoList,
    example = "let mut obj = petsc::Tao::new(&petsc.self_comm())?;", a_type = "blmvm",
    inner = " and its inner solvers (KSP, PC, line search)",
    set_type = sys::TaoSetType as "TaoSetType",
    set_options_prefix = sys::TaoSetOptionsPrefix as "TaoSetOptionsPrefix",
    append_options_prefix = sys::TaoAppendOptionsPrefix as "TaoAppendOptionsPrefix",
    options_prefix = sys::TaoGetOptionsPrefix as "TaoGetOptionsPrefix",
    set_from_options = sys::TaoSetFromOptions as "TaoSetFromOptions",
}

impl Tao {
    /// Refuses a preconditioning matrix `p` of another size than the Jacobian's (`js`),
    /// and a Jacobian whose columns do not match the solution's size (once set).
    fn check_jacobian_sizes(&self, ctx: &str, js: (Int, Int), p: Option<&Mat>) -> Result<()> {
        if let Some(p) = p {
            // SAFETY: live matrix.
            let (ps, _) = unsafe { mat_sizes(p.ptr) }?;
            if ps != js {
                return Err(Error::size_mismatch(
                    ctx,
                    format!(
                        "the Jacobian is {} x {} but the preconditioning matrix is {} x {}",
                        js.0, js.1, ps.0, ps.1
                    ),
                ));
            }
        }
        let x = self.raw_solution()?;
        if !x.is_null() {
            // SAFETY: the solver holds `x`.
            let (n, _) = unsafe { vec_sizes(x) }?;
            if js.1 != n {
                return Err(Error::size_mismatch(
                    ctx,
                    format!(
                        "the Jacobian has {} columns but the solution has global size {n}",
                        js.1
                    ),
                ));
            }
        }
        Ok(())
    }

    /// A new solver on `comm` (`TaoCreate`). No method is chosen yet: [`solve`]
    /// uses PETSc's default (`lmvm`) unless [`set_type`] or [`set_from_options`] chose
    /// one.
    ///
    /// [`solve`]: Self::solve
    /// [`set_type`]: Self::set_type
    /// [`set_from_options`]: Self::set_from_options
    #[doc(alias = "TaoCreate")]
    pub fn new(comm: &Comm) -> Result<Tao> {
        let mut tao: sys::Tao = std::ptr::null_mut();
        // SAFETY: live communicator; PETSc writes the new object.
        check(unsafe { sys::TaoCreate(comm.as_raw(), &mut tao) })?;
        Ok(Tao::from_raw(comm.petsc(), tao))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::CStr;

    #[test]
    fn type_names_round_trip() {
        for n in TaoType::NAMES {
            let t = TaoType::from_name(n);
            assert!(!matches!(t, TaoType::Other(_)), "{n}");
            assert_eq!(t.as_str(), *n);
        }
        let c = |b: &[u8]| {
            CStr::from_bytes_with_nul(b)
                .unwrap()
                .to_str()
                .unwrap()
                .to_owned()
        };
        assert_eq!(TaoType::Lmvm.as_str(), c(sys::TAOLMVM));
        assert_eq!(TaoType::Brgn.as_str(), c(sys::TAOBRGN));
        assert_eq!(TaoType::Bqnktr.as_str(), c(sys::TAOBQNKTR));
        assert_eq!(TaoType::Almm.as_str(), c(sys::TAOALMM));
    }
}
