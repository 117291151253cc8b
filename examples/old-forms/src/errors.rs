//! Errors and the entry point as the first release wrote them: the init builder named
//! `petsc::Builder`, PETSc's error codes compared as numbers (`e.code() == Some(65)`),
//! `Context` on another library's error, a callback's error matched by its fields, and a
//! `petsc::main` body returning `petsc::Result<()>` (main.rs).

use petsc::{Context, Error, FileMode, Mat, Vector, Viewer};

/// The init builder under its first name; not initialized again (PETSc already is).
fn builder() -> petsc::Builder {
    petsc::Petsc::builder().help("old forms\n")
}

fn read_count(text: &str) -> petsc::Result<u32> {
    text.trim().parse::<u32>().context("reading the count")
}

pub fn run(petsc: &petsc::Petsc) -> petsc::Result<()> {
    let b: petsc::Builder = builder();
    assert!(format!("{b:?}").contains("old forms"), "{b:?}");

    // A PETSc error code compared as a number: opening a file that cannot exist.
    let comm = petsc.self_comm();
    let e =
        Viewer::binary_file(&comm, "/nonexistent-petsc-rs-dir/x.bin", FileMode::Read).unwrap_err();
    assert_eq!(e.code(), Some(65), "{e}");
    assert!(e.code() != Some(56));
    assert!(matches!(&e, Error::Petsc { code: 65, .. }), "{e:?}");

    // `Context` on a parse error.
    assert_eq!(read_count(" 12 ")?, 12);
    let e = read_count("twelve").unwrap_err();
    assert!(e.to_string().starts_with("reading the count"), "{e}");
    assert_eq!(e.code(), None);

    // A callback's error, matched by its fields.
    let bad = Mat::new_shell(&comm, Some(2), Some(2), None, None, |_, _| {
        Err(Error::user("no data yet"))
    })?;
    let x = Vector::from_slice(&comm, &[1.0, 2.0])?;
    let mut y = x.duplicate()?;
    match &bad.mult(&x, &mut y).unwrap_err() {
        Error::Callback { callback, source } => {
            assert!(!callback.is_empty());
            assert_eq!(source.to_string(), "no data yet");
        }
        other => panic!("expected Error::Callback, got {other:?}"),
    }
    Ok(())
}
