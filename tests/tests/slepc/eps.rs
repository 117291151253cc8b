//! SLEPc eigensolvers through `slepc-rs`: Laplacians with closed-form spectra (standard
//! and generalized, 1D and 2D) at 1, 2 and 3 ranks, a non-symmetric matrix with complex
//! conjugate eigenvalues, refused inputs, monitors, solvers that solve again after their
//! shell operator failed, a transformation configured beforehand, eigenvectors written
//! by a viewer and read back, purification, and the `bridge` example.

use std::cell::{Cell, RefCell};
use std::f64::consts::PI;
use std::rc::Rc;

use petsc::{
    Error, InsertMode, Int, Mat, MatDuplicateOption, NormType, Petsc, Scalar, Sizes, Vector,
    SCALAR_IS_COMPLEX,
};
use petsc_tests::{
    assert_close, crawls_at, example, leak_lines, mpiexec, rerun_self, run_example, skip,
    value_after, Case,
};
use slepc::{Eps, EpsConvergedReason, EpsErrorType, EpsProblemType, EpsType, EpsWhich, StType};

/// A matrix on the world communicator with rows `row -> [(col, value)]`.
fn matrix(petsc: &Petsc, n: Int, row: impl Fn(Int) -> Vec<(Int, f64)>) -> petsc::Result<Mat> {
    matrix_of(petsc, n, |i| {
        row(i)
            .into_iter()
            .map(|(j, v)| (j, Scalar::from(v)))
            .collect()
    })
}

/// A matrix on the world communicator with rows `row -> [(col, scalar value)]`.
fn matrix_of(petsc: &Petsc, n: Int, row: impl Fn(Int) -> Vec<(Int, Scalar)>) -> petsc::Result<Mat> {
    let mut a = Mat::aij(&petsc.world())
        .sizes(Sizes::global(n, n))
        .preallocate(5, 4)
        .build()?;
    for i in a.ownership_range()? {
        let (cols, vals): (Vec<Int>, Vec<Scalar>) = row(i)
            .into_iter()
            .filter(|(j, _)| (0..n).contains(j))
            .unzip();
        a.set_values(&[i], &cols, &vals, InsertMode::Insert)?;
    }
    a.assemble()?;
    Ok(a)
}

/// Whether PETSc can factor an MPIAIJ matrix on the world communicator: always at one
/// rank (its own LU and Cholesky), else only with MUMPS (LU and Cholesky) or, for LU,
/// SuperLU_dist. Debian's PETSc has both; a PETSc configured without them has neither.
fn parallel_factor(petsc: &Petsc, cholesky: bool) -> petsc::Result<bool> {
    Ok(petsc.world().size() == 1
        || petsc.has_external_package("mumps")?
        || (!cholesky && petsc.has_external_package("superlu_dist")?))
}

/// The inner solve of shift-and-invert with `A - sigma B` symmetric positive definite
/// (sigma = 0 below): SLEPc's default (preonly + LU/Cholesky) where PETSc can factor in
/// parallel, otherwise CG with Jacobi to rtol 1e-13, tight enough for the eigenpairs at
/// tolerance 1e-10.
fn spd_inner_solver(petsc: &Petsc, eps: &Eps) -> petsc::Result<()> {
    if parallel_factor(petsc, false)? {
        return Ok(());
    }
    let mut ksp = eps.st()?.ksp()?;
    ksp.set_type(petsc::KspType::Cg)?;
    ksp.pc()?.set_type(petsc::PcType::Jacobi)?;
    ksp.set_tolerances(petsc::KspTolerances {
        rtol: Some(1e-13),
        atol: Some(0.0),
        max_it: Some(10_000),
        ..Default::default()
    })
}

/// tridiag(lo, d, hi) of size n.
fn tridiag(petsc: &Petsc, n: Int, lo: f64, d: f64, hi: f64) -> petsc::Result<Mat> {
    matrix(petsc, n, |i| vec![(i - 1, lo), (i, d), (i + 1, hi)])
}

/// `||A x - lambda B x|| / ||x||` computed here, independently of SLEPc.
fn residual(a: &Mat, b: Option<&Mat>, lambda: f64, x: &Vector) -> petsc::Result<f64> {
    let mut ax = x.duplicate()?;
    a.mult(x, &mut ax)?;
    let mut bx = x.duplicate()?;
    match b {
        Some(b) => b.mult(x, &mut bx)?,
        None => bx.copy_from(x)?,
    }
    ax.axpy(-lambda, &bx)?;
    Ok(ax.norm(NormType::Two)? / x.norm(NormType::Two)?)
}

/// Checks the first `exact.len()` eigenpairs against `exact` and their residuals.
fn check_pairs(eps: &Eps, a: &Mat, b: Option<&Mat>, exact: &[f64], tol: f64) -> petsc::Result<()> {
    let nconv = eps.converged_count()?;
    assert!(
        nconv >= exact.len() as Int,
        "{nconv} converged, {} wanted",
        exact.len()
    );
    assert_eq!(eps.converged_reason()?, EpsConvergedReason::ConvergedTol);
    let (mut xr, mut xi) = a.create_vecs()?;
    for (i, &l) in exact.iter().enumerate() {
        let petsc::Complex { re, im } = eps.pair(i as Int, &mut xr, &mut xi)?;
        if SCALAR_IS_COMPLEX {
            // Real to rounding: solvers such as Arnoldi project onto a general (not
            // Hermitian) problem, which in complex arithmetic leaves im ~ 1e-16.
            assert!(im.abs() <= 1e-12 * l.abs().max(1.0), "pair {i}: im = {im}");
        } else {
            assert_eq!(im, 0.0);
        }
        assert_close(re, l, 1e-8);
        let r = residual(a, b, re, &xr)?;
        assert!(
            r <= 100.0 * tol * l.abs().max(1.0),
            "pair {i}: residual {r}"
        );
        let e = eps.compute_error(i as Int, EpsErrorType::Relative)?;
        // SLEPc's convergence test and EPSComputeError differ slightly (LOBPCG).
        assert!(
            e <= 10.0 * tol,
            "pair {i}: relative error {e} above 10 tol ({tol})"
        );
        assert!(eps.error_estimate(i as Int)? <= 10.0 * tol);
    }
    Ok(())
}

fn sorted(mut v: Vec<f64>) -> Vec<f64> {
    v.sort_by(f64::total_cmp);
    v
}

/// 1D Laplacian tridiag(-1, 2, -1): the 4 smallest eigenvalues by shift-and-invert.
fn laplacian_1d_standard(petsc: &Petsc) -> petsc::Result<()> {
    let n = 60;
    let a = tridiag(petsc, n, -1.0, 2.0, -1.0)?;
    let mut eps = Eps::new(&petsc.world())?;
    eps.set_operators(&a, None)?;
    eps.set_problem_type(EpsProblemType::Hep)?;
    eps.set_dimensions_to(slepc::Dimensions::new(4))?;
    eps.set_tolerances(slepc::Tolerances {
        tol: Some(1e-10),
        ..Default::default()
    })?;
    eps.set_target(0.0)?;
    eps.set_which_eigenpairs(EpsWhich::TargetMagnitude)?;
    eps.st()?.set_type(StType::Sinvert)?;
    spd_inner_solver(petsc, &eps)?;
    eps.solve()?.check()?;
    assert_eq!(eps.problem_type()?, Some(EpsProblemType::Hep));
    assert_eq!(eps.ty()?, Some(EpsType::KrylovSchur));
    let exact: Vec<f64> = (1..=4)
        .map(|k| 2.0 - 2.0 * (k as f64 * PI / (n + 1) as f64).cos())
        .collect();
    check_pairs(&eps, &a, None, &exact, 1e-10)
}

/// The solve returns why it stopped: one iteration for the smallest eigenvalues of a
/// 1D Laplacian is `DIVERGED_ITS`, which `check` turns into `Error::NotConverged`; the
/// largest ones with room to iterate converge and pass `check`.
fn solve_returns_reason(petsc: &Petsc) -> petsc::Result<()> {
    let n = 100;
    let a = tridiag(petsc, n, -1.0, 2.0, -1.0)?;
    let mut eps = Eps::new(&petsc.world())?;
    eps.set_operators(&a, None)?;
    eps.set_problem_type(EpsProblemType::Hep)?;
    eps.set_which_eigenpairs(EpsWhich::SmallestReal)?;
    eps.set_tolerances(slepc::Tolerances {
        tol: Some(1e-12),
        max_it: Some(1),
    })?;
    let reason = eps.solve()?;
    assert_eq!(reason, EpsConvergedReason::DivergedIts);
    assert_eq!(eps.converged_reason()?, reason);
    match &reason.check() {
        Err(Error::NotConverged { solver, reason }) => {
            assert_eq!((solver.as_str(), reason.as_str()), ("EPS", "DIVERGED_ITS"));
        }
        other => panic!("expected NotConverged, got {other:?}"),
    }
    eps.set_which_eigenpairs(EpsWhich::LargestMagnitude)?;
    eps.set_tolerances(slepc::Tolerances {
        tol: Some(1e-8),
        max_it: Some(10000),
    })?;
    eps.solve()?.check()?;
    assert!(eps.converged_count()? >= 1);
    Ok(())
}

/// Linear finite elements on (0, 1): stiffness tridiag(-1, 2, -1)/h, consistent mass
/// h/6 tridiag(1, 4, 1); eigenvalues 6 (1 - cos t) / (h^2 (2 + cos t)), t = k pi/(n+1).
fn laplacian_1d_generalized(petsc: &Petsc) -> petsc::Result<()> {
    let n = 50;
    let h = 1.0 / (n + 1) as f64;
    let a = tridiag(petsc, n, -1.0 / h, 2.0 / h, -1.0 / h)?;
    let b = tridiag(petsc, n, h / 6.0, 4.0 * h / 6.0, h / 6.0)?;
    let mut eps = Eps::new(&petsc.world())?;
    eps.set_operators(&a, Some(&b))?;
    eps.set_problem_type(EpsProblemType::Ghep)?;
    eps.set_dimensions_to(slepc::Dimensions::new(3))?;
    eps.set_tolerances(slepc::Tolerances {
        tol: Some(1e-10),
        ..Default::default()
    })?;
    eps.set_target(0.0)?;
    eps.set_which_eigenpairs(EpsWhich::TargetMagnitude)?;
    let mut st = eps.st()?;
    st.set_type(StType::Sinvert)?;
    assert_eq!(st.ty()?, Some(StType::Sinvert));
    spd_inner_solver(petsc, &eps)?;
    eps.solve()?.check()?;
    let exact: Vec<f64> = (1..=3)
        .map(|k| {
            let c = (k as f64 * PI / (n + 1) as f64).cos();
            6.0 * (1.0 - c) / (h * h * (2.0 + c))
        })
        .collect();
    check_pairs(&eps, &a, Some(&b), &exact, 1e-10)
}

/// The transformation's matrices, matrix modes, structure and preconditioner matrices:
/// the generalized 1D problem `A x = lambda (2 I) x` (eigenvalues half the Laplacian's)
/// solved by shift-and-invert in every mode, with GMRES and Jacobi built from another
/// matrix than `A - sigma B`.
fn st_matrices_and_modes(petsc: &Petsc) -> petsc::Result<()> {
    use petsc::MatStructure;
    use slepc::StMatMode;
    let n = 30;
    let a = tridiag(petsc, n, -1.0, 2.0, -1.0)?;
    let b = tridiag(petsc, n, 0.0, 2.0, 0.0)?;
    let exact: Vec<f64> = (1..=3)
        .map(|k| 1.0 - (k as f64 * PI / (n + 1) as f64).cos())
        .collect();
    let a_before = a.norm(NormType::Frobenius)?;
    for (mode, preconditioner) in [
        (StMatMode::Copy, 0),
        (StMatMode::Inplace, 1),
        (StMatMode::Shell, 0),
        (StMatMode::Copy, 2),
    ] {
        let mut eps = Eps::new(&petsc.world())?;
        eps.set_operators(&a, Some(&b))?;
        eps.set_problem_type(EpsProblemType::Ghep)?;
        eps.set_dimensions_to(slepc::Dimensions::new(3))?;
        eps.set_tolerances(slepc::Tolerances {
            tol: Some(1e-10),
            ..Default::default()
        })?;
        eps.set_target(0.0)?;
        eps.set_which_eigenpairs(EpsWhich::TargetMagnitude)?;
        let mut st = eps.st()?;
        st.set_type(StType::Sinvert)?;
        st.set_mat_mode(mode)?;
        assert_eq!(st.mat_mode()?, mode);
        st.set_mat_structure(MatStructure::Different)?;
        assert_eq!(st.mat_structure()?, MatStructure::Different);
        match preconditioner {
            1 => {
                st.set_preconditioner_mat(Some(&a))?;
                assert_eq!(st.preconditioner_mat()?.unwrap().as_raw(), a.as_raw());
            }
            2 => st.set_split_preconditioner(&[&a, &b], MatStructure::Different)?,
            _ => assert!(st.preconditioner_mat()?.is_none()),
        }
        // An iterative inner solve works in every mode (a shell matrix cannot be
        // factored) and with any preconditioner matrix.
        let mut ksp = st.ksp()?;
        ksp.set_type(petsc::KspType::Gmres)?;
        ksp.pc()?.set_type(petsc::PcType::Jacobi)?;
        ksp.set_tolerances(petsc::KspTolerances {
            rtol: Some(1e-13),
            atol: Some(0.0),
            max_it: Some(10_000),
            ..Default::default()
        })?;
        eps.solve()?.check()?;
        check_pairs(&eps, &a, Some(&b), &exact, 1e-10)?;
        // The transformation holds the problem's matrices.
        let mats = eps.st()?.matrices()?;
        assert_eq!(mats.len(), 2);
        assert_eq!(
            (mats[0].as_raw(), mats[1].as_raw()),
            (a.as_raw(), b.as_raw())
        );
        // In place, A - sigma B was formed in A and A restored.
        assert_close(a.norm(NormType::Frobenius)?, a_before, 1e-14);
    }
    // A standalone transformation: matrices checked, then forgotten by reset.
    let mut st = slepc::St::new(&petsc.world())?;
    st.set_matrices(&[&a, &b])?;
    assert_eq!(st.matrices()?.len(), 2);
    let small = tridiag(petsc, n - 1, -1.0, 2.0, -1.0)?;
    let e = st.set_matrices(&[&a, &small]).unwrap_err().report();
    assert!(e.contains("matrix 1 is 29 x 29"), "{e}");
    assert!(st.set_matrices(&[]).is_err());
    assert!(st
        .set_split_preconditioner(&[&a, &small], MatStructure::Same)
        .is_err());
    st.set_transform(false)?;
    assert!(!st.transform()?);
    st.reset()?;
    assert!(st.matrices()?.is_empty());
    Ok(())
}

/// The 2D 5-point Laplacian on nx x ny points: eigenvalues
/// 4 sin^2(p pi / 2(nx+1)) + 4 sin^2(q pi / 2(ny+1)).
fn laplacian_2d(petsc: &Petsc, nx: Int, ny: Int, scale: f64) -> petsc::Result<Mat> {
    matrix(petsc, nx * ny, |r| {
        let (ix, iy) = (r / ny, r % ny);
        let mut v = vec![(r, 4.0 * scale)];
        if ix > 0 {
            v.push((r - ny, -scale));
        }
        if ix < nx - 1 {
            v.push((r + ny, -scale));
        }
        if iy > 0 {
            v.push((r - 1, -scale));
        }
        if iy < ny - 1 {
            v.push((r + 1, -scale));
        }
        v
    })
}

