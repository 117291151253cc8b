//! Time integrators with right-hand sides by split (the multirate method `mprk`) and
//! cost integrals (the quadrature integrator), at 1, 2 and 3 ranks against closed
//! forms, and their bad input.

use std::cell::Cell;
use std::rc::Rc;

use petsc::{
    Complex, Error, ExactFinalTime, IndexSet, InsertMode, Int, Mat, NormType, Petsc, Scalar, Sizes,
    Ts, TsType, Vector,
};
use petsc_tests::Case;

/// The real part of a real or complex scalar.
fn re(x: impl Into<Complex<f64>>) -> f64 {
    x.into().re
}

/// Global size of the split test: the first half slow (`u' = -u`), the second fast
/// (`u' = -8 u`).
const N: Int = 12;
const FAST: f64 = 8.0;

/// The rate of unknown `i`.
fn rate(i: Int) -> f64 {
    if i < N / 2 {
        1.0
    } else {
        FAST
    }
}

/// `u_i' = -k_i u_i` split into slow and fast unknowns, each split's right-hand side
/// given apart from the whole one, solved by `mprk` (2a22: the fast split takes two
/// steps for each slow one), first from the whole right-hand side, then from the
/// splits' own (the whole one then zero): every unknown equals `exp(-k_i)` at `t = 1`
/// to the scheme's second order (halving the step divides each error by about four),
/// both split closures ran on every rank, the splits' sets and sub-integrators are
/// those given, and a failing split closure is the solve's `Err`, after which the
/// integrator solves again.
fn multirate_splits(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let u = Vector::new_mpi(&world, None, Some(N))?;
    let range = u.ownership_range()?;
    let lo = range.start;
    let (slow, fast): (Vec<Int>, Vec<Int>) = range.clone().partition(|&i| i < N / 2);
    let me = petsc.self_comm();
    let (iss, isf) = (
        IndexSet::new_general(&me, &slow)?,
        IndexSet::new_general(&me, &fast)?,
    );

    let calls = Rc::new([Cell::new(0), Cell::new(0)]);
    let fail = Rc::new(Cell::new(false));
    // The integrator; with `use_split` the whole right-hand side is zero, so the answer
    // is right only if the splits' own are used.
    let build = |use_split: bool| -> petsc::Result<Ts> {
        let mut ts = Ts::new(&world)?;
        ts.set_type(TsType::Mprk)?;
        ts.set_mprk_type("2a22")?;
        assert_eq!(ts.mprk_type()?, "2a22");
        ts.set_rhs_function(None, move |_t, u, g| {
            if use_split {
                return g.set(0.0);
            }
            let (u, mut g) = (u.view()?, g.view_mut()?);
            for (k, (gi, ui)) in g.iter_mut().zip(u.iter()).enumerate() {
                *gi = *ui * Scalar::from(-rate(lo + k as Int));
            }
            Ok(())
        })?;
        assert!(ts.rhs_split_sub_ts("slow").is_err());
        let err = ts
            .set_rhs_split_rhs_function("slow", None, |_t, _u, _g| Ok(()))
            .unwrap_err();
        assert!(err.report().contains("no split \"slow\""), "{err}");
        ts.set_rhs_split_is("slow", &iss)?;
        ts.set_rhs_split_is("fast", &isf)?;
        assert_eq!(ts.rhs_split_is("fast")?.unwrap().to_vec()?, fast);
        for (which, name, idx) in [(0, "slow", slow.clone()), (1, "fast", fast.clone())] {
            let (calls, fail) = (calls.clone(), fail.clone());
            // Each split's closure writes its own unknowns only: g has the split's size.
            ts.set_rhs_split_rhs_function(name, None, move |_t, u, g| {
                calls[which].set(calls[which].get() + 1);
                if fail.get() && which == 1 {
                    return Err(Error::invalid("fast split", "refused on purpose"));
                }
                let (u, mut g) = (u.view()?, g.view_mut()?);
                assert_eq!(g.len(), idx.len());
                for (gi, &i) in g.iter_mut().zip(&idx) {
                    *gi = u[(i - lo) as usize] * Scalar::from(-rate(i));
                }
                Ok(())
            })?;
        }
        let sub = ts.rhs_split_sub_ts("fast")?;
        assert_ne!(sub.as_raw(), ts.as_raw());
        ts.set_use_split_rhs_function(use_split)?;
        ts.set_max_time(1.0)?;
        ts.set_exact_final_time(ExactFinalTime::Matchstep)?;
        Ok(ts)
    };
    let solve = |ts: &mut Ts, dt: f64| -> petsc::Result<Vector> {
        let mut u = Vector::new_mpi(&world, None, Some(N))?;
        u.set(1.0)?;
        ts.set_time(0.0)?;
        ts.set_step_number(0)?;
        ts.set_time_step(dt)?;
        ts.solve(&mut u)?.check()?;
        Ok(u)
    };
    // The relative errors at t = 1, unknown by unknown.
    let errors = |u: &Vector| -> petsc::Result<Vec<f64>> {
        let v = u.view()?;
        Ok((0..v.len())
            .map(|k| {
                let exact = (-rate(lo + k as Int)).exp();
                (re(v[k]) - exact).abs() / exact
            })
            .collect())
    };
    // Second order: halving the step divides every error by about four.
    let check = |coarse: &Vector, fine: &Vector| -> petsc::Result<()> {
        for (k, (c, f)) in errors(coarse)?.into_iter().zip(errors(fine)?).enumerate() {
            assert!(
                c < 5e-3 && f < 1.5e-3,
                "u[{}]: errors {c:e}, {f:e}",
                lo + k as Int
            );
            assert!(
                (3.0..5.0).contains(&(c / f)),
                "u[{}]: order {}",
                lo + k as Int,
                (c / f).log2()
            );
        }
        Ok(())
    };
    // By default the method takes each split's part of the whole right-hand side.
    let mut ts = build(false)?;
    assert!(!ts.use_split_rhs_function()?);
    check(&solve(&mut ts, 0.01)?, &solve(&mut ts, 0.005)?)?;
    assert_eq!((calls[0].get(), calls[1].get()), (0, 0));
    // With the splits' own (the whole one zero), the same answer.
    let mut ts = build(true)?;
    let coarse = solve(&mut ts, 0.01)?;
    check(&coarse, &solve(&mut ts, 0.005)?)?;
    // Each split's closure is collective: every rank evaluates it, with its part of
    // the split (perhaps none).
    assert!(calls[0].get() > 0 && calls[1].get() > 0);

    // A failing split closure fails the solve on every rank; the integrator is usable.
    fail.set(true);
    let err = solve(&mut ts, 0.01).unwrap_err();
    assert!(err.report().contains("refused on purpose"), "{err}");
    fail.set(false);
    let again = solve(&mut ts, 0.01)?;
    assert_eq!(errors(&again)?, errors(&coarse)?);
    Ok(())
}

