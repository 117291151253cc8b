//! SLEPc singular value solvers through `slepc-rs`: the 1-D Laplacian (singular values
//! `2 - 2 cos(k pi / (n + 1))`) by every solver type, largest and smallest, at 1, 2 and 3
//! ranks; tall and wide matrices against a dense SVD computed here (Jacobi on `A^T A`),
//! and permuted diagonals with known singular values by the randomized solver;
//! generalized (GSVD) and hyperbolic problems with closed forms; refused inputs;
//! monitors, and solvers that solve again after a monitor failed.

use std::cell::RefCell;
use std::f64::consts::PI;
use std::rc::Rc;

use petsc::{Error, InsertMode, Int, Mat, NormType, Object, Petsc, Scalar, Sizes, Vector, Viewer};
use petsc_tests::{assert_close, crawls_at, run_example, skip, Case};
use slepc::{
    EpsType, Svd, SvdConv, SvdConvergedReason, SvdErrorType, SvdProblemType, SvdStop,
    SvdTrLanczosGBidiag, SvdType, SvdWhich,
};

/// An `m x n` matrix on the world communicator with entries `entry(i, j)` (zeros skipped).
fn matrix(petsc: &Petsc, m: Int, n: Int, entry: impl Fn(Int, Int) -> f64) -> petsc::Result<Mat> {
    let mut a = Mat::aij(&petsc.world())
        .sizes(Sizes::global(m, n))
        .preallocate(n, n)
        .build()?;
    for i in a.ownership_range()? {
        let (cols, vals): (Vec<Int>, Vec<Scalar>) = (0..n)
            .map(|j| (j, entry(i, j)))
            .filter(|&(_, v)| v != 0.0)
            .map(|(j, v)| (j, Scalar::from(v)))
            .unzip();
        a.set_values(&[i], &cols, &vals, InsertMode::Insert)?;
    }
    a.assemble()?;
    Ok(a)
}

/// The 1-D Laplacian tridiag(-1, 2, -1) of size n.
fn laplacian(petsc: &Petsc, n: Int) -> petsc::Result<Mat> {
    matrix(petsc, n, n, |i, j| match (i - j).abs() {
        0 => 2.0,
        1 => -1.0,
        _ => 0.0,
    })
}

/// Its singular values (its eigenvalues), largest first.
fn laplacian_sigmas(n: Int) -> Vec<f64> {
    (1..=n)
        .rev()
        .map(|k| 2.0 - 2.0 * (k as f64 * PI / (n + 1) as f64).cos())
        .collect()
}

/// Eigenvalues of the symmetric matrix `a` (row-major, `n x n`) by cyclic Jacobi
/// rotations, unsorted.
fn jacobi_eigenvalues(mut a: Vec<f64>, n: usize) -> Vec<f64> {
    for _sweep in 0..100 {
        let off: f64 = (0..n)
            .flat_map(|i| (0..n).filter(move |&j| j != i).map(move |j| (i, j)))
            .map(|(i, j)| a[i * n + j] * a[i * n + j])
            .sum();
        if off < 1e-30 {
            break;
        }
        for p in 0..n {
            for q in p + 1..n {
                let apq = a[p * n + q];
                if apq.abs() < 1e-300 {
                    continue;
                }
                let theta = (a[q * n + q] - a[p * n + p]) / (2.0 * apq);
                let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
                let t = if theta == 0.0 { 1.0 } else { t };
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                for k in 0..n {
                    let (akp, akq) = (a[k * n + p], a[k * n + q]);
                    a[k * n + p] = c * akp - s * akq;
                    a[k * n + q] = s * akp + c * akq;
                }
                for k in 0..n {
                    let (apk, aqk) = (a[p * n + k], a[q * n + k]);
                    a[p * n + k] = c * apk - s * aqk;
                    a[q * n + k] = s * apk + c * aqk;
                }
            }
        }
    }
    (0..n).map(|i| a[i * n + i]).collect()
}

/// Singular values of the dense `m x n` matrix `entry`, largest first: square roots of
/// the eigenvalues of `B^T B` with `B` the matrix or its transpose, whichever is smaller.
fn dense_sigmas(m: usize, n: usize, entry: impl Fn(usize, usize) -> f64) -> Vec<f64> {
    let (r, c) = (m.max(n), m.min(n));
    let b = |i: usize, j: usize| if m >= n { entry(i, j) } else { entry(j, i) };
    let mut g = vec![0.0; c * c];
    for i in 0..c {
        for j in 0..c {
            g[i * c + j] = (0..r).map(|k| b(k, i) * b(k, j)).sum();
        }
    }
    let mut s: Vec<f64> = jacobi_eigenvalues(g, c)
        .into_iter()
        .map(|l| l.max(0.0).sqrt())
        .collect();
    s.sort_by(|x, y| y.total_cmp(x));
    s
}

/// `(||A v - sigma u||, ||A^T u - sigma v||, ||u||, ||v||)` computed here.
fn residuals(a: &Mat, sigma: f64, u: &Vector, v: &Vector) -> petsc::Result<(f64, f64, f64, f64)> {
    let mut av = u.duplicate()?;
    a.mult(v, &mut av)?;
    av.axpy(-sigma, u)?;
    let mut atu = v.duplicate()?;
    a.mult_transpose(u, &mut atu)?;
    atu.axpy(-sigma, v)?;
    Ok((
        av.norm(NormType::Two)?,
        atu.norm(NormType::Two)?,
        u.norm(NormType::Two)?,
        v.norm(NormType::Two)?,
    ))
}