fn spectrum_2d(nx: Int, ny: Int) -> Vec<f64> {
    let s2 = |k: Int, n: Int| (k as f64 * PI / (2.0 * (n + 1) as f64)).sin().powi(2);
    sorted(
        (1..=nx)
            .flat_map(|p| (1..=ny).map(move |q| 4.0 * s2(p, nx) + 4.0 * s2(q, ny)))
            .collect(),
    )
}

/// Largest eigenvalues of the 2D Laplacian with Arnoldi and with the default
/// Krylov-Schur, each set by name.
fn laplacian_2d_standard(petsc: &Petsc) -> petsc::Result<()> {
    let (nx, ny) = (14, 9);
    let a = laplacian_2d(petsc, nx, ny, 1.0)?;
    let exact: Vec<f64> = spectrum_2d(nx, ny).into_iter().rev().take(5).collect();
    for ty in [EpsType::Arnoldi, EpsType::KrylovSchur] {
        let mut eps = Eps::new(&petsc.world())?;
        eps.set_operators(&a, None)?;
        eps.set_problem_type(EpsProblemType::Hep)?;
        eps.set_which_eigenpairs(EpsWhich::LargestReal)?;
        eps.set_dimensions_to(slepc::Dimensions::new(5).ncv(30))?;
        eps.set_tolerances(slepc::Tolerances {
            tol: Some(1e-10),
            max_it: Some(1000),
        })?;
        eps.set_type_name(ty.as_str())?;
        eps.solve()?.check()?;
        assert_eq!(eps.ty()?, Some(ty));
        assert!(eps.iteration_number()? >= 1);
        check_pairs(&eps, &a, None, &exact, 1e-10)?;
    }
    Ok(())
}

/// `3 L x = lambda (2 I) x`: the smallest 3 eigenvalues are 1.5 times the Laplacian's,
/// by LOBPCG (a preconditioned solver, ST precond).
fn laplacian_2d_generalized(petsc: &Petsc) -> petsc::Result<()> {
    let (nx, ny) = (10, 8);
    let a = laplacian_2d(petsc, nx, ny, 3.0)?;
    let b = matrix(petsc, nx * ny, |r| vec![(r, 2.0)])?;
    let exact: Vec<f64> = spectrum_2d(nx, ny)
        .into_iter()
        .take(3)
        .map(|l| 1.5 * l)
        .collect();
    let mut eps = Eps::new(&petsc.world())?;
    eps.set_operators(&a, Some(&b))?;
    eps.set_problem_type(EpsProblemType::Ghep)?;
    eps.set_type(EpsType::Lobpcg)?;
    eps.set_which_eigenpairs(EpsWhich::SmallestReal)?;
    eps.set_dimensions_to(slepc::Dimensions::new(3))?;
    eps.set_tolerances(slepc::Tolerances {
        tol: Some(1e-9),
        max_it: Some(5000),
    })?;
    eps.solve()?.check()?;
    assert_eq!(eps.st()?.ty()?, Some(StType::Precond));
    check_pairs(&eps, &a, Some(&b), &exact, 1e-9)
}

/// Block diagonal of 2 x 2 blocks [[a_k, b_k], [-b_k, a_k]]: eigenvalues a_k +- i b_k.
/// In a real build the conjugates come as consecutive pairs, positive imaginary part
/// first, with eigenvectors xr +- i xi.
fn nonsymmetric_complex_pairs(petsc: &Petsc) -> petsc::Result<()> {
    let blocks = 12;
    let ab = |k: Int| (1.0 + k as f64, 0.25 * (1 + k % 3) as f64);
    let a = matrix(petsc, 2 * blocks, |r| {
        let (k, first) = (r / 2, r % 2 == 0);
        let (re, im) = ab(k);
        if first {
            vec![(r, re), (r + 1, im)]
        } else {
            vec![(r - 1, -im), (r, re)]
        }
    })?;
    let mut eps = Eps::new(&petsc.world())?;
    eps.set_operators(&a, None)?;
    eps.set_problem_type(EpsProblemType::Nhep)?;
    eps.set_which_eigenpairs(EpsWhich::LargestReal)?;
    eps.set_dimensions_to(slepc::Dimensions::new(4))?;
    eps.set_tolerances(slepc::Tolerances {
        tol: Some(1e-12),
        ..Default::default()
    })?;
    eps.solve()?.check()?;
    assert!(eps.converged_count()? >= 4);
    let (mut xr, mut xi) = a.create_vecs()?;
    let mut axr = xr.duplicate()?;
    for i in 0..4 {
        let petsc::Complex { re, im } = eps.pair(i, &mut xr, &mut xi)?;
        let (ere, eim) = ab(blocks - 1 - i / 2);
        assert_close(re, ere, 1e-10);
        assert_eq!(eps.value(i)?, petsc::Complex::new(re, im));
        #[cfg(not(petsc_complex))]
        {
            let sign = if i % 2 == 0 { 1.0 } else { -1.0 };
            assert_close(im, sign * eim, 1e-10);
            // A (xr + i xi) = (re + i im)(xr + i xi).
            let mut axi = xi.duplicate()?;
            a.mult(&xr, &mut axr)?;
            a.mult(&xi, &mut axi)?;
            axr.axpy(-re, &xr)?;
            axr.axpy(im, &xi)?;
            axi.axpy(-re, &xi)?;
            axi.axpy(-im, &xr)?;
            let norm = (xr.norm(NormType::Two)?.powi(2) + xi.norm(NormType::Two)?.powi(2)).sqrt();
            let r = (axr.norm(NormType::Two)?.powi(2) + axi.norm(NormType::Two)?.powi(2)).sqrt();
            assert!(r / norm < 1e-9, "pair {i}: residual {}", r / norm);
            assert!(
                xi.norm(NormType::Two)? > 0.1,
                "complex eigenvector has an imaginary part"
            );
        }
        #[cfg(petsc_complex)]
        {
            // One complex eigenvalue per index, its eigenvector in xr; the two
            // conjugates of a block come in either order.
            assert_close(im.abs(), eim, 1e-10);
            assert_close(eps.value(i ^ 1)?.im, -im, 1e-10);
            a.mult(&xr, &mut axr)?;
            axr.axpy(-petsc::Complex::new(re, im), &xr)?;
            let r = axr.norm(NormType::Two)? / xr.norm(NormType::Two)?;
            assert!(r < 1e-9, "eigenvalue {i}: residual {r}");
            assert_eq!(xi.norm(NormType::Two)?, 0.0);
        }
        assert!(eps.compute_error(i, EpsErrorType::Relative)? < 1e-10);
    }
    Ok(())
}

fn expect_err(r: petsc::Result<()>, what: &str, needle: &str) {
    match r {
        Ok(()) => panic!("{what}: expected an error containing {needle:?}"),
        Err(e) => assert!(e.report().contains(needle), "{what}: {e}"),
    }
}

/// The sizes by name round-trip on the four eigensolver families: `None` until SLEPc
/// chooses, the values SLEPc chose after a solve (setting them back changes nothing),
/// each bad size an `Err` naming it; the tuple getter reads the same values.
fn dimensions_by_name(petsc: &Petsc) -> petsc::Result<()> {
    use slepc::{Dimensions, Nep, Pep, Svd};
    let w = petsc.world();
    let mut eps = Eps::new(&w)?;
    assert_eq!(eps.subspace()?, Dimensions::default());
    let d = Dimensions::new(3).ncv(12).mpd(6);
    eps.set_dimensions_to(d)?;
    assert_eq!(eps.subspace()?, d);
    assert_eq!(eps.dimensions()?, (3, 12, 6));
    eps.set_dimensions_to(Dimensions::new(2))?; // `None`: SLEPc chooses again
    assert_eq!(eps.subspace()?, Dimensions::new(2));
    expect_err(
        eps.set_dimensions_to(Dimensions::new(0)),
        "nev 0",
        "nev is 0; it must be at least 1",
    );
    expect_err(
        eps.set_dimensions_to(Dimensions::new(2).mpd(-1)),
        "mpd -1",
        "mpd is -1",
    );
    // Krylov-Schur's sizes of each subinterval of spectrum slicing, by name too.
    eps.set_type(EpsType::KrylovSchur)?;
    eps.set_krylov_schur_dimensions_to(Dimensions::new(5).ncv(20))?;
    assert_eq!(eps.krylov_schur_subspace()?, Dimensions::new(5).ncv(20));
    assert_eq!(eps.krylov_schur_dimensions()?.0, 5);
    expect_err(
        eps.set_krylov_schur_dimensions_to(Dimensions::new(5).ncv(0)),
        "ks ncv 0",
        "ncv is 0",
    );
    let mut svd = Svd::new(&w)?;
    svd.set_dimensions_to(Dimensions {
        ncv: Some(9),
        ..Dimensions::new(4)
    })?;
    assert_eq!(svd.subspace()?, Dimensions::new(4).ncv(9));
    expect_err(
        svd.set_dimensions_to(Dimensions::new(0)),
        "nsv 0",
        "nsv is 0",
    );
    let mut pep = Pep::new(&w)?;
    pep.set_dimensions_to(Dimensions::new(5).mpd(7))?;
    assert_eq!(pep.subspace()?, Dimensions::new(5).mpd(7));
    let mut nep = Nep::new(&w)?;
    nep.set_dimensions_to(Dimensions::new(1).ncv(4))?;
    assert_eq!(nep.subspace()?, Dimensions::new(1).ncv(4));
    expect_err(
        nep.set_dimensions_to(Dimensions::new(1).ncv(0)),
        "ncv 0",
        "ncv is 0",
    );

    // After a solve SLEPc's choices read back, and setting them back changes nothing.
    let (_, mut eps) = solved_laplacian(petsc, 30)?;
    let chosen = eps.subspace()?;
    assert!(
        chosen.ncv.is_some_and(|n| n >= chosen.wanted) && chosen.mpd.is_some(),
        "{chosen}"
    );
    eps.set_dimensions_to(chosen)?;
    assert_eq!(eps.subspace()?, chosen);
    eps.solve()?.check()?;
    assert_eq!(eps.subspace()?, chosen);
    Ok(())
}

/// `tridiag(-1, 2, -1)` of size `n` and its largest eigenpairs, solved to 1e-10.
fn solved_laplacian(petsc: &Petsc, n: Int) -> petsc::Result<(Mat, Eps)> {
    let a = tridiag(petsc, n, -1.0, 2.0, -1.0)?;
    let mut eps = Eps::new(&petsc.world())?;
    eps.set_operators(&a, None)?;
    eps.set_problem_type(EpsProblemType::Hep)?;
    eps.set_which_eigenpairs(EpsWhich::LargestReal)?;
    eps.set_tolerances(slepc::Tolerances {
        tol: Some(1e-10),
        ..Default::default()
    })?;
    eps.solve()?.check()?;
    Ok((a, eps))
}

/// The vectors an eigenvector getter writes are registered for the call: a view of one
/// alive through another handle (on rank 0 only, too) or one vector given as both parts
/// is an `Err` on every rank, before SLEPc writes; the same vectors then receive the
/// eigenvector (checked by its residual).
fn outputs_viewed_elsewhere(petsc: &Petsc) -> petsc::Result<()> {
    let n = 30;
    let (a, eps) = solved_laplacian(petsc, n)?;
    let (mut xr, mut xi) = a.create_vecs()?;
    xr.set(7.0)?;
    let (other, alias) = (xr.clone(), xr.clone());
    let rank0 = petsc.world().rank() == 0;
    {
        let seen = if rank0 { Some(other.view()?) } else { None };
        expect_err(
            eps.pair(0, &mut xr, &mut xi).map(|_| ()),
            "eigenpair into a viewed vector",
            "view",
        );
        expect_err(
            eps.eigenvector(0, &mut xr, &mut xi),
            "eigenvector into a viewed vector",
            "view",
        );
        drop(seen);
    }
    let mut alias = alias;
    expect_err(
        eps.eigenvector(0, &mut xr, &mut alias),
        "one vector as both parts",
        "being written",
    );
    // Nothing was written.
    assert_eq!(xr.max()?.value, 7.0);
    assert_eq!(xr.min()?.value, 7.0);
    let petsc::Complex { re: lambda, .. } = eps.pair(0, &mut xr, &mut xi)?;
    let exact = 2.0 - 2.0 * (n as f64 * PI / (n + 1) as f64).cos();
    assert!((lambda - exact).abs() < 1e-8, "{lambda} against {exact}");
    assert!(residual(&a, None, lambda, &xr)? < 1e-8);
    Ok(())
}

/// An eigenvector's output of another layout: at 3 ranks of the problem's global size,
/// split otherwise on some ranks only (the first rank's share is right). SLEPc would
/// copy into it on some ranks and stop on the others; it is an `Err` on every rank, and
/// vectors of the problem's layout then receive the eigenvector.
fn output_of_another_split(petsc: &Petsc) -> petsc::Result<()> {
    let (a, eps) = solved_laplacian(petsc, 30)?;
    let (mut xr, mut xi) = a.create_vecs()?;
    let mut odd = petsc_tests::split_otherwise(&xr)?;
    for r in [
        eps.eigenvector(0, &mut odd, &mut xi),
        eps.eigenvector(0, &mut xr, &mut odd),
        eps.pair(0, &mut odd, &mut xi).map(|_| ()),
    ] {
        let e = r.unwrap_err().report();
        assert!(e.contains("size") || e.contains("another rank"), "{e}");
    }
    let petsc::Complex { re: lambda, .. } = eps.pair(0, &mut xr, &mut xi)?;
    assert!(residual(&a, None, lambda, &xr)? < 1e-6);
    Ok(())
}

/// An initial space of the problem's global size but another split over the ranks
/// (all entries on the first rank) used to pass, fail every later solve and leave the
/// previous solve's eigenvalues readable as `Ok`: it is refused on every rank, and the
/// solver then solves with a space of the right layout.
fn initial_space_of_another_layout(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let n = 30;
    let a = tridiag(petsc, n, -1.0, 2.0, -1.0)?;
    let mut eps = Eps::new(&world)?;
    eps.set_operators(&a, None)?;
    eps.set_problem_type(EpsProblemType::Hep)?;
    eps.set_dimensions_to(slepc::Dimensions::new(2))?;
    eps.set_tolerances(slepc::Tolerances {
        tol: Some(1e-10),
        ..Default::default()
    })?;
    let lopsided = Vector::new_mpi(&world, Some(if world.rank() == 0 { n } else { 0 }), None)?;
    let r = eps.set_initial_space(&[&lopsided]);
    if world.size() == 1 {
        r?;
    } else {
        let e = r.unwrap_err();
        let text = e.report();
        assert!(
            text.contains("on this rank") || text.contains("another rank"),
            "{text}"
        );
    }
    let mut good = a.create_vecs()?.0;
    let lo = good.ownership_range()?.start;
    for (k, v) in good.view_mut()?.iter_mut().enumerate() {
        // Not symmetric about the middle, so that it has a part along every eigenvector.
        *v = Scalar::from(1.0 + (lo as usize + k) as f64);
    }
    eps.set_initial_space(&[&good])?;
    eps.solve()?.check()?;
    let exact: Vec<f64> = (0..2)
        .map(|k| 2.0 - 2.0 * ((n - k) as f64 * PI / (n + 1) as f64).cos())
        .collect();
    check_pairs(&eps, &a, None, &exact, 1e-8)
}

