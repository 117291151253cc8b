//! The search for an installation: each place tried, and what was found there.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::headers::{parse_conf_header, parse_version_header, Config, Version};

/// Which library to look for, and the names it goes by.
#[derive(Debug, Clone, Copy)]
pub struct Library {
    /// Display name (`"PETSc"`).
    pub name: &'static str,
    /// Environment variable naming its directory (`"PETSC_DIR"`).
    pub dir_var: &'static str,
    /// Macro prefix of the version header (`"PETSC"`).
    pub macro_prefix: &'static str,
    /// Version header (`"petscversion.h"`).
    pub version_header: &'static str,
    /// Configuration header, if the library has one of its own (`"petscconf.h"`).
    pub conf_header: Option<&'static str>,
    /// pkg-config package names, tried in order.
    pub pkg_config_names: &'static [&'static str],
    /// Debian's default installation directory.
    pub debian_default: &'static str,
    /// Prefix of the shared library's file name (`"petsc"` for `libpetsc*.so`).
    pub lib_stem: &'static str,
    /// Debian's directory of side-by-side builds (`/usr/lib/petscdir`), searched by
    /// [`Library::probe_built_on`].
    pub debian_dirs: &'static str,
}

/// Environment variable naming a directory under which Debian's default places
/// (`/usr/lib/petsc`, `/usr/lib/slepc`, `/usr/lib/slepcdir`) are looked for, in place of
/// `/`: with `PETSC_RS_DEBIAN_ROOT=/tmp/empty` the probe looks at `/tmp/empty/usr/lib/petsc`.
/// Meant for checks that must see no system installation (documentation builds).
pub const DEBIAN_ROOT_VAR: &str = "PETSC_RS_DEBIAN_ROOT";

/// A Debian default place (`/usr/lib/petsc`), under [`DEBIAN_ROOT_VAR`] when it is set.
pub(crate) fn debian_path(path: &str, env: &BTreeMap<String, String>) -> PathBuf {
    match env.get(DEBIAN_ROOT_VAR).filter(|r| !r.is_empty()) {
        Some(root) => Path::new(root).join(path.trim_start_matches('/')),
        None => PathBuf::from(path),
    }
}

impl Library {
    /// PETSc.
    pub const PETSC: Library = Library {
        name: "PETSc",
        dir_var: "PETSC_DIR",
        macro_prefix: "PETSC",
        version_header: "petscversion.h",
        conf_header: Some("petscconf.h"),
        pkg_config_names: &["PETSc", "petsc"],
        debian_default: "/usr/lib/petsc",
        lib_stem: "petsc",
        debian_dirs: "/usr/lib/petscdir",
    };

    /// SLEPc.
    pub const SLEPC: Library = Library {
        name: "SLEPc",
        dir_var: "SLEPC_DIR",
        macro_prefix: "SLEPC",
        version_header: "slepcversion.h",
        conf_header: None,
        pkg_config_names: &["SLEPc", "slepc"],
        debian_default: "/usr/lib/slepc",
        lib_stem: "slepc",
        debian_dirs: "/usr/lib/slepcdir",
    };

    /// Probes using the process environment, printing `rerun-if-env-changed` for every
    /// variable read and `rerun-if-changed` for the headers found.
    pub fn probe(&self) -> Result<Install, ProbeError> {
        for var in [
            self.dir_var,
            "PETSC_ARCH",
            "PKG_CONFIG_PATH",
            "PKG_CONFIG_LIBDIR",
            "MPICC",
            DEBIAN_ROOT_VAR,
        ] {
            println!("cargo:rerun-if-env-changed={var}");
        }
        let env: BTreeMap<String, String> = std::env::vars().collect();
        let install = self.probe_with(&env, true)?;
        for h in &install.headers {
            println!("cargo:rerun-if-changed={}", h.display());
        }
        Ok(install)
    }

