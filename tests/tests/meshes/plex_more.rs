//! More of `Plex`: the metric options (defaults, round trips, the options database,
//! out-of-range values refused), metric fields against closed forms at 1, 2 and 3 ranks
//! (determinants, averages, intersections and L-p normalization of constant metrics,
//! anisotropic, isotropic and uniform), and bad metric input as `Err`s that name the
//! fault.

use petsc::{DmBase, Int, Petsc, Plex, Real, Scalar, Vector};
use petsc_tests::Case;

fn re(x: impl Into<petsc::Complex<f64>>) -> f64 {
    x.into().re
}

fn err_text<T: std::fmt::Debug>(r: petsc::Result<T>) -> String {
    r.unwrap_err().report()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * (1.0 + b.abs())
}

/// The unit square cut into `n x n` squares, each split into two triangles, made on
/// the first rank and distributed.
fn triangles(comm: &petsc::Comm, n: Int) -> petsc::Result<Plex> {
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
    let mut m = Plex::from_cell_list(comm, 2, 3, &cells, 2, &coords, true)?;
    if cfg!(petsc_int64) {
        m.set_partitioner_type("simple")?;
    }
    Ok(match m.distribute(0)? {
        Some((p, _)) => p,
        None => m,
    })
}

fn values(v: &Vector) -> petsc::Result<Vec<f64>> {
    Ok(v.view()?.iter().map(|x| re(*x)).collect())
}

/// Fills an anisotropic 2D metric with `a I` at every vertex.
fn fill_identity(v: &mut Vector, a: f64) -> petsc::Result<()> {
    let mut w = v.view_mut()?;
    for (i, x) in w.iter_mut().enumerate() {
        *x = Scalar::from(if i % 4 == 0 || i % 4 == 3 { a } else { 0.0 });
    }
    Ok(())
}

/// Whether an anisotropic 2D metric is `a I` at every vertex.
fn is_identity(v: &Vector, a: f64) -> petsc::Result<bool> {
    Ok(values(v)?
        .iter()
        .enumerate()
        .all(|(i, x)| close(*x, if i % 4 == 0 || i % 4 == 3 { a } else { 0.0 })))
}

fn all_equal(v: &Vector, a: f64) -> petsc::Result<bool> {
    Ok(values(v)?.iter().all(|x| close(*x, a)))
}

