//! What a build script prints to cargo: link lines, `links` metadata and cfgs.

use std::path::Path;

use crate::headers::{Config, Precision, Scalar, Version};
use crate::probe::Install;

/// Minor versions of the 3.x line that have a declared cfg (`petsc_3_18` ... `petsc_3_30`).
pub const KNOWN_MINORS: std::ops::RangeInclusive<u32> = 15..=30;

/// Directories the dynamic loader searches without help; no rpath is emitted for these.
const SYSTEM_LIB_DIRS: &[&str] = &[
    "/lib",
    "/lib64",
    "/usr/lib",
    "/usr/lib64",
    "/usr/lib/x86_64-linux-gnu",
    "/usr/lib/aarch64-linux-gnu",
    "/lib/x86_64-linux-gnu",
    "/lib/aarch64-linux-gnu",
];

impl Install {
    /// Prints the link search paths and libraries, and an rpath for each library
    /// directory outside the system's (so binaries run without `LD_LIBRARY_PATH`).
    pub fn emit_link(&self) {
        for d in &self.lib_dirs {
            println!("cargo:rustc-link-search=native={}", d.display());
        }
        for l in &self.libs {
            match self.verbatim_name(l) {
                Some(file) => println!("cargo:rustc-link-lib=dylib:+verbatim={file}"),
                None => println!("cargo:rustc-link-lib=dylib={l}"),
            }
        }
        for d in self.rpath_dirs() {
            println!("cargo:rustc-link-arg=-Wl,-rpath,{}", d.display());
        }
        self.emit_loader_dir();
    }

    /// For libraries outside the system's directories, a directory under `OUT_DIR` with
    /// a symbolic link to each shared library of theirs, printed as a native link-search
    /// path after the real ones (so linking is unchanged): cargo adds the link-search
    /// paths that lie inside its target directory to the loader's search path of what
    /// `cargo run` and `cargo test` start, for every package that depends on this one.
    /// So a dependent's binaries run under cargo without a build script of their own;
    /// outside cargo they need the rpath of [`emit_rpath_from_metadata_env`]. Prints
    /// nothing for libraries in the system's directories, or without `OUT_DIR`.
    fn emit_loader_dir(&self) {
        let dirs = self.rpath_dirs();
        let Some(out) = std::env::var_os("OUT_DIR") else {
            return;
        };
        if dirs.is_empty() {
            return;
        }
        let links = Path::new(&out).join("loader-path");
        let _ = std::fs::remove_dir_all(&links);
        if std::fs::create_dir_all(&links).is_err() {
            return;
        }
        for d in dirs {
            let Ok(entries) = std::fs::read_dir(d) else {
                continue;
            };
            for e in entries.filter_map(|e| e.ok()) {
                let name = e.file_name();
                let text = name.to_string_lossy();
                if text.starts_with("lib") && (text.ends_with(".so") || text.contains(".so.")) {
                    // The first directory's library wins, as in the loader's own search.
                    if !links.join(&name).exists() {
                        let _ = std::os::unix::fs::symlink(e.path(), links.join(&name));
                    }
                }
            }
        }
        println!("cargo:rustc-link-search=native={}", links.display());
        println!("cargo:loader_dir={}", links.display());
    }

    /// For a library outside the system's directories, the exact file to link
    /// (`libpetsc.so.3.26`, what `libpetsc.so` points to or names in a linker script), so
    /// that the linker cannot pick up another `libpetsc.so` from a directory searched
    /// earlier: MPICH's link line, for one, adds `/usr/lib/x86_64-linux-gnu`, where
    /// Debian's PETSc also has a `libpetsc.so`. `None` to link by name as usual.
    fn verbatim_name(&self, lib: &str) -> Option<String> {
        let dir = self.lib_dirs.iter().find(|d| {
            let canon = d.canonicalize().unwrap_or_else(|_| d.to_path_buf());
            !SYSTEM_LIB_DIRS.iter().any(|s| canon == Path::new(s))
                && d.join(format!("lib{lib}.so")).exists()
        })?;
        versioned_file(dir, &format!("lib{lib}.so"))
    }

    /// Library directories that need an rpath: those outside the system's, unless the
    /// library is also installed in a system directory under the same name.
    pub fn rpath_dirs(&self) -> Vec<&Path> {
        self.lib_dirs
            .iter()
            .filter(|d| {
                let canon = d.canonicalize().unwrap_or_else(|_| d.to_path_buf());
                let system = SYSTEM_LIB_DIRS.iter().any(|s| canon == Path::new(s));
                let also_in_system = self.libs.iter().all(|l| {
                    SYSTEM_LIB_DIRS.iter().any(|s| {
                        let so = Path::new(s).join(format!("lib{l}.so"));
                        so.canonicalize().ok()
                            == canon.join(format!("lib{l}.so")).canonicalize().ok()
                            && so.exists()
                    })
                });
                !system && !also_in_system
            })
            .map(|d| d.as_path())
            .collect()
    }

