//! After an `Err` or a panic anywhere in a solve, every solver of the tree can solve
//! again and be destroyed: a PC written in Rust that fails (or panics) at its first or a
//! later application, placed in each composite kind of preconditioner (fieldsplit
//! splits, MG/GAMG levels and coarse solver, block Jacobi and ASM blocks, composite
//! PCs, KSP-in-PC, redundant), then a good solve that matches the one before the
//! failure, then the drop; at 1, 2 and 3 ranks.

use std::cell::Cell;

use petsc::{
    Da, DaInfo, DaView, DaViewMut, Error, ExactFinalTime, IndexSet, InsertMode, Int, Ksp,
    KspTolerances, Mat, NormType, Object, PcType, Petsc, Real, Scalar, Snes, Tao, Ts, TsType,
    Vector,
};
use petsc_tests::failing_pc::{arm, check_recovery, message, register, Plan};
use petsc_tests::{with_prefixed_options, Case};

const N: Int = 200;

/// The real part of a real or complex scalar.
fn re(x: impl Into<petsc::Complex<f64>>) -> f64 {
    x.into().re
}

/// The largest difference of two vectors.
fn distance(x: &Vector, y: &Vector) -> petsc::Result<Real> {
    let mut d = x.duplicate()?;
    d.copy_from(x)?;
    d.axpy(Scalar::from(-1.0), y)?;
    d.norm(NormType::Infinity)
}

/// The composite preconditioners, each with the failing PC somewhere inside, chosen by
/// options.
const TREES: [(&str, &str); 9] = [
    (
        "fieldsplit",
        "-ksp_type gmres -pc_type fieldsplit -pc_fieldsplit_type multiplicative \
         -fieldsplit_0_pc_type jacobi -fieldsplit_1_pc_type tfail",
    ),
    (
        "gamg levels",
        "-ksp_type gmres -pc_type gamg -pc_gamg_coarse_eq_limit 10 -mg_levels_pc_type tfail",
    ),
    (
        "gamg coarse",
        "-ksp_type gmres -pc_type gamg -pc_gamg_coarse_eq_limit 10 -mg_coarse_ksp_type gmres \
         -mg_coarse_ksp_max_it 5 -mg_coarse_pc_type tfail",
    ),
    (
        "bjacobi",
        "-ksp_type gmres -pc_type bjacobi -sub_pc_type tfail",
    ),
    ("asm", "-ksp_type gmres -pc_type asm -sub_pc_type tfail"),
    (
        "composite",
        "-ksp_type gmres -pc_type composite -pc_composite_pcs jacobi,tfail",
    ),
    (
        "ksp in pc",
        "-ksp_type fgmres -pc_type ksp -ksp_ksp_type gmres -ksp_ksp_max_it 4 -ksp_pc_type tfail",
    ),
    (
        "redundant",
        "-ksp_type gmres -pc_type redundant -redundant_pc_type tfail",
    ),
    (
        "composite inside ksp in pc",
        "-ksp_type fgmres -pc_type ksp -ksp_ksp_type fgmres -ksp_ksp_max_it 3 -ksp_pc_type \
         composite -ksp_pc_composite_pcs jacobi,tfail",
    ),
];

/// Sets the fieldsplit's two splits (first and second half of the rows) when the tree
/// has one at the top.
fn splits(ksp: &mut Ksp, a: &Mat, opts: &str) -> petsc::Result<()> {
    if !opts.contains("-pc_type fieldsplit") {
        return Ok(());
    }
    let r = a.ownership_range()?;
    let world = a.comm();
    let first: Vec<Int> = r.clone().filter(|&i| i < N / 2).collect();
    let second: Vec<Int> = r.filter(|&i| i >= N / 2).collect();
    let mut pc = ksp.pc()?;
    pc.set_type(PcType::Fieldsplit)?;
    pc.set_fieldsplit_is("0", &IndexSet::new_general(&world, &first)?)?;
    pc.set_fieldsplit_is("1", &IndexSet::new_general(&world, &second)?)
}

