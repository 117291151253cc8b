//! Solves written as `x.solve(..)?;`, ignoring what the solve returns, with the
//! converged reason read afterwards through `converged_reason()`, as a crate written for petsc-rs 0.1 does: KSP (`solve`,
//! `solve_transpose`), SNES, TS, TAO, and SLEPc's EPS, SVD, MFN and LME.

use petsc::{InsertMode, Mat, Vector};

/// `diag(1, 2, ..., n)` on `comm`, assembled.
fn diagonal(comm: &petsc::Comm, n: petsc::Int) -> petsc::Result<Mat> {
    let mut a = Mat::new_aij(comm, None, None, Some(n), Some(n), 1, 0)?;
    for i in 0..n {
        a.set_values(
            &[i],
            &[i],
            &[petsc::Scalar::from((i + 1) as f64)],
            InsertMode::Insert,
        )?;
    }
    a.assemble()?;
    Ok(a)
}

fn close(what: &str, got: f64, want: f64) -> petsc::Result<()> {
    if (got - want).abs() > 1e-6 * want.abs().max(1.0) {
        return Err(petsc::Error::User(format!(
            "{what}: got {got}, expected {want}"
        )));
    }
    Ok(())
}

pub fn run(petsc: &petsc::Petsc) -> petsc::Result<()> {
    let c = petsc.self_comm();
    let n = 4;
    let a = diagonal(&c, n)?;

    // KSP: diag(1..4) x = (1..4) has x = 1.
    let mut ksp = petsc::Ksp::new(&c)?;
    ksp.set_operators(&a, &a)?;
    let b = Vector::from_slice(&c, &[1.0, 2.0, 3.0, 4.0])?;
    let mut x = b.duplicate()?;
    ksp.solve(&b, &mut x)?;
    assert!(ksp.converged_reason()?.is_converged());
    close("KSP solution", x.view()?[3], 1.0)?;
    x.set(0.0)?;
    ksp.solve_transpose(&b, &mut x)?;
    assert!(ksp.converged_reason()?.is_converged());
    close("KSP transpose solution", x.view()?[0], 1.0)?;

    // SNES: x^2 = 4 from x = 1 gives x = 2.
    let mut snes = petsc::Snes::new(&c)?;
    snes.set_function(Vector::new_seq(&c, 1)?, |x, f| {
        let x0 = x.view()?[0];
        f.view_mut()?[0] = x0 * x0 - petsc::Scalar::from(4.0);
        Ok(())
    })?;
    let j = Mat::new_dense(&c, None, None, Some(1), Some(1))?;
    snes.set_jacobian(j, None, |x, mats| {
        let d = petsc::Scalar::from(2.0) * x.view()?[0];
        mats.pre()
            .set_values(&[0], &[0], &[d], InsertMode::Insert)?;
        mats.pre().assemble()
    })?;
    let mut u = Vector::from_slice(&c, &[1.0])?;
    snes.solve(None, &mut u)?;
    assert!(snes.converged_reason()?.is_converged());
    close("SNES solution", u.view()?[0], 2.0)?;

    // TS: u' = 1 over two steps of 0.5 from 0 gives 1.
    let mut ts = petsc::Ts::new(&c)?;
    ts.set_rhs_function(None, |_t, _u, f| f.set(1.0))?;
    ts.set_time_step(0.5)?;
    ts.set_max_steps(2)?;
    let mut u = Vector::from_slice(&c, &[0.0])?;
    ts.solve(&mut u)?;
    assert!(!ts.converged_reason()?.is_diverged());
    close("TS solution", u.view()?[0], 1.0)?;

    // TAO: Nelder-Mead on (x - 0.5)^2 + (y - 0.25)^2.
    {
        let x = Vector::from_slice(&c, &[3.0, -1.0])?;
        let mut tao = petsc::Tao::new(&c)?;
        tao.set_type(petsc::TaoType::Nm)?;
        tao.set_solution(&x)?;
        tao.set_objective(|x| {
            let v = x.view()?;
            Ok((v[0] - 0.5).powi(2) + (v[1] - 0.25).powi(2))
        })?;
        tao.solve()?;
        assert!(tao.converged_reason()?.is_converged());
        // Nelder-Mead stops at its own tolerance: within 1e-3 is the answer here.
        let v = x.view()?[0];
        if (v - 0.5).abs() > 1e-3 {
            close("TAO minimizer", v, 0.5)?;
        }
    }

    // EPS: the largest eigenvalue of diag(1..4) is 4.
    let mut eps = slepc::Eps::new(&c)?;
    eps.set_operators(&a, None)?;
    eps.solve()?;
    assert!(eps.converged_reason()?.is_converged());
    close("EPS eigenvalue", eps.eigenvalue(0)?.0, 4.0)?;

    // SVD: the largest singular value of diag(1..4) is 4.
    let mut svd = slepc::Svd::new(&c)?;
    svd.set_operators(&a, None)?;
    svd.solve()?;
    assert!(svd.converged_reason()?.is_converged());
    let (mut su, mut sv) = (Vector::new_seq(&c, n)?, Vector::new_seq(&c, n)?);
    close(
        "SVD singular value",
        svd.singular_triplet(0, &mut su, &mut sv)?,
        4.0,
    )?;

    // MFN: exp(A) b for A = diag(-0, -1, -2, -3) and b = 1.
    let mut na = diagonal(&c, n)?;
    na.shift(-1.0)?;
    na.scale(-1.0)?;
    let mut mfn = slepc::Mfn::new(&c)?;
    mfn.set_operator(&na)?;
    mfn.fn_()?.set_type(slepc::FnType::Exp)?;
    let b = Vector::from_slice(&c, &[1.0; 4])?;
    let mut x = b.duplicate()?;
    mfn.solve(&b, &mut x)?;
    assert!(mfn.converged_reason()?.is_converged());
    close("MFN exp(-2)", x.view()?[2], (-2.0f64).exp())?;
    mfn.solve_transpose(&b, &mut x)?;
    close("MFN exp(-3)", x.view()?[3], (-3.0f64).exp())?;

    // LME: A X + X A^T = -c c^T with A = -diag(1..4), c = e_0: X(0, 0) = 1/2.
    let mut na = diagonal(&c, n)?;
    na.scale(-1.0)?;
    let mut c1 = Mat::new_dense(&c, None, None, Some(n), Some(1))?;
    c1.set_values(&[0], &[0], &[petsc::Scalar::from(1.0)], InsertMode::Insert)?;
    c1.assemble()?;
    let mut lme = slepc::Lme::new(&c)?;
    lme.set_problem_type(slepc::LmeProblemType::Lyapunov)?;
    lme.set_coefficients(&na, None, None, None)?;
    lme.set_rhs(&Mat::new_lrc(None, &c1, None, None)?)?;
    lme.solve()?;
    assert!(lme.converged_reason()?.is_converged());
    Ok(())
}
