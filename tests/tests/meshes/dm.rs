//! The generic DM methods (`DmBase`) on DMDAs and the generic `Dm` handle: grid
//! transfers against linear functions, coordinates and bounding boxes against the grid's
//! closed form, labels, work vectors, hierarchies at 1, 2 and 3 ranks, and bad input as
//! `Err`s that name the fault.

use petsc::mpi::traits::*;
use petsc::{
    Complex, Da, Dm, DmBase, DmLabel, FileMode, InsertMode, Int, NormType, Object, Periodicity,
    Petsc, Real, Scalar, Section, StarForest, Viewer,
};
use petsc_tests::Case;

/// The real part of a real or complex scalar.
fn re(x: impl Into<Complex<f64>>) -> f64 {
    x.into().re
}

fn sc(x: f64) -> Scalar {
    Scalar::from(x)
}

/// `1 + 2x + 3y` at grid point `(i, j)` of an `mx x my` grid on the unit square.
fn linear(i: Int, j: Int, mx: Int, my: Int) -> f64 {
    let (x, y) = (i as f64 / (mx - 1) as f64, j as f64 / (my - 1) as f64);
    1.0 + 2.0 * x + 3.0 * y
}

/// A global vector of `da` holding the linear function at its points.
fn sample(da: &Da) -> petsc::Result<petsc::Vector> {
    let info = da.info()?;
    let mut g = da.create_global_vector()?;
    {
        let mut v = da.view_mut(&mut g)?;
        for [i, j, _] in da.corners()?.iter() {
            v[(i, j)] = sc(linear(i, j, info.mx, info.my));
        }
    }
    Ok(g)
}

fn err_text<T: std::fmt::Debug>(r: petsc::Result<T>) -> String {
    r.unwrap_err().report()
}

/// Interpolation from a coarse DMDA to its refinement reproduces a linear function at
/// every fine point; injection picks the fine values at the coarse points.
fn transfers(petsc: &Petsc) -> petsc::Result<()> {
    let coarse = Da::grid(&petsc.world()).sizes([5, 4]).build()?;
    let fine = coarse.refine()?;
    let fi = fine.info()?;
    assert_eq!((fi.mx, fi.my), (9, 7));
    let (p, scale) = coarse.create_interpolation(&fine)?;
    assert_eq!(p.size()?, (63, 20));
    let uc = sample(&coarse)?;
    let mut uf = fine.create_global_vector()?;
    p.mult(&uc, &mut uf)?;
    let mut err = uf.duplicate()?;
    err.copy_from(&sample(&fine)?)?;
    err.axpy(-1.0, &uf)?;
    assert!(
        err.norm(NormType::Infinity)? < 1e-12,
        "interpolation error {}",
        err.norm(NormType::Infinity)?
    );
    // The scaling vector lives on the coarse grid: 1 / (row sums of P^T).
    let scale = scale.expect("DMDA gives an interpolation scaling");
    assert_eq!(scale.size()?, 20);
    let mut ones = fine.create_global_vector()?;
    ones.set(1.0)?;
    let mut rowsum = coarse.create_global_vector()?;
    p.mult_transpose(&ones, &mut rowsum)?;
    {
        let (s, r) = (scale.view()?, rowsum.view()?);
        for (a, b) in s.iter().zip(r.iter()) {
            assert!(
                (re(*a) * re(*b) - 1.0).abs() < 1e-12,
                "scale {} row sum {}",
                re(*a),
                re(*b)
            );
        }
    }

    // Injection: coarse-size by fine-size, exact on the coarse points.
    let r = coarse.create_injection(&fine)?;
    let mut back = coarse.create_global_vector()?;
    let ufine = sample(&fine)?;
    r.mult(&ufine, &mut back)?;
    back.axpy(-1.0, &uc)?;
    assert!(back.norm(NormType::Infinity)? < 1e-12);

    // DMDA has no restriction in PETSc 3.18: an Err that says so.
    let e = err_text(coarse.create_restriction(&fine));
    assert!(e.contains("restriction") && e.contains("'da'"), "{e}");
    // DMDA has no mass matrix in PETSc 3.18 either.
    let e = err_text(coarse.create_mass_matrix(&coarse));
    assert!(e.contains("createmassmatrix for DM of type da"), "{e}");
    // A DM paired with itself is PETSc's to answer (a square interpolation for a
    // DMDA), and grids that are not levels of each other are an Err.
    let (same, _) = coarse.create_interpolation(&coarse)?;
    let n = coarse.create_global_vector()?.size()?;
    assert_eq!(same.size()?, (n, n));
    let other = Da::grid(&petsc.world()).sizes([6, 4]).build()?;
    let e = err_text(coarse.create_interpolation(&other));
    assert!(e.contains("Ratio between levels"), "{e}");
    // DMs on different communicators.
    if petsc.world().size() > 1 {
        let alone = Da::grid(&petsc.self_comm()).sizes([9, 7]).build()?;
        let e = err_text(coarse.create_interpolation(&alone));
        assert!(e.contains("different communicators"), "{e}");
    }
    Ok(())
}

