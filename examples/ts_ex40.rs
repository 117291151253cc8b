//! PETSc's TS tutorial `ex40.c` in Rust: a bouncing ball, to exercise TS events.
//!
//! ```text
//! u1_t = u2,   u2_t = -9.8,   u(0) = (0, 20)
//! ```
//!
//! The ball hitting the ground (`u1` falls through 0) is an event, after which the
//! post-event closure puts it back on the ground with its velocity reversed and
//! attenuated by 0.9; the `-maxbounces`-th bounce (10) ends the solve: from PETSc 3.21,
//! as C, the post-event closure ends it; before, a second event, the number of bounces
//! reaching the limit, does. Rosenbrock-W by default, the implicit form with a dense Jacobian (or the
//! right-hand side with `-rhs-form`), `dt = 0.1` up to `t = 30`, steps of at most 0.5,
//! then the options, as in C. Sequential, as the C program.
//!
//! Unless `-test_adapthistory false`, the run is then replayed as in C: the integrator
//! saved its trajectory, and the step-size controller `history` takes the same steps
//! again from the start, so the ten bounces print twice (PETSc's expected output
//! `ex40.out`, tests a-l and o). PETSc's test `m`
//!
//! ```text
//! ts_ex40 -ts_type alpha -ts_adapt_type basic -ts_atol 1e-1 -snes_stol 1e-4 \
//!     -test_adapthistory false -ts_max_time 10 -ts_exact_final_time stepover
//! ```
//!
//! (also with `matchstep` and `interpolate`) prints PETSc's expected output `ex40_m.out`.

use std::process::ExitCode;

use petsc::{
    EventAction, EventDirection, ExactFinalTime, InsertMode, Int, Mat, Petsc, Sizes, Ts,
    TsProblemType, TsType, Vector,
};
use petsc_examples::{real, require, scalar};

fn body(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    require(world.size() == 1, || "Only for sequential runs".to_string())?;
    let opts = petsc.options();
    // C's `PetscOptionsBegin(PETSC_COMM_WORLD, NULL, "ex40 options", "")` block, which
    // `-help` lists as C's does.
    let (maxbounces, hist) = {
        let mut block = opts.begin("ex40 options")?;
        block.set_man("")?;
        (
            block.int("-maxbounces", "", 10)?,
            block.bool("-test_adapthistory", "", true)?,
        )
    };
    let rhs_form = opts.get_or("rhs-form", false)?;

    let mut ts = Ts::new(&world)?;
    ts.set_type(TsType::Rosw)?;
    ts.set_problem_type(TsProblemType::Nonlinear)?;
    let n: Int = 2;
    if rhs_form {
        ts.set_rhs_function(None, |_t, u, f| {
            let (u, mut f) = (u.view()?, f.view_mut()?);
            f[0] = u[1];
            f[1] = scalar(-9.8);
            Ok(())
        })?;
        let a = Mat::dense(&world).sizes(Sizes::local(n, n)).build()?;
        ts.set_rhs_jacobian(&a, None, |_t, _u, mats| {
            let j = [0.0, 1.0, 0.0, 0.0].map(scalar);
            mats.pre()
                .set_values(&[0, 1], &[0, 1], &j, InsertMode::Insert)?;
            mats.pre().assemble()
        })?;
    } else {
        let a = Mat::dense(&world).sizes(Sizes::local(n, n)).build()?;
        ts.set_ifunction(None, |_t, u, u_t, f| {
            let (u, u_t, mut f) = (u.view()?, u_t.view()?, f.view_mut()?);
            f[0] = u_t[0] - u[1];
            f[1] = u_t[1] + 9.8;
            Ok(())
        })?;
        ts.set_ijacobian(&a, None, |_t, _u, _u_t, shift, mats| {
            let j = [shift, -1.0, 0.0, shift].map(scalar);
            mats.pre()
                .set_values(&[0, 1], &[0, 1], &j, InsertMode::Insert)?;
            mats.pre().assemble()
        })?;
    }

    let mut u = Vector::new_mpi(&world, Some(n), None)?;
    {
        let mut v = u.view_mut()?;
        v[0] = scalar(0.0);
        v[1] = scalar(20.0);
    }
    if hist {
        ts.set_save_trajectory()?;
    }
    ts.set_max_time(30.0)?;
    ts.set_exact_final_time(ExactFinalTime::Stepover)?;
    ts.set_time_step(0.1)?;
    // The adaptive controller could take steps so large that an event occurs more than
    // once inside one; the C program limits them to 0.5.
    ts.set_step_limits(0.0, 0.5)?;

    let nbounces = std::rc::Rc::new(std::cell::Cell::<Int>::new(0));
    set_events(&mut ts, maxbounces, nbounces.clone())?;
    ts.set_from_options()?;
    let _ = ts.solve(&mut u)?; // as PETSc's tutorial: a diverged solve does not stop it

    if hist {
        // Replay the run through its saved steps.
        nbounces.set(0);
        let tf = ts.time()?;
        ts.set_max_time(tf)?;
        ts.set_step_number(0)?;
        ts.restart_step()?;
        ts.set_exact_final_time(ExactFinalTime::Matchstep)?;
        ts.set_from_options()?;
        let (t0, dt) = ts.set_adapt_history_from_trajectory(false)?;
        ts.set_time(t0)?;
        ts.set_time_step(dt)?;
        ts.reset_trajectory()?;
        {
            let mut v = u.view_mut()?;
            v[0] = scalar(0.0);
            v[1] = scalar(20.0);
        }
        let _ = ts.solve(&mut u)?; // as PETSc's tutorial: a diverged solve does not stop it
    }
    Ok(())
}

