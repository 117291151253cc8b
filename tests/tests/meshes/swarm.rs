//! DMSwarm at 1, 2 and 3 ranks: fields lent and given back, points added, removed and
//! copied, migration by rank field and by cell DM (counts and values arrive where they
//! belong), vectors sharing a field, points on a lattice and in cells, the lists of the
//! points of each cell, collecting neighbours' points, XDMF output; and bad input, after
//! which the swarm is used again.

use petsc::{
    Da, DmBase, InsertMode, Int, Object, Petsc, StencilType, Swarm, SwarmPicLayout, SwarmType,
};
use petsc_tests::Case;

/// A basic swarm of `n` points on this rank with a real field `w` (block size 2) and
/// an `Int` field `id`.
fn basic(petsc: &Petsc, n: usize) -> petsc::Result<Swarm> {
    let mut sw = Swarm::new(&petsc.world(), 2)?;
    sw.initialize_field_register()?;
    sw.register_field::<f64>("w", 2)?;
    sw.register_field::<Int>("id", 1)?;
    sw.finalize_field_register()?;
    sw.set_local_sizes(n, 4)?;
    Ok(sw)
}

/// A DMDA of `n x n` points on the unit square (box stencil), the cell DM of the swarms
/// below.
fn grid(petsc: &Petsc, n: Int) -> petsc::Result<Da> {
    let da = Da::grid(&petsc.world())
        .sizes([n, n])
        .stencil(StencilType::Box)
        .build()?;
    da.set_uniform_coordinates_to([(0.0, 1.0), (0.0, 1.0)])?;
    Ok(da)
}

/// A particle-in-cell swarm on `da` with a real field `tag`.
fn pic(petsc: &Petsc, da: &Da) -> petsc::Result<Swarm> {
    let mut sw = Swarm::new(&petsc.world(), 2)?;
    sw.set_type(SwarmType::Pic)?;
    sw.set_cell_dm(da)?;
    sw.register_field::<f64>("tag", 1)?;
    sw.finalize_field_register()?;
    Ok(sw)
}

/// Fields written and read back; sizes; point edits with their index checks.
fn swarm_fields_and_points(petsc: &Petsc) -> petsc::Result<()> {
    let size = petsc.world().size() as usize;
    let mut sw = basic(petsc, 3)?;
    assert_eq!(sw.local_size()?, 3);
    assert_eq!(sw.size()?, 3 * size);
    {
        let mut w = sw.field_mut::<f64>("w")?;
        assert_eq!((w.len(), w.block_size()), (6, 2));
        for (k, x) in w.iter_mut().enumerate() {
            *x = k as f64;
        }
        let mut id = sw.field_mut::<Int>("id")?;
        id.copy_from_slice(&[10, 11, 12]);
    }
    // Copy point 0 onto point 2, remove point 1 (the last takes its place), add one.
    sw.copy_point(0, 2)?;
    sw.remove_point_at_index(1)?;
    assert_eq!(sw.local_size()?, 2);
    assert_eq!(&*sw.field::<Int>("id")?, &[10, 10]);
    assert_eq!(&*sw.field::<f64>("w")?, &[0.0, 1.0, 0.0, 1.0]);
    sw.add_point()?;
    sw.add_npoints(2)?;
    assert_eq!(sw.local_size()?, 5);
    sw.remove_point()?;
    assert_eq!(sw.local_size()?, 4);
    assert_eq!(sw.field::<Int>("id")?[..2], [10, 10]);

    // Index checks, each an Err that names the index, the swarm unchanged.
    let e = sw.copy_point(0, 4).unwrap_err().report();
    assert!(e.contains("to is 4") && e.contains("4 points"), "{e}");
    let e = sw.remove_point_at_index(9).unwrap_err().report();
    assert!(e.contains("index is 9"), "{e}");
    assert_eq!(sw.local_size()?, 4);
    sw.set_local_sizes(0, 0)?;
    let e = sw.remove_point().unwrap_err().report();
    assert!(e.contains("no point"), "{e}");
    sw.set_local_sizes(2, 0)?;
    assert_eq!(sw.field::<f64>("w")?.len(), 4);
    Ok(())
}

