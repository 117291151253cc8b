//! PETSc's IS tutorial `src/vec/is/is/tutorials/ex2.c` in Rust: creates a stride index
//! set (`3, 5, 7, ...`), prints it with PETSc's viewer, prints its indices directly and
//! checks its stride information.
//!
//! ```text
//! target/release/examples/is_ex2
//! IS Object: 1 MPI process
//!   type: stride
//! Number of indices in (stride) set 10
//! ...
//! Printing indices directly
//! 3
//! ```

use std::process::ExitCode;

use petsc::{Error, IndexSet, Object, Petsc, Viewer};

fn main() -> ExitCode {
    Petsc::builder()
        .args(std::env::args())
        .help("Demonstrates creating a stride index set.\n\n")
        .main(|petsc| {
            let (n, first, step) = (10, 3, 2);
            // Each rank makes its own index set (here they are all identical).
            let set = IndexSet::new_stride(&petsc.self_comm(), n, first, step)?;
            set.view_with(&Viewer::ascii_stdout(&petsc.self_comm())?)?;
            let world = petsc.world();
            world.print("Printing indices directly\n")?;
            for i in set.indices()?.iter() {
                world.print(&format!("{i}\n"))?;
            }
            if set.info()? != (3, 2) {
                return Err(Error::user("Stride info not correct!"));
            }
            Ok(())
        })
}
