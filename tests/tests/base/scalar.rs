//! Scalars across the C boundary, on whichever PETSc the build found (real or complex,
//! 32- or 64-bit indices): every path a scalar takes (values in and out of vectors and
//! matrices, the by-pointer shim for `VecSet`/`VecScale`/`VecAXPY`/`MatShift`/
//! `MatZeroRows`/...,
//! `VecDot` and `VecTDot`, norms, the options database, SLEPc's eigenvalues, target and
//! shift) is compared with the same arithmetic done here in `Complex<f64>`, at 1, 2 and 3
//! ranks. On a complex build the data have non-zero imaginary parts; on a real build the
//! same code runs with the imaginary parts dropped.

use petsc::{Complex, InsertMode, Int, Mat, NormType, Options, Petsc, Scalar, Sizes, Vector};
use petsc_tests::Case;
use slepc::{Eps, EpsErrorType, EpsProblemType, EpsWhich};

type C = Complex<f64>;

const N: Int = 11;

/// A scalar from its parts; a real build keeps only `re`.
fn s(re: f64, im: f64) -> Scalar {
    #[cfg(petsc_complex)]
    return Complex::new(re, im);
    #[cfg(not(petsc_complex))]
    {
        let _ = im;
        re
    }
}

/// The same value as `Complex<f64>`, for the reference arithmetic.
fn c(x: Scalar) -> C {
    C::from(x)
}

/// Entry `i` of the two test vectors.
fn xi(i: Int) -> Scalar {
    s(1.0 + i as f64, 0.5 * i as f64 - 1.0)
}
fn yi(i: Int) -> Scalar {
    s(2.0 - i as f64, 1.0 + 0.25 * i as f64)
}

fn close(what: &str, got: C, want: C) {
    let tol = 1e-12 * (1.0 + want.norm());
    assert!(
        (got - want).norm() <= tol,
        "{what}: got {got}, want {want} (|diff| {:e})",
        (got - want).norm()
    );
}

fn filled(petsc: &Petsc, f: fn(Int) -> Scalar) -> petsc::Result<Vector> {
    let mut v = Vector::new_mpi(&petsc.world(), None, Some(N))?;
    let range = v.ownership_range()?;
    let idx: Vec<Int> = range.clone().collect();
    let vals: Vec<Scalar> = range.map(f).collect();
    v.set_values(&idx, &vals, InsertMode::Insert)?;
    v.assemble()?;
    Ok(v)
}

/// Every entry of `v` (gathered on every rank) against `want(i)`.
fn check_entries(what: &str, v: &Vector, want: impl Fn(Int) -> C) -> petsc::Result<()> {
    let all = v.to_all()?;
    let view = all.view()?;
    assert_eq!(view.len() as Int, N, "{what}: length");
    for (i, &x) in view.iter().enumerate() {
        close(&format!("{what}[{i}]"), c(x), want(i as Int));
    }
    Ok(())
}

/// Values in (`VecSetValues`, `VecSet`) and out (views, `VecGetValues`), and the
/// by-pointer shim: `VecScale`, `VecShift`, `VecAXPY`, `VecAYPX`, `VecWAXPY`.
fn set_and_update(petsc: &Petsc) -> petsc::Result<()> {
    let x = filled(petsc, xi)?;
    check_entries("VecSetValues", &x, |i| c(xi(i)))?;
    let first = x.ownership_range()?.start;
    let got = x.values(&[first])?;
    close("VecGetValues", c(got[0]), c(xi(first)));

    let alpha = s(1.5, -2.0);
    let mut v = x.duplicate()?;
    v.set(alpha)?;
    check_entries("VecSet", &v, |_| c(alpha))?;

    let beta = s(-0.5, 0.75);
    let mut v = x.duplicate()?;
    v.copy_from(&x)?;
    v.scale(beta)?;
    check_entries("VecScale", &v, |i| c(beta) * c(xi(i)))?;
    v.shift(alpha)?;
    check_entries("VecShift", &v, |i| c(beta) * c(xi(i)) + c(alpha))?;

    let y = filled(petsc, yi)?;
    let mut w = y.duplicate()?;
    w.copy_from(&y)?;
    w.axpy(alpha, &x)?;
    check_entries("VecAXPY", &w, |i| c(yi(i)) + c(alpha) * c(xi(i)))?;
    let mut w = y.duplicate()?;
    w.copy_from(&y)?;
    w.aypx(beta, &x)?;
    check_entries("VecAYPX", &w, |i| c(beta) * c(yi(i)) + c(xi(i)))?;
    let mut w = y.duplicate()?;
    w.waxpy(alpha, &x, &y)?;
    check_entries("VecWAXPY", &w, |i| c(alpha) * c(xi(i)) + c(yi(i)))?;
    Ok(())
}

