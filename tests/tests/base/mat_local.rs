//! Matrices addressed or built through other numberings and other matrices, against
//! independent answers at 1, 2 and 3 ranks: assembly by local indices (entries,
//! blocks, CSR/IJV/RCV, COO, local submatrices) against global assembly, local row
//! zeroing against global, submatrices against the formula of the original's entries,
//! nests against the monolithic matrix, Schur complements against the dense formula,
//! scatter matrices, Kronecker products, and the dense guards.

use petsc::{
    Complex, Csr, IndexSet, InsertMode, Int, LgMap, Mat, NormType, Object, Petsc, Scalar, Scatter,
    Sizes, VecType, Vector,
};
use petsc_tests::Case;

/// `x` as a scalar (real or complex, as PETSc was built).
fn sc(x: f64) -> Scalar {
    Scalar::from(x)
}

/// The modulus of a real or complex scalar.
fn abs(x: impl Into<Complex<f64>>) -> f64 {
    x.into().norm()
}

/// The error message of a failed call.
#[track_caller]
fn err<T: std::fmt::Debug>(r: petsc::Result<T>) -> String {
    r.unwrap_err().report()
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

/// Asserts that two vectors of one layout agree entry by entry (to `tol`, relative).
#[track_caller]
fn assert_same_vec(a: &Vector, b: &Vector, tol: f64) {
    let (va, vb) = (a.view().unwrap(), b.view().unwrap());
    assert_eq!(va.len(), vb.len());
    for (k, (&x, &y)) in va.iter().zip(vb.iter()).enumerate() {
        assert!(
            abs(x - y) <= tol * abs(y).max(1.0),
            "entry {k} of this rank: {x} instead of {y}"
        );
    }
}

/// Asserts that `a` and `b` have the same entries in this rank's rows (all columns).
#[track_caller]
fn assert_same_mat(a: &Mat, b: &Mat) {
    let (_, n) = b.size().unwrap();
    let cols: Vec<Int> = (0..n).collect();
    for i in b.ownership_range().unwrap() {
        let (x, y) = (
            a.values(&[i], &cols).unwrap(),
            b.values(&[i], &cols).unwrap(),
        );
        for (j, (p, q)) in x.iter().zip(&y).enumerate() {
            assert!(
                abs(*p - *q) <= 1e-12,
                "entry ({i}, {j}): {p} instead of {q}"
            );
        }
    }
}

/// The 1D Laplacian tridiag(-1, 2, -1) of size n, assembled by global rows.
fn laplacian(petsc: &Petsc, n: Int) -> petsc::Result<Mat> {
    let mut a = Mat::aij(&petsc.world())
        .sizes(Sizes::global(n, n))
        .preallocate(3, 2)
        .build()?;
    for i in a.ownership_range()? {
        for j in [i - 1, i, i + 1] {
            if (0..n).contains(&j) {
                a.set_value(
                    i,
                    j,
                    sc(if i == j { 2.0 } else { -1.0 }),
                    InsertMode::Insert,
                )?;
            }
        }
    }
    a.assemble()?;
    Ok(a)
}

/// This rank's local numbering for a 1D grid of `n` points whose rows `lo..hi` it owns:
/// the owned points last to first (not the global order), then the ghosts `lo - 1` and
/// `hi` where they exist.
fn local_numbering(lo: Int, hi: Int, n: Int) -> Vec<Int> {
    let mut l2g: Vec<Int> = (lo..hi).rev().collect();
    if lo > 0 {
        l2g.push(lo - 1);
    }
    if hi < n {
        l2g.push(hi);
    }
    l2g
}

/// The local index of global index `g` in `l2g`.
fn local_of(l2g: &[Int], g: Int) -> Int {
    l2g.iter().position(|&x| x == g).expect("mapped") as Int
}

/// Element-by-element assembly of the 1D Laplacian (with Neumann ends: diagonal 1 at the
/// first and last rows) by local indices equals the same assembly by global indices, at
/// every rank count; the numbering read back is the one given.
fn local_elements_match_global(petsc: &Petsc) -> petsc::Result<()> {
    let n = 13;
    let w = petsc.world();
    let mut a = Mat::aij(&w)
        .sizes(Sizes::global(n, n))
        .preallocate(3, 2)
        .build()?;
    let mut g = Mat::aij(&w)
        .sizes(Sizes::global(n, n))
        .preallocate(3, 2)
        .build()?;
    let own = a.ownership_range()?;
    let l2g = local_numbering(own.start, own.end, n);
    let e = err(a.set_values_local(&[0], &[0], &[sc(1.0)], InsertMode::Add));
    assert!(e.contains("no local numbering"), "{e}");
    a.set_lgmap(&LgMap::new(&w, 1, &l2g)?, None)?;
    let k = [sc(1.0), sc(-1.0), sc(-1.0), sc(1.0)];
    for i in own.clone() {
        if i + 1 < n {
            let local = [local_of(&l2g, i), local_of(&l2g, i + 1)];
            a.set_values_local(&local, &local, &k, InsertMode::Add)?;
            g.set_values(&[i, i + 1], &[i, i + 1], &k, InsertMode::Add)?;
        }
    }
    a.assemble()?;
    g.assemble()?;
    assert!(a.equal(&g)?);
    // The closed form: tridiag(-1, 2, -1), 1 at both ends of the diagonal.
    for i in own.clone() {
        let d = if i == 0 || i == n - 1 { 1.0 } else { 2.0 };
        assert_eq!(a.values(&[i], &[i])?, vec![sc(d)]);
        if i + 1 < n {
            assert_eq!(a.values(&[i], &[i + 1])?, vec![sc(-1.0)]);
        }
    }
    let (rows, cols) = a.lgmap()?;
    assert_eq!(rows.expect("row numbering").indices()?.to_vec(), l2g);
    assert_eq!(cols.expect("column numbering").indices()?.to_vec(), l2g);
    Ok(())
}

/// Row-by-row forms by local indices (CSR, IJV with a row list, RCV, one value at a
/// time) give the global assembly's Laplacian.
fn local_row_forms_match_global(petsc: &Petsc) -> petsc::Result<()> {
    let n = 11;
    let w = petsc.world();
    let want = laplacian(petsc, n)?;
    let own = want.ownership_range()?;
    let l2g = local_numbering(own.start, own.end, n);
    let map = LgMap::new(&w, 1, &l2g)?;
    // Local row k of l2g (owned ones first) as (local columns, values).
    let row = |g: Int| -> (Vec<Int>, Vec<Scalar>) {
        let cols: Vec<Int> = [g - 1, g, g + 1]
            .into_iter()
            .filter(|j| (0..n).contains(j))
            .map(|j| local_of(&l2g, j))
            .collect();
        let vals = cols
            .iter()
            .map(|&c| sc(if l2g[c as usize] == g { 2.0 } else { -1.0 }))
            .collect();
        (cols, vals)
    };
    let owned_local: Vec<Int> = own.clone().map(|g| local_of(&l2g, g)).collect();
    let mut csr = (vec![0 as Int], Vec::new(), Vec::new());
    // CSR: local rows 0, 1, ... are the owned points last to first.
    for k in 0..(own.end - own.start) {
        let (c, v) = row(l2g[k as usize]);
        csr.1.extend(c);
        csr.2.extend(v);
        csr.0.push(csr.1.len() as Int);
    }
    let make = || -> petsc::Result<Mat> {
        let mut m = Mat::aij(&w)
            .sizes(Sizes::global(n, n))
            .preallocate(3, 2)
            .build()?;
        m.set_lgmap(&map, None)?;
        Ok(m)
    };
    let mut a = make()?;
    a.set_values_local_csr(&csr.0, &csr.1, &csr.2, InsertMode::Insert)?;
    a.assemble()?;
    assert!(a.equal(&want)?);

    // IJV with the rows in global order, given by their local indices.
    let mut ijv = (vec![0 as Int], Vec::new(), Vec::new());
    for g in own.clone() {
        let (c, v) = row(g);
        ijv.1.extend(c);
        ijv.2.extend(v);
        ijv.0.push(ijv.1.len() as Int);
    }
    let mut b = make()?;
    b.set_values_local_ijv(
        &ijv.0,
        &ijv.1,
        &ijv.2,
        InsertMode::Insert,
        Some(&owned_local),
    )?;
    b.assemble()?;
    assert!(b.equal(&want)?);

    let rows: Vec<(Vec<Int>, Vec<Int>, Vec<Scalar>)> = own
        .clone()
        .map(|g| {
            let (c, v) = row(g);
            (vec![local_of(&l2g, g)], c, v)
        })
        .collect();
    let r: Vec<&[Int]> = rows.iter().map(|t| &t.0[..]).collect();
    let c: Vec<&[Int]> = rows.iter().map(|t| &t.1[..]).collect();
    let v: Vec<&[Scalar]> = rows.iter().map(|t| &t.2[..]).collect();
    let mut d = make()?;
    d.set_values_local_rcv(&r, &c, &v, InsertMode::Insert)?;
    d.assemble()?;
    assert!(d.equal(&want)?);

    let mut e = make()?;
    for t in &rows {
        for (col, val) in t.1.iter().zip(&t.2) {
            e.set_value_local(t.0[0], *col, *val, InsertMode::Insert)?;
        }
    }
    e.assemble()?;
    assert!(e.equal(&want)?);
    Ok(())
}

/// Refused local calls: each an `Err` naming the problem, before PETSc; collective ones
/// on every rank when one rank's arguments are bad; the matrix still works after.
fn local_bad_inputs(petsc: &Petsc) -> petsc::Result<()> {
    let n = 7;
    let w = petsc.world();
    let rank = w.rank();
    let mut a = Mat::aij(&w)
        .sizes(Sizes::global(n, n))
        .preallocate(3, 2)
        .build()?;
    let own = a.ownership_range()?;
    let l2g = local_numbering(own.start, own.end, n);
    // One rank gives a global index past the matrix: every rank fails.
    let mut bad = l2g.clone();
    if rank == 0 {
        bad.push(n);
    }
    let e = err(a.set_lgmap(&LgMap::new(&w, 1, &bad)?, None));
    if rank == 0 {
        assert!(e.contains(&format!("global index {n}")), "{e}");
    } else {
        assert!(e.contains("another rank"), "{e}");
    }
    assert!(a.lgmap()?.0.is_none());
    // A mapping of blocks of 2 on a matrix of block size 1.
    let e = err(a.set_lgmap(&LgMap::new(&w, 2, &[0])?, None));
    assert!(e.contains("block size 2"), "{e}");
    a.set_lgmap(&LgMap::new(&w, 1, &l2g)?, None)?;
    let nl = l2g.len() as Int;
    let e = err(a.set_values_local(&[nl], &[0], &[sc(1.0)], InsertMode::Insert));
    assert!(e.contains(&format!("local row {nl}")), "{e}");
    let e = err(a.set_values_local(&[0], &[0, nl], &[sc(1.0); 2], InsertMode::Insert));
    assert!(e.contains(&format!("local column {nl}")), "{e}");
    assert!(matches!(
        a.set_values_local(&[0, 1], &[0], &[sc(1.0)], InsertMode::Insert),
        Err(petsc::Error::SizeMismatch { .. })
    ));
    let e = err(a.set_values_local_csr(&[0, 2], &[0], &[sc(1.0)], InsertMode::Insert));
    assert!(e.contains("row_ptr ends at 2"), "{e}");
    let e = err(a.set_values_blocked_local(&[0], &[0], &[sc(1.0); 2], InsertMode::Insert));
    assert!(e.contains("needs 1 values, got 2"), "{e}");
    // Negative local indices are left out, as in PETSc.
    a.set_values_local(&[-1, 0], &[0], &[sc(5.0), sc(1.0)], InsertMode::Insert)?;
    a.assemble()?;
    assert_eq!(a.values(&[l2g[0]], &[l2g[0]])?, vec![sc(1.0)]);
    // One rank zeroes a local row its numbering does not have: every rank fails.
    let rows = if rank == 0 { vec![nl] } else { vec![0] };
    let e = err(a.zero_rows_local(&rows, sc(1.0), None, None));
    if rank == 0 {
        assert!(e.contains(&format!("local row {nl}")), "{e}");
    } else {
        assert!(e.contains("another rank"), "{e}");
    }
    let e = err(a.zero_rows_local(&[-1], sc(1.0), None, None));
    assert!(e.contains("negative"), "{e}");
    // Local row 0 is global row l2g[0], the one entry set above.
    a.zero_rows_local(&[0], sc(3.0), None, None)?;
    assert_eq!(a.values(&[l2g[0]], &[l2g[0]])?, vec![sc(3.0)]);
    Ok(())
}

/// Zeroing rows (and columns) by local indices, with x and b, equals zeroing the global
/// rows the numbering maps them to; any rank may list rows it does not own.
fn zero_rows_local_match_global(petsc: &Petsc) -> petsc::Result<()> {
    let n = 10;
    let w = petsc.world();
    for columns in [false, true] {
        let mut a = laplacian(petsc, n)?;
        let mut g = laplacian(petsc, n)?;
        let own = a.ownership_range()?;
        let l2g = local_numbering(own.start, own.end, n);
        a.set_lgmap(&LgMap::new(&w, 1, &l2g)?, None)?;
        // This rank's first row, and the ghost after its rows when there is one.
        let mut global = vec![own.start];
        global.extend((own.end < n).then_some(own.end));
        let local: Vec<Int> = global.iter().map(|&i| local_of(&l2g, i)).collect();
        let (mut x, mut b1) = a.create_vecs()?;
        fill(&mut x, |i| sc(1.0 + i as f64))?;
        b1.set(sc(1.0))?;
        let mut b2 = b1.duplicate()?;
        b2.copy_from(&b1)?;
        if columns {
            a.zero_rows_columns_local(&local, sc(2.0), Some(&x), Some(&mut b1))?;
            g.zero_rows_columns(&global, sc(2.0), Some(&x), Some(&mut b2))?;
        } else {
            a.zero_rows_local(&local, sc(2.0), Some(&x), Some(&mut b1))?;
            g.zero_rows(&global, sc(2.0), Some(&x), Some(&mut b2))?;
        }
        assert!(a.equal(&g)?);
        assert_same_vec(&b1, &b2, 0.0);
        // Row 0 is always zeroed (rank 0 lists it): 2 on the diagonal, b = 2 x.
        if own.contains(&0) {
            assert_eq!(a.values(&[0], &[0, 1])?, vec![sc(2.0), sc(0.0)]);
            assert_eq!(b1.view()?[0], sc(2.0));
        }
    }
    Ok(())
}

/// Block assembly by local block indices (entries, CSR, IJV, RCV) on a BAIJ matrix
/// with a numbering of blocks equals block assembly by global block indices.
fn blocked_local_match_global(petsc: &Petsc) -> petsc::Result<()> {
    let (bs, nb) = (2, 7);
    let w = petsc.world();
    let mk = || {
        Mat::baij(&w)
            .block_size(bs)
            .sizes(Sizes::global(bs * nb, bs * nb))
            .preallocate(3, 2)
            .build()
    };
    let mut want = mk()?;
    let own = want.ownership_range()?;
    let (lo, hi) = (own.start / bs, own.end / bs);
    let l2g = local_numbering(lo, hi, nb);
    let map = LgMap::new(&w, bs, &l2g)?;
    // Element (I, I+1): [[K, -K], [-K, K]] with K = [[2, 1], [1, 3]] + I.
    let element = |i: Int| -> Vec<Scalar> {
        let k = [2.0 + i as f64, 1.0, 1.0, 3.0 + i as f64];
        let mut v = Vec::new();
        for (br, r) in [(0, 0), (0, 1), (1, 0), (1, 1)] {
            for bc in 0..2 {
                let s = if br == bc { 1.0 } else { -1.0 };
                v.extend([sc(s * k[2 * r]), sc(s * k[2 * r + 1])]);
            }
        }
        v
    };
    let mut a = mk()?;
    a.set_lgmap(&map, None)?;
    for i in lo..hi {
        if i + 1 < nb {
            let local = [local_of(&l2g, i), local_of(&l2g, i + 1)];
            a.set_values_blocked_local(&local, &local, &element(i), InsertMode::Add)?;
            want.set_values_blocked(&[i, i + 1], &[i, i + 1], &element(i), InsertMode::Add)?;
        }
    }
    a.assemble()?;
    want.assemble()?;
    assert!(a.equal(&want)?);
    assert!(want.norm(NormType::Frobenius)? > 1.0);

    // The assembled block rows: (local block columns, values), the values of each of
    // the block row's `bs` rows across its blocks, as set_values_blocked takes them.
    let cols: Vec<Int> = (0..bs * nb).collect();
    let block_row = |i: Int| -> petsc::Result<(Vec<Int>, Vec<Scalar>)> {
        let blocks: Vec<Int> = [i - 1, i, i + 1]
            .into_iter()
            .filter(|j| (0..nb).contains(j))
            .collect();
        let mut v = Vec::new();
        for r in 0..bs {
            let vals = want.values(&[i * bs + r], &cols)?;
            for j in &blocks {
                v.extend_from_slice(&vals[(j * bs) as usize..((j + 1) * bs) as usize]);
            }
        }
        Ok((blocks.iter().map(|&j| local_of(&l2g, j)).collect(), v))
    };
    let rows: Vec<(Int, Vec<Int>, Vec<Scalar>)> = (lo..hi)
        .map(|i| block_row(i).map(|(c, v)| (local_of(&l2g, i), c, v)))
        .collect::<petsc::Result<_>>()?;
    let mut ijv = (vec![0 as Int], Vec::new(), Vec::new(), Vec::new());
    for (r, c, v) in &rows {
        ijv.1.extend(c);
        ijv.2.extend(v);
        ijv.0.push(ijv.1.len() as Int);
        ijv.3.push(*r);
    }
    let mut b = mk()?;
    b.set_lgmap(&map, None)?;
    b.set_values_blocked_local_ijv(&ijv.0, &ijv.1, &ijv.2, InsertMode::Insert, Some(&ijv.3))?;
    b.assemble()?;
    assert!(b.equal(&want)?);

    // CSR: local block rows 0, 1, ... are the owned blocks last to first.
    let mut csr = (vec![0 as Int], Vec::new(), Vec::new());
    for k in 0..(hi - lo) {
        let (c, v) = block_row(l2g[k as usize])?;
        csr.1.extend(c);
        csr.2.extend(v);
        csr.0.push(csr.1.len() as Int);
    }
    let mut c = mk()?;
    c.set_lgmap(&map, None)?;
    c.set_values_blocked_local_csr(&csr.0, &csr.1, &csr.2, InsertMode::Insert)?;
    c.assemble()?;
    assert!(c.equal(&want)?);

    let r: Vec<[Int; 1]> = rows.iter().map(|t| [t.0]).collect();
    let r: Vec<&[Int]> = r.iter().map(|x| &x[..]).collect();
    let cs: Vec<&[Int]> = rows.iter().map(|t| &t.1[..]).collect();
    let vs: Vec<&[Scalar]> = rows.iter().map(|t| &t.2[..]).collect();
    let mut d = mk()?;
    d.set_lgmap(&map, None)?;
    d.set_values_blocked_local_rcv(&r, &cs, &vs, InsertMode::Insert)?;
    d.assemble()?;
    assert!(d.equal(&want)?);

    // A numbering of single rows cannot address blocks.
    let points: Vec<Int> = l2g
        .iter()
        .flat_map(|&i| (0..bs).map(move |k| i * bs + k))
        .collect();
    let mut e = mk()?;
    e.set_lgmap(&LgMap::new(&w, 1, &points)?, None)?;
    let msg = err(e.set_values_blocked_local(&[0], &[0], &[sc(1.0); 4], InsertMode::Insert));
    assert!(msg.contains("block size 1"), "{msg}");
    let nl = l2g.len() as Int;
    let msg = err(a.set_values_blocked_local(&[nl], &[0], &[sc(1.0); 4], InsertMode::Insert));
    assert!(msg.contains(&format!("local block row {nl}")), "{msg}");
    Ok(())
}

/// COO preallocation by local indices gives the matrix the global COO call gives.
fn coo_local_matches_global(petsc: &Petsc) -> petsc::Result<()> {
    let n = 9;
    let w = petsc.world();
    let want = laplacian(petsc, n)?;
    let own = want.ownership_range()?;
    let l2g = local_numbering(own.start, own.end, n);
    let mut a = Mat::new(&w)?;
    a.set_sizes_to(Sizes::local(own.end - own.start, own.end - own.start).with_global(n, n))?;
    a.set_type_name("aij")?;
    let e = err(a.set_preallocation_coo_local(&[0], &[0]));
    assert!(e.contains("no local numbering"), "{e}");
    a.set_lgmap(&LgMap::new(&w, 1, &l2g)?, None)?;
    let (mut i, mut j, mut v) = (Vec::new(), Vec::new(), Vec::new());
    for g in own.clone() {
        for h in [g - 1, g, g + 1].into_iter().filter(|h| (0..n).contains(h)) {
            i.push(local_of(&l2g, g));
            j.push(local_of(&l2g, h));
            v.push(sc(if g == h { 2.0 } else { -1.0 }));
        }
    }
    a.set_preallocation_coo_local(&i, &j)?;
    a.set_values_coo(&v, InsertMode::Insert)?;
    assert!(a.equal(&want)?);
    Ok(())
}

/// Assembly through local submatrices (the whole local space, then two halves of it)
/// lands in the parent as direct local assembly does; the guard restores on drop and
/// explicitly.
fn local_sub_matrix_assembly(petsc: &Petsc) -> petsc::Result<()> {
    let n = 12;
    let w = petsc.world();
    let c = petsc.self_comm();
    let want = laplacian(petsc, n)?;
    let own = want.ownership_range()?;
    let l2g = local_numbering(own.start, own.end, n);
    let nl = l2g.len() as Int;
    let mut a = Mat::aij(&w)
        .sizes(Sizes::global(n, n))
        .preallocate(3, 2)
        .build()?;
    let all = IndexSet::new_stride(&c, nl, 0, 1)?;
    let e = err(a.local_sub_matrix(&all, &all));
    assert!(e.contains("no local numbering"), "{e}");
    a.set_lgmap(&LgMap::new(&w, 1, &l2g)?, None)?;
    let past = IndexSet::new_general(&c, &[nl])?;
    let e = err(a.local_sub_matrix(&past, &all));
    assert!(e.contains(&format!("local row {nl}")), "{e}");
    // Rows of the first half of the local space through one submatrix, the rest
    // through another; columns all of it.
    let half = nl / 2;
    let first = IndexSet::new_stride(&c, half, 0, 1)?;
    let second = IndexSet::new_stride(&c, nl - half, half, 1)?;
    for (k, rows) in [(0, &first), (half, &second)] {
        let mut sub = a.local_sub_matrix(rows, &all)?;
        assert_eq!(sub.size()?, (rows.local_size()?, nl));
        for (r, &g) in l2g
            .iter()
            .enumerate()
            .skip(k as usize)
            .take(rows.local_size()? as usize)
        {
            if !own.contains(&g) {
                continue;
            }
            for h in [g - 1, g, g + 1].into_iter().filter(|h| (0..n).contains(h)) {
                let v = sc(if g == h { 2.0 } else { -1.0 });
                sub.set_value_local(r as Int - k, local_of(&l2g, h), v, InsertMode::Insert)?;
            }
        }
        if k == 0 {
            Mat::restore_local_sub_matrix(sub)?;
        }
    }
    a.assemble()?;
    assert!(a.equal(&want)?);
    Ok(())
}

/// The entry (i, j) of the "original" matrix of the submatrix tests: a pattern with
/// zeros and distinct values.
fn f(i: Int, j: Int) -> f64 {
    if (i + 2 * j) % 3 == 0 {
        0.0
    } else {
        (1 + 10 * i + j) as f64
    }
}

/// The original as an AIJ matrix and as a dense one, `m x n`, rows split by PETSc.
fn originals(petsc: &Petsc, m: Int, n: Int) -> petsc::Result<[Mat; 2]> {
    let w = petsc.world();
    let mut aij = Mat::aij(&w)
        .sizes(Sizes::global(m, n))
        .preallocate(n, n)
        .build()?;
    let mut dense = Mat::dense(&w).sizes(Sizes::global(m, n)).build()?;
    for i in aij.ownership_range()? {
        for j in 0..n {
            if f(i, j) != 0.0 {
                aij.set_value(i, j, sc(f(i, j)), InsertMode::Insert)?;
                dense.set_value(i, j, sc(f(i, j)), InsertMode::Insert)?;
            }
        }
    }
    aij.assemble()?;
    dense.assemble()?;
    Ok([aij, dense])
}

/// `list[r], list[r + size], ...`: this rank's share of a list split round-robin.
fn share(list: &[Int], rank: usize, size: usize) -> Vec<Int> {
    list.iter().skip(rank).step_by(size).copied().collect()
}

/// Parallel submatrices of the AIJ and dense originals, entry by entry against the
/// formula: arbitrary rows (not owned, for AIJ) and columns, all columns, and the
/// whole matrix (a copy, not the original).
fn sub_matrix_entries(petsc: &Petsc) -> petsc::Result<()> {
    let (m, n) = (9, 7);
    let w = petsc.world();
    let (rank, size) = (w.rank() as usize, w.size() as usize);
    let cols_all = [6, 1, 4, 2];
    // Columns of the submatrix: each rank's share, rank 0's first.
    let order: Vec<Int> = (0..size).flat_map(|r| share(&cols_all, r, size)).collect();
    for original in originals(petsc, m, n)? {
        let own = original.ownership_range()?;
        let aij = original.type_name()?.contains("aij");
        // AIJ: rows anywhere; dense: rows this rank owns, in another order.
        let rows: Vec<Int> = if aij {
            share(&[8, 3, 5, 0, 6, 1], rank, size)
        } else {
            own.clone().rev().step_by(2).collect()
        };
        let is_rows = IndexSet::new_general(&w, &rows)?;
        let is_cols = IndexSet::new_general(&w, &share(&cols_all, rank, size))?;
        let s = original.create_sub_matrix(&is_rows, Some(&is_cols))?;
        assert_eq!(s.size()?.1, cols_all.len() as Int);
        let first = s.ownership_range()?.start;
        let cols: Vec<Int> = (0..order.len() as Int).collect();
        for (k, &i) in rows.iter().enumerate() {
            let got = s.values(&[first + k as Int], &cols)?;
            let want: Vec<Scalar> = order.iter().map(|&j| sc(f(i, j))).collect();
            assert_eq!(got, want, "row {i} of {}", original.type_name()?);
        }
        // All columns.
        let s = original.create_sub_matrix(&is_rows, None)?;
        let first = s.ownership_range()?.start;
        let all: Vec<Int> = (0..n).collect();
        for (k, &i) in rows.iter().enumerate() {
            let want: Vec<Scalar> = all.iter().map(|&j| sc(f(i, j))).collect();
            assert_eq!(s.values(&[first + k as Int], &all)?, want);
        }
        // The whole matrix as owned: a copy of its own.
        let mine = IndexSet::new_stride(&w, own.end - own.start, own.start, 1)?;
        let mut whole = original.create_sub_matrix(&mine, None)?;
        assert_ne!(whole.as_raw(), original.as_raw());
        assert_same_mat(&whole, &original);
        whole.scale(sc(2.0))?;
        assert_eq!(
            original.values(&[own.start], &[1])?,
            vec![sc(f(own.start, 1))]
        );
        // Refused: a row past the matrix, on one rank only.
        let bad = IndexSet::new_general(&w, &if rank == 0 { vec![m] } else { vec![] })?;
        let e = err(original.create_sub_matrix(&bad, None));
        assert!(
            e.contains(if rank == 0 {
                "not in 0..9"
            } else {
                "another rank"
            }),
            "{e}"
        );
    }
    // A dense matrix on several ranks gives each rank its own rows only.
    if size > 1 {
        let [_, dense] = originals(petsc, m, n)?;
        let own = dense.ownership_range()?;
        let elsewhere = IndexSet::new_general(&w, &[(own.end) % m])?;
        let e = err(dense.create_sub_matrix(&elsewhere, None));
        assert!(e.contains("not owned") || e.contains("another rank"), "{e}");
    }
    Ok(())
}

/// Sequential submatrices on each rank (different numbers per rank, rows anywhere)
/// against the formula, for the AIJ and the dense originals; the virtual submatrix's
/// products equal the copied submatrix's.
fn sub_matrices_entries(petsc: &Petsc) -> petsc::Result<()> {
    let (m, n) = (8, 6);
    let w = petsc.world();
    let c = petsc.self_comm();
    let rank = w.rank() as Int;
    for original in originals(petsc, m, n)? {
        // Unsorted index sets, and rank r asking for r + 1 submatrices (rank 1 for
        // none), except for a parallel dense matrix (sorted sets, two on each rank).
        let sorted = original.type_name()? == "mpidense";
        let count = if sorted {
            2
        } else if rank == 1 {
            0
        } else {
            rank + 1
        };
        let mut rows = Vec::new();
        let mut cols = Vec::new();
        for k in 0..count {
            let mut r = vec![(7 * k + rank + 3) % m, (k + 2 * rank) % m, m - 1];
            let mut cs = vec![(k + rank) % n, n - 1 - (k % n)];
            // No index twice (in their order).
            for v in [&mut r, &mut cs] {
                let mut seen = Vec::new();
                v.retain(|i| {
                    !seen.contains(i) && {
                        seen.push(*i);
                        true
                    }
                });
                if sorted {
                    v.sort();
                }
            }
            rows.push(r);
            cols.push(cs);
        }
        if sorted {
            for bad in [[2, 1], [1, 1]] {
                let unsorted = IndexSet::new_general(&c, &bad)?;
                let e = err(original.create_sub_matrices(&[&unsorted], None));
                assert!(e.contains("sorted"), "{e}");
            }
            let one = IndexSet::new_general(&c, &[1])?;
            let some: Vec<&IndexSet> = (0..rank + 1).map(|_| &one).collect();
            let e = err(original.create_sub_matrices(&some, None));
            assert!(e.contains("number of submatrices"), "{e}");
            let e = err(original.create_sub_matrices(&[], None));
            assert!(e.contains("at least one"), "{e}");
        }
        let is_rows: Vec<IndexSet> = rows
            .iter()
            .map(|r| IndexSet::new_general(&c, r))
            .collect::<petsc::Result<_>>()?;
        let is_cols: Vec<IndexSet> = cols
            .iter()
            .map(|r| IndexSet::new_general(&c, r))
            .collect::<petsc::Result<_>>()?;
        let r: Vec<&IndexSet> = is_rows.iter().collect();
        let cc: Vec<&IndexSet> = is_cols.iter().collect();
        let subs = original.create_sub_matrices(&r, Some(&cc))?;
        assert_eq!(subs.len(), count as usize);
        for (k, s) in subs.iter().enumerate() {
            assert_eq!(s.comm().size(), 1);
            let jj: Vec<Int> = (0..cols[k].len() as Int).collect();
            for (a, &i) in rows[k].iter().enumerate() {
                let want: Vec<Scalar> = cols[k].iter().map(|&j| sc(f(i, j))).collect();
                assert_eq!(s.values(&[a as Int], &jj)?, want);
            }
        }
        // Column sets default to the row sets.
        let square = original.create_sub_matrices(&cc, None)?;
        for (k, s) in square.iter().enumerate() {
            assert_eq!(s.size()?.0, cols[k].len() as Int);
            assert_eq!(s.values(&[0], &[1])?, vec![sc(f(cols[k][0], cols[k][1]))]);
        }
        // A parallel index set is taken as PETSc takes it: each rank's own part.
        if w.size() > 1 {
            let par = IndexSet::new_general(&w, &[0])?;
            let s = original.create_sub_matrices(&[&par], None)?;
            assert_eq!(s[0].size()?, (1, 1));
        }
    }
    // The virtual submatrix applies the original.
    let [aij, _] = originals(petsc, m, n)?;
    let own = aij.ownership_range()?;
    let rows = IndexSet::new_general(&w, &own.clone().filter(|i| i % 2 == 1).collect::<Vec<_>>())?;
    let cols = IndexSet::new_general(
        &w,
        &share(&[0, 2, 3, 5], w.rank() as usize, w.size() as usize),
    )?;
    let copy = aij.create_sub_matrix(&rows, Some(&cols))?;
    let virt = aij.create_sub_matrix_virtual(&rows, Some(&cols))?;
    let (mut x, mut y1) = copy.create_vecs()?;
    fill(&mut x, |i| sc(1.0 + i as f64))?;
    let mut y2 = y1.duplicate()?;
    copy.mult(&x, &mut y1)?;
    virt.mult(&x, &mut y2)?;
    assert_same_vec(&y2, &y1, 1e-14);
    Ok(())
}

/// Overlap and ownership index sets on the 1D Laplacian: a rank's rows grown by k
/// levels are its rows widened by k on each side (within the grid).
fn overlap_and_ownership(petsc: &Petsc) -> petsc::Result<()> {
    let n = 14;
    let c = petsc.self_comm();
    let a = laplacian(petsc, n)?;
    let own = a.ownership_range()?;
    let (rows, cols) = a.ownership_is()?;
    assert_eq!(rows.to_vec()?, own.clone().collect::<Vec<_>>());
    assert_eq!(cols.to_vec()?, (0..n).collect::<Vec<_>>());
    for k in [0, 1, 2] {
        let mut is = IndexSet::new_general(&c, &own.clone().collect::<Vec<_>>())?;
        a.increase_overlap(&mut is, k)?;
        let mut got = is.to_vec()?;
        got.sort();
        let want: Vec<Int> = ((own.start - k).max(0)..(own.end + k).min(n)).collect();
        assert_eq!(got, want, "overlap {k}");
    }
    let mut is = IndexSet::new_general(&c, &[0])?;
    assert!(a.increase_overlap(&mut is, -1).is_err());
    let mut past = IndexSet::new_general(&c, &[n])?;
    assert!(a.increase_overlap(&mut past, 1).is_err());
    assert_eq!(past.to_vec()?, vec![n]); // untouched
    Ok(())
}

/// A nest of blocks [[A, B], [C, D]] (with C zero in one variant), with the nest's own
/// numbering and with interlaced index sets, applied to a vector equals the monolithic
/// matrix assembled from the blocks by the nest's index sets; the nest shares its
/// blocks.
fn nest_matches_monolithic(petsc: &Petsc) -> petsc::Result<()> {
    let w = petsc.world();
    let (rank, size) = (w.rank() as Int, w.size() as Int);
    // Block row/column 0 has 2 rows per rank, block 1 has 1 + rank.
    let (n0, n1) = (2, 1 + rank);
    let (g0, g1) = (2 * size, (1..=size).sum::<Int>());
    let block = |m: Int, n: Int, gm: Int, gn: Int, s: f64| -> petsc::Result<Mat> {
        let mut a = Mat::aij(&w)
            .sizes(Sizes::local(m, n).with_global(gm, gn))
            .preallocate(gn, gn)
            .build()?;
        for i in a.ownership_range()? {
            for j in 0..gn {
                if (i + j) % 2 == 0 || i == j {
                    a.set_value(i, j, sc(s + (i * gn + j) as f64), InsertMode::Insert)?;
                }
            }
        }
        a.assemble()?;
        Ok(a)
    };
    let a = block(n0, n0, g0, g0, 1.0)?;
    let b = block(n0, n1, g0, g1, 100.0)?;
    let cm = block(n1, n0, g1, g0, 200.0)?;
    let d = block(n1, n1, g1, g1, 300.0)?;
    // Interlaced global numbering: this rank's rows of the nest, block 0's then
    // block 1's, are the same rows in both variants; across ranks, rank order.
    let lo: Int = (0..rank).map(|r| 2 + 1 + r).sum();
    let interlaced = [
        IndexSet::new_general(&w, &[lo + n1 + 1, lo])?,
        IndexSet::new_general(&w, &(0..n1).map(|k| lo + 1 + k).collect::<Vec<_>>())?,
    ];
    for (with_c, sets) in [(true, None), (false, None), (true, Some(&interlaced))] {
        let c_block = with_c.then_some(&cm);
        let grid: [&[Option<&Mat>]; 2] = [&[Some(&a), Some(&b)], &[c_block, Some(&d)]];
        let iss: Option<Vec<&IndexSet>> = sets.map(|s| s.iter().collect());
        let nest = Mat::new_nest(&w, &grid, iss.as_deref(), iss.as_deref())?;
        assert_eq!(nest.size()?, (g0 + g1, g0 + g1));
        assert_eq!(nest.nest_size()?, (2, 2));
        // The monolithic matrix, entry by entry through the nest's index sets.
        let (rows, cols) = nest.nest_iss()?;
        let all_cols: Vec<Vec<Int>> = cols
            .iter()
            .map(|is| is.all_gather().and_then(|g| g.to_vec()))
            .collect::<petsc::Result<_>>()?;
        let mut mono = Mat::aij(&w)
            .sizes(Sizes::local(n0 + n1, n0 + n1))
            .preallocate(g0 + g1, g0 + g1)
            .build()?;
        for (bi, row) in grid.iter().enumerate() {
            let rows_bi = rows[bi].to_vec()?;
            for (bj, blk) in row.iter().enumerate() {
                let Some(blk) = blk else { continue };
                let (_, gn) = blk.size()?;
                let jj: Vec<Int> = (0..gn).collect();
                let first = blk.ownership_range()?.start;
                for (k, &r) in rows_bi.iter().enumerate() {
                    let vals = blk.values(&[first + k as Int], &jj)?;
                    mono.set_values(&[r], &all_cols[bj], &vals, InsertMode::Insert)?;
                }
            }
        }
        mono.assemble()?;
        let (mut x, mut y) = nest.create_vecs()?;
        fill(&mut x, |i| sc(1.0 + (i * i) as f64))?;
        let mut z = y.duplicate()?;
        nest.mult(&x, &mut y)?;
        mono.mult(&x, &mut z)?;
        assert_same_vec(&y, &z, 1e-13);
        assert!(y.norm(NormType::Two)? > 1.0);
        if let Some(s) = sets {
            assert_eq!(rows[0].to_vec()?, s[0].to_vec()?);
        }
        // Blocks are the nest's own: a change through the block handle shows.
        let zero = nest.nest_sub_matrix(1, 0)?;
        assert_eq!(zero.is_none(), !with_c);
        let mut d2 = nest.nest_sub_matrix(1, 1)?.expect("D");
        assert_eq!(d2.as_raw(), d.as_raw());
        d2.scale(sc(2.0))?;
        nest.mult(&x, &mut z)?;
        d2.scale(sc(0.5))?;
        assert!(z.norm(NormType::Two)? != y.norm(NormType::Two)?);
        assert!(nest.nest_sub_matrix(2, 0).is_err());
        let (lr, lc) = nest.nest_local_iss()?;
        assert!(lr.iter().chain(&lc).all(|is| is.is_none())); // no local numbering
    }
    // Refused on every rank: a block row without blocks and without index sets; blocks
    // of different rows in one block row; a wrong number of index sets.
    let e = err(Mat::new_nest(&w, &[&[Some(&a)], &[None]], None, None));
    assert!(e.contains("block row 1 has no block"), "{e}");
    // (At 3 ranks, rank 1's rows of A and D agree; the others' do not.)
    let e = err(Mat::new_nest(&w, &[&[Some(&a), Some(&d)]], None, None));
    assert!(e.contains("block row 0") || rank == 1, "{e}");
    let one = [&interlaced[0]];
    let e = err(Mat::new_nest(
        &w,
        &[&[Some(&a)], &[Some(&cm)]],
        Some(&one),
        None,
    ));
    assert!(e.contains("1 row index sets for 2 block rows"), "{e}");
    // Nested vectors on request.
    let mut nest = Mat::new_nest(&w, &[&[Some(&a)]], None, None)?;
    nest.set_nest_vec_type(VecType::Nest)?;
    assert_eq!(nest.create_vecs()?.0.type_name()?, "nest");
    Ok(())
}

/// The Schur complement S = A11 - A10 inv(A00) A01 applied to a vector equals the
/// formula computed with products and a diagonal solve; its blocks are the given ones.
fn schur_complement_formula(petsc: &Petsc) -> petsc::Result<()> {
    let w = petsc.world();
    let (n0, n1) = (8, 5);
    let rect = |m: Int, n: Int, s: f64| -> petsc::Result<Mat> {
        let mut a = Mat::aij(&w)
            .sizes(Sizes::global(m, n))
            .preallocate(n, n)
            .build()?;
        for i in a.ownership_range()? {
            for j in 0..n {
                if (i + j) % 3 != 1 {
                    a.set_value(
                        i,
                        j,
                        sc(s * (1.0 + (i + 2 * j) as f64 / 7.0)),
                        InsertMode::Insert,
                    )?;
                }
            }
        }
        a.assemble()?;
        Ok(a)
    };
    let mut a00 = Mat::aij(&w)
        .sizes(Sizes::global(n0, n0))
        .preallocate(1, 0)
        .build()?;
    for i in a00.ownership_range()? {
        a00.set_value(i, i, sc(2.0 + i as f64), InsertMode::Insert)?;
    }
    a00.assemble()?;
    // A01 has A00's row layout (PETSc's split of n0), A10 its column layout.
    let a01 = rect(n0, n1, 1.0)?;
    let a10 = rect(n1, n0, -0.5)?;
    let a11 = rect(n1, n1, 3.0)?;
    let s = Mat::create_schur_complement(&a00, &a00, &a01, &a10, Some(&a11))?;
    let (mut x, mut y) = a11.create_vecs()?;
    fill(&mut x, |i| sc(1.0 + i as f64))?;
    s.mult(&x, &mut y)?;
    // t = A01 x; t /= diag(A00); want = A11 x - A10 t.
    let (_, mut t) = a01.create_vecs()?;
    a01.mult(&x, &mut t)?;
    let dg = a00.diagonal()?;
    let mut u = t.duplicate()?;
    u.pointwise_divide(&t, &dg)?;
    let mut v = y.duplicate()?;
    a10.mult(&u, &mut v)?;
    let mut want = y.duplicate()?;
    a11.mult(&x, &mut want)?;
    want.axpy(sc(-1.0), &v)?;
    assert_same_vec(&y, &want, 1e-10);
    // Without A11: -A10 inv(A00) A01 x.
    let s0 = Mat::create_schur_complement(&a00, &a00, &a01, &a10, None)?;
    s0.mult(&x, &mut y)?;
    v.scale(sc(-1.0))?;
    assert_same_vec(&y, &v, 1e-10);
    let (b00, p00, b01, b10, b11) = s.schur_complement_sub_matrices()?;
    let raw = [b00.as_raw(), p00.as_raw(), b01.as_raw(), b10.as_raw()];
    assert_eq!(
        raw,
        [a00.as_raw(), a00.as_raw(), a01.as_raw(), a10.as_raw()]
    );
    assert_eq!(b11.expect("A11").as_raw(), a11.as_raw());
    assert!(s0.schur_complement_sub_matrices()?.4.is_none());
    assert!(a00.schur_complement_sub_matrices().is_err());
    let e = err(Mat::create_schur_complement(&a00, &a00, &a10, &a01, None));
    assert!(e.contains("do not match"), "{e}");
    Ok(())
}

/// A scatter as a matrix: the reversal of a distributed vector.
fn scatter_matrix_reverses(petsc: &Petsc) -> petsc::Result<()> {
    let n = 10;
    let w = petsc.world();
    let mut x = Vector::new_mpi(&w, None, Some(n))?;
    fill(&mut x, |i| sc(i as f64 * 1.5))?;
    let mut y = x.duplicate()?;
    let own = y.ownership_range()?;
    let from = IndexSet::new_general(&w, &own.clone().map(|i| n - 1 - i).collect::<Vec<_>>())?;
    let to = IndexSet::new_general(&w, &own.clone().collect::<Vec<_>>())?;
    let sct = Scatter::new(&x, Some(&from), &y, Some(&to))?;
    let a = Mat::new_scatter(&sct)?;
    assert_eq!(a.size()?, (n, n));
    a.mult(&x, &mut y)?;
    let v = y.view()?;
    for (k, i) in own.enumerate() {
        assert_eq!(v[k], sc((n - 1 - i) as f64 * 1.5));
    }
    Ok(())
}

/// Kronecker products of sequential AIJ matrices against the definition; refused for
/// parallel or other matrices.
fn kron_definition(petsc: &Petsc) -> petsc::Result<()> {
    let c = petsc.self_comm();
    let dense_of = |m: Int, n: Int, s: f64| -> petsc::Result<(Mat, Vec<f64>)> {
        let mut vals = Vec::new();
        let (mut rp, mut ci, mut v) = (vec![0], Vec::new(), Vec::new());
        for i in 0..m {
            for j in 0..n {
                let x = if (i + j) % 2 == 0 {
                    s + (i * n + j) as f64
                } else {
                    0.0
                };
                vals.push(x);
                if x != 0.0 {
                    ci.push(j);
                    v.push(sc(x));
                }
            }
            rp.push(ci.len() as Int);
        }
        Ok((
            Mat::aij(&c)
                .sizes(Sizes::local(m, n))
                .csr(Csr {
                    row_ptr: &rp,
                    cols: &ci,
                    vals: &v,
                })
                .build()?,
            vals,
        ))
    };
    let (a, av) = dense_of(2, 3, 1.0)?;
    let (b, bv) = dense_of(3, 2, 10.0)?;
    let k = a.kron(&b)?;
    assert_eq!(k.size()?, (6, 6));
    let cols: Vec<Int> = (0..6).collect();
    for r in 0..6 {
        let got = k.values(&[r], &cols)?;
        for (col, g) in got.iter().enumerate() {
            let (i, p) = (r as usize / 3, r as usize % 3);
            let (j, q) = (col / 2, col % 2);
            assert_eq!(*g, sc(av[i * 3 + j] * bv[p * 2 + q]), "({r}, {col})");
        }
    }
    let d = Mat::dense(&c).sizes(Sizes::global(2, 2)).build()?;
    assert!(a.kron(&d).is_err());
    if petsc.world().size() > 1 {
        let p = Mat::aij(&petsc.world())
            .sizes(Sizes::global(2, 2))
            .preallocate(1, 0)
            .build()?;
        let e = err(p.kron(&a));
        assert!(e.contains("ranks"), "{e}");
    }
    Ok(())
}

/// The dense guards: a column as a vector, a block as a matrix, the local matrix, and a
/// leading dimension, each on the parent's memory (at every rank count).
fn dense_guards(petsc: &Petsc) -> petsc::Result<()> {
    let w = petsc.world();
    let (m, n) = (7, 4);
    let mut a = Mat::dense(&w).sizes(Sizes::global(m, n)).build()?;
    a.assemble()?;
    let own = a.ownership_range()?;
    // Column 2 = i + 1, through the column vector.
    {
        let mut col = a.dense_column_vec(2)?;
        assert_eq!((col.column(), col.size()?), (2, m));
        let mut v = col.view_mut()?;
        for (k, e) in v.iter_mut().enumerate() {
            *e = sc((own.start + k as Int + 1) as f64);
        }
    }
    for i in own.clone() {
        assert_eq!(a.values(&[i], &[1, 2])?, vec![sc(0.0), sc((i + 1) as f64)]);
    }
    let mut col = a.dense_column_vec(0)?;
    col.set(sc(3.0))?;
    assert_eq!(col.norm(NormType::One)?, 3.0 * m as f64);
    Mat::restore_dense_column_vec(col)?;
    assert!(a.dense_column_vec(n).is_err());
    assert!(a.dense_column_vec(-1).is_err());
    // Rows 2..6, columns 1..3 as a matrix: its product with ones is rows 2..6 of
    // columns 1 and 2 summed, i + 1 (column 1 is zero).
    {
        let s = a.dense_sub_matrix(2..6, 1..3)?;
        assert_eq!(s.size()?, (4, 2));
        let (mut x, mut y) = (
            Vector::new_mpi(&w, Some(s.local_size()?.1), None)?,
            Vector::new_mpi(&w, Some(s.local_size()?.0), None)?,
        );
        x.set(sc(1.0))?;
        s.mult(&x, &mut y)?;
        let lo = y.ownership_range()?.start;
        for (k, &e) in y.view()?.iter().enumerate() {
            assert_eq!(e, sc((lo + k as Int + 2 + 1) as f64));
        }
    }
    {
        let mut s = a.dense_sub_matrix(0..m, 3..4)?;
        let mut v = s.dense_view_mut()?;
        for k in 0..v.rows() {
            v.set(k, 0, sc(-1.0));
        }
    }
    assert_eq!(a.values(&[own.start], &[3])?, vec![sc(-1.0)]);
    assert!(a.dense_sub_matrix(0..m + 1, 0..1).is_err());
    // Shared matrices refuse the guards, as the views.
    let t = a.create_transpose()?;
    assert!(a.dense_column_vec(0).is_err());
    assert!(a.dense_sub_matrix(0..1, 0..1).is_err());
    drop(t);
    // The local matrix shares the entries.
    {
        let mut l = a.dense_local_matrix()?;
        assert_eq!(l.size()?, (own.end - own.start, n));
        assert!(a.dense_view().is_err());
        assert!(l.dense_view().is_err());
        l.set_value(0, 1, sc(9.0), InsertMode::Insert)?;
        l.assemble()?;
    }
    assert_eq!(a.values(&[own.start], &[1])?, vec![sc(9.0)]);
    assert!(a.dense_view().is_ok());
    // A leading dimension above the rows, set before the storage.
    let mut b = Mat::new(&w)?;
    b.set_sizes_to(Sizes {
        local_rows: Some(own.end - own.start),
        global_cols: Some(n),
        ..Default::default()
    })?;
    b.set_type_name("dense")?;
    let rows = own.end - own.start;
    b.set_dense_lda(rows + 3)?;
    b.set_up()?;
    assert_eq!(b.dense_lda()?, rows + 3);
    for i in own.clone() {
        b.set_values(
            &[i],
            &[0, 3],
            &[sc(i as f64), sc(-(i as f64))],
            InsertMode::Insert,
        )?;
    }
    b.assemble()?;
    {
        let v = b.dense_view()?;
        assert_eq!(v.lda(), (rows + 3) as usize);
        for k in 0..v.rows() {
            let i = own.start + k as Int;
            assert_eq!(
                (v.get(k, 0), v.get(k, 3)),
                (Some(sc(i as f64)), Some(sc(-(i as f64))))
            );
        }
    }
    assert!(b.set_dense_lda(rows + 5).is_err()); // allocated
    assert!(Mat::aij(&w)
        .sizes(Sizes::global(2, 2))
        .preallocate(1, 0)
        .build()?
        .set_dense_lda(4)
        .is_err());
    Ok(())
}

/// Reordering for a non-zero diagonal: a matrix with zeros on its diagonal has none
/// after the permutation found.
fn reorder_nonzero_diagonal(petsc: &Petsc) -> petsc::Result<()> {
    let c = petsc.self_comm();
    // A 4-cycle permutation matrix plus a small diagonal entry in row 3.
    let a = Mat::aij(&c)
        .sizes(Sizes::local(4, 4))
        .csr(Csr {
            row_ptr: &[0, 1, 2, 3, 5],
            cols: &[1, 2, 3, 0, 3],
            vals: &[sc(1.0), sc(2.0), sc(3.0), sc(4.0), sc(1e-12)],
        })
        .build()?;
    let (mut rows, mut cols) = a.ordering(petsc::Ordering::Natural)?;
    a.reorder_for_nonzero_diagonal(1e-6, &mut rows, &mut cols)?;
    let p = a.permute(&rows, &cols)?;
    for i in 0..4 {
        assert!(
            abs(p.values(&[i], &[i])?[0]) >= 1.0,
            "diagonal {i} of {rows:?} {cols:?}"
        );
    }
    let mut bad = vec![0, 0, 1, 2];
    assert!(a
        .reorder_for_nonzero_diagonal(0.0, &mut bad, &mut cols)
        .is_err());
    Ok(())
}

pub fn cases() -> Vec<Case> {
    vec![
        Case::new("local_elements_match_global", local_elements_match_global).ranks(&[1, 2, 3]),
        Case::new("local_row_forms_match_global", local_row_forms_match_global).ranks(&[1, 2, 3]),
        Case::new("local_bad_inputs", local_bad_inputs).ranks(&[1, 2, 3]),
        Case::new("zero_rows_local_match_global", zero_rows_local_match_global).ranks(&[1, 2, 3]),
        Case::new("blocked_local_match_global", blocked_local_match_global).ranks(&[1, 2, 3]),
        Case::new("coo_local_matches_global", coo_local_matches_global).ranks(&[1, 2, 3]),
        Case::new("local_sub_matrix_assembly", local_sub_matrix_assembly).ranks(&[1, 2, 3]),
        Case::new("sub_matrix_entries", sub_matrix_entries).ranks(&[1, 2, 3]),
        Case::new("sub_matrices_entries", sub_matrices_entries).ranks(&[1, 2, 3]),
        Case::new("overlap_and_ownership", overlap_and_ownership).ranks(&[1, 2, 3]),
        Case::new("nest_matches_monolithic", nest_matches_monolithic).ranks(&[1, 2, 3]),
        Case::new("schur_complement_formula", schur_complement_formula).ranks(&[1, 2, 3]),
        Case::new("scatter_matrix_reverses", scatter_matrix_reverses).ranks(&[1, 2, 3]),
        Case::new("kron_definition", kron_definition).ranks(&[1, 2]),
        Case::new("dense_guards", dense_guards).ranks(&[1, 2, 3]),
        Case::new("reorder_nonzero_diagonal", reorder_nonzero_diagonal),
    ]
}
