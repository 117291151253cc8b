//! A shell matrix's other operations (shift, scale, diagonal scaling and set, zeroing,
//! norms, copies and duplicates, rows) and the product of an assembled matrix replaced
//! by a closure: each checked against the same operation on the assembled matrix at 1,
//! 2 and 3 ranks, with solves through the shells taking the iterations of the assembled
//! ones, failing closures giving the call's `Err` and the matrix working after.

use std::cell::RefCell;
use std::rc::Rc;

use petsc::{
    Complex, Error, InsertMode, Int, Ksp, KspTolerances, KspType, Mat, MatDuplicateOption,
    NormType, PcType, Petsc, Scalar, Sizes, Vector,
};
use petsc_tests::Case;

const N: Int = 30;

fn re(x: impl Into<Complex<f64>>) -> f64 {
    x.into().re
}

/// `tridiag(-1, 2 + i / N, -1)`, assembled.
fn assembled(petsc: &Petsc) -> petsc::Result<Mat> {
    petsc_tests::varying_tridiagonal(petsc, N)
}

/// A vector laid out like the rows of `a`, entry `i` being `f(i)`.
fn vector(a: &Mat, f: impl Fn(Int) -> f64) -> petsc::Result<Vector> {
    let (mut v, _) = a.create_vecs()?;
    let lo = v.ownership_range()?.start;
    let mut w = v.view_mut()?;
    for (k, x) in w.iter_mut().enumerate() {
        *x = Scalar::from(f(lo + k as Int));
    }
    drop(w);
    Ok(v)
}

/// `max |(A x)_i - (B x)_i|` for a fixed `x`.
fn product_gap(a: &Mat, b: &Mat) -> petsc::Result<f64> {
    let x = vector(a, |i| 1.0 + (i % 5) as f64)?;
    let (mut ya, mut yb) = (x.duplicate()?, x.duplicate()?);
    a.mult(&x, &mut ya)?;
    b.mult(&x, &mut yb)?;
    yb.axpy(-1.0, &ya)?;
    yb.norm(NormType::Infinity)
}

/// A shell whose product, diagonal and (if `closures`) shifts, scalings and diagonal
/// scalings and sets are those of an assembled copy of `tridiag` kept by the closures.
fn shell(petsc: &Petsc, closures: bool) -> petsc::Result<(Mat, Rc<RefCell<Mat>>)> {
    let inner = Rc::new(RefCell::new(assembled(petsc)?));
    let (m, n) = inner.borrow().local_size()?;
    let k = inner.clone();
    let mut s = Mat::shell(&petsc.world())
        .sizes(Sizes::local(m, n).with_global(N, N))
        .build(move |x, y| k.borrow().mult(x, y))?;
    let k = inner.clone();
    s.set_shell_get_diagonal(move |d| k.borrow().diagonal_into(d))?;
    if closures {
        let k = inner.clone();
        s.set_shell_shift(move |a| k.borrow_mut().shift(a))?;
        let k = inner.clone();
        s.set_shell_scale(move |a| k.borrow_mut().scale(a))?;
        let k = inner.clone();
        s.set_shell_diagonal_scale(move |l, r| k.borrow_mut().diagonal_scale(l, r))?;
        let k = inner.clone();
        s.set_shell_diagonal_set(move |d, mode| k.borrow_mut().set_diagonal(d, mode))?;
    }
    Ok((s, inner))
}