/// Checks the first `exact.len()` triplets of a solved `svd` of `a`: values to 1e-8,
/// unit singular vectors with `A v = sigma u`, `A^T u = sigma v`, small errors.
fn check_triplets(svd: &Svd, a: &Mat, exact: &[f64], what: &str) -> petsc::Result<()> {
    let nconv = svd.converged_count()?;
    assert!(
        nconv >= exact.len() as Int,
        "{what}: {nconv} converged, {} wanted",
        exact.len()
    );
    assert!(svd.converged_reason()?.is_converged(), "{what}");
    let (mut v, mut u) = a.create_vecs()?;
    let norm = exact.iter().fold(0.0f64, |m, s| m.max(*s));
    for (i, &s) in exact.iter().enumerate() {
        let i = i as Int;
        let sigma = svd.singular_triplet(i, &mut u, &mut v)?;
        assert_close(sigma, s, 1e-8);
        assert_eq!(svd.value(i)?, sigma, "{what}");
        let (r1, r2, nu, nv) = residuals(a, sigma, &u, &v)?;
        assert!(
            (nu - 1.0).abs() < 1e-10 && (nv - 1.0).abs() < 1e-10,
            "{what}: {nu} {nv}"
        );
        assert!(
            r1 < 1e-7 * norm.max(1.0),
            "{what} triplet {i}: ||A v - s u|| = {r1}"
        );
        assert!(
            r2 < 1e-7 * norm.max(1.0),
            "{what} triplet {i}: ||A^T u - s v|| = {r2}"
        );
        let abs = svd.compute_error(i, SvdErrorType::Absolute)?;
        assert!(
            abs < 1e-7 * norm.max(1.0),
            "{what} triplet {i}: absolute error {abs}"
        );
        // The absolute error is the residual norm computed here.
        assert!(
            (abs - (r1 * r1 + r2 * r2).sqrt()).abs() < 1e-9 * norm.max(1.0),
            "{what}: {abs} vs {r1} {r2}"
        );
        let rel = svd.compute_error(i, SvdErrorType::Relative)?;
        assert_close(rel, abs / sigma, 1e-6);
        assert!(svd.compute_error(i, SvdErrorType::Norm)? <= rel.max(abs) + 1e-12);
    }
    Ok(())
}

/// The largest and smallest singular values of the 1-D Laplacian, by every solver type.
fn laplacian_all_types(petsc: &Petsc) -> petsc::Result<()> {
    let n = 40;
    let a = laplacian(petsc, n)?;
    let sigmas = laplacian_sigmas(n);
    let smallest: Vec<f64> = sigmas.iter().rev().copied().collect();
    for ty in [
        SvdType::Cross,
        SvdType::Cyclic,
        SvdType::Lanczos,
        SvdType::TrLanczos,
        SvdType::Lapack,
    ] {
        for which in [SvdWhich::Largest, SvdWhich::Smallest] {
            if ty == SvdType::Cyclic && which == SvdWhich::Smallest {
                // The smallest singular values are interior eigenvalues of the cyclic
                // matrix [0 A; A^T 0]: without shift-and-invert its Krylov-Schur finds
                // the second smallest first at some rank counts (SLEPc's manual
                // recommends cross, or cyclic with a spectral transformation).
                continue;
            }
            if ty == SvdType::Lanczos && which == SvdWhich::Smallest {
                // About 1,100 restarts of 24 columns: a second at 2 ranks, more than 300 s
                // where each message waits for the scheduler.
                if let Some(why) = crawls_at(petsc.world().size() as usize) {
                    skip(format!("lanczos Smallest: {why}"));
                    continue;
                }
            }
            let mut svd = Svd::new(&petsc.world())?;
            svd.set_operators(&a, None)?;
            svd.set_type(ty.clone())?;
            svd.set_which_singular_triplets(which)?;
            svd.set_dimensions_to(slepc::Dimensions::new(4).ncv(24))?;
            svd.set_tolerances(slepc::Tolerances {
                tol: Some(1e-12),
                max_it: Some(2000),
            })?;
            svd.solve()?.check()?;
            let what = format!("{ty} {which:?}");
            eprintln!(
                "{what}: {} converged, first {:?}",
                svd.converged_count()?,
                svd.value(0)
            );
            assert_eq!(svd.ty()?, Some(ty.clone()));
            assert_eq!(svd.which_singular_triplets()?, which);
            assert_eq!(svd.problem_type()?, Some(SvdProblemType::Standard));
            assert!(!svd.is_generalized()? && !svd.is_hyperbolic()?);
            let exact = if which == SvdWhich::Largest {
                &sigmas[..4]
            } else {
                &smallest[..4]
            };
            check_triplets(&svd, &a, exact, &what)?;
            assert!(svd.iteration_number()? >= 1, "{what}");
        }
    }
    Ok(())
}

/// `a_ij` of a dense test matrix with distinct singular values.
fn entry(i: Int, j: Int) -> f64 {
    1.0 / (i + 2 * j + 1) as f64 + if i == j { (i + 1) as f64 } else { 0.0 }
}

/// A tall (13 x 7) and a wide (7 x 13) matrix: every singular value against the dense
/// SVD computed here, the largest by thick-restart Lanczos and all by LAPACK.
fn rectangular_against_dense(petsc: &Petsc) -> petsc::Result<()> {
    for (m, n) in [(13, 7), (7, 13)] {
        let a = matrix(
            petsc,
            m,
            n,
            |i, j| if m >= n { entry(i, j) } else { entry(j, i) },
        )?;
        let exact = dense_sigmas(m as usize, n as usize, |i, j| {
            if m >= n {
                entry(i as Int, j as Int)
            } else {
                entry(j as Int, i as Int)
            }
        });
        assert_eq!(exact.len(), 7);

        let mut svd = Svd::new(&petsc.world())?;
        svd.set_operators(&a, None)?;
        assert_eq!(svd.size()?, Some((m, n)));
        svd.set_type(SvdType::TrLanczos)?;
        svd.set_dimensions_to(slepc::Dimensions::new(3))?;
        svd.set_tolerances(slepc::Tolerances {
            tol: Some(1e-12),
            ..Default::default()
        })?;
        svd.solve()?.check()?;
        check_triplets(&svd, &a, &exact[..3], &format!("trlanczos {m} x {n}"))?;

        let mut svd = Svd::new(&petsc.world())?;
        svd.set_operators(&a, None)?;
        svd.set_type(SvdType::Lapack)?;
        svd.set_dimensions_to(slepc::Dimensions::new(7))?;
        svd.solve()?.check()?;
        check_triplets(&svd, &a, &exact, &format!("lapack {m} x {n}"))?;

        // The operators come back as handles of their own.
        let (a2, b2) = svd.operators()?;
        assert!(b2.is_none());
        assert_eq!(a2.size()?, (m, n));
        drop(svd);
        assert_eq!(a2.norm(NormType::Frobenius)?, a.norm(NormType::Frobenius)?);
    }
    Ok(())
}

