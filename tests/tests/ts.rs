//! Time integrators: convergence orders on ODEs with closed forms (exponential decay,
//! harmonic oscillator) in explicit and implicit form, 1D heat on a DMDA with the local
//! forms at 1, 2 and 3 ranks against the discrete mode's exact decay and the serial run,
//! monitors and post-step hooks, and bad input (steps, failing and panicking closures,
//! a stiff problem under explicit Euler, unknown types).

use std::cell::{Cell, RefCell};
use std::f64::consts::PI;
use std::rc::Rc;

use petsc::{
    Comm, Complex, Da, Error, ExactFinalTime, InsertMode, Int, JacobianMats, Mat, NormType, Object,
    Petsc, Scalar, Stencil, Ts, TsConvergedReason, TsProblemType, TsType, Vector,
};
use petsc_tests::{run, Case};

/// The modulus of a real or complex scalar.
fn abs(x: impl Into<Complex<f64>>) -> f64 {
    x.into().norm()
}

/// Real numbers as scalars.
fn scalars(v: &[f64]) -> Vec<Scalar> {
    v.iter().map(|&x| Scalar::from(x)).collect()
}

/// Which form the ODE is given in.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Form {
    /// `u' = G(t, u)` with `dG/du`.
    Rhs,
    /// `F(t, u, u') = u' - G(t, u) = 0` with `dF/du + shift dF/du'`.
    Implicit,
}

/// A linear ODE `u' = A u` with a small dense `A`, and its exact solution.
struct LinearOde {
    a: Vec<Vec<f64>>,
    u0: Vec<f64>,
    exact: fn(f64) -> Vec<f64>,
}

/// `y' = -y`, `y(0) = 1`.
fn decay() -> LinearOde {
    LinearOde {
        a: vec![vec![-1.0]],
        u0: vec![1.0],
        exact: |t| vec![(-t).exp()],
    }
}

/// `x' = v, v' = -4 x`, `(x, v)(0) = (1, 0)`: `x = cos 2t`, `v = -2 sin 2t`.
fn oscillator() -> LinearOde {
    LinearOde {
        a: vec![vec![0.0, 1.0], vec![-4.0, 0.0]],
        u0: vec![1.0, 0.0],
        exact: |t| vec![(2.0 * t).cos(), -2.0 * (2.0 * t).sin()],
    }
}

fn mat_vec(a: &[Vec<f64>], u: &[Scalar]) -> Vec<Scalar> {
    a.iter()
        .map(|row| row.iter().zip(u).map(|(&x, &y)| x * y).sum())
        .collect()
}

/// Fills `mats.pre()` with `scale * A + shift * I`.
fn fill(mats: &mut JacobianMats, a: &[Vec<f64>], scale: f64, shift: f64) -> petsc::Result<()> {
    let p = mats.pre();
    for (i, row) in a.iter().enumerate() {
        for (j, v) in row.iter().enumerate() {
            let d = if i == j { shift } else { 0.0 };
            p.set_value(
                i as Int,
                j as Int,
                Scalar::from(scale * v + d),
                InsertMode::Insert,
            )?;
        }
    }
    p.assemble()
}

/// Sets up `ode` in `form` on a sequential integrator of type `ty` with fixed steps
/// `dt` up to `t_end`.
fn ode_ts(
    petsc: &Petsc,
    ode: &LinearOde,
    ty: &str,
    form: Form,
    dt: f64,
    t_end: f64,
) -> petsc::Result<Ts> {
    let c = petsc.self_comm();
    let n = ode.u0.len() as Int;
    let mut ts = Ts::new(&c)?;
    ts.set_type_name(ty)?;
    if ty == "rk" {
        ts.set_rk_type("4")?;
    }
    ts.set_adapt_type("none")?;
    let a = ode.a.clone();
    let jac = Mat::new_aij(&c, None, None, Some(n), Some(n), n, 0)?;
    match form {
        Form::Rhs => {
            let a1 = a.clone();
            ts.set_rhs_function(None, move |_t, u, f| {
                let g = mat_vec(&a1, &u.view()?);
                f.view_mut()?.copy_from_slice(&g);
                Ok(())
            })?;
            ts.set_rhs_jacobian(jac, None, move |_t, _u, mats| fill(mats, &a, 1.0, 0.0))?;
        }
        Form::Implicit => {
            let a1 = a.clone();
            ts.set_ifunction(None, move |_t, u, u_t, f| {
                let g = mat_vec(&a1, &u.view()?);
                let u_t = u_t.view()?;
                let mut f = f.view_mut()?;
                for i in 0..g.len() {
                    f[i] = u_t[i] - g[i];
                }
                Ok(())
            })?;
            ts.set_ijacobian(jac, None, move |_t, _u, _u_t, shift, mats| {
                fill(mats, &a, -1.0, shift)
            })?;
        }
    }
    ts.set_problem_type(TsProblemType::Linear)?;
    ts.ksp()?
        .set_tolerances(Some(1e-14), Some(1e-50), None, None)?;
    ts.set_time_step(dt)?;
    ts.set_max_time(t_end)?;
    ts.set_max_steps(1_000_000)?;
    ts.set_exact_final_time(ExactFinalTime::Matchstep)?;
    Ok(ts)
}

