//! SNES, Tao and TS types written in Rust, registered by name and chosen by options:
//! Newton's method against PETSc's `newtonls`, Heun's method against PETSc's `rk` 2a,
//! steepest descent against the closed-form minimizer, at 1, 2 and 3 ranks; their
//! errors and panics are the solves' errors, the objects usable after.

use std::cell::Cell;
use std::rc::Rc;

use petsc::{
    Error, ExactFinalTime, Int, Mat, NormType, Object, Petsc, Scalar, Sizes, Snes,
    SnesConvergedReason, SnesImpl, Ts, TsImpl, Vector,
};
use petsc_tests::{with_prefixed_options, Case};

const N: Int = 24;

/// The real part of a real or complex scalar.
fn re(x: impl Into<petsc::Complex<f64>>) -> f64 {
    x.into().re
}

/// Newton's method with the SNES's KSP, full steps; `fail` makes it fail (Some(false))
/// or panic (Some(true)) at its first iteration.
struct TNewton {
    fail: Rc<Cell<Option<bool>>>,
}

impl SnesImpl for TNewton {
    fn solve(&mut self, snes: &mut Snes, _b: Option<&Vector>, x: &mut Vector) -> petsc::Result<()> {
        let (mut f, mut y) = (x.duplicate()?, x.duplicate()?);
        let (j, p) = snes.jacobian()?;
        let (mut j, mut p) = (j.expect("a Jacobian matrix"), p.expect("a matrix"));
        let mut ksp = snes.ksp()?;
        let max_it = snes.tolerances()?.max_it.unwrap_or(50);
        snes.compute_function(x, &mut f)?;
        let mut fnorm = f.norm(NormType::Two)?;
        snes.set_function_norm(fnorm)?;
        snes.log_convergence_history(fnorm, 0)?;
        snes.run_monitors(0, fnorm)?;
        let reason = snes.call_convergence_test(0, 0.0, 0.0, fnorm)?;
        if reason != SnesConvergedReason::Iterating {
            return snes.set_converged_reason(reason);
        }
        for it in 1..=max_it {
            match self.fail.get() {
                Some(true) => panic!("tnewton panics"),
                Some(false) => return Err(Error::invalid("tnewton", "told to fail")),
                None => {}
            }
            snes.compute_jacobian(x, &mut j, Some(&mut p))?;
            ksp.set_operators(&j, &p)?;
            ksp.solve(&f, &mut y)?.check()?;
            let lits = ksp.iteration_number()?;
            x.axpy(Scalar::from(-1.0), &y)?;
            snes.compute_function(x, &mut f)?;
            fnorm = f.norm(NormType::Two)?;
            let (xnorm, ynorm) = (x.norm(NormType::Two)?, y.norm(NormType::Two)?);
            snes.set_iteration_number(it)?;
            snes.set_function_norm(fnorm)?;
            snes.log_convergence_history(fnorm, lits)?;
            snes.run_monitors(it, fnorm)?;
            let reason = snes.call_convergence_test(it, xnorm, ynorm, fnorm)?;
            if reason != SnesConvergedReason::Iterating {
                return snes.set_converged_reason(reason);
            }
        }
        snes.set_converged_reason(SnesConvergedReason::DivergedMaxIt)
    }
}

thread_local! {
    static FAIL: Rc<Cell<Option<bool>>> = Rc::default();
}

fn fail() -> Rc<Cell<Option<bool>>> {
    FAIL.with(Rc::clone)
}

