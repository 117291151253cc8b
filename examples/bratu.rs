//! Bratu (workshop 10): thermal runaway in a solid fuel, `-Laplace(u) - lambda e^u = 0`
//! on the unit square with `u = 0` on the boundary, solved by Newton's method (SNES) on
//! a 2D DMDA.
//!
//! ```text
//! mpiexec -n 4 target/release/examples/bratu -nx 128 -ny 64 -lambda 6.0 \
//!     [--jacobian hand|ad|fd] [-snes_monitor] [-snes_mf | -snes_fd_color] \
//!     [-ksp_type cg -pc_type gamg] [--plot temperature.png] [--plot-residuals residuals.png]
//! ```
//!
//! This is PETSc's C tutorial `src/snes/tutorials/ex5.c` run with `-mms 0`, point for
//! point: the same 5-point discretization scaled by `hx hy` (interior rows
//! `(2u - uw - ue) hy/hx + (2u - un - us) hx/hy - hx hy lambda e^u`, boundary rows
//! `2 (hy/hx + hx/hy) u`, with the boundary value 0 used for neighbours on the boundary,
//! which keeps the Jacobian symmetric), the same initial guess, the same analytic
//! Jacobian, and the same options database, so iteration counts, function norms and the
//! solution match ex5's. ex5's own options work too: `-par` (lambda), `-da_grid_x`,
//! `-da_grid_y` and the other `-da_*` options (they win over `-nx`/`-ny`), and `-mms N`
//! for ex5's manufactured solutions (1: `x(1-x)y(1-y)`, 2: `sin(pi x) sin(pi y)`,
//! 3: `sin(m pi x(1-y)) sin(n pi y(1-x))` with `m = 2^-m_par`, `n = 2^-n_par`,
//! 4: `(x^4-x^2)(y^4-y^2)`), for which the error against the exact solution is printed,
//! and `-fd`: no Jacobian closure, so the Jacobian comes from finite differences colored
//! with the grid's stencil (as `DMDASNESSetFunctionLocal` alone gives in C).
//! `--jacobian` chooses the Jacobian: `hand` (the default, ex5's analytic one), `fd`
//! (`-fd`'s colored finite differences; `-fd` stays a synonym) or `ad`: the residual
//! written once over a generic scalar ([`petsc::ad::DaResidual`]) and its exact
//! Jacobian by automatic differentiation, assembled from the DMDA's coloring (one
//! evaluation with dual numbers for the 5 colors of the 5-point stencil). With `ad`
//! Newton and Krylov take the same iterations as with `hand`, on every level of
//! `-snes_type fas` and `-pc_type mg -da_refine N` too. It needs real scalars: a
//! complex PETSc refuses it with a message naming the build.
//! ex5's nonlinear Gauss-Seidel is there too (`Snes::set_ngs_local`), so `-snes_type
//! ngs`, `-npc_snes_type ngs` and FAS with `-fas_levels_snes_type ngs` run as in C.
//!
//! One deliberate difference: ex5's Jacobian tests `j + 1 != mx - 1` where it means
//! `my - 1`; that matters only on grids with fewer points in x than in y (the Jacobian is
//! then wrong in one row of entries and Newton converges more slowly). This program uses
//! `my - 1`, so it matches ex5 whenever `mx >= my`.
//!
//! Prints the Newton and linear iteration counts, the converged reason, the maximum
//! temperature rise and the solution's 2-norm (ex5 with `-mms 0` prints them as
//! `error inf` and `error L2` = 2-norm / sqrt(N)). Self-check: the residual of the final
//! solution evaluated on rank 0 from a gathered copy by a separate plain-Rust
//! implementation of the discrete operator, which must agree with SNES's final function
//! norm. Above `lambda ~ 6.808` the problem has no solution: the run reports the
//! converged reason and exits with status 1.

use std::path::PathBuf;
use std::process::ExitCode;

use petsc::{Da, InsertMode, Int, NormType, Object, Petsc, Scalar, Snes, Stencil, Vector};
use petsc_examples::{
    all_agree, check_failed, plot, println0, real, require, scalar, usage_error, Flags,
};

fn main() -> ExitCode {
    petsc::main(body)
}

