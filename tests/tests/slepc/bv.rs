//! SLEPc bases of vectors (`BV`) through `slepc-rs`, at 1, 2 and 3 ranks: Gram-Schmidt
//! and block orthogonalization against a dense modified Gram-Schmidt computed here
//! (`Q^T Q = I`, the same `R`), inner products and norms against hand computation,
//! products with matrices against `MatMult`, a non-standard inner product, column
//! access, copies and resizing, and refused inputs.

use petsc::{InsertMode, Int, Mat, NormType, Petsc, Scalar, Sizes, Vector};
use petsc_tests::{assert_close, Case};
use slepc::{Bv, BvOrthogBlockType, BvOrthogRefineType, BvOrthogType, BvType};

/// The real part of a scalar (the imaginary part must be negligible).
fn re(s: Scalar) -> f64 {
    #[allow(clippy::useless_conversion)]
    let z: petsc::Complex<f64> = s.into();
    assert!(z.im.abs() < 1e-12, "{s} is not real");
    z.re
}

fn s(x: f64) -> Scalar {
    Scalar::from(x)
}

const N: Int = 11;
const M: Int = 4;

/// The test matrix: well conditioned, full column rank.
fn entry(i: Int, j: Int) -> f64 {
    ((i + 1) as f64 * (j + 1) as f64 * 0.37).cos() + if i == j { 2.0 } else { 0.0 }
}

/// A basis on the world communicator with `m` columns `entry(i, j)` of `n` rows.
fn basis(petsc: &Petsc, n: Int, m: Int, f: impl Fn(Int, Int) -> f64) -> petsc::Result<Bv> {
    let mut bv = Bv::with_sizes(&petsc.world(), None, Some(n), m)?;
    let rows: Vec<Int> = bv.create_vec()?.ownership_range()?.collect();
    for j in 0..m {
        let mut col = bv.column(j)?;
        let vals: Vec<Scalar> = rows.iter().map(|&i| s(f(i, j))).collect();
        col.set_values(&rows, &vals, InsertMode::Insert)?;
        col.assemble()?;
    }
    Ok(bv)
}

/// Dense modified Gram-Schmidt of the columns `a[j]`: (Q columns, R row-major m x m).
fn dense_mgs(a: &[Vec<f64>]) -> (Vec<Vec<f64>>, Vec<Vec<f64>>) {
    let m = a.len();
    let mut q: Vec<Vec<f64>> = a.to_vec();
    let mut r = vec![vec![0.0; m]; m];
    for j in 0..m {
        for i in 0..j {
            let d: f64 = q[i].iter().zip(&q[j]).map(|(x, y)| x * y).sum();
            r[i][j] = d;
            let qi = q[i].clone();
            for (y, x) in q[j].iter_mut().zip(&qi) {
                *y -= d * x;
            }
        }
        let nrm = q[j].iter().map(|x| x * x).sum::<f64>().sqrt();
        r[j][j] = nrm;
        for y in q[j].iter_mut() {
            *y /= nrm;
        }
    }
    (q, r)
}

fn columns(n: Int, m: Int, f: impl Fn(Int, Int) -> f64) -> Vec<Vec<f64>> {
    (0..m).map(|j| (0..n).map(|i| f(i, j)).collect()).collect()
}

/// The entries of a sequential dense matrix, row-major.
fn dense_values(a: &Mat) -> petsc::Result<Vec<Vec<f64>>> {
    let (r, c) = a.size()?;
    let rows: Vec<Int> = (0..r).collect();
    let cols: Vec<Int> = (0..c).collect();
    let v = a.values(&rows, &cols)?;
    Ok((0..r as usize)
        .map(|i| (0..c as usize).map(|j| re(v[i * c as usize + j])).collect())
        .collect())
}

/// Checks `bv^H bv = I` on the first `m` columns.
fn assert_orthonormal(bv: &Bv, m: usize, tol: f64) -> petsc::Result<()> {
    let g = dense_values(&bv.dot(bv)?)?;
    for (i, row) in g.iter().enumerate().take(m) {
        for (j, &v) in row.iter().enumerate().take(m) {
            let want = if i == j { 1.0 } else { 0.0 };
            assert!((v - want).abs() < tol, "Q^T Q[{i}][{j}] = {v}");
        }
    }
    Ok(())
}

/// Checks column `j` of `bv` against `want` on this rank's rows.
fn assert_column(bv: &Bv, j: Int, want: &[f64], tol: f64) -> petsc::Result<()> {
    let v = bv.column_vec(j)?;
    let rows: Vec<Int> = v.ownership_range()?.collect();
    let got = v.values(&rows)?;
    for (&i, &g) in rows.iter().zip(&got) {
        assert_close(re(g), want[i as usize], tol);
    }
    Ok(())
}

