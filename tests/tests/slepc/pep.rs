//! SLEPc polynomial eigensolvers through `slepc-rs`: quadratic eigenproblems with a
//! closed form (diagonal coefficients: the roots of scalar quadratics, real and complex
//! pairs) and a non-diagonal one checked against the eigenvalues of its companion
//! linearization (a dense QR algorithm here), with every solver type that applies, at
//! 1, 2 and 3 ranks; residuals `||P(lambda) x|| / ||x||` computed here; refused inputs;
//! monitors and tests that fail, and the same solver solving again afterwards.

use std::cell::RefCell;
use std::rc::Rc;

use petsc::{
    Complex, Error, InsertMode, Int, Mat, MatDuplicateOption, NormType, Petsc, Scalar, Sizes,
    Vector,
};
use petsc_tests::{assert_close, example, mpiexec, rerun_self, run_example, value_after, Case};
use slepc::{
    Pep, PepBasis, PepConv, PepConvergedReason, PepErrorType, PepExtract, PepProblemType,
    PepRefine, PepScale, PepStop, PepType, PepWhich, StType,
};

type C = Complex<f64>;

/// A matrix on the world communicator with rows `row -> [(col, value)]` (columns outside
/// `0..n` dropped), `local` rows on this rank when given.
fn matrix_local(
    petsc: &Petsc,
    n: Int,
    local: Option<Int>,
    row: impl Fn(Int) -> Vec<(Int, f64)>,
) -> petsc::Result<Mat> {
    let mut a = Mat::aij(&petsc.world())
        .sizes(Sizes {
            local_rows: local,
            local_cols: local,
            global_rows: Some(n),
            global_cols: Some(n),
        })
        .preallocate(5, 4)
        .build()?;
    for i in a.ownership_range()? {
        let (cols, vals): (Vec<Int>, Vec<Scalar>) = row(i)
            .into_iter()
            .filter(|(j, _)| (0..n).contains(j))
            .map(|(j, v)| (j, Scalar::from(v)))
            .unzip();
        a.set_values(&[i], &cols, &vals, InsertMode::Insert)?;
    }
    a.assemble()?;
    Ok(a)
}

fn matrix(petsc: &Petsc, n: Int, row: impl Fn(Int) -> Vec<(Int, f64)>) -> petsc::Result<Mat> {
    matrix_local(petsc, n, None, row)
}

fn diagonal(petsc: &Petsc, n: Int, f: impl Fn(Int) -> f64) -> petsc::Result<Mat> {
    matrix(petsc, n, |i| vec![(i, f(i))])
}

/// The quadratic `K + lambda C + lambda^2 M` and its dense row form.
struct Quadratic {
    k: Mat,
    c: Mat,
    m: Mat,
}

impl Quadratic {
    fn ops(&self) -> [&Mat; 3] {
        [&self.k, &self.c, &self.m]
    }
}

/// `||P(lambda) x|| / ||x||` for the eigenpair `(lambda, xr + i xi)` (a real build keeps
/// the imaginary part of a complex eigenvector in `xi`; a complex build has `xi = 0`),
/// computed here with the matrices' products, independently of SLEPc.
fn residual(q: &Quadratic, lambda: C, xr: &Vector, xi: &Vector) -> petsc::Result<f64> {
    let apply = |a: &Mat, x: &Vector| -> petsc::Result<Vector> {
        let mut y = x.duplicate()?;
        a.mult(x, &mut y)?;
        Ok(y)
    };
    if petsc::SCALAR_IS_COMPLEX {
        // P(lambda) x with complex scalars.
        let x = xr;
        let mut r = apply(&q.k, x)?;
        let cx = apply(&q.c, x)?;
        let mx = apply(&q.m, x)?;
        r.axpy(scalar_of(lambda), &cx)?;
        r.axpy(scalar_of(lambda * lambda), &mx)?;
        return Ok(r.norm(NormType::Two)? / x.norm(NormType::Two)?);
    }
    // Real and imaginary parts of P(a + ib)(xr + i xi).
    let (a, b) = (lambda.re, lambda.im);
    let (l2r, l2i) = (a * a - b * b, 2.0 * a * b);
    let (kr, ki) = (apply(&q.k, xr)?, apply(&q.k, xi)?);
    let (cr, ci) = (apply(&q.c, xr)?, apply(&q.c, xi)?);
    let (mr, mi) = (apply(&q.m, xr)?, apply(&q.m, xi)?);
    let mut re = kr;
    re.axpy(a, &cr)?;
    re.axpy(-b, &ci)?;
    re.axpy(l2r, &mr)?;
    re.axpy(-l2i, &mi)?;
    let mut im = ki;
    im.axpy(a, &ci)?;
    im.axpy(b, &cr)?;
    im.axpy(l2r, &mi)?;
    im.axpy(l2i, &mr)?;
    let num = re.norm(NormType::Two)?.hypot(im.norm(NormType::Two)?);
    let den = xr.norm(NormType::Two)?.hypot(xi.norm(NormType::Two)?);
    Ok(num / den)
}

/// A complex number as a scalar (complex builds only call it).
#[cfg(petsc_complex)]
fn scalar_of(z: C) -> Scalar {
    z
}

/// A complex number as a scalar (complex builds only call it).
#[cfg(not(petsc_complex))]
fn scalar_of(z: C) -> Scalar {
    z.re
}

/// The scale of `P(lambda)` for a relative residual: `|l|^2 ||M|| + |l| ||C|| + ||K||`.
fn scale_of(q: &Quadratic, lambda: C) -> petsc::Result<f64> {
    let l = lambda.norm();
    Ok(l * l * q.m.norm(NormType::Infinity)?
        + l * q.c.norm(NormType::Infinity)?
        + q.k.norm(NormType::Infinity)?)
}

/// Every converged eigenpair: `(lambda, relative residual)`, with the residual computed
/// here; checks SLEPc's backward error of the `nev` requested ones (pairs converged
/// beyond them passed the solver's own estimate only: JD's may be far off).
fn pairs(pep: &Pep, q: &Quadratic) -> petsc::Result<Vec<(C, f64)>> {
    let (mut xr, mut xi) = q.k.create_vecs()?;
    let (nev, _, _) = pep.dimensions()?;
    (0..pep.converged_count()?)
        .map(|i| {
            let petsc::Complex { re, im } = pep.pair(i, &mut xr, &mut xi)?;
            let l = C::new(re, im);
            let r = residual(q, l, &xr, &xi)? / scale_of(q, l)?;
            let back = pep.compute_error(i, PepErrorType::Backward)?;
            assert!(i >= nev || back < 1e-6, "pair {i}: backward error {back}");
            Ok((l, r))
        })
        .collect()
}

/// Asserts each of `want` is found among the computed eigenvalues (relative `tol`), with
/// a small residual.
fn check_found(got: &[(C, f64)], want: &[C], tol: f64, what: &str) {
    for w in want {
        let best = got
            .iter()
            .min_by(|a, b| (a.0 - w).norm().total_cmp(&(b.0 - w).norm()))
            .unwrap_or_else(|| panic!("{what}: nothing converged"));
        assert!(
            (best.0 - w).norm() <= tol * w.norm().max(1.0),
            "{what}: {w} not found (nearest {}); got {:?}",
            best.0,
            got.iter().map(|g| g.0).collect::<Vec<_>>()
        );
        assert!(best.1 < 1e-8, "{what}: residual {} at {w}", best.1);
    }
}

/// The roots of `m l^2 + c l + k`.
fn roots(m: f64, c: f64, k: f64) -> [C; 2] {
    let disc = C::new(c * c - 4.0 * m * k, 0.0).sqrt();
    [(-c + disc) / (2.0 * m), (-c - disc) / (2.0 * m)]
}

/// Sorted by decreasing magnitude, then by imaginary part.
fn by_magnitude(mut v: Vec<C>) -> Vec<C> {
    v.sort_by(|a, b| {
        b.norm()
            .partial_cmp(&a.norm())
            .unwrap()
            .then(b.im.total_cmp(&a.im))
    });
    v
}

/// Diagonal coefficients, `n` = 60: `m = 1`, `k = (i+1)^2`, `c = 0.1 (i+1)` for odd
/// `i` (a complex pair of modulus `i + 1`) and `2.01 (i+1)` for even `i` (two real
/// roots, `-0.905 (i+1)` and `-1.105 (i+1)`).
fn diagonal_problem(petsc: &Petsc) -> petsc::Result<(Quadratic, Vec<C>)> {
    let n = 60;
    let cf = |i: Int| if i % 2 == 1 { 0.1 } else { 2.01 } * (i + 1) as f64;
    let kf = |i: Int| ((i + 1) * (i + 1)) as f64;
    let q = Quadratic {
        k: diagonal(petsc, n, kf)?,
        c: diagonal(petsc, n, cf)?,
        m: diagonal(petsc, n, |_| 1.0)?,
    };
    let all: Vec<C> = (0..n).flat_map(|i| roots(1.0, cf(i), kf(i))).collect();
    Ok((q, by_magnitude(all)))
}

