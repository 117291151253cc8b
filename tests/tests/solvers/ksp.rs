//! Krylov solvers and preconditioners on PETSc's ex2 problem (2D 5-point Laplacian,
//! exact solution all ones), at 1, 2 and 3 ranks.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use petsc::{
    Error, InsertMode, Int, Ksp, KspConvergedReason, KspType, Mat, MatDuplicateOption, NormType,
    Object, PcType, Petsc, Scalar, Sizes, Vector,
};
use petsc_tests::Case;

/// Grid size of ex2: an 8 x 8 grid, 64 unknowns.
const M: Int = 8;
const N: Int = 8;

/// CG + Jacobi iterations for ex2 with rtol 1e-10 (the same at every rank count).
const CG_JACOBI_ITS: Int = 10;

/// The 5-point Laplacian of ex2, distributed by rows.
fn laplacian(petsc: &Petsc) -> petsc::Result<Mat> {
    let size = M * N;
    let mut a = Mat::aij(&petsc.world())
        .sizes(Sizes::global(size, size))
        .preallocate(5, 5)
        .build()?;
    for ii in a.ownership_range()? {
        let (i, j) = (ii / N, ii % N);
        let mut cols = vec![ii];
        let mut vals = vec![Scalar::from(4.0)];
        for (ok, c) in [
            (i > 0, ii - N),
            (i < M - 1, ii + N),
            (j > 0, ii - 1),
            (j < N - 1, ii + 1),
        ] {
            if ok {
                cols.push(c);
                vals.push(Scalar::from(-1.0));
            }
        }
        a.set_values(&[ii], &cols, &vals, InsertMode::Insert)?;
    }
    a.assemble()?;
    Ok(a)
}

/// `(A, x = 0, b = A * ones)`.
fn problem(petsc: &Petsc) -> petsc::Result<(Mat, Vector, Vector)> {
    let a = laplacian(petsc)?;
    let (mut x, mut b) = a.create_vecs()?;
    x.set(1.0)?;
    a.mult(&x, &mut b)?;
    x.set(0.0)?;
    Ok((a, x, b))
}

/// `||x - ones||_2`.
fn error_norm(x: &Vector) -> petsc::Result<f64> {
    let mut e = x.duplicate()?;
    e.copy_from(x)?;
    e.shift(-1.0)?;
    e.norm(NormType::Two)
}

/// `||b - A x||_2`.
fn true_residual(a: &Mat, x: &Vector, b: &Vector) -> petsc::Result<f64> {
    let mut r = b.duplicate()?;
    a.mult(x, &mut r)?;
    r.aypx(-1.0, b)?; // b - Ax
    r.norm(NormType::Two)
}

fn cg_jacobi_solver(a: &Mat) -> petsc::Result<Ksp> {
    let mut ksp = Ksp::new(&a.comm())?;
    ksp.set_operators(a, a)?;
    ksp.set_type(KspType::Cg)?;
    ksp.pc()?.set_type(PcType::Jacobi)?;
    ksp.set_tolerances(petsc::KspTolerances {
        rtol: Some(1e-10),
        ..Default::default()
    })?;
    Ok(ksp)
}

fn cg_jacobi(petsc: &Petsc) -> petsc::Result<()> {
    let (a, mut x, b) = problem(petsc)?;
    let mut ksp = cg_jacobi_solver(&a)?;
    let reason = ksp.solve(&b, &mut x)?;
    let its = ksp.iteration_number()?;
    assert!(reason.is_converged(), "{reason}");
    assert_eq!(reason, KspConvergedReason::ConvergedRtol);
    assert_eq!(reason.to_string(), "CONVERGED_RTOL");
    assert_eq!(its, CG_JACOBI_ITS, "CG+Jacobi iterations");
    let err = error_norm(&x)?;
    assert!(err < 1e-6, "error {err}");
    assert_eq!(ksp.type_name()?, "cg");
    assert_eq!(ksp.ty()?, Some(KspType::Cg));
    assert_eq!(ksp.pc()?.type_name()?, "jacobi");
    assert!(ksp.residual_norm()? <= 1e-10 * b.norm(NormType::Two)?);
    // CG reports the preconditioned residual; Jacobi here is exactly I/4. Stop early so
    // the residual is well above rounding.
    ksp.set_tolerances(petsc::KspTolerances {
        max_it: Some(5),
        ..Default::default()
    })?;
    x.set(0.0)?;
    assert_eq!(ksp.solve(&b, &mut x)?, KspConvergedReason::DivergedIts); // stopped at max_it
    assert_eq!(ksp.iteration_number()?, 5);
    let r = ksp.residual_norm()?;
    let true_r = true_residual(&a, &x, &b)?;
    assert!(r > 1e-6, "{r}");
    assert!(
        (r - true_r / 4.0).abs() <= 1e-8 * r,
        "residual_norm {r} vs ||b - Ax||/4 = {}",
        true_r / 4.0
    );
    Ok(())
}

fn gmres_default_pc(petsc: &Petsc) -> petsc::Result<()> {
    let (a, mut x, b) = problem(petsc)?;
    let mut ksp = Ksp::new(&petsc.world())?;
    ksp.set_operators(&a, &a)?;
    ksp.set_type_name("gmres")?;
    ksp.set_tolerances(petsc::KspTolerances {
        rtol: Some(1e-10),
        ..Default::default()
    })?;
    ksp.set_up()?;
    let default_pc = if petsc.world().size() == 1 {
        "ilu"
    } else {
        "bjacobi"
    };
    assert_eq!(ksp.pc()?.type_name()?, default_pc);
    let reason = ksp.solve(&b, &mut x)?;
    assert!(reason.is_converged(), "{reason}");
    let err = error_norm(&x)?;
    assert!(err < 1e-6, "error {err}");
    let its = ksp.iteration_number()?;
    assert!(its > 0 && its < 64, "{its}");
    let true_r = true_residual(&a, &x, &b)?;
    assert!(true_r < 1e-7 * b.norm(NormType::Two)?, "{true_r}");
    Ok(())
}

fn tolerances_respected(petsc: &Petsc) -> petsc::Result<()> {
    let (a, mut x, b) = problem(petsc)?;
    let mut ksp = cg_jacobi_solver(&a)?;
    ksp.set_tolerances(petsc::KspTolerances {
        max_it: Some(2),
        ..Default::default()
    })?;
    assert_eq!(
        ksp.tolerances()?,
        petsc::KspTolerances {
            rtol: Some(1e-10),
            atol: Some(1e-50),
            divtol: Some(1e4),
            max_it: Some(2)
        }
    );
    // Not converging is not an error: the solve returns the reason, and `check` makes
    // it one.
    let reason = ksp.solve(&b, &mut x)?;
    assert_eq!(reason, KspConvergedReason::DivergedIts);
    assert_eq!(ksp.converged_reason()?, reason);
    assert_eq!(reason.to_string(), "DIVERGED_ITS");
    assert!(!reason.is_converged() && reason.is_diverged());
    assert_eq!(ksp.iteration_number()?, 2);
    match &reason.check() {
        Err(Error::NotConverged { solver, reason }) => {
            assert_eq!((solver.as_str(), reason.as_str()), ("KSP", "DIVERGED_ITS"));
        }
        other => panic!("expected NotConverged, got {other:?}"),
    }
    let e = ksp.solve(&b, &mut x)?.check().unwrap_err();
    assert_eq!(e.report(), "KSP did not converge: DIVERGED_ITS");
    x.set(0.0)?;
    let reason = ksp.solve_transpose(&b, &mut x)?;
    assert_eq!(reason, KspConvergedReason::DivergedIts);
    assert!(reason.check().is_err());
    // The generic form: any solver's reason through the `Reason` trait.
    assert_eq!(<KspConvergedReason as petsc::Reason>::solver(), "KSP");
    x.set(0.0)?;
    // A loose relative tolerance stops early.
    ksp.set_tolerances(petsc::KspTolerances {
        rtol: Some(1e-2),
        max_it: Some(1000),
        ..Default::default()
    })?;
    x.set(0.0)?;
    ksp.solve(&b, &mut x)?.check()?;
    assert!(ksp.iteration_number()? < CG_JACOBI_ITS);
    // Continuing from the previous answer with a nonzero guess.
    ksp.set_tolerances(petsc::KspTolerances {
        rtol: Some(1e-10),
        ..Default::default()
    })?;
    ksp.set_initial_guess_nonzero(true)?;
    ksp.solve(&b, &mut x)?.check()?;
    assert!(ksp.iteration_number()? <= CG_JACOBI_ITS);
    assert!(error_norm(&x)? < 1e-6);
    // With error-if-not-converged, DIVERGED_ITS becomes an Err.
    ksp.set_initial_guess_nonzero(false)?;
    ksp.set_tolerances(petsc::KspTolerances {
        max_it: Some(2),
        ..Default::default()
    })?;
    ksp.set_error_if_not_converged(true)?;
    let e = ksp.solve(&b, &mut x).unwrap_err();
    assert!(e.code().is_some(), "{e}");
    Ok(())
}

fn options_database(petsc: &Petsc) -> petsc::Result<()> {
    let opts = petsc.options();
    opts.set_value("ksp_type", "cg")?;
    opts.set_value("pc_type", "jacobi")?;
    opts.set_value("ksp_rtol", "1e-10")?;
    let result = (|| {
        let (a, mut x, b) = problem(petsc)?;
        let mut ksp = Ksp::new(&petsc.world())?;
        ksp.set_operators(&a, &a)?;
        ksp.set_type(KspType::Bcgs)?; // the options database wins
        ksp.set_from_options()?;
        assert_eq!(ksp.type_name()?, "cg");
        assert_eq!(ksp.pc()?.ty()?, Some(PcType::Jacobi));
        assert_eq!(ksp.tolerances()?.rtol, Some(1e-10));
        ksp.solve(&b, &mut x)?.check()?;
        assert_eq!(ksp.iteration_number()?, CG_JACOBI_ITS);
        // A prefixed solver reads only its own options.
        let mut inner = Ksp::new(&petsc.world())?;
        inner.set_options_prefix("inner_")?;
        petsc.options().set_value("inner_ksp_type", "minres")?;
        inner.set_from_options()?;
        assert_eq!(inner.ty()?, Some(KspType::Minres));
        Ok(())
    })();
    for o in ["ksp_type", "pc_type", "ksp_rtol", "inner_ksp_type"] {
        opts.clear_value(o)?;
    }
    result
}

