//! PETSc types written in Rust: a Krylov method and a preconditioner registered by name
//! and chosen by options, as PETSc's own (and petsc4py's Python types) are.
//!
//! The problem is the 2D Poisson equation
//!
//! ```text
//! -Laplacian u = 2 (x (1 - x) + y (1 - y)) on (0, 1)^2,  u = 0 on the boundary,
//! ```
//!
//! whose solution `u = x (1 - x) y (1 - y)` the 5-point finite differences on a DMDA
//! reproduce at the grid points (so the error printed is the solver's alone)
//! (33 x 33 unless `-da_grid_x`, `-da_grid_y` or `-da_refine` say otherwise). The solver
//! gets the grid and closures computing the operator and the right-hand side on it
//! (`KSPSetComputeOperators`, `KSPSetComputeRHS`), so multigrid from the options
//! (`-pc_type mg -pc_mg_levels 3`) builds every level. The program registers three types
//! before it reads the options:
//!
//! - `rs_cg`: conjugate gradients, computed operation for operation as PETSc's `cg`
//!   (with each of its residual norms), so `-ksp_type rs_cg -pc_type rs_jacobi
//!   -ksp_monitor` prints the residual history of `-ksp_type cg -pc_type jacobi`;
//! - `rs_pipecg`: Ghysels and Vanroose's pipelined conjugate gradients, as PETSc's
//!   `pipecg`, whose reductions (`dot_begin`, `norm_begin`) travel in one message
//!   started before the preconditioner and the operator are applied, and end after;
//! - `rs_jacobi`: point Jacobi (`y = x / diag(A)`), which reads `-pc_rs_jacobi_scale`
//!   (listed by `-help`) and prints it in `-ksp_view`.
//!
//! They are chosen anywhere in a solver, as PETSc's types are:
//!
//! ```text
//! rust_types -ksp_type rs_cg -pc_type rs_jacobi -ksp_monitor
//! rust_types -ksp_type cg -pc_type mg -pc_mg_levels 3 -mg_levels_pc_type rs_jacobi
//! rust_types -ksp_type rs_pipecg -pc_type jacobi -ksp_view
//! ```
//!
//! The program prints the iterations and the error against the exact solution.

use std::process::ExitCode;

use petsc::{
    Da, InsertMode, Ksp, KspConvergedReason as Reason, KspImpl, KspNormType, NormType, Object,
    OptionsBlock, Pc, PcImpl, PcSide, Petsc, Real, Result, Scalar, Stencil, Vector, Viewer, G,
};
use petsc_examples::{modulus, real, scalar};

/// Conjugate gradients as PETSc's `cg` computes them (`KSPSolve_CG`), with its residual
/// norms: preconditioned (the default), unpreconditioned, natural or none.
#[derive(Default)]
struct RsCg {
    /// `r`, `z` and `p` (`z` also holds `w = A p`).
    work: Option<[Vector; 3]>,
}

impl KspImpl for RsCg {
    fn supported_norms(&self) -> Vec<(KspNormType, PcSide, petsc::Int)> {
        vec![
            (KspNormType::Preconditioned, PcSide::Left, 3),
            (KspNormType::Unpreconditioned, PcSide::Left, 2),
            (KspNormType::Natural, PcSide::Left, 2),
            (KspNormType::None, PcSide::Left, 1),
        ]
    }

    fn set_up(&mut self, ksp: &mut Ksp) -> Result<()> {
        let v = ksp.operators()?.0.create_vecs()?.0;
        self.work = Some([v.duplicate()?, v.duplicate()?, v]);
        Ok(())
    }

    fn reset(&mut self, _: &mut Ksp) -> Result<()> {
        self.work = None;
        Ok(())
    }