    /// Probes with the given environment. `run_tools` allows running `pkg-config` and
    /// `mpicc`; unit tests switch it off to look only at fixture directories.
    pub fn probe_with(
        &self,
        env: &BTreeMap<String, String>,
        run_tools: bool,
    ) -> Result<Install, ProbeError> {
        let mut attempts = Vec::new();
        let arch = env.get("PETSC_ARCH").filter(|a| !a.is_empty()).cloned();
        match env.get(self.dir_var).filter(|d| !d.is_empty()) {
            Some(dir) => {
                let place = match &arch {
                    Some(a) => format!("{}={dir} with PETSC_ARCH={a}", self.dir_var),
                    None => format!("{}={dir}", self.dir_var),
                };
                return match self.inspect(Path::new(dir), arch.as_deref(), run_tools, env) {
                    Ok(mut i) => {
                        i.found_by = place;
                        Ok(i)
                    }
                    Err(reason) => Err(self.error(vec![Attempt { place, reason }])),
                };
            }
            None => attempts.push(Attempt {
                place: self.dir_var.to_string(),
                reason: "not set".into(),
            }),
        }
        for name in self.pkg_config_names {
            let place = format!("pkg-config {name}");
            if !run_tools {
                attempts.push(Attempt {
                    place,
                    reason: "not run".into(),
                });
                continue;
            }
            match pkg_config_prefix(name, env) {
                Ok(prefix) => match self.inspect(&prefix, None, run_tools, env) {
                    Ok(mut i) => {
                        i.found_by = format!("{place} (prefix {})", prefix.display());
                        return Ok(i);
                    }
                    Err(reason) => attempts.push(Attempt {
                        place: format!("{place} (prefix {})", prefix.display()),
                        reason,
                    }),
                },
                Err(reason) => attempts.push(Attempt { place, reason }),
            }
        }
        let default = debian_path(self.debian_default, env);
        let place = format!("Debian default {}", default.display());
        match self.inspect(&default, None, run_tools, env) {
            Ok(mut i) => {
                i.found_by = place;
                Ok(i)
            }
            Err(reason) => {
                attempts.push(Attempt { place, reason });
                Err(self.error(attempts))
            }
        }
    }

    fn error(&self, attempts: Vec<Attempt>) -> ProbeError {
        ProbeError {
            library: self.name,
            dir_var: self.dir_var,
            attempts,
            built_on: None,
        }
    }

    /// Looks at one installation prefix.
    pub(crate) fn inspect(
        &self,
        dir: &Path,
        arch: Option<&str>,
        run_tools: bool,
        env: &BTreeMap<String, String>,
    ) -> Result<Install, String> {
        if !dir.is_dir() {
            return Err(format!("{} is not a directory", dir.display()));
        }
        let arch_dir = match arch {
            Some(a) => dir.join(a),
            None => dir.to_path_buf(),
        };
        if arch.is_some() && !arch_dir.is_dir() {
            return Err(format!("{} is not a directory", arch_dir.display()));
        }
        let mut include_dirs = vec![dir.join("include")];
        if arch.is_some() {
            include_dirs.push(arch_dir.join("include"));
        }
        let find = |name: &str| {
            include_dirs
                .iter()
                .map(|d| d.join(name))
                .find(|p| p.is_file())
        };
        let version_path = find(self.version_header).ok_or_else(|| {
            format!(
                "no {} under {}",
                self.version_header,
                join_display(&include_dirs)
            )
        })?;
        let mut headers = vec![version_path.clone()];
        let text = read(&version_path)?;
        let version = parse_version_header(&text, self.macro_prefix)
            .map_err(|e| format!("{}: {e}", version_path.display()))?;
        let config = match self.conf_header {
            Some(conf) => {
                let path = find(conf)
                    .ok_or_else(|| format!("no {conf} under {}", join_display(&include_dirs)))?;
                let config = parse_conf_header(&read(&path)?)
                    .map_err(|e| format!("{}: {e}", path.display()))?;
                headers.push(path);
                Some(config)
            }
            None => None,
        };
        let lib_dir = arch_dir.join("lib");
        let libs = self.link_libs(&lib_dir)?;

        // Headers of PETSc's dependencies and of MPI.
        let mut extra = Vec::new();
        let variables = [
            arch_dir.join("lib/petsc/conf/petscvariables"),
            arch_dir.join("lib/slepc/conf/slepcvariables"),
        ]
        .into_iter()
        .find(|p| p.is_file())
        .map(|p| read(&p))
        .transpose()?
        .map(|t| parse_make_variables(&t))
        .unwrap_or_default();
        for key in ["PETSC_CC_INCLUDES", "MPI_INCLUDE", "SLEPC_INCLUDE"] {
            if let Some(v) = variables.get(key) {
                extra.extend(include_flags(v));
            }
        }
        if run_tools {
            // PETSc's own compiler wrapper first: MPICC may name another MPI (for rsmpi),
            // and then the check against rsmpi's MPI should see PETSc's headers.
            let mpicc = variables
                .get("PCC")
                .filter(|c| c.contains("mpi"))
                .cloned()
                .or_else(|| env.get("MPICC").cloned())
                .unwrap_or_else(|| "mpicc".into());
            if let Ok(out) = Command::new(&mpicc).arg("-show").output() {
                if out.status.success() {
                    extra.extend(include_flags(&String::from_utf8_lossy(&out.stdout)));
                }
            }
        }
        for d in extra {
            if !include_dirs.contains(&d) {
                include_dirs.push(d);
            }
        }
        Ok(Install {
            library: self.name,
            dir: dir.to_path_buf(),
            arch: arch.map(str::to_string),
            include_dirs,
            lib_dirs: vec![lib_dir],
            libs,
            version,
            config,
            headers,
            found_by: String::new(),
        })
    }

