//! Overlap added to a mesh that was never distributed, on more than one rank: PETSc 3.18
//! to 3.26 read the root degrees of a point star forest with no graph and crash; refused
//! with an `Err` on every rank, after which the mesh distributes and takes the overlap.

use petsc::{Petsc, Plex};
use petsc_tests::Case;

pub fn cases() -> Vec<Case> {
    vec![Case::new(
        "overlap_needs_a_distributed_mesh",
        overlap_needs_a_distributed_mesh,
    )
    .ranks(&[1, 2, 3])]
}

fn overlap_needs_a_distributed_mesh(petsc: &Petsc) -> petsc::Result<()> {
    let size = petsc.world().size();
    let mesh = Plex::box_mesh(&petsc.world()).sizes([4, 4]).build()?;
    for overlap in [1, 2, 3] {
        match mesh.distribute_overlap(overlap) {
            // One rank: nothing to share, as in PETSc.
            Ok(None) if size == 1 => {}
            Err(e) if size > 1 => {
                let text = e.to_string();
                assert!(
                    text.contains("Plex::distribute_overlap") && text.contains("never distributed"),
                    "{text}"
                );
            }
            other => panic!(
                "overlap {overlap} at {size} ranks: {:?}",
                other.map(|o| o.is_some())
            ),
        }
    }
    // Distributed, the same mesh takes the overlap.
    let Some((parallel, _)) = mesh.distribute(0)? else {
        assert_eq!(size, 1);
        return Ok(());
    };
    let before = parallel.height_stratum(0)?.count();
    let (overlapped, _) = parallel
        .distribute_overlap(1)?
        .expect("a mesh with overlap");
    assert!(overlapped.height_stratum(0)?.count() > before);
    Ok(())
}
