//! Krylov solvers (`KSP`): set operators, pick a method and a preconditioner (in code or
//! from the options database), solve, and inspect how the solve ended.
//!
//! - `mod.rs`: the [`Ksp`] handle, its creation and the [`KspType`] names;
//! - `reason.rs`: why a solve stopped ([`KspConvergedReason`]);
//! - `settings.rs`: tolerances, preconditioner side and norm ([`PcSide`], [`KspNormType`]),
//!   initial guesses, eigenvalue estimates and the application context;
//! - `solve.rs`: operators, `solve` and `solve_transpose` with their checks, the state a
//!   failed solve is recovered from, and the solution and residual of the last solve;
//! - `monitor.rs`: monitors, the residual history and the iteration state a monitor or a
//!   shell method records;
//! - `grid.rs`: solving on a DMDA, with operators and right-hand sides computed by closures;
//! - `hooks.rs`: the convergence test and the pre- and post-solve closures;
//! - `shell.rs`: shell KSPs, a solve written in Rust;
//! - `block.rs`: many right-hand sides at once and vectors laid out for the solver;
//! - `of_lmvm.rs`: the linear solver of a quasi-Newton matrix's initial Jacobian.

use petsc_sys as sys;

use crate::comm::Comm;
use crate::error::{Result, check};
use crate::object::{petsc_handle, type_enum};

mod block;
mod grid;
mod hooks;
mod implement;
mod monitor;
mod of_lmvm;
mod reason;
mod recover;
mod settings;
mod setup_check;
mod shell;
mod solve;

pub use hooks::ConvergenceTest;
pub use implement::KspImpl;
#[allow(deprecated)]
pub use reason::ConvergedReason;
pub use reason::KspConvergedReason;
pub(crate) use recover::{SolveGuard, recover_ksp};
pub use settings::{KspNormType, KspTolerances, PcSide};
pub(crate) use setup_check::check_mg_set_up;

petsc_handle!(
    /// A PETSc Krylov solver (`KSP`) for `A x = b`.
    ///
    /// ```
    /// use petsc::{InsertMode, Ksp, KspType, Mat, PcType, Sizes};
    /// let petsc = petsc::Petsc::init()?;
    /// let world = petsc.world();
    /// // 1D Laplacian, exact solution all ones.
    /// let n = 10;
    /// let mut a = Mat::aij(&world).sizes(Sizes::global(n, n)).preallocate(3, 2).build()?;
    /// for i in a.ownership_range()? {
    ///     for (j, v) in [(i - 1, -1.0), (i, 2.0), (i + 1, -1.0)] {
    ///         if (0..n).contains(&j) {
    ///             a.set_values(&[i], &[j], &[v], InsertMode::Insert)?;
    ///         }
    ///     }
    /// }
    /// a.assemble()?;
    /// let (mut x, mut b) = a.create_vecs()?;
    /// x.set(1.0)?;
    /// a.mult(&x, &mut b)?;
    /// x.set(0.0)?;
    ///
    /// let mut ksp = Ksp::new(&world)?;
    /// ksp.set_operators(&a, &a)?;
    /// ksp.set_type(KspType::Cg)?;
    /// ksp.pc()?.set_type(PcType::Jacobi)?;
    /// ksp.set_tolerances(petsc::KspTolerances { rtol: Some(1e-10), max_it: Some(100), ..Default::default() })?;
    /// ksp.set_from_options()?; // -ksp_type, -pc_type, -ksp_monitor, ... still apply
    /// ksp.solve(&b, &mut x)?.check()?;
    /// x.shift(-1.0)?;
    /// assert!(x.norm(petsc::NormType::Infinity)? < 1e-8);
    /// # Ok::<(), petsc::Error>(())
    /// ```
    Ksp,
    sys::KSP,
    sys::KSPDestroy
);