/// A prefix set on a solver reaches its preconditioner: `-inner_ksp_type cg` and
/// `-inner_pc_type jacobi` are both used (nothing left for `-options_left`), and the
/// solve takes CG + Jacobi's iterations. Also after the PC was obtained, and appended.
/// Through the generic `Object` method the PC kept no prefix, and `-inner_pc_type`
/// stayed unused.
fn options_prefix_reaches_pc(petsc: &Petsc) -> petsc::Result<()> {
    let opts = petsc.options();
    let names = [
        "-inner_ksp_type",
        "-inner_pc_type",
        "-inner_ksp_rtol",
        "-outer_inner_pc_type",
    ];
    let unused = || -> petsc::Result<Vec<String>> {
        Ok(opts
            .unused()?
            .into_iter()
            .map(|(n, _)| n)
            .filter(|n| names.contains(&n.as_str()))
            .collect())
    };
    let result = (|| {
        opts.insert_string("-inner_ksp_type cg -inner_pc_type jacobi -inner_ksp_rtol 1e-10")?;
        assert_eq!(unused()?.len(), 3);
        let (a, mut x, b) = problem(petsc)?;
        let mut ksp = Ksp::new(&petsc.world())?;
        ksp.set_operators(&a, &a)?;
        let pc = ksp.pc()?; // the PC exists before the prefix is set
        ksp.set_options_prefix("inner_")?;
        assert_eq!(ksp.options_prefix()?, "inner_");
        assert_eq!(pc.options_prefix()?, "inner_");
        ksp.set_from_options()?;
        assert_eq!(ksp.ty()?, Some(KspType::Cg));
        assert_eq!(pc.ty()?, Some(PcType::Jacobi));
        assert_eq!(ksp.tolerances()?.rtol, Some(1e-10));
        assert!(unused()?.is_empty(), "unused: {:?}", unused()?);
        ksp.solve(&b, &mut x)?.check()?;
        assert_eq!(ksp.iteration_number()?, CG_JACOBI_ITS);
        assert!(error_norm(&x)? < 1e-6);

        // Appending, and a PC's own prefix.
        opts.insert_string("-outer_inner_pc_type sor")?;
        let mut k2 = Ksp::new(&petsc.world())?;
        k2.set_options_prefix("outer_")?;
        k2.append_options_prefix("inner_")?;
        assert_eq!(k2.pc()?.options_prefix()?, "outer_inner_");
        k2.set_from_options()?;
        assert_eq!(k2.pc()?.ty()?, Some(PcType::Sor));
        let mut p = petsc::Pc::new(&petsc.world())?;
        p.set_options_prefix("outer_")?;
        p.append_options_prefix("inner_")?;
        assert_eq!(p.options_prefix()?, "outer_inner_");
        assert!(unused()?.is_empty(), "unused: {:?}", unused()?);
        Ok(())
    })();
    for n in names {
        opts.clear_value(n)?;
    }
    result
}

fn ksp_view_option(petsc: &Petsc) -> petsc::Result<()> {
    let opts = petsc.options();
    opts.set_value("ksp_view", "")?;
    opts.set_value("ksp_converged_reason", "")?;
    let result = (|| {
        let (a, mut x, b) = problem(petsc)?;
        let mut ksp = cg_jacobi_solver(&a)?;
        ksp.set_from_options()?;
        ksp.solve(&b, &mut x)?.check()?;
        assert!(error_norm(&x)? < 1e-6);
        Ok(())
    })();
    opts.clear_value("ksp_view")?;
    opts.clear_value("ksp_converged_reason")?;
    result
}

fn monitors(petsc: &Petsc) -> petsc::Result<()> {
    let (a, mut x, b) = problem(petsc)?;
    let mut ksp = cg_jacobi_solver(&a)?;
    let seen: Rc<RefCell<Vec<(Int, f64)>>> = Rc::default();
    let log = seen.clone();
    ksp.monitor(move |it, rnorm| {
        log.borrow_mut().push((it, rnorm));
        Ok(())
    })?;
    let count = Rc::new(RefCell::new(0));
    let c = count.clone();
    ksp.monitor(move |_, _| {
        *c.borrow_mut() += 1;
        Ok(())
    })?;
    ksp.solve(&b, &mut x)?.check()?;
    let its = ksp.iteration_number()?;
    {
        let seen = seen.borrow();
        let iterations: Vec<Int> = seen.iter().map(|s| s.0).collect();
        assert_eq!(iterations, (0..=its).collect::<Vec<_>>());
        assert_eq!(seen.last().unwrap().1, ksp.residual_norm()?);
        assert!(seen[0].1 > seen.last().unwrap().1);
        assert_eq!(*count.borrow() as usize, seen.len());
    }
    // Cancelling drops the closures.
    assert_eq!(Rc::strong_count(&seen), 2);
    ksp.cancel_monitors()?;
    assert_eq!(Rc::strong_count(&seen), 1);
    assert_eq!(Rc::strong_count(&count), 1);
    x.set(0.0)?;
    ksp.solve(&b, &mut x)?.check()?;
    assert_eq!(seen.borrow().len() as Int, its + 1);
    // Dropping the solver drops them too.
    let log = seen.clone();
    ksp.monitor(move |it, r| {
        log.borrow_mut().push((it, r));
        Ok(())
    })?;
    assert_eq!(Rc::strong_count(&seen), 2);
    drop(ksp);
    assert_eq!(Rc::strong_count(&seen), 1);
    Ok(())
}

fn shell_pc_jacobi(petsc: &Petsc) -> petsc::Result<()> {
    let (a, mut x, b) = problem(petsc)?;
    let mut diag = x.duplicate()?;
    diag.set(4.0)?; // the diagonal of the 5-point Laplacian
    let calls = Rc::new(RefCell::new(0));
    let counter = calls.clone();
    let mut ksp = Ksp::new(&petsc.world())?;
    ksp.set_operators(&a, &a)?;
    ksp.set_type(KspType::Cg)?;
    ksp.set_tolerances(petsc::KspTolerances {
        rtol: Some(1e-10),
        ..Default::default()
    })?;
    let mut pc = ksp.pc()?;
    pc.set_shell_apply(move |x, y| {
        *counter.borrow_mut() += 1;
        y.pointwise_divide(x, &diag)
    })?;
    assert_eq!(pc.ty()?, Some(PcType::Shell));
    drop(pc); // the solver keeps the PC and the closure alive
    let reason = ksp.solve(&b, &mut x)?;
    assert_eq!(ksp.iteration_number()?, CG_JACOBI_ITS);
    assert!(reason.is_converged());
    assert!(error_norm(&x)? < 1e-6);
    assert!(*calls.borrow() > CG_JACOBI_ITS);
    // Replacing the shell drops the old closure.
    assert_eq!(Rc::strong_count(&calls), 2);
    ksp.pc()?.set_shell_apply(|x, y| y.copy_from(x))?;
    assert_eq!(Rc::strong_count(&calls), 1);
    // Dropping the solver drops the closure.
    let keep = calls.clone();
    ksp.pc()?.set_shell_apply(move |x, y| {
        let _ = &keep;
        y.copy_from(x)
    })?;
    assert_eq!(Rc::strong_count(&calls), 2);
    drop(ksp);
    assert_eq!(Rc::strong_count(&calls), 1);
    Ok(())
}

fn unknown_type_names(petsc: &Petsc) -> petsc::Result<()> {
    let mut ksp = Ksp::new(&petsc.world())?;
    ksp.set_type(KspType::Cg)?;
    let e = ksp.set_type_name("krylovish").unwrap_err();
    assert!(e.report().contains("unknown KSP type 'krylovish'"), "{e}");
    let e = ksp
        .set_type(KspType::Other("nope".to_string()))
        .unwrap_err();
    assert!(e.report().contains("'nope'"), "{e}");
    assert_eq!(ksp.type_name()?, "cg");
    let mut pc = ksp.pc()?;
    let e = pc.set_type_name("magicpc").unwrap_err();
    assert!(e.report().contains("unknown PC type 'magicpc'"), "{e}");
    let e = ksp.set_type_name("bad\0name").unwrap_err();
    assert!(matches!(e, Error::InvalidArgument { .. }), "{e}");
    pc.set_type_name("gamg")?;
    assert_eq!(pc.type_name()?, "gamg");
    Ok(())
}

/// After a failed solve, the same solver and a fresh one both solve correctly.
fn solves_again(petsc: &Petsc, ksp: &mut Ksp) -> petsc::Result<()> {
    let (a, mut x, b) = problem(petsc)?;
    ksp.cancel_monitors()?;
    ksp.solve(&b, &mut x)?.check()?;
    assert!(error_norm(&x)? < 1e-6);
    let mut fresh = cg_jacobi_solver(&a)?;
    x.set(0.0)?;
    fresh.solve(&b, &mut x)?.check()?;
    assert_eq!(fresh.iteration_number()?, CG_JACOBI_ITS);
    assert!(error_norm(&x)? < 1e-6);
    Ok(())
}

fn failing_monitor(petsc: &Petsc) -> petsc::Result<()> {
    let (a, mut x, mut b) = problem(petsc)?;
    let mut ksp = cg_jacobi_solver(&a)?;
    ksp.monitor(|it, _| {
        if it == 3 {
            Err(Error::user("monitor gave up at iteration 3"))
        } else {
            Ok(())
        }
    })?;
    let e = ksp.solve(&b, &mut x).unwrap_err();
    match &e {
        Error::Callback { callback, source } => {
            assert_eq!(callback, "KSP monitor");
            assert_eq!(source.to_string(), "monitor gave up at iteration 3");
        }
        other => panic!("expected Error::Callback, got {other:?}"),
    }
    assert!(e.report().contains("KSP monitor"), "{e}");
    b.scale(1.0)?; // still writable
    solves_again(petsc, &mut ksp)
}