/// Randomized subspace iteration (`SVDRANDOMIZED`) on a tall (30 x 20) and a wide
/// (20 x 30) matrix whose singular values are known: `d_k = 10 (0.7)^k`, `k < 20`, at
/// scattered positions (row `(7k + 3) mod 30`, column `(3k + 1) mod 20` of the tall one,
/// the transposed positions in the wide one), a permuted diagonal. The four largest
/// triplets are checked; the smallest are refused, as SLEPc's randomized solver finds
/// only the largest.
fn randomized_known_values(petsc: &Petsc) -> petsc::Result<()> {
    let d = |k: Int| 10.0 * 0.7f64.powf(k as f64);
    // (row, column) of d_k in the tall matrix; both maps are one to one.
    let tall = |i: Int, j: Int| {
        (0..20)
            .find(|&k| (7 * k + 3) % 30 == i && (3 * k + 1) % 20 == j)
            .map_or(0.0, d)
    };
    let exact: Vec<f64> = (0..4).map(d).collect();
    for (m, n) in [(30, 20), (20, 30)] {
        let a = matrix(
            petsc,
            m,
            n,
            |i, j| if m > n { tall(i, j) } else { tall(j, i) },
        )?;
        assert_close(
            a.norm(NormType::Frobenius)?,
            (0..20).map(|k| d(k) * d(k)).sum::<f64>().sqrt(),
            1e-14,
        );
        let mut svd = Svd::new(&petsc.world())?;
        svd.set_operators(&a, None)?;
        svd.set_type(SvdType::Randomized)?;
        svd.set_dimensions_to(slepc::Dimensions::new(4).ncv(12))?;
        svd.set_tolerances(slepc::Tolerances {
            tol: Some(1e-12),
            max_it: Some(1000),
        })?;
        svd.solve()?.check()?;
        assert_eq!(svd.ty()?, Some(SvdType::Randomized));
        let what = format!("randomized {m} x {n}");
        check_triplets(&svd, &a, &exact, &what)?;
        assert!(svd.iteration_number()? >= 1, "{what}");
        // The smallest singular values: refused.
        let mut small = Svd::new(&petsc.world())?;
        small.set_operators(&a, None)?;
        small.set_type(SvdType::Randomized)?;
        small.set_which_singular_triplets(SvdWhich::Smallest)?;
        expect_err(small.solve().map(drop), &what, "largest");
    }
    Ok(())
}

/// GSVD of (A, B) = (Laplacian, 2 I): generalized singular values `sigma_k / 2`; the
/// right vector `x` and the stacked left vector `[u; w]` with `A x = c u`, `B x = s w`,
/// `c / s = sigma`.
fn gsvd_closed_form(petsc: &Petsc) -> petsc::Result<()> {
    let n = 20;
    let a = laplacian(petsc, n)?;
    let b = matrix(petsc, n, n, |i, j| if i == j { 2.0 } else { 0.0 })?;
    let exact: Vec<f64> = laplacian_sigmas(n).iter().map(|s| s / 2.0).collect();
    for ty in [
        SvdType::TrLanczos,
        SvdType::Cross,
        SvdType::Cyclic,
        SvdType::Lapack,
    ] {
        let mut svd = Svd::new(&petsc.world())?;
        svd.set_operators(&a, Some(&b))?;
        svd.set_problem_type(SvdProblemType::Generalized)?;
        svd.set_type(ty.clone())?;
        // Cross and cyclic solve a generalized eigenproblem whose B (B^T B, or a block
        // of it) is factored: it must be a real matrix, not their default shell.
        match ty {
            SvdType::Cross => svd.set_cross_explicit_matrix(true)?,
            SvdType::Cyclic => svd.set_cyclic_explicit_matrix(true)?,
            SvdType::TrLanczos => {
                // The least-squares solver of the bidiagonalization: ours, tighter.
                let default = svd.trlanczos_ksp()?;
                assert_eq!(default.options_prefix()?, "svd_trlanczos_");
                assert_eq!(default.type_name()?, "lsqr");
                drop(default);
                let mut ksp = petsc::Ksp::new(&petsc.world())?;
                ksp.set_type(petsc::KspType::Lsqr)?;
                ksp.pc()?.set_type(petsc::PcType::None)?;
                ksp.set_tolerances(petsc::KspTolerances {
                    rtol: Some(1e-14),
                    max_it: Some(10_000),
                    ..Default::default()
                })?;
                svd.set_trlanczos_ksp(&ksp)?;
                assert_eq!(svd.trlanczos_ksp()?.as_raw(), ksp.as_raw());
                svd.set_trlanczos_gbidiag(SvdTrLanczosGBidiag::Upper)?;
            }
            _ => {}
        }
        svd.set_dimensions_to(slepc::Dimensions::new(3))?;
        svd.set_tolerances(slepc::Tolerances {
            tol: Some(1e-12),
            max_it: Some(1000),
        })?;
        svd.solve()?.check()?;
        let what = format!("GSVD {ty}");
        assert!(svd.is_generalized()?, "{what}");
        assert!(svd.converged_count()? >= 3, "{what}");
        let (_, bb) = svd.operators()?;
        assert!(bb.is_some());
        // x has A's column layout, [u; w] the rows of A and of B on each rank.
        let (mut x, au) = a.create_vecs()?;
        let (_, bu) = b.create_vecs()?;
        let mut uw = Vector::new_mpi(
            &petsc.world(),
            Some(au.local_size()? + bu.local_size()?),
            Some(2 * n),
        )?;
        for (i, &s) in exact[..3].iter().enumerate() {
            let sigma = svd.singular_triplet(i as Int, &mut uw, &mut x)?;
            assert_close(sigma, s, 1e-8);
            // A x and B x are parallel to the halves of [u; w]: ||A x|| / ||B x|| = sigma.
            let (mut ax, mut bx) = (x.duplicate()?, x.duplicate()?);
            a.mult(&x, &mut ax)?;
            b.mult(&x, &mut bx)?;
            assert_close(ax.norm(NormType::Two)? / bx.norm(NormType::Two)?, s, 1e-7);
            // ||[u; w]||: u and w are unit vectors.
            assert_close(uw.norm(NormType::Two)?, 2f64.sqrt(), 1e-8);
            let e = svd.compute_error(i as Int, SvdErrorType::Norm)?;
            assert!(e < 1e-8, "{what}: error {e}");
        }
        // The vectors of a standard problem do not fit a GSVD.
        let (mut v, mut u) = a.create_vecs()?;
        let e = svd.singular_triplet(0, &mut u, &mut v).unwrap_err();
        assert!(
            e.report()
                .contains(&format!("u has size {n} but must have size {}", 2 * n)),
            "{e}"
        );
    }
    Ok(())
}

