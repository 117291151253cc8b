//! PETSc's DMPlex tutorial `ex7.c` in Rust: a sphere meshed from the options
//! (`-dm_plex_shape sphere`, `-dm_plex_dim 3` for the 3-sphere, `-dm_plex_simplex 0` for
//! quadrilaterals), a section with one value per vertex, and a global vector of that
//! layout set to 2:
//!
//! ```text
//! mpiexec -n 2 plex_ex7 -dm_plex_shape sphere -petscpartitioner_type simple -dm_view \
//!     -vec_view
//! ```
//!
//! prints the mesh (`-dm_view`) and the vector (`-vec_view`), as the C program does; its
//! output is PETSc's expected output of ex7's tests. As in C, the mesh is whatever the
//! `-dm_plex_*` options describe, with one difference: without `-dm_plex_shape` the
//! shape is the sphere (C's default is a box, whose triangles need the Triangle mesh
//! generator that many PETSc builds lack).

use std::process::ExitCode;

use petsc::{DmBase, Object, Petsc, Plex, Section};
use petsc_examples::{run_main, scalar, AppResult};

/// A section of one field with one value per vertex, given to the mesh
/// (`SetupSection` in C).
fn setup_section(dm: &mut Plex) -> AppResult {
    let vertices = dm.depth_stratum(0)?;
    let mut s = Section::new(&dm.comm())?;
    s.set_num_fields(1)?;
    s.set_field_components(0, 1)?;
    s.set_chart(vertices.start, vertices.end)?;
    for v in vertices {
        s.set_dof(v, 1)?;
        s.set_field_dof(v, 0, 1)?;
    }
    s.set_up()?;
    dm.set_local_section(&s)?;
    Ok(())
}

fn body(petsc: &Petsc) -> AppResult {
    let opts = petsc.options();
    if !opts.has("dm_plex_shape")? {
        opts.set_value("dm_plex_shape", "sphere")?;
    }
    let mut dm = Plex::new(&petsc.world())?;
    dm.set_from_options()?;
    dm.set_name("Sphere")?;
    dm.view_from_options(None, "-dm_view")?;

    setup_section(&mut dm)?;
    let mut u = dm.global_vec()?;
    u.set(scalar(2.0))?;
    u.view_from_options(None, "-vec_view")?;
    dm.restore_global_vec(u)?;
    Ok(())
}

fn main() -> ExitCode {
    run_main("plex_ex7", body)
}
