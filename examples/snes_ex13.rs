//! PETSc's SNES tutorial `ex13.c` in Rust: the Poisson problem `-Δu = f` in 2D and 3D
//! with finite elements on an unstructured mesh (DMPlex), whose convergence rate PETSc
//! estimates by refining the mesh (`-snes_convergence_estimate`).
//!
//! The mesh comes from the options (`-dm_plex_dim`, `-dm_plex_simplex`,
//! `-dm_plex_box_faces`, `-dm_refine`, ...), sheared with `-shear`; the unknown
//! `potential` is discretized by the element `-potential_petscspace_degree` selects
//! (`PetscFECreateDefault` with prefix `potential_`), Lagrange on the mesh's cells. The
//! exact solution is `u = Σ_d sin(2π x_d)` (with `-homogeneous`, `Π_d sin(2π x_d)`, zero
//! on the boundary), imposed on the boundary (label `marker`) and given to the discrete
//! system as its exact solution, which the convergence estimate and `-error_view` compare
//! with. Pointwise functions: `f0 = -f` (as in `ex13.c`, the homogeneous source takes
//! the sine of the same coordinate in every factor), `f1 = ∇u`, `g3 = I`. The program
//! prints only what the options ask for: `-snes_convergence_estimate` the rate,
//! `-error_view` the size and L2 error of the solution, `-dm_view` the mesh,
//! `-potential_view` the solution.
//!
//! PETSc's default mesh is a box of triangles (tetrahedra in 3D), which PETSc makes with
//! a mesh generator (Triangle; TetGen or CTetGen). On a PETSc built without one, and when
//! the options name neither `-dm_plex_simplex`, `-dm_plex_filename` nor `-dm_plex_shape`,
//! this port makes the box of quadrilaterals (hexahedra) instead, so it runs there with
//! its default arguments (where C's `ex13` stops with "No grid generator").
//!
//! The tests of PETSc's TEST block that need no mesh generator (each prints its
//! `output/ex13_<suffix>.out`):
//!
//! ```text
//! 2d_q1_conv:        snes_ex13 -dm_plex_simplex 0 -potential_petscspace_degree 1 \
//!                        -snes_convergence_estimate -convest_num_refine 2
//! 2d_q2_conv, 2d_q3_conv:  the same with degree 2, 3
//! 2d_q1_shear_conv:  snes_ex13 -dm_plex_simplex 0 -shear -potential_petscspace_degree 1 \
//!                        -snes_convergence_estimate -convest_num_refine 2
//! 2d_q2_shear_conv, 2d_q3_shear_conv:  the same with degree 2, 3
//! 3d_q1_conv:        snes_ex13 -dm_plex_dim 3 -dm_plex_simplex 0 -dm_refine 1 \
//!                        -potential_petscspace_degree 1 -snes_convergence_estimate \
//!                        -convest_num_refine 1
//! 3d_q2_conv, 3d_q3_conv:  snes_ex13 -dm_plex_dim 3 -dm_plex_simplex 0 \
//!                        -potential_petscspace_degree 2 (3) -snes_convergence_estimate \
//!                        -convest_num_refine 1
//! ```
//!
//! `-shear` shears the coordinates through their finite-element space (the default;
//! `Plex::shear_geometry`); with `-dm_coord_space 0` the port stops with an error,
//! where C's `ex13` leaves the mesh unsheared.
//!
//! The others (simplex meshes, multigrid and FAS on a refinement hierarchy, the spectral
//! and adjoint tests) need Triangle or TetGen; with `-dm_plex_simplex 0` added, the port
//! prints what C prints with their multigrid and FAS options. `ex13.c`'s `-spectral` (an FFT of the solution along two
//! lines) and `-adjoint` (an error estimate from the adjoint problem) are not ported:
//! they are refused with a message.

use std::f64::consts::PI;
use std::process::ExitCode;

use petsc::{
    no_term, CellKind, DmBase, Fe, Int, Object, Petsc, Plex, QuadPoint, Real, Scalar, Snes, Vector,
    G,
};
use petsc_examples::{println0, scalar, usage_error};