/// What a field loan refuses: the wrong type, a second loan of the same field, an
/// unknown field, a change of points through another handle; all is usable afterwards.
fn swarm_loans(petsc: &Petsc) -> petsc::Result<()> {
    let sw = basic(petsc, 2)?;
    let e = sw.field::<Int>("w").unwrap_err().report();
    assert!(e.contains("field 'w' holds real, not int"), "{e}");
    let e = sw.field::<f64>("nosuch").unwrap_err().report();
    assert!(e.contains("nosuch"), "{e}");
    let mut other = sw.clone();
    {
        let w = sw.field::<f64>("w")?;
        assert!(sw.field_mut::<f64>("w").is_err(), "a field lent twice");
        let _id = sw.field_mut::<Int>("id")?; // another field: fine
        for r in [
            other.add_point(),
            other.add_npoints(3),
            other.remove_point(),
            other.remove_point_at_index(0),
            other.copy_point(0, 1),
            other.set_local_sizes(5, 0),
        ] {
            let e = r.unwrap_err().report();
            assert!(e.contains("being read through a view"), "{e}");
        }
        assert_eq!(w.len(), 4);
        w.restore()?;
    }
    // Every refusal left the swarm as it was, and usable.
    other.add_point()?;
    assert_eq!(sw.local_size()?, 3);
    assert_eq!(sw.field::<f64>("w")?.len(), 6);
    Ok(())
}

/// A basic swarm migrates each point to the rank in its rank field: every rank sends
/// its points to the next, which receives them with their values.
fn swarm_migrate_basic(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let (rank, size) = (world.rank() as Int, world.size() as Int);
    let mut sw = basic(petsc, 2 + rank as usize)?;
    {
        let mut dest = sw.field_mut::<Int>(Swarm::RANK)?;
        dest.fill((rank + 1) % size);
        let mut id = sw.field_mut::<Int>("id")?;
        for (k, x) in id.iter_mut().enumerate() {
            *x = 100 * rank + k as Int;
        }
    }
    let before = sw.size()?;
    sw.migrate(true)?;
    assert_eq!(sw.size()?, before);
    let from = (rank + size - 1) % size;
    assert_eq!(sw.local_size()?, 2 + from as usize);
    let mut ids = sw.field::<Int>("id")?.to_vec();
    ids.sort();
    let want: Vec<Int> = (0..2 + from).map(|k| 100 * from + k).collect();
    assert_eq!(ids, want, "rank {rank}");
    Ok(())
}

/// Particles in a DMDA migrate to the neighbouring rank whose part holds them, with
/// their fields; a point that left the grid is removed.
fn swarm_migrate_cells(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let da = grid(petsc, 9)?;
    let mut sw = pic(petsc, &da)?;
    // 7 x 7 points strictly inside cells, each tagged with its own position.
    let coords: Vec<f64> = (0..49)
        .flat_map(|k| [(k % 7) as f64 / 7.0 + 0.03, (k / 7) as f64 / 7.0 + 0.05])
        .collect();
    sw.set_point_coordinates(&coords, true, InsertMode::Insert)?;
    assert_eq!(sw.size()?, 49);
    {
        let c = sw.field::<f64>(Swarm::COORDINATES)?;
        let mut tag = sw.field_mut::<f64>("tag")?;
        for (t, xy) in tag.iter_mut().zip(c.chunks(2)) {
            *t = 1000.0 * xy[0] + xy[1];
        }
    }
    // Move every point by less than a rank's part: many change rank (PETSc hands points
    // to the neighbouring ranks only). The last column (x = 6/7 + 0.03) leaves the grid.
    let shift = [0.13, 0.11];
    {
        let mut c = sw.field_mut::<f64>(Swarm::COORDINATES)?;
        for xy in c.chunks_mut(2) {
            xy[0] += shift[0];
            xy[1] += shift[1] * (1.0 - xy[1]);
        }
    }
    let mine = sw.local_size()?;
    sw.migrate(true)?;
    assert_eq!(sw.size()?, 49 - 7);
    let moved = sw.local_size()? != mine;
    // Each point is where the grid puts it, and its tag came with it.
    let corners = da.corners()?;
    let h = 1.0 / 8.0;
    let c = sw.field::<f64>(Swarm::COORDINATES)?;
    let tag = sw.field::<f64>("tag")?;
    for (t, xy) in tag.iter().zip(c.chunks(2)) {
        let x0 = xy[0] - shift[0];
        let y0 = (xy[1] - shift[1]) / (1.0 - shift[1]);
        assert!((t - (1000.0 * x0 + y0)).abs() < 1e-9, "tag {t} at {xy:?}");
        for (d, z) in xy.iter().enumerate() {
            let cell = (z / h).floor() as Int;
            let (s, n) = (corners.start[d], corners.len[d]);
            assert!(
                cell >= s - 1 && cell < s + n,
                "rank {} holds a point of cell {cell} in direction {d} (its points {s}..{})",
                world.rank(),
                s + n
            );
        }
    }
    drop((c, tag));
    if world.size() > 1 {
        assert!(world.any(moved)?, "no rank's points changed");
    }
    Ok(())
}