/// Shift, scale, diagonal scaling and diagonal set, on PETSc's own bookkeeping and on
/// closures: the products equal those of the assembled matrix given the same
/// operations, and so do the diagonals.
fn shell_scalings(petsc: &Petsc) -> petsc::Result<()> {
    for closures in [false, true] {
        let mut a = assembled(petsc)?;
        let (mut s, _inner) = shell(petsc, closures)?;
        let l = vector(&a, |i| 1.0 + (i % 3) as f64)?;
        let r = vector(&a, |i| 2.0 - (i % 4) as f64 / 8.0)?;
        let d = vector(&a, |i| (i % 6) as f64 / 5.0)?;
        for m in [&mut a, &mut s] {
            m.shift(0.75)?;
            m.scale(-1.5)?;
            m.diagonal_scale(Some(&l), None)?;
            m.diagonal_scale(None, Some(&r))?;
            m.set_diagonal(&d, InsertMode::Add)?;
            m.shift(0.25)?;
        }
        let gap = product_gap(&a, &s)?;
        assert!(gap < 1e-12, "closures {closures}: products differ by {gap}");
        let (mut da, mut ds) = a.create_vecs()?;
        a.diagonal_into(&mut da)?;
        s.diagonal_into(&mut ds)?;
        ds.axpy(-1.0, &da)?;
        assert!(
            ds.norm(NormType::Infinity)? < 1e-12,
            "closures {closures}: diagonals"
        );
    }
    // Inserting a diagonal: through the closure (PETSc's bookkeeping needs the
    // diagonal first, which this shell has too).
    for closures in [false, true] {
        let mut a = assembled(petsc)?;
        let (mut s, _inner) = shell(petsc, closures)?;
        let d = vector(&a, |i| 3.0 + (i % 2) as f64)?;
        a.set_diagonal(&d, InsertMode::Insert)?;
        s.set_diagonal(&d, InsertMode::Insert)?;
        let gap = product_gap(&a, &s)?;
        assert!(
            gap < 1e-12,
            "closures {closures}: insert, products differ by {gap}"
        );
    }
    Ok(())
}

/// KSP through shifted and scaled shells (PETSc's bookkeeping and closures) takes the
/// iterations it takes on the assembled matrix given the same shift and scaling, to
/// the same solution.
fn shell_solves(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let solve = |op: &Mat, b: &Vector| -> petsc::Result<(Int, Vector)> {
        let mut ksp = Ksp::new(&world)?;
        ksp.set_operators(op, op)?;
        ksp.set_type(KspType::Cg)?;
        ksp.pc()?.set_type(PcType::Jacobi)?;
        ksp.set_tolerances(KspTolerances {
            rtol: Some(1e-12),
            ..Default::default()
        })?;
        let mut x = b.duplicate()?;
        ksp.solve(b, &mut x)?.check()?;
        Ok((ksp.iteration_number()?, x))
    };
    let mut a = assembled(petsc)?;
    a.shift(0.5)?;
    a.scale(2.0)?;
    let b = vector(&a, |i| 1.0 + (i % 3) as f64)?;
    let (its_a, xa) = solve(&a, &b)?;
    for closures in [false, true] {
        let (mut s, _inner) = shell(petsc, closures)?;
        s.shift(0.5)?;
        s.scale(2.0)?;
        let (its_s, mut xs) = solve(&s, &b)?;
        assert_eq!(its_s, its_a, "closures {closures}");
        xs.axpy(-1.0, &xa)?;
        assert!(xs.norm(NormType::Infinity)? < 1e-10, "closures {closures}");
    }
    Ok(())
}

