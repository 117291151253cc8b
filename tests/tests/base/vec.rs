//! Vector operations against closed forms, at 1, 2 and 3 ranks.

use petsc::{InsertMode, Int, NormType, Petsc, Scalar, Vector};
use petsc_tests::Case;

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
    assert_eq!(x.values(&[r.start])?, vec![expect[r.start as usize]]);
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
    // So are the layouts of `axpy` (on every rank at once: PETSc's own check failed on
    // the mismatching ranks only; PETSc's errors, with their tracebacks, are tested in
    // `core`).
    let e = x.axpy(1.0, &y).unwrap_err();
    match &e {
        petsc::Error::SizeMismatch { context, detail } => {
            assert_eq!(context, "Vector::axpy");
            assert_eq!(detail, "x has global size 4 but this vector has 3");
        }
        other => panic!("expected Error::SizeMismatch, got {other:?}"),
    }
    let e = x.values(&[5]).unwrap_err();
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

/// `create`, `set_sizes`, block size and type from the options database, prefixes, and
/// every rank's ownership range.
fn generic_creation(petsc: &Petsc) -> petsc::Result<()> {
    use petsc::{Object, VecType};
    let world = petsc.world();
    let size = world.size() as Int;
    let mut x = Vector::new(&world)?;
    x.set_options_prefix("gen_")?;
    x.append_options_prefix("vec_")?;
    assert_eq!(x.options_prefix()?, "gen_vec_");
    petsc.options().set_value("gen_vec_vec_type", "mpi")?;
    x.set_sizes(None, Some(6 * size))?;
    x.set_block_size(3)?;
    x.set_from_options()?;
    x.set_up()?;
    assert_eq!(x.ty()?, Some(VecType::Mpi));
    assert_eq!(x.type_name()?, "mpi");
    assert_eq!(x.block_size()?, 3);
    let ranges = x.ownership_ranges()?;
    assert_eq!(ranges.len(), size as usize + 1);
    assert_eq!((ranges[0], ranges[size as usize]), (0, 6 * size));
    assert!(ranges.windows(2).all(|w| (w[1] - w[0]) % 3 == 0));
    let r = world.rank() as usize;
    assert_eq!(ranges[r]..ranges[r + 1], x.ownership_range()?);
    x.set(2.0)?;
    assert_eq!(x.sum()?, Scalar::from(12.0 * size as f64));
    let e = x.set_type_name("nosuchtype").unwrap_err();
    assert!(
        e.to_string().contains("unknown Vec type 'nosuchtype'"),
        "{e}"
    );
    assert_eq!(x.type_name()?, "mpi");
    // A vector without sizes refuses array access with an error.
    let y = Vector::new(&world)?;
    assert!(y.view().is_err());
    Ok(())
}

/// A periodic 1-D grid with three entries per rank; each rank keeps copies of its left
/// and right neighbours' nearest entries.
fn ghost_layout(petsc: &Petsc) -> petsc::Result<(Vector, Int, Int, [Int; 2])> {
    let world = petsc.world();
    let (rank, size) = (world.rank() as Int, world.size() as Int);
    let (nlocal, n) = (3, 3 * size);
    let (lo, hi) = (nlocal * rank, nlocal * (rank + 1));
    let ghosts = [(lo + n - 1) % n, hi % n];
    let x = Vector::new_ghost(&world, nlocal, None, &ghosts)?;
    assert_eq!(x.ownership_range()?, lo..hi);
    Ok((x, lo, n, ghosts))
}

fn ghost_updates(petsc: &Petsc) -> petsc::Result<()> {
    use petsc::ScatterMode;
    let (mut x, lo, _n, ghosts) = ghost_layout(petsc)?;
    // Forward: the copies receive their owners' values x_i = 10 i.
    for (k, v) in x.view_mut()?.iter_mut().enumerate() {
        *v = Scalar::from(10.0 * (lo + k as Int) as f64);
    }
    x.ghost_update(InsertMode::Insert, ScatterMode::Forward)?;
    {
        let local = x.local_form()?;
        assert_eq!(local.size()?, 5);
        let expect: Vec<Scalar> = (lo..lo + 3)
            .chain(ghosts)
            .map(|i| Scalar::from(10.0 * i as f64))
            .collect();
        assert_eq!(&*local.view()?, &expect[..]);
    }
    // Writes through the local form reach the global vector, and the guard's restore
    // tells PETSc so: a norm cached before is not reused (PETSc 3.25 and later lend
    // the form without a reference; the guard holds its own).
    x.set(1.0)?;
    assert_eq!(x.norm(NormType::Infinity)?, 1.0);
    x.local_form()?.set(7.0)?;
    assert_eq!(x.norm(NormType::Infinity)?, 7.0);
    assert!(petsc::take_destroy_failures().is_empty());
    // Reverse with Add: every entry of every local form contributes 1 to its owner;
    // each rank's first and last entries are some rank's ghosts once.
    x.local_form()?.set(1.0)?;
    let pending = x.ghost_update_begin(InsertMode::Add, ScatterMode::Reverse)?;
    pending.end()?;
    assert_eq!(
        &*x.view()?,
        &[2.0, 1.0, 2.0].map(Scalar::from),
        "owned entries after the reverse update"
    );
    // A guard dropped without `end` finishes the update.
    x.set(5.0)?;
    drop(x.ghost_update_begin(InsertMode::Insert, ScatterMode::Forward)?);
    assert_eq!(x.local_form()?.view()?[3], Scalar::from(5.0));
    assert!(petsc::take_destroy_failures().is_empty());
    // A forgotten guard: the vector stays locked, and dropping it ends the update.
    let mut z = x.duplicate()?;
    z.set(1.0)?;
    std::mem::forget(z.ghost_update_begin(InsertMode::Insert, ScatterMode::Forward)?);
    assert!(z.view().is_err());
    assert!(z.norm(NormType::One).is_err());
    drop(z);
    assert!(petsc::take_destroy_failures().is_empty());
    // Local indices: 3 and 4 are the ghosts; values added there reach their owners.
    x.set(0.0)?;
    x.set_values_local(
        &[3, 4, -1],
        &[1.0, 1.0, 7.0].map(Scalar::from),
        InsertMode::Add,
    )?;
    x.assemble()?;
    assert_eq!(&*x.view()?, &[1.0, 0.0, 1.0].map(Scalar::from));
    // A duplicate is ghosted too.
    let mut y = x.duplicate()?;
    y.set(1.0)?;
    y.ghost_update(InsertMode::Insert, ScatterMode::Forward)?;
    assert_eq!(y.local_form()?.norm(NormType::One)?, 5.0);
    Ok(())
}

