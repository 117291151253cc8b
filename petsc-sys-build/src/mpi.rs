//! Which MPI a set of headers belongs to, so a build can refuse to mix two MPIs (PETSc
//! built with MPICH, rsmpi's `mpi-sys` compiled with Open MPI, say): their `MPI_Comm`
//! types differ (an `int` handle against a pointer) and nothing would work.

use std::path::{Path, PathBuf};
use std::process::Command;

/// A C file whose preprocessed text names the MPI implementation of `mpi.h`.
const PROBE: &str = r#"#include <mpi.h>
#if defined(OPEN_MPI)
petscrs_mpi: openmpi OMPI_MAJOR_VERSION OMPI_MINOR_VERSION
#elif defined(I_MPI_VERSION)
petscrs_mpi: intelmpi I_MPI_VERSION
#elif defined(MVAPICH2_VERSION)
petscrs_mpi: mvapich2 MVAPICH2_VERSION
#elif defined(MPICH_VERSION)
petscrs_mpi: mpich MPICH_VERSION
#else
petscrs_mpi: unknown MPI_VERSION MPI_SUBVERSION
#endif
"#;

/// The MPI implementation (`"Open MPI 4.1"`, `"MPICH 4.0.2"`) whose `mpi.h` the
/// command `compiler` (a C compiler or MPI wrapper, with `args`, for example `-I` flags)
/// sees. `scratch` is a directory for the probe file. `None` if the compiler cannot be
/// run or finds no `mpi.h`.
pub fn mpi_implementation(compiler: &str, args: &[String], scratch: &Path) -> Option<String> {
    let file: PathBuf = scratch.join("petscrs_mpi_probe.c");
    std::fs::write(&file, PROBE).ok()?;
    let mut words = compiler.split_whitespace();
    let out = Command::new(words.next()?)
        .args(words)
        .args(args)
        .arg("-E")
        .arg(&file)
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text.lines().find_map(|l| l.strip_prefix("petscrs_mpi: "))?;
    Some(describe(line))
}

/// `"openmpi 4 1"` as `"Open MPI 4.1"`, `"mpich \"4.0.2\""` as `"MPICH 4.0.2"`.
fn describe(line: &str) -> String {
    let line = line.replace('"', "");
    let mut words = line.split_whitespace();
    let name = match words.next().unwrap_or("unknown") {
        "openmpi" => "Open MPI",
        "intelmpi" => "Intel MPI",
        "mvapich2" => "MVAPICH2",
        "mpich" => "MPICH",
        _ => "an MPI of standard version",
    };
    let version: Vec<&str> = words.collect();
    format!("{name} {}", version.join("."))
}

/// Compares the MPI of PETSc's headers (`include_dirs`, through the C compiler `$CC` or
/// `cc`) with the one rsmpi's `mpi-sys` compiles with when it uses a compiler wrapper
/// (`$MPICC` or `mpicc`, its usual choice; with `MPI_PKG_CONFIG` or `CRAY_MPICH_DIR` set,
/// rsmpi looks there first, and this check is skipped). `Err` names both when they
/// differ; `Ok` also when either cannot be determined (with the reason, for a warning).
pub fn check_same_mpi(
    petsc: &str,
    include_dirs: &[PathBuf],
    scratch: &Path,
) -> Result<Option<String>, String> {
    for var in ["MPI_PKG_CONFIG", "CRAY_MPICH_DIR"] {
        if std::env::var_os(var).is_some() {
            return Ok(Some(format!(
                "{var} is set, so rsmpi does not use a compiler wrapper; not comparing MPIs"
            )));
        }
    }
    let cc = std::env::var("CC").unwrap_or_else(|_| "cc".to_string());
    let mpicc = std::env::var("MPICC").unwrap_or_else(|_| "mpicc".to_string());
    let includes: Vec<String> = include_dirs
        .iter()
        .map(|d| format!("-I{}", d.display()))
        .collect();
    let ours = mpi_implementation(&cc, &includes, scratch);
    let theirs = mpi_implementation(&mpicc, &[], scratch);
    match (ours, theirs) {
        (Some(a), Some(b)) if a == b => Ok(None),
        (Some(a), Some(b)) => Err(format!(
            "{petsc} was built with {a}, but rsmpi (mpi-sys) compiles with {b} (from `{mpicc}`). \
             Both must use one MPI: set MPICC to the MPI compiler wrapper PETSc was built with \
             (its `CC` in $PETSC_DIR/$PETSC_ARCH/lib/petsc/conf/petscvariables), \
             or point PETSC_DIR at a PETSc built with {b}."
        )),
        (None, _) => Ok(Some(format!(
            "cannot tell which MPI {petsc}'s headers belong to (`{cc} -E` on mpi.h failed)"
        ))),
        (_, None) => Ok(Some(format!(
            "cannot tell which MPI rsmpi compiles with (`{mpicc} -E` on mpi.h failed)"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::describe;

    #[test]
    fn names_and_versions() {
        assert_eq!(describe("openmpi 4 1"), "Open MPI 4.1");
        assert_eq!(describe("mpich \"4.0.2\""), "MPICH 4.0.2");
        assert_eq!(describe("unknown 3 1"), "an MPI of standard version 3.1");
    }
}
