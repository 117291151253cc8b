//! Matrix operations against closed forms, at 1, 2 and 3 ranks.

use std::cell::Cell;
use std::rc::Rc;

use petsc::{Complex, Error, InsertMode, Int, Mat, NormType, Petsc, Scalar, Vector};
use petsc_tests::{assert_close, run, Case};

/// `x` as a scalar (real or complex, as PETSc was built).
fn sc(x: f64) -> Scalar {
    Scalar::from(x)
}

/// Real numbers as scalars.
fn scalars(v: &[f64]) -> Vec<Scalar> {
    v.iter().copied().map(sc).collect()
}

/// The modulus of a real or complex scalar.
fn abs(x: impl Into<Complex<f64>>) -> f64 {
    x.into().norm()
}

/// The imaginary unit in a complex build, zero in a real one: `a + IM * b` is genuinely
/// complex data where PETSc has complex scalars and the real `a` otherwise.
#[cfg(petsc_complex)]
const IM: Scalar = Complex::new(0.0, 1.0);
#[cfg(not(petsc_complex))]
const IM: Scalar = 0.0;

/// PETSc's default split of `n` rows: `(lo, hi)` of this rank.
fn split(petsc: &Petsc, n: Int) -> (Int, Int) {
    let world = petsc.world();
    let (size, rank) = (world.size() as Int, world.rank() as Int);
    let base = n / size;
    let extra = n % size;
    let lo = rank * base + rank.min(extra);
    let hi = lo + base + Int::from(rank < extra);
    (lo, hi)
}

/// The 1D Laplacian tridiag(-1, 2, -1) of size n, by set_values.
fn laplacian_1d(petsc: &Petsc, n: Int) -> petsc::Result<Mat> {
    let mut a = Mat::new_aij(&petsc.world(), None, None, Some(n), Some(n), 3, 2)?;
    for i in a.ownership_range()? {
        let cols: Vec<Int> = [i - 1, i, i + 1]
            .into_iter()
            .filter(|&j| j >= 0 && j < n)
            .collect();
        let vals: Vec<Scalar> = cols
            .iter()
            .map(|&j| sc(if j == i { 2.0 } else { -1.0 }))
            .collect();
        a.set_values(&[i], &cols, &vals, InsertMode::Insert)?;
    }
    a.assemble()?;
    Ok(a)
}

/// Fills a vector with f(global index).
fn fill(x: &mut Vector, f: impl Fn(Int) -> Scalar) -> petsc::Result<()> {
    let lo = x.ownership_range()?.start;
    let mut v = x.view_mut()?;
    for (k, e) in v.iter_mut().enumerate() {
        *e = f(lo + k as Int);
    }
    Ok(())
}

/// Asserts that the local part of `y` is g(global index).
#[track_caller]
fn assert_vec(y: &Vector, g: impl Fn(Int) -> Scalar) {
    let lo = y.ownership_range().unwrap().start;
    for (k, &e) in y.view().unwrap().iter().enumerate() {
        let i = lo + k as Int;
        let want = g(i);
        assert!(
            abs(e - want) <= 1e-12 * abs(want).max(1.0),
            "entry {i}: {e} instead of {want}"
        );
    }
}

/// y = A x with x_i = i^2: -2 inside, -1 at row 0, 2(n-1)^2 - (n-2)^2 at the last row.
fn laplacian_1d_closed_form(petsc: &Petsc) -> petsc::Result<()> {
    let n = 11;
    let a = laplacian_1d(petsc, n)?;
    assert_eq!(a.size()?, (n, n));
    let (mut x, mut y) = a.create_vecs()?;
    fill(&mut x, |i| sc((i * i) as f64))?;
    a.mult(&x, &mut y)?;
    let expect = |i: Int| {
        sc(if i == 0 {
            -1.0
        } else if i == n - 1 {
            (2 * (n - 1) * (n - 1) - (n - 2) * (n - 2)) as f64
        } else {
            -2.0
        })
    };
    assert_vec(&y, expect);
    // z = y + A x = 2 A x; symmetric, so A^T x = A x.
    let mut z = y.duplicate()?;
    a.mult_add(&x, &y, &mut z)?;
    assert_vec(&z, |i| 2.0 * expect(i));
    let mut t = y.duplicate()?;
    a.mult_transpose(&x, &mut t)?;
    assert_vec(&t, expect);
    a.mult_transpose_add(&x, &y, &mut z)?;
    assert_vec(&z, |i| 2.0 * expect(i));
    assert!(a.is_symmetric(0.0)?);
    assert_eq!(a.norm(NormType::One)?, 4.0);
    assert_eq!(a.norm(NormType::Infinity)?, 4.0);
    assert_close(
        a.norm(NormType::Frobenius)?,
        ((4 * n + 2 * (n - 1)) as f64).sqrt(),
        1e-14,
    );
    let mut d = y.duplicate()?;
    a.get_diagonal(&mut d)?;
    assert_vec(&d, |_| sc(2.0));
    Ok(())
}