/// A hyperbolic diagonal quadratic, `n` = 60: the roots -(i+1) in [-60, -1] and
/// -(100+i) in [-159, -100] of each entry, split by a gap (P(-80) is negative definite).
fn hyperbolic_problem(petsc: &Petsc) -> petsc::Result<Quadratic> {
    let n = 60;
    let (a, b) = (|i: Int| (i + 1) as f64, |i: Int| (100 + i) as f64);
    Ok(Quadratic {
        k: diagonal(petsc, n, |i| a(i) * b(i))?,
        c: diagonal(petsc, n, |i| a(i) + b(i))?,
        m: diagonal(petsc, n, |_| 1.0)?,
    })
}

/// The largest eigenvalues of the diagonal quadratic by each solver type that applies:
/// the closed form, at 1, 2 and 3 ranks.
fn diagonal_closed_form(petsc: &Petsc) -> petsc::Result<()> {
    let (q, exact) = diagonal_problem(petsc)?;
    // The 6 largest in magnitude: -65.195, -63.0, -60.8, -3 +- 59.92i, -58.6.
    let want: Vec<C> = exact.iter().copied().take(6).collect();
    for ty in [PepType::Toar, PepType::Qarnoldi, PepType::Linear] {
        let mut pep = Pep::new(&petsc.world())?;
        pep.set_operators(&q.ops())?;
        pep.set_type(ty.clone())?;
        pep.set_dimensions_to(slepc::Dimensions::new(6))?;
        pep.set_tolerances(slepc::Tolerances {
            tol: Some(1e-11),
            max_it: Some(2000),
        })?;
        let reason = pep.solve()?;
        assert_eq!(pep.ty()?, Some(ty.clone()));
        assert_eq!(reason, PepConvergedReason::ConvergedTol);
        let got = pairs(&pep, &q)?;
        check_found(&got, &want, 1e-8, ty.as_str());
    }
    // STOAR (Hermitian problems). With complex eigenvalues its indefinite Lanczos
    // process loses symmetry on this problem (and, without a shift, on diagonal ones
    // generally, depending on the starting vector), so a hyperbolic diagonal quadratic:
    // the roots -(i+1) in [-60, -1] and -(100+i) in [-159, -100] of each entry, split by
    // a gap (P(-80) is negative definite); shift-and-invert at -79.7, in the gap.
    let hq = hyperbolic_problem(petsc)?;
    let want: Vec<C> = [-60.0, -100.0, -59.0, -101.0, -58.0, -102.0]
        .map(|v| C::new(v, 0.0))
        .to_vec();
    for ty in [PepProblemType::Hyperbolic, PepProblemType::Hermitian] {
        let mut pep = Pep::new(&petsc.world())?;
        pep.set_operators(&hq.ops())?;
        pep.set_type(PepType::Stoar)?;
        pep.set_problem_type(ty)?;
        pep.set_target(-79.7)?;
        pep.set_which_eigenpairs(PepWhich::TargetMagnitude)?;
        pep.st()?.set_type(StType::Sinvert)?;
        parallel_inner_solver(petsc, &pep)?;
        pep.set_dimensions_to(slepc::Dimensions::new(6))?;
        pep.set_tolerances(slepc::Tolerances {
            tol: Some(1e-11),
            max_it: Some(2000),
        })?;
        let reason = pep.solve()?;
        assert_eq!(reason, PepConvergedReason::ConvergedTol, "{ty:?}");
        let got = pairs(&pep, &hq)?;
        check_found(&got, &want, 1e-8, "stoar");
        // Sorted by distance to the target: 19.7, 20.3, 20.7, ...
        for (g, w) in got.iter().zip(&want) {
            assert!((g.0 - w).norm() < 1e-8, "{got:?}");
        }
    }
    // JD near a target, with shift-and-invert's exact inner solves replaced by JD's own
    // (GMRES with its projected preconditioner): the eigenvalues nearest -10.
    let mut pep = Pep::new(&petsc.world())?;
    pep.set_operators(&q.ops())?;
    pep.set_type(PepType::Jd)?;
    pep.set_target(-10.0)?;
    pep.set_which_eigenpairs(PepWhich::TargetMagnitude)?;
    pep.set_dimensions_to(slepc::Dimensions::new(3))?;
    pep.set_tolerances(slepc::Tolerances {
        tol: Some(1e-10),
        max_it: Some(2000),
    })?;
    {
        let mut ksp = pep.st()?.ksp()?;
        ksp.set_type(petsc::KspType::Gmres)?;
        ksp.pc()?.set_type(petsc::PcType::Jacobi)?;
    }
    pep.solve()?.check()?;
    let mut near = exact.clone();
    near.sort_by(|a, b| (a + 10.0).norm().total_cmp(&(b + 10.0).norm()));
    let got = pairs(&pep, &q)?;
    // The two nearest (-9.954 and -9.946); JD need not find the third nearest third.
    check_found(&got, &near[..2], 1e-8, "jd");
    for (l, _) in got.iter().take(3) {
        assert!(
            exact.iter().any(|e| (e - l).norm() < 1e-8 * l.norm()),
            "jd: {l} is no eigenvalue"
        );
    }
    Ok(())
}

// --------------------------------------------------------------------------------------
// A dense eigenvalue solver for the companion linearization.

/// The eigenvalues of a dense complex matrix (row-major `n x n`): reduction to
/// Hessenberg form by stabilized elimination, then the shifted QR algorithm with
/// Givens rotations and Wilkinson shifts. (Index loops: they read as the algorithm.)
#[allow(clippy::needless_range_loop)]
fn dense_eigenvalues(mut h: Vec<Vec<C>>) -> Vec<C> {
    let n = h.len();
    let zero = C::new(0.0, 0.0);
    // Hessenberg: eliminate below the subdiagonal, column by column, with pivoting.
    for m in 1..n.saturating_sub(1) {
        let piv = (m..n)
            .max_by(|&a, &b| h[a][m - 1].norm().total_cmp(&h[b][m - 1].norm()))
            .unwrap();
        if piv != m {
            h.swap(piv, m);
            for row in h.iter_mut() {
                row.swap(piv, m);
            }
        }
        if h[m][m - 1].norm() == 0.0 {
            continue;
        }
        for i in m + 1..n {
            let y = h[i][m - 1] / h[m][m - 1];
            if y == zero {
                continue;
            }
            for j in m - 1..n {
                let t = h[m][j];
                h[i][j] -= y * t;
            }
            for row in h.iter_mut() {
                let t = row[i];
                row[m] += y * t;
            }
        }
    }
    let mut eig = Vec::with_capacity(n);
    let mut hi = n - 1;
    let mut iters = 0;
    loop {
        if hi == 0 {
            eig.push(h[0][0]);
            break;
        }
        let mut l = hi;
        while l > 0 {
            let s = h[l][l].norm() + h[l - 1][l - 1].norm();
            if h[l][l - 1].norm() <= f64::EPSILON * s.max(f64::MIN_POSITIVE) {
                h[l][l - 1] = zero;
                break;
            }
            l -= 1;
        }
        if l == hi {
            eig.push(h[hi][hi]);
            hi -= 1;
            iters = 0;
            continue;
        }
        iters += 1;
        assert!(iters < 1000, "dense QR did not converge");
        let (a, b, c, d) = (h[hi - 1][hi - 1], h[hi - 1][hi], h[hi][hi - 1], h[hi][hi]);
        let mut mu = {
            let tr = (a + d) / 2.0;
            let disc = (tr * tr - (a * d - b * c)).sqrt();
            let (m1, m2) = (tr + disc, tr - disc);
            if (m1 - d).norm() < (m2 - d).norm() {
                m1
            } else {
                m2
            }
        };
        if iters % 11 == 10 {
            mu = d + h[hi][hi - 1].norm(); // an exceptional shift
        }
        for k in l..=hi {
            h[k][k] -= mu;
        }
        let mut rot = Vec::with_capacity(hi - l);
        for k in l..hi {
            let (x, y) = (h[k][k], h[k + 1][k]);
            let r = (x.norm_sqr() + y.norm_sqr()).sqrt();
            let (cs, sn) = if r == 0.0 {
                (C::new(1.0, 0.0), zero)
            } else {
                (x / r, y / r)
            };
            for j in k..=hi {
                let (u, v) = (h[k][j], h[k + 1][j]);
                h[k][j] = cs.conj() * u + sn.conj() * v;
                h[k + 1][j] = -sn * u + cs * v;
            }
            rot.push((cs, sn));
        }
        for (idx, k) in (l..hi).enumerate() {
            let (cs, sn) = rot[idx];
            for row in h.iter_mut().take((k + 2).min(hi) + 1).skip(l) {
                let (u, v) = (row[k], row[k + 1]);
                row[k] = u * cs + v * sn;
                row[k + 1] = -u * sn.conj() + v * cs.conj();
            }
        }
        for k in l..=hi {
            h[k][k] += mu;
        }
    }
    eig
}

