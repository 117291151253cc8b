//! PETSc started inside an MPI universe the program initialized with rsmpi: both work on
//! the same communicator, and the runtime finalizes PETSc before MPI. Without the
//! universe given to it, `init` refuses (the universe would finalize MPI under PETSc),
//! and a later `init` with it still works.

use petsc::mpi::traits::*;
use petsc::{Petsc, Scalar, Vector};
use petsc_tests::Case;

pub fn cases() -> Vec<Case> {
    vec![Case::process(
        "petsc_on_an_existing_universe",
        petsc_on_an_existing_universe,
    )]
}

fn petsc_on_an_existing_universe() {
    let universe = petsc::mpi::initialize().expect("MPI initializes once");
    let world = universe.world();
    let ranks = world.size();
    let e = Petsc::builder()
        .args(["universe"])
        .init()
        .expect_err("PETSc beside a universe it does not hold");
    assert!(
        e.to_string().contains("Petsc::builder().universe(u)"),
        "{e}"
    );
    assert!(!Petsc::is_finalized());
    let petsc = Petsc::builder()
        .args(["universe", "-universe_n", "6"])
        .universe(universe)
        .init()
        .expect("PETSc on an existing universe");
    let n = petsc
        .options()
        .get::<petsc::Int>("universe_n")
        .expect("option");
    assert_eq!(n, Some(6));
    let comm = petsc::Comm::from_mpi(&petsc, &world).expect("comm");
    assert_eq!(comm.size(), ranks);
    let mut x = Vector::new_mpi(&comm, None, Some(6)).expect("vector");
    x.set(1.0).expect("set");
    let local = x.local_size().expect("local size");
    let mut total = 0;
    world.all_reduce_into(
        &local,
        &mut total,
        petsc::mpi::collective::SystemOperation::sum(),
    );
    assert_eq!(total, 6);
    assert_eq!(x.sum().expect("sum"), Scalar::from(6.0));
    drop((x, comm, petsc));
    assert!(Petsc::is_finalized());
}
