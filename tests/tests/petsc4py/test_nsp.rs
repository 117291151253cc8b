//! petsc4py's `test_nsp.py`, ported: a null space of two orthonormal vectors of
//! `R^3`, its removal, and a removal closure set and removed again.

use petsc::{NullSpace, Petsc, Scalar, Vector};
use petsc_tests::Case;

pub fn cases() -> Vec<Case> {
    vec![
        Case::new("TestNullSpace::testRemove", remove),
        Case::new("TestNullSpace::testRemoveInplace", remove_in_place),
        Case::new(
            "TestNullSpace::testRemoveWithFunction",
            remove_with_function,
        ),
        Case::new("TestNullSpace::testGetSetFunction", get_set_function),
    ]
}

fn s(x: f64) -> Scalar {
    Scalar::from(x)
}

/// The values of `v` are within 1e-5 of `want`.
fn allclose(v: &Vector, want: &[f64]) -> petsc::Result<bool> {
    let view = v.view()?;
    Ok(view.len() == want.len()
        && view
            .iter()
            .zip(want)
            .all(|(a, b)| modulus(*a - s(*b)) <= 1e-5))
}

/// The null space spanned by `(1, 2, 0)` and `(2, -1, 0)`, normalized (`setUp`).
fn null_space(petsc: &Petsc) -> petsc::Result<NullSpace> {
    let c = petsc.self_comm();
    let mut u1 = Vector::from_slice(&c, &[s(1.0), s(2.0), s(0.0)])?;
    u1.normalize()?;
    let mut u2 = Vector::from_slice(&c, &[s(2.0), s(-1.0), s(0.0)])?;
    u2.normalize()?;
    NullSpace::new(&c, false, &[&u1, &u2])
}

/// `v = (7, 8, 9)` and `w`, its copy with the null space removed (`_remove`).
fn removed(petsc: &Petsc, nsp: &NullSpace) -> petsc::Result<(Vector, Vector)> {
    let v = Vector::from_slice(&petsc.self_comm(), &[s(7.0), s(8.0), s(9.0)])?;
    let mut w = v.duplicate()?;
    w.copy_from(&v)?;
    nsp.remove(&mut w)?;
    Ok((v, w))
}

fn check_remove(petsc: &Petsc, nsp: &NullSpace) -> petsc::Result<()> {
    let (v, w) = removed(petsc, nsp)?;
    assert!(allclose(&v, &[7.0, 8.0, 9.0])?);
    assert!(allclose(&w, &[0.0, 0.0, 9.0])?);
    Ok(())
}

fn remove(petsc: &Petsc) -> petsc::Result<()> {
    check_remove(petsc, &null_space(petsc)?)
}

fn remove_in_place(petsc: &Petsc) -> petsc::Result<()> {
    let nsp = null_space(petsc)?;
    let (mut v, w) = removed(petsc, &nsp)?;
    nsp.remove(&mut v)?;
    assert!(v.equal(&w)?);
    Ok(())
}

fn remove_with_function(petsc: &Petsc) -> petsc::Result<()> {
    let mut nsp = null_space(petsc)?;
    nsp.set_function(|v| {
        v.view_mut()?.copy_from_slice(&[s(1.0), s(2.0), s(3.0)]);
        Ok(())
    })?;
    let (mut v, w) = removed(petsc, &nsp)?;
    assert!(allclose(&v, &[7.0, 8.0, 9.0])?);
    assert!(allclose(&w, &[1.0, 2.0, 3.0])?);
    nsp.remove(&mut v)?;
    assert!(allclose(&v, &[1.0, 2.0, 3.0])?);
    nsp.clear_function()?;
    check_remove(petsc, &nsp)
}

fn get_set_function(petsc: &Petsc) -> petsc::Result<()> {
    let mut nsp = null_space(petsc)?;
    assert!(!nsp.has_function()?);
    nsp.set_function(|v| v.set(s(0.0)))?;
    assert!(nsp.has_function()?);
    nsp.clear_function()?;
    assert!(!nsp.has_function()?);
    Ok(())
}

/// |x| of a real or complex scalar (`Scalar` is either).
fn modulus(x: impl Into<petsc::Complex<f64>>) -> f64 {
    x.into().norm()
}