/// The non-diagonal quadratic on an `nx` x `ny` grid: `K` the 2D Laplacian, `C` a
/// non-symmetric tridiagonal (or, `symmetric`, the 1D Laplacian on grid lines as in
/// SLEPc's ex16), `M = diag(1 + i/N)`. With the dense row form of each.
type Dense = Vec<Vec<f64>>;

fn grid_problem(
    petsc: &Petsc,
    nx: Int,
    ny: Int,
    symmetric: bool,
) -> petsc::Result<(Quadratic, [Dense; 3])> {
    let n = nx * ny;
    let krow = move |i: Int| {
        let (r, c) = (i / nx, i % nx);
        let mut v = vec![(i, 4.0)];
        if r > 0 {
            v.push((i - nx, -1.0));
        }
        if r + 1 < ny {
            v.push((i + nx, -1.0));
        }
        if c > 0 {
            v.push((i - 1, -1.0));
        }
        if c + 1 < nx {
            v.push((i + 1, -1.0));
        }
        v
    };
    let crow = move |i: Int| {
        let c = i % nx;
        let mut v = vec![(i, if symmetric { 2.0 } else { 0.5 })];
        if c > 0 {
            v.push((i - 1, if symmetric { -1.0 } else { -0.3 }));
        }
        if c + 1 < nx {
            v.push((i + 1, if symmetric { -1.0 } else { 0.2 }));
        }
        v
    };
    let mrow = move |i: Int| vec![(i, 1.0 + i as f64 / n as f64)];
    let dense = |row: &dyn Fn(Int) -> Vec<(Int, f64)>| -> Dense {
        (0..n)
            .map(|i| {
                let mut r = vec![0.0; n as usize];
                for (j, v) in row(i) {
                    r[j as usize] = v;
                }
                r
            })
            .collect()
    };
    let q = Quadratic {
        k: matrix(petsc, n, krow)?,
        c: matrix(petsc, n, crow)?,
        m: matrix(petsc, n, mrow)?,
    };
    Ok((q, [dense(&krow), dense(&crow), dense(&mrow)]))
}

/// The eigenvalues of `K + l C + l^2 M` (`M` diagonal) from its companion matrix
/// `[[0, I], [-M^-1 K, -M^-1 C]]`, by decreasing magnitude.
fn companion_eigenvalues([k, c, m]: &[Dense; 3]) -> Vec<C> {
    let n = k.len();
    let mut a = vec![vec![C::new(0.0, 0.0); 2 * n]; 2 * n];
    for i in 0..n {
        a[i][n + i] = C::new(1.0, 0.0);
        for j in 0..n {
            a[n + i][j] = C::new(-k[i][j] / m[i][i], 0.0);
            a[n + i][n + j] = C::new(-c[i][j] / m[i][i], 0.0);
        }
    }
    by_magnitude(dense_eigenvalues(a))
}

/// A general (non-symmetric) quadratic: the largest eigenvalues by TOAR, QArnoldi and
/// the linearization, and those nearest a target by TOAR with shift-and-invert, against
/// the dense companion matrix's, at 1, 2 and 3 ranks; a Hermitian one by TOAR.
fn nondiagonal_against_dense(petsc: &Petsc) -> petsc::Result<()> {
    // The dense solver itself, on a matrix with known eigenvalues 1, 2, 3 +- 4i.
    let t = |re: f64, im: f64| C::new(re, im);
    let mut e = dense_eigenvalues(vec![
        vec![t(1.0, 0.0), t(5.0, 0.0), t(7.0, 0.0), t(1.0, 0.0)],
        vec![t(0.0, 0.0), t(2.0, 0.0), t(3.0, 0.0), t(-2.0, 0.0)],
        vec![t(0.0, 0.0), t(0.0, 0.0), t(3.0, 0.0), t(4.0, 0.0)],
        vec![t(0.0, 0.0), t(0.0, 0.0), t(-4.0, 0.0), t(3.0, 0.0)],
    ]);
    e.sort_by(|a, b| a.re.total_cmp(&b.re).then(a.im.total_cmp(&b.im)));
    for (g, w) in e
        .iter()
        .zip([t(1.0, 0.0), t(2.0, 0.0), t(3.0, -4.0), t(3.0, 4.0)])
    {
        assert!((g - w).norm() < 1e-12, "{e:?}");
    }

    let (q, dense) = grid_problem(petsc, 6, 5, false)?;
    let exact = companion_eigenvalues(&dense);
    assert_eq!(exact.len(), 60);
    let want: Vec<C> = exact.iter().copied().take(5).collect();
    for ty in [PepType::Toar, PepType::Qarnoldi, PepType::Linear] {
        let mut pep = Pep::new(&petsc.world())?;
        pep.set_operators(&q.ops())?;
        pep.set_type(ty.clone())?;
        pep.set_dimensions_to(slepc::Dimensions::new(5))?;
        pep.set_tolerances(slepc::Tolerances {
            tol: Some(1e-11),
            max_it: Some(2000),
        })?;
        pep.solve()?.check()?;
        check_found(&pairs(&pep, &q)?, &want, 1e-8, ty.as_str());
    }
    // Nearest 0.3 - 0.2i (complex builds) or 0.3, by shift-and-invert.
    let target = if petsc::SCALAR_IS_COMPLEX {
        C::new(0.3, -0.2)
    } else {
        C::new(0.3, 0.0)
    };
    let mut pep = Pep::new(&petsc.world())?;
    pep.set_operators(&q.ops())?;
    pep.set_target(scalar_of(target))?;
    pep.set_which_eigenpairs(PepWhich::TargetMagnitude)?;
    pep.st()?.set_type(StType::Sinvert)?;
    parallel_inner_solver(petsc, &pep)?;
    pep.set_dimensions_to(slepc::Dimensions::new(4))?;
    pep.set_tolerances(slepc::Tolerances {
        tol: Some(1e-11),
        ..Default::default()
    })?;
    pep.solve()?.check()?;
    let mut near = exact.clone();
    near.sort_by(|a, b| (a - target).norm().total_cmp(&(b - target).norm()));
    check_found(&pairs(&pep, &q)?, &near[..3], 1e-8, "toar sinvert");

    // Hermitian (ex16's C): TOAR told the problem is Hermitian.
    let (q, dense) = grid_problem(petsc, 6, 5, true)?;
    let exact = companion_eigenvalues(&dense);
    let mut pep = Pep::new(&petsc.world())?;
    pep.set_operators(&q.ops())?;
    pep.set_problem_type(PepProblemType::Hermitian)?;
    pep.set_dimensions_to(slepc::Dimensions::new(4))?;
    pep.set_tolerances(slepc::Tolerances {
        tol: Some(1e-11),
        max_it: Some(2000),
    })?;
    let reason = pep.solve()?;
    assert_eq!(reason, PepConvergedReason::ConvergedTol);
    check_found(&pairs(&pep, &q)?, &exact[..4], 1e-8, "toar hermitian");

    // STOAR is checked on the hyperbolic diagonal problem (diagonal_closed_form) and
    // on ex16's problem (pep_ex16 in slepc_tutorials): on small non-diagonal Hermitian
    // and hyperbolic problems SLEPc 3.18's STOAR loses the symmetry of its indefinite
    // Lanczos process for some starting vectors and rank counts.
    Ok(())
}

/// Shift-and-invert's inner solve: SLEPc's default (LU) where PETSc factors in parallel,
/// else GMRES with Jacobi to rtol 1e-13.
fn parallel_inner_solver(petsc: &Petsc, pep: &Pep) -> petsc::Result<()> {
    if petsc.world().size() == 1
        || petsc.has_external_package("mumps")?
        || petsc.has_external_package("superlu_dist")?
    {
        return Ok(());
    }
    let mut ksp = pep.st()?.ksp()?;
    ksp.set_type(petsc::KspType::Gmres)?;
    ksp.pc()?.set_type(petsc::PcType::Jacobi)?;
    ksp.set_tolerances(petsc::KspTolerances {
        rtol: Some(1e-13),
        atol: Some(0.0),
        max_it: Some(10_000),
        ..Default::default()
    })
}

fn expect_err<T: std::fmt::Debug>(r: petsc::Result<T>, what: &str, needle: &str) {
    match r {
        Ok(v) => panic!("{what}: expected an error containing {needle:?}, got {v:?}"),
        Err(e) => assert!(e.report().contains(needle), "{what}: {e}"),
    }
}

