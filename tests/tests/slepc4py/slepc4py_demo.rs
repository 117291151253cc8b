//! slepc4py's demos (`demo/ex1.py` to `ex14.py`), ported: each case computes what its
//! demo computes, at the demo's default sizes, and checks it against a closed form
//! (Laplacian spectra, the Lauchli matrix's singular values, a Taylor series of the
//! matrix exponential, the residual of the computed solution) or against the numbers
//! the Python demo prints (slepc4py 3.18.2, Debian's `python3-slepc4py-real`), written
//! here. Demos on `COMM_WORLD` run at 1 and 2 ranks.

use std::cell::RefCell;
use std::f64::consts::PI;
use std::rc::Rc;

use petsc::{
    Complex, InsertMode, Int, Ksp, KspType, Mat, Pc, PcType, Petsc, Scalar, Sizes, Viewer,
    ViewerFormat,
};
use petsc_tests::{assert_close, Case};
use slepc::{
    Eps, EpsErrorType, EpsProblemType, EpsType, EpsWhich, Pep, PepProblemType, RgType, St, StType,
    Svd, SvdType,
};

mod functions;

use functions::{ex10, ex13, ex14, ex6, ex7, ex8};

/// A scalar from a real.
fn s(v: f64) -> Scalar {
    Scalar::from(v)
}

/// `|z|` of a scalar, real or complex.
fn modulus(z: impl Into<Complex<f64>>) -> f64 {
    z.into().norm()
}

