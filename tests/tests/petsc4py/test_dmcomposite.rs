//! petsc4py's `test_dmcomposite.py`, ported: the pieces of a composite's global vector
//! (two DMDAs of 3 and 4 points), lent and given back, after a normal scope, an error
//! and an early restore.

use petsc::{Composite, Da, DmBase, Object, Petsc, Scalar, Vector};
use petsc_tests::Case;

pub fn cases() -> Vec<Case> {
    vec![
        Case::new(
            "TestDMComposite::testAccessReferenceCounts",
            access_reference_counts,
        )
        .ranks(&[1, 2]),
        Case::new("TestDMComposite::testAccessException", access_exception).ranks(&[1, 2]),
        Case::new(
            "TestDMComposite::testAccessDestroyedWrapper",
            access_destroyed_wrapper,
        )
        .ranks(&[1, 2]),
    ]
}

/// `setUp`: the composite of DMDAs of 3 and 4 points on COMM_WORLD, and a global vector.
fn setup(petsc: &Petsc) -> petsc::Result<(Vec<Da>, Composite, Vector)> {
    let c = petsc.world();
    let dms = [3, 4]
        .into_iter()
        .map(|n| Da::builder(&c, 1).sizes(n, 1, 1).build())
        .collect::<petsc::Result<Vec<Da>>>()?;
    let mut dm = Composite::new(&c)?;
    for d in &dms {
        dm.add_dm(d)?;
    }
    let vec = dm.create_global_vector()?;
    Ok((dms, dm, vec))
}

fn access_reference_counts(petsc: &Petsc) -> petsc::Result<()> {
    let (_dms, dm, mut vec) = setup(petsc)?;
    for locs in [None, Some(&[1usize][..])] {
        for _ in 0..3 {
            let mut vecs = match locs {
                None => dm.access(&mut vec)?,
                Some(l) => dm.access_some(&mut vec, l)?,
            };
            assert_eq!(vecs.len(), if locs.is_some() { 1 } else { 2 });
            for n in 0..vecs.len() {
                assert_eq!(vecs[n].ref_count()?, 2);
                vecs.set(n, 2.0)?;
            }
            // The pieces go back with the guard (Python's wrappers are then empty).
        }
    }
    assert_eq!(vec.sum()?, Scalar::from(14.0));
    Ok(())
}

fn access_exception(petsc: &Petsc) -> petsc::Result<()> {
    let (_dms, dm, mut vec) = setup(petsc)?;
    let failed = (|| -> petsc::Result<()> {
        let _vecs = dm.access(&mut vec)?;
        Err(petsc::Error::invalid(
            "testAccessException",
            "access failed",
        ))
    })();
    let e = failed.expect_err("the error raised inside the access");
    assert!(e.to_string().contains("access failed"), "{e}");
    let vecs = dm.access(&mut vec)?;
    for n in 0..vecs.len() {
        assert_eq!(vecs[n].ref_count()?, 2);
    }
    Ok(())
}

fn access_destroyed_wrapper(petsc: &Petsc) -> petsc::Result<()> {
    let (_dms, dm, mut vec) = setup(petsc)?;
    {
        let vecs = dm.access(&mut vec)?;
        // The lent pieces are given up inside the scope (Python destroys their
        // wrappers there); the scope's end has nothing left to give back.
        vecs.restore()?;
    }
    let vecs = dm.access(&mut vec)?;
    assert_eq!(vecs.len(), 2);
    for n in 0..vecs.len() {
        assert_eq!(vecs[n].ref_count()?, 2);
    }
    Ok(())
}