/// Inputs SLEPc would refuse, crash on or silently ignore, refused with a message
/// naming them (on every rank).
fn bad_inputs(petsc: &Petsc) -> petsc::Result<()> {
    let n = 12;
    let a = diagonal(petsc, n, |i| (i + 1) as f64)?;
    let b = diagonal(petsc, n + 1, |_| 1.0)?;
    let mut pep = Pep::new(&petsc.world())?;
    let e = pep.set_operators(&[&a, &a, &b]).unwrap_err();
    assert!(matches!(e, Error::SizeMismatch { .. }), "{e}");
    assert!(
        e.report().contains("A2 is 13 x 13 but A0 is 12 x 12"),
        "{e}"
    );
    expect_err(pep.set_operators(&[&a, &a]), "two matrices", "at least 3");
    let rect = Mat::aij(&petsc.world())
        .sizes(Sizes::global(n, n + 2))
        .preallocate(1, 1)
        .build()?;
    expect_err(
        pep.set_operators(&[&a, &rect, &a]),
        "rectangular",
        "A1 is 12 x 14, not square",
    );
    // Same global size, another split of the rows: at 2 or more ranks, rank 0 owns one
    // row more than PETSc's default split gives it.
    let size = petsc.world().size() as Int;
    if size > 1 {
        let rank = petsc.world().rank() as Int;
        let default = n / size + Int::from(rank < n % size);
        let local = match rank {
            0 => default + 1,
            1 => default - 1,
            _ => default,
        };
        let odd = matrix_local(petsc, n, Some(local), |i| vec![(i, 1.0)])?;
        let e = pep.set_operators(&[&a, &odd, &a]).unwrap_err();
        if rank < 2 {
            assert!(e.report().contains("A1 has local size"), "{e}");
        } else {
            assert!(e.report().contains("another rank"), "{e}");
        }
    }
    expect_err(
        pep.solve().map(drop),
        "no operators",
        "call set_operators first",
    );
    expect_err(
        pep.operators().map(|v| v.len()),
        "no operators",
        "call set_operators first",
    );

    // Settings refused before SLEPc sees them.
    expect_err(
        pep.set_dimensions_to(slepc::Dimensions::new(0)),
        "nev 0",
        "nev is 0; it must be at least 1",
    );
    expect_err(
        pep.set_dimensions_to(slepc::Dimensions::new(2).ncv(0)),
        "ncv 0",
        "ncv is 0",
    );
    expect_err(
        pep.set_tolerances(slepc::Tolerances {
            tol: Some(f64::NAN),
            ..Default::default()
        }),
        "NaN tol",
        "tol is NaN",
    );
    expect_err(
        pep.set_tolerances(slepc::Tolerances {
            tol: Some(-1.0),
            ..Default::default()
        }),
        "negative tol",
        "positive",
    );
    expect_err(
        pep.set_tolerances(slepc::Tolerances {
            max_it: Some(0),
            ..Default::default()
        }),
        "max_it 0",
        "max_it is 0",
    );
    expect_err(
        pep.set_target(f64::INFINITY),
        "infinite target",
        "must be finite",
    );
    expect_err(pep.set_interval(2.0, 1.0), "empty interval", "empty");
    expect_err(pep.set_interval(f64::NAN, 1.0), "NaN interval", "empty");
    expect_err(
        pep.set_which_eigenpairs(PepWhich::User),
        "user order",
        "comparison",
    );
    expect_err(
        pep.set_scaling(&slepc::PepScaling {
            kind: PepScale::Scalar,
            factor: f64::NAN,
            ..Default::default()
        }),
        "NaN alpha",
        "alpha is NaN",
    );
    expect_err(
        pep.set_refinement(slepc::PepRefinement {
            kind: PepRefine::Simple,
            npart: size + 1,
            ..Default::default()
        }),
        "npart",
        "npart is",
    );
    expect_err(
        pep.set_type_name("tensor_arnoldi"),
        "type",
        "unknown PEP type 'tensor_arnoldi'",
    );

    // Options of another type: SLEPc ignores the setters (they leave the solver as it
    // is) and refuses the getters, naming the type the solver has.
    pep.set_type(PepType::Toar)?;
    pep.set_qarnoldi_restart(0.5)?;
    expect_err(
        pep.qarnoldi_restart().map(|_| ()),
        "qarnoldi on toar",
        "the solver type is 'toar', not 'qarnoldi'",
    );
    pep.set_stoar_locking(true)?;
    expect_err(
        pep.stoar_locking().map(|_| ()),
        "stoar on toar",
        "not 'stoar'",
    );
    pep.set_jd_fix(0.1)?;
    expect_err(pep.jd_fix().map(|_| ()), "jd on toar", "not 'jd'");
    pep.set_linear_explicit_matrix(true)?;
    expect_err(
        pep.linear_explicit_matrix().map(|_| ()),
        "linear on toar",
        "not 'linear'",
    );
    expect_err(
        pep.linear_eps().map(|_| ()),
        "linear eps on toar",
        "not 'linear'",
    );
    expect_err(pep.stoar_inertias(), "inertias on toar", "not 'stoar'");
    // Ignored on toar where CISS exists (complex scalars); no CISS at all otherwise.
    assert_eq!(pep.set_ciss_refinement(1, 1).is_ok(), cfg!(petsc_complex));
    // The toar options are untouched by all that.
    assert!(pep.toar_locking()?);
    pep.set_type(PepType::Linear)?;
    pep.set_toar_locking(false)?;
    assert!(!pep.linear_explicit_matrix()?);
    expect_err(
        pep.toar_locking().map(|_| ()),
        "toar on linear",
        "the solver type is 'linear', not 'toar'",
    );
    // A NaN is refused whatever the type (SLEPc's range check would let it through).
    expect_err(
        pep.set_toar_restart(f64::NAN),
        "NaN restart on linear",
        "must be finite",
    );
    pep.set_type(PepType::Toar)?;
    expect_err(
        pep.set_toar_restart(f64::NAN),
        "NaN restart",
        "must be finite",
    );
    pep.set_type(PepType::Stoar)?;
    expect_err(
        pep.stoar_inertias(),
        "inertias without slicing",
        "not a spectrum slicing",
    );
    expect_err(
        pep.set_stoar_dimensions_to(slepc::Dimensions::new(0)),
        "stoar nev",
        "nev is 0",
    );

    // More eigenpairs than the problem has (d n = 24): at set_dimensions with operators,
    // and at solve when nev was set before them.
    let mut pep = Pep::new(&petsc.world())?;
    pep.set_dimensions_to(slepc::Dimensions::new(25))?;
    pep.set_operators(&[&a, &a, &a])?;
    expect_err(
        pep.solve().map(drop),
        "nev > dn at solve",
        "25 eigenpairs requested but the problem has 24",
    );
    expect_err(
        pep.set_dimensions_to(slepc::Dimensions::new(30)),
        "nev > dn",
        "30 eigenpairs requested",
    );

    // Results before a solve, beyond the converged ones, into wrong vectors.
    let (q, _) = grid_problem(petsc, 4, 3, false)?;
    let mut pep = Pep::new(&petsc.world())?;
    pep.set_operators(&q.ops())?;
    let e = pep.value(0).unwrap_err();
    assert!(matches!(e, Error::OutOfRange { .. }), "{e}");
    pep.set_dimensions_to(slepc::Dimensions::new(2))?;
    pep.solve()?.check()?;
    let nconv = pep.converged_count()?;
    expect_err(
        pep.value(nconv).map(|v| (v.re, v.im)),
        "index",
        &format!("eigenpair {nconv} requested but {nconv} converged"),
    );
    expect_err(
        pep.value(-1).map(|v| (v.re, v.im)),
        "negative index",
        "eigenpair -1 requested",
    );
    expect_err(
        pep.compute_error(nconv, PepErrorType::Absolute),
        "error index",
        "requested",
    );
    expect_err(pep.error_estimate(nconv), "estimate index", "requested");
    let (mut xr, _) = b.create_vecs()?;
    let (_, mut xi) = a.create_vecs()?;
    expect_err(
        pep.pair(0, &mut xr, &mut xi).map(|v| (v.re, v.im)),
        "wrong vector size",
        "xr has size 13 but the problem has size 12",
    );
    let big = Vector::from_slice(&petsc.self_comm(), &[Scalar::from(1.0); 3])?;
    expect_err(
        pep.set_initial_space(&[&big]),
        "initial space",
        "has size 3 but the problem has size 12",
    );
    Ok(())
}

/// A general quadratic (grid 6 x 5, non-symmetric `C`), or a Hermitian one, for the
/// recovery tests, with its largest eigenvalues from the dense companion matrix.
struct Setup {
    ty: PepType,
    hermitian: bool,
    scale: PepScale,
}

