//! PETSc's TS tutorial `ex45.c` in Rust: the heat equation by finite elements,
//!
//! ```text
//! u_t - Δu = f   on a DMPlex mesh (the unit square by default),
//! ```
//!
//! with Lagrange elements from the options (`-temp_petscspace_degree 2`), the residual
//! `∫ (u_t - f) v + ∇u · ∇v` and its Jacobian as pointwise functions, and
//! PETSc's finite element assembly of the implicit form (`DMPlexTSComputeIFunctionFEM`,
//! `DMPlexTSComputeIJacobianFEM`, [`Plex::set_ts_local_fem`]). `-sol_type` picks the
//! manufactured solution, in 2D:
//!
//! ```text
//! quadratic_linear   u = 2 t + x² + y²                  (the default)
//! quadratic_trig     u = 2 cos t + x² + y²
//! trig_linear        u = 2π² t + cos πx + cos πy
//! trig_trig          u = π² cos t + cos πx + cos πy      (no boundary condition)
//! ```
//!
//! (in 3D, `3 t + x² + y² + z²` and so on), which is also the essential boundary
//! condition on the boundary (label `marker`), with its time derivative, the exact
//! solution the checks compare with, and the initial condition, as in C. The mesh,
//! the element and the integrator come from the options: `-dm_plex_simplex 0` for
//! quadrilaterals (simplices need Triangle or TetGen), `-dm_refine`, `-ts_type beuler`,
//! `-ts_dt`, `-ts_max_steps`. Then as in C:
//!
//! - `-dmts_check` checks the discretization, residual and Jacobian against the exact
//!   solution before and after the solve ([`Ts::check_from_options`]), printing the L2
//!   error of the interpolant, the residual's norm and whether it looks linear;
//! - `-ts_convergence_estimate` solves again on refined meshes
//!   (`-ts_convergence_temporal 0`) or with smaller steps, each from the initial
//!   condition ([`Ts::set_compute_initial_condition`]), and prints the rate at which
//!   the L2 error falls.
//!
//! PETSc's tests of the program (`2d_q1`, `2d_q2_sconv`, ...) run it as
//!
//! ```text
//! ts_ex45 -sol_type quadratic_linear -dm_plex_simplex 0 -dm_refine 1 \
//!     -temp_petscspace_degree 1 -dmts_check .0001 -ts_type beuler -ts_max_steps 5 \
//!     -ts_dt 0.1 -snes_error_if_not_converged -pc_type lu
//! ```
//!
//! and its output is theirs. Beside C's options, `-error_view` prints the L2 error of
//! the final solution against the exact one (Q2 and backward Euler reproduce
//! `quadratic_linear` to rounding). `-explicit` (forward Euler with the mass matrix on
//! the right-hand side, PETSc's `DMTSCreateRHSMassMatrix`) is refused: PETSc copies the
//! mass matrix between DMs without references, so it has no safe handle here.

use std::f64::consts::PI;
use std::process::ExitCode;

use petsc::{
    no_term, CellKind, DmBase, ExactFinalTime, Fe, Int, Object, Petsc, Plex, QuadPoint, Real,
    Scalar, Ts,
};
use petsc_examples::{println0, usage_error};

/// The manufactured solutions (`-sol_type`).
#[derive(Clone, Copy, Debug, PartialEq)]
enum SolutionType {
    QuadraticLinear,
    QuadraticTrig,
    TrigLinear,
    TrigTrig,
}

const SOLUTION_TYPES: [(&str, SolutionType); 4] = [
    ("quadratic_linear", SolutionType::QuadraticLinear),
    ("quadratic_trig", SolutionType::QuadraticTrig),
    ("trig_linear", SolutionType::TrigLinear),
    ("trig_trig", SolutionType::TrigTrig),
];

/// A point-value function: `f(dim, t, x, u)`.
type PointFn = fn(usize, Real, &[Real], &mut [Scalar]) -> petsc::Result<()>;

// ----- exact solutions and their time derivatives ---------------------------------------

/// `u = dim t + Σ x_d²`.
fn mms_quad_lin(dim: usize, t: Real, x: &[Real], u: &mut [Scalar]) -> petsc::Result<()> {
    let mut v = dim as Real * t;
    for xd in &x[..dim] {
        v += xd * xd;
    }
    u[0] = Scalar::from(v);
    Ok(())
}

fn mms_quad_lin_t(dim: usize, _: Real, _: &[Real], u: &mut [Scalar]) -> petsc::Result<()> {
    u[0] = Scalar::from(dim as Real);
    Ok(())
}

/// `u = dim cos t + Σ x_d²`.
fn mms_quad_trig(dim: usize, t: Real, x: &[Real], u: &mut [Scalar]) -> petsc::Result<()> {
    let mut v = dim as Real * t.cos();
    for xd in &x[..dim] {
        v += xd * xd;
    }
    u[0] = Scalar::from(v);
    Ok(())
}

fn mms_quad_trig_t(dim: usize, t: Real, _: &[Real], u: &mut [Scalar]) -> petsc::Result<()> {
    u[0] = Scalar::from(-(dim as Real) * t.sin());
    Ok(())
}

