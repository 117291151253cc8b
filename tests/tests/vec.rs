//! Vector operations against closed forms, at 1, 2 and 3 ranks.

use petsc::{InsertMode, Int, NormType, Petsc, Scalar, Vector};
use petsc_tests::{run, Case};

/// x_i = i on a distributed vector; sums, norms, max/min and dot products have closed forms.
fn closed_forms(petsc: &Petsc) -> petsc::Result<()> {
    let n = 10;
    let world = petsc.world();
    let mut x = Vector::new_mpi(&world, None, Some(n))?;
    let r = x.ownership_range()?;
    {
        let mut a = x.view_mut()?;
        for (k, v) in a.iter_mut().enumerate() {
            *v = Scalar::from((r.start + k as Int) as f64);
        }
    }
    assert_eq!(x.sum()?, Scalar::from(45.0));
    assert_eq!(x.norm(NormType::One)?, 45.0);
    assert!((x.norm(NormType::Two)? - 285f64.sqrt()).abs() < 1e-12);
    assert_eq!(x.norm(NormType::Infinity)?, 9.0);
    let m = x.max()?;
    assert_eq!((m.index, m.value), (9, 9.0));
    let m = x.min()?;
    assert_eq!((m.index, m.value), (0, 0.0));
    assert_eq!(x.dot(&x)?, Scalar::from(285.0));
    let mut y = x.duplicate()?;
    y.set(1.0)?;
    y.axpy(2.0, &x)?; // 2i + 1
    assert_eq!(y.sum()?, Scalar::from(100.0));
    y.aypx(-1.0, &x)?; // i - (2i+1) = -i - 1
    assert_eq!(y.sum()?, Scalar::from(-55.0));
    let mut w = x.duplicate()?;
    w.waxpy(1.0, &x, &y)?; // -1
    assert_eq!(w.sum()?, Scalar::from(-10.0));
    w.pointwise_mult(&x, &x)?;
    assert_eq!(w.sum()?, Scalar::from(285.0));
    w.scale(0.5)?;
    w.shift(1.0)?;
    assert_eq!(w.sum()?, Scalar::from(152.5));
    Ok(())
}

/// Values set by rank 0 for every index arrive at their owners after assembly.
fn set_values_across_ranks(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let n = 7;
    let mut x = Vector::new_mpi(&world, None, Some(n))?;
    x.set(0.0)?;
    if world.rank() == 0 {
        let idx: Vec<Int> = (0..n).collect();
        let vals: Vec<Scalar> = idx.iter().map(|&i| Scalar::from((i * i) as f64)).collect();
        x.set_values(&idx, &vals, InsertMode::Insert)?;
    }
    x.assemble()?;
    x.set_values(&[0], &[Scalar::from(1.0)], InsertMode::Add)?;
    x.assemble()?;
    let all = x.to_all()?;
    let a = all.view()?;
    let expect: Vec<Scalar> = (0..n)
        .map(|i| {
            let added = if i == 0 { world.size() as f64 } else { 0.0 };
            Scalar::from((i * i) as f64 + added)
        })
        .collect();
    assert_eq!(&*a, &expect[..]);
    let zero = x.to_zero()?;
    let len = zero.view()?.len();
    assert_eq!(len, if world.rank() == 0 { n as usize } else { 0 });
    let r = x.ownership_range()?;
    assert_eq!(x.get_values(&[r.start])?, vec![expect[r.start as usize]]);
    Ok(())
}

