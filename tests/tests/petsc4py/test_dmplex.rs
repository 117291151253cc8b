//! petsc4py's `test_dmplex.py`, ported: meshes made from cell lists (1D segments, 2D
//! triangles, 3D tetrahedra, with several dof layouts) and tensor box meshes, each
//! through petsc4py's `BaseTestPlex` methods (topology, closures, adjacency, sections,
//! boundary labels, local submeshes, metrics, adaptation, natural ordering) on the world
//! communicator, and the Alfeld refinement of the 2D mesh. petsc4py's HDF5 view/load
//! cycles run only on 4 ranks.
//!
//! A mesh made from a cell list (`DMPlexCreateFromCellListPetsc`) or a box mesh lies
//! on rank 0 until distributed: on 2 ranks, rank 1 holds no points.

// Scalars become `Complex<f64>` to be compared in every build: the same type already
// in complex builds.
#![allow(clippy::useless_conversion)]

use petsc::{
    CellType, DmBase, DmDiscretization, DmLabel, Fe, Int, Plex, PlexFilter, PlexTransform,
    PlexTransformType, Real, Scalar, Vector,
};
use petsc_tests::Case;

const WORLD: &[usize] = &[1, 2];

/// One of petsc4py's `TestPlex_*` classes.
#[derive(Clone, Copy)]
struct Config {
    class: &'static str,
    dim: Int,
    /// The cell list and coordinates (`CELLS`, `COORDS`), or a tensor box mesh of
    /// `faces` (`CELLS = COORDS = None`).
    mesh: Mesh,
    /// Values per point of each depth (`DOFS`; one component).
    dofs: &'static [Int],
}

#[derive(Clone, Copy)]
enum Mesh {
    Cells(&'static [&'static [Int]], &'static [&'static [Real]]),
    BoxTensor(&'static [Int]),
}

const CELLS_1D: &[&[Int]] = &[&[0, 1], &[1, 2]];
const COORDS_1D: &[&[Real]] = &[&[0.0], &[0.5], &[1.0]];
const CELLS_2D: &[&[Int]] = &[
    &[0, 1, 3],
    &[1, 3, 4],
    &[1, 2, 4],
    &[2, 4, 5],
    &[3, 4, 6],
    &[4, 6, 7],
    &[4, 5, 7],
    &[5, 7, 8],
];
const COORDS_2D: &[&[Real]] = &[
    &[0.0, 0.0],
    &[0.5, 0.0],
    &[1.0, 0.0],
    &[0.0, 0.5],
    &[0.5, 0.5],
    &[1.0, 0.5],
    &[0.0, 1.0],
    &[0.5, 1.0],
    &[1.0, 1.0],
];
const CELLS_3D: &[&[Int]] = &[
    &[0, 2, 3, 7],
    &[0, 2, 6, 7],
    &[0, 4, 6, 7],
    &[0, 1, 3, 7],
    &[0, 1, 5, 7],
    &[0, 4, 5, 7],
];
const COORDS_3D: &[&[Real]] = &[
    &[0.0, 0.0, 0.0],
    &[1.0, 0.0, 0.0],
    &[0.0, 1.0, 0.0],
    &[1.0, 1.0, 0.0],
    &[0.0, 0.0, 1.0],
    &[1.0, 0.0, 1.0],
    &[0.0, 1.0, 1.0],
    &[1.0, 1.0, 1.0],
];

const CLASSES: &[Config] = &[
    Config {
        class: "TestPlex_1D",
        dim: 1,
        mesh: Mesh::Cells(CELLS_1D, COORDS_1D),
        dofs: &[1, 0],
    },
    Config {
        class: "TestPlex_2D",
        dim: 2,
        mesh: Mesh::Cells(CELLS_2D, COORDS_2D),
        dofs: &[1, 0, 0],
    },
    Config {
        class: "TestPlex_3D",
        dim: 3,
        mesh: Mesh::Cells(CELLS_3D, COORDS_3D),
        dofs: &[1, 0, 0, 0],
    },
    Config {
        class: "TestPlex_2D_P3",
        dim: 2,
        mesh: Mesh::Cells(CELLS_2D, COORDS_2D),
        dofs: &[1, 2, 1],
    },
    Config {
        class: "TestPlex_3D_P3",
        dim: 3,
        mesh: Mesh::Cells(CELLS_3D, COORDS_3D),
        dofs: &[1, 2, 1, 0],
    },
    Config {
        class: "TestPlex_3D_P4",
        dim: 3,
        mesh: Mesh::Cells(CELLS_3D, COORDS_3D),
        dofs: &[1, 3, 3, 1],
    },
    Config {
        class: "TestPlex_2D_BoxTensor",
        dim: 2,
        mesh: Mesh::BoxTensor(&[3, 3]),
        dofs: &[1, 0, 0],
    },
    Config {
        class: "TestPlex_3D_BoxTensor",
        dim: 3,
        mesh: Mesh::BoxTensor(&[3, 3, 3]),
        dofs: &[1, 0, 0, 0],
    },
];