/// 5-point Laplacian on an nx x ny grid, preallocated exactly row by row (an extra entry
/// would be an error); for linear u the product is the sum of u over the missing
/// neighbours (u extended linearly outside the grid), zero inside.
fn laplacian_2d_closed_form(petsc: &Petsc) -> petsc::Result<()> {
    let (nx, ny) = (5 as Int, 4 as Int);
    let n = nx * ny;
    let (lo, hi) = split(petsc, n);
    let neighbours = |r: Int| -> Vec<(Int, Int)> {
        let (i, j) = (r % nx, r / nx);
        vec![(i - 1, j), (i + 1, j), (i, j - 1), (i, j + 1)]
    };
    let inside = |(i, j): (Int, Int)| i >= 0 && i < nx && j >= 0 && j < ny;
    let (mut d_nnz, mut o_nnz) = (Vec::new(), Vec::new());
    for r in lo..hi {
        let (mut d, mut o) = (1, 0);
        for (i, j) in neighbours(r).into_iter().filter(|&p| inside(p)) {
            let c = j * nx + i;
            if (lo..hi).contains(&c) {
                d += 1;
            } else {
                o += 1;
            }
        }
        d_nnz.push(d);
        o_nnz.push(o);
    }
    let m = hi - lo;
    let mut a = Mat::new_aij_with_nnz(
        &petsc.world(),
        Some(m),
        Some(m),
        Some(n),
        Some(n),
        &d_nnz,
        &o_nnz,
    )?;
    assert_eq!(a.ownership_range()?, lo..hi);
    for r in lo..hi {
        a.set_value(r, r, sc(4.0), InsertMode::Insert)?;
        for (i, j) in neighbours(r).into_iter().filter(|&p| inside(p)) {
            a.set_value(r, j * nx + i, sc(-1.0), InsertMode::Insert)?;
        }
    }
    a.assemble()?;
    let u = |(i, j): (Int, Int)| sc((3 * i + 2 * j + 1) as f64);
    let (mut x, mut y) = a.create_vecs()?;
    fill(&mut x, |r| u((r % nx, r / nx)))?;
    a.mult(&x, &mut y)?;
    assert_vec(&y, |r| {
        neighbours(r)
            .into_iter()
            .filter(|&p| !inside(p))
            .map(u)
            .sum()
    });
    assert_eq!(a.norm(NormType::Infinity)?, 8.0);
    // One entry too many is refused by the exact preallocation.
    if m > 0 {
        let far = (lo + n / 2 + 3) % n;
        if !neighbours(lo).contains(&(far % nx, far / nx)) && far != lo {
            let e = a
                .set_value(lo, far, sc(1.0), InsertMode::Insert)
                .unwrap_err();
            assert!(e.code().is_some(), "{e}");
        }
    }
    Ok(())
}

/// A non-symmetric band matrix: A_ij = 10 i + j + 1 for j in {i-1, i, i+2}, plus
/// (i - 2j) times the imaginary unit in a complex build.
fn band_entries(n: Int, ncols: Int, i: Int) -> Vec<(Int, Scalar)> {
    [i - 1, i, i + 2]
        .into_iter()
        .filter(|&j| j >= 0 && j < ncols && i < n)
        .map(|j| (j, sc((10 * i + j + 1) as f64) + IM * (i - 2 * j) as f64))
        .collect()
}

