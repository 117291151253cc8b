//! SLEPc's PEP tutorial `ex16.c` in Rust: the quadratic eigenproblem
//! `(K + lambda C + lambda^2 M) x = 0` on an `n` x `m` grid (`-n`, 10; `-m`, `n`;
//! `N = n m`), with `K` the 2D Laplacian (4 on the diagonal, -1 for the four
//! neighbours), `C` the 1D Laplacian along the grid lines (2, -1, -1) and
//! `M = diag(1, 2, ..., N)`; all Hermitian, so the problem type is
//! [`PepProblemType::Hermitian`]. The solver is TOAR with the largest eigenvalues in
//! magnitude unless the options (`-pep_type`, `-pep_nev`, `-pep_scale`, `-st_transform`,
//! ...) say otherwise.
//!
//! It prints what the C program prints: with `-terse` the one line of
//! [`Pep::error_view`] (SLEPc's tests compare that with its `output/ex16_1.out`, or one
//! of the `_alt` files: the order of the two eigenvalues of a complex conjugate pair
//! varies with the solver and the run), otherwise a table of the eigenvalues and their
//! backward errors. Each eigenpair is checked against its residual `||P(lambda) x||`,
//! computed here.
//!
//! As the C program does, it sets the interval of the basis' random numbers to `[-1, 1]`
//! ([`Pep::bv`], [`slepc::Bv::random_context`]): the matrices are real, and so, in
//! complex arithmetic too, are the starting vectors and all the solver computes from them.
//!
//! ```text
//! pep_ex16 -pep_nev 4 -pep_ncv 21 -n 12 -terse
//! mpiexec -n 2 target/release/examples/pep_ex16 -pep_type stoar -pep_scale scalar -terse
//! ```

use std::process::ExitCode;

use petsc::{println0, InsertMode, Int, Mat, NormType, Petsc, Scalar, Sizes, Vector, Viewer, G};
use petsc_examples::check_failed;
use slepc::{Pep, PepErrorType, PepProblemType};

/// A matrix of `nn` rows spread over the ranks, each row from `row`.
fn matrix(
    world: &petsc::Comm,
    nn: Int,
    row: impl Fn(Int) -> Vec<(Int, f64)>,
) -> petsc::Result<Mat> {
    let mut a = Mat::aij(world)
        .sizes(Sizes::global(nn, nn))
        .preallocate(5, 4)
        .build()?;
    for i in a.ownership_range()? {
        let (cols, vals): (Vec<Int>, Vec<Scalar>) = row(i)
            .into_iter()
            .map(|(j, v)| (j, Scalar::from(v)))
            .unzip();
        a.set_values(&[i], &cols, &vals, InsertMode::Insert)?;
    }
    a.assemble()?;
    Ok(a)
}

/// `||P(lambda) x|| / ||x||` for the eigenpair `(re + i im, xr + i xi)` (real scalars:
/// the imaginary part of a complex eigenvector is in `xi`; complex scalars: `xi = 0`).
fn residual(ops: [&Mat; 3], re: f64, im: f64, xr: &Vector, xi: &Vector) -> petsc::Result<f64> {
    let apply = |a: &Mat, x: &Vector| -> petsc::Result<Vector> {
        let mut y = x.duplicate()?;
        a.mult(x, &mut y)?;
        Ok(y)
    };
    let [k, c, m] = ops;
    #[cfg(petsc_complex)]
    {
        let _ = xi;
        let l = Scalar::new(re, im);
        let mut r = apply(k, xr)?;
        r.axpy(l, &apply(c, xr)?)?;
        r.axpy(l * l, &apply(m, xr)?)?;
        Ok(r.norm(NormType::Two)? / xr.norm(NormType::Two)?)
    }
    #[cfg(not(petsc_complex))]
    {
        // Real and imaginary parts of P(re + i im)(xr + i xi).
        let (l2r, l2i) = (re * re - im * im, 2.0 * re * im);
        let (cr, ci) = (apply(c, xr)?, apply(c, xi)?);
        let (mr, mi) = (apply(m, xr)?, apply(m, xi)?);
        let mut rr = apply(k, xr)?;
        rr.axpy(re, &cr)?;
        rr.axpy(-im, &ci)?;
        rr.axpy(l2r, &mr)?;
        rr.axpy(-l2i, &mi)?;
        let mut ri = apply(k, xi)?;
        ri.axpy(re, &ci)?;
        ri.axpy(im, &cr)?;
        ri.axpy(l2r, &mi)?;
        ri.axpy(l2i, &mr)?;
        let num = rr.norm(NormType::Two)?.hypot(ri.norm(NormType::Two)?);
        Ok(num / xr.norm(NormType::Two)?.hypot(xi.norm(NormType::Two)?))
    }
}

