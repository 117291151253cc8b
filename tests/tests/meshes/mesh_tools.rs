//! Tools over a mesh at 1 and 2 ranks: interpolation of a field at arbitrary points
//! (`DMInterpolationInfo`), exact for a linear field wherever the points lie and
//! whichever rank owns them; and mesh transformations (`DMPlexTransform`), whose
//! regular refinement gives the cell and vertex counts of the closed form and of
//! `DMRefine`.

use petsc::mpi::collective::SystemOperation;
use petsc::mpi::traits::*;
use petsc::{
    Complex, DmBase, DmInterpolation, Fe, InsertMode, Int, Petsc, Plex, PlexTransform,
    PlexTransformType, Real, Scalar, Vector,
};
use petsc_tests::Case;

fn abs(x: impl Into<Complex<f64>>) -> f64 {
    x.into().norm()
}

/// The linear field interpolated: exact at every point of every cell.
fn f(p: &[Scalar]) -> Scalar {
    Scalar::from(1.0) + p[0] * 2.0 + p[1] * 3.0
}

/// A 4 x 4 box of squares on the unit square, distributed, with a field of bilinear
/// elements (one value per vertex), and the local vector of `f` at the vertices.
fn linear_field(petsc: &Petsc) -> petsc::Result<(Plex, Vector)> {
    let world = petsc.world();
    let mut mesh = Plex::box_mesh(&world).sizes([4, 4]).build()?;
    if cfg!(petsc_int64) {
        mesh.set_partitioner_type("simple")?;
    }
    if let Some((d, _)) = mesh.distribute(0)? {
        mesh = d;
    }
    mesh.add_field(None, &Fe::builder(&world, 2, 1).degree(1).build()?)?;
    mesh.create_ds()?;
    let coords = mesh.coordinates_local()?;
    let n = coords.local_size()?;
    let xy = coords.values(&(0..n).collect::<Vec<_>>())?;
    let values: Vec<Scalar> = xy.chunks(2).map(f).collect();
    let mut x = mesh.create_local_vector()?;
    assert_eq!(x.local_size()?, values.len() as Int);
    x.set_values(&(0..n / 2).collect::<Vec<_>>(), &values, InsertMode::Insert)?;
    x.assemble()?;
    Ok((mesh, x))
}

/// 2 x 2 squares on the unit square, each cut into 2 triangles, listed on rank 0 (no
/// mesh generator in every PETSc).
fn triangles(petsc: &Petsc) -> petsc::Result<Plex> {
    let (mut cells, mut coords) = (Vec::new(), Vec::new());
    if petsc.world().rank() == 0 {
        let v = |i: Int, j: Int| 3 * j + i;
        for j in 0..3 {
            for i in 0..3 {
                coords.extend([i as Real / 2.0, j as Real / 2.0]);
            }
        }
        for j in 0..2 {
            for i in 0..2 {
                cells.extend([v(i, j), v(i + 1, j), v(i + 1, j + 1)]);
                cells.extend([v(i, j), v(i + 1, j + 1), v(i, j + 1)]);
            }
        }
    }
    Plex::from_cell_list(&petsc.world(), 2, 3, &cells, 2, &coords, true)
}

/// The interpolated values on this rank against `f` at the coordinates this rank owns.
fn check_values(interp: &DmInterpolation, v: &Vector) -> petsc::Result<()> {
    let coords = interp.coordinates()?;
    let n = interp.local_count();
    assert_eq!(coords.local_size()?, 2 * n);
    assert_eq!(v.local_size()?, n);
    let lo = coords.ownership_range()?.start;
    let xy = coords.values(&(lo..lo + 2 * n).collect::<Vec<_>>())?;
    let vlo = v.ownership_range()?.start;
    let got = v.values(&(vlo..vlo + n).collect::<Vec<_>>())?;
    for (k, p) in xy.chunks(2).enumerate() {
        let err = abs(got[k] - f(p));
        assert!(err < 1e-12, "point {p:?}: {} against {}", got[k], f(p));
    }
    Ok(())
}