/// Refine then coarsen gives back the original grid; hierarchies count their levels.
fn hierarchies(petsc: &Petsc) -> petsc::Result<()> {
    let da = Da::grid(&petsc.world()).sizes([5, 3]).build()?;
    let fine = da.refine()?;
    assert_eq!(fine.refine_level()?, 1);
    let back = fine.coarsen()?;
    let (a, b) = (da.info()?, back.info()?);
    assert_eq!((a.mx, a.my), (b.mx, b.my));
    assert_eq!(DmBase::create_global_vector(&back)?.size()?, 15);
    assert_eq!(back.coarsen_level()?, 1);
    let up = da.refine_hierarchy(3)?;
    let sizes: Vec<_> = up
        .iter()
        .map(|d| d.info().map(|i| (i.mx, i.my)))
        .collect::<Result<_, _>>()?;
    assert_eq!(sizes, [(9, 5), (17, 9), (33, 17)]);
    let down = up[2].coarsen_hierarchy(3)?;
    let sizes: Vec<_> = down
        .iter()
        .map(|d| d.info().map(|i| (i.mx, i.my)))
        .collect::<Result<_, _>>()?;
    assert_eq!(sizes, [(17, 9), (9, 5), (5, 3)]);
    assert!(da.refine_hierarchy(0)?.is_empty());

    let mut f = da.refine()?;
    assert!(f.coarse_dm()?.is_none());
    f.set_coarse_dm(&da)?;
    let c = f.coarse_dm()?.expect("coarse DM was set");
    assert_eq!(c.as_raw(), da.as_raw());
    let same: Da = f.as_dm()?.downcast()?;
    assert!(err_text(f.set_coarse_dm(&same)).contains("its own coarse DM"));
    let mut g = da.refine()?;
    let gg = g.clone_dm()?;
    assert_eq!(DmBase::create_global_vector(&gg)?.size()?, 45);
    g.set_refine_level(4)?;
    assert_eq!(g.refine_level()?, 4);
    g.set_coarsen_level(2)?;
    assert_eq!(g.coarsen_level()?, 2);
    Ok(())
}

