//! A downstream solver: a struct that owns its PETSc objects (`Mat`, `Ksp`, `Snes`) in
//! plain fields, with its own closures for the nonlinear residual and Jacobian.
//!
//! On `(0, 1)` with `u(0) = u(1) = 0` and `n` interior points (`h = 1 / (n + 1)`), `A` is
//! the finite-difference Laplacian `tridiag(-1, 2, -1) / h^2`. Its first eigenvector
//! `s_i = sin(pi x_i)` has the eigenvalue `lambda = 4 sin^2(pi h / 2) / h^2`, which gives
//! closed forms for both solves:
//!
//! - linear (the `Ksp`): `A y = s` has the solution `y = s / lambda`;
//! - nonlinear (the `Snes`): `A u + u^3 = f` with `f = lambda s + s^3` has `u = s`.
//!
//! The program checks both and exits non-zero when an error is above its tolerance.
//!
//! ```text
//! cargo build --release
//! mpiexec -n 2 target/release/petsc-downstream -n 200 -snes_monitor -poisson_ksp_type cg
//! ```

use std::f64::consts::PI;
use std::process::ExitCode;

use petsc::{
    Comm, InsertMode, Int, Ksp, Mat, MatInfoType, NormType, Real, Scalar, Sizes, Snes, Vector,
};

/// The solvers of one grid, owned like any other Rust values: no lifetimes, and the
/// PETSc objects are destroyed when the struct is dropped.
struct Solver {
    comm: Comm,
    /// Number of interior grid points.
    n: Int,
    /// The Laplacian `A`, assembled once.
    laplacian: Mat,
    /// The Jacobian `A + 3 diag(u^2)`, refilled by the SNES Jacobian closure.
    jacobian: Mat,
    /// Solves `A y = b` (options prefix `poisson_`: `-poisson_ksp_type cg`).
    ksp: Ksp,
    /// Solves `A u + u^3 = f` (`-snes_monitor`, `-snes_type`, `-ksp_type`, ...).
    snes: Snes,
}

impl Solver {
    fn new(comm: &Comm, n: Int) -> petsc::Result<Solver> {
        let h = 1.0 / (n as Real + 1.0);
        let laplacian = tridiagonal(comm, n, h, |_| Scalar::from(0.0))?;

        let mut ksp = Ksp::new(comm)?;
        ksp.set_options_prefix("poisson_")?;
        ksp.set_operators(&laplacian, &laplacian)?;
        ksp.set_tolerances(petsc::KspTolerances {
            rtol: Some(1e-12),
            atol: Some(1e-14),
            ..Default::default()
        })?;
        ksp.set_error_if_not_converged(true)?;
        ksp.set_from_options()?;

        // Same layout and nonzero pattern as A; its values come from the closure below.
        let jacobian = tridiagonal(comm, n, h, |_| Scalar::from(0.0))?;
        let mut snes = Snes::new(comm)?;
        // F(u) = A u + u^3. The closure owns a handle to A (a clone shares the same PETSc
        // matrix), so it needs nothing from the struct.
        let a = laplacian.clone();
        let (residual, _) = laplacian.create_vecs()?;
        snes.set_function(residual, move |u, f| {
            a.mult(u, f)?;
            let u = u.view()?;
            let mut f = f.view_mut()?;
            for (fi, ui) in f.iter_mut().zip(u.iter()) {
                *fi += *ui * *ui * *ui;
            }
            Ok(())
        })?;
        // J(u) = A + 3 diag(u^2), assembled into the matrix given here: the struct's
        // `jacobian` field is a handle to that same matrix.
        snes.set_jacobian(&jacobian, None, move |u, mats| {
            let u = u.view()?;
            fill_tridiagonal(mats.pre(), n, h, |k| {
                let uk = u[k];
                Scalar::from(3.0) * uk * uk
            })
        })?;
        snes.set_tolerances(petsc::SnesTolerances {
            atol: Some(1e-12),
            rtol: Some(1e-12),
            ..Default::default()
        })?;
        snes.set_error_if_not_converged(true)?;
        snes.set_from_options()?;

        Ok(Solver {
            comm: comm.clone(),
            n,
            laplacian,
            jacobian,
            ksp,
            snes,
        })
    }

    /// Solves `A y = b`; returns the number of iterations.
    fn solve_linear(&mut self, b: &Vector, y: &mut Vector) -> petsc::Result<Int> {
        self.ksp.solve(b, y)?.check()?;
        self.ksp.iteration_number()
    }

    /// Solves `A u + u^3 = f` from the initial guess in `u`; returns the number of
    /// Newton iterations.
    fn solve_nonlinear(&mut self, f: &Vector, u: &mut Vector) -> petsc::Result<Int> {
        self.snes.solve(Some(f), u)?.check()?;
        self.snes.iteration_number()
    }

