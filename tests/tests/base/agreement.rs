//! Checks whose outcome can differ between ranks (local sizes, views alive on some
//! ranks only) are agreed on every rank before the collective call they guard. Each
//! case builds objects that match on some ranks only (local sizes 4/2/2 against 2/2/4
//! at 3 ranks, where rank 1 matches; 4/2 against 2/4 at 2; a view alive on rank 1
//! only) and asserts that every rank returns the `Err`, naming the method and the
//! problem, instead of a hang, an MPI error or a result written on some ranks only;
//! then that a good call works. At 1 rank the same calls are plain bad input.

use petsc::{
    Da, InsertMode, Int, Ksp, Mat, NormType, NullSpace, Pc, PcType, Petsc, Scalar, SfNode, SfOp,
    Sizes, Snes, StarForest, Tao, TaoType, Ts, TsType, Vector,
};
use petsc_tests::Case;

/// The modulus of a real or complex scalar.
fn abs(x: impl Into<petsc::Complex<f64>>) -> f64 {
    x.into().norm()
}

/// This rank's share of the layout every object of a case is made with: 4/2/2 entries
/// at 3 ranks.
fn ours(rank: i32) -> Int {
    if rank == 0 {
        4
    } else {
        2
    }
}

/// This rank's share of the layout that disagrees with [`ours`] on some ranks only: the
/// shares in reverse order (2/2/4 at 3 ranks, where rank 1 matches), and 3 entries at
/// 1 rank.
fn other(rank: i32, size: i32) -> Int {
    if size == 1 {
        3
    } else {
        ours(size - 1 - rank)
    }
}

/// Whether this rank is the one that keeps a view alive: rank 1 (rank 0 alone).
fn viewing(petsc: &Petsc) -> bool {
    let world = petsc.world();
    world.rank() == world.size().min(2) - 1
}

/// A vector on the world with [`ours`] (`odd` false) or [`other`] entries on this rank,
/// set to `value`.
fn split_vector(petsc: &Petsc, odd: bool, value: f64) -> petsc::Result<Vector> {
    let world = petsc.world();
    let (r, size) = (world.rank(), world.size());
    let n = if odd { other(r, size) } else { ours(r) };
    let mut v = Vector::new_mpi(&world, Some(n), None)?;
    v.set(value)?;
    Ok(v)
}

/// The diagonal matrix `2 I` with [`ours`] rows and columns on each rank.
fn diagonal(petsc: &Petsc) -> petsc::Result<Mat> {
    let world = petsc.world();
    let n = ours(world.rank());
    let mut a = Mat::aij(&world)
        .sizes(Sizes::local(n, n))
        .preallocate(1, 0)
        .build()?;
    for i in a.ownership_range()? {
        a.set_values(&[i], &[i], &[Scalar::from(2.0)], InsertMode::Insert)?;
    }
    a.assemble()?;
    Ok(a)
}

/// Asserts that `r` is an `Err` on this rank whose message names `method` and contains
/// `problem` (the rank that found it, or another rank's report of it).
fn refused<T: std::fmt::Debug>(r: petsc::Result<T>, method: &str, problem: &str) {
    let e = r.expect_err("the call must fail on every rank");
    let msg = e.report();
    assert!(
        msg.contains(method) && msg.contains(problem),
        "{method}: {msg}"
    );
}

