//! Terms of an objective function (`TaoTerm`, PETSc 3.25 and later) at 1 and 2 ranks:
//! the ℓ1 norm and half the squared distance of a known vector, with and without
//! parameters, against their closed forms; types and bad input.

#[cfg(all(petsc_3_25, not(petsc_complex)))]
use petsc::{Int, Object, Petsc, Real, Scalar, TaoTerm, TaoTermType, Vector};
use petsc_tests::Case;

/// `x_i = (-1)^i (i + 1)` over the ranks, and its global size.
#[cfg(all(petsc_3_25, not(petsc_complex)))]
fn alternating(petsc: &Petsc) -> petsc::Result<(Vector, Int)> {
    let world = petsc.world();
    let mut x = Vector::new_mpi(&world, Some(3), None)?;
    let r = x.ownership_range()?;
    let idx: Vec<Int> = r.clone().collect();
    let vals: Vec<Scalar> = r
        .map(|i| Scalar::from(if i % 2 == 0 { 1.0 } else { -1.0 } * (i + 1) as Real))
        .collect();
    x.set_values(&idx, &vals, petsc::InsertMode::Insert)?;
    x.assemble()?;
    let n = x.size()?;
    Ok((x, n))
}

/// `‖x‖₁ = n(n+1)/2` and `½‖x‖² = n(n+1)(2n+1)/12`; with parameters `p = x`, both 0.
#[cfg(all(petsc_3_25, not(petsc_complex)))]
fn closed_forms(petsc: &Petsc) -> petsc::Result<()> {
    let (x, n) = alternating(petsc)?;
    let n = n as Real;
    let mut l1 = TaoTerm::new(&petsc.world())?;
    l1.set_type(TaoTermType::L1)?;
    l1.set_solution_template(&x)?;
    l1.set_from_options()?;
    l1.set_up()?;
    assert_eq!(l1.ty()?, Some(TaoTermType::L1));
    assert_eq!(l1.type_name()?, "l1");
    assert!((l1.compute_objective(&x, None)? - n * (n + 1.0) / 2.0).abs() < 1e-12);
    let mut half = TaoTerm::new(&petsc.world())?;
    half.set_type_name("halfl2squared")?;
    half.set_solution_template(&x)?;
    half.set_up()?;
    let want = n * (n + 1.0) * (2.0 * n + 1.0) / 12.0;
    assert!((half.compute_objective(&x, None)? - want).abs() < 1e-10);
    assert!(half.compute_objective(&x, Some(&x))?.abs() < 1e-14);
    assert!(l1.compute_objective(&x, Some(&x))?.abs() < 1e-14);
    Ok(())
}

/// Unknown types and vectors of another layout are `Err`s.
#[cfg(all(petsc_3_25, not(petsc_complex)))]
fn bad_input(petsc: &Petsc) -> petsc::Result<()> {
    let (x, _) = alternating(petsc)?;
    let mut t = TaoTerm::new(&petsc.world())?;
    let e = t.set_type_name("no_such_term").unwrap_err().to_string();
    assert!(e.contains("unknown TaoTerm type 'no_such_term'"), "{e}");
    t.set_type(TaoTermType::L1)?;
    t.set_solution_template(&x)?;
    t.set_up()?;
    let short = Vector::new_mpi(&petsc.world(), Some(2), None)?;
    assert!(t.compute_objective(&short, None).is_err());
    let other = Vector::new_seq(&petsc.self_comm(), 3)?;
    if petsc.world().size() > 1 {
        assert!(t.set_solution_template(&other).is_err());
    }
    Ok(())
}

pub fn cases() -> Vec<Case> {
    #[cfg(all(petsc_3_25, not(petsc_complex)))]
    return vec![
        Case::new("closed_forms", closed_forms).ranks(&[1, 2]),
        Case::new("bad_input", bad_input).ranks(&[1, 2]),
    ];
    #[cfg(not(all(petsc_3_25, not(petsc_complex))))]
    vec![Case::new("all", |_| Ok(())).requires(
        false,
        "PETSc 3.25 or later with real scalars (TaoTerm is 3.25's, and TAO's terms are real)",
    )]
}
