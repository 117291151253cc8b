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

pub fn cases() -> Vec<Case> {
    vec![Case::new(
        "TestSectionConstraints::testConstraintIndices",
        constraint_indices,
    )]
}