/// A vector sharing a field: writes through it reach the field, its global size is the
/// points times the block size, and the points cannot change meanwhile.
fn swarm_field_vectors(petsc: &Petsc) -> petsc::Result<()> {
    let size = petsc.world().size() as Int;
    let mut sw = basic(petsc, 3)?;
    {
        let mut v = sw.create_global_vector_from_field("w")?;
        assert_eq!(v.size()?, 6 * size);
        assert_eq!(v.local_size()?, 6);
        v.set(1.5)?;
        let mut other = sw.clone();
        let e = other.migrate(false).unwrap_err().report();
        assert!(e.contains("being read through a view"), "{e}");
        assert!(
            sw.field::<f64>("w").is_err(),
            "the field is lent to the vector"
        );
        sw.destroy_global_vector_from_field(v)?;
    }
    assert!(sw.field::<f64>("w")?.iter().all(|&x| x == 1.5));
    {
        let mut v = sw.create_local_vector_from_field("w")?;
        assert_eq!(v.size()?, 6);
        v.scale(2.0)?;
    }
    assert!(sw.field::<f64>("w")?.iter().all(|&x| x == 3.0));
    // Only real fields make vectors.
    assert!(sw.create_global_vector_from_field("id").is_err());
    assert!(sw.create_global_vector_from_field("nosuch").is_err());
    sw.vector_define_field("w")?;
    assert_eq!(sw.create_global_vector()?.size()?, 6 * size);
    sw.add_point()?;
    Ok(())
}

