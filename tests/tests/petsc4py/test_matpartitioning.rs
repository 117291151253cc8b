//! petsc4py's `test_matpartitioning.py`, ported: the "average" partitioner over an
//! empty graph of 3 rows a rank keeps each row on its rank, and a second partitioning
//! replaces the first without touching another handle to it.

use petsc::{Int, Mat, MatPartitioning, MatPartitioningType, Object, Petsc};
use petsc_tests::Case;

fn apply(petsc: &Petsc) -> petsc::Result<()> {
    let comm = petsc.world();
    let mut adj = Mat::new_aij(&comm, Some(3), Some(3), None, None, 0, 0)?;
    adj.assemble()?;
    let mut part = MatPartitioning::new(&comm)?;
    part.set_type(MatPartitioningType::Average)?;
    part.set_adjacency(&adj)?;
    let expected = vec![comm.rank() as Int; 3];

    let mut result = part.apply()?;
    assert_eq!(result.to_vec()?, expected);
    let old = result.clone(); // petsc4py's copy.copy: a second handle, same index set
    assert_eq!(old.ref_count()?, 2);
    result = part.apply()?; // the handle now holds the new partitioning
    assert_eq!(old.ref_count()?, 1);
    assert_eq!(result.ref_count()?, 1);
    assert_eq!(result.to_vec()?, expected);
    assert_ne!(old.as_raw(), result.as_raw());
    Ok(())
}

pub fn cases() -> Vec<Case> {
    vec![Case::new("TestMatPartitioning::testApply", apply).ranks(&[1, 2])]
}
