//! Counts of a DMSwarm that accumulate, checked as totals: points added beyond what
//! PetscInt holds, and storage PETSc cannot allocate, are an `Err` naming the counts; the
//! swarm keeps its points, stays usable and is destroyed cleanly.

use petsc::{Int, Petsc, Swarm};
use petsc_tests::Case;

pub fn cases() -> Vec<Case> {
    const R: &[usize] = &[1, 2, 3];
    vec![
        Case::new("swarm_point_totals", swarm_point_totals).ranks(R),
        Case::new("swarm_storage_too_big", swarm_storage_too_big).ranks(R),
    ]
}

/// A swarm of `n` points on this rank with a real field `w` of block size `bs`.
fn swarm(petsc: &Petsc, n: usize, bs: usize) -> petsc::Result<Swarm> {
    let mut sw = Swarm::new(&petsc.world(), 2)?;
    sw.initialize_field_register()?;
    sw.register_field::<f64>("w", bs)?;
    sw.finalize_field_register()?;
    sw.set_local_sizes(n, 4)?;
    Ok(sw)
}

/// The swarm still holds `n` points, takes one more and gives it back.
fn still_usable(sw: &mut Swarm, n: usize) -> petsc::Result<()> {
    assert_eq!(sw.local_size()?, n);
    sw.add_point()?;
    assert_eq!(sw.local_size()?, n + 1);
    sw.remove_point()?;
    assert_eq!(sw.local_size()?, n);
    Ok(())
}

fn swarm_point_totals(petsc: &Petsc) -> petsc::Result<()> {
    let max = Int::MAX as usize;
    let mut sw = swarm(petsc, 3, 1)?;
    // The total, not the increment: each `n` fits PetscInt; 3 + n, or 3 + n plus the
    // buffer of 4 PETSc keeps, does not.
    for n in [max, max - 2, max - 3] {
        let e = sw.add_npoints(n).unwrap_err().to_string();
        assert!(
            e.contains("Swarm::add_npoints") && e.contains(&format!("3 points plus {n}")),
            "{e}"
        );
        still_usable(&mut sw, 3)?;
    }
    // A size whose buffer overflows PETSc's arithmetic.
    let e = sw.set_local_sizes(max - 4, 5).unwrap_err().to_string();
    assert!(
        e.contains("Swarm::set_local_sizes") && e.contains("buffer of 5"),
        "{e}"
    );
    still_usable(&mut sw, 3)?;
    sw.add_npoints(10)?;
    assert_eq!(sw.local_size()?, 13);
    drop(sw);
    assert!(petsc::take_destroy_failures().is_empty());
    Ok(())
}

fn swarm_storage_too_big(petsc: &Petsc) -> petsc::Result<()> {
    // 2^20 reals a point: 8 MiB, so 2^21 points ask for 16 TiB.
    let mut sw = swarm(petsc, 3, 1 << 20)?;
    let e = sw.add_npoints(1 << 21).unwrap_err().to_string();
    assert!(
        e.contains("Swarm::add_npoints")
            && e.contains("cannot be allocated")
            && e.contains("\"w\""),
        "{e}"
    );
    still_usable(&mut sw, 3)?;
    let e = sw.set_local_sizes(1 << 21, 0).unwrap_err().to_string();
    assert!(
        e.contains("Swarm::set_local_sizes") && e.contains("cannot be allocated"),
        "{e}"
    );
    still_usable(&mut sw, 3)?;
    {
        let w = sw.field::<f64>("w")?;
        assert_eq!(w.len(), 3 << 20);
    }
    drop(sw);
    assert!(petsc::take_destroy_failures().is_empty());
    Ok(())
}
