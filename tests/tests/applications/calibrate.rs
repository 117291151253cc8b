//! The `heat_calibrate` example: the adjoint gradient against central finite
//! differences, the recovered diffusivity and source amplitude against the true ones,
//! and the same numbers at 1, 2 and 3 ranks; refused input.

use petsc::Petsc;
use petsc_tests::{
    assert_close, assert_needs_real_scalars, example, mpiexec, run_example, value_after, Case,
};

/// A small grid and a short run (16 steps per solve).
const GRID: &[&str] = &["--nx", "11", "--ny", "11", "--t-final", "0.02"];

/// What a run printed.
#[derive(Debug)]
struct Outcome {
    adjoint: [f64; 2],
    fd: [f64; 2],
    diff: f64,
    alpha: f64,
    alpha_err: f64,
    amp: f64,
    amp_err: f64,
    text: String,
}

/// The two numbers in brackets after `key`.
fn pair(text: &str, key: &str) -> [f64; 2] {
    let line = text
        .lines()
        .find(|l| l.contains(key))
        .unwrap_or_else(|| panic!("no '{key}' in:\n{text}"));
    let inside = line
        .split('[')
        .nth(1)
        .and_then(|r| r.split(']').next())
        .unwrap_or_else(|| panic!("no [a, b] in '{line}'"));
    let v: Vec<f64> = inside
        .split(',')
        .map(|s| s.trim().parse().expect("a number"))
        .collect();
    [v[0], v[1]]
}

fn calibrate(n: usize, extra: &[&str]) -> Outcome {
    let args: Vec<&str> = GRID.iter().chain(extra).copied().collect();
    let text = run_example("heat_calibrate", n, &args);
    let get = |key: &str| {
        value_after(&text, key).unwrap_or_else(|| panic!("no '{key}' in the output:\n{text}"))
    };
    let err_of = |key: &str| {
        let line = text.lines().find(|l| l.contains(key)).expect(key);
        value_after(line, "relative error =").expect("relative error")
    };
    assert!(text.contains("checks passed"), "{text}");
    Outcome {
        adjoint: pair(&text, "gradient (adjoint):"),
        fd: pair(&text, "gradient (central differences):"),
        diff: get("relative difference ="),
        alpha: get("recovered alpha ="),
        alpha_err: err_of("recovered alpha ="),
        amp: get("recovered A     ="),
        amp_err: err_of("recovered A     ="),
        text,
    }
}

/// (a) and (b) at 1, 2 and 3 ranks, and the same numbers at every rank count.
fn calibrate_checks_rank_independent(_: &Petsc) -> petsc::Result<()> {
    let one = calibrate(1, &[]);
    for o in std::iter::once(&one).chain(&[calibrate(2, &[]), calibrate(3, &[])]) {
        // (a) the adjoint gradient is the finite differences' to their accuracy.
        assert!(o.diff < 1e-6, "{}", o.text);
        for k in 0..2 {
            assert_close(o.adjoint[k], o.fd[k], 1e-6 * o.fd[k].abs().max(1e-3));
            assert_close(o.adjoint[k], one.adjoint[k], 1e-12);
        }
        // (b) the true parameters come back.
        assert!(o.alpha_err < 1e-5 && o.amp_err < 1e-5, "{}", o.text);
        assert_close(o.alpha, 0.8, 1e-5);
        assert_close(o.amp, 20.0, 1e-5 * 20.0);
        assert_close(o.alpha, one.alpha, 1e-10);
        assert_close(o.amp, one.amp, 1e-10);
    }
    // The gradient points away from the truth: alpha and A both too small at the start.
    assert!(one.adjoint[0] < 0.0 && one.adjoint[1] < 0.0, "{}", one.text);
    Ok(())
}

