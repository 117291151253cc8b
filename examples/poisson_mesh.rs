//! Poisson on an unstructured mesh: `-Laplace(u) = f` on a mesh read from a Gmsh file,
//! distributed over the ranks, discretized by Lagrange finite elements (DMPlex with
//! PetscFE), solved by SNES on refined copies of the mesh, and checked against a
//! manufactured solution: the L2 error must fall at the order of the elements.
//!
//! ```text
//! mpiexec -n 4 target/release/examples/poisson_mesh [--mesh FILE.msh] [--degree 1] \
//!     [--levels 4] [--vtk u.vtu] [--hdf5 u.h5] [--plot u.png] \
//!     [-dm_view] [-vec_view] [-snes_monitor] [-ksp_type cg -pc_type gamg] [-log_view]
//! ```
//!
//! **Mesh.** `--mesh` names a Gmsh file (any file `DMPlexCreateFromFile` reads); by
//! default PETSc's own `share/petsc/datafiles/meshes/square.msh`, an unstructured
//! triangulation of the unit square. It is read, spread over the ranks
//! (`DMPlexDistribute`, PETSc's partitioner; `-petscpartitioner_type` chooses), and its
//! boundary faces are marked. Level 0 is the mesh as read; each further level refines
//! every cell of the one before into `2^dim` (`DMRefine`), so the cell size halves.
//!
//! **Problem.** The manufactured solution `u = sin(pi x) sin(pi y)` (times `sin(pi z)` in
//! 3D), so `f = dim pi^2 u`, with `u` itself as the Dirichlet value on the whole
//! boundary (whatever the domain's shape). The weak form `∫ grad u · grad v = ∫ f v` is
//! given to PETSc as pointwise functions (`f0 = -f`, `f1 = grad u`, `g3 = I`), which
//! PETSc integrates cell by cell with `P_k` elements on simplices or `Q_k` on
//! quadrilaterals and hexahedra (`--degree k`).
//!
//! **Check.** On each level: cells, unknowns, Krylov iterations, the L2 error
//! `||u_h - u||` (`DMComputeL2Diff`) and the observed order `log2(e_(l-1) / e_l)`. The
//! order on the finest pair of levels must be within 0.3 of `k + 1`, the order of the
//! L2 error of smooth solutions; otherwise the program fails. The linear solver runs to
//! a relative tolerance of `1e-12` (`-ksp_rtol` changes it) so that the error is the
//! discretization's. The numbers do not depend on the number of ranks.
//!
//! **Output** of the finest level: `--vtk FILE.vtu` writes the solution and its error
//! (the difference from the interpolant of `u`) for ParaView or VisIt; `--hdf5 FILE.h5`
//! writes the mesh and the solution in PETSc's HDF5 layout for XDMF and then runs
//! PETSc's `petsc_gen_xdmf.py` (when Python has `h5py`) to write `FILE.xmf` beside it,
//! the file ParaView opens; `--plot FILE.png` draws the solution on the mesh (2D meshes)
//! with a colour bar; `-dm_view` and `-vec_view` take PETSc's viewer options as in C
//! (`-dm_view vtk:mesh.vtu`, `-vec_view hdf5:u.h5`, ...).

use std::f64::consts::PI;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use petsc::mpi::collective::SystemOperation;
use petsc::mpi::traits::*;
use petsc::{
    no_term, CellKind, CellType, DmBase, Fe, FileMode, Hdf5Viewer, InsertMode, Int, Object, Petsc,
    Plex, QuadPoint, Real, Scalar, Snes, Vector, Viewer, ViewerFormat,
};
use petsc_examples::{check_failed, plot, println0, real, require, scalar, Flags, PETSC_DIR};

fn main() -> ExitCode {
    petsc::main(body)
}

/// The manufactured solution at `x` (2 or 3 coordinates).
fn exact(x: &[Real]) -> Real {
    x.iter().map(|&c| (PI * c).sin()).product()
}

// The weak form: ∫ grad u · grad v - f v = 0, so f0 = -f, f1 = grad u, g3 = I.