type Body = fn(&petsc::Petsc, &Config) -> petsc::Result<()>;

const METHODS: &[(&str, Body)] = &[
    ("testTopology", topology),
    ("testClosure", closure),
    ("testAdjacency", adjacency),
    ("testSectionDofs", section_dofs),
    ("testSectionClosure", section_closure),
    ("testBoundaryLabel", boundary_label),
    ("testLocalSubmesh", local_submesh),
    ("testMetric", metric),
    ("testAdapt", adapt),
    ("testNatural", natural),
];

/// petsc4py's HDF5 classes; each runs `testViewLoadCycle` on 4 ranks only.
const HDF5_CLASSES: &[&str] = &[
    "TestPlexHDF5PETSCSimpleHomogeneous",
    "TestPlexHDF5PETSCParmetisHomogeneous",
    "TestPlexHDF5XDMFSimpleHomogeneous",
    "TestPlexHDF5XDMFParmetisHomogeneous",
    "TestPlexHDF5PETSCSimpleHeterogeneous",
    "TestPlexHDF5PETSCParmetisHeterogeneous",
    "TestPlexHDF5XDMFSimpleHeterogeneous",
    "TestPlexHDF5XDMFPTScotchHeterogeneous",
    "TestPlexHDF5XDMFParmetisHeterogeneous",
];

pub fn cases() -> Vec<Case> {
    let mut cases = Vec::new();
    for cfg in CLASSES {
        for &(method, body) in METHODS {
            let cfg = *cfg;
            let name = format!("{}::{method}", cfg.class);
            let case = Case::with(name, move |p| body(p, &cfg)).ranks(WORLD);
            cases.push(match method {
                "testLocalSubmesh" => case.requires(cfg!(petsc_3_25), "PETSc 3.25"),
                _ => case,
            });
        }
        if cfg.class == "TestPlex_2D" {
            let cfg = *cfg;
            cases.push(
                Case::with("TestPlex_2D::testTransform", move |p| transform(p, &cfg)).ranks(WORLD),
            );
        }
    }
    for class in HDF5_CLASSES {
        cases.push(Case::skipped_by_petsc4py(
            format!("{class}::testViewLoadCycle"),
            "runs on exactly 4 ranks (check_nsize); these runs have 1 and 2",
        ));
    }
    cases
}

/// The class's mesh on the world communicator (`setUp`).
fn mesh(petsc: &petsc::Petsc, cfg: &Config) -> petsc::Result<Plex> {
    let world = petsc.world();
    match cfg.mesh {
        Mesh::Cells(cells, coords) => {
            let corners = cells[0].len() as Int;
            let flat: Vec<Int> = cells.iter().flat_map(|c| c.iter().copied()).collect();
            let xs: Vec<Real> = coords.iter().flat_map(|c| c.iter().copied()).collect();
            Plex::from_cell_list(&world, cfg.dim, corners, &flat, cfg.dim, &xs, true)
        }
        Mesh::BoxTensor(faces) => Plex::box_mesh(&world)
            .dim((cfg.dim) as usize)
            .sizes(faces)
            .build(),
    }
}

/// The number of points in a range of points.
fn count(r: &std::ops::Range<Int>) -> usize {
    (r.end - r.start).max(0) as usize
}

fn re(x: Scalar) -> Real {
    petsc::Complex::<f64>::from(x).re as Real
}

fn topology(petsc: &petsc::Petsc, cfg: &Config) -> petsc::Result<()> {
    let plex = mesh(petsc, cfg)?;
    let rank = petsc.world().rank();
    let dim = plex.dimension()?;
    let cells = plex.height_stratum(0)?;
    let vertices = plex.depth_stratum(0)?;
    let num_depths = plex.label_size("depth")?;
    let coords: Vec<Real> = plex.coordinates()?.view()?.iter().map(|x| re(*x)).collect();
    assert_eq!(coords.len(), count(&vertices) * dim as usize);
    assert_eq!(dim, cfg.dim);
    assert_eq!(num_depths, cfg.dim + 1);
    if let (0, Mesh::Cells(cell_list, coord_list)) = (rank, cfg.mesh) {
        assert_eq!(count(&cells), cell_list.len());
        assert_eq!(count(&vertices), coord_list.len());
        let want: Vec<Real> = coord_list.iter().flat_map(|c| c.iter().copied()).collect();
        assert_eq!(coords, want);
    }
    Ok(())
}