fn setup_solver(petsc: &Petsc, s: &Setup) -> petsc::Result<(Pep, Quadratic, Vec<C>)> {
    if s.ty == PepType::Stoar {
        // STOAR loses the symmetry of its indefinite Lanczos process on the Hermitian
        // grid problem for some starting vectors (each solve draws a new one), and on
        // the hyperbolic problem when lambda is scaled, at 2 and 3 ranks: the hyperbolic
        // problem, unscaled, by shift-and-invert in its gap.
        let q = hyperbolic_problem(petsc)?;
        let mut pep = Pep::new(&petsc.world())?;
        pep.set_operators(&q.ops())?;
        pep.set_type(PepType::Stoar)?;
        pep.set_problem_type(PepProblemType::Hyperbolic)?;
        pep.set_scaling(&slepc::PepScaling {
            kind: s.scale,
            ..Default::default()
        })?;
        pep.set_target(-79.7)?;
        pep.set_which_eigenpairs(PepWhich::TargetMagnitude)?;
        pep.st()?.set_type(StType::Sinvert)?;
        parallel_inner_solver(petsc, &pep)?;
        pep.set_dimensions_to(slepc::Dimensions::new(4))?;
        pep.set_tolerances(slepc::Tolerances {
            tol: Some(1e-11),
            max_it: Some(2000),
        })?;
        let near = [-60.0, -100.0, -59.0, -101.0]
            .map(|v| C::new(v, 0.0))
            .to_vec();
        return Ok((pep, q, near));
    }
    let (q, dense) = grid_problem(petsc, 6, 5, s.hermitian)?;
    let exact = companion_eigenvalues(&dense);
    let mut pep = Pep::new(&petsc.world())?;
    pep.set_operators(&q.ops())?;
    pep.set_type(s.ty.clone())?;
    if s.hermitian {
        pep.set_problem_type(PepProblemType::Hermitian)?;
    }
    pep.set_scaling(&slepc::PepScaling {
        kind: s.scale,
        ..Default::default()
    })?;
    pep.set_dimensions_to(slepc::Dimensions::new(4))?;
    pep.set_tolerances(slepc::Tolerances {
        tol: Some(1e-11),
        max_it: Some(2000),
    })?;
    if s.ty == PepType::Jd {
        // Nearest -1.5 + 1.7i (complex builds) or -1.5, with JD's own inner solves.
        pep.set_target(scalar_of(jd_target()))?;
        pep.set_which_eigenpairs(PepWhich::TargetMagnitude)?;
        pep.set_dimensions_to(slepc::Dimensions::new(1))?;
        let mut ksp = pep.st()?.ksp()?;
        ksp.set_type(petsc::KspType::Gmres)?;
        ksp.pc()?.set_type(petsc::PcType::Jacobi)?;
    }
    Ok((pep, q, exact))
}

fn jd_target() -> C {
    if petsc::SCALAR_IS_COMPLEX {
        C::new(-1.5, 1.7)
    } else {
        C::new(-1.5, 0.0)
    }
}

/// The eigenvalues a setup must find.
fn wanted(s: &Setup, exact: &[C]) -> Vec<C> {
    if s.ty == PepType::Jd {
        let t = jd_target();
        let mut near = exact.to_vec();
        near.sort_by(|a, b| (a - t).norm().total_cmp(&(b - t).norm()));
        near.truncate(1);
        near
    } else {
        exact[..4].to_vec()
    }
}

/// A monitor that fails (an `Err`, then a panic) at its second call, then a
/// convergence test that fails and a stopping test that panics: each ends the solve
/// with its message, and the same solver then solves correctly, as a fresh one does.
fn recovers(petsc: &Petsc, s: &Setup) -> petsc::Result<()> {
    let what = format!("{:?} scale {:?}", s.ty, s.scale);
    let (mut pep, q, exact) = setup_solver(petsc, s)?;
    let want = wanted(s, &exact);
    let solve_ok = |pep: &mut Pep| -> petsc::Result<()> {
        let reason = pep.solve()?;
        assert_eq!(reason, PepConvergedReason::ConvergedTol, "{what}");
        check_found(&pairs(pep, &q)?, &want, 1e-8, &what);
        Ok(())
    };
    let calls = Rc::new(RefCell::new(0));
    let seen = calls.clone();
    pep.monitor(move |_| {
        *seen.borrow_mut() += 1;
        if *seen.borrow() == 2 {
            return Err(Error::user("monitor says stop"));
        }
        Ok(())
    })?;
    let e = pep.solve().unwrap_err();
    assert!(
        matches!(&e, Error::Callback { callback, .. } if callback == "PEP monitor"),
        "{what}: {e}"
    );
    assert!(e.report().contains("monitor says stop"), "{what}: {e}");
    pep.cancel_monitors()?;
    assert_eq!(
        Rc::strong_count(&calls),
        1,
        "cancel_monitors dropped the closure"
    );
    solve_ok(&mut pep)?;

    // A panic, on a solver that has solved before.
    pep.monitor(|m| {
        if m.iteration == 2 {
            panic!("monitor panics at iteration {}", m.iteration);
        }
        Ok(())
    })?;
    pep.set_operators(&q.ops())?; // as in C, the next solve then solves again
    let e = pep.solve().unwrap_err();
    assert!(
        matches!(&e, Error::CallbackPanic { callback, message }
            if callback == "PEP monitor" && message.contains("panics at iteration 2")),
        "{what}: {e}"
    );
    pep.cancel_monitors()?;
    solve_ok(&mut pep)?;

    if s.ty != PepType::Linear {
        // The linear type ignores convergence tests and refuses stopping tests.
        let mut count = 0;
        pep.set_convergence_test_function(move |_, _, res| {
            count += 1;
            if count > 3 {
                Err(Error::user("convergence test gives up"))
            } else {
                Ok(res)
            }
        })?;
        let e = pep.solve().unwrap_err();
        assert!(
            e.report().contains("convergence test gives up"),
            "{what}: {e}"
        );
        pep.set_convergence_test(PepConv::Rel)?;
        solve_ok(&mut pep)?;
        pep.set_stopping_test_function(|st| {
            if st.iteration == 2 {
                panic!("stopping test panics");
            }
            Ok(if st.converged >= st.requested {
                PepConvergedReason::ConvergedTol
            } else if st.iteration >= st.max_it {
                PepConvergedReason::DivergedIts
            } else {
                PepConvergedReason::Iterating
            })
        })?;
        let e = pep.solve().unwrap_err();
        assert!(
            matches!(&e, Error::CallbackPanic { callback, .. } if callback == "PEP stopping test"),
            "{what}: {e}"
        );
        pep.set_stopping_test(PepStop::Basic)?;
        solve_ok(&mut pep)?;
    }
    Ok(())
}

/// The solver types whose failed solves leak nothing.
fn recovery(petsc: &Petsc) -> petsc::Result<()> {
    for s in [
        Setup {
            ty: PepType::Toar,
            hermitian: false,
            scale: PepScale::None,
        },
        Setup {
            ty: PepType::Toar,
            hermitian: false,
            scale: PepScale::Scalar,
        },
        Setup {
            ty: PepType::Toar,
            hermitian: false,
            scale: PepScale::Both,
        },
        Setup {
            ty: PepType::Stoar,
            hermitian: true,
            scale: PepScale::None,
        },
        Setup {
            ty: PepType::Linear,
            hermitian: false,
            scale: PepScale::None,
        },
        Setup {
            ty: PepType::Linear,
            hermitian: false,
            scale: PepScale::Scalar,
        },
    ] {
        recovers(petsc, &s)?;
    }
    Ok(())
}

const LEAKY_CHILD: &str = "recovery-of-leaky-pep-solvers";

/// QArnoldi and JD allocate work memory in the solve function that SLEPc frees only on
/// the way out of a solve whose iteration ended on its own: a failing closure stops them
/// (instead of failing them), so nothing of it leaks. They recover all the same. `ty`
/// picks the type.
fn leaky_recoveries(petsc: &Petsc, ty: PepType) -> petsc::Result<()> {
    for s in [
        Setup {
            ty: PepType::Qarnoldi,
            hermitian: false,
            scale: PepScale::None,
        },
        Setup {
            ty: PepType::Qarnoldi,
            hermitian: false,
            scale: PepScale::Scalar,
        },
        Setup {
            ty: PepType::Jd,
            hermitian: false,
            scale: PepScale::None,
        },
    ] {
        if s.ty == ty {
            recovers(petsc, &s)?;
        }
    }
    Ok(())
}

/// [`leaky_recoveries`] at 1 and 2 ranks, in a child process: QArnoldi under
/// `-malloc_debug -malloc_dump`, where PETSc reports nothing left at `PetscFinalize`;
/// JD without (SLEPc 3.18's JD allocates its set-up again, without freeing the first,
/// when a setting changes between solves, failed or not).
fn recovery_leaky_types(_: &Petsc) -> petsc::Result<()> {
    for n in [1, 2] {
        petsc_tests::assert_child_frees_everything(
            n,
            &[LEAKY_CHILD, "qarnoldi"],
            "leaky pep solvers recovered",
        );
        let (ok, text) = rerun_self(n, &[LEAKY_CHILD, "jd"], "");
        assert!(ok, "{n} ranks, jd: {text}");
        assert!(
            text.contains("leaky pep solvers recovered"),
            "{n} ranks, jd: {text}"
        );
    }
    Ok(())
}

