//! Heat calibration: recover the diffusivity `alpha` and the amplitude `A` of a heat
//! source from an observation of the temperature field, with TAO and gradients from
//! TS's discrete adjoint.
//!
//! ```text
//! mpiexec -n 4 target/release/examples/heat_calibrate --nx 33 --ny 33 \
//!     [--alpha-true 0.8] [--amp-true 20] [--alpha0 0.3] [--amp0 5] [--t-final 0.05] \
//!     [-tao_type blmvm|lmvm|...] [-tao_monitor] [-tao_view]
//! ```
//!
//! **Model.** `u_t = alpha Laplace(u) + A g(x, y)` on the unit square, `u = 0` on the
//! boundary, `u(0) = sin(pi x) sin(pi y)`, source shape `g = sin(2 pi x) sin(pi y)`;
//! 5-point Laplacian `L` on an `nx` x `ny` DMDA (as in the `heat` example), so the
//! semi-discrete system is `u' = alpha L u + A g`, integrated by TS with the classical
//! fourth-order Runge-Kutta method in fixed steps to `--t-final`: the largest step that
//! divides `t-final` and stays within RK4's stability limit for the largest `alpha` the
//! bounds allow (`2 / (4 alpha_max (1/hx^2 + 1/hy^2))`), so every `alpha` TAO tries is
//! stable.
//!
//! **Data.** A forward solve with the true parameters gives the observed final field `d`.
//!
//! **Objective.** `J(alpha, A) = 1/2 hx hy sum_ij (u_ij(T) - d_ij)^2`, a terminal cost.
//! Its gradient comes from one adjoint solve: `lambda(T) = hx hy (u(T) - d)`, and the
//! Jacobian of the right-hand side with respect to the parameters, whose columns are
//! `L u` and `g` (`TSSetRHSJacobianP`), makes the adjoint accumulate `mu = dJ/dp`.
//!
//! **Checks.** (a) At the start point the adjoint gradient is compared with central
//! finite differences of `J` (each a forward solve); their relative difference is
//! printed and must be below 1e-6: the adjoint is exact for the discrete scheme, and
//! what is left is the finite differences' truncation and rounding. Any `-ts_type` with
//! an adjoint works (`rk`, `beuler`, `cn`, `theta`, ...); the implicit ones solve
//! their linear systems to a relative tolerance of 1e-12 (`-ksp_rtol` overrides it), so
//! that the forward map the differences see is the one the adjoint differentiates.
//! The residual `u(T) - d` is formed in a vector of its own: the adjoint's first step
//! reads the final state from the solution vector, and petsc-rs refuses an adjoint
//! solve after that vector was changed.
//! (b) TAO (`blmvm` with the physical bounds `alpha` in [0.01, 2], `A` in [0, 1000])
//! recovers the parameters; their relative errors against the true ones are printed
//! and must be below 1e-5. The data is made per grid point, so the answers do not
//! depend on the number of ranks (up to rounding in the reductions).

#![cfg_attr(petsc_complex, allow(dead_code, unused_imports))]

use std::cell::{Cell, RefCell};
use std::f64::consts::PI;
use std::process::ExitCode;
use std::rc::Rc;

use petsc::{
    Da, ExactFinalTime, InsertMode, Int, Mat, MatDuplicateOption, NormType, Object, Petsc, Sizes,
    Stencil, Tao, TaoType, Ts, TsProblemType, TsType, Vector,
};
use petsc_examples::{all_agree, check_failed, println0, real, require, scalar, Flags};

#[cfg(not(petsc_complex))]
/// The physical bounds of the diffusivity.
const ALPHA_MIN: f64 = 0.01;
#[cfg(not(petsc_complex))]
const ALPHA_MAX: f64 = 2.0;

#[cfg(not(petsc_complex))]
fn main() -> ExitCode {
    petsc::main(body)
}

#[cfg(petsc_complex)]
fn main() -> ExitCode {
    petsc_examples::real_only(
        "heat_calibrate",
        "TAO minimizes real functions of real variables",
    )
}