/// A KSP on `a` with the options under `prefix` (set by the caller) and the tree's
/// splits.
fn make(a: &Mat, prefix: &str, opts: &str) -> petsc::Result<Ksp> {
    let mut ksp = Ksp::new(&a.comm())?;
    ksp.set_options_prefix(prefix)?;
    ksp.set_operators(a, a)?;
    ksp.set_tolerances(KspTolerances {
        rtol: Some(1e-10),
        max_it: Some(400),
        ..Default::default()
    })?;
    splits(&mut ksp, a, opts)?;
    ksp.set_from_options()?;
    Ok(ksp)
}

/// A solve of `A x = 1` from `x = 0`: the iterations and the solution.
fn ksp_solve(ksp: &mut Ksp, b: &Vector) -> petsc::Result<(Int, Vector)> {
    let mut x = b.duplicate()?;
    ksp.solve(b, &mut x)?.check()?;
    Ok((ksp.iteration_number()?, x))
}

/// The same iterations and (to 1e-8) the same solution or point.
fn same_run(got: &(Int, Vector), want: &(Int, Vector), what: &str) -> petsc::Result<()> {
    assert_eq!(got.0, want.0, "{what}: iterations");
    let d = distance(&got.1, &want.1)?;
    assert!(d < 1e-8, "{what}: the solutions differ by {d}");
    Ok(())
}

/// Each tree: the recovery protocol (see `check_recovery`); the same with the failure in
/// the first solve of a new solver (whose inner solvers that solve makes); then the drop
/// of the whole tree with a failure left in place (`-malloc_dump` then finds nothing
/// left).
fn ksp_trees(petsc: &Petsc) -> petsc::Result<()> {
    register(petsc)?;
    let a = petsc_tests::varying_tridiagonal(petsc, N)?;
    let (_, mut b) = a.create_vecs()?;
    b.set(Scalar::from(1.0))?;
    for (k, (name, opts)) in TREES.iter().enumerate() {
        let prefix = format!("r{k}_");
        with_prefixed_options(petsc, &prefix, opts, || {
            let mut ksp = make(&a, &prefix, opts)?;
            let first = check_recovery(name, || ksp_solve(&mut ksp, &b), same_run)?;
            drop(ksp);
            let mut new = make(&a, &prefix, opts)?;
            if name.starts_with("gamg") {
                // GAMG's set-up applies the smoothers' PC (Chebyshev estimates its
                // eigenvalues) and, failing there, leaks the level matrices it made
                // (PETSc's PCSetUp_GAMG frees them only on success): set up first.
                new.set_up()?;
            }
            let plan = Plan {
                at: 2,
                panics: false,
            };
            arm(Some(plan));
            let e = ksp_solve(&mut new, &b).err().map(|e| e.report());
            arm(None);
            assert!(e.is_some_and(|e| e.contains(&message(plan))), "{name}");
            for _ in 0..2 {
                same_run(
                    &ksp_solve(&mut new, &b)?,
                    &first,
                    &format!("{name}, failed first"),
                )?;
            }
            println!("  {name}: {} iterations, recovered", first.0);
            Ok(())
        })?;
    }
    Ok(())
}

/// ex5's Bratu residual (`lambda = 6`) on the unit square, scaled by `hx hy`, `u = 0`
/// on the boundary; each grid (fine, coarse) gets its own `info`.
fn bratu(info: &DaInfo, x: &DaView<'_>, f: &mut DaViewMut<'_>) -> petsc::Result<()> {
    let (mx, my) = (info.mx, info.my);
    let (hx, hy) = (1.0 / (mx - 1) as f64, 1.0 / (my - 1) as f64);
    for j in info.ys..info.ys + info.ym {
        for i in info.xs..info.xs + info.xm {
            let u = x[(i, j)];
            if i == 0 || j == 0 || i == mx - 1 || j == my - 1 {
                f[(i, j)] = 2.0 * (hy / hx + hx / hy) * u;
                continue;
            }
            let uxx = (2.0 * u - x[(i - 1, j)] - x[(i + 1, j)]) * hy / hx;
            let uyy = (2.0 * u - x[(i, j - 1)] - x[(i, j + 1)]) * hx / hy;
            f[(i, j)] = uxx + uyy - hx * hy * 6.0 * u.exp();
        }
    }
    Ok(())
}