/// Coordinates, their DM and the bounding boxes against the uniform grid's closed form.
fn coordinates(petsc: &Petsc) -> petsc::Result<()> {
    let (mx, my) = (7, 5);
    let mut da = Da::grid(&petsc.world()).sizes([mx, my]).build()?;
    assert!(err_text(DmBase::coordinates(&da)).contains("no coordinates"));
    assert!(err_text(da.bounding_box()).contains("no coordinates"));
    da.set_uniform_coordinates_to([(-1.0, 2.0), (0.0, 3.0)])?;
    assert_eq!(da.coordinate_dim()?, 2);
    assert_eq!(da.bounding_box()?, [(-1.0, 2.0), (0.0, 3.0)]);
    let (hx, hy) = (3.0 / (mx - 1) as Real, 3.0 / (my - 1) as Real);
    let gc = da.ghost_corners()?;
    let lbb = da.local_bounding_box()?;
    // Up to PETSc 3.20 the box of the local points, ghosts included; from 3.21
    // (DMGetLocalBoundingBox_DA) the owned points and one ghost layer below them.
    let (lo, hi): ([Int; 2], [Int; 2]) = if cfg!(petsc_3_21) {
        let c = da.corners()?;
        let below = |d: usize| c.start[d] - Int::from(gc.start[d] != c.start[d]);
        ([below(0), below(1)], [c.end()[0] - 1, c.end()[1] - 1])
    } else {
        (
            [gc.start[0], gc.start[1]],
            [gc.end()[0] - 1, gc.end()[1] - 1],
        )
    };
    let expect = [
        (-1.0 + lo[0] as Real * hx, -1.0 + hi[0] as Real * hx),
        (lo[1] as Real * hy, hi[1] as Real * hy),
    ];
    for d in 0..2 {
        assert!(
            (lbb[d].0 - expect[d].0).abs() < 1e-12 && (lbb[d].1 - expect[d].1).abs() < 1e-12,
            "{lbb:?} vs {expect:?}"
        );
    }
    // The coordinate DM is a DMDA with two values per point.
    let cdm = da.coordinate_dm()?;
    let cda: Da = cdm.downcast()?;
    assert_eq!((cda.info()?.dof, cda.info()?.mx), (2, mx));
    let local = da.coordinates_local()?;
    assert_eq!(local.size()?, gc.count() as Int * 2);
    da.coordinates_local_set_up()?;
    assert!(!da.coordinates_localized()?);
    assert!(da.cell_coordinates()?.is_none());
    // New coordinates: twice the old ones.
    let mut c2 = DmBase::coordinates(&da)?.duplicate()?;
    c2.copy_from(&DmBase::coordinates(&da)?)?;
    c2.scale(2.0)?;
    da.set_coordinates(&c2)?;
    assert_eq!(da.bounding_box()?, [(-2.0, 4.0), (0.0, 6.0)]);
    // A 1-D grid: one direction.
    let line = Da::grid(&petsc.world()).sizes([11]).build()?;
    line.set_uniform_coordinates_to([(0.5, 1.5)])?;
    assert_eq!(line.bounding_box()?, [(0.5, 1.5)]);
    // One (min, max) pair per direction: round trip through the coordinates, and a
    // wrong number of pairs refused before PETSc sees it.
    line.set_uniform_coordinates_to([(-1.0, 4.0)])?;
    assert_eq!(line.bounding_box()?, [(-1.0, 4.0)]);
    let x = DmBase::coordinates(&line)?;
    let start = x.ownership_range()?.start;
    for (k, c) in x.view()?.iter().enumerate() {
        assert_eq!(*c, sc(-1.0 + 0.5 * (start as usize + k) as f64));
    }
    let e = err_text(line.set_uniform_coordinates_to([(0.0, 1.0), (0.0, 1.0)]));
    assert!(
        e.contains("bounds has 2 entries; the dimension is 1"),
        "{e}"
    );
    da.set_uniform_coordinates_to([(0.0, 6.0), (1.0, 5.0)])?;
    assert_eq!(da.bounding_box()?, [(0.0, 6.0), (1.0, 5.0)]);
    let xy = DmBase::coordinates(&da)?;
    let cda = da.coordinate_da()?;
    let v = cda.view(&xy)?;
    for [i, j, k] in da.corners()?.iter() {
        assert_eq!(re(v.get([i, j, k], 0)), i as f64 * 6.0 / (mx - 1) as f64);
        assert_eq!(
            re(v.get([i, j, k], 1)),
            1.0 + j as f64 * 4.0 / (my - 1) as f64
        );
    }
    assert!(da.set_uniform_coordinates_to([(0.0, 1.0)]).is_err());
    assert!(da.set_uniform_coordinates_to([(0.0, 1.0); 3]).is_err());
    Ok(())
}