/// The largest lambda for which the continuous problem has a solution (Frank-Kamenetskii's
/// critical value for the unit square).
const LAMBDA_CRITICAL: f64 = 6.808;

/// ex5's `-mms` choices: the exact solution on the boundary (and, but for 0, everywhere)
/// and the forcing term that makes it a solution.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Mms {
    /// `-mms 0`: the Bratu problem itself (u = 0 on the boundary, no forcing).
    Bratu,
    /// `-mms 1`: `u = x(1-x) y(1-y)`.
    Poly,
    /// `-mms 2`: `u = sin(pi x) sin(pi y)`.
    Sine,
    /// `-mms 3`: `u = sin(m pi x(1-y)) sin(n pi y(1-x))`.
    Wavy { m: f64, n: f64 },
    /// `-mms 4`: `u = (x^4 - x^2)(y^4 - y^2)`.
    Quartic,
}

impl Mms {
    /// The exact solution at `(x, y)` (ex5's `MMSSolutionN`; 0 for the Bratu problem,
    /// where only its boundary values are used).
    #[inline]
    fn solution(self, x: f64, y: f64) -> f64 {
        use std::f64::consts::PI;
        match self {
            Mms::Bratu => 0.0,
            Mms::Poly => x * (1.0 - x) * y * (1.0 - y),
            Mms::Sine => (PI * x).sin() * (PI * y).sin(),
            Mms::Wavy { m, n } => (m * PI * x * (1.0 - y)).sin() * (n * PI * y * (1.0 - x)).sin(),
            Mms::Quartic => (x.powi(4) - x * x) * (y.powi(4) - y * y),
        }
    }

    /// The forcing `-u_xx - u_yy - lambda e^u` of the exact solution (ex5's
    /// `MMSForcingN`, in its arithmetic); 0 for the Bratu problem.
    #[inline]
    fn forcing(self, x: f64, y: f64, lambda: f64) -> f64 {
        use std::f64::consts::PI;
        match self {
            Mms::Bratu => 0.0,
            Mms::Poly => {
                2.0 * x * (1.0 - x) + 2.0 * y * (1.0 - y)
                    - lambda * (x * (1.0 - x) * y * (1.0 - y)).exp()
            }
            Mms::Sine => {
                let s = (PI * x).sin() * (PI * y).sin();
                2.0 * PI * PI * s - lambda * s.exp()
            }
            Mms::Wavy { m, n } => {
                -((m * PI * x * (1.0 - y)).sin() * (n * PI * (1.0 - x) * y).sin()).exp() * lambda
                    + PI * PI
                        * (-2.0
                            * m
                            * n
                            * ((-1.0 + x) * x + (-1.0 + y) * y)
                            * (m * PI * x * (-1.0 + y)).cos()
                            * (n * PI * (-1.0 + x) * y).cos()
                            + (m * m * (x * x + (-1.0 + y).powi(2))
                                + n * n * ((-1.0 + x).powi(2) + y * y))
                                * (m * PI * x * (-1.0 + y)).sin()
                                * (n * PI * (-1.0 + x) * y).sin())
            }
            Mms::Quartic => {
                2.0 * x * x * (x * x - 1.0) * (1.0 - 6.0 * y * y)
                    + 2.0 * y * y * (1.0 - 6.0 * x * x) * (y * y - 1.0)
                    - lambda * ((x.powi(4) - x * x) * (y.powi(4) - y * y)).exp()
            }
        }
    }
}

/// The problem: lambda and the manufactured solution (if any).
#[derive(Debug, Clone, Copy)]
struct Problem {
    lambda: f64,
    mms: Mms,
}