/// Ghosted vectors of blocks, and `set_mpi_ghost` on a plain distributed vector.
fn ghost_blocks(petsc: &Petsc) -> petsc::Result<()> {
    use petsc::{ScatterMode, VecType};
    let world = petsc.world();
    let (rank, size) = (world.rank() as Int, world.size() as Int);
    // Two blocks of 2 per rank; each rank copies the next rank's first block.
    let next_block = (2 * (rank + 1)) % (2 * size);
    let mut x = Vector::new_ghost_blocked(&world, 2, 4, None, &[next_block])?;
    let lo = x.ownership_range()?.start;
    for (k, v) in x.view_mut()?.iter_mut().enumerate() {
        *v = Scalar::from((lo + k as Int) as f64);
    }
    x.ghost_update(InsertMode::Insert, ScatterMode::Forward)?;
    {
        let l = x.local_form()?;
        let v = l.view()?;
        let g = 2 * next_block;
        assert_eq!(&v[4..], &[g as f64, (g + 1) as f64].map(Scalar::from));
    }
    x.set(0.0)?;
    x.set_values_blocked_local(&[2], &[1.0, 2.0].map(Scalar::from), InsertMode::Add)?;
    x.assemble()?;
    assert_eq!(&*x.view()?, &[1.0, 2.0, 0.0, 0.0].map(Scalar::from));
    let mut y = Vector::new(&world)?;
    y.set_sizes(Some(2), None)?;
    y.set_type(VecType::Mpi)?;
    let first_of_next = (2 * (rank + 1)) % (2 * size);
    y.set_mpi_ghost(&[first_of_next])?;
    let lo = y.ownership_range()?.start;
    y.view_mut()?
        .copy_from_slice(&[lo as f64, (lo + 1) as f64].map(Scalar::from));
    y.ghost_update(InsertMode::Insert, ScatterMode::Forward)?;
    assert_eq!(
        y.local_form()?.view()?[2],
        Scalar::from(first_of_next as f64)
    );
    Ok(())
}

/// Three interleaved fields, entry (block k, field f) = (k + 1) (f + 1) (-1)^k.
fn strided_fields(petsc: &Petsc) -> petsc::Result<()> {
    use petsc::VecType;
    let world = petsc.world();
    let (bs, nb) = (3, 7 as Int);
    let mut x = Vector::new(&world)?;
    x.set_sizes(None, Some(bs * nb))?;
    x.set_block_size(bs)?;
    x.set_type(VecType::Standard)?;
    let value = |k: Int, f: Int| ((k + 1) * (f + 1)) as f64 * if k % 2 == 0 { 1.0 } else { -1.0 };
    // Rank 0 sets every block, by block index.
    x.set(0.0)?;
    if world.rank() == 0 {
        let idx: Vec<Int> = (0..nb).rev().collect();
        let vals: Vec<Scalar> = idx
            .iter()
            .flat_map(|&k| (0..bs).map(move |f| Scalar::from(value(k, f))))
            .collect();
        x.set_values_blocked(&idx, &vals, InsertMode::Insert)?;
    }
    x.assemble()?;
    let sq: f64 = (1..=nb).map(|k| (k * k) as f64).sum();
    for f in 0..bs {
        let c = (f + 1) as f64;
        petsc_tests::assert_close(x.stride_norm(f, NormType::Two)?, c * sq.sqrt(), 1e-14);
        assert_eq!(x.stride_norm(f, NormType::One)?, c * 28.0);
        assert_eq!(x.stride_norm(f, NormType::Infinity)?, c * 7.0);
        // (1 - 2 + 3 - 4 + 5 - 6 + 7) (f + 1)
        assert_eq!(x.stride_sum(f)?, Scalar::from(4.0 * c));
        let m = x.stride_max(f)?;
        assert_eq!((m.index, m.value), (6 * bs + f, 7.0 * c));
        let m = x.stride_min(f)?;
        assert_eq!((m.index, m.value), (5 * bs + f, -6.0 * c));
    }
    // Gather field 1 into a one-field vector, scale, scatter back into field 2.
    let mut s = Vector::new_mpi(&world, Some(x.local_size()? / bs), None)?;
    x.stride_gather(1, &mut s, InsertMode::Insert)?;
    assert_eq!(s.sum()?, Scalar::from(8.0));
    s.scale(0.5)?;
    s.stride_scatter(2, &mut x, InsertMode::Insert)?;
    assert_eq!(x.stride_sum(2)?, Scalar::from(4.0));
    x.stride_scale(0, -2.0)?;
    assert_eq!(x.stride_sum(0)?, Scalar::from(-8.0));
    assert_eq!(x.stride_sum(1)?, Scalar::from(8.0));
    Ok(())
}

/// Entrywise operations against the same computation on each rank's entries.
fn pointwise_against_entries(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let n = 11;
    let fx = |i: Int| (i + 1) as f64;
    let fy = |i: Int| ((i % 4) as f64 - 1.5) * 2.0; // -3, -1, 1, 3
    let mut x = Vector::new_mpi(&world, None, Some(n))?;
    let r = x.ownership_range()?;
    for (k, v) in x.view_mut()?.iter_mut().enumerate() {
        *v = Scalar::from(fx(r.start + k as Int));
    }
    let mut y = x.duplicate()?;
    for (k, v) in y.view_mut()?.iter_mut().enumerate() {
        *v = Scalar::from(fy(r.start + k as Int));
    }
    let local = |v: &Vector| -> petsc::Result<Vec<f64>> {
        Ok(v.view()?.iter().map(|&s| to_real(s)).collect())
    };
    let each =
        |f: &dyn Fn(f64, f64) -> f64| -> Vec<f64> { r.clone().map(|i| f(fx(i), fy(i))).collect() };
    let close = |a: Vec<f64>, b: Vec<f64>| {
        assert_eq!(a.len(), b.len());
        for (p, q) in a.iter().zip(&b) {
            petsc_tests::assert_close(*p, *q, 1e-14);
        }
    };
    let mut w = x.duplicate()?;
    w.pointwise_mult(&x, &y)?;
    close(local(&w)?, each(&|a, b| a * b));
    w.pointwise_divide(&x, &y)?;
    close(local(&w)?, each(&|a, b| a / b));
    w.pointwise_max(&x, &y)?;
    close(local(&w)?, each(&|a, b| a.max(b)));
    w.pointwise_min(&x, &y)?;
    close(local(&w)?, each(&|a, b| a.min(b)));
    let mut negx = x.duplicate()?;
    negx.axpby(-1.0, 0.0, &x)?;
    w.pointwise_max_abs(&negx, &y)?;
    close(local(&w)?, each(&|a, b| a.abs().max(b.abs())));
    let global_max = (0..n).map(|i| (fx(i) / fy(i)).abs()).fold(0.0, f64::max);
    petsc_tests::assert_close(x.max_pointwise_divide(&y)?, global_max, 1e-14);
    w.copy_from(&y)?;
    w.reciprocal()?;
    close(local(&w)?, each(&|_, b| 1.0 / b));
    w.copy_from(&y)?;
    w.abs()?;
    close(local(&w)?, each(&|_, b| b.abs()));
    w.copy_from(&y)?;
    w.sqrt_abs()?;
    close(local(&w)?, each(&|_, b| b.abs().sqrt()));
    w.copy_from(&x)?;
    w.log()?;
    close(local(&w)?, each(&|a, _| a.ln()));
    w.exp()?;
    close(local(&w)?, each(&|a, _| a));
    w.conjugate()?;
    close(local(&w)?, each(&|a, _| a));
    // Combinations.
    w.copy_from(&y)?;
    w.axpby(2.0, -3.0, &x)?;
    close(local(&w)?, each(&|a, b| 2.0 * a - 3.0 * b));
    w.copy_from(&y)?;
    w.maxpy(&[0.5, -1.0].map(Scalar::from), &[&x, &negx])?;
    close(local(&w)?, each(&|a, b| b + 1.5 * a));
    w.waxpy(-2.0, &y, &x)?;
    close(local(&w)?, each(&|a, b| a - 2.0 * b));
    w.shift(1.0)?;
    close(local(&w)?, each(&|a, b| a - 2.0 * b + 1.0));
    w.chop(1.5)?;
    close(
        local(&w)?,
        each(&|a, b| {
            let v = a - 2.0 * b + 1.0;
            if v.abs() < 1.5 {
                0.0
            } else {
                v
            }
        }),
    );
    // Reductions and comparisons.
    let nx: f64 = (0..n).map(|i| fx(i) * fx(i)).sum::<f64>().sqrt();
    w.copy_from(&x)?;
    petsc_tests::assert_close(w.normalize()?, nx, 1e-14);
    close(local(&w)?, each(&|a, _| a / nx));
    petsc_tests::assert_close(w.norm(NormType::Two)?, 1.0, 1e-14);
    assert_eq!(x.mean()?, Scalar::from(6.0));
    assert!(x.equal(&x)?);
    assert!(!x.equal(&y)?);
    let (mut a, mut b) = (x.duplicate()?, y.duplicate()?);
    a.copy_from(&x)?;
    b.copy_from(&y)?;
    a.swap(&mut b)?;
    assert!(a.equal(&y)? && b.equal(&x)?);
    b.zero_entries()?;
    assert_eq!(b.norm(NormType::Infinity)?, 0.0);
    b.set_std_basis(n - 1)?;
    let m = b.max()?;
    assert_eq!(
        (m.index, m.value, b.sum()?),
        (n - 1, 1.0, Scalar::from(1.0))
    );
    let ws = x.duplicate_vecs(2)?;
    assert!(ws
        .iter()
        .all(|w| w.size().unwrap() == n && w.local_size().unwrap() == r.end - r.start));
    Ok(())
}

