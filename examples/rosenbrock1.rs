//! PETSc's TAO tutorial `rosenbrock1.c` in Rust: minimize the extended Rosenbrock
//! function of `-n` variables (2 by default),
//!
//! ```text
//! f(x) = sum_{i < n/2} alpha (x_{2i+1} - x_{2i}^2)^2 + (1 - x_{2i})^2
//! ```
//!
//! or with `-chained` the chained one, `sum_{i < n-1} alpha (x_{i+1} - x_i^2)^2 +
//! (1 - x_i)^2`, with `alpha` from `-alpha` (99), from `x = 0`. Like the C program it
//! sets the objective and gradient, the Hessian routine, then reads the options, so
//! every option of the C tutorial applies the same way:
//!
//! ```text
//! rosenbrock1 -tao_smonitor -tao_type nls -tao_gatol 1e-4
//! rosenbrock1 -tao_smonitor -tao_type nls -tao_fd_hessian               # Hessian by finite differences
//! rosenbrock1 -tao_smonitor -tao_type nls -tao_mf_hessian -tao_nls_pc_type none   # matrix-free
//! rosenbrock1 -test_lmvm -tao_max_it 10 -tao_bqnk_mat_type lmvmsr1   # C's tests 11-16
//! ```
//!
//! `--hessian ad` (the default is `hand`, the C tutorial's formulas) writes the
//! objective once, generic over the scalar ([`petsc::ad::Objective`]), and takes the
//! gradient and the Hessian from it by automatic differentiation; the Hessian fills the
//! same matrix entries (the 2 x 2 blocks, or the tridiagonal of `-chained`), so every
//! method prints the same `-tao_smonitor` lines either way:
//!
//! ```text
//! rosenbrock1 -tao_smonitor -tao_type nls --hessian ad
//! ```
//!
//! `-test_lmvm`, as in C, solves with `bqnktr`, then takes the quasi-Newton matrix from
//! the solver's preconditioner (`PCLMVMGetMatLMVM`) and prints how far `M^-1 (M 1)` is
//! from `1` (the solve need not converge then).
//!
//! Self-check: the minimizer is `x = (1, ..., 1)` whatever `alpha`; the program prints
//! the method, the iterations, the reason and `max |x_i - 1|`, and fails if the solve
//! did not converge. One process, as the C tutorial.

// TAO minimizes real functions of real variables: on a PETSc with complex scalars only
// `main` (which says so) is built.
#![cfg_attr(petsc_complex, allow(dead_code, unused_imports))]

use std::process::ExitCode;

use petsc::ad::{AdScalar, Objective};
use petsc::{InsertMode, Int, Mat, Object, Petsc, Sizes, Tao, TaoType, Vector};
use petsc_examples::{check_failed, println0, require, Flags};

/// The problem: `n`, `alpha`, and whether the function is the chained one.
#[cfg(not(petsc_complex))]
#[derive(Clone, Copy)]
struct Problem {
    n: Int,
    alpha: f64,
    chained: bool,
}

#[cfg(not(petsc_complex))]
impl Problem {
    /// `f(x)`, and the gradient written to `g` (as `FormFunctionGradient`).
    fn value_and_gradient(&self, x: &[f64], g: &mut [f64]) -> f64 {
        let alpha = self.alpha;
        let mut f = 0.0;
        if self.chained {
            g[0] = 0.0;
            for i in 0..x.len() - 1 {
                let t1 = x[i + 1] - x[i] * x[i];
                f += (1.0 - x[i]).powi(2) + alpha * t1 * t1;
                g[i] += -2.0 * (1.0 - x[i]) + 2.0 * alpha * t1 * (-2.0 * x[i]);
                g[i + 1] = 2.0 * alpha * t1;
            }
        } else {
            for i in 0..x.len() / 2 {
                let t1 = x[2 * i + 1] - x[2 * i] * x[2 * i];
                let t2 = 1.0 - x[2 * i];
                f += alpha * t1 * t1 + t2 * t2;
                g[2 * i] = -4.0 * alpha * t1 * x[2 * i] - 2.0 * t2;
                g[2 * i + 1] = 2.0 * alpha * t1;
            }
        }
        f
    }