fn f0(q: &QuadPoint, f0: &mut [Scalar]) {
    let x = q.x();
    f0[0] = scalar(-(x.len() as f64) * PI * PI * exact(x));
}

fn f1(q: &QuadPoint, f1: &mut [Scalar]) {
    f1.copy_from_slice(q.u_x(0));
}

fn g3(q: &QuadPoint, g3: &mut [Scalar]) {
    let d = q.dim();
    for i in 0..d {
        g3[i * d + i] = scalar(1.0);
    }
}

fn exact_closure() -> Box<petsc::PointValueFn> {
    Box::new(|_, _, x, u| {
        u[0] = scalar(exact(x));
        Ok(())
    })
}

/// One solved level.
struct Level {
    cells: u64,
    unknowns: Int,
    iterations: Int,
    error: f64,
}

/// The mesh file given, or PETSc's `square.msh`.
fn default_mesh() -> PathBuf {
    Path::new(PETSC_DIR).join("share/petsc/datafiles/meshes/square.msh")
}

/// Reads and distributes the mesh, and marks its boundary faces 1 in "boundary".
fn read_mesh(petsc: &Petsc, path: &Path) -> petsc::Result<Plex> {
    let world = petsc.world();
    let text = path.to_string_lossy();
    let mut mesh = Plex::from_file(&world, &text, "", true)?;
    if cfg!(petsc_int64) {
        // PETSc's graph partitioners (ParMETIS, PT-Scotch) are built for 32-bit
        // indices; the 64-bit build spreads cells in contiguous blocks.
        mesh.set_partitioner_type("simple")?;
    }
    mesh.set_name("mesh")?;
    let mut mesh = match mesh.distribute(0)? {
        Some((m, _)) => m,
        None => mesh,
    };
    mesh.set_name("mesh")?;
    mesh.create_label("boundary")?;
    let mut label = mesh.label("boundary")?.expect("created above");
    mesh.mark_boundary_faces(1, &mut label)?;
    Ok(mesh)
}

/// Sets up the finite element problem on `mesh` and solves it; returns the level's
/// figures and the solution (a global vector of `mesh`).
fn solve(
    petsc: &Petsc,
    mesh: &mut Plex,
    degree: Int,
    simplex: bool,
) -> petsc::Result<(Level, Vector)> {
    let world = petsc.world();
    let dim = mesh.dimension()?;
    let fe = Fe::builder(&world, dim, 1)
        .cell(if simplex {
            CellKind::Simplex
        } else {
            CellKind::Tensor
        })
        .degree(degree)
        .build()?;
    mesh.add_field(None, &fe)?;
    mesh.create_ds()?;
    let mut ds = mesh.ds()?;
    ds.set_residual::<0>(f0, f1)?;
    ds.set_jacobian::<0, 0>(no_term, no_term, no_term, g3)?;
    let label = mesh.label("boundary")?.expect("marked by read_mesh");
    mesh.add_boundary_essential("wall", &label, &[1], 0, &[], |_, _, x, u| {
        u[0] = scalar(exact(x));
        Ok(())
    })?;
    mesh.set_snes_local_fem()?;

    let mut snes = Snes::new(&world)?;
    snes.set_dm(&*mesh)?;
    snes.ksp()?.set_tolerances(petsc::KspTolerances {
        rtol: Some(1e-12),
        atol: Some(1e-50),
        ..Default::default()
    })?;
    snes.set_from_options()?;
    let mut u = mesh.create_global_vector()?;
    u.set_name("u")?;
    let reason = snes.solve(None, &mut u)?;
    if !reason.is_converged() {
        return Err(check_failed(format!(
            "the solver did not converge: {reason:?}"
        )));
    }
    let error = mesh.compute_l2_diff(0.0, vec![exact_closure()], &u)?;
    let owned = mesh.height_stratum(0)?;
    let mine = (owned.end - owned.start) as u64;
    let mut cells = 0u64;
    petsc
        .mpi_world()
        .all_reduce_into(&mine, &mut cells, SystemOperation::sum());
    let level = Level {
        cells,
        unknowns: u.size()?,
        iterations: snes.linear_iterations()?,
        error,
    };
    Ok((level, u))
}

