//! petsc4py's `test_sf.py`, ported: a star forest's graph read back, and its
//! collectives (broadcast, reduction, gather, scatter, fetch-and-op) on `COMM_SELF`,
//! with the buffers it must refuse.

use petsc::{Int, Petsc, SfNode, SfOp, StarForest};
use petsc_tests::Case;

/// petsc4py's remote array `[[0, 1], [0, 0]]`: leaf 0 on root 1, leaf 1 on root 0
/// (rank 0 for both).
fn remotes() -> [SfNode; 2] {
    [SfNode { rank: 0, index: 1 }, SfNode { rank: 0, index: 0 }]
}

/// `TestSFGraph::testFortranOrderRemote`: the graph reads back as it was set, with and
/// without leaf locations. (petsc4py's point is that a column-major NumPy array of
/// remotes is read correctly; a Rust slice of `SfNode` has one layout.)
fn fortran_order_remote(petsc: &Petsc) -> petsc::Result<()> {
    for local in [None, Some(&[0 as Int, 2][..])] {
        let mut sf = StarForest::new(&petsc.self_comm())?;
        sf.set_graph(2, local, &remotes())?;
        sf.set_up()?;
        let g = sf.graph()?;
        assert_eq!(g.nroots, 2);
        assert_eq!(g.remotes, remotes());
        if let Some(l) = local {
            assert_eq!(g.leaves.as_deref(), Some(l));
        }
    }
    Ok(())
}

/// `TestSF.setUp`: two roots; leaves at locations 0 and 2, on roots 1 and 0.
fn set_up(petsc: &Petsc) -> petsc::Result<StarForest> {
    let mut sf = StarForest::new(&petsc.self_comm())?;
    sf.set_graph(2, Some(&[0, 2]), &remotes())?;
    sf.set_up()?;
    Ok(sf)
}

fn collectives(petsc: &Petsc) -> petsc::Result<()> {
    let sf = set_up(petsc)?;
    let mut root: [Int; 2] = [10, 20];
    let mut leaf: [Int; 3] = [-1; 3];
    let pending = sf.bcast_begin(&root, &mut leaf, SfOp::Replace)?;
    sf.bcast_end(pending)?;
    assert_eq!(leaf, [20, -1, 10]);

    root.fill(0);
    let pending = sf.reduce_begin(&leaf, &mut root, SfOp::Sum)?;
    sf.reduce_end(pending)?;
    assert_eq!(root, [10, 20]);

    let mut multiroot: [Int; 2] = [0; 2];
    let pending = sf.gather_begin(&leaf, &mut multiroot)?;
    sf.gather_end(pending)?;
    let mut scattered: [Int; 3] = [-1; 3];
    let pending = sf.scatter_begin(&multiroot, &mut scattered)?;
    sf.scatter_end(pending)?;
    assert_eq!(scattered, leaf);

    let mut root: [Int; 2] = [100, 200];
    let leaf: [Int; 3] = [3, 0, 4];
    let mut leafupdate: [Int; 3] = [-1; 3];
    let pending = sf.fetch_and_op_begin(&mut root, &leaf, &mut leafupdate, SfOp::Sum)?;
    sf.fetch_and_op_end(pending)?;
    assert_eq!(root, [104, 203]);
    assert_eq!(leafupdate, [200, -1, 100]);
    Ok(())
}

/// `testRejectsShortBuffers`: root, leaf and multi-root data shorter than the graph
/// needs are refused (with the star forest still usable).
fn rejects_short_buffers(petsc: &Petsc) -> petsc::Result<()> {
    let sf = set_up(petsc)?;
    let root: [Int; 2] = [1, 2];
    let mut leaf: [Int; 3] = [0; 3];
    let e = sf
        .bcast_begin(&root[..1], &mut leaf, SfOp::Replace)
        .unwrap_err();
    assert!(e.report().contains("root data"), "{e}");
    let e = sf
        .bcast_begin(&root, &mut leaf[..2], SfOp::Replace)
        .unwrap_err();
    assert!(e.report().contains("leaf data"), "{e}");
    let e = sf.scatter_begin(&root[..1], &mut leaf).unwrap_err();
    assert!(e.report().contains("multi-root data"), "{e}");
    sf.bcast(&root, &mut leaf, SfOp::Replace)?;
    assert_eq!(leaf, [2, 0, 1]);
    Ok(())
}

pub fn cases() -> Vec<Case> {
    vec![
        Case::new("TestSFGraph::testFortranOrderRemote", fortran_order_remote),
        Case::new("TestSF::testCollectives", collectives),
        Case::not_in_rust(
            "TestSF::testRejectsNoncontiguousBuffer",
            "a Rust slice is contiguous by its type; NumPy's strided views have no counterpart",
        ),
        Case::not_in_rust(
            "TestSF::testRejectsReadonlyOutput",
            "outputs are &mut slices: a read-only output does not compile",
        ),
        Case::not_in_rust(
            "TestSF::testFetchAndOpRejectsNonarrayBuffers",
            "buffers are typed slices: a list or None in their place does not compile",
        ),
        Case::new("TestSF::testRejectsShortBuffers", rejects_short_buffers),
    ]
}