fn bad_input(petsc: &Petsc) -> petsc::Result<()> {
    let mut x = Vector::new_seq(&petsc.self_comm(), 3)?;
    let e = x
        .set_values(&[0, 1], &[Scalar::from(1.0)], InsertMode::Insert)
        .unwrap_err();
    assert!(e.to_string().contains("2 indices but 1 values"), "{e}");
    let e = x
        .set_values(&[3], &[Scalar::from(1.0)], InsertMode::Insert)
        .unwrap_err();
    assert!(e.to_string().contains("index 3"), "{e}");
    let y = Vector::new_seq(&petsc.self_comm(), 4)?;
    // Checked before PETSc is called, so the error is the same on every PETSc version.
    let e = x.copy_from(&y).unwrap_err();
    match &e {
        petsc::Error::SizeMismatch { context, detail } => {
            assert_eq!(context, "Vector::copy_from");
            assert_eq!(detail, "the source has global size 4 but this vector has 3");
        }
        other => panic!("expected Error::SizeMismatch, got {other:?}"),
    }
    // An error PETSc finds comes back with its code, message and traceback.
    let e = x.axpy(1.0, &y).unwrap_err();
    match &e {
        petsc::Error::Petsc {
            code,
            message,
            traceback,
            ..
        } => {
            assert_eq!(*code, 75, "{e}");
            assert!(message.contains("Incompatible vector"), "{e}");
            assert!(traceback.iter().any(|t| t.starts_with("VecAXPY")), "{e}");
        }
        other => panic!("expected a PETSc error, got {other:?}"),
    }
    let e = x.get_values(&[5]).unwrap_err();
    assert!(e.to_string().contains("not owned"), "{e}");
    let e = Vector::new_mpi(&petsc.world(), None, None).unwrap_err();
    assert!(
        e.to_string()
            .contains("give the local or the global number of entries"),
        "{e}"
    );
    // The process keeps working.
    x.set(2.0)?;
    assert_eq!(x.sum()?, Scalar::from(6.0));
    Ok(())
}

fn second_init_is_an_error(_petsc: &Petsc) -> petsc::Result<()> {
    let e = Petsc::builder().init().unwrap_err();
    assert!(matches!(e, petsc::Error::AlreadyInitialized), "{e}");
    Ok(())
}

/// Dropping a writable view restores the array (`VecRestoreArray`), which tells PETSc
/// the values changed: a norm cached before the write is not reused after it.
fn views_restore_and_invalidate_cached_norms(petsc: &Petsc) -> petsc::Result<()> {
    let mut x = Vector::new_mpi(&petsc.world(), None, Some(6))?;
    x.set(1.0)?;
    assert_eq!(x.norm(NormType::One)?, 6.0);
    assert_eq!(x.norm(NormType::One)?, 6.0); // now cached
    for v in x.view_mut()?.iter_mut() {
        *v = Scalar::from(2.0);
    }
    assert_eq!(x.norm(NormType::One)?, 12.0);
    assert_eq!(x.max()?.value, 2.0);
    Ok(())
}

fn ndarray_views(petsc: &Petsc) -> petsc::Result<()> {
    let mut x = Vector::from_slice(&petsc.self_comm(), &[1.0, 2.0, 3.0].map(Scalar::from))?;
    {
        let mut v = x.view_mut()?;
        v.as_ndarray_mut().mapv_inplace(|a| a * 10.0);
    }
    assert_eq!(
        x.view()?.as_ndarray().to_vec(),
        [10.0, 20.0, 30.0].map(Scalar::from)
    );
    // Two read views at once are fine; both are restored.
    let a = x.view()?;
    let b = x.view()?;
    assert_eq!(a[0], b[0]);
    drop((a, b));
    x.set(0.0)?;
    Ok(())
}

/// A distributed vector written to a PETSc binary file and read back, and ASCII output.
fn viewers(petsc: &Petsc) -> petsc::Result<()> {
    use petsc::{FileMode, Object, Viewer};
    let world = petsc.world();
    let dir = std::env::temp_dir();
    // The same name on every rank (rank count in it so runs do not collide).
    let base = dir.join(format!("petsc-rs-viewers-{}", world.size()));
    let bin = format!("{}.bin", base.display());
    let mut x = Vector::new_mpi(&world, None, Some(9))?;
    let r = x.ownership_range()?;
    for (k, v) in x.view_mut()?.iter_mut().enumerate() {
        *v = Scalar::from(0.5 * (r.start as usize + k) as f64);
    }
    x.view_with(&Viewer::binary_file(&world, &bin, FileMode::Write)?)?;
    let y = Vector::load(&world, &Viewer::binary_file(&world, &bin, FileMode::Read)?)?;
    assert_eq!(y.size()?, 9);
    let mut d = y.duplicate()?;
    d.waxpy(-1.0, &x, &y)?;
    assert_eq!(d.norm(NormType::Infinity)?, 0.0);
    let txt = format!("{}.txt", base.display());
    {
        let viewer = Viewer::ascii_file(&world, &txt)?;
        x.view_with(&viewer)?;
    }
    world.barrier()?;
    if world.rank() == 0 {
        let text = std::fs::read_to_string(&txt).expect("ascii output");
        assert!(text.contains("Vec Object"), "{text}");
        assert!(text.contains("4."), "{text}");
        let _ = std::fs::remove_file(&txt);
        let _ = std::fs::remove_file(&bin);
        let _ = std::fs::remove_file(format!("{bin}.info"));
    }
    Ok(())
}