fn closure(petsc: &petsc::Petsc, cfg: &Config) -> petsc::Result<()> {
    let plex = mesh(petsc, cfg)?;
    for p in plex.chart()? {
        let closure: Vec<Int> = plex
            .transitive_closure(p, true)?
            .into_iter()
            .map(|c| c.0)
            .collect();
        for &c in &closure {
            let cone = plex.cone(c)?;
            assert_eq!(plex.cone_size(c)?, cone.len() as Int);
            assert!(cone.iter().all(|i| closure.contains(i)));
        }
        let star: Vec<Int> = plex
            .transitive_closure(p, false)?
            .into_iter()
            .map(|c| c.0)
            .collect();
        for &s in &star {
            let support = plex.support(s)?;
            assert_eq!(plex.support_size(s)?, support.len() as Int);
            assert!(support.iter().all(|i| star.contains(i)));
        }
    }
    Ok(())
}

fn adjacency(petsc: &petsc::Petsc, cfg: &Config) -> petsc::Result<()> {
    let mut plex = mesh(petsc, cfg)?;
    plex.set_adjacency_use_anchors(false)?;
    assert!(!plex.adjacency_use_anchors()?);
    plex.set_adjacency_use_anchors(true)?;
    assert!(plex.adjacency_use_anchors()?);
    plex.set_basic_adjacency(false, false)?;
    assert_eq!(plex.basic_adjacency()?, (false, false));
    plex.set_basic_adjacency(true, true)?;
    assert_eq!(plex.basic_adjacency()?, (true, true));
    for p in plex.chart()? {
        let adjacency = plex.adjacency(p)?;
        assert!(adjacency.contains(&p));
        assert!(adjacency.len() > 1);
    }
    Ok(())
}

fn section_dofs(petsc: &petsc::Petsc, cfg: &Config) -> petsc::Result<()> {
    let mut plex = mesh(petsc, cfg)?;
    plex.set_num_fields(1)?;
    let section = plex.create_field_section(&[1], cfg.dofs)?;
    let size = section.storage_size()?;
    let mut entity_dofs = 0;
    for d in 0..=cfg.dim {
        entity_dofs += plex.stratum_size("depth", d)? * cfg.dofs[d as usize];
    }
    assert_eq!(entity_dofs, size);
    Ok(())
}

fn section_closure(petsc: &petsc::Petsc, cfg: &Config) -> petsc::Result<()> {
    let mut plex = mesh(petsc, cfg)?;
    // petsc4py's mesh has no field here: the section has none, and no values.
    let section = plex.create_field_section(&[1], cfg.dofs)?;
    plex.set_local_section(&section)?;
    let mut vec: Vector = plex.create_local_vector()?;
    let chart = plex.chart()?;
    {
        let mut values = vec.view_mut()?;
        for p in chart.clone() {
            let off = section.offset(p)?;
            for i in 0..section.dof(p)? {
                values[(off + i) as usize] = Scalar::from(p as f64);
            }
        }
    }
    for p in chart {
        let point_closure: Vec<Int> = plex
            .transitive_closure(p, true)?
            .into_iter()
            .map(|c| c.0)
            .collect();
        for v in plex.vec_get_closure(Some(&section), &vec, p)? {
            assert!(point_closure.contains(&(re(v) as Int)));
        }
    }
    Ok(())
}

fn boundary_label(petsc: &petsc::Petsc, cfg: &Config) -> petsc::Result<()> {
    let mut plex = mesh(petsc, cfg)?;
    let chart = plex.chart()?;
    if chart.is_empty() {
        return Ok(());
    }
    assert!(!plex.has_label("boundary")?);
    // petsc4py's markBoundaryFaces('boundary'): the label made, PETSC_DETERMINE.
    plex.create_label("boundary")?;
    let mut label: DmLabel = plex.label("boundary")?.expect("the label just made");
    plex.mark_boundary_faces(-1, &mut label)?;
    assert!(plex.has_label("boundary")?);
    let faces = plex.stratum_is("boundary", 1)?.expect("boundary faces");
    for &f in faces.indices()?.iter() {
        for (p, _) in plex.transitive_closure(f, true)? {
            plex.set_label_value("boundary", p, 1)?;
        }
    }
    for p in chart.clone() {
        if plex.label_value("boundary", p)? != 1 {
            plex.set_label_value("boundary", p, 2)?;
        }
    }
    let n = chart.end - chart.start;
    let boundary = plex.stratum_size("boundary", 1)?;
    let interior = plex.stratum_size("boundary", 2)?;
    assert_ne!(boundary, n);
    assert_ne!(interior, n);
    assert_eq!(boundary + interior, n);
    Ok(())
}