#[cfg(not(petsc_complex))]
/// The grid.
#[derive(Debug, Clone, Copy)]
#[cfg(not(petsc_complex))]
struct Grid {
    mx: Int,
    my: Int,
}

#[cfg(not(petsc_complex))]
impl Grid {
    fn hx(&self) -> f64 {
        1.0 / (self.mx - 1) as f64
    }

    fn hy(&self) -> f64 {
        1.0 / (self.my - 1) as f64
    }

    fn boundary(&self, i: Int, j: Int) -> bool {
        i == 0 || j == 0 || i == self.mx - 1 || j == self.my - 1
    }
}

#[cfg(not(petsc_complex))]
/// The 5-point Laplacian on the DMDA's rows: boundary rows zero (an explicit 0 on the
/// diagonal), interior rows the stencil without the columns of boundary points.
fn laplacian(da: &Da, g: Grid) -> petsc::Result<Mat> {
    let info = da.info()?;
    let mut l = da.create_matrix()?;
    let (ax, ay) = (1.0 / (g.hx() * g.hx()), 1.0 / (g.hy() * g.hy()));
    for j in info.ys..info.ys + info.ym {
        for i in info.xs..info.xs + info.xm {
            let row = Stencil::new(i, j, 0, 0);
            if g.boundary(i, j) {
                l.set_values_stencil(&[row], &[row], &[scalar(0.0)], InsertMode::Insert)?;
                continue;
            }
            let mut cols = vec![row];
            let mut vals = vec![scalar(-2.0 * (ax + ay))];
            for (di, dj, a) in [(-1, 0, ax), (1, 0, ax), (0, -1, ay), (0, 1, ay)] {
                if !g.boundary(i + di, j + dj) {
                    cols.push(Stencil::new(i + di, j + dj, 0, 0));
                    vals.push(scalar(a));
                }
            }
            l.set_values_stencil(&[row], &cols, &vals, InsertMode::Insert)?;
        }
    }
    l.assemble()?;
    Ok(l)
}

#[cfg(not(petsc_complex))]
/// `f(x, y)` at the owned grid points (0 on the boundary).
fn sample(da: &Da, g: Grid, f: impl Fn(f64, f64) -> f64) -> petsc::Result<Vector> {
    let info = da.info()?;
    let mut v = da.create_global_vector()?;
    {
        let mut w = da.view_mut(&mut v)?;
        for j in info.ys..info.ys + info.ym {
            for i in info.xs..info.xs + info.xm {
                let val = if g.boundary(i, j) {
                    0.0
                } else {
                    f(i as f64 * g.hx(), j as f64 * g.hy())
                };
                w[(i, j)] = scalar(val);
            }
        }
    }
    Ok(v)
}

#[cfg(not(petsc_complex))]
/// The forward model and its adjoint: one integrator reused for every evaluation.
struct Model {
    ts: Ts,
    /// The parameters `(alpha, A)` the closures read.
    p: Rc<Cell<[f64; 2]>>,
    u0: Vector,
    /// `dG/dp`, with the parameters as columns: its column layout is the parameters'.
    jp_cols: Vector,
    dt: f64,
    w: f64,
    solves: Cell<usize>,
}