fn orthogonalization(petsc: &Petsc) -> petsc::Result<()> {
    let a = columns(N, M, entry);
    let (q, r) = dense_mgs(&a);
    let variants = [
        (
            BvOrthogType::Cgs,
            BvOrthogRefineType::IfNeeded,
            BvOrthogBlockType::Gs,
        ),
        (
            BvOrthogType::Mgs,
            BvOrthogRefineType::Never,
            BvOrthogBlockType::Gs,
        ),
        (
            BvOrthogType::Cgs,
            BvOrthogRefineType::Always,
            BvOrthogBlockType::Chol,
        ),
        (
            BvOrthogType::Cgs,
            BvOrthogRefineType::IfNeeded,
            BvOrthogBlockType::Tsqr,
        ),
    ];
    for (ty, refine, block) in variants {
        let what = format!("{ty:?}/{refine:?}/{block:?}");
        let mut bv = basis(petsc, N, M, entry)?;
        let mut o = bv.orthogonalization()?;
        o.ty = ty;
        o.refine = refine;
        o.block = block;
        bv.set_orthogonalization(o)?;
        assert_eq!(bv.orthogonalization()?, o);
        let mut rr = dense_values(&bv.orthogonalize()?)?;
        // The QR factorization is unique up to the signs of R's rows (Householder-based
        // TSQR may give negative ones): make R's diagonal positive, and Q's columns with
        // it.
        let signs: Vec<f64> = (0..M as usize).map(|i| rr[i][i].signum()).collect();
        for (i, row) in rr.iter_mut().enumerate() {
            for v in row.iter_mut() {
                *v *= signs[i];
            }
        }
        for j in 0..M {
            if signs[j as usize] < 0.0 {
                bv.scale_column(j, -1.0)?;
            }
        }
        for i in 0..M as usize {
            for j in 0..M as usize {
                assert!(
                    (rr[i][j] - r[i][j]).abs() < 1e-12 * r[0][0],
                    "{what}: R[{i}][{j}] = {} but dense MGS gives {}",
                    rr[i][j],
                    r[i][j]
                );
            }
        }
        assert_orthonormal(&bv, M as usize, 1e-12)?;
        for j in 0..M {
            assert_column(&bv, j, &q[j as usize], 1e-12)?;
        }
    }
    // Column by column: orthogonalize_column returns R's column, then normalize.
    let mut bv = basis(petsc, N, M, entry)?;
    for j in 0..M {
        let (h, norm, lindep) = bv.orthogonalize_column(j)?;
        assert!(!lindep);
        assert_eq!(h.len(), j as usize);
        for (i, &hi) in h.iter().enumerate() {
            assert_close(re(hi), r[i][j as usize], 1e-12);
        }
        assert_close(norm, r[j as usize][j as usize], 1e-12);
        bv.scale_column(j, 1.0 / norm)?;
    }
    assert_orthonormal(&bv, M as usize, 1e-12)?;
    // orthonormalize_column, then a vector against the basis.
    let mut bv = basis(petsc, N, M, entry)?;
    for j in 0..M {
        let (norm, lindep) = bv.orthonormalize_column(j, false)?;
        assert!(!lindep);
        assert_close(norm, r[j as usize][j as usize], 1e-12);
    }
    assert_orthonormal(&bv, M as usize, 1e-12)?;
    let mut v = bv.create_vec()?;
    let rows: Vec<Int> = v.ownership_range()?.collect();
    let vals: Vec<Scalar> = rows.iter().map(|&i| s(1.0 + i as f64)).collect();
    v.set_values(&rows, &vals, InsertMode::Insert)?;
    v.assemble()?;
    let expected_h: Vec<f64> = q
        .iter()
        .map(|qj| {
            qj.iter()
                .enumerate()
                .map(|(i, x)| x * (1.0 + i as f64))
                .sum()
        })
        .collect();
    let full: f64 = (0..N).map(|i| (1.0 + i as f64).powi(2)).sum();
    let (h, norm, lindep) = bv.orthogonalize_vec(&mut v)?;
    assert!(!lindep);
    for (a, b) in h.iter().zip(&expected_h) {
        assert_close(re(*a), *b, 1e-12);
    }
    let rest = (full - expected_h.iter().map(|x| x * x).sum::<f64>()).sqrt();
    assert_close(norm, rest, 1e-10);
    for x in bv.dot_vec(&v)? {
        assert!(re(x).abs() < 1e-12);
    }
    // A dependent vector.
    let mut w = bv.column_vec(2)?;
    w.scale(3.0)?;
    let (h, norm, _) = bv.orthogonalize_vec(&mut w)?;
    assert!(norm < 1e-12, "{norm}");
    assert_close(re(h[2]), 3.0, 1e-12);
    assert!(re(h[0]).abs() < 1e-12 && re(h[1]).abs() < 1e-12);
    Ok(())
}

