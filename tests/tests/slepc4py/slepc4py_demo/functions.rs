//! The demos of slepc4py that compute functions of matrices and nonlinear
//! eigenproblems: ex6 (MFN), ex7 and ex8 (NEP), ex10 (a POD basis), ex13 (NEP, complex
//! scalars) and ex14 (LME).

use std::f64::consts::PI;

use petsc::{
    Complex, InsertMode, Int, Ksp, KspType, Mat, MatOption, MatStructure, NormType, PcType, Petsc,
    Scalar, Sizes, Vector,
};
use slepc::{
    Eps, EpsProblemType, EpsWhich, FnType, Lme, LmeProblemType, MathFn, Mfn, Nep, Tolerances,
};

use super::{grid, matrix, modulus, s};

/// ex6.py's transition matrix of a random walk on a triangular grid of side m (order
/// m (m + 1) / 2).
fn markov(petsc: &Petsc, m: Int) -> petsc::Result<Mat> {
    let big = m * (m + 1) / 2;
    let cst = 0.5 / (m - 1) as f64;
    let mut rows: Vec<Vec<(Int, Scalar)>> = vec![Vec::new(); big as usize];
    let mut ix: Int = 0;
    for i in 1..=m {
        let jmax = m - i + 1;
        for j in 1..=jmax {
            ix += 1;
            let r = &mut rows[(ix - 1) as usize];
            if j != jmax {
                let pd = cst * (i + j - 1) as f64;
                r.push((ix, s(if i == 1 { 2.0 * pd } else { pd })));
                r.push((ix + jmax - 1, s(if j == 1 { 2.0 * pd } else { pd })));
            }
            let pu = 0.5 - cst * (i + j - 3) as f64;
            if j > 1 {
                r.push((ix - 2, s(pu)));
            }
            if i > 1 {
                r.push((ix - jmax - 2, s(pu)));
            }
        }
    }
    matrix(&petsc.world(), big, |i| rows[i as usize].clone())
}

/// ex6.py: `x = exp(t A) e_1` (t = 2, m = 15, N = 120) by MFN's Krylov method, checked
/// against the Taylor series of the exponential summed here; the demo prints the norm
/// 2.47328.
pub(super) fn ex6(petsc: &Petsc) -> petsc::Result<()> {
    let a = markov(petsc, 15)?;
    let t = 2.0;
    let (mut x, mut b) = a.create_vecs()?;
    x.set(0.0)?;
    b.set(0.0)?;
    if a.ownership_range()?.contains(&0) {
        b.set_values(&[0], &[s(1.0)], InsertMode::Insert)?;
    }
    b.assemble()?;
    let mut mfn = Mfn::new(&petsc.world())?;
    mfn.set_operator(&a)?;
    let mut f = mfn.fn_()?;
    f.set_type(FnType::Exp)?;
    f.set_scale(s(t), s(1.0))?;
    drop(f);
    mfn.set_tolerances(Tolerances {
        tol: Some(1e-7),
        ..Default::default()
    })?;
    mfn.set_from_options()?;
    let _ = mfn.solve(&b, &mut x)?; // unchecked, as upstream
    assert_eq!(mfn.ty()?, Some(slepc::MfnType::Krylov));
    assert_eq!(mfn.tolerances()?.tol, Some(1e-7));
    let norm = x.norm(NormType::Two)?;
    assert!((norm - 2.47328).abs() < 5e-6, "norm {norm}");
    // sum_k (t A)^k b / k!
    let mut term = b.duplicate()?;
    term.copy_from(&b)?;
    let mut sum = b.duplicate()?;
    sum.copy_from(&b)?;
    let mut next = b.duplicate()?;
    for k in 1..80 {
        a.mult(&term, &mut next)?;
        next.scale(s(t / k as f64))?;
        std::mem::swap(&mut term, &mut next);
        sum.axpy(s(1.0), &term)?;
    }
    sum.axpy(s(-1.0), &x)?;
    let err = sum.norm(NormType::Two)? / norm;
    assert!(
        err < 1e-6,
        "relative difference from the Taylor series {err}"
    );
    Ok(())
}