/// The same matrix from CSR arrays and from set_values: equal entries and products.
fn from_csr_matches_set_values(petsc: &Petsc) -> petsc::Result<()> {
    let n = 9;
    let world = petsc.world();
    let (lo, hi) = split(petsc, n);
    let mut a = Mat::new_aij(&world, Some(hi - lo), Some(hi - lo), Some(n), Some(n), 3, 3)?;
    let (mut row_ptr, mut col_idx, mut vals) = (vec![0 as Int], Vec::new(), Vec::new());
    for i in lo..hi {
        // CSR columns in reverse order: PETSc sorts them.
        for (j, v) in band_entries(n, n, i).into_iter().rev() {
            a.set_value(i, j, v, InsertMode::Insert)?;
            col_idx.push(j);
            vals.push(v);
        }
        row_ptr.push(col_idx.len() as Int);
    }
    a.assemble()?;
    let b = Mat::from_csr(
        &world,
        None,
        Some(hi - lo),
        Some(n),
        None,
        &row_ptr,
        &col_idx,
        &vals,
    )?;
    assert_eq!(b.size()?, (n, n));
    assert_eq!(b.ownership_range()?, lo..hi);
    let all: Vec<Int> = (0..n).collect();
    for i in lo..hi {
        assert_eq!(a.get_values(&[i], &all)?, b.get_values(&[i], &all)?);
    }
    let (mut x, mut ya) = a.create_vecs()?;
    fill(&mut x, |i| sc(i as f64).sin() + 2.0)?;
    let mut yb = ya.duplicate()?;
    a.mult(&x, &mut ya)?;
    b.mult(&x, &mut yb)?;
    assert_eq!(&*ya.view()?, &*yb.view()?);
    assert_vec(&yb, |i| {
        band_entries(n, n, i)
            .into_iter()
            .map(|(j, v)| v * (sc(j as f64).sin() + 2.0))
            .sum()
    });
    // Copies: the arrays can go away before the matrix.
    drop((row_ptr, col_idx, vals));
    b.mult(&x, &mut yb)?;
    assert_eq!(&*ya.view()?, &*yb.view()?);
    Ok(())
}

/// A rectangular non-symmetric matrix: mult_transpose agrees with transpose().mult and
/// with the closed form.
fn transpose_of_nonsymmetric(petsc: &Petsc) -> petsc::Result<()> {
    let (m, n) = (7, 5);
    let world = petsc.world();
    let (lo, hi) = split(petsc, m);
    let mut row_ptr = vec![0 as Int];
    let (mut col_idx, mut vals) = (Vec::new(), Vec::new());
    for i in lo..hi {
        for (j, v) in band_entries(m, n, i) {
            col_idx.push(j);
            vals.push(v);
        }
        row_ptr.push(col_idx.len() as Int);
    }
    let a = Mat::from_csr(
        &world,
        Some(hi - lo),
        None,
        Some(m),
        Some(n),
        &row_ptr,
        &col_idx,
        &vals,
    )?;
    let at = a.transpose()?;
    assert_eq!(at.size()?, (n, m));
    // x has A's row layout (length m); A^T x has the column layout.
    let (mut y1, mut x) = a.create_vecs()?;
    fill(&mut x, |i| sc((i + 1) as f64))?;
    let mut y2 = y1.duplicate()?;
    a.mult_transpose(&x, &mut y1)?;
    at.mult(&x, &mut y2)?;
    assert_eq!(&*y1.view()?, &*y2.view()?);
    // (A^T x)_j = sum_i A_ij (i + 1).
    assert_vec(&y1, |j| {
        (0..m)
            .flat_map(|i| band_entries(m, n, i).into_iter().map(move |e| (i, e)))
            .filter(|&(_, (c, _))| c == j)
            .map(|(i, (_, v))| v * (i + 1) as f64)
            .sum()
    });
    // z = y1 + A^T x = 2 y1.
    let mut z = y1.duplicate()?;
    a.mult_transpose_add(&x, &y1, &mut z)?;
    let y1v = y1.view()?.to_vec();
    for (a, b) in z.view()?.iter().zip(&y1v) {
        assert_eq!(*a, 2.0 * b);
    }
    // Square non-symmetric: not symmetric; A + A^T is.
    let sq = laplacian_1d(petsc, 6)?;
    assert!(sq.is_symmetric(0.0)?);
    let (lo, hi) = split(petsc, 6);
    let mut ns = Mat::new_aij(&world, Some(hi - lo), Some(hi - lo), None, None, 3, 3)?;
    for i in lo..hi {
        for (j, v) in band_entries(6, 6, i) {
            ns.set_value(i, j, v, InsertMode::Insert)?;
        }
    }
    ns.assemble()?;
    assert!(!ns.is_symmetric(0.0)?);
    Ok(())
}

