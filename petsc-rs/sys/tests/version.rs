//! The linked library is the one whose headers the bindings came from.

#[test]
fn linked_version_matches_headers() {
    let (mut major, mut minor, mut sub, mut release) = (0, 0, 0, 0);
    // SAFETY: PetscGetVersionNumber writes four PetscInt outputs and needs no initialization.
    let ierr =
        unsafe { petsc_sys::PetscGetVersionNumber(&mut major, &mut minor, &mut sub, &mut release) };
    assert_eq!(ierr, 0);
    let linked = format!("{major}.{minor}.{sub}");
    assert_eq!(linked, petsc_sys::HEADER_VERSION);
    assert_eq!(major as u32, petsc_sys::PETSC_VERSION_MAJOR);
    assert_eq!(minor as u32, petsc_sys::PETSC_VERSION_MINOR);
}

#[test]
fn shim_sizes_match_rust_types() {
    // SAFETY: the shim functions only return sizeof() values.
    unsafe {
        assert_eq!(
            petsc_sys::petscrs_sizeof_scalar(),
            std::mem::size_of::<petsc_sys::PetscScalar>()
        );
        assert_eq!(
            petsc_sys::petscrs_sizeof_int(),
            std::mem::size_of::<petsc_sys::PetscInt>()
        );
        assert_eq!(
            petsc_sys::petscrs_sizeof_real(),
            std::mem::size_of::<petsc_sys::PetscReal>()
        );
    }
}