/// The child of [`recovery_leaky_types`].
fn leaky_child() -> ! {
    let petsc = Petsc::builder()
        .args(["pep"])
        .init()
        .expect("PETSc initialization");
    let ty = match std::env::args().nth(2).as_deref() {
        Some("jd") => PepType::Jd,
        _ => PepType::Qarnoldi,
    };
    let r = leaky_recoveries(&petsc, ty);
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
        println!("leaky pep solvers recovered");
    }
    drop(petsc);
    std::process::exit(0);
}

/// The damped part of the workshop's `bridge` example: Rayleigh damping as a quadratic
/// eigenproblem by PEP, equal at 1 and 3 ranks and to the closed form from the undamped
/// eigenvalues; `--no-damped` leaves only the undamped part; bad damping is refused.
fn bridge_damped(_: &Petsc) -> petsc::Result<()> {
    let args = ["--nx", "24", "--ny", "8"];
    let one = run_example("bridge", 1, &args);
    let three = run_example("bridge", 3, &args);
    let damped = |out: &str| -> Vec<(f64, f64, f64, f64)> {
        out.lines()
            .filter(|l| l.starts_with("damped mode ") && l.contains("damped frequency ="))
            .map(|l| {
                let re = value_after(l, "lambda =").expect("lambda");
                let im = l
                    .split("+- ")
                    .nth(1)
                    .and_then(|r| r.split('i').next())
                    .and_then(|v| v.parse().ok())
                    .expect("imaginary part");
                let f = value_after(l, "damped frequency =").expect("frequency");
                let z = value_after(l, "damping ratio =").expect("ratio");
                (re, im, f, z)
            })
            .collect()
    };
    for out in [&one, &three] {
        let worst = value_after(
            out,
            "damped: max relative difference from the Rayleigh closed form =",
        )
        .expect("closed-form line");
        assert!(worst < 1e-8, "{out}");
        let modes = damped(out);
        assert_eq!(modes.len(), 3, "{out}");
        // The undamped part is still there, first.
        assert!(
            out.contains("max relative difference from the closed form ="),
            "{out}"
        );
        for (re, im, f, z) in modes {
            assert_close(f, im / (2.0 * std::f64::consts::PI), 1e-8);
            assert_close(z, -re / re.hypot(im), 1e-6);
            // Rayleigh damping 0.01 M + 0.1 K at mu ~ 0.022: about 4 %.
            assert!(z > 0.03 && z < 0.05, "{out}");
        }
    }
    for (a, b) in damped(&one).iter().zip(damped(&three).iter()) {
        assert_close(a.0, b.0, 1e-8);
        assert_close(a.1, b.1, 1e-8);
    }
    let plain = run_example("bridge", 1, &["--nx", "24", "--ny", "8", "--no-damped"]);
    assert!(!plain.contains("damped"), "{plain}");
    // Other damping, more modes, an option for the PEP only.
    let out = run_example(
        "bridge",
        2,
        &[
            "--nx",
            "24",
            "--ny",
            "8",
            "--alpha",
            "0.02",
            "--beta",
            "0.05",
            "--damped-modes",
            "4",
            "-damped_pep_type",
            "linear",
        ],
    );
    assert!(out.contains("damped: PEP linear"), "{out}");
    assert_eq!(damped(&out).len(), 4, "{out}");
    let worst = value_after(
        &out,
        "damped: max relative difference from the Rayleigh closed form =",
    )
    .expect("closed-form line");
    assert!(worst < 1e-8, "{out}");
    let bad = mpiexec(1, &example("bridge"), &["--alpha", "nan"]);
    assert_eq!(bad.status.code(), Some(2));
    Ok(())
}

/// A solver on the diagonal quadratic, its 4 largest eigenvalues wanted.
fn diagonal_solver(petsc: &Petsc, q: &Quadratic) -> petsc::Result<Pep> {
    let mut pep = Pep::new(&petsc.world())?;
    pep.set_operators(&q.ops())?;
    pep.set_dimensions_to(slepc::Dimensions::new(4))?;
    pep.set_tolerances(slepc::Tolerances {
        tol: Some(1e-11),
        max_it: Some(2000),
    })?;
    Ok(pep)
}

/// A user comparison (`PEPSetEigenvalueComparison`): the largest magnitude first, ties
/// by the larger imaginary part, written as a closure, finds the closed form in that
/// order; a comparison that fails makes the solve return its error, not called again in
/// that solve, and the solver solves again with another one.
fn eigenvalue_comparison(petsc: &Petsc) -> petsc::Result<()> {
    let (q, exact) = diagonal_problem(petsc)?;
    let mut pep = diagonal_solver(petsc, &q)?;
    let calls = Rc::new(RefCell::new(0usize));
    let seen = calls.clone();
    pep.set_eigenvalue_comparison(move |a, b| {
        *seen.borrow_mut() += 1;
        let (a, b) = (C::new(a.0, a.1), C::new(b.0, b.1));
        // Magnitudes equal to rounding are a tie: a conjugate pair's are equal in a real
        // build, and differ in the last bits in a complex one, where its two
        // eigenvalues are computed apart.
        let (na, nb) = (a.norm(), b.norm());
        let by_norm = if (na - nb).abs() <= 1e-9 * na.max(nb) {
            std::cmp::Ordering::Equal
        } else {
            nb.total_cmp(&na)
        };
        Ok(by_norm.then(b.im.total_cmp(&a.im)))
    })?;
    assert_eq!(pep.which_eigenpairs()?, Some(PepWhich::User));
    expect_err(
        pep.set_which_eigenpairs(PepWhich::User),
        "set_which_eigenpairs",
        "set_eigenvalue_comparison",
    );
    pep.solve()?.check()?;
    assert!(*calls.borrow() > 0);
    let got = pairs(&pep, &q)?;
    assert!(got.len() >= 4, "{} converged", got.len());
    for (k, w) in exact[..4].iter().enumerate() {
        assert!(
            (got[k].0 - w).norm() < 1e-8 * w.norm(),
            "eigenvalue {k}: {} but the closed form's is {w}",
            got[k].0
        );
    }
    // A comparison that fails after a few calls: the solve returns its error.
    let left = Rc::new(RefCell::new(5));
    let l = left.clone();
    pep.set_eigenvalue_comparison(move |a, b| {
        *l.borrow_mut() -= 1;
        if *l.borrow() < 0 {
            return Err(Error::invalid("comparison", "no opinion"));
        }
        Ok(b.0.hypot(b.1).total_cmp(&a.0.hypot(a.1)))
    })?;
    // SLEPc then sees equal eigenvalues, and may iterate to its limit: a short one.
    let short = slepc::Tolerances {
        tol: Some(1e-11),
        max_it: Some(20),
    };
    pep.set_tolerances(short)?;
    expect_err(pep.solve().map(drop), "failing comparison", "no opinion");
    assert_eq!(*left.borrow(), -1, "not called again after it failed");
    // And solves again with a good one.
    pep.set_tolerances(slepc::Tolerances {
        max_it: Some(2000),
        ..short
    })?;
    pep.set_eigenvalue_comparison(|a, b| Ok(b.0.hypot(b.1).total_cmp(&a.0.hypot(a.1))))?;
    pep.solve()?.check()?;
    check_found(
        &pairs(&pep, &q)?,
        &exact[..4],
        1e-8,
        "after a failed comparison",
    );
    Ok(())
}