/// Points added by each rank, gathered and located: every point is owned once, by one
/// rank, and the field is exact there.
fn interpolation_linear(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let (rank, size) = (world.rank() as Real, world.size() as Real);
    let (mesh, x) = linear_field(petsc)?;
    // Three points per rank, spread over the square, so that most lie in another
    // rank's part; one on an edge of the grid and one on a vertex.
    let shift = rank / (2.0 * size);
    let points = [0.1 + shift, 0.2, 0.5, 0.5 + shift / 2.0, 0.25, 0.9 - shift];
    let mut interp = DmInterpolation::new(&world)?;
    interp.set_dim(2)?;
    interp.set_dof(1)?;
    interp.add_points(&points)?;
    interp.set_up(&mesh, false, false)?;
    // Every point is owned by exactly one rank.
    assert_eq!(interp.coordinates()?.size()?, 6 * world.size() as Int);
    let mut v = interp.vector()?;
    assert_eq!(v.size()?, 3 * world.size() as Int);
    interp.evaluate(&mesh, &x, &mut v)?;
    check_values(&interp, &v)?;
    interp.restore_vector(v)?;

    // The same points given by every rank: located once in all.
    let mut same = DmInterpolation::new(&world)?;
    same.set_dim(2)?;
    same.set_dof(1)?;
    same.add_points(&[0.3, 0.3, 0.95, 0.05, 0.6, 0.7, 0.02, 0.98])?;
    same.set_up(&mesh, true, false)?;
    assert_eq!(same.coordinates()?.size()?, 8);
    let mut w = same.vector()?;
    same.evaluate(&mesh, &x, &mut w)?;
    check_values(&same, &w)?;
    // A plain vector of the right size serves as well.
    let mut plain = w.duplicate()?;
    drop(w);
    same.evaluate(&mesh, &x, &mut plain)?;
    check_values(&same, &plain)?;
    let total: Scalar = [(0.3, 0.3), (0.95, 0.05), (0.6, 0.7), (0.02, 0.98)]
        .iter()
        .map(|&(a, b)| f(&[Scalar::from(a), Scalar::from(b)]))
        .sum();
    assert!(abs(plain.sum()? - total) < 1e-10);
    Ok(())
}

/// Steps out of order, sizes that do not match and points outside the mesh are `Err`s
/// on every rank, never a crash or a hang.
fn interpolation_refuses_bad_input(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let (mesh, x) = linear_field(petsc)?;
    let text = |r: petsc::Result<()>| r.unwrap_err().report();
    let mut i = DmInterpolation::new(&world)?;
    assert_eq!((i.dim()?, i.dof()?), (-1, 0));
    assert!(text(i.add_points(&[0.5, 0.5])).contains("set_dim first"));
    assert!(text(i.set_dim(0)).contains("must be 1, 2 or 3"));
    i.set_dim(2)?;
    assert!(text(i.set_dof(0)).contains("at least 1"));
    assert!(text(i.add_points(&[0.5, 0.5, 0.5])).contains("whole number of points"));
    assert!(text(i.set_up(&mesh, false, false)).contains("components is not set"));
    i.set_dof(2)?;
    i.add_points(&[0.5, 0.5])?;
    assert!(text(i.add_points(&[0.5, 0.5])).contains("once per context"));
    assert!(i
        .coordinates()
        .unwrap_err()
        .to_string()
        .contains("not set up"));
    assert!(i.vector().unwrap_err().report().contains("not set up"));
    let mut plain = Vector::new_mpi(&world, Some(0), None)?;
    assert!(text(i.evaluate(&mesh, &x, &mut plain)).contains("not set up"));
    i.set_up(&mesh, false, false)?;
    assert!(text(i.set_up(&mesh, false, false)).contains("already set up"));
    // Two components, but the field has one.
    let mut v = i.vector()?;
    assert!(text(i.evaluate(&mesh, &x, &mut v)).contains("fields have 1 components"));
    // A vector of the wrong size, and another mesh than the set-up's.
    let mut short = Vector::new_mpi(&world, Some(1), None)?;
    assert!(text(i.evaluate(&mesh, &x, &mut short)).contains("entries"));
    let (other, y) = linear_field(petsc)?;
    assert!(text(i.evaluate(&other, &y, &mut v)).contains("not the one"));
    // A vector lent by another context goes back to its own.
    let mut j = DmInterpolation::new(&world)?;
    j.set_dim(2)?;
    j.set_dof(1)?;
    j.set_up(&mesh, false, false)?;
    let wj = j.vector()?;
    assert!(text(i.restore_vector(wj)).contains("another interpolation context"));
    drop(v);

    // A point outside the unit square: an error, or kept on rank 0 and refused at
    // evaluation.
    let mut out = DmInterpolation::new(&world)?;
    out.set_dim(2)?;
    out.set_dof(1)?;
    out.add_points(&[1.5, 0.5])?;
    assert!(text(out.set_up(&mesh, false, false)).contains("point(s) lie in no cell"));
    let mut kept = DmInterpolation::new(&world)?;
    kept.set_dim(2)?;
    kept.set_dof(1)?;
    kept.add_points(&[1.5, 0.5])?;
    kept.set_up(&mesh, false, true)?;
    let mut w = kept.vector()?;
    let e = text(kept.evaluate(&mesh, &x, &mut w));
    assert!(e.contains("no cell") || world.rank() != 0, "{e}");
    // A mesh of another coordinate dimension.
    let mut d3 = DmInterpolation::new(&world)?;
    d3.set_dim(3)?;
    d3.set_dof(1)?;
    assert!(text(d3.set_up(&mesh, false, false)).contains("dimension 3"));
    Ok(())
}