fn dots_and_norms(petsc: &Petsc) -> petsc::Result<()> {
    let f = |i: Int, j: Int| (i + 1) as f64 - 2.0 * j as f64;
    let g = |i: Int, j: Int| if i % (j + 2) == 0 { 1.0 } else { -0.5 };
    let x = basis(petsc, N, M, f)?;
    let mut y = basis(petsc, N, 3, g)?;
    let (a, b) = (columns(N, M, f), columns(N, 3, g));
    let dot = |u: &[f64], v: &[f64]| -> f64 { u.iter().zip(v).map(|(p, q)| p * q).sum() };
    // M = Y^T X, 3 x 4.
    let m = dense_values(&x.dot(&y)?)?;
    assert_eq!((m.len(), m[0].len()), (3, 4));
    for i in 0..3 {
        for j in 0..M as usize {
            assert_close(m[i][j], dot(&b[i], &a[j]), 1e-13);
        }
    }
    // With leading columns: only rows ly..ky are computed.
    y.set_active_columns(1, 3)?;
    let m = dense_values(&x.dot(&y)?)?;
    for j in 0..M as usize {
        assert_eq!(m[0][j], 0.0);
        assert_close(m[2][j], dot(&b[2], &a[j]), 1e-13);
    }
    // dot_vec with the active columns of y (1..3), dot_column with those before j.
    let v = x.column_vec(1)?;
    let d = y.dot_vec(&v)?;
    assert_eq!(d.len(), 2);
    assert_close(re(d[0]), dot(&b[1], &a[1]), 1e-13);
    assert_close(re(d[1]), dot(&b[2], &a[1]), 1e-13);
    let d = x.dot_column(3)?;
    assert_eq!(d.len(), 3);
    for (k, &v) in d.iter().enumerate() {
        assert_close(re(v), dot(&a[k], &a[3]), 1e-13);
    }
    // Norms.
    let fro: f64 = a.iter().flatten().map(|v| v * v).sum::<f64>().sqrt();
    assert_close(x.norm(NormType::Frobenius)?, fro, 1e-13);
    let one = a
        .iter()
        .map(|c| c.iter().map(|v| v.abs()).sum::<f64>())
        .fold(0.0, f64::max);
    assert_close(x.norm(NormType::One)?, one, 1e-13);
    let inf = (0..N as usize)
        .map(|i| a.iter().map(|c| c[i].abs()).sum::<f64>())
        .fold(0.0, f64::max);
    assert_close(x.norm(NormType::Infinity)?, inf, 1e-13);
    for j in 0..M {
        let c = &a[j as usize];
        assert_close(x.norm_column(j, NormType::Two)?, dot(c, c).sqrt(), 1e-13);
        let mx = c.iter().map(|v| v.abs()).fold(0.0, f64::max);
        assert_close(x.norm_column(j, NormType::Infinity)?, mx, 1e-13);
    }
    Ok(())
}

/// The 1-D Laplacian tridiag(-1, 2, -1) on the world communicator.
fn laplacian(petsc: &Petsc, n: Int) -> petsc::Result<Mat> {
    let mut a = Mat::aij(&petsc.world())
        .sizes(Sizes::global(n, n))
        .preallocate(3, 2)
        .build()?;
    for i in a.ownership_range()? {
        for (j, v) in [(i - 1, -1.0), (i, 2.0), (i + 1, -1.0)] {
            if (0..n).contains(&j) {
                a.set_values(&[i], &[j], &[s(v)], InsertMode::Insert)?;
            }
        }
    }
    a.assemble()?;
    Ok(a)
}

