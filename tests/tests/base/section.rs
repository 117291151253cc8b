//! Sections against closed-form layouts: dofs, fields, constraints, offsets, permutations
//! and global sections at 1, 2 and 3 ranks; points, fields and indices out of range as
//! `Err`s.

use petsc::{IndexSet, Int, Petsc, Section, SfNode, SfOp, StarForest};
use petsc_tests::Case;

/// Chart 2..7; field 0 has one dof at every point, field 1 three dofs at even points.
fn two_fields(petsc: &Petsc) -> petsc::Result<Section> {
    let mut s = Section::new(&petsc.self_comm())?;
    s.set_num_fields(2)?;
    s.set_field_name(0, "pressure")?;
    s.set_field_name(1, "velocity")?;
    s.set_field_components(1, 3)?;
    s.set_chart(2, 7)?;
    for p in 2..7 {
        let f1 = if p % 2 == 0 { 3 } else { 0 };
        s.set_field_dof(p, 0, 1)?;
        s.set_field_dof(p, 1, f1)?;
        s.set_dof(p, 1 + f1)?;
    }
    Ok(s)
}

fn layout(petsc: &Petsc) -> petsc::Result<()> {
    let mut s = two_fields(petsc)?;
    assert_eq!(s.chart()?, 2..7);
    assert_eq!(s.num_fields()?, 2);
    assert_eq!(s.field_name(1)?, "velocity");
    assert_eq!((s.field_components(0)?, s.field_components(1)?), (1, 3));
    // Point 3 gets one more pressure-like dof and loses it again.
    s.add_dof(3, 1)?;
    assert_eq!(s.dof(3)?, 2);
    s.add_dof(3, -1)?;
    // Point 4: one constrained dof (the second velocity component).
    s.set_constraint_dof(4, 1)?;
    s.set_field_constraint_dof(4, 1, 1)?;
    assert!(!s.is_set_up()?);
    s.set_up()?;
    assert!(s.is_set_up()?);
    // Dofs 4, 1, 4, 1, 4 at points 2..7, laid out in point order.
    let dofs = [4, 1, 4, 1, 4];
    let mut off = 0;
    for (k, p) in (2..7).enumerate() {
        assert_eq!(s.dof(p)?, dofs[k]);
        assert_eq!(s.offset(p)?, off, "offset of point {p}");
        // Within a point, the fields follow each other.
        assert_eq!(s.field_offset(p, 0)?, off);
        assert_eq!(s.field_offset(p, 1)?, off + 1);
        off += dofs[k];
    }
    assert_eq!(s.storage_size()?, 14);
    assert_eq!(s.constrained_storage_size()?, 13);
    assert_eq!(s.max_dof()?, 4);
    assert_eq!(s.offset_range()?, 0..14);
    s.set_constraint_indices(4, &[2])?;
    assert_eq!(s.constraint_indices(4)?, [2]);
    s.set_field_constraint_indices(4, 1, &[1])?;
    assert_eq!(s.field_constraint_indices(4, 1)?, [1]);
    assert_eq!(s.constraint_indices(3)?, Vec::<Int>::new());

    // A copy has the same layout; changing it leaves the original alone.
    let mut c = s.duplicate()?;
    assert_eq!(c.offset(6)?, 10);
    assert_eq!(c.constraint_indices(4)?, [2]);
    c.set_offset(6, 100)?;
    c.set_field_offset(6, 1, 101)?;
    assert_eq!((c.offset(6)?, c.field_offset(6, 1)?), (100, 101));
    assert_eq!(s.offset(6)?, 10);

    // A permutation orders the storage: points 2..7 stored last to first.
    let mut r = Section::new(&petsc.self_comm())?;
    r.set_chart(2, 7)?;
    for p in 2..7 {
        r.set_dof(p, dofs[(p - 2) as usize])?;
    }
    let perm = IndexSet::new_general(&petsc.self_comm(), &[4, 3, 2, 1, 0])?;
    r.set_permutation(&perm)?;
    assert_eq!(
        r.permutation()?.unwrap().indices()?.to_vec(),
        [4, 3, 2, 1, 0]
    );
    r.set_up()?;
    let mut off = 0;
    for p in (2..7).rev() {
        assert_eq!(r.offset(p)?, off, "permuted offset of point {p}");
        off += dofs[(p - 2) as usize];
    }
    assert!(s.permutation()?.is_none());
    s.reset()?;
    assert_eq!(s.chart()?, -1..-1);
    Ok(())
}

/// Each rank owns points 0..n (n = rank + 2), two dofs each; with more than one rank,
/// point n is a copy of point 0 of the next rank.
fn global_section(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let (r, size) = (Int::from(world.rank()), Int::from(world.size()));
    let own = |q: Int| q + 2;
    let n = own(r);
    let ghost = size > 1;
    let end = if ghost { n + 1 } else { n };
    let mut s = Section::new(&world)?;
    s.set_chart(0, end)?;
    for p in 0..end {
        s.set_dof(p, 2)?;
    }
    s.set_up()?;
    let next = (r + 1) % size;
    let mut sf = StarForest::new(&world)?;
    if ghost {
        sf.set_graph(
            end,
            Some(&[n]),
            &[SfNode {
                rank: next,
                index: 0,
            }],
        )?;
    } else {
        sf.set_graph(end, None, &[])?;
    }
    let g = s.create_global_section(&sf)?;
    let start = |q: Int| 2 * (0..q).map(own).sum::<Int>();
    for p in 0..n {
        assert_eq!(g.offset(p)?, start(r) + 2 * p, "owned point {p}");
    }
    if ghost {
        assert_eq!(
            g.offset(n)?,
            -(start(next) + 1),
            "the copy of rank {next}'s point 0"
        );
    }
    assert_eq!(g.constrained_storage_size()?, 2 * n);
    Ok(())
}

