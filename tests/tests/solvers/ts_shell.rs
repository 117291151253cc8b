//! Shell TS (`Ts::set_shell_step`): explicit Euler and a two-stage Runge-Kutta method
//! written as closures on `y' = -y`, against the closed forms of the schemes
//! (`(1 - h)^n y0` and `(1 - h + h^2/2)^n y0`), with monitors, final time, matched and
//! interpolated ends, events, and failures that leave the integrator usable; at 1, 2 and
//! 3 ranks. `y0_i = 1 + i` by global index.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use petsc::{
    EventDirection, ExactFinalTime, Int, NormType, Object, Petsc, Real, Ts, TsConvergedReason,
    Vector,
};
use petsc_tests::Case;

/// `x` as a scalar (real or complex, as PETSc was built).
fn sc(x: f64) -> petsc::Scalar {
    petsc::Scalar::from(x)
}

/// Global size of the state.
const N: Int = 7;

/// The initial state `y0_i = 1 + i`.
fn initial(petsc: &Petsc) -> petsc::Result<Vector> {
    let mut y = Vector::new_mpi(&petsc.world(), None, Some(N))?;
    let lo = y.ownership_range()?.start;
    for (k, yi) in y.view_mut()?.iter_mut().enumerate() {
        *yi = sc(1.0 + (lo as f64) + k as f64);
    }
    Ok(y)
}

/// `max_i |y_i - g y0_i| / max_i |g y0_i|` (collective).
fn rel_error(petsc: &Petsc, y: &Vector, g: f64) -> petsc::Result<f64> {
    let mut e = initial(petsc)?;
    e.scale(g)?;
    let scale = e.norm(NormType::Infinity)?;
    e.axpy(-1.0, y)?;
    Ok(e.norm(NormType::Infinity)? / scale)
}

/// Explicit Euler on `y' = -y` as a shell step.
fn euler(_t: Real, h: Real, y: &mut Vector) -> petsc::Result<()> {
    let mut f = y.duplicate()?;
    f.copy_from(y)?;
    f.scale(-1.0)?; // f = -y
    y.axpy(h, &f)
}

/// Heun's method (two stages) on `y' = -y` as a shell step: `k1 = f(y)`,
/// `k2 = f(y + h k1)`, `y += h/2 (k1 + k2)`.
fn heun(_t: Real, h: Real, y: &mut Vector) -> petsc::Result<()> {
    let mut k1 = y.duplicate()?;
    k1.copy_from(y)?;
    k1.scale(-1.0)?;
    let mut y1 = y.duplicate()?;
    y1.copy_from(y)?;
    y1.axpy(h, &k1)?;
    let mut k2 = y1.duplicate()?;
    k2.copy_from(&y1)?;
    k2.scale(-1.0)?;
    y.axpy(h / 2.0, &k1)?;
    y.axpy(h / 2.0, &k2)
}

/// An integrator with the shell step `step`, step `h`.
fn shell<F>(petsc: &Petsc, h: Real, step: F) -> petsc::Result<Ts>
where
    F: FnMut(Real, Real, &mut Vector) -> petsc::Result<()> + 'static,
{
    let mut ts = Ts::new(&petsc.world())?;
    ts.set_shell_step(step)?;
    ts.set_time_step(h)?;
    Ok(ts)
}

/// Fixed steps: n steps of Euler and Heun give the schemes' closed forms to rounding;
/// the time and step count are the integrator's.
fn shell_euler_heun_closed_form(petsc: &Petsc) -> petsc::Result<()> {
    let (h, n) = (0.1, 20);
    for (name, g) in [("euler", 1.0 - h), ("heun", 1.0 - h + h * h / 2.0)] {
        let mut ts = if name == "euler" {
            shell(petsc, h, euler)?
        } else {
            shell(petsc, h, heun)?
        };
        ts.set_max_steps(n)?;
        ts.set_exact_final_time(ExactFinalTime::Stepover)?;
        let mut y = initial(petsc)?;
        let reason = ts.solve(&mut y)?;
        assert_eq!(reason, TsConvergedReason::ConvergedIts);
        assert_eq!(ts.step_number()?, n);
        assert!((ts.time()? - n as f64 * h).abs() < 1e-13);
        let e = rel_error(petsc, &y, (0..n).fold(1.0, |a, _| a * g))?;
        assert!(e < 1e-14, "{name}: relative error {e}");
        assert_eq!(ts.type_name()?, "rsshell");
    }
    Ok(())
}