/// The program's options (`ProcessOptions`).
struct AppCtx {
    /// `-shear`: shear the domain.
    shear: bool,
    /// `-homogeneous`: the exact solution that vanishes on the boundary.
    homogeneous: bool,
    /// `-error_view`: print the L2 error of the solution.
    view_error: bool,
}

fn process_options(petsc: &Petsc) -> petsc::Result<AppCtx> {
    let opts = petsc.options();
    for (name, what) in [
        (
            "-spectral",
            "the spectrum along planes of the solution (MatCreateFFT)",
        ),
        (
            "-adjoint",
            "the adjoint problem and its error estimate (DMCreateSuperDM, DMPlexComputeCellwiseIntegralFEM)",
        ),
    ] {
        if opts.get_or(name, false)? {
            return Err(usage_error(format!(
                "{name} ({what}) is not available in this port"
            )));
        }
    }
    Ok(AppCtx {
        shear: opts.get_or("-shear", false)?,
        homogeneous: opts.get_or("-homogeneous", false)?,
        view_error: opts.get_or("-error_view", false)?,
    })
}

/// `trig_inhomogeneous_u`: `u = Σ_d sin(2π x_d)`.
fn trig_inhomogeneous_u(dim: usize, _t: Real, x: &[Real], u: &mut [Scalar]) -> petsc::Result<()> {
    u[0] = scalar(x[..dim].iter().map(|&xd| (2.0 * PI * xd).sin()).sum());
    Ok(())
}

/// `trig_homogeneous_u`: `u = Π_d sin(2π x_d)`.
fn trig_homogeneous_u(dim: usize, _t: Real, x: &[Real], u: &mut [Scalar]) -> petsc::Result<()> {
    u[0] = scalar(x[..dim].iter().map(|&xd| (2.0 * PI * xd).sin()).product());
    Ok(())
}

/// The exact solution `-homogeneous` selects.
fn exact_solution(user: &AppCtx) -> fn(usize, Real, &[Real], &mut [Scalar]) -> petsc::Result<()> {
    if user.homogeneous {
        trig_homogeneous_u
    } else {
        trig_inhomogeneous_u
    }
}

/// `f0_trig_inhomogeneous_u`: `-f` for `trig_inhomogeneous_u`.
fn f0_trig_inhomogeneous_u(q: &QuadPoint, f0: &mut [Scalar]) {
    for &xd in &q.x()[..q.dim()] {
        f0[0] += scalar(-4.0 * PI * PI * (2.0 * PI * xd).sin());
    }
}

/// `f0_trig_homogeneous_u`, as `ex13.c` writes it: every factor of the `d`-th term is
/// the sine of `x_d`.
fn f0_trig_homogeneous_u(q: &QuadPoint, f0: &mut [Scalar]) {
    let dim = q.dim();
    for (d, &xd) in q.x()[..dim].iter().enumerate() {
        let s = (2.0 * PI * xd).sin();
        let mut v = 1.0;
        for e in 0..dim {
            v *= if e == d { -4.0 * PI * PI * s } else { s };
        }
        f0[0] += scalar(v);
    }
}

/// `f1_u`: `∇u`.
fn f1_u(q: &QuadPoint, f1: &mut [Scalar]) {
    f1.copy_from_slice(q.u_x(0));
}

/// `g3_uu`: the identity.
fn g3_uu(q: &QuadPoint, g3: &mut [Scalar]) {
    let dim = q.dim();
    for d in 0..dim {
        g3[d * dim + d] = scalar(1.0);
    }
}

/// Without a mesh generator for the default box of simplices, asks for tensor cells
/// (see the module's documentation).
fn default_to_tensor_cells(petsc: &Petsc) -> petsc::Result<()> {
    let opts = petsc.options();
    for name in ["-dm_plex_simplex", "-dm_plex_filename", "-dm_plex_shape"] {
        if opts.has(name)? {
            return Ok(());
        }
    }
    let generators: &[&str] = match opts.get::<Int>("-dm_plex_dim")?.unwrap_or(2) {
        2 => &["triangle"],
        3 => &["tetgen", "ctetgen"],
        _ => return Ok(()),
    };
    for g in generators {
        if petsc.has_external_package(g)? {
            return Ok(());
        }
    }
    opts.set_value("-dm_plex_simplex", "0")
}

