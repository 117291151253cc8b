//! Grids as petsc-rs 0.1 built them: `Da::builder(comm, dim)` with three sizes,
//! boundaries and processor counts whatever the dimension, DMStag's builder with
//! `global_sizes`/`stencil_type`/`boundary_types`/`num_ranks`, `Plex::create_box_mesh`
//! with positional options and booleans, `Da::duplicate` with four positional options,
//! and SLEPc's `Pep::set_scale` and `Pep::set_refine` with positional arguments.

use petsc::{BoundaryType, Da, DmBase, Plex, Stag, StagStencilType, StencilType};
use slepc::{Pep, PepRefine, PepScale};

fn expect(what: &str, ok: bool) -> petsc::Result<()> {
    if ok {
        Ok(())
    } else {
        Err(petsc::Error::invalid("old-forms grids", what.to_string()))
    }
}

pub fn run(petsc: &petsc::Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let size = world.size() as petsc::Int;

    // DMDA: a 1-D grid is `.sizes(n, 1, 1)`; 2-D with the third entries ignored.
    let line = Da::builder(&world, 1).sizes(9, 1, 1).dof(2).build()?;
    let i = line.info()?;
    expect("1-D DMDA", i.dim == 1 && i.mx == 9 && i.dof == 2)?;
    let da = Da::builder(&world, 2)
        .sizes(8, 6, 1)
        .boundary(
            BoundaryType::Periodic,
            BoundaryType::None,
            BoundaryType::None,
        )
        .procs(Some(1), None, None)
        .stencil(StencilType::Box)
        .stencil_width(2)
        .build()?;
    let i = da.info()?;
    expect(
        "2-D DMDA",
        i.dim == 2
            && (i.mx, i.my) == (8, 6)
            && i.boundary[0] == BoundaryType::Periodic
            && i.procs[..2] == [1, size]
            && i.stencil_type == StencilType::Box
            && i.stencil_width == 2,
    )?;
    let two = da.duplicate(Some(3), None, None, Some(1))?;
    let j = two.info()?;
    expect(
        "Da::duplicate",
        j.dof == 3
            && j.stencil_width == 1
            && (j.mx, j.my) == (8, 6)
            && two.corners()? == da.corners()?,
    )?;

    // DMStag, with its 0.1 names.
    let stag = Stag::builder(&world, 2)
        .global_sizes(6, 4, 1)
        .dof(&[0, 1, 1])
        .stencil_type(StagStencilType::Star)
        .stencil_width(1)
        .boundary_types(
            BoundaryType::Periodic,
            BoundaryType::None,
            BoundaryType::None,
        )
        .num_ranks(None, Some(1), None)
        .build()?;
    expect(
        "DMStag",
        stag.global_sizes()?[..2] == [6, 4]
            && stag.boundary_types()?[0] == BoundaryType::Periodic
            && stag.num_ranks()?[..2] == [size, 1]
            && stag.stencil_type()? == StagStencilType::Star,
    )?;
    #[allow(deprecated)]
    let older = Stag::builder(&world, 1)
        .sizes(7, 1, 1)
        .dof(&[1, 0])
        .boundary(
            BoundaryType::Ghosted,
            BoundaryType::None,
            BoundaryType::None,
        )
        .build()?;
    expect("DMStag 1-D", older.global_sizes()?[0] == 7)?;

    // Plex box: dimension as an Int, booleans for simplex and interpolate.
    let quads = Plex::create_box_mesh(
        &petsc.self_comm(),
        2,
        false,
        Some(&[4, 2]),
        None,
        Some(&[2.0, 1.0]),
        None,
        true,
    )?;
    expect(
        "box mesh",
        quads.height_stratum(0)?.count() == 8 && quads.depth_stratum(0)?.count() == 15,
    )?;
    let bare = Plex::create_box_mesh(&world, 1, false, Some(&[5]), None, None, None, false)?;
    expect("1-D box mesh", bare.dimension()? == 1)?;

    // PEP scaling with six positional arguments.
    let mut pep = Pep::new(&world)?;
    pep.set_scale(PepScale::Scalar, Some(2.0), None, None, None, None)?;
    let s = pep.scale()?;
    expect(
        "Pep::set_scale",
        s.kind == PepScale::Scalar && s.factor == 2.0,
    )?;
    Ok(())
}