/// The nonlinear solvers with the failing PC inside an inner solver, chosen by options.
const SNES_TREES: [(&str, &str); 4] = [
    ("newton", "-pc_type bjacobi -sub_pc_type tfail"),
    (
        "npc",
        "-npc_snes_type newtonls -npc_snes_max_it 1 -npc_pc_type tfail",
    ),
    (
        "fas levels",
        "-snes_type fas -snes_max_it 100 -snes_rtol 1e-8 -fas_levels_snes_type newtonls \
         -fas_levels_snes_max_it 1 -fas_levels_pc_type tfail",
    ),
    (
        "composite",
        "-snes_type composite -snes_composite_sneses nrichardson,newtonls -snes_max_it 100 \
         -sub_1_pc_type tfail",
    ),
];

/// A Bratu solve on a 5 x 5 grid refined twice (17 x 17), ex5's zero initial guess
/// scaled: `Ok((iterations, solution))`.
fn bratu_solve(snes: &mut Snes, da: &Da) -> petsc::Result<(Int, Vector)> {
    let mut x = da.create_global_vector()?;
    x.set(Scalar::from(0.1))?;
    snes.solve(None, &mut x)?.check()?;
    Ok((snes.iteration_number()?, x))
}

/// Each nonlinear tree (Newton's KSP, a nonlinear preconditioner's KSP, FAS's level
/// smoothers, a composite's member): the recovery protocol (see `check_recovery`).
fn snes_trees(petsc: &Petsc) -> petsc::Result<()> {
    register(petsc)?;
    let world = petsc.world();
    for (k, (name, opts)) in SNES_TREES.iter().enumerate() {
        let prefix = format!("s{k}_");
        let opts = format!("-da_refine 2 -snes_rtol 1e-10 -snes_stol 0 {opts}");
        with_prefixed_options(petsc, &prefix, &opts, || {
            let da = Da::grid(&world)
                .sizes([5, 5])
                .options_prefix(&prefix)
                .from_options(true)
                .build()?;
            let mut snes = Snes::new(&world)?;
            snes.set_options_prefix(&prefix)?;
            snes.set_function_local(&da, bratu)?;
            snes.set_from_options()?;
            let first = check_recovery(name, || bratu_solve(&mut snes, &da), same_run)?;
            println!("  {name}: {} iterations, recovered", first.0);
            Ok(())
        })?;
    }
    Ok(())
}

pub fn cases() -> Vec<Case> {
    vec![
        Case::new("ksp_trees", ksp_trees).ranks(&[1, 2, 3]),
        Case::new("snes_trees", snes_trees).ranks(&[1, 2, 3]),
        Case::new("snes_fieldsplit", snes_fieldsplit)
            .ranks(&[1, 2, 3])
            .requires(
                cfg!(not(petsc_3_22)),
                "PETSc before 3.22 (from 3.22 the recovery of a failed SNES solve resets \
                 its KSP, and the splits given by index sets with it)",
            ),
        Case::new("ts_adjoint", ts_adjoint).ranks(&[1, 2]),
        Case::new("ts_snes", ts_snes).ranks(&[1, 2, 3]),
        Case::new("tao_ksp", tao_ksp)
            .ranks(&[1, 2, 3])
            .requires(cfg!(not(petsc_complex)), "real scalars (TAO)"),
    ]
}

/// Where the adjoint solve of [`decay`] fails while armed.
#[derive(Clone, Copy, PartialEq, Debug)]
enum AdjointFailure {
    /// The parameter Jacobian's closure.
    JacobianP,
    /// The RHS Jacobian's closure (the adjoint solve's linear systems).
    Jacobian,
}

