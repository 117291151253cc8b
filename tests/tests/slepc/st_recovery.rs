//! After an `Err` or a panic inside the linear solver of a spectral transformation
//! (the PC written in Rust in the blocks of the ST's KSP), the eigensolver and every
//! solver inside it solve again, giving the eigenvalues of the solve before the failure,
//! and are destroyed cleanly; at 1, 2 and 3 ranks.

use petsc::{Int, Mat, Petsc, Real};
use petsc_tests::failing_pc::{check_recovery, register};
use petsc_tests::{with_prefixed_options, Case};
use slepc::{Eps, EpsProblemType, EpsWhich};

/// The four eigenvalues nearest 0 and the iterations of a solve of `A` (given again,
/// so that the solver solves again: a solved EPS returns at once).
fn solve(eps: &mut Eps, a: &Mat) -> petsc::Result<(Vec<Real>, Int)> {
    eps.set_operators(a, None)?;
    eps.solve()?.check()?;
    let n = eps.converged_count()?;
    assert!(n >= 4, "{n} converged");
    let values = (0..4)
        .map(|i| eps.value(i).map(|v| v.re))
        .collect::<petsc::Result<Vec<_>>>()?;
    Ok((values, eps.iteration_number()?))
}

/// Shift-and-invert on the 200 x 200 tridiagonal matrix of the solver tests, its ST's
/// KSP a CG preconditioned by block Jacobi with the failing PC in the blocks: the
/// recovery protocol (see `check_recovery`), each solve giving the first one's
/// eigenvalues.
fn st_ksp(petsc: &Petsc) -> petsc::Result<()> {
    register(petsc)?;
    let a = petsc_tests::varying_tridiagonal(petsc, 200)?;
    let opts = "-st_type sinvert -st_ksp_type cg -st_ksp_rtol 1e-12 -st_pc_type bjacobi \
                -st_sub_pc_type tfail";
    with_prefixed_options(petsc, "rs_", opts, || {
        let mut eps = Eps::new(&petsc.world())?;
        eps.set_options_prefix("rs_")?;
        eps.set_problem_type(EpsProblemType::Hep)?;
        eps.set_dimensions_to(slepc::Dimensions::new(4))?;
        eps.set_target(0.0)?;
        eps.set_which_eigenpairs(EpsWhich::TargetMagnitude)?;
        eps.set_from_options()?;
        let same = |got: &(Vec<Real>, Int), want: &(Vec<Real>, Int), what: &str| {
            assert_eq!(got.1, want.1, "{what}: iterations");
            for (v, v0) in got.0.iter().zip(&want.0) {
                assert!((v - v0).abs() <= 1e-9 * v0.abs(), "{what}: {v} vs {v0}");
            }
            Ok(())
        };
        let first = check_recovery("sinvert", || solve(&mut eps, &a), same)?;
        println!("  sinvert: {} iterations, recovered", first.1);
        Ok(())
    })
}

pub fn cases() -> Vec<Case> {
    vec![Case::new("st_ksp", st_ksp).ranks(&[1, 2, 3])]
}