fn products(petsc: &Petsc) -> petsc::Result<()> {
    let a = laplacian(petsc, N)?;
    let cols = columns(N, M, entry);
    let x = basis(petsc, N, M, entry)?;
    let mut y = x.duplicate()?;
    x.mat_mult(&a, &mut y)?;
    let lap = |c: &[f64]| -> Vec<f64> {
        (0..c.len())
            .map(|i| {
                2.0 * c[i]
                    - if i > 0 { c[i - 1] } else { 0.0 }
                    - if i + 1 < c.len() { c[i + 1] } else { 0.0 }
            })
            .collect()
    };
    for j in 0..M {
        // Against MatMult on the column, and against the closed form.
        let xj = x.column_vec(j)?;
        let mut axj = xj.duplicate()?;
        a.mult(&xj, &mut axj)?;
        let mut yj = y.column_vec(j)?;
        yj.axpy(-1.0, &axj)?;
        assert!(yj.norm(NormType::Infinity)? < 1e-14);
        assert_column(&y, j, &lap(&cols[j as usize]), 1e-13)?;
    }
    // The Laplacian is symmetric: A^T X = A X.
    let mut yt = x.duplicate()?;
    x.mat_mult_transpose(&a, &mut yt)?;
    yt.mult(1.0, -1.0, &y, None)?; // yt = y - yt
    assert!(yt.norm(NormType::Frobenius)? < 1e-13);
    // Column j+1 = A column j.
    let mut z = basis(petsc, N, 2, entry)?;
    z.mat_mult_column(&a, 0)?;
    assert_column(&z, 1, &lap(&cols[0]), 1e-13)?;
    // mat_project: Y^T A X = X^T A X.
    let p = dense_values(&x.mat_project(Some(&a), &x)?)?;
    for i in 0..M as usize {
        for j in 0..M as usize {
            let want: f64 = cols[i].iter().zip(lap(&cols[j])).map(|(u, v)| u * v).sum();
            assert_close(p[i][j], want, 1e-12);
        }
    }
    // mult: W = X Q, Q = [[1, 0], [2, 1], [0, -1], [1, 0]] (4 x 2).
    let mut q = Mat::dense(&petsc.self_comm())
        .sizes(Sizes::global(M, 2))
        .build()?;
    let qv = [1.0, 0.0, 2.0, 1.0, 0.0, -1.0, 1.0, 0.0];
    let qs: Vec<Scalar> = qv.iter().map(|&v| s(v)).collect();
    q.set_values(&[0, 1, 2, 3], &[0, 1], &qs, InsertMode::Insert)?;
    q.assemble()?;
    let mut w = Bv::with_sizes(&petsc.world(), None, Some(N), 2)?;
    w.mult(1.0, 0.0, &x, Some(&q))?;
    let want0: Vec<f64> = (0..N as usize)
        .map(|i| cols[0][i] + 2.0 * cols[1][i] + cols[3][i])
        .collect();
    let want1: Vec<f64> = (0..N as usize).map(|i| cols[1][i] - cols[2][i]).collect();
    assert_column(&w, 0, &want0, 1e-13)?;
    assert_column(&w, 1, &want1, 1e-13)?;
    // mult_vec: v = 2 v + X (1, -1, 0.5, 0).
    let mut v = x.column_vec(0)?;
    x.mult_vec(1.0, 2.0, &mut v, &[s(1.0), s(-1.0), s(0.5), s(0.0)])?;
    let want: Vec<f64> = (0..N as usize)
        .map(|i| 3.0 * cols[0][i] - cols[1][i] + 0.5 * cols[2][i])
        .collect();
    let rows: Vec<Int> = v.ownership_range()?.collect();
    for (&i, &g) in rows.iter().zip(&v.values(&rows)?) {
        assert_close(re(g), want[i as usize], 1e-13);
    }
    // mult_column: x_2 = -x_2 + 3 x_0 + x_1.
    let mut xc = basis(petsc, N, M, entry)?;
    xc.mult_column(1.0, -1.0, 2, &[s(3.0), s(1.0)])?;
    let want: Vec<f64> = (0..N as usize)
        .map(|i| -cols[2][i] + 3.0 * cols[0][i] + cols[1][i])
        .collect();
    assert_column(&xc, 2, &want, 1e-13)?;
    // mult_in_place with a permutation: columns 0 and 1 swapped.
    let mut p = Mat::dense(&petsc.self_comm())
        .sizes(Sizes::global(M, M))
        .build()?;
    let idx: Vec<Int> = (0..M).collect();
    let mut pv = vec![s(0.0); (M * M) as usize];
    for (i, j) in [(0, 1), (1, 0), (2, 2), (3, 3)] {
        pv[i * M as usize + j] = s(1.0);
    }
    p.set_values(&idx, &idx, &pv, InsertMode::Insert)?;
    p.assemble()?;
    let mut xp = basis(petsc, N, M, entry)?;
    xp.mult_in_place(&p, 0, M)?;
    assert_column(&xp, 0, &cols[1], 1e-14)?;
    assert_column(&xp, 1, &cols[0], 1e-14)?;
    Ok(())
}

fn inner_product_matrix(petsc: &Petsc) -> petsc::Result<()> {
    // B = diag(1, 2, ..., N); orthonormal in the B-inner product.
    let mut b = Mat::aij(&petsc.world())
        .sizes(Sizes::global(N, N))
        .preallocate(1, 0)
        .build()?;
    for i in b.ownership_range()? {
        b.set_values(&[i], &[i], &[s((i + 1) as f64)], InsertMode::Insert)?;
    }
    b.assemble()?;
    let mut bv = basis(petsc, N, M, entry)?;
    bv.set_matrix(Some(&b), false)?;
    let (m, indefinite) = bv.matrix()?.expect("a matrix");
    assert_eq!(m.as_raw(), b.as_raw());
    assert!(!indefinite);
    // ||x_0||_B by hand.
    let c0 = &columns(N, 1, entry)[0];
    let bn: f64 = c0
        .iter()
        .enumerate()
        .map(|(i, v)| (i + 1) as f64 * v * v)
        .sum();
    assert_close(bv.norm_column(0, NormType::Two)?, bn.sqrt(), 1e-13);
    bv.orthogonalize()?;
    assert_orthonormal(&bv, M as usize, 1e-12)?;
    // Independently: Q^T (B Q) with the standard inner product.
    let mut bq = bv.duplicate()?;
    bq.set_matrix(None, false)?;
    for j in 0..M {
        let qj = bv.column_vec(j)?;
        let mut y = qj.duplicate()?;
        bv.apply_matrix(&qj, &mut y)?;
        bq.insert_vec(j, &y)?;
    }
    let mut plain = bv.duplicate()?;
    plain.set_matrix(None, false)?;
    bv.copy(&mut plain)?;
    assert!(plain.matrix()?.is_none());
    let g = dense_values(&plain.dot(&bq)?)?;
    for (i, row) in g.iter().enumerate() {
        for (j, &v) in row.iter().enumerate() {
            assert!(
                (v - if i == j { 1.0 } else { 0.0 }).abs() < 1e-12,
                "{i} {j} {v}"
            );
        }
    }
    Ok(())
}