/// The theta methods' adjoints (backward Euler, Crank-Nicolson) are their discrete
/// gradients too: the same agreement with central differences as RK4's, at 1 and 2
/// ranks, and the same recovery.
fn calibrate_implicit_methods(_: &Petsc) -> petsc::Result<()> {
    for ts_type in ["beuler", "cn"] {
        let one = calibrate(1, &["-ts_type", ts_type]);
        let two = calibrate(2, &["-ts_type", ts_type]);
        for o in [&one, &two] {
            assert!(o.text.contains(&format!("TS {ts_type}")), "{}", o.text);
            assert!(o.diff < 1e-8, "{ts_type}: {}", o.text);
            for k in 0..2 {
                assert_close(o.adjoint[k], o.fd[k], 1e-8 * o.fd[k].abs());
                assert_close(o.adjoint[k], one.adjoint[k], 1e-10 * one.adjoint[k].abs());
            }
            assert_close(o.alpha, 0.8, 1e-5);
            assert_close(o.amp, 20.0, 1e-5 * 20.0);
        }
    }
    Ok(())
}

/// Another truth and a start on the bound A = 0.
fn calibrate_other_truth(_: &Petsc) -> petsc::Result<()> {
    let o = calibrate(
        2,
        &[
            "--alpha-true",
            "1.3",
            "--amp-true",
            "50",
            "--alpha0",
            "1.9",
            "--amp0",
            "0",
        ],
    );
    assert!(o.diff < 1e-6, "{}", o.text);
    assert_close(o.alpha, 1.3, 1e-5);
    assert_close(o.amp, 50.0, 1e-5 * 50.0);
    Ok(())
}

/// Bad input is a usage error (exit status 2) with a message.
fn calibrate_refuses_bad_input(_: &Petsc) -> petsc::Result<()> {
    for (a, msg) in [
        (&["--nx", "3"][..], "at least 5 x 5"),
        (&["--alpha0", "50"][..], "--alpha0 must be in"),
        (&["--amp-true", "-1"][..], "--amp-true must be in"),
        (
            &["--t-final", "0"][..],
            "--t-final must be a positive number",
        ),
    ] {
        let out = mpiexec(1, &example("heat_calibrate"), a);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{a:?}: {err}");
        assert!(err.contains(msg), "{a:?}: expected '{msg}' in:\n{err}");
    }
    Ok(())
}

/// The decay rate of the adjoint tests' problem.
const P: f64 = 0.5;

/// `y' = -p y`, `y(0) = 1`, by backward Euler in 10 steps of 0.1, with `dG/dp = -y`:
/// `J = y(1) = (1 + p/10)^-10`, whose derivative in `p` is `-(1 + p/10)^-11`.
fn decay(petsc: &Petsc) -> petsc::Result<petsc::Ts> {
    use petsc::{InsertMode, Mat, Sizes, Ts, TsType};
    let c = petsc.self_comm();
    let mut ts = Ts::new(&c)?;
    ts.set_type(TsType::Beuler)?;
    ts.set_rhs_function(None, move |_t, y, f| {
        f.copy_from(y)?;
        f.scale(-P)
    })?;
    let a = Mat::aij(&c)
        .sizes(Sizes::global(1, 1))
        .preallocate(1, 0)
        .build()?;
    ts.set_rhs_jacobian(&a, None, move |_t, _y, mats| {
        mats.pre().set_value(0, 0, sc(-P), InsertMode::Insert)?;
        mats.pre().assemble()
    })?;
    let jp = Mat::dense(&c).sizes(Sizes::global(1, 1)).build()?;
    ts.set_rhs_jacobian_p(&jp, |_t, y, a| {
        a.set_value(0, 0, -y.view()?[0], InsertMode::Insert)?;
        a.assemble()
    })?;
    Ok(ts)
}

/// A forward solve of [`decay`] from its start (a new memory trajectory): its solution.
fn forward(petsc: &Petsc, ts: &mut petsc::Ts) -> petsc::Result<petsc::Vector> {
    ts.remove_trajectory()?;
    ts.set_trajectory_type("memory")?;
    ts.set_time(0.0)?;
    ts.set_step_number(0)?;
    ts.set_time_step(0.1)?;
    ts.set_max_time(1.0)?;
    ts.set_exact_final_time(petsc::ExactFinalTime::Matchstep)?;
    let mut y = petsc::Vector::from_slice(&petsc.self_comm(), &[sc(1.0)])?;
    ts.solve(&mut y)?.check()?;
    Ok(y)
}