fn body(petsc: &Petsc) -> petsc::Result<()> {
    let mut flags = Flags::from_env(
        "poisson_mesh",
        "Poisson's equation on an unstructured mesh from a Gmsh file by finite elements \
         (DMPlex, PetscFE), on refined copies of the mesh, checked against a manufactured \
         solution and the elements' order of convergence",
    );
    let mesh_path: String = flags.value(
        "mesh",
        default_mesh().display().to_string(),
        "the mesh file (Gmsh .msh, or any format DMPlexCreateFromFile reads)",
    )?;
    let degree: Int = flags.value("degree", 1, "polynomial degree of the elements (1 to 4)")?;
    let levels: usize = flags.value(
        "levels",
        4,
        "uniform refinements after the mesh as read (0 to 8; the order needs 2 or more)",
    )?;
    let vtk: Option<String> = flags.optional(
        "vtk",
        "write the finest solution and its error to this .vtu file",
    )?;
    let hdf5: Option<String> = flags.optional(
        "hdf5",
        "write the finest mesh and solution to this HDF5 file (and its .xmf for XDMF)",
    )?;
    let plot: Option<PathBuf> = flags.optional(
        "plot",
        "draw the finest solution on the mesh as a PNG picture (2D)",
    )?;
    flags.finish()?;
    if let Some(path) = &plot {
        plot::check_png("plot", path)?;
    }

    let mesh_path = PathBuf::from(mesh_path);
    require(mesh_path.is_file(), || {
        format!("there is no mesh file '{}' (--mesh)", mesh_path.display())
    })?;
    require((1..=4).contains(&degree), || {
        format!("--degree must be 1 to 4, got {degree}")
    })?;
    require(levels <= 8, || {
        format!("--levels must be at most 8 (each level has 4 or 8 times the cells), got {levels}")
    })?;

    let world = petsc.world();
    let mut mesh = read_mesh(petsc, &mesh_path)?;
    mesh.view_from_options(None, "-dm_view")?;
    let dim = mesh.dimension()?;
    require(dim == 2 || dim == 3, || {
        format!("the mesh is {dim}-dimensional; this program solves in 2D and 3D")
    })?;
    require(plot.is_none() || dim == 2, || {
        "--plot draws 2D meshes; write --vtk or --hdf5 for ParaView instead".into()
    })?;
    // One finite element space needs one kind of cell: simplices (P_k) or
    // quadrilaterals/hexahedra (Q_k).
    let (mut simplices, mut tensor, mut other) = (false, false, None);
    for cell in mesh.height_stratum(0)? {
        match mesh.cell_type(cell)? {
            t if t.is_simplex() => simplices = true,
            CellType::Quadrilateral | CellType::Hexahedron => tensor = true,
            t => other = Some(t),
        }
    }
    require(!world.any(other.is_some())?, || {
        let what = other.map_or("cells".to_string(), |t| format!("{t} cells"));
        format!("the mesh has {what}; this program takes simplices, quadrilaterals or hexahedra")
    })?;
    let (simplices, tensor) = (world.any(simplices)?, world.any(tensor)?);
    require(!(simplices && tensor), || {
        "the mesh mixes simplices with quadrilaterals or hexahedra; one finite element \
         space needs one kind of cell"
            .into()
    })?;
    let simplex = simplices;
    println0!(
        world,
        "mesh {} ({}D, {}), {} ranks, {} elements of degree {degree}",
        mesh_path.display(),
        dim,
        if simplex { "simplices" } else { "tensor cells" },
        world.size(),
        if simplex { "P" } else { "Q" }
    )?;
    println0!(
        world,
        "{:>5} {:>9} {:>10} {:>6} {:>14} {:>7}",
        "level",
        "cells",
        "unknowns",
        "its",
        "L2 error",
        "order"
    )?;

    let mut errors = Vec::new();
    let mut finest = None;
    for level in 0..=levels {
        let next = if level < levels {
            Some(mesh.refine()?)
        } else {
            None
        };
        let (l, u) = solve(petsc, &mut mesh, degree, simplex)?;
        let order = errors
            .last()
            .map(|&e: &f64| format!("{:7.3}", (e / l.error).log2()))
            .unwrap_or_else(|| format!("{:>7}", "-"));
        println0!(
            world,
            "{:>5} {:>9} {:>10} {:>6} {:>14.6e} {order}",
            level,
            l.cells,
            l.unknowns,
            l.iterations,
            l.error
        )?;
        errors.push(l.error);
        match next {
            Some(n) => mesh = n,
            None => finest = Some(u),
        }
    }
    let u = finest.expect("the last level keeps its solution");

    let expected = (degree + 1) as f64;
    if let [.., a, b] = errors[..] {
        let order = (a / b).log2();
        println0!(
            world,
            "observed order {order:.3}, expected {expected} (degree {degree} + 1)"
        )?;
        if (order - expected).abs() > 0.3 {
            return Err(check_failed(format!(
                "the observed order {order:.3} is not within 0.3 of {expected}"
            )));
        }
    } else {
        println0!(world, "one level: no order to check (--levels 2 or more)")?;
    }

    u.view_from_options(None, "-vec_view")?;
    if let Some(path) = &vtk {
        write_vtk(&mesh, &u, path)?;
        println0!(world, "wrote {path} (fields u and error)")?;
    }
    if let Some(path) = &hdf5 {
        write_hdf5(petsc, &mesh, &u, path)?;
    }
    if let Some(path) = &plot {
        let triangles = gather_triangles(petsc, &mesh, &u)?;
        plot::on_rank0(petsc, || draw(&triangles, path))?;
        println0!(world, "wrote {}", path.display())?;
    }
    Ok(())
}