fn panicking_monitor(petsc: &Petsc) -> petsc::Result<()> {
    let (a, mut x, b) = problem(petsc)?;
    let mut ksp = cg_jacobi_solver(&a)?;
    ksp.monitor(|it, _| {
        if it == 2 {
            panic!("monitor exploded");
        }
        Ok(())
    })?;
    let e = ksp.solve(&b, &mut x).unwrap_err();
    match &e {
        Error::CallbackPanic { callback, message } => {
            assert_eq!(callback, "KSP monitor");
            assert_eq!(message, "monitor exploded");
        }
        other => panic!("expected Error::CallbackPanic, got {other:?}"),
    }
    solves_again(petsc, &mut ksp)
}

fn failing_shell_pc(petsc: &Petsc) -> petsc::Result<()> {
    let (a, mut x, mut b) = problem(petsc)?;
    let mut ksp = Ksp::new(&petsc.world())?;
    ksp.set_operators(&a, &a)?;
    ksp.set_type(KspType::Gmres)?;
    let mut calls = 0;
    ksp.pc()?.set_shell_apply(move |x, y| {
        calls += 1;
        if calls == 4 {
            return Err(Error::user("shell PC failed"));
        }
        y.copy_from(x)
    })?;
    let e = ksp.solve(&b, &mut x).unwrap_err();
    assert!(
        matches!(&e, Error::Callback { callback, .. } if callback == "PC shell apply"),
        "{e:?}"
    );
    assert!(e.report().contains("shell PC failed"), "{e}");
    ksp.pc()?
        .set_shell_apply(|_, _| panic!("shell PC panicked"))?;
    x.set(0.0)?;
    let e = ksp.solve(&b, &mut x).unwrap_err();
    assert!(
        matches!(&e, Error::CallbackPanic { message, .. } if message == "shell PC panicked"),
        "{e:?}"
    );
    // The aborted solves left b writable (KSPSolve's read lock on it was released) and
    // the solver's work vectors usable.
    b.scale(1.0)?;
    ksp.set_type(KspType::Cg)?;
    ksp.pc()?.set_type(PcType::Jacobi)?;
    ksp.set_tolerances(petsc::KspTolerances {
        rtol: Some(1e-10),
        ..Default::default()
    })?;
    x.set(0.0)?;
    ksp.solve(&b, &mut x)?.check()?;
    assert!(error_norm(&x)? < 1e-6);
    solves_again(petsc, &mut ksp)
}

/// How the closures of [`repeated_failures`] behave on their next call.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Mode {
    Work,
    Fail,
    Panic,
}

/// The same solver fails three times in a row in each way a solve can fail part way
/// through the Krylov iteration (a shell matrix returning `Err` or panicking, a NaN in
/// the right-hand side under error-if-not-converged, a shell preconditioner and a monitor
/// failing), then solves the correct problem to the right answer; and again with the
/// failures mixed. PETSc left its PC's pre-solve count raised after each of these, and
/// the third failure made every later solve fail ("Cannot embed PCPreSolve() more than
/// twice").
fn repeated_failures(petsc: &Petsc) -> petsc::Result<()> {
    let (a, mut x, b) = problem(petsc)?;
    let mode = Rc::new(RefCell::new(Mode::Work));
    let m = mode.clone();
    let op = a.duplicate(MatDuplicateOption::CopyValues)?;
    let (local, global) = (x.local_size()?, x.size()?);
    let shell = Mat::shell(&petsc.world())
        .sizes(Sizes::local(local, local).with_global(global, global))
        .build(move |x, y| match *m.borrow() {
            Mode::Work => op.mult(x, y),
            Mode::Fail => Err(Error::user("shell matrix failed")),
            Mode::Panic => panic!("shell matrix panicked"),
        })?;
    let mut ksp = Ksp::new(&petsc.world())?;
    ksp.set_operators(&shell, &a)?;
    ksp.set_type(KspType::Cg)?;
    ksp.set_tolerances(petsc::KspTolerances {
        rtol: Some(1e-10),
        ..Default::default()
    })?;
    let jacobi = |ksp: &mut Ksp| ksp.pc()?.set_type(PcType::Jacobi);
    jacobi(&mut ksp)?;
    let mut nan_b = b.duplicate()?;
    nan_b.copy_from(&b)?;
    if nan_b.ownership_range()?.contains(&0) {
        nan_b.set_values(&[0], &[Scalar::from(f64::NAN)], InsertMode::Insert)?;
    }
    nan_b.assemble()?;

    let solves_correctly = |ksp: &mut Ksp, x: &mut Vector, what: &str| -> petsc::Result<()> {
        x.set(0.0)?;
        let reason = ksp
            .solve(&b, x)
            .map_err(|e| Error::user(format!("after {what}: {e}")))?;
        assert!(reason.is_converged(), "after {what}: {reason}");
        assert_eq!(ksp.iteration_number()?, CG_JACOBI_ITS, "after {what}");
        assert!(error_norm(x)? < 1e-6, "after {what}");
        assert!(true_residual(&a, x, &b)? < 1e-8, "after {what}");
        Ok(())
    };
    let fail = |ksp: &mut Ksp, x: &mut Vector, kind: &str| -> petsc::Result<Error> {
        x.set(0.0)?;
        let rhs = if kind == "nan" { &nan_b } else { &b };
        match kind {
            "fail" => *mode.borrow_mut() = Mode::Fail,
            "panic" => *mode.borrow_mut() = Mode::Panic,
            "nan" => ksp.set_error_if_not_converged(true)?,
            "pc" => {
                let mut calls = 0;
                ksp.pc()?.set_shell_apply(move |x, y| {
                    calls += 1;
                    if calls == 3 {
                        return Err(Error::user("shell PC failed"));
                    }
                    y.copy_from(x)
                })?;
            }
            "monitor" => ksp.monitor(|it, _| {
                if it == 2 {
                    Err(Error::user("monitor failed"))
                } else {
                    Ok(())
                }
            })?,
            _ => unreachable!(),
        }
        let r = ksp.solve(rhs, x);
        *mode.borrow_mut() = Mode::Work;
        ksp.set_error_if_not_converged(false)?;
        ksp.cancel_monitors()?;
        jacobi(ksp)?;
        let e = r.expect_err(kind);
        let text = e.report();
        let expected = match kind {
            "fail" => "shell matrix failed",
            "panic" => "shell matrix panicked",
            // PETSc's wording: "Nan or Inf" up to 3.25, "infinity or NaN" in 3.26.
            "nan" if cfg!(petsc_3_26) => "infinity or NaN",
            "nan" => "Nan or Inf",
            "pc" => "shell PC failed",
            _ => "monitor failed",
        };
        assert!(text.contains(expected), "{kind}: {text}");
        Ok(e)
    };

    solves_correctly(&mut ksp, &mut x, "nothing")?;
    for kind in ["fail", "panic", "nan", "pc", "monitor"] {
        for _ in 0..3 {
            fail(&mut ksp, &mut x, kind)?;
        }
        solves_correctly(&mut ksp, &mut x, &format!("three failures of kind {kind}"))?;
    }
    for kinds in [["nan", "fail", "pc"], ["monitor", "panic", "nan"]] {
        for kind in kinds {
            fail(&mut ksp, &mut x, kind)?;
        }
        solves_correctly(&mut ksp, &mut x, &format!("failures {kinds:?}"))?;
    }

    // The user's initial-guess setting survives a failed solve (PETSc turns it off for
    // the iteration when x is zero): starting from the solution takes no iteration.
    ksp.set_initial_guess_nonzero(true)?;
    for _ in 0..3 {
        fail(&mut ksp, &mut x, "fail")?;
    }
    x.set(1.0)?;
    ksp.solve(&b, &mut x)?.check()?;
    assert_eq!(ksp.iteration_number()?, 0);
    assert!(error_norm(&x)? < 1e-12);
    ksp.set_initial_guess_nonzero(false)?;

    // Error-if-not-converged still turns an iteration limit into an error.
    ksp.set_error_if_not_converged(true)?;
    ksp.set_tolerances(petsc::KspTolerances {
        max_it: Some(2),
        ..Default::default()
    })?;
    x.set(0.0)?;
    let e = ksp.solve(&b, &mut x).unwrap_err();
    assert!(e.report().contains("DIVERGED_ITS"), "{e}");
    ksp.set_tolerances(petsc::KspTolerances {
        max_it: Some(10000),
        ..Default::default()
    })?;
    ksp.set_error_if_not_converged(false)?;
    solves_correctly(&mut ksp, &mut x, "an iteration limit")?;
    Ok(())
}

/// The preconditioning matrix is `&p`, `Some(&p)`, or `None` for the operator itself,
/// on the solver and on a preconditioner alone; the solve is the same.
fn optional_preconditioning_matrix(petsc: &Petsc) -> petsc::Result<()> {
    let (a, _, b) = problem(petsc)?;
    let mut ksp = Ksp::new(&petsc.world())?;
    ksp.set_operators(&a, None)?;
    let (op, pre) = ksp.operators()?;
    assert_eq!((op.as_raw(), pre.as_raw()), (a.as_raw(), a.as_raw()));
    let p = a.deep_copy()?;
    ksp.set_operators(&a, &p)?;
    assert_eq!(ksp.operators()?.1.as_raw(), p.as_raw());
    ksp.set_operators(&a, Some(&a))?;
    assert_eq!(ksp.operators()?.1.as_raw(), a.as_raw());
    let mut x = b.duplicate()?;
    ksp.solve(&b, &mut x)?.check()?;
    assert!(true_residual(&a, &x, &b)? < 1e-4);
    let mut pc = petsc::Pc::new(&petsc.world())?;
    pc.set_operators(&a, None)?;
    assert_eq!(pc.operators()?.1.as_raw(), a.as_raw());
    Ok(())
}