fn body(petsc: &Petsc) -> petsc::Result<()> {
    let opts = petsc.options();
    let n = opts.get::<Int>("n")?.unwrap_or(10);
    let m = opts.get::<Int>("m")?.unwrap_or(n);
    if n < 1 || m < 1 {
        return Err(check_failed(format!(
            "-n {n} -m {m}: the grid needs at least one point each way"
        )));
    }
    let nn = n * m;
    let world = petsc.world();
    println0!(world, "\nQuadratic Eigenproblem, N={nn} ({n}x{m} grid)\n")?;

    // K is the 2-D Laplacian, C the 1-D Laplacian on horizontal lines, M diagonal.
    let k = matrix(&world, nn, |ii| {
        let (i, j) = (ii / n, ii % n);
        let mut r = Vec::with_capacity(5);
        if i > 0 {
            r.push((ii - n, -1.0));
        }
        if i < m - 1 {
            r.push((ii + n, -1.0));
        }
        if j > 0 {
            r.push((ii - 1, -1.0));
        }
        if j < n - 1 {
            r.push((ii + 1, -1.0));
        }
        r.push((ii, 4.0));
        r
    })?;
    let c = matrix(&world, nn, |ii| {
        let j = ii % n;
        let mut r = Vec::with_capacity(3);
        if j > 0 {
            r.push((ii - 1, -1.0));
        }
        if j < n - 1 {
            r.push((ii + 1, -1.0));
        }
        r.push((ii, 2.0));
        r
    })?;
    let mm = matrix(&world, nn, |ii| vec![(ii, (ii + 1) as f64)])?;

    let mut pep = Pep::new(&world)?;
    pep.set_operators(&[&k, &c, &mm])?;
    pep.set_problem_type(PepProblemType::Hermitian)?;
    // Real random vectors in [-1, 1] (in complex arithmetic, zero imaginary parts).
    pep.bv()?.random_context()?.set_interval(-1.0, 1.0)?;
    pep.set_from_options()?;

    // As in C, the program goes on whatever the reason (`-pep_converged_reason` prints it).
    let _reason = pep.solve()?;

    let (nev, _, _) = pep.dimensions()?;
    println0!(world, " Number of requested eigenvalues: {nev}")?;

    let terse = opts.has("terse")?;
    let nconv = pep.converged_count()?;
    let tol = pep.tolerances()?.tol.unwrap_or_default(); // chosen by the solve
    let (mut xr, mut xi) = mm.create_vecs()?;
    let mut worst = 0.0f64;
    if terse {
        pep.error_view(PepErrorType::Backward, &Viewer::ascii_stdout(&world)?)?;
    } else if nconv > 0 {
        println0!(
            world,
            "\n           k          ||P(k)x||/||kx||\n   ----------------- ------------------"
        )?;
    }
    for i in 0..nconv {
        let petsc::Complex { re, im } = pep.pair(i, &mut xr, &mut xi)?;
        let error = pep.compute_error(i, PepErrorType::Backward)?;
        // The residual relative to the scale of P(lambda) (infinity norms).
        let l = re.hypot(im);
        let scale = l * l * mm.norm(NormType::Infinity)?
            + l * c.norm(NormType::Infinity)?
            + k.norm(NormType::Infinity)?;
        worst = worst.max(residual([&k, &c, &mm], re, im, &xr, &xi)? / scale);
        if terse {
            continue;
        }
        if im != 0.0 {
            println0!(world, " {re:9.6}{im:+9.6}i   {:>12}", G(error))?;
        } else {
            println0!(world, "   {re:12.6}       {:>12}", G(error))?;
        }
    }
    if !terse && nconv > 0 {
        println0!(world)?;
    }
    // Checked, not printed (the output is the C program's).
    if worst > 100.0 * tol.max(f64::EPSILON) {
        return Err(check_failed(format!(
            "an eigenpair's residual ||P(k)x||/(|k|^2||M||+|k||C||+||K||)/||x|| is {worst:e} \
             (tolerance {tol:e})"
        )));
    }
    Ok(())
}

fn main() -> ExitCode {
    petsc::main(body)
}