/// The final time: matched (the last step is cut to end at it), stepped over, and
/// interpolated (linearly inside the last step).
fn shell_final_time(petsc: &Petsc) -> petsc::Result<()> {
    let h = 0.3;
    // Matchstep: PETSc shortens the last steps to end at 1 (0.3, 0.3, then the 0.4
    // left in two halves); the state is the product of the steps' factors.
    let steps = Rc::new(RefCell::new(Vec::new()));
    let log = steps.clone();
    let mut ts = shell(petsc, h, move |t, dt, y| {
        log.borrow_mut().push(dt);
        euler(t, dt, y)
    })?;
    ts.set_max_time(1.0)?;
    ts.set_exact_final_time(ExactFinalTime::Matchstep)?;
    let mut y = initial(petsc)?;
    let reason = ts.solve(&mut y)?;
    assert_eq!(reason, TsConvergedReason::ConvergedTime);
    let steps = steps.borrow();
    assert_eq!(ts.step_number()?, steps.len() as Int);
    assert!((steps.iter().sum::<f64>() - 1.0).abs() < 1e-14, "{steps:?}");
    assert!(steps.iter().all(|&dt| dt <= h), "{steps:?}");
    assert!((ts.time()? - 1.0).abs() < 1e-14);
    let g: f64 = steps.iter().map(|dt| 1.0 - dt).product();
    assert!(rel_error(petsc, &y, g)? < 1e-14);
    // Stepover: four full steps, to 1.2.
    let mut ts = shell(petsc, h, euler)?;
    ts.set_max_time(1.0)?;
    ts.set_exact_final_time(ExactFinalTime::Stepover)?;
    let mut y = initial(petsc)?;
    ts.solve(&mut y)?.check()?;
    assert!((ts.time()? - 1.2).abs() < 1e-14);
    assert!(rel_error(petsc, &y, 0.7f64.powi(4))? < 1e-14);
    // Interpolate: between y3 (t = 0.9) and y4 (t = 1.2) at t = 1.
    let mut ts = shell(petsc, h, euler)?;
    ts.set_max_time(1.0)?;
    ts.set_exact_final_time(ExactFinalTime::Interpolate)?;
    let mut y = initial(petsc)?;
    ts.solve(&mut y)?.check()?;
    let a = (1.0 - 0.9) / 0.3;
    let g = (1.0 - a) * 0.7f64.powi(3) + a * 0.7f64.powi(4);
    let e = rel_error(petsc, &y, g)?;
    assert!(e < 1e-14, "interpolated: {e}");
    Ok(())
}