/// `F_i(x) = x_i^3 + x_i - (i + 1)`, with its Jacobian: a solver of `prefix` with `opts`.
fn nonlinear(petsc: &Petsc, prefix: &str, opts: &str) -> petsc::Result<(Snes, Vector)> {
    let world = petsc.world();
    let mut x = Vector::new_mpi(&world, None, Some(N))?;
    let lo = x.ownership_range()?.start;
    let mut snes = Snes::new(&world)?;
    snes.set_options_prefix(prefix)?;
    snes.set_function(x.duplicate()?, move |x, f| {
        let (x, mut f) = (x.view()?, f.view_mut()?);
        for (k, (xi, fi)) in x.iter().zip(f.iter_mut()).enumerate() {
            *fi = *xi * *xi * *xi + *xi - Scalar::from((lo + k as Int + 1) as f64);
        }
        Ok(())
    })?;
    let m = x.local_size()?;
    let j = Mat::aij(&world)
        .sizes(Sizes::local(m, m).with_global(N, N))
        .preallocate(1, 0)
        .build()?;
    snes.set_jacobian(&j, None, move |x, jac| {
        let x = x.view()?;
        let pre = jac.pre();
        for (k, xi) in x.iter().enumerate() {
            let row = lo + k as Int;
            pre.set_value(
                row,
                row,
                Scalar::from(3.0) * *xi * *xi + Scalar::from(1.0),
                petsc::InsertMode::Insert,
            )?;
        }
        pre.assemble()
    })?;
    snes.set_convergence_history(Some(100), true)?;
    with_prefixed_options(petsc, prefix, opts, || snes.set_from_options())?;
    x.set(Scalar::from(1.0))?;
    Ok((snes, x))
}

/// The Rust Newton's residual history equals PETSc's `newtonls` with full steps, chosen
/// by options on the solver and as another solver's nonlinear preconditioner.
fn newton(petsc: &Petsc) -> petsc::Result<()> {
    Snes::register_type(petsc, "tnewton", || TNewton { fail: fail() })?;
    let linear = "-ksp_type cg -pc_type jacobi -ksp_rtol 1e-12";
    let (mut ours, mut x1) = nonlinear(petsc, "n1_", &format!("-snes_type tnewton {linear}"))?;
    let (mut theirs, mut x2) = nonlinear(
        petsc,
        "n2_",
        &format!("-snes_type newtonls -snes_linesearch_type basic {linear}"),
    )?;
    let reason = ours.solve(None, &mut x1)?;
    let _ = theirs.solve(None, &mut x2)?; // the reason is read below
    let (h1, l1) = ours.convergence_history()?;
    let (h2, l2) = theirs.convergence_history()?;
    assert_eq!(ours.iteration_number()?, theirs.iteration_number()?);
    assert_eq!(reason, theirs.converged_reason()?);
    assert_eq!(l1, l2, "linear iterations");
    assert_eq!(h1.len(), h2.len());
    for (a, b) in h1.iter().zip(&h2) {
        assert!((a - b).abs() <= 1e-12 * b.max(1e-300), "{h1:?}\n{h2:?}");
    }
    assert!(h1.len() > 4, "{h1:?}");
    // The roots of x^3 + x = i + 1.
    for (k, v) in x1.view()?.iter().enumerate() {
        let i = x1.ownership_range()?.start + k as Int;
        assert!((re(*v).powi(3) + re(*v) - (i + 1) as f64).abs() < 1e-9);
    }
    assert!(ours.with_implementation(|_: &mut TNewton| ())?.eq(&()));
    // As the nonlinear preconditioner of nonlinear Richardson.
    let (mut outer, mut x3) = nonlinear(
        petsc,
        "n3_",
        &format!(
            "-snes_type nrichardson -npc_snes_type tnewton -npc_snes_max_it 1 -npc_{}",
            &linear[1..]
        ),
    )?;
    outer.solve(None, &mut x3)?.check()?;
    assert_eq!(outer.npc()?.type_name()?, "tnewton");
    let mut d = x3.duplicate()?;
    d.copy_from(&x3)?;
    d.axpy(Scalar::from(-1.0), &x1)?;
    assert!(d.norm(NormType::Infinity)? < 1e-8);
    // A failing and a panicking method end the solve with their error; the solver
    // solves again after.
    for panics in [false, true] {
        fail().set(Some(panics));
        x1.set(Scalar::from(1.0))?;
        let e = ours.solve(None, &mut x1).unwrap_err().report();
        fail().set(None);
        assert!(
            e.contains(if panics {
                "tnewton panics"
            } else {
                "told to fail"
            }),
            "{e}"
        );
        assert!(e.contains("SNES written in Rust"), "{e}");
        ours.solve(None, &mut x1)?.check()?;
        assert_eq!(ours.convergence_history()?.0.len(), h2.len());
    }
    Ok(())
}

/// Heun's method (the explicit trapezoidal rule).
struct THeun;