    /// A vector with the grid's layout, `v_i = g(x_i)`.
    fn grid_function(&self, g: impl Fn(Real) -> Real) -> petsc::Result<Vector> {
        let (mut v, _) = self.laplacian.create_vecs()?;
        let rows = v.ownership_range()?;
        let h = 1.0 / (self.n as Real + 1.0);
        let mut view = v.view_mut()?;
        for (k, i) in rows.enumerate() {
            view[k] = Scalar::from(g((i + 1) as Real * h));
        }
        drop(view);
        Ok(v)
    }
}

/// The `n x n` matrix `tridiag(-1, 2, -1) / h^2 + diag(d)`, its rows spread over `comm`.
fn tridiagonal(comm: &Comm, n: Int, h: Real, d: impl Fn(usize) -> Scalar) -> petsc::Result<Mat> {
    let mut m = Mat::aij(comm)
        .sizes(Sizes::global(n, n))
        .preallocate(3, 2)
        .build()?;
    fill_tridiagonal(&mut m, n, h, d)?;
    Ok(m)
}

/// Sets this rank's rows of `m` to those of `tridiag(-1, 2, -1) / h^2 + diag(d)`, `d(k)`
/// for the `k`-th row this rank owns, and assembles.
fn fill_tridiagonal(
    m: &mut Mat,
    n: Int,
    h: Real,
    d: impl Fn(usize) -> Scalar,
) -> petsc::Result<()> {
    let c = 1.0 / (h * h);
    for (k, i) in m.ownership_range()?.enumerate() {
        for (j, v) in [(i - 1, -c), (i, 2.0 * c), (i + 1, -c)] {
            if (0..n).contains(&j) {
                let mut v = Scalar::from(v);
                if j == i {
                    v += d(k);
                }
                m.set_values(&[i], &[j], &[v], InsertMode::Insert)?;
            }
        }
    }
    m.assemble()
}

/// `max_i |v_i - w_i|`, the same on every rank.
fn max_difference(v: &Vector, w: &Vector) -> petsc::Result<Real> {
    let mut d = v.duplicate()?;
    d.copy_from(v)?;
    d.axpy(-1.0, w)?;
    d.norm(NormType::Infinity)
}

fn main() -> ExitCode {
    petsc::main(|petsc| {
        let world = petsc.world();
        let n = petsc.options().get_or::<Int>("n", 64)?;
        if n < 2 {
            return Err(petsc::Error::user(format!(
                "-n {n}: at least 2 grid points"
            )));
        }
        let mut solver = Solver::new(&world, n)?;

        let h = 1.0 / (n as Real + 1.0);
        let lambda = 4.0 * (PI * h / 2.0).sin().powi(2) / (h * h);
        let s = solver.grid_function(|x| (PI * x).sin())?;

        // Linear: A y = s, exact y = s / lambda.
        let mut y = s.duplicate()?;
        let its = solver.solve_linear(&s, &mut y)?;
        let y_exact = solver.grid_function(|x| (PI * x).sin() / lambda)?;
        let linear_error = max_difference(&y, &y_exact)? * lambda;

        // Nonlinear: A u + u^3 = lambda s + s^3, exact u = s; Newton from u = 0.
        let f = solver.grid_function(|x| {
            let s = (PI * x).sin();
            lambda * s + s * s * s
        })?;
        let mut u = s.duplicate()?;
        u.set(0.0)?;
        let newton = solver.solve_nonlinear(&f, &mut u)?;
        let nonlinear_error = max_difference(&u, &s)?;

        // The Jacobian closure assembled into the struct's matrix: a tridiagonal one.
        let nonzeros = solver.jacobian.info(MatInfoType::GlobalSum)?.nz_used;

        petsc::println0!(
            petsc,
            "n = {}, {} MPI rank(s), Jacobian with {} nonzeros",
            solver.n,
            solver.comm.size(),
            nonzeros
        )?;
        petsc::println0!(
            petsc,
            "linear:    {its} iterations, relative error {linear_error:.2e}"
        )?;
        petsc::println0!(
            petsc,
            "nonlinear: {newton} Newton iterations, max error {nonlinear_error:.2e}"
        )?;
        if nonzeros != 3 * n as u64 - 2 {
            return Err(petsc::Error::user(format!(
                "the Jacobian has {nonzeros} nonzeros, not {}",
                3 * n - 2
            )));
        }
        let tolerance = 1e-8;
        if linear_error > tolerance || nonlinear_error > tolerance {
            return Err(petsc::Error::user(format!(
                "errors above {tolerance:e}: linear {linear_error:e}, nonlinear {nonlinear_error:e}"
            )));
        }
        petsc::println0!(petsc, "ok")?;
        Ok(())
    })
}