#[cfg(not(petsc_complex))]
fn to_real(s: Scalar) -> f64 {
    s
}

#[cfg(petsc_complex)]
fn to_real(s: Scalar) -> f64 {
    s.re
}

/// Several dot products at once, and split-phase reductions, against single ones.
fn mdot_against_dot(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let n = 13;
    let mut vs = Vec::new();
    for j in 0..4 {
        let mut v = Vector::new_mpi(&world, None, Some(n))?;
        let r = v.ownership_range()?;
        for (k, e) in v.view_mut()?.iter_mut().enumerate() {
            let i = r.start + k as Int;
            *e = Scalar::from(((i * (j + 1)) % 5) as f64 - 2.0);
        }
        vs.push(v);
    }
    let (x, ys) = (&vs[0], vs[1..].iter().collect::<Vec<_>>());
    let single: Vec<Scalar> = ys.iter().map(|y| x.dot(y)).collect::<petsc::Result<_>>()?;
    assert_eq!(x.mdot(&ys)?, single);
    let tsingle: Vec<Scalar> = ys.iter().map(|y| x.tdot(y)).collect::<petsc::Result<_>>()?;
    assert_eq!(x.mtdot(&ys)?, tsingle);
    // Split phase: several begun, ended in the same order.
    x.mdot_begin(&ys)?;
    x.dot_begin(ys[0])?;
    x.norm_begin(NormType::One)?;
    x.tdot_begin(ys[1])?;
    x.mtdot_begin(&ys)?;
    assert_eq!(x.mdot_end(&ys)?, single);
    assert_eq!(x.dot_end(ys[0])?, single[0]);
    assert_eq!(x.norm_end(NormType::One)?, x.norm(NormType::One)?);
    assert_eq!(x.tdot_end(ys[1])?, tsingle[1]);
    assert_eq!(x.mtdot_end(&ys)?, tsingle);
    let (d, nn) = x.dot_norm2(ys[2])?;
    assert_eq!(d, single[2]);
    assert_eq!(Scalar::from(nn), ys[2].dot(ys[2])?);
    // An end with no begin is PETSc's error, on every rank, and later reductions work.
    assert!(x.dot_end(ys[0]).is_err());
    assert_eq!(x.mdot(&ys)?, single);
    Ok(())
}

/// Random values lie in the interval; the same seed gives the same vector.
fn random_fill(petsc: &Petsc) -> petsc::Result<()> {
    use petsc::{Object, Random, RandomType};
    let world = petsc.world();
    let mut r = Random::new(&world)?;
    assert_eq!(r.ty()?, Some(RandomType::Rander48));
    r.set_options_prefix("rnd_")?;
    petsc.options().set_value("rnd_random_type", "rand48")?;
    r.set_from_options()?;
    assert_eq!(r.type_name()?, "rand48");
    r.set_type(RandomType::Rander48)?;
    r.set_interval(-2.0, 3.0)?;
    assert_eq!(r.interval()?, (Scalar::from(-2.0), Scalar::from(3.0)));
    r.set_seed(2024)?;
    assert_eq!(r.seed()?, 2024);
    let mut x = Vector::new_mpi(&world, None, Some(200))?;
    x.set_random(Some(&mut r))?;
    let a: Vec<Scalar> = x.view()?.to_vec();
    assert!(
        a.iter().all(|&v| (-2.0..3.0).contains(&to_real(v))),
        "{a:?}"
    );
    assert!(x.max()?.value > 2.0 && x.min()?.value < -1.0);
    r.set_seed(2024)?;
    let mut y = x.duplicate()?;
    y.set_random(Some(&mut r))?;
    assert!(x.equal(&y)?);
    r.set_seed(2025)?;
    y.set_random(Some(&mut r))?;
    assert!(!x.equal(&y)?);
    // Without a generator: PETSc's default seed, the same every time.
    x.set_random(None)?;
    y.set_random(None)?;
    assert!(x.equal(&y)?);
    let v = r.next_values(50)?;
    assert!(v.iter().all(|&v| (-2.0..3.0).contains(&to_real(v))));
    let g = r.next_value_real()?;
    assert!((-2.0..3.0).contains(&g));
    // A rank-0 print of the generator.
    r.view_with(&petsc::Viewer::ascii_stdout(&world)?)?;
    Ok(())
}

/// Nested vectors and local vectors.
fn nest_and_local(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let mut a = Vector::new_mpi(&world, None, Some(4))?;
    let mut b = Vector::new_mpi(&world, None, Some(5))?;
    a.set(1.0)?;
    b.set(2.0)?;
    let mut x = Vector::new_nest(&world, &[&a, &b])?;
    assert_eq!(x.size()?, 9);
    assert_eq!(x.sum()?, Scalar::from(14.0));
    x.scale(3.0)?;
    assert_eq!(b.sum()?, Scalar::from(30.0));
    let parts = x.nest_sub_vecs()?;
    assert_eq!(parts.len(), 2);
    assert_eq!(parts[0].sum()?, Scalar::from(12.0));
    assert!(a.nest_sub_vecs().is_err());
    let mut c = b.duplicate()?;
    c.set(-1.0)?;
    x.set_nest_sub_vecs(&[1], &[&c])?;
    assert_eq!(x.sum()?, Scalar::from(7.0));
    assert!(x.set_nest_sub_vecs(&[0], &[&c]).is_err());
    assert!(x.set_nest_sub_vecs(&[0, 1], &[&c]).is_err());
    // Shared memory: PETSc without it refuses (on every rank) at more than one rank.
    match Vector::new_shared(&world, None, Some(5)) {
        Ok(mut s) => {
            s.set(1.0)?;
            assert_eq!(s.sum()?, Scalar::from(5.0));
        }
        Err(e) => {
            assert!(world.size() > 1 && e.code() == Some(57), "{e}");
        }
    }
    let n = a.local_size()?;
    {
        let mut l = a.local_vector()?;
        assert_eq!(l.size()?, n);
        for v in l.view_mut()?.iter_mut() {
            *v = Scalar::from(7.0);
        }
    }
    assert_eq!(a.sum()?, Scalar::from(28.0));
    Ok(())
}