/// Norms and zeroing through closures equal the assembled matrix's; a failing and a
/// panicking closure are the call's `Err`, and the shell works after; the closures
/// of the scalings are refused on a matrix that is not a shell.
fn shell_norms_zero_and_failures(petsc: &Petsc) -> petsc::Result<()> {
    let mut a = assembled(petsc)?;
    let (mut s, inner) = shell(petsc, true)?;
    let k = inner.clone();
    s.set_shell_norm(move |ty| k.borrow().norm(ty))?;
    for ty in [NormType::One, NormType::Frobenius, NormType::Infinity] {
        let (na, ns) = (a.norm(ty)?, s.norm(ty)?);
        assert!((na - ns).abs() < 1e-12 * na, "{ty:?}: {na} against {ns}");
    }

    // A failing shift, then a panicking scale: each the call's Err; the shell works.
    let fail = Rc::new(std::cell::Cell::new(true));
    let (f, k) = (fail.clone(), inner.clone());
    s.set_shell_shift(move |x| {
        if f.get() {
            return Err(Error::invalid("shift", "refused on purpose"));
        }
        k.borrow_mut().shift(x)
    })?;
    let e = s.shift(1.0).unwrap_err();
    assert!(e.report().contains("refused on purpose"), "{e}");
    assert!(product_gap(&a, &s)? < 1e-12);
    fail.set(false);
    s.shift(1.0)?;
    a.shift(1.0)?;
    assert!(product_gap(&a, &s)? < 1e-12);
    s.set_shell_scale(|_| panic!("scale panics on purpose"))?;
    let e = s.scale(3.0).unwrap_err();
    assert!(matches!(e, Error::CallbackPanic { .. }), "{e:?}");
    assert!(product_gap(&a, &s)? < 1e-12);

    // Zeroing.
    let k = inner.clone();
    s.set_shell_zero_entries(move || k.borrow_mut().zero_entries())?;
    s.zero_entries()?;
    a.zero_entries()?;
    assert!(product_gap(&a, &s)? < 1e-12);
    let x = vector(&a, |_| 1.0)?;
    let mut y = x.duplicate()?;
    s.mult(&x, &mut y)?;
    assert_eq!(y.norm(NormType::Infinity)?, 0.0);

    let mut aij = assembled(petsc)?;
    let e = aij.set_shell_shift(|_| Ok(())).unwrap_err();
    assert!(e.report().contains("not a shell matrix"), "{e}");
    Ok(())
}

/// A duplicate and a copy of a shell share its closures and keep PETSc's shift and
/// scaling, and work after the source is dropped; a duplicate without values has no
/// product (an `Err`); a duplicate closure gives the copy closures of its own; a
/// failing one is the call's `Err`.
fn shell_copies(petsc: &Petsc) -> petsc::Result<()> {
    let mut a = assembled(petsc)?;
    a.shift(0.5)?;
    a.scale(3.0)?;
    let (mut s, _inner) = shell(petsc, false)?;
    s.shift(0.5)?;
    s.scale(3.0)?;
    let dup = s.duplicate(MatDuplicateOption::CopyValues)?;
    let (mut target, _other) = shell(petsc, false)?;
    target.copy_from(&s)?;
    let blank = s.duplicate(MatDuplicateOption::DoNotCopyValues)?;
    drop(s);
    assert!(product_gap(&a, &dup)? < 1e-12);
    assert!(product_gap(&a, &target)? < 1e-12);
    assert!(product_gap(&a, &blank).is_err());
    // The diagonal closure is shared too.
    let (mut da, mut dd) = a.create_vecs()?;
    a.diagonal_into(&mut da)?;
    dup.diagonal_into(&mut dd)?;
    dd.axpy(-1.0, &da)?;
    assert!(dd.norm(NormType::Infinity)? < 1e-12);

    // A duplicate closure: a fresh shell of the (unshifted) operator.
    let (mut s, _inner) = shell(petsc, false)?;
    let p = petsc.clone();
    s.set_shell_duplicate(move |_| Ok(shell(&p, false)?.0))?;
    s.shift(10.0)?;
    let fresh = s.duplicate(MatDuplicateOption::CopyValues)?;
    assert!(product_gap(&assembled(petsc)?, &fresh)? < 1e-12);
    s.set_shell_duplicate(|_| Err(Error::invalid("duplicate", "no copies today")))?;
    let e = s.duplicate(MatDuplicateOption::CopyValues).unwrap_err();
    assert!(e.report().contains("no copies today"), "{e}");
    let world = petsc.world();
    s.set_shell_duplicate(move |_| {
        Mat::shell(&world)
            .sizes(Sizes::global(N + 1, N + 1))
            .build(|x, y| y.copy_from(x))
    })?;
    assert!(s.duplicate(MatDuplicateOption::CopyValues).is_err());
    let mut shifted = assembled(petsc)?;
    shifted.shift(10.0)?;
    assert!(product_gap(&shifted, &s)? < 1e-12);
    Ok(())
}

