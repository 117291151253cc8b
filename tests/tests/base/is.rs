//! Index sets, local-to-global mappings and vector scatters against closed forms at 1, 2
//! and 3 ranks; bad input as the same `Err` on every rank; PETSc's IS tutorials and two
//! of its scatter tests ported to Rust (examples `is_ex1` .. `is_ex4`, `scatter_ex2`,
//! `scatter_ex11`) against PETSc's expected output and the C programs.

use petsc::{
    Error, GlobalToLocalMode, IndexSet, InsertMode, Int, IsType, LgMap, Petsc, Scalar, Scatter,
    ScatterMode, ScatterType, Stride, Vector,
};
use petsc_tests::{c_tutorial, mpiexec, petsc_examples_dir, run_example, Case};

fn s(v: f64) -> Scalar {
    Scalar::from(v)
}

/// A distributed vector with x_i = f(i).
fn vector_of(petsc: &Petsc, n: Int, f: impl Fn(Int) -> f64) -> petsc::Result<Vector> {
    let mut x = Vector::new_mpi(&petsc.world(), None, Some(n))?;
    let lo = x.ownership_range()?.start;
    for (k, v) in x.view_mut()?.iter_mut().enumerate() {
        *v = s(f(lo + k as Int));
    }
    Ok(x)
}

fn local_values(x: &Vector) -> petsc::Result<Vec<Scalar>> {
    Ok(x.view()?.to_vec())
}

/// General, stride and block index sets on the world communicator: sizes, indices,
/// gathering, type changes, copies.
fn index_sets(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let (r, p) = (world.rank() as Int, world.size() as Int);
    // Rank r holds r + 1 indices 10 r, 10 r + 1, ...
    let mine: Vec<Int> = (0..=r).map(|k| 10 * r + k).collect();
    let g = IndexSet::new_general(&world, &mine)?;
    assert_eq!(g.sizes()?, (r + 1, p * (p + 1) / 2));
    assert_eq!(g.to_vec()?, mine);
    assert_eq!(g.ty()?, IsType::General);
    let all = g.all_gather()?;
    let expected: Vec<Int> = (0..p)
        .flat_map(|q| (0..=q).map(move |k| 10 * q + k))
        .collect();
    assert_eq!(all.to_vec()?, expected);
    assert!(g.is_sorted()?);
    assert_eq!(g.is_identity()?, p == 1); // [0] alone is the identity

    // Stride: rank r holds 3 indices r, r + p, r + 2p (a permutation of 0..3p).
    let st = IndexSet::new_stride(&world, 3, r, p)?;
    assert_eq!(
        st.stride()?,
        Some(Stride {
            len: 3,
            first: r,
            step: p
        })
    );
    assert_eq!(st.size()?, 3 * p);
    let mut perm = st.duplicate()?;
    perm.set_permutation()?;
    assert!(perm.is_permutation()?);
    // The inverse of i -> position: position of global index j is (j mod p) * 3 + j / p.
    let inv = perm.invert_permutation(None)?;
    let inv_all = inv.all_gather()?.to_vec()?;
    for (j, &pos) in inv_all.iter().enumerate() {
        let j = j as Int;
        assert_eq!(pos, (j % p) * 3 + j / p, "inverse at {j}");
    }
    // The identity: rank r holds its block of 0..2p.
    let mut id = IndexSet::new_stride(&world, 2, 2 * r, 1)?;
    id.set_identity()?;
    assert!(id.is_identity()?);

    // Block: rank r has blocks r and r + p of size 2.
    let b = IndexSet::new_block(&world, 2, &[r, r + p])?;
    assert_eq!(b.block_size()?, 2);
    assert_eq!(&*b.block_indices()?, &[r, r + p]);
    assert_eq!(
        b.to_vec()?,
        vec![2 * r, 2 * r + 1, 2 * (r + p), 2 * (r + p) + 1]
    );
    let mut bg = b.duplicate()?;
    bg.to_general()?;
    assert_eq!(bg.ty()?, IsType::General);
    assert!(bg.equal(&b)?);
    assert_eq!(bg.block_size()?, 2);

    // Type changes and set_* on the same object.
    let mut t = IndexSet::new(&world)?;
    t.set_type(IsType::Block)?;
    t.set_block_indices(3, &[r])?;
    assert_eq!(t.to_vec()?, vec![3 * r, 3 * r + 1, 3 * r + 2]);
    t.set_type(IsType::General)?;
    assert_eq!(t.size()?, 0);
    t.set_indices(&[r, r])?;
    assert_eq!(t.size()?, 2 * p);
    let mut copy = IndexSet::new_general(&world, &[0, 0])?;
    t.copy(&mut copy)?;
    assert_eq!(copy.to_vec()?, vec![r, r]);
    Ok(())
}

