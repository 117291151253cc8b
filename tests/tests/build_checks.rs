//! The build refuses a configuration that contradicts the PETSc it found, with a message
//! naming both sides: a cargo feature asking for the other scalar type or index width, a
//! `--cfg` given by hand, rsmpi compiling with another MPI than PETSc's, and a SLEPc built
//! on another PETSc. Each case runs `cargo check` on a -sys crate in a target directory
//! of its own (`<target>/build-checks`), with the environment of this build plus the one
//! contradiction, and reads the build script's message.

use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use petsc::Petsc;
use petsc_tests::{run, run_with_timeout, Case};

/// `cargo check -p <package>` with extra arguments and environment; `(success, output)`.
fn cargo_check(package: &str, args: &[&str], env: &[(&str, &str)]) -> (bool, String) {
    let exe = std::env::current_exe().expect("current_exe");
    // target/<profile>/deps/<test binary>
    let target: PathBuf = exe
        .ancestors()
        .nth(3)
        .expect("test binary in target/<profile>/deps")
        .join("build-checks");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.args(["check", "--quiet", "-p", package])
        .args(args)
        .env("CARGO_TARGET_DIR", &target)
        .current_dir(env!("CARGO_MANIFEST_DIR"));
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = run_with_timeout(cmd, Duration::from_secs(600));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

fn assert_refused(what: &str, (ok, text): (bool, String), needles: &[&str]) {
    assert!(!ok, "{what}: the build should have been refused:\n{text}");
    for n in needles {
        assert!(
            text.contains(n),
            "{what}: the message should name {n:?}:\n{text}"
        );
    }
}

/// The "PETSc <version> at <dir>" this build uses, as the messages name it.
fn found(petsc: &Petsc) -> String {
    let _ = petsc;
    format!("PETSc {} at", petsc::sys::HEADER_VERSION)
}

/// A feature asking for the other scalar type, and one asking for the other index width.
fn features_that_contradict(petsc: &Petsc) -> petsc::Result<()> {
    let (feature, asks) = if petsc::SCALAR_IS_COMPLEX {
        ("scalar-real", "real scalars")
    } else {
        ("scalar-complex", "complex scalars")
    };
    let (width, bits) = if std::mem::size_of::<petsc::Int>() == 8 {
        ("index-32", "32-bit indices")
    } else {
        ("index-64", "64-bit indices")
    };
    let both = format!("{feature},{width}");
    assert_refused(
        "features",
        cargo_check("petsc-sys", &["--features", &both], &[]),
        &[
            &format!("feature `{feature}` asks for {asks}"),
            &format!("feature `{width}` asks for {bits}"),
            &found(petsc),
        ],
    );
    Ok(())
}

/// `--cfg petsc_complex` on a real build (or `--cfg petsc_int64` on a 32-bit one).
fn cfg_that_contradicts(petsc: &Petsc) -> petsc::Result<()> {
    let cfg = if !petsc::SCALAR_IS_COMPLEX {
        "petsc_complex"
    } else if std::mem::size_of::<petsc::Int>() == 4 {
        "petsc_int64"
    } else {
        println!("cfg_that_contradicts: nothing to contradict on a complex 64-bit build");
        return Ok(());
    };
    let flags = format!(
        "{} --cfg {cfg}",
        std::env::var("RUSTFLAGS").unwrap_or_default()
    );
    assert_refused(
        "RUSTFLAGS",
        cargo_check("petsc-sys", &[], &[("RUSTFLAGS", flags.trim())]),
        &[&format!("`--cfg {cfg}` (RUSTFLAGS)"), &found(petsc)],
    );
    Ok(())
}

/// The other MPI's compiler wrapper for rsmpi: `mpicc.mpich` under an Open MPI PETSc,
/// `mpicc.openmpi` under an MPICH one (Debian's names); skipped when it is not installed.
fn another_mpi(petsc: &Petsc) -> petsc::Result<()> {
    let ours = Command::new("mpicc")
        .arg("-showme:version")
        .output()
        .is_ok_and(|o| o.status.success());
    let env_mpicc = std::env::var("MPICC").unwrap_or_default();
    let openmpi = if env_mpicc.is_empty() {
        ours
    } else {
        !env_mpicc.contains("mpich")
    };
    let (other, name) = if openmpi {
        ("mpicc.mpich", "MPICH")
    } else {
        ("mpicc.openmpi", "Open MPI")
    };
    if Command::new(other).arg("-show").output().is_err() {
        println!("another_mpi: skipped: {other} is not installed");
        return Ok(());
    }
    assert_refused(
        "MPICC",
        cargo_check("petsc-sys", &[], &[("MPICC", other)]),
        &[
            &found(petsc),
            &format!("rsmpi (mpi-sys) compiles with {name}"),
            "set MPICC",
        ],
    );
    Ok(())
}

/// A SLEPc built on the PETSc of the other scalar type (Debian installs both side by
/// side); skipped when that SLEPc is not installed.
fn slepc_for_another_petsc(petsc: &Petsc) -> petsc::Result<()> {
    let other = if petsc::SCALAR_IS_COMPLEX {
        "real"
    } else {
        "complex"
    };
    let ours = petsc::sys::HEADER_VERSION;
    let line = ours.rsplit_once('.').map_or(ours, |(line, _)| line);
    let dir = format!("/usr/lib/slepcdir/slepc{line}/x86_64-linux-gnu-{other}");
    if !std::path::Path::new(&dir).is_dir() {
        println!("slepc_for_another_petsc: skipped: no {dir}");
        return Ok(());
    }
    assert_refused(
        "SLEPC_DIR",
        cargo_check("slepc-sys", &[], &[("SLEPC_DIR", &dir)]),
        &["SLEPc was built on the PETSc at", &dir, &found(petsc)],
    );
    let _ = petsc;
    Ok(())
}

fn main() {
    run(&[
        Case::new("features_that_contradict", features_that_contradict),
        Case::new("cfg_that_contradicts", cfg_that_contradicts),
        Case::new("another_mpi", another_mpi),
        Case::new("slepc_for_another_petsc", slepc_for_another_petsc),
    ]);
}
