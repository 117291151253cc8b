//! SLEPc's NEP tutorial `ex22.c` in Rust: the delay differential equation
//! `u_t = u_xx + a u(t) + b(x) u(t - tau)` on `(0, pi)` with `u = 0` at both ends,
//! `a = 20` and `b(x) = -4.1 + x (1 - exp(x - pi))`, discretized on `n` interior points
//! (`-n`, 128), gives the nonlinear eigenproblem
//! `(-lambda I + A + exp(-tau lambda) B) u = 0` (`-tau`, 0.001), given in split form
//! to `Nep` with three matrices and three functions. One eigenvalue by RII with
//! tolerance `1e-9` unless the options (`-nep_type`, `-nep_nev`, `-nep_target`, ...)
//! say otherwise. It prints what the C program prints (with `-terse`, as SLEPc's tests
//! run it; its `output/ex22_*.out`).

use std::f64::consts::PI;
use std::process::ExitCode;

use petsc::{
    println0, InsertMode, Int, Mat, MatOption, MatStructure, Petsc, Real, Scalar, Sizes, Viewer,
    ViewerFormat, G,
};
use slepc::{FnType, MathFn, Nep, NepErrorType};

/// A rational function `sum_k c_k lambda^(len-1-k)` (SLEPc's `FNRATIONAL` numerator).
fn polynomial(petsc: &Petsc, coeffs: &[Real]) -> petsc::Result<MathFn> {
    let mut f = MathFn::new(&petsc.world())?;
    f.set_type(FnType::Rational)?;
    let c: Vec<Scalar> = coeffs.iter().map(|&c| Scalar::from(c)).collect();
    f.set_rational_numerator(&c)?;
    Ok(f)
}

fn body(petsc: &Petsc) -> petsc::Result<()> {
    let opts = petsc.options();
    let n = opts.get::<Int>("n")?.unwrap_or(128);
    let tau = opts.get::<Real>("tau")?.unwrap_or(0.001);
    let world = petsc.world();
    println0!(world, "\n1-D Delay Eigenproblem, n={n}, tau={}\n", G(tau))?;
    let h = PI / (n + 1) as Real;
    let a: Real = 20.0;

    let mut nep = Nep::new(&world)?;

    // Identity matrix.
    let mut id = Mat::aij(&world)
        .sizes(Sizes::global(n, n))
        .preallocate(1, 0)
        .build()?;
    for i in id.ownership_range()? {
        id.set_values(&[i], &[i], &[Scalar::from(1.0)], InsertMode::Insert)?;
    }
    id.assemble()?;
    id.set_option(MatOption::Hermitian, true)?;

    // A = 1/h^2 tridiag(1, -2, 1) + a I.
    let mut am = Mat::aij(&world)
        .sizes(Sizes::global(n, n))
        .preallocate(3, 2)
        .build()?;
    for i in am.ownership_range()? {
        let mut set =
            |j: Int, v: Real| am.set_values(&[i], &[j], &[Scalar::from(v)], InsertMode::Insert);
        if i > 0 {
            set(i - 1, 1.0 / (h * h))?;
        }
        if i < n - 1 {
            set(i + 1, 1.0 / (h * h))?;
        }
        set(i, -2.0 / (h * h) + a)?;
    }
    am.assemble()?;
    am.set_option(MatOption::Hermitian, true)?;

    // B = diag(b(x_i)).
    let mut bm = Mat::aij(&world)
        .sizes(Sizes::global(n, n))
        .preallocate(1, 0)
        .build()?;
    for i in bm.ownership_range()? {
        let xi = (i + 1) as Real * h;
        let b = -4.1 + xi * (1.0 - (xi - PI).exp());
        bm.set_values(&[i], &[i], &[Scalar::from(b)], InsertMode::Insert)?;
    }
    bm.assemble()?;
    bm.set_option(MatOption::Hermitian, true)?;

    // Functions: f1 = -lambda, f2 = 1, f3 = exp(-tau lambda).
    let f1 = polynomial(petsc, &[-1.0, 0.0])?;
    let f2 = polynomial(petsc, &[1.0])?;
    let mut f3 = MathFn::new(&world)?;
    f3.set_type(FnType::Exp)?;
    f3.set_scale(-tau, 1.0)?;

    // A first, so that SUBSET_NONZERO_PATTERN can be used.
    nep.set_split_operator(&[&am, &id, &bm], &[&f2, &f1, &f3], MatStructure::Subset)?;

    nep.set_tolerances(slepc::Tolerances {
        tol: Some(1e-9),
        ..Default::default()
    })?;
    nep.set_dimensions_to(slepc::Dimensions::new(1))?;
    // ex22.c calls NEPRIISetLagPreconditioner(nep, 0) here, before any type is set, and
    // SLEPc ignores it then (the type, RII by default, comes with set_from_options);
    // `Nep::set_rii_lag_preconditioner` refuses a solver of no type, so it is left out.
    nep.set_from_options()?;

    // As in C, the program goes on whatever the reason (`-nep_converged_reason` prints it).
    let _reason = nep.solve()?;
    let (nev, _, _) = nep.dimensions()?;
    println0!(world, " Number of requested eigenvalues: {nev}")?;

    let out = Viewer::ascii_stdout(&world)?;
    if opts.has("terse")? {
        nep.error_view(NepErrorType::Relative, &out)?;
    } else {
        let detail = out.push_format(ViewerFormat::AsciiInfoDetail)?;
        nep.converged_reason_view(&out)?;
        nep.error_view(NepErrorType::Relative, &out)?;
        out.pop_format(detail)?;
    }
    Ok(())
}

fn main() -> ExitCode {
    petsc::main(body)
}
