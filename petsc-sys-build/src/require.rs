//! What the crate being built asks of PETSc (cargo features, `--cfg` flags), checked
//! against the configuration that was found.

use std::collections::BTreeMap;

use crate::headers::{Config, Scalar};

/// Checks the requirements a build places on PETSc's configuration against `config`:
///
/// - cargo features of the crate being built (`CARGO_FEATURE_SCALAR_REAL`,
///   `_SCALAR_COMPLEX`, `_INDEX_32`, `_INDEX_64`), enabled by a downstream crate that only
///   works with one kind of PETSc;
/// - `--cfg petsc_complex` / `--cfg petsc_int64` given by hand in `RUSTFLAGS` (seen by a
///   build script as `CARGO_CFG_PETSC_COMPLEX`, `CARGO_CFG_PETSC_INT64`), which would
///   otherwise compile code for another configuration.
///
/// `found` names the installation for the message (`"PETSc 3.18.5 at /usr/lib/petsc"`).
/// Returns every contradiction in one message naming what was asked and what was found.
///
/// ```
/// use std::collections::BTreeMap;
/// let config = petsc_sys_build::parse_conf_header("#define PETSC_USE_REAL_DOUBLE 1").unwrap();
/// let mut env = BTreeMap::new();
/// env.insert("CARGO_FEATURE_SCALAR_COMPLEX".to_string(), "1".to_string());
/// let err = petsc_sys_build::check_requirements(&config, "PETSc 3.18.5 at /usr/lib/petsc", &env)
///     .unwrap_err();
/// assert!(err.contains("feature `scalar-complex`"));
/// assert!(err.contains("real scalars"));
/// ```
pub fn check_requirements(
    config: &Config,
    found: &str,
    env: &BTreeMap<String, String>,
) -> Result<(), String> {
    let has = |k: &str| env.contains_key(k);
    let complex = config.scalar == Scalar::Complex;
    let int64 = config.index_bits == 64;
    let scalar_name = if complex { "complex" } else { "real" };
    let mut wrong = Vec::new();
    let asks = [
        (
            "CARGO_FEATURE_SCALAR_REAL",
            "feature `scalar-real`",
            "real scalars",
            !complex,
        ),
        (
            "CARGO_FEATURE_SCALAR_COMPLEX",
            "feature `scalar-complex`",
            "complex scalars",
            complex,
        ),
        (
            "CARGO_FEATURE_INDEX_32",
            "feature `index-32`",
            "32-bit indices",
            !int64,
        ),
        (
            "CARGO_FEATURE_INDEX_64",
            "feature `index-64`",
            "64-bit indices",
            int64,
        ),
        (
            "CARGO_CFG_PETSC_COMPLEX",
            "`--cfg petsc_complex` (RUSTFLAGS)",
            "complex scalars",
            complex,
        ),
        (
            "CARGO_CFG_PETSC_INT64",
            "`--cfg petsc_int64` (RUSTFLAGS)",
            "64-bit indices",
            int64,
        ),
    ];
    for (var, what, wants, holds) in asks {
        if has(var) && !holds {
            wrong.push(format!("{what} asks for {wants}"));
        }
    }
    if wrong.is_empty() {
        return Ok(());
    }
    Err(format!(
        "{} but {found} is built with {scalar_name} scalars and {}-bit indices. \
         Point PETSC_DIR (and PETSC_ARCH) at a PETSc built that way, or drop the requirement.",
        wrong.join("; "),
        config.index_bits
    ))
}

/// [`check_requirements`] with the process environment, for a build script (cargo
/// rebuilds by itself when features or `RUSTFLAGS` change).
pub fn check_requirements_env(config: &Config, found: &str) -> Result<(), String> {
    let env: BTreeMap<String, String> = std::env::vars()
        .filter(|(k, _)| k.starts_with("CARGO_FEATURE_") || k.starts_with("CARGO_CFG_PETSC_"))
        .collect();
    check_requirements(config, found, &env)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse_conf_header;

    fn env(keys: &[&str]) -> BTreeMap<String, String> {
        keys.iter()
            .map(|k| (k.to_string(), String::new()))
            .collect()
    }

    #[test]
    fn agreeing_requirements_pass() {
        let c = parse_conf_header(
            "#define PETSC_USE_COMPLEX 1\n#define PETSC_USE_REAL_DOUBLE 1\n#define PETSC_USE_64BIT_INDICES 1",
        )
            .unwrap();
        let e = env(&[
            "CARGO_FEATURE_SCALAR_COMPLEX",
            "CARGO_FEATURE_INDEX_64",
            "CARGO_CFG_PETSC_COMPLEX",
        ]);
        assert_eq!(check_requirements(&c, "PETSc", &e), Ok(()));
        assert_eq!(check_requirements(&c, "PETSc", &env(&[])), Ok(()));
    }

    #[test]
    fn contradictions_are_all_named() {
        let c = parse_conf_header("#define PETSC_USE_REAL_DOUBLE 1").unwrap();
        let e = env(&["CARGO_FEATURE_INDEX_64", "CARGO_CFG_PETSC_COMPLEX"]);
        let msg = check_requirements(&c, "PETSc 3.18.5 at /usr/lib/petsc", &e).unwrap_err();
        assert!(
            msg.contains("feature `index-64` asks for 64-bit indices"),
            "{msg}"
        );
        assert!(msg.contains("`--cfg petsc_complex`"), "{msg}");
        assert!(
            msg.contains(
                "PETSc 3.18.5 at /usr/lib/petsc is built with real scalars and 32-bit indices"
            ),
            "{msg}"
        );
    }
}