/// Bad arguments give an `Err` naming them, on every rank even when only some ranks
/// see the problem, and the process keeps working.
fn bad_input_everywhere(petsc: &Petsc) -> petsc::Result<()> {
    use petsc::{Random, ScatterMode};
    let world = petsc.world();
    let (rank, size) = (world.rank() as Int, world.size() as Int);
    let first = rank == 0;
    // Same global size, local sizes that differ on the first two ranks only.
    let local = if size > 1 && rank < 2 {
        2 + if first { 1 } else { -1 }
    } else {
        2
    };
    let mut x = Vector::new_mpi(&world, Some(2), None)?;
    let y = Vector::new_mpi(&world, Some(local), None)?;
    x.set(1.0)?;
    let all_fail = |r: petsc::Result<()>, what: &str| {
        let e = r.expect_err(what);
        let s = e.to_string();
        assert!(
            s.contains("local size") || s.contains("another rank"),
            "{what}: {s}"
        );
    };
    if size > 1 {
        all_fail(x.axpby(1.0, 1.0, &y), "axpby");
        all_fail(x.mdot(&[&y]).map(|_| ()), "mdot");
        all_fail(x.dot_begin(&y), "dot_begin");
        all_fail(x.pointwise_max_abs(&y, &y), "pointwise_max_abs");
    }
    // No vectors: no products, as in PETSc.
    assert!(x.mdot(&[])?.is_empty());
    let e = x
        .maxpy(&[Scalar::from(1.0)], &[&x.duplicate()?, &y])
        .unwrap_err();
    assert!(
        e.to_string().contains("1 coefficients but 2 vectors"),
        "{e}"
    );
    // A block size that divides the local size on some ranks only.
    let mut z = Vector::new_mpi(&world, Some(if first { 4 } else { 2 }), None)?;
    let e = z.set_block_size(if size > 1 { 4 } else { 3 }).unwrap_err();
    assert!(
        e.to_string().contains("does not divide") || e.to_string().contains("another rank"),
        "{e}"
    );
    if size > 1 {
        let e = z.set_block_size(rank + 1).unwrap_err();
        assert!(e.to_string().contains("different block sizes"), "{e}");
    }
    // A ghost index out of range on one rank only.
    let bad = if first { 2 * size } else { 0 };
    let e = Vector::new_ghost(&world, 2, None, &[bad]).unwrap_err();
    assert!(
        e.to_string().contains("ghost index") || e.to_string().contains("another rank"),
        "{e}"
    );
    // A field past the block size, blocks of the wrong length.
    let mut b = Vector::new_mpi(&world, Some(4), None)?;
    b.set_block_size(2)?;
    let e = b.stride_norm(2, NormType::Two).unwrap_err();
    assert!(e.to_string().contains("field 2 is not in 0..2"), "{e}");
    b.stride_norm(rank.min(1), NormType::Two)
        .unwrap_err_or_ok(size);
    let e = b
        .set_values_blocked(&[0], &[Scalar::from(1.0)], InsertMode::Insert)
        .unwrap_err();
    assert!(e.to_string().contains("need 2 values, not 1"), "{e}");
    let e = b
        .set_values_blocked(&[2 * size], &[Scalar::from(1.0); 2], InsertMode::Insert)
        .unwrap_err();
    assert!(e.to_string().contains("block index"), "{e}");
    let mut s1 = Vector::new_mpi(&world, Some(if first { 1 } else { 2 }), None)?;
    let e = b.stride_gather(0, &mut s1, InsertMode::Insert).unwrap_err();
    assert!(
        e.to_string().contains("one-field vector") || e.to_string().contains("another rank"),
        "{e}"
    );
    // Local indices need a mapping, and must be inside the local form.
    let e = b
        .set_values_local(&[0], &[Scalar::from(1.0)], InsertMode::Insert)
        .unwrap_err();
    assert!(e.to_string().contains("no local-to-global mapping"), "{e}");
    let mut g = Vector::new_ghost(&world, 2, None, &[0])?;
    let e = g
        .set_values_local(&[3], &[Scalar::from(1.0)], InsertMode::Insert)
        .unwrap_err();
    assert!(e.to_string().contains("local index 3"), "{e}");
    // A NaN tolerance chops nothing, as in PETSc.
    b.chop(f64::NAN)?;
    let mut r = Random::new(&world)?;
    assert!(r.set_interval(f64::NAN, 1.0).is_err());
    assert!(r.set_interval(2.0, 1.0).is_err());
    assert_eq!(r.interval()?, (Scalar::from(0.0), Scalar::from(1.0)));
    b.set_std_basis(rank).unwrap_err_or_ok(size);
    // Sizes that disagree, sizes set twice.
    let mut c = Vector::new(&world)?;
    let e = c.set_sizes(Some(2), Some(2 * size + 1)).unwrap_err();
    assert!(e.to_string().contains("add up to"), "{e}");
    c.set_sizes(Some(2), None)?;
    c.set_sizes(Some(2), None)?; // the same again, as PETSc allows
    let e = c.set_sizes(Some(3), None).unwrap_err();
    assert!(e.to_string().contains("already set"), "{e}");
    // A distributed vector without ghosts refuses ghost updates and local forms.
    let mut plain = Vector::new_mpi(&world, Some(2), None)?;
    plain.set(1.0)?;
    if size > 1 {
        let e = plain
            .ghost_update(InsertMode::Insert, ScatterMode::Forward)
            .unwrap_err();
        assert!(e.to_string().contains("not ghosted"), "{e}");
        assert!(plain.local_form().is_err());
    }
    // Everything still works.
    g.set(1.0)?;
    g.ghost_update(InsertMode::Insert, ScatterMode::Forward)?;
    assert_eq!(x.dot(&x)?, Scalar::from((2 * size) as f64));
    Ok(())
}

/// For arguments that are bad on some ranks only at more than one rank: an `Err` on
/// every rank at 2 and 3 ranks, fine at 1.
trait ErrOrOk {
    fn unwrap_err_or_ok(self, size: Int);
}

impl<T: std::fmt::Debug> ErrOrOk for petsc::Result<T> {
    fn unwrap_err_or_ok(self, size: Int) {
        if size > 1 {
            let e = self.unwrap_err();
            assert!(e.to_string().contains("different"), "{e}");
        } else {
            self.unwrap();
        }
    }
}