    fn solve(&mut self, ksp: &mut Ksp, b: &Vector, x: &mut Vector) -> Result<()> {
        let [r, z, p] = self.work.as_mut().expect("KSPSetUp made the work vectors");
        let a = ksp.operators()?.0;
        let pc = ksp.pc()?;
        let norm_type = ksp.norm_type()?;
        let max_it = ksp.tolerances()?.max_it.unwrap_or(10_000);
        if ksp.initial_guess_nonzero()? {
            a.mult(x, r)?; // r = b - A x
            r.aypx(scalar(-1.0), b)?;
        } else {
            r.copy_from(b)?;
        }
        let mut beta = scalar(0.0);
        // The residual norm of the solver's kind; `z = B r` where the norm needs it.
        let norm = |r: &Vector, z: &mut Vector, beta: &mut Scalar| -> Result<Real> {
            Ok(match norm_type {
                KspNormType::Preconditioned => {
                    pc.apply(r, z)?;
                    z.norm(NormType::Two)?
                }
                KspNormType::Unpreconditioned => r.norm(NormType::Two)?,
                KspNormType::Natural => {
                    pc.apply(r, z)?;
                    *beta = z.dot(r)?;
                    modulus(*beta).sqrt()
                }
                _ => 0.0,
            })
        };
        let mut dp = norm(r, z, &mut beta)?;
        if let Some(reason) = record(ksp, 0, dp)? {
            return ksp.set_converged_reason(reason);
        }
        if !matches!(
            norm_type,
            KspNormType::Preconditioned | KspNormType::Natural
        ) {
            pc.apply(r, z)?;
        }
        if norm_type != KspNormType::Natural {
            beta = z.dot(r)?;
        }
        let (mut betaold, mut dpiold) = (scalar(1.0), scalar(0.0));
        let mut i = 0;
        loop {
            ksp.set_iteration_number(i + 1)?;
            if beta == scalar(0.0) {
                return ksp.set_converged_reason(Reason::ConvergedAtol);
            }
            if i > 0 && real(beta) * real(betaold) < 0.0 {
                return ksp.set_converged_reason(Reason::DivergedIndefinitePc);
            }
            if i == 0 {
                p.copy_from(z)?;
            } else {
                p.aypx(beta / betaold, z)?; // p = z + (beta / betaold) p
            }
            a.mult(p, z)?; // w = A p, in z
            let dpi = p.dot(z)?;
            betaold = beta;
            if dpi == scalar(0.0) || (i > 0 && real(dpi).signum() * real(dpiold).signum() < 0.0) {
                return ksp.set_converged_reason(Reason::DivergedIndefiniteMat);
            }
            dpiold = dpi;
            let alpha = beta / dpi;
            x.axpy(alpha, p)?;
            r.axpy(-alpha, z)?;
            dp = norm(r, z, &mut beta)?;
            if let Some(reason) = record(ksp, i + 1, dp)? {
                return ksp.set_converged_reason(reason);
            }
            if !matches!(
                norm_type,
                KspNormType::Preconditioned | KspNormType::Natural
            ) {
                pc.apply(r, z)?;
            }
            if norm_type != KspNormType::Natural {
                beta = z.dot(r)?;
            }
            i += 1;
            if i >= max_it {
                return ksp.set_converged_reason(Reason::DivergedIts);
            }
        }
    }
}

/// What every iteration of a PETSc method does with its residual norm: keep it, record
/// it, run the monitors and the convergence test; the test's verdict once it has one
/// (a norm that is not a number ends the solve, as PETSc's `KSPCheckNorm` does).
fn record(ksp: &mut Ksp, it: petsc::Int, norm: Real) -> Result<Option<Reason>> {
    if !norm.is_finite() {
        return Ok(Some(Reason::DivergedNanOrInf));
    }
    ksp.set_residual_norm(norm)?;
    ksp.log_convergence_history(norm)?;
    ksp.run_monitors(it, norm)?;
    let reason = ksp.call_convergence_test(it, norm)?;
    Ok((reason != Reason::Iterating).then_some(reason))
}

/// Ghysels and Vanroose's pipelined conjugate gradients, as PETSc's `pipecg`: each
/// iteration begins its reductions, starts them (one message), applies the
/// preconditioner and the operator while they travel, and ends them.
#[derive(Default)]
struct RsPipeCg {
    /// `r, u, w, m, n, z, q, p, s`.
    work: Vec<Vector>,
}

impl KspImpl for RsPipeCg {
    fn supported_norms(&self) -> Vec<(KspNormType, PcSide, petsc::Int)> {
        vec![
            (KspNormType::Unpreconditioned, PcSide::Left, 2),
            (KspNormType::Preconditioned, PcSide::Left, 2),
            (KspNormType::Natural, PcSide::Left, 2),
            (KspNormType::None, PcSide::Left, 1),
        ]
    }

    fn set_up(&mut self, ksp: &mut Ksp) -> Result<()> {
        let v = ksp.operators()?.0.create_vecs()?.0;
        self.work = (0..9).map(|_| v.duplicate()).collect::<Result<_>>()?;
        Ok(())
    }

    fn reset(&mut self, _: &mut Ksp) -> Result<()> {
        self.work.clear();
        Ok(())
    }