/// Each rank's root section has points 0..n (n = rank + 2) with p + 1 values; the point
/// forest copies every point of the next rank.
fn distribution(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let (r, size) = (Int::from(world.rank()), Int::from(world.size()));
    let own = |q: Int| q + 2;
    let next = (r + 1) % size;
    let mut roots = Section::new(&world)?;
    roots.set_chart(0, own(r))?;
    for p in 0..own(r) {
        roots.set_dof(p, p + 1)?;
    }
    roots.set_up()?;
    let mut points = StarForest::new(&world)?;
    let remotes: Vec<SfNode> = (0..own(next))
        .map(|index| SfNode { rank: next, index })
        .collect();
    points.set_graph(own(r), None, &remotes)?;
    let (leaves, offsets) = points.distribute_section(&roots)?;
    assert_eq!(leaves.chart()?, 0..own(next));
    for p in 0..own(next) {
        assert_eq!(leaves.dof(p)?, p + 1);
        assert_eq!(
            offsets[p as usize],
            p * (p + 1) / 2,
            "remote offset of point {p}"
        );
    }
    let storage = |q: Int| own(q) * (own(q) + 1) / 2;
    assert_eq!(leaves.storage_size()?, storage(next));
    let root_values: Vec<Int> = (0..storage(r)).map(|k| 1000 * r + k).collect();
    let values = points.create_section_sf(&roots, &offsets, &leaves)?;
    let mut got = vec![-1 as Int; storage(next) as usize];
    values.bcast(&root_values, &mut got, SfOp::Replace)?;
    let expect: Vec<Int> = (0..storage(next)).map(|k| 1000 * next + k).collect();
    assert_eq!(got, expect);
    // Remote offsets of the wrong length, or past the owner's storage.
    assert!(points
        .create_section_sf(&roots, &offsets[1..], &leaves)
        .is_err());
    let mut far = offsets.clone();
    if r == 0 {
        far[0] = storage(next);
    }
    let e = points
        .create_section_sf(&roots, &far, &leaves)
        .unwrap_err()
        .to_string();
    if r == 0 {
        assert!(e.contains("names root index"), "{e}");
    }
    // A root section that does not cover the forest's roots.
    let mut small = Section::new(&world)?;
    small.set_chart(0, 1)?;
    small.set_up()?;
    assert!(points.distribute_section(&small).is_err());
    Ok(())
}

fn bad_input(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let mut s = Section::new(&petsc.self_comm())?;
    let e = s.set_dof(0, 1).unwrap_err().report();
    assert!(e.contains("no chart"), "{e}");
    assert!(s.set_chart(3, 1).is_err());
    assert!(s.set_num_fields(0).is_err());
    let mut s = two_fields(petsc)?;
    let e = s.dof(7).unwrap_err().report();
    assert!(e.contains("point 7 is outside the chart 2..7"), "{e}");
    assert!(s.offset(1).is_err());
    let e = s.field_dof(2, 2).unwrap_err().report();
    assert!(e.contains("field 2: the section has 2 fields"), "{e}");
    assert!(s.field_name(-1).is_err());
    assert!(s.set_field_components(0, 0).is_err());
    assert!(s.set_dof(2, -1).is_err());
    let e = s.add_dof(3, -2).unwrap_err().report();
    assert!(e.contains("negative"), "{e}");
    s.set_constraint_dof(2, 2)?;
    // Constraint indices before set-up; then with the wrong count or out of range.
    let e = s
        .set_constraint_indices(2, &[0, 1])
        .unwrap_err()
        .to_string();
    assert!(e.contains("not set up"), "{e}");
    assert!(s.constraint_indices(2).is_err());
    s.set_up()?;
    let e = s.set_constraint_indices(2, &[0]).unwrap_err().report();
    assert!(e.contains("1 indices for the 2 constrained dofs"), "{e}");
    let e = s
        .set_constraint_indices(2, &[0, 4])
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("constraint index 4 at point 2: the point has 4 dofs"),
        "{e}"
    );
    s.set_constraint_indices(2, &[0, 3])?;
    assert_eq!(s.constraint_indices(2)?, [0, 3]);
    // A permutation of the wrong length, or after set-up.
    let short = IndexSet::new_general(&petsc.self_comm(), &[0, 1])?;
    assert!(s.set_permutation(&short).is_err());
    let full = IndexSet::new_general(&petsc.self_comm(), &[0, 1, 2, 3, 4])?;
    let e = s.set_permutation(&full).unwrap_err().report();
    assert!(e.contains("set the permutation before set_up"), "{e}");
    // A point forest with fewer roots than the chart, on every rank.
    let mut l = Section::new(&world)?;
    l.set_chart(0, 3)?;
    l.set_up()?;
    let mut sf = StarForest::new(&world)?;
    sf.set_graph(2, None, &[])?;
    assert!(l.create_global_section(&sf).is_err());
    let mut not_set_up = Section::new(&world)?;
    not_set_up.set_chart(0, 2)?;
    assert!(not_set_up.create_global_section(&sf).is_err());
    Ok(())
}

pub fn cases() -> Vec<Case> {
    vec![
        Case::new("layout", layout),
        Case::new("global_section", global_section).ranks(&[1, 2, 3]),
        Case::new("distribution", distribution).ranks(&[1, 2, 3]),
        Case::new("bad_input", bad_input).ranks(&[1, 2]),
    ]
}
