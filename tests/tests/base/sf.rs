//! Star forests against a graph every rank can write down in full: broadcasts,
//! reductions, gathers, scatters, fetch-and-op, degrees, inverse, embedded and composed
//! forests, mappings built from a forest, at 1, 2 and 3 ranks; bad input as an `Err`
//! on every rank.

use petsc::{Int, LgMap, Object, Petsc, SfNode, SfOp, StarForest};
use petsc_tests::Case;

/// Roots owned by rank `r`.
fn nroots(r: Int) -> Int {
    r + 2
}

/// Rank `r`'s leaves as (location, remote): one leaf for each root of the next rank,
/// stored in reverse from location 1 (location 0 stays a hole), then one more leaf at
/// the end on root 0 of rank 0.
fn leaves_of(r: Int, size: Int) -> Vec<(Int, SfNode)> {
    let next = (r + 1) % size;
    let n = nroots(next);
    let mut out: Vec<(Int, SfNode)> = (0..n)
        .map(|i| {
            (
                1 + (n - 1 - i),
                SfNode {
                    rank: next,
                    index: i,
                },
            )
        })
        .collect();
    out.push((n + 1, SfNode { rank: 0, index: 0 }));
    out
}

fn ring(petsc: &Petsc) -> petsc::Result<StarForest> {
    let world = petsc.world();
    let (r, size) = (Int::from(world.rank()), Int::from(world.size()));
    let leaves = leaves_of(r, size);
    let loc: Vec<Int> = leaves.iter().map(|l| l.0).collect();
    let rem: Vec<SfNode> = leaves.iter().map(|l| l.1).collect();
    let mut sf = StarForest::new(&world)?;
    sf.set_graph(nroots(r), Some(&loc), &rem)?;
    sf.set_up()?;
    Ok(sf)
}

/// Every leaf of every rank pointing to root (`rank`, `i`), as (leaf rank, location).
fn leaves_at(rank: Int, i: Int, size: Int) -> Vec<(Int, Int)> {
    (0..size)
        .flat_map(|s| {
            leaves_of(s, size)
                .into_iter()
                .filter(|(_, n)| n.rank == rank && n.index == i)
                .map(move |(l, _)| (s, l))
        })
        .collect()
}

fn leaf_value(s: Int, l: Int) -> Int {
    1000 * (s + 1) + l
}

