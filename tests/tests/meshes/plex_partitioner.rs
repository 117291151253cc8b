//! The mesh partitioner (`PetscPartitioner`) at 1, 2 and 3 ranks: a mesh distributed by
//! an explicit (shell) assignment lands where the assignment says, cell by cell; the
//! types PETSc has; and bad input.

use petsc::{Int, Object, Partitioner, PartitionerType, Petsc, Plex};
use petsc_tests::Case;

/// 4 x 3 unit squares on `[0, 4] x [0, 3]`, made on the first rank.
fn boxes(petsc: &Petsc) -> petsc::Result<Plex> {
    Plex::create_box_mesh(
        &petsc.world(),
        2,
        false,
        Some(&[4, 3]),
        None,
        Some(&[4.0, 3.0]),
        None,
        true,
    )
}

/// The rank a checkerboard assigns to the unit square whose centroid is `c`.
fn checker(c: &[f64], size: Int) -> Int {
    ((c[0].floor() + 2.0 * c[1].floor()) as Int) % size
}

/// A shell partition by checkerboard: after distribution, each rank holds exactly the
/// squares the board gives it.
fn partitioner_shell(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let (rank, size) = (world.rank() as Int, world.size() as Int);
    let mut mesh = boxes(petsc)?;
    let cells = mesh.height_stratum(0)?;
    // The assignment of the cells this rank has (all of them on the first rank).
    let mut parts: Vec<Vec<Int>> = vec![Vec::new(); size as usize];
    for c in cells.clone() {
        let g = mesh.compute_cell_geometry_fvm(c)?;
        parts[checker(&g.centroid, size) as usize].push(c);
    }
    let sizes: Vec<Int> = parts.iter().map(|p| p.len() as Int).collect();
    let points: Vec<Int> = parts.concat();
    let mut part = Partitioner::new(&world)?;
    part.set_type(PartitionerType::Shell)?;
    part.set_shell_partition(&sizes, &points)?;
    mesh.set_partitioner(&part)?;
    assert_eq!(mesh.partitioner()?.type_name()?, "shell");
    let mesh = match mesh.distribute(0)? {
        Some((d, _)) => d,
        None => mesh,
    };
    let mine = mesh.height_stratum(0)?;
    let expect = (0..12)
        .filter(|k| (k % 4 + 2 * (k / 4)) % size == rank)
        .count();
    assert_eq!(mine.clone().count(), expect, "rank {rank}");
    for c in mine {
        let g = mesh.compute_cell_geometry_fvm(c)?;
        assert_eq!(
            checker(&g.centroid, size),
            rank,
            "square at {:?}",
            g.centroid
        );
    }
    Ok(())
}

/// The built-in types are registered; set-up and reset run; the mesh's partitioner is
/// the one set, shared (a reference, not a copy).
fn partitioner_types(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let mut part = Partitioner::new(&world)?;
    for t in [
        PartitionerType::Simple,
        PartitionerType::Gather,
        PartitionerType::Shell,
    ] {
        part.set_type(t.clone())?;
        assert_eq!(part.ty()?, Some(t));
    }
    part.set_type(PartitionerType::Simple)?;
    part.set_up()?;
    part.reset()?;
    let mut mesh = boxes(petsc)?;
    mesh.set_partitioner(&part)?;
    part.set_type(PartitionerType::Gather)?;
    assert_eq!(mesh.partitioner()?.ty()?, Some(PartitionerType::Gather));
    assert_eq!(mesh.partitioner_type()?, "gather");
    let mesh = match mesh.distribute(0)? {
        Some((d, _)) => d,
        None => mesh,
    };
    let n = mesh.height_stratum(0)?.count();
    assert_eq!(
        n,
        if world.rank() == 0 { 12 } else { 0 },
        "gather keeps every cell on rank 0"
    );
    Ok(())
}

/// Bad input: an assignment for another type, sizes that do not match the points, a
/// negative size, a cell twice, an unknown type; the partitioner works afterwards.
fn partitioner_refuses_bad_input(petsc: &Petsc) -> petsc::Result<()> {
    let mut part = Partitioner::new(&petsc.world())?;
    part.set_type(PartitionerType::Simple)?;
    let e = part
        .set_shell_partition(&[1], &[0])
        .unwrap_err()
        .to_string();
    assert!(e.contains("needs the type 'shell'"), "{e}");
    part.set_type(PartitionerType::Shell)?;
    for (sizes, points, msg) in [
        (&[2, 1][..], &[0, 1][..], "add up to 3"),
        (&[-1, 2][..], &[0][..], "a part size is -1"),
        (&[2][..], &[3, 3][..], "cell 3 is listed twice"),
        (&[1][..], &[-4][..], "cell -4 is negative"),
    ] {
        let e = part
            .set_shell_partition(sizes, points)
            .unwrap_err()
            .to_string();
        assert!(e.contains(msg), "{sizes:?} {points:?}: {e}");
    }
    let e = part.set_type_name("metis").unwrap_err().to_string();
    assert!(e.contains("unknown PetscPartitioner type 'metis'"), "{e}");
    part.set_shell_partition(&[1], &[0])?;
    Ok(())
}

pub fn cases() -> Vec<Case> {
    const R: &[usize] = &[1, 2, 3];
    vec![
        Case::new("partitioner_shell", partitioner_shell).ranks(R),
        Case::new("partitioner_types", partitioner_types).ranks(R),
        Case::new(
            "partitioner_refuses_bad_input",
            partitioner_refuses_bad_input,
        )
        .ranks(R),
    ]
}