/// Norms, scale, shift, duplicate, copy_from on a small matrix with known values.
fn norms_and_algebra(petsc: &Petsc) -> petsc::Result<()> {
    let c = petsc.self_comm();
    // [[1, -2, 0], [0, 3, 4], [-5, 0, 6]]
    let mut a = Mat::from_csr(
        &c,
        Some(3),
        Some(3),
        None,
        None,
        &[0, 2, 4, 6],
        &[0, 1, 1, 2, 0, 2],
        &scalars(&[1.0, -2.0, 3.0, 4.0, -5.0, 6.0]),
    )?;
    assert_eq!(a.norm(NormType::One)?, 10.0); // column sums 6, 5, 10
    assert_eq!(a.norm(NormType::Infinity)?, 11.0); // row sums 3, 7, 11
    assert_close(a.norm(NormType::Frobenius)?, 91f64.sqrt(), 1e-14);
    let e = a.norm(NormType::Two).unwrap_err();
    assert!(matches!(e, Error::InvalidArgument { .. }), "{e}");
    assert!(e.to_string().contains("2-norm"), "{e}");
    let copy = a.duplicate(true)?;
    let zero = a.duplicate(false)?;
    assert_eq!(zero.norm(NormType::Frobenius)?, 0.0);
    a.scale(2.0)?;
    a.shift(1.0)?;
    let all = [0, 1, 2];
    assert_eq!(
        a.get_values(&all, &all)?,
        scalars(&[3.0, -4.0, 0.0, 0.0, 7.0, 8.0, -10.0, 0.0, 13.0])
    );
    // The duplicate kept the old values.
    assert_eq!(copy.get_values(&[2], &all)?, scalars(&[-5.0, 0.0, 6.0]));
    let mut d = Vector::new_seq(&c, 3)?;
    a.get_diagonal(&mut d)?;
    assert_eq!(&*d.view()?, &scalars(&[3.0, 7.0, 13.0])[..]);
    a.copy_from(&copy)?;
    assert_eq!(a.get_values(&[0], &all)?, scalars(&[1.0, -2.0, 0.0]));
    let mut s = copy.duplicate(true)?;
    s.set_option_symmetric(false)?;
    s.set_from_options()?;
    Ok(())
}

/// Dirichlet elimination on the 1D Laplacian: rows and columns 0 and n-1 zeroed with 1
/// on the diagonal, b adjusted so the solution keeps x's boundary values. The last
/// rank lists the rows, whoever owns them.
fn zero_rows_columns_dirichlet(petsc: &Petsc) -> petsc::Result<()> {
    let n = 6;
    let world = petsc.world();
    let last = world.rank() == world.size() - 1;
    let rows: &[Int] = if last { &[0, n - 1] } else { &[] };
    let (g0, g1) = (1.5, -3.0);
    let mut a = laplacian_1d(petsc, n)?;
    let (mut x, mut b) = a.create_vecs()?;
    fill(&mut x, |i| {
        sc(if i == 0 {
            g0
        } else if i == n - 1 {
            g1
        } else {
            100.0 // ignored away from the listed rows
        })
    })?;
    b.set(1.0)?;
    a.zero_rows_columns(rows, sc(1.0), Some(&x), Some(&mut b))?;
    // b_0 = g0, b_{n-1} = g1, neighbours get + g (since A_10 = -1), others unchanged.
    assert_vec(&b, |i| {
        sc(match i {
            0 => g0,
            1 => 1.0 + g0,
            i if i == n - 2 => 1.0 + g1,
            i if i == n - 1 => g1,
            _ => 1.0,
        })
    });
    let all: Vec<Int> = (0..n).collect();
    for i in a.ownership_range()? {
        let row = a.get_values(&[i], &all)?;
        let expect: Vec<Scalar> = all
            .iter()
            .map(|&j| {
                let boundary = |k| k == 0 || k == n - 1;
                sc(if boundary(i) || boundary(j) {
                    if i == j {
                        1.0
                    } else {
                        0.0
                    }
                } else if i == j {
                    2.0
                } else if (i - j).abs() == 1 {
                    -1.0
                } else {
                    0.0
                })
            })
            .collect();
        assert_eq!(row, expect, "row {i}");
    }
    assert!(a.is_symmetric(0.0)?);

    // zero_rows keeps the columns: row 1 still has -1 in column 0.
    let mut a = laplacian_1d(petsc, n)?;
    b.set(1.0)?;
    a.zero_rows(rows, sc(3.0), Some(&x), Some(&mut b))?;
    assert_vec(&b, |i| {
        sc(match i {
            0 => 3.0 * g0,
            i if i == n - 1 => 3.0 * g1,
            _ => 1.0,
        })
    });
    let r = a.ownership_range()?;
    if r.contains(&0) {
        assert_eq!(a.get_values(&[0], &[0, 1])?, scalars(&[3.0, 0.0]));
    }
    if r.contains(&1) {
        assert_eq!(a.get_values(&[1], &[0, 1])?, scalars(&[-1.0, 2.0]));
    }
    assert!(!a.is_symmetric(0.0)?);
    // Without x and b only the matrix changes.
    let mut a = laplacian_1d(petsc, n)?;
    a.zero_rows_columns(rows, sc(2.0), None, None)?;
    assert_eq!(a.norm(NormType::Infinity)?, if n > 4 { 4.0 } else { 3.0 });
    Ok(())
}

