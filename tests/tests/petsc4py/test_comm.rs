//! petsc4py's `test_comm.py`, ported. A null communicator (`PETSc.COMM_NULL`) has no
//! value in Rust: `Comm` is always a live communicator and "no communicator" is
//! `Option::<Comm>::None`, so what petsc4py refuses at run time on `COMM_NULL`
//! (`ValueError` from `duplicate`, `barrier`, `getSize`, `getRank`) cannot be written.

use petsc::{Comm, Petsc};
use petsc_tests::Case;

fn init(petsc: &Petsc) -> petsc::Result<()> {
    let null1: Option<Comm> = None;
    let null2: Option<Comm> = None;
    assert_eq!(null1, null2);
    assert_eq!(petsc.world(), petsc.world());
    assert_eq!(petsc.self_comm(), petsc.self_comm());
    // From rsmpi's communicators (petsc4py's `Comm(MPI.COMM_WORLD)`).
    let from_world = Comm::from_mpi(petsc, &*petsc.mpi_world())?;
    assert_eq!(from_world, petsc.world());
    Ok(())
}

fn dup_destr(petsc: &Petsc) -> petsc::Result<()> {
    for base in [petsc.self_comm(), petsc.world()] {
        let mut comm = Some(base.duplicate()?);
        let c = comm.as_ref().expect("duplicated");
        assert_eq!((c.size(), c.rank()), (base.size(), base.rank()));
        assert_eq!(*c, base);
        comm.take(); // destroyed: PETSc's reference released
        assert!(comm.is_none());
        // The communicator is still PETSc's for the other handles.
        base.barrier()?;
    }
    Ok(())
}

fn barrier(petsc: &Petsc) -> petsc::Result<()> {
    petsc.self_comm().barrier()?;
    petsc.world().barrier()?;
    Ok(())
}

fn size(petsc: &Petsc) -> petsc::Result<()> {
    assert!(petsc.world().size() >= 1);
    assert_eq!(petsc.self_comm().size(), 1);
    Ok(())
}

fn rank(petsc: &Petsc) -> petsc::Result<()> {
    assert_eq!(petsc.self_comm().rank(), 0);
    assert!(petsc.world().rank() >= 0);
    assert!(petsc.world().rank() < petsc.world().size());
    Ok(())
}

fn properties(petsc: &Petsc) -> petsc::Result<()> {
    // petsc4py's `size`/`rank` properties are its getters: one method each here.
    let mpi = petsc.mpi_world();
    use petsc::mpi::traits::Communicator;
    assert_eq!(petsc.world().size(), mpi.size());
    assert_eq!(petsc.world().rank(), mpi.rank());
    assert_eq!(petsc.self_comm().size(), 1);
    assert_eq!(petsc.self_comm().rank(), 0);
    Ok(())
}

fn compat_mpi(petsc: &Petsc) -> petsc::Result<()> {
    use petsc::mpi::traits::Communicator;
    let world = petsc.mpi_world();
    // rsmpi -> petsc-rs
    let cw = Comm::from_mpi(petsc, &*world)?;
    assert_eq!(cw, petsc.world());
    let me = world.split_by_color(petsc::mpi::topology::Color::with_value(world.rank()));
    let me = me.expect("every rank has a color");
    let cs = Comm::from_mpi(petsc, &me)?;
    assert_eq!((cs.size(), cs.rank()), (1, 0));
    // petsc-rs -> rsmpi
    let cs = petsc.self_comm().to_mpi()?;
    assert_eq!((cs.size(), cs.rank()), (1, 0));
    let cw = petsc.world().to_mpi()?;
    assert_eq!(cw.size(), petsc.world().size());
    assert_eq!(cw.rank(), petsc.world().rank());
    Ok(())
}

pub fn cases() -> Vec<Case> {
    vec![
        Case::new("TestComm::testInit", init).ranks(&[1, 2]),
        Case::new("TestComm::testDupDestr", dup_destr).ranks(&[1, 2]),
        Case::new("TestComm::testBarrier", barrier).ranks(&[1, 2]),
        Case::new("TestComm::testSize", size).ranks(&[1, 2]),
        Case::new("TestComm::testRank", rank).ranks(&[1, 2]),
        Case::new("TestComm::testProperties", properties).ranks(&[1, 2]),
        Case::new("TestComm::testCompatMPI4PY", compat_mpi).ranks(&[1, 2]),
    ]
}
