//! SLEPc's SVD tutorial `ex15.c` in Rust: the singular values of the Lauchli matrix
//!
//! ```text
//!     [ 1  1  1 ... 1 ]
//!     [ mu            ]
//! A = [    mu         ]    ((n + 1) x n)
//!     [       ...     ]
//!     [            mu ]
//! ```
//!
//! whose singular values are `sqrt(n + mu^2)` and `mu` (`n - 1` times), with `n` from
//! `-n` (100) and `mu` from `-mu` (the square root of the machine epsilon), by
//! thick-restart Lanczos unless `-svd_type` says otherwise. It prints what the C program
//! prints; SLEPc's test filters the numbers in exponent form out of it and compares with
//! its `output/ex15_1.out`. The largest singular value printed is checked against
//! `sqrt(n + mu^2)`.

use std::process::ExitCode;

use petsc::{println0, InsertMode, Mat, Object, Petsc, Scalar, Sizes, G};
use petsc_examples::check_failed;
use slepc::{Svd, SvdErrorType, SvdProblemType, SvdType};

/// C's `% <width>g` (space flag) of a real.
fn space_g(x: f64, width: usize) -> String {
    let s = if x.is_sign_negative() {
        G(x).to_string()
    } else {
        format!(" {}", G(x))
    };
    format!("{s:>width$}")
}

/// C's `% 6f` of a real.
fn space_f(x: f64) -> String {
    let s = if x.is_sign_negative() {
        format!("{x:.6}")
    } else {
        format!(" {x:.6}")
    };
    format!("{s:>6}")
}

fn body(petsc: &Petsc) -> petsc::Result<()> {
    let opts = petsc.options();
    let n = opts.get::<petsc::Int>("n")?.unwrap_or(100);
    let mu = opts
        .get::<petsc::Real>("mu")?
        .unwrap_or(f64::EPSILON.sqrt());
    let world = petsc.world();
    println0!(
        world,
        "\nLauchli singular value decomposition, ({} x {}) mu={}\n",
        n + 1,
        n,
        G(mu)
    )?;

    // Build the Lauchli matrix.
    let mut a = Mat::aij(&world)
        .sizes(Sizes::global(n + 1, n))
        .preallocate(n, n)
        .build()?;
    for i in a.ownership_range()? {
        if i == 0 {
            let cols: Vec<_> = (0..n).collect();
            a.set_values(
                &[0],
                &cols,
                &vec![Scalar::from(1.0); cols.len()],
                InsertMode::Insert,
            )?;
        } else {
            a.set_values(&[i], &[i - 1], &[Scalar::from(mu)], InsertMode::Insert)?;
        }
    }
    a.assemble()?;
    let (mut v, mut u) = a.create_vecs()?;

    // The solver: thick-restart Lanczos unless the options say otherwise.
    let mut svd = Svd::new(&world)?;
    svd.set_operators(&a, None)?;
    svd.set_problem_type(SvdProblemType::Standard)?;
    svd.set_type(SvdType::TrLanczos)?;
    svd.set_from_options()?;

    // As in C, the program goes on whatever the reason (`-svd_converged_reason` prints it).
    let _reason = svd.solve()?;
    let its = svd.iteration_number()?;
    println0!(world, " Number of iterations of the method: {its}")?;
    println0!(world, " Solution method: {}\n", svd.type_name()?)?;
    let (nsv, _, _) = svd.dimensions()?;
    println0!(world, " Number of requested singular values: {nsv}")?;
    // As chosen by the solve.
    println0!(world, " Stopping condition: {}", svd.tolerances()?)?;

    let nconv = svd.converged_count()?;
    println0!(
        world,
        " Number of converged approximate singular triplets: {nconv}\n"
    )?;
    if nconv > 0 {
        println0!(
            world,
            "          sigma           relative error\n  --------------------- ------------------"
        )?;
        for i in 0..nconv {
            let sigma = svd.singular_triplet(i, &mut u, &mut v)?;
            let error = svd.compute_error(i, SvdErrorType::Relative)?;
            println0!(
                world,
                "       {}       {}",
                space_f(sigma),
                space_g(error, 12)
            )?;
        }
        println0!(world)?;
        // The largest singular value is sqrt(n + mu^2).
        let exact = (n as f64 + mu * mu).sqrt();
        let first = svd.value(0)?;
        if (first - exact).abs() > 1e-8 * exact {
            return Err(check_failed(format!(
                "largest singular value {first}, expected {exact}"
            )));
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    petsc::main(body)
}