#[cfg(not(petsc_complex))]
impl Model {
    fn new(petsc: &Petsc, da: &Da, g: Grid, dt: f64, t_final: f64) -> petsc::Result<Model> {
        let world = petsc.world();
        let l = Rc::new(laplacian(da, g)?);
        let src = Rc::new(sample(da, g, |x, y| (2.0 * PI * x).sin() * (PI * y).sin())?);
        let u0 = sample(da, g, |x, y| (PI * x).sin() * (PI * y).sin())?;
        let p = Rc::new(Cell::new([1.0, 0.0]));
        let mut ts = Ts::new(&world)?;
        ts.set_problem_type(TsProblemType::Linear)?;
        ts.set_type(TsType::Rk)?;
        ts.set_rk_type("4")?;
        let (lf, sf, pf) = (l.clone(), src.clone(), p.clone());
        ts.set_rhs_function(None, move |_t, u, f| {
            let [alpha, amp] = pf.get();
            lf.mult(u, f)?;
            f.scale(alpha)?;
            f.axpy(amp, &sf)
        })?;
        let (lj, pj) = (l.clone(), p.clone());
        ts.set_rhs_jacobian(
            &l.duplicate(MatDuplicateOption::CopyValues)?,
            None,
            move |_t, _u, mats| {
                let pre = mats.pre();
                pre.copy_from(&lj)?;
                pre.scale(pj.get()[0])
            },
        )?;
        // dG/dp = [L u, g]: one column per parameter.
        let n = u0.size()?;
        let nl = u0.local_size()?;
        let jp = Mat::dense(&world)
            .sizes(Sizes {
                local_rows: Some(nl),
                global_rows: Some(n),
                global_cols: Some(2),
                ..Default::default()
            })
            .build()?;
        let (jp_cols, _) = jp.create_vecs()?;
        let (lp, sp) = (l.clone(), src.clone());
        ts.set_rhs_jacobian_p(&jp, move |_t, u, a| {
            let mut lu = u.duplicate()?;
            lp.mult(u, &mut lu)?;
            let lo = u.ownership_range()?.start;
            let (lu, s) = (lu.view()?, sp.view()?);
            for k in 0..lu.len() {
                let row = lo + k as Int;
                a.set_value(row, 0, lu[k], InsertMode::Insert)?;
                a.set_value(row, 1, s[k], InsertMode::Insert)?;
            }
            a.assemble()
        })?;
        ts.set_trajectory_type("memory")?;
        ts.set_max_time(t_final)?;
        ts.set_exact_final_time(ExactFinalTime::Matchstep)?;
        ts.set_time_step(dt)?;
        ts.set_adapt_type("none")?;
        // Implicit methods: solve each step's linear system to convergence.
        ts.snes()?.ksp()?.set_tolerances(petsc::KspTolerances {
            rtol: Some(1e-12),
            atol: Some(1e-50),
            ..Default::default()
        })?;
        ts.set_from_options()?;
        Ok(Model {
            ts,
            p,
            u0,
            jp_cols,
            dt,
            w: g.hx() * g.hy(),
            solves: Cell::new(0),
        })
    }

    /// The final field for parameters `p`.
    fn forward(&mut self, p: [f64; 2]) -> petsc::Result<Vector> {
        self.p.set(p);
        // A new trajectory for each forward solve (the memory trajectory refuses to
        // start over a saved one that no adjoint solve consumed).
        self.ts.remove_trajectory()?;
        self.ts.set_trajectory_type("memory")?;
        self.ts.set_time(0.0)?;
        self.ts.set_step_number(0)?;
        self.ts.set_time_step(self.dt)?;
        let mut u = self.u0.duplicate()?;
        u.copy_from(&self.u0)?;
        self.ts.solve(&mut u)?.check()?;
        self.solves.set(self.solves.get() + 1);
        Ok(u)
    }

    /// `J(p)` against the data `d`.
    fn objective(&mut self, p: [f64; 2], d: &Vector) -> petsc::Result<f64> {
        let mut r = self.forward(p)?;
        r.axpy(-1.0, d)?;
        Ok(0.5 * self.w * r.norm(NormType::Two)?.powi(2))
    }