/// The shared settings: defaults, round trips, and solves with each setting that still
/// find the closed form; views; the spectral transformation; options with a prefix.
fn settings_and_views(petsc: &Petsc) -> petsc::Result<()> {
    let (q, exact) = diagonal_problem(petsc)?;
    let want = &exact[..4];
    let mut pep = Pep::new(&petsc.world())?;
    assert_eq!(pep.basis()?, PepBasis::Monomial);
    assert_eq!(pep.problem_type()?, None);
    assert_eq!(pep.which_eigenpairs()?, None);
    assert_eq!(pep.extract()?, None);
    assert_eq!(pep.convergence_test()?, PepConv::Rel);
    assert_eq!(pep.stopping_test()?, PepStop::Basic);
    assert!(!pep.track_all()?);
    assert_eq!(pep.refinement()?.kind, PepRefine::None);
    assert_eq!(pep.scale()?.kind, PepScale::None);
    assert_eq!(pep.num_operators()?, 0);
    assert_eq!(pep.size()?, None);
    pep.set_operators(&q.ops())?;
    assert_eq!(pep.num_operators()?, 3);
    assert_eq!(pep.size()?, Some(60));
    let ops = pep.operators()?;
    assert_eq!(ops.len(), 3);
    assert_eq!(
        ops[1].norm(NormType::Infinity)?,
        q.c.norm(NormType::Infinity)?
    );
    drop(ops);

    // The Chebyshev basis: A0 T0 + A1 T1 + A2 T2 with T2 = 2 l^2 - 1 is the same
    // polynomial as K + l C + l^2 M for A0 = K + M/2, A1 = C, A2 = M/2.
    let mut half = q.m.duplicate(MatDuplicateOption::CopyValues)?;
    half.scale(0.5)?;
    let mut a0 = q.k.duplicate(MatDuplicateOption::CopyValues)?;
    a0.axpy(1.0, &half, petsc::MatStructure::Subset)?;
    let mut pep = Pep::new(&petsc.world())?;
    pep.set_operators(&[&a0, &q.c, &half])?;
    pep.set_basis(PepBasis::Chebyshev1)?;
    pep.set_dimensions_to(slepc::Dimensions::new(4))?;
    pep.set_tolerances(slepc::Tolerances {
        tol: Some(1e-11),
        max_it: Some(2000),
    })?;
    pep.solve()?.check()?;
    assert_eq!(pep.basis()?, PepBasis::Chebyshev1);
    check_found(&pairs(&pep, &q)?, want, 1e-8, "chebyshev basis");

    // Simple Newton refinement (real eigenvalues only, in a real build: the hyperbolic
    // problem), scaling of both kinds, residual extraction, track all.
    let hq = hyperbolic_problem(petsc)?;
    let mut pep = diagonal_solver(petsc, &hq)?;
    pep.set_refinement(slepc::PepRefinement {
        kind: PepRefine::Simple,
        tol: Some(1e-13),
        its: Some(2),
        ..Default::default()
    })?;
    let ksp = pep.refine_ksp()?;
    assert!(ksp.options_prefix()?.ends_with("pep_refine_"));
    drop(ksp);
    pep.solve()?.check()?;
    let r = pep.refinement()?;
    assert_eq!(
        (r.kind, r.tol, r.its),
        (PepRefine::Simple, Some(1e-13), Some(2))
    );
    assert!(r.scheme.is_some(), "chosen at set-up");
    let top: Vec<C> = [-159.0, -158.0, -157.0, -156.0]
        .map(|v| C::new(v, 0.0))
        .to_vec();
    check_found(&pairs(&pep, &hq)?, &top, 1e-8, "refined");

    let mut pep = diagonal_solver(petsc, &q)?;
    pep.set_scaling(&slepc::PepScaling {
        kind: PepScale::Both,
        iterations: 4,
        lambda: 50.0,
        ..Default::default()
    })?;
    pep.set_extract(PepExtract::Residual)?;
    pep.set_track_all(true)?;
    pep.solve()?.check()?;
    let sc = pep.scale()?;
    assert_eq!(
        (sc.kind, sc.iterations, sc.lambda),
        (PepScale::Both, 4, 50.0)
    );
    assert!(sc.factor > 0.0, "computed at set-up");
    let (dl, dr) = (
        sc.left.expect("computed Dl"),
        sc.right.expect("computed Dr"),
    );
    assert_eq!((dl.size()?, dr.size()?), (60, 60));
    assert_eq!(pep.extract()?, Some(PepExtract::Residual));
    assert!(pep.track_all()?);
    check_found(&pairs(&pep, &q)?, want, 1e-8, "scaled");
    // Given diagonal scaling vectors are kept (and refused with another layout).
    let (v1, _) = q.k.create_vecs()?;
    let mut ones = v1.duplicate()?;
    ones.set(1.0)?;
    let mut also_ones = v1.duplicate()?;
    also_ones.set(1.0)?;
    pep.set_scaling(&slepc::PepScaling {
        kind: PepScale::Diagonal,
        left: Some(ones),
        right: Some(also_ones),
        ..Default::default()
    })?;
    assert_eq!(pep.scale()?.left.expect("Dl").size()?, 60);
    let short = Vector::from_slice(&petsc.self_comm(), &[Scalar::from(1.0); 5])?;
    expect_err(
        pep.set_scaling(&slepc::PepScaling {
            kind: PepScale::Diagonal,
            left: Some(short),
            ..Default::default()
        }),
        "Dl layout",
        "left has size 5 but the problem has size 60",
    );

    // A starting vector, and a monitor that sees the approximations converge to the
    // closed form.
    let mut pep = diagonal_solver(petsc, &q)?;
    let mut x0 = v1.duplicate()?;
    x0.set(1.0)?;
    pep.set_initial_space(&[&x0])?;
    let last = Rc::new(RefCell::new((0, Vec::new())));
    let keep = last.clone();
    pep.monitor(move |m| {
        assert_eq!(m.re.len(), m.im.len());
        assert_eq!(m.re.len(), m.error_estimates.len());
        let vals: Vec<C> = m.re.iter().zip(m.im).map(|(&r, &i)| C::new(r, i)).collect();
        *keep.borrow_mut() = (m.converged, vals);
        Ok(())
    })?;
    pep.solve()?.check()?;
    let (conv, vals) = last.borrow().clone();
    assert!(conv >= 4, "{conv}");
    let seen: Vec<(C, f64)> = vals.iter().take(conv as usize).map(|v| (*v, 0.0)).collect();
    check_found(&seen, want, 1e-7, "monitor");
    check_found(&pairs(&pep, &q)?, want, 1e-8, "initial space");

    // The spectral transformation, shared and replaced.
    let mut st = slepc::St::new(&petsc.world())?;
    st.set_type(StType::Sinvert)?;
    let mut pep = diagonal_solver(petsc, &q)?;
    pep.set_st(&st)?;
    drop(st);
    assert_eq!(pep.st()?.ty()?, Some(StType::Sinvert));
    pep.set_target(-30.0)?;
    pep.set_which_eigenpairs(PepWhich::TargetMagnitude)?;
    parallel_inner_solver(petsc, &pep)?;
    pep.solve()?.check()?;
    assert_eq!(pep.which_eigenpairs()?, Some(PepWhich::TargetMagnitude));
    let mut near = exact.clone();
    near.sort_by(|a, b| (a + 30.0).norm().total_cmp(&(b + 30.0).norm()));
    check_found(&pairs(&pep, &q)?, &near[..3], 1e-8, "sinvert");

    // Views.
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("pep-views-{}.txt", petsc.world().size()));
    {
        let viewer = petsc::Viewer::ascii_file(&petsc.world(), path.to_str().unwrap())?;
        pep.error_view(PepErrorType::Relative, &viewer)?;
        pep.values_view(&viewer)?;
        pep.converged_reason_view(&viewer)?;
        petsc::Object::view_with(&pep, &viewer)?;
    }
    petsc.world().barrier()?;
    let text = std::fs::read_to_string(&path).expect("the viewer's file");
    assert!(
        text.contains("All requested eigenvalues computed up to the required tolerance"),
        "{text}"
    );
    assert!(text.contains("PEP Object"), "{text}");
    assert!(text.contains("converged"), "{text}");
    assert!(text.contains("-29.86088"), "{text}"); // the nearest -30: -0.905 * 33
    petsc.world().barrier()?;
    if petsc.world().rank() == 0 {
        std::fs::remove_file(&path).ok();
    }

    // Options with a prefix reach the solver and its parts.
    let opts = petsc.options();
    opts.set_value("-p7_pep_type", "qarnoldi")?;
    opts.set_value("-p7_pep_nev", "3")?;
    opts.set_value("-p7_pep_qarnoldi_restart", "0.4")?;
    let mut pep = diagonal_solver(petsc, &q)?;
    pep.set_options_prefix("p7_")?;
    assert_eq!(pep.options_prefix()?, "p7_");
    pep.set_from_options()?;
    assert_eq!(pep.ty()?, Some(PepType::Qarnoldi));
    assert_eq!(pep.dimensions()?.0, 3);
    assert_eq!(pep.qarnoldi_restart()?, 0.4);
    pep.solve()?.check()?;
    check_found(&pairs(&pep, &q)?, &exact[..3], 1e-8, "prefixed");
    for o in ["-p7_pep_type", "-p7_pep_nev", "-p7_pep_qarnoldi_restart"] {
        opts.clear_value(o)?;
    }
    pep.reset()?;
    assert_eq!(pep.size()?, None);
    Ok(())
}