/// `u = dim π² t + Σ cos(π x_d)`.
fn mms_trig_lin(dim: usize, t: Real, x: &[Real], u: &mut [Scalar]) -> petsc::Result<()> {
    let mut v = dim as Real * (PI * PI) * t;
    for xd in &x[..dim] {
        v += (PI * xd).cos();
    }
    u[0] = Scalar::from(v);
    Ok(())
}

fn mms_trig_lin_t(dim: usize, _: Real, _: &[Real], u: &mut [Scalar]) -> petsc::Result<()> {
    u[0] = Scalar::from(dim as Real * (PI * PI));
    Ok(())
}

/// `u = π² cos t + Σ cos(π x_d)`.
fn mms_trig_trig(dim: usize, t: Real, x: &[Real], u: &mut [Scalar]) -> petsc::Result<()> {
    let mut v = (PI * PI) * t.cos();
    for xd in &x[..dim] {
        v += (PI * xd).cos();
    }
    u[0] = Scalar::from(v);
    Ok(())
}

fn mms_trig_trig_t(_: usize, t: Real, _: &[Real], u: &mut [Scalar]) -> petsc::Result<()> {
    u[0] = Scalar::from(-(PI * PI) * t.sin());
    Ok(())
}

// ----- pointwise functions -----------------------------------------------------------

/// `u_t` at the point (zero where PETSc gives none).
fn u_t(q: &QuadPoint) -> Scalar {
    q.u_t(0).map_or(Scalar::from(0.0), |v| v[0])
}

/// `f0 = u_t - f` with `f = -dim`.
fn f0_quad_lin(q: &QuadPoint, f0: &mut [Scalar]) {
    let exp = Scalar::from(-(q.dim() as Real));
    f0[0] = u_t(q) - exp;
}

/// `f0 = u_t - f` with `f = -dim (sin t + 2)`.
fn f0_quad_trig(q: &QuadPoint, f0: &mut [Scalar]) {
    let exp = Scalar::from(-(q.dim() as Real) * (q.t().sin() + 2.0));
    f0[0] = u_t(q) - exp;
}

/// `f0 = u_t + π² Σ (cos(π x_d) - 1)`.
fn f0_trig_lin(q: &QuadPoint, f0: &mut [Scalar]) {
    f0[0] = u_t(q);
    for xd in &q.x()[..q.dim()] {
        f0[0] += Scalar::from((PI * PI) * ((PI * xd).cos() - 1.0));
    }
}

/// `f0 = u_t - f` with `f = -π² sin t + π² Σ cos(π x_d)`.
fn f0_trig_trig(q: &QuadPoint, f0: &mut [Scalar]) {
    let mut exp = Scalar::from(0.0);
    exp -= Scalar::from((PI * PI) * q.t().sin());
    for xd in &q.x()[..q.dim()] {
        exp += Scalar::from((PI * PI) * (PI * xd).cos());
    }
    f0[0] = u_t(q) - exp;
}

/// `f1 = ∇u`.
fn f1_temp(q: &QuadPoint, f1: &mut [Scalar]) {
    f1.copy_from_slice(&q.u_x(0)[..q.dim()]);
}

/// `g0 = shift` (the derivative of `f0` by `u`, through `u_t = shift u + ...`).
fn g0_temp(q: &QuadPoint, g0: &mut [Scalar]) {
    g0[0] = Scalar::from(q.u_t_shift() * 1.0);
}

/// `g3 = I`.
fn g3_temp(q: &QuadPoint, g3: &mut [Scalar]) {
    let dim = q.dim();
    for d in 0..dim {
        g3[d * dim + d] = Scalar::from(1.0);
    }
}

// ----- the program -------------------------------------------------------------------

/// C's `ProcessOptions`: `-sol_type`, `-explicit`, `-lumped` (and from PETSc 3.22
/// `-remesh_every`).
fn process_options(petsc: &Petsc) -> petsc::Result<SolutionType> {
    let opts = petsc.options();
    // C's `PetscOptionsBegin(comm, "", "Heat Equation Options", "DMPLEX")` block, which
    // `-help` lists as C's does.
    let mut block = opts.begin("Heat Equation Options")?;
    block.set_man("ex45.c")?;
    let names: Vec<&str> = SOLUTION_TYPES.iter().map(|(n, _)| *n).collect();
    let name = block
        .one_of("-sol_type", "Type of exact solution", &names, names[0])
        .map_err(|e| usage_error(e.to_string()))?;
    let sol = SOLUTION_TYPES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|&(_, s)| s)
        .unwrap_or(SolutionType::QuadraticLinear);
    let explicit = block.bool("-explicit", "Use explicit timestepping", false)?;
    let _lumped = block.bool("-lumped", "Lump the mass matrix", true)?;
    // From PETSc 3.22 C's ex45 can remesh during the solve (`TSSetResize` with a metric
    // adaptor), which is not ported: the option is listed as C lists it, and refused.
    #[cfg(petsc_3_22)]
    let remesh_every = block.int("-remesh_every", "Remesh every number of steps", 0)?;
    drop(block);
    #[cfg(petsc_3_22)]
    if remesh_every > 0 {
        return Err(usage_error(
            "-remesh_every is not available: remeshing during the solve (TSSetResize with a \
             metric adaptor) is not ported"
                .to_string(),
        ));
    }
    if explicit {
        return Err(usage_error(
            "-explicit is not available: it needs PETSc's RHS mass matrix \
             (DMTSCreateRHSMassMatrix), which has no safe handle in petsc-rs"
                .to_string(),
        ));
    }
    Ok(sol)
}