/// Inputs SLEPc would refuse, or worse, refused with a message naming them.
fn bad_inputs(petsc: &Petsc) -> petsc::Result<()> {
    let a = tridiag(petsc, 10, -1.0, 2.0, -1.0)?;
    let b = tridiag(petsc, 12, 0.0, 1.0, 0.0)?;
    let mut eps = Eps::new(&petsc.world())?;
    let e = eps.set_operators(&a, Some(&b)).unwrap_err();
    assert!(matches!(e, Error::SizeMismatch { .. }), "{e}");
    assert!(e.report().contains("B is 12 x 12 but A is 10 x 10"), "{e}");
    let rect = Mat::aij(&petsc.world())
        .sizes(Sizes::global(10, 7))
        .preallocate(1, 1)
        .build()?;
    expect_err(
        eps.set_operators(&rect, None),
        "rectangular A",
        "not square",
    );

    // Unknown type names: errors naming them; the types stay.
    expect_err(
        eps.set_type_name("krylov_schur"),
        "EPS type",
        "unknown EPS type 'krylov_schur'",
    );
    expect_err(
        eps.st()?.set_type_name("shift-invert"),
        "ST type",
        "unknown ST type 'shift-invert'",
    );

    // Solve without operators.
    expect_err(
        eps.solve().map(drop),
        "no operators",
        "call set_operators first",
    );

    // More eigenpairs than the dimension: at set_dimensions, and at solve when nev was
    // set before the operators.
    let mut eps = Eps::new(&petsc.world())?;
    eps.set_dimensions_to(slepc::Dimensions::new(11))?;
    eps.set_operators(&a, None)?;
    expect_err(
        eps.solve().map(drop),
        "nev > n at solve",
        "11 eigenpairs requested but the problem has size 10",
    );
    expect_err(
        eps.set_dimensions_to(slepc::Dimensions::new(20)),
        "nev > n",
        "20 eigenpairs requested but the problem has size 10",
    );
    expect_err(
        eps.set_dimensions_to(slepc::Dimensions::new(0)),
        "nev = 0",
        "at least 1",
    );
    expect_err(eps.set_interval(1.0, 0.5), "empty interval", "empty");

    // Results before a solve, beyond the converged ones, and into wrong vectors.
    eps.set_dimensions_to(slepc::Dimensions::new(2))?;
    assert!(matches!(eps.value(0), Err(Error::OutOfRange { .. })));
    eps.solve()?.check()?;
    let n = eps.converged_count()?;
    let e = eps.value(n).unwrap_err();
    assert!(
        e.report()
            .contains(&format!("eigenpair {n} requested but {n} converged")),
        "{e}"
    );
    let (mut xr, _) = b.create_vecs()?;
    let (_, mut xi) = a.create_vecs()?;
    expect_err(
        eps.pair(0, &mut xr, &mut xi).map(|_| ()),
        "wrong vector size",
        "xr has size 12 but the problem has size 10",
    );
    Ok(())
}

/// Monitors see every iteration; a monitor that panics or fails ends the solve with an
/// error naming it, and the process (and the solver) keep working.
fn monitors(petsc: &Petsc) -> petsc::Result<()> {
    let n = 40;
    let a = tridiag(petsc, n, -1.0, 2.0, -1.0)?;
    let make = || -> petsc::Result<Eps> {
        let mut eps = Eps::new(&petsc.world())?;
        eps.set_operators(&a, None)?;
        eps.set_problem_type(EpsProblemType::Hep)?;
        eps.set_dimensions_to(slepc::Dimensions::new(2).ncv(8))?;
        Ok(eps)
    };
    let mut eps = make()?;
    let seen = Rc::new(RefCell::new(Vec::new()));
    let log = seen.clone();
    eps.monitor(move |s| {
        assert_eq!(s.re.len(), s.im.len());
        assert_eq!(s.re.len(), s.error_estimates.len());
        log.borrow_mut()
            .push((s.iteration, s.converged, s.re.first().copied()));
        Ok(())
    })?;
    eps.solve()?.check()?;
    let its = eps.iteration_number()?;
    {
        let seen = seen.borrow();
        assert_eq!(seen.len() as Int, its);
        assert_eq!(seen.last().unwrap().0, its);
        // Approximations are transformed back: the largest is near 4.
        let last = seen.last().unwrap().2.unwrap();
        assert!(last > 3.9 && last < 4.0, "{last}");
    }
    eps.cancel_monitors()?;
    assert_eq!(
        Rc::strong_count(&seen),
        1,
        "cancel_monitors dropped the closure"
    );

    // A panicking monitor.
    let mut eps = make()?;
    eps.monitor(|s| {
        if s.iteration == 2 {
            panic!("monitor saw iteration 2");
        }
        Ok(())
    })?;
    let e = eps.solve().unwrap_err();
    assert!(
        matches!(&e, Error::CallbackPanic { callback, message } if callback == "EPS monitor" && message.contains("iteration 2")),
        "{e}"
    );
    // The same solver solves again once the monitor is gone.
    eps.cancel_monitors()?;
    eps.solve()?.check()?;
    assert!(eps.converged_count()? >= 2);

    // A monitor returning Err.
    let mut eps = make()?;
    eps.monitor(|_| Err(Error::user("stop here")))?;
    let e = eps.solve().unwrap_err();
    assert!(
        matches!(&e, Error::Callback { callback, .. } if callback == "EPS monitor"),
        "{e}"
    );
    assert!(e.report().contains("stop here"), "{e}");

    // And a fresh solver is unaffected.
    let mut eps = make()?;
    eps.solve()?.check()?;
    assert!(eps.converged_count()? >= 2);
    Ok(())
}

/// An interval by a polynomial filter (`-st_type filter`, whose solve uses SLEPc's own
/// threshold stopping test and its context from SLEPc 3.24): a failing monitor ends the
/// solve with its error, and the same solver then finds the eigenvalues in the interval.
fn filter_with_failing_monitor(petsc: &Petsc) -> petsc::Result<()> {
    let (nx, ny) = (20, 21);
    let a = laplacian_2d(petsc, nx, ny, 1.0)?;
    let (lo, hi) = (3.9, 4.1);
    let exact: Vec<f64> = spectrum_2d(nx, ny)
        .into_iter()
        .filter(|l| (lo..=hi).contains(l))
        .collect();
    assert!(exact.len() >= 5, "{exact:?}");
    let opts = petsc.options();
    // As SLEPc's ex2 test `4_filter` gives them (the interval as an option, which
    // SLEPc 3.18 hands on to the filter only from the options).
    let given = [
        ("flt_st_type", "filter"),
        ("flt_st_filter_degree", "100"),
        ("flt_eps_interval", "3.9,4.1"),
    ];
    for (k, v) in given {
        opts.set_value(k, v)?;
    }
    let mut eps = Eps::new(&petsc.world())?;
    eps.set_options_prefix("flt_")?;
    eps.set_operators(&a, None)?;
    eps.set_problem_type(EpsProblemType::Hep)?;
    eps.set_dimensions_to(slepc::Dimensions::new(exact.len() as Int).ncv(40))?;
    eps.set_tolerances(slepc::Tolerances {
        tol: Some(1e-10),
        ..Default::default()
    })?;
    eps.set_from_options()?;
    assert_eq!(eps.interval()?, (lo, hi));
    eps.monitor(|s| {
        if s.iteration >= 2 {
            return Err(Error::user("filtered solve stopped"));
        }
        Ok(())
    })?;
    let e = eps.solve().unwrap_err();
    assert!(e.report().contains("filtered solve stopped"), "{e}");
    eps.cancel_monitors()?;
    eps.solve()?.check()?;
    let n = eps.converged_count()?;
    let mut found = Vec::new();
    for i in 0..n {
        found.push(eps.value(i)?.re);
    }
    let found = sorted(found);
    assert_eq!(found.len(), exact.len(), "{found:?} vs {exact:?}");
    for (f, x) in found.iter().zip(&exact) {
        assert!((f - x).abs() < 1e-8, "{found:?} vs {exact:?}");
    }
    for (k, _) in given {
        opts.clear_value(k)?;
    }
    Ok(())
}

/// Options with a prefix reach the solver and its ST; the inner KSP is configurable.
fn options_and_inner_solver(petsc: &Petsc) -> petsc::Result<()> {
    let opts = petsc.options();
    opts.set_value("-t9_eps_type", "lapack")?;
    opts.set_value("-t9_eps_nev", "3")?;
    opts.set_value("-t9_st_type", "sinvert")?;
    let n = 30;
    let a = tridiag(petsc, n, -1.0, 2.0, -1.0)?;
    let mut eps = Eps::new(&petsc.world())?;
    eps.set_options_prefix("t9_")?;
    eps.set_operators(&a, None)?;
    eps.set_problem_type(EpsProblemType::Hep)?;
    eps.set_target(0.0)?;
    eps.set_which_eigenpairs(EpsWhich::TargetMagnitude)?;
    eps.set_from_options()?;
    assert_eq!(eps.ty()?, Some(EpsType::Lapack));
    assert_eq!(eps.dimensions()?.0, 3);
    let mut st = eps.st()?;
    assert_eq!(st.ty()?, Some(StType::Sinvert));
    let mut ksp = st.ksp()?;
    assert_eq!(ksp.options_prefix()?, "t9_st_");
    if parallel_factor(petsc, true)? {
        ksp.set_type(petsc::KspType::Preonly)?;
        ksp.pc()?.set_type(petsc::PcType::Cholesky)?;
    } else {
        // No parallel Cholesky in this PETSc: the same KSP, iterative.
        ksp.set_type(petsc::KspType::Cg)?;
        ksp.pc()?.set_type(petsc::PcType::Jacobi)?;
        ksp.set_tolerances(petsc::KspTolerances {
            rtol: Some(1e-13),
            atol: Some(0.0),
            max_it: Some(10_000),
            ..Default::default()
        })?;
    }
    eps.solve()?.check()?;
    let exact: Vec<f64> = (1..=3)
        .map(|k| 2.0 - 2.0 * (k as f64 * PI / (n + 1) as f64).cos())
        .collect();
    check_pairs(&eps, &a, None, &exact, 1e-8)?;
    for k in ["-t9_eps_type", "-t9_eps_nev", "-t9_st_type"] {
        opts.clear_value(k)?;
    }
    Ok(())
}

/// `(lambda, frequency)` of every mode line of a bridge run.
fn modes(out: &str) -> Vec<(f64, f64)> {
    out.lines()
        .filter(|l| l.starts_with("mode ") && l.contains(": lambda = "))
        .map(|l| {
            (
                value_after(l, "lambda =").expect("lambda"),
                value_after(l, "frequency =").expect("frequency"),
            )
        })
        .collect()
}

const BRIDGE: &[&str] = &["--nx", "24", "--ny", "8"];

/// bridge at a small grid: 3 modes, equal at 1 and 3 ranks, matching the closed form;
/// options override its defaults; nothing leaks.
fn bridge_example(_: &Petsc) -> petsc::Result<()> {
    let one = run_example("bridge", 1, BRIDGE);
    // The damped problem's TOAR with CG sends tens of thousands of messages.
    let ranks = match crawls_at(3) {
        Some(why) => {
            skip(format!("bridge at 3 ranks (run at 2): {why}"));
            2
        }
        None => 3,
    };
    let more = run_example("bridge", ranks, BRIDGE);
    for out in [&one, &more] {
        let worst = value_after(out, "max relative difference from the closed form =")
            .expect("closed-form line");
        assert!(worst < 1e-8, "{out}");
        assert!(out.contains("CONVERGED_TOL"), "{out}");
    }
    let (m1, m3) = (modes(&one), modes(&more));
    // bridge prints every pair that converged, at least nev = 3: exactly 3 here with real
    // scalars; in complex arithmetic Krylov-Schur converges more in as many iterations.
    if SCALAR_IS_COMPLEX {
        assert!(m1.len() >= 3 && m3.len() >= 3, "{one}\n{more}");
    } else {
        assert_eq!(m1.len(), 3, "{one}");
        assert_eq!(m1.len(), m3.len(), "{more}");
    }
    for ((l1, f1), (l3, f3)) in m1.iter().zip(&m3) {
        assert_close(*l1, *l3, 1e-9);
        assert_close(*f1, *f3, 1e-9);
        assert_close(*f1, l1.sqrt() / (2.0 * PI), 1e-8);
    }
    let section = |out: &str| -> String {
        out.lines()
            .find(|l| l.starts_with("mode 1: cross-section"))
            .expect("cross-section")
            .to_string()
    };
    assert_eq!(section(&one), section(&more));
    assert!(section(&one).contains("+1.0000"), "{}", section(&one));

    // Options override: 5 modes with an iterative inner solve, at 2 ranks.
    let five = run_example(
        "bridge",
        2,
        &[
            "--nx",
            "24",
            "--ny",
            "8",
            "-eps_nev",
            "5",
            "-st_ksp_type",
            "cg",
            "-st_pc_type",
            "jacobi",
            "-st_ksp_rtol",
            "1e-13",
        ],
    );
    let m5 = modes(&five);
    assert!(m5.len() >= 5, "{five}");
    for ((a, _), (b, _)) in m1.iter().zip(&m5) {
        assert_close(*a, *b, 1e-8);
    }

    // Leaks and bad flags.
    let out = mpiexec(
        2,
        &example("bridge"),
        &["--nx", "12", "--ny", "4", "-malloc_debug", "-malloc_dump"],
    );
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{text}");
    assert!(leak_lines(&text).is_empty(), "{text}");
    let out = mpiexec(1, &example("bridge"), &["--nx", "1"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("at least 2"));
    Ok(())
}

/// A Hermitian matrix with complex entries, tridiag(-e^{-i t}, 2, -e^{i t}): the diagonal
/// unitary D = diag(e^{-i t j}) turns the 1D Laplacian L into it (A = D L D^H), so it has
/// the Laplacian's eigenvalues, and eigenvectors D y whose consecutive entries turn by
/// the angle -t.
#[cfg(petsc_complex)]
fn hermitian_complex(petsc: &Petsc) -> petsc::Result<()> {
    use petsc::Complex;
    let (n, t) = (40, 0.9);
    let phase = Complex::from_polar(1.0, t);
    let a = matrix_of(petsc, n, |i| {
        vec![
            (i - 1, -phase.conj()),
            (i, Complex::from(2.0)),
            (i + 1, -phase),
        ]
    })?;
    let mut eps = Eps::new(&petsc.world())?;
    eps.set_operators(&a, None)?;
    eps.set_problem_type(EpsProblemType::Hep)?;
    eps.set_dimensions_to(slepc::Dimensions::new(4))?;
    eps.set_tolerances(slepc::Tolerances {
        tol: Some(1e-10),
        ..Default::default()
    })?;
    eps.set_target(0.0)?;
    eps.set_which_eigenpairs(EpsWhich::TargetMagnitude)?;
    eps.st()?.set_type(StType::Sinvert)?;
    spd_inner_solver(petsc, &eps)?;
    eps.solve()?.check()?;
    let exact: Vec<f64> = (1..=4)
        .map(|k| 2.0 - 2.0 * (k as f64 * PI / (n + 1) as f64).cos())
        .collect();
    check_pairs(&eps, &a, None, &exact, 1e-10)?;
    // The lowest mode: y_j = sin(pi (j + 1) / (n + 1)) > 0, so x_{j+1} conj(x_j) has
    // argument -t whatever the phase SLEPc normalized x to.
    let (mut xr, mut xi) = a.create_vecs()?;
    eps.pair(0, &mut xr, &mut xi)?;
    let all = xr.to_all()?;
    let x = all.view()?;
    for j in 0..x.len() - 1 {
        let turn = (x[j + 1] * x[j].conj()).arg();
        assert!((turn + t).abs() < 1e-6, "entry {j}: turns by {turn}");
    }
    Ok(())
}

/// How the shell operator of the recovery cases fails.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Fault {
    /// The closure returns `Err`.
    Err,
    /// The closure panics.
    Panic,
    /// The closure returns NaNs, which the inner linear solver of shift-and-invert
    /// (error-if-not-converged) turns into a PETSc error.
    Nan,
}