    /// Prints `links` metadata (`cargo:KEY=VALUE`), which dependents' build scripts read
    /// as `DEP_<LINKS>_<KEY>`: `version`, `dir`, `arch` (in-place builds), `include` (joined like `PATH`),
    /// `lib_dir`, `rpath`, and for PETSc `scalar`, `precision`, `index_bits`, `have`.
    pub fn emit_metadata(&self) {
        println!("cargo:version={}", self.version);
        println!("cargo:dir={}", self.dir.display());
        if let Some(a) = &self.arch {
            println!("cargo:arch={a}");
        }
        if let Ok(inc) = std::env::join_paths(&self.include_dirs) {
            println!("cargo:include={}", inc.to_string_lossy());
        }
        if let Ok(libs) = std::env::join_paths(&self.lib_dirs) {
            println!("cargo:lib_dir={}", libs.to_string_lossy());
        }
        if let Ok(r) = std::env::join_paths(self.rpath_dirs()) {
            println!("cargo:rpath={}", r.to_string_lossy());
        }
        if let Some(c) = &self.config {
            println!("cargo:scalar={}", scalar_name(c.scalar));
            println!("cargo:precision={}", precision_name(c.precision));
            println!("cargo:index_bits={}", c.index_bits);
            let have: Vec<&str> = c.have.iter().map(String::as_str).collect();
            println!("cargo:have={}", have.join(","));
        }
    }
}

/// The versioned file behind `dir/name` (`libpetsc.so`): the target of a symlink in the
/// same directory, the file a linker script names (`INPUT(libpetsc.so.3.26)`, as in
/// PETSc's Python wheels), or a versioned copy beside a plain library (SLEPc's wheels).
/// `None` for a plain shared library alone, or anything else.
pub(crate) fn versioned_file(dir: &Path, name: &str) -> Option<String> {
    let path = dir.join(name);
    let meta = std::fs::symlink_metadata(&path).ok()?;
    let file = if meta.file_type().is_symlink() {
        let target = path.canonicalize().ok()?;
        if target.parent()? != dir.canonicalize().ok()? {
            return None;
        }
        target.file_name()?.to_string_lossy().into_owned()
    } else {
        let bytes = std::fs::read(&path).ok()?;
        if bytes.starts_with(b"\x7fELF") {
            // A plain copy (SLEPc's wheel has libslepc.so beside libslepc.so.3.26): the
            // versioned copy, if there is one.
            return versioned_copy(dir, name);
        }
        if bytes.len() > 4096 {
            return None;
        }
        let text = String::from_utf8(bytes).ok()?;
        let start = text.find("INPUT(").or_else(|| text.find("GROUP("))? + 6;
        let first = text[start..]
            .split(|c: char| c.is_whitespace() || c == ')')
            .find(|t| !t.is_empty())?;
        let first = Path::new(first).file_name()?.to_string_lossy().into_owned();
        if !dir.join(&first).is_file() {
            return None;
        }
        first
    };
    (file != name).then_some(file)
}

/// `name.N...` beside `dir/name` (`libslepc.so.3.26` for `libslepc.so`), the shortest
/// such name, when it is a regular file.
fn versioned_copy(dir: &Path, name: &str) -> Option<String> {
    let prefix = format!("{name}.");
    std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|f| f.starts_with(&prefix) && dir.join(f).is_file())
        .min_by_key(|f| (f.len(), f.clone()))
}

fn scalar_name(s: Scalar) -> &'static str {
    match s {
        Scalar::Real => "real",
        Scalar::Complex => "complex",
    }
}

fn precision_name(p: Precision) -> &'static str {
    match p {
        Precision::Half => "half",
        Precision::Single => "single",
        Precision::Double => "double",
        Precision::Quad => "quad",
    }
}

/// The external packages whose presence is a cfg (`<prefix>_have_<name>`): the ones the
/// safe layers call directly, so that a build without them still links.
pub const PACKAGE_CFGS: [&str; 6] = ["fftw", "hypre", "hdf5", "mumps", "superlu", "superlu_dist"];