/// Sets `lambda = dJ/dy(T) = 1` and `mu = 0` in vectors of their own.
fn set_gradients(petsc: &Petsc, ts: &mut petsc::Ts) -> petsc::Result<()> {
    let c = petsc.self_comm();
    let lambda = petsc::Vector::from_slice(&c, &[sc(1.0)])?;
    let mu = petsc::Vector::from_slice(&c, &[sc(0.0)])?;
    ts.set_cost_gradients(vec![lambda], Some(vec![mu]))
}

/// `dJ/dp` from the last adjoint solve, against the closed form.
fn assert_mu_exact(ts: &petsc::Ts) -> petsc::Result<()> {
    let (_, mu) = ts.cost_gradients()?;
    let dp = petsc_tests_re(mu.expect("mu")[0].view()?[0]);
    assert_close(dp, -(1.0f64 + P / 10.0).powi(-11), 1e-12);
    Ok(())
}

/// The pitfall the example avoids: the forward solve's vector given back as `lambda` is
/// the integrator's solution, which the adjoint solve overwrites; it is refused, and the
/// same integrator then gives the closed-form gradient with a copy.
fn adjoint_refuses_solution_as_gradient(petsc: &Petsc) -> petsc::Result<()> {
    let mut ts = decay(petsc)?;
    let mut y = forward(petsc, &mut ts)?;
    y.set(1.0)?; // dJ/dy(T), in the solution vector itself
    let mu = petsc::Vector::from_slice(&petsc.self_comm(), &[sc(0.0)])?;
    ts.set_cost_gradients(vec![y], Some(vec![mu]))?;
    let e = ts
        .adjoint_solve()
        .expect_err("lambda is the solution vector");
    assert!(e.report().contains("solution vector"), "{e}");
    // Forward again (the final state was overwritten above), then a lambda of its own.
    let _y = forward(petsc, &mut ts)?;
    set_gradients(petsc, &mut ts)?;
    ts.adjoint_solve()?;
    assert_mu_exact(&ts)
}

/// A lambda of another layout than the solution used to be found only inside the
/// adjoint solve: it is refused before, and the same integrator then gives the
/// closed-form gradient.
fn adjoint_refuses_lambda_of_another_layout(petsc: &Petsc) -> petsc::Result<()> {
    let mut ts = decay(petsc)?;
    let _y = forward(petsc, &mut ts)?;
    let c = petsc.self_comm();
    let lambda = petsc::Vector::from_slice(&c, &[sc(1.0), sc(2.0)])?;
    let mu = petsc::Vector::from_slice(&c, &[sc(0.0)])?;
    ts.set_cost_gradients(vec![lambda], Some(vec![mu]))?;
    let e = ts
        .adjoint_solve()
        .expect_err("lambda has 2 entries, u has 1");
    assert!(e.report().contains("a lambda has global size 2"), "{e}");
    set_gradients(petsc, &mut ts)?;
    ts.adjoint_solve()?;
    assert_mu_exact(&ts)
}

/// The adjoint's first step reads the final state from the solution vector: an adjoint
/// solve after that vector was changed (here to `J`'s residual, the mistake it invites)
/// is refused; after a new forward solve and with the vector left alone it gives the
/// closed-form gradient.
fn adjoint_refuses_changed_solution(petsc: &Petsc) -> petsc::Result<()> {
    let mut ts = decay(petsc)?;
    let mut y = forward(petsc, &mut ts)?;
    y.shift(-0.25)?; // u(T) - d, in the solution vector
    set_gradients(petsc, &mut ts)?;
    let e = ts.adjoint_solve().expect_err("the final state was changed");
    assert!(
        e.report().contains("changed after the forward solve"),
        "{e}"
    );
    assert!(e.report().contains("Ts::adjoint_solve"), "{e}");
    let _y = forward(petsc, &mut ts)?;
    set_gradients(petsc, &mut ts)?;
    ts.adjoint_solve()?;
    assert_mu_exact(&ts)
}

