//! `MatPartitioning` at 1, 2 and 3 ranks: the parts of a grid graph from PETSc's own
//! methods (against their definitions) and from PT-Scotch or ParMETIS (every row in a
//! part, parts of balanced sizes, fewer edges cut than the natural blocks), the
//! renumbering and counts that follow, and bad input.

use petsc::{
    Comm, InsertMode, Int, Mat, MatPartitioning, MatPartitioningType, Object, Petsc, Sizes,
};
use petsc_tests::Case;

/// The graph of an `n x n` grid (5-point stencil, no self loops), rows in natural
/// (row-major) order spread in PETSc's default blocks.
fn grid_graph(comm: &Comm, n: Int) -> petsc::Result<Mat> {
    let mut a = Mat::aij(comm)
        .sizes(Sizes::global(n * n, n * n))
        .preallocate(4, 4)
        .build()?;
    for r in a.ownership_range()? {
        let (i, j) = (r % n, r / n);
        for (di, dj) in [(-1, 0), (1, 0), (0, -1), (0, 1)] {
            let (p, q) = (i + di, j + dj);
            if (0..n).contains(&p) && (0..n).contains(&q) {
                a.set_value(r, q * n + p, 1.0, InsertMode::Insert)?;
            }
        }
    }
    a.assemble()?;
    Ok(a)
}

/// The grid edges whose ends are in different parts (`part` for every row).
fn cut(n: Int, part: &[Int]) -> usize {
    let mut c = 0;
    for j in 0..n {
        for i in 0..n {
            let r = (j * n + i) as usize;
            if i + 1 < n && part[r] != part[r + 1] {
                c += 1;
            }
            if j + 1 < n && part[r] != part[r + n as usize] {
                c += 1;
            }
        }
    }
    c
}

/// `current` keeps each row on its rank; `average` splits the rows in order into
/// parts of equal size; the numbering and counts follow the parts.
fn partitioning_builtin(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let (rank, size) = (world.rank() as Int, world.size() as Int);
    let n = 12;
    let a = grid_graph(&world, n)?;
    let mut part = MatPartitioning::new(&world)?;
    part.set_adjacency(&a)?;
    part.set_type(MatPartitioningType::Current)?;
    assert_eq!(part.ty()?, Some(MatPartitioningType::Current));
    let owners = part.apply()?;
    let rows = a.ownership_range()?;
    assert_eq!(owners.local_size()?, rows.end - rows.start);
    assert!(owners.to_vec()?.iter().all(|&p| p == rank));

    part.set_type(MatPartitioningType::Average)?;
    let all = part.apply()?.all_gather()?.to_vec()?;
    let per = (n * n) as f64 / size as f64;
    for (r, &p) in all.iter().enumerate() {
        assert!((0..size).contains(&p), "row {r} in part {p}");
        // Parts in order, each about the same size.
        assert!(
            (p as f64 - r as f64 / per).abs() < 1.0,
            "row {r} in part {p}"
        );
    }
    let owners = part.apply()?;
    let counts = owners.partitioning_count(Some(size))?;
    assert_eq!(counts.iter().sum::<Int>(), n * n);
    let numbers = owners.partitioning_to_numbering()?.all_gather()?.to_vec()?;
    let mut sorted = numbers.clone();
    sorted.sort();
    assert_eq!(sorted, (0..n * n).collect::<Vec<_>>(), "a permutation");
    Ok(())
}

/// PT-Scotch or ParMETIS, whichever this PETSc has: balanced parts that cut fewer grid
/// edges than the natural blocks (which cut whole grid rows), at 2 and 3 ranks.
fn partitioning_graph(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let size = world.size() as Int;
    let n = 24;
    let a = grid_graph(&world, n)?;
    let mut part = MatPartitioning::new(&world)?;
    part.set_adjacency(&a)?;
    let mut found = None;
    for t in [MatPartitioningType::Ptscotch, MatPartitioningType::Parmetis] {
        if part.set_type(t.clone()).is_err() {
            continue;
        }
        match part.apply() {
            Ok(is) => {
                found = Some((t, is));
                break;
            }
            // PT-Scotch with integers of another width (64-bit-index builds).
            Err(e) if e.report().contains("whose integers have") => continue,
            Err(e) => return Err(e),
        }
    }
    let Some((kind, owners)) = found else {
        petsc_tests::skip_case("this PETSc has neither PT-Scotch nor ParMETIS it can use");
        return Ok(());
    };
    assert_eq!(part.type_name()?, kind.as_str());
    let all = owners.all_gather()?.to_vec()?;
    let counts = owners.partitioning_count(Some(size))?;
    assert_eq!(counts.iter().sum::<Int>(), n * n);
    let even = (n * n) as f64 / size as f64;
    for &c in &counts {
        assert!((c as f64 - even).abs() <= 0.1 * even, "parts {counts:?}");
    }
    let natural: Vec<Int> = {
        let mut starts = vec![0 as Int; size as usize];
        let r = a.ownership_range()?;
        use petsc::mpi::traits::*;
        petsc.mpi_world().all_gather_into(&r.start, &mut starts[..]);
        (0..n * n)
            .map(|k| starts.iter().rposition(|&s| s <= k).unwrap() as Int)
            .collect()
    };
    let (ours, blocks) = (cut(n, &all), cut(n, &natural));
    if size > 1 {
        assert!(
            ours <= blocks,
            "{kind:?} cuts {ours} edges, the blocks {blocks}"
        );
        assert!(ours > 0);
    } else {
        assert_eq!(ours, 0);
    }
    Ok(())
}

/// Bad input: a graph that is not square, no graph, no parts, an unknown type; the
/// partitioner works afterwards.
fn partitioning_refuses_bad_input(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let mut part = MatPartitioning::new(&world)?;
    let e = part.apply().unwrap_err().report();
    assert!(
        e.to_lowercase().contains("adjacency") || e.contains("graph"),
        "{e}"
    );
    let rect = Mat::aij(&world)
        .sizes(Sizes::global(6, 4))
        .preallocate(1, 1)
        .build()?;
    let e = part.set_adjacency(&rect).unwrap_err().report();
    assert!(e.contains("6 x 4") && e.contains("square"), "{e}");
    let e = part.set_n_parts(0).unwrap_err().report();
    assert!(e.contains("n is 0"), "{e}");
    let e = part.set_type_name("metis").unwrap_err().report();
    assert!(e.contains("unknown MatPartitioning type 'metis'"), "{e}");
    let a = grid_graph(&world, 4)?;
    part.set_adjacency(&a)?;
    part.set_type(MatPartitioningType::Average)?;
    assert_eq!(part.apply()?.all_gather()?.size()?, 16);
    Ok(())
}

pub fn cases() -> Vec<Case> {
    const R: &[usize] = &[1, 2, 3];
    vec![
        Case::new("partitioning_builtin", partitioning_builtin).ranks(R),
        Case::new("partitioning_graph", partitioning_graph).ranks(R),
        Case::new(
            "partitioning_refuses_bad_input",
            partitioning_refuses_bad_input,
        )
        .ranks(R),
    ]
}