/// `CreateMesh`: the mesh the options describe, sheared with `-shear`.
fn create_mesh(petsc: &Petsc, user: &AppCtx) -> petsc::Result<Plex> {
    default_to_tensor_cells(petsc)?;
    let mut dm = Plex::new(&petsc.world())?;
    dm.set_from_options()?;
    if user.shear {
        dm.shear_geometry(petsc::Direction::X, None)?;
    }
    dm.view_from_options(None, "-dm_view")?;
    Ok(dm)
}

/// `SetupPrimalProblem`: the pointwise functions, the exact solution and the essential
/// boundary condition on the points of label `marker`.
fn setup_primal_problem(dm: &mut Plex, user: &AppCtx) -> petsc::Result<()> {
    let mut ds = dm.ds()?;
    if user.homogeneous {
        ds.set_residual::<0>(f0_trig_homogeneous_u, f1_u)?;
    } else {
        ds.set_residual::<0>(f0_trig_inhomogeneous_u, f1_u)?;
    }
    ds.set_jacobian::<0, 0>(no_term, no_term, no_term, g3_uu)?;
    let ex = exact_solution(user);
    ds.set_exact_solution(0, ex)?;
    if let Some(label) = dm.label("marker")? {
        dm.add_boundary_essential("wall", &label, &[1], 0, &[], ex)?;
    }
    Ok(())
}

/// `SetupDiscretization`: one scalar field `name` of Lagrange elements on the mesh's
/// cells (options prefix `name_`), the problem, and the same on every coarser mesh.
fn setup_discretization(
    petsc: &Petsc,
    dm: &mut Plex,
    name: &str,
    user: &AppCtx,
) -> petsc::Result<()> {
    let dim = dm.dimension()?;
    let cells = dm.height_stratum(0)?;
    // The cell shape of the first cell, agreed by the ranks that have cells.
    let local_simplex = match cells.start < cells.end {
        true => {
            let ct = dm.cell_type(cells.start)?;
            ct.num_vertices() == ct.dim().map(|d| d + 1)
        }
        false => false,
    };
    let simplex = !petsc.world().all(!local_simplex)?;
    let prefix = format!("{name}_");
    let mut fe = Fe::builder(&petsc.self_comm(), dim, 1)
        .cell(if simplex {
            CellKind::Simplex
        } else {
            CellKind::Tensor
        })
        .options_prefix(&prefix)
        .build()?;
    fe.set_name(name)?;
    dm.set_field(0, None, &fe)?;
    dm.create_ds()?;
    setup_primal_problem(dm, user)?;
    let mut cdm = dm.coarse_dm()?;
    while let Some(mut c) = cdm {
        dm.copy_disc(&mut c)?;
        cdm = c.coarse_dm()?;
    }
    Ok(())
}

fn body(petsc: &Petsc) -> petsc::Result<()> {
    let user = process_options(petsc)?;
    let world = petsc.world();
    // Primal system.
    let mut snes = Snes::new(&world)?;
    let mut dm = create_mesh(petsc, &user)?;
    snes.set_dm(&dm)?;
    setup_discretization(petsc, &mut dm, "potential", &user)?;
    let mut u: Vector = dm.create_global_vector()?;
    u.set(0.0)?;
    u.set_name("potential")?;
    dm.set_snes_local_fem()?;
    snes.set_from_options()?;
    let _ = snes.solve(None, &mut u)?; // as PETSc's tutorial: a diverged solve does not stop it
    u.view_from_options(None, "-potential_view")?;
    if user.view_error {
        let n: Int = u.size()?;
        let ex = exact_solution(&user);
        let error = dm.compute_l2_diff(0.0, vec![Box::new(ex)], &u)?;
        println0!(petsc, "N: {n} L2 error: {}", G(error))?;
    }
    Ok(())
}

fn main() -> ExitCode {
    petsc::main(body)
}