/// `VecDot` is `y^H x` (conjugating its second argument), `VecTDot` is `y^T x`, `VecSum`
/// adds the entries; all returned through a pointer.
fn dots_and_sums(petsc: &Petsc) -> petsc::Result<()> {
    let x = filled(petsc, xi)?;
    let y = filled(petsc, yi)?;
    let dot: C = (0..N).map(|i| c(xi(i)) * c(yi(i)).conj()).sum();
    let tdot: C = (0..N).map(|i| c(xi(i)) * c(yi(i))).sum();
    let sum: C = (0..N).map(|i| c(xi(i))).sum();
    close("VecDot(x, y)", c(x.dot(&y)?), dot);
    close("VecDot(y, x)", c(y.dot(&x)?), dot.conj());
    close("VecTDot", c(x.tdot(&y)?), tdot);
    close("VecSum", c(x.sum()?), sum);
    // x^H x is real and positive: the squared 2-norm.
    let xx = c(x.dot(&x)?);
    assert!(xx.im.abs() <= 1e-12 * xx.re, "x^H x = {xx} is not real");
    close("VecDot(x, x)", xx, C::from(x.norm(NormType::Two)?.powi(2)));
    if petsc::SCALAR_IS_COMPLEX {
        assert!(
            (dot - tdot).norm() > 1.0,
            "the complex data must tell VecDot from VecTDot ({dot} vs {tdot})"
        );
    }
    Ok(())
}

/// Norms are moduli: `NORM_1` sums `|x_i|`, `NORM_2` is `sqrt(sum |x_i|^2)`,
/// `NORM_INFINITY` the largest `|x_i|`.
fn norms(petsc: &Petsc) -> petsc::Result<()> {
    let x = filled(petsc, xi)?;
    let moduli: Vec<f64> = (0..N).map(|i| c(xi(i)).norm()).collect();
    let n1: f64 = moduli.iter().sum();
    let n2 = moduli.iter().map(|m| m * m).sum::<f64>().sqrt();
    let ninf = moduli.iter().cloned().fold(0.0, f64::max);
    for (ty, want) in [
        (NormType::One, n1),
        (NormType::Two, n2),
        (NormType::Infinity, ninf),
    ] {
        let got = x.norm(ty)?;
        assert!(
            (got - want).abs() <= 1e-12 * want,
            "{ty:?}: got {got}, want {want}"
        );
    }
    Ok(())
}

/// A diagonal matrix through `MatSetValues`, `MatScale` and `MatShift` (by-pointer shim),
/// applied with `MatMult` and read back with `MatGetValues`.
fn matrix_scalars(petsc: &Petsc) -> petsc::Result<()> {
    let mut a = Mat::aij(&petsc.world())
        .sizes(Sizes::global(N, N))
        .preallocate(1, 0)
        .build()?;
    for i in a.ownership_range()? {
        a.set_values(&[i], &[i], &[yi(i)], InsertMode::Insert)?;
    }
    a.assemble()?;
    let (alpha, beta) = (s(0.25, 1.0), s(-2.0, 0.5));
    a.scale(alpha)?;
    a.shift(beta)?;
    let d = |i: Int| c(alpha) * c(yi(i)) + c(beta);
    let first = a.ownership_range()?.start;
    close(
        "MatGetValues",
        c(a.values(&[first], &[first])?[0]),
        d(first),
    );
    let x = filled(petsc, xi)?;
    let (_, mut y) = a.create_vecs()?;
    a.mult(&x, &mut y)?;
    check_entries("MatMult", &y, |i| d(i) * c(xi(i)))
}