    /// `J(p)` and its gradient by the adjoint, written into `grad` (laid out like the
    /// parameters).
    fn objective_gradient(
        &mut self,
        p: [f64; 2],
        d: &Vector,
        grad: &mut Vector,
    ) -> petsc::Result<f64> {
        let u = self.forward(p)?;
        // lambda(T) = dJ/du(T) = w (u(T) - d), in a vector of its own: `u` is the
        // integrator's solution vector, whose final state the adjoint's first step reads
        // (changing it is refused) and which it then overwrites with the saved states.
        let mut lambda = u.duplicate()?;
        lambda.waxpy(-1.0, d, &u)?;
        let j = 0.5 * self.w * lambda.norm(NormType::Two)?.powi(2);
        lambda.scale(self.w)?;
        let mut mu = self.jp_cols.duplicate()?;
        mu.set(0.0)?;
        self.ts.set_cost_gradients(vec![lambda], Some(vec![mu]))?;
        self.ts.adjoint_solve()?;
        let (_, mu) = self.ts.cost_gradients()?;
        let mu = mu.and_then(|m| m.into_iter().next()).ok_or_else(|| {
            petsc::Error::invalid("heat_calibrate", "the adjoint solve gave no mu")
        })?;
        grad.copy_from(&mu)?;
        Ok(j)
    }
}

#[cfg(not(petsc_complex))]
/// Both entries of a parameter vector, on every rank (collective).
fn params(x: &Vector) -> petsc::Result<[f64; 2]> {
    let all = x.to_all()?;
    let v = all.view()?;
    Ok([real(v[0]), real(v[1])])
}

#[cfg(not(petsc_complex))]
/// A parameter vector laid out like `like` holding `p`.
fn param_vector(like: &Vector, p: [f64; 2]) -> petsc::Result<Vector> {
    let mut x = like.duplicate()?;
    let lo = x.ownership_range()?.start as usize;
    for (k, xi) in x.view_mut()?.iter_mut().enumerate() {
        *xi = scalar(p[lo + k]);
    }
    Ok(x)
}