impl TsImpl for THeun {
    fn step(&mut self, ts: &mut Ts, x: &mut Vector) -> petsc::Result<()> {
        let (t, dt) = (ts.time()?, ts.time_step()?);
        let (mut k1, mut k2, mut y) = (x.duplicate()?, x.duplicate()?, x.duplicate()?);
        ts.compute_rhs_function(t, x, &mut k1)?;
        y.copy_from(x)?;
        y.axpy(Scalar::from(dt), &k1)?;
        ts.compute_rhs_function(t + dt, &y, &mut k2)?;
        match fail().get() {
            Some(true) => panic!("theun panics"),
            Some(false) => return Err(Error::invalid("theun", "told to fail")),
            None => {}
        }
        x.axpy(Scalar::from(dt / 2.0), &k1)?;
        x.axpy(Scalar::from(dt / 2.0), &k2)
    }
}

/// `u_i' = -(1 + i / N) u_i` from 1 to `t = 1`, with the integrator of `opts`.
fn integrate(petsc: &Petsc, prefix: &str, opts: &str) -> petsc::Result<(Ts, Vector)> {
    let world = petsc.world();
    let mut u = Vector::new_mpi(&world, None, Some(N))?;
    let lo = u.ownership_range()?.start;
    let mut ts = Ts::new(&world)?;
    ts.set_options_prefix(prefix)?;
    ts.set_rhs_function(None, move |_, u, g| {
        let (u, mut g) = (u.view()?, g.view_mut()?);
        for (k, (ui, gi)) in u.iter().zip(g.iter_mut()).enumerate() {
            *gi = -Scalar::from(1.0 + (lo + k as Int) as f64 / N as f64) * *ui;
        }
        Ok(())
    })?;
    ts.set_time_step(0.05)?;
    ts.set_max_time(1.0)?;
    ts.set_exact_final_time(ExactFinalTime::Matchstep)?;
    with_prefixed_options(petsc, prefix, opts, || ts.set_from_options())?;
    u.set(Scalar::from(1.0))?;
    ts.solve(&mut u)?.check()?;
    Ok((ts, u))
}

/// The Rust Heun's method equals PETSc's `rk` 2a step for step; second order.
fn heun(petsc: &Petsc) -> petsc::Result<()> {
    Ts::register_type(petsc, "theun", || THeun)?;
    let (ts1, u1) = integrate(petsc, "h1_", "-ts_type theun")?;
    let (ts2, u2) = integrate(
        petsc,
        "h2_",
        "-ts_type rk -ts_rk_type 2a -ts_adapt_type none",
    )?;
    assert_eq!(ts1.step_number()?, ts2.step_number()?);
    assert_eq!(ts1.step_number()?, 20);
    let lo = u1.ownership_range()?.start;
    for (k, (a, b)) in u1.view()?.iter().zip(u2.view()?.iter()).enumerate() {
        assert!((re(*a) - re(*b)).abs() < 1e-13, "{a} {b}");
        let exact = (-(1.0 + (lo + k as Int) as f64 / N as f64)).exp();
        assert!((re(*a) - exact).abs() < 5e-4, "{a} {exact}");
    }
    assert_eq!(ts1.type_name()?, "theun");
    // A failing or panicking step is the solve's error; the integrator works after.
    let (mut ts, mut u) = (ts1, u1);
    for panics in [false, true] {
        ts.set_time(0.0)?;
        ts.set_step_number(0)?;
        u.set(Scalar::from(1.0))?;
        fail().set(Some(panics));
        let e = ts.solve(&mut u).unwrap_err().report();
        fail().set(None);
        assert!(
            e.contains(if panics {
                "theun panics"
            } else {
                "told to fail"
            }),
            "{e}"
        );
        ts.set_time(0.0)?;
        ts.set_step_number(0)?;
        u.set(Scalar::from(1.0))?;
        ts.solve(&mut u)?.check()?;
        assert_eq!(ts.step_number()?, 20);
        let mut d = u.duplicate()?;
        d.copy_from(&u)?;
        d.axpy(Scalar::from(-1.0), &u2)?;
        assert!(d.norm(NormType::Infinity)? < 1e-13);
    }
    Ok(())
}

/// The Tao type, compiled only where PETSc's scalars are real, as TAO requires.
#[cfg(not(petsc_complex))]
mod tao_type {
    use petsc::{
        Int, NormType, OptionsBlock, Petsc, Real, Scalar, Tao, TaoConvergedReason, TaoImpl, Vector,
    };
    use petsc_tests::with_prefixed_options;