impl Fault {
    /// What the error of a solve that met this fault says.
    fn message(self) -> &'static str {
        match self {
            Fault::Err => "shell operator failed on purpose",
            Fault::Panic => "shell operator panicked on purpose",
            // PETSc's wording: "Nan or Inf" up to 3.25, "infinity or NaN" in 3.26.
            Fault::Nan if cfg!(petsc_3_26) => "infinity or NaN",
            Fault::Nan => "Nan or Inf",
        }
    }
}

/// A countdown to the shell operator's next failure: `Some((k, fault))` makes the
/// `k`-th call from now fail (and the countdown stop), `None` lets every call work.
type Countdown = Rc<Cell<Option<(u32, Fault)>>>;

/// A shell matrix whose products are those of `a`, except the one `countdown` points
/// at. Every rank makes the same calls, so all fail together.
fn failing_shell(petsc: &Petsc, a: &Mat, countdown: &Countdown) -> petsc::Result<Mat> {
    let op = a.duplicate(MatDuplicateOption::CopyValues)?;
    let (m, _) = a.local_size()?;
    let (n, _) = a.size()?;
    let plan = countdown.clone();
    Mat::shell(&petsc.world())
        .sizes(Sizes::local(m, m).with_global(n, n))
        .build(move |x, y| {
            let fault = match plan.get() {
                Some((1, fault)) => {
                    plan.set(None);
                    Some(fault)
                }
                Some((k, fault)) => {
                    plan.set(Some((k - 1, fault)));
                    None
                }
                None => None,
            };
            match fault {
                Some(Fault::Err) => Err(Error::user(Fault::Err.message())),
                Some(Fault::Panic) => panic!("{}", Fault::Panic.message()),
                Some(Fault::Nan) => y.set(f64::NAN),
                None => op.mult(x, y),
            }
        })
}

/// One eigensolver set-up of the recovery cases, on the 1D Laplacian.
#[derive(Clone, Debug)]
struct Setup {
    ty: EpsType,
    problem: EpsProblemType,
    which: EpsWhich,
    nev: Int,
    /// Shift-and-invert about 0, with an unpreconditioned CG inside (the operator is a
    /// shell: nothing to factor) that turns a NaN into an error.
    sinvert: bool,
    /// An option the solver type needs, without its `-rec_` prefix.
    option: Option<(&'static str, &'static str)>,
    /// The failures of the same solver in a row: the operator's call (from the start of
    /// the solve) that fails, and how.
    faults: &'static [(u32, Fault)],
}

/// A failure part way through the iteration, a panic further on, a failure at the very
/// first product.
const CLOSURE_FAULTS: &[(u32, Fault)] = &[(4, Fault::Err), (9, Fault::Panic), (1, Fault::Err)];

const KRYLOV_SCHUR_HEP: Setup = Setup {
    ty: EpsType::KrylovSchur,
    problem: EpsProblemType::Hep,
    which: EpsWhich::LargestReal,
    nev: 3,
    sinvert: false,
    option: None,
    faults: CLOSURE_FAULTS,
};

/// The eigenvalues of the 1D Laplacian of size `n` that `setup` asks for, in order.
fn wanted(setup: &Setup, n: Int) -> Vec<f64> {
    let l = |k: Int| 2.0 - 2.0 * (k as f64 * PI / (n + 1) as f64).cos();
    match setup.which {
        EpsWhich::LargestReal | EpsWhich::LargestMagnitude => {
            (0..setup.nev).map(|i| l(n - i)).collect()
        }
        _ => (1..=setup.nev).map(l).collect(),
    }
}

/// The same solver, on a shell 1D Laplacian, fails as `setup.faults` says, several times
/// in a row, each solve returning the failure's error; then solves the correct problem
/// to the closed form 2 - 2 cos(k pi/(n+1)): with the same shell, now working
/// (`again == false`), or after the operator is set again, to the assembled matrix.
/// Dropping it records no destroy failure (checked by the runner).
fn recovers(petsc: &Petsc, setup: &Setup, again: bool) -> petsc::Result<()> {
    let n = 24;
    let a = tridiag(petsc, n, -1.0, 2.0, -1.0)?;
    let countdown: Countdown = Rc::new(Cell::new(None));
    let shell = failing_shell(petsc, &a, &countdown)?;
    let mut eps = Eps::new(&petsc.world())?;
    eps.set_operators(&shell, None)?;
    eps.set_type(setup.ty.clone())?;
    eps.set_problem_type(setup.problem)?;
    eps.set_which_eigenpairs(setup.which)?;
    eps.set_dimensions_to(slepc::Dimensions::new(setup.nev))?;
    eps.set_tolerances(slepc::Tolerances {
        tol: Some(1e-10),
        max_it: Some(10_000),
    })?;
    if setup.sinvert {
        eps.set_target(0.0)?;
        let mut st = eps.st()?;
        st.set_type(StType::Sinvert)?;
        let mut ksp = st.ksp()?;
        ksp.set_type(petsc::KspType::Cg)?;
        ksp.pc()?.set_type(petsc::PcType::None)?;
        ksp.set_tolerances(petsc::KspTolerances {
            rtol: Some(1e-13),
            atol: Some(0.0),
            max_it: Some(1000),
            ..Default::default()
        })?;
        ksp.set_error_if_not_converged(true)?;
    } else if matches!(
        setup.ty,
        EpsType::Gd | EpsType::Jd | EpsType::Lobpcg | EpsType::Rqcg
    ) {
        // Their preconditioner: none (block Jacobi, the parallel default, needs the
        // operator's diagonal blocks, which a shell does not have).
        eps.st()?.ksp()?.pc()?.set_type(petsc::PcType::None)?;
    }
    if let Some((name, value)) = setup.option {
        let opts = petsc.options();
        let name = format!("-rec_{name}");
        opts.set_value(&name, value)?;
        eps.set_options_prefix("rec_")?;
        let r = eps.set_from_options();
        opts.clear_value(&name)?;
        r?;
    }
    for &(k, fault) in setup.faults {
        countdown.set(Some((k, fault)));
        let e = eps.solve().expect_err("a failing operator");
        let what = format!("{} {:?}, {fault:?} at call {k}", setup.ty, setup.problem);
        // The failure came from the call it was planned for, not from an earlier one
        // that a previous failure broke.
        assert_eq!(
            countdown.get(),
            None,
            "{what}: failed before that call: {e}"
        );
        assert!(e.report().contains(fault.message()), "{what}: {e}");
        match fault {
            Fault::Err => assert!(matches!(e, Error::Callback { .. }), "{what}: {e:?}"),
            Fault::Panic => assert!(matches!(e, Error::CallbackPanic { .. }), "{what}: {e:?}"),
            Fault::Nan => assert!(matches!(e, Error::Petsc { .. }), "{what}: {e:?}"),
        }
    }
    if again {
        eps.set_operators(&a, None)?;
    }
    eps.solve()
        .map_err(|e| {
            Error::user(format!(
                "{} {:?} after {} failures: {e}",
                setup.ty,
                setup.problem,
                setup.faults.len()
            ))
        })?
        .check()?;
    check_pairs(&eps, &a, None, &wanted(setup, n), 1e-10)
}

/// Krylov-Schur (the default) recovers from failures of a shell operator, in its
/// symmetric (Lanczos) and non-symmetric (Arnoldi) forms. Before, the failed solve left
/// a column of the basis and a matrix of the projected problem fetched: the next solve
/// failed, and so did the solver's destruction (leaking its memory).
fn recovery_krylovschur(petsc: &Petsc) -> petsc::Result<()> {
    let nhep = Setup {
        problem: EpsProblemType::Nhep,
        ..KRYLOV_SCHUR_HEP
    };
    for setup in [KRYLOV_SCHUR_HEP, nhep] {
        recovers(petsc, &setup, false)?;
        recovers(petsc, &setup, true)?;
    }
    Ok(())
}

/// Arnoldi, generalized Davidson and the power iteration recover likewise (the power
/// iteration for the eigenvalue of largest magnitude, the only kind it computes).
fn recovery_other_types(petsc: &Petsc) -> petsc::Result<()> {
    for (ty, problem, which, nev) in [
        (
            EpsType::Arnoldi,
            EpsProblemType::Nhep,
            EpsWhich::LargestReal,
            3,
        ),
        (EpsType::Gd, EpsProblemType::Hep, EpsWhich::LargestReal, 3),
        (
            EpsType::Power,
            EpsProblemType::Hep,
            EpsWhich::LargestMagnitude,
            1,
        ),
    ] {
        let setup = Setup {
            ty,
            problem,
            which,
            nev,
            ..KRYLOV_SCHUR_HEP
        };
        recovers(petsc, &setup, false)?;
        recovers(petsc, &setup, true)?;
    }
    Ok(())
}

/// Shift-and-invert: the operator fails inside the inner linear solve (returning `Err`,
/// panicking, and returning NaNs, which that solve turns into a PETSc error). The inner
/// solver recovers too: before, each failure left its preconditioner's pre-solve open,
/// and after two of them every solve failed ("Cannot embed PCPreSolve() more than
/// twice").
fn recovery_sinvert(petsc: &Petsc) -> petsc::Result<()> {
    let setup = Setup {
        which: EpsWhich::TargetMagnitude,
        sinvert: true,
        faults: &[
            (4, Fault::Err),
            (9, Fault::Panic),
            (1, Fault::Nan),
            (30, Fault::Nan),
        ],
        ..KRYLOV_SCHUR_HEP
    };
    recovers(petsc, &setup, false)?;
    recovers(petsc, &setup, true)
}

/// Fails once when `armed`: an `Err` naming `name`, or a panic.
fn trip(armed: &Cell<bool>, panics: bool, name: &str) -> petsc::Result<()> {
    if armed.replace(false) {
        if panics {
            panic!("{name} exploded");
        }
        return Err(Error::user(format!("{name} refused")));
    }
    Ok(())
}

/// The argument that makes this binary run [`closures_stop_leaky_types`] instead of the
/// tests.
const CLOSURES_CHILD: &str = "closures-of-leaky-solvers";

/// A monitor, a convergence test or a stopping test failing (an `Err` or a panic) in the
/// solver types whose failed solves leak the memory SLEPc allocates in the solve
/// function: the solve stops instead of failing, returns the closure's error and frees
/// that memory; the same solver then solves again. Run in a child process under
/// `-malloc_dump` (see [`closures_free_everything`]).
fn closures_stop_leaky_types(petsc: &Petsc) -> petsc::Result<()> {
    let n = 40;
    let a = tridiag(petsc, n, -1.0, 2.0, -1.0)?;
    let all = laplacian_eigenvalues(n);
    for (ty, which) in [
        (EpsType::Lanczos, EpsWhich::LargestReal),
        (EpsType::Subspace, EpsWhich::LargestMagnitude),
        (EpsType::Jd, EpsWhich::LargestReal),
        (EpsType::Lobpcg, EpsWhich::SmallestReal),
        (EpsType::Rqcg, EpsWhich::SmallestReal),
    ] {
        // In the order the solver gives them.
        let wanted = if which == EpsWhich::SmallestReal {
            all[..2].to_vec()
        } else {
            vec![all[all.len() - 1], all[all.len() - 2]]
        };
        // Subspace iteration takes only SLEPc's relative convergence test.
        let own_test = ty != EpsType::Subspace;
        for what in ["monitor", "convergence", "stopping"] {
            if what == "convergence" && !own_test {
                continue;
            }
            for panics in [false, true] {
                let armed = Rc::new(Cell::new(true));
                let mut eps = Eps::new(&petsc.world())?;
                eps.set_operators(&a, None)?;
                eps.set_problem_type(EpsProblemType::Hep)?;
                eps.set_type(ty.clone())?;
                eps.set_which_eigenpairs(which)?;
                eps.set_dimensions_to(slepc::Dimensions::new(2))?;
                eps.set_tolerances(slepc::Tolerances {
                    tol: Some(1e-10),
                    max_it: Some(10_000),
                })?;
                if ty == EpsType::Lanczos {
                    let opts = petsc.options();
                    opts.set_value("-cl_eps_lanczos_reorthog", "full")?;
                    eps.set_options_prefix("cl_")?;
                    let r = eps.set_from_options();
                    opts.clear_value("-cl_eps_lanczos_reorthog")?;
                    r?;
                }
                let a1 = armed.clone();
                eps.monitor(move |s| match what {
                    "monitor" if s.iteration >= 2 => trip(&a1, panics, "monitor"),
                    _ => Ok(()),
                })?;
                if own_test {
                    let a2 = armed.clone();
                    eps.set_convergence_test_function(move |re, im, res| {
                        if what == "convergence" {
                            trip(&a2, panics, "convergence")?;
                        }
                        Ok(res / re.hypot(im).max(1e-300))
                    })?;
                }
                let a3 = armed.clone();
                eps.set_stopping_test_function(move |s| {
                    if what == "stopping" {
                        trip(&a3, panics, "stopping")?;
                    }
                    Ok(if s.converged >= s.requested {
                        EpsConvergedReason::ConvergedTol
                    } else if s.iteration >= s.max_it {
                        EpsConvergedReason::DivergedIts
                    } else {
                        EpsConvergedReason::Iterating
                    })
                })?;
                let e = eps.solve().unwrap_err().report();
                let said = if panics { "exploded" } else { "refused" };
                assert!(e.contains(&format!("{what} {said}")), "{ty} {what}: {e}");
                eps.solve()?.check()?;
                check_pairs(&eps, &a, None, &wanted, 1e-8)?;
            }
        }
    }
    if petsc.world().rank() == 0 {
        println!("closures stopped the solvers");
    }
    Ok(())
}

/// [`closures_stop_leaky_types`] at 1 and 2 ranks, in a child process under
/// `-malloc_debug -malloc_dump`: PETSc reports nothing left at `PetscFinalize`.
fn closures_free_everything(_: &Petsc) -> petsc::Result<()> {
    for n in [1, 2] {
        petsc_tests::assert_child_frees_everything(
            n,
            &[CLOSURES_CHILD],
            "closures stopped the solvers",
        );
    }
    Ok(())
}

/// The argument that makes this binary run [`leaky_recoveries`] instead of the tests.
const LEAKY_CHILD: &str = "recovery-of-leaky-solvers";

/// The solver types whose failed solves leak memory that SLEPc allocates in the solve
/// function itself and frees only on its way out of a successful solve (work arrays,
/// bases, vectors: out of reach once the error has unwound). They recover all the same.
fn leaky_recoveries(petsc: &Petsc) -> petsc::Result<()> {
    for (ty, which) in [
        (EpsType::Lanczos, EpsWhich::LargestReal),
        (EpsType::Subspace, EpsWhich::LargestMagnitude),
        (EpsType::Jd, EpsWhich::LargestReal),
        (EpsType::Lobpcg, EpsWhich::SmallestReal),
        (EpsType::Rqcg, EpsWhich::SmallestReal),
    ] {
        let setup = Setup {
            option: (ty == EpsType::Lanczos).then_some(("eps_lanczos_reorthog", "full")),
            ty,
            which,
            ..KRYLOV_SCHUR_HEP
        };
        recovers(petsc, &setup, false)?;
        recovers(petsc, &setup, true)?;
    }
    Ok(())
}

/// [`leaky_recoveries`] at 1 and 2 ranks, in a child process that does not report
/// PETSc's unfreed memory (the leak check of the test suite would count SLEPc's).
fn recovery_leaky_types(_: &Petsc) -> petsc::Result<()> {
    for n in [1, 2] {
        let (ok, text) = rerun_self(n, &[LEAKY_CHILD], "");
        assert!(ok, "{n} ranks: {text}");
        assert!(
            text.contains("leaky solvers recovered"),
            "{n} ranks: {text}"
        );
    }
    Ok(())
}

