//! The spaces of finite elements (`PetscSpace`, `PetscDualSpace`): polynomial space
//! dimensions against their closed forms (full and tensor, sums and tensor products of
//! spaces), the Lagrange elements' functionals and their counts per cell point, a dual
//! space made by hand (`simple`); and bad input, refused before PETSc reads something
//! that is not there. Sequential objects: the cases run at 1 and 2 ranks.

use petsc::{
    CellKind, DmBase, DualSpace, DualSpaceType, Fe, FeTileSizes, Int, Object, Petsc, Quadrature,
    Space, SpaceType,
};
use petsc_tests::Case;

/// `n` choose `k`.
fn binomial(n: Int, k: Int) -> Int {
    (1..=k).fold(1, |acc, i| acc * (n - k + i) / i)
}

fn poly(petsc: &Petsc, vars: Int, degree: Int, tensor: bool) -> petsc::Result<Space> {
    let mut sp = Space::new(&petsc.self_comm())?;
    sp.set_type(SpaceType::Polynomial)?;
    sp.set_num_variables(vars)?;
    sp.set_degree(degree, None)?;
    sp.set_polynomial_tensor(tensor)?;
    sp.set_up()?;
    Ok(sp)
}

/// `P_k` in `d` variables has `C(k + d, d)` functions, `Q_k` has `(k + 1)^d`; a sum
/// concatenating two scalar spaces has both components; a tensor product of two
/// one-variable `P_2` spaces is `Q_2`.
fn spaces_dimensions(petsc: &Petsc) -> petsc::Result<()> {
    for d in 1..=3 {
        for k in 0..=3 {
            let p = poly(petsc, d, k, false)?;
            assert_eq!(p.dimension()?, binomial(k + d, d), "P_{k} in {d} variables");
            assert_eq!(p.degree()?.0, k);
            assert!(!p.polynomial_tensor()?);
            let q = poly(petsc, d, k, true)?;
            assert_eq!(
                q.dimension()?,
                (k + 1).pow(d as u32),
                "Q_{k} in {d} variables"
            );
        }
    }
    let comm = petsc.self_comm();
    let mut sum = Space::new(&comm)?;
    sum.set_type(SpaceType::Sum)?;
    sum.set_num_variables(2)?;
    sum.set_sum_num_subspaces(2)?;
    sum.set_sum_concatenate(true)?;
    for s in 0..2 {
        sum.set_sum_subspace(s, &poly(petsc, 2, 1, false)?)?;
    }
    sum.set_num_components(2)?;
    sum.set_up()?;
    assert_eq!(sum.sum_num_subspaces()?, 2);
    assert!(sum.sum_concatenate()?);
    assert_eq!(sum.dimension()?, 6);
    assert_eq!(sum.sum_subspace(1)?.dimension()?, 3);

    let mut tensor = Space::new(&comm)?;
    tensor.set_type(SpaceType::Tensor)?;
    tensor.set_num_variables(2)?;
    tensor.set_tensor_num_subspaces(2)?;
    for s in 0..2 {
        tensor.set_tensor_subspace(s, &poly(petsc, 1, 2, false)?)?;
    }
    tensor.set_up()?;
    assert_eq!(tensor.tensor_num_subspaces()?, 2);
    assert_eq!(tensor.dimension()?, 9);
    assert_eq!(tensor.tensor_subspace(0)?.num_variables()?, 1);
    Ok(())
}

/// The Lagrange elements: `P_2` on triangles has one functional on each vertex and each
/// edge and none inside; `Q_1` on quadrilaterals one on each vertex; each functional is a
/// point evaluation (a one-point rule); the element's spaces are its own.
fn spaces_lagrange(petsc: &Petsc) -> petsc::Result<()> {
    let comm = petsc.self_comm();
    let p2 = Fe::builder(&comm, 2, 1)
        .cell(CellKind::Simplex)
        .degree(2)
        .build()?;
    let basis = p2.basis_space()?;
    assert_eq!(basis.dimension()?, 6);
    assert_eq!(basis.degree()?.0, 2);
    let dual = p2.dual_space()?;
    assert_eq!(dual.ty()?, Some(DualSpaceType::Lagrange));
    assert_eq!((dual.dimension()?, dual.interior_dimension()?), (6, 0));
    assert_eq!(dual.num_dof()?, vec![1, 1, 0]);
    assert_eq!(dual.order()?, 2);
    assert_eq!(dual.num_components()?, 1);
    assert!(dual.lagrange_continuity()?);
    assert!(!dual.lagrange_trimmed()?);
    for i in 0..6 {
        assert_eq!(dual.functional(i)?.data()?.num_points(), 1);
    }
    let cell = dual.dm()?.expect("a reference cell");
    assert_eq!(cell.dimension()?, 2);
    let copy = dual.duplicate()?;
    assert_eq!(copy.type_name()?, "lagrange");

    let q1 = Fe::builder(&comm, 2, 1).degree(1).build()?;
    let d = q1.dual_space()?;
    assert_eq!(d.dimension()?, 4);
    assert_eq!(d.num_dof()?, vec![1, 0, 0]);
    assert!(d.lagrange_tensor()?);

    // Tile sizes by name, read back as set; a size below one refused.
    let mut q1 = q1;
    let t = FeTileSizes {
        block_size: 2,
        num_blocks: 1,
        batch_size: 2,
        num_batches: 3,
    };
    q1.set_tile_sizes_to(t)?;
    assert_eq!(q1.tiling()?, t);
    assert_eq!(q1.tile_sizes()?, (2, 1, 2, 3));
    let e = q1
        .set_tile_sizes_to(FeTileSizes {
            num_batches: 0,
            ..t
        })
        .unwrap_err()
        .to_string();
    assert!(e.contains("must be positive"), "{e}");
    assert_eq!(q1.tiling()?, t);
    Ok(())
}