fn columns_copies_and_types(petsc: &Petsc) -> petsc::Result<()> {
    let cols = columns(N, M, entry);
    for ty in [BvType::Svec, BvType::Mat, BvType::Vecs, BvType::Contiguous] {
        let mut bv = Bv::new(&petsc.world())?;
        bv.set_sizes(None, Some(N), M)?;
        bv.set_type(ty.clone())?;
        assert_eq!(bv.ty()?.as_ref(), Some(&ty));
        let rows: Vec<Int> = bv.create_vec()?.ownership_range()?.collect();
        for j in 0..M {
            let mut c = bv.column(j)?;
            assert_eq!(c.index(), j);
            let vals: Vec<Scalar> = rows.iter().map(|&i| s(entry(i, j))).collect();
            c.view_mut()?.copy_from_slice(&vals);
            c.restore()?;
        }
        for j in 0..M {
            assert_column(&bv, j, &cols[j as usize], 0.0)?;
        }
        // A copy of the columns into another basis, and column to column.
        let mut other = bv.duplicate()?;
        assert_eq!(other.norm(NormType::Frobenius)?, 0.0);
        bv.copy(&mut other)?;
        other.copy_column(0, 3)?;
        assert_column(&other, 3, &cols[0], 0.0)?;
        // Scaling.
        other.scale(2.0)?;
        other.scale_column(1, 0.5)?;
        let want: Vec<f64> = cols[2].iter().map(|v| 2.0 * v).collect();
        assert_column(&other, 2, &want, 1e-15)?;
        assert_column(&other, 1, &cols[1], 1e-15)?;
        // As a dense matrix.
        let a = bv.create_mat()?;
        assert_eq!(a.size()?, (N, M));
        {
            let shared = bv.mat()?;
            for &i in &rows {
                let got = shared.values(&[i], &[0, 1, 2, 3])?;
                for j in 0..M as usize {
                    assert_eq!(re(got[j]), cols[j][i as usize]);
                    assert_eq!(a.values(&[i], &[j as Int])?[0], got[j]);
                }
            }
        }
        // Resizing keeps the columns.
        bv.resize(M + 2, true)?;
        assert_eq!(bv.sizes()?.2, M + 2);
        assert_column(&bv, M - 1, &cols[(M - 1) as usize], 0.0)?;
        assert_eq!(bv.norm_column(M + 1, NormType::Two)?, 0.0);
        let small = bv.duplicate_resize(2)?;
        assert_eq!(small.sizes()?.2, 2);
        // BVView through Object::view_with, into a file on rank 0's side.
        let path = std::env::temp_dir().join(format!("bv-view-{}.txt", std::process::id()));
        if petsc.world().size() == 1 {
            {
                let v = petsc::Viewer::ascii_file(&petsc.self_comm(), path.to_str().unwrap())?;
                petsc::Object::view_with(&small, &v)?;
            }
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            let _ = std::fs::remove_file(&path);
            assert!(text.contains(&format!("type: {}", ty.as_str())), "{text}");
            assert!(text.starts_with("BV Object:"), "{text}");
        }
    }
    // insert_vecs with orthogonalization drops a vector whose remainder is zero
    // (e_3 and 2 e_3, exactly), and orthonormalizes the others.
    let x = basis(petsc, N, M, entry)?;
    let v1 = x.column_vec(1)?;
    let mut v0 = v1.duplicate()?;
    v0.set(0.0)?;
    if v0.ownership_range()?.contains(&3) {
        v0.set_values(&[3], &[s(1.0)], InsertMode::Insert)?;
    }
    v0.assemble()?;
    let mut v2 = v0.duplicate()?;
    v2.copy_from(&v0)?;
    v2.scale(2.0)?;
    let mut bv = Bv::from_vec(&v0, 3)?;
    assert_eq!(bv.insert_vecs(0, &[&v0, &v1, &v2], true)?, 2);
    bv.set_active_columns(0, 2)?;
    assert_orthonormal(&bv, 2, 1e-12)?;
    let mut all = Bv::from_vec(&v0, 3)?;
    assert_eq!(all.insert_vecs(0, &[&v0, &v1, &x.column_vec(2)?], true)?, 3);
    assert_orthonormal(&all, 3, 1e-12)?;
    // Random columns are the same at any number of ranks: a deterministic sum.
    let mut r = Bv::with_sizes(&petsc.world(), None, Some(N), 2)?;
    r.random_context()?.set_seed(12345)?;
    r.set_random()?;
    let n1 = r.norm(NormType::Frobenius)?;
    r.random_context()?.set_seed(12345)?;
    r.set_random()?;
    assert_eq!(r.norm(NormType::Frobenius)?, n1);
    r.set_random_cond(10.0)?;
    r.set_random_sign()?;
    assert_close(r.norm(NormType::Frobenius)?, ((2 * N) as f64).sqrt(), 1e-14);
    // Options.
    r.set_options_prefix("basis_")?;
    assert_eq!(r.options_prefix()?, "basis_");
    r.set_from_options()?;
    Ok(())
}

