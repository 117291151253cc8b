//! The discretization of every DM (`DmDiscretization`): fields discretized by finite
//! elements and the labels they live on, the discrete system made from them, copies of
//! both to another DM, auxiliary vectors by region, the coordinates' discretization and
//! adaptation by label, checked on distributed meshes at 1, 2 and 3 ranks (sizes of the
//! global vectors, the same objects read back as were set) and on a DMDA; bad input is
//! an `Err` naming the fault, after which the DM is still usable.

use petsc::mpi::collective::SystemOperation;
use petsc::mpi::traits::*;
use petsc::{
    CellKind, Da, Dm, DmBase, DmDiscretization, DmLabel, Fe, Int, Object, Petsc, Plex, Real,
    Scalar, Vector,
};
use petsc_tests::Case;

/// The unit square as `n x n` quadrilaterals (or triangles, two a square), spread over
/// the ranks.
fn square(petsc: &Petsc, simplex: bool, n: Int) -> petsc::Result<Plex> {
    let comm = petsc.world();
    let mut mesh = if simplex {
        // Without a mesh generator in every PETSc: the triangles listed on rank 0.
        let (mut cells, mut coords) = (Vec::new(), Vec::new());
        if comm.rank() == 0 {
            let v = |i: Int, j: Int| j * (n + 1) + i;
            for j in 0..=n {
                for i in 0..=n {
                    coords.extend([i as Real / n as Real, j as Real / n as Real]);
                }
            }
            for j in 0..n {
                for i in 0..n {
                    cells.extend([v(i, j), v(i + 1, j), v(i + 1, j + 1)]);
                    cells.extend([v(i, j), v(i + 1, j + 1), v(i, j + 1)]);
                }
            }
        }
        Plex::from_cell_list(&comm, 2, 3, &cells, 2, &coords, true)?
    } else {
        Plex::box_mesh(&comm).sizes([n, n]).build()?
    };
    if cfg!(petsc_int64) {
        mesh.set_partitioner_type("simple")?;
    }
    Ok(match mesh.distribute(0)? {
        Some((m, _)) => m,
        None => mesh,
    })
}

/// A P1 (Q1) Lagrange element of `nc` components named `name`.
fn lagrange(petsc: &Petsc, simplex: bool, nc: Int, name: &str) -> petsc::Result<Fe> {
    let mut fe = Fe::builder(&petsc.world(), 2, nc)
        .cell(if simplex {
            CellKind::Simplex
        } else {
            CellKind::Tensor
        })
        .degree(1)
        .build()?;
    fe.set_name(name)?;
    Ok(fe)
}

/// Two fields on a generic handle to a distributed mesh: a 2-vector and a scalar, read
/// back as the same elements; the discrete system has both and three components; each
/// vertex of the 4 x 4 squares carries three unknowns in the global vectors.
fn two_fields(petsc: &Petsc) -> petsc::Result<()> {
    let mesh = square(petsc, false, 4)?;
    let mut dm: Dm = mesh.as_dm()?;
    let velocity = lagrange(petsc, false, 2, "velocity")?;
    let pressure = lagrange(petsc, false, 1, "pressure")?;
    dm.add_field(None, &velocity)?;
    dm.add_field(None, &pressure)?;
    assert_eq!(dm.num_fields()?, 2);
    let f0 = dm.field(0)?.expect("an element");
    let f1 = dm.field(1)?.expect("an element");
    assert_eq!(f0.as_raw(), velocity.as_raw());
    assert_eq!(f1.as_raw(), pressure.as_raw());
    assert_eq!(
        (f0.name()?, f1.name()?),
        ("velocity".into(), "pressure".into())
    );
    assert!(dm.field_label(0)?.is_none() && dm.field_label(1)?.is_none());
    dm.create_ds()?;
    let ds = dm.ds()?;
    assert_eq!(ds.num_fields()?, 2);
    assert_eq!(ds.total_components()?, 3);
    // Q1 on a quadrilateral: four vertices, three unknowns each.
    assert_eq!(ds.total_dimension()?, 12);
    assert_eq!(dm.create_global_vector()?.size()?, 3 * 25);
    // The mesh's own handle sees the same fields and system.
    assert_eq!(mesh.num_fields()?, 2);
    assert_eq!(mesh.ds()?.as_raw(), ds.as_raw());
    assert_eq!(Plex::field(&mesh, 1)?.unwrap().as_raw(), pressure.as_raw());

    // A field given by number replaces the one there.
    let other = lagrange(petsc, false, 1, "temperature")?;
    dm.set_field(1, None, &other)?;
    assert_eq!(dm.field(1)?.unwrap().name()?, "temperature");
    dm.set_field(1, None, &pressure)?;
    dm.create_ds()?;

    // Bad field numbers: an `Err` naming them, the DM unchanged.
    let e = dm.field(2).unwrap_err().report();
    assert!(e.contains("field 2") && e.contains("field"), "{e}");
    let e = dm.field_label(-1).unwrap_err().report();
    assert!(e.contains("field -1"), "{e}");
    let e = dm.set_field(-1, None, &other).unwrap_err().report();
    assert!(e.contains("field -1 is negative"), "{e}");
    assert_eq!(dm.num_fields()?, 2);
    assert_eq!(dm.create_global_vector()?.size()?, 3 * 25);
    Ok(())
}