/// The child of [`recovery_leaky_types`].
fn leaky_child() -> ! {
    let petsc = Petsc::builder()
        .args(["eps"])
        .init()
        .expect("PETSc initialization");
    let r = leaky_recoveries(&petsc);
    let failures = petsc::take_destroy_failures();
    if let Err(e) = r {
        eprintln!("recovery failed: {e}");
        std::process::exit(1);
    }
    if !failures.is_empty() {
        eprintln!("objects failed to destroy: {failures:?}");
        std::process::exit(1);
    }
    if petsc.world().rank() == 0 {
        println!("leaky solvers recovered");
    }
    drop(petsc);
    std::process::exit(0);
}

/// The eigenvalues `2 - 2 cos(k pi / (n + 1))`, `k = 1..=n`, of the 1D Laplacian
/// tridiag(-1, 2, -1), ascending.
fn laplacian_eigenvalues(n: Int) -> Vec<f64> {
    (1..=n)
        .map(|k| 2.0 - 2.0 * (k as f64 * PI / (n as f64 + 1.0)).cos())
        .collect()
}

/// A Krylov-Schur spectrum slicing solver for all eigenvalues of `a` in `[lo, hi]`:
/// shift-and-invert with Cholesky by `factor`, `"mumps"` (any number of ranks, real
/// scalars: MUMPS gives no inertias in complex arithmetic) or `"petsc"` (PETSc's own,
/// sequential matrices only, real or complex).
fn slicing_solver(petsc: &Petsc, a: &Mat, bounds: &[f64], factor: &str) -> petsc::Result<Eps> {
    let (lo, hi) = (bounds[0], bounds[bounds.len() - 1]);
    let mut eps = Eps::new(&petsc.world())?;
    eps.set_operators(a, None)?;
    eps.set_problem_type(EpsProblemType::Hep)?;
    eps.set_type(EpsType::KrylovSchur)?;
    eps.set_which_eigenpairs(EpsWhich::All)?;
    eps.set_interval(lo, hi)?;
    eps.set_tolerances(slepc::Tolerances {
        tol: Some(1e-10),
        ..Default::default()
    })?;
    eps.st()?.set_type(StType::Sinvert)?;
    if bounds.len() > 2 {
        eps.set_krylov_schur_partitions(bounds.len() as Int - 1)?;
        eps.set_krylov_schur_subintervals(bounds)?;
    }
    // The linear solver of the inner solver of each subinterval: a Cholesky
    // factorization, which gives the inertias.
    let mut ksp = eps.krylov_schur_ksp()?;
    ksp.set_type(petsc::KspType::Preonly)?;
    let mut pc = ksp.pc()?;
    pc.set_type(petsc::PcType::Cholesky)?;
    pc.set_factor_solver_type(factor)?;
    if factor != "mumps" {
        return Ok(eps);
    }
    // MUMPS computes the inertia of a distributed matrix only with ICNTL(13) = 1.
    let prefix = ksp.options_prefix()?;
    petsc
        .options()
        .set_value(&format!("-{prefix}mat_mumps_icntl_13"), "1")?;
    Ok(eps)
}

/// Checks a slicing solve: exactly the closed-form eigenvalues in `[lo, hi]`, each with
/// a small residual, and at every shift the inertia (eigenvalues below it) of the
/// closed form.
fn check_slice(eps: &Eps, a: &Mat, exact: &[f64], lo: f64, hi: f64) -> petsc::Result<()> {
    let inside: Vec<f64> = exact
        .iter()
        .copied()
        .filter(|l| (lo..=hi).contains(l))
        .collect();
    assert!(inside.len() >= 4, "a weak test: {inside:?}");
    assert_eq!(eps.converged_count()?, inside.len() as Int);
    let (mut xr, mut xi) = a.create_vecs()?;
    let mut found = Vec::new();
    for i in 0..eps.converged_count()? {
        let petsc::Complex { re, im } = eps.pair(i, &mut xr, &mut xi)?;
        assert!(im.abs() < 1e-12);
        assert!(residual(a, None, re, &xr)? < 1e-8, "pair {i}");
        found.push(re);
    }
    for (f, e) in sorted(found).iter().zip(&inside) {
        assert_close(*f, *e, 1e-9);
    }
    let inertias = eps.krylov_schur_inertias()?;
    assert!(inertias.len() >= 2, "{inertias:?}");
    let (first, last) = (inertias[0], inertias[inertias.len() - 1]);
    assert_close(first.0, lo, 1e-12);
    assert_close(last.0, hi, 1e-12);
    for (shift, inertia) in inertias {
        let below = exact.iter().filter(|&&l| l < shift).count() as Int;
        assert_eq!(inertia, below, "inertia at {shift}");
    }
    Ok(())
}

/// Spectrum slicing: all eigenvalues of the 1D Laplacian in an interval, with the
/// inertias at the shifts: with PETSc's own Cholesky at 1 rank, real or complex; with
/// MUMPS's at 1 and 2 ranks (and two partitions at 2 ranks, with given subintervals),
/// real only. The slicing queries refuse what they cannot answer.
fn spectrum_slicing(petsc: &Petsc) -> petsc::Result<()> {
    let n = 50;
    let (lo, hi) = (0.3, 1.1);
    let exact = laplacian_eigenvalues(n);
    let a = tridiag(petsc, n, -1.0, 2.0, -1.0)?;

    // PETSc's own Cholesky gives the inertias of a sequential matrix.
    if petsc.world().size() == 1 {
        let mut eps = slicing_solver(petsc, &a, &[lo, hi], "petsc")?;
        eps.set_krylov_schur_dimensions_to(slepc::Dimensions::new(12))?;
        eps.solve()?.check()?;
        check_slice(&eps, &a, &exact, lo, hi)?;
        let ksp = eps.krylov_schur_ksp()?;
        assert_eq!(ksp.pc()?.factor_solver_type()?.as_deref(), Some("petsc"));
    }

    // MUMPS gives inertias in real arithmetic only (as SLEPc's eps/tutorials/ex25.c says).
    if SCALAR_IS_COMPLEX {
        petsc_tests::skip(
            "spectrum slicing with MUMPS: MUMPS computes no inertias with complex scalars",
        );
        return Ok(());
    }
    if !petsc.has_external_package("mumps")? {
        petsc_tests::skip("spectrum slicing with MUMPS: this PETSc has no MUMPS");
        return Ok(());
    }
    let mut eps = slicing_solver(petsc, &a, &[lo, hi], "mumps")?;
    assert_eq!(eps.krylov_schur_partitions()?, 1);
    expect_err(
        eps.set_krylov_schur_subintervals(&[lo, 0.5, hi]),
        "bounds for 1 partition",
        "3 bounds given but 1 partitions need 2",
    );
    eps.set_krylov_schur_subintervals(&[lo, hi])?;
    // A failed set-up (nev below SLEPc's minimum of 10 for slicing), then a solve.
    eps.set_krylov_schur_dimensions_to(slepc::Dimensions::new(4))?;
    expect_err(
        eps.solve().map(drop),
        "nev 4 in slicing",
        "nev cannot be less than 10",
    );
    eps.set_krylov_schur_dimensions_to(slepc::Dimensions::new(12))?;
    assert_eq!(eps.krylov_schur_dimensions()?.0, 12);
    eps.solve()?.check()?;
    check_slice(&eps, &a, &exact, lo, hi)?;
    assert_eq!(eps.krylov_schur_subintervals()?, vec![lo, hi]);
    let ksp = eps.krylov_schur_ksp()?;
    assert_eq!(ksp.pc()?.ty()?, Some(petsc::PcType::Cholesky));

    // Not a slicing solver: the queries say so.
    let mut plain = Eps::new(&petsc.world())?;
    plain.set_operators(&a, None)?;
    plain.set_type(EpsType::KrylovSchur)?;
    plain.solve()?.check()?;
    expect_err(
        plain.krylov_schur_inertias().map(|_| ()),
        "inertias of a plain solve",
        "not a spectrum slicing solver",
    );
    expect_err(
        plain.krylov_schur_ksp().map(|_| ()),
        "KSP of a plain solve",
        "not a spectrum slicing solver",
    );

    if petsc.world().size() == 2 {
        // Two partitions, one rank each, split between two eigenvalues.
        let inside: Vec<f64> = exact
            .iter()
            .copied()
            .filter(|l| (lo..=hi).contains(l))
            .collect();
        let m = inside.len() / 2;
        let mid = 0.5 * (inside[m - 1] + inside[m]);
        let mut eps = slicing_solver(petsc, &a, &[lo, mid, hi], "mumps")?;
        assert_eq!(eps.krylov_schur_partitions()?, 2);
        eps.solve()?.check()?;
        check_slice(&eps, &a, &exact, lo, hi)?;
        let bounds = eps.krylov_schur_subintervals()?;
        assert_eq!(bounds, vec![lo, mid, hi]);
    }
    Ok(())
}

/// The sum over the ranks of `mine` (one entry per rank of a world vector).
fn sum_over_ranks(petsc: &Petsc, mine: Int) -> petsc::Result<Int> {
    let world = petsc.world();
    let mut w = Vector::new_mpi(&world, Some(1), None)?;
    w.set_values(
        &[world.rank() as Int],
        &[Scalar::from(mine as f64)],
        InsertMode::Insert,
    )?;
    w.assemble()?;
    Ok(re_abs(w.sum()?).0.round() as Int)
}

/// Spectrum slicing with one partition per rank, so that each subcommunicator is one
/// rank and PETSc's own Cholesky gives the inertias (real or complex): the
/// subcommunicator queries of Krylov-Schur. The subinterval of each rank is its own,
/// the counts add up to the converged count, each subcommunicator eigenpair is a
/// closed-form eigenvalue of the interval with a small residual against the
/// subcommunicator matrix (of the global size), an update of the matrices (`A <- 2 A`,
/// global) changes the next solve as the closed form says; before set-up, out of range
/// or with a vector or matrix of another layout, the queries are refused.
fn spectrum_slicing_subcomms(petsc: &Petsc) -> petsc::Result<()> {
    let n = 50;
    let (lo, hi) = (0.3, 1.1);
    let exact = laplacian_eigenvalues(n);
    let world = petsc.world();
    let ranks = world.size() as Int;
    let a = tridiag(petsc, n, -1.0, 2.0, -1.0)?;
    let mut eps = Eps::new(&world)?;
    eps.set_operators(&a, None)?;
    eps.set_problem_type(EpsProblemType::Hep)?;
    expect_err(
        eps.krylov_schur_subcomm_info().map(|_| ()),
        "subcomm info of a solver of no type",
        "not 'krylovschur'",
    );
    eps.set_type(EpsType::KrylovSchur)?;
    expect_err(
        eps.krylov_schur_subcomm_mats().map(|_| ()),
        "subcomm matrices of a plain solver",
        "not a spectrum slicing solver",
    );
    eps.set_which_eigenpairs(EpsWhich::All)?;
    eps.set_interval(lo, hi)?;
    eps.set_tolerances(slepc::Tolerances {
        tol: Some(1e-10),
        ..Default::default()
    })?;
    eps.st()?.set_type(StType::Sinvert)?;
    eps.set_krylov_schur_partitions(ranks)?;
    eps.set_krylov_schur_dimensions_to(slepc::Dimensions::new(12))?;
    let mut ksp = eps.krylov_schur_ksp()?;
    ksp.set_type(petsc::KspType::Preonly)?;
    let mut pc = ksp.pc()?;
    pc.set_type(petsc::PcType::Cholesky)?;
    pc.set_factor_solver_type("petsc")?;
    // Not set up: SLEPc would read the inner solver's missing slicing context.
    expect_err(
        eps.krylov_schur_subcomm_info().map(|_| ()),
        "subcomm info before set-up",
        "not set up",
    );
    expect_err(
        eps.update_krylov_schur_subcomm_mats_to(slepc::EpsSubcommMatsUpdate {
            structure: petsc::MatStructure::Same,
            ..Default::default()
        }),
        "update before set-up",
        "not set up",
    );
    eps.set_up()?;
    if ranks == 1 {
        // One partition: SLEPc has the subinterval's basis only after the solve.
        expect_err(
            eps.krylov_schur_subcomm_info().map(|_| ()),
            "subcomm info of one partition before the solve",
            "call solve first",
        );
    } else {
        // Several: the count (from the inertias) and the layout are known at set-up.
        let (k, nk, mut v) = eps.krylov_schur_subcomm_info()?;
        assert_eq!((k, v.size()?), (world.rank() as Int, n));
        assert!(nk >= 0);
        expect_err(
            eps.krylov_schur_subcomm_pairs(0, &mut v).map(|_| ()),
            "subcomm pair before the solve",
            "call solve first",
        );
    }
    let (sa, _) = eps.krylov_schur_subcomm_mats()?;
    assert_eq!(sa.size()?, (n, n));
    drop(sa);

    let check = |eps: &Eps, a: &Mat, exact: &[f64]| -> petsc::Result<()> {
        let inside: Vec<f64> = exact
            .iter()
            .copied()
            .filter(|l| (lo..=hi).contains(l))
            .collect();
        assert!(inside.len() >= 4, "a weak test: {inside:?}");
        assert_eq!(eps.converged_count()?, inside.len() as Int);
        let (k, nk, mut v) = eps.krylov_schur_subcomm_info()?;
        // One rank per subcommunicator, numbered as the ranks (contiguous groups).
        assert_eq!(k, world.rank() as Int);
        assert_eq!((v.size()?, v.local_size()?), (n, n));
        assert_eq!(sum_over_ranks(petsc, nk)?, inside.len() as Int);
        let (sa, sb) = eps.krylov_schur_subcomm_mats()?;
        assert!(sb.is_none());
        assert_eq!((sa.size()?, sa.local_size()?), ((n, n), (n, n)));
        // This subinterval's share of the interval, in order.
        let bounds = eps.krylov_schur_subintervals()?;
        assert_eq!(bounds.len() as Int, ranks + 1);
        let (sub_lo, sub_hi) = (bounds[k as usize], bounds[k as usize + 1]);
        let mine = inside
            .iter()
            .filter(|l| (sub_lo..=sub_hi).contains(*l))
            .count() as Int;
        assert_eq!(nk, mine, "rank {k}: [{sub_lo}, {sub_hi}]");
        for i in 0..nk {
            let lambda = eps.krylov_schur_subcomm_pairs(i, &mut v)?;
            let re = re_abs(lambda).0;
            assert!(
                re_abs(lambda - Scalar::from(re)).1 < 1e-12,
                "pair {i}: {lambda:?}"
            );
            assert!(
                inside.iter().any(|l| (l - re).abs() < 1e-9) && (sub_lo..=sub_hi).contains(&re),
                "pair {i}: {re} not in {inside:?} within [{sub_lo}, {sub_hi}]"
            );
            assert!(residual(&sa, None, re, &v)? < 1e-8, "pair {i}");
        }
        expect_err(
            eps.krylov_schur_subcomm_pairs(nk, &mut v).map(|_| ()),
            "subcomm pair out of range",
            &format!("subcommunicator eigenpair {nk} requested but {nk} converged"),
        );
        expect_err(
            eps.krylov_schur_subcomm_pairs(-1, &mut v).map(|_| ()),
            "negative subcomm pair",
            "subcommunicator eigenpair -1",
        );
        let mut wrong = Vector::new_seq(&petsc.self_comm(), n + 1)?;
        expect_err(
            eps.krylov_schur_subcomm_pairs(0, &mut wrong).map(|_| ()),
            "subcomm pair into a vector of another size",
            &format!("v has size {} but must have size {n}", n + 1),
        );
        let _ = a;
        Ok(())
    };

    eps.solve()?.check()?;
    check(&eps, &a, &exact)?;

    // A <- 2 A on the subcommunicators and, globally, in the operator itself.
    let mut wrong = Mat::aij(&petsc.self_comm())
        .sizes(Sizes::global(n + 1, n + 1))
        .preallocate(1, 0)
        .build()?;
    wrong.assemble()?;
    expect_err(
        eps.update_krylov_schur_subcomm_mats_to(slepc::EpsSubcommMatsUpdate {
            au_scale: Scalar::from(1.0),
            au: Some(&wrong),
            global_update: true,
            ..Default::default()
        }),
        "update with a matrix of another size",
        &format!("Au is {} x {}", n + 1, n + 1),
    );
    let (sa, _) = eps.krylov_schur_subcomm_mats()?;
    expect_err(
        eps.update_krylov_schur_subcomm_mats_to(slepc::EpsSubcommMatsUpdate {
            bu_scale: Scalar::from(1.0),
            bu: Some(&sa),
            structure: petsc::MatStructure::Same,
            global_update: true,
            ..Default::default()
        }),
        "update of B on a standard problem",
        "no B",
    );
    drop(sa);
    eps.update_krylov_schur_subcomm_mats_to(slepc::EpsSubcommMatsUpdate {
        a_scale: Scalar::from(2.0),
        structure: petsc::MatStructure::Same,
        global_update: true,
        ..Default::default()
    })?;
    let (first, _) = a.ownership_range().map(|r| (r.start, r.end))?;
    if first < n {
        assert_eq!(a.values(&[first], &[first])?, vec![Scalar::from(4.0)]);
    }
    eps.solve()?.check()?;
    let doubled: Vec<f64> = exact.iter().map(|l| 2.0 * l).collect();
    check(&eps, &a, &doubled)?;
    Ok(())
}