/// Scales `x` by the phase of its first entry, so that entry is real positive (the
/// demo's `FixSign`).
fn fix_sign(x: &mut Vector) -> petsc::Result<()> {
    let mut e0 = x.duplicate()?;
    e0.set(0.0)?;
    if x.ownership_range()?.contains(&0) {
        e0.set_values(&[0], &[s(1.0)], InsertMode::Insert)?;
    }
    e0.assemble()?;
    let x0 = x.dot(&e0)?;
    let sign = x0 / s(modulus(x0));
    x.scale(s(1.0) / sign)
}

/// ex7.py: the nonlinear eigenproblem of a 1-D boundary value problem (n = 128,
/// kappa = 1) with the function and Jacobian filled by closures, `nev = 1` from an
/// initial vector of ones, tolerance 1e-9. The demo (method rii) prints 0.457318,
/// `||T(k)x||` 2.2e-10 and a distance 4.9e-8 from the continuous eigenfunction
/// `sin(sqrt(k) x)` (normalized), which this checks the same way.
pub(super) fn ex7(petsc: &Petsc) -> petsc::Result<()> {
    let n: Int = 128;
    let kappa = 1.0;
    let h = 1.0 / n as f64;
    let mut nep = Nep::new(&petsc.world())?;
    let mut f = Mat::aij(&petsc.world())
        .sizes(Sizes::global(n, n))
        .preallocate(3, 3)
        .build()?;
    f.set_up()?;
    nep.set_function(&f, None, move |mu, f, _| {
        let c = s(kappa) / (mu - s(kappa));
        let d = s(n as f64);
        let off = -d - mu * s(h / 6.0);
        let diag = s(2.0) * (d - mu * s(h / 3.0));
        for i in f.ownership_range()? {
            let mut r = Vec::new();
            if i > 0 {
                r.push((i - 1, off));
            }
            if i < n - 1 {
                r.push((i, diag));
                r.push((i + 1, off));
            } else {
                r.push((i, d - mu * s(h / 3.0) + mu * c));
            }
            let (cols, vals): (Vec<Int>, Vec<Scalar>) = r.into_iter().unzip();
            f.set_values(&[i], &cols, &vals, InsertMode::Insert)?;
        }
        f.assemble()
    })?;
    let mut j = Mat::aij(&petsc.world())
        .sizes(Sizes::global(n, n))
        .preallocate(3, 3)
        .build()?;
    j.set_up()?;
    nep.set_jacobian(&j, move |mu, j| {
        let c = s(kappa) / (mu - s(kappa));
        for i in j.ownership_range()? {
            let mut r = Vec::new();
            if i > 0 {
                r.push((i - 1, s(-h / 6.0)));
            }
            if i < n - 1 {
                r.push((i, s(-2.0 * h / 3.0)));
                r.push((i + 1, s(-h / 6.0)));
            } else {
                r.push((i, s(-h / 3.0) - c * c));
            }
            let (cols, vals): (Vec<Int>, Vec<Scalar>) = r.into_iter().unzip();
            j.set_values(&[i], &cols, &vals, InsertMode::Insert)?;
        }
        j.assemble()
    })?;
    nep.set_tolerances(Tolerances {
        tol: Some(1e-9),
        ..Default::default()
    })?;
    nep.set_dimensions_to(slepc::Dimensions::new(1))?;
    nep.set_from_options()?;
    let (mut x, _) = f.create_vecs()?;
    x.set(1.0)?;
    nep.set_initial_space(&[&x])?;
    let _ = nep.solve()?; // unchecked, as upstream
    assert_eq!(nep.ty()?, Some(slepc::NepType::Rii));
    assert_eq!(nep.tolerances()?.tol, Some(1e-9));
    let nconv = nep.converged_count()?;
    assert!(nconv >= 1);
    let mut xi = x.duplicate()?;
    for i in 0..nconv {
        let petsc::Complex { re: k, im: ki } = nep.pair(i, &mut x, Some(&mut xi))?;
        assert!(ki.abs() < 1e-10);
        fix_sign(&mut x)?;
        let res = nep.compute_error(i, slepc::NepErrorType::Relative)?;
        assert!(res < 1e-8, "||T(k)x|| relative {res}");
        if i == 0 {
            assert!((k - 0.457318).abs() < 5e-7, "eigenvalue {k}");
        }
        // The demo's checkSolution.
        let nu = k.sqrt();
        let mut u = x.duplicate()?;
        for r in u.ownership_range()? {
            let xr = (r + 1) as f64 * h;
            u.set_values(&[r], &[s((nu * xr).sin())], InsertMode::Insert)?;
        }
        u.assemble()?;
        u.normalize()?;
        u.axpy(s(-1.0), &x)?;
        let error = u.norm(NormType::Two)?;
        assert!(error < 1e-6, "distance from sin(sqrt(k) x): {error}");
    }
    Ok(())
}