fn wrong_sizes(petsc: &Petsc) -> petsc::Result<()> {
    let (a, mut x, b) = problem(petsc)?;
    let mut ksp = cg_jacobi_solver(&a)?;
    let mut small = Vector::new_mpi(&petsc.world(), None, Some(10))?;
    let e = ksp.solve(&b, &mut small).unwrap_err();
    assert!(matches!(e, Error::SizeMismatch { .. }), "{e}");
    assert!(e.report().contains("x has global size 10"), "{e}");
    let e = ksp.solve(&small, &mut x).unwrap_err();
    assert!(e.report().contains("b has global size 10"), "{e}");
    let mut no_ops = Ksp::new(&petsc.world())?;
    let e = no_ops.solve(&b, &mut x).unwrap_err();
    assert!(e.report().contains("set_operators"), "{e}");
    // The solver still works.
    ksp.solve(&b, &mut x)?.check()?;
    assert!(error_norm(&x)? < 1e-6);
    Ok(())
}

/// The ex2 grid with complex entries. `hermitian`: `-e^{+-i theta}` between horizontal
/// neighbours, a Hermitian matrix that a diagonal unitary change of variables turns into
/// the Laplacian (so positive definite, and CG applies). Otherwise the Laplacian plus
/// `i I`: complex symmetric, not Hermitian.
#[cfg(petsc_complex)]
fn complex_operator(petsc: &Petsc, hermitian: bool) -> petsc::Result<Mat> {
    use petsc::{Complex, Sizes};
    let phase = Complex::from_polar(1.0, 0.7);
    let one = Complex::from(1.0);
    let (diag, right, left) = if hermitian {
        (4.0 * one, -phase, -phase.conj())
    } else {
        (Complex::new(4.0, 1.0), -one, -one)
    };
    let size = M * N;
    let mut a = Mat::aij(&petsc.world())
        .sizes(Sizes::global(size, size))
        .preallocate(5, 5)
        .build()?;
    for ii in a.ownership_range()? {
        let (i, j) = (ii / N, ii % N);
        let mut cols = vec![ii];
        let mut vals = vec![diag];
        for (ok, c, v) in [
            (i > 0, ii - N, -one),
            (i < M - 1, ii + N, -one),
            (j > 0, ii - 1, left),
            (j < N - 1, ii + 1, right),
        ] {
            if ok {
                cols.push(c);
                vals.push(v);
            }
        }
        a.set_values(&[ii], &cols, &vals, InsertMode::Insert)?;
    }
    a.assemble()?;
    Ok(a)
}

/// Complex systems with a complex exact solution: CG on the Hermitian operator, GMRES on
/// the complex-symmetric one; `u^H A u` is real for the first and has imaginary part
/// `||u||^2` for the second.
#[cfg(petsc_complex)]
fn complex_systems(petsc: &Petsc) -> petsc::Result<()> {
    use petsc::Complex;
    for (hermitian, ty) in [(true, KspType::Cg), (false, KspType::Gmres)] {
        let a = complex_operator(petsc, hermitian)?;
        let (mut x, mut b) = a.create_vecs()?;
        let mut u = x.duplicate()?;
        let lo = u.ownership_range()?.start;
        for (k, v) in u.view_mut()?.iter_mut().enumerate() {
            let t = (lo + k as Int) as f64;
            *v = Complex::new(t.cos(), (2.0 * t).sin());
        }
        a.mult(&u, &mut b)?;
        let uau = b.dot(&u)?; // u^H (A u)
        let uu = u.norm(NormType::Two)?.powi(2);
        assert!(uau.re > 0.0, "{uau}");
        let want_im = if hermitian { 0.0 } else { uu };
        assert!((uau.im - want_im).abs() < 1e-12 * uau.norm(), "{uau}");
        let mut ksp = Ksp::new(&petsc.world())?;
        ksp.set_operators(&a, &a)?;
        ksp.set_type(ty)?;
        ksp.pc()?.set_type(PcType::Jacobi)?;
        ksp.set_tolerances(petsc::KspTolerances {
            rtol: Some(1e-12),
            ..Default::default()
        })?;
        let reason = ksp.solve(&b, &mut x)?;
        assert!(reason.is_converged(), "{}: {reason}", ksp.type_name()?);
        x.axpy(-1.0, &u)?;
        let err = x.norm(NormType::Two)? / uu.sqrt();
        assert!(err < 1e-9, "{}: relative error {err}", ksp.type_name()?);
    }
    Ok(())
}

/// Failures inside the inner solvers of composite preconditioners (`-pc_type ksp`,
/// `-pc_type composite` with a `ksp` part), three in a row: the inner KSPs' own
/// pre-solve brackets are closed too, so the same outer solver then solves correctly.
fn nested_failures(petsc: &Petsc) -> petsc::Result<()> {
    let (a, mut x, b) = problem(petsc)?;
    let fail = Rc::new(Cell::new(false));
    let f = fail.clone();
    let op = a.duplicate(MatDuplicateOption::CopyValues)?;
    let (local, global) = (x.local_size()?, x.size()?);
    let shell = Mat::shell(&petsc.world())
        .sizes(Sizes::local(local, local).with_global(global, global))
        .build(move |x, y| {
            if f.get() {
                return Err(Error::user("inner shell failed"));
            }
            op.mult(x, y)
        })?;
    for (prefix, options) in [
        (
            "nest1_",
            "-nest1_ksp_type fgmres -nest1_pc_type ksp -nest1_ksp_ksp_type cg \
             -nest1_ksp_pc_type jacobi -nest1_ksp_ksp_rtol 1e-2",
        ),
        (
            "nest2_",
            "-nest2_ksp_type fgmres -nest2_pc_type composite \
             -nest2_pc_composite_pcs jacobi,ksp -nest2_sub_1_ksp_ksp_type cg \
             -nest2_sub_1_ksp_ksp_rtol 1e-2",
        ),
    ] {
        petsc.options().insert_string(options)?;
        let mut ksp = Ksp::new(&petsc.world())?;
        ksp.set_options_prefix(prefix)?;
        ksp.set_operators(&shell, &a)?;
        ksp.set_tolerances(petsc::KspTolerances {
            rtol: Some(1e-10),
            ..Default::default()
        })?;
        ksp.set_from_options()?;
        let solve = |ksp: &mut Ksp, x: &mut Vector| -> petsc::Result<()> {
            x.set(0.0)?;
            ksp.solve(&b, x)?.check()
        };
        solve(&mut ksp, &mut x)?;
        let its = ksp.iteration_number()?;
        assert!(error_norm(&x)? < 1e-6, "{prefix}");
        for _ in 0..3 {
            fail.set(true);
            // From a zero guess the outer solver first applies its preconditioner, whose
            // inner KSP multiplies by the shell operator: the failure is inside it.
            let e = solve(&mut ksp, &mut x).expect_err(prefix);
            fail.set(false);
            assert!(e.report().contains("inner shell failed"), "{prefix}: {e}");
        }
        solve(&mut ksp, &mut x).map_err(|e| Error::user(format!("{prefix}: {e}")))?;
        assert_eq!(ksp.iteration_number()?, its, "{prefix}");
        assert!(error_norm(&x)? < 1e-6, "{prefix}");
    }
    Ok(())
}

/// `-ksp_diagonal_scale -ksp_diagonal_scale_fix`: a solve scales the operator and the
/// right-hand side before iterating and scales them back at the end. A solve ended by
/// a failing monitor still gives back the caller's matrix and `b` unscaled, so the
/// next solve gives the right answer in the same number of iterations.
fn diagonal_scale_after_failures(petsc: &Petsc) -> petsc::Result<()> {
    let (a, mut x, b) = problem(petsc)?;
    let b0 = b.to_all()?;
    petsc.options().insert_string(
        "-dscale_ksp_type cg -dscale_pc_type none -dscale_ksp_diagonal_scale \
         -dscale_ksp_diagonal_scale_fix -dscale_ksp_rtol 1e-10",
    )?;
    let mut ksp = Ksp::new(&petsc.world())?;
    ksp.set_options_prefix("dscale_")?;
    ksp.set_operators(&a, &a)?;
    ksp.set_from_options()?;
    x.set(0.0)?;
    ksp.solve(&b, &mut x)?.check()?;
    let its = ksp.iteration_number()?;
    assert!(error_norm(&x)? < 1e-6);
    for _ in 0..3 {
        ksp.monitor(|it, _| {
            if it == 2 {
                Err(Error::user("monitor failed"))
            } else {
                Ok(())
            }
        })?;
        x.set(0.0)?;
        let e = ksp.solve(&b, &mut x).unwrap_err();
        assert!(e.report().contains("monitor failed"), "{e}");
        ksp.cancel_monitors()?;
        assert_eq!(&*b.to_all()?.view()?, &*b0.view()?, "b was left scaled");
    }
    x.set(0.0)?;
    ksp.solve(&b, &mut x)?.check()?;
    assert_eq!(ksp.iteration_number()?, its);
    assert!(error_norm(&x)? < 1e-6);
    assert!(
        true_residual(&a, &x, &b)? < 1e-8,
        "the matrix was left scaled"
    );
    Ok(())
}

/// The real part of a real or complex scalar.
fn real_part(x: impl Into<petsc::Complex<f64>>) -> f64 {
    x.into().re
}