/// Each rank's part of the refined mesh, distributed with overlap 0, 1 and 2, as a
/// sequential mesh: without the halo its cells are the rank's own (numbered cells), with
/// it every cell the rank holds.
fn local_submesh(petsc: &petsc::Petsc, cfg: &Config) -> petsc::Result<()> {
    let base = mesh(petsc, cfg)?;
    let own = petsc.self_comm();
    for overlap in [0, 1, 2] {
        let mut refined = base.refine()?;
        if cfg!(petsc_int64) {
            refined.set_partitioner_type("simple")?;
        }
        let plex = match refined.distribute(overlap)? {
            Some((parallel, _)) => parallel,
            None => refined,
        };
        let global = plex.cell_numbering()?;
        let owned = global.indices()?.iter().filter(|&&i| i > -1).count();
        for ignore_halo in [true, false] {
            let how = PlexFilter {
                ignore_halo,
                comm: Some(&own),
                ..Default::default()
            };
            let (local, _) = plex.filter_with(how)?;
            let numbering = local.cell_numbering()?;
            let want = if ignore_halo {
                owned
            } else {
                global.local_size()? as usize
            };
            assert_eq!(
                numbering.local_size()? as usize,
                want,
                "{} overlap {overlap}",
                cfg.class
            );
        }
    }
    Ok(())
}

fn close(a: Real, b: Real) -> bool {
    (a - b).abs() <= 1e-8 + 1e-5 * b.abs()
}

/// The entries of `a` and `b` agree (numpy's `allclose`).
fn allclose(a: &Vector, b: &Vector) -> petsc::Result<bool> {
    let (a, b) = (a.view()?, b.view()?);
    Ok(a.len() == b.len()
        && a.iter().zip(b.iter()).all(|(x, y)| {
            let d = petsc::Complex::<f64>::from(*x - *y).norm();
            d <= 1e-8 + 1e-5 * petsc::Complex::<f64>::from(*y).norm()
        }))
}

/// `self.plex.distribute()`: the mesh replaced by its distribution, if one was made.
fn distributed(mut plex: Plex) -> petsc::Result<Plex> {
    // Debian's PETSc of 64-bit indices partitions with a PT-Scotch of 32-bit integers by
    // default, which PETSc would hand arrays it reads wrongly (the crate refuses it):
    // the simple partitioner there, as the crate's other mesh tests do.
    if cfg!(petsc_int64) {
        plex.set_partitioner_type("simple")?;
    }
    Ok(match plex.distribute(0)? {
        Some((parallel, _)) => parallel,
        None => plex,
    })
}

