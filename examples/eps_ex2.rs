//! SLEPc's EPS tutorial `ex2.c` in Rust: eigenvalues of the 2-D Laplacian on an
//! `n x m` grid (`-n`, 10; `-m`, `n`), a standard symmetric problem, with every solver
//! setting from the options (`-eps_nev`, `-eps_type ciss`, a region from `-rg_type
//! ellipse -rg_ellipse_center ...`, ...). It prints what the C program prints; SLEPc's
//! tests compare it with `output/ex2_1.out` (Krylov-Schur, the 4 largest) and
//! `output/ex2_ciss.out` (the contour-integral solver with an elliptic region, at 2
//! ranks, without the solution method's line).
//!
//! Checked here, independently of the printed digits: every converged eigenvalue is
//! inside the solver's region ([`slepc::Rg::check_inside`]) and is an eigenvalue of the
//! Laplacian, `4 - 2 cos(i pi / (n + 1)) - 2 cos(j pi / (m + 1))` for some `i, j`, and
//! the converged eigenvectors are orthonormal (a [`slepc::Bv`] of them, whose
//! `Bv::orthogonalize` gives `R = I` up to signs).

use std::f64::consts::PI;
use std::process::ExitCode;

use petsc::{println0, InsertMode, Int, Mat, Object, Petsc, Scalar, Sizes, Viewer, ViewerFormat};
use petsc_examples::check_failed;
use slepc::{Bv, Eps, EpsErrorType, EpsProblemType, RgPosition};

fn body(petsc: &Petsc) -> petsc::Result<()> {
    let opts = petsc.options();
    let n = opts.get::<Int>("n")?.unwrap_or(10);
    let m = opts.get::<Int>("m")?.unwrap_or(n);
    if n < 1 || m < 1 {
        return Err(check_failed(format!(
            "-n is {n} and -m is {m}; both must be at least 1"
        )));
    }
    let big_n = n * m;
    let world = petsc.world();
    println0!(
        world,
        "\n2-D Laplacian Eigenproblem, N={big_n} ({n}x{m} grid)\n"
    )?;

    let mut a = Mat::aij(&world)
        .sizes(Sizes::global(big_n, big_n))
        .preallocate(5, 4)
        .build()?;
    a.set_from_options()?;
    for ii in a.ownership_range()? {
        let (i, j) = (ii / n, ii % n);
        let mut set =
            |col: Int, v: f64| a.set_values(&[ii], &[col], &[Scalar::from(v)], InsertMode::Insert);
        if i > 0 {
            set(ii - n, -1.0)?;
        }
        if i < m - 1 {
            set(ii + n, -1.0)?;
        }
        if j > 0 {
            set(ii - 1, -1.0)?;
        }
        if j < n - 1 {
            set(ii + 1, -1.0)?;
        }
        set(ii, 4.0)?;
    }
    a.assemble()?;

    let mut eps = Eps::new(&world)?;
    eps.set_operators(&a, None)?;
    eps.set_problem_type(EpsProblemType::Hep)?;
    eps.set_from_options()?;

    // As in C, the program goes on whatever the reason (`-eps_converged_reason` prints it).
    let _reason = eps.solve()?;

    println0!(world, " Solution method: {}\n", eps.type_name()?)?;
    let (nev, _, _) = eps.dimensions()?;
    println0!(world, " Number of requested eigenvalues: {nev}")?;

    let out = Viewer::ascii_stdout(&world)?;
    if opts.has("terse")? {
        eps.error_view(EpsErrorType::Relative, &out)?;
    } else {
        let guard = out.push_format(ViewerFormat::AsciiInfoDetail)?;
        eps.converged_reason_view(&out)?;
        eps.error_view(EpsErrorType::Relative, &out)?;
        out.pop_format(guard)?;
    }

    check(&eps, &a, n, m)
}

/// The independent checks of the module's documentation.
fn check(eps: &Eps, a: &Mat, n: Int, m: Int) -> petsc::Result<()> {
    let nconv = eps.converged_count()?;
    if nconv == 0 {
        return Ok(());
    }
    let exact: Vec<f64> = (1..=n)
        .flat_map(|i| {
            (1..=m).map(move |j| {
                4.0 - 2.0 * (i as f64 * PI / (n + 1) as f64).cos()
                    - 2.0 * (j as f64 * PI / (m + 1) as f64).cos()
            })
        })
        .collect();
    let mut re = Vec::new();
    let mut im = Vec::new();
    let (mut x, mut xi) = a.create_vecs()?;
    let mut basis = Bv::from_vec(&x, nconv)?;
    for k in 0..nconv {
        let petsc::Complex { re: r, im: i } = eps.pair(k, &mut x, &mut xi)?;
        re.push(r);
        im.push(i);
        if !exact
            .iter()
            .any(|e| (e - r).abs() < 1e-6 * e.abs().max(1.0))
        {
            return Err(check_failed(format!(
                "eigenvalue {r} is not one of the Laplacian's"
            )));
        }
        basis.insert_vec(k, &x)?;
    }
    let outside = eps
        .rg()?
        .check_inside(&re, &im)?
        .iter()
        .filter(|p| **p == RgPosition::Outside)
        .count();
    if outside > 0 {
        return Err(check_failed(format!(
            "{outside} eigenvalues are outside the solver's region"
        )));
    }
    // Orthonormal eigenvectors: the QR factor of the basis is the identity up to signs.
    let r = basis.orthogonalize()?;
    let idx: Vec<Int> = (0..nconv).collect();
    let rv = r.values(&idx, &idx)?;
    let k = nconv as usize;
    let err = (0..k * k)
        .map(|e| {
            let v = abs(rv[e]);
            if e / k == e % k {
                (v - 1.0).abs()
            } else {
                v
            }
        })
        .fold(0.0, f64::max);
    if err > 1e-8 {
        return Err(check_failed(format!(
            "the eigenvectors are not orthonormal: |R| differs from I by {err}"
        )));
    }
    Ok(())
}

/// The absolute value of a scalar.
fn abs(s: Scalar) -> f64 {
    #[allow(clippy::useless_conversion)]
    let z: petsc::Complex<f64> = s.into();
    z.norm()
}

fn main() -> ExitCode {
    petsc::main(body)
}