/// Set operations rank by rank, against the same operations on `BTreeSet`s.
fn set_operations(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let r = world.rank() as Int;
    let a_idx: Vec<Int> = vec![r, r + 2, r + 5, r + 9];
    let b_idx: Vec<Int> = vec![r + 1, r + 2, r + 9, r + 11];
    let a = IndexSet::new_general(&world, &a_idx)?;
    let b = IndexSet::new_general(&world, &b_idx)?;
    use std::collections::BTreeSet;
    let (sa, sb): (BTreeSet<Int>, BTreeSet<Int>) = (
        a_idx.iter().copied().collect(),
        b_idx.iter().copied().collect(),
    );
    let v = |s: BTreeSet<Int>| s.into_iter().collect::<Vec<_>>();
    // `sum` is for one-rank index sets (PETSc 3.18): on the world it is refused.
    let me = petsc.self_comm();
    let (a1, b1) = (
        IndexSet::new_general(&me, &a_idx)?,
        IndexSet::new_general(&me, &b_idx)?,
    );
    assert_eq!(a1.sum(&b1)?.to_vec()?, v(&sa | &sb));
    assert_eq!(a1.union(&b1)?.to_vec()?, v(&sa | &sb));
    if world.size() > 1 {
        assert!(matches!(a.sum(&b), Err(Error::InvalidArgument { .. })));
    }
    let mut un = a.union(&b)?.to_vec()?;
    un.sort();
    assert_eq!(un, v(&sa | &sb));
    assert_eq!(a.intersect(&b)?.to_vec()?, v(&sa & &sb));
    assert_eq!(a.difference(&b)?.to_vec()?, v(&sa - &sb));
    let mut e = a.expand(&b)?.to_vec()?;
    e.sort();
    assert_eq!(e, v(&sa | &sb));
    // Complement in r..r + 12.
    let all: BTreeSet<Int> = (r..r + 12).collect();
    assert_eq!(a.complement(r, r + 12)?.to_vec()?, v(&all - &sa));
    // Positions in b of a's indices that b has: r + 2 at 1, r + 9 at 2.
    assert_eq!(a.embed(&b, true)?.to_vec()?, vec![1, 2]);
    // Renumbering: the distinct indices of all ranks, numbered in order.
    let (n, ren) = a.renumber(None)?;
    let p = world.size() as Int;
    let distinct: BTreeSet<Int> = (0..p).flat_map(|q| [q, q + 2, q + 5, q + 9]).collect();
    assert_eq!(n, distinct.len() as Int);
    let pos = |i: Int| distinct.iter().position(|&d| d == i).unwrap() as Int;
    assert_eq!(
        ren.to_vec()?,
        a_idx.iter().map(|&i| pos(i)).collect::<Vec<_>>()
    );
    // Unsorted: union falls back to expand; sum refuses.
    let u = IndexSet::new_general(&world, &[r + 3, r])?;
    assert!(matches!(u.sum(&b1), Err(Error::InvalidArgument { .. })));
    let mut un = u.union(&b)?.to_vec()?;
    un.sort();
    assert_eq!(un, vec![r, r + 1, r + 2, r + 3, r + 9, r + 11]);
    // Partitioning: entry k of rank r goes to part (r + k) mod p.
    let parts: Vec<Int> = (0..3).map(|k| (r + k) % p).collect();
    let part = IndexSet::new_general(&world, &parts)?;
    let count = part.partitioning_count(None)?;
    assert_eq!(count.iter().sum::<Int>(), 3 * p);
    let num = part.partitioning_to_numbering()?.all_gather()?.to_vec()?;
    let mut sorted = num.clone();
    sorted.sort();
    assert_eq!(sorted, (0..3 * p).collect::<Vec<_>>());
    // Two-sided: each rank sends its rank number to rank 0.
    let to = IndexSet::new_general(&world, &[0])?;
    let what = IndexSet::new_general(&world, &[100 + r])?;
    let got = to.build_two_sided(Some(&what))?.to_vec()?;
    if r == 0 {
        assert_eq!(got, (0..p).map(|q| 100 + q).collect::<Vec<_>>());
    } else {
        assert!(got.is_empty());
    }
    Ok(())
}