/// Solves and returns the final state and the max-norm error against the closed form.
fn ode_error(
    petsc: &Petsc,
    ode: &LinearOde,
    ty: &str,
    form: Form,
    dt: f64,
) -> petsc::Result<(Vec<Scalar>, f64)> {
    let t_end = 1.0;
    let mut ts = ode_ts(petsc, ode, ty, form, dt, t_end)?;
    let mut u = Vector::from_slice(&petsc.self_comm(), &scalars(&ode.u0))?;
    ts.solve(&mut u)?;
    assert_eq!(ts.converged_reason()?, TsConvergedReason::ConvergedTime);
    assert!(
        (ts.time()? - t_end).abs() < 1e-12,
        "ended at {}",
        ts.time()?
    );
    assert_eq!(ts.step_number()?, (t_end / dt).round() as Int);
    let got = u.view()?.to_vec();
    let exact = (ode.exact)(t_end);
    let err = got
        .iter()
        .zip(&exact)
        .map(|(&a, &b)| abs(a - b))
        .fold(0.0, f64::max);
    Ok((got, err))
}

/// Errors at dt, dt/2, dt/4 fall by 2^order (within `tol`, relative).
fn check_order(
    petsc: &Petsc,
    ode: &LinearOde,
    ty: &str,
    form: Form,
    order: i32,
    tol: f64,
) -> petsc::Result<()> {
    let dts = [0.1, 0.05, 0.025];
    let errs: Vec<f64> = dts
        .iter()
        .map(|&dt| ode_error(petsc, ode, ty, form, dt).map(|(_, e)| e))
        .collect::<petsc::Result<_>>()?;
    let want = 2f64.powi(order);
    for w in errs.windows(2) {
        let ratio = w[0] / w[1];
        assert!(
            (ratio / want - 1.0).abs() < tol,
            "{ty} {form:?}: errors {errs:?}, ratio {ratio} instead of {want}"
        );
    }
    Ok(())
}

fn orders_decay(petsc: &Petsc) -> petsc::Result<()> {
    let ode = decay();
    check_order(petsc, &ode, "euler", Form::Rhs, 1, 0.1)?;
    check_order(petsc, &ode, "rk", Form::Rhs, 4, 0.12)?;
    for form in [Form::Rhs, Form::Implicit] {
        check_order(petsc, &ode, "beuler", form, 1, 0.1)?;
        check_order(petsc, &ode, "cn", form, 2, 0.05)?;
    }
    Ok(())
}

fn orders_oscillator(petsc: &Petsc) -> petsc::Result<()> {
    let ode = oscillator();
    check_order(petsc, &ode, "euler", Form::Rhs, 1, 0.15)?;
    check_order(petsc, &ode, "rk", Form::Rhs, 4, 0.12)?;
    for form in [Form::Rhs, Form::Implicit] {
        check_order(petsc, &ode, "beuler", form, 1, 0.15)?;
        check_order(petsc, &ode, "cn", form, 2, 0.05)?;
    }
    Ok(())
}

/// The RHS and implicit forms are the same discrete scheme: they agree to solver
/// precision, and with the scheme's exact amplification factor.
fn forms_agree(petsc: &Petsc) -> petsc::Result<()> {
    let dt = 0.1;
    for (ty, amp) in [
        ("beuler", 1.0 / (1.0 + dt)),
        ("cn", (1.0 - dt / 2.0) / (1.0 + dt / 2.0)),
    ] {
        let (r, _) = ode_error(petsc, &decay(), ty, Form::Rhs, dt)?;
        let (i, _) = ode_error(petsc, &decay(), ty, Form::Implicit, dt)?;
        assert!(abs(r[0] - i[0]) < 1e-12, "{ty}: {r:?} vs {i:?}");
        assert!(abs(r[0] - amp.powi(10)) < 1e-12, "{ty}: {r:?}");
    }
    let (e, _) = ode_error(petsc, &decay(), "euler", Form::Rhs, dt)?;
    assert!(abs(e[0] - 0.9f64.powi(10)) < 1e-14);
    let (r, _) = ode_error(petsc, &decay(), "rk", Form::Rhs, dt)?;
    let z = -dt;
    let rk4 = 1.0 + z + z * z / 2.0 + z.powi(3) / 6.0 + z.powi(4) / 24.0;
    assert!(abs(r[0] - rk4.powi(10)) < 1e-14);
    Ok(())
}