/// Vectors: VecCopy, VecAXPY, VecWAXPY, VecPointwiseMult with layouts that match on
/// some ranks only; VecCopy, VecStrideNorm, the gather to all and the assembly with a
/// writable view alive on one rank.
fn vectors(petsc: &Petsc) -> petsc::Result<()> {
    let mut x = split_vector(petsc, false, 1.0)?;
    x.set_block_size(2)?;
    let odd = split_vector(petsc, true, 3.0)?;
    let mut y = split_vector(petsc, false, 0.0)?;
    refused(y.copy_from(&odd), "Vector::copy_from", "size");
    refused(y.axpy(1.0, &odd), "Vector::axpy", "size");
    refused(y.waxpy(1.0, &x, &odd), "Vector::waxpy", "size");
    refused(y.pointwise_mult(&odd, &x), "Vector::pointwise_mult", "size");
    // Nothing was written on rank 1 either.
    assert_eq!(y.norm(NormType::One)?, 0.0);
    // A writable view of `x` alive on rank 1 only: reading `x` is refused there.
    let mut x2 = x.clone();
    {
        let view = viewing(petsc).then(|| x2.view_mut()).transpose()?;
        refused(y.copy_from(&x), "Vector::copy_from", "view");
        refused(
            x.stride_norm(0, NormType::Two),
            "Vector::stride_norm",
            "view",
        );
        refused(x.to_all().map(drop), "Vector::to_all", "view");
        refused(x.assemble(), "Vector::assemble", "view");
        drop(view);
    }
    drop(x2);
    // Usable after.
    y.copy_from(&x)?;
    y.axpy(1.0, &x)?;
    let n = x.size()? as f64;
    assert_eq!(y.sum()?, Scalar::from(2.0 * n));
    assert_eq!(x.stride_norm(0, NormType::One)?, n / 2.0);
    assert_eq!(x.to_all()?.sum()?, Scalar::from(n));
    Ok(())
}

/// Matrices: products (plain, transposed, added) with vectors of another split.
fn matrices(petsc: &Petsc) -> petsc::Result<()> {
    let a = diagonal(petsc)?;
    let x = split_vector(petsc, false, 1.0)?;
    let odd = split_vector(petsc, true, 1.0)?;
    let mut y = split_vector(petsc, false, 0.0)?;
    let mut odd_out = split_vector(petsc, true, 0.0)?;
    refused(a.mult(&odd, &mut y), "Mat::mult", "on this rank");
    refused(a.mult(&x, &mut odd_out), "Mat::mult", "on this rank");
    refused(
        a.mult_transpose(&odd, &mut y),
        "Mat::mult_transpose",
        "on this rank",
    );
    refused(
        a.mult_add(&x, &odd, &mut y),
        "Mat::mult_add",
        "on this rank",
    );
    a.mult(&x, &mut y)?;
    assert_eq!(y.sum()?, Scalar::from(2.0 * x.size()? as f64));
    Ok(())
}

/// KSPSolve and PCApply with a right-hand side of another split; KSPSolve with a view
/// of the solution alive on one rank.
fn krylov(petsc: &Petsc) -> petsc::Result<()> {
    let a = diagonal(petsc)?;
    let mut ksp = Ksp::new(&petsc.world())?;
    ksp.set_operators(&a, &a)?;
    let b = split_vector(petsc, false, 2.0)?;
    let odd = split_vector(petsc, true, 2.0)?;
    let mut x = split_vector(petsc, false, 0.0)?;
    refused(ksp.solve(&odd, &mut x).map(drop), "Ksp::solve", "size");
    // The preconditioner alone.
    let mut pc = Pc::new(&petsc.world())?;
    pc.set_operators(&a, &a)?;
    pc.set_type(PcType::Jacobi)?;
    refused(pc.apply(&odd, &mut x), "Pc::apply", "on this rank");
    // A view of the solution alive on rank 1 only.
    {
        let x2 = x.clone();
        let view = viewing(petsc).then(|| x2.view()).transpose()?;
        refused(ksp.solve(&b, &mut x).map(drop), "Ksp::solve", "view");
        drop(view);
    }
    ksp.solve(&b, &mut x)?.check()?;
    let n = x.size()? as f64;
    assert!(abs(x.sum()? - Scalar::from(n)) < 1e-10);
    pc.apply(&b, &mut x)?;
    assert_eq!(x.sum()?, Scalar::from(n));
    Ok(())
}

