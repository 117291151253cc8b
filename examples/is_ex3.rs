//! PETSc's IS tutorial `src/vec/is/is/tutorials/ex3.c` in Rust: creates a blocked index
//! set (block size 3, blocks 0, 1, 3, 4), prints it with PETSc's viewer, then its
//! indices and its block indices, and checks its type, block size and number of blocks.
//!
//! ```text
//! target/release/examples/is_ex3
//! IS Object: 1 MPI process
//!   type: block
//! Block size 3
//! ...
//! Printing block indices directly
//! 0
//! ```

use std::process::ExitCode;

use petsc::{Error, IndexSet, IsType, Object, Petsc, Viewer};

fn main() -> ExitCode {
    Petsc::builder()
        .args(std::env::args())
        .help("Demonstrates creating a blocked index set.\n\n")
        .main(|petsc| {
            let me = petsc.self_comm();
            let (bs, input) = (3, [0, 1, 3, 4]);
            // The indices are {0,1,2,3,4,5,9,10,11,12,13,14}; each rank makes its own.
            let set = IndexSet::new_block(&me, bs, &input)?;
            set.view_with(&Viewer::ascii_stdout(&me)?)?;
            me.print("Printing indices directly\n")?;
            for i in set.indices()?.iter() {
                me.print(&format!("{i}\n"))?;
            }
            let blocks = set.block_indices()?;
            me.print("Printing block indices directly\n")?;
            for i in blocks.iter() {
                me.print(&format!("{i}\n"))?;
            }
            if set.ty()? != IsType::Block {
                return Err(Error::user("Index set is not blocked!"));
            }
            if set.block_size()? != 3 {
                return Err(Error::user("Block size is not 3!"));
            }
            if blocks.len() != 4 {
                return Err(Error::user("Number of blocks not 4!"));
            }
            Ok(())
        })
}