fn bcast_reduce_gather(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let (r, size) = (Int::from(world.rank()), Int::from(world.size()));
    let sf = ring(petsc)?;
    let g = sf.graph()?;
    assert_eq!(g.nroots, nroots(r));
    let mine = leaves_of(r, size);
    // PETSc keeps the leaves sorted by location.
    let mut pairs: Vec<(Int, SfNode)> = g
        .leaves
        .clone()
        .unwrap()
        .into_iter()
        .zip(g.remotes.clone())
        .collect();
    let mut expect = mine.clone();
    expect.sort();
    pairs.sort();
    assert_eq!(pairs, expect);
    let extent = g.leaf_extent();
    assert_eq!(extent as Int, nroots((r + 1) % size) + 2);

    // Broadcast: each leaf gets its root's value; the hole keeps its sentinel.
    let roots: Vec<Int> = (0..nroots(r)).map(|i| 100 * r + i).collect();
    let mut leaves = vec![-1 as Int; extent];
    sf.bcast(&roots, &mut leaves, SfOp::Replace)?;
    assert_eq!(leaves[0], -1);
    for (l, n) in &mine {
        assert_eq!(leaves[*l as usize], 100 * n.rank + n.index, "leaf {l}");
    }
    // Broadcast adding onto what the leaves hold, split in begin and end.
    let pending = sf.bcast_begin(&roots, &mut leaves, SfOp::Sum)?;
    sf.bcast_end(pending)?;
    for (l, n) in &mine {
        assert_eq!(leaves[*l as usize], 2 * (100 * n.rank + n.index));
    }

    // Reduction: each root gets the sum of its leaves' values; degrees count them.
    let values: Vec<Int> = (0..extent as Int).map(|l| leaf_value(r, l)).collect();
    let mut sums = vec![7 as Int; nroots(r) as usize];
    sf.reduce(&values, &mut sums, SfOp::Sum)?;
    let degree = sf.compute_degree()?;
    for i in 0..nroots(r) {
        let at = leaves_at(r, i, size);
        let expect: Int = 7 + at.iter().map(|&(s, l)| leaf_value(s, l)).sum::<Int>();
        assert_eq!(sums[i as usize], expect, "root {i}");
        assert_eq!(degree[i as usize], at.len() as Int, "degree of root {i}");
    }
    let mut most = vec![0 as Int; nroots(r) as usize];
    let pending = sf.reduce_begin(&values, &mut most, SfOp::Max)?;
    pending.end()?;
    for i in 0..nroots(r) {
        let at = leaves_at(r, i, size);
        let expect = at.iter().map(|&(s, l)| leaf_value(s, l)).max().unwrap_or(0);
        assert_eq!(most[i as usize], expect);
    }

    // Gather keeps every leaf's value, grouped by root; scatter hands them back.
    let multi = sf.multi()?;
    let total: Int = degree.iter().sum();
    assert_eq!(multi.graph()?.nroots, total);
    let mut gathered = vec![0 as Int; total as usize];
    sf.gather(&values, &mut gathered)?;
    let mut offset = 0usize;
    for i in 0..nroots(r) {
        let mut expect: Vec<Int> = leaves_at(r, i, size)
            .iter()
            .map(|&(s, l)| leaf_value(s, l))
            .collect();
        let d = expect.len();
        let mut got = gathered[offset..offset + d].to_vec();
        got.sort();
        expect.sort();
        assert_eq!(got, expect, "root {i}");
        offset += d;
    }
    let mut back = vec![0 as Int; extent];
    sf.scatter(&gathered, &mut back)?;
    for (l, _) in &mine {
        assert_eq!(back[*l as usize], values[*l as usize]);
    }

    // Fetch-and-add of ones: each root ends at its degree, and the leaves of a root
    // fetch 0, 1, ..., degree - 1 in some order.
    let mut counters = vec![0 as Int; nroots(r) as usize];
    let ones = vec![1 as Int; extent];
    let mut slots = vec![-1 as Int; extent];
    sf.fetch_and_op(&mut counters, &ones, &mut slots, SfOp::Sum)?;
    assert_eq!(counters, degree);
    let mut fetched = vec![0 as Int; total as usize];
    sf.gather(&slots, &mut fetched)?;
    let mut offset = 0usize;
    for &d in &degree {
        let mut got = fetched[offset..offset + d as usize].to_vec();
        got.sort();
        assert_eq!(got, (0..d).collect::<Vec<_>>());
        offset += d as usize;
    }

    // Real data moves the same way.
    let rroots: Vec<f64> = roots.iter().map(|&v| v as f64 + 0.5).collect();
    let mut rleaves = vec![0.0; extent];
    sf.bcast(&rroots, &mut rleaves, SfOp::Replace)?;
    for (l, n) in &mine {
        assert_eq!(rleaves[*l as usize], (100 * n.rank + n.index) as f64 + 0.5);
    }
    Ok(())
}

/// A permutation forest: leaf i of rank r is root i of the next rank.
fn shift(petsc: &Petsc) -> petsc::Result<StarForest> {
    let world = petsc.world();
    let (r, size) = (Int::from(world.rank()), Int::from(world.size()));
    let next = (r + 1) % size;
    let rem: Vec<SfNode> = (0..3)
        .map(|i| SfNode {
            rank: next,
            index: i,
        })
        .collect();
    let mut sf = StarForest::new(&world)?;
    sf.set_graph(3, None, &rem)?;
    Ok(sf)
}

fn derived_forests(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let (r, size) = (Int::from(world.rank()), Int::from(world.size()));
    let prev = (r + size - 1) % size;
    let sf = shift(petsc)?;
    let roots: Vec<Int> = (0..3).map(|i| 10 * r + i).collect();

    // The inverse sends the other way: a broadcast on it is a reduction on the forest.
    let inv = sf.create_inverse()?;
    let g = inv.graph()?;
    assert_eq!(g.nroots, 3);
    let mut back = vec![0 as Int; 3];
    inv.bcast(&roots, &mut back, SfOp::Replace)?;
    let mut reduced = vec![0 as Int; 3];
    sf.reduce(&roots, &mut reduced, SfOp::Replace)?;
    assert_eq!(back, reduced);
    assert_eq!(back, (0..3).map(|i| 10 * prev + i).collect::<Vec<_>>());

    // Composition: two shifts.
    let twice = sf.compose_with(&sf)?;
    let mut leaves = vec![0 as Int; 3];
    twice.bcast(&roots, &mut leaves, SfOp::Replace)?;
    let two_on = (r + 2) % size;
    assert_eq!(leaves, (0..3).map(|i| 10 * two_on + i).collect::<Vec<_>>());

    // Embedded forests: only root 1, then only leaf 2.
    let only_root = sf.create_embedded_root_sf(&[1])?;
    let mut leaves = vec![-1 as Int; 3];
    only_root.bcast(&roots, &mut leaves, SfOp::Replace)?;
    let next = (r + 1) % size;
    assert_eq!(leaves, [-1, 10 * next + 1, -1]);
    let only_leaf = sf.create_embedded_leaf_sf(&[2])?;
    let mut leaves = vec![-1 as Int; 3];
    only_leaf.bcast(&roots, &mut leaves, SfOp::Replace)?;
    assert_eq!(leaves, [-1, -1, 10 * next + 2]);

    // A mapping from a forest: rank r's roots are globals 3r..3r+3, its leaves those
    // of the next rank.
    let map = LgMap::from_sf(&sf, 3 * r)?;
    assert_eq!(
        map.apply(&[0, 1, 2])?,
        [3 * next, 3 * next + 1, 3 * next + 2]
    );

    // Options and type.
    let mut o = StarForest::new(&world)?;
    o.set_options_prefix("sft_")?;
    assert_eq!(o.options_prefix()?, "sft_");
    o.set_type_name("basic")?;
    assert_eq!(o.type_name()?, "basic");
    o.set_rank_order(true)?;
    o.set_graph(0, None, &[])?;
    o.set_up()?;
    o.reset()?;
    assert!(o.graph().is_err());
    Ok(())
}