/// The ports of PETSc's Vec tutorials print PETSc's expected outputs (and the C
/// programs' outputs) at the ranks PETSc's own tests use.
fn vec_tutorials_match_petsc(_: &Petsc) -> petsc::Result<()> {
    use petsc_tests::{c_tutorial, mpiexec, petsc_examples_dir, run_example};
    let runs: [(&str, &str, usize, &[&str], &str); 6] = [
        ("vec_ex9", "ex9.c", 2, &[], "ex9_1.out"),
        ("vec_ex9", "ex9.c", 2, &["-allocate"], "ex9_1.out"),
        ("vec_ex9", "ex9.c", 2, &["-vecmpisetghost"], "ex9_1.out"),
        ("vec_ex12", "ex12.c", 2, &[], "ex12_1.out"),
        ("vec_ex13", "ex13.c", 2, &[], "ex13_1.out"),
        ("vec_ex13", "ex13.c", 3, &["-vec_type", "mpi"], "ex13_1.out"),
    ];
    let dir = petsc_examples_dir().map(|d| d.join("vec/vec/tutorials"));
    for (name, c, n, args, expected) in runs {
        let out = run_example(name, n, args);
        assert!(!out.is_empty(), "{name} {args:?}");
        if let Some(text) = dir
            .as_ref()
            .and_then(|d| std::fs::read_to_string(d.join("output").join(expected)).ok())
        {
            assert_eq!(out, text, "{name} {args:?} vs PETSc's {expected}");
        }
        if let Some(exe) = c_tutorial(&format!("vec/vec/tutorials/{c}")) {
            let cout = mpiexec(n, &exe, args);
            assert!(cout.status.success(), "C {c} {args:?}");
            assert_eq!(
                out,
                String::from_utf8_lossy(&cout.stdout),
                "Rust vs C, {c} {args:?}"
            );
        }
    }
    // ex9 needs two ranks, as in C.
    let bad = mpiexec(1, &petsc_tests::example("vec_ex9"), &[]);
    assert!(!bad.status.success());
    Ok(())
}

/// Index-set operations on a distributed vector: entries set and updated by global
/// index, a concatenation's parts, a local numbering, and indices another rank owns
/// refused on every rank.
fn indexed_operations(petsc: &Petsc) -> petsc::Result<()> {
    use petsc::{IndexSet, LgMap};
    let world = petsc.world();
    let (rank, size) = (world.rank() as Int, world.size() as Int);
    // Three entries per rank: x[g] = g.
    let mut x = Vector::new_mpi(&world, Some(3), None)?;
    let lo = x.ownership_range()?.start;
    x.set_values(
        &[lo, lo + 1, lo + 2],
        &[lo, lo + 1, lo + 2].map(|g| Scalar::from(g as f64)),
        InsertMode::Insert,
    )?;
    x.assemble()?;
    // Set every rank's middle entry to -1, then add 10 * (1, 2) at its first and last.
    x.is_set(&IndexSet::new_general(&world, &[lo + 1])?, -1.0)?;
    let mut d = Vector::new_mpi(&world, Some(2), None)?;
    let dlo = d.ownership_range()?.start;
    d.set_values(
        &[dlo, dlo + 1],
        &[Scalar::from(10.0), Scalar::from(20.0)],
        InsertMode::Insert,
    )?;
    d.assemble()?;
    x.is_axpy(&IndexSet::new_general(&world, &[lo, lo + 2])?, 1.0, &d)?;
    let all = x.to_all()?;
    let v = all.view()?;
    for r in 0..size {
        let g = 3 * r;
        assert_eq!(v[g as usize], Scalar::from(g as f64 + 10.0));
        assert_eq!(v[g as usize + 1], Scalar::from(-1.0));
        assert_eq!(v[g as usize + 2], Scalar::from(g as f64 + 2.0 + 20.0));
    }
    drop(v);
    // An index owned by the next rank: refused on every rank.
    let other = (lo + 3) % (3 * size);
    let e = x.is_set(
        &IndexSet::new_general(&world, &[if rank == 0 { other } else { lo }])?,
        0.0,
    );
    if size > 1 {
        assert!(e.is_err());
    } else {
        e?;
    }
    // Concatenation: the parts' index sets address their entries in the result.
    let (xx, parts) = Vector::concatenate(&[&x, &d])?;
    assert_eq!(xx.size()?, 5 * size);
    assert_eq!(parts.len(), 2);
    assert_eq!(parts[0].size()?, 3 * size);
    assert_eq!(parts[1].size()?, 2 * size);
    assert!(Vector::concatenate(&[]).is_err());
    // A local numbering: local i of this rank is its own entries in reverse.
    let mut y = Vector::new_mpi(&world, Some(3), None)?;
    y.set(0.0)?;
    y.set_lgmap(&LgMap::new(&world, 1, &[lo + 2, lo + 1, lo])?)?;
    y.set_values_local(&[0], &[Scalar::from(7.0)], InsertMode::Insert)?;
    y.assemble()?;
    assert_eq!(y.view()?[2], Scalar::from(7.0));
    assert!(
        y.set_lgmap(&LgMap::new(&world, 1, &[lo])?).is_err(),
        "a second numbering"
    );
    let mut z = Vector::new_mpi(&world, Some(3), None)?;
    assert!(
        z.set_lgmap(&LgMap::new(&world, 1, &[3 * size])?).is_err(),
        "beyond the size"
    );
    Ok(())
}

/// The whole vector on every rank, as plain values.
fn gathered(x: &Vector) -> petsc::Result<Vec<Scalar>> {
    Ok(x.to_all()?.view()?.to_vec())
}

/// A second handle to the same PETSc vector, as `tao.solution()` would give: the only
/// part of a nest of `x` alone.
fn second_handle(x: &Vector) -> petsc::Result<Vector> {
    let nest = Vector::new_nest(&petsc::Object::comm(x), &[x])?;
    Ok(nest.nest_sub_vecs()?.remove(0))
}