/// How the heat problem is given to the integrator.
#[derive(Clone, Copy, Debug, PartialEq)]
enum HeatForm {
    RhsLocal,
    ImplicitLocal,
}

const ALPHA: f64 = 0.5;

/// `u_t = alpha u_xx` on `[0, 1]` with `n` points, `u = 0` at both ends, initial
/// `sin(pi x)`, up to `t_end` with fixed steps `dt`; returns the whole solution on every
/// rank.
fn heat(
    comm: &Comm,
    n: Int,
    ty: &str,
    form: HeatForm,
    dt: f64,
    t_end: f64,
) -> petsc::Result<(Vec<Scalar>, Ts)> {
    let h = 1.0 / (n - 1) as f64;
    let da = Da::builder(comm, 1).sizes(n, 1, 1).build()?;
    let mut ts = Ts::new(comm)?;
    ts.set_type_name(ty)?;
    if ty == "rk" {
        ts.set_rk_type("4")?;
    }
    ts.set_adapt_type("none")?;
    ts.set_problem_type(TsProblemType::Linear)?;
    let k = ALPHA / (h * h);
    match form {
        HeatForm::RhsLocal => {
            ts.set_rhs_function_local(&da, move |info, _t, u, f| {
                for i in info.xs..info.xs + info.xm {
                    f[i] = if i == 0 || i == info.mx - 1 {
                        Scalar::from(0.0)
                    } else {
                        k * (u[i - 1] - 2.0 * u[i] + u[i + 1])
                    };
                }
                Ok(())
            })?;
            ts.set_rhs_jacobian_local(&da, move |info, _t, _u, mats| {
                let p = mats.pre();
                for i in info.xs..info.xs + info.xm {
                    let row = Stencil::new(i, 0, 0, 0);
                    if i == 0 || i == info.mx - 1 {
                        let zero = [Scalar::from(0.0)];
                        p.set_values_stencil(&[row], &[row], &zero, InsertMode::Insert)?;
                    } else {
                        let cols = [
                            Stencil::new(i - 1, 0, 0, 0),
                            row,
                            Stencil::new(i + 1, 0, 0, 0),
                        ];
                        let vals = [k, -2.0 * k, k].map(Scalar::from);
                        p.set_values_stencil(&[row], &cols, &vals, InsertMode::Insert)?;
                    }
                }
                p.assemble()
            })?;
        }
        HeatForm::ImplicitLocal => {
            ts.set_ifunction_local(&da, move |info, _t, u, u_t, f| {
                for i in info.xs..info.xs + info.xm {
                    f[i] = if i == 0 || i == info.mx - 1 {
                        u_t[i]
                    } else {
                        u_t[i] - k * (u[i - 1] - 2.0 * u[i] + u[i + 1])
                    };
                }
                Ok(())
            })?;
            ts.set_ijacobian_local(&da, move |info, _t, _u, _u_t, shift, mats| {
                let p = mats.pre();
                for i in info.xs..info.xs + info.xm {
                    let row = Stencil::new(i, 0, 0, 0);
                    if i == 0 || i == info.mx - 1 {
                        let diag = [Scalar::from(shift)];
                        p.set_values_stencil(&[row], &[row], &diag, InsertMode::Insert)?;
                    } else {
                        let cols = [
                            Stencil::new(i - 1, 0, 0, 0),
                            row,
                            Stencil::new(i + 1, 0, 0, 0),
                        ];
                        p.set_values_stencil(
                            &[row],
                            &cols,
                            &[-k, shift + 2.0 * k, -k].map(Scalar::from),
                            InsertMode::Insert,
                        )?;
                    }
                }
                p.assemble()
            })?;
        }
    }
    ts.ksp()?
        .set_tolerances(Some(1e-14), Some(1e-50), None, None)?;
    ts.set_time_step(dt)?;
    ts.set_max_time(t_end)?;
    ts.set_exact_final_time(ExactFinalTime::Matchstep)?;
    let mut u = da.create_global_vector()?;
    {
        let info = da.info()?;
        let mut v = da.view_mut(&mut u)?;
        for i in info.xs..info.xs + info.xm {
            v[i] = Scalar::from((PI * i as f64 * h).sin());
        }
    }
    ts.solve(&mut u)?;
    assert_eq!(ts.converged_reason()?, TsConvergedReason::ConvergedTime);
    // A 1D DMDA's global ordering is the natural one.
    let all = u.to_all()?.view()?.to_vec();
    Ok((all, ts))
}