/// The 1D Laplacian as a closure (gathering x with to_all, collective) agrees with the
/// assembled one; its transpose closure is used by mult_transpose; dropping the handle
/// drops the closures.
fn shell_matches_assembled(petsc: &Petsc) -> petsc::Result<()> {
    let n = 10;
    let a = laplacian_1d(petsc, n)?;
    let (m, _) = a.local_size()?;
    let calls = Rc::new(Cell::new(0));
    let counter = calls.clone();
    let mut s = Mat::new_shell(&petsc.world(), Some(m), Some(m), None, None, move |x, y| {
        counter.set(counter.get() + 1);
        let all = x.to_all()?;
        let xa = all.view()?;
        let lo = y.ownership_range()?.start;
        let mut yv = y.view_mut()?;
        for (k, e) in yv.iter_mut().enumerate() {
            let i = (lo + k as Int) as usize;
            let left = if i > 0 { xa[i - 1] } else { sc(0.0) };
            let right = if i + 1 < n as usize {
                xa[i + 1]
            } else {
                sc(0.0)
            };
            *e = 2.0 * xa[i] - left - right;
        }
        Ok(())
    })?;
    assert_eq!(s.size()?, (n, n));
    let (mut x, mut y1) = a.create_vecs()?;
    fill(&mut x, |i| sc(((i * 7) % 5) as f64 - 1.5))?;
    let mut y2 = y1.duplicate()?;
    a.mult(&x, &mut y1)?;
    s.mult(&x, &mut y2)?;
    assert_eq!(&*y1.view()?, &*y2.view()?);
    assert_eq!(calls.get(), 1);
    // mult_add through PETSc's shell default (mult then axpy).
    let mut z = y1.duplicate()?;
    s.mult_add(&x, &y1, &mut z)?;
    assert_vec(&z, |i| 2.0 * y1.get_values(&[i]).unwrap()[0]);
    // No transpose closure yet: PETSc says so.
    assert!(s.mult_transpose(&x, &mut y2).is_err());
    let at = a.transpose()?;
    s.set_mult_transpose(move |x, y| at.mult(x, y))?;
    s.mult_transpose(&x, &mut y2)?;
    assert_eq!(&*y1.view()?, &*y2.view()?);
    // Shell matrices are not duplicated (PETSc would lose the operations).
    let e = s.duplicate(false).unwrap_err();
    assert!(e.to_string().contains("cannot be duplicated"), "{e}");
    assert_eq!(calls.get(), 2);
    drop(s);
    // Dropping the last handle dropped the closure and its captured Rc.
    assert_eq!(Rc::strong_count(&calls), 1);
    Ok(())
}