/// A mapping of a ring: rank r maps local 0, 1 to its globals 2r, 2r + 1 and local 2 to
/// the next rank's first global 2(r + 1) mod 2p.
fn local_to_global(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let (r, p) = (world.rank() as Int, world.size() as Int);
    let ghost = 2 * ((r + 1) % p);
    let map = LgMap::new(&world, 1, &[2 * r, 2 * r + 1, ghost])?;
    assert_eq!(map.size()?, 3);
    assert_eq!(&*map.indices()?, &[2 * r, 2 * r + 1, ghost]);
    assert_eq!(map.apply(&[2, 0, -1])?, vec![ghost, 2 * r, -1]);
    let globals: Vec<Int> = (0..2 * p).collect();
    let masked = map.apply_inverse(GlobalToLocalMode::Mask, &globals)?;
    for (g, &l) in masked.iter().enumerate() {
        let g = g as Int;
        let want = if g == 2 * r {
            0
        } else if g == 2 * r + 1 {
            1
        } else if g == ghost {
            2
        } else {
            -1
        };
        // At one rank the ghost is global 0, which local 0 maps first.
        if !(p == 1 && g == 0) {
            assert_eq!(l, want, "global {g}");
        }
    }
    let mut dropped = map.apply_inverse(GlobalToLocalMode::Drop, &globals)?;
    dropped.sort();
    dropped.dedup();
    assert!(dropped.len() == 3 || p == 1);
    let local = IndexSet::new_general(&world, &[1, 2])?;
    assert_eq!(map.apply_is(&local)?.to_vec()?, vec![2 * r + 1, ghost]);
    let mut hashed = map.duplicate()?;
    hashed.set_type(petsc::LgMapType::Hash)?;
    assert_eq!(
        hashed.apply_inverse(GlobalToLocalMode::Mask, &[2 * r + 1])?,
        vec![1]
    );
    // Shared indices: with the next rank (local 2) and the previous one (local 0).
    let info = map.info()?;
    if p > 1 {
        let mut shared: Vec<Int> = info
            .iter()
            .filter(|(q, _)| *q != r)
            .flat_map(|(_, l)| l.clone())
            .collect();
        shared.sort();
        shared.dedup();
        assert_eq!(shared, vec![0, 2], "{info:?}");
        let ranks: std::collections::BTreeSet<Int> = info.iter().map(|(q, _)| *q).collect();
        assert!(ranks.contains(&((r + 1) % p)) && ranks.contains(&((r + p - 1) % p)));
    } else {
        // One rank shares with no other: the rank itself comes first (PETSc 3.22 lists
        // it, with the local indices of the global index it maps twice, 0 and 2; 3.18
        // leaves it out, and petsc-rs lists it with nothing).
        let twice: Vec<Int> = if cfg!(petsc_3_22) { vec![0, 2] } else { vec![] };
        assert_eq!(info, vec![(0, twice)]);
    }
    assert_eq!(map.block_info()?.len(), info.len());
    // Blocks of 2 from an index set.
    let bis = IndexSet::new_block(&world, 2, &[r, p + r])?;
    let bmap = LgMap::from_is(&bis)?;
    assert_eq!(bmap.block_size()?, 2);
    assert_eq!(&*bmap.block_indices()?, &[r, p + r]);
    assert_eq!(bmap.apply_block(&[1])?, vec![p + r]);
    assert_eq!(bmap.apply(&[3])?, vec![2 * (p + r) + 1]);
    assert_eq!(
        bmap.apply_block_inverse(GlobalToLocalMode::Mask, &[p + r, r, 2 * p + 7])?,
        vec![1, 0, -1]
    );
    Ok(())
}