    use super::{re, N};

    /// Steepest descent with a fixed step, its step an option (`-tao_tdescent_step`).
    struct TDescent {
        step: Real,
    }

    impl TaoImpl for TDescent {
        fn set_from_options(
            &mut self,
            _: &mut Tao,
            options: &OptionsBlock<'_>,
        ) -> petsc::Result<()> {
            self.step = options.real("-tao_tdescent_step", "the step length", self.step)?;
            Ok(())
        }

        fn solve(&mut self, tao: &mut Tao, x: &mut Vector) -> petsc::Result<()> {
            let mut g = x.duplicate()?;
            for it in 0.. {
                let f = tao.compute_objective_gradient(x, &mut g)?;
                let gnorm = g.norm(NormType::Two)?;
                tao.set_iteration_number(it)?;
                tao.log_convergence_history(f, gnorm, 0.0, 0)?;
                tao.run_monitors(it, f, gnorm, 0.0, self.step)?;
                if tao.check_converged()? != TaoConvergedReason::Iterating {
                    return Ok(());
                }
                x.axpy(Scalar::from(-self.step), &g)?;
            }
            unreachable!()
        }
    }

    /// Descent reaches the minimizer of `sum (x_i - i)^2`; the tolerances and iteration limit
    /// from options reach it through the convergence test; its option is read.
    pub fn descent(petsc: &Petsc) -> petsc::Result<()> {
        Tao::register_type(petsc, "tdescent", || TDescent { step: 0.1 })?;
        let run = |prefix: &str, opts: &str| -> petsc::Result<Tao> {
            let world = petsc.world();
            let x = Vector::new_mpi(&world, None, Some(N))?;
            let lo = x.ownership_range()?.start;
            // The minimizer, x_i = i.
            let mut target = x.duplicate()?;
            for (k, t) in target.view_mut()?.iter_mut().enumerate() {
                *t = Scalar::from((lo + k as Int) as f64);
            }
            let mut tao = Tao::new(&world)?;
            tao.set_options_prefix(prefix)?;
            tao.set_objective_and_gradient(move |x, g| {
                g.copy_from(x)?;
                g.axpy(Scalar::from(-1.0), &target)?;
                let f = re(g.dot(g)?);
                g.scale(Scalar::from(2.0))?;
                Ok(f)
            })?;
            tao.set_solution(&x)?;
            with_prefixed_options(petsc, prefix, opts, || {
                tao.set_from_options()?;
                tao.solve().map(drop)
            })?;
            Ok(tao)
        };
        let tao = run(
            "d1_",
            "-tao_type tdescent -tao_tdescent_step 0.25 -tao_gatol 1e-10",
        )?;
        assert_eq!(tao.converged_reason()?, TaoConvergedReason::ConvergedGatol);
        assert_eq!(tao.with_implementation(|t: &mut TDescent| t.step)?, 0.25);
        let x = tao.solution()?;
        let lo = x.ownership_range()?.start;
        for (k, v) in x.view()?.iter().enumerate() {
            assert!((re(*v) - (lo + k as Int) as f64).abs() < 1e-9);
        }
        // Step 0.25 halves the error each iteration (x - x* <- (1 - 2 step)(x - x*)).
        let its = tao.iteration_number()?;
        assert!((30..45).contains(&its), "{its}");
        let tao = run("d2_", "-tao_type tdescent -tao_max_it 5")?;
        assert_eq!(tao.converged_reason()?, TaoConvergedReason::DivergedMaxits);
        assert_eq!(tao.iteration_number()?, 5);
        Ok(())
    }
}

pub fn cases() -> Vec<Case> {
    vec![
        Case::new("newton", newton).ranks(&[1, 2, 3]),
        Case::new("heun", heun).ranks(&[1, 2, 3]),
        #[cfg(not(petsc_complex))]
        Case::new("descent", tao_type::descent).ranks(&[1, 2, 3]),
        #[cfg(petsc_complex)]
        Case::new("descent", |_| Ok(())).requires(
            false,
            "real scalars: TAO minimizes real functions of real variables; this PETSc has \
             complex scalars",
        ),
    ]
}