/// CISS's linear solvers (`EPSCISSGetKSPs`, split strategy): as many as the
/// integration points divided by the partitions (SLEPc's manual), halved for real matrices with a region
/// symmetric about the real axis in a complex build only; refused for another type and
/// for a region with no type (which SLEPc reads before checking it).
fn ciss_ksps(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let ranks = world.size() as Int;
    let mut eps = Eps::new(&world)?;
    eps.set_type(EpsType::KrylovSchur)?;
    expect_err(
        eps.ciss_ksps().map(|_| ()),
        "CISS KSPs of a Krylov-Schur solver",
        "not 'ciss'",
    );
    let a = tridiag(petsc, 20, -1.0, 2.0, -1.0)?;
    for real_matrices in [false, true] {
        let mut eps = Eps::new(&world)?;
        eps.set_operators(&a, None)?;
        eps.set_type(EpsType::Ciss)?;
        eps.set_ciss_sizes(slepc::EpsCissSizes {
            integration_points: 24,
            block_size: 4,
            moments: 4,
            partitions: ranks,
            max_block_size: 16,
            real_matrices,
        })?;
        if eps.rg()?.ty()?.is_none() {
            expect_err(
                eps.ciss_ksps().map(|_| ()),
                "CISS KSPs with a region of no type",
                "the region has no type",
            );
        }
        // The KSPs of the split strategy (from SLEPc 3.26 the only one that has them).
        eps.set_ciss_use_st(false)?;
        let mut rg = eps.rg()?;
        rg.set_type(slepc::RgType::Ellipse)?;
        rg.set_ellipse_parameters(1.0, 0.5, 0.5)?;
        let halved = SCALAR_IS_COMPLEX && real_matrices;
        let expect = 24 / ranks / if halved { 2 } else { 1 };
        let ksps = eps.ciss_ksps()?;
        assert_eq!(ksps.len() as Int, expect, "real_matrices {real_matrices}");
        for ksp in &ksps {
            assert_eq!(ksp.options_prefix()?, "eps_ciss_");
            // One rank per partition: each KSP on a subcommunicator of one rank.
            assert_eq!(petsc::Object::comm(ksp).size(), 1);
        }
        // The same solvers again, and they outlive the solver.
        let again = eps.ciss_ksps()?;
        assert_eq!(again[0].as_raw(), ksps[0].as_raw());
        drop(eps);
        assert_eq!(ksps[0].options_prefix()?, "eps_ciss_");
    }
    Ok(())
}

/// The settings of SLEPc 3.22 and later: `EPSIsStructured` (false for the usual problem
/// types) and the BSE method of Krylov-Schur, refused for another type.
#[cfg(petsc_3_22)]
fn structured_and_bse(petsc: &Petsc) -> petsc::Result<()> {
    use slepc::EpsKrylovSchurBseType as Bse;
    let mut eps = Eps::new(&petsc.world())?;
    for ty in [
        EpsProblemType::Hep,
        EpsProblemType::Ghep,
        EpsProblemType::Nhep,
    ] {
        eps.set_problem_type(ty)?;
        assert!(!eps.is_structured()?, "{ty:?}");
    }
    expect_err(
        eps.krylov_schur_bse_type().map(|_| ()),
        "BSE type of a solver of no type",
        "not 'krylovschur'",
    );
    eps.set_type(EpsType::KrylovSchur)?;
    assert_eq!(eps.krylov_schur_bse_type()?, Bse::Shao);
    for &t in Bse::ALL {
        eps.set_krylov_schur_bse_type(t)?;
        assert_eq!(eps.krylov_schur_bse_type()?, t);
    }
    // On another type SLEPc ignores the setter and refuses the getter.
    eps.set_type(EpsType::Lapack)?;
    eps.set_krylov_schur_bse_type(Bse::Gruning)?;
    expect_err(
        eps.krylov_schur_bse_type().map(|_| ()),
        "BSE type of a LAPACK solver",
        "not 'krylovschur'",
    );
    Ok(())
}

/// The LREP method of Krylov-Schur (SLEPc 3.26 and later); ignored by another type.
#[cfg(petsc_3_26)]
fn lrep_type(petsc: &Petsc) -> petsc::Result<()> {
    use slepc::EpsKrylovSchurLrepType as Lrep;
    let mut eps = Eps::new(&petsc.world())?;
    eps.set_type(EpsType::KrylovSchur)?;
    assert_eq!(eps.krylov_schur_lrep_type()?, Lrep::Teng);
    eps.set_krylov_schur_lrep_type(Lrep::Zhong)?;
    assert_eq!(eps.krylov_schur_lrep_type()?, Lrep::Zhong);
    // On another type SLEPc ignores the setter and refuses the getter.
    eps.set_type(EpsType::Power)?;
    eps.set_krylov_schur_lrep_type(Lrep::Teng)?;
    expect_err(
        eps.krylov_schur_lrep_type().map(|_| ()),
        "LREP type of a power solver",
        "not 'krylovschur'",
    );
    Ok(())
}

/// The threshold stopping test (SLEPc 3.23 and later) on the 1D Laplacian: with the
/// largest eigenvalues and an absolute threshold, the solve returns every closed-form
/// eigenvalue above it and at least one more, though `nev` asks for more; a NaN is
/// refused.
#[cfg(petsc_3_23)]
fn threshold_stop(petsc: &Petsc) -> petsc::Result<()> {
    let n = 100;
    let thresh = 3.5;
    let a = tridiag(petsc, n, -1.0, 2.0, -1.0)?;
    let mut exact = laplacian_eigenvalues(n);
    exact.reverse();
    let above = exact.iter().filter(|&&l| l > thresh).count() as Int;
    assert!((10..40).contains(&above), "a weak test: {above}");
    let mut eps = Eps::new(&petsc.world())?;
    eps.set_operators(&a, None)?;
    eps.set_problem_type(EpsProblemType::Hep)?;
    eps.set_type(EpsType::KrylovSchur)?;
    eps.set_which_eigenpairs(EpsWhich::LargestReal)?;
    eps.set_dimensions_to(slepc::Dimensions::new(60).ncv(80))?;
    eps.set_tolerances(slepc::Tolerances {
        tol: Some(1e-10),
        ..Default::default()
    })?;
    expect_err(
        eps.set_threshold(f64::NAN, false),
        "NaN threshold",
        "thresh NaN does not satisfy",
    );
    eps.set_threshold(thresh, false)?;
    assert_eq!(eps.threshold()?, (thresh, false));
    eps.solve()?.check()?;
    let nconv = eps.converged_count()?;
    assert!(
        nconv > above && nconv < 60,
        "{nconv} converged, {above} above {thresh}"
    );
    let mut found: Vec<f64> = (0..nconv)
        .map(|i| eps.value(i).map(|v| v.re))
        .collect::<petsc::Result<_>>()?;
    found.sort_by(|x, y| y.total_cmp(x));
    for (f, e) in found.iter().zip(&exact[..above as usize + 1]) {
        assert_close(*f, *e, 1e-8);
    }
    assert!(found[above as usize] < thresh);
    Ok(())
}

/// Two-sided Krylov-Schur on tridiag(-1, 2, -0.64) (eigenvalues
/// `2 + 1.6 cos(k pi/(n+1))`):
/// the right and left eigenvectors satisfy `A x = lambda x` and `A^T y = lambda y`.
fn two_sided(petsc: &Petsc) -> petsc::Result<()> {
    let n = 20;
    let a = tridiag(petsc, n, -1.0, 2.0, -0.64)?;
    let mut exact: Vec<f64> = (1..=n)
        .map(|k| 2.0 + 1.6 * (k as f64 * PI / (n as f64 + 1.0)).cos())
        .collect();
    exact.sort_by(|x, y| y.total_cmp(x));
    let mut eps = Eps::new(&petsc.world())?;
    eps.set_operators(&a, None)?;
    eps.set_problem_type(EpsProblemType::Nhep)?;
    eps.set_which_eigenpairs(EpsWhich::LargestReal)?;
    eps.set_dimensions_to(slepc::Dimensions::new(3))?;
    eps.set_tolerances(slepc::Tolerances {
        tol: Some(1e-10),
        ..Default::default()
    })?;
    eps.set_two_sided(true)?;
    assert!(eps.two_sided()?);
    eps.solve()?.check()?;
    let (mut xr, mut xi) = a.create_vecs()?;
    let (mut yr, mut yi) = a.create_vecs()?;
    let mut aty = yr.duplicate()?;
    for i in 0..3 {
        let petsc::Complex { re, .. } = eps.pair(i, &mut xr, &mut xi)?;
        assert_close(re, exact[i as usize], 1e-9);
        assert!(residual(&a, None, re, &xr)? < 1e-8);
        eps.left_eigenvector(i, &mut yr, &mut yi)?;
        a.mult_transpose(&yr, &mut aty)?;
        aty.axpy(-Scalar::from(re), &yr)?;
        let r = aty.norm(NormType::Two)? / yr.norm(NormType::Two)?;
        assert!(r < 1e-8, "left pair {i}: residual {r}");
        // A left eigenvector of the non-symmetric A is not the right one.
        let mut d = yr.duplicate()?;
        d.copy_from(&yr)?;
        d.scale(Scalar::from(1.0 / yr.norm(NormType::Two)?))?;
        let mut x = xr.duplicate()?;
        x.copy_from(&xr)?;
        x.scale(Scalar::from(1.0 / xr.norm(NormType::Two)?))?;
        let (dot, _) = d.dot_norm2(&x)?;
        assert!(re_abs(dot).1 < 0.999, "left = right for pair {i}");
    }
    // One-sided: refused.
    let mut one = Eps::new(&petsc.world())?;
    one.set_operators(&a, None)?;
    one.solve()?.check()?;
    expect_err(
        one.left_eigenvector(0, &mut yr, &mut yi),
        "one-sided",
        "set_two_sided(true)",
    );
    Ok(())
}

/// The invariant subspace of the Laplacian's largest eigenvalues is orthonormal and
/// made of its eigenvectors; the views print the eigenvalues.
fn invariant_subspace_and_views(petsc: &Petsc) -> petsc::Result<()> {
    let n = 30;
    let a = tridiag(petsc, n, -1.0, 2.0, -1.0)?;
    let exact = laplacian_eigenvalues(n);
    let mut eps = Eps::new(&petsc.world())?;
    eps.set_operators(&a, None)?;
    assert!(eps.invariant_subspace()?.is_empty());
    eps.set_problem_type(EpsProblemType::Hep)?;
    eps.set_which_eigenpairs(EpsWhich::LargestReal)?;
    eps.set_dimensions_to(slepc::Dimensions::new(4))?;
    eps.set_tolerances(slepc::Tolerances {
        tol: Some(1e-10),
        ..Default::default()
    })?;
    eps.solve()?.check()?;
    let v = eps.invariant_subspace()?;
    assert_eq!(v.len() as Int, eps.converged_count()?);
    for (i, vi) in v.iter().enumerate() {
        let petsc::Complex { re, .. } = eps.value(i as Int)?;
        assert_close(re, exact[n as usize - 1 - i], 1e-9);
        assert_close(vi.norm(NormType::Two)?, 1.0, 1e-10);
        assert!(residual(&a, None, re, vi)? < 1e-8);
        for vj in &v[..i] {
            let (d, _) = vi.dot_norm2(vj)?;
            assert!(re_abs(d).1 < 1e-10);
        }
    }
    let (op, b) = eps.operators()?;
    assert_eq!(op.size()?, (n, n));
    assert!(b.is_none());

    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("eps-views-{}.txt", petsc.world().size()));
    {
        let viewer = petsc::Viewer::ascii_file(&petsc.world(), path.to_str().unwrap())?;
        eps.error_view(EpsErrorType::Relative, &viewer)?;
        eps.values_view(&viewer)?;
        eps.converged_reason_view(&viewer)?;
    }
    petsc.world().barrier()?;
    let text = std::fs::read_to_string(&path).expect("the viewer's file");
    let top = exact[n as usize - 1];
    assert!(text.contains(&format!("{top:.5}")), "{top:.5} in {text}");
    assert!(
        text.contains("All requested eigenvalues computed up to the required tolerance"),
        "{text}"
    );
    assert!(text.contains("converged"), "{text}");
    petsc.world().barrier()?;
    if petsc.world().rank() == 0 {
        std::fs::remove_file(&path).ok();
    }
    eps.reset()?;
    assert_eq!(eps.size()?, None);
    Ok(())
}

/// A transformation configured beforehand and given to the solver (`EPSSetST`):
/// shift-and-invert at `sigma = 1.3` with its own linear solver; the solver uses that
/// very transformation and linear solver, and finds the 4 eigenvalues of the 1-D
/// Laplacian nearest the shift (interior ones), against the closed form.
fn given_st(petsc: &Petsc) -> petsc::Result<()> {
    use slepc::St;
    let n = 60;
    let sigma = 1.3;
    let a = tridiag(petsc, n, -1.0, 2.0, -1.0)?;
    let mut near = laplacian_eigenvalues(n);
    near.sort_by(|x, y| (x - sigma).abs().total_cmp(&(y - sigma).abs()));

    let mut st = St::new(&petsc.world())?;
    st.set_type(StType::Sinvert)?;
    st.set_shift(sigma)?;
    let mut ksp = petsc::Ksp::new(&petsc.world())?;
    if parallel_factor(petsc, false)? {
        ksp.set_type(petsc::KspType::Preonly)?;
        ksp.pc()?.set_type(petsc::PcType::Lu)?;
    } else {
        // A - sigma I is indefinite: GMRES, to a tolerance below the eigensolver's.
        ksp.set_type(petsc::KspType::Gmres)?;
        ksp.pc()?.set_type(petsc::PcType::Jacobi)?;
        ksp.set_tolerances(petsc::KspTolerances {
            rtol: Some(1e-13),
            atol: Some(0.0),
            max_it: Some(10_000),
            ..Default::default()
        })?;
    }
    st.set_ksp(&ksp)?;

    let mut eps = Eps::new(&petsc.world())?;
    eps.set_st(&st)?;
    eps.set_operators(&a, None)?;
    eps.set_problem_type(EpsProblemType::Hep)?;
    eps.set_target(sigma)?;
    eps.set_which_eigenpairs(EpsWhich::TargetMagnitude)?;
    eps.set_dimensions_to(slepc::Dimensions::new(4))?;
    eps.set_tolerances(slepc::Tolerances {
        tol: Some(1e-10),
        ..Default::default()
    })?;
    eps.solve()?.check()?;
    // The solver's transformation and linear solver are the ones given.
    let mut own = eps.st()?;
    assert_eq!(own.as_raw(), st.as_raw());
    assert_eq!(own.ksp()?.as_raw(), ksp.as_raw());
    assert_eq!(st.ty()?, Some(StType::Sinvert));
    assert_eq!(re_abs(st.shift()?).0, sigma);
    check_pairs(&eps, &a, None, &near[..4], 1e-10)?;
    // The 4 nearest are interior: two on each side of the shift.
    assert!(near[..4].iter().any(|&l| l < sigma) && near[..4].iter().any(|&l| l > sigma));
    Ok(())
}