/// `y' = -p y` (fixed steps of 0.1 to `t = 1`, of `ts_type`) with its Jacobians,
/// trajectory saved, and the closure `fail` names failing (an `Err`) while `armed`.
fn decay(
    world: &petsc::Comm,
    ts_type: TsType,
    fail: AdjointFailure,
    armed: std::rc::Rc<Cell<bool>>,
) -> petsc::Result<Ts> {
    let p = 0.5;
    let mut ts = Ts::new(world)?;
    ts.set_type(ts_type)?;
    ts.set_adapt_type("none")?;
    ts.set_rhs_function(None, move |_t, y, f| {
        f.copy_from(y)?;
        f.scale(Scalar::from(-p))
    })?;
    let a = Mat::aij(world)
        .sizes(petsc::Sizes::global(2, 2))
        .preallocate(1, 0)
        .build()?;
    let on = armed.clone();
    ts.set_rhs_jacobian(a, None, move |_t, _y, mats| {
        if on.get() && fail == AdjointFailure::Jacobian {
            return Err(Error::user("jacobian fails"));
        }
        for i in mats.pre().ownership_range()? {
            mats.pre()
                .set_value(i, i, Scalar::from(-p), InsertMode::Insert)?;
        }
        mats.pre().assemble()
    })?;
    let jp = Mat::dense(world)
        .sizes(petsc::Sizes::global(2, 1))
        .build()?;
    ts.set_rhs_jacobian_p(&jp, move |_t, y, m| {
        if armed.get() && fail == AdjointFailure::JacobianP {
            return Err(Error::user("jacobian p fails"));
        }
        let r = y.ownership_range()?;
        let yv = y.view()?;
        for (k, i) in r.enumerate() {
            m.set_value(i, 0, -yv[k], InsertMode::Insert)?;
        }
        m.assemble()
    })?;
    ts.set_trajectory_type("memory")?;
    ts.set_max_time(1.0)?;
    ts.set_exact_final_time(ExactFinalTime::Matchstep)?;
    Ok(ts)
}

/// From `y = 1` at `t = 0` (time, step number and step set as before any solve), a
/// forward solve and the adjoint solve of `J = sum y(T)`: `y(1)`, `dJ/dy0` and `dJ/dp`
/// (`dJ/dy0 = y(1)` for this linear problem); after `armed` is set, the adjoint solve's
/// `Err`.
fn forward_and_adjoint(
    ts: &mut Ts,
    y: &mut Vector,
    armed: &Cell<bool>,
    t_end: Real,
) -> petsc::Result<[Real; 3]> {
    ts.set_time(0.0)?;
    ts.set_step_number(0)?;
    ts.set_time_step(0.1)?;
    ts.set_max_time(t_end)?;
    y.set(Scalar::from(1.0))?;
    ts.solve(y)?.check()?;
    let y1 = y.max()?.value;
    assert!(
        (y1 - (-0.5 * t_end).exp()).abs() < 5e-2,
        "y({t_end}) = {y1}"
    );
    let mut lambda = y.duplicate()?;
    lambda.set(Scalar::from(1.0))?;
    let mu = Vector::new_mpi(&y.comm(), None, Some(1))?;
    ts.set_cost_gradients(vec![lambda], Some(vec![mu]))?;
    if armed.get() {
        ts.adjoint_solve()?;
        return Ok([y1; 3]);
    }
    ts.adjoint_solve()?;
    let (lambda, mu) = ts.cost_gradients()?;
    let l = lambda[0].max()?.value;
    assert!((l - y1).abs() < 1e-8, "{l} vs {y1}");
    let dp = re(mu.expect("mu")[0].sum()?);
    assert!(
        (dp + 2.0 * t_end * y1).abs() < 0.1 * t_end,
        "{dp} vs {}",
        -2.0 * t_end * y1
    );
    Ok([y1, l, dp])
}

