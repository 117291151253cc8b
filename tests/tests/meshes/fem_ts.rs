//! Time-dependent finite elements: the heat equation on a DMPlex through
//! `Plex::set_ts_local_fem` (PETSc's `DMPlexTSComputeIFunctionFEM` and
//! `DMPlexTSComputeIJacobianFEM`).
//!
//! - `ex45_matches_petsc`: PETSc's `ts/tutorials/ex45.c` ported to Rust (`ts_ex45`), run
//!   with the options of the tests of its `TEST` block that this PETSc can run, at their
//!   rank counts (1), and compared with PETSc's expected output files and with the C
//!   program built here. Those are the twelve tests on quadrilaterals, `2d_q1`,
//!   `2d_q1_sconv`, `2d_q1_tconv`, `2d_q2`, `2d_q2_sconv`, `2d_q2_tconv` and their
//!   `3d_q*` twins (whose options, without `-dm_plex_dim 3`, make the same 2D run).
//!   Left out: the `2d_p*` tests (they `require: triangle`: simplicial box meshes need
//!   the Triangle mesh generator), the `3d_p*` tests (`require: ctetgen`) and
//!   `egads_sphere` (`require: egads ctetgen`), none of which Debian's PETSc has.
//! - `heat_q2_exact`: a closed form of our own at 1 and 2 ranks. With
//!   `u = 1 + 3t + x² + 2y² - xy` (so `u_t - Δu = -3`), Q2 elements hold `u` at every
//!   time and backward Euler is exact for a solution linear in time, so the solution
//!   after four steps is `u` to rounding, when the boundary condition gives PETSc the
//!   time derivative of the boundary values; without it the mass term next to the
//!   boundary is wrong and so is the answer.
//! - `bad_input`: vectors of another layout, missing exact solutions, and a failing
//!   initial condition closure are `Err`s.

use petsc::{
    no_term, DmBase, ExactFinalTime, Fe, Int, Object, Petsc, Plex, QuadPoint, Real, Scalar, Ts,
    TsType, Vector,
};
use petsc_tests::{c_tutorial, expected_output, mpiexec, run_example, Case};

const SOURCE: &str = "ts/tutorials/ex45.c";

/// The tests of ex45.c's `TEST` block that run without Triangle, TetGen or EGADS.
const TESTS: [(&str, &str); 12] = {
    const Q1: &str = "-sol_type quadratic_linear -dm_plex_simplex 0 -dm_refine 1 \
        -temp_petscspace_degree 1 -dmts_check .0001 -ts_type beuler -ts_max_steps 5 \
        -ts_dt 0.1 -snes_error_if_not_converged -pc_type lu";
    const Q1_SCONV: &str = "-sol_type quadratic_linear -dm_plex_simplex 0 \
        -temp_petscspace_degree 1 -ts_convergence_estimate -ts_convergence_temporal 0 \
        -convest_num_refine 1 -ts_type beuler -ts_max_steps 1 -ts_dt 0.00001 \
        -snes_error_if_not_converged -pc_type lu";
    const Q1_TCONV: &str = "-sol_type quadratic_trig -dm_plex_simplex 0 \
        -temp_petscspace_degree 1 -ts_convergence_estimate -convest_num_refine 1 \
        -ts_type beuler -ts_max_steps 4 -ts_dt 0.1 -snes_error_if_not_converged -pc_type lu";
    const Q2: &str = "-sol_type quadratic_linear -dm_plex_simplex 0 -dm_refine 0 \
        -temp_petscspace_degree 2 -dmts_check .0001 -ts_type beuler -ts_max_steps 5 \
        -ts_dt 0.1 -snes_error_if_not_converged -pc_type lu";
    const Q2_SCONV: &str = "-sol_type trig_linear -dm_plex_simplex 0 \
        -temp_petscspace_degree 2 -ts_convergence_estimate -ts_convergence_temporal 0 \
        -convest_num_refine 1 -ts_type beuler -ts_max_steps 1 -ts_dt 0.00000001 \
        -snes_error_if_not_converged -pc_type lu";
    const Q2_TCONV: &str = "-sol_type quadratic_trig -dm_plex_simplex 0 \
        -temp_petscspace_degree 2 -ts_convergence_estimate -convest_num_refine 1 \
        -ts_type beuler -ts_max_steps 4 -ts_dt 0.1 -snes_error_if_not_converged -pc_type lu";
    [
        ("2d_q1", Q1),
        ("2d_q1_sconv", Q1_SCONV),
        ("2d_q1_tconv", Q1_TCONV),
        ("2d_q2", Q2),
        ("2d_q2_sconv", Q2_SCONV),
        ("2d_q2_tconv", Q2_TCONV),
        ("3d_q1", Q1),
        ("3d_q1_sconv", Q1_SCONV),
        ("3d_q1_tconv", Q1_TCONV),
        ("3d_q2", Q2),
        ("3d_q2_sconv", Q2_SCONV),
        ("3d_q2_tconv", Q2_TCONV),
    ]
};

