//! PETSc's vector test `src/vec/vec/tests/ex2.c` in Rust: a scatter between two
//! sequential vectors from index set `{0, 3}` to `{1, 4}`, used once from `x` to `y`,
//! then again from `y` to `x` (the vectors have the same layout), each result printed
//! with PETSc's viewer (`VecView`).
//!
//! ```text
//! target/release/examples/scatter_ex2
//! Vec Object: 1 MPI process
//!   type: seq
//! 2.
//! 1.
//! ...
//! ```

use std::process::ExitCode;

use petsc::{IndexSet, InsertMode, Object, Petsc, Scatter, ScatterMode, Vector, Viewer};

fn main() -> ExitCode {
    Petsc::builder()
        .args(std::env::args())
        .help("Tests vector scatter-gather operations.  Input arguments are\n  -n <length> : vector length\n\n")
        .main(|petsc| {
            let n = petsc.options().get_or::<petsc::Int>("n", 5)?;
            let me = petsc.self_comm();
            let mut x = Vector::new_seq(&me, n)?;
            let mut y = x.duplicate()?;
            let is1 = IndexSet::new_general(&me, &[0, 3])?;
            let is2 = IndexSet::new_general(&me, &[1, 4])?;
            x.set(1.0)?;
            y.set(2.0)?;
            let stdout = Viewer::ascii_stdout(&me)?;
            let ctx = Scatter::new(&x, Some(&is1), &y, Some(&is2))?;
            ctx.scatter(&x, &mut y, InsertMode::Insert, ScatterMode::Forward)?;
            y.view_with(&stdout)?;
            ctx.scatter(&y, &mut x, InsertMode::Insert, ScatterMode::Forward)?;
            me.print("-------\n")?;
            x.view_with(&stdout)?;
            Ok(())
        })
}