    /// Fills the Hessian at `x` (as `FormHessian` for the extended function).
    fn hessian(&self, x: &[f64], h: &mut Mat) -> petsc::Result<()> {
        let alpha = self.alpha;
        if self.chained {
            // The sum of the 2 x 2 blocks of the terms, by rows: diagonal and
            // superdiagonal. (The C tutorial's chained Hessian is not this function's,
            // and its matrix has no room for the coupling: there it fails.)
            let n = x.len();
            let (mut diag, mut sup) = (vec![0.0; n], vec![0.0; n]);
            for i in 0..n - 1 {
                let t1 = x[i + 1] - x[i] * x[i];
                diag[i] += 2.0 - 4.0 * alpha * t1 + 8.0 * alpha * x[i] * x[i];
                sup[i] += -4.0 * alpha * x[i];
                diag[i + 1] += 2.0 * alpha;
            }
            for i in 0..n {
                let r = i as Int;
                let mut cols = vec![r];
                let mut vals = vec![diag[i]];
                if i > 0 {
                    cols.push(r - 1);
                    vals.push(sup[i - 1]);
                }
                if i + 1 < n {
                    cols.push(r + 1);
                    vals.push(sup[i]);
                }
                h.set_values(&[r], &cols, &vals, InsertMode::Insert)?;
            }
        } else {
            for i in 0..x.len() / 2 {
                let off = -4.0 * alpha * x[2 * i];
                let v = [
                    -4.0 * alpha * (x[2 * i + 1] - 3.0 * x[2 * i] * x[2 * i]) + 2.0,
                    off,
                    off,
                    2.0 * alpha,
                ];
                let ind = [2 * i as Int, 2 * i as Int + 1];
                h.set_values(&ind, &ind, &v, InsertMode::Insert)?;
            }
        }
        h.assemble()
    }
}

/// The function written once, for `--hessian ad`: the same sums in the same order as
/// [`Problem::value_and_gradient`], so its values are those of the hand-written form.
#[cfg(not(petsc_complex))]
impl Objective for Problem {
    fn objective<T: AdScalar>(&self, x: &[T]) -> petsc::Result<T> {
        let alpha = self.alpha;
        let mut f = T::zero();
        if self.chained {
            for i in 0..x.len() - 1 {
                let t1 = x[i + 1] - x[i] * x[i];
                f += (T::one() - x[i]).powi(2) + t1 * alpha * t1;
            }
        } else {
            for i in 0..x.len() / 2 {
                let t1 = x[2 * i + 1] - x[2 * i] * x[2 * i];
                let t2 = T::one() - x[2 * i];
                f += t1 * alpha * t1 + t2 * t2;
            }
        }
        Ok(f)
    }
}

#[cfg(not(petsc_complex))]
impl Problem {
    /// The Hessian's nonzero pattern (the entries [`Problem::hessian`] sets) assembled
    /// into `h` with zeros, for the Hessian by automatic differentiation to fill.
    fn pattern(&self, h: &mut Mat) -> petsc::Result<()> {
        let n = self.n;
        if self.chained {
            for i in 0..n {
                let cols: Vec<Int> = (i.max(1) - 1..(i + 2).min(n)).collect();
                h.set_values(&[i], &cols, &vec![0.0; cols.len()], InsertMode::Insert)?;
            }
        } else {
            for i in 0..n / 2 {
                let ind = [2 * i, 2 * i + 1];
                h.set_values(&ind, &ind, &[0.0; 4], InsertMode::Insert)?;
            }
        }
        h.assemble()
    }
}

