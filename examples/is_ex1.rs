//! PETSc's IS tutorial `src/vec/is/is/tutorials/ex1.c` in Rust: creates a general index
//! set on each rank, prints it with PETSc's viewer (`ISView`), and reads its indices
//! through a borrowed view.
//!
//! ```text
//! target/release/examples/is_ex1
//! IS Object: 1 MPI process
//!   type: general
//! Number of indices in set 5
//! 0 1
//! ...
//! [0] First index 1
//! ```

use std::process::ExitCode;

use petsc::{IndexSet, Int, Object, Petsc, Viewer};

fn main() -> ExitCode {
    Petsc::builder()
        .args(std::env::args())
        .help("Creating a general index set.\n\n")
        .main(|petsc| {
            let rank = petsc.world().rank();
            let me = petsc.self_comm();
            // Each rank creates its own index set with its own list of integers.
            let r = rank as Int;
            let indices: Vec<Int> = (1..=5).map(|k| r + k).collect();
            let is = IndexSet::new_general(&me, &indices)?;
            is.view_with(&Viewer::ascii_stdout(&me)?)?;
            let n = is.local_size()?;
            let idx = is.indices()?;
            assert_eq!(idx.len() as Int, n);
            me.print(&format!("[{rank}] First index {}\n", idx[0]))?;
            Ok(())
        })
}