/// Labels on a DM: made, filled, read back through the DM and through a label handle,
/// removed; unknown label names are `Err`s naming them.
fn labels(petsc: &Petsc) -> petsc::Result<()> {
    let mut da = Da::grid(&petsc.self_comm()).sizes([10]).build()?;
    let before = da.num_labels()?;
    da.create_label("bc")?;
    assert!(da.has_label("bc")? && !da.has_label("other")?);
    assert_eq!(da.num_labels()?, before + 1);
    let names: Vec<String> = (0..da.num_labels()?)
        .map(|i| da.label_name(i))
        .collect::<Result<_, _>>()?;
    assert!(names.iter().any(|n| n == "bc"), "{names:?}");
    for p in [0, 9] {
        da.set_label_value("bc", p, 1)?;
    }
    da.set_label_value("bc", 4, 2)?;
    assert_eq!(da.label_value("bc", 9)?, 1);
    assert_eq!(da.label_value("bc", 5)?, -1);
    assert_eq!(da.label_size("bc")?, 2);
    assert_eq!(da.label_id_is("bc")?.indices()?.to_vec(), [1, 2]);
    assert_eq!(da.stratum_size("bc", 1)?, 2);
    assert_eq!(da.stratum_is("bc", 1)?.unwrap().indices()?.to_vec(), [0, 9]);
    assert!(da.stratum_is("bc", 3)?.is_none());
    // The label handle is the DM's label: changes show on both sides.
    let mut l = da.label("bc")?.expect("label exists");
    l.set_value(5, 2)?;
    assert_eq!(da.stratum_size("bc", 2)?, 2);
    da.clear_label_value("bc", 4, 2)?;
    assert_eq!(l.value(4)?, -1);
    da.clear_label_stratum("bc", 1)?;
    assert_eq!(da.stratum_size("bc", 1)?, 0);
    assert!(da.label_output("bc")?);
    da.set_label_output("bc", false)?;
    assert!(!da.label_output("bc")?);
    // Setting a value makes a missing label.
    da.set_label_value("made", 3, 8)?;
    assert!(da.has_label("made")?);
    // Labels made apart and added.
    let mut extra = DmLabel::new(&petsc.self_comm(), "extra")?;
    extra.set_value(1, 5)?;
    da.add_label(&extra)?;
    assert_eq!(da.label_value("extra", 1)?, 5);
    assert!(err_text(da.add_label(&extra)).contains("'extra' already"));
    da.remove_label("bc")?;
    assert!(!da.has_label("bc")?);
    assert_eq!(l.value(5)?, 2, "the removed label lives on in its handle");
    // Bad names and points.
    for e in [
        err_text(da.label_value("nosuch", 1)),
        err_text(da.stratum_size("nosuch", 1)),
        err_text(da.stratum_is("nosuch", 1)),
        err_text(da.label_size("nosuch")),
        err_text(da.label_id_is("nosuch")),
        err_text(da.remove_label("nosuch")),
        err_text(da.clear_label_value("nosuch", 1, 1)),
        err_text(da.clear_label_stratum("nosuch", 1)),
        err_text(da.label_output("nosuch")),
    ] {
        assert!(e.contains("no label named 'nosuch'"), "{e}");
    }
    assert!(da.label("nosuch")?.is_none());
    assert!(err_text(da.set_label_value("made", -1, 1)).contains("negative"));
    let n = da.num_labels()?;
    assert!(err_text(da.label_name(n)).contains("not in"));
    Ok(())
}