#[cfg(not(petsc_complex))]
fn body(petsc: &Petsc) -> petsc::Result<()> {
    let mut flags = Flags::from_env(
        "rosenbrock1",
        "PETSc's TAO tutorial rosenbrock1.c: minimize the extended Rosenbrock function",
    );
    let hessian: String = flags.value(
        "hessian",
        "hand".to_string(),
        "gradient and Hessian: hand (written out) or ad (automatic differentiation of \
         the objective)",
    )?;
    flags.finish()?;
    require(hessian == "hand" || hessian == "ad", || {
        format!("--hessian {hessian}: expected hand or ad")
    })?;
    require(petsc.world().size() == 1, || {
        "rosenbrock1 runs on one process, as PETSc's tutorial".to_string()
    })?;
    let opts = petsc.options();
    let p = Problem {
        n: opts.get_or::<Int>("-n", 2)?,
        alpha: opts.get_or::<petsc::Real>("-alpha", 99.0)?,
        chained: opts.get_or("-chained", false)?,
    };
    let test_lmvm = opts.get_or("-test_lmvm", false)?;
    require(p.n >= 2 && (p.chained || p.n % 2 == 0), || {
        format!("-n {} must be at least 2, and even without -chained", p.n)
    })?;
    let c = petsc.self_comm();
    let x = Vector::new_seq(&c, p.n)?;
    let mut h = Mat::aij(&c)
        .sizes(Sizes::global(p.n, p.n))
        .preallocate(3, 0)
        .build()?;
    let mut tao = Tao::new(&c)?;
    tao.set_type(TaoType::Lmvm)?;
    tao.set_solution(&x)?;
    if hessian == "ad" {
        p.pattern(&mut h)?;
        tao.set_objective_ad(p)?;
        tao.set_hessian_ad(&h, None, p)?;
    } else {
        tao.set_objective_and_gradient(move |x, g| {
            let xv = x.view()?;
            let mut gv = g.view_mut()?;
            Ok(p.value_and_gradient(&xv, &mut gv))
        })?;
        tao.set_hessian(&h, None, move |x, mats| p.hessian(&x.view()?, mats.pre()))?;
    }
    if test_lmvm {
        opts.set_value("-tao_type", "bqnktr")?;
    }
    tao.set_from_options()?;
    let reason = tao.solve()?;
    if test_lmvm {
        let ksp = tao
            .ksp()?
            .ok_or_else(|| check_failed("bqnktr has no KSP"))?;
        let m = ksp.pc()?.lmvm_mat()?;
        let mut ones = x.duplicate()?;
        ones.set(1.0)?;
        let (mut out, mut back) = (x.duplicate()?, x.duplicate()?);
        m.mult(&ones, &mut out)?;
        m.solve(&out, &mut back)?;
        back.axpy(-1.0, &ones)?;
        let dist = back.norm(petsc::NormType::Two)?;
        // C's wording, which PETSc 3.22's tutorial changed.
        #[cfg(not(petsc_3_22))]
        let line = if dist < 1e-11 {
            "error between LMVM MatMult and MatSolve: < 1.e-11".to_string()
        } else if dist < 1e-6 {
            "error between LMVM MatMult and MatSolve: < 1.e-6".to_string()
        } else {
            format!("error between LMVM MatMult and MatSolve: {dist:e}")
        };
        #[cfg(petsc_3_22)]
        let line = if dist < 1e-11 {
            "Inverse error of LMVM MatMult and MatSolve: < 1.e-11".to_string()
        } else if dist < 1e-6 {
            "Inverse error of LMVM MatMult and MatSolve: < 1.e-6".to_string()
        } else {
            format!("Inverse error of LMVM MatMult and MatSolve is not small: {dist:e}")
        };
        println0!(petsc, "{line}")?;
        return Ok(());
    }
    let err = x
        .view()?
        .iter()
        .fold(0.0f64, |m, xi| m.max((xi - 1.0).abs()));
    let ty = tao.type_name()?;
    let its = tao.iteration_number()?;
    println0!(
        petsc,
        "rosenbrock1: tao type {ty}, {its} iterations, {reason}, max |x_i - 1| {err:.3e}"
    )?;
    if !reason.is_converged() {
        return Err(check_failed(format!("{ty} did not converge: {reason}")));
    }
    Ok(())
}

#[cfg(not(petsc_complex))]
fn main() -> ExitCode {
    petsc::main(body)
}

#[cfg(petsc_complex)]
fn main() -> ExitCode {
    petsc_examples::real_only(
        "rosenbrock1",
        "TAO minimizes real functions of real variables",
    )
}