/// A user convergence test stops CG where it says, with its reason, at any rank count;
/// one that fails ends the solve with its message, and the same solver then solves with
/// a test that lets it converge. Pre- and post-solve steps see `b` and change `x`.
fn convergence_test_and_solve_steps(petsc: &Petsc) -> petsc::Result<()> {
    let (a, mut x, b) = problem(petsc)?;
    let mut ksp = Ksp::new(&petsc.world())?;
    ksp.set_operators(&a, &a)?;
    ksp.set_type(KspType::Cg)?;
    ksp.pc()?.set_type(PcType::Jacobi)?;
    ksp.set_convergence_test(|it, _| {
        Ok(if it >= 4 {
            petsc::KspConvergedReason::ConvergedIts
        } else {
            petsc::KspConvergedReason::Iterating
        })
    })?;
    let reason = ksp.solve(&b, &mut x)?;
    assert_eq!(ksp.iteration_number()?, 4);
    assert_eq!(reason, petsc::KspConvergedReason::ConvergedIts);
    ksp.set_convergence_test(|it, _| {
        if it == 2 {
            Err(Error::user("test gave up"))
        } else {
            Ok(petsc::KspConvergedReason::Iterating)
        }
    })?;
    x.set(0.0)?;
    let e = ksp.solve(&b, &mut x).unwrap_err().report();
    assert!(
        e.contains("test gave up") && e.contains("KSP convergence test"),
        "{e}"
    );
    let first = Rc::new(Cell::new(None));
    let f = first.clone();
    ksp.set_convergence_test(move |_, rnorm| {
        let r0 = *f.get().get_or_insert(rnorm);
        f.set(Some(r0));
        Ok(if rnorm < 1e-10 * r0 {
            petsc::KspConvergedReason::ConvergedRtol
        } else {
            petsc::KspConvergedReason::Iterating
        })
    })?;
    let b_sum = Rc::new(Cell::new(0.0));
    let s = b_sum.clone();
    ksp.set_pre_solve(move |b, _| {
        s.set(real_part(b.sum()?));
        Ok(())
    })?;
    ksp.set_post_solve(|_, x| x.shift(1.0))?;
    x.set(0.0)?;
    let reason = ksp.solve(&b, &mut x)?;
    assert_eq!(reason, petsc::KspConvergedReason::ConvergedRtol);
    assert!((b_sum.get() - real_part(b.sum()?)).abs() < 1e-12);
    x.shift(-1.0)?;
    assert!(error_norm(&x)? < 1e-6);
    Ok(())
}

/// A non-symmetric, diagonally dominant operator on ex2's grid: 5 on the diagonal, -1
/// to the north and south, -1.5 to the east and -0.5 to the west.
fn convection(petsc: &Petsc) -> petsc::Result<Mat> {
    let size = M * N;
    let mut a = Mat::aij(&petsc.world())
        .sizes(Sizes::global(size, size))
        .preallocate(5, 5)
        .build()?;
    for ii in a.ownership_range()? {
        let (i, j) = (ii / N, ii % N);
        let mut cols = vec![ii];
        let mut vals = vec![Scalar::from(5.0)];
        for (ok, c, v) in [
            (i > 0, ii - N, -1.0),
            (i < M - 1, ii + N, -1.0),
            (j > 0, ii - 1, -0.5),
            (j < N - 1, ii + 1, -1.5),
        ] {
            if ok {
                cols.push(c);
                vals.push(Scalar::from(v));
            }
        }
        a.set_values(&[ii], &cols, &vals, InsertMode::Insert)?;
    }
    a.assemble()?;
    Ok(a)
}

/// Three known solutions on ex2's grid, laid out like `like`: all ones, `i / 64` and
/// `sin(i)` by global index `i` (the same at every rank count).
fn known_solutions(like: &Vector) -> petsc::Result<Vec<Vector>> {
    let range = like.ownership_range()?;
    let mut out = Vec::new();
    for k in 0..3 {
        let mut v = like.duplicate()?;
        {
            let mut w = v.view_mut()?;
            for (slot, i) in w.iter_mut().zip(range.clone()) {
                let f = i as f64;
                *slot = Scalar::from(match k {
                    0 => 1.0,
                    1 => f / 64.0,
                    _ => f.sin(),
                });
            }
        }
        out.push(v);
    }
    Ok(out)
}

/// A dense matrix whose columns are `cols` (laid out like them).
fn dense_of(cols: &[Vector]) -> petsc::Result<Mat> {
    let v = &cols[0];
    let n = cols.len() as Int;
    let mut d = Mat::dense(&v.comm())
        .sizes(Sizes {
            local_rows: Some(v.local_size()?),
            global_rows: Some(v.size()?),
            global_cols: Some(n),
            ..Default::default()
        })
        .build()?;
    {
        let mut view = d.dense_view_mut()?;
        for (j, c) in cols.iter().enumerate() {
            view.column_mut(j).copy_from_slice(&c.view()?);
        }
    }
    d.assemble()?;
    Ok(d)
}

/// `max_j ||X[:, j] - want[j]||_inf`.
fn column_error(x: &Mat, want: &[Vector]) -> petsc::Result<f64> {
    let mut err: f64 = 0.0;
    for (j, w) in want.iter().enumerate() {
        let mut c = x.column_vector(j as Int)?;
        c.axpy(-1.0, w)?;
        err = err.max(c.norm(NormType::Infinity)?);
    }
    Ok(err)
}

/// A new dense matrix laid out like `like`, with `cols` columns.
fn dense_like(like: &Vector, cols: Int) -> petsc::Result<Mat> {
    Mat::dense(&like.comm())
        .sizes(Sizes {
            local_rows: Some(like.local_size()?),
            global_rows: Some(like.size()?),
            global_cols: Some(cols),
            ..Default::default()
        })
        .build()
}

/// `mat_solve` and `mat_solve_transpose` on a non-symmetric operator with three
/// right-hand sides: the same columns as solving them one by one, the known solutions,
/// the last column's iteration count; `X` as the initial guess when asked; and a block
/// method (`preonly` with a redundant LU) gives the same answers.
fn mat_solve_columns(petsc: &Petsc) -> petsc::Result<()> {
    let a = convection(petsc)?;
    let (x0, b0) = a.create_vecs()?;
    let want = known_solutions(&x0)?;
    for transpose in [false, true] {
        let mut rhs = Vec::new();
        for v in &want {
            let mut r = b0.duplicate()?;
            if transpose {
                a.mult_transpose(v, &mut r)?;
            } else {
                a.mult(v, &mut r)?;
            }
            rhs.push(r);
        }
        let b = dense_of(&rhs)?;
        let mut x = dense_like(&x0, 3)?;
        let mut ksp = Ksp::new(&petsc.world())?;
        ksp.set_operators(&a, &a)?;
        ksp.set_type(KspType::Gmres)?;
        ksp.pc()?.set_type(PcType::Jacobi)?;
        ksp.set_tolerances(petsc::KspTolerances {
            rtol: Some(1e-12),
            ..Default::default()
        })?;
        let solve = |ksp: &mut Ksp, b: &Mat, x: &mut Mat| {
            if transpose {
                ksp.mat_solve_transpose(b, x)
            } else {
                ksp.mat_solve(b, x)
            }
        };
        solve(&mut ksp, &b, &mut x)?;
        let its = ksp.iteration_number()?;
        assert!(its > 3, "{its} iterations");
        assert_eq!(ksp.converged_reason()?, KspConvergedReason::ConvergedRtol);
        let mut one_by_one = Vec::new();
        for r in &rhs {
            let mut y = x0.duplicate()?;
            if transpose {
                ksp.solve_transpose(r, &mut y)?.check()?;
            } else {
                ksp.solve(r, &mut y)?.check()?;
            }
            one_by_one.push(y);
        }
        assert_eq!(ksp.iteration_number()?, its, "the last column's iterations");
        let same = column_error(&x, &one_by_one)?;
        assert!(
            same < 1e-12,
            "transpose {transpose}: {same} from column solves"
        );
        let err = column_error(&x, &want)?;
        assert!(err < 1e-8, "transpose {transpose}: error {err}");
        // X is the initial guess: the exact solutions need no iteration.
        ksp.set_initial_guess_nonzero(true)?;
        let mut exact = dense_of(&want)?;
        solve(&mut ksp, &b, &mut exact)?;
        assert_eq!(ksp.iteration_number()?, 0, "transpose {transpose}");
        assert!(column_error(&exact, &want)? < 1e-8);
        // A block method: one factorization for every column.
        ksp.set_initial_guess_nonzero(false)?;
        ksp.set_type(KspType::Preonly)?;
        ksp.pc()?.set_type(PcType::Redundant)?;
        let mut direct = dense_like(&x0, 3)?;
        solve(&mut ksp, &b, &mut direct)?;
        let err = column_error(&direct, &want)?;
        assert!(err < 1e-10, "transpose {transpose}, preonly: error {err}");
    }
    Ok(())
}

/// `mat_solve` refuses, on every rank and before PETSc, what KSPMatSolve would fail on
/// or misread; the solver then solves.
fn mat_solve_refusals(petsc: &Petsc) -> petsc::Result<()> {
    let a = convection(petsc)?;
    let (x0, b0) = a.create_vecs()?;
    let want = known_solutions(&x0)?;
    let mut rhs = Vec::new();
    for v in &want {
        let mut r = b0.duplicate()?;
        a.mult(v, &mut r)?;
        rhs.push(r);
    }
    let b = dense_of(&rhs)?;
    let mut x = dense_like(&x0, 3)?;
    let expect = |r: petsc::Result<()>, words: &[&str]| {
        let e = r.expect_err(&format!("refused for {words:?}")).to_string();
        assert!(words.iter().all(|w| e.contains(w)), "{e}");
    };
    let mut fresh = Ksp::new(&petsc.world())?;
    expect(fresh.mat_solve(&b, &mut x), &["set_operators"]);
    let mut ksp = Ksp::new(&petsc.world())?;
    ksp.set_operators(&a, &a)?;
    ksp.set_tolerances(petsc::KspTolerances {
        rtol: Some(1e-12),
        ..Default::default()
    })?;
    // Not dense.
    expect(
        ksp.mat_solve(&a, &mut x),
        &["Ksp::mat_solve", "B is a", "dense"],
    );
    let mut sparse = Mat::aij(&petsc.world())
        .sizes(Sizes::global(M * N, 3))
        .preallocate(3, 3)
        .build()?;
    sparse.assemble()?;
    expect(ksp.mat_solve(&b, &mut sparse), &["X is a", "dense"]);
    // Rows of another size.
    let mut twice = Mat::dense(&petsc.world())
        .sizes(Sizes::global(2 * M * N, 3))
        .build()?;
    twice.assemble()?;
    expect(
        ksp.mat_solve(&twice, &mut x),
        &["B has 128 rows", "64 rows"],
    );
    // Different column counts.
    let mut two = dense_like(&x0, 2)?;
    expect(ksp.mat_solve(&b, &mut two), &["B has 3 columns", "X has 2"]);
    // B not assembled (set, but not assembled since).
    let mut unassembled = dense_like(&b0, 3)?;
    let first = b0.ownership_range()?.start;
    unassembled.set_values(&[first], &[0], &[Scalar::from(1.0)], InsertMode::Insert)?;
    expect(ksp.mat_solve(&unassembled, &mut x), &["not assembled"]);
    ksp.mat_solve(&b, &mut x)?;
    assert!(column_error(&x, &want)? < 1e-8);
    Ok(())
}