/// Defaults, round trips, the options database and out-of-range values.
fn metric_options(petsc: &Petsc) -> petsc::Result<()> {
    let comm = petsc.self_comm();
    let mut m = Plex::box_mesh(&comm).dim(2).build()?;
    // PETSc's defaults, made on first use.
    assert!(!m.metric_is_isotropic()? && !m.metric_is_uniform()?);
    assert!(!m.metric_restrict_anisotropy_first()?);
    assert!(!m.metric_no_insertion()? && !m.metric_no_swapping()?);
    assert!(!m.metric_no_movement()? && !m.metric_no_surf()?);
    assert_eq!(m.metric_verbosity()?, -1);
    assert_eq!(m.metric_num_iterations()?, 3);
    assert_eq!(m.metric_minimum_magnitude()?, 1e-30);
    assert_eq!(m.metric_maximum_magnitude()?, 1e30);
    assert_eq!(m.metric_maximum_anisotropy()?, 1e5);
    assert_eq!(m.metric_target_complexity()?, 1000.0);
    assert_eq!(m.metric_normalization_order()?, 1.0);
    assert_eq!(m.metric_gradation_factor()?, 1.3);
    assert_eq!(m.metric_hausdorff_number()?, 0.01);

    // Round trips.
    m.metric_set_isotropic(true)?;
    m.metric_set_restrict_anisotropy_first(true)?;
    m.metric_set_no_insertion(true)?;
    m.metric_set_no_swapping(true)?;
    m.metric_set_no_movement(true)?;
    m.metric_set_no_surf(true)?;
    assert!(m.metric_is_isotropic()? && !m.metric_is_uniform()?);
    assert!(m.metric_restrict_anisotropy_first()?);
    assert!(m.metric_no_insertion()? && m.metric_no_swapping()?);
    assert!(m.metric_no_movement()? && m.metric_no_surf()?);
    m.metric_set_isotropic(false)?;
    m.metric_set_uniform(true)?;
    assert!(m.metric_is_uniform()? && m.metric_is_isotropic()?);
    m.metric_set_verbosity(10)?;
    m.metric_set_num_iterations(0)?;
    m.metric_set_minimum_magnitude(1e-3)?;
    m.metric_set_maximum_magnitude(10.0)?;
    m.metric_set_maximum_anisotropy(1.0)?;
    m.metric_set_target_complexity(250.0)?;
    m.metric_set_normalization_order(2.0)?;
    m.metric_set_gradation_factor(2.5)?;
    m.metric_set_hausdorff_number(0.5)?;
    assert_eq!(m.metric_verbosity()?, 10);
    assert_eq!(m.metric_num_iterations()?, 0);
    assert_eq!(m.metric_minimum_magnitude()?, 1e-3);
    assert_eq!(m.metric_maximum_magnitude()?, 10.0);
    assert_eq!(m.metric_maximum_anisotropy()?, 1.0);
    assert_eq!(m.metric_target_complexity()?, 250.0);
    assert_eq!(m.metric_normalization_order()?, 2.0);
    assert_eq!(m.metric_gradation_factor()?, 2.5);
    assert_eq!(m.metric_hausdorff_number()?, 0.5);

    // Out of range: refused, the value kept.
    let e = err_text(m.metric_set_verbosity(11));
    assert!(e.contains("verbosity 11") && e.contains("-1..=10"), "{e}");
    assert!(err_text(m.metric_set_verbosity(-2)).contains("verbosity -2"));
    assert!(err_text(m.metric_set_num_iterations(-1)).contains("iterations -1"));
    let e = err_text(m.metric_set_minimum_magnitude(0.0));
    assert!(e.contains("h_min 0") && e.contains("> 0"), "{e}");
    assert!(err_text(m.metric_set_maximum_magnitude(Real::NAN)).contains("h_max NaN"));
    assert!(err_text(m.metric_set_maximum_anisotropy(0.5)).contains(">= 1"));
    assert!(err_text(m.metric_set_target_complexity(-1.0)).contains("complexity -1"));
    assert!(err_text(m.metric_set_normalization_order(Real::INFINITY)).contains("finite"));
    assert!(err_text(m.metric_set_gradation_factor(-1.0)).contains("beta -1"));
    assert!(err_text(m.metric_set_hausdorff_number(0.0)).contains("hausd 0"));
    assert_eq!(m.metric_verbosity()?, 10);
    assert_eq!(m.metric_minimum_magnitude()?, 1e-3);
    assert_eq!(m.metric_target_complexity()?, 250.0);

    // The options database: given options are read, the others reset to defaults.
    let opts = petsc.options();
    opts.set_value("-dm_plex_metric_target_complexity", "77")?;
    opts.set_value("-dm_plex_metric_no_swap", "1")?;
    opts.set_value("-dm_plex_metric_verbosity", "4")?;
    m.metric_set_from_options()?;
    opts.clear_value("-dm_plex_metric_target_complexity")?;
    opts.clear_value("-dm_plex_metric_no_swap")?;
    opts.clear_value("-dm_plex_metric_verbosity")?;
    assert_eq!(m.metric_target_complexity()?, 77.0);
    assert!(m.metric_no_swapping()? && !m.metric_no_insertion()?);
    assert_eq!(m.metric_verbosity()?, 4);
    assert_eq!(m.metric_normalization_order()?, 1.0);
    assert!(!m.metric_is_uniform()?);
    Ok(())
}

