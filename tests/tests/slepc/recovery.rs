//! After an `Err` or a panic inside the linear solver of a spectral transformation
//! (the PC written in Rust in the blocks of the ST's KSP), the eigensolver and every
//! solver inside it solve again, giving the eigenvalues of the solve before the failure,
//! and are destroyed cleanly; at 1, 2 and 3 ranks.

use petsc::{Int, Mat, Petsc, Real};
use petsc_tests::failing_pc::{arm, calls, message, register, Plan};
use petsc_tests::{with_prefixed_options, Case};
use slepc::{Eps, EpsProblemType, EpsWhich};

/// The four eigenvalues nearest 0 and the iterations of a solve of `A` (given again,
/// so that the solver solves again: a solved EPS returns at once).
fn solve(eps: &mut Eps, a: &Mat) -> petsc::Result<(Vec<Real>, Int)> {
    eps.set_operators(a, None)?;
    eps.solve()?;
    let n = eps.converged_count()?;
    assert!(n >= 4, "{n} converged");
    let values = (0..4)
        .map(|i| eps.eigenvalue(i).map(|(re, _)| re))
        .collect::<petsc::Result<Vec<_>>>()?;
    Ok((values, eps.iteration_number()?))
}

/// Shift-and-invert on the 200 x 200 tridiagonal matrix of the solver tests, its ST's
/// KSP a CG preconditioned by block Jacobi with the failing PC in the blocks: a good
/// solve, failures at the first and a later application, each followed by a solve that
/// gives the first one's eigenvalues, then a failure left in place and the drop.
fn st_ksp(petsc: &Petsc) -> petsc::Result<()> {
    register(petsc)?;
    let a = petsc_tests::varying_tridiagonal(petsc, 200)?;
    let opts = "-st_type sinvert -st_ksp_type cg -st_ksp_rtol 1e-12 -st_pc_type bjacobi \
                -st_sub_pc_type tfail";
    with_prefixed_options(petsc, "rs_", opts, || {
        let mut eps = Eps::new(&petsc.world())?;
        eps.set_options_prefix("rs_")?;
        eps.set_problem_type(EpsProblemType::Hep)?;
        eps.set_dimensions(4, None, None)?;
        eps.set_target(0.0)?;
        eps.set_which_eigenpairs(EpsWhich::TargetMagnitude)?;
        eps.set_from_options()?;
        arm(None);
        let (values0, its0) = solve(&mut eps, &a)?;
        let n = calls();
        assert!(n >= 2, "the failing PC ran {n} times");
        for plan in [
            Plan {
                at: 1,
                panics: false,
            },
            Plan {
                at: 2,
                panics: true,
            },
            Plan {
                at: n / 2 + 1,
                panics: false,
            },
        ] {
            arm(Some(plan));
            let e = solve(&mut eps, &a).unwrap_err().to_string();
            arm(None);
            assert!(e.contains(&message(plan)), "call {}: {e}", plan.at);
            let (values, its) = solve(&mut eps, &a)?;
            assert_eq!(its, its0, "after call {}", plan.at);
            for (v, v0) in values.iter().zip(&values0) {
                assert!((v - v0).abs() <= 1e-9 * v0.abs(), "{v} vs {v0}");
            }
        }
        arm(Some(Plan {
            at: 3,
            panics: false,
        }));
        assert!(solve(&mut eps, &a).is_err());
        arm(None);
        println!("  sinvert: {its0} iterations, recovered");
        Ok(())
    })
}

pub fn cases() -> Vec<Case> {
    vec![Case::new("st_ksp", st_ksp).ranks(&[1, 2, 3])]
}