/// Hyperbolic SVD with the signature `Omega = I`: the singular values of `A`.
fn hyperbolic_identity_signature(petsc: &Petsc) -> petsc::Result<()> {
    let (m, n) = (13, 7);
    let a = matrix(petsc, m, n, entry)?;
    let exact = dense_sigmas(m as usize, n as usize, |i, j| entry(i as Int, j as Int));
    let (_, mut omega) = a.create_vecs()?;
    omega.set(1.0)?;
    for ty in [SvdType::Cross, SvdType::Cyclic] {
        let mut svd = Svd::new(&petsc.world())?;
        svd.set_operators(&a, None)?;
        svd.set_signature(&omega)?;
        svd.set_problem_type(SvdProblemType::Hyperbolic)?;
        svd.set_type(ty.clone())?;
        svd.set_dimensions_to(slepc::Dimensions::new(2))?;
        svd.set_tolerances(slepc::Tolerances {
            tol: Some(1e-12),
            ..Default::default()
        })?;
        let reason = svd.solve()?;
        // From SLEPc 3.20 on, the cyclic form's indefinite eigensolver may report lost
        // symmetry although the wanted triplets have converged (SLEPc 3.26: four of
        // them, within 1e-14 of the dense values): the triplets are checked below.
        let lost =
            ty == SvdType::Cyclic && reason == slepc::SvdConvergedReason::DivergedSymmetryLost;
        if !lost {
            reason.check()?;
        }
        assert!(svd.is_hyperbolic()?, "{ty}");
        let sig = svd.signature()?.expect("a signature");
        assert_eq!(sig.size()?, m);
        assert!(svd.converged_count()? >= 2, "{ty}");
        for (i, &s) in exact[..2].iter().enumerate() {
            assert_close(svd.value(i as Int)?, s, 1e-8);
        }
    }
    // Thick-restart Lanczos has no hyperbolic variant in SLEPc 3.18: the set-up fails,
    // and the same solver solves once given a type that has one. SLEPc 3.19 added it.
    let mut svd = Svd::new(&petsc.world())?;
    svd.set_operators(&a, None)?;
    svd.set_signature(&omega)?;
    svd.set_problem_type(SvdProblemType::Hyperbolic)?;
    svd.set_type(SvdType::TrLanczos)?;
    svd.set_dimensions_to(slepc::Dimensions::new(2))?;
    if cfg!(petsc_3_19) {
        svd.solve()?.check()?;
        assert_close(svd.value(0)?, exact[0], 1e-8);
    } else {
        expect_err(
            svd.solve().map(drop),
            "hyperbolic trlanczos",
            "cannot be used for hyperbolic problems",
        );
    }
    svd.set_type(SvdType::Cross)?;
    svd.solve()?.check()?;
    assert_close(svd.value(0)?, exact[0], 1e-8);
    Ok(())
}