/// A `simple` dual space on P1's triangle: three point evaluations at the vertices.
fn spaces_simple_dual(petsc: &Petsc) -> petsc::Result<()> {
    let comm = petsc.self_comm();
    let p1 = Fe::builder(&comm, 2, 1)
        .cell(CellKind::Simplex)
        .degree(1)
        .build()?;
    let cell = p1.dual_space()?.dm()?.expect("a reference cell");
    let mut simple = DualSpace::new(&comm)?;
    simple.set_type(DualSpaceType::Simple)?;
    simple.set_dm(&cell)?;
    simple.set_simple_dimension(3)?;
    for i in 0..3 {
        let q: Quadrature = p1.dual_space()?.functional(i)?;
        simple.set_simple_functional(i, &q)?;
    }
    let e = simple
        .set_simple_functional(3, &p1.dual_space()?.functional(0)?)
        .unwrap_err();
    assert!(e.report().contains("not in [0, 3)"), "{e}");
    simple.set_up()?;
    assert_eq!(simple.dimension()?, 3);
    assert_eq!(simple.functional(2)?.data()?.num_points(), 1);
    Ok(())
}

/// Bad input, each an `Err`: setters of another type, indices out of range, a dual
/// space without its cell (PETSc would read it), a degree below zero.
fn spaces_refuse_bad_input(petsc: &Petsc) -> petsc::Result<()> {
    let comm = petsc.self_comm();
    let mut p = poly(petsc, 2, 1, false)?;
    for e in [
        p.set_sum_num_subspaces(2).unwrap_err(),
        p.set_tensor_num_subspaces(2).unwrap_err(),
        p.set_p_trimmed_form_degree(1).unwrap_err(),
        p.point_points().map(|_| ()).unwrap_err(),
    ] {
        assert!(e.report().contains("the space has type 'poly'"), "{e}");
    }
    let e = p.set_degree(-1, None).unwrap_err().report();
    assert!(e.contains("degree -1"), "{e}");
    let mut sum = Space::new(&comm)?;
    sum.set_type(SpaceType::Sum)?;
    sum.set_sum_num_subspaces(1)?;
    let e = sum.sum_subspace(1).map(|_| ()).unwrap_err().report();
    assert!(e.contains("subspace 1; the space has 1"), "{e}");
    let e = sum.sum_subspace(0).map(|_| ()).unwrap_err().report();
    assert!(e.contains("not set yet"), "{e}");

    let bare = DualSpace::new(&comm)?;
    for e in [
        bare.dimension().map(|_| ()),
        bare.num_dof().map(|_| ()),
        bare.duplicate().map(|_| ()),
        bare.interior_dimension().map(|_| ()),
    ] {
        let e = e.unwrap_err().report();
        assert!(e.contains("no reference cell"), "{e}");
    }
    assert!(bare.dm()?.is_none());
    let mut simple = DualSpace::new(&comm)?;
    simple.set_type(DualSpaceType::Simple)?;
    let e = simple.set_lagrange_tensor(true).unwrap_err().report();
    assert!(e.contains("type 'simple'; this needs 'lagrange'"), "{e}");
    let p2 = Fe::builder(&comm, 2, 1)
        .cell(CellKind::Simplex)
        .degree(2)
        .build()?;
    let e = p2
        .dual_space()?
        .functional(6)
        .map(|_| ())
        .unwrap_err()
        .to_string();
    assert!(e.contains("functional 6; the dual space has 6"), "{e}");
    Ok(())
}

pub fn cases() -> Vec<Case> {
    const R: &[usize] = &[1, 2];
    vec![
        Case::new("spaces_dimensions", spaces_dimensions).ranks(R),
        Case::new("spaces_lagrange", spaces_lagrange).ranks(R),
        Case::new("spaces_simple_dual", spaces_simple_dual).ranks(R),
        Case::new("spaces_refuse_bad_input", spaces_refuse_bad_input).ranks(R),
    ]
}