/// Work vectors: the guard restores on drop, the DM lends the same vector again, and
/// a guard of the wrong kind is refused.
fn work_vectors(petsc: &Petsc) -> petsc::Result<()> {
    let da = Da::grid(&petsc.world()).sizes([12]).build()?;
    let first = {
        let mut g = da.global_vec()?;
        assert_eq!(g.size()?, 12);
        g.set(3.0)?;
        assert_eq!(re(g.sum()?), 36.0);
        g.as_raw()
    };
    let again = da.global_vec()?;
    assert_eq!(again.as_raw(), first, "the restored vector is lent again");
    {
        let other = da.global_vec()?;
        assert_ne!(other.as_raw(), first, "two guards hold two vectors");
    }
    da.restore_global_vec(again)?;
    let mut l = da.local_vec()?;
    assert_eq!(l.local_size()?, da.create_local_vector()?.local_size()?);
    // Halo exchange into a borrowed local vector, through the trait.
    let mut g = da.global_vec()?;
    g.set(1.0)?;
    DmBase::global_to_local(&da, &g, InsertMode::Insert, &mut l)?;
    assert!(l.view()?.iter().all(|&v| re(v) == 1.0));
    let lraw = l.as_raw();
    assert!(err_text(da.restore_global_vec(l)).contains("local work vector"));
    // The refused guard still went back to its DM: the pool lends it again.
    let (a, b) = (da.local_vec()?, da.local_vec()?);
    assert!(a.as_raw() == lraw || b.as_raw() == lraw);
    da.restore_local_vec(b)?;
    da.restore_local_vec(a)?;
    // A guard of another DM.
    let other = Da::grid(&petsc.world()).sizes([12]).build()?;
    let og = other.global_vec()?;
    assert!(err_text(da.restore_global_vec(og)).contains("another DM"));
    g.restore()?;
    Ok(())
}

/// The generic handle: types by name, conversion, downcasts, halo exchanges with size
/// checks on every rank.
fn generic(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let mut dm = Dm::new(&world)?;
    assert!(err_text(dm.set_type("nosuchdm")).contains("unknown DM type 'nosuchdm'"));
    dm.set_type("plex")?;
    assert_eq!(dm.type_name()?, "plex");
    assert!(err_text(dm.downcast::<Da>()).contains("'plex', not 'da'"));
    assert!(dm.downcast::<Dm>().is_ok());
    // A DMDA made by type name is set up by the downcast: an Err without its sizes.
    let mut generic_da = Dm::new(&world)?;
    generic_da.set_type("da")?;
    generic_da.set_dimension(1)?;
    let e = err_text(generic_da.downcast::<Da>());
    assert!(e.contains("degrees of freedom"), "{e}");

    let da = Da::grid(&world).sizes([9]).build()?;
    let any = da.as_dm()?;
    assert_eq!(any.as_raw(), da.as_raw());
    assert_eq!(any.dimension()?, 1);
    assert_eq!(any.block_size()?, 1);
    let converted = da.convert("da")?;
    assert_eq!(converted.type_name()?, "da");
    assert!(err_text(da.convert("nosuchdm")).contains("nosuchdm"));
    // The generic halo exchange checks the sizes on every rank.
    let g = any.create_global_vector()?;
    let mut l = any.create_local_vector()?;
    any.global_to_local(&g, InsertMode::Insert, &mut l)?;
    let mut wrong = petsc::Vector::new_seq(&petsc.self_comm(), 1)?;
    assert!(err_text(any.global_to_local(&g, InsertMode::Insert, &mut wrong)).contains("vector"));
    assert!(any
        .local_to_global(&wrong, InsertMode::Add, &mut g.duplicate()?)
        .is_err());
    assert!(any
        .local_to_local(&l, InsertMode::Insert, &mut wrong)
        .is_err());
    let lg = any.lgmap()?;
    assert_eq!(lg.size()?, l.size()?);
    Ok(())
}