/// A field on the points of a label: the label read back is that label, and the
/// unknowns are only on its points (the boundary vertices of the 3 x 3 squares).
fn field_on_label(petsc: &Petsc) -> petsc::Result<()> {
    let mut mesh = square(petsc, false, 3)?;
    mesh.create_label("boundary")?;
    let mut boundary = mesh.label("boundary")?.expect("made above");
    mesh.mark_boundary_faces(1, &mut boundary)?;
    mesh.label_complete(&mut boundary)?;
    let fe = lagrange(petsc, false, 1, "u")?;
    DmDiscretization::add_field(&mut mesh, None, &fe)?;
    DmDiscretization::add_field(&mut mesh, Some(&boundary), &fe)?;
    assert!(mesh.field_label(0)?.is_none());
    let l = mesh.field_label(1)?.expect("the label");
    assert_eq!(l.as_raw(), boundary.as_raw());
    assert_eq!(l.name()?, "boundary");
    Ok(())
}

/// `copy_disc` gives another DM of the same points the fields and system; `copy_fields`
/// then `copy_ds` do it in two steps; `clear_ds` drops the system but not the fields,
/// and `create_ds` makes it again.
fn copies_and_clear(petsc: &Petsc) -> petsc::Result<()> {
    let mut mesh = square(petsc, true, 4)?;
    mesh.add_field(None, &lagrange(petsc, true, 2, "velocity")?)?;
    mesh.add_field(None, &lagrange(petsc, true, 1, "pressure")?)?;
    mesh.create_ds()?;
    let n = mesh.create_global_vector()?.size()?;
    assert_eq!(n, 3 * 25);

    let mut a: Dm = mesh.clone_dm()?.as_dm()?;
    assert_eq!(a.num_fields()?, 0);
    DmDiscretization::copy_disc(&mesh, &mut a)?;
    assert_eq!(a.num_fields()?, 2);
    assert_eq!(a.field(1)?.unwrap().name()?, "pressure");
    assert_eq!(a.ds()?.total_components()?, 3);
    assert_eq!(a.create_global_vector()?.size()?, n);

    let mut b = mesh.clone_dm()?;
    mesh.copy_fields(&mut b)?;
    mesh.copy_ds(&mut b)?;
    assert_eq!(DmDiscretization::ds(&b)?.num_fields()?, 2);
    assert_eq!(b.create_global_vector()?.size()?, n);
    // Copying onto itself changes nothing.
    let mut same = mesh.clone();
    mesh.copy_ds(&mut same)?;
    DmDiscretization::copy_disc(&mesh, &mut same)?;

    mesh.clear_ds()?;
    assert_eq!(mesh.num_fields()?, 2);
    mesh.create_ds()?;
    assert_eq!(mesh.ds()?.num_fields()?, 2);
    assert_eq!(mesh.create_global_vector()?.size()?, n);
    Ok(())
}