/// A monitor sees every step, with the step's time and the scheme's state; a post-step
/// closure runs after each; the step closure gets the integrator's time and step.
fn shell_monitors(petsc: &Petsc) -> petsc::Result<()> {
    let (h, n) = (0.05, 12);
    let times = Rc::new(RefCell::new(Vec::new()));
    let t_log = times.clone();
    let mut ts = shell(petsc, h, move |t, dt, y| {
        t_log.borrow_mut().push((t, dt));
        euler(t, dt, y)
    })?;
    let seen = Rc::new(RefCell::new(Vec::new()));
    let log = seen.clone();
    let world = petsc.world();
    ts.monitor(move |step, t, y| {
        // The first component, on every rank (rank 0 owns it).
        let first = y.norm(NormType::Infinity)?;
        let _ = &world;
        log.borrow_mut().push((step, t, first));
        Ok(())
    })?;
    let posts = Rc::new(Cell::new(0));
    let p = posts.clone();
    ts.set_post_step(move |_, _, _| {
        p.set(p.get() + 1);
        Ok(())
    })?;
    ts.set_max_steps(n)?;
    ts.set_exact_final_time(ExactFinalTime::Stepover)?;
    let mut y = initial(petsc)?;
    ts.solve(&mut y)?.check()?;
    let seen = seen.borrow();
    assert_eq!(seen.len(), n as usize + 1);
    for (k, &(step, t, ymax)) in seen.iter().enumerate() {
        assert_eq!(step, k as Int);
        assert!((t - k as f64 * h).abs() < 1e-13, "step {k}: t {t}");
        let want = N as f64 * (1.0 - h).powi(k as i32);
        assert!(
            (ymax - want).abs() < 1e-13 * want,
            "step {k}: {ymax} vs {want}"
        );
    }
    assert_eq!(posts.get(), n);
    let times = times.borrow();
    assert_eq!(times.len(), n as usize);
    for (k, &(t, dt)) in times.iter().enumerate() {
        assert!(
            (t - k as f64 * h).abs() < 1e-13 && dt == h,
            "step {k}: ({t}, {dt})"
        );
    }
    Ok(())
}

/// `-ts_monitor`, `-ts_max_steps` and `-ts_dt` from the options reach the shell.
fn shell_options(petsc: &Petsc) -> petsc::Result<()> {
    let mut ts = shell(petsc, 0.5, euler)?;
    ts.set_options_prefix("shts_")?;
    let o = petsc.options();
    o.set_value("-shts_ts_max_steps", "6")?;
    o.set_value("-shts_ts_dt", "0.125")?;
    o.set_value("-shts_ts_monitor", "")?;
    ts.set_exact_final_time(ExactFinalTime::Stepover)?;
    ts.set_from_options()?;
    for k in ["-shts_ts_max_steps", "-shts_ts_dt", "-shts_ts_monitor"] {
        o.clear_value(k)?;
    }
    assert_eq!(ts.type_name()?, "rsshell");
    let mut y = initial(petsc)?;
    ts.solve(&mut y)?.check()?;
    assert_eq!(ts.step_number()?, 6);
    assert!((ts.time()? - 0.75).abs() < 1e-14);
    assert!(rel_error(petsc, &y, 0.875f64.powi(6))? < 1e-14);
    // The basic adaptor has no error estimate from a shell and keeps the step.
    let mut ts = shell(petsc, 0.1, euler)?;
    ts.set_adapt_type("basic")?;
    ts.set_max_steps(3)?;
    ts.set_exact_final_time(ExactFinalTime::Stepover)?;
    let mut y = initial(petsc)?;
    ts.solve(&mut y)?.check()?;
    assert!((ts.time()? - 0.3).abs() < 1e-14);
    assert!(rel_error(petsc, &y, 0.9f64.powi(3))? < 1e-14);
    Ok(())
}

/// An event inside a step: the event handler rolls the shell's step back and shortens
/// it until the crossing is located; the state there is the scheme's.
fn shell_event(petsc: &Petsc) -> petsc::Result<()> {
    // The largest component, N (1 - h)^n for whole steps, crosses N/2.
    let h = 0.1;
    let mut ts = shell(petsc, h, euler)?;
    let hit = Rc::new(RefCell::new(Vec::new()));
    let log = hit.clone();
    let world = petsc.world();
    ts.set_event_handler(
        &[EventDirection::Falling],
        &[true],
        move |_t, y, v| {
            let _ = &world;
            v[0] = y.norm(NormType::Infinity)? - N as f64 / 2.0;
            Ok(())
        },
        Some(move |_: &[Int], t: Real, y: &mut Vector, _| {
            log.borrow_mut().push((t, y.norm(NormType::Infinity)?));
            Ok(())
        }),
    )?;
    ts.set_max_time(5.0)?;
    ts.set_exact_final_time(ExactFinalTime::Stepover)?;
    let mut y = initial(petsc)?;
    let reason = ts.solve(&mut y)?;
    assert_eq!(reason, TsConvergedReason::ConvergedEvent);
    let hit = hit.borrow();
    assert_eq!(hit.len(), 1);
    let (t, ymax) = hit[0];
    assert!(
        (ymax - N as f64 / 2.0).abs() < 1e-4 * N as f64,
        "{ymax} at {t}"
    );
    // Euler's state falls below N/2 between steps 6 and 7: 0.9^6 = 0.531, 0.9^7 = 0.478.
    assert!(t > 0.6 && t < 0.7, "{t}");
    assert!((ts.time()? - t).abs() < 1e-12);
    Ok(())
}