/// A line of output: its words, with the numbers below `ROUNDOFF` (the `L_2 Error` of
/// an interpolant that is exact, the `L_2 Residual` of an exact solution) replaced by
/// `<round-off>`.
fn normalized(s: &str) -> Vec<String> {
    const ROUNDOFF: f64 = 1e-12;
    s.lines()
        .map(|l| {
            l.split_whitespace()
                .map(|w| match w.parse::<f64>() {
                    Ok(v) if v.abs() < ROUNDOFF && v != 0.0 => "<round-off>".to_string(),
                    _ => w.to_string(),
                })
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

/// The twelve runs, against the C program and PETSc's files.
///
/// The files of `2d_q1`, `2d_q2`, `3d_q1` and `3d_q2` were written by an older PETSc:
/// their `L_2 Residual` lines (and for Q2 the `L_2 Error` lines) are round-off, such as
/// `5.1404e-16`, and PETSc 3.18's own C program prints other round-off there
/// (`4.81941e-16`), as the port does. So each run must equal the C program byte for
/// byte (on a real build, where the port's pointwise functions do the C program's
/// arithmetic), and its file with every number below 1e-12 taken as round-off (PETSc's
/// test harness compares numbers with a tolerance too).
///
/// The `3d_q*` tests repeat the options of their `2d_q*` twins, so each set of options
/// runs once and its output is compared with both files.
fn ex45_matches_petsc(_: &Petsc) -> petsc::Result<()> {
    let c = c_tutorial(SOURCE);
    let mut runs: std::collections::HashMap<&str, String> = Default::default();
    for (suffix, opts) in TESTS {
        let args: Vec<&str> = opts.split_whitespace().collect();
        // The C program runs with each set of options once, when the port first does.
        let first = !runs.contains_key(opts);
        let got = runs
            .entry(opts)
            .or_insert_with(|| run_example("ts_ex45", 1, &args))
            .clone();
        assert!(!got.trim().is_empty(), "ts_ex45 {suffix} printed nothing");
        if let Some(exe) = c.as_ref().filter(|_| first) {
            let out = mpiexec(1, exe, &args);
            let want = String::from_utf8_lossy(&out.stdout);
            assert!(out.status.success(), "C ex45 {args:?}:\n{want}");
            if petsc::SCALAR_IS_COMPLEX {
                // Complex arithmetic rounds differently in the last digits of the
                // round-off lines.
                assert_eq!(
                    normalized(&got),
                    normalized(&want),
                    "ts_ex45 vs C ex45, test {suffix}"
                );
            } else {
                assert_eq!(got, want, "ts_ex45 vs C ex45, test {suffix}");
            }
        }
        let Some(file) = expected_output(&format!("ts/tutorials/output/ex45_{suffix}.out")) else {
            continue;
        };
        assert_eq!(
            normalized(&got),
            normalized(&file),
            "ts_ex45 vs ex45_{suffix}.out (numbers below 1e-12 as round-off)\n{got}"
        );
    }
    Ok(())
}

fn re(x: impl Into<petsc::Complex<f64>>) -> f64 {
    x.into().re
}

/// `u = 1 + 3t + x² + 2y² - xy`.
fn exact_u(_: usize, t: Real, x: &[Real], u: &mut [Scalar]) -> petsc::Result<()> {
    u[0] = Scalar::from(1.0 + 3.0 * t + x[0] * x[0] + 2.0 * x[1] * x[1] - x[0] * x[1]);
    Ok(())
}

/// `u_t = 3`.
fn exact_u_t(_: usize, _: Real, _: &[Real], u: &mut [Scalar]) -> petsc::Result<()> {
    u[0] = Scalar::from(3.0);
    Ok(())
}

/// The unit square as `n x n` quadrilaterals, distributed, with the problem
/// `u_t - Δu = -3` in Q2 elements, its exact solution, and `u` on the boundary (with
/// its time derivative when `with_u_t`).
fn heat_mesh(comm: &petsc::Comm, n: Int, with_u_t: bool) -> petsc::Result<Plex> {
    let mut mesh = Plex::box_mesh(comm).sizes([n, n]).build()?;
    if cfg!(petsc_int64) {
        mesh.set_partitioner_type("simple")?;
    }
    if let Some((m, _)) = mesh.distribute(0)? {
        mesh = m;
    }
    let fe = Fe::builder(&comm.petsc().self_comm(), 2, 1)
        .degree(2)
        .build()?;
    mesh.add_field(None, &fe)?;
    mesh.create_ds()?;
    let mut ds = mesh.ds()?;
    ds.set_residual::<0>(
        |q: &QuadPoint, f0: &mut [Scalar]| f0[0] = q.u_t(0).expect("u_t")[0] + 3.0,
        |q: &QuadPoint, f1: &mut [Scalar]| f1.copy_from_slice(q.u_x(0)),
    )?;
    ds.set_jacobian::<0, 0>(
        |q: &QuadPoint, g0: &mut [Scalar]| g0[0] = Scalar::from(q.u_t_shift()),
        no_term,
        no_term,
        |q: &QuadPoint, g3: &mut [Scalar]| {
            for d in 0..q.dim() {
                g3[d * q.dim() + d] = Scalar::from(1.0);
            }
        },
    )?;
    ds.set_exact_solution(0, exact_u)?;
    ds.set_exact_solution_time_derivative(0, exact_u_t)?;
    let marker = mesh
        .label("marker")?
        .expect("box meshes mark their boundary");
    if with_u_t {
        mesh.add_boundary_essential_with_time_derivative(
            "wall",
            &marker,
            &[1],
            0,
            &[],
            exact_u,
            exact_u_t,
        )?;
    } else {
        mesh.add_boundary_essential("wall", &marker, &[1], 0, &[], exact_u)?;
    }
    mesh.set_ts_local_fem()?;
    Ok(mesh)
}

/// Four backward Euler steps of 0.05 from the exact initial condition; returns the
/// final time and the L2 error there.
fn heat_solve(mesh: &Plex) -> petsc::Result<(Real, Real)> {
    let comm = mesh.comm();
    let mut ts = Ts::new(&comm)?;
    ts.set_dm(mesh)?;
    ts.set_type(TsType::Beuler)?;
    ts.set_time_step(0.05)?;
    ts.set_max_steps(4)?;
    ts.set_exact_final_time(ExactFinalTime::Matchstep)?;
    ts.ksp()?.set_tolerances(petsc::KspTolerances {
        rtol: Some(1e-14),
        atol: Some(1e-14),
        max_it: Some(500),
        ..Default::default()
    })?;
    ts.set_compute_initial_condition(|dm, t, u| {
        let plex: Plex = dm.downcast()?;
        plex.compute_exact_solution(t, u, None)
    })?;
    let mut u = mesh.create_global_vector()?;
    ts.compute_initial_condition(&mut u)?;
    // The initial condition is u at t = 0.
    let e0 = mesh.compute_l2_diff(0.0, vec![Box::new(exact_u)], &u)?;
    assert!(e0 < 1e-13, "initial condition off by {e0}");
    ts.solve(&mut u)?.check()?;
    let t = ts.time()?;
    Ok((t, mesh.compute_l2_diff(t, vec![Box::new(exact_u)], &u)?))
}

fn heat_q2_exact(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let mesh = heat_mesh(&world, 4, true)?;
    let (t, e) = heat_solve(&mesh)?;
    assert!((t - 0.2).abs() < 1e-14, "final time {t}");
    assert!(e < 1e-11, "L2 error {e} at t = {t}");
    // u and u_t interpolated at t = 0.2, and the residual of the exact solution is zero.
    let (mut u, mut u_t) = (mesh.create_global_vector()?, mesh.create_global_vector()?);
    mesh.compute_exact_solution(t, &mut u, Some(&mut u_t))?;
    let ones = {
        let mut v = u_t.duplicate()?;
        v.set(Scalar::from(3.0))?;
        v
    };
    let mut diff = u_t.duplicate()?;
    diff.waxpy(Scalar::from(-1.0), &ones, &u_t)?;
    assert!(diff.norm(petsc::NormType::Infinity)? < 1e-12);
    let mut ts = Ts::new(&world)?;
    ts.set_dm(&mesh)?;
    ts.set_time_step(0.05)?;
    let mut f = u.duplicate()?;
    ts.compute_ifunction(t, &u, &u_t, &mut f, false)?;
    let r = f.norm(petsc::NormType::Two)?;
    assert!(r < 1e-12, "residual of the exact solution {r}");
    // Without the time derivative on the boundary, u_t is taken as 0 there.
    let plain = heat_mesh(&world, 4, false)?;
    let (_, e_plain) = heat_solve(&plain)?;
    assert!(
        e_plain > 1e-6,
        "L2 error {e_plain} without the boundary's u_t"
    );
    Ok(())
}

fn bad_input(petsc: &Petsc) -> petsc::Result<()> {
    let c = petsc.self_comm();
    let mesh = heat_mesh(&c, 2, true)?;
    let mut short = Vector::from_slice(&c, &[Scalar::from(0.0)])?;
    let e = mesh
        .compute_exact_solution(0.0, &mut short, None)
        .unwrap_err();
    assert!(e.report().contains("local entries"), "{e}");
    let mut ts = Ts::new(&c)?;
    ts.set_dm(&mesh)?;
    ts.set_time_step(0.1)?;
    let e = ts.check_from_options(&short).unwrap_err();
    assert!(e.report().contains("local entries"), "{e}");
    // An Err from the initial condition closure is the call's Err, with its message.
    ts.set_compute_initial_condition(|_, _, _| {
        Err(petsc::Error::invalid(
            "initial condition",
            "no data for t = 0",
        ))
    })?;
    let mut u = mesh.create_global_vector()?;
    let e = ts.compute_initial_condition(&mut u).unwrap_err();
    assert!(e.report().contains("no data for t = 0"), "{e}");
    // ... and so is a panic; the integrator works afterwards.
    ts.set_compute_initial_condition(|_, _, _| panic!("initial condition panics"))?;
    let e = ts.compute_initial_condition(&mut u).unwrap_err();
    assert!(e.report().contains("initial condition panics"), "{e}");
    ts.set_compute_initial_condition(|dm, t, u| {
        let plex: Plex = dm.downcast()?;
        plex.compute_exact_solution(t, u, None)
    })?;
    ts.compute_initial_condition(&mut u)?;
    assert!(re(u.sum()?) > 0.0);
    // A mesh without exact solutions.
    let mut bare = Plex::box_mesh(&c).sizes([2, 2]).build()?;
    bare.add_field(None, &Fe::builder(&c, 2, 1).degree(1).build()?)?;
    bare.create_ds()?;
    let mut v = bare.create_global_vector()?;
    let e = bare.compute_exact_solution(0.0, &mut v, None).unwrap_err();
    assert!(e.report().contains("no exact solution"), "{e}");
    Ok(())
}

pub fn cases() -> Vec<Case> {
    vec![
        Case::new("ex45_matches_petsc", ex45_matches_petsc),
        Case::new("heat_q2_exact", heat_q2_exact).ranks(&[1, 2]),
        Case::new("bad_input", bad_input),
    ]
}
