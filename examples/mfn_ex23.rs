//! SLEPc's MFN tutorial `ex23.c` in Rust: `y = exp(t A) e_1` for the transition matrix
//! `A` of a Markov model of a random walk on a triangular grid of `m` subdivisions
//! (`-m`, 15; `N = m (m + 1) / 2` states), at time `t` (`-t`, 2), by the restarted
//! Krylov method with tolerance `1e-7` unless the options (`-mfn_ncv`, `-mfn_type`, ...)
//! say otherwise. It prints what the C program prints; SLEPc's test compares it with
//! its `output/ex23_1.out` (run with `-mfn_ncv 6`).

use std::process::ExitCode;

use petsc::{println0, InsertMode, Int, Mat, NormType, Petsc, Real, Scalar, Sizes, G};
use petsc_examples::check_failed;
use slepc::{FnType, Mfn};

/// The transition matrix of the random walk on the triangular grid (SLEPc's
/// `MatMarkovModel`): each rank sets its own rows.
fn markov_model(m: Int, a: &mut Mat) -> petsc::Result<()> {
    let cst: Real = 0.5 / (m - 1) as Real;
    let own = a.ownership_range()?;
    let mut ix: Int = 0;
    for i in 1..=m {
        let jmax = m - i + 1;
        for j in 1..=jmax {
            ix += 1;
            if !own.contains(&(ix - 1)) {
                continue;
            }
            let mut set = |col: Int, v: Real| {
                a.set_values(&[ix - 1], &[col], &[Scalar::from(v)], InsertMode::Insert)
            };
            if j != jmax {
                let pd = cst * (i + j - 1) as Real;
                // north
                set(ix, if i == 1 { 2.0 * pd } else { pd })?;
                // east
                set(ix + jmax - 1, if j == 1 { 2.0 * pd } else { pd })?;
            }
            let pu = 0.5 - cst * (i + j - 3) as Real;
            // south
            if j > 1 {
                set(ix - 2, pu)?;
            }
            // west
            if i > 1 {
                set(ix - jmax - 2, pu)?;
            }
        }
    }
    a.assemble()?;
    Ok(())
}

fn body(petsc: &Petsc) -> petsc::Result<()> {
    let opts = petsc.options();
    let m = opts.get::<Int>("m")?.unwrap_or(15);
    let t = opts.get::<Real>("t")?.unwrap_or(2.0);
    if m < 2 {
        return Err(check_failed(format!("-m is {m}; it must be at least 2")));
    }
    let n = m * (m + 1) / 2;
    let world = petsc.world();
    println0!(world, "\nMarkov y=exp(t*A)*e_1, N={n} (m={m})\n")?;

    let mut a = Mat::aij(&world)
        .sizes(Sizes::global(n, n))
        .preallocate(4, 4)
        .build()?;
    markov_model(m, &mut a)?;

    // v = e_1
    let (mut v, mut y) = a.create_vecs()?;
    if v.ownership_range()?.contains(&0) {
        v.set_values(&[0], &[Scalar::from(1.0)], InsertMode::Insert)?;
    }
    v.assemble()?;

    let mut mfn = Mfn::new(&world)?;
    mfn.set_operator(&a)?;
    let mut f = mfn.fn_()?;
    f.set_type(FnType::Exp)?;
    f.set_scale(Scalar::from(t), Scalar::from(1.0))?;
    drop(f);
    mfn.set_tolerances(slepc::Tolerances {
        tol: Some(1e-7),
        ..Default::default()
    })?;
    mfn.set_from_options()?;

    let reason = mfn.solve(&v, &mut y)?;
    if reason.code() < 0 {
        return Err(check_failed("Solver did not converge"));
    }
    let norm = y.norm(NormType::Two)?;

    let its = mfn.iteration_number()?;
    println0!(world, " Number of iterations of the method: {its}")?;
    let ncv = mfn.dimensions()?;
    println0!(world, " Subspace dimension: {ncv}")?;
    // As chosen by the solve.
    println0!(world, " Stopping condition: {}", mfn.tolerances()?)?;
    println0!(
        world,
        " Computed vector at time t={:.4} has norm {}\n",
        G(t),
        G(norm)
    )?;
    Ok(())
}

fn main() -> ExitCode {
    petsc::main(body)
}