type_enum!(
/// Krylov methods (`KSPType`); [`KspType::Other`] names any registered type.
///
/// ```
/// use petsc::KspType;
/// assert_eq!(KspType::Gmres.as_str(), "gmres");
/// assert_eq!(KspType::from_name("bcgs"), KspType::Bcgs);
/// assert_eq!(KspType::from_name("mine"), KspType::Other("mine".into()));
/// assert_eq!("cg".parse::<KspType>().unwrap(), KspType::Cg);
/// assert_eq!(KspType::Preonly.to_string(), "preonly");
/// ```
KspType {
        Richardson = "richardson" "`KSPRICHARDSON`: preconditioned Richardson iteration.",
        Chebyshev = "chebyshev" "`KSPCHEBYSHEV`: Chebyshev iteration.",
        Cg = "cg" "`KSPCG`: conjugate gradients (symmetric positive definite).",
        Pipecg = "pipecg" "`KSPPIPECG`: pipelined conjugate gradients.",
        Cgne = "cgne" "`KSPCGNE`: CG on the normal equations.",
        Fcg = "fcg" "`KSPFCG`: flexible CG.",
        Gmres = "gmres" "`KSPGMRES`: restarted GMRES (PETSc's default).",
        Fgmres = "fgmres" "`KSPFGMRES`: flexible GMRES (variable preconditioners).",
        Lgmres = "lgmres" "`KSPLGMRES`: augmented GMRES.",
        Dgmres = "dgmres" "`KSPDGMRES`: deflated GMRES.",
        Pgmres = "pgmres" "`KSPPGMRES`: pipelined GMRES.",
        Tcqmr = "tcqmr" "`KSPTCQMR`: transpose-free QMR (Chan's variant).",
        Bcgs = "bcgs" "`KSPBCGS`: BiCGStab.",
        Ibcgs = "ibcgs" "`KSPIBCGS`: improved BiCGStab.",
        Bcgsl = "bcgsl" "`KSPBCGSL`: BiCGStab(L).",
        Cgs = "cgs" "`KSPCGS`: conjugate gradient squared.",
        Tfqmr = "tfqmr" "`KSPTFQMR`: transpose-free QMR.",
        Cr = "cr" "`KSPCR`: conjugate residuals.",
        Lsqr = "lsqr" "`KSPLSQR`: least squares.",
        Preonly = "preonly" "`KSPPREONLY`: apply the preconditioner once (direct solves).",
        Bicg = "bicg" "`KSPBICG`: biconjugate gradients.",
        Minres = "minres" "`KSPMINRES`: minimum residual (symmetric indefinite).",
        Symmlq = "symmlq" "`KSPSYMMLQ`: SYMMLQ.",
        Gcr = "gcr" "`KSPGCR`: generalized conjugate residuals.",
        Cgls = "cgls" "`KSPCGLS`: CG for least squares.",
});

crate::class_methods! {
    Ksp: KspType, "KSP", sys::KSPList,
    example = "let mut obj = petsc::Ksp::new(&petsc.self_comm())?;", a_type = "bcgs",
    inner = " and its preconditioner",
    set_type = sys::KSPSetType as "KSPSetType",
    set_options_prefix = sys::KSPSetOptionsPrefix as "KSPSetOptionsPrefix",
    append_options_prefix = sys::KSPAppendOptionsPrefix as "KSPAppendOptionsPrefix",
    options_prefix = sys::KSPGetOptionsPrefix as "KSPGetOptionsPrefix",
    set_from_options = sys::KSPSetFromOptions as "KSPSetFromOptions",
}

impl Ksp {
    /// A new solver on `comm` (`KSPCreate`); PETSc's default is GMRES with ILU (one
    /// process) or block Jacobi + ILU (several).
    #[doc(alias = "KSPCreate")]
    pub fn new(comm: &Comm) -> Result<Ksp> {
        let mut ksp: sys::KSP = std::ptr::null_mut();
        // SAFETY: live communicator; PETSc writes the new object.
        check(unsafe { sys::KSPCreate(comm.as_raw(), &mut ksp) })?;
        Ok(Ksp::from_raw(comm.petsc(), ksp))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::CStr;

    #[test]
    fn type_names_round_trip() {
        for n in KspType::NAMES {
            let t = KspType::from_name(n);
            assert!(!matches!(t, KspType::Other(_)), "{n}");
            assert_eq!(t.as_str(), *n);
        }
        let c = |b: &[u8]| {
            CStr::from_bytes_with_nul(b)
                .unwrap()
                .to_str()
                .unwrap()
                .to_owned()
        };
        assert_eq!(KspType::Gmres.as_str(), c(sys::KSPGMRES));
        assert_eq!(KspType::Cg.as_str(), c(sys::KSPCG));
        assert_eq!(KspType::Bcgs.as_str(), c(sys::KSPBCGS));
        assert_eq!(KspType::Preonly.as_str(), c(sys::KSPPREONLY));
        assert_eq!(KspType::Minres.as_str(), c(sys::KSPMINRES));
    }
}