/// The residual on this rank's points (ex5's `FormFunctionLocal`, same arithmetic).
fn form_function(
    p: &Problem,
    info: &petsc::DaInfo,
    x: &petsc::DaView<'_>,
    f: &mut petsc::DaViewMut<'_>,
) {
    let (mx, my) = (info.mx, info.my);
    let hx = 1.0 / (mx - 1) as f64;
    let hy = 1.0 / (my - 1) as f64;
    let (hxdhy, hydhx) = (hx / hy, hy / hx);
    let (lambda, mms) = (p.lambda, p.mms);
    let bc = |i: Int, j: Int| mms.solution(i as f64 * hx, j as f64 * hy);
    for j in info.ys..info.ys + info.ym {
        for i in info.xs..info.xs + info.xm {
            if i == 0 || j == 0 || i == mx - 1 || j == my - 1 {
                f[(i, j)] = 2.0 * (hydhx + hxdhy) * (x[(i, j)] - bc(i, j));
                continue;
            }
            let u = x[(i, j)];
            let uw = if i - 1 == 0 {
                scalar(bc(i - 1, j))
            } else {
                x[(i - 1, j)]
            };
            let ue = if i + 1 == mx - 1 {
                scalar(bc(i + 1, j))
            } else {
                x[(i + 1, j)]
            };
            let un = if j - 1 == 0 {
                scalar(bc(i, j - 1))
            } else {
                x[(i, j - 1)]
            };
            let us = if j + 1 == my - 1 {
                scalar(bc(i, j + 1))
            } else {
                x[(i, j + 1)]
            };
            let uxx = (2.0 * u - uw - ue) * hydhx;
            let uyy = (2.0 * u - un - us) * hxdhy;
            let forcing = mms.forcing(i as f64 * hx, j as f64 * hy, lambda);
            f[(i, j)] = uxx + uyy - hx * hy * (lambda * u.exp() + forcing);
        }
    }
}

/// The residual written once over a generic scalar, for `--jacobian ad`: the
/// arithmetic of [`form_function`], in the same order (so with `T = f64` the values
/// are the same to the last bit), on `T`.
impl petsc::ad::DaResidual for Problem {
    fn residual<T: petsc::ad::AdScalar>(
        &self,
        info: &petsc::DaInfo,
        x: &petsc::ad::DaArray<'_, T>,
        f: &mut petsc::ad::DaArrayMut<'_, T>,
    ) -> petsc::Result<()> {
        let (mx, my) = (info.mx, info.my);
        let hx = 1.0 / (mx - 1) as f64;
        let hy = 1.0 / (my - 1) as f64;
        let (hxdhy, hydhx) = (hx / hy, hy / hx);
        let (lambda, mms) = (self.lambda, self.mms);
        let bc = |i: Int, j: Int| mms.solution(i as f64 * hx, j as f64 * hy);
        // A neighbour on the boundary takes its boundary value, not the unknown.
        let at = |i: Int, j: Int| {
            if i == 0 || j == 0 || i == mx - 1 || j == my - 1 {
                T::from(bc(i, j))
            } else {
                x[(i, j)]
            }
        };
        for j in info.ys..info.ys + info.ym {
            for i in info.xs..info.xs + info.xm {
                if i == 0 || j == 0 || i == mx - 1 || j == my - 1 {
                    f[(i, j)] = (x[(i, j)] - bc(i, j)) * (2.0 * (hydhx + hxdhy));
                    continue;
                }
                let u = x[(i, j)];
                let (uw, ue, un, us) = (at(i - 1, j), at(i + 1, j), at(i, j - 1), at(i, j + 1));
                let uxx = (u * 2.0 - uw - ue) * hydhx;
                let uyy = (u * 2.0 - un - us) * hxdhy;
                let forcing = mms.forcing(i as f64 * hx, j as f64 * hy, lambda);
                f[(i, j)] = uxx + uyy - (u.exp() * lambda + forcing) * (hx * hy);
            }
        }
        Ok(())
    }
}

/// Which Jacobian the run uses (`--jacobian`).
#[derive(Debug, Clone, Copy, PartialEq)]
enum JacobianKind {
    /// ex5's analytic Jacobian.
    Hand,
    /// Exact, by automatic differentiation of the generic residual.
    Ad,
    /// Finite differences colored with the grid (ex5's `-fd`).
    Fd,
}

impl std::str::FromStr for JacobianKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "hand" => Ok(JacobianKind::Hand),
            "ad" => Ok(JacobianKind::Ad),
            "fd" => Ok(JacobianKind::Fd),
            _ => Err(format!("expected hand, ad or fd, got {s:?}")),
        }
    }
}