/// `MatZeroRows` and `MatZeroRowsColumns` put a scalar on the diagonal (by-pointer shim);
/// with `x` and `b`, `b_i = diag x_i` on the zeroed rows.
fn zeroed_rows(petsc: &Petsc) -> petsc::Result<()> {
    for columns in [false, true] {
        let mut a = Mat::aij(&petsc.world())
            .sizes(Sizes::global(N, N))
            .preallocate(1, 0)
            .build()?;
        for i in a.ownership_range()? {
            a.set_values(&[i], &[i], &[yi(i)], InsertMode::Insert)?;
        }
        a.assemble()?;
        let diag = s(3.0, -1.0);
        let rows: Vec<Int> = vec![0, N / 2, N - 1];
        let x = filled(petsc, xi)?;
        let mut b = filled(petsc, yi)?;
        if columns {
            a.zero_rows_columns(&rows, diag, Some(&x), Some(&mut b))?;
        } else {
            a.zero_rows(&rows, diag, Some(&x), Some(&mut b))?;
        }
        let zeroed = |i: Int| rows.contains(&i);
        for i in a.ownership_range()? {
            let want = if zeroed(i) { c(diag) } else { c(yi(i)) };
            close("zeroed diagonal", c(a.values(&[i], &[i])?[0]), want);
        }
        // A is diagonal, so no other row of b changes.
        check_entries("b after zeroing", &b, |i| {
            if zeroed(i) {
                c(diag) * c(xi(i))
            } else {
                c(yi(i))
            }
        })?;
    }
    Ok(())
}

/// `PetscOptionsGetScalar`: a complex build parses `a+bi`.
fn options_scalar(petsc: &Petsc) -> petsc::Result<()> {
    let opts: Options = petsc.options();
    let text = if petsc::SCALAR_IS_COMPLEX {
        "2.5+1.5i"
    } else {
        "2.5"
    };
    opts.set_value("-scalar_test_value", text)?;
    let got = opts.get::<Scalar>("-scalar_test_value")?;
    opts.clear_value("-scalar_test_value")?;
    close("option", c(got.expect("option set")), c(s(2.5, 1.5)));
    Ok(())
}

/// Block-diagonal matrix of 2x2 blocks `[[a, -b], [b, a]]`, eigenvalues `a +- i b`: a real
/// build returns each pair as `(a, b)` and `(a, -b)` at consecutive indices, a complex
/// build each as one complex number; both read `(re, im)`.
fn rotation_blocks(petsc: &Petsc) -> petsc::Result<(Mat, Vec<C>)> {
    const BLOCKS: Int = 8;
    let n = 2 * BLOCKS;
    let ab = |k: Int| (1.0 + k as f64, 0.5 + 0.25 * k as f64);
    let mut a = Mat::aij(&petsc.world())
        .sizes(Sizes::global(n, n))
        .preallocate(2, 1)
        .build()?;
    for i in a.ownership_range()? {
        let k = i / 2;
        let (re, im) = ab(k);
        let (cols, vals) = if i % 2 == 0 {
            ([i, i + 1], [s(re, 0.0), s(-im, 0.0)])
        } else {
            ([i - 1, i], [s(im, 0.0), s(re, 0.0)])
        };
        a.set_values(&[i], &cols, &vals, InsertMode::Insert)?;
    }
    a.assemble()?;
    let mut eig: Vec<C> = (0..BLOCKS)
        .flat_map(|k| {
            let (re, im) = ab(k);
            [C::new(re, im), C::new(re, -im)]
        })
        .collect();
    eig.sort_by(|p, q| q.norm().total_cmp(&p.norm()).then(q.im.total_cmp(&p.im)));
    Ok((a, eig))
}

