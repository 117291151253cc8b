//! Bad input from safe code is refused before it reaches PETSc, with the same `Err` on
//! every rank, instead of undefined behaviour, a silently wrong layout or a hang.

use petsc::{InsertMode, Int, Mat, Petsc, Scalar, Vector};
use petsc_tests::{run, Case};

/// Negative indices are skipped on every vector type (a sequential vector used to write
/// `x[-1]`, an MPI one to fail); an index past the end is an `Err` on both.
fn negative_indices_are_skipped(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let seq = Vector::new_seq(&petsc.self_comm(), 4)?;
    let mpi = Vector::new_mpi(&world, None, Some(4))?;
    for mut x in [seq, mpi] {
        x.set(0.0)?;
        let far = -1_000_000_000 as Int;
        x.set_values(
            &[-1, 2, far, 0],
            &[9.0, 2.0, 9.0, 1.0].map(Scalar::from),
            InsertMode::Insert,
        )?;
        x.set_values(&[-1], &[Scalar::from(5.0)], InsertMode::Add)?;
        x.assemble()?;
        let all = x.to_all()?;
        assert_eq!(&*all.view()?, &[1.0, 0.0, 2.0, 0.0].map(Scalar::from));
        let e = x
            .set_values(&[-1, 4], &[Scalar::from(1.0); 2], InsertMode::Insert)
            .unwrap_err();
        assert!(
            e.to_string()
                .contains("index 4 (position 1) is not below the global size 4"),
            "{e}"
        );
        assert!(x.get_values(&[-1]).is_err());
    }
    Ok(())
}

/// Local sizes that do not add up to the global size: `Err` on every rank, naming the
/// sum (PETSc checks this only in debug builds; before, at 2 ranks, a length-5 vector
/// owned 0..3 and 3..6 and summed to 6).
fn layouts_that_disagree(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let n = world.size() as Int;
    // Vectors: three entries on every rank, but a global size one short.
    let e = Vector::new_mpi(&world, Some(3), Some(3 * n - 1)).unwrap_err();
    let msg = e.to_string();
    assert!(
        msg.contains(&format!(
            "the local numbers of entries add up to {} on {n} rank(s), but the global number is {}",
            3 * n,
            3 * n - 1
        )),
        "{msg}"
    );
    // Ranks that disagree on the global size, or on whether they give a local one.
    let r = world.rank() as Int;
    if n > 1 {
        let msg = Vector::new_mpi(&world, None, Some(10 + r))
            .unwrap_err()
            .to_string();
        assert!(
            msg.contains(&format!(
                "the ranks give different global numbers of entries (10 to {})",
                9 + n
            )),
            "{msg}"
        );
        let local = (r == 0).then_some(5);
        let msg = Vector::new_mpi(&world, local, Some(5 * n))
            .unwrap_err()
            .to_string();
        assert!(
            msg.contains("some ranks give a local number of entries and some do not"),
            "{msg}"
        );
        // A negative size on one rank only: every rank fails, none hangs.
        let local = if r == n - 1 { -1 } else { 1 };
        let msg = Vector::new_mpi(&world, Some(local), None)
            .unwrap_err()
            .to_string();
        assert!(
            msg.contains("a number of entries is negative (on at least one rank)"),
            "{msg}"
        );
    }
    // Matrices: rows and columns alike.
    let e = Mat::new_aij(&world, Some(2), Some(2), Some(2 * n + 1), None, 1, 0).unwrap_err();
    assert!(
        e.to_string()
            .contains(&format!("the local numbers of rows add up to {}", 2 * n)),
        "{e}"
    );
    let e = Mat::new_aij(&world, Some(2), Some(2), None, Some(2 * n - 1), 1, 0).unwrap_err();
    assert!(
        e.to_string()
            .contains(&format!("the local numbers of columns add up to {}", 2 * n)),
        "{e}"
    );
    // What agrees is still accepted, and PETSc lays it out as given.
    let x = Vector::new_mpi(&world, Some(3), Some(3 * n))?;
    assert_eq!(x.ownership_range()?, 3 * r..3 * r + 3);
    let a = Mat::new_aij(&world, Some(2), None, None, Some(7), 1, 0)?;
    assert_eq!(a.size()?, (2 * n, 7));
    Ok(())
}

fn main() {
    run(&[
        Case::new("negative_indices_are_skipped", negative_indices_are_skipped).ranks(&[1, 2, 3]),
        Case::new("layouts_that_disagree", layouts_that_disagree).ranks(&[1, 2, 3]),
    ]);
}