/// A closure's Err and panic come back as Err from mult, on every rank; then it works.
fn shell_errors(petsc: &Petsc) -> petsc::Result<()> {
    let mode = Rc::new(Cell::new(0));
    let m2 = mode.clone();
    let s = Mat::new_shell(
        &petsc.world(),
        None,
        None,
        Some(4),
        Some(4),
        move |x, y| match m2.get() {
            1 => Err(Error::user("boundary data missing")),
            2 => panic!("shell exploded at step {}", 7),
            _ => {
                y.copy_from(x)?;
                y.scale(3.0)
            }
        },
    )?;
    let (mut x, mut y) = s.create_vecs()?;
    x.set(2.0)?;
    mode.set(1);
    let e = s.mult(&x, &mut y).unwrap_err();
    match &e {
        Error::Callback { callback, source } => {
            assert_eq!(callback, "MatMult (shell)");
            assert_eq!(**source, Error::user("boundary data missing"));
        }
        other => panic!("expected Error::Callback, got {other:?}"),
    }
    assert!(e.to_string().contains("boundary data missing"), "{e}");
    mode.set(2);
    let e = s.mult(&x, &mut y).unwrap_err();
    match &e {
        Error::CallbackPanic { callback, message } => {
            assert_eq!(callback, "MatMult (shell)");
            assert_eq!(message, "shell exploded at step 7");
        }
        other => panic!("expected Error::CallbackPanic, got {other:?}"),
    }
    // The failed products left x writable (PETSc's read lock on it was released)...
    x.set(2.0)?;
    // ...and a read lock of the caller's own (a view) survives a failed product.
    mode.set(1);
    {
        let held = x.view()?;
        assert!(s.mult(&x, &mut y).is_err());
        assert!(held.iter().all(|v| *v == sc(2.0)));
    }
    assert!(petsc::take_destroy_failures().is_empty());
    x.set(2.0)?;
    mode.set(0);
    s.mult(&x, &mut y)?;
    assert_vec(&y, |_| sc(6.0));
    // A plain PETSc error afterwards is not mistaken for the callback's.
    let wrong = Vector::new_mpi(&petsc.world(), None, Some(5))?;
    let e = s.mult(&wrong, &mut y).unwrap_err();
    assert!(e.code().is_some(), "{e}");
    s.mult(&x, &mut y)?;
    assert_vec(&y, |_| sc(6.0));
    Ok(())
}

/// Bad arguments give Err naming the problem before PETSc is called; the matrix keeps
/// working.
fn bad_inputs(petsc: &Petsc) -> petsc::Result<()> {
    let c = petsc.self_comm();
    let mut a = Mat::new_aij(&c, None, None, Some(3), Some(4), 2, 0)?;
    let msg = |r: petsc::Result<()>| r.unwrap_err().to_string();
    let e = msg(a.set_values(&[0, 1], &[0, 1], &[sc(1.0); 3], InsertMode::Insert));
    assert!(e.contains("needs 4 values, got 3"), "{e}");
    let e = msg(a.set_value(3, 0, sc(1.0), InsertMode::Insert));
    assert!(e.contains("row 3") && e.contains("out of range"), "{e}");
    let e = msg(a.set_value(0, 4, sc(1.0), InsertMode::Insert));
    assert!(e.contains("column 4"), "{e}");
    a.set_value(0, 0, sc(1.0), InsertMode::Insert)?;
    a.assemble()?;
    let e = a.get_values(&[5], &[0]).unwrap_err().to_string();
    assert!(e.contains("not owned"), "{e}");
    let e = a.get_values(&[0], &[-1]).unwrap_err().to_string();
    assert!(e.contains("column -1") && e.contains("negative"), "{e}");
    let e = msg(a.zero_rows(&[3], sc(1.0), None, None));
    assert!(e.contains("row 3"), "{e}");
    let e = msg(a.zero_rows(&[-2], sc(1.0), None, None));
    assert!(e.contains("row -2"), "{e}");
    let mut b = Vector::new_seq(&c, 3)?;
    let e = msg(a.zero_rows(&[0], sc(1.0), None, Some(&mut b)));
    assert!(e.contains("give x too"), "{e}");
    let e = msg(a.set_mult_transpose(|_, _| Ok(())));
    assert!(e.contains("not a shell matrix"), "{e}");
    // A PETSc-side error: x has the wrong length.
    let x = Vector::new_seq(&c, 3)?;
    let e = a.mult(&x, &mut b).unwrap_err();
    assert!(e.code().is_some(), "{e}");

    let csr = |rp: &[Int], ci: &[Int], v: &[f64]| {
        Mat::from_csr(&c, Some(2), Some(3), None, None, rp, ci, &scalars(v))
            .unwrap_err()
            .to_string()
    };
    let e = csr(&[0, 1], &[0], &[1.0]);
    assert!(
        e.contains("row_ptr has 2 entries") && e.contains("needs 3"),
        "{e}"
    );
    let e = csr(&[1, 1, 2], &[0, 1], &[1.0, 2.0]);
    assert!(e.contains("must start at 0"), "{e}");
    let e = csr(&[0, 2, 1], &[0, 1], &[1.0, 2.0]);
    assert!(e.contains("must not decrease"), "{e}");
    let e = csr(&[0, 1, 2], &[0, 1, 2], &[1.0, 2.0, 3.0]);
    assert!(e.contains("row_ptr ends at 2"), "{e}");
    let e = csr(&[0, 1, 2], &[0, 1], &[1.0]);
    assert!(e.contains("values has 1"), "{e}");
    let e = csr(&[0, 1, 2], &[0, 3], &[1.0, 2.0]);
    assert!(e.contains("column 3") && e.contains("global size 3"), "{e}");
    let e = csr(&[0, 1, 2], &[-1, 0], &[1.0, 2.0]);
    assert!(e.contains("column -1"), "{e}");
    let e = Mat::from_csr(&c, None, None, Some(2), None, &[0], &[], &[])
        .unwrap_err()
        .to_string();
    assert!(e.contains("columns"), "{e}");
    let e = Mat::new_aij_with_nnz(&c, Some(2), Some(2), None, None, &[1, 1], &[0])
        .unwrap_err()
        .to_string();
    assert!(e.contains("o_nnz has 1 entries"), "{e}");
    let e = Mat::new_aij_with_nnz(&c, Some(2), Some(2), None, None, &[1, -1], &[0, 0])
        .unwrap_err()
        .to_string();
    assert!(e.contains("d_nnz[1] = -1"), "{e}");
    let e = Mat::new_shell(&c, Some(-1), None, None, Some(2), |_, _| Ok(()))
        .unwrap_err()
        .to_string();
    assert!(e.contains("negative"), "{e}");
    // Still works.
    let mut y = Vector::new_seq(&c, 3)?;
    let x = Vector::from_slice(&c, &scalars(&[2.0, 0.0, 0.0, 0.0]))?;
    a.mult(&x, &mut y)?;
    assert_eq!(&*y.view()?, &scalars(&[2.0, 0.0, 0.0])[..]);
    Ok(())
}