/// The solution and its difference from the interpolant of the exact solution, as a
/// VTK unstructured-grid file.
fn write_vtk(mesh: &Plex, u: &Vector, path: &str) -> petsc::Result<()> {
    let mut interpolant = mesh.create_global_vector()?;
    mesh.project_function(
        0.0,
        vec![exact_closure()],
        InsertMode::Insert,
        &mut interpolant,
    )?;
    let mut error = u.duplicate()?;
    error.copy_from(u)?;
    error.axpy(scalar(-1.0), &interpolant)?;
    error.set_name("error")?;
    let vtk = Viewer::new_vtk(&mesh.comm(), path, FileMode::Write)?;
    u.view_with(&vtk)?;
    error.view_with(&vtk)?;
    Ok(())
}

/// The mesh and the solution in PETSc's HDF5 layout for XDMF, and the `.xmf` file that
/// PETSc's script writes from it.
fn write_hdf5(petsc: &Petsc, mesh: &Plex, u: &Vector, path: &str) -> petsc::Result<()> {
    let world = petsc.world();
    {
        let h5 = Hdf5Viewer::new(&world, path, FileMode::Write)?;
        let _xdmf = h5.push_format(ViewerFormat::Hdf5Xdmf)?;
        mesh.view_with(&h5)?;
        let _viz = h5.push_format(ViewerFormat::Hdf5Viz)?;
        u.view_with(&h5)?;
    }
    println0!(world, "wrote {path} (mesh and u)")?;
    let script = Path::new(PETSC_DIR).join("lib/petsc/bin/petsc_gen_xdmf.py");
    let mut note = String::new();
    if world.rank() == 0 {
        // Debian's Python has h5py from python3-h5py; another python3 first on the
        // PATH may not.
        let python = ["/usr/bin/python3", "python3"].into_iter().find(|p| {
            std::process::Command::new(p)
                .args(["-c", "import h5py"])
                .output()
                .is_ok_and(|o| o.status.success())
        });
        note = match python {
            None => "no .xmf file: no Python with h5py for PETSc's petsc_gen_xdmf.py \
                     (Debian: python3-h5py)"
                .to_string(),
            Some(python) => match std::process::Command::new(python)
                .arg(&script)
                .arg(path)
                .output()
            {
                Ok(o) if o.status.success() => {
                    let xmf = Path::new(path).with_extension("xmf");
                    format!("wrote {} (open it in ParaView or VisIt)", xmf.display())
                }
                Ok(o) => format!(
                    "no .xmf file: {} failed: {}",
                    script.display(),
                    String::from_utf8_lossy(&o.stderr)
                        .lines()
                        .last()
                        .unwrap_or("")
                ),
                Err(e) => format!("no .xmf file: cannot run {python} ({e})"),
            },
        };
    }
    println0!(world, "{note}")?;
    Ok(())
}

