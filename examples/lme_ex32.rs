//! SLEPc's LME tutorial `ex32.c` in Rust: the Lyapunov equation `A X + X A^T = -C` for
//! the 2-D Laplacian `A` of an `n x m` grid (`-n`, 10; `-m`, `n`) shifted by `-sigma`
//! (0), with the right-hand side `C = C1 C1^T` of rank 2, solved for a low-rank
//! `X = X1 X1^T` by SLEPc's Krylov method with tolerance `1e-7`. With `-rank k` the
//! solution's rank is prescribed; otherwise the solver chooses it. It prints what the C
//! program prints; SLEPc's tests compare it with `output/ex32_1.out` and `ex32_2.out`
//! (`-rank 40`).

use std::process::ExitCode;

use petsc::{println0, InsertMode, Int, Mat, Petsc, Scalar, Sizes, G};
use petsc_examples::check_failed;
use slepc::{Lme, LmeProblemType};

fn body(petsc: &Petsc) -> petsc::Result<()> {
    let opts = petsc.options();
    let n = opts.get::<Int>("n")?.unwrap_or(10);
    let m = opts.get::<Int>("m")?.unwrap_or(n);
    let sigma = opts.get::<petsc::Real>("sigma")?.unwrap_or(0.0);
    let rank = opts.get::<Int>("rank")?.unwrap_or(0);
    if n < 1 || m < 1 || rank < 0 {
        return Err(check_failed(format!(
            "-n {n} -m {m} -rank {rank}: the grid needs at least one point, the rank cannot be negative"
        )));
    }
    let big_n = n * m;
    let world = petsc.world();
    println0!(world, "\nLyapunov equation, N={big_n} ({n}x{m} grid)\n")?;

    // The 2-D Laplacian, shifted.
    let mut a = Mat::aij(&world)
        .sizes(Sizes::global(big_n, big_n))
        .preallocate(5, 4)
        .build()?;
    for ii in a.ownership_range()? {
        let (i, j) = (ii / n, ii % n);
        let mut set = |col: Int, v: f64| a.set_value(ii, col, Scalar::from(v), InsertMode::Insert);
        if i > 0 {
            set(ii - n, 1.0)?;
        }
        if i < m - 1 {
            set(ii + n, 1.0)?;
        }
        if j > 0 {
            set(ii - 1, 1.0)?;
        }
        if j < n - 1 {
            set(ii + 1, 1.0)?;
        }
        set(ii, -4.0 - sigma)?;
    }
    a.assemble()?;

    // C = C1 C1^T: ones in the first half of column 0; -2, -1, -1 in rows 0-2 of column 1.
    let mut c1 = Mat::dense(&world).sizes(Sizes::global(big_n, 2)).build()?;
    for i in c1.ownership_range()? {
        if i < big_n / 2 {
            c1.set_value(i, 0, Scalar::from(1.0), InsertMode::Insert)?;
        }
        if let Some(v) = [-2.0, -1.0, -1.0].get(i as usize) {
            c1.set_value(i, 1, Scalar::from(*v), InsertMode::Insert)?;
        }
    }
    c1.assemble()?;
    let c = Mat::new_lrc(None, &c1, None, None)?;
    drop(c1);

    let mut lme = Lme::new(&world)?;
    lme.set_problem_type(LmeProblemType::Lyapunov)?;
    lme.set_coefficients_to(slepc::LmeMatrices::new(&a))?;
    lme.set_rhs(&c)?;
    if rank > 0 {
        println0!(world, " Computing a solution with prescribed rank={rank}")?;
        let mut x1 = Mat::dense(&world)
            .sizes(Sizes::global(big_n, rank))
            .build()?;
        x1.assemble()?;
        lme.set_solution(&Mat::new_lrc(None, &x1, None, None)?)?;
    }
    lme.set_tolerances(slepc::Tolerances {
        tol: Some(1e-7),
        ..Default::default()
    })?;
    lme.set_from_options()?;

    let reason = lme.solve()?;
    if reason.code() < 0 {
        return Err(check_failed("Solver did not converge"));
    }
    if rank == 0 {
        let x = lme
            .solution()?
            .ok_or_else(|| check_failed("the solver made no solution"))?;
        let (_, x1, _, _) = x.lrc_mats()?;
        let computed = x1.size()?.1;
        println0!(
            world,
            " The solver has computed a solution with rank={computed}"
        )?;
    }
    let its = lme.iteration_number()?;
    println0!(world, " Number of iterations of the method: {its}")?;
    let ncv = lme.dimensions()?;
    println0!(world, " Subspace dimension: {ncv}")?;
    // As chosen by the solve.
    println0!(world, " Stopping condition: {}", lme.tolerances()?)?;
    let errest = lme.error_estimate()?;
    println0!(
        world,
        " Error estimate reported by the solver: {:.4}",
        G(errest)
    )?;
    if n <= 150 {
        let error = lme.compute_error()?;
        println0!(world, " Computed residual norm: {:.4}\n", G(error))?;
    } else {
        println0!(world, " Matrix too large to compute residual norm\n")?;
    }
    Ok(())
}

fn main() -> ExitCode {
    petsc::main(body)
}