/// A matrix on `comm` with the rows `row -> [(col, value)]` (columns outside `0..n`
/// dropped), as the demos fill theirs: each rank its own rows.
fn matrix(
    comm: &petsc::Comm,
    n: Int,
    row: impl std::ops::Fn(Int) -> Vec<(Int, Scalar)>,
) -> petsc::Result<Mat> {
    let mut a = Mat::aij(comm)
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

/// The 2-D five-point matrix of an `m x n` grid as the demos number it (`I = i n + j`):
/// `d` on the diagonal, `ox` to the neighbours `I +- n`, `oy` to `I +- 1` in a row.
fn grid(petsc: &Petsc, m: Int, n: Int, d: f64, ox: f64, oy: f64) -> petsc::Result<Mat> {
    matrix(&petsc.world(), m * n, |big| {
        let (i, j) = (big / n, big % n);
        let mut r = vec![(big, s(d))];
        if i > 0 {
            r.push((big - n, s(ox)));
        }
        if i < m - 1 {
            r.push((big + n, s(ox)));
        }
        if j > 0 {
            r.push((big - 1, s(oy)));
        }
        if j < n - 1 {
            r.push((big + 1, s(oy)));
        }
        r
    })
}

/// The spectrum of [`grid`]: `d + 2 ox cos(i pi/(m+1)) + 2 oy cos(j pi/(n+1))`, with
/// multiplicity, in decreasing order.
fn grid_spectrum(m: Int, n: Int, d: f64, ox: f64, oy: f64) -> Vec<f64> {
    let mut all = Vec::new();
    for i in 1..=m {
        for j in 1..=n {
            let cx = (i as f64 * PI / (m + 1) as f64).cos();
            let cy = (j as f64 * PI / (n + 1) as f64).cos();
            all.push(d + 2.0 * ox * cx + 2.0 * oy * cy);
        }
    }
    all.sort_by(|a, b| b.total_cmp(a));
    all
}

/// The distinct values of a decreasing list (closer than `tol` are one).
fn distinct(values: &[f64], tol: f64) -> Vec<f64> {
    let mut out: Vec<f64> = Vec::new();
    for &v in values {
        if out.last().is_none_or(|l| (l - v).abs() > tol) {
            out.push(v);
        }
    }
    out
}

/// The converged eigenvalues of `eps` (real parts; the imaginary ones checked zero) with
/// their relative errors, as the demos print them.
fn eps_results(eps: &Eps, a: &Mat) -> petsc::Result<Vec<(f64, f64)>> {
    let (mut xr, mut xi) = a.create_vecs()?;
    (0..eps.converged_count()?)
        .map(|i| {
            let petsc::Complex { re, im } = eps.pair(i, &mut xr, &mut xi)?;
            assert!(im.abs() < 1e-12, "eigenvalue {i} is {re}{im:+}i");
            Ok((re, eps.compute_error(i, EpsErrorType::Relative)?))
        })
        .collect()
}

/// The demos' Hermitian solve of ex2 and ex3: `nev = 3`, largest magnitude.
fn ex2_solve(a: &Mat) -> petsc::Result<Vec<(f64, f64)>> {
    let mut eps = Eps::new(&petsc::Object::comm(a))?;
    eps.set_operators(a, None)?;
    eps.set_dimensions_to(slepc::Dimensions::new(3))?;
    eps.set_problem_type(EpsProblemType::Hep)?;
    eps.set_from_options()?;
    let _ = eps.solve()?; // unchecked, as upstream
    assert_eq!(eps.ty()?, Some(EpsType::KrylovSchur));
    assert_eq!(eps.dimensions()?.0, 3);
    let t = eps.tolerances()?;
    assert_eq!(t.tol, Some(1e-8));
    assert_eq!(t.max_it, Some(113)); // the demo prints maxit=113 for N = 1024
    eps_results(&eps, a)
}

/// ex2 and ex3's answers: the three largest distinct eigenvalues of the 32 x 32 grid's
/// Laplacian (Lanczos finds one copy of a double one), as the demo prints them
/// (7.981888, 7.954801, 7.927715, then 7.909930 among 4 converged).
fn ex2_check(found: &[(f64, f64)]) {
    let exact = distinct(&grid_spectrum(32, 32, 4.0, -1.0, -1.0), 1e-9);
    assert!(found.len() >= 3, "{} converged", found.len());
    for (k, (&(lambda, err), want)) in found.iter().zip(&exact).enumerate() {
        assert_close(lambda, *want, 1e-8);
        assert!(err < 1e-8, "eigenpair {k}: relative error {err}");
    }
    let printed = [7.981888, 7.954801, 7.927715, 7.909930];
    for (&(lambda, _), p) in found.iter().zip(printed) {
        assert!((lambda - p).abs() < 5e-7, "{lambda} vs {p}");
    }
}

/// ex1.py: the 1-D Laplacian of order 30, Hermitian, defaults (largest magnitude,
/// `nev = 1`), with a monitor keeping the error estimate of the first unconverged pair.
/// The demo prints 3.989739 = 4 sin^2(30 pi / 62) with relative error 4.7e-9.
fn ex1(petsc: &Petsc) -> petsc::Result<()> {
    let n: Int = 30;
    let a = matrix(&petsc.world(), n, |i| {
        vec![(i - 1, s(-1.0)), (i, s(2.0)), (i + 1, s(-1.0))]
    })?;
    let mut eps = Eps::new(&petsc.world())?;
    eps.set_operators(&a, None)?;
    eps.set_problem_type(EpsProblemType::Hep)?;
    let history = Rc::new(RefCell::new(Vec::new()));
    let h = history.clone();
    eps.monitor(move |st| {
        let nconv = st.converged as usize;
        if nconv < st.error_estimates.len() {
            h.borrow_mut().push(st.error_estimates[nconv]);
        }
        Ok(())
    })?;
    eps.set_from_options()?;
    let _ = eps.solve()?; // unchecked, as upstream
    assert!(eps.iteration_number()? >= 1);
    assert_eq!(eps.ty()?, Some(EpsType::KrylovSchur));
    assert_eq!(eps.dimensions()?.0, 1);
    let t = eps.tolerances()?;
    assert_eq!((t.tol, t.max_it), (Some(1e-8), Some(100)));
    let found = eps_results(&eps, &a)?;
    assert!(!found.is_empty());
    for (k, (lambda, err)) in found.iter().enumerate() {
        let i = (n - k as Int) as f64;
        let want = 4.0 * (i * PI / (2.0 * (n + 1) as f64)).sin().powi(2);
        assert_close(*lambda, want, 1e-8);
        assert!(*err < 1e-8, "eigenpair {k}: relative error {err}");
    }
    assert!((found[0].0 - 3.989739).abs() < 5e-7);
    let history = history.borrow();
    assert!(!history.is_empty());
    assert!(history.iter().all(|e| e.is_finite() && *e >= 0.0));
    Ok(())
}

/// ex2.py: the 2-D Laplacian of a 32 x 32 grid (N = 1024), `nev = 3`.
fn ex2(petsc: &Petsc) -> petsc::Result<()> {
    let (m, n): (Int, Int) = (32, 32);
    let (hx, hy) = (1.0 / (m - 1) as f64, 1.0 / (n - 1) as f64);
    let a = grid(
        petsc,
        m,
        n,
        2.0 * hy / hx + 2.0 * hx / hy,
        -hy / hx,
        -hx / hy,
    )?;
    ex2_check(&ex2_solve(&a)?);
    Ok(())
}

/// ex3.py: ex2's problem with the matrix never built: a shell matrix whose product is
/// the five-point stencil on the grid (the demo runs on one process only).
fn ex3(petsc: &Petsc) -> petsc::Result<()> {
    let (m, n): (usize, usize) = (32, 32);
    let (hx, hy) = (1.0 / (m - 1) as f64, 1.0 / (n - 1) as f64);
    let big = (m * n) as Int;
    let a = Mat::shell(&petsc.world())
        .sizes(Sizes::global(big, big))
        .build(move |x, y| {
            let x = x.view()?;
            let mut y = y.view_mut()?;
            // The grid padded with zeros, as the demo's array U.
            let at = |i: isize, j: isize| -> Scalar {
                if i < 0 || j < 0 || i >= m as isize || j >= n as isize {
                    Scalar::default()
                } else {
                    x[i as usize * n + j as usize]
                }
            };
            for i in 0..m as isize {
                for j in 0..n as isize {
                    let u = at(i, j);
                    y[i as usize * n + j as usize] = (s(2.0) * u - at(i + 1, j) - at(i - 1, j))
                        * s(hy / hx)
                        + (s(2.0) * u - at(i, j - 1) - at(i, j + 1)) * s(hx / hy);
                }
            }
            Ok(())
        })?;
    ex2_check(&ex2_solve(&a)?);
    Ok(())
}

/// ex4.py: the singular values of the Lauchli matrix (31 x 30, mu = 1e-6) by
/// thick-restart Lanczos: sqrt(30 + mu^2) once (the largest, the one requested), then
/// mu. The demo prints 5.477226 and nine values 0.000001, residuals below 5e-10.
fn ex4(petsc: &Petsc) -> petsc::Result<()> {
    let n: Int = 30;
    let mu = 1e-6;
    let mut a = Mat::aij(&petsc.world())
        .sizes(Sizes::global(n + 1, n))
        .preallocate(n, n)
        .build()?;
    for i in a.ownership_range()? {
        if i == 0 {
            let cols: Vec<Int> = (0..n).collect();
            a.set_values(&[0], &cols, &vec![s(1.0); n as usize], InsertMode::Insert)?;
        } else {
            a.set_values(&[i], &[i - 1], &[s(mu)], InsertMode::Insert)?;
        }
    }
    a.assemble()?;
    let mut svd = Svd::new(&petsc.world())?;
    svd.set_operators(&a, None)?;
    svd.set_type(SvdType::TrLanczos)?;
    svd.set_from_options()?;
    let _ = svd.solve()?; // unchecked, as upstream
    assert_eq!(svd.ty()?, Some(SvdType::TrLanczos));
    assert_eq!(svd.dimensions()?.0, 1);
    let nconv = svd.converged_count()?;
    assert!(nconv >= 1);
    let (mut v, mut u) = a.create_vecs()?;
    for i in 0..nconv {
        let sigma = svd.singular_triplet(i, &mut u, &mut v)?;
        let err = svd.compute_error(i, slepc::SvdErrorType::Absolute)?;
        if i == 0 {
            assert_close(sigma, (n as f64 + mu * mu).sqrt(), 1e-12);
        } else {
            assert!((sigma - mu).abs() < 1e-9, "sigma {i} = {sigma}");
        }
        assert!(err < 1e-8, "triplet {i}: residual {err}");
    }
    Ok(())
}

/// ex5.py: the quadratic `(lambda^2 M + lambda C + K) x = 0` with K the 2-D Laplacian
/// of a 32 x 32 grid (4 on the diagonal, -1 off it), C = 0 and M = I: its eigenvalues
/// are `+-i sqrt(mu)` for the eigenvalues mu of K; `nev = 6` of largest magnitude. The
/// demo prints +-2.825223i, +-2.820426i, +-2.815620i.
fn ex5(petsc: &Petsc) -> petsc::Result<()> {
    let (m, n): (Int, Int) = (32, 32);
    let k = grid(petsc, m, n, 4.0, -1.0, -1.0)?;
    let mut c = Mat::aij(&petsc.world())
        .sizes(Sizes::global(m * n, m * n))
        .preallocate(0, 0)
        .build()?;
    c.assemble()?;
    let mass = Mat::new_constant_diagonal(&petsc.world(), None, Some(m * n), 1.0)?;
    let mut pep = Pep::new(&petsc.world())?;
    pep.set_operators(&[&k, &c, &mass])?;
    pep.set_dimensions_to(slepc::Dimensions::new(6))?;
    pep.set_problem_type(PepProblemType::General)?;
    pep.set_from_options()?;
    let _ = pep.solve()?; // unchecked, as upstream
    assert_eq!(pep.dimensions()?.0, 6);
    let nconv = pep.converged_count()?;
    assert!(nconv >= 6, "{nconv} converged");
    let roots: Vec<f64> = distinct(&grid_spectrum(m, n, 4.0, -1.0, -1.0), 1e-9)
        .iter()
        .map(|mu| mu.sqrt())
        .collect();
    let printed = [2.825223, 2.825223, 2.820426, 2.820426, 2.815620, 2.815620];
    let (mut xr, mut xi) = k.create_vecs()?;
    for i in 0..nconv {
        let petsc::Complex { re, im } = pep.pair(i, &mut xr, &mut xi)?;
        let err = pep.compute_error(i, slepc::PepErrorType::Backward)?;
        assert!(re.abs() < 1e-6, "eigenvalue {i}: {re}{im:+}i");
        assert_close(im.abs(), roots[i as usize / 2], 1e-7);
        if (i as usize) < printed.len() {
            assert!((im.abs() - printed[i as usize]).abs() < 5e-7);
        }
        assert!(err < 1e-8, "eigenpair {i}: error {err}");
    }
    Ok(())
}

/// ex9.py: the symmetric-definite pencil (A, B), A the 2-D Laplacian of a 10 x 10 grid
/// and B twice the identity but for its leading 2 x 2 block [[6, -1], [-1, 1]], by
/// LOBPCG with a preconditioning transformation whose solver is block Jacobi applied
/// once; ten smallest eigenvalues. The numbers are the demo's.
fn ex9(petsc: &Petsc) -> petsc::Result<()> {
    let (m, n): (Int, Int) = (10, 10);
    let (hx, hy) = (1.0 / (m - 1) as f64, 1.0 / (n - 1) as f64);
    let a = grid(
        petsc,
        m,
        n,
        2.0 * hy / hx + 2.0 * hx / hy,
        -hy / hx,
        -hx / hy,
    )?;
    let b = matrix(&petsc.world(), m * n, |i| match i {
        0 => vec![(0, s(6.0)), (1, s(-1.0))],
        1 => vec![(0, s(-1.0)), (1, s(1.0))],
        _ => vec![(i, s(2.0))],
    })?;
    let mut pc = Pc::new(&petsc.world())?;
    pc.set_type(PcType::Bjacobi)?;
    let mut ksp = Ksp::new(&petsc.world())?;
    ksp.set_type(KspType::Preonly)?;
    ksp.set_pc(&pc)?;
    let mut st = St::new(&petsc.world())?;
    st.set_type(StType::Precond)?;
    st.set_ksp(&ksp)?;
    st.set_shift(0.0)?;
    let mut eps = Eps::new(&petsc.world())?;
    eps.set_st(&st)?;
    eps.set_operators(&a, Some(&b))?;
    eps.set_type(EpsType::Lobpcg)?;
    eps.set_dimensions_to(slepc::Dimensions::new(10))?;
    eps.set_which_eigenpairs(EpsWhich::SmallestReal)?;
    eps.set_problem_type(EpsProblemType::Ghep)?;
    eps.set_from_options()?;
    let _ = eps.solve()?; // unchecked, as upstream
    let t = eps.tolerances()?;
    assert_eq!((t.tol, t.max_it), (Some(1e-8), Some(100)));
    let found = eps_results(&eps, &a)?;
    let printed = [
        0.081042, 0.199248, 0.199591, 0.317886, 0.385094, 0.386154, 0.494118, 0.504289, 0.587346,
        0.625966,
    ];
    assert!(found.len() >= 10, "{} converged", found.len());
    for (k, (&(lambda, err), p)) in found.iter().zip(printed).enumerate() {
        assert!((lambda - p).abs() < 5e-6, "eigenvalue {k}: {lambda} vs {p}");
        assert!(err < 1e-7, "eigenpair {k}: relative error {err}");
    }
    Ok(())
}

/// ex11.py: every eigenvalue of the 2-D Laplacian (32 x 32 grid) inside the ellipse of
/// centre 0, radius 0.2 and vertical scale 0.1, by the contour-integral method CISS:
/// the 13 eigenvalues below 0.2 with their multiplicities (0.018112, 0.045199 twice,
/// ..., 0.179407 twice, as the demo prints).
fn ex11(petsc: &Petsc) -> petsc::Result<()> {
    let (m, n): (Int, Int) = (32, 32);
    let (hx, hy) = (1.0 / (m - 1) as f64, 1.0 / (n - 1) as f64);
    let (d, ox, oy) = (2.0 * hy / hx + 2.0 * hx / hy, -hy / hx, -hx / hy);
    let a = grid(petsc, m, n, d, ox, oy)?;
    let mut eps = Eps::new(&petsc.world())?;
    eps.set_operators(&a, None)?;
    eps.set_problem_type(EpsProblemType::Hep)?;
    eps.set_type(EpsType::Ciss)?;
    let mut rg = eps.rg()?;
    rg.set_type(RgType::Ellipse)?;
    rg.set_ellipse_parameters(0.0, 0.2, 0.1)?;
    drop(rg);
    eps.set_from_options()?;
    let _ = eps.solve()?; // unchecked, as upstream
    let vw = Viewer::ascii_stdout(&petsc.world())?;
    let guard = vw.push_format(ViewerFormat::AsciiInfoDetail)?;
    eps.error_view(EpsErrorType::Relative, &vw)?;
    vw.pop_format(guard)?;
    let mut found = eps_results(&eps, &a)?;
    found.sort_by(|x, y| x.0.total_cmp(&y.0));
    let mut exact: Vec<f64> = grid_spectrum(m, n, d, ox, oy)
        .into_iter()
        .filter(|l| l.abs() < 0.2)
        .collect();
    exact.reverse();
    assert_eq!(exact.len(), 13);
    assert_eq!(found.len(), exact.len(), "{found:?}");
    for (k, (&(lambda, err), want)) in found.iter().zip(&exact).enumerate() {
        assert!(
            (lambda - want).abs() < 1e-9,
            "eigenvalue {k}: {lambda} vs {want}"
        );
        assert!(err < 1e-8, "eigenpair {k}: relative error {err}");
    }
    Ok(())
}

/// ex12.py: `tridiag(-1, 0, -1)` of order 30, the smallest real eigenvalue
/// (-2 cos(pi/31) = -1.989739, as the demo prints), then again with an arbitrary
/// selection: pairs ranked by `|x^H sx|` against the first eigenvector `sx`, largest
/// first, which finds the same eigenvalue.
fn ex12(petsc: &Petsc) -> petsc::Result<()> {
    let n: Int = 30;
    let a = matrix(&petsc.world(), n, |i| {
        vec![(i - 1, s(-1.0)), (i + 1, s(-1.0))]
    })?;
    let mut eps = Eps::new(&petsc.world())?;
    eps.set_operators(&a, None)?;
    eps.set_problem_type(EpsProblemType::Hep)?;
    eps.set_which_eigenpairs(EpsWhich::SmallestReal)?;
    eps.set_from_options()?;
    let _ = eps.solve()?; // unchecked, as upstream
    let want = -2.0 * (PI / (n + 1) as f64).cos();
    assert!((want - -1.989739).abs() < 5e-7);
    assert!(eps.converged_count()? >= 1);
    let (mut sx, mut xi) = a.create_vecs()?;
    let petsc::Complex { re: k0, .. } = eps.pair(0, &mut sx, &mut xi)?;
    assert_close(k0, want, 1e-8);
    let vw = Viewer::ascii_stdout(&petsc.world())?;
    let guard = vw.push_format(ViewerFormat::AsciiInfoDetail)?;
    eps.error_view(EpsErrorType::Relative, &vw)?;
    let target = sx.duplicate()?;
    let mut target = target;
    target.copy_from(&sx)?;
    eps.set_arbitrary_selection(move |_re, _im, xr, _xi| Ok(modulus(xr.dot(&target)?)))?;
    eps.set_which_eigenpairs(EpsWhich::LargestMagnitude)?;
    let _ = eps.solve()?; // unchecked, as upstream
    eps.error_view(EpsErrorType::Relative, &vw)?;
    vw.pop_format(guard)?;
    assert!(eps.converged_count()? >= 1);
    let (mut xr, mut xi) = a.create_vecs()?;
    let petsc::Complex { re: k1, .. } = eps.pair(0, &mut xr, &mut xi)?;
    assert_close(k1, want, 1e-8);
    assert!(eps.compute_error(0, EpsErrorType::Relative)? < 1e-8);
    Ok(())
}

/// Whether PETSc can factor a parallel matrix (CISS's default inner solver at 2 ranks).
const PARALLEL_LU: bool = cfg!(petsc_have_mumps) || cfg!(petsc_have_superlu_dist);

pub fn cases() -> Vec<Case> {
    let world = |name: &'static str, body: fn(&Petsc) -> petsc::Result<()>| {
        Case::with(name.to_string(), body).ranks(&[1, 2])
    };
    vec![
        world("ex1", ex1),
        world("ex2", ex2),
        Case::with("ex3".to_string(), ex3),
        world("ex4", ex4),
        world("ex5", ex5),
        world("ex6", ex6),
        world("ex7", ex7),
        world("ex8", ex8),
        world("ex9", ex9),
        Case::with("ex10".to_string(), ex10),
        // CISS factors with LU: at two ranks a parallel one.
        world("ex11", ex11).parallel_requires(PARALLEL_LU, "a parallel LU (MUMPS or SuperLU_dist)"),
        world("ex12", ex12),
        world("ex13", ex13)
            .requires(cfg!(petsc_complex), "complex scalars")
            .parallel_requires(PARALLEL_LU, "a parallel LU (MUMPS or SuperLU_dist)"),
        world("ex14", ex14),
    ]
}