/// A scatter that reverses a distributed vector (y_i = x_{N-1-i}), and its reverse mode
/// bringing it back; reused, and copied.
fn scatter_reverses(petsc: &Petsc) -> petsc::Result<()> {
    let n: Int = 11;
    let x = vector_of(petsc, n, |i| i as f64)?;
    let mut y = x.duplicate()?;
    let r = x.ownership_range()?;
    let ln = r.end - r.start;
    let me = petsc.self_comm();
    // Rank's y entries r.start.. take x entries N-1-r.start, downwards.
    let from = IndexSet::new_stride(&me, ln, n - 1 - r.start, -1)?;
    let to = IndexSet::new_stride(&me, ln, r.start, 1)?;
    let sct = Scatter::new(&x, Some(&from), &y, Some(&to))?;
    sct.scatter(&x, &mut y, InsertMode::Insert, ScatterMode::Forward)?;
    let want: Vec<Scalar> = (r.start..r.end).map(|i| s((n - 1 - i) as f64)).collect();
    assert_eq!(local_values(&y)?, want);
    // Reverse: z[from] = y[to], which is x again.
    let mut z = x.duplicate()?;
    z.set(0.0)?;
    sct.scatter(&y, &mut z, InsertMode::Insert, ScatterMode::Reverse)?;
    assert_eq!(local_values(&z)?, local_values(&x)?);
    // Add mode, reused: y += reversed x, twice.
    let copy = sct.copy()?;
    copy.scatter(&x, &mut y, InsertMode::Add, ScatterMode::Forward)?;
    let twice: Vec<Scalar> = want.iter().map(|v| *v * s(2.0)).collect();
    assert_eq!(local_values(&y)?, twice);
    // Begin/end with other work in between.
    let mut sct = sct;
    let mut w = x.duplicate()?;
    w.set(1.0)?;
    let pending = sct.begin(&x, &mut w, InsertMode::Add, ScatterMode::Forward)?;
    let norm = x.norm(petsc::NormType::Infinity)?;
    Scatter::end(pending)?;
    assert_eq!(norm, (n - 1) as f64);
    let plus_one: Vec<Scalar> = want.iter().map(|v| *v + s(1.0)).collect();
    assert_eq!(local_values(&w)?, plus_one);
    // A guard dropped without end completes the scatter.
    w.set(0.0)?;
    drop(sct.begin(&x, &mut w, InsertMode::Insert, ScatterMode::Forward)?);
    assert_eq!(local_values(&w)?, want);
    assert!(petsc::take_destroy_failures().is_empty());
    Ok(())
}

/// Gathers to rank 0 and to all ranks; sums many entries into one with ADD_VALUES; a
/// many-to-one reverse scatter adds back.
fn scatter_gathers_and_adds(petsc: &Petsc) -> petsc::Result<()> {
    let n: Int = 7;
    let world = petsc.world();
    let p = world.size() as Int;
    let x = vector_of(petsc, n, |i| (i * i) as f64)?;
    let squares: Vec<Scalar> = (0..n).map(|i| s((i * i) as f64)).collect();
    let (zero, mut on_zero) = Scatter::to_zero(&x)?;
    zero.scatter(&x, &mut on_zero, InsertMode::Insert, ScatterMode::Forward)?;
    if world.rank() == 0 {
        assert_eq!(local_values(&on_zero)?, squares);
    } else {
        assert_eq!(on_zero.local_size()?, 0);
    }
    let (all, mut everywhere) = Scatter::to_all(&x)?;
    all.scatter(
        &x,
        &mut everywhere,
        InsertMode::Insert,
        ScatterMode::Forward,
    )?;
    assert_eq!(local_values(&everywhere)?, squares);
    // Reverse of to_all with ADD: every rank adds its copy back: x' = p x ... into a
    // zeroed vector.
    let mut back = x.duplicate()?;
    back.set(0.0)?;
    all.scatter(
        &everywhere,
        &mut back,
        InsertMode::Add,
        ScatterMode::Reverse,
    )?;
    let lo = back.ownership_range()?.start;
    for (k, v) in back.view()?.iter().enumerate() {
        let i = lo + k as Int;
        assert_eq!(*v, s((p * i * i) as f64), "entry {i}");
    }
    // Many-to-one: each rank's one-entry vector (value rank + 1) added into global entry 0.
    let me = petsc.self_comm();
    let one = Vector::from_slice(&me, &[s((world.rank() + 1) as f64)])?;
    let mut target = Vector::new_mpi(&world, None, Some(n))?;
    target.set(0.0)?;
    let to0 = IndexSet::new_general(&me, &[0])?;
    let sum = Scatter::new(&one, None, &target, Some(&to0))?;
    sum.scatter(&one, &mut target, InsertMode::Add, ScatterMode::Forward)?;
    assert_eq!(target.sum()?, s((p * (p + 1) / 2) as f64));
    if world.rank() == 0 {
        assert_eq!(target.view()?[0], s((p * (p + 1) / 2) as f64));
    }
    // Back: each rank reads global entry 0.
    let mut mine = one.duplicate()?;
    sum.scatter(&target, &mut mine, InsertMode::Insert, ScatterMode::Reverse)?;
    assert_eq!(local_values(&mine)?, vec![s((p * (p + 1) / 2) as f64)]);
    // Types: general scatters swap basic and neighbor; patterned ones refuse. Each rank
    // adds its value to the first entry of the next rank.
    let starts = target.ownership_ranges()?;
    let next = starts[(world.rank() as usize + 1) % world.size() as usize];
    let to_next = IndexSet::new_general(&me, &[next])?;
    let mut again = Scatter::new(&one, None, &target, Some(&to_next))?;
    match again.set_type(ScatterType::Neighbor) {
        // Where PETSc uses MPI-4's persistent neighbourhood collectives (PETSc 3.22 on
        // Open MPI 5, 3.26 on MPICH 4), its graph fails in MPI: refused on several ranks.
        Err(e) => {
            assert!(p > 1, "refused on one rank: {e}");
            assert!(e.to_string().contains("persistent neighbourhood"), "{e}");
            assert_eq!(again.ty()?, ScatterType::Basic);
        }
        Ok(()) => {
            again.scatter(&one, &mut target, InsertMode::Add, ScatterMode::Forward)?;
            assert_eq!(target.sum()?, s((p * (p + 1)) as f64));
            assert!(again.set_type(ScatterType::Basic).is_err());
        }
    }
    let mut fresh = Scatter::new(&one, None, &target, Some(&to0))?;
    assert!(fresh.set_type(ScatterType::Window).is_err());
    petsc.options().set_value("sf_type", "allgatherv")?;
    let refused = fresh.set_from_options();
    petsc.options().clear_value("sf_type")?;
    assert!(
        matches!(refused, Err(Error::InvalidArgument { .. })),
        "{refused:?}"
    );
    fresh.set_from_options()?;
    fresh.set_up()?;
    assert!(fresh.set_from_options().is_err());
    Ok(())
}