    fn solve(&mut self, ksp: &mut Ksp, b: &Vector, x: &mut Vector) -> Result<()> {
        let [r, u, w, m, n, z, q, p, s] = &mut self.work[..] else {
            unreachable!("KSPSetUp made the work vectors")
        };
        let a = ksp.operators()?.0;
        let pc = ksp.pc()?;
        let comm = ksp.comm();
        let norm_type = ksp.norm_type()?;
        let max_it = ksp.tolerances()?.max_it.unwrap_or(10_000);
        if ksp.initial_guess_nonzero()? {
            a.mult(x, r)?;
            r.aypx(scalar(-1.0), b)?;
        } else {
            r.copy_from(b)?;
        }
        pc.apply(r, u)?; // u = B r
        let mut gamma = scalar(0.0);
        let mut dp = match norm_type {
            KspNormType::Preconditioned => {
                u.norm_begin(NormType::Two)?;
                comm.split_reduction_begin()?;
                a.mult(u, w)?; // w = A u
                u.norm_end(NormType::Two)?
            }
            KspNormType::Unpreconditioned => {
                r.norm_begin(NormType::Two)?;
                comm.split_reduction_begin()?;
                a.mult(u, w)?;
                r.norm_end(NormType::Two)?
            }
            KspNormType::Natural => {
                u.dot_begin(r)?;
                comm.split_reduction_begin()?;
                a.mult(u, w)?;
                gamma = u.dot_end(r)?;
                modulus(gamma).sqrt()
            }
            _ => {
                a.mult(u, w)?;
                0.0
            }
        };
        if let Some(reason) = record(ksp, 0, dp)? {
            return ksp.set_converged_reason(reason);
        }
        let (mut alpha, mut gammaold) = (scalar(0.0), scalar(0.0));
        let mut i = 0;
        loop {
            // Begin the norm, gamma = (u, r) and delta = (u, w); one message for all.
            let norm_of = match norm_type {
                KspNormType::Unpreconditioned if i > 0 => Some(&*r),
                KspNormType::Preconditioned if i > 0 => Some(&*u),
                _ => None,
            };
            if let Some(v) = norm_of {
                v.norm_begin(NormType::Two)?;
            }
            let dot_gamma = !(i == 0 && norm_type == KspNormType::Natural);
            if dot_gamma {
                u.dot_begin(r)?;
            }
            u.dot_begin(w)?;
            comm.split_reduction_begin()?;
            pc.apply(w, m)?; // m = B w
            a.mult(m, n)?; // n = A m
            if let Some(v) = norm_of {
                dp = v.norm_end(NormType::Two)?;
            }
            if dot_gamma {
                gamma = u.dot_end(r)?;
            }
            let delta = u.dot_end(w)?;
            if i > 0 {
                match norm_type {
                    KspNormType::Natural => dp = modulus(gamma).sqrt(),
                    KspNormType::None => dp = 0.0,
                    _ => {}
                }
                if let Some(reason) = record(ksp, i, dp)? {
                    return ksp.set_converged_reason(reason);
                }
            }
            if i == 0 {
                alpha = gamma / delta;
                z.copy_from(n)?;
                q.copy_from(m)?;
                p.copy_from(u)?;
                s.copy_from(w)?;
            } else {
                let beta = gamma / gammaold;
                alpha = gamma / (delta - beta / alpha * gamma);
                z.aypx(beta, n)?;
                q.aypx(beta, m)?;
                p.aypx(beta, u)?;
                s.aypx(beta, w)?;
            }
            x.axpy(alpha, p)?;
            u.axpy(-alpha, q)?;
            w.axpy(-alpha, z)?;
            r.axpy(-alpha, s)?;
            gammaold = gamma;
            i += 1;
            ksp.set_iteration_number(i)?;
            if i > max_it {
                return ksp.set_converged_reason(Reason::DivergedIts);
            }
        }
    }
}

/// Point Jacobi, `y = scale x / diag(A)`, as PETSc's `jacobi` (a zero on the diagonal
/// counts as one); `-pc_rs_jacobi_scale` sets the scale.
struct RsJacobi {
    /// `scale / diag(A)`, made at set-up.
    inverse: Option<Vector>,
    scale: Real,
}

impl Default for RsJacobi {
    fn default() -> Self {
        RsJacobi {
            inverse: None,
            scale: 1.0,
        }
    }
}

impl PcImpl for RsJacobi {
    fn set_from_options(&mut self, _: &Pc, options: &OptionsBlock<'_>) -> Result<()> {
        self.scale = options.real(
            "-pc_rs_jacobi_scale",
            "multiply the inverse diagonal by",
            self.scale,
        )?;
        Ok(())
    }

    fn set_up(&mut self, pc: &Pc) -> Result<()> {
        let mut d = pc.operators()?.1.diagonal()?;
        {
            let mut v = d.view_mut()?;
            for x in v.iter_mut() {
                if *x == scalar(0.0) {
                    *x = scalar(1.0);
                }
            }
        }
        d.reciprocal()?;
        if self.scale != 1.0 {
            d.scale(scalar(self.scale))?;
        }
        self.inverse = Some(d);
        Ok(())
    }