/// The sum of `x` over the ranks.
fn sum(petsc: &Petsc, x: f64) -> f64 {
    let mut s = 0.0;
    petsc
        .mpi_world()
        .all_reduce_into(&x, &mut s, SystemOperation::sum());
    s
}

/// Regular refinement of 2 x 2 squares cut into triangles (8 triangles, 9 vertices)
/// gives 32 triangles on 25 vertices, as `DMRefine` does, and keeps the area; Alfeld's
/// split cuts each triangle into 3 around a new vertex (24 triangles, 17 vertices);
/// extrusion of 2 x 2 squares gives one layer of 4 hexahedra on 18 vertices.
fn transform_counts(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    // Cells over every rank (cells are not shared) and vertices on one rank.
    let cells =
        |m: &Plex| -> petsc::Result<f64> { Ok(sum(petsc, m.height_stratum(0)?.count() as f64)) };
    let vertices = |m: &Plex| -> petsc::Result<usize> { Ok(m.depth_stratum(0)?.count()) };
    let tri = triangles(petsc)?;
    let mut tr = PlexTransform::new(&tri)?;
    assert_eq!(tr.dm()?.as_raw(), tri.as_raw());
    tr.set_type(PlexTransformType::RefineRegular)?;
    assert!(!tr.is_set_up()?);
    tr.set_up()?;
    assert!(tr.is_set_up()?);
    assert_eq!(tr.ty()?, Some(PlexTransformType::RefineRegular));
    let fine = tr.apply(&tri)?;
    let by_refine = tri.refine()?;
    assert_eq!(cells(&fine)?, 32.0);
    assert_eq!(cells(&by_refine)?, 32.0);
    if world.size() == 1 {
        assert_eq!(vertices(&fine)?, 25);
        assert_eq!(vertices(&by_refine)?, 25);
    }
    let area: Real = fine
        .height_stratum(0)?
        .map(|c| fine.compute_cell_geometry_fvm(c).unwrap().volume)
        .sum();
    assert!((sum(petsc, area) - 1.0).abs() < 1e-12);

    let mut alfeld = PlexTransform::new(&tri)?;
    alfeld.set_type(PlexTransformType::RefineAlfeld)?;
    alfeld.set_up()?;
    let split = alfeld.apply(&tri)?;
    assert_eq!(cells(&split)?, 24.0);
    if world.size() == 1 {
        assert_eq!(vertices(&split)?, 17);
    }

    let quads = Plex::box_mesh(&world).sizes([2, 2]).build()?;
    let mut ext = PlexTransform::new(&quads)?;
    ext.set_type_name("extrude")?;
    ext.set_up()?;
    let slab = ext.apply(&quads)?;
    // An extrusion never set up is dropped safely; it cannot change type before.
    let mut unprepared = PlexTransform::new(&quads)?;
    unprepared.set_type(PlexTransformType::Extrude)?;
    assert!(unprepared
        .set_type(PlexTransformType::RefineRegular)
        .is_err());
    drop(unprepared);
    assert_eq!(slab.dimension()?, 3);
    assert_eq!(cells(&slab)?, 4.0);
    if world.size() == 1 {
        assert_eq!(vertices(&slab)?, 18);
    }

    // Bad input: another mesh, no set-up, changes after set-up, an unknown type.
    let text = |e: petsc::Error| e.report();
    assert!(text(tr.apply(&quads).unwrap_err()).contains("not the transformation's own"));
    let mut fresh = PlexTransform::new(&quads)?;
    assert!(text(fresh.apply(&quads).unwrap_err()).contains("not set up"));
    assert!(text(fresh.set_type_name("no_such_transform").unwrap_err()).contains("unknown"));
    fresh.set_dm(&tri)?;
    assert_eq!(fresh.dm()?.as_raw(), tri.as_raw());
    assert!(text(tr.set_dm(&quads).unwrap_err()).contains("is set up"));
    assert!(text(tr.set_type(PlexTransformType::Extrude).unwrap_err()).contains("is set up"));
    assert!(text(tr.clone().set_from_options().unwrap_err()).contains("is set up"));
    Ok(())
}

pub fn cases() -> Vec<Case> {
    const R: &[usize] = &[1, 2];
    vec![
        Case::new("interpolation_linear", interpolation_linear).ranks(R),
        Case::new(
            "interpolation_refuses_bad_input",
            interpolation_refuses_bad_input,
        )
        .ranks(R),
        Case::new("transform_counts", transform_counts).ranks(R),
    ]
}