/// Complex entries `x_k = k + i (k mod 3)`: the dot product conjugates its argument and
/// `tdot` does not, norms use moduli, max and min compare real parts.
#[cfg(petsc_complex)]
fn complex_entries(petsc: &Petsc) -> petsc::Result<()> {
    use petsc::Complex;
    use petsc_tests::assert_close;
    let n = 10;
    let z = |k: Int| Complex::new(k as f64, (k % 3) as f64);
    let all: Vec<Complex<f64>> = (0..n).map(z).collect();
    let mut x = Vector::new_mpi(&petsc.world(), None, Some(n))?;
    let r = x.ownership_range()?;
    for (k, v) in x.view_mut()?.iter_mut().enumerate() {
        *v = z(r.start + k as Int);
    }
    let mut ones = x.duplicate()?;
    ones.set(1.0)?;
    // Integer-valued parts: every sum below is exact.
    let sum: Complex<f64> = all.iter().sum();
    assert_eq!(sum, Complex::new(45.0, 9.0));
    assert_eq!(x.sum()?, sum);
    assert_eq!(x.dot(&ones)?, sum); // ones^H x
    assert_eq!(ones.dot(&x)?, sum.conj()); // x^H ones
    let sq: f64 = all.iter().map(|v| v.norm_sqr()).sum();
    assert_eq!(x.dot(&x)?, Complex::from(sq));
    let t: Complex<f64> = all.iter().map(|v| v * v).sum();
    assert_eq!(x.tdot(&x)?, t);
    assert_close(x.norm(NormType::Two)?, sq.sqrt(), 1e-14);
    let one: f64 = all.iter().map(|v| v.norm()).sum();
    assert_close(x.norm(NormType::One)?, one, 1e-14);
    assert_close(x.norm(NormType::Infinity)?, 9.0, 1e-14);
    let m = x.max()?;
    assert_eq!((m.index, m.value), (9, 9.0));
    let m = x.min()?;
    assert_eq!((m.index, m.value), (0, 0.0));
    // Multiplying by i turns (a, b) into (-b, a).
    let mut y = x.duplicate()?;
    y.copy_from(&x)?;
    y.scale(Complex::new(0.0, 1.0))?;
    assert_eq!(y.sum()?, Complex::new(-9.0, 45.0));
    assert_eq!(y.max()?.value, 0.0);
    assert_eq!(y.min()?.value, -2.0);
    // abs replaces each entry by its modulus.
    y.abs()?;
    assert_close(y.sum()?.re, one, 1e-14);
    assert_eq!(y.sum()?.im, 0.0);
    Ok(())
}

fn main() {
    let cases = vec![
        Case::new("closed_forms", closed_forms).ranks(&[1, 2, 3]),
        Case::new("set_values_across_ranks", set_values_across_ranks).ranks(&[1, 2, 3]),
        Case::new("bad_input", bad_input),
        Case::new("second_init_is_an_error", second_init_is_an_error),
        Case::new("ndarray_views", ndarray_views),
        Case::new(
            "views_restore_and_invalidate_cached_norms",
            views_restore_and_invalidate_cached_norms,
        )
        .ranks(&[1, 2]),
        Case::new("viewers", viewers).ranks(&[1, 2, 3]),
    ];
    #[cfg(petsc_complex)]
    let cases = [
        cases,
        vec![Case::new("complex_entries", complex_entries).ranks(&[1, 2, 3])],
    ]
    .concat();
    run(&cases);
}