/// A step closure that fails (`Err`), then one that panics, at the fourth step: the solve
/// ends with the message, the state is the one after three steps; the same integrator
/// then solves again from the start.
fn shell_failures_then_again(petsc: &Petsc) -> petsc::Result<()> {
    let h = 0.1;
    let mode = Rc::new(Cell::new(0));
    let m = mode.clone();
    let mut ts = shell(petsc, h, move |t, dt, y| {
        if t > 0.25 {
            match m.get() {
                0 => return Err(petsc::Error::user("the step refuses t > 0.25")),
                1 => panic!("the step panics at t > 0.25"),
                _ => {}
            }
        }
        euler(t, dt, y)
    })?;
    ts.set_max_steps(10)?;
    ts.set_exact_final_time(ExactFinalTime::Stepover)?;
    for (k, msg) in [
        (0, "the step refuses t > 0.25"),
        (1, "the step panics at t > 0.25"),
    ] {
        mode.set(k);
        ts.set_time(0.0)?;
        ts.set_step_number(0)?;
        let mut y = initial(petsc)?;
        let e = ts.solve(&mut y).expect_err(msg);
        let s = e.report();
        assert!(s.contains(msg) && s.contains("TS shell step"), "{s}");
        assert_eq!(ts.step_number()?, 3);
        assert!(rel_error(petsc, &y, 0.9f64.powi(3))? < 1e-14);
    }
    mode.set(2);
    ts.set_time(0.0)?;
    ts.set_step_number(0)?;
    ts.set_time_step(h)?;
    let mut y = initial(petsc)?;
    ts.solve(&mut y)?.check()?;
    assert_eq!(ts.step_number()?, 10);
    assert!(rel_error(petsc, &y, 0.9f64.powi(10))? < 1e-14);
    Ok(())
}

/// The closure goes with the integrator, and with its shell when the type changes.
fn shell_closure_freed(petsc: &Petsc) -> petsc::Result<()> {
    let before = petsc::ffi::registered_count();
    {
        let mut ts = shell(petsc, 0.1, euler)?;
        assert_eq!(petsc::ffi::registered_count(), before + 1);
        ts.set_type(petsc::TsType::Euler)?;
        assert_eq!(petsc::ffi::registered_count(), before);
        ts.set_shell_step(heun)?;
        ts.set_max_steps(2)?;
        let mut y = initial(petsc)?;
        ts.solve(&mut y)?.check()?;
    }
    assert_eq!(petsc::ffi::registered_count(), before);
    Ok(())
}

pub fn cases() -> Vec<Case> {
    vec![
        Case::new("shell_euler_heun_closed_form", shell_euler_heun_closed_form).ranks(&[1, 2, 3]),
        Case::new("shell_final_time", shell_final_time).ranks(&[1, 2]),
        Case::new("shell_monitors", shell_monitors).ranks(&[1, 2]),
        Case::new("shell_options", shell_options).ranks(&[1, 2]),
        Case::new("shell_event", shell_event).ranks(&[1, 2]),
        Case::new("shell_failures_then_again", shell_failures_then_again).ranks(&[1, 2]),
        Case::new("shell_closure_freed", shell_closure_freed),
    ]
}