/// 1D heat at 1, 2, 3 ranks: each method matches its exact amplification of the
/// discrete sine mode, the semi-discrete decay `exp(-lambda alpha t)` within its error,
/// and the serial run to 1e-10.
fn heat_dmda(petsc: &Petsc) -> petsc::Result<()> {
    let n = 41;
    let h = 1.0 / (n - 1) as f64;
    let lambda = 4.0 * (PI * h / 2.0).sin().powi(2) / (h * h);
    // RK4 is stable for the grid's fastest mode (alpha * 4 / h^2 * dt < 2.78).
    let (dt, t_end): (f64, f64) = (5e-4, 0.1);
    let steps = (t_end / dt).round() as i32;
    let z = -lambda * ALPHA * dt;
    let cases: [(&str, HeatForm, f64, f64); 5] = [
        ("beuler", HeatForm::RhsLocal, 1.0 / (1.0 - z), 2e-3),
        ("beuler", HeatForm::ImplicitLocal, 1.0 / (1.0 - z), 2e-3),
        (
            "cn",
            HeatForm::RhsLocal,
            (1.0 + z / 2.0) / (1.0 - z / 2.0),
            1e-3,
        ),
        (
            "cn",
            HeatForm::ImplicitLocal,
            (1.0 + z / 2.0) / (1.0 - z / 2.0),
            1e-3,
        ),
        (
            "rk",
            HeatForm::RhsLocal,
            1.0 + z + z * z / 2.0 + z.powi(3) / 6.0 + z.powi(4) / 24.0,
            1e-9,
        ),
    ];
    let decay = (-lambda * ALPHA * t_end).exp();
    let continuum = (-PI * PI * ALPHA * t_end).exp();
    for (ty, form, amp, method_tol) in cases {
        let (par, ts) = heat(&petsc.world(), n, ty, form, dt, t_end)?;
        assert_eq!(ts.step_number()?, Int::from(steps));
        let (ser, _) = heat(&petsc.self_comm(), n, ty, form, dt, t_end)?;
        let scheme = amp.powi(steps);
        for i in 0..n as usize {
            let s = (PI * i as f64 * h).sin();
            let diff = abs(par[i] - ser[i]);
            assert!(
                diff < 1e-10,
                "{ty} {form:?}: rank count changes u[{i}] by {diff}"
            );
            assert!(
                abs(par[i] - scheme * s) < 1e-10,
                "{ty} {form:?}: u[{i}] = {} but the scheme gives {}",
                par[i],
                scheme * s
            );
            assert!(
                abs(par[i] - decay * s) < method_tol * decay,
                "{ty} {form:?}: u[{i}] = {} vs semi-discrete {}",
                par[i],
                decay * s
            );
            assert!(abs(par[i] - continuum * s) < 2e-3 * continuum);
        }
    }
    Ok(())
}

/// Monitors see steps 0, 1, 2, ... at increasing times and the current state; the
/// post-step hook runs after every step; cancelling drops the monitors.
fn monitors_and_post_step(petsc: &Petsc) -> petsc::Result<()> {
    let mut ts = ode_ts(petsc, &decay(), "rk", Form::Rhs, 0.1, 1.0)?;
    let seen = Rc::new(RefCell::new(Vec::new()));
    let log = seen.clone();
    ts.monitor(move |step, t, u| {
        log.borrow_mut().push((step, t, u.view()?[0]));
        Ok(())
    })?;
    let second = Rc::new(Cell::new(0));
    let count = second.clone();
    ts.monitor(move |_, _, _| {
        count.set(count.get() + 1);
        Ok(())
    })?;
    let posts = Rc::new(RefCell::new(Vec::new()));
    let plog = posts.clone();
    ts.set_post_step(move |step, t, u| {
        plog.borrow_mut()
            .push((step, t, u.norm(NormType::Infinity)?));
        Ok(())
    })?;
    let mut u = Vector::from_slice(&petsc.self_comm(), &[Scalar::from(1.0)])?;
    ts.solve(&mut u)?;
    let seen = seen.borrow();
    assert_eq!(seen.len(), 11);
    for (k, &(step, t, v)) in seen.iter().enumerate() {
        assert_eq!(step, k as Int);
        assert!((t - 0.1 * k as f64).abs() < 1e-12);
        assert!(abs(v - (-t).exp()) < 1e-6);
    }
    assert_eq!(second.get(), 11);
    let posts = posts.borrow();
    assert_eq!(posts.len(), 10);
    assert!(posts
        .windows(2)
        .all(|w| w[1].0 == w[0].0 + 1 && w[1].1 > w[0].1));
    assert_eq!(posts.last().unwrap().0, 10);
    assert_eq!(Scalar::from(posts.last().unwrap().2), u.view()?[0]);
    drop(seen);
    // Cancelled monitors are dropped (their captured Rc goes away).
    ts.cancel_monitors()?;
    assert_eq!(Rc::strong_count(&second), 1);
    Ok(())
}