fn bad_inputs(petsc: &Petsc) -> petsc::Result<()> {
    let w = petsc.world();
    let msg = |e: petsc::Error| e.report();
    let mut bv = basis(petsc, N, M, entry)?;
    // Column indices.
    let e = msg(bv.column(M).unwrap_err());
    assert!(e.contains("column 4 is out of range"), "{e}");
    assert!(bv.column(-1).is_err());
    assert!(bv.norm_column(M, NormType::Two).is_err());
    assert!(bv.copy_column(0, 9).is_err());
    assert!(bv.scale_column(7, 1.0).is_err());
    assert!(bv.orthogonalize_column(M).is_err());
    assert!(bv.dot_column(M + 3).is_err());
    assert!(bv.mult_column(1.0, 1.0, 2, &[s(1.0)]).is_err());
    // Active columns beyond the size.
    let e = msg(bv.set_active_columns(0, M + 1).unwrap_err());
    assert!(e.contains("0 <= l <= k <= m = 4"), "{e}");
    assert!(bv.set_active_columns(3, 2).is_err());
    assert_eq!(bv.active_columns()?, (0, M));
    // Mismatched layouts.
    let short = Vector::new_mpi(&w, None, Some(N - 1))?;
    let e = msg(bv.insert_vec(0, &short).unwrap_err());
    assert!(e.contains("has 10 entries"), "{e}");
    let mut short2 = Vector::new_mpi(&w, None, Some(N - 1))?;
    assert!(bv.copy_vec(0, &mut short2).is_err());
    assert!(bv.dot_vec(&short).is_err());
    let mut other = Bv::with_sizes(&w, None, Some(N + 1), M)?;
    assert!(bv.copy(&mut other).is_err());
    assert!(bv.dot(&other).is_err());
    let a = laplacian(petsc, N + 1)?;
    let e = msg(bv.mat_mult(&a, &mut other).unwrap_err());
    assert!(e.contains("op(A) is 12 x 12"), "{e}");
    let mut fewer = Bv::with_sizes(&w, None, Some(N), 2)?;
    let lap = laplacian(petsc, N)?;
    assert!(bv.mat_mult(&lap, &mut fewer).is_err());
    assert!(bv.set_matrix(Some(&a), false).is_err());
    assert!(bv
        .mult_vec(1.0, 0.0, &mut bv.create_vec()?, &[s(1.0)])
        .is_err());
    let mut dup = bv.duplicate()?;
    dup.set_active_columns(0, 2)?;
    assert!(dup.copy(&mut bv).is_err() || bv.copy(&mut dup).is_err());
    // NaN and other bad values.
    assert!(bv.scale(f64::NAN).is_err());
    assert!(bv.scale_column(0, f64::INFINITY).is_err());
    assert!(bv
        .mult_vec(f64::NAN, 0.0, &mut bv.create_vec()?, &[s(0.0); 4])
        .is_err());
    assert!(bv.set_random_cond(0.5).is_err());
    assert!(bv.set_random_cond(f64::NAN).is_err());
    assert!(bv.set_definite_tolerance(-1.0).is_err());
    let mut o = bv.orthogonalization()?;
    o.eta = 2.0;
    assert!(bv.set_orthogonalization(o).is_err());
    assert!(bv.norm(NormType::Two).is_err());
    assert!(bv.norm_column(0, NormType::Frobenius).is_err());
    assert!(bv.resize(0, true).is_err());
    // A basis with no sizes or no type.
    let mut raw = Bv::new(&w)?;
    let e = msg(raw.set_random().unwrap_err());
    assert!(e.contains("no sizes"), "{e}");
    raw.set_sizes(None, Some(N), 2)?;
    let e = msg(raw.column(0).unwrap_err());
    assert!(e.contains("no type"), "{e}");
    assert!(raw.set_sizes(None, Some(N), 2).is_err());
    assert!(Bv::with_sizes(&w, None, None, 2).is_err());
    assert!(Bv::with_sizes(&w, None, Some(N), 0).is_err());
    // Leading columns where none may be.
    bv.set_active_columns(1, M)?;
    assert!(bv.create_mat().is_err());
    assert!(bv.mat().is_err());
    // The basis still works.
    bv.set_active_columns(0, M)?;
    bv.orthogonalize()?;
    assert_orthonormal(&bv, M as usize, 1e-12)?;
    assert!(slepc::take_destroy_failures().is_empty());
    Ok(())
}