/// Split assembly: values every rank sets for every index arrive at `assembly_end`;
/// meanwhile the vector is locked through every handle; an assembly never ended is
/// ended by dropping the vector; refusals are the same on every rank.
fn split_assembly(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let (rank, size) = (world.rank() as Int, world.size() as Int);
    let n = 2 * size + 1;
    let mut x = Vector::new_mpi(&world, None, Some(n))?;
    x.set(0.0)?;
    // Rank r adds (r + 1) * i at every index i: x_i = i * size (size + 1) / 2.
    let idx: Vec<Int> = (0..n).collect();
    let vals: Vec<Scalar> = idx
        .iter()
        .map(|&i| Scalar::from(((rank + 1) * i) as f64))
        .collect();
    x.set_values(&idx, &vals, InsertMode::Add)?;
    let other = second_handle(&x)?;
    x.assembly_begin()?;
    // Work on another vector overlaps the messages.
    let mut w = Vector::new_mpi(&world, None, Some(n))?;
    w.set(1.0)?;
    assert_eq!(w.sum()?, Scalar::from(n as f64));
    // The vector itself is locked, through this handle and the other one.
    let e = x.sum().unwrap_err();
    assert!(e.to_string().contains("assembly is under way"), "{e}");
    assert!(x.view().is_err());
    assert!(x.assemble().is_err());
    assert!(x
        .set_values(&[0], &[Scalar::from(1.0)], InsertMode::Add)
        .is_err());
    assert!(other.norm(NormType::One).is_err());
    let e = x.assembly_begin().unwrap_err();
    assert!(e.to_string().contains("under way already"), "{e}");
    x.assembly_end()?;
    let factor = (size * (size + 1) / 2) as f64;
    let expect: Vec<Scalar> = (0..n).map(|i| Scalar::from(i as f64 * factor)).collect();
    assert_eq!(gathered(&x)?, expect);
    assert_eq!(gathered(&other)?, expect);
    let e = x.assembly_end().unwrap_err();
    assert!(e.to_string().contains("no assembly is under way"), "{e}");
    // Ended through the other handle.
    let mut other = other;
    x.set_values(&[n - 1], &[Scalar::from(1.0)], InsertMode::Add)?;
    x.assembly_begin()?;
    other.assembly_end()?;
    assert_eq!(
        x.values(&[x.ownership_range()?.start])?,
        vec![expect[x.ownership_range()?.start as usize]]
    );
    assert_eq!(
        gathered(&x)?[n as usize - 1],
        expect[n as usize - 1] + Scalar::from(size as f64)
    );
    drop(other);
    // A view alive on rank 0 only: begin is refused on every rank, nothing hangs.
    {
        let h = second_handle(&x)?;
        let v = if rank == 0 { Some(h.view()?) } else { None };
        let e = x.assembly_begin().unwrap_err();
        if rank != 0 {
            assert!(e.to_string().contains("another rank"), "{e}");
        }
        drop(v);
    }
    x.assemble()?;
    // Never ended: dropping the vector ends it, with no error recorded.
    let mut y = x.duplicate()?;
    y.set(0.0)?;
    y.set_values(&[0], &[Scalar::from(1.0)], InsertMode::Add)?;
    y.assembly_begin()?;
    drop(y);
    assert!(petsc::take_destroy_failures().is_empty());
    Ok(())
}

/// Sub-vectors: every other owned entry (a copy), a run of owned entries (PETSc's
/// no-copy path) and entries of the next rank (a copy across ranks); values written
/// through each are in the vector after the restore.
fn sub_vectors(petsc: &Petsc) -> petsc::Result<()> {
    use petsc::IndexSet;
    let world = petsc.world();
    let (rank, size) = (world.rank() as Int, world.size() as Int);
    let (m, n) = (4, 4 * size);
    let mut x = Vector::new_mpi(&world, Some(m), None)?;
    let lo = x.ownership_range()?.start;
    for (k, v) in x.view_mut()?.iter_mut().enumerate() {
        *v = Scalar::from((lo + k as Int) as f64);
    }
    let mut expect: Vec<Scalar> = (0..n).map(|i| Scalar::from(i as f64)).collect();

    // Every other owned entry: lo and lo + 2 on each rank.
    let every_other = IndexSet::new_general(&world, &[lo, lo + 2])?;
    {
        let mut s = x.sub_vector(&every_other)?;
        assert_eq!((s.size()?, s.local_size()?), (2 * size, 2));
        assert_eq!(s.ownership_range()?, 2 * rank..2 * rank + 2);
        assert_eq!(&*s.view()?, &[lo as f64, (lo + 2) as f64].map(Scalar::from));
        // sum over ranks of 4r + (4r + 2) = 8 * size (size - 1) / 2 + 2 size
        let sum = (4 * size * (size - 1) + 2 * size) as f64;
        assert_eq!(s.sum()?, Scalar::from(sum));
        for v in s.view_mut()?.iter_mut() {
            *v = -*v - Scalar::from(1.0);
        }
    }
    for r in 0..size {
        for k in [4 * r, 4 * r + 2] {
            expect[k as usize] = Scalar::from(-(k as f64) - 1.0);
        }
    }
    assert_eq!(gathered(&x)?, expect);

    // A run of owned entries (lo + 1, lo + 2): the sub-vector shares the array.
    let run = IndexSet::new_stride(&world, 2, lo + 1, 1)?;
    let other = second_handle(&x)?;
    let mut s = x.sub_vector(&run)?;
    let e = other.sum().unwrap_err();
    assert!(e.to_string().contains("sub-vector"), "{e}");
    s.scale(10.0)?;
    let copy = s.to_vector()?;
    assert_eq!(s.dot(&copy)?, copy.dot(&copy)?);
    s.axpy(1.0, &copy)?; // 20 times the old values
    Vector::restore_sub_vector(s)?;
    for r in 0..size {
        for k in [4 * r + 1, 4 * r + 2] {
            expect[k as usize] *= Scalar::from(20.0);
        }
    }
    assert_eq!(gathered(&x)?, expect);
    assert_eq!(gathered(&other)?, expect);
    // Cached norms see the new values.
    let norm1: f64 = expect.iter().map(|v| to_real(*v).abs()).sum();
    assert!((x.norm(NormType::One)? - norm1).abs() < 1e-9 * norm1);

    // The next rank's first entry: copied in and back across ranks.
    let next = 4 * ((rank + 1) % size);
    {
        let mut s = x.sub_vector(&IndexSet::new_general(&world, &[next])?)?;
        assert_eq!(s.view()?[0], expect[next as usize]);
        s.shift(100.0)?;
        // Meanwhile, a sub-vector of another vector, untouched: nothing is copied back.
        assert_eq!(untouched_sub_vector(&world)?, size);
    }
    for r in 0..size {
        expect[4 * r as usize] += Scalar::from(100.0);
    }
    assert_eq!(gathered(&x)?, expect);

    // Read only: the restore leaves the vector as it was.
    let before = x.norm(NormType::Two)?;
    {
        let s = x.sub_vector(&every_other)?;
        let most = (0..size)
            .flat_map(|r| [4 * r, 4 * r + 2])
            .map(|k| to_real(expect[k as usize]).abs())
            .fold(0.0, f64::max);
        assert_eq!(s.norm(NormType::Infinity)?, most);
        let mut y = Vector::new_mpi(&world, Some(2), None)?;
        s.copy_to(&mut y)?;
        assert_eq!(y.sum()?, s.sum()?);
    }
    assert_eq!(x.norm(NormType::Two)?, before);
    assert_eq!(gathered(&x)?, expect);

    // An index outside the vector on rank 0 only: an `Err` on every rank.
    let bad = if rank == 0 { n } else { lo };
    let e = x
        .sub_vector(&IndexSet::new_general(&world, &[bad])?)
        .unwrap_err();
    if rank == 0 {
        assert!(e.to_string().contains("not in 0.."), "{e}");
    }
    // An index set on another communicator: an `Err` on every rank (PETSc itself
    // checks only in debug builds).
    if size > 1 {
        let own = IndexSet::new_general(&petsc.self_comm(), &[lo])?;
        let e = x.sub_vector(&own).unwrap_err();
        assert!(e.to_string().contains("not the vector's"), "{e}");
    }
    // A view alive through another handle on rank 0 only: refused everywhere too.
    {
        let v = if rank == 0 { Some(other.view()?) } else { None };
        assert!(x.sub_vector(&run).is_err());
        drop(v);
    }
    assert_eq!(gathered(&x)?, expect);
    assert!(petsc::take_destroy_failures().is_empty());
    Ok(())
}