/// A rational function with the given numerator (highest degree first) and no
/// denominator.
fn rational(petsc: &Petsc, numerator: &[Scalar]) -> petsc::Result<MathFn> {
    let mut f = MathFn::new(&petsc.world())?;
    f.set_type(FnType::Rational)?;
    f.set_rational_numerator(numerator)?;
    Ok(f)
}

/// ex8.py: the delay problem `T(lambda) = A - lambda I + exp(-tau lambda) B` (n = 128,
/// tau = 0.001) in split form, `nev = 1`, tolerance 1e-9. The demo (method rii) prints
/// 0.808885 with `||T(k)x||` 8.9e-10 at one process, 16.073838 at two (RII converges
/// to one eigenvalue or another from its random start); `T(k) x` is checked here too.
pub(super) fn ex8(petsc: &Petsc) -> petsc::Result<()> {
    let n: Int = 128;
    let tau = 0.001;
    let a0 = 20.0;
    let h = PI / (n + 1) as f64;
    let id = Mat::new_constant_diagonal(&petsc.world(), None, Some(n), 1.0)?;
    let (vd, vo) = (-2.0 / (h * h) + a0, 1.0 / (h * h));
    let a = matrix(&petsc.world(), n, |i| {
        vec![(i - 1, s(vo)), (i, s(vd)), (i + 1, s(vo))]
    })?;
    let mut b = matrix(&petsc.world(), n, |i| {
        let xi = (i + 1) as f64 * h;
        vec![(i, s(-4.1 + xi * (1.0 - (xi - PI).exp())))]
    })?;
    b.set_option(MatOption::Hermitian, true)?;
    let f1 = rational(petsc, &[s(-1.0), s(0.0)])?;
    let f2 = rational(petsc, &[s(1.0)])?;
    let mut f3 = MathFn::new(&petsc.world())?;
    f3.set_type(FnType::Exp)?;
    f3.set_scale(s(-tau), s(1.0))?;
    let mut nep = Nep::new(&petsc.world())?;
    nep.set_split_operator(&[&a, &id, &b], &[&f2, &f1, &f3], MatStructure::Subset)?;
    nep.set_tolerances(Tolerances {
        tol: Some(1e-9),
        ..Default::default()
    })?;
    nep.set_dimensions_to(slepc::Dimensions::new(1))?;
    nep.set_from_options()?;
    let _ = nep.solve()?; // unchecked, as upstream
    assert_eq!(nep.ty()?, Some(slepc::NepType::Rii));
    let nconv = nep.converged_count()?;
    assert!(nconv >= 1);
    let (mut x, mut xi) = id.create_vecs()?;
    let petsc::Complex { re: k, im: ki } = nep.pair(0, &mut x, Some(&mut xi))?;
    assert!(ki.abs() < 1e-10);
    // RII from SLEPc's random initial vector, which depends on the layout: the demo
    // finds 0.808885 at one process and 16.073838 at two (real scalars; 0.808885 at two
    // with complex ones).
    let printed = [0.808885, 16.073838];
    assert!(
        printed.iter().any(|p| (k - p).abs() < 5e-7),
        "eigenvalue {k}"
    );
    if petsc.world().size() == 1 {
        assert!((k - printed[0]).abs() < 5e-7, "eigenvalue {k}");
    }
    let res = nep.compute_error(0, slepc::NepErrorType::Relative)?;
    assert!(res < 1e-8, "||T(k)x|| relative {res}");
    // T(k) x computed here.
    let mut t = x.duplicate()?;
    a.mult(&x, &mut t)?;
    t.axpy(s(-k), &x)?;
    let mut bx = x.duplicate()?;
    b.mult(&x, &mut bx)?;
    t.axpy(s((-tau * k).exp()), &bx)?;
    let rel = t.norm(NormType::Two)? / x.norm(NormType::Two)?;
    assert!(rel < 1e-6 * vd.abs(), "||T(k)x||/||x|| = {rel}");
    Ok(())
}