fn solver_bases(petsc: &Petsc) -> petsc::Result<()> {
    use slepc::{Eps, EpsProblemType, Mfn, Svd};
    let a = laplacian(petsc, 30)?;
    // The basis set on an eigensolver is the one it uses and returns.
    let mut eps = Eps::new(&petsc.world())?;
    let mut mine = Bv::new(&petsc.world())?;
    mine.set_type(BvType::Vecs)?;
    let mut o = mine.orthogonalization()?;
    o.ty = BvOrthogType::Mgs;
    mine.set_orthogonalization(o)?;
    eps.set_bv(&mine)?;
    drop(mine);
    eps.set_operators(&a, None)?;
    eps.set_problem_type(EpsProblemType::Hep)?;
    eps.solve()?.check()?;
    let bv = eps.bv()?;
    assert_eq!(bv.ty()?, Some(BvType::Vecs));
    assert_eq!(bv.orthogonalization()?.ty, BvOrthogType::Mgs);
    assert_eq!(bv.sizes()?.1, 30);
    drop(eps);
    // The handle outlives the solver.
    assert!(bv.sizes()?.2 >= 1);
    // SVD: two bases.
    let mut svd = Svd::new(&petsc.world())?;
    let mut v = Bv::new(&petsc.world())?;
    v.set_type(BvType::Contiguous)?;
    svd.set_bv(Some(&v), None)?;
    let (v2, u2) = svd.bv()?;
    assert_eq!(v2.as_raw(), v.as_raw());
    assert_ne!(u2.as_raw(), v.as_raw());
    // MFN.
    let mut mfn = Mfn::new(&petsc.world())?;
    let mut b = Bv::new(&petsc.world())?;
    b.set_type(BvType::Mat)?;
    mfn.set_bv(&b)?;
    assert_eq!(mfn.bv()?.as_raw(), b.as_raw());
    Ok(())
}

/// With the constraint `e_0`, Gram-Schmidt gives the QR factorization of the columns
/// with their first entry removed, and every column ends orthogonal to `e_0`.
fn constraints(petsc: &Petsc) -> petsc::Result<()> {
    let a = columns(N, M, |i, j| if i == 0 { 0.0 } else { entry(i, j) });
    let (q, r) = dense_mgs(&a);
    let mut bv = Bv::with_sizes(&petsc.world(), None, Some(N), M)?;
    let mut c = bv.create_vec()?;
    c.set(0.0)?;
    if c.ownership_range()?.contains(&0) {
        c.set_values(&[0], &[s(1.0)], InsertMode::Insert)?;
    }
    c.assemble()?;
    assert_eq!(bv.insert_constraints(&[&c])?, 1);
    assert_eq!(bv.num_constraints()?, 1);
    let rows: Vec<Int> = c.ownership_range()?.collect();
    for j in 0..M {
        let mut col = bv.column(j)?;
        let vals: Vec<Scalar> = rows.iter().map(|&i| s(entry(i, j))).collect();
        col.set_values(&rows, &vals, InsertMode::Insert)?;
        col.assemble()?;
    }
    for j in 0..M {
        let (h, norm, lindep) = bv.orthogonalize_column(j)?;
        assert!(!lindep);
        assert_eq!(h.len(), j as usize, "the columns' coefficients only");
        for (i, &hi) in h.iter().enumerate() {
            assert_close(re(hi), r[i][j as usize], 1e-12);
        }
        assert_close(norm, r[j as usize][j as usize], 1e-12);
        bv.scale_column(j, 1.0 / norm)?;
        assert_column(&bv, j, &q[j as usize], 1e-12)?;
    }
    // A vector against the constraint and the columns.
    let mut v = c.duplicate()?;
    v.set(1.0)?;
    let (h, _, _) = bv.orthogonalize_vec(&mut v)?;
    assert_eq!(h.len(), M as usize);
    for (j, hj) in h.iter().enumerate() {
        let want: f64 = q[j].iter().sum();
        assert_close(re(*hj), want, 1e-12);
    }
    assert!(re(c.dot(&v)?).abs() < 1e-14);
    Ok(())
}

