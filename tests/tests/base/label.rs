//! Labels against hand-written point sets: strata, default values, the point index,
//! permutations, sections, distribution along a star forest at 1, 2 and 3 ranks, and
//! bad points as `Err`s.

use petsc::{DmLabel, IndexSet, Int, Object, Petsc, SfNode, StarForest};
use petsc_tests::Case;

fn ints(is: &IndexSet) -> petsc::Result<Vec<Int>> {
    Ok(is.indices()?.to_vec())
}

fn strata(petsc: &Petsc) -> petsc::Result<()> {
    let comm = petsc.self_comm();
    let mut l = DmLabel::new(&comm, "material")?;
    assert_eq!(l.name()?, "material");
    for p in 0..10 {
        l.set_value(p, p % 3)?;
    }
    assert_eq!(l.num_values()?, 3);
    assert_eq!(ints(&l.value_is()?)?, [0, 1, 2]);
    assert_eq!(ints(&l.stratum_is(1)?.unwrap())?, [1, 4, 7]);
    assert_eq!(l.stratum_size(0)?, 4);
    assert!(l.stratum_is(5)?.is_none());
    assert!(l.stratum_has_point(2, 8)? && !l.stratum_has_point(2, 7)?);
    assert!(l.has_value(1)? && !l.has_value(3)?);
    assert!(l.has_stratum(1)? && !l.has_stratum(3)?);
    // An empty stratum: the label has the value though no point has it.
    l.add_stratum(7)?;
    assert!(l.has_value(7)? && l.has_stratum(7)?);
    assert_eq!(l.stratum_size(7)?, 0);
    assert_eq!(ints(&l.non_empty_stratum_values_is()?)?, [0, 1, 2]);
    l.add_strata(&[8, 9])?;
    l.add_strata_is(&IndexSet::new_general(&comm, &[10])?)?;
    assert_eq!(l.num_values()?, 7);
    // Moving points between strata.
    l.clear_value(4, 1)?;
    assert_eq!(l.value(4)?, -1);
    l.insert_is(&IndexSet::new_general(&comm, &[20, 21])?, 8)?;
    assert_eq!(ints(&l.stratum_is(8)?.unwrap())?, [20, 21]);
    l.set_stratum_is(9, &IndexSet::new_general(&comm, &[30, 31, 32])?)?;
    assert_eq!(l.stratum_size(9)?, 3);
    l.clear_stratum(0)?;
    assert_eq!(l.stratum_size(0)?, 0);
    assert_eq!(l.value(3)?, -1);
    // The default value.
    l.set_default_value(-5)?;
    assert_eq!((l.default_value()?, l.value(3)?), (-5, -5));
    // A copy is independent.
    let d = l.duplicate()?;
    l.set_value(40, 1)?;
    assert_eq!((l.value(40)?, d.value(40)?), (1, -5));
    // The section: a point per value, as many dofs as points with it; the points.
    let mut s = DmLabel::new(&comm, "s")?;
    s.set_value(2, 10)?;
    s.set_value(5, 12)?;
    s.set_value(7, 12)?;
    let (section, points) = s.convert_to_section()?;
    assert_eq!(section.chart()?, 10..13);
    assert_eq!(
        (section.dof(10)?, section.dof(11)?, section.dof(12)?),
        (1, 0, 2)
    );
    assert_eq!((section.offset(10)?, section.offset(12)?), (0, 1));
    assert_eq!(ints(&points)?, [2, 5, 7]);
    l.reset()?;
    assert_eq!(l.num_values()?, 0);
    Ok(())
}

fn index_and_permute(petsc: &Petsc) -> petsc::Result<()> {
    let comm = petsc.self_comm();
    let mut l = DmLabel::new(&comm, "bc")?;
    for p in [4, 6, 9] {
        l.set_value(p, 1)?;
    }
    let e = l.has_point(4).unwrap_err().report();
    assert!(e.contains("no point index"), "{e}");
    l.compute_index()?;
    assert_eq!(l.bounds()?, (4, 10));
    assert!(l.has_point(6)? && !l.has_point(5)?);
    let e = l.has_point(10).unwrap_err().report();
    assert!(e.contains("outside the index range 4..10"), "{e}");
    // Points outside the index have the default value and cannot get another.
    assert_eq!(l.value(20)?, -1);
    assert!(l.set_value(2, 1).is_err());
    l.destroy_index()?;
    l.set_value(2, 1)?;
    l.create_index(0, 12)?;
    assert!(l.has_point(2)?);
    let e = l.create_index(3, 12).unwrap_err().report();
    assert!(e.contains("labeled point 2 is outside 3..12"), "{e}");
    // Filtering keeps 4..8.
    l.filter(4, 8)?;
    assert_eq!(ints(&l.stratum_is(1)?.unwrap())?, [4, 6]);
    assert_eq!(l.bounds()?, (4, 8));
    // Permuting: point p goes to 9 - p.
    let rev: Vec<Int> = (0..10).rev().collect();
    let perm = IndexSet::new_general(&comm, &rev)?;
    let p = l.permute(&perm)?;
    assert_eq!(ints(&p.stratum_is(1)?.unwrap())?, [3, 5]);
    let short = IndexSet::new_general(&comm, &[0, 1, 2])?;
    let e = l.permute(&short).unwrap_err().report();
    assert!(e.contains("labeled point 4 has no entry"), "{e}");
    assert!(l.value(-1).is_err());
    assert!(l.set_value(-2, 0).is_err());
    assert!(l.create_index(5, 2).is_err());
    Ok(())
}

/// Rank 0 labels points 0..6 with p % 3; rank r's leaves are the points r, r + size, ...
/// of rank 0, stored contiguously.
fn distribute(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let (r, size) = (Int::from(world.rank()), Int::from(world.size()));
    let mut l = DmLabel::new(&world, "cells")?;
    let nroots = if r == 0 { 6 } else { 0 };
    if r == 0 {
        for p in 0..6 {
            l.set_value(p, p % 3)?;
        }
    }
    let mine: Vec<Int> = (r..6).step_by(size as usize).collect();
    let remotes: Vec<SfNode> = mine
        .iter()
        .map(|&index| SfNode { rank: 0, index })
        .collect();
    let mut sf = StarForest::new(&world)?;
    sf.set_graph(nroots, None, &remotes)?;
    let d = l.distribute(&sf)?;
    assert_eq!(d.name()?, "cells");
    for (k, &p) in mine.iter().enumerate() {
        assert_eq!(d.value(k as Int)?, p % 3, "leaf {k} (point {p} of rank 0)");
    }
    // A labeled point that is not a root: an `Err` on every rank.
    if r == 0 {
        l.set_value(6, 0)?;
    }
    assert!(l.distribute(&sf).is_err());
    Ok(())
}

pub fn cases() -> Vec<Case> {
    vec![
        Case::new("strata", strata),
        Case::new("index_and_permute", index_and_permute),
        Case::new("distribute", distribute).ranks(&[1, 2, 3]),
    ]
}