/// Settings read back, the options database with a prefix, the inner solvers.
fn settings_and_inner_solvers(petsc: &Petsc) -> petsc::Result<()> {
    let n = 30;
    let a = laplacian(petsc, n)?;
    let sigmas = laplacian_sigmas(n);

    let mut svd = Svd::new(&petsc.world())?;
    svd.set_implicit_transpose(true)?;
    assert!(svd.implicit_transpose()?);
    svd.set_track_all(true)?;
    assert!(svd.track_all()?);
    svd.set_convergence_test(SvdConv::Abs)?;
    assert_eq!(svd.convergence_test()?, Some(SvdConv::Abs));
    svd.set_stopping_test(SvdStop::Basic)?;
    assert_eq!(svd.stopping_test()?, SvdStop::Basic);
    svd.set_tolerances(slepc::Tolerances {
        tol: Some(1e-11),
        max_it: Some(321),
    })?;
    assert_eq!(
        svd.tolerances()?,
        slepc::Tolerances {
            tol: Some(1e-11),
            max_it: Some(321)
        }
    );
    svd.set_operators(&a, None)?;
    svd.set_dimensions_to(slepc::Dimensions::new(3).ncv(12).mpd(12))?;
    assert_eq!(svd.dimensions()?, (3, 12, 12));
    svd.solve()?.check()?;
    check_triplets(&svd, &a, &sigmas[..3], "implicit transpose")?;

    // Options with a prefix.
    let opts = petsc.options();
    opts.set_value("-t7_svd_type", "cross")?;
    opts.set_value("-t7_svd_nsv", "2")?;
    opts.set_value("-t7_svd_smallest", "")?;
    let mut svd = Svd::new(&petsc.world())?;
    svd.set_options_prefix("t7_")?;
    assert_eq!(svd.options_prefix()?, "t7_");
    svd.set_operators(&a, None)?;
    svd.set_tolerances(slepc::Tolerances {
        tol: Some(1e-12),
        max_it: Some(5000),
    })?;
    svd.set_from_options()?;
    for k in ["-t7_svd_type", "-t7_svd_nsv", "-t7_svd_smallest"] {
        opts.clear_value(k)?;
    }
    assert_eq!(svd.ty()?, Some(SvdType::Cross));
    assert_eq!(svd.dimensions()?.0, 2);
    assert_eq!(svd.which_singular_triplets()?, SvdWhich::Smallest);
    assert_eq!(svd.cross_eps()?.options_prefix()?, "t7_svd_cross_");
    svd.solve()?.check()?;
    let smallest: Vec<f64> = sigmas.iter().rev().take(2).copied().collect();
    check_triplets(&svd, &a, &smallest, "cross smallest, options")?;

    // Cyclic with its matrix built explicitly; its inner EPS.
    let mut svd = Svd::new(&petsc.world())?;
    svd.set_type(SvdType::Cyclic)?;
    assert_eq!(svd.cyclic_eps()?.options_prefix()?, "svd_cyclic_");
    svd.set_cyclic_explicit_matrix(true)?;
    assert!(svd.cyclic_explicit_matrix()?);
    svd.set_operators(&a, None)?;
    svd.set_dimensions_to(slepc::Dimensions::new(3))?;
    svd.set_tolerances(slepc::Tolerances {
        tol: Some(1e-12),
        ..Default::default()
    })?;
    svd.solve()?.check()?;
    check_triplets(&svd, &a, &sigmas[..3], "explicit cyclic")?;
    assert!(svd.cyclic_eps()?.converged_count()? >= 3);

    // The inner EPS of cross, configured through its handle; the handle outlives the
    // solver's own.
    let mut svd = Svd::new(&petsc.world())?;
    svd.set_type(SvdType::Cross)?;
    svd.set_cross_explicit_matrix(true)?;
    assert!(svd.cross_explicit_matrix()?);
    let mut eps = svd.cross_eps()?;
    eps.set_type(EpsType::Arnoldi)?;
    svd.set_operators(&a, None)?;
    svd.set_dimensions_to(slepc::Dimensions::new(3))?;
    svd.set_tolerances(slepc::Tolerances {
        tol: Some(1e-12),
        ..Default::default()
    })?;
    svd.solve()?.check()?;
    check_triplets(&svd, &a, &sigmas[..3], "cross with arnoldi EPS")?;
    assert_eq!(svd.cross_eps()?.ty()?, Some(EpsType::Arnoldi));
    drop(svd);
    assert!(eps.converged_count()? >= 3, "the inner EPS solved");

    // An EPS of our own as the inner solver of cross.
    let mut own = slepc::Eps::new(&petsc.world())?;
    own.set_type(EpsType::Lapack)?;
    let mut svd = Svd::new(&petsc.world())?;
    svd.set_type(SvdType::Cross)?;
    svd.set_cross_eps(&own)?;
    assert_eq!(svd.cross_eps()?.as_raw(), own.as_raw());
    svd.set_operators(&a, None)?;
    svd.set_dimensions_to(slepc::Dimensions::new(2))?;
    svd.solve()?.check()?;
    check_triplets(&svd, &a, &sigmas[..2], "cross with our lapack EPS")?;

    // Lanczos and thick-restart Lanczos options.
    let mut svd = Svd::new(&petsc.world())?;
    svd.set_type(SvdType::Lanczos)?;
    svd.set_lanczos_one_side(true)?;
    assert!(svd.lanczos_one_side()?);
    svd.set_operators(&a, None)?;
    svd.set_dimensions_to(slepc::Dimensions::new(3))?;
    svd.set_tolerances(slepc::Tolerances {
        tol: Some(1e-12),
        ..Default::default()
    })?;
    svd.solve()?.check()?;
    check_triplets(&svd, &a, &sigmas[..3], "one-sided lanczos")?;

    let mut svd = Svd::new(&petsc.world())?;
    svd.set_type(SvdType::TrLanczos)?;
    svd.set_trlanczos_one_side(true)?;
    assert!(svd.trlanczos_one_side()?);
    svd.set_trlanczos_locking(false)?;
    assert!(!svd.trlanczos_locking()?);
    svd.set_trlanczos_restart(0.3)?;
    assert_eq!(svd.trlanczos_restart()?, 0.3);
    svd.set_trlanczos_explicit_matrix(true)?;
    assert!(svd.trlanczos_explicit_matrix()?);
    svd.set_trlanczos_gbidiag(SvdTrLanczosGBidiag::Single)?;
    assert_eq!(svd.trlanczos_gbidiag()?, SvdTrLanczosGBidiag::Single);
    // Its KSP serves generalized problems only (see gsvd_closed_form).
    expect_err(
        svd.trlanczos_ksp(),
        "trlanczos KSP of a standard problem",
        "serves generalized problems only",
    );
    svd.set_operators(&a, None)?;
    svd.set_dimensions_to(slepc::Dimensions::new(3))?;
    svd.set_tolerances(slepc::Tolerances {
        tol: Some(1e-12),
        ..Default::default()
    })?;
    svd.solve()?.check()?;
    check_triplets(&svd, &a, &sigmas[..3], "one-sided trlanczos")?;
    Ok(())
}

/// An initial space holding the wanted right singular vector: the solver still finds the
/// right triplets; wrong sizes are refused.
fn initial_space(petsc: &Petsc) -> petsc::Result<()> {
    let n = 30;
    let a = laplacian(petsc, n)?;
    let sigmas = laplacian_sigmas(n);
    // The right singular vector of the largest: sin(k j pi / (n + 1)) with k = n.
    let (mut v0, _) = a.create_vecs()?;
    for j in v0.ownership_range()? {
        let x = ((n * (j + 1)) as f64 * PI / (n + 1) as f64).sin();
        v0.set_values(&[j], &[Scalar::from(x)], InsertMode::Insert)?;
    }
    v0.assemble()?;
    let mut svd = Svd::new(&petsc.world())?;
    svd.set_operators(&a, None)?;
    svd.set_type(SvdType::TrLanczos)?;
    svd.set_dimensions_to(slepc::Dimensions::new(2))?;
    svd.set_tolerances(slepc::Tolerances {
        tol: Some(1e-12),
        ..Default::default()
    })?;
    svd.set_initial_space(&[&v0], &[])?;
    svd.solve()?.check()?;
    check_triplets(&svd, &a, &sigmas[..2], "initial space")?;
    let first = svd.iteration_number()?;
    assert!(first >= 1);

    let tall = matrix(petsc, n + 3, n, |i, j| if i == j { 1.0 } else { 0.0 })?;
    svd.set_operators(&tall, None)?;
    let e = svd.set_initial_space(&[&v0], &[&v0]).unwrap_err();
    assert!(
        e.report().contains(&format!(
            "left vector has size {n} but must have size {}",
            n + 3
        )),
        "{e}"
    );
    let (_, tall_u) = tall.create_vecs()?;
    let e = svd.set_initial_space(&[&v0, &tall_u], &[]).unwrap_err();
    assert!(
        e.report().contains(&format!(
            "right vector 1 has size {} but must have size {n}",
            n + 3
        )),
        "{e}"
    );
    // The solver still solves (the refused spaces were not set).
    svd.solve()?.check()?;
    assert_close(svd.value(0)?, 1.0, 1e-10);
    Ok(())
}

