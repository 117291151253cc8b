//! The positional calls of petsc-rs 0.1 given named forms later: `Mat::set_sizes`
//! with four options, `Mat::assembly_begin(bool)`, `Mat::new_is` with size arrays,
//! `Fe::new_default`/`new_by_cell`/`new_lagrange` with a simplex flag and positional
//! options, and DMStag's step-by-step setters with three arguments
//! (`set_global_sizes`, `set_boundary_types`, `set_num_ranks`, `set_ownership_ranges`)
//! and `create_compatible_dm_stag`; DMDA's `set_refinement_factor` with three options;
//! the uniform coordinates of DMDA and DMStag with six positional bounds; `Fe`'s four
//! positional tile sizes.

use petsc::{BoundaryType, CellType, Da, DmBase, Fe, InsertMode, Int, LgMap, Mat, Object, Stag};

fn expect(what: &str, ok: bool) -> petsc::Result<()> {
    if ok {
        Ok(())
    } else {
        Err(petsc::Error::invalid("old-forms second", what.to_string()))
    }
}

pub fn run(petsc: &petsc::Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let size = world.size() as Int;
    let rank = world.rank() as Int;
    let n = 2 * size;

    // Mat::set_sizes with four positional options, global sizes then local ones.
    let mut a = Mat::new(&world)?;
    a.set_sizes(None, None, Some(n), Some(n))?;
    a.set_type_name("aij")?;
    a.set_up()?;
    expect(
        "set_sizes global",
        a.size()? == (n, n) && a.local_size()? == (2, 2),
    )?;
    let mut b = Mat::new(&world)?;
    b.set_sizes(Some(2), Some(3), None, None)?;
    b.set_type_name("dense")?;
    b.set_up()?;
    expect("set_sizes local", b.size()? == (n, 3 * size))?;
    let mut c = Mat::new(&world)?;
    c.set_sizes(Some(2), Some(2), Some(n), Some(n))?;
    c.set_type_name("aij")?;
    c.set_up()?;
    expect("set_sizes both", c.size()? == (n, n))?;

    // assembly_begin(bool): a flush, then the final assembly.
    let lo = 2 * rank;
    a.set_value(lo, lo, 1.0, InsertMode::Add)?;
    a.assembly_begin(false)?;
    a.assembly_end()?;
    a.set_value(lo + 1, lo + 1, 2.0, InsertMode::Add)?;
    a.assembly_begin(true)?;
    a.assembly_end()?;
    expect(
        "assembly_begin(bool)",
        a.is_assembled()? && a.values(&[lo + 1], &[lo + 1])? == vec![2.0],
    )?;

    // Mat::new_is with [local; 2] and [global; 2]: two 1-D elements per rank.
    let map = LgMap::new(&world, 1, &[lo, lo + 1, (lo + 2) % n])?;
    let mut is = Mat::new_is(&world, 1, [Some(2), Some(2)], [None, None], &map, None)?;
    for e in [[0, 1], [1, 2]] {
        is.set_values_local(&e, &e, &[1.0, -1.0, -1.0, 1.0], InsertMode::Add)?;
    }
    is.assemble()?;
    let aij = is.convert("aij")?;
    expect(
        "new_is",
        is.size()? == (n, n) && aij.values(&[lo], &[lo])? == vec![2.0],
    )?;

    // Fe with a simplex flag and positional prefix and quadrature order.
    let self_comm = petsc.self_comm();
    let q2 = Fe::new_lagrange(&self_comm, 2, 2, false, 2, None)?;
    expect("Fe::new_lagrange", q2.dimension()? == 18)?;
    let p1 = Fe::new_lagrange(&self_comm, 2, 1, true, 1, Some(2))?;
    expect("Fe::new_lagrange simplex", p1.dimension()? == 3)?;
    petsc.options().set_value("-oldfe_petscspace_degree", "2")?;
    let fe = Fe::new_default(&self_comm, 2, 1, false, Some("oldfe_"), None)?;
    expect("Fe::new_default", fe.dimension()? == 9)?;
    let p0 = Fe::new_default(&self_comm, 2, 1, true, None, None)?;
    expect("Fe::new_default simplex", p0.dimension()? == 1)?;
    let tet = Fe::new_by_cell(
        &self_comm,
        3,
        1,
        CellType::Tetrahedron,
        Some("oldfe_"),
        Some(3),
    )?;
    expect("Fe::new_by_cell", tet.dimension()? == 10)?;
    petsc.options().clear_value("-oldfe_petscspace_degree")?;

    // DMStag step by step, three arguments whatever the dimension.
    let mut s = Stag::new(&world, 2)?;
    s.set_global_sizes(2 * size, 3, 1)?;
    s.set_dof(&[0, 0, 1])?;
    s.set_boundary_types(
        BoundaryType::Periodic,
        BoundaryType::None,
        BoundaryType::None,
    )?;
    s.set_num_ranks(Some(size), Some(1), None)?;
    s.set_ownership_ranges(Some(&vec![2; size as usize]), None, None)?;
    s.set_up()?;
    expect(
        "Stag setters",
        s.global_sizes()? == [2 * size, 3, 1]
            && s.boundary_types()?[0] == BoundaryType::Periodic
            && s.num_ranks()? == [size, 1, 1]
            && s.ownership_ranges()? == vec![vec![2; size as usize], vec![3]],
    )?;
    let verts = s.create_compatible_dm_stag(&[1, 0, 0])?;
    expect(
        "create_compatible_dm_stag",
        verts.create_global_vector()?.size()? == 2 * size * 4 && verts.type_name()? == "stag",
    )?;

    // DMDA refinement factors, three options whatever the dimension.
    let mut da = Da::grid(&world).sizes([5, 4]).build()?;
    da.set_refinement_factor(Some(3), None, None)?;
    expect(
        "Da::set_refinement_factor",
        da.refinement_factor()?[..2] == [3, 2],
    )?;
    expect(
        "Da::set_refinement_factor bad",
        da.set_refinement_factor(Some(1), None, None).is_err(),
    )?;

    // Uniform coordinates: six bounds whatever the dimension, those past it ignored.
    let line = Da::grid(&world).sizes([5]).build()?;
    line.set_uniform_coordinates(0.0, 1.0, 7.0, 9.0, 0.0, 0.0)?;
    let x = line.coordinates()?;
    let lo = x.ownership_range()?.start;
    let v = x.view()?;
    expect(
        "Da::set_uniform_coordinates",
        v.iter()
            .enumerate()
            .all(|(k, &c)| c == petsc::Scalar::from(0.25 * (lo as usize + k) as petsc::Real)),
    )?;
    drop(v);
    let stag = Stag::grid(&petsc.self_comm())
        .sizes([4])
        .dof(&[1, 1])
        .build()?;
    stag.set_uniform_coordinates_explicit(0.0, 2.0, 0.0, 0.0, 0.0, 0.0)?;
    let c = stag.coordinate_stag()?;
    let at = |loc| petsc::StagStencil::new(1, 0, 0, loc, 0);
    let got = c.vec_get_values_stencil(
        &stag.coordinates_local()?,
        &[
            at(petsc::StagLocation::Left),
            at(petsc::StagLocation::Element),
        ],
    )?;
    expect(
        "Stag::set_uniform_coordinates_explicit",
        got == vec![petsc::Scalar::from(0.5), petsc::Scalar::from(0.75)],
    )?;
    let stag = Stag::grid(&petsc.self_comm())
        .sizes([4, 2])
        .dof(&[0, 0, 1])
        .build()?;
    stag.set_uniform_coordinates_product(0.0, 1.0, -1.0, 1.0, 0.0, 0.0)?;
    let y = stag.product_coordinate_stag(1)?;
    let got = y.vec_get_values_stencil(
        &y.coordinates_local()?,
        &[
            at(petsc::StagLocation::Left),
            at(petsc::StagLocation::Element),
        ],
    )?;
    expect(
        "Stag::set_uniform_coordinates_product",
        got == vec![petsc::Scalar::from(0.0), petsc::Scalar::from(0.5)],
    )?;
    let mut stag = Stag::grid(&petsc.self_comm())
        .sizes([2, 2])
        .dof(&[0, 0, 1])
        .build()?;
    stag.set_coordinate_dm_type("product")?;
    stag.set_uniform_coordinates(0.0, 1.0, 0.0, 1.0, 0.0, 0.0)?;
    expect(
        "Stag::set_uniform_coordinates",
        stag.coordinate_dm()?.type_name()? == "product",
    )?;

    // Fe tile sizes: four positional sizes, read back as a tuple.
    let mut fe = Fe::builder(&petsc.self_comm(), 2, 1).degree(1).build()?;
    fe.set_tile_sizes(1, 1, 2, 1)?;
    expect("Fe::set_tile_sizes", fe.tile_sizes()? == (1, 1, 2, 1))?;
    let (bs, nb, _, _) = fe.tile_sizes()?;
    expect("Fe::tile_sizes", (bs, nb) == (1, 1))?;
    expect(
        "Fe::set_tile_sizes bad",
        fe.set_tile_sizes(0, 1, 1, 1).is_err(),
    )?;
    Ok(())
}