fn bad_steps(petsc: &Petsc) -> petsc::Result<()> {
    let mut ts = ode_ts(petsc, &decay(), "euler", Form::Rhs, 0.1, 1.0)?;
    for dt in [0.0, -0.1, f64::NAN, f64::INFINITY] {
        let e = ts.set_time_step(dt).unwrap_err();
        assert!(matches!(e, Error::InvalidArgument { .. }), "{e}");
        assert!(e.to_string().contains("positive"), "{e}");
    }
    assert_eq!(ts.time_step()?, 0.1);
    // A negative step from the options database is refused at solve.
    let opts = petsc.options_with_prefix("baddt_");
    opts.set_value("ts_dt", "-0.5")?;
    ts.set_options_prefix("baddt_")?;
    let r = ts.set_from_options();
    opts.clear_value("ts_dt")?;
    r?;
    let mut u = Vector::from_slice(&petsc.self_comm(), &[Scalar::from(1.0)])?;
    let e = ts.solve(&mut u).unwrap_err();
    assert!(
        matches!(&e, Error::InvalidArgument { context, .. } if context == "Ts::solve"),
        "{e}"
    );
    assert_eq!(u.view()?[0], Scalar::from(1.0));
    assert!(ts.set_max_steps(-1).is_err());
    Ok(())
}

fn unknown_type(petsc: &Petsc) -> petsc::Result<()> {
    let mut ts = Ts::new(&petsc.self_comm())?;
    ts.set_type(TsType::Beuler)?;
    let e = ts.set_type_name("nosuchts").unwrap_err();
    assert!(e.to_string().contains("unknown TS type 'nosuchts'"), "{e}");
    assert_eq!(ts.type_name()?, "beuler");
    assert!(ts.set_type(TsType::Other("nosuchts".into())).is_err());
    assert!(ts.set_adapt_type("nosuchadapt").is_err());
    Ok(())
}

/// `y' = -1000 y` under explicit Euler with a step 20 times too large for stability:
/// the run is not an error; it stops at the step limit and says so.
fn stiff_explicit_euler(petsc: &Petsc) -> petsc::Result<()> {
    let c = petsc.self_comm();
    let mut ts = Ts::new(&c)?;
    ts.set_type(TsType::Euler)?;
    ts.set_rhs_function(None, |_t, u, f| {
        f.copy_from(u)?;
        f.scale(-1000.0)
    })?;
    ts.set_time_step(0.01)?;
    ts.set_max_steps(50)?;
    ts.set_max_time(100.0)?;
    ts.set_exact_final_time(ExactFinalTime::Stepover)?;
    let mut u = Vector::from_slice(&c, &[Scalar::from(1.0)])?;
    ts.solve(&mut u)?;
    let reason = ts.converged_reason()?;
    assert_eq!(reason, TsConvergedReason::ConvergedIts);
    assert_eq!(reason.to_string(), "CONVERGED_ITS");
    assert_eq!(ts.step_number()?, 50);
    // |1 - 1000 dt| = 9 per step: the explicit scheme blew up, as it must.
    assert!(abs(u.view()?[0] - 9f64.powi(50)) < 1e-10 * 9f64.powi(50));
    Ok(())
}

/// How a closure fails.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Failure {
    Err,
    Panic,
}

fn fail(how: Failure, what: &str) -> petsc::Result<()> {
    match how {
        Failure::Err => Err(Error::user(format!("{what} gave up"))),
        Failure::Panic => panic!("{what} exploded"),
    }
}

fn assert_failed(e: &Error, how: Failure, callback: &str, what: &str) {
    match (how, e) {
        (Failure::Err, Error::Callback { callback: c, .. }) if c == callback => {
            assert!(e.to_string().contains(&format!("{what} gave up")), "{e}")
        }
        (
            Failure::Panic,
            Error::CallbackPanic {
                callback: c,
                message,
            },
        ) if c == callback => {
            assert!(message.contains(&format!("{what} exploded")), "{e}")
        }
        _ => panic!("expected {how:?} from {callback}, got {e}"),
    }
}