/// A closure failing inside `mat_solve` (a shell preconditioner, on the column-by-column
/// path and on preonly's block path) ends it with its message; PETSc leaves the column
/// of B and X it was using checked out, and `mat_solve` gives them back, so the same
/// matrices and solver solve again and are destroyed cleanly.
fn mat_solve_failures(petsc: &Petsc) -> petsc::Result<()> {
    let _ = petsc::take_destroy_failures();
    let a = laplacian(petsc)?;
    let (x0, b0) = a.create_vecs()?;
    let want = known_solutions(&x0)?;
    let mut rhs = Vec::new();
    for v in &want {
        let mut r = b0.duplicate()?;
        a.mult(v, &mut r)?;
        rhs.push(r);
    }
    let b = dense_of(&rhs)?;
    let mut x = dense_like(&x0, 3)?;
    for ty in [KspType::Cg, KspType::Preonly] {
        let mut ksp = Ksp::new(&petsc.world())?;
        ksp.set_operators(&a, &a)?;
        ksp.set_type(ty.clone())?;
        ksp.set_tolerances(petsc::KspTolerances {
            rtol: Some(1e-12),
            ..Default::default()
        })?;
        let mut calls = 0;
        ksp.pc()?.set_shell_apply(move |x, y| {
            calls += 1;
            if calls == 2 {
                return Err(Error::user("shell PC failed in mat_solve"));
            }
            y.copy_from(x)
        })?;
        let e = ksp.mat_solve(&b, &mut x).unwrap_err().report();
        assert!(e.contains("shell PC failed in mat_solve"), "{ty}: {e}");
        // The same matrices and solver, now with a working method.
        ksp.set_type(KspType::Cg)?;
        ksp.pc()?.set_type(PcType::Jacobi)?;
        ksp.mat_solve(&b, &mut x)?;
        let err = column_error(&x, &want)?;
        assert!(err < 1e-8, "{ty}: error {err}");
        // And a vector solve with one of B's columns.
        let mut y = x0.duplicate()?;
        ksp.solve(&b.column_vector(1)?, &mut y)?.check()?;
        y.axpy(-1.0, &want[1])?;
        assert!(y.norm(NormType::Infinity)? < 1e-8);
    }
    drop((b, x));
    let failures = petsc::take_destroy_failures();
    assert!(failures.is_empty(), "{failures:?}");
    Ok(())
}

/// Pre- and post-solve steps run once per solve, with the solve's `b` and `x`: the
/// pre-solve sees the right-hand side and the initial guess, the post-solve the
/// solution, which it may change. An `Err` or a panic in either ends the solve with its
/// message, and the solver solves again. `pre_solve`/`post_solve` run them directly.
fn solve_steps_once(petsc: &Petsc) -> petsc::Result<()> {
    let (a, mut x, b) = problem(petsc)?;
    let mut ksp = cg_jacobi_solver(&a)?;
    let (pre, post) = (Rc::new(Cell::new(0)), Rc::new(Cell::new(0)));
    let seen_b = Rc::new(Cell::new((0.0, 0.0)));
    let seen_guess = Rc::new(Cell::new(-1.0));
    let seen_error = Rc::new(Cell::new(-1.0));
    let (p, sb, sg) = (pre.clone(), seen_b.clone(), seen_guess.clone());
    ksp.set_pre_solve(move |b, x| {
        p.set(p.get() + 1);
        sb.set((b.norm(NormType::Two)?, real_part(b.sum()?)));
        sg.set(x.norm(NormType::Infinity)?);
        Ok(())
    })?;
    let (q, se) = (post.clone(), seen_error.clone());
    ksp.set_post_solve(move |_, x| {
        q.set(q.get() + 1);
        se.set(error_norm(x)?);
        x.scale(2.0)
    })?;
    let want_b = (b.norm(NormType::Two)?, real_part(b.sum()?));
    for round in 1..=2 {
        x.set(0.0)?;
        ksp.solve(&b, &mut x)?.check()?;
        assert_eq!((pre.get(), post.get()), (round, round));
        let (norm, sum) = seen_b.get();
        assert!((norm - want_b.0).abs() < 1e-12 && (sum - want_b.1).abs() < 1e-10);
        assert_eq!(seen_guess.get(), 0.0);
        assert!(seen_error.get() < 1e-6, "{}", seen_error.get());
        assert_eq!(ksp.iteration_number()?, CG_JACOBI_ITS);
        x.scale(0.5)?;
        assert!(error_norm(&x)? < 1e-6);
    }
    // Run directly: the post-solve doubles x again.
    ksp.pre_solve(&b, &mut x)?;
    ksp.post_solve(&b, &mut x)?;
    assert_eq!((pre.get(), post.get()), (3, 3));
    x.scale(0.5)?;
    assert!(error_norm(&x)? < 1e-6);

    ksp.set_pre_solve(|_, _| Err(Error::user("pre-solve refused")))?;
    let e = ksp.solve(&b, &mut x).unwrap_err();
    assert!(
        matches!(&e, Error::Callback { callback, .. } if callback == "KSP pre-solve"),
        "{e:?}"
    );
    assert!(e.report().contains("pre-solve refused"), "{e}");
    let e = ksp.pre_solve(&b, &mut x).unwrap_err();
    assert!(e.report().contains("pre-solve refused"), "{e}");
    ksp.set_pre_solve(|_, _| Ok(()))?;
    ksp.set_post_solve(|_, _| panic!("post-solve exploded"))?;
    let e = ksp.solve(&b, &mut x).unwrap_err();
    assert!(
        matches!(&e, Error::CallbackPanic { callback, message }
            if callback == "KSP post-solve" && message == "post-solve exploded"),
        "{e:?}"
    );
    ksp.set_post_solve(|_, _| Ok(()))?;
    solves_again(petsc, &mut ksp)
}

/// A convergence test stopping at iteration `n`, counting its calls.
fn stop_at(
    n: Int,
    calls: &Rc<Cell<Int>>,
) -> impl FnMut(Int, f64) -> petsc::Result<KspConvergedReason> + 'static {
    let calls = calls.clone();
    move |it, _| {
        calls.set(calls.get() + 1);
        Ok(if it >= n {
            KspConvergedReason::ConvergedIts
        } else {
            KspConvergedReason::Iterating
        })
    }
}

