//! The runtime outlives every handle: finalization waits for the last one, whatever the
//! order of drops, and PETSc cannot be initialized a second time.

use petsc::{NormType, Object, Petsc, Vector};
use petsc_tests::Case;

pub fn cases() -> Vec<Case> {
    vec![Case::process(
        "objects_keep_petsc_alive",
        objects_keep_petsc_alive,
    )]
}

fn objects_keep_petsc_alive() {
    let petsc = Petsc::builder().args(["lifetime"]).init().expect("init");
    let comm = petsc.world();
    let mut x = Vector::new_mpi(&comm, None, Some(4)).expect("vector");
    x.set(3.0).expect("set");
    let viewer = petsc::Viewer::ascii_stdout(&petsc.self_comm()).expect("viewer");

    // Drop the runtime handle first: objects keep PETSc alive.
    drop(petsc);
    assert!(!Petsc::is_finalized(), "finalized while objects were alive");
    assert_eq!(x.norm(NormType::One).expect("norm"), 12.0);
    let y = x.duplicate().expect("duplicate");
    let c = y.comm();
    drop(comm);
    drop(x);
    assert_eq!(c.size(), y.comm().size());
    drop(viewer);
    drop(y);
    assert!(
        !Petsc::is_finalized(),
        "finalized while a communicator was alive"
    );
    drop(c);
    assert!(Petsc::is_finalized(), "not finalized after the last handle");
    assert!(petsc::take_destroy_failures().is_empty());

    let again = Petsc::builder().init();
    assert!(matches!(again, Err(petsc::Error::AlreadyInitialized)));
}