/// A closure that fails once (on its 3rd call) ends the solve with an error naming it;
/// the same integrator then solves again from the start, and so does a new one.
fn check_failure(petsc: &Petsc, how: Failure, ty: &str, form: Form) -> petsc::Result<()> {
    let c = petsc.self_comm();
    let calls = Rc::new(Cell::new(0));
    let armed = Rc::new(Cell::new(true));
    let mut ts = Ts::new(&c)?;
    ts.set_type_name(ty)?;
    ts.set_adapt_type("none")?;
    let (k, a) = (calls.clone(), armed.clone());
    let g = move |u: &Vector, f: &mut Vector, scale: f64| -> petsc::Result<()> {
        k.set(k.get() + 1);
        if a.get() && k.get() == 3 {
            fail(how, "rhs")?;
        }
        f.copy_from(u)?;
        f.scale(scale)
    };
    let callback = match form {
        Form::Rhs => {
            ts.set_rhs_function(None, move |_t, u, f| g(u, f, -1.0))?;
            let j = Mat::new_aij(&c, None, None, Some(1), Some(1), 1, 0)?;
            ts.set_rhs_jacobian(j, None, |_t, _u, mats| {
                mats.pre()
                    .set_value(0, 0, Scalar::from(-1.0), InsertMode::Insert)?;
                mats.pre().assemble()
            })?;
            "TS RHS function"
        }
        Form::Implicit => {
            // F = u_t + u: f = u then f += u_t.
            ts.set_ifunction(None, move |_t, u, u_t, f| {
                g(u, f, 1.0)?;
                f.axpy(1.0, u_t)
            })?;
            let j = Mat::new_aij(&c, None, None, Some(1), Some(1), 1, 0)?;
            ts.set_ijacobian(j, None, |_t, _u, _u_t, shift, mats| {
                mats.pre()
                    .set_value(0, 0, Scalar::from(1.0 + shift), InsertMode::Insert)?;
                mats.pre().assemble()
            })?;
            "TS IFunction"
        }
    };
    ts.set_time_step(0.1)?;
    ts.set_max_steps(10)?;
    ts.set_max_time(10.0)?;
    let mut u = Vector::from_slice(&c, &[Scalar::from(1.0)])?;
    // Three failures in a row (the third call of each attempt), from the start each time.
    for _ in 0..3 {
        calls.set(0);
        ts.set_time(0.0)?;
        ts.set_step_number(0)?;
        u.set(1.0)?;
        let e = ts.solve(&mut u).unwrap_err();
        assert_failed(&e, how, callback, "rhs");
    }
    // Again from the start: the closure no longer fails.
    armed.set(false);
    ts.set_time(0.0)?;
    ts.set_step_number(0)?;
    u.set(1.0)?;
    ts.solve(&mut u)?;
    assert_eq!(ts.converged_reason()?, TsConvergedReason::ConvergedIts);
    let expect = match ty {
        "euler" => 0.9f64.powi(10),
        _ => (1.0f64 / 1.1).powi(10),
    };
    assert!(abs(u.view()?[0] - expect) < 1e-10, "{}", u.view()?[0]);
    // A new integrator works too.
    let (_, err) = ode_error(petsc, &decay(), ty, form, 0.1)?;
    assert!(err < 0.05);
    Ok(())
}

fn rhs_err(petsc: &Petsc) -> petsc::Result<()> {
    check_failure(petsc, Failure::Err, "euler", Form::Rhs)?;
    check_failure(petsc, Failure::Err, "beuler", Form::Rhs)?;
    check_failure(petsc, Failure::Err, "beuler", Form::Implicit)
}

fn rhs_panic(petsc: &Petsc) -> petsc::Result<()> {
    check_failure(petsc, Failure::Panic, "euler", Form::Rhs)?;
    check_failure(petsc, Failure::Panic, "beuler", Form::Rhs)?;
    check_failure(petsc, Failure::Panic, "beuler", Form::Implicit)
}

