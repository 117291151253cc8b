//! Documentation builds without PETSc: bindings generated beforehand for one reference
//! configuration, which a -sys crate's build script takes when docs.rs builds the
//! documentation (`DOCS_RS` set), where no PETSc or SLEPc is installed.

use std::path::{Path, PathBuf};

use crate::emit::{config_from_metadata, emit_cfgs};
use crate::headers::{Config, Version};

/// The environment variable docs.rs sets in its builds.
pub const DOCS_RS_VAR: &str = "DOCS_RS";

/// Whether this build only makes documentation on docs.rs (`DOCS_RS` is set). A -sys
/// crate's build script then takes [`Pregenerated`] bindings instead of probing: it
/// compiles no C and links nothing, which `cargo doc` does not need. Prints
/// `rerun-if-env-changed`.
pub fn docs_rs() -> bool {
    println!("cargo:rerun-if-env-changed={DOCS_RS_VAR}");
    std::env::var_os(DOCS_RS_VAR).is_some()
}

/// Bindings generated beforehand, with the `links` metadata of the installation they
/// were generated from.
///
/// ```no_run
/// // build.rs of a -sys crate, before probing
/// if petsc_sys_build::docs_rs() {
///     let out = std::path::PathBuf::from(std::env::var("OUT_DIR").unwrap());
///     petsc_sys_build::Pregenerated::read("pregenerated".as_ref())
///         .and_then(|p| p.emit("petsc", &out.join("bindings.rs")))
///         .unwrap_or_else(|e| panic!("{e}"));
///     return;
/// }
/// ```
#[derive(Debug, Clone)]
pub struct Pregenerated {
    /// The library's version.
    pub version: Version,
    /// PETSc's configuration (scalar type, precision, index width, `PETSC_HAVE_*`); for
    /// SLEPc, the one it shares with its PETSc.
    pub config: Option<Config>,
    /// Every `key=value` of the metadata file, in order.
    pub metadata: Vec<(String, String)>,
    /// The bindings file.
    pub bindings: PathBuf,
}

impl Pregenerated {
    /// Reads `dir/metadata.txt` (see [`Pregenerated::parse`]) and checks that
    /// `dir/bindings.rs` is there.
    pub fn read(dir: &Path) -> Result<Pregenerated, String> {
        let meta = dir.join("metadata.txt");
        let text = std::fs::read_to_string(&meta)
            .map_err(|e| format!("cannot read {}: {e}", meta.display()))?;
        let bindings = dir.join("bindings.rs");
        if !bindings.is_file() {
            return Err(format!(
                "no pregenerated bindings at {}",
                bindings.display()
            ));
        }
        Pregenerated::parse(&text, bindings).map_err(|e| format!("{}: {e}", meta.display()))
    }

    /// Parses the metadata: `key=value` lines as a build script prints them after
    /// `cargo:` (`version=3.18.5`, `scalar=real`, `precision=double`, `index_bits=32`,
    /// `have=HDF5,MUMPS,...`); blank lines and lines starting with `#` are skipped.
    pub fn parse(text: &str, bindings: PathBuf) -> Result<Pregenerated, String> {
        let mut metadata = Vec::new();
        for line in text.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (k, v) = line
                .split_once('=')
                .ok_or_else(|| format!("not a key=value line: {line:?}"))?;
            metadata.push((k.trim().to_string(), v.trim().to_string()));
        }
        let get = |key: &str| {
            let key = key.to_ascii_lowercase();
            metadata
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, v)| v.clone())
                .ok_or_else(|| format!("no {key}="))
        };
        let (version, config) = config_from_metadata(get)?;
        Ok(Pregenerated {
            version,
            config,
            metadata,
            bindings,
        })
    }

    /// Prints the metadata as `links` metadata (`cargo:KEY=VALUE`, for the dependents'
    /// build scripts), the cfgs of that configuration (as [`emit_cfgs`] with `prefix`),
    /// `rerun-if-changed` for the files, and copies the bindings to `out`.
    pub fn emit(&self, prefix: &str, out: &Path) -> Result<(), String> {
        for (k, v) in &self.metadata {
            println!("cargo:{k}={v}");
        }
        emit_cfgs(prefix, &self.version, self.config.as_ref());
        println!("cargo:rerun-if-changed={}", self.bindings.display());
        if let Some(dir) = self.bindings.parent() {
            println!(
                "cargo:rerun-if-changed={}",
                dir.join("metadata.txt").display()
            );
        }
        std::fs::copy(&self.bindings, out).map_err(|e| {
            format!(
                "cannot copy {} to {}: {e}",
                self.bindings.display(),
                out.display()
            )
        })?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{cfg_names, Scalar};

    #[test]
    fn metadata_of_the_reference_configuration() {
        let text = "# PETSc 3.18.5\nversion=3.18.5\nscalar=real\nprecision=double\n\nindex_bits=32\nhave=HDF5,MUMPS\n";
        let p = Pregenerated::parse(text, PathBuf::from("b.rs")).unwrap();
        assert_eq!(p.version.to_string(), "3.18.5");
        let c = p.config.as_ref().unwrap();
        assert_eq!(c.scalar, Scalar::Real);
        assert_eq!(c.index_bits, 32);
        let cfgs = cfg_names("petsc", &p.version, p.config.as_ref());
        assert!(cfgs.contains(&"petsc_3_18".to_string()));
        assert!(cfgs.contains(&"petsc_have_mumps".to_string()));
        assert!(!cfgs.contains(&"petsc_3_19".to_string()));
        assert_eq!(p.metadata.len(), 5);

        let e = Pregenerated::parse("scalar=real\n", PathBuf::new()).unwrap_err();
        assert!(e.contains("no version="), "{e}");
        let e = Pregenerated::parse("version 3.18\n", PathBuf::new()).unwrap_err();
        assert!(e.contains("not a key=value line"), "{e}");
    }
}