/// `EPSVectorsView`: the eigenvectors written to a binary file are read back one by one
/// and equal the solver's eigenvectors (each an eigenvector of `A`, by its residual
/// computed here); an ASCII file names one vector per converged pair, in order.
fn vectors_view(petsc: &Petsc) -> petsc::Result<()> {
    use petsc::{FileMode, Viewer};
    let n = 30;
    let a = tridiag(petsc, n, -1.0, 2.0, -1.0)?;
    let exact = laplacian_eigenvalues(n);
    let mut eps = Eps::new(&petsc.world())?;
    eps.set_operators(&a, None)?;
    eps.set_problem_type(EpsProblemType::Hep)?;
    eps.set_which_eigenpairs(EpsWhich::LargestReal)?;
    eps.set_dimensions_to(slepc::Dimensions::new(3))?;
    eps.set_tolerances(slepc::Tolerances {
        tol: Some(1e-10),
        ..Default::default()
    })?;
    eps.solve()?.check()?;
    let nconv = eps.converged_count()?;
    assert!(nconv >= 3, "{nconv} converged");

    let world = petsc.world();
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"));
    let binary = dir.join(format!("eps-vectors-{}.bin", world.size()));
    let ascii = dir.join(format!("eps-vectors-{}.txt", world.size()));
    let binary_path = binary.to_str().unwrap();
    eps.vectors_view(&Viewer::binary_file(&world, binary_path, FileMode::Write)?)?;
    eps.vectors_view(&Viewer::ascii_file(&world, ascii.to_str().unwrap())?)?;
    world.barrier()?;

    // Each pair's vector: with real scalars its real and imaginary parts (`Xr0_...`,
    // `Xi0_...`, zero here), with complex scalars one vector (`X0_...`).
    let parts: &[&str] = if SCALAR_IS_COMPLEX {
        &[""]
    } else {
        &["r", "i"]
    };
    let reader = Viewer::binary_file(&world, binary_path, FileMode::Read)?;
    let (mut xr, mut xi) = a.create_vecs()?;
    for i in 0..nconv {
        let petsc::Complex { re, .. } = eps.pair(i, &mut xr, &mut xi)?;
        assert_close(re, exact[(n - 1 - i) as usize], 1e-9);
        for part in parts {
            let loaded = Vector::load(&world, &reader)?;
            assert_eq!(loaded.size()?, n);
            let mine = if *part == "i" { &xi } else { &xr };
            let mut d = loaded.duplicate()?;
            d.copy_from(&loaded)?;
            d.axpy(-1.0, mine)?;
            assert!(
                d.norm(NormType::Two)? < 1e-14,
                "vector X{part}{i} differs from the solver's"
            );
            if *part == "i" {
                assert_eq!(loaded.norm(NormType::Two)?, 0.0);
            } else {
                assert!(residual(&a, None, re, &loaded)? < 1e-8, "vector {i}");
            }
        }
    }
    drop(reader);

    let text = std::fs::read_to_string(&ascii).expect("the ASCII viewer's file");
    let names: Vec<&str> = text
        .lines()
        .filter_map(|l| l.strip_prefix("Vec Object: "))
        .collect();
    assert_eq!(names.len(), nconv as usize * parts.len(), "{text}");
    for (k, name) in names.iter().enumerate() {
        let (i, part) = (k / parts.len(), parts[k % parts.len()]);
        assert!(name.starts_with(&format!("X{part}{i}_EPS_")), "{name}");
    }
    world.barrier()?;
    if world.rank() == 0 {
        for p in [&binary, &ascii] {
            std::fs::remove_file(p).ok();
        }
        std::fs::remove_file(format!("{binary_path}.info")).ok();
    }
    Ok(())
}

/// Purification (`EPSSetPurify`, on by default) in the generalized problem of
/// [`laplacian_1d_generalized`] with shift-and-invert: with and without it, the three
/// eigenvalues nearest 0 are the closed form's, the eigenvectors are `B`-normalized
/// (`x^T B x = 1`), and the two solves' eigenvectors are the same up to sign.
fn purify_generalized_sinvert(petsc: &Petsc) -> petsc::Result<()> {
    let n = 50;
    let h = 1.0 / (n + 1) as f64;
    let a = tridiag(petsc, n, -1.0 / h, 2.0 / h, -1.0 / h)?;
    let b = tridiag(petsc, n, h / 6.0, 4.0 * h / 6.0, h / 6.0)?;
    let exact: Vec<f64> = (1..=3)
        .map(|k| {
            let c = (k as f64 * PI / (n + 1) as f64).cos();
            6.0 * (1.0 - c) / (h * h * (2.0 + c))
        })
        .collect();
    let mut vectors: Vec<Vec<Vector>> = Vec::new();
    for purify in [true, false] {
        let mut eps = Eps::new(&petsc.world())?;
        assert!(eps.purify()?, "purification is SLEPc's default");
        eps.set_operators(&a, Some(&b))?;
        eps.set_problem_type(EpsProblemType::Ghep)?;
        eps.set_purify(purify)?;
        assert_eq!(eps.purify()?, purify);
        eps.set_dimensions_to(slepc::Dimensions::new(3))?;
        eps.set_tolerances(slepc::Tolerances {
            tol: Some(1e-10),
            ..Default::default()
        })?;
        eps.set_target(0.0)?;
        eps.set_which_eigenpairs(EpsWhich::TargetMagnitude)?;
        eps.st()?.set_type(StType::Sinvert)?;
        spd_inner_solver(petsc, &eps)?;
        eps.solve()?.check()?;
        check_pairs(&eps, &a, Some(&b), &exact, 1e-10)?;
        let mut these = Vec::new();
        for i in 0..3 {
            let (mut xr, mut xi) = a.create_vecs()?;
            eps.eigenvector(i, &mut xr, &mut xi)?;
            let mut bx = xr.duplicate()?;
            b.mult(&xr, &mut bx)?;
            let (xbx, _) = bx.dot_norm2(&xr)?;
            assert_close(re_abs(xbx).0, 1.0, 1e-10);
            these.push(xr);
        }
        vectors.push(these);
    }
    for (i, (p, q)) in vectors[0].iter().zip(&vectors[1]).enumerate() {
        let mut bq = q.duplicate()?;
        b.mult(q, &mut bq)?;
        let (d, _) = bq.dot_norm2(p)?;
        let d = re_abs(d).1;
        assert!((d - 1.0).abs() < 1e-8, "pair {i}: |x^T B y| = {d}");
    }
    Ok(())
}

/// Type-specific options: refused on another type with an error naming both types,
/// read back on their own, and solves with them set find the closed-form eigenvalues.
fn type_options(petsc: &Petsc) -> petsc::Result<()> {
    let n = 30;
    let a = tridiag(petsc, n, -1.0, 2.0, -1.0)?;
    let exact = laplacian_eigenvalues(n);
    let largest: Vec<f64> = exact.iter().rev().take(3).copied().collect();
    let smallest: Vec<f64> = exact.iter().take(3).copied().collect();

    // Setters of another type (or of no type yet) are ignored, as SLEPc ignores them;
    // getters are refused, as SLEPc refuses them.
    let mut eps = Eps::new(&petsc.world())?;
    eps.set_krylov_schur_restart(0.7)?;
    expect_err(
        eps.krylov_schur_restart().map(|_| ()),
        "no type yet",
        "the solver type is not set yet, not 'krylovschur'",
    );
    eps.set_type(EpsType::Lanczos)?;
    eps.set_gd_block_size(2)?;
    expect_err(
        eps.gd_block_size().map(|_| ()),
        "GD getter on Lanczos",
        "the solver type is 'lanczos', not 'gd'",
    );
    expect_err(
        eps.jd_fix().map(|_| ()),
        "JD getter on Lanczos",
        "the solver type is 'lanczos', not 'jd'",
    );
    eps.set_ciss_sizes(slepc::EpsCissSizes {
        integration_points: 16,
        block_size: 4,
        moments: 8,
        partitions: 1,
        max_block_size: 16,
        real_matrices: false,
    })?;
    expect_err(
        eps.ciss_sizes().map(|_| ()),
        "CISS sizes on Lanczos",
        "not 'ciss'",
    );
    // A NaN is refused whatever the type.
    expect_err(
        eps.set_krylov_schur_restart(f64::NAN),
        "NaN restart on Lanczos",
        "must be finite",
    );
    // The restart given before the type had no effect: Krylov-Schur starts unset (0),
    // which its set-up turns into 0.5.
    eps.set_type(EpsType::KrylovSchur)?;
    assert_eq!(eps.krylov_schur_restart()?, 0.0);

    let solve = |ty: EpsType,
                 which: EpsWhich,
                 set: &dyn Fn(&mut Eps) -> petsc::Result<()>,
                 want: &[f64]|
     -> petsc::Result<()> {
        let mut eps = Eps::new(&petsc.world())?;
        eps.set_operators(&a, None)?;
        eps.set_problem_type(EpsProblemType::Hep)?;
        eps.set_type(ty.clone())?;
        eps.set_which_eigenpairs(which)?;
        eps.set_dimensions_to(slepc::Dimensions::new(3))?;
        eps.set_tolerances(slepc::Tolerances {
            tol: Some(1e-10),
            max_it: Some(10_000),
        })?;
        set(&mut eps)?;
        eps.solve()?.check()?;
        let nconv = eps.converged_count()?;
        assert!(nconv >= 3, "{ty:?}: {nconv} converged");
        check_pairs(&eps, &a, None, want, 1e-10)
            .map_err(|e| Error::invalid("type_options", format!("{ty:?}: {e}")))
    };
    solve(
        EpsType::Lanczos,
        EpsWhich::LargestReal,
        &|e| {
            e.set_lanczos_reorthog_type(slepc::EpsLanczosReorthog::Full)?;
            assert_eq!(e.lanczos_reorthog_type()?, slepc::EpsLanczosReorthog::Full);
            Ok(())
        },
        &largest,
    )?;
    solve(
        EpsType::Arnoldi,
        EpsWhich::LargestReal,
        &|e| {
            e.set_dimensions_to(slepc::Dimensions::new(3).ncv(16))?;
            e.set_arnoldi_delayed(true)?;
            assert!(e.arnoldi_delayed()?);
            // Delayed reorthogonalization loses too much for the tight tolerance.
            e.set_arnoldi_delayed(false)?;
            Ok(())
        },
        &largest,
    )?;
    solve(
        EpsType::KrylovSchur,
        EpsWhich::LargestReal,
        &|e| {
            e.set_krylov_schur_restart(0.7)?;
            e.set_krylov_schur_locking(false)?;
            assert_eq!(e.krylov_schur_restart()?, 0.7);
            assert!(!e.krylov_schur_locking()?);
            expect_err(
                e.set_krylov_schur_restart(f64::NAN),
                "NaN restart",
                "finite",
            );
            assert!(e.set_krylov_schur_restart(0.95).is_err());
            Ok(())
        },
        &largest,
    )?;
    solve(
        EpsType::Gd,
        EpsWhich::SmallestReal,
        &|e| {
            e.set_gd_block_size(2)?;
            e.set_gd_restart(6, 1)?;
            e.set_gd_initial_size(4)?;
            e.set_gd_krylov_start(true)?;
            e.set_gd_borth(true)?;
            e.set_gd_double_expansion(false)?;
            assert_eq!(e.gd_block_size()?, 2);
            assert_eq!(e.gd_restart()?, (6, 1));
            assert_eq!(e.gd_initial_size()?, 4);
            assert!(e.gd_krylov_start()? && e.gd_borth()? && !e.gd_double_expansion()?);
            Ok(())
        },
        &smallest,
    )?;
    solve(
        EpsType::Jd,
        EpsWhich::LargestReal,
        &|e| {
            e.set_jd_block_size(1)?;
            e.set_jd_restart(6, 1)?;
            e.set_jd_initial_size(2)?;
            e.set_jd_fix(0.01)?;
            e.set_jd_const_correction_tol(true)?;
            e.set_jd_krylov_start(false)?;
            e.set_jd_borth(true)?;
            assert_eq!(e.jd_restart()?, (6, 1));
            assert_eq!(e.jd_fix()?, 0.01);
            assert!(e.jd_const_correction_tol()? && !e.jd_krylov_start()? && e.jd_borth()?);
            assert_eq!((e.jd_block_size()?, e.jd_initial_size()?), (1, 2));
            Ok(())
        },
        &largest,
    )?;
    solve(
        EpsType::Lobpcg,
        EpsWhich::SmallestReal,
        &|e| {
            e.set_lobpcg_block_size(4)?;
            e.set_lobpcg_restart(0.9)?;
            e.set_lobpcg_locking(true)?;
            assert_eq!(e.lobpcg_block_size()?, 4);
            assert_eq!(e.lobpcg_restart()?, 0.9);
            assert!(e.lobpcg_locking()?);
            Ok(())
        },
        &smallest,
    )?;
    solve(
        EpsType::Rqcg,
        EpsWhich::SmallestReal,
        &|e| {
            e.set_rqcg_reset(5)?;
            assert_eq!(e.rqcg_reset()?, 5);
            Ok(())
        },
        &smallest,
    )?;
    if parallel_factor(petsc, false)? {
        // Inverse iteration from a target near the 5th eigenvalue.
        let mut eps = Eps::new(&petsc.world())?;
        eps.set_operators(&a, None)?;
        eps.set_problem_type(EpsProblemType::Hep)?;
        eps.set_type(EpsType::Power)?;
        eps.set_power_shift_type(slepc::EpsPowerShiftType::Rayleigh)?;
        assert_eq!(eps.power_shift_type()?, slepc::EpsPowerShiftType::Rayleigh);
        eps.set_power_shift_type(slepc::EpsPowerShiftType::Constant)?;
        eps.set_target(exact[4] + 0.01)?;
        eps.st()?.set_type(StType::Sinvert)?;
        eps.set_tolerances(slepc::Tolerances {
            tol: Some(1e-10),
            ..Default::default()
        })?;
        eps.solve()?.check()?;
        check_pairs(&eps, &a, None, &exact[4..5], 1e-10)?;
    }
    let mut eps = Eps::new(&petsc.world())?;
    eps.set_type(EpsType::Lyapii)?;
    eps.set_lyapii_ranks(5, 12)?;
    assert_eq!(eps.lyapii_ranks()?, (5, 12));
    eps.set_type(EpsType::Ciss)?;
    eps.set_ciss_extraction(slepc::EpsCissExtraction::Hankel)?;
    eps.set_ciss_quad_rule(slepc::EpsCissQuadRule::Chebyshev)?;
    eps.set_ciss_threshold(1e-12, 1e-4)?;
    eps.set_ciss_refinement(0, 1)?;
    eps.set_ciss_use_st(true)?;
    assert_eq!(eps.ciss_extraction()?, slepc::EpsCissExtraction::Hankel);
    assert_eq!(eps.ciss_quad_rule()?, slepc::EpsCissQuadRule::Chebyshev);
    assert_eq!(eps.ciss_threshold()?, (1e-12, 1e-4));
    assert_eq!(eps.ciss_refinement()?, (0, 1));
    assert!(eps.ciss_use_st()?);
    Ok(())
}