/// Jacobians, monitors and post-step hooks that fail end the solve naming themselves.
fn other_callbacks_fail(petsc: &Petsc) -> petsc::Result<()> {
    let c = petsc.self_comm();
    let mut u = Vector::from_slice(&c, &[Scalar::from(1.0)])?;
    for how in [Failure::Err, Failure::Panic] {
        let mut ts = ode_ts(petsc, &decay(), "beuler", Form::Rhs, 0.1, 1.0)?;
        let j = Mat::new_aij(&c, None, None, Some(1), Some(1), 1, 0)?;
        ts.set_rhs_jacobian(j, None, move |_, _, _| fail(how, "jac"))?;
        u.set(1.0)?;
        assert_failed(
            &ts.solve(&mut u).unwrap_err(),
            how,
            "TS RHS Jacobian",
            "jac",
        );

        let mut ts = ode_ts(petsc, &decay(), "cn", Form::Implicit, 0.1, 1.0)?;
        let j = Mat::new_aij(&c, None, None, Some(1), Some(1), 1, 0)?;
        ts.set_ijacobian(j, None, move |_, _, _, _, _| fail(how, "ijac"))?;
        u.set(1.0)?;
        assert_failed(&ts.solve(&mut u).unwrap_err(), how, "TS IJacobian", "ijac");

        let mut ts = ode_ts(petsc, &decay(), "rk", Form::Rhs, 0.1, 1.0)?;
        ts.monitor(move |step, _, _| {
            if step == 2 {
                fail(how, "monitor")
            } else {
                Ok(())
            }
        })?;
        u.set(1.0)?;
        assert_failed(&ts.solve(&mut u).unwrap_err(), how, "TS monitor", "monitor");

        let mut ts = ode_ts(petsc, &decay(), "rk", Form::Rhs, 0.1, 1.0)?;
        ts.set_post_step(move |step, _, _| if step == 2 { fail(how, "post") } else { Ok(()) })?;
        u.set(1.0)?;
        assert_failed(&ts.solve(&mut u).unwrap_err(), how, "TS post-step", "post");
        assert_eq!(ts.step_number()?, 2);
    }
    Ok(())
}

/// A DMDA outlives its first integrator and serves a second one: the second's own
/// closures are called. As in C, the closures live in the DM's TS context, so a third
/// integrator given only the DM uses the last ones set on it (rate 2).
fn shared_dm(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let da = Da::builder(&world, 1).sizes(9, 1, 1).build()?;
    let run = |rate: f64, ty: TsType| -> petsc::Result<f64> {
        let mut ts = Ts::new(&world)?;
        ts.set_type(ty)?;
        ts.set_rhs_function_local(&da, move |info, _t, u, f| {
            for i in info.xs..info.xs + info.xm {
                f[i] = -rate * u[i];
            }
            Ok(())
        })?;
        ts.set_time_step(0.1)?;
        ts.set_max_steps(3)?;
        let mut u = da.create_global_vector()?;
        u.set(1.0)?;
        ts.solve(&mut u)?;
        u.norm(NormType::Infinity)
    };
    assert!((run(1.0, TsType::Beuler)? - (1.0f64 / 1.1).powi(3)).abs() < 1e-6);
    assert!((run(2.0, TsType::Beuler)? - (1.0f64 / 1.2).powi(3)).abs() < 1e-6);
    assert!((run(2.0, TsType::Euler)? - 0.8f64.powi(3)).abs() < 1e-12);
    let mut ts = Ts::new(&world)?;
    ts.set_type(TsType::Euler)?;
    ts.set_dm(&da)?;
    ts.set_time_step(0.1)?;
    ts.set_max_steps(3)?;
    let mut u = da.create_global_vector()?;
    u.set(1.0)?;
    ts.solve(&mut u)?;
    assert!((u.norm(NormType::Infinity)? - 0.8f64.powi(3)).abs() < 1e-12);
    Ok(())
}

/// Options drive the method: `-ts_type`, `-ts_rk_type`, `-ts_adapt_type`, `-ts_dt`,
/// `-ts_max_steps`; the inner solvers are reachable.
fn options(petsc: &Petsc) -> petsc::Result<()> {
    let opts = petsc.options_with_prefix("opt_");
    for (k, v) in [
        ("ts_type", "rk"),
        ("ts_rk_type", "4"),
        ("ts_adapt_type", "none"),
        ("ts_dt", "0.05"),
        ("ts_max_steps", "4"),
    ] {
        opts.set_value(k, v)?;
    }
    let mut ts = Ts::new(&petsc.self_comm())?;
    ts.set_options_prefix("opt_")?;
    ts.set_rhs_function(None, |_t, u, f| {
        f.copy_from(u)?;
        f.scale(-1.0)
    })?;
    ts.set_max_time(10.0)?;
    let r = ts.set_from_options();
    for k in [
        "ts_type",
        "ts_rk_type",
        "ts_adapt_type",
        "ts_dt",
        "ts_max_steps",
    ] {
        opts.clear_value(k)?;
    }
    r?;
    assert_eq!(ts.get_type()?, Some(TsType::Rk));
    assert_eq!(ts.time_step()?, 0.05);
    assert_eq!(ts.max_steps()?, 4);
    let mut u = Vector::from_slice(&petsc.self_comm(), &[Scalar::from(1.0)])?;
    ts.solve(&mut u)?;
    assert_eq!(ts.converged_reason()?, TsConvergedReason::ConvergedIts);
    let z: f64 = -0.05;
    let rk4 = 1.0 + z + z * z / 2.0 + z.powi(3) / 6.0 + z.powi(4) / 24.0;
    assert!(abs(u.view()?[0] - rk4.powi(4)) < 1e-14);
    assert_eq!(ts.snes()?.options_prefix()?, "opt_");
    Ok(())
}

