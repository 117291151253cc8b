//! petsc4py's `test_pc.py`, ported: a field-split preconditioner (of a solver on
//! `COMM_SELF`) given a split by its index set, which it hands back.

use petsc::{IndexSet, Int, Ksp, PcType, Petsc};
use petsc_tests::Case;

pub fn cases() -> Vec<Case> {
    vec![Case::new(
        "TestFIELDSPLITPC::testISoperations",
        is_operations,
    )]
}

fn is_operations(petsc: &Petsc) -> petsc::Result<()> {
    // `setUp`: the solver's preconditioner, of the class's type.
    let c = petsc.self_comm();
    let ksp = Ksp::new(&c)?;
    let mut pc = ksp.pc()?;
    pc.set_type(PcType::Fieldsplit)?;

    let test_index: [Int; 3] = [0, 1, 2];
    let is_u = IndexSet::new_general(&c, &test_index)?;
    pc.set_fieldsplit_is("u", &is_u)?;
    drop(is_u);
    let sub = pc.fieldsplit_sub_is("u")?;
    assert_eq!(&*sub.indices()?, &test_index[..]);
    Ok(())
}