/// Constant metrics against closed forms, on a distributed mesh of triangles.
fn metric_fields(petsc: &Petsc) -> petsc::Result<()> {
    let comm = petsc.world();
    let nranks = comm.size() as Int;
    let mut m = triangles(&comm, 4)?;
    let nv = m.depth_stratum(0)?.count() as Int;
    m.metric_set_target_complexity(200.0)?;

    // Anisotropic: dim * dim values per vertex.
    let mut m1 = m.metric_create()?;
    assert_eq!(m1.local_size()?, 4 * nv);
    assert!(all_equal(&m1, 0.0)?);
    let mut m2 = m1.duplicate()?;
    let mut m3 = m1.duplicate()?;
    fill_identity(&mut m1, 2.0)?;
    fill_identity(&mut m2, 5.0)?;
    fill_identity(&mut m3, 8.0)?;
    // a I is already positive-definite: unchanged, determinant a^2.
    let (spd, det) = m.metric_enforce_spd(&m1, false, false)?;
    assert!(is_identity(&spd, 2.0)?);
    assert_eq!(det.local_size()?, nv);
    assert!(all_equal(&det, 4.0)?);
    // Sizes restricted to h_max: eigenvalues at least 1 / h_max^2.
    m.metric_set_maximum_magnitude(0.25)?;
    let (spd, det) = m.metric_enforce_spd(&m1, true, false)?;
    assert!(is_identity(&spd, 16.0)?);
    assert!(all_equal(&det, 256.0)?);
    m.metric_set_maximum_magnitude(1e30)?;
    // A negative eigenvalue is reflected.
    let mut neg = m1.duplicate()?;
    fill_identity(&mut neg, -3.0)?;
    let (spd, det) = m.metric_enforce_spd(&neg, false, false)?;
    assert!(is_identity(&spd, 3.0)?);
    assert!(all_equal(&det, 9.0)?);
    assert!(is_identity(&m.metric_average2(&m1, &m2)?, 3.5)?);
    assert!(is_identity(&m.metric_average3(&m1, &m2, &m3)?, 5.0)?);
    assert!(is_identity(&m.metric_intersection2(&m1, &m2)?, 5.0)?);
    assert!(is_identity(&m.metric_intersection3(&m2, &m3, &m1)?, 8.0)?);
    // L-p normalization: a I becomes (N / |Ω|) I on the unit square, whatever a.
    for a in [2.0, 5.0] {
        let mut x = m1.duplicate()?;
        fill_identity(&mut x, a)?;
        let (n, det) = m.metric_normalize(&x, false, false)?;
        assert!(is_identity(&n, 200.0)?, "{:?}", values(&n)?);
        assert!(all_equal(&det, a * a)?);
    }

    // Isotropic: one value per vertex, copied from the indicator. A fresh mesh: PETSc
    // keeps the section laid out for the first metric.
    let mut m = triangles(&comm, 4)?;
    m.metric_set_target_complexity(200.0)?;
    m.metric_set_isotropic(true)?;
    let mut ind = m.metric_create()?;
    assert_eq!(ind.local_size()?, nv);
    ind.set(3.0)?;
    let iso = m.metric_create_isotropic(&ind)?;
    assert!(all_equal(&iso, 3.0)?);
    let (_, det) = m.metric_enforce_spd(&iso, false, false)?;
    assert!(all_equal(&det, 3.0)?);
    let mut iso2 = iso.duplicate()?;
    iso2.set(7.0)?;
    assert!(all_equal(&m.metric_average2(&iso, &iso2)?, 5.0)?);
    assert!(all_equal(&m.metric_intersection2(&iso, &iso2)?, 7.0)?);

    // Uniform: one entry on each rank.
    let u4 = m.metric_create_uniform(4.0)?;
    assert!(m.metric_is_uniform()?);
    assert_eq!((u4.local_size()?, u4.size()?), (1, nranks));
    assert!(all_equal(&u4, 4.0)?);
    let u2 = m.metric_create_uniform(2.0)?;
    let u9 = m.metric_create_uniform(9.0)?;
    let (spd, det) = m.metric_enforce_spd(&u4, false, false)?;
    assert!(all_equal(&spd, 4.0)? && all_equal(&det, 4.0)?);
    assert!(all_equal(&m.metric_average2(&u4, &u2)?, 3.0)?);
    assert!(all_equal(&m.metric_average3(&u4, &u2, &u9)?, 5.0)?);
    assert!(all_equal(&m.metric_intersection2(&u2, &u4)?, 4.0)?);
    assert!(all_equal(&m.metric_intersection3(&u2, &u9, &u4)?, 9.0)?);
    let one = m.metric_create_uniform(1.0)?;
    let (n, _) = m.metric_normalize(&one, false, false)?;
    assert!(all_equal(&n, 200.0)?, "{:?}", values(&n)?);
    let (det, dm_det) = m.metric_determinant_create()?;
    assert_eq!((det.local_size()?, det.size()?), (1, nranks));
    assert_eq!(dm_det.depth_stratum(0)?.count() as Int, nv);
    Ok(())
}