/// The cfg names for a version and configuration: cumulative `<prefix>_3_<minor>` for every
/// known minor up to the one found, then `<prefix>_complex`, `<prefix>_int64`,
/// `<prefix>_single` where they apply, and `<prefix>_have_<package>` for each package of
/// [`PACKAGE_CFGS`] PETSc was built with.
///
/// ```
/// let v: petsc_sys_build::Version = "3.20.1".parse().unwrap();
/// let cfgs = petsc_sys_build::cfg_names("petsc", &v, None);
/// assert_eq!(cfgs.first().unwrap(), "petsc_3_15");
/// assert_eq!(cfgs.last().unwrap(), "petsc_3_20");
/// ```
pub fn cfg_names(prefix: &str, version: &Version, config: Option<&Config>) -> Vec<String> {
    let mut out: Vec<String> = KNOWN_MINORS
        .filter(|m| version.major > 3 || (version.major == 3 && *m <= version.minor))
        .map(|m| format!("{prefix}_3_{m}"))
        .collect();
    if let Some(c) = config {
        if c.scalar == Scalar::Complex {
            out.push(format!("{prefix}_complex"));
        }
        if c.index_bits == 64 {
            out.push(format!("{prefix}_int64"));
        }
        if c.precision == Precision::Single {
            out.push(format!("{prefix}_single"));
        }
        for p in PACKAGE_CFGS {
            if c.have.contains(&p.to_ascii_uppercase()) {
                out.push(format!("{prefix}_have_{p}"));
            }
        }
    }
    out
}

/// Declares every cfg this crate may emit (`cargo::rustc-check-cfg`).
pub fn emit_check_cfgs(prefix: &str) {
    let mut names: Vec<String> = KNOWN_MINORS.map(|m| format!("{prefix}_3_{m}")).collect();
    for s in ["complex", "int64", "single"] {
        names.push(format!("{prefix}_{s}"));
    }
    for p in PACKAGE_CFGS {
        names.push(format!("{prefix}_have_{p}"));
    }
    println!("cargo::rustc-check-cfg=cfg({})", names.join(", "));
}

/// Declares and prints the cfgs of [`cfg_names`].
pub fn emit_cfgs(prefix: &str, version: &Version, config: Option<&Config>) {
    emit_check_cfgs(prefix);
    for c in cfg_names(prefix, version, config) {
        println!("cargo:rustc-cfg={c}");
    }
}

/// In the build script of a crate that depends on a `links` crate, reads the metadata that
/// [`Install::emit_metadata`] printed (`DEP_<LINKS>_VERSION`, `_SCALAR`, ...) and emits the
/// same cfgs, without probing again. Returns the version and configuration.
pub fn cfgs_from_metadata_env(
    links: &str,
    prefix: &str,
) -> Result<(Version, Option<Config>), String> {
    let var = |k: &str| {
        let name = dep_var(links, k);
        println!("cargo:rerun-if-env-changed={name}");
        std::env::var(&name).map_err(|_| format!("{name} is not set"))
    };
    let (version, config) = config_from_metadata(var)?;
    emit_cfgs(prefix, &version, config.as_ref());
    Ok((version, config))
}

/// The version and configuration in `links` metadata, each key (`VERSION`, `SCALAR`,
/// `PRECISION`, `INDEX_BITS`, `HAVE`) read through `var`. No configuration when there is
/// no `SCALAR`.
pub(crate) fn config_from_metadata(
    var: impl Fn(&str) -> Result<String, String>,
) -> Result<(Version, Option<Config>), String> {
    let version: Version = var("VERSION")?.parse()?;
    let config = match var("SCALAR") {
        Ok(scalar) => Some(Config {
            scalar: if scalar == "complex" {
                Scalar::Complex
            } else {
                Scalar::Real
            },
            precision: match var("PRECISION")?.as_str() {
                "single" => Precision::Single,
                "quad" => Precision::Quad,
                "half" => Precision::Half,
                _ => Precision::Double,
            },
            index_bits: var("INDEX_BITS")?
                .parse()
                .map_err(|_| "DEP index_bits is not a number".to_string())?,
            have: var("HAVE")
                .unwrap_or_default()
                .split(',')
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
        }),
        Err(_) => None,
    };
    Ok((version, config))
}

/// The variable a dependent's build script reads the `key` of `links` metadata from:
/// `DEP_<LINKS>_<KEY>`, the `links` name upper-cased with `-` as `_` (`DEP_PETSC_RS_RPATH`).
fn dep_var(links: &str, key: &str) -> String {
    format!(
        "DEP_{}_{}",
        links.to_uppercase().replace('-', "_"),
        key.to_uppercase()
    )
}

/// The keys of the `links` metadata of [`Install::emit_metadata`] (and the loader
/// directory of [`Install::emit_link`]).
const METADATA_KEYS: [&str; 11] = [
    "version",
    "dir",
    "arch",
    "include",
    "lib_dir",
    "rpath",
    "scalar",
    "precision",
    "index_bits",
    "have",
    "loader_dir",
];