/// Split halo exchanges: begun, other work done, ended (or dropped); refused while
/// another handle views the destination.
fn exchanges(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let da = Da::grid(&world)
        .sizes([8])
        .boundary([petsc::BoundaryType::Periodic])
        .build()?;
    let mut g = DmBase::create_global_vector(&da)?;
    {
        let mut v = da.view_mut(&mut g)?;
        for [i, _, _] in da.corners()?.iter() {
            v[i] = sc(i as f64);
        }
    }
    let mut l = DmBase::create_local_vector(&da)?;
    let pending = da.global_to_local_begin(&g, InsertMode::Insert, &mut l)?;
    let total = re(g.sum()?);
    pending.end()?;
    assert_eq!(total, 28.0);
    {
        let v = da.view(&l)?;
        for [i, _, _] in da.ghost_corners()?.iter() {
            assert_eq!(re(v[i]), i.rem_euclid(8) as f64, "local point {i}");
        }
    }
    // Dropping a begun exchange completes it.
    let mut l2 = DmBase::create_local_vector(&da)?;
    drop(da.local_to_local_begin(&l, InsertMode::Insert, &mut l2)?);
    assert_eq!(re(l2.sum()?), re(l.sum()?));
    // Local to global with Add: each point gets its value once per local vector
    // holding it (its owner's and its neighbours' as a ghost).
    let mut back = DmBase::create_global_vector(&da)?;
    da.local_to_global_begin(&l, InsertMode::Add, &mut back)?
        .end()?;
    // The ghosts of every rank: one on each side of its box, periodic.
    let (xs, xe) = (da.corners()?.start[0], da.corners()?.end()[0]);
    let mut ghosts = petsc::Vector::new_mpi(&world, Some(1), None)?;
    ghosts.set(((xs - 1).rem_euclid(8) + xe.rem_euclid(8)) as f64)?;
    assert_eq!(re(back.sum()?), 28.0 + re(ghosts.sum()?));
    // The destination viewed through another handle: refused on every rank.
    // (Insert into a global vector: a grid without periodic ghosts.)
    let line = Da::grid(&world).sizes([8]).build()?;
    line.set_uniform_coordinates_to([(0.0, 1.0)])?;
    let cdm = line.coordinate_dm()?;
    let mut c1 = DmBase::coordinates(&line)?;
    let mut c2 = DmBase::coordinates(&line)?;
    let cl = line.coordinates_local()?;
    let view = c1.view_mut()?;
    let e = err_text(cdm.local_to_global_begin(&cl, InsertMode::Insert, &mut c2));
    assert!(e.contains("local_to_global"), "{e}");
    drop(view);
    cdm.local_to_global_begin(&cl, InsertMode::Insert, &mut c2)?
        .end()?;
    assert!(
        (re(c2.sum()?) - 4.0).abs() < 1e-12,
        "x = i / 7 summed over 8 points"
    );
    Ok(())
}

