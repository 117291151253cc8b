//! Parsing of `petscversion.h`/`slepcversion.h` and `petscconf.h`.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// A library version read from its version header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Version {
    /// `*_VERSION_MAJOR`.
    pub major: u32,
    /// `*_VERSION_MINOR`.
    pub minor: u32,
    /// `*_VERSION_SUBMINOR`.
    pub subminor: u32,
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.subminor)
    }
}

impl std::str::FromStr for Version {
    type Err = String;

    /// Parses `"3.18.5"`.
    fn from_str(s: &str) -> Result<Self, String> {
        let parts: Vec<&str> = s.trim().split('.').collect();
        let num = |i: usize| -> Result<u32, String> {
            parts
                .get(i)
                .ok_or_else(|| format!("version {s:?} has no part {i}"))?
                .parse()
                .map_err(|_| format!("version {s:?} is not numeric"))
        };
        Ok(Version {
            major: num(0)?,
            minor: num(1)?,
            subminor: num(2)?,
        })
    }
}

/// The scalar type PETSc was configured with (`--with-scalar-type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scalar {
    /// `PetscScalar` is `PetscReal`.
    Real,
    /// `PetscScalar` is a complex number of `PetscReal`.
    Complex,
}

/// The floating-point precision of `PetscReal` (`--with-precision`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Precision {
    /// `__fp16`.
    Half,
    /// `float`.
    Single,
    /// `double`.
    Double,
    /// `__float128`.
    Quad,
}

/// What `petscconf.h` says about a build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Real or complex scalars.
    pub scalar: Scalar,
    /// Precision of `PetscReal`.
    pub precision: Precision,
    /// Width of `PetscInt` in bits: 32, or 64 with `--with-64-bit-indices`.
    pub index_bits: u32,
    /// The names `X` of every `PETSC_HAVE_X` defined (for example `HYPRE`, `MUMPS`).
    pub have: BTreeSet<String>,
}

/// Every `#define NAME value` of a header's text (the first of each name; function-like
/// macros left out).
pub(crate) fn defines(text: &str) -> BTreeMap<String, String> {
    let mut map = BTreeMap::new();
    for line in text.lines() {
        let line = line.trim_start();
        let Some(rest) = line.strip_prefix('#') else {
            continue;
        };
        let Some(rest) = rest.trim_start().strip_prefix("define") else {
            continue;
        };
        if !rest.starts_with([' ', '\t']) {
            continue;
        }
        let mut it = rest.trim().splitn(2, char::is_whitespace);
        if let Some(name) = it.next() {
            if name.contains('(') {
                continue;
            }
            let value = it.next().unwrap_or("").trim().to_string();
            map.entry(name.to_string()).or_insert(value);
        }
    }
    map
}

/// Reads `<PREFIX>_VERSION_MAJOR`, `_MINOR` and `_SUBMINOR` from a version header's text.
///
/// ```
/// let text = "#define PETSC_VERSION_MAJOR 3\n#define PETSC_VERSION_MINOR 18\n#define PETSC_VERSION_SUBMINOR 5\n";
/// let v = petsc_sys_build::parse_version_header(text, "PETSC").unwrap();
/// assert_eq!(v.to_string(), "3.18.5");
/// ```
pub fn parse_version_header(text: &str, prefix: &str) -> Result<Version, String> {
    let defs = defines(text);
    let get = |part: &str| -> Result<u32, String> {
        let name = format!("{prefix}_VERSION_{part}");
        let value = defs
            .get(&name)
            .ok_or_else(|| format!("{name} is not defined"))?;
        value
            .parse()
            .map_err(|_| format!("{name} is {value:?}, not a number"))
    };
    Ok(Version {
        major: get("MAJOR")?,
        minor: get("MINOR")?,
        subminor: get("SUBMINOR")?,
    })
}

/// Reads the scalar type, precision, index width and `PETSC_HAVE_*` list from `petscconf.h`.
///
/// ```
/// let text = "#define PETSC_USE_REAL_DOUBLE 1\n#define PETSC_HAVE_HYPRE 1\n";
/// let c = petsc_sys_build::parse_conf_header(text).unwrap();
/// assert_eq!(c.scalar, petsc_sys_build::Scalar::Real);
/// assert_eq!(c.index_bits, 32);
/// assert!(c.have.contains("HYPRE"));
/// ```
pub fn parse_conf_header(text: &str) -> Result<Config, String> {
    let defs = defines(text);
    let scalar = if defs.contains_key("PETSC_USE_COMPLEX")
        || defs.contains_key("PETSC_USE_SCALAR_COMPLEX")
    {
        Scalar::Complex
    } else {
        Scalar::Real
    };
    let precision = if defs.contains_key("PETSC_USE_REAL_DOUBLE") {
        Precision::Double
    } else if defs.contains_key("PETSC_USE_REAL_SINGLE") {
        Precision::Single
    } else if defs.contains_key("PETSC_USE_REAL___FLOAT128") {
        Precision::Quad
    } else if defs.contains_key("PETSC_USE_REAL___FP16") {
        Precision::Half
    } else {
        return Err("none of PETSC_USE_REAL_{DOUBLE,SINGLE,__FLOAT128,__FP16} is defined".into());
    };
    let index_bits = if defs.contains_key("PETSC_USE_64BIT_INDICES") {
        64
    } else {
        32
    };
    let have = defs
        .keys()
        .filter_map(|k| k.strip_prefix("PETSC_HAVE_"))
        .map(str::to_string)
        .collect();
    Ok(Config {
        scalar,
        precision,
        index_bits,
        have,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_is_read_and_errors_name_the_macro() {
        let text = "#ifndef X\n#define PETSC_VERSION_MAJOR      3\n#  define PETSC_VERSION_MINOR 26\n#define PETSC_VERSION_SUBMINOR 0\n#define PETSC_VERSION_(a,b,c) 1\n";
        let v = parse_version_header(text, "PETSC").unwrap();
        assert_eq!(
            v,
            Version {
                major: 3,
                minor: 26,
                subminor: 0
            }
        );
        let err = parse_version_header("#define PETSC_VERSION_MAJOR 3\n", "PETSC").unwrap_err();
        assert!(err.contains("PETSC_VERSION_MINOR"), "{err}");
        let err = parse_version_header(
            "#define SLEPC_VERSION_MAJOR x\n#define SLEPC_VERSION_MINOR 1\n#define SLEPC_VERSION_SUBMINOR 1",
            "SLEPC",
        )
        .unwrap_err();
        assert!(err.contains("not a number"), "{err}");
    }

    #[test]
    fn conf_variants() {
        let c = parse_conf_header(
            "#define PETSC_USE_COMPLEX 1\n#define PETSC_USE_REAL_SINGLE 1\n#define PETSC_USE_64BIT_INDICES 1\n",
        )
        .unwrap();
        assert_eq!(c.scalar, Scalar::Complex);
        assert_eq!(c.precision, Precision::Single);
        assert_eq!(c.index_bits, 64);
        assert!(parse_conf_header("#define PETSC_HAVE_MPI 1\n").is_err());
    }

    #[test]
    fn version_order_and_parse() {
        let a: Version = "3.18.5".parse().unwrap();
        let b: Version = "3.26.0".parse().unwrap();
        assert!(a < b);
        assert!("3.x".parse::<Version>().is_err());
    }
}