/// Auxiliary vectors: the vector set for a region is the one read back (the same
/// object, the same values), regions are told apart by label, value and part, and
/// `None` removes one.
fn auxiliary_vectors(petsc: &Petsc) -> petsc::Result<()> {
    let mut mesh = square(petsc, false, 2)?;
    let marker = mesh.label("marker")?.expect("a box mesh has one");
    let c = petsc.self_comm();
    let whole = Vector::from_slice(&c, &[Scalar::from(1.0), Scalar::from(2.0)])?;
    let wall = Vector::from_slice(&c, &[Scalar::from(3.0)])?;
    assert_eq!(mesh.num_auxiliary_vec()?, 0);
    assert!(mesh.auxiliary_vec(None, 0, 0)?.is_none());
    mesh.set_auxiliary_vec(Some(&marker), 1, 0, Some(&wall))?;
    assert_eq!(mesh.num_auxiliary_vec()?, 1);
    let back = mesh.auxiliary_vec(Some(&marker), 1, 0)?.expect("set above");
    assert_eq!(back.as_raw(), wall.as_raw());
    assert_eq!(back.view()?.to_vec(), [Scalar::from(3.0)]);
    // Another value, another part, no label: other regions, with no vector.
    assert!(mesh.auxiliary_vec(Some(&marker), 2, 0)?.is_none());
    assert!(mesh.auxiliary_vec(Some(&marker), 1, 1)?.is_none());
    assert!(mesh.auxiliary_vec(None, 0, 0)?.is_none());
    // The whole DM's vector answers for every region without one of its own.
    mesh.set_auxiliary_vec(None, 0, 0, Some(&whole))?;
    assert_eq!(mesh.num_auxiliary_vec()?, 2);
    let back = mesh.auxiliary_vec(None, 0, 0)?.expect("set above");
    assert_eq!(back.as_raw(), whole.as_raw());
    assert_eq!(
        back.view()?.to_vec(),
        [Scalar::from(1.0), Scalar::from(2.0)]
    );
    assert_eq!(
        mesh.auxiliary_vec(Some(&marker), 2, 0)?.unwrap().as_raw(),
        whole.as_raw()
    );
    assert_eq!(
        mesh.auxiliary_vec(Some(&marker), 1, 0)?.unwrap().as_raw(),
        wall.as_raw()
    );
    // Replaced, then removed.
    mesh.set_auxiliary_vec(None, 0, 0, Some(&wall))?;
    assert_eq!(
        mesh.auxiliary_vec(None, 0, 0)?.unwrap().as_raw(),
        wall.as_raw()
    );
    mesh.set_auxiliary_vec(None, 0, 0, None)?;
    assert!(mesh.auxiliary_vec(None, 0, 0)?.is_none());
    assert_eq!(mesh.num_auxiliary_vec()?, 1);
    // The DM keeps its own reference: the vector outlives the caller's handle.
    drop(wall);
    let kept = mesh
        .auxiliary_vec(Some(&marker), 1, 0)?
        .expect("kept by the DM");
    assert_eq!(kept.view()?.to_vec(), [Scalar::from(3.0)]);
    Ok(())
}

/// Q2 coordinates on the 4 x 4 squares: the coordinate vector grows from the 25
/// vertices to the 81 nodes, the vertices keep their places, and the box is the same.
fn coordinate_disc(petsc: &Petsc) -> petsc::Result<()> {
    let mut mesh = square(petsc, false, 4)?;
    assert_eq!(DmBase::coordinates(&mesh)?.size()?, 2 * 25);
    let q2 = Fe::builder(&petsc.world(), 2, 2).degree(2).build()?;
    mesh.set_coordinate_disc(Some(&q2), false, true)?;
    let x = DmBase::coordinates(&mesh)?;
    assert_eq!(x.size()?, 2 * 81);
    assert_eq!(mesh.bounding_box()?, [(0.0, 1.0), (0.0, 1.0)]);
    // The sum of the nodes' coordinates: 9 x 9 nodes at multiples of 1/8, each way.
    let want = 2.0 * 9.0 * (0..9).map(|i| i as f64 / 8.0).sum::<f64>();
    let modulus = |z: Scalar| -> f64 { Into::<petsc::Complex<f64>>::into(z).norm() };
    assert!(modulus(x.sum()? - Scalar::from(want)) < 1e-12);
    let (_, minor, _) = Petsc::version();
    if minor < 24 {
        let e = mesh
            .set_coordinate_disc(Some(&q2), true, true)
            .unwrap_err()
            .to_string();
        assert!(e.contains("3.24"), "{e}");
    }
    if minor < 21 {
        let e = mesh
            .set_coordinate_disc(Some(&q2), false, false)
            .unwrap_err()
            .to_string();
        assert!(e.contains("3.21"), "{e}");
    }
    assert_eq!(DmBase::coordinates(&mesh)?.size()?, 2 * 81);
    Ok(())
}

/// Adaptation by a label: every triangle flagged for refinement is split in four, none
/// flagged keeps the mesh.
fn adapt_label(petsc: &Petsc) -> petsc::Result<()> {
    let mesh = square(petsc, true, 4)?;
    let cells = mesh.height_stratum(0)?;
    let local = cells.end - cells.start;
    let mut refine = DmLabel::new(&petsc.self_comm(), "adapt")?;
    for c in cells.clone() {
        refine.set_value(c, 1)?;
    }
    let fine: Plex = mesh.adapt_label(&refine)?;
    let n = fine.height_stratum(0)?;
    assert_eq!(n.end - n.start, 4 * local);
    let (mine, mut total) = (n.end - n.start, 0);
    petsc
        .mpi_world()
        .all_reduce_into(&mine, &mut total, SystemOperation::sum());
    assert_eq!(total, 4 * 32);
    // The adapted mesh takes fields like any other.
    let mut fine = fine;
    fine.add_field(None, &lagrange(petsc, true, 1, "u")?)?;
    fine.create_ds()?;
    assert_eq!(fine.create_global_vector()?.size()?, 81);
    Ok(())
}