/// From PETSc 3.21, as C: one event, the ball hitting the ground; on the last bounce the
/// post-event closure ends the solve (C: `TSSetConvergedReason(ts, TS_CONVERGED_USER)`;
/// 3.21 evaluates the indicators again after a post-event, so a counter cannot end it).
#[cfg(petsc_3_21)]
fn set_events(
    ts: &mut Ts,
    maxbounces: Int,
    nbounces: std::rc::Rc<std::cell::Cell<Int>>,
) -> petsc::Result<()> {
    ts.set_event_handler(
        &[EventDirection::Falling],
        &[false],
        |_t, u, values| {
            values[0] = real(u.view()?[0]);
            Ok(())
        },
        Some(move |_events: &[Int], t, u: &mut Vector, _forward| {
            bounce(t, u)?;
            nbounces.set(nbounces.get() + 1);
            if nbounces.get() >= maxbounces {
                println!("Ball bounced {} times", nbounces.get());
                return Ok(EventAction::Stop);
            }
            Ok(EventAction::Continue)
        }),
    )
}

/// Up to PETSc 3.20, as C: two events, the ball hitting the ground, and the number of
/// bounces reaching the limit, which ends the solve.
#[cfg(not(petsc_3_21))]
fn set_events(
    ts: &mut Ts,
    maxbounces: Int,
    nbounces: std::rc::Rc<std::cell::Cell<Int>>,
) -> petsc::Result<()> {
    let seen = nbounces.clone();
    ts.set_event_handler(
        &[EventDirection::Falling, EventDirection::Falling],
        &[false, true],
        move |_t, u, values| {
            values[0] = real(u.view()?[0]);
            values[1] = (maxbounces - seen.get()) as f64;
            Ok(())
        },
        Some(move |events: &[Int], t, u: &mut Vector, _forward| {
            match events.first() {
                Some(0) => bounce(t, u)?,
                Some(1) => println!("Ball bounced {} times", nbounces.get()),
                _ => {}
            }
            nbounces.set(nbounces.get() + 1);
            Ok(EventAction::Continue)
        }),
    )
}

/// The ball on the ground: put back at height 0, its velocity reversed and attenuated.
fn bounce(t: petsc::Real, u: &mut Vector) -> petsc::Result<()> {
    println!("Ball hit the ground at t = {t:5.2} seconds");
    let mut v = u.view_mut()?;
    v[0] = scalar(0.0);
    v[1] *= -0.9;
    Ok(())
}

fn main() -> ExitCode {
    petsc::main(body)
}
