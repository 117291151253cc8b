//! The build refuses a configuration that contradicts the PETSc it found, with a message
//! naming both sides: a cargo feature asking for the other scalar type or index width, a
//! `--cfg` given by hand, rsmpi compiling with another MPI than PETSc's, and a SLEPc built
//! on another PETSc. Each case runs `cargo check` on a -sys crate in a target directory
//! of its own (`<target>/build-checks`, or `$PETSC_RS_BUILD_CHECKS_TARGET`), with the
//! environment of this build plus the one contradiction, and reads the build script's
//! message.

use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use petsc::Petsc;
use petsc_tests::{run_with_timeout, Case};

/// The target directory of the nested builds: `$PETSC_RS_BUILD_CHECKS_TARGET` when set
/// (`ci/test.sh` keeps one in `~/.cache/petsc-rs`, so that the build scripts' own
/// dependencies, bindgen among them, are not compiled again on every run), else
/// `<target>/build-checks`.
fn check_target() -> PathBuf {
    if let Some(dir) = std::env::var_os("PETSC_RS_BUILD_CHECKS_TARGET").filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    let exe = std::env::current_exe().expect("current_exe");
    // target/<profile>/deps/<test binary>
    exe.ancestors()
        .nth(3)
        .expect("test binary in target/<profile>/deps")
        .join("build-checks")
}

/// `cargo check -p <package>` with extra arguments and environment; `(success, output)`.
/// A variable given as `("NAME", "\0")` is removed from the environment instead.
fn cargo_check(package: &str, args: &[&str], env: &[(&str, &str)]) -> (bool, String) {
    let target = check_target();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.args(["check", "--quiet", "-p", package])
        .args(args)
        .env("CARGO_TARGET_DIR", &target)
        .current_dir(petsc_tests::manifest_dir());
    for (k, v) in env {
        if *v == "\0" {
            cmd.env_remove(k);
        } else {
            cmd.env(k, v);
        }
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
        petsc_tests::skip_case(format!("{other} is not installed"));
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

/// Debian's SLEPc of this version line built on the PETSc of the other scalar type
/// (Debian installs both side by side); `None`, skipping the running case, when it is
/// not installed.
fn other_scalar_slepc() -> Option<String> {
    let other = if petsc::SCALAR_IS_COMPLEX {
        "real"
    } else {
        "complex"
    };
    let ours = petsc::sys::HEADER_VERSION;
    let line = ours.rsplit_once('.').map_or(ours, |(line, _)| line);
    let dir = format!("/usr/lib/slepcdir/slepc{line}/x86_64-linux-gnu-{other}");
    if !std::path::Path::new(&dir).is_dir() {
        petsc_tests::skip_case(format!("no {dir} (the SLEPc of the other scalar type)"));
        return None;
    }
    Some(dir)
}

/// A SLEPc built on the PETSc of the other scalar type, given as SLEPC_DIR: refused.
fn slepc_for_another_petsc(petsc: &Petsc) -> petsc::Result<()> {
    let Some(dir) = other_scalar_slepc() else {
        return Ok(());
    };
    assert_refused(
        "SLEPC_DIR",
        cargo_check("slepc-sys", &[], &[("SLEPC_DIR", &dir)]),
        &["was built on the PETSc at", &dir, &found(petsc)],
    );
    let _ = petsc;
    Ok(())
}

/// With no SLEPC_DIR and pkg-config's `SLEPc` naming the SLEPc of the other scalar type
/// (as Debian's alternatives can), slepc-sys still takes the SLEPc built on this PETSc:
/// the one this test binary was built with.
fn slepc_paired_without_slepc_dir(petsc: &Petsc) -> petsc::Result<()> {
    let _ = petsc;
    let Some(other_dir) = other_scalar_slepc() else {
        return Ok(());
    };
    let ours = petsc::sys::HEADER_VERSION;
    let pc_dir = check_target().join("pkgconfig-other-slepc");
    std::fs::create_dir_all(&pc_dir).expect("mkdir");
    for name in ["SLEPc", "slepc"] {
        std::fs::write(
            pc_dir.join(format!("{name}.pc")),
            format!("prefix={other_dir}\nName: SLEPc\nDescription: SLEPc\nVersion: {ours}\n"),
        )
        .expect("write .pc");
    }
    let pc_path = match std::env::var("PKG_CONFIG_PATH") {
        Ok(p) if !p.is_empty() => format!("{}:{p}", pc_dir.display()),
        _ => pc_dir.display().to_string(),
    };
    let (ok, text) = cargo_check(
        "slepc-sys",
        &[],
        &[("SLEPC_DIR", "\0"), ("PKG_CONFIG_PATH", &pc_path)],
    );
    assert!(ok, "slepc-sys should build with the paired SLEPc:\n{text}");
    // What the build script printed last (cached or not): its newest `output` file.
    let build = check_target().join("debug/build");
    let output = std::fs::read_dir(&build)
        .expect("build-checks/debug/build")
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with("slepc-sys-"))
        .map(|e| e.path().join("output"))
        .filter(|p| p.is_file())
        .max_by_key(|p| p.metadata().and_then(|m| m.modified()).ok())
        .expect("slepc-sys's build-script output");
    let printed = std::fs::read_to_string(&output).expect("read output");
    let dir = printed
        .lines()
        .find_map(|l| l.strip_prefix("cargo:dir="))
        .unwrap_or_else(|| panic!("no cargo:dir in {}:\n{printed}", output.display()));
    let canon = |p: &str| std::fs::canonicalize(p).unwrap_or_else(|_| PathBuf::from(p));
    let expected = env!("PETSC_RS_TESTS_SLEPC_DIR");
    assert_ne!(
        canon(dir),
        canon(&other_dir),
        "took the SLEPc of the other scalar type"
    );
    // Under SLEPC_DIR (a variant's own SLEPc) the same installation must be found again.
    assert_eq!(
        canon(dir),
        canon(expected),
        "took {dir}, but this build's SLEPc is {expected}"
    );
    Ok(())
}

pub fn cases() -> Vec<Case> {
    vec![
        Case::new("features_that_contradict", features_that_contradict),
        Case::new("cfg_that_contradicts", cfg_that_contradicts),
        Case::new("another_mpi", another_mpi),
        Case::new("slepc_for_another_petsc", slepc_for_another_petsc),
        Case::new(
            "slepc_paired_without_slepc_dir",
            slepc_paired_without_slepc_dir,
        ),
    ]
}
