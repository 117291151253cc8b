//! Linear regression (`PetscRegressor`, PETSc 3.24 on) at 1, 2 and 3 ranks: least squares
//! recovers an exact linear model, ridge regression equals its normal equations solved
//! densely, a large lasso weight leaves only the intercept (the mean of the targets),
//! predictions reproduce the fitted values, and bad input is an `Err`.

use petsc::{
    InsertMode, Int, Mat, NormType, Object, Petsc, Real, Regressor, RegressorLinearType,
    RegressorType, Scalar, Scatter, ScatterMode, Vector,
};
use petsc_tests::Case;

const N: Int = 30;
const P: Int = 3;
const W: [f64; 3] = [2.0, -3.0, 0.5];
const B: f64 = 1.5;

/// Feature `j` of observation `i`: a hash in [0, 1), the same on every rank.
fn feature(i: Int, j: Int) -> f64 {
    let h = (i as f64 * 12.9898 + j as f64 * 78.233).sin() * 43758.5453;
    h - h.floor()
}

/// The design matrix and the targets `y = X W + B`, rows distributed.
fn data(petsc: &Petsc) -> petsc::Result<(Mat, Vector)> {
    let world = petsc.world();
    let mut x = Mat::new_dense(&world, None, None, Some(N), Some(P))?;
    let rows = x.ownership_range()?;
    let mut y = Vector::new_mpi(&world, Some(rows.end - rows.start), Some(N))?;
    for i in rows {
        let mut yi = B;
        for j in 0..P {
            let v = feature(i, j);
            x.set_values(&[i], &[j], &[Scalar::from(v)], InsertMode::Insert)?;
            yi += W[j as usize] * v;
        }
        y.set_values(&[i], &[Scalar::from(yi)], InsertMode::Insert)?;
    }
    x.assemble()?;
    y.assemble()?;
    Ok((x, y))
}

/// `(w, b)` minimizing `||X w + b - y||² + lambda ||w||²`, from the normal equations of
/// `[X 1]`, solved densely (Gaussian elimination with partial pivoting).
fn ridge_closed_form(lambda: f64) -> ([f64; 3], f64) {
    let mut m = [[0.0f64; 5]; 4];
    for i in 0..N {
        let a = [feature(i, 0), feature(i, 1), feature(i, 2), 1.0];
        let yi = B + (0..3).map(|j| W[j] * a[j]).sum::<f64>();
        for r in 0..4 {
            for c in 0..4 {
                m[r][c] += a[r] * a[c];
            }
            m[r][4] += a[r] * yi;
        }
    }
    for (k, row) in m.iter_mut().enumerate().take(3) {
        row[k] += lambda;
    }
    for c in 0..4 {
        let p = (c..4)
            .max_by(|&a, &b| m[a][c].abs().total_cmp(&m[b][c].abs()))
            .unwrap_or(c);
        m.swap(c, p);
        let pivot = m[c];
        for (r, row) in m.iter_mut().enumerate() {
            if r != c {
                let f = row[c] / pivot[c];
                for (e, pv) in row.iter_mut().zip(pivot).skip(c) {
                    *e -= f * pv;
                }
            }
        }
    }
    let s: Vec<f64> = (0..4).map(|k| m[k][4] / m[k][k]).collect();
    ([s[0], s[1], s[2]], s[3])
}

/// Fits `kind` with weight `lambda`; the coefficients (gathered) and the intercept.
fn fit(
    petsc: &Petsc,
    x: &Mat,
    y: &Vector,
    kind: RegressorLinearType,
    lambda: Real,
) -> petsc::Result<(Regressor, Vec<f64>, f64)> {
    let mut r = Regressor::new(&petsc.world())?;
    r.set_type(RegressorType::Linear)?;
    r.set_linear_type(kind)?;
    assert_eq!(r.linear_type()?, kind);
    r.set_regularizer_weight(lambda)?;
    r.fit(x, y)?;
    let w = r.linear_coefficients()?;
    assert_eq!(w.size()?, P);
    let (sct, mut whole) = Scatter::to_all(&w)?;
    sct.scatter(&w, &mut whole, InsertMode::Insert, ScatterMode::Forward)?;
    let all: Vec<f64> = whole.view()?.iter().map(|v| re(*v)).collect();
    let b = re(r.linear_intercept()?);
    Ok((r, all, b))
}

fn re(x: Scalar) -> f64 {
    petsc::Complex::from(x).re
}

fn linear_models(petsc: &Petsc) -> petsc::Result<()> {
    let (x, y) = data(petsc)?;
    // Least squares: the exact model, and predictions equal to the targets.
    let (ols, w, b) = fit(petsc, &x, &y, RegressorLinearType::Ols, 0.0)?;
    for (got, want) in w.iter().zip(W) {
        assert!((got - want).abs() < 1e-8, "w {w:?}");
    }
    assert!((b - B).abs() < 1e-8, "b {b}");
    let mut pred = y.duplicate()?;
    ols.predict(&x, &mut pred)?;
    pred.axpy(-1.0, &y)?;
    assert!(pred.norm(NormType::Infinity)? < 1e-8);
    assert_eq!(ols.tao()?.type_name()?, "brgn");
    // Ridge: the normal equations with lambda added to the coefficients' diagonal.
    let (_, w, b) = fit(petsc, &x, &y, RegressorLinearType::Ridge, 1.0)?;
    let (wc, bc) = ridge_closed_form(1.0);
    for (got, want) in w.iter().zip(wc) {
        assert!((got - want).abs() < 1e-6, "ridge w {w:?} vs {wc:?}");
    }
    assert!((b - bc).abs() < 1e-6, "ridge b {b} vs {bc}");
    // Lasso with a large weight: no coefficient left; the intercept is the mean target.
    let (_, w, b) = fit(petsc, &x, &y, RegressorLinearType::Lasso, 100.0)?;
    assert!(w.iter().all(|v| v.abs() < 1e-5), "lasso w {w:?}");
    let mean = re(y.sum()?) / N as f64;
    assert!((b - mean).abs() < 1e-6, "lasso b {b} vs mean {mean}");
    Ok(())
}

fn bad_input(petsc: &Petsc) -> petsc::Result<()> {
    let (x, _) = data(petsc)?;
    let world = petsc.world();
    let mut r = Regressor::new(&world)?;
    r.set_type(RegressorType::Linear)?;
    let err = r.linear_coefficients().unwrap_err();
    assert!(err.report().contains("call fit first"), "{err}");
    assert!(r.set_regularizer_weight(-1.0).is_err());
    assert!(r.set_regularizer_weight(Real::NAN).is_err());
    let short = Vector::new_mpi(&world, None, Some(N - 1))?;
    let err = r.fit(&x, &short).unwrap_err();
    assert!(err.report().contains("rows"), "{err}");
    let err = r.set_type_name("nosuch").unwrap_err();
    assert!(err.report().contains("nosuch"), "{err}");
    Ok(())
}

pub fn cases() -> Vec<Case> {
    vec![
        Case::new("linear_models", linear_models).ranks(&[1, 2, 3]),
        Case::new("bad_input", bad_input).ranks(&[1, 2]),
    ]
}
