//! PETSc's TS tutorial `ex20adj.c` in Rust: adjoint sensitivities of the van der Pol
//! equation
//!
//! ```text
//! u1' = u2,   u2' = mu ((1 - u1^2) u2 - u1),
//! u1(0) = 2,  u2(0) = -2/3 + 10/(81 mu) - 292/(2187 mu^2)
//! ```
//!
//! up to `t = 0.5` with `dt = 0.001`: the implicit form and its Jacobian by
//! Crank-Nicolson (or the right-hand side by RK with `-implicitform false`), the
//! Jacobian of the right-hand side with respect to `mu` (`TSSetRHSJacobianP`), the
//! trajectory saved, then the discrete adjoint (`TSAdjointSolve`) gives the
//! sensitivities of `u(tf)` to the initial conditions and to `mu` (`-mu`, 1e3), as in
//! C. Sequential, as the C program; its `-monitor` (output interpolated at multiples
//! of 0.1) is not ported. PETSc's tests 2 to 7
//!
//! ```text
//! ts_ex20adj -ts_type cn -ts_dt 0.001 -mu 100000 -ts_max_steps 15 \
//!     -ts_trajectory_type memory -ts_trajectory_solution_only
//! ```
//!
//! (and the variants with strides and stacks) print PETSc's expected output
//! `ex20adj_2.out`. Test 22 (`-ts_type beuler`, same options) prints what the C program
//! prints, not that file: the file holds the Crank-Nicolson numbers, and backward
//! Euler's sensitivities (`d[z(tf)]/d[y0] = 0.570908`) are those of its own discrete
//! solution, as finite differences confirm.

use std::process::ExitCode;

use petsc::{
    ExactFinalTime, InsertMode, Mat, Object, Petsc, Scalar, Sizes, Ts, TsEquationType, TsType,
    Viewer, G,
};
use petsc_examples::{check_failed, real, require, scalar, usage_error};

fn body(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    require(world.size() == 1, || {
        "This is a uniprocessor example only!".to_string()
    })?;
    let opts = petsc.options();
    if opts.get_or("monitor", false)? {
        return Err(usage_error("-monitor (interpolated output) is not ported"));
    }
    let mu = opts.get_or::<petsc::Real>("mu", 1e3)?;
    let implicit = opts.get_or("implicitform", true)?;

    let a = Mat::aij(&world)
        .sizes(Sizes::global(2, 2))
        .preallocate(2, 0)
        .build()?;
    let (mut u, _) = a.create_vecs()?;
    let jacp = Mat::aij(&world)
        .sizes(Sizes::global(2, 1))
        .preallocate(1, 0)
        .build()?;
    let (mup0, _) = jacp.create_vecs()?;
    let mup1 = mup0.duplicate()?;

    let mut ts = Ts::new(&world)?;
    // Fewer Jacobian evaluations for the adjoint of backward Euler; no effect otherwise.
    ts.set_equation_type(TsEquationType::OdeExplicit)?;
    if implicit {
        ts.set_ifunction(None, move |_t, u, u_t, f| {
            let (u, u_t, mut f) = (u.view()?, u_t.view()?, f.view_mut()?);
            f[0] = u_t[0] - u[1];
            f[1] = u_t[1] - ((1.0 - u[0] * u[0]) * u[1] - u[0]) * mu;
            Ok(())
        })?;
        ts.set_ijacobian(&a, None, move |_t, u, _u_t, shift, mats| {
            let u = u.view()?;
            let j = [
                scalar(shift),
                scalar(-1.0),
                (u[0] * u[1] * 2.0 + 1.0) * mu,
                scalar(shift) - (1.0 - u[0] * u[0]) * mu,
            ];
            mats.pre()
                .set_values(&[0, 1], &[0, 1], &j, InsertMode::Insert)?;
            mats.pre().assemble()
        })?;
        ts.set_type(TsType::Cn)?;
    } else {
        ts.set_rhs_function(None, move |_t, u, f| {
            let (u, mut f) = (u.view()?, f.view_mut()?);
            f[0] = u[1];
            f[1] = ((1.0 - u[0] * u[0]) * u[1] - u[0]) * mu;
            Ok(())
        })?;
        ts.set_rhs_jacobian(&a, None, move |_t, u, mats| {
            let u = u.view()?;
            let j = [
                scalar(0.0),
                scalar(1.0),
                -(u[1] * u[0] * 2.0 + 1.0) * mu,
                (1.0 - u[0] * u[0]) * mu,
            ];
            mats.pre()
                .set_values(&[0, 1], &[0, 1], &j, InsertMode::Insert)?;
            mats.pre().assemble()
        })?;
        ts.set_type(TsType::Rk)?;
    }
    ts.set_rhs_jacobian_p(&jacp, |_t, u, jp| {
        let u = u.view()?;
        let j = [scalar(0.0), (1.0 - u[0] * u[0]) * u[1] - u[0]];
        jp.set_values(&[0, 1], &[0], &j, InsertMode::Insert)?;
        jp.assemble()
    })?;
    ts.set_max_time(0.5)?;
    ts.set_time_step(0.001)?;
    ts.set_exact_final_time(ExactFinalTime::Matchstep)?;
    {
        let mut x = u.view_mut()?;
        x[0] = scalar(2.0);
        x[1] = scalar(-2.0 / 3.0 + 10.0 / (81.0 * mu) - 292.0 / (2187.0 * mu * mu));
    }
    ts.set_save_trajectory()?;
    ts.set_from_options()?;
    // As in C, the program goes on whatever the reason the solve stopped for.
    let _reason = ts.solve(&mut u)?;

    // The adjoint: lambda_i = d[u_i(tf)]/d[u(0)], mu_i = d[u_i(tf)]/d[mu].
    let mut lambda0 = u.duplicate()?;
    let mut lambda1 = u.duplicate()?;
    lambda0.set_values(&[0, 1], &[scalar(1.0), scalar(0.0)], InsertMode::Insert)?;
    lambda1.set_values(&[0, 1], &[scalar(0.0), scalar(1.0)], InsertMode::Insert)?;
    lambda0.assemble()?;
    lambda1.assemble()?;
    ts.set_cost_gradients(vec![lambda0, lambda1], Some(vec![mup0, mup1]))?;
    ts.adjoint_solve()?;
    let (lambda, mup) = ts.cost_gradients()?;
    let mup = mup.ok_or_else(|| check_failed("no parameter gradients"))?;
    let stdout = Viewer::ascii_stdout(&world)?;
    // u2(0) depends on mu too: add d[u_i(tf)]/d[u2(0)] d[u2(0)]/d[mu].
    let du0 = -10.0 / (81.0 * mu * mu) + 2.0 * 292.0 / (2187.0 * mu * mu * mu);
    let titles = [
        "d[y(tf)]/d[y0]  d[y(tf)]/d[z0]",
        "d[z(tf)]/d[y0]  d[z(tf)]/d[z0]",
    ];
    for (l, title) in lambda.iter().zip(titles) {
        println!("\n sensitivity wrt initial conditions: {title}");
        l.view_with(&stdout)?;
    }
    let derp = |k: usize| -> petsc::Result<f64> {
        let d: Scalar = lambda[k].view()?[1] * du0 + mup[k].view()?[0];
        Ok(real(d))
    };
    println!(
        "\n sensitivity wrt parameters: d[y(tf)]/d[mu]\n{}",
        G(derp(0)?)
    );
    println!(
        "\n sensivitity wrt parameters: d[z(tf)]/d[mu]\n{}",
        G(derp(1)?)
    );
    Ok(())
}

fn main() -> ExitCode {
    petsc::main(body)
}