/// One nonlinear Gauss-Seidel sweep over this rank's points (ex5's `NonlinearGS`, same
/// arithmetic and order): boundary points take their boundary value (0 for every
/// problem here), each interior point a few pointwise Newton steps on its own residual
/// row (towards `b` when given), stopped by the running solver's NGS tolerances
/// (`-snes_ngs_atol`, `_rtol`, `_stol`, `_max_it`) as in C; neighbours are the latest
/// values, ghost points those of the last exchange. Unlike ex5's, it includes the
/// manufactured forcing, so it smooths the problem being solved for every `-mms`
/// (ex5's matches only `-mms 0`).
fn nonlinear_gs(
    p: &Problem,
    snes: &Snes,
    info: &petsc::DaInfo,
    x: &mut petsc::DaViewMut<'_>,
    b: Option<&petsc::DaView<'_>>,
) -> petsc::Result<()> {
    // PETSc's defaults for a solver that is not of type NGS.
    let (atol, rtol, stol, its) = if snes.type_name()? == "ngs" {
        snes.ngs_tolerances()?
    } else {
        (f64::EPSILON, 1e-5, 1000.0 * f64::EPSILON, 50)
    };

    let (mx, my) = (info.mx, info.my);
    let hx = 1.0 / (mx - 1) as f64;
    let hy = 1.0 / (my - 1) as f64;
    let (hxdhy, hydhx) = (hx / hy, hy / hx);
    let (lambda, mms) = (p.lambda, p.mms);
    let sc = hx * hy * lambda;
    let bc = |i: Int, j: Int| scalar(mms.solution(i as f64 * hx, j as f64 * hy));
    for j in info.ys..info.ys + info.ym {
        for i in info.xs..info.xs + info.xm {
            if i == 0 || j == 0 || i == mx - 1 || j == my - 1 {
                x[(i, j)] = bc(i, j);
                continue;
            }
            let bij = b.map_or(scalar(0.0), |b| b[(i, j)]);
            // As in C, boundary neighbours are read from `x` too: those later in the
            // sweep still hold their values from before it.
            let (un, us) = (x[(i, j - 1)], x[(i, j + 1)]);
            let (ue, uw) = (x[(i - 1, j)], x[(i + 1, j)]);
            let forcing = hx * hy * mms.forcing(i as f64 * hx, j as f64 * hy, lambda);
            let mut u = x[(i, j)];
            let mut f0 = scalar(0.0);
            for k in 0..its {
                let eu = u.exp();
                let uxx = (2.0 * u - ue - uw) * hydhx;
                let uyy = (2.0 * u - un - us) * hxdhy;
                let f = uxx + uyy - sc * eu - forcing - bij;
                if k == 0 {
                    f0 = f;
                }
                let jac = 2.0 * (hydhx + hxdhy) - sc * eu;
                let y = f / jac;
                u -= y;
                if atol > real(f).abs()
                    || rtol * real(f0).abs() > real(f).abs()
                    || stol * real(u).abs() > real(y).abs()
                {
                    break;
                }
            }
            x[(i, j)] = u;
        }
    }
    Ok(())
}

/// The Jacobian on this rank's rows (ex5's `FormJacobianLocal`): boundary rows are
/// `2 (hy/hx + hx/hy)` on the diagonal, interior rows leave out the columns of boundary
/// points (their values are fixed), so the matrix is symmetric.
fn form_jacobian(
    p: &Problem,
    info: &petsc::DaInfo,
    x: &petsc::DaView<'_>,
    jac: &mut petsc::Mat,
) -> petsc::Result<()> {
    let (mx, my) = (info.mx, info.my);
    let hx = 1.0 / (mx - 1) as f64;
    let hy = 1.0 / (my - 1) as f64;
    let (hxdhy, hydhx) = (hx / hy, hy / hx);
    let sc = hx * hy * p.lambda;
    let mut cols = [Stencil::default(); 5];
    let mut v = [scalar(0.0); 5];
    for j in info.ys..info.ys + info.ym {
        for i in info.xs..info.xs + info.xm {
            let row = Stencil::new(i, j, 0, 0);
            if i == 0 || j == 0 || i == mx - 1 || j == my - 1 {
                jac.set_values_stencil(
                    &[row],
                    &[row],
                    &[scalar(2.0 * (hydhx + hxdhy))],
                    InsertMode::Insert,
                )?;
                continue;
            }
            let mut k = 0;
            let mut push = |s: Stencil, value: Scalar| {
                cols[k] = s;
                v[k] = value;
                k += 1;
            };
            if j - 1 != 0 {
                push(Stencil::new(i, j - 1, 0, 0), scalar(-hxdhy));
            }
            if i - 1 != 0 {
                push(Stencil::new(i - 1, j, 0, 0), scalar(-hydhx));
            }
            push(row, 2.0 * (hydhx + hxdhy) - sc * x[(i, j)].exp());
            if i + 1 != mx - 1 {
                push(Stencil::new(i + 1, j, 0, 0), scalar(-hydhx));
            }
            if j + 1 != my - 1 {
                push(Stencil::new(i, j + 1, 0, 0), scalar(-hxdhy));
            }
            jac.set_values_stencil(&[row], &cols[..k], &v[..k], InsertMode::Insert)?;
        }
    }
    jac.assemble()
}