/// SNESComputeFunction and SNESComputeNGS with vectors of another split; SNESSolve
/// with a view of the solution alive on one rank.
fn nonlinear(petsc: &Petsc) -> petsc::Result<()> {
    let mut snes = Snes::new(&petsc.world())?;
    // F(x) = x - 2.
    snes.set_function(split_vector(petsc, false, 0.0)?, |x, f| {
        f.copy_from(x)?;
        f.shift(-2.0)
    })?;
    let mut x = split_vector(petsc, false, 0.0)?;
    let odd = split_vector(petsc, true, 0.0)?;
    let mut f = split_vector(petsc, false, 0.0)?;
    refused(
        snes.compute_function(&odd, &mut f),
        "Snes::compute_function",
        "size",
    );
    {
        let x2 = x.clone();
        let view = viewing(petsc).then(|| x2.view()).transpose()?;
        refused(snes.solve(None, &mut x).map(drop), "Snes::solve", "view");
        drop(view);
    }
    let b = split_vector(petsc, false, 0.0)?;
    let mut x_odd = split_vector(petsc, true, 0.0)?;
    refused(
        snes.compute_ngs(Some(&b), &mut x_odd),
        "Snes::compute_ngs",
        "size",
    );
    snes.solve(None, &mut x)?.check()?;
    assert!(abs(x.sum()? - Scalar::from(2.0 * x.size()? as f64)) < 1e-8);
    snes.compute_function(&x, &mut f)?;
    Ok(())
}

/// TSComputeRHSFunction with an output of another split; TSSolve with a view of the
/// solution alive on one rank.
fn integrators(petsc: &Petsc) -> petsc::Result<()> {
    let mut ts = Ts::new(&petsc.world())?;
    ts.set_type(TsType::Euler)?;
    ts.set_rhs_function(None, |_t, u, f| {
        f.copy_from(u)?;
        f.scale(-1.0)
    })?;
    ts.set_time_step(0.5)?;
    ts.set_max_steps(1)?;
    let mut u = split_vector(petsc, false, 1.0)?;
    let mut odd = split_vector(petsc, true, 0.0)?;
    refused(
        ts.compute_rhs_function(0.0, &u, &mut odd),
        "Ts::compute_rhs_function",
        "size",
    );
    {
        let u2 = u.clone();
        let view = viewing(petsc).then(|| u2.view()).transpose()?;
        refused(ts.solve(&mut u).map(drop), "Ts::solve", "view");
        drop(view);
    }
    ts.solve(&mut u)?.check()?;
    // One explicit Euler step of u' = -u: u = 1/2.
    assert!(abs(u.sum()? - Scalar::from(u.size()? as f64 / 2.0)) < 1e-12);
    Ok(())
}

/// TaoSetVariableBounds and TaoComputeObjective with vectors of another split;
/// TaoSolve with a view of the solution alive on one rank.
fn optimizers(petsc: &Petsc) -> petsc::Result<()> {
    let x = split_vector(petsc, false, 0.0)?;
    let mut tao = Tao::new(&petsc.world())?;
    tao.set_type(TaoType::Blmvm)?;
    tao.set_solution(&x)?;
    // min sum (x_i - 3)^2.
    tao.set_objective_and_gradient(|x, g| {
        g.copy_from(x)?;
        g.shift(-3.0)?;
        let n = g.norm(NormType::Two)?;
        g.scale(2.0)?;
        Ok(n * n)
    })?;
    let odd = split_vector(petsc, true, 1.0)?;
    refused(
        tao.set_variable_bounds(None, Some(&odd)),
        "Tao::set_variable_bounds",
        "size",
    );
    refused(
        tao.compute_objective(&odd),
        "Tao::compute_objective",
        "size",
    );
    {
        let x2 = x.clone();
        let view = viewing(petsc).then(|| x2.view()).transpose()?;
        refused(tao.solve().map(drop), "Tao::solve", "view");
        drop(view);
    }
    let upper = split_vector(petsc, false, 1.0)?;
    tao.set_variable_bounds(None, Some(&upper))?;
    tao.solve()?.check()?;
    // The minimizer is on the upper bound.
    assert!(abs(x.sum()? - Scalar::from(x.size()? as f64)) < 1e-6);
    Ok(())
}

