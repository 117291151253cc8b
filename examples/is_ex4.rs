//! PETSc's IS tutorial `src/vec/is/is/tutorials/ex4.c` in Rust: a local-to-global
//! mapping on each rank, applied to local indices and, with masking and with dropping,
//! to global ones; the results are printed with `PetscIntView` and the mapping with its
//! viewer. `-islocaltoglobalmapping_type hash` selects the hash lookup.
//!
//! ```text
//! target/release/examples/is_ex4
//! 0: 0 9
//! 0: 0 -1 -1 1 -1 -1 -1 -1 -1 2 -1 -1 3
//! 0: 0 1 2 3
//! ISLocalToGlobalMapping Object: 1 MPI process
//! ...
//! ```

use std::process::ExitCode;

use petsc::{int_view, GlobalToLocalMode, Int, LgMap, Object, Petsc, Viewer};

fn main() -> ExitCode {
    Petsc::builder()
        .args(std::env::args())
        .help("Demonstrates using ISLocalToGlobalMappings.\n\n")
        .main(|petsc| {
            let world = petsc.world();
            let stdout = Viewer::ascii_stdout(&world)?;
            // Each rank independently creates a mapping.
            let mut mapping = LgMap::new(&world, 1, &[0, 3, 9, 12])?;
            mapping.set_from_options()?;
            // Map a set of local indices to their global values.
            let output = mapping.apply(&[0, 2])?;
            int_view(&output, &stdout)?;
            // Map global indices to local ones, -1 for those without a local index, then
            // dropping them.
            let inglobals: Vec<Int> = (0..13).collect();
            let masked = mapping.apply_inverse(GlobalToLocalMode::Mask, &inglobals)?;
            int_view(&masked, &stdout)?;
            let dropped = mapping.apply_inverse(GlobalToLocalMode::Drop, &inglobals)?;
            int_view(&dropped, &stdout)?;
            mapping.view_with(&stdout)?;
            Ok(())
        })
}