/// Bad CSR on rank 0 only: every rank gets Err (no rank is left waiting in a collective).
fn bad_csr_on_one_rank(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let rank = world.rank();
    let col = if rank == 0 { 99 } else { 0 };
    let e = Mat::from_csr(
        &world,
        Some(1),
        Some(1),
        None,
        None,
        &[0, 1],
        &[col],
        &[sc(1.0)],
    )
    .unwrap_err()
    .to_string();
    if rank == 0 {
        assert!(e.contains("column 99"), "{e}");
    } else {
        assert!(e.contains("another rank"), "{e}");
    }
    // And the communicator is still in step.
    let a = Mat::from_csr(
        &world,
        Some(1),
        Some(1),
        None,
        None,
        &[0, 1],
        &[rank as Int],
        &[sc(1.0)],
    )?;
    assert_eq!(a.norm(NormType::One)?, 1.0);
    Ok(())
}

fn main() {
    run(&[
        Case::new("laplacian_1d_closed_form", laplacian_1d_closed_form).ranks(&[1, 2, 3]),
        Case::new("laplacian_2d_closed_form", laplacian_2d_closed_form).ranks(&[1, 2, 3]),
        Case::new("from_csr_matches_set_values", from_csr_matches_set_values).ranks(&[1, 2, 3]),
        Case::new("transpose_of_nonsymmetric", transpose_of_nonsymmetric).ranks(&[1, 2, 3]),
        Case::new("norms_and_algebra", norms_and_algebra),
        Case::new("zero_rows_columns_dirichlet", zero_rows_columns_dirichlet).ranks(&[1, 2, 3]),
        Case::new("shell_matches_assembled", shell_matches_assembled).ranks(&[1, 2, 3]),
        Case::new("shell_errors", shell_errors).ranks(&[1, 2, 3]),
        Case::new("bad_inputs", bad_inputs),
        Case::new("bad_csr_on_one_rank", bad_csr_on_one_rank).ranks(&[1, 2, 3]),
    ]);
}