/// MatNullSpaceRemove on a vector of another split than the null space's.
fn null_spaces(petsc: &Petsc) -> petsc::Result<()> {
    let ns = NullSpace::new(&petsc.world(), true, &[])?;
    let e = split_vector(petsc, false, 1.0)?;
    let ns_vec = {
        let mut e = e.clone();
        let n = e.norm(NormType::Two)?;
        e.scale(1.0 / n)?;
        NullSpace::new(&petsc.world(), false, &[&e])?
    };
    let mut odd = split_vector(petsc, true, 1.0)?;
    refused(ns_vec.remove(&mut odd), "NullSpace::remove", "size");
    let mut v = split_vector(petsc, false, 1.0)?;
    ns.remove(&mut v)?;
    assert!(v.norm(NormType::Infinity)? < 1e-14);
    Ok(())
}

/// DMDA global-to-local and global-to-natural with a global vector of another split,
/// and with a view of the destination alive on one rank.
fn grids(petsc: &Petsc) -> petsc::Result<()> {
    // 8 points over 3 ranks: PETSc splits them 3/3/2, and `odd` 3/2/3.
    let da = Da::grid(&petsc.world()).sizes([8]).build()?;
    let odd = petsc_tests::split_otherwise(&da.create_global_vector()?)?;
    let mut l = da.create_local_vector()?;
    refused(
        da.global_to_local(&odd, InsertMode::Insert, &mut l),
        "global_to_local",
        "entries on this rank",
    );
    let mut n = da.create_natural_vector()?;
    refused(
        da.global_to_natural(&odd, InsertMode::Insert, &mut n),
        "Da::global_to_natural",
        "on this rank",
    );
    let mut g = da.create_global_vector()?;
    g.set(1.0)?;
    // A view of the destination alive on rank 1 only.
    {
        let l2 = l.clone();
        let view = viewing(petsc).then(|| l2.view()).transpose()?;
        refused(
            da.global_to_local(&g, InsertMode::Insert, &mut l),
            "global_to_local",
            "view",
        );
        let n2 = n.clone();
        let nview = viewing(petsc).then(|| n2.view()).transpose()?;
        refused(
            da.global_to_natural(&g, InsertMode::Insert, &mut n),
            "Da::global_to_natural",
            "view",
        );
        drop((view, nview));
    }
    da.global_to_local(&g, InsertMode::Insert, &mut l)?;
    assert!(l.view()?.iter().all(|&v| v == Scalar::from(1.0)));
    da.global_to_natural(&g, InsertMode::Insert, &mut n)?;
    assert_eq!(n.sum()?, Scalar::from(8.0));
    Ok(())
}

/// PetscSFBcast with a leaf array too short on one rank (already agreed before).
fn star_forests(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let (r, size) = (world.rank(), world.size());
    // Each rank owns one root and reads the next rank's.
    let mut sf = StarForest::new(&world)?;
    let next = SfNode {
        rank: Int::from((r + 1) % size),
        index: 0,
    };
    sf.set_graph(1, None, &[next])?;
    sf.set_up()?;
    let roots = [r as Int * 10];
    // On rank 1 only, a leaf array too short.
    let mut short: Vec<Int> = vec![];
    let mut leaves = vec![0 as Int; 1];
    let out = if viewing(petsc) {
        &mut short
    } else {
        &mut leaves
    };
    refused(
        sf.bcast(&roots, out, SfOp::Replace),
        "StarForest::bcast",
        "leaf",
    );
    sf.bcast(&roots, &mut leaves, SfOp::Replace)?;
    assert_eq!(leaves[0], ((r + 1) % size) as Int * 10);
    Ok(())
}

pub fn cases() -> Vec<Case> {
    vec![
        Case::new("vectors", vectors).ranks(&[1, 2, 3]),
        Case::new("matrices", matrices).ranks(&[1, 2, 3]),
        Case::new("krylov", krylov).ranks(&[1, 2, 3]),
        Case::new("nonlinear", nonlinear).ranks(&[1, 2, 3]),
        Case::new("integrators", integrators).ranks(&[1, 2, 3]),
        Case::new("optimizers", optimizers).ranks(&[1, 2, 3]),
        Case::new("null_spaces", null_spaces).ranks(&[1, 2, 3]),
        Case::new("grids", grids).ranks(&[1, 2, 3]),
        Case::new("star_forests", star_forests).ranks(&[1, 2, 3]),
    ]
}
