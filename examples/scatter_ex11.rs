//! PETSc's vector test `src/vec/vec/tests/ex11.c` in Rust: a parallel vector with
//! `rank + 1` entries on each rank holds `0, 1, ..., N - 1`; each rank scatters the
//! entries from its rank number on into a sequential vector of its own, and rank 0
//! prints what it got. Its TEST block runs it on 2 ranks.
//!
//! ```text
//! mpiexec -n 2 target/release/examples/scatter_ex11
//! Vec Object: 2 MPI processes
//!   type: mpi
//! Process [0]
//! 0.
//! ...
//! ```

use std::process::ExitCode;

use petsc::{
    IndexSet, InsertMode, Int, Object, Petsc, Scalar, Scatter, ScatterMode, Vector, Viewer,
};

fn main() -> ExitCode {
    Petsc::builder()
        .args(std::env::args())
        .help("Scatters from a parallel vector to a sequential vector.\n\n")
        .main(|petsc| {
            let world = petsc.world();
            let me = petsc.self_comm();
            let rank = world.rank() as Int;
            let mut x = Vector::new_from_options(&world, Some(rank + 1), None)?;
            let n = x.size()?;
            let mut y = Vector::new_seq(&me, n - rank)?;
            let is1 = IndexSet::new_stride(&me, n - rank, rank, 1)?;
            let is2 = IndexSet::new_stride(&me, n - rank, 0, 1)?;
            // Every rank sets every entry, as the C test does.
            for i in 0..n {
                x.set_values(&[i], &[Scalar::from(i as f64)], InsertMode::Insert)?;
            }
            x.assemble()?;
            y.set(-1.0)?;
            x.view_with(&Viewer::ascii_stdout(&world)?)?;
            let ctx = Scatter::new(&x, Some(&is1), &y, Some(&is2))?;
            ctx.scatter(&x, &mut y, InsertMode::Insert, ScatterMode::Forward)?;
            if rank == 0 {
                me.print("----\n")?;
                y.view_with(&Viewer::ascii_stdout(&me)?)?;
            }
            Ok(())
        })
}