/// Bad metric input: `Err`s naming the fault, on every rank.
fn metric_bad_input(petsc: &Petsc) -> petsc::Result<()> {
    let comm = petsc.world();
    let mut m = triangles(&comm, 2)?;
    let good = m.metric_create()?;
    // A vector of another layout.
    let wrong = Vector::new_seq(&petsc.self_comm(), good.local_size()? + 1)?;
    let e = err_text(m.metric_enforce_spd(&wrong, false, false));
    assert!(e.contains("the metric has") && e.contains("entries"), "{e}");
    let e = err_text(m.metric_average2(&good, &wrong));
    assert!(e.contains("metric2"), "{e}");
    // An isotropic metric's layout: the anisotropic vector does not fit.
    let mut iso = triangles(&comm, 2)?;
    iso.metric_set_isotropic(true)?;
    let e = err_text(iso.metric_create_isotropic(&good));
    assert!(e.contains("the indicator has"), "{e}");
    // A uniform metric is a vector of one entry per rank.
    m.metric_set_uniform(true)?;
    let e = err_text(m.metric_intersection2(&good, &good));
    assert!(e.contains("uniform"), "{e}");
    assert!(err_text(m.metric_create_uniform(0.0)).contains("positive"));
    assert!(err_text(m.metric_create_uniform(Real::NAN)).contains("finite"));
    m.metric_set_isotropic(false)?;
    assert!(err_text(m.metric_create()).contains("isotropic"));

    // Quadrilaterals (all on the first rank, the others told): no P1 simplex field.
    let first = comm.rank() == 0;
    let mut q = Plex::box_mesh(&comm).dim(2).build()?;
    let e = err_text(q.metric_create());
    assert!(
        e.contains(if first {
            "quadrilateral"
        } else {
            "another rank"
        }),
        "{e}"
    );
    // A uniform metric needs no field, but its normalization does.
    let u = q.metric_create_uniform(1.0)?;
    let e = err_text(q.metric_normalize(&u, false, false));
    assert!(
        e.contains(if first { "triangles" } else { "another rank" }),
        "{e}"
    );
    // A mesh with another field.
    let mut two = triangles(&comm, 2)?;
    two.set_num_fields(2)?;
    assert!(err_text(two.metric_create()).contains("2 fields"));
    Ok(())
}

