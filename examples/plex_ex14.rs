//! PETSc's DMPlex tutorial `ex14.c` in Rust: a star forest for the halo exchange
//! between local vectors. On a mesh from the options, a section lays out a scalar field
//! `u` on the cells and a vector field `v` on the vertices; from the mesh's point star
//! forest (which points are copies of points on other ranks) and the section,
//! [`StarForest::create_remote_offsets`] and [`StarForest::create_section_sf`] make the
//! forest of values. Each rank sets its local vector to its rank number; one broadcast
//! within the vector ([`StarForest::bcast_in_place_begin`]) then brings every ghost
//! value from the rank that owns it, and the section prints the vector point by point
//! (`PetscSectionVecView`): each value shows the rank that owns it.
//!
//! ```text
//! mpiexec -n 3 plex_ex14 -dm_plex_dim 1 -dm_plex_box_faces 3 -dm_refine_pre 1 \
//!     -petscpartitioner_type simple -dm_distribute_overlap 1
//! ```
//!
//! prints PETSc's expected output of ex14's test. Without any of `-dm_plex_dim`,
//! `-dm_plex_shape`, `-dm_plex_box_faces` and `-dm_plex_filename` the mesh is that
//! test's (1D, 3 segments refined once, one layer of overlap); C's default is a box of
//! triangles, which needs the Triangle mesh generator that many PETSc builds lack.

use std::process::ExitCode;

use petsc::{DmBase, Int, Object, Petsc, Plex, SfOp, Viewer};
use petsc_examples::{run_main, scalar, AppError, AppResult};

fn body(petsc: &Petsc) -> AppResult {
    let world = petsc.world();
    let opts = petsc.options();
    let mesh_named = [
        "dm_plex_dim",
        "dm_plex_shape",
        "dm_plex_box_faces",
        "dm_plex_filename",
    ]
    .iter()
    .map(|o| opts.has(o))
    .collect::<petsc::Result<Vec<bool>>>()?
    .contains(&true);
    if !mesh_named {
        for (option, value) in [
            ("dm_plex_dim", "1"),
            ("dm_plex_box_faces", "3"),
            ("dm_refine_pre", "1"),
            ("dm_distribute_overlap", "1"),
        ] {
            if !opts.has(option)? {
                opts.set_value(option, value)?;
            }
        }
    }

    // A mesh.
    let mut dm = Plex::new(&world)?;
    dm.set_from_options()?;
    dm.view_from_options(None, "-dm_view")?;
    let dim = dm.dimension()?;

    // The solution variables: a scalar field u on the cells, a vector field v (dim
    // components) on the vertices; no boundary conditions.
    let num_fields: Int = 2;
    let num_comp = [1, dim];
    let mut num_dof = vec![0; (num_fields * (dim + 1)) as usize];
    num_dof[dim as usize] = 1; // u on cells
    num_dof[(dim + 1) as usize] = dim; // v on vertices

    // A section for that layout, named by field, given to the mesh.
    dm.set_num_fields(num_fields)?;
    let mut section = dm.create_field_section(&num_comp, &num_dof)?;
    section.set_field_name(0, "u")?;
    section.set_field_name(1, "v")?;
    dm.set_local_section(&section)?;

    // The halo-exchange pattern: the point SF says which mesh points are copies of
    // points on other ranks; the remote offsets say where the values of those points
    // start on their owners; together they make a forest of values.
    let point_sf = dm
        .point_sf()?
        .ok_or_else(|| AppError::Failed("the mesh has no point star forest".into()))?;
    let remote_offsets = point_sf.create_remote_offsets(&section, &section)?;
    let section_sf = point_sf.create_section_sf(&section, &remote_offsets, &section)?;

    // The halo exchange on a local vector set to the rank number.
    let mut u = dm.create_local_vector()?;
    u.set_name("Local vector")?;
    u.set(scalar(f64::from(world.rank())))?;
    {
        let mut array = u.view_mut()?;
        let exchange = section_sf.bcast_in_place_begin(&mut array, SfOp::Replace)?;
        // Local work can be done between the start and the end.
        exchange.end()?;
    }
    // Each value shows the rank that owns it.
    section.vec_view(&u, &Viewer::ascii_stdout(&world)?)?;
    Ok(())
}

fn main() -> ExitCode {
    run_main("plex_ex14", body)
}