    fn reset(&mut self, _: &Pc) -> Result<()> {
        self.inverse = None;
        Ok(())
    }

    fn apply(&mut self, _: &Pc, x: &Vector, y: &mut Vector) -> Result<()> {
        y.pointwise_mult(x, self.inverse.as_ref().expect("PCSetUp made the diagonal"))
    }

    fn has_apply_transpose(&self) -> bool {
        true
    }

    fn apply_transpose(&mut self, pc: &Pc, x: &Vector, y: &mut Vector) -> Result<()> {
        self.apply(pc, x, y)
    }

    fn view(&mut self, _: &Pc, viewer: &Viewer) -> Result<()> {
        viewer.printf_ascii(&format!("scale {}\n", G(self.scale)))
    }
}

/// Registers the three types (before the options are read).
fn register(petsc: &Petsc) -> Result<()> {
    Ksp::register_type(petsc, "rs_cg", RsCg::default)?;
    Ksp::register_type(petsc, "rs_pipecg", RsPipeCg::default)?;
    Pc::register_type(petsc, "rs_jacobi", RsJacobi::default)
}

fn body(petsc: &Petsc) -> petsc::Result<()> {
    register(petsc)?;
    let world = petsc.world();
    let da = Da::grid(&world)
        .sizes([33, 33])
        .from_options(true)
        .build()?;
    let mut ksp = Ksp::new(&world)?;
    ksp.set_dm(&da)?;
    ksp.set_compute_rhs(|da, b| {
        let info = da.info()?;
        let (hx, hy) = (1.0 / (info.mx - 1) as f64, 1.0 / (info.my - 1) as f64);
        let mut v = da.view_mut(b)?;
        for [i, j, _] in info.corners().iter() {
            let (x, y) = (i as f64 * hx, j as f64 * hy);
            let boundary = i == 0 || j == 0 || i == info.mx - 1 || j == info.my - 1;
            v[(i, j)] = scalar(if boundary {
                0.0
            } else {
                2.0 * (x * (1.0 - x) + y * (1.0 - y)) * hx * hy
            });
        }
        Ok(())
    })?;
    ksp.set_compute_operators(|da, mats| {
        let info = da.info()?;
        let (hx, hy) = (1.0 / (info.mx - 1) as f64, 1.0 / (info.my - 1) as f64);
        let (hxdhy, hydhx) = (hx / hy, hy / hx);
        let pre = mats.pre();
        for [i, j, _] in info.corners().iter() {
            let row = Stencil::new(i, j, 0, 0);
            if i == 0 || j == 0 || i == info.mx - 1 || j == info.my - 1 {
                let d = scalar(2.0 * (hxdhy + hydhx));
                pre.set_values_stencil(&[row], &[row], &[d], InsertMode::Insert)?;
            } else {
                let cols = [
                    Stencil::new(i, j - 1, 0, 0),
                    Stencil::new(i - 1, j, 0, 0),
                    row,
                    Stencil::new(i + 1, j, 0, 0),
                    Stencil::new(i, j + 1, 0, 0),
                ];
                let v = [-hxdhy, -hydhx, 2.0 * (hxdhy + hydhx), -hydhx, -hxdhy].map(scalar);
                pre.set_values_stencil(&[row], &cols, &v, InsertMode::Insert)?;
            }
        }
        pre.assemble()
    })?;
    ksp.set_from_options()?;
    let reason = ksp.solve_dm()?;
    // The error against x (1 - x) y (1 - y) at the grid points, in the max norm.
    let (u, da) = (ksp.solution()?, ksp.dm()?);
    let info = da.info()?;
    let (hx, hy) = (1.0 / (info.mx - 1) as f64, 1.0 / (info.my - 1) as f64);
    let mut exact = u.duplicate()?;
    {
        let mut v = da.view_mut(&mut exact)?;
        for [i, j, _] in info.corners().iter() {
            let (x, y) = (i as f64 * hx, j as f64 * hy);
            v[(i, j)] = scalar(x * (1.0 - x) * y * (1.0 - y));
        }
    }
    exact.axpy(scalar(-1.0), &u)?;
    let error = exact.norm(NormType::Infinity)?;
    world.print(&format!(
        "{} iterations ({:?}), max error {:.2e} on a {} x {} grid\n",
        ksp.iteration_number()?,
        reason,
        error,
        info.mx,
        info.my
    ))?;
    Ok(())
}

fn main() -> ExitCode {
    petsc::main(body)
}