/// In the build script of a `links` crate that depends on another (petsc-rs, `links =
/// "petsc-rs"`, on petsc-sys, `links = "petsc"`), prints again the metadata that one
/// recorded (`DEP_<FROM>_<KEY>`), so a crate depending only on the first reads it as
/// its own (`DEP_PETSC_RS_RPATH`): cargo gives a build script the metadata of its
/// direct dependencies only.
///
/// ```no_run
/// // build.rs of petsc-rs
/// petsc_sys_build::reemit_metadata_env("petsc");
/// ```
pub fn reemit_metadata_env(from: &str) {
    for key in METADATA_KEYS {
        let name = dep_var(from, key);
        println!("cargo:rerun-if-env-changed={name}");
        if let Ok(value) = std::env::var(&name) {
            println!("cargo:{key}={value}");
        }
    }
}

/// In the build script of a crate with binaries (examples, tests, a program) that
/// depends on a `links` crate, gives those binaries the rpath the `links` crate recorded
/// (`DEP_<LINKS>_RPATH`): cargo applies a `rustc-link-arg` only to the package that
/// prints it, so the -sys crate's own rpath does not reach its dependents' binaries.
/// Prints nothing for a PETSc in the system's library directories.
///
/// `links` is `"petsc-rs"` (or `"slepc-rs"`) for a crate that depends on petsc-rs only,
/// which passes petsc-sys's metadata on; `"petsc"` (`"slepc"`) reads petsc-sys's
/// (slepc-sys's) own, for a crate that depends on it. Binaries started by `cargo run`
/// and `cargo test` find the libraries without it; this is for running them otherwise
/// (`mpiexec target/release/prog`).
///
/// ```no_run
/// // build.rs of a program using petsc-rs (petsc-sys-build as a build dependency)
/// petsc_sys_build::emit_rpath_from_metadata_env("petsc-rs");
/// ```
pub fn emit_rpath_from_metadata_env(links: &str) {
    let name = dep_var(links, "rpath");
    println!("cargo:rerun-if-env-changed={name}");
    if let Some(dirs) = std::env::var_os(&name) {
        for d in std::env::split_paths(&dirs) {
            if !d.as_os_str().is_empty() {
                println!("cargo:rustc-link-arg=-Wl,-rpath,{}", d.display());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versioned_files_behind_the_link_name() {
        let dir = std::env::temp_dir().join(format!("petsc-sys-build-vf-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("libpetsc.so.3.26"), b"\x7fELF...").unwrap();
        std::fs::write(dir.join("libpetsc.so"), "INPUT(libpetsc.so.3.26)\n").unwrap();
        assert_eq!(
            versioned_file(&dir, "libpetsc.so").as_deref(),
            Some("libpetsc.so.3.26")
        );
        std::fs::write(dir.join("libslepc.so.3.26.1"), b"\x7fELF...").unwrap();
        std::os::unix::fs::symlink("libslepc.so.3.26.1", dir.join("libslepc.so")).unwrap();
        assert_eq!(
            versioned_file(&dir, "libslepc.so").as_deref(),
            Some("libslepc.so.3.26.1")
        );
        std::fs::write(dir.join("libplain.so"), b"\x7fELF...").unwrap();
        assert_eq!(versioned_file(&dir, "libplain.so"), None);
        std::fs::write(dir.join("libcopy.so"), b"\x7fELF...").unwrap();
        std::fs::write(dir.join("libcopy.so.3.26"), b"\x7fELF...").unwrap();
        std::fs::write(dir.join("libcopy.so.3.26.1"), b"\x7fELF...").unwrap();
        assert_eq!(
            versioned_file(&dir, "libcopy.so").as_deref(),
            Some("libcopy.so.3.26")
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn cumulative_cfgs() {
        let v: Version = "3.18.5".parse().unwrap();
        let names = cfg_names("petsc", &v, None);
        assert!(names.contains(&"petsc_3_18".to_string()));
        assert!(!names.contains(&"petsc_3_19".to_string()));
        let c = crate::parse_conf_header(
            "#define PETSC_USE_COMPLEX 1\n#define PETSC_USE_REAL_DOUBLE 1\n#define PETSC_USE_64BIT_INDICES 1\n#define PETSC_HAVE_MUMPS 1",
        )
        .unwrap();
        let names = cfg_names("petsc", &v, Some(&c));
        assert!(names.contains(&"petsc_complex".to_string()));
        assert!(names.contains(&"petsc_int64".to_string()));
        assert!(names.contains(&"petsc_have_mumps".to_string()));
        assert!(!names.contains(&"petsc_have_hypre".to_string()));
    }
}