fn metric(petsc: &petsc::Petsc, cfg: &Config) -> petsc::Result<()> {
    if cfg.dim == 1 {
        return Ok(());
    }
    let mut plex = distributed(mesh(petsc, cfg)?)?;
    if matches!(cfg.mesh, Mesh::BoxTensor(_)) && !plex.is_simplex()? {
        return Ok(());
    }
    plex.orient()?;
    let (h_min, h_max, a_max, target, p, beta, hausd) =
        (1.0e-30, 1.0e30, 1.0e10, 8.0, 1.0, 1.3, 0.01);
    plex.metric_set_uniform(false)?;
    plex.metric_set_isotropic(false)?;
    plex.metric_set_restrict_anisotropy_first(false)?;
    plex.metric_set_no_insertion(false)?;
    plex.metric_set_no_swapping(false)?;
    plex.metric_set_no_movement(false)?;
    plex.metric_set_no_surf(false)?;
    plex.metric_set_verbosity(-1)?;
    plex.metric_set_num_iterations(3)?;
    plex.metric_set_minimum_magnitude(h_min)?;
    plex.metric_set_maximum_magnitude(h_max)?;
    plex.metric_set_maximum_anisotropy(a_max)?;
    plex.metric_set_target_complexity(target)?;
    plex.metric_set_normalization_order(p)?;
    plex.metric_set_gradation_factor(beta)?;
    plex.metric_set_hausdorff_number(hausd)?;

    assert!(!plex.metric_is_uniform()?);
    assert!(!plex.metric_is_isotropic()?);
    assert!(!plex.metric_restrict_anisotropy_first()?);
    assert!(!plex.metric_no_insertion()?);
    assert!(!plex.metric_no_swapping()?);
    assert!(!plex.metric_no_movement()?);
    assert!(!plex.metric_no_surf()?);
    assert_eq!(plex.metric_verbosity()?, -1);
    assert_eq!(plex.metric_num_iterations()?, 3);
    assert!(close(plex.metric_minimum_magnitude()?, h_min));
    assert!(close(plex.metric_maximum_magnitude()?, h_max));
    assert!(close(plex.metric_maximum_anisotropy()?, a_max));
    assert!(close(plex.metric_target_complexity()?, target));
    assert!(close(plex.metric_normalization_order()?, p));
    assert!(close(plex.metric_gradation_factor()?, beta));
    assert!(close(plex.metric_hausdorff_number()?, hausd));

    let mut metric1 = plex.metric_create_uniform(0.5)?;
    let mut metric2 = plex.metric_create_uniform(1.0)?;
    let _empty = plex.metric_create()?;
    let _det = plex.metric_determinant_create()?;
    let metric = plex.metric_average2(&metric1, &metric2)?;
    metric1.scale(1.5)?;
    assert!(allclose(&metric, &metric1)?);
    let metric = plex.metric_intersection2(&metric1, &metric2)?;
    assert!(allclose(&metric, &metric2)?);
    let (metric1, _) = plex.metric_enforce_spd(&metric, false, false)?;
    assert!(allclose(&metric, &metric1)?);
    let (metric1, _) = plex.metric_normalize(&metric, false, false)?;
    metric2.scale(target.powf(2.0 / cfg.dim as Real))?;
    assert!(allclose(&metric1, &metric2)?);
    Ok(())
}

fn adapt(petsc: &petsc::Petsc, cfg: &Config) -> petsc::Result<()> {
    if cfg.dim == 1 {
        return Ok(());
    }
    let mut base = mesh(petsc, cfg)?;
    base.orient()?;
    let mut plex = distributed(base.refine()?)?;
    if matches!(cfg.mesh, Mesh::BoxTensor(_)) && !plex.is_simplex()? {
        return Ok(());
    }
    if cfg.dofs.iter().sum::<Int>() > 1 {
        return Ok(());
    }
    let metric = plex.metric_create_uniform(9.0)?;
    match plex.adapt_metric(&metric, None, None) {
        Ok(_) => {}
        // petsc4py accepts an out-of-range failure of the remesher.
        Err(e) if e.error_code() == Some(petsc::ErrorCode::ArgOutOfRange) => {}
        Err(e) => return Err(e),
    }
    Ok(())
}

fn natural(petsc: &petsc::Petsc, cfg: &Config) -> petsc::Result<()> {
    let mut plex = mesh(petsc, cfg)?;
    let dim = plex.dimension()?;
    // `getCellType(0)` is local, the element made from it collective: the ranks go on
    // together only if each has cell 0. On 2 ranks the undistributed mesh is all on
    // rank 0, and PETSc fails on rank 1 (3.18 with an error there, later versions reading
    // past an empty array; C fails the same): an Err on every rank here, not a hang.
    let ct = plex.cell_type(0);
    if !petsc.world().all(ct.is_ok())? {
        assert!(petsc.world().size() > 1);
        if let Err(e) = ct {
            assert!(plex.chart()?.is_empty());
            assert!(e.report().contains("chart"), "{e}");
        }
        return Ok(());
    }
    let ct: CellType = ct?;
    let fe = Fe::builder(&petsc.world(), dim, 1).cell_type(ct).build()?;
    plex.set_field(0, None, &fe)?;
    plex.create_ds()?;
    plex.set_use_natural(true)?;
    let plex = distributed(plex)?;
    let mut gv = plex.create_global_vector()?;
    let mut nv = plex.create_natural_vector()?;
    plex.global_to_natural(&gv, &mut nv)?;
    plex.natural_to_global(&nv, &mut gv)?;
    Ok(())
}

fn transform(petsc: &petsc::Petsc, cfg: &Config) -> petsc::Result<()> {
    let plex = mesh(petsc, cfg)?;
    let cells = plex.height_stratum(0)?;
    let mut tr = PlexTransform::new(&plex)?;
    tr.set_type(PlexTransformType::RefineAlfeld)?;
    tr.set_dm(&plex)?;
    tr.set_up()?;
    let newplex = tr.apply(&plex)?;
    assert_eq!(count(&newplex.height_stratum(0)?), 3 * count(&cells));
    Ok(())
}
