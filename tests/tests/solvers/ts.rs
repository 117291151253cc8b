//! Time integrators: convergence orders on ODEs with closed forms (exponential decay,
//! harmonic oscillator) in explicit and implicit form, 1D heat on a DMDA with the local
//! forms at 1, 2 and 3 ranks against the discrete mode's exact decay and the serial run,
//! monitors and post-step hooks, and bad input (steps, failing and panicking closures,
//! a stiff problem under explicit Euler, unknown types).

use std::cell::{Cell, RefCell};
use std::f64::consts::PI;
use std::rc::Rc;

use petsc::{
    Comm, Complex, Da, Error, EventDirection, ExactFinalTime, InsertMode, Int, JacobianMats, Mat,
    MatDuplicateOption, NormType, Object, Petsc, Scalar, Sizes, Stencil, Ts, TsConvergedReason,
    TsEquationType, TsProblemType, TsType, Vector,
};
use petsc_tests::Case;

/// The modulus of a real or complex scalar.
fn abs(x: impl Into<Complex<f64>>) -> f64 {
    x.into().norm()
}

/// The imaginary part of a scalar (0 with real scalars).
fn im(x: impl Into<Complex<f64>>) -> f64 {
    x.into().im
}

/// The real part of a real or complex scalar.
fn re(x: impl Into<Complex<f64>>) -> f64 {
    x.into().re
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
    let jac = Mat::aij(&c)
        .sizes(Sizes::global(n, n))
        .preallocate(n, 0)
        .build()?;
    match form {
        Form::Rhs => {
            let a1 = a.clone();
            ts.set_rhs_function(None, move |_t, u, f| {
                let g = mat_vec(&a1, &u.view()?);
                f.view_mut()?.copy_from_slice(&g);
                Ok(())
            })?;
            ts.set_rhs_jacobian(&jac, None, move |_t, _u, mats| fill(mats, &a, 1.0, 0.0))?;
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
            ts.set_ijacobian(&jac, None, move |_t, _u, _u_t, shift, mats| {
                fill(mats, &a, -1.0, shift)
            })?;
        }
    }
    ts.set_problem_type(TsProblemType::Linear)?;
    ts.ksp()?.set_tolerances(petsc::KspTolerances {
        rtol: Some(1e-14),
        atol: Some(1e-50),
        ..Default::default()
    })?;
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
    let reason = ts.solve(&mut u)?;
    assert_eq!(reason, TsConvergedReason::ConvergedTime);
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
    let da = Da::grid(comm).sizes([n]).build()?;
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
    ts.ksp()?.set_tolerances(petsc::KspTolerances {
        rtol: Some(1e-14),
        atol: Some(1e-50),
        ..Default::default()
    })?;
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
    let reason = ts.solve(&mut u)?;
    assert_eq!(reason, TsConvergedReason::ConvergedTime);
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
    ts.solve(&mut u)?.check()?;
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
        assert!(e.report().contains("positive"), "{e}");
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
    assert!(ts.set_max_steps(-2).is_err());
    Ok(())
}

