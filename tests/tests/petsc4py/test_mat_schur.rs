//! petsc4py's `test_mat_schur.py`, ported: a Schur complement of AIJ blocks (sizes set,
//! never assembled) has `A11`'s sizes and gives back the very blocks it was made of.

use petsc::{Mat, MatType, Object, Petsc, Sizes};
use petsc_tests::Case;

pub fn cases() -> Vec<Case> {
    vec![Case::new("TestMatSchur::test", test).ranks(&[1, 2])]
}

fn block(petsc: &Petsc, m: petsc::Int, n: petsc::Int) -> petsc::Result<Mat> {
    let world = petsc.world();
    let size = world.size() as petsc::Int;
    let mut a = Mat::new(&world)?;
    a.set_type(MatType::Aij)?;
    a.set_sizes_to(Sizes::local(m, n).with_global(m * size, n * size))?;
    Ok(a)
}

fn test(petsc: &Petsc) -> petsc::Result<()> {
    let size = petsc.world().size() as petsc::Int;
    let a00 = block(petsc, 2, 2)?;
    let a01 = block(petsc, 2, 3)?;
    let a10 = block(petsc, 3, 2)?;
    let a11 = block(petsc, 3, 3)?;
    let s = Mat::create_schur_complement(&a00, &a00, &a01, &a10, Some(&a11))?;
    assert_eq!(s.size()?, (3 * size, 3 * size));
    assert_eq!(s.local_size()?, (3, 3));
    let (b00, bp00, b01, b10, b11) = s.schur_complement_sub_matrices()?;
    assert_eq!(b00.id()?, a00.id()?);
    assert_eq!(bp00.id()?, a00.id()?);
    assert_eq!(b01.id()?, a01.id()?);
    assert_eq!(b10.id()?, a10.id()?);
    assert_eq!(b11.expect("A11 was given").id()?, a11.id()?);
    Ok(())
}