/// Type-specific options: read back on their own type, and solves with them set find
/// the closed form (or the dense companion's eigenvalues).
fn type_options(petsc: &Petsc) -> petsc::Result<()> {
    let (q, exact) = diagonal_problem(petsc)?;
    let want = &exact[..4];
    // TOAR without locking and a smaller restart.
    let mut pep = diagonal_solver(petsc, &q)?;
    pep.set_type(PepType::Toar)?;
    pep.set_toar_restart(0.3)?;
    pep.set_toar_locking(false)?;
    assert_eq!((pep.toar_restart()?, pep.toar_locking()?), (0.3, false));
    pep.solve()?.check()?;
    check_found(&pairs(&pep, &q)?, want, 1e-8, "toar options");
    // QArnoldi with locking.
    let mut pep = diagonal_solver(petsc, &q)?;
    pep.set_type(PepType::Qarnoldi)?;
    pep.set_qarnoldi_locking(true)?;
    pep.set_qarnoldi_restart(0.7)?;
    assert_eq!(
        (pep.qarnoldi_restart()?, pep.qarnoldi_locking()?),
        (0.7, true)
    );
    pep.solve()?.check()?;
    check_found(&pairs(&pep, &q)?, want, 1e-8, "qarnoldi options");
    // The linearization: its EPS, explicit matrices for a Hermitian problem, a scaled
    // linearization.
    let (hq, dense) = grid_problem(petsc, 6, 5, true)?;
    let hexact = companion_eigenvalues(&dense);
    for (alpha, beta) in [(1.0, 0.0), (2.0, 0.0)] {
        let mut pep = Pep::new(&petsc.world())?;
        pep.set_operators(&hq.ops())?;
        pep.set_type(PepType::Linear)?;
        pep.set_problem_type(PepProblemType::Hermitian)?;
        pep.set_linear_explicit_matrix(true)?;
        pep.set_linear_linearization(alpha, beta)?;
        assert!(pep.linear_explicit_matrix()?);
        assert_eq!(pep.linear_linearization()?, (alpha, beta));
        let mut eps = pep.linear_eps()?;
        eps.set_tolerances(slepc::Tolerances {
            tol: Some(1e-12),
            max_it: Some(5000),
        })?;
        drop(eps);
        pep.set_dimensions_to(slepc::Dimensions::new(4))?;
        pep.solve()?.check()?;
        check_found(&pairs(&pep, &hq)?, &hexact[..4], 1e-8, "linear explicit");
    }
    // A user EPS for the linearization: its own settings are used (SLEPc sets none).
    let mut eps = slepc::Eps::new(&petsc.world())?;
    eps.set_type(slepc::EpsType::KrylovSchur)?;
    eps.set_dimensions_to(slepc::Dimensions::new(3))?;
    eps.set_which_eigenpairs(slepc::EpsWhich::LargestMagnitude)?;
    eps.set_tolerances(slepc::Tolerances {
        tol: Some(1e-12),
        ..Default::default()
    })?;
    let (gq, dense) = grid_problem(petsc, 6, 5, false)?;
    let gexact = companion_eigenvalues(&dense);
    let mut pep = Pep::new(&petsc.world())?;
    pep.set_operators(&gq.ops())?;
    pep.set_type(PepType::Linear)?;
    pep.set_linear_eps(&eps)?;
    drop(eps);
    pep.set_dimensions_to(slepc::Dimensions::new(3))?;
    pep.set_tolerances(slepc::Tolerances {
        tol: Some(1e-11),
        ..Default::default()
    })?;
    pep.solve()?.check()?;
    check_found(&pairs(&pep, &gq)?, &gexact[..3], 1e-8, "user linear eps");
    // STOAR: its settings, and spectrum slicing on the hyperbolic problem (inertias
    // from a Cholesky factorization by MUMPS, or PETSc's on one rank).
    let mut pep = Pep::new(&petsc.world())?;
    pep.set_type(PepType::Stoar)?;
    pep.set_stoar_locking(true)?;
    pep.set_stoar_linearization(2.0, 1.0)?;
    pep.set_stoar_detect_zeros(true)?;
    pep.set_stoar_check_eigenvalue_type(false)?;
    pep.set_stoar_dimensions_to(slepc::Dimensions::new(8))?;
    assert!(pep.stoar_locking()? && pep.stoar_detect_zeros()?);
    assert!(!pep.stoar_check_eigenvalue_type()?);
    assert_eq!(pep.stoar_linearization()?, (2.0, 1.0));
    assert_eq!(pep.stoar_dimensions()?.0, 8);
    // JD's settings.
    let mut pep = Pep::new(&petsc.world())?;
    pep.set_type(PepType::Jd)?;
    pep.set_jd_restart(0.4)?;
    pep.set_jd_fix(0.05)?;
    pep.set_jd_reuse_preconditioner(true)?;
    pep.set_jd_minimality_index(2)?;
    pep.set_jd_projection(slepc::PepJdProjection::Orthogonal)?;
    assert_eq!((pep.jd_restart()?, pep.jd_fix()?), (0.4, 0.05));
    assert!(pep.jd_reuse_preconditioner()?);
    assert_eq!(pep.jd_minimality_index()?, 2);
    assert_eq!(pep.jd_projection()?, slepc::PepJdProjection::Orthogonal);
    Ok(())
}

/// STOAR's spectrum slicing: every eigenvalue of the hyperbolic problem in an interval,
/// with the inertias of the shifts, when PETSc can factor with inertias (MUMPS; PETSc's
/// own Cholesky on one rank does not give them for AIJ).
fn spectrum_slicing(petsc: &Petsc) -> petsc::Result<()> {
    if !petsc.has_external_package("mumps")? || petsc::SCALAR_IS_COMPLEX {
        petsc_tests::skip_case("spectrum slicing needs MUMPS with real scalars");
        return Ok(());
    }
    let q = hyperbolic_problem(petsc)?;
    let mut pep = Pep::new(&petsc.world())?;
    pep.set_operators(&q.ops())?;
    pep.set_type(PepType::Stoar)?;
    pep.set_problem_type(PepProblemType::Hyperbolic)?;
    pep.set_which_eigenpairs(PepWhich::All)?;
    pep.set_interval(-62.5, -55.5)?;
    pep.st()?.set_type(StType::Sinvert)?;
    // MUMPS gives global inertias on several ranks with ICNTL(13) = 1, read with the
    // prefix of the KSP.
    let icntl = {
        let mut ksp = pep.st()?.ksp()?;
        ksp.set_type(petsc::KspType::Preonly)?;
        let mut pc = ksp.pc()?;
        pc.set_type(petsc::PcType::Cholesky)?;
        pc.set_factor_solver_type("mumps")?;
        format!(
            "-{}mat_mumps_icntl_13",
            petsc::Object::options_prefix(&ksp)?
        )
    };
    if petsc.world().size() > 1 {
        petsc.options().set_value(&icntl, "1")?;
    }
    pep.solve()?.check()?;
    // -56, ..., -60 (the other roots are below -100).
    assert_eq!(pep.converged_count()?, 5);
    let got = pairs(&pep, &q)?;
    let want: Vec<C> = (56..=60).map(|v| C::new(-(v as f64), 0.0)).collect();
    check_found(&got, &want, 1e-8, "slicing");
    let inertias = pep.stoar_inertias()?;
    assert!(inertias.len() >= 2, "{inertias:?}");
    let first = inertias.first().unwrap();
    let last = inertias.last().unwrap();
    assert_eq!(first.0, -62.5);
    assert_eq!(last.0, -55.5);
    assert_eq!(last.1 - first.1, 5, "{inertias:?}");
    if petsc.world().size() > 1 {
        petsc.options().clear_value(&icntl)?;
    }
    Ok(())
}

/// Cases that factor on several ranks need a parallel direct solver.
const PARALLEL_LU: bool = cfg!(petsc_have_mumps) || cfg!(petsc_have_superlu_dist);

/// Runs the child program this binary was started as, if it was (`rerun_self`).
pub fn child_mode() {
    if std::env::args().nth(1).as_deref() == Some(LEAKY_CHILD) {
        leaky_child();
    }
}

pub fn cases() -> Vec<Case> {
    let cases = vec![
        Case::new("diagonal_closed_form", diagonal_closed_form).ranks(&[1, 2, 3]),
        Case::new("nondiagonal_against_dense", nondiagonal_against_dense).ranks(&[1, 2, 3]),
        Case::new("bad_inputs", bad_inputs).ranks(&[1, 2, 3]),
        Case::new("recovery", recovery).ranks(&[1, 2]),
        Case::new("eigenvalue_comparison", eigenvalue_comparison).ranks(&[1, 2, 3]),
        Case::new("recovery_leaky_types", recovery_leaky_types),
        Case::new("bridge_damped", bridge_damped),
        Case::new("settings_and_views", settings_and_views)
            .ranks(&[1, 2])
            .requires(PARALLEL_LU, "a parallel LU (MUMPS or SuperLU_dist)"),
        Case::new("type_options", type_options)
            .ranks(&[1, 2])
            .requires(PARALLEL_LU, "a parallel LU (MUMPS or SuperLU_dist)"),
        Case::new("spectrum_slicing", spectrum_slicing).ranks(&[1, 2]),
    ];
    cases
}