/// Every cell of the mesh as triangles, `[x0, y0, u0, x1, y1, u1, x2, y2, u2]` each
/// (the values at the cell's vertices; quadrilaterals as two triangles), gathered on
/// rank 0 (empty elsewhere; collective).
fn gather_triangles(petsc: &Petsc, mesh: &Plex, u: &Vector) -> petsc::Result<Vec<f64>> {
    let mut local = mesh.create_local_vector()?;
    mesh.global_to_local(u, InsertMode::Insert, &mut local)?;
    mesh.insert_boundary_values(true, &mut local, 0.0)?;
    let coords = mesh.coordinates_local()?;
    let csec = mesh
        .coordinate_section()?
        .ok_or_else(|| check_failed("the mesh has no coordinates"))?;
    let mut mine = Vec::new();
    for cell in mesh.height_stratum(0)? {
        let xy = mesh.vec_get_closure(Some(&csec), &coords, cell)?;
        let values = mesh.vec_get_closure(None, &local, cell)?;
        let nv = xy.len() / 2;
        // The vertices' values come last in the closure.
        let vertex_values = &values[values.len() - nv..];
        let corner = |k: usize| [real(xy[2 * k]), real(xy[2 * k + 1]), real(vertex_values[k])];
        let fan: &[[usize; 3]] = match nv {
            3 => &[[0, 1, 2]],
            4 => &[[0, 1, 2], [0, 2, 3]],
            _ => &[],
        };
        for t in fan {
            for &k in t {
                mine.extend(corner(k));
            }
        }
    }
    let mut all = Vector::new_mpi(&petsc.world(), Some(mine.len() as Int), None)?;
    // Assembly views a vector by its options (`-vec_view`): this one is not the
    // solution.
    all.set_options_prefix("plot_")?;
    let start = all.ownership_range()?.start;
    let idx: Vec<Int> = (0..mine.len() as Int).map(|i| start + i).collect();
    let vals: Vec<Scalar> = mine.iter().map(|&v| scalar(v)).collect();
    all.set_values(&idx, &vals, InsertMode::Insert)?;
    all.assemble()?;
    let zero = all.to_zero()?;
    let view = zero.view()?;
    Ok(view.iter().map(|&v| real(v)).collect())
}

/// Draws the triangles (colour by linear interpolation of the vertex values) with a
/// colour bar, and the cell edges when the cells are large enough to see them (10 pixels
/// across on average).
fn draw(triangles: &[f64], path: &Path) -> petsc::Result<()> {
    let cells = triangles.len() / 9;
    let mut field = plot::Field::triangles(
        &format!("Poisson solution u on the finest mesh ({cells} triangles)"),
        triangles,
    )
    .axes("x (mesh units)", "y (mesh units)")
    .bar_label("solution u");
    if cells > 0 && cells <= 1200 {
        let edges = triangles.chunks_exact(9).flat_map(|t| {
            [(0, 1), (1, 2), (2, 0)]
                .map(|(a, b)| [(t[3 * a], t[3 * a + 1]), (t[3 * b], t[3 * b + 1])])
        });
        field = field.segments(edges, [40, 40, 40], 1);
    }
    field.save(path)
}