/// A metric adaptation needs a remesher this PETSc may not have: then an `Err` with
/// PETSc's message, and the mesh still works.
fn adapt_metric(petsc: &Petsc) -> petsc::Result<()> {
    let mut mesh = square(petsc, true, 2)?;
    mesh.add_field(None, &lagrange(petsc, true, 1, "u")?)?;
    mesh.create_ds()?;
    // A zero metric (no remesher could use it): refused either way.
    let metric = mesh.create_local_vector()?;
    let e = mesh
        .adapt_metric(&metric, None, None)
        .unwrap_err()
        .to_string();
    let lower = e.to_lowercase();
    assert!(lower.contains("adapt") || lower.contains("metric"), "{e}");
    assert_eq!(mesh.create_global_vector()?.size()?, 9);
    assert_eq!(mesh.ds()?.num_fields()?, 1);
    Ok(())
}

/// Sparse localization is a flag read back as set (PETSc 3.22 and later).
#[cfg(petsc_3_22)]
fn sparse_localize(petsc: &Petsc) -> petsc::Result<()> {
    let mut mesh = square(petsc, false, 2)?;
    mesh.set_sparse_localize(true)?;
    assert!(mesh.sparse_localize()?);
    mesh.set_sparse_localize(false)?;
    assert!(!mesh.sparse_localize()?);
    Ok(())
}

/// A DMDA: before PETSc 3.23.1 it keeps discretized fields as any DM; from 3.23.1 it
/// keeps none, and the field calls are an `Err` saying so.
fn dmda(petsc: &Petsc) -> petsc::Result<()> {
    let mut da = Da::grid(&petsc.world()).sizes([5, 5]).build()?;
    let fe = lagrange(petsc, false, 1, "u")?;
    let v = Petsc::version();
    if (v.1, v.2) < (23, 1) {
        da.add_field(None, &fe)?;
        assert_eq!(da.num_fields()?, 1);
        assert_eq!(da.field(0)?.unwrap().as_raw(), fe.as_raw());
        let e = da.field(1).unwrap_err().report();
        assert!(e.contains("field 1"), "{e}");
    } else {
        let e = da.add_field(None, &fe).unwrap_err().report();
        assert!(e.contains("keeps no discretized fields"), "{e}");
        assert!(da.field(0).is_err());
    }
    // Auxiliary vectors are kept by every DM: one of another DM, never one of its own
    // (each would keep the other alive).
    let own = da.create_global_vector()?;
    let e = da
        .set_auxiliary_vec(None, 0, 0, Some(&own))
        .unwrap_err()
        .to_string();
    assert!(e.contains("made by this DM"), "{e}");
    assert!(da.auxiliary_vec(None, 0, 0)?.is_none());
    let aux = da.clone_dm()?.create_global_vector()?;
    da.set_auxiliary_vec(None, 0, 0, Some(&aux))?;
    assert_eq!(
        da.auxiliary_vec(None, 0, 0)?.unwrap().as_raw(),
        aux.as_raw()
    );
    assert_eq!(da.create_global_vector()?.size()?, 25);
    Ok(())
}

pub fn cases() -> Vec<Case> {
    #[allow(unused_mut)] // pushed to from PETSc 3.22 on
    let mut cases = vec![
        Case::new("two_fields", two_fields).ranks(&[1, 2, 3]),
        Case::new("field_on_label", field_on_label).ranks(&[1, 2]),
        Case::new("copies_and_clear", copies_and_clear).ranks(&[1, 2, 3]),
        Case::new("auxiliary_vectors", auxiliary_vectors).ranks(&[1, 2]),
        Case::new("coordinate_disc", coordinate_disc).ranks(&[1, 2, 3]),
        Case::new("adapt_label", adapt_label).ranks(&[1, 2, 3]),
        Case::new("adapt_metric", adapt_metric).ranks(&[1, 2]),
        Case::new("dmda", dmda).ranks(&[1, 2]),
    ];
    #[cfg(petsc_3_22)]
    cases.push(Case::new("sparse_localize", sparse_localize).ranks(&[1, 2]));
    cases
}