/// `u_i' = -u_i`, `u(0) = 1` on `N` unknowns, with the cost `∫_0^1 ||u||² dt = N (1 -
/// e^-2) / 2` accumulated forward by the quadrature integrator (RK4, fixed steps), the
/// same on every rank; before a quadrature integrator exists there is no integral.
fn cost_integral(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let mut ts = Ts::new(&world)?;
    ts.set_type(TsType::Rk)?;
    ts.set_rk_type("4")?;
    ts.set_rhs_function(None, |_t, u, g| {
        g.copy_from(u)?;
        g.scale(-1.0)
    })?;
    assert!(ts.quadrature_ts()?.is_none());
    let err = ts.cost_integral().unwrap_err();
    assert!(err.report().contains("create_quadrature_ts"), "{err}");

    let mut quad = ts.create_quadrature_ts(true)?;
    quad.set_rhs_function(None, |_t, u, r| {
        let n = u.norm(NormType::Two)?; // collective: every rank calls it
        r.view_mut()?[0] = Scalar::from(n * n);
        Ok(())
    })?;
    // dr/du = 2 u^T, one row, laid out as the state.
    let mut drdu = Mat::dense(&world).sizes(Sizes::global(1, N)).build()?;
    drdu.set_up()?;
    quad.set_rhs_jacobian(&drdu, None, |_t, u, mats| {
        let lo = u.ownership_range()?.start;
        let cols: Vec<Int> = (lo..lo + u.local_size()?).collect();
        let vals: Vec<Scalar> = u.view()?.iter().map(|x| *x * Scalar::from(2.0)).collect();
        mats.pre()
            .set_values(&[0], &cols, &vals, InsertMode::Insert)?;
        mats.pre().assemble()
    })?;
    let (forward, _) = ts.quadrature_ts()?.expect("made above");
    assert!(forward);
    ts.set_time_step(0.01)?;
    ts.set_max_time(1.0)?;
    ts.set_exact_final_time(ExactFinalTime::Matchstep)?;
    let mut u = Vector::new_mpi(&world, None, Some(N))?;
    u.set(1.0)?;
    ts.solve(&mut u)?.check()?;
    let cost = ts.cost_integral()?;
    assert_eq!(cost.size()?, 1);
    let got = re(cost.view()?[0]);
    let exact = N as f64 * (1.0 - (-2f64).exp()) / 2.0;
    assert!((got - exact).abs() < 1e-7 * exact, "cost {got} vs {exact}");
    Ok(())
}