/// The vectors BV operations read and write are registered for the call: writing into
/// a vector viewed through another handle, reading one written through a view, or one
/// vector as both input and output of `apply_matrix` is an `Err` (on every rank for the
/// collective ones, when the view is on rank 0 only), and the vector is unchanged; the
/// same calls then give the columns.
fn vectors_viewed_elsewhere(petsc: &Petsc) -> petsc::Result<()> {
    let cols = columns(N, M, entry);
    let bv = basis(petsc, N, M, entry)?;
    let mut v = bv.create_vec()?;
    v.set(s(5.0))?;
    let mut other = v.clone();
    let rank0 = petsc.world().rank() == 0;
    {
        let seen = other.view()?;
        assert!(bv
            .copy_vec(1, &mut v)
            .unwrap_err()
            .to_string()
            .contains("view"));
        drop(seen);
    }
    {
        let seen = if rank0 { Some(other.view()?) } else { None };
        let e = bv.orthogonalize_vec(&mut v).unwrap_err().report();
        assert!(e.contains("view") || e.contains("another rank"), "{e}");
        let mut x = bv.create_vec()?;
        let e = bv.apply_matrix(&x.clone(), &mut x).unwrap_err().report();
        assert!(e.contains("being read"), "{e}");
        drop(seen);
    }
    {
        let written = if rank0 { Some(other.view_mut()?) } else { None };
        let e = bv.dot_vec(&v).unwrap_err().report();
        assert!(
            e.contains("being written") || e.contains("another rank"),
            "{e}"
        );
        drop(written);
    }
    assert_eq!((v.min()?.value, v.max()?.value), (5.0, 5.0));
    bv.copy_vec(1, &mut v)?;
    let rows: Vec<Int> = v.ownership_range()?.collect();
    let got = v.values(&rows)?;
    for (k, &i) in rows.iter().enumerate() {
        assert_eq!(re(got[k]), cols[1][i as usize]);
    }
    let mut y = bv.create_vec()?;
    bv.apply_matrix(&v, &mut y)?;
    assert_eq!(re(y.values(&rows)?[0]), cols[1][rows[0] as usize]);
    // A handle lent to a closure and kept past its loan (moved out of a shell matrix's
    // output): refused here as in petsc-rs.
    let kept: std::rc::Rc<std::cell::RefCell<Option<Vector>>> = Default::default();
    let k = kept.clone();
    let local = Some(v.local_size()?);
    let shell = Mat::shell(&petsc.world())
        .sizes(Sizes {
            local_rows: local,
            local_cols: local,
            ..Default::default()
        })
        .build(move |x, y| {
            let mut mine = x.duplicate()?;
            std::mem::swap(y, &mut mine);
            *k.borrow_mut() = Some(mine);
            Ok(())
        })?;
    assert!(shell.mult(&v, &mut y).is_err());
    let mut escaped = kept.borrow_mut().take().expect("the closure ran");
    let e = bv.copy_vec(1, &mut escaped).unwrap_err().report();
    assert!(e.contains("has ended"), "{e}");
    Ok(())
}

/// A vector of another layout: at 3 ranks of the columns' global size, split otherwise on
/// some ranks only (the first rank's share is right); the collective operations are an
/// `Err` on every rank, not a call the first rank makes alone; the right vector works.
fn split_differs_on_some_ranks(petsc: &Petsc) -> petsc::Result<()> {
    let bv = basis(petsc, N, M, entry)?;
    let good = bv.create_vec()?;
    let mut odd = petsc_tests::split_otherwise(&good)?;
    let e = bv.dot_vec(&odd).unwrap_err().report();
    assert!(e.contains("entries") || e.contains("another rank"), "{e}");
    assert!(bv.orthogonalize_vec(&mut odd).is_err());
    let mut y = bv.create_vec()?;
    assert!(bv.apply_matrix(&odd, &mut y).is_err());
    let mut other = bv.duplicate()?;
    assert!(other.insert_vecs(0, &[&odd], false).is_err());
    let d = bv.dot_vec(&good)?;
    assert_eq!(d.len(), M as usize);
    assert!(d.iter().all(|&x| re(x) == 0.0));
    Ok(())
}

pub fn cases() -> Vec<Case> {
    let cases = vec![
        Case::new("orthogonalization", orthogonalization).ranks(&[1, 2, 3]),
        Case::new("constraints", constraints).ranks(&[1, 2, 3]),
        Case::new("dots_and_norms", dots_and_norms).ranks(&[1, 2, 3]),
        Case::new("products", products).ranks(&[1, 2, 3]),
        Case::new("inner_product_matrix", inner_product_matrix).ranks(&[1, 2, 3]),
        Case::new("columns_copies_and_types", columns_copies_and_types).ranks(&[1, 2, 3]),
        Case::new("bad_inputs", bad_inputs).ranks(&[1, 2]),
        Case::new("solver_bases", solver_bases).ranks(&[1, 2]),
        Case::new("vectors_viewed_elsewhere", vectors_viewed_elsewhere).ranks(&[1, 2]),
        Case::new("split_differs_on_some_ranks", split_differs_on_some_ranks).ranks(&[2, 3]),
    ];
    cases
}