#[cfg(not(petsc_complex))]
fn body(petsc: &Petsc) -> petsc::Result<()> {
    let mut flags = Flags::from_env(
        "heat_calibrate",
        "recovers the diffusivity and a source amplitude of u_t = alpha Laplace(u) + A g \
         from the observed final field, by TAO with gradients from TS's adjoint",
    );
    let nx: Int = flags.value("nx", 33, "grid points in x, boundary included (>= 5)")?;
    let ny: Int = flags.value("ny", 33, "grid points in y, boundary included (>= 5)")?;
    let alpha_true: f64 = flags.value("alpha-true", 0.8, "diffusivity of the data")?;
    let amp_true: f64 = flags.value("amp-true", 20.0, "source amplitude of the data")?;
    let alpha0: f64 = flags.value("alpha0", 0.3, "starting diffusivity")?;
    let amp0: f64 = flags.value("amp0", 5.0, "starting source amplitude")?;
    let t_final: f64 = flags.value("t-final", 0.05, "final (observation) time")?;
    flags.finish()?;

    require(nx >= 5 && ny >= 5, || {
        format!("the grid needs at least 5 x 5 points, got --nx {nx} --ny {ny}")
    })?;
    for (name, v, lo, hi) in [
        ("--alpha-true", alpha_true, ALPHA_MIN, ALPHA_MAX),
        ("--alpha0", alpha0, ALPHA_MIN, ALPHA_MAX),
        ("--amp-true", amp_true, 0.0, 1000.0),
        ("--amp0", amp0, 0.0, 1000.0),
    ] {
        require(v.is_finite() && v >= lo && v <= hi, || {
            format!("{name} must be in [{lo}, {hi}], got {v}")
        })?;
    }
    require(t_final.is_finite() && t_final > 0.0, || {
        format!("--t-final must be a positive number, got {t_final}")
    })?;

    let world = petsc.world();
    let grid = Grid { mx: nx, my: ny };
    let (hx, hy) = (grid.hx(), grid.hy());
    let dt_limit = 2.0 / (4.0 * ALPHA_MAX * (1.0 / (hx * hx) + 1.0 / (hy * hy)));
    let dt = t_final / (t_final / dt_limit).ceil();
    let da = Da::grid(&world).sizes([nx, ny]).stencil_width(1).build()?;
    let mut model = Model::new(petsc, &da, grid, dt, t_final)?;
    println0!(
        petsc,
        "heat_calibrate: {nx} x {ny} grid, {} rank{}, TS {} with dt {dt:.6e} to t = {t_final}",
        world.size(),
        if world.size() == 1 { "" } else { "s" },
        model.ts.type_name()?
    )?;
    let truth = [alpha_true, amp_true];
    let start = [alpha0, amp0];
    let data = model.forward(truth)?;
    println0!(
        petsc,
        "synthetic data: alpha = {alpha_true}, A = {amp_true}, max |d| = {:.6e}",
        data.norm(NormType::Infinity)?
    )?;

    // (a) The adjoint gradient against central finite differences at the start point.
    let mut grad = model.jp_cols.duplicate()?;
    let j0 = model.objective_gradient(start, &data, &mut grad)?;
    let g_adj = params(&grad)?;
    let mut g_fd = [0.0; 2];
    for k in 0..2 {
        let eps = 1e-5 * start[k].abs().max(1.0);
        let (mut plus, mut minus) = (start, start);
        plus[k] += eps;
        minus[k] -= eps;
        g_fd[k] = (model.objective(plus, &data)? - model.objective(minus, &data)?) / (2.0 * eps);
    }
    let diff = ((g_adj[0] - g_fd[0]).powi(2) + (g_adj[1] - g_fd[1]).powi(2)).sqrt()
        / (g_fd[0].powi(2) + g_fd[1].powi(2)).sqrt();
    println0!(petsc, "start: alpha = {alpha0}, A = {amp0}, J = {j0:.10e}")?;
    println0!(
        petsc,
        "gradient (adjoint):            [{:.10e}, {:.10e}]",
        g_adj[0],
        g_adj[1]
    )?;
    println0!(
        petsc,
        "gradient (central differences): [{:.10e}, {:.10e}]",
        g_fd[0],
        g_fd[1]
    )?;
    println0!(petsc, "gradient check: relative difference = {diff:.3e}")?;

    // (b) Recover the parameters with TAO.
    let x = param_vector(&model.jp_cols, start)?;
    let lower = param_vector(&model.jp_cols, [ALPHA_MIN, 0.0])?;
    let upper = param_vector(&model.jp_cols, [ALPHA_MAX, 1000.0])?;
    let mut tao = Tao::new(&world)?;
    tao.set_type(TaoType::Blmvm)?;
    tao.set_solution(&x)?;
    tao.set_variable_bounds(Some(&lower), Some(&upper))?;
    tao.set_tolerances(petsc::TaoTolerances {
        gatol: Some(1e-14),
        grtol: Some(0.0),
        gttol: Some(0.0),
    })?;
    tao.set_max_iterations(200)?;
    let model = Rc::new(RefCell::new(model));
    let (m, d) = (model.clone(), data.duplicate()?);
    let mut d = d;
    d.copy_from(&data)?;
    tao.set_objective_and_gradient(move |x, g| {
        let p = params(x)?;
        m.borrow_mut().objective_gradient(p, &d, g)
    })?;
    tao.set_from_options()?;
    let reason = tao.solve()?;
    let found = params(&x)?;
    let err = [
        (found[0] - alpha_true).abs() / alpha_true,
        (found[1] - amp_true).abs() / amp_true.max(1e-300),
    ];
    println0!(
        petsc,
        "TAO {}: {} after {} iterations ({} forward solves in all)",
        tao.type_name()?,
        reason,
        tao.iteration_number()?,
        model.borrow().solves.get()
    )?;
    println0!(
        petsc,
        "recovered alpha = {:.12e} (true {alpha_true}), relative error = {:.3e}",
        found[0],
        err[0]
    )?;
    println0!(
        petsc,
        "recovered A     = {:.12e} (true {amp_true}), relative error = {:.3e}",
        found[1],
        err[1]
    )?;

    let ok = diff < 1e-6 && err[0] < 1e-5 && err[1] < 1e-5;
    if !all_agree(petsc, ok) {
        return Err(check_failed(format!(
            "heat_calibrate: a check failed (gradient difference {diff:.3e}, parameter \
             errors {:.3e}, {:.3e})",
            err[0], err[1]
        )));
    }
    println0!(petsc, "checks passed")?;
    Ok(())
}