fn unknown_type(petsc: &Petsc) -> petsc::Result<()> {
    let mut ts = Ts::new(&petsc.self_comm())?;
    ts.set_type(TsType::Beuler)?;
    let e = ts.set_type_name("nosuchts").unwrap_err();
    assert!(e.report().contains("unknown TS type 'nosuchts'"), "{e}");
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
    let reason = ts.solve(&mut u)?;
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
            assert!(e.report().contains(&format!("{what} gave up")), "{e}")
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
            let j = Mat::aij(&c)
                .sizes(Sizes::global(1, 1))
                .preallocate(1, 0)
                .build()?;
            ts.set_rhs_jacobian(&j, None, |_t, _u, mats| {
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
            let j = Mat::aij(&c)
                .sizes(Sizes::global(1, 1))
                .preallocate(1, 0)
                .build()?;
            ts.set_ijacobian(&j, None, |_t, _u, _u_t, shift, mats| {
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
    let reason = ts.solve(&mut u)?;
    assert_eq!(reason, TsConvergedReason::ConvergedIts);
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
        let j = Mat::aij(&c)
            .sizes(Sizes::global(1, 1))
            .preallocate(1, 0)
            .build()?;
        ts.set_rhs_jacobian(&j, None, move |_, _, _| fail(how, "jac"))?;
        u.set(1.0)?;
        assert_failed(
            &ts.solve(&mut u).unwrap_err(),
            how,
            "TS RHS Jacobian",
            "jac",
        );

        let mut ts = ode_ts(petsc, &decay(), "cn", Form::Implicit, 0.1, 1.0)?;
        let j = Mat::aij(&c)
            .sizes(Sizes::global(1, 1))
            .preallocate(1, 0)
            .build()?;
        ts.set_ijacobian(&j, None, move |_, _, _, _, _| fail(how, "ijac"))?;
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
    let da = Da::grid(&world).sizes([9]).build()?;
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
        ts.solve(&mut u)?.check()?;
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
    ts.solve(&mut u)?.check()?;
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
    assert_eq!(ts.ty()?, Some(TsType::Rk));
    assert_eq!(ts.time_step()?, 0.05);
    assert_eq!(ts.max_steps()?, 4);
    let mut u = Vector::from_slice(&petsc.self_comm(), &[Scalar::from(1.0)])?;
    let reason = ts.solve(&mut u)?;
    assert_eq!(reason, TsConvergedReason::ConvergedIts);
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
        let j = Mat::aij(&c)
            .sizes(Sizes::global(1, 1))
            .preallocate(1, 0)
            .build()?;
        ts.set_rhs_jacobian(&j, None, move |_t, _u, mats| {
            mats.pre().set_value(0, 0, lambda, InsertMode::Insert)?;
            mats.pre().assemble()
        })?;
        ts.ksp()?.set_tolerances(petsc::KspTolerances {
            rtol: Some(1e-14),
            atol: Some(1e-50),
            ..Default::default()
        })?;
        ts.set_time_step(dt)?;
        ts.set_max_steps(Int::from(steps))?;
        ts.set_max_time(10.0)?;
        let mut u = Vector::from_slice(&c, &[one])?;
        ts.solve(&mut u)?.check()?;
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

/// Setters and getters of the method settings round-trip; bad values are refused.
fn settings(petsc: &Petsc) -> petsc::Result<()> {
    let c = petsc.self_comm();
    let mut ts = Ts::new(&c)?;
    ts.set_type(TsType::Theta)?;
    ts.set_theta(0.3)?;
    assert_eq!(ts.theta()?, 0.3);
    assert!(!ts.theta_endpoint()?);
    ts.set_theta_endpoint(true)?;
    assert!(ts.theta_endpoint()?);
    assert!(ts.rk_type().is_err()); // not an RK integrator
    assert!(ts.alpha_params().is_err());
    ts.set_type(TsType::Rk)?;
    ts.set_rk_type("5dp")?;
    assert_eq!(ts.rk_type()?, "5dp");
    assert!(ts.theta().is_err());
    ts.set_type(TsType::Arkimex)?;
    ts.set_arkimex_type("3")?;
    assert_eq!(ts.arkimex_type()?, "3");
    ts.set_arkimex_fully_implicit(true)?;
    assert!(ts.set_arkimex_type("nosuch").is_err());
    assert_eq!(ts.arkimex_type()?, "3");
    ts.set_type(TsType::Alpha)?;
    ts.set_alpha_params(0.6, 0.4, 0.7)?;
    assert_eq!(ts.alpha_params()?, (0.6, 0.4, 0.7));
    // rho = 0.5: alpha_m = (3 - rho) / (2 (1 + rho)), alpha_f = 1 / (1 + rho),
    // gamma = 1/2 + alpha_m - alpha_f.
    ts.set_alpha_radius(0.5)?;
    let (m, f, g) = ts.alpha_params()?;
    assert!((m - 2.5 / 3.0).abs() < 1e-15 && (f - 1.0 / 1.5).abs() < 1e-15);
    assert!((g - (0.5 + m - f)).abs() < 1e-15);
    for bad in [-0.1, 1.1, f64::NAN] {
        assert!(ts.set_alpha_radius(bad).is_err());
    }
    assert!(ts.set_alpha_params(f64::INFINITY, 0.5, 0.5).is_err());
    ts.set_step_limits(1e-3, 0.25)?;
    assert_eq!(ts.step_limits()?, (1e-3, 0.25));
    for (lo, hi) in [(-1.0, 1.0), (0.5, 0.25), (0.0, f64::NAN)] {
        assert!(ts.set_step_limits(lo, hi).is_err(), "{lo} {hi}");
    }
    assert_eq!(ts.step_limits()?, (1e-3, 0.25));
    // As in PETSc: PETSC_DEFAULT (-2) keeps a limit, and the largest may be infinite.
    ts.set_step_limits(-2.0, f64::INFINITY)?;
    assert_eq!(ts.step_limits()?, (1e-3, f64::INFINITY));
    ts.set_max_step_rejections(5)?;
    ts.set_max_snes_failures(-1)?;
    assert!(ts.set_max_step_rejections(-2).is_err());
    assert!(ts.set_max_snes_failures(-3).is_err());
    ts.set_error_if_step_fails(false)?;
    assert_eq!(ts.problem_type()?, TsProblemType::Nonlinear);
    ts.set_problem_type(TsProblemType::Linear)?;
    assert_eq!(ts.problem_type()?, TsProblemType::Linear);
    ts.set_equation_type(TsEquationType::DaeImplicitIndex2)?;
    assert_eq!(ts.equation_type()?, TsEquationType::DaeImplicitIndex2);
    ts.set_converged_reason(TsConvergedReason::ConvergedUser)?;
    assert_eq!(ts.converged_reason()?, TsConvergedReason::ConvergedUser);
    assert!(ts
        .set_converged_reason(TsConvergedReason::Unknown(42))
        .is_err());
    assert!(ts.set_time_span(&[0.0]).is_err());
    assert!(ts.set_time_span(&[0.0, 1.0, 1.0]).is_err());
    assert!(ts.set_time_span(&[0.0, f64::NAN]).is_err());
    assert!(ts.adjoint_set_steps(-1).is_err());
    assert!(ts.dm().is_err());
    assert!(ts.solution().is_err());
    assert!(ts.solution2().is_err());
    assert!(ts.ijacobian()?.is_none() && ts.i2_jacobian()?.is_none());
    Ok(())
}

/// `u' = -u` on a distributed vector (`u_i(0) = 1 + i`) by classical RK4 with a fixed
/// step: a loop of `step` gives the method's amplification factor to the power of the
/// step count, `roll_back` undoes a step exactly, `interpolate` stays within the step,
/// and the solve with a time span records the same values.
fn stepping(petsc: &Petsc) -> petsc::Result<()> {
    let w = petsc.world();
    let n: Int = 7;
    let make = |ty: &str| -> petsc::Result<Ts> {
        let mut ts = Ts::new(&w)?;
        ts.set_type(TsType::Rk)?;
        ts.set_rk_type(ty)?;
        ts.set_adapt_type("none")?;
        ts.set_rhs_function(None, |_t, u, f| {
            f.copy_from(u)?;
            f.scale(-1.0)
        })?;
        ts.set_time_step(0.1)?;
        ts.set_max_time(100.0)?;
        Ok(ts)
    };
    let init = |u: &mut Vector| -> petsc::Result<()> {
        let r = u.ownership_range()?;
        let mut v = u.view_mut()?;
        for (k, i) in r.enumerate() {
            v[k] = Scalar::from(1.0 + i as f64);
        }
        Ok(())
    };
    let h: f64 = 0.1;
    let amp = 1.0 - h + h * h / 2.0 - h.powi(3) / 6.0 + h.powi(4) / 24.0;
    let mut ts = make("4")?;
    let mut u = Vector::new_mpi(&w, None, Some(n))?;
    init(&mut u)?;
    let e = ts.step().unwrap_err();
    assert!(e.report().contains("set_solution"), "{e}");
    ts.set_solution(&u)?;
    let mut after9 = Vec::new();
    for k in 1..=10 {
        ts.step()?;
        assert_eq!(ts.step_number()?, k);
        if k == 9 {
            after9 = u.view()?.to_vec();
        }
    }
    assert!((ts.time()? - 1.0).abs() < 1e-12 && (ts.prev_time()? - 0.9).abs() < 1e-12);
    let r = u.ownership_range()?;
    let end = u.view()?.to_vec();
    for (k, i) in r.clone().enumerate() {
        let want = (1.0 + i as f64) * amp.powi(10);
        assert!(abs(end[k] - Scalar::from(want)) < 1e-13, "{}", end[k]);
    }
    // A view of the solution stops a step.
    {
        let _v = u.view()?;
        assert!(ts.step().is_err());
    }
    // Inside the last step the interpolant is within the method's error of exp(-t).
    let mut w5 = u.duplicate()?;
    ts.interpolate(0.95, &mut w5)?;
    for (k, i) in r.clone().enumerate() {
        let want = (1.0 + i as f64) * (-0.95f64).exp();
        // RK4's interpolant is of lower order: 5e-4 relative here.
        assert!(abs(w5.view()?[k] - Scalar::from(want)) < 1e-3 * (1.0 + i as f64));
    }
    let t_end = ts.time()?;
    ts.interpolate(t_end, &mut w5)?;
    for (x, y) in w5.view()?.iter().zip(&end) {
        assert!(abs(*x - *y) < 1e-12);
    }
    assert!(ts.interpolate(0.5, &mut w5).is_err());
    let mut short = Vector::new_mpi(&w, None, Some(n + 1))?;
    assert!(ts.interpolate(0.95, &mut short).is_err());
    ts.roll_back()?;
    assert!((ts.time()? - 0.9).abs() < 1e-12);
    assert_eq!(ts.step_number()?, 9);
    // RK rolls back by subtracting the step's increment: equal up to rounding.
    let close = |a: &[Scalar], b: &[Scalar]| a.iter().zip(b).all(|(x, y)| abs(*x - *y) < 1e-14);
    assert!(close(&u.view()?, &after9));
    assert!(ts.roll_back().is_err()); // only once per step
    ts.restart_step()?;
    ts.step()?;
    assert!(close(&u.view()?, &end));
    // The same integration as a solve with a time span records the same values.
    let mut ts2 = make("4")?;
    ts2.set_time_span(&[0.0, 0.5, 1.0])?;
    ts2.set_exact_final_time(ExactFinalTime::Matchstep)?;
    let mut u2 = Vector::new_mpi(&w, None, Some(n))?;
    init(&mut u2)?;
    ts2.solve(&mut u2)?.check()?;
    let sols = ts2.time_span_solutions()?;
    assert_eq!(sols.len(), 3);
    for (k, i) in r.enumerate() {
        let y0 = 1.0 + i as f64;
        assert!(abs(sols[0].view()?[k] - Scalar::from(y0)) < 1e-15);
        assert!(abs(sols[1].view()?[k] - Scalar::from(y0 * amp.powi(5))) < 1e-13);
        assert!(abs(sols[2].view()?[k] - end[k]) < 1e-13);
    }
    assert!(ts2.solve_time()? >= 1.0 - 1e-12);
    ts2.reset()?;
    assert!(ts2.solution().is_err());
    Ok(())
}

/// `u_i' = -(i + 1) u_i`, `u_i(0) = 1`, on a distributed vector of size `n`, in the RHS
/// form with its Jacobian, integrated by `ty` with fixed steps `dt` up to `t_end`;
/// `bad` makes the RHS NaN (a failed nonlinear solve, not an error) while it returns
/// `true`.
fn diagonal_ts(
    comm: &Comm,
    n: Int,
    ty: TsType,
    dt: f64,
    t_end: f64,
    bad: impl FnMut() -> bool + 'static,
) -> petsc::Result<(Ts, Vector)> {
    let mut ts = Ts::new(comm)?;
    ts.set_type(ty)?;
    ts.set_adapt_type("none")?;
    let bad = Rc::new(RefCell::new(bad));
    ts.set_rhs_function(None, move |_t, u, f| {
        let nan = (bad.borrow_mut())();
        let lo = u.ownership_range()?.start;
        let (u, mut f) = (u.view()?, f.view_mut()?);
        for k in 0..u.len() {
            let rate = -((lo + k as Int) as f64 + 1.0);
            f[k] = if nan {
                Scalar::from(f64::NAN)
            } else {
                u[k] * rate
            };
        }
        Ok(())
    })?;
    let u = Vector::new_mpi(comm, None, Some(n))?;
    let m = u.local_size()?;
    let jac = Mat::aij(comm)
        .sizes(Sizes::local(m, m))
        .preallocate(1, 0)
        .build()?;
    ts.set_rhs_jacobian(&jac, None, |_t, u, mats| {
        let r = u.ownership_range()?;
        let p = mats.pre();
        for i in r {
            p.set_value(i, i, Scalar::from(-(i as f64 + 1.0)), InsertMode::Insert)?;
        }
        p.assemble()
    })?;
    ts.set_time_step(dt)?;
    ts.set_max_time(t_end)?;
    ts.set_max_steps(1_000_000)?;
    ts.set_exact_final_time(ExactFinalTime::Matchstep)?;
    Ok((ts, u))
}

/// The nonlinear and linear iteration totals of implicit solves of
/// `u_i' = -(i + 1) u_i` (4 unknowns) with 10 steps: declared linear, each step is one
/// linear solve (`ksponly`), with `preonly` + Jacobi (exact for a diagonal system) one
/// "iteration" each; declared nonlinear, one Newton iteration per step, and unpreconditioned
/// GMRES needs exactly 4 iterations per step for the 4 distinct eigenvalues. The totals
/// start again with each solve, and the solution is the scheme's exact one.
fn iteration_counts(petsc: &Petsc) -> petsc::Result<()> {
    let w = petsc.world();
    let (n, dt, steps) = (4, 0.1, 10);
    for ty in [TsType::Beuler, TsType::Cn] {
        for linear in [true, false] {
            let (mut ts, mut u) = diagonal_ts(&w, n, ty.clone(), dt, 1.0, || false)?;
            let mut ksp = ts.ksp()?;
            if linear {
                ts.set_problem_type(TsProblemType::Linear)?;
                ksp.set_type_name("preonly")?;
                ksp.pc()?.set_type_name("jacobi")?;
            } else {
                ksp.set_type_name("gmres")?;
                ksp.pc()?.set_type_name("none")?;
                ksp.set_tolerances(petsc::KspTolerances {
                    rtol: Some(1e-10),
                    atol: Some(1e-50),
                    ..Default::default()
                })?;
            }
            for _ in 0..2 {
                u.set(1.0)?;
                ts.set_time(0.0)?;
                ts.set_step_number(0)?;
                ts.set_time_step(dt)?;
                let reason = ts.solve(&mut u)?;
                assert_eq!(reason, TsConvergedReason::ConvergedTime);
                assert_eq!(ts.step_number()?, steps);
                assert_eq!(ts.snes_iterations()?, steps, "{ty:?} linear {linear}");
                let per_step = if linear { 1 } else { n };
                assert_eq!(
                    ts.ksp_iterations()?,
                    per_step * steps,
                    "{ty:?} linear {linear}"
                );
                let r = u.ownership_range()?;
                let v = u.view()?;
                for (k, i) in r.enumerate() {
                    let z = -(i as f64 + 1.0) * dt;
                    let amp = match ty {
                        TsType::Beuler => 1.0 / (1.0 - z),
                        _ => (1.0 + z / 2.0) / (1.0 - z / 2.0),
                    };
                    let want = (0..steps).fold(1.0, |p, _| p * amp);
                    assert!(
                        abs(v[k] - Scalar::from(want)) < 1e-9 * want.max(1e-3),
                        "{ty:?} linear {linear}: u_{i} = {} instead of {want}",
                        v[k]
                    );
                }
            }
        }
    }
    Ok(())
}

/// A right-hand side that is NaN makes each nonlinear solve fail; each failure is a
/// rejected step (the step is cut by 4). `set_max_snes_failures(k)` stops the
/// integration at the k-th failure with `DIVERGED_NONLINEAR_SOLVE` (an `Err` unless
/// failed steps are allowed), `set_max_step_rejections(k)` at the (k+1)-th rejection
/// with `DIVERGED_STEP_REJECTED`; below the limit the solve recovers and ends at the
/// final time. The counters count exactly the failures and rejections.
fn failure_limits(petsc: &Petsc) -> petsc::Result<()> {
    let w = petsc.world();
    // The RHS is NaN for its first `k` calls (one per failed nonlinear solve: the
    // residual at the initial guess is NaN, so the solve stops there).
    let first_bad = |k: usize| {
        let mut calls = 0;
        move || {
            calls += 1;
            calls <= k
        }
    };
    // Backward Euler and the implicit midpoint rule (theta 1/2, not the end-point form)
    // evaluate the RHS only inside the nonlinear solve.
    for ty in [TsType::Beuler, TsType::Theta] {
        // Three failures allowed, two happen: the integration recovers.
        let (mut ts, mut u) = diagonal_ts(&w, 4, ty.clone(), 0.1, 0.5, first_bad(2))?;
        ts.set_max_snes_failures(3)?;
        u.set(1.0)?;
        // Reaching the final time converged: `check` passes it through.
        let reason = ts.solve(&mut u)?;
        assert_eq!(reason, TsConvergedReason::ConvergedTime);
        reason.check()?;
        assert_eq!(ts.converged_reason()?, TsConvergedReason::ConvergedTime);
        assert_eq!(ts.snes_failures()?, 2, "{ty:?}");
        assert_eq!(ts.step_rejections()?, 2, "{ty:?}");
        assert!((ts.time()? - 0.5).abs() < 1e-12);
        // The first step was cut twice by 4: 0.1 / 16 (adapt `none` then keeps it).
        assert!(
            (ts.time_step()? - 0.1 / 16.0).abs() < 1e-14,
            "{}",
            ts.time_step()?
        );

        // Two failures allowed, two happen: the integration stops at the second.
        let (mut ts, mut u) = diagonal_ts(&w, 4, ty.clone(), 0.1, 0.5, first_bad(2))?;
        ts.set_max_snes_failures(2)?;
        ts.set_error_if_step_fails(false)?;
        u.set(1.0)?;
        let reason = ts.solve(&mut u)?;
        assert_eq!(reason, TsConvergedReason::DivergedNonlinearSolve);
        assert_eq!(ts.converged_reason()?, reason);
        match &reason.check() {
            Err(Error::NotConverged { solver, reason }) => {
                assert_eq!(
                    (solver.as_str(), reason.as_str()),
                    ("TS", "DIVERGED_NONLINEAR_SOLVE")
                );
            }
            other => panic!("expected NotConverged, got {other:?}"),
        }
        assert_eq!(ts.snes_failures()?, 2);
        assert_eq!(ts.step_number()?, 0);
        assert_eq!(ts.time()?, 0.0);
        assert_eq!(u.norm(NormType::Infinity)?, 1.0); // the state is kept
                                                      // ... and by default, a failed step is an error naming the reason.
        let (mut ts, mut u) = diagonal_ts(&w, 4, ty.clone(), 0.1, 0.5, first_bad(2))?;
        ts.set_max_snes_failures(2)?;
        u.set(1.0)?;
        let e = ts.solve(&mut u).expect_err("failed step");
        assert!(e.report().contains("DIVERGED_NONLINEAR_SOLVE"), "{e}");
        // The same integrator solves again once the RHS behaves (its budget is spent).
        u.set(1.0)?;
        ts.set_time(0.0)?;
        ts.set_step_number(0)?;
        ts.set_time_step(0.1)?;
        let _ = ts.solve(&mut u)?; // the reason is read below
        assert_eq!(ts.converged_reason()?, TsConvergedReason::ConvergedTime);
        assert_eq!(ts.snes_failures()?, 0);
        assert_eq!(ts.step_number()?, 5);

        // Unlimited nonlinear failures, two rejections allowed: the third stops it.
        let (mut ts, mut u) = diagonal_ts(&w, 4, ty.clone(), 0.1, 0.5, || true)?;
        ts.set_max_snes_failures(-1)?;
        ts.set_max_step_rejections(2)?;
        ts.set_error_if_step_fails(false)?;
        u.set(1.0)?;
        let _ = ts.solve(&mut u)?; // the reason is read below
        assert_eq!(
            ts.converged_reason()?,
            TsConvergedReason::DivergedStepRejected
        );
        assert_eq!(ts.step_rejections()?, 3);
        assert_eq!(ts.snes_failures()?, 3);
        assert_eq!(ts.step_number()?, 0);
        // Three rejections allowed and three failures: it recovers.
        let (mut ts, mut u) = diagonal_ts(&w, 4, ty.clone(), 0.1, 0.5, first_bad(3))?;
        ts.set_max_snes_failures(-1)?;
        ts.set_max_step_rejections(3)?;
        u.set(1.0)?;
        let _ = ts.solve(&mut u)?; // the reason is read below
        assert_eq!(ts.converged_reason()?, TsConvergedReason::ConvergedTime);
        assert_eq!(ts.step_rejections()?, 3);
    }
    Ok(())
}

/// GLEE methods on `u' = -u` against `exp(-t)`: `35` (PETSc's default), `rk285ex` and `exrk2a`
/// converge at their orders, 3, 2 and 2, with fixed steps; the scheme set in code is the one
/// used and reported.
fn glee_orders(petsc: &Petsc) -> petsc::Result<()> {
    let ode = decay();
    let c = petsc.self_comm();
    for (scheme, order) in [("35", 3), ("rk285ex", 2), ("exrk2a", 2)] {
        let errs: Vec<f64> = [0.1, 0.05, 0.025]
            .iter()
            .map(|&dt| -> petsc::Result<f64> {
                let mut ts = ode_ts(petsc, &ode, "glee", Form::Rhs, dt, 1.0)?;
                ts.set_glee_type(scheme)?;
                assert_eq!(ts.glee_type()?, scheme);
                let mut u = Vector::from_slice(&c, &scalars(&ode.u0))?;
                let reason = ts.solve(&mut u)?;
                assert_eq!(reason, TsConvergedReason::ConvergedTime);
                assert_eq!(ts.step_number()?, (1.0 / dt).round() as Int);
                let v = u.view()?[0];
                Ok(abs(v - Scalar::from((-1.0f64).exp())))
            })
            .collect::<petsc::Result<_>>()?;
        for p in errs.windows(2) {
            let rate = (p[0] / p[1]).log2();
            assert!(
                (rate - order as f64).abs() < 0.15,
                "glee {scheme}: errors {errs:?}, rate {rate} instead of {order}"
            );
        }
    }
    Ok(())
}

/// BDF with the order set in code on the Prothero-Robinson problem
/// `u' = -200 (u - cos t) - sin t`, `u(0) = 1` (solution `cos t`): the stiff decay damps
/// the error of the lower-order start-up steps, so orders 1 to 4 each converge at their
/// order with fixed steps (on `u' = -u` the start-up error would cap them at 2). The
/// order round-trips.
fn bdf_orders(petsc: &Petsc) -> petsc::Result<()> {
    let c = petsc.self_comm();
    let lambda = 200.0;
    let error = |order: Int, dt: f64| -> petsc::Result<f64> {
        let mut ts = Ts::new(&c)?;
        ts.set_type(TsType::Bdf)?;
        ts.set_bdf_order(order)?;
        assert_eq!(ts.bdf_order()?, order);
        ts.set_adapt_type("none")?;
        ts.set_rhs_function(None, move |t, u, f| {
            let u0 = u.view()?[0];
            f.view_mut()?[0] = (u0 - Scalar::from(t.cos())) * (-lambda) - Scalar::from(t.sin());
            Ok(())
        })?;
        let jac = Mat::aij(&c)
            .sizes(Sizes::global(1, 1))
            .preallocate(1, 0)
            .build()?;
        ts.set_rhs_jacobian(&jac, None, move |_t, _u, mats| {
            fill(mats, &[vec![-lambda]], 1.0, 0.0)
        })?;
        ts.set_problem_type(TsProblemType::Linear)?;
        ts.ksp()?.set_tolerances(petsc::KspTolerances {
            rtol: Some(1e-14),
            atol: Some(1e-50),
            ..Default::default()
        })?;
        ts.set_time_step(dt)?;
        ts.set_max_time(1.0)?;
        ts.set_max_steps(1_000_000)?;
        ts.set_exact_final_time(ExactFinalTime::Matchstep)?;
        let mut u = Vector::from_slice(&c, &[Scalar::from(1.0)])?;
        let reason = ts.solve(&mut u)?;
        assert_eq!(reason, TsConvergedReason::ConvergedTime);
        assert_eq!(ts.step_number()?, (1.0 / dt).round() as Int);
        let v = u.view()?[0];
        Ok(abs(v - Scalar::from(1f64.cos())))
    };
    for order in 1..=4 {
        let errs = [0.05, 0.025, 0.0125]
            .iter()
            .map(|&dt| error(order, dt))
            .collect::<petsc::Result<Vec<f64>>>()?;
        for p in errs.windows(2) {
            let rate = (p[0] / p[1]).log2();
            assert!(
                (rate - order as f64).abs() < 0.15,
                "bdf {order}: errors {errs:?}, rate {rate}"
            );
        }
    }
    Ok(())
}

/// A second-order system integrated with `alpha2`.
fn oscillator2(w: &Comm, n: Int, dt: f64) -> petsc::Result<(Ts, Vector, Vector)> {
    let mut ts = Ts::new(w)?;
    ts.set_type(TsType::Alpha2)?;
    ts.set_i2_function(None, |_t, u, _v, a, f| {
        f.copy_from(a)?;
        f.axpy(1.0, u)
    })?;
    let j = Mat::aij(w)
        .sizes(Sizes::global(n, n))
        .preallocate(1, 0)
        .build()?;
    ts.set_i2_jacobian(&j, None, |_t, _u, _v, _a, _sv, sa, mats| {
        let r = mats.pre().ownership_range()?;
        for i in r {
            mats.pre()
                .set_value(i, i, Scalar::from(1.0 + sa), InsertMode::Insert)?;
        }
        mats.pre().assemble()
    })?;
    ts.set_time_step(dt)?;
    ts.set_max_time(1.0)?;
    ts.set_exact_final_time(ExactFinalTime::Matchstep)?;
    let mut u = Vector::new_mpi(w, None, Some(n))?;
    let r = u.ownership_range()?;
    {
        let mut v = u.view_mut()?;
        for (k, i) in r.enumerate() {
            v[k] = Scalar::from(1.0 + i as f64);
        }
    }
    let v = u.duplicate()?;
    ts.set_solution2(&u, &v)?;
    Ok((ts, u, v))
}

/// `u'' + u = 0`, `u_i(0) = 1 + i`, `u'(0) = 0`: `u = (1 + i) cos t`,
/// `u' = -(1 + i) sin t`; `alpha2` converges with order 2.
fn second_order(petsc: &Petsc) -> petsc::Result<()> {
    let w = petsc.world();
    let n: Int = 5;
    let mut errs = Vec::new();
    for dt in [0.02, 0.01] {
        let (mut ts, mut u, v) = oscillator2(&w, n, dt)?;
        ts.solve(&mut u)?.check()?;
        assert!((ts.time()? - 1.0).abs() < 1e-12);
        let (su, sv) = ts.solution2()?;
        let r = u.ownership_range()?;
        let (mut eu, mut ev) = (u.duplicate()?, v.duplicate()?);
        {
            let (mut eu, mut ev) = (eu.view_mut()?, ev.view_mut()?);
            let (uv, vv) = (u.view()?, v.view()?);
            for (k, i) in r.enumerate() {
                let a = 1.0 + i as f64;
                eu[k] = uv[k] - Scalar::from(a * 1f64.cos());
                ev[k] = vv[k] + Scalar::from(a * 1f64.sin());
                assert_eq!(su.view()?[k], uv[k]);
                assert_eq!(sv.view()?[k], vv[k]);
            }
        }
        errs.push(
            eu.norm(NormType::Infinity)?
                .max(ev.norm(NormType::Infinity)?),
        );
    }
    let ratio = errs[0] / errs[1];
    assert!(errs[1] < 1e-3 && (3.5..4.5).contains(&ratio), "{errs:?}");
    // The compute methods evaluate the same closures.
    let (mut ts, u, v) = oscillator2(&w, n, 0.1)?;
    let mut f = u.duplicate()?;
    let mut a = u.duplicate()?;
    a.set(2.0)?;
    ts.compute_i2_function(0.0, &u, &v, &a, &mut f)?;
    let r = u.ownership_range()?;
    for (k, i) in r.clone().enumerate() {
        assert_eq!(f.view()?[k], Scalar::from(3.0 + i as f64));
    }
    let mut j = Mat::aij(&w)
        .sizes(Sizes::global(n, n))
        .preallocate(1, 0)
        .build()?;
    ts.compute_i2_jacobian(0.0, (&u, &v, &a), 5.0, 7.0, &mut j, None)?;
    for i in r {
        assert_eq!(j.values(&[i], &[i])?, vec![Scalar::from(8.0)]);
    }
    assert!(ts.i2_function()?.is_some());
    assert!(ts.i2_jacobian()?.is_some());
    let mut bad = Mat::aij(&w)
        .sizes(Sizes::global(n + 1, n + 1))
        .preallocate(1, 0)
        .build()?;
    assert!(ts
        .compute_i2_jacobian(0.0, (&u, &v, &a), 1.0, 1.0, &mut bad, None)
        .is_err());
    Ok(())
}

/// `y' = -p y` on a distributed vector, `y_i(0) = 1 + i`, by RK4 with its RHS
/// Jacobian and its Jacobian in `p` set, saving the trajectory.
fn decay_p(w: &Comm, n: Int, p: f64, y0: &[f64]) -> petsc::Result<(Ts, Vector)> {
    let mut ts = Ts::new(w)?;
    ts.set_type(TsType::Rk)?;
    ts.set_rk_type("4")?;
    ts.set_adapt_type("none")?;
    ts.set_rhs_function(None, move |_t, y, f| {
        f.copy_from(y)?;
        f.scale(-p)
    })?;
    let a = Mat::aij(w)
        .sizes(Sizes::global(n, n))
        .preallocate(1, 0)
        .build()?;
    ts.set_rhs_jacobian(&a, None, move |_t, _y, mats| {
        let r = mats.pre().ownership_range()?;
        for i in r {
            mats.pre()
                .set_value(i, i, Scalar::from(-p), InsertMode::Insert)?;
        }
        mats.pre().assemble()
    })?;
    let jp = Mat::dense(w).sizes(Sizes::global(n, 1)).build()?;
    ts.set_rhs_jacobian_p(&jp, |_t, y, a| {
        let r = y.ownership_range()?;
        let yv = y.view()?;
        for (k, i) in r.enumerate() {
            a.set_value(i, 0, -yv[k], InsertMode::Insert)?;
        }
        a.assemble()
    })?;
    ts.set_trajectory_type("memory")?;
    ts.set_time_step(0.01)?;
    ts.set_max_time(1.0)?;
    ts.set_exact_final_time(ExactFinalTime::Matchstep)?;
    let mut y = Vector::new_mpi(w, None, Some(n))?;
    let r = y.ownership_range()?;
    {
        let mut v = y.view_mut()?;
        for (k, i) in r.enumerate() {
            v[k] = Scalar::from(y0[i as usize]);
        }
    }
    ts.solve(&mut y)?.check()?;
    Ok((ts, y))
}

/// `J = sum_i y_i(T)` of `y' = -p y`.
fn cost(w: &Comm, n: Int, p: f64, y0: &[f64]) -> petsc::Result<f64> {
    let (_ts, y) = decay_p(w, n, p, y0)?;
    Ok(re(y.sum()?))
}

/// The adjoint gradients of `J = sum_i y_i(T)` for `y' = -p y` match the closed forms
/// `dJ/dy0_i = exp(-p T)`, `dJ/dp = -T sum_i y0_i exp(-p T)` and central finite
/// differences of forward solves, at 1 and 2 ranks.
fn adjoint_gradients(petsc: &Petsc) -> petsc::Result<()> {
    let w = petsc.world();
    let n: Int = 4;
    let p = 0.7;
    let y0: Vec<f64> = (0..n).map(|i| 1.0 + i as f64).collect();
    let (mut ts, y) = decay_p(&w, n, p, &y0)?;
    assert!(ts
        .adjoint_solve()
        .unwrap_err()
        .to_string()
        .contains("set_cost_gradients"));
    let mut lambda = y.duplicate()?;
    lambda.set(1.0)?; // dJ/dy(T)
    let mu = Vector::new_mpi(&w, None, Some(1))?;
    ts.set_cost_gradients(vec![lambda], Some(vec![mu]))?;
    ts.adjoint_solve()?;
    let (lambda, mu) = ts.cost_gradients()?;
    let mu = mu.unwrap();
    let e = (-p).exp();
    let s: f64 = y0.iter().sum();
    let l = lambda[0].view()?.to_vec();
    for x in &l {
        assert!(abs(*x - Scalar::from(e)) < 1e-9, "{x}");
    }
    let dp = re(mu[0].sum()?);
    assert!((dp + s * e).abs() < 1e-8, "{dp} vs {}", -s * e);
    // Finite differences.
    let h = 1e-5;
    let fd_p = (cost(&w, n, p + h, &y0)? - cost(&w, n, p - h, &y0)?) / (2.0 * h);
    assert!((fd_p - dp).abs() < 1e-6 * dp.abs(), "{fd_p} vs {dp}");
    let (mut up, mut dn) = (y0.clone(), y0.clone());
    up[2] += h;
    dn[2] -= h;
    let fd_y = (cost(&w, n, p, &up)? - cost(&w, n, p, &dn)?) / (2.0 * h);
    let dy2 = lambda[0].norm(NormType::Infinity)?; // every entry is exp(-p T)
    assert!((fd_y - dy2).abs() < 1e-7, "{fd_y} vs {dy2}");
    // The parameter Jacobian through the compute method.
    let mut jp = Mat::dense(&w).sizes(Sizes::global(n, 1)).build()?;
    ts.compute_rhs_jacobian_p(0.0, &y, &mut jp)?;
    for i in y.ownership_range()? {
        let want = -y.view()?[(i - y.ownership_range()?.start) as usize];
        assert_eq!(jp.values(&[i], &[0])?, vec![want]);
    }
    let mut bad = Mat::dense(&w).sizes(Sizes::global(n + 1, 1)).build()?;
    assert!(ts.compute_rhs_jacobian_p(0.0, &y, &mut bad).is_err());
    // Bad cost gradients.
    let v = y.duplicate()?;
    let short = Vector::new_mpi(&w, None, Some(n + 1))?;
    assert!(ts.set_cost_gradients(vec![], None).is_err());
    assert!(ts
        .set_cost_gradients(vec![v.duplicate()?, short], None)
        .is_err());
    assert!(ts
        .set_cost_gradients(vec![v], Some(vec![]))
        .unwrap_err()
        .to_string()
        .contains("one per cost function"));
    Ok(())
}

/// Pre-step, pre-stage, second-order and parameter-Jacobian closures that fail or panic
/// end their solve with an error naming them; the same integrator works again after.
fn new_closures_fail(petsc: &Petsc) -> petsc::Result<()> {
    let c = petsc.self_comm();
    for how in [Failure::Err, Failure::Panic] {
        // Pre-step and pre-stage.
        for (kind, name) in [("step", "TS pre-step"), ("stage", "TS pre-stage")] {
            let mut ts = Ts::new(&c)?;
            ts.set_type(TsType::Rk)?;
            ts.set_rhs_function(None, |_t, _u, f| f.set(1.0))?;
            let armed = Rc::new(Cell::new(true));
            let a = armed.clone();
            if kind == "step" {
                ts.set_pre_step(move |step, _t, _u| {
                    if a.get() && step == 2 {
                        fail(how, "hook")?;
                    }
                    Ok(())
                })?;
            } else {
                ts.set_pre_stage(move |t| {
                    if a.get() && t > 0.25 {
                        fail(how, "hook")?;
                    }
                    Ok(())
                })?;
            }
            ts.set_time_step(0.1)?;
            ts.set_max_steps(5)?;
            ts.set_adapt_type("none")?;
            let mut u = Vector::from_slice(&c, &[Scalar::from(0.0)])?;
            let e = ts.solve(&mut u).unwrap_err();
            assert_failed(&e, how, name, "hook");
            armed.set(false);
            ts.set_time(0.0)?;
            ts.set_step_number(0)?;
            u.set(0.0)?;
            ts.solve(&mut u)?.check()?;
            assert!(abs(u.view()?[0] - Scalar::from(0.5)) < 1e-12);
        }
        // Second-order function.
        let (mut ts, mut u, v) = oscillator2(&c, 1, 0.1)?;
        let armed = Rc::new(Cell::new(true));
        let a = armed.clone();
        ts.set_i2_function(None, move |t, u, _v, acc, f| {
            if a.get() && t > 0.3 {
                fail(how, "i2")?;
            }
            f.copy_from(acc)?;
            f.axpy(1.0, u)
        })?;
        let e = ts.solve(&mut u).unwrap_err();
        assert_failed(&e, how, "TS I2Function", "i2");
        armed.set(false);
        ts.set_time(0.0)?;
        ts.set_step_number(0)?;
        u.set(1.0)?;
        let mut v = v;
        v.set(0.0)?;
        ts.solve(&mut u)?.check()?;
        assert!(abs(u.view()?[0] - Scalar::from(1f64.cos())) < 1e-2);
        // Parameter Jacobian inside the adjoint solve.
        let (mut ts, y) = decay_p(&c, 1, 0.5, &[1.0])?;
        let armed = Rc::new(Cell::new(true));
        let a = armed.clone();
        let jp = Mat::dense(&c).sizes(Sizes::global(1, 1)).build()?;
        ts.set_rhs_jacobian_p(&jp, move |_t, y, m| {
            if a.get() {
                fail(how, "jacp")?;
            }
            m.set_value(0, 0, -y.view()?[0], InsertMode::Insert)?;
            m.assemble()
        })?;
        let grads = |y: &Vector| -> petsc::Result<(Vec<Vector>, Option<Vec<Vector>>)> {
            let mut l = y.duplicate()?;
            l.set(1.0)?;
            Ok((vec![l], Some(vec![y.duplicate()?])))
        };
        let (l, m) = grads(&y)?;
        ts.set_cost_gradients(l, m)?;
        let e = ts.adjoint_solve().unwrap_err();
        assert_failed(&e, how, "TS RHS Jacobian P", "jacp");
        // Forward again, then the adjoint with the closure working.
        armed.set(false);
        ts.set_time(0.0)?;
        ts.set_step_number(0)?;
        ts.set_time_step(0.01)?; // the adjoint solve left it negative
        let mut y = y;
        y.set(1.0)?;
        ts.solve(&mut y)?.check()?;
        let (l, m) = grads(&y)?;
        ts.set_cost_gradients(l, m)?;
        ts.adjoint_solve()?;
        let (l, m) = ts.cost_gradients()?;
        assert!(abs(l[0].view()?[0] - Scalar::from((-0.5f64).exp())) < 1e-8);
        assert!(abs(m.unwrap()[0].view()?[0] + Scalar::from((-0.5f64).exp())) < 1e-8);
    }
    Ok(())
}

/// `u' = 1`, `u_i(0) = i / 10` on a distributed vector; each process watches its first
/// entry crossing 0.75 (at `t = 0.75 - i0 / 10`); the events are located at every rank
/// count, tolerances are checked, and a failing indicator ends the solve, after which
/// the integrator works again.
fn events(petsc: &Petsc) -> petsc::Result<()> {
    let w = petsc.world();
    let n: Int = 6;
    for how in [None, Some(Failure::Err), Some(Failure::Panic)] {
        let mut ts = Ts::new(&w)?;
        ts.set_type(TsType::Rk)?;
        ts.set_adapt_type("none")?;
        ts.set_rhs_function(None, |_t, _u, f| f.set(1.0))?;
        assert_eq!(ts.num_events()?, 0);
        assert!(ts.set_event_tolerances(Some(1e-9), None).is_err());
        let seen = Rc::new(RefCell::new(Vec::new()));
        let armed = Rc::new(Cell::new(how.is_some()));
        let (log, a) = (seen.clone(), armed.clone());
        ts.set_event_handler(
            &[EventDirection::Rising],
            &[false],
            move |t, u, v| {
                if a.get() && t > 0.2 {
                    fail(how.unwrap(), "indicator")?;
                }
                v[0] = re(u.view()?[0]) - 0.75;
                Ok(())
            },
            Some(move |ev: &[Int], t, _u: &mut Vector, _fwd| {
                log.borrow_mut().push((ev.to_vec(), t));
                Ok(())
            }),
        )?;
        assert_eq!(ts.num_events()?, 1);
        ts.set_event_tolerances(Some(1e-9), Some(&[1e-10]))?;
        assert!(ts.set_event_tolerances(None, Some(&[1e-9, 1e-9])).is_err());
        assert!(ts.set_event_tolerances(Some(-1.0), None).is_err());
        ts.set_time_step(0.1)?;
        ts.set_max_time(1.0)?;
        ts.set_exact_final_time(ExactFinalTime::Matchstep)?;
        let mut u = Vector::new_mpi(&w, None, Some(n))?;
        let r = u.ownership_range()?;
        let init = |u: &mut Vector| -> petsc::Result<()> {
            let mut v = u.view_mut()?;
            for (k, i) in r.clone().enumerate() {
                v[k] = Scalar::from(i as f64 / 10.0);
            }
            Ok(())
        };
        init(&mut u)?;
        if let Some(how) = how {
            let e = ts.solve(&mut u).unwrap_err();
            assert_failed(&e, how, "TS event handler", "indicator");
            armed.set(false);
            ts.set_time(0.0)?;
            ts.set_step_number(0)?;
            init(&mut u)?;
            seen.borrow_mut().clear();
        }
        ts.solve(&mut u)?.check()?;
        assert!((ts.time()? - 1.0).abs() < 1e-12);
        let want = 0.75 - r.start as f64 / 10.0;
        let seen = seen.borrow();
        let mine: Vec<_> = seen.iter().filter(|(ev, _)| ev == &vec![0]).collect();
        if r.start < r.end {
            assert_eq!(mine.len(), 1, "{seen:?}");
            assert!((mine[0].1 - want).abs() < 1e-6, "{seen:?} vs {want}");
        }
    }
    Ok(())
}

/// Pseudo-transient continuation to the steady state of `u_i' = (i + 1) - u_i`, spread
/// over the ranks, with a step rule in Rust that doubles the step: the steps it sees
/// double, the residual tests still stop the solve (PETSc's norm bookkeeping runs), the
/// steady state is `u_i = i + 1`, and the step count and answer do not depend on the
/// number of ranks. A rule that fails, panics or returns a bad step ends the solve with
/// an `Err`, and the integrator solves again afterwards.
fn pseudo_time_step_rule(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let n: Int = 7;
    let target = |i: Int| Scalar::from((i + 1) as f64);
    let make = |rule: i32| -> petsc::Result<(Ts, Rc<RefCell<Vec<f64>>>)> {
        let mut ts = Ts::new(&world)?;
        ts.set_type(TsType::Pseudo)?;
        ts.set_rhs_function(None, move |_t, u, g| {
            let lo = u.ownership_range()?.start;
            let uv = u.view()?;
            let mut gv = g.view_mut()?;
            for (k, (gk, uk)) in gv.iter_mut().zip(uv.iter()).enumerate() {
                *gk = target(lo + k as Int) - *uk;
            }
            Ok(())
        })?;
        let j = Mat::aij(&world)
            .sizes(Sizes::global(n, n))
            .preallocate(1, 0)
            .build()?;
        ts.set_rhs_jacobian(&j, None, |_t, _u, mats| {
            let pre = mats.pre();
            for i in pre.ownership_range()? {
                pre.set_value(i, i, Scalar::from(-1.0), InsertMode::Insert)?;
            }
            pre.assemble()
        })?;
        let seen = Rc::new(RefCell::new(Vec::new()));
        let log = seen.clone();
        ts.set_pseudo_time_step(move |step, _t, dt, _u| {
            log.borrow_mut().push(dt);
            match (rule, step) {
                (1, 2) => Err(Error::msg("the rule failed")),
                (2, 2) => panic!("the rule panicked"),
                (3, 2) => Ok(0.0),
                _ => Ok(2.0 * dt),
            }
        })?;
        ts.set_time_step(0.25)?;
        ts.set_max_steps(40)?;
        Ok((ts, seen))
    };
    let (mut ts, seen) = make(0)?;
    let mut u = Vector::new_mpi(&world, None, Some(n))?;
    u.set(Scalar::from(0.0))?;
    let reason = ts.solve(&mut u)?;
    assert_eq!(reason, TsConvergedReason::ConvergedPseudoFrtol);
    // Backward Euler shrinks the residual by 1 / (1 + dt) a step, dt = 0.25 * 2^(k+1) at
    // step k: the first k at which the product is below -ts_pseudo_frtol (1e-12) is when
    // the test can stop (PETSc 3.18 checks before the next step, later versions after it).
    let mut shrink = 1.0f64;
    let mut first = 0;
    while shrink >= 1e-12 {
        shrink /= 1.0 + 0.25 * 2f64.powi(first + 1);
        first += 1;
    }
    let steps = ts.step_number()?;
    assert!(
        steps == first as Int || steps == first as Int + 1,
        "{steps} steps; the residual test passes after {first}"
    );
    let lo = u.ownership_range()?.start;
    for (k, v) in u.view()?.iter().enumerate() {
        let want = target(lo + k as Int);
        assert!(
            abs(*v - want) < 1e-9,
            "u[{}] = {v}, want {want}",
            lo + k as Int
        );
    }
    let dts = seen.borrow().clone();
    assert!(dts.windows(2).all(|w| w[1] == 2.0 * w[0]), "{dts:?}");
    assert_eq!(dts[0], 0.25);
    for (rule, words) in [
        (1, "the rule failed"),
        (2, "the rule panicked"),
        (3, "must be positive"),
    ] {
        let (mut bad, _) = make(rule)?;
        let mut u = Vector::new_mpi(&world, None, Some(n))?;
        u.set(Scalar::from(0.0))?;
        let e = bad.solve(&mut u).unwrap_err();
        assert!(e.report().contains(words), "rule {rule}: {e}");
        // The same integrator solves again from the start, with PETSc's own rule.
        bad.set_type(TsType::Euler)?;
        bad.set_type(TsType::Pseudo)?;
        bad.set_time(0.0)?;
        bad.set_step_number(0)?;
        bad.set_time_step(0.25)?;
        u.set(Scalar::from(0.0))?;
        let reason = bad.solve(&mut u)?;
        assert!(reason.is_converged(), "rule {rule} then PETSc's");
    }
    Ok(())
}

/// `u' = A u` for the 1D Laplacian `A` (Dirichlet ends) on `n` points of the world
/// communicator, by backward Euler with the Jacobian declared constant: the same steps
/// as with a closure that fills the same matrix at every step, `A` left as it was, the
/// earlier closure dropped, `TSComputeRHSFunctionLinear` through the constant matrix,
/// and a matrix that is not square refused.
fn rhs_jacobian_constant(petsc: &Petsc) -> petsc::Result<()> {
    let w = petsc.world();
    let n: Int = 12;
    let laplacian = || -> petsc::Result<Mat> {
        let mut a = Mat::aij(&w)
            .sizes(Sizes::global(n, n))
            .preallocate(3, 2)
            .build()?;
        for i in a.ownership_range()? {
            for (j, v) in [(i - 1, 1.0), (i, -2.0), (i + 1, 1.0)] {
                if (0..n).contains(&j) {
                    a.set_values(&[i], &[j], &[Scalar::from(v)], InsertMode::Insert)?;
                }
            }
        }
        a.assemble()?;
        Ok(a)
    };
    let run = |constant: bool| -> petsc::Result<(Vec<Scalar>, Mat, Rc<()>, Ts)> {
        let a = laplacian()?;
        let for_g = laplacian()?;
        let mut ts = Ts::new(&w)?;
        ts.set_type(TsType::Beuler)?;
        ts.set_rhs_function(None, move |_t, u, g| for_g.mult(u, g))?;
        let token = Rc::new(());
        let held = token.clone();
        let jac = laplacian()?;
        ts.set_rhs_jacobian(&jac, None, move |_t, _u, mats| {
            let _ = &held;
            let (lo, hi) = (
                mats.pre().ownership_range()?.start,
                mats.pre().ownership_range()?.end,
            );
            for i in lo..hi {
                for (j, v) in [(i - 1, 1.0), (i, -2.0), (i + 1, 1.0)] {
                    if (0..n).contains(&j) {
                        mats.pre().set_values(
                            &[i],
                            &[j],
                            &[Scalar::from(v)],
                            InsertMode::Insert,
                        )?;
                    }
                }
            }
            mats.pre().assemble()
        })?;
        if constant {
            ts.set_rhs_jacobian_constant(&a, None)?;
        }
        ts.set_time_step(0.05)?;
        ts.set_max_steps(6)?;
        let mut u = Vector::new_mpi(&w, None, Some(n))?;
        for i in u.ownership_range()? {
            let x = (i + 1) as f64 / (n + 1) as f64;
            u.set_values(&[i], &[Scalar::from((PI * x).sin())], InsertMode::Insert)?;
        }
        u.assemble()?;
        ts.solve(&mut u)?.check()?;
        Ok((u.to_all()?.view()?.to_vec(), a, token, ts))
    };
    let (by_closure, _, token, ts) = run(false)?;
    assert_eq!(Rc::strong_count(&token), 2); // the integrator keeps its closure
    drop(ts);
    assert_eq!(Rc::strong_count(&token), 1);
    let (by_constant, a, token, _ts) = run(true)?;
    assert_eq!(Rc::strong_count(&token), 1); // the replaced closure was dropped
    for (x, y) in by_closure.iter().zip(&by_constant) {
        assert!(abs(*x - *y) < 1e-12, "{x} vs {y}");
    }
    // The integrator restored A after each implicit step.
    let b = laplacian()?;
    let mut diff = a.duplicate(MatDuplicateOption::CopyValues)?;
    diff.axpy(-1.0, &b, petsc::MatStructure::Same)?;
    assert_eq!(diff.norm(NormType::Frobenius)?, 0.0);

    // g = A u through the constant matrix.
    let mut ts = Ts::new(&w)?;
    ts.set_rhs_function(None, |_t, _u, _g| Ok(()))?;
    let u = Vector::new_mpi(&w, None, Some(n))?;
    let mut g = u.duplicate()?;
    assert!(ts.compute_rhs_function_linear(0.0, &u, &mut g).is_err()); // no Jacobian yet
    ts.set_rhs_jacobian_constant(&b, None)?;
    let mut u = u;
    u.set(Scalar::from(1.0))?;
    ts.compute_rhs_function_linear(0.0, &u, &mut g)?;
    let g = g.to_all()?.view()?.to_vec();
    let expect: Vec<f64> = (0..n)
        .map(|i| if i == 0 || i == n - 1 { -1.0 } else { 0.0 })
        .collect();
    assert_eq!(g.iter().map(|v| re(*v)).collect::<Vec<_>>(), expect);

    let rect = Mat::aij(&w)
        .sizes(Sizes::global(n, n + 1))
        .preallocate(1, 1)
        .build()?;
    let e = ts.set_rhs_jacobian_constant(&rect, None).unwrap_err();
    assert!(matches!(e, Error::SizeMismatch { .. }), "{e}");
    Ok(())
}

/// The nonlinear solver of an explicit method has no residual: solving with it, or
/// evaluating it, is an `Err` (PETSc 3.18 called a null routine), and the integrator
/// still solves.
fn explicit_snes_fails_cleanly(petsc: &Petsc) -> petsc::Result<()> {
    let c = petsc.self_comm();
    let mut ts = Ts::new(&c)?;
    ts.set_type(TsType::Euler)?;
    ts.set_rhs_function(None, |_t, _u, f| f.set(Scalar::from(1.0)))?;
    let mut x = Vector::from_slice(&c, &[Scalar::from(0.0)])?;
    ts.set_solution(&x)?;
    ts.set_up()?;
    let mut snes = ts.snes()?;
    let e = snes.solve(None, &mut x).unwrap_err();
    assert!(e.report().contains("snesfunction"), "{e}");
    let mut f = x.duplicate()?;
    let e = snes.compute_function(&x, &mut f).unwrap_err();
    assert!(e.report().contains("snesfunction"), "{e}");
    drop(snes);
    ts.set_time_step(0.5)?;
    ts.set_max_steps(2)?;
    ts.solve(&mut x)?.check()?;
    assert_eq!(x.view()?[0], Scalar::from(1.0));
    Ok(())
}

/// An implicit integrator solves after its clone (`TSClone`) is gone, and the clone
/// shares its right-hand side.
fn clone_then_solve(petsc: &Petsc) -> petsc::Result<()> {
    let c = petsc.self_comm();
    let mut ts = Ts::new(&c)?;
    ts.set_type(TsType::Beuler)?;
    ts.set_ifunction(None, |_t, u, du, f| {
        f.copy_from(du)?;
        f.axpy(Scalar::from(1.0), u) // u' = -u
    })?;
    let _ = ts.snes()?;
    let mut clone = ts.clone_ts()?;
    let x = Vector::from_slice(&c, &[Scalar::from(1.0)])?;
    let (dx, mut f) = (x.duplicate()?, x.duplicate()?);
    clone.compute_ifunction(0.0, &x, &dx, &mut f, false)?;
    assert_eq!(f.view()?[0], Scalar::from(1.0));
    drop(clone);
    ts.set_time_step(0.5)?;
    ts.set_max_steps(2)?;
    let mut u = x.duplicate()?;
    u.copy_from(&x)?;
    ts.solve(&mut u)?.check()?;
    let want = (1.0f64 / 1.5).powi(2);
    let got = u.view()?[0];
    assert!((re(got) - want).abs() < 1e-8 && im(got) == 0.0, "{got}");
    Ok(())
}

pub fn cases() -> Vec<Case> {
    let cases = vec![
        Case::new("clone_then_solve", clone_then_solve),
        Case::new("explicit_snes_fails_cleanly", explicit_snes_fails_cleanly),
        Case::new("pseudo_time_step_rule", pseudo_time_step_rule).ranks(&[1, 2, 3]),
        Case::new("rhs_jacobian_constant", rhs_jacobian_constant).ranks(&[1, 2, 3]),
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
        Case::new("settings", settings),
        Case::new("stepping", stepping).ranks(&[1, 2, 3]),
        Case::new("second_order", second_order).ranks(&[1, 2]),
        Case::new("adjoint_gradients", adjoint_gradients).ranks(&[1, 2, 3]),
        Case::new("new_closures_fail", new_closures_fail),
        Case::new("events", events).ranks(&[1, 2, 3]),
        Case::new("iteration_counts", iteration_counts).ranks(&[1, 2]),
        Case::new("failure_limits", failure_limits).ranks(&[1, 2]),
        Case::new("glee_orders", glee_orders),
        Case::new("bdf_orders", bdf_orders),
    ];
    #[cfg(petsc_complex)]
    let cases = [cases, vec![Case::new("complex_rotation", complex_rotation)]].concat();
    #[cfg(petsc_3_23)]
    let cases = [
        cases,
        vec![Case::new("evaluation_times", evaluation_times).ranks(&[1, 2, 3])],
    ]
    .concat();
    cases
}

/// `u' = -k u` (`k` the global index plus one) solved with RK4, recorded at evaluation
/// times that are not multiples of the step: each recorded solution is
/// `exp(-k t)` at its time, on every rank.
#[cfg(petsc_3_23)]
fn evaluation_times(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let mut u = Vector::new_mpi(&world, Some(2), None)?;
    let lo = u.ownership_range()?.start;
    u.set(1.0)?;
    let mut ts = Ts::new(&world)?;
    ts.set_type(TsType::Rk)?;
    ts.set_rk_type("4")?;
    ts.set_rhs_function(None, move |_t, u, f| {
        f.copy_from(u)?;
        let mut w = f.view_mut()?;
        for (k, x) in w.iter_mut().enumerate() {
            *x *= Scalar::from(-((lo + k as Int + 1) as f64));
        }
        Ok(())
    })?;
    ts.set_time_step(0.01)?;
    ts.set_max_time(1.0)?;
    ts.set_exact_final_time(ExactFinalTime::Matchstep)?;
    let times = [0.123, 0.5, 0.777, 1.0];
    ts.set_evaluation_times(&times)?;
    ts.solve(&mut u)?.check()?;
    let sols = ts.evaluation_solutions()?;
    assert_eq!(sols.len(), times.len());
    for ((t, s), want_t) in sols.iter().zip(times) {
        assert!(
            (t - want_t).abs() < 1e-12,
            "recorded at {t}, asked {want_t}"
        );
        for (k, x) in s.view()?.iter().enumerate() {
            let exact = (-((lo + k as Int + 1) as f64) * t).exp();
            let err = abs(*x - Scalar::from(exact));
            assert!(err < 1e-7, "t = {t}, k = {}: error {err}", lo + k as Int);
        }
    }
    Ok(())
}