/// Every check that only some ranks fail is the same kind of `Err` on every rank.
fn bad_input(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let me = petsc.self_comm();
    let last = world.rank() == world.size() - 1;
    let r = world.rank() as Int;
    // Stride and block arguments.
    let e = IndexSet::new_stride(&world, if last { -1 } else { 2 }, 0, 1).unwrap_err();
    assert!(
        matches!(
            e,
            Error::SizeMismatch { .. } | Error::InvalidArgument { .. }
        ),
        "{e}"
    );
    let e = IndexSet::new_stride(&world, 3, Int::MAX - if last { 1 } else { 10 }, 1);
    assert!(e.is_err());
    let e = IndexSet::new_block(&world, if last { 0 } else { 1 }, &[0]).unwrap_err();
    assert!(matches!(e, Error::InvalidArgument { .. }), "{e}");
    let e = IndexSet::new_block(&world, 2, &[if last { Int::MAX / 2 + 1 } else { 0 }]).unwrap_err();
    assert!(
        matches!(e, Error::OutOfRange { .. } | Error::InvalidArgument { .. }),
        "{e}"
    );
    // Block size that does not divide, or indices not in blocks.
    let mut g = IndexSet::new_general(&world, &[2 * r, 2 * r + if last { 5 } else { 1 }])?;
    assert!(g.set_block_size(2).is_err());
    // Not a permutation (a repeated index on the last rank).
    let np_idx = if last { vec![0, 0] } else { vec![r] };
    let mut np = IndexSet::new_general(&world, &np_idx)?;
    assert!(matches!(
        np.set_permutation(),
        Err(Error::InvalidArgument { .. })
    ));
    assert!(np.invert_permutation(None).is_err());
    // Complement with an index outside the range on one rank.
    let c = IndexSet::new_general(&world, &[if last { 20 } else { 1 }])?;
    assert!(c.complement(0, 10).is_err());
    assert!(c.complement(5, 3).is_err());
    // Embedding an index the other set lacks on one rank only: -1 there (as PETSc
    // documents), or left out with `drop`.
    let e_in = IndexSet::new_general(&world, &[if last { 99 } else { r }])?;
    let e_of = IndexSet::new_general(&world, &[r])?;
    assert_eq!(
        e_in.embed(&e_of, false)?.to_vec()?,
        vec![if last { -1 } else { 0 }]
    );
    assert_eq!(
        e_in.embed(&e_of, true)?.local_size()?,
        if last { 0 } else { 1 }
    );
    // Partitions outside 0..npart.
    let part = IndexSet::new_general(&world, &[if last { 9 } else { 0 }])?;
    assert!(matches!(
        part.partitioning_count(Some(2)),
        Err(Error::OutOfRange { .. } | Error::InvalidArgument { .. })
    ));
    assert!(IndexSet::new_general(&world, &[if last { -1 } else { 0 }])?
        .partitioning_to_numbering()
        .is_err());
    // Copy into an index set of another size or type.
    let a = IndexSet::new_general(&me, &[1, 2])?;
    assert!(a.copy(&mut IndexSet::new_general(&me, &[1])?).is_err());
    assert!(a.copy(&mut IndexSet::new_stride(&me, 2, 0, 1)?).is_err());
    // Type-specific calls on the wrong type.
    assert!(a.block_indices().is_err());
    assert!(a.info().is_err());
    assert!(IndexSet::new_stride(&me, 2, 0, 1)?
        .set_indices(&[1])
        .is_err());

    // Mappings.
    let map = LgMap::new(&me, 1, &[4, 5])?;
    assert!(matches!(map.apply(&[2]), Err(Error::OutOfRange { .. })));
    assert!(map.apply_is(&IndexSet::new_general(&me, &[0, 7])?).is_err());
    // On the world, a bad local index on one rank only.
    let wmap = LgMap::new(&world, 1, &[2 * r, 2 * r + 1])?;
    let wl = IndexSet::new_general(&world, &[if last { 2 } else { 1 }])?;
    assert!(matches!(
        wmap.apply_is(&wl),
        Err(Error::OutOfRange { .. } | Error::InvalidArgument { .. })
    ));
    assert!(LgMap::new(&me, -2, &[0]).is_err());
    assert!(LgMap::new(&me, 4, &[Int::MAX / 2]).is_err());

    // Scatters: an index past the end on one rank only.
    let n: Int = 6;
    let x = Vector::new_mpi(&world, None, Some(n))?;
    let y = Vector::new_seq(&me, 1)?;
    let from = IndexSet::new_general(&me, &[if last { n } else { 0 }])?;
    let e = Scatter::new(&x, Some(&from), &y, None).unwrap_err();
    assert!(
        matches!(e, Error::OutOfRange { .. } | Error::InvalidArgument { .. }),
        "{e}"
    );
    let neg = IndexSet::new_general(&me, &[if last { -3 } else { 0 }])?;
    assert!(Scatter::new(&x, Some(&neg), &y, None).is_err());
    // Lengths that disagree on one rank.
    let two = IndexSet::new_general(&me, if last { &[0, 1][..] } else { &[0][..] })?;
    let e = Scatter::new(&x, Some(&two), &y, None).unwrap_err();
    assert!(
        matches!(
            e,
            Error::SizeMismatch { .. } | Error::InvalidArgument { .. }
        ),
        "{e}"
    );
    // Vectors of the wrong size for a good scatter, forward and reverse.
    let ok = IndexSet::new_general(&me, &[0])?;
    let sct = Scatter::new(&x, Some(&ok), &y, None)?;
    let mut big = Vector::new_seq(&me, if last { 2 } else { 1 })?;
    let e = sct
        .scatter(&x, &mut big, InsertMode::Insert, ScatterMode::Forward)
        .unwrap_err();
    assert!(
        matches!(
            e,
            Error::SizeMismatch { .. } | Error::InvalidArgument { .. }
        ),
        "{e}"
    );
    let mut x2 = x.duplicate()?;
    let e = sct
        .scatter(&x, &mut x2, InsertMode::Insert, ScatterMode::Reverse)
        .unwrap_err();
    assert!(matches!(e, Error::SizeMismatch { .. }), "{e}");
    // The scatter still works after the refusals.
    let mut y = y;
    sct.scatter(&x, &mut y, InsertMode::Insert, ScatterMode::Forward)?;
    Ok(())
}