/// `u' = 2i u`, `u(0) = 1`, in complex arithmetic: each method multiplies `u` by its
/// amplification factor `R(2i dt)` every step, Crank-Nicolson keeps `|u| = 1`, and RK4
/// and Crank-Nicolson stay close to `exp(2i t)`.
#[cfg(petsc_complex)]
fn complex_rotation(petsc: &Petsc) -> petsc::Result<()> {
    let c = petsc.self_comm();
    let lambda = Complex::new(0.0, 2.0);
    let (dt, steps) = (0.05, 20);
    let z = lambda * dt;
    let one = Complex::from(1.0);
    let exact = (lambda * dt * steps as f64).exp();
    for (ty, amp, tol) in [
        ("euler", one + z, None),
        ("beuler", one / (one - z), None),
        ("cn", (one + z / 2.0) / (one - z / 2.0), Some(5e-3)),
        (
            "rk",
            one + z + z * z / 2.0 + z.powi(3) / 6.0 + z.powi(4) / 24.0,
            Some(1e-5),
        ),
    ] {
        let mut ts = Ts::new(&c)?;
        ts.set_type_name(ty)?;
        if ty == "rk" {
            ts.set_rk_type("4")?;
        }
        ts.set_adapt_type("none")?;
        ts.set_problem_type(TsProblemType::Linear)?;
        ts.set_rhs_function(None, move |_t, u, f| {
            f.copy_from(u)?;
            f.scale(lambda)
        })?;
        let j = Mat::new_aij(&c, None, None, Some(1), Some(1), 1, 0)?;
        ts.set_rhs_jacobian(j, None, move |_t, _u, mats| {
            mats.pre().set_value(0, 0, lambda, InsertMode::Insert)?;
            mats.pre().assemble()
        })?;
        ts.ksp()?
            .set_tolerances(Some(1e-14), Some(1e-50), None, None)?;
        ts.set_time_step(dt)?;
        ts.set_max_steps(Int::from(steps))?;
        ts.set_max_time(10.0)?;
        let mut u = Vector::from_slice(&c, &[one])?;
        ts.solve(&mut u)?;
        assert_eq!(ts.step_number()?, Int::from(steps));
        let got = u.view()?[0];
        let want = amp.powi(steps);
        assert!((got - want).norm() < 1e-12, "{ty}: {got} instead of {want}");
        if ty == "cn" {
            assert!(
                (got.norm() - 1.0).abs() < 1e-12,
                "{ty}: |u| = {}",
                got.norm()
            );
        }
        if let Some(tol) = tol {
            assert!(
                (got - exact).norm() < tol,
                "{ty}: {got} vs exp(2i) = {exact}"
            );
        }
    }
    Ok(())
}

fn main() {
    let cases = vec![
        Case::new("orders_decay", orders_decay),
        Case::new("orders_oscillator", orders_oscillator),
        Case::new("forms_agree", forms_agree),
        Case::new("heat_dmda", heat_dmda).ranks(&[1, 2, 3]),
        Case::new("monitors_and_post_step", monitors_and_post_step),
        Case::new("bad_steps", bad_steps),
        Case::new("unknown_type", unknown_type),
        Case::new("stiff_explicit_euler", stiff_explicit_euler),
        Case::new("rhs_err", rhs_err).ranks(&[1, 2]),
        Case::new("rhs_panic", rhs_panic).ranks(&[1, 2]),
        Case::new("other_callbacks_fail", other_callbacks_fail),
        Case::new("shared_dm", shared_dm).ranks(&[1, 2, 3]),
        Case::new("options", options),
    ];
    #[cfg(petsc_complex)]
    let cases = [cases, vec![Case::new("complex_rotation", complex_rotation)]].concat();
    run(&cases);
}