fn bad_input(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let (r, size) = (Int::from(world.rank()), Int::from(world.size()));
    let last = size - 1;
    let mut sf = StarForest::new(&world)?;
    let e = sf.graph().unwrap_err().to_string();
    assert!(e.contains("no graph"), "{e}");
    // A remote index past its owner's roots, on the last rank only.
    let index = if r == last { 3 } else { 0 };
    let e = sf
        .set_graph(3, None, &[SfNode { rank: 0, index }])
        .unwrap_err()
        .to_string();
    if r == last {
        assert!(
            e.contains("root index 3 of rank 0, which has 3 roots"),
            "{e}"
        );
    } else {
        assert!(e.contains("another rank"), "{e}");
    }
    // A rank that does not exist; a repeated leaf location; a negative root count.
    let e = sf
        .set_graph(
            1,
            None,
            &[SfNode {
                rank: size,
                index: 0,
            }],
        )
        .unwrap_err()
        .to_string();
    assert!(e.contains(&format!("rank {size}")), "{e}");
    let e = sf
        .set_graph(1, Some(&[2, 2]), &[SfNode { rank: 0, index: 0 }; 2])
        .unwrap_err()
        .to_string();
    assert!(e.contains("appears twice"), "{e}");
    assert!(sf.set_graph(-1, None, &[]).is_err());
    assert!(sf
        .set_graph(1, Some(&[0]), &[SfNode { rank: 0, index: 0 }; 2])
        .is_err());

    // Arrays too short for the graph, on one rank: every rank gets an `Err`.
    let sf = shift(petsc)?;
    let roots = vec![0 as Int; 3];
    let n = if r == 0 { 2 } else { 3 };
    let mut leaves = vec![0 as Int; n];
    let e = sf
        .bcast(&roots, &mut leaves, SfOp::Replace)
        .unwrap_err()
        .to_string();
    if r == 0 {
        assert!(e.contains("leaf data has 2 values"), "{e}");
    } else {
        assert!(e.contains("another rank"), "{e}");
    }
    let mut short = vec![0 as Int; if r == 0 { 1 } else { 3 }];
    assert!(sf.reduce(&[0, 0, 0], &mut short, SfOp::Sum).is_err());
    let mut gathered = vec![0 as Int; 2];
    assert!(sf.gather(&[1, 2, 3], &mut gathered).is_err());
    // Ending an operation as another kind completes it and says so.
    let mut leaves = vec![0 as Int; 3];
    let pending = sf.bcast_begin(&roots, &mut leaves, SfOp::Replace)?;
    let e = sf.reduce_end(pending).unwrap_err().to_string();
    assert!(e.contains("Bcast"), "{e}");
    // The forest still works.
    let roots: Vec<Int> = vec![r; 3];
    sf.bcast(&roots, &mut leaves, SfOp::Replace)?;
    assert_eq!(leaves, vec![(r + 1) % size; 3]);
    // An inverse needs one leaf per root at most; a mapping, contiguous leaves.
    let ring = ring(petsc)?;
    assert!(ring.create_inverse().is_err());
    let e = LgMap::from_sf(&ring, 0).unwrap_err().to_string();
    assert!(e.contains("contiguous"), "{e}");
    assert!(sf.create_embedded_root_sf(&[3]).is_err());
    assert!(sf.create_embedded_leaf_sf(&[-1]).is_err());
    let mut small = StarForest::new(&world)?;
    small.set_graph(1, None, &[])?;
    assert!(sf.compose_with(&small).is_err());
    Ok(())
}

pub fn cases() -> Vec<Case> {
    vec![
        Case::new("bcast_reduce_gather", bcast_reduce_gather).ranks(&[1, 2, 3]),
        Case::new("derived_forests", derived_forests).ranks(&[1, 2, 3]),
        Case::new("bad_input", bad_input).ranks(&[1, 2, 3]),
    ]
}