/// Points on a lattice (`DMSwarmSetPointsUniformCoordinates`) and in every cell
/// (`DMSwarmInsertPointsUsingCellDM`); the lists of the points of each cell.
fn swarm_lattice_and_cells(petsc: &Petsc) -> petsc::Result<()> {
    let da = grid(petsc, 5)?; // 4 x 4 cells
    let mut sw = pic(petsc, &da)?;
    sw.set_points_uniform_coordinates(&[0.05, 0.05], &[0.95, 0.95], &[6, 5], InsertMode::Insert)?;
    assert_eq!(sw.size()?, 30);
    for xy in sw.field::<f64>(Swarm::COORDINATES)?.chunks(2) {
        assert!(xy.iter().all(|&z| (0.05..=0.95).contains(&z)), "{xy:?}");
    }
    let e = sw
        .set_points_uniform_coordinates(&[0.0], &[1.0, 1.0], &[2, 2], InsertMode::Insert)
        .unwrap_err()
        .to_string();
    assert!(e.contains("min has 1 entries"), "{e}");

    let mut sw = pic(petsc, &da)?;
    sw.insert_point_using_cell_dm(SwarmPicLayout::Regular, 2)?;
    assert_eq!(sw.size()?, 16 * 4);
    sw.sort_get_access()?;
    assert!(sw.sort_get_is_valid()?);
    let (cells, points) = sw.sort_get_sizes()?;
    assert_eq!(points as usize, sw.local_size()?);
    let c = sw.field::<f64>(Swarm::COORDINATES)?.to_vec();
    let mut seen = 0;
    for cell in 0..cells {
        let list = sw.sort_get_points_per_cell(cell)?;
        assert_eq!(list.len(), 4);
        assert_eq!(sw.sort_get_number_of_points_per_cell(cell)?, 4);
        // The four points of a cell lie within one spacing of each other.
        let p = |k: Int| (c[2 * k as usize], c[2 * k as usize + 1]);
        for &k in &list {
            let (a, b) = (p(k), p(list[0]));
            assert!((a.0 - b.0).abs() < 0.25 && (a.1 - b.1).abs() < 0.25);
        }
        seen += list.len();
    }
    assert_eq!(seen, sw.local_size()?);
    let e = sw.sort_get_points_per_cell(cells).unwrap_err().report();
    assert!(e.contains("Cell index"), "{e}");
    sw.sort_restore_access()?;
    assert!(!sw.sort_get_is_valid()?);
    Ok(())
}

/// The points of the neighbours near a rank are collected, and dropped again.
fn swarm_collect_view(petsc: &Petsc) -> petsc::Result<()> {
    let da = grid(petsc, 9)?;
    let mut sw = pic(petsc, &da)?;
    sw.set_points_uniform_coordinates(&[0.01, 0.01], &[0.99, 0.99], &[10, 10], InsertMode::Insert)?;
    let mine = sw.local_size()?;
    sw.collect_view_create()?;
    assert!(sw.local_size()? >= mine);
    sw.collect_view_destroy()?;
    assert_eq!(sw.local_size()?, mine);
    assert_eq!(sw.size()?, 100);
    Ok(())
}

/// The swarm's attributes: type arguments, the cell DM, bad arguments.
fn swarm_settings(petsc: &Petsc) -> petsc::Result<()> {
    let e = Swarm::new(&petsc.world(), 0).unwrap_err().report();
    assert!(e.contains("dim is 0"), "{e}");
    assert!(basic(petsc, 1)?.cell_dm()?.is_none());
    // The cell DM before the fields are final (PETSc 3.23 on registers a field for it).
    let mut sw = Swarm::new(&petsc.world(), 2)?;
    sw.initialize_field_register()?;
    let e = sw.register_field::<f64>("late", 0).unwrap_err().report();
    assert!(e.contains("block_size is 0"), "{e}");
    let da = grid(petsc, 5)?;
    sw.set_cell_dm(&da)?;
    sw.finalize_field_register()?;
    assert_eq!(sw.cell_dm()?.expect("a cell DM").type_name()?, "da");
    #[cfg(petsc_3_22)]
    {
        use petsc::SwarmMigrateType;
        sw.set_migrate_type(SwarmMigrateType::DmCellExact)?;
        assert_eq!(sw.migrate_type()?, SwarmMigrateType::DmCellExact);
    }
    #[cfg(petsc_3_23)]
    assert_eq!(sw.swarm_type()?, SwarmType::Basic);
    let mut p = pic(petsc, &da)?;
    let e = p
        .set_point_coordinates(&[0.5, 0.5, 0.5], true, InsertMode::Insert)
        .unwrap_err()
        .to_string();
    assert!(e.contains("not a multiple of the 2 dimensions"), "{e}");
    let e = p
        .insert_point_using_cell_dm(SwarmPicLayout::Gauss, 0)
        .unwrap_err()
        .to_string();
    assert!(e.contains("fill is 0"), "{e}");
    p.set_point_coordinates(&[0.45, 0.3], true, InsertMode::Insert)?;
    assert_eq!(p.size()?, 1);
    Ok(())
}