/// Settings every solver shares, with solves that find the closed form: harmonic
/// extraction toward a target, the absolute convergence test with residuals of every
/// approximation, true residuals, purification, and balancing of a non-symmetric
/// problem.
fn shared_settings(petsc: &Petsc) -> petsc::Result<()> {
    let n = 30;
    let a = tridiag(petsc, n, -1.0, 2.0, -1.0)?;
    let exact = laplacian_eigenvalues(n);
    let target = 1.0;
    let mut near: Vec<f64> = exact.clone();
    near.sort_by(|x, y| (x - target).abs().total_cmp(&(y - target).abs()));

    let mut eps = Eps::new(&petsc.world())?;
    eps.set_operators(&a, None)?;
    eps.set_problem_type(EpsProblemType::Hep)?;
    assert!(eps.is_hermitian()? && !eps.is_generalized()? && !eps.is_positive()?);
    eps.set_extraction(slepc::EpsExtraction::Harmonic)?;
    eps.set_target(target)?;
    eps.set_which_eigenpairs(EpsWhich::TargetMagnitude)?;
    eps.set_convergence_test(slepc::EpsConv::Abs)?;
    eps.set_track_all(true)?;
    eps.set_purify(false)?;
    eps.set_dimensions_to(slepc::Dimensions::new(2).ncv(n))?;
    eps.set_tolerances(slepc::Tolerances {
        tol: Some(1e-10),
        ..Default::default()
    })?;
    eps.solve()?.check()?;
    assert_eq!(eps.extraction()?, slepc::EpsExtraction::Harmonic);
    assert_eq!(eps.convergence_test()?, Some(slepc::EpsConv::Abs));
    assert!(eps.track_all()? && !eps.purify()?);
    let (mut xr, mut xi) = a.create_vecs()?;
    for (i, &l) in near.iter().take(2).enumerate() {
        let petsc::Complex { re, .. } = eps.pair(i as Int, &mut xr, &mut xi)?;
        assert_close(re, l, 1e-9);
        assert!(residual(&a, None, re, &xr)? < 1e-8);
    }

    // Arnoldi with true residuals; balancing of a non-symmetric matrix (eigenvalues
    // 2 + 1.6 cos(k pi/(n+1)) of tridiag(-1, 2, -0.64)).
    let b = tridiag(petsc, n, -1.0, 2.0, -0.64)?;
    let top = 2.0 + 1.6 * (PI / (n as f64 + 1.0)).cos();
    let mut eps = Eps::new(&petsc.world())?;
    eps.set_operators(&b, None)?;
    eps.set_type(EpsType::Arnoldi)?;
    eps.set_true_residual(true)?;
    assert!(eps.true_residual()?);
    eps.set_balance(slepc::EpsBalance::TwoSide, Some(3), Some(1e-8))?;
    assert_eq!(eps.balance()?, (slepc::EpsBalance::TwoSide, 3, 1e-8));
    eps.set_which_eigenpairs(EpsWhich::LargestReal)?;
    eps.set_dimensions_to(slepc::Dimensions::new(1).ncv(16))?;
    eps.set_tolerances(slepc::Tolerances {
        tol: Some(1e-10),
        max_it: Some(10_000),
    })?;
    eps.solve()?.check()?;
    let petsc::Complex { re, .. } = eps.pair(0, &mut xr, &mut xi)?;
    assert_close(re, top, 1e-9);
    assert!(residual(&b, None, re, &xr)? < 1e-8);
    Ok(())
}

/// `(real part, modulus)` of a scalar.
#[cfg(petsc_complex)]
fn re_abs(s: Scalar) -> (f64, f64) {
    (s.re, s.norm())
}

/// `(real part, modulus)` of a scalar.
#[cfg(not(petsc_complex))]
fn re_abs(s: Scalar) -> (f64, f64) {
    (s, s.abs())
}

/// An arbitrary selection ranking an approximation by `-(rho - target)^2`, with `rho`
/// the Rayleigh quotient of the vector it is given.
fn nearest_selection(
    a: &Mat,
    target: f64,
) -> petsc::Result<impl FnMut(f64, f64, &Vector, Option<&Vector>) -> petsc::Result<f64> + 'static> {
    let op = a.duplicate(MatDuplicateOption::CopyValues)?;
    Ok(
        move |_re: f64, _im: f64, x: &Vector, _xi: Option<&Vector>| -> petsc::Result<f64> {
            let mut ax = x.duplicate()?;
            op.mult(x, &mut ax)?;
            let (xax, _) = ax.dot_norm2(x)?;
            let rho = re_abs(xax).0 / x.norm(NormType::Two)?.powi(2);
            Ok(-(rho - target).powi(2))
        },
    )
}

/// The first three eigenvalues of a solve with the arbitrary selection of
/// [`nearest_selection`]: eigenvalues of the closed form, the two nearest the target among
/// them (the selection steers the restarts; which third one converges first varies).
fn check_selected(eps: &Eps, exact: &[f64], near: &[f64]) -> petsc::Result<()> {
    let got = (0..3)
        .map(|i| eps.value(i).map(|v| v.re))
        .collect::<petsc::Result<Vec<f64>>>()?;
    for g in &got {
        assert!(
            exact.iter().any(|e| (e - g).abs() < 1e-9),
            "{g} in {exact:?}"
        );
    }
    for w in &near[..2] {
        assert!(got.iter().any(|g| (g - w).abs() < 1e-9), "{w} in {got:?}");
    }
    Ok(())
}

/// Closures as tests and orderings: each is used (the results follow it), and one that
/// fails or panics makes the solve fail with an error naming it, after which the
/// solver solves again.
fn closures(petsc: &Petsc) -> petsc::Result<()> {
    let n = 30;
    let a = tridiag(petsc, n, -1.0, 2.0, -1.0)?;
    let exact = laplacian_eigenvalues(n);
    let largest: Vec<f64> = exact.iter().rev().take(3).copied().collect();
    let fresh = || -> petsc::Result<Eps> {
        let mut eps = Eps::new(&petsc.world())?;
        eps.set_operators(&a, None)?;
        eps.set_problem_type(EpsProblemType::Hep)?;
        eps.set_which_eigenpairs(EpsWhich::LargestReal)?;
        eps.set_dimensions_to(slepc::Dimensions::new(3))?;
        eps.set_tolerances(slepc::Tolerances {
            tol: Some(1e-10),
            ..Default::default()
        })?;
        Ok(eps)
    };

    // Convergence test: relative residuals computed here.
    let mut eps = fresh()?;
    let calls = Rc::new(Cell::new(0));
    let seen = calls.clone();
    eps.set_convergence_test_function(move |re, _im, res| {
        seen.set(seen.get() + 1);
        Ok(res / re.abs())
    })?;
    eps.solve()?.check()?;
    assert!(calls.get() > 0);
    check_pairs(&eps, &a, None, &largest, 1e-10)?;
    eps.set_convergence_test_function(|_, _, _| Err(Error::invalid("mine", "no test today")))?;
    expect_err(
        eps.solve().map(drop),
        "failing convergence test",
        "EPS convergence test",
    );
    eps.set_convergence_test_function(|_, _, _| panic!("convergence test panics"))?;
    let e = eps.solve().unwrap_err();
    assert!(
        matches!(&e, Error::CallbackPanic { callback, .. } if callback == "EPS convergence test"),
        "{e:?}"
    );
    eps.set_convergence_test(slepc::EpsConv::Rel)?;
    eps.solve()?.check()?;
    check_pairs(&eps, &a, None, &largest, 1e-10)?;

    // Stopping test: stops after two iterations, then fails, then mimics SLEPc's.
    let mut eps = fresh()?;
    eps.set_dimensions_to(slepc::Dimensions::new(3).ncv(8))?;
    eps.set_stopping_test_function(|s| {
        Ok(if s.iteration >= 2 {
            EpsConvergedReason::ConvergedUser
        } else {
            EpsConvergedReason::Iterating
        })
    })?;
    let reason = eps.solve()?;
    assert_eq!(eps.iteration_number()?, 2);
    assert_eq!(reason, EpsConvergedReason::ConvergedUser);
    eps.set_stopping_test_function(|_| Err(Error::invalid("mine", "stop")))?;
    expect_err(
        eps.solve().map(drop),
        "failing stopping test",
        "EPS stopping test",
    );
    eps.set_stopping_test_function(|s| {
        Ok(if s.converged >= s.requested {
            EpsConvergedReason::ConvergedTol
        } else if s.iteration >= s.max_it {
            EpsConvergedReason::DivergedIts
        } else {
            EpsConvergedReason::Iterating
        })
    })?;
    eps.solve()?.check()?;
    check_pairs(&eps, &a, None, &largest, 1e-10)?;

    // Eigenvalue comparison: closest to 1 first (the whole space fits the basis).
    let target = 1.0;
    let mut near = exact.clone();
    near.sort_by(|x, y| (x - target).abs().total_cmp(&(y - target).abs()));
    let mut eps = fresh()?;
    eps.set_dimensions_to(slepc::Dimensions::new(3).ncv(n).mpd(n))?;
    eps.set_eigenvalue_comparison(move |x, y| {
        Ok((x.0 - target).abs().total_cmp(&(y.0 - target).abs()))
    })?;
    assert_eq!(eps.which_eigenpairs()?, EpsWhich::User);
    expect_err(
        eps.set_which_eigenpairs(EpsWhich::User),
        "Which::User",
        "set_eigenvalue_comparison",
    );
    eps.solve()?.check()?;
    check_pairs(&eps, &a, None, &near[..3], 1e-10)?;
    eps.set_eigenvalue_comparison(|_, _| Err(Error::invalid("mine", "incomparable")))?;
    expect_err(
        eps.solve().map(drop),
        "failing comparison",
        "EPS eigenvalue comparison",
    );
    eps.set_eigenvalue_comparison(move |x, y| {
        Ok((x.0 - target).abs().total_cmp(&(y.0 - target).abs()))
    })?;
    eps.solve()?.check()?;
    check_pairs(&eps, &a, None, &near[..3], 1e-10)?;

    // Arbitrary selection: ranked by -(lambda - 1)^2, computed from the Rayleigh
    // quotient of the vector it is given.
    let mut eps = fresh()?;
    eps.set_dimensions_to(slepc::Dimensions::new(3).ncv(10))?;
    eps.set_arbitrary_selection(nearest_selection(&a, target)?)?;
    eps.solve()?.check()?;
    check_selected(&eps, &exact, &near)?;
    eps.set_arbitrary_selection(|_, _, _, _| panic!("arbitrary panics"))?;
    let e = eps.solve().unwrap_err();
    assert!(
        matches!(&e, Error::CallbackPanic { callback, .. } if callback == "EPS arbitrary selection"),
        "{e:?}"
    );
    eps.set_arbitrary_selection(nearest_selection(&a, target)?)?;
    eps.solve()?.check()?;
    check_selected(&eps, &exact, &near)?;
    Ok(())
}

/// Runs the child program this binary was started as, if it was (`rerun_self`).
pub fn child_mode() {
    if std::env::args().nth(1).as_deref() == Some(CLOSURES_CHILD) {
        let petsc = Petsc::builder()
            .args(["eps"])
            .init()
            .expect("PETSc initialization");
        if let Err(e) = closures_stop_leaky_types(&petsc) {
            eprintln!("closures: {e}");
            std::process::exit(1);
        }
        drop(petsc);
        std::process::exit(0);
    }
    if std::env::args().nth(1).as_deref() == Some(LEAKY_CHILD) {
        leaky_child();
    }
}

pub fn cases() -> Vec<Case> {
    let cases = vec![
        Case::new("laplacian_1d_standard", laplacian_1d_standard).ranks(&[1, 2, 3]),
        Case::new("solve_returns_reason", solve_returns_reason).ranks(&[1, 2]),
        Case::new("laplacian_1d_generalized", laplacian_1d_generalized).ranks(&[1, 2, 3]),
        Case::new("laplacian_2d_standard", laplacian_2d_standard).ranks(&[1, 2, 3]),
        Case::new("laplacian_2d_generalized", laplacian_2d_generalized).ranks(&[1, 2, 3]),
        Case::new("nonsymmetric_complex_pairs", nonsymmetric_complex_pairs).ranks(&[1, 2, 3]),
        Case::new("bad_inputs", bad_inputs).ranks(&[1, 2]),
        Case::new("dimensions_by_name", dimensions_by_name).ranks(&[1, 2]),
        Case::new("filter_with_failing_monitor", filter_with_failing_monitor).ranks(&[1, 2]),
        Case::new(
            "initial_space_of_another_layout",
            initial_space_of_another_layout,
        )
        .ranks(&[1, 2, 3]),
        Case::new("st_matrices_and_modes", st_matrices_and_modes).ranks(&[1, 2, 3]),
        Case::new("monitors", monitors).ranks(&[1, 2]),
        Case::new("options_and_inner_solver", options_and_inner_solver).ranks(&[1, 2]),
        Case::new("recovery_krylovschur", recovery_krylovschur).ranks(&[1, 2]),
        Case::new("recovery_other_types", recovery_other_types).ranks(&[1, 2]),
        Case::new("recovery_sinvert", recovery_sinvert).ranks(&[1, 2]),
        Case::new("recovery_leaky_types", recovery_leaky_types),
        Case::new("closures_free_everything", closures_free_everything),
        Case::new("bridge_example", bridge_example),
        Case::new("spectrum_slicing", spectrum_slicing).ranks(&[1, 2]),
        Case::new("spectrum_slicing_subcomms", spectrum_slicing_subcomms).ranks(&[1, 2, 3]),
        Case::new("ciss_ksps", ciss_ksps).ranks(&[1, 2]),
        Case::new("two_sided", two_sided).ranks(&[1, 2]),
        Case::new("invariant_subspace_and_views", invariant_subspace_and_views).ranks(&[1, 2]),
        Case::new("given_st", given_st).ranks(&[1, 2]),
        Case::new("vectors_view", vectors_view).ranks(&[1, 2]),
        Case::new("purify_generalized_sinvert", purify_generalized_sinvert).ranks(&[1, 2]),
        Case::new("type_options", type_options).ranks(&[1, 2]),
        Case::new("shared_settings", shared_settings).ranks(&[1, 2]),
        Case::new("closures", closures).ranks(&[1, 2]),
        Case::new("outputs_viewed_elsewhere", outputs_viewed_elsewhere).ranks(&[1, 2]),
        Case::new("output_of_another_split", output_of_another_split).ranks(&[2, 3]),
    ];
    #[cfg(petsc_complex)]
    let cases = [
        cases,
        vec![Case::new("hermitian_complex", hermitian_complex).ranks(&[1, 2, 3])],
    ]
    .concat();
    // The SLEPc gates (`slepc_3_22`, ...) of slepc-rs as the PETSc ones of this crate's
    // build script: SLEPc 3.N builds on PETSc 3.N only.
    #[cfg(petsc_3_22)]
    let cases = [
        cases,
        vec![Case::new("structured_and_bse", structured_and_bse).ranks(&[1, 2])],
    ]
    .concat();
    #[cfg(petsc_3_23)]
    let cases = [
        cases,
        vec![Case::new("threshold_stop", threshold_stop).ranks(&[1, 2])],
    ]
    .concat();
    #[cfg(petsc_3_26)]
    let cases = [cases, vec![Case::new("lrep_type", lrep_type)]].concat();
    cases
}