/// The demo's draws of `random.random()`, replaced by a fixed sequence in [0, 1).
fn draws(count: usize) -> Vec<f64> {
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    (0..count)
        .map(|_| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 11) as f64 / (1u64 << 53) as f64
        })
        .collect()
}

/// ex10.py: a POD basis of 30 Gaussian snapshots on 200 points (on one process): the
/// eigenvectors of `S^T S` (8 of largest real part, Krylov-Schur restart 0.6, tol 1e-8,
/// 500 iterations) mapped by S and scaled by `1/sqrt(lambda)` are orthonormal, which
/// the demo asserts (`X^H X` close to the identity); the Poisson problem projected on
/// the basis is solved (`preonly` with no preconditioner, as the demo does) and brought
/// back. The snapshots' centres are a fixed sequence instead of Python's `random`.
pub(super) fn ex10(petsc: &Petsc) -> petsc::Result<()> {
    let comm = petsc.self_comm();
    let (m, snaps, npod): (Int, Int, Int) = (200, 30, 8);
    let hx = 1.0 / (m - 1) as f64;
    let (x0, xf, sigma) = (0.3, 0.7, 0.1f64.powi(2));
    let centres = draws(snaps as usize + 1);
    // The 1-D Laplacian with Dirichlet rows.
    let a = matrix(&comm, m, |i| {
        if i == 0 || i == m - 1 {
            vec![(i, s(1.0))]
        } else {
            let mut r = vec![(i, s(2.0 / hx))];
            if i > 1 {
                r.push((i - 1, s(-1.0 / hx)));
            }
            if i < m - 2 {
                r.push((i + 1, s(-1.0 / hx)));
            }
            r
        }
    })?;
    let mut snapshots = Mat::dense(&comm).sizes(Sizes::global(m, snaps)).build()?;
    for i in 0..snaps {
        let mu = x0 + (xf - x0) * centres[i as usize];
        for j in 0..m {
            let v = (-(hx * j as f64 - mu).powi(2) / sigma).exp();
            snapshots.set_values(&[j], &[i], &[s(v)], InsertMode::Insert)?;
        }
    }
    snapshots.assemble()?;
    let sts = snapshots.transpose_mat_mult(&snapshots)?;

    let mut es = Eps::new(&comm)?;
    es.set_dimensions_to(slepc::Dimensions::new(npod))?;
    es.set_problem_type(EpsProblemType::Nhep)?;
    es.set_tolerances(Tolerances {
        tol: Some(1e-8),
        max_it: Some(500),
    })?;
    // Before the solver has a type: SLEPc ignores it, so the solve runs with the default
    // restart of 0.5 (asserted below).
    es.set_krylov_schur_restart(0.6)?;
    es.set_which_eigenpairs(EpsWhich::LargestReal)?;
    es.set_operators(&sts, None)?;
    es.set_from_options()?;
    let _ = es.solve()?; // unchecked, as upstream
    assert_eq!(es.krylov_schur_restart()?, 0.5);
    assert!(es.converged_count()? >= npod);

    let mut bv_es = es.bv()?;
    bv_es.set_active_columns(0, npod)?;
    let mut bv = slepc::Bv::new(&comm)?;
    bv.set_sizes(None, Some(m), npod)?;
    bv.set_active_columns(0, npod)?;
    bv.set_from_options()?;
    let (_, mut tmp2) = snapshots.create_vecs()?;
    for i in 0..npod {
        let col = bv_es.column_vec(i)?;
        snapshots.mult(&col, &mut tmp2)?;
        bv.insert_vec(i, &tmp2)?;
    }
    let mut last = f64::INFINITY;
    for i in 0..npod {
        let petsc::Complex { re: ll, .. } = es.value(i)?;
        assert!(
            ll > 0.0 && ll <= last * (1.0 + 1e-12),
            "eigenvalue {i}: {ll}"
        );
        last = ll;
        bv.scale_column(i, s(1.0 / ll.sqrt()))?;
    }
    // X^H X is the identity (numpy.allclose: |a - b| <= 1e-8 + 1e-5 |b|).
    let xtx = bv.dot(&bv)?;
    let (rows, cols) = xtx.size()?;
    assert_eq!((rows, cols), (npod, npod));
    {
        let d = xtx.dense_view()?;
        for i in 0..npod {
            for j in 0..npod {
                let want = if i == j { 1.0 } else { 0.0 };
                let got = d.get(i as usize, j as usize).expect("in range");
                assert!(
                    modulus(got - s(want)) <= 1e-8 + 1e-5 * want,
                    "X^H X ({i}, {j}) = {got}"
                );
            }
        }
    }

    // The projected problem.
    let ared = bv.mat_project(Some(&a), &bv)?;
    let mu = x0 + (xf - x0) * centres[snaps as usize];
    let mass = matrix(&comm, m, |i| {
        let mut r = vec![(
            i,
            s(if i != 0 && i != m - 1 {
                2.0 * hx / 3.0
            } else {
                hx / 3.0
            }),
        )];
        if i > 1 {
            r.push((i - 1, s(hx / 6.0)));
        }
        if i < m - 2 {
            r.push((i + 1, s(hx / 6.0)));
        }
        r
    })?;
    let (mut uex, mut f) = mass.create_vecs()?;
    for j in 0..m {
        let d = hx * j as f64 - mu;
        let g = (-d * d / sigma).exp();
        f.set_values(
            &[j],
            &[s(2.0 / sigma * g * (1.0 - 2.0 / sigma * d * d))],
            InsertMode::Insert,
        )?;
        uex.set_values(&[j], &[s(g)], InsertMode::Insert)?;
    }
    f.assemble()?;
    uex.assemble()?;
    let mut rhs = f.duplicate()?;
    mass.mult(&f, &mut rhs)?;
    rhs.set_values(&[0, m - 1], &[s(0.0), s(0.0)], InsertMode::Insert)?;
    rhs.assemble()?;
    let rhs_red = Vector::from_slice(&comm, &bv.dot_vec(&rhs)?)?;
    let (mut alpha, _) = ared.create_vecs()?;
    let mut ksp = Ksp::new(&comm)?;
    ksp.set_operators(&ared, &ared)?;
    ksp.set_type(KspType::Preonly)?;
    ksp.pc()?.set_type(PcType::None)?;
    ksp.set_from_options()?;
    let _ = ksp.solve(&rhs_red, &mut alpha)?; // unchecked, as upstream
                                              // With no preconditioner applied once, the "solution" is the right-hand side.
    {
        let (a_, r_) = (alpha.view()?, rhs_red.view()?);
        for (x, y) in a_.iter().zip(r_.iter()) {
            assert!(modulus(*x - *y) <= 1e-14 * modulus(*y).max(1.0));
        }
    }
    let (scatter, mut wr) = petsc::Scatter::to_all(&alpha)?;
    scatter.scatter(
        &alpha,
        &mut wr,
        InsertMode::Insert,
        petsc::ScatterMode::Forward,
    )?;
    let coeff: Vec<Scalar> = wr.view()?.to_vec();
    let mut upod = bv.create_vec()?;
    bv.mult_vec(1.0, 0.0, &mut upod, &coeff)?;
    // uPOD = X alpha, computed here column by column.
    let mut check = upod.duplicate()?;
    check.set(0.0)?;
    for (i, c) in coeff.iter().enumerate() {
        check.axpy(*c, &bv.column_vec(i as Int)?)?;
    }
    check.axpy(s(-1.0), &upod)?;
    assert!(check.norm(NormType::Two)? <= 1e-12 * upod.norm(NormType::Two)?.max(1.0));
    let mut error = uex.duplicate()?;
    error.copy_from(&uex)?;
    error.axpy(s(-1.0), &upod)?;
    let l2 = real_part(error.dot(&error)?);
    assert!(l2.sqrt().is_finite());
    Ok(())
}