/// PETSc's adjoint reads the saved states without checking that they are there (with
/// none it crashes): an adjoint solve is refused without a trajectory, after a forward
/// integration by `step` (which saves none), on a new empty trajectory, and after steps
/// past the end of the last solve; a solve then gives the closed-form gradient.
fn adjoint_refuses_unsaved_trajectory(petsc: &Petsc) -> petsc::Result<()> {
    let refused = |ts: &mut petsc::Ts, needle: &str| -> petsc::Result<()> {
        set_gradients(petsc, ts)?;
        let e = ts.adjoint_solve().expect_err(needle);
        assert!(e.report().contains(needle), "{e}");
        Ok(())
    };
    // No trajectory at all.
    let mut ts = decay(petsc)?;
    ts.set_time_step(0.1)?;
    ts.set_max_time(1.0)?;
    ts.set_exact_final_time(petsc::ExactFinalTime::Matchstep)?;
    let mut y = petsc::Vector::from_slice(&petsc.self_comm(), &[sc(1.0)])?;
    ts.solve(&mut y)?.check()?;
    refused(&mut ts, "no saved trajectory")?;
    // Steps only.
    let mut ts = decay(petsc)?;
    ts.set_trajectory_type("memory")?;
    ts.set_time_step(0.1)?;
    ts.set_max_time(1.0)?;
    let y = petsc::Vector::from_slice(&petsc.self_comm(), &[sc(1.0)])?;
    ts.set_solution(&y)?;
    for _ in 0..10 {
        ts.step()?;
    }
    refused(&mut ts, "the trajectory holds no forward solve")?;
    // A solve, then a new (empty) trajectory.
    let _y = forward(petsc, &mut ts)?;
    ts.remove_trajectory()?;
    ts.set_trajectory_type("memory")?;
    refused(&mut ts, "the trajectory holds no forward solve")?;
    // A solve, then two steps past its end.
    let _y = forward(petsc, &mut ts)?;
    ts.set_max_time(2.0)?;
    ts.step()?;
    ts.step()?;
    refused(&mut ts, "up to step 10, but the integrator is at step 12")?;
    // A solve alone.
    let _y = forward(petsc, &mut ts)?;
    set_gradients(petsc, &mut ts)?;
    ts.adjoint_solve()?;
    assert_mu_exact(&ts)
}

/// `x` as a scalar (real or complex, as PETSc was built).
fn sc(x: f64) -> petsc::Scalar {
    petsc::Scalar::from(x)
}

/// The real part (the test runs on real and complex builds).
fn petsc_tests_re(x: impl Into<petsc::Complex<f64>>) -> f64 {
    x.into().re
}

pub fn cases() -> Vec<Case> {
    if petsc::SCALAR_IS_COMPLEX {
        return vec![Case::new("calibrate_needs_real_scalars", |_| {
            assert_needs_real_scalars("heat_calibrate", GRID);
            Ok(())
        })];
    }
    vec![
        Case::new(
            "calibrate_checks_rank_independent",
            calibrate_checks_rank_independent,
        ),
        Case::new("calibrate_implicit_methods", calibrate_implicit_methods),
        Case::new("calibrate_other_truth", calibrate_other_truth),
        Case::new("calibrate_refuses_bad_input", calibrate_refuses_bad_input),
        Case::new(
            "adjoint_refuses_solution_as_gradient",
            adjoint_refuses_solution_as_gradient,
        ),
        Case::new(
            "adjoint_refuses_lambda_of_another_layout",
            adjoint_refuses_lambda_of_another_layout,
        ),
        Case::new(
            "adjoint_refuses_changed_solution",
            adjoint_refuses_changed_solution,
        ),
        Case::new(
            "adjoint_refuses_unsaved_trajectory",
            adjoint_refuses_unsaved_trajectory,
        ),
    ]
}