fn expect_err<T: std::fmt::Debug>(r: petsc::Result<T>, what: &str, needle: &str) {
    match r {
        Ok(v) => panic!("{what}: expected an error containing {needle:?}, got {v:?}"),
        Err(e) => assert!(e.report().contains(needle), "{what}: {e}"),
    }
}

/// Inputs SLEPc would refuse, or worse, refused with a message naming them; the solver
/// works afterwards.
fn bad_inputs(petsc: &Petsc) -> petsc::Result<()> {
    let (m, n) = (9, 6);
    let a = matrix(petsc, m, n, entry)?;
    let b = matrix(petsc, 4, n + 1, |i, j| if i == j { 1.0 } else { 0.0 })?;
    let mut svd = Svd::new(&petsc.world())?;
    expect_err(
        svd.solve().map(drop),
        "no operators",
        "call set_operators first",
    );
    expect_err(svd.operators(), "no operators", "call set_operators first");
    let e = svd.set_operators(&a, Some(&b)).unwrap_err();
    assert!(matches!(e, Error::SizeMismatch { .. }), "{e}");
    assert!(e.report().contains("B has 7 columns but A has 6"), "{e}");

    expect_err(
        svd.set_type_name("trlanzcos"),
        "SVD type",
        "unknown SVD type 'trlanzcos'",
    );
    expect_err(
        svd.cross_eps(),
        "type not set",
        "the solver type is not set yet, not 'cross'",
    );
    svd.set_type(SvdType::Lanczos)?;
    // SLEPc ignores a setter of another type and refuses its getter.
    svd.set_trlanczos_locking(true)?;
    expect_err(
        svd.trlanczos_locking(),
        "wrong type",
        "the solver type is 'lanczos', not 'trlanczos'",
    );
    expect_err(svd.cyclic_eps(), "wrong type", "not 'cyclic'");
    expect_err(svd.trlanczos_ksp(), "wrong type", "not 'trlanczos'");
    svd.set_type(SvdType::TrLanczos)?;
    expect_err(
        svd.set_trlanczos_restart(f64::NAN),
        "NaN restart",
        "must be in [0.1, 0.9]",
    );
    expect_err(
        svd.set_trlanczos_restart(0.05),
        "small restart",
        "must be in [0.1, 0.9]",
    );
    expect_err(
        svd.set_tolerances(slepc::Tolerances {
            tol: Some(-1.0),
            ..Default::default()
        }),
        "negative tol",
        "tol is -1",
    );
    expect_err(
        svd.set_tolerances(slepc::Tolerances {
            max_it: Some(0),
            ..Default::default()
        }),
        "max_it 0",
        "max_it is 0",
    );
    expect_err(
        svd.set_dimensions_to(slepc::Dimensions::new(0)),
        "nsv 0",
        "nsv is 0",
    );

    svd.set_operators(&a, None)?;
    expect_err(
        svd.set_dimensions_to(slepc::Dimensions::new(7)),
        "nsv too big",
        "7 singular triplets requested but A is 9 x 6",
    );
    let (wrong, _) = b.create_vecs()?;
    expect_err(
        svd.set_signature(&wrong),
        "signature size",
        "the signature has size 7 but must have size 9",
    );

    // Before a solve, no triplet.
    expect_err(
        svd.value(0),
        "unsolved",
        "singular triplet 0 requested but 0 converged",
    );
    svd.set_dimensions_to(slepc::Dimensions::new(2))?;
    svd.set_tolerances(slepc::Tolerances {
        tol: Some(1e-12),
        ..Default::default()
    })?;
    svd.solve()?.check()?;
    let nconv = svd.converged_count()?;
    assert!(nconv >= 2);
    expect_err(
        svd.value(nconv),
        "index past converged",
        &format!("singular triplet {nconv} requested but {nconv} converged"),
    );
    expect_err(
        svd.value(-1),
        "negative index",
        "singular triplet -1 requested",
    );
    expect_err(
        svd.compute_error(nconv, SvdErrorType::Relative),
        "error index",
        "requested but",
    );
    // u and v swapped: u must have m entries, v n.
    let (mut v, mut u) = a.create_vecs()?;
    let e = svd.singular_triplet(0, &mut v, &mut u).unwrap_err();
    assert!(matches!(e, Error::SizeMismatch { .. }), "{e}");
    assert!(
        e.report().contains("u has size 6 but must have size 9"),
        "{e}"
    );
    let mut u2 = u.duplicate()?;
    expect_err(
        svd.vectors(0, &mut u, &mut u2),
        "v size",
        "v has size 9 but must have size 6",
    );
    // A vector of the right global size but another layout: refused on every rank.
    let world = petsc.world();
    if world.size() > 1 {
        let local = if world.rank() == 0 { n } else { 0 };
        let mut skew = Vector::new_mpi(&world, Some(local), Some(n))?;
        let e = svd.singular_triplet(0, &mut u, &mut skew).unwrap_err();
        assert!(e.report().contains("v has local size"), "{e}");
    }
    // The solver is intact.
    let s = svd.singular_triplet(0, &mut u, &mut v)?;
    let exact = dense_sigmas(m as usize, n as usize, |i, j| entry(i as Int, j as Int));
    assert_close(s, exact[0], 1e-8);
    // A stopping test of the user kind without a function: SLEPc's error, passed on.
    assert!(svd.set_stopping_test(SvdStop::User).is_err());
    svd.solve()?.check()?;
    Ok(())
}