/// ex13.py (complex scalars only, as the demo): the resonances of a 1-D laser cavity
/// (n = 256), `T(k) = A + k^2 nc^2 I + k^2 D0 gt / (k - ka + i gt) I + 2 i k / h D`,
/// inside an ellipse around ka = 10 by NEP's CISS; each eigenvalue is checked against
/// the root of the cavity's dispersion relation
/// `-i / tan(nceff k L) - 1 / nceff = 0` that Newton's method finds from it, as the
/// demo does (with scipy) and prints.
#[cfg(petsc_complex)]
pub(super) fn ex13(petsc: &Petsc) -> petsc::Result<()> {
    let n: Int = 256;
    let big_l = 1.0;
    let h = big_l / (n - 1) as f64;
    let (nc, ka, gt, d0) = (1.2, 10.0, 4.0, 0.5);
    let i1 = Complex::new(0.0, 1.0);
    let (d1, d2) = (-2.0 / (h * h), 1.0 / (h * h));
    let mut a = matrix(&petsc.world(), n, |i| {
        if i == 0 {
            vec![(0, s(1.0))]
        } else if i == 1 {
            vec![(1, s(d1)), (2, s(d2))]
        } else if i == n - 1 {
            vec![(n - 2, s(2.0 / (h * h))), (n - 1, s(-2.0 / (h * h)))]
        } else {
            vec![(i - 1, s(d2)), (i, s(d1)), (i + 1, s(d2))]
        }
    })?;
    a.set_option(MatOption::Hermitian, false)?;
    let mut id = matrix(&petsc.world(), n, |i| {
        if i == 0 {
            vec![]
        } else {
            vec![(i, s(1.0))]
        }
    })?;
    id.set_option(MatOption::Hermitian, true)?;
    let mut d = matrix(&petsc.world(), n, |i| {
        if i == n - 1 {
            vec![(i, s(1.0))]
        } else {
            vec![]
        }
    })?;
    d.set_option(MatOption::Hermitian, true)?;
    let f1 = rational(petsc, &[s(1.0)])?;
    let f2 = rational(petsc, &[s(nc * nc), s(0.0), s(0.0)])?;
    let mut f3 = rational(petsc, &[s(d0 * gt), s(0.0), s(0.0)])?;
    f3.set_rational_denominator(&[s(1.0), Complex::new(-ka, gt)])?;
    let f4 = rational(petsc, &[Complex::new(0.0, 2.0 / h), s(0.0)])?;
    let mut nep = Nep::new(&petsc.world())?;
    nep.set_split_operator(
        &[&a, &id, &id, &d],
        &[&f1, &f2, &f3, &f4],
        MatStructure::Subset,
    )?;
    nep.set_tolerances(Tolerances {
        tol: Some(1e-7),
        ..Default::default()
    })?;
    nep.set_dimensions_to(slepc::Dimensions::new(24))?;
    nep.set_type(slepc::NepType::Ciss)?;
    let mut rg = nep.rg()?;
    rg.set_type(slepc::RgType::Ellipse)?;
    rg.set_ellipse_parameters(ka, 3.0 * gt, 0.5 * gt / (3.0 * gt))?;
    drop(rg);
    nep.set_from_options()?;
    let _ = nep.solve()?; // unchecked, as upstream
    let nconv = nep.converged_count()?;
    assert!(nconv >= 1);
    let term = |k: Complex<f64>| {
        let gkmu = gt / (k - ka + i1 * gt);
        let nceff = (nc * nc + gkmu * d0).sqrt();
        -i1 / (nceff * k * big_l).tan() - 1.0 / nceff
    };
    let (mut x, mut xi) = a.create_vecs()?;
    for i in 0..nconv {
        let petsc::Complex { re, im } = nep.pair(i, &mut x, Some(&mut xi))?;
        let lam = Complex::new(re, im);
        let error = nep.compute_error(i, slepc::NepErrorType::Relative)?;
        assert!(error < 1e-6, "eigenpair {i}: ||T(lam)x|| {error}");
        // Newton's method (secant derivative) on the dispersion relation from lam.
        let mut k = lam;
        for _ in 0..50 {
            let dk = Complex::new(1e-7, 0.0);
            let step = term(k) * dk / (term(k + dk) - term(k));
            k -= step;
            if step.norm() <= 1e-11 * k.norm() {
                break;
            }
        }
        let rel = (lam - k).norm() / k.norm();
        assert!(rel < 1e-3, "eigenvalue {i}: {lam} vs the root {k}: {rel}");
    }
    Ok(())
}