/// A sub-vector of a vector of its own, untouched; returns its size (collective).
fn untouched_sub_vector(world: &petsc::Comm) -> petsc::Result<Int> {
    let mut z = Vector::new_mpi(world, Some(1), None)?;
    z.set(1.0)?;
    let lo = z.ownership_range()?.start;
    let s = z.sub_vector(&petsc::IndexSet::new_general(world, &[lo])?)?;
    let n = s.size()?;
    drop(s);
    assert_eq!(z.sum()?, Scalar::from(world.size() as f64));
    Ok(n)
}

/// A caller's array placed in a vector: operations through the guard use it, the
/// vector has its own entries between them, and other handles are refused during
/// `with`.
fn placed_arrays(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let (rank, size) = (world.rank() as Int, world.size() as Int);
    let mut x = Vector::new_mpi(&world, Some(3), None)?;
    x.set(-5.0)?;
    let lo = x.ownership_range()?.start;
    let other = second_handle(&x)?;
    let mut y = x.duplicate()?;
    let mut mine: Vec<Scalar> = (lo..lo + 3).map(|i| Scalar::from(i as f64)).collect();
    let n = 3 * size;
    {
        let mut p = x.place_array(&mut mine)?;
        // x_i = i in the caller's array.
        let sum = (n * (n - 1) / 2) as f64;
        assert_eq!(p.with(|v| v.sum())??, Scalar::from(sum));
        p.with(|v| y.copy_from(v))??;
        // Other handles are refused while the array is placed.
        let e = p.with(|_| other.sum())?.unwrap_err();
        assert!(e.to_string().contains("caller's array"), "{e}");
        // Between calls the vector has its own entries.
        assert_eq!(other.sum()?, Scalar::from(-5.0 * n as f64));
        p.scale(2.0)?;
        p.axpy(1.0, &y)?; // 3 i
        p.view_mut()[0] = Scalar::from(0.0);
        assert_eq!(p.view()[1], Scalar::from(3.0 * (lo + 1) as f64));
        let inf = p.with(|v| v.norm(NormType::Infinity))??;
        assert_eq!(inf, 3.0 * (n - 1) as f64);
        p.copy_from(&y)?;
        p.shift(1.0)?; // i + 1
        let back = Vector::reset_array(p);
        assert_eq!(back[0], Scalar::from((lo + 1) as f64));
    }
    let expect: Vec<Scalar> = (lo..lo + 3).map(|i| Scalar::from((i + 1) as f64)).collect();
    assert_eq!(mine, expect);
    assert_eq!(x.sum()?, Scalar::from(-5.0 * n as f64));
    // A forgotten guard leaves nothing placed (it has nothing to do when dropped).
    #[allow(clippy::forget_non_drop)]
    std::mem::forget(x.place_array(&mut mine)?);
    assert_eq!(x.sum()?, Scalar::from(-5.0 * n as f64));
    // Wrong lengths, a view alive elsewhere, a nest: refused.
    let e = x.place_array(&mut mine[..2]).unwrap_err();
    assert!(e.to_string().contains("needs 3"), "{e}");
    {
        let v = other.view()?;
        assert!(x.place_array(&mut mine).is_err());
        drop(v);
    }
    let mut nest = Vector::new_nest(&world, &[&y])?;
    assert!(nest.place_array(&mut mine).is_err());
    // A ghosted vector needs room for its ghosts; the local form uses the array too.
    let next = 3 * ((rank + 1) % size);
    let mut g = Vector::new_ghost(&world, 3, None, &[next])?;
    g.set(0.0)?;
    assert!(g.place_array(&mut mine).is_err());
    let mut room: Vec<Scalar> = (lo..lo + 3).map(|i| Scalar::from(i as f64)).collect();
    room.push(Scalar::from(-1.0));
    {
        let mut p = g.place_array(&mut room)?;
        assert_eq!(p.with(|v| v.size())??, n);
        p.scale(2.0)?;
    }
    assert_eq!(
        room[..3],
        (lo..lo + 3)
            .map(|i| Scalar::from(2.0 * i as f64))
            .collect::<Vec<_>>()[..]
    );
    assert_eq!(room[3], Scalar::from(-1.0)); // ghosts are not scaled
    assert_eq!(g.sum()?, Scalar::from(0.0));
    assert!(petsc::take_destroy_failures().is_empty());
    Ok(())
}

/// Ghost indices as an index set, vectors made on a caller's array, and a local
/// vector restored with its error.
fn ghost_sets_and_arrays(petsc: &Petsc) -> petsc::Result<()> {
    use petsc::ScatterMode;
    let (mut x, lo, n, ghosts) = ghost_layout(petsc)?;
    let world = petsc.world();
    let (rank, size) = (world.rank() as Int, world.size() as Int);
    let is = x.ghost_is()?;
    assert_eq!(is.to_vec()?, ghosts.to_vec());
    assert_eq!(is.size()?, 2 * size);
    assert_eq!(petsc::Object::comm(&is).size(), world.size());
    // A new index set each time: sorting it changes nothing of the vector's.
    let mut sorted = x.ghost_is()?;
    sorted.sort()?;
    assert_eq!(x.ghost_is()?.to_vec()?, ghosts.to_vec());
    // Its duplicate has the same ghosts; a plain or sequential vector has none.
    assert_eq!(x.duplicate()?.ghost_is()?.to_vec()?, ghosts.to_vec());
    assert!(Vector::new_mpi(&world, Some(2), None)?.ghost_is().is_err());
    assert!(Vector::new_seq(&petsc.self_comm(), 2)?.ghost_is().is_err());
    // Blocks: two blocks of 2 per rank, a ghost copy of the next rank's first block.
    let b = Vector::new_ghost_blocked(&world, 2, 4, None, &[2 * ((rank + 1) % size)])?;
    let bis = b.ghost_is()?;
    assert_eq!(bis.block_size()?, 2);
    let first = 4 * ((rank + 1) % size);
    assert_eq!(bis.to_vec()?, vec![first, first + 1]);
    // The ghost update, split, ended by petsc4py's name.
    for (k, v) in x.view_mut()?.iter_mut().enumerate() {
        *v = Scalar::from(10.0 * (lo + k as Int) as f64);
    }
    let pending = x.ghost_update_begin(InsertMode::Insert, ScatterMode::Forward)?;
    Vector::ghost_update_end(pending)?;
    assert_eq!(
        x.local_form()?.view()?[3..],
        ghosts.map(|g| Scalar::from(10.0 * g as f64))[..]
    );
    // A vector made on an array it takes over: entries and ghost copies from it.
    let mut array: Vec<Scalar> = (lo..lo + 3).map(|i| Scalar::from(i as f64)).collect();
    array.extend([Scalar::from(-1.0), Scalar::from(-1.0)]);
    let mut a = Vector::new_ghost_with_array(&world, 3, Some(n), &ghosts, array)?;
    assert_eq!(a.sum()?, Scalar::from((n * (n - 1) / 2) as f64));
    assert_eq!(&a.local_form()?.view()?[3..], &[Scalar::from(-1.0); 2]);
    a.ghost_update(InsertMode::Insert, ScatterMode::Forward)?;
    assert_eq!(
        a.local_form()?.view()?[3..],
        ghosts.map(|g| Scalar::from(g as f64))[..]
    );
    assert_eq!(a.ghost_is()?.to_vec()?, ghosts.to_vec());
    // Dropped with the last handle, not before: a second handle outlives the first.
    let keep = second_handle(&a)?;
    drop(a);
    assert_eq!(keep.sum()?, Scalar::from((n * (n - 1) / 2) as f64));
    drop(keep);
    // The array's length is checked on every rank.
    let len = if rank == 0 { 4 } else { 5 };
    let e = Vector::new_ghost_with_array(&world, 3, None, &ghosts, vec![Scalar::from(0.0); len])
        .unwrap_err();
    if rank != 0 {
        assert!(e.to_string().contains("another rank"), "{e}");
    }
    // A local vector given back by petsc4py's name.
    let mut y = Vector::new_mpi(&world, Some(2), None)?;
    y.set(0.0)?;
    let mut l = y.local_vector()?;
    l.set(3.0)?;
    Vector::restore_local_vector(l)?;
    assert_eq!(y.sum()?, Scalar::from(6.0 * size as f64));
    let l = y.local_vector()?;
    l.restore()?;
    assert!(petsc::take_destroy_failures().is_empty());
    Ok(())
}