/// A TS whose adjoint solve failed (in the parameter Jacobian, or in the RHS Jacobian of
/// the adjoint's linear solves) solves forward again, from the time, step number and
/// step the caller sets as after a successful adjoint solve, and its adjoint solve then
/// gives the gradients it gave before, also over a longer interval (the failed solve
/// left its number of steps to go back, and the next adjoint solve went back that far
/// only); for an explicit and an implicit method.
fn ts_adjoint(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    for ts_type in [TsType::Rk, TsType::Beuler, TsType::Cn] {
        for fail in [AdjointFailure::JacobianP, AdjointFailure::Jacobian] {
            let armed = std::rc::Rc::new(Cell::new(false));
            let mut ts = decay(&world, ts_type.clone(), fail, armed.clone())?;
            let mut y = Vector::new_mpi(&world, None, Some(2))?;
            let longer = {
                let mut fresh = decay(&world, ts_type.clone(), fail, armed.clone())?;
                forward_and_adjoint(&mut fresh, &mut y, &armed, 2.0)?
            };
            let first = forward_and_adjoint(&mut ts, &mut y, &armed, 1.0)?;
            assert_eq!(forward_and_adjoint(&mut ts, &mut y, &armed, 1.0)?, first);
            armed.set(true);
            let e = forward_and_adjoint(&mut ts, &mut y, &armed, 1.0);
            armed.set(false);
            match (e, fail) {
                (Err(e), _) => {
                    assert!(e.report().contains("fails"), "{ts_type:?} {fail:?}: {e}")
                }
                // An explicit method's adjoint solves no linear system.
                (Ok(_), AdjointFailure::Jacobian) if ts_type == TsType::Rk => {}
                (Ok(_), _) => panic!("{ts_type:?} {fail:?}: the adjoint solve did not fail"),
            }
            armed.set(true);
            assert!(
                forward_and_adjoint(&mut ts, &mut y, &armed, 1.0).is_err() || ts_type == TsType::Rk
            );
            armed.set(false);
            let again = forward_and_adjoint(&mut ts, &mut y, &armed, 2.0)?;
            assert_eq!(again, longer, "{ts_type:?} {fail:?}");
            let again = forward_and_adjoint(&mut ts, &mut y, &armed, 1.0)?;
            assert_eq!(again, first, "{ts_type:?} {fail:?}");
        }
    }
    Ok(())
}

/// `f(x) = x^T A x / 2 - sum x` for the tridiagonal `A` of the KSP trees, with gradient
/// `A x - 1` and Hessian `A`, minimized by Newton (`nls`) from `x = 0`, the failing PC
/// inside the blocks of its KSP's block Jacobi: the iterations and the minimizer.
fn tao_solve(tao: &mut Tao, x: &mut Vector) -> petsc::Result<(Int, Vector)> {
    x.set(Scalar::from(0.0))?;
    tao.set_solution(x)?;
    tao.solve()?.check()?;
    let status = tao.solution_status()?;
    assert!(status.reason.is_converged(), "{}", status.reason);
    let mut sol = x.duplicate()?;
    sol.copy_from(&tao.solution()?)?;
    Ok((status.iteration, sol))
}

/// TAO's KSP (Newton's): the recovery protocol (see `check_recovery`).
fn tao_ksp(petsc: &Petsc) -> petsc::Result<()> {
    register(petsc)?;
    let world = petsc.world();
    let a = petsc_tests::varying_tridiagonal(petsc, N)?;
    let opts = "-tao_type nls -tao_gatol 1e-10 -tao_nls_ksp_type cg -tao_nls_pc_type bjacobi \
                -tao_nls_sub_pc_type tfail";
    with_prefixed_options(petsc, "tk_", opts, || {
        let mut tao = Tao::new(&world)?;
        tao.set_options_prefix("tk_")?;
        let h = a.clone();
        tao.set_objective_and_gradient(move |x, g| {
            h.mult(x, g)?;
            let xax = x.dot(g)?;
            g.shift(Scalar::from(-1.0))?;
            Ok(re(xax / 2.0 - x.sum()?))
        })?;
        let hess = a.duplicate(petsc::MatDuplicateOption::CopyValues)?;
        tao.set_hessian(&hess, None, |_x, _mats| Ok(()))?;
        tao.set_from_options()?;
        let (mut x, _) = a.create_vecs()?;
        let first = check_recovery("tao nls", || tao_solve(&mut tao, &mut x), same_run)?;
        println!("  tao nls: {} iterations, recovered", first.0);
        Ok(())
    })
}