/// Tests added to the default one: appended, a test runs only while the default says
/// to go on; prepended, before it at every iteration; the first reason to stop wins,
/// which the iteration counts and reasons show. Added tests stack, the tolerances still
/// apply, and an `Err` ends the solve. `call_convergence_test` gives the verdict the
/// solve got at each iteration of its history.
fn convergence_test_composition(petsc: &Petsc) -> petsc::Result<()> {
    let (a, mut x, b) = problem(petsc)?;
    let calls = Rc::new(Cell::new(0));
    let run = |ksp: &mut Ksp, x: &mut Vector| -> petsc::Result<(Int, KspConvergedReason)> {
        x.set(0.0)?;
        let reason = ksp.solve(&b, x)?;
        Ok((ksp.iteration_number()?, reason))
    };
    let cases: [(Int, bool, Int, KspConvergedReason, Int); 5] = [
        // (stop at, prepend, iterations, reason, calls)
        (4, false, 4, KspConvergedReason::ConvergedIts, 5),
        (4, true, 4, KspConvergedReason::ConvergedIts, 5),
        (
            Int::MAX,
            false,
            CG_JACOBI_ITS,
            KspConvergedReason::ConvergedRtol,
            CG_JACOBI_ITS,
        ),
        (
            Int::MAX,
            true,
            CG_JACOBI_ITS,
            KspConvergedReason::ConvergedRtol,
            CG_JACOBI_ITS + 1,
        ),
        // Both would stop at the default's last iteration: the first one asked decides.
        (
            CG_JACOBI_ITS,
            true,
            CG_JACOBI_ITS,
            KspConvergedReason::ConvergedIts,
            CG_JACOBI_ITS + 1,
        ),
    ];
    for (n, prepend, its, reason, count) in cases {
        let mut ksp = cg_jacobi_solver(&a)?;
        assert_eq!(ksp.convergence_test()?, petsc::ConvergenceTest::Default);
        calls.set(0);
        ksp.add_convergence_test(stop_at(n, &calls), prepend)?;
        assert_eq!(ksp.convergence_test()?, petsc::ConvergenceTest::Closure);
        let got = run(&mut ksp, &mut x)?;
        assert_eq!(got, (its, reason), "stop at {n}, prepend {prepend}");
        assert_eq!(calls.get(), count, "calls: stop at {n}, prepend {prepend}");
        assert!(error_norm(&x)? < if its == CG_JACOBI_ITS { 1e-6 } else { 10.0 });
    }
    // Appended at the default's last iteration: the default's reason.
    let mut ksp = cg_jacobi_solver(&a)?;
    ksp.add_convergence_test(stop_at(CG_JACOBI_ITS, &calls), false)?;
    assert_eq!(
        run(&mut ksp, &mut x)?,
        (CG_JACOBI_ITS, KspConvergedReason::ConvergedRtol)
    );
    // Stacked: the earlier stop wins, whichever was added first.
    ksp.add_convergence_test(stop_at(3, &calls), true)?;
    assert_eq!(
        run(&mut ksp, &mut x)?,
        (3, KspConvergedReason::ConvergedIts)
    );
    let mut ksp = cg_jacobi_solver(&a)?;
    ksp.add_convergence_test(stop_at(3, &calls), false)?;
    ksp.add_convergence_test(stop_at(6, &calls), true)?;
    assert_eq!(
        run(&mut ksp, &mut x)?,
        (3, KspConvergedReason::ConvergedIts)
    );
    // The default test inside still reads the tolerances.
    let mut plain = cg_jacobi_solver(&a)?;
    plain.set_tolerances(petsc::KspTolerances {
        rtol: Some(1e-2),
        ..Default::default()
    })?;
    let loose = run(&mut plain, &mut x)?;
    assert!(
        loose.0 < CG_JACOBI_ITS && loose.1 == KspConvergedReason::ConvergedRtol,
        "{loose:?}"
    );
    let mut ksp = cg_jacobi_solver(&a)?;
    ksp.add_convergence_test(stop_at(Int::MAX, &calls), true)?;
    ksp.set_tolerances(petsc::KspTolerances {
        rtol: Some(1e-2),
        ..Default::default()
    })?;
    assert_eq!(run(&mut ksp, &mut x)?, loose);
    // An Err ends the solve; the solver then solves with a test that lets it converge.
    ksp.add_convergence_test(
        |it, _| {
            if it == 2 {
                Err(Error::user("added test gave up"))
            } else {
                Ok(KspConvergedReason::Iterating)
            }
        },
        false,
    )?;
    let e = ksp.solve(&b, &mut x).unwrap_err().report();
    assert!(
        e.contains("added test gave up") && e.contains("KSP convergence test"),
        "{e}"
    );
    ksp.set_convergence_test(stop_at(5, &calls))?;
    assert_eq!(
        run(&mut ksp, &mut x)?,
        (5, KspConvergedReason::ConvergedIts)
    );

    // The default test's verdict, iteration by iteration, on the history of a solve.
    let mut ksp = cg_jacobi_solver(&a)?;
    ksp.set_convergence_history(None, true)?;
    assert!(run(&mut ksp, &mut x)?.1.is_converged());
    let h = ksp.convergence_history()?;
    assert_eq!(h.len() as Int, CG_JACOBI_ITS + 1);
    // No record (petsc4py's setConvergenceHistory(0)), then a new record again.
    ksp.set_convergence_history(Some(0), true)?;
    assert!(run(&mut ksp, &mut x)?.1.is_converged());
    assert!(ksp.convergence_history()?.is_empty());
    ksp.set_convergence_history(None, true)?;
    assert!(run(&mut ksp, &mut x)?.1.is_converged());
    assert_eq!(ksp.convergence_history()?, h);
    let mut probe = cg_jacobi_solver(&a)?;
    for (k, r) in h.iter().enumerate() {
        let want = if k as Int == CG_JACOBI_ITS {
            KspConvergedReason::ConvergedRtol
        } else {
            KspConvergedReason::Iterating
        };
        assert_eq!(
            probe.call_convergence_test(k as Int, *r)?,
            want,
            "iteration {k}"
        );
    }
    // Through an added test too, and a failing closure's Err.
    probe.add_convergence_test(stop_at(2, &calls), false)?;
    assert_eq!(
        probe.call_convergence_test(0, h[0])?,
        KspConvergedReason::Iterating
    );
    assert_eq!(
        probe.call_convergence_test(2, h[2])?,
        KspConvergedReason::ConvergedIts
    );
    assert_eq!(
        probe.call_convergence_test(CG_JACOBI_ITS, h[CG_JACOBI_ITS as usize])?,
        KspConvergedReason::ConvergedRtol
    );
    probe.set_convergence_test(|_, _| Err(Error::user("probe failed")))?;
    let e = probe.call_convergence_test(1, 1.0).unwrap_err().report();
    assert!(e.contains("probe failed"), "{e}");
    assert!(probe.call_convergence_test(1, -1.0).is_err());
    Ok(())
}

/// Which test is in place: the default, skip and LSQR's own, also as set from the
/// options database.
fn convergence_test_kinds(petsc: &Petsc) -> petsc::Result<()> {
    use petsc::ConvergenceTest as T;
    let mut ksp = Ksp::new(&petsc.world())?;
    assert_eq!(ksp.convergence_test()?, T::Default);
    ksp.set_type(KspType::Lsqr)?;
    assert_eq!(ksp.convergence_test()?, T::LsqrDefault);
    let mut ksp = Ksp::new(&petsc.world())?;
    ksp.set_options_prefix("kinds_")?;
    let options = petsc.options();
    options.set_value("-kinds_ksp_convergence_test", "skip")?;
    ksp.set_from_options()?;
    assert_eq!(ksp.convergence_test()?, T::Skip);
    options.set_value("-kinds_ksp_convergence_test", "lsqr")?;
    ksp.set_from_options()?;
    assert_eq!(ksp.convergence_test()?, T::LsqrDefault);
    options.set_value("-kinds_ksp_convergence_test", "default")?;
    ksp.set_from_options()?;
    options.clear_value("-kinds_ksp_convergence_test")?;
    assert_eq!(ksp.convergence_test()?, T::Default);
    Ok(())
}

/// `work_vecs` gives new vectors laid out like the solution (right) and the right-hand
/// side (left), each its own.
fn work_vectors(petsc: &Petsc) -> petsc::Result<()> {
    let (a, x, b) = problem(petsc)?;
    let mut ksp = Ksp::new(&petsc.world())?;
    assert!(ksp.work_vecs(1, 1).is_err(), "no operator to lay them out");
    ksp.set_operators(&a, &a)?;
    let (mut right, left) = ksp.work_vecs(2, 1)?;
    assert_eq!((right.len(), left.len()), (2, 1));
    for v in &right {
        assert_eq!((v.size()?, v.local_size()?), (x.size()?, x.local_size()?));
    }
    assert_eq!(
        (left[0].size()?, left[0].local_size()?),
        (b.size()?, b.local_size()?)
    );
    right[0].set(1.0)?;
    right[1].set(2.0)?;
    assert_eq!(real_part(right[0].sum()?), 64.0);
    assert_eq!(real_part(right[1].sum()?), 128.0);
    let (none, also_none) = ksp.work_vecs(0, 0)?;
    assert!(none.is_empty() && also_none.is_empty());
    drop(ksp);
    right[0].scale(3.0)?; // outlive the solver
    assert_eq!(real_part(right[0].sum()?), 192.0);
    Ok(())
}

/// The trust-region CG (`stcg`) reports the quadratic objective of its last iterate:
/// `x^T A x / 2 - b^T x`, which at the solution is `-b^T x / 2`.
fn cg_objective(petsc: &Petsc) -> petsc::Result<()> {
    let (a, mut x, b) = problem(petsc)?;
    let mut ksp = Ksp::new(&petsc.world())?;
    ksp.set_operators(&a, &a)?;
    assert!(ksp.cg_objective_value().is_err(), "GMRES has none");
    if petsc::SCALAR_IS_COMPLEX {
        petsc_tests::skip("the rest: stcg is for real scalars");
        return Ok(());
    }
    ksp.set_type(KspType::from_name("stcg"))?;
    ksp.pc()?.set_type(PcType::Jacobi)?;
    ksp.set_tolerances(petsc::KspTolerances {
        rtol: Some(1e-12),
        ..Default::default()
    })?;
    ksp.solve(&b, &mut x)?.check()?;
    assert!(error_norm(&x)? < 1e-6);
    let mut ax = b.duplicate()?;
    a.mult(&x, &mut ax)?;
    let direct = 0.5 * real_part(ax.dot(&x)?) - real_part(b.dot(&x)?);
    let o = ksp.cg_objective_value()?;
    assert!((o - direct).abs() < 1e-8 * direct.abs(), "{o} vs {direct}");
    assert!((o + 0.5 * real_part(b.dot(&x)?)).abs() < 1e-6 * o.abs());
    ksp.set_type(KspType::Gmres)?;
    assert!(ksp.cg_objective_value().is_err());
    Ok(())
}

/// The application context lives with the PETSc solver, is seen through every handle
/// to it, and is dropped with it; `run_monitors` calls the monitors; the
/// singular-value flag reads back.
fn app_ctx_and_monitors(petsc: &Petsc) -> petsc::Result<()> {
    let ctx = Rc::new(Cell::new(7));
    let snes = petsc::Snes::new(&petsc.world())?;
    snes.ksp()?.set_app_ctx(ctx.clone())?;
    let seen: Rc<Cell<i32>> = snes.ksp()?.app_ctx()?.expect("kept with the KSP");
    seen.set(8);
    assert_eq!(ctx.get(), 8);
    drop(seen);
    assert_eq!(Rc::strong_count(&ctx), 2);
    snes.ksp()?.set_app_ctx(String::from("replaced"))?;
    assert_eq!(Rc::strong_count(&ctx), 1, "the replaced value is dropped");
    assert!(snes.ksp()?.app_ctx::<Rc<Cell<i32>>>().is_err());
    let mut ksp = snes.ksp()?;
    ksp.set_app_ctx(ctx.clone())?;
    drop(snes);
    assert_eq!(Rc::strong_count(&ctx), 2, "the KSP handle keeps the solver");
    drop(ksp);
    assert_eq!(Rc::strong_count(&ctx), 1, "dropped with the solver");

    let mut ksp = Ksp::new(&petsc.world())?;
    let log = Rc::new(RefCell::new(Vec::new()));
    let l = log.clone();
    ksp.monitor(move |it, rnorm| {
        l.borrow_mut().push((it, rnorm));
        if it == 13 {
            return Err(Error::user("monitor refused 13"));
        }
        Ok(())
    })?;
    ksp.run_monitors(2, 0.5)?;
    ksp.run_monitors(3, 0.25)?;
    assert_eq!(*log.borrow(), vec![(2, 0.5), (3, 0.25)]);
    let e = ksp.run_monitors(13, 1.0).unwrap_err().report();
    assert!(e.contains("monitor refused 13"), "{e}");

    assert!(!ksp.computes_singular_values()?);
    ksp.set_compute_singular_values(true)?;
    assert!(ksp.computes_singular_values()?);
    Ok(())
}