/// ex5's `FormInitialGuess`: `lambda/(lambda+1) sqrt(distance to the boundary)`,
/// the distance measured as `min(min(i, mx-1-i) hx, min(j, my-1-j) hy)`.
fn initial_guess(da: &Da, lambda: f64, x: &mut Vector) -> petsc::Result<()> {
    let info = da.info()?;
    let (mx, my) = (info.mx, info.my);
    let hx = 1.0 / (mx - 1) as f64;
    let hy = 1.0 / (my - 1) as f64;
    let temp1 = lambda / (lambda + 1.0);
    let mut v = da.view_mut(x)?;
    for j in info.ys..info.ys + info.ym {
        let temp = j.min(my - j - 1) as f64 * hy;
        for i in info.xs..info.xs + info.xm {
            v[(i, j)] = scalar(if i == 0 || j == 0 || i == mx - 1 || j == my - 1 {
                0.0
            } else {
                temp1 * ((i.min(mx - i - 1) as f64 * hx).min(temp)).sqrt()
            });
        }
    }
    Ok(())
}

/// `||F(u)||_2` of the discrete problem, from a natural-ordered copy of the whole grid,
/// written independently of the DMDA code: the operator is applied to `u` with the
/// boundary points replaced by the boundary values, then scaled as ex5 scales it.
fn plain_residual(p: &Problem, u: &[f64], mx: usize, my: usize) -> f64 {
    let hx = 1.0 / (mx - 1) as f64;
    let hy = 1.0 / (my - 1) as f64;
    let on_boundary = |i: usize, j: usize| i == 0 || j == 0 || i == mx - 1 || j == my - 1;
    let exact = |i: usize, j: usize| p.mms.solution(i as f64 * hx, j as f64 * hy);
    // The values the interior equations see: u inside, the boundary data outside.
    let w: Vec<f64> = (0..mx * my)
        .map(|k| {
            let (i, j) = (k % mx, k / mx);
            if on_boundary(i, j) {
                exact(i, j)
            } else {
                u[k]
            }
        })
        .collect();
    let mut sum = 0.0;
    for j in 0..my {
        for i in 0..mx {
            let k = j * mx + i;
            let r = if on_boundary(i, j) {
                2.0 * (hy / hx + hx / hy) * (u[k] - exact(i, j))
            } else {
                // hx hy (-Laplace_h(w) - lambda e^u - forcing)
                let lap_x = (w[k - 1] - 2.0 * w[k] + w[k + 1]) / (hx * hx);
                let lap_y = (w[k - mx] - 2.0 * w[k] + w[k + mx]) / (hy * hy);
                let (x, y) = (i as f64 * hx, j as f64 * hy);
                hx * hy * (-lap_x - lap_y - p.lambda * u[k].exp() - p.mms.forcing(x, y, p.lambda))
            };
            sum += r * r;
        }
    }
    sum.sqrt()
}

/// A picture of the temperature field on the unit square (one cell per grid point,
/// centred on it), with its colour bar.
fn plot_field(
    u: &[f64],
    mx: usize,
    my: usize,
    lambda: f64,
    path: &std::path::Path,
) -> petsc::Result<()> {
    let (hx, hy) = (1.0 / (mx - 1) as f64, 1.0 / (my - 1) as f64);
    plot::Field::grid(
        &format!("Bratu temperature rise, lambda = {lambda}"),
        u,
        mx,
        my,
    )
    .extent((-0.5 * hx, 1.0 + 0.5 * hx), (-0.5 * hy, 1.0 + 0.5 * hy))
    .axes("x (unit square)", "y (unit square)")
    .bar_label("temperature rise u")
    .save(path)
}