const TUTORIALS: &str = "vec/is/is/tutorials";

/// The Rust ports print exactly PETSc's expected output, and what the C programs print.
fn tutorials_match_petsc(_: &Petsc) -> petsc::Result<()> {
    let cases: [(&str, &str, &[&str]); 5] = [
        ("is_ex1", "ex1_1.out", &[]),
        ("is_ex2", "ex2_1.out", &[]),
        ("is_ex3", "ex3_1.out", &[]),
        ("is_ex4", "ex4_1.out", &[]),
        (
            "is_ex4",
            "ex4_2.out",
            &["-islocaltoglobalmapping_type", "hash"],
        ),
    ];
    for (example, expected, args) in cases {
        let ours = run_example(example, 1, args);
        if let Some(dir) = petsc_examples_dir() {
            let path = dir.join(TUTORIALS).join("output").join(expected);
            if let Ok(text) = std::fs::read_to_string(&path) {
                assert_eq!(ours, text, "{example} {args:?} against {}", path.display());
            }
        }
        let c = example.trim_start_matches("is_");
        if let Some(exe) = c_tutorial(&format!("{TUTORIALS}/{c}.c")) {
            let out = mpiexec(1, &exe, args);
            assert!(out.status.success(), "C {c} failed");
            assert_eq!(
                ours,
                String::from_utf8_lossy(&out.stdout),
                "{example} {args:?} against C"
            );
        }
    }
    // At several ranks the per-rank lines of ex1 are the C program's (in any order).
    if let Some(exe) = c_tutorial(&format!("{TUTORIALS}/ex1.c")) {
        for n in [2, 3] {
            let mut ours: Vec<String> = run_example("is_ex1", n, &[])
                .lines()
                .map(String::from)
                .collect();
            let out = mpiexec(n, &exe, &[]);
            let mut theirs: Vec<String> = String::from_utf8_lossy(&out.stdout)
                .lines()
                .map(String::from)
                .collect();
            ours.sort();
            theirs.sort();
            assert_eq!(ours, theirs, "is_ex1 at {n} ranks");
        }
    }
    Ok(())
}

