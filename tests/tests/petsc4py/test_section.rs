//! petsc4py's `test_section.py`, ported: a section's constraint indices, whole and by
//! field, set again after set-up.

use petsc::{Petsc, Section};
use petsc_tests::Case;

/// `TestSectionConstraints.setUp`: one field, points 0 and 1 with 3 dofs each, one of
/// them (the last) constrained, as a whole and in the field.
fn set_up(petsc: &Petsc) -> petsc::Result<Section> {
    let mut section = Section::new(&petsc.self_comm())?;
    section.set_num_fields(1)?;
    section.set_chart(0, 2)?;
    for point in 0..2 {
        section.set_dof(point, 3)?;
        section.set_field_dof(point, 0, 3)?;
        section.set_constraint_dof(point, 1)?;
        section.set_field_constraint_dof(point, 0, 1)?;
    }
    section.set_up()?;
    for point in 0..2 {
        section.set_constraint_indices(point, &[2])?;
        section.set_field_constraint_indices(point, 0, &[2])?;
    }
    Ok(section)
}

fn constraint_indices(petsc: &Petsc) -> petsc::Result<()> {
    let mut section = set_up(petsc)?;
    section.set_constraint_indices(0, &[1])?;
    section.set_field_constraint_indices(0, 0, &[1])?;
    for (point, index) in [(0, 1), (1, 2)] {
        assert_eq!(section.constraint_indices(point)?, vec![index]);
        assert_eq!(section.field_constraint_indices(point, 0)?, vec![index]);
    }
    Ok(())
}

/// A chart of negative points is a chart, as in PETSc; a reversed one is refused.
fn negative_chart(petsc: &Petsc) -> petsc::Result<()> {
    let mut section = Section::new(&petsc.self_comm())?;
    assert!(section.dof(0).is_err()); // no chart yet
    assert!(section.set_chart(2, 1).is_err());
    section.set_chart(-2, 1)?;
    assert_eq!(section.chart()?, -2..1);
    section.set_dof(-2, 2)?;
    section.set_dof(0, 3)?;
    assert!(section.set_dof(1, 1).is_err());
    section.set_up()?;
    assert_eq!(section.storage_size()?, 5);
    assert_eq!(
        (section.offset(-2)?, section.offset(-1)?, section.offset(0)?),
        (0, 2, 2)
    );
    Ok(())
}

pub fn cases() -> Vec<Case> {
    vec![
        Case::new(
            "TestSectionConstraints::testConstraintIndices",
            constraint_indices,
        ),
        Case::new("Checks::negative_chart", negative_chart),
    ]
}