/// Mesh generation from a boundary: a mesh where this PETSc has a generator, else an
/// `Err` naming the dimension; names that are no generator and malformed boundaries
/// refused on every rank.
fn generate(petsc: &Petsc) -> petsc::Result<()> {
    let comm = petsc.world();
    let square = Plex::create_box_surface_mesh(&comm, 2, Some(&[2, 2]), None, None, true)?;
    let cube = Plex::create_box_surface_mesh(&comm, 3, Some(&[1, 1, 1]), None, None, true)?;
    for (boundary, dim, generators) in [
        (&square, 2, &["triangle"][..]),
        (&cube, 3, &["tetgen", "ctetgen"][..]),
    ] {
        let has = generators
            .iter()
            .map(|g| petsc.has_external_package(g))
            .collect::<petsc::Result<Vec<bool>>>()?
            .contains(&true);
        match Plex::generate(boundary, None, true) {
            Ok(mesh) => {
                assert!(has);
                assert_eq!(mesh.dimension()?, dim);
                assert!(comm.any(mesh.height_stratum(0)?.count() as Int > dim)?);
            }
            Err(e) => {
                assert!(!has, "{e}");
                let e = e.report();
                assert!(
                    e.contains(&format!("No grid generator of dimension {dim}")),
                    "{e}"
                );
            }
        }
        // Without this generator: PETSc's Err names it.
        if !petsc.has_external_package(generators[0])? {
            let e = err_text(Plex::generate(boundary, Some(generators[0]), true));
            assert!(
                e.contains(&format!("{} not registered", generators[0])),
                "{e}"
            );
        }
    }
    // A generator of the other dimension.
    let e = err_text(Plex::generate(&square, Some("tetgen"), true));
    assert!(
        e.contains("boundaries of dimension 2, and this boundary has dimension 1"),
        "{e}"
    );
    let e = err_text(Plex::generate(&cube, Some("triangle"), true));
    assert!(
        e.contains("boundaries of dimension 1, and this boundary has dimension 2"),
        "{e}"
    );
    // Names PETSc registers that generate nothing (adaptors), by argument or option.
    for g in ["mmg", "cellrefiner", "forest", ""] {
        let e = err_text(Plex::generate(&square, Some(g), true));
        assert!(e.contains("is not a mesh generator"), "{e}");
    }
    let mut prefixed = Plex::create_box_surface_mesh(&comm, 2, None, None, None, true)?;
    petsc::Object::set_options_prefix(&mut prefixed, "gen_")?;
    let opts = petsc.options();
    opts.set_value("-gen_dm_generator", "forest")?;
    let e = err_text(Plex::generate(&prefixed, Some("triangle"), true));
    opts.clear_value("-gen_dm_generator")?;
    assert!(e.contains("\"forest\" (option gen_-dm_generator)"), "{e}");
    opts.set_value("-gen_dm_plex_generate", "cellrefiner")?;
    let e = err_text(Plex::generate(&prefixed, None, true));
    opts.clear_value("-gen_dm_plex_generate")?;
    assert!(e.contains("cellrefiner"), "{e}");
    // Not boundaries: a filled square, a 3D box.
    let filled = Plex::box_mesh(&comm).dim(2).build()?;
    assert!(err_text(Plex::generate(&filled, None, true)).contains("dimension 2 and 2 coordinates"));
    let block = Plex::box_mesh(&comm).dim(3).build()?;
    assert!(err_text(Plex::generate(&block, None, true)).contains("dimension 3"));
    // The generators' switches are kept on the boundary.
    prefixed.set_triangle_options("pqezQYSAa0.05")?;
    prefixed.set_tetgen_options("pqezQ")?;
    assert!(err_text(prefixed.set_triangle_options("a\0b")).contains("NUL"));
    Ok(())
}