/// The SNES of an implicit TS (backward Euler on [`decay`], the failing PC in the blocks
/// of its KSP's block Jacobi): the recovery protocol (see `check_recovery`), each run
/// from the time and step number set again.
fn ts_snes(petsc: &Petsc) -> petsc::Result<()> {
    register(petsc)?;
    let world = petsc.world();
    let opts = "-ksp_type gmres -pc_type bjacobi -sub_pc_type tfail";
    with_prefixed_options(petsc, "tq_", opts, || {
        let armed = std::rc::Rc::new(Cell::new(false));
        let mut ts = decay(&world, TsType::Beuler, AdjointFailure::JacobianP, armed)?;
        ts.set_options_prefix("tq_")?;
        ts.set_from_options()?;
        let mut y = Vector::new_mpi(&world, None, Some(2))?;
        let run = || -> petsc::Result<(Int, Vector)> {
            ts.set_time(0.0)?;
            ts.set_step_number(0)?;
            ts.set_time_step(0.1)?;
            y.set(Scalar::from(1.0))?;
            ts.solve(&mut y)?.check()?;
            let mut end = y.duplicate()?;
            end.copy_from(&y)?;
            Ok((ts.step_number()?, end))
        };
        check_recovery("implicit TS", run, same_run)?;
        Ok(())
    })
}

/// Newton on `F(x) = A x + x^3 / 10 - 1` (the tridiagonal `A` of the KSP trees), its
/// KSP's fieldsplit given its two splits by index sets and the failing PC in the second:
/// the recovery protocol (see `check_recovery`). The splits are the caller's: a recovery
/// that reset the PC lost them, and every later solve failed.
fn snes_fieldsplit(petsc: &Petsc) -> petsc::Result<()> {
    register(petsc)?;
    let a = petsc_tests::varying_tridiagonal(petsc, N)?;
    let opts = "-ksp_type gmres -pc_type fieldsplit -fieldsplit_1_pc_type tfail";
    with_prefixed_options(petsc, "sf_", opts, || {
        let mut snes = Snes::new(&a.comm())?;
        snes.set_options_prefix("sf_")?;
        let op = a.clone();
        let (mut x, r) = a.create_vecs()?;
        snes.set_function(r, move |x, f| {
            op.mult(x, f)?;
            let (x, mut f) = (x.view()?, f.view_mut()?);
            for (fi, xi) in f.iter_mut().zip(x.iter()) {
                *fi += xi * xi * xi / 10.0 - 1.0;
            }
            Ok(())
        })?;
        let op = a.clone();
        snes.set_jacobian(
            &a.duplicate(petsc::MatDuplicateOption::CopyValues)?,
            None,
            move |x, mats| {
                let p = mats.pre();
                p.copy_from(&op)?;
                let mut d = x.duplicate()?;
                d.pointwise_mult(x, x)?;
                d.scale(Scalar::from(0.3))?;
                p.set_diagonal(&d, petsc::InsertMode::Add)?;
                p.assemble()
            },
        )?;
        let mut ksp = snes.ksp()?;
        splits(&mut ksp, &a, "-pc_type fieldsplit")?;
        snes.set_from_options()?;
        let mut solve = || -> petsc::Result<(Int, Vector)> {
            x.set(Scalar::from(0.0))?;
            snes.solve(None, &mut x)?.check()?;
            let mut sol = x.duplicate()?;
            sol.copy_from(&x)?;
            Ok((snes.iteration_number()?, sol))
        };
        check_recovery("newton, fieldsplit by index sets", &mut solve, same_run)?;
        Ok(())
    })
}