    /// The libraries to link: from `lib/pkgconfig/<name>.pc` when present, else the
    /// first `lib<stem>*.so` (or `.a`) in `lib_dir`.
    fn link_libs(&self, lib_dir: &Path) -> Result<Vec<String>, String> {
        for name in self.pkg_config_names {
            let pc = lib_dir.join("pkgconfig").join(format!("{name}.pc"));
            if pc.is_file() {
                let libs: Vec<String> = pc_field(&read(&pc)?, "Libs")
                    .split_whitespace()
                    .filter_map(|f| f.strip_prefix("-l"))
                    .map(str::to_string)
                    .collect();
                if !libs.is_empty() {
                    return Ok(libs);
                }
            }
        }
        let mut names: Vec<String> = std::fs::read_dir(lib_dir)
            .map_err(|e| format!("cannot read {}: {e}", lib_dir.display()))?
            .filter_map(|e| e.ok())
            .filter_map(|e| e.file_name().into_string().ok())
            .filter_map(|f| {
                let stem = f
                    .strip_suffix(".so")
                    .or_else(|| f.strip_suffix(".a"))
                    .or_else(|| f.strip_suffix(".dylib"))?;
                let lib = stem.strip_prefix("lib")?;
                lib.starts_with(self.lib_stem).then(|| lib.to_string())
            })
            .collect();
        names.sort();
        names.dedup();
        // `libpetsc.so` before `libpetsc_real.so`, and never `libpetscfoo` of another library.
        names.retain(|n| n == self.lib_stem || n.starts_with(&format!("{}_", self.lib_stem)));
        names.into_iter().next().map(|n| vec![n]).ok_or_else(|| {
            format!(
                "no lib{}*.so or lib{}*.a in {}",
                self.lib_stem,
                self.lib_stem,
                lib_dir.display()
            )
        })
    }
}

/// One place the probe looked, and why it was not used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempt {
    /// Where (`PETSC_DIR=/opt/petsc`, `pkg-config PETSc`, ...).
    pub place: String,
    /// Why it failed.
    pub reason: String,
}

/// Nothing usable was found; lists each place tried.
#[derive(Debug, Clone)]
pub struct ProbeError {
    /// The library looked for.
    pub library: &'static str,
    /// Its directory variable.
    pub dir_var: &'static str,
    /// Every place tried, in order.
    pub attempts: Vec<Attempt>,
    /// For SLEPc: the PETSc it had to be built on (`"PETSc 3.18.5 at /usr/lib/petscdir/..."`).
    pub built_on: Option<String>,
}

impl fmt::Display for ProbeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.built_on {
            Some(petsc) => writeln!(
                f,
                "could not find a {} built on {petsc}. Places tried:",
                self.library
            )?,
            None => writeln!(f, "could not find {}. Places tried:", self.library)?,
        }
        for (i, a) in self.attempts.iter().enumerate() {
            writeln!(f, "  {}. {}: {}", i + 1, a.place, a.reason)?;
        }
        if self.built_on.is_some() {
            writeln!(
                f,
                "Install the {} built on that PETSc: on Debian or Ubuntu the package of the same \
                 build (libslepc-real<3.X>-dev for libpetsc-real<3.X>-dev, libslepc-complex<3.X>-dev, \
                 libslepc64-real<3.X>-dev), or `bash ci/install-deps.sh` in petsc-rs's repository",
                self.library
            )?;
        } else {
            writeln!(
                f,
                "To install on Debian or Ubuntu: apt-get install libpetsc-real-dev libslepc-real-dev libclang-dev \
                 (or `bash ci/install-deps.sh` in petsc-rs's repository)"
            )?;
        }
        write!(
            f,
            "To use another build: export {}=/path/to/{} (and PETSC_ARCH=<arch> for an in-place build)",
            self.dir_var,
            self.library.to_lowercase()
        )
    }
}

impl std::error::Error for ProbeError {}

