//! Matrix operations against closed forms, at 1, 2 and 3 ranks.

use std::cell::Cell;
use std::rc::Rc;

use petsc::{
    Complex, Csr, Error, InsertMode, Int, Mat, MatAssemblyType, MatDuplicateOption, NormType,
    Petsc, Scalar, Sizes, Vector,
};
use petsc_tests::{assert_close, petsc_examples_dir, run_example, Case};

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
    let mut a = Mat::aij(&petsc.world())
        .sizes(Sizes::global(n, n))
        .preallocate(3, 2)
        .build()?;
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
    a.diagonal_into(&mut d)?;
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
    let mut a = Mat::aij(&petsc.world())
        .sizes(Sizes::local(m, m).with_global(n, n))
        .preallocate_rows(&d_nnz, &o_nnz)
        .build()?;
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
    let mut a = Mat::aij(&world)
        .sizes(Sizes::local(hi - lo, hi - lo).with_global(n, n))
        .preallocate(3, 3)
        .build()?;
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
    let b = Mat::aij(&world)
        .sizes(Sizes {
            local_cols: Some(hi - lo),
            global_rows: Some(n),
            ..Default::default()
        })
        .csr(Csr {
            row_ptr: &row_ptr,
            cols: &col_idx,
            vals: &vals,
        })
        .build()?;
    assert_eq!(b.size()?, (n, n));
    assert_eq!(b.ownership_range()?, lo..hi);
    let all: Vec<Int> = (0..n).collect();
    for i in lo..hi {
        assert_eq!(a.values(&[i], &all)?, b.values(&[i], &all)?);
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
    let a = Mat::aij(&world)
        .sizes(Sizes {
            local_rows: Some(hi - lo),
            global_rows: Some(m),
            global_cols: Some(n),
            ..Default::default()
        })
        .csr(Csr {
            row_ptr: &row_ptr,
            cols: &col_idx,
            vals: &vals,
        })
        .build()?;
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
    let mut ns = Mat::aij(&world)
        .sizes(Sizes::local(hi - lo, hi - lo))
        .preallocate(3, 3)
        .build()?;
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
    let mut a = Mat::aij(&c)
        .sizes(Sizes::local(3, 3))
        .csr(Csr {
            row_ptr: &[0, 2, 4, 6],
            cols: &[0, 1, 1, 2, 0, 2],
            vals: &scalars(&[1.0, -2.0, 3.0, 4.0, -5.0, 6.0]),
        })
        .build()?;
    assert_eq!(a.norm(NormType::One)?, 10.0); // column sums 6, 5, 10
    assert_eq!(a.norm(NormType::Infinity)?, 11.0); // row sums 3, 7, 11
    assert_close(a.norm(NormType::Frobenius)?, 91f64.sqrt(), 1e-14);
    // PETSc's own refusal (AIJ has no 2-norm).
    let e = a.norm(NormType::Two).unwrap_err();
    assert!(e.report().contains("two norm"), "{e}");
    let copy = a.duplicate(MatDuplicateOption::CopyValues)?;
    let zero = a.duplicate(MatDuplicateOption::DoNotCopyValues)?;
    assert_eq!(zero.norm(NormType::Frobenius)?, 0.0);
    a.scale(2.0)?;
    a.shift(1.0)?;
    let all = [0, 1, 2];
    assert_eq!(
        a.values(&all, &all)?,
        scalars(&[3.0, -4.0, 0.0, 0.0, 7.0, 8.0, -10.0, 0.0, 13.0])
    );
    // The duplicate kept the old values.
    assert_eq!(copy.values(&[2], &all)?, scalars(&[-5.0, 0.0, 6.0]));
    let mut d = Vector::new_seq(&c, 3)?;
    a.diagonal_into(&mut d)?;
    assert_eq!(&*d.view()?, &scalars(&[3.0, 7.0, 13.0])[..]);
    a.copy_from(&copy)?;
    assert_eq!(a.values(&[0], &all)?, scalars(&[1.0, -2.0, 0.0]));
    let mut s = copy.duplicate(MatDuplicateOption::CopyValues)?;
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
        let row = a.values(&[i], &all)?;
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
        assert_eq!(a.values(&[0], &[0, 1])?, scalars(&[3.0, 0.0]));
    }
    if r.contains(&1) {
        assert_eq!(a.values(&[1], &[0, 1])?, scalars(&[-1.0, 2.0]));
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
    let mut s = Mat::shell(&petsc.world())
        .sizes(Sizes::local(m, m))
        .build(move |x, y| {
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
    assert_vec(&z, |i| 2.0 * y1.values(&[i]).unwrap()[0]);
    // No transpose closure yet: PETSc says so.
    assert!(s.mult_transpose(&x, &mut y2).is_err());
    let at = a.transpose()?;
    s.set_mult_transpose(move |x, y| at.mult(x, y))?;
    s.mult_transpose(&x, &mut y2)?;
    assert_eq!(&*y1.view()?, &*y2.view()?);
    assert_eq!(calls.get(), 2);
    // A duplicate with its values shares the shell's closures (as C's shares its
    // context); without them it has no product.
    let d = s.duplicate(MatDuplicateOption::CopyValues)?;
    let mut y3 = y1.duplicate()?;
    d.mult(&x, &mut y3)?;
    assert_eq!(&*y1.view()?, &*y3.view()?);
    assert_eq!(calls.get(), 3);
    assert!(s
        .duplicate(MatDuplicateOption::DoNotCopyValues)?
        .mult(&x, &mut y3)
        .is_err());
    drop(d);
    drop(s);
    // Dropping the last handle dropped the closure and its captured Rc.
    assert_eq!(Rc::strong_count(&calls), 1);
    Ok(())
}

/// A closure's Err and panic come back as Err from mult, on every rank; then it works.
fn shell_errors(petsc: &Petsc) -> petsc::Result<()> {
    let mode = Rc::new(Cell::new(0));
    let m2 = mode.clone();
    let s = Mat::shell(&petsc.world())
        .sizes(Sizes::global(4, 4))
        .build(move |x, y| match m2.get() {
            1 => Err(Error::user("boundary data missing")),
            2 => panic!("shell exploded at step {}", 7),
            _ => {
                y.copy_from(x)?;
                y.scale(3.0)
            }
        })?;
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
    assert!(e.report().contains("boundary data missing"), "{e}");
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
    // A plain error afterwards (a layout refused on every rank) is not mistaken for
    // the callback's.
    let wrong = Vector::new_mpi(&petsc.world(), None, Some(5))?;
    let e = s.mult(&wrong, &mut y).unwrap_err();
    assert!(matches!(e, Error::SizeMismatch { .. }), "{e}");
    assert!(e.report().contains("x has 5 entries"), "{e}");
    s.mult(&x, &mut y)?;
    assert_vec(&y, |_| sc(6.0));
    Ok(())
}

/// Bad arguments give Err naming the problem before PETSc is called; the matrix keeps
/// working.
fn bad_inputs(petsc: &Petsc) -> petsc::Result<()> {
    let c = petsc.self_comm();
    let mut a = Mat::aij(&c)
        .sizes(Sizes::global(3, 4))
        .preallocate(2, 0)
        .build()?;
    let msg = |r: petsc::Result<()>| r.unwrap_err().report();
    let e = msg(a.set_values(&[0, 1], &[0, 1], &[sc(1.0); 3], InsertMode::Insert));
    assert!(e.contains("needs 4 values, got 3"), "{e}");
    let e = msg(a.set_value(3, 0, sc(1.0), InsertMode::Insert));
    assert!(e.contains("row 3") && e.contains("out of range"), "{e}");
    let e = msg(a.set_value(0, 4, sc(1.0), InsertMode::Insert));
    assert!(e.contains("column 4"), "{e}");
    a.set_value(0, 0, sc(1.0), InsertMode::Insert)?;
    a.assemble()?;
    let e = a.values(&[5], &[0]).unwrap_err().report();
    assert!(e.contains("not owned"), "{e}");
    let e = a.values(&[0], &[-1]).unwrap_err().report();
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
    // x has the wrong length: refused before PETSc is called (on every rank).
    let x = Vector::new_seq(&c, 3)?;
    let e = a.mult(&x, &mut b).unwrap_err();
    assert!(
        e.report()
            .contains("x has 3 entries (3 on this rank) but the matrix has 4 columns"),
        "{e}"
    );

    let csr = |rp: &[Int], ci: &[Int], v: &[f64]| {
        Mat::aij(&c)
            .sizes(Sizes::local(2, 3))
            .csr(Csr {
                row_ptr: rp,
                cols: ci,
                vals: &scalars(v),
            })
            .build()
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
    let e = Mat::aij(&c)
        .sizes(Sizes {
            global_rows: Some(2),
            ..Default::default()
        })
        .csr(Csr {
            row_ptr: &[0],
            cols: &[],
            vals: &[],
        })
        .build()
        .unwrap_err()
        .to_string();
    assert!(e.contains("columns"), "{e}");
    let e = Mat::aij(&c)
        .sizes(Sizes::local(2, 2))
        .preallocate_rows(&[1, 1], &[0])
        .build()
        .unwrap_err()
        .to_string();
    assert!(e.contains("o_nnz has 1 entries"), "{e}");
    let e = Mat::aij(&c)
        .sizes(Sizes::local(2, 2))
        .preallocate_rows(&[1, -1], &[0, 0])
        .build()
        .unwrap_err()
        .to_string();
    assert!(e.contains("d_nnz[1] = -1"), "{e}");
    let e = Mat::shell(&c)
        .sizes(Sizes {
            local_rows: Some(-1),
            global_cols: Some(2),
            ..Default::default()
        })
        .build(|_, _| Ok(()))
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
    let e = Mat::aij(&world)
        .sizes(Sizes::local(1, 1))
        .csr(Csr {
            row_ptr: &[0, 1],
            cols: &[col],
            vals: &[sc(1.0)],
        })
        .build()
        .unwrap_err()
        .to_string();
    if rank == 0 {
        assert!(e.contains("column 99"), "{e}");
    } else {
        assert!(e.contains("another rank"), "{e}");
    }
    // And the communicator is still in step.
    let a = Mat::aij(&world)
        .sizes(Sizes::local(1, 1))
        .csr(Csr {
            row_ptr: &[0, 1],
            cols: &[rank as Int],
            vals: &[sc(1.0)],
        })
        .build()?;
    assert_eq!(a.norm(NormType::One)?, 1.0);
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Generic creation, dense comparisons, COO, factors, rows, views.
// ---------------------------------------------------------------------------------------

/// A full matrix kept on every rank, row by row, for reference results.
type Dense = Vec<Vec<Scalar>>;

fn dense(m: Int, n: Int, f: impl Fn(Int, Int) -> Scalar) -> Dense {
    (0..m).map(|i| (0..n).map(|j| f(i, j)).collect()).collect()
}

fn dense_mul(a: &Dense, b: &Dense) -> Dense {
    let (m, k, n) = (a.len(), b.len(), b[0].len());
    (0..m)
        .map(|i| {
            (0..n)
                .map(|j| (0..k).map(|l| a[i][l] * b[l][j]).sum())
                .collect()
        })
        .collect()
}

fn dense_t(a: &Dense) -> Dense {
    (0..a[0].len())
        .map(|j| a.iter().map(|row| row[j]).collect())
        .collect()
}

/// A sparse-ish non-symmetric test matrix: zero where (i + 2j) % 3 == 0.
fn entry(seed: Int) -> impl Fn(Int, Int) -> Scalar {
    move |i, j| {
        if (i + 2 * j + seed) % 3 == 0 {
            sc(0.0)
        } else {
            sc((i - 2 * j + 1 + seed) as f64) + IM * (i + j) as f64
        }
    }
}

/// A distributed matrix of type `ty` holding `d`, by the generic path: create,
/// set_sizes, set_type_name, set_up, set_values of the owned rows, assemble.
fn from_dense(petsc: &Petsc, d: &Dense, ty: &str) -> petsc::Result<Mat> {
    let (m, n) = (d.len() as Int, d[0].len() as Int);
    let mut a = Mat::new(&petsc.world())?;
    a.set_sizes_to(Sizes::global(m, n))?;
    a.set_type_name(ty)?;
    a.set_up()?;
    for i in a.ownership_range()? {
        let cols: Vec<Int> = (0..n)
            .filter(|&j| d[i as usize][j as usize] != sc(0.0))
            .collect();
        let vals: Vec<Scalar> = cols.iter().map(|&j| d[i as usize][j as usize]).collect();
        a.set_values(&[i], &cols, &vals, InsertMode::Insert)?;
    }
    a.assemble()?;
    Ok(a)
}

/// Asserts that the rows this rank owns of `a` are those of `d`.
#[track_caller]
fn assert_mat(a: &Mat, d: &Dense, tol: f64) {
    let (m, n) = a.size().unwrap();
    assert_eq!((m as usize, n as usize), (d.len(), d[0].len()));
    let all: Vec<Int> = (0..n).collect();
    for i in a.ownership_range().unwrap() {
        let got = a.values(&[i], &all).unwrap();
        for (j, (g, w)) in got.iter().zip(&d[i as usize]).enumerate() {
            assert!(
                abs(*g - *w) <= tol * abs(*w).max(1.0),
                "entry ({i}, {j}): {g} instead of {w}"
            );
        }
    }
}

/// Products of AIJ and dense matrices made through the generic path, against products
/// computed here entry by entry; sums and transposes likewise.
fn products_against_dense(petsc: &Petsc) -> petsc::Result<()> {
    let (m, k, n) = (7, 5, 6);
    let (da, db) = (dense(m, k, entry(0)), dense(k, n, entry(1)));
    let dp = dense(m, 3, entry(2));
    let dsq = dense(m, m, entry(1));
    for ty in ["aij", "dense"] {
        let a = from_dense(petsc, &da, ty)?;
        let b = from_dense(petsc, &db, ty)?;
        assert_mat(&a.mat_mult(&b)?, &dense_mul(&da, &db), 1e-13);
        // A^T A and A A^T.
        assert_mat(
            &a.transpose_mat_mult(&a)?,
            &dense_mul(&dense_t(&da), &da),
            1e-13,
        );
        assert_mat(
            &b.mat_transpose_mult(&b)?,
            &dense_mul(&db, &dense_t(&db)),
            1e-13,
        );
        let at = a.transpose()?;
        assert_mat(&at, &dense_t(&da), 0.0);
        if ty == "aij" {
            assert!(a.is_transpose(&at, 0.0)?);
            assert!(!s_is_transpose_of_itself(petsc, &dsq)?);
        }
        // P^T S P and the triple product.
        let s = from_dense(petsc, &dsq, ty)?;
        let p = from_dense(petsc, &dp, ty)?;
        if ty == "aij" {
            assert_mat(
                &s.ptap(&p)?,
                &dense_mul(&dense_t(&dp), &dense_mul(&dsq, &dp)),
                1e-12,
            );
            let abt = a.mat_mat_mult(&b, &b.transpose()?)?;
            assert_mat(&abt, &dense_mul(&dense_mul(&da, &db), &dense_t(&db)), 1e-12);
        }
        // Y = Y + 2 X and Y = -Y + X.
        let mut y = s.duplicate(MatDuplicateOption::CopyValues)?;
        let x = from_dense(petsc, &dense(m, m, entry(2)), ty)?;
        y.axpy(sc(2.0), &x, petsc::MatStructure::Different)?;
        let want = dense(m, m, |i, j| {
            dsq[i as usize][j as usize] + 2.0 * entry(2)(i, j)
        });
        assert_mat(&y, &want, 1e-14);
        y.aypx(sc(-1.0), &x, petsc::MatStructure::Different)?;
        let want = dense(m, m, |i, j| -want[i as usize][j as usize] + entry(2)(i, j));
        assert_mat(&y, &want, 1e-14);
        // In-place transpose of a square matrix; refused for a rectangular one.
        let mut t = s.duplicate(MatDuplicateOption::CopyValues)?;
        t.transpose_in_place()?;
        assert_mat(&t, &dense_t(&dsq), 0.0);
        let mut r = a.duplicate(MatDuplicateOption::CopyValues)?;
        let e = r.transpose_in_place().unwrap_err().report();
        assert!(e.contains("square"), "{e}");
        // Incompatible shapes: the same Err on every rank.
        let e = a.mat_mult(&a).unwrap_err().report();
        assert!(e.contains("5 columns") && e.contains("7 rows"), "{e}");
        assert!(a.ptap(&p).is_err());
        let mut y2 = s.duplicate(MatDuplicateOption::CopyValues)?;
        assert!(y2
            .axpy(sc(1.0), &a, petsc::MatStructure::Different)
            .is_err());
        // Row sums, diagonals, trace, norms against the dense form.
        let sums = s.row_sum()?;
        assert_vec(&sums, |i| dsq[i as usize].iter().sum());
        let d = s.diagonal()?;
        assert_vec(&d, |i| dsq[i as usize][i as usize]);
        let tr: Scalar = (0..m as usize).map(|i| dsq[i][i]).sum();
        assert!(abs(s.trace()? - tr) < 1e-12);
        let fro: f64 = dsq
            .iter()
            .flatten()
            .map(|v| abs(*v).powi(2))
            .sum::<f64>()
            .sqrt();
        assert_close(s.norm(NormType::Frobenius)?, fro, 1e-13);
        let inf = dsq
            .iter()
            .map(|r| r.iter().map(|v| abs(*v)).sum::<f64>())
            .fold(0.0, f64::max);
        assert_close(s.norm(NormType::Infinity)?, inf, 1e-13);
        let col = s.column_vector(2)?;
        assert_vec(&col, |i| dsq[i as usize][2]);
    }
    // Unassembled operands are refused on every rank.
    let mut u = Mat::aij(&petsc.world())
        .sizes(Sizes::global(4, 4))
        .preallocate(1, 1)
        .build()?;
    let e = u.mat_mult(&u).unwrap_err().report();
    assert!(e.contains("not assembled"), "{e}");
    u.assemble()?;
    // Layouts that differ on some ranks only: an Err on every rank, no hang.
    let world = petsc.world();
    if world.size() > 1 {
        let (lo, hi) = split(petsc, 6);
        let a = Mat::aij(&world)
            .sizes(Sizes::local(hi - lo, hi - lo).with_global(6, 6))
            .preallocate(1, 0)
            .build()?;
        // Column layout: everything on rank 0.
        let cols = if world.rank() == 0 { 6 } else { 0 };
        let mut b = Mat::aij(&world)
            .sizes(Sizes::local(cols, hi - lo).with_global(6, 6))
            .preallocate(1, 0)
            .build()?;
        b.assemble()?;
        let mut a = a;
        a.assemble()?;
        let e = a.mat_mult(&b).unwrap_err().report();
        assert!(e.contains("Mat::mat_mult"), "{e}");
    }
    Ok(())
}

/// The generic path gives the same matrix in every type: products of the 1D Laplacian
/// from aij, baij, sbaij and dense, and conversions between them round trip.
fn generic_types_and_convert(petsc: &Petsc) -> petsc::Result<()> {
    let n = 8;
    let reference = laplacian_1d(petsc, n)?;
    let (mut x, mut want) = reference.create_vecs()?;
    fill(&mut x, |i| sc((i * i) as f64))?;
    reference.mult(&x, &mut want)?;
    let expect = want.view()?.to_vec();
    for ty in ["aij", "baij", "sbaij", "dense", "sell"] {
        let mut a = Mat::new(&petsc.world())?;
        a.set_sizes_to(Sizes::global(n, n))?;
        a.set_type_name(ty)?;
        a.set_up()?;
        if ty == "sbaij" {
            a.set_option(petsc::MatOption::IgnoreLowerTriangular, true)?;
        }
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
        assert!(a.ty()?.is_some());
        let mut y = want.duplicate()?;
        a.mult(&x, &mut y)?;
        assert_eq!(&*y.view()?, &expect[..], "{ty}");
        // Round trip through dense and back.
        let d = a.convert("dense")?;
        let back = d.convert(ty)?;
        back.mult(&x, &mut y)?;
        assert_eq!(&*y.view()?, &expect[..], "{ty} via dense");
        // Through dense the explicit zeros of a row may be stored: compare values.
        let back_aij = back.convert("aij")?;
        let all: Vec<Int> = (0..n).collect();
        for i in reference.ownership_range()? {
            if ty != "sbaij" {
                assert_eq!(
                    back_aij.values(&[i], &all)?,
                    reference.values(&[i], &all)?,
                    "{ty}"
                );
            }
        }
        if ty == "aij" {
            assert!(a.convert("aij")?.equal(&reference)?);
        }
    }
    let mut a = Mat::new(&petsc.world())?;
    a.set_sizes_to(Sizes::global(n, n))?;
    let e = a.set_type_name("nosuchtype").unwrap_err().report();
    assert!(e.contains("nosuchtype"), "{e}");
    // Ownership of all ranks.
    let size = petsc.world().size() as Int;
    let ranges = reference.ownership_ranges()?;
    assert_eq!(ranges.len() as Int, size + 1);
    for r in 0..size as usize {
        let world = petsc.world();
        let base = n / size;
        let extra = n % size;
        let lo = r as Int * base + (r as Int).min(extra);
        assert_eq!(ranges[r], lo);
        if r as i32 == world.rank() {
            assert_eq!(reference.ownership_range()?, ranges[r]..ranges[r + 1]);
        }
    }
    assert_eq!(ranges[size as usize], n);
    assert_eq!(reference.ownership_ranges_column()?, ranges);
    Ok(())
}

/// COO assembly, with duplicates and entries for other ranks' rows, equals set_values
/// assembly with ADD; values can be set again; a wrong count on one rank is an Err on
/// every rank.
fn coo_matches_set_values(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let (n, rank, size) = (7 as Int, world.rank() as Int, world.size() as Int);
    // Each rank lists entries (i, (i * 3 + rank) % n) for every row, twice for row 0.
    let mut rows = Vec::new();
    let mut cols = Vec::new();
    let mut vals = Vec::new();
    for i in 0..n {
        rows.push(i);
        cols.push((i * 3 + rank) % n);
        vals.push(sc((i + 1 + rank) as f64) + IM * rank as f64);
    }
    rows.push(0);
    cols.push(rank % n);
    vals.push(sc(100.0));
    let mut a = Mat::new(&world)?;
    a.set_sizes_to(Sizes::global(n, n))?;
    a.set_type_name("aij")?;
    a.set_preallocation_coo(&rows, &cols)?;
    a.set_values_coo(&vals, InsertMode::Insert)?;
    let mut b = Mat::aij(&world)
        .sizes(Sizes::global(n, n))
        .preallocate(n, n)
        .build()?;
    for k in 0..rows.len() {
        b.set_values(&[rows[k]], &[cols[k]], &[vals[k]], InsertMode::Add)?;
    }
    b.assemble()?;
    assert!(a.equal(&b)?);
    // Closed form of entry (0, 0): from every rank r with (3*0 + r) % n == 0 plus the
    // extra entries at column r % n == 0.
    if a.ownership_range()?.contains(&0) {
        let want: Scalar = (0..size)
            .filter(|r| r % n == 0)
            .map(|r| sc((1 + r) as f64) + IM * r as f64 + sc(100.0))
            .sum();
        assert_eq!(a.values(&[0], &[0])?, vec![want]);
    }
    // New values, same pattern: twice the old ones.
    let doubled: Vec<Scalar> = vals.iter().map(|v| *v * 2.0).collect();
    a.set_values_coo(&doubled, InsertMode::Insert)?;
    b.scale(sc(2.0))?;
    assert!(a.equal(&b)?);
    // Too few values on the last rank only: every rank gets an Err.
    let short = if rank == size - 1 {
        &doubled[1..]
    } else {
        &doubled[..]
    };
    let e = a
        .set_values_coo(short, InsertMode::Insert)
        .unwrap_err()
        .to_string();
    assert!(e.contains("Mat::set_values_coo"), "{e}");
    // An out-of-range coordinate on one rank likewise.
    let mut c = Mat::new(&world)?;
    c.set_sizes_to(Sizes::global(n, n))?;
    let bad_row = if rank == 0 { n } else { 0 };
    let e = c
        .set_preallocation_coo(&[bad_row], &[0])
        .unwrap_err()
        .to_string();
    assert!(e.contains("set_preallocation_coo"), "{e}");
    // Without a declaration: Err.
    let mut d = Mat::aij(&world)
        .sizes(Sizes::global(n, n))
        .preallocate(1, 0)
        .build()?;
    assert!(d.set_values_coo(&[], InsertMode::Insert).is_err());
    Ok(())
}

/// Solves with LU and Cholesky factors of the 1D Laplacian (and a non-symmetric matrix
/// for LU and transposed solves) against known solutions, with every package PETSc has.
fn factor_solves(petsc: &Petsc) -> petsc::Result<()> {
    use petsc::{Csr, FactorType, MatDuplicateOption, Sizes};
    let n = 10;
    let world = petsc.world();
    let lap = laplacian_1d(petsc, n)?;
    let dn = dense(n, n, |i, j| {
        if i == j {
            sc(10.0 + i as f64)
        } else if (i - j).abs() <= 2 {
            sc((i - 2 * j) as f64 / 7.0) + IM * 0.5
        } else {
            sc(0.0)
        }
    });
    let ns = from_dense(petsc, &dn, "aij")?;
    let exact = |i: Int| sc(1.0 + i as f64) + IM * (i % 3) as f64;
    let (mut xe, mut b) = lap.create_vecs()?;
    fill(&mut xe, exact)?;
    let mut bt = b.duplicate()?;
    let packages: &[&str] = if world.size() == 1 {
        &["petsc", "mumps", "superlu", "superlu_dist"]
    } else {
        &["mumps", "superlu_dist"]
    };
    let mut used = Vec::new();
    for &pkg in packages {
        for (a, kinds) in [
            (&lap, &[FactorType::Lu, FactorType::Cholesky][..]),
            (&ns, &[FactorType::Lu][..]),
        ] {
            for &kind in kinds {
                let mut f = match a.factor_matrix(pkg, kind) {
                    Ok(f) => f,
                    Err(e) => {
                        // A package this PETSc was not built with: PETSc's message.
                        assert!(e.report().contains(pkg), "{e}");
                        continue;
                    }
                };
                assert_eq!(f.solver_type()?, pkg);
                used.push((pkg, kind));
                assert_eq!(f.factor_type()?, Some(kind));
                let opts = petsc::FactorOptions::default();
                // The numeric step before the symbolic one is refused.
                if kind == FactorType::Lu {
                    assert!(f.factor_numeric_lu(a).is_err());
                    f.factor_symbolic_lu(a, &opts)?;
                    f.factor_numeric_lu(a)?;
                } else {
                    f.factor_symbolic_cholesky(a, &opts)?;
                    assert!(f.factor_numeric_lu(a).is_err());
                    f.factor_numeric_cholesky(a)?;
                }
                a.mult(&xe, &mut b)?;
                let mut x = b.duplicate()?;
                f.solve(&b, &mut x)?;
                assert_vec_close(&x, exact, 1e-10, pkg);
                if kind == FactorType::Lu && pkg != "superlu_dist" {
                    a.mult_transpose(&xe, &mut bt)?;
                    f.solve_transpose(&bt, &mut x)?;
                    assert_vec_close(&x, exact, 1e-10, pkg);
                }
                // Numeric again after the values change (2A x = 2b).
                let mut a2 = a.duplicate(MatDuplicateOption::CopyValues)?;
                a2.scale(sc(2.0))?;
                let e = f.factor_numeric_lu(&a2).unwrap_err().report();
                assert!(
                    e.contains("another matrix") || e.contains("is Cholesky"),
                    "{e}"
                );
            }
        }
    }
    // Debian's PETSc has MUMPS and SuperLU_dist: LU and Cholesky with at least one.
    assert!(used.iter().any(|&(_, k)| k == FactorType::Lu), "{used:?}");
    assert!(
        used.iter().any(|&(_, k)| k == FactorType::Cholesky),
        "{used:?}"
    );
    if world.rank() == 0 {
        eprintln!("factor_solves at {} rank(s) used {used:?}", world.size());
    }
    // In place on one rank, and the many-right-hand-side solve.
    if world.size() == 1 {
        let mut a = ns.duplicate(MatDuplicateOption::CopyValues)?;
        a.factor_lu(&Default::default())?;
        ns.mult(&xe, &mut b)?;
        let mut x = b.duplicate()?;
        a.solve(&b, &mut x)?;
        assert_vec_close(&x, exact, 1e-10, "in place");
        let mut y = b.duplicate()?;
        y.set(sc(1.0))?;
        a.solve_add(&b, &y, &mut x)?;
        assert_vec_close(&x, |i| exact(i) + 1.0, 1e-10, "solve_add");
        let bm = from_dense(
            petsc,
            &dense_mul(&dn, &dense(n, 2, |i, j| exact(i) * (j + 1) as f64)),
            "dense",
        )?;
        let mut xm = Mat::dense(&world).sizes(Sizes::global(n, 2)).build()?;
        xm.assemble()?;
        a.mat_solve(&bm, &mut xm)?;
        assert_mat(&xm, &dense(n, 2, |i, j| exact(i) * (j + 1) as f64), 1e-10);
        // In-place Cholesky: SBAIJ (AIJ has only the out-of-place one).
        let mut sym = lap.duplicate(MatDuplicateOption::CopyValues)?;
        sym.set_option(petsc::MatOption::Symmetric, true)?;
        let mut c = sym.convert("sbaij")?;
        c.factor_cholesky(&Default::default())?;
        lap.mult(&xe, &mut b)?;
        c.solve(&b, &mut x)?;
        assert_vec_close(&x, exact, 1e-10, "cholesky in place");
        // A singular matrix: the zero pivot is an Err.
        let mut z = Mat::aij(&world)
            .sizes(Sizes::local(2, 2))
            .csr(Csr {
                row_ptr: &[0, 2, 4],
                cols: &[0, 1, 0, 1],
                vals: &scalars(&[1.0, 1.0, 1.0, 1.0]),
            })
            .build()?;
        let e = z.factor_lu(&Default::default()).unwrap_err().report();
        assert!(e.contains("zero pivot"), "{e}");
    }
    // Unknown package, unfactored solves, wrong vector sizes.
    let e = lap
        .factor_matrix("nosuchpackage", FactorType::Lu)
        .unwrap_err()
        .to_string();
    assert!(e.contains("nosuchpackage"), "{e}");
    let mut x = b.duplicate()?;
    let e = lap.solve(&b, &mut x).unwrap_err().report();
    assert!(e.contains("not factored"), "{e}");
    Ok(())
}

/// Whether a non-symmetric square AIJ matrix is reported as its own transpose.
fn s_is_transpose_of_itself(petsc: &Petsc, d: &Dense) -> petsc::Result<bool> {
    let s = from_dense(petsc, d, "aij")?;
    s.is_transpose(&s, 0.0)
}

#[track_caller]
fn assert_vec_close(y: &Vector, g: impl Fn(Int) -> Scalar, tol: f64, what: &str) {
    let lo = y.ownership_range().unwrap().start;
    for (k, &e) in y.view().unwrap().iter().enumerate() {
        let i = lo + k as Int;
        assert!(
            abs(e - g(i)) <= tol * abs(g(i)).max(1.0),
            "{what}: entry {i}: {e} instead of {}",
            g(i)
        );
    }
}

/// zero_entries keeps the pattern (no new mallocs on reassembly), info counts it, and
/// get_row shows the rows.
fn zero_entries_rows_info(petsc: &Petsc) -> petsc::Result<()> {
    use petsc::{MatInfoType, Sizes};
    let n = 9;
    let mut a = laplacian_1d(petsc, n)?;
    let nnz = (3 * n - 2) as u64;
    let info = a.info(MatInfoType::GlobalSum)?;
    assert_eq!(info.nz_used, nnz);
    assert_eq!(info.mallocs, 0);
    let (lo, hi) = split(petsc, n);
    let local = a.info(MatInfoType::Local)?;
    let want_local: u64 = (lo..hi)
        .map(|i| if i == 0 || i == n - 1 { 2 } else { 3 })
        .sum();
    assert_eq!(local.nz_used, want_local);
    for i in lo..hi {
        let r = a.row(i)?;
        let cols: Vec<Int> = [i - 1, i, i + 1]
            .into_iter()
            .filter(|&j| j >= 0 && j < n)
            .collect();
        assert_eq!(r.cols(), &cols[..]);
        let vals: Vec<Scalar> = cols
            .iter()
            .map(|&j| sc(if j == i { 2.0 } else { -1.0 }))
            .collect();
        assert_eq!(r.values(), &vals[..]);
        assert_eq!(r.row(), i);
        // The matrix cannot change while a row is out.
        drop(r);
    }
    if hi < n {
        assert!(a.row(hi).is_err());
    }
    // The structure as CSR: exact on one rank; on several, whatever PETSc gives is
    // consistent (an offset per local row and one more).
    match a.row_ij(false)? {
        Some((ptr, cols)) => {
            assert_eq!(ptr.len() as Int, a.local_size()?.0 + 1);
            assert_eq!(*ptr.last().unwrap() as usize, cols.len());
            if petsc.world().size() == 1 {
                assert_eq!(cols.len() as u64, nnz);
            }
        }
        None => assert!(petsc.world().size() > 1),
    }
    let (rp, ci, _) = a.values_csr()?;
    assert_eq!(rp.len() as Int, hi - lo + 1);
    assert_eq!(ci.len() as u64, want_local);
    a.zero_entries()?;
    assert_eq!(a.norm(NormType::Frobenius)?, 0.0);
    assert_eq!(a.info(MatInfoType::GlobalSum)?.nz_used, nnz);
    for i in lo..hi {
        for j in [i - 1, i, i + 1].into_iter().filter(|&j| j >= 0 && j < n) {
            a.set_value(
                i,
                j,
                sc(if j == i { 4.0 } else { -2.0 }),
                InsertMode::Insert,
            )?;
        }
    }
    a.assemble()?;
    assert_eq!(a.info(MatInfoType::GlobalSum)?.mallocs, 0);
    let mut twice = laplacian_1d(petsc, n)?;
    twice.scale(sc(2.0))?;
    assert!(a.equal(&twice)?);
    // Diagonal set and added, symmetric checks.
    let (_, mut d) = a.create_vecs()?;
    fill(&mut d, |i| sc(i as f64))?;
    a.set_diagonal(&d, InsertMode::Add)?;
    assert_vec(&a.diagonal()?, |i| sc(4.0 + i as f64));
    assert!(a.is_symmetric(0.0)?);
    assert!(a.is_structurally_symmetric()?);
    assert!(a.is_hermitian(0.0)?);
    // One entry above the diagonal changed: neither symmetric nor Hermitian, on any rank
    // count (PETSc's own parallel tests answer false without looking, or overrun).
    let mut b = laplacian_1d(petsc, n)?;
    if lo == 0 && hi > 0 {
        b.set_value(0, 1, sc(-3.0), InsertMode::Insert)?;
    }
    b.assemble()?;
    assert!(!b.is_symmetric(0.0)? && !b.is_hermitian(0.0)?);
    assert!(!b.is_transpose(&b, 0.0)? && b.is_transpose(&b.transpose()?, 0.0)?);
    // Rows not owned, unassembled matrices: Err.
    let u = Mat::aij(&petsc.world())
        .sizes(Sizes::global(n, n))
        .preallocate(1, 0)
        .build()?;
    if lo < hi {
        let e = u.row(lo).unwrap_err().report();
        assert!(e.contains("not assembled"), "{e}");
    }
    Ok(())
}

/// Dense matrices: the column-major view of each rank's rows, written and read back,
/// against products and get_values.
fn dense_views(petsc: &Petsc) -> petsc::Result<()> {
    let (m, n) = (7, 3);
    let mut a = Mat::dense(&petsc.world())
        .sizes(Sizes::global(m, n))
        .build()?;
    a.assemble()?;
    let lo = a.ownership_range()?.start;
    {
        let mut v = a.dense_view_mut()?;
        assert_eq!(v.cols(), n as usize);
        for j in 0..v.cols() {
            for i in 0..v.rows() {
                v.set(i, j, sc((10 * (lo + i as Int) + j as Int) as f64));
            }
        }
        v.as_ndarray_mut()[[0, 0]] += 0.0;
    }
    let (mut x, mut y) = a.create_vecs()?;
    x.set(sc(1.0))?;
    a.mult(&x, &mut y)?;
    // Row i sums to 30 i + 3.
    assert_vec(&y, |i| sc((30 * i + 3) as f64));
    let v = a.dense_view()?;
    let w = a.dense_view()?; // shared views together
    assert_eq!(v.rows() as Int, a.local_size()?.0);
    for i in 0..v.rows() {
        assert_eq!(v.get(i, 2), Some(sc((10 * (lo + i as Int) + 2) as f64)));
        assert_eq!(
            w.as_ndarray()[[i, 1]],
            sc((10 * (lo + i as Int) + 1) as f64)
        );
    }
    assert_eq!(v.get(v.rows(), 0), None);
    assert_eq!(v.column(1).len(), v.rows());
    drop((v, w));
    assert_eq!(
        a.values(&[lo], &[0, 1, 2])?,
        scalars(&[
            10.0 * lo as f64,
            10.0 * lo as f64 + 1.0,
            10.0 * lo as f64 + 2.0
        ])
    );
    // An AIJ matrix has no dense view.
    let s = laplacian_1d(petsc, 4)?;
    assert!(s.dense_view().is_err());
    Ok(())
}

/// Bad inputs of the new calls: an Err naming what was wrong.
fn bad_inputs_more(petsc: &Petsc) -> petsc::Result<()> {
    let c = petsc.self_comm();
    let msg = |r: petsc::Result<()>| r.unwrap_err().report();
    let mut a = Mat::baij(&c)
        .block_size(2)
        .sizes(Sizes::global(4, 4))
        .preallocate(2, 0)
        .build()?;
    let e = msg(a.set_values_blocked(&[0], &[0], &[sc(1.0); 3], InsertMode::Insert));
    assert!(e.contains("need 4 values"), "{e}");
    let e = msg(a.set_values_blocked(&[0], &[2], &[sc(1.0); 4], InsertMode::Insert));
    assert!(e.contains("block column 2"), "{e}");
    let e = Mat::baij(&c)
        .block_size(0)
        .sizes(Sizes::global(4, 4))
        .preallocate(1, 0)
        .build()
        .unwrap_err()
        .to_string();
    assert!(e.contains("block size"), "{e}");
    let e = Mat::sbaij(&c)
        .block_size(2)
        .sizes(Sizes::global(4, 6))
        .preallocate(1, 0)
        .build()
        .unwrap_err()
        .to_string();
    assert!(e.contains("square"), "{e}");
    let e = Mat::dense(&c)
        .sizes(Sizes {
            local_rows: Some(-1),
            global_cols: Some(2),
            ..Default::default()
        })
        .build()
        .unwrap_err()
        .to_string();
    assert!(e.contains("negative"), "{e}");
    let mut u = Mat::new(&c)?;
    let e = msg(u.set_up());
    assert!(e.contains("no sizes"), "{e}");
    let e = msg(u.set_preallocation_coo(&[0, 1], &[0]));
    assert!(e.contains("2 row indices but 1 column"), "{e}");
    let e = msg(u.set_block_sizes(0, 1));
    assert!(e.contains("at least 1"), "{e}");
    let b = laplacian_1d(petsc, 3)?;
    let e = b.column_vector(3).unwrap_err().report();
    assert!(e.contains("column 3"), "{e}");
    let mut f = b.duplicate(MatDuplicateOption::CopyValues)?;
    let e = msg(f.factor_symbolic_lu(&b, &Default::default()));
    assert!(e.contains("not a factor"), "{e}");
    // -mat_type for a matrix that has a type: refused (PETSc would convert in place);
    // for one without, taken.
    petsc.options().set_value("zz_mat_type", "dense")?;
    let mut typed = Mat::aij(&c)
        .sizes(Sizes::global(2, 2))
        .preallocate(1, 0)
        .build()?;
    typed.set_options_prefix("zz_")?;
    let e = msg(typed.set_from_options());
    assert!(e.contains("already has the type"), "{e}");
    let mut fresh = Mat::new(&c)?;
    fresh.set_sizes_to(Sizes::global(2, 2))?;
    fresh.set_options_prefix("zz_")?;
    fresh.set_from_options()?;
    assert_eq!(fresh.ty()?, Some(petsc::MatType::SeqDense));
    petsc.options().clear_value("zz_mat_type")?;
    // permute: B[i][j] = A[rows[i]][cols[j]] on a matrix with distinct entries.
    let d = dense(3, 3, |i, j| sc((10 * i + j + 1) as f64));
    let a3 = Mat::aij(&c)
        .sizes(Sizes::local(3, 3))
        .csr(Csr {
            row_ptr: &[0, 3, 6, 9],
            cols: &[0, 1, 2, 0, 1, 2, 0, 1, 2],
            vals: &d.concat(),
        })
        .build()?;
    let (rows, cols) = ([1 as Int, 2, 0], [2 as Int, 0, 1]);
    let p3 = a3.permute(&rows, &cols)?;
    assert_mat(
        &p3,
        &dense(3, 3, |i, j| {
            d[rows[i as usize] as usize][cols[j as usize] as usize]
        }),
        0.0,
    );
    let rect = Mat::dense(&c).sizes(Sizes::global(2, 3)).build()?;
    let e = rect
        .factor_matrix("petsc", petsc::FactorType::Lu)
        .unwrap_err()
        .to_string();
    assert!(e.contains("not assembled") || e.contains("square"), "{e}");
    Ok(())
}

/// `MatSetUnfactored`: a dense matrix factored in place (LU, then Cholesky) becomes an
/// ordinary matrix again, is filled anew, multiplies and factors again, each checked
/// against the dense computation; a dense factor from `factor_matrix` too; sparse factors
/// (in place or from `factor_matrix`) are refused; an unfactored matrix is left as it is.
/// On each rank's own communicator, at 1 and 2 ranks.
fn set_unfactored_dense(petsc: &Petsc) -> petsc::Result<()> {
    let c = petsc.self_comm();
    let n: Int = 4;
    let fill = |a: &mut Mat, f: &dyn Fn(Int, Int) -> f64| -> petsc::Result<()> {
        for i in 0..n {
            let cols: Vec<Int> = (0..n).collect();
            let vals: Vec<Scalar> = cols.iter().map(|&j| sc(f(i, j))).collect();
            a.set_values(&[i], &cols, &vals, InsertMode::Insert)?;
        }
        a.assemble()
    };
    // Symmetric positive definite (diagonally dominant), then nonsymmetric.
    let spd = |i: Int, j: Int| {
        if i == j {
            10.0 + i as f64
        } else {
            1.0 / (1 + i + j) as f64
        }
    };
    let nonsym = |i: Int, j: Int| {
        if i == j {
            5.0
        } else {
            (i - 2 * j) as f64 / 7.0
        }
    };
    let x_exact: Vec<f64> = (0..n).map(|i| 1.0 + i as f64).collect();
    let check_solve = |a: &Mat, f: &dyn Fn(Int, Int) -> f64, what: &str| -> petsc::Result<()> {
        let b: Vec<Scalar> = (0..n)
            .map(|i| sc((0..n).map(|j| f(i, j) * x_exact[j as usize]).sum()))
            .collect();
        let b = Vector::from_slice(&c, &b)?;
        let mut x = b.duplicate()?;
        a.solve(&b, &mut x)?;
        for (k, v) in x.view()?.iter().enumerate() {
            assert!(abs(*v - sc(x_exact[k])) < 1e-12, "{what}: x[{k}] = {v}");
        }
        Ok(())
    };
    let check_mult = |a: &Mat, f: &dyn Fn(Int, Int) -> f64, what: &str| -> petsc::Result<()> {
        let x = Vector::from_slice(&c, &scalars(&x_exact))?;
        let mut y = x.duplicate()?;
        a.mult(&x, &mut y)?;
        for (i, v) in y.view()?.iter().enumerate() {
            let want: f64 = (0..n).map(|j| f(i as Int, j) * x_exact[j as usize]).sum();
            assert!(
                abs(*v - sc(want)) < 1e-12,
                "{what}: y[{i}] = {v}, want {want}"
            );
        }
        Ok(())
    };
    let mut a = Mat::dense(&c).sizes(Sizes::global(n, n)).build()?;
    fill(&mut a, &nonsym)?;
    a.set_unfactored()?; // not factored: nothing happens
    check_mult(&a, &nonsym, "unfactored")?;
    a.factor_lu(&Default::default())?;
    check_solve(&a, &nonsym, "lu")?;
    assert!(a
        .mult(&a.create_vecs()?.0, &mut a.create_vecs()?.1)
        .is_err());
    a.set_unfactored()?;
    assert_eq!(a.factor_type()?, None);
    fill(&mut a, &spd)?;
    check_mult(&a, &spd, "refilled")?;
    a.factor_cholesky(&Default::default())?;
    check_solve(&a, &spd, "cholesky")?;
    a.set_unfactored()?;
    fill(&mut a, &nonsym)?;
    a.factor_lu(&Default::default())?;
    check_solve(&a, &nonsym, "lu again")?;
    // A dense factor from get_factor.
    let mut d = Mat::dense(&c).sizes(Sizes::global(n, n)).build()?;
    fill(&mut d, &spd)?;
    let mut f = d.factor_matrix("petsc", petsc::FactorType::Lu)?;
    f.factor_symbolic_lu(&d, &Default::default())?;
    f.factor_numeric_lu(&d)?;
    check_solve(&f, &spd, "get_factor")?;
    f.set_unfactored()?;
    fill(&mut f, &nonsym)?;
    check_mult(&f, &nonsym, "former factor")?;
    // Sparse factors keep their factor's storage: unfactored as in PETSc, then no
    // longer filled or assembled.
    let rows: Vec<Int> = (0..=n).map(|i| i * n).collect();
    let cols: Vec<Int> = (0..n * n).map(|k| k % n).collect();
    let vals: Vec<Scalar> = (0..n * n).map(|k| sc(nonsym(k / n, k % n))).collect();
    let mut s = Mat::aij(&c)
        .sizes(Sizes::local(n, n))
        .csr(Csr {
            row_ptr: &rows,
            cols: &cols,
            vals: &vals,
        })
        .build()?;
    let mut sf = s.factor_matrix("petsc", petsc::FactorType::Lu)?;
    sf.factor_symbolic_lu(&s, &Default::default())?;
    sf.factor_numeric_lu(&s)?;
    check_solve(&sf, &nonsym, "sparse factor")?;
    sf.set_unfactored()?;
    assert_eq!(sf.factor_type()?, None);
    let e = sf
        .set_values(&[0], &[0], &[sc(1.0)], InsertMode::Insert)
        .unwrap_err()
        .to_string();
    assert!(e.contains("set_values"), "{e}");
    sf.set_unfactored()?; // again: nothing to do
    s.factor_lu(&Default::default())?;
    check_solve(&s, &nonsym, "sparse in-place factor")?;
    s.set_unfactored()?;
    assert!(s.assemble().is_err());
    Ok(())
}

/// Implicit transposes and normal matrices, redundant copies, CSR assembly, split
/// assembly and SOR at several ranks, against the dense forms.
fn implicit_and_assembly_forms(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let (m, n) = (7, 5);
    let da = dense(m, n, entry(0));
    let a = from_dense(petsc, &da, "aij")?;
    // A^T x and A^T A x through the implicit matrices.
    let t = a.create_transpose()?;
    assert_eq!(t.size()?, (n, m));
    let (mut xm, mut yn) = t.create_vecs()?;
    fill(&mut xm, |i| sc(1.0 + i as f64))?;
    t.mult(&xm, &mut yn)?;
    assert_vec(&yn, |j| {
        (0..m)
            .map(|i| da[i as usize][j as usize] * (1.0 + i as f64))
            .sum()
    });
    assert_eq!(t.transpose_mat()?.size()?, (m, n));
    let nrm = a.create_normal()?;
    let (mut xn, mut zn) = nrm.create_vecs()?;
    fill(&mut xn, |j| sc(j as f64 - 1.0))?;
    nrm.mult(&xn, &mut zn)?;
    let ata = dense_mul(&dense_t(&da), &da);
    assert_vec(&zn, |i| {
        (0..n)
            .map(|j| ata[i as usize][j as usize] * (j as f64 - 1.0))
            .sum()
    });
    // Views of a matrix an implicit one holds are refused.
    let mut dd = from_dense(petsc, &da, "dense")?;
    let held = dd.create_transpose()?;
    let e = dd.dense_view_mut().unwrap_err().report();
    assert!(e.contains("shared"), "{e}");
    drop(held);
    dd.dense_view_mut()?;
    // Every rank gets the whole matrix.
    let r = a.redundant_matrix(world.size() as Int)?;
    assert_eq!(r.size()?, (m, n));
    let all: Vec<Int> = (0..n).collect();
    for i in 0..m {
        let want: Vec<Scalar> = da[i as usize].clone();
        assert_eq!(r.values(&[i], &all)?, want);
    }
    // CSR of this rank's rows, read back and set again.
    let (rp, ci, v) = a.values_csr()?;
    let mut b = Mat::aij(&world)
        .sizes(Sizes {
            local_rows: Some(a.local_size()?.0),
            global_rows: Some(m),
            global_cols: Some(n),
            ..Default::default()
        })
        .preallocate(n, n)
        .build()?;
    b.set_values_csr(&rp, &ci, &v, InsertMode::Insert)?;
    b.assembly_begin(MatAssemblyType::Final)?;
    b.assembly_end()?;
    assert!(b.equal(&a)?);
    // Blocked CSR on a BAIJ matrix with 2x2 blocks: block (I, I) = [[I+1, 1], [0, I+1]].
    let nb = 4;
    let mut c = Mat::baij(&world)
        .block_size(2)
        .sizes(Sizes::global(2 * nb, 2 * nb))
        .preallocate(1, 0)
        .build()?;
    let first = c.ownership_range()?.start / 2;
    let mine = (c.local_size()?.0 / 2) as usize;
    let rp: Vec<Int> = (0..=mine as Int).collect();
    let ci: Vec<Int> = (0..mine as Int).map(|k| first + k).collect();
    let vals: Vec<Scalar> = ci
        .iter()
        .flat_map(|&bi| scalars(&[(bi + 1) as f64, 1.0, 0.0, (bi + 1) as f64]))
        .collect();
    c.set_values_blocked_csr(&rp, &ci, &vals, InsertMode::Insert)?;
    c.assemble()?;
    let (mut x, mut y) = c.create_vecs()?;
    x.set(sc(1.0))?;
    c.mult(&x, &mut y)?;
    assert_vec(&y, |i| {
        if i % 2 == 0 {
            sc((i / 2 + 2) as f64)
        } else {
            sc((i / 2 + 1) as f64)
        }
    });
    // SOR on the diagonally dominant band matrix converges to the solution.
    let lap = laplacian_1d(petsc, 9)?;
    let (mut xe, mut rhs) = lap.create_vecs()?;
    fill(&mut xe, |i| sc(i as f64))?;
    lap.mult(&xe, &mut rhs)?;
    let mut s = lap.duplicate(MatDuplicateOption::CopyValues)?;
    s.shift(sc(2.0))?; // 4 on the diagonal: strictly dominant
    s.mult(&xe, &mut rhs)?;
    let mut xs = rhs.duplicate()?;
    s.sor(
        &rhs,
        1.0,
        petsc::SorType::LocalSymmetricZeroGuess,
        0.0,
        60,
        1,
        &mut xs,
    )?;
    assert_vec_close(&xs, |i| sc(i as f64), 1e-8, "sor");
    Ok(())
}

/// BFGS updates at several ranks: after updates from f(x) = A x with a diagonal A, the
/// LMVM matrix maps the last step to the last change of f (the secant condition).
fn lmvm_secant(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let n = 6;
    let mut b = Mat::new(&world)?;
    b.set_sizes_to(Sizes::global(n, n))?;
    b.set_type_name("lmvmbfgs")?;
    let mut x = Vector::new_mpi(&world, None, Some(n))?;
    let mut f = x.duplicate()?;
    b.allocate_lmvm(&x, &f)?;
    let d = |i: Int| sc(1.0 + i as f64);
    let mut prev = (x.duplicate()?, f.duplicate()?);
    for k in 0..3 {
        fill(&mut x, |i| {
            sc(((i + 1) * (k + 1)) as f64 / 3.0 + (k * k) as f64)
        })?;
        fill(&mut f, |i| {
            d(i) * (((i + 1) * (k + 1)) as f64 / 3.0 + (k * k) as f64)
        })?;
        b.update_lmvm(&x, &f)?;
        if k == 2 {
            let mut s = x.duplicate()?;
            s.copy_from(&x)?;
            s.axpy(sc(-1.0), &prev.0)?;
            let mut y = s.duplicate()?;
            b.mult(&s, &mut y)?;
            let mut want = f.duplicate()?;
            want.copy_from(&f)?;
            want.axpy(sc(-1.0), &prev.1)?;
            let got = y.view()?.to_vec();
            for (g, w) in got.iter().zip(want.view()?.iter()) {
                assert!(abs(*g - *w) < 1e-10 * abs(*w).max(1.0), "{g} vs {w}");
            }
        }
        prev.0.copy_from(&x)?;
        prev.1.copy_from(&f)?;
    }
    // A non-destructive reset forgets the pairs: B is its initial J0 again, diagonal
    // (the identity, or the scaling it learned, kept from PETSc 3.24 on), where the
    // updates left entries off the diagonal.
    let columns = |b: &Mat| -> petsc::Result<Vec<Vec<Scalar>>> {
        let mut cols = Vec::new();
        for k in 0..n {
            let mut e = x.duplicate()?;
            fill(&mut e, |i| sc(if i == k { 1.0 } else { 0.0 }))?;
            let mut y = e.duplicate()?;
            b.mult(&e, &mut y)?;
            cols.push(y.to_all()?.view()?.to_vec());
        }
        Ok(cols)
    };
    let off_diagonal = |cols: &[Vec<Scalar>]| -> f64 {
        let mut most: f64 = 0.0;
        for (k, c) in cols.iter().enumerate() {
            for (i, v) in c.iter().enumerate() {
                if i != k {
                    most = most.max(abs(*v) / abs(c[k]));
                }
            }
        }
        most
    };
    let updated = columns(&b)?;
    assert!(off_diagonal(&updated) > 1e-6, "{updated:?}");
    b.reset_lmvm(false)?;
    let reset = columns(&b)?;
    assert!(off_diagonal(&reset) < 1e-12, "{reset:?}");
    for (k, c) in reset.iter().enumerate() {
        assert!(abs(c[k]).is_finite() && abs(c[k]) > 0.0, "{reset:?}");
    }
    let mut s = x.duplicate()?;
    fill(&mut s, |i| sc(1.0 + i as f64))?;
    let mut y = s.duplicate()?;
    let destructive = b.reset_lmvm(true);
    assert_eq!(destructive.is_err(), cfg!(petsc_3_23), "{destructive:?}");
    if let Err(e) = destructive {
        assert!(e.report().contains("destructive reset is refused"), "{e}");
        b.mult(&s, &mut y)?;
    }
    Ok(())
}

/// MUMPS controls at several ranks: set before the factorization, read after, and the
/// solve still right.
fn mumps_controls(petsc: &Petsc) -> petsc::Result<()> {
    #[cfg(petsc_have_mumps)]
    return mumps_controls_checked(petsc);
    #[cfg(not(petsc_have_mumps))]
    {
        let _ = petsc;
        petsc_tests::skip("the MUMPS part: this PETSc has no MUMPS");
        Ok(())
    }
}

#[cfg(petsc_have_mumps)]
fn mumps_controls_checked(petsc: &Petsc) -> petsc::Result<()> {
    let n = 12;
    let lap = laplacian_1d(petsc, n)?;
    let mut f = lap.factor_matrix("mumps", petsc::FactorType::Cholesky)?;
    f.set_mumps_icntl(14, 40)?;
    f.set_mumps_icntl(24, 1)?; // null pivot detection, which the inertia needs
    f.set_mumps_cntl(3, 1e-12)?;
    assert!(f.set_mumps_icntl(61, 0).is_err());
    assert!(f.mumps_rinfo(0).is_err());
    f.factor_symbolic_cholesky(&lap, &Default::default())?;
    f.factor_numeric_cholesky(&lap)?;
    assert_eq!(f.mumps_icntl(14)?, 40);
    assert_eq!(f.mumps_infog(1)?, 0);
    assert!(f.mumps_info(1)? >= 0);
    // Inertia of the positive definite Laplacian: no negative or zero eigenvalues.
    // MUMPS gives no inertia for complex matrices.
    if !petsc::SCALAR_IS_COMPLEX {
        let (neg, zero, _pos) = f.inertia()?;
        assert_eq!((neg, zero), (0, 0));
        let (mut xe, mut b) = lap.create_vecs()?;
        fill(&mut xe, |i| sc((i % 4) as f64))?;
        lap.mult(&xe, &mut b)?;
        let mut x = b.duplicate()?;
        f.solve(&b, &mut x)?;
        assert_vec_close(&x, |i| sc((i % 4) as f64), 1e-10, "mumps");
        // Not a MUMPS factor: PETSc's Err.
        if petsc.world().size() == 1 {
            let mut p = lap.factor_matrix("petsc", petsc::FactorType::Lu)?;
            assert!(p.set_mumps_icntl(14, 40).is_err());
        }
    }
    Ok(())
}

/// The port of PETSc's `mat/tutorials/ex18.c` (COO finite element assembly) prints
/// PETSc's expected output, without the lines naming the matrix type as PETSc's test
/// filters them.
fn mat_ex18_matches_petsc(_: &Petsc) -> petsc::Result<()> {
    let out = run_example("mat_ex18", 1, &[]);
    let filtered: String = out
        .lines()
        .filter(|l| !l.contains("type"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(
        filtered.matches("Mat Object: 1 MPI process").count(),
        4,
        "{out}"
    );
    assert!(
        filtered.contains("row 3: (1, 4.)  (2, 4.)  (3, 12.)  (4, 4.)"),
        "{out}"
    );
    if let Some(dir) = petsc_examples_dir() {
        let path = dir.join("mat/tutorials/output/ex18_1.out");
        if let Ok(expected) = std::fs::read_to_string(&path) {
            assert_eq!(filtered, expected, "against {}", path.display());
        }
    }
    Ok(())
}

/// Cases that factor on several ranks need a parallel direct solver.
const PARALLEL_LU: bool = cfg!(petsc_have_mumps) || cfg!(petsc_have_superlu_dist);

/// A matrix made by `Mat::new` with its type chosen at run time, preallocated with
/// exact per-row counts (diagonal and off-diagonal blocks of the 1-D Laplacian):
/// assembled without a malloc on every rank and equal to the matrix made by
/// `MatBuilder::preallocate_rows`; a count list of the wrong length on one rank is an `Err` on all.
fn preallocation_after_create(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let n: Int = 11;
    let (lo, hi) = split(petsc, n);
    let rows: Vec<Int> = (lo..hi).collect();
    let neighbours = |i: Int| {
        [i - 1, i, i + 1]
            .into_iter()
            .filter(move |j| (0..n).contains(j))
    };
    let d_nnz: Vec<Int> = rows
        .iter()
        .map(|&i| neighbours(i).filter(|j| (lo..hi).contains(j)).count() as Int)
        .collect();
    let o_nnz: Vec<Int> = rows
        .iter()
        .map(|&i| neighbours(i).filter(|j| !(lo..hi).contains(j)).count() as Int)
        .collect();
    let total: Vec<Int> = d_nnz.iter().zip(&o_nnz).map(|(d, o)| d + o).collect();
    let fill = |a: &mut Mat| -> petsc::Result<()> {
        for &i in &rows {
            for j in neighbours(i) {
                a.set_value(
                    i,
                    j,
                    sc(if i == j { 2.0 } else { -1.0 }),
                    InsertMode::Insert,
                )?;
            }
        }
        a.assemble()
    };
    let mut a = Mat::new(&world)?;
    a.set_sizes_to(Sizes::global(n, n))?;
    // Before a type, the counts would be ignored: refused instead.
    let e = a.seq_aij_set_preallocation(0, Some(&total)).unwrap_err();
    assert!(e.report().contains("no type"), "{e}");
    a.set_type_name("aij")?;
    // An option that goes to the storage, before there is any: an Err at every rank
    // count (an MPIAIJ matrix's method would read its missing blocks).
    let e = a
        .set_option(petsc::MatOption::NewNonzeroAllocationErr, true)
        .unwrap_err();
    assert!(e.report().contains("storage"), "{e}");
    a.set_option(petsc::MatOption::NoOffProcEntries, false)?;
    a.seq_aij_set_preallocation(0, Some(&total))?;
    a.mpi_aij_set_preallocation(0, Some(&d_nnz), 0, Some(&o_nnz))?;
    a.set_option(petsc::MatOption::NewNonzeroAllocationErr, true)?;
    fill(&mut a)?;
    let info = a.info(petsc::MatInfoType::Local)?;
    assert_eq!(info.mallocs, 0);
    assert_eq!(
        info.nz_allocated as usize,
        total.iter().sum::<Int>() as usize
    );
    let mut b = Mat::aij(&world)
        .sizes(Sizes::local(hi - lo, hi - lo))
        .preallocate_rows(&d_nnz, &o_nnz)
        .build()?;
    fill(&mut b)?;
    assert!(a.equal(&b)?);

    // One rank gives a short list: every rank gets the error, none hangs.
    let mut c = Mat::new(&world)?;
    c.set_sizes_to(Sizes::global(n, n))?;
    c.set_type_name("aij")?;
    let short = if world.rank() == world.size() - 1 {
        &d_nnz[1..]
    } else {
        &d_nnz[..]
    };
    let e = c
        .mpi_aij_set_preallocation(0, Some(short), 0, Some(&o_nnz))
        .unwrap_err();
    assert!(e.report().contains("d_nnz"), "{e}");
    // Still usable: preallocated properly, then assembled.
    c.mpi_aij_set_preallocation(0, Some(&d_nnz), 0, Some(&o_nnz))?;
    c.seq_aij_set_preallocation(0, Some(&total))?;
    fill(&mut c)?;
    assert!(c.equal(&b)?);
    Ok(())
}

/// Fills the rows of the 1D Laplacian of order `n` this rank owns and assembles.
fn fill_laplacian(a: &mut Mat, n: Int) -> petsc::Result<()> {
    for i in a.ownership_range()? {
        for (j, v) in [(i - 1, -1.0), (i, 2.0), (i + 1, -1.0)] {
            if (0..n).contains(&j) {
                a.set_value(i, j, sc(v), InsertMode::Insert)?;
            }
        }
    }
    a.assemble()
}

/// Every builder setting comes back from the matrix's getters: sizes (global, local,
/// both; uneven splits), type, block size, options prefix and `-mat_type`,
/// preallocation (no malloc while filling), CSR rows; `Mat::sizes` makes a matrix of
/// the same layout; the duplicate options.
fn builder_round_trips(petsc: &Petsc) -> petsc::Result<()> {
    use petsc::{Csr, MatDuplicateOption, MatInfoType, MatType, Object, Sizes};
    let world = petsc.world();
    let (size, rank) = (world.size() as Int, world.rank() as Int);
    let n = 2 * size + 1;

    let mut a = Mat::aij(&world)
        .sizes(Sizes::global(n, n))
        .preallocate(3, 2)
        .build()?;
    fill_laplacian(&mut a, n)?;
    assert_eq!(a.info(MatInfoType::Local)?.mallocs, 0);
    let s = a.sizes()?;
    let rows = a.ownership_range()?;
    let mine = rows.end - rows.start;
    assert_eq!(s, Sizes::local(mine, a.local_size()?.1).with_global(n, n));
    assert!(a.type_name()?.ends_with("aij"), "{}", a.type_name()?);
    assert_eq!(
        a.ty()?,
        Some(if size == 1 {
            MatType::SeqAij
        } else {
            MatType::MpiAij
        })
    );
    let d = Mat::dense(&world).sizes(s).build()?;
    assert_eq!((d.sizes()?, d.ownership_range()?), (s, rows.clone()));
    assert!(d.type_name()?.ends_with("dense"));

    // Local sizes, uneven over the ranks; both local and global.
    let local = if rank == 0 { 3 } else { 1 };
    let total = 3 + (size - 1);
    let b = Mat::aij(&world).sizes(Sizes::local(local, 2)).build()?;
    assert_eq!(
        b.sizes()?,
        Sizes::local(local, 2).with_global(total, 2 * size)
    );
    let both = Sizes::local(local, 2).with_global(total, 2 * size);
    assert_eq!(Mat::dense(&world).sizes(both).build()?.sizes()?, both);
    let fields = Sizes {
        global_rows: Some(4),
        local_cols: Some(1),
        ..Default::default()
    };
    let f = Mat::aij(&world).sizes(fields).build()?;
    assert_eq!((f.size()?, f.local_size()?.1), ((4, size), 1));

    // Per-row preallocation: exactly the Laplacian's rows, split into blocks.
    let (lo, hi) = (rows.start, rows.end);
    let d_nnz: Vec<Int> = (lo..hi)
        .map(|i| {
            [i - 1, i, i + 1]
                .iter()
                .filter(|&&j| j >= lo && j < hi)
                .count() as Int
        })
        .collect();
    let o_nnz: Vec<Int> = (lo..hi)
        .map(|i| {
            [i - 1, i + 1]
                .iter()
                .filter(|&&j| (0..n).contains(&j) && !(lo..hi).contains(&j))
                .count() as Int
        })
        .collect();
    let mut r = Mat::aij(&world)
        .sizes(Sizes::local(mine, mine).with_global(n, n))
        .preallocate_rows(&d_nnz, &o_nnz)
        .build()?;
    fill_laplacian(&mut r, n)?;
    assert_eq!(r.info(MatInfoType::Local)?.mallocs, 0);
    assert!(r.equal(&a)?);

    // CSR rows: the same matrix, assembled by the builder.
    let mut row_ptr = vec![0];
    let (mut cj, mut cv) = (Vec::new(), Vec::new());
    for i in lo..hi {
        for (j, v) in [(i - 1, -1.0), (i, 2.0), (i + 1, -1.0)] {
            if (0..n).contains(&j) {
                cj.push(j);
                cv.push(sc(v));
            }
        }
        row_ptr.push(cj.len() as Int);
    }
    let csr = Csr {
        row_ptr: &row_ptr,
        cols: &cj,
        vals: &cv,
    };
    let c = Mat::aij(&world)
        .sizes(Sizes::local(mine, mine))
        .csr(csr)
        .build()?;
    assert!(c.is_assembled()?);
    assert!(c.equal(&a)?);

    // Blocked types: the block size and the type come back.
    let bb = Mat::baij(&world)
        .block_size(2)
        .sizes(Sizes::global(4 * size, 4 * size))
        .preallocate(2, 1)
        .build()?;
    assert_eq!((bb.block_size()?, bb.block_sizes()?), (2, (2, 2)));
    assert!(bb.type_name()?.ends_with("baij"));
    let sb = Mat::sbaij(&world)
        .sizes(Sizes::global(n, n))
        .preallocate(2, 1)
        .build()?;
    assert!(sb.type_name()?.ends_with("sbaij"));
    assert_eq!(sb.block_size()?, 1);
    let crl = Mat::builder(&world, MatType::AijCrl)
        .sizes(Sizes::global(n, n))
        .preallocate(3, 2)
        .build()?;
    assert!(crl.type_name()?.ends_with("aijcrl"));

    // Options prefix and -mat_type under it.
    petsc.options().set_value("rt_mat_type", "dense")?;
    let o = Mat::aij(&world)
        .sizes(Sizes::global(n, 3))
        .options_prefix("rt_")
        .from_options()
        .build()?;
    petsc.options().clear_value("rt_mat_type")?;
    assert_eq!(o.options_prefix()?, "rt_");
    assert!(o.type_name()?.ends_with("dense"));
    let p = Mat::aij(&world)
        .sizes(Sizes::global(n, 3))
        .options_prefix("rt_")
        .from_options()
        .build()?;
    assert!(p.type_name()?.ends_with("aij"));

    // A shell's layout.
    let sh = Mat::shell(&world)
        .sizes(Sizes::local(2, 1))
        .build(|x, y| y.set(x.sum()?))?;
    assert_eq!(sh.sizes()?, Sizes::local(2, 1).with_global(2 * size, size));

    // Duplicates: values copied or not, the pattern shared; `true`/`false` still work.
    let full = a.duplicate(MatDuplicateOption::CopyValues)?;
    assert!(full.equal(&a)?);
    assert!(a.duplicate(MatDuplicateOption::from(true))?.equal(&a)?);
    for op in [
        MatDuplicateOption::DoNotCopyValues,
        MatDuplicateOption::ShareNonzeroPattern,
    ] {
        let z = a.duplicate(op)?;
        assert_eq!(z.sizes()?, a.sizes()?);
        assert_eq!(z.norm(NormType::Frobenius)?, 0.0);
        assert_eq!(
            z.info(MatInfoType::GlobalSum)?.nz_used,
            a.info(MatInfoType::GlobalSum)?.nz_used
        );
    }
    assert_eq!(
        MatDuplicateOption::from(false),
        MatDuplicateOption::DoNotCopyValues
    );
    Ok(())
}

/// Builder settings that cannot make a matrix are an `Err` on every rank, naming the
/// problem.
fn builder_errors(petsc: &Petsc) -> petsc::Result<()> {
    use petsc::{Csr, Sizes};
    let world = petsc.world();
    let size = world.size() as Int;
    let msg = |r: petsc::Result<Mat>| r.expect_err("must be refused").to_string();

    // Local sizes that do not add up to the global ones.
    let e = msg(Mat::aij(&world)
        .sizes(Sizes::local(2, 2).with_global(2 * size + 1, 2 * size))
        .build());
    assert!(e.contains("add up to"), "{e}");
    // No sizes at all.
    let e = msg(Mat::aij(&world).preallocate(1, 0).build());
    assert!(
        e.contains("give the local or the global number of rows"),
        "{e}"
    );
    let e = msg(Mat::shell(&world).build(|_, _| Ok(())));
    assert!(
        e.contains("give the local or the global number of rows"),
        "{e}"
    );
    // A negative size, a negative count, a block size that does not divide.
    let e = msg(Mat::dense(&world).sizes(Sizes::global(-1, 2)).build());
    assert!(e.contains("negative"), "{e}");
    let e = msg(Mat::aij(&world)
        .sizes(Sizes::global(4, 4))
        .preallocate(-3, 0)
        .build());
    assert!(e.contains("negative"), "{e}");
    let e = msg(Mat::baij(&world)
        .block_size(2)
        .sizes(Sizes::global(3, 3))
        .build());
    assert!(e.contains("not a multiple of the block size 2"), "{e}");
    let e = msg(Mat::aij(&world)
        .block_size(0)
        .sizes(Sizes::global(2, 2))
        .build());
    assert!(e.contains("at least 1"), "{e}");
    let e = msg(Mat::sbaij(&world).sizes(Sizes::global(2, 3)).build());
    assert!(e.contains("square"), "{e}");
    // Per-row counts of the wrong length (on one rank only when there are two).
    let rows: &[Int] = if world.rank() == 0 { &[1] } else { &[1, 1] };
    let e = msg(Mat::aij(&world)
        .sizes(Sizes::local(2, 2))
        .preallocate_rows(rows, &[0, 0])
        .build());
    assert!(
        world.rank() != 0 || e.contains("d_nnz has 1 entries but this rank has 2"),
        "{e}"
    );
    // CSR arrays that do not fit, or a type that is not made from them.
    let bad = Csr {
        row_ptr: &[0, 1],
        cols: &[0],
        vals: &[sc(1.0)],
    };
    let e = msg(Mat::aij(&world).sizes(Sizes::local(2, 2)).csr(bad).build());
    assert!(e.contains("row_ptr"), "{e}");
    let ok = Csr {
        row_ptr: &[0, 1, 1],
        cols: &[0],
        vals: &[sc(1.0)],
    };
    let e = msg(Mat::dense(&world).sizes(Sizes::local(2, 2)).csr(ok).build());
    assert!(e.contains("not made from CSR arrays"), "{e}");
    Ok(())
}

/// `Mat::set_sizes_to` takes the layout by name, `Mat::sizes` gives it back (every size
/// known), and a layout read back lays out another matrix alike; sizes that do not add
/// up, or a second layout, are an `Err`.
fn set_sizes_to_round_trips(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let size = world.size() as Int;
    for (given, want) in [
        (
            Sizes::global(2 * size, 4 * size),
            Sizes::local(2, 4).with_global(2 * size, 4 * size),
        ),
        (
            Sizes::local(2, 3),
            Sizes::local(2, 3).with_global(2 * size, 3 * size),
        ),
        (
            Sizes::global(2 * size, 3 * size).with_local(2, 3),
            Sizes::local(2, 3).with_global(2 * size, 3 * size),
        ),
    ] {
        let mut a = Mat::new(&world)?;
        a.set_sizes_to(given)?;
        a.set_type_name("dense")?;
        a.set_up()?;
        assert_eq!(a.sizes()?, want);
        let mut b = Mat::new(&world)?;
        b.set_sizes_to(a.sizes()?)?;
        b.set_type_name("aij")?;
        b.set_up()?;
        assert_eq!(b.sizes()?, want);
        assert!(b.set_sizes_to(Sizes::global(1, 1)).is_err());
    }
    let mut c = Mat::new(&world)?;
    let e = c
        .set_sizes_to(Sizes::local(2, 3).with_global(2 * size + 1, 3 * size))
        .unwrap_err();
    assert!(e.to_string().contains("set_sizes_to"), "{e}");
    Ok(())
}

/// `assembly_begin` takes the assembly type, `true`/`false` converting as the first
/// form took them: a flush between inserted and added values keeps both.
fn assembly_types(petsc: &Petsc) -> petsc::Result<()> {
    assert_eq!(MatAssemblyType::from(true), MatAssemblyType::Final);
    assert_eq!(MatAssemblyType::from(false), MatAssemblyType::Flush);
    assert_eq!(MatAssemblyType::default(), MatAssemblyType::Final);
    let world = petsc.world();
    let n = 2 * world.size() as Int;
    let mut a = Mat::aij(&world)
        .sizes(Sizes::global(n, n))
        .preallocate(1, 1)
        .build()?;
    let first = a.ownership_range()?.start;
    a.set_value(first, first, sc(1.0), InsertMode::Insert)?;
    a.assembly_begin(MatAssemblyType::Flush)?;
    a.assembly_end()?;
    a.set_value(first, first, sc(2.0), InsertMode::Add)?;
    a.assembly_begin(MatAssemblyType::Final)?;
    a.assembly_end()?;
    assert!(a.is_assembled()?);
    assert_eq!(a.values(&[first], &[first])?, vec![sc(3.0)]);
    Ok(())
}

pub fn cases() -> Vec<Case> {
    vec![
        Case::new("preallocation_after_create", preallocation_after_create).ranks(&[1, 2, 3]),
        Case::new("builder_round_trips", builder_round_trips).ranks(&[1, 2]),
        Case::new("set_sizes_to_round_trips", set_sizes_to_round_trips).ranks(&[1, 2, 3]),
        Case::new("assembly_types", assembly_types).ranks(&[1, 2]),
        Case::new("builder_errors", builder_errors).ranks(&[1, 2]),
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
        Case::new("products_against_dense", products_against_dense).ranks(&[1, 2, 3]),
        Case::new("generic_types_and_convert", generic_types_and_convert).ranks(&[1, 2, 3]),
        Case::new("coo_matches_set_values", coo_matches_set_values).ranks(&[1, 2, 3]),
        Case::new("factor_solves", factor_solves)
            .ranks(&[1, 2, 3])
            .requires(PARALLEL_LU, "a parallel LU (MUMPS or SuperLU_dist)"),
        Case::new("zero_entries_rows_info", zero_entries_rows_info).ranks(&[1, 2, 3]),
        Case::new("dense_views", dense_views).ranks(&[1, 2, 3]),
        Case::new("set_unfactored_dense", set_unfactored_dense).ranks(&[1, 2]),
        Case::new("bad_inputs_more", bad_inputs_more),
        Case::new("implicit_and_assembly_forms", implicit_and_assembly_forms).ranks(&[1, 2, 3]),
        Case::new("lmvm_secant", lmvm_secant).ranks(&[1, 2, 3]),
        Case::new("mumps_controls", mumps_controls).ranks(&[1, 2, 3]),
        Case::new("mat_ex18_matches_petsc", mat_ex18_matches_petsc),
    ]
}