/// Vector and matrix types, fields, sub-DMs and the field decomposition.
fn types_and_fields(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let mut da = Da::grid(&world).sizes([6]).dof(2).build()?;
    da.set_vec_type("standard")?;
    assert_eq!(da.vec_type()?, "standard");
    assert!(err_text(da.set_vec_type("novec")).contains("unknown Vec type 'novec'"));
    let mut plane = Da::grid(&world).sizes([4, 4]).dof(2).build()?;
    plane.set_mat_type("baij")?;
    assert_eq!(plane.mat_type()?, "baij");
    assert!(DmBase::create_matrix(&plane)?
        .type_name()?
        .ends_with("baij"));
    assert!(err_text(plane.set_mat_type("nomat")).contains("unknown Mat type 'nomat'"));

    da.set_field_name(0, "u")?;
    da.set_field_name(1, "v")?;
    let f = da.create_field_decomposition()?;
    let names: Vec<_> = f.iter().map(|s| s.name.clone()).collect();
    assert_eq!(names, ["u", "v"]);
    let (lo, hi) = (da.corners()?.start[0], da.corners()?.end()[0]);
    let odd: Vec<Int> = (lo..hi).map(|i| 2 * i + 1).collect();
    assert_eq!(f[1].is.indices()?.to_vec(), odd);
    let sub: Da = f[1]
        .dm
        .as_ref()
        .expect("DMDA makes a DM per field")
        .downcast()?;
    assert_eq!((sub.info()?.dof, sub.info()?.mx), (1, 6));

    let nf = da.num_fields()?;
    da.set_num_fields(2)?;
    assert_eq!(da.num_fields()?, 2);
    let (is, sub) = da.create_sub_dm(&[1])?;
    assert_eq!(is.indices()?.to_vec(), odd);
    assert_eq!(sub.block_size()?, 1);
    assert!(err_text(da.create_sub_dm(&[2])).contains("field 2"));
    assert!(err_text(da.create_sub_dm(&[])).contains("no fields"));
    let mut other = Da::grid(&world).sizes([6]).dof(2).build()?;
    // The default adjacency is the DM's own, with or without fields.
    da.set_basic_adjacency(false, true)?;
    assert_eq!(da.basic_adjacency()?, (false, true));
    if nf == 0 {
        // Up to PETSc 3.23.0 a DMDA has no fields until it is given them.
        da.set_field_adjacency(1, true, false)?;
        assert_eq!(da.field_adjacency(1)?, (true, false));
        assert!(err_text(da.field_adjacency(5)).contains("field 5"));
        da.copy_fields(&mut other)?;
        assert_eq!(other.num_fields()?, 2);
        da.clear_fields()?;
        assert_eq!(da.num_fields()?, 0);
    } else {
        // From 3.23.1 its components are its fields, without a field array: the calls
        // that need one are refused (PETSc would index the missing array).
        assert_eq!(nf, 2);
        let no_array = "keeps no discretized fields";
        assert!(err_text(da.set_field_adjacency(1, true, false)).contains(no_array));
        assert!(err_text(da.field_adjacency(1)).contains(no_array));
        assert!(err_text(da.set_num_fields(3)).contains(no_array));
        assert!(err_text(da.copy_fields(&mut other)).contains(no_array));
        da.clear_fields()?;
        assert_eq!(da.num_fields()?, 2);
    }
    assert!(err_text(da.set_num_fields(-1)).contains("negative"));
    Ok(())
}

/// Settings that round-trip: natural ordering, adjacency, periodicity, coordinate
/// dimension, sections and star forests.
fn settings(petsc: &Petsc) -> petsc::Result<()> {
    let comm = petsc.self_comm();
    let mut da = Da::grid(&comm).sizes([4, 3]).build()?;
    da.set_use_natural(true)?;
    assert!(da.use_natural()?);
    da.set_basic_adjacency(false, true)?;
    assert_eq!(da.basic_adjacency()?, (false, true));
    let p = Periodicity {
        max_cell: Some(vec![0.25, 0.5]),
        start: Some(vec![0.0, -1.0]),
        length: Some(vec![1.0, 2.0]),
    };
    da.set_periodicity(&p)?;
    assert_eq!(da.periodicity()?, p);
    let e = err_text(da.set_periodicity(&Periodicity {
        start: Some(vec![0.0]),
        ..Periodicity::default()
    }));
    assert!(
        e.contains("start has 1 values") && e.contains("dimension 2"),
        "{e}"
    );
    assert!(da.set_coordinate_dim(0).is_err());

    let mut s = Section::new(&comm)?;
    s.set_chart(0, 12)?;
    for pt in 0..12 {
        s.set_dof(pt, 1)?;
    }
    s.set_up()?;
    da.set_local_section(&s)?;
    assert_eq!(da.local_section()?.expect("set").as_raw(), s.as_raw());
    da.set_global_section(&s)?;
    assert_eq!(da.global_section()?.expect("set").as_raw(), s.as_raw());
    let sf = StarForest::new(&comm)?;
    da.set_point_sf(&sf)?;
    assert_eq!(da.point_sf()?.expect("set").as_raw(), sf.as_raw());
    da.set_section_sf(&sf)?;
    assert_eq!(da.section_sf()?.expect("set").as_raw(), sf.as_raw());
    // A section SF made from the layouts: 12 points, none shared, one value each.
    let mut points = StarForest::new(&comm)?;
    points.set_graph(12, None, &[])?;
    da.set_point_sf(&points)?;
    let global = s.create_global_section(&points)?;
    da.create_section_sf(&s, &global)?;
    let made = da.section_sf()?.expect("made");
    assert_eq!(made.graph()?.remotes.len(), 12);
    let unset = Section::new(&comm)?;
    assert!(da.create_section_sf(&unset, &global).is_err());

    // Per-cell coordinates need a cell coordinate DM first.
    let mut line = Da::grid(&comm).sizes([5]).build()?;
    line.set_uniform_coordinates_to([(0.0, 1.0)])?;
    assert!(line.cell_coordinate_dm()?.is_none());
    assert!(line.cell_coordinate_section()?.is_none());
    assert!(line.cell_coordinates_local()?.is_none());
    let e = err_text(line.set_cell_coordinate_section(1, &s));
    assert!(e.contains("no cell coordinate DM"), "{e}");
    let cdm: Da = line.coordinate_dm()?.downcast()?;
    let cell = cdm.clone_dm()?;
    line.set_cell_coordinate_dm(&cell)?;
    assert_eq!(
        line.cell_coordinate_dm()?.expect("set").as_raw(),
        cell.as_raw()
    );
    let mut cc = DmBase::create_global_vector(&cell)?;
    cc.set(0.5)?;
    line.set_cell_coordinates(&cc)?;
    assert_eq!(line.cell_coordinates()?.expect("set").as_raw(), cc.as_raw());
    let mut ccl = DmBase::create_local_vector(&cell)?;
    ccl.set(0.25)?;
    line.set_cell_coordinates_local(&ccl)?;
    assert_eq!(
        line.cell_coordinates_local()?.expect("set").as_raw(),
        ccl.as_raw()
    );
    Ok(())
}