/// XDMF output: the index file and its data file.
fn swarm_xdmf(petsc: &Petsc) -> petsc::Result<()> {
    let da = grid(petsc, 5)?;
    let mut sw = pic(petsc, &da)?;
    sw.insert_point_using_cell_dm(SwarmPicLayout::Regular, 1)?;
    let mut id = [std::process::id()];
    petsc.world().broadcast(0, &mut id)?; // one folder for all ranks
    let dir = std::env::temp_dir().join(format!("petsc-rs-swarm-{}", id[0]));
    if petsc.world().rank() == 0 {
        std::fs::create_dir_all(&dir).expect("a temporary folder");
    }
    petsc.world().barrier()?;
    let file = dir.join("swarm.xmf");
    let path = file.to_str().expect("a UTF-8 path");
    sw.view_fields_xdmf(path, &["tag"])?;
    petsc.world().barrier()?;
    let text = std::fs::read_to_string(&file).expect("the XDMF file");
    assert!(text.contains("tag") && text.contains("Xdmf"), "{text}");
    // Every rank has read the file before another one is written.
    petsc.world().barrier()?;
    let all = dir.join("all.xmf");
    sw.view_xdmf(all.to_str().expect("a UTF-8 path"))?;
    petsc.world().barrier()?;
    assert!(std::fs::read_to_string(&all)
        .expect("the second XDMF file")
        .contains("Xdmf"));
    petsc.world().barrier()?;
    if petsc.world().rank() == 0 {
        let _ = std::fs::remove_dir_all(&dir);
    }
    Ok(())
}

pub fn cases() -> Vec<Case> {
    const R: &[usize] = &[1, 2, 3];
    vec![
        Case::new("swarm_fields_and_points", swarm_fields_and_points).ranks(R),
        Case::new("swarm_loans", swarm_loans).ranks(R),
        Case::new("swarm_migrate_basic", swarm_migrate_basic).ranks(R),
        Case::new("swarm_migrate_cells", swarm_migrate_cells).ranks(R),
        Case::new("swarm_field_vectors", swarm_field_vectors).ranks(R),
        Case::new("swarm_lattice_and_cells", swarm_lattice_and_cells).ranks(R),
        Case::new("swarm_collect_view", swarm_collect_view).ranks(R),
        Case::new("swarm_settings", swarm_settings).ranks(R),
        Case::new("swarm_xdmf", swarm_xdmf).ranks(R),
        Case::new("swarm_cell_dm", swarm_cell_dm)
            .ranks(&[1, 2])
            .requires(cfg!(petsc_3_24), "PETSc 3.24 or later (DMSwarmCellDM)"),
    ]
}

/// A cell DM (PETSc 3.24 and later): its DM and field names as given, the cell-id field,
/// and the block size the swarm's fields add up to.
fn swarm_cell_dm(petsc: &Petsc) -> petsc::Result<()> {
    #[cfg(not(petsc_3_24))]
    {
        let _ = petsc;
        Ok(())
    }
    #[cfg(petsc_3_24)]
    {
        use petsc::{CellDm, Da, Swarm, SwarmType};
        let world = petsc.world();
        let da = Da::grid(&world).sizes([4, 4]).build()?;
        let cell = CellDm::new(&da, &["w", "v"], &["coords"])?;
        assert_eq!(cell.dm()?.as_raw(), da.as_raw());
        assert_eq!(cell.fields()?, ["w", "v"]);
        assert_eq!(cell.coordinate_fields()?, ["coords"]);
        assert!(!cell.cell_id()?.is_empty());
        let mut sw = Swarm::new(&world, 2)?;
        sw.set_type(SwarmType::Basic)?;
        sw.register_field::<f64>("w", 1)?;
        sw.register_field::<f64>("v", 3)?;
        sw.finalize_field_register()?;
        assert_eq!(cell.block_size(&sw)?, 4);
        let e = CellDm::new(&da, &[""], &[]).unwrap_err().report();
        assert!(e.contains("empty"), "{e}");
        Ok(())
    }
}