/// ex14.py: the Lyapunov equation `A X + X A^T = -C` for A the 2-D Laplacian of a
/// 15 x 15 grid (-4 on the diagonal, 1 off it) and the rank-2 right-hand side
/// `C = C1 C1^T`, tolerance 1e-7. slepc4py 3.18 has no LME: the check is the residual,
/// SLEPc's and one computed here at a vector.
pub(super) fn ex14(petsc: &Petsc) -> petsc::Result<()> {
    let (m, n): (Int, Int) = (15, 15);
    let big = m * n;
    let a = grid(petsc, m, n, -4.0, 1.0, 1.0)?;
    let mut c1 = Mat::dense(&petsc.world())
        .sizes(Sizes::global(big, 2))
        .build()?;
    for i in c1.ownership_range()? {
        if i < big / 2 {
            c1.set_values(&[i], &[0], &[s(1.0)], InsertMode::Insert)?;
        }
        if i == 0 {
            c1.set_values(&[i], &[1], &[s(-2.0)], InsertMode::Insert)?;
        }
        if i == 1 || i == 2 {
            c1.set_values(&[i], &[1], &[s(-1.0)], InsertMode::Insert)?;
        }
    }
    c1.assemble()?;
    let c = Mat::new_lrc(None, &c1, None, None)?;
    let mut lme = Lme::new(&petsc.world())?;
    lme.set_problem_type(LmeProblemType::Lyapunov)?;
    lme.set_coefficients_to(slepc::LmeMatrices::new(&a))?;
    lme.set_rhs(&c)?;
    lme.set_tolerances(Tolerances {
        tol: Some(1e-7),
        ..Default::default()
    })?;
    lme.set_from_options()?;
    let _ = lme.solve()?; // unchecked, as upstream
    let x = lme.solution()?.expect("a solution");
    assert!(lme.iteration_number()? >= 1);
    let t = lme.tolerances()?;
    assert_eq!(t.tol, Some(1e-7));
    let estimate = lme.error_estimate()?;
    assert!(estimate.is_finite());
    let residual = lme.compute_error()?;
    // ||C||_F = ||C1^T C1||_F (rank 2).
    let ctc = c1.transpose_mat_mult(&c1)?;
    let cnorm = ctc.norm(NormType::Frobenius)?;
    assert!(
        residual < 1e-5 * cnorm,
        "residual {residual}, ||C|| {cnorm}"
    );
    // (A X + X A^T + C) z at a vector z, A symmetric.
    let (mut z, _) = a.create_vecs()?;
    for i in z.ownership_range()? {
        z.set_values(&[i], &[s(1.0 + (i % 7) as f64)], InsertMode::Insert)?;
    }
    z.assemble()?;
    let mut xz = z.duplicate()?;
    x.mult(&z, &mut xz)?;
    let mut r = z.duplicate()?;
    a.mult(&xz, &mut r)?;
    let mut az = z.duplicate()?;
    a.mult(&z, &mut az)?;
    let mut xaz = z.duplicate()?;
    x.mult(&az, &mut xaz)?;
    r.axpy(s(1.0), &xaz)?;
    let mut cz = z.duplicate()?;
    c.mult(&z, &mut cz)?;
    r.axpy(s(1.0), &cz)?;
    let rel = r.norm(NormType::Two)? / cz.norm(NormType::Two)?;
    assert!(rel < 1e-5, "relative residual at z: {rel}");
    Ok(())
}

#[cfg(not(petsc_complex))]
pub(super) fn ex13(_: &Petsc) -> petsc::Result<()> {
    unreachable!("ex13 runs with complex scalars only")
}

/// The real part of a scalar, real or complex.
fn real_part(z: impl Into<Complex<f64>>) -> f64 {
    z.into().re
}