/// A found installation.
#[derive(Debug, Clone)]
pub struct Install {
    /// `"PETSc"` or `"SLEPc"`.
    pub library: &'static str,
    /// The installation directory.
    pub dir: PathBuf,
    /// `PETSC_ARCH`, for an in-place build.
    pub arch: Option<String>,
    /// Include directories: the library's own first, then its dependencies' and MPI's.
    pub include_dirs: Vec<PathBuf>,
    /// Library directories.
    pub lib_dirs: Vec<PathBuf>,
    /// Library names to link (`petsc_real`).
    pub libs: Vec<String>,
    /// Version from the version header.
    pub version: Version,
    /// Configuration from `petscconf.h` (PETSc only).
    pub config: Option<Config>,
    /// The headers that were read.
    pub headers: Vec<PathBuf>,
    /// Which place of the search found it.
    pub found_by: String,
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

fn join_display(dirs: &[PathBuf]) -> String {
    dirs.iter()
        .map(|d| d.display().to_string())
        .collect::<Vec<_>>()
        .join(" or ")
}

/// `pkg-config --variable=prefix NAME`, with `PKG_CONFIG_PATH` and `PKG_CONFIG_LIBDIR`
/// as `env` has them.
pub(crate) fn pkg_config_prefix(
    name: &str,
    env: &BTreeMap<String, String>,
) -> Result<PathBuf, String> {
    let mut cmd = Command::new("pkg-config");
    cmd.args(["--variable=prefix", name]);
    for var in ["PKG_CONFIG_PATH", "PKG_CONFIG_LIBDIR"] {
        match env.get(var) {
            Some(v) => cmd.env(var, v),
            None => cmd.env_remove(var),
        };
    }
    let out = cmd
        .output()
        .map_err(|e| format!("cannot run pkg-config: {e}"))?;
    let prefix = String::from_utf8_lossy(&out.stdout).trim().to_string();
    if !out.status.success() || prefix.is_empty() {
        return Err("package not found".into());
    }
    Ok(PathBuf::from(prefix))
}

/// Expands `${var}` in a `.pc` file's field.
fn pc_field(text: &str, field: &str) -> String {
    let mut vars = BTreeMap::new();
    let mut value = String::new();
    for line in text.lines() {
        let line = line.trim();
        if let Some((k, v)) = line.split_once('=') {
            if !k.contains(':') && !k.contains(' ') {
                let v = expand(v.trim(), &vars);
                vars.insert(k.trim().to_string(), v);
                continue;
            }
        }
        if let Some(v) = line.strip_prefix(&format!("{field}:")) {
            value = expand(v.trim(), &vars);
        }
    }
    value
}

fn expand(s: &str, vars: &BTreeMap<String, String>) -> String {
    let mut out = s.to_string();
    for (k, v) in vars {
        out = out.replace(&format!("${{{k}}}"), v);
    }
    out
}

fn parse_make_variables(text: &str) -> BTreeMap<String, String> {
    text.lines()
        .filter_map(|l| l.split_once(" = ").or_else(|| l.split_once('=')))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect()
}

fn include_flags(flags: &str) -> Vec<PathBuf> {
    flags
        .split_whitespace()
        .filter_map(|f| f.strip_prefix("-I"))
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture::{env, Fixture};

    const VERSION: &str = "#define PETSC_VERSION_MAJOR 3\n#define PETSC_VERSION_MINOR 21\n#define PETSC_VERSION_SUBMINOR 2\n";

    #[test]
    fn in_place_build_with_arch() {
        let f = Fixture::new("arch");
        f.file("include/petscversion.h", VERSION);
        f.file(
            "arch-opt/include/petscconf.h",
            "#define PETSC_USE_REAL_DOUBLE 1\n#define PETSC_USE_64BIT_INDICES 1\n#define PETSC_HAVE_MUMPS 1\n",
        );
        f.file(
            "arch-opt/lib/pkgconfig/PETSc.pc",
            "prefix=/x\nlibdir=${prefix}/lib\nLibs: -L${libdir} -lpetsc\nCflags: -I${prefix}/include\n",
        );
        f.file(
            "arch-opt/lib/petsc/conf/petscvariables",
            "MPI_INCLUDE = -I/opt/mpich/include\nPCC = mpicc\n",
        );
        let dir = f.0.to_str().unwrap();
        let i = Library::PETSC
            .probe_with(
                &env(&[("PETSC_DIR", dir), ("PETSC_ARCH", "arch-opt")]),
                false,
            )
            .unwrap();
        assert_eq!(i.version.to_string(), "3.21.2");
        let c = i.config.unwrap();
        assert_eq!(c.index_bits, 64);
        assert!(c.have.contains("MUMPS"));
        assert_eq!(i.libs, vec!["petsc".to_string()]);
        assert_eq!(i.lib_dirs, vec![f.0.join("arch-opt/lib")]);
        assert!(i
            .include_dirs
            .contains(&PathBuf::from("/opt/mpich/include")));
        assert!(i.found_by.contains("PETSC_ARCH=arch-opt"));
    }

    #[test]
    fn prefix_install_library_found_by_file_name() {
        let f = Fixture::new("prefix");
        f.file("include/petscversion.h", VERSION);
        f.file("include/petscconf.h", "#define PETSC_USE_REAL_SINGLE 1\n");
        f.file("lib/libpetsc_real.so", "");
        f.file("lib/libpetscfoo.so", "");
        let dir = f.0.to_str().unwrap();
        let i = Library::PETSC
            .probe_with(&env(&[("PETSC_DIR", dir)]), false)
            .unwrap();
        assert_eq!(i.libs, vec!["petsc_real".to_string()]);
    }

    #[test]
    fn wrong_petsc_dir_stops_with_its_reason() {
        let f = Fixture::new("broken");
        f.file("include/petscversion.h", VERSION);
        let dir = f.0.to_str().unwrap();
        let e = Library::PETSC
            .probe_with(&env(&[("PETSC_DIR", dir)]), false)
            .unwrap_err();
        let msg = e.to_string();
        assert_eq!(e.attempts.len(), 1);
        assert!(msg.contains("no petscconf.h"), "{msg}");
        assert!(msg.contains(&format!("PETSC_DIR={dir}")), "{msg}");
        assert!(msg.contains("apt-get install libpetsc-real-dev"), "{msg}");

        let e = Library::PETSC
            .probe_with(&env(&[("PETSC_DIR", "/nonexistent/petsc")]), false)
            .unwrap_err();
        assert!(e
            .to_string()
            .contains("/nonexistent/petsc is not a directory"));
    }

    #[test]
    fn nothing_found_lists_every_place() {
        let lib = Library {
            debian_default: "/nonexistent/default",
            ..Library::PETSC
        };
        let e = lib.probe_with(&env(&[]), false).unwrap_err();
        let places: Vec<&str> = e.attempts.iter().map(|a| a.place.as_str()).collect();
        assert_eq!(
            places,
            vec![
                "PETSC_DIR",
                "pkg-config PETSc",
                "pkg-config petsc",
                "Debian default /nonexistent/default"
            ]
        );
        let msg = e.to_string();
        assert!(
            msg.starts_with("could not find PETSc. Places tried:"),
            "{msg}"
        );
        assert!(msg.contains("1. PETSC_DIR: not set"), "{msg}");
        assert!(
            msg.contains(
                "4. Debian default /nonexistent/default: /nonexistent/default is not a directory"
            ),
            "{msg}"
        );
        assert!(msg.contains("export PETSC_DIR="), "{msg}");
    }

    #[test]
    fn debian_default_under_another_root() {
        let f = Fixture::new("debian-root");
        f.file("usr/lib/petsc/include/petscversion.h", VERSION);
        f.file(
            "usr/lib/petsc/include/petscconf.h",
            "#define PETSC_USE_REAL_DOUBLE 1\n",
        );
        f.file("usr/lib/petsc/lib/libpetsc_real.so", "");
        let root = f.0.to_str().unwrap();
        let i = Library::PETSC
            .probe_with(&env(&[(DEBIAN_ROOT_VAR, root)]), false)
            .unwrap();
        assert_eq!(i.dir, f.0.join("usr/lib/petsc"));
        assert_eq!(
            i.found_by,
            format!("Debian default {}", f.0.join("usr/lib/petsc").display())
        );
        let e = Library::PETSC
            .probe_with(&env(&[(DEBIAN_ROOT_VAR, "/nonexistent")]), false)
            .unwrap_err();
        assert!(e
            .to_string()
            .contains("4. Debian default /nonexistent/usr/lib/petsc: /nonexistent/usr/lib/petsc is not a directory"));
    }

    #[test]
    fn pc_expansion_and_flags() {
        let pc = "prefix=/usr/lib/petscdir/x\nlibdir=${prefix}/lib\nName: PETSc\nLibs: -L${libdir} -lpetsc_real\n";
        assert_eq!(
            pc_field(pc, "Libs"),
            "-L/usr/lib/petscdir/x/lib -lpetsc_real"
        );
        assert_eq!(
            include_flags("gcc -I/a -I/b/c -L/d -lmpi"),
            vec![PathBuf::from("/a"), PathBuf::from("/b/c")]
        );
    }
}
