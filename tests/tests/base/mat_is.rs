//! Matrices assembled from subdomain pieces (`MATIS`) at 1, 2 and 3 ranks: a 1D finite
//! element matrix assembled element by element on each rank's subdomain equals the same
//! matrix assembled globally in AIJ, products agree, a BDDC solve on it matches a solve
//! with the AIJ matrix, the local matrices can be read, replaced and preallocated, and
//! bad input is an `Err`.

use petsc::{
    Complex, InsertMode, Int, Ksp, LgMap, Mat, MatDuplicateOption, NormType, Object, Petsc, Scalar,
    Sizes, Vector,
};
use petsc_tests::Case;

/// `x` as a scalar (real or complex, as PETSc was built).
fn sc(x: f64) -> Scalar {
    Scalar::from(x)
}

/// Real numbers as scalars.
fn scalars(v: &[f64]) -> Vec<Scalar> {
    v.iter().copied().map(sc).collect()
}

/// Elements in all.
const ELEMENTS: Int = 12;

fn abs(x: impl Into<Complex<f64>>) -> f64 {
    x.into().norm()
}

/// The element matrix of `-u'' + u` with linear elements of width `h` (lumped mass).
fn element(h: f64) -> [Scalar; 4] {
    let (k, m) = (1.0 / h, h / 2.0);
    [k + m, -k, -k, k + m].map(Scalar::from)
}

/// This rank's elements (contiguous) and its subdomain's nodes, `first..=last`.
fn my_elements(petsc: &Petsc) -> std::ops::Range<Int> {
    let (r, n) = (petsc.world().rank() as Int, petsc.world().size() as Int);
    let per = ELEMENTS / n;
    r * per..(r + 1) * per
}

/// The matrix assembled on each rank's subdomain.
fn assembled_is(petsc: &Petsc) -> petsc::Result<Mat> {
    let world = petsc.world();
    let els = my_elements(petsc);
    let nodes: Vec<Int> = (els.start..=els.end).collect();
    let map = LgMap::new(&world, 1, &nodes)?;
    let n = ELEMENTS + 1;
    let mut a = Mat::new_is_sized(&world, Sizes::global(n, n), 1, &map, None)?;
    let h = 1.0 / ELEMENTS as f64;
    for e in 0..els.end - els.start {
        let loc = [e, e + 1];
        a.set_values_local(&loc, &loc, &element(h), InsertMode::Add)?;
    }
    a.assemble()?;
    Ok(a)
}

/// The same matrix assembled globally in AIJ.
fn assembled_aij(petsc: &Petsc) -> petsc::Result<Mat> {
    let n = ELEMENTS + 1;
    let mut a = Mat::aij(&petsc.world())
        .sizes(Sizes::global(n, n))
        .preallocate(3, 2)
        .build()?;
    let h = 1.0 / ELEMENTS as f64;
    for e in my_elements(petsc) {
        a.set_values(&[e, e + 1], &[e, e + 1], &element(h), InsertMode::Add)?;
    }
    a.assemble()?;
    Ok(a)
}

fn numbered(v: &mut Vector) -> petsc::Result<()> {
    let lo = v.ownership_range()?.start;
    let mut w = v.view_mut()?;
    for (k, x) in w.iter_mut().enumerate() {
        *x = Scalar::from(1.0 + (lo + k as Int) as f64);
    }
    Ok(())
}

/// The subdomain assembly is the global one, in entries and in products.
fn assembly(petsc: &Petsc) -> petsc::Result<()> {
    let a = assembled_is(petsc)?;
    assert_eq!(a.type_name()?, "is");
    let b = assembled_aij(petsc)?;
    let mut d = a.convert("aij")?;
    d.axpy(Scalar::from(-1.0), &b, petsc::MatStructure::Different)?;
    assert!(
        d.norm(NormType::Frobenius)? < 1e-12,
        "{}",
        d.norm(NormType::Frobenius)?
    );
    let (mut x, mut y) = b.create_vecs()?;
    numbered(&mut x)?;
    let mut z = y.duplicate()?;
    a.mult(&x, &mut y)?;
    b.mult(&x, &mut z)?;
    y.axpy(Scalar::from(-1.0), &z)?;
    assert!(y.norm(NormType::Infinity)? < 1e-12);
    Ok(())
}