/// The history of Newton's residual norm `||F(u)||_2`, one point per iteration, on a
/// logarithmic axis.
fn plot_residuals(
    history: &[(f64, f64)],
    method: &str,
    path: &std::path::Path,
) -> petsc::Result<()> {
    plot::Lines::new(
        &format!("Newton's method: {method}"),
        "Newton iteration",
        "residual norm ||F(u)||_2",
    )
    .log_y()
    .with(plot::Series::line_points(
        "||F(u)||_2",
        history.iter().copied(),
    ))
    .save(path)
}

/// A PETSc-style option of the program (`-nx 64`); a value that does not parse is a
/// usage error.
fn option<T>(
    petsc: &Petsc,
    name: &str,
    get: fn(&petsc::Options, &str) -> petsc::Result<Option<T>>,
) -> petsc::Result<Option<T>> {
    get(&petsc.options(), name).map_err(|e| usage_error(format!("option -{name}: {e}")))
}

fn body(petsc: &Petsc) -> petsc::Result<()> {
    let mut flags = Flags::from_env(
        "bratu",
        "thermal runaway, -Laplace(u) - lambda e^u = 0 on the unit square (SNES on a DMDA, \
         PETSc's ex5 with -mms 0).\n\nPETSc-style options: -nx 64 -ny 32 (or ex5's -da_grid_x, \
         -da_grid_y), -lambda 6.0 (or ex5's -par), -mms 0..4 (ex5's manufactured solutions), \
         -fd (ex5's: Jacobian by finite differences colored with the grid), and every \
         -snes_*, -ksp_*, -pc_*, -da_* option",
    );
    let plot_path: Option<PathBuf> = flags.optional("plot", "write the temperature field (PNG)")?;
    let residuals_path: Option<PathBuf> = flags.optional(
        "plot-residuals",
        "write the residual norm of every Newton iteration (PNG, log scale)",
    )?;
    let jacobian: Option<String> = flags.optional(
        "jacobian",
        "hand (ex5's analytic Jacobian, the default), ad (exact, by automatic \
         differentiation of the residual) or fd (finite differences colored with the grid; \
         -fd is a synonym)",
    )?;
    flags.finish()?;
    for (flag, path) in [("plot", &plot_path), ("plot-residuals", &residuals_path)] {
        if let Some(path) = path {
            plot::check_png(flag, path)?;
        }
    }

    let nx = option(petsc, "nx", petsc::Options::get::<Int>)?.unwrap_or(64);
    let ny = option(petsc, "ny", petsc::Options::get::<Int>)?.unwrap_or(32);
    let lambda_opt = option(petsc, "lambda", petsc::Options::get::<petsc::Real>)?;
    let par = option(petsc, "par", petsc::Options::get::<petsc::Real>)?;
    let lambda = match (lambda_opt, par) {
        (Some(a), Some(b)) if a != b => {
            return Err(usage_error(format!(
                "-lambda {a} and -par {b} disagree; give one of them"
            )))
        }
        (Some(a), _) | (None, Some(a)) => a,
        (None, None) => 6.0,
    };
    let mms = match option(petsc, "mms", petsc::Options::get::<Int>)?.unwrap_or(0) {
        0 => Mms::Bratu,
        1 => Mms::Poly,
        2 => Mms::Sine,
        3 => {
            let m = option(petsc, "m_par", petsc::Options::get::<Int>)?.unwrap_or(2);
            let n = option(petsc, "n_par", petsc::Options::get::<Int>)?.unwrap_or(1);
            require((0..=20).contains(&m) && (0..=20).contains(&n), || {
                format!("-m_par and -n_par must be in 0..=20, got {m} and {n}")
            })?;
            Mms::Wavy {
                m: f64::from(1u32 << m),
                n: f64::from(1u32 << n),
            }
        }
        4 => Mms::Quartic,
        other => {
            return Err(usage_error(format!(
                "-mms must be 0 (Bratu), 1, 2, 3 or 4 (ex5's manufactured solutions), got {other}"
            )))
        }
    };
    require(nx >= 1 && ny >= 1, || {
        format!("-nx and -ny must be positive, got -nx {nx} -ny {ny}")
    })?;
    require(lambda.is_finite() && lambda >= 0.0, || {
        format!("lambda must be a number >= 0 (ex5 allows 0 to 6.81), got {lambda}")
    })?;
    let problem = Problem { lambda, mms };

    // The grid: -nx x -ny points, changed by -da_grid_x, -da_grid_y, -da_refine, ...
    let world = petsc.world();
    let da = Da::grid(&world)
        .sizes([nx, ny])
        .from_options(true)
        .build()
        .map_err(|e| match e {
            // Found by the same checks on every rank: a clean usage error.
            petsc::Error::InvalidArgument { .. } => {
                usage_error(format!("cannot lay out the grid: {e}"))
            }
            e => e,
        })?;
    let info = da.info()?;
    let (mx, my) = (info.mx, info.my);
    require(mx >= 3 && my >= 3, || {
        format!("the grid needs at least 3 x 3 points (one interior point), got {mx} x {my}")
    })?;
    require(mx.checked_mul(my).is_some(), || {
        format!("{mx} x {my} points do not fit PETSc's integers")
    })?;
    // As ex5 does; preconditioners that use the geometry (-pc_type mg) find it here.
    da.set_uniform_coordinates_to([(0.0, 1.0), (0.0, 1.0)])?;

    let size = world.size();
    println0!(
        petsc,
        "bratu: {mx} x {my} grid, lambda {lambda}{}, {size} rank{} ({} x {} processes)",
        match mms {
            Mms::Bratu => String::new(),
            m => format!(", manufactured solution {m:?}"),
        },
        if size == 1 { "" } else { "s" },
        info.procs[0],
        info.procs[1]
    )?;
    if lambda > LAMBDA_CRITICAL && mms == Mms::Bratu {
        println0!(
            petsc,
            "warning: lambda {lambda} is above the critical value ~{LAMBDA_CRITICAL}, where \
             the Bratu problem stops having a solution; expect Newton to fail"
        )?;
    }

    let jacobian = jacobian
        .map(|j| j.parse::<JacobianKind>())
        .transpose()
        .map_err(|e| usage_error(format!("--jacobian: {e}")))?;
    let fd = option(petsc, "fd", petsc::Options::get::<bool>)?.unwrap_or(false);
    let jacobian = match (jacobian, fd) {
        (Some(JacobianKind::Fd) | None, true) => JacobianKind::Fd,
        (Some(k), true) => {
            return Err(usage_error(format!(
                "-fd and --jacobian {k:?} disagree; give one of them"
            )));
        }
        (k, false) => k.unwrap_or(JacobianKind::Hand),
    };
    let mut snes = Snes::new(&world)?;
    if jacobian == JacobianKind::Ad {
        // The residual and its exact Jacobian, both from the generic residual.
        snes.set_function_local_ad(&da, problem)?;
    } else {
        snes.set_function_local(&da, move |info, x, f| {
            form_function(&problem, info, x, f);
            Ok(())
        })?;
    }
    // ex5's -fd: no Jacobian closure, so PETSc's DMDA colored finite differences of the
    // local residual (as DMDASNESSetFunctionLocal alone gives in C).
    if jacobian == JacobianKind::Hand {
        snes.set_jacobian_local(&da, move |info, x, mats| {
            form_jacobian(&problem, info, x, mats.pre())
        })?;
    }
    // Nonlinear Gauss-Seidel, for -snes_type ngs, FAS smoothers, -npc_snes_type ngs.
    snes.set_ngs_local(&da, move |snes, info, x, b| {
        nonlinear_gs(&problem, snes, info, x, b)
    })?;
    // The residual history for --plot-residuals (beside any -snes_monitor).
    let history = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
    if residuals_path.is_some() {
        let log = history.clone();
        snes.monitor(move |it, fnorm| {
            log.borrow_mut().push((it as f64, fnorm));
            Ok(())
        })?;
    }
    snes.set_from_options()?;

    let mut x = da.create_global_vector()?;
    x.set_name("temperature")?;
    initial_guess(&da, lambda, &mut x)?;
    let u0 = plot::natural_field(&da, &x)?;

    let reason = snes.solve(None, &mut x)?;
    // With -snes_grid_sequence the last solve ran on a refined grid: its solution and
    // grid are the solver's (x holds the first grid's).
    let (mx0, my0) = (mx, my);
    let da = snes.dm()?;
    let x = snes.solution()?.unwrap_or(x);
    let info = da.info()?;
    let (mx, my) = (info.mx, info.my);
    let its = snes.iteration_number()?;
    let lits = snes.linear_iterations()?;
    let fnorm = snes.function_norm()?;
    let ksp = snes.ksp()?;
    let method = format!(
        "{} ({} + {})",
        snes.type_name()?,
        ksp.type_name()?,
        ksp.pc()?.type_name()?
    );
    println0!(
        petsc,
        "{method}: Newton iterations {its}, linear iterations {lits}, {reason}"
    )?;
    let max = x.max()?.value;
    let norm2 = x.norm(NormType::Two)?;
    let n = (mx as f64) * (my as f64);
    let u = plot::natural_field(&da, &x)?;
    // VecMax's index is in PETSc's numbering (by rank): locate the point on the copy.
    let at = u
        .iter()
        .position(|&v| v == max)
        .map(|k| format!(" at (i, j) = ({}, {})", k % mx as usize, k / mx as usize))
        .unwrap_or_default();
    println0!(petsc, "max temperature rise {max:.12e}{at}")?;
    println0!(
        petsc,
        "solution 2-norm {norm2:.12e} (2-norm / sqrt(N) = {:.6e}, N = {n})",
        norm2 / n.sqrt()
    )?;

    let mut ok = true;
    if world.rank() == 0 {
        let (mxu, myu) = (mx as usize, my as usize);
        let r0 = plain_residual(&problem, &u0, mx0 as usize, my0 as usize);
        let r = plain_residual(&problem, &u, mxu, myu);
        // Both sums carry rounding errors of about eps times the size of their terms.
        let agree = (r - fnorm).abs() <= 1e-12 * r0.max(1.0) + 1e-6 * fnorm;
        println0!(
            petsc,
            "check: independent residual on rank 0 ||F(u)||_2 = {r:.6e} ({:.3e} of the \
             initial guess's {r0:.6e}); SNES reports {fnorm:.6e}: {}",
            r / r0.max(f64::MIN_POSITIVE),
            if agree { "agree" } else { "DISAGREE" }
        )?;
        ok &= agree || !reason.is_converged();
        if mms != Mms::Bratu {
            let hx = 1.0 / (mxu - 1) as f64;
            let hy = 1.0 / (myu - 1) as f64;
            let (mut e2, mut einf) = (0.0f64, 0.0f64);
            for (k, uk) in u.iter().enumerate() {
                let (i, j) = (k % mxu, k / mxu);
                let e = uk - mms.solution(i as f64 * hx, j as f64 * hy);
                e2 += e * e;
                einf = einf.max(e.abs());
            }
            println0!(
                petsc,
                "manufactured solution error: L2 (2-norm / sqrt(N)) {:.6e}, max {einf:.6e}",
                e2.sqrt() / n.sqrt()
            )?;
        }
    }
    let checks = all_agree(petsc, ok);
    if let Some(path) = &plot_path {
        let (mxu, myu) = (mx as usize, my as usize);
        plot::on_rank0(petsc, || plot_field(&u, mxu, myu, lambda, path))?;
        println0!(petsc, "wrote {}", path.display())?;
    }
    if let Some(path) = &residuals_path {
        plot::on_rank0(petsc, || plot_residuals(&history.borrow(), &method, path))?;
        println0!(petsc, "wrote {}", path.display())?;
    }
    if !reason.is_converged() {
        let hint = if lambda > LAMBDA_CRITICAL && mms == Mms::Bratu {
            format!(
                "; lambda {lambda} is above the critical value ~{LAMBDA_CRITICAL}, beyond \
                 which no solution exists"
            )
        } else {
            String::new()
        };
        let msg = format!("Newton did not converge: {reason} after {its} iterations{hint}");
        println0!(petsc, "NOT CONVERGED: {msg}")?;
        return Err(check_failed(msg));
    }
    if !checks {
        return Err(check_failed(
            "the independent residual disagrees with SNES's function norm",
        ));
    }
    Ok(())
}