/// GPU queries on a PETSc without GPUs: binding does nothing, every vector is bound to
/// the CPU, and the offload mask is PETSc's (unallocated on 3.18, CPU later).
fn device_queries(petsc: &Petsc) -> petsc::Result<()> {
    use petsc::OffloadMask;
    let world = petsc.world();
    let mut x = Vector::new_mpi(&world, None, Some(5))?;
    x.set(1.0)?;
    assert!(x.bound_to_cpu()?);
    x.bind_to_cpu(true)?;
    assert!(x.bound_to_cpu()?);
    x.bind_to_cpu(false)?;
    assert!(x.bound_to_cpu()?);
    // A host vector's mask: unallocated on 3.18, 3.22 and 3.26 (seen), CPU in between.
    #[cfg(all(petsc_3_19, not(petsc_3_22)))]
    let expect = OffloadMask::Cpu;
    #[cfg(not(all(petsc_3_19, not(petsc_3_22))))]
    let expect = OffloadMask::Unallocated;
    assert_eq!(x.offload_mask()?, expect);
    assert_eq!(x.duplicate()?.offload_mask()?, expect);
    assert_eq!(x.sum()?, Scalar::from(5.0));
    // The flag must be the same on every rank.
    if world.size() > 1 {
        let e = x.bind_to_cpu(world.rank() == 0).unwrap_err();
        assert!(e.to_string().contains("same on every rank"), "{e}");
    }
    Ok(())
}

/// The argument that makes this binary the program of
/// [`placed_array_forgotten_view_aborts`].
const FORGOTTEN_VIEW: &str = "forgotten-view-in-placed-array";

/// Forgets a view of a vector while it holds a caller's array: `PlacedArray` must stop
/// the process before the slice's borrow ends (the vector, or PETSc, could still use
/// the pointer otherwise).
fn forgotten_view_child() -> ! {
    let petsc = Petsc::builder().args(["vec"]).init().expect("init");
    let mut x = Vector::new_seq(&petsc.self_comm(), 2).expect("vector");
    let mut mine = [Scalar::from(1.0), Scalar::from(2.0)];
    let mut p = x.place_array(&mut mine).expect("place");
    let r = p.with(|v| std::mem::forget(v.view().expect("view")));
    println!("not reached: {r:?}");
    std::process::exit(0);
}

/// A view forgotten inside `PlacedArray::with` stops the process with a message
/// (anything else would leave the vector pointing into the caller's array).
fn placed_array_forgotten_view_aborts(_: &Petsc) -> petsc::Result<()> {
    let me = std::env::current_exe().expect("current exe");
    let out = petsc_tests::mpiexec(1, &me, &[FORGOTTEN_VIEW]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stdout}\n{stderr}");
    assert!(!stdout.contains("not reached"), "{stdout}\n{stderr}");
    assert!(
        stderr.contains("a view or guard of the vector was forgotten"),
        "{stdout}\n{stderr}"
    );
    Ok(())
}

/// A view forgotten with `std::mem::forget` locks its vector for good, but not the next
/// vector PETSc puts at the same address once the last handle is dropped.
fn forgotten_views_end_with_their_vector(petsc: &Petsc) -> petsc::Result<()> {
    let c = petsc.self_comm();
    let mut x = Vector::new_seq(&c, 3)?;
    x.set(1.0)?;
    std::mem::forget(x.view_mut()?);
    assert!(x.sum().is_err());
    let old = x.as_raw();
    drop(x);
    // PETSc's allocator hands the freed header out again for the same kind of object.
    let mut reused = 0;
    for _ in 0..4 {
        let mut y = Vector::new_seq(&c, 3)?;
        if y.as_raw() == old {
            reused += 1;
            y.set(2.0)?;
            assert_eq!(y.sum()?, Scalar::from(6.0));
        }
    }
    if reused == 0 {
        println!("(no vector came back at the old address; nothing to check)");
    }
    Ok(())
}

/// Runs the child program this binary was started as, if it was (`rerun_self`).
pub fn child_mode() {
    if std::env::args().nth(1).as_deref() == Some(FORGOTTEN_VIEW) {
        forgotten_view_child();
    }
}

pub fn cases() -> Vec<Case> {
    let cases = vec![
        Case::new("closed_forms", closed_forms).ranks(&[1, 2, 3]),
        Case::new("indexed_operations", indexed_operations).ranks(&[1, 2, 3]),
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
        Case::new("generic_creation", generic_creation).ranks(&[1, 2, 3]),
        Case::new("ghost_updates", ghost_updates).ranks(&[1, 2, 3]),
        Case::new("ghost_blocks", ghost_blocks).ranks(&[1, 2, 3]),
        Case::new("strided_fields", strided_fields).ranks(&[1, 2, 3]),
        Case::new("pointwise_against_entries", pointwise_against_entries).ranks(&[1, 2, 3]),
        Case::new("mdot_against_dot", mdot_against_dot).ranks(&[1, 2, 3]),
        Case::new("random_fill", random_fill).ranks(&[1, 2, 3]),
        Case::new("nest_and_local", nest_and_local).ranks(&[1, 2, 3]),
        Case::new("bad_input_everywhere", bad_input_everywhere).ranks(&[1, 2, 3]),
        Case::new("vec_tutorials_match_petsc", vec_tutorials_match_petsc),
        Case::new("split_assembly", split_assembly).ranks(&[1, 2, 3]),
        Case::new("sub_vectors", sub_vectors).ranks(&[1, 2, 3]),
        Case::new("placed_arrays", placed_arrays).ranks(&[1, 2, 3]),
        Case::new("ghost_sets_and_arrays", ghost_sets_and_arrays).ranks(&[1, 2, 3]),
        Case::new("device_queries", device_queries).ranks(&[1, 2, 3]),
        Case::new(
            "placed_array_forgotten_view_aborts",
            placed_array_forgotten_view_aborts,
        ),
        Case::new(
            "forgotten_views_end_with_their_vector",
            forgotten_views_end_with_their_vector,
        ),
    ];
    #[cfg(petsc_complex)]
    let cases = [
        cases,
        vec![Case::new("complex_entries", complex_entries).ranks(&[1, 2, 3])],
    ]
    .concat();
    cases
}