/// Rows given by a closure equal the assembled matrix's; one row at a time; a closure
/// giving a column out of range is an `Err`, and rows work after.
fn shell_rows(petsc: &Petsc) -> petsc::Result<()> {
    let a = assembled(petsc)?;
    let (mut s, inner) = shell(petsc, false)?;
    let k = inner.clone();
    s.set_shell_get_row(move |i| {
        let m = k.borrow();
        let r = m.row(i)?;
        Ok((r.cols().to_vec(), r.values().to_vec()))
    })?;
    for i in a.ownership_range()? {
        let (ra, rs) = (a.row(i)?, s.row(i)?);
        assert_eq!(ra.cols(), rs.cols());
        for (x, y) in ra.values().iter().zip(rs.values()) {
            assert!((re(*x) - re(*y)).abs() < 1e-14);
        }
    }
    let lo = a.ownership_range()?.start;
    let r = s.row(lo)?;
    assert!(s.row(lo).is_err(), "a second row while one is lent");
    drop(r);
    s.set_shell_get_row(|_| Ok((vec![N], vec![Scalar::from(1.0)])))?;
    let e = s.row(lo).unwrap_err();
    assert!(e.report().contains("outside"), "{e}");
    s.set_shell_get_row(|i| Ok((vec![i], vec![Scalar::from(1.0)])))?;
    assert_eq!(s.row(lo)?.cols(), &[lo]);
    Ok(())
}

/// The product of an assembled matrix replaced by a closure (`MatSetOperation`): the
/// solves go through it (same iterations as PETSc's own product), a duplicate has the
/// same product, a failing one is the solve's `Err` and the matrix solves after.
fn operation_mult(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let a = assembled(petsc)?;
    let mut m = assembled(petsc)?;
    let calls = Rc::new(std::cell::Cell::new(0usize));
    let fail = Rc::new(std::cell::Cell::new(false));
    let (c, f, inner) = (
        calls.clone(),
        fail.clone(),
        a.duplicate(MatDuplicateOption::CopyValues)?,
    );
    m.set_operation_mult(move |x, y| {
        if f.get() {
            return Err(Error::invalid("product", "refused on purpose"));
        }
        c.set(c.get() + 1);
        inner.mult(x, y)
    })?;
    let b = vector(&a, |i| 1.0 + (i % 3) as f64)?;
    let solve = |op: &Mat| -> petsc::Result<(Int, Vector)> {
        let mut ksp = Ksp::new(&world)?;
        ksp.set_operators(op, op)?;
        ksp.set_type(KspType::Cg)?;
        ksp.pc()?.set_type(PcType::Jacobi)?;
        let mut x = b.duplicate()?;
        ksp.solve(&b, &mut x)?.check()?;
        Ok((ksp.iteration_number()?, x))
    };
    let (its_a, xa) = solve(&a)?;
    let (its_m, mut xm) = solve(&m)?;
    assert_eq!(its_a, its_m);
    assert!(calls.get() >= its_m as usize);
    xm.axpy(-1.0, &xa)?;
    assert!(xm.norm(NormType::Infinity)? < 1e-10);
    // AIJ's duplicate has AIJ's own product again; the closure is shared, unused.
    let dup = m.duplicate(MatDuplicateOption::CopyValues)?;
    assert!(product_gap(&a, &dup)? < 1e-12);
    fail.set(true);
    let e = solve(&m).unwrap_err();
    assert!(e.report().contains("refused on purpose"), "{e}");
    fail.set(false);
    let (its, _) = solve(&m)?;
    assert_eq!(its, its_a);
    Ok(())
}

pub fn cases() -> Vec<Case> {
    vec![
        Case::new("shell_scalings", shell_scalings).ranks(&[1, 2, 3]),
        Case::new("shell_solves", shell_solves).ranks(&[1, 2, 3]),
        Case::new(
            "shell_norms_zero_and_failures",
            shell_norms_zero_and_failures,
        )
        .ranks(&[1, 2, 3]),
        Case::new("shell_copies", shell_copies).ranks(&[1, 2, 3]),
        Case::new("shell_rows", shell_rows).ranks(&[1, 2, 3]),
        Case::new("operation_mult", operation_mult).ranks(&[1, 2, 3]),
    ]
}