/// The views print what the solver found.
fn views(petsc: &Petsc) -> petsc::Result<()> {
    let n = 12;
    let a = laplacian(petsc, n)?;
    let mut svd = Svd::new(&petsc.world())?;
    svd.set_operators(&a, None)?;
    svd.set_type(SvdType::Lapack)?;
    svd.set_dimensions_to(slepc::Dimensions::new(3))?;
    let reason = svd.solve()?;
    // The same path on every rank (Cargo's temporary directory for this target).
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("svd-views-{}.txt", petsc.world().size()));
    {
        let viewer = Viewer::ascii_file(&petsc.world(), path.to_str().unwrap())?;
        svd.error_view(SvdErrorType::Relative, &viewer)?;
        svd.values_view(&viewer)?;
        svd.converged_reason_view(&viewer)?;
        svd.view_with(&viewer)?;
    }
    petsc.world().barrier()?;
    let text = std::fs::read_to_string(&path).expect("the viewer's file");
    let s0 = laplacian_sigmas(n)[0];
    assert!(
        text.contains("All requested singular values computed up to the required tolerance"),
        "{text}"
    );
    assert!(text.contains(&format!("{s0:.5}")), "{s0:.5} in {text}");
    assert!(text.contains("Singular values"), "{text}");
    assert!(text.contains("converged"), "{text}");
    assert!(text.contains("SVD Object"), "{text}");
    petsc.world().barrier()?;
    if petsc.world().rank() == 0 {
        std::fs::remove_file(&path).ok();
    }
    assert_eq!(reason, SvdConvergedReason::ConvergedTol);
    Ok(())
}

/// A solver on the Laplacian for the monitor tests.
fn monitored(petsc: &Petsc, a: &Mat, ty: SvdType) -> petsc::Result<Svd> {
    let mut svd = Svd::new(&petsc.world())?;
    svd.set_operators(a, None)?;
    svd.set_type(ty)?;
    svd.set_dimensions_to(slepc::Dimensions::new(3).ncv(12))?;
    svd.set_tolerances(slepc::Tolerances {
        tol: Some(1e-10),
        max_it: Some(10_000),
    })?;
    Ok(svd)
}

/// Monitors see every iteration; a monitor that fails or panics ends the solve with an
/// error carrying its message, and the same solver solves again.
fn monitors_of(petsc: &Petsc, types: &[SvdType]) -> petsc::Result<()> {
    let n = 60;
    let a = laplacian(petsc, n)?;
    let sigmas = laplacian_sigmas(n);
    for ty in types {
        let mut svd = monitored(petsc, &a, ty.clone())?;
        let seen = Rc::new(RefCell::new(Vec::new()));
        let log = seen.clone();
        svd.monitor(move |s| {
            assert_eq!(s.sigma.len(), s.error_estimates.len());
            log.borrow_mut()
                .push((s.iteration, s.converged, s.sigma.to_vec()));
            Ok(())
        })?;
        svd.solve()?.check()?;
        let its = svd.iteration_number()?;
        {
            let seen = seen.borrow();
            assert!(!seen.is_empty(), "{ty}");
            assert_eq!(seen.last().unwrap().0, its, "{ty}");
            // The first approximation converges to the largest singular value.
            let last = &seen.last().unwrap().2;
            assert!(
                last.iter().any(|s| (s - sigmas[0]).abs() < 1e-6),
                "{ty}: {last:?} vs {}",
                sigmas[0]
            );
        }
        svd.cancel_monitors()?;
        assert_eq!(
            Rc::strong_count(&seen),
            1,
            "{ty}: cancel_monitors dropped it"
        );

        // A monitor returning Err at the second iteration.
        let mut svd = monitored(petsc, &a, ty.clone())?;
        svd.monitor(|s| {
            if s.iteration == 2 {
                Err(Error::user("stop at iteration 2"))
            } else {
                Ok(())
            }
        })?;
        let e = svd.solve().unwrap_err();
        assert!(
            matches!(&e, Error::Callback { callback, .. } if callback == "SVD monitor"),
            "{ty}: {e}"
        );
        assert!(e.report().contains("stop at iteration 2"), "{ty}: {e}");
        // Without the monitor the same solver solves.
        svd.cancel_monitors()?;
        svd.solve()?.check()?;
        check_triplets(&svd, &a, &sigmas[..3], &format!("{ty} after Err"))?;

        // A panicking monitor; the solver solves again with it still set but quiet.
        let mut svd = monitored(petsc, &a, ty.clone())?;
        let armed = Rc::new(RefCell::new(true));
        let fire = armed.clone();
        svd.monitor(move |_| {
            if *fire.borrow() {
                panic!("monitor panicked on purpose");
            }
            Ok(())
        })?;
        let e = svd.solve().unwrap_err();
        assert!(
            matches!(&e, Error::CallbackPanic { callback, message } if callback == "SVD monitor" && message.contains("on purpose")),
            "{ty}: {e}"
        );
        *armed.borrow_mut() = false;
        svd.solve()?.check()?;
        check_triplets(&svd, &a, &sigmas[..3], &format!("{ty} after panic"))?;
        // And once more: the solver stays usable.
        svd.solve()?.check()?;
    }
    Ok(())
}

/// The solver types whose failed solves leak nothing.
fn monitors(petsc: &Petsc) -> petsc::Result<()> {
    monitors_of(petsc, &[SvdType::Cross, SvdType::Cyclic])
}

/// SLEPc's filter of ex15's test, `sed -e "s/[0-9]\.[0-9]*e[+-]\([0-9]*\)/removed/g"`,
/// then the spaces before each `removed` made one: the removed numbers are rounding
/// noise (relative errors of singular values `mu ~ 1e-8`, whose printed width varies
/// from run to run, the C program's too), and `% 12g` pads them to that width.
fn filter_ex15(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = String::new();
    let mut i = 0;
    while i < b.len() {
        // [0-9] \. [0-9]* e [+-] [0-9]*
        let mut j = i;
        let matched = b[j].is_ascii_digit() && {
            j += 1;
            j < b.len() && b[j] == b'.' && {
                j += 1;
                while j < b.len() && b[j].is_ascii_digit() {
                    j += 1;
                }
                j + 1 < b.len() && b[j] == b'e' && (b[j + 1] == b'+' || b[j + 1] == b'-') && {
                    j += 2;
                    while j < b.len() && b[j].is_ascii_digit() {
                        j += 1;
                    }
                    true
                }
            }
        };
        if matched {
            out.push_str("removed");
            i = j;
        } else {
            out.push(b[i] as char);
            i += 1;
        }
    }
    while out.contains("  removed") {
        out = out.replace("  removed", " removed");
    }
    out
}