/// The exact solution and its time derivative of `sol`.
fn exact(sol: SolutionType) -> (PointFn, PointFn) {
    match sol {
        SolutionType::QuadraticLinear => (mms_quad_lin, mms_quad_lin_t),
        SolutionType::QuadraticTrig => (mms_quad_trig, mms_quad_trig_t),
        SolutionType::TrigLinear => (mms_trig_lin, mms_trig_lin_t),
        SolutionType::TrigTrig => (mms_trig_trig, mms_trig_trig_t),
    }
}

/// C's `SetupProblem`: the pointwise functions, exact solutions and boundary condition.
fn setup_problem(dm: &mut Plex, sol: SolutionType) -> petsc::Result<()> {
    let mut ds = dm.ds()?;
    ds.set_jacobian::<0, 0>(g0_temp, no_term, no_term, g3_temp)?;
    match sol {
        SolutionType::QuadraticLinear => ds.set_residual::<0>(f0_quad_lin, f1_temp)?,
        SolutionType::QuadraticTrig => ds.set_residual::<0>(f0_quad_trig, f1_temp)?,
        SolutionType::TrigLinear => ds.set_residual::<0>(f0_trig_lin, f1_temp)?,
        SolutionType::TrigTrig => ds.set_residual::<0>(f0_trig_trig, f1_temp)?,
    }
    let (u, u_t) = exact(sol);
    ds.set_exact_solution(0, u)?;
    ds.set_exact_solution_time_derivative(0, u_t)?;
    if sol != SolutionType::TrigTrig {
        let label = dm.label("marker")?.ok_or_else(|| {
            usage_error("the mesh has no \"marker\" label for the boundary".to_string())
        })?;
        dm.add_boundary_essential_with_time_derivative("wall", &label, &[1], 0, &[], u, u_t)?;
    }
    Ok(())
}

/// C's `SetupDiscretization`: the element from `-temp_petscspace_*`, the discrete
/// system, the problem, and the same discretization on every coarser mesh.
fn setup_discretization(dm: &mut Plex, sol: SolutionType) -> petsc::Result<()> {
    let comm = dm.comm();
    let dim = dm.dimension()?;
    let simplex = dm.is_simplex()?;
    let mut fe = Fe::builder(&comm.petsc().self_comm(), dim, 1)
        .cell(if simplex {
            CellKind::Simplex
        } else {
            CellKind::Tensor
        })
        .options_prefix("temp_")
        .build()?;
    fe.set_name("temperature")?;
    dm.set_field(0, None, &fe)?;
    dm.create_ds()?;
    setup_problem(dm, sol)?;
    let mut cdm = dm.coarse_dm()?;
    while let Some(mut c) = cdm {
        dm.copy_disc(&mut c)?;
        cdm = c.coarse_dm()?;
    }
    Ok(())
}

fn body(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let sol = process_options(petsc)?;
    let error_view = petsc.options().get_or("error_view", false)?;

    // C's `CreateMesh`.
    let mut dm = Plex::new(&world)?;
    dm.set_from_options()?;
    dm.view_from_options(None, "-dm_view")?;
    setup_discretization(&mut dm, sol)?;

    let mut ts = Ts::new(&world)?;
    ts.set_dm(&dm)?;
    dm.set_ts_local_fem()?;
    ts.set_exact_final_time(ExactFinalTime::Matchstep)?;
    ts.set_from_options()?;
    // C's `SetInitialConditions`: the exact solution at the integrator's time, on its
    // mesh (a refined one during -ts_convergence_estimate).
    ts.set_compute_initial_condition(|dm, t, u| {
        let mesh: Plex = dm.downcast()?;
        mesh.compute_exact_solution(t, u, None)
    })?;

    let mut u = dm.create_global_vector()?;
    ts.check_from_options(&u)?;
    ts.compute_initial_condition(&mut u)?;
    u.set_name("temperature")?;
    // As in C, the program goes on whatever the reason the solve stopped for.
    let _reason = ts.solve(&mut u)?;
    ts.check_from_options(&u)?;

    if error_view {
        let t = ts.time()?;
        let (exact_u, _) = exact(sol);
        let e = dm.compute_l2_diff(t, vec![Box::new(exact_u)], &u)?;
        let steps: Int = ts.step_number()?;
        println0!(world, "L_2 error at t = {t} after {steps} steps: {e:.3e}")?;
    }
    Ok(())
}

fn main() -> ExitCode {
    petsc::main(body)
}