/// `EPSGetEigenvalue`/`EPSGetEigenpair` of a non-Hermitian matrix with complex eigenvalues,
/// largest magnitude first, with SLEPc's own residual check.
fn eigenvalues(petsc: &Petsc) -> petsc::Result<()> {
    let (a, want) = rotation_blocks(petsc)?;
    let mut eps = Eps::new(&petsc.world())?;
    eps.set_operators(&a, None)?;
    eps.set_problem_type(EpsProblemType::Nhep)?;
    eps.set_which_eigenpairs(EpsWhich::LargestMagnitude)?;
    eps.set_dimensions_to(slepc::Dimensions::new(4))?;
    eps.set_tolerances(slepc::Tolerances {
        tol: Some(1e-12),
        ..Default::default()
    })?;
    eps.solve()?.check()?;
    let nconv = eps.converged_count()?;
    assert!(nconv >= 4, "only {nconv} eigenpairs converged");
    let (mut xr, _) = a.create_vecs()?;
    let (mut xi, _) = a.create_vecs()?;
    let mut got: Vec<C> = Vec::new();
    for i in 0..4 {
        let petsc::Complex { re, im } = eps.pair(i, &mut xr, &mut xi)?;
        let petsc::Complex { re: re2, im: im2 } = eps.value(i)?;
        assert_eq!(
            (re, im),
            (re2, im2),
            "eigenpair and eigenvalue {i} disagree"
        );
        let err = eps.compute_error(i, EpsErrorType::Relative)?;
        assert!(err < 1e-9, "eigenpair {i}: relative residual {err:e}");
        got.push(C::new(re, im));
    }
    // The two largest conjugate pairs, each pair in either order.
    let key = |z: &C| (z.re * 1e6).round() as i64 * 10 + (z.im > 0.0) as i64;
    got.sort_by_key(key);
    let mut want4: Vec<C> = want[..4].to_vec();
    want4.sort_by_key(key);
    for (g, w) in got.iter().zip(&want4) {
        assert!(
            (g - w).norm() < 1e-9,
            "eigenvalue {g}, want {w}: got {got:?}"
        );
    }
    Ok(())
}

/// `EPSSetTarget`/`EPSGetTarget` and `STSetShift`/`STGetShift` (by-pointer shim), and the
/// eigenvalue nearest a target: `a + i b` for a complex target on a complex build.
fn target_and_shift(petsc: &Petsc) -> petsc::Result<()> {
    let (a, _) = rotation_blocks(petsc)?;
    let mut eps = Eps::new(&petsc.world())?;
    eps.set_operators(&a, None)?;
    eps.set_problem_type(EpsProblemType::Nhep)?;
    let target = s(4.1, 1.3);
    eps.set_target(target)?;
    close("EPSGetTarget", c(eps.target()?), c(target));
    eps.set_which_eigenpairs(EpsWhich::TargetMagnitude)?;
    eps.set_dimensions_to(slepc::Dimensions::new(1))?;
    eps.set_tolerances(slepc::Tolerances {
        tol: Some(1e-12),
        ..Default::default()
    })?;
    eps.solve()?.check()?;
    assert!(eps.converged_count()? >= 1);
    let petsc::Complex { re, im } = eps.value(0)?;
    // Block k = 3 has eigenvalues 4 +- 1.25 i: nearest 4.1 + 1.3 i is 4 + 1.25 i; a real
    // target 4.1 is equally near both, so only |im| is fixed there.
    assert!((re - 4.0).abs() < 1e-9, "nearest eigenvalue {re} {im}");
    if petsc::SCALAR_IS_COMPLEX {
        assert!((im - 1.25).abs() < 1e-9, "nearest eigenvalue {re} {im}");
    } else {
        assert!(
            (im.abs() - 1.25).abs() < 1e-9,
            "nearest eigenvalue {re} {im}"
        );
    }
    let mut st = eps.st()?;
    let sigma = s(-0.5, 2.0);
    st.set_shift(sigma)?;
    close("STGetShift", c(st.shift()?), c(sigma));
    Ok(())
}

pub fn cases() -> Vec<Case> {
    const R: &[usize] = &[1, 2, 3];
    vec![
        Case::new("set_and_update", set_and_update).ranks(R),
        Case::new("dots_and_sums", dots_and_sums).ranks(R),
        Case::new("norms", norms).ranks(R),
        Case::new("matrix_scalars", matrix_scalars).ranks(R),
        Case::new("zeroed_rows", zeroed_rows).ranks(R),
        Case::new("options_scalar", options_scalar),
        Case::new("eigenvalues", eigenvalues).ranks(R),
        Case::new("target_and_shift", target_and_shift).ranks(R),
    ]
}