const VEC_TESTS: &str = "vec/vec/tests";

/// The scatter tests ported to Rust (examples `scatter_ex2`, `scatter_ex11`) print PETSc's
/// expected output at the rank counts of their TEST blocks, and what the C programs print.
/// (Run after `tutorials_match_petsc`: the C `ex2` of both folders builds in one place.)
fn scatter_tests_match_petsc(_: &Petsc) -> petsc::Result<()> {
    let cases: [(&str, usize, &str, &[&str]); 3] = [
        ("scatter_ex2", 1, "ex2_1.out", &[]),
        ("scatter_ex11", 2, "ex11_1.out", &[]),
        ("scatter_ex11", 2, "ex11_1.out", &["-vec_assembly_legacy"]),
    ];
    for (example, n, expected, args) in cases {
        let ours = run_example(example, n, args);
        if let Some(dir) = petsc_examples_dir() {
            let path = dir.join(VEC_TESTS).join("output").join(expected);
            if let Ok(text) = std::fs::read_to_string(&path) {
                assert_eq!(ours, text, "{example} {args:?} against {}", path.display());
            }
        }
        let c = example.trim_start_matches("scatter_");
        if let Some(exe) = c_tutorial(&format!("{VEC_TESTS}/{c}.c")) {
            let out = mpiexec(n, &exe, args);
            assert!(out.status.success(), "C {c} failed");
            assert_eq!(
                ours,
                String::from_utf8_lossy(&out.stdout),
                "{example} {args:?} against C"
            );
        }
    }
    // Longer vectors than the test's (its -n option).
    let ours = run_example("scatter_ex2", 1, &["-n", "8"]);
    assert_eq!(
        ours.lines().filter(|l| l.ends_with('.')).count(),
        16,
        "{ours}"
    );
    Ok(())
}

pub fn cases() -> Vec<Case> {
    vec![
        Case::new("index_sets", index_sets).ranks(&[1, 2, 3]),
        Case::new("set_operations", set_operations).ranks(&[1, 2, 3]),
        Case::new("local_to_global", local_to_global).ranks(&[1, 2, 3]),
        Case::new("scatter_reverses", scatter_reverses).ranks(&[1, 2, 3]),
        Case::new("scatter_gathers_and_adds", scatter_gathers_and_adds).ranks(&[1, 2, 3]),
        Case::new("bad_input", bad_input).ranks(&[1, 2, 3]),
        Case::new("tutorials_match_petsc", tutorials_match_petsc),
        Case::new("scatter_tests_match_petsc", scatter_tests_match_petsc),
    ]
}