/// A path in the temporary folder, the same on every rank of the job.
fn shared_path(petsc: &Petsc, stem: &str) -> String {
    let world = petsc.mpi_world();
    let mut pid = std::process::id();
    world.process_at_rank(0).broadcast_into(&mut pid);
    let p = std::env::temp_dir().join(format!("petsc-rs-dm-{stem}-{pid}-{}.bin", world.size()));
    p.to_str().unwrap().to_string()
}

/// A DMDA written with a binary viewer loads back with its grid and partition; a file
/// holding a vector is refused.
fn load(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let path = shared_path(petsc, "load");
    let da = Da::grid(&world).sizes([6, 5]).dof(2).build()?;
    da.view_with(&Viewer::binary_file(&world, &path, FileMode::Write)?)?;
    let mut dm = Dm::new(&world)?;
    dm.load(&Viewer::binary_file(&world, &path, FileMode::Read)?)?;
    let back: Da = dm.downcast()?;
    let (a, b) = (da.info()?, back.info()?);
    assert_eq!((b.mx, b.my, b.dof), (6, 5, 2));
    assert_eq!(a.corners(), b.corners());
    let mut x = da.create_global_vector()?;
    x.set(1.0)?;
    x.view_with(&Viewer::binary_file(&world, &path, FileMode::Write)?)?;
    let mut not_dm = Dm::new(&world)?;
    assert!(not_dm
        .load(&Viewer::binary_file(&world, &path, FileMode::Read)?)
        .is_err());
    world.barrier()?;
    if world.rank() == 0 {
        std::fs::remove_file(&path).ok();
        std::fs::remove_file(format!("{path}.info")).ok();
    }
    Ok(())
}

pub fn cases() -> Vec<Case> {
    vec![
        Case::new("transfers", transfers).ranks(&[1, 2, 3]),
        Case::new("hierarchies", hierarchies).ranks(&[1, 2, 3]),
        Case::new("coordinates", coordinates).ranks(&[1, 2, 3]),
        Case::new("labels", labels),
        Case::new("work_vectors", work_vectors).ranks(&[1, 2]),
        Case::new("generic", generic).ranks(&[1, 2, 3]),
        Case::new("exchanges", exchanges).ranks(&[1, 2, 3]),
        Case::new("types_and_fields", types_and_fields).ranks(&[1, 2]),
        Case::new("settings", settings),
        Case::new("load", load).ranks(&[1, 2]),
    ]
}