/// CG with BDDC on the subdomain matrix solves what CG with Jacobi solves on AIJ.
fn bddc_solve(petsc: &Petsc) -> petsc::Result<()> {
    let a = assembled_is(petsc)?;
    let b = assembled_aij(petsc)?;
    let solve = |m: &Mat, pc: &str| -> petsc::Result<(Vector, Int)> {
        let mut ksp = Ksp::new(&petsc.world())?;
        ksp.set_operators(m, m)?;
        ksp.set_type_name("cg")?;
        ksp.pc()?.set_type_name(pc)?;
        ksp.set_tolerances(petsc::KspTolerances {
            rtol: Some(1e-12),
            ..Default::default()
        })?;
        let (mut x, mut rhs) = m.create_vecs()?;
        rhs.set(1.0)?;
        ksp.solve(&rhs, &mut x)?.check()?;
        Ok((x, ksp.iteration_number()?))
    };
    let (mut x_bddc, its) = solve(&a, "bddc")?;
    let (x_ref, _) = solve(&b, "jacobi")?;
    x_bddc.axpy(Scalar::from(-1.0), &x_ref)?;
    let err = x_bddc.norm(NormType::Infinity)? / x_ref.norm(NormType::Infinity)?;
    assert!(err < 1e-9, "BDDC differs by {err}");
    // One subdomain is a direct solve; more take a few iterations of the interface.
    assert!(its <= 3 * petsc.world().size() as Int, "{its} iterations");
    // BDDC given the subdomain's graph (a chain of its nodes) solves the same.
    let mut ksp = Ksp::new(&petsc.world())?;
    ksp.set_operators(&a, &a)?;
    ksp.set_type_name("cg")?;
    let mut pc = ksp.pc()?;
    pc.set_type_name("bddc")?;
    let els = my_elements(petsc);
    let nodes = els.end - els.start + 1;
    let mut xadj = vec![0];
    let mut adjncy = Vec::new();
    for i in 0..nodes {
        adjncy.extend(
            [i - 1, i + 1]
                .into_iter()
                .filter(|j| (0..nodes).contains(j)),
        );
        xadj.push(adjncy.len() as Int);
    }
    pc.set_bddc_local_adjacency(&xadj, &adjncy)?;
    assert!(pc.set_bddc_local_adjacency(&[0, 1], &[nodes]).is_err());
    ksp.set_tolerances(petsc::KspTolerances {
        rtol: Some(1e-12),
        ..Default::default()
    })?;
    let (mut x, mut rhs) = a.create_vecs()?;
    rhs.set(1.0)?;
    ksp.solve(&rhs, &mut x)?.check()?;
    x.axpy(Scalar::from(-1.0), &x_ref)?;
    assert!(x.norm(NormType::Infinity)? < 1e-9 * x_ref.norm(NormType::Infinity)?);
    Ok(())
}

/// The local matrices: read, preallocated, replaced.
fn local_matrices(petsc: &Petsc) -> petsc::Result<()> {
    let h = 1.0 / ELEMENTS as f64;
    let mut a = assembled_is(petsc)?;
    let n_local = {
        let e = my_elements(petsc);
        e.end - e.start + 1
    };
    {
        let local = a.is_local_mat()?;
        assert_eq!(local.size()?, (n_local, n_local));
        assert_eq!(local.comm().size(), 1);
        // The subdomain's first node has one element of it.
        let v = abs(local.values(&[0], &[0])?[0]);
        assert!((v - (1.0 / h + h / 2.0)).abs() < 1e-12, "{v}");
    }
    // Doubling every local matrix doubles the global one.
    let doubled = {
        let local = a.is_local_mat()?;
        let mut copy = local.duplicate(MatDuplicateOption::CopyValues)?;
        copy.scale(Scalar::from(2.0))?;
        copy
    };
    a.set_is_local_mat(&doubled)?;
    a.assemble()?;
    let mut d = a.convert("aij")?;
    let mut b = assembled_aij(petsc)?;
    b.scale(Scalar::from(2.0))?;
    d.axpy(Scalar::from(-1.0), &b, petsc::MatStructure::Different)?;
    assert!(d.norm(NormType::Frobenius)? < 1e-12);
    // Preallocation as for MPI AIJ: three entries a row, at most one off the diagonal
    // block.
    let world = petsc.world();
    let els = my_elements(petsc);
    let nodes: Vec<Int> = (els.start..=els.end).collect();
    let map = LgMap::new(&world, 1, &nodes)?;
    let n = ELEMENTS + 1;
    let mut p = Mat::new_is_sized(&world, Sizes::global(n, n), 1, &map, None)?;
    let m = p.local_size()?.0 as usize;
    let e = p
        .set_is_preallocation(3, Some(&vec![3; m + 1]), 1, None)
        .unwrap_err();
    assert!(e.report().contains("counts"), "{e}");
    p.set_is_preallocation(3, Some(&vec![3; m]), 1, Some(&vec![1; m]))?;
    // The local matrix `a` lends cannot be kept by another matrix past its loan.
    {
        let lent = a.is_local_mat()?;
        assert!(p.set_is_local_mat(&lent).is_err());
    }
    p.fix_is_local_empty(true)?;
    for k in 0..els.end - els.start {
        p.set_values_local(&[k, k + 1], &[k, k + 1], &element(h), InsertMode::Add)?;
    }
    p.assemble()?;
    let mut d = p.convert("aij")?;
    d.axpy(
        Scalar::from(-1.0),
        &assembled_aij(petsc)?,
        petsc::MatStructure::Different,
    )?;
    assert!(d.norm(NormType::Frobenius)? < 1e-12);
    Ok(())
}