/// The Clément interpolant of the gradient of linear functions, exact at every vertex
/// (ghosts included), on a distributed mesh of triangles; bad layouts refused.
fn clement_gradient(petsc: &Petsc) -> petsc::Result<()> {
    use petsc::{CellKind, Fe, InsertMode};
    let comm = petsc.world();
    let mut m = triangles(&comm, 4)?;
    let nv = m.depth_stratum(0)?.count();
    // One P1 field with two components: u = (3x - 2y, x + 5y).
    m.add_field(
        None,
        &Fe::builder(&comm, 2, 2)
            .cell(CellKind::Simplex)
            .degree(1)
            .build()?,
    )?;
    m.create_ds()?;
    let mut u = m.create_global_vector()?;
    m.project_function(
        0.0,
        vec![Box::new(|_, _, p, u| {
            u[0] = Scalar::from(3.0 * p[0] - 2.0 * p[1]);
            u[1] = Scalar::from(p[0] + 5.0 * p[1]);
            Ok(())
        })],
        InsertMode::Insert,
        &mut u,
    )?;
    let mut loc_x = m.create_local_vector()?;
    m.global_to_local(&u, InsertMode::Insert, &mut loc_x)?;
    // Component c's gradient at c * 2: [du0/dx, du0/dy, du1/dx, du1/dy].
    let mut g = m.clone_dm()?;
    g.add_field(
        None,
        &Fe::builder(&comm, 2, 4)
            .cell(CellKind::Simplex)
            .degree(1)
            .build()?,
    )?;
    g.create_ds()?;
    let mut loc_c = g.create_local_vector()?;
    loc_c.set(Scalar::from(99.0))?;
    m.compute_gradient_clement_interpolant(&loc_x, &mut loc_c)?;
    let got = values(&loc_c)?;
    assert_eq!(got.len(), 4 * nv);
    for (v, d) in got.chunks(4).enumerate() {
        for (x, want) in d.iter().zip([3.0, -2.0, 1.0, 5.0]) {
            assert!(close(*x, want), "vertex {v}: {d:?}");
        }
    }

    // Bad layouts, each an Err on every rank.
    let e = err_text(m.compute_gradient_clement_interpolant(&loc_x, &mut loc_x.duplicate()?));
    assert!(e.contains("values in loc_c's mesh"), "{e}");
    let mut bare = Vector::new_seq(&petsc.self_comm(), 4 * nv as Int)?;
    let e = err_text(m.compute_gradient_clement_interpolant(&loc_x, &mut bare));
    assert!(e.contains("loc_c has no mesh"), "{e}");
    let short = Vector::new_seq(&petsc.self_comm(), 3)?;
    let e = err_text(m.compute_gradient_clement_interpolant(&short, &mut loc_c));
    assert!(e.contains("local entries"), "{e}");
    // A mesh without fields.
    let plain = triangles(&comm, 2)?;
    let e = err_text(plain.compute_gradient_clement_interpolant(&loc_x, &mut loc_c));
    assert!(e.contains("no field"), "{e}");
    Ok(())
}

/// Grid calls on a mesh's objects: assembly by grid point needs a DMDA's matrix, and a
/// DMDA's array view a vector of a DMDA; a mesh's matrix and vector (their DM a DMPlex)
/// are refused before PETSc reads the mesh as a grid (which it does unchecked outside
/// debugging builds).
fn grid_calls_on_mesh_objects(petsc: &Petsc) -> petsc::Result<()> {
    use petsc::{InsertMode, Stencil};
    let comm = petsc.world();
    let mut m = triangles(&comm, 2)?;
    m.set_local_section(&m.create_section(&[1, 0, 0])?)?;
    let mut a = m.create_matrix()?;
    let s = Stencil::new(0, 0, 0, 0);
    let e = err_text(a.set_values_stencil(&[s], &[s], &[Scalar::from(1.0)], InsertMode::Insert));
    assert!(e.contains("plex"), "{e}");
    let e = err_text(a.set_values_blocked_stencil(
        &[s],
        &[s],
        &[Scalar::from(1.0)],
        InsertMode::Insert,
    ));
    assert!(e.contains("plex"), "{e}");
    // A vector of the mesh, as long as the grid's on this rank.
    let v = m.create_global_vector()?;
    let n = v.local_size()?;
    let da = petsc::Da::grid(&petsc.self_comm()).sizes([n]).build()?;
    let e = err_text(da.view(&v).map(|_| ()));
    assert!(e.contains("not a DMDA"), "{e}");
    Ok(())
}

pub fn cases() -> Vec<Case> {
    vec![
        Case::new("grid_calls_on_mesh_objects", grid_calls_on_mesh_objects).ranks(&[1, 2]),
        Case::new("generate", generate).ranks(&[1, 2]),
        Case::new("clement_gradient", clement_gradient).ranks(&[1, 2, 3]),
        Case::new("metric_options", metric_options),
        Case::new("metric_fields", metric_fields).ranks(&[1, 2, 3]),
        Case::new("metric_bad_input", metric_bad_input).ranks(&[1, 2]),
    ]
}
