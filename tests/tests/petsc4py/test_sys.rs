//! petsc4py's `test_sys.py`, ported: the version of the library with its date and
//! authors, and the default communicator.

use petsc::Petsc;
use petsc_tests::Case;

fn get_version(_petsc: &Petsc) -> petsc::Result<()> {
    let version = Petsc::version();
    assert!(version > (0, 0, 0));
    let info = Petsc::version_info();
    assert_eq!((info.major, info.minor, info.subminor), version);
    assert!(!info.date.is_empty());
    assert!(!info.author_info.is_empty());
    Ok(())
}

fn get_version_info(_petsc: &Petsc) -> petsc::Result<()> {
    let version = Petsc::version();
    let info = Petsc::version_info();
    assert_eq!(version, (info.major, info.minor, info.subminor));
    // A release's description ends with its date; a snapshot's with its Git date.
    if info.release {
        assert!(info.description.ends_with(&info.date), "{info:?}");
    } else {
        assert!(info.description.contains("Git Date:"), "{info:?}");
    }
    assert_eq!(Petsc::version_info().date, info.date);
    Ok(())
}

fn get_set_default_comm(petsc: &Petsc) -> petsc::Result<()> {
    assert_eq!(petsc.default_comm(), petsc.world());
    petsc.set_default_comm(&petsc.self_comm())?;
    assert_eq!(petsc.default_comm(), petsc.self_comm());
    assert_eq!(petsc.default_comm().size(), 1);
    petsc.set_default_comm(&petsc.world())?;
    assert_eq!(petsc.default_comm(), petsc.world());
    // petsc4py refuses COMM_NULL with ValueError; a `Comm` is never null (a null
    // communicator is `Option::<Comm>::None`), so no call can pass one.
    Ok(())
}

pub fn cases() -> Vec<Case> {
    vec![
        Case::new("TestVersion::testGetVersion", get_version),
        Case::new("TestVersion::testGetVersionInfo", get_version_info),
        Case::new("TestVersion::testGetSetDefaultComm", get_set_default_comm).ranks(&[1, 2]),
    ]
}