/// Bad input is an `Err` on every rank.
fn bad_input(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let n = ELEMENTS + 1;
    // A mapping past the global size.
    let past = LgMap::new(&world, 1, &[0, n])?;
    assert!(Mat::new_is_sized(&world, Sizes::global(n, n), 1, &past, None).is_err());
    let map = LgMap::new(&world, 1, &[0, 1])?;
    let e = Mat::new_is_sized(&world, Sizes::global(n, n), 0, &map, None).unwrap_err();
    assert!(e.report().contains("block size"), "{e}");
    // A mapping on another communicator.
    if world.size() > 1 {
        let alone = LgMap::new(&petsc.self_comm(), 1, &[0, 1])?;
        assert!(Mat::new_is_sized(&world, Sizes::global(n, n), 1, &alone, None).is_err());
    }
    // The MATIS operations on another type, and a local matrix of the wrong size.
    let mut aij = assembled_aij(petsc)?;
    assert!(aij
        .is_local_mat()
        .unwrap_err()
        .to_string()
        .contains("not 'is'"));
    assert!(aij.fix_is_local_empty(true).is_err());
    let mut a = assembled_is(petsc)?;
    let small = Mat::dense(&petsc.self_comm())
        .sizes(Sizes::global(1, 1))
        .build()?;
    assert!(a.set_is_local_mat(&small).is_err());
    Ok(())
}

/// `Mat::new_is_sized` with local sizes: the global ones are their sums, and the layout
/// reads back; sizes that do not add up are an `Err` on every rank.
fn new_is_sized_layouts(petsc: &Petsc) -> petsc::Result<()> {
    let world = petsc.world();
    let (rank, size) = (world.rank() as Int, world.size() as Int);
    let n = 2 * size;
    let nodes = [2 * rank, 2 * rank + 1, (2 * rank + 2) % n];
    let map = LgMap::new(&world, 1, &nodes)?;
    let mut a = Mat::new_is_sized(&world, Sizes::local(2, 2), 1, &map, None)?;
    assert_eq!(a.sizes()?, Sizes::local(2, 2).with_global(n, n));
    for e in [[0, 1], [1, 2]] {
        a.set_values_local(&e, &e, &scalars(&[1.0, -1.0, -1.0, 1.0]), InsertMode::Add)?;
    }
    a.assemble()?;
    let aij = a.convert("aij")?;
    assert_eq!(aij.values(&[2 * rank], &[2 * rank])?, scalars(&[2.0]));
    let bad = Sizes::local(2, 2).with_global(n + 1, n);
    assert!(Mat::new_is_sized(&world, bad, 1, &map, None).is_err());
    Ok(())
}

pub fn cases() -> Vec<Case> {
    const R: &[usize] = &[1, 2, 3];
    vec![
        Case::new("matis_assembly", assembly).ranks(R),
        Case::new("matis_bddc_solve", bddc_solve).ranks(R),
        Case::new("matis_local_matrices", local_matrices).ranks(R),
        Case::new("matis_bad_input", bad_input).ranks(R),
        Case::new("matis_new_is_sized_layouts", new_is_sized_layouts).ranks(R),
    ]
}