/// The iteration count, residual norm and reason a solver reports can be set (as a
/// method written outside PETSc does) until the next solve reports its own; the residual
/// record takes entries between solves.
fn reported_state(petsc: &Petsc) -> petsc::Result<()> {
    let (a, mut x, b) = problem(petsc)?;
    let mut ksp = cg_jacobi_solver(&a)?;
    ksp.set_convergence_history(None, false)?;
    ksp.solve(&b, &mut x)?.check()?;
    ksp.set_iteration_number(3)?;
    ksp.set_residual_norm(0.125)?;
    ksp.set_converged_reason(KspConvergedReason::DivergedBreakdown)?;
    assert_eq!(ksp.iteration_number()?, 3);
    assert_eq!(ksp.residual_norm()?, 0.125);
    assert_eq!(
        ksp.converged_reason()?,
        KspConvergedReason::DivergedBreakdown
    );
    let n = CG_JACOBI_ITS as usize + 1;
    assert_eq!(ksp.convergence_history()?.len(), n);
    ksp.log_convergence_history(0.5)?;
    let h = ksp.convergence_history()?;
    assert_eq!((h.len(), h[n]), (n + 1, 0.5));
    x.set(0.0)?;
    let reason = ksp.solve(&b, &mut x)?;
    assert_eq!(ksp.iteration_number()?, CG_JACOBI_ITS);
    assert_eq!(reason, KspConvergedReason::ConvergedRtol);
    assert!(ksp.residual_norm()? < 1e-8);
    assert_eq!(
        ksp.convergence_history()?.len(),
        2 * n + 1,
        "appended after the entry"
    );
    assert!(ksp.set_residual_norm(-1.0).is_err());
    assert!(ksp.log_convergence_history(f64::NAN).is_err());
    Ok(())
}

/// A shell KSP: a diagonal system solved by division in the closure, a shell that
/// runs an inner CG solve, failures and panics as errors, and the closure released with
/// the shell.
fn shell_solve(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let n = 10;
    let mut d = Mat::aij(&world)
        .sizes(Sizes::global(n, n))
        .preallocate(1, 0)
        .build()?;
    for i in d.ownership_range()? {
        d.set_value(i, i, Scalar::from((i + 1) as f64), InsertMode::Insert)?;
    }
    d.assemble()?;
    let mut ksp = Ksp::new(&world)?;
    ksp.set_operators(&d, &d)?;
    ksp.pc()?.set_type(PcType::None)?;
    let calls = Rc::new(Cell::new(0));
    let seen = calls.clone();
    ksp.set_shell_solve(move |b, x| {
        seen.set(seen.get() + 1);
        let lo = b.ownership_range()?.start;
        let b = b.view()?;
        for (k, xi) in x.view_mut()?.iter_mut().enumerate() {
            *xi = b[k] / Scalar::from((lo + k as Int + 1) as f64);
        }
        Ok(())
    })?;
    assert_eq!(ksp.type_name()?, "rsshell");
    let mut b = Vector::new_mpi(&world, None, Some(n))?;
    let lo = b.ownership_range()?.start;
    for (k, bi) in b.view_mut()?.iter_mut().enumerate() {
        let i = lo + k as Int;
        *bi = Scalar::from(((i + 1) * (i + 1)) as f64);
    }
    let mut x = b.duplicate()?;
    let reason = ksp.solve(&b, &mut x)?;
    let lo = x.ownership_range()?.start;
    for (k, xi) in x.view()?.iter().enumerate() {
        assert_eq!(*xi, Scalar::from((lo + k as Int + 1) as f64));
    }
    assert_eq!(calls.get(), 1);
    assert_eq!(ksp.iteration_number()?, 1);
    assert_eq!(reason, KspConvergedReason::ConvergedIts);

    // A shell whose solve is an inner CG solve of a Laplacian: the same answer as the
    // inner solver alone.
    let a = laplacian(petsc)?;
    let mut inner = Ksp::new(&world)?;
    inner.set_operators(&a, &a)?;
    inner.set_type(KspType::Cg)?;
    inner.pc()?.set_type(PcType::Jacobi)?;
    inner.set_tolerances(petsc::KspTolerances {
        rtol: Some(1e-12),
        ..Default::default()
    })?;
    let mut outer = Ksp::new(&world)?;
    outer.set_operators(&a, &a)?;
    outer.pc()?.set_type(PcType::None)?;
    let shared = Rc::new(RefCell::new(inner));
    let held = shared.clone();
    outer.set_shell_solve(move |b, x| held.borrow_mut().solve(b, x).map(drop))?;
    let (mut b, _) = a.create_vecs()?;
    b.set(1.0)?;
    let mut x1 = b.duplicate()?;
    outer.solve(&b, &mut x1)?.check()?;
    let mut x2 = b.duplicate()?;
    shared.borrow_mut().solve(&b, &mut x2)?.check()?;
    x1.axpy(-1.0, &x2)?;
    assert!(x1.norm(NormType::Infinity)? < 1e-14);

    // A failing closure fails the solve with its message; the next solve works.
    let fail = Rc::new(Cell::new(true));
    let f2 = fail.clone();
    ksp.set_shell_solve(move |b, x| {
        if f2.get() {
            return Err(Error::user("the shell gives up"));
        }
        x.copy_from(b)
    })?;
    let e = ksp.solve(&b_of(&d)?, &mut x).unwrap_err().report();
    assert!(e.contains("the shell gives up"), "{e}");
    fail.set(false);
    ksp.solve(&b_of(&d)?, &mut x)?.check()?;
    ksp.set_shell_solve(|_, _| panic!("shell panicked on purpose"))?;
    let e = ksp.solve(&b_of(&d)?, &mut x).unwrap_err().report();
    assert!(e.contains("shell panicked on purpose"), "{e}");
    // Another type releases the closure (and what it holds).
    let token = Rc::new(());
    let kept = token.clone();
    ksp.set_shell_solve(move |b, x| {
        let _ = &kept;
        x.copy_from(b)
    })?;
    assert_eq!(Rc::strong_count(&token), 2);
    ksp.set_type(KspType::Cg)?;
    assert_eq!(Rc::strong_count(&token), 1);
    Ok(())
}

/// A right-hand side of ones for `a`.
fn b_of(a: &Mat) -> petsc::Result<Vector> {
    let (mut b, _) = a.create_vecs()?;
    b.set(1.0)?;
    Ok(b)
}

pub fn cases() -> Vec<Case> {
    let cases = vec![
        Case::new("cg_jacobi", cg_jacobi).ranks(&[1, 2, 3]),
        Case::new("shell_solve", shell_solve).ranks(&[1, 2, 3]),
        Case::new("gmres_default_pc", gmres_default_pc).ranks(&[1, 2, 3]),
        Case::new("tolerances_respected", tolerances_respected).ranks(&[1, 2]),
        Case::new("options_database", options_database).ranks(&[1, 2]),
        Case::new("ksp_view_option", ksp_view_option),
        Case::new("options_prefix_reaches_pc", options_prefix_reaches_pc).ranks(&[1, 2]),
        Case::new("monitors", monitors).ranks(&[1, 2]),
        Case::new("shell_pc_jacobi", shell_pc_jacobi).ranks(&[1, 2, 3]),
        Case::new("unknown_type_names", unknown_type_names),
        Case::new("failing_monitor", failing_monitor),
        Case::new("panicking_monitor", panicking_monitor),
        Case::new("failing_shell_pc", failing_shell_pc),
        Case::new("repeated_failures", repeated_failures).ranks(&[1, 2]),
        Case::new("nested_failures", nested_failures).ranks(&[1, 2]),
        Case::new(
            "convergence_test_and_solve_steps",
            convergence_test_and_solve_steps,
        )
        .ranks(&[1, 2, 3]),
        Case::new(
            "diagonal_scale_after_failures",
            diagonal_scale_after_failures,
        )
        .ranks(&[1, 2]),
        Case::new("wrong_sizes", wrong_sizes).ranks(&[1, 2]),
        Case::new(
            "optional_preconditioning_matrix",
            optional_preconditioning_matrix,
        )
        .ranks(&[1, 2]),
        Case::new("mat_solve_columns", mat_solve_columns).ranks(&[1, 2, 3]),
        Case::new("mat_solve_refusals", mat_solve_refusals).ranks(&[1, 2]),
        Case::new("mat_solve_failures", mat_solve_failures).ranks(&[1, 2]),
        Case::new("solve_steps_once", solve_steps_once).ranks(&[1, 2, 3]),
        Case::new("convergence_test_composition", convergence_test_composition).ranks(&[1, 2, 3]),
        Case::new("convergence_test_kinds", convergence_test_kinds),
        Case::new("work_vectors", work_vectors).ranks(&[1, 2, 3]),
        Case::new("cg_objective", cg_objective).ranks(&[1, 2, 3]),
        Case::new("app_ctx_and_monitors", app_ctx_and_monitors).ranks(&[1, 2]),
        Case::new("reported_state", reported_state).ranks(&[1, 2]),
    ];
    #[cfg(petsc_complex)]
    let cases = [
        cases,
        vec![Case::new("complex_systems", complex_systems).ranks(&[1, 2, 3])],
    ]
    .concat();
    cases
}
