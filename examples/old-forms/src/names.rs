//! (filled by the area's change)

pub fn run(_petsc: &petsc::Petsc) -> petsc::Result<()> {
    Ok(())
}