/// `svd_ex15` prints what SLEPc's ex15.c prints: filtered as SLEPc's test filters it,
/// its output is SLEPc's `output/ex15_1.out`, at 1, 2 and 3 ranks, and with
/// `-svd_type scalapack` `output/ex15_1_scalapack.out` at 1 and 2 ranks (the example
/// also checks the largest singular value, `sqrt(n + mu^2)`, itself).
fn ex15_matches_slepc(petsc: &Petsc) -> petsc::Result<()> {
    assert_eq!(
        filter_ex15("mu=1.49012e-08\n    0.5        3.72529e-09\n"),
        "mu=removed\n    0.5 removed\n"
    );
    let expected = petsc_tests::slepc_examples_dir()
        .map(|d| d.join("svd/tutorials/output/ex15_1.out"))
        .map(|p| std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display())));
    for n in [1, 2, 3] {
        let rust = filter_ex15(&run_example("svd_ex15", n, &[]));
        match &expected {
            Some(text) => assert_eq!(rust, filter_ex15(text), "svd_ex15 on {n} ranks"),
            None => assert!(rust.contains(" Solution method: trlanczos"), "{rust}"),
        }
    }
    // Ex15's test `1_scalapack` (Debian's SLEPc is built with ScaLAPACK): all 100
    // singular values by ScaLAPACK's dense SVD, at 1 and 2 ranks as the test runs it.
    // A SLEPc without ScaLAPACK (PyPI's) has no such type: reported as skipped.
    if Svd::new(&petsc.self_comm())?
        .set_type(SvdType::Scalapack)
        .is_err()
    {
        petsc_tests::skip("ex15's test 1_scalapack: this SLEPc has no ScaLAPACK SVD");
        return ex15_options_reach_the_solver();
    }
    let expected = petsc_tests::slepc_examples_dir()
        .map(|d| d.join("svd/tutorials/output/ex15_1_scalapack.out"))
        .map(|p| std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display())));
    for n in [1, 2] {
        let rust = filter_ex15(&run_example("svd_ex15", n, &["-svd_type", "scalapack"]));
        match &expected {
            Some(text) => assert_eq!(rust, filter_ex15(text), "svd_ex15 scalapack, {n} ranks"),
            None => assert!(rust.contains(" Solution method: scalapack"), "{rust}"),
        }
        assert!(rust.contains("singular triplets: 100"), "{rust}");
    }
    ex15_options_reach_the_solver()
}

/// The options reach `svd_ex15`'s solver: another size, another type.
fn ex15_options_reach_the_solver() -> petsc::Result<()> {
    let out = run_example(
        "svd_ex15",
        2,
        &["-n", "50", "-mu", "0.5", "-svd_type", "lapack"],
    );
    assert!(out.contains("(51 x 50) mu=0.5"), "{out}");
    assert!(out.contains(" Solution method: lapack"), "{out}");
    // sqrt(50 + 0.25), then mu.
    assert!(out.contains("        7.088723 "), "{out}");
    assert!(out.contains("        0.500000 "), "{out}");
    Ok(())
}

/// Whether this PETSc has an LU factorization of distributed matrices (the generalized
/// and hyperbolic problems' inner solves need one on several ranks).
const PARALLEL_LU: bool = cfg!(petsc_have_mumps) || cfg!(petsc_have_superlu_dist);

const MONITORS_CHILD: &str = "monitors-of-leaky-svd-solvers";

/// [`monitors_of`] for `lanczos`, `trlanczos` and `randomized`, whose failed solves
/// leaked the work arrays SLEPc allocates in the solve function (freed only when the
/// iteration ends on its own; a failing monitor now stops it instead), at 1 and 2 ranks,
/// in a child process under `-malloc_debug -malloc_dump`: PETSc reports nothing left at
/// `PetscFinalize`.
fn monitors_free_everything(_: &Petsc) -> petsc::Result<()> {
    for n in [1, 2] {
        petsc_tests::assert_child_frees_everything(n, &[MONITORS_CHILD], "svd solvers recovered");
    }
    Ok(())
}

/// The child of [`monitors_free_everything`].
fn monitors_child() -> ! {
    let petsc = Petsc::builder()
        .args(["svd"])
        .init()
        .expect("PETSc initialization");
    let r = monitors_of(
        &petsc,
        &[SvdType::Lanczos, SvdType::TrLanczos, SvdType::Randomized],
    );
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
        println!("svd solvers recovered");
    }
    drop(petsc);
    std::process::exit(0);
}

/// Runs the child program this binary was started as, if it was (`rerun_self`).
pub fn child_mode() {
    if std::env::args().nth(1).as_deref() == Some(MONITORS_CHILD) {
        monitors_child();
    }
}

pub fn cases() -> Vec<Case> {
    let cases = vec![
        Case::new("laplacian_all_types", laplacian_all_types).ranks(&[1, 2, 3]),
        Case::new("rectangular_against_dense", rectangular_against_dense).ranks(&[1, 2, 3]),
        Case::new("randomized_known_values", randomized_known_values).ranks(&[1, 2, 3]),
        Case::new("gsvd_closed_form", gsvd_closed_form)
            .ranks(&[1, 2, 3])
            .parallel_requires(PARALLEL_LU, "a parallel LU (MUMPS or SuperLU_dist)"),
        Case::new(
            "hyperbolic_identity_signature",
            hyperbolic_identity_signature,
        )
        .ranks(&[1, 2, 3])
        .parallel_requires(PARALLEL_LU, "a parallel LU (MUMPS or SuperLU_dist)"),
        Case::new("settings_and_inner_solvers", settings_and_inner_solvers).ranks(&[1, 2]),
        Case::new("initial_space", initial_space).ranks(&[1, 2]),
        Case::new("bad_inputs", bad_inputs).ranks(&[1, 2]),
        Case::new("views", views).ranks(&[1, 2]),
        Case::new("monitors", monitors).ranks(&[1, 2]),
        Case::new("monitors_free_everything", monitors_free_everything),
        Case::new("ex15_matches_slepc", ex15_matches_slepc),
    ];
    cases
}
