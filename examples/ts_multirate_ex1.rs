//! PETSc's TS multirate tutorial `multirate/ex1.c` in Rust: the basic problem of the
//! multirate Runge-Kutta methods (`mprk`),
//!
//! ```text
//! ys' = ys / a,   yf' = ys cos(b t),   ys(0) = 1,   yf(0) = a / (1 + a² b²)
//! ```
//!
//! with `ys` the slow unknown and `yf` the fast one, each a split of its own
//! (`TSRHSSplitSetIS`) with a right-hand side of its own
//! (`TSRHSSplitSetRHSFunction`) beside the whole system's. `a = 2`, `b = 25`, `dt = 0.01`
//! up to `t = 2` unless `-a`, `-b`, `-dt`, `-Tf` say otherwise; the solution and its
//! distance to the exact one are printed, as in C (PETSc's expected output
//! `multirate/output/ex1_1.out`). Sequential, as the C program.

use std::process::ExitCode;

use petsc::{ExactFinalTime, IndexSet, NormType, Object, Petsc, Ts, TsType, Vector, Viewer, G};
use petsc_examples::{require, scalar};

fn body(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    require(world.size() == 1, || "Only for sequential runs".to_string())?;
    let me = petsc.self_comm();
    let iss = IndexSet::new_general(&me, &[0])?;
    let isf = IndexSet::new_general(&me, &[1])?;
    let mut u = Vector::new(&world)?;
    u.set_sizes(Some(2), None)?;
    u.set_from_options()?;
    let mut utrue = u.duplicate()?;

    // C's `PetscOptionsBegin(PETSC_COMM_WORLD, NULL, "ODE options", "")` block.
    let opts = petsc.options();
    let (a, b, tf, dt) = {
        let mut block = opts.begin("ODE options")?;
        block.set_man("")?;
        let a = block.real("-a", "", 2.0)?;
        let b = block.real("-b", "", 25.0)?;
        let tf = block.real("-Tf", "", 2.0)?;
        let dt = block.real("-dt", "", 0.01)?;
        (a, b, tf, dt)
    };
    {
        let mut v = u.view_mut()?;
        v[0] = scalar(1.0);
        v[1] = scalar(a / (1.0 + a * a * b * b));
    }

    let mut ts = Ts::new(&world)?;
    ts.set_type(TsType::Mprk)?;
    ts.set_rhs_function(None, move |t, u, f| {
        let (u, mut f) = (u.view()?, f.view_mut()?);
        f[0] = u[0] / a;
        f[1] = u[0] * scalar((t * b).cos());
        Ok(())
    })?;
    ts.set_rhs_split_is("slow", &iss)?;
    ts.set_rhs_split_is("fast", &isf)?;
    ts.set_rhs_split_rhs_function("slow", None, move |_t, u, f| {
        f.view_mut()?[0] = u.view()?[0] / a;
        Ok(())
    })?;
    ts.set_rhs_split_rhs_function("fast", None, move |t, u, f| {
        f.view_mut()?[0] = u.view()?[0] * scalar((t * b).cos());
        Ok(())
    })?;
    ts.set_solution(&u)?;
    ts.set_max_time(tf)?;
    ts.set_time_step(dt)?;
    ts.set_exact_final_time(ExactFinalTime::Matchstep)?;
    ts.set_from_options()?;
    // As in C, the program goes on whatever the reason the solve stopped for.
    let _reason = ts.solve(&mut u)?;
    u.view_with(&Viewer::ascii_stdout(&world)?)?;

    // The exact solution at the time reached.
    let tt = ts.time()?;
    {
        let mut v = utrue.view_mut()?;
        v[0] = scalar((tt / a).exp());
        v[1] = scalar(
            (a * (b * tt).cos() + a * a * b * (b * tt).sin()) * (tt / a).exp()
                / (1.0 + a * a * b * b),
        );
    }
    utrue.axpy(scalar(-1.0), &u)?;
    let error = utrue.norm(NormType::Two)?;
    world.print(&format!("l2 error norm = {}\n", G(error)))?;
    Ok(())
}

fn main() -> ExitCode {
    petsc::main(body)
}