/// ARKIMEX's fast-slow split (PETSc 3.22 on), as PETSc's `multirate/ex3fastslowsplit.c`:
/// `ys` slow and explicit, `yf` fast with one term implicit (the fast split's implicit
/// form and Jacobian as closures); the solution at `t = 0.3` is within PETSc's own
/// expected error (1.0e-4) of the exact `(sqrt(1 + cos t), sqrt(2 + cos 5t))`, and the
/// fast split's implicit closures ran.
#[cfg(petsc_3_22)]
fn arkimex_fast_slow(petsc: &Petsc) -> petsc::Result<()> {
    let c = petsc.self_comm();
    let mut ts = Ts::new(&c)?;
    ts.set_type(TsType::Arkimex)?;
    ts.set_arkimex_fast_slow_split(true)?;
    ts.set_rhs_split_is("slow", &IndexSet::new_general(&c, &[0])?)?;
    ts.set_rhs_split_is("fast", &IndexSet::new_general(&c, &[1])?)?;
    ts.set_rhs_split_rhs_function("slow", None, |t, u, f| {
        let u = u.view()?;
        let (s, q) = (re(u[0]), re(u[1]));
        f.view_mut()?[0] = Scalar::from(
            -2.0 * (-1.0 + s * s - t.cos()) / (2.0 * s)
                + 0.05 * (-2.0 + q * q - (5.0 * t).cos()) / (2.0 * q)
                - t.sin() / (2.0 * s),
        );
        Ok(())
    })?;
    ts.set_rhs_split_rhs_function("fast", None, |t, u, f| {
        let u = u.view()?;
        let (s, q) = (re(u[0]), re(u[1]));
        f.view_mut()?[0] = Scalar::from(
            0.05 * (-1.0 + s * s - t.cos()) / (2.0 * s) - 5.0 * (5.0 * t).sin() / (2.0 * q),
        );
        Ok(())
    })?;
    let implicit = Rc::new(Cell::new(0));
    let seen = implicit.clone();
    ts.set_rhs_split_ifunction("fast", None, move |t, u, u_t, f| {
        seen.set(seen.get() + 1);
        let q = re(u.view()?[1]);
        f.view_mut()?[0] =
            u_t.view()?[0] + Scalar::from((-2.0 + q * q - (5.0 * t).cos()) / (2.0 * q));
        Ok(())
    })?;
    let mut a = Mat::aij(&c)
        .sizes(Sizes::global(1, 1))
        .preallocate(1, 0)
        .build()?;
    a.set_up()?;
    ts.set_rhs_split_ijacobian("fast", &a, None, |t, u, _u_t, shift, mats| {
        let q = re(u.view()?[1]);
        let j = shift + (2.0 + (5.0 * t).cos()) / (2.0 * q * q) + 0.5;
        mats.pre()
            .set_value(0, 0, Scalar::from(j), InsertMode::Insert)?;
        mats.pre().assemble()
    })?;
    let mut u = Vector::from_slice(&c, &[Scalar::from(2f64.sqrt()), Scalar::from(3f64.sqrt())])?;
    ts.set_solution(&u)?;
    ts.set_max_time(0.3)?;
    ts.set_time_step(0.01)?;
    ts.set_exact_final_time(ExactFinalTime::Matchstep)?;
    ts.solve(&mut u)?.check()?;
    let t = ts.time()?;
    let v = u.view()?;
    let exact = [(1.0 + t.cos()).sqrt(), (2.0 + (5.0 * t).cos()).sqrt()];
    let err = ((re(v[0]) - exact[0]).powi(2) + (re(v[1]) - exact[1]).powi(2)).sqrt();
    assert!(err < 1.1e-4, "error {err:e} at t = {t}");
    assert!(implicit.get() > 0);
    Ok(())
}

pub fn cases() -> Vec<Case> {
    vec![
        Case::new("multirate_splits", multirate_splits).ranks(&[1, 2, 3]),
        Case::new("cost_integral", cost_integral).ranks(&[1, 2, 3]),
        #[cfg(petsc_3_22)]
        Case::new("arkimex_fast_slow", arkimex_fast_slow),
    ]
}
